import CPooling

/// 2-D pooling: max_pool2d (with indices), avg_pool2d, adaptive_avg_pool2d, and their backward.

/// Output length of a pooling sweep, with ceil_mode's rule that the last window must start
/// inside the input or its left padding.
func poolOutputSize(_ length: Int, kernel: Int, stride: Int, padding: Int, dilation: Int, ceilMode: Bool) -> Int {
    let span = length + 2 * padding - dilation * (kernel - 1) - 1
    var out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1
    if span < 0 { out = ceilMode ? -((-span) / stride) + 1 : -((-span + stride - 1) / stride) + 1 }
    if ceilMode && (out - 1) * stride >= length + padding { out -= 1 }
    return out
}

public struct Pool2dOptions {
    public var kernel: (Int, Int)
    public var stride: (Int, Int)
    public var padding: (Int, Int) = (0, 0)
    public var dilation: (Int, Int) = (1, 1)
    public var ceilMode = false
    public init(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), ceilMode: Bool = false) {
        self.kernel = kernel
        self.stride = stride ?? kernel
        self.padding = padding
        self.dilation = dilation
        self.ceilMode = ceilMode
    }
}

/// Validates a pooling call and returns (batched input, output H, W, whether input was 3-D).
func poolGeometry(_ input: Tensor, _ o: Pool2dOptions, name: String) throws -> (Tensor, Int, Int, Bool) {
    guard input.ndim == 3 || input.ndim == 4 else {
        throw TorchError.runtime("non-empty 3D or 4D (batch mode) tensor expected for input")
    }
    guard o.kernel.0 > 0, o.kernel.1 > 0 else { throw TorchError.runtime("kernel_size must be greater than zero, but got kH: \(o.kernel.0) kW: \(o.kernel.1)") }
    guard o.stride.0 > 0, o.stride.1 > 0 else { throw TorchError.runtime("stride should be greater than zero, but got dH: \(o.stride.0) dW: \(o.stride.1)") }
    guard o.dilation.0 > 0, o.dilation.1 > 0 else { throw TorchError.runtime("dilation should be greater than zero, but got dilationH: \(o.dilation.0) dilationW: \(o.dilation.1)") }
    let effH = o.dilation.0 * (o.kernel.0 - 1) + 1, effW = o.dilation.1 * (o.kernel.1 - 1) + 1
    guard o.padding.0 * 2 <= effH && o.padding.1 * 2 <= effW && o.padding.0 >= 0 && o.padding.1 >= 0 else {
        let (p, k, d) = o.padding.0 * 2 > effH ? (o.padding.0, o.kernel.0, o.dilation.0) : (o.padding.1, o.kernel.1, o.dilation.1)
        throw TorchError.runtime("pad should be at most half of effective kernel size, but got pad=\(p), kernel_size=\(k) and dilation=\(d)")
    }
    let unbatched = input.ndim == 3
    let x = unbatched ? try GradMode.with(false) { try input.unsqueeze(0) } : input
    let (c, h, w) = (x.shape[1], x.shape[2], x.shape[3])
    let oh = poolOutputSize(h, kernel: o.kernel.0, stride: o.stride.0, padding: o.padding.0, dilation: o.dilation.0, ceilMode: o.ceilMode)
    let ow = poolOutputSize(w, kernel: o.kernel.1, stride: o.stride.1, padding: o.padding.1, dilation: o.dilation.1, ceilMode: o.ceilMode)
    guard oh >= 1 && ow >= 1 else {
        throw TorchError.runtime("Given input size: (\(c)x\(h)x\(w)). Calculated output size: (\(c)x\(max(oh, 0))x\(max(ow, 0))). Output size is too small")
    }
    return (x, oh, ow, unbatched)
}

