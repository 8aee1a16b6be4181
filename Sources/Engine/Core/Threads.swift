import CBLAS
import Foundation

/// How many threads the BLAS kernels use (`torch.set_num_threads`). nnrepl starts with one:
/// the matrices of a lesson are small, and OpenBLAS's worker threads otherwise spin in
/// `sched_yield` between calls (measured: ~16% of a training step's time).
public enum ComputeThreads {
    nonisolated(unsafe) public private(set) static var count: Int = {
        openblas_set_num_threads(1)
        return 1
    }()

    /// The count PyTorch's results depend on (its kernels split work, and with it the order of
    /// sums and the vector/scalar boundary, by `torch.get_num_threads()`): what
    /// `torch.set_num_threads` set, else PyTorch's default — `OMP_NUM_THREADS`, else one per
    /// CPU — so that nnrepl's numbers are a default PyTorch session's, however many threads
    /// actually compute them.
    nonisolated(unsafe) public private(set) static var numericCount: Int = {
        if let s = ProcessInfo.processInfo.environment["OMP_NUM_THREADS"], let n = Int(s), n > 0 { return n }
        return Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    public static func set(_ n: Int) {
        count = Swift.max(1, n)
        numericCount = count
        openblas_set_num_threads(Int32(count))
    }

    /// Applies the default before the first product.
    static func ensureConfigured() { _ = count }
}
