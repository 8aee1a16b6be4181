import Engine

/// The `collections` module (OrderedDict, defaultdict, Counter) and dict views: `keys()`,
/// `values()` and `items()` are live views of their dict, printed with their values, with the
/// set operations Python gives key and item views.
extension PyDict {
    /// `type(d).__name__`.
    public var typeName: String {
        switch kind {
        case .plain: return "dict"
        case .ordered: return "OrderedDict"
        case .defaultDict: return "defaultdict"
        case .counter: return "Counter"
        }
    }
}

extension Interpreter {
    func makeCollectionsModule() -> NamespaceObject {
        let ns = NamespaceObject("collections")
        ns.members["OrderedDict"] = .object(BuiltinTypes.shared.orderedDict)
        ns.members["defaultdict"] = .object(BuiltinTypes.shared.defaultDict)
        ns.members["Counter"] = .object(BuiltinTypes.shared.counter)
        // Python's start-up has imported collections.abc already, so it is an attribute at once.
        ns.members["abc"] = .object(makeCollectionsAbcModule())
        return ns
    }

    /// Fills `d` from `dict(src, **kw)`-style arguments (a mapping or an iterable of pairs).
    func dictUpdate(_ d: PyDict, _ src: Value?, _ keywords: [(String, Value)]) throws {
        if let src {
            switch src {
            case .dict(let other): for (k, v) in other.pairs { try d.set(k, v) }
            case .object(let o as ParamGroupObject):
                for k in try o.keyList() { try d.set(k, try o.getItem(k, self)) }
            default:
                var n = 0
                for item in try iterate(src, range: nil) {
                    let kv: [Value]
                    do { kv = try collect(item, range: nil) } catch {
                        throw PyError(.typeError, "cannot convert dictionary update sequence element #\(n) to a sequence")
                    }
                    guard kv.count == 2 else { throw PyError(.valueError, "dictionary update sequence element #\(n) has length \(kv.count); 2 is required") }
                    try d.set(kv[0], kv[1])
                    n += 1
                }
            }
        }
        for (k, v) in keywords { try d.set(.str(k), v) }
    }

    /// `Counter.update(iterable_or_mapping)`: counts add up.
    func counterUpdate(_ d: PyDict, _ src: Value?, subtract: Bool = false) throws {
        guard let src else { return }
        func bump(_ k: Value, _ by: Value) throws {
            let cur = try d.get(k) ?? .int(0)
            try d.set(k, try binary(subtract ? .sub : .add, cur, by))
        }
        if case .dict(let other) = src {
            for (k, v) in other.pairs { try bump(k, v) }
        } else {
            for k in try iterate(src, range: nil) { try bump(k, .int(1)) }
        }
    }

    /// The (key, count) pairs of a Counter, most common first (ties keep insertion order).
    func counterMostCommon(_ d: PyDict) throws -> [(Value, Value)] {
        let pairs = d.pairs
        let order = try sortValues(pairs.indices.map { .int($0) }, key: .builtin(BuiltinFunction("count") { a, _ in
            guard case .int(let i)? = a.positional.first else { return .none }
            return pairs[i].1
        }), reverse: true)
        return order.map { if case .int(let i) = $0 { return pairs[i] }; return pairs[0] }
    }

    /// `repr` of a dict of any kind.
    func dictRepr(_ d: PyDict) throws -> String {
        func plain(_ pairs: [(Value, Value)]) throws -> String {
            "{" + (try pairs.map { try repr($0.0) + ": " + repr($0.1) }.joined(separator: ", ")) + "}"
        }
        switch d.kind {
        case .plain: return try plain(d.pairs)
        case .ordered:
            if d.count == 0 { return "OrderedDict()" }
            return "OrderedDict([" + (try d.pairs.map { "(" + (try repr($0.0)) + ", " + (try repr($0.1)) + ")" }.joined(separator: ", ")) + "])"
        case .defaultDict(let factory):
            return "defaultdict(\(try repr(factory)), \(try plain(d.pairs)))"
        case .counter:
            if d.count == 0 { return "Counter()" }
            return "Counter(\(try plain(try counterMostCommon(d))))"
        }
    }

    /// `d[key]` for a missing key: defaultdict creates it, Counter reads 0, others raise KeyError.
    func dictMissing(_ d: PyDict, _ key: Value) throws -> Value {
        switch d.kind {
        case .defaultDict(let factory) where !factory.isNone:
            let v = try call(factory, Arguments())
            try d.set(key, v)
            return v
        case .counter: return .int(0)
        default: throw PyError(.keyError, try repr(key))
        }
    }

