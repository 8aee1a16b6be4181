/// An op built from other ops but shown as one node, as PyTorch shows it (layer_norm is one
/// NativeLayerNormBackward0, conv1d one ConvolutionBackward0): the body runs on stand-in leaves
/// with history, and the node's backward runs that inner graph back to them. The inner graph is
/// kept (retained) for as long as the node lives, so a retain_graph backward can run it again.
public func asSingleNode(_ name: String, inputs: [Tensor], _ body: ([Tensor]) throws -> Tensor) throws -> Tensor {
    guard Tensor.needsGrad(inputs) else { return try GradMode.with(false) { try body(inputs) } }
    var leaves: [Tensor] = []
    var wanted: [Int] = []
    for (i, t) in inputs.enumerated() {
        let leaf = t.detach()
        if t.requiresGrad {
            leaf.requiresGrad = true
            wanted.append(i)
        }
        leaves.append(leaf)
    }
    let inner = try GradMode.with(true) { try body(leaves) }
    let out = inner.detach()
    let targets = wanted.map { leaves[$0] }
    return out.recordingFormula(name, inputs: inputs) { _, g, node in
        let grads = try Autograd.grad(outputs: [inner], inputs: targets, gradOutputs: [g], retainGraph: true, allowUnused: true)
        var result = [Tensor?](repeating: nil, count: inputs.count)
        for (k, i) in wanted.enumerated() where node.wants(i) { result[i] = grads[k] }
        return result
    }
}
