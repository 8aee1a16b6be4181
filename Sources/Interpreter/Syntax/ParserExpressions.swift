/// Expressions, from `star_expressions` down to atoms, following CPython 3.11's grammar rules
/// (their names appear in the comments) and the invalid_ rules that name common mistakes.
extension ParserCore {
    // MARK: - Lists of expressions

    /// Tokens that can begin an expression (CPython's `expression_without_invalid`).
    func canStartExpression(_ t: Token) -> Bool {
        switch t.kind {
        case .name:
            switch t.text {
            case "True", "False", "None", "lambda", "not", "await": return true
            default: return !Token.keywords.contains(t.text)
            }
        case .number, .string:
            return true
        case .op:
            switch t.text {
            case "(", "[", "{", "-", "+", "~", "...": return true
            default: return false
            }
        default:
            return false
        }
    }

    func canStartStarExpression(_ t: Token) -> Bool { t.isOp("*") || canStartExpression(t) }

    /// star_expressions: `a`, or a tuple `a, *b, c,`.
    func parseStarExpressions() throws -> Expr {
        let start = peek()
        let first = try parseStarExpression()
        guard peek().isOp(",") else { return first }
        var elements = [first]
        while accept(",") != nil {
            guard canStartStarExpression(peek()) else { break }
            elements.append(try parseStarExpression())
        }
        return Expr(.tuple(elements), range(from: start))
    }

    /// star_expression: `*bitwise_or` or an expression.
    func parseStarExpression() throws -> Expr {
        if let star = accept("*") {
            let value = try parseBitwiseOr()
            return Expr(.starred(value), range(from: star))
        }
        return try parseExpression()
    }

    /// star_named_expression: `*bitwise_or` or a named expression (display elements).
    func parseStarNamedExpression() throws -> Expr {
        if let star = accept("*") {
            let value = try parseBitwiseOr()
            return Expr(.starred(value), range(from: star))
        }
        return try parseNamedExpression()
    }

    /// star_named_expressions, as a tuple when there is a comma (a `match` subject).
    func parseStarNamedExpressionList() throws -> Expr {
        let start = peek()
        let first = try parseStarNamedExpression()
        guard peek().isOp(",") else { return first }
        var elements = [first]
        while accept(",") != nil {
            guard canStartStarExpression(peek()) else { break }
            elements.append(try parseStarNamedExpression())
        }
        return Expr(.tuple(elements), range(from: start))
    }

    /// annotated_rhs: a yield expression or star_expressions.
    func parseYieldOrStarExpressions() throws -> Expr {
        if peek().isKeyword("yield") { return try parseYieldExpression() }
        return try parseStarExpressions()
    }

    /// `yield`, `yield x`, `yield from x`: inside a `def` they make it a generator function.
    func parseYieldExpression() throws -> Expr {
        let t = advance()
        let kind: ExprKind
        if acceptKeyword("from") != nil {
            kind = .yieldFrom(try parseExpression())
        } else if canStartStarExpression(peek()) {
            kind = .yield(try parseStarExpressions())
        } else {
            kind = .yield(nil)
        }
        let r = range(from: t)
        if functionDepth == 0 {
            recordDeferred(.compiler, "'yield' outside function", r)
        } else if lambdaDepth > 0 {
            unsupported("yield in a lambda", r)
        } else {
            functionHasYield = true
        }
        return Expr(kind, r)
    }

    // MARK: - Expressions

    /// named_expression: `name := value` or an expression.
    func parseNamedExpression() throws -> Expr {
        let t = peek()
        if t.isIdentifier && peek(ahead: 1).isOp(":=") {
            advance()
            advance()
            let value = try parseExpression()
            return Expr(.namedExpr(target: t.text, value: value), range(from: t))
        }
        let e = try parseExpression()
        if invalidRules && peek().isOp(":=") {
            throw errorAt(e.range, "cannot use assignment expressions with \(exprName(e))")
        }
        try reportInvalidNamedExpression(e)
        return e
    }

