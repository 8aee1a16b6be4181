import Engine
import NN

extension Interpreter {
    /// Evaluates an expression; any error without a location gets this node's range.
    func eval(_ e: Expr, _ scope: Scope) throws -> Value {
        do {
            try checkStack()
            return try evalKind(e, scope)
        } catch var err as PyError {
            if err.location == nil { err.location = e.range }
            throw err
        } catch let err as TorchError {
            throw PyError(err).located(e.range)
        }
    }

    private func evalKind(_ e: Expr, _ scope: Scope) throws -> Value {
        switch e.kind {
        case .name(let n):
            guard let v = scope.lookup(n) else { throw nameError(n, range: e.range, scope: scope) }
            return v
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .str(s)
        case .bool(let b): return .bool(b)
        case .none: return .none
        case .ellipsis: return .object(EllipsisObject.shared)
        case .fstring(let parts): return .str(try evalFString(parts, scope))
        case .list(let items): return .list(PyList(try evalItems(items, scope)))
        case .tuple(let items): return .tuple(try evalItems(items, scope))
        case .set(let items):
            // CPython compiles a display of more than two constants to a frozenset constant
            // merged into a new set (BUILD_SET 0; LOAD_CONST; SET_UPDATE): a different table
            // layout, hence a different iteration order, than adding the items one by one. The
            // compiler's constant merging rebuilds that frozenset once more from its own
            // iteration order (merge_consts_recursive), which moves colliding items again. It is
            // rebuilt a third time (intern_string_constants) when interning replaces one of its
            // strings by an equal string interned before the compilation started — a builtin
            // name, say; which other names the running CPython has interned cannot be known
            // here, so only builtin names count (checked on random displays against 3.11).
            if items.count > 2 && items.allSatisfy(isConstantExpr) {
                let values = try evalItems(items, scope)
                var constant = try PySet(try PySet(values).items)
                if values.contains(where: isInternableString) { constant = try PySet(constant.items) }
                return .set(constant.copy(frozen: false))
            }
            return .set(try PySet(try evalItems(items, scope)))
        case .dict(let pairs):
            let d = PyDict()
            for (k, v) in pairs {
                if let k { try d.set(try eval(k, scope), try eval(v, scope)) } else {
                    let other = try eval(v, scope)
                    guard case .dict(let od) = other else { throw PyError(.typeError, "'\(typeName(other))' object is not a mapping") }
                    for (kk, vv) in od.pairs { try d.set(kk, vv) }
                }
            }
            return .dict(d)
        case .attribute(let objExpr, let name):
            return try getAttribute(try eval(objExpr, scope), name, range: e.range)
        case .subscript(let objExpr, let keyExpr):
            let obj = try eval(objExpr, scope)
            return try getItem(obj, try evalSubscriptKey(keyExpr, scope), range: e.range)
        case .slice:
            return try evalSubscriptKey(e, scope)
        case .call(let fnExpr, let argExprs):
            let fn = try eval(fnExpr, scope)
            let args = try evalArguments(argExprs, scope)
            return try call(fn, args, range: e.range)
        case .unary(let op, let operand):
            return try unary(op, try eval(operand, scope))
        case .binary(let op, let l, let r):
            let a = try eval(l, scope)
            let b = try eval(r, scope)
            return try binary(op, a, b)
        case .boolOp(let op, let values):
            var last = Value.none
            for (i, ve) in values.enumerated() {
                last = try eval(ve, scope)
                if i == values.count - 1 { break }
                let t = try truthy(last)
                if op == .and && !t { return last }
                if op == .or && t { return last }
            }
            return last
        case .compare(let first, let rest):
            var left = try eval(first, scope)
            for (op, re) in rest {
                let right = try eval(re, scope)
                let r = try compare(op, left, right)
                // A chain continues only while each link is true (tensor results end the chain).
                if rest.count == 1 { return r }
                if !(try truthy(r)) { return r }
                left = right
            }
            return .true
        case .ifExp(let test, let body, let orElse):
            return try truthy(try eval(test, scope)) ? try eval(body, scope) : try eval(orElse, scope)
        case .lambda(let params, let body):
            let fn = PyFunction(name: "<lambda>", qualifiedName: "<lambda>", parameters: params, body: [], expression: body,
                                defaults: try evalDefaults(params, scope), closure: scope, globals: globals,
                                globalNames: [], nonlocalNames: [], range: e.range)
            return .function(fn)
        case .listComp(let elt, let gens):
            var out: [Value] = []
            try comprehension(gens, 0, Scope(parent: scope)) { s in out.append(try self.eval(elt, s)) }
            return .list(PyList(out))
        case .setComp(let elt, let gens):
            let out = PySet()
            try comprehension(gens, 0, Scope(parent: scope)) { s in try out.add(try self.eval(elt, s)) }
            return .set(out)
        case .dictComp(let k, let v, let gens):
            let out = PyDict()
            try comprehension(gens, 0, Scope(parent: scope)) { s in try out.set(try self.eval(k, s), try self.eval(v, s)) }
            return .dict(out)
        case .generator(let elt, let gens):
            // Evaluated eagerly: fine for sum(...), any(...), list(...), the uses learners write.
            var out: [Value] = []
            try comprehension(gens, 0, Scope(parent: scope)) { s in out.append(try self.eval(elt, s)) }
            return .object(IteratorObject(out.makeIterator(), name: "generator"))
        case .yield(let value):
            return try yieldFromGenerator(try value.map { try eval($0, scope) } ?? .none)
        case .yieldFrom(let source):
            return try yieldEach(try eval(source, scope), range: source.range)
        case .starred:
            throw PyError("SyntaxError", "can't use starred expression here")
        case .namedExpr(let target, let value):
            let v = try eval(value, scope)
            setVariable(target, v, scope)
            return v
        }
    }

