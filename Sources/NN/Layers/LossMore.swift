import Engine

/// The other loss modules of torch.nn (each a thin wrapper of its functional form in Engine).
/// Like every PyTorch loss their repr shows no options (`SmoothL1Loss()`).

/// `nn.SmoothL1Loss(reduction='mean', beta=1.0)`: squared error below `beta`, absolute error
/// (minus β/2) above it.
open class SmoothL1Loss: LossModule {
    public let beta: OptionValue
    public init(reduction: String = "mean", beta: OptionValue = 1.0) { self.beta = beta; super.init(reduction: reduction) }
    open override func forward(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try smoothL1Loss(input, target, reduction: try parsedReduction, beta: try beta.number())
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] { super.optionAttributes + [("beta", beta)] }
}

/// `nn.HuberLoss(reduction='mean', delta=1.0)`: 0.5·z² below `delta`, δ·(z − δ/2) above.
open class HuberLoss: LossModule {
    public let delta: OptionValue
    public init(reduction: String = "mean", delta: OptionValue = 1.0) { self.delta = delta; super.init(reduction: reduction) }
    open override func forward(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try huberLoss(input, target, reduction: try parsedReduction, delta: try delta.number())
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] { super.optionAttributes + [("delta", delta)] }
}

/// `nn.KLDivLoss(reduction='mean', log_target=False)`: the Kullback-Leibler divergence of the
/// target from the input (log-probabilities); `reduction='batchmean'` gives the true KL.
open class KLDivLoss: LossModule {
    public let logTarget: Bool
    public init(reduction: String = "mean", logTarget: Bool = false) { self.logTarget = logTarget; super.init(reduction: reduction) }
    open override func forward(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try klDiv(input, target, reduction: reduction, logTarget: logTarget)
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] { super.optionAttributes + [("log_target", .bool(logTarget))] }
}

/// `nn.SoftMarginLoss(reduction='mean')`: log(1 + exp(−y·x)) for targets ±1.
open class SoftMarginLoss: LossModule {
    open override func forward(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try softMarginLoss(input, target, reduction: try parsedReduction)
    }
}

/// `nn.PoissonNLLLoss(log_input=True, full=False, eps=1e-08, reduction='mean')`.
open class PoissonNLLLoss: LossModule {
    public let logInput: Bool, full: Bool
    public let eps: OptionValue
    public init(logInput: Bool = true, full: Bool = false, eps: OptionValue = 1e-8, reduction: String = "mean") {
        self.logInput = logInput; self.full = full; self.eps = eps
        super.init(reduction: reduction)
    }
    open override func forward(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try poissonNLLLoss(input, target, logInput: logInput, full: full, eps: try eps.number(), reduction: try parsedReduction)
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] {
        super.optionAttributes + [("log_input", .bool(logInput)), ("full", .bool(full)), ("eps", eps)]
    }
}

/// `nn.HingeEmbeddingLoss(margin=1.0, reduction='mean')`.
open class HingeEmbeddingLoss: LossModule {
    public let margin: OptionValue
    public init(margin: OptionValue = 1.0, reduction: String = "mean") { self.margin = margin; super.init(reduction: reduction) }
    open override func forward(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try hingeEmbeddingLoss(input, target, margin: try margin.number(), reduction: try parsedReduction)
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] { super.optionAttributes + [("margin", margin)] }
}

