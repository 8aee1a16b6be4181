import Engine
import NN

/// The layers of the wider surface in `torch.nn` (Embedding, RNN/LSTM/GRU and their cells, …)
/// and how layers with several inputs or outputs are called from Python.
extension Interpreter {
    /// A Python value as a layer argument: a tensor, None, or a tuple/list of those.
    func moduleValue(_ v: Value, _ what: String) throws -> ModuleValue {
        switch v {
        case .tensor(let t): return .tensor(t)
        case .none: return .none
        case .int(let i): return .ints([i])
        case .object(let o as SizeObject): return .ints(o.dims)
        case .tuple(let items) where !items.isEmpty && items.allSatisfy({ if case .int = $0 { return true }; return false }):
            return .ints(try items.map { try intValue($0) })
        case .list(let l) where !l.items.isEmpty && l.items.allSatisfy({ if case .int = $0 { return true }; return false }):
            return .ints(try l.items.map { try intValue($0) })
        case .tuple(let items): return .tuple(try items.map { try moduleValue($0, what) })
        case .list(let l): return .tuple(try l.items.map { try moduleValue($0, what) })
        case .object(let o as PackedSequenceObject): return .packed(o.sequence)
        default: throw PyError(.typeError, "\(what) must be a Tensor or a tuple of Tensors, not \(typeName(v))")
        }
    }

    func pythonValue(_ v: ModuleValue) -> Value {
        switch v {
        case .tensor(let t): return .tensor(t)
        case .none: return .none
        case .tuple(let items): return .tuple(items.map(pythonValue))
        case .packed(let p): return packedValue(p)
        case .ints(let v): return .tuple(v.map { .int($0) })
        }
    }

    /// `layer(a, b, …)` for a layer with a multi-value forward.
    func callMultiValue(_ m: MultiValueForward, _ a: Arguments) throws -> Value {
        let sig = Signature.of("forward", m.forwardParameters)
        let b = try sig.bind(a, self)
        let values = try sig.params.map { try moduleValue(b[$0.name], "forward(): argument '\($0.name)'") }
        do { return pythonValue(try m.forward(values: values)) } catch let e as TorchError { throw PyError(e) }
    }

    /// Registers a layer class under `torch.nn` with its PyTorch module path.
    func surfaceLayer<M: Module>(_ ns: NamespaceObject, _ name: String, _ module: String, _ type: M.Type, _ sig: String,
                                 _ make: @escaping (BoundArgs) throws -> M) -> LayerClassObject {
        let cls = LayerClassObject(name, qualified: "torch.nn.modules.\(module).\(name)", isInstance: { $0 is M }) { [unowned self] a, _ in
            do { return try make(try Signature.of("\(name).__init__", sig).bind(a, self)) } catch let e as TorchError { throw PyError(e) }
        }
        cls.signature = sig
        ns.members[name] = .object(cls)
        return cls
    }

