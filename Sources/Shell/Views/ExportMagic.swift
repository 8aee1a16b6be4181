import Foundation
import Interpreter

/// `%export FILE.py`: the session as a Python script that real PyTorch runs to the same output
/// (teaching-views §2.13): the statements that ran without error, in order; magics left out
/// (`%seed N` becomes `torch.manual_seed(N)`, which it is); every expression statement whose
/// value the shell displayed wrapped in `print(repr(...))`, since a script displays nothing;
/// `help(...)` and `dir(...)` kept as comments (Python's own texts differ from nnrepl's).
extension Session {
    /// One statement as it goes into the script.
    struct ExportedStatement {
        let text: String
        let compound: Bool
    }

    static let exportHeader = """
    # Exported from an nnrepl session by %export: the statements that ran without error, magics
    # left out, and the values the shell displayed printed with print(repr(...)), so that
    # `python3 FILE` prints what the session showed.
    """

    func exportMagic(_ argument: String) throws {
        var words = argument.split(separator: " ").map(String.init)
        let force = words.contains("-f")
        words.removeAll { $0 == "-f" }
        guard words.count == 1 else { throw PyError("UsageError", "usage: %export [-f] FILE.py (or %export - to print the script)") }
        let path = MagicArguments.unquote(words[0])
        var text = Session.exportHeader + "\n"
        var previousCompound = false
        for s in exportedStatements {
            if previousCompound && !s.compound { text += "\n" }
            text += s.text + "\n"
            previousCompound = s.compound
        }
        if path == "-" { interpreter.write(text); return }
        if !force && FileText.exists(path) { throw PyError("UsageError", "\(path) exists; %export -f \(path) overwrites it") }
        try FileText.write(text, to: path)
        let n = exportedStatements.count
        interpreter.write("exported \(n) statement\(n == 1 ? "" : "s") to \(path) (run it with python3 \(path))\n")
    }

    /// Called for each statement that ran without error, with the ranges of the expression
    /// statements inside it whose values were displayed.
    func recordExport(_ s: Stmt, _ source: SourceFile, displayed: [SourceRange]) {
        switch s.kind {
        case .magic(let name, let argument):
            guard name == "seed" else { return }
            let n = argument.trimmingCharacters(in: .whitespaces)
            let imported = exportedStatements.contains { $0.text.contains("import torch") }
            exportedStatements.append(ExportedStatement(text: (imported ? "" : "import torch\n") + "torch.manual_seed(\(n))", compound: false))
        case .helpRequest:
            return
        case .expr:
            // help() and dir() print nnrepl's own texts, which Python's differ from.
            let text = statementText(s, source)
            if let callee = ["help", "dir"].first(where: { text.range(of: "\\b\($0)\\(", options: .regularExpression) != nil }),
               interpreter.lookupGlobal(callee).map({ if case .builtin = $0 { return true }; return false }) ?? false {
                exportedStatements.append(ExportedStatement(text: "# " + text.replacingOccurrences(of: "\n", with: "\n# ") + "    # nnrepl's \(callee)() text differs from Python's", compound: false))
                return
            }
            fallthrough
        default:
            exportedStatements.append(ExportedStatement(text: exportText(s, source, displayed: displayed), compound: isCompound(s)))
        }
    }

    /// The statement's source with `print(repr(` … `))` around each displayed expression.
    func exportText(_ s: Stmt, _ source: SourceFile, displayed: [SourceRange]) -> String {
        let first = s.range.start.line, last = max(s.range.end.line, first)
        var lines: [[Unicode.Scalar]] = (first...last).map { Array((source.line($0) ?? "").unicodeScalars) }
        var ranges = Array(Set(displayed.map { RangeKey($0) })).filter { $0.startLine >= first && $0.endLine <= last }
        // Several statements on one line (`a = 1; a`): keep this statement's part only.
        var shift = 0
        if first == last {
            let scalars = lines[0]
            let from = min(max(s.range.start.column - 1, 0), scalars.count)
            var to = s.range.end.column - 1
            if to <= from || to > scalars.count { to = scalars.count }
            let before = String(String.UnicodeScalarView(scalars[..<from]))
            let after = String(String.UnicodeScalarView(scalars[to...])).trimmingCharacters(in: .whitespaces)
            let alone = before.allSatisfy { $0 == " " || $0 == "\t" } && (after.isEmpty || after.hasPrefix("#"))
            if !alone {
                lines[0] = Array(lines[0][from..<to])
                shift = from
            }
        }
        // Rightmost first, so earlier columns stay valid.
        ranges.sort { ($0.startLine, $0.startColumn) > ($1.startLine, $1.startColumn) }
        for r in ranges {
            let endLine = r.endLine - first, startLine = r.startLine - first
            let endCol = min(max(r.endColumn - 1 - (r.endLine == first ? shift : 0), 0), lines[endLine].count)
            lines[endLine].insert(contentsOf: "))".unicodeScalars, at: endCol)
            let startCol = min(max(r.startColumn - 1 - (r.startLine == first ? shift : 0), 0), lines[startLine].count)
            lines[startLine].insert(contentsOf: "print(repr(".unicodeScalars, at: startCol)
        }
        var text = lines.map { String(String.UnicodeScalarView($0)) }
        while let l = text.last, l.trimmingCharacters(in: .whitespaces).isEmpty { text.removeLast() }
        if let firstLine = text.first { text[0] = firstLine.trimmingLeadingWhitespace() }
        return text.joined(separator: "\n")
    }

    /// A source range as a set key.
    struct RangeKey: Hashable {
        let startLine: Int, startColumn: Int, endLine: Int, endColumn: Int
        init(_ r: SourceRange) {
            startLine = r.start.line; startColumn = r.start.column; endLine = r.end.line; endColumn = r.end.column
        }
    }
}
