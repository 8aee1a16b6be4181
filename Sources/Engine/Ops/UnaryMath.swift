import Foundation

/// More elementwise math of one tensor — log1p log2 log10 expm1 rsqrt erf erfc erfinv tan sinh
/// cosh asin acos atan, the nan/inf tests, nan_to_num, clamp_min/clamp_max — each with the
/// derivative PyTorch's derivatives.yaml gives it and PyTorch's node name.

/// A float op of one tensor: `f` elementwise (ints promoted to float first), then the node
/// `name` whose formula gets (input, result, grad).
func unaryMath(_ t: Tensor, _ name: String, _ f: (Float) -> Float, _ d: (Double) -> Double,
               backward: @escaping (_ input: Tensor, _ result: Tensor, _ grad: Tensor) throws -> Tensor) throws -> Tensor {
    let out = try floatUnary(t, f, d)
    let producer = String(name.dropLast("Backward0".count))
    return out.recordingFormula(name, inputs: [t], saving: [t], savingResult: producer) { s, g, _ in
        [try backward(s[0], s[1], g)]
    }
}

private func mulT(_ a: Tensor, _ b: Tensor) throws -> Tensor { try mul(.tensor(a), .tensor(b)) }
private func mulS(_ a: Tensor, _ s: Double) throws -> Tensor { try mul(.tensor(a), .scalar(.float(s))) }
private func divT(_ a: Tensor, _ b: Tensor) throws -> Tensor { try div(.tensor(a), .tensor(b)) }
private func addS(_ a: Tensor, _ s: Double) throws -> Tensor { try add(.tensor(a), .scalar(.float(s))) }

/// (log1p is in Unary.swift: SLEEF's float32 kernel, as ATen computes it.)

/// grad / (x * ln 2)
public func log2(_ t: Tensor) throws -> Tensor {
    try unaryMath(t, "Log2Backward0", { Float.log2($0) }, { Double.log2($0) }) { x, _, g in try divT(g, try mulS(x, M_LN2)) }
}

/// grad / (x * ln 10)
public func log10(_ t: Tensor) throws -> Tensor {
    try unaryMath(t, "Log10Backward0", { Float.log10($0) }, { Double.log10($0) }) { x, _, g in try divT(g, try mulS(x, M_LN10)) }
}

/// exp(x) - 1; grad * (result + 1)
public func expm1(_ t: Tensor) throws -> Tensor {
    try unaryMath(t, "Expm1Backward0", { Float.expm1($0) }, { Double.expm1($0) }) { _, r, g in try mulT(g, try addS(r, 1)) }
}

/// 1 / sqrt(x), computed as PyTorch does: one over the correctly rounded square root;
/// grad: -0.5 * grad * result³
public func rsqrt(_ t: Tensor) throws -> Tensor {
    try unaryMath(t, "RsqrtBackward0", { 1 / $0.squareRoot() }, { 1 / $0.squareRoot() }) { _, r, g in
        try mulT(try mulS(g, -0.5), try pow(.tensor(r), .scalar(.int(3))))
    }
}

/// grad * 2/√π * exp(-x²)
public func erf(_ t: Tensor) throws -> Tensor {
    try unaryMath(t, "ErfBackward0", { Float.erf($0) }, { Double.erf($0) }) { x, _, g in
        try mulT(g, try mulS(try exp(try neg(try mulT(x, x))), 2 / Double.pi.squareRoot()))
    }
}

/// grad * -2/√π * exp(-x²)
public func erfc(_ t: Tensor) throws -> Tensor {
    try unaryMath(t, "ErfcBackward0", { Float.erfc($0) }, { Double.erfc($0) }) { x, _, g in
        try mulT(g, try mulS(try exp(try neg(try mulT(x, x))), -2 / Double.pi.squareRoot()))
    }
}

/// The inverse error function; grad * √π/2 * exp(result²)
public func erfinv(_ t: Tensor) throws -> Tensor {
    try unaryMath(t, "ErfinvBackward0", { Float(atenErfinv(Double($0), erf: Foundation.erf, exp: Foundation.exp, log: Foundation.log)) },
                  { atenErfinv($0, erf: Foundation.erf, exp: Foundation.exp, log: Foundation.log) }) { _, r, g in
        try mulT(g, try mulS(try exp(try mulT(r, r)), Double.pi.squareRoot() / 2))
    }
}


/// grad * (1 + result²)
public func tan(_ t: Tensor) throws -> Tensor {
    try unaryMath(t, "TanBackward0", { Float.tan($0) }, { Double.tan($0) }) { _, r, g in try mulT(g, try addS(try mulT(r, r), 1)) }
}

/// grad * cosh(x)
public func sinh(_ t: Tensor) throws -> Tensor {
    try unaryMath(t, "SinhBackward0", { Float.sinh($0) }, { Double.sinh($0) }) { x, _, g in try mulT(g, try cosh(x)) }
}

