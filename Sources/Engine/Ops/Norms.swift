import Foundation
import CKernels

/// Vector p-norms (`norm`, `linalg.vector_norm`) as one node, and the functional ops built
/// from them as PyTorch builds them: F.normalize, F.pairwise_distance, F.cosine_similarity.

/// `vector_norm(x, p, dims, keepdim)`: p = 2 (default), 1, 0 (count of non-zeros), ±inf or any
/// other real. One node (LinalgVectorNormBackward0 unless `name` says otherwise, e.g. the
/// NormBackward1 of `at::norm` inside F.pairwise_distance).
public func vectorNorm(_ t: Tensor, p: Double, dims: [Int]?, keepdim: Bool, name: String = "LinalgVectorNormBackward0") throws -> Tensor {
    guard t.dtype.isFloatingPoint else {
        throw TorchError.notImplemented("linalg.vector_norm: Expected a floating point or complex tensor as input. Got \(t.dtype.scalarName)")
    }
    let ds = try t.reductionDims(dims)
    let outShape = t.reducedShape(ds, keepdim: keepdim)
    let out: Tensor
    if p == 2 && t.dtype == .float32 && (ds.count == t.ndim || ds == [t.ndim - 1]) {
        // ATen's vectorized 2-norm over every element or the last dimension (squares summed per
        // vector lane, the lanes in order, sqrtf): PyTorch's bits.
        let src = try t.contiguousFloatForReading()
        let len = ds.count == t.ndim ? Swift.max(t.numel, 1) : t.shape[t.ndim - 1]
        let rows = t.numel == 0 ? (ds.count == t.ndim ? 1 : 0) : t.numel / len
        out = try Tensor(shape: outShape, dtype: .float32, zeroed: true)
        if t.numel > 0 {
            for r in 0..<rows { out.floatPointer[r] = nk_norm2_f32(src.floatPointer + r * len, Int64(len)) }
        }
    } else {
    let (vals, _): ([Double], [Int])
    switch p {
    case 2: (vals, _) = t.accumulate(ds, { $0 + $1 * $1 }, initial: 0)
    case 1: (vals, _) = t.accumulate(ds, { $0 + Swift.abs($1) }, initial: 0)
    case 0: (vals, _) = t.accumulate(ds, { $0 + ($1 != 0 ? 1 : 0) }, initial: 0)
    case .infinity: (vals, _) = t.accumulate(ds, { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, Swift.abs($1)) }, initial: 0)
    case -.infinity: (vals, _) = t.accumulate(ds, { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, Swift.abs($1)) }, initial: .infinity)
    default: (vals, _) = t.accumulate(ds, { $0 + Foundation.pow(Swift.abs($1), p) }, initial: 0)
    }
    if t.dtype == .float64 {
        out = try tensorOfDoubles(vals.map { v in p == 2 ? v.squareRoot() : (p == 1 || p == 0 || p.isInfinite ? v : Foundation.pow(v, 1 / p)) },
                                  shape: outShape, dtype: .float64)
    } else {
        let finals: [Float] = vals.map { v in
            switch p {
            case 2: return Float(v).squareRoot()
            case 1, 0, .infinity, -.infinity: return Float(v)
            default: return Float(Foundation.pow(v, 1 / p))
            }
        }
        out = try Tensor(floats: finals, shape: outShape).to(t.dtype)
    }
    }
    return out.recordingFormula(name, inputs: [t], saving: [t], savingResult: "LinalgVectorNorm") { s, g, _ in
        let x = s[0]
        if p == 0 { return [try Tensor.zeros(x.shape, dtype: x.dtype)] }
        if p.isInfinite {
            return [try evenlyDistributed(g, input: try abs(x), result: s[1], dims: ds, keepdim: keepdim).mul(sign: x)]
        }
        let norm = try unsqueezeReduced(s[1], dims: ds, keepdim: keepdim, inputShape: x.shape).expand(x.shape).contiguousCopy()
        let gg = try unsqueezeReduced(g, dims: ds, keepdim: keepdim, inputShape: x.shape).expand(x.shape).contiguousCopy()
        func grad<T: SurfaceFloat>(_ xs: [T], _ ns: [T], _ gs: [T]) -> [T] {
            (0..<xs.count).map { i in
                let xv = xs[i], nv = ns[i], gv = gs[i]
                let sgn: T = xv > 0 ? 1 : (xv < 0 ? -1 : 0)
                switch p {
                case 1: return sgn * gv
                case 2: return nv == 0 ? 0 : gv * (xv / nv)   // grad * (self / norm).masked_fill_(norm == 0, 0)
                default: return nv == 0 ? 0 : xv * T.pow(Swift.abs(xv), T(p - 2)) * gv / T.pow(nv, T(p - 1))
                }
            }
        }
        if x.dtype == .float64 {
            return [try tensorOfDoubles(grad(try x.contiguousCopy().doubleValues(), norm.doubleValues(), gg.doubleValues()), shape: x.shape, dtype: .float64)]
        }
        return [try Tensor(floats: grad(try x.to(.float32).floatValues(), try norm.to(.float32).floatValues(), try gg.to(.float32).floatValues()),
                           shape: x.shape).to(x.dtype)]
    }
}

