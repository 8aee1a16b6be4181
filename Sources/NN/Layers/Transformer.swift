import Engine

/// A layer the interpreter's `copy.deepcopy` can rebuild without knowing the Python call that
/// made it (layers made inside other layers, such as a transformer layer's `self_attn`): a new
/// layer of the same class and options, whose parameters and children the copier then replaces
/// with copies of the original's. It may draw random numbers; the copier puts the generator back.
public protocol FreshCopyable: Module {
    func freshCopy() throws -> Module
}

extension Linear: FreshCopyable {
    public func freshCopy() throws -> Module {
        let c = self is NonDynamicallyQuantizableLinear
            ? try NonDynamicallyQuantizableLinear(inFeatures, outFeatures, bias: bias != nil, dtype: weight?.dtype)
            : try Linear(inFeatures, outFeatures, bias: bias != nil, dtype: weight?.dtype)
        return c
    }
}

extension LayerNorm: FreshCopyable {
    public func freshCopy() throws -> Module {
        try LayerNorm(normalizedShape, eps: eps, elementwiseAffine: elementwiseAffine, bias: parameter("bias") != nil)
    }
}

extension Dropout: FreshCopyable {
    public func freshCopy() throws -> Module { try Dropout(p: p, inplace: inplace) }
}

extension MultiheadAttention: FreshCopyable {
    public func freshCopy() throws -> Module {
        try MultiheadAttention(embedDim: embedDim, numHeads: numHeads, dropout: dropout, bias: parameter("in_proj_bias") != nil,
                               kdim: kdim, vdim: vdim, batchFirst: batchFirst, dtype: outProj.weight?.dtype)
    }
}

/// A transformer layer's `activation`: `F.relu` / `F.gelu` (given as a string or as the
/// function), a layer (registered as the child `activation`, as assigning a Module attribute
/// does in PyTorch), or any other callable.
public enum TransformerActivation {
    case relu, gelu
    case module
    case function((Tensor) throws -> Tensor)
}

/// `nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1,
/// activation=F.relu, layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True)`:
/// self-attention and a feed-forward block, each with dropout, a residual connection and a
/// LayerNorm (after, or before with `norm_first`).
///
/// Children in PyTorch's order (`self_attn`, `linear1`, `dropout`, `linear2`, `norm1`, `norm2`,
/// `dropout1`, `dropout2`), so the parameters draw their initial values in PyTorch's order and
/// `state_dict()` has its keys. Forward follows `TransformerEncoderLayer.forward`: in eval mode,
/// without grad, for batch-first 3-D input, relu/gelu and equal norm eps it is PyTorch's fused
/// `torch._transformer_encoder_layer_fwd` (the native attention kernel, then the same residual
/// adds, norms and feed-forward); otherwise the Python blocks, whose dropout draws come in
/// PyTorch's order (attention weights, dropout1, dropout, dropout2).
open class TransformerEncoderLayer: Module {
    public let dModel: Int, nhead: Int, dimFeedforward: Int
    public let dropoutP: OptionValue
    public let layerNormEps: OptionValue
    public let batchFirst: Bool, normFirst: Bool, bias: Bool
    public let activation: TransformerActivation
    /// `activation_relu_or_gelu`: 1 relu, 2 gelu, 0 anything else (no fast path).
    public let activationReluOrGelu: Int

