import Foundation
import Engine

// Generator functions (`def f(): ... yield x ...`). The evaluator walks the syntax tree with
// Swift recursion, so a generator's body cannot simply return from the middle of a loop and come
// back later. Each started generator therefore runs its body on a thread of its own, and the two
// threads hand control to each other with semaphores: exactly one of them runs at any time
// (next() waits while the body runs to its next `yield`; the body waits while it is suspended).
// Interpreter state that belongs to the running code — the function frames, the exceptions being
// handled, the current statement — is moved in and out of the interpreter at each hand-over, so
// tracebacks, `super()`, `global` and bare `raise` see what they would see in CPython.

/// The body of one generator and the hand-over between it and whoever calls next()/send().
final class Coroutine {
    enum Input { case send(Value), raise(PyError) }
    enum Output { case yielded(Value), returned(Value), raised(Error) }

    /// Stack for a generator's thread: generous, since the body may recurse (only the pages
    /// used are committed). RecursionError comes from `StackBudget` long before the end.
    static let stackSize = 256 << 20
    /// Started, unfinished generators (one suspended thread each): a runaway loop that starts
    /// generators and keeps them all alive stops here with an error instead of exhausting the
    /// machine's threads.
    static let maxLive = 4096
    nonisolated(unsafe) static var live = 0

    let function: PyFunction
    let scope: Scope
    // Semaphores: a hand-over costs about 10 µs (two futex round trips). A spinning hand-off was
    // tried and was slower on this 2-core machine under load (the spinner takes the core the
    // other side needs), so both sides sleep.
    private let toBody = DispatchSemaphore(value: 0)
    private let toCaller = DispatchSemaphore(value: 0)
    private var input: Input = .send(.none)
    private var output: Output = .returned(.none)
    private(set) var started = false
    private(set) var finished = false
    var running = false
    /// close() is under way: a `yield` now is the body ignoring GeneratorExit.
    var closeRequested = false
    /// What the body returned (`yield from` evaluates to it).
    var returnValue = Value.none

    /// The generator's share of the interpreter's frame state while it is suspended.
    var savedFunctions: [PyFunction] = []
    var savedScopes: [Scope] = []
    var savedExceptions: [PyError] = []
    var savedCallDepth = 0
    var savedStatement: Stmt?

    init(function: PyFunction, scope: Scope) {
        self.function = function
        self.scope = scope
    }

    /// Runs the body until its next `yield`, its end, or an error (on the caller's thread; the
    /// caller has already moved the generator's frames in).
    func transfer(_ value: Input, body: @escaping (Coroutine) throws -> Value) throws -> Output {
        input = value
        if !started {
            started = true
            if case .raise(let e) = value {            // throw() before the first next()
                finished = true
                return .raised(e)
            }
            guard Coroutine.live < Coroutine.maxLive else {
                finished = true
                throw PyError(.runtimeError, "too many suspended generators (\(Coroutine.maxLive)); let finished ones go (del or run them to the end)")
            }
            try start(body)
        } else {
            toBody.signal()
        }
        toCaller.wait()
        return output
    }

    private final class Job {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private func start(_ body: @escaping (Coroutine) throws -> Value) throws {
        let job = Job { [self] in
            let result: Output
            do { result = .returned(try body(self)) } catch { result = .raised(error) }
            finished = true
            Coroutine.live -= 1
            output = result
            toCaller.signal()
        }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, Coroutine.stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(job).toOpaque()
        // Counted before the thread exists: once created it runs at once (and may start or
        // finish generators itself) while this thread would still be counting (a data race
        // ThreadSanitizer found).
        Coroutine.live += 1
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { context in
            guard let context else { return nil }
            Unmanaged<Job>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context)
        guard status == 0 else {
            Coroutine.live -= 1
            Unmanaged<Job>.fromOpaque(context).release()
            finished = true
            throw PyError(.runtimeError, "can't start new thread")
        }
    }

    /// close() before the first next(): the body never runs.
    func markClosedBeforeStart() {
        started = true
        finished = true
    }

    /// Called by the body's thread at `yield`: hands `value` to the caller and waits to be resumed;
    /// returns what send() passed, or throws what throw()/close() raise at the `yield`.
    func suspend(yielding value: Value) throws -> Value {
        output = .yielded(value)
        toCaller.signal()
        toBody.wait()
        switch input {
        case .send(let v): return v
        case .raise(let e): throw e
        }
    }
}

/// What calling a generator function returns: an iterator whose items the body yields.
final class PyGeneratorObject: IteratorObject {
    let coroutine: Coroutine
    weak var interp: Interpreter?

