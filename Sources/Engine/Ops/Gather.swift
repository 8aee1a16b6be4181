/// Index-driven ops along one dim: gather (and its scatter-add backward), sort, argsort, topk,
/// plus flip, repeat and cumsum.

/// Visits every position of `shape` except along `dim`, giving the base offsets for each operand
/// (so a kernel can walk the `dim` axis itself).
func forEachLine(_ shape: [Int], dim: Int, strides: [[Int]], _ body: ([Int]) -> Void) {
    var outer = shape
    outer[dim] = 1
    forEachRow(shape: outer, strides: strides) { o, n, s in
        for i in 0..<n { body(zip(o, s).map { $0 + i * $1 }) }
    }
}

/// `torch.gather(t, dim, index)`: out[i][j] = t[i][index[i][j]] (along dim).
public func gather(_ t: Tensor, dim: Int, index: Tensor) throws -> Tensor {
    guard index.dtype == .int64 else { throw TorchError.runtime("gather(): Expected dtype int64 for index") }
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    guard index.ndim == t.ndim else {
        throw TorchError.runtime("Index tensor must have the same number of dimensions as input tensor")
    }
    for k in 0..<t.ndim where k != d && index.shape[k] > t.shape[k] {
        throw TorchError.runtime("Size does not match at dimension \(k) expected index \(shapeList(index.shape)) to be smaller than self \(shapeList(t.shape)) apart from dimension \(d)")
    }
    let src = try t.contiguousFloatForReading(), idx = try index.contiguousCopy()
    let out = try Tensor(shape: index.shape, dtype: .float32, zeroed: false)
    let size = t.ndim == 0 ? 1 : t.shape[d]
    let srcStrides = contiguousStrides(t.shape), idxStrides = contiguousStrides(index.shape)
    var failure: TorchError?
    if index.numel > 0 && t.ndim > 0 {
        let lineLength = index.shape[d]
        forEachLine(index.shape, dim: d, strides: [srcStrides, idxStrides]) { o in
            for k in 0..<lineLength {
                let j = Int(idx.int64Pointer[o[1] + k * idxStrides[d]])
                guard j >= -size && j < size else {
                    failure = TorchError.runtime("index \(j) is out of bounds for dimension \(d) with size \(size)")
                    return
                }
                out.floatPointer[o[1] + k * idxStrides[d]] = src.floatPointer[o[0] + (j < 0 ? j + size : j) * srcStrides[d]]
            }
        }
    }
    if let failure { throw failure }
    let result = t.dtype == .float32 ? out : try out.to(t.dtype)
    return result.recording(GatherBackward0(inputShape: t.shape, dim: d, index: idx), inputs: [t])
}

/// self: zeros with grad added at the gathered positions
final class GatherBackward0: Node {
    let inputShape: [Int], dim: Int, index: Tensor
    init(inputShape: [Int], dim: Int, index: Tensor) { self.inputShape = inputShape; self.dim = dim; self.index = index }
    override var savesTensors: Bool { true }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let g = try grad.contiguousFloatForReading()
        let out = try Tensor.zeros(inputShape)
        guard !inputShape.isEmpty, index.numel > 0 else { return [out] }
        let size = inputShape[dim]
        let outStrides = contiguousStrides(inputShape), idxStrides = contiguousStrides(index.shape)
        let lineLength = index.shape[dim]
        forEachLine(index.shape, dim: dim, strides: [outStrides, idxStrides]) { o in
            for k in 0..<lineLength {
                var j = Int(self.index.int64Pointer[o[1] + k * idxStrides[self.dim]])
                if j < 0 { j += size }
                out.floatPointer[o[0] + j * outStrides[self.dim]] += g.floatPointer[o[1] + k * idxStrides[self.dim]]
            }
        }
        return [out]
    }
}

/// `sort(dim, descending)` → (values, indices); stable, NaN sorts last (first when descending).
public func sort(_ t: Tensor, dim: Int = -1, descending: Bool = false) throws -> (Tensor, Tensor) {
    if t.ndim == 0 { return (try t.clone(), Tensor(scalar: Int64(0))) }
    let d = try normalizeDim(dim, t.ndim)
    let src = try t.contiguousCopy()
    let idx = try Tensor(shape: t.shape, dtype: .int64, zeroed: false)
    let strides = contiguousStrides(t.shape)
    let n = t.shape[d]
    if t.numel > 0 {
        forEachLine(t.shape, dim: d, strides: [strides]) { o in
            let keys = (0..<n).map { src.doubleValueAtOffset(o[0] + $0 * strides[d]) }
            let order = (0..<n).sorted { a, b in
                let x = keys[a], y = keys[b]
                if x.isNaN || y.isNaN { return descending ? (x.isNaN && !y.isNaN) : (!x.isNaN && y.isNaN) }
                if x == y { return a < b }
                return descending ? x > y : x < y
            }
            for (k, j) in order.enumerated() { idx.int64Pointer[o[0] + k * strides[d]] = Int64(j) }
        }
    }
    let values = try gather(t, dim: d, index: idx)
    values.gradFn?.displayName = "SortBackward0"
    return (values, idx)
}

