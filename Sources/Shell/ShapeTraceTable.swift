import Foundation
import Interpreter
import Engine
import NN

/// The shape trace as a table (teaching-views §2.1): one row per step with its output shape,
/// the layer's parameters and how the size came about; then the totals, or, when the forward
/// failed, the note that explains the mismatch.
struct ShapeTraceTable {
    let net: Module
    let trace: ShapeTrace
    let input: Tensor
    /// Sequential children are listed by path, not by a line of a forward.
    var stepHeader: String { net is ScriptedModule ? "step (forward line)" : "step" }

    func render() -> String {
        let names = Dictionary(net.namedModules().map { (ObjectIdentifier($0.1), $0.0) }, uniquingKeysWith: { a, _ in a })
        var rows: [[String]] = []
        for (i, step) in trace.steps.enumerated() {
            var module = "", params = "–"
            if case .module(let m) = step.callee {
                module = ModuleShortForm.text(m)
                params = groupedInt(m.parameters().reduce(0) { $0 + $1.numel })
            }
            let output = step.output.map { shapeList($0.shape) } ?? "failed"
            rows.append(["\(i + 1)", step.text, module, output, params, arithmetic(i, names: names) ?? ""])
        }
        let header = ["#", stepHeader, "module", "output", "params", "size arithmetic"]
        let width = { (c: Int) in ([header] + rows).map { $0[c].count }.max() ?? 0 }
        let (w0, w1, w2, w3, w4) = (max(width(0), 3), width(1), width(2), width(3), width(4))
        func line(_ r: [String]) -> String {
            var s = pad(r[0], w0, right: true) + "  " + pad(r[1], w1) + "  " + pad(r[2], w2) + "  "
            s += pad(r[3], w3) + pad(r[4], w4 + 3, right: true)
            if !r[5].isEmpty { s += "  " + r[5] }
            return s + "\n"
        }
        var out = "\(net.typeName) — input \(shapeList(input.shape))"
        if input.dtype != .float32 { out += " \(input.dtype)" }
        out += "\n" + line(header)
        for r in rows { out += line(r) }
        if trace.error == nil { out += totals() + "\n" }
        return out
    }

    /// `Total params 81,194 (all trainable) · float32 weights 324,776 bytes (317.2 KiB)`.
    func totals() -> String {
        let params = net.parameters()
        let total = params.reduce(0) { $0 + $1.numel }
        let frozen = params.filter { !$0.requiresGrad }.reduce(0) { $0 + $1.numel }
        let bytes = params.reduce(0) { $0 + $1.numel * $1.dtype.itemSize }
        let split = frozen == 0 ? "all trainable" : "trainable \(groupedInt(total - frozen)), frozen \(groupedInt(frozen))"
        let kind = params.allSatisfy { $0.dtype == .float32 } ? "float32 weights" : "weights"
        return "Total params \(groupedInt(total)) (\(split)) · \(kind) \(groupedInt(bytes)) bytes" + binarySize(bytes)
    }

    /// ` (317.2 KiB)`, ` (1.3 MiB)`; nothing under a KiB, where the byte count says it all.
    func binarySize(_ bytes: Int) -> String {
        if bytes < 1024 { return "" }
        if bytes < 1024 * 1024 { return " (" + String(format: "%.1f", Double(bytes) / 1024) + " KiB)" }
        return " (" + String(format: "%.1f", Double(bytes) / (1024 * 1024)) + " MiB)"
    }

    // MARK: size arithmetic

