import CBLAS
import CKernels

/// Matrix products: mm, addmm, bmm, matmul, dot, mv, linear — each reaching BLAS (MKL's sgemm,
/// sgemv, sdot in PyTorch's build) the way ATen does (Backend/ATenGemm.swift), so results are
/// PyTorch's bits; the backward products follow autograd's formulas, layout checks included.

/// out[m×n] = alpha * a[m×k] @ b[k×n] + beta * out (ATen's addmm_impl_cpu_).
func gemm(_ a: Tensor, _ b: Tensor, into out: Tensor, alpha: Float = 1, beta: Float = 0) throws {
    try addmmInto(out, a, b, beta: beta, alpha: alpha)
}

/// out += a @ b computed in double precision (for long reductions where float32 accumulation
/// drifts visibly from PyTorch's blocked kernels, e.g. a conv weight gradient over a 30×30 map).
func gemmAccumulateInDouble(_ a: Tensor, _ b: Tensor, into out: Tensor) throws {
    let m = a.shape[0], k = a.shape[1], n = b.shape[1]
    if m == 0 || n == 0 || k == 0 { return }
    let ac = try a.contiguousCopyIfNeeded(), bc = try b.contiguousCopyIfNeeded()
    var ad = [Double](repeating: 0, count: m * k), bd = [Double](repeating: 0, count: k * n)
    var cd = [Double](repeating: 0, count: m * n)
    for i in 0..<(m * k) { ad[i] = Double(ac.floatPointer[i]) }
    for i in 0..<(k * n) { bd[i] = Double(bc.floatPointer[i]) }
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, ad, Int32(k), bd, Int32(n), 0, &cd, Int32(n))
    for i in 0..<(m * n) { out.floatPointer[i] = Float(Double(out.floatPointer[i]) + cd[i]) }
}

func checkMatmulTypes(_ a: Tensor, _ b: Tensor) throws {
    guard a.dtype == b.dtype else {
        throw TorchError.runtime("expected m1 and m2 to have the same dtype, but got: \(a.dtype.scalarName.lowercased()) != \(b.dtype.scalarName.lowercased())")
    }
    guard a.dtype == .float32 else {
        throw TorchError.runtime("\"addmm_impl_cpu_\" not implemented for '\(a.dtype.scalarName)'")
    }
}

/// Raw product of two 2-D tensors, no history.
func mmRaw(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let out = try Tensor(shape: [a.shape[0], b.shape[1]], dtype: .float32, zeroed: false)
    try gemm(a, b, into: out)
    return out
}

/// `torch.mm(a, b)`.
public func mm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.ndim == 2 else { throw TorchError.runtime("self must be a matrix") }
    guard b.ndim == 2 else { throw TorchError.runtime("mat2 must be a matrix") }
    guard a.shape[1] == b.shape[0] else {
        throw TorchError.runtime("mm: mat1 and mat2 shapes cannot be multiplied (\(a.shape[0])x\(a.shape[1]) and \(b.shape[0])x\(b.shape[1]))")
    }
    if a.dtype != b.dtype {
        throw TorchError.runtime("mat1 and mat2 must have the same dtype, but got \(a.dtype.scalarName) and \(b.dtype.scalarName)")
    }
    if a.dtype == .int64 { return try intMatmul(a, b) }
    try checkMatmulTypes(a, b)
    return try mmRaw(a, b).recording(MmBackward0(a: a, b: b), inputs: [a, b])
}

/// `torch.addmm(bias, a, b, beta, alpha)`: beta * bias + alpha * (a @ b), bias broadcast.
public func addmm(_ bias: Tensor, _ a: Tensor, _ b: Tensor, beta: Float = 1, alpha: Float = 1) throws -> Tensor {
    guard a.ndim == 2, b.ndim == 2 else { throw TorchError.runtime("mat1 must be a matrix, got \(a.ndim)-D tensor") }
    guard a.shape[1] == b.shape[0] else {
        throw TorchError.runtime("addmm: mat1 and mat2 shapes cannot be multiplied (\(a.shape[0])x\(a.shape[1]) and \(b.shape[0])x\(b.shape[1]))")
    }
    if a.dtype != b.dtype {
        throw TorchError.runtime("mat1 and mat2 must have the same dtype, but got \(a.dtype.scalarName) and \(b.dtype.scalarName)")
    }
    try checkMatmulTypes(a, b)
    let shape = [a.shape[0], b.shape[1]]
    let out = try Tensor(shape: shape, dtype: .float32, zeroed: false)
    let bb = try broadcastShapes(shape, bias.shape)
    guard bb == shape else {
        throw TorchError.runtime("The expanded size of the tensor (\(shape[1])) must match the existing size (\(bias.shape.last ?? 0)) at non-singleton dimension 1.  Target sizes: \(shapeList(shape)).  Tensor sizes: \(shapeList(bias.shape))")
    }
    // ATen copies the (expanded) bias into the result and lets the GEMM add the product (beta·C).
    if beta != 0 { copyElements(from: try bias.to(.float32), srcStrides: broadcastStrides(of: bias, to: shape), to: out, shape: shape) }
    try gemm(a, b, into: out, alpha: alpha, beta: beta)
    return out.recording(AddmmBackward0(biasShape: bias.shape, a: a, b: b, alpha: alpha, beta: beta), inputs: [bias, a, b])
}

