import Foundation

/// A small SVG 1.1 document builder for `--svg FILE` (pictures and plots for slides): shapes
/// and text in user units, escaped as XML, with a white background so the file reads the
/// same in any viewer. Deterministic: the same view writes the same bytes.
struct SVGDocument {
    private(set) var elements: [String] = []
    var width: Double
    var height: Double

    static let font = "DejaVu Sans Mono, Menlo, Consolas, monospace"

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: RGB, stroke: RGB? = nil) {
        var e = "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"\(fill.hex)\""
        if let stroke { e += " stroke=\"\(stroke.hex)\" stroke-width=\"0.5\"" }
        elements.append(e + "/>")
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ s: String, x: Double, y: Double, size: Double = 12, fill: RGB = RGB(0, 0, 0),
                       anchor: Anchor = .start, bold: Bool = false) {
        var e = "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" fill=\"\(fill.hex)\""
        if anchor != .start { e += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { e += " font-weight=\"bold\"" }
        elements.append(e + ">" + SVGDocument.escape(s) + "</text>")
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: RGB, width: Double = 1, dash: String? = nil) {
        var e = "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke.hex)\" stroke-width=\"\(n(width))\""
        if let dash { e += " stroke-dasharray=\"\(dash)\"" }
        elements.append(e + "/>")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: RGB, width: Double = 1.5, dash: String? = nil) {
        guard !points.isEmpty else { return }
        let p = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        var e = "<polyline points=\"\(p)\" fill=\"none\" stroke=\"\(stroke.hex)\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\""
        if let dash { e += " stroke-dasharray=\"\(dash)\"" }
        elements.append(e + "/>")
    }

    var text: String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"\(SVGDocument.font)\">\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        for e in elements { out += e + "\n" }
        return out + "</svg>\n"
    }

    /// Coordinates with at most two decimals, no trailing zeros: stable and compact.
    private func n(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        if r == r.rounded() { return String(Int(r)) }
        var s = String(format: "%.2f", r)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // XML 1.0 forbids most control characters even as references.
                if c.value < 0x20 && c != "\t" && c != "\n" { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
