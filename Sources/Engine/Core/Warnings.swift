/// Warnings raised by ops (Python's `warnings.warn`). The interpreter installs the handler that
/// prints them with the user's file and line; without one they are dropped.
public enum Warnings {
    nonisolated(unsafe) public static var handler: ((_ category: String, _ message: String) -> Void)?

    public static func warn(_ message: String, category: String = "UserWarning") {
        handler?(category, message)
    }
}
