/// `eval(source, globals=None, locals=None)` and `exec(...)`: source text parsed as the file
/// `<string>` and run where the call is (the running function's scope, else the module's), or in
/// a namespace built from the `globals`/`locals` dicts, whose new names are written back into the
/// dicts afterwards. Code objects (`compile()`) are not supported.
extension Interpreter {
    func installEvalExec() {
        builtins.vars["eval"] = .builtin(BuiltinFunction("eval") { a, i in try i.evalOrExec(a, "eval") })
        builtins.vars["exec"] = .builtin(BuiltinFunction("exec") { a, i in try i.evalOrExec(a, "exec") })
    }

    private func evalOrExec(_ a: Arguments, _ name: String) throws -> Value {
        let b = try Signature.of(name, "source, globals=None, locals=None").bind(a, self)
        guard case .str(var text) = b["source"] else {
            throw PyError(.typeError, "\(name)() arg 1 must be a string, bytes or code object")
        }
        var dicts: [PyDict] = []
        for key in ["globals", "locals"] where !b.isNone(key) {
            guard case .dict(let d) = b[key] else {
                throw PyError(.typeError, key == "globals" ? "\(name)() globals must be a dict, not \(typeName(b[key]))"
                                                         : "locals must be a mapping")
            }
            dicts.append(d)
        }
        if name == "eval" {
            // eval() ignores leading spaces and tabs, as CPython does.
            text = String(text.drop { $0 == " " || $0 == "\t" })
        }
        let statements: [Stmt]
        do {
            statements = try Parser.parse(SourceFile(name: "<string>", text: text))
        } catch let e as SyntaxError {
            // str() of a SyntaxError names where it is: "invalid syntax (<string>, line 1)".
            throw PyError(e.kind, e.kind == "RecursionError" ? e.message : "\(e.message) (<string>, line \(e.range.start.line))", location: e.range)
        }

        // The scope the code runs in: the caller's, or one holding the given dicts' names.
        var scope = frameScopes.last ?? globals
        var namespaces: [(PyDict, Scope)] = []
        for d in dicts {
            let s = Scope(parent: namespaces.last?.1 ?? builtins)
            for (k, v) in d.pairs { if case .str(let key) = k { s.vars[key] = v } }
            namespaces.append((d, s))
            scope = s
        }
        defer {
            // Names the code bound go back into the innermost dict given, as in CPython.
            if let (d, s) = namespaces.last { for k in s.vars.keys.sorted() { try? d.set(.str(k), s.vars[k]!) } }
        }
        if name == "eval" {
            guard statements.count == 1, case .expr(let e) = statements[0].kind else {
                throw PyError("SyntaxError", "invalid syntax (<string>, line 1)", location: statements.first?.range)
            }
            return try eval(e, scope)
        }
        for s in statements {
            try checkInterruptPy()
            let flow = try exec(s, scope, inFunction: false)
            if case .normal = flow { continue }
            throw PyError("SyntaxError", flowOutsideMessage(flow), location: s.range)
        }
        return .none
    }
}
