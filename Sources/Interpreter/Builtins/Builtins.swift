import Engine
import NN
import Foundation

/// Python's builtin functions and types, installed in the interpreter's builtins scope.
extension Interpreter {
    func installBuiltins() {
        func def(_ name: String, _ body: @escaping (Arguments, Interpreter) throws -> Value) {
            builtins.vars[name] = .builtin(BuiltinFunction(name, body))
        }
        for t in builtinTypes.values { builtins.vars[t.name] = .object(t) }
        builtins.vars["object"] = .cls(objectClass)
        for name in ["Exception", "BaseException", "ValueError", "TypeError", "RuntimeError", "IndexError", "KeyError",
                     "AttributeError", "NameError", "ZeroDivisionError", "NotImplementedError", "AssertionError",
                     "StopIteration", "KeyboardInterrupt", "ArithmeticError", "LookupError", "ImportError",
                     "ModuleNotFoundError", "RecursionError", "OverflowError", "MemoryError", "OSError",
                     "FileNotFoundError", "FileExistsError", "IsADirectoryError", "NotADirectoryError", "PermissionError", "SystemExit", "GeneratorExit", "UnboundLocalError", "Warning", "UserWarning", "FloatingPointError",
                     "RuntimeWarning", "DeprecationWarning", "FutureWarning", "PendingDeprecationWarning", "SyntaxWarning",
                     "ImportWarning", "ResourceWarning", "BytesWarning", "UnicodeWarning"] {
            builtins.vars[name] = .cls(exceptionClass(name))
        }
        builtins.vars["NotImplemented"] = Value.none
        builtins.vars["Ellipsis"] = .object(EllipsisObject.shared)

        def("print") { a, i in
            var sep = " ", end = "\n"
            var file: TextFileObject? = nil
            for (k, v) in a.keywords {
                switch k {
                case "sep": sep = v.isNone ? " " : try i.stringArg(v, "sep")
                case "end": end = v.isNone ? "\n" : try i.stringArg(v, "end")
                case "file": if case .object(let f as TextFileObject) = v { file = f }
                case "flush": break
                default: throw PyError(.typeError, "'\(k)' is an invalid keyword argument for print()")
                }
            }
            let text = try a.positional.map { try i.str($0) }.joined(separator: sep) + end
            if let file { _ = try file.write(text) } else { i.write(text) }
            return .none
        }
        def("len") { a, i in
            try i.expectCount(a, "len", 1)
            return .int(try i.length(a.positional[0]))
        }
        def("repr") { a, i in try i.expectCount(a, "repr", 1); return .str(try i.repr(a.positional[0])) }
        def("format") { a, i in
            let spec = a.positional.count > 1 ? try i.stringArg(a.positional[1], "format_spec") : ""
            return .str(try i.format(a.positional.first ?? .none, spec: spec))
        }
        def("abs") { a, i in
            try i.expectCount(a, "abs", 1)
            switch a.positional[0] {
            case .int(let v): return .int(Swift.abs(v))
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d): return .float(Swift.abs(d))
            case .tensor(let t): return .tensor(try Engine.abs(t))
            case .object(let o as NativeNumeric):
                if let r = try o.absolute(i) { return r }
                throw PyError(.typeError, "bad operand type for abs(): '\(i.typeName(a.positional[0]))'")
            case let v: throw PyError(.typeError, "bad operand type for abs(): '\(i.typeName(v))'")
            }
        }
        def("round") { a, i in
            guard let x = a.positional.first else { throw PyError(.typeError, "round() missing required argument 'number' (pos 1)") }
            let nd = a.positional.count > 1 && !a.positional[1].isNone ? try i.intValue(a.positional[1]) : nil
            switch x {
            case .int(let v):
                // round(1234, -2) == 1200: half to even on the dropped digits.
                guard let nd, nd < 0 else { return .int(v) }
                guard nd > -19 else { return .int(0) }
                var p = 1
                for _ in 0..<(-nd) { p *= 10 }
                let (q, r) = v.quotientAndRemainder(dividingBy: p)
                let twice = Swift.abs(r) * 2
                var n = q
                if twice > p || (twice == p && q % 2 != 0) { n += v < 0 ? -1 : 1 }
                let (out, overflow) = n.multipliedReportingOverflow(by: p)
                if overflow { throw PyError(.overflowError, "integer overflow (nnrepl integers are 64-bit)") }
                return .int(out)
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d):
                guard let nd else { return .int(try i.integer(d.rounded(.toNearestOrEven))) }
                return .float(i.roundFloat(d, nd))
            // PyTorch 2.15's Tensor has no __round__: round(t) is a TypeError (use torch.round).
            case .object(let o as NativeNumeric):
                if let r = try o.round(ndigits: nd, i) { return r }
                throw PyError(.typeError, "type \(i.typeName(x)) doesn't define __round__ method")
            default: throw PyError(.typeError, "type \(i.typeName(x)) doesn't define __round__ method")
            }
        }
        def("range") { a, i in
            let ints = try a.positional.map { try i.intValue($0) }
            switch ints.count {
            case 1: return .object(RangeObject(start: 0, stop: ints[0], step: 1))
            case 2: return .object(RangeObject(start: ints[0], stop: ints[1], step: 1))
            case 3:
                guard ints[2] != 0 else { throw PyError(.valueError, "range() arg 3 must not be zero") }
                return .object(RangeObject(start: ints[0], stop: ints[1], step: ints[2]))
            default: throw PyError(.typeError, "range expected at least 1 argument, got \(ints.count)")
            }
        }
        def("enumerate") { a, i in
            guard let seq = a.positional.first else { throw PyError(.typeError, "enumerate() missing required argument 'iterable' (pos 1)") }
            var n = a.positional.count > 1 ? try i.intValue(a.positional[1]) : 0
            if let s = a.keywords.first(where: { $0.0 == "start" }) { n = try i.intValue(s.1) }
            let it = try i.iterate(seq, range: nil)
            return .object(IteratorObject(AnyIterator { it.next().map { v in defer { n += 1 }; return .tuple([.int(n), v]) } }, name: "enumerate"))
        }
        def("zip") { a, i in
            let its = try a.positional.map { try i.iterate($0, range: nil) }
            return .object(IteratorObject(AnyIterator {
                var items: [Value] = []
                for it in its { guard let v = it.next() else { return nil }; items.append(v) }
                return its.isEmpty ? nil : .tuple(items)
            }, name: "zip"))
        }
        def("map") { a, i in
            guard a.positional.count >= 2 else { throw PyError(.typeError, "map() must have at least two arguments.") }
            let f = a.positional[0]
            let its = try a.positional.dropFirst().map { try i.iterate($0, range: nil) }
            var out: [Value] = []
            while true {
                var items: [Value] = []
                for it in its { guard let v = it.next() else { return .object(IteratorObject(out.makeIterator(), name: "map")) }; items.append(v) }
                out.append(try i.call(f, Arguments(items)))
            }
        }
        def("filter") { a, i in
            try i.expectCount(a, "filter", 2)
            let f = a.positional[0]
            var out: [Value] = []
            for v in try i.iterate(a.positional[1], range: nil) {
                let keep = f.isNone ? try i.truthy(v) : try i.truthy(try i.call(f, Arguments([v])))
                if keep { out.append(v) }
            }
            return .object(IteratorObject(out.makeIterator(), name: "filter"))
        }
        def("reversed") { a, i in
            try i.expectCount(a, "reversed", 1)
            return .object(IteratorObject((try i.collect(a.positional[0], range: nil)).reversed().makeIterator(), name: "list_reverseiterator"))
        }
        def("sorted") { a, i in
            guard a.positional.count == 1 else { throw PyError(.typeError, "sorted expected 1 argument, got \(a.positional.count)") }
            let items = (try i.collect(a.positional[0], range: nil))
            return .list(PyList(try i.sortValues(items, key: a.keyword("key"), reverse: try i.truthy(a.keyword("reverse") ?? .false))))
        }
        def("sum") { a, i in
            guard let seq = a.positional.first else { throw PyError(.typeError, "sum() takes at least 1 positional argument (0 given)") }
            var total = a.positional.count > 1 ? a.positional[1] : (a.keyword("start") ?? .int(0))
            // Ctrl-C stops a long sum (sum(range(2**40))), as it does in Python.
            var n = 0
            for v in try i.iterate(seq, range: nil) {
                try i.pollInterrupt(every: &n)
                total = try i.binary(.add, total, v)
            }
            return total
        }
        def("min") { a, i in try i.extremum(a, "min", wantMax: false) }
        def("max") { a, i in try i.extremum(a, "max", wantMax: true) }
        def("any") { a, i in
            try i.expectCount(a, "any", 1)
            var n = 0
            for v in try i.iterate(a.positional[0], range: nil) {
                try i.pollInterrupt(every: &n)
                if try i.truthy(v) { return .true }
            }
            return .false
        }
        def("all") { a, i in
            try i.expectCount(a, "all", 1)
            var n = 0
            for v in try i.iterate(a.positional[0], range: nil) {
                try i.pollInterrupt(every: &n)
                if !(try i.truthy(v)) { return .false }
            }
            return .true
        }
        def("isinstance") { a, i in
            try i.expectCount(a, "isinstance", 2)
            return .bool(try i.isInstance(a.positional[0], a.positional[1]))
        }
        def("issubclass") { a, i in
            try i.expectCount(a, "issubclass", 2)
            return .bool(try i.isSubclass(a.positional[0], a.positional[1]))
        }
        def("type") { a, i in
            try i.expectCount(a, "type", 1)
            return i.typeObject(of: a.positional[0])
        }
        def("hasattr") { a, i in
            try i.expectCount(a, "hasattr", 2)
            let name = try i.stringArg(a.positional[1], "name")
            return .bool(((try? i.lookupAttribute(a.positional[0], name)) ?? nil) != nil)
        }
        def("getattr") { a, i in
            guard a.positional.count >= 2 else { throw PyError(.typeError, "getattr expected at least 2 arguments, got \(a.positional.count)") }
            let name = try i.stringArg(a.positional[1], "name")
            if let v = try i.lookupAttribute(a.positional[0], name) { return v }
            if a.positional.count > 2 { return a.positional[2] }
            throw i.attributeError(a.positional[0], name)
        }
        def("setattr") { a, i in
            try i.expectCount(a, "setattr", 3)
            try i.setAttribute(a.positional[0], try i.stringArg(a.positional[1], "name"), a.positional[2])
            return .none
        }
        def("delattr") { a, i in
            try i.expectCount(a, "delattr", 2)
            try i.deleteAttribute(a.positional[0], try i.stringArg(a.positional[1], "name"), range: nil)
            return .none
        }
        def("dir") { a, i in
            if a.positional.isEmpty { return .list(PyList(i.globals.vars.keys.sorted().map { .str($0) })) }
            return .list(PyList(i.attributeNames(of: a.positional[0]).sorted().map { .str($0) }))
        }
        def("help") { a, i in
            guard let v = a.positional.first else { i.emitHelp(i.generalHelp); return .none }
            i.emitHelp(try i.helpText(for: v))
            return .none
        }
        def("id") { a, i in
            try i.expectCount(a, "id", 1)
            // Objects by their address (lists, dicts and sets too: they have no hash but an
            // identity); immutable values by their hash, stable for equal values.
            func address(_ o: AnyObject) -> Value { .int(Int(bitPattern: UInt(bitPattern: ObjectIdentifier(o)))) }
            switch a.positional[0] {
            case .list(let l): return address(l)
            case .dict(let d): return address(d)
            case .set(let s): return address(s)
            case .tensor(let t): return address(t)
            case .module(let m): return address(m)
            case .function(let f): return address(f)
            case .builtin(let f): return address(f)
            case .cls(let c): return address(c)
            case .instance(let o): return address(o)
            case .object(let o): return address(o)
            default: break
            }
            // (A tuple holding a list has no hash: its repr's hash stands in.)
            switch try? hashKey(a.positional[0]) {
            case .identity(let oid)?: return .int(Int(bitPattern: UInt(bitPattern: oid)))
            case let k?: return .int(k.hashValue)
            case nil: return .int(try i.repr(a.positional[0]).hashValue)
            }
        }
        def("hash") { a, i in try i.expectCount(a, "hash", 1); return .int(try pythonHash(a.positional[0])) }
        def("iter") { a, i in
            try i.expectCount(a, "iter", 1)
            if case .object(let o as IteratorObject) = a.positional[0] { return .object(o) }
            if case .object(let loader as DataLoaderObject) = a.positional[0] { return .object(try loader.makeIterator()) }
            // A class's __iter__ gives the iterator itself (a generator when __iter__ yields), as in Python.
            if case .instance(let inst) = a.positional[0], let method = inst.cls.lookup("__iter__") {
                let it = try i.call(method, Arguments([a.positional[0]]))
                if case .object(is IteratorObject) = it { return it }
                if case .instance(let r) = it, r.cls.lookup("__next__") != nil { return it }
                throw PyError(.typeError, "iter() returned non-iterator of type '\(i.typeName(it))'")
            }
            // CPython's iterator type names (`type(iter([])).__name__`).
            let name: String
            switch a.positional[0] {
            case .list: name = "list_iterator"
            case .tuple: name = "tuple_iterator"
            case .str(let s): name = s.unicodeScalars.allSatisfy(\.isASCII) ? "str_ascii_iterator" : "str_iterator"
            case .dict: name = "dict_keyiterator"
            case .set: name = "set_iterator"
            case .object(is RangeObject): name = "range_iterator"
            default: name = "iterator"
            }
            return .object(IteratorObject(try i.iterate(a.positional[0], range: nil), name: name))
        }
        def("next") { a, i in
            guard let it = a.positional.first else { throw PyError(.typeError, "next expected at least 1 argument, got 0") }
            if case .instance(let inst) = it, let next = inst.cls.lookup("__next__") {
                // A class written as an iterator: its StopIteration gives the default, if any.
                do { return try i.call(next, Arguments([it])) } catch let e as PyError where e.typeName == "StopIteration" && a.positional.count > 1 {
                    return a.positional[1]
                }
            }
            guard case .object(let o as IteratorObject) = it else { throw PyError(.typeError, "'\(i.typeName(it))' object is not an iterator") }
            if let v = o.next() { return v }
            // An error raised while producing the item (a Dataset's __getitem__) surfaces here.
            if let e = i.iterationError { i.iterationError = nil; throw e }
            if a.positional.count > 1 { return a.positional[1] }
            throw PyError("StopIteration", "")
        }
        // slice(stop) / slice(start, stop[, step]): what `t[a:b:c]` builds, for index tuples.
        def("slice") { a, _ in
            guard a.keywords.isEmpty else { throw PyError(.typeError, "slice() takes no keyword arguments") }
            let p = a.positional
            switch p.count {
            case 0: throw PyError(.typeError, "slice expected at least 1 argument, got 0")
            case 1: return .object(SliceObject(lower: .none, upper: p[0], step: .none))
            case 2, 3: return .object(SliceObject(lower: p[0], upper: p[1], step: p.count == 3 ? p[2] : .none))
            default: throw PyError(.typeError, "slice expected at most 3 arguments, got \(p.count)")
            }
        }
        def("callable") { a, i in
            try i.expectCount(a, "callable", 1)
            return .bool(i.isCallable(a.positional[0]))
        }
        def("divmod") { a, i in
            try i.expectCount(a, "divmod", 2)
            return .tuple([try i.binary(.floorDiv, a.positional[0], a.positional[1]), try i.binary(.mod, a.positional[0], a.positional[1])])
        }
        def("pow") { a, i in
            guard a.positional.count >= 2 else { throw PyError(.typeError, "pow() missing required argument 'exp' (pos 2)") }
            return try i.binary(.pow, a.positional[0], a.positional[1])
        }
        def("chr") { a, i in
            let n = try i.intValue(a.positional.first ?? .none)
            guard let u = Unicode.Scalar(UInt32(clamping: max(n, 0))), n >= 0 else { throw PyError(.valueError, "chr() arg not in range(0x110000)") }
            return .str(String(Character(u)))
        }
        def("ord") { a, i in
            guard case .str(let s)? = a.positional.first, s.unicodeScalars.count == 1 else {
                throw PyError(.typeError, "ord() expected a character")
            }
            return .int(Int(s.unicodeScalars.first!.value))
        }
        def("hex") { a, i in let n = try i.intValue(a.positional.first ?? .none); return .str((n < 0 ? "-0x" : "0x") + String(Swift.abs(n), radix: 16)) }
        def("bin") { a, i in let n = try i.intValue(a.positional.first ?? .none); return .str((n < 0 ? "-0b" : "0b") + String(Swift.abs(n), radix: 2)) }
        def("super") { a, i in try i.makeSuper(a) }
        def("staticmethod") { a, _ in .object(StaticMethodObject(a.positional.first ?? .none)) }
        def("classmethod") { a, _ in .object(ClassMethodObject(a.positional.first ?? .none)) }
        def("property") { a, i in
            let b = try Signature.of("property", "fget=None, fset=None, fdel=None, doc=None").bind(a, i)
            return .object(PropertyObject(getter: b["fget"], setter: b["fset"], deleter: b["fdel"]))
        }
        def("exit") { _, _ in throw PyError("SystemExit", "") }
        def("quit") { _, _ in throw PyError("SystemExit", "") }
        def("globals") { _, i in
            let d = PyDict()
            for k in i.globals.vars.keys.sorted() { try d.set(.str(k), i.globals.vars[k]!) }
            return .dict(d)
        }
        def("input") { _, _ in throw PyError(.runtimeError, "input() is not available in nnrepl") }
        def("open") { a, i in try i.openFile(a) }
    }

    // MARK: helpers used by builtins

    func expectCount(_ a: Arguments, _ name: String, _ n: Int) throws {
        if !a.keywords.isEmpty { throw PyError(.typeError, "\(name)() takes no keyword arguments") }
        if a.positional.count != n {
            if n == 1 { throw PyError(.typeError, "\(name)() takes exactly one argument (\(a.positional.count) given)") }
            throw PyError(.typeError, "\(name) expected \(n) arguments, got \(a.positional.count)")
        }
    }

    func stringArg(_ v: Value, _ what: String) throws -> String {
        guard case .str(let s) = v else { throw PyError(.typeError, "\(what) must be str, not \(typeName(v))") }
        return s
    }

    func sortValues(_ items: [Value], key: Value?, reverse: Bool) throws -> [Value] {
        // An error in the key function propagates, as in Python.
        let keyed = try items.map { v -> (Value, Value) in
            guard let k = key, !k.isNone else { return (v, v) }
            return (try self.call(k, Arguments([v])), v)
        }
        var firstError: Error?
        let sorted = keyed.enumerated().sorted { x, y in
            if firstError != nil { return false }
            do {
                if try order(.lt, x.element.0, y.element.0) { return !reverse }
                if try order(.lt, y.element.0, x.element.0) { return reverse }
                return x.offset < y.offset
            } catch { firstError = error; return false }
        }
        if let firstError { throw firstError }
        return sorted.map { $0.element.1 }
    }

    private func extremum(_ a: Arguments, _ name: String, wantMax: Bool) throws -> Value {
        let items: [Value]
        if a.positional.count == 1 {
            if case .tensor(let t) = a.positional[0] {
                return .tensor(try t.extremum(isMax: wantMax))
            }
            items = (try collect(a.positional[0], range: nil))
        } else {
            items = a.positional
        }
        guard !items.isEmpty else {
            if let d = a.keyword("default") { return d }
            throw PyError(.valueError, "\(name)() arg is an empty sequence")
        }
        let key = a.keyword("key")
        var best = items[0]
        var bestKey = try key.map { try call($0, Arguments([best])) } ?? best
        for v in items.dropFirst() {
            let k = try key.map { try call($0, Arguments([v])) } ?? v
            let better: Bool
            if case .tensor = k, case .tensor = bestKey {
                better = try truthy(try compare(wantMax ? .gt : .lt, k, bestKey))
            } else {
                better = try order(wantMax ? .gt : .lt, k, bestKey)
            }
            if better { best = v; bestKey = k }
        }
        return best
    }

    /// `super()` / `super(Cls, self)`.
    private func makeSuper(_ a: Arguments) throws -> Value {
        let cls: PyClass, instance: Value
        if a.positional.count == 2 {
            guard case .cls(let c) = a.positional[0] else { throw PyError(.typeError, "super() argument 1 must be a type, not \(typeName(a.positional[0]))") }
            cls = c
            instance = a.positional[1]
        } else {
            guard let fn = currentFunctions.last, let c = fn.definingClass, let scope = frameScopes.last,
                  let first = fn.parameters.positional.first, let selfValue = scope.vars[first.name] else {
                throw PyError(.runtimeError, "super(): no arguments")
            }
            cls = c
            instance = selfValue
        }
        return .object(SuperObject(cls: cls, instance: instance))
    }
}

