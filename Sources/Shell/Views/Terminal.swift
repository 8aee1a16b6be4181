import Foundation

/// How many colours a view may use (teaching-views §3.1). Decided from the session's colour rule
/// (stdout a terminal, no NO_COLOR, no --no-color) and then the terminal's own claims:
/// `COLORTERM=truecolor|24bit` → 24-bit, `TERM=*256color*` → the 256-colour palette, any
/// other terminal → the 8 basic colours, `TERM=dumb` → none.
enum ColorDepth: Comparable {
    case none, basic, palette256, truecolor

    static func detect(color: Bool, environment env: [String: String] = ProcessInfo.processInfo.environment) -> ColorDepth {
        guard color else { return .none }
        let term = (env["TERM"] ?? "").lowercased()
        if term == "dumb" { return .none }
        let colorterm = (env["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit" { return .truecolor }
        if term.contains("256color") || term.contains("256colour") { return .palette256 }
        return .basic
    }
}

/// A colour as the views compute it; written out at whatever depth the terminal has.
struct RGB: Equatable {
    var r: Double, g: Double, b: Double   // 0…255

    init(_ r: Double, _ g: Double, _ b: Double) { self.r = r; self.g = g; self.b = b }

    /// `0xf59322`.
    init(hex: UInt32) {
        self.init(Double((hex >> 16) & 0xff), Double((hex >> 8) & 0xff), Double(hex & 0xff))
    }

    func mixed(with other: RGB, _ t: Double) -> RGB {
        RGB(r + (other.r - r) * t, g + (other.g - g) * t, b + (other.b - b) * t)
    }

    var hex: String {
        String(format: "#%02x%02x%02x", Int(r.rounded()), Int(g.rounded()), Int(b.rounded()))
    }

    /// Relative luminance (0…1), to choose black or white text on a coloured cell.
    var luminance: Double { (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 }

    /// Index in xterm's 256-colour palette: the nearer of the 6×6×6 cube and the grey ramp.
    var palette256: Int {
        let levels: [Double] = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ v: Double) -> Int { levels.indices.min { abs(levels[$0] - v) < abs(levels[$1] - v) }! }
        let (ri, gi, bi) = (nearestLevel(r), nearestLevel(g), nearestLevel(b))
        let cube = RGB(levels[ri], levels[gi], levels[bi])
        let grey = (r + g + b) / 3
        let k = max(0, min(23, Int(((grey - 8) / 10).rounded())))
        let greyColor = RGB(Double(8 + 10 * k), Double(8 + 10 * k), Double(8 + 10 * k))
        return distance(to: cube) <= distance(to: greyColor) ? 16 + 36 * ri + 6 * gi + bi : 232 + k
    }

    /// The nearest of the 8 basic ANSI colours (0 black … 7 white).
    var basic8: Int {
        let basics: [RGB] = [RGB(0, 0, 0), RGB(205, 49, 49), RGB(13, 188, 121), RGB(229, 229, 16),
                             RGB(36, 114, 200), RGB(188, 63, 188), RGB(17, 168, 205), RGB(229, 229, 229)]
        return basics.indices.min { distance(to: basics[$0]) < distance(to: basics[$1]) }!
    }

    func distance(to o: RGB) -> Double { (r - o.r) * (r - o.r) + (g - o.g) * (g - o.g) + (b - o.b) * (b - o.b) }
}

/// SGR escapes at a given depth; every function returns "" when there is no colour, so a view
/// writes the same text either way and only the escapes differ.
struct Paint {
    let depth: ColorDepth

    static let reset = "\u{1B}[0m"

    var on: Bool { depth != .none }

    func fg(_ c: RGB) -> String { code(c, foreground: true) }
    func bg(_ c: RGB) -> String { code(c, foreground: false) }

    /// Foreground and background for a cell, with a reset at the end.
    func cell(_ text: String, fg: RGB?, bg: RGB?) -> String {
        guard on, fg != nil || bg != nil else { return text }
        return (fg.map(self.fg) ?? "") + (bg.map(self.bg) ?? "") + text + Paint.reset
    }

    func colored(_ text: String, _ c: RGB) -> String { cell(text, fg: c, bg: nil) }

    func bold(_ text: String) -> String { on ? "\u{1B}[1m" + text + Paint.reset : text }
    func dim(_ text: String) -> String { on ? "\u{1B}[2m" + text + Paint.reset : text }

    private func code(_ c: RGB, foreground: Bool) -> String {
        switch depth {
        case .none: return ""
        case .truecolor:
            return "\u{1B}[\(foreground ? 38 : 48);2;\(Int(c.r.rounded()));\(Int(c.g.rounded()));\(Int(c.b.rounded()))m"
        case .palette256:
            return "\u{1B}[\(foreground ? 38 : 48);5;\(c.palette256)m"
        case .basic:
            return "\u{1B}[\((foreground ? 30 : 40) + c.basic8)m"
        }
    }
}

/// Where a view's text goes and how wide it may be: the terminal's width when stdout is one,
/// else a fixed 80 columns so piped output (and golden files) never depend on the window.
struct ViewContext {
    let paint: Paint
    let width: Int
    /// Unicode blocks, braille and box drawing; false in a non-UTF-8 locale (ASCII fallbacks).
    let unicode: Bool

    var depth: ColorDepth { paint.depth }

    static let plainWidth = 80

    static func terminalColumns() -> Int? {
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return nil
    }
}

extension Session {
    /// The colour depth, width and glyphs views use in this session.
    var viewContext: ViewContext {
        let depth = ColorDepth.detect(color: color)
        let width = ViewContext.terminalColumns().map { max(40, $0) } ?? ViewContext.plainWidth
        return ViewContext(paint: Paint(depth: depth), width: width, unicode: TreeGlyphs.forEnvironment().tee == TreeGlyphs.unicode.tee)
    }
}

/// Display width of text that may hold SGR escapes (escapes take no columns; every other
/// character the views print is one column wide).
func visibleWidth(_ s: String) -> Int {
    var n = 0
    var inEscape = false
    for u in s.unicodeScalars {
        if inEscape { if u == "m" { inEscape = false }; continue }
        if u == "\u{1B}" { inEscape = true; continue }
        n += 1
    }
    return n
}

/// Pads text holding escapes to `width` visible columns.
func padVisible(_ s: String, _ width: Int, right: Bool = false) -> String {
    let n = visibleWidth(s)
    guard n < width else { return s }
    let fill = String(repeating: " ", count: width - n)
    return right ? fill + s : s + fill
}
