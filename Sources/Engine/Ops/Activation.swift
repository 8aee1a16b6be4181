import Foundation
import CKernels

/// Activations: relu, leaky_relu, sigmoid, tanh, gelu, softmax, log_softmax, dropout.

public func relu(_ x: Tensor) throws -> Tensor {
    let out: Tensor
    if x.dtype == .int64 {
        out = try mapUnary(x, Int64.self, outDType: .int64) { Swift.max($0, 0) }
    } else {
        out = try floatUnary(x) { $0.isNaN ? $0 : ($0 > 0 ? $0 : 0) }
    }
    return out.recording(ReluBackward0(result: out), inputs: [x])
}

/// `relu_` / `F.relu(x, inplace=True)`.
@discardableResult
public func reluInPlace(_ x: Tensor) throws -> Tensor {
    try x.checkInPlace()
    let r = try GradMode.with(false) { try relu(x) }
    copyElements(from: r, srcStrides: r.strides, to: x, shape: x.shape)
    try x.rebaseHistory(ReluBackward0(result: x), inputs: [x])
    return x
}

public func leakyRelu(_ x: Tensor, negativeSlope: Double = 0.01) throws -> Tensor {
    let s = Float(negativeSlope)
    let out = try floatUnary(x) { $0 > 0 ? $0 : $0 * s }
    return out.recording(LeakyReluBackward0(input: x, slope: s), inputs: [x])
}

public func sigmoid(_ x: Tensor) throws -> Tensor {
    let out = try F32.unary(x) { nk_sigmoid_f32($0, $1, $2, F32.threads) } ?? floatUnary(x) { 1 / (1 + Foundation.exp(-$0)) }
    return out.recording(SigmoidBackward0(result: out), inputs: [x])
}

public func tanh(_ x: Tensor) throws -> Tensor {
    let out = try F32.unary(x, nk_vtanh_f32) ?? floatUnary(x) { Foundation.tanh($0) }
    return out.recording(TanhBackward0(result: out), inputs: [x])
}

/// GELU, exact (erf) or the tanh approximation.
public func gelu(_ x: Tensor, approximate: String = "none") throws -> Tensor {
    guard approximate == "none" || approximate == "tanh" else {
        throw TorchError.runtime("approximate argument must be either none or tanh.")
    }
    let tanhApprox = approximate == "tanh"
    let out = try floatUnary(x) { v in
        if tanhApprox {
            let inner = Float(0.7978845608028654) * (v + 0.044715 * v * v * v)
            return 0.5 * v * (1 + Foundation.tanh(inner))
        }
        // PyTorch's kernel: x * 0.5 * (1 + erf(x * M_SQRT1_2)), all in float
        return v * 0.5 * (1 + Foundation.erf(v * Float(0.7071067811865476)))
    }
    return out.recording(GeluBackward0(input: x, tanhApprox: tanhApprox), inputs: [x])
}

/// Softmax or log-softmax along `dim`, max-subtracted so huge logits do not overflow.
func softmaxRaw(_ x: Tensor, dim: Int, log isLog: Bool) throws -> Tensor {
    let d = try normalizeDim(dim, x.ndim)
    let src = try x.contiguousFloatForReading()
    let out = try Tensor(shape: src.shape, dtype: .float32, zeroed: false)
    if src.numel == 0 { return out }
    if src.ndim == 0 || d == src.ndim - 1 {
        // ATen's last-dimension kernels (SoftMaxKernel.cpp), on its AVX-512 vectors here.
        let size = src.ndim == 0 ? 1 : src.shape[d]
        let rows = Int64(src.numel / size)
        if isLog { nk_log_softmax_lastdim_f32(src.floatPointer, out.floatPointer, rows, Int64(size)) }
        else { nk_softmax_lastdim_f32(src.floatPointer, out.floatPointer, rows, Int64(size)) }
        return out
    }
    do {
        // ATen's kernels for another dimension: vertical passes over [outer, dim, inner].
        let size = src.shape[d], inner = src.shape[(d + 1)...].reduce(1, *)
        let outer = src.numel / (size * inner)
        if isLog { nk_log_softmax_dim_f32(src.floatPointer, out.floatPointer, Int64(outer), Int64(size), Int64(inner)) }
        else { nk_softmax_dim_f32(src.floatPointer, out.floatPointer, Int64(outer), Int64(size), Int64(inner), F32.threads) }
        return out
    }
}

