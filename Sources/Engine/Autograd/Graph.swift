extension Tensor {
    /// The edge a gradient for this tensor flows along: its grad_fn, or its leaf accumulator.
    func gradientEdge() -> Edge? {
        guard requiresGrad else { return nil }
        if let fn = gradFn { return Edge(node: fn, inputNr: 0) }
        if let acc = gradAccumulator { return Edge(node: acc, inputNr: 0) }
        let acc = AccumulateGrad(self)
        gradAccumulator = acc
        return Edge(node: acc, inputNr: 0)
    }

    /// Whether a result computed from `inputs` must record history.
    static func needsGrad(_ inputs: [Tensor]) -> Bool {
        GradMode.isEnabled && inputs.contains { $0.requiresGrad }
    }

    /// Attaches `node` as this result's grad_fn, with edges to `inputs`, when grad mode is on
    /// and an input requires grad. Returns self for chaining.
    @discardableResult
    func recording(_ node: @autoclosure () -> Node, inputs: [Tensor]) -> Tensor {
        guard Tensor.needsGrad(inputs) else { return self }
        let n = node()
        n.nextEdges = inputs.map { $0.gradientEdge() }
        n.inputDTypes = inputs.map(\.dtype)
        n.outputShape = shape
        gradFn = n
        requiresGrad = true
        return self
    }

    /// Which PyTorch entry point sets requires_grad: each words the dtype error differently.
    public enum RequiresGradSource { case factory, method, attribute }

    /// Marks a leaf as requiring grad (`requires_grad=True`, `requires_grad_()`, `.requires_grad =`).
    public func setRequiresGrad(_ flag: Bool, source: RequiresGradSource = .attribute) throws {
        if !isLeaf {
            throw TorchError.runtime("you can only change requires_grad flags of leaf variables." + (flag ? "" : " If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."))
        }
        if flag && !dtype.isFloatingPoint {
            switch source {
            case .factory: throw TorchError.runtime("Only Tensors of floating point and complex dtype can require gradients")
            case .method: throw TorchError.runtime("only Tensors of floating point dtype can require gradients")
            case .attribute: throw TorchError.runtime("only Tensors of floating point and complex dtype can require gradients")
            }
        }
        requiresGrad = flag
    }

    /// `retain_grad()`: keep `.grad` on a non-leaf after backward.
    public func retainGrad() throws {
        guard requiresGrad else { throw TorchError.runtime("can't retain_grad on Tensor that has requires_grad=False") }
        if isLeaf { return }
        retainsGrad = true
        gradFn?.retainedGradTensor = self
    }

    /// `register_hook(fn)`: `fn(grad)` may return a replacement gradient. Returns the hook's
    /// id, for `removeHook` (the handle's `remove()`).
    @discardableResult
    public func registerHook(_ hook: @escaping (Tensor) throws -> Tensor?) throws -> Int {
        guard requiresGrad else {
            throw TorchError.runtime("cannot register a hook on a tensor that doesn't require gradient")
        }
        if let fn = gradFn { return fn.tensorPreHooks.add(hook) }
        return hooks.add(hook)
    }

    /// Removes a hook `registerHook` added (wherever it went: the tensor's grad_fn at the time,
    /// or the leaf itself). Removing twice does nothing, as in PyTorch.
    public func removeHook(_ id: Int, from node: Node?) {
        if let node { node.tensorPreHooks.remove(id) } else { hooks.remove(id) }
    }

    /// Checks PyTorch's in-place rules before this tensor is written in place.
    public func checkInPlace() throws {
        guard GradMode.isEnabled else { return }
        if requiresGrad && isLeaf {
            if let base = viewBase, base.requiresGrad, base.isLeaf, base !== self {
                throw TorchError.runtime("a view of a leaf Variable that requires grad is being used in an in-place operation.")
            }
            throw TorchError.runtime("a leaf Variable that requires grad is being used in an in-place operation.")
        }
        if let base = viewBase, base.requiresGrad, base.isLeaf {
            throw TorchError.runtime("a view of a leaf Variable that requires grad is being used in an in-place operation.")
        }
    }

    /// After an in-place op computed with `inputs` (self first), records `node` as the new
    /// history of self, whose previous history becomes the node's first input edge.
    func rebaseHistory(_ node: @autoclosure () -> Node, inputs: [Tensor]) throws {
        bumpVersion()
        guard Tensor.needsGrad(inputs) else { return }
        let n = node()
        n.nextEdges = inputs.map { $0.gradientEdge() }
        n.inputDTypes = inputs.map(\.dtype)
        n.outputShape = shape
        if let base = viewBase, base !== self {
            try rebaseViewHistory(base: base, fn: n)
            return
        }
        gradFn = n
        requiresGrad = true
    }

    /// An in-place op on a view writes into its base: as PyTorch does, the base's history
    /// becomes CopySlices (the op's backward applied to the view's region of the base's
    /// gradient) and the view's becomes AsStridedBackward0, a view of that new base.
    private func rebaseViewHistory(base: Tensor, fn: Node) throws {
        let positions = try Tensor(int64s: try flatPositions(in: base).map { Int64($0) }, shape: [numel])
        let copy = CopySlices(baseShape: base.shape, positions: positions, viewShape: shape, fn: fn)
        copy.nextEdges = [base.gradientEdge()] + fn.nextEdges.dropFirst()
        copy.inputDTypes = [base.dtype] + fn.inputDTypes.dropFirst()
        copy.outputShape = base.shape
        base.gradFn = copy
        base.requiresGrad = true
        let view = AsStridedBackward0(baseShape: base.shape, positions: positions)
        view.nextEdges = [base.gradientEdge()]
        view.inputDTypes = [base.dtype]
        view.outputShape = shape
        gradFn = view
        requiresGrad = true
    }

    /// For each element of this view (row-major), the row-major index of the base element at
    /// the same place in storage.
    private func flatPositions(in base: Tensor) throws -> [Int] {
        let mine = (0..<numel).map { offset + storageOffset(ofFlat: $0) }
        if base.strides == contiguousStrides(base.shape) { return mine.map { $0 - base.offset } }
        var flatOf: [Int: Int] = [:]
        for i in 0..<base.numel { flatOf[base.offset + base.storageOffset(ofFlat: i)] = i }
        return try mine.map { pos in
            guard let i = flatOf[pos] else { throw TorchError.runtime("an in-place write through a view reached memory outside its base") }
            return i
        }
    }
}

