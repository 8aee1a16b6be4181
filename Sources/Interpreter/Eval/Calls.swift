import Engine
import NN

extension Interpreter {
    /// Calls any callable value with Python's semantics; `range` is the call site (for tracebacks).
    public func call(_ fn: Value, _ args: Arguments, range: SourceRange? = nil) throws -> Value {
        // Only calls written in the source (they have a range) are observed, once each: the
        // dispatch below recurses through `dispatchCall`, so a bound method or a module's
        // `forward` is not reported a second time for the same call site.
        guard let observer = callObserver, let range else { return try dispatchCall(fn, args, range: range) }
        let depth = callDepth
        do {
            let result = try dispatchCall(fn, args, range: range)
            observer(CallEvent(range: range, callee: fn, arguments: args, depth: depth, result: result, error: nil))
            return result
        } catch {
            observer(CallEvent(range: range, callee: fn, arguments: args, depth: depth, result: nil, error: error))
            throw error
        }
    }

    /// `call` without the observer.
    private func dispatchCall(_ fn: Value, _ args: Arguments, range: SourceRange?) throws -> Value {
        switch fn {
        case .builtin(let b):
            let result: Value
            do { result = try b.body(args, self) } catch let e as TorchError { throw PyError(e) }
            // A lazy iterator (a generator, a Dataset's items) that failed while this builtin
            // consumed it (`list(gen())`, `sum(...)`) raises here, before the partial result is
            // used (`print(list(gen()))` prints nothing, as in Python).
            if let err = iterationError { iterationError = nil; throw err }
            return result
        case .function(let f):
            return try callFunction(f, args, range: range)
        case .boundMethod(let m):
            var a = args
            a.positional.insert(m.receiver, at: 0)
            return try dispatchCall(m.function, a, range: range)
        case .cls(let c):
            return try instantiate(c, args, range: range)
        case .module(let m):
            return try callModule(m, args, range: range)
        case .object(let o):
            // Type objects (`list(gen())`, `tuple(...)`, `dict(...)`): as for builtins above.
            let result: Value
            do { result = try o.call(args, self) } catch let e as TorchError { throw PyError(e) }
            if let err = iterationError { iterationError = nil; throw err }
            return result
        case .instance(let inst):
            if let callMethod = inst.cls.lookup("__call__") {
                var a = args
                a.positional.insert(fn, at: 0)
                return try dispatchCall(callMethod, a, range: range)
            }
            throw PyError(.typeError, "'\(inst.cls.name)' object is not callable")
        default:
            throw PyError(.typeError, "'\(typeName(fn))' object is not callable")
        }
    }

    /// Runs a `def` function: binds arguments, runs the body in a new scope, records the frame
    /// in tracebacks of errors that leave it.
    func callFunction(_ f: PyFunction, _ args: Arguments, range: SourceRange?) throws -> Value {
        guard callDepth < recursionLimit else {
            throw PyError("RecursionError", "maximum recursion depth exceeded")
        }
        // A recursive function with no loop (fib) would otherwise never look at Ctrl-C.
        try checkInterruptPy()
        let scope = Scope(parent: f.closure)
        try bindParameters(f, args, into: scope)
        // A generator function's body runs later, a piece per next() (Generators.swift).
        if f.isGenerator { return .object(try makeGenerator(f, scope)) }
        let callerName = currentFunctions.last?.name ?? "<module>"
        callDepth += 1
        currentFunctions.append(f)
        frameScopes.append(scope)
        defer {
            callDepth -= 1
            currentFunctions.removeLast()
            frameScopes.removeLast()
        }
        do {
            if let e = f.expression {
                // A lambda's body is the line a warning inside it names, as in CPython.
                let caller = currentStatement
                currentStatement = f.lambdaStatement
                defer { currentStatement = caller }
                return try eval(e, scope)
            }
            let flow = try execBlock(f.body, scope, inFunction: true)
            if case .returnValue(let v) = flow { return v }
            return .none
        } catch var err as PyError {
            if let range { err.outerFrames.insert((range, callerName), at: 0) }
            throw err
        }
    }

