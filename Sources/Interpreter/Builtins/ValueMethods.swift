import Engine
import NN
import Foundation

/// Methods of str, list, tuple, dict, set, int and float.
extension Interpreter {
    /// The container protocol's dunders of built-in values and tensors (`hasattr(x, '__len__')`
    /// is how code tells a sequence from a single item).
    func containerDunder(_ obj: Value, _ name: String) -> Value? {
        func m(_ body: @escaping (Arguments) throws -> Value) -> Value {
            .builtin(BuiltinFunction(name) { a, _ in try body(a) })
        }
        func arg(_ a: Arguments, _ i: Int) throws -> Value {
            guard i < a.positional.count else { throw PyError(.typeError, "expected 1 argument, got 0") }
            return a.positional[i]
        }
        switch (obj, name) {
        case (.str, "__len__"), (.list, "__len__"), (.tuple, "__len__"), (.dict, "__len__"), (.set, "__len__"), (.tensor, "__len__"):
            return m { _ in .int(try self.length(obj)) }
        case (.str, "__getitem__"), (.list, "__getitem__"), (.tuple, "__getitem__"), (.dict, "__getitem__"), (.tensor, "__getitem__"):
            return m { a in try self.getItem(obj, try arg(a, 0)) }
        case (.str, "__contains__"), (.list, "__contains__"), (.tuple, "__contains__"), (.dict, "__contains__"), (.set, "__contains__"), (.tensor, "__contains__"):
            return m { a in .bool(try self.contains(obj, try arg(a, 0))) }
        case (.list, "__setitem__"), (.dict, "__setitem__"), (.tensor, "__setitem__"):
            return m { a in
                guard a.positional.count == 2 else { throw PyError(.typeError, "expected 2 arguments, got \(a.positional.count)") }
                try self.setItem(obj, a.positional[0], a.positional[1])
                return .none
            }
        case (.list, "__delitem__"), (.dict, "__delitem__"):
            return m { a in try self.deleteItem(obj, try arg(a, 0), range: nil); return .none }
        case (.str, "__iter__"), (.list, "__iter__"), (.tuple, "__iter__"), (.dict, "__iter__"), (.set, "__iter__"), (.tensor, "__iter__"):
            return m { _ in .object(IteratorObject(try self.iterate(obj, range: nil), name: "iterator")) }
        default: return nil
        }
    }

