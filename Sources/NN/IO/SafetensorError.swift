/// An error from reading or writing a safetensors file, as the `safetensors` package raises it.
/// `kind` is the Python exception class: `SafetensorError` (malformed file, write failure),
/// `FileNotFoundError`, or `OSError`.
public struct SafetensorError: Error, CustomStringConvertible {
    /// The Python exception class to raise.
    public enum Kind: String {
        case safetensorError = "SafetensorError"
        case fileNotFoundError = "FileNotFoundError"
        case osError = "OSError"
    }

    /// Which Python exception.
    public let kind: Kind
    /// `str(exception)`.
    public let message: String

    /// An error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// A reader error: `Error while deserializing header: <detail>`.
    static func header(_ detail: String) -> SafetensorError {
        SafetensorError(.safetensorError, "Error while deserializing header: " + detail)
    }

    /// `SafetensorError: message`, as the final traceback line shows it.
    public var description: String { "\(kind.rawValue): \(message)" }
}
