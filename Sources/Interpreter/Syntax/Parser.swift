/// Reads nnrepl's Python subset into statements, reporting syntax errors with CPython 3.11's
/// messages and carets.
///
/// CPython parses in two passes: a plain PEG pass, and after a failure a second pass with
/// extra "invalid_" rules that name the mistake. This parser is a single recursive-descent
/// pass that runs those rules at the point where they would fire, and remembers the furthest
/// token it looked at, which is where CPython puts the caret of a plain "invalid syntax".
public struct Parser {
    /// Parses a whole file or shell input. `allowMagics`: a line starting with `%` at statement
    /// level becomes StmtKind.magic, and a statement `expr?` becomes .helpRequest (shell mode).
    ///
    /// In shell mode the input is also checked for completeness the way CPython's `codeop`
    /// does: the shell passes the lines typed so far joined by "\n", with no "\n" after the
    /// last one. If the last statement is compound (`if`, `for`, `def`, ...), the input is
    /// complete only once an empty line has been typed, that is when the text ends with "\n";
    /// otherwise this throws a SyntaxError "incomplete input" with `isIncomplete` set. Errors
    /// met at the very end of the input (open bracket, block header without body, trailing
    /// backslash, unterminated triple-quoted string) also have `isIncomplete` set, in both
    /// modes. At the end of piped input a shell can add "\n" to force a last block through.
    public static func parse(_ file: SourceFile, allowMagics: Bool = false) throws -> [Stmt] {
        try LargeStack.run { try parseOnThisThread(file, allowMagics: allowMagics) }
    }

    private static func parseOnThisThread(_ file: SourceFile, allowMagics: Bool) throws -> [Stmt] {
        let (lexed, scalars) = Lexer.tokenize(file, allowMagics: allowMagics)
        let parser = ParserCore(file: file, scalars: scalars, lexed: lexed, allowMagics: allowMagics)
        let body: [Stmt]
        do {
            body = try parser.parseFile()
        } catch let error as SyntaxError {
            throw parser.preferTokenizerError(over: error)
        } catch {
            throw parser.preferTokenizerError(over: parser.genericError())
        }
        if allowMagics, let last = body.last, last.isCompound, !file.text.hasSuffix("\n") {
            let line = max(file.lines.count, 1)
            let col = (file.line(line)?.unicodeScalars.count ?? 0) + 1
            throw SyntaxError.cpython(file, "incomplete input", line: line, col: col, endLine: line,
                                      endCol: col, incomplete: true)
        }
        if let error = parser.firstDeferredError() { throw error }
        return body
    }
}

extension Stmt {
    /// Statements with a block, which the shell keeps reading until an empty line.
    var isCompound: Bool {
        switch kind {
        case .forLoop, .whileLoop, .ifStmt, .functionDef, .classDef, .with, .tryStmt: return true
        default: return false
        }
    }
}

/// Statements.
extension ParserCore {
    // MARK: - Statements

    func parseFile() throws -> [Stmt] {
        var body: [Stmt] = []
        while peek().kind != .endMarker {
            body += try parseStatement()
        }
        return body
    }

    func parseStatement() throws -> [Stmt] {
        let t = peek()
        if t.kind == .name {
            switch t.text {
            case "def": return [try parseFunctionDef(decorators: [], start: t)]
            case "class": return [try parseClassDef(decorators: [], start: t)]
            case "if": return [try parseIf()]
            case "while": return [try parseWhile()]
            case "for": return [try parseFor()]
            case "try": return [try parseTry()]
            case "with": return [try parseWith()]
            case "async": return [try parseAsync()]
            case "match": if let m = try parseMatchIfPresent() { return [m] }
            default: break
            }
        } else if t.isOp("@") {
            return [try parseDecorated()]
        }
        return try parseSimpleStatements()
    }

    func parseSimpleStatements() throws -> [Stmt] {
        var statements = [try parseSimpleStatement()]
        while accept(";") != nil {
            if peek().kind == .newline { break }
            statements.append(try parseSimpleStatement())
        }
        guard peek().kind == .newline else { throw invalidSyntax() }
        advance()
        return statements
    }

