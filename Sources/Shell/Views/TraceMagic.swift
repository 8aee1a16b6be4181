import Foundation
import Interpreter
import Engine
import NN
import CInterrupt

/// `%trace NET(INPUT)`: runs a forward pass one step at a time (teaching-views §2.9): every leaf
/// layer (through forward hooks, also inside Sequentials) and every function call of a Python
/// forward (F.relu, F.max_pool2d, x.view, …) is a step, printed with its output's shape, min,
/// mean, max and share of zeros. At the interactive prompt it waits after each step: Enter goes
/// on, s shows the step's output as a picture, c runs to the end, q stops. Like %summary it
/// only looks: eval mode, no gradients, the RNG and training modes as before.
extension Session {
    static let traceUsage = "%trace NET(INPUT): a call of a module, e.g. %trace net(input)"

    func traceMagic(_ argument: String, at stmt: Stmt) throws {
        let text = argument.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, let stmts = try? Parser.parse(SourceFile(name: "<trace>", text: text + "\n")), stmts.count == 1,
              case .expr(let e) = stmts[0].kind, case .call(let fn, _) = e.kind, let calleeText = CallSiteText.source(fn.range) else {
            throw PyError("UsageError", Session.traceUsage)
        }
        let callee = try evaluateMagicExpression(calleeText, magic: "trace", at: stmt)
        guard case .module(let net) = callee else {
            throw PyError("UsageError", "%trace NET(INPUT): \(calleeText) is \(article(interpreter.typeName(callee))), not a module")
        }
        let rng = Generator.global.rngState()
        let modes = net.namedModules().map { ($0.1, $0.1.training) }
        net.eval()
        defer {
            for (m, mode) in modes { m.training = mode }
            if Generator.global.rngState() != rng { Generator.global.setRngState(rng) }
        }
        let names = sessionModuleNames()
        let context = viewContext
        let keys: TraceKeys? = atPrompt && isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 ? TraceKeys() : nil
        let printer = TracePrinter(session: self, context: context, keys: keys)

        // Steps: leaf layers through forward hooks (they run from Swift inside Sequentials too),
        // function calls through the call observer; the forward's own module calls are skipped
        // there (their hook reported them, or their inner steps did).
        var hooks: [(Module, Int)] = []
        for (_, m) in net.namedModules() where m.childEntries.isEmpty && !(m is ScriptedModule) {
            let id = m.addForwardObserver { module, _, output in
                guard let t = ShapeTrace.asTensor(output) else { return }
                printer.step(names[ObjectIdentifier(module)] ?? module.typeName, ModuleShortForm.text(module), t)
            }
            hooks.append((m, id))
        }
        let previous = interpreter.callObserver
        let top = interpreter.frameDepth
        interpreter.callObserver = { event in
            previous?(event)
            guard event.depth > top else { return }
            if event.result == nil, event.error != nil { printer.failed(CallSiteText.abbreviated(event.range)); return }
            if case .module = event.callee { return }
            guard case .tensor(let t)? = event.result else { return }
            printer.step(CallSiteText.abbreviated(event.range), "", t)
        }
        defer {
            interpreter.callObserver = previous
            for (m, id) in hooks { m.removeForwardObserver(id) }
        }
        let head = "\(text) — \(net.typeName), traced in eval mode without gradients"
        interpreter.write(head + "\n")
        do {
            let out = try GradMode.with(false) { try evaluateMagicExpression(text, magic: "trace", at: stmt) }
            printer.finish()
            if case .tensor(let t) = out {
                interpreter.write("output \(shapeText(t.shape)):\n" + (try interpreter.tensorRepr(t)) + "\n")
            }
        } catch let e as PyError where e.isKeyboardInterrupt && printer.stopped {
            _ = nn_take_interrupt()
            interpreter.write("stopped after step \(printer.count)\n")
        } catch {
            printer.finish()
            throw error
        }
    }
}

/// Prints the steps as they happen (and waits between them at the prompt).
final class TracePrinter {
    let session: Session
    let context: ViewContext
    let keys: TraceKeys?
    private(set) var count = 0
    private(set) var stopped = false
    private var running = false
    private var headerShown = false

