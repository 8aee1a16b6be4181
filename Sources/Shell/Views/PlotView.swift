import Foundation
import Interpreter
import Engine

/// `%plot EXPR [--log]`: a line chart of a list of numbers or a 1-D tensor — the loss history —
/// drawn in braille dots (2×4 a character, teaching-views §3.4) with a y axis of round tick
/// values and an x axis of indices; several series (`%plot a, b`, a list of lists, a 2-D
/// tensor's rows) get a legend. `--svg FILE` writes the same chart as an SVG.
extension Session {
    static let plotUsage = "%plot EXPR [--log] [--height N] [--svg FILE]: EXPR is a list of numbers or a 1-D tensor (several: %plot a, b)"

    func plotMagic(_ argument: String, at stmt: Stmt) throws {
        let args = try MagicArguments.parse(argument, magic: "plot", flags: ["log"], valued: ["svg", "height"])
        guard !args.expression.isEmpty else { throw PyError("UsageError", Session.plotUsage) }
        var height = 12
        if let h = args.values["height"] {
            guard let n = Int(h), n >= 3, n <= 100 else { throw PyError("UsageError", "%plot --height N: N must be a whole number from 3 to 100, got \(h)") }
            height = n
        }
        let value = try evaluateMagicExpression(args.expression, magic: "plot", at: stmt)
        var series: [PlotSeries] = []
        // `%plot a, b` evaluates to a tuple: one series per item, named as written.
        if case .tuple(let items) = value, let parts = Session.topLevelItems(args.expression), parts.count == items.count {
            for (part, item) in zip(parts, items) { series += try plotSeries(item, name: part) }
        } else {
            series = try plotSeries(value, name: args.expression)
        }
        var chart = PlotChart(series: series, logScale: args.flags.contains("log"), height: height)
        try chart.prepare()
        if let file = args.values["svg"] { try FileText.write(chart.svg(), to: file) }
        interpreter.write(chart.text(context: viewContext))
        if let file = args.values["svg"] { interpreter.write("wrote \(file)\n") }
    }

    /// One value as series: numbers → one; a list of lists or tensors, or a 2-D tensor → one each.
    func plotSeries(_ value: Value, name: String) throws -> [PlotSeries] {
        func numbers(_ v: Value) -> [Double]? {
            switch v {
            case .int(let i): return [Double(i)]
            case .float(let d): return [d]
            case .bool(let b): return [b ? 1 : 0]
            case .tensor(let t) where t.ndim <= 1: return t.doubleValues()
            default: return nil
            }
        }
        switch value {
        case .tensor(let t) where t.ndim <= 1:
            return [PlotSeries(name: name, values: t.doubleValues())]
        case .tensor(let t) where t.ndim == 2:
            let v = t.doubleValues()
            return (0..<t.shape[0]).map { r in PlotSeries(name: "\(name)[\(r)]", values: Array(v[(r * t.shape[1])..<((r + 1) * t.shape[1])])) }
        case .list, .tuple:
            let items: [Value]
            if case .list(let l) = value { items = l.items } else if case .tuple(let t) = value { items = t } else { items = [] }
            // Numbers (or 0-d tensors: losses appended without .item()) make one series.
            var flat: [Double] = []
            var allNumbers = true
            for item in items {
                if case .tensor(let t) = item, t.numel == 1 { flat.append(t.doubleValue(atFlat: 0)); continue }
                switch item {
                case .int, .float, .bool: flat += numbers(item)!
                default: allNumbers = false
                }
                if !allNumbers { break }
            }
            if allNumbers { return [PlotSeries(name: name, values: flat)] }
            var out: [PlotSeries] = []
            for (i, item) in items.enumerated() {
                let sub = try plotSeries(item, name: "\(name)[\(i)]")
                guard sub.count == 1 else { throw PyError("UsageError", "%plot: \(name)[\(i)] holds several series; give a list of lists of numbers") }
                out += sub
            }
            return out
        default:
            throw PyError("UsageError", "%plot EXPR: \(name) is \(article(interpreter.typeName(value))); give a list of numbers or a 1-D tensor (e.g. the losses appended in a training loop)")
        }
    }

