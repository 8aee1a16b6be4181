import Foundation

// numpy's legacy random API (`np.random.seed`, `rand`, `randn`, `randint`, ... and
// `np.random.RandomState`), reproduced bit for bit: the MT19937 bit generator as numpy seeds and
// draws it (numpy/random/src/mt19937/mt19937.c, _mt19937.pyx `_legacy_seeding`) and the legacy
// distributions RandomState keeps for backward compatibility (numpy/random/mtrand.pyx,
// src/legacy/legacy-distributions.c, src/distributions/distributions.c, _bounded_integers.pyx).
// Hand-written because numpy's C library is not available to Swift; every function names the
// numpy routine it mirrors.

/// The Mersenne Twister as numpy's MT19937 bit generator runs it.
struct NumpyMT19937 {
    static let n = 624
    private var key = [UInt32](repeating: 0, count: NumpyMT19937.n)
    private var pos = NumpyMT19937.n

    /// `mt19937_seed`: Knuth's initialisation from one 32-bit word (what `seed(int)` uses).
    init(seed: UInt32) {
        var s = seed
        for i in 0..<NumpyMT19937.n {
            key[i] = s
            s = 1812433253 &* (s ^ (s >> 30)) &+ UInt32(i + 1)
        }
        pos = NumpyMT19937.n
    }

    /// `mt19937_init_by_array`: seeding from a sequence of 32-bit words (`seed([1, 2, 3])`, and the
    /// OS-entropy seeding of `seed()` without arguments).
    init(keyArray: [UInt32]) {
        self.init(seed: 19650218)
        let n = NumpyMT19937.n
        var i = 1, j = 0
        var k = max(n, keyArray.count)
        while k > 0 {
            key[i] = (key[i] ^ ((key[i - 1] ^ (key[i - 1] >> 30)) &* 1664525)) &+ keyArray[j] &+ UInt32(truncatingIfNeeded: j)
            i += 1; j += 1
            if i >= n { key[0] = key[n - 1]; i = 1 }
            if j >= keyArray.count { j = 0 }
            k -= 1
        }
        k = n - 1
        while k > 0 {
            key[i] = (key[i] ^ ((key[i - 1] ^ (key[i - 1] >> 30)) &* 1566083941)) &- UInt32(i)
            i += 1
            if i >= n { key[0] = key[n - 1]; i = 1 }
            k -= 1
        }
        key[0] = 0x8000_0000
        pos = n
    }

    /// `mt19937_gen`: regenerates the whole block.
    private mutating func generate() {
        let n = NumpyMT19937.n, m = 397
        let upper: UInt32 = 0x8000_0000, lower: UInt32 = 0x7fff_ffff, matrix: UInt32 = 0x9908_b0df
        key.withUnsafeMutableBufferPointer { s in
            for i in 0..<(n - m) {
                let y = (s[i] & upper) | (s[i + 1] & lower)
                s[i] = s[i + m] ^ (y >> 1) ^ ((0 &- (y & 1)) & matrix)
            }
            for i in (n - m)..<(n - 1) {
                let y = (s[i] & upper) | (s[i + 1] & lower)
                s[i] = s[i + m - n] ^ (y >> 1) ^ ((0 &- (y & 1)) & matrix)
            }
            let y = (s[n - 1] & upper) | (s[0] & lower)
            s[n - 1] = s[m - 1] ^ (y >> 1) ^ ((0 &- (y & 1)) & matrix)
        }
        pos = 0
    }

    /// `mt19937_next32`.
    mutating func next32() -> UInt32 {
        if pos == NumpyMT19937.n { generate() }
        var y = key[pos]
        pos += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// `mt19937_next64`: two draws, the first in the high half.
    mutating func next64() -> UInt64 {
        let hi = UInt64(next32())
        return (hi << 32) | UInt64(next32())
    }

    /// `mt19937_next_double`: 53 random bits from two draws (27 + 26).
    mutating func nextDouble() -> Double {
        let a = Double(next32() >> 5), b = Double(next32() >> 6)
        return (a * 67108864.0 + b) / 9007199254740992.0
    }
}

/// `np.random.RandomState`: the bit generator plus the cached second value of the polar method.
final class NumpyRandomState {
    private(set) var mt: NumpyMT19937
    private var gauss: Double?

