import Engine

/// `nn.Linear(in_features, out_features, bias=True)`: applies an affine linear transformation
/// to the incoming data, y = x Aᵀ + b.
///
/// **Parameters**
/// - `in_features`: size of each input sample.
/// - `out_features`: size of each output sample.
/// - `bias`: if `False`, the layer will not learn an additive bias. Default: `True`.
///
/// **Shape**
/// - Input: (*, H_in) where * means any number of dimensions (including none) and
///   H_in = in_features.
/// - Output: (*, H_out) where all but the last dimension are the same shape as the input and
///   H_out = out_features.
///
/// **Attributes**
/// - `weight`: the learnable weights of shape (out_features, in_features), initialised from
///   U(−√k, √k) with k = 1 / in_features.
/// - `bias`: the learnable bias of shape (out_features), initialised from U(−√k, √k) with
///   k = 1 / in_features (when `bias=True`).
///
/// **Examples**
/// ```
/// >>> m = nn.Linear(20, 30)
/// >>> input = torch.randn(128, 20)
/// >>> output = m(input)
/// >>> print(output.size())
/// torch.Size([128, 30])
/// ```
open class Linear: Module {
    /// `in_features`.
    public internal(set) var inFeatures: Int
    /// `out_features`.
    public let outFeatures: Int

    /// Creates the layer and initialises it (weight draws first, then bias).
    /// - Throws: `RuntimeError` for negative sizes (PyTorch's tensor-creation message).
    /// `dtype`: the parameters' dtype (default: `torch.get_default_dtype()`).
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, dtype: DType? = nil) throws {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        super.init()
        registerParameter("weight", try makeParameter(try emptyParameterData([outFeatures, inFeatures], dtype: dtype)))
        registerParameter("bias", bias ? try makeParameter(try emptyParameterData([outFeatures], dtype: dtype)) : nil)
        try resetParameters()
    }

    /// `weight`, shape (out_features, in_features).
    public var weight: Tensor? { parameter("weight") }
    /// `bias`, shape (out_features), or nil after `bias=False`.
    public var bias: Tensor? { parameter("bias") }

    /// `reset_parameters()`: kaiming_uniform_(weight, a=√5), then bias from U(−1/√in, 1/√in).
    open func resetParameters() throws {
        guard let weight else { return }
        try Init.resetLinearLike(weight: weight, bias: bias)
    }

    /// F.linear(input, weight, bias).
    open override func forward(_ input: Tensor) throws -> Tensor {
        guard let weight else { throw TorchError.type("linear(): argument 'weight' (position 2) must be Tensor, not NoneType") }
        return try linear(input, weight, bias)
    }

    open override func extraRepr() -> String {
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(bias != nil ? "True" : "False")"
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("in_features", .int(inFeatures)), ("out_features", .int(outFeatures))]
    }
}
