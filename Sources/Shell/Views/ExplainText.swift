import Foundation
import Engine

/// The arithmetic behind one output number (teaching-views §2.7): for a convolution the input
/// patch, the kernel and their products summed plus the bias; for a linear layer the largest
/// products of the dot product; for pooling the window; for an activation its formula; for a
/// loss its terms. Values are the real float32 numbers, summed in float64 for display.
struct ExplainText {
    let op: ExplainOp
    /// What the learner wrote before the index (`out`), and the index.
    let target: String
    let index: [Int]
    /// The op's output (shape), and the value at `index` as stored.
    let outputShape: [Int]
    let actual: Double
    let context: ViewContext
    /// The input value at `index`, when the op saved none (ReLU/sigmoid/tanh from grad_fn)
    /// and it could be computed from the node below.
    var inputValue: Double?
    var inputNote: String?

    var indexText: String { "[" + index.map(String.init).joined(separator: ", ") + "]" }
    var name: String { index.isEmpty ? target : target + indexText }

    func render() throws -> String {
        switch op.kind {
        case .conv(let w, let b, let stride, let padding, let dilation, let groups):
            return try conv(weight: w, bias: b, stride: stride, padding: padding, dilation: dilation, groups: groups)
        case .linear(let w, let b): return try linear(weight: w, bias: b)
        case .maxPool(let k, let s, let p, let d): return try pool(kernel: k, stride: s, padding: p, dilation: d, average: nil)
        case .avgPool(let k, let s, let p, let include, let divisor):
            return try pool(kernel: k, stride: s, padding: p, dilation: [1, 1], average: (include, divisor))
        case .maxPoolIndices(let indices): return try poolFromIndices(indices)
        case .relu, .leakyRelu, .sigmoid, .tanh: return try activation()
        case .mse(let t, let r): return try pointwiseLoss(target: t, reduction: r, squared: true)
        case .l1(let t, let r): return try pointwiseLoss(target: t, reduction: r, squared: false)
        case .crossEntropy(let t, let r): return try crossEntropy(target: t, reduction: r)
        }
    }

    // MARK: convolution

