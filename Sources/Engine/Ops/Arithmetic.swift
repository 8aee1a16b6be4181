import Foundation
import CKernels

/// `+ - * / **` and their in-place forms, with broadcasting, type promotion and backward nodes.

/// An operand of a binary op: a tensor, or a Python number.
public enum Operand {
    case tensor(Tensor)
    case scalar(Scalar)

    var tensor: Tensor {
        switch self {
        case .tensor(let t): return t
        case .scalar(let s): return s.tensor()
        }
    }
    var isWrapped: Bool { if case .scalar = self { return true }; return false }
}

enum ArithOp { case add, sub, mul, div }

/// PyTorch's `sub_check`: no subtraction involving bool tensors.
func checkSubtraction(_ a: Operand, _ b: Operand) throws {
    if a.dtype == .bool && b.dtype == .bool {
        throw TorchError.notImplemented("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.")
    }
    if a.dtype == .bool || b.dtype == .bool {
        throw TorchError.notImplemented("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    }
}

/// Computes a op b elementwise in the promoted dtype (true division of integers gives the
/// default dtype), with `alpha` scaling b for add and sub.
func arithmetic(_ op: ArithOp, _ a: Operand, _ b: Operand, alpha: Scalar? = nil) throws -> Tensor {
    if op == .sub { try checkSubtraction(a, b) }
    var dt = promoteTypes(a, b)
    if op == .div && !dt.isFloatingPoint { dt = DType.defaultFloat }
    if let alpha {
        if alpha.isFloatingPoint && !dt.isFloatingPoint {
            throw TorchError.runtime("For integral input tensors, argument alpha must not be a floating point number.")
        }
        if case .bool = alpha, dt != .bool { throw TorchError.runtime("Boolean alpha only supported for Boolean results.") }
    }
    let tb = b.tensor
    // float16/bfloat16 `x * s` and `x / s` with a one-element right operand use it at float32
    // precision instead of rounding it to the tensor's dtype first (ATen's reduced-float scalar kernels).
    if (dt == .float16 || dt == .bfloat16) && (op == .mul || op == .div) && tb.numel == 1 && a.tensor.numel > 1 {
        let x = try a.tensor.to(dt), s = Float(tb.doubleValue(atFlat: 0))
        let out = try dt.dispatchFloating(ReducedFloatScalarKernel(op: op, x: x, scalar: s))
        return tb.shape.count > x.shape.count ? try out.reshapeRaw(try broadcastShapes(x.shape, tb.shape)) : out
    }
    let x = try a.tensor.to(dt), y = try tb.to(dt)
    if dt == .float32, let r = try F32.arithmetic(op, x, y, alpha: alpha?.doubleValue) { return r }
    if dt.isFloatingPoint { return try dt.dispatchFloating(FloatArithmetic(op: op, x: x, y: y, alpha: alpha)) }
    if dt.isIntegral { return try dt.dispatchIntegral(IntegralArithmetic(op: op, x: x, y: y, alpha: alpha)) }
    // bool: + is or, * is and (alpha, a bool, scales by and)
    let al = alpha?.converted(to: Bool.self) ?? true
    return try mapBinary(x, y, Bool.self, outDType: .bool) { op == .mul ? $0 && $1 : $0 || (al && $1) }
}

/// Floating arithmetic in the compute type (float32 for float16/bfloat16), rounded once.
/// `a ± alpha * b` is one fused multiply-add, as PyTorch's vectorised add computes it.
private struct FloatArithmetic: FloatingKernel {
    let op: ArithOp, x: Tensor, y: Tensor, alpha: Scalar?
    func run<T: FloatingElement>(_: T.Type) throws -> Tensor {
        let al = T.Compute(alpha?.doubleValue ?? 1)
        switch op {
        case .add:
            if al == 1 { return try mapBinary(x, y, T.self, outDType: T.dtype) { T(compute: $0.compute + $1.compute) } }
            return try mapBinary(x, y, T.self, outDType: T.dtype) { T(compute: $0.compute.addingProduct($1.compute, al)) }
        case .sub:
            if al == 1 { return try mapBinary(x, y, T.self, outDType: T.dtype) { T(compute: $0.compute - $1.compute) } }
            return try mapBinary(x, y, T.self, outDType: T.dtype) { T(compute: $0.compute.addingProduct($1.compute, -al)) }
        case .mul: return try mapBinary(x, y, T.self, outDType: T.dtype) { T(compute: $0.compute * $1.compute) }
        case .div: return try mapBinary(x, y, T.self, outDType: T.dtype) { T(compute: $0.compute / $1.compute) }
        }
    }
}

/// `x * s` / `x / s` for float16/bfloat16 x and a float32 scalar, rounded once.
private struct ReducedFloatScalarKernel: FloatingKernel {
    let op: ArithOp, x: Tensor, scalar: Float
    func run<T: FloatingElement>(_: T.Type) throws -> Tensor {
        let s = T.Compute(scalar)
        if op == .mul { return try mapUnary(x, T.self, outDType: T.dtype) { T(compute: $0.compute * s) } }
        return try mapUnary(x, T.self, outDType: T.dtype) { T(compute: $0.compute / s) }
    }
}

/// Integer arithmetic wraps on overflow, as C++ does on PyTorch's CPU.
private struct IntegralArithmetic: IntegralKernel {
    let op: ArithOp, x: Tensor, y: Tensor, alpha: Scalar?
    func run<T: IntegralElement>(_: T.Type) throws -> Tensor {
        let al = alpha?.converted(to: T.self) ?? 1
        switch op {
        case .add:
            if al == 1 { return try mapBinary(x, y, T.self, outDType: T.dtype) { $0 &+ $1 } }
            return try mapBinary(x, y, T.self, outDType: T.dtype) { $0 &+ al &* $1 }
        case .sub:
            if al == 1 { return try mapBinary(x, y, T.self, outDType: T.dtype) { $0 &- $1 } }
            return try mapBinary(x, y, T.self, outDType: T.dtype) { $0 &- al &* $1 }
        case .mul: return try mapBinary(x, y, T.self, outDType: T.dtype) { $0 &* $1 }
        case .div: preconditionFailure("true division computes in a floating dtype")
        }
    }
}

/// `a + alpha * b`.
public func add(_ a: Tensor, _ b: Tensor, alpha: Scalar? = nil) throws -> Tensor {
    try add(.tensor(a), .tensor(b), alpha: alpha)
}

public func add(_ a: Operand, _ b: Operand, alpha: Scalar? = nil) throws -> Tensor {
    let out = try arithmetic(.add, a, b, alpha: alpha)
    let ta = a.tensor, tb = b.tensor
    return out.recording(AddBackward0(aShape: ta.shape, bShape: tb.shape, alpha: alpha?.doubleValue ?? 1), inputs: [ta, tb])
}

/// `a - alpha * b`; a Python number minus a tensor is `rsub` (RsubBackward1).
public func sub(_ a: Operand, _ b: Operand, alpha: Scalar? = nil) throws -> Tensor {
    if case .scalar = a, case .tensor(let tb) = b {
        let out = try arithmetic(.sub, a, b, alpha: alpha)
        return out.recording(RsubBackward1(alpha: alpha?.doubleValue ?? 1), inputs: [tb])
    }
    let out = try arithmetic(.sub, a, b, alpha: alpha)
    let ta = a.tensor, tb = b.tensor
    return out.recording(SubBackward0(aShape: ta.shape, bShape: tb.shape, alpha: alpha?.doubleValue ?? 1), inputs: [ta, tb])
}

public func mul(_ a: Operand, _ b: Operand) throws -> Tensor {
    let ta = a.tensor, tb = b.tensor
    let out = try arithmetic(.mul, a, b)
    return out.recording(MulBackward0(a: ta, b: tb), inputs: [ta, tb])
}

/// True division. A Python number divided by a tensor is `reciprocal(t) * n`, as PyTorch does it.
public func div(_ a: Operand, _ b: Operand) throws -> Tensor {
    if case .scalar(let s) = a, case .tensor(let tb) = b {
        return try mul(.tensor(try reciprocal(tb)), .scalar(s))
    }
    let ta = a.tensor, tb = b.tensor
    let out = try arithmetic(.div, a, b)
    return out.recording(DivBackward0(a: ta, b: tb), inputs: [ta, tb])
}

/// `torch.reciprocal` (integers and bool give the default dtype).
public func reciprocal(_ t: Tensor) throws -> Tensor {
    let out = try floatUnary(t, { 1 / $0 }, { 1 / $0 })
    return out.recording(ReciprocalBackward0(result: out), inputs: [t])
}

/// `a // b` (floor division, `torch.floor_divide`) and `a % b` (`torch.remainder`, Python's sign
/// rule), without gradients, in the promoted dtype. Integer division by zero is PyTorch's error.
public func floorDivide(_ a: Operand, _ b: Operand) throws -> Tensor {
    try divisionLike(.floor, a, b, name: "div_floor_cpu")
}

public func remainder(_ a: Operand, _ b: Operand) throws -> Tensor {
    try divisionLike(.remainder, a, b, name: "remainder_cpu")
}

/// `div(a, b, rounding_mode='trunc')`.
public func truncDivide(_ a: Operand, _ b: Operand) throws -> Tensor {
    try divisionLike(.trunc, a, b, name: "div_trunc_cpu")
}

enum DivisionKind { case floor, trunc, remainder }

private func divisionLike(_ kind: DivisionKind, _ a: Operand, _ b: Operand, name: String) throws -> Tensor {
    let dt = promoteTypes(a, b)
    if dt == .bool { throw TorchError.notImplemented(name, .bool) }
    let x = try a.tensor.to(dt), y = try b.tensor.to(dt)
    if dt.isFloatingPoint { return try dt.dispatchFloating(FloatDivision(kind: kind, x: x, y: y)) }
    return try dt.dispatchIntegral(IntegralDivision(kind: kind, x: x, y: y))
}

/// ATen's `div_floor_floating`, `div_trunc` and `remainder` for floating types.
private struct FloatDivision: FloatingKernel {
    let kind: DivisionKind, x: Tensor, y: Tensor
    func run<T: FloatingElement>(_: T.Type) throws -> Tensor {
        switch kind {
        case .trunc:
            return try mapBinary(x, y, T.self, outDType: T.dtype) { T(compute: ($0.compute / $1.compute).rounded(.towardZero)) }
        case .remainder:
            return try mapBinary(x, y, T.self, outDType: T.dtype) { p, q in
                let (a, b) = (p.compute, q.compute)
                let r = T.Compute.fmod(a, b)
                return T(compute: (r != 0 && ((r < 0) != (b < 0))) ? r + b : r)
            }
        case .floor:
            return try mapBinary(x, y, T.self, outDType: T.dtype) { p, q in
                let (a, b) = (p.compute, q.compute)
                if b == 0 { return T(compute: a / b) }
                let mod = T.Compute.fmod(a, b)
                var div = (a - mod) / b
                if mod != 0 && (b < 0) != (mod < 0) { div -= 1 }
                if div == 0 { return T(compute: T.Compute(signOf: a / b, magnitudeOf: 0)) }
                var floordiv = div.rounded(.down)
                if div - floordiv > 0.5 { floordiv += 1 }
                return T(compute: floordiv)
            }
        }
    }
}

/// Integer floor/trunc division and remainder; INT_MIN / -1 wraps instead of trapping.
private struct IntegralDivision: IntegralKernel {
    let kind: DivisionKind, x: Tensor, y: Tensor
    func run<T: IntegralElement>(_: T.Type) throws -> Tensor {
        let divisor = try y.contiguousCopy()
        let dp = divisor.pointer(T.self)
        for i in 0..<divisor.numel where dp[i] == 0 { throw TorchError.runtime("ZeroDivisionError") }
        switch kind {
        case .trunc:
            return try mapBinary(x, y, T.self, outDType: T.dtype) { $0.dividedReportingOverflow(by: $1).partialValue }
        case .floor:
            return try mapBinary(x, y, T.self, outDType: T.dtype) { p, q in
                let d = p.dividedReportingOverflow(by: q).partialValue
                let r = p.remainderReportingOverflow(dividingBy: q).partialValue
                return (r != 0 && ((p < 0) != (q < 0))) ? d &- 1 : d
            }
        case .remainder:
            return try mapBinary(x, y, T.self, outDType: T.dtype) { p, q in
                let r = p.remainderReportingOverflow(dividingBy: q).partialValue
                return (r != 0 && ((r < 0) != (q < 0))) ? r &+ q : r
            }
        }
    }
}

/// `a ** b`: tensor ** number (PowBackward0), tensor ** tensor (PowBackward1), number ** tensor
/// (PowBackward2), in the promoted dtype.
public func pow(_ a: Operand, _ b: Operand) throws -> Tensor {
    let ta = a.tensor, tb = b.tensor
    let dt = promoteTypes(a, b)
    if dt == .bool { throw TorchError.notImplemented("pow", .bool) }
    if dt.isIntegral {
        if case .scalar(let s) = b, s.doubleValue < 0 {
            throw TorchError.runtime("Integers to negative integer powers are not allowed.")
        }
        return try dt.dispatchIntegral(IntegralPower(x: try ta.to(dt), y: try tb.to(dt)))
    }
    let x = try ta.to(dt), y = try tb.to(dt)
    if case .scalar(let s) = b {
        let out = dt == .float32 ? try powScalarFloat(x, s.doubleValue) : try dt.dispatchFloating(FloatPowerScalar(x: x, exponent: s.doubleValue))
        return out.recording(PowBackward0(base: ta, exponent: s.doubleValue), inputs: [ta])
    }
    // float32: SLEEF on vector bodies, powf on tails, the split following TensorIterator's rows.
    let out = dt == .float32 ? try F32.mapByRows(x, y) { nk_pow_f32($0, $1, $2, $3, 1) } : try dt.dispatchFloating(FloatPower(x: x, y: y))
    if case .scalar(let s) = a {
        return out.recording(PowBackward2(exponent: tb, result: out, base: s.doubleValue), inputs: [tb])
    }
    return out.recording(PowBackward1(base: ta, exponent: tb, result: out), inputs: [ta, tb])
}

/// ATen's `powi`: square-and-multiply with wrapping; a negative exponent gives 0 unless the
/// base is ±1.
private struct IntegralPower: IntegralKernel {
    let x: Tensor, y: Tensor
    func run<T: IntegralElement>(_: T.Type) throws -> Tensor {
        try mapBinary(x, y, T.self, outDType: T.dtype) { (base: T, e: T) -> T in
            if e < 0 {
                if base == 1 { return 1 }
                if T.isSigned && base == 0 &- 1 { return (0 &- e) % 2 != 0 ? base : 1 }
                return 0
            }
            var r: T = 1, bb = base, ee = e
            while ee != 0 { if ee & 1 == 1 { r = r &* bb }; ee /= 2; bb = bb &* bb }
            return r
        }
    }
}

/// `pow(tensor, scalar)` with ATen's special exponents (squares, roots and reciprocals are
/// computed directly, not through powf).
private struct FloatPowerScalar: FloatingKernel {
    let x: Tensor, exponent: Double
    func run<T: FloatingElement>(_: T.Type) throws -> Tensor {
        let e = T.Compute(exponent)
        switch exponent {
        case 1: return try x.contiguousCopy()
        case 2: return try mapUnary(x, T.self, outDType: T.dtype) { let v = $0.compute; return T(compute: v * v) }
        case 3: return try mapUnary(x, T.self, outDType: T.dtype) { let v = $0.compute; return T(compute: v * v * v) }
        case 0.5: return try mapUnary(x, T.self, outDType: T.dtype) { T(compute: $0.compute.squareRoot()) }
        case -0.5: return try mapUnary(x, T.self, outDType: T.dtype) { T(compute: 1 / $0.compute.squareRoot()) }
        case -1: return try mapUnary(x, T.self, outDType: T.dtype) { T(compute: 1 / $0.compute) }
        case -2: return try mapUnary(x, T.self, outDType: T.dtype) { let v = $0.compute; return T(compute: 1 / (v * v)) }
        default: return try mapUnary(x, T.self, outDType: T.dtype) { T(compute: T.Compute.pow($0.compute, e)) }
        }
    }
}

private struct FloatPower: FloatingKernel {
    let x: Tensor, y: Tensor
    func run<T: FloatingElement>(_: T.Type) throws -> Tensor {
        try mapBinary(x, y, T.self, outDType: T.dtype) { T(compute: T.Compute.pow($0.compute, $1.compute)) }
    }
}

/// float32 `x ** e` as ATen's pow_tensor_scalar picks its kernel: 0 and 1 fill and copy, 0.5 is
/// sqrt (MKL VML), -0.5 rsqrt, -1 reciprocal, 2 and 3 plain products, others SLEEF's pow on
/// the vector body and double pow on the tail.
func powScalarFloat(_ x: Tensor, _ e: Double) throws -> Tensor {
    switch e {
    case 0: return try Tensor.ones(x.shape)
    case 1: return try x.contiguousCopy()
    case 0.5: return try F32.map(x, nk_vsqrt_f32)
    case -0.5: return try mapUnary(x, Float.self, outDType: .float32) { 1 / $0.squareRoot() }
    case -1: return try mapUnary(x, Float.self, outDType: .float32) { 1 / $0 }
    case 2: return try mapUnary(x, Float.self, outDType: .float32) { $0 * $0 }
    case 3: return try mapUnary(x, Float.self, outDType: .float32) { $0 * $0 * $0 }
    default: return try F32.map(x) { nk_pow_scalar_f32($0, e, $1, $2, F32.threads) }
    }
}

// MARK: in-place arithmetic

extension Tensor {
    /// `add_`, `sub_`, `mul_`, `div_`: self op= other (other broadcast to self's shape).
    @discardableResult
    public func arithmeticInPlace(_ op: ArithOpName, _ other: Operand, alpha: Scalar? = nil) throws -> Tensor {
        try checkInPlace()
        let o = other.tensor
        let shape = try broadcastShapes(self.shape, o.shape)
        guard shape == self.shape else {
            throw TorchError.runtime("output with shape \(shapeList(self.shape)) doesn't match the broadcast shape \(shapeList(shape))")
        }
        if op == .sub { try checkSubtraction(.tensor(self), other) }
        var common = promoteTypes(.tensor(self), other)
        if op == .div && !common.isFloatingPoint { common = DType.defaultFloat }
        try checkCanCast(common, to: dtype)
        let result: Tensor
        switch op {
        case .add: result = try arithmetic(.add, .tensor(self), other, alpha: alpha)
        case .sub: result = try arithmetic(.sub, .tensor(self), other, alpha: alpha)
        case .mul: result = try arithmetic(.mul, .tensor(self), other)
        case .div: result = try arithmetic(.div, .tensor(self), other)
        }
        // Save what the backward needs before self's data changes.
        let node: Node
        switch op {
        case .add: node = AddBackward0(aShape: shape, bShape: o.shape, alpha: alpha?.doubleValue ?? 1)
        case .sub: node = SubBackward0(aShape: shape, bShape: o.shape, alpha: alpha?.doubleValue ?? 1)
        case .mul: node = MulBackward0(a: Tensor.needsGrad([o]) ? try self.contiguousCopy() : self, b: o)
        case .div: node = DivBackward0(a: Tensor.needsGrad([o]) ? try self.contiguousCopy() : self, b: o)
        }
        copyElements(from: result, srcStrides: result.strides, to: self, shape: self.shape)
        try rebaseHistory(node, inputs: [self, o])
        return self
    }

    public enum ArithOpName { case add, sub, mul, div }
}

/// An in-place op may write its result into `output` only when the cast keeps the category
/// (`torch.can_cast`): PyTorch's "result type Float can't be cast to the desired output type Long".
public func checkCanCast(_ result: DType, to output: DType) throws {
    guard DType.canCast(result, to: output) else {
        throw TorchError.runtime("result type \(result.scalarName) can't be cast to the desired output type \(output.scalarName)")
    }
}

// MARK: backward nodes

/// self: grad;  other: grad * alpha  (each summed to its input's shape)
final class AddBackward0: Node {
    let aShape: [Int], bShape: [Int], alpha: Double
    init(aShape: [Int], bShape: [Int], alpha: Double) { self.aShape = aShape; self.bShape = bShape; self.alpha = alpha }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let gb = alpha == 1 ? grad : try mul(.tensor(grad), .scalar(.float(alpha)))
        return [try grad.sumTo(aShape), try gb.sumTo(bShape)]
    }
}

/// self: grad;  other: -grad * alpha
final class SubBackward0: Node {
    let aShape: [Int], bShape: [Int], alpha: Double
    init(aShape: [Int], bShape: [Int], alpha: Double) { self.aShape = aShape; self.bShape = bShape; self.alpha = alpha }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        [try grad.sumTo(aShape), try mul(.tensor(grad), .scalar(.float(-alpha))).sumTo(bShape)]
    }
}