    init(_ coroutine: Coroutine, _ interp: Interpreter) {
        self.coroutine = coroutine
        self.interp = interp
        // Items for `for`, list(), zip()…: an error from the body is reported the way lazy
        // iterators report theirs (`iterationError`), StopIteration ends the iteration.
        super.init(AnyIterator<Value> { [weak interp] in
            guard let interp else { return nil }
            do { return try interp.resumeGenerator(coroutine, .send(.none)) } catch let e as PyError {
                interp.iterationError = e
                return nil
            } catch {
                return nil
            }
        }, name: "generator", qualifiedName: coroutine.function.qualifiedName)
    }

    deinit {
        // A suspended body still holds a thread: close it, at the next statement boundary (running
        // Python code from inside whatever released the last reference would not be safe).
        if coroutine.started && !coroutine.finished { interp?.pendingGeneratorCloses.append(coroutine) }
    }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        let co = coroutine
        func method(_ n: String, _ body: @escaping (Arguments, Interpreter) throws -> Value) -> Value {
            let b = BuiltinFunction(n, body)
            b.pythonTypeName = "builtin_function_or_method"
            return .builtin(b)
        }
        switch name {
        case "__next__":
            return method("__next__") { a, i in
                try i.expectCount(a, "__next__", 0)
                guard let v = try i.resumeGenerator(co, .send(.none)) else { throw PyError("StopIteration", "") }
                return v
            }
        case "__iter__":
            return method("__iter__") { _, _ in .object(self) }
        case "send":
            return method("send") { a, i in
                try i.expectCount(a, "send", 1)
                let value = a.positional[0]
                if !co.started && !value.isNone {
                    throw PyError(.typeError, "can't send non-None value to a just-started generator")
                }
                guard let v = try i.resumeGenerator(co, .send(value)) else { throw PyError("StopIteration", "") }
                return v
            }
        case "throw":
            return method("throw") { a, i in
                guard let e = a.positional.first, a.positional.count <= 3 else {
                    throw PyError(.typeError, "throw expected at least 1 argument, got \(a.positional.count)")
                }
                let err: PyError
                if let site = i.currentStatement?.range {
                    var raised = try i.makeRaisedError(e, range: site)
                    raised.location = nil
                    err = raised
                } else {
                    err = PyError(.typeError, "exceptions must derive from BaseException")
                }
                guard let v = try i.resumeGenerator(co, .raise(err)) else { throw PyError("StopIteration", "") }
                return v
            }
        case "close":
            return method("close") { a, i in
                try i.expectCount(a, "close", 0)
                try i.closeGenerator(co)
                return .none
            }
        case "__name__": return .str(co.function.name)
        case "__qualname__": return .str(co.function.qualifiedName)
        case "gi_running": return .bool(co.running)
        default: return nil
        }
    }

    override func attributeNames() -> [String] { ["close", "send", "throw", "__next__", "__iter__", "gi_running"] }
}

extension Interpreter {
    /// `f(args)` for a generator function: the arguments are bound now, the body runs on next().
    func makeGenerator(_ f: PyFunction, _ scope: Scope) throws -> PyGeneratorObject {
        PyGeneratorObject(Coroutine(function: f, scope: scope), self)
    }

    /// Runs the generator to its next `yield`: the yielded value, or nil when the body ended
    /// (StopIteration). Errors from the body are raised here, with this statement as the frame
    /// that called into the generator.
    func resumeGenerator(_ co: Coroutine, _ input: Coroutine.Input) throws -> Value? {
        if co.finished {
            if case .raise(let e) = input { throw e }
            return nil
        }
        if co.running { throw PyError(.valueError, "generator already executing") }
        try checkStack()
        // Ctrl-C at every resume: recursive `yield from` runs no loop statement (where the
        // evaluator checks), so scripts/fuzz found list(deep(50)) ignoring Ctrl-C for 10 s.
        do { try checkInterrupt() } catch let e as TorchError { throw PyError(e) }
        // Move the generator's frames in, on top of the caller's.
        let callerStatement = currentStatement
        let callerName = currentFunctions.last?.name ?? "<module>"
        let base = (functions: currentFunctions.count, scopes: frameScopes.count,
                    exceptions: activeExceptions.count, depth: callDepth)
        currentFunctions.append(contentsOf: co.savedFunctions)
        frameScopes.append(contentsOf: co.savedScopes)
        activeExceptions.append(contentsOf: co.savedExceptions)
        callDepth += co.savedCallDepth
        currentStatement = co.savedStatement
        generatorStack.append(co)
        co.running = true
        let outcome: Coroutine.Output
        do {
            outcome = try co.transfer(input) { [unowned self] co in try self.runGeneratorBody(co) }
        } catch {
            co.running = false
            generatorStack.removeLast()
            suspendedGenerators[ObjectIdentifier(co)] = nil
            restoreCallerFrames(base, callerStatement)
            throw error
        }
        co.running = false
        generatorStack.removeLast()
        if co.finished { suspendedGenerators[ObjectIdentifier(co)] = nil } else { suspendedGenerators[ObjectIdentifier(co)] = co }
        // ...and out again (a finished body has already popped its own).
        co.savedFunctions = Array(currentFunctions[base.functions...])
        co.savedScopes = Array(frameScopes[base.scopes...])
        co.savedExceptions = Array(activeExceptions[base.exceptions...])
        co.savedCallDepth = callDepth - base.depth
        co.savedStatement = currentStatement
        restoreCallerFrames(base, callerStatement)
        switch outcome {
        case .yielded(let v): return v
        case .returned(let v):
            co.returnValue = v
            return nil
        case .raised(var e as PyError):
            if let site = callerStatement?.range { e.outerFrames.insert((site, callerName), at: 0) }
            throw e
        case .raised(let e): throw e
        }
    }

