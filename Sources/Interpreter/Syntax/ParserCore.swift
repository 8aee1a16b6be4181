// The parser's state and machinery: token access, positions, CPython-style error placement,
// and the probes that stand in for CPython's second pass. Statements are parsed in
// Parser.swift, expressions in ParserExpressions.swift and ParserArguments.swift.

/// A plain parse failure (no specific message yet).
struct ParseFailure: Error {}

/// Which checks CPython makes after parsing, in the order it makes them: its symbol table
/// pass, then its compiler; nnrepl's own refusals come last so that a real Python error wins.
enum DeferredPhase: Int, Comparable {
    case symbolTable = 0, compiler = 1, unsupported = 2
    static func < (a: DeferredPhase, b: DeferredPhase) -> Bool { a.rawValue < b.rawValue }
}

/// The parsing state.
final class ParserCore {
    let file: SourceFile
    let scalars: [Unicode.Scalar]
    let tokens: [Token]
    let lexError: SyntaxError?
    let lexErrorClass: Lexer.ErrorClass
    let unclosedBracketLine: Int?
    let allowMagics: Bool
    /// Parsing the expression of an f-string field: errors get the "f-string: " prefix.
    let isField: Bool

    var pos = 0
    /// The furthest token looked at by the plain parse (not by probes for CPython's invalid_
    /// rules): CPython reports a plain "invalid syntax" there.
    var furthest = 0
    var recordFurthest = true
    /// The furthest token looked at by anything, probes included: reaching the lexer's error
    /// token there raises the lexer's error, as CPython's tokenizer does in either pass.
    var maxPeeked = 0
    /// False inside `expression_without_invalid`-style probes, where CPython's invalid_ rules are off.
    var invalidRules = true
    /// The checks between two adjacent expressions (forgotten comma, `print x`); on whenever
    /// `invalidRules` is, and also along invalid_legacy_expression's chain.
    var chainRules = true
    var depth = 0
    static let maxDepth = 1000
    /// How deep an expression tree may grow by chaining (`1+1+…`, `a.b.c…`, `f(1)(1)…`):
    /// CPython's compiler stops at about 3,000 levels with "maximum recursion depth exceeded
    /// during compilation"; the evaluator recurses once per level, so nnrepl stops there too.
    static let maxCompileDepth = 2999
    var reportedCompileDepth = false
    /// Expressions written in parentheses (`(a)`): CPython gives them the inner node, but some
    /// error rules distinguish them.
    var parenthesized = Set<ObjectIdentifier>()

    /// Context for `return`/`break`/`continue` checks.
    var functionDepth = 0
    /// Whether the innermost `def` being parsed has met a `yield` (it is a generator).
    var functionHasYield = false
    /// Lambdas being parsed: a `yield` in one is refused (generator lambdas are not supported).
    var lambdaDepth = 0
    var loopDepth = 0
    var inAsyncFunction = false
    var nextDefIsAsync = false
    var deferred: [(phase: DeferredPhase, error: SyntaxError)] = []

    init(file: SourceFile, scalars: [Unicode.Scalar], lexed: Lexer.Output, allowMagics: Bool, isField: Bool = false) {
        self.file = file
        self.scalars = scalars
        self.tokens = lexed.tokens
        self.lexError = lexed.error
        self.lexErrorClass = lexed.errorClass
        self.unclosedBracketLine = lexed.unclosedBracketLine
        self.allowMagics = allowMagics
        self.isField = isField
    }

    // MARK: - Tokens

    /// The current token (never past the final ENDMARKER/error token).
    @inline(__always) func peek() -> Token {
        if pos > maxPeeked {
            maxPeeked = pos
            if recordFurthest { furthest = pos }
        } else if recordFurthest && pos > furthest {
            furthest = pos
        }
        return tokens[pos]
    }

    func peek(ahead k: Int) -> Token {
        let saved = pos
        pos = min(pos + k, tokens.count - 1)
        defer { pos = saved }
        return peek()
    }

    /// A lookahead made only by CPython's second pass: it does not move the furthest token.
    func peekQuietly(ahead k: Int) -> Token {
        let saved = recordFurthest
        recordFurthest = false
        defer { recordFurthest = saved }
        return peek(ahead: k)
    }

