// numpy indexing: basic indexing (ints, slices, None, ...) makes views; integer and boolean
// arrays ("advanced" indexing) gather copies, with numpy's rule for where the broadcast index
// dimensions go (in place when the advanced indices are adjacent, else first).

enum NumpyIndexItem {
    case int(Int)
    case slice(start: Int?, stop: Int?, step: Int?)
    case newaxis
    case ellipsis
    /// An int64 array (integer index) or a bool array (mask).
    case array(NDArray)
}

/// The result of resolving an index against an array.
struct NumpyIndexResult {
    /// The view after basic indexing (advanced positions left whole).
    var view: NDArray
    /// Advanced indices: the view's dimensions they index, and the int64 index arrays (broadcast).
    var advancedDims: [Int] = []
    var advancedIndices: [NDArray] = []
    /// True when the whole index consisted of integers (the result is a scalar, not a 0-d array).
    var isScalar = false
}

/// Python slice.indices semantics.
func numpySliceIndices(_ start: Int?, _ stop: Int?, _ step: Int?, count: Int) throws -> (start: Int, count: Int, step: Int) {
    let st = step ?? 1
    guard st != 0 else { throw PyError(.valueError, "slice step cannot be zero") }
    func clamp(_ v: Int?, _ dflt: Int) -> Int {
        guard var x = v else { return dflt }
        if x < 0 { x += count }
        if st > 0 { return min(max(x, 0), count) }
        return min(max(x, -1), count - 1)
    }
    let b = clamp(start, st > 0 ? 0 : count - 1)
    let e = clamp(stop, st > 0 ? count : -1)
    let n = st > 0 ? (e > b ? (e - b + st - 1) / st : 0) : (b > e ? (b - e - st - 1) / (-st) : 0)
    return (b, n, st)
}

func numpyResolveIndex(_ a: NDArray, _ items: [NumpyIndexItem]) throws -> NumpyIndexResult {
    // How many array dimensions the items consume.
    var consumed = 0, ellipses = 0
    for it in items {
        switch it {
        case .int, .slice: consumed += 1
        case .array(let arr): consumed += arr.dtype == .bool ? max(arr.ndim, 0) : 1
        case .ellipsis: ellipses += 1
        case .newaxis: break
        }
    }
    if ellipses > 1 { throw PyError(.indexError, "an index can only have a single ellipsis ('...')") }
    if consumed > a.ndim {
        throw PyError(.indexError, "too many indices for array: array is \(a.ndim)-dimensional, but \(consumed) were indexed")
    }
    var expanded: [NumpyIndexItem] = []
    for it in items {
        if case .ellipsis = it {
            for _ in 0..<(a.ndim - consumed) { expanded.append(.slice(start: nil, stop: nil, step: nil)) }
        } else { expanded.append(it) }
    }
    if ellipses == 0 { for _ in 0..<(a.ndim - consumed) { expanded.append(.slice(start: nil, stop: nil, step: nil)) } }

    var shape: [Int] = [], strides: [Int] = []
    var offset = a.offset
    var dim = 0
    var advDims: [Int] = [], advArrays: [NDArray] = []
    var allInts = ellipses == 0
    for it in expanded {
        switch it {
        case .int(let i):
            let n = a.shape[dim]
            let j = i < 0 ? i + n : i
            guard j >= 0 && j < n else { throw PyError(.indexError, "index \(i) is out of bounds for axis \(dim) with size \(n)") }
            offset += j * a.strides[dim]
            dim += 1
        case .slice(let s, let e, let st):
            allInts = false
            let (b, n, step) = try numpySliceIndices(s, e, st, count: a.shape[dim])
            if n > 0 { offset += b * a.strides[dim] }
            shape.append(n); strides.append(a.strides[dim] * step)
            dim += 1
        case .newaxis:
            allInts = false
            shape.append(1); strides.append(0)
        case .ellipsis: break
        case .array(let arr):
            allInts = false
            if arr.dtype == .bool {
                let k = arr.ndim
                let sub = Array(a.shape[dim..<(dim + k)])
                if arr.shape != sub {
                    for d in 0..<k where arr.shape[d] != sub[d] {
                        throw PyError(.indexError, "boolean index did not match indexed array along axis \(dim + d); size of axis is \(sub[d]) but size of corresponding boolean axis is \(arr.shape[d])")
                    }
                }
                if k == 0 {
                    // A 0-d mask adds a length-1 (True) or length-0 (False) dimension.
                    advDims.append(shape.count)
                    shape.append(1); strides.append(0)
                    let t = arr.value(atOffset: 0).isTrue
                    advArrays.append(try NDArray(values: t ? [Int64(0)] : [], shape: [t ? 1 : 0]))
                    continue
                }
                let coords = numpyNonzero(arr)
                for d in 0..<k {
                    advDims.append(shape.count)
                    shape.append(a.shape[dim + d]); strides.append(a.strides[dim + d])
                    advArrays.append(coords[d])
                }
                dim += k
            } else {
                let n = a.shape[dim]
                let idx = try arr.astype(.int64)
                let p = idx.pointer(Int64.self)
                for k in 0..<idx.size {
                    let v = p[k]
                    guard v >= -Int64(n) && v < Int64(n) else {
                        throw PyError(.indexError, "index \(v) is out of bounds for axis \(dim) with size \(n)")
                    }
                    if v < 0 { p[k] = v + Int64(n) }
                }
                advDims.append(shape.count)
                shape.append(n); strides.append(a.strides[dim])
                advArrays.append(idx)
                dim += 1
            }
        }
    }
    var result = NumpyIndexResult(view: a.view(shape: shape, strides: strides, offset: offset))
    result.advancedDims = advDims
    result.advancedIndices = advArrays
    result.isScalar = allInts && advDims.isEmpty
    return result
}

