import Foundation
import CKernels

/// Activations: relu, leaky_relu, sigmoid, tanh, gelu, softmax, log_softmax, dropout.

public func relu(_ x: Tensor) throws -> Tensor {
    if x.dtype == .bool { throw TorchError.notImplemented("Boolean inputs not supported for relu") }
    let out: Tensor
    if x.dtype.isIntegral {
        out = try x.dtype.dispatchIntegral(IntegralRelu(x: x))
    } else {
        out = try floatUnary(x, { $0.isNaN ? $0 : ($0 > 0 ? $0 : 0) }, { $0.isNaN ? $0 : ($0 > 0 ? $0 : 0) })
    }
    return out.recording(ReluBackward0(result: out), inputs: [x])
}

private struct IntegralRelu: IntegralKernel {
    let x: Tensor
    func run<T: IntegralElement>(_: T.Type) throws -> Tensor { try mapUnary(x, T.self, outDType: T.dtype) { Swift.max($0, 0) } }
}

/// Activations PyTorch defines only for floating inputs: its "not implemented for 'Long'" error.
func requireFloating(_ x: Tensor, _ op: String) throws {
    guard x.dtype.isFloatingPoint else { throw TorchError.notImplemented(op, x.dtype) }
}

/// A binary kernel over two tensors of one floating dtype (backward formulas): `f` in float32
/// (float16/bfloat16 round back), `d` in float64. The second operand is converted to the first's dtype.
@inline(__always)
func floatBinary(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float, _ d: (Double, Double) -> Double) throws -> Tensor {
    let x = try a.to(a.dtype.floatingResult)
    let y = try b.to(x.dtype)
    switch x.dtype {
    case .float32: return try mapBinary(x, y, Float.self, outDType: .float32, f)
    case .float64: return try mapBinary(x, y, Double.self, outDType: .float64, d)
    case .float16: return try mapBinary(x, y, Float16.self, outDType: .float16) { Float16(f(Float($0), Float($1))) }
    default: return try mapBinary(x, y, BFloat16.self, outDType: .bfloat16) { BFloat16(f($0.float, $1.float)) }
    }
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
    try requireFloating(x, "leaky_relu_cpu")
    let s = Float(negativeSlope)
    let out = try floatUnary(x, { $0 > 0 ? $0 : $0 * s }, { $0 > 0 ? $0 : $0 * negativeSlope })
    return out.recording(LeakyReluBackward0(input: x, slope: negativeSlope), inputs: [x])
}

public func sigmoid(_ x: Tensor) throws -> Tensor {
    // float32: ATen's kernel (SLEEF's exp on 16-lane vector blocks, glibc on the tail).
    let out = x.dtype.floatingResult == .float32
        ? try F32.map(try x.to(.float32)) { nk_sigmoid_f32($0, $1, $2, F32.threads) }
        : try floatUnary(x, { 1 / (1 + Foundation.exp(-$0)) }, { 1 / (1 + Foundation.exp(-$0)) })
    return out.recording(SigmoidBackward0(result: out), inputs: [x])
}

public func tanh(_ x: Tensor) throws -> Tensor {
    let out = try floatUnary(x, .tanh)
    return out.recording(TanhBackward0(result: out), inputs: [x])
}

/// GELU, exact (erf) or the tanh approximation.
public func gelu(_ x: Tensor, approximate: String = "none") throws -> Tensor {
    guard approximate == "none" || approximate == "tanh" else {
        throw TorchError.runtime("approximate argument must be either none or tanh.")
    }
    try requireFloating(x, "GeluKernelImpl")
    let tanhApprox = approximate == "tanh"
    // ATen gives a contiguous float32 input of 2+ elements to oneDNN (`use_mkldnn` in
    // Activation.cpp), whose AVX-512 kernel has its own erf polynomial.
    if !tanhApprox, x.dtype == .float32, x.numel > 1, x.isContiguous, nk_onednn_has_avx512_core() != 0 {
        let out = try F32.map(x, nk_gelu_onednn_f32)
        return out.recording(GeluBackward0(input: x, tanhApprox: tanhApprox), inputs: [x])
    }
    func kernel<C: ComputeFloat>(_ v: C) -> C {
        if tanhApprox {
            let inner = C(0.7978845608028654) * (v + C(0.044715) * v * v * v)
            return C(0.5) * v * (1 + C.tanh(inner))
        }
        // PyTorch's kernel: x * 0.5 * (1 + erf(x * M_SQRT1_2)), in the compute type
        return v * C(0.5) * (1 + C.erf(v * C(0.7071067811865476)))
    }
    let out = try floatUnary(x, { kernel($0) }, { kernel($0) })
    return out.recording(GeluBackward0(input: x, tanhApprox: tanhApprox), inputs: [x])
}