/// `F.max_pool2d`: returns (values, indices); indices are flat positions h*W+w in each input plane.
/// The first maximum in row-major window order wins; any NaN takes over (the last NaN wins).
public func maxPool2d(_ input: Tensor, _ o: Pool2dOptions) throws -> (Tensor, Tensor) {
    let (x4, oh, ow, unbatched) = try poolGeometry(input, o, name: "max_pool2d")
    guard input.dtype != .bool else { throw TorchError(.notImplementedError, "\"max_pool2d\" not implemented for 'Bool'") }
    let x = try x4.contiguousCopyIfNeeded()
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let out = try Tensor(shape: [n, c, oh, ow], dtype: x.dtype, zeroed: false)
    let idx = try Tensor(shape: [n, c, oh, ow], dtype: .int64, zeroed: false)
    try checkInterrupt()
    if x.dtype == .float32 {
        // aten's cpu_max_pool (see CPooling.h): first maximum of each window, last NaN.
        nn_max_pool2d_f32(x.floatPointer, Int64(n * c), Int64(h), Int64(w), Int64(oh), Int64(ow),
                          Int64(o.kernel.0), Int64(o.kernel.1), Int64(o.stride.0), Int64(o.stride.1),
                          Int64(o.padding.0), Int64(o.padding.1), Int64(o.dilation.0), Int64(o.dilation.1),
                          out.floatPointer, idx.int64Pointer)
    } else {
        try x.dtype.dispatch(MaxPoolKernel(x: x, out: out, idx: idx, o: o))
    }
    withExtendedLifetime(x) {}
    let result = unbatched ? try out.reshapeRaw(Array(out.shape.dropFirst())) : out
    result.recording(MaxPool2DWithIndicesBackward0(inputShape: x.shape, originalShape: input.shape, indices: idx), inputs: [input])
    return (result, unbatched ? try idx.reshapeRaw(Array(idx.shape.dropFirst())) : idx)
}

