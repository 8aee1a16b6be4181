import Engine
import CKernels

/// The optimizers' elementwise arithmetic works on row-major Float arrays: a parameter, its
/// gradient and its state buffers are read out, updated with exactly PyTorch's float32 operation
/// sequence, and written back. Writing goes through `copyFrom` (under no-grad), so parameters
/// that are non-contiguous views are handled and version counters advance as for `add_`.
enum ElementwiseUpdate {
    /// The tensor's values in row-major order, as float32.
    static func read(_ t: Tensor) throws -> [Float] {
        if t.dtype == .float32 && t.isContiguous {
            return Array(UnsafeBufferPointer(start: t.floatPointer, count: t.numel))
        }
        let c = try t.contiguousCopy(dtype: .float32)
        return Array(UnsafeBufferPointer(start: c.floatPointer, count: c.numel))
    }

    /// A state buffer of `p` (it may come from a loaded state dict), checked to have p's size.
    static func state(_ t: Tensor, of p: Tensor) throws -> [Float] {
        guard t.numel == p.numel else {
            throw TorchError.runtime("The size of tensor a (\(t.numel)) must match the size of tensor b (\(p.numel)) at non-singleton dimension 0")
        }
        return try read(t)
    }

    /// The gradient of `p`, checked to match it (a mismatched `.grad` must not index past it).
    static func gradient(of p: Tensor, _ g: Tensor) throws -> [Float] {
        guard g.shape == p.shape else {
            throw TorchError.runtime("The size of tensor a (\(p.numel)) must match the size of tensor b (\(g.numel)) at non-singleton dimension 0")
        }
        return try read(g)
    }

    /// Writes `values` (row-major) into `t` in place.
    static func write(_ values: [Float], into t: Tensor) throws {
        if t.dtype == .float32 && t.isContiguous && values.count == t.numel && !values.isEmpty {
            // The common case: write straight into the parameter, counting it as an in-place change.
            values.withUnsafeBufferPointer { t.floatPointer.update(from: $0.baseAddress!, count: values.count) }
            t.version.value += 1
            return
        }
        let src = try Tensor(floats: values, shape: t.shape)
        try GradMode.with(false) { _ = try t.copyFrom(src) }
    }

    /// A new state buffer shaped like `p` holding `values` (zeros when nil).
    static func buffer(like p: Tensor, _ values: [Float]? = nil) throws -> Tensor {
        if let values { return try Tensor(floats: values, shape: p.shape) }
        return try Tensor.zeros(p.shape)
    }

    /// `a.lerp_(b, w)` for a scalar weight, as ATen computes it: `a + w·(b − a)` for |w| < 0.5,
    /// else `b − (b − a)·(1 − w)`, each as one fused multiply-add.
    @inline(__always)
    static func lerp(_ a: Float, _ b: Float, _ w: Float) -> Float {
        let diff = b - a
        return Swift.abs(w) < 0.5 ? a.addingProduct(w, diff) : b.addingProduct(-diff, 1 - w)
    }

    /// Replaces the float32 square root of Adam and RMSprop. Tests set it to PyTorch's own
    /// results: some PyTorch builds compute float32 `sqrt` to within ±1 ulp only, and with their
    /// values substituted the rest of the arithmetic is checked bit for bit. nil in normal use.
    nonisolated(unsafe) static var sqrtOverride: ((Float) -> Float)?

    /// Square roots of a buffer as `tensor.sqrt()` computes them in PyTorch: MKL VML, which is
    /// not always correctly rounded (or the test override, element by element).
    static func sqrt(_ xs: [Float]) -> [Float] {
        if let o = sqrtOverride { return xs.map(o) }
        var out = [Float](repeating: 0, count: xs.count)
        if !xs.isEmpty { nk_vsqrt_f32(xs, &out, Int64(xs.count)) }
        return out
    }

    /// The float32 storage of `tensors` when all are contiguous float32 of the same size, for the
    /// optimizers' in-place kernels (CKernels/optim.c); nil sends them to the array path.
    static func inPlacePointers(_ tensors: [Tensor]) -> [UnsafeMutablePointer<Float>]? {
        guard let n = tensors.first?.numel else { return nil }
        for t in tensors where t.dtype != .float32 || !t.isContiguous || t.numel != n { return nil }
        return tensors.map { $0.floatPointer }
    }

    /// Marks tensors updated in place (their version counters advance, as after `add_`).
    static func touched(_ tensors: [Tensor]) { for t in tensors { t.version.value += 1 } }

    /// The `step` state tensor: a 0-d float32 holding the step count.
    static func stepTensor() -> Tensor { Tensor(scalar: Float(0)) }

    /// `step_t += 1` on the 0-d float `step` state; returns the new value as `item()` gives it.
    static func incrementStep(_ step: Tensor) throws -> Double {
        let v = try read(step).first ?? 0
        try write([v + 1], into: step)
        return Double(v + 1)
    }
}
