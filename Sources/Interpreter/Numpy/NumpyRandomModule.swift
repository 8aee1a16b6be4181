import Foundation
import Engine

// `np.random` (the legacy global RandomState) and `np.random.RandomState(seed)`: the Python
// surface over NumpyRandomState, with mtrand.pyx's argument handling, scalar-vs-array returns
// (`rand()` gives a Python float, `rand(3)` an array) and error messages.

final class NumpyRandomStateObject: NativeObject {
    let state: NumpyRandomState
    init(_ state: NumpyRandomState) { self.state = state }
    override var typeName: String { "numpy.random.mtrand.RandomState" }
    override func repr() -> String {
        "RandomState(MT19937) at 0x" + String(UInt(bitPattern: Unmanaged.passUnretained(self).toOpaque()), radix: 16).uppercased()
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        numpyRandomFunctions(state)[name]
    }
    override func attributeNames() -> [String] { Array(numpyRandomFunctions(state).keys) }
}

extension Interpreter {
    func makeNumpyRandomModule() -> NamespaceObject {
        let ns = NamespaceObject("numpy.random")
        for (k, v) in numpyRandomFunctions(numpyGlobalRandom) { ns.members[k] = v }
        // A type, so `isinstance(seed, np.random.RandomState)` works as scikit-learn's
        // check_random_state asks it.
        let randomState = BuiltinType("RandomState", test: { v in
            if case .object(is NumpyRandomStateObject) = v { return true }
            return false
        }) { a, i in
            let b = try Signature.of("RandomState", "seed=None").bind(a, i)
            let rs = NumpyRandomState(seed: 0)
            try numpySeed(rs, b["seed"], i)
            return .object(NumpyRandomStateObject(rs))
        }
        randomState.qualifiedName = "numpy.random.mtrand.RandomState"
        nativeTypes["numpy.random.mtrand.RandomState"] = randomState
        ns.members["RandomState"] = .object(randomState)
        return ns
    }
}

/// The process-wide RandomState behind `np.random.*`, seeded from the OS like numpy's.
nonisolated(unsafe) let numpyGlobalRandom = NumpyRandomState()

/// `seed(s)`: an int in [0, 2**32), a sequence of such ints, or None (OS entropy).
func numpySeed(_ rs: NumpyRandomState, _ v: Value, _ i: Interpreter) throws {
    switch v {
    case .none: rs.seedFromEntropy()
    case .list, .tuple, .object(is NDArray):
        let a = try i.numpyArray(from: v, dtype: nil)
        if a.ndim == 0 { return try numpySeed(rs, i.numpyWrap(a), i) }
        guard a.size > 0 else { throw PyError(.valueError, "Seed must be non-empty") }
        guard !a.dtype.isFloat else { throw PyError(.typeError, "Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'safe'") }
        guard a.ndim == 1 else { throw PyError(.valueError, "Seed array must be 1-d") }
        let words = try a.astype(.int64).typedValues(Int64.self)
        guard words.allSatisfy({ $0 >= 0 && $0 <= 0xFFFF_FFFF }) else { throw PyError(.valueError, "Seed must be between 0 and 2**32 - 1") }
        rs.seed(keyArray: words.map { UInt32($0) })
    default:
        guard let n = (try? i.intValue(v)) else {
            throw PyError(.typeError, "Cannot cast scalar from dtype('float64') to dtype('int64') according to the rule 'safe'")
        }
        guard n >= 0 && n <= 0xFFFF_FFFF else { throw PyError(.valueError, "Seed must be between 0 and 2**32 - 1") }
        rs.seed(UInt32(n))
    }
}

