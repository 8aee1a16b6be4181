import Engine
import NN

/// Attribute access on modules (`net.conv1`, `net.parameters()`, `net.training`) with PyTorch's
/// registration rules for assignment.
extension Interpreter {
    func moduleAttribute(_ m: Module, _ name: String) throws -> Value? {
        if let v = try containerMethod(m, name) { return v }
        let receiver = Value.module(m)
        if let sm = m as? ScriptedModule {
            if case .object(let p as PropertyObject)? = sm.cls.lookup(name) { return try readProperty(p, receiver) }
            if let v = try sm.plainAttributes.get(.str(name)) { return v }
            if name == "__class__" { return .cls(sm.cls) }
            if let v = sm.cls.lookup(name) { return bindIfFunction(v, to: receiver) }
            if let v = try baseContainerMethod(sm, name) { return v }
        } else if let extra = try extraModuleAttributes(m)?.get(.str(name)) {
            return extra
        }
        if name == "training" { return .bool(m.training) }
        if let v = moduleBaseMethod(name, receiver) { return v }
        if m.hasParameter(name) { return m.parameter(name).map { .tensor($0) } ?? Value.none }
        if m.hasBuffer(name) { return m.buffer(name).map { .tensor($0) } ?? Value.none }
        if m.hasChild(name) { return m.child(name).map { .module($0) } ?? Value.none }
        if let v = try layerAttribute(m, name) { return v }
        if let v = try moduleRegistry(m, name) { return v }
        if let v = try moduleHookDict(m, name) { return v }
        return nil
    }

    /// `_modules`, `_parameters`, `_buffers`: the registries as live dicts (PyTorch 2.15 keeps
    /// plain dicts): reading shows the current entries, and `self._modules['0'] = layer` (d2l's
    /// MySequential) registers, as writing into PyTorch's dict does.
    func moduleRegistry(_ m: Module, _ name: String) throws -> Value? {
        guard let kind = ModuleRegistryView.Kind(rawValue: name) else { return nil }
        return .object(ModuleRegistryView(m, kind))
    }

    func setModuleAttribute(_ m: Module, _ name: String, _ value: Value) throws {
        if let sm = m as? ScriptedModule, try writeProperty(sm.cls, .module(m), name, value) { return }
        let initialized = (m as? ScriptedModule)?.moduleInitialized ?? true
        switch value {
        case .tensor(let t) where t.isParameter:
            guard initialized else { throw PyError(.attributeError, "cannot assign parameters before Module.__init__() call") }
            try removePlain(m, name)
            m.registerParameter(name, t)
            return
        case .module(let child):
            guard initialized else { throw PyError(.attributeError, "cannot assign module before Module.__init__() call") }
            try removePlain(m, name)
            m.registerModule(name, child)
            return
        default: break
        }
        if m.hasParameter(name) {
            switch value {
            case .none: m.registerParameter(name, nil); return
            case .tensor(let t):
                throw PyError(.typeError, "cannot assign '\(t.dtype.legacyTypeName)' as parameter '\(name)' (torch.nn.Parameter or None expected)")
            default:
                throw PyError(.typeError, "cannot assign '\(typeName(value))' as parameter '\(name)' (torch.nn.Parameter or None expected)")
            }
        }
        if m.hasChild(name) {
            guard value.isNone else { throw PyError(.typeError, "cannot assign '\(typeName(value))' as child module '\(name)' (torch.nn.Module or None expected)") }
            m.registerModule(name, nil)
            return
        }
        if m.hasBuffer(name) {
            switch value {
            case .none: m.registerBuffer(name, nil, persistent: !m.nonPersistentBuffers.contains(name)); return
            case .tensor(let t): m.registerBuffer(name, t, persistent: !m.nonPersistentBuffers.contains(name)); return
            default: throw PyError(.typeError, "cannot assign '\(typeName(value))' as buffer '\(name)' (torch.Tensor or None expected)")
            }
        }
        if name == "training", case .bool(let b) = value { m.training = b; return }
        if let sm = m as? ScriptedModule {
            try sm.plainAttributes.set(.str(name), value)
            return
        }
        if try setLayerAttribute(m, name, value) { return }
        try setPlainLayerAttribute(m, name, value)
    }

