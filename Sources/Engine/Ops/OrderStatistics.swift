/// Order statistics: amax/amin/aminmax, median (PyTorch's lower median), mode, kthvalue —
/// with the index PyTorch picks among equal values (its tie-breaking rules are reproduced:
/// median orders by (value, index), kthvalue runs ATen's Sedgewick quickselect).

/// Gradient of a value-selecting reduction along `dim`: `grad` scattered into zeros at `indices`.
func scatterSelected(_ grad: Tensor, dim: Int, indices: Tensor, inputShape: [Int], keepdim: Bool) throws -> Tensor {
    let out = try Tensor.zeros(inputShape)
    if inputShape.isEmpty { return try grad.contiguousCopy(dtype: .float32) }
    let g = try unsqueezeReduced(grad, dims: [dim], keepdim: keepdim, inputShape: inputShape).contiguousCopy(dtype: .float32)
    let idx = try unsqueezeReduced(indices, dims: [dim], keepdim: keepdim, inputShape: inputShape).contiguousCopy()
    var outer = inputShape
    outer[dim] = 1
    let st = out.strides
    var slot = 0
    forEachRow(shape: outer, strides: [st]) { o, n, s in
        for i in 0..<n {
            out.floatPointer[o[0] + i * s[0] + Int(idx.int64Pointer[slot]) * st[dim]] += g.floatPointer[slot]
            slot += 1
        }
    }
    return out
}

/// Calls `body` with each line along `dim` as (values as Double, output slot); lines are
/// visited in row-major order of the other dims.
func forEachReductionLine(_ t: Tensor, dim: Int, _ body: ([Double], Int) throws -> Void) throws {
    let src = try t.contiguousCopy()
    if t.ndim == 0 { try body([src.doubleValueAtOffset(0)], 0); return }
    let st = contiguousStrides(t.shape)
    let n = t.shape[dim]
    var outer = t.shape
    outer[dim] = 1
    var slot = 0
    var failure: Error?
    forEachRow(shape: outer, strides: [st]) { o, count, s in
        for i in 0..<count where failure == nil {
            let base = o[0] + i * s[0]
            let line = (0..<n).map { src.doubleValueAtOffset(base + $0 * st[dim]) }
            do { try body(line, slot) } catch { failure = error }
            slot += 1
        }
    }
    if let failure { throw failure }
}

/// Builds (values, indices) tensors of `t`'s dtype from per-line results.
func reductionResults(_ t: Tensor, dim: Int, keepdim: Bool, values: [Double], indices: [Int64]) throws -> (Tensor, Tensor) {
    let shape = t.ndim == 0 ? [] : t.reducedShape([dim], keepdim: keepdim)
    return (try tensorOfDoubles(values, shape: shape, dtype: t.dtype), try Tensor(int64s: indices, shape: shape))
}

/// `amax(dims, keepdim)` / `amin`: NaN propagates; the gradient is shared evenly among the
/// elements equal to the result (AmaxBackward0 / AminBackward0).
public func amax(_ t: Tensor, dims: [Int]?, keepdim: Bool, isMax: Bool) throws -> Tensor {
    let ds = try t.reductionDims(dims)
    for d in ds where t.shape[d] == 0 {
        throw TorchError.index("\(isMax ? "amax" : "amin")(): Expected reduction dim \(d) to have non-zero size.")
    }
    if t.ndim > 0 && t.numel == 0 {
        return try Tensor.zeros(t.reducedShape(ds, keepdim: keepdim), dtype: t.dtype)
    }
    let (vals, _) = t.accumulate(ds, { a, b in
        if a.isNaN || b.isNaN { return .nan }
        return isMax ? Swift.max(a, b) : Swift.min(a, b)
    }, initial: isMax ? -.infinity : .infinity)
    let shape = t.reducedShape(ds, keepdim: keepdim)
    let out = try tensorOfDoubles(vals, shape: shape, dtype: t.dtype)
    return out.recordingFormula(isMax ? "AmaxBackward0" : "AminBackward0", inputs: [t], saving: [t], savingResult: isMax ? "Amax" : "Amin") { s, g, _ in
        [try evenlyDistributed(g, input: s[0], result: s[1], dims: ds, keepdim: keepdim)]
    }
}

