import Engine

/// `slice(lower, upper, step)` as produced by `x[a:b:c]`.
public final class SliceObject: NativeObject {
    public let lower: Value, upper: Value, step: Value
    public init(lower: Value, upper: Value, step: Value) { self.lower = lower; self.upper = upper; self.step = step }
    public override var typeName: String { "slice" }
    public override func repr() -> String {
        func r(_ v: Value) -> String {
            switch v {
            case .none: return "None"
            case .int(let i): return String(i)
            default: return "…"
            }
        }
        return "slice(\(r(lower)), \(r(upper)), \(r(step)))"
    }

    /// Python's slice.indices(count): start, stop, step, clamped.
    public func indices(_ count: Int) throws -> (Int, Int, Int) {
        func int(_ v: Value) throws -> Int? {
            switch v {
            case .none: return nil
            case .int(let i): return i
            case .bool(let b): return b ? 1 : 0
            default: throw PyError(.typeError, "slice indices must be integers or None or have an __index__ method")
            }
        }
        let step = try int(step) ?? 1
        guard step != 0 else { throw PyError(.valueError, "slice step cannot be zero") }
        func clamp(_ v: Int?, _ dflt: Int) -> Int {
            guard var x = v else { return dflt }
            if x < 0 { x += count }
            if step > 0 { return min(max(x, 0), count) }
            return min(max(x, -1), count - 1)
        }
        let start = clamp(try int(lower), step > 0 ? 0 : count - 1)
        let stop = clamp(try int(upper), step > 0 ? count : -1)
        return (start, stop, step)
    }

    public func apply<T>(_ items: [T]) throws -> [T] {
        let (start, stop, step) = try indices(items.count)
        var out: [T] = []
        var i = start
        while step > 0 ? i < stop : i > stop { out.append(items[i]); i += step }
        return out
    }
}

public final class EllipsisObject: NativeObject {
    public static let shared = EllipsisObject()
    public override var typeName: String { "ellipsis" }
    public override func repr() -> String { "Ellipsis" }
}

/// A one-shot iterator (`iter(x)`, generator expressions, `net.parameters()`, `zip`, `map`…).
public class IteratorObject: NativeObject {
    var base: AnyIterator<Value>
    let name: String
    /// For generators: the function name shown in the repr (`Module.parameters`).
    let qualifiedName: String
    public init<I: IteratorProtocol>(_ it: I, name: String, qualifiedName: String = "<genexpr>") where I.Element == Value {
        var it = it
        base = AnyIterator { it.next() }
        self.name = name
        self.qualifiedName = qualifiedName
    }
    public override var typeName: String { name }
    public override func repr() -> String {
        name == "generator" ? "<generator object \(qualifiedName) at \(addressString(self))>" : "<\(name) object at \(addressString(self))>"
    }
    public override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? { base }
    public func next() -> Value? { base.next() }
}

/// `range(start, stop, step)`: lazy, so `range(10**9)` costs nothing until iterated.
public final class RangeObject: NativeObject {
    public let start: Int, stop: Int, step: Int
    public init(start: Int, stop: Int, step: Int) { self.start = start; self.stop = stop; self.step = step }
    public override var typeName: String { "range" }
    public override func repr() -> String { step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))" }
    public var count: Int {
        if step > 0 { return stop > start ? (stop - start + step - 1) / step : 0 }
        return start > stop ? (start - stop - step - 1) / (-step) : 0
    }
    public override func length() throws -> Int? { count }
    public override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        var i = start
        let (stop, step) = (self.stop, self.step)
        return AnyIterator {
            guard step > 0 ? i < stop : i > stop else { return nil }
            defer { i += step }
            return .int(i)
        }
    }
    public override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        if case .object(let s as SliceObject) = key {
            let (a, b, c) = try s.indices(count)
            return .object(RangeObject(start: start + a * step, stop: start + b * step, step: step * c))
        }
        let i = try interp.sequenceIndex(key, count, "range object")
        return .int(start + i * step)
    }
    public override func equals(_ other: Value) -> Bool? {
        guard case .object(let o as RangeObject) = other else { return false }
        return o.start == start && o.stop == stop && o.step == step
    }
}

