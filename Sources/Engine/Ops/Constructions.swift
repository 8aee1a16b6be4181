import Foundation

/// Tensors built from others or from sizes: `logspace`, `kron`, `block_diag`, `vander`,
/// `cartesian_prod`, `combinations`, `tril_indices` / `triu_indices`, each as ATen computes it
/// (values, dtypes, error texts), with every size a user can type checked before allocating.

extension Tensor {
    /// `torch.logspace(start, end, steps, base=10.0)`: ATen's CPU kernel raises `base` (a
    /// double; a float for integer results) to exponents stepped in double, the first half from
    /// the start and the second from the end, with libm's `pow`, then converts.
    public static func logspace(_ start: Double, _ end: Double, steps: Int, base: Double = 10, dtype: DType = .float32) throws -> Tensor {
        guard steps >= 0 else { throw TorchError.runtime("number of steps must be non-negative") }
        try MemoryBudget.check(shape: [steps], itemSize: dtype.itemSize)
        var values = [Double](repeating: 0, count: steps)
        if steps == 1 {
            values[0] = Foundation.pow(base, start)
        } else if steps > 1 {
            // scalar_start/end converted to the result type first; the step in double.
            let s = try Tensor.full([], .float(start), dtype: dtype).doubleValue(atFlat: 0)
            let e = try Tensor.full([], .float(end), dtype: dtype).doubleValue(atFlat: 0)
            let b = dtype.isIntegral ? Double(Float(base)) : base
            let step = (e - s) / Double(steps - 1)
            let half = steps / 2
            for i in 0..<steps {
                values[i] = Foundation.pow(b, i < half ? s + step * Double(i) : e - step * Double(steps - i - 1))
            }
        }
        return try tensorOfDoubles(values, shape: [steps], dtype: dtype)
    }
}

/// `torch.kron(a, b)`: ATen's KronImpl, `a` and `b` reshaped to interleaved dims
/// (a₀, 1, a₁, 1, …) and (1, b₀, 1, b₁, …), multiplied, and viewed as (a₀b₀, a₁b₁, …).
public func kron(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let n = Swift.max(a.ndim, b.ndim)
    let padA = n - a.ndim, padB = n - b.ndim
    var shapeA: [Int] = [], shapeB: [Int] = [], result: [Int] = []
    for i in 0..<n {
        let sa = i < padA ? 1 : a.shape[i - padA], sb = i < padB ? 1 : b.shape[i - padB]
        shapeA += [sa, 1]
        shapeB += [1, sb]
        result.append(sa * sb)
    }
    return try mul(.tensor(try a.reshape(shapeA)), .tensor(try b.reshape(shapeB))).reshape(result)
}

/// `torch.block_diag(*tensors)`: each tensor (0-D as 1×1, 1-D as one row) placed on the
/// diagonal of a zero matrix of the promoted dtype; BlockDiagBackward0 takes each block back.
public func blockDiag(_ tensors: [Tensor]) throws -> Tensor {
    guard !tensors.isEmpty else { return try Tensor.empty([1, 0]) }
    var dims: [(Int, Int)] = []
    var rows = 0, cols = 0
    for (i, t) in tensors.enumerated() {
        guard t.ndim <= 2 else {
            throw TorchError.runtime("torch.block_diag: Input tensors must have 2 or fewer dimensions. Input \(i) has \(t.ndim) dimensions")
        }
        let d = t.ndim == 2 ? (t.shape[0], t.shape[1]) : (1, t.ndim == 1 ? t.shape[0] : 1)
        dims.append(d)
        rows += d.0
        cols += d.1
    }
    let dtype = resultType(tensors.map { ($0.dtype, $0.ndim == 0 ? .zeroDim : .dimensioned) })
    try MemoryBudget.check(shape: [rows, cols], itemSize: dtype.itemSize)
    // Each block padded to the full width, the rows concatenated: the same values as ATen's
    // copies into a zero matrix, with a gradient to every block.
    var pieces: [Tensor] = []
    var left = 0
    for (t, d) in zip(tensors, dims) {
        let block = try t.to(dtype).reshape([d.0, d.1])
        pieces.append(try pad(block, [left, cols - left - d.1]))
        left += d.1
    }
    let out = try cat(pieces, dim: 0)
    out.gradFn?.displayName = "BlockDiagBackward0"
    return out
}

