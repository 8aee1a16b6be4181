import Engine
import Foundation

// numpy module functions that tabular-data scripts use: counting and binning (bincount,
// searchsorted), order statistics (percentile, quantile), NaN-ignoring reductions, differences,
// triangles and diagonals, tiling, splitting and appending. Each follows numpy's own
// implementation step by step (most are Python in numpy/lib), so the arithmetic, and with it
// every last digit, is the same.

extension Interpreter {
    func addNumpyTabularFunctions(_ def: (String, String, @escaping (BoundArgs, Interpreter) throws -> Value) -> Void) {
        def("bincount", "x, weights=None, minlength=0") { b, i in
            .object(try numpyBincount(try b.npArray("x"), weights: try b.npOptionalArray("weights"), minlength: try b.int("minlength")))
        }
        def("histogram", "a, bins=10, range=None, density=None, weights=None") { b, i in
            guard b.isNone("weights") else { throw PyError(.typeError, "nnrepl's np.histogram has no weights=; use np.bincount(np.digitize(...), weights=...)") }
            guard case .int = b["bins"] else { throw PyError(.typeError, "nnrepl's np.histogram takes an int number of bins") }
            var range: (Double, Double)? = nil
            if !b.isNone("range") {
                let r = try i.collect(b["range"], range: nil)
                guard r.count == 2 else { throw PyError(.valueError, "too many values to unpack (expected 2)") }
                guard let lo = i.numberValue(r[0]), let hi = i.numberValue(r[1]) else { throw PyError(.typeError, "range must be two numbers") }
                range = (lo, hi)
            }
            let (n, edges) = try numpyHistogram(try b.npArray("a"), bins: try b.int("bins"), range: range)
            if !b.isNone("density"), try b.bool("density") {
                // numpy: n / np.diff(bin_edges) / n.sum()
                let dens = try numpyBinary(.divide, .array(n), .array(try numpyDiff(edges, n: 1, axis: -1)))
                let total = try numpyReduce(.sum, n, axes: nil)
                return .tuple([.object(try numpyBinary(.divide, .array(dens), .array(total))), .object(edges)])
            }
            return .tuple([.object(n), .object(edges)])
        }
        def("searchsorted", "a, v, side='left', sorter=None") { b, i in
            guard b.isNone("sorter") else { throw PyError(.typeError, "nnrepl's np.searchsorted has no sorter=; sort the array first") }
            let side = try b.string("side")
            guard side == "left" || side == "right" else {
                throw PyError(.valueError, "side must be 'left' or 'right' (got '\(side)')")
            }
            return i.numpyWrap(try numpySearchSorted(try b.npArray("a"), try b.npArray("v"), right: side == "right"))
        }
        for (name, scale) in [("quantile", 1.0), ("percentile", 100.0)] {
            def(name, "a, q, axis=None, out=None, overwrite_input=False, method='linear', keepdims=False, *, weights=None, interpolation=None") { b, i in
                guard try b.string("method") == "linear", b.isNone("interpolation"), b.isNone("weights") else {
                    throw PyError(.typeError, "nnrepl's np.\(name) has the default method='linear' only")
                }
                let a = try b.npArray("a")
                let qs = try b.npArray("q")
                return i.numpyWrap(try numpyQuantile(a, qs, scale: scale, axis: try b.npAxis("axis", ndim: a.ndim), keepdims: try b.bool("keepdims")))
            }
        }
        for (name, kind) in [("nansum", "sum"), ("nanmean", "mean"), ("nanmax", "max"), ("nanmin", "min")] {
            def(name, "a, axis=None, out=None, keepdims=False") { b, i in
                let a = try b.npArray("a")
                return i.numpyWrap(try numpyNanReduce(kind, a, axes: try b.npAxes("axis", ndim: a.ndim), keepdims: try b.bool("keepdims")))
            }
        }
        def("diff", "a, n=1, axis=-1, prepend=None, append=None") { b, i in
            guard b.isNone("prepend"), b.isNone("append") else { throw PyError(.typeError, "nnrepl's np.diff has no prepend=/append=; use np.concatenate first") }
            return .object(try numpyDiff(try b.npArray("a"), n: try b.int("n"), axis: try b.int("axis")))
        }
        for (name, lower) in [("tril", true), ("triu", false)] {
            def(name, "m, k=0") { b, _ in .object(try numpyTriangle(try b.npArray("m"), k: try b.int("k"), lower: lower)) }
        }
        def("diag", "v, k=0") { b, _ in .object(try numpyDiag(try b.npArray("v"), k: try b.int("k"))) }
        def("diagonal", "a, offset=0, axis1=0, axis2=1") { b, _ in
            guard try b.int("axis1") == 0, try b.int("axis2") == 1 else { throw PyError(.typeError, "nnrepl's np.diagonal takes axis1=0, axis2=1 only") }
            return .object(try numpyDiagonal(try b.npArray("a"), k: try b.int("offset")))
        }
        def("trace", "a, offset=0, axis1=0, axis2=1, dtype=None, out=None") { b, i in
            guard try b.int("axis1") == 0, try b.int("axis2") == 1 else { throw PyError(.typeError, "nnrepl's np.trace takes axis1=0, axis2=1 only") }
            let d = try numpyDiagonal(try b.npArray("a"), k: try b.int("offset"))
            return i.numpyWrap(try numpyReduce(.sum, d, axes: nil, dtype: try b.npDType("dtype")))
        }
        def("tile", "A, reps") { b, i in
            let reps: [Int]
            switch b["reps"] {
            case .tuple, .list: reps = try b.intList("reps")
            default: reps = [try b.int("reps")]
            }
            return .object(try numpyTile(try b.npArray("A"), reps))
        }
        def("append", "arr, values, axis=None") { b, i in
            let a = try b.npArray("arr"), v = try b.npArray("values")
            if b.isNone("axis") { return .object(try numpyConcatenate([try numpyRavel(a), try numpyRavel(v)], axis: 0)) }
            return .object(try numpyConcatenate([a, v], axis: try b.int("axis")))
        }
        for (name, strict) in [("split", true), ("array_split", false)] {
            def(name, "ary, indices_or_sections, axis=0") { b, i in
                let a = try b.npArray("ary")
                let parts: [NDArray]
                switch b["indices_or_sections"] {
                case .tuple, .list: parts = try numpySplit(a, indices: try b.intList("indices_or_sections"), axis: try b.int("axis"))
                // An array of split points (np.split(order, np.cumsum(counts)[:-1])), as numpy
                // takes anything with a length as indices.
                case .object(let points as NDArray) where points.ndim >= 1:
                    let flat = try numpyRavel(points)
                    guard flat.dtype.isInteger || flat.size == 0 else {
                        throw PyError(.typeError, "slice indices must be integers or None or have an __index__ method")
                    }
                    parts = try numpySplit(a, indices: try flat.astype(.int64).typedValues(Int64.self).map { Int($0) }, axis: try b.int("axis"))
                default: parts = try numpySplit(a, sections: try b.int("indices_or_sections"), axis: try b.int("axis"), strict: strict)
                }
                return .list(PyList(parts.map { .object($0) }))
            }
        }
        def("take", "a, indices, axis=None, out=None, mode='raise'") { b, i in
            try numpyTake(try b.npArray("a"), b["indices"], axis: b["axis"], mode: b["mode"], i)
        }
        def("meshgrid", "*xi, copy=True, sparse=False, indexing='xy'") { b, i in
            guard case .tuple(let xs) = b["xi"] else { return .tuple([]) }
            guard try !b.bool("sparse") else { throw PyError(.typeError, "nnrepl's np.meshgrid has no sparse=True") }
            let indexing = try b.string("indexing")
            guard indexing == "xy" || indexing == "ij" else { throw PyError(.valueError, "Valid values for `indexing` are 'xy' and 'ij'.") }
            let arrays = try xs.map { try numpyRavel(try i.numpyArray(from: $0, dtype: nil, copy: false)) }
            return .tuple(try numpyMeshgrid(arrays, xy: indexing == "xy").map { .object($0) })
        }
        def("cov", "m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *, dtype=None") { b, i in
            guard b.isNone("fweights"), b.isNone("aweights") else { throw PyError(.typeError, "nnrepl's np.cov has no fweights=/aweights=") }
            // A 0-d array for one variable, as numpy's `c.squeeze()` returns.
            return .object(try numpyCov(try b.npArray("m"), try b.npOptionalArray("y"), rowvar: try b.bool("rowvar"),
                                            ddof: try b.optionalInt("ddof") ?? (try b.bool("bias") ? 0 : 1)))
        }
        def("corrcoef", "x, y=None, rowvar=True, *, dtype=None") { b, i in
            i.numpyWrap(try numpyCorrcoef(try b.npArray("x"), try b.npOptionalArray("y"), rowvar: try b.bool("rowvar")))
        }
    }
}

