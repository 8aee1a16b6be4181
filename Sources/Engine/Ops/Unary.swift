import Foundation
import CKernels

/// Elementwise math of one tensor: neg exp log sqrt abs sin cos clamp, each with its backward.

/// Runs a floating kernel over `t`: `f` for float32 (and for float16/bfloat16, which compute in
/// float32 and round back, as PyTorch's CPU kernels do), `d` for float64. Integer and bool
/// inputs compute in the default dtype, as PyTorch's floating unary ops promote them.
@inline(__always)
func floatUnary(_ t: Tensor, _ f: (Float) -> Float, _ d: (Double) -> Double) throws -> Tensor {
    let x = try t.to(t.dtype.floatingResult)
    switch x.dtype {
    case .float32: return try mapUnary(x, Float.self, outDType: .float32, f)
    case .float64: return try mapUnary(x, Double.self, outDType: .float64, d)
    case .float16: return try mapUnary(x, Float16.self, outDType: .float16) { Float16(f(Float($0))) }
    default: return try mapUnary(x, BFloat16.self, outDType: .bfloat16) { BFloat16(f($0.float)) }
    }
}

/// The same kernel for both compute types, for functions ComputeFloat provides. float32 and
/// float64 go through MKL VML as in PyTorch's build (its sqrt is not correctly rounded).
func floatUnary(_ t: Tensor, _ f: FloatFunction) throws -> Tensor {
    let x = try t.to(t.dtype.floatingResult)
    if x.dtype == .float32 { return try F32.map(x, f.vml32) }
    if x.dtype == .float64 { return try F64.map(x, f.vml64) }
    switch f {
    case .exp: return try floatUnary(t, { Float.exp($0) }, { Double.exp($0) })
    case .log: return try floatUnary(t, { Float.log($0) }, { Double.log($0) })
    case .sqrt: return try floatUnary(t, { $0.squareRoot() }, { $0.squareRoot() })
    case .sin: return try floatUnary(t, { Float.sin($0) }, { Double.sin($0) })
    case .cos: return try floatUnary(t, { Float.cos($0) }, { Double.cos($0) })
    case .tanh: return try floatUnary(t, { Float.tanh($0) }, { Double.tanh($0) })
    }
}

enum FloatFunction {
    case exp, log, sqrt, sin, cos, tanh

    /// MKL VML's functions (CKernels falls back to glibc without MKL).
    var vml32: F32.Unary {
        switch self {
        case .exp: return nk_vexp_f32
        case .log: return nk_vlog_f32
        case .sqrt: return nk_vsqrt_f32
        case .sin: return nk_vsin_f32
        case .cos: return nk_vcos_f32
        case .tanh: return nk_vtanh_f32
        }
    }
    var vml64: F64.Unary {
        switch self {
        case .exp: return nk_vexp_f64
        case .log: return nk_vlog_f64
        case .sqrt: return nk_vsqrt_f64
        case .sin: return nk_vsin_f64
        case .cos: return nk_vcos_f64
        case .tanh: return nk_vtanh_f64
        }
    }
}