    init(seed: UInt32) { mt = NumpyMT19937(seed: seed) }
    init(keyArray: [UInt32]) { mt = NumpyMT19937(keyArray: keyArray) }
    /// Seeded from the OS, as `RandomState()` / `seed()` without a seed.
    convenience init() { self.init(keyArray: NumpyRandomState.entropy()) }

    static func entropy() -> [UInt32] {
        var g = SystemRandomNumberGenerator()
        return (0..<NumpyMT19937.n).map { _ in UInt32(truncatingIfNeeded: g.next()) }
    }

    func seed(_ value: UInt32) { mt = NumpyMT19937(seed: value); gauss = nil }
    func seed(keyArray: [UInt32]) { mt = NumpyMT19937(keyArray: keyArray); gauss = nil }
    func seedFromEntropy() { seed(keyArray: NumpyRandomState.entropy()) }

    /// `random_sample` / `rand` / `random`: `legacy_double`.
    func nextDouble() -> Double { mt.nextDouble() }

    /// `legacy_gauss`: Marsaglia's polar method, returning `f * x2` and keeping `f * x1` for the
    /// next call. numpy's C code is compiled without FMA contraction, so neither is this.
    func nextGauss() -> Double {
        if let g = gauss { gauss = nil; return g }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2.0 * mt.nextDouble() - 1.0
            x2 = 2.0 * mt.nextDouble() - 1.0
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1.0 || r2 == 0.0
        let f = (-2.0 * Foundation.log(r2) / r2).squareRoot()
        gauss = f * x1
        return f * x2
    }

    /// `legacy_standard_exponential`.
    func nextStandardExponential() -> Double { -Foundation.log(1.0 - mt.nextDouble()) }

    /// Smallest all-ones mask covering `max` (`gen_mask`).
    private static func mask(_ max: UInt64) -> UInt64 {
        var m = max
        m |= m >> 1; m |= m >> 2; m |= m >> 4; m |= m >> 8; m |= m >> 16; m |= m >> 32
        return m
    }

    /// `random_bounded_uint64_fill` with `use_masked` (what RandomState.randint uses for int64):
    /// `off + x` with x uniform in [0, rng], by rejection of masked 32- or 64-bit draws.
    func boundedUInt64(offset off: UInt64, range rng: UInt64) -> UInt64 {
        if rng == 0 { return off }
        if rng <= 0xFFFF_FFFF {
            if rng == 0xFFFF_FFFF { return off &+ UInt64(mt.next32()) }
            let m = UInt32(NumpyRandomState.mask(rng))
            var v: UInt32
            repeat { v = mt.next32() & m } while UInt64(v) > rng
            return off &+ UInt64(v)
        }
        if rng == UInt64.max { return off &+ mt.next64() }
        let m = NumpyRandomState.mask(rng)
        var v: UInt64
        repeat { v = mt.next64() & m } while v > rng
        return off &+ v
    }

    /// `random_bounded_uint32_fill` with `use_masked` (randint with dtype int32/uint32 and smaller:
    /// numpy buffers 8- and 16-bit draws, which `boundedSmall` below does).
    func boundedUInt32(offset off: UInt32, range rng: UInt32) -> UInt32 {
        if rng == 0 { return off }
        if rng == 0xFFFF_FFFF { return off &+ mt.next32() }
        let m = UInt32(NumpyRandomState.mask(UInt64(rng)))
        var v: UInt32
        repeat { v = mt.next32() & m } while v > rng
        return off &+ v
    }

