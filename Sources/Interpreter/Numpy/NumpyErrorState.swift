import Engine

// numpy's floating-point error handling: `np.seterr`, `np.geterr` and the `np.errstate(...)` /
// `np.printoptions(...)` context managers. Each kind (divide, over, under, invalid) is ignored,
// warned about (the default; underflow is ignored) or raised as FloatingPointError.

enum NumpyErrorMode: String { case ignore, warn, raise, call, print, log }

struct NumpyErrorState {
    var divide = NumpyErrorMode.warn
    var over = NumpyErrorMode.warn
    var under = NumpyErrorMode.ignore
    var invalid = NumpyErrorMode.warn

    nonisolated(unsafe) static var current = NumpyErrorState()

    func mode(_ kind: String) -> NumpyErrorMode {
        switch kind {
        case "divide": return divide
        case "over": return over
        case "under": return under
        default: return invalid
        }
    }

    var dict: [(String, NumpyErrorMode)] { [("divide", divide), ("over", over), ("under", under), ("invalid", invalid)] }
}

/// Reports one floating-point error kind ("divide", "over", "invalid") with numpy's message, as the
/// current error state says.
func numpyFloatingPointError(_ kind: String, _ message: String) throws {
    switch NumpyErrorState.current.mode(kind) {
    case .ignore: return
    case .raise: throw PyError("FloatingPointError", message)
    default: numpyWarn(message)
    }
}

extension Interpreter {
    /// Applies `seterr`-style keyword arguments; returns the previous state.
    func numpyApplyErrorSettings(_ a: Arguments) throws -> NumpyErrorState {
        let old = NumpyErrorState.current
        var s = old
        for (k, v) in a.keywords {
            guard case .str(let text) = v, let mode = NumpyErrorMode(rawValue: text) else {
                if v.isNone { continue }
                throw PyError(.valueError, "invalid error mode \(try repr(v)); choose from 'ignore', 'warn', 'raise', 'call', 'print', 'log'")
            }
            switch k {
            case "all": s.divide = mode; s.over = mode; s.under = mode; s.invalid = mode
            case "divide": s.divide = mode
            case "over": s.over = mode
            case "under": s.under = mode
            case "invalid": s.invalid = mode
            default: throw PyError(.typeError, "seterr() got an unexpected keyword argument '\(k)'")
            }
        }
        NumpyErrorState.current = s
        return old
    }
}

func numpyErrorDict(_ s: NumpyErrorState) -> Value {
    .dict(try! PyDict(s.dict.map { (.str($0.0), .str($0.1.rawValue)) }))
}

/// `with np.errstate(divide='ignore'):` — sets the error state for the block.
final class NumpyErrstateObject: NativeObject, ContextManager {
    let arguments: Arguments
    private var saved: NumpyErrorState?
    init(_ a: Arguments) { arguments = a }
    override var typeName: String { "numpy.errstate" }
    func enter(_ interp: Interpreter) throws -> Value {
        saved = try interp.numpyApplyErrorSettings(arguments)
        return .none
    }
    func exit(_ interp: Interpreter) { if let s = saved { NumpyErrorState.current = s } }
}

/// `with np.printoptions(precision=3):` — print options for the block.
final class NumpyPrintOptionsObject: NativeObject, ContextManager {
    let apply: (Interpreter) throws -> Void
    private var saved: NumpyPrintOptions?
    init(_ apply: @escaping (Interpreter) throws -> Void) { self.apply = apply }
    override var typeName: String { "contextlib._GeneratorContextManager" }
    func enter(_ interp: Interpreter) throws -> Value {
        saved = NumpyPrintOptions.current
        try apply(interp)
        return .none
    }
    func exit(_ interp: Interpreter) { if let s = saved { NumpyPrintOptions.current = s } }
}
