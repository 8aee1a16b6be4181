import Engine
import NN

/// `torch.nn`: layer classes as Python sees them, and how built-in layers are called and read.
extension Interpreter {
    /// Python value of a layer/optimizer option.
    func value(_ o: OptionValue) -> Value {
        switch o {
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .bool(let b): return .bool(b)
        case .none: return .none
        case .string(let s): return .str(s)
        case .tuple(let items): return .tuple(items.map(value))
        }
    }

    /// A Python value as an option (numbers keep their Python type for reprs).
    func optionValue(_ v: Value, _ function: String = "", _ argument: String = "") throws -> OptionValue {
        switch v {
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .bool(let b): return .bool(b)
        case .none: return .none
        case .str(let s): return .string(s)
        case .tuple(let items): return .tuple(try items.map { try optionValue($0, function, argument) })
        case .list(let l): return .tuple(try l.items.map { try optionValue($0, function, argument) })
        case .tensor(let t) where t.numel == 1:
            switch t.scalar(atFlat: 0) {
            case .int(let i): return .int(Int(i))
            case .float(let d): return .float(d)
            case .bool(let b): return .bool(b)
            }
        default:
            throw PyError(.typeError, "\(function)(): argument '\(argument)' has an unsupported type \(typeName(v))")
        }
    }

    /// `3` or `(3, 5)` as the layer took it.
    func intOrPair(_ v: Value, _ argument: String) throws -> IntOrPair {
        switch v {
        case .int(let i): return .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        default: return try IntOrPair(try intList(v, function: argument, argument: argument), argument: argument)
        }
    }

    func layerAttribute(_ m: Module, _ name: String) throws -> Value? {
        m.optionAttribute(name).map(value)
    }

    func setLayerAttribute(_ m: Module, _ name: String, _ value: Value) throws -> Bool {
        if m.optionAttribute(name) != nil {
            throw PyError(.attributeError, "nnrepl cannot change '\(name)' of an existing \(m.typeName); create a new layer instead")
        }
        return false
    }

    func layerAttributeNames(_ m: Module) -> [String] { m.optionAttributes.map(\.name) }

    func isContainer(_ m: Module) -> Bool { m is Sequential || m is ModuleList || isDictOrParameterContainer(m) }

    /// `seq[0]`, `seq[1:]`, `layers[-1]`.
    func moduleGetItem(_ m: Module, _ key: Value) throws -> Value {
        if let sm = m as? ScriptedModule, let base = sm.builtinBase, isContainer(base) {
            sm.pushToBase()
            return try moduleGetItem(base, key)
        }
        if let v = try containerGetItem(m, key) { return v }
        if let seq = m as? Sequential {
            if case .object(let s as SliceObject) = key {
                return .module(try seq.slice(start: s.lower.isNone ? nil : try intValue(s.lower), stop: s.upper.isNone ? nil : try intValue(s.upper), step: s.step.isNone ? nil : try intValue(s.step)))
            }
            return .module(try seq.item(at: try intValue(key)))
        }
        if let list = m as? ModuleList {
            if case .object(let s as SliceObject) = key {
                return .module(try list.slice(start: s.lower.isNone ? nil : try intValue(s.lower), stop: s.upper.isNone ? nil : try intValue(s.upper), step: s.step.isNone ? nil : try intValue(s.step)))
            }
            return .module(try list.item(at: try intValue(key)))
        }
        throw PyError(.typeError, "'\(m.typeName)' object is not subscriptable")
    }

    /// Calls a built-in layer from Python: one tensor for most, (input, target) for losses,
    /// a tuple for MaxPool2d(return_indices=True); Sequential chains through Python children.
    nonisolated(unsafe) static let forwardSignature = LazySignature("forward", "input")
    nonisolated(unsafe) static let lossForwardSignature = LazySignature("forward", "input, target")
    nonisolated(unsafe) static let attentionForwardSignature = LazySignature(
        "forward", "query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None, average_attn_weights=True, is_causal=False")