/// Softmax or log-softmax along `dim`, max-subtracted so huge logits do not overflow.
func softmaxRaw(_ x: Tensor, dim: Int, log isLog: Bool) throws -> Tensor {
    let d = try normalizeDim(dim, x.ndim)
    guard x.dtype.isFloatingPoint else {
        let kernel = (isLog ? "log_softmax" : "softmax") + (d == Swift.max(x.ndim, 1) - 1 ? "_lastdim_kernel_impl" : "_kernel_impl")
        throw TorchError.notImplemented(kernel, x.dtype)
    }
    if x.dtype == .float32 { return try softmaxFloat32(x, d: d, log: isLog) }
    return try x.dtype.dispatchFloating(SoftmaxKernel(x: x, d: d, isLog: isLog))
}

/// float32 softmax / log_softmax through ATen's kernels (SoftMaxKernel.cpp): rows along the
/// last dimension, vertical passes over [outer, dim, inner] along another.
private func softmaxFloat32(_ x: Tensor, d: Int, log isLog: Bool) throws -> Tensor {
    let src = try x.contiguousFloatForReading()
    let out = try Tensor(shape: src.shape, dtype: .float32, zeroed: false)
    if src.numel == 0 { return out }
    let size = src.ndim == 0 ? 1 : src.shape[d]
    if src.ndim == 0 || d == src.ndim - 1 {
        let rows = Int64(src.numel / size)
        if isLog { nk_log_softmax_lastdim_f32(src.floatPointer, out.floatPointer, rows, Int64(size)) }
        else { nk_softmax_lastdim_f32(src.floatPointer, out.floatPointer, rows, Int64(size)) }
        return out
    }
    let inner = src.shape[(d + 1)...].reduce(1, *)
    let outer = src.numel / (size * inner)
    if isLog { nk_log_softmax_dim_f32(src.floatPointer, out.floatPointer, Int64(outer), Int64(size), Int64(inner)) }
    else { nk_softmax_dim_f32(src.floatPointer, out.floatPointer, Int64(outer), Int64(size), Int64(inner), F32.threads) }
    return out
}

/// Max-subtracted softmax in the compute type (float32 for float16/bfloat16), rounded once.
private struct SoftmaxKernel: FloatingKernel {
    let x: Tensor, d: Int, isLog: Bool
    func run<T: FloatingElement>(_: T.Type) throws -> Tensor {
        typealias C = T.Compute
        let src = x.isContiguous ? x : try x.contiguousCopy()
        let out = try Tensor(shape: src.shape, dtype: T.dtype, zeroed: false)
        if src.numel == 0 { return out }
        let size = src.ndim == 0 ? 1 : src.shape[d]
        let inner = src.ndim == 0 ? 1 : src.shape[(d + 1)...].reduce(1, *)
        let outer = src.numel / (size * inner)
        let sp = src.pointer(T.self), op = out.pointer(T.self)
        let reduced = T.dtype == .float16 || T.dtype == .bfloat16, lastDim = d == src.ndim - 1
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * size * inner + i
                var m = -C.infinity
                for k in 0..<size { m = Swift.max(m, sp[base + k * inner].compute) }
                var sum: C = 0
                for k in 0..<size { sum += C.exp(sp[base + k * inner].compute - m) }
                // float16/bfloat16 round some intermediates to their own precision, as ATen's
                // kernels do: the log-sum of the last-dim log_softmax, each exp of the other-dim softmax.
                if isLog {
                    let ls = reduced && lastDim ? T(compute: C.log(sum)).compute : C.log(sum)
                    for k in 0..<size { op[base + k * inner] = T(compute: (sp[base + k * inner].compute - m) - ls) }
                } else if reduced && !lastDim {
                    for k in 0..<size { op[base + k * inner] = T(compute: T(compute: C.exp(sp[base + k * inner].compute - m)).compute / sum) }
                } else {
                    for k in 0..<size { op[base + k * inner] = T(compute: C.exp(sp[base + k * inner].compute - m) / sum) }
                }
            }
        }
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
    if !x.dtype.isFloatingPoint { try checkCanCast(DType.defaultFloat, to: x.dtype) }
    // PyTorch draws into `empty_like(input)`, which keeps the strides of a non-overlapping,
    // dense input (a transposed batch_first activation), so the draws follow its memory order:
    // the mask is made contiguous in the input's dims sorted by stride, then permuted back.
    let order = denseMemoryOrder(x) ?? Array(0..<x.ndim)
    let mask = try Tensor(shape: order.map { x.shape[$0] }, dtype: .float64, zeroed: false)
    let scale = p == 1 ? 0 : 1 / (1 - p)
    for i in 0..<mask.numel {
        let u = Double(generator.next64() & ((1 << 53) - 1)) * 0x1p-53
        mask.doublePointer[i] = u < 1 - p ? scale : 0
    }
    var inverse = Array(repeating: 0, count: order.count)
    for (i, d) in order.enumerated() { inverse[d] = i }
    let laidOut = order == Array(0..<x.ndim) ? mask : try mask.permute(inverse)
    return try mul(.tensor(x), .tensor(try laidOut.to(x.dtype)))
}

