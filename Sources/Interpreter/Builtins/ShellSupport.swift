import Foundation

/// What the shell (Sources/Shell) asks of the interpreter beyond running code: help text for a
/// value, and the parameter names of a callable for keyword completion. Nothing here runs user
/// code: completion calls it on every Tab.
extension Interpreter {
    /// The text `help(v)` shows.
    public func helpText(of v: Value) throws -> String { try helpText(for: v) }

    /// A module by its import name (`torch.nn`), built if needed but bound to no variable:
    /// the shell's help indexes the members of the modules nnrepl has. Nil when unknown.
    public func moduleForHelp(_ name: String) -> Value? { try? importModule(name, range: nil) }

    /// A module value's import name and members (`torch.nn` → `Conv2d`, …); nil for other values.
    public func namespaceContents(_ v: Value) -> (name: String, members: [(String, Value)])? {
        guard case .object(let ns as NamespaceObject) = v else { return nil }
        return (ns.name, ns.members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// A built-in layer, optimizer or other built-in class: its Python name (`Conv2d`, `SGD`).
    public func builtinClassName(_ v: Value) -> String? {
        switch v {
        case .object(let c as LayerClassObject): return c.name
        case .object(let t as BuiltinType): return t.name
        default: return nil
        }
    }

    /// Sends help text to the shell's pager hook, or prints it.
    func emitHelp(_ text: String) {
        if let showHelp { showHelp(text) } else { write(text + "\n") }
    }

    /// The parameters a call to `v` accepts by keyword, in declaration order: those that may
    /// also be given by position, then keyword-only ones; nil when not known. Reads stored
    /// signatures only; never calls anything.
    public func parameterNames(ofCallable v: Value) -> (positional: [String], keywordOnly: [String])? {
        switch v {
        case .builtin(let b):
            return b.signature.map(Self.parameterNames(inSignature:))
        case .function(let f):
            return (f.parameters.positional.map(\.name), f.parameters.keywordOnly.map(\.name))
        case .boundMethod(let m):
            guard let names = parameterNames(ofCallable: m.function) else { return nil }
            // A Python method's first parameter is the receiver; a builtin's signature has none.
            if case .function = m.function { return (Array(names.positional.dropFirst()), names.keywordOnly) }
            return names
        case .cls(let c):
            if case .function(let f)? = c.lookup("__init__") {
                return (Array(f.parameters.positional.map(\.name).dropFirst()), f.parameters.keywordOnly.map(\.name))
            }
            return nil
        case .object(let layer as LayerClassObject):
            return layer.signature.map(Self.parameterNames(inSignature:))
        case .object(let type as BuiltinType):
            return type.signature.map(Self.parameterNames(inSignature:))
        default:
            return nil
        }
    }

    /// "input, dim=None, *, dtype=None" → (["input", "dim"], ["dtype"]); after `*` or `*size`
    /// parameters are keyword-only; `**kwargs` is left out.
    static func parameterNames(inSignature text: String) -> (positional: [String], keywordOnly: [String]) {
        var positional: [String] = [], keywordOnly: [String] = []
        var afterStar = false
        for raw in text.split(separator: ",") {
            let part = raw.trimmingCharacters(in: .whitespaces)
            if part.isEmpty || part.hasPrefix("**") { continue }
            if part.hasPrefix("*") { afterStar = true; continue }
            let name = part.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? part
            if name.isEmpty { continue }
            if afterStar { keywordOnly.append(name) } else { positional.append(name) }
        }
        return (positional, keywordOnly)
    }
}
