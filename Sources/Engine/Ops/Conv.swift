/// 2-D convolution (cross-correlation) and its backward, on the backend PyTorch would pick:
/// oneDNN (`ConvOneDNN.swift`) or aten's native im2col + GEMM (`ConvSlow.swift`).

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
/// In int64 arithmetic that wraps, as ATen's: sizes a user types (padding or dilation 2**62)
/// give ATen's negative sizes and its errors, not an overflow trap.
func convOutputSize(_ length: Int, kernel: Int, stride: Int, padding: Int, dilation: Int) -> Int {
    (length &+ 2 &* padding &- dilation &* (kernel &- 1) &- 1) / stride &+ 1
}

/// Every size of one batched conv2d call.
struct ConvShape {
    let n, c, h, w: Int          // input
    let o, cg, kh, kw: Int       // weight: out channels, in channels per group, kernel
    let oh, ow: Int              // output plane
    let g: Conv2dGeometry
    var og: Int { o / g.groups }
    var colRows: Int { cg * kh * kw }

    init(input: [Int], weight: [Int], _ g: Conv2dGeometry) {
        (n, c, h, w) = (input[0], input[1], input[2], input[3])
        (o, cg, kh, kw) = (weight[0], weight[1], weight[2], weight[3])
        oh = convOutputSize(h, kernel: kh, stride: g.stride.0, padding: g.padding.0, dilation: g.dilation.0)
        ow = convOutputSize(w, kernel: kw, stride: g.stride.1, padding: g.padding.1, dilation: g.dilation.1)
        self.g = g
    }