    func valueMethod(_ obj: Value, _ name: String) throws -> Value? {
        func m(_ body: @escaping (Arguments) throws -> Value) -> Value {
            .builtin(BuiltinFunction(name) { a, _ in try body(a) })
        }
        func arg(_ a: Arguments, _ i: Int, _ dflt: Value? = nil) throws -> Value {
            if i < a.positional.count { return a.positional[i] }
            if let dflt { return dflt }
            throw PyError(.typeError, "\(name)() missing required argument (pos \(i + 1))")
        }
        if let v = containerDunder(obj, name) { return v }
        switch obj {
        case .str(let s): return try stringMethod(s, name, m, arg)
        case .list(let l):
            switch name {
            case "append": return m { a in l.items.append(try arg(a, 0)); return .none }
            case "extend": return m { a in l.items += (try self.collect(try arg(a, 0), range: nil)); return .none }
            case "insert": return m { a in
                var i = try self.intValue(try arg(a, 0))
                if i < 0 { i = max(0, i + l.items.count) }
                l.items.insert(try arg(a, 1), at: min(i, l.items.count)); return .none
            }
            case "pop": return m { a in
                guard !l.items.isEmpty else { throw PyError(.indexError, "pop from empty list") }
                let i = a.positional.isEmpty ? l.items.count - 1 : try self.sequenceIndex(a.positional[0], l.items.count, "pop")
                return l.items.remove(at: i)
            }
            case "remove": return m { a in
                let v = try arg(a, 0)
                guard let i = try l.items.firstIndex(where: { try self.equals($0, v) }) else { throw PyError(.valueError, "list.remove(x): x not in list") }
                l.items.remove(at: i); return .none
            }
            case "index": return m { a in
                let v = try arg(a, 0)
                guard let i = try l.items.firstIndex(where: { try self.equals($0, v) }) else { throw PyError(.valueError, "\(try self.repr(v)) is not in list") }
                return .int(i)
            }
            case "count": return m { a in let v = try arg(a, 0); return .int(try l.items.filter { try self.equals($0, v) }.count) }
            case "sort": return m { a in
                l.items = try self.sortValues(l.items, key: a.keyword("key"), reverse: try self.truthy(a.keyword("reverse") ?? .false))
                return .none
            }
            case "reverse": return m { _ in l.items.reverse(); return .none }
            case "clear": return m { _ in l.items.removeAll(); return .none }
            case "copy": return m { _ in .list(PyList(l.items)) }
            default: return nil
            }
        case .tuple(let t):
            switch name {
            case "index": return m { a in
                let v = try arg(a, 0)
                guard let i = try t.firstIndex(where: { try self.equals($0, v) }) else { throw PyError(.valueError, "tuple.index(x): x not in tuple") }
                return .int(i)
            }
            case "count": return m { a in let v = try arg(a, 0); return .int(try t.filter { try self.equals($0, v) }.count) }
            default: return nil
            }
        case .dict(let d):
            if let attribute = d.attributes.first(where: { $0.name == name }) { return attribute.value }
            if let v = collectionsDictMethod(d, name) { return v }
            switch name {
            case "keys": return m { [unowned self] _ in .object(DictViewObject(.keys, d, self)) }
            case "values": return m { [unowned self] _ in .object(DictViewObject(.values, d, self)) }
            case "items": return m { [unowned self] _ in .object(DictViewObject(.items, d, self)) }
            case "get": return m { a in try d.get(try arg(a, 0)) ?? (a.positional.count > 1 ? a.positional[1] : .none) }
            case "pop": return m { a in
                let k = try arg(a, 0)
                if let v = try d.remove(k) { return v }
                if a.positional.count > 1 { return a.positional[1] }
                throw PyError(.keyError, try self.repr(k))
            }
            case "popitem": return m { _ in
                guard let k = d.keys.last, let v = d.values.last else { throw PyError(.keyError, "'popitem(): dictionary is empty'") }
                try d.remove(k)
                return .tuple([k, v])
            }
            case "setdefault": return m { a in
                let k = try arg(a, 0)
                if let v = try d.get(k) { return v }
                let v = a.positional.count > 1 ? a.positional[1] : .none
                try d.set(k, v); return v
            }
            case "update": return m { [unowned self] a in
                guard a.positional.count <= 1 else { throw PyError(.typeError, "update expected at most 1 argument, got \(a.positional.count)") }
                try self.dictUpdate(d, a.positional.first, a.keywords)
                return .none
            }
            case "clear": return m { _ in d.removeAll(); return .none }
            case "copy": return m { _ in .dict(d.copy()) }
            default: return nil
            }
        case .set(let s):
            return setMethod(s, name)
        case .int(let i):
            switch name {
            case "bit_length": return m { _ in .int(i == 0 ? 0 : Int.bitWidth - abs(i).leadingZeroBitCount) }
            case "real": return .int(i)
            case "imag": return .int(0)
            default: return nil
            }
        case .float(let d):
            switch name {
            case "is_integer": return m { _ in .bool(d == d.rounded() && d.isFinite) }
            case "real": return .float(d)
            case "imag": return .float(0)
            default: return nil
            }
        default: return nil
        }
    }

