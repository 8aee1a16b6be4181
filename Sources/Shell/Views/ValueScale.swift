import Foundation

/// How values become colours and ramp characters in `%show` (teaching-views §3.2): signed data
/// on a diverging scale symmetric around 0 (TensorFlow Playground's orange–grey–blue, so 0 is
/// always the neutral grey), non-negative data on a sequential scale from black (0) to white.
struct ValueScale {
    enum Kind { case diverging, sequential }
    let kind: Kind
    /// The value drawn at full strength: max |v| (diverging) or max v (sequential); > 0.
    let limit: Double

    static let negative = RGB(hex: 0xf59322)   // orange
    static let zero = RGB(hex: 0xe8eaeb)       // light grey
    static let positive = RGB(hex: 0x0877bd)   // blue
    static let dark = RGB(hex: 0x000000)
    static let light = RGB(hex: 0xffffff)
    static let notANumber = RGB(hex: 0xd62ad6)

    /// Ten levels of |v|, from blank (0) to `@` (the limit).
    static let ramp = Array(" .:-=+*#%@")

    init(kind: Kind, limit: Double) {
        self.kind = kind
        self.limit = limit > 0 && limit.isFinite ? limit : 1
    }

    /// The scale for these values: diverging when any is negative.
    init(values: [Double]) {
        let finite = values.filter(\.isFinite)
        let negative = finite.contains { $0 < 0 }
        let m = finite.map(abs).max() ?? 0
        self.init(kind: negative ? .diverging : .sequential, limit: m)
    }

    /// −1…1 (diverging) or 0…1 (sequential), clamped.
    func position(_ v: Double) -> Double {
        let t = v / limit
        return kind == .diverging ? max(-1, min(1, t)) : max(0, min(1, t))
    }

    func color(_ v: Double) -> RGB {
        guard v.isFinite else { return v.isNaN ? ValueScale.notANumber : (v > 0 ? (kind == .diverging ? ValueScale.positive : ValueScale.light) : ValueScale.negative) }
        let t = position(v)
        switch kind {
        case .diverging: return t < 0 ? ValueScale.zero.mixed(with: ValueScale.negative, -t) : ValueScale.zero.mixed(with: ValueScale.positive, t)
        case .sequential: return ValueScale.dark.mixed(with: ValueScale.light, t)
        }
    }

    /// Text colour that reads on `color(v)`.
    func textColor(_ v: Double) -> RGB { color(v).luminance > 0.5 ? ValueScale.dark : ValueScale.light }

    /// 0…9: the ramp level of |v|.
    func level(_ v: Double) -> Int {
        guard v.isFinite else { return 9 }
        return max(0, min(9, Int(abs(v) / limit * 10)))
    }

    /// A pixel in PLAIN text, two characters wide so pixels are square: the ramp character
    /// twice for non-negative data; the sign then the ramp character for signed data (`-#`,
    /// `+:`), blank near 0.
    func plainPixel(_ v: Double) -> String {
        if v.isNaN { return "??" }
        let c = ValueScale.ramp[level(v)]
        if kind == .sequential || c == " " { return String([c, c]) }
        return (v < 0 ? "-" : "+") + String(c)
    }

    /// The basic-8-colour form of a pixel: the PLAIN characters tinted by sign.
    func basicColor(_ v: Double) -> RGB? {
        guard kind == .diverging, level(v) > 0 else { return nil }
        return v < 0 ? RGB(229, 229, 16) : RGB(36, 114, 200)
    }
}

/// Numbers printed as PyTorch prints a tensor's elements: one format for all of them (four
/// decimals, or scientific when the magnitudes call for it), right-aligned to a common width.
struct NumberFormat {
    let scientific: Bool
    let integers: Bool
    let width: Int

    init(values: [Double], precision: Int = 4) {
        var intMode = true, any = false
        var minAbs = Double.infinity, maxAbs = 0.0
        for v in values where v.isFinite && v != 0 {
            any = true
            if v != v.rounded(.up) { intMode = false }
            minAbs = min(minAbs, abs(v)); maxAbs = max(maxAbs, abs(v))
        }
        scientific = any && (maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4)
        integers = intMode
        self.precision = precision
        var w = 1
        let probe = NumberFormat(scientific: scientific, integers: intMode, width: 0, precision: precision)
        for v in values { w = max(w, probe.text(v).count) }
        width = w
    }

    private let precision: Int

    private init(scientific: Bool, integers: Bool, width: Int, precision: Int) {
        self.scientific = scientific; self.integers = integers; self.width = width; self.precision = precision
    }

    func text(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if scientific { return String(format: "%.\(precision)e", v) }
        if integers { return String(format: "%.0f", v) + "." }
        return String(format: "%.\(precision)f", v)
    }

    func padded(_ v: Double) -> String { pad(text(v), width, right: true) }
}

/// `-0.3300`, `0.0036`, `2.01`: a statistic in a legend (4 significant decimals, or
/// scientific for very small or large magnitudes).
func legendNumber(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    if v != 0 && (abs(v) < 1e-3 || abs(v) >= 1e5) { return String(format: "%.3e", v) }
    return String(format: "%.4f", v)
}