    func parseSimpleStatement() throws -> Stmt {
        let t = peek()
        if t.kind == .magic { return parseMagic() }
        if t.kind == .name {
            switch t.text {
            case "pass":
                advance()
                return Stmt(.pass, range(from: t))
            case "break":
                advance()
                if loopDepth == 0 { recordDeferred(.compiler, "'break' outside loop", range(from: t)) }
                return Stmt(.breakStmt, range(from: t))
            case "continue":
                advance()
                if loopDepth == 0 { recordDeferred(.compiler, "'continue' not properly in loop", range(from: t)) }
                return Stmt(.continueStmt, range(from: t))
            case "return": return try parseReturn()
            case "import": return try parseImport()
            case "from": return try parseFromImport()
            case "raise": return try parseRaise()
            case "del": return try parseDel()
            case "assert": return try parseAssert()
            case "global", "nonlocal": return try parseGlobal()
            case "yield":
                let e = try parseYieldExpression()
                return Stmt(.expr(e), range(from: t))
            default: break
            }
        }
        if allowMagics && t.isOp("?") {
            advance()
            let target = try parseExpression()
            return Stmt(.helpRequest(target), range(from: t))
        }
        return try parseExpressionStatement()
    }

    private func parseMagic() -> Stmt {
        let t = advance()
        let body = t.text.dropFirst()
        let name = String(body.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        let argument = body.dropFirst(name.count).trimmingCharacters()
        return Stmt(.magic(name: name, argument: argument), range(from: t))
    }

    private func parseReturn() throws -> Stmt {
        let t = advance()
        var value: Expr? = nil
        if !endsSimpleStatement(peek()) {
            value = try parseStarExpressions()
            if let v = value { checkNotBareStarred(v) }
        }
        if functionDepth == 0 { recordDeferred(.compiler, "'return' outside function", range(from: t)) }
        return Stmt(.returnStmt(value), range(from: t))
    }

    func endsSimpleStatement(_ t: Token) -> Bool {
        t.kind == .newline || t.isOp(";") || t.kind == .endMarker
    }

    private func parseImport() throws -> Stmt {
        let t = advance()
        var names: [ImportName] = []
        repeat {
            let first = peek()
            let module = try parseDottedName()
            var asName: String? = nil
            if acceptKeyword("as") != nil { asName = try expectIdentifier().text }
            names.append(ImportName(name: module, asName: asName, range: range(from: first)))
        } while accept(",") != nil
        return Stmt(.importModules(names), range(from: t))
    }

    private func parseDottedName() throws -> String {
        var name = try expectIdentifier().text
        while peek().isOp("."), peek(ahead: 1).isIdentifier {
            advance()
            name += "." + advance().text
        }
        return name
    }

    private func parseFromImport() throws -> Stmt {
        let t = advance()
        var module = ""
        while true {
            if accept(".") != nil { module += "." } else if accept("...") != nil { module += "..." } else { break }
        }
        if !peek().isKeyword("import") || module.isEmpty {
            module += try parseDottedName()
        }
        guard acceptKeyword("import") != nil else { throw invalidSyntax() }
        if accept("*") != nil {
            return Stmt(.importFrom(module: module, names: [], star: true), range(from: t))
        }
        let parenthesized = accept("(") != nil
        var names: [ImportName] = []
        while true {
            let first = try expectIdentifier()
            var asName: String? = nil
            if acceptKeyword("as") != nil { asName = try expectIdentifier().text }
            names.append(ImportName(name: first.text, asName: asName, range: range(from: first)))
            guard accept(",") != nil else { break }
            if parenthesized && peek().isOp(")") { break }
            if !parenthesized && peek().kind == .newline {
                throw errorAtLast("trailing comma not allowed without surrounding parentheses")
            }
        }
        if parenthesized { try expect(")") }
        return Stmt(.importFrom(module: module, names: names, star: false), range(from: t))
    }

    private func parseRaise() throws -> Stmt {
        let t = advance()
        var exception: Expr? = nil, cause: Expr? = nil
        if !endsSimpleStatement(peek()) {
            exception = try parseExpression()
            if acceptKeyword("from") != nil { cause = try parseExpression() }
        }
        return Stmt(.raise(exception, cause: cause), range(from: t))
    }

    private func parseDel() throws -> Stmt {
        let t = advance()
        let targetStart = peek()
        var targets: [Expr] = []
        repeat {
            if endsSimpleStatement(peek()) && !targets.isEmpty { break }
            targets.append(try parseStarExpression())
        } while accept(",") != nil
        let whole = targets.count == 1 ? targets[0] : Expr(.tuple(targets), range(from: targetStart))
        if let bad = invalidTarget(whole, .delete) {
            throw errorAt(bad.range, "cannot delete \(exprName(bad))")
        }
        guard endsSimpleStatement(peek()) else { throw invalidSyntax() }
        return Stmt(.delete(targets), range(from: t))
    }

    private func parseAssert() throws -> Stmt {
        let t = advance()
        let test = try parseExpression()
        var message: Expr? = nil
        if accept(",") != nil { message = try parseExpression() }
        return Stmt(.assert(test, message: message), range(from: t))
    }

    private func parseGlobal() throws -> Stmt {
        let t = advance()
        var names: [String] = []
        repeat { names.append(try expectIdentifier().text) } while accept(",") != nil
        if t.text == "global" { return Stmt(.global(names), range(from: t)) }
        let stmt = Stmt(.nonlocal(names), range(from: t))
        if functionDepth == 0 {
            recordDeferred(.symbolTable, "nonlocal declaration not allowed at module level", stmt.range)
        }
        return stmt
    }

    // MARK: Expression statements and assignments

    private static let augmentedOperators: [String: BinaryOp] = [
        "+=": .add, "-=": .sub, "*=": .mul, "/=": .div, "//=": .floorDiv, "%=": .mod, "**=": .pow,
        "@=": .matMul, "<<=": .lshift, ">>=": .rshift, "&=": .bitAnd, "|=": .bitOr, "^=": .bitXor,
    ]

    private func parseExpressionStatement() throws -> Stmt {
        let start = peek()
        if start.isIdentifier && peek(ahead: 1).isOp(":") {
            let target = Expr(.name(advance().text), range(from: start))
            return try parseAnnotation(target, start: start)
        }
        let first = try parseStarExpressions()
        let next = peek()
        if next.isOp("=") { return try parseAssignment(first, start: start) }
        if next.isOp(":="), invalidRules {
            // invalid_named_expression: `a.b := 1` (only a plain name can be bound).
            let target = lastElement(of: first)
            var isName = false
            if case .name = target.kind, !isParenthesized(target) { isName = true }
            let resume = pos
            let value = try probe { () throws -> Expr in
                advance()
                return try parseExpression()
            }
            pos = resume
            if !isName && value != nil {
                throw errorAt(target.range, "cannot use assignment expressions with \(exprName(target))")
            }
        }
        if next.isOp(":") { return try parseAnnotation(first, start: start) }
        if next.kind == .op, let op = ParserCore.augmentedOperators[next.text] {
            guard isSingleTarget(first) else {
                throw errorAt(first.range, "'\(exprName(first))' is an illegal expression for augmented assignment")
            }
            advance()
            let value = try parseYieldOrStarExpressions()
            return Stmt(.augAssign(target: first, op: op, value: value), range(from: start))
        }
        if allowMagics && next.isOp("?") {
            advance()
            _ = accept("?")
            return Stmt(.helpRequest(first), range(from: start))
        }
        checkNotBareStarred(first)
        return Stmt(.expr(first), range(from: start))
    }

    private func parseAnnotation(_ target: Expr, start: Token) throws -> Stmt {
        // CPython names a bad annotation target only when an annotation follows the ':'.
        if !isSingleTarget(target) {
            if !invalidRules { throw invalidSyntax() }
            let resume = pos
            let annotated = try probe { () throws -> Expr in
                advance()
                return try parseExpression()
            }
            pos = resume
            if annotated == nil { throw invalidSyntax() }
            if case .tuple(let elements) = target.kind, !isParenthesized(target), let firstElement = elements.first {
                throw errorAt(firstElement.range, "only single target (not tuple) can be annotated")
            }
            switch target.kind {
            case .tuple: throw errorAt(target.range, "only single target (not tuple) can be annotated")
            case .list: throw errorAt(target.range, "only single target (not list) can be annotated")
            default: throw errorAt(target.range, "illegal target for annotation")
            }
        }
        try expect(":")
        let annotation = try parseExpression()
        var value: Expr? = nil
        if accept("=") != nil { value = try parseYieldOrStarExpressions() }
        return Stmt(.annAssign(target: target, annotation: annotation, value: value), range(from: start))
    }

    private func parseAssignment(_ first: Expr, start: Token) throws -> Stmt {
        if let bad = invalidTarget(first, .store) {
            try reportInvalidNamedExpression(lastElement(of: first))
            throw errorAt(bad.range, "cannot assign to \(exprName(bad))")
        }
        var targets = [first]
        var value = first
        while accept("=") != nil {
            let rhs = try parseYieldOrStarExpressions()
            if peek().isOp("=") {
                if let bad = invalidTarget(rhs, .store) {
                    throw errorAt(bad.range, "cannot assign to \(exprName(bad))")
                }
                targets.append(rhs)
                continue
            }
            value = rhs
        }
        for target in targets { checkStarredTarget(target) }
        checkNotBareStarred(value)
        return Stmt(.assign(targets: targets, value: value), range(from: start))
    }

    // MARK: Compound statements

    /// The ':' ending `if`/`while`/`for`/`with`/`class`/`except` headers: CPython names it only
    /// when the line ends there.
    private func expectHeaderColon() throws {
        if accept(":") != nil { return }
        if peek().kind == .newline { throw errorAtLast("expected ':'") }
        throw invalidSyntax()
    }

    /// `NEWLINE INDENT statements DEDENT`, or simple statements on the header's line.
    func parseBlock(after what: String, line: Int) throws -> [Stmt] {
        guard peek().kind == .newline else { return try parseSimpleStatements() }
        advance()
        guard peek().kind == .indent else {
            throw errorAtLast("expected an indented block after \(what) on line \(line)", kind: "IndentationError")
        }
        advance()
        var body: [Stmt] = []
        while peek().kind != .dedent {
            body += try parseStatement()
        }
        advance()
        return body
    }

    private func compoundRange(from t: Token, _ lastBlock: [Stmt]) -> SourceRange {
        SourceRange(start: startOf(t), end: lastBlock.last?.range.end ?? previousEnd)
    }

    private func parseIf() throws -> Stmt {
        let t = advance()
        let test = try parseNamedExpression()
        try expectHeaderColon()
        let body = try parseBlock(after: "'\(t.text)' statement", line: t.line)
        var orElse: [Stmt] = []
        if peek().isKeyword("elif") {
            orElse = [try parseIf()]
        } else if peek().isKeyword("else") {
            orElse = try parseElse()
        }
        return Stmt(.ifStmt(test: test, body: body, orElse: orElse), compoundRange(from: t, orElse.isEmpty ? body : orElse))
    }

    private func parseElse() throws -> [Stmt] {
        let t = advance()
        try expectForced(":")
        return try parseBlock(after: "'else' statement", line: t.line)
    }

    private func parseLoopBody(after what: String, line: Int) throws -> [Stmt] {
        loopDepth += 1
        defer { loopDepth -= 1 }
        return try parseBlock(after: what, line: line)
    }

    private func parseWhile() throws -> Stmt {
        let t = advance()
        let test = try parseNamedExpression()
        try expectHeaderColon()
        let body = try parseLoopBody(after: "'while' statement", line: t.line)
        let orElse = peek().isKeyword("else") ? try parseElse() : []
        return Stmt(.whileLoop(test: test, body: body, orElse: orElse), compoundRange(from: t, orElse.isEmpty ? body : orElse))
    }

    private func parseFor() throws -> Stmt {
        let t = advance()
        let target = try parseForTarget()
        let iter = try parseStarExpressions()
        checkNotBareStarred(iter)
        try expectHeaderColon()
        let body = try parseLoopBody(after: "'for' statement", line: t.line)
        let orElse = peek().isKeyword("else") ? try parseElse() : []
        return Stmt(.forLoop(target: target, iter: iter, body: body, orElse: orElse),
                    compoundRange(from: t, orElse.isEmpty ? body : orElse))
    }

    private func parseTry() throws -> Stmt {
        let t = advance()
        try expectForced(":")
        let body = try parseBlock(after: "'try' statement", line: t.line)
        var handlers: [ExceptHandler] = []
        while peek().isKeyword("except") {
            let e = advance()
            if peek().isOp("*") {
                unsupported("except*", SourceRange(start: startOf(e), end: endOf(peek())))
                advance()
            }
            var type: Expr? = nil, name: String? = nil
            if !peek().isOp(":") && peek().kind != .newline {
                type = try parseExpression()
                if peek().isOp(","), invalidRules, let type = type {
                    // invalid_except_stmt: `except A, B:` (Python 2 style).
                    let resume = pos
                    let colon = try probe { () throws -> Token in
                        while accept(",") != nil { _ = try parseExpression() }
                        if acceptKeyword("as") != nil { _ = try expectIdentifier() }
                        return try expect(":")
                    }
                    pos = resume
                    if let colon = colon {
                        throw errorAt(from: type.range.start, to: location(colon.line, colon.col),
                                      "multiple exception types must be parenthesized")
                    }
                }
                if acceptKeyword("as") != nil { name = try expectIdentifier().text }
            }
            try expectHeaderColon()
            let handlerBody = try parseBlock(after: "'except' statement", line: e.line)
            let handler = ExceptHandler(type: type, name: name, body: handlerBody, range: compoundRange(from: e, handlerBody))
            if let previous = handlers.last, previous.type == nil {
                recordDeferred(.compiler, "default 'except:' must be last", previous.range)
            }
            handlers.append(handler)
        }
        var orElse: [Stmt] = []
        if !handlers.isEmpty && peek().isKeyword("else") { orElse = try parseElse() }
        var final: [Stmt] = []
        if let f = acceptKeyword("finally") {
            try expectForced(":")
            final = try parseBlock(after: "'finally' statement", line: f.line)
        }
        if handlers.isEmpty && final.isEmpty {
            throw errorAtLast("expected 'except' or 'finally' block")
        }
        let last = !final.isEmpty ? final : (!orElse.isEmpty ? orElse : (handlers.last?.body ?? body))
        return Stmt(.tryStmt(body: body, handlers: handlers, orElse: orElse, finally: final), compoundRange(from: t, last))
    }

    private func parseWith() throws -> Stmt {
        let t = advance()
        var items: [(context: Expr, target: Expr?)] = []
        if peek().isOp("(") {
            let saved = pos
            if let parenthesized = try? parseWithItems(parenthesized: true), accept(":") != nil {
                items = parenthesized
            } else {
                pos = saved
            }
        }
        if items.isEmpty {
            items = try parseWithItems(parenthesized: false)
            try expectHeaderColon()
        }
        let body = try parseBlock(after: "'with' statement", line: t.line)
        return Stmt(.with(items: items, body: body), compoundRange(from: t, body))
    }

    private func parseWithItems(parenthesized: Bool) throws -> [(context: Expr, target: Expr?)] {
        if parenthesized { try expect("(") }
        var items: [(context: Expr, target: Expr?)] = []
        repeat {
            if parenthesized && peek().isOp(")") && !items.isEmpty { break }
            let context = try parseExpression()
            var target: Expr? = nil
            if acceptKeyword("as") != nil {
                let targetExpr = try parseStarTargetElement()
                if let bad = invalidTarget(targetExpr, .store) {
                    throw errorAt(bad.range, "cannot assign to \(exprName(bad))")
                }
                target = targetExpr
            }
            items.append((context: context, target: target))
        } while accept(",") != nil
        if parenthesized { try expect(")") }
        return items
    }

    private func parseDecorated() throws -> Stmt {
        let start = peek()
        var decorators: [Expr] = []
        while accept("@") != nil {
            decorators.append(try parseNamedExpression())
            guard peek().kind == .newline else { throw invalidSyntax() }
            advance()
        }
        let t = peek()
        if t.isKeyword("def") { return try parseFunctionDef(decorators: decorators, start: start) }
        if t.isKeyword("class") { return try parseClassDef(decorators: decorators, start: start) }
        if t.isKeyword("async") && peek(ahead: 1).isKeyword("def") {
            unsupported("async def", SourceRange(start: startOf(t), end: endOf(peek(ahead: 1))))
            advance()
            nextDefIsAsync = true
            return try parseFunctionDef(decorators: decorators, start: start)
        }
        throw invalidSyntax()
    }

    private func parseFunctionDef(decorators: [Expr], start: Token) throws -> Stmt {
        let t = advance()
        let name = try expectIdentifier().text
        try expectForced("(")
        let parameters = try parseParameters(closing: ")", annotations: true)
        try expect(")")
        if accept("->") != nil { _ = try parseExpression() }
        try expectForced(":")
        let savedLoops = loopDepth, savedAsync = inAsyncFunction, savedYield = functionHasYield
        let savedLambdas = lambdaDepth
        functionDepth += 1
        loopDepth = 0
        lambdaDepth = 0
        functionHasYield = false
        inAsyncFunction = nextDefIsAsync
        nextDefIsAsync = false
        defer {
            functionDepth -= 1
            loopDepth = savedLoops
            lambdaDepth = savedLambdas
            inAsyncFunction = savedAsync
            functionHasYield = savedYield
        }
        let body = try parseBlock(after: "function definition", line: t.line)
        let def = FunctionDef(name: name, parameters: parameters, body: body, decorators: decorators, isGenerator: functionHasYield)
        return Stmt(.functionDef(def), compoundRange(from: start, body))
    }

    private func parseClassDef(decorators: [Expr], start: Token) throws -> Stmt {
        let t = advance()
        let name = try expectIdentifier().text
        var bases: [Expr] = []
        var keywords: [(String, Expr)] = []
        if let open = accept("(") {
            for argument in try parseCallArguments(open: open, allowGenerator: false) {
                switch argument {
                case .positional(let e): bases.append(e)
                case .keyword(let k, let e): keywords.append((k, e))
                case .star(let e), .doubleStar(let e): unsupported("class argument unpacking", e.range)
                }
            }
            try expect(")")
        }
        try expectHeaderColon()
        let savedLoops = loopDepth, savedFunctions = functionDepth
        loopDepth = 0
        functionDepth = 0
        defer {
            loopDepth = savedLoops
            functionDepth = savedFunctions
        }
        let body = try parseBlock(after: "class definition", line: t.line)
        let def = ClassDef(name: name, bases: bases, keywords: keywords, body: body, decorators: decorators)
        return Stmt(.classDef(def), compoundRange(from: start, body))
    }

    /// `async def`, `async for`, `async with`: parsed as their plain forms, then refused (or,
    /// outside an async function, reported as CPython's compiler reports them).
    private func parseAsync() throws -> Stmt {
        let t = peek()
        let next = peek(ahead: 1)
        guard next.isKeyword("def") || next.isKeyword("for") || next.isKeyword("with") else { throw invalidSyntax() }
        advance()
        if next.text == "def" {
            unsupported("async def", SourceRange(start: startOf(t), end: endOf(next)))
            nextDefIsAsync = true
            return try parseFunctionDef(decorators: [], start: t)
        }
        let statement = next.text == "for" ? try parseFor() : try parseWith()
        let whole = SourceRange(start: startOf(t), end: statement.range.end)
        if inAsyncFunction {
            unsupported("async \(next.text)", whole)
        } else {
            recordDeferred(.compiler, "'async \(next.text)' outside async function", whole)
        }
        return Stmt(statement.kind, whole)
    }

    /// `match subject:` starts a match statement (refused); `match` is otherwise a plain name.
    private func parseMatchIfPresent() throws -> Stmt? {
        let t = peek()
        let saved = pos
        let isMatch = try probe { () throws -> Bool in
            advance()
            _ = try parseStarNamedExpressionList()
            return peek().isOp(":") && peek(ahead: 1).kind == .newline
        } ?? false
        pos = saved
        if isMatch {
            throw errorAt(SourceRange(start: startOf(t), end: endOf(t)), "'match' is not supported by nnrepl")
        }
        return nil
    }
}

extension Substring {
    /// Drops leading and trailing whitespace (without Foundation).
    func trimmingCharacters() -> String {
        var s = self[...]
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
