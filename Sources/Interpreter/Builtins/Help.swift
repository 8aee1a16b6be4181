import Engine
import NN

/// `help(obj)`, `obj?` and `dir(obj)`.
extension Interpreter {
    var generalHelp: String {
        """
        nnrepl speaks the PyTorch you are learning: a Python subset with torch, torch.nn (nn),
        torch.nn.functional (F) and torch.optim (optim).
        Try help(nn.Conv2d), help(torch.randn), dir(net), or %help in the shell.
        """
    }

    /// The help text for a value: its doc, signature and, for modules, members.
    func helpText(for v: Value) throws -> String {
        if let text = helpTextProvider?(v) { return text }
        switch v {
        case .builtin(let b):
            return b.doc.isEmpty ? "Help on built-in function \(b.name):\n\n\(b.name)(...)" : b.doc
        case .boundMethod(let m):
            if case .builtin(let b) = m.function { return b.doc.isEmpty ? "Help on method \(b.name) of \(typeName(m.receiver)):\n\n\(b.name)(...)" : b.doc }
            return try helpText(for: m.function)
        case .function(let f):
            let params = f.parameters.positional.map(\.name) + (f.parameters.varArgs.map { ["*" + $0] } ?? []) + f.parameters.keywordOnly.map(\.name) + (f.parameters.varKeywords.map { ["**" + $0] } ?? [])
            return "Help on function \(f.name):\n\n\(f.qualifiedName)(\(params.joined(separator: ", ")))"
        case .object(let lc as LayerClassObject):
            return lc.doc.isEmpty ? "Help on class \(lc.name) in \(lc.qualified):\n\nclass \(lc.name)(Module)" : lc.doc
        case .object(let ns as NamespaceObject):
            let names = ns.members.keys.filter { !$0.hasPrefix("_") }.sorted()
            return "Help on module \(ns.name):\n\n" + columns(names)
        case .module(let m):
            var text = "\(m.typeName) (a torch.nn.Module)\n\n\(m.repr())\n"
            let params = m.namedParameters()
            if !params.isEmpty {
                text += "\nParameters:\n" + params.map { "  \($0.0): \(formatSize($0.1.shape))" }.joined(separator: "\n") + "\n"
            }
            return text
        case .tensor(let t):
            return "Tensor of shape \(formatSize(t.shape)), dtype \(t.dtype.pythonName)" + (t.requiresGrad ? ", requires_grad=True" : "") + "\nMethods: see dir(tensor)."
        case .cls(let c):
            let methods = c.attributes.keys.compactMap { k -> String? in if case .str(let s) = k, !s.hasPrefix("__") || s == "__init__" { return s }; return nil }
            return "Help on class \(c.name):\n\nclass \(c.name)(\(c.bases.map(\.name).joined(separator: ", ")))\n" + (methods.isEmpty ? "" : "\nMethods: " + methods.joined(separator: ", "))
        default:
            return "Help on \(typeName(v)) object:\n\n\(try repr(v))"
        }
    }

    private func columns(_ names: [String]) -> String {
        let width = (names.map(\.count).max() ?? 0) + 2
        let perLine = max(1, 78 / max(width, 1))
        var lines: [String] = []
        var i = 0
        while i < names.count {
            lines.append(names[i..<min(i + perLine, names.count)].map { $0.padding(toLength: width, withPad: " ", startingAt: 0) }.joined().trimmingCharacters(in: .whitespaces))
            i += perLine
        }
        return lines.joined(separator: "\n")
    }

    /// `dir(v)` without dunders: attributes and methods (completion uses it too).
    public func attributeNames(of v: Value) -> [String] {
        switch v {
        case .tensor: return tensorAttributeNames
        case .module(let m):
            var names = moduleBaseMethodNames + ["training"]
            names += m.parameterEntries.map(\.name) + m.bufferEntries.map(\.name) + m.childEntries.map(\.name)
            if let sm = m as? ScriptedModule {
                names += sm.plainAttributes.keys.compactMap { if case .str(let s) = $0 { return s }; return nil }
                for c in sm.cls.mro { names += c.attributes.keys.compactMap { if case .str(let s) = $0, !s.hasPrefix("__") { return s }; return nil } }
            }
            names += layerAttributeNames(m)
            return Array(Set(names))
        case .instance(let inst):
            var names = inst.attributes.keys.compactMap { k -> String? in if case .str(let s) = k { return s }; return nil }
            for c in inst.cls.mro { names += c.attributes.keys.compactMap { if case .str(let s) = $0, !s.hasPrefix("__") { return s }; return nil } }
            return Array(Set(names))
        case .cls(let c):
            return c.mro.flatMap { $0.attributes.keys.compactMap { if case .str(let s) = $0 { return s }; return nil } }
        case .object(let o): return o.attributeNames()
        case .str: return ["capitalize", "center", "count", "endswith", "find", "format", "index", "isalnum", "isalpha", "isdigit", "islower", "isspace", "isupper", "join", "ljust", "lower", "lstrip", "replace", "rjust", "rstrip", "split", "splitlines", "startswith", "strip", "title", "upper", "zfill"]
        case .list: return ["append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort"]
        case .dict: return ["clear", "copy", "get", "items", "keys", "pop", "setdefault", "update", "values"]
        case .set: return ["add", "copy", "difference", "discard", "intersection", "remove", "union", "update"]
        case .tuple: return ["count", "index"]
        default: return []
        }
    }
}
