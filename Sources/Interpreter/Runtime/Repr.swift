import Engine
import Foundation
import NN

extension Interpreter {
    /// Python's `type(v).__name__`.
    public func typeName(_ v: Value) -> String {
        switch v {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .str: return "str"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict(let d): return d.typeName
        case .set(let s): return s.typeName
        case .tensor(let t): return t.isParameter ? "Parameter" : "Tensor"
        case .module(let m): return m.typeName
        case .function: return "function"
        case .builtin(let b): return b.pythonTypeName
        case .boundMethod(let m): if case .builtin = m.function { return "builtin_function_or_method" }; return "method"
        case .cls: return "type"
        case .instance(let i): return i.cls.name
        case .object(let o): return o.typeName
        }
    }

    /// Python's `repr(v)`. A list, dict or set that contains itself prints the inner occurrence
    /// as `[...]` or `{...}` instead of recursing forever. (Tuples are values here, not objects,
    /// so a cycle through a tuple shows the list or dict inside it as the repeated part.)
    public func repr(_ v: Value) throws -> String {
        let identity: ObjectIdentifier?
        switch v {
        case .list(let l): identity = ObjectIdentifier(l)
        case .dict(let d): identity = ObjectIdentifier(d)
        case .set(let s): identity = ObjectIdentifier(s)
        case .tuple: return try nested("while getting the repr of an object") { try reprOf(v) }
        default: identity = nil
        }
        guard let identity else { return try reprOf(v) }
        if reprInProgress.contains(identity) {
            if case .list = v { return "[...]" }
            return "{...}"
        }
        reprInProgress.insert(identity)
        defer { reprInProgress.remove(identity) }
        return try nested("while getting the repr of an object") { try reprOf(v) }
    }

    private func reprOf(_ v: Value) throws -> String {
        switch v {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return pythonFloatRepr(d)
        case .str(let s): return pythonStringRepr(s)
        case .list(let l): return "[" + (try l.items.map { try repr($0) }.joined(separator: ", ")) + "]"
        case .tuple(let t):
            if t.count == 1 { return "(" + (try repr(t[0])) + ",)" }
            return "(" + (try t.map { try repr($0) }.joined(separator: ", ")) + ")"
        case .dict(let d): return try dictRepr(d)
        case .set(let s):
            if s.count == 0 { return "\(s.typeName)()" }
            let body = "{" + (try s.items.map { try repr($0) }.joined(separator: ", ")) + "}"
            return s.isFrozen ? "frozenset(\(body))" : body
        case .tensor(let t): return try tensorRepr(t)
        case .module(let m): return m.repr()
        case .function(let f): return "<function \(f.qualifiedName) at \(addressString(f))>"
        case .builtin(let b): return "<built-in function \(b.name)>"
        case .boundMethod(let m):
            if case .function(let f) = m.function { return "<bound method \(f.qualifiedName) of \(try repr(m.receiver))>" }
            if case .builtin(let b) = m.function { return "<built-in method \(b.name) of \(typeName(m.receiver)) object at \(receiverAddress(m.receiver))>" }
            return "<bound method>"
        case .cls(let c):
            return c.moduleName == "builtins" ? "<class '\(c.qualifiedName)'>" : "<class '\(c.moduleName).\(c.qualifiedName)'>"
        case .instance(let inst):
            if let f = inst.cls.lookup("__repr__") {
                let r = try call(f, Arguments([v]))
                guard case .str(let s) = r else { throw PyError(.typeError, "__repr__ returned non-string (type \(typeName(r)))") }
                return s
            }
            if inst.cls.exceptionBase != nil {
                let args = (try? inst.attributes.get(.str("args"))) ?? nil
                if case .tuple(let a)? = args {
                    if a.count == 1 { return "\(inst.cls.name)(\(try repr(a[0])))" }
                    return "\(inst.cls.name)\(try repr(.tuple(a)))"
                }
            }
            return "<\(inst.cls.moduleName).\(inst.cls.qualifiedName) object at \(addressString(inst))>"
        case .object(let r as DictSnapshotView): return try dictRepr(try r.snapshot())
        case .object(let o): return o.repr()
        }
    }

    private func receiverAddress(_ v: Value) -> String {
        switch v {
        case .tensor(let t): return addressString(t)
        case .module(let m): return addressString(m)
        case .list(let l): return addressString(l)
        case .dict(let d): return addressString(d)
        default: return "0x0"
        }
    }

    /// Python's `str(v)`.
    public func str(_ v: Value) throws -> String {
        switch v {
        case .str(let s): return s
        case .object(let r as DictSnapshotView): return try dictRepr(try r.snapshot())
        case .object(let o): return o.str()
        case .instance(let inst):
            if let f = inst.cls.lookup("__str__") {
                let r = try call(f, Arguments([v]))
                guard case .str(let s) = r else { throw PyError(.typeError, "__str__ returned non-string (type \(typeName(r)))") }
                return s
            }
            if inst.cls.exceptionBase != nil, case .tuple(let a)? = (try? inst.attributes.get(.str("args"))) ?? nil {
                if a.isEmpty { return "" }
                if a.count == 1 { return try str(a[0]) }
                return try repr(.tuple(a))
            }
            return try repr(v)
        default: return try repr(v)
        }
    }

    /// `tensor(...)` / `Parameter containing:\ntensor(...)`.
    public func tensorRepr(_ t: Tensor) throws -> String {
        if t.isUninitialized { return t.isParameter ? "<UninitializedParameter>" : "<UninitializedBuffer>" }
        var suffix: String? = nil
        if let fn = t.gradFn { suffix = "grad_fn=<\(fn.name)>" } else if t.requiresGrad { suffix = "requires_grad=True" }
        let elements = t.printableElements
        if case .floating = elements {
            // PyTorch formats each number with "{:.{precision}f}": Python's limits on that
            // precision, and a MemoryError instead of a printout of gigabytes (precision=2**31-1).
            let precision = PrintOptions.current.precision
            guard precision >= 0 else { throw PyError(.valueError, "Format specifier missing precision") }
            guard precision <= Int(Int32.max) else { throw PyError(.valueError, "precision too big") }
            let options = PrintOptions.current
            let shown = t.numel <= options.threshold ? t.numel
                : t.shape.reduce(1) { $0.multipliedReportingOverflow(by: Swift.min($1, 2 * Swift.max(options.edgeitems, 0) + 1)).partialValue }
            let (estimate, o) = shown.multipliedReportingOverflow(by: precision + 32)
            if o || estimate > 1 << 30 || MemoryBudget.wouldExceed(estimate) { throw PyError(.memoryError, "") }
        }
        let body = formatTensor(shape: t.shape, dtype: t.dtype, elements: elements, gradSuffix: suffix)
        return t.isParameter ? "Parameter containing:\n" + body : body
    }
}

