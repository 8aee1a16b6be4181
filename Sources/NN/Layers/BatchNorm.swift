import Engine

/// The shared body of `nn.BatchNorm1d` and `nn.BatchNorm2d` (PyTorch's `_BatchNorm`):
///
///     y = (x − E[x]) / √(Var[x] + ε) · γ + β
///
/// The mean and standard deviation are calculated per channel (dim 1) over the mini-batch and
/// the other dims; γ (`weight`) and β (`bias`) are learnable vectors of size C, initialised to
/// ones and zeros. The variance is the biased estimator for normalisation, the unbiased one for
/// the running estimate.
///
/// In training mode the layer keeps running estimates of its computed mean and variance (when
/// `track_running_stats=True`), updated with `momentum`:
/// x̂_new = (1 − momentum) · x̂ + momentum · x_t; with `momentum=None` it keeps a cumulative moving
/// average (momentum 1 / num_batches_tracked). In eval mode the running estimates are used for
/// normalisation; without them the batch statistics are used in both modes.
open class BatchNormBase: Module {
    /// `num_features` (C).
    public internal(set) var numFeatures: Int
    /// `eps`, added to the denominator for numerical stability (as given; printed with `str`).
    public let eps: OptionValue
    /// `momentum`, or `.none` for a cumulative moving average.
    public let momentum: OptionValue
    /// `affine`: whether the layer has learnable `weight` and `bias`.
    public let affine: Bool
    /// `track_running_stats`.
    public let trackRunningStats: Bool

    /// Registers weight/bias (ones/zeros) and the running-stat buffers, as PyTorch does.
    public init(_ numFeatures: Int, eps: OptionValue = 1e-5, momentum: OptionValue = 0.1, affine: Bool = true,
                trackRunningStats: Bool = true, bias: Bool = true, dtype: DType? = nil) throws {
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.trackRunningStats = trackRunningStats
        super.init()
        if affine {
            registerParameter("weight", try makeParameter(try emptyParameterData([numFeatures], dtype: dtype)))
            registerParameter("bias", bias ? try makeParameter(try emptyParameterData([numFeatures], dtype: dtype)) : nil)
        } else {
            registerParameter("weight", nil)
            registerParameter("bias", nil)
        }
        if trackRunningStats {
            registerBuffer("running_mean", try Tensor.zeros([numFeatures], dtype: dtype ?? DType.defaultFloat))
            registerBuffer("running_var", try Tensor.ones([numFeatures], dtype: dtype ?? DType.defaultFloat))
            registerBuffer("num_batches_tracked", Tensor(scalar: Int64(0)))
        } else {
            registerBuffer("running_mean", nil)
            registerBuffer("running_var", nil)
            registerBuffer("num_batches_tracked", nil)
        }
        try resetParameters()
    }

    /// γ, shape (C), or nil without `affine`.
    public var weight: Tensor? { parameter("weight") }
    /// β, shape (C), or nil.
    public var bias: Tensor? { parameter("bias") }
    /// The `running_mean` buffer (nil without `track_running_stats`).
    public var runningMean: Tensor? { buffer("running_mean") }
    /// The `running_var` buffer.
    public var runningVar: Tensor? { buffer("running_var") }
    /// The `num_batches_tracked` buffer (int64 scalar).
    public var numBatchesTracked: Tensor? { buffer("num_batches_tracked") }

    /// `reset_running_stats()`: running_mean 0, running_var 1, num_batches_tracked 0.
    public func resetRunningStats() throws {
        try GradMode.with(false) {
            try runningMean?.zero()
            try runningVar?.fill(.int(1))
            try numBatchesTracked?.zero()
        }
    }

    /// `reset_parameters()`: the running stats, then weight 1 and bias 0.
    open func resetParameters() throws {
        try resetRunningStats()
        if affine {
            if let weight { try Init.ones(weight) }
            if let bias { try Init.zeros(bias) }
        }
    }

    /// `_check_input_dim`: the subclass's accepted input ranks.
    open func checkInputDim(_ input: Tensor) throws {}

    open override func forward(_ input: Tensor) throws -> Tensor {
        try checkInputDim(input)
        var factor = momentum.doubleValue ?? 0
        if training && trackRunningStats, let count = numBatchesTracked {
            try GradMode.with(false) { _ = try count.arithmeticInPlace(.add, .scalar(.int(1))) }
            if momentum == .none { factor = 1.0 / count.doubleValue(atFlat: 0) }
        }
        let useBatchStats = training || (runningMean == nil && runningVar == nil)
        let passStats = !training || trackRunningStats
        let rm = passStats ? runningMean : nil, rv = passStats ? runningVar : nil
        // F.batch_norm's own checks, in its order: the batch size first, then (the kernel
        // indexes these per channel) the sizes of the stats and affine vectors.
        let c = input.ndim >= 2 ? input.shape[1] : 0
        if useBatchStats && input.numel / Swift.max(c, 1) == 1 && c > 0 {
            throw TorchError.value("Expected more than 1 value per channel when training, got input size \(formatSize(input.shape))")
        }
        for (name, t) in [("running_mean", rm), ("running_var", rv), ("weight", weight), ("bias", bias)] {
            if let t, t.numel != c {
                throw TorchError.runtime("\(name) should contain \(c) elements not \(t.numel)")
            }
        }
        return try batchNorm(input, runningMean: rm, runningVar: rv, weight: weight, bias: bias,
                             training: useBatchStats, momentum: factor, eps: try eps.number())
    }

