import Foundation

/// Where the cursor stands in a line of Python, as far as completion cares: inside a string
/// literal (complete file names) or inside a call's parentheses (offer keyword arguments).
/// Pure text scanning: nothing is evaluated.
enum CompletionContext {
    /// When the text before the cursor ends inside an unclosed string literal: what has been
    /// typed of that string so far.
    static func openString(before text: String) -> String? {
        var quote: Character? = nil
        var content = ""
        var escaped = false
        // Triple quotes are not tracked: a file name is typed in a one-line string.
        for c in text {
            if let q = quote {
                if escaped { escaped = false; content.append(c) }
                else if c == "\\" { escaped = true; content.append(c) }
                else if c == q { quote = nil }
                else { content.append(c) }
            } else if c == "#" {
                return nil // the rest is a comment
            } else if c == "'" || c == "\"" {
                quote = c
                content = ""
            }
        }
        return quote == nil ? nil : content
    }

    /// The innermost call whose `(` is still open before the cursor: the dotted callee written
    /// just before it (`nn.Conv2d`), how many arguments were already given by position, and the
    /// keyword names already given.
    static func openCall(before text: String) -> (callee: String, positionalCount: Int, givenKeywords: Set<String>)? {
        let chars = Array(text)
        var stack: [(open: Character, index: Int)] = []
        var quote: Character? = nil
        var escaped = false
        for (i, c) in chars.enumerated() {
            if let q = quote {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == q { quote = nil }
                continue
            }
            switch c {
            case "'", "\"": quote = c
            case "#": return nil
            case "(", "[", "{": stack.append((c, i))
            case ")", "]", "}": if !stack.isEmpty { stack.removeLast() }
            default: break
            }
        }
        guard quote == nil, let innermost = stack.last, innermost.open == "(" else { return nil }
        var start = innermost.index
        while start > 0, isNameCharacter(chars[start - 1]) || chars[start - 1] == "." { start -= 1 }
        let callee = String(chars[start..<innermost.index])
        guard let first = callee.first, !first.isNumber, !callee.hasPrefix("."), !callee.hasSuffix(".") else { return nil }
        // The arguments written so far; the last one is the one being typed.
        let arguments = topLevelArguments(String(chars[(innermost.index + 1)...])).dropLast()
        var keywords = Set<String>()
        var positional = 0
        for argument in arguments {
            if let name = keywordName(argument) { keywords.insert(name) }
            else if !argument.trimmingCharacters(in: .whitespaces).isEmpty { positional += 1 }
        }
        return (callee, positional, keywords)
    }

    /// A call's argument text split at the commas of its own level (strings were closed, so
    /// quotes only need skipping).
    private static func topLevelArguments(_ text: String) -> [String] {
        var parts: [String] = [], current = ""
        var depth = 0
        var quote: Character? = nil
        for c in text {
            if let q = quote { if c == q { quote = nil }; current.append(c); continue }
            if c == "'" || c == "\"" { quote = c }
            if "([{".contains(c) { depth += 1 } else if ")]}".contains(c) { depth -= 1 }
            if c == "," && depth == 0 { parts.append(current); current = ""; continue }
            current.append(c)
        }
        parts.append(current)
        return parts
    }

    /// `name` for an argument written `name=value` (not `a == b`).
    private static func keywordName(_ argument: String) -> String? {
        let chars = Array(argument)
        guard let eq = chars.firstIndex(of: "="), eq + 1 >= chars.count || chars[eq + 1] != "=" else { return nil }
        let name = String(chars[..<eq]).trimmingCharacters(in: .whitespaces)
        guard let first = name.first, !first.isNumber, name.allSatisfy(isNameCharacter) else { return nil }
        return name
    }

    static func isNameCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// File names for a partly typed path: the entries of its directory that start with what
    /// follows the last `/` (directories with a `/` after them; dot files only when asked for).
    /// Returns the typed part after the last `/` and the matches.
    static func fileCandidates(_ typed: String, cwd: String = FileManager.default.currentDirectoryPath) -> (prefix: String, names: [String]) {
        let slash = typed.lastIndex(of: "/")
        let directoryPart = slash.map { String(typed[...$0]) } ?? ""
        let prefix = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        var directory = directoryPart.isEmpty ? cwd : FileText.expand(directoryPart)
        if !directory.hasPrefix("/") { directory = cwd + "/" + directory }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return (prefix, []) }
        let names = entries.filter { $0.hasPrefix(prefix) && (!$0.hasPrefix(".") || prefix.hasPrefix(".")) }.map { name -> String in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory)
            return isDirectory.boolValue ? name + "/" : name
        }
        return (prefix, names.sorted())
    }
}
