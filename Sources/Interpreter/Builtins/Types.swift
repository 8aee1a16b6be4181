import Engine
import NN

/// Builtin types (`int`, `list`, …), the base classes Python code derives from, `type()` and
/// `isinstance()`.
extension Interpreter {
    var builtinTypes: [String: BuiltinType] { BuiltinTypes.shared.all }

    var objectClass: PyClass { BuiltinTypes.shared.object }
    var abcClass: PyClass { BuiltinTypes.shared.abc }
    var abcMeta: ABCMetaObject { BuiltinTypes.shared.abcMeta }
    var moduleBaseClass: PyClass { BuiltinTypes.shared.module }

    /// The class object of a builtin exception (one per name, so `except ValueError` matches).
    func exceptionClass(_ name: String) -> PyClass { BuiltinTypes.shared.exception(name) }

    /// `isinstance(v, t)` with t a type or a tuple of types.
    func isInstance(_ v: Value, _ t: Value) throws -> Bool {
        switch t {
        case .tuple(let items): return try items.contains { try isInstance(v, $0) }
        case .object(let bt as BuiltinType): return bt.test(v)
        // np.float64, np.bool_, …: the numpy scalars of that dtype.
        case .object(let nt as NumpyTypeObject):
            if case .object(let s as NumpyScalar) = v { return s.dtype == nt.dtype }
            return false
        case .object(let tt as TensorTypeObject): if case .tensor(let x) = v { return tt.matches(x) }; return false
        case .object(is ParameterTypeObject): if case .tensor(let x) = v { return x.isParameter }; return false
        case .object(let lc as LayerClassObject):
            guard case .module(let m) = v else { return false }
            return lc.isInstance(m) || ((m as? ScriptedModule)?.builtinBase.map(lc.isInstance) ?? false)
        case .cls(let c):
            switch v {
            case .module(let m):
                if case .module? = c.builtinKind { return true }
                if let sm = m as? ScriptedModule { return sm.cls.isSubclass(of: c) }
                return false
            case .instance(let i): return i.cls.isSubclass(of: c) || c === objectClass
            default: return c === objectClass
            }
        default:
            throw PyError(.typeError, "isinstance() arg 2 must be a type, a tuple of types, or a union")
        }
    }
}

/// The builtin type singletons (so `type(x) is int` holds).
final class BuiltinTypes {
    static let shared = BuiltinTypes()
    let object: PyClass = {
        let c = PyClass(name: "object", bases: [], attributes: PyDict(), builtinKind: .object)
        c.moduleName = "builtins"
        return c
    }()
    lazy var module: PyClass = {
        let c = PyClass(name: "Module", bases: [object], attributes: PyDict(), builtinKind: .module)
        c.moduleName = "torch.nn.modules.module"
        return c
    }()
    lazy var abc: PyClass = {
        let c = PyClass(name: "ABC", bases: [object], attributes: PyDict())
        c.moduleName = "abc"
        c.isAbstractBase = true
        return c
    }()
    let abcMeta = ABCMetaObject()
    private var exceptions: [String: PyClass] = [:]

    func exception(_ name: String) -> PyClass {
        if let c = exceptions[name] { return c }
        let parentName = ExceptionHierarchy.parents[name]
        let bases = parentName.map { [exception($0)] } ?? [object]
        let c = PyClass(name: name, bases: bases, attributes: PyDict(), builtinKind: .exception(name))
        c.moduleName = "builtins"
        exceptions[name] = c
        return c
    }

