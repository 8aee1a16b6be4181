/// `itertools` and `functools`: the parts courses use (grids of hyper-parameters with `product`,
/// `chain`, `islice`, `accumulate`, `groupby`, `reduce`, `partial`, `lru_cache`). Pure iterators
/// are lazy (so `count()` and `cycle()` can be infinite); those that call Python functions run
/// eagerly over finite input, as the builtin `map` and `filter` do here.
extension Interpreter {
    func makeItertoolsModule() -> NamespaceObject {
        let ns = NamespaceObject("itertools")
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in try body(try Signature.of(name, sig).bind(a, self)) })
        }
        func lazy(_ name: String, _ it: AnyIterator<Value>) -> Value { .object(IteratorObject(it, name: "itertools.\(name)")) }
        func eager(_ name: String, _ items: [Value]) -> Value { .object(IteratorObject(items.makeIterator(), name: "itertools.\(name)")) }

        def("count", "start=0, step=1") { [unowned self] b in
            var current = b["start"]
            let step = b["step"]
            if case .int = current, case .int = step {} else if case .float = current {} else if case .float = step {} else {
                guard case .int = current else { throw PyError(.typeError, "a number is required") }
            }
            return lazy("count", AnyIterator { [unowned self] in
                defer { current = (try? self.binary(.add, current, step)) ?? current }
                return current
            })
        }
        def("cycle", "iterable") { [unowned self] b in
            let it = try self.iterate(b["iterable"], range: nil)
            var saved: [Value] = [], i = 0, exhausted = false
            return lazy("cycle", AnyIterator {
                if !exhausted, let v = it.next() { saved.append(v); return v }
                exhausted = true
                guard !saved.isEmpty else { return nil }
                defer { i = (i + 1) % saved.count }
                return saved[i]
            })
        }
        def("repeat", "object, times=None") { [unowned self] b in
            let v = b["object"]
            var left = b.isNone("times") ? -1 : max(0, try self.intValue(b["times"]))
            return lazy("repeat", AnyIterator {
                if left == 0 { return nil }
                if left > 0 { left -= 1 }
                return v
            })
        }
        let chain = ChainClass()
        ns.members["chain"] = .object(chain)
        def("islice", "iterable, *args") { [unowned self] b in
            let args = try tupleItems(b["args"]).map { $0.isNone ? nil : try self.intValue($0) }
            guard (1...3).contains(args.count) else {
                throw PyError(.typeError, "islice expected at most 4 arguments, got \(args.count + 1)")
            }
            let (start, stop, step) = args.count == 1 ? (0, args[0], 1) : (args[0] ?? 0, args[1], args.count == 3 ? (args[2] ?? 1) : 1)
            guard start >= 0, (stop ?? 0) >= 0 else {
                throw PyError(.valueError, "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
            }
            guard step >= 1 else { throw PyError(.valueError, "Step for islice() must be a positive integer or None.") }
            let it = try self.iterate(b["iterable"], range: nil)
            var index = 0, nextWanted = start
            return lazy("islice", AnyIterator {
                while true {
                    if let stop, nextWanted >= stop { return nil }
                    guard let v = it.next() else { return nil }
                    defer { index += 1 }
                    if index == nextWanted { nextWanted += step; return v }
                }
            })
        }
        def("product", "*iterables, repeat=1") { [unowned self] b in
            let pools = try tupleItems(b["iterables"]).map { try self.collect($0, range: nil) }
            let r = try self.intValue(b["repeat"])
            guard r >= 0 else { throw PyError(.valueError, "repeat argument cannot be negative") }
            let all = Array(Array(repeating: pools, count: r).joined())
            var total = 1
            for p in all {
                let (t, o) = total.multipliedReportingOverflow(by: max(p.count, 1))
                total = o ? Int.max : t
            }
            try self.checkSize(all.contains { $0.isEmpty } ? 0 : total, elementBytes: MemoryLayout<Value>.stride * max(all.count, 1))
            var result: [[Value]] = [[]]
            for pool in all { result = result.flatMap { prefix in pool.map { prefix + [$0] } } }
            return eager("product", result.map { .tuple($0) })
        }
        def("permutations", "iterable, r=None") { [unowned self] b in
            let pool = try self.collect(b["iterable"], range: nil)
            let r = b.isNone("r") ? pool.count : try self.intValue(b["r"])
            guard r >= 0 else { throw PyError(.valueError, "r must be non-negative") }
            var out: [Value] = []
            func build(_ prefix: [Int]) throws {
                if prefix.count == r { out.append(.tuple(prefix.map { pool[$0] })); return }
                if out.count & 0xFFF == 0 { try self.checkInterruptPy() }
                for i in pool.indices where !prefix.contains(i) { try build(prefix + [i]) }
            }
            if r <= pool.count { try build([]) }
            return eager("permutations", out)
        }
        for (name, replacement) in [("combinations", false), ("combinations_with_replacement", true)] {
            def(name, "iterable, r") { [unowned self] b in
                let pool = try self.collect(b["iterable"], range: nil)
                let r = try self.intValue(b["r"])
                guard r >= 0 else { throw PyError(.valueError, "r must be non-negative") }
                var out: [Value] = []
                func build(_ prefix: [Int], _ from: Int) throws {
                    if prefix.count == r { out.append(.tuple(prefix.map { pool[$0] })); return }
                    if out.count & 0xFFF == 0 { try self.checkInterruptPy() }
                    guard from < pool.count else { return }
                    for i in from..<pool.count { try build(prefix + [i], replacement ? i : i + 1) }
                }
                if replacement || r <= pool.count { try build([], 0) }
                return eager(name, out)
            }
        }
        def("accumulate", "iterable, func=None, *, initial=None") { [unowned self] b in
            var out: [Value] = b.isNone("initial") ? [] : [b["initial"]]
            for v in try self.iterate(b["iterable"], range: nil) {
                guard let last = out.last else { out.append(v); continue }
                out.append(b.isNone("func") ? try self.binary(.add, last, v) : try self.call(b["func"], Arguments([last, v])))
            }
            if let err = self.iterationError { self.iterationError = nil; throw err }
            return eager("accumulate", out)
        }
        def("starmap", "function, iterable") { [unowned self] b in
            let out = try self.collect(b["iterable"], range: nil).map { try self.call(b["function"], Arguments(try self.collect($0, range: nil))) }
            return eager("starmap", out)
        }
        for (name, take) in [("takewhile", true), ("dropwhile", false)] {
            def(name, "predicate, iterable") { [unowned self] b in
                var out: [Value] = [], switched = false
                for v in try self.iterate(b["iterable"], range: nil) {
                    if switched { if !take { out.append(v) }; continue }
                    let holds = try self.truthy(try self.call(b["predicate"], Arguments([v])))
                    if take { if holds { out.append(v) } else { break } } else if !holds { switched = true; out.append(v) }
                }
                return eager(name, out)
            }
        }
        def("filterfalse", "predicate, iterable") { [unowned self] b in
            let out = try self.collect(b["iterable"], range: nil).filter { v in
                !(b.isNone("predicate") ? try self.truthy(v) : try self.truthy(try self.call(b["predicate"], Arguments([v]))))
            }
            return eager("filterfalse", out)
        }
        def("compress", "data, selectors") { [unowned self] b in
            let data = try self.collect(b["data"], range: nil), sel = try self.collect(b["selectors"], range: nil)
            return eager("compress", try zip(data, sel).filter { try self.truthy($0.1) }.map { $0.0 })
        }
        def("zip_longest", "*iterables, fillvalue=None") { [unowned self] b in
            let its = try tupleItems(b["iterables"]).map { try self.iterate($0, range: nil) }
            let fill = b["fillvalue"]
            return lazy("zip_longest", AnyIterator {
                var live = false
                let items = its.map { it -> Value in if let v = it.next() { live = true; return v }; return fill }
                return live ? .tuple(items) : nil
            })
        }
        def("pairwise", "iterable") { [unowned self] b in
            let items = try self.collect(b["iterable"], range: nil)
            return eager("pairwise", items.count < 2 ? [] : (1..<items.count).map { .tuple([items[$0 - 1], items[$0]]) })
        }
        def("groupby", "iterable, key=None") { [unowned self] b in
            var groups: [Value] = []
            var currentKey: Value? = nil, members: [Value] = []
            for v in try self.iterate(b["iterable"], range: nil) {
                let k = b.isNone("key") ? v : try self.call(b["key"], Arguments([v]))
                if let ck = currentKey, try self.equals(ck, k) { members.append(v); continue }
                if let ck = currentKey { groups.append(.tuple([ck, .object(IteratorObject(members.makeIterator(), name: "itertools._grouper"))])) }
                currentKey = k; members = [v]
            }
            if let ck = currentKey { groups.append(.tuple([ck, .object(IteratorObject(members.makeIterator(), name: "itertools._grouper"))])) }
            return eager("groupby", groups)
        }
        def("tee", "iterable, n=2") { [unowned self] b in
            let items = try self.collect(b["iterable"], range: nil)
            let n = max(0, try self.intValue(b["n"]))
            try self.checkSize(n, elementBytes: 64)
            return .tuple((0..<n).map { _ in .object(IteratorObject(items.makeIterator(), name: "itertools._tee")) })
        }
        return ns
    }

    func makeFunctoolsModule() -> NamespaceObject {
        let ns = NamespaceObject("functools")
        ns.members["reduce"] = .builtin(BuiltinFunction("reduce") { [unowned self] a, _ in
            guard a.keywords.isEmpty else { throw PyError(.typeError, "reduce() takes no keyword arguments") }
            guard (2...3).contains(a.positional.count) else {
                throw PyError(.typeError, "reduce expected at least 2 arguments, got \(a.positional.count)")
            }
            let it = try self.iterate(a.positional[1], range: nil)
            guard var acc = a.positional.count == 3 ? a.positional[2] : it.next() else {
                throw PyError(.typeError, "reduce() of empty iterable with no initial value")
            }
            while let v = it.next() { acc = try self.call(a.positional[0], Arguments([acc, v])) }
            if let err = self.iterationError { self.iterationError = nil; throw err }
            return acc
        })
        ns.members["partial"] = .builtin(BuiltinFunction("partial") { a, _ in
            guard let f = a.positional.first else { throw PyError(.typeError, "type 'partial' takes at least one argument") }
            return .object(PartialObject(f, Arguments(Array(a.positional.dropFirst()), a.keywords)))
        })
        let cacheDecorator = BuiltinFunction("lru_cache") { a, _ in
            // `@lru_cache` bare, or `@lru_cache(maxsize=...)` returning the decorator.
            if let f = a.positional.first, !(f.isNone), a.positional.count == 1, a.keywords.isEmpty, !f.isIntLike {
                return .object(CachedFunction(f))
            }
            return .builtin(BuiltinFunction("decorating_function") { b, _ in
                guard let f = b.positional.first else { throw PyError(.typeError, "decorating_function() missing 1 required positional argument: 'user_function'") }
                return .object(CachedFunction(f))
            })
        }
        ns.members["lru_cache"] = .builtin(cacheDecorator)
        ns.members["cache"] = .builtin(BuiltinFunction("cache") { a, _ in
            guard a.positional.count == 1 else { throw PyError(.typeError, "cache() takes exactly one argument (\(a.positional.count) given)") }
            return .object(CachedFunction(a.positional[0]))
        })
        ns.members["wraps"] = .builtin(BuiltinFunction("wraps") { _, _ in
            .builtin(BuiltinFunction("decorator") { b, _ in b.positional.first ?? .none })
        })
        return ns
    }
}

