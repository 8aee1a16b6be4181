import Foundation
import Interpreter
import Engine
import NN

/// `%grads NET [--lr LR]`: one line per parameter with its gradient's size (teaching-views
/// §2.5): mean and max |g|, ‖g‖/‖w‖ and a bar of mean |g| on a log scale, so a layer whose
/// gradients vanish or explode stands out; notes for gradients summed over several
/// backward() calls and for parameters without a gradient. Only looks: nothing changes.
extension Session {
    static let gradsUsage = "%grads NET [--lr LR]: NET is a module, e.g. %grads net after loss.backward()"

    func gradsMagic(_ argument: String, at stmt: Stmt) throws {
        let args = try MagicArguments.parse(argument, magic: "grads", flags: [], valued: ["lr"])
        guard !args.expression.isEmpty else { throw PyError("UsageError", Session.gradsUsage) }
        var lr: Double?
        if let text = args.values["lr"] {
            guard let v = Double(text), v > 0 else { throw PyError("UsageError", "%grads --lr LR: LR must be a positive number, got \(text)") }
            lr = v
        }
        let value = try evaluateMagicExpression(args.expression, magic: "grads", at: stmt)
        guard case .module(let net) = value else {
            throw PyError("UsageError", "%grads NET: \(args.expression) is \(article(interpreter.typeName(value))), not a module (nn.Module)")
        }
        interpreter.write(GradsView(net: net, netText: args.expression, lr: lr, context: viewContext).render())
    }
}

struct GradsView {
    let net: Module
    let netText: String
    let lr: Double?
    let context: ViewContext

    /// Bar length in cells (each cell split in eighths).
    static let barCells = 20

    struct Row {
        let name: String
        let shape: [Int]
        /// nil: no gradient (the reason is in `missing`).
        let stats: GradStats?
        let missing: String
        let accumulations: Int
    }

    func rows() -> [Row] {
        let params = net.namedParameters()
        let anyGrad = params.contains { $0.1.grad != nil }
        return params.map { name, p in
            guard let g = p.grad else {
                let why: String
                if !p.requiresGrad { why = "requires_grad=False (frozen)" } else if anyGrad { why = "no gradient reached it: the loss does not depend on it" } else { why = "no backward() since it was created or zero_grad()" }
                return Row(name: name, shape: p.shape, stats: nil, missing: why, accumulations: 0)
            }
            return Row(name: name, shape: p.shape, stats: GradStats(grad: g, weight: p), missing: "", accumulations: p.gradAccumulations)
        }
    }

    func render() -> String {
        let rows = rows()
        let paint = context.paint
        guard !rows.isEmpty else { return "\(net.typeName) has no parameters\n" }
        let means = rows.compactMap { $0.stats?.meanAbs }.filter { $0 > 0 && $0.isFinite }
        // The bar's range: whole decades around the values, at least 1e-4 … 1, so that bars
        // from different networks and steps are comparable and the smallest still shows.
        let lowExp = min(-4, Int(floor(log10(means.min() ?? 1e-4))))
        let highExp = max(0, Int(ceil(log10(means.max() ?? 1))))
        let median = means.sorted().dropFirst(means.count / 2).first ?? 0
        let nameW = max(5, rows.map(\.name.count).max()!) + 2
        let shapeW = max(5, rows.map { shapeList($0.shape).count }.max()!) + 2
        let counts = Set(rows.filter { $0.stats != nil }.map(\.accumulations))
        let markCounts = counts.count > 1 && counts.contains { $0 > 1 }
        var header = pad("param", nameW) + pad("shape", shapeW) + pad("mean|g|", 10) + pad("max|g|", 10) + pad("‖g‖/‖w‖", 10)
        if lr != nil { header += pad("lr·‖g‖/‖w‖", 12) }
        let barColumn = header.count
        var out = header + "mean|g| on a log scale\n"
        out += String(repeating: " ", count: barColumn) + decadeAxis(lowExp: lowExp, highExp: highExp) + "\n"
        for r in rows {
            var line = pad(r.name, nameW) + pad(shapeList(r.shape), shapeW)
            guard let s = r.stats else {
                out += line + paint.dim(means.isEmpty ? "None" : "None — " + r.missing) + "\n"
                continue
            }
            line += pad(sci(s.meanAbs), 10) + pad(sci(s.maxAbs), 10) + pad(s.ratio.map(sci) ?? "–", 10)
            if let lr { line += pad(s.ratio.map { sci($0 * lr) } ?? "–", 12) }
            let cells = barLength(s.meanAbs, lowExp: lowExp, highExp: highExp)
            var bar = context.unicode ? eighthsBar(cells) : String(repeating: "#", count: Int(cells.rounded()))
            var flag = ""
            if median > 0, s.meanAbs > 0 {
                let factor = s.meanAbs / median
                if factor >= 10 { flag = " ↑ \(Int(factor.rounded()))× median" }
                if factor <= 0.1 { flag = " ↓ median/\(Int((1 / factor).rounded()))" }
            }
            if !s.finite { flag = " ✗ inf/nan" }
            bar = paint.colored(bar, flag.isEmpty ? RGB(hex: 0x0877bd) : RGB(hex: 0xd62728))
            if markCounts && r.accumulations > 1 { flag += " (\(r.accumulations) backward calls)" }
            out += line + bar + (flag.isEmpty ? "" : paint.colored(flag, RGB(hex: 0xd62728))) + "\n"
        }
        out += notes(rows)
        return out
    }

