import Foundation
import Interpreter
import CInterrupt

/// `%run FILE`: runs a file inside the current session, as `nnrepl FILE` would run it (script
/// display rules: only what it prints shows), leaving its variables in the session.
extension Session {
    func runFileMagic(_ argument: String) throws {
        var path = argument.trimmingCharacters(in: .whitespaces)
        if path.count >= 2, let q = path.first, q == "'" || q == "\"", path.last == q { path = String(path.dropFirst().dropLast()) }
        guard !path.isEmpty else { throw PyError("UsageError", "usage: %run FILE") }
        guard runDepth < 20 else { throw PyError("RecursionError", "%run nested more than 20 files deep (does \(path) run itself?)") }
        let source = SourceFile(name: path, text: try FileText.read(path))
        let statements: [Stmt]
        do {
            statements = try parse(source)
        } catch let e as PyError {
            report(e, defaultFile: path)
            throw AlreadyReported()
        }
        let mode = interpreter.displayMode
        interpreter.displayMode = .script
        runDepth += 1
        defer { interpreter.displayMode = mode; runDepth -= 1 }
        var options = ProgressBar.Options()
        options.desc = "%run " + path
        options.total = Double(statements.count)
        options.unit = "stmt"
        options.delay = 1
        try withProgress(options) { bar in
            for s in statements {
                do {
                    try perform(s, source: source)
                } catch is AlreadyReported {
                    throw AlreadyReported()
                } catch let e as PyError {
                    if e.typeName == "SystemExit" { break } // ends the file, not the session
                    bar.clear()
                    report(e, defaultFile: path)
                    throw AlreadyReported()
                }
                bar.update()
            }
        }
    }
}
