import CKernels

/// `linalg.inv` and `linalg.det` as ATen computes them on CPU: an LU factorisation by LAPACK's
/// getrf (MKL's, as in PyTorch's build; OpenBLAS's without MKL), then getrs for the inverse
/// (ATen solves A X = I) and the product of U's diagonal with the permutation's sign for the
/// determinant. For the determinant ATen factors `A.mT()` when A is contiguous (its row-major
/// memory is Aᵀ in LAPACK's column-major order, so no copy is needed); the inverse factors a
/// column-major copy of A. The same choices are made here, since the two factorisations round
/// differently.
struct LUFactorization {
    /// Column-major factors, one n×n block per matrix of the batch.
    let factors: Tensor
    /// LAPACK's 1-based pivots, n per matrix.
    let pivots: [Int32]
    /// getrf's info per matrix (k > 0: U[k, k] is exactly zero).
    let info: [Int32]
    /// The factors are those of Aᵀ (A was contiguous).
    let ofTranspose: Bool
    let n: Int
    let count: Int

    /// `factorTransposeIfContiguous`: ATen's `linalg_det` factors `A.mT()` for a contiguous A;
    /// `linalg_inv` (PyTorch 2.15, checked against its output) factors A itself.
    init(_ a: Tensor, factorTransposeIfContiguous: Bool) throws {
        let n = a.shape[a.ndim - 1]
        let count = n == 0 ? 0 : a.numel / (n * n)
        let ofTranspose = factorTransposeIfContiguous && a.isContiguous
        let f = try GradMode.with(false) {
            ofTranspose ? try a.contiguousCopy() : try a.transpose(a.ndim - 2, a.ndim - 1).contiguousCopy()
        }
        var piv = [Int32](repeating: 0, count: count * n)
        var inf = [Int32](repeating: 0, count: count)
        let n32 = Int32(n)
        piv.withUnsafeMutableBufferPointer { p in
            for m in 0..<count {
                if f.dtype == .float64 {
                    nk_dgetrf(n32, f.pointer(Double.self) + m * n * n, n32, p.baseAddress! + m * n, &inf[m])
                } else {
                    nk_sgetrf(n32, f.pointer(Float.self) + m * n * n, n32, p.baseAddress! + m * n, &inf[m])
                }
            }
        }
        self.n = n; self.count = count; self.ofTranspose = ofTranspose
        factors = f; pivots = piv; info = inf
    }

    /// Solves A X = B (or Aᵀ X = B with `transposeA`) for each matrix; `b` holds column-major
    /// right-hand sides (n×n per matrix) and is overwritten with X.
    func solve(_ b: Tensor, transposeA: Bool) {
        // Factors of Aᵀ: A X = B is (Aᵀ)ᵀ X = B, getrs's 'T'.
        let trans: CChar = (ofTranspose != transposeA) ? CChar(UInt8(ascii: "T")) : CChar(UInt8(ascii: "N"))
        let n32 = Int32(n), n = self.n, count = self.count, factors = self.factors
        pivots.withUnsafeBufferPointer { p in
            for m in 0..<count {
                if factors.dtype == .float64 {
                    nk_dgetrs(trans, n32, n32, factors.pointer(Double.self) + m * n * n, n32, p.baseAddress! + m * n, b.pointer(Double.self) + m * n * n, n32)
                } else {
                    nk_sgetrs(trans, n32, n32, factors.pointer(Float.self) + m * n * n, n32, p.baseAddress! + m * n, b.pointer(Float.self) + m * n * n, n32)
                }
            }
        }
    }
}

/// The (…, n, n) checks `linalg.inv` and `linalg.det` share, in ATen's order.
private func checkSquareFloating(_ a: Tensor, _ op: String) throws {
    guard a.ndim >= 2 else { throw TorchError.runtime("\(op): The input tensor A must have at least 2 dimensions.") }
    let r = a.shape[a.ndim - 2], c = a.shape[a.ndim - 1]
    guard r == c else { throw TorchError.runtime("\(op): A must be batches of square matrices, but they are \(r) by \(c) matrices") }
    guard a.dtype == .float32 || a.dtype == .float64 else {
        throw TorchError.notImplemented("\(op): Expected a floating point or complex tensor as input. Got \(a.dtype.scalarName)")
    }
}

/// Column-major identity blocks for a batch shaped like `a` (the right-hand side of A X = I).
private func identityBlocks(like a: Tensor, count: Int, n: Int) throws -> Tensor {
    let b = try Tensor(shape: a.shape, dtype: a.dtype, zeroed: true)
    for m in 0..<count {
        for i in 0..<n {
            if a.dtype == .float64 { b.pointer(Double.self)[m * n * n + i * n + i] = 1 } else { b.pointer(Float.self)[m * n * n + i * n + i] = 1 }
        }
    }
    return b
}

