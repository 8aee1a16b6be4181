import CBLAS

/// Matrix products through OpenBLAS's cblas_sgemm: mm, addmm, bmm, matmul, dot, mv, linear.

/// A 2-D float operand as BLAS wants it: pointer, leading dimension, transposed flag.
/// Row-major and column-major (transposed) layouts are passed without copying.
struct GemmOperand {
    let tensor: Tensor          // keeps the memory alive
    let pointer: UnsafeMutablePointer<Float>
    let ld: Int32
    let transposed: Bool

    init(_ t: Tensor) throws {
        let rows = t.shape[0], cols = t.shape[1]
        if t.strides[1] == 1 && t.strides[0] >= Swift.max(cols, 1) {
            tensor = t; pointer = t.floatPointer; ld = Int32(Swift.max(t.strides[0], 1)); transposed = false
        } else if t.strides[0] == 1 && t.strides[1] >= Swift.max(rows, 1) {
            tensor = t; pointer = t.floatPointer; ld = Int32(Swift.max(t.strides[1], 1)); transposed = true
        } else {
            let c = try t.contiguousCopy()
            tensor = c; pointer = c.floatPointer; ld = Int32(Swift.max(cols, 1)); transposed = false
        }
    }
}

/// out[m×n] = alpha * a[m×k] @ b[k×n] + beta * out, with `out` contiguous.
func gemm(_ a: Tensor, _ b: Tensor, into out: Tensor, alpha: Float = 1, beta: Float = 0) throws {
    let m = a.shape[0], k = a.shape[1], n = b.shape[1]
    if m == 0 || n == 0 { return }
    if k == 0 {
        if beta == 0 { out.fillRaw(0) }
        return
    }
    ComputeThreads.ensureConfigured()
    let ga = try GemmOperand(a), gb = try GemmOperand(b)
    cblas_sgemm(CblasRowMajor,
                ga.transposed ? CblasTrans : CblasNoTrans,
                gb.transposed ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha,
                ga.pointer, ga.ld, gb.pointer, gb.ld, beta,
                out.floatPointer, Int32(Swift.max(n, 1)))
    withExtendedLifetime((ga, gb)) {}
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
    copyElements(from: try bias.to(.float32), srcStrides: broadcastStrides(of: bias, to: shape), to: out, shape: shape)
    if beta != 1 { updateBinary(out, Tensor(scalar: beta), Float.self, *) }
    try gemm(a, b, into: out, alpha: alpha, beta: 1)
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

func bmmRaw(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let batch = a.shape[0]
    let out = try Tensor(shape: [batch, a.shape[1], b.shape[2]], dtype: .float32, zeroed: false)
    try GradMode.with(false) {
        for i in 0..<batch {
            try gemm(try a.select(0, i), try b.select(0, i), into: try out.select(0, i))
        }
    }
    return out
}

/// `a @ b` / `torch.matmul`, following PyTorch's dimension rules.
public func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.ndim > 0, b.ndim > 0 else {
        throw TorchError.runtime("both arguments to matmul need to be at least 1D, but they are \(a.ndim)D and \(b.ndim)D")
    }
    switch (a.ndim, b.ndim) {
    case (1, 1):
        guard a.shape[0] == b.shape[0] else {
            throw TorchError.runtime("inconsistent tensor size, expected tensor [\(a.shape[0])] and src [\(b.shape[0])] to have the same number of elements, but got \(a.shape[0]) and \(b.shape[0]) elements respectively")
        }
        let r = try GradMode.with(false) { try mmRaw(try a.unsqueeze(0), try b.unsqueeze(1)) }
        return try r.reshapeRaw([]).recording(DotBackward0(a: a, b: b), inputs: [a, b])
    case (2, 1):
        guard a.shape[1] == b.shape[0] else {
            throw TorchError.runtime("size mismatch, got input (\(a.shape[0])), mat (\(a.shape[0])x\(a.shape[1])), vec (\(b.shape[0]))")
        }
        let r = try GradMode.with(false) { try mmRaw(a, try b.unsqueeze(1)) }
        return try r.reshapeRaw([a.shape[0]]).recording(MvBackward0(a: a, b: b), inputs: [a, b])
    case (1, 2):
        let r = try mm(try a.unsqueeze(0), b).squeeze(0)
        r.gradFn?.displayName = "SqueezeBackward4"
        return r
    case (2, 2):
        return try mm(a, b)
    case (2, _) where b.ndim >= 3:
        // PyTorch transposes the problem so the batched operand comes first, then copies.
        return try matmul(try b.transpose(-2, -1), try a.t()).transpose(-2, -1).contiguous()
    default:
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

/// `F.linear(x, weight, bias)`: x @ weight.t() + bias, recorded as PyTorch records it
/// (AddmmBackward0 with a TBackward0 input for 2-D input with bias).
public func linear(_ x: Tensor, _ weight: Tensor, _ bias: Tensor?) throws -> Tensor {
    let wt = try weight.t()
    if x.ndim == 2 {
        if let bias { return try addmm(bias, x, wt) }
        return try mm(x, wt)
    }
    guard x.ndim >= 1 else {
        throw TorchError.runtime("both arguments to linear need to be at least 1D, but they are 0D and 2D")
    }
    // Fold leading dims into rows (a 1-D input is one row), multiply, unfold.
    let k = x.shape[x.ndim - 1]
    let rows = x.ndim == 1 ? 1 : x.shape.dropLast().reduce(1, *)
    let x2 = try x.reshape([rows, k])
    let y = bias != nil ? try addmm(bias!, x2, wt) : try mm(x2, wt)
    let outShape = x.ndim == 1 ? [weight.shape[0]] : Array(x.shape.dropLast()) + [weight.shape[0]]
    let out = try y.unsafeView(outShape)
    if x.ndim == 1 && bias == nil { out.gradFn?.displayName = "SqueezeBackward4" }
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

/// self: grad @ mat2.t();  mat2: self.t() @ grad
final class MmBackward0: BinarySavedNode {
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let av = try a.unpack(self), bv = try b.unpack(self)
        let ga = nextEdges[0] != nil ? try mmRaw(grad, try bv.t()) : nil
        let gb = nextEdges[1] != nil ? try mmRaw(try av.t(), grad) : nil
        return [ga, gb]
    }
}

/// self (bias): beta * grad summed to its shape;  mat1: alpha * grad @ mat2.t();  mat2: alpha * mat1.t() @ grad
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
            gBias = try grad.sumTo(biasShape)
            if beta != 1 { gBias = try mul(.tensor(gBias!), .scalar(.float(Double(beta)))) }
        }
        var ga: Tensor? = nil, gb: Tensor? = nil
        if nextEdges[1] != nil {
            ga = try mmRaw(grad, try bv.t())
            if alpha != 1 { ga = try mul(.tensor(ga!), .scalar(.float(Double(alpha)))) }
        }
        if nextEdges[2] != nil {
            gb = try mmRaw(try av.t(), grad)
            if alpha != 1 { gb = try mul(.tensor(gb!), .scalar(.float(Double(alpha)))) }
        }
        return [gBias, ga, gb]
    }
}

final class BmmBackward0: BinarySavedNode {
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let av = try a.unpack(self), bv = try b.unpack(self)
        return [try bmmRaw(grad, try bv.transpose(1, 2)), try bmmRaw(try av.transpose(1, 2), grad)]
    }
}

/// self: grad * other;  other: grad * self
final class DotBackward0: BinarySavedNode {
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let av = try a.unpack(self), bv = try b.unpack(self)
        return [try mul(.tensor(grad), .tensor(bv)), try mul(.tensor(grad), .tensor(av))]
    }
}

/// self: grad.outer(vec);  vec: self.t() @ grad
final class MvBackward0: BinarySavedNode {
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let av = try a.unpack(self), bv = try b.unpack(self)
        let ga = try mmRaw(try grad.unsqueeze(1), try bv.unsqueeze(0))
        let gb = try mmRaw(try av.t(), try grad.unsqueeze(1)).reshapeRaw([bv.shape[0]])
        return [ga, gb]
    }
}
