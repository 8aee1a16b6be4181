import Foundation
import CKernels

/// Reductions: sum, mean, prod, std, var, max, min, argmax, argmin — over all elements or dims.

extension Tensor {
    /// Normalised, sorted, de-duplicated reduction dims; all dims when `dims` is nil or empty.
    func reductionDims(_ dims: [Int]?) throws -> [Int] {
        guard let dims, !dims.isEmpty else { return Array(0..<ndim) }
        var out: [Int] = []
        for d in dims {
            let n = try normalizeDim(d, ndim)
            if ndim == 0 { continue }   // a 0-d tensor accepts dim 0 / -1 and has nothing to reduce
            if out.contains(n) { throw TorchError.runtime("dim \(n) appears multiple times in the list of dims") }
            out.append(n)
        }
        return out.sorted()
    }

    /// Shape after reducing `dims` (kept as size 1 when `keepdim`).
    func reducedShape(_ dims: [Int], keepdim: Bool) -> [Int] {
        var out: [Int] = []
        for (i, s) in shape.enumerated() {
            if dims.contains(i) { if keepdim { out.append(1) } } else { out.append(s) }
        }
        return out
    }

    /// Accumulates every element into its output slot in Double: the float32 result is the
    /// correctly rounded sum, which matches PyTorch's cascade sum to print precision.
    func accumulate(_ dims: [Int], _ combine: (Double, Double) -> Double, initial: Double) -> (values: [Double], keptShape: [Int]) {
        let kept = reducedShape(dims, keepdim: true)
        let outCount = kept.reduce(1, *)
        if outCount == 1 && dtype == .float32 && isContiguous {
            // Whole-tensor reduction of contiguous floats: one tight loop.
            var a = initial
            let p = floatPointer
            for i in 0..<numel { a = combine(a, Double(p[i])) }
            return ([a], kept)
        }
        var outStrides = contiguousStrides(kept)
        for d in dims { outStrides[d] = 0 }
        let acc = withoutActuallyEscaping(combine) { c in
            try! dtype.dispatch(Accumulate(t: self, outStrides: outStrides, count: outCount, combine: c, initial: initial))
        }
        return (acc, kept)
    }

    private struct Accumulate: ElementKernel {
        let t: Tensor, outStrides: [Int], count: Int, combine: (Double, Double) -> Double, initial: Double
        func run<T: Element>(_: T.Type) throws -> [Double] {
            var acc = [Double](repeating: initial, count: count)
            let p = t.pointer(T.self)
            acc.withUnsafeMutableBufferPointer { a in
                forEachRow(shape: t.shape, strides: [t.strides, outStrides]) { o, n, s in
                    let (src, dst, ss, ds) = (p + o[0], a.baseAddress! + o[1], s[0], s[1])
                    for i in 0..<n { dst[i * ds] = combine(dst[i * ds], src[i * ss].asDouble) }
                }
            }
            return acc
        }
    }

    /// Integer reduction into int64 slots (wrapping), exact for every integer dtype and bool.
    func accumulateInt64(_ dims: [Int], _ combine: @escaping (Int64, Int64) -> Int64, initial: Int64) throws -> [Int64] {
        let kept = reducedShape(dims, keepdim: true)
        var acc = [Int64](repeating: initial, count: kept.reduce(1, *))
        var outStrides = contiguousStrides(kept)
        for d in dims { outStrides[d] = 0 }
        let src = try contiguousCopy(dtype: .int64)
        let p = src.int64Pointer
        forEachRow(shape: shape, strides: [src.strides, outStrides]) { o, n, s in
            for i in 0..<n { acc[o[1] + i * s[1]] = combine(acc[o[1] + i * s[1]], p[o[0] + i * s[0]]) }
        }
        return acc
    }

    /// Sum without autograd: floating dtypes keep theirs; integers and bool sum into int64.
    func sumRaw(dims: [Int]?, keepdim: Bool) throws -> Tensor {
        let ds = try reductionDims(dims)
        let outShape = reducedShape(ds, keepdim: keepdim)
        if dtype == .float32 || dtype == .float64 { return try CascadeSum.sum(self, dims: ds).reshapeRaw(outShape) }
        if dtype.isFloatingPoint {
            let (vals, _) = accumulate(ds, +, initial: 0)
            return try Tensor(values: vals, shape: outShape).contiguousCopy(dtype: dtype)
        }
        return try Tensor(int64s: try accumulateInt64(ds, { $0 &+ $1 }, initial: 0), shape: outShape)
    }

