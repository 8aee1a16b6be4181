import Engine
import NN

/// `torch.optim`: optimizers and learning-rate schedulers as Python objects.
extension Interpreter {
    /// The `params` argument: an iterable of tensors, or of dicts (parameter groups).
    func paramsArgument(_ v: Value, _ function: String) throws -> ParamsArgument {
        if case .tensor(let t) = v { throw PyError(Optimizer.paramsTypeError(for: t)) }
        if case .module(let m) = v, !isContainer(m) { throw PyError(.typeError, "'\(m.typeName)' object is not iterable") }
        let items = (try collect(v, range: nil))
        if let first = items.first, case .dict = first {
            return .groups(try items.map { item in
                guard case .dict(let d) = item else { throw PyError(.typeError, "param groups must all be dicts") }
                var spec = ParamGroupSpec(params: [])
                for (k, val) in d.pairs {
                    guard case .str(let key) = k else { continue }
                    if key == "params" {
                        if case .tensor(let t) = val { spec.params = [t] } else {
                            spec.params = try (try collect(val, range: nil)).map { p in
                                guard case .tensor(let t) = p else { throw PyError(.typeError, "optimizer can only optimize Tensors, but one of the params is \(typeName(p))") }
                                return t
                            }
                        }
                    } else {
                        spec.options.append((key, try optionValue(val, function, key)))
                    }
                }
                return spec
            })
        }
        return .tensors(try items.map { p in
            guard case .tensor(let t) = p else { throw PyError(.typeError, "optimizer can only optimize Tensors, but one of the params is \(typeName(p))") }
            return t
        })
    }