    /// `a, b` → ["a", "b"]: the items of a top-level tuple as written; nil when not one.
    static func topLevelItems(_ text: String) -> [String]? {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for c in text {
            if let q = quote { current.append(c); if c == q { quote = nil }; continue }
            if c == "'" || c == "\"" { quote = c }
            if "([{".contains(c) { depth += 1 }
            if ")]}".contains(c) { depth -= 1 }
            if c == "," && depth == 0 { parts.append(current.trimmingCharacters(in: .whitespaces)); current = ""; continue }
            current.append(c)
        }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { parts.append(last) }
        return parts.count > 1 ? parts : nil
    }
}

struct PlotSeries {
    let name: String
    let values: [Double]
}

/// The chart: scales and ticks computed once, then drawn as braille text or as SVG.
struct PlotChart {
    let series: [PlotSeries]
    let logScale: Bool
    let height: Int

    private(set) var yLow = 0.0, yHigh = 1.0
    private(set) var yTicks: [Double] = []
    private(set) var xCount = 0
    /// Values left out: non-finite, or ≤ 0 on a log scale.
    private(set) var dropped = 0

    static let colors = [RGB(hex: 0x0877bd), RGB(hex: 0xf59322), RGB(hex: 0x2ca02c), RGB(hex: 0xd62728), RGB(hex: 0x9467bd), RGB(hex: 0x8c564b)]
    static let patternNames = ["solid", "dotted", "sparse", "dashed"]

    init(series: [PlotSeries], logScale: Bool, height: Int) {
        self.series = series
        self.logScale = logScale
        self.height = height
    }

    /// y as drawn (log10 on a log scale); nil when it cannot be drawn.
    func y(_ v: Double) -> Double? {
        guard v.isFinite else { return nil }
        if logScale { return v > 0 ? log10(v) : nil }
        return v
    }

    mutating func prepare() throws {
        guard !series.isEmpty, series.contains(where: { !$0.values.isEmpty }) else {
            throw PyError("UsageError", "%plot: nothing to draw (no values)")
        }
        guard series.count <= PlotChart.colors.count else {
            throw PyError("UsageError", "%plot: at most \(PlotChart.colors.count) series at once, got \(series.count)")
        }
        let ys = series.flatMap { $0.values.compactMap(y) }
        dropped = series.reduce(0) { $0 + $1.values.count } - ys.count
        guard let lo = ys.min(), let hi = ys.max() else {
            throw PyError("UsageError", logScale ? "%plot --log: no positive finite value to draw" : "%plot: no finite value to draw")
        }
        xCount = series.map(\.values.count).max() ?? 0
        // The axis spans the data exactly (the curve uses the whole height); ticks are the
        // round values inside it.
        var (a, b) = (lo, hi)
        if a == b { a -= logScale ? 0.5 : (abs(a) > 0 ? abs(a) * 0.5 : 1); b += logScale ? 0.5 : (abs(b) > 0 ? abs(b) * 0.5 : 1) }
        yLow = a; yHigh = b
        if logScale {
            let first = Int(ceil(a - 1e-9)), last = Int(floor(b + 1e-9))
            var decades: [Double] = []
            if first <= last { for e in first...last { decades.append(Double(e)) } }
            let every = max(1, (decades.count + 5) / 6)
            yTicks = []
            for (i, d) in decades.enumerated() where i % every == 0 { yTicks.append(d) }
            if yTicks.count < 2 {
                // Less than two decades: 1, 2, 5 times powers of ten.
                var t: [Double] = []
                for e in Int(floor(a)) - 1...Int(ceil(b)) + 1 {
                    for m in [1.0, 2.0, 5.0] {
                        let v = Double(e) + log10(m)
                        if v >= a - 1e-9 && v <= b + 1e-9 { t.append(v) }
                    }
                }
                yTicks = t
            }
        } else {
            let step = PlotChart.niceStep((b - a) / 5)
            yTicks = stride(from: ceil(a / step - 1e-9) * step, through: b + step * 1e-9, by: step).map { abs($0) < step * 1e-9 ? 0 : $0 }
        }
    }

