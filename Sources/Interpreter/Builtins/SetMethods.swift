import Engine

/// `set` / `frozenset` construction, methods and operators, following CPython's algorithms so
/// results iterate in CPython's order (see `PySet`).
extension Interpreter {
    /// `set(x)` / `frozenset(x)`: a set is merged, a dict's keys added after one resize, any
    /// other iterable added item by item.
    func makeSet(_ source: Value?, frozen: Bool) throws -> PySet {
        let s = PySet()
        s.isFrozen = frozen
        if let source { try setUpdate(s, source) }
        return s
    }

    /// `set_update_internal`.
    func setUpdate(_ s: PySet, _ source: Value) throws {
        switch source {
        case .set(let other): s.merge(other)
        case .dict(let d): try s.merge(dictKeys: d.keys)
        case .object(let r as RangeObject):
            try checkSize(r.count, elementBytes: 16)
            for v in try iterate(source, range: nil) { try s.add(v) }
        default: for v in try iterate(source, range: nil) { try s.add(v) }
        }
    }

    /// The other operand of a set operator: sets, frozensets and key/item views.
    func setOperand(_ v: Value) throws -> PySet {
        switch v {
        case .set(let s): return s
        case .object(let o as DictViewObject) where o.kind != .values: return try o.asSet()
        default: throw PyError(.typeError, "'\(typeName(v))' object is not iterable")
        }
    }