extension Arguments {
    /// A keyword argument by name.
    public func keyword(_ name: String) -> Value? { keywords.first { $0.0 == name }?.1 }
}

/// `super()`: attribute lookup starting after `cls` in the instance's MRO.
final class SuperObject: NativeObject {
    let cls: PyClass, instance: Value
    init(cls: PyClass, instance: Value) { self.cls = cls; self.instance = instance }
    override var typeName: String { "super" }
    override func repr() -> String { "<super: <class '\(cls.name)'>, <\(cls.name) object>>" }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        let mro: [PyClass]
        switch instance {
        case .module(let m as ScriptedModule): mro = m.cls.mro
        case .instance(let inst): mro = inst.cls.mro
        default: mro = cls.mro
        }
        guard let idx = mro.firstIndex(where: { $0 === cls }) else { return nil }
        for c in mro[(idx + 1)...] {
            if let v = try c.attributes.get(.str(name)) { return interp.bindIfFunction(v, to: instance) }
            if case .layer(let o)? = c.builtinKind, let lc = o as? LayerClassObject, case .module(let sm as ScriptedModule) = instance,
               let v = interp.layerBaseMethod(lc, name, sm) { return v }
            if case .module? = c.builtinKind, let v = interp.moduleBaseMethod(name, instance) { return v }
            if case .object? = c.builtinKind, name == "__init__" {
                return .builtin(BuiltinFunction("__init__") { _, _ in .none })
            }
            if case .exception? = c.builtinKind, name == "__init__" {
                let inst = instance
                return .builtin(BuiltinFunction("__init__") { a, _ in
                    if case .instance(let i) = inst { try i.attributes.set(.str("args"), .tuple(a.positional)) }
                    return .none
                })
            }
        }
        return nil
    }
}