public func softmax(_ x: Tensor, dim: Int) throws -> Tensor {
    let out = try softmaxRaw(x, dim: dim, log: false)
    let d = try normalizeDim(dim, x.ndim)
    return out.recording(SoftmaxBackward0(result: out, dim: d), inputs: [x])
}

public func logSoftmax(_ x: Tensor, dim: Int) throws -> Tensor {
    let out = try softmaxRaw(x, dim: dim, log: true)
    let d = try normalizeDim(dim, x.ndim)
    return out.recording(LogSoftmaxBackward0(result: out, dim: d), inputs: [x])
}

/// PyTorch's implicit softmax dim for `dim=None` (with its deprecation rule).
public func implicitSoftmaxDim(_ ndim: Int) -> Int { (ndim == 0 || ndim == 1 || ndim == 3) ? 0 : 1 }

/// `F.dropout`: keeps each element with probability 1-p (a double uniform < 1-p) and scales by 1/(1-p).
/// Not bit-identical with PyTorch (which uses MKL's generator on Intel CPUs).
public func dropout(_ x: Tensor, p: Double, training: Bool, generator: Generator = .global) throws -> Tensor {
    guard p >= 0 && p <= 1 else { throw TorchError.value("dropout probability has to be between 0 and 1, but got \(formatNumber(p))") }
    if !training || p == 0 { return x }
    let mask = try Tensor(shape: x.shape, dtype: .float32, zeroed: false)
    let scale = p == 1 ? 0 : Float(1 / (1 - p))
    for i in 0..<mask.numel {
        let u = Double(generator.next64() & ((1 << 53) - 1)) * 0x1p-53
        mask.floatPointer[i] = u < 1 - p ? scale : 0
    }
    return try mul(.tensor(x), .tensor(mask))
}

// MARK: backward nodes

/// self: grad * (result > 0)
final class ReluBackward0: SavedResultNode {
    init(result: Tensor) { super.init(result: result, producer: "Relu") }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let r = try result.unpack(self).to(.float32)
        // threshold_backward selects (never multiplies), so a blocked gradient is +0, not -0.
        return [try mapBinary(try grad.to(.float32), r, Float.self, outDType: .float32) { g, y in y > 0 ? g : 0 }]
    }
}

/// self: grad * (self > 0 ? 1 : slope)
final class LeakyReluBackward0: Node {
    var input: SavedTensor
    let slope: Float
    init(input: Tensor, slope: Float) { self.input = SavedTensor(input); self.slope = slope }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let s = slope
        let f = try floatUnary(try input.unpack(self)) { $0 > 0 ? 1 : s }
        return [try mul(.tensor(grad), .tensor(f))]
    }
}

/// self: grad * result * (1 - result)
final class SigmoidBackward0: SavedResultNode {
    init(result: Tensor) { super.init(result: result, producer: "Sigmoid") }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let r = try result.unpack(self)
        let g = try grad.to(.float32)
        if g.shape == r.shape && r.dtype == .float32 {
            return [try F32.map(g, r) { nk_sigmoid_backward_f32($0, $1, $2, $3, F32.threads) }]
        }
        return [try mapBinary(g, r, Float.self, outDType: .float32) { $0 * (1 - $1) * $1 }]
    }
}

