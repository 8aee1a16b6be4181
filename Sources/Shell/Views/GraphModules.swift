import Foundation
import Engine
import NN

/// `%graph EXPR --modules`: the autograd graph folded by module (teaching-views §2.3, the
/// "graphs get too big" complaint): one line per layer whose parameters feed the graph, with
/// the parameter-free ops that follow it in the forward (`conv2 Conv2d(6, 16, 3) [1, 16, 13, 13]
/// → relu → max_pool2d [1, 16, 6, 6] → view [1, 576]`); inputs below, the loss at the top.
extension GraphView {
    /// One line of the folded tree.
    final class Group {
        /// The layer (`conv1  Conv2d(1, 6, 3)`), or nil for a run of ops without parameters.
        var layer: String?
        /// The layer's own node(s) output shape.
        var shape: [Int]?
        /// Ops applied after the layer, in forward order.
        var ops: [Node] = []
        var children: [Group] = []
        /// A leaf input that is not a parameter (`x` with requires_grad=True).
        var leafName: String?
        init() {}
    }

    func renderModules(owners: [ObjectIdentifier: Module], moduleNames: [ObjectIdentifier: String] = [:]) -> String {
        var seen = Set<ObjectIdentifier>()
        /// The layer a node belongs to: the one owning the parameters that feed it directly.
        func layerOf(_ node: Node) -> (name: String, module: Module?)? {
            guard let name = moduleOf(node) else { return nil }
            for child in node.nextEdges.compactMap({ $0?.node }) {
                if let chain = terminalChain(child), let leaf = chain.last as? AccumulateGrad, let m = owners[ObjectIdentifier(leaf.variable)] {
                    // A Sequential's numbered child reads as the path a learner types (seq[0]).
                    let typed = moduleNames[ObjectIdentifier(m)]
                    return (Int(name.split(separator: ".").last ?? "") != nil ? (typed ?? name) : name, m)
                }
            }
            return (name, nil)
        }
        /// Inputs of a node that are not a layer's parameters.
        func inputs(_ node: Node) -> [Node] {
            node.nextEdges.compactMap { $0?.node }.filter { child in
                guard let chain = terminalChain(child), let leaf = chain.last as? AccumulateGrad else { return true }
                return owners[ObjectIdentifier(leaf.variable)] == nil
            }
        }
        func collect(_ start: Node) -> [Group] {
            var groups: [Group] = []
            for child in inputs(start) {
                var chain: [Node] = []
                var node = child
                let group = Group()
                while true {
                    if let leaf = node as? AccumulateGrad {
                        group.leafName = names[ObjectIdentifier(leaf.variable)] ?? "a leaf tensor \(tupleShape(leaf.variable.shape))"
                        group.ops = chain.reversed()
                        break
                    }
                    guard seen.insert(ObjectIdentifier(node)).inserted else {
                        group.layer = "(shown above)"
                        group.ops = chain.reversed()
                        break
                    }
                    if let layer = layerOf(node) {
                        group.layer = layer.name + (layer.module.map { "  " + ModuleShortForm.text($0) } ?? "")
                        group.shape = node.outputShape
                        group.ops = chain.reversed()
                        group.children = collect(node)
                        break
                    }
                    chain.append(node)
                    let next = inputs(node)
                    if next.count == 1 { node = next[0]; continue }
                    // A branch (or an op with no differentiable input): the ops so far form a group.
                    group.ops = chain.reversed()
                    group.children = next.isEmpty ? [] : collect(node)
                    break
                }
                groups.append(group)
            }
            return groups
        }
        let ascii = options.glyphs.tee == TreeGlyphs.ascii.tee
        let arrow = ascii ? " -> " : " → "
        seen.insert(ObjectIdentifier(rootNode))
        var out = "\(rootText)  \(tupleShape(root.shape))  \(rootNode.name)"
        var top: [Group]
        if let layer = layerOf(rootNode) {
            out += "  \(layer.name)\n"
            top = collect(rootNode)
        } else {
            out += "\n"
            top = collect(rootNode)
        }
        func line(_ g: Group) -> String {
            var parts: [String] = []
            var last: [Int]? = g.shape
            if let layer = g.layer { parts.append(layer + (g.shape.map { "  " + listShape($0) } ?? "")) }
            if let leaf = g.leafName { parts.append(leaf) }
            for op in g.ops {
                var text = GraphView.opName(op)
                if op.outputShape != last, let s = op.outputShape { text += " " + listShape(s) }
                last = op.outputShape
                parts.append(text)
            }
            return parts.joined(separator: arrow)
        }
        func walk(_ groups: [Group], prefix: String) {
            for (i, g) in groups.enumerated() {
                let isLast = i == groups.count - 1
                out += prefix + (isLast ? options.glyphs.last : options.glyphs.tee) + line(g) + "\n"
                walk(g.children, prefix: prefix + (isLast ? "   " : options.glyphs.bar))
            }
        }
        walk(top, prefix: "")
        out += "read bottom-up for the forward order;\(arrow)ops without parameters applied after a layer\n"
        return out
    }

    /// `ReluBackward0` → `relu`, `MaxPool2DWithIndicesBackward0` → `max_pool2d`, `AddBackward0` → `+`.
    static func opName(_ node: Node) -> String {
        var name = node.name
        for suffix in ["Backward0", "Backward1", "Backward2", "Backward4", "Backward"] where name.hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count)); break
        }
        let table = ["MaxPool2DWithIndices": "max_pool2d", "AvgPool2D": "avg_pool2d", "AdaptiveAvgPool2D": "adaptive_avg_pool2d",
                     "AdaptiveMaxPool2D": "adaptive_max_pool2d",
                     "Add": "+", "Sub": "−", "Mul": "*", "Div": "/", "Convolution": "conv2d", "UnsafeView": "view",
                     "NllLoss": "nll_loss", "MseLoss": "mse_loss", "LogSoftmax": "log_softmax", "NativeBatchNorm": "batch_norm",
                     "Mm": "mm", "Addmm": "addmm", "T": "t", "CopySlices": "copy_slices", "ReshapeAlias": "reshape"]
        if let mapped = table[name] { return mapped }
        var out = ""
        for (i, c) in name.enumerated() {
            if c.isUppercase && i > 0 { out += "_" }
            out += c.lowercased()
        }
        return out
    }
}