/// self: -grad * alpha  (for `number - tensor`)
final class RsubBackward1: Node {
    let alpha: Double
    init(alpha: Double) { self.alpha = alpha }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try mul(.tensor(grad), .scalar(.float(-alpha)))] }
}

/// self: grad * other;  other: grad * self
final class MulBackward0: BinarySavedNode {
    let aShape: [Int], bShape: [Int]
    /// Each input's gradient needs the other input.
    override init(a: Tensor, b: Tensor) {
        aShape = a.shape; bShape = b.shape
        super.init(a: a, b: b)
    }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        // Unpack only what is needed: an input modified in place after the product matters
        // only when its partner's gradient is wanted.
        let ga = nextEdges.count > 0 && nextEdges[0] != nil ? try mul(.tensor(grad), .tensor(try b.unpack(self))).sumTo(aShape) : nil
        let gb = nextEdges.count > 1 && nextEdges[1] != nil ? try mul(.tensor(grad), .tensor(try a.unpack(self))).sumTo(bShape) : nil
        return [ga, gb]
    }
}

/// self: grad / other;  other: -grad * self / (other * other)
final class DivBackward0: BinarySavedNode {
    let aShape: [Int], bShape: [Int]
    override init(a: Tensor, b: Tensor) {
        aShape = a.shape; bShape = b.shape
        super.init(a: a, b: b)
    }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let bv = try b.unpack(self)
        let ga = nextEdges[0] != nil ? try div(.tensor(grad), .tensor(bv)).sumTo(aShape) : nil
        var gb: Tensor? = nil
        if nextEdges.count > 1, nextEdges[1] != nil {
            let av = try a.unpack(self)
            let num = try mul(.tensor(try neg(grad)), .tensor(av))
            gb = try div(.tensor(num), .tensor(try mul(.tensor(bv), .tensor(bv)))).sumTo(bShape)
        }
        return [ga, gb]
    }
}