    public init(dModel: Int, nhead: Int, dimFeedforward: Int = 2048, dropout: OptionValue = 0.1, activation: TransformerActivation = .relu,
                activationModule: Module? = nil, activationReluOrGelu: Int? = nil, layerNormEps: OptionValue = 1e-5,
                batchFirst: Bool = false, normFirst: Bool = false, bias: Bool = true, dtype: DType? = nil) throws {
        self.dModel = dModel
        self.nhead = nhead
        self.dimFeedforward = dimFeedforward
        self.dropoutP = dropout
        self.layerNormEps = layerNormEps
        self.batchFirst = batchFirst
        self.normFirst = normFirst
        self.bias = bias
        self.activation = activation
        switch activation {
        case .relu: self.activationReluOrGelu = 1
        case .gelu: self.activationReluOrGelu = 2
        default: self.activationReluOrGelu = activationReluOrGelu ?? 0
        }
        super.init()
        let p = try dropout.number()
        registerModule("self_attn", try MultiheadAttention(embedDim: dModel, numHeads: nhead, dropout: p, bias: bias, batchFirst: batchFirst, dtype: dtype))
        registerModule("linear1", try Linear(dModel, dimFeedforward, bias: bias, dtype: dtype))
        registerModule("dropout", try Dropout(p: dropout))
        registerModule("linear2", try Linear(dimFeedforward, dModel, bias: bias, dtype: dtype))
        for name in ["norm1", "norm2"] {
            let norm = try LayerNorm([dModel], eps: layerNormEps, bias: bias)
            if let dtype, dtype != norm.parameter("weight")?.dtype { try norm.convertTensors(to: dtype) }
            registerModule(name, norm)
        }
        registerModule("dropout1", try Dropout(p: dropout))
        registerModule("dropout2", try Dropout(p: dropout))
        if case .module = activation, let activationModule { registerModule("activation", activationModule) }
    }

    public var selfAttn: MultiheadAttention { child("self_attn") as! MultiheadAttention }
    func sub(_ name: String) throws -> Module {
        guard let m = child(name) else { throw TorchError(.attributeError, "'\(typeName)' object has no attribute '\(name)'") }
        return m
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("norm_first", .bool(normFirst)), ("activation_relu_or_gelu", .int(activationReluOrGelu))]
    }

    /// `self.activation(x)`.
    func activate(_ x: Tensor) throws -> Tensor {
        switch activation {
        case .relu: return try relu(x)
        case .gelu: return try gelu(x)
        case .module: return try sub("activation").call(x)
        case .function(let f): return try f(x)
        }
    }

    /// `forward(src, src_mask=None, src_key_padding_mask=None, is_causal=False)`.
    public func forward(src: Tensor, srcMask: Tensor?, srcKeyPaddingMask: Tensor?, isCausal: Bool) throws -> Tensor {
        let kpm = try canonicalMask(srcKeyPaddingMask, "src_key_padding_mask", other: srcMask?.dtype, otherName: "src_mask", target: src.dtype)
        let mask = try canonicalMask(srcMask, "src_mask", other: nil, otherName: "", target: src.dtype)
        if canTakeFastPath(src) { return try fusedForward(src, mask: mask, keyPaddingMask: kpm) }
        var x = src
        let norm1 = try sub("norm1"), norm2 = try sub("norm2")
        if normFirst {
            x = try add(x, try selfAttentionBlock(try norm1.call(x), mask, kpm, isCausal))
            x = try add(x, try feedForwardBlock(try norm2.call(x)))
        } else {
            x = try norm1.call(try add(x, try selfAttentionBlock(x, mask, kpm, isCausal)))
            x = try norm2.call(try add(x, try feedForwardBlock(x)))
        }
        return x
    }

    /// `_sa_block`: self-attention without weights, then dropout1.
    func selfAttentionBlock(_ x: Tensor, _ mask: Tensor?, _ kpm: Tensor?, _ isCausal: Bool) throws -> Tensor {
        let out = try selfAttn.forward(query: x, key: x, value: x, keyPaddingMask: kpm, needWeights: false, attnMask: mask, isCausal: isCausal).0
        return try sub("dropout1").call(out)
    }

    /// `_ff_block`: linear2(dropout(activation(linear1(x)))), then dropout2.
    func feedForwardBlock(_ x: Tensor) throws -> Tensor {
        let h = try sub("dropout").call(try activate(try sub("linear1").call(x)))
        return try sub("dropout2").call(try sub("linear2").call(h))
    }

    /// The conditions of `TransformerEncoderLayer.forward` for `torch._transformer_encoder_layer_fwd`.
    func canTakeFastPath(_ src: Tensor) -> Bool {
        guard src.ndim == 3, !training, selfAttn.batchFirst, selfAttn.parameter("in_proj_bias") != nil, selfAttn.qkvSameEmbedDim,
              activationReluOrGelu != 0, nhead % 2 == 0,
              let n1 = child("norm1") as? LayerNorm, let n2 = child("norm2") as? LayerNorm, (try? n1.eps.number()) == (try? n2.eps.number()),
              namedModules().allSatisfy({ $0.1.hooks.forward.isEmpty && $0.1.hooks.forwardPre.isEmpty && $0.1.forwardObservers.isEmpty }) else { return false }
        guard GradMode.isEnabled else { return true }
        let tensors = [src] + fastPathTensors().compactMap { $0 }
        return !tensors.contains { $0.requiresGrad }
    }

    func fastPathTensors() -> [Tensor?] {
        let n1 = child("norm1"), n2 = child("norm2"), l1 = child("linear1"), l2 = child("linear2")
        return [selfAttn.parameter("in_proj_weight"), selfAttn.parameter("in_proj_bias"), selfAttn.outProj.weight, selfAttn.outProj.bias,
                n1?.parameter("weight"), n1?.parameter("bias"), n2?.parameter("weight"), n2?.parameter("bias"),
                l1?.parameter("weight"), l1?.parameter("bias"), l2?.parameter("weight"), l2?.parameter("bias")]
    }

    /// ATen's `transformer_encoder_layer_forward`: (norm1 first with norm_first) the native
    /// multi-head attention without weights, `x += src`, norm1 (post-norm), the feed-forward
    /// network (linear1, relu_/gelu_ in place, linear2; with norm2 first for norm_first), its
    /// residual add, norm2 (post-norm). The masks are `merge_masks`' (both given: their sum).
    func fusedForward(_ src: Tensor, mask: Tensor?, keyPaddingMask: Tensor?) throws -> Tensor {
        let mha = selfAttn
        let n1 = try sub("norm1"), n2 = try sub("norm2"), l1 = try sub("linear1"), l2 = try sub("linear2")
        var x = src
        if normFirst { x = try n1.forward(x) }
        x = try mha.nativeForward(x, mha.parameter("in_proj_weight")!, mha.parameter("in_proj_bias")!, mha.outProj.weight!, mha.outProj.bias!,
                                  attnMask: mask, keyPaddingMask: keyPaddingMask, needWeights: false, averageAttnWeights: true).0
        x = try add(x, src)
        if !normFirst { x = try n1.forward(x) }
        let residual = x
        if normFirst { x = try n2.forward(x) }
        x = try l1.forward(x)
        x = activationReluOrGelu == 2 ? try gelu(x) : try relu(x)
        x = try l2.forward(x)
        x = try add(x, residual)
        if !normFirst { x = try n2.forward(x) }
        return x
    }
}