/// `np.nonzero(a)` as one int64 array per dimension (row-major order).
func numpyNonzero(_ a: NDArray) -> [NDArray] {
    var coords: [[Int64]] = Array(repeating: [], count: max(a.ndim, 1))
    var flat = 0
    let strides = numpyContiguousStrides(a.shape)
    for off in a.elementOffsets() {
        if a.value(atOffset: off).isTrue {
            var rem = flat
            for d in 0..<a.ndim { coords[d].append(Int64(rem / strides[d])); rem %= strides[d] }
            if a.ndim == 0 { coords[0].append(0) }
        }
        flat += 1
    }
    return coords.map { try! NDArray(values: $0, shape: [$0.count]) }
}

/// The layout of an advanced-indexing result: its shape, where the broadcast index block goes,
/// and for each result element the view offset it reads.
private func advancedOffsets(_ r: NumpyIndexResult) throws -> (shape: [Int], offsets: [Int]) {
    let v = r.view
    let bshape = try numpyBroadcastShapes(r.advancedIndices.map(\.shape))
    let idx = r.advancedIndices.map { try! numpyBroadcastTo($0, bshape) }
    let dims = r.advancedDims
    let adjacent = zip(dims, dims.dropFirst()).allSatisfy { $1 == $0 + 1 }
    let rest = (0..<v.ndim).filter { !dims.contains($0) }
    let bcount = bshape.reduce(1, *)
    // Offsets contributed by the index arrays, per broadcast position.
    var advOff = [Int](repeating: 0, count: bcount)
    for (k, ia) in idx.enumerated() {
        let offs = ia.elementOffsets(), p = ia.pointer(Int64.self)
        for j in 0..<bcount { advOff[j] += Int(p[offs[j]]) * v.strides[dims[k]] }
    }
    let restShape = rest.map { v.shape[$0] }
    let restView = v.view(shape: restShape, strides: rest.map { v.strides[$0] }, offset: v.offset)
    let restOff = restView.elementOffsets()
    var shape: [Int], offsets: [Int] = []
    if adjacent, let first = dims.first {
        let before = rest.filter { $0 < first }.count
        shape = Array(restShape[0..<before]) + bshape + Array(restShape[before...])
        let afterCount = restShape[before...].reduce(1, *)
        let beforeCount = restShape[0..<before].reduce(1, *)
        offsets.reserveCapacity(beforeCount * bcount * afterCount)
        for b in 0..<beforeCount {
            for j in 0..<bcount {
                for c in 0..<afterCount { offsets.append(restOff[b * afterCount + c] + advOff[j]) }
            }
        }
    } else {
        shape = bshape + restShape
        offsets.reserveCapacity(bcount * restOff.count)
        for j in 0..<bcount { for ro in restOff { offsets.append(ro + advOff[j]) } }
    }
    return (shape, offsets)
}

