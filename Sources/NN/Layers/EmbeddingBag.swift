import Engine

/// `nn.EmbeddingBag(num_embeddings, embedding_dim, max_norm=None, norm_type=2.0,
/// scale_grad_by_freq=False, mode='mean', sparse=False, _weight=None, include_last_offset=False,
/// padding_idx=None)`: sums, means or maxima of "bags" of embeddings without building the
/// intermediate rows — the text-classification tutorial's model (`self.embedding(text, offsets)`).
///
/// **Shape**
/// - Input: 1-D indices with 1-D `offsets` (the start of each bag), or 2-D (B, N): B bags of N.
/// - Output: (B, embedding_dim).
///
/// **Examples**
/// ```
/// >>> bag = nn.EmbeddingBag(10, 3, mode='sum')
/// >>> bag(torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 4])).shape
/// torch.Size([2, 3])
/// ```
open class EmbeddingBag: Module, MultiValueForward {
    public let numEmbeddings: Int
    public let embeddingDim: Int
    public let maxNorm: OptionValue
    public let normType: OptionValue
    public let scaleGradByFreq: Bool
    public let mode: String
    public let sparse: Bool
    public let includeLastOffset: Bool
    /// Normalised to a non-negative index, as PyTorch stores it.
    public let paddingIdx: Int?

    public init(_ numEmbeddings: Int, _ embeddingDim: Int, maxNorm: OptionValue = .none, normType: OptionValue = .float(2),
                scaleGradByFreq: Bool = false, mode: String = "mean", sparse: Bool = false, weight: Tensor? = nil,
                includeLastOffset: Bool = false, paddingIdx: Int? = nil, freeze: Bool = false) throws {
        var pad = paddingIdx
        if let p = paddingIdx {
            if p > 0 {
                guard p < numEmbeddings else { throw TorchError(.assertionError, "padding_idx must be within num_embeddings") }
            } else if p < 0 {
                guard p >= -numEmbeddings else { throw TorchError(.assertionError, "padding_idx must be within num_embeddings") }
                pad = numEmbeddings + p
            }
        }
        if sparse { throw TorchError(.notImplementedError, "sparse embeddings (sparse=True) are not supported by nnrepl") }
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        self.maxNorm = maxNorm
        self.normType = normType
        self.scaleGradByFreq = scaleGradByFreq
        self.mode = mode
        self.sparse = sparse
        self.includeLastOffset = includeLastOffset
        self.paddingIdx = pad
        super.init()
        if let weight {
            guard weight.shape == [numEmbeddings, embeddingDim] else {
                throw TorchError(.assertionError, "Shape of weight does not match num_embeddings and embedding_dim")
            }
            registerParameter("weight", try makeParameter(weight, requiresGrad: !freeze))
        } else {
            registerParameter("weight", try makeParameter(try emptyParameterData([numEmbeddings, embeddingDim])))
            try resetParameters()
        }
    }

    public var weight: Tensor? { parameter("weight") }

    /// `reset_parameters()`: normal_(weight), then the padding row set to zero.
    open func resetParameters() throws {
        guard let weight else { return }
        try Init.normal(weight)
        if let p = paddingIdx {
            try GradMode.with(false) { _ = try weight.select(0, p).fill(.int(0)) }
        }
    }

    open override func forward(_ input: Tensor) throws -> Tensor { try forward(input, offsets: nil) }

    public var forwardParameters: String { "input, offsets=None, per_sample_weights=None" }

    public func forward(values: [ModuleValue]) throws -> ModuleValue {
        guard let input = try values.first?.optionalTensor("embedding_bag(): argument 'input'") else {
            throw TorchError.type("embedding_bag(): argument 'input' must be Tensor, not NoneType")
        }
        let offsets = values.count > 1 ? try values[1].optionalTensor("offsets") : nil
        let weights = values.count > 2 ? try values[2].optionalTensor("per_sample_weights") : nil
        return .tensor(try forward(input, offsets: offsets, perSampleWeights: weights))
    }