/// `torch.bmm(a, b)`: batched [B×n×m] @ [B×m×p].
public func bmm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.ndim == 3 else { throw TorchError.runtime("batch1 must be a 3D tensor") }
    guard b.ndim == 3 else { throw TorchError.runtime("batch2 must be a 3D tensor") }
    guard a.shape[0] == b.shape[0] && a.shape[2] == b.shape[1] else {
        throw TorchError.runtime("Expected size for first two dimensions of batch2 tensor to be: [\(a.shape[0]), \(a.shape[2])] but got: [\(b.shape[0]), \(b.shape[1])].")
    }
    try checkMatmulTypes(a, b)
    return try bmmRaw(a, b).recording(BmmBackward0(a: a, b: b), inputs: [a, b])
}

/// ATen's bmm for float32 (bmm_out_or_baddbmm_): tiny products (k·m·n < 400) in a plain loop;
/// batches of row- or column-major items in one MKL batch call; others item by item.
func bmmRaw(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let batch = a.shape[0], m = a.shape[1], k = a.shape[2], n = b.shape[2]
    let out = try Tensor(shape: [batch, m, n], dtype: .float32, zeroed: true)
    if out.numel == 0 { return out }
    if k == 0 { return out }
    if k * m * n < 400 {
        let (sa, sb) = (a.strides, b.strides)
        let pa = a.floatPointer, pb = b.floatPointer, po = out.floatPointer
        for bi in 0..<batch {
            for i in 0..<m {
                for j in 0..<n {
                    var acc: Float = 0
                    for kk in 0..<k { acc += pa[bi * sa[0] + i * sa[1] + kk * sa[2]] * pb[bi * sb[0] + kk * sb[1] + j * sb[2]] }
                    po[(bi * m + i) * n + j] = acc
                }
            }
        }
        return out
    }
    func itemsContiguousOrTransposed(_ t: Tensor) -> Bool {
        let sz = t.shape, st = t.strides
        return (st[2] == 1 && (sz[1] == 1 || st[1] >= sz[2])) || (st[1] == 1 && (sz[2] == 1 || st[2] >= sz[1]))
    }
    if itemsContiguousOrTransposed(a) && itemsContiguousOrTransposed(b) {
        // baddbmm_with_gemm_: the column-major product out^T = b^T a^T, one group of `batch` items.
        let transA = b.strides[1] == 1 && b.strides[2] >= b.shape[1]
        let transB = a.strides[1] == 1 && a.strides[2] >= a.shape[1]
        var lda = b.strides[transA ? 2 : 1], ldb = a.strides[transB ? 2 : 1], ldc = out.strides[1]
        if batch == 1 {
            cpublasGemm(transA: transA, transB: transB, m: n, n: m, k: k, alpha: 1, a: b.floatPointer, lda: lda,
                        b: a.floatPointer, ldb: ldb, beta: 0, c: out.floatPointer, ldc: ldc)
            return out
        }
        if m == 1 { ldc = n }
        if transA { if n == 1 { lda = k } } else if k == 1 { lda = n }
        if transB { if k == 1 { ldb = m } } else if m == 1 { ldb = k }
        ComputeThreads.ensureConfigured()
        nk_sgemm_batch_strided(transA ? 84 : 78, transB ? 84 : 78, Int64(batch), Int64(n), Int64(m), Int64(k), 1,
                               b.floatPointer, Int64(lda), Int64(b.strides[0]), a.floatPointer, Int64(ldb), Int64(a.strides[0]),
                               0, out.floatPointer, Int64(ldc), Int64(out.strides[0]))
        return out
    }
    try GradMode.with(false) {
        for i in 0..<batch {
            try gemm(try a.select(0, i), try b.select(0, i), into: try out.select(0, i))
        }
    }
    return out
}

