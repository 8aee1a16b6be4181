/// Python indexing of tensors: basic (ints, slices, None, ...) as views; advanced (int64 and
/// bool tensors) as gathers; and `__setitem__`.

public enum IndexItem {
    case int(Int)
    case slice(start: Int?, stop: Int?, step: Int?)
    case none
    case ellipsis
    case tensor(Tensor)
}

/// Applies the basic items as views and collects the advanced ones (dim in the view, index tensor).
private func applyBasic(_ t: Tensor, _ items: [IndexItem]) throws -> (Tensor, [(Int, Tensor)]) {
    // Count the dims the items consume, to expand `...`.
    var consumed = 0
    var ellipses = 0
    for item in items {
        switch item {
        case .int, .slice: consumed += 1
        case .tensor(let ix): consumed += ix.dtype == .bool || ix.dtype == .uint8 ? Swift.max(ix.ndim, 1) : 1
        case .ellipsis: ellipses += 1
        case .none: break
        }
    }
    if ellipses > 1 { throw TorchError.index("an index can only have a single ellipsis ('...')") }
    if consumed > t.ndim { throw TorchError.index("too many indices for tensor of dimension \(t.ndim)") }
    var view = t
    var dim = 0
    var advanced: [(Int, Tensor)] = []
    for (position, item) in items.enumerated() {
        switch item {
        case .int(let i):
            // PyTorch names the index's position in the subscript as the dimension
            // (`t[None, 0, 5]` reports dimension 2), not the dimension it selects from.
            if dim < view.ndim, !(i >= -view.shape[dim] && i < view.shape[dim]) {
                throw TorchError.index("index \(i) is out of bounds for dimension \(position) with size \(view.shape[dim])")
            }
            view = try view.select(dim, i)
        case .slice(let s, let e, let st):
            view = try view.slice(dim, start: s, stop: e, step: st ?? 1)
            dim += 1
        case .none:
            view = try view.unsqueeze(dim)
            dim += 1
        case .ellipsis:
            dim += t.ndim - consumed
        case .tensor(var ix):
            if ix.dtype == .uint8 {
                Warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/IndexingUtils.h:37.)")
                ix = try ix.to(.bool)
            }
            if ix.dtype == .int32 { ix = try ix.to(.int64) }
            if ix.dtype == .bool {
                // A mask over k dims becomes k index tensors (its nonzero coordinates).
                let k = Swift.max(ix.ndim, 1)
                let mask = ix.ndim == 0 ? try ix.reshapeRaw([1]) : ix
                for j in 0..<mask.ndim where mask.shape[j] != view.shape[dim + j] {
                    throw TorchError.index("The shape of the mask \(shapeList(mask.shape)) at index \(j) does not match the shape of the indexed tensor \(shapeList(view.shape)) at index \(dim + j)")
                }
                if ix.ndim == 0 { view = try view.unsqueeze(dim) }
                for (j, coords) in try nonzeroCoordinates(mask).enumerated() { advanced.append((dim + j, coords)) }
                dim += k
            } else if ix.dtype == .int64 {
                advanced.append((dim, ix))
                dim += 1
            } else {
                throw TorchError.index("tensors used as indices must be long, int, byte or bool tensors")
            }
        }
    }
    return (view, advanced)
}

/// One int64 tensor per dim with the coordinates of the true elements, in row-major order.
public func nonzeroCoordinates(_ mask: Tensor) throws -> [Tensor] {
    let m = try mask.contiguousCopy()
    var coords = [[Int64]](repeating: [], count: m.ndim)
    let strides = contiguousStrides(m.shape)
    for flat in 0..<m.numel where m.boolPointer[flat] {
        var rem = flat
        for d in 0..<m.ndim { coords[d].append(Int64(rem / strides[d])); rem %= strides[d] }
    }
    return try coords.map { try Tensor(int64s: $0, shape: [$0.count]) }
}

