/// Copies between layouts and dtypes: `contiguous`, `clone`, `to(dtype)`, `copy_`.

/// A Python number given to an op: keeps its kind for PyTorch's type promotion
/// (an int keeps an int tensor's dtype; a float gives integer tensors the default dtype).
public enum Scalar {
    case int(Int64)
    case float(Double)
    case bool(Bool)

    public var doubleValue: Double {
        switch self {
        case .int(let v): return Double(v)
        case .float(let v): return v
        case .bool(let v): return v ? 1 : 0
        }
    }
    /// The dtype this number counts as in type promotion (a float counts as the default dtype).
    public var dtype: DType {
        switch self {
        case .int: return .int64
        case .float: return DType.defaultFloat
        case .bool: return .bool
        }
    }
    public var isFloatingPoint: Bool { if case .float = self { return true }; return false }

    /// A 0-d tensor holding this number exactly, as PyTorch wraps it (int64, float64 or bool);
    /// type promotion then treats it as a wrapped number.
    public func tensor() -> Tensor {
        let t: Tensor
        switch self {
        case .int(let v): t = Tensor(scalar: v)
        case .float(let v): t = Tensor(scalar: v)
        case .bool(let v): t = Tensor(scalar: v)
        }
        t.isWrappedNumber = true
        return t
    }

    /// The number as element type T (`static_cast`: ints wrap, floats truncate into ints).
    @inline(__always)
    public func converted<T: Element>(to _: T.Type) -> T {
        switch self {
        case .int(let v): return T(fromInt64: v)
        case .float(let v): return T(fromDouble: v)
        case .bool(let v): return T(fromBool: v)
        }
    }
}

/// Copies `src` (any layout/dtype) into `dst` (any layout), elementwise over `shape`, converting
/// each element as PyTorch's copy kernel does (`convertElement`).
func copyElements(from src: Tensor, srcStrides: [Int], to dst: Tensor, shape: [Int]) {
    // Nothing in the copy throws (the kernels allocate nothing); the protocol's `throws` is for others.
    try! src.dtype.dispatch(CopySource(src: src, srcStrides: srcStrides, dst: dst, shape: shape))
}

private struct CopySource: ElementKernel {
    let src: Tensor, srcStrides: [Int], dst: Tensor, shape: [Int]
    func run<S: Element>(_: S.Type) throws {
        try dst.dtype.dispatch(CopyInto<S>(src: src, srcStrides: srcStrides, dst: dst, shape: shape))
    }
}

private struct CopyInto<S: Element>: ElementKernel {
    let src: Tensor, srcStrides: [Int], dst: Tensor, shape: [Int]
    func run<D: Element>(_: D.Type) throws {
        let s = src.pointer(S.self), d = dst.pointer(D.self)
        let same = S.dtype == D.dtype
        forEachRow(shape: shape, strides: [dst.strides, srcStrides]) { o, n, inner in
            let (dOff, sOff, ds, ss) = (o[0], o[1], inner[0], inner[1])
            if same && ds == 1 && ss == 1 {
                UnsafeMutableRawPointer(d + dOff).copyMemory(from: s + sOff, byteCount: n * MemoryLayout<D>.stride)
            } else if ds == 1 && ss == 1 {
                for i in 0..<n { d[dOff + i] = convertElement(s[sOff + i], to: D.self) }
            } else {
                for i in 0..<n { d[dOff + i * ds] = convertElement(s[sOff + i * ss], to: D.self) }
            }
        }
    }
}

extension Tensor {
    /// A contiguous tensor of `dtype` holding Python numbers, each converted as PyTorch's
    /// `torch.tensor(data, dtype=)` converts it (floats truncate into integers, ints wrap).
    public convenience init(scalars: [Scalar], shape: [Int], dtype: DType) throws {
        try self.init(shape: shape, dtype: dtype, zeroed: false)
        guard scalars.count == numel else { throw TorchError.runtime("shape '\(shapeList(shape))' is invalid for input of size \(scalars.count)") }
        try dtype.dispatch(FromScalars(t: self, scalars: scalars))
    }

    private struct FromScalars: ElementKernel {
        let t: Tensor, scalars: [Scalar]
        func run<T: Element>(_: T.Type) throws {
            let p = t.pointer(T.self)
            for (i, s) in scalars.enumerated() { p[i] = s.converted(to: T.self) }
        }
    }