extension TransformerEncoderLayer: FreshCopyable {
    public func freshCopy() throws -> Module {
        try TransformerEncoderLayer(dModel: dModel, nhead: nhead, dimFeedforward: dimFeedforward, dropout: dropoutP, activation: activation,
                                    activationModule: child("activation"), activationReluOrGelu: activationReluOrGelu, layerNormEps: layerNormEps,
                                    batchFirst: batchFirst, normFirst: normFirst, bias: bias, dtype: selfAttn.outProj.weight?.dtype)
    }
}

/// `nn.TransformerEncoder(encoder_layer, num_layers, norm=None, enable_nested_tensor=True,
/// mask_check=True)`: `num_layers` deep copies of the layer in a ModuleList `layers` (so all
/// start with the layer's values, as PyTorch's `_get_clones`), then the optional `norm`.
open class TransformerEncoder: Module {
    public let numLayers: Int
    public let enableNestedTensor: Bool
    public let useNestedTensor: Bool
    public let maskCheck: Bool
    nonisolated(unsafe) static var warnedNested = false

    /// `clone` makes one deep copy of the layer (the interpreter's `copy.deepcopy`).
    public init(layer: Module, numLayers: Int, norm: Module?, enableNestedTensor: Bool = true, maskCheck: Bool = true,
                clone: (Module) throws -> Module) throws {
        self.numLayers = numLayers
        self.enableNestedTensor = enableNestedTensor
        self.maskCheck = maskCheck
        var why = ""
        if let l = layer as? TransformerEncoderLayer {
            let n1 = try? (l.child("norm1") as? LayerNorm)?.eps.number(), n2 = try? (l.child("norm2") as? LayerNorm)?.eps.number()
            if l.normFirst { why = "encoder_layer.norm_first was True" }
            else if !l.selfAttn.batchFirst { why = "encoder_layer.self_attn.batch_first was not True(use batch_first for better inference performance)" }
            else if !l.selfAttn.qkvSameEmbedDim { why = "encoder_layer.self_attn._qkv_same_embed_dim was not True" }
            else if l.selfAttn.parameter("in_proj_bias") == nil { why = "encoder_layer.self_attn was passed bias=False" }
            else if l.activationReluOrGelu == 0 { why = "encoder_layer.activation_relu_or_gelu was not True" }
            else if n1 != n2 { why = "encoder_layer.norm1.eps was not equal to encoder_layer.norm2.eps" }
            else if l.nhead % 2 == 1 { why = "encoder_layer.self_attn.num_heads is odd" }
        } else {
            why = "encoder_layer was not TransformerEncoderLayer"
        }
        useNestedTensor = enableNestedTensor && why.isEmpty
        super.init()
        // The copies' parameters are counted before any is made, so num_layers=10**12 is the
        // allocator's error at once (PyTorch's list comprehension would copy until memory ran out).
        if numLayers > 1 {
            let perLayer = layer.parameters().reduce(0) { $0 + $1.numel } + layer.namedBuffers().reduce(0) { $0 + $1.1.numel }
            try MemoryBudget.check(shape: [numLayers, Swift.max(perLayer, 1)], itemSize: DType.defaultFloat.itemSize)
        }
        let list = ModuleList()
        for _ in 0..<Swift.max(numLayers, 0) {
            try checkInterrupt()
            list.append(try clone(layer))
        }
        registerModule("layers", list)
        if let norm { registerModule("norm", norm) }
        if enableNestedTensor && !why.isEmpty {
            Warnings.warn("enable_nested_tensor is True, but self.use_nested_tensor is False because \(why)")
        }
    }