    /// Python's argument binding, with CPython's TypeError messages.
    func bindParameters(_ f: PyFunction, _ args: Arguments, into scope: Scope) throws {
        let p = f.parameters
        let name = f.qualifiedName
        var positional = args.positional
        let names = p.positional.map(\.name)
        if positional.count > names.count {
            if let va = p.varArgs {
                scope.vars[va] = .tuple(Array(positional[names.count...]))
                positional = Array(positional[..<names.count])
            } else {
                let required = p.positional.filter { $0.defaultValue == nil }.count
                let takes = required == names.count ? "\(names.count)" : "from \(required) to \(names.count)"
                let s = names.count == 1 && required == names.count ? "" : "s"
                throw PyError(.typeError, "\(name)() takes \(takes) positional argument\(s) but \(positional.count) \(positional.count == 1 ? "was" : "were") given")
            }
        } else if let va = p.varArgs {
            scope.vars[va] = .tuple([])
        }
        for (i, v) in positional.enumerated() { scope.vars[names[i]] = v }
        let kwDict = p.varKeywords != nil ? PyDict() : nil
        let kwOnly = p.keywordOnly.map(\.name)
        for (k, v) in args.keywords {
            if names.contains(k) || kwOnly.contains(k) {
                if scope.vars[k] != nil { throw PyError(.typeError, "\(name)() got multiple values for argument '\(k)'") }
                scope.vars[k] = v
            } else if let d = kwDict {
                try d.set(.str(k), v)
            } else {
                throw PyError(.typeError, "\(name)() got an unexpected keyword argument '\(k)'")
            }
        }
        var missing: [String] = []
        for param in p.positional where scope.vars[param.name] == nil {
            if let d = f.defaults[param.name] { scope.vars[param.name] = d } else { missing.append(param.name) }
        }
        if !missing.isEmpty {
            throw PyError(.typeError, "\(name)() missing \(missing.count) required positional argument\(missing.count == 1 ? "" : "s"): \(listNames(missing))")
        }
        var missingKw: [String] = []
        for param in p.keywordOnly where scope.vars[param.name] == nil {
            if let d = f.defaults[param.name] { scope.vars[param.name] = d } else { missingKw.append(param.name) }
        }
        if !missingKw.isEmpty {
            throw PyError(.typeError, "\(name)() missing \(missingKw.count) required keyword-only argument\(missingKw.count == 1 ? "" : "s"): \(listNames(missingKw))")
        }
        if let kw = p.varKeywords, let d = kwDict { scope.vars[kw] = .dict(d) }
    }

    /// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'` as CPython lists missing arguments.
    func listNames(_ names: [String]) -> String {
        let q = names.map { "'\($0)'" }
        if q.count == 1 { return q[0] }
        if q.count == 2 { return "\(q[0]) and \(q[1])" }
        return q.dropLast().joined(separator: ", ") + ", and " + q.last!
    }

    func evalDefaults(_ p: Parameters, _ scope: Scope) throws -> [String: Value] {
        var d: [String: Value] = [:]
        for param in p.positional + p.keywordOnly {
            if let e = param.defaultValue { d[param.name] = try eval(e, scope) }
        }
        return d
    }

    func makeFunction(_ def: FunctionDef, _ scope: Scope, className: String?, range: SourceRange) throws -> PyFunction {
        var globalNames = Set<String>(), nonlocalNames = Set<String>()
        collectDeclarations(def.body, &globalNames, &nonlocalNames)
        let closure = scope.isClassScope ? (scope.parent ?? globals) : scope
        let fn = PyFunction(name: def.name, qualifiedName: className.map { "\($0).\(def.name)" } ?? def.name,
                            parameters: def.parameters, body: def.body, expression: nil,
                            defaults: try evalDefaults(def.parameters, scope), closure: closure, globals: globals,
                            globalNames: globalNames, nonlocalNames: nonlocalNames, range: range)
        fn.isGenerator = def.isGenerator
        return fn
    }