    /// A new contiguous tensor with the same values, no history.
    public func contiguousCopy(dtype: DType? = nil) throws -> Tensor {
        let out = try Tensor(shape: shape, dtype: dtype ?? self.dtype, zeroed: false)
        if out.dtype == .float32 && self.dtype == .float32 && ndim == 2 && strides == [1, shape[0]] && shape[0] > 1 && shape[1] > 1 {
            // A transposed matrix (a weight gradient coming out of TBackward0): in tiles, so
            // both sides stay in cache instead of striding through memory per element.
            transposeCopy(floatPointer, rows: shape[1], cols: shape[0], into: out.floatPointer)
            return out
        }
        copyElements(from: self, srcStrides: strides, to: out, shape: shape)
        return out
    }

    /// `contiguous()`: self when already contiguous, else a copy (CloneBackward0).
    public func contiguous() throws -> Tensor {
        if isContiguous { return self }
        return try clone()
    }

    /// `clone()` (CloneBackward0).
    public func clone() throws -> Tensor {
        try contiguousCopy().recording(CloneBackward0(), inputs: [self])
    }

    /// `to(dtype)`, `float()`, `long()`, `bool()`: self when the dtype already matches.
    /// Between floating dtypes the conversion is differentiable (ToCopyBackward0).
    public func to(_ dtype: DType) throws -> Tensor {
        if dtype == self.dtype { return self }
        let out = try contiguousCopy(dtype: dtype)
        if dtype.isFloatingPoint && self.dtype.isFloatingPoint {
            out.recording(ToCopyBackward0(inputDType: self.dtype), inputs: [self])
        }
        return out
    }

    /// Contiguous float32 elements for a kernel that only reads them: self when already so,
    /// else a copy. (Kernels that write into their buffer must use `contiguousCopy`.)
    func contiguousFloatForReading() throws -> Tensor {
        dtype == .float32 && isContiguous ? self : try contiguousCopy(dtype: .float32)
    }

    /// `copy_(src)`: writes src (broadcast to self's shape, any dtype) into self.
    @discardableResult
    public func copyFrom(_ src: Tensor) throws -> Tensor {
        try checkInPlace()
        let target = try broadcastShapes(shape, src.shape)
        guard target == shape else {
            throw TorchError.runtime("output with shape \(shapeList(shape)) doesn't match the broadcast shape \(shapeList(target))")
        }
        // Materialise first if src aliases self, so overlapping reads see old values.
        let source = src.storage === storage ? try src.contiguousCopy() : src
        copyElements(from: source, srcStrides: broadcastStrides(of: source, to: shape), to: self, shape: shape)
        try rebaseHistory(CopyBackwards(srcShape: src.shape), inputs: [self, src])
        return self
    }

    /// Fills every element with `value` (`fill_`).
    @discardableResult
    public func fill(_ value: Scalar) throws -> Tensor {
        try checkInPlace()
        try value.checkFits(dtype)
        fillRaw(value)
        try rebaseHistory(FillBackward(), inputs: [self])
        return self
    }

    /// Writes `value` (converted to this dtype) to every element, without autograd bookkeeping.
    func fillRaw(_ value: Scalar) {
        try! dtype.dispatch(Fill(t: self, value: value))
    }

    func fillRaw(_ value: Double) { fillRaw(.float(value)) }

    private struct Fill: ElementKernel {
        let t: Tensor, value: Scalar
        func run<T: Element>(_: T.Type) throws {
            let p = t.pointer(T.self), v = value.converted(to: T.self)
            forEachRow(shape: t.shape, strides: [t.strides]) { o, n, inner in
                if inner[0] == 1 { (p + o[0]).update(repeating: v, count: n) } else {
                    for i in 0..<n { p[o[0] + i * inner[0]] = v }
                }
            }
        }
    }

    /// `zero_()`.
    @discardableResult
    public func zero() throws -> Tensor { try fill(.int(0)) }

    /// Values in row-major order as doubles (for small tensors: tests, messages).
    public func doubleValues() -> [Double] {
        guard let c = try? contiguousCopy(dtype: .float64) else { return [] }
        return Array(UnsafeBufferPointer(start: c.doublePointer, count: c.numel))
    }

    /// Values in row-major order as floats (for small tensors: tests, printing helpers).
    public func floatValues() -> [Float] {
        guard let c = try? contiguousCopy(dtype: .float32) else { return [] }
        return Array(UnsafeBufferPointer(start: c.floatPointer, count: c.numel))
    }

    public func int64Values() -> [Int64] {
        guard let c = try? contiguousCopy(dtype: .int64) else { return [] }
        return Array(UnsafeBufferPointer(start: c.int64Pointer, count: c.numel))
    }
}

/// `[2, 3]` as PyTorch writes shapes in messages.
public func shapeList(_ shape: [Int]) -> String { "[\(shape.map(String.init).joined(separator: ", "))]" }

/// clone / contiguous: the gradient passes through unchanged.
final class CloneBackward0: Node {
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [grad] }
}

