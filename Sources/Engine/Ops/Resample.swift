import Foundation

/// Resampling and patch extraction: `F.interpolate` (nearest, linear, bilinear) and
/// `F.unfold` / `F.fold` (im2col / col2im as tensor ops).

/// How one output coordinate reads the input along one axis: two source indices and weights
/// (computed in the compute type and kept exactly as Doubles).
struct AxisSampling {
    var i0: [Int], i1: [Int], w0: [Double], w1: [Double]
}

/// ATen's `area_pixel_compute_scale` / `compute_scales_value` in the compute type T.
func axisScale<T: BinaryFloatingPoint>(_: T.Type, inSize: Int, outSize: Int, alignCorners: Bool, scale: Double?) -> T {
    if alignCorners { return outSize > 1 ? T(inSize - 1) / T(outSize - 1) : 0 }
    if let scale, scale > 0 { return T(1.0 / scale) }
    return T(inSize) / T(outSize)
}

/// Nearest neighbour along one axis (ATen's `nearest_idx`: exact for equal and doubled sizes,
/// else floor(i · scale) in float, for every dtype).
func nearestAxis(inSize: Int, outSize: Int, scale: Double?) -> AxisSampling {
    var s = AxisSampling(i0: [], i1: [], w0: [], w1: [])
    let sc = axisScale(Float.self, inSize: inSize, outSize: outSize, alignCorners: false, scale: scale)
    for o in 0..<outSize {
        let i: Int
        if outSize == inSize { i = o } else if outSize == 2 * inSize { i = o >> 1 } else {
            i = Swift.min(Int((Float(o) * sc).rounded(.down)), inSize - 1)
        }
        s.i0.append(i); s.i1.append(i); s.w0.append(1); s.w1.append(0)
    }
    return s
}

/// Linear interpolation along one axis (`area_pixel_compute_source_index` and
/// `guard_index_and_lambda`), in double for float64 tensors and in float otherwise.
func linearAxis(inSize: Int, outSize: Int, alignCorners: Bool, scale: Double?, double: Bool = false) -> AxisSampling {
    func build<T: BinaryFloatingPoint>(_: T.Type) -> AxisSampling {
        var s = AxisSampling(i0: [], i1: [], w0: [], w1: [])
        let sc = axisScale(T.self, inSize: inSize, outSize: outSize, alignCorners: alignCorners, scale: scale)
        for o in 0..<outSize {
            var real = alignCorners ? sc * T(o) : sc * (T(o) + 0.5) - 0.5
            if !alignCorners && real < 0 { real = 0 }
            let i = Swift.min(Int(real), inSize - 1)
            let lambda = Swift.min(Swift.max(real - T(i), 0), 1)
            let offset = i < inSize - 1 ? 1 : 0
            s.i0.append(i); s.i1.append(i + offset); s.w0.append(Double(1 - lambda)); s.w1.append(Double(lambda))
        }
        return s
    }
    return double ? build(Double.self) : build(Float.self)
}

