import Engine
import Foundation

// numpy's reductions with its summation order: `add.reduce` visits the input in memory order and
// sums each contiguous run of reduced elements with numpy's pairwise summation (8 accumulators,
// blocks of at most 128, halves rounded to multiples of 8), adding the runs into the result one
// after another; a reduction over every axis is one run. Checked against numpy 2.4 bit for bit.

/// numpy's `pairwise_sum` over `n` elements at `p` with element stride `s`.
func numpyPairwiseSum<T: BinaryFloatingPoint>(_ p: UnsafePointer<T>, _ n: Int, _ s: Int) -> T {
    if n < 8 {
        var res: T = 0
        for i in 0..<n { res += p[i * s] }
        return res
    } else if n <= 128 {
        var r0 = p[0], r1 = p[s], r2 = p[2 * s], r3 = p[3 * s]
        var r4 = p[4 * s], r5 = p[5 * s], r6 = p[6 * s], r7 = p[7 * s]
        var i = 8
        let end = n - n % 8
        while i < end {
            r0 += p[i * s]; r1 += p[(i + 1) * s]; r2 += p[(i + 2) * s]; r3 += p[(i + 3) * s]
            r4 += p[(i + 4) * s]; r5 += p[(i + 5) * s]; r6 += p[(i + 6) * s]; r7 += p[(i + 7) * s]
            i += 8
        }
        var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n { res += p[i * s]; i += 1 }
        return res
    } else {
        var n2 = n / 2
        n2 -= n2 % 8
        return numpyPairwiseSum(p, n2, s) + numpyPairwiseSum(p + n2 * s, n - n2, s)
    }
}

/// How a reduction visits its input: per output element (C order of the output) a base offset,
/// and the runs of reduced elements (start offsets relative to the base, run length, stride),
/// in numpy's memory order.
struct NumpyReductionPlan {
    var outShape: [Int]          // without the reduced axes (keepdims applied by the caller)
    var outBases: [Int]          // input offset of each output element's first visited element
    var runStarts: [Int]
    var runLength: Int
    var runStride: Int
    /// A reduction over every axis of an array that is not one run: the elements are gathered in
    /// iteration order and summed pairwise in chunks of this many (0: all at once); nil otherwise.
    var gatherChunk: Int? = nil
    var count: Int { runStarts.count * runLength }

    init(_ a: NDArray, axes: Set<Int>) throws {
        let dims = (0..<a.ndim).map { (size: a.shape[$0], stride: a.strides[$0], reduced: axes.contains($0), axis: $0) }
        outShape = dims.filter { !$0.reduced }.map(\.size)
        // No output element: nothing is visited (`np.empty((10**12, 0)).sum(axis=0)` is `[]`).
        if outShape.contains(0) {
            outBases = []; runStarts = []; runLength = 0; runStride = 1
            return
        }
        // Reduced axes in memory order (largest stride magnitude outermost; numpy's iterator does
        // not flip negative strides here), size-1 axes dropped, adjacent ones merged when they
        // form one run.
        var red = dims.filter { $0.reduced && $0.size != 1 }
        red.sort { abs($0.stride) > abs($1.stride) }
        var merged: [(size: Int, stride: Int)] = []
        for r in red {
            if let last = merged.last, last.stride == r.stride * r.size {
                merged[merged.count - 1] = (last.size * r.size, r.stride)
            } else {
                merged.append((r.size, r.stride))
            }
        }
        let reducedEmpty = dims.contains { $0.reduced && $0.size == 0 }
        // Whether the innermost visited axis is a reduced one: numpy's iterator puts the smallest
        // input stride innermost; when that axis is not reduced, every element is its own run.
        let nonReduced = dims.filter { !$0.reduced && $0.size != 1 }
        let innerIsReduced: Bool = {
            guard let lastRed = merged.last else { return false }
            guard let minNon = nonReduced.map({ abs($0.stride) }).min() else { return true }
            return abs(lastRed.stride) < minNon
        }()
        // The run table has an entry per run: only a broadcast view (stride 0) can make it larger
        // than the array's memory, and numpy would take hours over it; a MemoryError instead.
        var runCount = 1
        for m in merged {
            let (c, o) = runCount.multipliedReportingOverflow(by: m.size)
            runCount = o ? Int.max : c
        }
        if !reducedEmpty, runCount > 1 << 20, MemoryBudget.wouldExceed(runCount &* MemoryLayout<Int>.stride) || runCount == Int.max {
            throw PyError(.memoryError, "")
        }
        if reducedEmpty {
            runLength = 0; runStride = 1; runStarts = []
        } else if merged.isEmpty {
            runLength = 1; runStride = 1; runStarts = [0]
        } else if nonReduced.isEmpty && merged.count > 1 {
            // A reduction over every axis of an array that is not one run goes through numpy's
            // 8192-element buffer: in chunks of whole inner rows when the rows are contiguous,
            // else as one pairwise sum of everything (observed on numpy 2.4).
            let inner = merged[merged.count - 1]
            gatherChunk = abs(inner.stride) == 1 ? max(8192 / inner.size, 1) * inner.size : 0
            runLength = 1; runStride = 1
            runStarts = NumpyReductionPlan.offsets(merged)
        } else if innerIsReduced {
            let inner = merged.removeLast()
            runLength = inner.size; runStride = inner.stride
            runStarts = NumpyReductionPlan.offsets(merged)
        } else {
            runLength = 1; runStride = 1
            runStarts = NumpyReductionPlan.offsets(merged)
        }
        // Output elements in C order of the kept axes.
        let kept = dims.filter { !$0.reduced }
        var bases: [Int] = []
        let n = kept.reduce(1) { $0 * $1.size }
        bases.reserveCapacity(n)
        if n > 0 {
            var idx = [Int](repeating: 0, count: kept.count)
            var off = 0
            for _ in 0..<n {
                bases.append(off)
                var d = kept.count - 1
                while d >= 0 {
                    idx[d] += 1; off += kept[d].stride
                    if idx[d] < kept[d].size { break }
                    off -= kept[d].stride * kept[d].size; idx[d] = 0; d -= 1
                }
            }
        }
        outBases = bases
    }

