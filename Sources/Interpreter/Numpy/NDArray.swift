import Engine

// `numpy.ndarray`: an n-d view (shape, element strides that may be negative, offset, dtype) over
// an Engine `Storage`, the same block of memory a `Tensor` uses, so `torch.from_numpy(a)` and
// `t.numpy()` share data both ways as they do in PyTorch.

/// One element's value, whatever the dtype (float32 values are exact in the Double).
enum NumpyValue {
    case bool(Bool), int(Int64), float(Double)

    var double: Double {
        switch self {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return Double(i)
        case .float(let d): return d
        }
    }
    /// The value as an Int for integer and bool elements (nil for floats).
    var intValue: Int? {
        switch self {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return Int(i)
        case .float: return nil
        }
    }
    var isTrue: Bool {
        switch self {
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        }
    }
}

final class NDArray: NativeObject {
    let storage: Storage
    private(set) var shape: [Int]
    /// Element strides (numpy's byte strides divided by the item size); may be negative.
    private(set) var strides: [Int]
    /// Element offset of the first element within `storage`.
    private(set) var offset: Int
    let dtype: NumpyDType
    /// What this array is a view of (`a.base`): an NDArray, or the Tensor of `t.numpy()`.
    let base: AnyObject?
    /// `a.flags.writeable`; cleared for `np.broadcast_to` results.
    var writeable = true

    init(storage: Storage, shape: [Int], strides: [Int], offset: Int, dtype: NumpyDType, base: AnyObject?) {
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.offset = offset
        self.dtype = dtype
        self.base = base
    }

    /// A new C-contiguous array (zero-filled unless `zeroed` is false).
    convenience init(shape: [Int], dtype: NumpyDType, zeroed: Bool = true) throws {
        var count = 1
        for d in shape {
            guard d >= 0 else { throw PyError(.valueError, "negative dimensions are not allowed") }
            let (c, o) = count.multipliedReportingOverflow(by: d)
            guard !o else { throw PyError(.valueError, "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.") }
            count = c
        }
        let (bytes, o) = count.multipliedReportingOverflow(by: dtype.itemSize)
        guard !o else { throw PyError(.valueError, "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.") }
        let storage: Storage
        do { storage = try Storage(count: bytes, dtype: .bool, zeroed: zeroed) } catch {
            throw PyError("MemoryError", "Unable to allocate \(numpyByteSize(bytes)) for an array with shape \(pythonShapeTuple(shape)) and data type \(dtype.name)")
        }
        self.init(storage: storage, shape: shape, strides: numpyContiguousStrides(shape), offset: 0, dtype: dtype, base: nil)
    }

    /// A 0-d or 1-d array of Swift values.
    convenience init<T: NumpyElement>(values: [T], shape: [Int]) throws {
        try self.init(shape: shape, dtype: T.dtype, zeroed: false)
        let p = pointer(T.self)
        for (i, v) in values.enumerated() { p[i] = v }
    }

    override var typeName: String { "numpy.ndarray" }

