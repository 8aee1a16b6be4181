import CInterrupt
import CLibEdit
import CLineEdit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one `LineEditor.readLine` call produced.
public enum LineReadResult: Equatable, Sendable {
    /// An accepted line without its newline; a bracketed paste may contain "\n".
    case line(String)
    /// Ctrl-C at the prompt: the typed text is discarded, the cursor is on a fresh line.
    case interrupted
    /// Ctrl-D on an empty line, or the terminal went away.
    case endOfFile
}

/// Supplies Tab completions. `line` is the whole buffer, `cursor` a character offset into it.
/// Return the candidates for the word ending at the cursor and how many characters before the
/// cursor that word spans; the editor inserts the longest common prefix, and lists candidates
/// in columns (sized to the terminal width) on a second Tab.
public protocol LineCompleter: AnyObject {
    func completions(line: String, cursor: Int) -> (wordLength: Int, candidates: [String])
}

/// Interactive line input through libedit: emacs keys, history with prefix search on Up/Down,
/// Ctrl-R, Tab completion, bracketed paste. Knows nothing about the interpreter.
public final class LineEditor {
    /// The libedit handle (`EditLine *`).
    private let el: OpaquePointer
    private let history: HistoryStore
    private let color: Bool
    /// Whether the terminal is asked to wrap pastes in ESC[200~ ... ESC[201~ (set up in init).
    private var bracketedPaste = false
    /// Line and cursor after the last Tab that left several candidates: a Tab on the same
    /// state is the "second Tab" that lists them.
    private var lastTab: (line: String, cursor: Int)?

    /// Supplies Tab completions; without one, Tab only indents.
    public var completer: LineCompleter?

    /// In-memory history, oldest first (for %history).
    public var historyEntries: [String] { history.entries }

    /// nil when stdin is not a terminal (callers then read plain lines). Editor draws on stdout,
    /// or on stderr when stdout is not a tty (`nnrepl | tee log`: libedit turns editing off when
    /// its output is not a terminal). Also nil when neither is a terminal.
    /// - Parameters:
    ///   - programName: used by `~/.editrc` (`nnrepl:bind ...` lines) and in warnings.
    ///   - historyPath: history file (`~/` expanded), created if missing; nil keeps no file.
    ///   - color: colour the prompt (callers decide: tty, NO_COLOR, --color).
    public init?(programName: String, historyPath: String?, historySize: Int = 10000, color: Bool) {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        let drawOnStderr: Bool
        if isatty(STDOUT_FILENO) == 1 {
            drawOnStderr = false
        } else if isatty(STDERR_FILENO) == 1 {
            drawOnStderr = true
        } else {
            return nil
        }
        TerminalLocale.configure() // before el_init, which reads the locale
        // The program's one SIGINT handler (idempotent): without it libedit's re-sent SIGINT
        // would kill the process; it must not use SA_RESTART or el_gets would not return.
        nn_install_sigint()
        guard let el = le_open(programName, drawOnStderr ? 1 : 0) else { return nil }
        guard let history = HistoryStore(path: historyPath, size: historySize,
                                         programName: programName) else {
            le_close(el)
            return nil
        }
        self.el = el
        self.history = history
        self.color = color

        // Unretained: the EditLine lives exactly as long as self (closed in deinit).
        le_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
        _ = le_history_attach(el, history.handle)
        _ = le_add_command(el, "nn-complete", "Complete the word at the cursor", completeCommand)
        _ = le_add_command(el, "nn-paste", "Insert bracketed-paste text", pasteCommand)
        bindEmacsKeys()
        // After our bindings, so that the user's ~/.editrc has the last word.
        _ = el_source(el, nil)
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        if le_is_vi_mode(el) != 0 {
            // `bind -v` rebuilt the key maps without our keys. Only Tab comes back: binding
            // ESC sequences in vi's insert map breaks the ESC key itself, so there is no paste
            // command, and a paste must not be wrapped (its ESC would enter command mode and
            // the text would run as vi commands).
            _ = le_bind(el, "^I", "nn-complete")
            self.bracketedPaste = false
        } else {
            self.bracketedPaste = !term.isEmpty && term != "dumb" // dumb would print the escapes
        }
    }

    deinit {
        le_close(el) // restores the terminal
    }

