import CKernels

/// Matrix products called exactly as ATen calls its BLAS (MKL's sgemm in PyTorch's CPU wheel):
/// the same transposes, the same leading dimensions, the bias already in C with beta = 1. MKL
/// 2024.2 then returns PyTorch's bits; OpenBLAS (the fallback) returns close values.

/// `at::native::cpublas::gemm` for float32: column-major C[m×n] = alpha·op(A)·op(B) + beta·C,
/// with ATen's normalisation of leading dimensions for degenerate sizes. For callers that lay
/// out their own matrices, as ATen's slow_conv2d does. A big product runs in pieces that check
/// Ctrl-C between them (`GemmPieces`); an interrupted product leaves C partly written.
public func cpublasGemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) throws {
    var lda = lda, ldb = ldb, ldc = ldc
    // internal::normalize_last_dims
    if n == 1 { ldc = m }
    if transA { if m == 1 { lda = k } } else if k == 1 { lda = m }
    if transB { if k == 1 { ldb = n } } else if n == 1 { ldb = k }
    ComputeThreads.ensureConfigured()
    let (ta, tb): (CChar, CChar) = (transA ? 84 : 78, transB ? 84 : 78)
    try GemmPieces.run(transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc) { p in
        nk_sgemm(ta, tb, Int64(p.m), Int64(p.n), Int64(k), alpha, a + p.a, Int64(lda), b + p.b, Int64(ldb),
                 beta, c + p.c, Int64(ldc))
    }
}

/// The float64 twin of cpublasGemm (MKL's dgemm in PyTorch's build).
public func cpublasGemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) throws {
    var lda = lda, ldb = ldb, ldc = ldc
    if n == 1 { ldc = m }
    if transA { if m == 1 { lda = k } } else if k == 1 { lda = m }
    if transB { if k == 1 { ldb = n } } else if n == 1 { ldb = k }
    ComputeThreads.ensureConfigured()
    // One call, not pieces: MKL's dgemm sums some elements in another order when given a block
    // of C's columns (ComputePiecesTests found 1–2% of the elements 1 ulp off for several
    // shapes), so a float64 product would no longer be PyTorch's bits. Ctrl-C waits for it.
    nk_dgemm(transA ? 84 : 78, transB ? 84 : 78, Int64(m), Int64(n), Int64(k), alpha, a, Int64(lda), b, Int64(ldb),
             beta, c, Int64(ldc))
}

/// A big matrix product in pieces, so that Ctrl-C stops it within a fraction of a second: one
/// BLAS call on 6000×6000 matrices takes seconds and cannot be stopped inside. The pieces are
/// blocks of C — first of rows or of columns (whichever dimension is longer), then, when those
/// strips would still be too much work (square products above ~2048²), of both — and each
/// piece is the same BLAS routine on the same operands with the same leading dimensions and
/// the whole k: every element of C is still one dot product over k, and MKL's sgemm sums it in
/// the same order for a block of C as for the whole when the block is big (at least
/// `minimumWidth` each way), so the result is bit for bit the one-call result (k is never
/// split: that would change the sums). `EngineTests.ComputePiecesTests` compares split and
/// whole products bit for bit. float32 only: MKL's dgemm does not keep its order for blocks
/// (see the float64 cpublasGemm).
public enum GemmPieces {
    /// Multiply-adds per piece: 2^30 is about 20 ms of MKL sgemm on this 2-core machine
    /// (40–60 ms while it is loaded). Tests lower it to split small products.
    nonisolated(unsafe) public static var workPerPiece = 1 << 30
    /// A piece keeps at least this many rows and columns (or all of them), so that it stays a
    /// big product for BLAS (the same packed kernels as the whole, not a small-matrix path).
    nonisolated(unsafe) public static var minimumWidth = 256

    /// Element offsets of one piece into A, B and C, and its size.
    public struct Piece { public let a, b, c, m, n: Int }

    public static func run(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int,
                           _ body: (Piece) -> Void) throws {
        let (work, overflow) = m.multipliedReportingOverflow(by: n)
        let (total, overflow2) = work.multipliedReportingOverflow(by: Swift.max(k, 1))
        let per = Swift.max(workPerPiece, 1)
        let wanted = overflow || overflow2 ? Int.max : total / per + (total % per == 0 ? 0 : 1)
        let minimum = Swift.max(minimumWidth, 1)
        // Strips along the longer dimension first; blocks across the other only when needed.
        let rowsFirst = m > n
        let longPieces = Swift.min(wanted, Swift.max(rowsFirst ? m : n, 1) / minimum)
        let shortWanted = longPieces > 0 ? wanted / longPieces + (wanted % longPieces == 0 ? 0 : 1) : 1
        let shortPieces = Swift.min(shortWanted, Swift.max(rowsFirst ? n : m, 1) / minimum)
        let rowPieces = Swift.max(rowsFirst ? longPieces : shortPieces, 1)
        let columnPieces = Swift.max(rowsFirst ? shortPieces : longPieces, 1)
        guard rowPieces * columnPieces > 1 else { return body(Piece(a: 0, b: 0, c: 0, m: m, n: n)) }
        // Widths rounded up to a multiple of 64 (whole register blocks of the kernels); a
        // remainder narrower than the minimum joins the piece before it.
        func width(_ length: Int, _ pieces: Int) -> Int { ((length + pieces - 1) / pieces + 63) / 64 * 64 }
        func next(_ start: Int, _ width: Int, _ length: Int) -> Int {
            let w = Swift.min(width, length - start)
            return length - start - w < minimum ? length - start : w
        }
        let rowWidth = width(m, rowPieces), columnWidth = width(n, columnPieces)
        var first = true
        var column = 0
        while column < n {
            let w = next(column, columnWidth, n)
            var row = 0
            while row < m {
                if !first { try checkInterrupt() }
                first = false
                let h = next(row, rowWidth, m)
                // Rows row..<row+h of op(A), columns column..<column+w of op(B), C column-major.
                body(Piece(a: transA ? row * lda : row, b: transB ? column : column * ldb,
                           c: row + column * ldc, m: h, n: w))
                row += h
            }
            column += w
        }
    }
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
        try cpublasGemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a.doublePointer, lda: lda,
                    b: b.doublePointer, ldb: ldb, beta: beta, c: c.doublePointer, ldc: ldc)
    } else {
        try cpublasGemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: Float(alpha), a: a.floatPointer, lda: lda,
                    b: b.floatPointer, ldb: ldb, beta: Float(beta), c: c.floatPointer, ldc: ldc)
    }
    withExtendedLifetime((a, b)) {}
    if c !== result { copyElements(from: c, srcStrides: c.strides, to: result, shape: rs) }
}
