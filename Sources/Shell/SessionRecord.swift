import Foundation
import Interpreter

/// `%history` and `%save`: what this session was given and what of it worked.
extension Session {
    /// `%history [-n N]`: the inputs so far (the last N), numbered from 1.
    func historyMagic(_ argument: String) throws {
        let words = argument.split(separator: " ").map(String.init)
        var count: Int? = nil
        switch words.count {
        case 0: break
        case 2 where words[0] == "-n":
            guard let n = Int(words[1]), n >= 0 else { throw PyError("UsageError", "%history -n N: N must be a whole number") }
            count = n
        default:
            throw PyError("UsageError", "usage: %history [-n N]")
        }
        let numbered = Array(inputLog.enumerated())
        let shown = count.map { Array(numbered.suffix($0)) } ?? numbered
        let width = max(String(inputLog.count).count, 3)
        var out = ""
        for (i, input) in shown {
            let label = String(repeating: " ", count: width - String(i + 1).count) + "\(i + 1): "
            let lines = input.split(separator: "\n", omittingEmptySubsequences: false)
            for (j, line) in lines.enumerated() {
                out += (j == 0 ? label : String(repeating: " ", count: label.count)) + line + "\n"
            }
        }
        interpreter.write(out)
    }

    /// `%save [-f] FILE`: the successful statements, magics excluded, as a lesson that
    /// `nnrepl FILE` replays. An existing file is kept unless -f is given.
    func saveMagic(_ argument: String) throws {
        var words = argument.split(separator: " ").map(String.init)
        let force = words.contains("-f")
        words.removeAll { $0 == "-f" }
        guard !words.isEmpty else { throw PyError("UsageError", "usage: %save [-f] FILE") }
        var path = words.joined(separator: " ")
        if path.count >= 2, let q = path.first, q == "'" || q == "\"", path.last == q { path = String(path.dropFirst().dropLast()) }
        if !force && FileText.exists(path) {
            throw PyError("UsageError", "\(path) exists; %save -f \(path) overwrites it")
        }
        var text = ""
        for statement in savedStatements {
            text += statement + "\n"
            // A block ends with a blank line, as it would be typed at the prompt.
            if statement.contains("\n") { text += "\n" }
        }
        try FileText.write(text, to: path)
        let n = savedStatements.count
        interpreter.write("saved \(n) statement\(n == 1 ? "" : "s") to \(path)\n")
    }
}
