import Foundation

/// CPython 3.11's `hash()` for the values whose hash does not depend on an address: ints, bools,
/// floats, strings (SipHash-1-3 with a zero key, i.e. `PYTHONHASHSEED=0`), tuples and frozensets.
/// Sets iterate in the order of their hash table, so a set prints as CPython prints it only when
/// the hashes are CPython's. Objects hashed by identity (tensors, modules, None in 3.11) get an
/// address-based hash as in CPython, whose order varies from run to run there too.
enum PythonHash {
    static let modulusBits = 61
    static let modulus: UInt64 = (1 << 61) - 1
    static let infinityHash = 314_159

    /// `hash(n)` for an int: the residue modulo 2**61 - 1 with the sign of n; -1 becomes -2.
    static func int(_ n: Int) -> Int {
        let magnitude = UInt64(n.magnitude) % modulus
        var h = n < 0 ? -Int(magnitude) : Int(magnitude)
        if h == -1 { h = -2 }
        return h
    }

    /// `hash(x)` for a float (`_Py_HashDouble`): integral values hash as the int, others as the
    /// rational number modulo 2**61 - 1, 28 bits of mantissa at a time.
    static func double(_ v: Double, nanIdentity: Int = 0) -> Int {
        if !v.isFinite {
            if v.isInfinite { return v > 0 ? infinityHash : -infinityHash }
            return nanIdentity
        }
        // Swift's frexp gives the magnitude's mantissa; the sign is applied at the end.
        var (m, exp) = frexp(Swift.abs(v))
        let sign: UInt64 = v < 0 ? UInt64.max : 1   // -1 as an unsigned multiplier
        var x: UInt64 = 0
        while m != 0 {
            x = ((x << 28) & modulus) | x >> UInt64(modulusBits - 28)
            m *= 268_435_456.0
            exp -= 28
            let y = UInt64(m)
            m -= Double(y)
            x += y
            if x >= modulus { x -= modulus }
        }
        exp = exp >= 0 ? exp % modulusBits : modulusBits - 1 - ((-1 - exp) % modulusBits)
        x = ((x << UInt64(exp)) & modulus) | x >> UInt64(modulusBits - exp)
        x = x &* sign
        var h = Int(bitPattern: UInt(x))
        if h == -1 { h = -2 }
        return h
    }

