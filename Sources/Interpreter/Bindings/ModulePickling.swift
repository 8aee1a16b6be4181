import Engine
import NN

/// Whole modules and instances of the user's classes in torch.save files, as PyTorch pickles
/// them: a reference to the class (`__main__.Net`, `torch.nn.modules.linear.Linear`) and the
/// instance `__dict__` (for a module: nn.Module's own attributes in PyTorch's order — training,
/// _parameters, _buffers, the hook dicts, _modules — then the layer's options or the user's
/// attributes; PyTorchModuleState.swift lists them). Loading (`torch.load(weights_only=False)`)
/// finds the user's class by name in the session's globals, as pickle finds it in `__main__`,
/// and rebuilds built-in layers from their options; no code from the file runs, and
/// `__init__` does not run either (pickle does not call it).
extension PickleConverter {
    // MARK: save

    /// A module as `torch.save` pickles it.
    mutating func pickleModule(_ m: Module, path: String) throws -> PickleValue {
        if let done = objects[ObjectIdentifier(m)] { return .object(done) }
        let scripted = m as? ScriptedModule
        let object: PickleObject
        if let sm = scripted {
            if let base = sm.builtinBase, PyTorchModuleState.layerAttributes[base.typeName] == nil {
                throw unsavable("a whole \(sm.cls.name) (a subclass of nn.\(base.typeName))", "nnrepl does not write the internal attributes PyTorch pickles for that layer",
                                "Save its weights instead: torch.save(model.state_dict(), 'model.pt').", at: path)
            }
            object = PickleObject(module: sm.cls.moduleName, name: sm.cls.name)
        } else {
            guard PyTorchModuleState.layerAttributes[m.typeName] != nil else {
                throw unsavable("a whole nn.\(m.typeName)", "nnrepl does not write the internal attributes PyTorch pickles for this layer",
                                "Save its weights instead: torch.save(model.state_dict(), 'model.pt').", at: path)
            }
            object = PickleObject(module: PyTorchClassPaths.module(of: m.typeName), name: m.typeName)
        }
        objects[ObjectIdentifier(m)] = object
        guard m.hooks.isEmpty else {
            throw unsavable("a module with hooks (\(m.typeName))", "PyTorch would pickle the hook functions, which nnrepl cannot",
                            "Remove the hooks first, or save model.state_dict().", at: path)
        }
        let state = PickleDict()
        func add(_ key: String, _ value: PickleValue) { state.pairs.append((.string(key), value)) }
        // A layer's attributes set before `super().__init__()` (PReLU's num_parameters) first.
        let leading = scripted == nil ? PyTorchModuleState.attributesBeforeModule[m.typeName] ?? [] : []
        for name in leading { add(name, try layerOption(m, name, path: path)) }
        for key in PyTorchModuleState.moduleAttributes {
            switch key {
            case "training": add(key, .bool(m.training))
            case "_parameters":
                let params = PickleDict(m.parameterEntries.map { (.string($0.name), $0.tensor.map { .tensor($0) } ?? .none) })
                params.keysAreFresh = (scripted?.builtinBase ?? m) is ParameterList  // str(idx) names
                add(key, .dict(params))
            case "_buffers": add(key, .dict(PickleDict(m.bufferEntries.map { (.string($0.name), $0.tensor.map { .tensor($0) } ?? .none) })))
            case "_non_persistent_buffers_set":
                add(key, .set(m.bufferEntries.map(\.name).filter { m.nonPersistentBuffers.contains($0) }.map { .string($0) }))
            case "_is_full_backward_hook": add(key, .none)
            case "_modules":
                let children = PickleDict()
                // Sequential and ModuleList name their children with str(idx): new strings.
                let container = scripted?.builtinBase ?? m
                children.keysAreFresh = container is Sequential || container is ModuleList
                for (name, child) in m.childEntries {
                    children.pairs.append((.string(name), try child.map { try pickleModule($0, path: "\(path).\(name)") } ?? .none))
                }
                add(key, .dict(children))
            default: add(key, .dict(PickleDict(isOrdered: true)))  // the (empty) hook dicts
            }
        }
        if let sm = scripted {
            // A subclass of a layer: the layer's own attributes (set by its __init__, which the
            // subclass's super().__init__ ran), then the subclass's.
            if let base = sm.builtinBase {
                sm.pushToBase()
                for name in PyTorchModuleState.layerAttributes[base.typeName] ?? [] { add(name, try layerOption(base, name, path: path)) }
            }
            for (k, v) in sm.plainAttributes.pairs {
                guard case .str(let name) = k else { continue }
                add(name, try pickle(v, path: "\(path).\(name)"))
            }
        } else {
            for name in PyTorchModuleState.layerAttributes[m.typeName] ?? [] where !leading.contains(name) {
                add(name, try layerOption(m, name, path: path))
            }
            if let extra = interp.extraModuleAttributes(m) {
                for (k, v) in extra.pairs {
                    guard case .str(let name) = k else { continue }
                    add(name, try pickle(v, path: "\(path).\(name)"))
                }
            }
        }
        object.state = .dict(state)
        return .object(object)
    }

