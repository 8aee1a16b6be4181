/// Copies between layouts and dtypes: `contiguous`, `clone`, `to(dtype)`, `copy_`.

/// A Python number given to an op: keeps its kind for PyTorch's type promotion
/// (an int scalar keeps an int64 tensor int64; a float scalar makes it float32).
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
    /// The dtype a 0-d tensor of this scalar gets.
    public var dtype: DType {
        switch self {
        case .int: return .int64
        case .float: return .float32
        case .bool: return .bool
        }
    }
    /// A 0-d tensor holding this scalar.
    public func tensor() -> Tensor {
        switch self {
        case .int(let v): return Tensor(scalar: v)
        case .float(let v): return Tensor(scalar: Float(v))
        case .bool(let v): return Tensor(scalar: v)
        }
    }
}

/// Copies `src` (any layout/dtype) into `dst` (any layout), elementwise over `shape`.
func copyElements(from src: Tensor, srcStrides: [Int], to dst: Tensor, shape: [Int]) {
    let dt = dst.dtype, st = src.dtype
    switch (st, dt) {
    case (.float32, .float32):
        let s = src.floatPointer, d = dst.floatPointer
        forEachRow(shape: shape, strides: [dst.strides, srcStrides]) { o, n, inner in
            let (dOff, sOff, ds, ss) = (o[0], o[1], inner[0], inner[1])
            if ds == 1 && ss == 1 {
                (d + dOff).update(from: s + sOff, count: n)
            } else {
                for i in 0..<n { d[dOff + i * ds] = s[sOff + i * ss] }
            }
        }
    case (.int64, .int64):
        let s = src.int64Pointer, d = dst.int64Pointer
        forEachRow(shape: shape, strides: [dst.strides, srcStrides]) { o, n, inner in
            for i in 0..<n { d[o[0] + i * inner[0]] = s[o[1] + i * inner[1]] }
        }
    case (.bool, .bool):
        let s = src.boolPointer, d = dst.boolPointer
        forEachRow(shape: shape, strides: [dst.strides, srcStrides]) { o, n, inner in
            for i in 0..<n { d[o[0] + i * inner[0]] = s[o[1] + i * inner[1]] }
        }
    default:
        forEachRow(shape: shape, strides: [dst.strides, srcStrides]) { o, n, inner in
            for i in 0..<n {
                let so = o[1] + i * inner[1], dof = o[0] + i * inner[0]
                switch (st, dt) {
                case (.float32, .int64):
                    let v = src.floatPointer[so]
                    // C++ truncation; out-of-range and NaN are undefined in C++, PyTorch gives INT64_MIN
                    dst.int64Pointer[dof] = v.isFinite && abs(v) < 9.2e18 ? Int64(v) : Int64.min
                case (.float32, .bool): dst.boolPointer[dof] = src.floatPointer[so] != 0
                case (.int64, .float32): dst.floatPointer[dof] = Float(src.int64Pointer[so])
                case (.int64, .bool): dst.boolPointer[dof] = src.int64Pointer[so] != 0
                case (.bool, .float32): dst.floatPointer[dof] = src.boolPointer[so] ? 1 : 0
                case (.bool, .int64): dst.int64Pointer[dof] = src.boolPointer[so] ? 1 : 0
                default: break
                }
            }
        }
    }
}

extension Tensor {
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
    public func to(_ dtype: DType) throws -> Tensor {
        if dtype == self.dtype { return self }
        let out = try contiguousCopy(dtype: dtype)
        if dtype.isFloatingPoint && self.dtype.isFloatingPoint {
            out.recording(ToCopyBackward0(), inputs: [self])
        }
        return out
    }

    /// Contiguous float32 elements for a kernel that only reads them: self when already so,
    /// else a copy. (Kernels that write into their buffer must use `contiguousCopy`.)
    func contiguousFloatForReading() throws -> Tensor {
        dtype == .float32 && isContiguous ? self : try contiguousCopy(dtype: .float32)
    }

    /// Reads this tensor as float32 without copying when it already is.
    func asFloat() throws -> Tensor { dtype == .float32 ? self : try contiguousCopy(dtype: .float32) }

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
        fillRaw(value.doubleValue)
        try rebaseHistory(FillBackward(), inputs: [self])
        return self
    }

    /// Writes `value` to every element without any autograd bookkeeping.
    func fillRaw(_ value: Double) {
        switch dtype {
        case .float32:
            let p = floatPointer, v = Float(value)
            forEachRow(shape: shape, strides: [strides]) { o, n, inner in
                for i in 0..<n { p[o[0] + i * inner[0]] = v }
            }
        case .int64:
            let p = int64Pointer, v = Int64(value)
            forEachRow(shape: shape, strides: [strides]) { o, n, inner in
                for i in 0..<n { p[o[0] + i * inner[0]] = v }
            }
        case .bool:
            let p = boolPointer, v = value != 0
            forEachRow(shape: shape, strides: [strides]) { o, n, inner in
                for i in 0..<n { p[o[0] + i * inner[0]] = v }
            }
        }
    }

    /// `zero_()`.
    @discardableResult
    public func zero() throws -> Tensor { try fill(.int(0)) }

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

/// A dtype conversion between floating types.
final class ToCopyBackward0: Node {
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [grad] }
}

/// copy_: self's old value gets no gradient; src gets the gradient summed to its shape.
final class CopyBackwards: Node {
    let srcShape: [Int]
    init(srcShape: [Int]) { self.srcShape = srcShape }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        [try Tensor.zeros(grad.shape), try grad.sumTo(srcShape)]
    }
}

/// fill_: the old value gets a zero gradient.
final class FillBackward: Node {
    override var name: String { "FillBackward0" }
    override func apply(_ grad: Tensor) throws -> [Tensor?] { [try Tensor.zeros(grad.shape)] }
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
