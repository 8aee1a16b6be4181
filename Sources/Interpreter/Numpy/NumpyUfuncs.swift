import Engine
import Foundation
import CNumpySVML
#if canImport(Glibc)
import Glibc
#endif

// numpy's elementwise ufuncs: type resolution (NEP 50 promotion plus each ufunc's own loops),
// broadcasting, `out=`, and the floating-point warnings numpy raises ("divide by zero
// encountered in log"), read from the FPU's exception flags as numpy does.

/// An operand of a ufunc: an array (numpy scalars become 0-d arrays) or a weak Python scalar.
enum NumpyOperand {
    case array(NDArray)
    case weak(NumpyWeakScalar)

    var dtypeIfArray: NumpyDType? { if case .array(let a) = self { return a.dtype }; return nil }
    var shape: [Int] { if case .array(let a) = self { return a.shape }; return [] }
}

enum NumpyBinaryOp: String {
    case add, subtract, multiply, divide, floor_divide, remainder, power, maximum, minimum, fmax, fmin
    case equal, not_equal, less, less_equal, greater, greater_equal
    case logical_and, logical_or, logical_xor, bitwise_and, bitwise_or, bitwise_xor, left_shift, right_shift
    case arctan2, hypot, copysign

    var isComparison: Bool {
        switch self {
        case .equal, .not_equal, .less, .less_equal, .greater, .greater_equal: return true
        default: return false
        }
    }
}

enum NumpyUnaryOp: String {
    case negative, positive, absolute, square, reciprocal, sign, sqrt, cbrt, exp, exp2, expm1, log, log2, log10, log1p
    case sin, cos, tan, arcsin, arccos, arctan, sinh, cosh, tanh, arcsinh, arccosh, arctanh
    case floor, ceil, trunc, rint, isnan, isinf, isfinite, signbit, logical_not, invert, deg2rad, rad2deg

    var isFloatFunction: Bool {
        switch self {
        case .sqrt, .cbrt, .exp, .exp2, .expm1, .log, .log2, .log10, .log1p, .sin, .cos, .tan, .arcsin, .arccos,
             .arctan, .sinh, .cosh, .tanh, .arcsinh, .arccosh, .arctanh, .deg2rad, .rad2deg, .rint:
            return true
        default: return false
        }
    }
}

/// The dtype a float-only ufunc computes in for an input dtype (numpy: float16 for bool/int8/uint8,
/// which nnrepl does not have: it uses float32 there).
func numpyFloatLoop(_ d: NumpyDType) -> NumpyDType {
    switch d {
    case .float32, .float64: return d
    case .int16, .bool, .int8, .uint8: return .float32
    default: return .float64
    }
}

/// numpy's "same_kind" casting test for writing a result into `out=`.
func numpyCanCastSameKind(_ from: NumpyDType, _ to: NumpyDType) -> Bool {
    if from == to { return true }
    if to.isFloat { return true }
    if from.isFloat { return false }
    if to == .bool { return from == .bool }
    if from == .bool { return true }
    if to == .uint8 { return !from.isSigned }
    return true
}

/// `np.result_type` of the operands under NEP 50 (weak Python scalars).
func numpyResultType(_ operands: [NumpyOperand]) -> NumpyDType {
    var strong: NumpyDType? = nil
    for case .array(let a) in operands { strong = strong.map { NumpyDType.promote($0, a.dtype) } ?? a.dtype }
    var result = strong
    for case .weak(let w) in operands {
        if let r = result {
            result = w.promote(with: r)
        } else {
            result = w.defaultDType
        }
        // Several weak scalars: a float among them makes float64, an int makes int64.
        if strong == nil, let r = result { result = NumpyDType.promote(r, w.defaultDType) }
    }
    return result ?? .float64
}

/// Materialises an operand as an array of `dtype` (weak scalars must fit an integer dtype).
func numpyOperandArray(_ x: NumpyOperand, _ dtype: NumpyDType) throws -> NDArray {
    switch x {
    case .array(let a): return a.dtype == dtype ? a : try a.astype(dtype)
    case .weak(let w):
        let a = try NDArray(shape: [], dtype: dtype)
        switch w {
        case .bool(let b): a.setValue(.bool(b), atOffset: 0)
        case .int(let i):
            if dtype.isInteger && !dtype.intRange.contains(Int64(i)) {
                throw PyError(.overflowError, "Python integer \(i) out of bounds for \(dtype.name)")
            }
            a.setValue(.int(Int64(i)), atOffset: 0)
        case .float(let d): a.setValue(.float(d), atOffset: 0)
        }
        return a
    }
}