/// `np.bincount`: counts (int64) or sums of weights (float64, added in order as numpy's C loop does).
func numpyBincount(_ x: NDArray, weights: NDArray?, minlength: Int) throws -> NDArray {
    guard x.ndim <= 1 else { throw PyError(.valueError, "object too deep for desired array") }
    guard x.dtype.isInteger || x.dtype == .bool || x.size == 0 else {
        throw PyError(.typeError, "Cannot cast array data from dtype('\(x.dtype.name)') to dtype('int64') according to the rule 'safe'")
    }
    guard minlength >= 0 else { throw PyError(.valueError, "'minlength' must not be negative") }
    let bins = x.elementOffsets().map { x.value(atOffset: $0).intValue ?? 0 }
    if let lo = bins.min(), lo < 0 { throw PyError(.valueError, "'list' argument must have no negative elements") }
    let n = max((bins.max() ?? -1) + 1, minlength)
    guard let w = weights else {
        let out = try NDArray(shape: [n], dtype: .int64)
        let p = out.pointer(Int64.self)
        for v in bins { p[v] += 1 }
        return out
    }
    guard w.shape == x.shape else { throw PyError(.valueError, "The weights and list don't have the same length.") }
    let out = try NDArray(shape: [n], dtype: .float64)
    let p = out.pointer(Double.self)
    for (k, off) in w.elementOffsets().enumerated() { p[bins[k]] += w.value(atOffset: off).double }
    return out
}

