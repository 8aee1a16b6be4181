import CKernels

/// Matrix products called exactly as ATen calls its BLAS (MKL's sgemm in PyTorch's CPU wheel):
/// the same transposes, the same leading dimensions, the bias already in C with beta = 1. MKL
/// 2024.2 then returns PyTorch's bits; OpenBLAS (the fallback) returns close values.

/// `at::native::cpublas::gemm` for float32: column-major C[m×n] = alpha·op(A)·op(B) + beta·C,
/// with ATen's normalisation of leading dimensions for degenerate sizes. For callers that lay
/// out their own matrices, as ATen's slow_conv2d does.
public func cpublasGemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    var lda = lda, ldb = ldb, ldc = ldc
    // internal::normalize_last_dims
    if n == 1 { ldc = m }
    if transA { if m == 1 { lda = k } } else if k == 1 { lda = m }
    if transB { if k == 1 { ldb = n } } else if n == 1 { ldb = k }
    ComputeThreads.ensureConfigured()
    nk_sgemm(transA ? 84 : 78, transB ? 84 : 78, Int64(m), Int64(n), Int64(k), alpha, a, Int64(lda), b, Int64(ldb), beta, c, Int64(ldc))
}

/// The float64 twin of cpublasGemm (MKL's dgemm in PyTorch's build).
public func cpublasGemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
    var lda = lda, ldb = ldb, ldc = ldc
    if n == 1 { ldc = m }
    if transA { if m == 1 { lda = k } } else if k == 1 { lda = m }
    if transB { if k == 1 { ldb = n } } else if n == 1 { ldb = k }
    ComputeThreads.ensureConfigured()
    nk_dgemm(transA ? 84 : 78, transB ? 84 : 78, Int64(m), Int64(n), Int64(k), alpha, a, Int64(lda), b, Int64(ldb), beta, c, Int64(ldc))
}

/// `addmm_impl_cpu_`: result = beta·result + alpha·(m1 @ m2) for 2-D float32 or float64
/// tensors of any strides (result must already hold the bias when beta ≠ 0). The result's
/// layout decides whether the column-major product is computed as is or transposed; operands
/// that are neither row- nor column-major are copied.
public func addmmInto(_ result: Tensor, _ m1In: Tensor, _ m2In: Tensor, beta: Double, alpha: Double) throws {
    precondition(result.dtype == .float32 || result.dtype == .float64, "addmmInto: \(result.dtype) result")
    let rs = result.shape, rst = result.strides
    if result.numel == 0 { return }
    if m1In.shape[1] == 0 {
        if beta == 0 { result.fillRaw(.int(0)) } else if beta != 1 {
            copyElements(from: try GradMode.with(false) { try mul(.tensor(result), .scalar(.float(beta))) },
                         srcStrides: contiguousStrides(rs), to: result, shape: rs)
        }
        return
    }
    var m1 = m1In, m2 = m2In
    var transC = false
    var c = result
    if rst[0] == 1 && (rs[1] == 1 || rst[1] >= Swift.max(1, rs[0])) {
        transC = false
    } else if rst[1] == 1 && (rs[0] == 1 || rst[0] >= Swift.max(1, rs[1])) {
        swap(&m1, &m2)
        transC = true
    } else {
        // make c Fortran-contiguous
        c = try result.t().contiguousCopy().t()
    }
    let m = rs[transC ? 1 : 0], n = rs[transC ? 0 : 1], k = m1.shape[transC ? 0 : 1]
    let i0 = transC ? 1 : 0, i1 = transC ? 0 : 1
    var a = m1, transA = false
    if m1.strides[i0] == 1 && m1.strides[i1] >= Swift.max(1, m) {
        transA = false
    } else if m1.strides[i1] == 1 && m1.strides[i0] >= Swift.max(1, k) {
        transA = true
    } else {
        transA = !transC
        a = try m1.contiguousCopy()
    }
    var b = m2, transB = false
    if m2.strides[i0] == 1 && m2.strides[i1] >= Swift.max(1, k) {
        transB = false
    } else if m2.strides[i1] == 1 && m2.strides[i0] >= Swift.max(1, n) {
        transB = true
    } else {
        transB = !transC
        b = try m2.contiguousCopy()
    }
    let lda = a.strides[transA == transC ? 1 : 0]
    let ldb = b.strides[transB == transC ? 1 : 0]
    let ldc = c.strides[transC ? 0 : 1]
    if result.dtype == .float64 {
        cpublasGemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a.doublePointer, lda: lda,
                    b: b.doublePointer, ldb: ldb, beta: beta, c: c.doublePointer, ldc: ldc)
    } else {
        cpublasGemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: Float(alpha), a: a.floatPointer, lda: lda,
                    b: b.floatPointer, ldb: ldb, beta: Float(beta), c: c.floatPointer, ldc: ldc)
    }
    withExtendedLifetime((a, b)) {}
    if c !== result { copyElements(from: c, srcStrides: c.strides, to: result, shape: rs) }
}