/// Runs `body` and raises numpy's RuntimeWarnings for the FPU flags it set (divide by zero,
/// overflow, invalid value), in numpy's order.
func numpyCheckingFloatErrors<R>(_ name: String, _ body: () throws -> R) throws -> R {
    feclearexcept(FE_DIVBYZERO | FE_OVERFLOW | FE_INVALID | FE_UNDERFLOW | FE_INEXACT)
    let r = try body()
    let flags = fetestexcept(FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW | FE_INVALID)
    if flags != 0 {
        let what = "\(NumpyWarningContext.prefix)\(name)"
        if flags & FE_DIVBYZERO != 0 { try numpyFloatingPointError("divide", "divide by zero encountered in \(what)") }
        if flags & FE_OVERFLOW != 0 { try numpyFloatingPointError("over", "overflow encountered in \(what)") }
        if flags & FE_UNDERFLOW != 0 { try numpyFloatingPointError("under", "underflow encountered in \(what)") }
        if flags & FE_INVALID != 0 { try numpyFloatingPointError("invalid", "invalid value encountered in \(what)") }
    }
    return r
}

func numpyWarn(_ message: String) { Warnings.warn(message, category: "RuntimeWarning") }

// MARK: - kernels

@inline(__always)
private func binaryKernel<A: NumpyElement, R: NumpyElement>(_ a: NDArray, _ b: NDArray, _ out: NDArray,
                                                            _: A.Type, _: R.Type, _ f: (A, A) -> R) {
    let sa = numpyBroadcastStrides(a.shape, a.strides, to: out.shape)
    let sb = numpyBroadcastStrides(b.shape, b.strides, to: out.shape)
    let pa = a.pointer(A.self), pb = b.pointer(A.self), po = out.pointer(R.self)
    numpyForEachRow(shape: out.shape, strides: [sa, sb, out.strides]) { offs, n, inner in
        var x = pa + offs[0], y = pb + offs[1], z = po + offs[2]
        let ia = inner[0], ib = inner[1], io = inner[2]
        if ia == 1 && ib == 1 && io == 1 {
            for i in 0..<n { z[i] = f(x[i], y[i]) }
        } else if ia == 1 && ib == 0 && io == 1 {
            let c = y.pointee
            for i in 0..<n { z[i] = f(x[i], c) }
        } else if ia == 0 && ib == 1 && io == 1 {
            let c = x.pointee
            for i in 0..<n { z[i] = f(c, y[i]) }
        } else {
            for _ in 0..<n {
                z.pointee = f(x.pointee, y.pointee)
                x += ia; y += ib; z += io
            }
        }
    }
}

@inline(__always)
private func unaryKernel<A: NumpyElement, R: NumpyElement>(_ a: NDArray, _ out: NDArray, _: A.Type, _: R.Type, _ f: (A) -> R) {
    let sa = numpyBroadcastStrides(a.shape, a.strides, to: out.shape)
    let pa = a.pointer(A.self), po = out.pointer(R.self)
    numpyForEachRow(shape: out.shape, strides: [sa, out.strides]) { offs, n, inner in
        var x = pa + offs[0], z = po + offs[1]
        let ia = inner[0], io = inner[1]
        if ia == 1 && io == 1 {
            for i in 0..<n { z[i] = f(x[i]) }
        } else {
            for _ in 0..<n {
                z.pointee = f(x.pointee)
                x += ia; z += io
            }
        }
    }
}

// Python-style floor division and modulo for floats (numpy's npy_divmod).
@inline(__always) func npFloorDivide(_ a: Double, _ b: Double) -> Double {
    if b == 0 { return a / b }
    let mod = fmod(a, b)
    var div = (a - mod) / b
    if mod != 0 && ((b < 0) != (mod < 0)) { div -= 1 }
    if div != 0 {
        var fd = div.rounded(.down)
        if div - fd > 0.5 { fd += 1 }
        return fd
    }
    return Double(signOf: a / b, magnitudeOf: 0)
}