    /// A copy shell for `copy.deepcopy` (its children are replaced by the copier).
    init(copying other: TransformerEncoder) {
        numLayers = other.numLayers
        enableNestedTensor = other.enableNestedTensor
        useNestedTensor = other.useNestedTensor
        maskCheck = other.maskCheck
        super.init()
    }

    public var layers: [Module] { (child("layers") as? ModuleList)?.modules ?? [] }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("num_layers", .int(numLayers)), ("enable_nested_tensor", .bool(enableNestedTensor)), ("use_nested_tensor", .bool(useNestedTensor)),
         ("mask_check", .bool(maskCheck))]
    }

    /// `forward(src, mask=None, src_key_padding_mask=None, is_causal=None)`.
    public func forward(src: Tensor, mask: Tensor?, srcKeyPaddingMask: Tensor?, isCausal: Bool?) throws -> Tensor {
        let kpm = try canonicalMask(srcKeyPaddingMask, "src_key_padding_mask", other: mask?.dtype, otherName: "mask", target: src.dtype)
        let mask = try canonicalMask(mask, "mask", other: nil, otherName: "", target: src.dtype)
        let layers = self.layers
        guard let first = layers.first else { throw TorchError.index("index 0 is out of range") }
        guard let firstLayer = first as? TransformerEncoderLayer else {
            throw TorchError(.attributeError, "'\(first.typeName)' object has no attribute 'self_attn'")
        }
        // The nested-tensor path (eval, no grad, a left-aligned padding mask and no mask):
        // PyTorch runs each sequence at its own length and pads the result with zeros. The
        // layers here run on the padded batch with the padding mask, the same values at the
        // kept positions, and the padded positions are then zeroed.
        var zeroPadded: Tensor?
        if useNestedTensor, !firstLayer.training, src.ndim == 3, let kpm, mask == nil, try !maskCheck || leftAligned(kpm) {
            let tensors = [src] + firstLayer.fastPathTensors().compactMap { $0 }
            if !GradMode.isEnabled || !tensors.contains(where: \.requiresGrad) { zeroPadded = kpm }
        }
        if zeroPadded != nil && !TransformerEncoder.warnedNested {
            // TORCH_WARN_ONCE in NestedTensorImpl's constructor: once per process.
            TransformerEncoder.warnedNested = true
            Warnings.warn("The PyTorch API of nested tensors is in prototype stage and will change in the near future. We recommend specifying layout=torch.jagged when constructing a nested tensor, as this layout receives active development, has better operator coverage, and works with torch.compile. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/NestedTensorImpl.cpp:177.)")
        }
        let seqLen = src.ndim == 2 ? src.shape[0] : src.shape[firstLayer.selfAttn.batchFirst ? 1 : 0]
        let causal = try detectIsCausalMask(mask, isCausal, seqLen)
        var output = src
        for layer in layers {
            guard let l = layer as? TransformerEncoderLayer else {
                throw TorchError(.typeError, "\(layer.typeName).forward() got an unexpected keyword argument 'src_mask'")
            }
            output = try l.forward(src: output, srcMask: mask, srcKeyPaddingMask: kpm, isCausal: causal)
        }
        if let padded = zeroPadded {
            // `to_padded_tensor(0.0)`: zeros where the (float) padding mask is -inf.
            let keep = try compare(.eq, .tensor(padded), .scalar(.int(0))).unsqueeze(-1)
            output = try whereSelect(keep, .tensor(output), .scalar(.int(0)))
        }
        if let norm = child("norm") { output = try norm.call(output) }
        return output
    }

    /// `_nested_tensor_from_mask_left_aligned`: every row's kept positions come first.
    func leftAligned(_ kpm: Tensor) throws -> Bool {
        let values = try kpm.contiguous().doubleValues()
        let n = kpm.shape.last ?? 0
        guard n > 0 else { return true }
        for row in 0..<(values.count / n) {
            var padding = false
            for j in 0..<n {
                let padded = values[row * n + j] != 0
                if padded { padding = true } else if padding { return false }
            }
        }
        return true
    }
}

