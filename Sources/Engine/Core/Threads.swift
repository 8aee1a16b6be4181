import CBLAS
import COneDNN
import Foundation

/// How many threads the compute libraries use (`torch.set_num_threads`): OpenBLAS's pool and
/// oneDNN's OpenMP threads, always together. nnrepl starts with one, where PyTorch starts with
/// one per core: a lesson's tensors are small, one thread gives the same timings run after run
/// (`%timeit`, the benchmarks), and OpenBLAS's idle workers otherwise spin in `sched_yield`
/// between calls (measured: ~16% of a training step). `torch.set_num_threads(2)` is what a
/// wide convolution wants. Results do not depend on the count, except where PyTorch's own do
/// (1x1 convolutions switch to oneDNN with more than one thread, as in aten).
public enum ComputeThreads {
    nonisolated(unsafe) public private(set) static var count: Int = {
        openblas_set_num_threads(1)
        nn_dnnl_set_num_threads(1)
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
        // oneDNN applies it on the thread that runs the next primitive (OpenMP's thread count
        // is per calling thread) and creates primitives for the new count.
        nn_dnnl_set_num_threads(Int32(count))
    }

    /// Applies the default before the first product.
    static func ensureConfigured() { _ = count }
}
