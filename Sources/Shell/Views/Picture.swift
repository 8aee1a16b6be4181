import Foundation
import Engine

/// What `%show` draws for a tensor, independent of the output (terminal text or SVG): a list
/// of 2-D panels (the last two dimensions; the leading ones enumerate them), one value scale,
/// and how cells are drawn.
struct Picture {
    enum Mode {
        /// Small kernels (3×3, 5×5): each value printed on a cell of its colour.
        case numbers
        /// Many small kernels (conv2's 16×6 filters): one coloured square per value.
        case cells
        /// Larger maps (images, feature maps): pixels, as half-blocks or a character ramp.
        case pixels
    }

    struct Panel {
        /// The index that selects this panel (`[2, 0]`), "" for a single 2-D tensor.
        let title: String
        let rows: Int, cols: Int
        /// Row-major.
        let values: [Double]
        /// How many of `values` are real (a wrapped vector's last row may be short).
        let valid: Int
        /// Starts a new line of panels (the first input channel of each filter).
        let newRow: Bool
        /// The scale when each panel has its own (`--scope map`).
        let scale: ValueScale?
    }

    let title: String
    let shape: [Int]
    let panels: [Panel]
    let mode: Mode
    let scale: ValueScale
    /// `map`: each panel scaled alone; `tensor`: one scale for all.
    let perPanelScale: Bool
    /// Values averaged into one pixel along each axis (1 when shown at full size).
    let downsample: Int
    /// Panels left out (shown: the first ones).
    let omitted: Int
    let stats: Stats

    struct Stats {
        let min: Double, max: Double, mean: Double, std: Double
        let zeros: Double  // share, 0…1
        let nonFinite: Int
        let count: Int
    }

    static let maxNumberPanels = 24
    static let maxCellPanels = 256
    static let maxPixelPanels = 32

    /// Builds the picture of `t` for a view `width` columns wide; `scope` nil picks the default
    /// (one scale for parameters, so a layer's filters compare; one per map for activations).
    /// `columnsPerPixel`: 1 for half-blocks, 2 for the PLAIN ramp; maps wider than the view are
    /// averaged in blocks until they fit.
    static func of(_ t: Tensor, title: String, width: Int, columnsPerPixel: Int, scope: String?, forcedMode: Mode? = nil) -> Picture {
        let all = t.doubleValues()
        let stats = Picture.stats(all)
        var shape = t.shape
        var values = all
        // A vector is wrapped into rows so it fits; a scalar is one cell.
        if shape.isEmpty { shape = [1, 1] }
        var isVector = false
        if shape.count == 1 {
            // Up to 64 values: rows of 8 numbers; more: rows of 32 pixels.
            let n = shape[0]
            let perRow = n <= 8 ? max(n, 1) : n <= 64 ? 8 : 32
            let rows = (n + perRow - 1) / perRow
            values += Array(repeating: 0, count: rows * perRow - n)
            shape = [rows, perRow]
            isVector = true
        }
        let h = shape[shape.count - 2], w = shape[shape.count - 1]
        let lead = Array(shape.dropLast(2))
        let panelCount = lead.reduce(1, *)
        let small = (h <= 7 && w <= 7) || (isVector && w <= 8)
        var mode: Mode = forcedMode ?? (small ? (panelCount <= maxNumberPanels ? .numbers : .cells) : .pixels)
        if mode == .numbers && !small { mode = .pixels }
        let limit = mode == .numbers ? maxNumberPanels : mode == .cells ? maxCellPanels : maxPixelPanels
        let shown = min(panelCount, limit)
        // Kernels share one scale, so a layer's filters compare; pixel maps (images, feature
        // maps) get one each, so a faint map still shows its pattern.
        let perMap = scope.map { $0 == "map" } ?? (mode == .pixels)
        var k = 1
        if mode == .pixels {
            while (w + k - 1) / k * columnsPerPixel > width && k < max(w, 1) { k += 1 }
        }


        var panels: [Panel] = []
        for p in 0..<shown {
            var index: [Int] = []
            var rem = p
            for d in lead.reversed() { index.insert(rem % d, at: 0); rem /= d }
            let base = p * h * w
            var pv = Array(values[base..<(base + h * w)])
            var (ph, pw) = (h, w)
            if k > 1 { (pv, ph, pw) = Picture.average(pv, h, w, k) }
            let title = index.isEmpty ? "" : "[" + index.map(String.init).joined(separator: ", ") + "]"
            // Each filter of a conv weight (several input channels) starts its own line.
            let newRow = lead.count >= 2 && lead.last! > 1 && index.last == 0 && p > 0
            let valid = t.ndim == 1 ? t.numel : pv.count
            panels.append(Panel(title: title, rows: ph, cols: pw, values: pv, valid: valid, newRow: newRow,
                                scale: perMap ? ValueScale(values: Array(pv.prefix(valid))) : nil))
        }
        // Averaged pixels are coloured on the range of the averages, or they would all look 0.
        let scale = k > 1 ? ValueScale(values: panels.flatMap { Array($0.values.prefix($0.valid)) }) : ValueScale(values: all)
        return Picture(title: title, shape: t.shape, panels: panels, mode: mode, scale: scale,
                       perPanelScale: perMap && panels.count > 1, downsample: k, omitted: panelCount - shown, stats: stats)
    }

    func scale(of panel: Panel) -> ValueScale { panel.scale ?? scale }

    /// Mean of each k×k block (NaN padding ignored).
    static func average(_ v: [Double], _ h: Int, _ w: Int, _ k: Int) -> ([Double], Int, Int) {
        let oh = (h + k - 1) / k, ow = (w + k - 1) / k
        var out = [Double](repeating: 0, count: oh * ow)
        for i in 0..<oh {
            for j in 0..<ow {
                var sum = 0.0, n = 0
                for a in (i * k)..<min(h, i * k + k) {
                    for b in (j * k)..<min(w, j * k + k) where !v[a * w + b].isNaN { sum += v[a * w + b]; n += 1 }
                }
                out[i * ow + j] = n > 0 ? sum / Double(n) : .nan
            }
        }
        return (out, oh, ow)
    }

    static func stats(_ v: [Double]) -> Stats {
        let finite = v.filter(\.isFinite)
        let n = Double(max(finite.count, 1))
        let mean = finite.reduce(0, +) / n
        let variance = finite.count > 1 ? finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(finite.count - 1) : 0
        return Stats(min: finite.min() ?? .nan, max: finite.max() ?? .nan, mean: mean, std: variance.squareRoot(),
                     zeros: v.isEmpty ? 0 : Double(v.filter { $0 == 0 }.count) / Double(v.count),
                     nonFinite: v.count - finite.count, count: v.count)
    }

    /// `6 filters of 1×3×3`, `6 maps of 30×30`, `image 28×28`: what the panels are.
    var description: String {
        let s = shape
        switch s.count {
        case 0: return "a scalar"
        case 1: return "\(s[0]) values"
        case 2: return "\(s[0])×\(s[1])"
        case 4 where mode != .pixels:
            return "\(s[0]) filter\(s[0] == 1 ? "" : "s") of \(s[1])×\(s[2])×\(s[3])"
        default:
            let n = s.dropLast(2).reduce(1, *)
            return "\(n) map\(n == 1 ? "" : "s") of \(s[s.count - 2])×\(s[s.count - 1])"
        }
    }
}
