import Engine
import NN

/// ModuleDict, ParameterList and ParameterDict as Python sees them: item access, iteration,
/// len and their dict/list methods.
extension Interpreter {
    func isDictOrParameterContainer(_ m: Module) -> Bool { m is ModuleDict || m is ParameterList || m is ParameterDict }

    func stringKey(_ key: Value, _ what: String) throws -> String {
        guard case .str(let k) = key else { throw PyError(.typeError, "\(what) keys must be strings, not \(typeName(key))") }
        return k
    }

    func containerGetItem(_ m: Module, _ key: Value) throws -> Value? {
        do {
            switch m {
            case let d as ModuleDict: return .module(try d.item(try stringKey(key, "ModuleDict")))
            case let d as ParameterDict: return .tensor(try d.item(try stringKey(key, "ParameterDict")))
            case let l as ParameterList:
                if case .object(let s as SliceObject) = key {
                    let (start, stop, step) = try s.indices(l.count)
                    return .module(try ParameterList(stride(from: start, to: stop, by: step).map { try l.item(at: $0) }))
                }
                return .tensor(try l.item(at: try intValue(key)))
            default: return nil
            }
        } catch let e as TorchError { throw PyError(e) }
    }

    /// True when handled.
    func containerSetItem(_ m: Module, _ key: Value, _ value: Value) throws -> Bool {
        do {
            switch m {
            case let d as ModuleDict:
                guard case .module(let child) = value else { throw PyError(.typeError, "\(typeName(value)) is not a Module subclass") }
                d.set(try stringKey(key, "ModuleDict"), child)
            case let d as ParameterDict: try d.set(try stringKey(key, "ParameterDict"), try asTensor(value))
            case let l as ParameterList: try l.setItem(at: try intValue(key), try asTensor(value))
            default: return false
            }
        } catch let e as TorchError { throw PyError(e) }
        return true
    }

    func containerDeleteItem(_ m: Module, _ key: Value) throws -> Bool {
        do {
            switch m {
            case let d as ModuleDict: try d.remove(try stringKey(key, "ModuleDict"))
            case let d as ParameterDict: try d.remove(try stringKey(key, "ParameterDict"))
            default: return false
            }
        } catch let e as TorchError { throw PyError(e) }
        return true
    }

    func containerLength(_ m: Module) -> Int? {
        switch m {
        case let d as ModuleDict: return d.keys.count
        case let d as ParameterDict: return d.keys.count
        case let l as ParameterList: return l.count
        default: return nil
        }
    }

    /// Dicts iterate their keys, the list its parameters.
    func containerIterationItems(_ m: Module) -> [Value]? {
        switch m {
        case let d as ModuleDict: return d.keys.map { .str($0) }
        case let d as ParameterDict: return d.keys.map { .str($0) }
        case let l as ParameterList: return l.items.map { .tensor($0) }
        default: return nil
        }
    }

    /// Key/value pairs of a dict, a list of pairs, or another container. A ParameterDict takes a
    /// plain dict's items in sorted key order (an OrderedDict's as they are), as PyTorch does.
    func pairsArgument(_ v: Value, _ what: String) throws -> [(String, Value)] {
        if case .dict(let d) = v {
            let pairs = try d.pairs.map { (try stringKey($0.0, what), $0.1) }
            return what == "ParameterDict" && !d.isOrderedDict ? pairs.sorted { $0.0 < $1.0 } : pairs
        }
        if case .module(let md as ModuleDict) = v { return md.keys.compactMap { k in md.child(k).map { (k, .module($0)) } } }
        if case .module(let pd as ParameterDict) = v { return pd.keys.compactMap { k in pd.parameter(k).map { (k, .tensor($0)) } } }
        return try collect(v, range: nil).map { item in
            let pair = try collect(item, range: nil)
            guard pair.count == 2 else { throw PyError(.valueError, "\(what) update sequence element has length \(pair.count); 2 is required") }
            return (try stringKey(pair[0], what), pair[1])
        }
    }