/// `np.searchsorted` by binary search (numpy's order: NaN sorts last).
func numpySearchSorted(_ a: NDArray, _ v: NDArray, right: Bool) throws -> NDArray {
    guard a.ndim == 1 else { throw PyError(.valueError, "object too deep for desired array") }
    let keys = a.elementOffsets().map { a.value(atOffset: $0).double }
    func less(_ x: Double, _ y: Double) -> Bool { x < y || (y.isNaN && !x.isNaN) }
    let out = try NDArray(shape: v.shape, dtype: .int64)
    let p = out.pointer(Int64.self)
    for (k, off) in v.elementOffsets().enumerated() {
        let x = v.value(atOffset: off).double
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            // left: first index with keys[i] >= x; right: first with keys[i] > x.
            if right ? !less(x, keys[mid]) : less(keys[mid], x) { lo = mid + 1 } else { hi = mid }
        }
        p[k] = Int64(lo)
    }
    return out
}

/// `np.quantile` / `np.percentile` (q divided by `scale`), method 'linear': numpy's
/// `_quantile` with virtual index (n-1)*q and its `_lerp`, which for t >= 0.5 interpolates
/// down from the upper value.
func numpyQuantile(_ a: NDArray, _ q: NDArray, scale: Double, axis: Int?, keepdims: Bool) throws -> NDArray {
    let qs = q.elementOffsets().map { q.value(atOffset: $0).double / scale }
    guard qs.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
        throw PyError(.valueError, scale == 1 ? "Quantiles must be in the range [0, 1]" : "Percentiles must be in the range [0, 100]")
    }
    let src = axis == nil ? try numpyRavel(a) : a
    let ax = axis ?? 0
    guard src.ndim > 0, src.shape[ax] > 0 else { throw PyError("IndexError", "index -1 is out of bounds for axis 0 with size 0") }
    // Lanes along `ax`, in row-major order of the other axes.
    let moved = try numpyTranspose(src, Array(0..<src.ndim).filter { $0 != ax } + [ax]).copy()
    let n = src.shape[ax], lanes = src.size / n
    let vals = moved.elementOffsets().map { moved.value(atOffset: $0).double }
    // float64 whatever the input (numpy 2.4 gives float64 for float32 input too).
    let dtype = NumpyDType.float64
    var restShape = src.shape
    if keepdims { if axis == nil { restShape = [Int](repeating: 1, count: a.ndim) } else { restShape[ax] = 1 } } else { restShape.remove(at: ax) }
    let out = try NDArray(shape: q.shape + restShape, dtype: dtype)
    var k = 0
    for qv in qs {
        let virtual = Double(n - 1) * qv
        let above = virtual >= Double(n - 1)
        let prev = above ? n - 1 : Int(virtual.rounded(.down))
        let next = above ? n - 1 : prev + 1
        let gamma = virtual - (above ? -1 : Double(prev))
        for l in 0..<lanes {
            var lane = Array(vals[(l * n)..<(l * n + n)])
            if lane.contains(where: { $0.isNaN }) { out.setValue(.float(.nan), atOffset: k); k += 1; continue }
            lane.sort()
            let lo = lane[prev], hi = lane[next], d = hi - lo
            out.setValue(.float(gamma >= 0.5 ? hi - d * (1 - gamma) : lo + d * gamma), atOffset: k)
            k += 1
        }
    }
    return out
}

