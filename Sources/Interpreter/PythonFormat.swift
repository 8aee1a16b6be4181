// Python's two string-formatting languages, ported from CPython 3.11 so that output and error messages match:
// format(value, spec) (Python/formatter_unicode.c) and `str % args` (Objects/unicodeobject.c, PyUnicode_Format).
// Widths, precisions and error indices count Unicode code points, as Python does.
import Engine

/// A value handed to the formatters. `string` carries both str() and repr() of the object (for %s / %r).
public indirect enum FormatArg {
    case int(Int), float(Double), string(str: String, repr: String), bool(Bool)
    /// Any other object (a tensor): `%s`/`%r` use its str/repr, numeric conversions its
    /// `__int__`/`__float__` value (or that conversion's error).
    case object(str: String, repr: String, number: Result<FormatArg, FormatError>)
}

/// A Python exception raised by the formatters: `kind` is the exception class name ("ValueError",
/// "TypeError", and where CPython raises them "OverflowError" or "MemoryError").
public struct FormatError: Error, Equatable {
    public let kind: String
    public let message: String
    public init(kind: String, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Output longer than this is refused with MemoryError instead of being built (CPython would try and
/// usually fail the same way; a REPL must not take the machine down for `f"{x:99999999999}"`).
private let maxFormattedLength = 100_000_000

private func valueError(_ message: String) -> FormatError { FormatError(kind: "ValueError", message: message) }
private func typeError(_ message: String) -> FormatError { FormatError(kind: "TypeError", message: message) }
private func overflowError(_ message: String) -> FormatError { FormatError(kind: "OverflowError", message: message) }
private let memoryError = FormatError(kind: "MemoryError", message: "")

private extension FormatArg {
    /// Python's type name, as used in error messages.
    var typeName: String {
        switch self {
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bool: return "bool"
        case .object: return "object"
        }
    }

    /// str(value).
    var str: String {
        switch self {
        case .int(let i): return String(i)
        case .float(let x): return pythonFloatRepr(x)
        case .string(let s, _): return s
        case .bool(let b): return b ? "True" : "False"
        case .object(let s, _, _): return s
        }
    }

    /// repr(value).
    var repr: String {
        if case .string(_, let r) = self { return r }
        if case .object(_, let r, _) = self { return r }
        return str
    }
}

// MARK: - format(value, spec)

/// format(value, spec) — Python's format-spec mini-language:
/// [[fill]align][sign][z][#][0][width][grouping][.precision][type] for int, float, str and bool
/// (bool formats as int, except that an empty spec gives 'True'); types d b o x X c e E f F g G n % s and none.
/// Error messages are CPython 3.11's (e.g. "Unknown format code 'd' for object of type 'float'").
public func pythonFormat(_ value: FormatArg, spec: String) throws -> String {
    if spec.isEmpty { return value.str }
    let scalars = Array(spec.unicodeScalars)
    switch value {
    case .object(let s, let r, _):
        return try pythonFormat(.string(str: s, repr: r), spec: spec)
    case .string(let s, _):
        let format = try FormatSpec(scalars, defaultType: "s", defaultAlign: "<", typeName: "str", spec: spec)
        guard format.type == "s" else { throw unknownCode(format.type, "str") }
        return try formatString(Array(s.unicodeScalars), format)
    case .int(let i):
        return try formatInteger(i, value.typeName, scalars, spec)
    case .bool(let b):
        return try formatInteger(b ? 1 : 0, value.typeName, scalars, spec)
    case .float(let x):
        let format = try FormatSpec(scalars, defaultType: nil, defaultAlign: ">", typeName: "float", spec: spec)
        switch format.type {
        case nil, "e", "E", "f", "F", "g", "G", "n", "%":
            return try formatFloat(x, format)
        case let code?:
            throw unknownCode(code, "float")
        }
    }
}

private func formatInteger(_ i: Int, _ typeName: String, _ scalars: [Unicode.Scalar], _ spec: String) throws -> String {
    let format = try FormatSpec(scalars, defaultType: "d", defaultAlign: ">", typeName: typeName, spec: spec)
    switch format.type {
    case "b", "c", "d", "o", "x", "X", "n":
        return try formatLong(i, format)
    case "e", "E", "f", "F", "g", "G", "%":
        return try formatFloat(Double(i), format)
    case let code:
        throw unknownCode(code, typeName)
    }
}

private func unknownCode(_ code: Unicode.Scalar?, _ typeName: String) -> FormatError {
    let c = code ?? "\0"
    if c.value > 32 && c.value < 128 {
        return valueError("Unknown format code '\(Character(c))' for object of type '\(typeName)'")
    }
    return valueError("Unknown format code '\\x\(String(c.value, radix: 16))' for object of type '\(typeName)'")
}

/// Digit grouping requested by ',' or '_'.
private enum Grouping: Equatable {
    case none, comma, underscore, underscoreEvery4
}

/// A parsed format spec (`parse_internal_render_format_spec`).
private struct FormatSpec {
    var fill: Unicode.Scalar = " "
    var align: Unicode.Scalar
    var sign: Unicode.Scalar?
    var noNegativeZero = false
    var alternate = false
    var width = -1
    var grouping = Grouping.none
    var precision = -1
    var type: Unicode.Scalar?

    init(_ s: [Unicode.Scalar], defaultType: Unicode.Scalar?, defaultAlign: Unicode.Scalar,
         typeName: String, spec: String) throws {
        align = defaultAlign
        type = defaultType
        var pos = 0
        let end = s.count
        func isAlign(_ c: Unicode.Scalar) -> Bool { c == "<" || c == ">" || c == "=" || c == "^" }
        var fillSpecified = false, alignSpecified = false
        if end - pos >= 2 && isAlign(s[pos + 1]) {
            align = s[pos + 1]
            fill = s[pos]
            fillSpecified = true
            alignSpecified = true
            pos += 2
        } else if end - pos >= 1 && isAlign(s[pos]) {
            align = s[pos]
            alignSpecified = true
            pos += 1
        }
        if pos < end && (s[pos] == " " || s[pos] == "+" || s[pos] == "-") {
            sign = s[pos]
            pos += 1
        }
        if pos < end && s[pos] == "z" {
            noNegativeZero = true
            pos += 1
        }
        if pos < end && s[pos] == "#" {
            alternate = true
            pos += 1
        }
        // '0' before the width: zero padding, sign-aware for numbers (strings keep their alignment).
        if !fillSpecified && pos < end && s[pos] == "0" {
            fill = "0"
            if !alignSpecified && defaultAlign == ">" { align = "=" }
            pos += 1
        }
        if let w = try FormatSpec.integer(s, &pos) { width = w }
        if pos < end && s[pos] == "," {
            grouping = .comma
            pos += 1
        }
        if pos < end && s[pos] == "_" {
            if grouping != .none { throw valueError("Cannot specify both ',' and '_'.") }
            grouping = .underscore
            pos += 1
        }
        if pos < end && s[pos] == "," && grouping == .underscore {
            throw valueError("Cannot specify both ',' and '_'.")
        }
        if pos < end && s[pos] == "." {
            pos += 1
            guard let p = try FormatSpec.integer(s, &pos) else {
                throw valueError("Format specifier missing precision")
            }
            precision = p
        }
        if end - pos > 1 {
            throw valueError("Invalid format specifier '\(spec)' for object of type '\(typeName)'")
        }
        if end - pos == 1 { type = s[pos] }
        if grouping != .none {
            func invalid() -> FormatError {
                let which = grouping == .comma ? "," : "_"
                let c = type ?? "\0"
                if c.value > 32 && c.value < 128 {
                    return valueError("Cannot specify '\(which)' with '\(Character(c))'.")
                }
                return valueError("Cannot specify '\(which)' with '\\x\(String(c.value, radix: 16))'.")
            }
            switch type {
            case "d", "e", "f", "g", "E", "G", "%", "F", nil:
                break
            case "b", "o", "x", "X":
                // '_' groups binary, octal and hex digits by four; ',' is not allowed there.
                guard grouping == .underscore else { throw invalid() }
                grouping = .underscoreEvery4
            default:
                throw invalid()
            }
        }
    }

    /// `get_integer`: the decimal number at `pos`, or nil when there are no digits.
    static func integer(_ s: [Unicode.Scalar], _ pos: inout Int) throws -> Int? {
        var value = 0, digits = 0
        while pos < s.count, let d = s[pos].properties.numericType == .decimal ? s[pos].properties.numericValue : nil {
            let digit = Int(d)
            if value > (Int.max - digit) / 10 { throw valueError("Too many decimal digits in format string") }
            value = value * 10 + digit
            digits += 1
            pos += 1
        }
        return digits == 0 ? nil : value
    }
}

/// `format_string_internal`.
private func formatString(_ value: [Unicode.Scalar], _ format: FormatSpec) throws -> String {
    if let sign = format.sign {
        throw valueError(sign == " " ? "Space not allowed in string format specifier"
                                     : "Sign not allowed in string format specifier")
    }
    if format.noNegativeZero {
        throw valueError("Negative zero coercion (z) not allowed in string format specifier")
    }
    if format.alternate { throw valueError("Alternate form (#) not allowed in string format specifier") }
    if format.align == "=" { throw valueError("'=' alignment not allowed in string format specifier") }
    var length = value.count
    if format.precision >= 0 && length >= format.precision { length = format.precision }
    let total = max(format.width, length)
    if total > maxFormattedLength { throw memoryError }
    let left: Int
    switch format.align {
    case ">": left = total - length
    case "^": left = (total - length) / 2
    default: left = 0
    }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: repeatElement(format.fill, count: left))
    out.append(contentsOf: value[0..<length])
    out.append(contentsOf: repeatElement(format.fill, count: total - length - left))
    return String(out)
}

/// `format_long_internal`: integer presentation types b c d n o x X.
private func formatLong(_ value: Int, _ format: FormatSpec) throws -> String {
    if format.precision != -1 { throw valueError("Precision not allowed in integer format specifier") }
    if format.noNegativeZero {
        throw valueError("Negative zero coercion (z) not allowed in integer format specifier")
    }
    if format.type == "c" {
        if format.sign != nil { throw valueError("Sign not allowed with integer format specifier 'c'") }
        if format.alternate {
            throw valueError("Alternate form (#) not allowed with integer format specifier 'c'")
        }
        guard value >= 0 && value <= 0x10FFFF else { throw overflowError("%c arg not in range(0x110000)") }
        // The character is layout "remainder", not digits: it is never grouped or zero-filled.
        return try layOutNumber(negative: false, prefix: [], digits: [], decimal: false,
                                remainder: [characterScalar(value)], format)
    }
    let radix: Int, prefix: String
    switch format.type {
    case "b": radix = 2; prefix = "0b"
    case "o": radix = 8; prefix = "0o"
    case "x": radix = 16; prefix = "0x"
    case "X": radix = 16; prefix = "0X"
    default: radix = 10; prefix = ""
    }
    let digits = Array(String(value.magnitude, radix: radix, uppercase: format.type == "X").unicodeScalars)
    return try layOutNumber(negative: value < 0, prefix: format.alternate ? Array(prefix.unicodeScalars) : [],
                            digits: digits, decimal: false, remainder: [], format)
}

/// The scalar for code point `value` (a lone surrogate, which Swift strings cannot hold, becomes U+FFFD).
private func characterScalar(_ value: Int) -> Unicode.Scalar {
    Unicode.Scalar(UInt32(value)) ?? "\u{FFFD}"
}

/// `format_float_internal`: float presentation types e E f F g G n % and none.
private func formatFloat(_ value: Double, _ format: FormatSpec) throws -> String {
    if format.precision > Int(Int32.max) { throw valueError("precision too big") }
    if format.precision > maxFormattedLength || format.width > maxFormattedLength { throw memoryError }
    var flags: PythonFloatFlags = []
    if format.alternate { flags.insert(.alternate) }
    if format.noNegativeZero { flags.insert(.noNegativeZero) }
    var type = format.type ?? "r"
    var defaultPrecision = 6
    if format.type == nil {
        // No type: repr() when there is no precision, else 'g' that always keeps a digit after the point.
        flags.insert(.addDot0)
        defaultPrecision = 0
    }
    if type == "n" { type = "g" }
    var x = value
    var percent = false
    if type == "%" {
        type = "f"
        x *= 100
        percent = true
    }
    var precision = format.precision
    if precision < 0 {
        precision = defaultPrecision
    } else if type == "r" {
        type = "g"
    }
    var text = Array(pythonDoubleToString(x, formatCode: type, precision: precision, flags: flags).unicodeScalars)
    if percent { text.append("%") }
    var negative = false
    var index = 0
    if text.first == "-" {
        negative = true
        index = 1
    }
    // parse_number: leading digits, an optional '.', and the rest (fraction, exponent, '%', or inf/nan).
    var digitEnd = index
    while digitEnd < text.count && text[digitEnd].value >= 48 && text[digitEnd].value <= 57 { digitEnd += 1 }
    let hasDecimal = digitEnd < text.count && text[digitEnd] == "."
    let remainderStart = hasDecimal ? digitEnd + 1 : digitEnd
    return try layOutNumber(negative: negative, prefix: [], digits: Array(text[index..<digitEnd]),
                            decimal: hasDecimal, remainder: Array(text[remainderStart...]), format)
}

/// `calc_number_widths` + `fill_number`: sign, prefix, padding, grouped digits, point and remainder.
private func layOutNumber(negative: Bool, prefix: [Unicode.Scalar], digits: [Unicode.Scalar], decimal: Bool,
                          remainder: [Unicode.Scalar], _ format: FormatSpec) throws -> String {
    if format.width > maxFormattedLength { throw memoryError }
    var sign: Unicode.Scalar?
    switch format.sign {
    case "+": sign = negative ? "-" : "+"
    case " ": sign = negative ? "-" : " "
    default: sign = negative ? "-" : nil
    }
    let nonDigits = (sign == nil ? 0 : 1) + prefix.count + (decimal ? 1 : 0) + remainder.count
    let minWidth = format.fill == "0" && format.align == "=" ? format.width - nonDigits : 0
    if minWidth > maxFormattedLength { throw memoryError }
    let grouped: [Unicode.Scalar]
    if digits.isEmpty {
        grouped = []
    } else {
        switch format.grouping {
        case .none: grouped = groupDigits(digits, minWidth: minWidth, groupSize: nil, separator: ",")
        case .comma: grouped = groupDigits(digits, minWidth: minWidth, groupSize: 3, separator: ",")
        case .underscore: grouped = groupDigits(digits, minWidth: minWidth, groupSize: 3, separator: "_")
        case .underscoreEvery4: grouped = groupDigits(digits, minWidth: minWidth, groupSize: 4, separator: "_")
        }
    }
    let padding = format.width - (nonDigits + grouped.count)
    var left = 0, inner = 0, right = 0
    if padding > 0 {
        switch format.align {
        case "<": right = padding
        case "^":
            left = padding / 2
            right = padding - left
        case "=": inner = padding
        default: left = padding
        }
    }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: repeatElement(format.fill, count: left))
    if let sign { out.append(sign) }
    out.append(contentsOf: prefix)
    out.append(contentsOf: repeatElement(format.fill, count: inner))
    out.append(contentsOf: grouped)
    if decimal { out.append(".") }
    out.append(contentsOf: remainder)
    out.append(contentsOf: repeatElement(format.fill, count: right))
    return String(out)
}

/// `_PyUnicode_InsertThousandsGrouping`: separators every `groupSize` digits from the right, and leading
/// zeros (themselves grouped) until `minWidth` characters are filled — how '0' padding meets ','.
private func groupDigits(_ digits: [Unicode.Scalar], minWidth: Int, groupSize: Int?,
                         separator: Unicode.Scalar) -> [Unicode.Scalar] {
    var minWidth = max(0, minWidth)
    var remaining = digits.count
    var pieces: [Unicode.Scalar] = [] // built right to left, reversed at the end
    var useSeparator = false
    func emit(_ length: Int) {
        let zeros = max(0, length - remaining)
        let chars = max(0, min(remaining, length))
        if useSeparator { pieces.append(separator) }
        for k in 0..<chars { pieces.append(digits[remaining - 1 - k]) }
        pieces.append(contentsOf: repeatElement("0", count: zeros))
        remaining -= chars
    }
    if let groupSize {
        while true {
            let length = min(groupSize, max(max(remaining, minWidth), 1))
            emit(length)
            useSeparator = true
            minWidth -= length
            if remaining <= 0 && minWidth <= 0 { return pieces.reversed() }
            minWidth -= 1
        }
    }
    emit(max(max(remaining, minWidth), 1))
    return pieces.reversed()
}

// MARK: - str % args

/// The `%` operator on strings: '%d %s %.3f %5.2f %r %x %e %g %%' with the items of a tuple (a single
/// non-tuple operand is passed as one item). CPython's errors: "not enough arguments for format string",
/// "not all arguments converted during string formatting", "%d format: a real number is required, not str", …
public func pythonPercentFormat(_ format: String, _ args: [FormatArg]) throws -> String {
    var formatter = PercentFormatter(format: Array(format.unicodeScalars), args: args)
    return try formatter.run()
}

/// A port of PyUnicode_Format's state machine; `remaining` mirrors CPython's `fmtcnt`, including its
/// off-by-one conventions, so that truncated specs fail exactly where CPython's do.
private struct PercentFormatter {
    let format: [Unicode.Scalar]
    let args: [FormatArg]
    var position = 0
    var remaining: Int
    var argIndex = 0
    var out = String.UnicodeScalarView()

