import Foundation
import Interpreter
import Engine
import NN
import Help

/// `help(x)`, `x?` and `%help` from nnrepl's own texts (Sources/Help/texts): each object is
/// named by its canonical Python path (`torch.nn.Conv2d`, `torch.Tensor.view`) and its entry
/// shown; a layer or tensor adds what this one is; a module such as `torch.nn` lists its
/// members with one line each. Objects without an entry fall back to their signature.
extension Session {
    func installHelpTexts() {
        interpreter.helpTextProvider = { [unowned self] v in self.catalogHelp(for: v) }
    }

    /// The canonical name of `v` for help, when it is one of nnrepl's built-in objects.
    func helpName(of v: Value) -> String? {
        if let id = HelpIndex.identity(v), let name = helpIndex.names[id] { return name }
        switch v {
        case .builtin(let b):
            // Unbound methods (`torch.Tensor.view`) are made on access: found by their name.
            for prefix in ["torch.Tensor.", "torch.nn.Module.", "torch.optim.Optimizer."] where HelpCatalog.entry(prefix + b.name) != nil {
                return prefix + b.name
            }
            return nil
        case .boundMethod(let m):
            guard case .builtin(let b) = m.function else { return nil }
            switch m.receiver {
            case .tensor: return "torch.Tensor." + b.name
            case .module(let module):
                let specific = "torch.nn.\(module.typeName).\(b.name)"
                return HelpCatalog.entry(specific) != nil ? specific : "torch.nn.Module." + b.name
            default:
                let type = interpreter.typeName(m.receiver)
                if ["SGD", "Adam", "AdamW", "RMSprop"].contains(type) { return "torch.optim.Optimizer." + b.name }
                if ["StepLR", "MultiStepLR", "ExponentialLR", "LambdaLR", "CosineAnnealingLR"].contains(type) { return "torch.optim.lr_scheduler.LRScheduler." + b.name }
                return "\(type).\(b.name)"
            }
        default:
            return nil
        }
    }

    func catalogHelp(for v: Value) -> String? {
        if let (name, members) = interpreter.namespaceContents(v) { return namespaceHelp(name, members) }
        if case .module(let m) = v {
            guard !(m is ScriptedModule), let entry = HelpCatalog.entry("torch.nn.\(m.typeName)") else { return nil }
            var text = entry.text + "\n\nThis one: " + m.repr().replacingOccurrences(of: "\n", with: "\n  ")
            let params = m.namedParameters()
            if !params.isEmpty { text += "\n  parameters: " + params.map { "\($0.0) \(shapeText($0.1.shape))" }.joined(separator: ", ") }
            return text
        }
        if case .tensor(let t) = v, let entry = HelpCatalog.entry("torch.Tensor") {
            var this = "This one: shape \(shapeText(t.shape)), dtype \(t.dtype.pythonName)"
            if t.requiresGrad { this += t.isLeaf ? ", requires_grad=True (a leaf)" : ", grad_fn=<\(t.gradFn!.name)>" }
            return entry.text + "\n\n" + this
        }
        guard let name = helpName(of: v), let entry = HelpCatalog.entry(name) else { return nil }
        return entry.text
    }

    /// `help(nn)`: the members with the first sentence of their help.
    func namespaceHelp(_ name: String, _ members: [(String, Value)]) -> String {
        var documented: [(String, String)] = []
        var others: [String] = []
        for (member, value) in members where !member.hasPrefix("_") {
            if let key = helpName(of: value), let entry = HelpCatalog.entry(key) {
                documented.append((member, entry.summary))
            } else if interpreter.namespaceContents(value) != nil {
                documented.append((member, "(a module: help(\(HelpCatalog.shortName(name)).\(member)))"))
            } else {
                others.append(member)
            }
        }
        let short = HelpCatalog.shortName(name)
        var text = "Help on module \(name)" + (short == name ? "" : " (\(short))") + ": help(\(short).NAME) explains one member.\n\n"
        let width = min(24, (documented.map(\.0.count).max() ?? 0) + 2)
        for (member, summary) in documented {
            var line = "  " + pad(member, width) + summary
            if line.count > 100 { line = String(line.prefix(99)) + "…" }
            text += line + "\n"
        }
        if !others.isEmpty { text += "\nAlso: " + others.joined(separator: ", ") + "\n" }
        return text
    }

    /// The help of a magic (`%help grads`): its entry in magics.txt, else its usage line.
    func magicHelpText(_ magic: MagicInfo) -> String {
        if let entry = HelpCatalog.entry("%" + magic.name) { return entry.text }
        return "\(magic.usage)\n    \(magic.summary)"
    }
}

/// Canonical names of the built-in objects, by identity: every member of the modules nnrepl
/// has, named by its module (`F.relu` is `torch.nn.functional.relu`, `torch.relu` is `torch.relu`).
final class HelpIndex {
    static let modules = ["torch.nn.functional", "torch.nn.init", "torch.nn.utils.rnn", "torch.nn.utils", "torch.nn", "torch.optim.lr_scheduler", "torch.optim",
                          "torch.utils.data", "torch.autograd", "safetensors.torch", "torch", "sklearn.datasets", "tqdm"]
    private(set) var names: [ObjectIdentifier: String] = [:]

    init(_ interpreter: Interpreter) {
        for module in HelpIndex.modules {
            guard let value = interpreter.moduleForHelp(module), let (name, members) = interpreter.namespaceContents(value) else { continue }
            if let id = HelpIndex.identity(value), names[id] == nil { names[id] = name }
            for (member, v) in members {
                guard let id = HelpIndex.identity(v), names[id] == nil else { continue }
                names[id] = name + "." + member
            }
        }
    }

    static func identity(_ v: Value) -> ObjectIdentifier? {
        switch v {
        case .builtin(let b): return ObjectIdentifier(b)
        case .object(let o): return ObjectIdentifier(o)
        case .cls(let c): return ObjectIdentifier(c)
        default: return nil
        }
    }
}
