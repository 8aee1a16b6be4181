import Foundation

/// Small linear algebra: outer, mv, addmv, diagonal/diag/diag_embed, trace, tril/triu, movedim,
/// cdist. `einsum` lives in Einsum.swift.

private func mulT(_ a: Tensor, _ b: Tensor) throws -> Tensor { try mul(.tensor(a), .tensor(b)) }

/// `outer(a, b)` (alias `ger`): PyTorch's composite `a.reshape(n, 1) * b` (MulBackward0).
public func outer(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.ndim == 1, b.ndim == 1 else {
        throw TorchError.runtime("outer: Expected 1-D argument self, but got \(a.ndim)-D")
    }
    return try mul(.tensor(try a.reshape([a.shape[0], 1])), .tensor(b))
}

/// `addmv(input, mat, vec, beta, alpha)`: beta * input + alpha * (mat @ vec) (AddmvBackward0).
public func addmv(_ input: Tensor, _ m: Tensor, _ v: Tensor, beta: Double = 1, alpha: Double = 1) throws -> Tensor {
    let prod = try GradMode.with(false) { try mv(m, v) }
    let out = try GradMode.with(false) { () -> Tensor in
        let scaled = alpha == 1 ? prod : try mul(.tensor(prod), .scalar(.float(alpha)))
        if beta == 0 { return try scaled.expand(try broadcastShapes(input.shape, scaled.shape)).contiguousCopy() }
        let b = beta == 1 ? input : try mul(.tensor(input), .scalar(.float(beta)))
        return try add(b, scaled)
    }
    guard out.shape == prod.shape else {
        throw TorchError.runtime("The expanded size of the tensor (\(prod.shape[0])) must match the existing size (\(input.shape.last ?? 0)) at non-singleton dimension 0.  Target sizes: [\(prod.shape[0])].  Tensor sizes: \(shapeList(input.shape))")
    }
    return out.recordingFormula("AddmvBackward0", inputs: [input, m, v], saving: [m, v]) { s, g, n in
        let ga = alpha == 1 ? g : try mul(.tensor(g), .scalar(.float(alpha)))
        return [n.wants(0) ? try (beta == 1 ? g : try mul(.tensor(g), .scalar(.float(beta)))).sumTo(input.shape) : nil,
                n.wants(1) ? try outer(ga, s[1]) : nil,
                n.wants(2) ? try mv(try s[0].t(), ga) : nil]
    }
}

extension Tensor {
    /// The geometry of `diagonal(offset, dim1, dim2)`: (shape, strides, storage offset).
    func diagonalGeometry(offset k: Int, _ dim1: Int, _ dim2: Int) throws -> ([Int], [Int], Int) {
        let d1 = try normalizeDim(dim1, ndim), d2 = try normalizeDim(dim2, ndim)
        guard d1 != d2 else { throw TorchError.runtime("diagonal dimensions cannot be identical \(dim1), \(dim2)") }
        var length: Int, start = offset
        if k >= 0 {
            length = Swift.max(Swift.min(shape[d1], shape[d2] - k), 0)
            if length > 0 { start += k * strides[d2] }
        } else {
            length = Swift.max(Swift.min(shape[d1] + k, shape[d2]), 0)
            if length > 0 { start -= k * strides[d1] }
        }
        var sh: [Int] = [], st: [Int] = []
        for i in 0..<ndim where i != d1 && i != d2 { sh.append(shape[i]); st.append(strides[i]) }
        sh.append(length)
        st.append(strides[d1] + strides[d2])
        return (sh, st, start)
    }

    /// `diagonal(offset, dim1, dim2)`: a view (DiagonalBackward0).
    public func diagonal(offset k: Int = 0, dim1: Int = 0, dim2: Int = 1) throws -> Tensor {
        guard ndim >= 2 else { throw TorchError.runtime("diagonal dimensions cannot be identical \(dim1), \(dim2)") }
        let (sh, st, off) = try diagonalGeometry(offset: k, dim1, dim2)
        let d1 = try normalizeDim(dim1, ndim), d2 = try normalizeDim(dim2, ndim)
        let inputShape = shape
        return makeView(shape: sh, strides: st, offset: off).recordingFormula("DiagonalBackward0", inputs: [self]) { _, g, _ in
            let z = try Tensor.zeros(inputShape, dtype: g.dtype)
            let (zs, zst, zoff) = try z.diagonalGeometry(offset: k, d1, d2)
            let view = z.makeView(shape: zs, strides: zst, offset: zoff)
            copyElements(from: g, srcStrides: g.strides, to: view, shape: zs)
            return [z]
        }
    }

    /// `movedim(source, destination)`: a permute (PermuteBackward0), as in PyTorch.
    public func movedim(_ source: [Int], _ destination: [Int]) throws -> Tensor {
        guard source.count == destination.count else {
            throw TorchError.runtime("movedim: Invalid source or destination dims: source (\(shapeList(source)) dims) should contain the same number of dims as destination (\(shapeList(destination)) dims)")
        }
        let src = try source.map { try normalizeDim($0, ndim) }, dst = try destination.map { try normalizeDim($0, ndim) }
        var order = [Int](repeating: -1, count: ndim)
        for (s, d) in zip(src, dst) { order[d] = s }
        var rest = (0..<ndim).filter { !src.contains($0) }.makeIterator()
        for i in 0..<ndim where order[i] == -1 { order[i] = rest.next()! }
        return try permute(order)
    }
}

