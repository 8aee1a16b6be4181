/// Counting and diagonal ops a course meets when it scores a classifier: `bincount`, `unique`
/// (sorted, with inverse and counts), `diag` and `trace` (confusion matrices).

/// `torch.bincount(input, weights=None, minlength=0)`: how often each non-negative integer occurs
/// in a 1-d integer tensor; with weights, the per-bin sums of the weights in input order (float32
/// weights sum in float32, any other weights in float64, as ATen's `_bincount_cpu`).
public func bincount(_ t: Tensor, weights: Tensor? = nil, minlength: Int = 0) throws -> Tensor {
    guard t.dtype != .bool, !t.dtype.isFloatingPoint, t.dtype != .float16 else { throw TorchError.notImplemented("bincount_cpu", t.dtype) }
    guard minlength >= 0 else { throw TorchError.runtime("minlength should be >= 0") }
    guard t.ndim == 1 else { throw TorchError.runtime("bincount only supports 1-d non-negative integral inputs.") }
    // Read as integers: int64 values past 2**53 do not survive a trip through Double.
    let values = t.int64Values().map { Int($0) }
    guard values.allSatisfy({ $0 >= 0 }) else { throw TorchError.runtime("bincount only supports 1-d non-negative integral inputs.") }
    if let w = weights, w.ndim != 1 || w.numel != t.numel {
        throw TorchError.runtime("weights should be 1-d and have the same length as input")
    }
    let largest = values.max() ?? -1
    guard largest < Int.max else {
        throw TorchError.runtime("maximum value of input overflowed, it should be < \(Int.max) but got \(largest)")
    }
    let bins = Swift.max(minlength, largest + 1)
    // The table is the output: PyTorch's allocator error before it is built (bincount(2**40)).
    try MemoryBudget.check(shape: [bins], itemSize: weights?.dtype == .float32 ? 4 : 8)
    guard let w = weights else {
        var counts = [Int64](repeating: 0, count: bins)
        for v in values { counts[v] += 1 }
        return try Tensor(int64s: counts, shape: [bins])
    }
    if w.dtype == .float32 {
        var sums = [Float](repeating: 0, count: bins)
        for (i, v) in values.enumerated() { sums[v] += Float(w.doubleValue(atFlat: i)) }
        return try Tensor(floats: sums, shape: [bins])
    }
    var sums = [Double](repeating: 0, count: bins)
    for (i, v) in values.enumerated() { sums[v] += w.doubleValue(atFlat: i) }
    return try Tensor(values: sums, shape: [bins])
}

/// `torch.unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None)` of the
/// flattened input: the distinct values in ascending order (CPU sorts whether or not `sorted` is
/// asked), each element's position among them, and how often each occurs. NaNs stay distinct.
public func unique(_ t: Tensor) throws -> (values: Tensor, inverse: Tensor, counts: Tensor) {
    let n = t.numel
    let order = (0..<n).sorted { a, b in
        let x = t.doubleValue(atFlat: a), y = t.doubleValue(atFlat: b)
        return x < y || (x == y && a < b) || (!x.isNaN && y.isNaN)
    }
    var keep: [Int] = [], counts: [Int64] = []
    var inverse = [Int64](repeating: 0, count: n)
    for i in order {
        let v = t.doubleValue(atFlat: i)
        if let last = keep.last, t.doubleValue(atFlat: last) == v {
            counts[counts.count - 1] += 1
        } else {
            keep.append(i)
            counts.append(1)
        }
        inverse[i] = Int64(keep.count - 1)
    }
    let flat = try t.contiguousCopy().reshape([n])
    let values = try Tensor(shape: [keep.count], dtype: t.dtype)
    for (k, i) in keep.enumerated() { values.setElement(flat.scalar(atFlat: i), atFlat: k) }
    return (values, try Tensor(int64s: inverse, shape: t.shape), try Tensor(int64s: counts, shape: [keep.count]))
}

// torch.diag and torch.trace are in Linalg.swift.

extension Tensor {
    /// Writes one element (row-major position) in the tensor's dtype, for results built element
    /// by element.
    fileprivate func setElement(_ value: Scalar, atFlat flat: Int) {
        Tensor(storage: storage, shape: [], strides: [], offset: offset + storageOffset(ofFlat: flat), dtype: dtype, version: version).fillRaw(value)
    }
}
