import Foundation
import Interpreter
import CInterrupt

/// Help text (`help(obj)`, `obj?`, `%help`): printed, or paged through `$PAGER` (default
/// `less -R`) when stdout is a terminal and the text is taller than it.
extension Session {
    func showHelp(_ text: String) {
        let body = text.hasSuffix("\n") ? text : text + "\n"
        if pageHelp, Pager.rows().map({ body.split(separator: "\n", omittingEmptySubsequences: false).count > $0 - 1 }) ?? false {
            fflush(stdout)
            if Pager.page(body) { return }
        }
        interpreter.write(body)
    }
}

enum Pager {
    /// The terminal's height, or nil when stdout is not a terminal.
    static func rows() -> Int? {
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 { return Int(size.ws_row) }
        return Int(ProcessInfo.processInfo.environment["LINES"] ?? "") ?? 24
    }

    /// Runs the pager on `text`; false when it could not be started (the caller prints instead).
    static func page(_ text: String) -> Bool {
        let env = ProcessInfo.processInfo.environment
        let command = (env["PAGER"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }) ?? "less -R"
        // Quitting the pager early closes the pipe: that must not kill the shell.
        let oldPipe = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, oldPipe) }
        guard let pipe = popen(command, "w") else { return false }
        fputs(text, pipe)
        let status = pclose(pipe)
        _ = nn_take_interrupt() // Ctrl-C inside the pager is the pager's
        // 127: the shell could not find the command, so nothing was shown.
        return !(status != -1 && (status >> 8) & 0xff == 127)
    }
}
