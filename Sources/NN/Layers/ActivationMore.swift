import Engine

/// The parameter-free layers that wrap one functional op — Softplus, ELU, SELU, CELU, SiLU,
/// Mish, Hardtanh, ReLU6, Softmin, LogSigmoid, Hardsigmoid, Hardswish, Softsign, Tanhshrink,
/// Threshold, GLU, Hardshrink, Softshrink, Unflatten, Dropout1d/2d/3d, AlphaDropout: one class,
/// named per instance, holding its options (for the repr and attribute access) and its forward.
open class FunctionalLayer: Module {
    public let name: String
    public let options: [(name: String, value: OptionValue)]
    let reprText: String
    let body: (FunctionalLayer, Tensor) throws -> Tensor

    /// `repr` is the extra-repr text (`alpha=1.0`); `options` the Python attributes.
    public init(_ name: String, options: [(name: String, value: OptionValue)] = [], repr: String = "",
                _ body: @escaping (FunctionalLayer, Tensor) throws -> Tensor) {
        self.name = name
        self.options = options
        self.reprText = repr
        self.body = body
        super.init()
    }

    open override var typeName: String { name }
    open override func forward(_ input: Tensor) throws -> Tensor { try body(self, input) }
    open override func extraRepr() -> String { reprText }
    open override var optionAttributes: [(name: String, value: OptionValue)] { options }

    /// The option as a number.
    public func number(_ key: String) throws -> Double {
        guard let v = options.first(where: { $0.name == key })?.value else { throw TorchError(.keyError, key) }
        return try v.number()
    }
    public func flag(_ key: String) -> Bool { options.first { $0.name == key }?.value.isTruthy ?? false }
}

/// `F.dropout1d/2d/3d` (`feature_dropout`): whole channels are zeroed — one Bernoulli draw (a
/// double uniform below 1 − p keeps it) per (batch, channel), survivors scaled by 1/(1 − p).
/// `spatial` is 1, 2 or 3; the input checks and warnings are torch.nn.functional's.
public func featureDropout(_ x: Tensor, p: Double, training: Bool, spatial: Int, generator: Generator = .global) throws -> Tensor {
    guard p >= 0 && p <= 1 else { throw TorchError.value("dropout probability has to be between 0 and 1, but got \(pythonFloatRepr(p))") }
    let name = "dropout\(spatial)d"
    let batchedDims = spatial + 2
    switch spatial {
    case 1:
        guard x.ndim == 2 || x.ndim == 3 else {
            throw TorchError.runtime("dropout1d: Expected 2D or 3D input, but received a \(x.ndim)D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).")
        }
    case 2:
        if x.ndim != 3 && x.ndim != 4 {
            Warnings.warn("dropout2d: Received a \(x.ndim)-D input to dropout2d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).")
        }
        if x.ndim == 3 {
            Warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead.")
        }
        return try featureDropoutCore(x, p: p, training: training, generator: generator)
    default:
        if x.ndim != 4 && x.ndim != 5 {
            Warnings.warn("\(name): Received a \(x.ndim)-D input to \(name), which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that \(name) exists to provide channel-wise dropout on inputs with 3 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D inputs).")
        }
    }
    let batched = x.ndim == batchedDims
    let input = batched ? x : try x.unsqueeze(0)
    let out = try featureDropoutCore(input, p: p, training: training, generator: generator)
    return batched ? out : try out.squeeze(0)
}

func featureDropoutCore(_ x: Tensor, p: Double, training: Bool, generator: Generator) throws -> Tensor {
    if !training || p == 0 { return x }
    guard x.ndim >= 2 else { throw TorchError.runtime("Feature dropout requires at least 2 dimensions in the input") }
    var noiseShape = [Int](repeating: 1, count: x.ndim)
    if x.ndim > 0 { noiseShape[0] = x.shape[0] }
    if x.ndim > 1 { noiseShape[1] = x.shape[1] }
    let count = noiseShape.reduce(1, *)
    let scale = p == 1 ? 0 : 1 / (1 - p)
    var values = [Double](repeating: 0, count: count)
    for i in 0..<count {
        let u = Double(generator.next64() & ((1 << 53) - 1)) * 0x1p-53
        values[i] = u < 1 - p ? scale : 0
    }
    let noise = try tensorOfDoubles(values, shape: noiseShape, dtype: x.dtype.isFloatingPoint ? x.dtype : .float32)
    return try mul(.tensor(x), .tensor(noise))
}

/// `F.alpha_dropout` (SELU-preserving dropout): dropped elements become the negative
/// saturation value, then an affine map keeps mean and variance.
public func alphaDropout(_ x: Tensor, p: Double, training: Bool, feature: Bool = false, generator: Generator = .global) throws -> Tensor {
    guard p >= 0 && p <= 1 else { throw TorchError.value("dropout probability has to be between 0 and 1, but got \(pythonFloatRepr(p))") }
    if !training || p == 0 { return x }
    if p == 1 { return try mul(.tensor(x), .scalar(.int(0))) }
    var noiseShape = x.shape
    if feature { for d in 2..<Swift.max(x.ndim, 2) { noiseShape[d] = 1 } }
    let count = noiseShape.reduce(1, *)
    var keep = [Double](repeating: 0, count: count)
    for i in 0..<count {
        let u = Double(generator.next64() & ((1 << 53) - 1)) * 0x1p-53
        keep[i] = u < 1 - p ? 1 : 0
    }
    let alpha = 1.7580993408473766
    let a = 1 / ((alpha * alpha * p + 1) * (1 - p)).squareRoot()
    // b = (noise - 1) * (alpha * a) + alpha * a * p;  noise = noise * a;  out = x * noise + b
    let noise = try tensorOfDoubles(keep, shape: noiseShape, dtype: x.dtype.isFloatingPoint ? x.dtype : .float32)
    let b = try GradMode.with(false) {
        try add(.tensor(try mul(.tensor(try sub(.tensor(noise), .scalar(.int(1)))), .scalar(.float(alpha * a)))), .scalar(.float(alpha * a * p)))
    }
    let scaled = try GradMode.with(false) { try mul(.tensor(noise), .scalar(.float(a))) }
    return try add(try mul(.tensor(x), .tensor(scaled)), b)
}
