/// Parameter lists (`def`, `lambda`), call arguments and subscripts, with CPython 3.11's
/// messages for their common mistakes.
extension ParserCore {
    // MARK: - Parameters

    /// A `def` (closing ")", with annotations) or `lambda` (closing ":") parameter list.
    func parseParameters(closing: String, annotations: Bool) throws -> Parameters {
        var parameters = Parameters()
        var seenDefault = false, seenStar = false, seenKeywords = false, seenSlash = false
        var names: Set<String> = []
        let isLambda = !annotations
        func register(_ name: Token, _ range: SourceRange) {
            if !names.insert(name.text).inserted {
                recordDeferred(.symbolTable, "duplicate argument '\(name.text)' in function definition", range)
            }
        }
        /// `= value`, or CPython's invalid_default when the value is missing.
        func defaultValue() throws -> Expr? {
            guard let equals = accept("=") else { return nil }
            if invalidRules && (peek().isOp(")") || peek().isOp(",")) {
                throw rule(errorAt(equals, "expected default value expression"))
            }
            return try parseExpression()
        }
        while !peek().isOp(closing) {
            let t = peek()
            if seenKeywords && (t.isIdentifier || t.isOp("*") || t.isOp("**") || t.isOp("/")) {
                throw rule(errorAt(t, "arguments cannot follow var-keyword argument"))
            }
            if t.isOp("/") {
                if seenStar { throw rule(errorAt(t, "/ must be ahead of *")) }
                if parameters.positional.isEmpty { throw rule(errorAt(t, "at least one argument must precede /")) }
                if seenSlash { throw rule(errorAt(t, "/ may appear only once")) }
                advance()
                seenSlash = true
            } else if t.isOp("*") {
                if seenStar && invalidRules && (peekQuietly(ahead: 1).isIdentifier || peekQuietly(ahead: 1).isOp(",")) {
                    throw rule(errorAt(t, "* argument may appear only once"))
                }
                if seenStar { throw invalidSyntax() }
                advance()
                seenStar = true
                if peek().isIdentifier {
                    let name = advance()
                    if annotations && accept(":") != nil { _ = try parseStarExpression() }
                    if peek().isOp("=") { throw rule(errorAt(peek(), "var-positional argument cannot have default value")) }
                    register(name, range(from: name))
                    parameters.varArgs = name.text
                } else if peek().isOp(closing)
                            || (peek().isOp(",") && (peek(ahead: 1).isOp(closing) || peek(ahead: 1).isOp("**"))) {
                    if isLambda { throw rule(errorAtLast("named arguments must follow bare *")) }
                    throw rule(errorAt(t, "named arguments must follow bare *"))
                }
            } else if t.isOp("**") {
                advance()
                let name = try expectIdentifier()
                if annotations && accept(":") != nil { _ = try parseExpression() }
                if peek().isOp("=") { throw rule(errorAt(peek(), "var-keyword argument cannot have default value")) }
                register(name, range(from: name))
                parameters.varKeywords = name.text
                seenKeywords = true
            } else if t.isOp("(") {
                try reportParenthesizedParameters(isLambda: isLambda)
                throw invalidSyntax()
            } else {
                let name = try expectIdentifier()
                if annotations && accept(":") != nil { _ = try parseExpression() }
                let paramRange = range(from: name)
                let value = try defaultValue()
                let param = Parameters.Param(name: name.text, defaultValue: value, range: paramRange)
                if seenStar {
                    parameters.keywordOnly.append(param)
                } else {
                    if value != nil {
                        seenDefault = true
                    } else if seenDefault {
                        throw rule(errorAt(paramRange, "non-default argument follows default argument"))
                    }
                    parameters.positional.append(param)
                }
                register(name, paramRange)
            }
            if accept(",") == nil { break }
        }
        return parameters
    }

    /// invalid_parameters: `def f((a, b))` / `lambda (x): 0` (Python 2 tuple parameters).
    private func reportParenthesizedParameters(isLambda: Bool) throws {
        guard invalidRules else { return }
        let resume = pos
        let span = try probe { () throws -> SourceRange in
            let open = advance()
            repeat {
                if peek().isOp(")") { break }
                _ = try expectIdentifier()
            } while accept(",") != nil
            let close = try expect(")")
            return SourceRange(start: startOf(open), end: endOf(close))
        }
        pos = resume
        if let span = span {
            throw rule(errorAt(span, isLambda ? "Lambda expression parameters cannot be parenthesized"
                                         : "Function parameters cannot be parenthesized"))
        }
    }

