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
        case .tuple(let items): return .tuple(try items.map { try moduleValue($0, what) })
        case .list(let l): return .tuple(try l.items.map { try moduleValue($0, what) })
        default: throw PyError(.typeError, "\(what) must be a Tensor or a tuple of Tensors, not \(typeName(v))")
        }
    }

    func pythonValue(_ v: ModuleValue) -> Value {
        switch v {
        case .tensor(let t): return .tensor(t)
        case .none: return .none
        case .tuple(let items): return .tuple(items.map(pythonValue))
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