    /// `hash(s)`: SipHash-1-3 (CPython 3.11's default) over the string's PEP 393 storage —
    /// one, two or four bytes per code point, little-endian — with the key PYTHONHASHSEED=0 gives.
    static func string(_ s: String) -> Int {
        let scalars = Array(s.unicodeScalars)
        if scalars.isEmpty { return 0 }
        let maxValue = scalars.map(\.value).max() ?? 0
        let width = maxValue < 256 ? 1 : (maxValue < 65536 ? 2 : 4)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * width)
        for u in scalars {
            var v = u.value
            for _ in 0..<width { bytes.append(UInt8(v & 0xff)); v >>= 8 }
        }
        var h = Int(bitPattern: UInt(siphash13(k0: 0, k1: 0, bytes)))
        if h == -1 { h = -2 }
        return h
    }

    /// `hash(t)` for a tuple: CPython's xxHash-based combination of the items' hashes.
    static func tuple(_ itemHashes: [Int]) -> Int {
        let prime1: UInt64 = 11_400_714_785_074_694_791
        let prime2: UInt64 = 14_029_467_366_897_019_727
        let prime5: UInt64 = 2_870_177_450_012_600_261
        var acc = prime5
        for h in itemHashes {
            let lane = UInt64(bitPattern: Int64(h))
            acc = acc &+ lane &* prime2
            acc = (acc << 31) | (acc >> 33)
            acc = acc &* prime1
        }
        acc = acc &+ (UInt64(itemHashes.count) ^ (prime5 ^ 3_527_539))
        if acc == UInt64.max { return 1_546_275_796 }
        return Int(bitPattern: UInt(acc))
    }

    /// The identity hash CPython gives objects without `__hash__` (`_Py_HashPointer`).
    static func pointer(_ o: AnyObject) -> Int {
        let p = UInt(bitPattern: Unmanaged.passUnretained(o).toOpaque())
        let y = (p >> 4) | (p << (UInt(UInt.bitWidth) - 4))
        var h = Int(bitPattern: y)
        if h == -1 { h = -2 }
        return h
    }

    /// SipHash-1-3 as CPython's Python/pyhash.c computes it (its final value is v0^v1^v2^v3).
    static func siphash13(k0: UInt64, k1: UInt64, _ data: [UInt8]) -> UInt64 {
        var v0 = k0 ^ 0x736f_6d65_7073_6575
        var v1 = k1 ^ 0x646f_7261_6e64_6f6d
        var v2 = k0 ^ 0x6c79_6765_6e65_7261
        var v3 = k1 ^ 0x7465_6462_7974_6573
        func rotl(_ x: UInt64, _ b: UInt64) -> UInt64 { (x << b) | (x >> (64 - b)) }
        func round() {
            v0 = v0 &+ v1; v2 = v2 &+ v3
            v1 = rotl(v1, 13) ^ v0; v3 = rotl(v3, 16) ^ v2
            v0 = rotl(v0, 32)
            v2 = v2 &+ v1; v0 = v0 &+ v3
            v1 = rotl(v1, 17) ^ v2; v3 = rotl(v3, 21) ^ v0
            v2 = rotl(v2, 32)
        }
        var i = 0
        while data.count - i >= 8 {
            var m: UInt64 = 0
            for k in 0..<8 { m |= UInt64(data[i + k]) << (8 * UInt64(k)) }
            v3 ^= m
            round()
            v0 ^= m
            i += 8
        }
        var b = UInt64(data.count) << 56
        for k in 0..<(data.count - i) { b |= UInt64(data[i + k]) << (8 * UInt64(k)) }
        v3 ^= b
        round()
        v0 ^= b
        v2 ^= 0xff
        round(); round(); round()
        return (v0 ^ v1) ^ (v2 ^ v3)
    }
}

/// `hash(v)` with CPython's values, or Python's TypeError for unhashable types.
public func pythonHash(_ v: Value) throws -> Int {
    switch v {
    case .bool(let b): return b ? 1 : 0
    case .int(let i): return PythonHash.int(i)
    case .float(let d): return PythonHash.double(d)
    case .str(let s): return PythonHash.string(s)
    case .tuple(let items): return PythonHash.tuple(try items.map(pythonHash))
    case .set(let s):
        guard s.isFrozen else { throw PyError(.typeError, "unhashable type: 'set'") }
        return s.frozenHash()
    case .none: return 0x1d8f_6a2c   // an address in CPython 3.11; any constant is as faithful
    case .list: throw PyError(.typeError, "unhashable type: 'list'")
    case .dict(let d): throw PyError(.typeError, "unhashable type: '\(d.typeName)'")
    case .tensor(let t): return PythonHash.pointer(t)
    case .module(let m): return PythonHash.pointer(m)
    case .function(let f): return PythonHash.pointer(f)
    case .builtin(let f): return PythonHash.pointer(f)
    case .boundMethod(let m): return PythonHash.pointer(m)
    case .cls(let c): return PythonHash.pointer(c)
    case .instance(let i): return PythonHash.pointer(i)
    case .object(let o):
        if let k = o.hashKey() { return hashOfKey(k) }
        return PythonHash.pointer(o)
    }
}

/// The CPython hash of a value that is only known by its `HashKey` (torch.Size, dtypes).
private func hashOfKey(_ k: HashKey) -> Int {
    switch k {
    case .none: return 0x1d8f_6a2c
    case .int(let i): return PythonHash.int(i)
    case .float(let d): return PythonHash.double(d)
    case .str(let s): return PythonHash.string(s)
    case .tuple(let items): return PythonHash.tuple(items.map(hashOfKey))
    case .frozenset(let items): return PythonHash.int(items.count)   // not reached: frozensets hash themselves
    case .identity(let id): return id.hashValue
    }
}
