import Foundation

/// `%show` on a terminal: the picture as text. Kernels print their numbers (on coloured cells
/// when colour is on); pixels are half-blocks `▀` (two pixels a cell) in 256 or 24-bit colour,
/// and two ramp characters a pixel otherwise, so PLAIN output stays a readable picture.
struct PictureText {
    let picture: Picture
    let context: ViewContext

    var paint: Paint { context.paint }
    /// Half-blocks need a background colour per cell: 256 colours or more.
    var halfBlocks: Bool { context.depth >= .palette256 && context.unicode }

    func render() -> String {
        var out = picture.title + "  " + shapeText(picture.shape) + "  " + picture.description
        if picture.downsample > 1 { out += "\n  each pixel: the mean of \(picture.downsample)×\(picture.downsample) values, coloured on the range of the means" }
        out += "\n"
        let format = NumberFormat(values: picture.panels.flatMap { Array($0.values.prefix($0.valid)) })
        let blocks = picture.panels.map { block($0, format) }
        out += flow(blocks, newRows: picture.panels.map(\.newRow), gap: 3).joined(separator: "\n") + "\n"
        if picture.omitted > 0 {
            out += "… \(picture.omitted) more \(picture.omitted == 1 ? "map" : "maps") not shown; index the tensor to see them\n"
        }
        out += legend()
        return out
    }

    // MARK: panels

    struct Block { var lines: [String]; var width: Int }

    func block(_ panel: Picture.Panel, _ format: NumberFormat) -> Block {
        let scale = picture.scale(of: panel)
        var lines: [String] = []
        var width = 0
        func value(_ i: Int, _ j: Int) -> Double? {
            let k = i * panel.cols + j
            return k < panel.valid ? panel.values[k] : nil
        }
        switch picture.mode {
        case .numbers:
            width = panel.cols * (format.width + 1)
            for i in 0..<panel.rows {
                var line = ""
                for j in 0..<panel.cols {
                    guard let v = value(i, j) else { line += String(repeating: " ", count: format.width + 1); continue }
                    let text = " " + format.padded(v)
                    switch context.depth {
                    case .none: line += text
                    case .basic: line += scale.basicColor(v).map { paint.colored(text, $0) } ?? text
                    default: line += paint.cell(text, fg: scale.textColor(v), bg: scale.color(v))
                    }
                }
                lines.append(line)
            }
        case .cells, .pixels where !halfBlocks:
            width = panel.cols * 2
            for i in 0..<panel.rows {
                var line = ""
                for j in 0..<panel.cols {
                    guard let v = value(i, j) else { line += "  "; continue }
                    switch context.depth {
                    case .none: line += scale.plainPixel(v)
                    case .basic: line += scale.basicColor(v).map { paint.colored(scale.plainPixel(v), $0) } ?? scale.plainPixel(v)
                    default: line += paint.bg(scale.color(v)) + "  "
                    }
                }
                if context.depth >= .palette256 { line += Paint.reset }
                lines.append(line)
            }
        case .pixels:
            width = panel.cols
            for i in stride(from: 0, to: panel.rows, by: 2) {
                var line = ""
                for j in 0..<panel.cols {
                    let top = value(i, j), bottom = i + 1 < panel.rows ? value(i + 1, j) : nil
                    switch (top, bottom) {
                    case let (t?, b?): line += paint.fg(scale.color(t)) + paint.bg(scale.color(b)) + "▀"
                    case let (t?, nil): line += Paint.reset + paint.fg(scale.color(t)) + "▀"
                    default: line += Paint.reset + " "
                    }
                }
                lines.append(line + Paint.reset)
            }
        }
        var title = panel.title
        if picture.perPanelScale {
            let finite = panel.values.prefix(panel.valid).filter(\.isFinite)
            let range = scale.kind == .diverging ? "±" + legendNumber(scale.limit) : "0…" + legendNumber(finite.max() ?? 0)
            title += (title.isEmpty ? "" : " ") + range
        }
        if !title.isEmpty {
            lines.insert(title, at: 0)
            width = max(width, title.count)
        }
        return Block(lines: lines, width: width)
    }

    /// Lays blocks side by side, `gap` columns apart, wrapping at the view's width; a block
    /// marked `newRow` starts a new line. Rows of blocks are separated by a blank line when
    /// they are taller than one line.
    func flow(_ blocks: [Block], newRows: [Bool], gap: Int) -> [String] {
        var rows: [[Block]] = [[]]
        var used = 0
        for (b, newRow) in zip(blocks, newRows) {
            let need = (rows.last!.isEmpty ? 0 : gap) + b.width
            if !rows.last!.isEmpty && (newRow || used + need > context.width) {
                rows.append([]); used = 0
            }
            used += (rows.last!.isEmpty ? 0 : gap) + b.width
            rows[rows.count - 1].append(b)
        }
        var out: [String] = []
        for (r, row) in rows.enumerated() {
            let height = row.map(\.lines.count).max() ?? 0
            if r > 0 && height > 2 { out.append("") }
            for i in 0..<height {
                var line = ""
                for (k, b) in row.enumerated() {
                    let text = i < b.lines.count ? b.lines[i] : ""
                    line += (k == 0 ? "" : String(repeating: " ", count: gap)) + (k == row.count - 1 ? text : padVisible(text, b.width))
                }
                out.append(trimTrailingSpaces(line))
            }
        }
        return out
    }

    // MARK: legend

    func legend() -> String {
        let s = picture.stats
        var out = "min \(legendNumber(s.min))  max \(legendNumber(s.max))  mean \(legendNumber(s.mean))  std \(legendNumber(s.std))  zeros \(percent(s.zeros))"
        if s.nonFinite > 0 { out += "  inf/nan \(s.nonFinite)" }
        out += "\n"
        let scale = picture.scale
        let scope = picture.perPanelScale ? "each map on its own range (above it)" : picture.panels.count > 1 ? "one range for all" : ""
        switch (context.depth, picture.mode) {
        case (.none, .numbers):
            break
        case (.none, _), (.basic, _) where picture.mode != .numbers:
            let ramp = String(ValueScale.ramp.dropFirst())
            if scale.kind == .diverging {
                out += "each value: its sign, then |v| in ten steps \" \(ramp)\" from 0 to \(legendNumber(scale.limit)) (\"-@\" = −\(legendNumber(scale.limit)), blank ≈ 0)"
            } else {
                out += "each value: v in ten steps \" \(ramp)\" from 0 (blank) to \(legendNumber(scale.limit)) (\"@@\")"
            }
            if !scope.isEmpty { out += "; " + scope }
            out += "\n"
        case (.basic, _):
            out += "colours: " + paint.colored("negative", ValueScale.negative) + ", " + paint.colored("positive", ValueScale.positive)
            out += (scope.isEmpty ? "" : "; " + scope) + "\n"
        default:
            let steps = 24
            var strip = ""
            for i in 0...steps {
                let t = Double(i) / Double(steps)
                let v = scale.kind == .diverging ? (2 * t - 1) * scale.limit : t * scale.limit
                strip += paint.bg(scale.color(v)) + " "
            }
            strip += Paint.reset
            if scale.kind == .diverging {
                out += "−\(legendNumber(scale.limit)) " + strip + " +\(legendNumber(scale.limit))  orange < 0 < blue"
            } else {
                out += "0 " + strip + " \(legendNumber(scale.limit))  black = 0, white = max"
            }
            if !scope.isEmpty { out += "; " + scope }
            out += "\n"
        }
        return out
    }
}

func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

func trimTrailingSpaces(_ s: String) -> String {
    var s = s
    while s.hasSuffix(" ") { s.removeLast() }
    return s
}
