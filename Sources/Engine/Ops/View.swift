/// Views that share storage — view, reshape, flatten, squeeze, unsqueeze, t, transpose,
/// permute, expand, select, slice — and their backward nodes.

/// Resolves one `-1` in a requested shape, with PyTorch's messages.
/// PyTorch's check that a shape's element count fits in int64 (c10's safe_compute_numel):
/// a view of 2**62 x 2**62 rows would overflow every loop that walks it.
func checkNumel(_ shape: [Int]) throws {
    var n = 1
    for d in shape {
        let (p, overflow) = n.multipliedReportingOverflow(by: d)
        if overflow { throw TorchError.runtime("numel: integer multiplication overflow") }
        n = p
    }
}

func inferShape(_ requested: [Int], numel: Int) throws -> [Int] {
    var shape = requested
    var inferred: Int? = nil
    var known = 1
    for (i, d) in requested.enumerated() {
        if d == -1 {
            if inferred != nil { throw TorchError.runtime("only one dimension can be inferred") }
            inferred = i
        } else if d < 0 {
            throw TorchError.runtime("invalid shape dimension \(d)")
        } else {
            let (product, overflow) = known.multipliedReportingOverflow(by: d)
            known = overflow ? -1 : product   // more elements than any tensor: never matches
            if overflow { break }
        }
    }
    let invalid = TorchError.runtime("shape '\(shapeList(requested))' is invalid for input of size \(numel)")
    if known < 0 { throw invalid }
    if let i = inferred {
        guard known != 0, numel % known == 0 else {
            if known == 0 { throw TorchError.runtime("cannot reshape tensor of 0 elements into shape \(shapeList(requested)) because the unspecified dimension size -1 can be any value and is ambiguous") }
            throw invalid
        }
        shape[i] = numel / known
    } else if known != numel {
        throw invalid
    }
    return shape
}

/// ATen's computeStride: strides that express `newShape` over the existing layout, or nil
/// when the view would need a copy.
func viewStrides(oldShape: [Int], oldStrides: [Int], newShape: [Int]) -> [Int]? {
    if oldShape.isEmpty { return Array(repeating: 1, count: newShape.count) }
    let numel = oldShape.reduce(1, *)
    if numel == 0 { return oldShape == newShape ? oldStrides : contiguousStrides(newShape) }
    var newStrides = [Int](repeating: 0, count: newShape.count)
    var viewD = newShape.count - 1
    var chunkBaseStride = oldStrides.last!
    var tensorNumel = 1, viewNumel = 1
    var tensorD = oldShape.count - 1
    while tensorD >= 0 {
        tensorNumel *= oldShape[tensorD]
        if tensorD == 0 || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride) {
            while viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1) {
                newStrides[viewD] = viewNumel * chunkBaseStride
                viewNumel *= newShape[viewD]
                viewD -= 1
            }
            if viewNumel != tensorNumel { return nil }
            if tensorD > 0 {
                chunkBaseStride = oldStrides[tensorD - 1]
                tensorNumel = 1
                viewNumel = 1
            }
        }
        tensorD -= 1
    }
    return viewD == -1 ? newStrides : nil
}

