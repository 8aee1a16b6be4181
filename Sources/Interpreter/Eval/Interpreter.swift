import Engine
import NN
import Foundation

/// Runs Python-subset programs: owns the global scope, the module registry and the display mode.
public final class Interpreter {
    /// Shell mode displays the value of every expression statement (outside functions) that is
    /// not None, as Python's interactive prompt does; script mode displays nothing.
    public enum DisplayMode { case shell, script }

    public var displayMode: DisplayMode
    public let builtins = Scope(parent: nil)
    public private(set) var globals: Scope
    /// Where `print` and displayed values go.
    public var write: (String) -> Void = { s in FileHandle.standardOutput.write(s.data(using: .utf8)!) }
    /// The shell's help texts (`Sources/Help`): consulted first by `help(obj)` and `obj?`;
    /// nil or a nil answer falls back to the signature-only help below.
    public var helpTextProvider: ((Value) -> String?)?
    /// Where `help(obj)` and `obj?` text goes (the shell pages it); nil: through `write`.
    public var showHelp: ((String) -> Void)?
    /// Where warnings go (already formatted: `file:line: UserWarning: message`).
    public var writeWarning: (String) -> Void = { s in FileHandle.standardError.write(s.data(using: .utf8)!) }
    /// Modules importable by name (`torch`, `torch.nn`, `math`, …), created lazily.
    var moduleCache: [String: Value] = [:]
    /// The statement being executed (for warnings' line numbers).
    var currentStatement: Stmt?
    var callDepth = 0
    /// Containers whose repr is being built: a container met again inside itself prints as
    /// `[...]` / `{...}` / `(...)`, as Python's reprlib guard does.
    var reprInProgress = Set<ObjectIdentifier>()
    public var recursionLimit = 1000
    /// Container levels being walked by repr/==, counted against `recursionLimit` (`nested`).
    var nestingDepth = 0
    /// Evaluator steps until the next look at the resident size (`pollMemory`).
    var memoryPollCountdown = 1024
    /// Warnings already shown, keyed by (category, message, file, line), shown once as Python does.
    var shownWarnings = Set<String>()
    /// Messages of once-per-process warnings already shown.
    var warnedOnce = Set<String>()
    /// The `warnings` module's filters and `catch_warnings` records.
    var warningState = WarningState()
    /// The functions being run, innermost last (for global/nonlocal and super()).
    var currentFunctions: [PyFunction] = []
    /// Exceptions being handled (`raise` with no argument re-raises the innermost).
    var activeExceptions: [PyError] = []
    /// An error raised while a lazy iterator produced its next item, reported after the loop.
    var iterationError: PyError?
    /// Local scopes of the running functions, innermost last (zero-argument super()).
    var frameScopes: [Scope] = []
    /// Generators running, innermost last: a `yield` suspends the last (Generators.swift).
    var generatorStack: [Coroutine] = []
    /// Generators dropped while suspended, closed at the next statement boundary.
    var pendingGeneratorCloses: [Coroutine] = []
    /// Started, unfinished generators: each holds a thread (and, through it, this interpreter).
    var suspendedGenerators: [ObjectIdentifier: Coroutine] = [:]
    /// `sys.argv[0]`: the script's name as given, `-c`, or '' for standard input.
    public var scriptName = ""
    /// Directories made by `tempfile` (normalised absolute paths): the only places where `os`
    /// may remove or make files and folders.
    var scratchDirectories: [String] = []
    /// `torch.set_default_device`: where factories put new tensors (only the CPU works).
    var defaultDevice = DeviceObject.cpu
    /// `torch.utils.data.Dataset` and kin, created once per interpreter.
    var dataClasses: [String: PyClass] = [:]
    /// Type objects of native classes by qualified name (`type(a) is type(b)`).
    var nativeTypes: [String: BuiltinType] = [:]
    /// How each built-in layer was constructed, for `copy.deepcopy` (weakly held modules).
    var layerRecipes: [ObjectIdentifier: LayerRecipe] = [:]
    /// The object `torch.manual_seed` returns (always the same, as in PyTorch).
    lazy var globalGeneratorObject = GeneratorObject(Generator.global)
    /// Told about every call written in the source (`f(x)`, `self.conv1(x)`, `x.view(-1, n)`)
    /// once it returns or fails; nil (the usual case) costs one check per call. The shell's
    /// `%summary NET SHAPE` uses it to trace a forward pass without special-casing any layer.
    public var callObserver: ((CallEvent) -> Void)?
    /// Told the range of each expression statement whose value the shell displayed (the
    /// shell's `%export` turns exactly those into `print(repr(...))`).
    public var displayObserver: ((SourceRange) -> Void)?
    /// How many `def` functions are running (0 at module level): a call made directly in a
    /// function's body reports `depth == frameDepth + 1` of the code that called the function.
    public var frameDepth: Int { callDepth }

