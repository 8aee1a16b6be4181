/// An n-dimensional array of elements of one `DType` over shared storage, with the
/// autograd state PyTorch keeps on a tensor. Reference semantics: views share `storage`.
public final class Tensor {
    public internal(set) var storage: Storage
    public internal(set) var shape: [Int]
    public internal(set) var strides: [Int]
    /// Element offset of this view's first element within `storage`.
    public internal(set) var offset: Int
    /// Changes only through `setData` (`param.data = other`, `module.double()`).
    public internal(set) var dtype: DType
    public internal(set) var version: VersionCounter

    // MARK: autograd state
    /// True for a leaf created with requires_grad, or for any result computed from one.
    public internal(set) var requiresGrad: Bool = false
    /// The node that computed this tensor; nil for leaves.
    public internal(set) var gradFn: Node?
    /// Accumulated gradient of a leaf (or of a non-leaf after `retain_grad()`).
    /// Any assignment (`p.grad = None`, `zero_grad()`, a tensor set by hand) restarts the count
    /// of backward passes summed into it.
    public var grad: Tensor? { didSet { gradAccumulations = 0 } }
    /// How many backward passes added into `grad` since it was last None or zeroed (`%grads`
    /// warns when it is more than 1, the classic forgotten `zero_grad()`); 0 when there is no
    /// grad or it was set by hand. Kept by AccumulateGrad at no cost on the usual path.
    public internal(set) var gradAccumulations = 0
    /// The AccumulateGrad node of a leaf; weak so that a leaf without a graph keeps none alive.
    weak var gradAccumulator: AccumulateGrad?
    public internal(set) var retainsGrad = false
    /// Hooks from `register_hook` on a leaf, run on the gradient before it is accumulated.
    var hooks = HookList<(Tensor) throws -> Tensor?>()
    /// Shown as `Parameter containing:`; set by nn.Parameter.
    public var isParameter = false
    /// A lazy module's parameter or buffer before its first forward (`<UninitializedParameter>`):
    /// an empty placeholder whose data `setData` replaces in place, keeping its identity.
    public var isUninitialized = false
    /// A 0-d tensor made from a Python number by an op (PyTorch's "wrapped number"): type
    /// promotion ranks it below every tensor, also when a backward formula reuses it.
    public internal(set) var isWrappedNumber = false
    /// The tensor this one is a view of (for the "view of a leaf" in-place check).
    public internal(set) var viewBase: Tensor?

    init(storage: Storage, shape: [Int], strides: [Int], offset: Int, dtype: DType, version: VersionCounter) {
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.offset = offset
        self.dtype = dtype
        self.version = version
    }

    /// A new contiguous tensor (uninitialised unless `zeroed`).
    public convenience init(shape: [Int], dtype: DType = .float32, zeroed: Bool = true) throws {
        for d in shape where d < 0 {
            throw TorchError.runtime("Trying to create tensor with negative dimension \(d): \(shape)")
        }
        // Both the element count and the strides (which skip zero sizes) must fit in an Int.
        var count = 1, strideProduct = 1
        for d in shape {
            let (c, o) = count.multipliedReportingOverflow(by: d)
            let (s, o2) = strideProduct.multipliedReportingOverflow(by: Swift.max(d, 1))
            guard !o, !o2 else { throw TorchError.runtime("Storage size calculation overflowed with sizes=\(shape)") }
            count = c
            strideProduct = s
        }
        // The byte count overflowing is the same error, naming the sizes as PyTorch does.
        if count.multipliedReportingOverflow(by: dtype.itemSize).overflow {
            throw TorchError.runtime("Storage size calculation overflowed with sizes=\(shape)")
        }
        let storage = try Storage(count: count, dtype: dtype, zeroed: zeroed)
        self.init(storage: storage, shape: shape, strides: contiguousStrides(shape), offset: 0, dtype: dtype, version: VersionCounter())
    }

    /// A 0-d tensor holding `value`.
    public convenience init<T: Element>(scalar value: T) {
        try! self.init(shape: [], dtype: T.dtype, zeroed: false)   // at most 8 bytes: cannot fail
        pointer(T.self)[0] = value
    }