/// Row-major flat positions (into `t`) of the elements `items` select, shaped as the result.
func selectedPositions(_ t: Tensor, _ items: [IndexItem]) throws -> Tensor {
    let positions = try Tensor.arange(start: .int(0), end: .int(Int64(t.numel)), step: .int(1)).reshapeRaw(t.shape)
    let (view, advanced) = try GradMode.with(false) { try applyBasic(positions, items) }
    if advanced.isEmpty { return try view.contiguousCopy() }
    // Broadcast the index tensors together.
    var bshape: [Int] = []
    for (_, ix) in advanced { bshape = try broadcastShapes(bshape, ix.shape) }
    let dims = advanced.map { $0.0 }
    let consecutive = zip(dims, dims.dropFirst()).allSatisfy { $1 == $0 + 1 }
    let rest = (0..<view.ndim).filter { !dims.contains($0) }
    let restShape = rest.map { view.shape[$0] }
    let bcount = bshape.reduce(1, *), rcount = restShape.reduce(1, *)
    let idx = try advanced.map { (d, ix) -> Tensor in
        try GradMode.with(false) { try ix.expand(bshape).contiguousCopy() }
    }
    let out = try Tensor(shape: bshape + restShape, dtype: .int64, zeroed: false)
    let restStrides = rest.map { view.strides[$0] }
    let restContig = contiguousStrides(restShape)
    let vp = view.int64Pointer
    for b in 0..<bcount {
        var base = 0
        for (k, (d, _)) in advanced.enumerated() {
            var i = Int(idx[k].int64Pointer[b])
            let size = view.shape[d]
            guard i >= -size && i < size else {
                throw TorchError.index("index \(i) is out of bounds for dimension \(d) with size \(size)")
            }
            if i < 0 { i += size }
            base += i * view.strides[d]
        }
        for r in 0..<rcount {
            var off = base, rem = r
            for j in 0..<rest.count { off += (rem / restContig[j]) * restStrides[j]; rem %= restContig[j] }
            out.int64Pointer[b * rcount + r] = vp[off]
        }
    }
    if consecutive, let first = dims.first, first > 0 {
        // numpy rule: consecutive advanced dims stay in place.
        let nb = bshape.count
        let perm = Array(nb..<(nb + first)) + Array(0..<nb) + Array((nb + first)..<(nb + rest.count))
        return try GradMode.with(false) { try out.permute(perm).contiguousCopy() }
    }
    return out
}

/// Reads elements at row-major flat positions of `t` into a tensor shaped like `positions`.
func gatherFlat(_ t: Tensor, _ positions: Tensor) throws -> Tensor {
    let out = try Tensor(shape: positions.shape, dtype: t.dtype, zeroed: false)
    try t.dtype.dispatchBits(MoveFlat(t: t, positions: positions, out: out, writing: false))
    return out
}

/// Reads (`writing` false: out[i] = t[positions[i]]) or writes (t[positions[i]] = out[i]) the
/// elements of `t` at row-major flat positions.
struct MoveFlat: BitsKernel {
    let t: Tensor, positions: Tensor, out: Tensor, writing: Bool
    func run<B: FixedWidthInteger & UnsignedInteger>(_: B.Type) throws {
        let p = positions.int64Pointer, tp = t.bits(B.self), op = out.bits(B.self)
        for i in 0..<positions.numel {
            let off = t.storageOffset(ofFlat: Int(p[i]))
            if writing { tp[off] = op[i] } else { op[i] = tp[off] }
        }
    }
}

/// `t[items]`.
public func index(_ t: Tensor, _ items: [IndexItem]) throws -> Tensor {
    let hasTensor = items.contains { if case .tensor = $0 { return true }; return false }
    if !hasTensor {
        let (view, _) = try applyBasic(t, items)
        return view
    }
    let positions = try selectedPositions(t, items)
    let out = try gatherFlat(t, positions)
    return out.recording(IndexBackward0(inputShape: t.shape, positions: positions), inputs: [t])
}

