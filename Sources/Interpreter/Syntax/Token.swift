/// The kinds of token the lexer produces: CPython's token types, narrowed to what the parser
/// needs (every operator is `.op`, every keyword is `.name`).
enum TokenKind: UInt8 {
    case name, number, string, op, newline, indent, dedent, endMarker
    /// A shell magic line (`%watch x`): `text` is the line from `%` to its end.
    case magic
    /// Where the lexer stopped on an error. The parser reports the lexer's error when it
    /// reaches this token, as CPython does when its parser asks for the next token.
    case error
}

/// One token, positioned exactly as CPython 3.11's tokenizer positions it, because syntax
/// error carets are computed from these positions.
struct Token {
    let kind: TokenKind
    /// The identifier, keyword, operator or number text; for a string, the raw literal with
    /// prefix and quotes; for a magic, the line from `%`.
    let text: String
    /// 1-based line and column, end exclusive (CPython's col_offset + 1). INDENT, DEDENT and
    /// ENDMARKER have no extent in CPython (col_offset -1), so their `col` and `endCol` are 0.
    let line: Int
    let col: Int
    let endLine: Int
    let endCol: Int
    /// Where CPython's tokenizer cursor stood after this token, in characters from the start of
    /// `line`. CPython uses it as the column of errors raised at a token without extent.
    let cursorCol: Int
    /// Bracket depth after this token (CPython's `tok->level`).
    let level: Int
    /// Offsets of the token's text in the lexer's scalar array (string bodies are re-read here).
    let start: Int
    let end: Int
    /// True for the DEDENTs and ENDMARKER made at the end of the input: failing to parse there
    /// means the input may simply be unfinished.
    let atEOF: Bool

    /// True when the token has a real extent in the source (not INDENT/DEDENT/ENDMARKER).
    var hasExtent: Bool { col > 0 }

    func isOp(_ s: String) -> Bool { kind == .op && text == s }
    func isKeyword(_ s: String) -> Bool { kind == .name && text == s }
    /// A NAME that is not a reserved word.
    var isIdentifier: Bool { kind == .name && !Token.keywords.contains(text) }

    /// Python 3.11's reserved words.
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    ]
    /// Names that are keywords only in some positions (`match`, `case`, `_`).
    static let softKeywords: Set<String> = ["match", "case", "_"]
}