    private func stringMethod(_ s: String, _ name: String, _ m: (@escaping (Arguments) throws -> Value) -> Value,
                              _ arg: @escaping (Arguments, Int, Value?) throws -> Value) throws -> Value? {
        func strArg(_ a: Arguments, _ i: Int) throws -> String {
            let v = try arg(a, i, nil)
            guard case .str(let x) = v else { throw PyError(.typeError, "must be str, not \(typeName(v))") }
            return x
        }
        switch name {
        case "upper": return m { _ in .str(s.uppercased()) }
        case "lower": return m { _ in .str(s.lowercased()) }
        case "title": return m { _ in .str(s.capitalized) }
        case "capitalize": return m { _ in .str(s.prefix(1).uppercased() + s.dropFirst().lowercased()) }
        case "strip", "lstrip", "rstrip":
            return m { a in
                let chars = a.positional.isEmpty || a.positional[0].isNone ? CharacterSet.whitespacesAndNewlines : CharacterSet(charactersIn: try strArg(a, 0))
                var scalars = Substring(s).unicodeScalars[...]
                if name != "rstrip" { while let f = scalars.first, chars.contains(f) { scalars = scalars.dropFirst() } }
                if name != "lstrip" { while let l = scalars.last, chars.contains(l) { scalars = scalars.dropLast() } }
                return .str(String(String.UnicodeScalarView(scalars)))
            }
        case "split":
            return m { a in
                let maxsplit = a.positional.count > 1 ? try self.intValue(a.positional[1]) : (try a.keyword("maxsplit").map { try self.intValue($0) } ?? -1)
                let sepV = a.positional.first ?? a.keyword("sep") ?? .none
                if sepV.isNone {
                    let parts = s.split(maxSplits: maxsplit < 0 ? Int.max : maxsplit, omittingEmptySubsequences: true, whereSeparator: { $0.isWhitespace })
                    return .list(PyList(parts.map { .str(String($0)) }))
                }
                guard case .str(let sep) = sepV, !sep.isEmpty else { throw PyError(.valueError, "empty separator") }
                // One string per piece: the count is checked before any is built.
                try self.checkSize(StringSearch.count(sep, in: s, limit: maxsplit < 0 ? .max : maxsplit) + 1,
                                   elementBytes: MemoryLayout<Value>.stride)
                return .list(PyList(StringSearch.split(s, sep, maxsplit: maxsplit).map { .str($0) }))
            }
        case "splitlines": return m { _ in .list(PyList(s.split(separator: "\n", omittingEmptySubsequences: false).map { .str(String($0)) }.dropLast(s.hasSuffix("\n") ? 1 : 0))) }
        case "join":
            return m { a in
                let items = (try self.collect(try arg(a, 0, nil), range: nil))
                let parts = try items.enumerated().map { idx, v in
                    guard case .str(let x) = v else { throw PyError(.typeError, "sequence item \(idx): expected str instance, \(self.typeName(v)) found") }
                    return x
                }
                // The joined size, checked before joining (a long separator repeats n - 1 times).
                let (separators, o1) = s.utf8.count.multipliedReportingOverflow(by: max(parts.count - 1, 0))
                let (total, o2) = parts.reduce(0) { $0 &+ $1.utf8.count }.addingReportingOverflow(separators)
                if o1 || o2 { throw PyError(.memoryError, "") }
                try self.checkSize(total, elementBytes: 1)
                return .str(parts.joined(separator: s))
            }
        case "replace": return m { a in
            let (old, new) = (try strArg(a, 0), try strArg(a, 1))
            let count = a.positional.count > 2 ? try self.intValue(a.positional[2])
                : try a.keyword("count").map { try self.intValue($0) } ?? -1
            if new.utf8.count > old.utf8.count {
                // Checked first: 'a' * 10**6 with each 'a' replaced by a long string is huge.
                let hits = StringSearch.count(old, in: s, limit: count < 0 ? .max : count)
                let (grow, overflow) = hits.multipliedReportingOverflow(by: new.utf8.count - old.utf8.count)
                if overflow { throw PyError(.memoryError, "") }
                try self.checkSize(s.utf8.count &+ grow, elementBytes: 1)
            }
            return .str(StringSearch.replace(s, old, new, count: count))
        }
        case "startswith": return m { a in
            if case .tuple(let opts) = try arg(a, 0, nil) { return .bool(opts.contains { if case .str(let p) = $0 { return s.hasPrefix(p) }; return false }) }
            return .bool(s.hasPrefix(try strArg(a, 0)))
        }
        case "endswith": return m { a in
            if case .tuple(let opts) = try arg(a, 0, nil) { return .bool(opts.contains { if case .str(let p) = $0 { return s.hasSuffix(p) }; return false }) }
            return .bool(s.hasSuffix(try strArg(a, 0)))
        }
        case "find", "index":
            return m { a in
                let sub = try strArg(a, 0)
                if let r = s.range(of: sub) { return .int(s.distance(from: s.startIndex, to: r.lowerBound)) }
                if name == "index" { throw PyError(.valueError, "substring not found") }
                return .int(-1)
            }
        case "count": return m { a in
            .int(StringSearch.count(try strArg(a, 0), in: s))
        }
        case "format":
            return m { a in .str(try self.strFormat(s, a)) }
        case "center", "ljust", "rjust":
            return m { a in
                let w = try self.intValue(try arg(a, 0, nil))
                // The padding strings and the concatenations hold up to three copies at once.
                try self.checkSize(w, elementBytes: 3)
                let fill = a.positional.count > 1 ? try strArg(a, 1) : " "
                let pad = max(0, w - s.count)
                switch name {
                case "ljust": return .str(s + String(repeating: fill, count: pad))
                case "rjust": return .str(String(repeating: fill, count: pad) + s)
                default:
                    let left = pad / 2 + (pad & w & 1)
                    return .str(String(repeating: fill, count: left) + s + String(repeating: fill, count: pad - left))
                }
            }
        case "zfill": return m { a in
            let w = try self.intValue(try arg(a, 0, nil))
            try self.checkSize(w, elementBytes: 3)
            let pad = max(0, w - s.count)
            if s.hasPrefix("-") || s.hasPrefix("+") { return .str(String(s.prefix(1)) + String(repeating: "0", count: pad) + s.dropFirst()) }
            return .str(String(repeating: "0", count: pad) + s)
        }
        case "isdigit", "isnumeric", "isdecimal": return m { _ in .bool(!s.isEmpty && s.allSatisfy { $0.isNumber }) }
        case "isalpha": return m { _ in .bool(!s.isEmpty && s.allSatisfy { $0.isLetter }) }
        case "isalnum": return m { _ in .bool(!s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber }) }
        case "isspace": return m { _ in .bool(!s.isEmpty && s.allSatisfy { $0.isWhitespace }) }
        case "isupper": return m { _ in .bool(s.contains { $0.isLetter } && s == s.uppercased()) }
        case "islower": return m { _ in .bool(s.contains { $0.isLetter } && s == s.lowercased()) }
        case "encode": return nil
        default: return nil
        }
    }

    /// `'{} {:.2f} {name}'.format(...)`.
    func strFormat(_ s: String, _ a: Arguments) throws -> String {
        var out = ""
        var auto = 0
        var chars = Array(s)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "{" {
                if chars.first == "{" { out.append("{"); chars = chars.dropFirst(); continue }
                var field = ""
                var depth = 1
                while let d = chars.first {
                    chars = chars.dropFirst()
                    if d == "{" { depth += 1 }
                    if d == "}" { depth -= 1; if depth == 0 { break } }
                    field.append(d)
                }
                guard depth == 0 else { throw PyError(.valueError, "expected '}' before end of string") }
                var spec = ""
                var conv: Character? = nil
                var name = field
                if let colon = field.firstIndex(of: ":") { spec = String(field[field.index(after: colon)...]); name = String(field[..<colon]) }
                if let bang = name.firstIndex(of: "!") { conv = name[name.index(after: bang)...].first; name = String(name[..<bang]) }
                var value: Value
                var attrPath: [String] = []
                let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                let head = parts.first ?? ""
                attrPath = Array(parts.dropFirst())
                if head.isEmpty {
                    guard auto < a.positional.count else { throw PyError(.indexError, "Replacement index \(auto) out of range for positional args tuple") }
                    value = a.positional[auto]; auto += 1
                } else if let idx = Int(head) {
                    guard idx < a.positional.count else { throw PyError(.indexError, "Replacement index \(idx) out of range for positional args tuple") }
                    value = a.positional[idx]
                } else {
                    guard let v = a.keyword(head) else { throw PyError(.keyError, pythonStringRepr(head)) }
                    value = v
                }
                for attr in attrPath { value = try getAttribute(value, attr) }
                if let conv { value = .str(conv == "r" ? try repr(value) : try str(value)) }
                out += try format(value, spec: spec)
            } else if c == "}" {
                if chars.first == "}" { chars = chars.dropFirst() }
                out.append("}")
            } else {
                out.append(c)
            }
        }
        return out
    }
}