/// A loss called with three tensors (`loss(x1, x2, y)`, `loss(anchor, positive, negative)`,
/// `loss(input, target, var)`).
open class TripleInputLoss: Module, MultiValueForward {
    public let reduction: String
    let parameters: String
    public init(reduction: String, parameters: String) {
        self.reduction = reduction
        self.parameters = parameters
        super.init()
    }
    public var forwardParameters: String { parameters }
    public func forward(values: [ModuleValue]) throws -> ModuleValue {
        let names = parameters.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var tensors: [Tensor] = []
        for (v, name) in zip(values, names) {
            guard case .tensor(let t) = v else { throw TorchError.type("\(typeName).forward(): argument '\(name)' must be Tensor") }
            tensors.append(t)
        }
        // (the interpreter runs forward hooks after every module call)
        return .tensor(try loss(tensors[0], tensors[1], tensors[2]))
    }
    open func loss(_ a: Tensor, _ b: Tensor, _ c: Tensor) throws -> Tensor {
        throw TorchError(.notImplementedError, "Module [\(typeName)] is missing the required \"forward\" function")
    }
    open override func forward(_ input: Tensor) throws -> Tensor {
        throw TorchError.type("\(typeName).forward() missing 2 required positional arguments")
    }
    var parsedReduction: Reduction { get throws { try Reduction.parse(reduction) } }
    open override var optionAttributes: [(name: String, value: OptionValue)] { [("reduction", .string(reduction))] }
}

/// `nn.CosineEmbeddingLoss(margin=0.0, reduction='mean')`: called as `loss(x1, x2, y)`.
open class CosineEmbeddingLoss: TripleInputLoss {
    public let margin: OptionValue
    public init(margin: OptionValue = 0.0, reduction: String = "mean") {
        self.margin = margin
        super.init(reduction: reduction, parameters: "input1, input2, target")
    }
    open override func loss(_ a: Tensor, _ b: Tensor, _ c: Tensor) throws -> Tensor {
        try cosineEmbeddingLoss(a, b, c, margin: try margin.number(), reduction: try parsedReduction)
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] { super.optionAttributes + [("margin", margin)] }
}

/// `nn.MarginRankingLoss(margin=0.0, reduction='mean')`: called as `loss(x1, x2, y)`.
open class MarginRankingLoss: TripleInputLoss {
    public let margin: OptionValue
    public init(margin: OptionValue = 0.0, reduction: String = "mean") {
        self.margin = margin
        super.init(reduction: reduction, parameters: "input1, input2, target")
    }
    open override func loss(_ a: Tensor, _ b: Tensor, _ c: Tensor) throws -> Tensor {
        try marginRankingLoss(a, b, c, margin: try margin.number(), reduction: try parsedReduction)
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] { super.optionAttributes + [("margin", margin)] }
}

/// `nn.TripletMarginLoss(margin=1.0, p=2.0, eps=1e-06, swap=False, reduction='mean')`:
/// called as `loss(anchor, positive, negative)`.
open class TripletMarginLoss: TripleInputLoss {
    public let margin: OptionValue, p: OptionValue, eps: OptionValue
    public let swap: Bool
    public init(margin: OptionValue = 1.0, p: OptionValue = 2.0, eps: OptionValue = 1e-6, swap: Bool = false, reduction: String = "mean") {
        self.margin = margin; self.p = p; self.eps = eps; self.swap = swap
        super.init(reduction: reduction, parameters: "anchor, positive, negative")
    }
    open override func loss(_ a: Tensor, _ b: Tensor, _ c: Tensor) throws -> Tensor {
        try tripletMarginLoss(a, b, c, margin: try margin.number(), p: try p.number(), eps: try eps.number(), swap: swap, reduction: try parsedReduction)
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] {
        super.optionAttributes + [("margin", margin), ("p", p), ("eps", eps), ("swap", .bool(swap))]
    }
}

/// `nn.GaussianNLLLoss(*, full=False, eps=1e-06, reduction='mean')`: called as
/// `loss(input, target, var)`.
open class GaussianNLLLoss: TripleInputLoss {
    public let full: Bool
    public let eps: OptionValue
    public init(full: Bool = false, eps: OptionValue = 1e-6, reduction: String = "mean") {
        self.full = full; self.eps = eps
        super.init(reduction: reduction, parameters: "input, target, var")
    }
    open override func loss(_ a: Tensor, _ b: Tensor, _ c: Tensor) throws -> Tensor {
        try gaussianNLLLoss(a, b, c, full: full, eps: try eps.number(), reduction: reduction)
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] { super.optionAttributes + [("full", .bool(full)), ("eps", eps)] }
}