/// `grad` shared evenly among the elements of each reduced group equal to the result.
func evenlyDistributed(_ grad: Tensor, input: Tensor, result: Tensor, dims: [Int], keepdim: Bool) throws -> Tensor {
    let r = try unsqueezeReduced(result, dims: dims, keepdim: keepdim, inputShape: input.shape)
    let g = try unsqueezeReduced(grad, dims: dims, keepdim: keepdim, inputShape: input.shape)
    let mask = try compare(.eq, .tensor(input), .tensor(r)).to(.float32)
    let count = try mask.sumRaw(dims: dims, keepdim: true)
    return try mul(.tensor(try div(.tensor(g), .tensor(count))), .tensor(mask))
}

/// `aminmax(dim=None, keepdim=False)`: (min, max), both AminmaxBackward0.
public func aminmax(_ t: Tensor, dim: Int?, keepdim: Bool) throws -> (Tensor, Tensor) {
    if t.numel == 0 {
        throw TorchError.runtime("aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.")
    }
    let dims = dim.map { [$0] }
    let lo = try GradMode.with(false) { try amax(t, dims: dims, keepdim: keepdim, isMax: false) }
    let hi = try GradMode.with(false) { try amax(t, dims: dims, keepdim: keepdim, isMax: true) }
    let ds = try t.reductionDims(dims)
    for out in [lo, hi] {
        out.recordingFormula("AminmaxBackward0", inputs: [t], saving: [t], savingResult: "Aminmax") { s, g, _ in
            [try evenlyDistributed(g, input: s[0], result: s[1], dims: ds, keepdim: keepdim)]
        }
    }
    return (lo, hi)
}

/// `median()` of all elements: the lower median (element (n-1)/2 in sorted order); NaN if any
/// element is NaN. MedianBackward0 shares the gradient among the elements equal to it.
public func median(_ t: Tensor) throws -> Tensor {
    if t.dtype == .bool { throw TorchError.notImplemented("median_cpu", .bool) }
    guard t.numel > 0 else {
        throw TorchError.index("median() input tensor cannot be empty")
    }
    let vals = (0..<t.numel).map { t.doubleValue(atFlat: $0) }
    let m: Double = vals.contains { $0.isNaN } ? .nan : vals.sorted()[(vals.count - 1) / 2]
    let out = try tensorOfDoubles([m], shape: [], dtype: t.dtype)
    return out.recordingFormula("MedianBackward0", inputs: [t], saving: [t], savingResult: "Median") { s, g, _ in
        [try evenlyDistributed(g, input: s[0], result: s[1], dims: Array(0..<s[0].ndim), keepdim: false)]
    }
}

/// `median(dim, keepdim)`: ATen orders each line by (value, index) and takes position
/// (n-1)/2; a line with NaN gives its first NaN. MedianBackward1.
public func median(_ t: Tensor, dim: Int, keepdim: Bool) throws -> (Tensor, Tensor) {
    if t.dtype == .bool { throw TorchError.notImplemented("median_out", .bool) }
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    guard t.ndim == 0 || t.shape[d] > 0 else {
        throw TorchError.index("median(): Expected reduction dim \(d) to have non-zero size.")
    }
    var values: [Double] = [], indices: [Int64] = []
    try forEachReductionLine(t, dim: d) { line, _ in
        if let nan = line.firstIndex(where: { $0.isNaN }) {
            values.append(.nan); indices.append(Int64(nan)); return
        }
        let order = line.indices.sorted { line[$0] < line[$1] || (line[$0] == line[$1] && $0 < $1) }
        let k = order[(line.count - 1) / 2]
        values.append(line[k]); indices.append(Int64(k))
    }
    return try selectionResult(t, dim: d, keepdim: keepdim, values: values, indices: indices, node: "MedianBackward1")
}

/// (values, indices) with a value-selecting backward named `node`.
func selectionResult(_ t: Tensor, dim: Int, keepdim: Bool, values: [Double], indices: [Int64], node: String) throws -> (Tensor, Tensor) {
    let (v, idx) = try reductionResults(t, dim: dim, keepdim: keepdim, values: values, indices: indices)
    let shape = t.shape
    v.recordingFormula(node, inputs: [t]) { _, g, _ in
        [try scatterSelected(g, dim: dim, indices: idx, inputShape: shape, keepdim: keepdim)]
    }
    return (v, idx)
}