    func makeOptimModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.optim")
        func optimizer(_ name: String, _ sig: String, _ make: @escaping (BoundArgs, ParamsArgument) throws -> Optimizer) {
            ns.members[name] = .object(BuiltinType(name, test: { v in
                if case .object(let o as OptimizerObject) = v { return o.optimizer.typeName == name || (name == "Adam" && o.optimizer is Adam) }
                return false
            }) { [unowned self] a, _ in
                let b = try Signature.of("\(name).__init__", sig).bind(a, self)
                let params = try self.paramsArgument(b["params"], name)
                do { return .object(OptimizerObject(try make(b, params))) } catch let e as TorchError { throw PyError(e) }
            })
            if case .object(let t as BuiltinType)? = ns.members[name] {
                t.signature = sig // shell keyword completion
                t.qualifiedName = (PyTorchClassPaths.modules[name] ?? "torch.optim") + "." + name
            }
        }
        optimizer("SGD", "params, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False, *, maximize=False, foreach=None, differentiable=False, fused=None") { [unowned self] b, p in
            try SGD(p, lr: try self.optionValue(b["lr"]), momentum: try self.optionValue(b["momentum"]), dampening: try self.optionValue(b["dampening"]),
                    weightDecay: try self.optionValue(b["weight_decay"]), nesterov: try b.bool("nesterov"), maximize: try b.bool("maximize"))
        }
        for name in ["Adam", "AdamW"] {
            let wd = name == "AdamW" ? "0.01" : "0"
            optimizer(name, "params, lr=0.001, betas=None, eps=1e-08, weight_decay=\(wd), amsgrad=False, *, foreach=None, maximize=False, capturable=False, differentiable=False, fused=None, decoupled_weight_decay=False") { [unowned self] b, p in
                var betas: (OptionValue, OptionValue) = (.float(0.9), .float(0.999))
                if !b.isNone("betas") {
                    let items = (try self.collect(b["betas"], range: nil))
                    guard items.count == 2 else { throw PyError(.valueError, "betas must be a pair") }
                    betas = (try self.optionValue(items[0]), try self.optionValue(items[1]))
                }
                if name == "AdamW" {
                    return try AdamW(p, lr: try self.optionValue(b["lr"]), betas: betas, eps: try self.optionValue(b["eps"]), weightDecay: try self.optionValue(b["weight_decay"]),
                                     amsgrad: try b.bool("amsgrad"), maximize: try b.bool("maximize"))
                }
                return try Adam(p, lr: try self.optionValue(b["lr"]), betas: betas, eps: try self.optionValue(b["eps"]), weightDecay: try self.optionValue(b["weight_decay"]),
                                amsgrad: try b.bool("amsgrad"), maximize: try b.bool("maximize"), decoupledWeightDecay: try b.bool("decoupled_weight_decay"))
            }
        }
        optimizer("RMSprop", "params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=False, capturable=False, foreach=None, maximize=False, differentiable=False") { [unowned self] b, p in
            try RMSprop(p, lr: try self.optionValue(b["lr"]), alpha: try self.optionValue(b["alpha"]), eps: try self.optionValue(b["eps"]),
                        weightDecay: try self.optionValue(b["weight_decay"]), momentum: try self.optionValue(b["momentum"]),
                        centered: try b.bool("centered"), maximize: try b.bool("maximize"))
        }
        ns.members["Optimizer"] = .object(BuiltinType("Optimizer", test: { if case .object(is OptimizerObject) = $0 { return true }; return false }) { _, _ in
            throw PyError(.typeError, "torch.optim.Optimizer is a base class; use optim.SGD, optim.Adam, …")
        })
        addSurfaceOptimizers(ns)
        if let m = try? importModule("torch.optim.lr_scheduler", range: nil) { ns.members["lr_scheduler"] = m }
        return ns
    }

    func makeLRSchedulerModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.optim.lr_scheduler")
        func scheduler(_ name: String, _ sig: String, _ make: @escaping (BoundArgs, Optimizer) throws -> LRScheduler) {
            ns.members[name] = .object(BuiltinType(name, test: { v in
                if case .object(let o as SchedulerObject) = v { return o.scheduler.typeName == name }
                return false
            }) { [unowned self] a, _ in
                let b = try Signature.of("\(name).__init__", sig).bind(a, self)
                guard case .object(let opt as OptimizerObject) = b["optimizer"] else {
                    throw PyError(.typeError, "\(self.typeName(b["optimizer"])) is not an Optimizer")
                }
                do { return .object(SchedulerObject(try make(b, opt.optimizer))) } catch let e as TorchError { throw PyError(e) }
            })
            if case .object(let t as BuiltinType)? = ns.members[name] {
                t.signature = sig // shell keyword completion
                t.qualifiedName = "torch.optim.lr_scheduler." + name
            }
        }
        scheduler("StepLR", "optimizer, step_size, gamma=0.1, last_epoch=-1") { [unowned self] b, o in
            try StepLR(optimizer: o, stepSize: try self.optionValue(b["step_size"]), gamma: try self.optionValue(b["gamma"]), lastEpoch: try b.int("last_epoch"))
        }
        scheduler("ExponentialLR", "optimizer, gamma, last_epoch=-1") { [unowned self] b, o in
            try ExponentialLR(optimizer: o, gamma: try self.optionValue(b["gamma"]), lastEpoch: try b.int("last_epoch"))
        }
        addSurfaceSchedulers(ns)
        return ns
    }
}