    /// A layer attribute PyTorch keeps in `__dict__`: its option, or the few PyTorch derives
    /// from them (a convolution's `_reversed_padding_repeated_twice`, `transposed`, ...).
    mutating func layerOption(_ m: Module, _ name: String, path: String) throws -> PickleValue {
        if let o = m.optionAttribute(name) { return try pickle(interp.value(o), path: "\(path).\(name)") }
        func ints(_ o: OptionValue?) -> [Int]? {
            guard case .tuple(let items)? = o else { return nil }
            return items.compactMap { if case .int(let i) = $0 { return i }; return nil }
        }
        switch name {
        case "transposed": return .bool(m.typeName.hasPrefix("ConvTranspose"))
        case "output_padding":
            if let k = ints(m.optionAttribute("kernel_size")) { return .tuple(k.map { _ in .int(0) }) }
        case "_reversed_padding_repeated_twice":
            // _reverse_repeat_tuple(padding, 2); for padding='same'/'valid' a list as
            // _ConvNd.__init__ computes it.
            guard let k = ints(m.optionAttribute("kernel_size")) else { break }
            if let p = ints(m.optionAttribute("padding")), p.count == k.count {
                return .tuple(p.reversed().flatMap { [PickleValue.int($0), .int($0)] })
            }
            if case .string(let mode)? = m.optionAttribute("padding") {
                let d = ints(m.optionAttribute("dilation")) ?? k.map { _ in 1 }
                var out = [Int](repeating: 0, count: 2 * k.count)
                if mode == "same" {
                    for (i, (kk, dd)) in zip(k, d).enumerated().reversed() {
                        let total = dd * (kk - 1), left = total / 2
                        let j = k.count - 1 - i
                        out[2 * j] = left
                        out[2 * j + 1] = total - left
                    }
                }
                return .list(PickleList(out.map { .int($0) }))
            }
        case "name": return .string(m.typeName)
        case "_size": return .int(m.parameterEntries.count)  // ParameterList
        case "_keys": return .dict(PickleDict(m.parameterEntries.map { (.string($0.name), .none) }))  // ParameterDict
        case "recompute_scale_factor": return .none
        default: break
        }
        throw unsavable("a whole nn.\(m.typeName)", "nnrepl does not know its attribute '\(name)' that PyTorch pickles",
                        "Save its weights instead: torch.save(model.state_dict(), 'model.pt').", at: path)
    }

    /// An instance of a user class that is not a module: its class and `__dict__` (no state
    /// at all when the dict is empty, as `object.__reduce_ex__(2)` gives).
    mutating func pickleInstance(_ inst: PyInstance, path: String) throws -> PickleValue {
        if let done = objects[ObjectIdentifier(inst)] { return .object(done) }
        let object = PickleObject(module: inst.cls.moduleName, name: inst.cls.name)
        objects[ObjectIdentifier(inst)] = object
        if !inst.attributes.pairs.isEmpty {
            let state = PickleDict()
            for (k, v) in inst.attributes.pairs {
                guard case .str(let name) = k else { continue }
                state.pairs.append((.string(name), try pickle(v, path: "\(path).\(name)")))
            }
            object.state = .dict(state)
        }
        return .object(object)
    }

    // MARK: load

