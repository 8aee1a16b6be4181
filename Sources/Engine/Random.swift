// PyTorch's default CPU random number generator, reproduced bit for bit.
//
// Everything here follows docs/pytorch-rng.md (section numbers below refer to it): an MT19937
// twister, the uniform/normal/randint/randperm kernels PyTorch 2.15 runs on x86-64 with AVX2,
// and the one cached normal sample the scalar normal path keeps between calls.
//
// Floating-point discipline: Swift never contracts `a * b + c` into a fused operation, so every
// fused step PyTorch performs is written explicitly as `c.addingProduct(a, b)` (one rounding of
// c + a*b), and every other product or sum is a separately rounded operation on purpose.

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import CInterrupt

/// PyTorch's CPU generator: a Mersenne Twister MT19937, the seed it was last given, and the spare
/// value of the scalar Box-Muller normal path.
///
/// Every random operation in nnrepl draws from ``global`` in the order PyTorch draws, so that after
/// `torch.manual_seed(s)` the same statements give the same float32 bits as PyTorch.
/// Not thread-safe: like PyTorch's interpreter-level use, callers draw from one thread at a time.
public final class Generator {
    /// The one global CPU generator every random call uses.
    ///
    /// Like a fresh PyTorch process it starts from 64 bits of OS randomness, so numbers are only
    /// reproducible after ``manualSeed(_:)``.
    nonisolated(unsafe) public static let global: Generator = {
        var system = SystemRandomNumberGenerator()
        return Generator(seed: system.next())
    }()

    /// Words in the twister's state (MT19937's N).
    static let stateWords = 624

    /// The twister's 624 state words, owned by this generator (allocated once, never resized).
    private let mt: UnsafeMutablePointer<UInt32>
    /// Index of the next word to temper; 624 means "block used up, regenerate before drawing".
    private var position: Int
    /// How many times the block has been regenerated since the last seeding (draw accounting).
    private var regenerations: Int
    /// The spare `r * sin(theta)` left by the scalar normal path (section 8.3); cleared by seeding.
    private var spareNormal: Double?

    /// The seed last given to the generator, as `torch.initial_seed()` reports it.
    public private(set) var initialSeed: UInt64

    /// A generator seeded with `seed`; the default is the seed of a new `torch.Generator()`.
    public init(seed: UInt64 = 67280421310721) {
        mt = UnsafeMutablePointer<UInt32>.allocate(capacity: Generator.stateWords)
        mt.initialize(repeating: 0, count: Generator.stateWords)
        position = Generator.stateWords
        regenerations = 0
        spareNormal = nil
        initialSeed = seed
        seedTwister(UInt32(truncatingIfNeeded: seed))
    }

    deinit {
        mt.deallocate()
    }

    // MARK: - Seeding (section 3)

    /// `torch.manual_seed`: records the full 64-bit seed, seeds the twister from its low 32 bits
    /// only (so seeds differing by a multiple of 2^32 give the same numbers) and drops the cached
    /// normal. Negative Python ints are passed as `UInt64(bitPattern:)`.
    public func manualSeed(_ seed: UInt64) {
        initialSeed = seed
        seedTwister(UInt32(truncatingIfNeeded: seed))
        spareNormal = nil
    }

    /// `torch.seed()`: reseeds from 64 bits of OS randomness and returns the new seed.
    @discardableResult
    public func seedRandomly() -> UInt64 {
        var system = SystemRandomNumberGenerator()
        let seed: UInt64 = system.next()
        manualSeed(seed)
        return seed
    }

    /// MT19937 `init_genrand` (section 4). Leaves the block "used up" so the first draw regenerates.
    private func seedTwister(_ x: UInt32) {
        mt[0] = x
        for i in 1..<Generator.stateWords {
            let previous = mt[i - 1]
            mt[i] = 1812433253 &* (previous ^ (previous >> 30)) &+ UInt32(truncatingIfNeeded: i)
        }
        position = Generator.stateWords
        regenerations = 0
    }

    // MARK: - The twister (section 4)

    /// Rewrites all 624 words in place, in increasing index order. Split into three loops so no
    /// index needs a modulo; later words see earlier words' new values exactly as the reference
    /// single loop does.
    private func regenerate() {
        let n = Generator.stateWords
        let m = 397
        let upper: UInt32 = 0x8000_0000
        let lower: UInt32 = 0x7fff_ffff
        let matrix: UInt32 = 0x9908_b0df
        let s = mt
        // `0 &- (y & 1)` is all ones when the low bit is set: a branch-free "if odd, xor MATRIX".
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
        position = 0
        regenerations += 1
    }