extension Tensor {
    /// `view(*shape)`: never copies.
    public func view(_ requested: [Int]) throws -> Tensor {
        let shape = try inferShape(requested, numel: numel)
        guard let st = viewStrides(oldShape: self.shape, oldStrides: strides, newShape: shape) else {
            throw TorchError.runtime("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
        }
        return makeView(shape: shape, strides: st, offset: offset).recording(ViewBackward0(inputShape: self.shape), inputs: [self])
    }

    /// `reshape(*shape)`: a view when possible, else a copy (UnsafeViewBackward0).
    public func reshape(_ requested: [Int]) throws -> Tensor {
        let shape = try inferShape(requested, numel: numel)
        if viewStrides(oldShape: self.shape, oldStrides: strides, newShape: shape) != nil { return try view(shape) }
        let copy = try contiguousCopy()
        let out = Tensor(storage: copy.storage, shape: shape, strides: contiguousStrides(shape), offset: 0, dtype: dtype, version: copy.version)
        return out.recording(UnsafeViewBackward0(inputShape: self.shape), inputs: [self])
    }

    /// A view recorded as `_unsafe_view` (UnsafeViewBackward0), as PyTorch's composite ops
    /// (matmul, linear on non-2-D inputs) record their final reshape.
    func unsafeView(_ shape: [Int]) throws -> Tensor {
        let st = viewStrides(oldShape: self.shape, oldStrides: strides, newShape: shape) ?? contiguousStrides(shape)
        let src = viewStrides(oldShape: self.shape, oldStrides: strides, newShape: shape) != nil ? self : try contiguousCopy()
        return src.makeView(shape: shape, strides: st, offset: src.offset).recording(UnsafeViewBackward0(inputShape: self.shape), inputs: [self])
    }

    /// Reshape without autograd (used by backward formulas).
    func reshapeRaw(_ shape: [Int]) throws -> Tensor {
        try GradMode.with(false) { try reshape(shape) }
    }

    /// `flatten(start_dim, end_dim)`.
    public func flatten(startDim: Int = 0, endDim: Int = -1) throws -> Tensor {
        if ndim == 0 { return try reshape([1]) }
        let s = try normalizeDim(startDim, ndim), e = try normalizeDim(endDim, ndim)
        guard s <= e else { throw TorchError.runtime("flatten() has invalid args: start_dim cannot come after end_dim") }
        if s == e { return self }
        let merged = shape[s...e].reduce(1, *)
        return try reshape(Array(shape[..<s]) + [merged] + Array(shape[(e + 1)...]))
    }

    /// `squeeze()` (all size-1 dims) or `squeeze(dim)`.
    public func squeeze(_ dim: Int? = nil) throws -> Tensor {
        if let dim {
            let d = try normalizeDim(dim, ndim)
            guard ndim > 0, shape[d] == 1 else { return makeAlias(SqueezeBackward1(inputShape: shape)) }
            var sh = shape, st = strides
            sh.remove(at: d); st.remove(at: d)
            return makeView(shape: sh, strides: st, offset: offset).recording(SqueezeBackward1(inputShape: shape), inputs: [self])
        }
        var sh: [Int] = [], st: [Int] = []
        for (d, s) in shape.enumerated() where s != 1 { sh.append(s); st.append(strides[d]) }
        return makeView(shape: sh, strides: st, offset: offset).recording(SqueezeBackward0(inputShape: shape), inputs: [self])
    }

    /// A view with the same geometry, recording `node` (squeeze of a non-1 dim and similar no-ops).
    func makeAlias(_ node: Node) -> Tensor {
        makeView(shape: shape, strides: strides, offset: offset).recording(node, inputs: [self])
    }

    public func unsqueeze(_ dim: Int) throws -> Tensor {
        let d = try normalizeDim(dim, ndim + 1)
        var sh = shape, st = strides
        let newStride = d < ndim ? shape[d] * strides[d] : 1
        sh.insert(1, at: d)
        st.insert(newStride, at: d)
        return makeView(shape: sh, strides: st, offset: offset).recording(UnsqueezeBackward0(dim: d), inputs: [self])
    }

    /// `t()`: transpose of a tensor with at most 2 dims.
    public func t() throws -> Tensor {
        guard ndim <= 2 else { throw TorchError.runtime("t() expects a tensor with <= 2 dimensions, but self is \(ndim)D") }
        if ndim < 2 { return makeAlias(TBackward0()) }
        return makeView(shape: [shape[1], shape[0]], strides: [strides[1], strides[0]], offset: offset).recording(TBackward0(), inputs: [self])
    }

    public func transpose(_ d0: Int, _ d1: Int) throws -> Tensor {
        let a = try normalizeDim(d0, ndim), b = try normalizeDim(d1, ndim)
        var sh = shape, st = strides
        if ndim > 0 { sh.swapAt(a, b); st.swapAt(a, b) }
        return makeView(shape: sh, strides: st, offset: offset).recording(TransposeBackward0(d0: a, d1: b), inputs: [self])
    }

    public func permute(_ dims: [Int]) throws -> Tensor {
        guard dims.count == ndim else {
            throw TorchError.runtime("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = \(ndim) is not equal to len(dims) = \(dims.count)")
        }
        let norm = try dims.map { try normalizeDim($0, ndim) }
        guard Set(norm).count == norm.count else { throw TorchError.runtime("permute(): duplicate dims are not allowed.") }
        return makeView(shape: norm.map { shape[$0] }, strides: norm.map { strides[$0] }, offset: offset)
            .recording(PermuteBackward0(dims: norm), inputs: [self])
    }

    /// `expand(*sizes)`: -1 keeps a size; new leading dims allowed.
    public func expand(_ sizes: [Int]) throws -> Tensor {
        guard sizes.count >= ndim else {
            throw TorchError.runtime("expand(\(dtype.legacyTypeName){\(shapeList(shape))}, size=\(shapeList(sizes))): the number of sizes provided (\(sizes.count)) must be greater or equal to the number of dimensions in the tensor (\(ndim))")
        }
        var sh = [Int](), st = [Int]()
        let lead = sizes.count - ndim
        for (i, s) in sizes.enumerated() {
            if i < lead {
                guard s >= 0 else { throw TorchError.runtime("The expanded size of the tensor (\(s)) isn't allowed in a leading, non-existing dimension \(i)") }
                sh.append(s); st.append(0)
            } else {
                let cur = shape[i - lead]
                let target = s == -1 ? cur : s
                if cur == target { sh.append(cur); st.append(strides[i - lead]) } else if cur == 1 { sh.append(target); st.append(0) } else {
                    throw TorchError.runtime("The expanded size of the tensor (\(target)) must match the existing size (\(cur)) at non-singleton dimension \(i).  Target sizes: \(shapeList(sizes)).  Tensor sizes: \(shapeList(shape))")
                }
            }
        }
        try checkNumel(sh)
        return makeView(shape: sh, strides: st, offset: offset).recording(ExpandBackward0(inputShape: shape), inputs: [self])
    }

    /// `select(dim, index)` / `t[i]`.
    public func select(_ dim: Int, _ index: Int) throws -> Tensor {
        guard ndim > 0 else { throw TorchError.index("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number") }
        let d = try normalizeDim(dim, ndim)
        let size = shape[d]
        guard index >= -size && index < size else {
            throw TorchError.index("index \(index) is out of bounds for dimension \(d) with size \(size)")
        }
        let i = index < 0 ? index + size : index
        var sh = shape, st = strides
        sh.remove(at: d); st.remove(at: d)
        return makeView(shape: sh, strides: st, offset: offset + i * strides[d])
            .recording(SelectBackward0(inputShape: shape, dim: d, index: i), inputs: [self])
    }

    /// `t[start:stop:step]` along `dim`, with Python's clamping of out-of-range bounds.
    public func slice(_ dim: Int, start: Int?, stop: Int?, step: Int = 1) throws -> Tensor {
        guard ndim > 0 else { throw TorchError.index("slice() cannot be applied to a 0-dim tensor.") }
        let d = try normalizeDim(dim, ndim)
        guard step > 0 else { throw TorchError.value("step must be greater than zero") }
        let size = shape[d]
        func clampIndex(_ v: Int?, _ dflt: Int) -> Int {
            guard var x = v else { return dflt }
            if x < 0 { x += size }
            return Swift.min(Swift.max(x, 0), size)
        }
        let s = clampIndex(start, 0)
        let e = Swift.max(clampIndex(stop, size), s)
        let len = (e - s + step - 1) / step
        var sh = shape, st = strides
        sh[d] = len
        st[d] = strides[d] * step
        return makeView(shape: sh, strides: st, offset: offset + s * strides[d])
            .recording(SliceBackward0(inputShape: shape, dim: d, start: s, step: step), inputs: [self])
    }

    /// `narrow(dim, start, length)`.
    public func narrow(_ dim: Int, start: Int, length: Int) throws -> Tensor {
        guard ndim > 0 else { throw TorchError.runtime("narrow() cannot be applied to a 0-dim tensor.") }
        let d = try normalizeDim(dim, ndim)
        let s = start < 0 ? start + shape[d] : start
        guard s >= 0, length >= 0, s + length <= shape[d] else {
            throw TorchError.runtime("start (\(start)) + length (\(length)) exceeds dimension size (\(shape[d])).")
        }
        return try slice(d, start: s, stop: s + length)
    }
}

// MARK: backward nodes

/// self: grad.reshape(self.sizes())
final class ViewBackward0: Node {
    let inputShape: [Int]
    init(inputShape: [Int]) { self.inputShape = inputShape }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.reshape(inputShape)] }
}