    private func collectDeclarations(_ body: [Stmt], _ g: inout Set<String>, _ n: inout Set<String>) {
        for s in body {
            switch s.kind {
            case .global(let names): g.formUnion(names)
            case .nonlocal(let names): n.formUnion(names)
            case .ifStmt(_, let a, let b), .forLoop(_, _, let a, let b), .whileLoop(_, let a, let b):
                collectDeclarations(a, &g, &n); collectDeclarations(b, &g, &n)
            case .with(_, let a): collectDeclarations(a, &g, &n)
            case .tryStmt(let a, let hs, let b, let c):
                collectDeclarations(a, &g, &n); collectDeclarations(b, &g, &n); collectDeclarations(c, &g, &n)
                for h in hs { collectDeclarations(h.body, &g, &n) }
            default: break
            }
        }
    }

    func makeClass(_ def: ClassDef, _ scope: Scope, range: SourceRange) throws -> Value {
        var bases: [PyClass] = []
        for b in def.bases {
            let v = try eval(b, scope)
            if case .object(let lc as LayerClassObject) = v {
                bases.append(layerBaseClass(lc))
                continue
            }
            guard case .cls(let c) = v else {
                throw PyError(.typeError, "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases").located(b.range)
            }
            bases.append(c)
        }
        let classScope = Scope(parent: scope)
        classScope.isClassScope = true
        let attrs = PyDict()
        let cls = PyClass(name: def.name, bases: bases.isEmpty ? [objectClass] : bases, attributes: attrs)
        // `__module__`: the defining module's `__name__` (a source module's classes are its own).
        if case .str(let module)? = scope.lookup("__name__") { cls.moduleName = module }
        for (key, expr) in def.keywords where key == "metaclass" {
            if case .object(is ABCMetaObject) = try eval(expr, scope) { cls.isAbstractBase = true }
        }
        for s in def.body {
            if case .functionDef(let fd) = s.kind {
                var fnValue = Value.function(try makeFunction(fd, classScope, className: def.name, range: s.range))
                if case .function(let f) = fnValue { f.definingClass = cls }
                for d in fd.decorators.reversed() {
                    fnValue = try call(try eval(d, classScope), Arguments([fnValue]), range: d.range)
                }
                classScope.vars[fd.name] = fnValue
                try attrs.set(.str(fd.name), fnValue)
                continue
            }
            let flow = try exec(s, classScope, inFunction: false)
            if case .normal = flow {} else { throw PyError("SyntaxError", flowOutsideMessage(flow), location: s.range) }
        }
        for (k, v) in classScope.vars { try attrs.set(.str(k), v) }
        return .cls(cls)
    }

    /// `Cls(args)`: a user class (module, exception or plain) or a builtin base.
    func instantiate(_ c: PyClass, _ args: Arguments, range: SourceRange?) throws -> Value {
        if let kind = c.builtinKind {
            switch kind {
            case .object: return .instance(PyInstance(cls: c))
            case .module:
                let m = ScriptedModule(cls: c)
                m.moduleInitialized = true
                return .module(m)
            case .exception:
                let inst = PyInstance(cls: c)
                try inst.attributes.set(.str("args"), .tuple(args.positional))
                return .instance(inst)
            case .layer(let lc): return try lc.call(args, self)  // a LayerClassObject
            }
        }
        let abstract = abstractMethods(c)
        if !abstract.isEmpty {
            throw PyError(.typeError, "Can't instantiate abstract class \(c.name) with abstract method\(abstract.count > 1 ? "s" : "") \(abstract.joined(separator: ", "))")
        }
        let instance: Value
        if c.derivesFromModule {
            instance = .module(newScriptedModule(c))
        } else {
            let inst = PyInstance(cls: c)
            if c.exceptionBase != nil { try inst.attributes.set(.str("args"), .tuple(args.positional)) }
            instance = .instance(inst)
        }
        if let initFn = c.lookup("__init__") {
            var a = args
            a.positional.insert(instance, at: 0)
            let r = try dispatchCall(initFn, a, range: range)
            guard r.isNone else { throw PyError(.typeError, "__init__() should return None, not '\(typeName(r))'") }
        } else if case .module(let sm as ScriptedModule) = instance,
                  let lc = c.mro.lazy.compactMap({ k -> LayerClassObject? in if case .layer(let o)? = k.builtinKind { return o as? LayerClassObject }; return nil }).first,
                  let initFn = layerBaseMethod(lc, "__init__", sm) {
            // A class deriving from a layer without its own __init__: the layer's.
            _ = try call(initFn, args)
        } else {
            if case .module(let m as ScriptedModule) = instance { m.moduleInitialized = true }
            if !args.isEmpty && c.exceptionBase == nil {
                throw PyError(.typeError, "\(c.name)() takes no arguments")
            }
        }
        return instance
    }