    /// 1, 2 or 5 times a power of ten, the nearest above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let p = pow(10, floor(log10(raw)))
        for m in [1.0, 2.0, 2.5, 5.0, 10.0] where m * p >= raw * 0.999 { return m * p }
        return 10 * p
    }

    func tickLabel(_ t: Double) -> String {
        if logScale {
            let v = pow(10, t)
            let e = Int(floor(t + 1e-9))
            let m = Int((v / pow(10, Double(e))).rounded())
            if e >= -3 && e <= 4 { return e >= 0 ? String(m * Int(pow(10, Double(e)))) : String(format: "%.\(-e)f", v) }
            return m == 1 ? "1e\(e)" : "\(m)e\(e)"
        }
        let step = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
        let decimals = max(0, Int(ceil(-log10(step) - 1e-9)) + (PlotChart.hasHalfDigit(step) ? 1 : 0))
        if abs(t) >= 1e6 || (t != 0 && abs(t) < 1e-4 && decimals > 6) { return String(format: "%.1e", t) }
        return String(format: "%.\(decimals)f", t)
    }

    /// 2.5, 0.25: a step that needs one more decimal than its power of ten.
    static func hasHalfDigit(_ step: Double) -> Bool {
        let p = pow(10, floor(log10(step)))
        return abs(step / p - 2.5) < 1e-9
    }

    /// x tick positions (indices): round numbers, about one every 10 columns.
    func xTicks(columns: Int) -> [Int] {
        guard xCount > 1 else { return [0] }
        let step = max(1, Int(PlotChart.niceStep(Double(xCount - 1) / Double(max(1, columns / 10)))))
        var ticks = Array(stride(from: 0, through: xCount - 1, by: step))
        if let last = ticks.last, last != xCount - 1, Double(xCount - 1 - last) > Double(step) * 0.4 { ticks.append(xCount - 1) }
        return ticks
    }

    // MARK: text

    func text(context: ViewContext) -> String {
        let paint = context.paint
        let labels = yTicks.map(tickLabel)
        let labelWidth = labels.map(\.count).max() ?? 1
        let columns = max(10, context.width - labelWidth - 3)
        let dotsX = columns * 2, dotsY = height * 4
        var canvas = BrailleCanvas(columns: columns, rows: height)
        func dx(_ i: Int) -> Int { xCount <= 1 ? 0 : Int((Double(i) / Double(xCount - 1) * Double(dotsX - 1)).rounded()) }
        func dy(_ v: Double) -> Int {
            let t = (v - yLow) / (yHigh - yLow)
            return Int(((1 - t) * Double(dotsY - 1)).rounded())
        }
        for (k, s) in series.enumerated() {
            var previous: (Int, Int)?
            var step = 0
            for (i, v) in s.values.enumerated() {
                guard let yv = y(v) else { previous = nil; continue }
                let point = (dx(i), dy(yv))
                if let p = previous {
                    for (x, yy) in BrailleCanvas.line(from: p, to: point).dropFirst() {
                        step += 1
                        if PlotChart.patternKeeps(k, step) { canvas.set(x, yy, series: k) }
                    }
                } else {
                    canvas.set(point.0, point.1, series: k)
                }
                previous = point
            }
        }
        // Tick rows: the text row holding each tick's dot row.
        var tickAtRow: [Int: String] = [:]
        for (t, label) in zip(yTicks, labels) { tickAtRow[min(height - 1, dy(t) / 4)] = label }
        let title = series.count == 1 ? series[0].name + (logScale ? "  (log scale)" : "") : series.map(\.name).joined(separator: ", ") + (logScale ? "  (log scale)" : "")
        var out = title + "\n"
        let vertical = context.unicode ? "│" : "|", tickMark = context.unicode ? "┤" : "+"
        for r in 0..<height {
            let label = tickAtRow[r] ?? ""
            var line = pad(label, labelWidth, right: true) + " " + (tickAtRow[r] != nil ? tickMark : vertical)
            for c in 0..<columns {
                let (ch, owner) = canvas.cell(c, r, unicode: context.unicode)
                line += owner.map { paint.colored(String(ch), PlotChart.colors[$0 % PlotChart.colors.count]) } ?? String(ch)
            }
            out += trimTrailingSpaces(line) + "\n"
        }
        // x axis: └──┬────┬── with the indices under the ticks.
        let ticks = xTicks(columns: columns)
        var axis = Array(repeating: Character(context.unicode ? "─" : "-"), count: columns)
        var under = Array(repeating: Character(" "), count: columns + 8)
        var lastEnd = -2
        for t in ticks {
            let c = min(columns - 1, dx(t) / 2)
            axis[c] = context.unicode ? "┬" : "+"
            let label = Array(String(t))
            let start = max(0, min(c - (label.count - 1) / 2, columns + 8 - label.count))
            guard start > lastEnd + 1 else { continue }
            for (j, ch) in label.enumerated() { under[start + j] = ch }
            lastEnd = start + label.count - 1
        }
        out += String(repeating: " ", count: labelWidth + 1) + (context.unicode ? "└" : "+") + String(axis) + "\n"
        out += trimTrailingSpaces(String(repeating: " ", count: labelWidth + 2) + String(under)) + "\n"
        out += legend(paint: paint)
        return out
    }

    /// Which dots of a line series `k` keeps: all (solid), every other (dotted), one in
    /// four (sparse), two of four (dashed) — so series stay apart without colour.
    static func patternKeeps(_ k: Int, _ step: Int) -> Bool {
        switch k % 4 {
        case 0: return true
        case 1: return step % 2 == 0
        case 2: return step % 4 == 0
        default: return step % 4 < 2
        }
    }

    func legend(paint: Paint) -> String {
        var out = ""
        let samples = ["⠒⠒⠒", "⠂⠂⠂", "⠂ ⠂", "⠒ ⠒"]
        for (k, s) in series.enumerated() {
            let finite = s.values.enumerated().filter { $0.element.isFinite }
            var line = ""
            if series.count > 1 { line += paint.colored(samples[k % 4], PlotChart.colors[k]) + " " + s.name + ": " }
            line += "\(s.values.count) value\(s.values.count == 1 ? "" : "s")"
            if let first = finite.first, let last = finite.last {
                line += ", first \(legendNumber(first.element)), last \(legendNumber(last.element))"
                if let mn = finite.min(by: { $0.element < $1.element }), let mx = finite.max(by: { $0.element < $1.element }) {
                    line += ", min \(legendNumber(mn.element)) at [\(mn.offset)], max \(legendNumber(mx.element)) at [\(mx.offset)]"
                }
            }
            out += line + "\n"
        }
        if dropped > 0 { out += "\(dropped) value\(dropped == 1 ? "" : "s") not drawn (\(logScale ? "≤ 0 or " : "")inf/nan)\n" }
        return out
    }

    // MARK: SVG

    func svg() -> String {
        let left = 70.0, top = 40.0, plotW = 640.0, plotH = 300.0
        let legendLines = legend(paint: Paint(depth: .none)).split(separator: "\n")
        let legendH = Double(legendLines.count) * 18 + 10
        let legendWidth = Double(legendLines.map(\.count).max() ?? 0) * 6.7 + 40
        var doc = SVGDocument(width: max(left + plotW + 30, left + legendWidth), height: top + plotH + 50 + legendH)
        let title = series.map(\.name).joined(separator: ", ") + (logScale ? "  (log scale)" : "")
        doc.text(title, x: left, y: 24, size: 14, bold: true)
        func px(_ i: Int) -> Double { xCount <= 1 ? left : left + Double(i) / Double(xCount - 1) * plotW }
        func py(_ v: Double) -> Double { top + (1 - (v - yLow) / (yHigh - yLow)) * plotH }
        let grid = RGB(225, 225, 225), axisColor = RGB(60, 60, 60)
        for t in yTicks {
            doc.line(x1: left, y1: py(t), x2: left + plotW, y2: py(t), stroke: grid)
            doc.text(tickLabel(t), x: left - 8, y: py(t) + 4, size: 11, anchor: .end)
        }
        for t in xTicks(columns: 64) {
            doc.line(x1: px(t), y1: top + plotH, x2: px(t), y2: top + plotH + 5, stroke: axisColor)
            doc.text(String(t), x: px(t), y: top + plotH + 18, size: 11, anchor: .middle)
        }
        doc.line(x1: left, y1: top, x2: left, y2: top + plotH, stroke: axisColor)
        doc.line(x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, stroke: axisColor)
        let dashes: [String?] = [nil, "2,3", "1,5", "6,3"]
        for (k, s) in series.enumerated() {
            var run: [(Double, Double)] = []
            for (i, v) in s.values.enumerated() {
                if let yv = y(v) { run.append((px(i), py(yv))) } else {
                    doc.polyline(run, stroke: PlotChart.colors[k], dash: dashes[k % 4]); run = []
                }
            }
            doc.polyline(run, stroke: PlotChart.colors[k], dash: dashes[k % 4])
            if s.values.count == 1, let v = s.values.first, let yv = y(v) {
                doc.rect(x: px(0) - 2, y: py(yv) - 2, width: 4, height: 4, fill: PlotChart.colors[k])
            }
        }
        for (k, line) in legendLines.enumerated() {
            let y = top + plotH + 40 + Double(k) * 18
            if k < series.count && series.count > 1 {
                doc.line(x1: left, y1: y - 4, x2: left + 24, y2: y - 4, stroke: PlotChart.colors[k], width: 2, dash: dashes[k % 4])
            }
            let text = series.count > 1 && k < series.count ? String(line.dropFirst(4)) : String(line)
            doc.text(text, x: left + (series.count > 1 ? 30 : 0), y: y, size: 11)
        }
        return doc.text
    }
}