    /// A contiguous tensor of `shape` holding `values` (row-major).
    public convenience init<T: Element>(values: [T], shape: [Int]) throws {
        try self.init(shape: shape, dtype: T.dtype, zeroed: false)
        guard values.count == numel else { throw TorchError.runtime("shape '\(shapeList(shape))' is invalid for input of size \(values.count)") }
        let p = pointer(T.self)
        values.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: values.count) }
    }

    /// A contiguous float32 tensor holding `values`.
    public convenience init(floats values: [Float], shape: [Int]) throws { try self.init(values: values, shape: shape) }
    public convenience init(int64s values: [Int64], shape: [Int]) throws { try self.init(values: values, shape: shape) }
    public convenience init(bools values: [Bool], shape: [Int]) throws { try self.init(values: values, shape: shape) }

    // MARK: geometry

    public var ndim: Int { shape.count }
    public var numel: Int { shape.reduce(1, *) }
    public var isContiguous: Bool { isContiguousLayout(shape: shape, strides: strides) }
    public var isLeaf: Bool { gradFn == nil }

    /// `size(dim)` with negative dims.
    public func size(_ dim: Int) throws -> Int {
        guard ndim > 0 else { throw TorchError.index("Dimension specified as \(dim) but tensor has no dimensions") }
        return shape[try normalizeDim(dim, ndim)]
    }
    public func stride(_ dim: Int) throws -> Int {
        guard ndim > 0 else { throw TorchError.index("Dimension specified as \(dim) but tensor has no dimensions") }
        return strides[try normalizeDim(dim, ndim)]
    }

    // MARK: raw element access (at this view's offset; index with strides)

    /// This view's elements as `T`. The element type must be the tensor's dtype: kernels check
    /// dtypes (and throw PyTorch's errors) before they ask for a pointer, so a mismatch here is a
    /// bug in nnrepl, caught in debug builds instead of reading memory as the wrong type.
    @inline(__always)
    public func pointer<T: Element>(_: T.Type) -> UnsafeMutablePointer<T> {
        assert(T.dtype == dtype, "\(T.self) pointer into a \(dtype.name) tensor")
        return storage.bytes.assumingMemoryBound(to: T.self) + offset
    }

    public var floatPointer: UnsafeMutablePointer<Float> { pointer(Float.self) }
    public var doublePointer: UnsafeMutablePointer<Double> { pointer(Double.self) }
    public var int64Pointer: UnsafeMutablePointer<Int64> { pointer(Int64.self) }
    public var boolPointer: UnsafeMutablePointer<Bool> { pointer(Bool.self) }

    /// Storage offsets (relative to `offset`) of every element in row-major order.
    func elementOffsets() -> [Int] {
        var result = [Int]()
        result.reserveCapacity(numel)
        forEachRow(shape: shape, strides: [strides]) { offs, count, inner in
            let base = offs[0], st = inner[0]
            for i in 0..<count { result.append(base + i * st) }
        }
        return result
    }

    /// Element `flat` (row-major) as a Double, whatever the dtype.
    public func doubleValue(atFlat flat: Int) -> Double { doubleValueAtOffset(storageOffset(ofFlat: flat)) }

    /// Element at a storage offset relative to `offset`, as Double (int64 beyond 2^53 rounds).
    public func doubleValueAtOffset(_ off: Int) -> Double {
        switch dtype {
        case .bool: return pointer(Bool.self)[off].asDouble
        case .uint8: return pointer(UInt8.self)[off].asDouble
        case .int8: return pointer(Int8.self)[off].asDouble
        case .int16: return pointer(Int16.self)[off].asDouble
        case .int32: return pointer(Int32.self)[off].asDouble
        case .int64: return pointer(Int64.self)[off].asDouble
        case .float16: return pointer(Float16.self)[off].asDouble
        case .bfloat16: return pointer(BFloat16.self)[off].asDouble
        case .float32: return pointer(Float.self)[off].asDouble
        case .float64: return pointer(Double.self)[off].asDouble
        }
    }

    /// Element `flat` (row-major) as a Python number: int for integer dtypes, bool for bool,
    /// float (the exact value, widened) for floating dtypes — what `item()` returns.
    public func scalar(atFlat flat: Int) -> Scalar {
        let off = storageOffset(ofFlat: flat)
        switch dtype {
        case .bool: return .bool(pointer(Bool.self)[off])
        case .uint8: return .int(pointer(UInt8.self)[off].asInt64)
        case .int8: return .int(pointer(Int8.self)[off].asInt64)
        case .int16: return .int(pointer(Int16.self)[off].asInt64)
        case .int32: return .int(pointer(Int32.self)[off].asInt64)
        case .int64: return .int(pointer(Int64.self)[off])
        default: return .float(doubleValueAtOffset(off))
        }
    }

    /// The storage offset (relative to `offset`) of the row-major element `flat`.
    public func storageOffset(ofFlat flat: Int) -> Int {
        var rem = flat, off = 0
        var d = shape.count - 1
        while d >= 0 {
            let s = shape[d]
            if s > 0 {
                off += (rem % s) * strides[d]
                rem /= s
            }
            d -= 1
        }
        return off
    }

    /// A view sharing storage, version counter and autograd-independent geometry.
    func makeView(shape: [Int], strides: [Int], offset: Int) -> Tensor {
        let t = Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype, version: version)
        t.viewBase = viewBase ?? self
        return t
    }

    /// `tensor.data`: same storage, no autograd history, and a fresh version counter, so that
    /// writes through it are invisible to autograd's in-place checks (as in PyTorch).
    public var data: Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype, version: VersionCounter())
    }

    /// `tensor.detach()`: shares storage and version counter, no history.
    public func detach() -> Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype, version: version)
    }

    /// `tensor.data = other`: swaps the underlying data, keeping this tensor's identity and grad state.
    public func setData(_ other: Tensor) throws {
        if requiresGrad && !other.dtype.isFloatingPoint {
            throw TorchError.runtime("data set to a tensor that requires gradients must be floating point or complex dtype")
        }
        dtype = other.dtype
        storage = other.storage
        shape = other.shape
        strides = other.strides
        offset = other.offset
    }

    /// `zero_grad(set_to_none=False)` zeroed `grad` in place: the next backward starts a new count.
    public func noteGradZeroed() { gradAccumulations = 0 }

    /// Bumps the version counter after an in-place write.
    func bumpVersion() { version.value += 1 }
}

/// Row-major strides of a contiguous tensor of `shape`.
public func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var acc = 1
    var d = shape.count - 1
    while d >= 0 {
        strides[d] = acc
        acc *= max(shape[d], 1)
        d -= 1
    }
    return strides
}

/// PyTorch's contiguity test: dims of size 1 may have any stride.
func isContiguousLayout(shape: [Int], strides: [Int]) -> Bool {
    var expected = 1
    var d = shape.count - 1
    while d >= 0 {
        if shape[d] == 0 { return true }
        if shape[d] != 1 {
            if strides[d] != expected { return false }
            expected *= shape[d]
        }
        d -= 1
    }
    return true
}

/// `torch.Size([2, 3])`.
public func formatSize(_ shape: [Int]) -> String {
    "torch.Size([\(shape.map(String.init).joined(separator: ", "))])"
}
