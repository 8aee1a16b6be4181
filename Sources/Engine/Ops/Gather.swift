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

/// An index tensor as int64 (int32 indices are accepted as PyTorch accepts them); other dtypes
/// are the caller's error `message`.
func int64Index(_ index: Tensor, _ message: @autoclosure () -> String) throws -> Tensor {
    guard index.dtype == .int64 || index.dtype == .int32 else { throw TorchError.runtime(message()) }
    return try index.contiguousCopy(dtype: .int64)
}

/// `torch.gather(t, dim, index)`: out[i][j] = t[i][index[i][j]] (along dim).
public func gather(_ t: Tensor, dim: Int, index: Tensor) throws -> Tensor {
    let idx = try int64Index(index, "gather(): Expected dtype int32/int64 for index")
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    guard index.ndim == t.ndim else {
        throw TorchError.runtime("Index tensor must have the same number of dimensions as input tensor")
    }
    for k in 0..<t.ndim where k != d && index.shape[k] > t.shape[k] {
        throw TorchError.runtime("Size does not match at dimension \(k) expected index \(shapeList(index.shape)) to be smaller than self \(shapeList(t.shape)) apart from dimension \(d)")
    }
    let src = try t.contiguousCopyIfNeeded()
    let out = try Tensor(shape: index.shape, dtype: t.dtype, zeroed: false)
    if index.numel > 0 && t.ndim > 0 {
        try t.dtype.dispatchBits(GatherKernel(src: src, idx: idx, out: out, d: d))
    }
    return out.recording(GatherBackward0(inputShape: t.shape, dim: d, index: idx), inputs: [t])
}

private struct GatherKernel: BitsKernel {
    let src: Tensor, idx: Tensor, out: Tensor, d: Int
    func run<B: FixedWidthInteger & UnsignedInteger>(_: B.Type) throws {
        let size = src.shape[d]
        let srcStrides = contiguousStrides(src.shape), idxStrides = contiguousStrides(idx.shape)
        let sp = src.bits(B.self), op = out.bits(B.self), ip = idx.int64Pointer
        let lineLength = idx.shape[d]
        var failure: TorchError?
        let (ds, di) = (srcStrides[d], idxStrides[d])
        forEachLine(idx.shape, dim: d, strides: [srcStrides, idxStrides]) { o in
            if failure != nil { return }
            let (src, ix, out) = (sp + o[0], ip + o[1], op + o[1])
            for k in 0..<lineLength {
                let j = Int(ix[k * di])
                guard j >= -size && j < size else {
                    failure = TorchError.runtime("index \(j) is out of bounds for dimension \(d) with size \(size)")
                    return
                }
                out[k * di] = src[(j < 0 ? j + size : j) * ds]
            }
        }
        if let failure { throw failure }
    }
}

/// Adds `source` into `out` (contiguous, same dtype) at `index` along `dim`
/// (out[..., index[..., k, ...], ...] += source[..., k, ...]): gather's adjoint.
func scatterAlong(_ out: Tensor, dim: Int, index: Tensor, source: Tensor) throws {
    try scatterElements(out, dim: dim, index: index, source: source.expand(index.shape), accumulate: true)
}

/// Writes (or, with `accumulate`, adds) `source[pos]` into `out[pos with index[pos] along dim]`
/// for every position of `index`; `out` is contiguous, `source` has out's dtype and at least
/// index's size in every dim (PyTorch reads only the part the index covers). Index values are
/// checked against out's size along dim.
func scatterElements(_ out: Tensor, dim: Int, index: Tensor, source: Tensor, accumulate: Bool) throws {
    guard !out.shape.isEmpty, index.numel > 0 else { return }
    let idx = try index.contiguousCopy(dtype: .int64)
    let size = out.shape[dim]
    for i in 0..<idx.numel where idx.int64Pointer[i] < -Int64(size) || idx.int64Pointer[i] >= Int64(size) {
        throw TorchError.runtime("index \(idx.int64Pointer[i]) is out of bounds for dimension \(dim) with size \(size)")
    }
    let src = source.dtype == out.dtype ? source : try source.to(out.dtype)
    let k = ScatterKernel(out: out, idx: idx, src: src, dim: dim)
    if !accumulate { try out.dtype.dispatchBits(k); return }
    if out.dtype.isFloatingPoint { try out.dtype.dispatchFloating(k) } else if out.dtype.isIntegral { try out.dtype.dispatchIntegral(k) } else {
        throw TorchError.notImplemented("scatter_add", out.dtype)
    }
}