@inline(__always) func npRemainder(_ a: Double, _ b: Double) -> Double {
    var mod = fmod(a, b)
    if b == 0 { return mod }
    if mod != 0 {
        if (b < 0) != (mod < 0) { mod += b }
    } else {
        mod = Double(signOf: b, magnitudeOf: 0)
    }
    return mod
}

@inline(__always) func npFloorDivideF(_ a: Float, _ b: Float) -> Float {
    if b == 0 { return a / b }
    let mod = fmodf(a, b)
    var div = (a - mod) / b
    if mod != 0 && ((b < 0) != (mod < 0)) { div -= 1 }
    if div != 0 {
        var fd = div.rounded(.down)
        if div - fd > 0.5 { fd += 1 }
        return fd
    }
    return Float(signOf: a / b, magnitudeOf: 0)
}

@inline(__always) func npRemainderF(_ a: Float, _ b: Float) -> Float {
    var mod = fmodf(a, b)
    if b == 0 { return mod }
    if mod != 0 {
        if (b < 0) != (mod < 0) { mod += b }
    } else {
        mod = Float(signOf: b, magnitudeOf: 0)
    }
    return mod
}

/// Integer power by squaring, wrapping on overflow as numpy's integer loops do.
@inline(__always) func npIntPower(_ base: Int64, _ exp: Int64) -> Int64 {
    var result: Int64 = 1, b = base, e = exp
    while e > 0 {
        if e & 1 == 1 { result = result &* b }
        e >>= 1
        if e > 0 { b = b &* b }
    }
    return result
}

/// numpy's maximum/minimum: NaN propagates; on ties the second operand wins (as the SIMD max does).
@inline(__always) func npMax<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> T { a.isNaN ? a : (b.isNaN ? b : (a > b ? a : b)) }
@inline(__always) func npMin<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> T { a.isNaN ? a : (b.isNaN ? b : (a < b ? a : b)) }