    private func restoreCallerFrames(_ base: (functions: Int, scopes: Int, exceptions: Int, depth: Int), _ statement: Stmt?) {
        currentFunctions.removeSubrange(base.functions...)
        frameScopes.removeSubrange(base.scopes...)
        activeExceptions.removeSubrange(base.exceptions...)
        callDepth = base.depth
        currentStatement = statement
    }

    /// The body of a generator function, on the generator's own thread.
    private func runGeneratorBody(_ co: Coroutine) throws -> Value {
        let f = co.function
        guard callDepth < recursionLimit else { throw PyError("RecursionError", "maximum recursion depth exceeded") }
        callDepth += 1
        currentFunctions.append(f)
        frameScopes.append(co.scope)
        defer {
            callDepth -= 1
            currentFunctions.removeLast()
            frameScopes.removeLast()
        }
        do {
            let flow = try execBlock(f.body, co.scope, inFunction: true)
            if case .returnValue(let v) = flow { return v }
            return .none
        } catch var e as PyError where e.typeName == "StopIteration" {
            // PEP 479: a StopIteration escaping the body would end the caller's loop silently.
            e = PyError(.runtimeError, "generator raised StopIteration", location: e.location)
            throw e
        }
    }

    /// `yield value` inside the running generator.
    func yieldFromGenerator(_ value: Value) throws -> Value {
        guard let co = generatorStack.last else { throw PyError("SyntaxError", "'yield' outside function") }
        if co.closeRequested { throw PyError(.runtimeError, "generator ignored GeneratorExit") }
        return try co.suspend(yielding: value)
    }

    /// `yield from iterable`: yields each item; a generator's return value is the result.
    func yieldEach(_ source: Value, range: SourceRange) throws -> Value {
        if case .object(let g as PyGeneratorObject) = source {
            var sent = Value.none
            while true {
                guard let item = try resumeGenerator(g.coroutine, .send(sent)) else { return g.coroutine.returnValue }
                sent = try yieldFromGenerator(item)
            }
        }
        let it = try iterate(source, range: range)
        while let item = it.next() { _ = try yieldFromGenerator(item) }
        if let err = iterationError { iterationError = nil; throw err }
        return .none
    }

    /// `gen.close()`: raises GeneratorExit at the suspended `yield`; the body's `finally` blocks run.
    func closeGenerator(_ co: Coroutine) throws {
        guard co.started, !co.finished else {
            if !co.started { co.markClosedBeforeStart() }
            return
        }
        co.closeRequested = true
        do {
            _ = try resumeGenerator(co, .raise(PyError("GeneratorExit", "")))
        } catch let e as PyError where e.typeName == "GeneratorExit" || e.typeName == "StopIteration" {
            return
        }
    }

    /// Closes every suspended generator (their `finally` blocks run), so their threads end and
    /// nothing keeps this interpreter alive: for embedders that drop an interpreter while the
    /// process goes on (the fuzz test runs thousands).
    public func closeAllGenerators() {
        pendingGeneratorCloses.removeAll()
        for co in suspendedGenerators.values {
            _ = try? closeGenerator(co)
        }
        suspendedGenerators.removeAll()
    }

    /// Closes generators dropped while suspended (their deinit queued them); called between statements.
    func closeDroppedGenerators() {
        while let co = pendingGeneratorCloses.popLast() {
            do { try closeGenerator(co) } catch let e as PyError {
                // CPython prints "Exception ignored in: <generator object …>" and goes on.
                writeWarning("Exception ignored in: <generator object \(co.function.qualifiedName)>\n\(e.typeName)\(e.message.isEmpty ? "" : ": " + e.message)\n")
            } catch {}
        }
    }
}
