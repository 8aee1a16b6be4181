/// Comparisons (bool results), logical ops, `where`, `maximum`/`minimum`.

public enum CompareKind { case eq, ne, lt, le, gt, ge }

public func compare(_ kind: CompareKind, _ a: Operand, _ b: Operand) throws -> Tensor {
    let ta = a.tensor, tb = b.tensor
    let dt = promoteTypes(ta, wrappedA: a.isWrapped, tb, wrappedB: b.isWrapped)
    func run<T: Comparable>(_ type: T.Type, _ x: Tensor, _ y: Tensor) throws -> Tensor {
        switch kind {
        case .eq: return try mapBinary(x, y, T.self, outDType: .bool) { $0 == $1 }
        case .ne: return try mapBinary(x, y, T.self, outDType: .bool) { $0 != $1 }
        case .lt: return try mapBinary(x, y, T.self, outDType: .bool) { $0 < $1 }
        case .le: return try mapBinary(x, y, T.self, outDType: .bool) { $0 <= $1 }
        case .gt: return try mapBinary(x, y, T.self, outDType: .bool) { $0 > $1 }
        case .ge: return try mapBinary(x, y, T.self, outDType: .bool) { $0 >= $1 }
        }
    }
    switch dt {
    case .float32: return try run(Float.self, try ta.to(.float32), try tb.to(.float32))
    default: return try run(Int64.self, try ta.to(.int64), try tb.to(.int64))
    }
}

public enum LogicalKind { case and, or, xor }

/// `&`, `|`, `^` on bool tensors (bitwise on int64 tensors).
public func logical(_ kind: LogicalKind, _ a: Operand, _ b: Operand) throws -> Tensor {
    let ta = a.tensor, tb = b.tensor
    let dt = promoteTypes(ta, wrappedA: a.isWrapped, tb, wrappedB: b.isWrapped)
    switch dt {
    case .bool:
        let x = try ta.to(.bool), y = try tb.to(.bool)
        switch kind {
        case .and: return try mapBinary(x, y, Bool.self, outDType: .bool) { $0 && $1 }
        case .or: return try mapBinary(x, y, Bool.self, outDType: .bool) { $0 || $1 }
        case .xor: return try mapBinary(x, y, Bool.self, outDType: .bool) { $0 != $1 }
        }
    case .int64:
        let x = try ta.to(.int64), y = try tb.to(.int64)
        switch kind {
        case .and: return try mapBinary(x, y, Int64.self, outDType: .int64) { $0 & $1 }
        case .or: return try mapBinary(x, y, Int64.self, outDType: .int64) { $0 | $1 }
        case .xor: return try mapBinary(x, y, Int64.self, outDType: .int64) { $0 ^ $1 }
        }
    case .float32:
        let op = kind == .and ? "bitwise_and" : kind == .or ? "bitwise_or" : "bitwise_xor"
        throw TorchError.runtime("\"\(op)_cpu\" not implemented for 'Float'")
    }
}

/// `~t` / `logical_not`.
public func logicalNot(_ t: Tensor, bitwise: Bool) throws -> Tensor {
    switch t.dtype {
    case .bool: return try mapUnary(t, Bool.self, outDType: .bool) { !$0 }
    case .int64:
        if bitwise { return try mapUnary(t, Int64.self, outDType: .int64) { ~$0 } }
        return try mapUnary(t, Int64.self, outDType: .bool) { $0 == 0 }
    case .float32:
        if bitwise { throw TorchError.runtime("\"bitwise_not_cpu\" not implemented for 'Float'") }
        return try mapUnary(t, Float.self, outDType: .bool) { $0 == 0 }
    }
}