/// The values a `*args` parameter collected.
private func tupleItems(_ v: Value) -> [Value] {
    if case .tuple(let items) = v { return items }
    return []
}

private extension Value {
    var isIntLike: Bool { if case .int = self { return true }; return false }
}

/// `itertools.chain(*iterables)` and `chain.from_iterable(iterable)`: lazy.
final class ChainClass: NativeObject {
    override var typeName: String { "type" }
    override func repr() -> String { "<class 'itertools.chain'>" }
    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        guard args.keywords.isEmpty else { throw PyError(.typeError, "chain() takes no keyword arguments") }
        return chained(args.positional.makeIterator(), interp)
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        guard name == "from_iterable" else { return nil }
        return .builtin(BuiltinFunction("from_iterable") { a, i in
            guard a.positional.count == 1 else { throw PyError(.typeError, "chain.from_iterable() takes exactly one argument (\(a.positional.count) given)") }
            return self.chained(try i.iterate(a.positional[0], range: nil), i)
        })
    }
    private func chained<I: IteratorProtocol>(_ sources: I, _ interp: Interpreter) -> Value where I.Element == Value {
        var sources = sources
        var current: AnyIterator<Value>? = nil
        return .object(IteratorObject(AnyIterator { [unowned interp] in
            while true {
                if let v = current?.next() { return v }
                guard let next = sources.next() else { return nil }
                do { current = try interp.iterate(next, range: nil) } catch let e as PyError {
                    interp.iterationError = e; return nil
                } catch { return nil }
            }
        }, name: "itertools.chain"))
    }
}

