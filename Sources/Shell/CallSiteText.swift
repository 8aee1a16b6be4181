import Foundation
import Interpreter

/// A call as the shape trace names it: its source text, with arguments that are themselves
/// calls shown as `…` (they have rows of their own), so
/// `F.max_pool2d(F.relu(self.conv1(x)),(2,2))` reads `F.max_pool2d(…, (2,2))`.
enum CallSiteText {
    /// The text `range` covers, a call spread over several lines joined into one.
    static func source(_ range: SourceRange) -> String? {
        guard let file = range.start.file else { return nil }
        var parts: [String] = []
        for n in range.start.line...max(range.end.line, range.start.line) {
            guard let line = file.line(n) else { return nil }
            let scalars = Array(line.unicodeScalars)
            let from = n == range.start.line ? min(max(range.start.column - 1, 0), scalars.count) : 0
            let to = n == range.end.line ? min(max(range.end.column - 1, from), scalars.count) : scalars.count
            parts.append(String(String.UnicodeScalarView(scalars[from..<to])).trimmingCharacters(in: .whitespaces))
        }
        let text = parts.filter { !$0.isEmpty }.joined(separator: " ")
        return text.isEmpty ? nil : text
    }

    /// The abbreviated call text; the plain source when it does not parse as a call.
    static func abbreviated(_ range: SourceRange) -> String {
        guard let text = source(range) else { return "?" }
        guard let stmts = try? Parser.parse(SourceFile(name: "<call>", text: text + "\n")), stmts.count == 1,
              case .expr(let e) = stmts[0].kind, case .call(let fn, let args) = e.kind else { return text }
        let scalars = Array(text.unicodeScalars)
        func slice(_ r: SourceRange) -> String {
            let from = min(max(r.start.column - 1, 0), scalars.count)
            let to = min(max(r.end.column - 1, from), scalars.count)
            return String(String.UnicodeScalarView(scalars[from..<to]))
        }
        func shown(_ x: Expr) -> String { containsCall(x) ? "…" : slice(x.range) }
        let items = args.map { a -> String in
            switch a {
            case .positional(let x): return shown(x)
            case .keyword(let k, let x): return "\(k)=\(shown(x))"
            case .star(let x): return "*" + shown(x)
            case .doubleStar(let x): return "**" + shown(x)
            }
        }
        return slice(fn.range) + "(" + items.joined(separator: ", ") + ")"
    }

    /// Whether a call happens anywhere inside `e` (attribute chains and operators included).
    static func containsCall(_ e: Expr) -> Bool {
        switch e.kind {
        case .call: return true
        case .attribute(let x, _), .unary(_, let x), .starred(let x): return containsCall(x)
        case .subscript(let a, let b), .binary(_, let a, let b): return containsCall(a) || containsCall(b)
        case .list(let xs), .tuple(let xs), .set(let xs), .boolOp(_, let xs): return xs.contains(where: containsCall)
        case .compare(let first, let rest): return containsCall(first) || rest.contains { containsCall($0.1) }
        case .ifExp(let t, let b, let o): return containsCall(t) || containsCall(b) || containsCall(o)
        case .slice(let l, let u, let s): return [l, u, s].contains { $0.map(containsCall) ?? false }
        case .namedExpr(_, let v): return containsCall(v)
        case .listComp, .setComp, .dictComp, .generator, .dict, .fstring: return true
        default: return false
        }
    }
}