/// Column-major n×n blocks as a (…, n, n) tensor: the transposed view of their row-major
/// reading, so the result has ATen's column-major strides (`inv(A).stride() == (1, n)`).
private func columnMajorResult(_ blocks: Tensor) throws -> Tensor {
    try GradMode.with(false) { try blocks.transpose(blocks.ndim - 2, blocks.ndim - 1) }
}

/// `torch.linalg.inv(A)` (LinalgInvExBackward0: −A⁻ᵀ (G A⁻ᵀ)).
public func linalgInv(_ a: Tensor) throws -> Tensor {
    try checkSquareFloating(a, "linalg.inv")
    let lu = try LUFactorization(a, factorTransposeIfContiguous: false)
    for (m, k) in lu.info.enumerated() where k > 0 {
        let batch = a.ndim > 2 ? "(Batch element \(m)): " : ""
        throw TorchError(.linAlgError, "linalg.inv: \(batch)The diagonal element \(k) is zero, the inversion could not be completed because the input matrix is singular.")
    }
    let x = try identityBlocks(like: a, count: lu.count, n: lu.n)
    lu.solve(x, transposeA: false)
    let out = try columnMajorResult(x)
    return out.recordingFormula("LinalgInvExBackward0", inputs: [a], savingResult: "LinalgInvExBackward0") { saved, g, _ in
        let inv = saved[0]
        let invH = try inv.transpose(inv.ndim - 2, inv.ndim - 1)
        return [try neg(try matmul(invH, try matmul(g, invH)))]
    }
}

/// `torch.linalg.det(A)` / `torch.det(A)` (LinalgDetBackward0: grad · det · A⁻ᵀ, solved with the
/// same factors as ATen's `linalg_lu_solve(LU, pivots, diag(grad·det), adjoint: !use_A_T)`).
public func linalgDet(_ a: Tensor) throws -> Tensor {
    try checkSquareFloating(a, "linalg.det")
    let lu = try LUFactorization(a, factorTransposeIfContiguous: true)
    let batchShape = Array(a.shape.dropLast(2))
    let out = try Tensor(shape: batchShape, dtype: a.dtype, zeroed: false)
    let n = lu.n
    for m in 0..<lu.count {
        // ATen: det_P (the permutation's sign, from how many pivots moved a row) times
        // prod(diagonal(LU)), the product taken in order.
        var swaps = 0
        for i in 0..<n where lu.pivots[m * n + i] != Int32(i + 1) { swaps += 1 }
        if a.dtype == .float64 {
            let f = lu.factors.pointer(Double.self) + m * n * n
            var p = 1.0
            for i in 0..<n { p *= f[i * n + i] }
            out.pointer(Double.self)[m] = (swaps % 2 == 0 ? 1.0 : -1.0) * p
        } else {
            let f = lu.factors.pointer(Float.self) + m * n * n
            var p: Float = 1
            for i in 0..<n { p *= f[i * n + i] }
            out.pointer(Float.self)[m] = (swaps % 2 == 0 ? 1 : -1) * p
        }
    }
    let shape = a.shape
    return out.recordingFormula("LinalgDetBackward0", inputs: [a], savingResult: "LinalgDetBackward0") { saved, g, _ in
        let det = try saved[0].contiguousCopy()
        if n == 0 { return [try Tensor(shape: shape, dtype: g.dtype, zeroed: true)] }
        let d = try (g.dtype == det.dtype ? g : g.to(det.dtype)).contiguousCopy()
        let rhs = try Tensor(shape: shape, dtype: det.dtype, zeroed: true)
        for m in 0..<lu.count {
            if lu.info[m] > 0 {
                throw TorchError.notImplemented("the gradient of det at a singular matrix is not supported by nnrepl")
            }
            for i in 0..<n {
                if det.dtype == .float64 {
                    rhs.pointer(Double.self)[m * n * n + i * n + i] = d.pointer(Double.self)[m] * det.pointer(Double.self)[m]
                } else {
                    rhs.pointer(Float.self)[m * n * n + i * n + i] = d.pointer(Float.self)[m] * det.pointer(Float.self)[m]
                }
            }
        }
        // A⁻ᵀ D: solve Aᵀ X = D.
        lu.solve(rhs, transposeA: true)
        return [try columnMajorResult(rhs)]
    }
}
