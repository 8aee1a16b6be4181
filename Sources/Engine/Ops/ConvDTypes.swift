/// conv2d for the dtypes other than float32 (float64, float16, bfloat16 and the integers, which
/// PyTorch also convolves on CPU), and the dtype checks every conv2d makes first. float32 goes
/// through `Conv.swift`'s GEMM kernels; these are direct loops, accumulating in double for
/// floating types (float16/bfloat16 rounded once at the end) and in wrapping int64 for integers.

/// The bias must have the input's dtype: checked before any shape (PyTorch's order).
func checkConvBiasType(_ input: Tensor, _ bias: Tensor?) throws {
    if let bias, bias.dtype != input.dtype {
        throw TorchError.runtime("Input type (\(input.dtype.cppTypeName)) and bias type (\(bias.dtype.cppTypeName)) should be the same")
    }
}

/// The weight must have the input's dtype: checked after the shapes.
func checkConvWeightType(_ input: Tensor, _ weight: Tensor) throws {
    if weight.dtype != input.dtype {
        throw TorchError.runtime("expected scalar type \(input.dtype.scalarName) but found \(weight.dtype.scalarName)")
    }
    if input.dtype == .bool { throw TorchError.notImplemented("slow_conv2d_cpu", .bool) }
}

/// An accumulator the direct loops compute in.
protocol ConvAccumulator: Element {
    static func mulAdd(_ acc: Self, _ a: Self, _ b: Self) -> Self
}
extension Double: ConvAccumulator {
    @inline(__always) static func mulAdd(_ acc: Double, _ a: Double, _ b: Double) -> Double { acc + a * b }
}
extension Int64: ConvAccumulator {
    @inline(__always) static func mulAdd(_ acc: Int64, _ a: Int64, _ b: Int64) -> Int64 { acc &+ a &* b }
}

/// The index arithmetic of one convolution, shared by the forward and backward loops.
private struct DirectConv {
    let n, c, h, w, o, cg, kh, kw, oh, ow: Int
    let g: Conv2dGeometry
    init(input: [Int], weight: [Int], _ g: Conv2dGeometry) {
        (n, c, h, w) = (input[0], input[1], input[2], input[3])
        (o, cg, kh, kw) = (weight[0], weight[1], weight[2], weight[3])
        oh = convOutputSize(h, kernel: kh, stride: g.stride.0, padding: g.padding.0, dilation: g.dilation.0)
        ow = convOutputSize(w, kernel: kw, stride: g.stride.1, padding: g.padding.1, dilation: g.dilation.1)
        self.g = g
    }

    /// Calls `body(outIndex, inputIndex, weightIndex)` for every product term of the convolution.
    func forEachTerm(_ body: (Int, Int, Int) -> Void) {
        let og = o / g.groups
        for b in 0..<n {
            for oc in 0..<o {
                let grp = oc / og
                for y in 0..<oh {
                    for x in 0..<ow {
                        let outIndex = ((b * o + oc) * oh + y) * ow + x
                        for ci in 0..<cg {
                            let ic = grp * cg + ci
                            for ki in 0..<kh {
                                let iy = y * g.stride.0 - g.padding.0 + ki * g.dilation.0
                                if iy < 0 || iy >= h { continue }
                                for kj in 0..<kw {
                                    let ix = x * g.stride.1 - g.padding.1 + kj * g.dilation.1
                                    if ix < 0 || ix >= w { continue }
                                    body(outIndex, ((b * c + ic) * h + iy) * w + ix, ((oc * cg + ci) * kh + ki) * kw + kj)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// conv2d of 4-D `input` (any dtype but float32, already checked) with ConvolutionBackward0's name.
func conv2dOtherDType(_ input: Tensor, _ weight: Tensor, _ bias: Tensor?, _ g: Conv2dGeometry) throws -> Tensor {
    let geometry = DirectConv(input: input.shape, weight: weight.shape, g)
    let acc: DType = input.dtype.isFloatingPoint ? .float64 : .int64
    let x = try input.contiguousCopy(dtype: acc), wt = try weight.contiguousCopy(dtype: acc)
    let out = try Tensor.zeros([geometry.n, geometry.o, geometry.oh, geometry.ow], dtype: acc)
    if let bias {
        _ = try GradMode.with(false) { try out.copyFrom(try bias.to(acc).reshape([1, geometry.o, 1, 1])) }
    }
    func forward<A: ConvAccumulator>(_: A.Type) {
        let xp = x.pointer(A.self), wp = wt.pointer(A.self), op = out.pointer(A.self)
        geometry.forEachTerm { oi, ii, wi in op[oi] = A.mulAdd(op[oi], xp[ii], wp[wi]) }
    }
    if acc == .float64 { forward(Double.self) } else { forward(Int64.self) }
    let result = try out.to(input.dtype).detach()
    var inputs = [input, weight]
    if let bias { inputs.append(bias) }
    return result.recording(ConvolutionBackwardDirect(input: input, weight: weight, hasBias: bias != nil, geometry: g), inputs: inputs)
}

/// input: the transposed convolution of grad;  weight: grad correlated with the input;
/// bias: grad summed over N, H, W — in double, returned in each input's dtype.
final class ConvolutionBackwardDirect: Node {
    var input: SavedTensor, weight: SavedTensor
    let hasBias: Bool
    let g: Conv2dGeometry
    init(input: Tensor, weight: Tensor, hasBias: Bool, geometry: Conv2dGeometry) {
        self.input = SavedTensor(input); self.weight = SavedTensor(weight); self.hasBias = hasBias; self.g = geometry
    }
    override var name: String { "ConvolutionBackward0" }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release(); weight.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let xIn = try input.unpack(self), wIn = try weight.unpack(self)
        let geometry = DirectConv(input: xIn.shape, weight: wIn.shape, g)
        let x = try xIn.contiguousCopy(dtype: .float64), wt = try wIn.contiguousCopy(dtype: .float64)
        let gy = try grad.contiguousCopy(dtype: .float64)
        let gx = try Tensor.zeros(x.shape, dtype: .float64), gw = try Tensor.zeros(wt.shape, dtype: .float64)
        let xp = x.doublePointer, wp = wt.doublePointer, gp = gy.doublePointer
        let gxp = gx.doublePointer, gwp = gw.doublePointer
        geometry.forEachTerm { oi, ii, wi in
            gxp[ii] += gp[oi] * wp[wi]
            gwp[wi] += gp[oi] * xp[ii]
        }
        var result: [Tensor?] = [try gx.to(xIn.dtype), try gw.to(wIn.dtype)]
        if hasBias { result.append(try gy.sumRaw(dims: [0, 2, 3], keepdim: false).to(grad.dtype)) }
        return result
    }
}