/// `torch.where(cond, a, b)`.
public func whereSelect(_ cond: Tensor, _ a: Operand, _ b: Operand) throws -> Tensor {
    guard cond.dtype == .bool else {
        throw TorchError.runtime("where expected condition to be a boolean tensor, but got a tensor with dtype \(cond.dtype.scalarName)")
    }
    let ta = a.tensor, tb = b.tensor
    let dt = promoteTypes(ta, wrappedA: a.isWrapped, tb, wrappedB: b.isWrapped)
    let shape = try broadcastShapes(try broadcastShapes(cond.shape, ta.shape), tb.shape)
    let x = try ta.to(dt), y = try tb.to(dt)
    let out = try Tensor(shape: shape, dtype: dt, zeroed: false)
    let c = cond.boolPointer
    let strides = [out.strides, broadcastStrides(of: cond, to: shape), broadcastStrides(of: x, to: shape), broadcastStrides(of: y, to: shape)]
    func run<T>(_ type: T.Type) {
        let px = x.storage.bytes.assumingMemoryBound(to: T.self) + x.offset
        let py = y.storage.bytes.assumingMemoryBound(to: T.self) + y.offset
        let po = out.storage.bytes.assumingMemoryBound(to: T.self)
        forEachRow(shape: shape, strides: strides) { o, n, s in
            for i in 0..<n {
                po[o[0] + i] = c[o[1] + i * s[1]] ? px[o[2] + i * s[2]] : py[o[3] + i * s[3]]
            }
        }
    }
    switch dt {
    case .float32: run(Float.self)
    case .int64: run(Int64.self)
    case .bool: run(Bool.self)
    }
    return out.recording(WhereBackward0(cond: cond, aShape: ta.shape, bShape: tb.shape), inputs: [ta, tb])
}

/// `torch.maximum` / `torch.minimum` (NaN propagates; ties split the gradient evenly).
public func maximum(_ a: Tensor, _ b: Tensor, isMax: Bool = true) throws -> Tensor {
    let dt = max(a.dtype, b.dtype)
    let out: Tensor
    if dt == .float32 {
        out = try mapBinary(try a.to(.float32), try b.to(.float32), Float.self, outDType: .float32) { x, y in
            if x.isNaN || y.isNaN { return Float.nan }
            return isMax ? Swift.max(x, y) : Swift.min(x, y)
        }
    } else {
        out = try mapBinary(try a.to(.int64), try b.to(.int64), Int64.self, outDType: .int64) { isMax ? Swift.max($0, $1) : Swift.min($0, $1) }
    }
    let node: Node = isMax ? MaximumBackward0(a: a, b: b) : MinimumBackward0(a: a, b: b)
    return out.recording(node, inputs: [a, b])
}

// MARK: backward nodes

/// self: where(cond, grad, 0);  other: where(cond, 0, grad)
final class WhereBackward0: Node {
    let cond: Tensor, aShape: [Int], bShape: [Int]
    init(cond: Tensor, aShape: [Int], bShape: [Int]) { self.cond = cond; self.aShape = aShape; self.bShape = bShape }
    override var savesTensors: Bool { true }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let zero = Operand.scalar(.float(0))
        return [try whereSelect(cond, .tensor(grad), zero).sumTo(aShape), try whereSelect(cond, zero, .tensor(grad)).sumTo(bShape)]
    }
}

/// Shared by maximum/minimum: the winner gets grad, a tie splits it in halves.
class ExtremumBackward: BinarySavedNode {
    let isMax: Bool
    init(a: Tensor, b: Tensor, isMax: Bool) { self.isMax = isMax; super.init(a: a, b: b) }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let x = try a.unpack(self).to(.float32), y = try b.unpack(self).to(.float32)
        let shape = try broadcastShapes(x.shape, y.shape)
        let xe = try x.expand(shape), ye = try y.expand(shape)
        let g = try grad.to(.float32).expand(shape).contiguousCopy()
        let isMax = self.isMax
        // Selected, not multiplied: the loser gets +0; a tie gets grad / 2.
        func part(_ mine: Tensor, _ other: Tensor) throws -> Tensor {
            let w = try mapBinary(mine, other, Float.self, outDType: .float32) { p, q in p == q ? Float(0.5) : ((p > q) == isMax ? Float(1) : Float(0)) }
            return try mapBinary(g, w, Float.self, outDType: .float32) { gv, wv in wv == 0 ? 0 : (wv == 1 ? gv : gv * wv) }
        }
        return [try part(xe, ye).sumTo(x.shape), try part(ye, xe).sumTo(y.shape)]
    }
}
final class MaximumBackward0: ExtremumBackward { init(a: Tensor, b: Tensor) { super.init(a: a, b: b, isMax: true) } }
final class MinimumBackward0: ExtremumBackward { init(a: Tensor, b: Tensor) { super.init(a: a, b: b, isMax: false) } }