    /// A plain attribute of a built-in layer; a tensor is also seen by the layer's forward.
    func setPlainLayerAttribute(_ m: Module, _ name: String, _ value: Value) throws {
        try extraModuleAttributes(m, creating: true)?.set(.str(name), value)
        if case .tensor(let t) = value { m.plainTensors[name] = t } else { m.plainTensors[name] = nil }
    }

    /// Plain attributes set on a built-in layer (`conv.note = 'x'`), kept on the layer itself.
    func extraModuleAttributes(_ m: Module, creating: Bool = false) -> PyDict? {
        if let d = m.plainAttributeStore as? PyDict { return d }
        guard creating else { return nil }
        let d = PyDict()
        m.plainAttributeStore = d
        return d
    }

    private func removePlain(_ m: Module, _ name: String) throws {
        if let sm = m as? ScriptedModule { _ = try sm.plainAttributes.remove(.str(name)); return }
        _ = try extraModuleAttributes(m)?.remove(.str(name))
        m.plainTensors[name] = nil
    }

    /// `nn.Module.__init__` and friends reached through the class (`nn.Module.__init__(self)`).
    func moduleClassAttribute(_ name: String) -> Value? {
        guard name == "__init__" || moduleBaseMethodNames.contains(name) else { return nil }
        return .builtin(BuiltinFunction(name) { [unowned self] a, _ in
            guard let first = a.positional.first, case .module = first else {
                throw PyError(.typeError, "descriptor '\(name)' of 'Module' object needs an argument")
            }
            guard let method = self.moduleBaseMethod(name, first) else { return .none }
            return try self.call(method, Arguments(Array(a.positional.dropFirst()), a.keywords))
        })
    }

    var moduleBaseMethodNames: [String] {
        ["parameters", "named_parameters", "children", "named_children", "modules", "named_modules", "buffers",
         "named_buffers", "state_dict", "load_state_dict", "zero_grad", "train", "eval", "requires_grad_", "to", "cpu",
         "cuda", "float", "double", "forward", "register_forward_hook", "register_forward_pre_hook",
         "register_full_backward_hook", "register_full_backward_pre_hook", "register_backward_hook", "register_buffer", "register_parameter",
         "add_module", "register_module", "apply", "extra_repr", "get_submodule", "get_parameter", "type"]
    }

