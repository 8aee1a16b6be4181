/// An error from `torch.save` / `torch.load`, as the Python exception PyTorch (or Python's
/// pickle and file functions) raises: `kind` is the exception class name.
public struct TorchSerializationError: Error, CustomStringConvertible {
    public enum Kind: String {
        case unpicklingError = "UnpicklingError"
        case picklingError = "PicklingError"
        case runtimeError = "RuntimeError"
        case eofError = "EOFError"
        case valueError = "ValueError"
        case overflowError = "OverflowError"
        case fileNotFoundError = "FileNotFoundError"
        case isADirectoryError = "IsADirectoryError"
        case permissionError = "PermissionError"
        case osError = "OSError"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
