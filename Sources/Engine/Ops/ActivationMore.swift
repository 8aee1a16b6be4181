import Foundation

/// The other activations of torch.nn.functional — softplus, elu/selu/celu, silu, mish, hardtanh
/// (relu6), hardsigmoid, hardswish, logsigmoid, glu, prelu, threshold, hardshrink, softshrink —
/// with ATen's formulas and node names. softsign, tanhshrink and softmin are PyTorch
/// composites and are built from other ops here too (see the interpreter bindings).

/// An activation's value and its derivative (times the incoming gradient), written once for
/// both compute types; parameters are held as Double and converted to the compute type.
protocol ActivationFormula {
    func value<T: SurfaceFloat>(_ v: T) -> T
    func grad<T: SurfaceFloat>(_ v: T, _ g: T) -> T
}

/// An activation of one tensor with an elementwise derivative (node `name`, saving the input).
func activation<F: ActivationFormula>(_ x: Tensor, _ name: String, _ f: F) throws -> Tensor {
    let out = try floatUnary(x, { f.value($0) }, { f.value($0) })
    return out.recordingFormula(name, inputs: [x], saving: [x]) { s, g, _ in
        let xs = try s[0].expand(g.shape).contiguousCopy()
        return [try floatBinary(xs, g, { f.grad($0, $1) }, { f.grad($0, $1) })]
    }
}

struct SoftplusFormula: ActivationFormula {
    let beta: Double, threshold: Double
    func value<T: SurfaceFloat>(_ v: T) -> T {
        let b = T(beta)
        return v * b > T(threshold) ? v : T.log1p(T.exp(v * b)) / b
    }
    func grad<T: SurfaceFloat>(_ v: T, _ g: T) -> T {
        let b = T(beta)
        if v * b > T(threshold) { return g }
        let z = T.exp(v * b)
        return g * z / (z + 1)
    }
}

/// `softplus(beta, threshold)`: log1p(exp(βx))/β, linear above the threshold (SoftplusBackward0).
public func softplus(_ x: Tensor, beta: Double = 1, threshold: Double = 20) throws -> Tensor {
    try activation(x, "SoftplusBackward0", SoftplusFormula(beta: beta, threshold: threshold))
}

struct EluFormula: ActivationFormula {
    let negcoef: Double, poscoef: Double, negipt: Double
    func value<T: SurfaceFloat>(_ v: T) -> T { v <= 0 ? T.expm1(v * T(negipt)) * T(negcoef) : v * T(poscoef) }
    func grad<T: SurfaceFloat>(_ v: T, _ g: T) -> T {
        v <= 0 ? g * T(negipt) * T(negcoef) * T.exp(v * T(negipt)) : g * T(poscoef)
    }
}

/// ELU family: `x > 0 ? scale·x : α·scale·(exp(x·inputScale) − 1)` (EluBackward0 for elu/selu,
/// CeluBackward0 for celu).
public func elu(_ x: Tensor, alpha: Double = 1, scale: Double = 1, inputScale: Double = 1, name: String = "EluBackward0") throws -> Tensor {
    try activation(x, name, EluFormula(negcoef: alpha * scale, poscoef: scale, negipt: inputScale))
}

/// `selu`: elu with PyTorch's α and scale constants.
public func selu(_ x: Tensor) throws -> Tensor {
    try elu(x, alpha: 1.6732632423543772848170429916717, scale: 1.0507009873554804934193349852946)
}

/// `celu(alpha)`: elu(x, α, 1, 1/α), shown as CeluBackward0.
public func celu(_ x: Tensor, alpha: Double = 1) throws -> Tensor {
    guard alpha != 0 else { throw TorchError.runtime("ZeroDivisionError") }
    return try elu(x, alpha: alpha, scale: 1, inputScale: 1 / alpha, name: "CeluBackward0")
}

struct SiluFormula: ActivationFormula {
    func value<T: SurfaceFloat>(_ v: T) -> T { v / (1 + T.exp(-v)) }
    func grad<T: SurfaceFloat>(_ v: T, _ g: T) -> T {
        let s = 1 / (1 + T.exp(-v))
        return g * s * (1 + v * (1 - s))
    }
}

/// `silu` (swish): x·sigmoid(x) (SiluBackward0).
public func silu(_ x: Tensor) throws -> Tensor { try activation(x, "SiluBackward0", SiluFormula()) }