/// Samples the last two dims of `x` (N, C, H, W) with separable per-axis rules, and the
/// matching backward (gradients added back to the source pixels), under node `name`.
/// Computed in float64 for float64 tensors, else in float32 (rounded to the dtype at the end).
func resample2d(_ x: Tensor, _ hs: AxisSampling, _ ws: AxisSampling, name: String) throws -> Tensor {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let oh = hs.i0.count, ow = ws.i0.count
    let dt = x.dtype.isFloatingPoint ? x.dtype : .float32
    let cdt: DType = dt == .float64 ? .float64 : .float32
    func forward<T: SurfaceFloat>(_ p0: UnsafeMutablePointer<T>, _ q0: UnsafeMutablePointer<T>) {
        let hw0 = hs.w0.map { T($0) }, hw1 = hs.w1.map { T($0) }, ww0 = ws.w0.map { T($0) }, ww1 = ws.w1.map { T($0) }
        for plane in 0..<(n * c) {
            let p = p0 + plane * h * w, q = q0 + plane * oh * ow
            for y in 0..<oh {
                let r0 = p + hs.i0[y] * w, r1 = p + hs.i1[y] * w
                for xx in 0..<ow {
                    let a = ww0[xx] * r0[ws.i0[xx]] + ww1[xx] * r0[ws.i1[xx]]
                    let b = ww0[xx] * r1[ws.i0[xx]] + ww1[xx] * r1[ws.i1[xx]]
                    q[y * ow + xx] = hw1[y] == 0 ? hw0[y] * a : hw0[y] * a + hw1[y] * b
                }
            }
        }
    }
    func backward<T: SurfaceFloat>(_ p0: UnsafeMutablePointer<T>, _ q0: UnsafeMutablePointer<T>) {
        for plane in 0..<(n * c) {
            let p = p0 + plane * h * w, q = q0 + plane * oh * ow
            for y in 0..<oh {
                for xx in 0..<ow {
                    let v = q[y * ow + xx]
                    for (hi, hw) in [(hs.i0[y], hs.w0[y]), (hs.i1[y], hs.w1[y])] where hw != 0 {
                        for (wi, ww) in [(ws.i0[xx], ws.w0[xx]), (ws.i1[xx], ws.w1[xx])] where ww != 0 {
                            p[hi * w + wi] += v * T(hw) * T(ww)
                        }
                    }
                }
            }
        }
    }
    let src = try x.contiguousCopy(dtype: cdt)
    let out = try Tensor(shape: [n, c, oh, ow], dtype: cdt, zeroed: false)
    if cdt == .float64 { forward(src.pointer(Double.self), out.pointer(Double.self)) } else { forward(src.pointer(Float.self), out.pointer(Float.self)) }
    return try out.to(dt).recordingFormula(name, inputs: [x]) { _, g, _ in
        let gy = try g.contiguousCopy(dtype: cdt)
        let gx = try Tensor.zeros([n, c, h, w], dtype: cdt)
        if cdt == .float64 { backward(gx.pointer(Double.self), gy.pointer(Double.self)) } else { backward(gx.pointer(Float.self), gy.pointer(Float.self)) }
        return [try gx.to(dt)]
    }
}

