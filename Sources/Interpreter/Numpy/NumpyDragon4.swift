// numpy's float-to-text conversion (numpy/_core/src/multiarray/dragon4.c): the Dragon4 digit
// generator with numpy's cutoff, minimum-digit, trim and padding options, behind
// `format_float_positional` / `format_float_scientific` and every float numpy prints (array
// elements, scalar str/repr). Hand-written: the digits must be numpy's own, including its
// choices at the last digit (unique mode rounds by margins, exact mode half-to-even), which no
// Swift or C library available here reproduces.

/// How Dragon4 stops: at the shortest unique digits (optionally cut off), or at exact digits.
enum Dragon4DigitMode { case unique, exact }
/// Whether `precision` / `minDigits` count digits after the point or significant digits.
enum Dragon4CutoffMode { case totalLength, fractionLength }
/// numpy's `trim`: 'k' keep zeros, '.' trim zeros keep the point, '0' keep one zero, '-' drop both.
enum Dragon4Trim { case none, zeros, leaveOneZero, dptZeros }

/// A float's binary decomposition as Dragon4 takes it: value = mantissa · 2^exponent.
struct Dragon4Input {
    var mantissa: UInt64
    var exponent: Int
    var mantissaBit: Int
    var hasUnequalMargins: Bool
    var negative: Bool
    /// nil for finite values; "inf" or "nan" otherwise.
    var special: String?

    init(_ x: Double) {
        let bits = x.bitPattern
        let frac = bits & ((1 << 52) - 1), e = Int((bits >> 52) & 0x7ff)
        negative = bits >> 63 != 0
        special = e == 0x7ff ? (frac == 0 ? "inf" : "nan") : nil
        if e != 0 {
            mantissa = (1 << 52) | frac; exponent = e - 1023 - 52; mantissaBit = 52
            hasUnequalMargins = e != 1 && frac == 0
        } else {
            mantissa = frac; exponent = 1 - 1023 - 52
            mantissaBit = frac == 0 ? 0 : 63 - frac.leadingZeroBitCount
            hasUnequalMargins = false
        }
    }

    init(_ x: Float) {
        let bits = x.bitPattern
        let frac = UInt64(bits & ((1 << 23) - 1)), e = Int((bits >> 23) & 0xff)
        negative = bits >> 31 != 0
        special = e == 0xff ? (frac == 0 ? "inf" : "nan") : nil
        if e != 0 {
            mantissa = (1 << 23) | frac; exponent = e - 127 - 23; mantissaBit = 23
            hasUnequalMargins = e != 1 && frac == 0
        } else {
            mantissa = frac; exponent = 1 - 127 - 23
            mantissaBit = frac == 0 ? 0 : 63 - frac.leadingZeroBitCount
            hasUnequalMargins = false
        }
    }

    /// An IEEE binary16 value given by its bits.
    init(float16Bits bits: UInt16) {
        let frac = UInt64(bits & 0x3ff), e = Int((bits >> 10) & 0x1f)
        negative = bits >> 15 != 0
        special = e == 0x1f ? (frac == 0 ? "inf" : "nan") : nil
        if e != 0 {
            mantissa = (1 << 10) | frac; exponent = e - 15 - 10; mantissaBit = 10
            hasUnequalMargins = e != 1 && frac == 0
        } else {
            mantissa = frac; exponent = 1 - 15 - 10
            mantissaBit = frac == 0 ? 0 : 63 - frac.leadingZeroBitCount
            hasUnequalMargins = false
        }
    }
}

/// Unsigned big integer, little-endian 32-bit limbs, just the operations Dragon4 needs.
private struct BigUInt {
    var limbs: [UInt32]

    init(_ v: UInt64) {
        limbs = []
        var x = v
        while x != 0 { limbs.append(UInt32(truncatingIfNeeded: x)); x >>= 32 }
    }
    static func pow2(_ n: Int) -> BigUInt { var b = BigUInt(1); b.shiftLeft(n); return b }

    var isZero: Bool { limbs.isEmpty }

    mutating func trim() { while let l = limbs.last, l == 0 { limbs.removeLast() } }

    mutating func shiftLeft(_ n: Int) {
        guard n > 0, !isZero else { return }
        let words = n / 32, bits = n % 32
        if bits != 0 {
            var carry: UInt32 = 0
            for i in limbs.indices {
                let v = limbs[i]
                limbs[i] = (v << UInt32(bits)) | carry
                carry = v >> UInt32(32 - bits)
            }
            if carry != 0 { limbs.append(carry) }
        }
        if words > 0 { limbs.insert(contentsOf: repeatElement(0, count: words), at: 0) }
    }