    /// Offsets of every index combination of `dims` (outermost first).
    private static func offsets(_ dims: [(size: Int, stride: Int)]) -> [Int] {
        var result = [0]
        for d in dims {
            var next: [Int] = []
            next.reserveCapacity(result.count * d.size)
            for r in result { for i in 0..<d.size { next.append(r + i * d.stride) } }
            result = next
        }
        return result
    }
}

/// Output shape with keepdims applied.
func numpyReducedShape(_ shape: [Int], _ axes: Set<Int>, keepdims: Bool) -> [Int] {
    keepdims ? shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element } : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
}

enum NumpyReduceKind: String { case sum = "add", prod = "multiply", max = "maximum", min = "minimum", all = "logical_and", any = "logical_or" }

/// `np.add.reduce` & co over `axes` (nil: all), in the accumulation dtype numpy uses.
func numpyReduce(_ kind: NumpyReduceKind, _ input: NDArray, axes: [Int]?, keepdims: Bool = false, dtype: NumpyDType? = nil) throws -> NDArray {
    let axisSet = Set(axes ?? Array(0..<input.ndim))
    var accType: NumpyDType
    switch kind {
    case .sum, .prod: accType = dtype ?? input.dtype.sumResult
    case .max, .min: accType = input.dtype
    case .all, .any: accType = .bool
    }
    if kind == .max || kind == .min {
        // numpy's rule: a reduced axis of length 0 (even when the output is empty too).
        if axisSet.contains(where: { input.shape[$0] == 0 }) {
            throw PyError(.valueError, "zero-size array to reduction operation \(kind.rawValue) which has no identity")
        }
    }
    let a = input.dtype == accType ? input : try input.astype(accType)
    // The output first: numpy's MemoryError for a huge one comes before any work.
    let out = try NDArray(shape: numpyReducedShape(a.shape, axisSet, keepdims: false), dtype: accType, zeroed: false)
    let plan = try NumpyReductionPlan(a, axes: axisSet)
    func floats<T: NumpyElement & BinaryFloatingPoint>(_: T.Type) {
        let p = UnsafePointer(a.pointer(T.self)), o = out.pointer(T.self)
        for (k, b) in plan.outBases.enumerated() {
            var acc: T
            switch kind {
            case .sum where plan.gatherChunk != nil:
                let values = plan.runStarts.map { p[b + $0] }
                let chunk = plan.gatherChunk! == 0 ? values.count : plan.gatherChunk!
                acc = 0
                values.withUnsafeBufferPointer { v in
                    var start = 0
                    while start < v.count {
                        acc += numpyPairwiseSum(v.baseAddress! + start, min(chunk, v.count - start), 1)
                        start += chunk
                    }
                }
            case .sum:
                acc = 0
                for r in plan.runStarts { acc += numpyPairwiseSum(p + b + r, plan.runLength, plan.runStride) }
            case .prod:
                acc = 1
                for r in plan.runStarts { for i in 0..<plan.runLength { acc *= p[b + r + i * plan.runStride] } }
            default:
                var first = true
                acc = 0
                for r in plan.runStarts {
                    for i in 0..<plan.runLength {
                        let x = p[b + r + i * plan.runStride]
                        if first { acc = x; first = false } else { acc = kind == .max ? npMax(acc, x) : npMin(acc, x) }
                    }
                }
            }
            o[k] = acc
        }
    }
    func ints<T: NumpyElement & FixedWidthInteger>(_: T.Type) {
        let p = a.pointer(T.self), o = out.pointer(T.self)
        for (k, b) in plan.outBases.enumerated() {
            var acc: T = kind == .prod ? 1 : 0
            var first = true
            for r in plan.runStarts {
                for i in 0..<plan.runLength {
                    let x = p[b + r + i * plan.runStride]
                    switch kind {
                    case .sum: acc = acc &+ x
                    case .prod: acc = acc &* x
                    case .max: acc = first || x > acc ? x : acc
                    default: acc = first || x < acc ? x : acc
                    }
                    first = false
                }
            }
            o[k] = acc
        }
    }
    func bools() {
        let p = a.pointer(Bool.self), o = out.pointer(Bool.self)
        for (k, b) in plan.outBases.enumerated() {
            var acc = kind == .all || kind == .min || kind == .prod
            for r in plan.runStarts {
                for i in 0..<plan.runLength {
                    let x = p[b + r + i * plan.runStride]
                    switch kind {
                    case .all, .min, .prod: acc = acc && x
                    default: acc = acc || x
                    }
                }
            }
            o[k] = acc
        }
    }
    try numpyCheckingFloatErrors(kind.rawValue) {
        switch accType {
        case .float64: floats(Double.self)
        case .float32: floats(Float.self)
        case .int64: ints(Int64.self)
        case .int32: ints(Int32.self)
        case .int16: ints(Int16.self)
        case .int8: ints(Int8.self)
        case .uint8: ints(UInt8.self)
        case .bool: bools()
        }
    }
    if keepdims { return out.withShape(numpyReducedShape(input.shape, axisSet, keepdims: true), strides: numpyContiguousStrides(numpyReducedShape(input.shape, axisSet, keepdims: true))) }
    return out
}

