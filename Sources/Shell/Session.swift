import Foundation
import Interpreter
import Engine
import CInterrupt

/// One nnrepl session: an interpreter plus the ways to feed it (script, -c, piped, interactive,
/// --step, --check). Each runner returns the process exit status: 0 when everything ran, 1 after
/// an error.
public final class Session {
    public let interpreter: Interpreter
    /// Colour what goes to stdout (prompt, watch highlights): stdout is a terminal, NO_COLOR
    /// unset and no --no-color.
    public var color: Bool
    /// Colour error headlines on stderr (same rule, for stderr).
    public var errorColor: Bool
    /// `--echo`: show each statement with its prompt before its output.
    public var echo = false
    /// `--keep-going`: report errors and continue; exit 1 at the end.
    public var keepGoing = false
    /// Long help text goes through $PAGER (only when stdout is a terminal; never in --check).
    var pageHelp = isatty(STDOUT_FILENO) != 0
    /// `%watch` expressions.
    var watches: [Watch] = []
    /// This session's inputs as typed or read, oldest first (`%history`).
    var inputLog: [String] = []
    /// The source text of every statement that ran without error, magics excluded (`%save`).
    var savedStatements: [String] = []
    /// Canonical names of built-in objects for help (built on first use).
    lazy var helpIndex = HelpIndex(interpreter)
    /// What `%export` writes: the successful statements as Python.
    var exportedStatements: [ExportedStatement] = []
    /// Expression statements displayed by the statement being run (for `%export`).
    var displayedRanges: [SourceRange] = []
    /// Set while the interactive prompt runs: views that step (%trace) wait for keys then.
    var atPrompt = false
    /// How many `%run` files are being run inside each other (a file that runs itself stops).
    var runDepth = 0
    /// `NAME = EXPR` statements run at top level whose value is a tensor: EXPR's text and the
    /// tensor it gave, so `%explain NAME[…]` can run EXPR again when backward() freed what
    /// NAME's grad_fn saved.
    var assignedExpressions: [String: (text: String, tensor: ObjectIdentifier)] = [:]

    public init(displayMode: Interpreter.DisplayMode, color: Bool, errorColor: Bool? = nil) {
        interpreter = Interpreter(mode: displayMode)
        self.color = color
        self.errorColor = errorColor ?? color
        interpreter.write = { s in fputs(s, stdout) }
        interpreter.writeWarning = { s in fflush(stdout); fputs(s, stderr) }
        interpreter.showHelp = { [unowned self] text in self.showHelp(text) }
        interpreter.displayObserver = { [unowned self] range in self.displayedRanges.append(range) }
        installHelpTexts()
    }

    /// Prints an error on stderr (after flushing what was printed before it).
    public func report(_ e: PyError, defaultFile: String) {
        fflush(stdout)
        fputs(Diagnostics.render(e, defaultFile: defaultFile, color: errorColor), stderr)
    }

