import CKernels

/// `torch.linalg.svd` on CPU: LAPACK's gesdd (MKL's when loaded, as ATen calls it) on a
/// column-major copy of each matrix, with gesdd's own workspace query. Returns U, S and Vh;
/// U and Vh are column-major views as ATen leaves them. Float32 and float64; a batch is done
/// matrix by matrix. No autograd node (SvdBackward) is built: inputs that need a gradient are
/// refused by the caller.
public func svd(_ a: Tensor, fullMatrices: Bool, computeUV: Bool) throws -> (u: Tensor, s: Tensor, vh: Tensor) {
    guard a.shape.count >= 2 else {
        throw TorchError.runtime("linalg.svd: The input tensor A must have at least 2 dimensions.")
    }
    guard a.dtype == .float32 || a.dtype == .float64 else {
        throw TorchError.runtime("linalg.svd: Expected a floating point or complex tensor as input. Got \(a.dtype.scalarName)")
    }
    let m = a.shape[a.shape.count - 2], n = a.shape[a.shape.count - 1], k = min(m, n)
    let batchShape = Array(a.shape.dropLast(2)), batch = batchShape.reduce(1, *)
    let uCols = fullMatrices ? m : k, vRows = fullMatrices ? n : k
    let jobz: CChar = !computeUV ? CChar(UInt8(ascii: "N")) : CChar(UInt8(ascii: fullMatrices ? "A" : "S"))
    // Column-major A = row-major Aᵀ; U (m×uCols, ld m) is stored as row-major Uᵀ, Vh (vRows×n, ld vRows) as row-major Vhᵀ.
    let colMajor = try a.transpose(-2, -1).contiguousCopy(dtype: a.dtype)
    let s = try Tensor(shape: batchShape + [k], dtype: a.dtype)
    let ut = try Tensor(shape: batchShape + [computeUV ? uCols : 0, computeUV ? m : 0], dtype: a.dtype)
    let vht = try Tensor(shape: batchShape + [computeUV ? n : 0, computeUV ? vRows : 0], dtype: a.dtype)
    if m > 0 && n > 0 {
        for b in 0..<batch {
            let info: Int32
            if a.dtype == .float64 {
                info = nk_dgesdd(jobz, Int64(m), Int64(n), colMajor.doublePointer + b * m * n, s.doublePointer + b * k,
                                 computeUV ? ut.doublePointer + b * m * uCols : nil, Int64(m),
                                 computeUV ? vht.doublePointer + b * vRows * n : nil, Int64(max(vRows, 1)))
            } else {
                info = nk_sgesdd(jobz, Int64(m), Int64(n), colMajor.floatPointer + b * m * n, s.floatPointer + b * k,
                                 computeUV ? ut.floatPointer + b * m * uCols : nil, Int64(m),
                                 computeUV ? vht.floatPointer + b * vRows * n : nil, Int64(max(vRows, 1)))
            }
            if info > 0 {
                throw TorchError.runtime("linalg.svd: The algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated singular values (error code: \(info)).")
            }
        }
    }
    return (try ut.transpose(-2, -1), s, try vht.transpose(-2, -1))
}

/// `torch.linalg.qr(A)` (mode 'reduced') on CPU: LAPACK geqrf then orgqr on a column-major
/// copy, as ATen calls them (MKL's when loaded). Q is m×k and R k×n, k = min(m, n); both are
/// column-major views as ATen leaves them. Float32 and float64 matrices; no autograd node.
public func qr(_ a: Tensor) throws -> (q: Tensor, r: Tensor) {
    guard a.shape.count == 2 else { throw TorchError.runtime("linalg.qr: nnrepl supports 2-D inputs only") }
    guard a.dtype == .float32 || a.dtype == .float64 else {
        throw TorchError.runtime("linalg.qr: Expected a floating point or complex tensor as input. Got \(a.dtype.scalarName)")
    }
    let m = a.shape[0], n = a.shape[1], k = min(m, n)
    let colMajor = try a.transpose(0, 1).contiguousCopy(dtype: a.dtype)   // n×m row-major = A column-major
    let rt = try Tensor(shape: [n, k], dtype: a.dtype)                      // Rᵀ row-major = R column-major
    if m > 0 && n > 0 {
        let info = a.dtype == .float64 ? nk_dqr(Int64(m), Int64(n), colMajor.doublePointer, rt.doublePointer)
                                       : nk_sqr(Int64(m), Int64(n), colMajor.floatPointer, rt.floatPointer)
        if info != 0 { throw TorchError.runtime("linalg.qr: LAPACK error \(info)") }
    }
    let q = try colMajor.narrow(0, start: 0, length: k).transpose(0, 1)
    return (q, try rt.transpose(0, 1))
}