    func callBuiltinModule(_ m: Module, _ a: Arguments) throws -> Value {
        if let e = nonTensorInputError(m, a) { throw e }
        if m is Identity, a.positional.count == 1, a.keywords.isEmpty { return a.positional[0] }
        do {
            if let loss = m as? LossModule {
                let b = try Interpreter.lossForwardSignature.bind(a, self)
                return .tensor(try loss.forward(try b.tensor("input"), try b.tensor("target")))
            }
            if let seq = m as? Sequential {
                guard a.positional.count == 1, a.keywords.isEmpty else {
                    throw PyError(.typeError, "Sequential.forward() takes 2 positional arguments but \(a.positional.count + 1) were given")
                }
                var x = a.positional[0]
                for child in seq.modules { x = try callModule(child, Arguments([x]), range: nil) }
                return x
            }
            if m is ModuleList {
                throw PyError(.notImplementedError, "Module [ModuleList] is missing the required \"forward\" function")
            }
            if let mv = m as? MultiValueForward { return try callMultiValue(mv, a) }
            if let out = try callTransformerModule(m, a) { return out }
            if let mha = m as? MultiheadAttention {
                let b = try Interpreter.attentionForwardSignature.bind(a, self)
                let (out, weights) = try mha.forward(query: try b.tensor("query"), key: try b.tensor("key"), value: try b.tensor("value"),
                                                     keyPaddingMask: try b.optionalTensor("key_padding_mask"), needWeights: try b.bool("need_weights"),
                                                     attnMask: try b.optionalTensor("attn_mask"), averageAttnWeights: try b.bool("average_attn_weights"),
                                                     isCausal: try b.bool("is_causal"))
                return .tuple([.tensor(out), weights.map { .tensor($0) } ?? .none])
            }
            let b = try Interpreter.forwardSignature.bind(a, self)
            let input = try b.tensor("input")
            if let pool = m as? IndexReturningPool, pool.returnIndices {
                let (out, idx) = try pool.forwardWithIndices(input)
                return .tuple([.tensor(out), .tensor(idx)])
            }
            return .tensor(try m.forward(input))
        } catch let e as TorchError {
            throw PyError(e)
        }
    }

    /// What PyTorch raises when a layer gets something other than a tensor: its forward hands
    /// the argument to a native function (`linear(): argument 'input' (position 1) must be
    /// Tensor, not list`) or calls a tensor method on it (`'list' object has no attribute 'dim'`).
    func nonTensorInputError(_ m: Module, _ a: Arguments) -> PyError? {
        let native = ["Linear": "linear", "ReLU": "relu", "LeakyReLU": "leaky_relu", "Sigmoid": "sigmoid", "Tanh": "tanh",
                      "GELU": "gelu", "Dropout": "dropout", "MaxPool2d": "max_pool2d", "AvgPool2d": "avg_pool2d",
                      "Conv2d": "conv2d", "CrossEntropyLoss": "cross_entropy_loss", "NLLLoss": "nll_loss_nd"]
        let method = ["Softmax": "softmax", "LogSoftmax": "log_softmax", "Flatten": "flatten", "BatchNorm1d": "dim",
                      "BatchNorm2d": "dim", "AdaptiveAvgPool2d": "size", "MSELoss": "size", "L1Loss": "size",
                      "BCELoss": "size", "BCEWithLogitsLoss": "size"]
        let names = m is LossModule ? ["input", "target"] : ["input"]
        for (i, v) in a.positional.prefix(names.count).enumerated() {
            if case .tensor = v { continue }
            if let f = native[m.typeName] {
                return PyError(.typeError, "\(f)(): argument '\(names[i])' (position \(i + 1)) must be Tensor, not \(typeName(v))")
            }
            if let attr = method[m.typeName] {
                return PyError(.attributeError, "'\(typeName(v))' object has no attribute '\(attr)'")
            }
        }
        return nil
    }

    /// The class object of a built-in layer by name (for `type(layer)`).
    func layerClass(named name: String) -> LayerClassObject? {
        if case .object(let ns as NamespaceObject)? = try? importModule("torch.nn", range: nil),
           case .object(let c as LayerClassObject)? = ns.members[name] { return c }
        return nil
    }