/// `topk(k, dim, largest, sorted)` → (values, indices).
public func topk(_ t: Tensor, k: Int, dim: Int = -1, largest: Bool = true) throws -> (Tensor, Tensor) {
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    let size = t.ndim == 0 ? 1 : t.shape[d]
    guard k >= 0 && k <= size else { throw TorchError.runtime("selected index k out of range") }
    let (_, order) = try GradMode.with(false) { try sort(t, dim: d, descending: largest) }
    let idx = try GradMode.with(false) { try order.narrow(d, start: 0, length: k).contiguousCopy() }
    let values = try gather(t, dim: d, index: idx)
    values.gradFn?.displayName = "TopkBackward0"
    return (values, idx)
}

/// `flip(dims)`: a copy with the given dims reversed.
public func flip(_ t: Tensor, dims: [Int]) throws -> Tensor {
    let ds = try dims.map { try normalizeDim($0, Swift.max(t.ndim, 1)) }
    var positions = try Tensor.arange(start: .int(0), end: .int(Int64(t.numel)), step: .int(1)).reshapeRaw(t.shape)
    for d in ds where t.ndim > 0 {
        let n = t.shape[d]
        let rev = try Tensor(int64s: (0..<n).reversed().map { Int64($0) }, shape: [n])
        var items: [IndexItem] = Array(repeating: .slice(start: nil, stop: nil, step: nil), count: d)
        items.append(.tensor(rev))
        positions = try GradMode.with(false) { try index(positions, items) }
    }
    let flat = try positions.contiguousCopy()
    let out = try gatherFlat(t, flat)
    return out.recording(IndexBackward0(inputShape: t.shape, positions: flat).named("FlipBackward0"), inputs: [t])
}

/// `repeat(*sizes)`: tiles the tensor.
public func repeatTensor(_ t: Tensor, _ sizes: [Int]) throws -> Tensor {
    guard sizes.count >= t.ndim else {
        throw TorchError.runtime("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
    }
    let lead = sizes.count - t.ndim
    let shape = Array(repeating: 1, count: lead) + t.shape
    var positions = try Tensor.arange(start: .int(0), end: .int(Int64(t.numel)), step: .int(1)).reshapeRaw(shape)
    for (d, r) in sizes.enumerated() where r != 1 {
        guard r >= 0 else { throw TorchError.runtime("Trying to create tensor with negative dimension \(r): \(shapeList(sizes))") }
        positions = try GradMode.with(false) { try cat(Array(repeating: positions, count: r), dim: d) }
        if r == 0 { var s = positions.shape; s[d] = 0; positions = try Tensor.zeros(s, dtype: .int64) }
    }
    let flat = try positions.contiguousCopy()
    let out = try gatherFlat(t, flat)
    return out.recording(IndexBackward0(inputShape: t.shape, positions: flat).named("RepeatBackward0"), inputs: [t])
}

/// `cumsum(dim)`.
public func cumsum(_ t: Tensor, dim: Int) throws -> Tensor {
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    let src = try t.contiguousCopy(dtype: t.dtype == .float32 ? .float32 : .int64)
    let out = try Tensor(shape: t.shape, dtype: src.dtype, zeroed: true)
    if t.ndim == 0 || t.numel == 0 { return try src.contiguousCopy() }
    let strides = contiguousStrides(t.shape)
    let n = t.shape[d]
    forEachLine(t.shape, dim: d, strides: [strides]) { o in
        if src.dtype == .float32 {
            var acc: Float = 0
            for k in 0..<n { acc += src.floatPointer[o[0] + k * strides[d]]; out.floatPointer[o[0] + k * strides[d]] = acc }
        } else {
            var acc: Int64 = 0
            for k in 0..<n { acc &+= src.int64Pointer[o[0] + k * strides[d]]; out.int64Pointer[o[0] + k * strides[d]] = acc }
        }
    }
    return out.recording(CumsumBackward0(dim: d), inputs: [t])
}

/// self: reverse cumsum of grad along dim
final class CumsumBackward0: Node {
    let dim: Int
    init(dim: Int) { self.dim = dim }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let flipped = try flip(grad, dims: [dim])
        return [try flip(try cumsum(flipped, dim: dim), dims: [dim])]
    }
}

extension Node {
    /// Sets the name Python shows and returns the node (for one implementation of several ops).
    func named(_ name: String) -> Self {
        displayName = name
        return self
    }
}