extension TransformerEncoder: FreshCopyable {
    public func freshCopy() throws -> Module { TransformerEncoder(copying: self) }
}

/// `nn.Transformer.generate_square_subsequent_mask(sz)`: -inf above the diagonal, 0 elsewhere.
public func generateSquareSubsequentMask(_ size: Int, dtype: DType = .defaultFloat) throws -> Tensor {
    try triangle(try Tensor.full([size, size], .float(-.infinity), dtype: dtype), diagonal: 1, upper: true)
}

/// `_detect_is_causal_mask`: the hint when given; otherwise whether the mask equals the causal
/// mask of the sequence length.
func detectIsCausalMask(_ mask: Tensor?, _ isCausal: Bool?, _ size: Int?) throws -> Bool {
    if let isCausal { return isCausal }
    guard let mask else { return false }
    let sz = size ?? mask.shape[mask.ndim - 2]
    guard mask.shape == [sz, sz] else { return false }
    let causal = try generateSquareSubsequentMask(sz, dtype: mask.dtype)
    return try compare(.eq, .tensor(mask), .tensor(causal)).doubleValues().allSatisfy { $0 != 0 }
}

/// `nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1,
/// activation=F.relu, layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True)`:
/// self-attention over the target, attention over the encoder's output (`memory`) and a
/// feed-forward block, each with dropout, a residual add and a LayerNorm. Children in
/// PyTorch's order (`self_attn`, `multihead_attn`, `linear1`, `dropout`, `linear2`, `norm1`…`norm3`,
/// `dropout1`…`dropout3`); PyTorch has no fused path for it, so forward is its Python blocks.
open class TransformerDecoderLayer: Module {
    public let dModel: Int, nhead: Int, dimFeedforward: Int
    public let dropoutP: OptionValue
    public let layerNormEps: OptionValue
    public let batchFirst: Bool, normFirst: Bool, bias: Bool
    public let activation: TransformerActivation