    lazy var all: [String: BuiltinType] = {
        var d: [String: BuiltinType] = [:]
        func add(_ t: BuiltinType) { d[t.name] = t }
        add(BuiltinType("int", test: { if case .int = $0 { return true }; if case .bool = $0 { return true }; return false }) { a, i in
            guard let v = a.positional.first else { return .int(0) }
            switch v {
            case .int: return v
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let f):
                return .int(try i.integer(f))
            case .str(let s):
                let base = a.positional.count > 1 ? try i.intValue(a.positional[1]) : 10
                guard base == 0 || (2...36).contains(base) else { throw PyError(.valueError, "int() base must be >= 2 and <= 36, or 0") }
                var digits = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
                var radix = base == 0 ? 10 : base
                // Base 0 (and a matching base) reads Python's 0x/0o/0b prefixes.
                let sign = digits.hasPrefix("-") || digits.hasPrefix("+") ? String(digits.removeFirst()) : ""
                for (prefix, r) in [("0x", 16), ("0o", 8), ("0b", 2)] where digits.lowercased().hasPrefix(prefix) && (base == 0 || base == r) {
                    digits.removeFirst(2); radix = r
                }
                guard let n = Int(sign + digits, radix: radix) else {
                    throw PyError(.valueError, "invalid literal for int() with base \(base): \(pythonStringRepr(s))")
                }
                return .int(n)
            case .tensor(let t):
                guard t.numel == 1 else { throw PyError(.valueError, "only one element tensors can be converted to Python scalars") }
                switch t.scalar(atFlat: 0) {
                case .int(let n): return .int(Int(n))
                case .bool(let b): return .int(b ? 1 : 0)
                case .float(let f):
                    return .int(try i.integer(f))
                }
            case .object(let o as NativeNumeric):
                guard let n = o.pythonNumber else { throw PyError(.typeError, "only 0-dimensional arrays can be converted to Python scalars") }
                return try i.call(.object(i.builtinTypes["int"]!), Arguments([n]))
            default: throw PyError(.typeError, "int() argument must be a string, a bytes-like object or a real number, not '\(i.typeName(v))'")
            }
        })
        // np.float64 derives from Python's float.
        add(BuiltinType("float", test: {
            if case .float = $0 { return true }
            if case .object(let s as NumpyScalar) = $0 { return s.dtype == .float64 }
            return false
        }) { a, i in
            guard let v = a.positional.first else { return .float(0) }
            switch v {
            case .float: return v
            case .int(let n): return .float(Double(n))
            case .bool(let b): return .float(b ? 1 : 0)
            case .str(let s):
                let t = s.trimmingCharacters(in: .whitespaces).lowercased()
                switch t {
                case "inf", "+inf", "infinity": return .float(.infinity)
                case "-inf", "-infinity": return .float(-.infinity)
                case "nan", "+nan", "-nan": return .float(.nan)
                default:
                    guard let d = Double(t.replacingOccurrences(of: "_", with: "")) else { throw PyError(.valueError, "could not convert string to float: \(pythonStringRepr(s))") }
                    return .float(d)
                }
            case .tensor(let t):
                guard t.numel == 1 else { throw PyError(.valueError, "only one element tensors can be converted to Python scalars") }
                i.warnScalarOfGradTensor(t)
                return .float(t.doubleValue(atFlat: 0))
            case .object(let o as NativeNumeric):
                guard let n = o.pythonNumber else { throw PyError(.typeError, "only 0-dimensional arrays can be converted to Python scalars") }
                return try i.call(.object(i.builtinTypes["float"]!), Arguments([n]))
            default: throw PyError(.typeError, "float() argument must be a string or a real number, not '\(i.typeName(v))'")
            }
        })
        add(BuiltinType("str", test: { if case .str = $0 { return true }; return false }) { a, i in
            .str(try a.positional.first.map { try i.str($0) } ?? "")
        })
        add(BuiltinType("bool", test: { if case .bool = $0 { return true }; return false }) { a, i in
            .bool(try a.positional.first.map { try i.truthy($0) } ?? false)
        })
        add(BuiltinType("list", test: { if case .list = $0 { return true }; return false }) { a, i in
            .list(PyList(try a.positional.first.map { (try i.collect($0, range: nil)) } ?? []))
        })
        add(BuiltinType("tuple", test: { v in
            if case .tuple = v { return true }
            if case .object(let o) = v { return o is SizeObject || o is ReturnTypeObject }
            return false
        }) { a, i in
            .tuple(try a.positional.first.map { (try i.collect($0, range: nil)) } ?? [])
        })
        add(BuiltinType("dict", test: { if case .dict = $0 { return true }; if case .object(is ParamGroupObject) = $0 { return true }; return false }) { a, i in
            let d = PyDict()
            try i.dictUpdate(d, a.positional.first, a.keywords)
            return .dict(d)
        })
        add(BuiltinType("set", test: { if case .set(let s) = $0 { return !s.isFrozen }; return false }) { a, i in
            .set(try i.makeSet(a.positional.first, frozen: false))
        })
        add(BuiltinType("frozenset", test: { if case .set(let s) = $0 { return s.isFrozen }; return false }) { a, i in
            .set(try i.makeSet(a.positional.first, frozen: true))
        })
        add(BuiltinType("type", test: { v in
            if case .cls = v { return true }
            if case .object(let o) = v { return o is BuiltinType || o is LayerClassObject || o is TensorTypeObject }
            return false
        }) { a, i in
            guard a.positional.count == 1 else { throw PyError(.typeError, "type() takes 1 or 3 arguments") }
            return i.typeObject(of: a.positional[0])
        })
        add(BuiltinType("NoneType", test: { $0.isNone }) { _, _ in .none })
        return d
    }()

    /// `collections.OrderedDict`, `defaultdict` and `Counter` (dict subclasses).
    lazy var orderedDict: BuiltinType = {
        let t = BuiltinType("OrderedDict", test: { if case .dict(let d) = $0, case .ordered = d.kind { return true }; return false }) { a, i in
            let d = PyDict()
            d.kind = .ordered
            try i.dictUpdate(d, a.positional.first, a.keywords)
            return .dict(d)
        }
        t.qualifiedName = "collections.OrderedDict"
        return t
    }()
    lazy var defaultDict: BuiltinType = {
        let t = BuiltinType("defaultdict", test: { if case .dict(let d) = $0, case .defaultDict = d.kind { return true }; return false }) { a, i in
            let d = PyDict()
            let factory = a.positional.first ?? .none
            guard factory.isNone || i.isCallable(factory) else { throw PyError(.typeError, "first argument must be callable or None") }
            d.kind = .defaultDict(factory)
            try i.dictUpdate(d, a.positional.count > 1 ? a.positional[1] : nil, a.keywords)
            return .dict(d)
        }
        t.qualifiedName = "collections.defaultdict"
        return t
    }()
    lazy var counter: BuiltinType = {
        let t = BuiltinType("Counter", test: { if case .dict(let d) = $0, case .counter = d.kind { return true }; return false }) { a, i in
            let d = PyDict()
            d.kind = .counter
            try i.counterUpdate(d, a.positional.first)
            for (k, v) in a.keywords { try d.set(.str(k), v) }
            return .dict(d)
        }
        t.qualifiedName = "collections.Counter"
        return t
    }()
}