    /// A fresh instance of a Python nn.Module subclass, its forward and extra_repr wired to
    /// the interpreter (before `__init__` runs).
    func newScriptedModule(_ c: PyClass) -> ScriptedModule {
        let m = ScriptedModule(cls: c)
        m.forwardRunner = { [unowned self] module, input in
            let out = try self.callModule(module, Arguments([.tensor(input)]), range: nil)
            guard case .tensor(let t) = out else { throw PyError(.typeError, "forward() of \(module.typeName) returned \(self.typeName(out)), expected a Tensor") }
            return t
        }
        m.extraReprRunner = { [unowned self] module in
            guard let f = module.cls.lookup("extra_repr") else { return "" }
            guard case .str(let s) = (try? self.call(f, Arguments([.module(module)]))) ?? .none else { return "" }
            return s
        }
        return m
    }

    /// `module(args)`: `forward` alone, or PyTorch's `_call_impl` with the module's hooks
    /// (`ModuleHooks.swift`); then nnrepl's own observers (the shell's views).
    func callModule(_ m: Module, _ args: Arguments, range: SourceRange?) throws -> Value {
        let result = m.hooks.isEmpty ? try runModuleForward(m, args, range: range) : try callModuleWithHooks(m, args, range: range)
        if !m.forwardObservers.isEmpty {
            do { try m.notifyForwardObservers(inputs: args.positional.map { $0 as Any }, output: result as Any) } catch let e as TorchError { throw PyError(e) }
        }
        return result
    }

    /// The module's forward: a Python subclass runs its `forward`; built-in layers their Swift forward.
    func runModuleForward(_ m: Module, _ args: Arguments, range: SourceRange?) throws -> Value {
        if let sm = m as? ScriptedModule, sm.cls.lookup("forward") == nil, sm.builtinBase != nil {
            return try callBuiltinBase(sm, args)
        } else if let sm = m as? ScriptedModule {
            guard let forward = sm.cls.lookup("forward") else {
                throw PyError(.notImplementedError, "Module [\(sm.typeName)] is missing the required \"forward\" function")
            }
            var a = args
            a.positional.insert(.module(sm), at: 0)
            return try dispatchCall(forward, a, range: range)
        }
        return try callBuiltinModule(m, args)
    }

    /// Builds the PyError a `raise X` statement throws.
    func makeRaisedError(_ v: Value, range: SourceRange) throws -> PyError {
        switch v {
        case .cls(let c):
            return try makeRaisedError(try instantiate(c, Arguments(), range: range), range: range)
        case .instance(let inst):
            guard inst.cls.exceptionBase != nil else { throw PyError(.typeError, "exceptions must derive from BaseException") }
            var msg = ""
            if case .tuple(let a)? = try inst.attributes.get(.str("args")) {
                msg = a.count == 1 ? try str(a[0]) : (a.isEmpty ? "" : try repr(.tuple(a)))
            }
            var e = PyError(inst.cls.name, msg)
            e.exceptionValue = v
            return e
        default:
            throw PyError(.typeError, "exceptions must derive from BaseException")
        }
    }

    /// The value bound by `except E as e`.
    func exceptionObject(for err: PyError) -> Value {
        if let v = err.exceptionValue { return v }
        let cls = exceptionClass(err.typeName)
        let inst = PyInstance(cls: cls)
        try? inst.attributes.set(.str("args"), .tuple(err.message.isEmpty ? [] : [.str(err.message)]))
        return .instance(inst)
    }

    /// For user exception classes: the parent's name (for `except` matching).
    func userExceptionParent(_ name: String) -> String? {
        if case .cls(let c)? = globals.vars[name], let base = c.bases.first { return base.name }
        return nil
    }
}