/// An optimizer as Python sees it.
final class OptimizerObject: NativeObject {
    let optimizer: Optimizer
    init(_ o: Optimizer) { optimizer = o }
    override var typeName: String { optimizer.typeName }
    override func repr() -> String { optimizer.repr() }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        func method(_ sig: String, _ body: @escaping (BoundArgs) throws -> Value) -> Value {
            .builtin(BuiltinFunction(name) { [unowned interp] a, _ in
                do { return try body(try Signature.of(name, sig).bind(a, interp)) } catch let e as TorchError { throw PyError(e) }
            })
        }
        switch name {
        case "step":
            return method("closure=None") { [unowned interp] b in
                var loss = Value.none
                if !b.isNone("closure") { loss = try GradMode.with(true) { try interp.call(b["closure"], Arguments()) } }
                try self.optimizer.step()
                return loss
            }
        case "zero_grad":
            return method("set_to_none=True") { b in try self.optimizer.zeroGrad(setToNone: try b.bool("set_to_none")); return .none }
        case "param_groups":
            return .list(PyList(optimizer.paramGroups.map { .object(ParamGroupObject($0, interp)) }))
        case "defaults":
            let d = PyDict()
            for (k, v) in optimizer.defaults { try d.set(.str(k), interp.value(v)) }
            return .dict(d)
        case "state":
            let d = PyDict()
            for group in optimizer.paramGroups {
                for p in group.params {
                    guard let s = optimizer.state.existing(for: p) else { continue }
                    let inner = PyDict()
                    for (k, v) in s.entries { try inner.set(.str(k), .tensor(v)) }
                    try d.set(.tensor(p), .dict(inner))
                }
            }
            return .object(DefaultDictView(d))
        case "add_param_group":
            return method("param_group") { [unowned interp] b in
                guard case .groups(let specs) = try interp.paramsArgument(.list(PyList([b["param_group"]])), "add_param_group"), let spec = specs.first else {
                    throw PyError(.typeError, "param_group must be a dict")
                }
                try self.optimizer.addParamGroup(spec)
                return .none
            }
        case "state_dict":
            return method("") { [unowned interp] _ in
                let sd = self.optimizer.stateDict()
                let state = PyDict()
                for (index, entries) in sd.state {
                    let inner = PyDict()
                    for (k, v) in entries { try inner.set(.str(k), .tensor(v)) }
                    try state.set(.int(index), .dict(inner))
                }
                let groups = try sd.paramGroups.map { g -> Value in
                    let d = PyDict()
                    for (k, v) in g.options { try d.set(.str(k), interp.value(v)) }
                    try d.set(.str("params"), .list(PyList(g.params.map { .int($0) })))
                    return .dict(d)
                }
                return .dict(try PyDict([(.str("state"), .dict(state)), (.str("param_groups"), .list(PyList(groups)))]))
            }
        case "load_state_dict":
            return method("state_dict") { [unowned interp] b in
                try self.optimizer.loadStateDict(try Self.stateDict(from: b["state_dict"], interp))
                return .none
            }
        default: return nil
        }
    }
    override func attributeNames() -> [String] { ["add_param_group", "defaults", "load_state_dict", "param_groups", "state", "state_dict", "step", "zero_grad"] }

    /// A Python `optimizer.state_dict()` (possibly from torch.load) as NN's packed form:
    /// `{'state': {index: {name: tensor}}, 'param_groups': [{..., 'params': [indices]}]}`.
    /// Numbers in the state (older files store Adam's `step` as a float) become 0-d tensors.
    static func stateDict(from v: Value, _ interp: Interpreter) throws -> OptimizerStateDict {
        guard case .dict(let d) = v, case .dict(let state)? = try d.get(.str("state")), case .list(let groups)? = try d.get(.str("param_groups")) else {
            throw PyError(.valueError, "optimizer state dict must be a dict with 'state' and 'param_groups' (what optimizer.state_dict() returns)")
        }
        var packedState: [(index: Int, entries: [(key: String, value: Tensor)])] = []
        for (k, entry) in state.pairs {
            guard case .int(let index) = k, case .dict(let inner) = entry else { throw PyError(.valueError, "optimizer state entries must be {int: dict}") }
            var entries: [(key: String, value: Tensor)] = []
            for (name, value) in inner.pairs {
                guard case .str(let n) = name else { throw PyError(.valueError, "optimizer state names must be strings") }
                switch value {
                case .tensor(let t): entries.append((n, t))
                case .int(let i): entries.append((n, Tensor(scalar: Float(i))))
                case .float(let f): entries.append((n, Tensor(scalar: Float(f))))
                default: throw PyError(.valueError, "optimizer state '\(n)' must be a tensor or a number")
                }
            }
            packedState.append((index, entries))
        }
        var packedGroups: [OptimizerStateDict.Group] = []
        for g in groups.items {
            guard case .dict(let group) = g, case .list(let params)? = try group.get(.str("params")) else {
                throw PyError(.valueError, "each param group must be a dict with 'params'")
            }
            var options: [(key: String, value: OptionValue)] = []
            for (k, value) in group.pairs {
                guard case .str(let key) = k, key != "params" else { continue }
                options.append((key, try interp.optionValue(value, "load_state_dict", key)))
            }
            packedGroups.append(.init(options: options, params: try params.items.map { try interp.intValue($0) }))
        }
        return OptimizerStateDict(state: packedState, paramGroups: packedGroups)
    }
}