struct MishFormula: ActivationFormula {
    func value<T: SurfaceFloat>(_ v: T) -> T { v * T.tanh(T.log1p(T.exp(v))) }
    func grad<T: SurfaceFloat>(_ v: T, _ g: T) -> T {
        let s = 1 / (1 + T.exp(-v))
        let t = T.tanh(T.log1p(T.exp(v)))
        return g * (t + v * s * (1 - t * t))
    }
}

/// `mish`: x·tanh(softplus(x)) (MishBackward0).
public func mish(_ x: Tensor) throws -> Tensor { try activation(x, "MishBackward0", MishFormula()) }

struct HardtanhFormula: ActivationFormula {
    let lo: Double, hi: Double
    func value<T: SurfaceFloat>(_ v: T) -> T { v.isNaN ? v : Swift.min(Swift.max(v, T(lo)), T(hi)) }
    func grad<T: SurfaceFloat>(_ v: T, _ g: T) -> T { (v <= T(lo) || v >= T(hi)) ? 0 : g }
}

/// `hardtanh(min, max)` (also relu6 = hardtanh(0, 6)): HardtanhBackward0, zero gradient on and
/// beyond the bounds.
public func hardtanh(_ x: Tensor, min lo: Double = -1, max hi: Double = 1) throws -> Tensor {
    guard lo <= hi else { throw TorchError.value("min_val cannot be greater than max_val") }
    if !x.dtype.isFloatingPoint && lo == lo.rounded() && hi == hi.rounded() {
        return try mapUnary(try x.to(.int64), Int64.self, outDType: .int64) { Swift.min(Swift.max($0, Int64(lo)), Int64(hi)) }.to(x.dtype)
    }
    return try activation(x, "HardtanhBackward0", HardtanhFormula(lo: lo, hi: hi))
}

struct HardsigmoidFormula: ActivationFormula {
    func value<T: SurfaceFloat>(_ v: T) -> T { Swift.min(Swift.max(v + 3, 0), 6) / 6 }
    func grad<T: SurfaceFloat>(_ v: T, _ g: T) -> T { (v > -3 && v < 3) ? g / 6 : 0 }
}

/// `hardsigmoid`: relu6(x + 3) / 6 (HardsigmoidBackward0).
public func hardsigmoid(_ x: Tensor) throws -> Tensor { try activation(x, "HardsigmoidBackward0", HardsigmoidFormula()) }

struct HardswishFormula: ActivationFormula {
    func value<T: SurfaceFloat>(_ v: T) -> T { v * Swift.min(Swift.max(v + 3, 0), 6) / 6 }
    func grad<T: SurfaceFloat>(_ v: T, _ g: T) -> T { v < -3 ? 0 : (v <= 3 ? g * (v / 3 + T(0.5)) : g) }
}

/// `hardswish`: x·relu6(x + 3)/6 (HardswishBackward0).
public func hardswish(_ x: Tensor) throws -> Tensor { try activation(x, "HardswishBackward0", HardswishFormula()) }

struct LogSigmoidFormula: ActivationFormula {
    func value<T: SurfaceFloat>(_ v: T) -> T { Swift.min(v, 0) - T.log1p(T.exp(-Swift.abs(v))) }
    func grad<T: SurfaceFloat>(_ v: T, _ g: T) -> T {
        let neg = v < 0
        let z = T.exp(-Swift.abs(v))
        return g * ((neg ? 1 : 0) - (neg ? 1 : -1) * (z / (1 + z)))
    }
}

/// `logsigmoid`: min(x, 0) − log1p(exp(−|x|)) (LogSigmoidBackward0).
public func logsigmoid(_ x: Tensor) throws -> Tensor { try activation(x, "LogSigmoidBackward0", LogSigmoidFormula()) }

struct ThresholdFormula: ActivationFormula {
    let threshold: Double, replacement: Double
    func value<T: SurfaceFloat>(_ v: T) -> T { v > T(threshold) ? v : T(replacement) }
    func grad<T: SurfaceFloat>(_ v: T, _ g: T) -> T { v > T(threshold) ? g : 0 }
}

/// `threshold(threshold, value)`: x where x > threshold, else value (ThresholdBackward0).
public func threshold(_ x: Tensor, threshold th: Double, value: Double) throws -> Tensor {
    try activation(x, "ThresholdBackward0", ThresholdFormula(threshold: th, replacement: value))
}

struct ShrinkFormula: ActivationFormula {
    let lambd: Double, soft: Bool
    func value<T: SurfaceFloat>(_ v: T) -> T {
        let l = T(lambd)
        if soft { return v > l ? v - l : (v < -l ? v + l : 0) }
        return (v >= -l && v <= l) ? 0 : v
    }
    func grad<T: SurfaceFloat>(_ v: T, _ g: T) -> T { (v >= -T(lambd) && v <= T(lambd)) ? 0 : g }
}