/// The elementwise part of a binary ufunc on arrays already of the loop dtype.
private func runBinary(_ op: NumpyBinaryOp, _ a: NDArray, _ b: NDArray, _ out: NDArray) throws {
    let loop = a.dtype
    func ints<T: NumpyElement & FixedWidthInteger>(_: T.Type) throws {
        switch op {
        case .add: binaryKernel(a, b, out, T.self, T.self) { $0 &+ $1 }
        case .subtract: binaryKernel(a, b, out, T.self, T.self) { $0 &- $1 }
        case .multiply: binaryKernel(a, b, out, T.self, T.self) { $0 &* $1 }
        case .floor_divide:
            var zero = false
            binaryKernel(a, b, out, T.self, T.self) { x, y in
                if y == 0 { zero = true; return 0 }
                if T.isSigned && y == -1 { return 0 &- x }
                let q = x / y
                return (x % y != 0 && ((x < 0) != (y < 0))) ? q - 1 : q
            }
            if zero { try numpyFloatingPointError("divide", "divide by zero encountered in \(NumpyWarningContext.prefix)floor_divide") }
        case .remainder:
            var zero = false
            binaryKernel(a, b, out, T.self, T.self) { x, y in
                if y == 0 { zero = true; return 0 }
                if T.isSigned && y == -1 { return 0 }
                let r = x % y
                return (r != 0 && ((r < 0) != (y < 0))) ? r + y : r
            }
            if zero { try numpyFloatingPointError("divide", "divide by zero encountered in \(NumpyWarningContext.prefix)remainder") }
        case .power:
            var negative = false
            binaryKernel(a, b, out, T.self, T.self) { x, y in
                if y < 0 { negative = true; return 0 }
                return T(truncatingIfNeeded: npIntPower(Int64(x), Int64(y)))
            }
            if negative { throw PyError(.valueError, "Integers to negative integer powers are not allowed.") }
        case .maximum, .fmax: binaryKernel(a, b, out, T.self, T.self) { $0 >= $1 ? $0 : $1 }
        case .minimum, .fmin: binaryKernel(a, b, out, T.self, T.self) { $0 <= $1 ? $0 : $1 }
        case .bitwise_and: binaryKernel(a, b, out, T.self, T.self) { $0 & $1 }
        case .bitwise_or: binaryKernel(a, b, out, T.self, T.self) { $0 | $1 }
        case .bitwise_xor: binaryKernel(a, b, out, T.self, T.self) { $0 ^ $1 }
        case .left_shift: binaryKernel(a, b, out, T.self, T.self) { x, y in y < 0 || y >= T.bitWidth ? 0 : x << y }
        case .right_shift: binaryKernel(a, b, out, T.self, T.self) { x, y in y < 0 || y >= T.bitWidth ? (x < 0 ? -1 : 0) : x >> y }
        default: try comparisonsAndLogic(T.self)
        }
    }
    func floats<T: NumpyElement & BinaryFloatingPoint>(_: T.Type, _ floorDiv: @escaping (T, T) -> T, _ rem: @escaping (T, T) -> T,
                                                       _ pow: @escaping (T, T) -> T, _ atan2f: @escaping (T, T) -> T,
                                                       _ hypotf: @escaping (T, T) -> T) throws {
        let name = op == .divide ? "divide" : op.rawValue
        try numpyCheckingFloatErrors(name) {
            switch op {
            case .add: binaryKernel(a, b, out, T.self, T.self) { $0 + $1 }
            case .subtract: binaryKernel(a, b, out, T.self, T.self) { $0 - $1 }
            case .multiply: binaryKernel(a, b, out, T.self, T.self) { $0 * $1 }
            case .divide: binaryKernel(a, b, out, T.self, T.self) { $0 / $1 }
            case .floor_divide: binaryKernel(a, b, out, T.self, T.self, floorDiv)
            case .remainder: binaryKernel(a, b, out, T.self, T.self, rem)
            case .power: binaryKernel(a, b, out, T.self, T.self, pow)
            case .maximum: binaryKernel(a, b, out, T.self, T.self) { npMax($0, $1) }
            case .minimum: binaryKernel(a, b, out, T.self, T.self) { npMin($0, $1) }
            case .fmax: binaryKernel(a, b, out, T.self, T.self) { $1.isNaN || $0 >= $1 ? $0 : $1 }
            case .fmin: binaryKernel(a, b, out, T.self, T.self) { $1.isNaN || $0 <= $1 ? $0 : $1 }
            case .arctan2: binaryKernel(a, b, out, T.self, T.self, atan2f)
            case .hypot: binaryKernel(a, b, out, T.self, T.self, hypotf)
            case .copysign: binaryKernel(a, b, out, T.self, T.self) { T(signOf: $1, magnitudeOf: $0.magnitude) }
            case .bitwise_and, .bitwise_or, .bitwise_xor, .left_shift, .right_shift:
                throw PyError("UFuncTypeError", "ufunc '\(op.rawValue)' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''")
            default: try comparisonsAndLogic(T.self)
            }
        }
    }
    func comparisonsAndLogic<T: NumpyElement & Comparable>(_: T.Type) throws {
        switch op {
        case .equal: binaryKernel(a, b, out, T.self, Bool.self) { $0 == $1 }
        case .not_equal: binaryKernel(a, b, out, T.self, Bool.self) { $0 != $1 }
        case .less: binaryKernel(a, b, out, T.self, Bool.self) { $0 < $1 }
        case .less_equal: binaryKernel(a, b, out, T.self, Bool.self) { $0 <= $1 }
        case .greater: binaryKernel(a, b, out, T.self, Bool.self) { $0 > $1 }
        case .greater_equal: binaryKernel(a, b, out, T.self, Bool.self) { $0 >= $1 }
        case .logical_and: binaryKernel(a, b, out, T.self, Bool.self) { $0.npIsTrue && $1.npIsTrue }
        case .logical_or: binaryKernel(a, b, out, T.self, Bool.self) { $0.npIsTrue || $1.npIsTrue }
        case .logical_xor: binaryKernel(a, b, out, T.self, Bool.self) { $0.npIsTrue != $1.npIsTrue }
        default: throw PyError("UFuncTypeError", "ufunc '\(op.rawValue)' did not contain a loop with signature matching types")
        }
    }
    switch loop {
    case .bool:
        switch op {
        case .add, .logical_or, .bitwise_or, .maximum, .fmax: binaryKernel(a, b, out, Bool.self, Bool.self) { $0 || $1 }
        case .multiply, .logical_and, .bitwise_and, .minimum, .fmin: binaryKernel(a, b, out, Bool.self, Bool.self) { $0 && $1 }
        case .logical_xor, .bitwise_xor, .not_equal: binaryKernel(a, b, out, Bool.self, Bool.self) { $0 != $1 }
        case .equal: binaryKernel(a, b, out, Bool.self, Bool.self) { $0 == $1 }
        case .less: binaryKernel(a, b, out, Bool.self, Bool.self) { !$0 && $1 }
        case .less_equal: binaryKernel(a, b, out, Bool.self, Bool.self) { !$0 || $1 }
        case .greater: binaryKernel(a, b, out, Bool.self, Bool.self) { $0 && !$1 }
        case .greater_equal: binaryKernel(a, b, out, Bool.self, Bool.self) { $0 || !$1 }
        default: throw PyError("UFuncTypeError", "ufunc '\(op.rawValue)' did not contain a loop with signature matching types")
        }
    case .int8: try ints(Int8.self)
    case .uint8: try ints(UInt8.self)
    case .int16: try ints(Int16.self)
    case .int32: try ints(Int32.self)
    case .int64: try ints(Int64.self)
    // numpy's array loops call SVML; its scalar math calls libm.
    case .float32:
        if NumpySVML.enabled && !NumpyWarningContext.inScalarMath {
            try floats(Float.self, npFloorDivideF, npRemainderF, nnrepl_svml_pow_f32, nnrepl_svml_atan2_f32, { hypotf($0, $1) })
        } else {
            try floats(Float.self, npFloorDivideF, npRemainderF, { powf($0, $1) }, { atan2f($0, $1) }, { hypotf($0, $1) })
        }
    case .float64:
        if NumpySVML.enabled && !NumpyWarningContext.inScalarMath {
            try floats(Double.self, npFloorDivide, npRemainder, nnrepl_svml_pow_f64, nnrepl_svml_atan2_f64, { Foundation.hypot($0, $1) })
        } else {
            try floats(Double.self, npFloorDivide, npRemainder, { Foundation.pow($0, $1) }, { Foundation.atan2($0, $1) }, { Foundation.hypot($0, $1) })
        }
    }
}

