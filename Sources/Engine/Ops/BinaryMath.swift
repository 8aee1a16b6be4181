import Foundation

/// More elementwise ops of two or three tensors — atan2, hypot, fmod, remainder (with
/// gradients), division with a rounding mode, lerp, addcmul, addcdiv, isclose — each with
/// PyTorch's derivative and node name.

private func mulT(_ a: Tensor, _ b: Tensor) throws -> Tensor { try mul(.tensor(a), .tensor(b)) }
private func divT(_ a: Tensor, _ b: Tensor) throws -> Tensor { try div(.tensor(a), .tensor(b)) }

/// A float op of two broadcast tensors in their promoted floating dtype (ints → default dtype).
func binaryFloat(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float, _ d: (Double, Double) -> Double) throws -> Tensor {
    let dt = DType.promote(a.dtype, b.dtype).floatingResult
    return try floatBinary(try a.to(dt), try b.to(dt), f, d)
}

/// A float op of three broadcast tensors in `dt` (computed in float64 for float64, else float32).
func ternaryFloat(_ a: Tensor, _ b: Tensor, _ c: Tensor, _ dt: DType, _ f: (Float, Float, Float) -> Float,
                  _ d: (Double, Double, Double) -> Double) throws -> Tensor {
    let shape = try broadcastShapes(try broadcastShapes(a.shape, b.shape), c.shape)
    let compute: DType = dt == .float64 ? .float64 : .float32
    let x = try a.to(compute).expand(shape).contiguousCopy(), y = try b.to(compute).expand(shape).contiguousCopy()
    let z = try c.to(compute).expand(shape).contiguousCopy()
    let out = try Tensor(shape: shape, dtype: compute, zeroed: false)
    if compute == .float64 {
        let (px, py, pz, po) = (x.pointer(Double.self), y.pointer(Double.self), z.pointer(Double.self), out.pointer(Double.self))
        for i in 0..<out.numel { po[i] = d(px[i], py[i], pz[i]) }
    } else {
        let (px, py, pz, po) = (x.pointer(Float.self), y.pointer(Float.self), z.pointer(Float.self), out.pointer(Float.self))
        for i in 0..<out.numel { po[i] = f(px[i], py[i], pz[i]) }
    }
    return try out.to(dt)
}

/// atan2(self, other); self: grad * other / (self² + other²), other: grad * -self / (self² + other²)
public func atan2(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let out = try binaryFloat(a, b, { Float.atan2($0, $1) }, { Double.atan2($0, $1) })
    return out.recordingFormula("Atan2Backward0", inputs: [a, b], saving: [a, b]) { s, g, n in
        let (x, y) = (s[0], s[1])
        let recip = try divT(g, try add(.tensor(try mulT(x, x)), .tensor(try mulT(y, y))))
        return [n.wants(0) ? try mulT(recip, y).sumTo(x.shape) : nil,
                n.wants(1) ? try mulT(recip, try neg(x)).sumTo(y.shape) : nil]
    }
}

/// hypot(self, other); self: grad * self / result, other: grad * other / result
public func hypot(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let out = try binaryFloat(a, b, { Float.hypot($0, $1) }, { Double.hypot($0, $1) })
    return out.recordingFormula("HypotBackward0", inputs: [a, b], saving: [a, b], savingResult: "Hypot") { s, g, n in
        let (x, y, r) = (s[0], s[1], s[2])
        return [n.wants(0) ? try mulT(g, try divT(x, r)).sumTo(x.shape) : nil,
                n.wants(1) ? try mulT(g, try divT(y, r)).sumTo(y.shape) : nil]
    }
}

public enum RoundingMode: String { case trunc, floor }

/// `div(a, b, rounding_mode=)`: ATen's `div_trunc` / `div_floor` (floor of a float quotient is
/// computed from fmod as in `div_floor_floating`, so it is exact where `floor(a / b)` is not).
/// Integer division by zero is PyTorch's "ZeroDivisionError". DivBackward2 (self: zero grad).
public func divRounding(_ a: Operand, _ b: Operand, mode: RoundingMode) throws -> Tensor {
    let ta = a.tensor, tb = b.tensor
    let dt = promoteTypes(a, b)
    let out: Tensor
    if dt.isFloatingPoint {
        out = try floatBinary(try ta.to(dt), try tb.to(dt), { divRounded($0, $1, mode) }, { divRounded($0, $1, mode) })
    } else {
        let x = try ta.to(.int64), y = try tb.to(.int64)
        if y.int64Values().contains(0) { throw TorchError.runtime("ZeroDivisionError") }
        out = try mapBinary(x, y, Int64.self, outDType: .int64) { p, q in
            let d = p / q
            if mode == .trunc { return d }
            return (p % q != 0 && ((p < 0) != (q < 0))) ? d - 1 : d
        }.to(dt == .bool ? .int64 : dt)
    }
    let inputs = b.isWrapped ? [ta] : [ta, tb]
    return out.recordingFormula("DivBackward2", inputs: inputs) { _, g, n in
        let z = try Tensor.zeros(g.shape, dtype: g.dtype)
        return [n.wants(0) ? try z.sumTo(ta.shape) : nil, n.wants(1) ? try z.sumTo(tb.shape) : nil]
    }
}

