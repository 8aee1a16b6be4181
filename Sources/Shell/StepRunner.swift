import Foundation
import Interpreter
import CInterrupt

/// `nnrepl --step FILE`, for teaching live: each statement is shown with its prompt and runs
/// when Enter is pressed; `q` Enter stops, `i` Enter drops into the shell with the session's
/// variables, and after the last statement the shell stays open.
extension Session {
    public func runStepping(_ source: SourceFile, historyPath: String?) -> Int32 {
        let statements: [Stmt]
        do {
            statements = try parse(source)
        } catch let e as PyError {
            report(e, defaultFile: source.name)
            return 1
        } catch {
            return 1
        }
        interpreter.displayMode = .shell
        let keys = StepKeys()
        var failed = false
        for s in statements {
            inputLog.append(statementText(s, source))
            echoStatement(s, source, finished: false)
            let key = keys.next()
            fputs("\n", stdout)
            switch key {
            case .run:
                if !runStatement(s, source: source) { failed = true }
                _ = nn_take_interrupt()
            case .quit:
                fflush(stdout)
                return 0
            case .interactive:
                return runInteractive(historyPath: historyPath, banner: false)
            }
        }
        if keys.fromTerminal { return runInteractive(historyPath: historyPath, banner: false) }
        return failed ? 1 : 0
    }
}

/// Where --step reads its keys: the terminal itself (`/dev/tty`, so it works with stdout piped),
/// one key at a time without echo; or, when stdin is not a terminal (scripted runs, tests),
/// one line of stdin per step: empty runs, `q` stops, `i` goes interactive.
final class StepKeys {
    enum Key { case run, quit, interactive }

    /// Whether keys come from a terminal (then the shell can stay open at the end).
    let fromTerminal: Bool
    private let fd: Int32

    init() {
        if isatty(STDIN_FILENO) != 0 {
            let tty = open("/dev/tty", O_RDWR)
            fd = tty >= 0 ? tty : STDIN_FILENO
            fromTerminal = true
        } else {
            fd = -1
            fromTerminal = false
        }
    }

    deinit { if fd > STDIN_FILENO { close(fd) } }

    /// Waits for the next step's key. Ctrl-C, Ctrl-D and the end of input stop.
    func next() -> Key {
        fflush(stdout)
        guard fromTerminal else {
            guard let line = Swift.readLine(strippingNewline: true) else { return .quit }
            switch line.trimmingCharacters(in: .whitespaces) {
            case "q": return .quit
            case "i": return .interactive
            default: return .run
            }
        }
        var saved = termios()
        let haveTermios = tcgetattr(fd, &saved) == 0
        if haveTermios {
            var raw = saved
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
            withUnsafeMutableBytes(of: &raw.c_cc) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
            tcsetattr(fd, TCSANOW, &raw)
        }
        defer { if haveTermios { tcsetattr(fd, TCSANOW, &saved) } }
        _ = nn_take_interrupt()
        var pending: Key = .run
        while true {
            var byte: UInt8 = 0
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR {
                if nn_take_interrupt() != 0 { return .quit }
                continue
            }
            if n <= 0 { return .quit }
            switch byte {
            case 10, 13: return pending
            case 4: return .quit                      // Ctrl-D
            case UInt8(ascii: "q"), UInt8(ascii: "Q"): pending = .quit
            case UInt8(ascii: "i"), UInt8(ascii: "I"): pending = .interactive
            default: pending = .run                   // anything else: Enter just runs
            }
        }
    }
}
