import Engine
import NN

/// A Python value. Containers, tensors, modules and objects are reference types, so aliasing
/// behaves as in Python (`f.data.sub_(...)` changes the parameter the optimiser holds).
public enum Value {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case str(String)
    case list(PyList)
    case tuple([Value])
    case dict(PyDict)
    case set(PySet)
    case tensor(Tensor)
    case module(Module)
    case function(PyFunction)
    case builtin(BuiltinFunction)
    case boundMethod(BoundMethod)
    case cls(PyClass)
    case instance(PyInstance)
    /// Everything else the bindings provide (torch.Size, dtype, optimizer, grad_fn, range, …).
    case object(NativeObject)

    public static let `true` = Value.bool(true)
    public static let `false` = Value.bool(false)

    public var isNone: Bool { if case .none = self { return true }; return false }
}

/// Python `list`: a mutable array with reference semantics.
public final class PyList {
    public var items: [Value]
    public init(_ items: [Value] = []) { self.items = items }
    deinit { Trashcan.release(&items) }
}

/// Frees nested containers without deep recursion. Releasing a list nested 100,000 deep
/// (`l = [l]` in a loop) would run one deinit inside the other and overflow the stack; like
/// CPython's trashcan, past a fixed depth the contents are parked and freed by the outermost
/// deinit in a loop. The evaluator runs on one thread, so plain statics suffice.
enum Trashcan {
    nonisolated(unsafe) private static var depth = 0
    nonisolated(unsafe) private static var parked: [[Value]] = []
    nonisolated(unsafe) private static var draining = false
    static let maxDepth = 200

    static func release(_ items: inout [Value]) {
        guard !items.isEmpty else { return }
        if depth >= maxDepth {
            parked.append(items)
            items = []
            return
        }
        depth += 1
        items = []
        depth -= 1
        guard depth == 0, !draining else { return }
        draining = true
        while !parked.isEmpty {
            var batch = parked.removeLast()
            depth += 1
            batch = []
            depth -= 1
            _ = batch
        }
        draining = false
    }
}

/// Python `set` (insertion-ordered, which Python does not promise but tests can rely on).
public final class PySet {
    public private(set) var dict = PyDict()
    public init(_ items: [Value] = []) throws { for v in items { try add(v) } }
    public func add(_ v: Value) throws { try dict.set(v, .none) }
    public func contains(_ v: Value) throws -> Bool { try dict.get(v) != nil }
    public func remove(_ v: Value) throws -> Bool { try dict.remove(v) != nil }
    public var items: [Value] { dict.keys }
    public var count: Int { dict.count }
}

/// What a dict key hashes as: value for immutable builtins, identity for objects.
public enum HashKey: Hashable {
    case none
    case int(Int)        // bools and integral floats hash as ints, as in Python (1 == 1.0 == True)
    case float(Double)
    case str(String)
    case tuple([HashKey])
    case identity(ObjectIdentifier)
}

/// Python `dict`: insertion-ordered, keys hashed by `HashKey`.
public final class PyDict {
    public private(set) var keys: [Value] = []
    public private(set) var values: [Value] = []
    private var index: [HashKey: Int] = [:]
    /// Printed as `OrderedDict([...])` (state_dict), as Python 3.11 prints it.
    public var isOrderedDict = false
    /// An OrderedDict's instance attributes, such as a state dict's `_metadata` (the module
    /// versions `torch.save` writes with it).
    public var attributes: [(name: String, value: Value)] = []

    public init() {}
    public init(_ pairs: [(Value, Value)]) throws { for (k, v) in pairs { try set(k, v) } }

    public var count: Int { keys.count }

    public func get(_ key: Value) throws -> Value? {
        guard let i = index[try hashKey(key)] else { return nil }
        return values[i]
    }

    public func set(_ key: Value, _ value: Value) throws {
        let h = try hashKey(key)
        if let i = index[h] { values[i] = value } else {
            index[h] = keys.count
            keys.append(key)
            values.append(value)
        }
    }

    @discardableResult
    public func remove(_ key: Value) throws -> Value? {
        let h = try hashKey(key)
        guard let i = index.removeValue(forKey: h) else { return nil }
        let v = values[i]
        keys.remove(at: i)
        values.remove(at: i)
        for (k, j) in index where j > i { index[k] = j - 1 }
        return v
    }

    public func removeAll() { keys = []; values = []; index = [:] }

    public var pairs: [(Value, Value)] { Array(zip(keys, values)) }

    deinit {
        Trashcan.release(&values)
        Trashcan.release(&keys)
    }

    public func copy() -> PyDict {
        let d = PyDict()
        d.keys = keys; d.values = values; d.index = index; d.isOrderedDict = isOrderedDict
        return d
    }
}

/// The hash key of a value, or Python's TypeError for unhashable types.
public func hashKey(_ v: Value) throws -> HashKey {
    switch v {
    case .none: return .none
    case .bool(let b): return .int(b ? 1 : 0)
    case .int(let i): return .int(i)
    case .float(let d):
        if d == d.rounded(), Swift.abs(d) < 9e18 { return .int(Int(d)) }
        return .float(d)
    case .str(let s): return .str(s)
    case .tuple(let items): return .tuple(try items.map(hashKey))
    case .list: throw PyError(.typeError, "unhashable type: 'list'")
    case .dict: throw PyError(.typeError, "unhashable type: 'dict'")
    case .set: throw PyError(.typeError, "unhashable type: 'set'")
    case .tensor(let t): return .identity(ObjectIdentifier(t))
    case .module(let m): return .identity(ObjectIdentifier(m))
    case .function(let f): return .identity(ObjectIdentifier(f))
    case .builtin(let f): return .identity(ObjectIdentifier(f))
    case .boundMethod(let m): return .identity(ObjectIdentifier(m))
    case .cls(let c): return .identity(ObjectIdentifier(c))
    case .instance(let i): return .identity(ObjectIdentifier(i))
    case .object(let o):
        if let k = o.hashKey() { return k }
        return .identity(ObjectIdentifier(o))
    }
}