    func evalItems(_ items: [Expr], _ scope: Scope) throws -> [Value] {
        var out: [Value] = []
        for i in items {
            if case .starred(let inner) = i.kind {
                let v = try eval(inner, scope)
                out += (try collect(v, range: inner.range))
            } else {
                out.append(try eval(i, scope))
            }
        }
        return out
    }

    func evalArguments(_ argExprs: [Argument], _ scope: Scope) throws -> Arguments {
        var args = Arguments()
        for a in argExprs {
            switch a {
            case .positional(let e): args.positional.append(try eval(e, scope))
            case .keyword(let name, let e):
                if args.keywords.contains(where: { $0.0 == name }) {
                    throw PyError("SyntaxError", "keyword argument repeated: \(name)", location: e.range)
                }
                args.keywords.append((name, try eval(e, scope)))
            case .star(let e):
                let v = try eval(e, scope)
                args.positional += (try collect(v, range: e.range))
            case .doubleStar(let e):
                let v = try eval(e, scope)
                guard case .dict(let d) = v else {
                    throw PyError(.typeError, "argument after ** must be a mapping, not \(typeName(v))", location: e.range)
                }
                for (k, val) in d.pairs {
                    guard case .str(let ks) = k else { throw PyError(.typeError, "keywords must be strings", location: e.range) }
                    args.keywords.append((ks, val))
                }
            }
        }
        return args
    }

    private func comprehension(_ gens: [Comprehension], _ i: Int, _ scope: Scope, _ body: (Scope) throws -> Void) throws {
        if i == gens.count { try body(scope); return }
        let g = gens[i]
        let iterable = try eval(g.iter, scope)
        for item in try iterate(iterable, range: g.iter.range) {
            try checkInterruptPy()
            try assign(g.target, item, scope)
            var ok = true
            for c in g.conditions where !(try truthy(try eval(c, scope))) { ok = false; break }
            if ok { try comprehension(gens, i + 1, scope, body) }
        }
    }

    /// The key of `x[...]`: a value, or a tuple of items where slices become slice objects.
    func evalSubscriptKey(_ e: Expr, _ scope: Scope) throws -> Value {
        switch e.kind {
        case .slice(let lo, let hi, let step):
            return .object(SliceObject(lower: try lo.map { try eval($0, scope) } ?? .none,
                                       upper: try hi.map { try eval($0, scope) } ?? .none,
                                       step: try step.map { try eval($0, scope) } ?? .none))
        case .tuple(let items):
            return .tuple(try items.map { try evalSubscriptKey($0, scope) })
        default:
            return try eval(e, scope)
        }
    }

