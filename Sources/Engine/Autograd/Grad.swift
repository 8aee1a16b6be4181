/// `torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, allow_unused)`: the
/// gradients of `outputs` with respect to `inputs`, returned instead of accumulated into `.grad`.
extension Autograd {
    public static func grad(outputs: [Tensor], inputs: [Tensor], gradOutputs: [Tensor?], retainGraph: Bool,
                            allowUnused: Bool) throws -> [Tensor?] {
        guard !inputs.contains(where: { !$0.requiresGrad }) else {
            throw TorchError.runtime("One of the differentiated Tensors does not require grad")
        }
        let capture = GradientCapture()
        let edges = inputs.map { $0.gradientEdge() }
        for e in edges { if let e { capture.watch(e.node) } }
        try GradMode.with(false) {
            for (k, out) in outputs.enumerated() {
                guard out.requiresGrad, let edge = out.gradientEdge() else {
                    throw TorchError.runtime("element \(k) of tensors does not require grad and does not have a grad_fn")
                }
                let seed: Tensor
                if k < gradOutputs.count, let g = gradOutputs[k] {
                    seed = g
                } else {
                    guard out.numel == 1 else { throw TorchError.runtime("grad can be implicitly created only for scalar outputs") }
                    seed = try Tensor.full(out.shape, 1.0, dtype: out.dtype)
                }
                try run(edge.node, seed: seed, retainGraph: retainGraph || k < outputs.count - 1, capture: capture)
            }
        }
        return try edges.enumerated().map { i, e in
            guard let e, let g = capture.gradients[ObjectIdentifier(e.node)] else {
                if allowUnused { return nil }
                throw TorchError.runtime("The differentiated Tensor at index \(i) appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.")
            }
            return g
        }
    }
}

/// The gradients that reached the watched nodes during a backward pass (summed over passes).
public final class GradientCapture {
    private var watched = Set<ObjectIdentifier>()
    public private(set) var gradients: [ObjectIdentifier: Tensor] = [:]
    func watch(_ node: Node) { watched.insert(ObjectIdentifier(node)) }
    func record(_ node: Node, _ grad: Tensor) {
        let id = ObjectIdentifier(node)
        guard watched.contains(id) else { return }
        if let g = gradients[id], let sum = try? g.adding(grad) { gradients[id] = sum } else { gradients[id] = grad }
    }
}
