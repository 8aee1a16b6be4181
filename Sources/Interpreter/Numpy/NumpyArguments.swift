import Engine
import NN

// Argument conversions shared by numpy's module functions and array methods, with numpy's errors.

extension BoundArgs {
    /// Whether the signature has this parameter (methods sharing one implementation differ).
    func has(_ name: String) -> Bool { names.contains(name) }

    /// Rebinds a parameter (numpy's keyword aliases, e.g. `clip`'s `a_min=` for `min=`).
    mutating func set(_ name: String, _ value: Value) {
        if let i = names.firstIndex(of: name) { slots[i] = value }
    }

    /// `np.asarray(arg)`.
    func npArray(_ name: String) throws -> NDArray {
        try interp.numpyArray(from: self[name], dtype: nil, copy: false)
    }
    func npOptionalArray(_ name: String) throws -> NDArray? { isNone(name) ? nil : try npArray(name) }

    func npOperand(_ name: String) throws -> NumpyOperand {
        try interp.numpyOperandOrThrow(self[name], function)
    }

    func npDType(_ name: String) throws -> NumpyDType? { try interp.numpyDTypeArg(self[name]) }

    /// `axis=None | int | tuple of ints` normalised for `ndim` dimensions (nil = all axes).
    func npAxes(_ name: String, ndim: Int) throws -> [Int]? {
        switch self[name] {
        case .none: return nil
        case .tuple(let items):
            let axes = try items.map { try numpyAxis(try interp.intValue($0), ndim) }
            guard Set(axes).count == axes.count else { throw PyError(.valueError, "duplicate value in 'axis'") }
            return axes
        case let v: return [try numpyAxis(try interp.intValue(v), ndim)]
        }
    }

    func npAxis(_ name: String, ndim: Int) throws -> Int? {
        if isNone(name) { return nil }
        return try numpyAxis(try interp.intValue(self[name]), ndim)
    }

    /// `out=` (an ndarray or None).
    func npOut(_ name: String = "out") throws -> NDArray? {
        switch self[name] {
        case .none: return nil
        case .object(let a as NDArray): return a
        case .tuple(let items) where items.count == 1:
            if case .object(let a as NDArray) = items[0] { return a }
            fallthrough
        default: throw PyError(.typeError, "return arrays must be of ArrayType")
        }
    }

    /// A shape: an int or a sequence of ints.
    func npShape(_ name: String) throws -> [Int] {
        switch self[name] {
        case .tuple(let items): return try items.map { try interp.intValue($0) }
        case .list(let l): return try l.items.map { try interp.intValue($0) }
        case .object(let s as SizeObject): return s.dims
        case let v:
            do { return [try interp.intValue(v)] } catch {
                throw PyError(.typeError, "'\(interp.typeName(v))' object cannot be interpreted as an integer")
            }
        }
    }
}

extension Interpreter {
    /// A `dtype=` argument: None, 'float32', np.float32, np.dtype('float32'), float/int/bool.
    func numpyDTypeArg(_ v: Value) throws -> NumpyDType? {
        switch v {
        case .none: return nil
        case .str(let s):
            guard let d = NumpyDType(name: s) else { throw PyError(.typeError, "data type \(pythonStringRepr(s)) not understood") }
            return d
        case .object(let t as NumpyTypeObject): return t.dtype
        case .object(let d as NumpyDTypeObject): return d.dtype
        case .object(let b as BuiltinType):
            switch b.name {
            case "float": return .float64
            case "int": return .int64
            case "bool": return .bool
            default: break
            }
        case .object(let a as NDArray): return a.dtype
        default: break
        }
        throw PyError(.typeError, "Cannot interpret '\(try repr(v))' as a data type")
    }

    /// Shapes given as varargs or one sequence (`a.reshape(2, 3)` / `a.reshape((2, 3))`).
    func numpyVarShape(_ items: [Value]) throws -> [Int] {
        if items.count == 1 {
            switch items[0] {
            case .tuple(let t): return try t.map { try intValue($0) }
            case .list(let l): return try l.items.map { try intValue($0) }
            default: break
            }
        }
        return try items.map { try intValue($0) }
    }

    /// The items of a subscript as numpy index items.
    func numpyIndexItems(_ key: Value) throws -> [NumpyIndexItem] {
        if case .tuple(let items) = key { return try items.map(numpyIndexItem) }
        return [try numpyIndexItem(key)]
    }

    func numpyIndexItem(_ v: Value) throws -> NumpyIndexItem {
        switch v {
        case .int(let i): return .int(i)
        case .bool(let b): return .array(try NDArray(values: [b], shape: []))
        case .none: return .newaxis
        case .object(is EllipsisObject): return .ellipsis
        case .object(let s as SliceObject):
            func opt(_ x: Value) throws -> Int? { x.isNone ? nil : try intValue(x) }
            return .slice(start: try opt(s.lower), stop: try opt(s.upper), step: try opt(s.step))
        case .object(let s as NumpyScalar) where s.dtype.isInteger: return .int(s.value.intValue ?? 0)
        case .object(let s as NumpyScalar) where s.dtype == .bool: return .array(s.array)
        case .object(let a as NDArray):
            if a.dtype.isFloat { throw numpyBadIndex() }
            return .array(a)
        case .list, .tuple:
            let a = try numpyArray(from: v, dtype: nil)
            if a.size == 0 { return .array(try a.astype(.int64)) }
            if a.dtype.isFloat { throw numpyBadIndex() }
            return .array(a)
        case .tensor(let t):
            let a = try numpyArrayFromTensor(t, copy: false)
            if a.dtype.isFloat { throw numpyBadIndex() }
            return a.ndim == 0 && a.dtype != .bool ? .int(a.value(atOffset: 0).intValue ?? 0) : .array(a)
        default:
            throw numpyBadIndex()
        }
    }

    private func numpyBadIndex() -> PyError {
        PyError(.indexError, "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
    }
}
