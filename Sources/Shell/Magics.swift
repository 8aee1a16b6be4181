import Foundation
import Interpreter
import Engine

/// `%` commands: shell conveniences that are not Python.
extension Session {
    static let magicNames = ["help", "watch", "unwatch", "watches", "who", "reset", "seed", "time", "timeit", "history", "save", "run"]

    func runMagic(_ name: String, _ argument: String, at stmt: Stmt) throws {
        switch name {
        case "help":
            interpreter.write(magicHelp + "\n")
        case "watch":
            guard !argument.isEmpty else { throw PyError("UsageError", "%watch EXPR: give an expression to watch, e.g. %watch net.conv1.bias.grad") }
            let snapshot = WatchSnapshot.take(argument, interpreter)
            watches.append(Watch(expression: argument, last: snapshot))
            interpreter.write("watching \(argument): \(snapshot.text)\n")
        case "unwatch":
            if argument.isEmpty { watches.removeAll() } else {
                guard watches.contains(where: { $0.expression == argument }) else { throw PyError("UsageError", "not watching \(argument)") }
                watches.removeAll { $0.expression == argument }
            }
        case "watches":
            for w in watches { interpreter.write("\(w.expression): \(w.last.text)\n") }
        case "who":
            for name in interpreter.globalNames.sorted() where !name.hasPrefix("__") {
                guard let v = interpreter.lookupGlobal(name) else { continue }
                interpreter.write("\(name)\t\(describe(v))\n")
            }
        case "reset":
            interpreter.reset()
            watches.removeAll()
        case "seed":
            guard let n = Int64(argument.trimmingCharacters(in: .whitespaces)) else { throw PyError("UsageError", "%seed N: N must be an integer") }
            Generator.global.manualSeed(UInt64(bitPattern: n))
        case "time":
            let file = SourceFile(name: stmt.range.start.file?.name ?? "<stdin>", text: argument)
            let start = DispatchTime.now()
            try interpreter.run(file)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
            interpreter.write(String(format: "Wall time: %.3f ms\n", ms))
        default:
            throw PyError("UsageError", "unknown magic %\(name); try %help")
        }
    }

    var magicHelp: String {
        """
        nnrepl magics:
          %watch EXPR     show EXPR's value whenever a statement changes it
          %unwatch [EXPR] stop watching EXPR (all when none given)
          %watches        list what is watched
          %who            variables with their type and shape
          %reset          forget every variable
          %seed N         torch.manual_seed(N)
          %time STMT      run STMT and report how long it took
        """
    }

    func describe(_ v: Value) -> String {
        switch v {
        case .tensor(let t): return "\(interpreter.typeName(v))\t\(formatSize(t.shape))"
        case .module(let m): return "\(m.typeName)\t\(m.parameters().reduce(0) { $0 + $1.numel }) parameters"
        default: return interpreter.typeName(v)
        }
    }

    /// After each statement: print every watched value that changed (before → after).
    func showWatches() {
        for i in watches.indices {
            let now = WatchSnapshot.take(watches[i].expression, interpreter)
            if now != watches[i].last {
                interpreter.write("\(watches[i].expression): \(watches[i].last.text) → \(now.text)\n")
                if let d = now.maxDelta(from: watches[i].last) { interpreter.write("  max |Δ| = \(formatDelta(d))\n") }
                watches[i].last = now
            }
        }
    }

    private func formatDelta(_ d: Double) -> String { String(format: "%.4g", d) }
}

/// A watched expression and its last seen value.
struct Watch {
    let expression: String
    var last: WatchSnapshot
}

/// A value as watched: its text, and for tensors the raw numbers (so changes hidden by
/// 4-decimal printing are still seen).
struct WatchSnapshot: Equatable {
    var text: String
    var numbers: [Float]?
    var identity: ObjectIdentifier?

    static func take(_ expr: String, _ interp: Interpreter) -> WatchSnapshot {
        do {
            let v = try interp.evaluate(expr)
            if case .tensor(let t) = v {
                return WatchSnapshot(text: interp.tensorRepr(t), numbers: t.floatValues(), identity: ObjectIdentifier(t))
            }
            return WatchSnapshot(text: try interp.repr(v), numbers: nil, identity: nil)
        } catch let e as PyError {
            return WatchSnapshot(text: "<\(e.typeName): \(e.message)>", numbers: nil, identity: nil)
        } catch {
            return WatchSnapshot(text: "<error>", numbers: nil, identity: nil)
        }
    }

    func maxDelta(from old: WatchSnapshot) -> Double? {
        guard let a = numbers, let b = old.numbers, a.count == b.count, !a.isEmpty else { return nil }
        return zip(a, b).map { Double(Swift.abs($0 - $1)) }.max()
    }
}