/// `-t`: integers wrap; bool is PyTorch's error.
public func neg(_ t: Tensor) throws -> Tensor {
    if t.dtype == .bool {
        throw TorchError.notImplemented("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    }
    let out = try SignedMap.apply(t, .neg)
    return out.recording(NegBackward0(), inputs: [t])
}

public func exp(_ t: Tensor) throws -> Tensor {
    let out = try floatUnary(t, .exp)
    return out.recording(ExpBackward0(result: out), inputs: [t])
}

public func log(_ t: Tensor) throws -> Tensor {
    let out = try floatUnary(t, .log)
    return out.recording(LogBackward0(input: t), inputs: [t])
}

/// `log1p`: SLEEF's vectorized log1p on every float32 element (ATen's vml::vlog1p, 8 lanes).
public func log1p(_ t: Tensor) throws -> Tensor {
    let x = try t.to(t.dtype.floatingResult)
    let out = x.dtype == .float32 ? try F32.map(x, nk_log1p_f32_all) : try floatUnary(x, { Foundation.log1p($0) }, { Foundation.log1p($0) })
    return out.recording(Log1PBackward0(input: t), inputs: [t])
}

public func sqrt(_ t: Tensor) throws -> Tensor {
    let out = try floatUnary(t, .sqrt)
    return out.recording(SqrtBackward0(result: out), inputs: [t])
}

/// `abs`: integers wrap (abs(INT8_MIN) stays negative); bool is PyTorch's error.
public func abs(_ t: Tensor) throws -> Tensor {
    if t.dtype == .bool { throw TorchError.notImplemented("abs_cpu", .bool) }
    let out = try SignedMap.apply(t, .abs)
    return out.recording(AbsBackward0(input: t), inputs: [t])
}

/// neg, abs and sign for every non-bool dtype: written once over the element's arithmetic.
private struct SignedMap: FloatingKernel, IntegralKernel {
    enum Kind { case neg, abs, sign }
    let t: Tensor, kind: Kind

    /// Picks the floating or integral specialisation (bool: sign(b) is b).
    static func apply(_ t: Tensor, _ kind: Kind) throws -> Tensor {
        let k = SignedMap(t: t, kind: kind)
        if t.dtype.isFloatingPoint { return try t.dtype.dispatchFloating(k) }
        if t.dtype.isIntegral { return try t.dtype.dispatchIntegral(k) }
        return try t.contiguousCopy()
    }

    func run<F: FloatingElement>(_: F.Type) throws -> Tensor {
        switch kind {
        case .neg: return try mapUnary(t, F.self, outDType: F.dtype) { F(compute: -$0.compute) }
        case .abs: return try mapUnary(t, F.self, outDType: F.dtype) { F(compute: Swift.abs($0.compute)) }
        case .sign:
            return try mapUnary(t, F.self, outDType: F.dtype) { x in
                let v = x.compute
                return F(compute: v > 0 ? 1 : (v < 0 ? -1 : (v.isNaN ? v : 0)))
            }
        }
    }
    func run<I: IntegralElement>(_: I.Type) throws -> Tensor {
        switch kind {
        case .neg: return try mapUnary(t, I.self, outDType: I.dtype) { 0 &- $0 }
        case .abs: return try mapUnary(t, I.self, outDType: I.dtype) { $0 < 0 ? 0 &- $0 : $0 }
        case .sign: return try mapUnary(t, I.self, outDType: I.dtype) { (v: I) -> I in v > 0 ? 1 : (v < 0 ? 0 &- 1 : 0) }
        }
    }
}

public func sin(_ t: Tensor) throws -> Tensor {
    let out = try floatUnary(t, .sin)
    return out.recording(SinBackward0(input: t), inputs: [t])
}

public func cos(_ t: Tensor) throws -> Tensor {
    let out = try floatUnary(t, .cos)
    return out.recording(CosBackward0(input: t), inputs: [t])
}

/// `clamp(min, max)` with Python numbers as bounds, in `result_type(t, min, max)` (an int tensor
/// clamped to 0.5 becomes float). NaN inputs stay NaN. ClampBackward1 passes the gradient only
/// strictly inside the bounds (PyTorch gives 0 on a bound).
public func clamp(_ t: Tensor, min lo: Scalar?, max hi: Scalar?) throws -> Tensor {
    guard lo != nil || hi != nil else { throw TorchError.runtime("torch.clamp: At least one of 'min' or 'max' must not be None") }
    var operands: [Operand] = [.tensor(t)]
    if let lo { operands.append(.scalar(lo)) }
    if let hi { operands.append(.scalar(hi)) }
    let dt = resultType(operands.map { ($0.dtype, $0.promotionRank) })
    if dt == .bool {
        throw TorchError.notImplemented(lo == nil ? "clamp_max_scalar_cpu" : hi == nil ? "clamp_min_scalar_cpu" : "clamp_scalar_cpu", .bool)
    }
    let x = try t.to(dt)
    let k = ClampKernel(x: x, lo: lo, hi: hi)
    let out = dt.isFloatingPoint ? try dt.dispatchFloating(k) : try dt.dispatchIntegral(k)
    return out.recording(ClampBackward1(input: t, min: lo?.doubleValue, max: hi?.doubleValue), inputs: [t])
}

/// min(max(v, lo), hi), as ATen computes it (hi wins when lo > hi; NaN stays NaN), with the
/// bounds converted to the result dtype.
private struct ClampKernel: FloatingKernel, IntegralKernel {
    let x: Tensor, lo: Scalar?, hi: Scalar?
    func run<T: FloatingElement>(_: T.Type) throws -> Tensor {
        let l = lo.map { $0.converted(to: T.self).compute }, h = hi.map { $0.converted(to: T.self).compute }
        switch (l, h) {
        case let (l?, h?): return try mapUnary(x, T.self, outDType: T.dtype) { v in
            let c = v.compute
            return c.isNaN ? v : T(compute: Swift.min(Swift.max(c, l), h))
        }
        case let (l?, nil): return try mapUnary(x, T.self, outDType: T.dtype) { v in v.compute.isNaN ? v : T(compute: Swift.max(v.compute, l)) }
        case let (nil, h?): return try mapUnary(x, T.self, outDType: T.dtype) { v in v.compute.isNaN ? v : T(compute: Swift.min(v.compute, h)) }
        default: return try x.contiguousCopy()
        }
    }
    func run<T: IntegralElement>(_: T.Type) throws -> Tensor {
        let l = lo.map { $0.converted(to: T.self) } ?? T.min, h = hi.map { $0.converted(to: T.self) } ?? T.max
        return try mapUnary(x, T.self, outDType: T.dtype) { Swift.min(Swift.max($0, l), h) }
    }
}

// MARK: backward nodes

/// self: -grad
final class NegBackward0: Node {
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try neg(grad)] }
}