/// The mask of `a[mask]` when it is a bool array of a's own shape (`h[h < 0] = 0`): a fast path.
private func fullMask(_ a: NDArray, _ items: [NumpyIndexItem]) -> NDArray? {
    guard items.count == 1, case .array(let m) = items[0], m.dtype == .bool, m.shape == a.shape, a.ndim > 0 else { return nil }
    return m
}

/// Calls `body(arrayOffset)` for each element where `mask` is true, in C order.
@inline(__always)
private func forEachMasked(_ a: NDArray, _ mask: NDArray, _ body: (Int) -> Void) {
    let pm = mask.pointer(Bool.self)
    numpyForEachRow(shape: a.shape, strides: [a.strides, mask.strides]) { offs, n, inner in
        var oa = offs[0], om = offs[1]
        for _ in 0..<n {
            if pm[om] { body(oa) }
            oa += inner[0]; om += inner[1]
        }
    }
}

/// `a[index]`: a view for basic indexing, a gathered copy for advanced indexing.
func numpyGetIndex(_ a: NDArray, _ items: [NumpyIndexItem]) throws -> (NDArray, isScalar: Bool) {
    if let m = fullMask(a, items) {
        var count = 0
        forEachMasked(a, m) { _ in count += 1 }
        let out = try NDArray(shape: [count], dtype: a.dtype, zeroed: false)
        let isz = a.dtype.itemSize
        let src = a.storage.bytes + a.offset * isz
        var dst = out.storage.bytes
        forEachMasked(a, m) { off in dst.copyMemory(from: src + off * isz, byteCount: isz); dst += isz }
        return (out, false)
    }
    let r = try numpyResolveIndex(a, items)
    if r.advancedDims.isEmpty { return (r.view, r.isScalar) }
    let (shape, offsets) = try advancedOffsets(r)
    let out = try NDArray(shape: shape, dtype: a.dtype, zeroed: false)
    let isz = a.dtype.itemSize
    let src = r.view.storage.bytes + r.view.offset * isz, dst = out.storage.bytes
    for (k, off) in offsets.enumerated() { (dst + k * isz).copyMemory(from: src + off * isz, byteCount: isz) }
    return (out, false)
}

/// `a[index] = value` with `value` already an array (broadcast to the indexed shape, cast to a's dtype).
func numpySetIndex(_ a: NDArray, _ items: [NumpyIndexItem], _ value: NDArray) throws {
    guard a.writeable else { throw PyError(.valueError, "assignment destination is read-only") }
    if let m = fullMask(a, items), value.size == 1 {
        let v = try NDArray(shape: [], dtype: a.dtype, zeroed: false)
        numpyCopyCast(from: value.ndim == 0 ? value : try numpyReshape(value, []), to: v)
        let isz = a.dtype.itemSize
        let dst = a.storage.bytes + a.offset * isz, src = v.storage.bytes
        forEachMasked(a, m) { off in (dst + off * isz).copyMemory(from: src, byteCount: isz) }
        return
    }
    let r = try numpyResolveIndex(a, items)
    if r.advancedDims.isEmpty {
        let target = r.view
        guard (try? numpyBroadcastShapes([value.shape, target.shape])) == target.shape else {
            throw PyError(.valueError, "could not broadcast input array from shape \(numpyShapeCompact(value.shape)) into shape \(numpyShapeCompact(target.shape))")
        }
        let src = value.storage === a.storage ? try value.copy() : value
        numpyCopyCast(from: src, to: target)
        return
    }
    let (shape, offsets) = try advancedOffsets(r)
    guard (try? numpyBroadcastShapes([value.shape, shape])) == shape else {
        throw PyError(.valueError, "shape mismatch: value array of shape \(numpyShapeCompact(value.shape)) could not be broadcast to indexing result of shape \(numpyShapeCompact(shape))")
    }
    let converted = try NDArray(shape: shape, dtype: a.dtype, zeroed: false)
    numpyCopyCast(from: value, to: converted)
    let isz = a.dtype.itemSize
    let dst = r.view.storage.bytes + r.view.offset * isz, src = converted.storage.bytes
    for (k, off) in offsets.enumerated() { (dst + off * isz).copyMemory(from: src + k * isz, byteCount: isz) }
}
