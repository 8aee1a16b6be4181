import Engine
import Foundation

/// Python operators on Python numbers, strings, containers and tensors.
extension Interpreter {
    func truthy(_ v: Value) throws -> Bool {
        switch v {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .str(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .tuple(let t): return !t.isEmpty
        case .dict(let d): return d.count > 0
        case .set(let s): return s.count > 0
        case .tensor(let t):
            guard t.numel == 1 else {
                if t.numel == 0 { throw PyError(.runtimeError, "Boolean value of Tensor with no values is ambiguous") }
                throw PyError(.runtimeError, "Boolean value of Tensor with more than one value is ambiguous")
            }
            return t.doubleValue(atFlat: 0) != 0
        case .module(let m):
            if let len = try? moduleLength(m) { return len > 0 }
            return true
        case .object(let a as NDArray): return try a.truthValue()
        case .object(let o):
            if let t = o.truthy() { return t }
            if let n = try o.length() { return n > 0 }
            return true
        case .instance(let inst):
            if let f = inst.cls.lookup("__bool__") { return try truthy(try call(f, Arguments([v]))) }
            if let f = inst.cls.lookup("__len__") { return try truthy(try call(f, Arguments([v]))) }
            return true
        default: return true
        }
    }

    func unary(_ op: UnaryOp, _ v: Value) throws -> Value {
        switch (op, v) {
        case (.not, _): return .bool(!(try truthy(v)))
        case (.minus, .int(let i)):
            let (r, o) = Int(0).subtractingReportingOverflow(i)
            if o { throw PyError(.overflowError, "integer overflow (nnrepl integers are 64-bit)") }
            return .int(r)
        case (.minus, .bool(let b)): return .int(b ? -1 : 0)
        case (.minus, .float(let d)): return .float(-d)
        case (.minus, .tensor(let t)): return .tensor(try neg(t))
        case (.plus, .int), (.plus, .float): return v
        case (.plus, .bool(let b)): return .int(b ? 1 : 0)
        case (.plus, .tensor): return v
        case (.invert, .int(let i)): return .int(~i)
        case (.invert, .bool(let b)): return .int(b ? -2 : -1)
        case (.invert, .tensor(let t)):
            if t.dtype.isFloatingPoint { throw PyError(.typeError, "~ (operator.invert) is only implemented on integer and Boolean-type tensors") }
            return .tensor(try logicalNot(t, bitwise: true))
        default:
            if case .object(let o as NativeNumeric) = v, let r = try o.unaryOperation(op, self) { return r }
            if case .instance(let inst) = v {
                let dunder = op == .minus ? "__neg__" : op == .plus ? "__pos__" : "__invert__"
                if let f = inst.cls.lookup(dunder) { return try call(f, Arguments([v])) }
            }
            throw PyError(.typeError, "bad operand type for unary \(op.rawValue): '\(typeName(v))'")
        }
    }

    /// A Python number as an Engine scalar (for tensor ⊕ number).
    func scalarOperand(_ v: Value) -> Scalar? {
        switch v {
        case .int(let i): return .int(Int64(i))
        case .float(let d): return .float(d)
        case .bool(let b): return .bool(b)
        case .object(let o as NativeNumeric): return o.pythonNumber.flatMap { scalarOperand($0) }
        default: return nil
        }
    }

    func tensorOperand(_ v: Value) -> Operand? {
        if case .tensor(let t) = v { return .tensor(t) }
        if let s = scalarOperand(v) { return .scalar(s) }
        return nil
    }

    /// `seq * n` must not ask for more memory than the machine can give: Python's MemoryError
    /// up front instead of an abort inside the allocation (or the OOM killer while filling it).
    func checkRepetitionSize(_ count: Int, _ n: Int, elementBytes: Int) throws {
        guard n > 1, count > 0 else { return }
        let (items, overflow) = count.multipliedReportingOverflow(by: n)
        if overflow { throw PyError(.memoryError, "") }
        try checkSize(items, elementBytes: elementBytes)
    }

    func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
        // Native numeric objects (numpy) first, as Python tries a.__op__ then b.__rop__.
        if case .object(let o as NativeNumeric) = a, let r = try o.binaryOperation(op, b, reflected: false, self) { return r }
        if case .object(let o as NativeNumeric) = b, let r = try o.binaryOperation(op, a, reflected: true, self) { return r }
        // Tensors first: any tensor operand makes it a tensor op.
        if case .tensor = a, let x = tensorOperand(a), let y = tensorOperand(b) { return .tensor(try tensorBinary(op, x, y)) }
        if case .tensor = b, let x = tensorOperand(a), let y = tensorOperand(b) {
            // `2 * t` is `t.__rmul__(2)`, i.e. mul(t, 2): the tensor is the node's first input
            // (grad_fn.next_functions lists it first), as for `2 + t`.
            if case .scalar = x, op == .mul || op == .add { return .tensor(try tensorBinary(op, y, x)) }
            return .tensor(try tensorBinary(op, x, y))
        }
        if let r = try numericBinary(op, a, b) { return r }
        switch (op, a, b) {
        case (.add, .str(let x), .str(let y)): return .str(x + y)
        case (.add, .list(let x), .list(let y)): return .list(PyList(x.items + y.items))
        case (.add, .tuple(let x), .tuple(let y)): return .tuple(x + y)
        case (.mul, .str(let s), .int(let n)), (.mul, .int(let n), .str(let s)):
            // An empty sequence repeated any number of times is empty, at once (`[] * 2**62`).
            try checkRepetitionSize(s.utf8.count, n, elementBytes: 1)
            return .str(s.isEmpty ? "" : String(repeating: s, count: max(n, 0)))
        case (.mul, .list(let l), .int(let n)), (.mul, .int(let n), .list(let l)):
            try checkRepetitionSize(l.items.count, n, elementBytes: MemoryLayout<Value>.stride)
            return .list(PyList(l.items.isEmpty ? [] : Array(repeating: l.items, count: max(n, 0)).flatMap { $0 }))
        case (.mul, .tuple(let t), .int(let n)), (.mul, .int(let n), .tuple(let t)):
            try checkRepetitionSize(t.count, n, elementBytes: MemoryLayout<Value>.stride)
            return .tuple(t.isEmpty ? [] : Array(repeating: t, count: max(n, 0)).flatMap { $0 })
        case (.mod, .str(let fmt), _):
            let args: [Value]
            if case .tuple(let t) = b { args = t } else { args = [b] }
            let fa = try args.map { v -> FormatArg in
                switch v {
                case .int(let i): return .int(i)
                case .bool(let bb): return .bool(bb)
                case .float(let d): return .float(d)
                case .tensor(let t):
                    // %s/%r: str/repr of the tensor; %d/%f: int(t)/float(t).
                    let number: Result<FormatArg, FormatError>
                    if t.numel == 1 {
                        switch t.scalar(atFlat: 0) {
                        case .int(let i): number = .success(.int(Int(i)))
                        case .float(let d): number = .success(.float(d))
                        case .bool(let bb): number = .success(.bool(bb))
                        }
                    } else {
                        number = .failure(FormatError(kind: "ValueError", message: "only one element tensors can be converted to Python scalars"))
                    }
                    return .object(str: try str(v), repr: try repr(v), number: number)
                default: return .string(str: try str(v), repr: try repr(v))
                }
            }
            do { return .str(try pythonPercentFormat(fmt, fa)) } catch let e as FormatError { throw PyError(e.kind, e.message) }
        case (.bitOr, .dict(let x), .dict(let y)):
            let d = x.copy()
            for (k, v) in y.pairs { try d.set(k, v) }
            return .dict(d)
        default: break
        }
        if let r = try setBinary(op, a, b) { return r }
        if let r = try sizeBinary(op, a, b) { return r }
        if case .instance(let inst) = a, let f = inst.cls.lookup(dunderName(op)) { return try call(f, Arguments([a, b])) }
        if case .instance(let inst) = b, let f = inst.cls.lookup("__r" + dunderName(op).dropFirst(2)) { return try call(f, Arguments([b, a])) }
        throw PyError(.typeError, "unsupported operand type(s) for \(op.rawValue): '\(typeName(a))' and '\(typeName(b))'")
    }