/// The scatter loop: assignment by bits, addition in each dtype's arithmetic.
private struct ScatterKernel: BitsKernel, FloatingKernel, IntegralKernel {
    let out: Tensor, idx: Tensor, src: Tensor, dim: Int
    func run<B: FixedWidthInteger & UnsignedInteger>(_: B.Type) throws {
        scatter(out.bits(B.self), src.bits(B.self)) { _, v in v }
    }
    func run<T: FloatingElement>(_: T.Type) throws { scatter(out.pointer(T.self), src.pointer(T.self)) { T(compute: $0.compute + $1.compute) } }
    func run<T: IntegralElement>(_: T.Type) throws { scatter(out.pointer(T.self), src.pointer(T.self)) { $0 &+ $1 } }

    @inline(__always)
    func scatter<T>(_ op: UnsafeMutablePointer<T>, _ sp: UnsafeMutablePointer<T>, _ combine: (T, T) -> T) {
        let size = out.shape[dim]
        let outStrides = contiguousStrides(out.shape), idxStrides = contiguousStrides(idx.shape)
        let ip = idx.int64Pointer
        let lineLength = idx.shape[dim]
        let (od, id, sd) = (outStrides[dim], idxStrides[dim], src.strides[dim])
        forEachLine(idx.shape, dim: dim, strides: [outStrides, idxStrides, src.strides]) { o in
            let (dst, ix, from) = (op + o[0], ip + o[1], sp + o[2])
            for k in 0..<lineLength {
                var j = Int(ix[k * id])
                if j < 0 { j += size }
                dst[j * od] = combine(dst[j * od], from[k * sd])
            }
        }
    }
}

/// `scatter(dim, index, src)` / `scatter(dim, index, value)` and `scatter_add`: a copy of `t`
/// with values written (or added) at the index positions along `dim` (ScatterBackward0/1,
/// ScatterAddBackward0).
public func scatter(_ t: Tensor, dim: Int, index: Tensor, source: Operand, add: Bool = false) throws -> Tensor {
    let out = try t.contiguousCopy()
    try scatterInto(out, dim: dim, index: index, source: source, add: add)
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    switch source {
    case .tensor(let src):
        let node: Node = add ? ScatterAddBackward0(dim: d, index: index) : ScatterBackward0(dim: d, index: index)
        return out.recording(node, inputs: [t, src])
    case .scalar:
        return out.recording(ScatterBackward1(dim: d, index: index), inputs: [t])
    }
}

/// The checks and the write of scatter, into a contiguous `out` (also `scatter_`'s work).
func scatterInto(_ out: Tensor, dim: Int, index: Tensor, source: Operand, add: Bool) throws {
    let op = add ? "scatter_add" : "scatter"
    guard index.dtype == .int64 || index.dtype == .int32 else { throw TorchError.runtime("\(op)(): Expected dtype int32/int64 for index") }
    let d = try normalizeDim(dim, Swift.max(out.ndim, 1))
    guard index.ndim == out.ndim else {
        throw TorchError.runtime("Index tensor must have the same number of dimensions as self tensor")
    }
    let src: Tensor
    switch source {
    case .tensor(let s):
        guard s.dtype == out.dtype else { throw TorchError.runtime("scatter(): Expected self.dtype to be equal to src.dtype") }
        guard s.ndim == index.ndim else { throw TorchError.runtime("Index tensor must have the same number of dimensions as src tensor") }
        for k in 0..<index.ndim where index.shape[k] > s.shape[k] || (k != d && index.shape[k] > out.shape[k]) {
            throw TorchError.runtime("Expected index \(shapeList(index.shape)) to be smaller than self \(shapeList(out.shape)) apart from dimension \(d) and to be smaller size than src \(shapeList(s.shape))")
        }
        src = s
    case .scalar(let v):
        src = try Tensor.full([], v, dtype: out.dtype).expand(index.shape)
    }
    try scatterElements(out, dim: d, index: index, source: src, accumulate: add)
}

/// self: grad with zeros at the written positions;  src: grad gathered from them
final class ScatterBackward0: Node {
    let dim: Int, index: Tensor
    init(dim: Int, index: Tensor) { self.dim = dim; self.index = index }
    override var savesTensors: Bool { true }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        [try scatter(grad, dim: dim, index: index, source: .scalar(.int(0))), try gather(grad, dim: dim, index: index)]
    }
}