/// self: grad * result
final class ExpBackward0: SavedResultNode {
    init(result: Tensor) { super.init(result: result, producer: "Exp") }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try mul(.tensor(grad), .tensor(try result.unpack(self)))] }
}

/// self: grad / self
final class LogBackward0: SavedInputNode {
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try div(.tensor(grad), .tensor(try input.unpack(self)))] }
}

/// self: grad / (self + 1)
final class Log1PBackward0: SavedInputNode {
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        [try div(.tensor(grad), .tensor(try add(.tensor(try input.unpack(self)), .scalar(.int(1)))))]
    }
}

/// self: grad / (2 * result)
final class SqrtBackward0: SavedResultNode {
    init(result: Tensor) { super.init(result: result, producer: "Sqrt") }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        [try div(.tensor(grad), .tensor(try mul(.tensor(try result.unpack(self)), .scalar(.int(2)))))]
    }
}

/// self: grad * sign(self) (0 at 0)
final class AbsBackward0: SavedInputNode {
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        [try mul(.tensor(grad), .tensor(try SignedMap.apply(try input.unpack(self), .sign)))]
    }
}

/// self: grad * cos(self)
final class SinBackward0: SavedInputNode {
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try mul(.tensor(grad), .tensor(try cos(try input.unpack(self))))] }
}

/// self: -grad * sin(self)
final class CosBackward0: SavedInputNode {
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        [try mul(.tensor(grad), .tensor(try neg(try sin(try input.unpack(self)))))]
    }
}

/// self: grad where min < self < max (0 on the bounds and outside)
final class ClampBackward1: Node {
    var input: SavedTensor
    let lo: Double?, hi: Double?
    init(input: Tensor, min: Double?, max: Double?) { self.input = SavedTensor(input); lo = min; hi = max }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let x = try input.unpack(self)
        var inside = try Tensor.full(x.shape, .bool(true), dtype: .bool)
        if let lo { inside = try logical(.and, .tensor(inside), .tensor(try compare(.gt, .tensor(x), .scalar(.float(lo))))) }
        if let hi { inside = try logical(.and, .tensor(inside), .tensor(try compare(.lt, .tensor(x), .scalar(.float(hi))))) }
        return [try whereSelect(inside, .tensor(grad), .scalar(.int(0)))]
    }
}

/// Rounding-like functions whose gradient is zero everywhere PyTorch defines it.
public enum RoundingKind: String { case round, floor, ceil, trunc, sign, frac }

/// `round floor ceil trunc sign frac`: integers pass through round/floor/ceil/trunc unchanged
/// (a copy), bool has only sign; frac needs a floating dtype.
public func rounding(_ t: Tensor, _ kind: RoundingKind) throws -> Tensor {
    let out: Tensor
    if kind == .sign {
        out = try SignedMap.apply(t, .sign)
    } else if !t.dtype.isFloatingPoint {
        if kind == .frac { throw TorchError.notImplemented("frac_cpu", t.dtype) }
        if t.dtype == .bool { throw TorchError.notImplemented("\(kind.rawValue)_vml_cpu", .bool) }
        out = try t.contiguousCopy()
    } else {
        switch kind {
        case .round: out = try floatUnary(t, { $0.rounded(.toNearestOrEven) }, { $0.rounded(.toNearestOrEven) })
        case .floor: out = try floatUnary(t, { $0.rounded(.down) }, { $0.rounded(.down) })
        case .ceil: out = try floatUnary(t, { $0.rounded(.up) }, { $0.rounded(.up) })
        case .trunc: out = try floatUnary(t, { $0.rounded(.towardZero) }, { $0.rounded(.towardZero) })
        case .frac: out = try floatUnary(t, { $0 - $0.rounded(.towardZero) }, { $0 - $0.rounded(.towardZero) })
        case .sign: preconditionFailure()
        }
    }
    let name = kind == .frac ? "FracBackward0" : kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst() + "Backward0"
    return out.recording(kind == .frac ? IdentityGradBackward(name: name) : ZeroGradBackward(name: name, shape: t.shape), inputs: [t])
}

/// round/floor/ceil/trunc/sign: zero gradient.
final class ZeroGradBackward: Node {
    let nodeName: String, shape: [Int]
    init(name: String, shape: [Int]) { nodeName = name; self.shape = shape }
    override var name: String { nodeName }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try Tensor.zeros(shape, dtype: grad.dtype)] }
}

/// frac: the gradient passes through.
final class IdentityGradBackward: Node {
    let nodeName: String
    init(name: String) { nodeName = name }
    override var name: String { nodeName }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [grad] }
}