/// `torch.dot` for float32 vectors: MKL's sdot with the vectors' strides (ATen's dot_impl).
func dotRaw(_ a: Tensor, _ b: Tensor) -> Tensor {
    let n = a.shape[0]
    var x = a, y = b
    if n > 1 && x.strides[0] <= 0 { x = (try? x.contiguousCopy()) ?? x }
    if n > 1 && y.strides[0] <= 0 { y = (try? y.contiguousCopy()) ?? y }
    var incx = x.strides[0], incy = y.strides[0]
    if n == 1 { incx = 1; incy = 1 }
    ComputeThreads.ensureConfigured()
    let r = Tensor(scalar: n == 0 ? 0 : nk_sdot(Int64(n), x.floatPointer, Int64(incx), y.floatPointer, Int64(incy)))
    withExtendedLifetime((x, y)) {}
    return r
}

/// `torch.mv` for float32: MKL's sgemv on the matrix as stored (ATen's addmv_impl_cpu).
func mvRaw(_ mat: Tensor, _ vec: Tensor) throws -> Tensor {
    let (rows, cols) = (mat.shape[0], mat.shape[1])
    let out = try Tensor(shape: [rows], dtype: .float32, zeroed: true)
    if rows == 0 || cols == 0 { return out }
    func ldOK(_ m: Int, _ n: Int, _ ld: Int) -> Bool { n == 1 || ld >= Swift.max(1, m) }
    var a = mat, trans: CChar = 84, m = cols, n = rows, lda = mat.strides[0]
    if mat.strides[0] == 1 && ldOK(rows, cols, mat.strides[1]) {
        trans = 78; m = rows; n = cols; lda = mat.strides[1]
    } else if !(mat.strides[1] == 1 && ldOK(cols, rows, mat.strides[0])) {
        a = try mat.contiguousCopy(); lda = a.strides[0]
    }
    // BLAS wants a positive increment; an expanded vector (stride 0) is read from a copy.
    let v = vec.strides[0] > 0 ? vec : try vec.contiguousCopy()
    ComputeThreads.ensureConfigured()
    nk_sgemv(trans, Int64(m), Int64(n), 1, a.floatPointer, Int64(Swift.max(lda, 1)), v.floatPointer, Int64(v.strides[0]),
             0, out.floatPointer, 1)
    withExtendedLifetime((a, v)) {}
    return out
}

/// Whether `torch.matmul` folds the batch of the larger operand into matrix rows and calls mm/mv
/// (ATen's should_fold) instead of bmm.
func shouldFold(_ a: Tensor, _ b: Tensor) throws -> Bool {
    let aLarger = a.ndim >= b.ndim
    let t1 = aLarger ? a : try b.transpose(-2, -1)
    let dimT2 = aLarger ? b.ndim : a.ndim
    guard t1.ndim >= 3 && dimT2 <= 2 else { return false }
    // A smaller operand that requires grad is always folded (its gradient stays a plain matrix).
    if (aLarger ? b : a).requiresGrad && GradMode.isEnabled { return true }
    if a.ndim == 2 { return false }
    if t1.numel == 0 { return true }
    for i in 0..<(t1.ndim - 2) where t1.strides[i] != t1.strides[i + 1] * t1.shape[i + 1] { return false }
    return true
}

