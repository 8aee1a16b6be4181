/// Iteration over strided tensors, one innermost row at a time, so kernels run a tight loop per
/// row instead of computing an n-d index per element.

/// Merges adjacent dimensions that are laid out contiguously for every operand and drops
/// size-1 dimensions, so a contiguous tensor iterates as one long row.
func coalesce(shape: [Int], strides: [[Int]]) -> (shape: [Int], strides: [[Int]]) {
    var outShape: [Int] = []
    var outStrides: [[Int]] = Array(repeating: [], count: strides.count)
    for d in 0..<shape.count where shape[d] != 1 {
        if let last = outShape.last {
            var mergeable = true
            for k in 0..<strides.count where outStrides[k].last! != strides[k][d] * shape[d] {
                mergeable = false
                break
            }
            if mergeable {
                outShape[outShape.count - 1] = last * shape[d]
                for k in 0..<strides.count { outStrides[k][outStrides[k].count - 1] = strides[k][d] }
                continue
            }
        }
        outShape.append(shape[d])
        for k in 0..<strides.count { outStrides[k].append(strides[k][d]) }
    }
    return (outShape, outStrides)
}

/// Calls `body(offsets, count, innerStrides)` for each innermost row of `shape`, where
/// `offsets[k]` is operand k's element offset at the row start and `innerStrides[k]` its stride
/// along the row. Nothing is called for an empty shape; a 0-d shape is one row of one element.
func forEachRow(shape: [Int], strides: [[Int]], _ body: ([Int], Int, [Int]) -> Void) {
    let n = strides.count
    if shape.contains(0) { return }
    let (cs, cst) = coalesce(shape: shape, strides: strides)
    if cs.isEmpty {
        body(Array(repeating: 0, count: n), 1, Array(repeating: 0, count: n))
        return
    }
    let nd = cs.count
    let rowLen = cs[nd - 1]
    let inner = cst.map { $0[nd - 1] }
    var index = [Int](repeating: 0, count: max(nd - 1, 0))
    var offs = [Int](repeating: 0, count: n)
    while true {
        body(offs, rowLen, inner)
        // advance the outer index (dims 0..<nd-1), odometer style
        var d = nd - 2
        while d >= 0 {
            index[d] += 1
            for k in 0..<n { offs[k] += cst[k][d] }
            if index[d] < cs[d] { break }
            for k in 0..<n { offs[k] -= cst[k][d] * cs[d] }
            index[d] = 0
            d -= 1
        }
        if d < 0 { return }
    }
}

/// The shape two operands broadcast to, or PyTorch's error.
public func broadcastShapes(_ a: [Int], _ b: [Int]) throws -> [Int] {
    let n = max(a.count, b.count)
    var out = [Int](repeating: 1, count: n)
    // PyTorch scans from the last dimension, so it reports the rightmost mismatch.
    var i = n - 1
    while i >= 0 {
        let da = i < n - a.count ? 1 : a[i - (n - a.count)]
        let db = i < n - b.count ? 1 : b[i - (n - b.count)]
        if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else {
            throw TorchError.runtime("The size of tensor a (\(da)) must match the size of tensor b (\(db)) at non-singleton dimension \(i)")
        }
        i -= 1
    }
    return out
}

/// Strides that read `t` as if expanded to `shape` (0 along broadcast dimensions).
func broadcastStrides(of t: Tensor, to shape: [Int]) -> [Int] {
    let n = shape.count, k = t.shape.count
    var out = [Int](repeating: 0, count: n)
    for i in 0..<k {
        let d = n - k + i
        out[d] = t.shape[i] == 1 && shape[d] != 1 ? 0 : t.strides[i]
    }
    return out
}