    open override func extraRepr() -> String {
        "\(numFeatures), eps=\(eps), momentum=\(momentum), affine=\(affine ? "True" : "False"), "
            + "bias=\(bias != nil ? "True" : "False"), track_running_stats=\(trackRunningStats ? "True" : "False")"
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("num_features", .int(numFeatures)), ("eps", eps), ("momentum", momentum), ("affine", .bool(affine)),
         ("track_running_stats", .bool(trackRunningStats))]
    }
}

/// `nn.BatchNorm1d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True,
/// *, bias=True)`: applies Batch Normalization over a 2D or 3D input.
///
///     y = (x − E[x]) / √(Var[x] + ε) · γ + β
///
/// The mean and standard-deviation are calculated per-dimension over the mini-batches, and γ and
/// β are learnable parameter vectors of size C (where C is the number of features or channels of
/// the input). By default, the elements of γ are set to 1 and the elements of β are set to 0.
/// At train time in the forward pass, the variance is calculated via the biased estimator; the
/// running variance uses the unbiased one.
///
/// **Parameters**
/// - `num_features` (int): number of features or channels C of the input.
/// - `eps` (float): a value added to the denominator for numerical stability. Default: 1e-5.
/// - `momentum` (float or None): the value used for the running_mean and running_var
///   computation. Can be set to `None` for cumulative moving average (i.e. simple average).
///   Default: 0.1.
/// - `affine` (bool): when `True`, this module has learnable affine parameters. Default: `True`.
/// - `track_running_stats` (bool): when `True`, this module tracks the running mean and
///   variance; when `False`, it uses batch statistics in both training and eval modes.
///   Default: `True`.
///
/// **Shape**
/// - Input: (N, C) or (N, C, L), where N is the batch size, C is the number of features or
///   channels, and L is the sequence length.
/// - Output: (N, C) or (N, C, L) (same shape as input).
///
/// **Attributes**
/// - `weight` (C), ones; `bias` (C), zeros (when `affine=True`).
/// - buffers `running_mean` (C) zeros, `running_var` (C) ones, `num_batches_tracked` (an int64
///   scalar) when `track_running_stats=True`.
///
/// **Examples**
/// ```
/// >>> # With Learnable Parameters
/// >>> m = nn.BatchNorm1d(100)
/// >>> # Without Learnable Parameters
/// >>> m = nn.BatchNorm1d(100, affine=False)
/// >>> input = torch.randn(20, 100)
/// >>> output = m(input)
/// ```
open class BatchNorm1d: BatchNormBase {
    open override func checkInputDim(_ input: Tensor) throws {
        guard input.ndim == 2 || input.ndim == 3 else {
            throw TorchError.value("expected 2D or 3D input (got \(input.ndim)D input)")
        }
    }
}

/// `nn.BatchNorm2d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True,
/// *, bias=True)`: applies Batch Normalization over a 4D input (a mini-batch of 2D inputs with
/// additional channel dimension).
///
///     y = (x − E[x]) / √(Var[x] + ε) · γ + β
///
/// The mean and standard-deviation are calculated per-dimension over the mini-batches, and γ and
/// β are learnable parameter vectors of size C (where C is the input size). By default, the
/// elements of γ are set to 1 and the elements of β are set to 0.
///
/// **Parameters**
/// - `num_features` (int): C from an expected input of size (N, C, H, W).
/// - `eps` (float): a value added to the denominator for numerical stability. Default: 1e-5.
/// - `momentum` (float or None): the value used for the running_mean and running_var
///   computation. Can be set to `None` for cumulative moving average. Default: 0.1.
/// - `affine` (bool): when `True`, this module has learnable affine parameters. Default: `True`.
/// - `track_running_stats` (bool): when `True`, this module tracks the running mean and
///   variance. Default: `True`.
///
/// **Shape**
/// - Input: (N, C, H, W).
/// - Output: (N, C, H, W) (same shape as input).
///
/// **Attributes**
/// - `weight` (C), ones; `bias` (C), zeros (when `affine=True`).
/// - buffers `running_mean` (C) zeros, `running_var` (C) ones, `num_batches_tracked` (an int64
///   scalar) when `track_running_stats=True`.
///
/// **Examples**
/// ```
/// >>> # With Learnable Parameters
/// >>> m = nn.BatchNorm2d(100)
/// >>> # Without Learnable Parameters
/// >>> m = nn.BatchNorm2d(100, affine=False)
/// >>> input = torch.randn(20, 100, 35, 45)
/// >>> output = m(input)
/// ```
open class BatchNorm2d: BatchNormBase {
    open override func checkInputDim(_ input: Tensor) throws {
        guard input.ndim == 4 else {
            throw TorchError.value("expected 4D input (got \(input.ndim)D input)")
        }
    }
}
