import Foundation
import Engine

/// tqdm's text: `tqdm.format_meter` and its helpers (tqdm/std.py), so a bar reads exactly as
/// tqdm draws it, e.g. `train: 40%|████      | 4/10 [00:01<00:01,  3.50it/s, loss=0.25]`.
public enum TqdmFormat {
    /// `tqdm.format_interval`: `[H:]MM:SS`.
    public static func interval(_ t: Double) -> String {
        let sign = t < 0 ? "-" : ""
        let total = Int(Swift.abs(t.isFinite ? t : 0))
        let (mins, s) = total.quotientAndRemainder(dividingBy: 60)
        let (h, m) = mins.quotientAndRemainder(dividingBy: 60)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        return h > 0 ? "\(sign)\(h):\(two(m)):\(two(s))" : "\(sign)\(two(m)):\(two(s))"
    }

    /// `tqdm.format_num` of an int: `.3g` when that is shorter than `str(n)`.
    public static func number(_ n: Int) -> String {
        shorter(gFormat(Double(n)), String(n))
    }

    /// `tqdm.format_num` of a float.
    public static func number(_ d: Double) -> String {
        shorter(gFormat(d), pythonReprOfFloat(d))
    }

    private static func shorter(_ g: String, _ s: String) -> String {
        let f = g.replacingOccurrences(of: "e+0", with: "e+").replacingOccurrences(of: "e-0", with: "e-")
        return f.count < s.count ? f : s
    }

    /// Python's `f'{x:.3g}'`.
    static func gFormat(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return String(format: "%.3g", d)
    }

    static func pythonReprOfFloat(_ d: Double) -> String { pythonFloatRepr(d) }

    /// `tqdm.format_sizeof` (unit_scale=True): 3 significant figures and an SI prefix.
    public static func sizeof(_ num: Double, suffix: String = "", divisor: Double = 1000) -> String {
        var n = num
        for unit in ["", "k", "M", "G", "T", "P", "E", "Z"] {
            if Swift.abs(n) < 999.5 {
                if Swift.abs(n) < 99.95 {
                    if Swift.abs(n) < 9.995 { return String(format: "%1.2f", n) + unit + suffix }
                    return String(format: "%2.1f", n) + unit + suffix
                }
                return String(format: "%3.0f", n) + unit + suffix
            }
            n /= divisor
        }
        return String(format: "%3.1f", n) + "Y" + suffix
    }

    /// Python's `f'{x:5.2f}'`.
    static func fixed52(_ d: Double) -> String {
        if d.isInfinite { return d < 0 ? " -inf" : "  inf" }
        return String(format: "%5.2f", d)
    }

    /// The bar characters: tqdm's `Bar.UTF` (eighths of a block) and `Bar.ASCII`.
    public static let utfCharset = Array(" ▏▎▍▌▋▊▉█")
    public static let asciiCharset = Array(" 123456789#")

    /// `Bar.__format__`: `width` cells filled to `frac`.
    public static func bar(_ frac: Double, width: Int, ascii: Bool) -> String {
        let charset = ascii ? asciiCharset : utfCharset
        let f = Swift.max(0, Swift.min(1, frac))
        let nsyms = charset.count - 1
        let (full, partial) = Int(f * Double(width) * Double(nsyms)).quotientAndRemainder(dividingBy: nsyms)
        var s = String(repeating: charset[nsyms], count: full)
        if full < width {
            s.append(charset[partial])
            s += String(repeating: charset[0], count: width - full - 1)
        }
        return s
    }

    /// Display cells of `s` (tqdm's `disp_len`): East Asian wide characters take two, ANSI
    /// escape sequences none.
    public static func displayLength(_ s: String) -> Int {
        var n = 0
        var inEscape = false
        for u in s.unicodeScalars {
            if inEscape {
                if (0x40...0x7e).contains(u.value) && u != "[" { inEscape = false }
                continue
            }
            if u == "\u{1B}" { inEscape = true; continue }
            n += isWide(u) ? 2 : 1
        }
        return n
    }