/// self: grad * (1 - result^2)
final class TanhBackward0: SavedResultNode {
    init(result: Tensor) { super.init(result: result, producer: "Tanh") }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let r = try result.unpack(self), g = try grad.to(.float32)
        if g.shape == r.shape && r.dtype == .float32 {
            return [try F32.map(g, r) { nk_tanh_backward_f32($0, $1, $2, $3, F32.threads) }]
        }
        return [try mapBinary(g, r, Float.self, outDType: .float32) { $0 * (1 - $1 * $1) }]
    }
}

final class GeluBackward0: Node {
    var input: SavedTensor
    let tanhApprox: Bool
    init(input: Tensor, tanhApprox: Bool) { self.input = SavedTensor(input); self.tanhApprox = tanhApprox }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let approx = tanhApprox
        let d = try floatUnary(try input.unpack(self)) { v in
            let x = Double(v)
            if approx {
                let k = 0.7978845608028654, c = 0.044715
                let inner = k * (x + c * x * x * x)
                let t = Foundation.tanh(inner)
                return Float(0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * c * x * x))
            }
            let cdf = 0.5 * (1 + Foundation.erf(x * 0.7071067811865476))
            let pdf = Foundation.exp(-0.5 * x * x) * 0.3989422804014327
            return Float(cdf + x * pdf)
        }
        return [try mul(.tensor(grad), .tensor(d))]
    }
}

/// ATen's softmax / log_softmax backward kernels (nil for non-float32 or mismatched inputs).
func softmaxBackwardLastDim(_ grad: Tensor, _ y: Tensor, dim: Int, log: Bool) throws -> Tensor? {
    guard y.dtype == .float32, grad.shape == y.shape else { return nil }
    let g = try grad.contiguousFloatForReading(), out = try y.contiguousFloatForReading()
    let gi = try Tensor(shape: y.shape, dtype: .float32, zeroed: false)
    if gi.numel == 0 { return gi }
    let size = y.ndim == 0 ? 1 : y.shape[dim]
    if y.ndim == 0 || dim == y.ndim - 1 {
        nk_softmax_backward_lastdim_f32(g.floatPointer, out.floatPointer, gi.floatPointer, Int64(gi.numel / size), Int64(size), log ? 1 : 0, F32.threads)
    } else {
        let inner = y.shape[(dim + 1)...].reduce(1, *)
        nk_softmax_backward_dim_f32(g.floatPointer, out.floatPointer, gi.floatPointer, Int64(gi.numel / (size * inner)),
                                    Int64(size), Int64(inner), log ? 1 : 0)
    }
    return gi
}

/// self: result * (grad - sum(grad * result, dim))
final class SoftmaxBackward0: Node {
    var result: SavedTensor
    let dim: Int
    init(result: Tensor, dim: Int) { self.result = SavedTensor(result, asOutputOf: "Softmax"); self.dim = dim }
    override var savesTensors: Bool { true }
    override func releaseSaved() { result.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let y = try result.unpack(self)
        if let g = try softmaxBackwardLastDim(grad, y, dim: dim, log: false) { return [g] }
        let gy = try mul(.tensor(grad), .tensor(y))
        let s = try gy.sum(dims: [dim], keepdim: true)
        return [try mul(.tensor(y), .tensor(try sub(.tensor(grad), .tensor(s))))]
    }
}

/// self: grad - exp(result) * sum(grad, dim)
final class LogSoftmaxBackward0: Node {
    var result: SavedTensor
    let dim: Int
    init(result: Tensor, dim: Int) { self.result = SavedTensor(result, asOutputOf: "LogSoftmax"); self.dim = dim }
    override var savesTensors: Bool { true }
    override func releaseSaved() { result.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let y = try result.unpack(self)
        if let g = try softmaxBackwardLastDim(grad, y, dim: dim, log: true) { return [g] }
        let s = try grad.sum(dims: [dim], keepdim: true)
        return [try sub(.tensor(grad), .tensor(try mul(.tensor(try exp(y)), .tensor(s))))]
    }
}