/// `diag_embed`-like: a 1-D tensor on the `k`-th diagonal of a square matrix (DiagEmbedBackward0).
public func diag(_ t: Tensor, diagonal k: Int = 0) throws -> Tensor {
    if t.ndim == 1 {
        let n = t.shape[0] + Swift.abs(k)
        let out = try Tensor.zeros([n, n], dtype: t.dtype)
        let (sh, st, off) = try out.diagonalGeometry(offset: k, 0, 1)
        copyElements(from: t, srcStrides: t.strides, to: out.makeView(shape: sh, strides: st, offset: off), shape: sh)
        return out.recordingFormula("DiagEmbedBackward0", inputs: [t]) { _, g, _ in
            [try GradMode.with(false) { try g.diagonal(offset: k) }.contiguousCopy()]
        }
    }
    guard t.ndim == 2 else { throw TorchError.runtime("diag(): Supports 1D or 2D tensors. Got \(t.ndim)D") }
    let out = try GradMode.with(false) { try t.diagonal(offset: k) }.contiguousCopy()
    let shape = t.shape
    return out.recordingFormula("DiagonalBackward0_copy", inputs: [t]) { _, g, _ in
        let z = try Tensor.zeros(shape, dtype: g.dtype)
        let (zs, zst, zoff) = try z.diagonalGeometry(offset: k, 0, 1)
        copyElements(from: g, srcStrides: g.strides, to: z.makeView(shape: zs, strides: zst, offset: zoff), shape: zs)
        return [z]
    }
}

/// `trace`: the diagonal sum of a matrix, accumulated in double (TraceBackward0).
public func trace(_ t: Tensor) throws -> Tensor {
    guard t.ndim == 2 else { throw TorchError.runtime("trace: expected a matrix, but got tensor with dim \(t.ndim)") }
    let d = try GradMode.with(false) { try t.diagonal() }
    let out = try d.sumRaw(dims: nil, keepdim: false)
    let shape = t.shape
    return out.recordingFormula("TraceBackward0", inputs: [t]) { _, g, _ in
        let z = try Tensor.zeros(shape, dtype: g.dtype)
        let (zs, zst, zoff) = try z.diagonalGeometry(offset: 0, 0, 1)
        let gv = try g.expand(zs)
        copyElements(from: gv, srcStrides: gv.strides, to: z.makeView(shape: zs, strides: zst, offset: zoff), shape: zs)
        return [z]
    }
}

/// `tril(diagonal)` / `triu(diagonal)` of the last two dims (TrilBackward0 / TriuBackward0).
public func triangle(_ t: Tensor, diagonal k: Int = 0, upper: Bool) throws -> Tensor {
    guard t.ndim >= 2 else {
        throw TorchError.runtime("\(upper ? "triu" : "tril"): input tensor must have at least 2 dimensions")
    }
    let out = try t.contiguousCopy()
    let rows = t.shape[t.ndim - 2], cols = t.shape[t.ndim - 1]
    let mats = rows * cols == 0 ? 0 : t.numel / (rows * cols)
    for m in 0..<mats {
        for i in 0..<rows {
            for j in 0..<cols where upper ? (j - i < k) : (j - i > k) { zeroElement(out, m * rows * cols + i * cols + j) }
        }
    }
    return out.recordingFormula(upper ? "TriuBackward0" : "TrilBackward0", inputs: [t]) { _, g, _ in
        [try triangle(g, diagonal: k, upper: upper)]
    }
}