/// `optimizer.param_groups[i]`: a live dict view of one group (`group['lr'] = 0.01` works).
final class ParamGroupObject: NativeObject {
    let group: ParamGroup
    unowned let interp: Interpreter
    init(_ g: ParamGroup, _ i: Interpreter) { group = g; interp = i }
    override var typeName: String { "dict" }
    override func repr() -> String {
        var parts = ["'params': [" + group.params.map { (try? interp.tensorRepr($0)) ?? "<tensor: \(interp.typeName(.tensor($0)))>" }.joined(separator: ", ") + "]"]
        parts += group.options.map { "'\($0.key)': \($0.value.repr)" }
        return "{" + parts.joined(separator: ", ") + "}"
    }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        guard case .str(let k) = key else { throw PyError(.keyError, try interp.repr(key)) }
        if k == "params" { return .list(PyList(group.params.map { .tensor($0) })) }
        guard let v = group[k] else { throw PyError(.keyError, pythonStringRepr(k)) }
        return interp.value(v)
    }
    override func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        guard case .str(let k) = key else { throw PyError(.typeError, "param group keys are strings") }
        if k == "params" {
            group.params = try (try interp.collect(value, range: nil)).map { try interp.asTensor($0) }
            return
        }
        group[k] = try interp.optionValue(value, "param_groups", k)
    }
    func keyList() throws -> [Value] { (["params"] + group.options.map(\.key)).map { Value.str($0) } }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        AnyIterator(try keyList().makeIterator())
    }
    override func length() throws -> Int? { group.options.count + 1 }
    /// The group as a plain dict (a snapshot: `params` and the options in order).
    func toDict(_ interp: Interpreter) throws -> PyDict {
        let d = PyDict()
        for k in try keyList() { try d.set(k, try getItem(k, interp)) }
        return d
    }
    override func equals(_ other: Value) -> Bool? {
        guard let mine = try? toDict(interp) else { return false }
        switch other {
        case .dict: return try? interp.equals(.dict(mine), other)
        case .object(let o as ParamGroupObject): return o === self || (try? interp.equals(.dict(mine), .dict(try o.toDict(interp)))) ?? false
        default: return false
        }
    }
    /// The dict methods a param group has in PyTorch (it is a dict there).
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        func m(_ body: @escaping (Arguments, Interpreter) throws -> Value) -> Value { .builtin(BuiltinFunction(name, body)) }
        switch name {
        case "keys": return m { _, i in .object(DictViewObject(.keys, try self.toDict(i), i)) }
        case "values": return m { _, i in .object(DictViewObject(.values, try self.toDict(i), i)) }
        case "items": return m { _, i in .object(DictViewObject(.items, try self.toDict(i), i)) }
        case "copy": return m { _, i in .dict(try self.toDict(i)) }
        case "get": return m { a, i in
            guard let k = a.positional.first else { throw PyError(.typeError, "get expected at least 1 argument, got 0") }
            if try self.keyList().contains(where: { try i.equals($0, k) }) { return try self.getItem(k, i) }
            return a.positional.count > 1 ? a.positional[1] : .none
        }
        case "setdefault": return m { a, i in
            guard let k = a.positional.first else { throw PyError(.typeError, "setdefault expected at least 1 argument, got 0") }
            if try self.keyList().contains(where: { try i.equals($0, k) }) { return try self.getItem(k, i) }
            let v = a.positional.count > 1 ? a.positional[1] : .none
            try self.setItem(k, v, i)
            return v
        }
        case "update": return m { a, i in
            let src = PyDict()
            try i.dictUpdate(src, a.positional.first, a.keywords)
            for (k, v) in src.pairs { try self.setItem(k, v, i) }
            return .none
        }
        default: return nil
        }
    }
    override func attributeNames() -> [String] { ["copy", "get", "items", "keys", "setdefault", "update", "values"] }
}