    /// expression: a conditional expression, a disjunction or a lambda.
    func parseExpression() throws -> Expr {
        try enter()
        defer { leave() }
        let startIndex = pos
        let start = peek()
        if start.isKeyword("lambda") { return try parseLambda() }
        let a = try parseDisjunction()
        let afterBody = pos
        if acceptKeyword("if") != nil {
            let test = try parseDisjunction()
            if acceptKeyword("else") != nil {
                let orElse = try parseExpression()
                return Expr(.ifExp(test: test, body: a, orElse: orElse), range(from: start))
            }
            if invalidRules && !peek().isOp(":") {
                throw errorAt(from: a.range.start, to: test.range.end, "expected 'else' after 'if' expression")
            }
            // Not a conditional expression after all: the expression is `a`, and whatever
            // reads on will fail at the `if`.
            pos = afterBody
            return a
        }
        if chainRules && canStartExpression(peek()) {
            try reportMissingComma(a, startIndex: startIndex)
        }
        return a
    }

    /// invalid_expression and invalid_legacy_expression: an expression directly followed by
    /// another one is, inside brackets, a forgotten comma, and after `print` or `exec`, Python 2.
    /// CPython tries the legacy rule after any name, with its invalid_ rules on, so errors
    /// further along the line can surface here.
    private func reportMissingComma(_ a: Expr, startIndex: Int) throws {
        let first = tokens[startIndex]
        let resume = pos
        var legacyName: String? = nil
        var isPlainName = false
        if case .name(let name) = a.kind, startIndex + 1 == pos {
            isPlainName = true
            if name == "print" || name == "exec" { legacyName = name }
        }
        let nameString = first.kind == .name && tokens[min(startIndex + 1, tokens.count - 1)].kind == .string
        let softKeyword = first.kind == .name && Token.softKeywords.contains(first.text)
        let isLegacyCall: Bool = {
            if case .name(let name) = a.kind { return name == "print" || name == "exec" }
            return false
        }()
        if !nameString && !softKeyword && !isLegacyCall, let b = try probe({ try parseExpression() }) {
            let level = tokens[max(pos - 1, 0)].level
            pos = resume
            if level > 0 {
                throw errorAt(from: a.range.start, to: b.range.end, "invalid syntax. Perhaps you forgot a comma?")
            }
        }
        pos = resume
        guard isPlainName else { return }
        let b = try probe(.expressionChain) { try parseStarExpressions() }
        pos = resume
        if let b = b, let name = legacyName {
            throw errorAt(from: a.range.start, to: b.range.end,
                          "Missing parentheses in call to '\(name)'. Did you mean \(name)(...)?")
        }
    }

    func parseDisjunction() throws -> Expr {
        let start = peek()
        let first = try parseConjunction()
        guard peek().isKeyword("or") else { return first }
        var values = [first]
        while acceptKeyword("or") != nil { values.append(try parseConjunction()) }
        return Expr(.boolOp(.or, values), range(from: start))
    }

    func parseConjunction() throws -> Expr {
        let start = peek()
        let first = try parseInversion()
        guard peek().isKeyword("and") else { return first }
        var values = [first]
        while acceptKeyword("and") != nil { values.append(try parseInversion()) }
        return Expr(.boolOp(.and, values), range(from: start))
    }

    func parseInversion() throws -> Expr {
        if let t = acceptKeyword("not") {
            try enter()
            defer { leave() }
            let operand = try parseInversion()
            return Expr(.unary(.not, operand), range(from: t))
        }
        return try parseComparison()
    }

    func parseComparison() throws -> Expr {
        let start = peek()
        let left = try parseBitwiseOr()
        var pairs: [(CompareOp, Expr)] = []
        while let op = acceptComparisonOperator() {
            pairs.append((op, try parseBitwiseOr()))
        }
        return pairs.isEmpty ? left : Expr(.compare(left, pairs), range(from: start))
    }