/// `cdist(x1, x2, p)`: pairwise p-norm distances between the rows of two batches of matrices.
/// PyTorch computes p = 2 through matrix products (EuclideanDistBackward0) when either side
/// has more than 25 rows (EuclideanDistBackward0 under a view), directly otherwise (CdistBackward0);
/// both are computed directly here.
public func cdist(_ x1: Tensor, _ x2: Tensor, p: Double = 2) throws -> Tensor {
    guard x1.ndim >= 2 else { throw TorchError.runtime("cdist only supports at least 2D tensors, X1 got: \(x1.ndim)D") }
    guard x2.ndim >= 2 else { throw TorchError.runtime("cdist only supports at least 2D tensors, X2 got: \(x2.ndim)D") }
    guard x1.shape.last == x2.shape.last else {
        throw TorchError.runtime("X1 and X2 must have the same number of columns. X1: \(x1.shape.last!) X2: \(x2.shape.last!)")
    }
    guard p >= 0 else { throw TorchError.runtime("cdist only supports non-negative p values") }
    let r1 = x1.shape[x1.ndim - 2], r2 = x2.shape[x2.ndim - 2], m = x1.shape.last!
    let batch = try broadcastShapes(Array(x1.shape.dropLast(2)), Array(x2.shape.dropLast(2)))
    let dt = DType.promote(x1.dtype, x2.dtype)
    guard dt.isFloatingPoint else { throw TorchError.runtime("cdist only supports floating-point dtypes, X1 got: \(x1.dtype.scalarName)") }
    try MemoryBudget.check(shape: batch + [r1, r2], itemSize: dt.itemSize)
    let a = try x1.to(dt).expand(batch + [r1, m]).contiguousCopy()
    let b = try x2.to(dt).expand(batch + [r2, m]).contiguousCopy()
    let geometry = CdistGeometry(nb: batch.reduce(1, *), r1: r1, r2: r2, m: m, p: p)
    let out: Tensor
    if dt == .float64 {
        out = try tensorOfDoubles(try geometry.distances(a.doubleValues(), b.doubleValues()), shape: batch + [r1, r2], dtype: dt)
    } else {
        out = try Tensor(floats: try geometry.distances(try a.to(.float32).floatValues(), try b.to(.float32).floatValues()), shape: batch + [r1, r2]).to(dt)
    }
    let euclid = p == 2 && (r1 > 25 || r2 > 25)
    let result = out.recordingFormula(euclid ? "EuclideanDistBackward0" : "CdistBackward0", inputs: [x1, x2], saving: [a, b], savingResult: "Cdist") { s, g, n in
        let (aa, bb, dist) = (s[0], s[1], s[2])
        let gc = try g.contiguousCopy(dtype: dt)
        let ga: Tensor, gb: Tensor
        if dt == .float64 {
            let (u, v) = geometry.gradients(aa.doubleValues(), bb.doubleValues(), try dist.contiguousCopy().doubleValues(), gc.doubleValues())
            ga = try tensorOfDoubles(u, shape: aa.shape, dtype: dt); gb = try tensorOfDoubles(v, shape: bb.shape, dtype: dt)
        } else {
            let (u, v) = geometry.gradients(try aa.to(.float32).floatValues(), try bb.to(.float32).floatValues(),
                                            try dist.to(.float32).floatValues(), try gc.to(.float32).floatValues())
            ga = try Tensor(floats: u, shape: aa.shape).to(dt); gb = try Tensor(floats: v, shape: bb.shape).to(dt)
        }
        return [n.wants(0) ? try ga.sumTo(x1.shape) : nil, n.wants(1) ? try gb.sumTo(x2.shape) : nil]
    }
    // ATen returns `_euclidean_dist(x1, x2).view(output_shape)` on the matrix-product path.
    return euclid ? try result.view(result.shape) : result
}

/// cdist's loops, in the compute type T (Float for float32 and the half types, Double for float64).
private struct CdistGeometry {
    let nb: Int, r1: Int, r2: Int, m: Int, p: Double

    func distances<T: SurfaceFloat>(_ a: [T], _ b: [T]) throws -> [T] {
        var out = [T](repeating: 0, count: nb * r1 * r2)
        let pt = T(p)
        for bi in 0..<nb {
            for i in 0..<r1 {
                try checkInterrupt()
                for j in 0..<r2 {
                    var acc: T = 0
                    for k in 0..<m {
                        let d = Swift.abs(a[(bi * r1 + i) * m + k] - b[(bi * r2 + j) * m + k])
                        if p == 2 { acc += d * d } else if p == 1 { acc += d } else if p == 0 { acc += d != 0 ? 1 : 0 } else if p.isInfinite { acc = Swift.max(acc, d) } else { acc += T.pow(d, pt) }
                    }
                    out[(bi * r1 + i) * r2 + j] = p == 2 ? acc.squareRoot() : (p == 1 || p == 0 || p.isInfinite ? acc : T.pow(acc, T(1 / p)))
                }
            }
        }
        return out
    }

    /// d dist_ij / d x1_i = sign(diff) |diff|^(p-1) / dist^(p-1); 0 where dist == 0.
    func gradients<T: SurfaceFloat>(_ a: [T], _ b: [T], _ dist: [T], _ g: [T]) -> ([T], [T]) {
        var ga = [T](repeating: 0, count: a.count), gb = [T](repeating: 0, count: b.count)
        let pm1 = T(p - 1)
        for bi in 0..<nb {
            for i in 0..<r1 {
                for j in 0..<r2 {
                    let dv = dist[(bi * r1 + i) * r2 + j], gv = g[(bi * r1 + i) * r2 + j]
                    if dv == 0 || p == 0 { continue }
                    for k in 0..<m {
                        let diff = a[(bi * r1 + i) * m + k] - b[(bi * r2 + j) * m + k]
                        let sgn: T = diff > 0 ? 1 : (diff < 0 ? -1 : 0)
                        let c: T
                        if p == 2 { c = diff / dv } else if p == 1 { c = sgn } else if p.isInfinite { c = Swift.abs(diff) == dv ? sgn : 0 } else {
                            c = sgn * T.pow(Swift.abs(diff), pm1) / T.pow(dv, pm1)
                        }
                        ga[(bi * r1 + i) * m + k] += gv * c
                        gb[(bi * r2 + j) * m + k] -= gv * c
                    }
                }
            }
        }
        return (ga, gb)
    }
}