    @discardableResult
    func advance() -> Token {
        let t = peek()
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    func accept(_ op: String) -> Token? {
        let t = peek()
        if t.kind == .op && t.text == op { return advance() }
        return nil
    }

    func acceptKeyword(_ kw: String) -> Token? {
        let t = peek()
        if t.kind == .name && t.text == kw { return advance() }
        return nil
    }

    /// Consumes `op` or fails with a plain "invalid syntax".
    @discardableResult
    func expect(_ op: String) throws -> Token {
        if let t = accept(op) { return t }
        throw invalidSyntax()
    }

    /// CPython's forced tokens (`&&':'`): anything else is "expected ':'" at that token.
    @discardableResult
    func expectForced(_ op: String) throws -> Token {
        if let t = accept(op) { return t }
        throw errorAt(peek(), "expected '\(op)'")
    }

    func expectIdentifier() throws -> Token {
        let t = peek()
        guard t.isIdentifier else { throw invalidSyntax() }
        return advance()
    }

    // MARK: - Positions

    func location(_ line: Int, _ col: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: col)
    }
    func startOf(_ t: Token) -> SourceLocation { location(t.line, t.col) }
    func endOf(_ t: Token) -> SourceLocation { location(t.endLine, t.endCol) }

    /// The end of the last token consumed.
    var previousEnd: SourceLocation {
        var i = pos - 1
        // Layout tokens have no extent; a node never ends on one.
        while i > 0 && !tokens[i].hasExtent { i -= 1 }
        return endOf(tokens[max(i, 0)])
    }

    func range(from t: Token) -> SourceRange { SourceRange(start: startOf(t), end: previousEnd) }
    func range(from start: SourceLocation) -> SourceRange { SourceRange(start: start, end: previousEnd) }

    // MARK: - Errors

    /// An error made while the parser had looked as far as `tokens[furthest]`: if that is where
    /// the lexer failed, CPython would have raised the lexer's error on fetching it. Errors at
    /// the end of the input mean it may be incomplete.
    func finish(_ error: SyntaxError) -> SyntaxError {
        let last = tokens[furthest]
        if last.kind == .error, let lexError = lexError {
            return lexError
        }
        // Reached only by lookahead of CPython's second pass: the input is wrong, not unfinished.
        if tokens[maxPeeked].kind == .error, let e = lexError {
            return SyntaxError(kind: e.kind, message: e.message, range: e.range, isIncomplete: false)
        }
        let e = SyntaxError(kind: error.kind, message: error.message, range: error.range,
                            isIncomplete: last.atEOF && !isField)
        return isField ? fieldError(e) : e
    }

    private func fieldError(_ e: SyntaxError) -> SyntaxError {
        e.message.hasPrefix("f-string") ? e : e.withMessage("f-string: " + e.message)
    }

    /// RAISE_SYNTAX_ERROR_KNOWN_LOCATION: at a token's own extent.
    func errorAt(_ t: Token, _ message: String, kind: String = "SyntaxError") -> SyntaxError {
        finish(SyntaxError.cpython(file, kind: kind, message, line: t.line, col: t.col, endLine: t.endLine,
                                   endCol: t.endCol))
    }

    /// RAISE_SYNTAX_ERROR_KNOWN_LOCATION / KNOWN_RANGE on nodes.
    func errorAt(_ range: SourceRange, _ message: String) -> SyntaxError {
        finish(SyntaxError(message: message, range: range))
    }

    func errorAt(from start: SourceLocation, to end: SourceLocation, _ message: String) -> SyntaxError {
        finish(SyntaxError(message: message, range: SourceRange(start: start, end: end)))
    }

    /// RAISE_SYNTAX_ERROR without a location: at the last token fetched. Tokens without extent
    /// (INDENT, DEDENT, ENDMARKER) put the caret where CPython's tokenizer cursor stood.
    func errorAtLast(_ message: String, kind: String = "SyntaxError") -> SyntaxError {
        let t = tokens[furthest]
        if t.hasExtent {
            return errorAt(t, message, kind: kind)
        }
        return finish(SyntaxError.cpython(file, kind: kind, message, line: t.line, col: t.cursorCol,
                                          endLine: t.line, endCol: -1))
    }

    /// An error from one of CPython's invalid_ rules: raised only while those rules are on,
    /// otherwise the alternative simply fails.
    func rule(_ error: SyntaxError) -> Error { invalidRules ? error : ParseFailure() }

    /// A plain parse failure: CPython's PEG alternative failing. It becomes "invalid syntax"
    /// at the furthest token only if nothing else matches (see `genericError`).
    func invalidSyntax() -> Error { ParseFailure() }

    /// The plain "invalid syntax" at the furthest token (or the indentation errors CPython
    /// reports when that token is an INDENT or DEDENT).
    func genericError() -> SyntaxError {
        let t = tokens[furthest]
        switch t.kind {
        case .indent: return errorAtLast("unexpected indent", kind: "IndentationError")
        case .dedent where !t.atEOF: return errorAtLast("unexpected unindent", kind: "IndentationError")
        default: return errorAt(t, "invalid syntax")
        }
    }