/// The base's history after an in-place op on one of its views: the base's gradient passes
/// unchanged outside the view's region; inside it, through the op's backward `fn` (whose first
/// output lands back in the region, the others go to the op's other inputs).
final class CopySlices: Node {
    let baseShape: [Int], positions: Tensor, viewShape: [Int], fn: Node
    init(baseShape: [Int], positions: Tensor, viewShape: [Int], fn: Node) {
        self.baseShape = baseShape; self.positions = positions; self.viewShape = viewShape; self.fn = fn
    }
    override var savesTensors: Bool { fn.savesTensors }
    override func releaseSaved() { fn.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        try fn.checkNotReleased()
        let result = try grad.contiguousCopy().reshapeRaw([grad.numel])
        let region = try gatherFlat(result, positions).reshapeRaw(viewShape)
        let grads = try fn.apply(region)
        let own = try grads.first.flatMap { $0 }?.expand(viewShape).contiguousCopy(dtype: result.dtype)
            ?? Tensor.zeros(viewShape, dtype: result.dtype)
        try result.dtype.dispatchBits(MoveFlat(t: result, positions: positions, out: try own.reshapeRaw([own.numel]), writing: true))
        return [try result.reshapeRaw(baseShape)] + grads.dropFirst()
    }
}

/// A view's history after an in-place op through it: its gradient placed at the view's region
/// of a zero gradient for the (rebased) base.
final class AsStridedBackward0: Node {
    let baseShape: [Int], positions: Tensor
    init(baseShape: [Int], positions: Tensor) { self.baseShape = baseShape; self.positions = positions }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let out = try Tensor.zeros(baseShape, dtype: grad.dtype)
        let g = try grad.contiguousCopy()
        try out.dtype.dispatchBits(MoveFlat(t: out, positions: positions, out: try g.reshapeRaw([g.numel]), writing: true))
        return [out]
    }
}