    func addSurfaceLayers(_ ns: NamespaceObject) {
        addSurfaceLosses(ns)
        addSurfaceLayers2(ns)
        if let u = try? importModule("torch.nn.utils", range: nil) { ns.members["utils"] = u }
        let embeddingSig = "num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None"
        let embedding = surfaceLayer(ns, "Embedding", "sparse", Embedding.self, embeddingSig) { [unowned self] b in
            try Embedding(try b.int("num_embeddings"), try b.int("embedding_dim"), paddingIdx: try b.optionalInt("padding_idx"),
                          maxNorm: try self.optionValue(b["max_norm"], "Embedding", "max_norm"), normType: try self.optionValue(b["norm_type"], "Embedding", "norm_type"),
                          scaleGradByFreq: try b.bool("scale_grad_by_freq"), sparse: try b.bool("sparse"),
                          weight: try b.optionalTensor("_weight"), freeze: try b.bool("_freeze"))
        }
        embedding.classAttributes["from_pretrained"] = .builtin(BuiltinFunction("from_pretrained") { [unowned self] a, _ in
            let b = try Signature.of("from_pretrained", "embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False").bind(a, self)
            let w = try b.tensor("embeddings")
            guard w.ndim == 2 else { throw PyError(.assertionError, "Embeddings parameter is expected to be 2-dimensional") }
            do {
                return .module(try Embedding(w.shape[0], w.shape[1], paddingIdx: try b.optionalInt("padding_idx"),
                                             maxNorm: try self.optionValue(b["max_norm"], "Embedding", "max_norm"),
                                             normType: try self.optionValue(b["norm_type"], "Embedding", "norm_type"),
                                             scaleGradByFreq: try b.bool("scale_grad_by_freq"), sparse: try b.bool("sparse"),
                                             weight: w, freeze: try b.bool("freeze")))
            } catch let e as TorchError { throw PyError(e) }
        })

        let bagSig = "num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, mode='mean', sparse=False, _weight=None, include_last_offset=False, padding_idx=None, device=None, dtype=None"
        let bag = surfaceLayer(ns, "EmbeddingBag", "sparse", EmbeddingBag.self, bagSig) { [unowned self] b in
            try EmbeddingBag(try b.int("num_embeddings"), try b.int("embedding_dim"), maxNorm: try self.optionValue(b["max_norm"], "EmbeddingBag", "max_norm"),
                             normType: try self.optionValue(b["norm_type"], "EmbeddingBag", "norm_type"), scaleGradByFreq: try b.bool("scale_grad_by_freq"),
                             mode: try b.string("mode"), sparse: try b.bool("sparse"), weight: try b.optionalTensor("_weight"),
                             includeLastOffset: try b.bool("include_last_offset"), paddingIdx: try b.optionalInt("padding_idx"))
        }
        bag.classAttributes["from_pretrained"] = .builtin(BuiltinFunction("from_pretrained") { [unowned self] a, _ in
            let b = try Signature.of("from_pretrained", "embeddings, freeze=True, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, mode='mean', sparse=False, include_last_offset=False, padding_idx=None").bind(a, self)
            let w = try b.tensor("embeddings")
            guard w.ndim == 2 else { throw PyError(.assertionError, "Embeddings parameter is expected to be 2-dimensional") }
            do {
                return .module(try EmbeddingBag(w.shape[0], w.shape[1], maxNorm: try self.optionValue(b["max_norm"], "EmbeddingBag", "max_norm"),
                                                normType: try self.optionValue(b["norm_type"], "EmbeddingBag", "norm_type"),
                                                scaleGradByFreq: try b.bool("scale_grad_by_freq"), mode: try b.string("mode"), sparse: try b.bool("sparse"),
                                                weight: w, includeLastOffset: try b.bool("include_last_offset"),
                                                paddingIdx: try b.optionalInt("padding_idx"), freeze: try b.bool("freeze")))
            } catch let e as TorchError { throw PyError(e) }
        })

        let recurrent = "bias=True, batch_first=False, dropout=0.0, bidirectional=False"
        _ = surfaceLayer(ns, "RNN", "rnn", RNNBase.self, "input_size, hidden_size, num_layers=1, nonlinearity='tanh', \(recurrent), device=None, dtype=None") { [unowned self] b in
            let nl = try b.string("nonlinearity")
            guard nl == "tanh" || nl == "relu" else { throw PyError(.valueError, "Unknown nonlinearity '\(nl)'. Select from 'tanh' or 'relu'.") }
            return try self.recurrentLayer("RNN", nl == "relu" ? .rnnRelu : .rnnTanh, b)
        }
        _ = surfaceLayer(ns, "LSTM", "rnn", RNNBase.self, "input_size, hidden_size, num_layers=1, \(recurrent), proj_size=0, device=None, dtype=None") { [unowned self] b in
            try self.recurrentLayer("LSTM", .lstm, b)
        }
        _ = surfaceLayer(ns, "GRU", "rnn", RNNBase.self, "input_size, hidden_size, num_layers=1, \(recurrent), device=None, dtype=None") { [unowned self] b in
            try self.recurrentLayer("GRU", .gru, b)
        }
        // The class objects check the concrete kind (an RNN is not an LSTM).
        for (name, test) in [("RNN", { (m: Module) in (m as? RNNBase).map { $0.mode == .rnnTanh || $0.mode == .rnnRelu } ?? false }),
                             ("LSTM", { (m: Module) in (m as? RNNBase)?.mode == .lstm }), ("GRU", { (m: Module) in (m as? RNNBase)?.mode == .gru })] {
            guard case .object(let old as LayerClassObject)? = ns.members[name] else { continue }
            let cls = LayerClassObject(name, qualified: old.qualified, doc: old.doc, isInstance: test, construct: old.construct)
            cls.signature = old.signature
            ns.members[name] = .object(cls)
        }
        _ = surfaceLayer(ns, "RNNCell", "rnn", RNNCellBase.self, "input_size, hidden_size, bias=True, nonlinearity='tanh', device=None, dtype=None") { b in
            let nl = try b.string("nonlinearity")
            guard nl == "tanh" || nl == "relu" else { throw PyError(.valueError, "Unknown nonlinearity: \(nl)") }
            return try RNNCellBase("RNNCell", mode: nl == "relu" ? .rnnRelu : .rnnTanh, inputSize: try b.int("input_size"), hiddenSize: try b.int("hidden_size"), bias: try b.bool("bias"))
        }
        for (name, mode) in [("LSTMCell", RecurrentMode.lstm), ("GRUCell", .gru)] {
            _ = surfaceLayer(ns, name, "rnn", RNNCellBase.self, "input_size, hidden_size, bias=True, device=None, dtype=None") { b in
                try RNNCellBase(name, mode: mode, inputSize: try b.int("input_size"), hiddenSize: try b.int("hidden_size"), bias: try b.bool("bias"))
            }
        }
        for (name, test) in [("RNNCell", { (m: Module) in (m as? RNNCellBase).map { $0.mode == .rnnTanh || $0.mode == .rnnRelu } ?? false }),
                             ("LSTMCell", { (m: Module) in (m as? RNNCellBase)?.mode == .lstm }), ("GRUCell", { (m: Module) in (m as? RNNCellBase)?.mode == .gru })] {
            guard case .object(let old as LayerClassObject)? = ns.members[name] else { continue }
            let cls = LayerClassObject(name, qualified: old.qualified, doc: old.doc, isInstance: test, construct: old.construct)
            cls.signature = old.signature
            ns.members[name] = .object(cls)
        }
    }