/// self: -grad * result * result
final class ReciprocalBackward0: SavedResultNode {
    init(result: Tensor) { super.init(result: result, producer: "Reciprocal") }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let r = try result.unpack(self)
        return [try mul(.tensor(try neg(grad)), .tensor(try mul(.tensor(r), .tensor(r))))]
    }
}

/// self: grad * exponent * self^(exponent - 1)
final class PowBackward0: Node {
    var base: SavedTensor
    let exponent: Double
    init(base: Tensor, exponent: Double) { self.base = SavedTensor(base); self.exponent = exponent }
    override var savesTensors: Bool { true }
    override func releaseSaved() { base.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let x = try base.unpack(self)
        if exponent == 0 { return [try Tensor.zeros(x.shape, dtype: grad.dtype)] }
        // grad * (exponent * self^(exponent - 1)), in that order (FunctionsManual pow_backward).
        let p = try pow(.tensor(x), .scalar(.float(exponent - 1)))
        return [try mul(.tensor(grad), .tensor(try mul(.scalar(.float(exponent)), .tensor(p))))]
    }
}

/// self: grad * exponent * self^(exponent-1);  exponent: grad * result * log(self)
final class PowBackward1: Node {
    var base: SavedTensor, exponent: SavedTensor, result: SavedTensor
    let aShape: [Int], bShape: [Int]
    init(base: Tensor, exponent: Tensor, result: Tensor) {
        self.base = SavedTensor(base); self.exponent = SavedTensor(exponent)
        self.result = SavedTensor(result, asOutputOf: "Pow")
        aShape = base.shape; bShape = exponent.shape
    }
    override var savesTensors: Bool { true }
    override func releaseSaved() { base.release(); exponent.release(); result.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        // FunctionsManual's pow_backward_self / pow_backward_exponent, operation for operation.
        let x = try base.unpack(self), e = try exponent.unpack(self), r = try result.unpack(self)
        var ga: Tensor? = nil, gb: Tensor? = nil
        if nextEdges[0] != nil {
            let em1 = try sub(.tensor(e), .scalar(.int(1)))
            let d = try mul(.tensor(grad), .tensor(try mul(.tensor(e), .tensor(try pow(.tensor(x), .tensor(em1))))))
            ga = try whereSelect(try compare(.eq, .tensor(e), .scalar(.float(0))), .scalar(.float(0)), .tensor(d)).sumTo(aShape)
        }
        if nextEdges.count > 1 && nextEdges[1] != nil {
            let cond = try logical(.and, .tensor(try compare(.eq, .tensor(x), .scalar(.float(0)))), .tensor(try compare(.ge, .tensor(e), .scalar(.float(0)))))
            let rl = try mul(.tensor(r), .tensor(try log(x)))
            gb = try mul(.tensor(grad), .tensor(try whereSelect(cond, .scalar(.float(0)), .tensor(rl)))).sumTo(bShape)
        }
        return [ga, gb]
    }
}

/// exponent: grad * result * log(base)
final class PowBackward2: Node {
    var result: SavedTensor, exponentT: SavedTensor
    let base: Double
    init(exponent: Tensor, result: Tensor, base: Double) {
        self.result = SavedTensor(result, asOutputOf: "Pow"); self.exponentT = SavedTensor(exponent); self.base = base
    }
    override var savesTensors: Bool { true }
    override func releaseSaved() { result.release(); exponentT.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        // grad * (result * log(base)), zero where base == 0 and the exponent >= 0.
        let r = try result.unpack(self)
        let rl = try mul(.tensor(r), .scalar(.float(Foundation.log(base))))
        if base == 0 { return [try mul(.tensor(grad), .tensor(try whereSelect(try compare(.ge, .tensor(exponentT.unpack(self)), .scalar(.float(0))), .scalar(.float(0)), .tensor(rl))))] }
        return [try mul(.tensor(grad), .tensor(rl))]
    }
}