    /// `nnrepl FILE` / `nnrepl -c CODE`: parse everything, run in order, stop at the first error.
    public func runProgram(_ source: SourceFile) -> Int32 {
        defer { fflush(stdout) }
        interpreter.scriptName = source.name == "<string>" ? "-c" : source.name
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
            throw PyError(e)
        }
    }

    /// Runs statements one by one (echoing them when asked); returns the exit status.
    public func execute(_ statements: [Stmt], source: SourceFile) -> Int32 {
        var failed = false
        for s in statements {
            inputLog.append(statementText(s, source))
            if echo { echoStatement(s, source) }
            if !runStatement(s, source: source) {
                failed = true
                if !keepGoing { return 1 }
            }
            _ = nn_take_interrupt() // a Ctrl-C already turned into KeyboardInterrupt is spent
        }
        return failed ? 1 : 0
    }

    /// Runs one statement (or magic); reports an error and returns false on failure.
    @discardableResult
    public func runStatement(_ s: Stmt, source: SourceFile) -> Bool {
        do {
            try perform(s, source: source)
            afterStatement()
            return true
        } catch is AlreadyReported {
            afterStatement()
            return false
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

    /// Runs one statement or magic without reporting; a success is remembered for `%save`.
    func perform(_ s: Stmt, source: SourceFile) throws {
        switch s.kind {
        case .magic(let name, let argument):
            do {
                try runMagic(name, argument, at: s, source: source)
            } catch var e as PyError {
                // A magic's own complaint points at the magic line.
                if e.location == nil { e.location = s.range }
                throw e
            }
            recordExport(s, source, displayed: [])
        case .helpRequest:
            try interpreter.execute([s])
        default:
            let outer = displayedRanges
            displayedRanges = []
            defer { displayedRanges = outer + displayedRanges }
            try interpreter.execute([s])
            savedStatements.append(statementText(s, source))
            rememberAssignment(s)
            recordExport(s, source, displayed: displayedRanges)
        }
    }

    func rememberAssignment(_ s: Stmt) {
        guard case .assign(let targets, let value) = s.kind else { return }
        for target in targets {
            guard case .name(let name) = target.kind else { continue }
            if case .tensor(let t)? = interpreter.lookupGlobal(name), let text = CallSiteText.source(value.range) {
                assignedExpressions[name] = (text, ObjectIdentifier(t))
            } else {
                assignedExpressions[name] = nil
            }
        }
    }

    /// Called after every statement: watches, flushing.
    func afterStatement() {
        showWatches()
        fflush(stdout)
    }

    /// The lines of `s` as written in `source`. Several statements on one line (`a = 1; b = 2`)
    /// each get their own part of it.
    func statementLines(_ s: Stmt, _ source: SourceFile) -> [String] {
        let first = s.range.start.line, last = max(s.range.end.line, first)
        if first == last, let line = source.line(first) {
            let scalars = Array(line.unicodeScalars)
            let from = min(max(s.range.start.column - 1, 0), scalars.count)
            var to = s.range.end.column - 1
            if to <= from || to > scalars.count { to = scalars.count }
            let before = String(String.UnicodeScalarView(scalars[..<from]))
            let after = String(String.UnicodeScalarView(scalars[to...])).trimmingCharacters(in: .whitespaces)
            // Alone on its line: the whole line, trailing comment included, as typed.
            if before.allSatisfy({ $0 == " " || $0 == "\t" }) && (after.isEmpty || after.hasPrefix("#")) {
                return [line.trimmingLeadingWhitespace()]
            }
            return [String(String.UnicodeScalarView(scalars[from..<to])).trimmingCharacters(in: .whitespaces)]
        }
        var lines: [String] = []
        for n in first...last { if let l = source.line(n) { lines.append(l) } }
        while let l = lines.last, l.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        return lines
    }

    func statementText(_ s: Stmt, _ source: SourceFile) -> String {
        statementLines(s, source).joined(separator: "\n")
    }

    /// `>>> stmt` / `... continuation` as a transcript shows them; `finished: false` leaves the
    /// cursor at the end of the last line (--step waits there for Enter).
    func echoStatement(_ s: Stmt, _ source: SourceFile, finished: Bool = true) {
        var out = ""
        let lines = statementLines(s, source)
        for (i, l) in lines.enumerated() {
            if i > 0 { out += "\n" }
            out += promptText(i == 0 ? ">>> " : "... ") + l
        }
        if isCompound(s) { out += "\n" + promptText("...") }
        fputs(out + (finished ? "\n" : ""), stdout)
        fflush(stdout)
    }

    /// A prompt as echoed on stdout, coloured like the interactive one.
    func promptText(_ prompt: String) -> String {
        guard color else { return prompt }
        let body = prompt.trimmingCharacters(in: .whitespaces)
        return "\u{1B}[1;35m" + body + "\u{1B}[0m" + String(prompt.dropFirst(body.count))
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

/// Thrown by a magic (`%run`) whose failure was already reported with its own file name: the
/// statement failed, but there is nothing more to print.
struct AlreadyReported: Error {}
