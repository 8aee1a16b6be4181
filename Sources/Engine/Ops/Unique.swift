/// `unique` (sorted, with inverse indices and counts, over elements or slices along a dim) and
/// the binary searches `searchsorted` / `bucketize`.

/// The result of `torch.unique`.
public struct UniqueResult {
    public let values: Tensor
    public let inverse: Tensor
    public let counts: Tensor
}

/// Orders two equal-length rows lexicographically, NaN after everything.
private func lexLess(_ a: [Double], _ b: [Double]) -> Bool {
    for (x, y) in zip(a, b) where !(x == y || (x.isNaN && y.isNaN)) {
        if x.isNaN { return false }
        if y.isNaN { return true }
        return x < y
    }
    return false
}

private func sameRow(_ a: [Double], _ b: [Double]) -> Bool {
    zip(a, b).allSatisfy { $0 == $1 }
}

/// `unique(dim=None)`: the distinct elements in ascending order (PyTorch sorts on the CPU even
/// with sorted=False), the index of each input element in them, and their counts. With `dim`,
/// distinct slices along it. The result carries Unique2Backward0 / UniqueDimBackward0, whose
/// backward raises as PyTorch's does.
public func unique(_ t: Tensor, dim: Int?) throws -> UniqueResult {
    let rows: [[Double]]
    var sliceShape: [Int] = []
    var d = 0
    if let dim {
        d = try normalizeDim(dim, Swift.max(t.ndim, 1))
        guard t.ndim > 0 else { throw TorchError.index("Dimension out of range (expected to be in range of [-1, 0], but got \(dim))") }
        let moved = try GradMode.with(false) { try t.movedim([d], [0]).contiguousCopy() }
        let n = t.shape[d], per = n == 0 ? 0 : moved.numel / n
        rows = (0..<n).map { i in (0..<per).map { moved.doubleValueAtOffset(i * per + $0) } }
        sliceShape = Array(moved.shape.dropFirst())
    } else {
        rows = (0..<t.numel).map { [t.doubleValue(atFlat: $0)] }
    }
    let order = rows.indices.sorted { lexLess(rows[$0], rows[$1]) || (!lexLess(rows[$1], rows[$0]) && $0 < $1) }
    var uniques: [[Double]] = [], counts: [Int64] = []
    var inverse = [Int64](repeating: 0, count: rows.count)
    for i in order {
        if let last = uniques.last, sameRow(last, rows[i]) {
            counts[counts.count - 1] += 1
        } else {
            uniques.append(rows[i]); counts.append(1)
        }
        inverse[i] = Int64(uniques.count - 1)
    }
    let flat = uniques.flatMap { $0 }
    var valueShape: [Int]
    if dim != nil {
        valueShape = [uniques.count] + sliceShape
    } else {
        valueShape = [uniques.count]
    }
    var values: Tensor
    if t.dtype == .int64 && dim == nil {
        // Doubles cannot hold every int64: take the values from the input.
        let ints = t.int64Values()
        values = try Tensor(int64s: order.enumerated().compactMap { pos, i in
            pos == 0 || inverse[order[pos - 1]] != inverse[i] ? ints[i] : nil
        }, shape: valueShape)
    } else {
        values = try tensorOfDoubles(flat, shape: valueShape, dtype: t.dtype)
    }
    if dim != nil && d != 0 { values = try values.movedim([0], [d]).contiguousCopy() }
    let inv = try Tensor(int64s: inverse, shape: dim == nil ? t.shape : [rows.count])
    let name = dim == nil ? "Unique2Backward0" : "UniqueDimBackward0"
    let op = dim == nil ? "_unique2" : "unique_dim"
    values.recordingFormula(name, inputs: [t]) { _, _, _ in
        throw TorchError(.notImplementedError, "the derivative for '\(op)' is not implemented.")
    }
    return UniqueResult(values: values, inverse: inv, counts: try Tensor(int64s: counts, shape: [counts.count]))
}

/// `searchsorted(sorted_sequence, values, right=False)`: for each value, the first index whose
/// element is >= it (> it with `right`), searching the matching row of an N-D sequence.
public func searchsorted(_ sequence: Tensor, _ values: Tensor, right: Bool) throws -> Tensor {
    guard sequence.ndim >= 1 else {
        throw TorchError.runtime("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 dimension")
    }
    if sequence.ndim > 1 {
        guard values.ndim == sequence.ndim, Array(values.shape.dropLast()) == Array(sequence.shape.dropLast()) else {
            throw TorchError.runtime("torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor \(shapeList(sequence.shape)) and input value tensor \(shapeList(values.shape))")
        }
    }
    let n = sequence.shape.last!
    let seq = (0..<sequence.numel).map { sequence.doubleValue(atFlat: $0) }
    let inner = values.ndim == 0 ? 1 : values.shape.last!
    var out = [Int64]()
    out.reserveCapacity(values.numel)
    for flat in 0..<values.numel {
        let v = values.doubleValue(atFlat: flat)
        let row = sequence.ndim == 1 ? 0 : flat / inner
        var lo = 0, hi = n
        while lo < hi {
            let mid = (lo + hi) / 2
            let e = seq[row * n + mid]
            let goRight = right ? !(e > v) : !(e >= v)   // ATen's cus_lower_bound/cus_upper_bound: NaN goes last
            if goRight { lo = mid + 1 } else { hi = mid }
        }
        out.append(Int64(lo))
    }
    return try Tensor(int64s: out, shape: values.shape)
}
