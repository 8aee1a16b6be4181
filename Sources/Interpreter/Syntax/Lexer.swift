/// CPython 3.11's tokenizer (Parser/tokenizer.c), redone over an array of Unicode scalars.
///
/// It follows CPython step by step, because the positions and messages of syntax errors come
/// from these steps: indentation is measured at the start of each line outside brackets (tabs
/// to multiples of 8, and again with tabs as 1 column to detect inconsistent tabs), blank and
/// comment-only lines make no tokens, newlines inside brackets are ignored, and a trailing
/// backslash joins lines. The whole input is tokenized up front; on an error the token list
/// ends with an `.error` token and the error is kept in `Output`.
struct Lexer {
    /// How a lexer error combines with parse errors. CPython's tokenizer either raises an
    /// exception itself (`raised`: bad strings, numbers, characters and brackets), which wins
    /// over any parse error because CPython tokenizes the rest of the file after a parse error;
    /// or it only sets an error code (`deferred`: indentation, line continuation, end of input
    /// in brackets) that matters only when the parser reaches that point.
    enum ErrorClass { case raised, deferred }

    /// The tokens (ending with `.endMarker` or `.error`) and the error that stopped the lexer.
    struct Output {
        var tokens: [Token]
        var error: SyntaxError?
        var errorClass: ErrorClass
        /// Line of the innermost open bracket when the input ended inside brackets.
        var unclosedBracketLine: Int?
    }

    static let eof = -1
    /// CPython's MAXLEVEL (bracket nesting) and MAXINDENT (indentation levels).
    static let maxBracketDepth = 200
    static let maxIndentDepth = 100

    private let src: [Unicode.Scalar]
    private let file: SourceFile
    private let endIndex: Int
    private let allowMagics: Bool
    /// Lexing the expression of an f-string field: it starts inside a virtual bracket (CPython
    /// 3.11 compiles `(expr)`), so newlines are ignored, and it ends with a bare ENDMARKER.
    private let isField: Bool

    private var cur: Int
    private var lineStart: Int
    private var nextLineStart: Int
    private var lineno: Int
    private var reachedEOF = false

    private var atBOL: Bool
    private var pending = 0
    private var indents = [0]
    private var altIndents = [0]
    private var brackets: [(char: Unicode.Scalar, line: Int, col: Int)] = []
    private var baseLevel = 0
    private var tokStart = 0
    private var lastKind: TokenKind? = nil
    private var tokens: [Token] = []

