import Foundation

/// What the shell (Sources/Shell) asks of the interpreter beyond running code: help text for a
/// value, and the parameter names of a callable for keyword completion. Nothing here runs user
/// code: completion calls it on every Tab.
extension Interpreter {
    /// The text `help(v)` shows.
    public func helpText(of v: Value) throws -> String { try helpText(for: v) }

    /// Sends help text to the shell's pager hook, or prints it.
    func emitHelp(_ text: String) {
        if let showHelp { showHelp(text) } else { write(text + "\n") }
    }

    /// The parameter names a call to `v` accepts by keyword, in declaration order, or nil when
    /// they are not known. Reads stored signatures only; never calls anything.
    public func parameterNames(ofCallable v: Value) -> [String]? {
        switch v {
        case .builtin(let b):
            return b.signature.map(Self.parameterNames(inSignature:))
        case .function(let f):
            return f.parameters.positional.map(\.name) + f.parameters.keywordOnly.map(\.name)
        case .boundMethod(let m):
            guard let names = parameterNames(ofCallable: m.function) else { return nil }
            // A Python method's first parameter is the receiver; a builtin's signature has none.
            if case .function = m.function { return Array(names.dropFirst()) }
            return names
        case .cls(let c):
            if case .function(let f)? = c.lookup("__init__") {
                return Array((f.parameters.positional.map(\.name) + f.parameters.keywordOnly.map(\.name)).dropFirst())
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

    /// "input, dim=None, *, dtype=None, *size" → ["input", "dim", "dtype"] (no `*` entries).
    static func parameterNames(inSignature text: String) -> [String] {
        text.split(separator: ",").compactMap { raw in
            let part = raw.trimmingCharacters(in: .whitespaces)
            if part.isEmpty || part.hasPrefix("*") { return nil }
            let name = part.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? part
            return name.isEmpty ? nil : name
        }
    }
}
