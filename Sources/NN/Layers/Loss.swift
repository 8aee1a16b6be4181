import Engine

/// The base of the loss modules (PyTorch's `_Loss`): called with two tensors,
/// `criterion(input, target)`. `reduction` is `'none'`, `'mean'` (default) or `'sum'`; an invalid
/// string is accepted here and rejected when the loss is computed
/// (`ValueError: foo is not a valid value for reduction`). Loss reprs never show options.
open class LossModule: Module {
    /// `reduction`.
    public let reduction: String

    /// A loss with this `reduction` (validated when the loss is computed).
    public init(reduction: String = "mean") {
        self.reduction = reduction
        super.init()
    }

    /// The loss of `input` against `target`.
    open func forward(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        throw TorchError(.notImplementedError, "Module [\(typeName)] is missing the required \"forward\" function")
    }

    /// A loss needs two arguments; one is Python's missing-argument TypeError.
    open override func forward(_ input: Tensor) throws -> Tensor {
        throw TorchError.type("\(typeName).forward() missing 1 required positional argument: 'target'")
    }

    /// `criterion(input, target)` from Swift: forward, then the observers with both inputs.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        let out = try forward(input, target)
        try notifyForwardObservers(inputs: [input, target], output: out)
        return out
    }

    var parsedReduction: Reduction { get throws { try Reduction.parse(reduction) } }

    open override var optionAttributes: [(name: String, value: OptionValue)] { [("reduction", .string(reduction))] }
}

/// A loss with an optional per-class `weight` buffer (PyTorch's `_WeightedLoss`).
open class WeightedLossModule: LossModule {
    /// Registers `weight` as a buffer (None when nil).
    public init(weight: Tensor?, reduction: String = "mean") {
        super.init(reduction: reduction)
        registerBuffer("weight", weight)
    }

    /// The `weight` buffer (nil when not given).
    public var weight: Tensor? { buffer("weight") }
}

/// `nn.MSELoss(reduction='mean')`: the mean squared error (squared L2 norm) between each element
/// of the input x and target y. Unreduced, ℓ(x, y) = {l_1, …, l_N}ᵀ with l_n = (x_n − y_n)²;
/// `'mean'` averages over all elements, `'sum'` sums. Gradient: 2(x − y)/N for the mean.
/// A target of a different shape is broadcast with PyTorch's UserWarning.
///
/// **Parameters**
/// - `reduction` (str, optional): `'none'` | `'mean'` | `'sum'`. Default: `'mean'`.
///
/// **Shape**
/// - Input: (*), where * means any number of dimensions.
/// - Target: (*), same shape as the input.
/// - Output: a scalar; with `'none'`, (*), same shape as the input.
///
/// **Examples**
/// ```
/// >>> loss = nn.MSELoss()
/// >>> input = torch.randn(3, 5, requires_grad=True)
/// >>> target = torch.randn(3, 5)
/// >>> output = loss(input, target)
/// >>> output.backward()
/// ```
open class MSELoss: LossModule {
    open override func forward(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try mseLoss(input, target, reduction: try parsedReduction)
    }
}

/// `nn.L1Loss(reduction='mean')`: the mean absolute error (MAE) between each element of the
/// input x and target y: l_n = |x_n − y_n|, then the reduction.
///
/// **Parameters**
/// - `reduction` (str, optional): `'none'` | `'mean'` | `'sum'`. Default: `'mean'`.
///
/// **Shape**
/// - Input: (*), where * means any number of dimensions.
/// - Target: (*), same shape as the input.
/// - Output: a scalar; with `'none'`, (*), same shape as the input.
///
/// **Examples**
/// ```
/// >>> loss = nn.L1Loss()
/// >>> input = torch.randn(3, 5, requires_grad=True)
/// >>> target = torch.randn(3, 5)
/// >>> output = loss(input, target)
/// ```
open class L1Loss: LossModule {
    open override func forward(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try l1Loss(input, target, reduction: try parsedReduction)
    }
}

