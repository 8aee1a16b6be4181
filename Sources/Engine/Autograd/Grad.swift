/// `torch.autograd.grad`, `torch.autograd.backward` with several roots or `inputs=`, and the
/// opt-in higher-order gradients (`create_graph=True`) for the ops whose backward is itself
/// built from recorded ops.

/// What a backward pass run for `grad` / `backward(inputs=)` captures: the gradient arriving at
/// the nodes of the requested tensors, and which leaves may accumulate `.grad` as it goes.
final class GradCapture {
    /// Node → indices of the requested tensors that node stands for.
    var targets: [ObjectIdentifier: [Int]] = [:]
    var grads: [Tensor?]
    /// The accumulators that run during the pass.
    let accumulating: Set<ObjectIdentifier>

    init(count: Int, accumulating: Set<ObjectIdentifier>) {
        grads = Array(repeating: nil, count: count)
        self.accumulating = accumulating
    }

    func record(_ node: Node, _ grad: Tensor) {
        guard let ks = targets[ObjectIdentifier(node)] else { return }
        for k in ks { grads[k] = grad }
    }

    func accumulates(_ acc: AccumulateGrad) -> Bool { accumulating.contains(ObjectIdentifier(acc)) }
}

/// The root of a pass started from several tensors: one edge per root, its seeds as gradients.
final class GraphRoot: Node {
    let seeds: [Tensor]
    init(edges: [Edge?], seeds: [Tensor]) {
        self.seeds = seeds
        super.init()
        nextEdges = edges
    }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { seeds }
}

extension Autograd {
    /// Which leaves a pass adds into `.grad`.
    public enum Accumulation { case none, all, only([Tensor]) }

    /// `torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, create_graph,
    /// allow_unused)`: the gradients of the outputs with respect to each input, without touching
    /// any `.grad`. Unused inputs give nil with `allowUnused`, else PyTorch's error.
    public static func grad(outputs: [Tensor], inputs: [Tensor], gradOutputs: [Tensor?] = [], retainGraph: Bool? = nil,
                            createGraph: Bool = false, allowUnused: Bool = false) throws -> [Tensor?] {
        for x in inputs where !x.requiresGrad {
            throw TorchError.runtime("One of the differentiated Tensors does not require grad")
        }
        let grads = try run(roots: outputs, gradients: gradOutputs, targets: inputs, accumulation: .none,
                            retainGraph: retainGraph ?? createGraph, createGraph: createGraph)
        if !allowUnused, let k = grads.firstIndex(where: { $0 == nil }) {
            throw TorchError.runtime("The differentiated Tensor at index \(k) appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.")
        }
        return grads
    }

    /// `torch.autograd.backward(tensors, grad_tensors, retain_graph, create_graph, inputs)` and
    /// `t.backward(gradient, retain_graph, create_graph, inputs)`.
    public static func backward(_ roots: [Tensor], gradients: [Tensor?] = [], retainGraph: Bool? = nil,
                                createGraph: Bool = false, inputs: [Tensor]? = nil) throws {
        if let inputs {
            guard !inputs.isEmpty else { throw TorchError.runtime("'inputs' argument to backward() cannot be empty.") }
            let grads = try run(roots: roots, gradients: gradients, targets: inputs, accumulation: .only(inputs),
                                retainGraph: retainGraph ?? createGraph, createGraph: createGraph)
            // A non-leaf input gets its gradient in `.grad`, as PyTorch does for `inputs=`.
            for (x, g) in zip(inputs, grads) where !x.isLeaf {
                if let g { x.grad = try x.grad.map { try $0.adding(g) } ?? g.contiguousCopy() }
            }
            return
        }
        if roots.count == 1 && !createGraph {
            try backward(roots[0], gradient: gradients.first ?? nil, retainGraph: retainGraph ?? false)
            return
        }
        _ = try run(roots: roots, gradients: gradients, targets: [], accumulation: .all, retainGraph: retainGraph ?? createGraph, createGraph: createGraph)
    }