    /// `forward(input, offsets=None, per_sample_weights=None)`.
    open func forward(_ input: Tensor, offsets: Tensor?, perSampleWeights: Tensor? = nil) throws -> Tensor {
        guard let weight else { throw TorchError.type("embedding_bag(): argument 'weight' must be Tensor, not NoneType") }
        return try functionalEmbeddingBag(input, weight, offsets: offsets, maxNorm: maxNorm.doubleValue, normType: normType.doubleValue ?? 2,
                                          scaleGradByFreq: scaleGradByFreq, mode: mode, perSampleWeights: perSampleWeights,
                                          includeLastOffset: includeLastOffset, paddingIdx: paddingIdx)
    }

    open override func extraRepr() -> String {
        var s = "\(numEmbeddings), \(embeddingDim)"
        if maxNorm != .none { s += ", max_norm=\(maxNorm)" }
        if normType.doubleValue != 2 { s += ", norm_type=\(normType)" }
        if scaleGradByFreq { s += ", scale_grad_by_freq=True" }
        s += ", mode='\(mode)'"
        if let p = paddingIdx { s += ", padding_idx=\(p)" }
        return s
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("num_embeddings", .int(numEmbeddings)), ("embedding_dim", .int(embeddingDim)), ("max_norm", maxNorm), ("norm_type", normType),
         ("scale_grad_by_freq", .bool(scaleGradByFreq)), ("mode", .string(mode)), ("sparse", .bool(sparse)),
         ("include_last_offset", .bool(includeLastOffset)), ("padding_idx", OptionValue(paddingIdx))]
    }
}

/// `F.embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False,
/// mode='mean', sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None)`
/// with the checks of torch.nn.functional: a 2-D input is B bags of N (offsets must be None), a
/// 1-D input needs 1-D offsets; max_norm renormalises the looked-up rows first.
public func functionalEmbeddingBag(_ input: Tensor, _ weight: Tensor, offsets: Tensor?, maxNorm: Double? = nil, normType: Double = 2,
                                   scaleGradByFreq: Bool = false, mode: String = "mean", perSampleWeights: Tensor? = nil,
                                   includeLastOffset: Bool = false, paddingIdx: Int? = nil) throws -> Tensor {
    if let ps = perSampleWeights, ps.shape != input.shape {
        throw TorchError.value("embedding_bag: If per_sample_weights (\(formatSize(ps.shape))) is not None, then it must have the same shape as the input (\(formatSize(input.shape)))")
    }
    guard weight.ndim == 2 else { throw TorchError.value("weight has to be a 2D Tensor, but got Tensor of dimension \(weight.ndim)") }
    var input = input, offsets = offsets, ps = perSampleWeights, includeLast = includeLastOffset
    if input.ndim == 2 {
        if offsets != nil {
            throw TorchError.value("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class 'torch.Tensor'>")
        }
        offsets = try Tensor.arange(start: .int(0), end: .int(Int64(input.numel)), step: .int(Int64(Swift.max(input.shape[1], 1))), dtype: input.dtype)
        includeLast = false
        input = try input.reshape([-1])
        ps = try ps?.reshape([-1])
    } else if input.ndim == 1 {
        guard let o = offsets else { throw TorchError.value("offsets has to be a 1D Tensor but got None") }
        guard o.ndim == 1 else { throw TorchError.value("offsets has to be a 1D Tensor") }
    } else {
        throw TorchError.value("input has to be 1D or 2D Tensor, but got Tensor of dimension \(input.ndim)")
    }
    let m: EmbeddingBagMode
    switch mode {
    case "sum": m = .sum
    case "mean": m = .mean
    case "max":
        m = .max
        if scaleGradByFreq { throw TorchError.value("max mode does not support scaling the gradient by the frequency") }
    default: throw TorchError.value("mode has to be one of sum, mean or max")
    }
    if let maxNorm { try GradMode.with(false) { try embeddingRenorm(weight, input, maxNorm: maxNorm, normType: normType) } }
    if ps != nil && m != .sum {
        throw TorchError(.notImplementedError, "embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='\("sum")' (got mode='\(mode)'). Please open a feature request on GitHub.")
    }
    var pad = -1
    if let p = paddingIdx { pad = p < 0 ? weight.shape[0] + p : p }
    guard let offsets else { throw TorchError.value("offsets has to be a 1D Tensor but got None") }
    return try embeddingBag(weight, input, offsets: offsets, scaleGradByFreq: scaleGradByFreq, mode: m, perSampleWeights: ps,
                            includeLastOffset: includeLast, paddingIdx: pad)
}