    private func dunderName(_ op: BinaryOp) -> String {
        switch op {
        case .add: return "__add__"
        case .sub: return "__sub__"
        case .mul: return "__mul__"
        case .div: return "__truediv__"
        case .floorDiv: return "__floordiv__"
        case .mod: return "__mod__"
        case .pow: return "__pow__"
        case .matMul: return "__matmul__"
        case .lshift: return "__lshift__"
        case .rshift: return "__rshift__"
        case .bitAnd: return "__and__"
        case .bitOr: return "__or__"
        case .bitXor: return "__xor__"
        }
    }

    func tensorBinary(_ op: BinaryOp, _ x: Operand, _ y: Operand) throws -> Tensor {
        switch op {
        case .add: return try add(x, y)
        case .sub: return try sub(x, y)
        case .mul: return try mul(x, y)
        case .div: return try div(x, y)
        case .floorDiv: return try floorDivide(x, y)
        case .mod: return try remainder(x, y)
        case .pow: return try Engine.pow(x, y)
        case .matMul:
            guard case .tensor(let a) = x, case .tensor(let b) = y else {
                throw PyError(.typeError, "unsupported operand type(s) for @")
            }
            return try matmul(a, b)
        case .bitAnd: return try logical(.and, x, y)
        case .bitOr: return try logical(.or, x, y)
        case .bitXor: return try logical(.xor, x, y)
        case .lshift, .rshift: return try bitwiseShift(x, y, left: op == .lshift)
        }
    }

