/// A backward node of the autograd graph (`grad_fn`). Subclasses are named exactly as PyTorch
/// names them (`MulBackward0`), so `type(t.grad_fn).__name__` needs no table.
open class Node {
    /// Creation order; the backward pass runs later nodes first, as PyTorch's engine does.
    public let sequenceNr: Int
    /// One edge per differentiable input, in argument order: nil for an input that needs no
    /// gradient (`(None, 0)` in Python).
    public internal(set) var nextEdges: [Edge?] = []
    /// The dtype of each input, so the engine hands every input a gradient of its own dtype
    /// (PyTorch's `validate_outputs`): a float32 leaf used in a float64 graph gets a float32 grad.
    var inputDTypes: [DType] = []
    /// Hooks registered on the tensor this node produced (`register_hook` on a non-leaf).
    var tensorPreHooks = HookList<(Tensor) throws -> Tensor?>()
    /// `grad_fn.register_prehook(fn)`: `fn(grad_outputs)` before the node runs; may replace them.
    public var preHooks = HookList<([Tensor?]) throws -> [Tensor?]?>()
    /// `grad_fn.register_hook(fn)`: `fn(grad_inputs, grad_outputs)` after the node ran (one
    /// gradient per input edge, nil where none flows); may replace the gradients it passes on.
    public var postHooks = HookList<([Tensor?], [Tensor?]) throws -> [Tensor?]?>()
    /// The non-leaf whose `.grad` is kept (`retain_grad()`).
    weak var retainedGradTensor: Tensor?
    /// Set once the saved tensors were freed by a backward without retain_graph.
    public internal(set) var savedReleased = false
    /// The shape of the tensor this node produced (set when it is attached), so that a view of
    /// the graph (`%graph`) can show sizes without keeping the tensor alive.
    public internal(set) var outputShape: [Int]?

    nonisolated(unsafe) static var nextSequenceNr = 0

    public init() {
        sequenceNr = Node.nextSequenceNr
        Node.nextSequenceNr += 1
    }

    /// A graph a million steps long (`out = out * 3` in a loop) would be freed by a million
    /// nested deinits and overflow the stack: the nodes this one points to are kept alive in
    /// `NodeTeardown.pending` and freed later in a loop, as PyTorch's `deleteNode` does.
    deinit {
        if !nextEdges.isEmpty { NodeTeardown.pending.append(contentsOf: nextEdges) }
    }

    /// The node Python is shown instead of this one: a result's own node standing in for the
    /// one node PyTorch has for several results (BackwardHookFunctionBackward), which the
    /// single-gradient engine splits in two.
    public weak var shownAs: Node?

    /// Set when one implementation stands for several PyTorch nodes (SqueezeBackward4, CopySlices…).
    public var displayName: String?

    /// The class name Python shows (`type(grad_fn).__name__`).
    open var name: String { displayName ?? String(describing: type(of: self)) }

    /// Gradients for each input edge, given the gradient of this node's output.
    open func apply(_ grad: Tensor) throws -> [Tensor?] { fatalError("apply not implemented for \(name)") }

    /// Whether this node keeps tensors for its backward (only such nodes fail on a second backward).
    open var savesTensors: Bool { false }

    /// Drops saved tensors after a backward without retain_graph.
    open func releaseSaved() {}

    func release() {
        if savesTensors {
            releaseSaved()
            savedReleased = true
        }
    }

    /// Throws PyTorch's "backward through the graph a second time" error when saved tensors are gone.
    public func checkNotReleased() throws {
        if savedReleased {
            throw TorchError.runtime("Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.")
        }
    }
}

/// A node that saves its two inputs (products, quotients, extrema): the shared bookkeeping.
open class BinarySavedNode: Node {
    public var a: SavedTensor, b: SavedTensor
    public init(a: Tensor, b: Tensor) {
        self.a = SavedTensor(a)
        self.b = SavedTensor(b)
    }
    open override var savesTensors: Bool { true }
    open override func releaseSaved() { a.release(); b.release() }
}

/// A node that saves its input for the backward (log, sqrt's input, abs, clamp, …).
open class SavedInputNode: Node {
    public var input: SavedTensor
    public init(input: Tensor) { self.input = SavedTensor(input) }
    open override var savesTensors: Bool { true }
    open override func releaseSaved() { input.release() }
}

/// A node that saves its own output (exp, sigmoid, tanh, relu, softmax, …), detached so no
/// cycle forms; `producer` names the op in the in-place error ("output 0 of Sigmoid").
open class SavedResultNode: Node {
    public var result: SavedTensor
    public init(result: Tensor, producer: String) { self.result = SavedTensor(result, asOutputOf: producer) }
    open override var savesTensors: Bool { true }
    open override func releaseSaved() { result.release() }
}

