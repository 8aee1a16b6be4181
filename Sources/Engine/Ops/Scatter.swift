/// Index-driven writes and reads: scatter / scatter_add, index_add / index_copy / index_fill,
/// masked_select, take, take_along_dim — out of place; the tensor methods' in-place forms run
/// these on a copy and write back.

/// Reads element `flat` of a contiguous tensor and writes it to `dstFlat` of another of the
/// same dtype (raw bytes: every dtype alike).
@inline(__always)
private func copyElement(_ src: Tensor, _ srcFlat: Int, _ dst: Tensor, _ dstFlat: Int) {
    let size = src.dtype.itemSize
    (dst.storage.bytes + (dst.offset + dstFlat) * size).copyMemory(from: src.storage.bytes + (src.offset + srcFlat) * size, byteCount: size)
}

/// Adds element `srcFlat` of `src` into `dstFlat` of `dst` (both contiguous, same dtype).
@inline(__always)
private func addElement(_ src: Tensor, _ srcFlat: Int, _ dst: Tensor, _ dstFlat: Int, alpha: Double = 1) {
    try? dst.dtype.dispatch(AddElement(src: src, srcFlat: srcFlat, dst: dst, dstFlat: dstFlat, alpha: alpha))
}

/// For every element of `index` (row-major): (its flat position, the flat position in a tensor
/// of `target` shape where the coordinate along `dim` is replaced by the index value).
private func scatterPositions(_ index: Tensor, dim: Int, target: [Int], op: String) throws -> [(Int, Int)] {
    let idx = try index.contiguousCopy(dtype: .int64)
    if target.isEmpty {
        return try (0..<idx.numel).map { k in
            let v = idx.int64Pointer[k]
            guard v == 0 || v == -1 else { throw TorchError.runtime("index \(v) is out of bounds for dimension 0 with size 1") }
            return (k, 0)
        }
    }
    let tst = contiguousStrides(target), ist = contiguousStrides(index.shape)
    let size = target[dim]
    var out: [(Int, Int)] = []
    out.reserveCapacity(idx.numel)
    for k in 0..<idx.numel {
        var rem = k, dst = 0
        for d in 0..<index.ndim {
            let c = rem / ist[d]
            rem %= ist[d]
            if d == dim {
                let v = Int(idx.int64Pointer[k])
                guard v >= -size && v < size else { throw TorchError.runtime("index \(v) is out of bounds for dimension \(dim) with size \(size)") }
                dst += (v < 0 ? v + size : v) * tst[d]
            } else {
                dst += c * tst[d]
            }
        }
        out.append((k, dst))
    }
    return out
}

private func checkScatterIndex(_ t: Tensor, _ index: Tensor, dim: Int, src: Tensor?, op: String) throws -> Int {
    guard index.dtype == .int64 || index.dtype == .int32 else { throw TorchError.runtime("\(op)(): Expected dtype int32/int64 for index") }
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    guard index.ndim == t.ndim || (t.ndim == 0 && index.ndim <= 1) else {
        throw TorchError.runtime("Index tensor must have the same number of dimensions as self tensor")
    }
    for k in 0..<index.ndim where k != d && t.ndim > 0 && index.shape[k] > t.shape[k] {
        throw TorchError.runtime("Expected index \(shapeList(index.shape)) to be smaller than self \(shapeList(t.shape)) apart from dimension \(d)\(src.map { " and to be smaller size than src \(shapeList($0.shape))" } ?? "")")
    }
    if let src {
        guard src.dtype == t.dtype else { throw TorchError.runtime("\(op)(): Expected self.dtype to be equal to src.dtype") }
        for k in 0..<index.ndim where index.shape[k] > src.shape[k] {
            throw TorchError.runtime("Expected index \(shapeList(index.shape)) to be smaller than self \(shapeList(t.shape)) apart from dimension \(d) and to be smaller size than src \(shapeList(src.shape))")
        }
    }
    return d
}

/// Row-major flat position in `src` of the element at the index tensor's flat position `k`.
private func flatIn(_ shape: [Int], of k: Int, indexShape: [Int]) -> Int {
    let ist = contiguousStrides(indexShape), sst = contiguousStrides(shape)
    var rem = k, pos = 0
    for d in 0..<indexShape.count { pos += (rem / ist[d]) * sst[d]; rem %= ist[d] }
    return pos
}

