// Strided iteration and broadcasting for numpy arrays (element strides, possibly negative or 0).

/// Merges adjacent dimensions laid out contiguously for every operand and drops size-1 ones.
func numpyCoalesce(shape: [Int], strides: [[Int]]) -> (shape: [Int], strides: [[Int]]) {
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

/// Calls `body(offsets, count, innerStrides)` for each innermost row of `shape` (row-major order).
@inline(__always)
func numpyForEachRow(shape: [Int], strides: [[Int]], _ body: ([Int], Int, [Int]) -> Void) {
    let n = strides.count
    if shape.contains(0) { return }
    let (cs, cst) = numpyCoalesce(shape: shape, strides: strides)
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

/// The broadcast shape of several shapes, or numpy's ValueError.
func numpyBroadcastShapes(_ shapes: [[Int]]) throws -> [Int] {
    let n = shapes.map(\.count).max() ?? 0
    var out = [Int](repeating: 1, count: n)
    for s in shapes {
        for (i, d) in s.enumerated() {
            let j = n - s.count + i
            if out[j] == 1 { out[j] = d } else if d != 1 && d != out[j] {
                let texts = shapes.map { numpyShapeCompact($0) }
                throw PyError(.valueError, "operands could not be broadcast together with shapes " + texts.joined(separator: " ") + " ")
            }
        }
    }
    return out
}

/// Strides that read an array of `shape`/`strides` as if broadcast to `target` (0 on new or
/// stretched dimensions).
func numpyBroadcastStrides(_ shape: [Int], _ strides: [Int], to target: [Int]) -> [Int] {
    var out = [Int](repeating: 0, count: target.count)
    let k = target.count - shape.count
    for i in 0..<shape.count where shape[i] == target[k + i] && shape[i] != 1 {
        out[k + i] = strides[i]
    }
    return out
}
