import ArgumentParser
import Foundation
import Shell
import Interpreter
import CInterrupt
import CAllocator

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
        nnrepl --echo FILE     replay FILE as a transcript (prompt, statement, output)
        nnrepl --step FILE     the same, one statement per Enter (q stops, i opens the shell)
        nnrepl --check FILE    compare FILE's output with the `# ` lines under its statements
        """
    )

    @ArgumentParser.Argument(help: ArgumentHelp("A .nnrepl (Python) file to run.", valueName: "file"))
    var file: String?

    @Option(name: .customShort("c"), help: ArgumentHelp("Run CODE (script mode) and exit.", valueName: "code"))
    var code: String?

    @Flag(name: .long, help: "Show each statement with its prompt before its output, like a transcript.")
    var echo = false

    @Flag(name: .long, help: "Show each statement with its prompt and run it when Enter is pressed (q stops, i opens the shell); stay interactive at the end.")
    var step = false

    @Flag(name: .long, help: "Run FILE as a checked lesson: compare each statement's output with the `# ` comment lines under it; exit 1 on a mismatch.")
    var check = false

    @Flag(name: .long, help: "Go on after an error; exit 1 at the end.")
    var keepGoing = false

    @Flag(name: .customShort("i"), help: "Stay interactive after running FILE or CODE.")
    var interactive = false

    @Flag(name: .long, help: "Never colour the output.")
    var noColor = false

    // Not ArgumentParser's built-in --version (a fixed string): this one also names the math
    // libraries found at run time (MKL or not, oneDNN, OpenBLAS, SLEEF).
    @Flag(name: .long, help: "Show the version and the math libraries in use, then exit.")
    var version = false

    func validate() throws {
        if version { return }
        if file != nil && code != nil { throw ValidationError("give either FILE or -c CODE, not both") }
        if step && check { throw ValidationError("--step and --check do not go together") }
        if (step || check) && file == nil { throw ValidationError("--\(step ? "step" : "check") needs a FILE") }
    }

    func run() throws {
        if version {
            print(versionText())
            return
        }
        // Only LC_CTYPE: numbers must keep printing with a '.' whatever the user's locale.
        if setlocale(LC_CTYPE, "").map({ String(cString: $0) }).map({ $0 == "C" || $0 == "POSIX" }) ?? true {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
        nn_install_sigint()
        let stdinIsTerminal = isatty(STDIN_FILENO) != 0
        let env = ProcessInfo.processInfo.environment
        // Colour only when stdout is a terminal, and never with NO_COLOR or --no-color. Error
        // headlines also need stderr to be one (`nnrepl 2>log` keeps the log plain).
        let color = !noColor && (env["NO_COLOR"] ?? "").isEmpty && isatty(STDOUT_FILENO) != 0
        let errorColor = color && isatty(STDERR_FILENO) != 0
        let historyPath = env["NNREPL_HISTORY"] ?? (env["HOME"].map { $0 + "/.nnrepl_history" })
        let status: Int32 = runOnBigStack {
            if let code {
                let session = Session(displayMode: echo ? .shell : .script, color: color, errorColor: errorColor)
                session.echo = echo
                session.keepGoing = keepGoing
                let s = session.runProgram(SourceFile(name: "<string>", text: code))
                if interactive && stdinIsTerminal { session.interpreter.displayMode = .shell; return session.runInteractive(historyPath: historyPath, banner: false) }
                return s
            }
            if let file {
                guard let data = FileManager.default.contents(atPath: file) else {
                    fputs("nnrepl: can't open file '\(file)': [Errno 2] No such file or directory\n", stderr)
                    return 2
                }
                let (source, decodeError) = SourceFile.decoding([UInt8](data), name: file)
                if let decodeError {
                    Session(displayMode: .script, color: false, errorColor: errorColor).report(PyError(decodeError.kind, decodeError.message, location: decodeError.range), defaultFile: file)
                    return 1
                }
                if check { return Session(displayMode: .shell, color: false, errorColor: errorColor).runCheck(source) }
                if step {
                    let session = Session(displayMode: .shell, color: color, errorColor: errorColor)
                    session.keepGoing = true
                    return session.runStepping(source, historyPath: historyPath)
                }
                let session = Session(displayMode: echo ? .shell : .script, color: color, errorColor: errorColor)
                session.echo = echo
                session.keepGoing = keepGoing
                let s = session.runProgram(source)
                if interactive && stdinIsTerminal { session.interpreter.displayMode = .shell; return session.runInteractive(historyPath: historyPath, banner: false) }
                return s
            }
            let session = Session(displayMode: .shell, color: color, errorColor: errorColor)
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
    /// Written by the interpreter thread before it signals; read after the wait.
    final class Box: @unchecked Sendable { var value: Int32 = 0 }
    let result = Box()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        result.value = body()
        done.signal()
    }
    thread.stackSize = 1 << 29
    thread.start()
    done.wait()
    return result.value
}

// Tensors of a few hundred KiB are allocated and freed every training step; keeping them on the
// heap (instead of glibc's default mmap for blocks over 128 KiB) avoids a page-fault storm.
nn_tune_allocator()

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