/// `scatter(dim, index, src)` (ScatterBackward0) or `scatter(dim, index, value)`
/// (ScatterBackward1); with `add`, `scatter_add` (ScatterAddBackward0). `reduce` marks
/// `scatter(..., reduce='add')`, which PyTorch does not differentiate.
public func scatter(_ t: Tensor, dim: Int, index: Tensor, src: Operand, add: Bool = false, reduce: Bool = false) throws -> Tensor {
    let op = add ? "scatter_add" : "scatter"
    var srcTensor: Tensor? = nil
    if case .tensor(let s) = src { srcTensor = s }
    let d = try checkScatterIndex(t, index, dim: dim, src: srcTensor, op: op)
    let out = try t.contiguousCopy()
    let positions = try scatterPositions(index, dim: d, target: t.shape, op: op)
    switch src {
    case .tensor(let s):
        let sc = try s.contiguousCopy()
        for (k, dst) in positions {
            let sflat = flatIn(s.shape, of: k, indexShape: index.shape)
            if add { addElement(sc, sflat, out, dst) } else { copyElement(sc, sflat, out, dst) }
        }
    case .scalar(let v):
        let sc = try Tensor.full([], v.doubleValue, dtype: t.dtype)
        for (_, dst) in positions { if add { addElement(sc, 0, out, dst) } else { copyElement(sc, 0, out, dst) } }
    }
    let idx = try index.contiguousCopy(dtype: .int64)
    if reduce {
        return out.recordingFormula("NotImplemented", inputs: [t] + (srcTensor.map { [$0] } ?? [])) { _, _, _ in
            throw TorchError.runtime("derivative for aten::scatter is not implemented")
        }
    }
    if let s = srcTensor {
        let name = add ? "ScatterAddBackward0" : "ScatterBackward0"
        return out.recordingFormula(name, inputs: [t, s]) { _, g, n in
            let gs = n.wants(1) ? try gather(g, dim: d, index: idx) : nil
            let gself = n.wants(0) ? (add ? g : try scatter(g, dim: d, index: idx, src: .scalar(.int(0)))) : nil
            return [gself, gs]
        }
    }
    return out.recordingFormula("ScatterBackward1", inputs: [t]) { _, g, _ in
        [try scatter(g, dim: d, index: idx, src: .scalar(.int(0)))]
    }
}

/// Flat positions along `dim` of a tensor of `shape`, for each slice index given.
private func indexedSlices(_ shape: [Int], dim: Int, index: Tensor, op: String, errorKind: ErrorKind = .runtimeError) throws -> [Int] {
    guard index.ndim <= 1 else { throw TorchError.index("\(op)(): Index is supposed to be a vector") }
    guard index.dtype == .int64 || index.dtype == .int32 else { throw TorchError.index("\(op)(): Expected dtype int32/int64 for index") }
    let size = shape.isEmpty ? 1 : shape[dim]
    return try index.int64Values().map { v in
        guard v >= -Int64(size) && v < Int64(size) else {
            throw TorchError(errorKind, "index \(v) is out of bounds for dimension \(dim) with size \(size)")
        }
        return Int(v < 0 ? v + Int64(size) : v)
    }
}

/// Applies `body(srcFlat, dstFlat)` for every element of slice `k` of `source` along `dim`
/// going to slice `targets[k]` of a tensor of `shape`.
private func forEachSliceElement(_ shape: [Int], dim: Int, sourceShape: [Int], targets: [Int], _ body: (Int, Int) -> Void) {
    if shape.isEmpty { for (k, _) in targets.enumerated() { body(k, 0) }; return }
    let dst = contiguousStrides(shape), sst = contiguousStrides(sourceShape)
    let count = sourceShape.reduce(1, *)
    for flat in 0..<count {
        var rem = flat, to = 0
        for d in 0..<sourceShape.count {
            let c = rem / sst[d]
            rem %= sst[d]
            to += (d == dim ? targets[c] : c) * dst[d]
        }
        body(flat, to)
    }
}