    /// The builtin `nn.Module` methods, bound to `receiver`.
    func moduleBaseMethod(_ name: String, _ receiver: Value) -> Value? {
        guard case .module(let m) = receiver else { return nil }
        func method(_ sig: String, _ body: @escaping (BoundArgs) throws -> Value) -> Value {
            let f = BuiltinFunction(name) { [unowned self] a, _ in
                do { return try body(try Signature.of(name, sig).bind(a, self)) } catch let e as TorchError { throw PyError(e) }
            }
            f.pythonTypeName = "method"
            f.signature = sig // shell keyword completion
            return .builtin(f)
        }
        func generator(_ items: [Value], _ qual: String) -> Value {
            .object(IteratorObject(items.makeIterator(), name: "generator", qualifiedName: "Module.\(qual)"))
        }
        switch name {
        case "__init__":
            return method("*args") { _ in
                (m as? ScriptedModule)?.moduleInitialized = true
                return .none
            }
        case "parameters":
            return method("recurse=True") { b in generator(m.parameters(recurse: try b.bool("recurse")).map { .tensor($0) }, "parameters") }
        case "named_parameters":
            return method("prefix='', recurse=True") { b in
                let p = try b.string("prefix")
                return generator(m.namedParameters(recurse: try b.bool("recurse")).map { .tuple([.str(p.isEmpty ? $0.0 : p + "." + $0.0), .tensor($0.1)]) }, "named_parameters")
            }
        case "buffers":
            return method("recurse=True") { b in generator(m.namedBuffers(recurse: try b.bool("recurse")).map { .tensor($0.1) }, "buffers") }
        case "named_buffers":
            return method("prefix='', recurse=True") { b in generator(m.namedBuffers(recurse: try b.bool("recurse")).map { .tuple([.str($0.0), .tensor($0.1)]) }, "named_buffers") }
        case "children":
            return method("") { _ in generator(m.childEntries.compactMap { $0.module.map { .module($0) } }, "children") }
        case "named_children":
            return method("") { _ in generator(m.childEntries.compactMap { e in e.module.map { .tuple([.str(e.name), .module($0)]) } }, "named_children") }
        case "modules":
            return method("") { _ in generator(m.namedModules().map { .module($0.1) }, "modules") }
        case "named_modules":
            return method("memo=None, prefix=''") { b in
                let p = try b.string("prefix")
                return generator(m.namedModules(prefix: p).map { .tuple([.str($0.0), .module($0.1)]) }, "named_modules")
            }
        case "state_dict":
            return method("destination=None, prefix='', keep_vars=False") { b in
                let d = PyDict()
                d.isOrderedDict = true
                let p = try b.string("prefix")
                let keep = try b.bool("keep_vars")
                if keep {
                    for (k, t) in m.namedParameters() + m.namedBuffers() { try d.set(.str(p + k), .tensor(t)) }
                } else {
                    for (k, t) in m.stateDict() { try d.set(.str(p + k), .tensor(t)) }
                }
                // `_metadata`: each module's `_version` under its prefix (torch.save writes it).
                let metadata = PyDict()
                metadata.isOrderedDict = true
                for (name, sub) in m.namedModules() {
                    let full = name.isEmpty ? p : p + name + "."
                    try metadata.set(.str(String(full.dropLast(full.isEmpty ? 0 : 1))), .dict(try PyDict([(.str("version"), .int(sub is BatchNormBase ? 2 : 1))])))
                }
                d.attributes = [("_metadata", .dict(metadata))]
                return .dict(d)
            }
        case "load_state_dict":
            return method("state_dict, strict=True, assign=False") { [unowned self] b in
                let pairs = try self.tensorPairs(b["state_dict"], function: "load_state_dict")
                let r = try m.loadStateDict(pairs, strict: try b.bool("strict"))
                return .object(IncompatibleKeysObject(missing: r.missing, unexpected: r.unexpected))
            }
        case "zero_grad":
            return method("set_to_none=True") { b in try m.zeroGrad(setToNone: try b.bool("set_to_none")); return .none }
        case "train":
            return method("mode=True") { b in .module(m.train(try b.bool("mode"))) }
        case "eval":
            return method("") { _ in .module(m.eval()) }
        case "requires_grad_":
            return method("requires_grad=True") { b in .module(try m.requiresGrad(try b.bool("requires_grad"))) }
        case "cpu":
            return method("*args, **kwargs") { _ in .module(m) }
        case "float", "double", "half", "bfloat16":
            let d: DType = name == "float" ? .float32 : name == "double" ? .float64 : name == "half" ? .float16 : .bfloat16
            return method("") { _ in try m.convertTensors(to: d); return .module(m) }
        case "to":
            // to(dtype), to(device, dtype), to(tensor), to(dtype=...): floating tensors only.
            return .builtin(BuiltinFunction("to") { [unowned self] a, _ in
                var target: DType?
                for v in a.positional + a.keywords.map(\.1) {
                    switch v {
                    case .object(let d as DTypeObject): target = d.dtype
                    case .tensor(let t): target = t.dtype
                    case .str, .object(is DeviceObject): if let d = try self.deviceValue(v) { try self.requireCPU(d) }
                    default: break
                    }
                }
                if let target {
                    guard target.isFloatingPoint else {
                        throw PyError(.typeError, "nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=\(target.pythonName)")
                    }
                    do { try m.convertTensors(to: target) } catch let e as TorchError { throw PyError(e) }
                }
                _ = self
                return .module(m)
            })
        case "type":
            return method("dst_type") { [unowned self] b in
                guard let d = self.dtypeOrLegacyType(b["dst_type"]) else {
                    throw PyError(.typeError, "type() argument must be a dtype or a tensor type, not \(self.typeName(b["dst_type"]))")
                }
                try m.convertTensors(to: d, floatingOnly: false)
                return .module(m)
            }
        case "cuda":
            return method("*args") { [unowned self] _ in try self.requireCPU(DeviceObject(type: "cuda", index: nil)); return .none }
        case "forward":
            guard !(m is ScriptedModule) else { return nil }
            return .builtin(BuiltinFunction("forward") { [unowned self] a, _ in try self.callBuiltinModule(m, a) })
        case "register_forward_hook", "register_forward_pre_hook", "register_full_backward_hook",
             "register_full_backward_pre_hook", "register_backward_hook":
            return moduleHookRegistration(m, name)
        case "register_buffer":
            return method("name, tensor, persistent=True") { b in
                let n = try b.string("name")
                if case .tensor(let t) = b["tensor"] { m.registerBuffer(n, t, persistent: try b.bool("persistent")) }
                else if b.isNone("tensor") { m.registerBuffer(n, nil, persistent: try b.bool("persistent")) }
                else { throw PyError(.typeError, "cannot assign '\(self.typeName(b["tensor"]))' object to buffer '\(n)' (torch Tensor or None required)") }
                return .none
            }
        case "register_parameter":
            return method("name, param") { b in
                let n = try b.string("name")
                if case .tensor(let t) = b["param"] { m.registerParameter(n, t) } else { m.registerParameter(n, nil) }
                return .none
            }
        case "add_module", "register_module":
            return method("name, module") { b in
                let n = try b.string("name")
                if case .module(let c) = b["module"] { m.registerModule(n, c) } else if b.isNone("module") { m.registerModule(n, nil) }
                else { throw PyError(.typeError, "\(self.typeName(b["module"])) is not a Module subclass") }
                return .none
            }
        case "apply":
            return method("fn") { [unowned self] b in
                // PyTorch: `for module in self.children(): module.apply(fn)`, then `fn(self)` —
                // children first, in registration order, each subtree before its root (a module
                // registered twice under one parent is visited once, as children() yields it once).
                func apply(_ x: Module) throws {
                    var seen = Set<ObjectIdentifier>()
                    for case (_, let child?) in x.childEntries where seen.insert(ObjectIdentifier(child)).inserted {
                        try apply(child)
                    }
                    _ = try self.call(b["fn"], Arguments([.module(x)]))
                }
                try apply(m)
                return .module(m)
            }
        case "extra_repr":
            return method("") { _ in .str(m.extraRepr()) }
        case "append", "extend", "insert", "pop":
            guard isContainer(m) else { return nil }
            return method("*args") { [unowned self] b in
                guard case .tuple(let args) = b["args"] else { return .none }
                func module(_ v: Value) throws -> Module {
                    guard case .module(let c) = v else { throw PyError(.typeError, "\(self.typeName(v)) is not a Module subclass") }
                    return c
                }
                func arg(_ i: Int) throws -> Value {
                    guard i < args.count else { throw PyError(.typeError, "\(name)() missing a required argument") }
                    return args[i]
                }
                switch (name, m) {
                case ("append", let s as Sequential): return .module(s.append(try module(try arg(0))))
                case ("append", let l as ModuleList): return .module(l.append(try module(try arg(0))))
                case ("extend", let s as Sequential): return .module(s.extend(try (try self.collect(try arg(0), range: nil)).map(module)))
                case ("extend", let l as ModuleList): return .module(l.extend(try (try self.collect(try arg(0), range: nil)).map(module)))
                case ("insert", let s as Sequential): return .module(try s.insert(try self.intValue(try arg(0)), try module(try arg(1))))
                case ("insert", let l as ModuleList): l.insert(try self.intValue(try arg(0)), try module(try arg(1))); return .none
                case ("pop", let s as Sequential): return .module(try s.pop(args.isEmpty ? -1 : try self.intValue(args[0])))
                case ("pop", let l as ModuleList): return .module(try l.pop(args.isEmpty ? -1 : try self.intValue(args[0])))
                default: return .none
                }
            }
        case "get_parameter":
            return method("target") { b in
                let target = try b.string("target")
                var parts = target.split(separator: ".").map(String.init)
                guard let last = parts.popLast() else { throw PyError(.attributeError, "\(m.typeName) has no attribute ``") }
                var cur: Module = m
                for part in parts {
                    guard let c = cur.child(part) else { throw PyError(.attributeError, "\(cur.typeName) has no attribute `\(part)`") }
                    cur = c
                }
                guard cur.hasParameter(last) else { throw PyError(.attributeError, "\(cur.typeName) has no attribute `\(last)`") }
                guard let p = cur.parameter(last) else { return .none }
                return .tensor(p)
            }
        case "get_submodule":
            return method("target") { b in
                var cur: Module = m
                let target = try b.string("target")
                if target.isEmpty { return .module(m) }
                for part in target.split(separator: ".") {
                    guard let c = cur.child(String(part)) else { throw PyError(.attributeError, "\(cur.typeName) has no attribute `\(part)`") }
                    cur = c
                }
                return .module(cur)
            }
        default:
            return nil
        }
    }

