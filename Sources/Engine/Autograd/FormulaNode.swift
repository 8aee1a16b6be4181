/// A backward node whose formula is a closure: the op-specific state a hand-written node class
/// would hold lives in the closure, and the tensors it needs are `SavedTensor`s, so the in-place
/// version check and "backward through the graph a second time" behave as for every other node.
/// Used by the ops added for the wider torch surface (logsumexp, tril, embedding, …): each is a
/// forward kernel plus its derivative formula from PyTorch's derivatives.yaml, under the node
/// name PyTorch gives it.
public final class FormulaBackward: Node {
    public typealias Formula = (_ saved: [Tensor], _ grad: Tensor, _ node: FormulaBackward) throws -> [Tensor?]
    let nodeName: String
    private var saved: [SavedTensor]
    private let formula: Formula?

    /// `saving` are unpacked (in order) and passed to `formula` with the incoming gradient;
    /// `formula` returns one gradient per input edge (nil where none flows).
    public init(_ name: String, saving: [SavedTensor] = [], _ formula: @escaping Formula) {
        nodeName = name
        saved = saving
        self.formula = formula
    }

    public override var name: String { displayName ?? nodeName }
    /// The Python module of the node's class when it is not a C++ node (`torch.autograd.function`
    /// for the nodes of Python autograd Functions), shown by repr.
    public var pythonModule: String?
    /// A node of a gradient's own graph whose formula is made of recorded ops on inputs kept
    /// with their history: create_graph=True may go through it (a Python autograd.Function's
    /// backward, run with grad mode on under create_graph, is such a formula).
    public var createsGraph = false
    /// Whether saved outputs come back with this node as grad_fn under create_graph (off for a
    /// node whose outputs each have a node of their own, which then does the aliasing).
    public var aliasesSavedOutputs = true
    /// Only a node that keeps tensors fails on a second backward, as in PyTorch.
    public override var savesTensors: Bool { !saved.isEmpty }
    public override func releaseSaved() {
        for i in saved.indices { saved[i].release() }
    }

    public override func apply(_ grad: Tensor) throws -> [Tensor?] {
        guard let formula else { return [] }
        let tensors = try saved.map { s -> Tensor in
            let t = try s.unpack(self)
            // Under create_graph, a saved output of this node is handed out as PyTorch's
            // SavedVariable hands it out: an alias whose grad_fn is this node, so that the
            // gradient of the gradient flows back through it (a custom Function saving exp(x)).
            guard createsGraph, aliasesSavedOutputs, GradMode.isEnabled, s.producerName != nil else { return t }
            return t.outputAlias(of: self)
        }
        return try formula(tensors, grad, self)
    }

    /// Whether input `i` needs a gradient (its edge exists): formulas skip work for the others.
    public func wants(_ i: Int) -> Bool { i < nextEdges.count && nextEdges[i] != nil }
}

extension Tensor {
    /// Records a `FormulaBackward` as this result's grad_fn (when an input requires grad).
    /// `saving` are inputs kept for the backward; `savingResult` keeps this output (detached,
    /// named `producer` in the in-place error) after them.
    @discardableResult
    public func recordingFormula(_ name: String, inputs: [Tensor], saving: [Tensor] = [], savingResult producer: String? = nil,
                                 _ formula: @escaping FormulaBackward.Formula) -> Tensor {
        guard Tensor.needsGrad(inputs) else { return self }
        var saves = saving.map { SavedTensor($0) }
        if let producer { saves.append(SavedTensor(self, asOutputOf: producer)) }
        return recording(FormulaBackward(name, saving: saves, formula), inputs: inputs)
    }
}

extension Tensor {
    /// This tensor's data with `node` as grad_fn: a saved output handed back to its producer's
    /// backward, so that a gradient of the gradient flows into `node` again.
    public func outputAlias(of node: Node) -> Tensor {
        let alias = detach()
        alias.gradFn = node
        alias.requiresGrad = true
        return alias
    }

    /// Attaches `node` as this tensor's grad_fn with edges to `inputs` (the nodes of Python
    /// autograd Functions, built outside Engine), when an input requires grad.
    @discardableResult
    public func attaching(_ node: Node, inputs: [Tensor]) -> Tensor { recording(node, inputs: inputs) }
}
