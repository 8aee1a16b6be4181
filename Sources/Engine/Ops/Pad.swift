/// `F.pad`: constant, reflect, replicate and circular padding of the last dims.

public enum PadMode: String { case constant, reflect, replicate, circular }

/// Pads the last `pad.count / 2` dims; `pad` lists (left, right) for the last dim first, as PyTorch.
public func pad(_ x: Tensor, _ pad: [Int], mode: PadMode = .constant, value: Double = 0) throws -> Tensor {
    guard pad.count % 2 == 0 else { throw TorchError.runtime("Padding length must be divisible by 2") }
    let k = pad.count / 2
    guard k <= x.ndim else { throw TorchError.runtime("Padding length should be less than or equal to two times the input dimension but got padding length \(pad.count) and input of dimension \(x.ndim)") }
    if mode != .constant {
        guard x.ndim >= k + 1 && x.ndim <= k + 2 else {
            throw TorchError(.notImplementedError, "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now")
        }
    }
    var outShape = x.shape
    var before = [Int](repeating: 0, count: x.ndim)
    for i in 0..<k {
        let d = x.ndim - 1 - i
        let (l, r) = (pad[2 * i], pad[2 * i + 1])
        if mode == .reflect && (l >= x.shape[d] || r >= x.shape[d]) {
            throw TorchError.runtime("Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (\(l), \(r)) at dimension \(d) of input \(shapeList(x.shape))")
        }
        if mode == .circular && (l > x.shape[d] || r > x.shape[d]) {
            throw TorchError.runtime("Padding value causes wrapping around more than once.")
        }
        if mode == .replicate && x.shape[d] == 0 && (l > 0 || r > 0) {
            throw TorchError.runtime("padding size is expected to be greater than 0")
        }
        // int64 arithmetic as ATen's: a sum past 2^63 wraps to a negative size (its message).
        outShape[d] = outShape[d] &+ l &+ r
        before[d] = l
        guard outShape[d] >= 0 else {
            throw TorchError.runtime("The input size \(x.shape[d]), plus negative padding \(l) and \(r) resulted in a negative output size, which is invalid. Check dimension \(d) of your input.")
        }
    }
    // Map every output coordinate to a source coordinate (or -1 for a constant cell).
    let src = try x.contiguousCopy()
    let out = try Tensor(shape: outShape, dtype: x.dtype, zeroed: false)
    let inStrides = contiguousStrides(x.shape), outStrides = contiguousStrides(outShape)
    // The source map is 8 bytes per output cell besides the output itself.
    try MemoryBudget.check(shape: [out.numel], itemSize: MemoryLayout<Int>.stride)
    var sourceFlat = [Int](repeating: -1, count: out.numel)
    for flat in 0..<out.numel {
        if flat & 0xFFFF == 0 { try checkInterrupt() }
        var rem = flat, srcFlat = 0, inside = true
        for d in 0..<outShape.count {
            let c = rem / outStrides[d]
            rem %= outStrides[d]
            var s = c - before[d]
            let n = x.shape[d]
            if s < 0 || s >= n {
                switch mode {
                case .constant: inside = false
                case .reflect: s = s < 0 ? -s : 2 * (n - 1) - s
                case .replicate: s = s < 0 ? 0 : n - 1
                case .circular: s = ((s % n) + n) % n
                }
            }
            if !inside { break }
            srcFlat += s * inStrides[d]
        }
        sourceFlat[flat] = inside ? srcFlat : -1
    }
    // The fill value in the tensor's dtype, then every cell moved as bits.
    let fill = try Tensor.full([], .float(value), dtype: x.dtype)
    try x.dtype.dispatchBits(PadMove(src: src, out: out, fill: fill, sourceFlat: sourceFlat))
    let name: String
    switch mode {
    case .constant: name = "ConstantPadNdBackward0"
    case .reflect: name = "ReflectionPad\(k)DBackward0"
    case .replicate: name = "ReplicationPad\(k)DBackward0"
    case .circular: name = "CopySlices"
    }
    return out.recording(PadBackward(name: name, inputShape: x.shape, sourceFlat: sourceFlat), inputs: [x])
}

private struct PadMove: BitsKernel {
    let src: Tensor, out: Tensor, fill: Tensor, sourceFlat: [Int]
    func run<B: FixedWidthInteger & UnsignedInteger>(_: B.Type) throws {
        let sp = src.bits(B.self), op = out.bits(B.self), v = fill.bits(B.self)[0]
        for (i, s) in sourceFlat.enumerated() { op[i] = s >= 0 ? sp[s] : v }
    }
}

/// self: each output cell's grad added to the input cell it was copied from
final class PadBackward: Node {
    let nodeName: String, inputShape: [Int], sourceFlat: [Int]
    init(name: String, inputShape: [Int], sourceFlat: [Int]) { nodeName = name; self.inputShape = inputShape; self.sourceFlat = sourceFlat }
    override var name: String { nodeName }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let inside = sourceFlat.enumerated().filter { $0.element >= 0 }
        let out = try Tensor.zeros(inputShape, dtype: grad.dtype)
        let picked = try gatherFlat(grad, try Tensor(int64s: inside.map { Int64($0.offset) }, shape: [inside.count]))
        try scatterAlong(try out.reshapeRaw([out.numel]), dim: 0,
                         index: try Tensor(int64s: inside.map { Int64($0.element) }, shape: [inside.count]), source: picked)
        return [out]
    }
}