/// self: grad with zeros at the written positions
final class ScatterBackward1: Node {
    let dim: Int, index: Tensor
    init(dim: Int, index: Tensor) { self.dim = dim; self.index = index }
    override var savesTensors: Bool { true }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try scatter(grad, dim: dim, index: index, source: .scalar(.int(0)))] }
}

/// self: grad;  src: grad gathered at the index positions
final class ScatterAddBackward0: Node {
    let dim: Int, index: Tensor
    init(dim: Int, index: Tensor) { self.dim = dim; self.index = index }
    override var savesTensors: Bool { true }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [grad, try gather(grad, dim: dim, index: index)] }
}

/// self: zeros with grad added at the gathered positions
final class GatherBackward0: Node {
    let inputShape: [Int], dim: Int, index: Tensor
    init(inputShape: [Int], dim: Int, index: Tensor) { self.inputShape = inputShape; self.dim = dim; self.index = index }
    override var savesTensors: Bool { true }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let out = try Tensor.zeros(inputShape, dtype: grad.dtype)
        try scatterAlong(out, dim: dim, index: index, source: grad)
        return [out]
    }
}

/// `sort(dim, descending, stable)` → (values, indices); NaN sorts last (first when descending).
/// Equal values keep their order when `stable`; otherwise they come in the order libstdc++'s
/// `std::sort` leaves them, as in PyTorch (whose radix sort of ≥ 32,768 int64s ascending is
/// stable).
public func sort(_ t: Tensor, dim: Int = -1, descending: Bool = false, stable: Bool = false) throws -> (Tensor, Tensor) {
    if t.ndim == 0 { return (try t.clone(), Tensor(scalar: Int64(0))) }
    let d = try normalizeDim(dim, t.ndim)
    let src = try t.contiguousCopy()
    let idx = try Tensor(shape: t.shape, dtype: .int64, zeroed: false)
    let radix = t.ndim == 1 && !descending && t.dtype == .int64 && t.numel >= 32768
    if t.numel > 0 { try t.dtype.dispatch(SortKernel(src: src, idx: idx, d: d, descending: descending, stable: stable || radix)) }
    let values = try gather(t, dim: d, index: idx)
    values.gradFn?.displayName = "SortBackward0"
    return (values, idx)
}

/// ATen's comparators on (value, index) pairs: NaN above every number, the index not looked at.
private func pairOrder<T: Element>(_: T.Type, descending: Bool) -> ((T, Int64), (T, Int64)) -> Bool {
    descending
        ? { x, y in (x.0.isNaNElement && !y.0.isNaNElement) || T.less(y.0, x.0) }
        : { x, y in (!x.0.isNaNElement && y.0.isNaNElement) || T.less(x.0, y.0) }
}

/// Each line's (value, position) pairs, sorted; the positions written to `idx`.
private struct SortKernel: ElementKernel {
    let src: Tensor, idx: Tensor, d: Int, descending: Bool, stable: Bool
    func run<T: Element>(_: T.Type) throws {
        let strides = contiguousStrides(src.shape)
        let n = src.shape[d], p = src.pointer(T.self), ip = idx.int64Pointer
        let order = pairOrder(T.self, descending: descending)
        var pairs = [(T, Int64)]()
        pairs.reserveCapacity(n)
        forEachLine(src.shape, dim: d, strides: [strides]) { o in
            pairs.removeAll(keepingCapacity: true)
            for j in 0..<n { pairs.append((p[o[0] + j * strides[d]], Int64(j))) }
            if stable {
                // std::stable_sort: equal values in their original order.
                pairs.sort { order($0, $1) || (!order($1, $0) && $0.1 < $1.1) }
            } else {
                pairs.withUnsafeMutableBufferPointer { LibstdcxxSorting(a: $0, less: order).sort(0, n) }
            }
            for (k, pair) in pairs.enumerated() { ip[o[0] + k * strides[d]] = pair.1 }
        }
    }
}

/// `topk(k, dim, largest, sorted)` → (values, indices), as ATen's topk_impl_loop: a partial sort
/// when k·64 ≤ n, else nth_element and (if sorted) a sort of the first k − 1 — libstdc++'s
/// algorithms, which decide the indices among equal values.
public func topk(_ t: Tensor, k: Int, dim: Int = -1, largest: Bool = true, sorted: Bool = true) throws -> (Tensor, Tensor) {
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    let size = t.ndim == 0 ? 1 : t.shape[d]
    guard k >= 0 && k <= size else { throw TorchError.runtime("selected index k out of range") }
    let src = try t.ndim == 0 ? t.reshapeRaw([1]) : t.contiguousCopy()
    var outShape = src.shape
    outShape[d] = k
    let idx = try Tensor(shape: outShape, dtype: .int64, zeroed: false)
    if k > 0 && src.numel > 0 { try t.dtype.dispatch(TopkKernel(src: src, idx: idx, d: d, k: k, largest: largest, sorted: sorted)) }
    let index = t.ndim == 0 ? try idx.reshapeRaw([]) : idx
    let values = try gather(t, dim: d, index: index)
    values.gradFn?.displayName = "TopkBackward0"
    return (values, index)
}