/// (loop dtype, result dtype) of a binary ufunc for the operands, or numpy's TypeError.
func numpyBinaryTypes(_ op: NumpyBinaryOp, _ x: NumpyOperand, _ y: NumpyOperand) throws -> (NumpyDType, NumpyDType) {
    let common = numpyResultType([x, y])
    switch op {
    case .divide, .arctan2, .hypot, .copysign:
        let l = common.isFloat ? common : .float64
        return (l, l)
    case .equal, .not_equal, .less, .less_equal, .greater, .greater_equal:
        return (common, .bool)
    case .logical_and, .logical_or, .logical_xor:
        return (common, .bool)
    case .subtract where common == .bool:
        throw PyError(.typeError, "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.")
    case .floor_divide where common == .bool, .remainder where common == .bool, .power where common == .bool:
        return (.int8, .int8)
    case .bitwise_and, .bitwise_or, .bitwise_xor, .left_shift, .right_shift:
        if common.isFloat {
            throw PyError("UFuncTypeError", "ufunc '\(op.rawValue)' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''")
        }
        return (common, common)
    default:
        return (common, common)
    }
}

/// A binary ufunc: `np.add(x, y, out=out)`, `x + y`, ...
func numpyBinary(_ op: NumpyBinaryOp, _ x: NumpyOperand, _ y: NumpyOperand, out: NDArray? = nil) throws -> NDArray {
    let (loop, result) = try numpyBinaryTypes(op, x, y)
    let a = try numpyOperandArray(x, loop), b = try numpyOperandArray(y, loop)
    let shape = try numpyBroadcastShapes([a.shape, b.shape])
    return try numpyWriteResult(name: op.rawValue, shape: shape, result: result, out: out, inputs: [a, b]) { target in
        try runBinary(op, a, b, target)
    }
}

