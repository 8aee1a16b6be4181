import Engine
import NN

/// Binds Python call arguments to a signature written as Python would write it:
/// `"input, dim=None, keepdim=False, *, dtype=None"`. Errors use CPython's wording.
struct Signature {
    struct Param { let name: String; let defaultValue: Value?; let keywordOnly: Bool }
    let function: String
    let params: [Param]
    /// `*size`-style: extra positional arguments collected under this name.
    let varArgs: String?
    /// `**kwargs`-style: extra keyword arguments collected, as a dict, under this name.
    let varKeywords: String?
    /// The names of the bound values: the parameters in order, then `varArgs`, then `varKeywords`.
    let names: [String]
    /// How many leading parameters can be given positionally.
    let positionalCount: Int

    init(function: String, params: [Param], varArgs: String?, varKeywords: String? = nil) {
        self.function = function
        self.params = params
        self.varArgs = varArgs
        self.varKeywords = varKeywords
        names = params.map(\.name) + (varArgs.map { [$0] } ?? []) + (varKeywords.map { [$0] } ?? [])
        positionalCount = params.filter { !$0.keywordOnly }.count
    }

    nonisolated(unsafe) private static var cache: [String: Signature] = [:]

    /// Parses (once) and caches a signature.
    static func of(_ function: String, _ text: String) -> Signature {
        let key = function + "(" + text
        if let s = cache[key] { return s }
        var params: [Param] = []
        var varArgs: String? = nil
        var varKeywords: String? = nil
        var kwOnly = false
        for raw in text.split(separator: ",") {
            let part = raw.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            if part.hasPrefix("**") { varKeywords = String(part.dropFirst(2)); continue }
            if part == "*" { kwOnly = true; continue }
            if part.hasPrefix("*") { varArgs = String(part.dropFirst()); kwOnly = true; continue }
            if let eq = part.firstIndex(of: "=") {
                let name = part[..<eq].trimmingCharacters(in: .whitespaces)
                let lit = part[part.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                params.append(Param(name: name, defaultValue: parseLiteral(lit), keywordOnly: kwOnly))
            } else {
                params.append(Param(name: part, defaultValue: nil, keywordOnly: kwOnly))
            }
        }
        let s = Signature(function: function, params: params, varArgs: varArgs, varKeywords: varKeywords)
        cache[key] = s
        return s
    }

    private static func parseLiteral(_ s: String) -> Value {
        switch s {
        case "None": return .none
        case "True": return .true
        case "False": return .false
        default:
            if let i = Int(s) { return .int(i) }
            if let d = Double(s) { return .float(d) }
            if s.hasPrefix("'") && s.hasSuffix("'") && s.count >= 2 { return .str(String(s.dropFirst().dropLast())) }
            return .none
        }
    }

    /// PyTorch's argument parser accepts numpy's names for a few parameters of every native
    /// function and Tensor method (`x.sum(axis=0)`, `keepdims=True`); Python-level functions
    /// (`F.softmax`, modules) do not.
    static let numpyAliases: [String: String] = ["axis": "dim", "keepdims": "keepdim", "x": "input", "a": "input",
                                                 "x1": "input", "x2": "other"]

    func bind(_ a: Arguments, _ interp: Interpreter, numpyAliases: Bool) throws -> BoundArgs {
        guard numpyAliases else { return try bind(a, interp) }
        var renamed = a
        renamed.keywords = a.keywords.map { k, v in
            if let target = Signature.numpyAliases[k], !params.contains(where: { $0.name == k }),
               params.contains(where: { $0.name == target }) { return (target, v) }
            return (k, v)
        }
        return try bind(renamed, interp)
    }

    func bind(_ a: Arguments, _ interp: Interpreter) throws -> BoundArgs {
        var slots = [Value?](repeating: nil, count: names.count)
        var extra: [Value] = []
        for (i, v) in a.positional.enumerated() {
            if i < positionalCount { slots[i] = v } else if varArgs != nil { extra.append(v) } else {
                let n = positionalCount
                throw PyError(.typeError, "\(function)() takes \(n) positional argument\(n == 1 ? "" : "s") but \(a.positional.count) \(a.positional.count == 1 ? "was" : "were") given")
            }
        }
        let extraKeywords = varKeywords == nil ? nil : PyDict()
        for (k, v) in a.keywords {
            // `torch.zeros(size=(2, 3))`, `x.flip(dims=[0])`: PyTorch's `*size`/`*dims` is one
            // list-of-ints parameter that may also be given by name.
            if k == varArgs, extra.isEmpty, a.positional.count <= positionalCount, !params.contains(where: { $0.name == k }) {
                extra = [v]
                continue
            }
            guard let i = params.firstIndex(where: { $0.name == k }) else {
                if let extraKeywords { try extraKeywords.set(.str(k), v); continue }
                throw PyError(.typeError, "\(function)() got an unexpected keyword argument '\(k)'")
            }
            if slots[i] != nil { throw PyError(.typeError, "\(function)() got multiple values for argument '\(k)'") }
            slots[i] = v
        }
        var missing: [String] = []
        for (i, p) in params.enumerated() where slots[i] == nil {
            if let d = p.defaultValue { slots[i] = d } else if !(varArgs != nil && p.keywordOnly == false && !extra.isEmpty) { missing.append(p.name) }
        }
        if !missing.isEmpty {
            throw PyError(.typeError, "\(function)() missing \(missing.count) required positional argument\(missing.count == 1 ? "" : "s"): \(interp.listNames(missing))")
        }
        if varArgs != nil { slots[params.count] = .tuple(extra) }
        if let extraKeywords { slots[names.count - 1] = .dict(extraKeywords) }
        return BoundArgs(function: function, names: names, slots: slots, interp: interp)
    }
}

/// A signature parsed on first use and kept by the function that binds with it, so a call
/// neither rebuilds the cache key nor hashes it.
final class LazySignature {
    let function: String, text: String
    private var parsed: Signature?
    init(_ function: String, _ text: String) { self.function = function; self.text = text }
    var signature: Signature {
        if let parsed { return parsed }
        let s = Signature.of(function, text)
        parsed = s
        return s
    }
    func bind(_ a: Arguments, _ interp: Interpreter) throws -> BoundArgs { try signature.bind(a, interp) }
}

/// Bound arguments with typed accessors that raise PyTorch-style TypeErrors.
struct BoundArgs {
    let function: String
    let names: [String]
    var slots: [Value?]
    let interp: Interpreter