    func recurrentLayer(_ name: String, _ mode: RecurrentMode, _ b: BoundArgs) throws -> RNNBase {
        let dropout: OptionValue
        switch b["dropout"] {
        case .int(let v): dropout = .int(v)
        case .float(let v): dropout = .float(v)
        default: throw PyError(.valueError, "dropout should be a number in range [0, 1] representing the probability of an element being zeroed")
        }
        guard case .int(let hidden) = b["hidden_size"] else {
            throw PyError(.typeError, "hidden_size should be of type int, got: \(typeName(b["hidden_size"]))")
        }
        return try RNNBase(name, mode: mode, inputSize: try b.int("input_size"), hiddenSize: hidden, numLayers: try b.int("num_layers"),
                           bias: try b.bool("bias"), batchFirst: try b.bool("batch_first"), dropout: dropout,
                           bidirectional: try b.bool("bidirectional"), projSize: mode == .lstm ? try b.int("proj_size") : 0)
    }
}

/// The second batch of layers: activations and dropouts as FunctionalLayer, normalization,
/// 1-D conv/pooling, transposed convolution, upsampling, Bilinear, PReLU, containers.
extension Interpreter {
    /// Registers a FunctionalLayer class.
    func functionalLayer(_ ns: NamespaceObject, _ name: String, _ module: String, _ sig: String,
                         _ make: @escaping (BoundArgs) throws -> FunctionalLayer) {
        let cls = LayerClassObject(name, qualified: "torch.nn.modules.\(module).\(name)", isInstance: { ($0 as? FunctionalLayer)?.name == name }) { [unowned self] a, _ in
            do { return try make(try Signature.of("\(name).__init__", sig).bind(a, self)) } catch let e as TorchError { throw PyError(e) }
        }
        cls.signature = sig
        ns.members[name] = .object(cls)
    }