/// `torch.vander(x, N=None, increasing=False)`: ATen fills ones, copies x into columns 1…,
/// takes their cumulative product (accumulated in double for floating types, int64 for
/// integers and bool) and flips unless `increasing`.
public func vander(_ x: Tensor, n: Int?, increasing: Bool) throws -> Tensor {
    guard x.ndim == 1 else { throw TorchError.runtime("x must be a one-dimensional tensor.") }
    let columns = n ?? x.shape[0]
    guard columns >= 0 else { throw TorchError.runtime("N must be non-negative.") }
    let dtype = DType.promote(x.dtype, .int64)
    try MemoryBudget.check(shape: [x.shape[0], columns], itemSize: dtype.itemSize)
    var result: Tensor
    if columns == 0 {
        result = try Tensor.empty([x.shape[0], 0], dtype: dtype)
    } else {
        let ones = try Tensor.ones([x.shape[0], 1], dtype: dtype)
        if columns == 1 {
            result = ones
        } else {
            let repeated = try x.to(dtype).unsqueeze(1).expand([x.shape[0], columns - 1])
            result = try cat([ones, try cumprod(repeated, dim: 1).to(dtype)], dim: 1)
        }
    }
    return increasing ? result : try flip(result, dims: [1])
}

/// `torch.cartesian_prod(*tensors)`: one tensor is returned as it is; otherwise the rows of
/// `meshgrid(indexing="ij")` flattened and stacked as columns.
public func cartesianProd(_ tensors: [Tensor]) throws -> Tensor {
    for t in tensors where t.ndim != 1 {
        throw TorchError.runtime("Expect a 1D vector, but got shape \(shapeList(t.shape))")
    }
    if tensors.count == 1 { return tensors[0] }
    guard !tensors.isEmpty else { throw TorchError.runtime("meshgrid expects a non-empty TensorList") }
    try checkedProduct(tensors.map { $0.shape[0] })
    let grids = try meshgrid(tensors, indexing: "ij")
    return try stack(try grids.map { try $0.flatten() }, dim: 1)
}

/// `torch.combinations(input, r=2, with_replacement=False)`: the r-element combinations of a
/// 1-D tensor in lexicographic order of positions (ATen masks an r-dim meshgrid with
/// i < j < … or i ≤ j ≤ …, whose n^r size is checked as ATen allocates it).
public func combinations(_ t: Tensor, r: Int, withReplacement: Bool) throws -> Tensor {
    guard t.ndim == 1 else { throw TorchError.runtime("Expect a 1D vector, but got shape \(shapeList(t.shape))") }
    guard r >= 0 else { throw TorchError.runtime("Expect a non-negative number, but got \(r)") }
    if r == 0 { return try Tensor.empty([0], dtype: t.dtype) }
    let n = t.shape[0]
    // ATen holds r references to the input (a std::vector), then allocates the n^r mask.
    guard r <= Int.max / 16 else { throw TorchError.runtime("cannot create std::vector larger than max_size()") }
    try MemoryBudget.check(shape: [r], itemSize: 16)
    var gridSize = n <= 1 ? n : 1
    if n > 1 {
        for _ in 0..<r {
            let (p, o) = gridSize.multipliedReportingOverflow(by: n)
            if o { throw TorchError.runtime("numel: integer multiplication overflow") }
            gridSize = p
        }
    }
    try MemoryBudget.check(shape: [gridSize], itemSize: 1)
    // Index tuples in lexicographic order: increasing (or non-decreasing) positions.
    var indices: [Int64] = []
    if withReplacement ? n > 0 : n >= r {
        var current = withReplacement ? [Int](repeating: 0, count: r) : Array(0..<r)
        while true {
            try checkInterrupt()
            indices += current.map(Int64.init)
            var i = r - 1
            while i >= 0 && current[i] == (withReplacement ? n - 1 : n - r + i) { i -= 1 }
            if i < 0 { break }
            current[i] += 1
            for j in (i + 1)..<r { current[j] = withReplacement ? current[i] : current[j - 1] + 1 }
        }
    }
    let count = indices.count / r
    let index = try Tensor(int64s: indices, shape: [count * r])
    return try indexSelect(t, dim: 0, index: index).reshape([count, r])
}

