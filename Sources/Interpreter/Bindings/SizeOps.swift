import Engine

/// `torch.Size` arithmetic: it is a tuple subclass whose `+` and `*` give a Size again
/// (`x.shape + (5,)`, `(1,) + x.shape`, `x.shape * 2`), refusing items that are not ints.
extension Interpreter {
    /// The items of a Size or a tuple (nil for anything else).
    func sizeOrTupleItems(_ v: Value) -> [Value]? {
        switch v {
        case .tuple(let items): return items
        case .object(let s as SizeObject): return s.dims.map { .int($0) }
        default: return nil
        }
    }

    /// `torch.Size(items)`: every item must be an int (a bool counts as one).
    func makeSize(_ items: [Value]) throws -> SizeObject {
        var dims: [Int] = []
        for (i, v) in items.enumerated() {
            switch v {
            case .int(let n): dims.append(n)
            case .bool(let b): dims.append(b ? 1 : 0)
            case .tensor(let t) where t.numel == 1 && !t.dtype.isFloatingPoint: dims.append(Int(t.doubleValue(atFlat: 0)))
            default: throw PyError(.typeError, "torch.Size() takes an iterable of 'int' (item \(i) is '\(typeName(v))')")
            }
        }
        return SizeObject(dims)
    }

    func sizeBinary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value? {
        let aIsSize: Bool, bIsSize: Bool
        if case .object(is SizeObject) = a { aIsSize = true } else { aIsSize = false }
        if case .object(is SizeObject) = b { bIsSize = true } else { bIsSize = false }
        guard aIsSize || bIsSize else { return nil }
        switch op {
        case .add:
            guard let x = sizeOrTupleItems(a), let y = sizeOrTupleItems(b) else {
                let other = aIsSize ? b : a
                throw PyError(.typeError, "can only concatenate tuple (not \(typeName(other))) to torch.Size")
            }
            return .object(try makeSize(x + y))
        case .mul:
            let (seq, count) = aIsSize ? (a, b) : (b, a)
            guard let items = sizeOrTupleItems(seq), case .int(let n) = count else { return nil }
            try checkRepetitionSize(items.count, n, elementBytes: MemoryLayout<Value>.stride)
            return .object(try makeSize(items.isEmpty ? [] : Array(repeating: items, count: max(n, 0)).flatMap { $0 }))
        default: return nil
        }
    }
}
