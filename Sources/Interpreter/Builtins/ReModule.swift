import Foundation
import NN

/// `re`: regular expressions as text preprocessing uses them (`re.sub('[^A-Za-z]+', ' ', line)`,
/// `findall`, `split`, `match` groups). The matching is ICU's (Foundation's NSRegularExpression),
/// whose syntax for these patterns is Python's; Python's spellings that ICU lacks are rewritten
/// (`(?P<name>…)`, `(?P=name)`, `\g<1>`/`\1` in replacements). Positions count characters as
/// nnrepl's strings do.
extension Interpreter {
    static let reFlags: [(String, String, Int)] = [("I", "IGNORECASE", 2), ("M", "MULTILINE", 8), ("S", "DOTALL", 16),
                                                   ("X", "VERBOSE", 64), ("A", "ASCII", 256), ("U", "UNICODE", 32)]

    func makeReModule() -> NamespaceObject {
        let ns = NamespaceObject("re")
        for (short, long, v) in Interpreter.reFlags { ns.members[short] = .int(v); ns.members[long] = .int(v) }
        ns.members["error"] = .cls(exceptionClass("error"))
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs, RegexObject) throws -> Value) {
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                let b = try Signature.of(name, sig).bind(a, self)
                return try body(b, try self.regex(b["pattern"], flags: b["flags"]))
            })
        }
        def("compile", "pattern, flags=0") { _, r in .object(r) }
        def("search", "pattern, string, flags=0") { [unowned self] b, r in try r.search(try self.reString(b["string"]), anchored: .none) }
        def("match", "pattern, string, flags=0") { [unowned self] b, r in try r.search(try self.reString(b["string"]), anchored: .start) }
        def("fullmatch", "pattern, string, flags=0") { [unowned self] b, r in try r.search(try self.reString(b["string"]), anchored: .full) }
        def("findall", "pattern, string, flags=0") { [unowned self] b, r in r.findall(try self.reString(b["string"])) }
        def("finditer", "pattern, string, flags=0") { [unowned self] b, r in r.finditer(try self.reString(b["string"])) }
        def("split", "pattern, string, maxsplit=0, flags=0") { [unowned self] b, r in
            r.split(try self.reString(b["string"]), maxsplit: try self.intValue(b["maxsplit"]))
        }
        def("sub", "pattern, repl, string, count=0, flags=0") { [unowned self] b, r in
            try r.sub(b["repl"], try self.reString(b["string"]), count: try self.intValue(b["count"]), self).0
        }
        def("subn", "pattern, repl, string, count=0, flags=0") { [unowned self] b, r in
            let (s, n) = try r.sub(b["repl"], try self.reString(b["string"]), count: try self.intValue(b["count"]), self)
            return .tuple([s, .int(n)])
        }
        ns.members["escape"] = .builtin(BuiltinFunction("escape") { [unowned self] a, _ in
            guard a.positional.count == 1 else { throw PyError(.typeError, "escape() missing 1 required positional argument: 'pattern'") }
            let s = try self.reString(a.positional[0])
            var out = ""
            for c in s {
                if c.isLetter && c.isASCII || c.isNumber && c.isASCII || c == "_" || !c.isASCII { out.append(c) } else { out += "\\" + String(c) }
            }
            return .str(out)
        })
        return ns
    }

    func reString(_ v: Value) throws -> String {
        guard case .str(let s) = v else { throw PyError(.typeError, "expected string or bytes-like object, got '\(typeName(v))'") }
        return s
    }

    func regex(_ pattern: Value, flags: Value) throws -> RegexObject {
        if case .object(let r as RegexObject) = pattern { return r }
        guard case .str(let p) = pattern else { throw PyError(.typeError, "first argument must be string or compiled pattern") }
        return try RegexObject(p, flags: try intValue(flags))
    }
}

/// A compiled pattern (`re.compile(...)`), also used by the module-level functions.
final class RegexObject: NativeObject {
    enum Anchor { case none, start, full }
    let pattern: String, flags: Int
    let regex: NSRegularExpression
    /// Group names by number, for `groupdict()` and `\g<name>`.
    let groupNames: [String: Int]

    init(_ pattern: String, flags: Int) throws {
        self.pattern = pattern
        self.flags = flags
        var options: NSRegularExpression.Options = []
        if flags & 2 != 0 { options.insert(.caseInsensitive) }
        if flags & 8 != 0 { options.insert(.anchorsMatchLines) }
        if flags & 16 != 0 { options.insert(.dotMatchesLineSeparators) }
        if flags & 64 != 0 { options.insert(.allowCommentsAndWhitespace) }
        // Python's named-group spellings in ICU's syntax.
        var icu = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
        var names: [String: Int] = [:]
        if let named = try? NSRegularExpression(pattern: "\\(\\?P=(\\w+)\\)") {
            icu = named.stringByReplacingMatches(in: icu, range: NSRange(icu.startIndex..., in: icu), withTemplate: "\\\\k<$1>")
        }
        do { regex = try NSRegularExpression(pattern: icu, options: options) } catch {
            throw PyError("error", "bad pattern \(pythonStringRepr(pattern)): not a regular expression nnrepl's engine accepts")
        }
        // Numbers of named groups: count capturing '(' before each '(?<name>'.
        if let finder = try? NSRegularExpression(pattern: "\\(\\?<([A-Za-z_]\\w*)>") {
            for m in finder.matches(in: icu, range: NSRange(icu.startIndex..., in: icu)) {
                guard let r = Range(m.range, in: icu), let nr = Range(m.range(at: 1), in: icu) else { continue }
                let before = icu[..<r.lowerBound]
                var n = 1, prev: Character = " ", i = before.startIndex
                while i < before.endIndex {
                    let c = before[i]
                    let next = before.index(after: i)
                    if c == "(" && prev != "\\" && (next == before.endIndex || before[next] != "?" ||
                        before[next...].hasPrefix("?<") && !before[next...].hasPrefix("?<=") && !before[next...].hasPrefix("?<!")) { n += 1 }
                    prev = c; i = next
                }
                names[String(icu[nr])] = n
            }
        }
        groupNames = names
    }

