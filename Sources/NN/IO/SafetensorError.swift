/// An error from reading or writing a safetensors file, as the `safetensors` package raises it.
/// `kind` is the Python exception class: `SafetensorError` (malformed file, write failure),
/// `FileNotFoundError`, or `OSError`.
public struct SafetensorError: Error, CustomStringConvertible {
    public enum Kind: String {
        case safetensorError = "SafetensorError"
        case fileNotFoundError = "FileNotFoundError"
        case osError = "OSError"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// A reader error: `Error while deserializing header: <detail>`.
    static func header(_ detail: String) -> SafetensorError {
        SafetensorError(.safetensorError, "Error while deserializing header: " + detail)
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
