import Foundation
import Interpreter
import Engine
import NN

/// `%summary NET` (the parameter table, teaching-views §2.2) and `%summary NET SHAPE` (the
/// layer-by-layer shape trace, §2.1). Both are views: the session is the same afterwards.
extension Session {
    static let summaryUsage = "%summary NET [SHAPE]: NET is a module; SHAPE a tuple such as (1, 1, 32, 32) or a tensor"

    func summaryMagic(_ argument: String, at stmt: Stmt, source: SourceFile) throws {
        let text = argument.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw PyError("UsageError", Session.summaryUsage) }
        let (netText, shapeText): (String, String?) = Session.splitTwoExpressions(text).map { ($0.0, $0.1) } ?? (text, nil)
        // Evaluating SHAPE may draw (torch.randn(1, 1, 32, 32)); a view must not move the RNG.
        let rng = Generator.global.rngState()
        defer { if Generator.global.rngState() != rng { Generator.global.setRngState(rng) } }

        let netValue = try evaluateMagicExpression(netText, magic: "summary", at: stmt)
        guard case .module(let net) = netValue else {
            throw PyError("UsageError", "%summary NET: \(netText) is \(article(interpreter.typeName(netValue))), not a module (nn.Module)")
        }
        guard let shapeText else {
            interpreter.write(ParameterTable(net: net).render())
            return
        }
        let input = try summaryInput(try evaluateMagicExpression(shapeText, magic: "summary", at: stmt), shapeText)
        let trace = ShapeTrace.run(net, netText: netText, input: input, interpreter: interpreter, callSite: stmt.range)
        let table = ShapeTraceTable(net: net, trace: trace, input: input)
        interpreter.write(table.render())
        guard let error = trace.error else { return }
        var e: PyError
        switch error {
        case let p as PyError: e = p
        case let t as TorchError: e = PyError(t)
        default: throw error
        }
        if e.isKeyboardInterrupt { throw e }
        if e.location == nil { e.location = stmt.range }
        report(e, defaultFile: source.name)
        if let note = table.note() {
            fflush(stdout)
            fputs(note + "\n", stderr)
        }
        throw AlreadyReported()
    }

    /// The input tensor: zeros of SHAPE (no RNG draw), or the tensor SHAPE evaluates to.
    func summaryInput(_ value: Value, _ text: String) throws -> Tensor {
        if case .tensor(let t) = value { return t }
        var items: AnyIterator<Value>?
        switch value {
        case .tuple, .list, .object: items = try? interpreter.iterate(value, range: nil)
        default: items = nil
        }
        guard let items else {
            throw PyError("UsageError", "%summary NET SHAPE: SHAPE must be a tuple such as (1, 1, 32, 32) or a tensor, not \(article(interpreter.typeName(value)))")
        }
        var dims: [Int] = []
        for item in items {
            guard case .int(let d) = item, d >= 0 else {
                throw PyError("UsageError", "%summary NET SHAPE: SHAPE must hold non-negative ints, got \(text)")
            }
            dims.append(d)
        }
        do { return try Tensor.zeros(dims) } catch let e as TorchError { throw PyError(e) }
    }

    /// `an int`, `a str`: for messages that name a type.
    func article(_ type: String) -> String {
        ("aeiou".contains(type.first?.lowercased() ?? "") ? "an " : "a ") + type
    }
}

/// One row per parameter tensor, with its share of the total and the product behind its count;
/// names are `named_parameters()` names, so a row can be copied into `net.fc1.weight`.
struct ParameterTable {
    let net: Module

    func render() -> String {
        let params = net.namedParameters()
        let total = params.reduce(0) { $0 + $1.1.numel }
        let frozen = params.filter { !$0.1.requiresGrad }.reduce(0) { $0 + $1.1.numel }
        let buffers = net.namedBuffers().reduce(0) { $0 + $1.1.numel }
        let counts = "(trainable \(groupedInt(total - frozen)), frozen \(groupedInt(frozen)), buffers \(groupedInt(buffers)))"
        guard total > 0 else { return "\(net.typeName) has no parameters \(counts)\n" }
        var rows: [[String]] = []
        for (name, t) in params {
            let share = String(format: "%.2f%%", 100 * Double(t.numel) / Double(total))
            let product = t.ndim >= 2 ? t.shape.map(String.init).joined(separator: "·") : ""
            rows.append([name, "[" + t.shape.map(String.init).joined(separator: ", ") + "]", groupedInt(t.numel), share, product])
        }
        let header = ["name", "shape", "count", "share", "arithmetic"]
        let totalRow = ["total", "", groupedInt(total), "100.00%", counts]
        let all = [header] + rows + [totalRow]
        let wName = all.map { $0[0].count }.max()! + 2
        let wShape = (rows.map { $0[1].count } + [header[1].count]).max()!
        let wCount = all.map { $0[2].count }.max()! + 3
        let wShare = all.map { $0[3].count }.max()! + 1
        var out = ""
        for r in all {
            var line = pad(r[0], wName) + pad(r[1], wShape) + pad(r[2], wCount, right: true) + pad(r[3], wShare, right: true)
            if !r[4].isEmpty { line += "  " + r[4] }
            out += line + "\n"
        }
        return out
    }
}