/// `torch.tril_indices(row, col, offset=0)`: the coordinates of the lower triangle, row by
/// row, as a (2, N) tensor; sizes computed as ATen computes them (64-bit, wrapping).
public func trilIndices(_ row: Int, _ col: Int, offset: Int, dtype: DType = .int64) throws -> Tensor {
    try checkTriangleArguments(row, col)
    let size = trilSize(row, col, offset)
    try MemoryBudget.check(shape: [2, size], itemSize: dtype.itemSize)
    var rows: [Int64] = [], cols: [Int64] = []
    var r = Swift.max(0, -offset), c = 0
    for i in 0..<Swift.max(size, 0) {
        if i % 65536 == 0 { try checkInterrupt() }
        rows.append(Int64(r)); cols.append(Int64(c))
        c += 1
        if c > r + offset || c >= col { r += 1; c = 0 }
    }
    return try Tensor(int64s: rows + cols, shape: [2, Swift.max(size, 0)]).to(dtype)
}

/// `torch.triu_indices(row, col, offset=0)`.
public func triuIndices(_ row: Int, _ col: Int, offset: Int, dtype: DType = .int64) throws -> Tensor {
    try checkTriangleArguments(row, col)
    let size = (row &* col) &- trilSize(row, col, offset &- 1)
    try MemoryBudget.check(shape: [2, size], itemSize: dtype.itemSize)
    var rows: [Int64] = [], cols: [Int64] = []
    var r = 0, c = Swift.max(0, offset)
    for i in 0..<Swift.max(size, 0) {
        if i % 65536 == 0 { try checkInterrupt() }
        rows.append(Int64(r)); cols.append(Int64(c))
        c += 1
        if c >= col { r += 1; c = Swift.max(0, r + offset) }
    }
    return try Tensor(int64s: rows + cols, shape: [2, Swift.max(size, 0)]).to(dtype)
}

private func checkTriangleArguments(_ row: Int, _ col: Int) throws {
    guard row >= 0 else { throw TorchError.runtime("row must be non-negative, got\(row)") }
    guard col >= 0 else { throw TorchError.runtime("col must be non-negative, got\(col)") }
}

/// ATen's `get_tril_size` (64-bit arithmetic that wraps as C++'s does).
private func trilSize(_ row: Int, _ col: Int, _ offset: Int) -> Int {
    if row == 0 || col == 0 { return 0 }
    let firstRow = offset > 0 ? Swift.min(col, 1 &+ offset) : (row &+ offset > 0 ? 1 : 0)
    let lastRow = Swift.max(0, Swift.min(col, row &+ offset))
    let allRows = Swift.max(0, Swift.min(row, row &+ offset))
    let trapezoidRows = lastRow &- firstRow &+ 1
    var size = ((firstRow &+ lastRow) &* trapezoidRows) >> 1
    let diff = allRows &- trapezoidRows
    if diff > 0 { size = size &+ diff &* col }
    return size
}

/// The element count of a grid of these sizes, or ATen's overflow error (`numel`).
func checkedProduct(_ sizes: [Int]) throws {
    var count = 1
    for s in sizes {
        let (p, o) = count.multipliedReportingOverflow(by: s)
        if o { throw TorchError.runtime("numel: integer multiplication overflow") }
        count = p
    }
}