/// The functions of a RandomState (module-level ones use the global state).
func numpyRandomFunctions(_ rs: NumpyRandomState) -> [String: Value] {
    var f: [String: Value] = [:]
    func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs, Interpreter) throws -> Value) {
        let fn = BuiltinFunction(name) { a, i in try body(try Signature.of(name, sig).bind(a, i), i) }
        fn.signature = sig
        f[name] = .builtin(fn)
    }
    /// `size=None` gives nil (a scalar result), else the shape.
    func size(_ b: BoundArgs, _ name: String = "size") throws -> [Int]? {
        guard !b.isNone(name) else { return nil }
        let shape = try b.npShape(name)
        if shape.contains(where: { $0 < 0 }) { throw PyError(.valueError, "negative dimensions are not allowed") }
        return shape
    }
    func doubles(_ shape: [Int]?, _ draw: () -> Double) throws -> Value {
        guard let shape else { return .float(draw()) }
        let a = try NDArray(shape: shape, dtype: .float64, zeroed: false)
        let p = a.pointer(Double.self)
        for k in 0..<a.size { p[k] = draw() }
        return .object(a)
    }
    func varShape(_ b: BoundArgs, _ i: Interpreter) throws -> [Int]? {
        guard case .tuple(let items) = b["args"], !items.isEmpty else { return nil }
        let dims = try items.map { try i.intValue($0) }
        for d in dims where d < 0 { throw PyError(.valueError, "negative dimensions are not allowed") }
        return dims
    }

    def("seed", "seed=None") { b, i in try numpySeed(rs, b["seed"], i); return .none }
    def("rand", "*args") { b, i in try doubles(try varShape(b, i)) { rs.nextDouble() } }
    def("randn", "*args") { b, i in try doubles(try varShape(b, i)) { rs.nextGauss() } }
    for name in ["random_sample", "random", "ranf", "sample"] {
        def(name, "size=None") { b, _ in try doubles(try size(b)) { rs.nextDouble() } }
    }
    def("standard_normal", "size=None") { b, _ in try doubles(try size(b)) { rs.nextGauss() } }
    def("standard_exponential", "size=None") { b, _ in try doubles(try size(b)) { rs.nextStandardExponential() } }
    def("exponential", "scale=1.0, size=None") { b, _ in
        let scale = try b.double("scale")
        guard scale >= 0 else { throw PyError(.valueError, "scale < 0") }
        return try doubles(try size(b)) { scale * rs.nextStandardExponential() }
    }
    def("normal", "loc=0.0, scale=1.0, size=None") { b, i in
        try numpyRandomTwoParam(b, i, "loc", "scale", try size(b), check: { _, s in
            if s < 0 { throw PyError(.valueError, "scale < 0") }
        }) { loc, scale in loc + scale * rs.nextGauss() }
    }
    def("lognormal", "mean=0.0, sigma=1.0, size=None") { b, i in
        // legacy_lognormal: exp(mean + sigma * gauss) with libm's exp.
        try numpyRandomTwoParam(b, i, "mean", "sigma", try size(b), check: { _, s in
            if s < 0 { throw PyError(.valueError, "sigma < 0") }
        }) { mean, sigma in Foundation.exp(mean + sigma * rs.nextGauss()) }
    }
    def("uniform", "low=0.0, high=1.0, size=None") { b, i in
        try numpyRandomTwoParam(b, i, "low", "high", try size(b), check: { lo, hi in
            if !(hi - lo).isFinite { throw PyError(.overflowError, "Range exceeds valid bounds") }
        }) { lo, hi in lo + (hi - lo) * rs.nextDouble() }
    }
    def("randint", "low, high=None, size=None, dtype=int") { b, i in
        var low = try b.int("low"), high: Int
        if b.isNone("high") {
            high = low; low = 0
            guard high > 0 else { throw PyError(.valueError, "high <= 0") }
        } else {
            high = try b.int("high")
            guard low < high else { throw PyError(.valueError, "low >= high") }
        }
        let dtype = try b.npDType("dtype") ?? .int64
        guard dtype.isInteger else { throw PyError(.typeError, "Unsupported dtype dtype('\(dtype.name)') for randint") }
        guard dtype.intRange.contains(Int64(low)) else { throw PyError(.valueError, "low is out of bounds for \(dtype.name)") }
        guard dtype.intRange.contains(Int64(high - 1)) else { throw PyError(.valueError, "high is out of bounds for \(dtype.name)") }
        let bits = dtype.itemSize * 8
        let shape = try size(b)
        let n = try shape.map { s -> Int in
            let a = try NDArray(shape: s, dtype: dtype, zeroed: false)   // numpy's errors for bad sizes
            return a.size
        } ?? 1
        let values = rs.randint(low: Int64(low), high: Int64(high), count: n, bits: bits)
        guard let shape else {
            let pythonInt: Bool = {
                switch b["dtype"] {
                case .none: return true
                case .object(let t as BuiltinType): return t.name == "int"
                default: return false
                }
            }()
            if pythonInt {
                return .int(Int(values[0]))
            }
            return .object(NumpyScalar(dtype, .int(values[0])))
        }
        let a = try NDArray(shape: shape, dtype: dtype, zeroed: false)
        for (k, v) in values.enumerated() { a.setValue(.int(v), atOffset: k) }
        return .object(a)
    }
    def("shuffle", "x") { b, i in
        switch b["x"] {
        case .list(let l):
            rs.shuffleIndices(l.items.count) { l.items.swapAt($0, $1) }
        case .object(let a as NDArray):
            guard a.ndim > 0 else { throw PyError(.typeError, "object of type 'numpy.ndarray' has no len()") }
            guard a.writeable else { throw PyError(.valueError, "assignment destination is read-only") }
            let rowBytes = a.shape.dropFirst().reduce(1, *)
            rs.shuffleIndices(a.shape[0]) { x, y in
                if x == y { return }
                if rowBytes == 0 { return }
                let rx = try! numpyGetIndex(a, [.int(x)]).0, ry = try! numpyGetIndex(a, [.int(y)]).0
                let tmp = try! rx.copy()
                numpyCopyCast(from: ry, to: rx)
                numpyCopyCast(from: tmp, to: ry)
            }
        case let v:
            throw PyError(.typeError, "object of type '\(i.typeName(v))' has no len()")
        }
        return .none
    }
    def("permutation", "x") { b, i in
        // An int or a numpy integer scalar (`rng.permutation(class_counts[i])`) is a count.
        var count: Int? = nil
        switch b["x"] {
        case .int(let n): count = n
        case .object(let s as NumpyScalar) where s.dtype.isInteger: count = s.pythonIndex
        default: break
        }
        if let n = count {
            try numpyCheckAllocation(max(n, 0), dtype: .int64, shape: [max(n, 0)])
            return .object(try NDArray(values: rs.permutation(n), shape: [max(n, 0)]))
        }
        let a = try i.numpyArray(from: b["x"], dtype: nil, copy: true)
        guard a.ndim > 0 else { throw PyError(.indexError, "x must be an integer or at least 1-dimensional") }
        if a.ndim == 1 {
            let p = rs.permutation(a.shape[0])
            return .object(try numpyGetIndex(a, [.array(try NDArray(values: p, shape: [p.count]))]).0)
        }
        let idx = rs.permutation(a.shape[0])
        return .object(try numpyGetIndex(a, [.array(try NDArray(values: idx, shape: [idx.count]))]).0)
    }
    def("choice", "a, size=None, replace=True, p=None") { b, i in
        var population: NDArray? = nil
        let popSize: Int
        if case .int(let n) = b["a"] {
            popSize = n
            guard n >= 0 else { throw PyError(.valueError, "a must be greater than 0 unless no samples are taken") }
        } else {
            let a = try i.numpyArray(from: b["a"], dtype: nil, copy: false)
            guard a.ndim == 1 else { throw PyError(.valueError, "a must be 1-dimensional") }
            population = a
            popSize = a.shape[0]
        }
        let shape = try size(b)
        let count = try shape.map { try NDArray(shape: $0, dtype: .int64, zeroed: false).size } ?? 1
        if popSize == 0 && count > 0 {
            throw PyError(.valueError, population == nil ? "a must be greater than 0 unless no samples are taken" : "'a' cannot be empty unless no samples are taken")
        }
        let replace = try i.truthy(b["replace"])
        var idx: [Int64]
        if !b.isNone("p") {
            let p = try i.numpyArray(from: b["p"], dtype: .float64)
            guard p.ndim == 1 else { throw PyError(.valueError, "p must be 1-dimensional") }
            guard p.size == popSize else { throw PyError(.valueError, "'a' and 'p' must have same size") }
            let pv = p.typedValues(Double.self)
            guard pv.allSatisfy({ $0 >= 0 }) else { throw PyError(.valueError, "probabilities are not non-negative") }
            let total = pv.reduce(0, +)
            guard Swift.abs(total - 1) <= 1e-8 * Double(pv.count).squareRoot() else { throw PyError(.valueError, "probabilities do not sum to 1") }
            guard replace else { throw PyError(.typeError, "nnrepl's choice supports p= only with replace=True") }
            // cdf = p.cumsum(); cdf /= cdf[-1]; searchsorted(uniform samples, side='right')
            var cdf = [Double](repeating: 0, count: pv.count)
            var acc = 0.0
            for (k, v) in pv.enumerated() { acc += v; cdf[k] = acc }
            let last = cdf.last ?? 1
            cdf = cdf.map { $0 / last }
            idx = (0..<count).map { _ in
                let u = rs.nextDouble()
                var lo = 0, hi = cdf.count
                while lo < hi { let mid = (lo + hi) / 2; if cdf[mid] <= u { lo = mid + 1 } else { hi = mid } }
                return Int64(lo)
            }
        } else if replace {
            idx = rs.randint(low: 0, high: Int64(max(popSize, 1)), count: count, bits: 64)
        } else {
            guard count <= popSize else { throw PyError(.valueError, "Cannot take a larger sample than population when 'replace=False'") }
            try numpyCheckAllocation(popSize, dtype: .int64, shape: [popSize])
            idx = Array(rs.permutation(popSize).prefix(count))
        }
        let idxArray = try NDArray(values: idx, shape: shape ?? [])
        guard let population else {
            if shape == nil { return .int(Int(idx[0])) }
            return .object(idxArray)
        }
        let (r, _) = try numpyGetIndex(population, [.array(idxArray)])
        return i.numpyWrap(r)
    }
    return f
}