/// `optimizer.state`: a dict keyed by parameter tensors (missing keys read as `{}`, like defaultdict).
final class DefaultDictView: NativeObject {
    let dict: PyDict
    init(_ d: PyDict) { dict = d }
    override var typeName: String { "defaultdict" }
    override func repr() -> String { "defaultdict(<class 'dict'>, {…})" }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value { try dict.get(key) ?? .dict(PyDict()) }
    override func length() throws -> Int? { dict.count }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? { AnyIterator(dict.keys.makeIterator()) }
}

/// A learning-rate scheduler.
final class SchedulerObject: NativeObject {
    /// As Python prints an object without __repr__: its class path (`torch.optim.lr_scheduler.StepLR`).
    override func repr() -> String { "<torch.optim.lr_scheduler.\(typeName) object at \(addressString(self))>" }
    /// MultiStepLR's `milestones` as the `Counter` PyTorch keeps.
    static func counter(_ s: MultiStepLR) throws -> PyDict {
        let d = PyDict()
        d.kind = .counter
        for m in s.milestones { try d.set(.int(m.epoch), .int(m.count)) }
        return d
    }

    /// `scheduler.state_dict()`: PyTorch's `__dict__` without the optimizer, in its attribute
    /// order (the subclass's own settings first; LambdaLR's functions last, as None).
    func stateDict(_ interp: Interpreter) throws -> PyDict {
        var pairs: [(String, Value)] = []
        switch scheduler {
        case let s as StepLR: pairs = [("step_size", interp.value(s.stepSize)), ("gamma", interp.value(s.gamma))]
        case let s as MultiStepLR: pairs = [("milestones", .dict(try Self.counter(s))), ("gamma", interp.value(s.gamma))]
        case let s as ExponentialLR: pairs = [("gamma", interp.value(s.gamma))]
        case let s as CosineAnnealingLR: pairs = [("T_max", .int(s.tMax)), ("eta_min", interp.value(s.etaMin))]
        default: break
        }
        pairs += [
            ("base_lrs", .list(PyList(scheduler.baseLrs.map(interp.value)))),
            ("last_epoch", .int(scheduler.lastEpoch)),
            ("_step_count", .int(scheduler.stepCount)),
            ("_is_initial", .bool(scheduler.isInitial)),
            ("_get_lr_called_within_step", .bool(false)),
            ("_last_lr", .list(PyList(scheduler.getLastLr().map(interp.value)))),
        ]
        if let s = scheduler as? LambdaLR { pairs.append(("lr_lambdas", .list(PyList(s.lambdas.map { _ in .none })))) }
        return try PyDict(pairs.map { (.str($0.0), $0.1) })
    }

    let scheduler: LRScheduler
    init(_ s: LRScheduler) { scheduler = s }
    override var typeName: String { scheduler.typeName }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "step":
            return .builtin(BuiltinFunction("step") { _, _ in
                do { try self.scheduler.step() } catch let e as TorchError { throw PyError(e) }
                return .none
            })
        case "get_last_lr":
            return .builtin(BuiltinFunction("get_last_lr") { [unowned interp] _, _ in .list(PyList(self.scheduler.getLastLr().map(interp.value))) })
        case "last_epoch": return .int(scheduler.lastEpoch)
        case "base_lrs": return .list(PyList(scheduler.baseLrs.map(interp.value)))
        case "state_dict":
            return .builtin(BuiltinFunction("state_dict") { [unowned interp] _, _ in .dict(try self.stateDict(interp)) })
        case "gamma":
            if let s = scheduler as? StepLR { return interp.value(s.gamma) }
            if let s = scheduler as? ExponentialLR { return interp.value(s.gamma) }
            if let s = scheduler as? MultiStepLR { return interp.value(s.gamma) }
            return nil
        case "step_size": return (scheduler as? StepLR).map { interp.value($0.stepSize) }
        case "milestones": return try (scheduler as? MultiStepLR).map { .dict(try Self.counter($0)) }
        case "T_max": return (scheduler as? CosineAnnealingLR).map { .int($0.tMax) }
        case "eta_min": return (scheduler as? CosineAnnealingLR).map { interp.value($0.etaMin) }
        default: return nil
        }
    }
}