    /// MT19937's output tempering of one state word.
    @inline(__always)
    private static func temper(_ word: UInt32) -> UInt32 {
        var y = word
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// Claims up to `wanted` (> 0) consecutive untempered words from the current block,
    /// regenerating first if it is used up. Bulk fills temper these in a tight loop instead of
    /// paying the block check on every element.
    @inline(__always)
    private func claimWords(upTo wanted: Int) -> (words: UnsafePointer<UInt32>, count: Int) {
        if position == Generator.stateWords { regenerate() }
        let count = min(Generator.stateWords - position, wanted)
        let words = UnsafePointer(mt + position)
        position += count
        return (words, count)
    }

    // MARK: - Raw draws (section 5)

    /// One 32-bit twister output (one draw).
    @inline(__always)
    public func next32() -> UInt32 {
        if position == Generator.stateWords { regenerate() }
        let word = mt[position]
        position += 1
        return Generator.temper(word)
    }

    /// Two outputs combined, the first one in the high half (two draws).
    @inline(__always)
    public func next64() -> UInt64 {
        let high = UInt64(next32())
        let low = UInt64(next32())
        return (high << 32) | low
    }

    /// `at::uniform_real_distribution<double>(0, 1)`: one double-path uniform (two draws).
    public func nextDouble() -> Double { nextUnitDouble() }

    /// Double-path uniform in [0, 1) (section 6): the low 53 bits of `next64()`, exactly scaled.
    @inline(__always)
    private func nextUnitDouble() -> Double {
        Double(next64() & ((1 << 53) - 1)) * 0x1p-53
    }

    /// Float-path uniforms (section 6) for `count` consecutive floats: low 24 bits of each draw,
    /// exactly scaled to [0, 1).
    private func fillUnitFloats(_ p: UnsafeMutablePointer<Float>, count: Int) {
        var done = 0
        while done < count {
            let (words, n) = claimWords(upTo: count - done)
            let out = p + done
            for k in 0..<n {
                out[k] = Float(Generator.temper(words[k]) & 0xff_ffff) * 0x1p-24
            }
            done += n
            // Ctrl-C: stop filling (the caller raises KeyboardInterrupt, see `stopsForInterrupt`).
            if done & 0x3FFFF < n && nn_interrupt_pending() != 0 { return }
        }
    }

    // MARK: - Distributions

    /// `uniform_(from, to)` over `count` contiguous floats, in memory order (section 7).
    ///
    /// The bounds are rounded to Float first and each element is one fused `u * (hi - lo) + lo`,
    /// one draw per element even when `from == to`. Callers check `from <= to` beforehand (PyTorch
    /// raises otherwise); nothing here traps on bad bounds.
    public func fillUniform(_ p: UnsafeMutablePointer<Float>, count: Int, from: Double, to: Double) {
        let lo = Float(from)
        let width = Float(to) - lo
        var done = 0
        while done < count {
            let (words, n) = claimWords(upTo: count - done)
            let out = p + done
            for k in 0..<n {
                let u = Float(Generator.temper(words[k]) & 0xff_ffff) * 0x1p-24
                out[k] = lo.addingProduct(u, width)  // fused, as in PyTorch's AVX2 kernel
            }
            done += n
        }
    }

    /// `normal_(mean, std)` over `count` floats laid out contiguously (section 8): the vectorised
    /// float32 Box-Muller path when `count >= 16`, the cached scalar path otherwise.
    /// Callers check `std >= 0` beforehand (PyTorch raises otherwise).
    public func fillNormal(_ p: UnsafeMutablePointer<Float>, count: Int, mean: Double, std: Double) {
        if count >= 16 {
            fillNormalVectorised(p, count: count, mean: mean, std: std)
        } else {
            fillNormalScalar(p, count: count, mean: mean, std: std)
        }
    }

    /// Scalar (cached Box-Muller, Double) path forced, for non-contiguous tensors: `count` values in
    /// storage order (section 8.3). Uses and refills the generator's spare normal.
    public func fillNormalScalar(_ p: UnsafeMutablePointer<Float>, count: Int, mean: Double, std: Double) {
        var i = 0
        while i < count {
            let v: Double
            if let spare = spareNormal {
                v = spare
                spareNormal = nil
            } else {
                let u1 = nextUnitDouble()
                let u2 = nextUnitDouble()
                let r = (-2.0 * log1p(-u2)).squareRoot()
                let theta = 6.283185307179586 * u1
                spareNormal = r * sin(theta)
                v = r * cos(theta)
            }
            p[i] = Float(mean.addingProduct(v, std))  // Double fma, then one rounding to Float
            i += 1
        }
    }

    /// Section 8.2: all uniforms first, then each complete group of 16 transformed in place; a
    /// ragged tail is handled by drawing 16 fresh uniforms over the last 16 slots.
    private func fillNormalVectorised(_ p: UnsafeMutablePointer<Float>, count: Int, mean: Double, std: Double) {
        let mean32 = Float(mean)
        let std32 = Float(std)
        fillUnitFloats(p, count: count)
        var start = 0
        while start + 16 <= count {
            Generator.transform16(p + start, mean: mean32, std: std32)
            start += 16
            if start & 0x3FFFF == 0 && nn_interrupt_pending() != 0 { return }
        }
        if count % 16 != 0 {
            let tail = p + (count - 16)
            fillUnitFloats(tail, count: 16)
            Generator.transform16(tail, mean: mean32, std: std32)
        }
    }

    // MARK: - float64 (section 6's double path)

    /// `uniform_(from, to)` over `count` doubles: each element one `r64()`, its low 53 bits
    /// scaled to [0, 1), then `u * (to - from) + from` fused (PyTorch's `uniform_real<double>`).
    public func fillUniform(_ p: UnsafeMutablePointer<Double>, count: Int, from: Double, to: Double) {
        let width = to - from
        for i in 0..<count {
            p[i] = from.addingProduct(nextUnitDouble(), width)
            if i & 0x3FFFF == 0x3FFFF && nn_interrupt_pending() != 0 { return }
        }
    }

    /// `normal_(mean, std)` over `count` contiguous doubles: ATen's `normal_fill<double>` (all
    /// uniforms first, Box-Muller on groups of 16 in double with libm) when `count >= 16`, the
    /// cached scalar path otherwise.
    public func fillNormal(_ p: UnsafeMutablePointer<Double>, count: Int, mean: Double, std: Double) {
        guard count >= 16 else { fillNormalScalar(p, count: count, mean: mean, std: std); return }
        func transform16(_ d: UnsafeMutablePointer<Double>) {
            for j in 0..<8 {
                let u1 = 1 - d[j], u2 = d[j + 8]
                let radius = (-2 * log(u1)).squareRoot()
                let theta = 6.283185307179586 * u2
                d[j] = (radius * cos(theta)) * std + mean
                d[j + 8] = (radius * sin(theta)) * std + mean
            }
        }
        for i in 0..<count {
            p[i] = nextUnitDouble()
            if i & 0x3FFFF == 0x3FFFF && nn_interrupt_pending() != 0 { return }
        }
        var start = 0
        while start + 16 <= count {
            transform16(p + start); start += 16
            if start & 0x3FFFF == 0 && nn_interrupt_pending() != 0 { return }
        }
        if count % 16 != 0 {
            let tail = p + (count - 16)
            for i in 0..<16 { tail[i] = nextUnitDouble() }
            transform16(tail)
        }
    }

    /// The scalar (cached Box-Muller) path for doubles, in storage order.
    public func fillNormalScalar(_ p: UnsafeMutablePointer<Double>, count: Int, mean: Double, std: Double) {
        for i in 0..<count {
            let v: Double
            if let spare = spareNormal {
                v = spare
                spareNormal = nil
            } else {
                let u1 = nextUnitDouble()
                let u2 = nextUnitDouble()
                let r = (-2.0 * log1p(-u2)).squareRoot()
                let theta = 6.283185307179586 * u1
                spareNormal = r * sin(theta)
                v = r * cos(theta)
            }
            p[i] = mean.addingProduct(v, std)
        }
    }

    /// `torch.randint(low, high, ...)` elements (section 9): one draw per element when the range
    /// fits in 32 bits, two otherwise, reduced by plain modulo (PyTorch's bias included).
    /// Callers check `low < high` beforehand (PyTorch raises otherwise); an empty range fills
    /// `low` without drawing rather than dividing by zero.
    public func fillRandint(_ p: UnsafeMutablePointer<Int64>, count: Int, low: Int64, high: Int64) {
        guard count > 0 else { return }
        guard low < high else {
            p.update(repeating: low, count: count)
            return
        }
        // high - low can exceed Int64.max; its bit pattern as UInt64 is still the true range.
        let range = UInt64(bitPattern: high &- low)
        if range >= 1 << 32 {
            for i in 0..<count { p[i] = low &+ Int64(bitPattern: next64() % range) }
        } else {
            for i in 0..<count { p[i] = low &+ Int64(bitPattern: UInt64(next32()) % range) }
        }
    }

    /// `torch.randperm(n)` (section 9): a forward Fisher-Yates shuffle, `n - 1` draws.
    /// Non-positive `n` gives an empty permutation.
    public func randperm(_ n: Int) -> [Int64] {
        guard n > 0 else { return [] }
        var perm = (0..<Int64(n)).map { $0 }
        perm.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<(n - 1) {
                // PyTorch computes uint32 % int64, i.e. in 64 bits; identical to 32-bit for n < 2^32.
                let z = Int(UInt64(next32()) % UInt64(n - i))
                buffer.swapAt(i, i + z)
            }
        }
        return perm
    }

