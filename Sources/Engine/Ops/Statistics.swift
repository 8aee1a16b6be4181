import Foundation

/// Reductions and scans beyond sum/mean: logsumexp, std_mean/var_mean, cumprod, count_nonzero,
/// histc, diff.

/// `logsumexp(dims, keepdim)`, as ATen computes it: max-shifted (an infinite max shifts by 0),
/// `log(sum(exp(x - max))) + max`. Integer input is computed in float. LogsumexpBackward0:
/// grad * exp(x - result).
public func logsumexp(_ t: Tensor, dims: [Int], keepdim: Bool) throws -> Tensor {
    let x = t.dtype.isFloatingPoint ? t : try t.to(.float32)
    let ds = try x.reductionDims(dims.isEmpty ? nil : dims)
    let out = try GradMode.with(false) { () -> Tensor in
        if x.numel == 0 { return try log(try exp(x).sum(dims: ds, keepdim: keepdim)) }
        let maxes = try amax(x, dims: ds, keepdim: true, isMax: true)
        let finite = try floatUnary(maxes, { $0.isInfinite ? 0 : $0 }, { $0.isInfinite ? 0 : $0 })
        let sums = try exp(try sub(.tensor(x), .tensor(finite))).sum(dims: ds, keepdim: keepdim)
        let shift = keepdim ? finite : try finite.reshape(x.reducedShape(ds, keepdim: false))
        return try add(try log(sums), shift)
    }
    return out.recordingFormula("LogsumexpBackward0", inputs: [t], saving: [x], savingResult: "Logsumexp") { s, g, _ in
        let input = s[0]
        let r = try unsqueezeReduced(s[1], dims: ds, keepdim: keepdim || input.ndim == 0, inputShape: input.shape)
        let gg = try unsqueezeReduced(g, dims: ds, keepdim: keepdim || input.ndim == 0, inputShape: input.shape)
        return [try mul(.tensor(gg), .tensor(try exp(try sub(.tensor(input), .tensor(r)))))]
    }
}

/// `std_mean` / `var_mean`: (std or var, mean), both shown with the node PyTorch's joint op has
/// (StdMeanBackward0 / VarMeanBackward0); each output's gradient flows through its own formula.
public func statMean(_ t: Tensor, dims: [Int]?, correction: Int, keepdim: Bool, std: Bool) throws -> (Tensor, Tensor) {
    let v = try t.variance(dims: dims, correction: correction, keepdim: keepdim, std: std)
    let m = try t.mean(dims: dims, keepdim: keepdim)
    let name = std ? "StdMeanBackward0" : "VarMeanBackward0"
    v.gradFn?.displayName = name
    m.gradFn?.displayName = name
    return (v, m)
}

/// `cumprod(dim)`: running products accumulated in double (ATen's acc_type on CPU), rounded to
/// the input's floating dtype; integer and bool inputs give int64 (wrapping products).
/// CumprodBackward0: d out_k / d x_i = prod_{j <= k, j != i} x_j, exact even with zeros.
public func cumprod(_ t: Tensor, dim: Int) throws -> Tensor {
    let d = try normalizeDim(dim, Swift.max(t.ndim, 1))
    let isFloat = t.dtype.isFloatingPoint
    let src = try t.contiguousCopy()
    let shape = t.shape
    if t.ndim == 0 || t.numel == 0 {
        let out = try src.contiguousCopy(dtype: isFloat ? t.dtype : .int64)
        return out.recordingFormula("CumprodBackward0", inputs: [t]) { _, g, _ in [g] }
    }
    let st = contiguousStrides(shape)
    let n = shape[d]
    let out: Tensor
    if isFloat {
        let xs = src.doubleValues()
        var results = [Double](repeating: 0, count: t.numel)
        forEachLine(shape, dim: d, strides: [st]) { o in
            var acc = 1.0
            for k in 0..<n { let off = o[0] + k * st[d]; acc *= xs[off]; results[off] = acc }
        }
        out = try tensorOfDoubles(results, shape: shape, dtype: t.dtype)
    } else {
        let xs = try src.to(.int64).int64Values()
        var ints = [Int64](repeating: 0, count: t.numel)
        forEachLine(shape, dim: d, strides: [st]) { o in
            var acc: Int64 = 1
            for k in 0..<n { let off = o[0] + k * st[d]; acc = acc &* xs[off]; ints[off] = acc }
        }
        out = try Tensor(int64s: ints, shape: shape)
    }
    return out.recordingFormula("CumprodBackward0", inputs: [t], saving: [t]) { s, g, _ in
        let xs = try s[0].contiguousCopy().doubleValues(), gs = try g.contiguousCopy().doubleValues()
        var gin = [Double](repeating: 0, count: xs.count)
        forEachLine(shape, dim: d, strides: [st]) { o in
            for i in 0..<n {
                var total = 0.0, prefix = 1.0
                for j in 0..<i { prefix *= xs[o[0] + j * st[d]] }
                var running = prefix
                for k in i..<n {
                    if k > i { running *= xs[o[0] + k * st[d]] }
                    total += gs[o[0] + k * st[d]] * running
                }
                gin[o[0] + i * st[d]] = total
            }
        }
        return [try tensorOfDoubles(gin, shape: shape, dtype: g.dtype)]
    }
}