private struct TopkKernel: ElementKernel {
    let src: Tensor, idx: Tensor, d: Int, k: Int, largest: Bool, sorted: Bool
    func run<T: Element>(_: T.Type) throws {
        let strides = contiguousStrides(src.shape), outStrides = contiguousStrides(idx.shape)
        let n = src.shape[d], p = src.pointer(T.self), ip = idx.int64Pointer
        let order = pairOrder(T.self, descending: largest)
        var pairs = [(T, Int64)]()
        pairs.reserveCapacity(n)
        var outShape = src.shape
        outShape[d] = 1
        // Lines of the input and of the output, visited in the same order.
        var inStarts: [Int] = [], outStarts: [Int] = []
        forEachLine(src.shape, dim: d, strides: [strides]) { o in inStarts.append(o[0]) }
        forEachLine(idx.shape, dim: d, strides: [outStrides]) { o in outStarts.append(o[0]) }
        for (i0, o0) in zip(inStarts, outStarts) {
            try checkInterrupt()
            pairs.removeAll(keepingCapacity: true)
            for j in 0..<n { pairs.append((p[i0 + j * strides[d]], Int64(j))) }
            pairs.withUnsafeMutableBufferPointer { buffer in
                let algorithms = LibstdcxxSorting(a: buffer, less: order)
                if k * 64 <= n {
                    algorithms.partialSort(0, k, n)
                } else {
                    algorithms.nthElement(0, k - 1, n)
                    if sorted { algorithms.sort(0, k - 1) }
                }
            }
            for j in 0..<k { ip[o0 + j * outStrides[d]] = pairs[j].1 }
        }
    }
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
    // The output (and the int64 positions tensor as big as it) checked before tiling; the
    // sizes multiply with wrap-around as in ATen, so an overflow shows as a negative dimension.
    let outShape = zip(shape, sizes).map { $0 &* $1 }
    if let bad = outShape.first(where: { $0 < 0 }) {
        throw TorchError.runtime("Trying to create tensor with negative dimension \(bad): \(shapeList(outShape))")
    }
    try MemoryBudget.check(shape: outShape, itemSize: t.dtype.itemSize)
    try MemoryBudget.check(shape: outShape, itemSize: 8)
    if outShape.contains(0) {
        // Nothing to tile (an empty tensor repeated 10**11 times, or -1 times: PyTorch checks
        // only the product): no copies of the positions.
        let flat = try Tensor.zeros(outShape, dtype: .int64)
        return try gatherFlat(t, flat).recording(IndexBackward0(inputShape: t.shape, positions: flat).named("RepeatBackward0"), inputs: [t])
    }
    var positions = try Tensor.arange(start: .int(0), end: .int(Int64(t.numel)), step: .int(1)).reshapeRaw(shape)
    for (d, r) in sizes.enumerated() where r != 1 {
        positions = try GradMode.with(false) { try cat(Array(repeating: positions, count: r), dim: d) }
    }
    let flat = try positions.contiguousCopy()
    let out = try gatherFlat(t, flat)
    return out.recording(IndexBackward0(inputShape: t.shape, positions: flat).named("RepeatBackward0"), inputs: [t])
}

/// `cumsum(dim)`: integers and bool accumulate into int64; floating types keep their dtype and
/// accumulate in double, as ATen's CPU kernel does (`acc_type<float, false>` is double).
public func cumsum(_ t: Tensor, dim: Int) throws -> Tensor {
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    let outType: DType = t.dtype.isFloatingPoint ? t.dtype : .int64
    let src = try t.contiguousCopy(dtype: outType)
    if t.ndim == 0 || t.numel == 0 { return src.recording(CumsumBackward0(dim: d), inputs: [t]) }
    let out = try Tensor(shape: t.shape, dtype: outType, zeroed: true)
    let strides = contiguousStrides(t.shape)
    let n = t.shape[d]
    if outType == .int64 {
        let sp = src.int64Pointer, op = out.int64Pointer
        forEachLine(t.shape, dim: d, strides: [strides]) { o in
            var acc: Int64 = 0
            for k in 0..<n { acc &+= sp[o[0] + k * strides[d]]; op[o[0] + k * strides[d]] = acc }
        }
    } else {
        try outType.dispatchFloating(Cumsum(src: src, out: out, d: d))
    }
    return out.recording(CumsumBackward0(dim: d), inputs: [t])
}