    /// `sum()` / `sum(dim, keepdim)`.
    public func sum(dims: [Int]? = nil, keepdim: Bool = false) throws -> Tensor {
        let out = try sumRaw(dims: dims, keepdim: keepdim)
        let ds = try reductionDims(dims)
        let node: Node = dims == nil ? SumBackward0(inputShape: shape) : SumBackward1(inputShape: shape, dims: ds, keepdim: keepdim)
        return out.recording(node, inputs: [self])
    }

    /// `mean()` / `mean(dim, keepdim)`: floating point only, as in PyTorch.
    public func mean(dims: [Int]? = nil, keepdim: Bool = false) throws -> Tensor {
        guard dtype.isFloatingPoint else {
            throw TorchError(.notImplementedError, "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: \(dtype.scalarName)")
        }
        let ds = try reductionDims(dims)
        let count = ds.reduce(1) { $0 * shape[$1] }
        let outShape = reducedShape(ds, keepdim: keepdim)
        let out: Tensor
        if dtype == .float32 {
            // PyTorch's mean is its (cascade) sum divided by the count, in float.
            out = try CascadeSum.sum(self, dims: ds).reshapeRaw(outShape)
            let c = Float(count)
            for i in 0..<out.numel { out.floatPointer[i] = out.floatPointer[i] / c }
        } else if dtype == .float64 {
            out = try CascadeSum.sum(self, dims: ds).reshapeRaw(outShape)
            let c = Double(count)
            for i in 0..<out.numel { out.doublePointer[i] = out.doublePointer[i] / c }
        } else {
            // float16/bfloat16 accumulate in float32: sum rounded, then divided
            let (vals, _) = accumulate(ds, +, initial: 0)
            out = try Tensor(floats: vals.map { Float(Float($0) / Float(count)) }, shape: outShape).to(dtype)
        }
        let node: Node = dims == nil ? MeanBackward0(inputShape: shape, count: count) : MeanBackward1(inputShape: shape, dims: ds, keepdim: keepdim, count: count)
        return out.recording(node, inputs: [self])
    }

    /// `prod()`: floating dtypes keep theirs; integers and bool multiply into int64.
    public func prod(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        let ds = try reductionDims(dim.map { [$0] })
        let shape = reducedShape(ds, keepdim: keepdim)
        let out: Tensor
        if dtype.isFloatingPoint {
            let (vals, _) = accumulate(ds, *, initial: 1)
            out = try Tensor(values: vals, shape: shape).contiguousCopy(dtype: dtype)
        } else {
            out = try Tensor(int64s: try accumulateInt64(ds, { $0 &* $1 }, initial: 1), shape: shape)
        }
        return out.recording(ProdBackward(input: self, result: out, dims: ds, keepdim: keepdim, full: dim == nil), inputs: [self])
    }

    /// `var(dim, unbiased/correction, keepdim)` and `std(...)`: floating dtypes only.
    public func variance(dims: [Int]? = nil, correction: Int = 1, keepdim: Bool = false, std: Bool = false) throws -> Tensor {
        guard dtype.isFloatingPoint else {
            throw TorchError.notImplemented("std and var only support floating point and complex dtypes")
        }
        let ds = try reductionDims(dims)
        let count = ds.reduce(1) { $0 * shape[$1] }
        if dtype == .float32 {
            // ATen's Welford reduction in double: the variance rounded once.
            let denom = Double(Swift.max(count - correction, 0))
            let out = try F32.variance(self, dims: ds, correction: correction, std: std).reshapeRaw(reducedShape(ds, keepdim: keepdim))
            let node: Node = std
                ? StdBackward0(input: self, result: out, dims: ds, keepdim: keepdim, denom: denom)
                : VarBackward0(input: self, dims: ds, keepdim: keepdim, denom: denom)
            return out.recording(node, inputs: [self])
        }
        let m = try GradMode.with(false) { try mean(dims: ds, keepdim: true) }
        let centered = try GradMode.with(false) { try sub(.tensor(self), .tensor(m)) }
        let (sq, _) = centered.accumulate(ds, { $0 + $1 * $1 }, initial: 0)
        let denom = Double(Swift.max(count - correction, 0))
        let vals = sq.map { v -> Double in
            let variance = v / denom
            return std ? variance.squareRoot() : variance
        }
        let out = dtype == .float64
            ? try Tensor(values: vals, shape: reducedShape(ds, keepdim: keepdim))
            : try Tensor(floats: vals.map { Float($0) }, shape: reducedShape(ds, keepdim: keepdim)).to(dtype)
        let node: Node = std
            ? StdBackward0(input: self, result: out, dims: ds, keepdim: keepdim, denom: denom)
            : VarBackward0(input: self, dims: ds, keepdim: keepdim, denom: denom)
        return out.recording(node, inputs: [self])
    }

