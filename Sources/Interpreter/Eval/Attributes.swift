import Engine
import NN

/// Attribute access, item access and iteration, dispatched on the kind of value.
extension Interpreter {
    public func getAttribute(_ obj: Value, _ name: String, range: SourceRange? = nil) throws -> Value {
        if let v = try lookupAttribute(obj, name) { return v }
        throw attributeError(obj, name)
    }

    /// The attribute, or nil when the object has none of that name.
    public func lookupAttribute(_ obj: Value, _ name: String) throws -> Value? {
        if name == "__class__" { return typeObject(of: obj) }
        switch obj {
        case .tensor(let t): return try numpyBridgeTensorAttribute(t, name) ?? tensorAttribute(t, name) ?? containerDunder(obj, name)
        case .module(let m): return try moduleAttribute(m, name)
        case .instance(let inst):
            if case .object(let p as PropertyObject)? = inst.cls.lookup(name) { return try readProperty(p, obj) }
            if let v = try inst.attributes.get(.str(name)) { return v }
            if name == "__class__" { return .cls(inst.cls) }
            if let v = inst.cls.lookup(name) { return bindIfFunction(v, to: obj) }
            return nil
        case .cls(let c):
            if name == "__mro__" { return .tuple(c.mro.map { .cls($0) }) }
            if let v = c.lookup(name) {
                if case .object(let cm as ClassMethodObject) = v { return .boundMethod(BoundMethod(receiver: obj, function: cm.function)) }
                return v
            }
            if let v = classNameAttribute(obj, name) { return v }
            if case .module? = c.builtinKind { return moduleClassAttribute(name) }
            return nil
        case .object(let o):
            if let v = classNameAttribute(obj, name) { return v }
            return try o.getAttribute(name, self)
        case .function(let f):
            switch name {
            case "__name__": return .str(f.name)
            case "__qualname__": return .str(f.qualifiedName)
            case "__module__": return .str("__main__")
            case "__doc__": return Value.none
            case "__dict__": return .dict(try PyDict(f.attributes.sorted { $0.key < $1.key }.map { (Value.str($0.key), $0.value) }))
            default: return f.attributes[name]
            }
        case .builtin(let b):
            if name == "__name__" { return .str(b.name) }
            if name == "__doc__" { return .str(b.doc) }
            return nil
        case .boundMethod(let m):
            if name == "__self__" { return m.receiver }
            return try lookupAttribute(m.function, name)
        default:
            return try valueMethod(obj, name)
        }
    }

    /// `instance.x` for a `@property x`.
    func readProperty(_ p: PropertyObject, _ receiver: Value) throws -> Value {
        guard !p.getter.isNone else {
            throw PyError(.attributeError, "property '\(p.attributeName)' of '\(typeName(receiver))' object has no getter")
        }
        return try call(p.getter, Arguments([receiver]))
    }

    /// `instance.x = v` for a `@property x`: true when a property took the assignment.
    func writeProperty(_ cls: PyClass, _ receiver: Value, _ name: String, _ value: Value) throws -> Bool {
        guard case .object(let p as PropertyObject)? = cls.lookup(name) else { return false }
        guard !p.setter.isNone else {
            throw PyError(.attributeError, "property '\(name)' of '\(typeName(receiver))' object has no setter")
        }
        _ = try call(p.setter, Arguments([receiver, value]))
        return true
    }

    /// A function found on a class becomes a bound method of the instance.
    func bindIfFunction(_ v: Value, to receiver: Value) -> Value {
        switch v {
        case .function, .builtin: return .boundMethod(BoundMethod(receiver: receiver, function: v))
        case .object(let o) where o is StaticMethodObject: return (o as! StaticMethodObject).function
        case .object(let cm as ClassMethodObject):
            switch receiver {
            case .instance(let inst): return .boundMethod(BoundMethod(receiver: .cls(inst.cls), function: cm.function))
            case .module(let m as ScriptedModule): return .boundMethod(BoundMethod(receiver: .cls(m.cls), function: cm.function))
            default: return .boundMethod(BoundMethod(receiver: receiver, function: cm.function))
            }
        default: return v
        }
    }