    private static let comparisonOperators: [String: CompareOp] = [
        "==": .eq, "!=": .ne, "<": .lt, "<=": .le, ">": .gt, ">=": .ge,
    ]

    private func acceptComparisonOperator() -> CompareOp? {
        let t = peek()
        if t.kind == .op, let op = ParserCore.comparisonOperators[t.text] {
            advance()
            return op
        }
        guard t.kind == .name else { return nil }
        switch t.text {
        case "in":
            advance()
            return .in
        case "not":
            guard peek(ahead: 1).isKeyword("in") else { return nil }
            advance()
            advance()
            return .notIn
        case "is":
            advance()
            if acceptKeyword("not") != nil { return .isNot }
            return .is
        default:
            return nil
        }
    }

    private static let binaryOperators: [String: (op: BinaryOp, precedence: Int)] = [
        "|": (.bitOr, 1), "^": (.bitXor, 2), "&": (.bitAnd, 3), "<<": (.lshift, 4), ">>": (.rshift, 4),
        "+": (.add, 5), "-": (.sub, 5), "*": (.mul, 6), "/": (.div, 6), "//": (.floorDiv, 6),
        "%": (.mod, 6), "@": (.matMul, 6),
    ]

    /// bitwise_or down to term, by precedence climbing (one stack frame per level of
    /// precedence actually used, not one per grammar rule).
    func parseBitwiseOr() throws -> Expr { try parseBinary(minPrecedence: 1) }

    private func parseBinary(minPrecedence: Int) throws -> Expr {
        let start = peek()
        var left = try parseFactor()
        var chain = 0
        while true {
            let t = peek()
            guard t.kind == .op, let entry = ParserCore.binaryOperators[t.text],
                  entry.precedence >= minPrecedence else { return left }
            advance()
            let right = try parseBinary(minPrecedence: entry.precedence + 1)
            left = Expr(.binary(entry.op, left, right), range(from: start))
            chain += 1
            noteChain(chain, left.range)
        }
    }

    /// factor: unary `+`, `-`, `~`, then power.
    func parseFactor() throws -> Expr {
        let t = peek()
        let op: UnaryOp
        if t.isOp("-") { op = .minus } else if t.isOp("+") { op = .plus } else if t.isOp("~") { op = .invert } else {
            return try parsePower()
        }
        try enter()
        defer { leave() }
        advance()
        let operand = try parseFactor()
        return Expr(.unary(op, operand), range(from: t))
    }

    /// power: `primary ** factor` (so `-x ** 2` is `-(x ** 2)` and `2 ** -1` works).
    private func parsePower() throws -> Expr {
        let start = peek()
        let base = try parsePrimary()
        guard accept("**") != nil else { return base }
        let exponent = try parseFactor()
        return Expr(.binary(.pow, base, exponent), range(from: start))
    }

    /// primary: an atom followed by `.name`, `(arguments)` and `[slices]`.
    private func parsePrimary() throws -> Expr {
        let start = peek()
        if start.isKeyword("await") {
            advance()
            let operand = try parsePrimary()
            if functionDepth == 0 {
                recordDeferred(.compiler, "'await' outside function", range(from: start))
            } else {
                unsupported("await", range(from: start))
            }
            return operand
        }
        var e = try parseAtom()
        var chain = 0
        while true {
            let t = peek()
            guard t.kind == .op else { return e }
            chain += 1
            noteChain(chain, range(from: start))
            switch t.text {
            case ".":
                advance()
                let name = try expectIdentifier()
                e = Expr(.attribute(e, name.text), range(from: start))
            case "(", "[":
                // A failed call or subscript leaves `e` as the primary, as in CPython's PEG
                // parser, so that the rules about adjacent expressions can look at what follows.
                let resume = pos
                do {
                    try enter()
                    defer { leave() }
                    advance()
                    if t.text == "(" {
                        let arguments = try parseCallArguments(open: t)
                        try expect(")")
                        e = Expr(.call(e, arguments), range(from: start))
                    } else {
                        let index = try parseSlices()
                        try expect("]")
                        e = Expr(.subscript(e, index), range(from: start))
                    }
                } catch let failure as ParseFailure {
                    guard recordFurthest, tokens[furthest].kind != .error else { throw failure }
                    pos = resume
                    return e
                }
            default:
                return e
            }
        }
    }