/// Number of elements each output of a reduction over `axes` combines.
func numpyReduceCount(_ a: NDArray, _ axes: [Int]?) -> Int {
    (axes ?? Array(0..<a.ndim)).reduce(1) { $0 * a.shape[$1] }
}

/// `np.mean`: sum (float64 for integer input) divided by the count in the result dtype.
func numpyMean(_ a: NDArray, axes: [Int]?, keepdims: Bool = false, dtype: NumpyDType? = nil) throws -> NDArray {
    let sumType = dtype ?? (a.dtype.isFloat ? a.dtype : .float64)
    let n = numpyReduceCount(a, axes)
    if n == 0 { numpyWarn("Mean of empty slice") }
    let s = try numpyReduce(.sum, a, axes: axes, keepdims: keepdims, dtype: sumType)
    // A scalar result is divided as a numpy scalar ("... in scalar divide").
    if s.ndim == 0 { return try NumpyWarningContext.scalar { try numpyBinary(.divide, .array(s), .weak(.int(n))) } }
    return try numpyBinary(.divide, .array(s), .weak(.int(n)))
}

/// `np.var` (and `np.std` with `sqrt`): numpy's two-pass formula.
func numpyVar(_ a: NDArray, axes: [Int]?, keepdims: Bool = false, ddof: Int = 0, sqrt: Bool = false) throws -> NDArray {
    let sumType: NumpyDType = a.dtype.isFloat ? a.dtype : .float64
    let n = numpyReduceCount(a, axes)
    let mean = try numpyBinary(.divide, .array(try numpyReduce(.sum, a, axes: axes, keepdims: true, dtype: sumType)), .weak(.int(n)))
    let x = try numpyBinary(.subtract, .array(a), .array(mean))
    let sq = try numpyBinary(.multiply, .array(x), .array(x))
    let s = try numpyReduce(.sum, sq, axes: axes, keepdims: keepdims, dtype: sumType)
    let dof = max(n - ddof, 0)
    if dof <= 0 { numpyWarn("Degrees of freedom <= 0 for slice") }
    let v = s.ndim == 0 ? try NumpyWarningContext.scalar { try numpyBinary(.divide, .array(s), .weak(.int(dof))) }
                        : try numpyBinary(.divide, .array(s), .weak(.int(dof)))
    return sqrt ? try numpyUnary(.sqrt, .array(v)) : v
}