/// `nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)`:
/// the cross entropy loss between input logits and target, useful when training a
/// classification problem with C classes. It is `nll_loss(log_softmax(x, dim=1), y)`:
///
///     l_n = −w_{y_n} · log( exp(x_{n,y_n}) / Σ_c exp(x_{n,c}) ) · 1{y_n ≠ ignore_index}
///
/// With `'mean'` the sum is divided by Σ_n w_{y_n} · 1{y_n ≠ ignore_index}. The target may also
/// hold class probabilities (a float tensor of the input's shape). With `label_smoothing` ε the
/// target mixes the one-hot label with the uniform distribution: (1 − ε)·onehot + ε/C.
/// Gradient w.r.t. the logits (no weights): (softmax(x) − onehot(y)) / N.
///
/// **Parameters**
/// - `weight` (Tensor, optional): a manual rescaling weight given to each class, of size C.
/// - `ignore_index` (int, optional): a target value that is ignored and does not contribute to
///   the input gradient. Default: -100.
/// - `reduction` (str, optional): `'none'` | `'mean'` | `'sum'`. Default: `'mean'`.
/// - `label_smoothing` (float, optional): in [0.0, 1.0]. Default: 0.0.
///
/// **Shape**
/// - Input: (C), (N, C) or (N, C, d_1, …, d_K).
/// - Target: class indices () , (N) or (N, d_1, …, d_K) with values in [0, C); or probabilities
///   of the input's shape.
/// - Output: a scalar; with `'none'`, the target's shape (for class indices).
///
/// **Examples**
/// ```
/// >>> loss = nn.CrossEntropyLoss()
/// >>> input = torch.randn(3, 5, requires_grad=True)
/// >>> target = torch.empty(3, dtype=torch.long).random_(5)
/// >>> output = loss(input, target)
/// >>> output.backward()
/// ```
open class CrossEntropyLoss: WeightedLossModule {
    /// `ignore_index`.
    public let ignoreIndex: Int
    /// `label_smoothing`.
    public let labelSmoothing: Double

    /// The loss with its options; `weight` becomes a buffer.
    public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: String = "mean", labelSmoothing: Double = 0) {
        self.ignoreIndex = ignoreIndex
        self.labelSmoothing = labelSmoothing
        super.init(weight: weight, reduction: reduction)
    }

    open override func forward(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try crossEntropy(input, target, weight: weight, ignoreIndex: Int64(ignoreIndex), reduction: try parsedReduction,
                         labelSmoothing: labelSmoothing)
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        super.optionAttributes + [("ignore_index", .int(ignoreIndex)), ("label_smoothing", .float(labelSmoothing))]
    }
}

/// `nn.NLLLoss(weight=None, ignore_index=-100, reduction='mean')`: the negative log likelihood
/// loss, for inputs that are already log-probabilities (e.g. the output of `nn.LogSoftmax`):
///
///     l_n = −w_{y_n} · x_{n,y_n} · 1{y_n ≠ ignore_index}
///
/// With `'mean'` the sum is divided by the sum of the used weights.
///
/// **Parameters**
/// - `weight` (Tensor, optional): a manual rescaling weight given to each class, of size C.
/// - `ignore_index` (int, optional): a target value that is ignored. Default: -100.
/// - `reduction` (str, optional): `'none'` | `'mean'` | `'sum'`. Default: `'mean'`.
///
/// **Shape**
/// - Input: (N, C) or (C), or (N, C, d_1, …, d_K).
/// - Target: (N) or (), or (N, d_1, …, d_K), with values in [0, C).
/// - Output: a scalar; with `'none'`, the target's shape.
///
/// **Examples**
/// ```
/// >>> m = nn.LogSoftmax(dim=1)
/// >>> loss = nn.NLLLoss()
/// >>> input = torch.randn(3, 5, requires_grad=True)
/// >>> target = torch.tensor([1, 0, 4])
/// >>> output = loss(m(input), target)
/// ```
open class NLLLoss: WeightedLossModule {
    /// `ignore_index`.
    public let ignoreIndex: Int

