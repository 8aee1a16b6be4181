import Foundation
import Interpreter
import Engine
import NN

/// `%graph EXPR`: the autograd graph behind a tensor as a text tree (teaching-views §2.3), what
/// `grad_fn.next_functions` holds, with the shape each node produced and the parameters by name.
extension Session {
    static let graphUsage = "%graph EXPR [--grad] [--all] [--ascii] [--modules] [--dot FILE]: EXPR is a tensor with a grad_fn, e.g. %graph loss"

    func graphMagic(_ argument: String, at stmt: Stmt) throws {
        var options = GraphView.Options()
        var dotFile: String?
        var words: [String] = []
        var tokens = argument.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)[...]
        while let token = tokens.popFirst() {
            guard token.hasPrefix("--"), token.dropFirst(2).first?.isLetter == true else { words.append(token); continue }
            switch token {
            case "--grad": options.grad = true
            case "--all": options.all = true
            case "--ascii": options.glyphs = .ascii
            case "--modules": options.modules = true
            case "--dot":
                guard let file = tokens.popFirst() else { throw PyError("UsageError", "%graph --dot FILE: give the file to write") }
                dotFile = file
            default: throw PyError("UsageError", "%graph: unknown option \(token) (the options are --grad, --all, --ascii, --modules, --dot FILE)")
            }
        }
        let text = words.joined(separator: " ")
        guard !text.isEmpty else { throw PyError("UsageError", Session.graphUsage) }
        let value = try evaluateMagicExpression(text, magic: "graph", at: stmt)
        guard case .tensor(let t) = value else {
            throw PyError("UsageError", "%graph EXPR: \(text) is \(article(interpreter.typeName(value))), not a tensor")
        }
        guard let root = t.gradFn else {
            if t.requiresGrad {
                throw PyError("UsageError", "%graph: \(text) is a leaf (requires_grad=True, no grad_fn): nothing was computed from it yet; try a result such as %graph (\(text) * 2).sum()")
            }
            throw PyError("UsageError", "%graph: \(text) has no grad_fn: it was not computed from tensors that require grad (or it was computed under torch.no_grad())")
        }
        let view = GraphView(rootText: text, root: t, rootNode: root, names: leafNames(), options: options)
        // The file first: when it cannot be written, the magic fails before printing anything.
        if let dotFile { try FileText.write(view.dot(), to: dotFile) }
        interpreter.write(options.modules ? view.renderModules(owners: parameterModules(), moduleNames: sessionModuleNames()) : view.render())
        if let dotFile { interpreter.write("wrote \(dotFile)\n") }
    }

    /// The layer that owns each parameter of the session's modules.
    func parameterModules() -> [ObjectIdentifier: Module] {
        var owners: [ObjectIdentifier: Module] = [:]
        for m in sessionModules() {
            for (_, p) in m.namedParameters(recurse: false) where owners[ObjectIdentifier(p)] == nil { owners[ObjectIdentifier(p)] = m }
        }
        return owners
    }

    /// Names for leaf tensors: `named_parameters()` names from the session's modules (the
    /// largest module wins, so `net`'s `fc1.weight` beats an alias `layer = net.fc1`), then
    /// variables that hold a tensor directly (`x = torch.randn(3, requires_grad=True)`).
    /// A single layer's own parameters get its variable's name in front (`lin.weight`, not a
    /// bare `weight` that could belong to anything).
    func leafNames() -> [ObjectIdentifier: String] {
        var best: [ObjectIdentifier: (name: String, size: Int)] = [:]
        for g in interpreter.globalNames.sorted() where !g.hasPrefix("__") {
            guard case .module(let m)? = interpreter.lookupGlobal(g) else { continue }
            let params = m.namedParameters()
            for (name, p) in params {
                let id = ObjectIdentifier(p)
                if let b = best[id], b.size >= params.count { continue }
                best[id] = (name.contains(".") ? name : "\(g).\(name)", params.count)
            }
        }
        for g in interpreter.globalNames.sorted() where !g.hasPrefix("__") {
            guard case .tensor(let t)? = interpreter.lookupGlobal(g), best[ObjectIdentifier(t)] == nil else { continue }
            best[ObjectIdentifier(t)] = (g, 0)
        }
        return best.mapValues(\.name)
    }
}