final class UnsafeViewBackward0: Node {
    let inputShape: [Int]
    init(inputShape: [Int]) { self.inputShape = inputShape }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.reshape(inputShape)] }
}

final class SqueezeBackward0: Node {
    let inputShape: [Int]
    init(inputShape: [Int]) { self.inputShape = inputShape }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.reshape(inputShape)] }
}

final class SqueezeBackward1: Node {
    let inputShape: [Int]
    init(inputShape: [Int]) { self.inputShape = inputShape }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.reshape(inputShape)] }
}

/// self: grad.squeeze(dim)
final class UnsqueezeBackward0: Node {
    let dim: Int
    init(dim: Int) { self.dim = dim }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.squeeze(dim)] }
}

final class TBackward0: Node {
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.t()] }
}

final class TransposeBackward0: Node {
    let d0: Int, d1: Int
    init(d0: Int, d1: Int) { self.d0 = d0; self.d1 = d1 }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.transpose(d0, d1)] }
}

/// self: grad.permute(inverse(dims))
final class PermuteBackward0: Node {
    let dims: [Int]
    init(dims: [Int]) { self.dims = dims }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        var inverse = [Int](repeating: 0, count: dims.count)
        for (i, d) in dims.enumerated() { inverse[d] = i }
        return [try grad.permute(inverse)]
    }
}

