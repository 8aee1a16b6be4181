import Engine
import CKernels

/// The optimizers' elementwise arithmetic works on row-major arrays of the parameter's compute
/// type C (float32 for float32/float16/bfloat16 parameters, float64 for float64 ones): a
/// parameter, its gradient and its state buffers are read out, updated with exactly PyTorch's
/// operation sequence, and written back. Writing goes through `copyFrom` (under no-grad), so
/// parameters that are non-contiguous views are handled and version counters advance as for `add_`.
enum ElementwiseUpdate {
    /// The tensor's values in row-major order, as C.
    static func read<C: ComputeFloat>(_ t: Tensor, as _: C.Type = C.self) throws -> [C] {
        if t.dtype == C.dtype && t.isContiguous {
            return Array(UnsafeBufferPointer(start: t.pointer(C.self), count: t.numel))
        }
        let c = try t.contiguousCopy(dtype: C.dtype)
        return Array(UnsafeBufferPointer(start: c.pointer(C.self), count: c.numel))
    }

    /// A state buffer of `p` (it may come from a loaded state dict), checked to have p's size.
    static func state<C: ComputeFloat>(_ t: Tensor, of p: Tensor, as _: C.Type = C.self) throws -> [C] {
        guard t.numel == p.numel else {
            throw TorchError.runtime("The size of tensor a (\(t.numel)) must match the size of tensor b (\(p.numel)) at non-singleton dimension 0")
        }
        return try read(t)
    }

    /// The gradient of `p`, checked to match it (a mismatched `.grad` must not index past it).
    static func gradient<C: ComputeFloat>(of p: Tensor, _ g: Tensor, as _: C.Type = C.self) throws -> [C] {
        guard g.shape == p.shape else {
            throw TorchError.runtime("The size of tensor a (\(p.numel)) must match the size of tensor b (\(g.numel)) at non-singleton dimension 0")
        }
        return try read(g)
    }

    /// Writes `values` (row-major) into `t` in place (rounded to t's dtype).
    static func write<C: ComputeFloat>(_ values: [C], into t: Tensor) throws {
        if t.dtype == C.dtype && t.isContiguous && values.count == t.numel && !values.isEmpty {
            // The common case: write straight into the parameter, counting it as an in-place change.
            let p = t.pointer(C.self)
            values.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: values.count) }
            t.version.value += 1
            return
        }
        let src = try Tensor(values: values, shape: t.shape)
        try GradMode.with(false) { _ = try t.copyFrom(src) }
    }

    /// A new state buffer shaped like `p`, of p's dtype (PyTorch's `zeros_like(p)` / `grad.clone()`),
    /// holding `values` (zeros when nil).
    static func buffer<C: ComputeFloat>(like p: Tensor, _ values: [C]? = nil) throws -> Tensor {
        if let values { return try Tensor(values: values, shape: p.shape).to(p.dtype) }
        return try Tensor.zeros(p.shape, dtype: p.dtype)
    }

    static func buffer(like p: Tensor) throws -> Tensor { try Tensor.zeros(p.shape, dtype: p.dtype) }

    /// `a.lerp_(b, w)` for a scalar weight, as ATen computes it: `a + w·(b − a)` for |w| < 0.5,
    /// else `b − (b − a)·(1 − w)`, each as one fused multiply-add.
    @inline(__always)
    static func lerp<C: ComputeFloat>(_ a: C, _ b: C, _ w: C) -> C {
        let diff = b - a
        return Swift.abs(w) < 0.5 ? a.addingProduct(w, diff) : b.addingProduct(-diff, 1 - w)
    }

    /// Replaces the float32 square root of Adam and RMSprop. Tests set it to PyTorch's own
    /// results: some PyTorch builds compute float32 `sqrt` to within ±1 ulp only, and with their
    /// values substituted the rest of the arithmetic is checked bit for bit. nil in normal use.
    nonisolated(unsafe) static var sqrtOverride: ((Float) -> Float)?

    /// The correctly rounded square root (or, for float32, the test override).
    @inline(__always)
    static func sqrt<C: ComputeFloat>(_ x: C) -> C {
        if let o = sqrtOverride, let f = x as? Float { return o(f) as! C }
        return x.squareRoot()
    }

    /// Square roots of a buffer as `tensor.sqrt()` computes them in PyTorch: MKL VML, which is
    /// not always correctly rounded (or the test override, element by element);
    /// float64 buffers take the correctly rounded root element by element.
    static func sqrt<C: ComputeFloat>(_ xs: [C]) -> [C] {
        guard let fs = xs as? [Float] else { return xs.map { $0.squareRoot() } }
        if let o = sqrtOverride { return fs.map(o) as! [C] }
        var out = [Float](repeating: 0, count: fs.count)
        if !fs.isEmpty { nk_vsqrt_f32(fs, &out, Int64(fs.count)) }
        return out as! [C]
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

    /// The `step` state tensor: a 0-d float32 holding the step count
    /// (PyTorch's `_get_scalar_dtype()`: float64 when that is the default dtype.)
    static func stepTensor() -> Tensor { DType.defaultFloat == .float64 ? Tensor(scalar: 0.0) : Tensor(scalar: Float(0)) }

    /// `step_t += 1` on the 0-d float `step` state; returns the new value as `item()` gives it.
    static func incrementStep(_ step: Tensor) throws -> Double {
        let v = try read(step, as: Float.self).first ?? 0
        try write([v + 1], into: step)
        return Double(v + 1)
    }
}