    mutating func multiply(by f: UInt32) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let p = UInt64(limbs[i]) * UInt64(f) + carry
            limbs[i] = UInt32(truncatingIfNeeded: p)
            carry = p >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
        trim()
    }

    mutating func multiplyPow10(_ n: Int) {
        var k = n
        while k >= 9 { multiply(by: 1_000_000_000); k -= 9 }
        if k > 0 {
            var p: UInt32 = 1
            for _ in 0..<k { p *= 10 }
            multiply(by: p)
        }
    }

    static func + (a: BigUInt, b: BigUInt) -> BigUInt {
        var r = BigUInt(0)
        let n = max(a.limbs.count, b.limbs.count)
        r.limbs.reserveCapacity(n + 1)
        var carry: UInt64 = 0
        for i in 0..<n {
            let s = UInt64(i < a.limbs.count ? a.limbs[i] : 0) + UInt64(i < b.limbs.count ? b.limbs[i] : 0) + carry
            r.limbs.append(UInt32(truncatingIfNeeded: s))
            carry = s >> 32
        }
        if carry != 0 { r.limbs.append(UInt32(carry)) }
        return r
    }

    /// a - b for a >= b.
    mutating func subtract(_ b: BigUInt) {
        var borrow: Int64 = 0
        for i in limbs.indices {
            var d = Int64(limbs[i]) - Int64(i < b.limbs.count ? b.limbs[i] : 0) - borrow
            if d < 0 { d += 1 << 32; borrow = 1 } else { borrow = 0 }
            limbs[i] = UInt32(d)
        }
        trim()
    }

    static func compare(_ a: BigUInt, _ b: BigUInt) -> Int {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count ? -1 : 1 }
        var i = a.limbs.count - 1
        while i >= 0 {
            if a.limbs[i] != b.limbs[i] { return a.limbs[i] < b.limbs[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    /// The quotient (at most 9) of self / d, leaving the remainder in self.
    mutating func divideSmallQuotient(_ d: BigUInt) -> Int {
        var q = 0
        while BigUInt.compare(self, d) >= 0 { subtract(d); q += 1 }
        return q
    }
}

/// `Dragon4()`: the digits (ASCII) and the base-10 exponent of the first one.
/// `cutoffMax` / `cutoffMin` < 0 mean no cutoff.
private func dragon4Digits(_ v: Dragon4Input, mode: Dragon4DigitMode, cutoffMode: Dragon4CutoffMode,
                           cutoffMax: Int, cutoffMin: Int, bufferSize: Int = 16384) -> ([UInt8], Int) {
    if v.mantissa == 0 { return ([48], 0) }
    let isEven = v.mantissa & 1 == 0
    var scale: BigUInt, value = BigUInt(v.mantissa), marginLow: BigUInt
    var marginHigh: BigUInt? = nil   // nil: equal to marginLow
    if v.hasUnequalMargins {
        if v.exponent > 0 {
            value.shiftLeft(v.exponent + 2); scale = BigUInt(4)
            marginLow = .pow2(v.exponent); marginHigh = .pow2(v.exponent + 1)
        } else {
            value.shiftLeft(2); scale = .pow2(-v.exponent + 2)
            marginLow = BigUInt(1); marginHigh = BigUInt(2)
        }
    } else {
        if v.exponent > 0 {
            value.shiftLeft(v.exponent + 1); scale = BigUInt(2); marginLow = .pow2(v.exponent)
        } else {
            value.shiftLeft(1); scale = .pow2(-v.exponent + 1); marginLow = BigUInt(1)
        }
    }
    func syncHigh() { if marginHigh != nil { var h = marginLow; h.multiply(by: 2); marginHigh = h } }

    let log10_2 = 0.30102999566398119521373889472449
    var digitExponent = Int((Double(v.mantissaBit + v.exponent) * log10_2 - 0.69).rounded(.up))
    if cutoffMax >= 0 && cutoffMode == .fractionLength && digitExponent <= -cutoffMax {
        digitExponent = -cutoffMax + 1
    }
    if digitExponent > 0 {
        scale.multiplyPow10(digitExponent)
    } else if digitExponent < 0 {
        value.multiplyPow10(-digitExponent)
        marginLow.multiplyPow10(-digitExponent)
        syncHigh()
    }
    if BigUInt.compare(value, scale) >= 0 {
        digitExponent += 1
    } else {
        value.multiply(by: 10); marginLow.multiply(by: 10); syncHigh()
    }
    var cutoffMaxExponent = digitExponent - bufferSize
    if cutoffMax >= 0 {
        let desired = cutoffMode == .totalLength ? digitExponent - cutoffMax : -cutoffMax
        if desired > cutoffMaxExponent { cutoffMaxExponent = desired }
    }
    var cutoffMinExponent = digitExponent
    if cutoffMin >= 0 {
        let desired = cutoffMode == .totalLength ? digitExponent - cutoffMin : -cutoffMin
        if desired < cutoffMinExponent { cutoffMinExponent = desired }
    }
    var outExponent = digitExponent - 1
    var digits: [UInt8] = []
    var low = false, high = false
    var outputDigit = 0
    if mode == .unique {
        while true {
            digitExponent -= 1
            outputDigit = value.divideSmallQuotient(scale)
            let valueHigh = value + (marginHigh ?? marginLow)
            let cLow = BigUInt.compare(value, marginLow)
            low = isEven ? cLow <= 0 : cLow < 0
            let cHigh = BigUInt.compare(valueHigh, scale)
            high = isEven ? cHigh >= 0 : cHigh > 0
            if ((low || high) && digitExponent <= cutoffMinExponent) || digitExponent == cutoffMaxExponent { break }
            digits.append(UInt8(48 + outputDigit))
            value.multiply(by: 10); marginLow.multiply(by: 10); syncHigh()
        }
    } else {
        while true {
            digitExponent -= 1
            outputDigit = value.divideSmallQuotient(scale)
            if value.isZero || digitExponent == cutoffMaxExponent { break }
            digits.append(UInt8(48 + outputDigit))
            value.multiply(by: 10)
        }
    }
    var roundDown = low
    if low == high {
        value.multiply(by: 2)
        let c = BigUInt.compare(value, scale)
        roundDown = c < 0
        if c == 0 { roundDown = outputDigit & 1 == 0 }
    }
    if roundDown {
        digits.append(UInt8(48 + outputDigit))
    } else if outputDigit == 9 {
        while true {
            if digits.isEmpty { digits.append(49); outExponent += 1; break }
            let last = digits.removeLast()
            if last != 57 { digits.append(last + 1); break }
        }
    } else {
        digits.append(UInt8(48 + outputDigit + 1))
    }
    return (digits, outExponent)
}

/// `FormatPositional` for a finite value (sign included); `digitsLeft`/`digitsRight` < 0: no padding.
func dragon4Positional(_ v: Dragon4Input, mode: Dragon4DigitMode = .unique, cutoffMode: Dragon4CutoffMode = .fractionLength,
                       precision: Int = -1, minDigits: Int = -1, sign: Bool = false, trim: Dragon4Trim = .none,
                       digitsLeft: Int = -1, digitsRight: Int = -1) -> String {
    if let s = v.special { return specialText(s, v.negative, sign) }
    var buf: [UInt8] = []
    let signChar: UInt8? = v.negative ? 45 : (sign ? 43 : nil)
    if let c = signChar { buf.append(c) }
    let hasSign = signChar == nil ? 0 : 1
    let (digits, printExponent) = dragon4Digits(v, mode: mode, cutoffMode: cutoffMode, cutoffMax: precision, cutoffMin: minDigits)
    var numDigits = digits.count
    var numWholeDigits = 0, numFractionDigits = 0
    if printExponent >= 0 {
        numWholeDigits = printExponent + 1
        if numDigits <= numWholeDigits {
            buf += digits
            buf += repeatElement(48, count: numWholeDigits - numDigits)
            numDigits = numWholeDigits
        } else {
            numFractionDigits = numDigits - numWholeDigits
            buf += digits[0..<numWholeDigits]
            buf.append(46)
            buf += digits[numWholeDigits...]
        }
    } else {
        let zeros = -(printExponent + 1)
        buf += [48, 46]
        buf += repeatElement(48, count: zeros)
        buf += digits
        numFractionDigits = numDigits + zeros
        numWholeDigits = 1
    }
    if trim != .dptZeros && numFractionDigits == 0 { buf.append(46) }
    let addDigits = mode == .unique ? minDigits : precision
    var desiredFractionalDigits = max(addDigits, 0)
    if cutoffMode == .totalLength { desiredFractionalDigits = addDigits - numWholeDigits }
    if trim == .leaveOneZero {
        if numFractionDigits == 0 { buf.append(48); numFractionDigits += 1 }
    } else if trim == .none && desiredFractionalDigits > numFractionDigits {
        buf += repeatElement(48, count: desiredFractionalDigits - numFractionDigits)
        numFractionDigits = desiredFractionalDigits
    }
    if trim != .none && numFractionDigits > 0 {
        while buf.last == 48 { buf.removeLast(); numFractionDigits -= 1 }
        if buf.last == 46 {
            if trim == .leaveOneZero { buf.append(48); numFractionDigits += 1 } else if trim == .dptZeros { buf.removeLast() }
        }
    }
    if digitsRight >= numFractionDigits {
        if trim == .dptZeros && numFractionDigits == 0 { buf.append(32) }
        buf += repeatElement(32, count: digitsRight - numFractionDigits)
    }
    if digitsLeft > numWholeDigits + hasSign {
        buf.insert(contentsOf: repeatElement(32, count: digitsLeft - (numWholeDigits + hasSign)), at: 0)
    }
    return String(decoding: buf, as: UTF8.self)
}

/// `FormatScientific` for a finite value; `expDigits` < 0 means at least 2 exponent digits.
func dragon4Scientific(_ v: Dragon4Input, mode: Dragon4DigitMode = .unique, precision: Int = -1, minDigits: Int = -1,
                       sign: Bool = false, trim: Dragon4Trim = .none, digitsLeft: Int = -1, expDigits: Int = -1) -> String {
    if let s = v.special { return specialText(s, v.negative, sign) }
    var buf: [UInt8] = []
    let signChar: UInt8? = v.negative ? 45 : (sign ? 43 : nil)
    let leftChars = 1 + (signChar == nil ? 0 : 1)
    if digitsLeft > leftChars { buf += repeatElement(32, count: digitsLeft - leftChars) }
    if let c = signChar { buf.append(c) }
    let (digits, printExponent) = dragon4Digits(v, mode: mode, cutoffMode: .totalLength,
                                                cutoffMax: precision < 0 ? -1 : precision + 1,
                                                cutoffMin: minDigits < 0 ? -1 : minDigits + 1)
    buf.append(digits[0])
    var numFractionDigits = digits.count - 1
    if numFractionDigits > 0 {
        buf.append(46)
        buf += digits[1...]
    }
    if trim != .dptZeros && numFractionDigits == 0 { buf.append(46) }
    let addDigits = max(mode == .unique ? minDigits : precision, 0)
    if trim == .leaveOneZero {
        if numFractionDigits == 0 { buf.append(48); numFractionDigits += 1 }
    } else if trim == .none && addDigits > numFractionDigits {
        buf += repeatElement(48, count: addDigits - numFractionDigits)
        numFractionDigits = addDigits
    }
    if trim != .none && numFractionDigits > 0 {
        while buf.last == 48 { buf.removeLast(); numFractionDigits -= 1 }
        if trim == .leaveOneZero && buf.last == 46 { buf.append(48); numFractionDigits += 1 }
    }
    var e = printExponent
    buf.append(101)
    if e >= 0 { buf.append(43) } else { buf.append(45); e = -e }
    let minExp = expDigits < 0 ? 2 : min(expDigits, 5)
    var text = String(e)
    if text.count < minExp { text = String(repeating: "0", count: minExp - text.count) + text }
    buf += Array(text.utf8)
    return String(decoding: buf, as: UTF8.self)
}

/// `PrintInfNan`: `inf`, `-inf`, `+inf` with sign=True; `nan` never has a sign.
private func specialText(_ s: String, _ negative: Bool, _ sign: Bool) -> String {
    if s == "nan" { return "nan" }
    return (negative ? "-" : (sign ? "+" : "")) + "inf"
}

/// numpy 2's str() of a float scalar (`floattype_str_either` in scalartypes.c): positional
/// unique digits with at least one fractional digit when 1e-4 <= |x| < 1e16 or x == 0,
/// otherwise scientific without a trailing point (`1e-05`, `1.5e+16`).
func numpyFloatScalarText(_ v: Dragon4Input, magnitude: Double) -> String {
    if v.special != nil { return dragon4Positional(v) }
    if magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16) {
        return dragon4Positional(v, trim: .leaveOneZero)
    }
    return dragon4Scientific(v, trim: .dptZeros)
}
