import Foundation
import CKernels

/// Elementwise math of one tensor: neg exp log sqrt abs sin cos clamp, each with its backward.

/// Runs a float32 kernel over `t` (ints are promoted to float first, as PyTorch's float ops do).
func floatUnary(_ t: Tensor, _ f: (Float) -> Float) throws -> Tensor {
    try mapUnary(try t.to(.float32), Float.self, outDType: .float32, f)
}

public func neg(_ t: Tensor) throws -> Tensor {
    let out: Tensor
    switch t.dtype {
    case .float32: out = try mapUnary(t, Float.self, outDType: .float32) { -$0 }
    case .int64: out = try mapUnary(t, Int64.self, outDType: .int64) { 0 &- $0 }
    case .bool: throw TorchError.runtime("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    }
    return out.recording(NegBackward0(), inputs: [t])
}

public func exp(_ t: Tensor) throws -> Tensor {
    let out = try F32.unary(t, nk_vexp_f32) ?? floatUnary(t) { Foundation.exp($0) }
    return out.recording(ExpBackward0(result: out), inputs: [t])
}

public func log(_ t: Tensor) throws -> Tensor {
    let out = try F32.unary(t, nk_vlog_f32) ?? floatUnary(t) { Foundation.log($0) }
    return out.recording(LogBackward0(input: t), inputs: [t])
}

/// `log1p`: SLEEF's vectorized log1p on every element (ATen's vml::vlog1p), 8 lanes.
public func log1p(_ t: Tensor) throws -> Tensor {
    let out = try F32.unary(t, nk_log1p_f32_all) ?? floatUnary(t) { Foundation.log1p($0) }
    return out.recording(Log1PBackward0(input: t), inputs: [t])
}

public func sqrt(_ t: Tensor) throws -> Tensor {
    let out = try F32.unary(t, nk_vsqrt_f32) ?? floatUnary(t) { $0.squareRoot() }   // MKL VML: not correctly rounded
    return out.recording(SqrtBackward0(result: out), inputs: [t])
}

public func abs(_ t: Tensor) throws -> Tensor {
    let out: Tensor
    switch t.dtype {
    case .float32: out = try mapUnary(t, Float.self, outDType: .float32) { Swift.abs($0) }
    case .int64: out = try mapUnary(t, Int64.self, outDType: .int64) { $0 < 0 ? 0 &- $0 : $0 }
    case .bool: out = try t.contiguousCopy()
    }
    return out.recording(AbsBackward0(input: t), inputs: [t])
}

public func sin(_ t: Tensor) throws -> Tensor {
    let out = try F32.unary(t, nk_vsin_f32) ?? floatUnary(t) { Foundation.sin($0) }
    return out.recording(SinBackward0(input: t), inputs: [t])
}

public func cos(_ t: Tensor) throws -> Tensor {
    let out = try F32.unary(t, nk_vcos_f32) ?? floatUnary(t) { Foundation.cos($0) }
    return out.recording(CosBackward0(input: t), inputs: [t])
}

/// `clamp(min, max)`: ClampBackward1; gradient 1 strictly inside, also exactly on a bound it is
/// passed only where min <= x <= max (PyTorch: boundary values get the gradient 1 for clamp,
/// but `clamp(min=0)` at 0 gives 0 — see pytorch-behaviour.md 5.7: both give 0 on the bound).
public func clamp(_ t: Tensor, min lo: Double?, max hi: Double?) throws -> Tensor {
    guard lo != nil || hi != nil else { throw TorchError.runtime("torch.clamp: At least one of 'min' or 'max' must not be None") }
    let out: Tensor
    if t.dtype == .int64 && (lo.map { $0 == $0.rounded() } ?? true) && (hi.map { $0 == $0.rounded() } ?? true) {
        let l = lo.map { Int64($0) }, h = hi.map { Int64($0) }
        out = try mapUnary(t, Int64.self, outDType: .int64) { v in
            var r = v
            if let l, r < l { r = l }
            if let h, r > h { r = h }
            return r
        }
    } else {
        let l = lo.map { Float($0) }, h = hi.map { Float($0) }
        out = try floatUnary(t) { v in
            if v.isNaN { return v }
            var r = v
            if let l { r = Swift.max(r, l) }
            if let h { r = Swift.min(r, h) }
            return r
        }
    }
    return out.recording(ClampBackward1(input: t, min: lo, max: hi), inputs: [t])
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

/// self: grad * sign(self)
final class AbsBackward0: SavedInputNode {
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let s = try floatUnary(try input.unpack(self)) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        return [try mul(.tensor(grad), .tensor(s))]
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
        let l = lo.map { Float($0) }, h = hi.map { Float($0) }
        let x = try input.unpack(self).to(.float32)
        return [try mapBinary(try grad.to(.float32), x, Float.self, outDType: .float32) { g, v -> Float in
            if let l, !(v > l) { return 0 }
            if let h, !(v < h) { return 0 }
            return g
        }]
    }
}

/// Rounding-like functions whose gradient is zero everywhere PyTorch defines it.
public enum RoundingKind: String { case round, floor, ceil, trunc, sign, frac }

/// `round floor ceil trunc sign frac` (ints pass through unchanged except sign).
public func rounding(_ t: Tensor, _ kind: RoundingKind) throws -> Tensor {
    if t.dtype != .float32 && kind != .sign && kind != .frac { return try t.contiguousCopy() }
    let out: Tensor
    switch kind {
    case .round: out = try floatUnary(t) { $0.rounded(.toNearestOrEven) }
    case .floor: out = try floatUnary(t) { $0.rounded(.down) }
    case .ceil: out = try floatUnary(t) { $0.rounded(.up) }
    case .trunc: out = try floatUnary(t) { $0.rounded(.towardZero) }
    case .frac: out = try floatUnary(t) { $0 - $0.rounded(.towardZero) }
    case .sign:
        if t.dtype == .int64 { return try mapUnary(t, Int64.self, outDType: .int64) { v -> Int64 in v > 0 ? 1 : (v < 0 ? -1 : 0) } }
        out = try floatUnary(t) { v -> Float in v > 0 ? 1 : (v < 0 ? -1 : (v.isNaN ? v : 0)) }
    }
    let name = kind == .frac ? "FracBackward0" : kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst() + "Backward0"
    return out.recording(kind == .frac ? IdentityGradBackward(name: name) : ZeroGradBackward(name: name, shape: t.shape), inputs: [t])
}

/// round/floor/ceil/trunc/sign: zero gradient.
final class ZeroGradBackward: Node {
    let nodeName: String, shape: [Int]
    init(name: String, shape: [Int]) { nodeName = name; self.shape = shape }
    override var name: String { nodeName }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try Tensor.zeros(shape)] }
}

/// frac: the gradient passes through.
final class IdentityGradBackward: Node {
    let nodeName: String
    init(name: String) { nodeName = name }
    override var name: String { nodeName }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [grad] }
}