    // MARK: - Atoms

    private func parseAtom() throws -> Expr {
        let t = peek()
        switch t.kind {
        case .name:
            switch t.text {
            case "True":
                advance()
                return Expr(.bool(true), range(from: t))
            case "False":
                advance()
                return Expr(.bool(false), range(from: t))
            case "None":
                advance()
                return Expr(.none, range(from: t))
            default:
                guard t.isIdentifier else { break }
                advance()
                return Expr(.name(t.text), range(from: t))
            }
        case .number:
            advance()
            return numberLiteral(t)
        case .string:
            return try parseStrings()
        case .op:
            switch t.text {
            case "(": return try parseParenthesized()
            case "[": return try parseListDisplay()
            case "{": return try parseBraceDisplay()
            case "...":
                advance()
                return Expr(.ellipsis, range(from: t))
            default:
                break
            }
        default:
            break
        }
        throw invalidSyntax()
    }

    /// A NUMBER token's value. Integers are 64-bit and complex numbers do not exist in nnrepl.
    private func numberLiteral(_ t: Token) -> Expr {
        let r = range(from: t)
        let text = String(t.text.unicodeScalars.filter { $0 != "_" }.map(Character.init))
        let lower = text.lowercased()
        if lower.hasSuffix("j") {
            unsupported("complex literal", r)
            return Expr(.float(0), r)
        }
        var value: Int? = nil
        if lower.hasPrefix("0x") {
            value = Int(lower.dropFirst(2), radix: 16)
        } else if lower.hasPrefix("0o") {
            value = Int(lower.dropFirst(2), radix: 8)
        } else if lower.hasPrefix("0b") {
            value = Int(lower.dropFirst(2), radix: 2)
        } else if lower.contains(".") || lower.contains("e") {
            var digits = lower
            if digits.hasPrefix(".") { digits = "0" + digits }
            if digits.hasSuffix(".") { digits += "0" }
            digits = digits.replacingDotBeforeExponent()
            return Expr(.float(Double(digits) ?? .infinity), r)
        } else {
            value = Int(lower)
        }
        guard let v = value else {
            unsupported("integer literal larger than 64 bits", r)
            return Expr(.int(0), r)
        }
        return Expr(.int(v), r)
    }

    /// `( )`: empty tuple, group, tuple, generator expression or yield.
    private func parseParenthesized() throws -> Expr {
        try enter()
        defer { leave() }
        let open = advance()
        if accept(")") != nil { return Expr(.tuple([]), range(from: open)) }
        if peek().isKeyword("yield") {
            let y = try parseYieldExpression()
            try expect(")")
            return y
        }
        let first = try parseStarNamedExpression()
        if isComprehensionStart(peek()) {
            if case .starred = first.kind {
                throw errorAt(first.range, "iterable unpacking cannot be used in comprehension")
            }
            let generators = try parseComprehensionClauses()
            try expect(")")
            return Expr(.generator(first, generators), range(from: open))
        }
        if accept(",") == nil {
            if accept(")") != nil {
                if case .starred = first.kind { throw errorAt(first.range, "cannot use starred expression here") }
                parenthesized.insert(ObjectIdentifier(first))
                return first
            }
            throw invalidSyntax()
        }
        var elements = [first]
        while !peek().isOp(")") {
            elements.append(try parseStarNamedExpression())
            if accept(",") == nil { break }
        }
        try expect(")")
        return Expr(.tuple(elements), range(from: open))
    }