    /// `unicodedata.east_asian_width(ch) in 'FW'` for the ranges a description meets.
    static func isWide(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default: return false
        }
    }

    /// `disp_trim`: `s` cut to `width` display cells.
    static func trim(_ s: String, _ width: Int) -> String {
        guard displayLength(s) > width else { return s }
        var out = ""
        for ch in s {
            if displayLength(out + String(ch)) > width { break }
            out.append(ch)
        }
        return out
    }

    /// What `format_meter` needs of a bar.
    public struct Meter {
        public var n: Double
        public var total: Double?
        public var elapsed: Double
        public var ncols: Int?
        public var prefix: String = ""
        public var ascii = false
        public var unit = "it"
        public var unitScale = false
        public var rate: Double?
        public var postfix: String?
        public var unitDivisor: Double = 1000
        public var initial: Double = 0
        /// `n` and `total` print as ints (`str(4)`), not floats (`str(4.0)`).
        public var integerCounts = true

        public init(n: Double, total: Double?, elapsed: Double, ncols: Int?) {
            self.n = n; self.total = total; self.elapsed = elapsed; self.ncols = ncols
        }
    }

    /// `tqdm.format_meter` with the default `bar_format`.
    public static func meter(_ m: Meter) -> String {
        var total = m.total
        if let t = total, m.n >= t + 0.5 || t == .infinity { total = nil }
        let elapsedText = interval(m.elapsed)
        var rate = m.rate
        if rate == nil && m.elapsed != 0 { rate = (m.n - m.initial) / m.elapsed }
        let inverse = rate.flatMap { $0 != 0 ? 1 / $0 : nil }
        let rateNoInv = (rate.flatMap { $0 != 0 ? (m.unitScale ? sizeof($0) : fixed52($0)) : nil } ?? "?") + m.unit + "/s"
        let rateInv = (inverse.map { m.unitScale ? sizeof($0) : fixed52($0) } ?? "?") + "s/" + m.unit
        let rateText = (inverse ?? 0) > 1 ? rateInv : rateNoInv
        func count(_ v: Double) -> String {
            if m.unitScale { return sizeof(v, divisor: m.unitDivisor) }
            return m.integerCounts && v == v.rounded() && Swift.abs(v) < 1e18 ? String(Int(v)) : pythonFloatRepr(v)
        }
        let nText = count(m.n)
        let totalText = total.map(count) ?? "?"
        let postfix = m.postfix.map { $0.isEmpty ? "" : ", " + $0 } ?? ""
        let remaining = (rate.map { $0 != 0 } ?? false) && (total.map { $0 != 0 } ?? false) ? (total! - m.n) / rate! : 0
        let remainingText = (rate.map { $0 != 0 } ?? false) ? interval(remaining) : "?"
        var lBar = ""
        if !m.prefix.isEmpty { lBar = m.prefix.hasSuffix(": ") ? m.prefix : m.prefix + ": " }
        let rBar = "| \(nText)/\(totalText) [\(elapsedText)<\(remainingText), \(rateText)\(postfix)]"
        if let total, total != 0 {
            let frac = m.n / total
            let percentage = frac * 100
            lBar += String(format: "%3.0f", percentage) + "%|"
            if m.ncols == 0 { return String(lBar.dropLast()) + String(rBar.dropFirst()) }
            let nobar = lBar + rBar
            let width = m.ncols.map { Swift.max(1, $0 - displayLength(nobar)) } ?? 10
            let res = lBar + bar(frac, width: width, ascii: m.ascii) + rBar
            return m.ncols.map { trim(res, $0) } ?? res
        }
        let res = (m.prefix.isEmpty ? "" : m.prefix + ": ") + "\(nText)\(m.unit) [\(elapsedText), \(rateText)\(postfix)]"
        return m.ncols.flatMap { $0 > 0 ? trim(res, $0) : nil } ?? res
    }
}
