import Foundation

/// `%show EXPR --svg FILE`: the same picture as an SVG for slides — the same panels in the
/// same order, cells in the same colours (numbers on small kernels), the statistics and a
/// colour bar as the legend.
struct PictureSVG {
    let picture: Picture

    func render() -> String {
        let numbers = picture.mode == .numbers
        let cell: Double = numbers ? 54 : picture.mode == .cells ? 12 : max(3, min(10, 240 / Double(max(picture.panels.map(\.cols).max() ?? 1, 1))))
        let cellH: Double = numbers ? 26 : cell
        let gap: Double = numbers ? 16 : 10
        let titleH: Double = 16
        let margin: Double = 16
        let maxRowWidth: Double = 1000
        let format = NumberFormat(values: picture.panels.flatMap { Array($0.values.prefix($0.valid)) })
        // Flow layout, as on the terminal.
        var placed: [(panel: Picture.Panel, x: Double, y: Double)] = []
        var x = margin, y = margin + 24, rowHeight: Double = 0
        for p in picture.panels {
            let w = Double(p.cols) * cell, h = Double(p.rows) * cellH + titleH
            if x > margin && (p.newRow || x + w > maxRowWidth) {
                x = margin; y += rowHeight + gap; rowHeight = 0
            }
            placed.append((p, x, y))
            x += w + gap
            rowHeight = max(rowHeight, h)
        }
        let contentWidth = max(placed.map { $0.x + Double($0.panel.cols) * cell }.max() ?? 0, 420) + margin
        let legendTop = y + rowHeight + 20
        var svg = SVGDocument(width: contentWidth, height: legendTop + 56)
        svg.text(picture.title + "  " + shapeText(picture.shape) + "  " + picture.description, x: margin, y: margin + 6, size: 14, bold: true)
        for (p, px, py) in placed {
            let scale = picture.scale(of: p)
            if !p.title.isEmpty { svg.text(p.title, x: px, y: py + 11, size: 11, fill: RGB(80, 80, 80)) }
            for i in 0..<p.rows {
                for j in 0..<p.cols {
                    let k = i * p.cols + j
                    guard k < p.valid else { continue }
                    let v = p.values[k]
                    let cx = px + Double(j) * cell, cy = py + titleH + Double(i) * cellH
                    svg.rect(x: cx, y: cy, width: cell, height: cellH, fill: scale.color(v), stroke: numbers ? RGB(255, 255, 255) : nil)
                    if numbers {
                        svg.text(format.text(v), x: cx + cell / 2, y: cy + cellH / 2 + 4, size: 10, fill: scale.textColor(v), anchor: .middle)
                    }
                }
            }
        }
        // Legend: the colour bar with its end values, then the statistics.
        let scale = picture.scale
        let steps = 40
        let barX = margin, barW: Double = 240
        for i in 0..<steps {
            let t = (Double(i) + 0.5) / Double(steps)
            let v = scale.kind == .diverging ? (2 * t - 1) * scale.limit : t * scale.limit
            svg.rect(x: barX + Double(i) * barW / Double(steps), y: legendTop, width: barW / Double(steps) + 0.3, height: 12, fill: scale.color(v))
        }
        let low = scale.kind == .diverging ? "−" + legendNumber(scale.limit) : "0"
        svg.text(low, x: barX, y: legendTop + 26, size: 11)
        svg.text("+" + legendNumber(scale.limit), x: barX + barW, y: legendTop + 26, size: 11, anchor: .end)
        if scale.kind == .diverging { svg.text("0", x: barX + barW / 2, y: legendTop + 26, size: 11, anchor: .middle) }
        let s = picture.stats
        var stats = "min \(legendNumber(s.min))  max \(legendNumber(s.max))  mean \(legendNumber(s.mean))  zeros \(percent(s.zeros))"
        if picture.perPanelScale { stats += "  (each map scaled alone)" }
        svg.text(stats, x: barX + barW + 16, y: legendTop + 10, size: 11)
        svg.text(scale.kind == .diverging ? "orange < 0 < blue, grey = 0" : "black = 0, white = max", x: barX + barW + 16, y: legendTop + 26, size: 11, fill: RGB(80, 80, 80))
        return svg.text
    }
}