    public init(dModel: Int, nhead: Int, dimFeedforward: Int = 2048, dropout: OptionValue = 0.1, activation: TransformerActivation = .relu,
                activationModule: Module? = nil, layerNormEps: OptionValue = 1e-5, batchFirst: Bool = false, normFirst: Bool = false,
                bias: Bool = true, dtype: DType? = nil) throws {
        self.dModel = dModel
        self.nhead = nhead
        self.dimFeedforward = dimFeedforward
        self.dropoutP = dropout
        self.layerNormEps = layerNormEps
        self.batchFirst = batchFirst
        self.normFirst = normFirst
        self.bias = bias
        self.activation = activation
        super.init()
        let p = try dropout.number()
        registerModule("self_attn", try MultiheadAttention(embedDim: dModel, numHeads: nhead, dropout: p, bias: bias, batchFirst: batchFirst, dtype: dtype))
        registerModule("multihead_attn", try MultiheadAttention(embedDim: dModel, numHeads: nhead, dropout: p, bias: bias, batchFirst: batchFirst, dtype: dtype))
        registerModule("linear1", try Linear(dModel, dimFeedforward, bias: bias, dtype: dtype))
        registerModule("dropout", try Dropout(p: dropout))
        registerModule("linear2", try Linear(dimFeedforward, dModel, bias: bias, dtype: dtype))
        for name in ["norm1", "norm2", "norm3"] {
            let norm = try LayerNorm([dModel], eps: layerNormEps, bias: bias)
            if let dtype, dtype != norm.parameter("weight")?.dtype { try norm.convertTensors(to: dtype) }
            registerModule(name, norm)
        }
        for name in ["dropout1", "dropout2", "dropout3"] { registerModule(name, try Dropout(p: dropout)) }
        if case .module = activation, let activationModule { registerModule("activation", activationModule) }
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] { [("norm_first", .bool(normFirst))] }

    func sub(_ name: String) throws -> Module {
        guard let m = child(name) else { throw TorchError(.attributeError, "'\(typeName)' object has no attribute '\(name)'") }
        return m
    }
    func attention(_ name: String) throws -> MultiheadAttention {
        guard let m = child(name) as? MultiheadAttention else { throw TorchError(.attributeError, "'\(typeName)' object has no attribute '\(name)'") }
        return m
    }

    /// `forward(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
    /// memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False)`.
    public func forward(tgt: Tensor, memory: Tensor, tgtMask: Tensor?, memoryMask: Tensor?, tgtKeyPaddingMask: Tensor?,
                        memoryKeyPaddingMask: Tensor?, tgtIsCausal: Bool, memoryIsCausal: Bool) throws -> Tensor {
        var x = tgt
        let norm1 = try sub("norm1"), norm2 = try sub("norm2"), norm3 = try sub("norm3")
        if normFirst {
            x = try add(x, try selfAttentionBlock(try norm1.call(x), tgtMask, tgtKeyPaddingMask, tgtIsCausal))
            x = try add(x, try crossAttentionBlock(try norm2.call(x), memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal))
            x = try add(x, try feedForwardBlock(try norm3.call(x)))
        } else {
            x = try norm1.call(try add(x, try selfAttentionBlock(x, tgtMask, tgtKeyPaddingMask, tgtIsCausal)))
            x = try norm2.call(try add(x, try crossAttentionBlock(x, memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal)))
            x = try norm3.call(try add(x, try feedForwardBlock(x)))
        }
        return x
    }

    func selfAttentionBlock(_ x: Tensor, _ mask: Tensor?, _ kpm: Tensor?, _ isCausal: Bool) throws -> Tensor {
        let out = try attention("self_attn").forward(query: x, key: x, value: x, keyPaddingMask: kpm, needWeights: false, attnMask: mask, isCausal: isCausal).0
        return try sub("dropout1").call(out)
    }