    func conv(weight w: Tensor, bias: Tensor?, stride: [Int], padding: [Int], dilation: [Int], groups: Int) throws -> String {
        guard let x = op.input, x.ndim == 3 || x.ndim == 4, w.ndim == 4 else { throw ExplainFailure("the convolution's input is not [N, C, H, W]") }
        let batched = x.ndim == 4
        guard index.count == (batched ? 4 : 3) else { throw ExplainFailure.indexCount(outputShape) }
        let (n, co, oy, ox) = batched ? (index[0], index[1], index[2], index[3]) : (0, index[0], index[1], index[2])
        let (h, wd) = (x.shape[x.ndim - 2], x.shape[x.ndim - 1])
        let cinPerGroup = w.shape[1], (kh, kw) = (w.shape[2], w.shape[3])
        let group = co / max(1, w.shape[0] / groups)
        let y0 = oy * stride[0] - padding[0], x0 = ox * stride[1] - padding[1]
        func inputAt(_ c: Int, _ iy: Int, _ ix: Int) -> Double? {
            guard iy >= 0, iy < h, ix >= 0, ix < wd else { return nil }   // padding
            return value(x, batched ? [n, c, iy, ix] : [c, iy, ix])
        }
        var lines: [String] = []
        let formula = "bias[\(co)] + Σ input[\(batched ? "\(n), " : "")\(cinPerGroup == x.shape[x.ndim - 3] ? ":" : "\(group * cinPerGroup):\((group + 1) * cinPerGroup)"), \(span(y0, kh, dilation[0])), \(span(x0, kw, dilation[1]))] ⊙ weight[\(co)]"
        lines.append("\(name) = \(fmt(actual)) comes from \(op.label)")
        lines.append("  output channel \(co), row \(oy), column \(ox):  \(bias == nil ? formula.replacingOccurrences(of: "bias[\(co)] + ", with: "") : formula)")
        lines.append("  (\(cinPerGroup) input channel\(cinPerGroup == 1 ? "" : "s") × \(kh)×\(kw) kernel = \(cinPerGroup * kh * kw) products\(padding != [0, 0] ? "; · is padding, read as 0" : ""))")
        var total = 0.0
        var channelSums: [(Int, Double)] = []
        let detailed = cinPerGroup <= 8 ? cinPerGroup : 3
        // Cells `x×w`, then the row's products when there is room.
        let productsFit = 3 + kw * 16 + 2 + kw * 8 <= context.width
        for ci in 0..<cinPerGroup {
            let c = group * cinPerGroup + ci
            var sum = 0.0
            var rows: [String] = []
            for i in 0..<kh {
                var cells = "", products = ""
                for j in 0..<kw {
                    let iy = y0 + i * dilation[0], ix = x0 + j * dilation[1]
                    let wv = value(w, [co, ci, i, j])
                    let xv = inputAt(c, iy, ix)
                    let p = (xv ?? 0) * wv
                    sum += p
                    cells += pad(xv.map(fmt) ?? "·", 7, right: true) + "×" + pad(fmt(wv), 7, right: true) + " "
                    products += pad(fmt(p), 8, right: true)
                }
                rows.append(trimTrailingSpaces("   " + cells + (productsFit ? " =" + products : "")))
            }
            total += sum
            channelSums.append((c, sum))
            if ci < detailed {
                let header = "input[\(batched ? "\(n), " : "")\(c), \(span(y0, kh, dilation[0])), \(span(x0, kw, dilation[1]))] × weight[\(co), \(ci)]"
                lines.append("  " + (productsFit ? pad(header, kw * 16 + 2) + " products" : header))
                lines += rows
                if cinPerGroup > 1 { lines.append("  " + pad("channel \(c) sum", 30) + pad(fmt(sum), 10, right: true)) }
            }
        }
        if detailed < cinPerGroup {
            let rest = channelSums.dropFirst(detailed)
            lines.append("  input channels \(rest.first!.0)…\(rest.last!.0): sums " + rest.map { fmt($0.1) }.joined(separator: " "))
        }
        let sumText = cinPerGroup > 1 ? "sum over the \(cinPerGroup) channels" : "sum of the products"
        lines.append("  " + pad(sumText, 30) + pad(fmt(total), 10, right: true))
        var result = total
        if let bias {
            let bv = value(bias, [co])
            lines.append("  " + pad("+ bias[\(co)]", 30) + pad(fmt(bv), 10, right: true))
            result += bv
        }
        lines.append("  " + pad("=", 30) + pad(fmt(result), 10, right: true))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `5:8`, or `10:16:2` with dilation; negative starts (padding) shown as they are.
    func span(_ start: Int, _ k: Int, _ d: Int) -> String {
        d == 1 ? "\(start):\(start + k)" : "\(start):\(start + (k - 1) * d + 1):\(d)"
    }

    // MARK: linear

    func linear(weight w: Tensor, bias: Tensor?) throws -> String {
        guard let x = op.input, w.ndim == 2 else { throw ExplainFailure("the linear layer's weight is not 2-D") }
        guard index.count == max(1, x.ndim) else { throw ExplainFailure.indexCount(outputShape) }
        let j = index.last!
        let rowIndex = Array(index.dropLast())
        let inFeatures = w.shape[1]
        var terms: [(k: Int, x: Double, w: Double, p: Double)] = []
        for k in 0..<inFeatures {
            let xv = value(x, rowIndex + [k]), wv = value(w, [j, k])
            terms.append((k, xv, wv, xv * wv))
        }
        let total = terms.reduce(0) { $0 + $1.p }
        let rowText = rowIndex.map(String.init).joined(separator: ", ") + (rowIndex.isEmpty ? "" : ", ")
        var lines = ["\(name) = \(fmt(actual)) comes from \(op.label)"]
        lines.append("  output feature \(j):  " + (bias != nil ? "bias[\(j)] + " : "") + "Σ_k input[\(rowText)k] · weight[\(j), k]   (\(inFeatures) products)")
        let zeros = terms.filter { $0.x == 0 }.count
        if zeros > 0 && inFeatures > 12 {
            lines.append("  \(zeros) of the \(inFeatures) inputs are 0, so their products add nothing")
        }
        let shown: [(k: Int, x: Double, w: Double, p: Double)]
        if inFeatures <= 12 {
            shown = terms
            lines.append("      k     input    weight   product")
        } else {
            shown = terms.sorted { abs($0.p) > abs($1.p) || (abs($0.p) == abs($1.p) && $0.k < $1.k) }.prefix(8).sorted { $0.k < $1.k }
            lines.append("  the 8 largest products (by size):")
            lines.append("      k     input    weight   product")
        }
        for t in shown {
            lines.append(pad(String(t.k), 7, right: true) + pad(fmt(t.x), 10, right: true) + pad(fmt(t.w), 10, right: true) + pad(fmt(t.p), 10, right: true))
        }
        if shown.count < terms.count {
            let rest = total - shown.reduce(0) { $0 + $1.p }
            lines.append("  the other \(terms.count - shown.count) products add up to" + pad(fmt(rest), 10, right: true))
        }
        lines.append("  " + pad("sum of all \(inFeatures) products", 30) + pad(fmt(total), 10, right: true))
        var result = total
        if let bias {
            let bv = value(bias, [j])
            lines.append("  " + pad("+ bias[\(j)]", 30) + pad(fmt(bv), 10, right: true))
            result += bv
        }
        lines.append("  " + pad("=", 30) + pad(fmt(result), 10, right: true))
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: pooling

    func pool(kernel: [Int], stride: [Int], padding: [Int], dilation: [Int], average: (countIncludePad: Bool, divisor: Int?)?) throws -> String {
        guard let x = op.input, x.ndim == 3 || x.ndim == 4 else { throw ExplainFailure("the pooling input is not [N, C, H, W]") }
        let batched = x.ndim == 4
        guard index.count == x.ndim else { throw ExplainFailure.indexCount(outputShape) }
        let lead = Array(index.prefix(batched ? 2 : 1))
        let (oy, ox) = (index[index.count - 2], index[index.count - 1])
        let (h, w) = (x.shape[x.ndim - 2], x.shape[x.ndim - 1])
        let y0 = oy * stride[0] - padding[0], x0 = ox * stride[1] - padding[1]
        var grid: [[Double?]] = []
        var best: (Double, Int, Int)?
        var sum = 0.0, inside = 0, cells = 0
        for i in 0..<kernel[0] {
            var row: [Double?] = []
            for j in 0..<kernel[1] {
                let iy = y0 + i * dilation[0], ix = x0 + j * dilation[1]
                // avg_pool2d counts padding cells inside the padded input (not past it).
                let inPadded = iy >= -padding[0] && iy < h + padding[0] && ix >= -padding[1] && ix < w + padding[1]
                if inPadded { cells += 1 }
                guard iy >= 0, iy < h, ix >= 0, ix < w else { row.append(nil); continue }
                let v = value(x, lead + [iy, ix])
                row.append(v)
                sum += v
                inside += 1
                if best == nil || v > best!.0 || v.isNaN { best = (v, iy, ix) }
            }
            grid.append(row)
        }
        let leadText = lead.map(String.init).joined(separator: ", ")
        var lines = ["\(name) = \(fmt(actual)) comes from \(op.label)"]
        let windowText = "input[\(leadText), \(span(y0, kernel[0], dilation[0])), \(span(x0, kernel[1], dilation[1]))]"
        lines.append("  " + (average == nil ? "the largest value" : "the mean") + " of its \(kernel[0])×\(kernel[1]) window \(windowText)" + (padding != [0, 0] ? " (· is padding)" : ""))
        for row in grid {
            var line = "   "
            for (j, v) in row.enumerated() {
                _ = j
                guard let v else { line += pad("·", 10, right: true); continue }
                let marked = average == nil && best != nil && v == best!.0 && !v.isNaN
                line += marked ? pad("[" + fmt(v) + "]", 10, right: true) : pad(fmt(v), 9, right: true) + " "
            }
            lines.append(trimTrailingSpaces(line))
        }
        if let average {
            let divisor = average.divisor ?? (average.countIncludePad ? cells : inside)
            lines.append("  sum \(fmt(sum)) / \(divisor)" + (average.divisor != nil ? " (divisor_override)" : average.countIncludePad ? "" : " (padding not counted)") + " = \(fmt(sum / Double(max(divisor, 1))))")
        } else if let best {
            lines.append("  max = \(fmt(best.0)), from input[\(leadText), \(best.1), \(best.2)]; the other values are dropped (and get no gradient)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Max pooling known only from grad_fn: where the maximum came from.
    func poolFromIndices(_ indices: Tensor) throws -> String {
        guard index.count == indices.ndim || index.count == indices.ndim - 1 else { throw ExplainFailure.indexCount(outputShape) }
        let full = index.count == indices.ndim ? index : [0] + index
        let flat = Int(value(indices, full))
        var lines = ["\(name) = \(fmt(actual)) comes from \(op.label)"]
        if let x = op.input {
            let w = x.shape[x.ndim - 1]
            lines.append("  the largest value of its window: input[\(full.prefix(2).map(String.init).joined(separator: ", ")), \(flat / w), \(flat % w)] = \(fmt(value(x, Array(full.prefix(x.ndim - 2)) + [flat / w, flat % w])))")
        } else {
            lines.append("  the largest value of its window sits at position \(flat) of its input plane")
        }
        lines.append("  (the node keeps only where each maximum was; %explain the pooling call itself to see the window,")
        lines.append("   e.g. %explain F.max_pool2d(x, 2)\(indexText))")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: activations

    func activation() throws -> String {
        let xv: Double
        if let x = op.input {
            guard index.count == x.ndim else { throw ExplainFailure.indexCount(outputShape) }
            xv = value(x, index)
        } else if let v = inputValue {
            xv = v
        } else {
            throw ExplainFailure("the \(op.what)'s input is not kept (the node saved only its output) and could not be recomputed")
        }
        var lines = ["\(name) = \(fmt(actual)) comes from \(op.label)"]
        let source = inputNote.map { "  (\($0))" } ?? ""
        lines.append("  its input x = \(fmt(xv))" + source)
        switch op.kind {
        case .relu:
            lines.append("  relu(x) = max(x, 0) = \(fmt(max(xv, 0)))" + (xv <= 0 ? "   negative inputs become 0 (and pass no gradient back)" : "   positive inputs pass unchanged"))
        case .leakyRelu(let slope):
            lines.append("  leaky_relu(x) = x if x > 0 else \(slope)·x = \(fmt(xv > 0 ? xv : slope * xv))")
        case .sigmoid:
            lines.append("  sigmoid(x) = 1 / (1 + e^(−x)) = 1 / (1 + \(fmt(exp(-xv)))) = \(fmt(1 / (1 + exp(-xv))))")
        case .tanh:
            lines.append("  tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)) = (\(fmt(exp(xv))) − \(fmt(exp(-xv)))) / (\(fmt(exp(xv))) + \(fmt(exp(-xv)))) = \(fmt(Foundation.tanh(xv)))")
        default: break
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: losses

    func pointwiseLoss(target: Tensor, reduction: String, squared: Bool) throws -> String {
        guard let x = op.input else { throw ExplainFailure("the loss's input is not known") }
        let fn = squared ? "(input − target)²" : "|input − target|"
        var lines = ["\(name) = \(fmt(actual)) comes from \(op.label)"]
        let xs = x.doubleValues()
        let ts = (try? GradMode.with(false) { try target.expand(x.shape) })?.doubleValues() ?? target.doubleValues()
        guard xs.count == ts.count else { throw ExplainFailure("input and target sizes differ") }
        func term(_ i: Int) -> Double { let d = xs[i] - ts[i]; return squared ? d * d : abs(d) }
        if reduction == "none" {
            guard index.count == x.ndim else { throw ExplainFailure.indexCount(outputShape) }
            let i = flatIndex(index, x.shape)
            lines.append("  reduction='none': one term per element:  \(fn)")
            lines.append("  input \(fmt(xs[i])), target \(fmt(ts[i])), difference \(fmt(xs[i] - ts[i])) → \(fmt(term(i)))")
            return lines.joined(separator: "\n") + "\n"
        }
        guard index.isEmpty else { throw ExplainFailure("the loss is a single number (reduction='\(reduction)'): %explain \(target)") }
        let n = xs.count
        lines.append("  \(reduction == "mean" ? "mean" : "sum") of \(fn) over the \(n) element\(n == 1 ? "" : "s")")
        lines.append("      i     input    target      diff   " + (squared ? "  diff²" : " |diff|"))
        let order = n <= 12 ? Array(0..<n) : Array((0..<n).sorted { term($0) > term($1) }.prefix(8)).sorted()
        if n > 12 { lines.append("  the 8 largest terms:") }
        let shape = x.shape
        for i in order {
            let label = shape.count <= 1 ? String(i) : "[" + multiIndex(i, shape).map(String.init).joined(separator: ", ") + "]"
            lines.append(pad(label, 7, right: true) + pad(fmt(xs[i]), 10, right: true) + pad(fmt(ts[i]), 10, right: true) + pad(fmt(xs[i] - ts[i]), 10, right: true) + pad(fmt(term(i)), 10, right: true))
        }
        let total = (0..<n).reduce(0.0) { $0 + term($1) }
        if n > 12 {
            lines.append("  the other \(n - order.count) terms add up to" + pad(fmt(total - order.reduce(0.0) { $0 + term($1) }), 10, right: true))
        }
        lines.append("  " + pad("sum of the \(n) terms", 30) + pad(fmt(total), 10, right: true))
        if reduction == "mean" { lines.append("  " + pad("/ \(n) (the mean) =", 30) + pad(fmt(total / Double(max(n, 1))), 10, right: true)) }
        return lines.joined(separator: "\n") + "\n"
    }

    func crossEntropy(target: Tensor, reduction: String) throws -> String {
        guard let x = op.input, x.ndim == 1 || x.ndim == 2 else { throw ExplainFailure("%explain takes cross-entropy apart for [N, C] or [C] logits") }
        guard target.dtype == .int64 else { throw ExplainFailure("class-probability targets are not taken apart; give class indices") }
        let rows = x.ndim == 1 ? 1 : x.shape[0], classes = x.shape[x.ndim - 1]
        let logits = x.doubleValues()
        let targets = target.int64Values().map(Int.init)
        func sampleLoss(_ r: Int) -> (lse: Double, loss: Double, t: Int) {
            let row = Array(logits[(r * classes)..<((r + 1) * classes)])
            let m = row.max() ?? 0
            let lse = m + log(row.reduce(0) { $0 + exp($1 - m) })
            let t = targets[r]
            return (lse, lse - row[t], t)
        }
        var lines = ["\(name) = \(fmt(actual)) comes from \(op.label)"]
        lines.append("  per sample: −log softmax(input)[target] = log Σ_c e^input[c] − input[target]")
        var selected: [Int]
        if reduction == "none" {
            guard index.count == 1 || (index.isEmpty && rows == 1) else { throw ExplainFailure.indexCount(outputShape) }
            selected = [index.first ?? 0]
        } else {
            guard index.isEmpty else { throw ExplainFailure("the loss is a single number (reduction='\(reduction)'): %explain \(target)") }
            selected = Array(0..<rows)
        }
        let shownSamples = selected.prefix(6)
        for r in shownSamples {
            let s = sampleLoss(r)
            guard s.t >= 0 && s.t < classes else { throw ExplainFailure("target \(s.t) is not a class index (ignore_index is not taken apart)") }
            let row = Array(logits[(r * classes)..<((r + 1) * classes)])
            let shown = classes <= 10 ? row.map(fmt).joined(separator: " ") : row.prefix(10).map(fmt).joined(separator: " ") + " …"
            lines.append("  sample \(r): target \(s.t), logits [\(shown)]")
            lines.append("    log Σ e^logit = \(fmt(s.lse)), logit[\(s.t)] = \(fmt(row[s.t])), loss = \(fmt(s.lse)) − \(fmt(row[s.t])) = \(fmt(s.loss))")
        }
        if selected.count > shownSamples.count { lines.append("  … \(selected.count - shownSamples.count) more samples") }
        if reduction != "none" {
            let total = selected.reduce(0.0) { $0 + sampleLoss($1).loss }
            lines.append("  " + pad("sum over the \(rows) samples", 30) + pad(fmt(total), 10, right: true))
            if reduction == "mean" { lines.append("  " + pad("/ \(rows) (the mean) =", 30) + pad(fmt(total / Double(rows)), 10, right: true)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: helpers

    func fmt(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == 0 { return "0.0000" }   // 0 × a negative weight is -0: shown as the 0 it is
        if abs(v) >= 1e5 { return String(format: "%.3e", v) }
        return String(format: "%.4f", v)
    }
}

/// Element of `t` at a full index (row-major over its own shape).
func value(_ t: Tensor, _ index: [Int]) -> Double {
    t.doubleValue(atFlat: flatIndex(index, t.shape))
}

func flatIndex(_ index: [Int], _ shape: [Int]) -> Int {
    var flat = 0
    for (i, d) in zip(index, shape) { flat = flat * d + i }
    return flat
}

func multiIndex(_ flat: Int, _ shape: [Int]) -> [Int] {
    var rem = flat
    var out = [Int](repeating: 0, count: shape.count)
    for d in stride(from: shape.count - 1, through: 0, by: -1) { out[d] = rem % max(shape[d], 1); rem /= max(shape[d], 1) }
    return out
}

struct ExplainFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
    static func indexCount(_ shape: [Int]) -> ExplainFailure {
        ExplainFailure("give one index per dimension of the output \(shapeText(shape)) (\(shape.count) number\(shape.count == 1 ? "" : "s"))")
    }
}
