/// The in-place view ops (`unsqueeze_`, `squeeze_`, `t_`, `transpose_`, `swapdims_`): the tensor
/// itself takes the geometry the out-of-place op would give — same storage and offset, new sizes
/// and strides — and, as for any in-place op, its version is bumped and its history gets the
/// op's in-place node (UnsqueezeBackward1, SqueezeBackward3/4/5, TBackward1, TransposeBackward1,
/// the names PyTorch's VariableType records), whose backward maps the gradient back to the old
/// geometry. The char-RNN tutorial writes `target_line_tensor.unsqueeze_(-1)`.
extension Tensor {
    /// Takes `view`'s sizes and strides (a view of self with self's offset) and records `node`.
    private func restride(like view: Tensor, _ node: @autoclosure () -> Node) throws -> Tensor {
        try checkInPlace()
        shape = view.shape
        strides = view.strides
        try rebaseHistory(node(), inputs: [self])
        return self
    }

    /// The out-of-place op's geometry, without recording anything.
    private func geometry(_ op: (Tensor) throws -> Tensor) throws -> Tensor {
        try GradMode.with(false) { try op(self) }
    }

    /// `x.unsqueeze_(dim)`.
    public func unsqueezeInPlace(_ dim: Int) throws -> Tensor {
        let d = try normalizeDim(dim, ndim + 1)
        return try restride(like: try geometry { try $0.unsqueeze(d) }, UnsqueezeBackward1(dim: d))
    }

    /// `x.squeeze_()` (every size-1 dim), `x.squeeze_(dim)` or `x.squeeze_((d0, d1, …))`.
    public func squeezeInPlace(_ dims: [Int]? = nil, tupleForm: Bool = false) throws -> Tensor {
        let old = shape
        guard let dims else { return try restride(like: try geometry { try $0.squeeze() }, SqueezeBackward3(inputShape: old)) }
        let ds = try dims.map { try normalizeDim($0, ndim) }
        if Set(ds).count != ds.count {
            throw TorchError.runtime("dim \(ds.first { d in ds.filter { $0 == d }.count > 1 }!) appears multiple times in the list of dims")
        }
        var sh: [Int] = [], st: [Int] = []
        for d in 0..<ndim where !(ds.contains(d) && shape[d] == 1) { sh.append(shape[d]); st.append(strides[d]) }
        let view = makeView(shape: sh, strides: st, offset: offset)
        return try restride(like: view, tupleForm ? SqueezeBackward5(inputShape: old) as Node : SqueezeBackward4(inputShape: old))
    }

    /// `x.t_()`.
    public func tInPlace() throws -> Tensor {
        guard ndim <= 2 else { throw TorchError.runtime("t_() expects a tensor with <= 2 dimensions, but self is \(ndim)D") }
        return try restride(like: try geometry { try $0.t() }, TBackward1())
    }

    /// `x.transpose_(dim0, dim1)` (and `swapdims_`, `swapaxes_`).
    public func transposeInPlace(_ d0: Int, _ d1: Int) throws -> Tensor {
        let a = try normalizeDim(d0, ndim), b = try normalizeDim(d1, ndim)
        return try restride(like: try geometry { try $0.transpose(a, b) }, TransposeBackward1(d0: a, d1: b))
    }
}

/// squeeze_(): self: unsqueeze_to(grad, self.sizes())
final class SqueezeBackward3: Node {
    let inputShape: [Int]
    init(inputShape: [Int]) { self.inputShape = inputShape }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.reshape(inputShape)] }
}

/// squeeze_(dim)
final class SqueezeBackward4: Node {
    let inputShape: [Int]
    init(inputShape: [Int]) { self.inputShape = inputShape }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.reshape(inputShape)] }
}

/// squeeze_(dims)
final class SqueezeBackward5: Node {
    let inputShape: [Int]
    init(inputShape: [Int]) { self.inputShape = inputShape }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.reshape(inputShape)] }
}

/// unsqueeze_(dim): self: grad.squeeze(dim)
final class UnsqueezeBackward1: Node {
    let dim: Int
    init(dim: Int) { self.dim = dim }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.squeeze(dim)] }
}

/// t_(): self: grad.t()
final class TBackward1: Node {
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.t()] }
}

/// transpose_(dim0, dim1): self: grad.transpose(dim0, dim1)
final class TransposeBackward1: Node {
    let d0: Int, d1: Int
    init(d0: Int, d1: Int) { self.d0 = d0; self.d1 = d1 }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.transpose(d0, d1)] }
}
