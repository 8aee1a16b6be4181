/// String literals: prefixes, escape sequences, implicit concatenation, and f-strings parsed
/// as CPython 3.11 parses them (the field scanner of Parser/string_parser.c, then the field's
/// expression tokenized and parsed in place, so its nodes carry real file positions).
extension ParserCore {
    /// The parts of one literal token.
    private struct Literal {
        var raw = false, bytes = false, formatted = false
        var bodyStart = 0, bodyEnd = 0
    }

    private func splitLiteral(_ t: Token) -> Literal {
        var literal = Literal()
        var i = t.start
        while i < t.end && scalars[i] != "'" && scalars[i] != "\"" {
            switch scalars[i] {
            case "r", "R": literal.raw = true
            case "b", "B": literal.bytes = true
            case "f", "F": literal.formatted = true
            default: break
            }
            i += 1
        }
        let quoteLength = t.end - i >= 6 && i + 2 < t.end && scalars[i + 1] == scalars[i] && scalars[i + 2] == scalars[i] ? 3 : 1
        literal.bodyStart = min(i + quoteLength, t.end)
        literal.bodyEnd = max(t.end - quoteLength, literal.bodyStart)
        return literal
    }

    /// strings: one or more adjacent literals, concatenated.
    func parseStrings() throws -> Expr {
        let first = peek()
        var literals: [Token] = []
        while peek().kind == .string { literals.append(advance()) }
        let r = range(from: first)
        _ = peek()  // CPython has read the next token when it decodes: f-string errors point there
        var parts: [FStringPart] = []
        var text = ""
        var formatted = false, sawBytes = false, sawText = false
        for t in literals {
            let literal = splitLiteral(t)
            if literal.bytes { sawBytes = true } else { sawText = true }
            if sawBytes && sawText { throw errorAtLast("cannot mix bytes and nonbytes literals") }
            if literal.formatted {
                formatted = true
                var i = literal.bodyStart
                for part in try parseFStringParts(t, &i, literal.bodyEnd, raw: literal.raw, recursion: 0) {
                    if case .literal(let s) = part {
                        text += s
                    } else {
                        if !text.isEmpty { parts.append(.literal(text)) }
                        text = ""
                        parts.append(part)
                    }
                }
            } else if !literal.bytes {
                text += try decode(literal.bodyStart, literal.bodyEnd, raw: literal.raw, token: t)
            }
        }
        if sawBytes {
            unsupported("bytes literal", r)
            return Expr(.string(""), r)
        }
        guard formatted else { return Expr(.string(text), r) }
        if !text.isEmpty { parts.append(.literal(text)) }
        return Expr(.fstring(parts), r)
    }

    // MARK: - Escapes

    private func hexValue(_ from: Int, _ count: Int, _ end: Int) -> UInt32? {
        guard from + count <= end else { return nil }
        var value: UInt32 = 0
        for i in from..<(from + count) {
            guard let digit = Int(String(Character(scalars[i])), radix: 16) else { return nil }
            value = value * 16 + UInt32(digit)
        }
        return value
    }

    /// Decodes backslash escapes in `scalars[from..<to]` (unless raw).
    private func decode(_ from: Int, _ to: Int, raw: Bool, token: Token) throws -> String {
        var out = String.UnicodeScalarView()
        var i = from
        while i < to {
            let c = scalars[i]
            guard !raw, c == "\\", i + 1 < to else {
                out.append(c)
                i += 1
                continue
            }
            let n = scalars[i + 1]
            i += 2
            switch n {
            case "\n": break
            case "\\", "'", "\"": out.append(n)
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "0"..."7":
                var value = n.value - 48
                var count = 1
                while count < 3, i < to, scalars[i].value >= 48, scalars[i].value <= 55 {
                    value = value * 8 + scalars[i].value - 48
                    i += 1
                    count += 1
                }
                out.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            case "x", "u", "U":
                let width = n == "x" ? 2 : (n == "u" ? 4 : 8)
                let escapeStart = i - 2
                guard let value = hexValue(i, width, to) else {
                    var end = i
                    while end < to && end < i + width && Int(String(Character(scalars[end])), radix: 16) != nil { end += 1 }
                    let name = n == "x" ? "\\xXX" : (n == "u" ? "\\uXXXX" : "\\UXXXXXXXX")
                    throw unicodeError(from, escapeStart, end - 1, "truncated \(name) escape", token)
                }
                guard let scalar = Unicode.Scalar(value) else {
                    throw unicodeError(from, escapeStart, i + width - 1, "illegal Unicode character", token)
                }
                out.append(scalar)
                i += width
            case "N":
                let escapeStart = i - 2
                var nameEnd = i
                if i < to && scalars[i] == "{" {
                    nameEnd = i + 1
                    while nameEnd < to && scalars[nameEnd] != "}" { nameEnd += 1 }
                }
                guard i < to, scalars[i] == "{", nameEnd < to, nameEnd > i + 1 else {
                    throw unicodeError(from, escapeStart, nameEnd - 1, "malformed \\N character escape", token)
                }
                var name = String.UnicodeScalarView()
                name.append(contentsOf: scalars[(i + 1)..<nameEnd])
                guard let scalar = UnicodeNames.scalar(named: String(name)) else {
                    throw unicodeError(from, escapeStart, nameEnd, "unknown Unicode character name", token)
                }
                out.append(scalar)
                i = nameEnd + 1
            default:
                // Unknown escapes keep their backslash (CPython only warns).
                out.append("\\")
                out.append(n)
            }
        }
        return String(out)
    }