/// Braille dots on a grid of characters: each cell is 2 dots wide and 4 high (U+2800 + bits);
/// remembers which series drew last in each cell, for its colour.
struct BrailleCanvas {
    let columns: Int, rows: Int
    private var bits: [UInt8]
    private var owner: [Int?]

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        bits = Array(repeating: 0, count: columns * rows)
        owner = Array(repeating: nil, count: columns * rows)
    }

    /// Dot (x, y), x in 0..<2·columns, y in 0..<4·rows from the top.
    mutating func set(_ x: Int, _ y: Int, series: Int) {
        guard x >= 0, y >= 0, x < columns * 2, y < rows * 4 else { return }
        let cell = (y / 4) * columns + x / 2
        let left: [UInt8] = [0x01, 0x02, 0x04, 0x40], right: [UInt8] = [0x08, 0x10, 0x20, 0x80]
        bits[cell] |= (x % 2 == 0 ? left : right)[y % 4]
        owner[cell] = series
    }

    /// The character of a cell (braille, or `*` for any dot in ASCII) and the series that drew it.
    func cell(_ c: Int, _ r: Int, unicode: Bool) -> (Character, Int?) {
        let b = bits[r * columns + c]
        if b == 0 { return (" ", nil) }
        if !unicode { return ("*", owner[r * columns + c]) }
        return (Character(Unicode.Scalar(0x2800 + UInt32(b))!), owner[r * columns + c])
    }

    /// The dots of a straight line (Bresenham), both ends included.
    static func line(from a: (Int, Int), to b: (Int, Int)) -> [(Int, Int)] {
        var (x0, y0) = a
        let (x1, y1) = b
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        var points: [(Int, Int)] = []
        while true {
            points.append((x0, y0))
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x0 += sx }
            if e2 <= dx { err += dx; y0 += sy }
        }
        return points
    }
}