/// `np.argmax` / `np.argmin`: first index of the extreme (a NaN counts as the extreme).
func numpyArgExtreme(_ a: NDArray, axis: Int?, isMax: Bool, keepdims: Bool = false) throws -> NDArray {
    let name = isMax ? "argmax" : "argmin"
    let src: NDArray
    let ax: Int
    if let axis { src = a; ax = axis } else { src = try numpyReshape(a, [a.size]); ax = 0 }
    guard src.ndim > 0 || axis == nil else { throw PyError("AxisError", "axis \(ax) is out of bounds for array of dimension 0") }
    if src.shape[ax] == 0 { throw PyError(.valueError, "attempt to get \(name) of an empty sequence") }
    var outShape = src.shape
    outShape.remove(at: ax)
    let out = try NDArray(shape: outShape, dtype: .int64, zeroed: false)
    let o = out.pointer(Int64.self)
    var others = src.shape; others[ax] = 1
    var otherStrides = src.strides; otherStrides[ax] = 0
    var k = 0
    let n = src.shape[ax], st = src.strides[ax]
    func scan<T: NumpyElement & Comparable>(_: T.Type, isNaN: (T) -> Bool) {
        let p = src.pointer(T.self)
        numpyForEachRow(shape: others, strides: [otherStrides]) { offs, count, inner in
            for j in 0..<count {
                let base = offs[0] + j * inner[0]
                var best = p[base], bi = 0
                if !isNaN(best) {
                    for i in 1..<n {
                        let x = p[base + i * st]
                        if isNaN(x) { bi = i; break }
                        if isMax ? x > best : x < best { best = x; bi = i }
                    }
                }
                o[k] = Int64(bi); k += 1
            }
        }
    }
    switch src.dtype {
    case .float64: scan(Double.self) { $0.isNaN }
    case .float32: scan(Float.self) { $0.isNaN }
    case .int64: scan(Int64.self) { _ in false }
    case .int32: scan(Int32.self) { _ in false }
    case .int16: scan(Int16.self) { _ in false }
    case .int8: scan(Int8.self) { _ in false }
    case .uint8: scan(UInt8.self) { _ in false }
    case .bool:
        let bytes = try src.astype(.uint8)
        return try numpyArgExtreme(bytes, axis: axis, isMax: isMax, keepdims: keepdims)
    }
    if keepdims {
        var ks = a.shape
        if let axis { ks[axis] = 1 } else { ks = Array(repeating: 1, count: a.ndim) }
        return out.withShape(ks, strides: numpyContiguousStrides(ks))
    }
    return out
}

/// `np.cumsum` / `np.cumprod` along `axis` (nil: flattened), sequential as numpy accumulates.
func numpyCumulative(_ a: NDArray, axis: Int?, product: Bool, dtype: NumpyDType? = nil) throws -> NDArray {
    let src = axis == nil ? try numpyReshape(a, [a.size]) : a
    let ax = axis ?? 0
    let accType = dtype ?? a.dtype.sumResult
    let input = try src.astype(accType)   // contiguous copy, then accumulate in place
    let n = input.shape[ax], st = input.strides[ax]
    var others = input.shape; others[ax] = 1
    var otherStrides = input.strides; otherStrides[ax] = 0
    func run<T: NumpyElement>(_: T.Type, _ f: @escaping (T, T) -> T) {
        let p = input.pointer(T.self)
        numpyForEachRow(shape: others, strides: [otherStrides]) { offs, count, inner in
            for j in 0..<count {
                let base = offs[0] + j * inner[0]
                if n < 2 { continue }
                for i in 1..<n { p[base + i * st] = f(p[base + (i - 1) * st], p[base + i * st]) }
            }
        }
    }
    try numpyCheckingFloatErrors(product ? "multiply" : "add") {
        switch accType {
        case .float64: run(Double.self, product ? { $0 * $1 } : { $0 + $1 })
        case .float32: run(Float.self, product ? { $0 * $1 } : { $0 + $1 })
        case .int64: run(Int64.self, product ? { $0 &* $1 } : { $0 &+ $1 })
        case .int32: run(Int32.self, product ? { $0 &* $1 } : { $0 &+ $1 })
        case .int16: run(Int16.self, product ? { $0 &* $1 } : { $0 &+ $1 })
        case .int8: run(Int8.self, product ? { $0 &* $1 } : { $0 &+ $1 })
        case .uint8: run(UInt8.self, product ? { $0 &* $1 } : { $0 &+ $1 })
        case .bool: throw PyError(.typeError, "cumulative bool reduction is not supported")
        }
    }
    return input
}
