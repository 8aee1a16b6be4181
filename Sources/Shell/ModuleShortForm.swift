import NN

/// A layer in a few characters, as the shape trace's module column shows it: the class and the
/// sizes a learner passed positionally (`Conv2d(1, 6, 3)`, `Linear(576, 120)`, `MaxPool2d(2)`),
/// then only the options that differ from their neutral value (`Conv2d(3, 8, 3, padding=1)`).
/// Everything is read from the layer's `optionAttributes`, so it always matches the layer.
enum ModuleShortForm {
    /// Options shown positionally, in this order, when the layer has them.
    static let positional = ["in_channels", "out_channels", "in_features", "out_features", "num_features",
                             "kernel_size", "output_size"]
    /// Options shown as `name=value` when they differ from the neutral value given here.
    static let keywordNeutral: [(String, OptionValue)] = [
        ("stride", 1), ("padding", 0), ("dilation", 1), ("groups", 1), ("ceil_mode", false),
        ("return_indices", false), ("p", .none), ("dim", .none), ("start_dim", 1), ("end_dim", -1),
        ("inplace", false),
    ]

    static func text(_ m: Module) -> String {
        let options = m.optionAttributes
        func option(_ name: String) -> OptionValue? { options.first { $0.name == name }?.value }
        var items: [String] = []
        for name in positional { if let v = option(name) { items.append(compact(v).description) } }
        for (name, neutral) in keywordNeutral {
            guard let v = option(name) else { continue }
            var same = compact(v) == neutral
            // A pooling window steps by its own size unless told otherwise.
            if name == "stride", option("in_channels") == nil, let k = option("kernel_size") { same = compact(v) == compact(k) }
            if !same { items.append("\(name)=\(compact(v).repr)") }
        }
        // A layer built with bias=False registers its bias as None.
        if m.hasParameter("bias"), m.parameter("bias") == nil { items.append("bias=False") }
        if items.isEmpty && !m.childEntries.isEmpty { items.append("…") }
        return "\(m.typeName)(" + items.joined(separator: ", ") + ")"
    }

    /// `(3, 3)` → `3`: a square size reads as one number, as it is usually written.
    static func compact(_ v: OptionValue) -> OptionValue {
        if case .tuple(let items) = v, let first = items.first, items.allSatisfy({ $0 == first }) { return first }
        return v
    }
}