    /// int/float/bool arithmetic with Python's rules (true division, floor division and modulo signs).
    func numericBinary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value? {
        func asInt(_ v: Value) -> Int? {
            switch v { case .int(let i): return i; case .bool(let b): return b ? 1 : 0; default: return nil }
        }
        func asDouble(_ v: Value) -> Double? {
            switch v { case .int(let i): return Double(i); case .bool(let b): return b ? 1 : 0; case .float(let d): return d; default: return nil }
        }
        if let x = asInt(a), let y = asInt(b) {
            func checked(_ r: (Int, Bool)) throws -> Value {
                if r.1 { throw PyError(.overflowError, "integer overflow (nnrepl integers are 64-bit)") }
                return .int(r.0)
            }
            switch op {
            case .add: return try checked(x.addingReportingOverflow(y))
            case .sub: return try checked(x.subtractingReportingOverflow(y))
            case .mul: return try checked(x.multipliedReportingOverflow(by: y))
            case .div:
                if y == 0 { throw PyError(.zeroDivisionError, "division by zero") }
                return .float(Double(x) / Double(y))
            case .floorDiv:
                if y == 0 { throw PyError(.zeroDivisionError, "integer division or modulo by zero") }
                let q = x / y
                return .int((x % y != 0 && ((x < 0) != (y < 0))) ? q - 1 : q)
            case .mod:
                if y == 0 { throw PyError(.zeroDivisionError, "integer modulo by zero") }
                let r = x % y
                return .int((r != 0 && ((r < 0) != (y < 0))) ? r + y : r)
            case .pow:
                if y < 0 { return .float(Foundation.pow(Double(x), Double(y))) }
                var result = 1, base = x, e = y
                while e > 0 {
                    if e & 1 == 1 { result = try checkedInt(result.multipliedReportingOverflow(by: base)) }
                    e >>= 1
                    if e > 0 { base = try checkedInt(base.multipliedReportingOverflow(by: base)) }
                }
                return .int(result)
            case .lshift: return .int(x << y)
            case .rshift: return .int(x >> y)
            case .bitAnd:
                if case .bool(let p) = a, case .bool(let q) = b { return .bool(p && q) }
                return .int(x & y)
            case .bitOr:
                if case .bool(let p) = a, case .bool(let q) = b { return .bool(p || q) }
                return .int(x | y)
            case .bitXor:
                if case .bool(let p) = a, case .bool(let q) = b { return .bool(p != q) }
                return .int(x ^ y)
            case .matMul: return nil
            }
        }
        guard let x = asDouble(a), let y = asDouble(b) else { return nil }
        switch op {
        case .add: return .float(x + y)
        case .sub: return .float(x - y)
        case .mul: return .float(x * y)
        case .div:
            if y == 0 { throw PyError(.zeroDivisionError, "float division by zero") }
            return .float(x / y)
        case .floorDiv:
            if y == 0 { throw PyError(.zeroDivisionError, "float floor division by zero") }
            return .float((x / y).rounded(.down))
        case .mod:
            if y == 0 { throw PyError(.zeroDivisionError, "float modulo") }
            let r = fmod(x, y)
            return .float((r != 0 && ((r < 0) != (y < 0))) ? r + y : r)
        case .pow:
            if x == 0 && y < 0 { throw PyError(.zeroDivisionError, "0.0 cannot be raised to a negative power") }
            if x < 0 && y != y.rounded() { throw PyError(.valueError, "complex results are not supported by nnrepl") }
            return .float(Foundation.pow(x, y))
        default: return nil
        }
    }

    private func checkedInt(_ r: (Int, Bool)) throws -> Int {
        if r.1 { throw PyError(.overflowError, "integer overflow (nnrepl integers are 64-bit)") }
        return r.0
    }