/// `np.nansum` / `nanmean` / `nanmax` / `nanmin` as numpy's nanfunctions compute them: NaNs
/// replaced by the reduction's identity, then the plain reduction.
func numpyNanReduce(_ kind: String, _ a: NDArray, axes: [Int]?, keepdims: Bool) throws -> NDArray {
    guard a.dtype.isFloat else {
        switch kind {
        case "sum": return try numpyReduce(.sum, a, axes: axes, keepdims: keepdims)
        case "mean": return try numpyMean(a, axes: axes, keepdims: keepdims)
        case "max": return try numpyReduce(.max, a, axes: axes, keepdims: keepdims)
        default: return try numpyReduce(.min, a, axes: axes, keepdims: keepdims)
        }
    }
    let mask = try numpyUnary(.isnan, .array(a))
    let fill = try NDArray(shape: [], dtype: a.dtype)
    fill.setValue(.float(kind == "max" ? -.infinity : kind == "min" ? .infinity : 0), atOffset: 0)
    let replaced = try numpyWhere(mask, .array(fill), .array(a))
    switch kind {
    case "sum": return try numpyReduce(.sum, replaced, axes: axes, keepdims: keepdims)
    case "mean":
        let notNaN = try numpyUnary(.logical_not, .array(mask))
        let count = try numpyReduce(.sum, notNaN, axes: axes, keepdims: keepdims, dtype: .int64)
        if count.elementOffsets().contains(where: { count.value(atOffset: $0).double == 0 }) {
            throw PyError(.valueError, "nnrepl's np.nanmean: an all-NaN slice (numpy warns 'Mean of empty slice')")
        }
        let total = try numpyReduce(.sum, replaced, axes: axes, keepdims: keepdims)
        // numpy's _divide_by_count: true_divide into the sum's own dtype.
        return try numpyBinary(.divide, .array(total), .array(count)).astype(a.dtype)
    default:
        let r = try numpyReduce(kind == "max" ? .max : .min, replaced, axes: axes, keepdims: keepdims)
        let allNaN = try numpyReduce(.all, mask, axes: axes, keepdims: keepdims)
        if allNaN.elementOffsets().contains(where: { allNaN.value(atOffset: $0).isTrue }) {
            numpyWarn("All-NaN slice encountered")
            let nan = try NDArray(shape: [], dtype: a.dtype)
            nan.setValue(.float(.nan), atOffset: 0)
            return try numpyWhere(allNaN, .array(nan), .array(r))
        }
        return r
    }
}