    // MARK: - Call arguments and subscripts

    /// The arguments of a call, up to (not including) `)`.
    func parseCallArguments(open: Token, allowGenerator: Bool = true) throws -> [Argument] {
        var arguments: [Argument] = []
        var seenKeyword = false, seenDoubleStar = false
        var orderError: String? = nil
        var keywordNames: Set<String> = []
        while !peek().isOp(")") {
            let t = peek()
            if t.isOp("*") {
                advance()
                let value = try parseExpression()
                if seenDoubleStar && invalidRules {
                    throw rule(errorAt(t, "iterable argument unpacking follows keyword argument unpacking"))
                }
                arguments.append(.star(value))
            } else if t.isOp("**") {
                advance()
                arguments.append(.doubleStar(try parseExpression()))
                seenDoubleStar = true
            } else if (t.isIdentifier || t.isKeyword("True") || t.isKeyword("False") || t.isKeyword("None"))
                        && peek(ahead: 1).isOp("=") {
                let equals = peek(ahead: 1)
                if t.text == "True" || t.text == "False" || t.text == "None" {
                    throw rule(errorAt(from: startOf(t), to: endOf(equals), "cannot assign to \(t.text)"))
                }
                guard t.isIdentifier else { throw invalidSyntax() }
                advance()
                advance()
                let value = try parseExpression()
                if invalidRules && isComprehensionStart(peek()) {
                    throw rule(errorAt(from: startOf(t), to: endOf(equals),
                                  "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"))
                }
                if !keywordNames.insert(t.text).inserted {
                    recordDeferred(.compiler, "keyword argument repeated: \(t.text)", range(from: t))
                }
                arguments.append(.keyword(t.text, value))
                seenKeyword = true
            } else {
                let value: Expr
                if t.isIdentifier && peek(ahead: 1).isOp(":=") {
                    value = try parseNamedExpression()
                } else {
                    value = try parseExpression()
                }
                if invalidRules, let equals = accept("=") {
                    throw rule(errorAt(from: value.range.start, to: endOf(equals),
                                  "expression cannot contain assignment, perhaps you meant \"==\"?"))
                }
                if isComprehensionStart(peek()) {
                    guard allowGenerator else { throw invalidSyntax() }
                    let generators = try parseComprehensionClauses()
                    let lastEnd = previousEnd
                    if !arguments.isEmpty || peek().isOp(",") {
                        throw rule(errorAt(from: value.range.start, to: lastEnd, "Generator expression must be parenthesized"))
                    }
                    guard peek().isOp(")") else { throw invalidSyntax() }
                    let whole = SourceRange(start: startOf(open), end: endOf(peek()))
                    arguments.append(.positional(Expr(.generator(value, generators), whole)))
                    break
                }
                if orderError == nil && seenDoubleStar {
                    orderError = "positional argument follows keyword argument unpacking"
                } else if orderError == nil && seenKeyword {
                    orderError = "positional argument follows keyword argument"
                }
                arguments.append(.positional(value))
            }
            if accept(",") == nil { break }
        }
        if let message = orderError { throw rule(errorAtLast(message)) }
        return arguments
    }

    /// slices: one slice or index, or a tuple of them (`x[0, :, 1:3]`).
    func parseSlices() throws -> Expr {
        let start = peek()
        let first = try parseSliceItem()
        guard peek().isOp(",") else {
            if case .starred = first.kind { return Expr(.tuple([first]), first.range) }
            return first
        }
        var items = [first]
        while accept(",") != nil {
            if peek().isOp("]") { break }
            items.append(try parseSliceItem())
        }
        return Expr(.tuple(items), range(from: start))
    }

    /// slice: `[lower]:[upper][:[step]]`, a named expression, or `*iterable`.
    private func parseSliceItem() throws -> Expr {
        let start = peek()
        if let star = accept("*") {
            let value = try parseExpression()
            return Expr(.starred(value), range(from: star))
        }
        var lower: Expr? = nil
        if !start.isOp(":") {
            let e = try parseNamedExpression()
            guard peek().isOp(":") else { return e }
            lower = e
        }
        try expect(":")
        func bound() throws -> Expr? {
            let t = peek()
            if t.isOp(":") || t.isOp(",") || t.isOp("]") { return nil }
            return try parseExpression()
        }
        let upper = try bound()
        var step: Expr? = nil
        if accept(":") != nil { step = try bound() }
        return Expr(.slice(lower: lower, upper: upper, step: step), range(from: start))
    }
}