/// `a @ b` / `torch.matmul`, following ATen's _matmul_impl.
public func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.ndim > 0, b.ndim > 0 else {
        throw TorchError.runtime("both arguments to matmul need to be at least 1D, but they are \(a.ndim)D and \(b.ndim)D")
    }
    switch (a.ndim, b.ndim) {
    case (1, 1):
        guard a.shape[0] == b.shape[0] else {
            throw TorchError.runtime("inconsistent tensor size, expected tensor [\(a.shape[0])] and src [\(b.shape[0])] to have the same number of elements, but got \(a.shape[0]) and \(b.shape[0]) elements respectively")
        }
        try checkMatmulTypes(a, b)
        return dotRaw(a, b).recording(DotBackward0(a: a, b: b), inputs: [a, b])
    case (2, 1):
        guard a.shape[1] == b.shape[0] else {
            throw TorchError.runtime("size mismatch, got input (\(a.shape[0])), mat (\(a.shape[0])x\(a.shape[1])), vec (\(b.shape[0]))")
        }
        try checkMatmulTypes(a, b)
        return try mvRaw(a, b).recording(MvBackward0(a: a, b: b), inputs: [a, b])
    case (1, 2):
        let r = try mm(try a.unsqueeze(0), b).squeeze(0)
        r.gradFn?.displayName = "SqueezeBackward4"
        return r
    case (2, 2):
        return try mm(a, b)
    default:
        if try shouldFold(a, b) {
            // Fold the larger operand's batch into rows: one mm (or mv), viewed back.
            let transpose = b.ndim > a.ndim
            let t1 = transpose ? try b.transpose(-2, -1) : a
            let t2 = !transpose ? b : (a.ndim == 2 ? try a.t() : a)
            var outShape = Array(t1.shape.dropLast())
            if t2.ndim == 2 { outShape.append(t2.shape[1]) }
            let folded = try t1.reshape([outShape.prefix(t1.ndim - 1).reduce(1, *), t1.shape.last!])
            let product = t2.ndim == 2 ? try mm(folded, t2) : try matmul(folded, t2)
            let out = try product.unsafeView(outShape)
            return transpose ? try out.transpose(-2, -1).contiguous() : out
        }
        // Batched: broadcast the batch dims, fold them, bmm, unfold.
        let a2 = a.ndim == 1 ? try a.unsqueeze(0) : a
        let b2 = b.ndim == 1 ? try b.unsqueeze(1) : b
        let n = a2.shape[a2.ndim - 2], k = a2.shape[a2.ndim - 1]
        let k2 = b2.shape[b2.ndim - 2], p = b2.shape[b2.ndim - 1]
        guard k == k2 else {
            throw TorchError.runtime("Expected size for first two dimensions of batch2 tensor to be: [\(a2.shape.dropLast(2).reduce(1, *)), \(k)] but got: [\(b2.shape.dropLast(2).reduce(1, *)), \(k2)].")
        }
        let batch = try broadcastShapes(Array(a2.shape.dropLast(2)), Array(b2.shape.dropLast(2)))
        let bcount = batch.reduce(1, *)
        let ae = try a2.expand(batch + [n, k]).reshape([bcount, n, k])
        let be = try b2.expand(batch + [k, p]).reshape([bcount, k, p])
        var out = try bmm(ae, be).unsafeView(batch + [n, p])
        if a.ndim == 1 { out = try out.squeeze(-2) }
        if b.ndim == 1 { out = try out.squeeze(-1) }
        return out
    }
}

/// `F.linear(x, weight, bias)` as ATen's linear: addmm for a 2-D input with bias (AddmmBackward0
/// with a TBackward0 input); a contiguous input of another rank with a 1-D bias is flattened to
/// rows for the same addmm and unflattened (UnsafeViewBackward0); otherwise matmul, then the
/// bias added (so that product is not fused with the bias).
public func linear(_ x: Tensor, _ weight: Tensor, _ bias: Tensor?) throws -> Tensor {
    guard x.ndim >= 1 else {
        throw TorchError.runtime("both arguments to linear need to be at least 1D, but they are 0D and 2D")
    }
    let wt = try weight.t()
    if x.ndim == 2, let bias { return try addmm(bias, x, wt) }
    if let bias, x.isContiguous, bias.ndim == 1 {
        let k = x.shape[x.ndim - 1]
        let y = try addmm(bias, try x.reshape([-1, k]), wt)
        return try y.unsafeView(Array(x.shape.dropLast()) + [weight.shape[0]])
    }
    let out = try matmul(x, wt)
    if let bias { return try add(.tensor(out), .tensor(bias)) }
    return out
}

/// Integer matrix product (exact, no BLAS, no gradient).
func intMatmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
    let x = try a.contiguousCopy(), y = try b.contiguousCopy()
    let out = try Tensor.zeros([m, n], dtype: .int64)
    for i in 0..<m {
        for p in 0..<k {
            let v = x.int64Pointer[i * k + p]
            for j in 0..<n { out.int64Pointer[i * n + j] &+= v &* y.int64Pointer[p * n + j] }
        }
    }
    return out
}

// MARK: backward nodes