/// The tree itself, PLAIN and deterministic: node classes, shapes, parameter names, no addresses.
struct GraphView {
    struct Options {
        /// Show each parameter's gradient (`grad None`, `grad mean|g| 8.1e-03`).
        var grad = false
        /// Show `None` edges (inputs that need no gradient).
        var all = false
        /// Fold the graph by module (`--modules`).
        var modules = false
        var glyphs = TreeGlyphs.forEnvironment()
    }

    let rootText: String
    let root: Tensor
    let rootNode: Node
    let names: [ObjectIdentifier: String]
    let options: Options

    /// Lines past this are summarised: a graph that long is no longer read as a tree.
    static let maxRows = 2000

    struct Row {
        var left: String
        var shape: String
        var note: String
    }

    func render() -> String {
        var rows: [Row] = []
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(rootNode)]
        var omitted = 0
        func walk(_ node: Node?, prefix: String, last: Bool) {
            if rows.count >= GraphView.maxRows { omitted += 1; return }
            let head = prefix + (last ? options.glyphs.last : options.glyphs.tee)
            guard let node else { rows.append(Row(left: head + "None", shape: "", note: "")); return }
            if let chain = terminalChain(node), let leaf = chain.last as? AccumulateGrad {
                rows.append(Row(left: head + chainLabel(chain), shape: tupleShape(leaf.variable.shape), note: gradNote(leaf)))
                return
            }
            guard seen.insert(ObjectIdentifier(node)).inserted else {
                rows.append(Row(left: head + node.name, shape: listShape(node.outputShape), note: "(shown above)"))
                return
            }
            rows.append(Row(left: head + node.name, shape: listShape(node.outputShape), note: moduleOf(node) ?? ""))
            let children = edges(node)
            let next = prefix + (last ? "   " : options.glyphs.bar)
            for (i, child) in children.enumerated() { walk(child, prefix: next, last: i == children.count - 1) }
        }
        let children = edges(rootNode)
        for (i, child) in children.enumerated() { walk(child, prefix: "", last: i == children.count - 1) }

