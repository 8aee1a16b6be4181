// Shape manipulation: reshape (a view whenever numpy makes one), transpose, expand_dims,
// squeeze, ravel, concatenate, stack, broadcast_to.

/// A valid axis for `ndim` dimensions (negative counts from the end), or numpy's AxisError.
func numpyAxis(_ axis: Int, _ ndim: Int) throws -> Int {
    let a = axis < 0 ? axis + ndim : axis
    guard a >= 0 && a < ndim else { throw PyError("AxisError", "axis \(axis) is out of bounds for array of dimension \(ndim)") }
    return a
}

/// Resolves a `-1` in a requested shape.
func numpyResolveShape(_ requested: [Int], size: Int) throws -> [Int] {
    var shape = requested
    let unknown = shape.indices.filter { shape[$0] == -1 }
    if unknown.count > 1 { throw PyError(.valueError, "can only specify one unknown dimension") }
    for d in shape where d < -1 { throw PyError(.valueError, "negative dimensions not allowed") }
    var known = 1
    for d in shape where d != -1 {
        let (p, o) = known.multipliedReportingOverflow(by: d)
        if o { throw PyError(.valueError, "cannot reshape array of size \(size) into shape \(numpyShapeText(requested))") }
        known = p
    }
    if let u = unknown.first {
        if known == 0 || size % known != 0 {
            // numpy leaves the unknown dimension out of this message: "(4)" for (-1, 4).
            let dims = requested.filter { $0 != -1 }.map(String.init).joined(separator: ",")
            throw PyError(.valueError, "cannot reshape array of size \(size) into shape (\(dims))")
        }
        shape[u] = size / known
    } else if known != size {
        throw PyError(.valueError, "cannot reshape array of size \(size) into shape \(numpyShapeText(requested))")
    }
    return shape
}

/// `(2, 3)` / `(4,)` with `-1` kept, as numpy's reshape error shows the request.
func numpyShapeText(_ shape: [Int]) -> String { numpyShapeCompact(shape) }

/// Strides that view `a` as `newShape` without copying, or nil (numpy's `_attempt_nocopy_reshape`).
private func nocopyStrides(_ a: NDArray, _ newShape: [Int]) -> [Int]? {
    let oldDims = a.shape.enumerated().filter { $0.element != 1 }
    let olddims = oldDims.map(\.element), oldstrides = oldDims.map { a.strides[$0.offset] }
    let newnd = newShape.count
    var newstrides = [Int](repeating: 0, count: newnd)
    var oi = 0, oj = 1, ni = 0, nj = 1
    let oldnd = olddims.count
    while ni < newnd && oi < oldnd {
        var np = newShape[ni], op = olddims[oi]
        while np != op {
            if np < op { np *= newShape[nj]; nj += 1 } else { op *= olddims[oj]; oj += 1 }
        }
        for ok in oi..<(oj - 1) where oldstrides[ok] != olddims[ok + 1] * oldstrides[ok + 1] { return nil }
        newstrides[nj - 1] = oldstrides[oj - 1]
        var nk = nj - 1
        while nk > ni { newstrides[nk - 1] = newstrides[nk] * newShape[nk]; nk -= 1 }
        ni = nj; nj += 1; oi = oj; oj += 1
    }
    let last = ni >= 1 ? newstrides[ni - 1] : 1
    for nk in ni..<newnd { newstrides[nk] = last }
    // Size-1 dimensions get the contiguous stride numpy gives them.
    return newstrides
}

/// `np.reshape(a, shape)`: a view when the layout allows, else a copy.
func numpyReshape(_ a: NDArray, _ requested: [Int]) throws -> NDArray {
    let shape = try numpyResolveShape(requested, size: a.size)
    if a.isCContiguous { return a.view(shape: shape, strides: numpyContiguousStrides(shape), offset: a.offset) }
    if a.size > 0, let st = nocopyStrides(a, shape) { return a.view(shape: shape, strides: st, offset: a.offset) }
    let c = try a.copy()
    return c.withShape(shape, strides: numpyContiguousStrides(shape))
}

func numpyTranspose(_ a: NDArray, _ axes: [Int]? = nil) throws -> NDArray {
    let perm: [Int]
    if let axes {
        guard axes.count == a.ndim else { throw PyError(.valueError, "axes don't match array") }
        perm = try axes.map { try numpyAxis($0, a.ndim) }
        guard Set(perm).count == perm.count else { throw PyError(.valueError, "repeated axis in transpose") }
    } else {
        perm = Array((0..<a.ndim).reversed())
    }
    return a.view(shape: perm.map { a.shape[$0] }, strides: perm.map { a.strides[$0] }, offset: a.offset)
}

func numpySwapAxes(_ a: NDArray, _ x: Int, _ y: Int) throws -> NDArray {
    var perm = Array(0..<a.ndim)
    perm.swapAt(try numpyAxis(x, a.ndim), try numpyAxis(y, a.ndim))
    return try numpyTranspose(a, perm)
}

