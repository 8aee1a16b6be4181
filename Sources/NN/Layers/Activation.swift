import Engine

/// `nn.ReLU(inplace=False)`: applies the rectified linear unit function element-wise,
/// ReLU(x) = (x)⁺ = max(0, x). Its gradient at 0 is 0.
///
/// **Parameters**
/// - `inplace`: can optionally do the operation in-place. Default: `False`.
///
/// **Shape**
/// - Input: (*), where * means any number of dimensions.
/// - Output: (*), same shape as the input.
///
/// **Examples**
/// ```
/// >>> m = nn.ReLU()
/// >>> input = torch.randn(2)
/// >>> output = m(input)
/// ```
open class ReLU: Module {
    /// `inplace`.
    public let inplace: Bool
    /// `nn.ReLU(inplace=False)`.
    public init(inplace: Bool = false) { self.inplace = inplace; super.init() }
    open override func forward(_ input: Tensor) throws -> Tensor {
        inplace ? try reluInPlace(input) : try relu(input)
    }
    open override func extraRepr() -> String { inplace ? "inplace=True" : "" }
    open override var optionAttributes: [(name: String, value: OptionValue)] { [("inplace", .bool(inplace))] }
}

/// `nn.LeakyReLU(negative_slope=0.01, inplace=False)`: applies, element-wise,
/// LeakyReLU(x) = max(0, x) + negative_slope · min(0, x). At 0 the gradient is the negative slope.
///
/// **Parameters**
/// - `negative_slope`: controls the angle of the negative slope (used for negative input
///   values). Default: 1e-2.
/// - `inplace`: can optionally do the operation in-place. Default: `False`.
///
/// **Shape**
/// - Input: (*), where * means any number of additional dimensions.
/// - Output: (*), same shape as the input.
///
/// **Examples**
/// ```
/// >>> m = nn.LeakyReLU(0.1)
/// >>> input = torch.randn(2)
/// >>> output = m(input)
/// ```
open class LeakyReLU: Module {
    /// `negative_slope` as given (an int prints as an int).
    public let negativeSlope: OptionValue
    /// `inplace`.
    public let inplace: Bool
    /// `nn.LeakyReLU(negative_slope=0.01, inplace=False)`.
    public init(negativeSlope: OptionValue = 0.01, inplace: Bool = false) {
        self.negativeSlope = negativeSlope
        self.inplace = inplace
        super.init()
    }
    open override func forward(_ input: Tensor) throws -> Tensor {
        let slope = try negativeSlope.number()
        if inplace { return try applyInPlace(input) { try leakyRelu($0, negativeSlope: slope) } }
        return try leakyRelu(input, negativeSlope: slope)
    }
    open override func extraRepr() -> String {
        "negative_slope=\(negativeSlope)" + (inplace ? ", inplace=True" : "")
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("negative_slope", negativeSlope), ("inplace", .bool(inplace))]
    }
}

/// `nn.Sigmoid()`: applies, element-wise, Sigmoid(x) = σ(x) = 1 / (1 + exp(−x)).
///
/// **Shape**
/// - Input: (*), where * means any number of dimensions.
/// - Output: (*), same shape as the input.
///
/// **Examples**
/// ```
/// >>> m = nn.Sigmoid()
/// >>> input = torch.randn(2)
/// >>> output = m(input)
/// ```
open class Sigmoid: Module {
    public override init() { super.init() }
    open override func forward(_ input: Tensor) throws -> Tensor { try sigmoid(input) }
}

/// `nn.Tanh()`: applies the hyperbolic tangent element-wise,
/// Tanh(x) = (exp(x) − exp(−x)) / (exp(x) + exp(−x)).
///
/// **Shape**
/// - Input: (*), where * means any number of dimensions.
/// - Output: (*), same shape as the input.
///
/// **Examples**
/// ```
/// >>> m = nn.Tanh()
/// >>> input = torch.randn(2)
/// >>> output = m(input)
/// ```
open class Tanh: Module {
    public override init() { super.init() }
    open override func forward(_ input: Tensor) throws -> Tensor { try tanh(input) }
}

