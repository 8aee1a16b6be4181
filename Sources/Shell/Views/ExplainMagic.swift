import Foundation
import Interpreter
import Engine
import NN

/// `%explain EXPR[INDEX]`: where one output number comes from. The op that produced it is
/// found, in this order: a call made while EXPR is evaluated (`%explain net.conv1(x)[0, 0, 5, 7]`),
/// the values EXPR's `grad_fn` saved (`out = net.conv1(x)` then `%explain out[0, 2, 5, 7]`),
/// or, when backward() freed those, by running again the statement that assigned EXPR
/// (`out = net(x)`) and catching the last layer or function call whose output has that value.
/// Only looks: RNG, buffers and training modes are as before.
extension Session {
    static let explainUsage = "%explain EXPR[INDEX]: one number of a tensor, e.g. %explain out[0, 2, 5, 7] or %explain loss"

    func explainMagic(_ argument: String, at stmt: Stmt) throws {
        let text = argument.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw PyError("UsageError", Session.explainUsage) }
        let (baseText, indexText) = Session.splitIndex(text)
        let rng = Generator.global.rngState()
        defer { if Generator.global.rngState() != rng { Generator.global.setRngState(rng) } }

        let moduleNames = sessionModuleNames()
        let recorder = CallRecorder(interpreter: interpreter, modules: sessionModules())
        let baseValue = try recorder.run { try evaluateMagicExpression(baseText, magic: "explain", at: stmt) }
        guard case .tensor(let t) = baseValue else {
            throw PyError("UsageError", "%explain: \(baseText) is \(article(interpreter.typeName(baseValue))), not a tensor")
        }
        var indexValue: Value = .tuple([])
        var index: [Int] = []
        if let indexText {
            if indexText.contains(":") {
                throw PyError("UsageError", "%explain: one number at a time: give a whole number per dimension, no slices (got [\(indexText)])")
            }
            indexValue = try evaluateMagicExpression("(\(indexText),)", magic: "explain", at: stmt)
            guard case .tuple(let items) = indexValue else { throw PyError("UsageError", Session.explainUsage) }
            for item in items {
                guard case .int(let i) = item else {
                    throw PyError("UsageError", "%explain: the index must be whole numbers, one per dimension (no slices), got [\(indexText)]")
                }
                index.append(i)
            }
        }
        guard index.count == t.ndim || (indexText == nil && t.numel == 1) else {
            throw PyError("UsageError", "%explain: \(baseText) has shape \(shapeText(t.shape)); give one index per dimension, e.g. %explain \(baseText)[\(t.shape.map { _ in "0" }.joined(separator: ", "))]")
        }
        if indexText == nil { index = Array(repeating: 0, count: t.ndim) }
        for (d, i) in index.enumerated() {
            let size = t.shape[d]
            guard i >= -size && i < size else {
                throw PyError("IndexError", "index \(i) is out of bounds for dimension \(d) with size \(size)")
            }
            index[d] = i < 0 ? i + size : i
        }
        let actual = value(t, index)