    /// CPython's decoding error, with byte positions in the UTF-8 text of the literal body.
    private func unicodeError(_ bodyStart: Int, _ first: Int, _ last: Int, _ reason: String, _ token: Token) -> SyntaxError {
        // CPython decodes from a buffer where each non-ASCII character became `\UXXXXXXXX`.
        func bytes(_ upTo: Int) -> Int {
            scalars[bodyStart..<max(upTo, bodyStart)].reduce(0) { $0 + ($1.isASCII ? 1 : 10) }
        }
        let a = bytes(first), b = bytes(last + 1) - 1
        let message = "(unicode error) 'unicodeescape' codec can't decode bytes in position \(a)-\(max(a, b)): \(reason)"
        return errorAtLast(message)
    }

    // MARK: - f-strings

    /// fstring_parse: literal text and `{...}` fields up to `end` (or, in a format spec, up to
    /// the `}` that closes it).
    private func parseFStringParts(_ t: Token, _ i: inout Int, _ end: Int, raw: Bool, recursion: Int) throws -> [FStringPart] {
        var parts: [FStringPart] = []
        var text = ""
        while true {
            var segment = i
            while i < end {
                let c = scalars[i]
                if !raw && c == "\\" && i + 1 < end {
                    let n = scalars[i + 1]
                    if n == "N" {
                        i += 2
                        if i < end && scalars[i] == "{" {
                            while i < end && scalars[i] != "}" { i += 1 }
                            i += 1
                        }
                        continue
                    }
                    // `\{` keeps its backslash and the brace still opens a field, as in 3.11.
                    i += n == "{" || n == "}" ? 1 : 2
                    continue
                }
                if c == "{" || c == "}" {
                    if recursion == 0 {
                        if i + 1 < end && scalars[i + 1] == c {
                            text += try decode(segment, i + 1, raw: raw, token: t)
                            i += 2
                            segment = i
                            continue
                        }
                        if c == "}" { throw errorAtLast("f-string: single '}' is not allowed") }
                    }
                    break
                }
                i += 1
            }
            text += try decode(segment, min(i, end), raw: raw, token: t)
            if i >= end || scalars[i] == "}" { break }
            if !text.isEmpty { parts.append(.literal(text)) }
            text = ""
            parts.append(try parseFStringField(t, &i, end, raw: raw, recursion: recursion))
        }
        if !text.isEmpty { parts.append(.literal(text)) }
        if recursion > 0 && (i >= end || scalars[i] != "}") { throw errorAtLast("f-string: expecting '}'") }
        return parts
    }