    // Conversion flags.
    static let leftJustify = 1, sign = 2, blank = 4, alternate = 8, zero = 16

    init(format: [Unicode.Scalar], args: [FormatArg]) {
        self.format = format
        self.args = args
        remaining = format.count
    }

    /// The character at `i`, or NUL past the end (CPython strings are NUL-terminated).
    func read(_ i: Int) -> Unicode.Scalar { i < format.count ? format[i] : "\0" }

    mutating func run() throws -> String {
        remaining -= 1
        while remaining >= 0 {
            if read(position) != "%" {
                let start = position
                position += 1
                while remaining >= 0 && read(position) != "%" {
                    position += 1
                    remaining -= 1
                }
                if remaining < 0 { position -= 1 }
                out.append(contentsOf: format[start..<min(position, format.count)])
            } else {
                position += 1
                try formatOne()
            }
            remaining -= 1
        }
        if argIndex < args.count {
            throw typeError("not all arguments converted during string formatting")
        }
        return String(out)
    }

    mutating func nextArg() throws -> FormatArg {
        guard argIndex < args.count else { throw typeError("not enough arguments for format string") }
        argIndex += 1
        return args[argIndex - 1]
    }

    /// Reads the next spec character into `ch` when one is left (`if (--ctx->fmtcnt >= 0) …`).
    mutating func advance(_ ch: inout Unicode.Scalar) -> Bool {
        remaining -= 1
        guard remaining >= 0 else { return false }
        ch = read(position)
        position += 1
        return true
    }