/// grad * sinh(x)
public func cosh(_ t: Tensor) throws -> Tensor {
    try unaryMath(t, "CoshBackward0", { Float.cosh($0) }, { Double.cosh($0) }) { x, _, g in try mulT(g, try sinh(x)) }
}

/// grad * rsqrt(1 - x²)
public func asin(_ t: Tensor) throws -> Tensor {
    try unaryMath(t, "AsinBackward0", { Float.asin($0) }, { Double.asin($0) }) { x, _, g in
        try mulT(g, try rsqrt(try addS(try mulT(try neg(x), x), 1)))
    }
}

/// -grad * rsqrt(1 - x²)
public func acos(_ t: Tensor) throws -> Tensor {
    try unaryMath(t, "AcosBackward0", { Float.acos($0) }, { Double.acos($0) }) { x, _, g in
        try mulT(g, try neg(try rsqrt(try addS(try mulT(try neg(x), x), 1))))
    }
}

/// grad / (x² + 1)
public func atan(_ t: Tensor) throws -> Tensor {
    try unaryMath(t, "AtanBackward0", { Float.atan($0) }, { Double.atan($0) }) { x, _, g in try divT(g, try addS(try mulT(x, x), 1)) }
}

public enum FloatClass { case nan, inf, posinf, neginf, finite }

/// `isnan`, `isinf`, `isposinf`, `isneginf`, `isfinite`: bool tensors (ints are never NaN/inf).
public func classify(_ t: Tensor, _ kind: FloatClass) throws -> Tensor {
    guard t.dtype.isFloatingPoint else {
        return try Tensor.full(t.shape, kind == .finite ? 1 : 0, dtype: .bool)
    }
    // Every floating dtype widens exactly to float64.
    let x = try t.to(.float64)
    switch kind {
    case .nan: return try mapUnary(x, Double.self, outDType: .bool) { $0.isNaN }
    case .inf: return try mapUnary(x, Double.self, outDType: .bool) { $0.isInfinite }
    case .posinf: return try mapUnary(x, Double.self, outDType: .bool) { $0 == .infinity }
    case .neginf: return try mapUnary(x, Double.self, outDType: .bool) { $0 == -.infinity }
    case .finite: return try mapUnary(x, Double.self, outDType: .bool) { $0.isFinite }
    }
}

/// `nan_to_num(nan=0.0, posinf=None, neginf=None)`: infinities become the largest finite
/// float32 by default; grad * isfinite(x).
public func nanToNum(_ t: Tensor, nan: Double = 0, posinf: Double? = nil, neginf: Double? = nil) throws -> Tensor {
    if !t.dtype.isFloatingPoint { return try t.clone() }
    // The default replacements are the dtype's largest finite values.
    let big: Double
    switch t.dtype {
    case .float64: big = .greatestFiniteMagnitude
    case .float16: big = Double(Float16.greatestFiniteMagnitude)
    case .bfloat16: big = Double(BFloat16(bits: 0x7F7F).float)
    default: big = Double(Float.greatestFiniteMagnitude)
    }
    let p = posinf ?? big, m = neginf ?? -big
    let out = try floatUnary(t, { v in v.isNaN ? Float(nan) : (v == .infinity ? Float(p) : (v == -.infinity ? Float(m) : v)) },
                             { v in v.isNaN ? nan : (v == .infinity ? p : (v == -.infinity ? m : v)) })
    return out.recordingFormula("NanToNumBackward0", inputs: [t], saving: [t]) { s, g, _ in
        [try mul(.tensor(g), .tensor(try classify(s[0], .finite)))]
    }
}

/// `clamp_min(min)` (ClampMinBackward0: grad where x > min) and `clamp_max(max)`
/// (ClampMaxBackward0: grad where x < max): PyTorch 2.15 passes no gradient on the bound
/// itself. NaN stays NaN.
public func clampBound(_ t: Tensor, _ bound: Double, isMin: Bool) throws -> Tensor {
    let out: Tensor
    if !t.dtype.isFloatingPoint && bound == bound.rounded() {
        let b = Int64(bound)
        out = try mapUnary(try t.to(.int64), Int64.self, outDType: .int64) { isMin ? Swift.max($0, b) : Swift.min($0, b) }.to(t.dtype == .bool ? .int64 : t.dtype)
    } else {
        let bf = Float(bound)
        out = try floatUnary(t, { v in v.isNaN ? v : (isMin ? Swift.max(v, bf) : Swift.min(v, bf)) },
                             { v in v.isNaN ? v : (isMin ? Swift.max(v, bound) : Swift.min(v, bound)) })
    }
    let name = isMin ? "ClampMinBackward0" : "ClampMaxBackward0"
    return out.recordingFormula(name, inputs: [t], saving: [t]) { s, g, _ in
        let bf = Float(bound)
        let x = try s[0].expand(g.shape).contiguousCopy()
        return [try floatBinary(g, x, { gv, xv in (isMin ? xv > bf : xv < bf) ? gv : 0 }, { gv, xv in (isMin ? xv > bound : xv < bound) ? gv : 0 })]
    }
}