/// `np.diff`: `a[1:] - a[:-1]` along the axis, n times (`!=` for bools, as numpy).
func numpyDiff(_ a: NDArray, n: Int, axis: Int) throws -> NDArray {
    guard n >= 0 else { throw PyError(.valueError, "order must be non-negative but got \(n)") }
    guard a.ndim > 0 else { throw PyError(.valueError, "diff requires input that is at least one dimensional") }
    let ax = try numpyAxis(axis, a.ndim)
    var cur = a
    for _ in 0..<n {
        var shape = cur.shape
        shape[ax] = max(shape[ax] - 1, 0)
        let lower = cur.view(shape: shape, strides: cur.strides, offset: cur.offset)
        let upper = shape[ax] == 0 ? lower : cur.view(shape: shape, strides: cur.strides, offset: cur.offset + cur.strides[ax])
        cur = try numpyBinary(cur.dtype == .bool ? .not_equal : .subtract, .array(upper), .array(lower))
    }
    return cur
}

/// `np.tril` / `np.triu` over the last two axes (a 1-d input is first broadcast to a square).
func numpyTriangle(_ m: NDArray, k: Int, lower: Bool) throws -> NDArray {
    guard m.ndim > 0 else { throw PyError(.valueError, "input array must be at least 1-d") }
    let src = m.ndim == 1 ? try numpyBroadcastTo(m, [m.shape[0], m.shape[0]]) : m
    let out = try src.copy()
    let rows = out.shape[out.ndim - 2], cols = out.shape[out.ndim - 1]
    guard rows > 0, cols > 0 else { return out }
    for flat in 0..<out.size {
        let j = flat % cols, r = (flat / cols) % rows
        if lower ? j - r > k : j - r < k { out.setValue(.int(0), atOffset: flat) }
    }
    return out
}

/// `a.diagonal(k)` of a 2-d array: a read-only view, as numpy returns.
func numpyDiagonal(_ a: NDArray, k: Int) throws -> NDArray {
    guard a.ndim == 2 else { throw PyError(.valueError, a.ndim < 2 ? "diag requires an array of at least two dimensions" : "nnrepl's np.diagonal/np.trace take 2-d arrays") }
    let rows = a.shape[0], cols = a.shape[1]
    let r0 = k >= 0 ? 0 : -k, c0 = k >= 0 ? k : 0
    let len = max(0, min(rows - r0, cols - c0))
    let off = len == 0 ? a.offset : a.offset + r0 * a.strides[0] + c0 * a.strides[1]
    let v = a.view(shape: [len], strides: [a.strides[0] + a.strides[1]], offset: off)
    v.writeable = false
    return v
}

/// `np.diag`: a 1-d input becomes a square matrix with it on diagonal k; a 2-d input gives its diagonal.
func numpyDiag(_ v: NDArray, k: Int) throws -> NDArray {
    switch v.ndim {
    case 1:
        let n = v.shape[0] + abs(k)
        let out = try NDArray(shape: [n, n], dtype: v.dtype)
        let r0 = k >= 0 ? 0 : -k, c0 = k >= 0 ? k : 0
        for (i, off) in v.elementOffsets().enumerated() { out.setValue(v.value(atOffset: off), atOffset: (r0 + i) * n + c0 + i) }
        return out
    case 2: return try numpyDiagonal(v, k: k)
    default: throw PyError(.valueError, "Input must be 1- or 2-d.")
    }
}

