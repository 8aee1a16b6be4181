import Engine
import NN

extension Interpreter {
    /// Executes a block; stops at the first break/continue/return and reports it.
    func execBlock(_ body: [Stmt], _ scope: Scope, inFunction: Bool) throws -> Flow {
        for s in body {
            let flow = try exec(s, scope, inFunction: inFunction)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func exec(_ stmt: Stmt, _ scope: Scope, inFunction: Bool) throws -> Flow {
        let previous = currentStatement
        currentStatement = stmt
        defer { currentStatement = previous }
        do {
            try checkStack()
            if !pendingGeneratorCloses.isEmpty { closeDroppedGenerators() }
            // Graph nodes freed by the previous statement, released in a loop (NodeTeardown).
            if !NodeTeardown.pending.isEmpty { NodeTeardown.drain() }
            let flow = try execKind(stmt, scope, inFunction: inFunction)
            // An error a lazy iterator met inside this statement (list(gen), sum(gen), zip…)
            // is raised here if nothing on the way reported it.
            if let err = iterationError { iterationError = nil; throw err }
            return flow
        } catch var e as PyError {
            if e.location == nil { e.location = stmt.range }
            throw e
        } catch let e as TorchError {
            throw PyError(e).located(stmt.range)
        }
    }

    private func execKind(_ stmt: Stmt, _ scope: Scope, inFunction: Bool) throws -> Flow {
        switch stmt.kind {
        case .expr(let e):
            let v = try eval(e, scope)
            if displayMode == .shell && !inFunction && !v.isNone {
                write(try repr(v) + "\n")
                // sys.displayhook: the last displayed value is `_` (a builtin, so a user's own
                // `_` variable shadows it, as in Python).
                builtins.vars["_"] = v
                displayObserver?(stmt.range)
            }
        case .assign(let targets, let value):
            let v = try eval(value, scope)
            for t in targets { try assign(t, v, scope) }
        case .augAssign(let target, let op, let value):
            try augmentedAssign(target, op, value, scope, range: stmt.range)
        case .annAssign(let target, _, let value):
            if let value { try assign(target, try eval(value, scope), scope) }
        case .importModules(let names):
            for n in names {
                let module = try importModule(n.name, range: n.range)
                if let alias = n.asName {
                    scope.vars[alias] = module
                } else {
                    // `import torch.nn` binds `torch`
                    let top = String(n.name.split(separator: ".")[0])
                    scope.vars[top] = try importModule(top, range: n.range)
                }
            }
        case .importFrom(let moduleName, let names, let star):
            let module = try importModule(moduleName, range: stmt.range)
            if star {
                for (k, v) in try moduleMembers(module) where !k.hasPrefix("_") { scope.vars[k] = v }
            }
            for n in names {
                if moduleName == "__future__" && (try? getAttribute(module, n.name)) == nil {
                    throw PyError("SyntaxError", "future feature \(n.name) is not defined", location: n.range)
                }
                if let v = try? getAttribute(module, n.name, range: n.range) {
                    scope.vars[n.asName ?? n.name] = v
                } else if let sub = try? importModule(moduleName + "." + n.name, range: n.range) {
                    scope.vars[n.asName ?? n.name] = sub
                } else {
                    throw PyError("ImportError", "cannot import name '\(n.name)' from '\(moduleName)'", location: n.range)
                }
            }
        case .forLoop(let target, let iterExpr, let body, let orElse):
            let iterable = try eval(iterExpr, scope)
            let it = try iterate(iterable, range: iterExpr.range)
            var broke = false
            while let item = it.next() {
                try checkInterruptPy()
                try assign(target, item, scope)
                let flow = try execBlock(body, scope, inFunction: inFunction)
                if case .breakLoop = flow { broke = true; break }
                if case .returnValue = flow { return flow }
            }
            if let err = iterationError { iterationError = nil; throw err }
            if !broke { let f = try execBlock(orElse, scope, inFunction: inFunction); if case .normal = f {} else { return f } }
        case .whileLoop(let test, let body, let orElse):
            var broke = false
            while try truthy(try eval(test, scope)) {
                try checkInterruptPy()
                let flow = try execBlock(body, scope, inFunction: inFunction)
                if case .breakLoop = flow { broke = true; break }
                if case .returnValue = flow { return flow }
            }
            if !broke { let f = try execBlock(orElse, scope, inFunction: inFunction); if case .normal = f {} else { return f } }
        case .ifStmt(let test, let body, let orElse):
            if try truthy(try eval(test, scope)) {
                return try execBlock(body, scope, inFunction: inFunction)
            }
            return try execBlock(orElse, scope, inFunction: inFunction)
        case .functionDef(let def):
            var fn = Value.function(try makeFunction(def, scope, className: nil, range: stmt.range))
            for d in def.decorators.reversed() {
                let dec = try eval(d, scope)
                fn = try call(dec, Arguments([fn]), range: d.range)
            }
            scope.vars[def.name] = fn
        case .classDef(let def):
            scope.vars[def.name] = try makeClass(def, scope, range: stmt.range)
        case .returnStmt(let e):
            return .returnValue(try e.map { try eval($0, scope) } ?? .none)
        case .breakStmt:
            return .breakLoop
        case .continueStmt:
            return .continueLoop
        case .pass:
            break
        case .with(let items, let body):
            return try execWith(items, body, scope, inFunction: inFunction)
        case .tryStmt(let body, let handlers, let orElse, let finally):
            return try execTry(body, handlers, orElse, finally, scope, inFunction: inFunction)
        case .raise(let e, let cause):
            _ = cause
            guard let e else {
                if let active = activeExceptions.last { throw active }
                throw PyError("RuntimeError", "No active exception to reraise", location: stmt.range)
            }
            throw try makeRaisedError(try eval(e, scope), range: e.range)
        case .delete(let targets):
            for t in targets { try delete(t, scope) }
        case .assert(let test, let message):
            if !(try truthy(try eval(test, scope))) {
                let msg = try message.map { try str(try eval($0, scope)) } ?? ""
                throw PyError("AssertionError", msg, location: stmt.range)
            }
        case .global, .nonlocal:
            break   // collected when the function was defined
        case .magic(let name, _):
            throw PyError("SyntaxError", "magic commands (%\(name)) work only in the nnrepl shell", location: stmt.range)
        case .helpRequest(let e):
            emitHelp(try helpText(for: try eval(e, scope)))
        }
        return .normal
    }

    // MARK: with / try

    private func execWith(_ items: [(context: Expr, target: Expr?)], _ body: [Stmt], _ scope: Scope, inFunction: Bool) throws -> Flow {
        guard let (ctxExpr, target) = items.first else { return try execBlock(body, scope, inFunction: inFunction) }
        let ctx = try eval(ctxExpr, scope)
        guard case .object(let obj) = ctx, let manager = obj as? ContextManager else {
            throw PyError(.typeError, "'\(typeName(ctx))' object does not support the context manager protocol").located(ctxExpr.range)
        }
        let entered = try manager.enter(self)
        if let target { try assign(target, entered, scope) }
        let flow: Flow
        do {
            flow = try execWith(Array(items.dropFirst()), body, scope, inFunction: inFunction)
        } catch {
            manager.exit(self)
            throw error
        }
        manager.exit(self)
        return flow
    }

    private func execTry(_ body: [Stmt], _ handlers: [ExceptHandler], _ orElse: [Stmt], _ finally: [Stmt], _ scope: Scope, inFunction: Bool) throws -> Flow {
        var result: Flow = .normal
        do {
            do {
                result = try execBlock(body, scope, inFunction: inFunction)
                if case .normal = result { result = try execBlock(orElse, scope, inFunction: inFunction) }
            } catch let thrown {
                var err: PyError
                if let e = thrown as? PyError { err = e } else if let e = thrown as? TorchError { err = PyError(e) } else { throw thrown }
                var handled = false
                for h in handlers {
                    if try matches(err, h.type, scope) {
                        if let name = h.name { scope.vars[name] = exceptionObject(for: err) }
                        activeExceptions.append(err)
                        defer { activeExceptions.removeLast() }
                        result = try execBlock(h.body, scope, inFunction: inFunction)
                        handled = true
                        break
                    }
                }
                if !handled { throw err }
            }
        } catch {
            let f = try execBlock(finally, scope, inFunction: inFunction)
            if case .normal = f { throw error }
            return f
        }
        let f = try execBlock(finally, scope, inFunction: inFunction)
        if case .normal = f { return result }
        return f
    }

    /// Whether `except <typeExpr>` catches `err`.
    private func matches(_ err: PyError, _ typeExpr: Expr?, _ scope: Scope) throws -> Bool {
        guard let typeExpr else { return !err.isKeyboardInterrupt }
        let t = try eval(typeExpr, scope)
        let candidates: [Value]
        if case .tuple(let items) = t { candidates = items } else { candidates = [t] }
        for c in candidates {
            guard case .cls(let cls) = c else {
                throw PyError(.typeError, "catching classes that do not inherit from BaseException is not allowed")
            }
            if ExceptionHierarchy.isSubclass(err.typeName, of: cls.name, userParents: { self.userExceptionParent($0) }) { return true }
        }
        return false
    }

    // MARK: assignment

    func assign(_ target: Expr, _ value: Value, _ scope: Scope) throws {
        switch target.kind {
        case .name(let n):
            setVariable(n, value, scope)
        case .attribute(let objExpr, let name):
            let obj = try eval(objExpr, scope)
            // A failing assignment points at its target (`self.conv1`), as CPython does.
            do { try setAttribute(obj, name, value, range: target.range) } catch let e as PyError { throw e.located(target.range) } catch let e as TorchError { throw PyError(e).located(target.range) }
        case .subscript(let objExpr, let keyExpr):
            let obj = try eval(objExpr, scope)
            let key = try evalSubscriptKey(keyExpr, scope)
            do { try setItem(obj, key, value, range: target.range) } catch let e as PyError { throw e.located(target.range) } catch let e as TorchError { throw PyError(e).located(target.range) }
        case .tuple(let items), .list(let items):
            try unpack(items, value, scope, range: target.range)
        case .starred:
            throw PyError("SyntaxError", "starred assignment target must be in a list or tuple", location: target.range)
        default:
            throw PyError("SyntaxError", "cannot assign to expression", location: target.range)
        }
    }

    /// Binds a name in the right scope (honouring the running function's global/nonlocal names).
    func setVariable(_ name: String, _ value: Value, _ scope: Scope) {
        if let fn = currentFunctions.last, scope !== globals {
            if fn.globalNames.contains(name) { globals.vars[name] = value; return }
            if fn.nonlocalNames.contains(name), let owner = scope.parent?.owner(of: name) { owner.vars[name] = value; return }
        }
        scope.vars[name] = value
    }

    private func unpack(_ targets: [Expr], _ value: Value, _ scope: Scope, range: SourceRange) throws {
        let starIndex = targets.firstIndex { if case .starred = $0.kind { return true }; return false }
        let items: [Value]
        if starIndex != nil {
            items = try collect(value, range: range)
        } else {
            // As CPython: one item more than the targets is enough to know there are too many
            // (`a, b = range(10**12)` fails at once).
            var taken: [Value] = []
            for item in try iterate(value, range: range) {
                taken.append(item)
                if taken.count > targets.count { break }
            }
            items = taken
        }
        if let err = iterationError { iterationError = nil; throw err }
        if let si = starIndex {
            let after = targets.count - si - 1
            guard items.count >= targets.count - 1 else {
                throw PyError(.valueError, "not enough values to unpack (expected at least \(targets.count - 1), got \(items.count))", location: range)
            }
            for i in 0..<si { try assign(targets[i], items[i], scope) }
            if case .starred(let inner) = targets[si].kind {
                try assign(inner, .list(PyList(Array(items[si..<(items.count - after)]))), scope)
            }
            for i in 0..<after { try assign(targets[si + 1 + i], items[items.count - after + i], scope) }
            return
        }
        guard items.count == targets.count else {
            if items.count > targets.count {
                throw PyError(.valueError, "too many values to unpack (expected \(targets.count))", location: range)
            }
            throw PyError(.valueError, "not enough values to unpack (expected \(targets.count), got \(items.count))", location: range)
        }
        for (t, v) in zip(targets, items) { try assign(t, v, scope) }
    }

    private func augmentedAssign(_ target: Expr, _ op: BinaryOp, _ valueExpr: Expr, _ scope: Scope, range: SourceRange) throws {
        switch target.kind {
        case .name(let n):
            guard let current = scope.lookup(n) else { throw nameError(n, range: target.range) }
            let v = try eval(valueExpr, scope)
            setVariable(n, try inPlaceBinary(op, current, v, range: range), scope)
        case .attribute(let objExpr, let name):
            let obj = try eval(objExpr, scope)
            let current = try getAttribute(obj, name, range: target.range)
            let v = try eval(valueExpr, scope)
            try setAttribute(obj, name, try inPlaceBinary(op, current, v, range: range), range: target.range)
        case .subscript(let objExpr, let keyExpr):
            let obj = try eval(objExpr, scope)
            let key = try evalSubscriptKey(keyExpr, scope)
            let current = try getItem(obj, key, range: target.range)
            let v = try eval(valueExpr, scope)
            let result = try inPlaceBinary(op, current, v, range: range)
            // A tensor updated in place through a view (basic indexing) needs no write-back; a
            // copy made by advanced indexing (`x[mask] += 1`) must be written back, as Python's
            // __setitem__ does.
            if case .tensor(let a) = current, case .tensor(let b) = result, a === b,
               case .tensor(let base) = obj, a.storage === base.storage { return }
            try setItem(obj, key, result, range: target.range)
        default:
            throw PyError("SyntaxError", "'\(describeTarget(target))' is an illegal expression for augmented assignment", location: target.range)
        }
    }

    private func describeTarget(_ e: Expr) -> String {
        switch e.kind {
        case .tuple: return "tuple"
        case .list: return "list"
        case .call: return "function call"
        default: return "expression"
        }
    }

    private func delete(_ target: Expr, _ scope: Scope) throws {
        switch target.kind {
        case .name(let n):
            guard scope.vars.removeValue(forKey: n) != nil else { throw nameError(n, range: target.range) }
        case .attribute(let objExpr, let name):
            try deleteAttribute(try eval(objExpr, scope), name, range: target.range)
        case .subscript(let objExpr, let keyExpr):
            let obj = try eval(objExpr, scope)
            let key = try evalSubscriptKey(keyExpr, scope)
            try deleteItem(obj, key, range: target.range)
        case .tuple(let items), .list(let items):
            for i in items { try delete(i, scope) }
        default:
            throw PyError("SyntaxError", "cannot delete expression", location: target.range)
        }
    }
}

extension PyError {
    /// Sets the location when none is set yet (the innermost node that saw the error wins).
    func located(_ range: SourceRange) -> PyError {
        var e = self
        if e.location == nil { e.location = range }
        return e
    }
}

/// `with` targets: `torch.no_grad()`, `torch.enable_grad()`, `set_grad_enabled(False)`, `open()`…
protocol ContextManager: AnyObject {
    func enter(_ interp: Interpreter) throws -> Value
    func exit(_ interp: Interpreter)
}
