import CAllocator
import Foundation

/// A flat, reference-counted block of elements shared by a tensor and all its views.
public final class Storage {
    public let bytes: UnsafeMutableRawPointer
    public let byteCount: Int
    /// Allocated inside `torch.inference_mode()`: its tensors (and their views) are inference tensors.
    public private(set) var isInference = false

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
        // From the caching allocator: a training step reuses the blocks the previous one freed.
        guard let raw = nn_storage_alloc(bytes, zeroed ? 1 : 0) else { throw MemoryBudget.allocatorError(bytes) }
        self.bytes = raw
        isInference = GradMode.inferenceDepth > 0
    }

    /// Memory owned elsewhere (kernel scratch buffers); never freed by this storage.
    init(unowned bytes: UnsafeMutableRawPointer, byteCount: Int) {
        self.bytes = bytes
        self.byteCount = byteCount
        owned = false
    }

    private var owned = true

    deinit { if owned { nn_storage_free(bytes, byteCount) } }

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

/// Counters of the tensor-storage cache (`Sources/CAllocator/StorageCache.c`).
public struct StorageCacheStatistics {
    /// Blocks obtained from the OS so far; constant in a steady training loop.
    public let osAllocations: Int
    /// Allocations served from freed blocks.
    public let cacheHits: Int
    /// Bytes of freed blocks kept for reuse.
    public let cachedBytes: Int
    /// Bytes of blocks in use (rounded up to their size classes).
    public let liveBytes: Int

    public static var current: StorageCacheStatistics {
        let s = nn_storage_get_stats()
        return StorageCacheStatistics(osAllocations: Int(s.os_allocations), cacheHits: Int(s.cache_hits),
                                      cachedBytes: Int(s.cached_bytes), liveBytes: Int(s.live_bytes))
    }
}