    func isComprehensionStart(_ t: Token) -> Bool {
        t.isKeyword("for") || (t.isKeyword("async") && peek(ahead: 1).isKeyword("for"))
    }

    /// invalid_comprehension: `[a, b for ...]` lacks parentheses around the target tuple.
    private func reportUnparenthesizedTarget(first: Expr, last: Expr?, comma: Token?) throws {
        guard invalidRules, isComprehensionStart(peek()) else { return }
        let saved = pos
        guard try probe({ try parseComprehensionClauses() }) != nil else { return }
        pos = saved
        let end = last?.range.end ?? comma.map(endOf) ?? first.range.end
        throw errorAt(from: first.range.start, to: end, "did you forget parentheses around the comprehension target?")
    }

    /// `[ ]`: list display or list comprehension.
    private func parseListDisplay() throws -> Expr {
        try enter()
        defer { leave() }
        let open = advance()
        if accept("]") != nil { return Expr(.list([]), range(from: open)) }
        let first = try parseStarNamedExpression()
        if isComprehensionStart(peek()) {
            if case .starred = first.kind {
                throw errorAt(first.range, "iterable unpacking cannot be used in comprehension")
            }
            let generators = try parseComprehensionClauses()
            try expect("]")
            return Expr(.listComp(first, generators), range(from: open))
        }
        let elements = try parseDisplayTail(first, closing: "]")
        try expect("]")
        return Expr(.list(elements), range(from: open))
    }

    /// The `, b, c` after a display's first element.
    private func parseDisplayTail(_ first: Expr, closing: String) throws -> [Expr] {
        var elements = [first]
        while let comma = accept(",") {
            if peek().isOp(closing) { break }
            if elements.count == 1 { try reportUnparenthesizedTarget(first: first, last: nil, comma: comma) }
            elements.append(try parseStarNamedExpression())
        }
        if elements.count > 1 { try reportUnparenthesizedTarget(first: first, last: elements.last, comma: nil) }
        return elements
    }

    /// `{ }`: dict, set, or their comprehensions.
    private func parseBraceDisplay() throws -> Expr {
        try enter()
        defer { leave() }
        let open = advance()
        if accept("}") != nil { return Expr(.dict([]), range(from: open)) }
        var items: [(key: Expr?, value: Expr)] = []
        if let stars = accept("**") {
            let value = try parseBitwiseOr()
            if invalidRules && isComprehensionStart(peek()) {
                throw errorAt(stars, "dict unpacking cannot be used in dict comprehension")
            }
            items.append((key: nil, value: value))
        } else {
            let first = try parseStarNamedExpression()
            if case .starred = first.kind, peek().isOp(":") { throw invalidSyntax() }
            if let colon = accept(":") {
                let value = try parseDictValue(after: colon)
                if isComprehensionStart(peek()) {
                    let generators = try parseComprehensionClauses()
                    try expect("}")
                    return Expr(.dictComp(key: first, value: value, generators), range(from: open))
                }
                items.append((key: first, value: value))
            } else {
                if isComprehensionStart(peek()) {
                    if case .starred = first.kind {
                        throw errorAt(first.range, "iterable unpacking cannot be used in comprehension")
                    }
                    let generators = try parseComprehensionClauses()
                    try expect("}")
                    return Expr(.setComp(first, generators), range(from: open))
                }
                let elements = try parseDisplayTail(first, closing: "}")
                try expect("}")
                return Expr(.set(elements), range(from: open))
            }
        }
        while accept(",") != nil {
            if peek().isOp("}") { break }
            if accept("**") != nil {
                items.append((key: nil, value: try parseBitwiseOr()))
                continue
            }
            let key = try parseExpression()
            guard let colon = accept(":") else {
                if invalidRules {
                    let end = key.range.end
                    throw finish(SyntaxError.cpython(file, "':' expected after dictionary key", line: end.line,
                                                     col: end.column - 1, endLine: end.line, endCol: 0))
                }
                throw invalidSyntax()
            }
            items.append((key: key, value: try parseDictValue(after: colon)))
        }
        try expect("}")
        return Expr(.dict(items), range(from: open))
    }