    /// A set-like operand of `|`, `&`, `-`, `^`, or nil when the value is not one.
    func setLike(_ v: Value) -> PySet? {
        switch v {
        case .set(let s): return s
        case .object(let o as DictViewObject) where o.kind != .values: return try? o.asSet()
        default: return nil
        }
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` on sets and key views (views give plain sets).
    func setBinary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value? {
        guard [.bitOr, .bitAnd, .sub, .bitXor].contains(op) else { return nil }
        if case .set(let x) = a, case .set(let y) = b {
            switch op {
            case .bitOr: return .set(x.union(y))
            case .bitAnd: return .set(x.intersection(y))
            case .sub: return .set(x.difference(y))
            default: return .set(x.symmetricDifference(y))
            }
        }
        // Dict views: the view becomes a set first; the other operand may be any iterable.
        let viewFirst: Bool
        if case .object(let o as DictViewObject) = a, o.kind != .values { viewFirst = true }
        else if case .object(let o as DictViewObject) = b, o.kind != .values { viewFirst = false }
        else { return nil }
        let view = viewFirst ? a : b, other = viewFirst ? b : a
        guard case .object(let v as DictViewObject) = view else { return nil }
        let lhs = try v.asSet()
        let rhs = try makeSet(other, frozen: false)
        switch op {
        case .bitOr: return .set(viewFirst ? lhs.union(rhs) : rhs.union(lhs))
        case .bitAnd:
            // `_PyDictView_Intersect`: walk the other operand, keep what the view contains.
            let r = PySet()
            for x in try iterate(other, range: nil) where try lhs.contains(x) { try r.add(x) }
            return .set(r)
        case .sub: return .set(viewFirst ? lhs.difference(rhs) : rhs.difference(lhs))
        default:
            let r = viewFirst ? lhs : rhs
            r.symmetricDifferenceUpdate(viewFirst ? rhs : lhs)
            return .set(r)
        }
    }

    /// `s |= t`, `s &= t`, `s -= t`, `s ^= t` change the set in place, as CPython's
    /// `set_ior` etc. do (the table layout, hence the order, differs from `s = s | t`).
    func setInPlace(_ op: BinaryOp, _ s: PySet, _ other: Value) throws -> Value? {
        guard !s.isFrozen, case .set(let o) = other else { return nil }
        switch op {
        case .bitOr: s.merge(o)
        case .bitAnd: s.replaceContents(with: s.intersection(o))
        case .sub: s.differenceUpdate(o)
        case .bitXor: s.symmetricDifferenceUpdate(o)
        default: return nil
        }
        return .set(s)
    }

    /// `<`, `<=`, `>`, `>=` between sets: subset and superset tests.
    func setOrder(_ op: CompareOp, _ a: PySet, _ b: PySet) -> Bool {
        switch op {
        case .le: return a.isSubset(of: b)
        case .lt: return a.count < b.count && a.isSubset(of: b)
        case .ge: return b.isSubset(of: a)
        case .gt: return b.count < a.count && b.isSubset(of: a)
        default: return false
        }
    }

    func setMethod(_ s: PySet, _ name: String) -> Value? {
        func m(_ body: @escaping (Arguments) throws -> Value) -> Value {
            .builtin(BuiltinFunction(name) { a, _ in try body(a) })
        }
        func one(_ a: Arguments) throws -> Value {
            guard a.positional.count == 1 else {
                throw PyError(.typeError, "\(s.typeName).\(name)() takes exactly one argument (\(a.positional.count) given)")
            }
            return a.positional[0]
        }
        func mutating() throws {
            if s.isFrozen { throw PyError(.attributeError, "'frozenset' object has no attribute '\(name)'") }
        }
        switch name {
        case "add", "remove", "discard", "pop", "clear", "update", "intersection_update", "difference_update",
             "symmetric_difference_update":
            if s.isFrozen { return nil }
        default: break
        }
        switch name {
        case "add": return m { a in try s.add(try one(a)); return .none }
        case "remove": return m { [unowned self] a in
            let v = try one(a)
            guard try s.remove(v) else { throw PyError(.keyError, try self.repr(v)) }
            return .none
        }
        case "discard": return m { a in _ = try s.remove(try one(a)); return .none }
        case "pop": return m { _ in
            guard let v = s.pop() else { throw PyError(.keyError, "'pop from an empty set'") }
            return v
        }
        case "clear": return m { _ in s.removeAll(); return .none }
        case "copy": return m { _ in s.isFrozen ? .set(s) : .set(s.copy()) }
        case "update": return m { [unowned self] a in
            try mutating()
            for o in a.positional { try self.setUpdate(s, o) }
            return .none
        }
        case "union": return m { [unowned self] a in
            let r = s.copy()
            for o in a.positional { try self.setUpdate(r, o) }
            return .set(r)
        }
        case "intersection", "intersection_update": return m { [unowned self] a in
            var r = s
            for o in a.positional { r = try self.intersect(r, o) }
            if a.positional.isEmpty { r = s.copy() }
            if name == "intersection" { return .set(r) }
            s.replaceContents(with: r)
            return .none
        }
        case "difference", "difference_update": return m { [unowned self] a in
            let r = name == "difference" ? s.copy() : s
            for o in a.positional {
                if case .set(let other) = o { r.differenceUpdate(other) } else {
                    for v in try self.iterate(o, range: nil) { _ = try r.remove(v) }
                }
            }
            return name == "difference" ? .set(r) : .none
        }
        case "symmetric_difference": return m { [unowned self] a in
            let other = try self.makeSet(try one(a), frozen: false)
            return .set(s.symmetricDifference(other))
        }
        case "symmetric_difference_update": return m { [unowned self] a in
            let o = try one(a)
            if case .set(let other) = o { s.symmetricDifferenceUpdate(other) } else {
                s.symmetricDifferenceUpdate(try self.makeSet(o, frozen: false))
            }
            return .none
        }
        case "issubset": return m { [unowned self] a in .bool(s.isSubset(of: try self.makeSet(try one(a), frozen: false))) }
        case "issuperset": return m { [unowned self] a in .bool(try self.makeSet(try one(a), frozen: false).isSubset(of: s)) }
        case "isdisjoint": return m { [unowned self] a in
            for v in try self.iterate(try one(a), range: nil) where try s.contains(v) { return .false }
            return .true
        }
        default: return nil
        }
    }

    /// `set_intersection` with any iterable: a set walks the smaller side; other iterables are
    /// walked in their own order.
    private func intersect(_ s: PySet, _ other: Value) throws -> PySet {
        if case .set(let o) = other { return s.intersection(o) }
        let r = PySet()
        r.isFrozen = s.isFrozen
        for v in try iterate(other, range: nil) where try s.contains(v) { try r.add(v) }
        return r
    }

    func isCallable(_ v: Value) -> Bool {
        switch v {
        case .function, .builtin, .boundMethod, .cls, .module: return true
        case .object(let o): return o is BuiltinType || o is LayerClassObject || o is TensorTypeObject || o is ParameterTypeObject
        case .instance(let i): return i.cls.lookup("__call__") != nil
        default: return false
        }
    }
}