    mutating func starArgument() throws -> Int {
        switch try nextArg() {
        case .int(let v): return v
        case .bool(let b): return b ? 1 : 0 // bool is an int subclass
        default: throw typeError("* wants int")
        }
    }

    /// `unicode_format_arg`: one conversion, starting just after its '%'.
    mutating func formatOne() throws {
        var ch = read(position)
        if ch == "%" {
            position += 1
            remaining -= 1
            out.append("%")
            return
        }
        var flags = 0, width = -1, precision = -1
        if ch == "(" { throw typeError("format requires a mapping") }
        flagLoop: while advance(&ch) {
            switch ch {
            case "-": flags |= Self.leftJustify
            case "+": flags |= Self.sign
            case " ": flags |= Self.blank
            case "#": flags |= Self.alternate
            case "0": flags |= Self.zero
            default: break flagLoop
            }
        }
        if ch == "*" {
            width = try starArgument()
            if width < 0 {
                flags |= Self.leftJustify
                width = 0 &- width // CPython's negation wraps for the most negative int: no padding
            }
            _ = advance(&ch)
        } else if let d = decimalValue(ch) {
            width = d
            while advance(&ch) {
                guard let d = decimalValue(ch) else { break }
                if width > (Int.max - d) / 10 { throw valueError("width too big") }
                width = width * 10 + d
            }
        }
        if ch == "." {
            precision = 0
            _ = advance(&ch)
            if ch == "*" {
                let v = try starArgument()
                if v > Int(Int32.max) || v < Int(Int32.min) {
                    throw overflowError("Python int too large to convert to C int")
                }
                precision = max(v, 0)
                _ = advance(&ch)
            } else if let d = decimalValue(ch) {
                precision = d
                while advance(&ch) {
                    guard let d = decimalValue(ch) else { break }
                    if precision > (Int(Int32.max) - d) / 10 { throw valueError("precision too big") }
                    precision = precision * 10 + d
                }
            }
        }
        if remaining >= 0 && (ch == "h" || ch == "l" || ch == "L") { _ = advance(&ch) }
        if remaining < 0 { throw valueError("incomplete format") }

        var arg = try nextArg()
        if case .object(_, _, let number) = arg, ch != "s" && ch != "r" && ch != "a" { arg = try number.get() }
        var text: [Unicode.Scalar]
        var numeric = false
        switch ch {
        case "s":
            text = Array(arg.str.unicodeScalars)
        case "r":
            text = Array(arg.repr.unicodeScalars)
        case "a":
            text = asciiEscaped(arg.repr)
        case "i", "d", "u", "o", "x", "X":
            if precision > maxFormattedLength { throw memoryError }
            text = try formatLongArg(arg, ch, alternate: flags & Self.alternate != 0, precision: precision)
            numeric = true
        case "e", "E", "f", "F", "g", "G":
            let x: Double
            switch arg {
            case .float(let v): x = v
            case .int(let v): x = Double(v)
            case .bool(let b): x = b ? 1 : 0
            case .string, .object: throw typeError("must be real number, not str")
            }
            if precision > maxFormattedLength { throw memoryError }
            let alt: PythonFloatFlags = flags & Self.alternate != 0 ? .alternate : []
            text = Array(pythonDoubleToString(x, formatCode: ch, precision: precision < 0 ? 6 : precision,
                                              flags: alt).unicodeScalars)
            numeric = true
        case "c":
            switch arg {
            case .string(let s, _) where s.unicodeScalars.count == 1:
                text = Array(s.unicodeScalars)
            case .int(let v):
                guard v >= 0 && v <= 0x10FFFF else { throw overflowError("%c arg not in range(0x110000)") }
                text = [characterScalar(v)]
            case .bool(let b):
                text = [b ? "\u{1}" : "\0"]
            default:
                throw typeError("%c requires int or char")
            }
        default:
            let shown = ch.value >= 31 && ch.value <= 126 ? Character(ch) : "?"
            throw valueError("unsupported format character '\(shown)' (0x\(String(ch.value, radix: 16))) "
                             + "at index \(position - 1)")
        }
        if width > maxFormattedLength { throw memoryError }
        output(text, conversion: ch, flags: flags, width: width, precision: precision, numeric: numeric)
    }