/// A distribution with two (broadcastable) parameters: scalars give one draw per element of
/// `size`; arrays broadcast with `size`, drawing in C order.
private func numpyRandomTwoParam(_ b: BoundArgs, _ i: Interpreter, _ p1: String, _ p2: String, _ size: [Int]?,
                                 check: (Double, Double) throws -> Void, _ draw: (Double, Double) -> Double) throws -> Value {
    let x = try i.numpyArray(from: b[p1], dtype: .float64), y = try i.numpyArray(from: b[p2], dtype: .float64)
    let pshape = try numpyBroadcastShapes([x.shape, y.shape])
    let shape = size ?? pshape
    if size != nil, (try? numpyBroadcastShapes([pshape, shape])) != shape {
        throw PyError(.valueError, "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape \(pythonShapeTuple(shape)) and arg 1 with shape \(pythonShapeTuple(pshape)).")
    }
    // The output first (numpy's MemoryError), before offset tables as long as it.
    var count = 1, overflow = false
    for d in shape { let (c, o) = count.multipliedReportingOverflow(by: d); count = c; overflow = overflow || o }
    try numpyCheckAllocation(overflow ? Int.max : count, dtype: .float64, shape: shape)
    let xb = try numpyBroadcastTo(x, shape), yb = try numpyBroadcastTo(y, shape)
    let xo = xb.elementOffsets(), yo = yb.elementOffsets()
    let px = xb.pointer(Double.self), py = yb.pointer(Double.self)
    for k in 0..<xo.count { try check(px[xo[k]], py[yo[k]]) }
    if size == nil && pshape.isEmpty { return .float(draw(px[0], py[0])) }
    let out = try NDArray(shape: shape, dtype: .float64, zeroed: false)
    let po = out.pointer(Double.self)
    for k in 0..<xo.count { po[k] = draw(px[xo[k]], py[yo[k]]) }
    return .object(out)
}
