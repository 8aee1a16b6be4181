import Foundation
import Interpreter
import CInterrupt

/// The interactive prompt: libedit line editing, continuation lines, Ctrl-C, history.
extension Session {
    /// Runs the `>>> ` loop until Ctrl-D; returns the exit status (0).
    public func runInteractive(historyPath: String?, banner: Bool = true) -> Int32 {
        nn_install_sigint()
        guard let editor = LineEditor(programName: "nnrepl", historyPath: historyPath, color: color) else {
            // Not a terminal after all: behave as piped input.
            var text = ""
            while let line = Swift.readLine(strippingNewline: false) { text += line }
            return runPiped(text)
        }
        let completer = ShellCompleter(session: self)
        editor.completer = completer
        atPrompt = true
        defer { atPrompt = false }
        if banner {
            fputs("nnrepl \(nnreplVersion) — PyTorch, one step at a time. %help for shell commands, Ctrl-D to leave.\n", stdout)
        }
        var buffer: [String] = []
        var indent = ""
        while true {
            fflush(stdout)
            _ = nn_take_interrupt()
            let prompt = buffer.isEmpty ? ">>> " : "... "
            switch editor.readLine(prompt: prompt, prefill: indent) {
            case .endOfFile:
                if buffer.isEmpty { fputs("\n", stdout); fflush(stdout); return 0 }
                buffer.removeAll(); indent = ""
            case .interrupted:
                fputs("KeyboardInterrupt\n", stdout)
                buffer.removeAll(); indent = ""
            case .line(let raw):
                if raw.contains("\n") {
                    // A bracketed paste: one whole block, blank lines included.
                    editor.addHistory(raw)
                    buffer.removeAll(); indent = ""
                    runInteractiveSource(raw)
                    continue
                }
                if buffer.isEmpty && raw.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                buffer.append(raw)
                editor.addHistory(raw)
                let text = buffer.joined(separator: "\n")
                switch completeness(of: buffer) {
                case .needMore(let nextIndent):
                    indent = nextIndent
                case .complete:
                    buffer.removeAll(); indent = ""
                    runInteractiveSource(text)
                }
            }
        }
    }

    enum Completeness { case complete, needMore(indent: String) }

    /// Python's interactive rule: a compound statement ends with an empty line; anything else
    /// ends when it parses (or fails for a reason other than reaching the end of input).
    func completeness(of lines: [String]) -> Completeness {
        guard let first = lines.first else { return .complete }
        let last = lines.last ?? ""
        let lastIsBlank = last.trimmingCharacters(in: .whitespaces).isEmpty
        let code = { (s: String) in s.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? s }
        let opensBlock = code(first).trimmingCharacters(in: .whitespaces).hasSuffix(":") || first.hasPrefix("@")
        let indentOf = { (s: String) in String(s.prefix { $0 == " " || $0 == "\t" }) }
        if opensBlock || lines.count > 1 && lines.dropFirst().contains(where: { $0.first == " " || $0.first == "\t" }) {
            if lastIsBlank && lines.count > 1 { return .complete }
            var next = indentOf(last)
            if code(last).trimmingCharacters(in: .whitespaces).hasSuffix(":") { next += "    " }
            if lines.count == 1 { next = indentOf(first) + "    " }
            if bracketDepth(lines.joined(separator: "\n")) > 0 { next = "" }
            return .needMore(indent: next)
        }
        do {
            _ = try Parser.parse(SourceFile(name: "<stdin>", text: lines.joined(separator: "\n")), allowMagics: true)
            return .complete
        } catch let e as SyntaxError where e.isIncomplete {
            return .needMore(indent: "")
        } catch {
            return .complete
        }
    }

    private func bracketDepth(_ s: String) -> Int {
        var d = 0
        for c in s { if "([{".contains(c) { d += 1 } else if ")]}".contains(c) { d -= 1 } }
        return d
    }

    /// Parses and runs one interactive input; errors are reported and the session goes on.
    func runInteractiveSource(_ text: String) {
        inputLog.append(text)
        let source = SourceFile(name: "<stdin>", text: text)
        do {
            let statements = try parse(source)
            for s in statements {
                if !runStatement(s, source: source) { break }
            }
        } catch let e as PyError {
            report(e, defaultFile: "<stdin>")
        } catch {
            fputs("\(error)\n", stderr)
        }
    }
}