/// `F.interpolate(input, size, scale_factor, mode, align_corners)` for `nearest` (3-D and 4-D
/// inputs), `linear` (3-D) and `bilinear` (4-D), with torch.nn.functional's argument checks.
public func interpolate(_ x: Tensor, size: [Int]?, scaleFactor: [Double]?, mode: String, alignCorners: Bool?,
                        recomputeScaleFactor: Bool? = nil) throws -> Tensor {
    let interpolating = ["linear", "bilinear", "bicubic", "trilinear"]
    var align = alignCorners
    if ["nearest", "area", "nearest-exact"].contains(mode) {
        if alignCorners != nil {
            throw TorchError.value("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear")
        }
    } else if align == nil { align = false }
    guard x.ndim >= 3 else { throw TorchError(.notImplementedError, "Input Error: Only 3D, 4D and 5D input Tensors supported (got \(x.ndim)D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got \(mode))") }
    let dim = x.ndim - 2
    var outSize: [Int]
    var scales: [Double?]
    if size != nil && scaleFactor != nil { throw TorchError.value("only one of size or scale_factor should be defined") }
    if let size {
        let s = size.count == 1 ? Array(repeating: size[0], count: dim) : size
        guard s.count == dim else {
            throw TorchError.value("Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of \(shapeList(Array(x.shape.dropFirst(2)))) and output size of \(shapeList(size)). Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.")
        }
        outSize = s
        scales = Array(repeating: nil, count: dim)
    } else if let scaleFactor {
        let f = scaleFactor.count == 1 ? Array(repeating: scaleFactor[0], count: dim) : scaleFactor
        guard f.count == dim else {
            throw TorchError.value("Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of \(shapeList(Array(x.shape.dropFirst(2)))) and scale_factor of shape \(f.map { pythonFloatRepr($0) }). Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.")
        }
        outSize = try zip(x.shape.dropFirst(2), f).map {
            let v = (Double($0) * $1).rounded(.down)
            // floor(size * scale) as a C++ int64 (NaN, ±inf and 1e300 do not fit).
            guard v >= -0x1p63 && v < 0x1p63 else { throw TorchError.runtime("value cannot be converted to type int64_t without overflow") }
            return Int(v)
        }
        scales = recomputeScaleFactor == true ? Array(repeating: nil, count: dim) : f.map { Optional($0) }
    } else {
        throw TorchError.value("either size or scale_factor should be defined")
    }
    if (x.ndim == 3 && (mode == "nearest" || mode == "linear")) || (x.ndim == 4 && (mode == "nearest" || mode == "bilinear")) {
        // upsample_{1,2}d_common_check, then the output's size before any per-axis table.
        let inner = Array(x.shape.dropFirst(2))
        if (inner + outSize).contains(where: { $0 <= 0 }) {
            throw TorchError.runtime(x.ndim == 3
                ? "Input and output sizes should be greater than 0, but got input (W: \(inner[0])) and output (W: \(outSize[0]))"
                : "Input and output sizes should be greater than 0, but got input (H: \(inner[0]), W: \(inner[1])) output (H: \(outSize[0]), W: \(outSize[1]))")
        }
        try MemoryBudget.check(shape: Array(x.shape.prefix(2)) + outSize, itemSize: x.dtype.itemSize)
    }
    if x.ndim == 3 && (mode == "nearest" || mode == "linear") {
        let hs = nearestAxis(inSize: 1, outSize: 1, scale: nil)
        let ws = mode == "nearest" ? nearestAxis(inSize: x.shape[2], outSize: outSize[0], scale: scales[0])
                                   : linearAxis(inSize: x.shape[2], outSize: outSize[0], alignCorners: align!, scale: scales[0], double: x.dtype == .float64)
        let name = mode == "nearest" ? "UpsampleNearest1DBackward0" : "UpsampleLinear1DBackward0"
        // One node, as PyTorch has: the squeeze is folded into the op.
        return try asSingleNode(name, inputs: [x]) { t in try resample2d(try t[0].unsqueeze(2), hs, ws, name: name).squeeze(2) }
    }
    if x.ndim == 4 && (mode == "nearest" || mode == "bilinear") {
        let (h, w) = (x.shape[2], x.shape[3])
        if mode == "nearest" {
            return try resample2d(x, nearestAxis(inSize: h, outSize: outSize[0], scale: scales[0]),
                                  nearestAxis(inSize: w, outSize: outSize[1], scale: scales[1]), name: "UpsampleNearest2DBackward0")
        }
        return try resample2d(x, linearAxis(inSize: h, outSize: outSize[0], alignCorners: align!, scale: scales[0], double: x.dtype == .float64),
                              linearAxis(inSize: w, outSize: outSize[1], alignCorners: align!, scale: scales[1], double: x.dtype == .float64), name: "UpsampleBilinear2DBackward0")
    }
    if interpolating.contains(mode) || mode == "nearest" {
        let needs = ["linear": 3, "bilinear": 4, "trilinear": 5, "bicubic": 4][mode] ?? x.ndim
        if needs != x.ndim {
            throw TorchError(.notImplementedError, "Got \(x.ndim)D input, but \(mode) mode needs \(needs)D input")
        }
    }
    throw TorchError(.notImplementedError, "interpolate mode '\(mode)' on \(x.ndim)D input is not supported by nnrepl (nearest, linear and bilinear are)")
}