/// The value of `t[...] = value` without its leading size-1 dimensions, as PyTorch's setitem
/// views it (`slicePrefix1sSize`): `p[0] = torch.tensor([[2.5]])` assigns 2.5.
func withoutLeadingOnes(_ v: Tensor) throws -> Tensor {
    guard let first = v.shape.firstIndex(where: { $0 != 1 }) else { return v.ndim == 0 ? v : try v.reshape([]) }
    return first == 0 ? v : try v.reshape(Array(v.shape[first...]))
}

/// `t[items] = value`.
public func indexPut(_ t: Tensor, _ items: [IndexItem], _ value: Operand) throws {
    // PyTorch writes through a view of t, so a leaf gets the "view of a leaf" message.
    if GradMode.isEnabled && t.requiresGrad && t.isLeaf {
        throw TorchError.runtime("a view of a leaf Variable that requires grad is being used in an in-place operation.")
    }
    try t.checkInPlace()
    // A Python number must fit the tensor's dtype (`t[0] = 300` on uint8 is PyTorch's overflow error).
    if case .scalar(let v) = value { try v.checkFits(t.dtype) }
    let hasTensor = items.contains { if case .tensor = $0 { return true }; return false }
    if !hasTensor && !Tensor.needsGrad([t, value.tensor]) {
        let (view, _) = try GradMode.with(false) { try applyBasic(t, items) }
        let v = try withoutLeadingOnes(value.tensor)
        _ = try GradMode.with(false) { try v.expand(view.shape) }   // PyTorch's expand error when it does not fit
        copyElements(from: v.storage === t.storage ? try v.contiguousCopy() : v, srcStrides: broadcastStrides(of: v, to: view.shape), to: view, shape: view.shape)
        t.bumpVersion()
        return
    }
    let positions = try selectedPositions(t, items)
    let v = try withoutLeadingOnes(value.tensor)
    let shape = try broadcastShapes(positions.shape, v.shape)
    guard shape == positions.shape else {
        throw TorchError.runtime("shape mismatch: value tensor of shape \(shapeList(v.shape)) cannot be broadcast to indexing result of shape \(shapeList(positions.shape))")
    }
    let src = try v.expand(shape).contiguousCopy(dtype: t.dtype)
    try t.dtype.dispatchBits(MoveFlat(t: t, positions: positions, out: src, writing: true))
    let isView = t.viewBase != nil
    try t.rebaseHistory(IndexPutBackward0(positions: positions, valueShape: v.shape), inputs: [t, v])
    // PyTorch writes `t[0] = v` through a view of t: t's history is CopySlices (a view's own
    // history, AsStridedBackward0, is set by rebaseHistory).
    if !hasTensor && !isView { t.gradFn?.displayName = "CopySlices" }
}

// MARK: backward nodes

/// self: zeros with grad added at the selected positions
final class IndexBackward0: Node {
    let inputShape: [Int], positions: Tensor
    init(inputShape: [Int], positions: Tensor) { self.inputShape = inputShape; self.positions = positions }
    override var savesTensors: Bool { true }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let out = try Tensor.zeros(inputShape, dtype: grad.dtype)
        let n = positions.numel
        let flat = try out.reshapeRaw([out.numel])
        try scatterAlong(flat, dim: 0, index: try positions.reshapeRaw([n]), source: try grad.reshapeRaw([n]))
        return [out]
    }
}

/// self: grad with zeros at the written positions;  values: grad gathered there, summed to its shape
final class IndexPutBackward0: Node {
    let positions: Tensor, valueShape: [Int]
    init(positions: Tensor, valueShape: [Int]) { self.positions = positions; self.valueShape = valueShape }
    override var savesTensors: Bool { true }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let g = try grad.contiguousCopy()
        let gv = try gatherFlat(g, positions)
        let zeros = try Tensor.zeros(positions.shape, dtype: g.dtype)
        try g.dtype.dispatchBits(MoveFlat(t: g, positions: positions, out: zeros, writing: true))
        return [g, try gv.sumTo(valueShape)]
    }
}