    /// `unicode_format_arg_output`: truncation, sign, "0x" prefix and padding.
    mutating func output(_ text: [Unicode.Scalar], conversion: Unicode.Scalar, flags: Int, width: Int,
                         precision: Int, numeric: Bool) {
        var width = width
        var hasSign = numeric
        let fill: Unicode.Scalar = numeric && flags & Self.zero != 0 ? "0" : " "
        var length = text.count
        if conversion == "s" || conversion == "r" || conversion == "a" {
            if precision >= 0 && length > precision { length = precision }
        }
        var index = 0
        var signChar: Unicode.Scalar = "\0"
        if hasSign {
            let first = text.first ?? "\0"
            if first == "-" || first == "+" {
                signChar = first
                length -= 1
                index += 1
            } else if flags & Self.sign != 0 {
                signChar = "+"
            } else if flags & Self.blank != 0 {
                signChar = " "
            } else {
                hasSign = false
            }
        }
        if width < length { width = length }
        if hasSign {
            if fill != " " { out.append(signChar) }
            if width > length { width -= 1 }
        }
        let hexPrefix = flags & Self.alternate != 0 && (conversion == "x" || conversion == "X" || conversion == "o")
        if hexPrefix {
            if fill != " " {
                out.append("0")
                out.append(conversion)
                index += 2
            }
            width = max(width - 2, 0)
            length -= 2
        }
        if width > length && flags & Self.leftJustify == 0 {
            out.append(contentsOf: repeatElement(fill, count: width - length))
            width = length
        }
        if fill == " " {
            if hasSign { out.append(signChar) }
            if hexPrefix {
                out.append("0")
                out.append(conversion)
                index += 2
            }
        }
        if length > 0 { out.append(contentsOf: text[index..<(index + length)]) }
        if width > length { out.append(contentsOf: repeatElement(" ", count: width - length)) }
    }
}

private func decimalValue(_ c: Unicode.Scalar) -> Int? {
    c.value >= 48 && c.value <= 57 ? Int(c.value - 48) : nil
}

/// `mainformatlong` + `_PyUnicode_FormatLong`: the digits of an integer (or truncated float) conversion,
/// with sign, "0x"/"0o" prefix when alternate, and zero-filled to `precision` digits.
private func formatLongArg(_ arg: FormatArg, _ conversion: Unicode.Scalar, alternate: Bool,
                           precision: Int) throws -> [Unicode.Scalar] {
    let needsInteger = conversion == "o" || conversion == "x" || conversion == "X"
    var negative = false
    var digits: [Unicode.Scalar]
    switch arg {
    case .int(let v):
        negative = v < 0
        digits = Array(String(v.magnitude, radix: needsInteger ? (conversion == "o" ? 8 : 16) : 10).unicodeScalars)
    case .bool(let b):
        digits = [b ? "1" : "0"]
    case .float(let x):
        if needsInteger { throw typeError("%\(Character(conversion)) format: an integer is required, not float") }
        if x.isNaN { throw valueError("cannot convert float NaN to integer") }
        if x.isInfinite { throw overflowError("cannot convert float infinity to integer") }
        // int(x) truncates; the exact digits of the (integral) truncated value.
        let t = x.rounded(.towardZero)
        negative = t < 0
        digits = t == 0 ? ["0"] : Array(pythonDoubleToString(abs(t), formatCode: "f", precision: 0).unicodeScalars)
    case .string, .object:
        let requirement = needsInteger ? "an integer" : "a real number"
        throw typeError("%\(Character(conversion)) format: \(requirement) is required, not str")
    }
    if precision > digits.count {
        digits = Array(repeating: "0", count: precision - digits.count) + digits
    }
    var result: [Unicode.Scalar] = negative ? ["-"] : []
    if alternate && needsInteger { result += ["0", conversion == "o" ? "o" : "x"] }
    result += digits
    if conversion == "X" {
        result = result.map { $0.value >= 97 && $0.value <= 120 ? Unicode.Scalar(UInt8($0.value - 32)) : $0 }
    }
    return result
}

/// ascii(): repr with every non-ASCII character escaped as \xNN, \uNNNN or \UNNNNNNNN.
private func asciiEscaped(_ repr: String) -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    for c in repr.unicodeScalars {
        if c.isASCII {
            out.append(c)
            continue
        }
        let hex = String(c.value, radix: 16)
        let (marker, width) = c.value < 0x100 ? ("x", 2) : c.value < 0x10000 ? ("u", 4) : ("U", 8)
        out.append(contentsOf: ("\\" + marker + String(repeating: "0", count: width - hex.count) + hex).unicodeScalars)
    }
    return out
}
