import Foundation
import Interpreter
import Engine
import NN

/// A size-like option as the arithmetic needs it, whether it came from a layer
/// (`optionAttributes`) or from a functional call's arguments (`F.max_pool2d(x, 2)`).
enum OptionArgument {
    case int(Int)
    case ints([Int])
    case bool(Bool)
    case string(String)
    case tensor(Tensor)
    case none
    case other

    init(_ v: OptionValue) {
        switch v {
        case .int(let i): self = .int(i)
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(s)
        case .none: self = .none
        case .float: self = .other
        case .tuple(let items):
            let ints = items.compactMap { item -> Int? in if case .int(let i) = item { return i }; return nil }
            self = ints.count == items.count ? .ints(ints) : .other
        }
    }

    init(_ v: Value) {
        switch v {
        case .int(let i): self = .int(i)
        case .bool(let b): self = .bool(b)
        case .str(let s): self = .string(s)
        case .none: self = .none
        case .tensor(let t): self = .tensor(t)
        case .tuple(let items): self = OptionArgument.fromItems(items)
        case .list(let l): self = OptionArgument.fromItems(l.items)
        default: self = .other
        }
    }

    static func fromItems(_ items: [Value]) -> OptionArgument {
        let ints = items.compactMap { item -> Int? in if case .int(let i) = item { return i }; return nil }
        return ints.count == items.count ? .ints(ints) : .other
    }

    /// A per-dimension size for the two spatial dimensions: `2` → `[2, 2]`.
    var pair: [Int]? {
        switch self {
        case .int(let i): return [i, i]
        case .ints(let a) where a.count == 1: return [a[0], a[0]]
        case .ints(let a) where a.count == 2: return a
        default: return nil
        }
    }

    var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
}

/// A builtin's arguments bound to its parameter names by the signature it publishes
/// (`input, kernel_size, stride=None, …`), defaults filled in: what `F.max_pool2d(x, (2, 2))`
/// was really asked to do.
struct BoundCall {
    private(set) var values: [String: OptionArgument] = [:]
    private var raw: [String: Value] = [:]

    init(_ f: BuiltinFunction, _ args: Arguments) {
        guard let signature = f.signature else { return }
        var names: [String] = []
        for part in signature.split(separator: ",") {
            let p = part.trimmingCharacters(in: .whitespaces)
            guard !p.isEmpty, !p.hasPrefix("*"), p != "/" else { continue }
            let pieces = p.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            names.append(pieces[0])
            if pieces.count == 2 { values[pieces[0]] = BoundCall.literal(pieces[1]) }
        }
        for (name, v) in zip(names, args.positional) { raw[name] = v; values[name] = OptionArgument(v) }
        for (name, v) in args.keywords where names.contains(name) { raw[name] = v; values[name] = OptionArgument(v) }
    }

    func has(_ name: String) -> Bool { values[name] != nil }
    func value(_ name: String) -> Value? { raw[name] }

    /// A default as written in a signature: `None`, `True`, `False`, an int.
    static func literal(_ s: String) -> OptionArgument {
        switch s {
        case "None": return .none
        case "True": return .bool(true)
        case "False": return .bool(false)
        default:
            if s.count >= 2, let q = s.first, q == "'" || q == "\"", s.last == q { return .string(String(s.dropFirst().dropLast())) }
            return Int(s).map { .int($0) } ?? .other
        }
    }
}