/// `np.tile`: the array repeated `reps` times along each axis (shapes padded with leading 1s).
func numpyTile(_ a: NDArray, _ reps: [Int]) throws -> NDArray {
    guard reps.allSatisfy({ $0 >= 0 }) else { throw PyError(.valueError, "negative dimensions are not allowed") }
    let d = max(reps.count, a.ndim)
    let r = [Int](repeating: 1, count: d - reps.count) + reps
    let inShape = [Int](repeating: 1, count: d - a.ndim) + a.shape
    let src = try numpyReshape(a, inShape)
    let tooBig = PyError(.valueError, "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.")
    // numpy repeats one axis at a time (`c.reshape(-1, n).repeat(nrep, 0)`): the first
    // intermediate that cannot be allocated is the error, with its shape (np.tile(x, 2**40)).
    var size = src.size, n = size
    if n > 0 {
        for (dimIn, nrep) in zip(inShape, r) {
            if nrep != 1 {
                let (rows, o1) = (size / n).multipliedReportingOverflow(by: nrep)
                let (total, o2) = rows.multipliedReportingOverflow(by: n)
                guard !o1, !o2 else { throw tooBig }
                try numpyCheckAllocation(total, dtype: a.dtype, shape: [rows, n])
                size = total
            }
            n /= dimIn
        }
    }
    var outShape: [Int] = []
    for (s, k) in zip(inShape, r) {
        let (m, o) = s.multipliedReportingOverflow(by: k)
        guard !o else { throw tooBig }
        outShape.append(m)
    }
    let out = try NDArray(shape: outShape, dtype: a.dtype)
    for flat in 0..<out.size {
        var rem = flat, srcOff = 0
        for ax in stride(from: d - 1, through: 0, by: -1) {
            let idx = rem % outShape[ax]
            rem /= outShape[ax]
            srcOff += (idx % inShape[ax]) * src.strides[ax]
        }
        out.setValue(src.value(atOffset: srcOff), atOffset: flat)
    }
    return out
}

/// `np.split` / `np.array_split` into `sections` parts (views), as numpy's array_split sizes them.
func numpySplit(_ a: NDArray, sections: Int, axis: Int, strict: Bool) throws -> [NDArray] {
    let ax = try numpyAxis(axis, a.ndim)
    let len = a.shape[ax]
    // np.split tests `N % sections` first (Python's ZeroDivisionError for 0), then array_split
    // refuses what is not positive.
    if strict && sections == 0 { throw PyError("ZeroDivisionError", "integer modulo by zero") }
    if strict && len % sections != 0 { throw PyError(.valueError, "array split does not result in an equal division") }
    guard sections > 0 else { throw PyError(.valueError, "number sections must be larger than 0.") }
    // Every part is an array object (numpy's is ~100 bytes): 2**40 parts are numpy's bare
    // MemoryError, and a long list of parts stays interruptible.
    let (estimate, o) = sections.multipliedReportingOverflow(by: 128)
    if o || estimate > Storage.allocationLimit || MemoryBudget.wouldExceed(estimate) { throw PyError(.memoryError, "") }
    let each = len / sections, extras = len % sections
    var parts: [NDArray] = []
    parts.reserveCapacity(sections)
    var start = 0
    for s in 0..<sections {
        if s & 0xFFFF == 0xFFFF { do { try checkInterrupt() } catch let e as TorchError { throw PyError(e) } }
        let stop = start + each + (s < extras ? 1 : 0)
        parts.append(numpyAxisSlice(a, ax, start, stop))
        start = stop
    }
    return parts
}

/// `np.split` / `np.array_split` at the given indices (Python slice bounds).
func numpySplit(_ a: NDArray, indices: [Int], axis: Int) throws -> [NDArray] {
    let ax = try numpyAxis(axis, a.ndim)
    let len = a.shape[ax]
    func clamp(_ i: Int) -> Int { i < 0 ? max(i + len, 0) : min(i, len) }
    let points = [0] + indices.map(clamp) + [len]
    return zip(points, points.dropFirst()).map { numpyAxisSlice(a, ax, $0, max($1, $0)) }
}