/// The dims of a non-overlapping, dense, non-contiguous tensor from outermost to innermost in
/// memory (the layout `empty_like` preserves); nil for contiguous or other tensors.
func denseMemoryOrder(_ x: Tensor) -> [Int]? {
    guard !x.isContiguous, x.ndim > 1 else { return nil }
    let order = (0..<x.ndim).sorted { a, b in
        x.strides[a] != x.strides[b] ? x.strides[a] > x.strides[b] : a < b
    }
    var expected = 1
    for d in order.reversed() where x.shape[d] != 1 {
        guard x.strides[d] == expected else { return nil }
        expected *= x.shape[d]
    }
    return order
}

// MARK: backward nodes

/// self: grad * (result > 0)
final class ReluBackward0: SavedResultNode {
    init(result: Tensor) { super.init(result: result, producer: "Relu") }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let r = try result.unpack(self)
        // threshold_backward selects (never multiplies), so a blocked gradient is +0, not -0.
        if r.dtype.isFloatingPoint {
            return [try floatBinary(grad, r, { g, y in y > 0 ? g : 0 }, { g, y in y > 0 ? g : 0 })]
        }
        return [try whereSelect(try compare(.gt, .tensor(r), .scalar(.int(0))), .tensor(grad), .scalar(.int(0)))]
    }
}

/// self: grad * (self > 0 ? 1 : slope)
final class LeakyReluBackward0: Node {
    var input: SavedTensor
    let slope: Double
    init(input: Tensor, slope: Double) { self.input = SavedTensor(input); self.slope = slope }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let s = slope
        let f = try floatUnary(try input.unpack(self), { $0 > 0 ? 1 : Float(s) }, { $0 > 0 ? 1 : s })
        return [try mul(.tensor(grad), .tensor(f))]
    }
}

/// self: grad * result * (1 - result)
final class SigmoidBackward0: SavedResultNode {
    init(result: Tensor) { super.init(result: result, producer: "Sigmoid") }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let r = try result.unpack(self)
        if r.dtype == .float32 && grad.shape == r.shape {
            return [try F32.map(try grad.to(.float32), r) { nk_sigmoid_backward_f32($0, $1, $2, $3, F32.threads) }]
        }
        return [try floatBinary(grad, r, { $0 * (1 - $1) * $1 }, { $0 * (1 - $1) * $1 })]
    }
}

/// self: grad * (1 - result^2)
final class TanhBackward0: SavedResultNode {
    init(result: Tensor) { super.init(result: result, producer: "Tanh") }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let r = try result.unpack(self)
        if r.dtype == .float32 && grad.shape == r.shape {
            // grad * (1 - y²) with 1 - y² fused, as PyTorch's build computes it.
            return [try F32.map(try grad.to(.float32), r) { nk_tanh_backward_f32($0, $1, $2, $3, F32.threads) }]
        }
        // float64 likewise: GCC fuses ATen's `1 - b * b` into one fma there too (one rounding).
        return [try floatBinary(grad, r, { $0 * (1 - $1 * $1) }, { $0 * (1.0).addingProduct(-$1, $1) })]
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
        func derivative(_ x: Double) -> Double {
            if approx {
                let k = 0.7978845608028654, c = 0.044715
                let inner = k * (x + c * x * x * x)
                let t = Foundation.tanh(inner)
                return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * c * x * x)
            }
            let cdf = 0.5 * (1 + Foundation.erf(x * 0.7071067811865476))
            let pdf = Foundation.exp(-0.5 * x * x) * 0.3989422804014327
            return cdf + x * pdf
        }
        let d = try floatUnary(try input.unpack(self), { Float(derivative(Double($0))) }, { derivative($0) })
        return [try mul(.tensor(grad), .tensor(d))]
    }
}

/// ATen's float32 softmax / log_softmax backward kernels (nil for other dtypes).
func softmaxBackwardFloat32(_ grad: Tensor, _ y: Tensor, dim: Int, log: Bool) throws -> Tensor? {
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
        if let g = try softmaxBackwardFloat32(grad, y, dim: dim, log: false) { return [g] }
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
        if let g = try softmaxBackwardFloat32(grad, y, dim: dim, log: true) { return [g] }
        let s = try grad.sum(dims: [dim], keepdim: true)
        return [try sub(.tensor(grad), .tensor(try mul(.tensor(try exp(y)), .tensor(s))))]
    }
}