        var explanation: ExplainText?
        var reason = ""
        // 1. A call made while evaluating EXPR.
        if let op = recorder.lastOp(producing: t, at: index, moduleNames: moduleNames) {
            explanation = ExplainText(op: op, target: baseText, index: index, outputShape: t.shape, actual: actual, context: viewContext)
        }
        // 2. What grad_fn saved.
        if explanation == nil, let node = t.gradFn {
            do {
                let owners = parameterOwners(moduleNames)
                let op = try ExplainOp.fromNode(node, names: leafNames(), owners: owners)
                var e = ExplainText(op: op, target: baseText, index: index, outputShape: t.shape, actual: actual, context: viewContext)
                if op.input == nil, case .maxPoolIndices = op.kind {} else if op.input == nil {
                    // ReLU & co. keep their output; their input is the node below's output.
                    if let producer = node.nextEdges.first??.node, let below = try? ExplainOp.fromNode(producer, names: leafNames(), owners: owners),
                       let v = below.outputValue(at: index) {
                        e.inputValue = v
                        e.inputNote = "the output of \(below.label) at \(shapeText(index))"
                    } else {
                        throw ExplainOp.NodeProblem.unsupported(node.name)
                    }
                }
                explanation = e
            } catch ExplainOp.NodeProblem.freed(let name) {
                reason = "\(baseText).grad_fn (\(name)) no longer holds its inputs: backward() freed them"
            } catch ExplainOp.NodeProblem.unsupported(let name) {
                reason = "\(baseText) was made by \(name)"
            }
        } else if explanation == nil {
            reason = "no call in \(baseText) produced it and it has no grad_fn"
        }
        // 3. Run the statement that assigned it again.
        if explanation == nil, let source = assignedExpressions[baseText], source.tensor == ObjectIdentifier(t) {
            if let op = try rerun(source.text, producing: t, at: index, moduleNames: moduleNames) {
                explanation = ExplainText(op: op, target: baseText, index: index, outputShape: t.shape, actual: actual, context: viewContext)
                explanation!.inputNote = nil
            } else {
                reason += "; running `\(baseText) = \(source.text)` again did not show a layer or function call that produced \(baseText)\(shapeText(index))"
            }
        }
        guard let e = explanation else {
            throw PyError("UsageError", "%explain: \(reason.isEmpty ? "cannot tell where \(baseText) comes from" : reason). %explain takes apart conv2d, linear, max/avg pooling, relu/leaky_relu/sigmoid/tanh and the MSE, L1 and cross-entropy losses; try the call itself, e.g. %explain net.conv1(x)[0, 0, 0, 0]")
        }
        var out: String
        do { out = try e.render() } catch let f as ExplainFailure { throw PyError("UsageError", "%explain: " + f.message) }
        // The number as the learner would see it printed.
        let element = indexText == nil ? baseValue : try interpreter.getItem(baseValue, indexValue)
        out += "print(" + (indexText == nil ? baseText : "\(baseText)[\(indexText!)]") + ") shows " + (try interpreter.repr(element)) + "\n"
        interpreter.write(out)
    }

    /// `out[0, 2, 5, 7]` → ("out", "0, 2, 5, 7"); `loss` → ("loss", nil). Only a final
    /// subscript after an expression counts (`[1, 2]` alone is a list).
    static func splitIndex(_ text: String) -> (String, String?) {
        guard text.hasSuffix("]") else { return (text, nil) }
        let chars = Array(text)
        var depth = 0
        var quote: Character?
        var open: Int?
        for (i, c) in chars.enumerated() {
            if let q = quote { if c == q { quote = nil }; continue }
            if c == "'" || c == "\"" { quote = c; continue }
            if "([{".contains(c) { if depth == 0 && c == "[" { open = i }; depth += 1 }
            if ")]}".contains(c) { depth -= 1 }
        }
        guard let open, open > 0 else { return (text, nil) }
        let base = String(chars[..<open]).trimmingCharacters(in: .whitespaces)
        let index = String(chars[(open + 1)..<(chars.count - 1)])
        guard !base.isEmpty, isExpression(base) else { return (text, nil) }
        return (base, index)
    }

    /// Every module the session's variables hold, with the name a learner would type.
    func sessionModuleNames() -> [ObjectIdentifier: String] {
        var names: [ObjectIdentifier: String] = [:]
        for g in interpreter.globalNames.sorted() where !g.hasPrefix("__") {
            guard case .module(let m)? = interpreter.lookupGlobal(g) else { continue }
            for (path, sub) in m.namedModules() {
                let name = path.isEmpty ? g : path.split(separator: ".").reduce(g) { ShapeTrace.childPath($0, String($1)) }
                if let existing = names[ObjectIdentifier(sub)], existing.count <= name.count { continue }
                names[ObjectIdentifier(sub)] = name
            }
        }
        return names
    }

    /// For each parameter, its layer as `net.conv1 = Conv2d(1, 6, 3)`.
    func parameterOwners(_ moduleNames: [ObjectIdentifier: String]) -> [ObjectIdentifier: String] {
        var owners: [ObjectIdentifier: String] = [:]
        for m in sessionModules() {
            guard let name = moduleNames[ObjectIdentifier(m)] else { continue }
            for (_, p) in m.namedParameters(recurse: false) where owners[ObjectIdentifier(p)] == nil {
                owners[ObjectIdentifier(p)] = "\(name) = \(ModuleShortForm.text(m))"
            }
        }
        return owners
    }

    func sessionModules() -> [Module] {
        var seen = Set<ObjectIdentifier>()
        var out: [Module] = []
        for g in interpreter.globalNames.sorted() where !g.hasPrefix("__") {
            guard case .module(let m)? = interpreter.lookupGlobal(g) else { continue }
            for (_, sub) in m.namedModules() where seen.insert(ObjectIdentifier(sub)).inserted { out.append(sub) }
        }
        return out
    }

    /// Runs `text` (the right-hand side that assigned the tensor) once more under no_grad, with
    /// buffers and the RNG put back afterwards, and returns the op whose output matches.
    func rerun(_ text: String, producing t: Tensor, at index: [Int], moduleNames: [ObjectIdentifier: String]) throws -> ExplainOp? {
        let modules = sessionModules()
        let buffers = modules.flatMap { $0.namedBuffers(recurse: false).map(\.1) }
        let saved = buffers.map { try? $0.contiguousCopy() }
        defer {
            for (b, copy) in zip(buffers, saved) { if let copy { _ = try? GradMode.with(false) { try b.copyFrom(copy) } } }
        }
        let recorder = CallRecorder(interpreter: interpreter, modules: modules)
        _ = try? recorder.run { try GradMode.with(false) { try interpreter.evaluate(text, name: "<%explain>") } }
        return recorder.lastOp(producing: t, at: index, moduleNames: moduleNames)
    }
}

