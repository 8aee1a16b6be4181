import CKernels

/// Sums of float32 and float64 tensors as ATen's cascade sum computes them (reduce.c,
/// reduce_f64.c): in the order TensorIterator visits the input's memory, split between threads
/// as a default PyTorch session would split them, so the last bit is PyTorch's.
enum CascadeSum {
    /// The sum over `dims` (sorted, distinct); the result has the input's rank (kept dims).
    static func sum(_ x: Tensor, dims: [Int]) throws -> Tensor {
        precondition(x.dtype == .float32 || x.dtype == .float64, "CascadeSum: \(x.dtype)")
        var kept = x.shape
        for d in dims { kept[d] = 1 }
        let out = try Tensor(shape: kept, dtype: x.dtype, zeroed: true)
        if x.numel == 0 { return out }
        let threads = Int32(ComputeThreads.numericCount)
        let double = x.dtype == .float64
        if x.ndim == 0 {
            if double { out.doublePointer[0] = 0 + x.doublePointer[0] } else { out.floatPointer[0] = 0 + x.floatPointer[0] }
            return out
        }
        if x.isContiguous && dims.count == x.ndim {
            if double { out.doublePointer[0] = nk_sum_f64(x.doublePointer, Int64(x.numel), threads) } else {
                out.floatPointer[0] = nk_sum_f32(x.floatPointer, Int64(x.numel), threads)
            }
            return out
        }
        var outStrides = out.strides
        for d in dims { outStrides[d] = 0 }
        let shape = x.shape.map(Int64.init), strides = x.strides.map(Int64.init), os = outStrides.map(Int64.init)
        if double {
            nk_sum_strided_f64(x.doublePointer, Int32(x.ndim), shape, strides, os, out.doublePointer, threads)
        } else {
            nk_sum_strided_f32(x.floatPointer, Int32(x.ndim), shape, strides, os, out.floatPointer, threads)
        }
        return out
    }
}