    func crossAttentionBlock(_ x: Tensor, _ memory: Tensor, _ mask: Tensor?, _ kpm: Tensor?, _ isCausal: Bool) throws -> Tensor {
        let out = try attention("multihead_attn").forward(query: x, key: memory, value: memory, keyPaddingMask: kpm, needWeights: false,
                                                          attnMask: mask, isCausal: isCausal).0
        return try sub("dropout2").call(out)
    }

    func feedForwardBlock(_ x: Tensor) throws -> Tensor {
        let a = try sub("linear1").call(x)
        let h: Tensor
        switch activation {
        case .relu: h = try relu(a)
        case .gelu: h = try gelu(a)
        case .module: h = try sub("activation").call(a)
        case .function(let f): h = try f(a)
        }
        return try sub("dropout3").call(try sub("linear2").call(try sub("dropout").call(h)))
    }
}

extension TransformerDecoderLayer: FreshCopyable {
    public func freshCopy() throws -> Module {
        try TransformerDecoderLayer(dModel: dModel, nhead: nhead, dimFeedforward: dimFeedforward, dropout: dropoutP, activation: activation,
                                    activationModule: child("activation"), layerNormEps: layerNormEps, batchFirst: batchFirst,
                                    normFirst: normFirst, bias: bias, dtype: (child("linear1") as? Linear)?.weight?.dtype)
    }
}

/// `nn.TransformerDecoder(decoder_layer, num_layers, norm=None)`: deep copies of the layer in
/// `layers`, then the optional `norm`; forward detects a causal `tgt_mask` when
/// `tgt_is_causal` is None.
open class TransformerDecoder: Module {
    public let numLayers: Int

    public init(layer: Module, numLayers: Int, norm: Module?, clone: (Module) throws -> Module) throws {
        self.numLayers = numLayers
        super.init()
        if numLayers > 1 {
            let perLayer = layer.parameters().reduce(0) { $0 + $1.numel } + layer.namedBuffers().reduce(0) { $0 + $1.1.numel }
            try MemoryBudget.check(shape: [numLayers, Swift.max(perLayer, 1)], itemSize: DType.defaultFloat.itemSize)
        }
        let list = ModuleList()
        for _ in 0..<Swift.max(numLayers, 0) {
            try checkInterrupt()
            list.append(try clone(layer))
        }
        registerModule("layers", list)
        if let norm { registerModule("norm", norm) }
    }

    init(copying other: TransformerDecoder) {
        numLayers = other.numLayers
        super.init()
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] { [("num_layers", .int(numLayers))] }

    public func forward(tgt: Tensor, memory: Tensor, tgtMask: Tensor?, memoryMask: Tensor?, tgtKeyPaddingMask: Tensor?,
                        memoryKeyPaddingMask: Tensor?, tgtIsCausal: Bool?, memoryIsCausal: Bool) throws -> Tensor {
        let layers = (child("layers") as? ModuleList)?.modules ?? []
        guard let first = layers.first else { throw TorchError.index("index 0 is out of range") }
        guard let firstLayer = first as? TransformerDecoderLayer else {
            throw TorchError(.attributeError, "'\(first.typeName)' object has no attribute 'self_attn'")
        }
        let seqLen = tgt.ndim == 2 ? tgt.shape[0] : tgt.shape[firstLayer.batchFirst ? 1 : 0]
        let causal = try detectIsCausalMask(tgtMask, tgtIsCausal, seqLen)
        var output = tgt
        for layer in layers {
            guard let l = layer as? TransformerDecoderLayer else {
                throw TorchError(.typeError, "\(layer.typeName).forward() got an unexpected keyword argument 'tgt_mask'")
            }
            output = try l.forward(tgt: output, memory: memory, tgtMask: tgtMask, memoryMask: memoryMask, tgtKeyPaddingMask: tgtKeyPaddingMask,
                                   memoryKeyPaddingMask: memoryKeyPaddingMask, tgtIsCausal: causal, memoryIsCausal: memoryIsCausal)
        }
        if let norm = child("norm") { output = try norm.call(output) }
        return output
    }
}

extension TransformerDecoder: FreshCopyable {
    public func freshCopy() throws -> Module { TransformerDecoder(copying: self) }
}
