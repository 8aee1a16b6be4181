import Foundation
import Interpreter
import Engine
import CInterrupt

/// One nnrepl session: an interpreter plus the ways to feed it (script, -c, piped, interactive).
/// Each runner returns the process exit status: 0 when everything ran, 1 after an error.
public final class Session {
    public let interpreter: Interpreter
    public var color: Bool
    /// `--echo`: show each statement with its prompt before its output.
    public var echo = false
    /// `--keep-going`: report errors and continue; exit 1 at the end.
    public var keepGoing = false
    /// `%watch` expressions.
    var watches: [Watch] = []

    public init(displayMode: Interpreter.DisplayMode, color: Bool) {
        interpreter = Interpreter(mode: displayMode)
        self.color = color
        interpreter.write = { s in fputs(s, stdout) }
        interpreter.writeWarning = { s in fflush(stdout); fputs(s, stderr) }
    }

    /// Prints an error on stderr (after flushing what was printed before it).
    public func report(_ e: PyError, defaultFile: String) {
        fflush(stdout)
        fputs(Diagnostics.render(e, defaultFile: defaultFile, color: color), stderr)
    }

    /// `nnrepl FILE` / `nnrepl -c CODE`: parse everything, run in order, stop at the first error.
    public func runProgram(_ source: SourceFile) -> Int32 {
        defer { fflush(stdout) }
        do {
            let statements = try parse(source)
            return execute(statements, source: source)
        } catch let e as PyError {
            report(e, defaultFile: source.name)
            return 1
        } catch {
            fputs("\(error)\n", stderr)
            return 1
        }
    }

    /// Parses a source, turning syntax errors into PyErrors.
    public func parse(_ source: SourceFile) throws -> [Stmt] {
        do {
            // With magics on, the parser reads shell input, where a final block needs a newline
            // after it to be complete; a whole text given at once is complete by definition.
            let text = source.text.hasSuffix("\n") ? source : SourceFile(name: source.name, text: source.text + "\n")
            return try Parser.parse(text, allowMagics: true)
        } catch let e as SyntaxError {
            throw PyError(e.kind, e.message, location: e.range)
        }
    }

    /// Runs statements one by one (echoing them when asked); returns the exit status.
    public func execute(_ statements: [Stmt], source: SourceFile) -> Int32 {
        var failed = false
        for s in statements {
            if echo { echoStatement(s, source) }
            if !runStatement(s, source: source) {
                failed = true
                if !keepGoing { return 1 }
            }
            if nn_take_interrupt() != 0 {}
        }
        return failed ? 1 : 0
    }

    /// Runs one statement (or magic); reports an error and returns false on failure.
    @discardableResult
    public func runStatement(_ s: Stmt, source: SourceFile) -> Bool {
        do {
            if case .magic(let name, let argument) = s.kind {
                try runMagic(name, argument, at: s)
            } else {
                try interpreter.execute([s])
            }
            afterStatement()
            return true
        } catch let e as PyError {
            if e.typeName == "SystemExit" { fflush(stdout); exit(0) }
            report(e, defaultFile: source.name)
            afterStatement()
            return false
        } catch {
            fputs("\(error)\n", stderr)
            return false
        }
    }

    /// Called after every statement: watches, flushing.
    func afterStatement() {
        showWatches()
        fflush(stdout)
    }

    /// `>>> stmt` / `... continuation` as a transcript shows them.
    func echoStatement(_ s: Stmt, _ source: SourceFile) {
        let first = s.range.start.line, last = max(s.range.end.line, first)
        var lines: [String] = []
        for n in first...last { if let l = source.line(n) { lines.append(l) } }
        while let l = lines.last, l.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        for (i, l) in lines.enumerated() { fputs((i == 0 ? ">>> " : "... ") + l + "\n", stdout) }
        if isCompound(s) { fputs("...\n", stdout) }
    }

    func isCompound(_ s: Stmt) -> Bool {
        switch s.kind {
        case .forLoop, .whileLoop, .ifStmt, .functionDef, .classDef, .with, .tryStmt: return true
        default: return false
        }
    }

    /// Piped standard input in shell mode: statements display their values; stop at the first
    /// error unless --keep-going. Statements before a syntax error still run.
    public func runPiped(_ text: String, name: String = "<stdin>") -> Int32 {
        let source = SourceFile(name: name, text: text)
        do {
            let statements = try parse(source)
            return execute(statements, source: source)
        } catch let e as PyError {
            // Run what precedes the broken statement, then report it.
            if let line = e.location?.start.line, line > 1 {
                let prefixLines = Array(source.lines.prefix(line - 1))
                var cut = prefixLines.count
                let errorLine = source.line(line) ?? ""
                let errorLineIsTopLevel = errorLine.first.map { $0 != " " && $0 != "\t" } ?? false
                while cut > 0 && !errorLineIsTopLevel {
                    let l = prefixLines[cut - 1]
                    if let c = l.first, c != " " && c != "\t" && c != "#" { cut -= 1; break }
                    cut -= 1
                }
                // A prefix keeps its line numbers, so locations stay right.
                let prefix = SourceFile(name: name, text: prefixLines.prefix(cut).joined(separator: "\n"))
                if cut > 0, let stmts = try? parse(prefix) {
                    let status = execute(stmts, source: prefix)
                    if status != 0 && !keepGoing { return status }
                }
            }
            report(e, defaultFile: name)
            return 1
        } catch {
            return 1
        }
    }
}
