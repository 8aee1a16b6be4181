import CBLAS
import CKernels

/// Matrix products: mm, addmm, mv, dot, bmm, matmul (PyTorch's folding rules), linear, for every
/// dtype PyTorch multiplies on CPU — float32 and float64 through BLAS called as ATen calls it
/// (MKL's sgemm/dgemm, sgemv, sdot in PyTorch's build, Backend/ATenGemm.swift), float16/bfloat16
/// in float32 rounded back, integers exactly (wrapping) — with PyTorch's dtype errors checked
/// before any memory is read; the backward products follow autograd's layout-dependent formulas.

/// A 2-D operand as BLAS wants it: pointer, leading dimension, transposed flag.
/// Row-major and column-major (transposed) layouts are passed without copying.
struct GemmOperand<T: Element> {
    let tensor: Tensor          // keeps the memory alive
    let pointer: UnsafeMutablePointer<T>
    let ld: Int32
    let transposed: Bool

    init(_ t: Tensor) throws {
        let rows = t.shape[0], cols = t.shape[1]
        if t.strides[1] == 1 && t.strides[0] >= Swift.max(cols, 1) {
            tensor = t; pointer = t.pointer(T.self); ld = Int32(Swift.max(t.strides[0], 1)); transposed = false
        } else if t.strides[0] == 1 && t.strides[1] >= Swift.max(rows, 1) {
            tensor = t; pointer = t.pointer(T.self); ld = Int32(Swift.max(t.strides[1], 1)); transposed = true
        } else {
            let c = try t.contiguousCopy()
            tensor = c; pointer = c.pointer(T.self); ld = Int32(Swift.max(cols, 1)); transposed = false
        }
    }
}

/// out[m×n] = alpha * a[m×k] @ b[k×n] + beta * out (ATen's addmm_impl_cpu_).
func gemm(_ a: Tensor, _ b: Tensor, into out: Tensor, alpha: Float = 1, beta: Float = 0) throws {
    try addmmInto(out, a, b, beta: Double(beta), alpha: Double(alpha))
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

/// out[m×n] = alpha * a @ b + beta * out for 2-D tensors of one dtype (`out` contiguous, of that
/// dtype): the kernel behind every product. The caller has checked dtypes and shapes.
func matrixProduct(_ a: Tensor, _ b: Tensor, into out: Tensor, alpha: Scalar = .int(1), beta: Scalar = .int(0)) throws {
    precondition(a.dtype == b.dtype && a.dtype == out.dtype, "matrixProduct of \(a.dtype.name) and \(b.dtype.name) into \(out.dtype.name)")
    if a.shape[0] == 0 || b.shape[1] == 0 { return }
    switch a.dtype {
    case .float32:
        try addmmInto(out, a, b, beta: beta.doubleValue, alpha: alpha.doubleValue)
    case .float64:
        try addmmInto(out, a, b, beta: beta.doubleValue, alpha: alpha.doubleValue)
    case .float16, .bfloat16:
        // PyTorch's CPU gemm for reduced floats accumulates in float32 and rounds each result once.
        let acc = try out.contiguousCopy(dtype: .float32)
        try gemm(try a.contiguousCopy(dtype: .float32), try b.contiguousCopy(dtype: .float32), into: acc,
                 alpha: Float(alpha.doubleValue), beta: Float(beta.doubleValue))
        copyElements(from: acc, srcStrides: acc.strides, to: out, shape: out.shape)
    case .bool:
        preconditionFailure("bool products are rejected before the kernel")
    default:
        try a.dtype.dispatchIntegral(IntegralProduct(a: a, b: b, out: out, alpha: alpha, beta: beta))
    }
}

/// Integer products: exact, wrapping as C++ integer arithmetic does (no BLAS has them).
private struct IntegralProduct: IntegralKernel {
    let a: Tensor, b: Tensor, out: Tensor, alpha: Scalar, beta: Scalar
    func run<T: IntegralElement>(_: T.Type) throws {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        let x = try a.contiguousCopy(), y = try b.contiguousCopy()
        let xp = x.pointer(T.self), yp = y.pointer(T.self), op = out.pointer(T.self)
        let al = alpha.converted(to: T.self), be = beta.converted(to: T.self)
        let row = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(n, 1))
        defer { row.deallocate() }
        for i in 0..<m {
            row.update(repeating: 0, count: n)
            for p in 0..<k {
                // One row of b scaled and added: a loop the compiler vectorises.
                let v = xp[i * k + p], brow = yp + p * n
                for j in 0..<n { row[j] = row[j] &+ v &* brow[j] }
            }
            let out = op + i * n
            for j in 0..<n { out[j] = (be == 0 ? 0 : be &* out[j]) &+ al &* row[j] }
        }
    }
}

