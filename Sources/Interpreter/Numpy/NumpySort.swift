// Sorting: np.sort, argsort, unique. NaN sorts last as in numpy. Ties keep their order (numpy's
// default quicksort is not stable for large arrays, so argsort of repeated values can differ).

/// Values of a 1-D lane as Doubles with a NaN-last total order (ints beyond 2^53 compared exactly).
private func lessThan(_ x: NumpyValue, _ y: NumpyValue) -> Bool {
    switch (x, y) {
    case (.int(let a), .int(let b)): return a < b
    case (.bool(let a), .bool(let b)): return !a && b
    default:
        let a = x.double, b = y.double
        if a.isNaN { return false }
        if b.isNaN { return true }
        return a < b
    }
}

/// Calls `body(offsets)` for each 1-D lane along `axis`, with the lane's storage offsets.
private func forEachLane(_ a: NDArray, axis: Int, _ body: ([Int]) throws -> Void) rethrows {
    var others = a.shape; others[axis] = 1
    var st = a.strides; st[axis] = 0
    let n = a.shape[axis], s = a.strides[axis]
    var lanes: [Int] = []
    numpyForEachRow(shape: others, strides: [st]) { offs, count, inner in
        for j in 0..<count { lanes.append(offs[0] + j * inner[0]) }
    }
    for base in lanes { try body((0..<n).map { base + $0 * s }) }
}

func numpySort(_ a: NDArray, axis: Int) throws -> NDArray {
    let out = try a.copy()
    if a.ndim == 0 { throw PyError("AxisError", "axis \(axis) is out of bounds for array of dimension 0") }
    forEachLane(out, axis: axis) { offs in
        let vals = offs.map { out.value(atOffset: $0) }
        let order = vals.indices.sorted { lessThan(vals[$0], vals[$1]) || (!lessThan(vals[$1], vals[$0]) && $0 < $1) }
        for (k, o) in offs.enumerated() { out.setValue(vals[order[k]], atOffset: o) }
    }
    return out
}

func numpyArgsort(_ a: NDArray, axis: Int) throws -> NDArray {
    let out = try NDArray(shape: a.shape, dtype: .int64)
    if a.ndim == 0 { return out }
    var lanesOut: [[Int]] = []
    forEachLane(out, axis: axis) { lanesOut.append($0) }
    var k = 0
    forEachLane(a, axis: axis) { offs in
        let vals = offs.map { a.value(atOffset: $0) }
        let order = vals.indices.sorted { lessThan(vals[$0], vals[$1]) || (!lessThan(vals[$1], vals[$0]) && $0 < $1) }
        for (j, o) in lanesOut[k].enumerated() { out.setValue(.int(Int64(order[j])), atOffset: o) }
        k += 1
    }
    return out
}

/// `np.unique(a, return_index, return_inverse, return_counts)` of the flattened array.
func numpyUnique(_ a: NDArray, returnIndex: Bool, returnInverse: Bool, returnCounts: Bool) throws -> [NDArray] {
    let flat = try numpyRavel(a)
    let vals = flat.elementOffsets().map { flat.value(atOffset: $0) }
    let order = vals.indices.sorted { lessThan(vals[$0], vals[$1]) || (!lessThan(vals[$1], vals[$0]) && $0 < $1) }
    var uniqueIdx: [Int] = [], counts: [Int64] = [], inverse = [Int64](repeating: 0, count: vals.count)
    for i in order {
        if let last = uniqueIdx.last, !lessThan(vals[last], vals[i]), !lessThan(vals[i], vals[last]) {
            counts[counts.count - 1] += 1
        } else {
            uniqueIdx.append(i); counts.append(1)
        }
        inverse[i] = Int64(uniqueIdx.count - 1)
    }
    let u = try NDArray(shape: [uniqueIdx.count], dtype: a.dtype)
    for (k, i) in uniqueIdx.enumerated() { u.setValue(vals[i], atOffset: k) }
    var result = [u]
    if returnIndex { result.append(try NDArray(values: uniqueIdx.map { Int64($0) }, shape: [uniqueIdx.count])) }
    if returnInverse {
        let inv = try NDArray(values: inverse, shape: [inverse.count])
        result.append(a.ndim > 1 ? try numpyReshape(inv, a.shape) : inv)
    }
    if returnCounts { result.append(try NDArray(values: counts, shape: [counts.count])) }
    return result
}