    func attributeError(_ obj: Value, _ name: String) -> PyError {
        let tn: String
        if case .cls(let c) = obj { tn = "type object '\(c.name)'" }
        else if case .object(let ns as NamespaceObject) = obj { tn = "module '\(ns.name)'" }
        else { tn = "'\(typeName(obj))' object" }
        var e = PyError(.attributeError, "\(tn) has no attribute '\(name)'")
        // CPython suggests close names from dir(); PyTorch tensors give none (their dir is large
        // and CPython skips suggestions for them), modules and plain objects do.
        if case .tensor = obj { return e }
        if let best = closestName(name, attributeNames(of: obj)) { e.suggestion = "Did you mean: '\(best)'?" }
        return e
    }

    public func setAttribute(_ obj: Value, _ name: String, _ value: Value, range: SourceRange? = nil) throws {
        switch obj {
        case .tensor(let t): try setTensorAttribute(t, name, value)
        case .module(let m): try setModuleAttribute(m, name, value)
        case .instance(let inst):
            if try writeProperty(inst.cls, obj, name, value) { return }
            try inst.attributes.set(.str(name), value)
        case .cls(let c): try c.attributes.set(.str(name), value)
        case .function(let f):
            guard !["__name__", "__qualname__", "__module__", "__doc__", "__dict__"].contains(name) else {
                throw PyError(.attributeError, "nnrepl does not let a function's \(name) be changed")
            }
            f.attributes[name] = value
        case .object(let o):
            if try !o.setAttribute(name, value, self) {
                throw PyError(.attributeError, "'\(o.typeName)' object attribute '\(name)' is read-only")
            }
        default:
            throw PyError(.attributeError, "'\(typeName(obj))' object has no attribute '\(name)'")
        }
    }

    func deleteAttribute(_ obj: Value, _ name: String, range: SourceRange?) throws {
        switch obj {
        case .module(let m):
            if let sm = m as? ScriptedModule, try sm.plainAttributes.remove(.str(name)) != nil { return }
            if !(m is ScriptedModule), try extraModuleAttributes(m)?.remove(.str(name)) != nil {
                m.plainTensors[name] = nil
                return
            }
            if m.removeRegistered(name) { return }
        case .instance(let inst):
            if try inst.attributes.remove(.str(name)) != nil { return }
        case .function(let f):
            if f.attributes.removeValue(forKey: name) != nil { return }
        default: break
        }
        throw attributeError(obj, name)
    }

    // MARK: items

    public func getItem(_ obj: Value, _ key: Value, range: SourceRange? = nil) throws -> Value {
        switch obj {
        case .list(let l):
            if case .object(let s as SliceObject) = key { return .list(PyList(try s.apply(l.items))) }
            return l.items[try sequenceIndex(key, l.items.count, "list")]
        case .tuple(let t):
            if case .object(let s as SliceObject) = key { return .tuple(try s.apply(t)) }
            return t[try sequenceIndex(key, t.count, "tuple")]
        case .str(let s):
            let chars = Array(s)
            if case .object(let sl as SliceObject) = key { return .str(String(try sl.apply(chars))) }
            return .str(String(chars[try sequenceIndex(key, chars.count, "string")]))
        case .dict(let d):
            guard let v = try d.get(key) else { return try dictMissing(d, key) }
            return v
        case .tensor(let t):
            try checkTensorKey(t, key)
            return .tensor(try index(t, try indexItems(key)))
        case .module(let m): return try moduleGetItem(m, key)
        case .object(let o): return try o.getItem(key, self)
        case .instance(let inst):
            if let f = inst.cls.lookup("__getitem__") { return try call(f, Arguments([obj, key])) }
            throw PyError(.typeError, "'\(inst.cls.name)' object is not subscriptable")
        case .cls(let c):
            throw PyError(.typeError, "type '\(c.name)' is not subscriptable")
        default:
            throw PyError(.typeError, "'\(typeName(obj))' object is not subscriptable")
        }
    }