/// mm's dtype checks: equal dtypes (`expected m1 and m2 to have the same dtype, but got: long
/// int != float`), then a dtype PyTorch multiplies.
func checkMatmulTypes(_ a: Tensor, _ b: Tensor, kernel: String = "addmm_impl_cpu_") throws {
    guard a.dtype == b.dtype else {
        throw TorchError.runtime("expected m1 and m2 to have the same dtype, but got: \(a.dtype.cppTypeName) != \(b.dtype.cppTypeName)")
    }
    if a.dtype == .bool { throw TorchError.notImplemented(kernel, .bool) }
}

/// Raw product of two 2-D tensors of one dtype, no history.
func mmRaw(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let out = try Tensor(shape: [a.shape[0], b.shape[1]], dtype: a.dtype, zeroed: false)
    try matrixProduct(a, b, into: out)
    return out
}

/// `torch.mm(a, b)`.
public func mm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.ndim == 2 else { throw TorchError.runtime("mm: self must be a matrix, got \(a.ndim)-D tensor") }
    guard b.ndim == 2 else { throw TorchError.runtime("mm: mat2 must be a matrix, got \(b.ndim)-D tensor") }
    guard a.shape[1] == b.shape[0] else {
        throw TorchError.runtime("mm: mat1 and mat2 shapes cannot be multiplied (\(a.shape[0])x\(a.shape[1]) and \(b.shape[0])x\(b.shape[1]))")
    }
    try checkMatmulTypes(a, b)
    return try mmRaw(a, b).recording(MmBackward0(a: a, b: b), inputs: [a, b])
}

/// `torch.addmm(bias, a, b, beta, alpha)`: beta * bias + alpha * (a @ b), bias broadcast.
public func addmm(_ bias: Tensor, _ a: Tensor, _ b: Tensor, beta: Scalar = .int(1), alpha: Scalar = .int(1)) throws -> Tensor {
    guard a.ndim == 2 else { throw TorchError.runtime("mat1 must be a matrix, got \(a.ndim)-D tensor") }
    guard b.ndim == 2 else { throw TorchError.runtime("mat2 must be a matrix, got \(b.ndim)-D tensor") }
    guard a.shape[1] == b.shape[0] else {
        throw TorchError.runtime("addmm: mat1 and mat2 shapes cannot be multiplied (\(a.shape[0])x\(a.shape[1]) and \(b.shape[0])x\(b.shape[1]))")
    }
    if a.dtype != b.dtype {
        throw TorchError.runtime("mat1 and mat2 must have the same dtype, but got \(a.dtype.scalarName) and \(b.dtype.scalarName)")
    }
    if bias.dtype != b.dtype {
        throw TorchError.runtime("self and mat2 must have the same dtype, but got \(bias.dtype.scalarName) and \(b.dtype.scalarName)")
    }
    if a.dtype == .bool { throw TorchError.notImplemented("addmm_impl_cpu_", .bool) }
    let shape = [a.shape[0], b.shape[1]]
    let out = try Tensor(shape: shape, dtype: a.dtype, zeroed: false)
    let bb = try broadcastShapes(shape, bias.shape)
    guard bb == shape else {
        throw TorchError.runtime("The expanded size of the tensor (\(shape[1])) must match the existing size (\(bias.shape.last ?? 0)) at non-singleton dimension 1.  Target sizes: \(shapeList(shape)).  Tensor sizes: \(shapeList(bias.shape))")
    }
    copyElements(from: bias, srcStrides: broadcastStrides(of: bias, to: shape), to: out, shape: shape)
    try matrixProduct(a, b, into: out, alpha: alpha, beta: beta)
    return out.recording(AddmmBackward0(biasShape: bias.shape, a: a, b: b, alpha: alpha.doubleValue, beta: beta.doubleValue), inputs: [bias, a, b])
}

/// `torch.mv(mat, vec)`.
public func mv(_ a: Tensor, _ v: Tensor) throws -> Tensor {
    guard a.ndim == 2 && v.ndim == 1 else {
        throw TorchError.runtime("vector + matrix @ vector expected, got 1, \(a.ndim), \(v.ndim)")
    }
    guard a.shape[1] == v.shape[0] else {
        throw TorchError.runtime("size mismatch, got input (\(a.shape[0])), mat (\(a.shape[0])x\(a.shape[1])), vec (\(v.shape[0]))")
    }
    guard a.dtype == v.dtype else {
        throw TorchError.runtime("addmv input tensors must have the same dtype, but got \(v.dtype.scalarName), \(a.dtype.scalarName), and \(v.dtype.scalarName)")
    }
    if a.dtype == .bool { throw TorchError.notImplemented("addmv_impl_cpu", .bool) }
    if a.dtype == .float32 { return try mvRaw(a, v).recording(MvBackward0(a: a, b: v), inputs: [a, v]) }
    let r = try GradMode.with(false) { try mmRaw(a, try v.unsqueeze(1)) }
    return try r.reshapeRaw([a.shape[0]]).recording(MvBackward0(a: a, b: v), inputs: [a, v])
}

