import Foundation
import Interpreter

/// `%time STMT` and `%timeit STMT`.
extension Session {
    /// Runs STMT once (its value is displayed, as at the prompt) and reports the wall time.
    func timeMagic(_ argument: String, at stmt: Stmt, source: SourceFile) throws {
        guard !argument.trimmingCharacters(in: .whitespaces).isEmpty else { throw PyError("UsageError", "usage: %time STMT") }
        let statements = try parse(argumentSource(argument, at: stmt, source: source))
        let start = DispatchTime.now().uptimeNanoseconds
        try interpreter.execute(statements)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        interpreter.write("Wall time: \(Session.formatDuration(seconds))\n")
    }

    /// As Python's timeit: find how many loops take at least 0.2 s (1, 2, 5, 10, 20, 50, …),
    /// time that many loops 5 times and report the best, per loop. Values are not displayed.
    func timeitMagic(_ argument: String, at stmt: Stmt, source: SourceFile) throws {
        guard !argument.trimmingCharacters(in: .whitespaces).isEmpty else { throw PyError("UsageError", "usage: %timeit STMT") }
        let statements = try parse(argumentSource(argument, at: stmt, source: source))
        let mode = interpreter.displayMode
        interpreter.displayMode = .script
        defer { interpreter.displayMode = mode }
        var options = ProgressBar.Options()
        options.desc = "%timeit"
        options.unit = "run"
        options.delay = 1
        let (loops, best) = try withProgress(options) { bar -> (Int, Double) in
            func measure(_ loops: Int) throws -> Double {
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<loops {
                    try interpreter.execute(statements)
                    bar.update()
                }
                return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            }
            var loops = 1
            search: while true {
                for factor in [1, 2, 5] {
                    let n = loops * factor
                    if try measure(n) >= 0.2 { loops = n; break search }
                }
                loops *= 10
            }
            // The number of runs is known from here: the bar gets its total.
            bar.total = bar.n + Double(5 * loops)
            var best = Double.infinity
            for _ in 0..<5 { best = min(best, try measure(loops) / Double(loops)) }
            return (loops, best)
        }
        interpreter.write("\(loops) loop\(loops == 1 ? "" : "s"), best of 5: \(Session.formatDuration(best)) per loop\n")
    }

    /// IPython's format: three significant digits and the unit that suits (ns, µs, ms, s).
    static func formatDuration(_ seconds: Double) -> String {
        let units: [(String, Double)] = [("s", 1), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)]
        for (unit, scale) in units where seconds >= scale {
            return String(format: "%.3g", seconds / scale) + " " + unit
        }
        return String(format: "%.3g", seconds / 1e-9) + " ns"
    }
}