/// aten's cpu_max_pool for the dtypes other than float32 (the same scan as CPooling's).
private struct MaxPoolKernel: ElementKernel {
    let x: Tensor, out: Tensor, idx: Tensor, o: Pool2dOptions
    func run<T: Element>(_: T.Type) throws {
        let (planes, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = (out.shape[2], out.shape[3])
        let src = x.pointer(T.self), dst = out.pointer(T.self), ip = idx.int64Pointer
        let (kh, kw) = o.kernel, (sh, sw) = o.stride, (ph, pw) = o.padding, (dh, dw) = o.dilation
        var k = 0
        for plane in 0..<planes {
            let s = src + plane * h * w
            for y in 0..<oh {
                var ih0 = y * sh - ph
                let ih1 = Swift.min(ih0 + (kh - 1) * dh + 1, h)
                while ih0 < 0 { ih0 += dh }
                for xo in 0..<ow {
                    var iw0 = xo * sw - pw
                    let iw1 = Swift.min(iw0 + (kw - 1) * dw + 1, w)
                    while iw0 < 0 { iw0 += dw }
                    var best: T? = nil, at = ih0 * w + iw0
                    var iy = ih0
                    while iy < ih1 {
                        var ix = iw0
                        while ix < iw1 {
                            let v = s[iy * w + ix]
                            // nil stands for -inf, which integer types lack.
                            if best == nil || T.less(best!, v) || v.isNaNElement { best = v; at = iy * w + ix }
                            ix += dw
                        }
                        iy += dh
                    }
                    dst[k] = best ?? s[at]
                    ip[k] = Int64(at)
                    k += 1
                }
            }
        }
    }
}

/// grad_input[index] += grad_output, per plane in output order, for the dtypes other than float32.
private struct MaxPoolBackwardKernel: FloatingKernel {
    let g: Tensor, indices: Tensor, out: Tensor, planes: Int, inPlane: Int, outPlane: Int
    func run<T: FloatingElement>(_: T.Type) throws {
        let gp = g.pointer(T.self), dst = out.pointer(T.self), ip = indices.int64Pointer
        for p in 0..<planes {
            for k in 0..<outPlane {
                let i = Int(ip[p * outPlane + k])
                if i >= 0 {
                    let d = dst + p * inPlane + i
                    d.pointee = T(compute: d.pointee.compute + gp[p * outPlane + k].compute)
                }
            }
        }
    }
}

public struct AvgPool2dOptions {
    public var pool: Pool2dOptions
    public var countIncludePad = true
    public var divisorOverride: Int? = nil
    public init(pool: Pool2dOptions, countIncludePad: Bool = true, divisorOverride: Int? = nil) {
        self.pool = pool; self.countIncludePad = countIncludePad; self.divisorOverride = divisorOverride
    }
}

/// The divisor of window (y, x): see pytorch-behaviour.md 5.6.
func avgPoolDivisor(_ y: Int, _ xo: Int, h: Int, w: Int, _ a: AvgPool2dOptions) -> Int {
    if let d = a.divisorOverride { return d }
    let o = a.pool
    let hs = y * o.stride.0 - o.padding.0, ws = xo * o.stride.1 - o.padding.1
    let he = min(hs + o.kernel.0, h + o.padding.0), we = min(ws + o.kernel.1, w + o.padding.1)
    if a.countIncludePad { return (he - hs) * (we - ws) }
    return (min(he, h) - max(hs, 0)) * (min(we, w) - max(ws, 0))
}

/// `F.avg_pool2d`.
public func avgPool2d(_ input: Tensor, _ a: AvgPool2dOptions) throws -> Tensor {
    if let d = a.divisorOverride, d == 0 { throw TorchError.runtime("divisor must be not zero") }
    var opts = a.pool
    opts.dilation = (1, 1)
    let (x4, oh, ow, unbatched) = try poolGeometry(input, opts, name: "avg_pool2d")
    let (x, computeType) = try poolingInput(x4, "avg_pool2d")
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    var out = try Tensor(shape: [n, c, oh, ow], dtype: x.dtype, zeroed: false)
    func run<T: ConvScalar>(_: T.Type) {
        let xp = x.pointer(T.self), op = out.pointer(T.self)
        for plane in 0..<(n * c) {
            let src = xp + plane * h * w
            for y in 0..<oh {
                for xo in 0..<ow {
                    let hs = y * opts.stride.0 - opts.padding.0, ws = xo * opts.stride.1 - opts.padding.1
                    var sum: T = 0
                    for iy in max(hs, 0)..<max(min(hs + opts.kernel.0, h), max(hs, 0)) {
                        for ix in max(ws, 0)..<max(min(ws + opts.kernel.1, w), max(ws, 0)) { sum += src[iy * w + ix] }
                    }
                    let div = avgPoolDivisor(y, xo, h: h, w: w, a)
                    op[(plane * oh + y) * ow + xo] = div == 0 ? .nan : sum / T(div)
                }
            }
        }
    }
    if x.dtype == .float64 { run(Double.self) } else { run(Float.self) }
    if computeType != x.dtype { out = try out.contiguousCopy(dtype: computeType) }
    let result = unbatched ? try out.reshapeRaw(Array(out.shape.dropFirst())) : out
    return result.recording(AvgPool2DBackward0(inputShape: x.shape, originalShape: input.shape, options: a), inputs: [input])
}

/// The contiguous input an averaging kernel reads (float64 as it is, float16/bfloat16 widened
/// to float32 as PyTorch's kernels compute them), and the dtype of the result; PyTorch's error
/// for the other dtypes.
func poolingInput(_ x: Tensor, _ name: String) throws -> (Tensor, DType) {
    switch x.dtype {
    case .float32, .float64: return (try x.contiguousCopyIfNeeded(), x.dtype)
    case .float16, .bfloat16: return (try x.contiguousCopy(dtype: .float32), x.dtype)
    case .int64: throw TorchError(.notImplementedError, "nnrepl computes \(name) for floating-point tensors only")
    default: throw TorchError(.notImplementedError, "\"\(name)\" not implemented for '\(x.dtype.scalarName)'")
    }
}

/// `F.adaptive_avg_pool2d(x, (oh, ow))`: window i spans [floor(i*H/oh), ceil((i+1)*H/oh)).
public func adaptiveAvgPool2d(_ input: Tensor, outputSize: (Int?, Int?)) throws -> Tensor {
    guard input.ndim == 3 || input.ndim == 4 else {
        throw TorchError.runtime("adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got \(shapeList(input.shape))")
    }
    let unbatched = input.ndim == 3
    if outputSize.0 == 1 && outputSize.1 == 1 {
        // PyTorch computes a 1×1 adaptive average as a mean over H and W (MeanBackward1).
        return try input.mean(dims: [-2, -1], keepdim: true)
    }
    let x4 = unbatched ? try GradMode.with(false) { try input.unsqueeze(0) } : input
    let (x, computeType) = try poolingInput(x4, "adaptive_avg_pool2d")
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let oh = outputSize.0 ?? h, ow = outputSize.1 ?? w
    var out = try Tensor(shape: [n, c, oh, ow], dtype: x.dtype, zeroed: false)
    func run<T: ConvScalar>(_: T.Type) {
        let xp = x.pointer(T.self), op = out.pointer(T.self)
        for plane in 0..<(n * c) {
            let src = xp + plane * h * w
            for y in 0..<oh {
                let hs = (y * h) / oh, he = ((y + 1) * h + oh - 1) / oh
                for xo in 0..<ow {
                    let ws = (xo * w) / ow, we = ((xo + 1) * w + ow - 1) / ow
                    var sum: T = 0
                    for iy in hs..<he { for ix in ws..<we { sum += src[iy * w + ix] } }
                    op[(plane * oh + y) * ow + xo] = sum / T((he - hs) * (we - ws))
                }
            }
        }
    }
    if x.dtype == .float64 { run(Double.self) } else { run(Float.self) }
    if computeType != x.dtype { out = try out.contiguousCopy(dtype: computeType) }
    let result = unbatched ? try out.reshapeRaw(Array(out.shape.dropFirst())) : out
    return result.recording(AdaptiveAvgPool2DBackward0(inputShape: x.shape, originalShape: input.shape), inputs: [input])
}

// MARK: backward nodes

/// self: grad routed to the argmax of each window (contributions add up)
final class MaxPool2DWithIndicesBackward0: Node {
    let inputShape: [Int], originalShape: [Int], indices: Tensor
    init(inputShape: [Int], originalShape: [Int], indices: Tensor) { self.inputShape = inputShape; self.originalShape = originalShape; self.indices = indices }
    override var savesTensors: Bool { true }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let g = try grad.reshape(inputShape.count == indices.ndim ? indices.shape : [1] + indices.shape).contiguousCopyIfNeeded()
        let out = try Tensor.zeros(inputShape, dtype: g.dtype)
        let plane = inputShape[2] * inputShape[3]
        let outPlane = g.shape[2] * g.shape[3]
        if g.dtype == .float32 {
            nn_max_pool2d_backward_f32(g.floatPointer, indices.int64Pointer, Int64(inputShape[0] * inputShape[1]),
                                       Int64(plane), Int64(outPlane), out.floatPointer)
        } else {
            try g.dtype.dispatchFloating(MaxPoolBackwardKernel(g: g, indices: indices, out: out, planes: inputShape[0] * inputShape[1],
                                                               inPlane: plane, outPlane: outPlane))
        }
        withExtendedLifetime((g, indices)) {}
        return [try out.reshape(originalShape)]
    }
}