    /// `max()` / `min()` over everything (MaxBackward1: ties share the gradient evenly).
    public func extremum(isMax: Bool) throws -> Tensor {
        guard numel > 0 else {
            throw TorchError.runtime("\(isMax ? "max" : "min")(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        }
        let flat = try GradMode.with(false) { try reshape([-1]) }
        let (_, indices) = try flat.extremumIndices(dim: 0, isMax: isMax)
        let out = try gatherFlat(self, try indices.reshapeRaw([]))
        let node: Node = isMax ? MaxBackward1(input: self, result: out) : MinBackward1(input: self, result: out)
        return out.recording(node, inputs: [self])
    }

    /// Along `dim`: the index of the first extreme value of each line (a NaN wins), and the
    /// reduced shape kept with size 1.
    func extremumIndices(dim d: Int, isMax: Bool) throws -> ([Int], Tensor) {
        let size = ndim == 0 ? 1 : shape[d]
        var outerShape = shape, outerStrides = strides
        if ndim > 0 { outerShape[d] = 1; outerStrides[d] = 0 }
        let kept = reducedShape(ndim == 0 ? [] : [d], keepdim: true)
        let idx = try Tensor(shape: kept, dtype: .int64, zeroed: false)
        try dtype.dispatch(ExtremumIndex(t: self, size: size, innerStride: ndim == 0 ? 0 : strides[d],
                                         outerShape: outerShape, outerStrides: outerStrides, out: idx, isMax: isMax))
        return (kept, idx)
    }

    private struct ExtremumIndex: ElementKernel {
        let t: Tensor, size: Int, innerStride: Int, outerShape: [Int], outerStrides: [Int], out: Tensor, isMax: Bool
        func run<T: Element>(_: T.Type) throws {
            let p = t.pointer(T.self), ip = out.int64Pointer
            var slot = 0
            forEachRow(shape: outerShape, strides: [outerStrides]) { o, n, s in
                for i in 0..<n {
                    let base = o[0] + i * s[0]
                    var best = p[base], bestIdx = 0
                    if !best.isNaNElement {
                        for k in 1..<Swift.max(size, 1) {
                            let v = p[base + k * innerStride]
                            if v.isNaNElement { bestIdx = k; break }
                            if isMax ? T.less(best, v) : T.less(v, best) { best = v; bestIdx = k }
                        }
                    }
                    ip[slot] = Int64(bestIdx)
                    slot += 1
                }
            }
        }
    }

    /// `max(dim)` / `min(dim)`: (values, indices); the first extreme along the dim wins, NaN wins.
    public func extremum(dim: Int, keepdim: Bool, isMax: Bool) throws -> (values: Tensor, indices: Tensor) {
        let d = try normalizeDim(dim, ndim)
        let size = ndim == 0 ? 1 : shape[d]
        guard size > 0 else {
            throw TorchError.index("\(isMax ? "max" : "min")(): Expected reduction dim \(d) to have non-zero size.")
        }
        let (kept, keptIdx) = try extremumIndices(dim: d, isMax: isMax)
        let finalShape = reducedShape(ndim == 0 ? [] : [d], keepdim: keepdim)
        let vals: Tensor
        if ndim == 0 {
            vals = try contiguousCopy()
        } else {
            vals = try GradMode.with(false) { try gather(self.data, dim: d, index: keptIdx) }.reshapeRaw(finalShape)
        }
        _ = kept
        let idx = try keptIdx.reshapeRaw(finalShape)
        let node: Node = isMax
            ? MaxBackward0(inputShape: shape, dim: d, indices: idx, keepdim: keepdim)
            : MinBackward0(inputShape: shape, dim: d, indices: idx, keepdim: keepdim)
        vals.recording(node, inputs: [self])
        return (vals, idx)
    }

    /// `argmax()` / `argmin()`, flat or along a dim.
    public func argExtremum(dim: Int?, keepdim: Bool, isMax: Bool) throws -> Tensor {
        if dtype == .bool { throw TorchError.notImplemented("\(isMax ? "argmax" : "argmin")(): does not support bool input") }
        if let dim { return try GradMode.with(false) { try extremum(dim: dim, keepdim: keepdim, isMax: isMax).indices } }
        let flat = try GradMode.with(false) { try reshape([-1]) }
        let r = try GradMode.with(false) { try flat.extremum(dim: 0, keepdim: false, isMax: isMax).indices }
        return keepdim ? try r.reshapeRaw(Array(repeating: 1, count: ndim)) : r
    }

    /// Whether every element is zero, stopping at the first that is not (so a tensor that is
    /// not all zeros is usually answered after one element). -0 counts as zero.
    public func isAllZeros() -> Bool {
        if dtype == .float32 && isContiguous {
            let p = floatPointer
            for i in 0..<numel where p[i] != 0 { return false }
            return true
        }
        var allZero = true
        forEachRow(shape: shape, strides: [strides]) { offs, count, inner in
            guard allZero else { return }
            for i in 0..<count where doubleValueAtOffset(offs[0] + i * inner[0]) != 0 { allZero = false; return }
        }
        return allZero
    }

}

// MARK: backward nodes

/// self: grad.expand(self.sizes())
final class SumBackward0: Node {
    let inputShape: [Int]
    init(inputShape: [Int]) { self.inputShape = inputShape }
    // An expanded view, as PyTorch returns it: its strides decide how later matrix products call BLAS.
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.expand(inputShape)] }
}