/// `hardshrink(lambd)`: x where |x| > λ, else 0 (HardshrinkBackward0).
public func hardshrink(_ x: Tensor, lambd: Double = 0.5) throws -> Tensor {
    try activation(x, "HardshrinkBackward0", ShrinkFormula(lambd: lambd, soft: false))
}

/// `softshrink(lambd)`: x ∓ λ outside [−λ, λ], else 0 (SoftshrinkBackward0).
public func softshrink(_ x: Tensor, lambd: Double = 0.5) throws -> Tensor {
    guard lambd >= 0 else { throw TorchError.runtime("lambda must be greater or equal to 0, but found to be \(formatNumber(lambd)).") }
    return try activation(x, "SoftshrinkBackward0", ShrinkFormula(lambd: lambd, soft: true))
}

/// `glu(dim)`: a·sigmoid(b) for the two halves a, b along dim (GluBackward0).
public func glu(_ x: Tensor, dim: Int = -1) throws -> Tensor {
    guard x.ndim > 0 else { throw TorchError.runtime("glu does not support scalars because halving size must be even") }
    let d = try normalizeDim(dim, x.ndim)
    guard x.shape[d] % 2 == 0 else {
        throw TorchError.runtime("Halving dimension must be even, but dimension \(d) is size \(x.shape[d])")
    }
    let half = x.shape[d] / 2
    let out = try GradMode.with(false) { () -> Tensor in
        let a = try x.narrow(d, start: 0, length: half), b = try x.narrow(d, start: half, length: half)
        return try mul(.tensor(a), .tensor(try sigmoid(b)))
    }
    return out.recordingFormula("GluBackward0", inputs: [x], saving: [x]) { s, g, _ in
        let a = try s[0].narrow(d, start: 0, length: half), b = try s[0].narrow(d, start: half, length: half)
        let sb = try sigmoid(b)
        let ga = try mul(.tensor(g), .tensor(sb))
        let gb = try mul(.tensor(try mul(.tensor(ga), .tensor(a))), .tensor(try sub(.scalar(.int(1)), .tensor(sb))))
        return [try cat([ga, gb], dim: d)]
    }
}

/// `prelu(x, weight)`: x where x > 0, else w·x, with one weight or one per channel (dim 1).
/// PreluKernelBackward0.
public func prelu(_ x: Tensor, _ weight: Tensor) throws -> Tensor {
    let channels = x.ndim >= 2 ? x.shape[1] : 1
    guard weight.numel == 1 || weight.numel == channels else {
        throw TorchError.runtime("Mismatch of parameter numbers and input channel size. Found parameter numbers = \(weight.numel) and channel size = \(channels).")
    }
    // The weight broadcast along dim 1 (or everywhere when it has one element).
    var wShape = [Int](repeating: 1, count: x.ndim)
    if weight.numel > 1 { wShape[1] = channels }
    let w = try GradMode.with(false) { try weight.reshape(weight.numel == 1 ? [] : wShape) }
    let out = try GradMode.with(false) { () -> Tensor in
        let ws = try w.expand(x.shape).contiguousCopy()
        return try floatBinary(try x.contiguousCopy(), ws, { v, wv in v > 0 ? v : wv * v }, { v, wv in v > 0 ? v : wv * v })
    }
    let wShapeOrig = weight.shape
    return out.recordingFormula("PreluKernelBackward0", inputs: [x, weight], saving: [x, weight]) { s, g, n in
        let xs = try s[0].contiguousCopy()
        let ws = try s[1].reshape(s[1].numel == 1 ? [] : wShape).expand(xs.shape).contiguousCopy()
        let gc = try g.contiguousCopy()
        let gx = try floatBinary(xs, ws, { v, wv in v > 0 ? 1 : wv }, { v, wv in v > 0 ? 1 : wv })
        let gxs = try floatBinary(gx, gc, { $0 * $1 }, { $0 * $1 })
        var gw: Tensor? = nil
        if n.wants(1) {
            let contrib = try floatBinary(xs, gc, { v, gv in v > 0 ? 0 : v * gv }, { v, gv in v > 0 ? 0 : v * gv })
            gw = try (s[1].numel == 1 ? contrib.sumRaw(dims: nil, keepdim: false) : contrib.sumTo(wShape)).reshapeRaw(wShapeOrig)
        }
        return [n.wants(0) ? gxs : nil, gw]
    }
}
