import Engine
import Foundation

/// CPython's `random` module, bit for bit: the Mersenne Twister seeded as `_randommodule.c`
/// seeds it (`init_by_array` over the 32-bit words of |seed|), and the methods of
/// `Lib/random.py` (3.11) on top — `random()` from two words, `_randbelow` by rejection over
/// `getrandbits`, `randrange`, `randint`, `choice`, `choices`, `shuffle`, `sample`, `uniform`,
/// `triangular`, `gauss`, `normalvariate`, … — so `random.seed(0); random.randint(4, 6)`
/// gives CPython's number. Written out here (not shared with the Engine's generator) because
/// CPython seeds, draws doubles and reduces ranges differently from PyTorch.
/// `random.seed()` without an argument seeds from the OS (so does CPython); string seeds,
/// which CPython hashes with SHA-512, are not supported.
struct CPythonTwister {
    static let n = 624, m = 397
    var mt = [UInt32](repeating: 0, count: CPythonTwister.n)
    var index = CPythonTwister.n

    /// `init_genrand`.
    mutating func initGenrand(_ s: UInt32) {
        mt[0] = s
        for i in 1..<Self.n {
            mt[i] = 1_812_433_253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i)
        }
        index = Self.n
    }

    /// `init_by_array`.
    mutating func initByArray(_ key: [UInt32]) {
        initGenrand(19_650_218)
        var i = 1, j = 0
        for _ in 0..<max(Self.n, key.count) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1; j += 1
            if i >= Self.n { mt[0] = mt[Self.n - 1]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<(Self.n - 1) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= Self.n { mt[0] = mt[Self.n - 1]; i = 1 }
        }
        mt[0] = 0x8000_0000
    }

    /// `random_seed` for an int: the key is |n| as little-endian 32-bit words ([0] for 0).
    mutating func seed(_ magnitude: UInt64) {
        var key: [UInt32] = []
        var x = magnitude
        repeat { key.append(UInt32(truncatingIfNeeded: x)); x >>= 32 } while x != 0
        initByArray(key)
    }

    /// `genrand_uint32`.
    mutating func next32() -> UInt32 {
        let upper: UInt32 = 0x8000_0000, lower: UInt32 = 0x7fff_ffff
        func mag(_ y: UInt32) -> UInt32 { y & 1 == 0 ? 0 : 0x9908_b0df }
        if index >= Self.n {
            for k in 0..<(Self.n - Self.m) {
                let y = (mt[k] & upper) | (mt[k + 1] & lower)
                mt[k] = mt[k + Self.m] ^ (y >> 1) ^ mag(y)
            }
            for k in (Self.n - Self.m)..<(Self.n - 1) {
                let y = (mt[k] & upper) | (mt[k + 1] & lower)
                mt[k] = mt[k + Self.m - Self.n] ^ (y >> 1) ^ mag(y)
            }
            let y = (mt[Self.n - 1] & upper) | (mt[0] & lower)
            mt[Self.n - 1] = mt[Self.m - 1] ^ (y >> 1) ^ mag(y)
            index = 0
        }
        var y = mt[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// `random_random`: 53 bits from two words.
    mutating func random() -> Double {
        let a = Double(next32() >> 5), b = Double(next32() >> 6)
        return (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for k ≤ 64: 32-bit words from least to most significant, the last one
    /// keeping its high bits.
    mutating func getrandbits(_ k: Int) -> UInt64 {
        if k == 0 { return 0 }
        if k <= 32 { return UInt64(next32() >> (32 - k)) }
        var result: UInt64 = 0
        var left = k, shift: UInt64 = 0
        while left > 0 {
            var r = next32()
            if left < 32 { r >>= UInt32(32 - left) }
            result |= UInt64(r) << shift
            shift += 32
            left -= 32
        }
        return result
    }

    /// `_randbelow_with_getrandbits(n)`.
    mutating func randbelow(_ n: Int) -> Int {
        if n <= 0 { return 0 }
        let k = Int.bitWidth - n.leadingZeroBitCount
        var r = getrandbits(k)
        while r >= UInt64(n) { r = getrandbits(k) }
        return Int(r)
    }
}

/// A `random.Random` instance (the module's functions are the methods of a hidden one).
final class RandomObject: NativeObject {
    var twister = CPythonTwister()
    var gaussNext: Double?

    override init() {
        super.init()
        seedFromOS()
    }

    func seedFromOS() {
        var system = SystemRandomNumberGenerator()
        var key: [UInt32] = []
        for _ in 0..<(624) { key.append(UInt32(truncatingIfNeeded: system.next())) }
        twister.initByArray(key)
        gaussNext = nil
    }

    override var typeName: String { "Random" }
    override func repr() -> String { "<random.Random object at \(addressString(self))>" }

    /// `seed(a)`: None from the OS; an int by |a|; a float or other hashable by its hash read
    /// as an unsigned word (`(size_t)hash`).
    func seed(_ a: Value, _ interp: Interpreter) throws {
        gaussNext = nil
        switch a {
        case .none: seedFromOS()
        case .int(let n): twister.seed(n.magnitude.toUInt64)
        case .bool(let b): twister.seed(b ? 1 : 0)
        case .float, .tuple:
            twister.seed(UInt64(bitPattern: Int64(try pythonHash(a))))
        case .str:
            throw PyError(.notImplementedError, "random.seed() with a string is not supported by nnrepl; use an int")
        default:
            throw PyError(.typeError, "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.")
        }
    }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        guard let f = RandomObject.methods[name] else { return nil }
        return .builtin(BuiltinFunction(name) { a, i in try f(self, a, i) })
    }
    override func attributeNames() -> [String] { Array(RandomObject.methods.keys) }

    typealias Method = (RandomObject, Arguments, Interpreter) throws -> Value

    /// A population's length and its items by index, as CPython's sample/choices index a
    /// sequence: a range is computed, not listed; other iterables are collected (size-checked).
    static func indexedPopulation(_ pop: Value, _ i: Interpreter) throws -> (Int, (Int) throws -> Value) {
        if case .object(let r as RangeObject) = pop {
            return (r.count, { .int(r.start + $0 * r.step) })
        }
        let items = try i.collect(pop, range: nil)
        return (items.count, { items[$0] })
    }

    static let methods: [String: Method] = {
        var m: [String: Method] = [:]
        func bind(_ name: String, _ sig: String, _ a: Arguments, _ i: Interpreter) throws -> BoundArgs {
            try Signature.of(name, sig).bind(a, i)
        }
        /// An int argument (`_index`): ints and bools; other values are TypeErrors.
        func index(_ v: Value, _ i: Interpreter) throws -> Int {
            switch v {
            case .int(let n): return n
            case .bool(let b): return b ? 1 : 0
            case .float(let d) where d == d.rounded() && abs(d) < 9e18:
                i.warn(category: "DeprecationWarning", message: "non-integer arguments to randrange() have been deprecated since Python 3.10 and will be removed in a subsequent version")
                return Int(d)
            case .float: throw PyError(.valueError, "non-integer arg 1 for randrange()")
            default: throw PyError(.typeError, "'\(i.typeName(v))' object cannot be interpreted as an integer")
            }
        }
        func randrange(_ r: RandomObject, _ start: Value, _ stop: Value, _ step: Value?, _ i: Interpreter) throws -> Int {
            let istart = try index(start, i)
            if stop.isNone {
                if step != nil { throw PyError(.typeError, "Missing a non-None stop argument") }
                if istart > 0 { return r.twister.randbelow(istart) }
                throw PyError(.valueError, "empty range for randrange()")
            }
            let istop = try index(stop, i)
            let (width, o) = istop.subtractingReportingOverflow(istart)
            guard !o else { throw PyError(.overflowError, "integer overflow (nnrepl integers are 64-bit)") }
            let istep = try step.map { try index($0, i) } ?? 1
            if istep == 1 {
                if width > 0 { return istart + r.twister.randbelow(width) }
                throw PyError(.valueError, "empty range for randrange() (\(istart), \(istop), \(width))")
            }
            let n: Int
            if istep > 0 { n = (width + istep - 1).floorDiv(istep) }
            else if istep < 0 { n = (width + istep + 1).floorDiv(istep) }
            else { throw PyError(.valueError, "zero step for randrange()") }
            if n <= 0 { throw PyError(.valueError, "empty range for randrange()") }
            return istart + istep * r.twister.randbelow(n)
        }
        func number(_ v: Value, _ i: Interpreter) throws -> Double { try i.mathReal(v) }

        m["seed"] = { r, a, i in
            let b = try bind("seed", "a=None, version=2", a, i)
            try r.seed(b["a"], i)
            return .none
        }
        m["random"] = { r, a, _ in
            guard a.isEmpty else { throw PyError(.typeError, "Random.random() takes no arguments (\(a.positional.count) given)") }
            return .float(r.twister.random())
        }
        m["getrandbits"] = { r, a, i in
            guard a.positional.count == 1, a.keywords.isEmpty else {
                throw PyError(.typeError, "Random.getrandbits() takes exactly one argument (\(a.positional.count) given)")
            }
            let k = try i.intValue(a.positional[0])
            guard k >= 0 else { throw PyError(.valueError, "number of bits must be non-negative") }
            guard k < 64 else { throw PyError(.overflowError, "getrandbits(\(k)) does not fit nnrepl's 64-bit integers") }
            return .int(Int(r.twister.getrandbits(k)))
        }
        m["randrange"] = { r, a, i in
            let b = try bind("randrange", "start, stop=None, step=None", a, i)
            return .int(try randrange(r, b["start"], b["stop"], b.isNone("step") ? nil : b["step"], i))
        }
        m["randint"] = { r, a, i in
            let b = try bind("randint", "a, b", a, i)
            let (hi, o) = (try index(b["b"], i)).addingReportingOverflow(1)
            guard !o else { throw PyError(.overflowError, "integer overflow (nnrepl integers are 64-bit)") }
            return .int(try randrange(r, b["a"], .int(hi), nil, i))
        }
        m["choice"] = { r, a, i in
            let b = try bind("choice", "seq", a, i)
            let n = try i.length(b["seq"])
            guard n > 0 else { throw PyError(.indexError, "Cannot choose from an empty sequence") }
            return try i.getItem(b["seq"], .int(r.twister.randbelow(n)))
        }
        m["shuffle"] = { r, a, i in
            let b = try bind("shuffle", "x", a, i)
            let x = b["x"]
            let n = try i.length(x)
            var k = n - 1
            while k >= 1 {
                let j = r.twister.randbelow(k + 1)
                let xi = try i.getItem(x, .int(k)), xj = try i.getItem(x, .int(j))
                try i.setItem(x, .int(k), xj)
                try i.setItem(x, .int(j), xi)
                k -= 1
            }
            return .none
        }
        m["sample"] = { r, a, i in
            let b = try bind("sample", "population, k, *, counts=None", a, i)
            let pop = b["population"]
            switch pop {
            case .set, .dict: throw PyError(.typeError, "Population must be a sequence.  For dicts or sets, use sorted(d).")
            default: break
            }
            guard b.isNone("counts") else { throw PyError(.notImplementedError, "random.sample(counts=...) is not supported by nnrepl") }
            // A range is indexed, not listed: random.sample(range(10**12), 10) is instant in CPython.
            let (n, itemAt) = try RandomObject.indexedPopulation(pop, i)
            let k = try i.intValue(b["k"])
            guard k >= 0 && k <= n else { throw PyError(.valueError, "Sample larger than population or is negative") }
            try i.checkSize(k, elementBytes: MemoryLayout<Value>.stride)
            var setsize = 21
            if k > 5 { setsize += Int(Foundation.pow(4.0, (Foundation.log(Double(k * 3)) / Foundation.log(4.0)).rounded(.up))) }
            var result: [Value] = []
            if n <= setsize {
                var pool = try (0..<n).map(itemAt)
                for j in 0..<k {
                    let p = r.twister.randbelow(n - j)
                    result.append(pool[p])
                    pool[p] = pool[n - j - 1]
                }
            } else {
                var selected = Set<Int>()
                for _ in 0..<k {
                    var p = r.twister.randbelow(n)
                    while selected.contains(p) { p = r.twister.randbelow(n) }
                    selected.insert(p)
                    result.append(try itemAt(p))
                }
            }
            return .list(PyList(result))
        }
        m["choices"] = { r, a, i in
            let b = try bind("choices", "population, weights=None, *, cum_weights=None, k=1", a, i)
            let (n, itemAt) = try RandomObject.indexedPopulation(b["population"], i)
            let k = try i.intValue(b["k"])
            try i.checkSize(k, elementBytes: MemoryLayout<Value>.stride)
            if b.isNone("cum_weights") && b.isNone("weights") {
                return .list(PyList(try (0..<max(k, 0)).map { _ in try itemAt(Int((r.twister.random() * Double(n)).rounded(.down))) }))
            }
            // Weights are collected through `collect`, which checks the size first (a huge range of
            // weights is a MemoryError, not an abort), then the population is listed.
            var cum: [Value] = []
            if b.isNone("cum_weights") {
                if case .int(let kk) = b["weights"] { throw PyError(.typeError, "The number of choices must be a keyword argument: k=\(kk)") }
                var acc: Value? = nil
                for w in try i.collect(b["weights"], range: nil) {
                    acc = try acc.map { try i.binary(.add, $0, w) } ?? w
                    cum.append(acc!)
                }
            } else {
                guard b.isNone("weights") else { throw PyError(.typeError, "Cannot specify both weights and cumulative weights") }
                cum = try i.collect(b["cum_weights"], range: nil)
            }
            guard cum.count == n else { throw PyError(.valueError, "The number of weights does not match the population") }
            let items = try (0..<n).map(itemAt)
            let cw = try cum.map { try number($0, i) }
            let total = (cw.last ?? 0) + 0.0
            guard total > 0 else { throw PyError(.valueError, "Total of weights must be greater than zero") }
            guard total.isFinite else { throw PyError(.valueError, "Total of weights must be finite") }
            return .list(PyList((0..<max(k, 0)).map { _ in
                // bisect_right(cum_weights, random() * total, 0, n - 1)
                let x = r.twister.random() * total
                var lo = 0, hi = n - 1
                while lo < hi { let mid = (lo + hi) / 2; if x < cw[mid] { hi = mid } else { lo = mid + 1 } }
                return items[lo]
            }))
        }
        m["uniform"] = { r, a, i in
            let b = try bind("uniform", "a, b", a, i)
            let lo = try number(b["a"], i), hi = try number(b["b"], i)
            return .float(lo + (hi - lo) * r.twister.random())
        }
        m["triangular"] = { r, a, i in
            let b = try bind("triangular", "low=0.0, high=1.0, mode=None", a, i)
            var lo = try number(b["low"], i), hi = try number(b["high"], i)
            var u = r.twister.random()
            var c: Double
            if b.isNone("mode") { c = 0.5 } else {
                guard hi != lo else { return .float(lo) }
                c = (try number(b["mode"], i) - lo) / (hi - lo)
            }
            if u > c { u = 1.0 - u; c = 1.0 - c; swap(&lo, &hi) }
            return .float(lo + (hi - lo) * Foundation.sqrt(u * c))
        }
        m["gauss"] = { r, a, i in
            let b = try bind("gauss", "mu=0.0, sigma=1.0", a, i)
            let mu = try number(b["mu"], i), sigma = try number(b["sigma"], i)
            var z: Double
            if let g = r.gaussNext { z = g; r.gaussNext = nil } else {
                let x2pi = r.twister.random() * 2 * Double.pi
                let g2rad = Foundation.sqrt(-2.0 * Foundation.log(1.0 - r.twister.random()))
                z = Foundation.cos(x2pi) * g2rad
                r.gaussNext = Foundation.sin(x2pi) * g2rad
            }
            return .float(mu + z * sigma)
        }
        m["normalvariate"] = { r, a, i in
            let b = try bind("normalvariate", "mu=0.0, sigma=1.0", a, i)
            let mu = try number(b["mu"], i), sigma = try number(b["sigma"], i)
            return .float(mu + r.normalZ() * sigma)
        }
        m["lognormvariate"] = { r, a, i in
            let b = try bind("lognormvariate", "mu, sigma", a, i)
            return .float(Foundation.exp(try number(b["mu"], i) + r.normalZ() * (try number(b["sigma"], i))))
        }
        m["expovariate"] = { r, a, i in
            let b = try bind("expovariate", "lambd=1.0", a, i)
            let lambd = try number(b["lambd"], i)
            guard lambd != 0 else { throw PyError(.zeroDivisionError, "float division by zero") }
            return .float(-Foundation.log(1.0 - r.twister.random()) / lambd)
        }
        m["paretovariate"] = { r, a, i in
            let b = try bind("paretovariate", "alpha", a, i)
            let u = 1.0 - r.twister.random()
            return .float(Foundation.pow(u, -1.0 / (try number(b["alpha"], i))))
        }
        m["weibullvariate"] = { r, a, i in
            let b = try bind("weibullvariate", "alpha, beta", a, i)
            let u = 1.0 - r.twister.random()
            return .float(try number(b["alpha"], i) * Foundation.pow(-Foundation.log(u), 1.0 / (try number(b["beta"], i))))
        }
        m["getstate"] = { r, a, _ in
            guard a.isEmpty else { throw PyError(.typeError, "getstate() takes no arguments") }
            let words: [Value] = r.twister.mt.map { .int(Int($0)) } + [.int(r.twister.index)]
            return .tuple([.int(3), .tuple(words), r.gaussNext.map { .float($0) } ?? .none])
        }
        m["setstate"] = { r, a, i in
            guard a.positional.count == 1, case .tuple(let st) = a.positional[0], st.count == 3, case .int(3) = st[0],
                  case .tuple(let words) = st[1], words.count == CPythonTwister.n + 1 else {
                throw PyError(.valueError, "state with version 3 passed to Random.setstate() of version 3 expected")
            }
            let ints = try words.map { try i.intValue($0) }
            guard (0...CPythonTwister.n).contains(ints[CPythonTwister.n]) else { throw PyError(.valueError, "invalid state") }
            r.twister.mt = ints.prefix(CPythonTwister.n).map { UInt32(truncatingIfNeeded: $0) }
            r.twister.index = ints[CPythonTwister.n]
            if case .float(let g) = st[2] { r.gaussNext = g } else { r.gaussNext = nil }
            return .none
        }
        return m
    }()

    /// The standard normal of `normalvariate` (Kinderman and Monahan's ratio method).
    func normalZ() -> Double {
        let magic = 4 * Foundation.exp(-0.5) / Foundation.sqrt(2.0)
        while true {
            let u1 = twister.random()
            let u2 = 1.0 - twister.random()
            let z = magic * (u1 - 0.5) / u2
            if z * z / 4.0 <= -Foundation.log(u2) { return z }
        }
    }
}

private extension UInt {
    var toUInt64: UInt64 { UInt64(self) }
}

private extension Int {
    /// Python's floor division.
    func floorDiv(_ d: Int) -> Int {
        let q = self / d
        return (self % d != 0 && ((self < 0) != (d < 0))) ? q - 1 : q
    }
}

extension Interpreter {
    func makeRandomModule() -> NamespaceObject {
        let ns = NamespaceObject("random")
        let instance = RandomObject()
        ns.members["_inst"] = .object(instance)
        for name in RandomObject.methods.keys {
            ns.members[name] = try? instance.getAttribute(name, self)
        }
        let randomType = BuiltinType("Random", test: { if case .object(is RandomObject) = $0 { return true }; return false }) { [unowned self] a, _ in
            let r = RandomObject()
            if let x = a.positional.first { try r.seed(x, self) }
            return .object(r)
        }
        randomType.qualifiedName = "random.Random"
        nativeTypes["random.Random"] = randomType
        ns.members["Random"] = .object(randomType)
        return ns
    }
}