    func addSurfaceLayers2(_ ns: NamespaceObject) {
        func opt(_ b: BoundArgs, _ k: String) throws -> OptionValue { try optionValue(b[k], k, k) }
        func inplaceText(_ on: Bool, first: Bool = false) -> String { on ? (first ? "inplace=True" : ", inplace=True") : "" }
        functionalLayer(ns, "Softplus", "activation", "beta=1.0, threshold=20.0") { b in
            let beta = try opt(b, "beta"), th = try opt(b, "threshold")
            return FunctionalLayer("Softplus", options: [("beta", beta), ("threshold", th)], repr: "beta=\(beta), threshold=\(th)") { l, x in
                try softplus(x, beta: try l.number("beta"), threshold: try l.number("threshold"))
            }
        }
        functionalLayer(ns, "ELU", "activation", "alpha=1.0, inplace=False") { b in
            let alpha = try opt(b, "alpha"), ip = try b.bool("inplace")
            return FunctionalLayer("ELU", options: [("alpha", alpha), ("inplace", .bool(ip))], repr: "alpha=\(alpha)" + inplaceText(ip)) { l, x in
                try maybeInPlaceValue(x, ip) { try elu($0, alpha: try l.number("alpha")) }
            }
        }
        functionalLayer(ns, "CELU", "activation", "alpha=1.0, inplace=False") { b in
            let alpha = try opt(b, "alpha"), ip = try b.bool("inplace")
            return FunctionalLayer("CELU", options: [("alpha", alpha), ("inplace", .bool(ip))], repr: "alpha=\(alpha)" + inplaceText(ip)) { l, x in
                try maybeInPlaceValue(x, ip) { try celu($0, alpha: try l.number("alpha")) }
            }
        }
        for (name, f) in [("SELU", selu), ("SiLU", silu), ("Mish", mish), ("Hardsigmoid", hardsigmoid), ("Hardswish", hardswish)] as [(String, (Tensor) throws -> Tensor)] {
            functionalLayer(ns, name, "activation", "inplace=False") { b in
                let ip = try b.bool("inplace")
                let shows = name == "SELU" || name == "SiLU" || name == "Mish"
                return FunctionalLayer(name, options: [("inplace", .bool(ip))], repr: shows ? inplaceText(ip, first: true) : "") { _, x in
                    try maybeInPlaceValue(x, ip, f)
                }
            }
        }
        functionalLayer(ns, "Hardtanh", "activation", "min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None") { b in
            let lo = try opt(b, "min_val"), hi = try opt(b, "max_val"), ip = try b.bool("inplace")
            guard try hi.number() > (try lo.number()) else { throw PyError(.assertionError, "") }
            return FunctionalLayer("Hardtanh", options: [("min_val", lo), ("max_val", hi), ("inplace", .bool(ip))],
                                   repr: "min_val=\(lo), max_val=\(hi)" + inplaceText(ip)) { l, x in
                try maybeInPlaceValue(x, ip) { try hardtanh($0, min: try l.number("min_val"), max: try l.number("max_val")) }
            }
        }
        functionalLayer(ns, "ReLU6", "activation", "inplace=False") { b in
            let ip = try b.bool("inplace")
            return FunctionalLayer("ReLU6", options: [("min_val", .float(0)), ("max_val", .float(6)), ("inplace", .bool(ip))],
                                   repr: inplaceText(ip, first: true)) { _, x in try maybeInPlaceValue(x, ip) { try hardtanh($0, min: 0, max: 6) } }
        }
        functionalLayer(ns, "Softmin", "activation", "dim=None") { [unowned self] b in
            let dim = try b.optionalInt("dim")
            return FunctionalLayer("Softmin", options: [("dim", OptionValue(dim))], repr: "dim=\(dim.map(String.init) ?? "None")") { [unowned self] _, x in
                var d: Int
                if let dim { d = dim } else {
                    d = implicitSoftmaxDim(x.ndim)
                    self.warn(category: "UserWarning", message: "Implicit dimension choice for softmin has been deprecated. Change the call to include dim=X as an argument.")
                }
                return try softmax(try neg(x), dim: d)
            }
        }
        for (name, f) in [("LogSigmoid", logsigmoid), ("Softsign", { x in try div(.tensor(x), .tensor(try add(.tensor(try abs(x)), .scalar(.int(1))))) }),
                          ("Tanhshrink", { x in try sub(.tensor(x), .tensor(try tanh(x))) })] as [(String, (Tensor) throws -> Tensor)] {
            functionalLayer(ns, name, "activation", "") { _ in FunctionalLayer(name) { _, x in try f(x) } }
        }
        functionalLayer(ns, "Threshold", "activation", "threshold, value, inplace=False") { b in
            let th = try opt(b, "threshold"), v = try opt(b, "value"), ip = try b.bool("inplace")
            return FunctionalLayer("Threshold", options: [("threshold", th), ("value", v), ("inplace", .bool(ip))],
                                   repr: "threshold=\(th), value=\(v)" + inplaceText(ip)) { l, x in
                try maybeInPlaceValue(x, ip) { try threshold($0, threshold: try l.number("threshold"), value: try l.number("value")) }
            }
        }
        functionalLayer(ns, "GLU", "activation", "dim=-1") { b in
            let d = try b.int("dim")
            return FunctionalLayer("GLU", options: [("dim", .int(d))], repr: "dim=\(d)") { _, x in try glu(x, dim: d) }
        }
        for (name, shrink) in [("Hardshrink", true), ("Softshrink", false)] {
            functionalLayer(ns, name, "activation", "lambd=0.5") { b in
                let l = try opt(b, "lambd")
                return FunctionalLayer(name, options: [("lambd", l)], repr: "\(l)") { m, x in
                    shrink ? try hardshrink(x, lambd: try m.number("lambd")) : try softshrink(x, lambd: try m.number("lambd"))
                }
            }
        }
        functionalLayer(ns, "Unflatten", "flatten", "dim, unflattened_size") { [unowned self] b in
            let d = try b.int("dim")
            let sizes = try b.intList("unflattened_size")
            let sizeText: String
            if case .object(is SizeObject) = b["unflattened_size"] { sizeText = formatSize(sizes) } else { sizeText = try self.repr(b["unflattened_size"]) }
            return FunctionalLayer("Unflatten", options: [("dim", .int(d)), ("unflattened_size", tupleOptionValue(sizes))],
                                   repr: "dim=\(d), unflattened_size=\(sizeText)") { _, x in try x.unflatten(d, sizes) }
        }
        for (name, option, module) in [("PixelShuffle", "upscale_factor", "pixelshuffle"), ("PixelUnshuffle", "downscale_factor", "pixelshuffle"),
                                       ("ChannelShuffle", "groups", "channelshuffle")] {
            functionalLayer(ns, name, module, option) { b in
                let r = try b.int(option)
                return FunctionalLayer(name, options: [(option, .int(r))], repr: "\(option)=\(r)") { _, x in
                    switch name {
                    case "PixelShuffle": return try pixelShuffle(x, upscaleFactor: r)
                    case "PixelUnshuffle": return try pixelUnshuffle(x, downscaleFactor: r)
                    default: return try channelShuffle(x, groups: r)
                    }
                }
            }
        }
        for (name, spatial) in [("Dropout1d", 1), ("Dropout2d", 2), ("Dropout3d", 3)] {
            functionalLayer(ns, name, "dropout", "p=0.5, inplace=False") { b in
                let p = try opt(b, "p"), ip = try b.bool("inplace")
                let v = try p.number()
                guard v >= 0 && v <= 1 else { throw PyError(.valueError, "dropout probability has to be between 0 and 1, but got \(p)") }
                return FunctionalLayer(name, options: [("p", p), ("inplace", .bool(ip))], repr: "p=\(p), inplace=\(ip ? "True" : "False")") { l, x in
                    try maybeInPlaceValue(x, ip && l.training) { try featureDropout($0, p: v, training: l.training, spatial: spatial) }
                }
            }
        }
        functionalLayer(ns, "AlphaDropout", "dropout", "p=0.5, inplace=False") { b in
            let p = try opt(b, "p"), ip = try b.bool("inplace")
            let v = try p.number()
            guard v >= 0 && v <= 1 else { throw PyError(.valueError, "dropout probability has to be between 0 and 1, but got \(p)") }
            return FunctionalLayer("AlphaDropout", options: [("p", p), ("inplace", .bool(ip))], repr: "p=\(p), inplace=\(ip ? "True" : "False")") { l, x in
                try alphaDropout(x, p: v, training: l.training)
            }
        }

        _ = surfaceLayer(ns, "LayerNorm", "normalization", LayerNorm.self, "normalized_shape, eps=1e-05, elementwise_affine=True, bias=True, device=None, dtype=None") { b in
            try LayerNorm(try b.intList("normalized_shape"), eps: try opt(b, "eps"), elementwiseAffine: try b.bool("elementwise_affine"), bias: try b.bool("bias"))
        }
        _ = surfaceLayer(ns, "GroupNorm", "normalization", GroupNorm.self, "num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None, *, bias=True") { b in
            try GroupNorm(try b.int("num_groups"), try b.int("num_channels"), eps: try opt(b, "eps"), affine: try b.bool("affine"), bias: try b.bool("bias"))
        }
        for (name, d) in [("InstanceNorm1d", 1), ("InstanceNorm2d", 2)] {
            let cls = LayerClassObject(name, qualified: "torch.nn.modules.instancenorm.\(name)", isInstance: { ($0 as? InstanceNorm)?.spatialDims == d }) { [unowned self] a, _ in
                let b = try Signature.of("\(name).__init__", "num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, device=None, dtype=None").bind(a, self)
                do {
                    return try InstanceNorm(spatialDims: d, try b.int("num_features"), eps: try opt(b, "eps"), momentum: try opt(b, "momentum"),
                                            affine: try b.bool("affine"), trackRunningStats: try b.bool("track_running_stats"))
                } catch let e as TorchError { throw PyError(e) }
            }
            ns.members[name] = .object(cls)
        }
        _ = surfaceLayer(ns, "Conv1d", "conv", Conv1d.self, "in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None") { [unowned self] b in
            func one(_ k: String) throws -> Int {
                let l = try self.intList(b[k], function: "Conv1d", argument: k)
                guard l.count == 1 else { throw PyError(.valueError, "\(k) must be an int or a tuple of 1 int") }
                return l[0]
            }
            var padString: String? = nil, pad = 0
            if case .str(let s) = b["padding"] { padString = s } else { pad = try one("padding") }
            return try Conv1d(try b.int("in_channels"), try b.int("out_channels"), kernelSize: try one("kernel_size"), stride: try one("stride"),
                              padding: pad, paddingString: padString, dilation: try one("dilation"), groups: try b.int("groups"),
                              bias: try b.bool("bias"), paddingMode: try b.string("padding_mode"))
        }
        _ = surfaceLayer(ns, "ConvTranspose2d", "conv", ConvTranspose2d.self, "in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None") { [unowned self] b in
            try ConvTranspose2d(try b.int("in_channels"), try b.int("out_channels"), kernelSize: try self.intOrPair(b["kernel_size"], "kernel_size"),
                                stride: try self.intOrPair(b["stride"], "stride"), padding: try self.intOrPair(b["padding"], "padding"),
                                outputPadding: try self.intOrPair(b["output_padding"], "output_padding"), groups: try b.int("groups"),
                                bias: try b.bool("bias"), dilation: try self.intOrPair(b["dilation"], "dilation"), paddingMode: try b.string("padding_mode"))
        }
        _ = surfaceLayer(ns, "MaxPool1d", "pooling", MaxPool1d.self, "kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False") { b in
            MaxPool1d(kernelSize: try b.int("kernel_size"), stride: try b.optionalInt("stride"), padding: try b.int("padding"),
                      dilation: try b.int("dilation"), returnIndices: try b.bool("return_indices"), ceilMode: try b.bool("ceil_mode"))
        }
        _ = surfaceLayer(ns, "AdaptiveMaxPool2d", "pooling", AdaptiveMaxPool2d.self, "output_size, return_indices=False") { [unowned self] b in
            AdaptiveMaxPool2d(outputSize: try self.adaptiveOutputSize(b["output_size"]), returnIndices: try b.bool("return_indices"))
        }
        _ = surfaceLayer(ns, "AdaptiveMaxPool1d", "pooling", AdaptiveMaxPool1d.self, "output_size, return_indices=False") { [unowned self] b in
            AdaptiveMaxPool1d(outputSize: try self.adaptive1dOutputSize(b["output_size"], "adaptive_max_pool1d"), returnIndices: try b.bool("return_indices"))
        }
        // Lazy layers: an instance of nn.LazyX only until its first forward.
        func lazyLayer(_ name: String, _ module: String, _ sig: String, isPending: @escaping (Module) -> Bool,
                       _ make: @escaping (BoundArgs) throws -> Module) {
            let cls = LayerClassObject(name, qualified: "torch.nn.modules.\(module).\(name)", isInstance: isPending) { [unowned self] a, _ in
                do { return try make(try Signature.of("\(name).__init__", sig).bind(a, self)) } catch let e as TorchError { throw PyError(e) }
            }
            cls.signature = sig
            ns.members[name] = .object(cls)
        }
        lazyLayer("LazyLinear", "linear", "out_features, bias=True, device=None, dtype=None",
                  isPending: { ($0 as? LazyLinear)?.isUninitializedLazy == true }) { b in
            try LazyLinear(outFeatures: try b.int("out_features"), bias: try b.bool("bias"), dtype: try b.dtype("dtype"))
        }
        lazyLayer("LazyConv2d", "conv", "out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None",
                  isPending: { ($0 as? LazyConv2d)?.isUninitializedLazy == true }) { [unowned self] b in
            let padding: Conv2dPadding
            if case .str(let s) = b["padding"] { padding = .named(s) } else { padding = .size(try self.intOrPair(b["padding"], "padding")) }
            return try LazyConv2d(outChannels: try b.int("out_channels"), kernelSize: try self.intOrPair(b["kernel_size"], "kernel_size"),
                                  stride: try self.intOrPair(b["stride"], "stride"), padding: padding, dilation: try self.intOrPair(b["dilation"], "dilation"),
                                  groups: try b.int("groups"), bias: try b.bool("bias"), paddingMode: try b.string("padding_mode"), dtype: try b.dtype("dtype"))
        }
        for (name, is2d) in [("LazyBatchNorm1d", false), ("LazyBatchNorm2d", true)] {
            lazyLayer(name, "batchnorm", "eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None",
                      isPending: { is2d ? ($0 as? LazyBatchNorm2d)?.isUninitializedLazy == true : ($0 as? LazyBatchNorm1d)?.isUninitializedLazy == true }) { [unowned self] b in
                let (eps, momentum) = (try self.optionValue(b["eps"]), try self.optionValue(b["momentum"]))
                let (affine, track, dtype) = (try b.bool("affine"), try b.bool("track_running_stats"), try b.dtype("dtype"))
                if is2d { return try LazyBatchNorm2d(eps: eps, momentum: momentum, affine: affine, trackRunningStats: track, dtype: dtype) }
                return try LazyBatchNorm1d(eps: eps, momentum: momentum, affine: affine, trackRunningStats: track, dtype: dtype)
            }
        }
        _ = surfaceLayer(ns, "AdaptiveAvgPool1d", "pooling", AdaptiveAvgPool1d.self, "output_size") { [unowned self] b in
            AdaptiveAvgPool1d(outputSize: try self.adaptive1dOutputSize(b["output_size"], "adaptive_avg_pool1d"))
        }
        _ = surfaceLayer(ns, "MultiheadAttention", "activation", MultiheadAttention.self,
                         "embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False, kdim=None, vdim=None, batch_first=False, device=None, dtype=None") { b in
            try MultiheadAttention(embedDim: try b.int("embed_dim"), numHeads: try b.int("num_heads"), dropout: try b.double("dropout"), bias: try b.bool("bias"),
                                   addBiasKV: try b.bool("add_bias_kv"), addZeroAttn: try b.bool("add_zero_attn"), kdim: try b.optionalInt("kdim"),
                                   vdim: try b.optionalInt("vdim"), batchFirst: try b.bool("batch_first"), dtype: try b.dtype("dtype"))
        }
        _ = surfaceLayer(ns, "AvgPool1d", "pooling", AvgPool1d.self, "kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True") { [unowned self] b in
            // PyTorch takes an int or a 1-tuple (what it keeps: `_single(kernel_size)`).
            func single(_ name: String) throws -> Int? {
                if b.isNone(name) { return nil }
                if case .tuple(let t) = b[name], t.count == 1 { return try self.intValue(t[0]) }
                return try b.int(name)
            }
            return AvgPool1d(kernelSize: try single("kernel_size") ?? 0, stride: try single("stride"), padding: try single("padding") ?? 0,
                             ceilMode: try b.bool("ceil_mode"), countIncludePad: try b.bool("count_include_pad"))
        }
        for (name, mode, align) in [("Upsample", "", false), ("UpsamplingNearest2d", "nearest", false), ("UpsamplingBilinear2d", "bilinear", true)] {
            let sig = name == "Upsample" ? "size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None" : "size=None, scale_factor=None"
            let cls = LayerClassObject(name, qualified: "torch.nn.modules.upsampling.\(name)", isInstance: { ($0 as? Upsample)?.name == name }) { [unowned self] a, _ in
                let b = try Signature.of("\(name).__init__", sig).bind(a, self)
                let m = name == "Upsample" ? try b.string("mode") : mode
                let ac: Bool? = name == "Upsample" ? (b.isNone("align_corners") ? nil : try b.bool("align_corners")) : (align ? true : nil)
                return Upsample(name: name, size: try opt(b, "size"), scaleFactor: try opt(b, "scale_factor"), mode: m, alignCorners: ac)
            }
            cls.signature = sig
            ns.members[name] = .object(cls)
        }
        _ = surfaceLayer(ns, "Bilinear", "linear", Bilinear.self, "in1_features, in2_features, out_features, bias=True, device=None, dtype=None") { b in
            try Bilinear(try b.int("in1_features"), try b.int("in2_features"), try b.int("out_features"), bias: try b.bool("bias"))
        }
        _ = surfaceLayer(ns, "PReLU", "activation", PReLU.self, "num_parameters=1, init=0.25, device=None, dtype=None") { b in
            try PReLU(numParameters: try b.int("num_parameters"), initValue: try opt(b, "init"))
        }
        addSurfaceContainers(ns)
        addTransformerLayers(ns)
        addPaddingLayers(ns)
    }
}

/// A tuple of ints as an option value.
func tupleOptionValue(_ v: [Int]) -> OptionValue { .tuple(v.map { .int($0) }) }

/// `op` out of place, written back into `x` when `inplace` (activation layers' inplace=True).
func maybeInPlaceValue(_ x: Tensor, _ inplace: Bool, _ op: (Tensor) throws -> Tensor) throws -> Tensor {
    guard inplace else { return try op(x) }
    let out = try inPlace(x, op)
    // ATen's in-place elu_/celu_/threshold_ have backward formulas of their own (from the result).
    let inPlaceNames = ["EluBackward0": "EluBackward1", "CeluBackward0": "CeluBackward1", "ThresholdBackward0": "ThresholdBackward1"]
    if let n = out.gradFn?.name, let renamed = inPlaceNames[n] { out.gradFn?.displayName = renamed }
    return out
}