/// Re-inserts reduced dims so the gradient broadcasts back.
func unsqueezeReduced(_ grad: Tensor, dims: [Int], keepdim: Bool, inputShape: [Int]) throws -> Tensor {
    if keepdim { return grad }
    var shape = grad.shape
    for d in dims.sorted() { shape.insert(1, at: d) }
    return try grad.reshape(shape)
}

/// self: grad (unsqueezed along dims) expanded to self.sizes()
final class SumBackward1: Node {
    let inputShape: [Int], dims: [Int], keepdim: Bool
    init(inputShape: [Int], dims: [Int], keepdim: Bool) { self.inputShape = inputShape; self.dims = dims; self.keepdim = keepdim }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        [try unsqueezeReduced(grad, dims: dims, keepdim: keepdim, inputShape: inputShape).expand(inputShape)]
    }
}

/// self: grad.expand(self.sizes()) / numel
final class MeanBackward0: Node {
    let inputShape: [Int], count: Int
    init(inputShape: [Int], count: Int) { self.inputShape = inputShape; self.count = count }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        [try div(.tensor(try grad.expand(inputShape)), .scalar(.int(Int64(count))))]
    }
}

final class MeanBackward1: Node {
    let inputShape: [Int], dims: [Int], keepdim: Bool, count: Int
    init(inputShape: [Int], dims: [Int], keepdim: Bool, count: Int) { self.inputShape = inputShape; self.dims = dims; self.keepdim = keepdim; self.count = count }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let g = try unsqueezeReduced(grad, dims: dims, keepdim: keepdim, inputShape: inputShape).expand(inputShape)
        return [try div(.tensor(g), .scalar(.int(Int64(count))))]
    }
}

/// self: grad * result / self (with zeros handled by recomputing the product of the others)
final class ProdBackward: Node {
    var input: SavedTensor, result: SavedTensor
    let dims: [Int], keepdim: Bool, full: Bool
    init(input: Tensor, result: Tensor, dims: [Int], keepdim: Bool, full: Bool) {
        self.input = SavedTensor(input); self.result = SavedTensor(result, asOutputOf: "Prod")
        self.dims = dims; self.keepdim = keepdim; self.full = full
    }
    override var name: String { full ? "ProdBackward0" : "ProdBackward1" }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release(); result.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let x = try input.unpack(self)
        // Product of all other elements in the reduced group, computed directly (safe with zeros),
        // in float32 for float32 graphs and in float64 otherwise, then given the gradient's dtype.
        let work: DType = grad.dtype == .float32 ? .float32 : .float64
        let g = try unsqueezeReduced(grad, dims: dims, keepdim: keepdim || full, inputShape: x.shape)
        let gFull = try g.reshape(x.reducedShape(dims, keepdim: true)).expand(x.shape).contiguousCopy(dtype: work)
        let xs = try x.contiguousCopy(dtype: work)
        var outStrides = contiguousStrides(x.reducedShape(dims, keepdim: true))
        for d in dims { outStrides[d] = 0 }
        var groups: [Int: [Int]] = [:]
        var flat = 0
        forEachRow(shape: x.shape, strides: [outStrides]) { o, n, s in
            for i in 0..<n { groups[o[0] + i * s[0], default: []].append(flat); flat += 1 }
        }
        func products<C: ComputeFloat>(_: C.Type) throws -> Tensor {
            let out = try Tensor(shape: x.shape, dtype: C.dtype, zeroed: false)
            let xp = xs.pointer(C.self), gp = gFull.pointer(C.self), op = out.pointer(C.self)
            for (_, members) in groups {
                for m in members {
                    var p: C = 1
                    for k in members where k != m { p *= xp[k] }
                    op[m] = p * gp[m]
                }
            }
            return out
        }
        let out = work == .float32 ? try products(Float.self) : try products(Double.self)
        return [try out.to(grad.dtype)]
    }
}

