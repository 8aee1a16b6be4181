// CPython's float-to-text conversion (Python/pystrtod.c `PyOS_double_to_string`), rebuilt on exact
// decimal expansions so that every digit matches CPython and C printf without depending on the C locale.

/// Options of `pythonDoubleToString`, mirroring CPython's `Py_DTSF_*` flags.
public struct PythonFloatFlags: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Always emit a sign ('+' for non-negative numbers).
    public static let alwaysSign = PythonFloatFlags(rawValue: 1)
    /// Append ".0" to integral values in non-exponential form (codes 'r' and 'g').
    public static let addDot0 = PythonFloatFlags(rawValue: 2)
    /// Alternate form ('#'): keep the decimal point and, for 'g', trailing zeros.
    public static let alternate = PythonFloatFlags(rawValue: 4)
    /// Format specifier 'z': a result that reads as zero never carries a '-' sign.
    public static let noNegativeZero = PythonFloatFlags(rawValue: 8)
}

/// Python's repr()/str() of a float: the shortest digits that round-trip, in fixed notation when the
/// decimal exponent is in [-4, 16), otherwise 'd.ddde+XX' (`1e-05`, `0.0001`, `1e+16`, `100000.0`, `-0.0`, `inf`, `nan`).
public func pythonFloatRepr(_ x: Double) -> String {
    pythonDoubleToString(x, formatCode: "r", precision: 0, flags: .addDot0)
}

/// CPython's `PyOS_double_to_string`: `formatCode` is one of e E f F g G r ('r' = repr, precision ignored).
/// `precision` is digits after the point for e/f and significant digits for g (0 means 1).
public func pythonDoubleToString(_ x: Double, formatCode: Unicode.Scalar, precision: Int,
                                 flags: PythonFloatFlags = []) -> String {
    // CPython keeps precision within a C int; clamping also keeps the digit arithmetic below from overflowing.
    let precision = min(max(precision, 0), Int(Int32.max))
    var code = UInt8(truncatingIfNeeded: formatCode.value)
    let upper = code == UInt8(ascii: "E") || code == UInt8(ascii: "F") || code == UInt8(ascii: "G")
    if upper { code += 32 }
    let mode: DigitMode
    switch code {
    case UInt8(ascii: "e"): mode = .significant(precision + 1)
    case UInt8(ascii: "f"): mode = .fractional(precision)
    case UInt8(ascii: "g"): mode = .significant(max(precision, 1))
    default: code = UInt8(ascii: "r"); mode = .shortest
    }
    let negative = x.sign == .minus
    if x.isNaN || x.isInfinite {
        // CPython ignores the sign of a nan.
        let s = (negative && !x.isNaN) ? "-" : (flags.contains(.alwaysSign) ? "+" : "")
        let word = x.isNaN ? "nan" : "inf"
        return s + (upper ? word.uppercased() : word)
    }
    let precisionForG = max(precision, 1)
    return withDigits(abs(x), mode: mode) { digits, decimalPoint in
        layOutDigits(digits, decimalPoint: decimalPoint, negative: negative, code: code, upper: upper,
                     precision: code == UInt8(ascii: "g") ? precisionForG : precision, flags: flags)
    }
}

// MARK: - Layout (port of format_float_short)

