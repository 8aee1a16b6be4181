import ArgumentParser
import Foundation
import Shell
import Interpreter
import CInterrupt

/// The nnrepl command line: picks interactive, script, `-c` or piped mode and maps the
/// outcome to the exit status (0 ran, 1 error, 2 bad usage).
struct NNRepl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnrepl",
        abstract: "An interactive shell for exploring neural networks one step at a time, in PyTorch's language.",
        discussion: """
        nnrepl                 open the shell
        nnrepl lesson.nnrepl   run a lesson as Python runs a script
        nnrepl -c CODE         run CODE
        cat cmds | nnrepl      run commands as if typed at the prompt
        """,
        version: "nnrepl \(nnreplVersion)"
    )

    @ArgumentParser.Argument(help: "A .nnrepl (Python) file to run.")
    var file: String?

    @Option(name: .customShort("c"), help: "Run CODE (script mode) and exit.")
    var code: String?

    @Flag(name: .long, help: "Show each statement with its prompt before its output, like a transcript.")
    var echo = false

    @Flag(name: .long, help: "Go on after an error; exit 1 at the end.")
    var keepGoing = false

    @Flag(name: .customShort("i"), help: "Stay interactive after running FILE or CODE.")
    var interactive = false

    @Flag(name: .long, help: "Never colour the output.")
    var noColor = false

    func validate() throws {
        if file != nil && code != nil { throw ValidationError("give either FILE or -c CODE, not both") }
    }

    func run() throws {
        // Only LC_CTYPE: numbers must keep printing with a '.' whatever the user's locale.
        if setlocale(LC_CTYPE, "").map({ String(cString: $0) }).map({ $0 == "C" || $0 == "POSIX" }) ?? true {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
        nn_install_sigint()
        let stdinIsTerminal = isatty(STDIN_FILENO) != 0
        let env = ProcessInfo.processInfo.environment
        let color = !noColor && (env["NO_COLOR"] ?? "").isEmpty && isatty(STDOUT_FILENO) != 0 && isatty(STDERR_FILENO) != 0
        let historyPath = env["NNREPL_HISTORY"] ?? (env["HOME"].map { $0 + "/.nnrepl_history" })
        let status: Int32 = runOnBigStack {
            if let code {
                let session = Session(displayMode: echo ? .shell : .script, color: color)
                session.echo = echo
                session.keepGoing = keepGoing
                let s = session.runProgram(SourceFile(name: "<string>", text: code))
                if interactive && stdinIsTerminal { session.interpreter.displayMode = .shell; return session.runInteractive(historyPath: historyPath, banner: false) }
                return s
            }
            if let file {
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                    fputs("nnrepl: can't open file '\(file)': No such file or not readable UTF-8 text\n", stderr)
                    return 2
                }
                let session = Session(displayMode: echo ? .shell : .script, color: color)
                session.echo = echo
                session.keepGoing = keepGoing
                let s = session.runProgram(SourceFile(name: file, text: text))
                if interactive && stdinIsTerminal { session.interpreter.displayMode = .shell; return session.runInteractive(historyPath: historyPath, banner: false) }
                return s
            }
            let session = Session(displayMode: .shell, color: color)
            session.echo = echo
            session.keepGoing = keepGoing
            if stdinIsTerminal { return session.runInteractive(historyPath: historyPath) }
            var text = ""
            while let line = Swift.readLine(strippingNewline: false) { text += line }
            return session.runPiped(text)
        }
        fflush(stdout)
        throw ExitCode(status)
    }
}

/// Runs the interpreter on a thread with a large stack, so deep Python recursion reaches the
/// RecursionError limit long before the native stack ends.
func runOnBigStack(_ body: @escaping () -> Int32) -> Int32 {
    var result: Int32 = 0
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        result = body()
        done.signal()
    }
    thread.stackSize = 1 << 29
    thread.start()
    done.wait()
    return result
}

// Bad usage exits 2 (the CLI contract), not ArgumentParser's default 64.
do {
    var command = try NNRepl.parseAsRoot()
    try command.run()
} catch let e as ExitCode {
    exit(e.rawValue)
} catch {
    let message = NNRepl.fullMessage(for: error)
    if NNRepl.exitCode(for: error) == .success {
        print(message)
        exit(0)
    }
    fputs(message + "\n", stderr)
    exit(2)
}