/// self: grad * 2 * (self - mean) / (N - correction)
final class VarBackward0: Node {
    var input: SavedTensor
    let dims: [Int], keepdim: Bool, denom: Double
    init(input: Tensor, dims: [Int], keepdim: Bool, denom: Double) { self.input = SavedTensor(input); self.dims = dims; self.keepdim = keepdim; self.denom = denom }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        // FunctionsManual var_backward: (2 / (N - correction)) * grad * (self - self.mean(dim)).
        let x = try input.unpack(self)
        let g = try unsqueezeReduced(grad, dims: dims, keepdim: keepdim, inputShape: x.shape)
        let centered = try sub(.tensor(x), .tensor(try x.mean(dims: dims, keepdim: true)))
        return [try mul(.tensor(try mul(.scalar(.float(2 / denom)), .tensor(g))), .tensor(centered))]
    }
}

/// self: grad * (self - mean) / (std * (N - correction))
final class StdBackward0: Node {
    var input: SavedTensor, result: SavedTensor
    let dims: [Int], keepdim: Bool, denom: Double
    init(input: Tensor, result: Tensor, dims: [Int], keepdim: Bool, denom: Double) {
        self.input = SavedTensor(input); self.result = SavedTensor(result, asOutputOf: "Std")
        self.dims = dims; self.keepdim = keepdim; self.denom = denom
    }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release(); result.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        // FunctionsManual std_backward: var_backward of grad / (result * 2), 0 where result == 0.
        let x = try input.unpack(self), r = try result.unpack(self)
        let gv = try div(.tensor(grad), .tensor(try mul(.tensor(r), .scalar(.int(2)))))
        let gvar = try whereSelect(try compare(.eq, .tensor(r), .scalar(.int(0))), .scalar(.float(0)), .tensor(gv))
        let g = try unsqueezeReduced(gvar, dims: dims, keepdim: keepdim, inputShape: x.shape)
        let centered = try sub(.tensor(x), .tensor(try x.mean(dims: dims, keepdim: true)))
        return [try mul(.tensor(try mul(.scalar(.float(2 / denom)), .tensor(g))), .tensor(centered))]
    }
}

/// Full max/min: gradient split evenly among elements equal to the result.
class FullExtremumBackward: Node {
    var input: SavedTensor, result: SavedTensor
    init(input: Tensor, result: Tensor) { self.input = SavedTensor(input); self.result = SavedTensor(result) }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release(); result.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let x = try input.unpack(self), r = try result.unpack(self)
        let mask = try compare(.eq, .tensor(x), .tensor(r)).to(grad.dtype)
        let count = try mask.sumRaw(dims: nil, keepdim: false)
        return [try div(.tensor(try mul(.tensor(mask), .tensor(grad))), .tensor(count))]
    }
}
final class MaxBackward1: FullExtremumBackward {}
final class MinBackward1: FullExtremumBackward {}

/// max(dim)/min(dim): grad scattered to the winning index along dim.
class DimExtremumBackward: Node {
    let inputShape: [Int], dim: Int, indices: Tensor, keepdim: Bool
    init(inputShape: [Int], dim: Int, indices: Tensor, keepdim: Bool) {
        self.inputShape = inputShape; self.dim = dim; self.indices = indices; self.keepdim = keepdim
    }
    override var savesTensors: Bool { true }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        if inputShape.isEmpty { return [try grad.contiguousCopy()] }
        let out = try Tensor.zeros(inputShape, dtype: grad.dtype)
        let g = try unsqueezeReduced(grad, dims: [dim], keepdim: keepdim, inputShape: inputShape)
        let idx = try unsqueezeReduced(indices, dims: [dim], keepdim: keepdim, inputShape: inputShape)
        // Each winner receives its line's gradient: a scatter along dim.
        try scatterAlong(out, dim: dim, index: idx, source: g)
        return [out]
    }
}
final class MaxBackward0: DimExtremumBackward {}
final class MinBackward0: DimExtremumBackward {}

// MARK: vector norm

extension Tensor {
    /// `norm(p, dim, keepdim)` / `torch.linalg.vector_norm`: floating input only; the one
    /// implementation is `vectorNorm(_:p:dims:keepdim:)` in Norms.swift (PyTorch's norm_backward,
    /// 0 where the norm is 0; differentiable again under create_graph).
    public func vectorNorm(ord p: Double = 2, dims: [Int]? = nil, keepdim: Bool = false) throws -> Tensor {
        try Engine.vectorNorm(self, p: p, dims: dims, keepdim: keepdim)
    }
}