    init(session: Session, context: ViewContext, keys: TraceKeys?) {
        self.session = session
        self.context = context
        self.keys = keys
    }

    static let columns = (number: 3, step: 28, shape: 16)

    func step(_ what: String, _ detail: String, _ t: Tensor) {
        guard !stopped else { return }
        if !headerShown {
            headerShown = true
            session.interpreter.write(pad("#", TracePrinter.columns.number, right: true) + "  " + pad("step", TracePrinter.columns.step) + pad("output", TracePrinter.columns.shape) + pad("min", 8, right: true) + pad("mean", 8, right: true) + pad("max", 8, right: true) + pad("zeros", 7, right: true) + "\n")
        }
        count += 1
        let s = Picture.stats(t.doubleValues())
        var label = what + (detail.isEmpty ? "" : " " + detail)
        if label.count > TracePrinter.columns.step - 1 { label = String(label.prefix(TracePrinter.columns.step - 2)) + "…" }
        var line = pad(String(count), TracePrinter.columns.number, right: true) + "  " + pad(label, TracePrinter.columns.step) + pad(shapeText(t.shape), TracePrinter.columns.shape)
        if t.numel > 0 {
            line += pad(num(s.min), 8, right: true) + pad(num(s.mean), 8, right: true) + pad(num(s.max), 8, right: true) + pad(percent(s.zeros), 7, right: true)
        }
        session.interpreter.write(trimTrailingSpaces(line) + "\n")
        guard let keys, !running else { return }
        while true {
            switch keys.next(prompt: context.paint.dim("      Enter: next step · s: show this output · c: run to the end · q: stop ")) {
            case .next: return
            case .show:
                let picture = Picture.of(t, title: "step \(count)", width: context.width, columnsPerPixel: context.depth >= .palette256 ? 1 : 2, scope: nil)
                session.interpreter.write(PictureText(picture: picture, context: context).render())
            case .run: running = true; return
            case .quit:
                stopped = true
                nn_request_interrupt()   // the forward stops at its next check, as with Ctrl-C
                return
            }
        }
    }

    /// The call that raised: shown once, as the step where the forward stopped.
    func failed(_ what: String) {
        guard !stopped, !failedShown else { return }
        failedShown = true
        var label = what
        if label.count > TracePrinter.columns.step - 1 { label = String(label.prefix(TracePrinter.columns.step - 2)) + "…" }
        session.interpreter.write(pad(String(count + 1), TracePrinter.columns.number, right: true) + "  " + pad(label, TracePrinter.columns.step) + "failed\n")
    }
    private var failedShown = false

    func finish() {
        if !headerShown { session.interpreter.write("(no layer or function call ran)\n") }
    }

    func num(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if abs(v) >= 1e4 || (v != 0 && abs(v) < 1e-3) { return String(format: "%.2e", v) }
        return String(format: "%.4f", v)
    }
}

/// The keys between %trace steps, read from the terminal one at a time without echo.
final class TraceKeys {
    enum Key { case next, show, run, quit }
    private let fd: Int32

    init() {
        let tty = open("/dev/tty", O_RDWR)
        fd = tty >= 0 ? tty : STDIN_FILENO
    }

    deinit { if fd > STDIN_FILENO { close(fd) } }

    func next(prompt: String) -> Key {
        fputs(prompt, stdout)
        fflush(stdout)
        defer { fputs("\r\u{1B}[K", stdout); fflush(stdout) }
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
        while true {
            var byte: UInt8 = 0
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR { if nn_take_interrupt() != 0 { return .quit }; continue }
            if n <= 0 { return .quit }
            switch byte {
            case 10, 13, UInt8(ascii: " "), UInt8(ascii: "n"): return .next
            case UInt8(ascii: "s"), UInt8(ascii: "S"): return .show
            case UInt8(ascii: "c"), UInt8(ascii: "C"): return .run
            case UInt8(ascii: "q"), UInt8(ascii: "Q"), 4, 3: return .quit
            default: continue
            }
        }
    }
}
