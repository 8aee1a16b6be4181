/// Assignment targets: which expressions can be assigned or deleted, and CPython's messages
/// when they cannot.
enum TargetContext { case store, delete, forTarget }

extension ParserCore {
    /// CPython's `_PyPegen_get_invalid_target`: the first part of `e` that cannot be a target.
    func invalidTarget(_ e: Expr, _ context: TargetContext) -> Expr? {
        switch e.kind {
        case .name, .attribute, .subscript:
            return nil
        case .list(let elements), .tuple(let elements):
            for element in elements {
                if let bad = invalidTarget(element, context) { return bad }
            }
            return nil
        case .starred(let value):
            return context == .delete ? e : invalidTarget(value, context)
        case .compare(let left, let pairs):
            // `for a in b` reads as a comparison when the target is parsed as an expression.
            if context == .forTarget {
                if let first = pairs.first, first.0 == .in { return invalidTarget(left, context) }
                return nil
            }
            return e
        default:
            return e
        }
    }

    /// CPython's `_PyPegen_get_expr_name`, the noun in "cannot assign to ...".
    func exprName(_ e: Expr) -> String {
        switch e.kind {
        case .attribute: return "attribute"
        case .subscript: return "subscript"
        case .starred: return "starred"
        case .name: return "name"
        case .list: return "list"
        case .tuple: return "tuple"
        case .lambda: return "lambda"
        case .call: return "function call"
        case .boolOp, .binary, .unary: return "expression"
        case .generator: return "generator expression"
        case .listComp: return "list comprehension"
        case .setComp: return "set comprehension"
        case .dictComp: return "dict comprehension"
        case .dict: return "dict literal"
        case .set: return "set display"
        case .fstring: return "f-string expression"
        case .int, .float, .string: return "literal"
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .ellipsis: return "ellipsis"
        case .compare: return "comparison"
        case .ifExp: return "conditional expression"
        case .namedExpr: return "named expression"
        case .yield, .yieldFrom: return "yield expression"
        case .slice: return "slice"
        }
    }

    /// single_target: what augmented assignment and annotations accept.
    func isSingleTarget(_ e: Expr) -> Bool {
        switch e.kind {
        case .name, .attribute, .subscript: return true
        default: return false
        }
    }

    /// True for `(a, b)` as opposed to `a, b`, and for any expression written as `(e)`.
    func isParenthesized(_ e: Expr) -> Bool {
        if case .tuple(let elements) = e.kind {
            guard let first = elements.first else { return true }
            return e.range.start != first.range.start
        }
        return parenthesized.contains(ObjectIdentifier(e))
    }

    /// The element of an unparenthesized tuple that stands just before `=`.
    func lastElement(of e: Expr) -> Expr {
        if case .tuple(let elements) = e.kind, !isParenthesized(e), let last = elements.last { return last }
        return e
    }

    /// Whether `e` is all that CPython's `bitwise_or` rule would read.
    private func isBitwiseLevel(_ e: Expr) -> Bool {
        if isParenthesized(e) { return true }
        switch e.kind {
        case .compare, .boolOp, .ifExp, .lambda, .starred, .namedExpr, .slice: return false
        case .unary(let op, _): return op != .not
        case .tuple: return false
        default: return true
        }
    }

    /// CPython's lookahead `!(list|tuple|genexp|'True'|'None'|'False')` at the start of `e`.
    private func startsWithExcludedAtom(_ e: Expr) -> Bool {
        var x = e
        walk: while !parenthesized.contains(ObjectIdentifier(x)) {
            switch x.kind {
            case .binary(_, let left, _): x = left
            case .attribute(let v, _), .subscript(let v, _), .call(let v, _): x = v
            default: break walk
            }
        }
        if parenthesized.contains(ObjectIdentifier(x)) { return false }
        switch x.kind {
        case .list, .tuple, .generator, .bool, .none: return true
        default: return false
        }
    }

    /// invalid_named_expression: `x = 1` where a condition or element was expected reads as a
    /// mistyped `==`. Called with the next token `=`; throws when CPython would.
    func reportInvalidNamedExpression(_ e: Expr) throws {
        guard invalidRules, peek().isOp("=") else { return }
        var isPlainName = false
        if case .name = e.kind, !isParenthesized(e) { isPlainName = true }
        guard isPlainName || (isBitwiseLevel(e) && !startsWithExcludedAtom(e)) else { return }
        let resume = pos
        let found = try probe { () throws -> (Expr, Token) in
            advance()
            let value = try parseBitwiseOr()
            return (value, peek())
        }
        pos = resume
        guard let (value, next) = found, !next.isOp("="), !next.isOp(":=") else { return }
        if isPlainName {
            throw errorAt(from: e.range.start, to: value.range.end,
                          "invalid syntax. Maybe you meant '==' or ':=' instead of '='?")
        }
        throw errorAt(e.range, "cannot assign to \(exprName(e)) here. Maybe you meant '==' instead of '='?")
    }

    /// `x = *a`: CPython's compiler refuses a starred expression outside a display.
    func checkNotBareStarred(_ e: Expr) {
        if case .starred = e.kind { recordDeferred(.compiler, "can't use starred expression here", e.range) }
    }

    /// Starred assignment targets: alone, or more than one in the same tuple or list.
    func checkStarredTarget(_ target: Expr) {
        switch target.kind {
        case .starred:
            recordDeferred(.compiler, "starred assignment target must be in a list or tuple", target.range)
        case .tuple(let elements), .list(let elements):
            var starred = 0
            for element in elements {
                if case .starred(let inner) = element.kind {
                    starred += 1
                    checkNestedTarget(inner)
                } else {
                    checkNestedTarget(element)
                }
            }
            if starred > 1 { recordDeferred(.compiler, "multiple starred expressions in assignment", target.range) }
        default:
            break
        }
    }

    private func checkNestedTarget(_ e: Expr) {
        switch e.kind {
        case .tuple, .list: checkStarredTarget(e)
        default: break
        }
    }
}