extension Tensor {
    /// self * sign(x) (for the inf-norm gradient; no history).
    fileprivate func mul(sign x: Tensor) throws -> Tensor {
        let s = try floatUnary(x, { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }, { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
        return try Engine.mul(.tensor(self), .tensor(s))
    }
}

/// `F.normalize(x, p, dim, eps)`: x / norm(x).clamp_min(eps).expand_as(x).
public func normalize(_ x: Tensor, p: Double = 2, dim: Int = 1, eps: Double = 1e-12) throws -> Tensor {
    let n = try vectorNorm(x, p: p, dims: [dim], keepdim: true)
    let denom = try clampBound(n, eps, isMin: true).expand(x.shape)
    return try div(.tensor(x), .tensor(denom))
}

/// `F.pairwise_distance(x1, x2, p, eps, keepdim)`: norm(x1 - x2 + eps, p, dim=-1)
/// (NormBackward1 ← AddBackward1 ← SubBackward0, as ATen composes it).
public func pairwiseDistance(_ x1: Tensor, _ x2: Tensor, p: Double = 2, eps: Double = 1e-6, keepdim: Bool = false) throws -> Tensor {
    let outDim = Swift.max(x1.ndim, x2.ndim)
    let diff = try add(.tensor(try sub(.tensor(x1), .tensor(x2))), .scalar(.float(eps)))
    diff.gradFn?.displayName = "AddBackward1"
    return try vectorNorm(diff, p: p, dims: [outDim == 0 ? 0 : -1], keepdim: keepdim, name: "NormBackward1")
}

/// `F.cosine_similarity(x1, x2, dim, eps)`: ATen's composite — each input divided by its norm
/// (a clone clamped to eps without history), the products summed along dim.
public func cosineSimilarity(_ x1: Tensor, _ x2: Tensor, dim: Int = 1, eps: Double = 1e-8) throws -> Tensor {
    let shape = try broadcastShapes(x1.shape, x2.shape)
    let a = x1.shape == shape ? x1 : try x1.expand(shape), b = x2.shape == shape ? x2 : try x2.expand(shape)
    func unit(_ v: Tensor) throws -> Tensor {
        let n = try vectorNorm(v, p: 2, dims: [dim], keepdim: true).clone()
        try GradMode.with(false) {
            let clamped = try clampBound(n, eps, isMin: true)
            copyElements(from: clamped, srcStrides: clamped.strides, to: n, shape: n.shape)
        }
        return try div(.tensor(v), .tensor(n))
    }
    return try mul(.tensor(try unit(a)), .tensor(try unit(b))).sum(dims: [dim], keepdim: false)
}