/// `index_add(dim, index, source, alpha)`: IndexAddBackward0 (self: grad; source:
/// grad.index_select(dim, index) * alpha).
public func indexAdd(_ t: Tensor, dim: Int, index: Tensor, source: Tensor, alpha: Double = 1) throws -> Tensor {
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    let targets = try indexedSlices(t.shape, dim: d, index: index, op: "index_add_")
    let srcDim = source.ndim == 0 ? 1 : source.shape[d]
    guard targets.count == srcDim else {
        throw TorchError.runtime("index_add_(): Number of indices (\(targets.count)) should be equal to source.size(dim): (\(srcDim)), for dim: \(d)")
    }
    guard source.dtype == t.dtype else { throw TorchError.runtime("index_add_(): self (\(t.dtype.scalarName)) and source (\(source.dtype.scalarName)) must have the same scalar type") }
    let out = try t.contiguousCopy(), src = try source.contiguousCopy()
    forEachSliceElement(t.shape, dim: d, sourceShape: source.shape, targets: targets) { s, o in addElement(src, s, out, o, alpha: alpha) }
    let idx = try index.contiguousCopy(dtype: .int64)
    return out.recordingFormula("IndexAddBackward0", inputs: [t, source]) { _, g, n in
        var gs: Tensor? = nil
        if n.wants(1) {
            gs = try indexSelect(g, dim: d, index: idx)
            if alpha != 1 { gs = try mul(.tensor(gs!), .scalar(.float(alpha))) }
            if source.ndim == 0 { gs = try gs!.reshape([]) }
        }
        return [n.wants(0) ? g : nil, gs]
    }
}

/// `index_select(dim, index)` by the indexing kernel, shown as one IndexSelectBackward0.
public func indexSelect(_ t: Tensor, dim: Int, index: Tensor) throws -> Tensor {
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    var items: [IndexItem] = Array(repeating: .slice(start: nil, stop: nil, step: nil), count: d)
    items.append(.tensor(index.ndim == 0 ? try index.reshape([1]) : index))
    return try asSingleNode("IndexSelectBackward0", inputs: [t]) { try Engine.index($0[0], items) }
}

/// `index_copy(dim, index, source)`: IndexCopyBackward0 (self: grad with the copied slices
/// zeroed; source: grad.index_select(dim, index)).
public func indexCopy(_ t: Tensor, dim: Int, index: Tensor, source: Tensor) throws -> Tensor {
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    let targets = try indexedSlices(t.shape, dim: d, index: index, op: "index_copy_", errorKind: .indexError)
    let srcDim = source.ndim == 0 ? 1 : source.shape[d]
    guard targets.count == srcDim else {
        throw TorchError.index("index_copy_(): Number of indices (\(targets.count)) should be equal to source.size(dim) (\(srcDim))")
    }
    guard source.dtype == t.dtype else { throw TorchError.runtime("index_copy_(): self and source expected to have the same dtype, but got (self) \(t.dtype.scalarName) and (source) \(source.dtype.scalarName)") }
    let out = try t.contiguousCopy(), src = try source.contiguousCopy()
    forEachSliceElement(t.shape, dim: d, sourceShape: source.shape, targets: targets) { s, o in copyElement(src, s, out, o) }
    let idx = try index.contiguousCopy(dtype: .int64)
    return out.recordingFormula("IndexCopyBackward0", inputs: [t, source]) { _, g, n in
        [n.wants(0) ? try indexFill(g, dim: d, index: idx, value: .int(0)) : nil,
         n.wants(1) ? try indexSelect(g, dim: d, index: idx) : nil]
    }
}

/// `index_fill(dim, index, value)`: IndexFillBackward0 (grad with the filled slices zeroed).
public func indexFill(_ t: Tensor, dim: Int, index: Tensor, value: Scalar) throws -> Tensor {
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    let targets = try indexedSlices(t.shape, dim: d, index: index, op: "index_fill_", errorKind: .indexError)
    let out = try t.contiguousCopy()
    let v = try Tensor.full([], value.doubleValue, dtype: t.dtype)
    var sliceShape = t.shape
    if !sliceShape.isEmpty { sliceShape[d] = targets.count }
    forEachSliceElement(t.shape, dim: d, sourceShape: t.ndim == 0 ? [targets.count] : sliceShape, targets: targets) { _, o in copyElement(v, 0, out, o) }
    let idx = try index.contiguousCopy(dtype: .int64)
    return out.recordingFormula("IndexFillBackward0", inputs: [t]) { _, g, _ in
        [try indexFill(g, dim: d, index: idx, value: .int(0))]
    }
}