    // MARK: - Introspection

    /// Number of 32-bit draws since the last seeding.
    public var drawsSinceSeed: Int {
        regenerations == 0 ? 0 : (regenerations - 1) * Generator.stateWords + position
    }

    /// The spare normal held for the next scalar-path value (raw, before mean/std), if any.
    public var cachedNormal: Double? { spareNormal }

    /// The twister position as `torch.get_rng_state()` reports `left`: 1 right after seeding,
    /// `625 - k` after `k` draws from the current block.
    public var mtLeft: Int { regenerations == 0 ? 1 : Generator.stateWords + 1 - position }

    /// The twister position as `torch.get_rng_state()` reports `next`: 0 right after seeding,
    /// otherwise the number of words drawn from the current block.
    public var mtNext: Int { regenerations == 0 ? 0 : position }

    // MARK: - torch.get_rng_state / set_rng_state (appendix)

    /// Size in bytes of PyTorch's CPU generator state tensor.
    public static let stateByteCount = 5056

    /// `torch.get_rng_state()`: the 5056-byte little-endian layout of the appendix.
    public func rngState() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Generator.stateByteCount)
        func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { raw in
                for (k, byte) in raw.enumerated() { bytes[offset + k] = byte }
            }
        }
        put(initialSeed, at: 0)
        put(Int32(mtLeft), at: 8)
        put(Int32(1), at: 12)  // "seeded" flag
        put(UInt64(mtNext), at: 16)
        for i in 0..<Generator.stateWords { put(UInt64(mt[i]), at: 24 + 8 * i) }
        if let spare = spareNormal {
            put(spare.bitPattern, at: 5024)
            put(Int32(1), at: 5040)
        }
        return bytes
    }

    /// `torch.set_rng_state(state)`: restores a state produced by ``rngState()`` (or PyTorch).
    /// Returns false, changing nothing, when the bytes are not a valid state: wrong size, words
    /// that do not fit in 32 bits, or a position PyTorch itself would never produce.
    /// ``drawsSinceSeed`` then counts from the start of the restored block.
    @discardableResult
    public func setRngState(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == Generator.stateByteCount else { return false }
        func get<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
            var value = T.zero
            for k in 0..<MemoryLayout<T>.size { value |= T(truncatingIfNeeded: bytes[offset + k]) << (8 * k) }
            return value
        }
        let left = Int(get(Int32.self, at: 8))
        let next = get(UInt64.self, at: 16)
        let n = Generator.stateWords
        let fresh = left == 1 && next == 0
        guard fresh || (left >= 1 && left <= n && next == UInt64(n + 1 - left)) else { return false }
        var words = [UInt32]()
        words.reserveCapacity(n)
        for i in 0..<n {
            let word = get(UInt64.self, at: 24 + 8 * i)
            guard word <= UInt64(UInt32.max) else { return false }
            words.append(UInt32(word))
        }
        for i in 0..<n { mt[i] = words[i] }
        initialSeed = get(UInt64.self, at: 0)
        if fresh {
            position = n
            regenerations = 0
        } else {
            position = Int(next)
            regenerations = 1
        }
        let hasSpare = get(Int32.self, at: 5040) != 0
        spareNormal = hasSpare ? Double(bitPattern: get(UInt64.self, at: 5024)) : nil
        return true
    }

    // MARK: - The vectorised normal kernel (section 8.2)

    /// Box-Muller in float32 on 16 floats holding uniforms: element j pairs with j + 8; the first
    /// half receives the cosine outputs, the second half the sine outputs.
    @inline(__always)
    private static func transform16(_ d: UnsafeMutablePointer<Float>, mean: Float, std: Float) {
        let twoPi = Float(bitPattern: 0x40c9_0fdb)
        for j in 0..<8 {
            let u1 = 1 - d[j]
            let u2 = d[j + 8]
            // For u1 == 1 this is sqrt(-0) = -0; the final fma with mean +0 makes it +0 as PyTorch.
            let radius = (-2 * cephesLog(u1)).squareRoot()
            let theta = twoPi * u2
            let (s, c) = cephesSinCos(theta)
            d[j] = mean.addingProduct(radius * c, std)
            d[j + 8] = mean.addingProduct(radius * s, std)
        }
    }

    /// The cephes-style logarithm of PyTorch's AVX2 kernel, for positive normal `x`. Its exact
    /// rounding sequence (fused where PyTorch's machine code fuses) is what makes the bits match.
    @inline(__always)
    private static func cephesLog(_ x: Float) -> Float {
        let p0 = Float(bitPattern: 0x3d90_21bb)
        let p1 = Float(bitPattern: 0xbdeb_d1b8)
        let p2 = Float(bitPattern: 0x3def_251a)
        let p3 = Float(bitPattern: 0xbdfe_5d4f)
        let p4 = Float(bitPattern: 0x3e11_e9bf)
        let p5 = Float(bitPattern: 0xbe2a_ae50)
        let p6 = Float(bitPattern: 0x3e4c_ceac)
        let p7 = Float(bitPattern: 0xbe7f_fffc)
        let p8 = Float(bitPattern: 0x3eaa_aaaa)
        let q1 = Float(bitPattern: 0xb95e_8083)
        let q2 = Float(bitPattern: 0x3f31_8000)
        let sqrtHalf = Float(bitPattern: 0x3f35_04f3)

        let b = x.bitPattern
        var e = Float(Int32(bitPattern: b >> 23) - 127) + 1
        let m = Float(bitPattern: (b & 0x807f_ffff) | 0x3f00_0000)
        var f = m - 1
        if m < sqrtHalf {
            e = e - 1
            f = f + m
        }
        let z = f * f
        var y = p0
        y = p1.addingProduct(y, f)
        y = p2.addingProduct(y, f)
        y = p3.addingProduct(y, f)
        y = p4.addingProduct(y, f)
        y = p5.addingProduct(y, f)
        y = p6.addingProduct(y, f)
        y = p7.addingProduct(y, f)
        y = p8.addingProduct(y, f)
        y = y * f
        y = (e * q1).addingProduct(y, z)
        y = y - z * 0.5
        var r = f + y
        r = r + e * q2
        return r
    }

    /// The cephes-style sine and cosine of PyTorch's AVX2 kernel, for `t >= 0`: octant reduction
    /// by a three-part pi/4, then the two minimax polynomials. Returns (sin t, cos t).
    @inline(__always)
    private static func cephesSinCos(_ t: Float) -> (sin: Float, cos: Float) {
        let fourOverPi = Float(bitPattern: 0x3fa2_f983)
        let dp1 = Float(bitPattern: 0xbf49_0000)
        let dp2 = Float(bitPattern: 0xb97d_a000)
        let dp3 = Float(bitPattern: 0xb322_2169)
        let s0 = Float(bitPattern: 0xb94c_a1f9)
        let s1 = Float(bitPattern: 0x3c08_839e)
        let s2 = Float(bitPattern: 0xbe2a_aaa3)
        let c0 = Float(bitPattern: 0x37cc_f5ce)
        let c1 = Float(bitPattern: 0xbab6_061a)
        let c2 = Float(bitPattern: 0x3d2a_aaa5)

        let a = abs(t)
        var negateSin = t.sign == .minus
        // Truncation toward zero of the rounded product; `a` is finite and small here.
        var j = Int32(a * fourOverPi)
        j = (j &+ 1) & ~1
        let y = Float(j)
        var x = a.addingProduct(y, dp1)
        x = x.addingProduct(y, dp2)
        x = x.addingProduct(y, dp3)
        if j & 4 != 0 { negateSin.toggle() }
        let negateCos = ((j &- 2) & 4) == 0
        let swap = (j & 2) != 0
        let z = x * x
        var pc = c1.addingProduct(c0, z)
        pc = c2.addingProduct(pc, z)
        pc = pc * z
        pc = (-(z * 0.5)).addingProduct(pc, z)
        pc = pc + 1
        var ps = s1.addingProduct(s0, z)
        ps = s2.addingProduct(ps, z)
        ps = ps * z
        ps = x.addingProduct(ps, x)
        var s = swap ? pc : ps
        var c = swap ? ps : pc
        if negateSin { s = -s }
        if negateCos { c = -c }
        return (s, c)
    }
}
