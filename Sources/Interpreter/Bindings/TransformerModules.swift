import Engine
import NN

/// `nn.TransformerEncoderLayer`, `nn.TransformerEncoder` and
/// `nn.Transformer.generate_square_subsequent_mask`: constructors, the `activation` argument
/// (a string, `F.relu`/`F.gelu`, a layer or any callable) and their forward calls.
extension Interpreter {
    nonisolated(unsafe) static let encoderLayerForwardSignature = LazySignature("forward", "src, src_mask=None, src_key_padding_mask=None, is_causal=False")
    nonisolated(unsafe) static let decoderLayerForwardSignature = LazySignature("forward", "tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False")
    nonisolated(unsafe) static let decoderForwardSignature = LazySignature("forward", "tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False")
    nonisolated(unsafe) static let encoderForwardSignature = LazySignature("forward", "src, mask=None, src_key_padding_mask=None, is_causal=None")

    func addTransformerLayers(_ ns: NamespaceObject) {
        let layerSig = "d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=None, layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, device=None, dtype=None"
        _ = surfaceLayer(ns, "TransformerEncoderLayer", "transformer", TransformerEncoderLayer.self, layerSig) { [unowned self] b in
            let (activation, module, kind) = try self.transformerActivation(b["activation"])
            let dropout = try self.optionValue(b["dropout"], "TransformerEncoderLayer", "dropout")
            let eps = try self.optionValue(b["layer_norm_eps"], "TransformerEncoderLayer", "layer_norm_eps")
            return try TransformerEncoderLayer(dModel: try b.int("d_model"), nhead: try b.int("nhead"), dimFeedforward: try b.int("dim_feedforward"),
                                               dropout: dropout, activation: activation, activationModule: module, activationReluOrGelu: kind,
                                               layerNormEps: eps, batchFirst: try b.bool("batch_first"), normFirst: try b.bool("norm_first"),
                                               bias: try b.bool("bias"), dtype: try b.dtype("dtype"))
        }
        let encoderSig = "encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True"
        _ = surfaceLayer(ns, "TransformerEncoder", "transformer", TransformerEncoder.self, encoderSig) { [unowned self] b in
            guard case .module(let layer) = b["encoder_layer"] else {
                throw PyError(.typeError, "TransformerEncoder.__init__(): argument 'encoder_layer' must be a Module, not \(self.typeName(b["encoder_layer"]))")
            }
            let numLayers: Int
            switch b["num_layers"] {
            case .int(let n): numLayers = n
            case .bool(let v): numLayers = v ? 1 : 0
            case let v: throw PyError(.typeError, "'\(self.typeName(v))' object cannot be interpreted as an integer")
            }
            var norm: Module?
            switch b["norm"] {
            case .none: norm = nil
            case .module(let m): norm = m
            case let v: throw PyError(.typeError, "cannot assign '\(self.typeName(v))' as child module 'norm' (torch.nn.Module or None expected)")
            }
            return try TransformerEncoder(layer: layer, numLayers: numLayers, norm: norm, enableNestedTensor: try b.bool("enable_nested_tensor"),
                                          maskCheck: try b.bool("mask_check")) { [unowned self] m in
                var memo = DeepCopyMemo()
                guard case .module(let copy) = try self.deepCopy(.module(m), &memo) else { throw PyError(.typeError, "cannot copy \(m.typeName)") }
                return copy
            }
        }
        _ = surfaceLayer(ns, "TransformerDecoderLayer", "transformer", TransformerDecoderLayer.self, layerSig) { [unowned self] b in
            let (activation, module, _) = try self.transformerActivation(b["activation"])
            let dropout = try self.optionValue(b["dropout"], "TransformerDecoderLayer", "dropout")
            let eps = try self.optionValue(b["layer_norm_eps"], "TransformerDecoderLayer", "layer_norm_eps")
            return try TransformerDecoderLayer(dModel: try b.int("d_model"), nhead: try b.int("nhead"), dimFeedforward: try b.int("dim_feedforward"),
                                               dropout: dropout, activation: activation, activationModule: module, layerNormEps: eps,
                                               batchFirst: try b.bool("batch_first"), normFirst: try b.bool("norm_first"),
                                               bias: try b.bool("bias"), dtype: try b.dtype("dtype"))
        }
        _ = surfaceLayer(ns, "TransformerDecoder", "transformer", TransformerDecoder.self, "decoder_layer, num_layers, norm=None") { [unowned self] b in
            guard case .module(let layer) = b["decoder_layer"] else {
                throw PyError(.typeError, "TransformerDecoder.__init__(): argument 'decoder_layer' must be a Module, not \(self.typeName(b["decoder_layer"]))")
            }
            let numLayers: Int
            switch b["num_layers"] {
            case .int(let n): numLayers = n
            case .bool(let v): numLayers = v ? 1 : 0
            case let v: throw PyError(.typeError, "'\(self.typeName(v))' object cannot be interpreted as an integer")
            }
            var norm: Module?
            switch b["norm"] {
            case .none: norm = nil
            case .module(let m): norm = m
            case let v: throw PyError(.typeError, "cannot assign '\(self.typeName(v))' as child module 'norm' (torch.nn.Module or None expected)")
            }
            return try TransformerDecoder(layer: layer, numLayers: numLayers, norm: norm) { [unowned self] m in
                var memo = DeepCopyMemo()
                guard case .module(let copy) = try self.deepCopy(.module(m), &memo) else { throw PyError(.typeError, "cannot copy \(m.typeName)") }
                return copy
            }
        }
        let maskFunction = BuiltinFunction("generate_square_subsequent_mask") { [unowned self] a, _ in
            let b = try Signature.of("generate_square_subsequent_mask", "sz, device=None, dtype=None").bind(a, self)
            do {
                return .tensor(try generateSquareSubsequentMask(try b.int("sz"), dtype: try b.dtype("dtype") ?? DType.defaultFloat))
            } catch let e as TorchError { throw PyError(e) }
        }
        maskFunction.pythonTypeName = "function"
        let transformer = LayerClassObject("Transformer", qualified: "torch.nn.modules.transformer.Transformer", isInstance: { _ in false }) { _, _ in
            throw PyError(.notImplementedError, "nn.Transformer (the whole encoder-decoder model) is not supported by nnrepl; build it from nn.TransformerEncoder and nn.TransformerDecoder")
        }
        transformer.classAttributes["generate_square_subsequent_mask"] = .builtin(maskFunction)
        ns.members["Transformer"] = .object(transformer)
    }