/// `masked_select(mask)`: the elements where the (broadcast) mask is true, as a 1-D tensor.
/// MaskedSelectBackward0.
public func maskedSelect(_ t: Tensor, _ mask: Tensor) throws -> Tensor {
    guard mask.dtype == .bool else {
        throw TorchError.runtime("masked_select: expected BoolTensor for mask")
    }
    let shape = try broadcastShapes(mask.shape, t.shape)
    let x = try t.expand(shape).contiguousCopy(), m = try mask.expand(shape).contiguousCopy()
    let picked = (0..<x.numel).filter { m.boolPointer[$0] }
    let out = try Tensor(shape: [picked.count], dtype: t.dtype, zeroed: false)
    for (i, p) in picked.enumerated() { copyElement(x, p, out, i) }
    let inputShape = t.shape
    return out.recordingFormula("MaskedSelectBackward0", inputs: [t]) { _, g, _ in
        let full = try Tensor.zeros(shape)
        let gc = try g.contiguousCopy(dtype: .float32)
        for (i, p) in picked.enumerated() { full.floatPointer[p] = gc.floatPointer[i] }
        return [try full.sumTo(inputShape)]
    }
}

/// `take(index)`: elements of the flattened tensor, shaped as `index`. TakeBackward0
/// (gradients of repeated indices add up).
public func take(_ t: Tensor, _ index: Tensor) throws -> Tensor {
    guard index.dtype == .int64 else { throw TorchError.runtime("take(): Expected a long tensor for index, but got \(index.dtype.scalarName)") }
    let n = t.numel
    let src = try t.contiguousCopy()
    let idx = index.int64Values()
    let out = try Tensor(shape: index.shape, dtype: t.dtype, zeroed: false)
    var resolved: [Int] = []
    for (i, v) in idx.enumerated() {
        guard v >= -Int64(n) && v < Int64(n) else {
            throw TorchError.index("out of range: tried to access index \(v) on a tensor of \(n) elements.")
        }
        let p = Int(v < 0 ? v + Int64(n) : v)
        resolved.append(p)
        copyElement(src, p, out, i)
    }
    let shape = t.shape
    return out.recordingFormula("TakeBackward0", inputs: [t]) { _, g, _ in
        let z = try Tensor.zeros(shape)
        let gc = try g.contiguousCopy(dtype: .float32)
        for (i, p) in resolved.enumerated() { z.floatPointer[p] += gc.floatPointer[i] }
        return [z]
    }
}

/// `take_along_dim(indices, dim)`: PyTorch's composite — broadcast both (except along dim), then
/// gather; without dim, gather from the flattened tensor.
public func takeAlongDim(_ t: Tensor, _ indices: Tensor, dim: Int?) throws -> Tensor {
    guard indices.dtype == .int64 else {
        throw TorchError.runtime("torch.take_along_dim(): dtype of indices should be int64 but got \(indices.dtype.scalarName) instead.")
    }
    guard let dim else { return try gather(try t.reshape([-1]), dim: 0, index: try indices.reshape([-1])) }
    guard t.ndim == indices.ndim else {
        throw TorchError.runtime("torch.take_along_dim(): input and indices should have the same number of dimensions, but got \(t.ndim) dimensions for input, and \(indices.ndim) dimensions for indices")
    }
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    var selfShape = t.shape, idxShape = indices.shape
    selfShape[d] = 1; idxShape[d] = 1
    let b = try broadcastShapes(selfShape, idxShape)
    var selfTarget = b, idxTarget = b
    selfTarget[d] = t.shape[d]; idxTarget[d] = indices.shape[d]
    // PyTorch expands even when the sizes already match (the graph shows ExpandBackward0).
    return try gather(try t.expand(selfTarget), dim: d, index: try indices.expand(idxTarget))
}
