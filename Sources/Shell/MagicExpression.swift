import Foundation
import Interpreter

/// Python expressions typed after a magic (`%summary net (1, 1, 32, 32)`, `%graph loss`):
/// evaluating them so that their errors point at the magic's line, and telling two of them apart.
extension Session {
    /// Evaluates `text` in the session's globals. An error in the expression itself is reported
    /// at the magic's line (the statement range is filled in by `perform`); an error raised
    /// inside a function it calls keeps that function's location, with the magic's line as
    /// the frame that called it.
    func evaluateMagicExpression(_ text: String, magic: String, at stmt: Stmt) throws -> Value {
        let name = "<%\(magic)>"
        do {
            return try interpreter.evaluate(text, name: name)
        } catch let e as SyntaxError {
            throw PyError(e.kind, e.message)
        } catch var e as PyError {
            if e.location?.start.file?.name == name { e.location = nil }
            e.outerFrames = e.outerFrames.map { $0.0.start.file?.name == name ? (stmt.range, $0.1) : $0 }
            throw e
        }
    }

    /// Splits `NET SHAPE` at the first top-level space where both sides are expressions:
    /// `net (1, 1, 32, 32)` would otherwise read as the call `net(1, 1, 32, 32)`.
    /// Nil when no such split exists (the whole text is one expression, or not valid at all).
    static func splitTwoExpressions(_ text: String) -> (String, String)? {
        let chars = Array(text)
        var depth = 0
        var quote: Character?
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" { i += 2; continue }
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if "([{".contains(c) {
                depth += 1
            } else if ")]}".contains(c) {
                depth -= 1
            } else if c == " " || c == "\t", depth == 0, i > 0, chars[i - 1] != " ", chars[i - 1] != "\t" {
                let left = String(chars[..<i]).trimmingCharacters(in: .whitespaces)
                let right = String(chars[i...]).trimmingCharacters(in: .whitespaces)
                if !left.isEmpty, !right.isEmpty, isExpression(left), isExpression(right) { return (left, right) }
            }
            i += 1
        }
        return nil
    }

    /// Whether `text` parses as exactly one expression.
    static func isExpression(_ text: String) -> Bool {
        guard let stmts = try? Parser.parse(SourceFile(name: "<expr>", text: text + "\n")), stmts.count == 1,
              case .expr = stmts[0].kind else { return false }
        return true
    }
}