/// `nn.GELU(approximate='none')`: applies the Gaussian Error Linear Units function,
/// GELU(x) = x · Φ(x), where Φ is the cumulative distribution function of the Gaussian
/// distribution. With `approximate='tanh'`:
/// GELU(x) = 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))).
///
/// **Parameters**
/// - `approximate` (str, optional): the gelu approximation algorithm to use: `'none'` |
///   `'tanh'`. Default: `'none'`.
///
/// **Shape**
/// - Input: (*), where * means any number of dimensions.
/// - Output: (*), same shape as the input.
///
/// **Examples**
/// ```
/// >>> m = nn.GELU()
/// >>> input = torch.randn(2)
/// >>> output = m(input)
/// ```
open class GELU: Module {
    /// `approximate`: `none` or `tanh` (checked when called).
    public let approximate: String
    /// `nn.GELU(approximate='none')`.
    public init(approximate: String = "none") { self.approximate = approximate; super.init() }
    open override func forward(_ input: Tensor) throws -> Tensor { try gelu(input, approximate: approximate) }
    open override func extraRepr() -> String { "approximate=\(pythonStringRepr(approximate))" }
    open override var optionAttributes: [(name: String, value: OptionValue)] { [("approximate", .string(approximate))] }
}

/// Runs an out-of-place `op` and writes its result into `input` (the `inplace=True` forms that
/// Engine has no in-place kernel for). When autograd records, `op` reads a clone, so the values it
/// saves for backward are not the ones overwritten here; the gradient still reaches `input`'s
/// earlier history. A leaf that requires grad fails with PyTorch's in-place error.
func applyInPlace(_ input: Tensor, _ op: (Tensor) throws -> Tensor) throws -> Tensor {
    try input.checkInPlace()
    let source = GradMode.isEnabled && input.requiresGrad ? try input.clone() : input
    return try input.copyFrom(try op(source))
}

/// The implicit dim of softmax/log_softmax with `dim=None`, with PyTorch's deprecation warning.
func implicitDim(_ name: String, _ ndim: Int) -> Int {
    Warnings.warn("Implicit dimension choice for \(name) has been deprecated. Change the call to include dim=X as an argument.")
    return implicitSoftmaxDim(ndim)
}

/// `nn.Softmax(dim=None)`: applies the Softmax function to an n-dimensional input tensor,
/// rescaling it so that the elements along `dim` lie in the range [0, 1] and sum to 1:
/// Softmax(x_i) = exp(x_i) / Σ_j exp(x_j).
///
/// **Parameters**
/// - `dim` (int): a dimension along which Softmax will be computed (so every slice along dim
///   will sum to 1). `None` picks one implicitly (0 for 0-, 1- and 3-D input, else 1) with a
///   deprecation warning.
///
/// **Shape**
/// - Input: (*), where * means any number of additional dimensions.
/// - Output: (*), same shape as the input.
///
/// **Examples**
/// ```
/// >>> m = nn.Softmax(dim=1)
/// >>> input = torch.randn(2, 3)
/// >>> output = m(input)
/// ```
open class Softmax: Module {
    /// `dim` (None: implicit, with a warning).
    public let dim: Int?
    /// The layer over `dim`.
    public init(dim: Int? = nil) { self.dim = dim; super.init() }
    open override func forward(_ input: Tensor) throws -> Tensor {
        try softmax(input, dim: dim ?? implicitDim("softmax", input.ndim))
    }
    open override func extraRepr() -> String { "dim=\(OptionValue(dim))" }
    open override var optionAttributes: [(name: String, value: OptionValue)] { [("dim", OptionValue(dim))] }
}

/// `nn.LogSoftmax(dim=None)`: applies log(Softmax(x)) to an n-dimensional input tensor,
/// LogSoftmax(x_i) = log(exp(x_i) / Σ_j exp(x_j)), computed stably (max-subtracted).
///
/// **Parameters**
/// - `dim` (int): a dimension along which LogSoftmax will be computed.
///
/// **Shape**
/// - Input: (*), where * means any number of additional dimensions.
/// - Output: (*), same shape as the input; values in the range [−inf, 0).
///
/// **Examples**
/// ```
/// >>> m = nn.LogSoftmax(dim=1)
/// >>> input = torch.randn(2, 3)
/// >>> output = m(input)
/// ```
open class LogSoftmax: Module {
    /// `dim` (None: implicit, with a warning).
    public let dim: Int?
    /// The layer over `dim`.
    public init(dim: Int? = nil) { self.dim = dim; super.init() }
    open override func forward(_ input: Tensor) throws -> Tensor {
        try logSoftmax(input, dim: dim ?? implicitDim("log_softmax", input.ndim))
    }
    open override func extraRepr() -> String { "dim=\(OptionValue(dim))" }
    open override var optionAttributes: [(name: String, value: OptionValue)] { [("dim", OptionValue(dim))] }
}

