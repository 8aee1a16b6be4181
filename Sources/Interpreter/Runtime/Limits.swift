import Foundation
import Engine

/// Sizes, memory and recursion checked before they hurt: a Python-style error while the
/// session is healthy instead of an abort inside an allocation, the OOM killer, or a segfault
/// at the bottom of the stack.
extension Interpreter {
    /// MemoryError (Python's, with no message) when `count` items of `elementBytes` each cannot
    /// be had within the session's memory cap (`MemoryBudget`).
    func checkSize(_ count: Int, elementBytes: Int) throws {
        guard count > 0 else { return }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementBytes)
        if overflow || MemoryBudget.wouldExceed(bytes) { throw PyError(.memoryError, "") }
    }

    /// The items of an iterable as an array (`list(x)`, `sorted(x)`, `f(*x)`): an iterable whose
    /// length is known is checked against the memory cap first, so `list(range(10**10))` is a
    /// MemoryError at once; the rest is polled for Ctrl-C and the cap as it grows.
    func collect(_ v: Value, range: SourceRange?) throws -> [Value] {
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t
        case .object(let o as RangeObject): try checkSize(o.count, elementBytes: MemoryLayout<Value>.stride)
        default: break
        }
        var items: [Value] = []
        for item in try iterate(v, range: range) {
            items.append(item)
            if items.count & 0xFFF == 0 { try checkInterruptPy() }
        }
        return items
    }

    /// Called every few thousand evaluator steps (from `checkInterruptPy`): memory grown a
    /// little at a time is stopped here once the process holds more than the cap.
    func pollMemory() throws {
        memoryPollCountdown -= 1
        guard memoryPollCountdown <= 0 else { return }
        memoryPollCountdown = 1024
        if MemoryBudget.isOverCap { throw PyError(.memoryError, "") }
    }

    /// RecursionError when this thread's stack is nearly used up; called where the evaluator
    /// recurses (expressions, statements, calls, repr, comparisons). Python counts the same
    /// recursion against `sys.getrecursionlimit()`; nnrepl's frames are bigger and vary with
    /// the build, so the stack itself is the measure, with `recursionLimit` for Python calls.
    @inline(__always)
    func checkStack(_ message: String = "maximum recursion depth exceeded") throws {
        if StackBudget.isLow { throw PyError("RecursionError", message) }
    }

    /// Runs `body` one container level deeper (repr, ==, hashing of nested lists, dicts and
    /// tuples). As in CPython, those levels count against the recursion limit together with the
    /// Python calls running, so a list nested 100,000 deep is a RecursionError, not a crash.
    func nested<T>(_ context: String, _ body: () throws -> T) throws -> T {
        nestingDepth += 1
        defer { nestingDepth -= 1 }
        if callDepth + nestingDepth + 2 > recursionLimit || StackBudget.isLow {
            throw PyError("RecursionError", "maximum recursion depth exceeded " + context)
        }
        return try body()
    }

    /// `int(x)` of a float: Python's errors for NaN and infinity, and nnrepl's OverflowError
    /// for values a 64-bit integer cannot hold (Swift's `Int(_:)` would trap).
    func integer(_ d: Double) throws -> Int {
        guard d.isFinite else {
            throw PyError(d.isNaN ? .valueError : .overflowError, d.isNaN ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer")
        }
        guard let n = Int(exactly: d.rounded(.towardZero)) else {
            throw PyError(.overflowError, "integer overflow (nnrepl integers are 64-bit)")
        }
        return n
    }

    /// `round(x, ndigits)` for a float, as CPython rounds: half to even on the decimal value,
    /// `x` itself when ndigits is past any float's digits, zero when far below.
    func roundFloat(_ d: Double, _ ndigits: Int) -> Double {
        guard d.isFinite, ndigits <= 323 else { return d }
        if ndigits < -308 { return 0.0 * d }
        if ndigits >= 0 { return Double(String(format: "%.*f", Int32(ndigits), d)) ?? d }
        let p = pow(10.0, Double(-ndigits))
        let r = (d / p).rounded(.toNearestOrEven) * p
        return r.isFinite ? r : d
    }
}