/// A dtype conversion between floating types: the gradient converted back.
final class ToCopyBackward0: Node {
    let inputDType: DType
    init(inputDType: DType) { self.inputDType = inputDType }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try grad.to(inputDType)] }
}

/// copy_: self's old value gets no gradient; src gets the gradient summed to its shape.
final class CopyBackwards: Node {
    let srcShape: [Int]
    init(srcShape: [Int]) { self.srcShape = srcShape }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        [try Tensor.zeros(grad.shape, dtype: grad.dtype), try grad.sumTo(srcShape)]
    }
}

/// fill_: the old value gets a zero gradient.
final class FillBackward: Node {
    override var name: String { "FillBackward0" }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try Tensor.zeros(grad.shape, dtype: grad.dtype)] }
}

/// dst[c][r] = src[r][c] for a row-major `rows`×`cols` source, in 32×32 tiles.
func transposeCopy(_ src: UnsafePointer<Float>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Float>) {
    let tile = 32
    var r0 = 0
    while r0 < rows {
        let r1 = Swift.min(r0 + tile, rows)
        var c0 = 0
        while c0 < cols {
            let c1 = Swift.min(c0 + tile, cols)
            for r in r0..<r1 {
                let srcRow = src + r * cols
                for c in c0..<c1 { dst[c * rows + r] = srcRow[c] }
            }
            c0 = c1
        }
        r0 = r1
    }
}

// MARK: checked conversion of Python numbers

extension DType {
    /// The integer range of an integral dtype.
    var integerRange: (min: Int64, max: Int64)? {
        switch self {
        case .uint8: return (0, 255)
        case .int8: return (-128, 127)
        case .int16: return (-32768, 32767)
        case .int32: return (Int64(Int32.min), Int64(Int32.max))
        case .int64: return (Int64.min, Int64.max)
        default: return nil
        }
    }

    /// The C++ name `Scalar::to<T>()` prints in its overflow error.
    var scalarToName: String {
        switch self {
        case .bool: return "bool"
        case .uint8: return "uint8_t"
        case .int8: return "int8_t"
        case .int16: return "int16_t"
        case .int32: return "int"
        case .int64: return "int64_t"
        case .float16: return "c10::Half"
        case .bfloat16: return "c10::BFloat16"
        case .float32: return "float"
        case .float64: return "double"
        }
    }
}

extension Scalar {
    /// c10's `overflows<T>` for an integer: unsigned types also take negatives down to -max
    /// (they wrap), as C++'s conversion does.
    private static func overflows(_ v: Int64, _ range: (min: Int64, max: Int64)) -> Bool {
        if range.min == 0 { return v > range.max || (v < 0 && (v == Int64.min || -v > range.max)) }
        return v < range.min || v > range.max
    }

    /// `Scalar::to<T>()` as `fill_`, `torch.full`, `t[i] = v` and `masked_fill` convert a number:
    /// PyTorch's "value cannot be converted to type uint8_t without overflow" when it does not fit.
    public func checkFits(_ dtype: DType) throws {
        let fail = TorchError.runtime("value cannot be converted to type \(dtype.scalarToName) without overflow")
        if let range = dtype.integerRange {
            switch self {
            case .int(let v): if Scalar.overflows(v, range) { throw fail }
            case .float(let d): if d.isNaN || d < Double(range.min) || d > Double(range.max) { throw fail }
            case .bool: break
            }
            return
        }
        let value: Double
        switch self {
        case .int(let v): value = Double(v)
        case .float(let d): value = d
        case .bool: return
        }
        switch dtype {
        case .float32: if value.isFinite && Swift.abs(value) > Double(Float.greatestFiniteMagnitude) { throw fail }
        case .float16:
            let f = Float(value)
            if f.isFinite && Swift.abs(f) > Float(Float16.greatestFiniteMagnitude) { throw fail }
        default: break
        }
    }

    /// `torch.tensor(data, dtype=)` and the legacy constructors: a Python number stored into an
    /// integer dtype must fit (floats truncate first); PyTorch's "value cannot be converted to
    /// type uint8 without overflow". Floating and bool targets take any number.
    public func checkFitsTensorData(_ dtype: DType) throws {
        guard let range = dtype.integerRange else { return }
        let fail = TorchError.runtime("value cannot be converted to type \(dtype.name) without overflow")
        switch self {
        case .int(let v): if Scalar.overflows(v, range) { throw fail }
        case .float(let d):
            guard d >= -9.223372036854775808e18 && d < 9.223372036854775808e18 else { throw fail }
            if Scalar.overflows(Int64(d), range) { throw fail }
        case .bool: break
        }
    }
}