    func makeNNModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.nn")
        ns.members["Module"] = .cls(moduleBaseClass)
        ns.members["Parameter"] = .object(ParameterTypeObject.shared)
        func layer<M: Module>(_ name: String, _ type: M.Type, _ sig: String, doc: String = "", _ make: @escaping (BoundArgs) throws -> M) {
            ns.members[name] = .object(LayerClassObject(name, qualified: PyTorchClassPaths.qualified(name), doc: doc, isInstance: { $0 is M }) { [unowned self] a, _ in
                do { return try make(try Signature.of("\(name).__init__", sig).bind(a, self)) } catch let e as TorchError { throw PyError(e) }
            })
            if case .object(let c as LayerClassObject)? = ns.members[name] { c.signature = sig } // shell keyword completion
        }
        layer("Linear", Linear.self, "in_features, out_features, bias=True, device=None, dtype=None") { b in
            try Linear(try b.int("in_features"), try b.int("out_features"), bias: try b.bool("bias"), dtype: try b.dtype("dtype"))
        }
        layer("Conv2d", Conv2d.self, "in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None") { [unowned self] b in
            let padding: Conv2dPadding
            if case .str(let s) = b["padding"] { padding = .named(s) } else { padding = .size(try self.intOrPair(b["padding"], "padding")) }
            return try Conv2d(try b.int("in_channels"), try b.int("out_channels"), kernelSize: try self.intOrPair(b["kernel_size"], "kernel_size"),
                              stride: try self.intOrPair(b["stride"], "stride"), padding: padding, dilation: try self.intOrPair(b["dilation"], "dilation"),
                              groups: try b.int("groups"), bias: try b.bool("bias"), paddingMode: try b.string("padding_mode"), dtype: try b.dtype("dtype"))
        }
        layer("MaxPool2d", MaxPool2d.self, "kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False") { [unowned self] b in
            MaxPool2d(kernelSize: try self.intOrPair(b["kernel_size"], "kernel_size"), stride: b.isNone("stride") ? nil : try self.intOrPair(b["stride"], "stride"),
                      padding: try self.intOrPair(b["padding"], "padding"), dilation: try self.intOrPair(b["dilation"], "dilation"),
                      returnIndices: try b.bool("return_indices"), ceilMode: try b.bool("ceil_mode"))
        }
        layer("AvgPool2d", AvgPool2d.self, "kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None") { [unowned self] b in
            AvgPool2d(kernelSize: try self.intOrPair(b["kernel_size"], "kernel_size"), stride: b.isNone("stride") ? nil : try self.intOrPair(b["stride"], "stride"),
                      padding: try self.intOrPair(b["padding"], "padding"), ceilMode: try b.bool("ceil_mode"),
                      countIncludePad: try b.bool("count_include_pad"), divisorOverride: try b.optionalInt("divisor_override"))
        }
        layer("AdaptiveAvgPool2d", AdaptiveAvgPool2d.self, "output_size") { [unowned self] b in
            AdaptiveAvgPool2d(outputSize: try self.adaptiveOutputSize(b["output_size"]))
        }
        layer("ReLU", ReLU.self, "inplace=False") { b in ReLU(inplace: try b.bool("inplace")) }
        layer("LeakyReLU", LeakyReLU.self, "negative_slope=0.01, inplace=False") { [unowned self] b in
            LeakyReLU(negativeSlope: try self.optionValue(b["negative_slope"], "LeakyReLU", "negative_slope"), inplace: try b.bool("inplace"))
        }
        layer("Sigmoid", Sigmoid.self, "") { _ in Sigmoid() }
        layer("Tanh", Tanh.self, "") { _ in Tanh() }
        layer("GELU", GELU.self, "approximate='none'") { b in GELU(approximate: try b.string("approximate")) }
        layer("Softmax", Softmax.self, "dim=None") { b in Softmax(dim: try b.optionalInt("dim")) }
        layer("LogSoftmax", LogSoftmax.self, "dim=None") { b in LogSoftmax(dim: try b.optionalInt("dim")) }
        layer("Flatten", Flatten.self, "start_dim=1, end_dim=-1") { b in Flatten(startDim: try b.int("start_dim"), endDim: try b.int("end_dim")) }
        layer("Dropout", Dropout.self, "p=0.5, inplace=False") { [unowned self] b in
            try Dropout(p: try self.optionValue(b["p"], "Dropout", "p"), inplace: try b.bool("inplace"))
        }
        layer("Identity", Identity.self, "*args, **kwargs") { _ in Identity() }
        for (name, is2d) in [("BatchNorm1d", false), ("BatchNorm2d", true)] {
            ns.members[name] = .object(LayerClassObject(name, qualified: PyTorchClassPaths.qualified(name), isInstance: { is2d ? $0 is BatchNorm2d : $0 is BatchNorm1d }) { [unowned self] a, _ in
                let b = try Signature.of("\(name).__init__", "num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None").bind(a, self)
                let args = (try b.int("num_features"), try self.optionValue(b["eps"]), try self.optionValue(b["momentum"]), try b.bool("affine"), try b.bool("track_running_stats"))
                let dtype = try b.dtype("dtype")
                do {
                    if is2d { return try BatchNorm2d(args.0, eps: args.1, momentum: args.2, affine: args.3, trackRunningStats: args.4, dtype: dtype) }
                    return try BatchNorm1d(args.0, eps: args.1, momentum: args.2, affine: args.3, trackRunningStats: args.4, dtype: dtype)
                } catch let e as TorchError { throw PyError(e) }
            })
        }
        ns.members["Sequential"] = .object(LayerClassObject("Sequential", qualified: "torch.nn.modules.container.Sequential", isInstance: { $0 is Sequential }) { [unowned self] a, _ in
            if a.positional.count == 1, case .dict(let d) = a.positional[0] {
                return Sequential(named: try d.pairs.map { k, v in
                    guard case .str(let name) = k, case .module(let m) = v else { throw PyError(.typeError, "Sequential expects named modules") }
                    return (name, m)
                })
            }
            return Sequential(try a.positional.map { v in
                guard case .module(let m) = v else { throw PyError(.typeError, "\(self.typeName(v)) is not a Module subclass") }
                return m
            })
        })
        ns.members["ModuleList"] = .object(LayerClassObject("ModuleList", qualified: "torch.nn.modules.container.ModuleList", isInstance: { $0 is ModuleList }) { [unowned self] a, _ in
            let items = try a.positional.first.map { (try self.collect($0, range: nil)) } ?? []
            return ModuleList(try items.map { v in
                guard case .module(let m) = v else { throw PyError(.typeError, "ModuleList.extend should be called with an iterable, but got \(self.typeName(v))") }
                return m
            })
        })
        // losses
        func reduction(_ b: BoundArgs) throws -> String {
            let r = try b.string("reduction")
            guard Reduction(rawValue: r) != nil else { throw PyError(.valueError, "\(r) is not a valid value for reduction") }
            return r
        }
        layer("MSELoss", MSELoss.self, "size_average=None, reduce=None, reduction='mean'") { b in MSELoss(reduction: try reduction(b)) }
        layer("L1Loss", L1Loss.self, "size_average=None, reduce=None, reduction='mean'") { b in L1Loss(reduction: try reduction(b)) }
        layer("CrossEntropyLoss", CrossEntropyLoss.self, "weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0") { b in
            CrossEntropyLoss(weight: try b.optionalTensor("weight"), ignoreIndex: try b.int("ignore_index"), reduction: try reduction(b), labelSmoothing: try b.double("label_smoothing"))
        }
        layer("NLLLoss", NLLLoss.self, "weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'") { b in
            NLLLoss(weight: try b.optionalTensor("weight"), ignoreIndex: try b.int("ignore_index"), reduction: try reduction(b))
        }
        layer("BCELoss", BCELoss.self, "weight=None, size_average=None, reduce=None, reduction='mean'") { b in
            BCELoss(weight: try b.optionalTensor("weight"), reduction: try reduction(b))
        }
        layer("BCEWithLogitsLoss", BCEWithLogitsLoss.self, "weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None") { b in
            BCEWithLogitsLoss(weight: try b.optionalTensor("weight"), reduction: try reduction(b), posWeight: try b.optionalTensor("pos_weight"))
        }
        addSurfaceLayers(ns)
        if let m = try? importModule("torch.nn.functional", range: nil) { ns.members["functional"] = m }
        if let m = try? importModule("torch.nn.init", range: nil) { ns.members["init"] = m }
        if let m = try? importModule("torch.nn.utils", range: nil) { ns.members["utils"] = m }
        return ns
    }

    /// The `output_size` of a 1-D adaptive pooling: an int or a 1-element tuple/list.
    func adaptive1dOutputSize(_ v: Value, _ function: String) throws -> Int {
        if case .int(let i) = v { return i }
        let l = try intList(v, function: function, argument: "output_size")
        guard l.count == 1 else { throw PyError(.runtimeError, "\(function)() argument 'output_size' should contain one int (got \(l.count))") }
        return l[0]
    }

    func adaptiveOutputSize(_ v: Value) throws -> AdaptiveOutputSize {
        let (h, w) = try optionalPair(v)
        if case .int(let i) = v { return .int(i) }
        return .pair(h, w)
    }
}
