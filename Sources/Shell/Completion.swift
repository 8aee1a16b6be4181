import Foundation
import Interpreter
import Engine
import NN

/// Tab completion for the shell: names, attributes of live objects, keyword arguments inside a
/// call, magics, file names inside strings. It never calls user code: attribute chains are
/// resolved through registries and plain attributes only, signatures are read, not run.
final class ShellCompleter: LineCompleter {
    unowned let session: Session
    init(session: Session) { self.session = session }

    func completions(line: String, cursor: Int) -> (wordLength: Int, candidates: [String]) {
        let chars = Array(line)
        let end = min(max(cursor, 0), chars.count)
        let before = String(chars[..<end])
        if let magic = magicCompletions(before) { return magic }
        // Inside a string literal: file names.
        if let typed = CompletionContext.openString(before: before) {
            let files = CompletionContext.fileCandidates(typed)
            return (files.prefix.count, files.names)
        }
        var start = end
        while start > 0, CompletionContext.isNameCharacter(chars[start - 1]) || chars[start - 1] == "." {
            start -= 1
        }
        let word = String(chars[start..<end])
        let interp = session.interpreter
        if let dot = word.lastIndex(of: ".") {
            let objectPath = String(word[..<dot])
            let prefix = String(word[word.index(after: dot)...])
            guard let obj = resolve(objectPath) else { return (0, []) }
            // A module's own parts (layers, parameters, buffers) come before its methods, so
            // `net.conv1.b` completes to `bias` rather than stopping at `b` for `buffers`.
            if case .module(let m) = obj {
                var own = m.childEntries.map(\.name) + m.parameterEntries.map(\.name) + m.bufferEntries.map(\.name)
                if let sm = m as? ScriptedModule { own += sm.plainAttributes.keys.compactMap { if case .str(let k) = $0 { return k }; return nil } }
                let ownMatches = Set(own.filter { $0.hasPrefix(prefix) })
                if !ownMatches.isEmpty { return (prefix.count, ownMatches.sorted()) }
            }
            let names = interp.attributeNames(of: obj).filter { $0.hasPrefix(prefix) && (!$0.hasPrefix("_") || prefix.hasPrefix("_")) }
            return (prefix.count, Array(Set(names)).sorted())
        }
        let keywords = ["and", "as", "assert", "break", "class", "continue", "def", "del", "elif", "else", "except",
                        "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not",
                        "or", "pass", "raise", "return", "try", "while", "with", "True", "False", "None"]
        // Inside a call: its keyword arguments first (`nn.Conv2d(1, 6, 3, pad` → `padding=`).
        var keywordArguments: [String] = []
        if let call = CompletionContext.openCall(before: String(chars[..<start])),
           let callee = resolve(call.callee), let parameters = interp.parameterNames(ofCallable: callee) {
            // Parameters already filled by position or by keyword are not offered again.
            let open = parameters.positional.dropFirst(call.positionalCount) + parameters.keywordOnly
            keywordArguments = open.filter { $0.hasPrefix(word) && !call.givenKeywords.contains($0) }.map { $0 + "=" }
            if word.isEmpty { return (0, keywordArguments) }
        }
        let names = Set(interp.globalNames + interp.builtinNames + keywords).filter { $0.hasPrefix(word) && !$0.hasPrefix("__") }
        return (word.count, keywordArguments + names.sorted())
    }

    /// A line starting with `%`: magic names while the name is typed, file names after `%run`
    /// and `%save`; nil for other magics' arguments, which complete as Python (`%watch net.c`).
    private func magicCompletions(_ before: String) -> (wordLength: Int, candidates: [String])? {
        let trimmed = before.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix("%") else { return nil }
        let body = trimmed.dropFirst()
        guard let space = body.firstIndex(of: " ") else {
            guard body.allSatisfy(CompletionContext.isNameCharacter) else { return nil }
            return (body.count, Session.magicNames.filter { $0.hasPrefix(body) }.sorted())
        }
        let name = body[..<space]
        guard name == "run" || name == "save" else { return nil }
        let typed = body[body.index(after: space)...].split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let files = CompletionContext.fileCandidates(typed)
        return (files.prefix.count, files.names)
    }

    /// Resolves `a.b.c` without side effects.
    func resolve(_ path: String) -> Value? {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty, var value = session.interpreter.lookupGlobal(first) else { return nil }
        for p in parts.dropFirst() {
            guard let next = safeAttribute(value, p) else { return nil }
            value = next
        }
        return value
    }

    private func safeAttribute(_ v: Value, _ name: String) -> Value? {
        switch v {
        case .module(let m):
            if let c = m.child(name) { return .module(c) }
            if let p = m.parameter(name) { return .tensor(p) }
            if let b = m.buffer(name) { return .tensor(b) }
            if let sm = m as? ScriptedModule, let a = try? sm.plainAttributes.get(.str(name)) { return a }
            // Methods (for keyword completion): looked up, never called.
            return (try? session.interpreter.lookupAttribute(v, name)) ?? nil
        case .tensor(let t):
            switch name {
            case "grad": return t.grad.map { .tensor($0) }
            case "data": return .tensor(t.data)
            default: return nil
            }
        case .object, .instance, .cls:
            return (try? session.interpreter.lookupAttribute(v, name)) ?? nil
        default:
            return nil
        }
    }
}