    /// A loaded object: an instance of the user's class (found by name in the session, as
    /// pickle finds it in `__main__`) or a built-in layer.
    mutating func objectValue(_ o: PickleObject) throws -> Value {
        if let done = pyObjects[ObjectIdentifier(o)] { return done }
        let state: [(String, PickleValue)]
        switch o.state {
        case nil, .none?: state = []
        case .dict(let d)?:
            state = try d.pairs.map { k, v in
                guard case .string(let name) = k else { throw PyError(.typeError, "attribute name must be string, not '\(interp.typeName(try value(k)))'") }
                return (name, v)
            }
        default:
            throw PyError("UnpicklingError", "torch.load: the state of a \(o.qualifiedName) object in this file is not a dict; nnrepl cannot rebuild it")
        }
        if o.module == "__main__" {
            guard case .cls(let c)? = interp.globals.vars[o.name] else {
                throw PyError(.attributeError, "Can't get attribute '\(o.name)' on \(interp.mainModuleRepr)")
            }
            if c.derivesFromModule {
                let m = interp.newScriptedModule(c)
                m.moduleInitialized = true
                pyObjects[ObjectIdentifier(o)] = .module(m)
                // A subclass of a layer gets the layer back as its base, built from the saved options.
                var baseAttributes: [String]?
                if let lc = c.mro.lazy.compactMap({ k -> LayerClassObject? in if case .layer(let x)? = k.builtinKind { return x as? LayerClassObject }; return nil }).first {
                    guard let attributes = PyTorchModuleState.layerAttributes[lc.name] else {
                        throw PyError("UnpicklingError", "torch.load: nnrepl cannot rebuild a subclass of nn.\(lc.name) from a file")
                    }
                    m.builtinBase = try rebuildLayer(lc, attributes: attributes, Dictionary(state, uniquingKeysWith: { a, _ in a }))
                    baseAttributes = attributes
                }
                try restore(m, state, layerAttributes: baseAttributes)
                m.pushToBase()
                return .module(m)
            }
            let inst = PyInstance(cls: c)
            pyObjects[ObjectIdentifier(o)] = .instance(inst)
            for (name, v) in state { try inst.attributes.set(.str(name), try value(v)) }
            return .instance(inst)
        }
        let lookup = Dictionary(state, uniquingKeysWith: { a, _ in a })
        if o.qualifiedName == "torch.nn.modules.linear.NonDynamicallyQuantizableLinear" {
            // MultiheadAttention's out_proj: a class torch.nn does not export.
            guard case .int(let n)? = lookup["in_features"], case .int(let k)? = lookup["out_features"] else {
                throw PyError("UnpicklingError", "torch.load: a NonDynamicallyQuantizableLinear in this file has no in_features/out_features")
            }
            let rng = Generator.global.rngState()
            defer { _ = Generator.global.setRngState(rng) }
            let m: Module
            do { m = try NonDynamicallyQuantizableLinear(n, k) } catch let e as TorchError { throw PyError(e) }
            pyObjects[ObjectIdentifier(o)] = .module(m)
            try restore(m, state, layerAttributes: PyTorchModuleState.layerAttributes[o.name])
            return .module(m)
        }
        guard o.module.hasPrefix("torch.nn.modules."), PyTorchClassPaths.module(of: o.name) == o.module,
              let attributes = PyTorchModuleState.layerAttributes[o.name], let cls = interp.layerClass(named: o.name) else {
            throw PyError("UnpicklingError", "torch.load: this file holds a \(o.qualifiedName) object, which nnrepl cannot rebuild (it rebuilds tensors, plain values, nn layers it has and instances of classes defined in the session)")
        }
        let m = try rebuildLayer(cls, attributes: attributes, lookup)
        pyObjects[ObjectIdentifier(o)] = .module(m)
        try restore(m, state, layerAttributes: attributes)
        return .module(m)
    }