    /// Pairs of (name, tensor) from a dict (state_dict / safetensors).
    func tensorPairs(_ v: Value, function: String) throws -> [(String, Tensor)] {
        guard case .dict(let d) = v else { throw PyError(.typeError, "Expected state_dict to be dict-like, got \(typeName(v)).") }
        return try d.pairs.map { k, val in
            guard case .str(let ks) = k else { throw PyError(.typeError, "\(function)(): keys must be strings") }
            guard case .tensor(let t) = val else { throw PyError(.typeError, "\(function)(): value for '\(ks)' must be a Tensor, not \(typeName(val))") }
            return (ks, t)
        }
    }

    func moduleLength(_ m: Module) throws -> Int? {
        if let sm = m as? ScriptedModule, let base = sm.builtinBase, isContainer(base) { sm.pushToBase(); return try moduleLength(base) }
        if let n = containerLength(m) { return n }
        if isContainer(m) { return m.childEntries.count }
        return nil
    }

    func moduleIterationItems(_ m: Module) -> [Value]? {
        if let sm = m as? ScriptedModule, let base = sm.builtinBase, isContainer(base) { sm.pushToBase(); return moduleIterationItems(base) }
        if let items = containerIterationItems(m) { return items }
        guard isContainer(m) else { return nil }
        return m.childEntries.compactMap { $0.module.map { .module($0) } }
    }
}

/// `load_state_dict`'s result.
final class IncompatibleKeysObject: NativeObject {
    let missing: [String], unexpected: [String]
    init(missing: [String], unexpected: [String]) { self.missing = missing; self.unexpected = unexpected }
    override var typeName: String { "_IncompatibleKeys" }
    override func repr() -> String {
        if missing.isEmpty && unexpected.isEmpty { return "<All keys matched successfully>" }
        func list(_ l: [String]) -> String { "[" + l.map { pythonStringRepr($0) }.joined(separator: ", ") + "]" }
        return "_IncompatibleKeys(missing_keys=\(list(missing)), unexpected_keys=\(list(unexpected)))"
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "missing_keys": return .list(PyList(missing.map { .str($0) }))
        case "unexpected_keys": return .list(PyList(unexpected.map { .str($0) }))
        default: return nil
        }
    }
}