/// The sliding-window geometry of unfold/fold.
public struct PatchGeometry {
    public var kernel: (Int, Int), dilation: (Int, Int), padding: (Int, Int), stride: (Int, Int)
    public init(kernel: (Int, Int), dilation: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0), stride: (Int, Int) = (1, 1)) {
        self.kernel = kernel; self.dilation = dilation; self.padding = padding; self.stride = stride
    }
    /// In ATen's wrapping int64 arithmetic: huge paddings or kernels give its negative counts
    /// (and its error), not an overflow trap.
    func blocks(_ h: Int, _ w: Int) -> (Int, Int) {
        ((h &+ 2 &* padding.0 &- dilation.0 &* (kernel.0 &- 1) &- 1) / stride.0 &+ 1,
         (w &+ 2 &* padding.1 &- dilation.1 &* (kernel.1 &- 1) &- 1) / stride.1 &+ 1)
    }

    /// im2col/col2im's shape checks on the geometry itself.
    func validate() throws {
        guard kernel.0 > 0 && kernel.1 > 0 else {
            throw TorchError.runtime("kernel size should be greater than zero, but got kernel_height: \(kernel.0) kernel_width: \(kernel.1)")
        }
        guard stride.0 > 0 && stride.1 > 0 else {
            throw TorchError.runtime("stride should be greater than zero, but got stride_height: \(stride.0) stride_width: \(stride.1)")
        }
        guard dilation.0 > 0 && dilation.1 > 0 else {
            throw TorchError.runtime("dilation should be greater than zero, but got dilation_height: \(dilation.0) dilation_width: \(dilation.1)")
        }
        guard padding.0 >= 0 && padding.1 >= 0 else {
            throw TorchError.runtime("padding should be non-negative, but got pad_height: \(padding.0) pad_width: \(padding.1)")
        }
    }
}

/// Visits every (channel, ky, kx, block y, block x) with its column row, column index and the
/// image position it reads (nil outside the image, i.e. in the padding).
private func forEachPatchElement(c: Int, h: Int, w: Int, _ g: PatchGeometry, _ body: (Int, Int, Int?) -> Void) {
    let (bh, bw) = g.blocks(h, w)
    for ch in 0..<c {
        for ky in 0..<g.kernel.0 {
            for kx in 0..<g.kernel.1 {
                let row = (ch * g.kernel.0 + ky) * g.kernel.1 + kx
                for by in 0..<bh {
                    let y = by * g.stride.0 - g.padding.0 + ky * g.dilation.0
                    for bx in 0..<bw {
                        let x = bx * g.stride.1 - g.padding.1 + kx * g.dilation.1
                        let inside = y >= 0 && y < h && x >= 0 && x < w
                        body(row, by * bw + bx, inside ? (ch * h + y) * w + x : nil)
                    }
                }
            }
        }
    }
}

/// `F.unfold(input, kernel_size, dilation, padding, stride)`: (N, C, H, W) → (N, C·kh·kw, L)
/// sliding blocks (Im2ColBackward0).
public func unfold(_ x: Tensor, _ g: PatchGeometry) throws -> Tensor {
    guard x.ndim == 3 || x.ndim == 4 else {
        throw TorchError.runtime("Expected 3D or 4D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: \(shapeList(x.shape))")
    }
    try g.validate()
    if x.ndim == 3 { return try unfold(try x.unsqueeze(0), g).squeeze(0) }
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (bh, bw) = g.blocks(h, w)
    guard bh > 0 && bw > 0 else {
        throw TorchError.runtime("Given input with spatial size (\(h), \(w)), kernel_size=(\(g.kernel.0), \(g.kernel.1)), dilation=(\(g.dilation.0), \(g.dilation.1)), padding=(\(g.padding.0), \(g.padding.1)), calculated shape of the array of sliding blocks as (\(bh), \(bw)), but its components must be at least one.")
    }
    try MemoryBudget.check(shape: [n, c, g.kernel.0, g.kernel.1, bh, bw], itemSize: x.dtype.itemSize)
    let rows = c * g.kernel.0 * g.kernel.1, cols = bh * bw
    let src = try x.contiguousCopy()
    let out = try Tensor.zeros([n, rows, cols], dtype: x.dtype)
    let size = x.dtype.itemSize
    for b in 0..<n {
        let p = src.storage.bytes + (src.offset + b * c * h * w) * size, q = out.storage.bytes + b * rows * cols * size
        forEachPatchElement(c: c, h: h, w: w, g) { row, col, pos in
            if let pos { (q + (row * cols + col) * size).copyMemory(from: p + pos * size, byteCount: size) }
        }
    }
    return out.recordingFormula("Im2ColBackward0", inputs: [x]) { _, grad, _ in
        [try fold(grad, outputSize: (h, w), g)]
    }
}

