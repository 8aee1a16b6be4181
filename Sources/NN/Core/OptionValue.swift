import Engine

/// A plain Python value held by a layer or an optimizer as an option: `lr`, `betas`, `momentum`,
/// `negative_slope`, `padding='same'`. It keeps the Python type the user gave, because PyTorch
/// prints options with `str()`: an int stays `0`, a float prints as `0.0`, `1e-05` or `0.01`.
public enum OptionValue: Equatable, CustomStringConvertible {
    case int(Int)
    case float(Double)
    case bool(Bool)
    case none
    case string(String)
    case tuple([OptionValue])

    /// Python's `str(value)` (what optimizer reprs and most extra-reprs show).
    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .float(let v): return pythonFloatRepr(v)
        case .bool(let v): return v ? "True" : "False"
        case .none: return "None"
        case .string(let s): return s
        case .tuple(let items):
            if items.count == 1 { return "(\(items[0].repr),)" }
            return "(" + items.map(\.repr).joined(separator: ", ") + ")"
        }
    }

    /// Python's `repr(value)`: strings get single quotes (`approximate='none'`).
    public var repr: String {
        if case .string(let s) = self { return pythonStringRepr(s) }
        return description
    }

    /// The value as a Python number (bools count as ints, as in Python); nil otherwise.
    public var doubleValue: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .float(let v): return v
        case .bool(let v): return v ? 1 : 0
        default: return nil
        }
    }

    /// Python truthiness.
    public var isTruthy: Bool {
        switch self {
        case .int(let v): return v != 0
        case .float(let v): return v != 0
        case .bool(let v): return v
        case .none: return false
        case .string(let s): return !s.isEmpty
        case .tuple(let items): return !items.isEmpty
        }
    }

    /// Python's type name, for TypeError messages.
    public var pythonTypeName: String {
        switch self {
        case .int: return "int"
        case .float: return "float"
        case .bool: return "bool"
        case .none: return "NoneType"
        case .string: return "str"
        case .tuple: return "tuple"
        }
    }

    /// The number, or Python's TypeError for comparing a non-number with a float
    /// (`'<' not supported between instances of 'str' and 'float'`).
    public func number(comparedWith op: String = "<") throws -> Double {
        guard let d = doubleValue else {
            throw TorchError.type("'\(op)' not supported between instances of '\(pythonTypeName)' and 'float'")
        }
        return d
    }

    /// Python's `a * b` for two numbers: int * int stays int, anything with a float is a float.
    public func multiplied(by other: OptionValue) throws -> OptionValue {
        switch (self, other) {
        case (.int(let a), .int(let b)):
            let (r, overflow) = a.multipliedReportingOverflow(by: b)
            guard !overflow else { throw TorchError(.overflowError, "int too large") }
            return .int(r)
        default:
            guard let a = doubleValue, let b = other.doubleValue else {
                throw TorchError.type("unsupported operand type(s) for *: '\(pythonTypeName)' and '\(other.pythonTypeName)'")
            }
            return .float(a * b)
        }
    }
}

extension OptionValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByStringLiteral {
    /// `0` in Swift source is Python's int `0`.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// `0.1` is a Python float.
    public init(floatLiteral value: Double) { self = .float(value) }
    /// `true` is `True`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A string literal is a Python str.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension OptionValue {
    /// An optional Bool as Python shows it (`None` for nil).
    public init(_ value: Bool?) { self = value.map { .bool($0) } ?? .none }
    /// An optional Int as Python shows it (`None` for nil).
    public init(_ value: Int?) { self = value.map { .int($0) } ?? .none }
}

/// Python's `repr()` of a string: single quotes unless the text contains one and no double quote.
public func pythonStringRepr(_ s: String) -> String {
    let useDouble = s.contains("'") && !s.contains("\"")
    let quote: Character = useDouble ? "\"" : "'"
    var out = String(quote)
    for ch in s.unicodeScalars {
        switch ch {
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if Character(ch) == quote { out += "\\" + String(quote) }
            else if ch.value < 0x20 || ch.value == 0x7f { out += "\\x" + (ch.value < 16 ? "0" : "") + String(ch.value, radix: 16) }
            else { out.unicodeScalars.append(ch) }
        }
    }
    out.append(quote)
    return out
}