    func containerMethod(_ m: Module, _ name: String) throws -> Value? {
        guard isDictOrParameterContainer(m) else { return nil }
        func method(_ body: @escaping (Arguments) throws -> Value) -> Value {
            let f = BuiltinFunction(name) { a, _ in
                do { return try body(a) } catch let e as TorchError { throw PyError(e) }
            }
            f.pythonTypeName = "method"
            return .builtin(f)
        }
        func arg(_ a: Arguments, _ i: Int) throws -> Value {
            guard i < a.positional.count else { throw PyError(.typeError, "\(name)() missing a required argument") }
            return a.positional[i]
        }
        switch (m, name) {
        case (let d as ModuleDict, "keys"): return method { _ in .list(PyList(d.keys.map { .str($0) })) }
        case (let d as ModuleDict, "values"): return method { _ in .list(PyList(d.keys.compactMap { d.child($0).map { .module($0) } })) }
        case (let d as ModuleDict, "items"): return method { _ in .list(PyList(d.keys.compactMap { k in d.child(k).map { .tuple([.str(k), .module($0)]) } })) }
        case (let d as ModuleDict, "update"):
            return method { [unowned self] a in
                for (k, v) in try self.pairsArgument(try arg(a, 0), "ModuleDict") {
                    guard case .module(let c) = v else { throw PyError(.typeError, "\(self.typeName(v)) is not a Module subclass") }
                    d.set(k, c)
                }
                return .none
            }
        case (let d as ModuleDict, "pop"): return method { [unowned self] a in .module(try d.remove(try self.stringKey(try arg(a, 0), "ModuleDict"))) }
        case (let d as ModuleDict, "clear"): return method { _ in d.clear(); return .none }
        case (let d as ParameterDict, "keys"): return method { _ in .list(PyList(d.keys.map { .str($0) })) }
        case (let d as ParameterDict, "values"): return method { _ in .list(PyList(d.keys.compactMap { d.parameter($0).map { .tensor($0) } })) }
        case (let d as ParameterDict, "items"): return method { _ in .list(PyList(d.keys.compactMap { k in d.parameter(k).map { .tuple([.str(k), .tensor($0)]) } })) }
        case (let d as ParameterDict, "update"):
            return method { [unowned self] a in
                for (k, v) in try self.pairsArgument(try arg(a, 0), "ParameterDict") { try d.set(k, try self.asTensor(v)) }
                return .none
            }
        case (let d as ParameterDict, "pop"): return method { [unowned self] a in .tensor(try d.remove(try self.stringKey(try arg(a, 0), "ParameterDict"))) }
        case (let d as ParameterDict, "get"):
            return method { [unowned self] a in
                let k = try self.stringKey(try arg(a, 0), "ParameterDict")
                return d.hasParameter(k) ? d.parameter(k).map { .tensor($0) } ?? .none : (a.positional.count > 1 ? a.positional[1] : .none)
            }
        case (let l as ParameterList, "append"): return method { [unowned self] a in try l.append(try self.asTensor(try arg(a, 0))); return .module(l) }
        case (let l as ParameterList, "extend"):
            return method { [unowned self] a in
                for v in try self.iterate(try arg(a, 0), range: nil) { try l.append(try self.asTensor(v)) }
                return .module(l)
            }
        default: return nil
        }
    }

    func addSurfaceContainers(_ ns: NamespaceObject) {
        ns.members["ModuleDict"] = .object(LayerClassObject("ModuleDict", qualified: "torch.nn.modules.container.ModuleDict", isInstance: { $0 is ModuleDict }) { [unowned self] a, _ in
            guard let v = a.positional.first, !v.isNone else { return ModuleDict() }
            return ModuleDict(try self.pairsArgument(v, "ModuleDict").map { k, val in
                guard case .module(let c) = val else { throw PyError(.typeError, "\(self.typeName(val)) is not a Module subclass") }
                return (k, c)
            })
        })
        ns.members["ParameterList"] = .object(LayerClassObject("ParameterList", qualified: "torch.nn.modules.container.ParameterList", isInstance: { $0 is ParameterList }) { [unowned self] a, _ in
            guard let v = a.positional.first, !v.isNone else { return try ParameterList() }
            do { return try ParameterList(try self.collect(v, range: nil).map { try self.asTensor($0) }) } catch let e as TorchError { throw PyError(e) }
        })
        ns.members["ParameterDict"] = .object(LayerClassObject("ParameterDict", qualified: "torch.nn.modules.container.ParameterDict", isInstance: { $0 is ParameterDict }) { [unowned self] a, _ in
            guard let v = a.positional.first, !v.isNone else { return try ParameterDict() }
            do { return try ParameterDict(try self.pairsArgument(v, "ParameterDict").map { ($0.0, try self.asTensor($0.1)) }) } catch let e as TorchError { throw PyError(e) }
        })
    }
}