    /// Methods only the `collections` dicts have.
    func collectionsDictMethod(_ d: PyDict, _ name: String) -> Value? {
        func m(_ body: @escaping (Arguments) throws -> Value) -> Value {
            .builtin(BuiltinFunction(name) { a, _ in try body(a) })
        }
        switch (d.kind, name) {
        case (.ordered, "move_to_end"):
            return m { [unowned self] a in
                let b = try Signature.of("move_to_end", "key, last=True").bind(a, self)
                let key = b["key"]
                let h = try hashKey(key)
                guard let i = try d.keys.firstIndex(where: { try hashKey($0) == h }) else { throw PyError(.keyError, try self.repr(key)) }
                d.move(at: i, toEnd: try b.bool("last"))
                return .none
            }
        case (.ordered, "popitem"):
            return m { [unowned self] a in
                let b = try Signature.of("popitem", "last=True").bind(a, self)
                guard d.count > 0 else { throw PyError(.keyError, "dictionary is empty") }
                let i = try b.bool("last") ? d.count - 1 : 0
                let k = d.keys[i], v = d.values[i]
                try d.remove(k)
                return .tuple([k, v])
            }
        case (.defaultDict(let factory), "default_factory"):
            return factory
        case (.counter, "most_common"):
            return m { [unowned self] a in
                var pairs = try self.counterMostCommon(d)
                if let n = a.positional.first, !n.isNone { pairs = Array(pairs.prefix(max(0, try self.intValue(n)))) }
                return .list(PyList(pairs.map { .tuple([$0.0, $0.1]) }))
            }
        case (.counter, "elements"):
            return m { [unowned self] _ in
                var out: [Value] = []
                for (k, v) in d.pairs { for _ in 0..<max(0, try self.intValue(v)) { out.append(k) } }
                return .object(IteratorObject(out.makeIterator(), name: "itertools.chain"))
            }
        case (.counter, "total"):
            return m { [unowned self] _ in try d.values.reduce(Value.int(0)) { try self.binary(.add, $0, $1) } }
        case (.counter, "update"):
            return m { [unowned self] a in try self.counterUpdate(d, a.positional.first); return .none }
        case (.counter, "subtract"):
            return m { [unowned self] a in try self.counterUpdate(d, a.positional.first, subtract: true); return .none }
        default: return nil
        }
    }
}

/// `dict.keys()` / `.values()` / `.items()`: live views of the dict.
final class DictViewObject: NativeObject {
    enum Kind { case keys, values, items }
    let kind: Kind
    let dict: PyDict
    unowned let interp: Interpreter
    init(_ kind: Kind, _ dict: PyDict, _ interp: Interpreter) { self.kind = kind; self.dict = dict; self.interp = interp }

    override var typeName: String {
        let base: String
        switch kind { case .keys: base = "keys"; case .values: base = "values"; case .items: base = "items" }
        return (dict.isOrderedDict ? "odict_" : "dict_") + base
    }
    var elements: [Value] {
        switch kind {
        case .keys: return dict.keys
        case .values: return dict.values
        case .items: return dict.pairs.map { .tuple([$0.0, $0.1]) }
        }
    }
    override func repr() -> String {
        let inner = elements.map { (try? interp.repr($0)) ?? "…" }.joined(separator: ", ")
        return "\(typeName)([\(inner)])"
    }
    override func length() throws -> Int? { dict.count }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? { AnyIterator(elements.makeIterator()) }
    /// The view as a set (key and item views behave as sets).
    func asSet() throws -> PySet {
        let s = PySet()
        try s.merge(dictKeys: elements)
        return s
    }
    override func equals(_ other: Value) -> Bool? {
        guard kind != .values else { return nil }
        let mine = try? asSet()
        switch other {
        case .set(let s): return mine.map { $0.count == s.count && $0.isSubset(of: s) }
        case .object(let o as DictViewObject) where o.kind != .values:
            guard let a = mine, let b = try? o.asSet() else { return false }
            return a.count == b.count && a.isSubset(of: b)
        default: return false
        }
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "mapping" { return .dict(dict) }
        if name == "isdisjoint", kind != .values {
            return .builtin(BuiltinFunction("isdisjoint") { a, i in
                let other = try i.setOperand(a.positional.first ?? .none)
                return .bool(try self.asSet().intersection(other).count == 0)
            })
        }
        return nil
    }
}