/// `kthvalue(k, dim=-1, keepdim)`: the k-th smallest, found by ATen's quickselect (so ties give
/// PyTorch's index). KthvalueBackward0.
public func kthvalue(_ t: Tensor, k: Int, dim: Int, keepdim: Bool) throws -> (Tensor, Tensor) {
    if t.dtype == .bool { throw TorchError.notImplemented("kthvalue_cpu", .bool) }
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    let size = t.ndim == 0 ? 1 : t.shape[d]
    guard k >= 1 && k <= size else {
        throw TorchError.runtime("kthvalue(): selected number k out of range for dimension \(d)")
    }
    var values: [Double] = [], indices: [Int64] = []
    try forEachReductionLine(t, dim: d) { line, _ in
        let (v, i) = quickSelect(line, k - 1)
        values.append(v); indices.append(Int64(i))
    }
    return try selectionResult(t, dim: d, keepdim: keepdim, values: values, indices: indices, node: "KthvalueBackward0")
}

/// ATen's `quick_select_template` (SortingUtils.h, Sedgewick 1978): NaN sorts above everything.
/// Returns the k-th (0-based) value and its original index.
func quickSelect(_ values: [Double], _ k: Int) -> (Double, Int) {
    var arr = values, idx = Array(values.indices)
    func gt(_ x: Double, _ y: Double) -> Bool { (x.isNaN && !y.isNaN) || x > y }
    func swap(_ i: Int, _ j: Int) { arr.swapAt(i, j); idx.swapAt(i, j) }
    var l = 0, r = arr.count - 1
    while true {
        if r <= l { break }
        if r == l + 1 {
            if gt(arr[l], arr[r]) { swap(l, r) }
            break
        }
        let p = (l + r) >> 1
        swap(p, l + 1)
        if gt(arr[l + 1], arr[r]) { swap(l + 1, r) }
        if gt(arr[l], arr[r]) { swap(l, r) }
        if gt(arr[l + 1], arr[l]) { swap(l + 1, l) }
        var i = l + 1, j = r
        let piv = arr[l]
        while true {
            repeat { i += 1 } while gt(piv, arr[i])
            repeat { j -= 1 } while gt(arr[j], piv)
            if j < i { break }
            swap(i, j)
        }
        swap(l, j)
        if j <= k { l = i }
        if j >= k { r = j - 1 }
    }
    return (arr[k], idx[k])
}

/// `mode(dim=-1, keepdim)`: the most frequent value (the smallest among equally frequent
/// ones) and an index where it occurs — the one ATen's std::sort leaves last. ModeBackward0.
public func mode(_ t: Tensor, dim: Int, keepdim: Bool) throws -> (Tensor, Tensor) {
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    guard t.ndim == 0 || t.shape[d] > 0 else {
        throw TorchError.index("mode(): Expected reduction dim \(d) to have non-zero size.")
    }
    var values: [Double] = [], indices: [Int64] = []
    try forEachReductionLine(t, dim: d) { line, _ in
        // ATen sorts (value, index) pairs with std::sort comparing values only; the index reported
        // is the one the last element of the winning run carries in that order.
        var order = line.indices.map { (line[$0], $0) }
        order.withUnsafeMutableBufferPointer { buffer in
            LibstdcxxSorting(a: buffer, less: { x, y in x.0 < y.0 }).sort(0, buffer.count)
        }
        var best = order[0].0, bestIndex = order[0].1, bestCount = 0, run = 0
        for pos in order.indices {
            run += 1
            if pos == order.count - 1 || order[pos + 1].0 != order[pos].0 {
                if run > bestCount { best = order[pos].0; bestIndex = order[pos].1; bestCount = run }
                run = 0
            }
        }
        values.append(best); indices.append(Int64(bestIndex))
    }
    return try selectionResult(t, dim: d, keepdim: keepdim, values: values, indices: indices, node: "ModeBackward0")
}
