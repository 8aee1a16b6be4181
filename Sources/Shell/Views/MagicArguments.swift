import Interpreter

/// A view magic's argument: a Python expression with `--flag` and `--option VALUE` words
/// around it (`%show net.conv1.weight --svg w.svg`). Options are recognised only outside
/// brackets and string literals, so `x[0, 1]` or `'a --b'` stay part of the expression.
struct MagicArguments {
    var expression = ""
    var flags: Set<String> = []
    var values: [String: String] = [:]

    /// `flags`: options without a value (`--log`); `valued`: options followed by one word.
    static func parse(_ text: String, magic: String, flags: Set<String>, valued: Set<String>) throws -> MagicArguments {
        var result = MagicArguments()
        var expression = ""
        let words = topLevelWords(text)
        var i = 0
        while i < words.count {
            let w = words[i]
            if w.text.hasPrefix("--"), w.text.count > 2, w.text.dropFirst(2).first?.isLetter == true {
                let name = String(w.text.dropFirst(2))
                if flags.contains(name) {
                    result.flags.insert(name)
                } else if valued.contains(name) {
                    guard i + 1 < words.count else { throw PyError("UsageError", "%\(magic) --\(name): give a value after it") }
                    result.values[name] = unquote(words[i + 1].text)
                    i += 1
                } else {
                    let known = (flags.map { "--" + $0 } + valued.map { "--\($0) …" }).sorted().joined(separator: ", ")
                    throw PyError("UsageError", "%\(magic): unknown option \(w.text)" + (known.isEmpty ? "" : " (the options are \(known))"))
                }
            } else {
                expression += (expression.isEmpty ? "" : w.separator) + w.text
            }
            i += 1
        }
        result.expression = expression.trimmingCharacters(in: .whitespaces)
        return result
    }

    /// Words split at top-level blanks, each with the blanks that preceded it (so the
    /// expression is rebuilt exactly as typed).
    static func topLevelWords(_ text: String) -> [(text: String, separator: String)] {
        var words: [(String, String)] = []
        var current = "", separator = ""
        var depth = 0
        var quote: Character?
        var escaped = false
        for c in text {
            if let q = quote {
                current.append(c)
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == q { quote = nil }
                continue
            }
            if (c == " " || c == "\t") && depth == 0 {
                if !current.isEmpty { words.append((current, separator)); current = ""; separator = "" }
                separator.append(c)
                continue
            }
            if c == "'" || c == "\"" { quote = c }
            if "([{".contains(c) { depth += 1 }
            if ")]}".contains(c) { depth = max(0, depth - 1) }
            current.append(c)
        }
        if !current.isEmpty { words.append((current, separator)) }
        return words
    }

    static func unquote(_ s: String) -> String {
        if s.count >= 2, let q = s.first, q == "'" || q == "\"", s.last == q { return String(s.dropFirst().dropLast()) }
        return s
    }
}