/// `functools.partial(f, *args, **kwargs)`.
final class PartialObject: NativeObject {
    let function: Value, bound: Arguments
    init(_ function: Value, _ bound: Arguments) { self.function = function; self.bound = bound }
    override var typeName: String { "functools.partial" }
    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        var keywords = bound.keywords.filter { k in !args.keywords.contains { $0.0 == k.0 } }
        keywords += args.keywords
        return try interp.call(function, Arguments(bound.positional + args.positional, keywords))
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "func": return function
        case "args": return .tuple(bound.positional)
        case "keywords":
            let d = PyDict()
            for (k, v) in bound.keywords { try d.set(.str(k), v) }
            return .dict(d)
        default: return nil
        }
    }
}

/// A function under `functools.lru_cache`/`cache`: results kept per (hashable) arguments.
final class CachedFunction: NativeObject {
    let function: Value
    private var cache: [HashKey: Value] = [:]
    private var hits = 0, misses = 0
    init(_ function: Value) { self.function = function }
    override var typeName: String { "functools._lru_cache_wrapper" }
    override func repr() -> String { "<functools._lru_cache_wrapper object at \(addressString(self))>" }
    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        let key = try globalHashKey(.tuple(args.positional + args.keywords.flatMap { [Value.str($0.0), $0.1] }))
        if let v = cache[key] { hits += 1; return v }
        misses += 1
        let v = try interp.call(function, args)
        cache[key] = v
        return v
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "cache_clear": return .builtin(BuiltinFunction("cache_clear") { [unowned self] _, _ in self.cache = [:]; self.hits = 0; self.misses = 0; return .none })
        case "cache_info":
            return .builtin(BuiltinFunction("cache_info") { [unowned self] _, _ in
                .str("CacheInfo(hits=\(self.hits), misses=\(self.misses), maxsize=128, currsize=\(self.cache.count))")
            })
        case "__wrapped__": return function
        default: return nil
        }
    }
}

/// The module-level `hashKey`, which NativeObject's `hashKey()` method hides inside its subclasses.
private func globalHashKey(_ v: Value) throws -> HashKey { try hashKey(v) }
