/// Comparisons (bool results), logical ops, `where`, `maximum`/`minimum`.

public enum CompareKind { case eq, ne, lt, le, gt, ge }

/// `== != < <= > >=` in the promoted dtype; the result is bool.
public func compare(_ kind: CompareKind, _ a: Operand, _ b: Operand) throws -> Tensor {
    let dt = promoteTypes(a, b)
    let k = CompareKernel(kind: kind, x: try a.tensor.to(dt), y: try b.tensor.to(dt))
    if dt.isFloatingPoint { return try dt.dispatchFloating(k) }
    if dt.isIntegral { return try dt.dispatchIntegral(k) }
    return try k.runBool()
}

/// Comparisons in each dtype's own order: floats in their compute type (NaN compares false),
/// integers natively (exact for all of int64). Each case is its own loop so the comparison is
/// inlined into it.
private struct CompareKernel: FloatingKernel, IntegralKernel {
    let kind: CompareKind, x: Tensor, y: Tensor
    func run<T: FloatingElement>(_: T.Type) throws -> Tensor {
        switch kind {
        case .eq: return try mapBinary(x, y, T.self, outDType: .bool) { $0.compute == $1.compute }
        case .ne: return try mapBinary(x, y, T.self, outDType: .bool) { $0.compute != $1.compute }
        case .lt: return try mapBinary(x, y, T.self, outDType: .bool) { $0.compute < $1.compute }
        case .le: return try mapBinary(x, y, T.self, outDType: .bool) { $0.compute <= $1.compute }
        case .gt: return try mapBinary(x, y, T.self, outDType: .bool) { $0.compute > $1.compute }
        case .ge: return try mapBinary(x, y, T.self, outDType: .bool) { $0.compute >= $1.compute }
        }
    }
    func run<T: IntegralElement>(_: T.Type) throws -> Tensor {
        switch kind {
        case .eq: return try mapBinary(x, y, T.self, outDType: .bool) { $0 == $1 }
        case .ne: return try mapBinary(x, y, T.self, outDType: .bool) { $0 != $1 }
        case .lt: return try mapBinary(x, y, T.self, outDType: .bool) { $0 < $1 }
        case .le: return try mapBinary(x, y, T.self, outDType: .bool) { $0 <= $1 }
        case .gt: return try mapBinary(x, y, T.self, outDType: .bool) { $0 > $1 }
        case .ge: return try mapBinary(x, y, T.self, outDType: .bool) { $0 >= $1 }
        }
    }
    /// bool operands: false < true.
    func runBool() throws -> Tensor {
        switch kind {
        case .eq: return try mapBinary(x, y, Bool.self, outDType: .bool) { $0 == $1 }
        case .ne: return try mapBinary(x, y, Bool.self, outDType: .bool) { $0 != $1 }
        case .lt: return try mapBinary(x, y, Bool.self, outDType: .bool) { !$0 && $1 }
        case .le: return try mapBinary(x, y, Bool.self, outDType: .bool) { !$0 || $1 }
        case .gt: return try mapBinary(x, y, Bool.self, outDType: .bool) { $0 && !$1 }
        case .ge: return try mapBinary(x, y, Bool.self, outDType: .bool) { $0 || !$1 }
        }
    }
}

public enum LogicalKind { case and, or, xor }

/// `&`, `|`, `^`: logical on bool, bitwise on integers, PyTorch's error for floating types.
public func logical(_ kind: LogicalKind, _ a: Operand, _ b: Operand) throws -> Tensor {
    let dt = promoteTypes(a, b)
    if dt.isFloatingPoint {
        throw TorchError.notImplemented(kind == .and ? "bitwise_and_cpu" : kind == .or ? "bitwise_or_cpu" : "bitwise_xor_cpu", dt)
    }
    let x = try a.tensor.to(dt), y = try b.tensor.to(dt)
    if dt == .bool {
        switch kind {
        case .and: return try mapBinary(x, y, Bool.self, outDType: .bool) { $0 && $1 }
        case .or: return try mapBinary(x, y, Bool.self, outDType: .bool) { $0 || $1 }
        case .xor: return try mapBinary(x, y, Bool.self, outDType: .bool) { $0 != $1 }
        }
    }
    return try dt.dispatchIntegral(Bitwise(kind: kind, x: x, y: y))
}

private struct Bitwise: IntegralKernel {
    let kind: LogicalKind, x: Tensor, y: Tensor
    func run<T: IntegralElement>(_: T.Type) throws -> Tensor {
        switch kind {
        case .and: return try mapBinary(x, y, T.self, outDType: T.dtype) { $0 & $1 }
        case .or: return try mapBinary(x, y, T.self, outDType: T.dtype) { $0 | $1 }
        case .xor: return try mapBinary(x, y, T.self, outDType: T.dtype) { $0 ^ $1 }
        }
    }
}

/// `~t` (bitwise: integers and bool only) / `logical_not` (any dtype, bool result).
public func logicalNot(_ t: Tensor, bitwise: Bool) throws -> Tensor {
    if t.dtype == .bool { return try mapUnary(t, Bool.self, outDType: .bool) { !$0 } }
    if bitwise {
        guard t.dtype.isIntegral else { throw TorchError.notImplemented("bitwise_not_cpu", t.dtype) }
        return try t.dtype.dispatchIntegral(BitwiseNot(t: t))
    }
    return try compare(.eq, .tensor(t), .scalar(.int(0)))
}