    public func setItem(_ obj: Value, _ key: Value, _ value: Value, range: SourceRange? = nil) throws {
        switch obj {
        case .list(let l):
            if case .object(let s as SliceObject) = key {
                let (start, stop, step) = try s.indices(l.items.count)
                let newItems = (try collect(value, range: range))
                if step == 1 {
                    l.items.replaceSubrange(start..<max(stop, start), with: newItems)
                } else {
                    let idx = Array(stride(from: start, to: stop, by: step))
                    guard idx.count == newItems.count else {
                        throw PyError(.valueError, "attempt to assign sequence of size \(newItems.count) to extended slice of size \(idx.count)")
                    }
                    for (i, v) in zip(idx, newItems) { l.items[i] = v }
                }
                return
            }
            l.items[try sequenceIndex(key, l.items.count, "list", assignment: true)] = value
        case .dict(let d): try d.set(key, value)
        case .tensor(let t):
            guard let v = tensorOperand(value) else {
                throw PyError(.typeError, "can't assign a \(typeName(value)) to a \(t.dtype.legacyTypeName)")
            }
            try checkTensorKey(t, key)
            try indexPut(t, try indexItems(key), v)
        case .object(let o): try o.setItem(key, value, self)
        case .module(let m) where isContainer(m):
            if try containerSetItem(m, key, value) { return }
            guard case .module(let child) = value else { throw PyError(.typeError, "\(typeName(value)) is not a Module subclass") }
            do {
                if let s = m as? Sequential { try s.setItem(at: try intValue(key), child) }
                if let l = m as? ModuleList { try l.setItem(at: try intValue(key), child) }
            } catch let e as TorchError { throw PyError(e) }
        case .instance(let inst):
            if let f = inst.cls.lookup("__setitem__") { _ = try call(f, Arguments([obj, key, value])); return }
            throw PyError(.typeError, "'\(inst.cls.name)' object does not support item assignment")
        case .tuple: throw PyError(.typeError, "'tuple' object does not support item assignment")
        case .str: throw PyError(.typeError, "'str' object does not support item assignment")
        default: throw PyError(.typeError, "'\(typeName(obj))' object does not support item assignment")
        }
    }

    func deleteItem(_ obj: Value, _ key: Value, range: SourceRange?) throws {
        switch obj {
        case .list(let l):
            if case .object(let s as SliceObject) = key {
                let (start, stop, step) = try s.indices(l.items.count)
                let idx = Set(stride(from: start, to: stop, by: step))
                l.items = l.items.enumerated().filter { !idx.contains($0.offset) }.map(\.element)
                return
            }
            l.items.remove(at: try sequenceIndex(key, l.items.count, "list", assignment: true))
        case .dict(let d):
            guard try d.remove(key) != nil else { throw PyError(.keyError, try repr(key)) }
        case .object(let hooks as HookDictView):
            try hooks.delete(key, self)
        case .object(let registry as ModuleRegistryView):
            try registry.delete(key, self)
        case .module(let m) where isContainer(m):
            if try containerDeleteItem(m, key) { return }
            do {
                if case .object(let s as SliceObject) = key, let seq = m as? Sequential {
                    try seq.deleteSlice(start: s.lower.isNone ? nil : try intValue(s.lower), stop: s.upper.isNone ? nil : try intValue(s.upper), step: s.step.isNone ? nil : try intValue(s.step))
                } else if let s = m as? Sequential { try s.deleteItem(at: try intValue(key)) }
                else if let l = m as? ModuleList { try l.deleteItem(at: try intValue(key)) }
            } catch let e as TorchError { throw PyError(e) }
        default:
            throw PyError(.typeError, "'\(typeName(obj))' object doesn't support item deletion")
        }
    }