/// `nn.Flatten(start_dim=1, end_dim=-1)`: flattens a contiguous range of dims into a tensor.
///
/// **Parameters**
/// - `start_dim`: first dim to flatten (default = 1).
/// - `end_dim`: last dim to flatten (default = -1).
///
/// **Shape**
/// - Input: (*, S_start, …, S_i, …, S_end, *), where S_i is the size at dimension i and * means
///   any number of dimensions including none.
/// - Output: (*, ∏_{i=start}^{end} S_i, *).
///
/// **Examples**
/// ```
/// >>> input = torch.randn(32, 1, 5, 5)
/// >>> m = nn.Flatten()
/// >>> output = m(input)
/// >>> output.size()
/// torch.Size([32, 25])
/// ```
open class Flatten: Module {
    /// `start_dim`.
    public let startDim: Int
    /// `end_dim`.
    public let endDim: Int
    /// `nn.Flatten(start_dim=1, end_dim=-1)`.
    public init(startDim: Int = 1, endDim: Int = -1) { self.startDim = startDim; self.endDim = endDim; super.init() }
    open override func forward(_ input: Tensor) throws -> Tensor { try input.flatten(startDim: startDim, endDim: endDim) }
    open override func extraRepr() -> String { "start_dim=\(startDim), end_dim=\(endDim)" }
    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("start_dim", .int(startDim)), ("end_dim", .int(endDim))]
    }
}

/// `nn.Dropout(p=0.5, inplace=False)`: during training, randomly zeroes some of the elements of
/// the input tensor with probability `p`, and scales the kept outputs by 1/(1−p). In evaluation
/// mode (`module.eval()`) it computes an identity function. (PyTorch's random mask is CPU-vendor
/// specific, so the kept positions are not promised to match PyTorch's.)
///
/// **Parameters**
/// - `p` (float): probability of an element to be zeroed. Default: 0.5.
/// - `inplace` (bool): if set to `True`, will do this operation in-place. Default: `False`.
///
/// **Shape**
/// - Input: (*). Input can be of any shape.
/// - Output: (*). Output is of the same shape as input.
///
/// **Examples**
/// ```
/// >>> m = nn.Dropout(p=0.2)
/// >>> input = torch.randn(20, 16)
/// >>> output = m(input)
/// ```
open class Dropout: Module {
    /// `p` as given (an int prints as an int).
    public let p: OptionValue
    /// `inplace`.
    public let inplace: Bool

    /// - Throws: `ValueError: dropout probability has to be between 0 and 1, but got 1.5`.
    public init(p: OptionValue = 0.5, inplace: Bool = false) throws {
        let v = try p.number()
        guard v >= 0 && v <= 1 else {
            throw TorchError.value("dropout probability has to be between 0 and 1, but got \(p)")
        }
        self.p = p
        self.inplace = inplace
        super.init()
    }

    open override func forward(_ input: Tensor) throws -> Tensor {
        let prob = p.doubleValue ?? 0.5
        if inplace && training && prob != 0 { return try applyInPlace(input) { try dropout($0, p: prob, training: true) } }
        return try dropout(input, p: prob, training: training)
    }

    open override func extraRepr() -> String { "p=\(p), inplace=\(inplace ? "True" : "False")" }
    open override var optionAttributes: [(name: String, value: OptionValue)] { [("p", p), ("inplace", .bool(inplace))] }
}

/// `nn.Identity(*args, **kwargs)`: a placeholder identity operator that is argument-insensitive.
///
/// **Shape**
/// - Input: (*), where * means any number of dimensions.
/// - Output: (*), same shape as the input.
///
/// **Examples**
/// ```
/// >>> m = nn.Identity(54, unused_argument1=0.1, unused_argument2=False)
/// >>> input = torch.randn(128, 20)
/// >>> output = m(input)
/// >>> print(output.size())
/// torch.Size([128, 20])
/// ```
open class Identity: Module {
    public override init() { super.init() }
    open override func forward(_ input: Tensor) throws -> Tensor { input }
}
