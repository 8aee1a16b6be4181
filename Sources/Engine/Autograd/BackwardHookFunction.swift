/// torch/nn/modules/_functions.py `BackwardHookFunction`: the identity PyTorch puts on a
/// module's tensor inputs and outputs while it has full backward hooks, so that the gradients
/// passing there can be seen and replaced. Its node is BackwardHookFunctionBackward (a Python
/// autograd Function's node, shown under torch.autograd.function).
public enum BackwardHookFunction {
    public static let nodeName = "BackwardHookFunctionBackward"

    /// `tensors` passed through one node: the results share storage with them, and those whose
    /// input requires grad have the node as grad_fn. When the backward reaches the node,
    /// `reached` gets one gradient per tensor (nil where none arrived; zeros instead with
    /// `materialize`, for a tensor that requires grad, as a Function's backward is given them)
    /// and returns the gradients to pass on to the inputs.
    public static func apply(_ tensors: [Tensor], materialize: Bool, reached: @escaping ([Tensor?]) throws -> [Tensor?]) -> [Tensor] {
        let outputs = tensors.map { $0.detach() }
        guard Tensor.needsGrad(tensors) else { return outputs }
        if tensors.count == 1 {
            let node = hookNode { g, _ in [try reached([g]).first ?? nil] }
            outputs[0].attaching(node, inputs: tensors)
            return outputs
        }
        // Several tensors, one node: the engine gives each node one gradient, so each result
        // gets a node of its own that only keeps its gradient, and all of them lead to the node
        // that has the inputs' edges (through a carrier scalar whose gradients are ignored), which
        // runs after them and calls `reached` once with all the gradients.
        let shapes = tensors.map(\.shape), dtypes = tensors.map(\.dtype), wanted = tensors.map(\.requiresGrad)
        let pending = PendingGradients(count: tensors.count)
        let core = hookNode { _, node in
            var grads = pending.take()
            if materialize {
                for i in grads.indices where grads[i] == nil && wanted[i] { grads[i] = try Tensor.zeros(shapes[i], dtype: dtypes[i]) }
            }
            let passed = try reached(grads)
            return grads.indices.map { i in i < passed.count && node.wants(i) ? passed[i] : nil }
        }
        let carrier = Tensor(scalar: Double(0)).attaching(core, inputs: tensors)
        for i in tensors.indices where wanted[i] {
            let slot = hookNode { g, _ in
                try pending.add(g, at: i)
                return [Tensor(scalar: Double(0))]
            }
            slot.shownAs = core
            outputs[i].attaching(slot, inputs: [carrier])
        }
        return outputs
    }

    private static func hookNode(_ body: @escaping (Tensor, FormulaBackward) throws -> [Tensor?]) -> FormulaBackward {
        let node = FormulaBackward(nodeName) { _, g, node in try body(g, node) }
        node.pythonModule = "torch.autograd.function"
        node.createsGraph = true
        return node
    }

    /// The gradients the results' nodes received, until the inputs' node takes them.
    private final class PendingGradients {
        var grads: [Tensor?]
        init(count: Int) { grads = Array(repeating: nil, count: count) }
        func add(_ g: Tensor, at i: Int) throws { grads[i] = try grads[i].map { try $0.adding(g) } ?? g }
        func take() -> [Tensor?] {
            defer { grads = Array(repeating: nil, count: grads.count) }
            return grads
        }
    }
}
