import Foundation
import CKernels

/// Factory functions: zeros, ones, full, arange, linspace, eye and the random ones.
extension Tensor {
    public static func zeros(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        try Tensor(shape: shape, dtype: dtype, zeroed: true)
    }

    public static func ones(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        try full(shape, 1, dtype: dtype)
    }

    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float32) throws -> Tensor {
        try full(shape, .float(value), dtype: dtype)
    }

    /// `torch.full(shape, value, dtype=)`: the value converted as PyTorch's `fill_` converts it.
    public static func full(_ shape: [Int], _ value: Scalar, dtype: DType) throws -> Tensor {
        let t = try Tensor(shape: shape, dtype: dtype, zeroed: false)
        t.fillRaw(value)
        return t
    }

    /// `torch.empty`: PyTorch leaves memory uninitialised; nnrepl zeroes it so output is reproducible.
    public static func empty(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        try Tensor(shape: shape, dtype: dtype, zeroed: true)
    }

    /// `torch.arange(start, end, step)`: int64 when all three are ints, else the default dtype.
    /// The length is computed in double; elements are `start + i * step` in the accumulate type
    /// (int64 for integer dtypes, with start and step truncated; double for float32/float64;
    /// float for float16/bfloat16), as ATen's range kernel computes them.
    public static func arange(start: Scalar, end: Scalar, step: Scalar, dtype: DType? = nil) throws -> Tensor {
        let s = start.doubleValue, e = end.doubleValue, st = step.doubleValue
        // ATen's checks, in its order and words (RangeFactories.cpp), before the length is
        // turned into an Int (a non-finite or huge length would trap).
        guard s.isFinite && e.isFinite else {
            func shown(_ v: Scalar) -> String { v.isFloatingPoint ? String(format: "%g", v.doubleValue) : "\(Int64(v.doubleValue))" }
            throw TorchError.runtime("unsupported range: \(shown(start)) -> \(shown(end))")
        }
        guard st != 0 else { throw TorchError.runtime("step must be nonzero") }
        guard (st > 0 && e >= s) || (st < 0 && e <= s) else {
            throw TorchError.runtime("upper bound and lower bound inconsistent with step sign")
        }
        let length = ceil((e - s) / st)
        guard length >= 0 && length <= Double(Int64.max) else { throw TorchError.runtime("invalid size, possible overflow?") }
        let allInt = !start.isFloatingPoint && !end.isFloatingPoint && !step.isFloatingPoint
        let outType = dtype ?? (allInt ? .int64 : DType.defaultFloat)
        if outType == .bool { throw TorchError.notImplemented("arange_cpu", .bool) }
        let count = Int(exactly: length) ?? Int.max
        let t = try Tensor(shape: [max(count, 0)], dtype: outType, zeroed: false)
        try outType.dispatch(RangeFill(t: t, start: start, step: step))
        return t
    }

    private struct RangeFill: ElementKernel {
        let t: Tensor, start: Scalar, step: Scalar
        func run<T: Element>(_: T.Type) throws {
            let p = t.pointer(T.self)
            switch T.dtype {
            case .float32:
                // ATen's kernel: start + i·step in double (its accumulate type), vectors of 8
                // from a base plus fused k·step.
                if t.numel > 0 { nk_arange_f32(start.doubleValue, step.doubleValue, Int64(t.numel), t.floatPointer, F32.threads) }
            case .float64:
                let s = start.doubleValue, st = step.doubleValue
                for i in 0..<t.numel { p[i] = T(fromDouble: s + Double(i) * st) }
            case .float16, .bfloat16:
                let s = Float(start.doubleValue), st = Float(step.doubleValue)
                for i in 0..<t.numel { p[i] = T(fromFloat: s + Float(i) * st) }
            default:
                let s = start.converted(to: Int64.self), st = step.converted(to: Int64.self)
                for i in 0..<t.numel { p[i] = T(fromInt64: s &+ Int64(i) &* st) }
            }
        }
    }

    /// `torch.linspace(start, end, steps)`: PyTorch fills the first half from the start and the
    /// second half from the end, which decides the last bits. Floating types compute in their
    /// own precision with fused steps (float16/bfloat16 through float32); integer types step in
    /// double and truncate.
    public static func linspace(_ start: Double, _ end: Double, steps: Int, dtype: DType = .float32) throws -> Tensor {
        guard steps >= 0 else { throw TorchError.runtime("number of steps must be non-negative") }
        let t = try Tensor(shape: [steps], dtype: dtype, zeroed: false)
        try dtype.dispatch(LinspaceFill(t: t, start: start, end: end))
        return t
    }

    private struct LinspaceFill: ElementKernel {
        let t: Tensor, start: Double, end: Double
        func run<T: Element>(_: T.Type) throws {
            let p = t.pointer(T.self), steps = t.numel
            if steps == 0 { return }
            if steps == 1 { p[0] = T(fromDouble: start); return }
            let half = steps / 2
            switch T.dtype {
            case .float64:
                let step = (end - start) / Double(steps - 1)
                for i in 0..<steps {
                    p[i] = T(fromDouble: i < half ? start.addingProduct(step, Double(i)) : end.addingProduct(-step, Double(steps - i - 1)))
                }
            case .float32, .float16, .bfloat16:
                // PyTorch's vectorised kernel: fused, in float32 (float16 values rounded afterwards)
                let s = T(fromDouble: start).asFloat, e = T(fromDouble: end).asFloat
                let step = (e - s) / Float(steps - 1)
                for i in 0..<steps {
                    p[i] = T(fromFloat: i < half ? s.addingProduct(step, Float(i)) : e.addingProduct(-step, Float(steps - i - 1)))
                }
            default:
                let s = T(fromDouble: start).asDouble, e = T(fromDouble: end).asDouble
                let step = (e - s) / Double(steps - 1)
                for i in 0..<steps { p[i] = T(fromDouble: i < half ? s + step * Double(i) : e - step * Double(steps - i - 1)) }
            }
        }
    }

    public static func eye(_ n: Int, _ m: Int? = nil, dtype: DType = .float32) throws -> Tensor {
        let cols = m ?? n
        guard n >= 0 else { throw TorchError.runtime("n must be greater or equal to 0, got \(n)") }
        guard cols >= 0 else { throw TorchError.runtime("m must be greater or equal to 0, got \(cols)") }
        let t = try zeros([n, cols], dtype: dtype)
        if min(n, cols) > 0 {
            let diagonal = Tensor(storage: t.storage, shape: [min(n, cols)], strides: [cols + 1], offset: 0, dtype: dtype, version: t.version)
            diagonal.fillRaw(.int(1))
        }
        return t
    }

    // MARK: random

    public static func rand(_ shape: [Int], dtype: DType = .float32, generator: Generator = .global) throws -> Tensor {
        let t = try Tensor(shape: shape, dtype: dtype, zeroed: false)
        try t.uniform(0, 1, generator: generator, op: "check_uniform_bounds")
        return t
    }

    public static func randn(_ shape: [Int], dtype: DType = .float32, generator: Generator = .global) throws -> Tensor {
        let t = try Tensor(shape: shape, dtype: dtype, zeroed: false)
        try t.normal(mean: 0, std: 1, generator: generator)
        return t
    }

    /// `torch.randint(low, high, size, dtype=)`: int64 draws (PyTorch draws the same for every
    /// dtype), converted to `dtype`.
    public static func randint(low: Int64, high: Int64, shape: [Int], dtype: DType = .int64, generator: Generator = .global) throws -> Tensor {
        guard low < high else {
            throw TorchError.runtime("random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)")
        }
        if dtype == .bool && (low < 0 || high - 1 > 1) {
            throw TorchError.runtime(high - 1 > 1 ? "to - 1 is out of bounds for bool" : "from is out of bounds for bool")
        }
        let values = try Tensor(shape: shape, dtype: .int64, zeroed: false)
        generator.fillRandint(values.int64Pointer, count: values.numel, low: low, high: high)
        return dtype == .int64 ? values : try values.contiguousCopy(dtype: dtype)
    }

    public static func randperm(_ n: Int, dtype: DType = .int64, generator: Generator = .global) throws -> Tensor {
        guard n >= 0 else { throw TorchError.runtime("n must be non-negative, got\(n)") }
        try MemoryBudget.check(shape: [n], itemSize: 8)
        return try Tensor(int64s: generator.randperm(n), shape: [n]).to(dtype)
    }

    /// `uniform_(a, b)` in place, in storage order (as PyTorch fills non-contiguous views).
    /// float64 draws 53-bit uniforms; float16/bfloat16 take float32 draws rounded (PyTorch's
    /// path for tensors of 16 elements or more). `op` names the kernel in the dtype error.
    @discardableResult
    public func uniform(_ a: Double, _ b: Double, generator: Generator = .global, op: String = "uniform_") throws -> Tensor {
        guard dtype.isFloatingPoint else { throw TorchError.notImplemented(op == "uniform_" ? "check_uniform_bounds" : op, dtype) }
        guard a <= b else {
            throw TorchError.runtime("uniform_ expects to return a [from, to) range, but found from=\(formatNumber(a)) > to=\(formatNumber(b))")
        }
        try checkInPlace()
        if dtype == .float64 {
            try fillRandomInStorageOrder(Double.self) { p, n in generator.fillUniform(p, count: n, from: a, to: b) }
        } else {
            try fillRandomInStorageOrder(Float.self) { p, n in generator.fillUniform(p, count: n, from: a, to: b) }
        }
        // The fills stop early on Ctrl-C (a billion values take seconds): raise it here.
        try checkInterrupt()
        bumpVersion()
        return self
    }

    /// `normal_(mean, std)` in place: the vectorised path for contiguous tensors, the scalar path
    /// (in storage order) for views.
    @discardableResult
    public func normal(mean: Double = 0, std: Double = 1, generator: Generator = .global) throws -> Tensor {
        guard dtype.isFloatingPoint else { throw TorchError.notImplemented("normal_kernel_cpu", dtype) }
        guard std >= 0 else { throw TorchError.runtime("normal expects std >= 0.0, but found std \(formatNumber(std))") }
        try checkInPlace()
        if dtype == .float64 {
            if isContiguous {
                generator.fillNormal(doublePointer, count: numel, mean: mean, std: std)
            } else {
                try fillRandomInStorageOrder(Double.self) { p, n in generator.fillNormalScalar(p, count: n, mean: mean, std: std) }
            }
        } else if isContiguous {
            try fillRandomInStorageOrder(Float.self) { p, n in generator.fillNormal(p, count: n, mean: mean, std: std) }
        } else {
            try fillRandomInStorageOrder(Float.self) { p, n in generator.fillNormalScalar(p, count: n, mean: mean, std: std) }
        }
        try checkInterrupt()   // the fills stop early on Ctrl-C
        bumpVersion()
        return self
    }

    /// Draws `numel` values of type R (float32 or float64) and writes them, converted to this
    /// dtype, to the elements sorted by storage offset (PyTorch fills views in storage order).
    private func fillRandomInStorageOrder<R: Element>(_: R.Type, _ draw: (UnsafeMutablePointer<R>, Int) -> Void) throws {
        if R.dtype == dtype && isContiguous { draw(pointer(R.self), numel); return }
        let offsets = isContiguous ? Array(0..<numel) : elementOffsets().sorted()
        var scratch = [R](repeating: R.zero, count: offsets.count)
        scratch.withUnsafeMutableBufferPointer { draw($0.baseAddress!, offsets.count) }
        let drawn = try Tensor(values: scratch, shape: [offsets.count])
        let target = Tensor(storage: storage, shape: [offsets.count], strides: [1], offset: offset, dtype: dtype, version: version)
        if isContiguous {
            copyElements(from: drawn, srcStrides: [1], to: target, shape: [offsets.count])
        } else {
            let converted = try drawn.contiguousCopy(dtype: dtype)
            try dtype.dispatch(Scatter(offsets: offsets, from: converted, to: self))
        }
    }

    private struct Scatter: ElementKernel {
        let offsets: [Int], from: Tensor, to: Tensor
        func run<T: Element>(_: T.Type) throws {
            let s = from.pointer(T.self), d = to.pointer(T.self)
            for (i, o) in offsets.enumerated() { d[o] = s[i] }
        }
    }
}

/// Python's str() of a number in messages: `1` for integral values, else the shortest repr.
func formatNumber(_ x: Double) -> String {
    if x == x.rounded() && abs(x) < 1e16 { return String(Int64(x)) }
    return pythonFloatRepr(x)
}
