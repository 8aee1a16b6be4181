/// A small JSON parser for safetensors headers that accepts and rejects what the reference
/// reader (serde_json) does, and words its errors the way serde_json does
/// (`expected value at line 1 column 1`, `trailing characters at line 1 column 4`). Objects keep
/// their key order and duplicates (the caller lets the last one win). Nesting is limited to 128
/// levels, serde_json's recursion limit, so hostile input cannot exhaust the stack.
struct HeaderJSON {
    /// A parsed JSON value with the byte offset just past it (for serde-style positions).
    indirect enum Value {
        case object([(key: String, value: Value, end: Int)])
        case array([Value])
        case string(String)
        /// A number's kind as serde sees it: a u64, a negative i64, or anything else (a float).
        case unsigned(UInt64)
        case negative(Int64)
        case float(Double)
        case bool(Bool)
        case null

        /// serde's description of an unexpected value (`integer `5``, `string "x"`, `sequence`).
        var unexpected: String {
            switch self {
            case .object: return "map"
            case .array: return "sequence"
            case .string(let s): return "string \(rustDebugString(s))"
            case .unsigned(let v): return "integer `\(v)`"
            case .negative(let v): return "integer `\(v)`"
            case .float(let v): return "floating point `\(rustFloat(v))`"
            case .bool(let b): return "boolean `\(b)`"
            case .null: return "null"
            }
        }
    }

    struct ParseError: Error {
        let message: String
    }

    let bytes: [UInt8]
    var pos = 0
    var depth = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses a whole document: one value, optional surrounding whitespace, nothing else.
    /// Returns the value and the byte offset just past it.
    static func parse(_ bytes: [UInt8]) throws -> (value: Value, end: Int) {
        var p = HeaderJSON(bytes)
        p.skipWhitespace()
        let v = try p.value()
        let end = p.pos
        p.skipWhitespace()
        if p.pos < bytes.count { throw p.error("trailing characters", at: p.pos + 1) }
        return (v, end)
    }

    /// `message at line L column C` with serde's 1-based line and column of byte `offset`.
    func error(_ message: String, at offset: Int? = nil) -> ParseError {
        ParseError(message: message + position(offset ?? pos))
    }

    /// ` at line L column C` for the byte count `offset` consumed so far.
    func position(_ offset: Int) -> String {
        var line = 1, column = 0
        for i in 0..<min(offset, bytes.count) {
            if bytes[i] == UInt8(ascii: "\n") { line += 1; column = 0 } else { column += 1 }
        }
        return " at line \(line) column \(column)"
    }

    mutating func skipWhitespace() {
        while pos < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[pos]) { pos += 1 }
    }

    mutating func value() throws -> Value {
        guard pos < bytes.count else { throw error("EOF while parsing a value") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("expected value", at: pos + 1)
        }
    }

    mutating func literal(_ word: String, _ v: Value) throws -> Value {
        for ch in word.utf8 {
            guard pos < bytes.count else { throw error("EOF while parsing a value") }
            guard bytes[pos] == ch else { throw error("expected ident", at: pos + 1) }
            pos += 1
        }
        return v
    }

    mutating func enter() throws {
        depth += 1
        if depth > 128 { throw error("recursion limit exceeded", at: pos + 1) }
    }

    mutating func object() throws -> Value {
        try enter()
        defer { depth -= 1 }
        pos += 1
        var items: [(key: String, value: Value, end: Int)] = []
        skipWhitespace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(items) }
        while true {
            skipWhitespace()
            guard pos < bytes.count else { throw error("EOF while parsing an object") }
            guard bytes[pos] == UInt8(ascii: "\"") else { throw error("key must be a string", at: pos + 1) }
            let key = try string()
            skipWhitespace()
            guard pos < bytes.count else { throw error("EOF while parsing an object") }
            guard bytes[pos] == UInt8(ascii: ":") else { throw error("expected `:`", at: pos + 1) }
            pos += 1
            skipWhitespace()
            let v = try value()
            items.append((key, v, pos))
            skipWhitespace()
            guard pos < bytes.count else { throw error("EOF while parsing an object") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(items) }
            throw error("expected `,` or `}`", at: pos + 1)
        }
    }

    mutating func array() throws -> Value {
        try enter()
        defer { depth -= 1 }
        pos += 1
        var items: [Value] = []
        skipWhitespace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try value())
            skipWhitespace()
            guard pos < bytes.count else { throw error("EOF while parsing a list") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            throw error("expected `,` or `]`", at: pos + 1)
        }
    }

    mutating func hexQuad() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard pos < bytes.count else { throw error("EOF while parsing a string") }
            let c = bytes[pos]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw error("invalid escape", at: pos + 1)
            }
            v = v * 16 + UInt32(d)
            pos += 1
        }
        return v
    }

    /// A string starting at the opening quote; the header is already known to be valid UTF-8.
    mutating func string() throws -> String {
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw error("EOF while parsing a string") }
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") { pos += 1; break }
            if c < 0x20 { throw error("control character (\\u0000-\\u001F) found while parsing a string", at: pos + 1) }
            if c != UInt8(ascii: "\\") { out.append(c); pos += 1; continue }
            pos += 1
            guard pos < bytes.count else { throw error("EOF while parsing a string") }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5c)
            case UInt8(ascii: "/"): out.append(0x2f)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hexQuad()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                        throw error("unexpected end of hex escape", at: pos)
                    }
                    pos += 2
                    let low = try hexQuad()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("lone leading surrogate in hex escape", at: pos) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("lone leading surrogate in hex escape", at: pos)
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("invalid unicode code point", at: pos) }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw error("invalid escape", at: pos)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// JSON number grammar; integers that fit u64 / i64 stay integers, the rest become floats.
    mutating func number() throws -> Value {
        let start = pos
        var negative = false
        if bytes[pos] == UInt8(ascii: "-") { negative = true; pos += 1 }
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        guard isDigit(pos) else { throw error("invalid number", at: pos + 1) }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if isDigit(pos) { throw error("invalid number", at: pos + 1) }
        } else {
            while isDigit(pos) { pos += 1 }
        }
        var isFloat = false
        if pos < bytes.count && bytes[pos] == UInt8(ascii: ".") {
            isFloat = true
            pos += 1
            guard isDigit(pos) else { throw error("invalid number", at: pos + 1) }
            while isDigit(pos) { pos += 1 }
        }
        if pos < bytes.count && (bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E")) {
            isFloat = true
            pos += 1
            if pos < bytes.count && (bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard isDigit(pos) else { throw error("invalid number", at: pos + 1) }
            while isDigit(pos) { pos += 1 }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        if !isFloat {
            if !negative, let u = UInt64(text) { return .unsigned(u) }
            if negative, let i = Int64(text) { return .negative(i) }
        }
        guard let d = Double(text), d.isFinite else { throw error("number out of range", at: pos) }
        return .float(d)
    }
}

/// Rust's `{:?}` of a string (serde quotes unexpected strings this way).
func rustDebugString(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if ch.value < 0x20 { out += "\\u{\(String(ch.value, radix: 16))}" } else { out.unicodeScalars.append(ch) }
        }
    }
    return out + "\""
}

/// Rust's `Display` of an f64 as serde prints it in messages (`1.0`, `0.5`, `1e300`).
func rustFloat(_ v: Double) -> String {
    if v == v.rounded() && Swift.abs(v) < 1e16 { return String(Int64(v)) + ".0" }
    return "\(v)"
}