/// `count_nonzero(dim=None)`: int64 counts.
public func countNonzero(_ t: Tensor, dims: [Int]?) throws -> Tensor {
    let nz = try logicalNot(try logicalNot(t, bitwise: false), bitwise: false).to(.int64)
    return try GradMode.with(false) { try nz.sum(dims: dims, keepdim: false) }
}

/// `histc(bins, min, max)`: a float histogram over equal-width bins; `min == max` uses the data's
/// range (widened by 1 each way when that is empty too); values outside are ignored and the
/// top edge falls in the last bin. Bin = (x - min) * bins / (max - min), as ATen computes it.
public func histc(_ t: Tensor, bins: Int, min lo: Double, max hi: Double) throws -> Tensor {
    guard t.dtype.isFloatingPoint else { throw TorchError(.notImplementedError, "\"histogram_cpu\" not implemented for '\(t.dtype.scalarName)'") }
    guard bins > 0 else { throw TorchError.runtime("torch.histc(): bins must be > 0, but got \(bins) for dimension 0") }
    // ATen allocates the bins + 1 edges first: a huge count is its allocator's error.
    try MemoryBudget.check(shape: [bins &+ 1], itemSize: t.dtype.itemSize)
    if t.dtype == .float64 {
        return try tensorOfDoubles(try histCounts(t.doubleValues(), bins: bins, lo: lo, hi: hi), shape: [bins], dtype: .float64)
    }
    let vals = try t.to(.float32).floatValues()
    return try tensorOfDoubles(try histCounts(vals, bins: bins, lo: Float(lo), hi: Float(hi)), shape: [bins], dtype: t.dtype)
}

/// histc's counting in the compute type T (Float for float32 and the half types, Double for float64).
private func histCounts<T: BinaryFloatingPoint>(_ vals: [T], bins: Int, lo: T, hi: T) throws -> [Double] {
    var left = lo, right = hi
    if left == right && !vals.isEmpty {
        left = vals.min()!; right = vals.max()!
    }
    if left == right { left -= 1; right += 1 }
    guard left <= right else { throw TorchError.runtime("torch.histc(): max must be larger than min") }
    guard left.isFinite && right.isFinite else {
        throw TorchError.runtime("torch.histc(): range of [\(formatNumber(Double(left))), \(formatNumber(Double(right)))] is not finite")
    }
    var counts = [Double](repeating: 0, count: bins)
    for v in vals where v >= left && v <= right {
        var pos = Int((v - left) * T(bins) / (right - left))
        if pos == bins { pos -= 1 }
        counts[pos] += 1
    }
    return counts
}

/// `diff(n, dim, prepend, append)`: PyTorch's composite — `x[1:] - x[:-1]` along dim (logical
/// xor for bool), n times.
public func diff(_ t: Tensor, n: Int = 1, dim: Int = -1, prepend: Tensor? = nil, append: Tensor? = nil) throws -> Tensor {
    guard t.ndim > 0 else { throw TorchError.runtime("diff expects input to be at least one-dimensional") }
    guard n >= 0 else { throw TorchError.runtime("order must be non-negative but got \(n)") }
    let d = try normalizeDim(dim, t.ndim)
    var x = t
    if prepend != nil || append != nil {
        x = try cat([prepend, t, append].compactMap { $0 }, dim: d)
    }
    for _ in 0..<n {
        let len = x.shape[d]
        if len == 0 { break }
        let hiPart = try x.narrow(d, start: 1, length: len - 1), loPart = try x.narrow(d, start: 0, length: len - 1)
        x = x.dtype == .bool ? try logical(.xor, .tensor(hiPart), .tensor(loPart)) : try sub(.tensor(hiPart), .tensor(loPart))
    }
    return x
}