/// `a[..., lo:hi, ...]` on one axis (a view).
func numpyAxisSlice(_ a: NDArray, _ ax: Int, _ lo: Int, _ hi: Int) -> NDArray {
    var shape = a.shape
    shape[ax] = hi - lo
    return a.view(shape: shape, strides: a.strides, offset: hi > lo ? a.offset + lo * a.strides[ax] : a.offset)
}

/// `np.meshgrid` (copies, as numpy's default copy=True); 'xy' swaps the first two output axes.
func numpyMeshgrid(_ xs: [NDArray], xy: Bool) throws -> [NDArray] {
    var shape = xs.map { $0.shape[0] }
    if xy && xs.count > 1 { shape.swapAt(0, 1) }
    return try xs.enumerated().map { k, x in
        var pos = k
        if xy && xs.count > 1 && k < 2 { pos = 1 - k }
        var s = [Int](repeating: 1, count: xs.count)
        s[pos] = x.shape[0]
        return try numpyBroadcastTo(try numpyReshape(x, s), shape).copy()
    }
}

/// `np.cov` as numpy computes it: rows are variables, mean removed, `dot(X, X.T)` times `1/fact`.
/// numpy's dot sees X and X.T share memory and calls BLAS dsyrk, which adds in another order than
/// the gemm nnrepl reproduces: the result can differ from numpy's in the last bits.
func numpyCov(_ m: NDArray, _ y: NDArray?, rowvar: Bool, ddof: Int) throws -> NDArray {
    guard m.ndim <= 2 else { throw PyError(.valueError, "m has more than 2 dimensions") }
    // numpy: dtype = result_type(m, np.float64), float64 for every real input.
    let dtype = NumpyDType.float64
    func rows(_ a: NDArray) throws -> NDArray {
        var x = try numpyAtLeast(try a.astype(dtype), 2)
        if !rowvar && x.shape[0] != 1 { x = try numpyTranspose(x) }
        return x
    }
    var x = try rows(m)
    if let y = y { x = try numpyConcatenate([x, try rows(y)], axis: 0) }
    let fact = x.shape[1] - ddof
    if fact <= 0 { numpyWarn("Degrees of freedom <= 0 for slice") }
    let avg = try numpyMean(x, axes: [1], keepdims: true)
    let centred = try numpyBinary(.subtract, .array(x), .array(avg))
    let c = try numpyDot(centred, try numpyTranspose(centred))
    let scaled = try numpyBinary(.multiply, .array(c), .array(try NDArray(values: [1.0 / Double(max(fact, 0))], shape: [])))
    return try numpySqueeze(scaled, nil)
}

/// `np.corrcoef`: the covariance divided by the standard deviations, clipped to [-1, 1].
func numpyCorrcoef(_ x: NDArray, _ y: NDArray?, rowvar: Bool) throws -> NDArray {
    let c = try numpyCov(x, y, rowvar: rowvar, ddof: 1)
    if c.ndim == 0 { return try numpyBinary(.divide, .array(c), .array(c)) }
    let sd = try numpyUnary(.sqrt, .array(try numpyDiagonal(c, k: 0)))
    let n = sd.shape[0]
    let byRow = try numpyBinary(.divide, .array(c), .array(try numpyReshape(sd, [n, 1])))
    let both = try numpyBinary(.divide, .array(byRow), .array(try numpyReshape(sd, [1, n])))
    let lo = try NDArray(values: [-1.0], shape: []).astype(both.dtype), hi = try NDArray(values: [1.0], shape: []).astype(both.dtype)
    return try numpyBinary(.minimum, .array(try numpyBinary(.maximum, .array(both), .array(lo))), .array(hi))
}

