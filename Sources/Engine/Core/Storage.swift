import Foundation

/// A flat, reference-counted block of elements shared by a tensor and all its views.
public final class Storage {
    public let bytes: UnsafeMutableRawPointer
    public let byteCount: Int

    /// Allocates `count` elements of `dtype`, zero-filled when `zeroed`. Fails with PyTorch's
    /// allocator message, before touching memory, when the request exceeds what the machine has.
    public init(count: Int, dtype: DType, zeroed: Bool) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        guard !overflow, count >= 0 else {
            throw TorchError.runtime("Storage size calculation overflowed with sizes=[\(count)]")
        }
        if bytes > Storage.allocationLimit || MemoryBudget.wouldExceed(bytes) {
            throw MemoryBudget.allocatorError(bytes)
        }
        byteCount = bytes
        // At least one byte so the pointer is always valid.
        let raw = zeroed ? calloc(max(bytes, 1), 1) : malloc(max(bytes, 1))
        guard let raw else { throw MemoryBudget.allocatorError(bytes) }
        self.bytes = raw
    }

    /// Memory owned elsewhere (kernel scratch buffers); never freed by this storage.
    init(unowned bytes: UnsafeMutableRawPointer, byteCount: Int) {
        self.bytes = bytes
        self.byteCount = byteCount
        owned = false
    }

    private var owned = true

    deinit { if owned { free(bytes) } }

    /// Requests above this many bytes fail up front, whatever the session cap
    /// (`MemoryBudget.cap`) says: malloc on Linux overcommits, so a huge request would
    /// "succeed" and the process would be killed later while filling it.
    nonisolated(unsafe) public static var allocationLimit: Int = {
        Int(min(ProcessInfo.processInfo.physicalMemory / 4 * 3, UInt64(Int.max)))
    }()
}

/// Counts in-place modifications of a tensor's data; shared by a tensor and its views (and by
/// `detach()`), but not by `.data`, which is how writes through `.data` stay invisible to autograd.
public final class VersionCounter {
    public var value: Int = 0
    public init() {}
}