    /// Tokenizes a whole file. `scalars` is the text as the lexer sees it: "\r\n" is read as
    /// "\n", a lone "\r" as a space (so line numbers agree with `SourceFile.lines`), a leading
    /// byte-order mark is dropped, and a final "\n" is added when missing, as CPython does.
    static func tokenize(_ file: SourceFile, allowMagics: Bool) -> (Output, [Unicode.Scalar]) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(file.text.unicodeScalars.count + 1)
        var previousWasCR = false
        for s in file.text.unicodeScalars {
            if previousWasCR {
                previousWasCR = false
                if s != "\n" { scalars.append(" ") }
            }
            if s == "\r" {
                previousWasCR = true
                continue
            }
            if s == "\u{FEFF}" && scalars.isEmpty { continue }
            scalars.append(s)
        }
        if previousWasCR { scalars.append(" ") }
        if let last = scalars.last, last != "\n" { scalars.append("\n") }
        var lexer = Lexer(src: scalars, file: file, start: 0, end: scalars.count, line: 1,
                          lineStart: 0, allowMagics: allowMagics, isField: false)
        return (lexer.run(), scalars)
    }

    /// Tokenizes the expression of an f-string field, `src[start..<end]`, which begins on
    /// `line` whose first scalar is at `lineStart`: tokens get their real file positions.
    static func tokenizeField(_ src: [Unicode.Scalar], file: SourceFile, start: Int, end: Int,
                              line: Int, lineStart: Int) -> Output {
        var lexer = Lexer(src: src, file: file, start: start, end: end, line: line,
                          lineStart: lineStart, allowMagics: false, isField: true)
        return lexer.run()
    }

    private init(src: [Unicode.Scalar], file: SourceFile, start: Int, end: Int, line: Int,
                 lineStart: Int, allowMagics: Bool, isField: Bool) {
        self.src = src
        self.file = file
        self.endIndex = end
        self.allowMagics = allowMagics
        self.isField = isField
        self.cur = start
        self.lineStart = lineStart
        self.lineno = line
        self.atBOL = !isField
        self.nextLineStart = 0
        if isField {
            brackets.append((char: "(", line: line, col: start - lineStart))
            baseLevel = 1
        }
        self.nextLineStart = lineEnd(from: start)
    }

    // MARK: - Driving

    private enum Step {
        case token(Token)
        case failure(SyntaxError, ErrorClass)
    }

    private mutating func run() -> Output {
        tokens.reserveCapacity(endIndex / 3 + 4)
        while true {
            switch getToken() {
            case .token(let t):
                tokens.append(t)
                lastKind = t.kind
                if t.kind == .endMarker {
                    return Output(tokens: tokens, error: nil, errorClass: .deferred, unclosedBracketLine: nil)
                }
            case .failure(let error, let errorClass):
                let unclosed = reachedEOF && brackets.count > baseLevel ? brackets.last?.line : nil
                tokens.append(Token(kind: .error, text: "", line: error.range.start.line, col: 0,
                                    endLine: error.range.start.line, endCol: 0, cursorCol: 0,
                                    level: brackets.count, start: cur, end: cur, atEOF: reachedEOF))
                return Output(tokens: tokens, error: error, errorClass: errorClass, unclosedBracketLine: unclosed)
            }
        }
    }

    // MARK: - Characters

    /// Reads the next scalar (or `eof`), moving to the next line when the current one is used
    /// up: like CPython, the line number changes only when a character of the new line is read.
    private mutating func nextc() -> Int {
        if cur >= endIndex {
            reachedEOF = true
            return Lexer.eof
        }
        if cur == nextLineStart {
            lineno += 1
            lineStart = cur
            nextLineStart = lineEnd(from: cur)
        }
        let c = Int(src[cur].value)
        cur += 1
        return c
    }

    private mutating func backup(_ c: Int) {
        if c != Lexer.eof { cur -= 1 }
    }

    private func lineEnd(from i: Int) -> Int {
        var j = i
        while j < endIndex && src[j] != "\n" { j += 1 }
        return j < endIndex ? j + 1 : endIndex
    }

    private static func isDigit(_ c: Int) -> Bool { c >= 48 && c <= 57 }
    private static func isHexDigit(_ c: Int) -> Bool {
        isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
    }
    private static func isIdentifierStart(_ c: Int) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 || c >= 128
    }
    private static func isIdentifierChar(_ c: Int) -> Bool { isIdentifierStart(c) || isDigit(c) }
    private static func char(_ c: Int) -> Character {
        Character(Unicode.Scalar(UInt32(max(c, 0))) ?? "?")
    }

    /// Python's str.isprintable() for one character.
    static func isPrintable(_ s: Unicode.Scalar) -> Bool {
        if s == " " { return true }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    // MARK: - Errors and tokens

    /// An error placed as CPython's tokenizer `syntaxerror()` places it: at the cursor.
    private func errorAtCursor(_ message: String, incomplete: Bool = false) -> Step {
        let col = cur - lineStart
        return .failure(SyntaxError.cpython(file, message, line: lineno, col: col, endLine: lineno, endCol: col,
                                            incomplete: incomplete), .raised)
    }

    /// An error the parser raises when it meets CPython's error codes (E_TABSPACE, E_DEDENT, ...).
    private func deferredError(_ kind: String, _ message: String, col: Int, endCol: Int,
                               incomplete: Bool = false) -> Step {
        .failure(SyntaxError.cpython(file, kind: kind, message, line: lineno, col: col, endLine: lineno,
                                     endCol: endCol, incomplete: incomplete), .deferred)
    }

    private func text(_ from: Int, _ to: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: src[from..<to])
        return String(s)
    }

    /// A token on the current line from `tokStart` to `cur`.
    private func token(_ kind: TokenKind, end: Int? = nil) -> Step {
        let e = end ?? cur
        return .token(Token(kind: kind, text: text(tokStart, e), line: lineno, col: tokStart - lineStart + 1,
                            endLine: lineno, endCol: e - lineStart + 1, cursorCol: cur - lineStart,
                            level: brackets.count, start: tokStart, end: e, atEOF: false))
    }

    /// INDENT, DEDENT and ENDMARKER: no extent, as in CPython.
    private func markerToken(_ kind: TokenKind) -> Step {
        .token(Token(kind: kind, text: "", line: lineno, col: 0, endLine: lineno, endCol: 0,
                     cursorCol: cur - lineStart, level: brackets.count, start: cur, end: cur,
                     atEOF: reachedEOF))
    }

    // MARK: - The tokenizer proper (tok_get)

    private mutating func getToken() -> Step {
        nextLine: while true {
            var blankLine = false
            if atBOL {
                atBOL = false
                if let failure = measureIndentation(&blankLine) { return failure }
            }
            tokStart = cur
            if pending != 0 {
                if pending < 0 {
                    pending += 1
                    return markerToken(.dedent)
                }
                pending -= 1
                return markerToken(.indent)
            }

            again: while true {
                var c: Int
                repeat { c = nextc() } while c == 32 || c == 9 || c == 12
                tokStart = max(cur - 1, 0)
                if c == Lexer.eof { tokStart = cur }

                if c == 35 {  // '#': a comment runs to the end of the line
                    while c != Lexer.eof && c != 10 { c = nextc() }
                }
                if c == Lexer.eof && isField {
                    // The end of a field stands where CPython's compiler sees the `)` it wraps
                    // around the expression: the character after the expression.
                    let col = cur - lineStart + 1
                    return .token(Token(kind: .endMarker, text: "", line: lineno, col: col, endLine: lineno,
                                        endCol: col + 1, cursorCol: col, level: baseLevel, start: cur, end: cur,
                                        atEOF: false))
                }
                if c == Lexer.eof {
                    if brackets.count > baseLevel, let open = brackets.last {
                        let message = "'\(open.char)' was never closed"
                        return .failure(SyntaxError.cpython(file, message, line: open.line, col: open.col + 1,
                                                            endLine: open.line, endCol: 0, incomplete: true),
                                        .deferred)
                    }
                    return markerToken(.endMarker)
                }

                if allowMagics && c == 37 && brackets.isEmpty && startsStatement {
                    let after = cur < endIndex ? Int(src[cur].value) : Lexer.eof
                    if Lexer.isIdentifierStart(after) && after < 128 {
                        while cur < endIndex && src[cur] != "\n" { cur += 1 }
                        return token(.magic)
                    }
                }

                if Lexer.isIdentifierStart(c) {
                    return lexNameOrPrefixedString(c)
                }

                if c == 10 {  // newline
                    atBOL = true
                    if blankLine || brackets.count > 0 { continue nextLine }
                    return token(.newline, end: cur - 1)
                }

                if c == 46 {  // '.'
                    c = nextc()
                    if Lexer.isDigit(c) { return lexFraction(c) }
                    if c == 46 {
                        c = nextc()
                        if c == 46 { return token(.op) }
                        backup(c)
                        backup(46)
                    } else {
                        backup(c)
                    }
                    return token(.op)
                }

                if Lexer.isDigit(c) { return lexNumber(c) }

                if c == 39 || c == 34 { return lexString(quote: c) }

                if c == 92 {  // backslash: line continuation
                    if let failure = continuationLine() { return failure }
                    continue again
                }

                return lexOperator(c)
            }
        }
    }

    /// True when the next token would be the first of a logical line (for `%magic` lines).
    private var startsStatement: Bool {
        guard let last = lastKind else { return true }
        return last == .newline || last == .indent || last == .dedent
    }

    /// Reads the indentation of a new line and queues INDENT/DEDENT tokens.
    private mutating func measureIndentation(_ blankLine: inout Bool) -> Step? {
        var col = 0, altCol = 0, contLineCol = 0
        var c: Int
        while true {
            c = nextc()
            if c == 32 {
                col += 1
                altCol += 1
            } else if c == 9 {
                col = (col / 8 + 1) * 8
                altCol += 1
            } else if c == 12 {
                col = 0
                altCol = 0
            } else if c == 92 {
                // A backslash continues the line; the first one found fixes the indentation.
                contLineCol = contLineCol != 0 ? contLineCol : col
                if let failure = continuationLine() { return failure }
            } else {
                break
            }
        }
        backup(c)
        if c == 35 || c == 10 {
            blankLine = true  // whitespace- or comment-only lines do not count
        }
        guard !blankLine && brackets.count == 0 else { return nil }
        if contLineCol != 0 {
            col = contLineCol
            altCol = contLineCol
        }
        let top = indents[indents.count - 1], altTop = altIndents[altIndents.count - 1]
        if col == top {
            if altCol != altTop { return tabError() }
        } else if col > top {
            if indents.count >= Lexer.maxIndentDepth {
                cur = nextLineStart
                return deferredError("IndentationError", "too many levels of indentation", col: 1, endCol: 0)
            }
            if altCol <= altTop { return tabError() }
            pending += 1
            indents.append(col)
            altIndents.append(altCol)
        } else {
            while indents.count > 1 && col < indents[indents.count - 1] {
                pending -= 1
                indents.removeLast()
                altIndents.removeLast()
            }
            if col != indents[indents.count - 1] {
                cur = nextLineStart
                let at = cur - lineStart
                return deferredError("IndentationError", "unindent does not match any outer indentation level",
                                     col: at, endCol: -1, incomplete: false)
            }
            if altCol != altIndents[altIndents.count - 1] { return tabError() }
        }
        return nil
    }

    private mutating func tabError() -> Step {
        cur = nextLineStart
        return deferredError("TabError", "inconsistent use of tabs and spaces in indentation", col: 1, endCol: 0)
    }

    /// After a backslash: the line must end right there, and more input must follow.
    private mutating func continuationLine() -> Step? {
        var c = nextc()
        if c != 10 {
            let at = cur - lineStart
            return deferredError("SyntaxError", "unexpected character after line continuation character",
                                 col: at, endCol: 0)
        }
        c = nextc()
        if c == Lexer.eof {
            let at = cur - lineStart
            return deferredError("SyntaxError", "unexpected EOF while parsing", col: at, endCol: -1,
                                 incomplete: true)
        }
        backup(c)
        return nil
    }

    // MARK: - Names

    private mutating func lexNameOrPrefixedString(_ first: Int) -> Step {
        var c = first
        var sawB = false, sawR = false, sawU = false, sawF = false
        while true {
            if !(sawB || sawU || sawF) && (c == 98 || c == 66) {
                sawB = true
            } else if !(sawB || sawU || sawR || sawF) && (c == 117 || c == 85) {
                sawU = true
            } else if !(sawR || sawU) && (c == 114 || c == 82) {
                sawR = true
            } else if !(sawF || sawB || sawU) && (c == 102 || c == 70) {
                sawF = true
            } else {
                break
            }
            c = nextc()
            if c == 34 || c == 39 { return lexString(quote: c) }
        }
        var nonASCII = false
        while Lexer.isIdentifierChar(c) {
            if c >= 128 { nonASCII = true }
            c = nextc()
        }
        backup(c)
        if nonASCII, let failure = verifyIdentifier() { return failure }
        return token(.name)
    }

    /// Checks a name with non-ASCII letters against Python's identifier rules.
    private mutating func verifyIdentifier() -> Step? {
        for i in tokStart..<cur {
            let s = src[i]
            let ok = i == tokStart ? (s == "_" || s.properties.isXIDStart) : s.properties.isXIDContinue
            if ok { continue }
            cur = i + 1
            let hex = String(s.value, radix: 16, uppercase: true)
            let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            if Lexer.isPrintable(s) {
                return errorAtCursor("invalid character '\(Character(s))' (U+\(code))")
            }
            return errorAtCursor("invalid non-printable character U+\(code)")
        }
        return nil
    }

    // MARK: - Numbers

    private mutating func lexNumber(_ first: Int) -> Step {
        var c = first
        if c == 48 {
            c = nextc()
            if c == 120 || c == 88 {  // 0x
                c = nextc()
                repeat {
                    if c == 95 { c = nextc() }
                    if !Lexer.isHexDigit(c) {
                        backup(c)
                        return errorAtCursor("invalid hexadecimal literal")
                    }
                    repeat { c = nextc() } while Lexer.isHexDigit(c)
                } while c == 95
                if let failure = verifyEndOfNumber(c, "hexadecimal") { return failure }
            } else if c == 111 || c == 79 || c == 98 || c == 66 {  // 0o, 0b
                let octal = c == 111 || c == 79
                let kind = octal ? "octal" : "binary"
                let limit = octal ? 56 : 50
                c = nextc()
                repeat {
                    if c == 95 { c = nextc() }
                    if c < 48 || c >= limit {
                        if Lexer.isDigit(c) { return errorAtCursor("invalid digit '\(Lexer.char(c))' in \(kind) literal") }
                        backup(c)
                        return errorAtCursor("invalid \(kind) literal")
                    }
                    repeat { c = nextc() } while c >= 48 && c < limit
                } while c == 95
                if Lexer.isDigit(c) { return errorAtCursor("invalid digit '\(Lexer.char(c))' in \(kind) literal") }
                if let failure = verifyEndOfNumber(c, kind) { return failure }
            } else {
                var nonZero = false
                while true {
                    if c == 95 {
                        c = nextc()
                        if !Lexer.isDigit(c) {
                            backup(c)
                            return errorAtCursor("invalid decimal literal")
                        }
                    }
                    if c != 48 { break }
                    c = nextc()
                }
                let zerosEnd = cur
                if Lexer.isDigit(c) {
                    nonZero = true
                    guard let next = decimalTail() else { return errorAtCursor("invalid decimal literal") }
                    c = next
                }
                if c == 46 {
                    return lexFraction(nextc())
                } else if c == 101 || c == 69 {
                    return lexExponent(c)
                } else if c == 106 || c == 74 {
                    return lexImaginary()
                } else if nonZero {
                    backup(c)
                    let message = "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"
                    return .failure(SyntaxError.cpython(file, message, line: lineno, col: tokStart + 1 - lineStart,
                                                        endLine: lineno, endCol: zerosEnd - lineStart), .raised)
                }
                if let failure = verifyEndOfNumber(c, "decimal") { return failure }
            }
            backup(c)
            return token(.number)
        }
        guard let next = decimalTail() else { return errorAtCursor("invalid decimal literal") }
        c = next
        if c == 46 { return lexFraction(nextc()) }
        return lexAfterMantissa(c)
    }

    /// After "digits." (or "."): the fraction digits, then exponent/imaginary/end.
    private mutating func lexFraction(_ first: Int) -> Step {
        var c = first
        if Lexer.isDigit(c) {
            guard let next = decimalTail() else { return errorAtCursor("invalid decimal literal") }
            c = next
        }
        return lexAfterMantissa(c)
    }

    private mutating func lexAfterMantissa(_ c: Int) -> Step {
        if c == 101 || c == 69 { return lexExponent(c) }
        if c == 106 || c == 74 { return lexImaginary() }
        if let failure = verifyEndOfNumber(c, "decimal") { return failure }
        backup(c)
        return token(.number)
    }

    private mutating func lexExponent(_ e: Int) -> Step {
        var c = nextc()
        if c == 43 || c == 45 {
            c = nextc()
            if !Lexer.isDigit(c) {
                backup(c)
                return errorAtCursor("invalid decimal literal")
            }
        } else if !Lexer.isDigit(c) {
            backup(c)
            if let failure = verifyEndOfNumber(e, "decimal") { return failure }
            backup(e)
            return token(.number)
        }
        guard let next = decimalTail() else { return errorAtCursor("invalid decimal literal") }
        c = next
        if c == 106 || c == 74 { return lexImaginary() }
        if let failure = verifyEndOfNumber(c, "decimal") { return failure }
        backup(c)
        return token(.number)
    }

    private mutating func lexImaginary() -> Step {
        let c = nextc()
        if let failure = verifyEndOfNumber(c, "imaginary") { return failure }
        backup(c)
        return token(.number)
    }

    /// Digits with single underscores between them; nil (cursor placed for the error) on a bad underscore.
    private mutating func decimalTail() -> Int? {
        var c: Int
        while true {
            repeat { c = nextc() } while Lexer.isDigit(c)
            if c != 95 { break }
            c = nextc()
            if !Lexer.isDigit(c) {
                backup(c)
                return nil
            }
        }
        return c
    }

    /// A number may be followed by `and`, `else`, `for`, `if`, `in`, `is`, `or`, `not` (CPython
    /// only warns), but not by other letters or digits.
    private mutating func verifyEndOfNumber(_ c: Int, _ kind: String) -> Step? {
        var allowed = false
        switch c {
        case 97: allowed = lookahead("nd")
        case 101: allowed = lookahead("lse")
        case 102: allowed = lookahead("or")
        case 105:
            let c2 = nextc()
            allowed = c2 == 102 || c2 == 110 || c2 == 115
            backup(c2)
        case 111: allowed = lookahead("r")
        case 110: allowed = lookahead("ot")
        default: break
        }
        if allowed { return nil }
        // Only ASCII letters and digits count here: CPython 3.11 lets `1的` through as `1` `的`.
        if Lexer.isIdentifierChar(c) && c < 128 {
            backup(c)
            let failure = errorAtCursor("invalid \(kind) literal")
            _ = nextc()
            return failure
        }
        return nil
    }

    private mutating func lookahead(_ rest: String) -> Bool {
        var read: [Int] = []
        var matched = true
        for expected in rest.unicodeScalars {
            let c = nextc()
            read.append(c)
            if c != Int(expected.value) {
                matched = false
                break
            }
        }
        if matched {
            let c = nextc()
            read.append(c)
            matched = !Lexer.isIdentifierChar(c)
        }
        for c in read.reversed() { backup(c) }
        return matched
    }

    // MARK: - Strings

    /// A string literal; `tokStart` is at its prefix (if any). The body is decoded by the parser.
    private mutating func lexString(quote: Int) -> Step {
        var quoteSize = 1, endQuoteSize = 0
        let firstLine = lineno, firstLineStart = lineStart
        var c = nextc()
        if c == quote {
            c = nextc()
            if c == quote { quoteSize = 3 } else { endQuoteSize = 1 }
        }
        if c != quote { backup(c) }
        while endQuoteSize != quoteSize {
            c = nextc()
            if c == Lexer.eof || (quoteSize == 1 && c == 10) {
                let detected = lineno
                let col = tokStart + 1 - firstLineStart
                if quoteSize == 3 {
                    return .failure(SyntaxError.cpython(file, "unterminated triple-quoted string literal (detected at line \(detected))",
                                                        line: firstLine, col: col, endLine: firstLine, endCol: col,
                                                        incomplete: c == Lexer.eof), .raised)
                }
                return .failure(SyntaxError.cpython(file, "unterminated string literal (detected at line \(detected))",
                                                    line: firstLine, col: col, endLine: firstLine, endCol: col), .raised)
            }
            if c == quote {
                endQuoteSize += 1
            } else {
                endQuoteSize = 0
                if c == 92 { _ = nextc() }
            }
        }
        return .token(Token(kind: .string, text: text(tokStart, cur), line: firstLine,
                            col: tokStart - firstLineStart + 1, endLine: lineno, endCol: cur - lineStart + 1,
                            cursorCol: cur - lineStart, level: brackets.count, start: tokStart, end: cur,
                            atEOF: false))
    }

    // MARK: - Operators and brackets

    private static let twoCharOps: Set<String> = [
        "!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=", ":=", "<<", "<=", "<>", "==", ">=",
        ">>", "@=", "^=", "|=",
    ]
    private static let threeCharOps: Set<String> = ["**=", "...", "//=", "<<=", ">>="]

    private mutating func lexOperator(_ c: Int) -> Step {
        let c2 = nextc()
        if c2 != Lexer.eof {
            var two = String(Lexer.char(c))
            two.append(Lexer.char(c2))
            if Lexer.twoCharOps.contains(two) {
                let c3 = nextc()
                if c3 != Lexer.eof {
                    var three = two
                    three.append(Lexer.char(c3))
                    if !Lexer.threeCharOps.contains(three) { backup(c3) }
                }
                return token(.op)
            }
        }
        backup(c2)

        switch c {
        case 40, 91, 123:  // ( [ {
            if brackets.count >= Lexer.maxBracketDepth {
                return errorAtCursor("too many nested parentheses")
            }
            brackets.append((char: Unicode.Scalar(UInt8(c)), line: lineno, col: tokStart - lineStart))
        case 41, 93, 125:  // ) ] }
            guard brackets.count > baseLevel, let open = brackets.last else {
                return errorAtCursor("unmatched '\(Lexer.char(c))'")
            }
            brackets.removeLast()
            let matches = (open.char == "(" && c == 41) || (open.char == "[" && c == 93) || (open.char == "{" && c == 125)
            if !matches {
                var message = "closing parenthesis '\(Lexer.char(c))' does not match opening parenthesis '\(open.char)'"
                if open.line != lineno { message += " on line \(open.line)" }
                return errorAtCursor(message)
            }
        default:
            break
        }
        if let s = Unicode.Scalar(UInt32(c)), !Lexer.isPrintable(s) {
            let hex = String(c, radix: 16, uppercase: true)
            return errorAtCursor("invalid non-printable character U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex)")
        }
        return token(.op)
    }
}
