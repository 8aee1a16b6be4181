import Engine

/// `nn.Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
/// scale_grad_by_freq=False, sparse=False)`: a lookup table that stores embeddings of a fixed
/// dictionary and size; the input is a tensor of indices, the output the rows they select.
///
/// **Parameters**
/// - `num_embeddings`: size of the dictionary of embeddings.
/// - `embedding_dim`: the size of each embedding vector.
/// - `padding_idx`: the entries at `padding_idx` do not contribute to the gradient; its row is
///   initialised to zeros. A negative value counts from the end.
/// - `max_norm`: each embedding vector looked up with a norm larger than `max_norm` is
///   renormalised (in place) to norm `max_norm`.
/// - `norm_type`: the p of the p-norm for `max_norm`. Default 2.
/// - `scale_grad_by_freq`: scale gradients by the inverse frequency of the words in the batch.
///
/// **Shape**
/// - Input: (*), an IntTensor or LongTensor of arbitrary shape.
/// - Output: (*, H), where H = embedding_dim.
///
/// **Attributes**
/// - `weight`: the learnable weights of shape (num_embeddings, embedding_dim), initialised from
///   N(0, 1).
///
/// **Examples**
/// ```
/// >>> embedding = nn.Embedding(10, 3)
/// >>> input = torch.LongTensor([[1, 2, 4, 5], [4, 3, 2, 9]])
/// >>> embedding(input).shape
/// torch.Size([2, 4, 3])
/// ```
open class Embedding: Module {
    public let numEmbeddings: Int
    public let embeddingDim: Int
    /// Normalised to a non-negative index, as PyTorch stores it.
    public let paddingIdx: Int?
    public let maxNorm: OptionValue
    public let normType: OptionValue
    public let scaleGradByFreq: Bool
    public let sparse: Bool

    /// Creates the table; `weight` given (from_pretrained) is used as is, otherwise the weight is
    /// drawn from N(0, 1) and the padding row zeroed.
    public init(_ numEmbeddings: Int, _ embeddingDim: Int, paddingIdx: Int? = nil, maxNorm: OptionValue = .none,
                normType: OptionValue = .float(2), scaleGradByFreq: Bool = false, sparse: Bool = false,
                weight: Tensor? = nil, freeze: Bool = false) throws {
        var pad = paddingIdx
        if let p = paddingIdx {
            if p > 0 {
                guard p < numEmbeddings else { throw TorchError(.assertionError, "Padding_idx must be within num_embeddings") }
            } else if p < 0 {
                guard p >= -numEmbeddings else { throw TorchError(.assertionError, "Padding_idx must be within num_embeddings") }
                pad = numEmbeddings + p
            }
        }
        if sparse { throw TorchError(.notImplementedError, "sparse embeddings (sparse=True) are not supported by nnrepl") }
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        self.paddingIdx = pad
        self.maxNorm = maxNorm
        self.normType = normType
        self.scaleGradByFreq = scaleGradByFreq
        self.sparse = sparse
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

    open override func forward(_ input: Tensor) throws -> Tensor {
        guard let weight else { throw TorchError.type("embedding(): argument 'weight' (position 2) must be Tensor, not NoneType") }
        return try functionalEmbedding(input, weight, paddingIdx: paddingIdx, maxNorm: maxNorm.doubleValue, normType: normType.doubleValue ?? 2,
                                       scaleGradByFreq: scaleGradByFreq)
    }

    open override func extraRepr() -> String {
        var s = "\(numEmbeddings), \(embeddingDim)"
        if let p = paddingIdx { s += ", padding_idx=\(p)" }
        if maxNorm != .none { s += ", max_norm=\(maxNorm)" }
        if normType.doubleValue != 2 { s += ", norm_type=\(normType)" }
        if scaleGradByFreq { s += ", scale_grad_by_freq=True" }
        if sparse { s += ", sparse=True" }
        return s
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("num_embeddings", .int(numEmbeddings)), ("embedding_dim", .int(embeddingDim)), ("padding_idx", OptionValue(paddingIdx)),
         ("max_norm", maxNorm), ("norm_type", normType), ("scale_grad_by_freq", .bool(scaleGradByFreq)), ("sparse", .bool(sparse))]
    }
}

/// `F.embedding(input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq)`: checks and
/// normalises padding_idx as PyTorch's Python wrapper does, renormalises the looked-up rows when
/// `maxNorm` is given, then looks them up.
public func functionalEmbedding(_ input: Tensor, _ weight: Tensor, paddingIdx: Int? = nil, maxNorm: Double? = nil,
                                normType: Double = 2, scaleGradByFreq: Bool = false) throws -> Tensor {
    var pad = -1
    if let p = paddingIdx {
        if p > 0 {
            guard p < weight.shape[0] else { throw TorchError(.assertionError, "Padding_idx must be within num_embeddings") }
            pad = p
        } else if p < 0 {
            guard p >= -weight.shape[0] else { throw TorchError(.assertionError, "Padding_idx must be within num_embeddings") }
            pad = weight.shape[0] + p
        } else { pad = 0 }
    }
    if let maxNorm { try GradMode.with(false) { try embeddingRenorm(weight, input, maxNorm: maxNorm, normType: normType) } }
    return try embedding(input, weight, paddingIdx: pad, scaleGradByFreq: scaleGradByFreq)
}