    /// A built-in layer built again from its saved options (the constructor's parameters found
    /// among them; `bias` from whether the file has a bias), with the random generator put
    /// back: unpickling draws nothing in PyTorch. The loaded parameters and buffers then replace
    /// the fresh ones.
    mutating func rebuildLayer(_ cls: LayerClassObject, attributes: [String], _ lookup: [String: PickleValue]) throws -> Module {
        var keywords: [(String, Value)] = []
        let names = cls.signature.map(Self.parameterNames) ?? attributes
        for name in names {
            if let v = lookup[name], attributes.contains(name) {
                keywords.append((name, try value(v)))
            } else if name == "bias", case .dict(let params)? = lookup["_parameters"] {
                let has = params.pairs.contains { if case .string("bias") = $0.key, case .tensor = $0.value { return true }; return false }
                keywords.append(("bias", .bool(has)))
            }
        }
        let rng = Generator.global.rngState()
        defer { _ = Generator.global.setRngState(rng) }
        guard case .module(let m) = try cls.call(Arguments([], keywords), interp) else {
            throw PyError("UnpicklingError", "torch.load: cannot rebuild nn.\(cls.name)")
        }
        return m
    }

    /// The parameter names of a constructor signature (`in_features, out_features, bias=True`).
    static func parameterNames(_ signature: String) -> [String] {
        signature.split(separator: ",").compactMap { part in
            let name = part.split(separator: "=").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return name.isEmpty || name.hasPrefix("*") ? nil : name
        }
    }

    /// Puts a loaded `__dict__` into a module: training flag, parameters, buffers and children
    /// (registries in the file's order, the fresh layer's own entries replaced or removed),
    /// and the other attributes (a user module's plain attributes; extra ones on a layer).
    mutating func restore(_ m: Module, _ state: [(String, PickleValue)], layerAttributes: [String]?) throws {
        func entries(_ key: String) throws -> [(String, PickleValue)] {
            guard let v = state.first(where: { $0.0 == key })?.1 else { return [] }
            guard case .dict(let d) = v else { throw PyError("UnpicklingError", "torch.load: \(m.typeName).\(key) in this file is not a dict") }
            return d.pairs.compactMap { if case .string(let k) = $0.key { return (k, $0.value) }; return nil }
        }
        let params = try entries("_parameters"), buffers = try entries("_buffers"), children = try entries("_modules")
        var nonPersistent = Set<String>()
        if case .set(let items)? = state.first(where: { $0.0 == "_non_persistent_buffers_set" })?.1 {
            for case .string(let s) in items { nonPersistent.insert(s) }
        }
        for (name, _) in m.parameterEntries where !params.contains(where: { $0.0 == name }) { m.removeRegistered(name) }
        for (name, _) in m.bufferEntries where !buffers.contains(where: { $0.0 == name }) { m.removeRegistered(name) }
        for (name, _) in m.childEntries where !children.contains(where: { $0.0 == name }) { m.removeRegistered(name) }
        func tensor(_ v: PickleValue, _ what: String) throws -> Tensor? {
            switch try value(v) {
            case .none: return nil
            case .tensor(let t): return t
            case let other: throw PyError("UnpicklingError", "torch.load: \(what) of \(m.typeName) in this file is a \(interp.typeName(other)), not a tensor")
            }
        }
        for (name, v) in params { m.registerParameter(name, try tensor(v, "parameter '\(name)'")) }
        for (name, v) in buffers { m.registerBuffer(name, try tensor(v, "buffer '\(name)'"), persistent: !nonPersistent.contains(name)) }
        for (name, v) in children {
            switch try value(v) {
            case .none: m.registerModule(name, nil)
            case .module(let child): m.registerModule(name, child)
            case let other: throw PyError("UnpicklingError", "torch.load: child '\(name)' of \(m.typeName) in this file is a \(interp.typeName(other)), not a module")
            }
        }
        if case .bool(let training)? = state.first(where: { $0.0 == "training" })?.1 { m.training = training }
        let known = Set(PyTorchModuleState.moduleAttributes).union(layerAttributes ?? [])
        for (name, v) in state where !known.contains(name) {
            let attr = try value(v)
            if let sm = m as? ScriptedModule {
                try sm.plainAttributes.set(.str(name), attr)
            } else {
                try interp.setPlainLayerAttribute(m, name, attr)
            }
        }
    }
}

extension Interpreter {
    /// `repr(sys.modules['__main__'])`, as pickle's "Can't get attribute" names it.
    var mainModuleRepr: String {
        if let path = mainScriptPath { return "<module '__main__' from \(pythonStringRepr(path))>" }
        return "<module '__main__' (built-in)>"
    }
}
