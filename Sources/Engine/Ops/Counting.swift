/// Counting and diagonal ops a course meets when it scores a classifier: `bincount`, `unique`
/// (sorted, with inverse and counts), `diag` and `trace` (confusion matrices).

/// `torch.bincount(input, weights=None, minlength=0)`: how often each non-negative integer occurs
/// in a 1-d integer tensor; with weights, the per-bin sums of the weights in input order (float32
/// weights sum in float32, any other weights in float64, as ATen's `_bincount_cpu`).
public func bincount(_ t: Tensor, weights: Tensor? = nil, minlength: Int = 0) throws -> Tensor {
    guard t.dtype != .bool, !t.dtype.isFloatingPoint, t.dtype != .float16 else { throw TorchError.notImplemented("bincount_cpu", t.dtype) }
    guard minlength >= 0 else { throw TorchError.runtime("minlength should be >= 0") }
    guard t.ndim == 1 else { throw TorchError.runtime("bincount only supports 1-d non-negative integral inputs.") }
    let values = (0..<t.numel).map { Int(t.doubleValue(atFlat: $0)) }
    guard values.allSatisfy({ $0 >= 0 }) else { throw TorchError.runtime("bincount only supports 1-d non-negative integral inputs.") }
    if let w = weights, w.ndim != 1 || w.numel != t.numel {
        throw TorchError.runtime("weights should be 1-d and have the same length as input")
    }
    let bins = Swift.max(minlength, (values.max() ?? -1) + 1)
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

/// `torch.diag(input, diagonal=0)`: a 1-d input becomes the square matrix with it on the given
/// diagonal; a 2-d input gives its diagonal as a new 1-d tensor (a copy, `DiagonalBackward0_copy`).
public func diag(_ t: Tensor, diagonal k: Int = 0) throws -> Tensor {
    switch t.ndim {
    case 1:
        let n = t.numel, size = n + Swift.abs(k)
        if t.requiresGrad {
            // Each element lands at (i, i+k): a gather from [0, t...] by position keeps autograd.
            let padded = try cat([try Tensor.zeros([1], dtype: t.dtype), t], dim: 0)
            var idx = [Int64](repeating: 0, count: size * size)
            for i in 0..<n { idx[(i + Swift.max(-k, 0)) * size + i + Swift.max(k, 0)] = Int64(i + 1) }
            let out = try gather(padded, dim: 0, index: try Tensor(int64s: idx, shape: [size * size])).reshape([size, size])
            out.gradFn?.displayName = "DiagEmbedBackward0"
            return out
        }
        let out = try Tensor.zeros([size, size], dtype: t.dtype)
        for i in 0..<n { out.setElement(t.scalar(atFlat: i), atFlat: (i + Swift.max(-k, 0)) * size + i + Swift.max(k, 0)) }
        return out
    case 2:
        let rows = t.shape[0], cols = t.shape[1]
        let count = k >= 0 ? Swift.max(0, Swift.min(rows, cols - k)) : Swift.max(0, Swift.min(rows + k, cols))
        var idx: [Int64] = []
        for i in 0..<count { idx.append(Int64((i + Swift.max(-k, 0)) * cols + i + Swift.max(k, 0))) }
        let out = try gather(try t.reshape([rows * cols]), dim: 0, index: try Tensor(int64s: idx, shape: [count]))
        out.gradFn?.displayName = "DiagonalBackward0_copy"
        return out
    default:
        throw TorchError.runtime("diag(): Supports 1D or 2D tensors. Got \(t.ndim)D")
    }
}

/// `torch.trace(input)`: the sum of a matrix's main diagonal; integers sum to int64 and floats
/// in double before rounding to their dtype (ATen's `trace_cpu` accumulates in `acc_type`).
public func trace(_ t: Tensor) throws -> Tensor {
    guard t.ndim == 2 else { throw TorchError.runtime("trace: expected a matrix, but got tensor with dim \(t.ndim)") }
    let d = try diag(t)
    if t.requiresGrad {
        let out = try d.sum()
        out.gradFn?.displayName = "TraceBackward0"
        return out
    }
    if !t.dtype.isFloatingPoint {
        var acc: Int64 = 0
        for i in 0..<d.numel { acc &+= Int64(d.doubleValue(atFlat: i)) }
        return Tensor(scalar: acc)
    }
    var acc = 0.0
    for i in 0..<d.numel { acc += d.doubleValue(atFlat: i) }
    return try Tensor.full([], acc, dtype: t.dtype)
}

extension Tensor {
    /// Writes one element (row-major position) in the tensor's dtype, for results built element
    /// by element.
    fileprivate func setElement(_ value: Scalar, atFlat flat: Int) {
        Tensor(storage: storage, shape: [], strides: [], offset: offset + storageOffset(ofFlat: flat), dtype: dtype, version: version).fillRaw(value)
    }
}
