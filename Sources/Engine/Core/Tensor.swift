/// An n-dimensional array of float32, int64 or bool elements over shared storage, with the
/// autograd state PyTorch keeps on a tensor. Reference semantics: views share `storage`.
public final class Tensor {
    public internal(set) var storage: Storage
    public internal(set) var shape: [Int]
    public internal(set) var strides: [Int]
    /// Element offset of this view's first element within `storage`.
    public internal(set) var offset: Int
    public let dtype: DType
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
    /// Hooks from `register_hook`, run on the gradient flowing into this tensor.
    var hooks: [(Tensor) throws -> Tensor?] = []
    /// Shown as `Parameter containing:`; set by nn.Parameter.
    public var isParameter = false
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
        let storage = try Storage(count: count, dtype: dtype, zeroed: zeroed)
        self.init(storage: storage, shape: shape, strides: contiguousStrides(shape), offset: 0, dtype: dtype, version: VersionCounter())
    }

    /// A 1-element tensor from a float (0-d when `shape` is []).
    public convenience init(scalar: Float) {
        try! self.init(shape: [], dtype: .float32, zeroed: false)   // 4 bytes cannot fail
        floatPointer[0] = scalar
    }

    public convenience init(scalar: Int64) {
        try! self.init(shape: [], dtype: .int64, zeroed: false)
        int64Pointer[0] = scalar
    }

    public convenience init(scalar: Bool) {
        try! self.init(shape: [], dtype: .bool, zeroed: false)
        boolPointer[0] = scalar
    }

    /// A contiguous float32 tensor holding `values`.
    public convenience init(floats values: [Float], shape: [Int]) throws {
        try self.init(shape: shape, dtype: .float32, zeroed: false)
        guard values.count == numel else { throw TorchError.runtime("shape '\(shape)' is invalid for input of size \(values.count)") }
        values.withUnsafeBufferPointer { floatPointer.update(from: $0.baseAddress!, count: values.count) }
    }

    public convenience init(int64s values: [Int64], shape: [Int]) throws {
        try self.init(shape: shape, dtype: .int64, zeroed: false)
        guard values.count == numel else { throw TorchError.runtime("shape '\(shape)' is invalid for input of size \(values.count)") }
        values.withUnsafeBufferPointer { int64Pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    public convenience init(bools values: [Bool], shape: [Int]) throws {
        try self.init(shape: shape, dtype: .bool, zeroed: false)
        guard values.count == numel else { throw TorchError.runtime("shape '\(shape)' is invalid for input of size \(values.count)") }
        for (i, v) in values.enumerated() { boolPointer[i] = v }
    }

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

    public var floatPointer: UnsafeMutablePointer<Float> {
        storage.bytes.assumingMemoryBound(to: Float.self) + offset
    }
    public var int64Pointer: UnsafeMutablePointer<Int64> {
        storage.bytes.assumingMemoryBound(to: Int64.self) + offset
    }
    public var boolPointer: UnsafeMutablePointer<Bool> {
        storage.bytes.assumingMemoryBound(to: Bool.self) + offset
    }

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
    public func doubleValue(atFlat flat: Int) -> Double {
        let off = storageOffset(ofFlat: flat)
        switch dtype {
        case .float32: return Double(floatPointer[off])
        case .int64: return Double(int64Pointer[off])
        case .bool: return boolPointer[off] ? 1 : 0
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
        guard other.dtype == dtype else {
            throw TorchError.runtime("data set to a tensor that requires gradients must be floating point or complex dtype")
        }
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