    /// A Python index into a sequence, wrapped and bounds-checked.
    func sequenceIndex(_ key: Value, _ count: Int, _ kind: String, assignment: Bool = false) throws -> Int {
        let i: Int
        switch key {
        case .int(let v): i = v
        case .bool(let b): i = b ? 1 : 0
        case .tensor(let t) where t.numel == 1 && t.dtype != .float32: i = Int(t.doubleValue(atFlat: 0))
        case .object(let o as NativeNumeric) where o.pythonIndex != nil: i = o.pythonIndex!
        default:
            throw PyError(.typeError, "\(kind) indices must be integers or slices, not \(typeName(key))")
        }
        let j = i < 0 ? i + count : i
        guard j >= 0 && j < count else {
            throw PyError(.indexError, "\(kind) index out of range" + (assignment ? "" : ""))
        }
        return j
    }

    /// PyTorch's own complaints about a subscript before any indexing: an int or a slice on a
    /// 0-d tensor, a zero slice step.
    func checkTensorKey(_ t: Tensor, _ key: Value) throws {
        if t.ndim == 0 {
            switch key {
            case .int:
                throw PyError(.indexError, "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
            case .object(is SliceObject): throw PyError(.indexError, "slice() cannot be applied to a 0-dim tensor.")
            default: break
            }
        }
        let items: [Value]
        if case .tuple(let t) = key { items = t } else { items = [key] }
        for case .object(let s as SliceObject) in items {
            if case .int(0) = s.step { throw PyError(.valueError, "slice step cannot be zero") }
        }
    }

    /// A subscript key as tensor index items.
    func indexItems(_ key: Value) throws -> [IndexItem] {
        if case .tuple(let items) = key { return try items.map(indexItem) }
        return [try indexItem(key)]
    }

    func indexItem(_ v: Value) throws -> IndexItem {
        switch v {
        case .int(let i): return .int(i)
        case .bool(let b): return .tensor(Tensor(scalar: b))
        case .none: return .none
        case .object(let o as SliceObject):
            return .slice(start: try o.lower.isNone ? nil : intValue(o.lower),
                          stop: try o.upper.isNone ? nil : intValue(o.upper),
                          step: try o.step.isNone ? nil : intValue(o.step))
        case .object(let o) where o is EllipsisObject: return .ellipsis
        case .tensor(let t):
            if t.dtype.isFloatingPoint {
                throw PyError(.indexError, "tensors used as indices must be long, int, byte or bool tensors")
            }
            // A 0-d int64/int32 tensor indexes like a Python int (a 0-d uint8 one is a mask).
            if t.ndim == 0 && (t.dtype == .int64 || t.dtype == .int32 || t.dtype == .int16 || t.dtype == .int8) {
                return .int(Int(t.doubleValue(atFlat: 0)))
            }
            return .tensor(t)
        case .list(let l):
            return .tensor(try tensorFromNested(.list(l), dtype: nil))
        case .object(is RangeObject):
            // A range indexes like the list of its ints (`logp[range(N), y]`).
            return .tensor(try tensorFromNested(v, dtype: .int64))
        case .object(let a as NDArray):
            // PyTorch indexes with numpy arrays as with tensors of their dtype.
            return try indexItem(.tensor(try tensorCopy(of: a)))
        case .object(let o as NativeNumeric) where o.pythonIndex != nil:
            return .int(o.pythonIndex!)
        default:
            throw PyError(.indexError, "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got \(typeName(v)))")
        }
    }

    /// An int from an int-like value (int, bool, one-element integer tensor).
    func intValue(_ v: Value) throws -> Int {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t) where t.numel == 1 && !t.dtype.isFloatingPoint: return Int(t.doubleValue(atFlat: 0))
        case .object(let o as NativeNumeric) where o.pythonIndex != nil: return o.pythonIndex!
        default: throw PyError(.typeError, "'\(typeName(v))' object cannot be interpreted as an integer")
        }
    }

    // MARK: iteration

    /// The items of an iterable, lazily where that matters (range).
    public func iterate(_ v: Value, range: SourceRange?) throws -> AnyIterator<Value> {
        switch v {
        case .list(let l):
            // Python iterates a list by index, seeing appends made during the loop.
            var i = 0
            return AnyIterator { defer { i += 1 }; return i < l.items.count ? l.items[i] : nil }
        case .tuple(let t): return AnyIterator(t.makeIterator())
        case .str(let s): return AnyIterator(s.map { Value.str(String($0)) }.makeIterator())
        case .dict(let d): return AnyIterator(d.keys.makeIterator())
        case .set(let s): return AnyIterator(s.items.makeIterator())
        case .tensor(let t):
            guard t.ndim > 0 else { throw PyError(.typeError, "iteration over a 0-d tensor") }
            var i = 0
            return AnyIterator {
                defer { i += 1 }
                return i < t.shape[0] ? (try? t.select(0, i)).map { .tensor($0) } : nil
            }
        case .module(let m):
            if let items = moduleIterationItems(m) { return AnyIterator(items.makeIterator()) }
            throw PyError(.typeError, "'\(m.typeName)' object is not iterable")
        case .object(let o):
            if let it = try o.iterate(self) { return it }
            throw PyError(.typeError, "'\(o.typeName)' object is not iterable")
        case .instance(let inst):
            if let f = inst.cls.lookup("__iter__") {
                let it = try call(f, Arguments([v]))
                if case .instance(let itInst) = it, let next = itInst.cls.lookup("__next__") {
                    return AnyIterator { [unowned self] in
                        do { return try self.call(next, Arguments([it])) } catch let e as PyError {
                            if e.typeName != "StopIteration" { self.iterationError = e }
                            return nil
                        } catch { return nil }
                    }
                }
                return try iterate(it, range: range)
            }
            if let f = inst.cls.lookup("__getitem__") {
                // The sequence protocol: v[0], v[1], … until IndexError (or StopIteration), one
                // item at a time. A `__len__` also bounds it, so that a Dataset whose
                // `__getitem__` never raises (Python would loop forever) ends at its length.
                let n = try inst.cls.lookup("__len__").map { try intValue(try call($0, Arguments([v]))) }
                var i = 0
                return AnyIterator { [unowned self] in
                    if let n, i >= n { return nil }
                    do {
                        defer { i += 1 }
                        return try self.call(f, Arguments([v, .int(i)]))
                    } catch let e as PyError {
                        if e.typeName != "IndexError" && e.typeName != "StopIteration" { self.iterationError = e }
                        return nil
                    } catch { return nil }
                }
            }
            throw PyError(.typeError, "'\(inst.cls.name)' object is not iterable")
        default:
            throw PyError(.typeError, "'\(typeName(v))' object is not iterable")
        }
    }

    /// `len(v)`.
    public func length(_ v: Value) throws -> Int {
        switch v {
        case .str(let s): return s.count
        case .list(let l): return l.items.count
        case .tuple(let t): return t.count
        case .dict(let d): return d.count
        case .set(let s): return s.count
        case .tensor(let t):
            guard t.ndim > 0 else { throw PyError(.typeError, "len() of a 0-d tensor") }
            return t.shape[0]
        case .module(let m):
            if let n = try moduleLength(m) { return n }
        case .object(let o):
            if let n = try o.length() { return n }
        case .instance(let inst):
            if let f = inst.cls.lookup("__len__") {
                // Checked as CPython's len() does: callers size ranges and buffers by it.
                let n = try intValue(try call(f, Arguments([v])))
                if n < 0 { throw PyError(.valueError, "__len__() should return >= 0") }
                return n
            }
        default: break
        }
        throw PyError(.typeError, "object of type '\(typeName(v))' has no len()")
    }
}