/// `torch.dot(a, b)`.
public func dot(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.ndim == 1 && b.ndim == 1 else {
        throw TorchError.runtime("1D tensors expected, but got \(a.ndim)D and \(b.ndim)D tensors")
    }
    guard a.dtype == b.dtype else {
        throw TorchError.runtime("dot : expected both vectors to have same dtype, but found \(a.dtype.scalarName) and \(b.dtype.scalarName)")
    }
    guard a.shape[0] == b.shape[0] else {
        throw TorchError.runtime("inconsistent tensor size, expected tensor [\(a.shape[0])] and src [\(b.shape[0])] to have the same number of elements, but got \(a.shape[0]) and \(b.shape[0]) elements respectively")
    }
    if a.dtype == .bool { throw TorchError.notImplemented("dot", .bool) }
    if a.dtype == .float32 { return dotRaw(a, b).recording(DotBackward0(a: a, b: b), inputs: [a, b]) }
    let r = try GradMode.with(false) { try mmRaw(try a.unsqueeze(0), try b.unsqueeze(1)) }
    return try r.reshapeRaw([]).recording(DotBackward0(a: a, b: b), inputs: [a, b])
}

/// `torch.bmm(a, b)`: batched [B×n×m] @ [B×m×p].
public func bmm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.ndim == 3 else { throw TorchError.runtime("batch1 must be a 3D tensor") }
    guard b.ndim == 3 else { throw TorchError.runtime("batch2 must be a 3D tensor") }
    guard a.shape[0] == b.shape[0] && a.shape[2] == b.shape[1] else {
        throw TorchError.runtime("Expected size for first two dimensions of batch2 tensor to be: [\(a.shape[0]), \(a.shape[2])] but got: [\(b.shape[0]), \(b.shape[1])].")
    }
    guard a.dtype == b.dtype else {
        throw TorchError.runtime("expected scalar type \(a.dtype.scalarName) but found \(b.dtype.scalarName)")
    }
    if a.dtype == .bool { throw TorchError.notImplemented("bmm", .bool) }
    return try bmmRaw(a, b).recording(BmmBackward0(a: a, b: b), inputs: [a, b])
}

func bmmRaw(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    if a.dtype == .float32 { return try bmmFloat32(a, b) }
    let batch = a.shape[0]
    let out = try Tensor(shape: [batch, a.shape[1], b.shape[2]], dtype: a.dtype, zeroed: false)
    try GradMode.with(false) {
        for i in 0..<batch {
            try matrixProduct(try a.select(0, i), try b.select(0, i), into: try out.select(0, i))
        }
    }
    return out
}