/// Turns a digit string d1d2d3… (value 0.d1d2d3… × 10^decimalPoint) into CPython's text.
private func layOutDigits(_ digits: UnsafeBufferPointer<UInt8>, decimalPoint: Int, negative: Bool,
                          code: UInt8, upper: Bool, precision: Int, flags: PythonFloatFlags) -> String {
    let count = digits.count
    var decpt = decimalPoint
    var sign = negative
    if flags.contains(.noNegativeZero) && sign && (count == 0 || (count == 1 && digits[0] == 0)) {
        sign = false
    }
    let addDot0 = flags.contains(.addDot0), alt = flags.contains(.alternate)
    var useExp = false
    var vEnd = count
    switch code {
    case UInt8(ascii: "e"):
        useExp = true
        vEnd = precision + 1
    case UInt8(ascii: "f"):
        vEnd = decpt + precision
    case UInt8(ascii: "g"):
        if decpt <= -4 || decpt > (addDot0 ? precision - 1 : precision) { useExp = true }
        if alt { vEnd = precision }
    default: // 'r'
        if decpt <= -4 || decpt > 16 { useExp = true }
    }
    var exponent = 0
    if useExp {
        exponent = decpt - 1
        decpt = 1
    }
    let vStart = decpt <= 0 ? decpt - 1 : 0
    if !useExp && addDot0 {
        vEnd = max(vEnd, decpt + 1)
    } else {
        vEnd = max(vEnd, decpt)
    }

    // Upper bound: sign, point, digits with their zero padding, and "e-324".
    let capacity = 8 + (vEnd - vStart)
    let alwaysSign = flags.contains(.alwaysSign)
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { out in
        var p = 0
        func put(_ c: UInt8) { out[p] = c; p += 1 }
        func zeros(_ n: Int) {
            guard n > 0 else { return }
            (out.baseAddress! + p).update(repeating: 48, count: n)
            p += n
        }
        if sign { put(UInt8(ascii: "-")) } else if alwaysSign { put(UInt8(ascii: "+")) }
        let dot = UInt8(ascii: ".")
        // Zero padding on the left; exactly one of the three blocks below emits the point.
        if decpt <= 0 {
            zeros(decpt - vStart)
            put(dot)
            zeros(-decpt)
        } else {
            zeros(-vStart)
        }
        if decpt > 0 && decpt <= count {
            for i in 0..<decpt { put(48 + digits[i]) }
            put(dot)
            for i in decpt..<count { put(48 + digits[i]) }
        } else {
            for d in digits { put(48 + d) }
        }
        if count < decpt {
            zeros(decpt - count)
            put(dot)
            zeros(vEnd - decpt)
        } else {
            zeros(vEnd - count)
        }
        if out[p - 1] == dot && !alt { p -= 1 }
        if useExp {
            put(upper ? UInt8(ascii: "E") : UInt8(ascii: "e"))
            put(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = abs(exponent)
            if magnitude >= 100 { put(48 + UInt8(magnitude / 100)) }
            put(48 + UInt8(magnitude / 10 % 10))
            put(48 + UInt8(magnitude % 10))
        }
        return String(decoding: UnsafeBufferPointer(start: out.baseAddress, count: p), as: UTF8.self)
    }
}

// MARK: - Digit generation

/// Which digits `withDigits` produces, as in David Gay's dtoa modes 0, 2 and 3.
private enum DigitMode {
    /// Shortest string that reads back as the same double (mode 0).
    case shortest
    /// Correctly rounded to this many significant digits (mode 2).
    case significant(Int)
    /// Correctly rounded to this many digits after the decimal point (mode 3).
    case fractional(Int)
}

/// Calls `body` with the decimal digits (values 0…9, no trailing zeros) and the decimal-point position of the
/// finite, non-negative `x`: x ≈ 0.d1d2… × 10^decimalPoint. Zero gives "0" with decimal point 1; a mode-3 result
/// that rounds to zero gives no digits and decimal point -precision (dtoa's conventions).
private func withDigits<R>(_ x: Double, mode: DigitMode,
                   _ body: (UnsafeBufferPointer<UInt8>, Int) -> R) -> R {
    if x == 0 {
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { buf in
            buf[0] = 0
            return body(UnsafeBufferPointer(buf), 1)
        }
    }
    if case .shortest = mode {
        return withShortestDigits(x, body)
    }
    return withExactDigits(x) { buf, count, decpt in
        let keep: Int
        switch mode {
        case .significant(let n): keep = n
        case .fractional(let p): keep = decpt > Int.max - p ? Int.max : decpt + p
        case .shortest: keep = count
        }
        let (n, point) = roundDigits(buf, count: count, decimalPoint: decpt, keep: keep)
        if n == 0, case .fractional(let p) = mode {
            return body(UnsafeBufferPointer(start: buf.baseAddress, count: 0), -p)
        }
        return body(UnsafeBufferPointer(start: buf.baseAddress, count: n), point)
    }
}

/// Rounds the exact digits in place to `keep` leading digits, half to even (ties are exact because the
/// expansion is exact), and strips trailing zeros. Returns the new digit count and decimal-point position.
private func roundDigits(_ buf: UnsafeMutableBufferPointer<UInt8>, count: Int, decimalPoint: Int,
                         keep: Int) -> (Int, Int) {
    if keep >= count { return (count, decimalPoint) }
    if keep < 0 { return (0, decimalPoint) }
    // Digits are stripped of trailing zeros, so anything after position `keep` is non-zero iff keep+1 < count.
    let next = buf[keep]
    let roundUp: Bool
    if next > 5 || (next == 5 && keep + 1 < count) {
        roundUp = true
    } else if next == 5 {
        roundUp = keep > 0 && buf[keep - 1] % 2 == 1
    } else {
        roundUp = false
    }
    var n = keep
    var point = decimalPoint
    if roundUp {
        var i = keep - 1
        while i >= 0 && buf[i] == 9 { i -= 1 }
        if i < 0 {
            buf[0] = 1
            n = 1
            point += 1
        } else {
            buf[i] += 1
            n = i + 1
        }
    }
    while n > 0 && buf[n - 1] == 0 { n -= 1 }
    return (n, point)
}

/// Shortest round-trip digits. Swift's own `description` already produces the shortest, closest digit string
/// (the same digits as CPython's repr); only its layout differs, so parse the digits and exponent back out.
private func withShortestDigits<R>(_ x: Double, _ body: (UnsafeBufferPointer<UInt8>, Int) -> R) -> R {
    var text = x.description
    return text.withUTF8 { utf8 in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count) { buf in
            var n = 0
            var intDigits = 0
            var seenPoint = false
            var exponent = 0
            var exponentSign = 1
            var inExponent = false
            for c in utf8 {
                if inExponent {
                    if c == UInt8(ascii: "-") { exponentSign = -1 } else if c >= 48 && c <= 57 {
                        exponent = exponent * 10 + Int(c - 48)
                    }
                } else if c == UInt8(ascii: ".") {
                    seenPoint = true
                } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                    inExponent = true
                } else if c >= 48 && c <= 57 {
                    buf[n] = c - 48
                    n += 1
                    if !seenPoint { intDigits += 1 }
                }
            }
            var point = intDigits + exponentSign * exponent
            var start = 0
            while start < n - 1 && buf[start] == 0 {
                start += 1
                point -= 1
            }
            var end = n
            while end > start + 1 && buf[end - 1] == 0 { end -= 1 }
            return body(UnsafeBufferPointer(rebasing: buf[start..<end]), point)
        }
    }
}