    /// `x op= y`: tensors and lists update in place (as their __iadd__ does); others rebind.
    func inPlaceBinary(_ op: BinaryOp, _ a: Value, _ b: Value, range: SourceRange) throws -> Value {
        if case .object(let o as NativeNumeric) = a, let r = try o.inPlaceOperation(op, b, self) { return r }
        if case .tensor(let t) = a, let y = tensorOperand(b) {
            switch op {
            case .add: return .tensor(try t.arithmeticInPlace(.add, y))
            case .sub: return .tensor(try t.arithmeticInPlace(.sub, y))
            case .mul: return .tensor(try t.arithmeticInPlace(.mul, y))
            case .div: return .tensor(try t.arithmeticInPlace(.div, y))
            default: break
            }
        }
        if case .list(let l) = a, op == .add {
            l.items += (try collect(b, range: range))
            return a
        }
        if case .set(let s) = a, let r = try setInPlace(op, s, b) { return r }
        if case .dict(let d) = a, op == .bitOr {
            try dictUpdate(d, b, [])
            return a
        }
        return try binary(op, a, b)
    }

    func compare(_ op: CompareOp, _ a: Value, _ b: Value) throws -> Value {
        switch op {
        case .is: return .bool(identical(a, b))
        case .isNot: return .bool(!identical(a, b))
        case .in: return .bool(try contains(b, a))
        case .notIn: return .bool(!(try contains(b, a)))
        default: break
        }
        if case .object(let o as NativeNumeric) = a, let r = try o.comparison(op, b, self) { return r }
        if case .object(let o as NativeNumeric) = b, let r = try o.comparison(op.swapped, a, self) { return r }
        if case .tensor = a, let x = tensorOperand(a), let y = tensorOperand(b) { return .tensor(try tensorCompare(op, x, y)) }
        if case .tensor = b, let x = tensorOperand(a), let y = tensorOperand(b) { return .tensor(try tensorCompare(op, x, y)) }
        if let r = try richComparison(op, a, b) { return r }
        switch op {
        case .eq: return .bool(try equals(a, b))
        case .ne: return .bool(!(try equals(a, b)))
        default: return .bool(try order(op, a, b))
        }
    }

    /// A class's `__lt__`/`__le__`/`__gt__`/`__ge__`: the left operand's method, else the right
    /// operand's reflection (`a < b` as `b.__gt__(a)`), as Python tries them. nnrepl's
    /// NotImplemented is None, so a method returning it passes the turn on.
    func richComparison(_ op: CompareOp, _ a: Value, _ b: Value) throws -> Value? {
        func name(_ op: CompareOp) -> String? {
            switch op {
            case .lt: return "__lt__"
            case .le: return "__le__"
            case .gt: return "__gt__"
            case .ge: return "__ge__"
            default: return nil
            }
        }
        guard let forward = name(op), let reflected = name(op.swapped) else { return nil }
        if case .instance(let inst) = a, let f = inst.cls.lookup(forward) {
            let r = try call(f, Arguments([a, b]))
            if !r.isNone { return r }
        }
        if case .instance(let inst) = b, let f = inst.cls.lookup(reflected) {
            let r = try call(f, Arguments([b, a]))
            if !r.isNone { return r }
        }
        return nil
    }

    func tensorCompare(_ op: CompareOp, _ x: Operand, _ y: Operand) throws -> Tensor {
        switch op {
        case .eq: return try Engine.compare(.eq, x, y)
        case .ne: return try Engine.compare(.ne, x, y)
        case .lt: return try Engine.compare(.lt, x, y)
        case .le: return try Engine.compare(.le, x, y)
        case .gt: return try Engine.compare(.gt, x, y)
        case .ge: return try Engine.compare(.ge, x, y)
        default: fatalError("handled by caller")
        }
    }