/// `(node, input_nr)` in `next_functions`.
/// The input nodes of dead nodes, freed in a loop instead of a recursion (`Node.deinit`). A node
/// dies only after its saved tensors are gone; while its inputs' nodes wait here, releasing
/// those tensors frees nothing further, so no deinit nests inside another. The interpreter
/// drains before every statement.
public enum NodeTeardown {
    nonisolated(unsafe) public static var pending: [Edge?] = []
    nonisolated(unsafe) static var draining = false

    public static func drain() {
        guard !draining, !pending.isEmpty else { return }
        draining = true
        // Each popped edge is dropped at the end of its iteration; the node freed then appends
        // its own inputs' edges here.
        while !pending.isEmpty { _ = pending.removeLast() }
        pending = []
        draining = false
    }
}

public struct Edge {
    public let node: Node
    public let inputNr: Int
}

/// The node that adds an incoming gradient into a leaf's `.grad`.
public final class AccumulateGrad: Node {
    /// The leaf (`grad_fn.variable`); strong, while the leaf refers to this node weakly.
    public let variable: Tensor
    init(_ variable: Tensor) {
        self.variable = variable
        super.init()
    }

    public override func apply(_ grad: Tensor) throws -> [Tensor?] {
        try accumulate(grad, mayKeep: false)
        return []
    }

    /// Adds `grad` into the leaf's `.grad`. `mayKeep`: the backward engine holds the only
    /// reference to `grad` and its storage, so a first gradient of the leaf's layout can be
    /// kept as it is instead of copied.
    func accumulate(_ grad: Tensor, mayKeep: Bool) throws {
        var g = grad
        let hooks = variable.hooks
        for hook in hooks.hooks {
            if let replaced = try hook(g) { g = replaced }
        }
        if let existing = variable.grad {
            // A grad zeroed by hand (`p.grad.zero_()`) starts a new count; one zeroed by
            // zero_grad() is known to be (count 0) and is not scanned. The scan stops at the
            // first nonzero element, so a real accumulation costs next to nothing.
            let restart = variable.gradAccumulations == 0 || existing.isAllZeros()
            try existing.addInPlaceNoGrad(g)
            variable.gradAccumulations = restart ? 1 : variable.gradAccumulations + 1
        } else if mayKeep && hooks.isEmpty && g.offset == 0 && g.dtype == variable.dtype && g.shape == variable.shape
                    && g.isContiguous && g.storage.byteCount == g.numel * g.dtype.itemSize && !g.requiresGrad {
            variable.grad = g
            variable.gradAccumulations = 1
        } else {
            // A fresh contiguous copy: the incoming tensor may alias a saved value or another grad.
            variable.grad = try g.contiguousCopy()
            variable.gradAccumulations = 1
        }
    }
}

/// A tensor kept by a node for its backward, with the version it had when saved, so that an
/// in-place change in between is detected as PyTorch detects it.
public struct SavedTensor {
    public private(set) var tensor: Tensor?
    let savedVersion: Int
    let version: VersionCounter
    /// For outputs saved by their own node: "output 0 of Sigmoid" in the error text.
    let producerName: String?

    /// Saves `t`. An op that saves its own output passes `asOutputOf` so that the saved copy
    /// holds the data without the output's grad_fn (no reference cycle).
    public init(_ t: Tensor, asOutputOf producer: String? = nil) {
        tensor = producer == nil ? t : t.detach()
        savedVersion = t.version.value
        version = t.version
        producerName = producer
    }

    /// The saved tensor, after checking it was neither freed nor modified in place.
    public func unpack(_ node: Node) throws -> Tensor {
        try node.checkNotReleased()
        guard let t = tensor else { throw TorchError.runtime("saved tensor missing") }
        if version.value != savedVersion {
            let shape = "[\(t.dtype.legacyTypeName) [\(t.shape.map(String.init).joined(separator: ", "))]]"
            let which = producerName.map { ", which is output 0 of \($0)," } ?? ""
            throw TorchError.runtime("one of the variables needed for gradient computation has been modified by an inplace operation: \(shape)\(which) is at version \(version.value); expected version \(savedVersion) instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")
        }
        return t
    }

    public mutating func release() { tensor = nil }
}

/// Global grad mode (`torch.no_grad()`, `torch.set_grad_enabled`).
public enum GradMode {
    nonisolated(unsafe) public static var isEnabled = true
    /// `torch.inference_mode()` blocks entered and not left: storage allocated meanwhile makes
    /// inference tensors (`Tensor.is_inference()`).
    nonisolated(unsafe) public static var inferenceDepth = 0

    /// Runs `body` with grad mode set to `enabled`, restoring it afterwards.
    public static func with<T>(_ enabled: Bool, _ body: () throws -> T) rethrows -> T {
        let saved = isEnabled
        isEnabled = enabled
        defer { isEnabled = saved }
        return try body()
    }
}