/// self: each window's grad / divisor spread over its real cells
final class AvgPool2DBackward0: Node {
    let inputShape: [Int], originalShape: [Int], options: AvgPool2dOptions
    init(inputShape: [Int], originalShape: [Int], options: AvgPool2dOptions) { self.inputShape = inputShape; self.originalShape = originalShape; self.options = options }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let (g, gradType) = try poolingInput(try grad.reshape([n, c] + Array(grad.shape.suffix(2))), "avg_pool2d_backward")
        let (oh, ow) = (g.shape[2], g.shape[3])
        let o = options.pool
        var out = try Tensor.zeros(inputShape, dtype: g.dtype)
        func run<T: ConvScalar>(_: T.Type) {
            let gp = g.pointer(T.self), op = out.pointer(T.self)
            for plane in 0..<(n * c) {
                let dst = op + plane * h * w
                for y in 0..<oh {
                    for xo in 0..<ow {
                        let hs = y * o.stride.0 - o.padding.0, ws = xo * o.stride.1 - o.padding.1
                        let v = gp[(plane * oh + y) * ow + xo] / T(avgPoolDivisor(y, xo, h: h, w: w, options))
                        for iy in max(hs, 0)..<max(min(hs + o.kernel.0, h), max(hs, 0)) {
                            for ix in max(ws, 0)..<max(min(ws + o.kernel.1, w), max(ws, 0)) { dst[iy * w + ix] += v }
                        }
                    }
                }
            }
        }
        if g.dtype == .float64 { run(Double.self) } else { run(Float.self) }
        if gradType != g.dtype { out = try out.contiguousCopy(dtype: gradType) }
        return [try out.reshape(originalShape)]
    }
}

final class AdaptiveAvgPool2DBackward0: Node {
    let inputShape: [Int], originalShape: [Int]
    init(inputShape: [Int], originalShape: [Int]) { self.inputShape = inputShape; self.originalShape = originalShape }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let (g, gradType) = try poolingInput(try grad.reshape([n, c] + Array(grad.shape.suffix(2))), "adaptive_avg_pool2d_backward")
        let (oh, ow) = (g.shape[2], g.shape[3])
        var out = try Tensor.zeros(inputShape, dtype: g.dtype)
        func run<T: ConvScalar>(_: T.Type) {
            let gp = g.pointer(T.self), op = out.pointer(T.self)
            for plane in 0..<(n * c) {
                let dst = op + plane * h * w
                for y in 0..<oh {
                    let hs = (y * h) / oh, he = ((y + 1) * h + oh - 1) / oh
                    for xo in 0..<ow {
                        let ws = (xo * w) / ow, we = ((xo + 1) * w + ow - 1) / ow
                        let v = gp[(plane * oh + y) * ow + xo] / T((he - hs) * (we - ws))
                        for iy in hs..<he { for ix in ws..<we { dst[iy * w + ix] += v } }
                    }
                }
            }
        }
        if g.dtype == .float64 { run(Double.self) } else { run(Float.self) }
        if gradType != g.dtype { out = try out.contiguousCopy(dtype: gradType) }
        return [try out.reshape(originalShape)]
    }
}

extension Tensor {
    /// Element `i` of a contiguous int64 tensor.
    func contiguousInt64(_ i: Int) -> Int64 { int64Pointer[i] }
}
