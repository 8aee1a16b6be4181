import Foundation
import Engine

/// `tqdm`: `from tqdm import tqdm, trange` (and `tqdm.auto`, `tqdm.notebook`, which draw the
/// same text bar here). A bar appears on standard error when it is a terminal and stays silent
/// otherwise (pipes, files, transcripts) — what tqdm does with `disable=None`.
extension Interpreter {
    func makeTqdmModule(_ name: String) -> NamespaceObject {
        let cls = TqdmClass(module: name == "tqdm" ? "tqdm.std" : name)
        let ns = NamespaceObject(name, ["tqdm": .object(cls)])
        ns.members["trange"] = .builtin(BuiltinFunction("trange") { [unowned self] a, _ in
            // trange(*args, **kwargs) = tqdm(range(*args), **kwargs)
            let ints = try a.positional.map { try self.intValue($0) }
            let r: RangeObject
            switch ints.count {
            case 1: r = RangeObject(start: 0, stop: ints[0], step: 1)
            case 2: r = RangeObject(start: ints[0], stop: ints[1], step: 1)
            case 3:
                guard ints[2] != 0 else { throw PyError(.valueError, "range() arg 3 must not be zero") }
                r = RangeObject(start: ints[0], stop: ints[1], step: ints[2])
            default: throw PyError(.typeError, "range expected at least 1 argument, got \(ints.count)")
            }
            return try cls.call(Arguments([.object(r)], a.keywords), self)
        })
        if name == "tqdm" {
            ns.members["__version__"] = .str("4.67.1")
            for sub in ["tqdm.auto", "tqdm.notebook"] { if let m = try? importModule(sub, range: nil) { ns.members[String(sub.dropFirst(5))] = m } }
        }
        return ns
    }
}

/// The `tqdm` class: calling it makes a bar; `tqdm.write(s)` prints around open bars.
final class TqdmClass: NativeObject {
    let module: String
    init(module: String) { self.module = module }
    override var typeName: String { "type" }
    override func repr() -> String { "<class '\(module).tqdm'>" }

    static let signature = "iterable=None, desc=None, total=None, leave=True, file=None, ncols=None, mininterval=0.1, maxinterval=10.0, miniters=None, ascii=None, disable=False, unit='it', unit_scale=False, dynamic_ncols=False, smoothing=0.3, bar_format=None, initial=0, position=None, postfix=None, unit_divisor=1000, write_bytes=False, lock_args=None, nrows=None, colour=None, delay=0.0, gui=False, **kwargs"

    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        let b = try Signature.of("tqdm", Self.signature).bind(args, interp)
        // tqdm checks unknown arguments unless the bar is disabled.
        if case .dict(let extra) = b["kwargs"], extra.count > 0, !(try interp.truthy(b["disable"])) {
            throw PyError("TqdmKeyError", "\"Unknown argument(s): \(try interp.repr(.dict(extra)))\"")
        }
        if !b.isNone("bar_format") {
            throw PyError(.valueError, "bar_format is not supported in nnrepl's tqdm (the default layout is drawn)")
        }
        func number(_ name: String) throws -> Double? {
            switch b[name] {
            case .none: return nil
            case .int(let i): return Double(i)
            case .float(let d): return d
            case .bool(let v): return v ? 1 : 0
            default: throw PyError(.typeError, "tqdm(): \(name) must be a number, not \(interp.typeName(b[name]))")
            }
        }
        var o = ProgressBar.Options()
        let iterable = b["iterable"]
        o.desc = b.isNone("desc") ? "" : try interp.str(b["desc"])
        o.total = try number("total")
        if o.total == nil, !iterable.isNone, let n = try? interp.length(iterable) { o.total = Double(n) }
        switch b["leave"] {
        case .none: o.leave = nil
        default: o.leave = try interp.truthy(b["leave"])
        }
        o.ncols = try number("ncols").map { screenInt($0) }
        o.nrows = try number("nrows").map { screenInt($0) }
        o.mininterval = try number("mininterval") ?? 0
        o.maxinterval = try number("maxinterval") ?? 0
        o.miniters = try number("miniters")
        if case .bool(let a) = b["ascii"] { o.ascii = a } else if case .str = b["ascii"] { o.ascii = true }
        // disable=None (off the terminal) and disable=False are the same here: the bar only ever
        // goes to a terminal.
        o.disable = b.isNone("disable") ? false : try interp.truthy(b["disable"])
        o.unit = try interp.str(b["unit"])
        o.unitScale = try interp.truthy(b["unit_scale"])
        o.unitDivisor = try number("unit_divisor") ?? 1000
        o.smoothing = try number("smoothing") ?? 0
        o.initial = try number("initial") ?? 0
        o.position = try number("position").map { screenInt($0) }
        o.delay = try number("delay") ?? 0
        if case .float = b["total"] { o.integerCounts = false }
        if case .float = b["initial"] { o.integerCounts = false }
        let object = TqdmObject(iterable: iterable, options: o, interp: interp, className: module + ".tqdm")
        if case .dict(let postfix) = b["postfix"] {
            try object.setPostfix(PyDict(), keywords: postfix.pairs.map { (try interp.str($0.0), $0.1) }, refresh: false)
        } else if !b.isNone("postfix") {
            object.bar.postfix = try interp.str(b["postfix"])
        }
        return .object(object)
    }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "write":
            return .builtin(BuiltinFunction("write") { [unowned interp] a, _ in
                let b = try Signature.of("write", "s, file=None, end=None, nolock=False").bind(a, interp)
                let text = try interp.str(b["s"]) + (b.isNone("end") ? "\n" : try interp.str(b["end"]))
                ProgressBar.writing { interp.write(text) }
                return .none
            })
        case "__name__": return .str("tqdm")
        default: return nil
        }
    }
}

