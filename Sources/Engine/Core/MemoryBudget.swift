import CAllocator
import CLimits
import Foundation

/// The session's memory cap. Linux overcommits: a huge request "succeeds" and the OOM killer
/// ends the whole session later while the memory is filled, taking the learner's work with it.
/// So every large allocation (tensor storage, a list built from a range, a repeated string) asks
/// here first and fails with PyTorch's or Python's error while the session is still healthy, and
/// the evaluator polls the resident size so that memory grown a little at a time (a list
/// appended to in a loop) ends in MemoryError too.
public enum MemoryBudget {
    /// Bytes the process may hold: `NNREPL_MAX_MEMORY` (a byte count, or with a K/M/G/T suffix)
    /// or, by default, half of physical memory — the rest is left to the OS and other programs.
    nonisolated(unsafe) public static var cap: Int = parseCap(ProcessInfo.processInfo.environment["NNREPL_MAX_MEMORY"])
        ?? Int(min(ProcessInfo.processInfo.physicalMemory / 2, UInt64(Int.max)))

    /// A size like "8G", "512M", "1000000"; nil when absent or not a positive size.
    public static func parseCap(_ text: String?) -> Int? {
        guard var t = text?.trimmingCharacters(in: .whitespaces).uppercased(), !t.isEmpty else { return nil }
        if t.hasSuffix("B") { t.removeLast() }
        var scale = 1
        if let last = t.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4][String(last)] {
            scale = 1 << (10 * power)
            t.removeLast()
        }
        guard let n = Double(t), n > 0, n * Double(scale) < Double(Int.max) else { return nil }
        return Int(n * Double(scale))
    }

    /// The resident set size now, or 0 when the platform does not say.
    public static var residentBytes: Int { max(nn_resident_bytes(), 0) }

    /// Whether `bytes` more would go over the cap. Small requests are not checked one by one
    /// (reading the resident size costs a system call); the evaluator's poll covers them.
    public static func wouldExceed(_ bytes: Int) -> Bool {
        if bytes < 0 || bytes > cap { return true }
        if bytes < 1 << 20 { return false }
        func over() -> Bool {
            let (total, overflow) = residentBytes.addingReportingOverflow(bytes)
            return overflow || total > cap
        }
        // The storage cache's free blocks count as resident: give them back before refusing.
        guard over() else { return false }
        nn_storage_release_cache()
        return over()
    }

    /// Whether the process already holds more than the cap (the evaluator's periodic check),
    /// after returning the storage cache's free blocks to the OS.
    public static var isOverCap: Bool {
        guard residentBytes > cap else { return false }
        nn_storage_release_cache()
        return residentBytes > cap
    }

    /// The errors `Storage` would raise for a tensor of `shape` with `itemSize`-byte elements,
    /// raised before any work: for ops that build index arrays or lists of parts sized by
    /// their output (`repeat`) before allocating the output itself.
    public static func check(shape: [Int], itemSize: Int) throws {
        var count = 1, overflow = false
        for d in shape {
            let (c, o) = count.multipliedReportingOverflow(by: Swift.max(d, 0))
            count = c; overflow = overflow || o
        }
        let (bytes, o) = count.multipliedReportingOverflow(by: itemSize)
        if overflow || o { throw TorchError.runtime("Storage size calculation overflowed with sizes=[\(shape.map(String.init).joined(separator: ", "))]") }
        if bytes > Storage.allocationLimit || wouldExceed(bytes) { throw allocatorError(bytes) }
    }

    /// PyTorch's CPU allocator failure, word for word (c10/core/impl/alloc_cpu.cpp on Linux).
    public static func allocatorError(_ bytes: Int) -> TorchError {
        TorchError.runtime("[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate \(bytes) bytes. Error code 12 (Cannot allocate memory)")
    }
}

/// The stack left on this thread: deep recursion anywhere in the evaluator (a long chain of
/// operators, a deeply nested list's repr, mutually recursive builtins) stops with
/// RecursionError while there is still room to report it.
public enum StackBudget {
    /// Bytes kept free for the error path and for library code called near the limit
    /// (sorting, printing, BLAS), generous because debug builds use large frames.
    public static let reserve = 512 << 10

    @inline(__always)
    public static var isLow: Bool { nn_stack_remaining() < reserve }
}
