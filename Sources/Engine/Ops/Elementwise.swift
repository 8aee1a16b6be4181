/// Shared machinery of elementwise ops: type promotion, broadcasting kernels, reducing a
/// broadcast gradient back to an input's shape.

extension Operand {
    /// How this operand ranks in `result_type`: a Python number is a wrapped number, a 0-d
    /// tensor ranks below tensors with dimensions.
    public var promotionRank: PromotionRank {
        switch self {
        case .scalar: return .wrapped
        case .tensor(let t): return t.isWrappedNumber ? .wrapped : t.ndim == 0 ? .zeroDim : .dimensioned
        }
    }
    public var dtype: DType {
        switch self {
        case .scalar(let s): return s.dtype
        case .tensor(let t): return t.dtype
        }
    }
}

/// PyTorch's result type (`torch.result_type`) for the operands of an elementwise op.
public func promoteTypes(_ operands: Operand...) -> DType {
    resultType(operands.map { ($0.dtype, $0.promotionRank) })
}

/// Applies `f` to every element pair of `a` and `b` broadcast together, writing a new contiguous
/// tensor of element type R. Both inputs must already have element type T.
@inline(__always)
func mapBinary<T: Element, R: Element>(_ a: Tensor, _ b: Tensor, _ ta: T.Type, outDType: DType, _ f: (T, T) -> R) throws -> Tensor {
    // Checked once per call, in release builds too: reading a buffer as another type prints
    // garbage, and a closure whose literal result inferred the wrong type would write past it.
    precondition(T.dtype == a.dtype && T.dtype == b.dtype && R.dtype == outDType,
                 "mapBinary: \(T.self) kernel on \(a.dtype.name)/\(b.dtype.name) inputs, \(R.self) into \(outDType.name)")
    let shape = try broadcastShapes(a.shape, b.shape)
    let out = try Tensor(shape: shape, dtype: outDType, zeroed: false)
    let pa = a.storage.bytes.assumingMemoryBound(to: T.self) + a.offset
    let pb = b.storage.bytes.assumingMemoryBound(to: T.self) + b.offset
    let po = out.storage.bytes.assumingMemoryBound(to: R.self)
    // Fast paths kept outside forEachRow's closure, so `f` is inlined at the call site instead
    // of being called through a thunk per element.
    if a.shape == shape && b.shape == shape && a.isContiguous && b.isContiguous {
        for i in 0..<out.numel { po[i] = f(pa[i], pb[i]) }
        return out
    }
    if a.shape == shape && a.isContiguous && b.numel == 1 {
        let bv = pb[0]
        for i in 0..<out.numel { po[i] = f(pa[i], bv) }
        return out
    }
    if b.shape == shape && b.isContiguous && a.numel == 1 {
        let av = pa[0]
        for i in 0..<out.numel { po[i] = f(av, pb[i]) }
        return out
    }
    forEachRow(shape: shape, strides: [out.strides, broadcastStrides(of: a, to: shape), broadcastStrides(of: b, to: shape)]) { o, n, s in
        let (oo, ao, bo, sa, sb) = (o[0], o[1], o[2], s[1], s[2])
        if sa == 1 && sb == 1 {
            for i in 0..<n { po[oo + i] = f(pa[ao + i], pb[bo + i]) }
        } else if sb == 0 {
            let bv = pb[bo]
            for i in 0..<n { po[oo + i] = f(pa[ao + i * sa], bv) }
        } else {
            for i in 0..<n { po[oo + i] = f(pa[ao + i * sa], pb[bo + i * sb]) }
        }
    }
    return out
}

/// Applies `f` to every element of `a` (element type T), writing a new contiguous tensor.
@inline(__always)
func mapUnary<T: Element, R: Element>(_ a: Tensor, _ ta: T.Type, outDType: DType, _ f: (T) -> R) throws -> Tensor {
    precondition(T.dtype == a.dtype && R.dtype == outDType, "mapUnary: \(T.self) kernel on a \(a.dtype.name) input, \(R.self) into \(outDType.name)")
    let out = try Tensor(shape: a.shape, dtype: outDType, zeroed: false)
    let pa = a.storage.bytes.assumingMemoryBound(to: T.self) + a.offset
    let po = out.storage.bytes.assumingMemoryBound(to: R.self)
    if a.isContiguous {
        for i in 0..<out.numel { po[i] = f(pa[i]) }
        return out
    }
    forEachRow(shape: a.shape, strides: [out.strides, a.strides]) { o, n, s in
        let (oo, ao, sa) = (o[0], o[1], s[1])
        if sa == 1 {
            for i in 0..<n { po[oo + i] = f(pa[ao + i]) }
        } else {
            for i in 0..<n { po[oo + i] = f(pa[ao + i * sa]) }
        }
    }
    return out
}

/// Updates `a` in place with `f(a, b)`, b broadcast to a's shape (both of element type T).
@inline(__always)
func updateBinary<T: Element>(_ a: Tensor, _ b: Tensor, _ ta: T.Type, _ f: (T, T) -> T) {
    precondition(T.dtype == a.dtype && T.dtype == b.dtype, "updateBinary: \(T.self) kernel on \(a.dtype.name)/\(b.dtype.name)")
    let pa = a.storage.bytes.assumingMemoryBound(to: T.self) + a.offset
    let pb = b.storage.bytes.assumingMemoryBound(to: T.self) + b.offset
    if a.isContiguous && b.isContiguous && a.shape == b.shape {
        for i in 0..<a.numel { pa[i] = f(pa[i], pb[i]) }
        return
    }
    forEachRow(shape: a.shape, strides: [a.strides, broadcastStrides(of: b, to: a.shape)]) { o, n, s in
        let (ao, bo, sa, sb) = (o[0], o[1], s[0], s[1])
        for i in 0..<n { pa[ao + i * sa] = f(pa[ao + i * sa], pb[bo + i * sb]) }
    }
}

extension Tensor {
    /// Sums a broadcast gradient back to `target` (the input's shape).
    public func sumTo(_ target: [Int]) throws -> Tensor {
        if shape == target { return self }
        let lead = shape.count - target.count
        var dims: [Int] = Array(0..<max(lead, 0))
        for (i, d) in target.enumerated() where d == 1 && shape[lead + i] != 1 { dims.append(lead + i) }
        // With grad mode on (create_graph=True) the reduction is recorded, so the gradient keeps its graph.
        let recording = GradMode.isEnabled && requiresGrad
        var r = dims.isEmpty ? self : (recording ? try sum(dims: dims, keepdim: true) : try sumRaw(dims: dims, keepdim: true))
        if r.shape != target { r = recording ? try r.reshape(target) : try r.reshapeRaw(target) }
        return r
    }

    /// `self + other` in place with no autograd (gradient accumulation).
    func addInPlaceNoGrad(_ other: Tensor) throws {
        let o = try other.to(dtype)
        switch dtype {
        case .float32: updateBinary(self, o, Float.self, +)
        case .float64: updateBinary(self, o, Double.self, +)
        default: copyElements(from: try GradMode.with(false) { try add(self, o) }, srcStrides: contiguousStrides(shape), to: self, shape: shape)
        }
        bumpVersion()
    }

    /// Plain `self + other` used inside the engine (no history).
    func adding(_ other: Tensor) throws -> Tensor {
        try GradMode.with(false) { try add(self, other) }
    }
}