/// A tqdm bar as Python sees it: iterable, updatable, a context manager, `len()`-able.
final class TqdmObject: NativeObject, ContextManager {
    let bar: ProgressBar
    let iterable: Value
    unowned let interp: Interpreter
    let className: String

    init(iterable: Value, options: ProgressBar.Options, interp: Interpreter, className: String) {
        self.iterable = iterable
        self.interp = interp
        self.className = className
        bar = ProgressBar(options)
    }

    override var typeName: String { "tqdm" }
    /// tqdm defines `__str__` (the bar's text) but not `__repr__`.
    override func repr() -> String { "<\(className) object at \(addressString(self))>" }
    override func str() -> String { bar.text }

    /// Closes the bar when the loop ends — exhausted, `break`, or an error — as the generator's
    /// `finally` does in tqdm.
    final class Loop {
        let bar: ProgressBar
        var count: Double
        init(_ bar: ProgressBar) { self.bar = bar; count = bar.n }
        deinit { bar.finishIteration(count) }
    }

    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        let inner = try interp.iterate(iterable, range: nil)
        if bar.disabled { return inner }
        let loop = Loop(bar)
        var finished = false, started = false
        return AnyIterator {
            guard !finished else { return nil }
            // tqdm counts an item when the next one is asked for: the count covers the loop
            // body, and an item the loop broke out of is not counted.
            if started {
                loop.count += 1
                loop.bar.iterated(loop.count)
            }
            started = true
            guard let item = inner.next() else {
                finished = true
                loop.bar.finishIteration(loop.count)
                return nil
            }
            return item
        }
    }

    override func length() throws -> Int? {
        if case .tensor(let t) = iterable, t.ndim > 0 { return t.shape[0] }
        if !iterable.isNone, let n = try? interp.length(iterable) { return n }
        guard let total = bar.total else { return nil }
        // tqdm's __len__ returns `total` itself: a float total (tqdm(total=1e308)) is
        // Python's TypeError from len(), never a trap converting it.
        guard bar.options.integerCounts, total.isFinite, total.magnitude < 0x1p63 else {
            throw PyError(.typeError, "'float' object cannot be interpreted as an integer")
        }
        return Int(total)
    }

    override func truthy() -> Bool? {
        if let t = bar.total { return t > 0 }
        return nil
    }

    func enter(_ interp: Interpreter) throws -> Value { .object(self) }
    func exit(_ interp: Interpreter) { bar.close() }

    /// `set_postfix(ordered_dict=None, refresh=True, **kwargs)`: keyword values sorted by name,
    /// numbers shortened as `format_num` does, the rest `str()`-ed.
    func setPostfix(_ ordered: PyDict, keywords: [(String, Value)], refresh: Bool) throws {
        var parts: [(String, Value)] = try ordered.pairs.map { (try interp.str($0.0), $0.1) }
        for (k, v) in keywords.sorted(by: { $0.0 < $1.0 }) {
            if let i = parts.firstIndex(where: { $0.0 == k }) { parts[i].1 = v } else { parts.append((k, v)) }
        }
        bar.postfix = try parts.map { k, v -> String in
            let text: String
            switch v {
            case .int(let i): text = TqdmFormat.number(i)
            case .bool(let b): text = b ? "1" : "0"
            case .float(let d): text = TqdmFormat.number(d)
            default: text = try interp.str(v)
            }
            return k + "=" + text.trimmingCharacters(in: .whitespaces)
        }.joined(separator: ", ")
        if refresh { bar.refresh() }
    }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        func method(_ sig: String, _ body: @escaping (BoundArgs) throws -> Value) -> Value {
            .builtin(BuiltinFunction(name) { [unowned interp] a, _ in try body(try Signature.of(name, sig).bind(a, interp)) })
        }
        switch name {
        case "update":
            return method("n=1") { b in
                let k: Double
                switch b["n"] {
                case .int(let i): k = Double(i)
                case .float(let d): k = d; self.bar.options.integerCounts = false
                default: k = Double(try interp.intValue(b["n"]))
                }
                return self.bar.update(k) ? .true : .none
            }
        case "close": return method("") { _ in self.bar.close(); return .none }
        case "refresh": return method("nolock=False, lock_args=None") { _ in self.bar.refresh(); return .none }
        case "clear": return method("nolock=False") { _ in self.bar.clear(); return .none }
        case "reset":
            return method("total=None") { b in
                self.bar.reset(total: b.isNone("total") ? nil : Double(try interp.intValue(b["total"])))
                return .none
            }
        case "set_description":
            return method("desc=None, refresh=True") { b in
                self.bar.desc = b.isNone("desc") ? "" : try interp.str(b["desc"]) + ": "
                if try b.bool("refresh") { self.bar.refresh() }
                return .none
            }
        case "set_description_str":
            return method("desc=None, refresh=True") { b in
                self.bar.desc = b.isNone("desc") ? "" : try interp.str(b["desc"])
                if try b.bool("refresh") { self.bar.refresh() }
                return .none
            }
        case "set_postfix":
            return method("ordered_dict=None, refresh=True, **kwargs") { b in
                let ordered: PyDict
                if case .dict(let d) = b["ordered_dict"] { ordered = d } else { ordered = PyDict() }
                var keywords: [(String, Value)] = []
                if case .dict(let kw) = b["kwargs"] { keywords = try kw.pairs.map { (try interp.str($0.0), $0.1) } }
                try self.setPostfix(ordered, keywords: keywords, refresh: try b.bool("refresh"))
                return .none
            }
        case "set_postfix_str":
            return method("s='', refresh=True") { b in
                self.bar.postfix = try interp.str(b["s"])
                if try b.bool("refresh") { self.bar.refresh() }
                return .none
            }
        case "n":
            // n stays an int unless a float was added to it (a float total does not change it).
            return bar.n.rounded() == bar.n && bar.n.magnitude < 0x1p63 ? .int(Int(bar.n)) : .float(bar.n)
        case "total": return bar.total.map { bar.options.integerCounts && $0.magnitude < 0x1p63 ? .int(Int($0)) : .float($0) } ?? Value.none
        case "desc": return .str(bar.desc)
        case "postfix": return bar.postfix.map { .str($0) } ?? Value.none
        case "disable": return .bool(bar.disabled)
        case "iterable": return iterable
        case "unit": return .str(bar.options.unit)
        case "leave": return bar.options.leave.map { .bool($0) } ?? Value.none
        default: return nil
        }
    }

    override func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        switch name {
        case "total": bar.total = value.isNone ? nil : Double(try interp.intValue(value)); return true
        case "n": bar.n = Double(try interp.intValue(value)); return true
        case "desc": bar.desc = try interp.str(value); return true
        default: return false
        }
    }

    override func attributeNames() -> [String] {
        ["clear", "close", "desc", "disable", "iterable", "leave", "n", "postfix", "refresh", "reset", "set_description",
         "set_description_str", "set_postfix", "set_postfix_str", "total", "unit", "update"]
    }
}

/// A screen size or position given as a number: any finite value clamped to what a terminal
/// could have (tqdm(ncols=1e308) must not trap converting it).
private func screenInt(_ d: Double) -> Int {
    guard d.isFinite else { return d > 0 ? 100_000 : 0 }
    return Int(min(max(d, -100_000), 100_000))
}
