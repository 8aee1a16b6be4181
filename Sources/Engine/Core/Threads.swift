import CBLAS

/// How many threads the BLAS kernels use (`torch.set_num_threads`). nnrepl starts with one:
/// the matrices of a lesson are small, and OpenBLAS's worker threads otherwise spin in
/// `sched_yield` between calls (measured: ~16% of a training step's time).
public enum ComputeThreads {
    nonisolated(unsafe) public private(set) static var count: Int = {
        openblas_set_num_threads(1)
        return 1
    }()

    public static func set(_ n: Int) {
        count = Swift.max(1, n)
        openblas_set_num_threads(Int32(count))
    }

    /// Applies the default before the first product.
    static func ensureConfigured() { _ = count }
}