    /// aten's `ConvParams::use_mkldnn` for a float32 CPU input (Convolution.cpp): oneDNN unless
    /// the call is small enough that PyTorch's native kernel is faster. Following the same rule
    /// gives PyTorch's numbers, which differ between the two backends in the last bits.
    var usesOneDNN: Bool {
        let strided = g.stride.0 != 1 || g.stride.1 != 1
        let dilated = g.dilation.0 != 1 || g.dilation.1 != 1
        // "For 1x1 filters, MKLDNN is faster than THNN when multi-threaded, but THNN is faster
        // when single-threaded." PyTorch asks at::get_num_threads(): the count a default PyTorch
        // session would have (numericCount), not the threads nnrepl actually computes with.
        let notSingleThreaded1x1 = strided || dilated || n >= 16 || kw != 1 || kh != 1 || ComputeThreads.numericCount > 1
        // "for some case, native is faster"
        let bigEnough = g.groups > 1 || (kw > 3 && kh > 3) || n > 1 || n * c * h * w > 20480
        return notSingleThreaded1x1 && bigEnough
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
    let (c, h, w) = (input.shape[1], input.shape[2], input.shape[3])
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
    // ATen's _convolution_check_input_shape_forward, in its wrapping int64 arithmetic.
    for (i, p) in [g.padding.0, g.padding.1].enumerated() where p > Int.max - p {
        throw TorchError.runtime("Given padding=\(p) at dimension \(i) , expected padding to be at most \(Int.max / 2)")
    }
    let effH = g.dilation.0 &* (kh &- 1) &+ 1, effW = g.dilation.1 &* (kw &- 1) &+ 1
    let padH = h &+ 2 &* g.padding.0, padW = w &+ 2 &* g.padding.1
    guard padH >= effH && padW >= effW else {
        throw TorchError.runtime("Calculated padded input size per channel: (\(padH) x \(padW)). Kernel size: (\(effH) x \(effW)). Kernel size can't be greater than actual input size")
    }
    if let bias, bias.shape != [o] {
        throw TorchError.runtime("Given weight of size \(shapeList(weight.shape)), expected bias to be 1-dimensional with \(o) elements, but got bias of size \(shapeList(bias.shape)) instead")
    }
    let s = ConvShape(input: input.shape, weight: weight.shape, g)
    // slow_conv_dilated's shape check; the output allocation then refuses sizes too big.
    guard s.oh >= 0 && s.ow >= 0 else {
        throw TorchError.runtime("calculated output size \(s.oh) \(s.ow) is too small (all sizes must be non-negative)")
    }
    try checkConvTypes(input, weight, bias, s)
    // float32 (oneDNN or aten's native path) and float64 (native) here; the other dtypes by
    // direct loops (ConvDTypes.swift).
    if input.dtype != .float32 && input.dtype != .float64 { return try conv2dOtherDType(input, weight, bias, g) }
    let x = try input.contiguousCopyIfNeeded()
    let wt = try weight.contiguousCopyIfNeeded()
    let bv = try bias?.contiguousCopyIfNeeded()
    let out = try Tensor(shape: [s.n, s.o, s.oh, s.ow], dtype: x.dtype, zeroed: false)
    if s.n > 0 && s.o > 0 && s.oh * s.ow > 0 {
        if x.dtype == .float64 {
            try slowConvForward(Double.self, s, x, wt, bv, out)
        } else if try !(s.usesOneDNN && oneDNNConvForward(s, x, wt, bv, out)) {
            try slowConvForward(Float.self, s, x, wt, bv, out)
        }
    }
    var inputs = [input, weight]
    if let bias { inputs.append(bias) }
    return out.recording(ConvolutionBackward0(input: x, weight: wt, hasBias: bias != nil, geometry: g), inputs: inputs)
}

/// PyTorch's weight dtype errors, which depend on the backend the call would take (the bias is
/// checked first, by `checkConvBiasType`).
func checkConvTypes(_ input: Tensor, _ weight: Tensor, _ bias: Tensor?, _ s: ConvShape) throws {
    if let bias, bias.dtype != input.dtype {
        throw TorchError.runtime("Input type (\(input.dtype.cppTypeName)) and bias type (\(bias.dtype.cppTypeName)) should be the same")
    }
    if weight.dtype != input.dtype {
        if (input.dtype == .float32 && s.usesOneDNN) || input.dtype == .bfloat16 {
            let inputName = input.dtype == .bfloat16 ? "CPUBFloat16Type" : input.dtype.legacyTypeName
            throw TorchError.runtime("Input type (\(inputName)) and weight type (\(weight.dtype.legacyTypeName)) should be the same or input should be a MKLDNN tensor and weight is a dense tensor")
        }
        if input.dtype == .bool { throw TorchError(.notImplementedError, "\"slow_conv2d_cpu\" not implemented for 'Bool'") }
        throw TorchError.runtime("expected scalar type \(input.dtype.scalarName) but found \(weight.dtype.scalarName)")
    }
    if input.dtype == .bool { throw TorchError(.notImplementedError, "\"slow_conv2d_cpu\" not implemented for 'Bool'") }
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

/// Gradients of the input (only when it requires one), the weight and the bias, on the
/// backend PyTorch's `convolution_backward` picks (the same rule as the forward).
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
        let s = ConvShape(input: x.shape, weight: wt.shape, g)
        let needInput = nextEdges[0] != nil, needWeight = nextEdges[1] != nil
        let needBias = hasBias && nextEdges.count > 2 && nextEdges[2] != nil
        let gx = needInput ? try Tensor(shape: x.shape, dtype: x.dtype, zeroed: false) : nil
        let gw = needWeight ? try Tensor(shape: wt.shape, dtype: x.dtype, zeroed: false) : nil
        let gb = needBias ? try Tensor(shape: [s.o], dtype: x.dtype, zeroed: false) : nil
        if x.numel == 0 || gy.numel == 0 {
            // Nothing flows: the gradients are zeros of the right shapes.
            for t in [gx, gw, gb] { t?.fillRaw(0) }
            return [gx, gw, gb]
        }
        if x.dtype == .float64 {
            if let gx { try slowConvBackwardInput(Double.self, s, gy, wt, gx) }
            if gw != nil || gb != nil { try slowConvBackwardParameters(Double.self, s, x, gy, gw, gb) }
        } else if s.usesOneDNN {
            if let gx, !(try oneDNNConvBackwardData(s, gy, wt, gx)) {
                try slowConvBackwardInput(Float.self, s, gy, wt, gx)
            }
            if (gw != nil || gb != nil) && !oneDNNConvBackwardWeights(s, x, gy, gw, gb) {
                try slowConvBackwardParameters(Float.self, s, x, gy, gw, gb)
            }
        } else {
            if let gx { try slowConvBackwardInput(Float.self, s, gy, wt, gx) }
            if gw != nil || gb != nil { try slowConvBackwardParameters(Float.self, s, x, gy, gw, gb) }
        }
        return [gx, gw, gb]
    }
}
