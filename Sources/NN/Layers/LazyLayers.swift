import Engine

/// Lazy layers (`nn.LazyLinear(out)`, `LazyConv2d`, `LazyBatchNorm1d/2d`): the input size is
/// read from the first input. Until then the parameters are empty placeholders printed as
/// `<UninitializedParameter>` (so an optimizer can already hold them); the first forward gives
/// them their shapes in place, runs the layer's usual initialisation (the same random draws as
/// the eager layer, at that moment), and from then on the layer is the plain one: its repr and
/// `type()` say `Linear`, as PyTorch swaps the class.
protocol LazyLayer: Module {
    var isPending: Bool { get set }
}

extension LazyLayer {
    /// Marks the current parameters and (float) buffers as uninitialised placeholders.
    func markPlaceholders() throws {
        for (_, p) in namedParameters(recurse: false) { try p.setData(try Tensor.empty([0], dtype: p.dtype)); p.isUninitialized = true }
        for (name, b) in namedBuffers(recurse: false) where name != "num_batches_tracked" {
            try b.setData(try Tensor.empty([0], dtype: b.dtype)); b.isUninitialized = true
        }
    }

    /// Gives each placeholder its real shape (uninitialised memory, as `materialize`), in place.
    func materialize(_ shapes: [(Tensor?, [Int])]) throws {
        for (t, shape) in shapes {
            guard let t else { continue }
            try t.setData(try Tensor.empty(shape, dtype: t.dtype))
            t.isUninitialized = false
        }
        isPending = false
    }
}

/// `nn.LazyLinear(out_features, bias=True)`: a Linear whose in_features is the last dimension of
/// its first input.
public final class LazyLinear: Linear, LazyLayer {
    var isPending = true
    public init(outFeatures: Int, bias: Bool = true, dtype: DType? = nil) throws {
        try super.init(0, outFeatures, bias: bias, dtype: dtype)
        try markPlaceholders()
    }
    public override var typeName: String { isPending ? "LazyLinear" : "Linear" }
    /// Whether the first forward has not happened yet (isinstance of nn.LazyLinear).
    public var isUninitializedLazy: Bool { isPending }
    public override func resetParameters() throws { if !isPending { try super.resetParameters() } }
    public override func forward(_ input: Tensor) throws -> Tensor {
        if isPending {
            guard input.ndim >= 1 else { throw TorchError.runtime("LazyLinear needs an input with at least one dimension") }
            inFeatures = input.shape[input.ndim - 1]
            try GradMode.with(false) {
                try materialize([(weight, [outFeatures, inFeatures]), (bias, [outFeatures])])
                try resetParameters()
            }
        }
        return try super.forward(input)
    }
}

/// `nn.LazyConv2d(out_channels, kernel_size, ...)`: a Conv2d whose in_channels is the channel
/// dimension of its first input.
public final class LazyConv2d: Conv2d, LazyLayer {
    var isPending = true
    public init(outChannels: Int, kernelSize: IntOrPair, stride: IntOrPair = 1, padding: Conv2dPadding = .size(0),
                dilation: IntOrPair = 1, groups: Int = 1, bias: Bool = true, paddingMode: String = "zeros", dtype: DType? = nil) throws {
        try super.init(0, outChannels, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation, groups: groups,
                       bias: bias, paddingMode: paddingMode, dtype: dtype)
        try markPlaceholders()
    }
    public override var typeName: String { isPending ? "LazyConv2d" : "Conv2d" }
    public var isUninitializedLazy: Bool { isPending }
    public override func resetParameters() throws { if !isPending { try super.resetParameters() } }
    public override func forward(_ input: Tensor) throws -> Tensor {
        if isPending {
            guard input.ndim == 3 || input.ndim == 4 else {
                throw TorchError.runtime("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: \(shapeList(input.shape))")
            }
            let channels = input.shape[input.ndim - 3]
            guard channels % groups == 0 else { throw TorchError.value("in_channels must be divisible by groups") }
            inChannels = channels
            try GradMode.with(false) {
                try materialize([(weight, [outChannels, channels / groups, kernelSize.0, kernelSize.1]), (bias, [outChannels])])
                try resetParameters()
            }
        }
        return try super.forward(input)
    }
}

/// `nn.LazyBatchNorm1d()` / `LazyBatchNorm2d()`: num_features from the first input's dimension 1.
public final class LazyBatchNorm1d: BatchNorm1d, LazyLayer {
    var isPending = true
    public override init(_ numFeatures: Int = 0, eps: OptionValue = 1e-5, momentum: OptionValue = 0.1, affine: Bool = true,
                         trackRunningStats: Bool = true, bias: Bool = true, dtype: DType? = nil) throws {
        try super.init(0, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats, bias: bias, dtype: dtype)
        try markPlaceholders()
    }
    public override var typeName: String { isPending ? "LazyBatchNorm1d" : "BatchNorm1d" }
    public var isUninitializedLazy: Bool { isPending }
    public override func resetParameters() throws { if !isPending { try super.resetParameters() } }
    public override func forward(_ input: Tensor) throws -> Tensor {
        if isPending { try materializeBatchNorm(self, input) }
        return try super.forward(input)
    }
}

public final class LazyBatchNorm2d: BatchNorm2d, LazyLayer {
    var isPending = true
    public override init(_ numFeatures: Int = 0, eps: OptionValue = 1e-5, momentum: OptionValue = 0.1, affine: Bool = true,
                         trackRunningStats: Bool = true, bias: Bool = true, dtype: DType? = nil) throws {
        try super.init(0, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats, bias: bias, dtype: dtype)
        try markPlaceholders()
    }
    public override var typeName: String { isPending ? "LazyBatchNorm2d" : "BatchNorm2d" }
    public var isUninitializedLazy: Bool { isPending }
    public override func resetParameters() throws { if !isPending { try super.resetParameters() } }
    public override func forward(_ input: Tensor) throws -> Tensor {
        if isPending { try materializeBatchNorm(self, input) }
        return try super.forward(input)
    }
}

/// PyTorch's `_LazyNormBase.initialize_parameters`: num_features = input.shape[1] (the first
/// dimension for unbatched input), then weight/bias and the running statistics.
private func materializeBatchNorm<L: BatchNormBase & LazyLayer>(_ layer: L, _ input: Tensor) throws {
    try layer.checkInputDim(input)
    let c = input.shape[input.ndim >= 2 ? 1 : 0]
    layer.numFeatures = c
    try GradMode.with(false) {
        try layer.materialize([(layer.weight, [c]), (layer.bias, [c]), (layer.runningMean, [c]), (layer.runningVar, [c])])
        try layer.resetParameters()
    }
}
