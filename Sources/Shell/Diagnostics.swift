import Interpreter

/// Renders an uncaught error as nnrepl shows it on stderr:
///
///     Traceback (most recent call last):          (only when raised inside user functions)
///       File "a.nnrepl", line 30, in <module>
///         out = net(input)
///     a.nnrepl:21:16: RuntimeError: message
///         x = F.relu(self.fc1(x))
///                    ^^^^^^^^^^^
public enum Diagnostics {
    public static func render(_ e: PyError, defaultFile: String, color: Bool = false) -> String {
        var out = ""
        if !e.outerFrames.isEmpty {
            out += "Traceback (most recent call last):\n"
            // CPython's rule: after three identical frames in a row, only count the rest.
            var last: (String, Int, String)? = nil
            var repeats = 0
            func flush() {
                if repeats > 3 {
                    let n = repeats - 3
                    out += "  [Previous line repeated \(n) more time\(n > 1 ? "s" : "")]\n"
                }
            }
            for (range, name) in e.outerFrames {
                let file = range.start.file?.name ?? defaultFile
                let key = (file, range.start.line, name)
                if let l = last, l == key {
                    repeats += 1
                    if repeats > 3 { continue }
                } else {
                    flush()
                    last = key
                    repeats = 1
                }
                out += "  File \"\(file)\", line \(range.start.line), in \(name)\n"
                if let line = range.start.file?.line(range.start.line) {
                    out += "    " + line.trimmingLeadingWhitespace() + "\n"
                }
            }
            flush()
        }
        var message = e.message
        if let s = e.suggestion { message += ". " + s }
        let head = message.isEmpty ? e.typeName : "\(e.typeName): \(message)"
        let paint = { (s: String) in color ? "\u{1B}[1;31m" + s + "\u{1B}[0m" : s }
        guard let range = e.location else {
            return out + paint("\(defaultFile): \(head)") + "\n"
        }
        let file = range.start.file?.name ?? defaultFile
        out += paint("\(file):\(range.start.line):\(range.start.column): \(head)") + "\n"
        if let line = range.start.file?.line(range.start.line) {
            let stripped = line.trimmingLeadingWhitespace()
            let removed = line.count - stripped.count
            out += "    " + stripped + "\n"
            let startCol = max(range.start.column - 1 - removed, 0)
            var length: Int
            if range.end.line == range.start.line && range.end.file === range.start.file {
                length = range.end.column - range.start.column
            } else {
                length = line.count - (range.start.column - 1)
            }
            length = max(1, min(length, max(stripped.count - startCol, 1)))
            out += "    " + String(repeating: " ", count: startCol) + String(repeating: "^", count: length) + "\n"
        }
        return out
    }
}

extension String {
    func trimmingLeadingWhitespace() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }))
    }
}