    /// After a parse error, CPython tokenizes the rest of the file: a tokenizer error there
    /// wins, and so does a bracket left open on an earlier line than the parse error.
    func preferTokenizerError(over error: SyntaxError) -> SyntaxError {
        guard let lexError = lexError, tokens[furthest].kind != .error else { return error }
        // CPython reports a stray INDENT/DEDENT without looking further.
        if !tokens[furthest].hasExtent && error.kind == "IndentationError" && error.message.hasPrefix("unexpected") {
            return error
        }
        switch lexErrorClass {
        case .raised:
            return SyntaxError(kind: lexError.kind, message: lexError.message, range: lexError.range, isIncomplete: false)
        case .deferred:
            // CPython compares with the line of the last token it fetched, in either pass.
            if let line = unclosedBracketLine, tokens[maxPeeked].line > line {
                return SyntaxError(kind: lexError.kind, message: lexError.message, range: lexError.range,
                                   isIncomplete: false)
            }
            return error
        }
    }

    /// Records an error CPython raises only after a successful parse (symbol table, compiler),
    /// or a construct nnrepl does not run.
    func recordDeferred(_ phase: DeferredPhase, _ message: String, _ range: SourceRange) {
        deferred.append((phase: phase, error: SyntaxError(message: message, range: range)))
    }

    func unsupported(_ construct: String, _ range: SourceRange) {
        recordDeferred(.unsupported, "'\(construct)' is not supported by nnrepl", range)
    }

    func firstDeferredError() -> SyntaxError? {
        deferred.min { a, b in
            if a.phase != b.phase { return a.phase < b.phase }
            let x = a.error.range.start, y = b.error.range.start
            return (x.line, x.column) < (y.line, y.column)
        }?.error
    }

    /// Guards recursion so that deep nesting is an error, never a stack overflow.
    func enter() throws {
        depth += 1
        if depth > ParserCore.maxDepth {
            throw finish(SyntaxError(message: "Parser stack overflowed - Python source too complex to parse",
                                     range: SourceRange(start: startOf(peek()), end: endOf(peek()))))
        }
    }

    func leave() { depth -= 1 }

    /// Notes an expression `chain` levels deep by chaining (plus the nesting around it): past
    /// `maxCompileDepth` it is CPython's compile-time RecursionError, reported after parsing.
    func noteChain(_ chain: Int, _ range: SourceRange) {
        guard depth + chain > ParserCore.maxCompileDepth, !reportedCompileDepth else { return }
        reportedCompileDepth = true
        deferred.append((phase: .symbolTable, error: SyntaxError(kind: "RecursionError",
            message: "maximum recursion depth exceeded during compilation", range: range)))
    }

    /// How a probe treats CPython's invalid_ rules inside it.
    enum ProbeMode {
        /// `expression_without_invalid`: rules off, any failure means "no match".
        case plain
        /// A second-pass alternative: rules on, and the errors they raise escape the probe.
        case withInvalidRules
        /// invalid_legacy_expression's look along `name expr expr ...`: CPython has already
        /// parsed (and memoized) each expression with its rules off, so only the checks
        /// between adjacent expressions run again; their errors escape the probe.
        case expressionChain
    }

    /// Tries `body` as CPython tries an alternative in its second pass: the furthest token of
    /// the first pass is left alone, and the position is restored when it fails. Reaching the
    /// lexer's error token raises the lexer's error.
    func probe<T>(_ body: () throws -> T) throws -> T? { try probe(.plain, body) }

    func probe<T>(_ mode: ProbeMode, _ body: () throws -> T) throws -> T? {
        // CPython stops at the lexer's error as soon as its first pass reaches it.
        if tokens[furthest].kind == .error, let lexError = lexError { throw lexError }
        let savedPos = pos, savedRecord = recordFurthest, savedRules = invalidRules, savedChain = chainRules
        let savedDeferred = deferred.count, savedDepth = depth
        recordFurthest = false
        invalidRules = mode == .withInvalidRules
        chainRules = mode != .plain
        defer {
            recordFurthest = savedRecord
            invalidRules = savedRules
            chainRules = savedChain
        }
        func restore() {
            pos = savedPos
            depth = savedDepth
            deferred.removeSubrange(savedDeferred...)
        }
        func lexerErrorReached() -> SyntaxError? {
            // Reached by CPython's second pass only: the input is wrong, not unfinished.
            guard tokens[maxPeeked].kind == .error, let e = lexError else { return nil }
            return SyntaxError(kind: e.kind, message: e.message, range: e.range, isIncomplete: false)
        }
        do {
            let result = try body()
            if let error = lexerErrorReached() { throw error }
            return result
        } catch let error as SyntaxError {
            restore()
            if let lexError = lexerErrorReached() { throw lexError }
            if mode != .plain || error.message.hasPrefix("Parser stack overflowed") { throw error }
            return nil
        } catch {
            restore()
            if let lexError = lexerErrorReached() { throw lexError }
            return nil
        }
    }
}