/// ATen's mm_mat1_backward: grad @ mat2ᵀ, computed transposed when mat1 was column-major.
func mmMat1Backward(_ grad: Tensor, _ mat2: Tensor, mat1Shape: [Int], mat1Strides: [Int]) throws -> Tensor {
    if mat1Strides[0] == 1 && mat1Strides[1] == mat1Shape[0] {
        return try mmRaw(mat2, try grad.t()).t()
    }
    return try mmRaw(grad, try mat2.t())
}

/// ATen's mm_mat2_backward: mat1ᵀ @ grad, computed transposed when mat2 was column-major.
func mmMat2Backward(_ grad: Tensor, _ mat1: Tensor, mat2Shape: [Int], mat2Strides: [Int]) throws -> Tensor {
    if mat2Strides[0] == 1 && mat2Strides[1] == mat2Shape[0] {
        return try mmRaw(try grad.t(), mat1).t()
    }
    return try mmRaw(try mat1.t(), grad)
}

/// self: mm_mat1_backward(grad, mat2);  mat2: mm_mat2_backward(grad, self)
final class MmBackward0: BinarySavedNode {
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let av = try a.unpack(self), bv = try b.unpack(self)
        let ga = nextEdges[0] != nil ? try mmMat1Backward(grad, bv, mat1Shape: av.shape, mat1Strides: av.strides) : nil
        let gb = nextEdges[1] != nil ? try mmMat2Backward(grad, av, mat2Shape: bv.shape, mat2Strides: bv.strides) : nil
        return [ga, gb]
    }
}

/// self (bias): beta * grad summed to its shape;  mat1: alpha * mm_mat1_backward;  mat2: alpha * mm_mat2_backward
final class AddmmBackward0: Node {
    let biasShape: [Int]
    var a: SavedTensor, b: SavedTensor
    let alpha: Float, beta: Float
    init(biasShape: [Int], a: Tensor, b: Tensor, alpha: Float, beta: Float) {
        self.biasShape = biasShape; self.a = SavedTensor(a); self.b = SavedTensor(b); self.alpha = alpha; self.beta = beta
    }
    override var savesTensors: Bool { true }
    override func releaseSaved() { a.release(); b.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let av = try a.unpack(self), bv = try b.unpack(self)
        var gBias: Tensor? = nil
        if nextEdges[0] != nil {
            gBias = beta == 1 ? grad : try mul(.tensor(grad), .scalar(.float(Double(beta))))
            gBias = try gBias!.sumTo(biasShape)
        }
        var ga: Tensor? = nil, gb: Tensor? = nil
        if nextEdges[1] != nil {
            ga = try mmMat1Backward(grad, bv, mat1Shape: av.shape, mat1Strides: av.strides)
            if alpha != 1 { ga = try mul(.tensor(ga!), .scalar(.float(Double(alpha)))) }
        }
        if nextEdges[2] != nil {
            gb = try mmMat2Backward(grad, av, mat2Shape: bv.shape, mat2Strides: bv.strides)
            if alpha != 1 { gb = try mul(.tensor(gb!), .scalar(.float(Double(alpha)))) }
        }
        return [gBias, ga, gb]
    }
}

/// self: grad.bmm(mat2.transpose(1, 2));  mat2: self.transpose(1, 2).bmm(grad)
final class BmmBackward0: BinarySavedNode {
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let av = try a.unpack(self), bv = try b.unpack(self)
        let ga = nextEdges[0] != nil ? try bmmRaw(grad, try bv.transpose(1, 2)) : nil
        let gb = nextEdges[1] != nil ? try bmmRaw(try av.transpose(1, 2), grad) : nil
        return [ga, gb]
    }
}

/// self: grad * other;  other: grad * self
final class DotBackward0: BinarySavedNode {
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let av = try a.unpack(self), bv = try b.unpack(self)
        return [try mul(.tensor(grad), .tensor(bv)), try mul(.tensor(grad), .tensor(av))]
    }
}

/// self: grad.outer(vec) (a broadcast product);  vec: self.t().mv(grad)
final class MvBackward0: BinarySavedNode {
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let av = try a.unpack(self), bv = try b.unpack(self)
        let ga = nextEdges[0] != nil ? try mul(.tensor(try grad.reshape([grad.shape[0], 1])), .tensor(bv)) : nil
        let gb = nextEdges[1] != nil ? try mvRaw(try av.t(), grad) : nil
        return [ga, gb]
    }
}
