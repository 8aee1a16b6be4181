/// The Python exception kinds Engine and NN raise, spelled as Python spells them.
public enum ErrorKind: String {
    case runtimeError = "RuntimeError"
    case valueError = "ValueError"
    case typeError = "TypeError"
    case indexError = "IndexError"
    case keyError = "KeyError"
    case notImplementedError = "NotImplementedError"
    case keyboardInterrupt = "KeyboardInterrupt"
    case memoryError = "MemoryError"
    case overflowError = "OverflowError"
    case zeroDivisionError = "ZeroDivisionError"
    case attributeError = "AttributeError"
    case assertionError = "AssertionError"
    /// torch.linalg.LinAlgError (a RuntimeError): a singular matrix in linalg.inv.
    case linAlgError = "_LinAlgError"
}

/// An error raised by the engine or the layers: a Python exception kind and PyTorch's message.
/// It carries no source location; the interpreter adds that where it catches it.
public struct TorchError: Error, CustomStringConvertible {
    public let kind: ErrorKind
    public let message: String

    public init(_ kind: ErrorKind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static func runtime(_ message: String) -> TorchError { TorchError(.runtimeError, message) }
    public static func value(_ message: String) -> TorchError { TorchError(.valueError, message) }
    public static func type(_ message: String) -> TorchError { TorchError(.typeError, message) }
    public static func index(_ message: String) -> TorchError { TorchError(.indexError, message) }
    public static func notImplemented(_ message: String) -> TorchError { TorchError(.notImplementedError, message) }

    /// `"op" not implemented for 'Bool'`: PyTorch's message when a kernel has no variant for a dtype.
    public static func notImplemented(_ op: String, _ dtype: DType) -> TorchError {
        TorchError(.notImplementedError, "\"\(op)\" not implemented for '\(dtype.scalarName)'")
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// `Dimension out of range (expected to be in range of [-2, 1], but got 2)` — PyTorch's wrapping of
/// negative dimensions, shared by every op that takes `dim`.
public func normalizeDim(_ dim: Int, _ ndim: Int) throws -> Int {
    let n = max(ndim, 1)   // a 0-d tensor accepts dim 0 and -1
    guard dim >= -n && dim < n else {
        throw TorchError.index("Dimension out of range (expected to be in range of [\(-n), \(n - 1)], but got \(dim))")
    }
    return dim < 0 ? dim + n : dim
}