    /// The arithmetic cell of step `i`, from the layer's options or the call's arguments.
    func arithmetic(_ i: Int, names: [ObjectIdentifier: String]) -> String? {
        let step = trace.steps[i]
        guard let output = step.output else { return nil }
        switch step.callee {
        case .module(let m):
            let options = Dictionary(m.optionAttributes.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            if let input = step.input, options["kernel_size"] != nil {
                if case .string(let mode)? = options["padding"] { return "\(mode) padding: \(sizes(output.shape)) kept" }
                return windowArithmetic(options: options.mapValues(OptionArgument.init), kernel: nil, input: input, output: output)
            }
            if options["start_dim"] != nil, let input = step.input {
                return mergeArithmetic(i, input: input.shape, output: output.shape, names: names)
            }
        case .builtin(let f):
            let args = BoundCall(f, step.arguments)
            if args.has("kernel_size"), let input = step.input {
                return windowArithmetic(options: args.values, kernel: nil, input: input, output: output)
            }
            if args.has("weight"), args.has("stride"), case .tensor(let w)? = args.value("weight"), w.ndim >= 3, let input = step.input {
                return windowArithmetic(options: args.values, kernel: Array(w.shape.dropFirst(2)), input: input, output: output)
            }
            if ["flatten", "view", "reshape"].contains(f.name), let input = reshapeInput(i) {
                return mergeArithmetic(i, input: input.shape, output: output.shape, names: names)
            }
        default: break
        }
        return nil
    }

    /// A reshape's input: its tensor argument (`torch.flatten(x, 1)`), or for a tensor method
    /// (`x.view(-1, n)`, whose receiver the call does not show) the previous step's output when
    /// it holds as many elements.
    func reshapeInput(_ i: Int) -> Tensor? {
        let step = trace.steps[i]
        if let t = step.input { return t }
        guard i > 0, let previous = trace.steps[i - 1].output, previous.numel == step.output?.numel else { return nil }
        return previous
    }

    func windowArithmetic(options: [String: OptionArgument], kernel: [Int]?, input: Tensor, output: Tensor) -> String? {
        guard let k = kernel ?? options["kernel_size"]?.pair else { return nil }
        let n = k.count
        let stride = options["stride"]?.pair ?? (options["weight"] == nil ? k : Array(repeating: 1, count: n))
        var window = SizeArithmetic.Window(kernel: k, stride: stride,
                                           padding: options["padding"]?.pair ?? Array(repeating: 0, count: n),
                                           dilation: options["dilation"]?.pair ?? Array(repeating: 1, count: n))
        window.ceilMode = options["ceil_mode"]?.bool ?? false
        if case .string(let mode)? = options["padding"] { return "\(mode) padding: \(sizes(output.shape)) kept" }
        return SizeArithmetic.window(window, input: input.shape, output: output.shape)
    }

    /// `576 = 16·6·6`, pointing on to the Linear layer that takes those features when the next
    /// layer is one and the count matches (`→ fc1.in_features`).
    func mergeArithmetic(_ i: Int, input: [Int], output: [Int], names: [ObjectIdentifier: String]) -> String? {
        guard var text = SizeArithmetic.merge(input: input, output: output) else { return nil }
        for next in trace.steps[(i + 1)...] {
            guard case .module(let m) = next.callee else { continue }
            if case .int(let f)? = m.optionAttribute("in_features"), f == output.last {
                text += "  → \(displayName(m, step: next, names: names)).in_features"
            }
            break
        }
        return text
    }

    /// The layer's name in the network (`fc1`); a Sequential's numbered child by its path.
    func displayName(_ m: Module, step: TraceStep, names: [ObjectIdentifier: String]) -> String {
        if let name = names[ObjectIdentifier(m)], !name.isEmpty, Int(name.split(separator: ".").last ?? "") == nil { return name }
        return step.text.hasSuffix("(x)") ? String(step.text.dropLast(3)) : step.text
    }

    // MARK: the note after a failure

    /// One line that says which sizes disagree, e.g.
    /// `note: view produced 576 = 16·6·6 features but fc1 expects in_features=400 (16·5·5)`.
    func note() -> String? {
        guard trace.error != nil, let failed = trace.steps.last, failed.output == nil,
              case .module(let m) = failed.callee, let input = failed.input else { return nil }
        let names = Dictionary(net.namedModules().map { (ObjectIdentifier($0.1), $0.0) }, uniquingKeysWith: { a, _ in a })
        let name = displayName(m, step: failed, names: names)
        if case .int(let f)? = m.optionAttribute("in_features"), let got = input.shape.last, got != f {
            var produced = "\(got)", factors = ""
            var producer = "the input"
            let k = trace.steps.count - 1
            if k > 0, let previous = trace.steps[k - 1].output, previous === input {
                producer = stepName(trace.steps[k - 1], names: names)
                if let source = reshapeInput(k - 1), let merged = SizeArithmetic.merge(input: source.shape, output: previous.shape) {
                    produced = merged
                    let channels = source.shape.count >= 3 ? source.shape[source.shape.count - 3] : 0
                    if let shape = SizeArithmetic.squareFactors(f, channels: channels) { factors = " (\(shape))" }
                }
            }
            return "note: \(producer) produced \(produced) features but \(name) expects in_features=\(f)\(factors)"
        }
        if case .int(let c)? = m.optionAttribute("in_channels") {
            guard input.ndim == 3 || input.ndim == 4 else {
                return "note: \(name) takes [N, C, H, W] (or [C, H, W]) with C = \(c); its input was \(shapeList(input.shape))"
            }
            let got = input.shape[input.ndim - 3]
            if got != c {
                return "note: \(name) expects in_channels=\(c) but its input \(shapeList(input.shape)) has \(got) channel\(got == 1 ? "" : "s")"
            }
        }
        return nil
    }

    /// What produced a tensor, in a word: `view`, `flatten`, `conv2`.
    func stepName(_ step: TraceStep, names: [ObjectIdentifier: String]) -> String {
        switch step.callee {
        case .builtin(let f): return f.name
        case .module(let m): return displayName(m, step: step, names: names)
        default: return step.text
        }
    }

    // MARK: formatting

    func shapeList(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
    func sizes(_ shape: [Int]) -> String { shape.suffix(2).map(String.init).joined(separator: "×") }
}

/// `81,194`: counts are read at a glance with thousands separators.
func groupedInt(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(c)
    }
    return (n < 0 ? "-" : "") + out
}

/// Pads to `width` characters (on the left when `right`), for fixed-width PLAIN tables.
func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - s.count))
    return right ? fill + s : s + fill
}