    /// One pass from several roots: returns the gradient arriving at each target tensor.
    static func run(roots: [Tensor], gradients: [Tensor?], targets: [Tensor], accumulation: Accumulation,
                    retainGraph: Bool, createGraph: Bool) throws -> [Tensor?] {
        for (i, r) in roots.enumerated() where !r.requiresGrad {
            throw TorchError.runtime("element \(i) of tensors does not require grad and does not have a grad_fn")
        }
        let seeds = try roots.enumerated().map { i, r -> Tensor in
            if let g = gradients.count > i ? gradients[i] : nil {
                guard g.shape == r.shape else {
                    throw TorchError.runtime("Mismatch in shape: grad_output[\(i)] has a shape of \(formatSize(g.shape)) and output[\(i)] has a shape of \(formatSize(r.shape)).")
                }
                return g.dtype != r.dtype && r.dtype.isFloatingPoint ? try g.to(r.dtype) : g
            }
            guard r.numel == 1 else { throw TorchError.runtime("grad can be implicitly created only for scalar outputs") }
            return try Tensor.full(r.shape, 1.0, dtype: r.dtype)
        }
        let root = GraphRoot(edges: roots.map { $0.gradientEdge() }, seeds: seeds)
        // Leaves hold their accumulators weakly: keep the targets' alive for the pass.
        let targetNodes = targets.map { $0.gradientEdge()?.node }
        if createGraph { try checkDoubleBackward(root) }

        var accumulators: [AccumulateGrad] = []
        switch accumulation {
        case .none: break
        case .all: accumulators = reachableAccumulators(root)
        case .only(let ts): accumulators = ts.compactMap { $0.isLeaf ? $0.gradientEdge()?.node as? AccumulateGrad : nil }
        }
        // In create-graph mode the accumulators do not run: their gradients are captured and
        // added afterwards with history (so `x.grad.requires_grad` is True, as in PyTorch).
        let capture = GradCapture(count: targets.count + (createGraph ? accumulators.count : 0),
                                  accumulating: createGraph ? [] : Set(accumulators.map { ObjectIdentifier($0) }))
        for (k, n) in targetNodes.enumerated() {
            if let n { capture.targets[ObjectIdentifier(n), default: []].append(k) }
        }
        if createGraph {
            for (k, a) in accumulators.enumerated() { capture.targets[ObjectIdentifier(a), default: []].append(targets.count + k) }
        }
        try GradMode.with(createGraph) {
            try Autograd.run(root, seed: Tensor(scalar: Float(0)), retainGraph: retainGraph, capture: capture)
        }
        if createGraph {
            for (k, a) in accumulators.enumerated() {
                guard let g = capture.grads[targets.count + k] else { continue }
                if let existing = a.variable.grad {
                    a.variable.grad = try add(existing, g)
                } else {
                    // PyTorch stores a copy of the first gradient (grad_fn CopyBackwards).
                    let fresh = try Tensor.zeros(g.shape, dtype: g.dtype)
                    a.variable.grad = try fresh.copyFrom(g)
                }
            }
        }
        return Array(capture.grads.prefix(targets.count))
    }

    static func reachableAccumulators(_ root: Node) -> [AccumulateGrad] {
        var out: [AccumulateGrad] = []
        var seen = Set<ObjectIdentifier>()
        var stack: [Node] = [root]
        while let n = stack.popLast() {
            for case let e? in n.nextEdges where seen.insert(ObjectIdentifier(e.node)).inserted {
                if let a = e.node as? AccumulateGrad { out.append(a) }
                stack.append(e.node)
            }
        }
        return out
    }

    /// Nodes whose backward formula is made only of recorded ops on recorded inputs, so that
    /// running it with grad mode on gives a correct graph of the gradient. Others (nodes that
    /// save their own output detached, or compute with raw kernels) would silently lose terms,
    /// so create_graph=True refuses them.
    static let doubleBackwardSafe: Set<String> = [
        "AccumulateGrad", "AddBackward0", "SubBackward0", "RsubBackward1", "MulBackward0", "DivBackward0",
        "NegBackward0", "PowBackward0", "LogBackward0", "SinBackward0", "CosBackward0", "SumBackward0", "SumBackward1",
        "MeanBackward0", "MeanBackward1", "ViewBackward0", "UnsafeViewBackward0", "UnsqueezeBackward0",
        "SqueezeBackward0", "SqueezeBackward1", "TBackward0", "TransposeBackward0", "PermuteBackward0",
        "ExpandBackward0", "CloneBackward0", "AbsBackward0", "DotBackward0",
        "UnsqueezeBackward1", "SqueezeBackward3", "SqueezeBackward4", "SqueezeBackward5", "TBackward1", "TransposeBackward1",
    ]

    static func checkDoubleBackward(_ root: GraphRoot) throws {
        var seen = Set<ObjectIdentifier>()
        var stack: [Node] = root.nextEdges.compactMap { $0?.node }
        while let n = stack.popLast() {
            guard seen.insert(ObjectIdentifier(n)).inserted else { continue }
            let safe = doubleBackwardSafe.contains(n.name) || CreateGraphFormulas.names.contains(n.name) || (n as? FormulaBackward)?.createsGraph == true
            guard safe else {
                throw TorchError(.notImplementedError, "create_graph=True (a gradient of a gradient) is not supported by nnrepl through \(n.name); it is supported for graphs made of + - * / ** (by a number), neg, abs, exp, log, sqrt, sin, cos, tanh, sigmoid, relu, sum, mean, matrix products (mm, linear, mv, dot), mse_loss, view/reshape/transpose ops and custom autograd Functions")
            }
            for case let e? in n.nextEdges { stack.append(e.node) }
        }
    }
}
