import Engine

// numpy scalars (`np.float64(3.0)`, `np.int64(2)`, `np.True_`): what indexing an element and
// reducing an array give. They print as numpy 2 does, act as Python numbers in float(), int(),
// format() and math, and combine with arrays and Python numbers under NEP 50 (as strongly typed
// 0-d arrays). np.float64 derives from Python's float, so isinstance(x, float) holds for it.

final class NumpyScalar: NativeObject {
    let dtype: NumpyDType
    let value: NumpyValue

    init(_ dtype: NumpyDType, _ value: NumpyValue) {
        self.dtype = dtype
        // Normalise through the dtype so np.float32(0.1) holds the float32 value.
        let a = try! NDArray(shape: [], dtype: dtype)
        a.setValue(value, atOffset: 0)
        self.value = a.value(atOffset: 0)
    }

    /// Element 0 of a 0-d (or any) array.
    convenience init(element a: NDArray, offset: Int = 0) { self.init(a.dtype, a.value(atOffset: offset)) }

    override var typeName: String { "numpy." + dtype.name }

    override func str() -> String {
        switch value {
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return numpyFloatScalarStr(d, dtype: dtype)
        }
    }
    override func repr() -> String { numpyScalarRepr(dtype: dtype, str: str()) }

    /// A numpy scalar has most of an array's attributes (as a 0-d array would).
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "dtype": return .object(NumpyDTypeObject.of(dtype))
        case "shape": return .tuple([])
        case "ndim": return .int(0)
        case "size": return .int(1)
        case "itemsize", "nbytes": return .int(dtype.itemSize)
        case "real": return .object(self)
        case "T": return .object(self)
        case "item", "tolist":
            return .builtin(BuiltinFunction(name) { [self] _, _ in pythonValue })
        case "is_integer" where dtype.isFloat:
            return .builtin(BuiltinFunction(name) { [self] _, _ in .bool(value.double == value.double.rounded(.towardZero) && value.double.isFinite) })
        default:
            // Array methods (sum, astype, round, reshape, ...) act on the 0-d array.
            guard NDArray.methods[name] != nil, let m = try array.getAttribute(name, interp) else { return nil }
            return m
        }
    }
    override func attributeNames() -> [String] { ["dtype", "item", "itemsize", "ndim", "shape", "size", "tolist"] + NDArray.attributeList }
    override func truthy() -> Bool? { value.isTrue }

    override func hashKey() -> HashKey? {
        switch value {
        case .bool(let b): return .int(b ? 1 : 0)
        case .int(let i): return .int(Int(i))
        case .float(let d):
            if d == d.rounded(), Swift.abs(d) < 9e18 { return .int(Int(d)) }
            return .float(d)
        }
    }

    override func equals(_ other: Value) -> Bool? {
        guard let r = try? comparison(.eq, other, nil) else { return nil }
        if case .object(let s as NumpyScalar) = r { return s.value.isTrue }
        return nil
    }

    /// As a 0-d array (for ufuncs).
    var array: NDArray {
        let a = try! NDArray(shape: [], dtype: dtype)
        a.setValue(value, atOffset: 0)
        return a
    }

    /// The Python value of `.item()`.
    var pythonValue: Value {
        switch value {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int(i))
        case .float(let d): return .float(d)
        }
    }
}

extension NumpyScalar: NativeNumeric {
    var pythonNumber: Value? { pythonValue }
    var pythonIndex: Int? { value.intValue }

    func binaryOperation(_ op: BinaryOp, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        // A tensor operand: PyTorch treats a numpy scalar as a Python number.
        if case .tensor = other {
            if op == .matMul {
                let (l, r) = reflected ? ("Tensor", typeName) : (typeName, "Tensor")
                throw PyError(.typeError, "unsupported operand type(s) for @: '\(l)' and '\(r)'")
            }
            return nil
        }
        guard let o = interp.numpyOperand(other, strict: false) else { return nil }
        let me = NumpyOperand.array(array)
        // With an array operand numpy runs the array ufunc (its loops, its warnings); with numbers
        // and scalars its scalar math (libm's pow, "scalar" in the warnings).
        if case .object(is NDArray) = other { return try interp.numpyOperator(op, reflected ? o : me, reflected ? me : o) }
        let r = try NumpyWarningContext.scalar {
            try interp.numpyOperator(op, reflected ? o : me, reflected ? me : o)
        }
        try checkIntegerOverflow(op, other, reflected: reflected, result: r)
        return r
    }