    /// The loss with its options; `weight` becomes a buffer.
    public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: String = "mean") {
        self.ignoreIndex = ignoreIndex
        super.init(weight: weight, reduction: reduction)
    }

    open override func forward(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try nllLoss(input, target, weight: weight, ignoreIndex: Int64(ignoreIndex), reduction: try parsedReduction)
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        super.optionAttributes + [("ignore_index", .int(ignoreIndex))]
    }
}

/// `nn.BCELoss(weight=None, reduction='mean')`: the Binary Cross Entropy between the target y and
/// the input probabilities x:
///
///     l_n = −w_n · [y_n · log x_n + (1 − y_n) · log(1 − x_n)]
///
/// The logs are clamped to ≥ −100 so that the loss stays finite. Inputs must be in [0, 1].
///
/// **Parameters**
/// - `weight` (Tensor, optional): a manual rescaling weight given to the loss of each batch
///   element (broadcast to the input's shape).
/// - `reduction` (str, optional): `'none'` | `'mean'` | `'sum'`. Default: `'mean'`.
///
/// **Shape**
/// - Input: (*), where * means any number of dimensions.
/// - Target: (*), same shape as the input.
/// - Output: a scalar; with `'none'`, (*), same shape as input.
///
/// **Examples**
/// ```
/// >>> m = nn.Sigmoid()
/// >>> loss = nn.BCELoss()
/// >>> input = torch.randn(3, 2, requires_grad=True)
/// >>> target = torch.rand(3, 2, requires_grad=False)
/// >>> output = loss(m(input), target)
/// ```
open class BCELoss: WeightedLossModule {
    public override init(weight: Tensor? = nil, reduction: String = "mean") {
        super.init(weight: weight, reduction: reduction)
    }

    open override func forward(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try binaryCrossEntropy(input, target, weight: weight, reduction: try parsedReduction)
    }
}

/// `nn.BCEWithLogitsLoss(weight=None, reduction='mean', pos_weight=None)`: a Sigmoid layer and
/// the BCELoss in one single class, more numerically stable than a plain Sigmoid followed by a
/// BCELoss (it uses the log-sum-exp trick):
///
///     l_n = −w_n · [p · y_n · log σ(x_n) + (1 − y_n) · log(1 − σ(x_n))]
///
/// where p is `pos_weight` (per class, broadcast along the last dimension).
///
/// **Parameters**
/// - `weight` (Tensor, optional): a manual rescaling weight given to the loss of each batch
///   element.
/// - `reduction` (str, optional): `'none'` | `'mean'` | `'sum'`. Default: `'mean'`.
/// - `pos_weight` (Tensor, optional): a weight of positive examples to be broadcasted with
///   target; its size along the last dimension must match the number of classes.
///
/// **Shape**
/// - Input: (*), where * means any number of dimensions.
/// - Target: (*), same shape as the input.
/// - Output: a scalar; with `'none'`, (*), same shape as input.
///
/// **Examples**
/// ```
/// >>> loss = nn.BCEWithLogitsLoss()
/// >>> input = torch.randn(3, requires_grad=True)
/// >>> target = torch.empty(3).random_(2)
/// >>> output = loss(input, target)
/// ```
open class BCEWithLogitsLoss: LossModule {
    /// Registers `weight` and `pos_weight` as buffers.
    public init(weight: Tensor? = nil, reduction: String = "mean", posWeight: Tensor? = nil) {
        super.init(reduction: reduction)
        registerBuffer("weight", weight)
        registerBuffer("pos_weight", posWeight)
    }

    /// The `weight` buffer.
    public var weight: Tensor? { buffer("weight") }
    /// The `pos_weight` buffer.
    public var posWeight: Tensor? { buffer("pos_weight") }

    open override func forward(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try binaryCrossEntropyWithLogits(input, target, weight: weight, posWeight: posWeight, reduction: try parsedReduction)
    }
}