/// Allocates (or checks `out`) and runs `compute` into an array of `result` dtype.
func numpyWriteResult(name: String, shape: [Int], result: NumpyDType, out: NDArray?, inputs: [NDArray],
                      _ compute: (NDArray) throws -> Void) throws -> NDArray {
    guard let out else {
        let r = try NDArray(shape: shape, dtype: result, zeroed: false)
        try compute(r)
        return r
    }
    if out.shape != shape {
        let broadcast = try? numpyBroadcastShapes([out.shape, shape])
        if broadcast != out.shape {
            throw PyError(.valueError, "non-broadcastable output operand with shape \(numpyShapeCompact(out.shape)) doesn't match the broadcast shape \(numpyShapeCompact(broadcast ?? shape))")
        }
    }
    guard out.writeable else { throw PyError(.valueError, "output array is read-only") }
    guard numpyCanCastSameKind(result, out.dtype) else {
        throw PyError("UFuncTypeError", "Cannot cast ufunc '\(name)' output from dtype('\(result.name)') to dtype('\(out.dtype.name)') with casting rule 'same_kind'")
    }
    // Compute straight into `out` when its dtype and shape fit and no input is a shifted view of
    // the same memory; otherwise through a temporary.
    let overlaps = inputs.contains { $0.storage === out.storage && !($0.offset == out.offset && $0.strides == out.strides && $0.shape == out.shape) }
    if out.dtype == result && out.shape == shape && !overlaps {
        try compute(out)
    } else {
        let r = try NDArray(shape: shape, dtype: result, zeroed: false)
        try compute(r)
        numpyCopyCast(from: r, to: out)
    }
    return out
}

// MARK: - unary

/// A unary ufunc: `np.sqrt(x)`, `-x`, `abs(x)`, ...
func numpyUnary(_ op: NumpyUnaryOp, _ x: NumpyOperand, out: NDArray? = nil) throws -> NDArray {
    let input = numpyResultType([x])
    var loop = input, result = input
    if op.isFloatFunction { loop = numpyFloatLoop(input); result = loop }
    switch op {
    case .isnan, .isinf, .isfinite, .signbit, .logical_not: result = .bool
    case .negative where input == .bool:
        throw PyError(.typeError, "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.")
    case .square where input == .bool, .reciprocal where input == .bool:
        loop = .int8; result = .int8
    case .sign where input == .bool:
        throw PyError("UFuncTypeError", "ufunc 'sign' did not contain a loop with signature matching types <class 'numpy.dtypes.BoolDType'> -> None")
    case .invert where input.isFloat:
        throw PyError(.typeError, "ufunc 'invert' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''")
    default: break
    }
    let a = try numpyOperandArray(x, loop)
    return try numpyWriteResult(name: op.rawValue, shape: a.shape, result: result, out: out, inputs: [a]) { target in
        try runUnary(op, a, target)
    }
}