    private func bindEmacsKeys() {
        _ = le_bind(el, "^I", "nn-complete")
        _ = le_bind(el, "\\e[200~", "nn-paste")
        // Prefix search, as in IPython and Julia: with `sp` typed, Up goes to the previous line
        // starting with `sp`; on an empty line it is plain history. Both cursor-key encodings.
        for key in ["\\e[A", "\\eOA"] { _ = le_bind(el, key, "ed-search-prev-history") }
        for key in ["\\e[B", "\\eOB"] { _ = le_bind(el, key, "ed-search-next-history") }
    }

    /// Reads one line (or one bracketed paste, which may contain "\n"). `prefill` is pre-typed
    /// text (auto-indent) the user can edit or erase. The prompt is coloured when `color` is on.
    /// After `.interrupted` and `.endOfFile` the cursor is already on a fresh line.
    public func readLine(prompt: String, prefill: String = "") -> LineReadResult {
        le_set_prompt(el, PromptStyle.render(prompt, color: color))
        lastTab = nil
        fflush(le_stdout()) // earlier program output must appear before the prompt
        _ = nn_take_interrupt() // a stale Ctrl-C from a finished computation is not for this line
        if !prefill.isEmpty { el_push(el, prefill) }
        // Only while reading: keys typed during a computation must not arrive wrapped.
        if bracketedPaste { le_bracketed_paste_mode(el, 1) }
        var count: Int32 = 0
        let raw = el_gets(el, &count)
        if bracketedPaste { le_bracketed_paste_mode(el, 0) }
        guard let raw else {
            // count -1 with the flag set: Ctrl-C (libedit restored the terminal and re-raised
            // the signal to our handler). count 0: Ctrl-D on an empty line. Otherwise EIO.
            let interrupted = count == -1 && nn_take_interrupt() != 0
            let out = le_output(el)
            fputs("\n", out)
            fflush(out)
            return interrupted ? .interrupted : .endOfFile
        }
        var line = String(cString: raw) // copy now: libedit reuses the buffer
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Adds an accepted line to history (skip blank; consecutive duplicates suppressed) and
    /// saves the file atomically (tmp + rename, SIGHUP/SIGTERM blocked around it).
    public func addHistory(_ line: String) {
        history.add(line)
    }

    // MARK: - Key commands (called by libedit through the C functions below)

    /// Tab: indent on a blank prefix, else insert the common prefix of the candidates; a second
    /// Tab with nothing to insert lists them.
    fileprivate func complete() -> UInt8 {
        guard let info = el_line(el)?.pointee else { return UInt8(CC_ERROR) }
        let total = info.buffer.distance(to: info.lastchar)
        let cursorBytes = info.buffer.distance(to: info.cursor)
        let bytes = UnsafeRawBufferPointer(start: info.buffer, count: total)
        let before = String(decoding: bytes[..<cursorBytes], as: UTF8.self)
        let line = String(decoding: bytes, as: UTF8.self)

        if before.allSatisfy({ $0 == " " || $0 == "\t" }) {
            _ = el_insertstr(el, "    ")
            return UInt8(CC_REFRESH)
        }
        guard let completer else { return UInt8(CC_ERROR) }
        let cursor = before.count
        let answer = completer.completions(line: line, cursor: cursor)
        let wordLength = min(max(answer.wordLength, 0), cursor)
        let word = String(before.suffix(wordLength))

        switch CompletionPlan.make(word: word, candidates: answer.candidates) {
        case .none:
            lastTab = nil
            return UInt8(CC_ERROR)
        case .insert(let text):
            _ = el_insertstr(el, text)
            lastTab = (line: currentLine(), cursor: cursor + text.count)
            return UInt8(CC_REFRESH)
        case .replace(let scalars, let text):
            el_deletestr(el, Int32(scalars))
            _ = el_insertstr(el, text)
            lastTab = nil
            return UInt8(CC_REFRESH)
        case .ambiguous(let candidates):
            if let last = lastTab, last.line == line, last.cursor == cursor {
                list(candidates)
                return UInt8(CC_REDISPLAY)
            }
            lastTab = (line: line, cursor: cursor)
            return UInt8(CC_ERROR) // first Tab: beep, like bash and Python's REPL
        }
    }

    /// Prints the candidates below the line; libedit redraws prompt and line under them.
    private func list(_ candidates: [String]) {
        let out = le_output(el)
        let height = Int(le_terminal_height(el))
        let rows = CompletionColumns.lines(
            candidates, width: Int(le_terminal_width(el)) - 1, maxRows: max(height - 3, 5))
        fputs("\n" + rows.joined(separator: "\n") + "\n", out)
        fflush(out)
    }

    private func currentLine() -> String {
        guard let info = el_line(el)?.pointee else { return "" }
        let count = info.buffer.distance(to: info.lastchar)
        let bytes = UnsafeRawBufferPointer(start: info.buffer, count: count)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ESC[200~: inserts the whole paste, newlines included, to be submitted with one Enter.
    fileprivate func paste() -> UInt8 {
        guard let raw = le_read_bracketed_paste(el) else { return UInt8(CC_ERROR) }
        defer { le_free(raw) }
        let text = PastedText.clean(String(cString: raw))
        if !text.isEmpty { _ = el_insertstr(el, text) }
        return UInt8(CC_REFRESH)
    }
}

/// Finds the editor behind an EditLine; libedit callbacks are plain C functions.
private func editor(_ el: OpaquePointer?) -> LineEditor? {
    guard let el, let raw = le_get_clientdata(el) else { return nil }
    return Unmanaged<LineEditor>.fromOpaque(raw).takeUnretainedValue()
}

private func completeCommand(_ el: OpaquePointer?, _ key: Int32) -> UInt8 {
    editor(el)?.complete() ?? UInt8(CC_ERROR)
}

private func pasteCommand(_ el: OpaquePointer?, _ key: Int32) -> UInt8 {
    editor(el)?.paste() ?? UInt8(CC_ERROR)
}

// MARK: - Helpers of the editor (nested so that they cannot clash with the shell's own types)

extension LineEditor {
    /// Turns prompt text into what libedit's prompt function returns.
    enum PromptStyle {
        /// Marks the start and end of invisible text for EL_PROMPT_ESC (see le_open).
        static let ignore = "\u{1}"
        /// Bold magenta, like the Python 3.13 REPL's prompt.
        static let colorOn = "\u{1B}[1;35m"
        static let colorOff = "\u{1B}[0m"

        /// `prompt` unchanged, or coloured with the codes bracketed by `ignore`. libedit never
        /// prints an invisible sequence at the very end of a prompt, so the reset must be
        /// followed by something visible: the trailing spaces (or the last character) stay
        /// outside the colour.
        static func render(_ prompt: String, color: Bool) -> String {
            let text = prompt.filter { $0 != "\u{1}" } // a stray ignore mark would hide text
            guard color, !text.isEmpty else { return text }
            var body = Substring(text)
            var tail = ""
            while let last = body.last, last == " " || last == "\t" {
                tail.insert(last, at: tail.startIndex)
                body.removeLast()
            }
            if tail.isEmpty, let last = body.popLast() { tail = String(last) }
            guard !body.isEmpty else { return text }
            return ignore + colorOn + ignore + body + ignore + colorOff + ignore + tail
        }
    }

    /// Cleans text that arrived through a bracketed paste before it is inserted in the line.
    enum PastedText {
        /// Drops blank lines at both ends (the paste is submitted by the user's Enter, not by its
        /// own last newline) and strips `>>> ` / `... ` prompts when the text is a copied
        /// session: every non-blank line carries a prompt and at least one of them is `>>>`.
        static func clean(_ text: String) -> String {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init)
            if hasPrompts(lines) { lines = lines.map(stripPrompt) }
            while let first = lines.first, isBlank(first) { lines.removeFirst() }
            while let last = lines.last, isBlank(last) { lines.removeLast() }
            return lines.joined(separator: "\n")
        }

        static func hasPrompts(_ lines: [String]) -> Bool {
            var sawPrimary = false
            for line in lines where !isBlank(line) {
                guard let kind = promptKind(line) else { return false }
                if kind == ">>>" { sawPrimary = true }
            }
            return sawPrimary
        }

        /// ">>>" or "..." when `line` starts with that prompt, followed by a space or nothing.
        private static func promptKind(_ line: String) -> String? {
            for prompt in [">>>", "..."] where line.hasPrefix(prompt) {
                let rest = line.dropFirst(3)
                if rest.isEmpty || rest.first == " " { return prompt }
            }
            return nil
        }

        private static func stripPrompt(_ line: String) -> String {
            guard promptKind(line) != nil else { return line }
            let rest = line.dropFirst(3)
            return String(rest.first == " " ? rest.dropFirst() : rest)
        }

        private static func isBlank(_ line: String) -> Bool {
            line.allSatisfy { $0 == " " || $0 == "\t" }
        }
    }

    /// What one Tab press does with the candidates a `LineCompleter` returned.
    enum CompletionPlan: Equatable {
        /// Nothing matches: beep.
        case none
        /// Type `text` at the cursor (the word grows towards the common prefix).
        case insert(String)
        /// Replace the last `scalars` Unicode scalars before the cursor by `text` (a single
        /// candidate that does not extend the word, e.g. differs in case). Counted in scalars
        /// because libedit's buffer holds wide characters.
        case replace(scalars: Int, with: String)
        /// Several candidates and nothing more to type: list them (on the second Tab).
        case ambiguous([String])

        /// Bash-like: the unique candidate, or the longest common prefix when it extends `word`.
        static func make(word: String, candidates: [String]) -> CompletionPlan {
            let unique = Array(Set(candidates)).count == 1
            guard let first = candidates.first else { return .none }
            if unique {
                if first == word { return .none }
                if first.hasPrefix(word) { return .insert(String(first.dropFirst(word.count))) }
                return .replace(scalars: word.unicodeScalars.count, with: first)
            }
            let common = longestCommonPrefix(candidates)
            if common.count > word.count && common.hasPrefix(word) {
                return .insert(String(common.dropFirst(word.count)))
            }
            return .ambiguous(candidates)
        }

        /// Compared by Character so that a prefix never ends inside a grapheme cluster.
        static func longestCommonPrefix(_ strings: [String]) -> String {
            guard var prefix = strings.first.map(Array.init) else { return "" }
            for s in strings.dropFirst() {
                let chars = Array(s)
                var n = 0
                while n < prefix.count && n < chars.count && prefix[n] == chars[n] { n += 1 }
                prefix.removeSubrange(n...)
                if prefix.isEmpty { break }
            }
            return String(prefix)
        }
    }

    /// Lays out completion candidates in columns, filled top to bottom like `ls`.
    enum CompletionColumns {
        /// The listing as lines (no trailing spaces) for a terminal `width` columns wide. At most
        /// `maxRows` rows are shown, then a line saying how many candidates were left out: a
        /// namespace like `torch.` has hundreds of names, and typing more letters narrows it.
        static func lines(_ items: [String], width: Int, maxRows: Int = .max) -> [String] {
            guard !items.isEmpty else { return [] }
            let gap = 2
            let widest = items.map(displayWidth).max() ?? 0
            let columns = max(1, (max(width, 1) + gap) / (widest + gap))
            var rows = (items.count + columns - 1) / columns
            var shown = items
            var hidden = 0
            if rows > maxRows {
                rows = max(1, maxRows - 1)              // keep a row for the "more" note
                shown = Array(items.prefix(rows * columns))
                hidden = items.count - shown.count
            }
            let usedRows = (shown.count + columns - 1) / columns
            var result: [String] = []
            for row in 0..<usedRows {
                var line = ""
                for column in 0..<columns {
                    let index = column * usedRows + row
                    guard index < shown.count else { break }
                    let item = shown[index]
                    line += item
                    let nextIndex = (column + 1) * usedRows + row
                    if nextIndex < shown.count {
                        line += String(repeating: " ", count: widest + gap - displayWidth(item))
                    }
                }
                result.append(line)
            }
            if hidden > 0 {
                result.append("... \(hidden) more (type more characters to narrow the list)")
            }
            return result
        }

        /// Terminal cells `s` occupies: CJK and emoji take two, combining marks none.
        static func displayWidth(_ s: String) -> Int {
            s.unicodeScalars.reduce(0) { $0 + Int(le_char_width($1.value)) }
        }
    }

    /// Character-set setup libedit needs before `el_init`.
    enum TerminalLocale {
        /// Without a UTF-8 LC_CTYPE libedit silently drops every non-ASCII key. Containers often
        /// have no LANG, which yields "C", so fall back to C.UTF-8. Only LC_CTYPE is touched:
        /// LC_NUMERIC must stay "C" or C-level number formatting would use decimal commas.
        static func configure() {
            let got = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? "C"
            if got == "C" || got == "POSIX" {
                _ = setlocale(LC_CTYPE, "C.UTF-8")
            }
        }
    }
}