/// `F.fold(input, output_size, kernel_size, dilation, padding, stride)`: (N, C·kh·kw, L) →
/// (N, C, H, W), overlapping values added (Col2ImBackward0).
public func fold(_ x: Tensor, outputSize: (Int, Int), _ g: PatchGeometry) throws -> Tensor {
    guard x.ndim == 2 || x.ndim == 3 else {
        throw TorchError.runtime("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: \(shapeList(x.shape))")
    }
    try g.validate()
    if x.ndim == 2 { return try fold(try x.unsqueeze(0), outputSize: outputSize, g).squeeze(0) }
    let (n, rows, cols) = (x.shape[0], x.shape[1], x.shape[2])
    let (k, overflow) = g.kernel.0.multipliedReportingOverflow(by: g.kernel.1)
    guard !overflow else {
        throw TorchError.runtime("Given kernel_width = \(g.kernel.1) and kernel_height = \(g.kernel.0) the product of kernel_width and kernel_height overflowed.")
    }
    guard rows % k == 0 else {
        throw TorchError.runtime("Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=\(rows) and kernel_size=(\(g.kernel.0), \(g.kernel.1))")
    }
    let (h, w) = outputSize
    let (bh, bw) = g.blocks(h, w)
    guard bh >= 1 && bw >= 1 else {
        throw TorchError.runtime("Given output_size=(\(h), \(w)), kernel_size=(\(g.kernel.0), \(g.kernel.1)), dilation=(\(g.dilation.0), \(g.dilation.1)), padding=(\(g.padding.0), \(g.padding.1)), stride=(\(g.stride.0), \(g.stride.1)), calculated shape of the array of sliding blocks as (\(bh), \(bw)), which is too small (non-positive)")
    }
    guard bh.multipliedReportingOverflow(by: bw).overflow == false && bh * bw == cols else {
        throw TorchError.runtime("Given output_size=(\(h), \(w)), kernel_size=(\(g.kernel.0), \(g.kernel.1)), dilation=(\(g.dilation.0), \(g.dilation.1)), padding=(\(g.padding.0), \(g.padding.1)), stride=(\(g.stride.0), \(g.stride.1)), expected size of input's dimension 2 to match the calculated number of sliding blocks \(bh) * \(bw) = \(bh &* bw), but got input.size(2)=\(cols).")
    }
    let c = rows / k
    let dt = x.dtype.isFloatingPoint ? x.dtype : .float32
    let cdt: DType = dt == .float64 ? .float64 : .float32
    let src = try x.contiguousCopy(dtype: cdt)
    let sum = try Tensor.zeros([n, c, h, w], dtype: cdt)
    func add<T: SurfaceFloat>(_ p0: UnsafeMutablePointer<T>, _ q0: UnsafeMutablePointer<T>) {
        for b in 0..<n {
            let p = p0 + b * rows * cols, q = q0 + b * c * h * w
            forEachPatchElement(c: c, h: h, w: w, g) { row, col, pos in if let pos { q[pos] += p[row * cols + col] } }
        }
    }
    if cdt == .float64 { add(src.pointer(Double.self), sum.pointer(Double.self)) } else { add(src.pointer(Float.self), sum.pointer(Float.self)) }
    let out = try sum.to(dt)
    return out.recordingFormula("Col2ImBackward0", inputs: [x]) { _, grad, _ in
        [try unfold(grad, g)]
    }
}
