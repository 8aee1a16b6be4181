/// A piece of source text with a name for messages (`a.nnrepl`, `<stdin>`, `<string>`).
public final class SourceFile {
    public let name: String
    public let text: String
    /// The text split at "\n" (a trailing "\r" removed), for showing a line under an error.
    public let lines: [String]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
    }

    /// The text of 1-based line `line`, or nil when out of range.
    public func line(_ line: Int) -> String? {
        line >= 1 && line <= lines.count ? lines[line - 1] : nil
    }
}

/// A position in a source file: 1-based line, 1-based column counted in characters (Unicode scalars).
public struct SourceLocation: Equatable, CustomStringConvertible {
    public let file: SourceFile?
    public let line: Int
    public let column: Int

    public init(file: SourceFile?, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func == (a: SourceLocation, b: SourceLocation) -> Bool {
        a.file === b.file && a.line == b.line && a.column == b.column
    }

    public var description: String { "\(file?.name ?? "?"):\(line):\(column)" }
}

/// The extent of a syntax node: from `start` up to (not including) `end`.
public struct SourceRange: Equatable {
    public let start: SourceLocation
    public let end: SourceLocation
    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }
}
