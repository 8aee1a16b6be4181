import Engine

/// A Python exception in flight: its type name, message, where it was raised, and the user's
/// call frames it passed through (outermost first), for the traceback.
public struct PyError: Error {
    public var typeName: String
    public var message: String
    /// The innermost user location (set by the first expression that sees the error).
    public var location: SourceRange?
    /// Outer frames, outermost first: (call site, name of the function that frame was running).
    public var outerFrames: [(SourceRange, String)] = []
    /// The exception object, for `except E as e` and user-defined exception classes.
    public var exceptionValue: Value?
    /// Suffix CPython's traceback adds (". Did you mean: 'net'?"), not part of str(e).
    public var suggestion: String?

    public init(_ typeName: String, _ message: String, location: SourceRange? = nil) {
        self.typeName = typeName
        self.message = message
        self.location = location
    }

    public init(_ kind: ErrorKind, _ message: String, location: SourceRange? = nil) {
        self.init(kind.rawValue, message, location: location)
    }

    /// Converts an Engine/NN error, keeping its Python kind and message.
    public init(_ e: TorchError) { self.init(e.kind.rawValue, e.message) }

    /// A parse error as raised: CPython's compile-time RecursionError (an expression nested
    /// too deep) names no line, unlike a SyntaxError.
    public init(_ e: SyntaxError) {
        self.init(e.kind, e.message, location: e.kind == "RecursionError" ? nil : e.range)
    }

    public var isKeyboardInterrupt: Bool { typeName == "KeyboardInterrupt" }
}

/// Python's built-in exception hierarchy (the part learners meet), for `except` matching.
public enum ExceptionHierarchy {
    static let parents: [String: String] = [
        "Exception": "BaseException", "KeyboardInterrupt": "BaseException", "SystemExit": "BaseException", "GeneratorExit": "BaseException", "_LinAlgError": "RuntimeError",
        "ArithmeticError": "Exception", "ZeroDivisionError": "ArithmeticError", "OverflowError": "ArithmeticError", "FloatingPointError": "ArithmeticError",
        "LookupError": "Exception", "IndexError": "LookupError", "KeyError": "LookupError",
        "TypeError": "Exception", "ValueError": "Exception", "NameError": "Exception", "UnboundLocalError": "NameError",
        "AttributeError": "Exception", "RuntimeError": "Exception", "NotImplementedError": "RuntimeError",
        "RecursionError": "RuntimeError", "GradcheckError": "RuntimeError", "AssertionError": "Exception", "StopIteration": "Exception",
        "ImportError": "Exception", "ModuleNotFoundError": "ImportError", "MemoryError": "Exception",
        "SyntaxError": "Exception", "IndentationError": "SyntaxError", "TabError": "IndentationError",
        "OSError": "Exception", "FileNotFoundError": "OSError", "IOError": "OSError", "PermissionError": "OSError",
        "UnicodeError": "ValueError", "UserWarning": "Warning", "Warning": "Exception",
        "EOFError": "Exception", "IsADirectoryError": "OSError", "FileExistsError": "OSError", "NotADirectoryError": "OSError",
        // pickle's errors (torch.save / torch.load) and scikit-learn's parameter error (also a TypeError there).
        "PickleError": "Exception", "PicklingError": "PickleError", "UnpicklingError": "PickleError",
        "InvalidParameterError": "ValueError",
        "RuntimeWarning": "Warning", "DeprecationWarning": "Warning", "FutureWarning": "Warning",
        "PendingDeprecationWarning": "Warning", "SyntaxWarning": "Warning", "ImportWarning": "Warning",
        "ResourceWarning": "Warning", "BytesWarning": "Warning", "UnicodeWarning": "Warning",
        // numpy's own: AxisError is also an IndexError in numpy, UFuncTypeError a TypeError.
        "AxisError": "ValueError", "UFuncTypeError": "TypeError", "_UFuncOutputCastingError": "UFuncTypeError",
    ]

    /// True when an exception of type `name` is caught by `except base`.
    public static func isSubclass(_ name: String, of base: String, userParents: (String) -> String? = { _ in nil }) -> Bool {
        var current: String? = name
        var steps = 0
        while let c = current, steps < 64 {
            if c == base { return true }
            current = userParents(c) ?? parents[c]
            steps += 1
        }
        return false
    }

    public static func isBuiltin(_ name: String) -> Bool { parents[name] != nil || name == "BaseException" }
}