    /// numpy's scalar integer arithmetic warns when the exact result does not fit the result type
    /// ("overflow encountered in scalar multiply"), where arrays wrap silently.
    private func checkIntegerOverflow(_ op: BinaryOp, _ other: Value, reflected: Bool, result: Value) throws {
        guard case .object(let r as NumpyScalar) = result, r.dtype.isInteger, case .int(let got) = r.value,
              case .int(let mine) = value else { return }
        let theirs: Int64
        switch other {
        case .int(let i): theirs = Int64(i)
        case .object(let s as NumpyScalar): guard case .int(let i) = s.value else { return }; theirs = i
        default: return
        }
        let (x, y) = reflected ? (theirs, mine) : (mine, theirs)
        let exact: (Int64, Bool)
        let name: String
        switch op {
        case .add: exact = x.addingReportingOverflow(y); name = "add"
        case .sub: exact = x.subtractingReportingOverflow(y); name = "subtract"
        case .mul: exact = x.multipliedReportingOverflow(by: y); name = "multiply"
        default: return
        }
        if exact.1 || exact.0 != got { try numpyFloatingPointError("over", "overflow encountered in scalar \(name)") }
    }

    func comparison(_ op: CompareOp, _ other: Value, _ interp: Interpreter?) throws -> Value? {
        if case .tensor = other { return nil }
        guard let interp, let o = interp.numpyOperand(other, strict: false) else {
            // Without an interpreter (dict lookups): only Python numbers.
            switch other {
            case .int(let i): return .object(NumpyScalar(.bool, .bool(op == .eq ? value.double == Double(i) : value.double != Double(i))))
            case .float(let d): return .object(NumpyScalar(.bool, .bool(op == .eq ? value.double == d : value.double != d)))
            default: return nil
            }
        }
        return try interp.numpyComparison(op, .array(array), o)
    }
    func comparison(_ op: CompareOp, _ other: Value, _ interp: Interpreter) throws -> Value? {
        try comparison(op, other, Optional(interp))
    }

    func unaryOperation(_ op: UnaryOp, _ interp: Interpreter) throws -> Value? {
        let r: NDArray
        switch op {
        case .minus: r = try numpyUnary(.negative, .array(array))
        case .plus: r = try numpyUnary(.positive, .array(array))
        case .invert: r = try numpyUnary(dtype == .bool ? .logical_not : .invert, .array(array))
        case .not: return nil
        }
        return interp.numpyWrap(r)
    }

    func inPlaceOperation(_ op: BinaryOp, _ other: Value, _ interp: Interpreter) throws -> Value? { nil }

    func absolute(_ interp: Interpreter) throws -> Value? { interp.numpyWrap(try numpyUnary(.absolute, .array(array))) }

    func round(ndigits: Int?, _ interp: Interpreter) throws -> Value? {
        let r = interp.numpyWrap(try numpyRound(array, decimals: ndigits ?? 0))
        if ndigits == nil, case .object(let s as NumpyScalar) = r {
            // round(x) without digits gives a Python int.
            if let i = s.value.intValue { return .int(i) }
            let d = s.value.double
            guard d.isFinite else {
                throw PyError(d.isNaN ? .valueError : .overflowError, d.isNaN ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer")
            }
            guard Swift.abs(d) < 9.2e18 else { throw PyError(.overflowError, "integer overflow (nnrepl integers are 64-bit)") }
            return .int(Int(d))
        }
        return r
    }
}

/// Scalar arithmetic words its warnings "… encountered in scalar divide".
enum NumpyWarningContext {
    nonisolated(unsafe) static var prefix = ""
    /// Inside numpy's scalar math (numpy scalars with numbers), not an array loop.
    static var inScalarMath: Bool { !prefix.isEmpty }
    static func scalar<R>(_ body: () throws -> R) rethrows -> R {
        let saved = prefix
        prefix = "scalar "
        defer { prefix = saved }
        return try body()
    }
}

/// `np.round(a, decimals)`: numpy's rounding (scale, rint, unscale; half to even).
func numpyRound(_ a: NDArray, decimals: Int) throws -> NDArray {
    if !a.dtype.isFloat {
        if decimals >= 0 { return try a.copy() }
        let f = NumpyOperand.weak(.int(Int(pow10(-decimals))))
        let q = try numpyBinary(.floor_divide, .array(try numpyBinary(.add, .array(a), .weak(.int(Int(pow10(-decimals)) / 2)))), f)
        return try numpyBinary(.multiply, .array(q), f)
    }
    if decimals == 0 { return try numpyUnary(.rint, .array(a)) }
    let factor = NumpyOperand.weak(.float(pow10(Swift.abs(decimals))))
    if decimals > 0 {
        let y = try numpyBinary(.multiply, .array(a), factor)
        return try numpyBinary(.divide, .array(try numpyUnary(.rint, .array(y))), factor)
    }
    let y = try numpyBinary(.divide, .array(a), factor)
    return try numpyBinary(.multiply, .array(try numpyUnary(.rint, .array(y))), factor)
}

private func pow10(_ n: Int) -> Double {
    var r = 1.0
    // 10**309 is already inf: a huge `decimals` (x.round(10**12)) must not loop for hours.
    for _ in 0..<min(n, 400) { r *= 10 }
    return r
}