    subscript(_ name: String) -> Value {
        // A handful of names: a linear scan beats hashing.
        for i in 0..<names.count where names[i] == name { return slots[i] ?? .none }
        return .none
    }
    func isNone(_ name: String) -> Bool { self[name].isNone }

    func tensor(_ name: String) throws -> Tensor {
        if case .tensor(let t) = self[name] { return t }
        throw PyError(.typeError, "\(function)(): argument '\(name)' must be Tensor, not \(interp.typeName(self[name]))")
    }
    func optionalTensor(_ name: String) throws -> Tensor? { isNone(name) ? nil : try tensor(name) }

    /// A tensor or a Python number (for ops that take either).
    func operand(_ name: String) throws -> Operand {
        if let o = interp.tensorOperand(self[name]) { return o }
        throw PyError(.typeError, "\(function)(): argument '\(name)' must be Tensor or Number, not \(interp.typeName(self[name]))")
    }

    func int(_ name: String) throws -> Int {
        switch self[name] {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t) where t.numel == 1 && !t.dtype.isFloatingPoint: return Int(t.doubleValue(atFlat: 0))
        case let v: throw PyError(.typeError, "\(function)(): argument '\(name)' must be int, not \(interp.typeName(v))")
        }
    }
    func optionalInt(_ name: String) throws -> Int? { isNone(name) ? nil : try int(name) }

    func double(_ name: String) throws -> Double {
        switch self[name] {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t) where t.numel == 1: return t.doubleValue(atFlat: 0)
        case let v: throw PyError(.typeError, "\(function)(): argument '\(name)' must be float, not \(interp.typeName(v))")
        }
    }
    func optionalDouble(_ name: String) throws -> Double? { isNone(name) ? nil : try double(name) }

    func bool(_ name: String) throws -> Bool {
        switch self[name] {
        case .bool(let b): return b
        case .int(let i): return i != 0
        case let v: throw PyError(.typeError, "\(function)(): argument '\(name)' must be bool, not \(interp.typeName(v))")
        }
    }

    func string(_ name: String) throws -> String {
        if case .str(let s) = self[name] { return s }
        throw PyError(.typeError, "\(function)(): argument '\(name)' must be str, not \(interp.typeName(self[name]))")
    }

    /// Python number as an Engine scalar.
    func scalar(_ name: String) throws -> Scalar {
        if let s = interp.scalarOperand(self[name]) { return s }
        if case .tensor(let t) = self[name], t.numel == 1 { return t.scalar(atFlat: 0) }
        throw PyError(.typeError, "\(function)(): argument '\(name)' must be Number, not \(interp.typeName(self[name]))")
    }

    func optionalScalar(_ name: String) throws -> Scalar? { isNone(name) ? nil : try scalar(name) }

    /// An int or a sequence of ints (tuple, list, torch.Size).
    func intList(_ name: String) throws -> [Int] {
        try interp.intList(self[name], function: function, argument: name)
    }

    /// `3` → (3, 3); `(3, 5)` → (3, 5).
    func pair(_ name: String) throws -> (Int, Int) {
        let l = try intList(name)
        if l.count == 1 { return (l[0], l[0]) }
        guard l.count == 2 else { throw PyError(.valueError, "\(function)(): argument '\(name)' must be an int or a pair of ints") }
        return (l[0], l[1])
    }

    /// Sizes given either as varargs (`view(2, 3)`) or as one sequence (`view((2, 3))`).
    func sizes(_ varName: String) throws -> [Int] {
        guard case .tuple(let items) = self[varName] else { return [] }
        if items.count == 1 {
            switch items[0] {
            case .int, .bool: break
            default: return try interp.intList(items[0], function: function, argument: "size")
            }
        }
        return try items.enumerated().map { pos, v in
            do { return try interp.intValue(v) } catch {
                throw PyError(.typeError, "\(function)(): argument 'size' (position \(pos + 1)) must be tuple of ints, but found element of type \(interp.typeName(v)) at pos \(pos)")
            }
        }
    }

    func dtype(_ name: String) throws -> DType? {
        switch self[name] {
        case .none: return nil
        case .object(let o as DTypeObject): return o.dtype
        case let v: throw PyError(.typeError, "\(function)(): argument '\(name)' must be torch.dtype, not \(interp.typeName(v))")
        }
    }
}

extension Interpreter {
    /// An int or sequence of ints.
    func intList(_ v: Value, function: String, argument: String) throws -> [Int] {
        switch v {
        case .int(let i): return [i]
        case .bool(let b): return [b ? 1 : 0]
        case .tuple(let items): return try items.map { try intValue($0) }
        case .list(let l): return try l.items.map { try intValue($0) }
        case .object(let o as SizeObject): return o.dims
        case .tensor(let t) where !t.dtype.isFloatingPoint && t.ndim <= 1: return t.int64Values().map { Int($0) }
        default:
            throw PyError(.typeError, "\(function)(): argument '\(argument)' must be tuple of ints, not \(typeName(v))")
        }
    }
}