    /// fstring_find_expr: one `{expr=!c:spec}` field, `i` at its `{`.
    private func parseFStringField(_ t: Token, _ i: inout Int, _ end: Int, raw: Bool, recursion: Int) throws -> FStringPart {
        if recursion >= 2 { throw errorAtLast("f-string: expressions nested too deeply") }
        i += 1
        let exprStart = i
        var quote: Unicode.Scalar? = nil
        var tripleQuoted = false
        var brackets: [Unicode.Scalar] = []
        scan: while i < end {
            let c = scalars[i]
            if c == "\\" { throw errorAtLast("f-string expression part cannot include a backslash") }
            if let q = quote {
                if c == q {
                    if !tripleQuoted {
                        quote = nil
                    } else if i + 2 < end && scalars[i + 1] == c && scalars[i + 2] == c {
                        i += 2
                        quote = nil
                    }
                }
                i += 1
                continue
            }
            if brackets.isEmpty && (c == "!" || c == ":" || c == "}" || c == "=" || c == "<" || c == ">") {
                if i + 1 < end && scalars[i + 1] == "=" && c != ":" && c != "}" {
                    i += 2
                    continue
                }
                if c == "<" || c == ">" {
                    i += 1
                    continue
                }
                break scan
            }
            switch c {
            case "'", "\"":
                tripleQuoted = i + 2 < end && scalars[i + 1] == c && scalars[i + 2] == c
                if tripleQuoted { i += 2 }
                quote = c
            case "[", "(", "{":
                if brackets.count >= Lexer.maxBracketDepth { throw errorAtLast("f-string: too many nested parenthesis") }
                brackets.append(c)
            case "#":
                throw errorAtLast("f-string expression part cannot include '#'")
            case "]", ")", "}":
                guard let open = brackets.popLast() else { throw errorAtLast("f-string: unmatched '\(c)'") }
                if !((open == "(" && c == ")") || (open == "[" && c == "]") || (open == "{" && c == "}")) {
                    throw errorAtLast("f-string: closing parenthesis '\(c)' does not match opening parenthesis '\(open)'")
                }
            default:
                break
            }
            i += 1
        }
        if quote != nil { throw errorAtLast("f-string: unterminated string") }
        if let open = brackets.last { throw errorAtLast("f-string: unmatched '\(open)'") }
        if i >= end { throw errorAtLast("f-string: expecting '}'") }

        let isBlank = scalars[exprStart..<i].allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\u{0C}" }
        if isBlank {
            let c = scalars[i]
            if c == "!" || c == ":" || c == "=" { throw errorAtLast("f-string: expression required before '\(c)'") }
            throw errorAtLast("f-string: empty expression not allowed")
        }
        let expression = try parseFieldExpression(t, exprStart, i)

        var debugText: String? = nil
        if scalars[i] == "=" {
            i += 1
            while i < end && (scalars[i] == " " || ("\t"..."\r").contains(scalars[i])) { i += 1 }
            if i >= end { throw errorAtLast("f-string: expecting '}'") }
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars[exprStart..<i])
            debugText = String(s)
        }
        var conversion: Character? = nil
        if scalars[i] == "!" {
            i += 1
            if i >= end { throw errorAtLast("f-string: expecting '}'") }
            let c = scalars[i]
            i += 1
            guard c == "s" || c == "r" || c == "a" else {
                throw errorAtLast("f-string: invalid conversion character: expected 's', 'r', or 'a'")
            }
            conversion = Character(c)
        }
        var spec: [FStringPart] = []
        var hasSpec = false
        if i < end && scalars[i] == ":" {
            i += 1
            if i >= end { throw errorAtLast("f-string: expecting '}'") }
            spec = try parseFStringParts(t, &i, end, raw: raw, recursion: recursion + 1)
            hasSpec = true
        }
        if i >= end || scalars[i] != "}" { throw errorAtLast("f-string: expecting '}'") }
        i += 1
        // `{x=}` shows the repr unless a conversion or format spec says otherwise (as CPython).
        if debugText != nil && !hasSpec && conversion == nil { conversion = "r" }
        return .field(expression, conversion: conversion, spec: spec, debugText: debugText)
    }

    /// Tokenizes and parses a field's expression where it stands in the file.
    private func parseFieldExpression(_ t: Token, _ from: Int, _ to: Int) throws -> Expr {
        var line = t.line
        var lineStart = t.start - (t.col - 1)
        for k in t.start..<from where scalars[k] == "\n" {
            line += 1
            lineStart = k + 1
        }
        let lexed = Lexer.tokenizeField(scalars, file: file, start: from, end: to, line: line, lineStart: lineStart)
        let field = ParserCore(file: file, scalars: scalars, lexed: lexed, allowMagics: false, isField: true)
        field.functionDepth = functionDepth
        field.loopDepth = loopDepth
        field.depth = depth
        do {
            let e = field.peek().isKeyword("yield") ? try field.parseYieldExpression() : try field.parseStarExpressions()
            guard field.peek().kind == .endMarker else { throw field.invalidSyntax() }
            deferred += field.deferred
            return e
        } catch let error as SyntaxError {
            throw field.preferTokenizerError(over: error)
        } catch {
            throw field.preferTokenizerError(over: field.genericError())
        }
    }
}