    private func parseDictValue(after colon: Token) throws -> Expr {
        if invalidRules && (peek().isOp("}") || peek().isOp(",")) {
            throw errorAt(colon, "expression expected after dictionary key and ':'")
        }
        if invalidRules && (peek().isOp("*") || peek().isOp("**")) {
            // invalid_kvpair: `{k: *v}` / `{k: **v}`.
            let star = peek()
            let resume = pos
            let value = try probe { () throws -> Expr in
                advance()
                return try parseBitwiseOr()
            }
            pos = resume
            if let value = value {
                let message = star.text == "*" ? "cannot use a starred expression in a dictionary value"
                                                : "cannot use dict unpacking in a dictionary value"
                throw errorAt(from: startOf(star), to: value.range.end, message)
            }
        }
        return try parseExpression()
    }

    /// for_if_clauses: `for target in iterable if condition ...`, one or more.
    func parseComprehensionClauses() throws -> [Comprehension] {
        var clauses: [Comprehension] = []
        while true {
            let t = peek()
            if t.isKeyword("async") && peek(ahead: 1).isKeyword("for") {
                unsupported("async comprehension", SourceRange(start: startOf(t), end: endOf(peek(ahead: 1))))
                advance()
            } else if !t.isKeyword("for") {
                break
            }
            advance()
            let target = try parseForTarget()
            let iterable = try parseDisjunction()
            var conditions: [Expr] = []
            while acceptKeyword("if") != nil { conditions.append(try parseDisjunction()) }
            clauses.append(Comprehension(target: target, iter: iterable, conditions: conditions))
        }
        return clauses
    }

    /// star_targets followed by `in` (for loops and comprehensions).
    func parseForTarget() throws -> Expr {
        let start = peek()
        let startIndex = pos
        var elements: [Expr] = []
        var sawComma = false
        repeat {
            if !elements.isEmpty {
                sawComma = true
                if peek().isKeyword("in") { break }
            }
            elements.append(try parseStarTargetElement())
        } while accept(",") != nil
        let target = elements.count == 1 && !sawComma ? elements[0] : Expr(.tuple(elements), range(from: start))
        if invalidTarget(target, .store) != nil || !peek().isKeyword("in") {
            // invalid_for_target: CPython reads the clause again as an expression (its own
            // invalid_ rules on), then names the part that cannot be assigned.
            let resume = pos
            pos = startIndex
            let whole = try probe(.withInvalidRules) { try parseStarExpressions() }
            pos = resume
            if let whole = whole, let bad = invalidTarget(whole, .forTarget) {
                throw rule(errorAt(bad.range, "cannot assign to \(exprName(bad))"))
            }
            throw invalidSyntax()
        }
        advance()
        checkStarredTarget(target)
        return target
    }

    /// star_target: `*target` or a target expression.
    func parseStarTargetElement() throws -> Expr {
        if let star = accept("*") {
            let value = try parseBitwiseOr()
            return Expr(.starred(value), range(from: star))
        }
        return try parseBitwiseOr()
    }

    /// lambdef: `lambda params: body`.
    private func parseLambda() throws -> Expr {
        let t = advance()
        let parameters = try parseParameters(closing: ":", annotations: false)
        try expect(":")
        lambdaDepth += 1
        defer { lambdaDepth -= 1 }
        let body = try parseExpression()
        return Expr(.lambda(parameters, body), range(from: t))
    }
}

extension String {
    /// "1.e5" → "1.0e5": Swift's Double parser wants a digit after the point.
    func replacingDotBeforeExponent() -> String {
        guard let dot = firstIndex(of: ".") else { return self }
        let next = index(after: dot)
        if next < endIndex, self[next] == "e" {
            return String(self[..<next]) + "0" + String(self[next...])
        }
        return self
    }
}