/// `@staticmethod`: the function is not bound to the instance.
public final class StaticMethodObject: NativeObject {
    public let function: Value
    public init(_ f: Value) { function = f }
    public override var typeName: String { "staticmethod" }
}

/// `@classmethod`: the function receives the class (also when reached through an instance).
public final class ClassMethodObject: NativeObject {
    public let function: Value
    public init(_ f: Value) { function = f }
    public override var typeName: String { "classmethod" }
}

/// A builtin type used as a callable and with isinstance (`int`, `float`, `str`, `list`, …).
public final class BuiltinType: NativeObject {
    public let name: String
    let construct: (Arguments, Interpreter) throws -> Value
    /// Whether a value is an instance (for isinstance).
    let test: (Value) -> Bool
    /// The constructor's parameter list when known, for the shell's keyword completion.
    public var signature: String?
    /// The name `repr(type)` shows (`collections.OrderedDict`, `torch.utils.data.dataset.Subset`).
    public var qualifiedName: String
    /// Attributes of the type itself (`Path.cwd`), found before the instances' methods.
    public var staticMembers: [String: Value] = [:]
    public init(_ name: String, test: @escaping (Value) -> Bool, construct: @escaping (Arguments, Interpreter) throws -> Value) {
        self.name = name; self.test = test; self.construct = construct; self.qualifiedName = name
    }
    public override var typeName: String { "type" }
    public override func repr() -> String { "<class '\(qualifiedName)'>" }
    public override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value { try construct(args, interp) }
    public override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "__name__" { return .str(String(self.name.split(separator: ".").last ?? Substring(self.name))) }
        if let member = staticMembers[name] { return member }
        // `str.lower`, `list.append`: the method of an instance, taking the instance first.
        guard let sample = try? construct(Arguments(), interp), (try? interp.lookupAttribute(sample, name)) != nil else { return nil }
        let typeName = self.name
        return .builtin(BuiltinFunction(name) { a, i in
            guard let receiver = a.positional.first, self.test(receiver) else {
                throw PyError(.typeError, "descriptor '\(name)' for '\(typeName)' objects doesn't apply to a '\(a.positional.first.map { i.typeName($0) } ?? "nothing")' object")
            }
            return try i.call(try i.getAttribute(receiver, name), Arguments(Array(a.positional.dropFirst()), a.keywords))
        })
    }
}

/// `@property` (and `@x.setter` / `@x.deleter`): reading the attribute on an instance calls
/// `fget`; assigning calls `fset`, or is CPython's AttributeError when there is none. Found on
/// the class before the instance's own attributes, as a data descriptor is.
public final class PropertyObject: NativeObject {
    public let getter: Value, setter: Value, deleter: Value
    public init(getter: Value, setter: Value = .none, deleter: Value = .none) {
        self.getter = getter; self.setter = setter; self.deleter = deleter
    }
    public override var typeName: String { "property" }
    public override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        func replacing(_ body: @escaping (Value) -> PropertyObject) -> Value {
            .builtin(BuiltinFunction(name) { a, _ in
                guard a.positional.count == 1 else { throw PyError(.typeError, "descriptor '\(name)' for 'property' objects needs an argument") }
                return .object(body(a.positional[0]))
            })
        }
        switch name {
        case "fget": return getter
        case "fset": return setter
        case "fdel": return deleter
        case "getter": return replacing { PropertyObject(getter: $0, setter: self.setter, deleter: self.deleter) }
        case "setter": return replacing { PropertyObject(getter: self.getter, setter: $0, deleter: self.deleter) }
        case "deleter": return replacing { PropertyObject(getter: self.getter, setter: self.setter, deleter: $0) }
        case "__doc__": return .none
        default: return nil
        }
    }

    /// The attribute's name for error messages: the getter's (or setter's) function name.
    var attributeName: String {
        if case .function(let f) = getter { return f.name }
        if case .function(let f) = setter { return f.name }
        return "?"
    }
}