    // Python behaviour (NDArrayPython.swift).
    override func repr() -> String { pyRepr() }
    override func str() -> String { pyStr() }
    override func length() throws -> Int? { try pyLength() }
    override func truthy() -> Bool? { pyTruthy() }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? { try pyIterate(interp) }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value { try pyGetItem(key, interp) }
    override func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws { try pySetItem(key, value, interp) }
    override func attributeNames() -> [String] { pyAttributeNames() }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? { try pyGetAttribute(name, interp) }
    override func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        try pySetAttribute(name, value, interp)
    }

    /// `a.shape = ...` (a view of the same memory).
    func setGeometry(shape: [Int], strides: [Int]) {
        self.shape = shape
        self.strides = strides
    }

    var ndim: Int { shape.count }
    var size: Int { shape.reduce(1, *) }
    var isCContiguous: Bool {
        var expected = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            if shape[d] == 0 { return true }
            if shape[d] != 1 {
                if strides[d] != expected { return false }
                expected *= shape[d]
            }
        }
        return true
    }
    var isFContiguous: Bool {
        var expected = 1
        for d in 0..<shape.count {
            if shape[d] == 0 { return true }
            if shape[d] != 1 {
                if strides[d] != expected { return false }
                expected *= shape[d]
            }
        }
        return true
    }

    /// Typed pointer to element 0 of this view (index with strides).
    @inline(__always)
    func pointer<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        storage.bytes.assumingMemoryBound(to: T.self) + offset
    }

    /// A view of the same storage (its base is this array's base, or this array).
    func view(shape: [Int], strides: [Int], offset: Int) -> NDArray {
        let v = NDArray(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype, base: base ?? self)
        v.writeable = writeable
        return v
    }

    /// Storage offsets (relative to `offset`) of every element in row-major order.
    func elementOffsets() -> [Int] {
        var result = [Int]()
        result.reserveCapacity(size)
        numpyForEachRow(shape: shape, strides: [strides]) { offs, count, inner in
            let base = offs[0], st = inner[0]
            for i in 0..<count { result.append(base + i * st) }
        }
        return result
    }

    /// The storage offset (relative to `offset`) of row-major element `flat`.
    func storageOffset(ofFlat flat: Int) -> Int {
        var rem = flat, off = 0
        for d in stride(from: shape.count - 1, through: 0, by: -1) where shape[d] > 0 {
            off += (rem % shape[d]) * strides[d]
            rem /= shape[d]
        }
        return off
    }

    /// Element at a storage offset (relative to `offset`).
    func value(atOffset off: Int) -> NumpyValue {
        let raw = storage.bytes + (offset + off) * dtype.itemSize
        switch dtype {
        case .bool: return .bool(raw.load(as: Bool.self))
        case .int8: return .int(Int64(raw.load(as: Int8.self)))
        case .uint8: return .int(Int64(raw.load(as: UInt8.self)))
        case .int16: return .int(Int64(raw.load(as: Int16.self)))
        case .int32: return .int(Int64(raw.load(as: Int32.self)))
        case .int64: return .int(raw.load(as: Int64.self))
        case .float32: return .float(Double(raw.load(as: Float.self)))
        case .float64: return .float(raw.load(as: Double.self))
        }
    }

    func value(atFlat flat: Int) -> NumpyValue { value(atOffset: storageOffset(ofFlat: flat)) }

    /// Stores a value (cast to this dtype as numpy casts) at a storage offset.
    func setValue(_ v: NumpyValue, atOffset off: Int) {
        func put<T: NumpyElement>(_: T.Type) {
            let p = pointer(T.self) + off
            switch v {
            case .bool(let b): p.pointee = T(npBool: b)
            case .int(let i): p.pointee = T(npInt: i)
            case .float(let d): p.pointee = T(npDouble: d)
            }
        }
        withNumpyElementType(dtype) { put($0) }
    }

    /// All elements in row-major order as Swift values of the array's own element type.
    func typedValues<T: NumpyElement>(_: T.Type) -> [T] {
        precondition(T.dtype == dtype)
        let p = pointer(T.self)
        if isCContiguous { return Array(UnsafeBufferPointer(start: p, count: size)) }
        return elementOffsets().map { p[$0] }
    }

    /// A C-contiguous copy (always a new array).
    func copy() throws -> NDArray { try astype(dtype) }

    /// This array if C-contiguous, else a contiguous copy.
    func contiguous() throws -> NDArray { isCContiguous ? self : try copy() }

    /// A C-contiguous copy converted to `target` with numpy's casts.
    func astype(_ target: NumpyDType) throws -> NDArray {
        if dtype.isFloat && !target.isFloat && target != .bool {
            // numpy reports values no integer holds (the cast itself gives INT_MIN on x86).
            let limit = target == .int64 ? 9.2233720368547758e18 : 2147483648.0
            if elementOffsets().contains(where: { let v = value(atOffset: $0).double; return v.isNaN || v >= limit || v < -limit }) {
                try numpyFloatingPointError("invalid", "invalid value encountered in cast")
            }
        }
        let out = try NDArray(shape: shape, dtype: target, zeroed: false)
        numpyCopyCast(from: self, to: out)
        return out
    }

    /// The same geometry with new shape/strides (for reshape/transpose results).
    func withShape(_ newShape: [Int], strides newStrides: [Int]) -> NDArray {
        view(shape: newShape, strides: newStrides, offset: offset)
    }
}

/// Row-major element strides of a C-contiguous array.
func numpyContiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var acc = 1
    for d in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[d] = acc
        acc *= max(shape[d], 1)
    }
    return strides
}

/// Throws numpy's MemoryError before Swift-side buffers of `count` elements are built.
func numpyCheckAllocation(_ count: Int, dtype: NumpyDType, shape: [Int]) throws {
    let (bytes, o) = count.multipliedReportingOverflow(by: dtype.itemSize)
    if o { throw PyError(.valueError, "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.") }
    // The same limits Storage applies when the array is made (its hard limit and the session's budget).
    if count < 0 || bytes > Storage.allocationLimit || MemoryBudget.wouldExceed(bytes) {
        throw PyError("MemoryError", "Unable to allocate \(numpyByteSize(bytes)) for an array with shape \(pythonShapeTuple(shape)) and data type \(dtype.name)")
    }
}

/// numpy's MemoryError size text (`_ArrayMemoryError._size_to_string`): "74.5 GiB", "7.28 TiB".
func numpyByteSize(_ bytes: Int) -> String {
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    var unit = max((Int.bitWidth - bytes.leadingZeroBitCount) - 1, 1) / 10
    var n = Double(bytes) / Double(1 << (unit * 10))
    if n.rounded(.toNearestOrEven) == 1024 { unit += 1; n /= 1024 }
    if unit >= units.count { n *= Double(1 << ((unit - units.count + 1) * 10)); unit = units.count - 1 }
    if unit == 0 { return "\(bytes) bytes" }
    if n.rounded(.toNearestOrEven) < 1000 {
        return pythonDoubleToString(n, formatCode: "g", precision: 3, flags: [.alternate]) + " " + units[unit]
    }
    return pythonDoubleToString(n, formatCode: "f", precision: 0, flags: [.alternate]) + " " + units[unit]
}

/// Copies `src` into `dst` (same shape, or broadcastable to it) converting each element.
func numpyCopyCast(from src: NDArray, to dst: NDArray) {
    let srcStrides = numpyBroadcastStrides(src.shape, src.strides, to: dst.shape)
    func run<S: NumpyElement, D: NumpyElement>(_: S.Type, _: D.Type) {
        let s = src.pointer(S.self), d = dst.pointer(D.self)
        numpyForEachRow(shape: dst.shape, strides: [srcStrides, dst.strides]) { offs, n, inner in
            var ps = s + offs[0], pd = d + offs[1]
            let ss = inner[0], ds = inner[1]
            for _ in 0..<n {
                pd.pointee = ps.pointee.npCast(to: D.self)
                ps += ss; pd += ds
            }
        }
    }
    withNumpyElementType(src.dtype) { S in
        withNumpyElementType(dst.dtype) { D in
            func open<A: NumpyElement, B: NumpyElement>(_ a: A.Type, _ b: B.Type) { run(a, b) }
            open(S, D)
        }
    }
}
