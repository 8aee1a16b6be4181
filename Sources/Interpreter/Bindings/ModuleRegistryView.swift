import Engine
import NN

/// A live view of some registry that prints as the dict it currently is.
protocol DictSnapshotView {
    func snapshot() throws -> PyDict
}

/// A module's `_modules` / `_parameters` / `_buffers`: a dict-like view of the registry that
/// reads the current entries and writes through (`self._modules[str(i)] = block`).
final class ModuleRegistryView: NativeObject, DictSnapshotView {
    enum Kind: String { case modules = "_modules", parameters = "_parameters", buffers = "_buffers" }
    let module: Module, kind: Kind
    init(_ module: Module, _ kind: Kind) { self.module = module; self.kind = kind }

    var entries: [(String, Value)] {
        switch kind {
        case .modules: return module.childEntries.map { ($0.name, $0.module.map { .module($0) } ?? .none) }
        case .parameters: return module.parameterEntries.map { ($0.name, $0.tensor.map { .tensor($0) } ?? .none) }
        case .buffers: return module.bufferEntries.map { ($0.name, $0.tensor.map { .tensor($0) } ?? .none) }
        }
    }

    /// A dict snapshot of the entries (for printing, copying, `dict(...)`).
    func snapshot() throws -> PyDict {
        let d = PyDict()
        for (k, v) in entries { try d.set(.str(k), v) }
        return d
    }

    override var typeName: String { "dict" }
    override func repr() -> String { "<dict of \(kind.rawValue)>" }
    override func length() throws -> Int? { entries.count }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        AnyIterator(entries.map { Value.str($0.0) }.makeIterator())
    }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        guard case .str(let k) = key, let v = entries.first(where: { $0.0 == k })?.1 else {
            throw PyError(.keyError, (try? interp.repr(key)) ?? "?")
        }
        return v
    }
    override func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        guard case .str(let k) = key else { throw PyError(.typeError, "\(kind.rawValue) keys must be strings") }
        switch (kind, value) {
        case (.modules, .module(let m)): module.registerModule(k, m)
        case (.modules, .none): module.registerModule(k, nil)
        case (.parameters, .tensor(let t)): module.registerParameter(k, t)
        case (.parameters, .none): module.registerParameter(k, nil)
        case (.buffers, .tensor(let t)): module.registerBuffer(k, t)
        case (.buffers, .none): module.registerBuffer(k, nil)
        default:
            throw PyError(.typeError, "cannot put a \(interp.typeName(value)) into \(kind.rawValue) (nnrepl keeps it a registry of \(kind == .modules ? "modules" : "tensors"))")
        }
    }
    /// `del module._parameters[name]` (torch.nn.utils.prune replaces a parameter this way).
    func delete(_ key: Value, _ interp: Interpreter) throws {
        guard case .str(let k) = key, entries.contains(where: { $0.0 == k }) else {
            throw PyError(.keyError, (try? interp.repr(key)) ?? "?")
        }
        _ = module.removeRegistered(k)
    }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        func method(_ body: @escaping (Arguments) throws -> Value) -> Value { .builtin(BuiltinFunction(name) { a, _ in try body(a) }) }
        switch name {
        case "keys", "values", "items", "copy", "get", "__contains__", "__len__":
            // Everything a dict offers, on a snapshot (reads see the registry as it is now).
            let snap = try snapshot()
            return try interp.lookupAttribute(.dict(snap), name)
        case "__setitem__": return method { a in
            guard a.positional.count == 2 else { throw PyError(.typeError, "__setitem__ expected 2 arguments") }
            try self.setItem(a.positional[0], a.positional[1], interp); return .none
        }
        case "pop": return method { a in
            guard case .str(let k)? = a.positional.first else { throw PyError(.typeError, "pop expected at least 1 argument") }
            guard let v = self.entries.first(where: { $0.0 == k })?.1 else {
                if a.positional.count > 1 { return a.positional[1] }
                throw PyError(.keyError, pythonStringRepr(k))
            }
            _ = self.module.removeRegistered(k)
            return v
        }
        default: return nil
        }
    }
    override func equals(_ other: Value) -> Bool? { nil }
}