    /// `random_bounded_uint16_fill` / `random_bounded_uint8_fill` (masked): each 32-bit draw is
    /// used `32 / bits` times, low bits first (`buffered_uint16`, `buffered_uint8`), and the buffer
    /// lives for one fill call only.
    func boundedSmall(offset off: UInt64, range rng: UInt64, bits: Int, count: Int) -> [UInt64] {
        if rng == 0 { return Array(repeating: off, count: count) }
        let full: UInt64 = bits == 8 ? 0xFF : 0xFFFF
        let m = NumpyRandomState.mask(rng)
        var buf: UInt32 = 0, bcnt = 0
        func draw() -> UInt64 {
            if bcnt == 0 { buf = mt.next32(); bcnt = 32 / bits - 1 } else { buf >>= UInt32(bits); bcnt -= 1 }
            return UInt64(buf) & full
        }
        var out = [UInt64]()
        out.reserveCapacity(count)
        for _ in 0..<count {
            if rng == full { out.append(off &+ draw()); continue }
            var v: UInt64
            repeat { v = draw() & m } while v > rng
            out.append(off &+ v)
        }
        return out
    }

    /// `random_interval(max)`: uniform in [0, max] by masked rejection (shuffle, permutation).
    func interval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        let m = NumpyRandomState.mask(max)
        var v: UInt64
        if max <= 0xFFFF_FFFF {
            repeat { v = UInt64(mt.next32()) & m } while v > max
        } else {
            repeat { v = mt.next64() & m } while v > max
        }
        return v
    }

    /// The in-place Fisher–Yates shuffle of `shuffle` (`_shuffle_raw`): i from n-1 down to 1.
    func shuffleIndices(_ n: Int, swap: (Int, Int) -> Void) {
        guard n > 1 else { return }
        for i in stride(from: n - 1, through: 1, by: -1) {
            let j = Int(interval(UInt64(i)))
            swap(i, j)
        }
    }
}

extension NumpyRandomState {
    /// `randint(low, high, size, dtype)` for an integer dtype of `bits` bits (signed or not): the
    /// values as Int64, drawn the way `_bounded_integers._rand_<dtype>` draws them.
    func randint(low: Int64, high: Int64, count: Int, bits: Int) -> [Int64] {
        let rng = UInt64(bitPattern: high &- 1 &- low), off = UInt64(bitPattern: low)
        switch bits {
        case 64:
            return (0..<count).map { _ in Int64(bitPattern: boundedUInt64(offset: off, range: rng)) }
        case 32:
            let r32 = UInt32(truncatingIfNeeded: rng), o32 = UInt32(truncatingIfNeeded: off)
            return (0..<count).map { _ in
                let v = boundedUInt32(offset: o32, range: r32)
                return low < 0 || high > Int64(UInt32.max) ? Int64(Int32(bitPattern: v)) : Int64(v)
            }
        default:
            let full: UInt64 = bits == 8 ? 0xFF : 0xFFFF
            return boundedSmall(offset: off & full, range: rng & full, bits: bits, count: count).map { v in
                let w = v & full
                // Signed small dtypes wrap as C's cast does.
                if low < 0 { return bits == 8 ? Int64(Int8(truncatingIfNeeded: w)) : Int64(Int16(truncatingIfNeeded: w)) }
                return Int64(w)
            }
        }
    }

    /// `permutation(n)`: `arange(n)` shuffled in place (empty for n ≤ 0, with no draw).
    func permutation(_ n: Int) -> [Int64] {
        guard n > 0 else { return [] }
        var a = (0..<Int64(n)).map { $0 }
        shuffleIndices(n) { a.swapAt($0, $1) }
        return a
    }

    /// `choice(n, size, replace)` without probabilities: `randint(0, n, size)` with replacement,
    /// else the first `size` entries of `permutation(n)` (mtrand.pyx).
    func choice(_ n: Int, count: Int, replace: Bool) -> [Int64] {
        if replace { return randint(low: 0, high: Int64(n), count: count, bits: 64) }
        return Array(permutation(n).prefix(count))
    }
}