/// The exact decimal expansion of a positive finite double m·2^e: m·2^e itself when e ≥ 0, otherwise
/// m·5^-e with the decimal point moved -e places. Works on stack buffers: at most 2547 bits / 767 digits.
private func withExactDigits<R>(_ x: Double,
                                _ body: (UnsafeMutableBufferPointer<UInt8>, Int, Int) -> R) -> R {
    var m: UInt64
    var e: Int
    if x.isNormal {
        m = x.significandBitPattern | (1 << 52)
        e = Int(x.exponent) - 52
    } else {
        m = x.significandBitPattern
        e = -1074
    }
    let tz = m.trailingZeroBitCount
    m >>= UInt64(tz)
    e += tz
    return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 96) { limbs in
        limbs[0] = UInt32(truncatingIfNeeded: m)
        limbs[1] = UInt32(truncatingIfNeeded: m >> 32)
        var n = limbs[1] == 0 ? 1 : 2
        if e > 0 {
            n = shiftLeft(limbs, count: n, by: e)
        } else if e < 0 {
            var k = -e
            while k > 0 {
                let step = min(k, 13) // 5^13 < 2^32
                var factor: UInt32 = 1
                for _ in 0..<step { factor *= 5 }
                n = multiply(limbs, count: n, by: factor)
                k -= step
            }
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 800) { digits in
            let count = toDecimal(limbs, count: n, into: digits)
            var trimmed = count
            while trimmed > 1 && digits[trimmed - 1] == 0 { trimmed -= 1 }
            let point = e < 0 ? count + e : count
            return body(digits, trimmed, point)
        }
    }
}

private func multiply(_ limbs: UnsafeMutableBufferPointer<UInt32>, count: Int, by factor: UInt32) -> Int {
    var carry: UInt64 = 0
    for i in 0..<count {
        let p = UInt64(limbs[i]) * UInt64(factor) + carry
        limbs[i] = UInt32(truncatingIfNeeded: p)
        carry = p >> 32
    }
    if carry != 0 {
        limbs[count] = UInt32(carry)
        return count + 1
    }
    return count
}

private func shiftLeft(_ limbs: UnsafeMutableBufferPointer<UInt32>, count: Int, by bits: Int) -> Int {
    let whole = bits / 32, part = bits % 32
    var n = count
    if part > 0 {
        var carry: UInt32 = 0
        for i in 0..<n {
            let v = limbs[i]
            limbs[i] = (v << UInt32(part)) | carry
            carry = v >> UInt32(32 - part)
        }
        if carry != 0 {
            limbs[n] = carry
            n += 1
        }
    }
    if whole > 0 {
        for i in stride(from: n - 1, through: 0, by: -1) { limbs[i + whole] = limbs[i] }
        for i in 0..<whole { limbs[i] = 0 }
        n += whole
    }
    return n
}

/// Writes the decimal digits of the big integer (destroying it) most significant first; returns the count.
private func toDecimal(_ limbs: UnsafeMutableBufferPointer<UInt32>, count: Int,
                       into digits: UnsafeMutableBufferPointer<UInt8>) -> Int {
    var n = count
    // Chunks of 9 digits, least significant first, then expanded in reverse.
    return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 96) { chunks in
        var c = 0
        while n > 0 {
            var rem: UInt64 = 0
            for i in stride(from: n - 1, through: 0, by: -1) {
                let cur = (rem << 32) | UInt64(limbs[i])
                limbs[i] = UInt32(cur / 1_000_000_000)
                rem = cur % 1_000_000_000
            }
            chunks[c] = UInt32(rem)
            c += 1
            while n > 0 && limbs[n - 1] == 0 { n -= 1 }
        }
        var out = 0
        for j in stride(from: c - 1, through: 0, by: -1) {
            var v = chunks[j]
            var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0)
            var len = 0
            withUnsafeMutableBytes(of: &tmp) { t in
                repeat {
                    t[len] = UInt8(v % 10)
                    v /= 10
                    len += 1
                } while v > 0
                // Inner chunks keep their leading zeros; the top chunk does not.
                let width = j == c - 1 ? len : 9
                for k in 0..<width {
                    let idx = width - 1 - k
                    digits[out] = idx < len ? t[idx] : 0
                    out += 1
                }
            }
        }
        return out
    }
}
