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
        let t = try Tensor(shape: shape, dtype: dtype, zeroed: false)
        t.fillRaw(value)
        return t
    }

    /// `torch.empty`: PyTorch leaves memory uninitialised; nnrepl zeroes it so output is reproducible.
    public static func empty(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        try Tensor(shape: shape, dtype: dtype, zeroed: true)
    }

    /// `torch.arange(start, end, step)`; int64 when all three are ints, else float32.
    public static func arange(start: Scalar, end: Scalar, step: Scalar, dtype: DType? = nil) throws -> Tensor {
        let s = start.doubleValue, e = end.doubleValue, st = step.doubleValue
        guard st != 0 else { throw TorchError.runtime("step must be nonzero") }
        guard (st > 0 && e >= s) || (st < 0 && e <= s) else {
            throw TorchError.runtime("upper bound and larger bound inconsistent with step sign")
        }
        let allInt: Bool = {
            if case .float = start { return false }
            if case .float = end { return false }
            if case .float = step { return false }
            return true
        }()
        let outType = dtype ?? (allInt ? .int64 : .float32)
        let count = Int(ceil((e - s) / st))
        let t = try Tensor(shape: [max(count, 0)], dtype: outType, zeroed: false)
        switch outType {
        case .float32:
            // ATen's kernel: start + i·step in double (its accumulate type), vectors of 8 from a
            // base plus fused k·step.
            if count > 0 { nk_arange_f32(s, st, Int64(count), t.floatPointer, F32.threads) }
        case .int64:
            if allInt, case .int(let si) = start, case .int(let sti) = step {
                for i in 0..<count { t.int64Pointer[i] = si + Int64(i) * sti }
            } else {
                for i in 0..<count { t.int64Pointer[i] = Int64(s + Double(i) * st) }
            }
        case .bool:
            for i in 0..<count { t.boolPointer[i] = (s + Double(i) * st) != 0 }
        }
        return t
    }

    /// `torch.linspace(start, end, steps)`: PyTorch fills the first half from the start and the
    /// second half from the end, which decides the last bits.
    public static func linspace(_ start: Double, _ end: Double, steps: Int) throws -> Tensor {
        guard steps >= 0 else { throw TorchError.runtime("number of steps must be non-negative") }
        let t = try Tensor(shape: [steps], dtype: .float32, zeroed: false)
        if steps > 0 { nk_linspace_f32(start, end, Int64(steps), t.floatPointer, F32.threads) }
        return t
    }

    public static func eye(_ n: Int, _ m: Int? = nil, dtype: DType = .float32) throws -> Tensor {
        let cols = m ?? n
        guard n >= 0 else { throw TorchError.runtime("n must be greater or equal to 0, got \(n)") }
        guard cols >= 0 else { throw TorchError.runtime("m must be greater or equal to 0, got \(cols)") }
        let t = try zeros([n, cols], dtype: dtype)
        for i in 0..<min(n, cols) {
            switch dtype {
            case .float32: t.floatPointer[i * cols + i] = 1
            case .int64: t.int64Pointer[i * cols + i] = 1
            case .bool: t.boolPointer[i * cols + i] = true
            }
        }
        return t
    }

    // MARK: random

    public static func rand(_ shape: [Int], generator: Generator = .global) throws -> Tensor {
        let t = try Tensor(shape: shape, dtype: .float32, zeroed: false)
        generator.fillUniform(t.floatPointer, count: t.numel, from: 0, to: 1)
        return t
    }

    public static func randn(_ shape: [Int], generator: Generator = .global) throws -> Tensor {
        let t = try Tensor(shape: shape, dtype: .float32, zeroed: false)
        generator.fillNormal(t.floatPointer, count: t.numel, mean: 0, std: 1)
        return t
    }

    public static func randint(low: Int64, high: Int64, shape: [Int], generator: Generator = .global) throws -> Tensor {
        guard low < high else {
            throw TorchError.runtime("random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)")
        }
        let t = try Tensor(shape: shape, dtype: .int64, zeroed: false)
        generator.fillRandint(t.int64Pointer, count: t.numel, low: low, high: high)
        return t
    }

    public static func randperm(_ n: Int, generator: Generator = .global) throws -> Tensor {
        guard n >= 0 else { throw TorchError.runtime("n must be non-negative, got\(n)") }
        return try Tensor(int64s: generator.randperm(n), shape: [n])
    }

    /// `uniform_(a, b)` in place, in storage order (as PyTorch fills non-contiguous views).
    @discardableResult
    public func uniform(_ a: Double, _ b: Double, generator: Generator = .global) throws -> Tensor {
        guard a <= b else {
            throw TorchError.runtime("uniform_ expects to return a [from, to) range, but found from=\(formatNumber(a)) > to=\(formatNumber(b))")
        }
        try checkInPlace()
        try fillRandomInStorageOrder { p, n in generator.fillUniform(p, count: n, from: a, to: b) }
        bumpVersion()
        return self
    }

    /// `normal_(mean, std)` in place: the vectorised path for contiguous tensors, the scalar path
    /// (in storage order) for views.
    @discardableResult
    public func normal(mean: Double = 0, std: Double = 1, generator: Generator = .global) throws -> Tensor {
        guard std >= 0 else { throw TorchError.runtime("normal expects std >= 0.0, but found std \(formatNumber(std))") }
        try checkInPlace()
        if isContiguous {
            generator.fillNormal(floatPointer, count: numel, mean: mean, std: std)
        } else {
            try fillRandomInStorageOrder { p, n in generator.fillNormalScalar(p, count: n, mean: mean, std: std) }
        }
        bumpVersion()
        return self
    }

    /// Draws `numel` values into a scratch buffer and writes them to the elements sorted by storage offset.
    private func fillRandomInStorageOrder(_ draw: (UnsafeMutablePointer<Float>, Int) -> Void) throws {
        guard dtype == .float32 else { throw TorchError(.notImplementedError, "random fill is only implemented for float32 tensors") }
        if isContiguous { draw(floatPointer, numel); return }
        let offsets = elementOffsets().sorted()
        var scratch = [Float](repeating: 0, count: offsets.count)
        scratch.withUnsafeMutableBufferPointer { draw($0.baseAddress!, offsets.count) }
        let p = floatPointer
        for (i, o) in offsets.enumerated() { p[o] = scratch[i] }
    }
}

/// Python's str() of a number in messages: `1` for integral values, else the shortest repr.
func formatNumber(_ x: Double) -> String {
    if x == x.rounded() && abs(x) < 1e16 { return String(Int64(x)) }
    return pythonFloatRepr(x)
}
