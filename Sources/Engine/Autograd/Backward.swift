/// The backward pass: PyTorch's engine order (ready nodes by decreasing sequence number),
/// gradient accumulation per node, hooks, retain_grad, and freeing saved tensors.
public enum Autograd {
    /// `tensor.backward(gradient, retain_graph)`.
    public static func backward(_ root: Tensor, gradient: Tensor?, retainGraph: Bool) throws {
        guard root.requiresGrad, let rootEdge = root.gradientEdge() else {
            throw TorchError.runtime("element 0 of tensors does not require grad and does not have a grad_fn")
        }
        let seed: Tensor
        if let g = gradient {
            guard g.shape == root.shape else {
                throw TorchError.runtime("Mismatch in shape: grad_output[0] has a shape of \(formatSize(g.shape)) and output[0] has a shape of \(formatSize(root.shape)).")
            }
            // PyTorch's validate_outputs: the gradient takes the output's dtype (integer gradients too).
            seed = g.dtype == root.dtype ? g : try g.to(root.dtype)
        } else {
            guard root.numel == 1 else { throw TorchError.runtime("grad can be implicitly created only for scalar outputs") }
            seed = try Tensor.full(root.shape, 1.0, dtype: root.dtype)
        }
        try GradMode.with(false) { try run(rootEdge.node, seed: seed, retainGraph: retainGraph) }
    }

    /// `capture` (torch.autograd.grad, backward(inputs=)) records the gradient arriving at given
    /// nodes and decides which leaves accumulate `.grad`.
    static func run(_ rootNode: Node, seed: Tensor, retainGraph: Bool, capture: GradCapture? = nil) throws {
        // 1. dependencies: how many edges reach each node from nodes in the graph
        var deps: [ObjectIdentifier: Int] = [:]
        var stack: [Node] = [rootNode]
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(rootNode)]
        while let n = stack.popLast() {
            for case let e? in n.nextEdges {
                let id = ObjectIdentifier(e.node)
                deps[id, default: 0] += 1
                if seen.insert(id).inserted { stack.append(e.node) }
            }
        }
        // 2. execute ready nodes, latest-created first
        var buffers: [ObjectIdentifier: Tensor] = [ObjectIdentifier(rootNode): seed]
        var ready = NodeHeap()
        ready.push(rootNode)
        var executed: [Node] = []
        defer {
            if !retainGraph { for n in executed { n.release() } }
        }
        while let node = ready.pop() {
            try checkInterrupt()
            let id = ObjectIdentifier(node)
            guard var grad = buffers.removeValue(forKey: id) else {
                // No gradient reached this node: it contributes nothing, but its inputs still
                // wait for it, so release them.
                for case let edge? in node.nextEdges {
                    let eid = ObjectIdentifier(edge.node)
                    deps[eid, default: 1] -= 1
                    if deps[eid] == 0 { ready.push(edge.node) }
                }
                continue
            }
            for hook in node.tensorPreHooks.hooks {
                if let replaced = try hook(grad) { grad = replaced }
            }
            for hook in node.preHooks.hooks {
                if let replaced = try hook([grad]) {
                    guard replaced.count == 1 else {
                        throw TorchError.runtime("hooks should return None or a tuple with the same number of elements as the number of outputs (expected 1, got \(replaced.count))")
                    }
                    if let g = replaced[0] { grad = g }
                }
            }
            if let capture {
                capture.record(node, grad)
                if let acc = node as? AccumulateGrad, !capture.accumulates(acc) {
                    executed.append(node)
                    continue
                }
            }
            if let kept = node.retainedGradTensor {
                if let existing = kept.grad { kept.grad = try existing.adding(grad) } else { kept.grad = try grad.contiguousCopy() }
            }
            let inputGrads: [Tensor?]
            if let acc = node as? AccumulateGrad {
                // A gradient that nothing else references (no other tensor shares its storage)
                // may become the leaf's .grad as it is: PyTorch steals such a gradient too
                // instead of copying it.
                let unreferenced = isKnownUniquelyReferenced(&grad) && isKnownUniquelyReferenced(&grad.storage)
                try acc.accumulate(grad, mayKeep: unreferenced)
                inputGrads = []
            } else {
                // create_graph=True runs the backward with grad mode on: the recorded formulas then.
                var grads = try (GradMode.isEnabled ? CreateGraphFormulas.apply(node, grad) : nil) ?? node.apply(grad)
                if !node.postHooks.isEmpty { grads = try runPostHooks(node, grads, grad) }
                inputGrads = grads
            }
            executed.append(node)
            for (i, edge) in node.nextEdges.enumerated() {
                guard let edge else { continue }
                let eid = ObjectIdentifier(edge.node)
                if i < inputGrads.count, var g = inputGrads[i] {
                    if i < node.inputDTypes.count, g.dtype != node.inputDTypes[i], node.inputDTypes[i].isFloatingPoint {
                        g = try g.to(node.inputDTypes[i])
                    }
                    if let acc = buffers[eid] {
                        // Recorded when the backward builds a graph (create_graph=True).
                        buffers[eid] = GradMode.isEnabled ? try add(acc, g) : try acc.adding(g)
                    } else { buffers[eid] = g }
                }
                deps[eid, default: 1] -= 1
                if deps[eid] == 0 { ready.push(edge.node) }
            }
        }
    }
}

extension Autograd {
    /// `grad_fn.register_hook` hooks: each sees one gradient per input edge (nil where none
    /// flows) and the node's incoming gradient, and may return replacements.
    static func runPostHooks(_ node: Node, _ grads: [Tensor?], _ grad: Tensor) throws -> [Tensor?] {
        var inputs = (0..<node.nextEdges.count).map { i in i < grads.count && node.nextEdges[i] != nil ? grads[i] : nil }
        for hook in node.postHooks.hooks {
            guard let replaced = try hook(inputs, [grad]) else { continue }
            guard replaced.count == inputs.count else {
                throw TorchError.runtime("hooks should return None or a tuple with the same number of elements as the number of inputs (expected \(inputs.count), got \(replaced.count))")
            }
            inputs = replaced
        }
        return inputs
    }
}

/// A max-heap of nodes by sequence number.
struct NodeHeap {
    private var items: [Node] = []
    mutating func push(_ n: Node) {
        items.append(n)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if items[p].sequenceNr >= items[i].sequenceNr { break }
            items.swapAt(p, i)
            i = p
        }
    }
    mutating func pop() -> Node? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && items[l].sequenceNr > items[m].sequenceNr { m = l }
            if r < items.count && items[r].sequenceNr > items[m].sequenceNr { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return top
    }
}
