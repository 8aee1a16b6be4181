import Foundation

/// More elementwise ops of two or three tensors — atan2, hypot, fmod, remainder (with
/// gradients), division with a rounding mode, lerp, addcmul, addcdiv, isclose — each with
/// PyTorch's derivative and node name.

private func mulT(_ a: Tensor, _ b: Tensor) throws -> Tensor { try mul(.tensor(a), .tensor(b)) }
private func divT(_ a: Tensor, _ b: Tensor) throws -> Tensor { try div(.tensor(a), .tensor(b)) }

/// A float op of two broadcast tensors (ints promoted to float).
func binaryFloat(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) throws -> Tensor {
    try mapBinary(try a.to(.float32), try b.to(.float32), Float.self, outDType: .float32, f)
}

/// atan2(self, other); self: grad * other / (self² + other²), other: grad * -self / (self² + other²)
public func atan2(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let out = try binaryFloat(a, b) { Foundation.atan2($0, $1) }
    return out.recordingFormula("Atan2Backward0", inputs: [a, b], saving: [a, b]) { s, g, n in
        let (x, y) = (s[0], s[1])
        let recip = try divT(g, try add(.tensor(try mulT(x, x)), .tensor(try mulT(y, y))))
        return [n.wants(0) ? try mulT(recip, y).sumTo(x.shape) : nil,
                n.wants(1) ? try mulT(recip, try neg(x)).sumTo(y.shape) : nil]
    }
}

/// hypot(self, other); self: grad * self / result, other: grad * other / result
public func hypot(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let out = try binaryFloat(a, b) { Foundation.hypot($0, $1) }
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
    let dt = promoteTypes(ta, wrappedA: a.isWrapped, tb, wrappedB: b.isWrapped)
    let out: Tensor
    if dt.isFloatingPoint {
        out = try binaryFloat(ta, tb) { x, y in
            if mode == .trunc { return (x / y).rounded(.towardZero) }
            if y == 0 { return x / y }
            let m = fmodf(x, y)
            var d = (x - m) / y
            if m != 0 && (y < 0) != (m < 0) { d -= 1 }
            if d != 0 {
                var f = d.rounded(.down)
                if d - f > 0.5 { f += 1 }
                return f
            }
            return Float(signOf: x / y, magnitudeOf: 0)
        }
    } else {
        let x = try ta.to(.int64), y = try tb.to(.int64)
        if y.int64Values().contains(0) { throw TorchError.runtime("ZeroDivisionError") }
        out = try mapBinary(x, y, Int64.self, outDType: .int64) { p, q in
            let d = p / q
            if mode == .trunc { return d }
            return (p % q != 0 && ((p < 0) != (q < 0))) ? d - 1 : d
        }
    }
    let inputs = b.isWrapped ? [ta] : [ta, tb]
    return out.recordingFormula("DivBackward2", inputs: inputs) { _, g, n in
        let z = try Tensor.zeros(g.shape)
        return [n.wants(0) ? try z.sumTo(ta.shape) : nil, n.wants(1) ? try z.sumTo(tb.shape) : nil]
    }
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
    let dt = promoteTypes(ta, wrappedA: a.isWrapped, tb, wrappedB: b.isWrapped)
    let out: Tensor
    if python {
        out = try GradMode.with(false) { try remainder(a, b) }
    } else if dt.isFloatingPoint {
        out = try binaryFloat(ta, tb) { fmodf($0, $1) }
    } else {
        let x = try ta.to(.int64), y = try tb.to(.int64)
        if y.int64Values().contains(0) { throw TorchError.runtime("ZeroDivisionError") }
        out = try mapBinary(x, y, Int64.self, outDType: .int64) { $0 % $1 }
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
    let shape = try broadcastShapes(try broadcastShapes(start.shape, end.shape), w.shape)
    let s = try start.to(.float32).expand(shape), e = try end.to(.float32).expand(shape)
    let wf = try w.to(.float32).expand(shape)
    let diff = try mapBinary(e, s, Float.self, outDType: .float32) { $0 - $1 }
    let ws = try wf.contiguousCopy()
    let sc = try s.contiguousCopy()
    let out = try Tensor(shape: shape, dtype: .float32, zeroed: false)
    let ec = try e.contiguousCopy()
    for i in 0..<out.numel {
        let wv = ws.floatPointer[i], d = diff.floatPointer[i]
        out.floatPointer[i] = Swift.abs(wv) < 0.5 ? sc.floatPointer[i].addingProduct(wv, d) : ec.floatPointer[i].addingProduct(-d, 1 - wv)
    }
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

/// `addcmul(self, t1, t2, value)`: self + value * t1 * t2 (AddcmulBackward0).
public func addcmul(_ base: Tensor, _ t1: Tensor, _ t2: Tensor, value: Double = 1) throws -> Tensor {
    let v = Float(value)
    let prod = try mapBinary(try t1.to(.float32), try t2.to(.float32), Float.self, outDType: .float32) { v * $0 * $1 }
    let out = try mapBinary(try base.to(.float32), prod, Float.self, outDType: .float32) { $0 + $1 }
    return out.recordingFormula("AddcmulBackward0", inputs: [base, t1, t2], saving: [t1, t2]) { s, g, n in
        [n.wants(0) ? try g.sumTo(base.shape) : nil,
         n.wants(1) ? try mul(.tensor(try mulT(g, s[1])), .scalar(.float(value))).sumTo(s[0].shape) : nil,
         n.wants(2) ? try mul(.tensor(try mulT(g, s[0])), .scalar(.float(value))).sumTo(s[1].shape) : nil]
    }
}

/// `addcdiv(self, t1, t2, value)`: self + value * t1 / t2 (AddcdivBackward0).
public func addcdiv(_ base: Tensor, _ t1: Tensor, _ t2: Tensor, value: Double = 1) throws -> Tensor {
    let v = Float(value)
    let q = try mapBinary(try t1.to(.float32), try t2.to(.float32), Float.self, outDType: .float32) { v * $0 / $1 }
    let out = try mapBinary(try base.to(.float32), q, Float.self, outDType: .float32) { $0 + $1 }
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
        return try mapBinary(try a.to(.int64), try b.to(.int64), Int64.self, outDType: .bool) { x, y in
            x == y || Swift.abs(Double(x) - Double(y)) <= atol + Swift.abs(rtol * Double(y))
        }
    }
    let rt = Float(rtol), at = Float(atol)
    return try mapBinary(try a.to(.float32), try b.to(.float32), Float.self, outDType: .bool) { x, y in
        if x == y { return true }
        if x.isNaN || y.isNaN { return equalNan && x.isNaN && y.isNaN }
        let err = Swift.abs(x - y)
        return err.isFinite && err <= at + Swift.abs(rt * y)
    }
}