    func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y && abs(x) < 257
        case (.str(let x), .str(let y)): return x == y
        case (.tensor(let x), .tensor(let y)): return x === y
        case (.module(let x), .module(let y)): return x === y
        case (.list(let x), .list(let y)): return x === y
        case (.dict(let x), .dict(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.builtin(let x), .builtin(let y)): return x === y
        case (.cls(let x), .cls(let y)): return x === y
        case (.instance(let x), .instance(let y)): return x === y
        case (.object(let x), .object(let y)): return x === y || (x.hashKey() != nil && x.hashKey() == y.hashKey() && x.typeName == y.typeName)
        default: return false
        }
    }

    /// Python `==` for non-tensor values.
    func equals(_ a: Value, _ b: Value) throws -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.str(let x), .str(let y)): return x == y
        case (.int, _), (.float, _), (.bool, _):
            if let x = numberValue(a), let y = numberValue(b) { return x == y }
            return false
        case (.list(let x), .list(let y)):
            if x === y { return true }
            guard x.items.count == y.items.count else { return false }
            return try nested("in comparison") { try zip(x.items, y.items).allSatisfy { try equals($0, $1) } }
        case (.tuple(let x), .tuple(let y)):
            guard x.count == y.count else { return false }
            return try nested("in comparison") { try zip(x, y).allSatisfy { try equals($0, $1) } }
        case (.dict(let x), .dict(let y)):
            guard x.count == y.count else { return false }
            // Two OrderedDicts are equal only in the same order.
            if x.isOrderedDict && y.isOrderedDict {
                for (k, l) in zip(x.keys, y.keys) where try !equals(k, l) { return false }
            }
            for (k, v) in x.pairs {
                guard let w = try y.get(k), try equals(v, w) else { return false }
            }
            return true
        case (.set(let x), .set(let y)):
            return x.count == y.count && x.isSubset(of: y)
        case (.object(let o), _):
            if let r = o.equals(b) { return r }
            return identical(a, b)
        case (_, .object(let o)):
            if let r = o.equals(a) { return r }
            return identical(a, b)
        case (.instance(let inst), _):
            if let f = inst.cls.lookup("__eq__") { return try truthy(try call(f, Arguments([a, b]))) }
            return identical(a, b)
        default: return identical(a, b)
        }
    }

    func numberValue(_ v: Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .object(let o as NativeNumeric): return o.pythonNumber.flatMap { numberValue($0) }
        default: return nil
        }
    }

    /// `<`, `<=`, `>`, `>=` for numbers, strings, lists and tuples.
    func order(_ op: CompareOp, _ a: Value, _ b: Value) throws -> Bool {
        if let r = try richComparison(op, a, b) { return try truthy(r) }
        func cmp(_ a: Value, _ b: Value) throws -> Int {
            // torch.Size orders as the tuple it is.
            if let x = sizeOrTupleItems(a), let y = sizeOrTupleItems(b) { return try seqCmp(x, y) }
            switch (a, b) {
            case (.str(let x), .str(let y)): return x < y ? -1 : (x == y ? 0 : 1)
            case (.list(let x), .list(let y)): return try seqCmp(x.items, y.items)
            case (.tuple(let x), .tuple(let y)): return try seqCmp(x, y)
            case (.object(let x as PathObject), .object(let y as PathObject)):
                return try seqCmp(x.partsTuple.map { .str($0) }, y.partsTuple.map { .str($0) })
            default:
                if case .int(let x) = a, case .int(let y) = b { return x < y ? -1 : (x == y ? 0 : 1) }
                if let x = numberValue(a), let y = numberValue(b) {
                    if x.isNaN || y.isNaN { return 2 }
                    return x < y ? -1 : (x == y ? 0 : 1)
                }
                throw PyError(.typeError, "'\(op.rawValue)' not supported between instances of '\(typeName(a))' and '\(typeName(b))'")
            }
        }
        func seqCmp(_ x: [Value], _ y: [Value]) throws -> Int {
            for (p, q) in zip(x, y) {
                if try !equals(p, q) { return try cmp(p, q) }
            }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        }
        if case .set(let x) = a, case .set(let y) = b { return setOrder(op, x, y) }
        // dict.keys() and .items() views order as sets, against sets and each other.
        if let x = try setLikeView(a), let y = try setLikeView(b) { return setOrder(op, x, y) }
        let c = try cmp(a, b)
        if c == 2 { return false }
        switch op {
        case .lt: return c < 0
        case .le: return c <= 0
        case .gt: return c > 0
        case .ge: return c >= 0
        default: return false
        }
    }

    /// `item in container`.
    func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .str(let s):
            guard case .str(let sub) = item else { throw PyError(.typeError, "'in <string>' requires string as left operand, not \(typeName(item))") }
            return sub.isEmpty || s.contains(sub)
        case .list(let l): return try l.items.contains { try equals($0, item) }
        case .tuple(let t): return try t.contains { try equals($0, item) }
        case .dict(let d): return try d.get(item) != nil
        case .set(let s): return try s.contains(item)
        case .tensor(let t):
            guard let y = tensorOperand(item) else { throw PyError(.runtimeError, "Tensor.__contains__ only supports Tensor or scalar, but you passed in a \(typeName(item)).") }
            let eq = try Engine.compare(.eq, .tensor(t), y)
            return eq.floatValues().contains(1)
        default:
            let it = try iterate(container, range: nil)
            while let v = it.next() { if try equals(v, item) { return true } }
            return false
        }
    }
}

extension Interpreter {
    /// A set, or a dict's keys/items view as a set (for `<`, `<=`, `>`, `>=`); nil otherwise.
    func setLikeView(_ v: Value) throws -> PySet? {
        switch v {
        case .set(let s): return s
        case .object(let o as DictViewObject) where o.kind != .values: return try o.asSet()
        default: return nil
        }
    }
}