    /// The lines under the table: the smallest and largest gradients, accumulation, None.
    func notes(_ rows: [Row]) -> String {
        var out = ""
        let withStats = rows.filter { $0.stats != nil }
        if withStats.isEmpty {
            let why = rows.first { !$0.missing.isEmpty }?.missing ?? ""
            out += rows.allSatisfy({ $0.missing == why }) && why.hasPrefix("requires_grad")
                ? "no gradients: every parameter has requires_grad=False\n"
                : "no gradients yet: run loss.backward() first (zero_grad() leaves every .grad None)\n"
            return out
        }
        if withStats.count > 1,
           let lo = withStats.min(by: { $0.stats!.meanAbs < $1.stats!.meanAbs }),
           let hi = withStats.max(by: { $0.stats!.meanAbs < $1.stats!.meanAbs }) {
            out += "smallest mean|g|: \(lo.name) \(sci(lo.stats!.meanAbs)) · largest: \(hi.name) \(sci(hi.stats!.meanAbs))\n"
        }
        let counts = Set(withStats.map(\.accumulations).filter { $0 > 1 })
        if !counts.isEmpty {
            let how = counts.count == 1 && withStats.allSatisfy({ $0.accumulations == counts.first! })
                ? "these gradients are sums over \(counts.first!) backward() calls"
                : "some gradients are sums over several backward() calls (marked above)"
            out += context.paint.colored("note: \(how) since the last zero_grad():\n      .grad adds up; call \(netText).zero_grad() or optimizer.zero_grad() before each backward()", RGB(hex: 0xd62728)) + "\n"
        }
        return out
    }

    func barLength(_ v: Double, lowExp: Int, highExp: Int) -> Double {
        guard v > 0 else { return 0 }
        let t = (log10(v) - Double(lowExp)) / Double(highExp - lowExp)
        return max(0, min(1, t)) * Double(GradsView.barCells)
    }

    /// Decade labels under the bar's header: `1e-4 1e-3 1e-2 1e-1 1`, as many as fit.
    func decadeAxis(lowExp: Int, highExp: Int) -> String {
        var axis = ""
        for e in lowExp...highExp {
            let label = e == 0 ? "1" : "1e\(e)"
            let position = Int((Double(e - lowExp) / Double(highExp - lowExp) * Double(GradsView.barCells)).rounded())
            guard position >= axis.count + (axis.isEmpty ? 0 : 1) else { continue }
            axis += String(repeating: " ", count: position - axis.count) + label
        }
        return axis
    }

    func shapeList(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    func exponent(_ e: Int) -> String { (e < 0 ? "-" : "+") + String(format: "%02d", abs(e)) }
}

/// Statistics of one gradient against its weight, in float64.
struct GradStats {
    let meanAbs: Double
    let maxAbs: Double
    /// ‖g‖/‖w‖; nil when ‖w‖ is 0.
    let ratio: Double?
    let finite: Bool

    init(grad: Tensor, weight: Tensor) {
        let g = grad.doubleValues()
        let w = weight.doubleValues()
        var sumAbs = 0.0, maxAbs = 0.0, sq = 0.0, finite = true
        for v in g {
            if !v.isFinite { finite = false }
            sumAbs += abs(v)
            maxAbs = max(maxAbs, abs(v))
            sq += v * v
        }
        meanAbs = g.isEmpty ? 0 : sumAbs / Double(g.count)
        self.maxAbs = maxAbs
        let wNorm = sqrt(w.reduce(0) { $0 + $1 * $1 })
        ratio = wNorm > 0 ? sqrt(sq) / wNorm : nil
        self.finite = finite
    }
}

/// `9.93e-03`: statistics in one fixed width.
func sci(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    return String(format: "%.2e", v)
}

/// A horizontal bar of `cells` cells drawn in eighths (`█████▍`).
func eighthsBar(_ cells: Double) -> String {
    let eighths = Int((cells * 8).rounded())
    let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
}