/// ATen's bmm for float32 (bmm_out_or_baddbmm_): tiny products (k·m·n < 400) in a plain loop;
/// batches of row- or column-major items in one MKL batch call; others item by item.
func bmmFloat32(_ a: Tensor, _ b: Tensor) throws -> Tensor {
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
            try cpublasGemm(transA: transA, transB: transB, m: n, n: m, k: k, alpha: 1, a: b.floatPointer, lda: lda,
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

/// ATen's `should_fold`: a ≥3-D operand times a vector or matrix is folded into one mm/mv
/// (no batch expansion) when that needs no copy, or always when the smaller operand needs a gradient.
private func shouldFold(_ t1: Tensor, _ t2: Tensor) throws -> Bool {
    let larger1 = t1.ndim >= t2.ndim
    let big = larger1 ? t1 : try t2.transpose(-2, -1)
    let smallDim = larger1 ? t2.ndim : t1.ndim
    guard big.ndim >= 3 && smallDim <= 2 else { return false }
    // ATen reads the requires_grad flag, not grad mode, so this holds under no_grad too; a view
    // made under no_grad of a tensor that requires grad (linear's `weight.t()`) keeps the flag in
    // PyTorch, which nnrepl's views do not record: their base is asked.
    let small = larger1 ? t2 : t1
    if small.requiresGrad || (small.viewBase?.requiresGrad ?? false) { return true }
    if t1.ndim == 2 { return false }
    if big.numel == 0 { return true }
    // Foldable when the leading dims merge into one without a copy (size-1 dims never block it).
    let rows = big.shape.dropLast().reduce(1, *)
    return viewStrides(oldShape: big.shape, oldStrides: big.strides, newShape: [rows, big.shape[big.ndim - 1]]) != nil
}

/// `a @ b` / `torch.matmul`, following ATen's `_matmul_impl`: dot, mv, mm, folding into mm/mv,
/// or broadcast batches through bmm — which decides grad_fn names and error texts.
public func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.ndim > 0, b.ndim > 0 else {
        throw TorchError.runtime("both arguments to matmul need to be at least 1D, but they are \(a.ndim)D and \(b.ndim)D")
    }
    switch (a.ndim, b.ndim) {
    case (1, 1): return try dot(a, b)
    case (2, 1): return try mv(a, b)
    case (1, 2):
        let r = try mm(try a.unsqueeze(0), b).squeeze(0)
        r.gradFn?.displayName = "SqueezeBackward4"
        return r
    case (2, 2): return try mm(a, b)
    default: break
    }
    if try shouldFold(a, b) {
        let transpose = b.ndim > a.ndim
        let t1 = transpose ? try b.transpose(-2, -1) : a
        let t2 = !transpose ? b : (a.ndim == 2 ? try a.t() : a)
        var outputShape = Array(t1.shape.dropLast())
        let folded = outputShape.reduce(1, *)
        let t1Folded = try t1.reshape([folded, t1.shape[t1.ndim - 1]])
        if t2.ndim == 2 {
            outputShape.append(t2.shape[1])
            let output = try mm(t1Folded, t2).unsafeView(outputShape)
            return transpose ? try output.transpose(-2, -1).contiguous() : output
        }
        return try mv(t1Folded, t2).unsafeView(outputShape)
    }
    // Batched: broadcast the batch dims, fold them, bmm, unfold.
    let n = a.ndim > 1 ? a.shape[a.ndim - 2] : 1
    let m1 = a.shape[a.ndim - 1]
    let batch1 = Array(a.shape.prefix(Swift.max(a.ndim - 2, 0)))
    let m2 = b.ndim > 1 ? b.shape[b.ndim - 2] : b.shape[0]
    let p = b.ndim > 1 ? b.shape[b.ndim - 1] : 1
    let batch2 = Array(b.shape.prefix(Swift.max(b.ndim - 2, 0)))
    if a.ndim == 3 && b.ndim == 3 && batch1[0] != batch2[0] {
        if batch1[0] == 1 && a.requiresGrad { return try matmul(try a.squeeze(0), b) }
        if batch2[0] == 1 && b.requiresGrad { return try matmul(a, try b.squeeze(0)) }
    }
    var outputShape = try broadcastShapes(batch1, batch2)
    let batchProduct = outputShape.reduce(1, *)
    let aExpanded = try a.expand(outputShape + [n, m1]).reshape([batchProduct, n, m1])
    let vectorRHS = b.ndim == 1
    var bExpanded = try b.expand(outputShape + (vectorRHS ? [m2] : [m2, p]))
    bExpanded = vectorRHS ? try bExpanded.reshape([batchProduct, m2]).unsqueeze(2) : try bExpanded.reshape([batchProduct, m2, p])
    if a.ndim > 1 { outputShape.append(n) }
    if b.ndim > 1 { outputShape.append(p) }
    let product = try bmm(aExpanded, bExpanded)
    return try (vectorRHS ? try product.squeeze(-1) : product).unsafeView(outputShape)
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
    let alpha: Double, beta: Double
    init(biasShape: [Int], a: Tensor, b: Tensor, alpha: Double, beta: Double) {
        self.biasShape = biasShape; self.a = SavedTensor(a); self.b = SavedTensor(b); self.alpha = alpha; self.beta = beta
    }
    override var savesTensors: Bool { true }
    override func releaseSaved() { a.release(); b.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let av = try a.unpack(self), bv = try b.unpack(self)
        var gBias: Tensor? = nil
        if nextEdges[0] != nil {
            gBias = beta == 1 ? grad : try mul(.tensor(grad), .scalar(.float(beta)))
            gBias = try gBias!.sumTo(biasShape)
        }
        var ga: Tensor? = nil, gb: Tensor? = nil
        if nextEdges[1] != nil {
            ga = try mmMat1Backward(grad, bv, mat1Shape: av.shape, mat1Strides: av.strides)
            if alpha != 1 { ga = try mul(.tensor(ga!), .scalar(.float(alpha))) }
        }
        if nextEdges[2] != nil {
            gb = try mmMat2Backward(grad, av, mat2Shape: bv.shape, mat2Strides: bv.strides)
            if alpha != 1 { gb = try mul(.tensor(gb!), .scalar(.float(alpha))) }
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
        let gb: Tensor?
        if nextEdges[1] == nil { gb = nil } else if av.dtype == .float32 { gb = try mvRaw(try av.t(), grad) } else {
            gb = try mmRaw(try av.t(), try grad.unsqueeze(1)).reshapeRaw([bv.shape[0]])
        }
        return [ga, gb]
    }
}