private struct BitwiseNot: IntegralKernel {
    let t: Tensor
    func run<T: IntegralElement>(_: T.Type) throws -> Tensor { try mapUnary(t, T.self, outDType: T.dtype) { ~$0 } }
}

/// `torch.where(cond, a, b)` in `result_type(a, b)`.
public func whereSelect(_ cond: Tensor, _ a: Operand, _ b: Operand) throws -> Tensor {
    guard cond.dtype == .bool else {
        throw TorchError.runtime("where expected condition to be a boolean tensor, but got a tensor with dtype \(cond.dtype.scalarName)")
    }
    let ta = a.tensor, tb = b.tensor
    let dt = promoteTypes(a, b)
    // A Python number must fit the result dtype (torch.where(mask, uint8_tensor, 1000) is an error).
    for case .scalar(let v) in [a, b] where dt != .bool { try v.checkFits(dt) }
    let shape = try broadcastShapes(try broadcastShapes(cond.shape, ta.shape), tb.shape)
    let x = try ta.to(dt), y = try tb.to(dt)
    let out = try Tensor(shape: shape, dtype: dt, zeroed: false)
    let strides = [out.strides, broadcastStrides(of: cond, to: shape), broadcastStrides(of: x, to: shape), broadcastStrides(of: y, to: shape)]
    // Selection moves bits: one kernel per element size serves every dtype of that size.
    func run<T>(_: T.Type) {
        let c = cond.boolPointer
        let px = x.storage.bytes.assumingMemoryBound(to: T.self) + x.offset
        let py = y.storage.bytes.assumingMemoryBound(to: T.self) + y.offset
        let po = out.storage.bytes.assumingMemoryBound(to: T.self)
        forEachRow(shape: shape, strides: strides) { o, n, s in
            let (pc, pxr, pyr, pout) = (c + o[1], px + o[2], py + o[3], po + o[0])
            let (sc, sx, sy) = (s[1], s[2], s[3])
            if sc == 1 && sx == 1 && sy == 0 {
                let v = pyr[0]
                for i in 0..<n { pout[i] = pc[i] ? pxr[i] : v }
            } else if sc == 1 && sx == 0 && sy == 1 {
                let v = pxr[0]
                for i in 0..<n { pout[i] = pc[i] ? v : pyr[i] }
            } else {
                for i in 0..<n { pout[i] = pc[i * sc] ? pxr[i * sx] : pyr[i * sy] }
            }
        }
    }
    switch dt.itemSize {
    case 1: run(UInt8.self)
    case 2: run(UInt16.self)
    case 4: run(UInt32.self)
    default: run(UInt64.self)
    }
    return out.recording(WhereBackward0(cond: cond, aShape: ta.shape, bShape: tb.shape), inputs: [ta, tb])
}

/// `torch.maximum` / `torch.minimum` in the promoted dtype (NaN propagates; ties split the
/// gradient evenly).
public func maximum(_ a: Tensor, _ b: Tensor, isMax: Bool = true) throws -> Tensor {
    let dt = promoteTypes(.tensor(a), .tensor(b))
    let x = try a.to(dt), y = try b.to(dt)
    let out: Tensor
    if dt == .bool {
        out = try mapBinary(x, y, Bool.self, outDType: .bool) { isMax ? $0 || $1 : $0 && $1 }
    } else if dt.isIntegral {
        out = try dt.dispatchIntegral(Extremum(x: x, y: y, isMax: isMax))
    } else {
        out = try dt.dispatchFloating(Extremum(x: x, y: y, isMax: isMax))
    }
    let node: Node = isMax ? MaximumBackward0(a: a, b: b) : MinimumBackward0(a: a, b: b)
    return out.recording(node, inputs: [a, b])
}

private struct Extremum: FloatingKernel, IntegralKernel {
    let x: Tensor, y: Tensor, isMax: Bool
    func run<T: FloatingElement>(_: T.Type) throws -> Tensor {
        try mapBinary(x, y, T.self, outDType: T.dtype) { p, q in
            let (u, v) = (p.compute, q.compute)
            if u.isNaN { return p }
            if v.isNaN { return q }
            return (isMax ? u >= v : u <= v) ? p : q
        }
    }
    func run<T: IntegralElement>(_: T.Type) throws -> Tensor {
        try mapBinary(x, y, T.self, outDType: T.dtype) { isMax ? Swift.max($0, $1) : Swift.min($0, $1) }
    }
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
        let x = try a.unpack(self), y = try b.unpack(self)
        // Selected, not multiplied: the loser gets +0; a tie gets grad / 2.
        let half = try div(.tensor(grad), .scalar(.int(2)))
        func part(_ mine: Tensor, _ other: Tensor) throws -> Tensor {
            let wins = try compare(isMax ? .gt : .lt, .tensor(mine), .tensor(other))
            let ties = try compare(.eq, .tensor(mine), .tensor(other))
            let g = try whereSelect(ties, .tensor(half), .scalar(.int(0)))
            return try whereSelect(wins, .tensor(grad), .tensor(g))
        }
        return [try part(x, y).sumTo(x.shape), try part(y, x).sumTo(y.shape)]
    }
}
final class MaximumBackward0: ExtremumBackward { init(a: Tensor, b: Tensor) { super.init(a: a, b: b, isMax: true) } }
final class MinimumBackward0: ExtremumBackward { init(a: Tensor, b: Tensor) { super.init(a: a, b: b, isMax: false) } }