/// self: grad summed back to the original sizes
final class ExpandBackward0: Node {
    let inputShape: [Int]
    init(inputShape: [Int]) { self.inputShape = inputShape }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.sumTo(inputShape)] }
}

/// self: zeros with grad written at `index` along `dim`
final class SelectBackward0: Node {
    let inputShape: [Int], dim: Int, index: Int
    init(inputShape: [Int], dim: Int, index: Int) { self.inputShape = inputShape; self.dim = dim; self.index = index }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let out = try Tensor.zeros(inputShape, dtype: grad.dtype)
        let target = out.data
        let view = try GradMode.with(false) { try target.select(dim, index) }
        copyElements(from: grad, srcStrides: grad.strides, to: view, shape: view.shape)
        return [out]
    }
}

/// self: zeros with grad written into the slice
final class SliceBackward0: Node {
    let inputShape: [Int], dim: Int, start: Int, step: Int
    init(inputShape: [Int], dim: Int, start: Int, step: Int) { self.inputShape = inputShape; self.dim = dim; self.start = start; self.step = step }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let out = try Tensor.zeros(inputShape, dtype: grad.dtype)
        let len = grad.shape[dim]
        let view = try GradMode.with(false) { try out.data.slice(dim, start: start, stop: start + (len - 1) * step + 1, step: step) }
        copyElements(from: grad, srcStrides: grad.strides, to: view, shape: view.shape)
        return [out]
    }
}

extension Tensor {
    /// `view(dtype)`: the same bytes read as another dtype (no copy, no history). With a different
    /// element size the last dimension scales, as PyTorch allows it.
    public func view(as newType: DType) throws -> Tensor {
        let old = dtype.itemSize, new = newType.itemSize
        if old == new {
            return Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: newType, version: version)
        }
        let what = "to view \(dtype.scalarName) as \(newType.scalarName) (different element sizes)"
        guard ndim > 0 else { throw TorchError.runtime("self.dim() cannot be 0 \(what)") }
        guard strides[ndim - 1] == 1 else { throw TorchError.runtime("self.stride(-1) must be 1 \(what), but got \(strides[ndim - 1])") }
        var sh = shape, st = strides
        let newOffset: Int
        if new < old {
            let ratio = old / new
            sh[ndim - 1] *= ratio
            for d in 0..<(ndim - 1) { st[d] *= ratio }
            newOffset = offset * ratio
        } else {
            let ratio = new / old
            guard shape[ndim - 1] % ratio == 0 else {
                throw TorchError.runtime("self.size(-1) must be divisible by \(ratio) \(what), but got \(shape[ndim - 1])")
            }
            guard offset % ratio == 0 else {
                throw TorchError.runtime("self.storage_offset() must be divisible by \(ratio) \(what), but got \(offset)")
            }
            for d in 0..<(ndim - 1) where strides[d] % ratio != 0 {
                throw TorchError.runtime("self.stride(\(d)) must be divisible by \(ratio) \(what), but got \(strides[d])")
            }
            sh[ndim - 1] /= ratio
            for d in 0..<(ndim - 1) { st[d] /= ratio }
            newOffset = offset / ratio
        }
        return Tensor(storage: storage, shape: sh, strides: st, offset: newOffset, dtype: newType, version: version)
    }
}