/// ATen's `div_trunc` / `div_floor_floating` for one pair of values.
func divRounded<T: SurfaceFloat>(_ x: T, _ y: T, _ mode: RoundingMode) -> T {
    if mode == .trunc { return (x / y).rounded(.towardZero) }
    if y == 0 { return x / y }
    let m = T.fmod(x, y)
    var d = (x - m) / y
    if m != 0 && (y < 0) != (m < 0) { d -= 1 }
    if d != 0 {
        var f = d.rounded(.down)
        if d - f > 0.5 { f += 1 }
        return f
    }
    return T(signOf: x / y, magnitudeOf: 0)
}

/// `floor_divide`: rounds toward negative infinity (PyTorch ≥ 1.13); its grad_fn is the
/// `NotImplemented` node whose backward raises.
public func floorDivideRounded(_ a: Operand, _ b: Operand) throws -> Tensor {
    let out = try GradMode.with(false) { try divRounding(a, b, mode: .floor) }
    let inputs = b.isWrapped ? [a.tensor] : [a.tensor, b.tensor]
    return out.recordingFormula("NotImplemented", inputs: inputs) { _, _, _ in
        throw TorchError.runtime("derivative for floor_divide is not implemented")
    }
}

/// `fmod` (C's fmod: sign of the dividend) and `remainder` (Python's %: sign of the divisor),
/// with gradients self: grad, other: -grad * div(self, other, rounding_mode=trunc|floor).
public func fmodOrRemainder(_ a: Operand, _ b: Operand, python: Bool) throws -> Tensor {
    let ta = a.tensor, tb = b.tensor
    let dt = promoteTypes(a, b)
    let out: Tensor
    if python {
        out = try GradMode.with(false) { try remainder(a, b) }
    } else if dt.isFloatingPoint {
        out = try floatBinary(try ta.to(dt), try tb.to(dt), { Float.fmod($0, $1) }, { Double.fmod($0, $1) })
    } else {
        let x = try ta.to(.int64), y = try tb.to(.int64)
        if y.int64Values().contains(0) { throw TorchError.runtime("ZeroDivisionError") }
        out = try mapBinary(x, y, Int64.self, outDType: .int64) { $0 % $1 }.to(dt == .bool ? .int64 : dt)
    }
    let inputs = b.isWrapped ? [ta] : [ta, tb]
    // Backward0: a number divisor; Backward1: a tensor divisor.
    let name = (python ? "RemainderBackward" : "FmodBackward") + (b.isWrapped ? "0" : "1")
    return out.recordingFormula(name, inputs: inputs, saving: [ta, tb]) { s, g, n in
        var gb: Tensor? = nil
        if n.wants(1) {
            let q = try divRounding(.tensor(s[0]), .tensor(s[1]), mode: python ? .floor : .trunc)
            gb = try mulT(try neg(g), q).sumTo(s[1].shape)
        }
        return [n.wants(0) ? try g.sumTo(s[0].shape) : nil, gb]
    }
}

/// `lerp(start, end, weight)`: `start + w * (end - start)` for |w| < 0.5, else
/// `end - (end - start) * (1 - w)`, each one fused multiply-add as ATen's kernels compute it.
/// LerpBackward0 (number weight) / LerpBackward1 (tensor weight).
public func lerp(_ start: Tensor, _ end: Tensor, weight: Operand) throws -> Tensor {
    let w = weight.tensor
    let dt = promoteTypes(.tensor(start), .tensor(end), weight).floatingResult
    let out = try ternaryFloat(start, end, w, dt, { s, e, wv in lerpValue(s, e, wv) }, { s, e, wv in lerpValue(s, e, wv) })
    if case .scalar(let sv) = weight {
        let wd = sv.doubleValue
        return out.recordingFormula("LerpBackward0", inputs: [start, end]) { _, g, n in
            [n.wants(0) ? try mul(.tensor(g), .scalar(.float(1 - wd))).sumTo(start.shape) : nil,
             n.wants(1) ? try mul(.tensor(g), .scalar(.float(wd))).sumTo(end.shape) : nil]
        }
    }
    return out.recordingFormula("LerpBackward1", inputs: [start, end, w], saving: [start, end, w]) { sv, g, n in
        let (a, b, wt) = (sv[0], sv[1], sv[2])
        let oneMinus = try sub(.scalar(.int(1)), .tensor(wt))
        return [n.wants(0) ? try mulT(g, oneMinus).sumTo(a.shape) : nil,
                n.wants(1) ? try mulT(g, wt).sumTo(b.shape) : nil,
                n.wants(2) ? try mulT(g, try sub(.tensor(b), .tensor(a))).sumTo(wt.shape) : nil]
    }
}