/// `np.histogram` with `bins` equal-width bins: numpy's fast path for uniform bins (index from
/// `(x - first) / (last - first) * bins`, then corrected against the linspace edges).
func numpyHistogram(_ a: NDArray, bins: Int, range: (Double, Double)?) throws -> (NDArray, NDArray) {
    guard bins >= 1 else { throw PyError(.valueError, "`bins` must be positive, when an integer") }
    // numpy makes the bins + 1 edges first (np.linspace): a huge count is its MemoryError.
    try numpyCheckAllocation(bins == Int.max ? Int.max : bins + 1, dtype: .float64, shape: [bins &+ 1])
    let xs = a.elementOffsets().map { a.value(atOffset: $0).double }
    var first = 0.0, last = 1.0
    if let (lo, hi) = range {
        guard lo <= hi else { throw PyError(.valueError, "max must be larger than min in range parameter.") }
        guard lo.isFinite && hi.isFinite else { throw PyError(.valueError, "supplied range of [\(pythonFloatRepr(lo)), \(pythonFloatRepr(hi))] is not finite") }
        (first, last) = (lo, hi)
    } else if !xs.isEmpty {
        first = xs.min()!; last = xs.max()!
        guard first.isFinite && last.isFinite else { throw PyError(.valueError, "autodetected range of [\(pythonFloatRepr(first)), \(pythonFloatRepr(last))] is not finite") }
    }
    if first == last { first -= 0.5; last += 0.5 }
    // np.linspace(first, last, bins + 1): i * step + first, the last edge exactly `last`.
    let step = (last - first) / Double(bins)
    var edges = (0...bins).map { Double($0) * step + first }
    edges[bins] = last
    let counts = try NDArray(shape: [bins], dtype: .int64)
    let p = counts.pointer(Int64.self)
    let denom = last - first
    for x in xs where x >= first && x <= last {
        var idx = Int((x - first) / denom * Double(bins))
        if idx == bins { idx -= 1 }
        if x < edges[idx] { idx -= 1 }
        if idx != bins - 1 && x >= edges[idx + 1] { idx += 1 }
        p[idx] += 1
    }
    var edgeArray = try NDArray(values: edges, shape: [bins + 1])
    if a.dtype == .float32 { edgeArray = try edgeArray.astype(.float32) }
    return (counts, edgeArray)
}

/// `np.take(a, indices, axis=None, mode='raise')` / `a.take(...)`: elements at integer positions
/// along an axis (of the flattened array without one); `mode` 'raise' checks the range (negative
/// positions count from the end), 'wrap' wraps around and 'clip' clamps.
func numpyTake(_ a: NDArray, _ indices: Value, axis: Value, mode: Value, _ i: Interpreter) throws -> Value {
    guard case .str(let how) = mode, ["raise", "wrap", "clip"].contains(how) else {
        throw PyError(.valueError, "clipmode must be one of 'clip', 'raise', or 'wrap' (got \(try i.repr(mode)))")
    }
    let source = axis.isNone ? try numpyRavel(a) : a
    let dim = axis.isNone ? 0 : try numpyAxis(try i.intValue(axis), a.ndim)
    let positions = try i.numpyArray(from: indices, dtype: nil)
    // numpy casts the positions to intp as it can (floats truncate).
    let n = source.shape[dim]
    var values = try positions.astype(.int64).typedValues(Int64.self).map { Int($0) }
    if n == 0 && !values.isEmpty {
        throw PyError(.indexError, "cannot do a non-empty take from an empty axes.")
    }
    for k in values.indices {
        switch how {
        case "clip": values[k] = Swift.min(Swift.max(values[k], 0), n - 1)
        case "wrap": values[k] = ((values[k] % n) + n) % n
        default:
            guard values[k] >= -n && values[k] < n else {
                throw PyError(.indexError, "index \(values[k]) is out of bounds for axis \(dim) with size \(n)")
            }
            if values[k] < 0 { values[k] += n }
        }
    }
    let index = try NDArray(values: values.map(Int64.init), shape: positions.shape)
    let items = Array(repeating: NumpyIndexItem.slice(start: nil, stop: nil, step: nil), count: dim) + [.array(index)]
    let (out, _) = try numpyGetIndex(source, items)
    return i.numpyWrap(out)
}
