import CPooling

/// 2-D pooling: max_pool2d (with indices), avg_pool2d, adaptive_avg_pool2d, adaptive_max_pool2d,
/// and their backward.

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
    // ATen's pooling takes its sizes as C `int`s (safe_downcast<int, int64_t>).
    for v in [o.kernel.0, o.kernel.1, o.stride.0, o.stride.1, o.padding.0, o.padding.1, o.dilation.0, o.dilation.1]
    where Int32(exactly: v) == nil {
        throw TorchError.runtime("value cannot be converted to type int without overflow")
    }
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
/// The first maximum in row-major window order wins; NaN wins over numbers. Every dtype but bool.
public func maxPool2d(_ input: Tensor, _ o: Pool2dOptions) throws -> (Tensor, Tensor) {
    let (x4, oh, ow, unbatched) = try poolGeometry(input, o, name: "max_pool2d")
    if input.dtype == .bool { throw TorchError.notImplemented("max_pool2d", .bool) }
    let x = try x4.contiguousCopyIfNeeded()
    let (n, c) = (x.shape[0], x.shape[1])
    let out = try Tensor(shape: [n, c, oh, ow], dtype: x.dtype, zeroed: false)
    let idx = try Tensor(shape: [n, c, oh, ow], dtype: .int64, zeroed: false)
    if x.dtype == .float32 {
        // aten's cpu_max_pool in C (see CPooling.h): first maximum of each window, last NaN.
        try checkInterrupt()
        nn_max_pool2d_f32(x.floatPointer, Int64(n * c), Int64(x.shape[2]), Int64(x.shape[3]), Int64(oh), Int64(ow),
                          Int64(o.kernel.0), Int64(o.kernel.1), Int64(o.stride.0), Int64(o.stride.1),
                          Int64(o.padding.0), Int64(o.padding.1), Int64(o.dilation.0), Int64(o.dilation.1),
                          out.floatPointer, idx.int64Pointer)
        withExtendedLifetime(x) {}
    } else {
        try x.dtype.dispatch(MaxPoolKernel(x: x, out: out, idx: idx, o: o))
    }
    let result = unbatched ? try out.reshapeRaw(Array(out.shape.dropFirst())) : out
    result.recording(MaxPool2DWithIndicesBackward0(inputShape: x.shape, originalShape: input.shape, indices: idx), inputs: [input])
    return (result, unbatched ? try idx.reshapeRaw(Array(idx.shape.dropFirst())) : idx)
}