/// Records the calls made while an expression runs: every call written in the source (through
/// the interpreter's call observer, at any depth) and every module called from Swift (forward
/// hooks, e.g. a Sequential's children), with their arguments and tensor results.
final class CallRecorder {
    struct Record {
        let callee: Value
        let arguments: Arguments
        let output: Tensor
    }

    private(set) var records: [Record] = []
    let interpreter: Interpreter
    let modules: [Module]

    init(interpreter: Interpreter, modules: [Module]) {
        self.interpreter = interpreter
        self.modules = modules
    }

    func run<T>(_ body: () throws -> T) throws -> T {
        let previous = interpreter.callObserver
        var hooks: [(Module, Int)] = []
        interpreter.callObserver = { [unowned self] event in
            previous?(event)
            if case .tensor(let out)? = event.result, !self.records.contains(where: { $0.output === out }) {
                self.records.append(Record(callee: event.callee, arguments: event.arguments, output: out))
            }
        }
        for m in modules where m.childEntries.isEmpty {
            let id = m.addForwardObserver { [unowned self] module, inputs, output in
                guard let out = ShapeTrace.asTensor(output), !self.records.contains(where: { $0.output === out }) else { return }
                self.records.append(Record(callee: .module(module), arguments: Arguments(inputs.compactMap(ShapeTrace.asValue)), output: out))
            }
            hooks.append((m, id))
        }
        defer {
            interpreter.callObserver = previous
            for (m, id) in hooks { m.removeForwardObserver(id) }
        }
        return try body()
    }

    /// The last explainable call whose output is `t` itself, or has t's shape and the same
    /// value at `index` (a re-run makes new tensors with the same numbers).
    func lastOp(producing t: Tensor, at index: [Int], moduleNames: [ObjectIdentifier: String]) -> ExplainOp? {
        let target = value(t, index)
        for r in records.reversed() {
            let same = r.output === t || (r.output.shape == t.shape && value(r.output, index).bitPattern == target.bitPattern)
            guard same, let op = ExplainOp.fromCall(callee: r.callee, arguments: r.arguments, moduleNames: moduleNames) else { continue }
            return op
        }
        return nil
    }
}

extension ExplainOp {
    /// The op's output at `index`, computed from its inputs (used for the input of a ReLU
    /// that kept only its output); nil when not computable here.
    func outputValue(at index: [Int]) -> Double? {
        guard let x = input else { return nil }
        switch kind {
        case .conv(let w, let b, let stride, let padding, let dilation, let groups):
            guard x.ndim == 4, index.count == 4 else { return nil }
            let (n, co, oy, ox) = (index[0], index[1], index[2], index[3])
            let cin = w.shape[1], group = co / max(1, w.shape[0] / groups)
            var sum = b.map { value($0, [co]) } ?? 0
            for ci in 0..<cin {
                for i in 0..<w.shape[2] {
                    for j in 0..<w.shape[3] {
                        let iy = oy * stride[0] - padding[0] + i * dilation[0], ix = ox * stride[1] - padding[1] + j * dilation[1]
                        guard iy >= 0, iy < x.shape[2], ix >= 0, ix < x.shape[3] else { continue }
                        sum += value(x, [n, group * cin + ci, iy, ix]) * value(w, [co, ci, i, j])
                    }
                }
            }
            return sum
        case .linear(let w, let b):
            guard index.count == x.ndim else { return nil }
            let j = index.last!, row = Array(index.dropLast())
            var sum = b.map { value($0, [j]) } ?? 0
            for k in 0..<w.shape[1] { sum += value(x, row + [k]) * value(w, [j, k]) }
            return sum
        default:
            return nil
        }
    }
}