    override var typeName: String { "re.Pattern" }
    override func repr() -> String {
        let f = Interpreter.reFlags.filter { flags & $0.2 != 0 && $0.2 != 32 }.map { "re.\($0.1)" }
        return "re.compile(\(pythonStringRepr(pattern))\(f.isEmpty ? "" : ", " + f.joined(separator: "|")))"
    }

    func matches(_ s: String) -> [NSTextCheckingResult] {
        regex.matches(in: s, range: NSRange(s.startIndex..., in: s))
    }

    func search(_ s: String, anchored: Anchor) throws -> Value {
        let whole = NSRange(s.startIndex..., in: s)
        let options: NSRegularExpression.MatchingOptions = anchored == .none ? [] : [.anchored]
        for m in regex.matches(in: s, options: options, range: whole) {
            if anchored == .full && m.range.location + m.range.length != whole.length { continue }
            return .object(MatchObject(m, s, self))
        }
        return .none
    }

    /// Python's findall: whole matches, the one group, or tuples of groups ('' when unset).
    func findall(_ s: String) -> Value {
        let groups = regex.numberOfCaptureGroups
        return .list(PyList(matches(s).map { m in
            let texts = (0...groups).map { Value.str(MatchObject.text(m.range(at: $0), s) ?? "") }
            switch groups {
            case 0: return texts[0]
            case 1: return texts[1]
            default: return .tuple(Array(texts.dropFirst()))
            }
        }))
    }

    func finditer(_ s: String) -> Value {
        .object(IteratorObject(matches(s).map { Value.object(MatchObject($0, s, self)) }.makeIterator(), name: "callable_iterator"))
    }

    func split(_ s: String, maxsplit: Int) -> Value {
        var parts: [Value] = [], last = s.startIndex, n = 0
        for m in matches(s) {
            if maxsplit > 0 && n >= maxsplit { break }
            guard let r = Range(m.range, in: s) else { continue }
            parts.append(.str(String(s[last..<r.lowerBound])))
            for g in stride(from: 1, through: regex.numberOfCaptureGroups, by: 1) {
                parts.append(MatchObject.text(m.range(at: g), s).map { .str($0) } ?? .none)
            }
            last = r.upperBound
            n += 1
        }
        parts.append(.str(String(s[last...])))
        return .list(PyList(parts))
    }

    func sub(_ repl: Value, _ s: String, count: Int, _ interp: Interpreter) throws -> (Value, Int) {
        var out = "", last = s.startIndex, n = 0
        for m in matches(s) {
            if count > 0 && n >= count { break }
            guard let r = Range(m.range, in: s) else { continue }
            out += s[last..<r.lowerBound]
            switch repl {
            case .str(let template): out += try expand(template, m, s)
            default:
                let v = try interp.call(repl, Arguments([.object(MatchObject(m, s, self))]))
                guard case .str(let t) = v else { throw PyError(.typeError, "expected str instance, \(interp.typeName(v)) found") }
                out += t
            }
            last = r.upperBound
            n += 1
        }
        out += s[last...]
        return (.str(out), n)
    }

