/// A syntax error found while reading source text, worded and placed as CPython 3.11 does.
public struct SyntaxError: Error, CustomStringConvertible {
    /// "SyntaxError", "IndentationError" or "TabError".
    public let kind: String
    /// CPython 3.11's text, e.g. "expected ':'" or "'(' was never closed".
    public let message: String
    /// Where the caret goes (start..end, as CPython's offset/end_offset). When CPython gives no
    /// usable end (end_offset 0 or -1), `end == start`.
    public let range: SourceRange
    /// True when the text is a valid prefix of a longer statement (open bracket, a block header
    /// whose body has not started, a trailing backslash, an unterminated triple-quoted string):
    /// an interactive shell then reads another line instead of reporting the error.
    public let isIncomplete: Bool

    /// Makes an error from its parts.
    public init(kind: String = "SyntaxError", message: String, range: SourceRange, isIncomplete: Bool = false) {
        self.kind = kind
        self.message = message
        self.range = range
        self.isIncomplete = isIncomplete
    }

    /// `FILE:LINE:COL: Kind: message`.
    public var description: String { "\(range.start): \(kind): \(message)" }

    /// Builds an error from CPython's numbers (`lineno`, `offset`, `end_lineno`, `end_offset`).
    /// CPython sometimes reports offset 0 (before the line) or end_offset 0/-1 (no end): the
    /// column is kept at 1 or more, and a missing end collapses onto the start, so a renderer
    /// can always draw at least one caret.
    static func cpython(_ file: SourceFile, kind: String = "SyntaxError", _ message: String,
                        line: Int, col: Int, endLine: Int, endCol: Int,
                        incomplete: Bool = false) -> SyntaxError {
        let start = SourceLocation(file: file, line: max(line, 1), column: max(col, 1))
        let hasEnd = endCol > 0 && (endLine > line || (endLine == line && endCol >= col))
        let end = hasEnd ? SourceLocation(file: file, line: endLine, column: endCol) : start
        return SyntaxError(kind: kind, message: message, range: SourceRange(start: start, end: end),
                           isIncomplete: incomplete)
    }

    /// The same error with another message (used to prefix errors inside f-string fields).
    func withMessage(_ text: String) -> SyntaxError {
        SyntaxError(kind: kind, message: text, range: range, isIncomplete: isIncomplete)
    }
}