    /// `_get_activation_fn` and the `activation_relu_or_gelu` test: "relu"/"gelu" and `F.relu` /
    /// `F.gelu` are the built-in activations; a layer is registered as a child; any other
    /// callable is called on the tensor.
    func transformerActivation(_ v: Value) throws -> (TransformerActivation, Module?, Int) {
        switch v {
        case .none: return (.relu, nil, 1)
        case .str(let s):
            if s == "relu" { return (.relu, nil, 1) }
            if s == "gelu" { return (.gelu, nil, 2) }
            throw PyError(.runtimeError, "activation should be relu/gelu, not \(s)")
        case .module(let m):
            return (.module, m, m is ReLU ? 1 : m is GELU ? 2 : 0)
        default:
            if case .builtin(let f) = v, case .object(let ns as NamespaceObject)? = try? importModule("torch.nn.functional", range: nil) {
                if case .builtin(let relu)? = ns.members["relu"], relu === f { return (.relu, nil, 1) }
                if case .builtin(let gelu)? = ns.members["gelu"], gelu === f { return (.gelu, nil, 2) }
            }
            guard isCallable(v) else { throw PyError(.typeError, "'\(typeName(v))' object is not callable") }
            return (.function({ [unowned self] t in
                let r = try self.call(v, Arguments([.tensor(t)]))
                guard case .tensor(let out) = r else {
                    throw PyError(.typeError, "linear(): argument 'input' (position 1) must be Tensor, not \(self.typeName(r))")
                }
                return out
            }), nil, 0)
        }
    }

    /// `layer(src, ...)` / `encoder(src, ...)`.
    func callTransformerModule(_ m: Module, _ a: Arguments) throws -> Value? {
        if let layer = m as? TransformerEncoderLayer {
            let b = try Interpreter.encoderLayerForwardSignature.bind(a, self)
            return .tensor(try layer.forward(src: try b.tensor("src"), srcMask: try b.optionalTensor("src_mask"),
                                             srcKeyPaddingMask: try b.optionalTensor("src_key_padding_mask"), isCausal: try b.bool("is_causal")))
        }
        if let encoder = m as? TransformerEncoder {
            let b = try Interpreter.encoderForwardSignature.bind(a, self)
            return .tensor(try encoder.forward(src: try b.tensor("src"), mask: try b.optionalTensor("mask"),
                                               srcKeyPaddingMask: try b.optionalTensor("src_key_padding_mask"),
                                               isCausal: b.isNone("is_causal") ? nil : try b.bool("is_causal")))
        }
        if let decoder = m as? TransformerDecoderLayer {
            let b = try Interpreter.decoderLayerForwardSignature.bind(a, self)
            return .tensor(try decoder.forward(tgt: try b.tensor("tgt"), memory: try b.tensor("memory"), tgtMask: try b.optionalTensor("tgt_mask"),
                                               memoryMask: try b.optionalTensor("memory_mask"), tgtKeyPaddingMask: try b.optionalTensor("tgt_key_padding_mask"),
                                               memoryKeyPaddingMask: try b.optionalTensor("memory_key_padding_mask"),
                                               tgtIsCausal: try b.bool("tgt_is_causal"), memoryIsCausal: try b.bool("memory_is_causal")))
        }
        if let decoder = m as? TransformerDecoder {
            let b = try Interpreter.decoderForwardSignature.bind(a, self)
            return .tensor(try decoder.forward(tgt: try b.tensor("tgt"), memory: try b.tensor("memory"), tgtMask: try b.optionalTensor("tgt_mask"),
                                               memoryMask: try b.optionalTensor("memory_mask"), tgtKeyPaddingMask: try b.optionalTensor("tgt_key_padding_mask"),
                                               memoryKeyPaddingMask: try b.optionalTensor("memory_key_padding_mask"),
                                               tgtIsCausal: b.isNone("tgt_is_causal") ? nil : try b.bool("tgt_is_causal"),
                                               memoryIsCausal: try b.bool("memory_is_causal")))
        }
        return nil
    }
}