/// One lerp step as ATen's kernels compute it: a fused multiply-add either way.
@inline(__always)
func lerpValue<T: SurfaceFloat>(_ s: T, _ e: T, _ w: T) -> T {
    let d = e - s
    return Swift.abs(w) < 0.5 ? s.addingProduct(w, d) : e.addingProduct(-d, 1 - w)
}

/// `addcmul(self, t1, t2, value)`: self + value * t1 * t2 (AddcmulBackward0).
public func addcmul(_ base: Tensor, _ t1: Tensor, _ t2: Tensor, value: Double = 1) throws -> Tensor {
    // fma(value * t1, t2, self): ATen's kernel fuses the last multiply with the add.
    let dt = promoteTypes(.tensor(base), .tensor(t1), .tensor(t2))
    let vf = Float(value)
    let out = try ternaryFloat(base, t1, t2, dt.floatingResult, { b, x, y in b.addingProduct(vf * x, y) }, { b, x, y in b.addingProduct(value * x, y) })
    return out.recordingFormula("AddcmulBackward0", inputs: [base, t1, t2], saving: [t1, t2]) { s, g, n in
        [n.wants(0) ? try g.sumTo(base.shape) : nil,
         n.wants(1) ? try mul(.tensor(try mulT(g, s[1])), .scalar(.float(value))).sumTo(s[0].shape) : nil,
         n.wants(2) ? try mul(.tensor(try mulT(g, s[0])), .scalar(.float(value))).sumTo(s[1].shape) : nil]
    }
}

/// `addcdiv(self, t1, t2, value)`: self + value * t1 / t2 (AddcdivBackward0).
public func addcdiv(_ base: Tensor, _ t1: Tensor, _ t2: Tensor, value: Double = 1) throws -> Tensor {
    let dt = promoteTypes(.tensor(base), .tensor(t1), .tensor(t2))
    let vf = Float(value)
    let out = try ternaryFloat(base, t1, t2, dt.floatingResult, { b, x, y in b + vf * x / y }, { b, x, y in b + value * x / y })
    return out.recordingFormula("AddcdivBackward0", inputs: [base, t1, t2], saving: [t1, t2]) { s, g, n in
        let (a, b) = (s[0], s[1])
        var g2: Tensor? = nil
        if n.wants(2) {
            let num = try mul(.tensor(try mulT(try neg(g), a)), .scalar(.float(value)))
            g2 = try divT(num, try mulT(b, b)).sumTo(b.shape)
        }
        return [n.wants(0) ? try g.sumTo(base.shape) : nil,
                n.wants(1) ? try divT(try mul(.tensor(g), .scalar(.float(value))), b).sumTo(a.shape) : nil,
                g2]
    }
}

/// `isclose(a, b, rtol, atol, equal_nan)`: |a - b| <= atol + |rtol * b| in the inputs' dtype,
/// equal values (infinities included) always close, NaN close to NaN only with equal_nan.
public func isclose(_ a: Tensor, _ b: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8, equalNan: Bool = false) throws -> Tensor {
    guard a.dtype == b.dtype else {
        throw TorchError.runtime("\(a.dtype.scalarName) did not match \(b.dtype.scalarName)")
    }
    guard rtol >= 0 else { throw TorchError.runtime("rtol must be greater than or equal to zero, but got \(formatNumber(rtol))") }
    guard atol >= 0 else { throw TorchError.runtime("atol must be greater than or equal to zero, but got \(formatNumber(atol))") }
    if !a.dtype.isFloatingPoint {
        return try mapBinary(try a.to(.int64), try b.to(.int64), Int64.self, outDType: .bool) { (x: Int64, y: Int64) -> Bool in
            x == y || Swift.abs(Double(x) - Double(y)) <= atol + Swift.abs(rtol * Double(y))
        }
    }
    if a.dtype == .float64 {
        return try mapBinary(a, b, Double.self, outDType: .bool) { x, y in closeValues(x, y, rtol, atol, equalNan) }
    }
    let rt = Float(rtol), at = Float(atol)
    return try mapBinary(try a.to(.float32), try b.to(.float32), Float.self, outDType: .bool) { x, y in closeValues(x, y, rt, at, equalNan) }
}

/// One isclose comparison in the compute type.
@inline(__always)
func closeValues<T: BinaryFloatingPoint>(_ x: T, _ y: T, _ rt: T, _ at: T, _ equalNan: Bool) -> Bool {
    if x == y { return true }
    if x.isNaN || y.isNaN { return equalNan && x.isNaN && y.isNaN }
    let err = Swift.abs(x - y)
    return err.isFinite && err <= at + Swift.abs(rt * y)
}