private struct Cumsum: FloatingKernel {
    let src: Tensor, out: Tensor, d: Int
    func run<T: FloatingElement>(_: T.Type) throws {
        let strides = contiguousStrides(src.shape), n = src.shape[d]
        let sp = src.pointer(T.self), op = out.pointer(T.self)
        forEachLine(src.shape, dim: d, strides: [strides]) { o in
            var acc = 0.0
            for k in 0..<n { acc += sp[o[0] + k * strides[d]].asDouble; op[o[0] + k * strides[d]] = T(fromDouble: acc) }
        }
    }
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

/// `repeat_interleave(repeats, dim=None)` as ATen composes it: an int repeat is
/// `unsqueeze → expand → clone → flatten` (ViewBackward0); a tensor of repeats is an
/// `index_select` with the indices `repeat_interleave(repeats)` (IndexSelectBackward0). Without
/// `dim` the input is flattened first.
public func repeatInterleave(_ t: Tensor, repeats: Int, dim: Int?) throws -> Tensor {
    guard repeats >= 0 else { throw TorchError.runtime("Repeats must be non-negative") }
    let x = dim == nil ? try t.flatten() : t
    let d = try normalizeDim(dim ?? 0, Swift.max(x.ndim, 1))
    if x.ndim == 0 { return try repeatInterleave(try x.reshape([1]), repeats: repeats, dim: 0) }
    var expanded = x.shape
    expanded.insert(repeats, at: d + 1)
    try MemoryBudget.check(shape: expanded, itemSize: t.dtype.itemSize)
    let tiled = try x.unsqueeze(d + 1).expand(expanded).clone()
    return try tiled.flatten(startDim: d, endDim: d + 1)
}

/// `repeat_interleave(repeats_tensor, dim=None)`: element i along `dim` appears repeats[i] times.
public func repeatInterleave(_ t: Tensor, repeats: Tensor, dim: Int?) throws -> Tensor {
    if repeats.ndim == 0 { return try repeatInterleave(t, repeats: Int(repeats.int64Values().first ?? 0), dim: dim) }
    let x = dim == nil ? try t.flatten() : t
    let d = try normalizeDim(dim ?? 0, Swift.max(x.ndim, 1))
    let size = x.ndim == 0 ? 1 : x.shape[d]
    var r = repeats
    if repeats.shape[0] == 1 && size != 1 { r = try repeats.expand([size]) }
    guard r.shape[0] == size else {
        throw TorchError.runtime("repeats must have the same size as input along dim, but got repeats.size(0) = \(repeats.shape[0]) and input.size(0) = \(size)")
    }
    let index = try repeatInterleaveIndices(r)
    return try indexSelect(x, dim: d, index: index)
}

/// `torch.repeat_interleave(repeats)`: index i repeated repeats[i] times (int64).
public func repeatInterleaveIndices(_ repeats: Tensor) throws -> Tensor {
    guard repeats.ndim == 1 else { throw TorchError.runtime("repeat_interleave only accept 1D vector as repeat") }
    guard repeats.dtype == .int64 || repeats.dtype == .int32 else {
        throw TorchError.runtime("repeats has to be Long or Int tensor")
    }
    let counts = repeats.int64Values()
    guard counts.allSatisfy({ $0 >= 0 }) else { throw TorchError.runtime("repeats can not be negative") }
    // Summed with overflow checks: huge counts must be an error, not a wrapped negative size.
    var total: Int64 = 0
    for c in counts {
        let (t, o) = total.addingReportingOverflow(c)
        guard !o, t <= Int64(Int.max / 8) else { throw MemoryBudget.allocatorError(Int.max) }
        total = t
    }
    try MemoryBudget.check(shape: [Int(total)], itemSize: 8)
    var out: [Int64] = []
    out.reserveCapacity(Int(total))
    for (i, c) in counts.enumerated() { out.append(contentsOf: repeatElement(Int64(i), count: Int(c))) }
    return try Tensor(int64s: out, shape: [out.count])
}
