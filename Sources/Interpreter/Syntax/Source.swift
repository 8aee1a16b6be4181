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

extension SourceFile {
    /// Reads a script's bytes as CPython reads a source file: a UTF-8 byte-order mark is
    /// skipped, and text that is not UTF-8 or holds a NUL byte is a SyntaxError naming the line
    /// (with the rest of the file still shown around it), never a refusal to open the file.
    public static func decoding(_ bytes: [UInt8], name: String) -> (SourceFile, SyntaxError?) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        // NULs are left out of the text shown under the error (a terminal would cut the line there).
        let lossy = SourceFile(name: name, text: String(decoding: body.filter { $0 != 0 }, as: UTF8.self))
        func lineOf(_ index: Int) -> Int { 1 + body[body.startIndex..<index].lazy.filter { $0 == 0x0A }.count }
        if let nul = body.firstIndex(of: 0) {
            let line = lineOf(nul)
            let lineStart = body[..<nul].lastIndex(of: 0x0A).map { $0 + 1 } ?? body.startIndex
            let column = String(decoding: body[lineStart..<nul], as: UTF8.self).count + 1
            return (lossy, SyntaxError.cpython(lossy, "source code cannot contain null bytes", line: line, col: column, endLine: line, endCol: 0))
        }
        if String(validating: body, as: UTF8.self) == nil {
            // The first byte that does not start or continue a valid UTF-8 sequence.
            var i = body.startIndex
            while i < body.endIndex {
                let b = body[i]
                let length = b < 0x80 ? 1 : b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0
                if length == 0 || i + length > body.endIndex || String(validating: body[i..<i + length], as: UTF8.self) == nil { break }
                i += length
            }
            let hex = String(body[min(i, body.endIndex - 1)], radix: 16)
            let line = lineOf(i)
            let message = "Non-UTF-8 code starting with '\\x\(hex.count == 1 ? "0" + hex : hex)' in file \(name) on line \(line), but no encoding declared; see https://peps.python.org/pep-0263/ for details"
            return (lossy, SyntaxError.cpython(lossy, message, line: line, col: 1, endLine: line, endCol: 0))
        }
        return (lossy, nil)
    }
}
