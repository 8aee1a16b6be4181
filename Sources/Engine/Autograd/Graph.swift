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

    /// `register_hook(fn)`: `fn(grad)` may return a replacement gradient.
    public func registerHook(_ hook: @escaping (Tensor) throws -> Tensor?) throws {
        guard requiresGrad else {
            throw TorchError.runtime("cannot register a hook on a tensor that doesn't require gradient")
        }
        if let fn = gradFn { fn.tensorPreHooks.append(hook) } else { hooks.append(hook) }
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
        if viewBase != nil && (viewBase!.requiresGrad) {
            throw TorchError(.notImplementedError, "in-place operations on views of tensors that require grad are not supported by nnrepl; use an out-of-place operation (e.g. y = y * 2) instead")
        }
        let n = node()
        n.nextEdges = inputs.map { $0.gradientEdge() }
        n.inputDTypes = inputs.map(\.dtype)
        n.outputShape = shape
        gradFn = n
        requiresGrad = true
    }
}