        var out = "\(rootText)  \(tupleShape(root.shape))  \(rootNode.name)"
        if let m = moduleOf(rootNode) { out += "  \(m)" }
        out += "\n"
        // Shapes start in one column, two spaces after the widest tree part up to column 42
        // (the tree's top levels); deeper lines keep two spaces, so PLAIN output stays near 80
        // columns however deep the graph. Notes follow the widest shape.
        let widest = rows.map { $0.left.count }.max() ?? 0
        let shapeColumn = min(widest, 40) + 2
        let shapeWidth = (rows.map { $0.shape.count }.max() ?? 0) + 2
        for r in rows {
            var line = r.left
            if !r.shape.isEmpty || !r.note.isEmpty { line = pad(line, max(shapeColumn, line.count + 2)) + r.shape }
            if !r.note.isEmpty { line = pad(line, max(shapeColumn + shapeWidth, line.count + 2)) + r.note }
            out += line + "\n"
        }
        if omitted > 0 { out += "… \(omitted) more node\(omitted == 1 ? "" : "s") not shown\n" }
        return out
    }

    /// `next_functions`, with the `None` entries only when asked for.
    func edges(_ node: Node) -> [Node?] {
        options.all ? node.nextEdges.map { $0?.node } : node.nextEdges.compactMap { $0?.node }
    }

    /// A run of single-child nodes ending at a parameter (`TBackward0 ── AccumulateGrad ── fc1.weight`):
    /// drawn on one line, since nothing branches off it. Nil when the run branches or ends elsewhere.
    func terminalChain(_ start: Node) -> [Node]? {
        var chain = [start]
        var node = start
        while !(node is AccumulateGrad) {
            let next = edges(node)
            guard next.count == 1, let only = next[0], chain.count < 64 else { return nil }
            chain.append(only)
            node = only
        }
        return chain
    }

    func chainLabel(_ chain: [Node]) -> String {
        var parts = chain.map(\.name)
        if let leaf = chain.last as? AccumulateGrad, let name = names[ObjectIdentifier(leaf.variable)] { parts.append(name) }
        return parts.joined(separator: options.glyphs.link)
    }

    /// The module whose parameters feed this node directly (`fc3` for the AddmmBackward0 that
    /// takes fc3.bias and, through TBackward0, fc3.weight); nil when none or several do.
    func moduleOf(_ node: Node) -> String? {
        var owners = Set<String>()
        for child in node.nextEdges.compactMap({ $0?.node }) {
            guard let chain = terminalChain(child), let leaf = chain.last as? AccumulateGrad,
                  let name = names[ObjectIdentifier(leaf.variable)], let dot = name.lastIndex(of: ".") else { continue }
            owners.insert(String(name[..<dot]))
        }
        return owners.count == 1 ? owners.first : nil
    }

    func gradNote(_ leaf: AccumulateGrad) -> String {
        guard options.grad else { return "" }
        guard let g = leaf.variable.grad else { return "grad None" }
        let values = g.floatValues()
        let mean = values.isEmpty ? 0 : values.reduce(0.0) { $0 + Double(Swift.abs($1)) } / Double(values.count)
        return "grad mean|g| " + String(format: "%.1e", mean)
    }

    /// Node outputs as PyTorch lists sizes (`[1, 84]`); parameters and the root as torchviz
    /// labels them (`(10,)`, `()`).
    func listShape(_ shape: [Int]?) -> String {
        shape.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" } ?? ""
    }

    func tupleShape(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    // MARK: DOT

    /// torchviz's `make_dot` layout (same labels and colours) with ids `n0, n1, …` in the
    /// tree's order instead of memory addresses, so the file is the same on every run.
    func dot() -> String {
        var ids: [ObjectIdentifier: String] = [:]
        var lines = ["digraph {", "\tgraph [size=\"12,12\"]",
                     "\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]"]
        func id(_ key: ObjectIdentifier) -> (String, Bool) {
            if let existing = ids[key] { return (existing, false) }
            let new = "n\(ids.count)"
            ids[key] = new
            return (new, true)
        }
        func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        func torchvizSize(_ shape: [Int]) -> String { "(" + shape.map(String.init).joined(separator: ", ") + ")" }
        let (outID, _) = id(ObjectIdentifier(root))
        lines.append("\t\(outID) [label=\(quote("\(rootText)\\n \(torchvizSize(root.shape))")) fillcolor=darkolivegreen1]")
        func visit(_ node: Node) -> String {
            let (nodeID, isNew) = id(ObjectIdentifier(node))
            guard isNew else { return nodeID }
            lines.append("\t\(nodeID) [label=\(quote(node.name))]")
            if let leaf = node as? AccumulateGrad {
                let (varID, _) = id(ObjectIdentifier(leaf.variable))
                let name = names[ObjectIdentifier(leaf.variable)] ?? ""
                lines.append("\t\(varID) [label=\(quote("\(name)\\n \(torchvizSize(leaf.variable.shape))")) fillcolor=lightblue]")
                lines.append("\t\(varID) -> \(nodeID)")
            }
            for child in node.nextEdges.compactMap({ $0?.node }) {
                let childID = visit(child)
                lines.append("\t\(childID) -> \(nodeID)")
            }
            return nodeID
        }
        let rootID = visit(rootNode)
        lines.append("\t\(rootID) -> \(outID)")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