private func runUnary(_ op: NumpyUnaryOp, _ a: NDArray, _ out: NDArray) throws {
    func ints<T: NumpyElement & FixedWidthInteger>(_: T.Type) throws {
        switch op {
        case .negative: unaryKernel(a, out, T.self, T.self) { 0 &- $0 }
        case .positive, .floor, .ceil, .trunc: unaryKernel(a, out, T.self, T.self) { $0 }
        case .absolute: unaryKernel(a, out, T.self, T.self) { $0 < 0 ? 0 &- $0 : $0 }
        case .square: unaryKernel(a, out, T.self, T.self) { $0 &* $0 }
        case .reciprocal:
            var zero = false
            unaryKernel(a, out, T.self, T.self) { x in if x == 0 { zero = true; return 0 }; return 1 / x }
            if zero { try numpyFloatingPointError("divide", "divide by zero encountered in \(NumpyWarningContext.prefix)reciprocal") }
        case .sign: unaryKernel(a, out, T.self, T.self) { $0 > 0 ? 1 : ($0 < 0 ? 0 &- 1 : 0) }
        case .invert: unaryKernel(a, out, T.self, T.self) { ~$0 }
        case .isnan, .isinf, .signbit: unaryKernel(a, out, T.self, Bool.self) { op == .signbit ? $0 < 0 : false }
        case .isfinite: unaryKernel(a, out, T.self, Bool.self) { _ in true }
        case .logical_not: unaryKernel(a, out, T.self, Bool.self) { $0 == 0 }
        default: throw PyError("UFuncTypeError", "ufunc '\(op.rawValue)' did not contain a loop with signature matching types")
        }
    }
    func floats<T: NumpyElement & NumpyFloatMath>(_: T.Type) throws {
        try numpyCheckingFloatErrors(op.rawValue) {
            switch op {
            case .negative: unaryKernel(a, out, T.self, T.self) { -$0 }
            case .positive: unaryKernel(a, out, T.self, T.self) { $0 }
            case .absolute: unaryKernel(a, out, T.self, T.self) { $0.magnitude }
            case .square: unaryKernel(a, out, T.self, T.self) { $0 * $0 }
            case .reciprocal: unaryKernel(a, out, T.self, T.self) { 1 / $0 }
            case .sign: unaryKernel(a, out, T.self, T.self) { $0 > 0 ? 1 : ($0 < 0 ? -1 : ($0 == 0 ? 0 : $0)) }
            case .sqrt: unaryKernel(a, out, T.self, T.self) { $0.squareRoot() }
            case .floor: unaryKernel(a, out, T.self, T.self) { $0.rounded(.down) }
            case .ceil: unaryKernel(a, out, T.self, T.self) { $0.rounded(.up) }
            case .trunc: unaryKernel(a, out, T.self, T.self) { $0.rounded(.towardZero) }
            case .rint: unaryKernel(a, out, T.self, T.self) { $0.rounded(.toNearestOrEven) }
            case .isnan: unaryKernel(a, out, T.self, Bool.self) { $0.isNaN }
            case .isinf: unaryKernel(a, out, T.self, Bool.self) { $0.isInfinite }
            case .isfinite: unaryKernel(a, out, T.self, Bool.self) { $0.isFinite }
            case .signbit: unaryKernel(a, out, T.self, Bool.self) { $0.sign == .minus }
            case .logical_not: unaryKernel(a, out, T.self, Bool.self) { $0 == 0 }
            case .deg2rad: unaryKernel(a, out, T.self, T.self) { $0 * (T.pi / 180) }
            case .rad2deg: unaryKernel(a, out, T.self, T.self) { $0 * (180 / T.pi) }
            case .exp: unaryKernel(a, out, T.self, T.self) { T.npMath(.exp, $0) }
            case .log: unaryKernel(a, out, T.self, T.self) { T.npMath(.log, $0) }
            case .sin: unaryKernel(a, out, T.self, T.self) { T.npMath(.sin, $0) }
            case .cos: unaryKernel(a, out, T.self, T.self) { T.npMath(.cos, $0) }
            case .tanh: unaryKernel(a, out, T.self, T.self) { T.npMath(.tanh, $0) }
            default:
                guard op.isFloatFunction else { throw PyError("UFuncTypeError", "ufunc '\(op.rawValue)' did not contain a loop with signature matching types") }
                if NumpySVML.enabled, let f = NumpySVML.function(op) {
                    unaryKernel(a, out, T.self, T.self) { T.npSVML(f, $0) }
                } else {
                    unaryKernel(a, out, T.self, T.self) { T.npMath(op, $0) }
                }
            }
        }
    }
    switch a.dtype {
    case .bool:
        switch op {
        case .logical_not, .invert: unaryKernel(a, out, Bool.self, Bool.self) { !$0 }
        case .absolute, .positive: unaryKernel(a, out, Bool.self, Bool.self) { $0 }
        case .isnan, .isinf, .signbit: unaryKernel(a, out, Bool.self, Bool.self) { _ in false }
        case .isfinite: unaryKernel(a, out, Bool.self, Bool.self) { _ in true }
        default: throw PyError("UFuncTypeError", "ufunc '\(op.rawValue)' did not contain a loop with signature matching types")
        }
    case .int8: try ints(Int8.self)
    case .uint8: try ints(UInt8.self)
    case .int16: try ints(Int16.self)
    case .int32: try ints(Int32.self)
    case .int64: try ints(Int64.self)
    case .float32: try floats(Float.self)
    case .float64: try floats(Double.self)
    }
}

/// Whether numpy's SVML functions are available (an AVX-512 machine with Intel SVML in .deps/svml):
/// numpy calls SVML for these on such machines, so nnrepl does too (Sources/CNumpySVML).
enum NumpySVML {
    static let enabled = nnrepl_svml_enabled() != 0
    /// Where SVML was loaded from, or why it is not used.
    static var status: String { String(cString: nnrepl_svml_status()) }
}

/// For `nnrepl --version`: which library computes numpy's float loops here.
public enum NumpyMathInfo {
    public static var description: String {
        NumpySVML.enabled ? "Intel SVML (from \(NumpySVML.status)): numpy's float loops, as numpy's AVX-512 build"
                          : "Intel SVML \(NumpySVML.status): numpy's float loops use glibc libm"
    }
}