    public init(mode: DisplayMode) {
        displayMode = mode
        HookIDs.reset()
        globals = Scope(parent: builtins)
        installBuiltins()
        installEvalExec()
        globals.vars["__name__"] = .str("__main__")
        Warnings.handler = { [weak self] category, message in self?.warn(category: category, message: message) }
    }

    /// Forgets every user variable (`%reset`).
    public func reset() {
        globals = Scope(parent: builtins)
        globals.vars["__name__"] = .str("__main__")
    }

    /// The classes standing for built-in layers used as bases (LayerSubclasses.swift).
    var layerBaseClasses: [ObjectIdentifier: PyClass] = [:]

    /// The script the session runs (absolute), as `__main__.__file__`; nil at the prompt.
    public var mainScriptPath: String?

    /// Parses and runs `source`; throws the first uncaught error (with its location).
    public func run(_ source: SourceFile, allowMagics: Bool = false) throws {
        if mainScriptPath == nil, !source.name.hasPrefix("<") {
            mainScriptPath = source.name.hasPrefix("/") ? source.name : FileManager.default.currentDirectoryPath + "/" + source.name
        }
        let statements: [Stmt]
        do {
            statements = try Parser.parse(source, allowMagics: allowMagics)
        } catch let e as SyntaxError {
            throw PyError(e)
        }
        try execute(statements)
    }

    /// Runs already-parsed statements at module level.
    public func execute(_ statements: [Stmt]) throws {
        for s in statements {
            try checkInterruptPy()
            let flow = try exec(s, globals, inFunction: false)
            if case .normal = flow { continue }
            // break/continue/return outside their construct are syntax errors in Python.
            throw PyError("SyntaxError", flowOutsideMessage(flow), location: s.range)
        }
    }

    func flowOutsideMessage(_ flow: Flow) -> String {
        switch flow {
        case .breakLoop: return "'break' outside loop"
        case .continueLoop: return "'continue' not properly in loop"
        case .returnValue: return "'return' outside function"
        case .normal: return ""
        }
    }

    /// Evaluates one expression in the global scope (completion, %watch) — no display.
    public func evaluate(_ source: String, name: String = "<watch>") throws -> Value {
        let file = SourceFile(name: name, text: source)
        let stmts = try Parser.parse(file)
        guard stmts.count == 1, case .expr(let e) = stmts[0].kind else {
            throw PyError("SyntaxError", "expected an expression")
        }
        return try eval(e, globals)
    }

    /// Looks a name up in globals then builtins.
    public func lookupGlobal(_ name: String) -> Value? { globals.lookup(name) }

    /// The names visible at the prompt (completion, %who).
    public var globalNames: [String] { Array(globals.vars.keys) }
    public var builtinNames: [String] { Array(builtins.vars.keys) }

    func checkInterruptPy() throws {
        do { try checkInterrupt() } catch let e as TorchError { throw PyError(e) }
        try pollMemory()
    }

    /// For a loop over items: counts one and checks for Ctrl-C every 4096 items.
    func pollInterrupt(every count: inout Int) throws {
        count &+= 1
        if count & 0xFFF == 0 { try checkInterruptPy() }
    }

    /// A warning PyTorch raises with TORCH_WARN_ONCE: shown the first time only, wherever it is.
    func warnOnce(category: String, message: String) {
        guard warnedOnce.insert(message).inserted else { return }
        warn(category: category, message: message)
    }

    /// Shows a warning as the `warnings` filters say (`WarningsModule.swift`); by default once
    /// per (category, message, line), as Python's default filter does. A warning under an
    /// "error" filter raised by nnrepl itself (not by `warnings.warn`) is shown, not raised.
    func warn(category: String, message: String) {
        let loc = currentStatement?.range.start
        let file = loc?.file?.name ?? "<stdin>"
        let line = loc?.line ?? 1
        let action = warningAction(category, message)
        switch action {
        case "ignore": return
        case "always", "error": break
        case "once": guard shownWarnings.insert("once|\(category)|\(message)").inserted else { return }
        default: guard shownWarnings.insert("\(category)|\(message)|\(file)|\(line)").inserted else { return }
        }
        if let list = warningState.records.last ?? nil {
            recordWarning(list, category: category, message: message, file: file, line: line)
            return
        }
        writeWarning("\(file):\(line): \(category): \(message)\n")
    }
}

/// What a statement did to the enclosing control flow.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returnValue(Value)
}

/// One finished call, as `Interpreter.callObserver` sees it.
public struct CallEvent {
    /// The call expression in the source (`self.conv1(x)`), from its callee to its `)`.
    public let range: SourceRange
    /// What was called: a module, a function, a builtin (tensor methods are bound builtins).
    public let callee: Value
    public let arguments: Arguments
    /// `frameDepth` where the call was made (0: module level, 1: in a function called from there).
    public let depth: Int
    /// The returned value, or nil when the call raised `error`.
    public let result: Value?
    public let error: Error?
}
