#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Generator functions (`def f(): ... yield x ...`).
///
/// The evaluator is a tree walker whose state lives on the native stack, so a suspended body
/// needs a stack of its own: each generator runs its body on a thread of its own, and exactly
/// one side runs at a time (the caller waits while the body runs, the body waits while it is
/// suspended), so the interpreter is never touched by two threads at once and every effect
/// happens in the order CPython gives it. The interpreter's frame bookkeeping (call depth,
/// running functions and their scopes, exceptions being handled) is moved out when the body
/// suspends and back when it resumes, so the caller sees its own frames in between.
final class GeneratorRun {
    enum State { case created, suspended, running, finished }

    /// Weak: an interpreter going away (tests) must not be called back by a generator it held.
    private weak var interpreter: Interpreter?
    private var interp: Interpreter { interpreter! }
    let function: PyFunction
    let scope: Scope
    private(set) var state = State.created
    private let toBody = DispatchSemaphore(value: 0)
    private let toCaller = DispatchSemaphore(value: 0)
    /// What the body handed over at its last stop: a yielded value, or (finished) nothing.
    private var yielded: Value?
    private var failure: Error?
    /// `close()`: the body's next resumption raises GeneratorExit at its `yield`.
    private var closing = false
    /// The body's frames while it is suspended (see the type's comment).
    private var savedDepth = 0
    private var savedFunctions: [PyFunction] = []
    private var savedScopes: [Scope] = []
    private var savedExceptions: [PyError] = []
    private var savedStatement: Stmt?
    /// Heights of the caller's stacks at the current resumption.
    private var base = (depth: 0, functions: 0, scopes: 0, exceptions: 0)
    /// The generator whose body was running when this one was resumed (nested generators).
    private var outer: GeneratorRun?

    /// The body may recurse as deeply as the main interpreter thread allows for a call chain;
    /// only the pages used are committed.
    static let stackSize = 256 << 20

    init(_ interp: Interpreter, _ function: PyFunction, _ scope: Scope) {
        self.interpreter = interp; self.function = function; self.scope = scope
    }

    /// Runs the body to its next `yield` (nil: it returned). Errors raised in the body surface here.
    func resume() throws -> Value? {
        switch state {
        case .finished: return nil
        case .running: throw PyError(.valueError, "generator already executing")
        case .created, .suspended: break
        }
        let starting = state == .created
        state = .running
        base = (interp.callDepth, interp.currentFunctions.count, interp.frameScopes.count, interp.activeExceptions.count)
        interp.callDepth += savedDepth
        interp.currentFunctions += savedFunctions
        interp.frameScopes += savedScopes
        interp.activeExceptions += savedExceptions
        savedFunctions = []; savedScopes = []; savedExceptions = []
        let callerStatement = interp.currentStatement
        outer = interp.runningGenerator
        interp.runningGenerator = self
        if starting {
            guard startThread() else {
                interp.runningGenerator = outer
                state = .finished
                throw PyError(.runtimeError, "can't start new thread")
            }
        } else {
            toBody.signal()
        }
        toCaller.wait()
        interp.runningGenerator = outer
        outer = nil
        interp.currentStatement = callerStatement
        if let e = failure {
            failure = nil
            // The traceback's frame for the code that asked for the next item (the `for` line).
            if var err = e as? PyError, let site = callerStatement?.range {
                err.outerFrames.insert((site, interp.currentFunctions.last?.name ?? "<module>"), at: 0)
                throw err
            }
            throw e
        }
        return yielded
    }

    /// `yield value`, called on the body's thread: hands `value` to the caller and waits.
    func suspend(_ value: Value) throws -> Value {
        if closing { throw PyError(.runtimeError, "generator ignored GeneratorExit") }
        savedDepth = interp.callDepth - base.depth
        savedFunctions = Array(interp.currentFunctions[base.functions...])
        savedScopes = Array(interp.frameScopes[base.scopes...])
        savedExceptions = Array(interp.activeExceptions[min(base.exceptions, interp.activeExceptions.count)...])
        interp.callDepth = base.depth
        interp.currentFunctions.removeSubrange(base.functions...)
        interp.frameScopes.removeSubrange(base.scopes...)
        interp.activeExceptions.removeSubrange(min(base.exceptions, interp.activeExceptions.count)...)
        savedStatement = interp.currentStatement
        yielded = value
        state = .suspended
        toCaller.signal()
        toBody.wait()
        interp.currentStatement = savedStatement
        if closing { throw PyError("GeneratorExit", "") }
        return .none
    }

    /// Python's `generator.close()`: a suspended body is resumed with GeneratorExit raised at its
    /// `yield`, so its `finally` blocks and `with` exits run; a body never started just ends.
    func close() {
        guard interpreter != nil else { return }
        switch state {
        case .created: state = .finished
        case .suspended:
            closing = true
            _ = try? resume()
        case .running, .finished: break
        }
    }

    private func startThread() -> Bool {
        final class Box { let run: GeneratorRun; init(_ r: GeneratorRun) { run = r } }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, GeneratorRun.stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(Box(self)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t? = nil
        #else
        var thread = pthread_t()
        #endif
        let status = pthread_create(&thread, &attributes, { context in
            guard let context = context else { return nil }
            Unmanaged<Box>.fromOpaque(context).takeRetainedValue().run.body()
            return nil
        }, context)
        if status != 0 { Unmanaged<Box>.fromOpaque(context).release(); return false }
        return true
    }

    /// The body's thread: the function's statements, then the hand-back that ends the generator.
    private func body() {
        interp.callDepth += 1
        interp.currentFunctions.append(function)
        interp.frameScopes.append(scope)
        do {
            _ = try interp.execBlock(function.body, scope, inFunction: true)
        } catch let e as PyError where closing && e.typeName == "GeneratorExit" {
            // close() asked for this: the generator ends quietly.
        } catch {
            failure = error
        }
        interp.callDepth = base.depth
        interp.currentFunctions.removeSubrange(base.functions...)
        interp.frameScopes.removeSubrange(base.scopes...)
        if interp.activeExceptions.count > base.exceptions { interp.activeExceptions.removeSubrange(base.exceptions...) }
        yielded = nil
        state = .finished
        toCaller.signal()
    }
}

/// What `gen()` returns: the iterator over a `GeneratorRun`. When the last reference goes, a
/// suspended body is closed (as CPython closes an abandoned generator), which also ends its thread.
final class GeneratorHandle {
    let run: GeneratorRun
    init(_ run: GeneratorRun) { self.run = run }
    deinit { run.close() }
}

extension Interpreter {
    /// Calling a generator function: arguments are bound now, the body runs on the first `next`.
    func makeGenerator(_ f: PyFunction, _ scope: Scope) -> Value {
        let handle = GeneratorHandle(GeneratorRun(self, f, scope))
        let iterator = IteratorObject(AnyIterator { [unowned self] () -> Value? in
            do {
                return try handle.run.resume()
            } catch {
                // Reported after the loop (or by next()), as errors of other lazy iterators are.
                self.iterationError = (error as? PyError) ?? PyError(.runtimeError, "\(error)")
                return nil
            }
        }, name: "generator", qualifiedName: f.qualifiedName)
        return .object(iterator)
    }

    /// `yield value` in the running generator's body.
    func yieldValue(_ v: Value) throws -> Value {
        guard let run = runningGenerator else { throw PyError("SyntaxError", "'yield' is not supported here by nnrepl") }
        return try run.suspend(v)
    }
}