    /// A replacement template: `\1`, `\g<1>`, `\g<name>`, `\n`, `\t`, `\\`.
    func expand(_ template: String, _ m: NSTextCheckingResult, _ s: String) throws -> String {
        var out = ""
        let chars = Array(template)
        var i = 0
        func group(_ n: Int) throws -> String {
            guard n <= regex.numberOfCaptureGroups else { throw PyError("error", "invalid group reference \(n) at position \(i)") }
            return MatchObject.text(m.range(at: n), s) ?? ""
        }
        while i < chars.count {
            let c = chars[i]
            guard c == "\\", i + 1 < chars.count else { out.append(c); i += 1; continue }
            let d = chars[i + 1]
            if let v = d.wholeNumberValue {
                var num = v, j = i + 2
                if j < chars.count, let v2 = chars[j].wholeNumberValue { num = num * 10 + v2; j += 1 }
                out += try group(num); i = j; continue
            }
            if d == "g", i + 2 < chars.count, chars[i + 2] == "<", let close = chars[(i + 3)...].firstIndex(of: ">") {
                let name = String(chars[(i + 3)..<close])
                if let n = Int(name) { out += try group(n) } else if let n = groupNames[name] { out += try group(n) } else {
                    throw PyError(.indexError, "unknown group name '\(name)'")
                }
                i = close + 1; continue
            }
            switch d {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "\\": out.append("\\")
            default: out += "\\" + String(d)
            }
            i += 2
        }
        return out
    }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        func method(_ sig: String, _ body: @escaping (BoundArgs) throws -> Value) -> Value {
            .builtin(BuiltinFunction(name) { a, i in try body(try Signature.of(name, sig).bind(a, i)) })
        }
        switch name {
        case "pattern": return .str(pattern)
        case "flags": return .int(flags | 32)
        case "groups": return .int(regex.numberOfCaptureGroups)
        case "search": return method("string") { b in try self.search(try interp.reString(b["string"]), anchored: .none) }
        case "match": return method("string") { b in try self.search(try interp.reString(b["string"]), anchored: .start) }
        case "fullmatch": return method("string") { b in try self.search(try interp.reString(b["string"]), anchored: .full) }
        case "findall": return method("string") { b in self.findall(try interp.reString(b["string"])) }
        case "finditer": return method("string") { b in self.finditer(try interp.reString(b["string"])) }
        case "split": return method("string, maxsplit=0") { b in
            self.split(try interp.reString(b["string"]), maxsplit: try interp.intValue(b["maxsplit"])) }
        case "sub": return method("repl, string, count=0") { b in
            try self.sub(b["repl"], try interp.reString(b["string"]), count: try interp.intValue(b["count"]), interp).0 }
        case "subn": return method("repl, string, count=0") { b in
            let (s, n) = try self.sub(b["repl"], try interp.reString(b["string"]), count: try interp.intValue(b["count"]), interp)
            return .tuple([s, .int(n)]) }
        default: return nil
        }
    }
}

/// A match (`re.Match`): groups, spans, `groupdict()`.
final class MatchObject: NativeObject {
    let result: NSTextCheckingResult, string: String, pattern: RegexObject
    init(_ result: NSTextCheckingResult, _ string: String, _ pattern: RegexObject) {
        self.result = result; self.string = string; self.pattern = pattern
    }

    static func text(_ r: NSRange, _ s: String) -> String? {
        guard r.location != NSNotFound, let range = Range(r, in: s) else { return nil }
        return String(s[range])
    }

    /// (start, end) in characters, or (-1, -1) for a group that did not take part.
    func span(_ g: Int) -> (Int, Int) {
        let r = result.range(at: g)
        guard r.location != NSNotFound, let range = Range(r, in: string) else { return (-1, -1) }
        let start = string.distance(from: string.startIndex, to: range.lowerBound)
        return (start, start + string.distance(from: range.lowerBound, to: range.upperBound))
    }

    func groupIndex(_ v: Value) throws -> Int {
        switch v {
        case .int(let n) where n >= 0 && n <= result.numberOfRanges - 1: return n
        case .str(let name): if let n = pattern.groupNames[name] { return n }
        default: break
        }
        throw PyError(.indexError, "no such group")
    }

    func group(_ g: Int) -> Value { MatchObject.text(result.range(at: g), string).map { .str($0) } ?? .none }

    override var typeName: String { "re.Match" }
    override func repr() -> String {
        let (a, b) = span(0)
        return "<re.Match object; span=(\(a), \(b)), match=\(pythonStringRepr(MatchObject.text(result.range, string) ?? ""))>"
    }
    override func truthy() -> Bool? { true }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value { group(try groupIndex(key)) }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        func fn(_ body: @escaping (Arguments) throws -> Value) -> Value { .builtin(BuiltinFunction(name) { a, _ in try body(a) }) }
        switch name {
        case "string": return .str(string)
        case "re": return .object(pattern)
        case "lastindex":
            let set = (1..<max(result.numberOfRanges, 1)).filter { result.range(at: $0).location != NSNotFound }
            return set.last.map { .int($0) } ?? .none
        case "group":
            return fn { a in
                if a.positional.isEmpty { return self.group(0) }
                if a.positional.count == 1 { return self.group(try self.groupIndex(a.positional[0])) }
                return .tuple(try a.positional.map { self.group(try self.groupIndex($0)) })
            }
        case "groups":
            return fn { a in
                let d = a.positional.first ?? a.keywords.first { $0.0 == "default" }?.1 ?? .none
                return .tuple((1..<max(self.result.numberOfRanges, 1)).map { g in
                    let v = self.group(g); return v.isNone ? d : v
                })
            }
        case "groupdict":
            return fn { _ in
                let dict = PyDict()
                for (k, n) in self.pattern.groupNames.sorted(by: { $0.value < $1.value }) { try dict.set(.str(k), self.group(n)) }
                return .dict(dict)
            }
        case "start", "end", "span":
            return fn { a in
                let (s, e) = self.span(try self.groupIndex(a.positional.first ?? .int(0)))
                return name == "start" ? .int(s) : name == "end" ? .int(e) : .tuple([.int(s), .int(e)])
            }
        default: return nil
        }
    }
}