    private func evalFString(_ parts: [FStringPart], _ scope: Scope) throws -> String {
        var out = ""
        for p in parts {
            switch p {
            case .literal(let s): out += s
            case .field(let e, let conversion, let specParts, let debugText):
                let v = try eval(e, scope)
                let spec = try evalFString(specParts, scope)
                if let debugText { out += debugText }
                var converted = v
                if let c = conversion {
                    converted = .str(c == "r" || c == "a" ? try repr(v) : try str(v))
                } else if debugText != nil && spec.isEmpty {
                    out += try repr(v)
                    continue
                }
                out += try format(converted, spec: spec)
            }
        }
        return out
    }

    /// Whether CPython's compiler sees a constant (literals, signed numbers, tuples of constants).
    func isConstantExpr(_ e: Expr) -> Bool {
        switch e.kind {
        case .int, .float, .string, .bool, .none, .ellipsis: return true
        case .unary(let op, let x): return op != .not && isConstantExpr(x)
        case .tuple(let items): return items.allSatisfy(isConstantExpr)
        default: return false
        }
    }

    /// A str constant CPython's interning replaces by an object interned at start-up: a name
    /// of a builtin (`'print'`, `'len'`), which every interpreter has interned.
    private func isInternableString(_ v: Value) -> Bool {
        guard case .str(let s) = v, s.count > 1 else { return false }
        return builtins.vars[s] != nil
    }

    /// `format(value, spec)`.
    func format(_ v: Value, spec: String) throws -> String {
        // Tensor.__format__: a 0-d tensor (not a Parameter) formats as `self.detach().item()`,
        // so f"{loss}" is the Python float; anything else is object.__format__ (str, no spec).
        if case .tensor(let t) = v, t.ndim == 0, !t.isParameter {
            return try format(try tensorItem(t), spec: spec)
        }
        if spec.isEmpty { return try str(v) }
        let arg: FormatArg
        switch v {
        case .int(let i): arg = .int(i)
        case .bool(let b): arg = .bool(b)
        case .float(let d): arg = .float(d)
        case .str(let s): arg = .string(str: s, repr: try repr(v))
        case .object(let o as NativeNumeric) where o.pythonNumber != nil:
            return try format(o.pythonNumber!, spec: spec)
        default:
            throw PyError(.typeError, "unsupported format string passed to \(typeName(v)).__format__")
        }
        do { return try pythonFormat(arg, spec: spec) } catch let e as FormatError { throw PyError(e.kind, e.message) }
    }

    /// NameError with CPython's "Did you mean" suggestion.
    func nameError(_ name: String, range: SourceRange, scope: Scope? = nil) -> PyError {
        var candidates = Set(globals.vars.keys).union(builtins.vars.keys)
        var s = scope
        while let c = s { candidates.formUnion(c.vars.keys); s = c.parent }
        var err = PyError("NameError", "name '\(name)' is not defined", location: range)
        if let best = closestName(name, Array(candidates)) { err.suggestion = "Did you mean: '\(best)'?" }
        return err
    }
}

/// CPython's suggestion rule: the candidate with the smallest Levenshtein distance (case
/// changes cost 1, others 2) within (len(name)+len(candidate)+3)*2/6 ... simplified: within
/// max(len)/3 edits, ties broken by order.
func closestName(_ name: String, _ candidates: [String]) -> String? {
    let a = Array(name)
    var best: (String, Int)? = nil
    for c in candidates.sorted() where c != name {
        let b = Array(c)
        // CPython: max cost = (len(a) + len(b) + 3) * MOVE_COST / 6, MOVE_COST = 2
        let maxCost = (a.count + b.count + 3) * 2 / 6
        let d = levenshtein(a, b)
        if d <= maxCost && (best == nil || d < best!.1) { best = (c, d) }
    }
    return best?.0
}

/// Levenshtein distance with CPython's costs: substitution of a case variant 1, otherwise 2.
func levenshtein(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count * 2 }
    if b.isEmpty { return a.count * 2 }
    var prev = Array(stride(from: 0, through: b.count * 2, by: 2))
    for i in 1...a.count {
        var cur = [i * 2] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            let sub = a[i - 1] == b[j - 1] ? 0 : (a[i - 1].lowercased() == b[j - 1].lowercased() ? 1 : 2)
            cur[j] = min(prev[j] + 2, cur[j - 1] + 2, prev[j - 1] + sub)
        }
        prev = cur
    }
    return prev[b.count]
}
