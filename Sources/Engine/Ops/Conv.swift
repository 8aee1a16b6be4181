/// 2-D convolution (cross-correlation) through im2col + sgemm, and its backward.

/// Geometry of one conv2d call.
public struct Conv2dGeometry {
    public var stride: (Int, Int) = (1, 1)
    public var padding: (Int, Int) = (0, 0)
    public var dilation: (Int, Int) = (1, 1)
    public var groups: Int = 1
    public init(stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1) {
        self.stride = stride; self.padding = padding; self.dilation = dilation; self.groups = groups
    }
}

/// Output length of a conv/pool window sweep: floor((L + 2p - d(k-1) - 1) / s) + 1.
func convOutputSize(_ length: Int, kernel: Int, stride: Int, padding: Int, dilation: Int) -> Int {
    (length + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1
}

/// Unfolds one image [C, H, W] (at `src`) into columns [C*kh*kw, OH*OW] (at `cols`).
func im2col(_ src: UnsafePointer<Float>, channels: Int, height: Int, width: Int, kh: Int, kw: Int,
            _ g: Conv2dGeometry, oh: Int, ow: Int, _ cols: UnsafeMutablePointer<Float>) {
    let (sh, sw) = g.stride, (ph, pw) = g.padding, (dh, dw) = g.dilation
    var row = 0
    for c in 0..<channels {
        let plane = src + c * height * width
        for ki in 0..<kh {
            for kj in 0..<kw {
                let dst = cols + row * oh * ow
                for y in 0..<oh {
                    let iy = y * sh - ph + ki * dh
                    let line = dst + y * ow
                    if iy < 0 || iy >= height {
                        line.update(repeating: 0, count: ow)
                        continue
                    }
                    let srcLine = plane + iy * width
                    for x in 0..<ow {
                        let ix = x * sw - pw + kj * dw
                        line[x] = (ix >= 0 && ix < width) ? srcLine[ix] : 0
                    }
                }
                row += 1
            }
        }
    }
}

/// Folds columns back into an image, adding overlapping contributions (the adjoint of im2col).
func col2im(_ cols: UnsafePointer<Float>, channels: Int, height: Int, width: Int, kh: Int, kw: Int,
            _ g: Conv2dGeometry, oh: Int, ow: Int, _ dst: UnsafeMutablePointer<Float>) {
    let (sh, sw) = g.stride, (ph, pw) = g.padding, (dh, dw) = g.dilation
    var row = 0
    for c in 0..<channels {
        let plane = dst + c * height * width
        for ki in 0..<kh {
            for kj in 0..<kw {
                let src = cols + row * oh * ow
                for y in 0..<oh {
                    let iy = y * sh - ph + ki * dh
                    if iy < 0 || iy >= height { continue }
                    let line = src + y * ow
                    let dstLine = plane + iy * width
                    for x in 0..<ow {
                        let ix = x * sw - pw + kj * dw
                        if ix >= 0 && ix < width { dstLine[ix] += line[x] }
                    }
                }
                row += 1
            }
        }
    }
}

/// `F.conv2d(input, weight, bias, stride, padding, dilation, groups)` with numeric padding.
/// A 3-D input is one unbatched image (its result gets SqueezeBackward1, as in PyTorch).
public func conv2d(_ input: Tensor, _ weight: Tensor, _ bias: Tensor?, _ g: Conv2dGeometry) throws -> Tensor {
    guard input.ndim == 3 || input.ndim == 4 else {
        throw TorchError.runtime("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: \(shapeList(input.shape))")
    }
    if input.ndim == 3 {
        return try conv2d(try input.unsqueeze(0), weight, bias, g).squeeze(0)
    }
    guard weight.ndim == 4 else {
        throw TorchError.runtime("weight should have at least three dimensions")
    }
    try checkConvBiasType(input, bias)
    let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    let (o, cg, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
    guard g.groups > 0, o % g.groups == 0 else {
        throw TorchError.runtime("Given groups=\(g.groups), expected weight to be divisible by \(g.groups) at dimension 0, but got weight of size \(shapeList(weight.shape)) instead")
    }
    guard c == cg * g.groups else {
        throw TorchError.runtime("Given groups=\(g.groups), weight of size \(shapeList(weight.shape)), expected input\(shapeList(input.shape)) to have \(cg * g.groups) channels, but got \(c) channels instead")
    }
    guard g.stride.0 > 0, g.stride.1 > 0 else { throw TorchError.runtime("non-positive stride is not supported") }
    guard g.padding.0 >= 0, g.padding.1 >= 0 else { throw TorchError.runtime("negative padding is not supported") }
    guard g.dilation.0 > 0, g.dilation.1 > 0 else { throw TorchError.runtime("dilation should be greater than zero") }
    let effH = g.dilation.0 * (kh - 1) + 1, effW = g.dilation.1 * (kw - 1) + 1
    let padH = h + 2 * g.padding.0, padW = w + 2 * g.padding.1
    guard padH >= effH && padW >= effW else {
        throw TorchError.runtime("Calculated padded input size per channel: (\(padH) x \(padW)). Kernel size: (\(effH) x \(effW)). Kernel size can't be greater than actual input size")
    }
    if let bias, bias.shape != [o] {
        throw TorchError.runtime("Given weight of size \(shapeList(weight.shape)), expected bias to be 1-dimensional with \(o) elements, but got bias of size \(shapeList(bias.shape)) instead")
    }
    try checkConvWeightType(input, weight)
    if input.dtype != .float32 { return try conv2dOtherDType(input, weight, bias, g) }
    let oh = convOutputSize(h, kernel: kh, stride: g.stride.0, padding: g.padding.0, dilation: g.dilation.0)
    let ow = convOutputSize(w, kernel: kw, stride: g.stride.1, padding: g.padding.1, dilation: g.dilation.1)
    let x = try input.contiguousCopyIfNeeded()
    let wt = try weight.contiguousCopyIfNeeded()
    let out = try Tensor(shape: [n, o, oh, ow], dtype: .float32, zeroed: false)
    let og = o / g.groups
    let colRows = cg * kh * kw
    // The im2col buffer can be far bigger than the input (every kernel position repeated):
    // checked against the memory cap before a Swift array is allocated.
    try MemoryBudget.check(shape: [colRows, oh * ow], itemSize: 4)
    var cols = [Float](repeating: 0, count: colRows * oh * ow)
    try cols.withUnsafeMutableBufferPointer { colBuf in
        let colT = Tensor.wrapping(colBuf.baseAddress!, shape: [colRows, oh * ow])
        for b in 0..<n {
            try checkInterrupt()
            for grp in 0..<g.groups {
                im2col(x.floatPointer + (b * c + grp * cg) * h * w, channels: cg, height: h, width: w, kh: kh, kw: kw,
                       g, oh: oh, ow: ow, colBuf.baseAddress!)
                let wg = Tensor.wrapping(wt.floatPointer + grp * og * colRows, shape: [og, colRows])
                let dst = Tensor.wrapping(out.floatPointer + (b * o + grp * og) * oh * ow, shape: [og, oh * ow])
                try gemm(wg, colT, into: dst)
            }
        }
        withExtendedLifetime(colT) {}
    }
    if let bias {
        let bv = try bias.contiguousCopyIfNeeded()
        let plane = oh * ow
        for b in 0..<n {
            for ch in 0..<o {
                let v = bv.floatPointer[ch]
                let p = out.floatPointer + (b * o + ch) * plane
                for i in 0..<plane { p[i] += v }
            }
        }
    }
    var inputs = [input, weight]
    if let bias { inputs.append(bias) }
    return out.recording(ConvolutionBackward0(input: x, weight: wt, hasBias: bias != nil, geometry: g), inputs: inputs)
}

extension Tensor {
    /// Self when contiguous, else a contiguous copy (no history: for kernels).
    func contiguousCopyIfNeeded() throws -> Tensor { isContiguous ? self : try contiguousCopy() }

    /// A tensor header over memory owned by someone else (kernel scratch views). The caller
    /// keeps the memory alive while the tensor is used.
    static func wrapping(_ p: UnsafeMutablePointer<Float>, shape: [Int]) -> Tensor {
        let storage = Storage(unowned: UnsafeMutableRawPointer(p), byteCount: shape.reduce(1, *) * 4)
        return Tensor(storage: storage, shape: shape, strides: contiguousStrides(shape), offset: 0, dtype: .float32, version: VersionCounter())
    }
}

/// input: col2im(W^T @ grad);  weight: grad @ cols^T;  bias: grad summed over N, H, W
final class ConvolutionBackward0: Node {
    var input: SavedTensor, weight: SavedTensor
    let hasBias: Bool
    let g: Conv2dGeometry
    init(input: Tensor, weight: Tensor, hasBias: Bool, geometry: Conv2dGeometry) {
        self.input = SavedTensor(input); self.weight = SavedTensor(weight); self.hasBias = hasBias; self.g = geometry
    }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release(); weight.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let x = try input.unpack(self), wt = try weight.unpack(self)
        let gy = try grad.contiguousCopyIfNeeded()
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, cg, kh, kw) = (wt.shape[0], wt.shape[1], wt.shape[2], wt.shape[3])
        let (oh, ow) = (gy.shape[2], gy.shape[3])
        let og = o / g.groups, colRows = cg * kh * kw
        let needInput = nextEdges[0] != nil, needWeight = nextEdges[1] != nil
        let gx = needInput ? try Tensor.zeros(x.shape) : nil
        let gw = needWeight ? try Tensor.zeros(wt.shape) : nil
        var cols = [Float](repeating: 0, count: colRows * oh * ow)
        try cols.withUnsafeMutableBufferPointer { colBuf in
            let colT = Tensor.wrapping(colBuf.baseAddress!, shape: [colRows, oh * ow])
            for b in 0..<n {
                try checkInterrupt()
                for grp in 0..<g.groups {
                    let gyg = Tensor.wrapping(gy.floatPointer + (b * o + grp * og) * oh * ow, shape: [og, oh * ow])
                    let xPlane = x.floatPointer + (b * c + grp * cg) * h * w
                    if let gw {
                        im2col(xPlane, channels: cg, height: h, width: w, kh: kh, kw: kw, g, oh: oh, ow: ow, colBuf.baseAddress!)
                        let dst = Tensor.wrapping(gw.floatPointer + grp * og * colRows, shape: [og, colRows])
                        try gemmAccumulateInDouble(gyg, try GradMode.with(false) { try colT.t() }, into: dst)
                    }
                    if let gx {
                        let wg = Tensor.wrapping(wt.floatPointer + grp * og * colRows, shape: [og, colRows])
                        try gemm(try GradMode.with(false) { try wg.t() }, gyg, into: colT)
                        col2im(colBuf.baseAddress!, channels: cg, height: h, width: w, kh: kh, kw: kw, g, oh: oh, ow: ow,
                               gx.floatPointer + (b * c + grp * cg) * h * w)
                    }
                }
            }
            withExtendedLifetime(colT) {}
        }
        var gb: Tensor? = nil
        if hasBias && nextEdges.count > 2 && nextEdges[2] != nil {
            gb = try gy.sumRaw(dims: [0, 2, 3], keepdim: false)
        }
        return [gx, gw, gb]
    }
}
