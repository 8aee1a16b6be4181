import CKernels

/// float64 counterparts of the float32 kernels where PyTorch's build calls a library: MKL VML
/// for elementwise math and dgemm for products (ATen's own loops need no library here).
enum F64 {
    typealias Unary = (UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, Int64) -> Void

    /// y = f(x) over x's elements in row-major order.
    static func map(_ x: Tensor, _ kernel: Unary) throws -> Tensor {
        let src = x.dtype == .float64 && x.isContiguous ? x : try x.contiguousCopy(dtype: .float64)
        let out = try Tensor(shape: x.shape, dtype: .float64, zeroed: false)
        if out.numel > 0 { kernel(src.doublePointer, out.doublePointer, Int64(out.numel)) }
        return out
    }
}