func numpyExpandDims(_ a: NDArray, _ axes: [Int]) throws -> NDArray {
    let nd = a.ndim + axes.count
    let norm = Set(try axes.map { try numpyAxis($0, nd) })
    guard norm.count == axes.count else { throw PyError(.valueError, "repeated axis") }
    var shape: [Int] = [], strides: [Int] = []
    var j = 0
    for d in 0..<nd {
        if norm.contains(d) { shape.append(1); strides.append(0) } else { shape.append(a.shape[j]); strides.append(a.strides[j]); j += 1 }
    }
    return a.view(shape: shape, strides: strides, offset: a.offset)
}

func numpySqueeze(_ a: NDArray, _ axes: [Int]?) throws -> NDArray {
    let drop: Set<Int>
    if let axes {
        drop = Set(try axes.map { try numpyAxis($0, a.ndim) })
        for d in drop where a.shape[d] != 1 {
            throw PyError(.valueError, "cannot select an axis to squeeze out which has size not equal to one")
        }
    } else {
        drop = Set(a.shape.indices.filter { a.shape[$0] == 1 })
    }
    let keep = a.shape.indices.filter { !drop.contains($0) }
    return a.view(shape: keep.map { a.shape[$0] }, strides: keep.map { a.strides[$0] }, offset: a.offset)
}

/// `np.ravel`: a view of a C-contiguous array, else a contiguous copy.
func numpyRavel(_ a: NDArray) throws -> NDArray {
    if a.isCContiguous { return a.view(shape: [a.size], strides: [1], offset: a.offset) }
    let c = try a.copy()
    return c.withShape([a.size], strides: [1])
}

func numpyBroadcastTo(_ a: NDArray, _ shape: [Int]) throws -> NDArray {
    guard shape.allSatisfy({ $0 >= 0 }) else { throw PyError(.valueError, "all elements of broadcast shape must be non-negative") }
    guard shape.count >= a.ndim, (try? numpyBroadcastShapes([a.shape, shape])) == shape else {
        throw PyError(.valueError, "operands could not be broadcast together with remapped shapes [original->remapped]: \(pythonShapeTuple(a.shape))  and requested shape \(pythonShapeTuple(shape))")
    }
    // numpy's iterator counts the broadcast elements in an intp: more than that is its error,
    // and no array here has a size that does not fit an Int.
    var count = 1
    for d in shape {
        let (c, o) = count.multipliedReportingOverflow(by: d)
        if o { throw PyError(.valueError, "iterator is too large") }
        count = c
    }
    let v = a.view(shape: shape, strides: numpyBroadcastStrides(a.shape, a.strides, to: shape), offset: a.offset)
    v.writeable = false
    return v
}

/// `np.concatenate(arrays, axis)`.
func numpyConcatenate(_ arrays: [NDArray], axis: Int?, dtype: NumpyDType? = nil) throws -> NDArray {
    guard !arrays.isEmpty else { throw PyError(.valueError, "need at least one array to concatenate") }
    var parts = arrays
    var ax = 0
    if let axis {
        if parts[0].ndim == 0 { throw PyError(.valueError, "zero-dimensional arrays cannot be concatenated") }
        ax = try numpyAxis(axis, parts[0].ndim)
    } else {
        parts = try parts.map { try numpyRavel($0) }
    }
    let nd = parts[0].ndim
    for (i, p) in parts.enumerated() where p.ndim != nd {
        throw PyError(.valueError, "all the input arrays must have same number of dimensions, but the array at index 0 has \(nd) dimension(s) and the array at index \(i) has \(p.ndim) dimension(s)")
    }
    for (i, p) in parts.enumerated() {
        for d in 0..<nd where d != ax && p.shape[d] != parts[0].shape[d] {
            throw PyError(.valueError, "all the input array dimensions except for the concatenation axis must match exactly, but along dimension \(d), the array at index 0 has size \(parts[0].shape[d]) and the array at index \(i) has size \(p.shape[d])")
        }
    }
    let resultType = dtype ?? numpyResultType(parts.map { .array($0) })
    var shape = parts[0].shape
    shape[ax] = parts.reduce(0) { $0 + $1.shape[ax] }
    let out = try NDArray(shape: shape, dtype: resultType, zeroed: false)
    var start = 0
    for p in parts {
        let dst = out.view(shape: p.shape, strides: out.strides, offset: out.offset + start * out.strides[ax])
        numpyCopyCast(from: p, to: dst)
        start += p.shape[ax]
    }
    return out
}

/// `np.stack(arrays, axis)`.
func numpyStack(_ arrays: [NDArray], axis: Int) throws -> NDArray {
    guard !arrays.isEmpty else { throw PyError(.valueError, "need at least one array to stack") }
    for a in arrays where a.shape != arrays[0].shape { throw PyError(.valueError, "all input arrays must have the same shape") }
    let ax = try numpyAxis(axis, arrays[0].ndim + 1)
    return try numpyConcatenate(try arrays.map { try numpyExpandDims($0, [ax]) }, axis: ax)
}

func numpyAtLeast(_ a: NDArray, _ n: Int) throws -> NDArray {
    if a.ndim >= n { return a }
    switch (n, a.ndim) {
    case (1, 0): return try numpyReshape(a, [1])
    case (2, 0): return try numpyReshape(a, [1, 1])
    case (2, 1): return try numpyReshape(a, [1, a.shape[0]])
    default: return a
    }
}