extension NumpySVML {

    /// SVML's function for a numpy unary ufunc, when numpy uses SVML for it.
    @inline(__always) static func function(_ op: NumpyUnaryOp) -> Int32? {
        switch op {
        case .exp2: return Int32(NNREPL_SVML_EXP2)
        case .log2: return Int32(NNREPL_SVML_LOG2)
        case .log10: return Int32(NNREPL_SVML_LOG10)
        case .expm1: return Int32(NNREPL_SVML_EXPM1)
        case .log1p: return Int32(NNREPL_SVML_LOG1P)
        case .cbrt: return Int32(NNREPL_SVML_CBRT)
        case .tan: return Int32(NNREPL_SVML_TAN)
        case .arcsin: return Int32(NNREPL_SVML_ASIN)
        case .arccos: return Int32(NNREPL_SVML_ACOS)
        case .arctan: return Int32(NNREPL_SVML_ATAN)
        case .sinh: return Int32(NNREPL_SVML_SINH)
        case .cosh: return Int32(NNREPL_SVML_COSH)
        case .arcsinh: return Int32(NNREPL_SVML_ASINH)
        case .arccosh: return Int32(NNREPL_SVML_ACOSH)
        case .arctanh: return Int32(NNREPL_SVML_ATANH)
        default: return nil
        }
    }
}

/// The transcendental functions per float type: SVML's where numpy uses SVML (above), else glibc's
/// libm (numpy's own SIMD versions of exp, log and tanh can differ from these in the last bit: see
/// docs/language.md). Static members, so each ufunc loop calls the function directly.
protocol NumpyFloatMath: BinaryFloatingPoint {
    static func npMath(_ op: NumpyUnaryOp, _ x: Self) -> Self
    /// SVML's function `f` (NNREPL_SVML_*), as numpy's AVX-512 loops call it.
    static func npSVML(_ f: Int32, _ x: Self) -> Self
}

extension Double: NumpyFloatMath {
    @inline(__always) static func npSVML(_ f: Int32, _ x: Double) -> Double { nnrepl_svml_unary_f64(f, x) }
    @inline(__always) static func npMath(_ op: NumpyUnaryOp, _ x: Double) -> Double {
        switch op {
        case .cbrt: return Foundation.cbrt(x)
        case .exp: return Foundation.exp(x)
        case .exp2: return Foundation.exp2(x)
        case .expm1: return Foundation.expm1(x)
        case .log: return Foundation.log(x)
        case .log2: return Foundation.log2(x)
        case .log10: return Foundation.log10(x)
        case .log1p: return Foundation.log1p(x)
        case .sin: return Foundation.sin(x)
        case .cos: return Foundation.cos(x)
        case .tan: return Foundation.tan(x)
        case .arcsin: return Foundation.asin(x)
        case .arccos: return Foundation.acos(x)
        case .arctan: return Foundation.atan(x)
        case .sinh: return Foundation.sinh(x)
        case .cosh: return Foundation.cosh(x)
        case .tanh: return Foundation.tanh(x)
        case .arcsinh: return Foundation.asinh(x)
        case .arccosh: return Foundation.acosh(x)
        case .arctanh: return Foundation.atanh(x)
        default: return .nan
        }
    }
}

extension Float: NumpyFloatMath {
    @inline(__always) static func npSVML(_ f: Int32, _ x: Float) -> Float { nnrepl_svml_unary_f32(f, x) }
    @inline(__always) static func npMath(_ op: NumpyUnaryOp, _ x: Float) -> Float {
        switch op {
        case .cbrt: return cbrtf(x)
        case .exp: return expf(x)
        case .exp2: return exp2f(x)
        case .expm1: return expm1f(x)
        case .log: return logf(x)
        case .log2: return log2f(x)
        case .log10: return log10f(x)
        case .log1p: return log1pf(x)
        case .sin: return sinf(x)
        case .cos: return cosf(x)
        case .tan: return tanf(x)
        case .arcsin: return asinf(x)
        case .arccos: return acosf(x)
        case .arctan: return atanf(x)
        case .sinh: return sinhf(x)
        case .cosh: return coshf(x)
        case .tanh: return tanhf(x)
        case .arcsinh: return asinhf(x)
        case .arccosh: return acoshf(x)
        case .arctanh: return atanhf(x)
        default: return .nan
        }
    }
}