private struct MaxPoolKernel: ElementKernel {
    let x: Tensor, out: Tensor, idx: Tensor, o: Pool2dOptions
    func run<T: Element>(_: T.Type) throws {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = (out.shape[2], out.shape[3])
        let xp = x.pointer(T.self), op = out.pointer(T.self), ip = idx.int64Pointer
        for plane in 0..<(n * c) {
            if plane % 64 == 0 { try checkInterrupt() }
            let src = xp + plane * h * w
            for y in 0..<oh {
                for xo in 0..<ow {
                    let y0 = y * o.stride.0 - o.padding.0, x0 = xo * o.stride.1 - o.padding.1
                    var best = T.zero, bestIdx = -1
                    for ki in 0..<o.kernel.0 {
                        let iy = y0 + ki * o.dilation.0
                        if iy < 0 || iy >= h { continue }
                        for kj in 0..<o.kernel.1 {
                            let ix = x0 + kj * o.dilation.1
                            if ix < 0 || ix >= w { continue }
                            let v = src[iy * w + ix]
                            // aten: a larger value or any NaN takes over (the last NaN wins).
                            if bestIdx < 0 || T.less(best, v) || v.isNaNElement {
                                best = v
                                bestIdx = iy * w + ix
                            }
                        }
                    }
                    let k = (plane * oh + y) * ow + xo
                    op[k] = bestIdx < 0 ? T(fromDouble: -.infinity) : best
                    ip[k] = Int64(bestIdx)
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

/// `F.avg_pool2d`: floating types sum in their compute type; integers sum in int64 and divide
/// with truncation, as ATen's CPU kernel does.
public func avgPool2d(_ input: Tensor, _ a: AvgPool2dOptions) throws -> Tensor {
    if let d = a.divisorOverride, d == 0 { throw TorchError.runtime("divisor must be not zero") }
    var opts = a.pool
    opts.dilation = (1, 1)
    let (x4, oh, ow, unbatched) = try poolGeometry(input, opts, name: "avg_pool2d")
    // PyTorch's CPU kernel exists for the floating types and int64 only.
    if input.dtype.isIntegral && input.dtype != .int64 || input.dtype == .bool { throw TorchError.notImplemented("avg_pool2d", input.dtype) }
    let x = try x4.contiguousCopyIfNeeded()
    let (n, c) = (x.shape[0], x.shape[1])
    let out = try Tensor(shape: [n, c, oh, ow], dtype: x.dtype, zeroed: false)
    let k = AvgPoolKernel(x: x, out: out, a: a)
    if x.dtype.isFloatingPoint { try x.dtype.dispatchFloating(k) } else { try x.dtype.dispatchIntegral(k) }
    let result = unbatched ? try out.reshapeRaw(Array(out.shape.dropFirst())) : out
    return result.recording(AvgPool2DBackward0(inputShape: x.shape, originalShape: input.shape, options: a), inputs: [input])
}

private struct AvgPoolKernel: FloatingKernel, IntegralKernel {
    let x: Tensor, out: Tensor, a: AvgPool2dOptions
    func run<T: FloatingElement>(_: T.Type) throws {
        pool(T.self, zero: T.Compute(0), { $0 + $1.compute }) { sum, div in T(compute: div == 0 ? .nan : sum / T.Compute(div)) }
    }
    func run<T: IntegralElement>(_: T.Type) throws {
        pool(T.self, zero: Int64(0), { $0 &+ $1.asInt64 }) { sum, div in T(fromInt64: div == 0 ? 0 : sum / Int64(div)) }
    }
    @inline(__always)
    func pool<T: Element, A>(_: T.Type, zero: A, _ add: (A, T) -> A, _ finish: (A, Int) -> T) {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = (out.shape[2], out.shape[3])
        let opts = a.pool
        let xp = x.pointer(T.self), op = out.pointer(T.self)
        for plane in 0..<(n * c) {
            let src = xp + plane * h * w
            for y in 0..<oh {
                for xo in 0..<ow {
                    let hs = y * opts.stride.0 - opts.padding.0, ws = xo * opts.stride.1 - opts.padding.1
                    var sum = zero
                    for iy in max(hs, 0)..<max(min(hs + opts.kernel.0, h), max(hs, 0)) {
                        for ix in max(ws, 0)..<max(min(ws + opts.kernel.1, w), max(ws, 0)) { sum = add(sum, src[iy * w + ix]) }
                    }
                    op[(plane * oh + y) * ow + xo] = finish(sum, avgPoolDivisor(y, xo, h: h, w: w, a))
                }
            }
        }
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
    guard input.dtype.isFloatingPoint else { throw TorchError.notImplemented("adaptive_avg_pool2d", input.dtype) }
    let x4 = unbatched ? try GradMode.with(false) { try input.unsqueeze(0) } : input
    let x = try x4.contiguousCopyIfNeeded()
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let oh = outputSize.0 ?? h, ow = outputSize.1 ?? w
    let out = try Tensor(shape: [n, c, oh, ow], dtype: x.dtype, zeroed: false)
    try x.dtype.dispatchFloating(AdaptiveAvgKernel(x: x, out: out))
    let result = unbatched ? try out.reshapeRaw(Array(out.shape.dropFirst())) : out
    return result.recording(AdaptiveAvgPool2DBackward0(inputShape: x.shape, originalShape: input.shape), inputs: [input])
}

/// Window i spans [floor(i*H/oh), ceil((i+1)*H/oh)); sums in the compute type.
private struct AdaptiveAvgKernel: FloatingKernel {
    let x: Tensor, out: Tensor
    func run<T: FloatingElement>(_: T.Type) throws {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = (out.shape[2], out.shape[3])
        let xp = x.pointer(T.self), op = out.pointer(T.self)
        for plane in 0..<(n * c) {
            let src = xp + plane * h * w
            for y in 0..<oh {
                let hs = (y * h) / oh, he = ((y + 1) * h + oh - 1) / oh
                for xo in 0..<ow {
                    let ws = (xo * w) / ow, we = ((xo + 1) * w + ow - 1) / ow
                    var sum: T.Compute = 0
                    for iy in hs..<he { for ix in ws..<we { sum += src[iy * w + ix].compute } }
                    op[(plane * oh + y) * ow + xo] = T(compute: sum / T.Compute((he - hs) * (we - ws)))
                }
            }
        }
    }
}

/// `F.adaptive_max_pool2d(x, (oh, ow))`: (values, indices) over the windows of
/// adaptive_avg_pool2d; indices are flat positions h*W+w in each input plane. As ATen's CPU
/// kernel: the running maximum starts at -inf with the window's first cell as its index, and a
/// larger value or any NaN takes over.
public func adaptiveMaxPool2d(_ input: Tensor, outputSize: (Int?, Int?)) throws -> (Tensor, Tensor) {
    guard input.ndim == 3 || input.ndim == 4 else {
        throw TorchError.runtime("adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: \(shapeList(input.shape))")
    }
    for d in (input.ndim - 2)..<input.ndim where input.shape[d] == 0 {
        throw TorchError.runtime("adaptive_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes \(shapeList(input.shape)) with dimension \(d) being empty")
    }
    guard input.dtype.isFloatingPoint else { throw TorchError.notImplemented("adaptive_max_pool2d", input.dtype) }
    let unbatched = input.ndim == 3
    let x4 = unbatched ? try GradMode.with(false) { try input.unsqueeze(0) } : input
    let x = try x4.contiguousCopyIfNeeded()
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let oh = outputSize.0 ?? h, ow = outputSize.1 ?? w
    if oh < 0 || ow < 0 {
        let shape = Array(input.shape.dropLast(2)) + [oh, ow]
        throw TorchError.runtime("Trying to create tensor with negative dimension \(min(oh, ow)): \(shapeList(shape))")
    }
    let out = try Tensor(shape: [n, c, oh, ow], dtype: x.dtype, zeroed: false)
    let idx = try Tensor(shape: [n, c, oh, ow], dtype: .int64, zeroed: false)
    try x.dtype.dispatchFloating(AdaptiveMaxKernel(x: x, out: out, idx: idx))
    let result = unbatched ? try out.reshapeRaw(Array(out.shape.dropFirst())) : out
    result.recording(AdaptiveMaxPool2DBackward0(inputShape: x.shape, originalShape: input.shape, indices: idx), inputs: [input])
    return (result, unbatched ? try idx.reshapeRaw(Array(idx.shape.dropFirst())) : idx)
}

private struct AdaptiveMaxKernel: FloatingKernel {
    let x: Tensor, out: Tensor, idx: Tensor
    func run<T: FloatingElement>(_: T.Type) throws {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = (out.shape[2], out.shape[3])
        let xp = x.pointer(T.self), op = out.pointer(T.self), ip = idx.int64Pointer
        for plane in 0..<(n * c) {
            if plane % 64 == 0 { try checkInterrupt() }
            let src = xp + plane * h * w
            for y in 0..<oh {
                let hs = (y * h) / oh, he = ((y + 1) * h + oh - 1) / oh
                for xo in 0..<ow {
                    let ws = (xo * w) / ow, we = ((xo + 1) * w + ow - 1) / ow
                    var best = T(fromDouble: -.infinity), bestIdx = hs * w + ws
                    for iy in hs..<he {
                        for ix in ws..<we {
                            let v = src[iy * w + ix]
                            if T.less(best, v) || v.isNaNElement { best = v; bestIdx = iy * w + ix }
                        }
                    }
                    let k = (plane * oh + y) * ow + xo
                    op[k] = best
                    ip[k] = Int64(bestIdx)
                }
            }
        }
    }
}

// MARK: backward nodes

/// self: grad routed to the argmax of each window (contributions add up)
final class MaxPool2DWithIndicesBackward0: Node {
    let inputShape: [Int], originalShape: [Int], indices: Tensor
    init(inputShape: [Int], originalShape: [Int], indices: Tensor) { self.inputShape = inputShape; self.originalShape = originalShape; self.indices = indices }
    override var savesTensors: Bool { true }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        [try routeToArgmax(grad, indices: indices, inputShape: inputShape, originalShape: originalShape)]
    }
}

/// self: grad routed to the argmax of each adaptive window (contributions add up)
final class AdaptiveMaxPool2DBackward0: Node {
    let inputShape: [Int], originalShape: [Int], indices: Tensor
    init(inputShape: [Int], originalShape: [Int], indices: Tensor) { self.inputShape = inputShape; self.originalShape = originalShape; self.indices = indices }
    override var savesTensors: Bool { true }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        [try routeToArgmax(grad, indices: indices, inputShape: inputShape, originalShape: originalShape)]
    }
}

/// The input gradient of a max pooling: each output cell's grad added at its argmax (flat
/// index in its plane of the batched `inputShape`), reshaped to the caller's `originalShape`.
private func routeToArgmax(_ grad: Tensor, indices: Tensor, inputShape: [Int], originalShape: [Int]) throws -> Tensor {
    let g = try grad.reshape(inputShape.count == indices.ndim ? indices.shape : [1] + indices.shape)
    let planes = inputShape[0] * inputShape[1]
    let out = try Tensor.zeros([planes, inputShape[2] * inputShape[3]], dtype: grad.dtype)
    let outPlane = indices.shape[indices.ndim - 2] * indices.shape[indices.ndim - 1]
    if grad.dtype == .float32 && indices.isContiguous {
        let gc = try g.contiguousCopyIfNeeded()
        nn_max_pool2d_backward_f32(gc.floatPointer, indices.int64Pointer, Int64(planes), Int64(inputShape[2] * inputShape[3]),
                                   Int64(outPlane), out.floatPointer)
        withExtendedLifetime((gc, indices)) {}
        return try out.reshape(originalShape)
    }
    try scatterAlong(out, dim: 1, index: try indices.reshapeRaw([planes, outPlane]), source: try g.reshapeRaw([planes, outPlane]))
    return try out.reshape(originalShape)
}

/// self: each window's grad / divisor spread over its real cells, in the compute type
final class AvgPool2DBackward0: Node {
    let inputShape: [Int], originalShape: [Int], options: AvgPool2dOptions
    init(inputShape: [Int], originalShape: [Int], options: AvgPool2dOptions) { self.inputShape = inputShape; self.originalShape = originalShape; self.options = options }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let (n, c) = (inputShape[0], inputShape[1])
        let g = try grad.reshape([n, c] + Array(grad.shape.suffix(2))).contiguousCopyIfNeeded()
        let out = try Tensor.zeros(inputShape, dtype: g.dtype)
        try g.dtype.dispatchFloating(Kernel(node: self, g: g, out: out))
        return [try out.reshape(originalShape)]
    }

    private struct Kernel: FloatingKernel {
        let node: AvgPool2DBackward0, g: Tensor, out: Tensor
        func run<T: FloatingElement>(_: T.Type) throws {
            let (n, c, h, w) = (node.inputShape[0], node.inputShape[1], node.inputShape[2], node.inputShape[3])
            let (oh, ow) = (g.shape[2], g.shape[3])
            let o = node.options.pool
            let gp = g.pointer(T.self), op = out.pointer(T.self)
            for plane in 0..<(n * c) {
                let dst = op + plane * h * w
                for y in 0..<oh {
                    for xo in 0..<ow {
                        let hs = y * o.stride.0 - o.padding.0, ws = xo * o.stride.1 - o.padding.1
                        let v = gp[(plane * oh + y) * ow + xo].compute / T.Compute(avgPoolDivisor(y, xo, h: h, w: w, node.options))
                        for iy in max(hs, 0)..<max(min(hs + o.kernel.0, h), max(hs, 0)) {
                            for ix in max(ws, 0)..<max(min(ws + o.kernel.1, w), max(ws, 0)) { dst[iy * w + ix] = T(compute: dst[iy * w + ix].compute + v) }
                        }
                    }
                }
            }
        }
    }
}

final class AdaptiveAvgPool2DBackward0: Node {
    let inputShape: [Int], originalShape: [Int]
    init(inputShape: [Int], originalShape: [Int]) { self.inputShape = inputShape; self.originalShape = originalShape }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let (n, c) = (inputShape[0], inputShape[1])
        let g = try grad.reshape([n, c] + Array(grad.shape.suffix(2))).contiguousCopyIfNeeded()
        let out = try Tensor.zeros(inputShape, dtype: g.dtype)
        try g.dtype.dispatchFloating(Kernel(inputShape: inputShape, g: g, out: out))
        return [try out.reshape(originalShape)]
    }

    private struct Kernel: FloatingKernel {
        let inputShape: [Int], g: Tensor, out: Tensor
        func run<T: FloatingElement>(_: T.Type) throws {
            let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
            let (oh, ow) = (g.shape[2], g.shape[3])
            let gp = g.pointer(T.self), op = out.pointer(T.self)
            for plane in 0..<(n * c) {
                let dst = op + plane * h * w
                for y in 0..<oh {
                    let hs = (y * h) / oh, he = ((y + 1) * h + oh - 1) / oh
                    for xo in 0..<ow {
                        let ws = (xo * w) / ow, we = ((xo + 1) * w + ow - 1) / ow
                        let v = gp[(plane * oh + y) * ow + xo].compute / T.Compute((he - hs) * (we - ws))
                        for iy in hs..<he { for ix in ws..<we { dst[iy * w + ix] = T(compute: dst[iy * w + ix].compute + v) } }
                    }
                }
            }
        }
    }
}
