import CKernels

/// The float32 kernels that reproduce PyTorch's arithmetic bit for bit (CKernels: MKL's GEMM and
/// VML, SLEEF and glibc where ATen calls them, ATen's own summation order and vector widths).
/// Ops call these for float32 tensors and keep their generic paths for other dtypes; results
/// are new contiguous tensors. See docs/numerics.md.
enum F32 {
    /// torch.get_num_threads(): PyTorch's result depends on how it splits work between threads
    /// (which elements take the vector path, how partial sums are grouped), so every kernel is
    /// told PyTorch's count, whatever the number of threads actually working.
    static var threads: Int32 { Int32(ComputeThreads.numericCount) }

    typealias Unary = (UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int64) -> Void
    typealias Binary = (UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int64) -> Void

    /// y = f(x) over x's elements in row-major order.
    static func map(_ x: Tensor, _ kernel: Unary) throws -> Tensor {
        let src = try x.contiguousFloatForReading()
        let out = try Tensor(shape: x.shape, dtype: .float32, zeroed: false)
        if out.numel > 0 { kernel(src.floatPointer, out.floatPointer, Int64(out.numel)) }
        return out
    }

    /// y = f(x) for an input computed in float32 (float32 itself, or an integer or bool tensor,
    /// which PyTorch's floating ops compute in the default dtype); nil for other dtypes.
    static func unary(_ x: Tensor, _ kernel: Unary) throws -> Tensor? {
        guard x.dtype == .float32 || !x.dtype.isFloatingPoint else { return nil }
        return try map(try x.to(.float32), kernel)
    }

    /// out = f(a, b) for two float32 tensors of the same shape.
    static func map(_ a: Tensor, _ b: Tensor, _ kernel: Binary) throws -> Tensor {
        precondition(a.shape == b.shape, "F32.map: shapes differ")
        let x = try a.contiguousFloatForReading(), y = try b.contiguousFloatForReading()
        let out = try Tensor(shape: a.shape, dtype: .float32, zeroed: false)
        if out.numel > 0 { kernel(x.floatPointer, y.floatPointer, out.floatPointer, Int64(out.numel)) }
        return out
    }

    /// out = f(a, b) broadcast together, row by row as TensorIterator hands rows to ATen's
    /// vectorized loop: for kernels whose result depends on an element's position in its row
    /// (vector body or scalar tail), e.g. pow. A row where both inputs are contiguous, or one is
    /// a broadcast scalar, runs the kernel on the whole row; any other row is computed element
    /// by element (ATen's basic loop: the scalar function only). Rows are cut where ATen's
    /// thread chunks end.
    static func mapByRows(_ a: Tensor, _ b: Tensor, _ kernel: Binary) throws -> Tensor {
        let shape = try broadcastShapes(a.shape, b.shape)
        let out = try Tensor(shape: shape, dtype: .float32, zeroed: false)
        let n = out.numel
        if n == 0 { return out }
        let pa = a.floatPointer, pb = b.floatPointer, po = out.floatPointer
        var chunk = n
        let t = Int(threads)
        if t > 1 && n > 32768 { let tasks = Swift.min(t, (n + 32767) / 32768); chunk = (n + tasks - 1) / tasks }
        var bufA = [Float](), bufB = [Float]()
        forEachRow(shape: shape, strides: [out.strides, broadcastStrides(of: a, to: shape), broadcastStrides(of: b, to: shape)]) { o, len, s in
            let vectorizable = (s[1] == 1 || s[1] == 0) && (s[2] == 1 || s[2] == 0) && !(s[1] == 0 && s[2] == 0)
            var start = 0
            while start < len {
                // the piece of this row inside one thread chunk
                let flat = o[0] + start
                let piece = Swift.min(len - start, chunk - flat % chunk)
                if vectorizable {
                    if bufA.count < piece { bufA = [Float](repeating: 0, count: piece); bufB = [Float](repeating: 0, count: piece) }
                    for i in 0..<piece { bufA[i] = pa[o[1] + (start + i) * s[1]]; bufB[i] = pb[o[2] + (start + i) * s[2]] }
                    kernel(bufA, bufB, po + flat, Int64(piece))
                } else {
                    for i in 0..<piece {
                        var x = pa[o[1] + (start + i) * s[1]], y = pb[o[2] + (start + i) * s[2]]
                        kernel(&x, &y, po + flat + i, 1)
                    }
                }
                start += piece
            }
        }
        return out
    }

    /// `a + alpha·b`, `a - alpha·b`, `a * b`, `a / b` for float32 operands that are contiguous
    /// and equally shaped, or where one is a single broadcast value: vectorized C loops (one
    /// IEEE operation per element, or one fma with alpha, as ATen). nil for any other layout.
    static func arithmetic(_ op: ArithOp, _ x: Tensor, _ y: Tensor, alpha: Double?) throws -> Tensor? {
        guard x.dtype == .float32, y.dtype == .float32, x.isContiguous, y.isContiguous else { return nil }
        let al: Float = alpha.map { Float($0) } ?? 1
        if x.shape == y.shape {
            let out = try Tensor(shape: x.shape, dtype: .float32, zeroed: false)
            let n = Int64(out.numel), a = x.floatPointer, b = y.floatPointer, o = out.floatPointer
            if n == 0 { return out }
            switch op {
            case .add: if al == 1 { nk_add_f32(a, b, o, n) } else { nk_add_alpha_f32(a, b, al, o, n) }
            case .sub: if al == 1 { nk_sub_f32(a, b, o, n) } else { nk_add_alpha_f32(a, b, -al, o, n) }
            case .mul: nk_mul_f32(a, b, o, n)
            case .div: nk_div_f32(a, b, o, n)
            }
            return out
        }
        guard al == 1, try broadcastShapes(x.shape, y.shape) == (y.numel == 1 ? x.shape : y.shape) else { return nil }
        if y.numel == 1 {
            let out = try Tensor(shape: x.shape, dtype: .float32, zeroed: false)
            let code: Int32 = op == .add ? 0 : op == .sub ? 1 : op == .mul ? 3 : 4
            if out.numel > 0 { nk_scalar_op_f32(x.floatPointer, y.floatPointer[0], code, out.floatPointer, Int64(out.numel)) }
            return out
        }
        if x.numel == 1 {
            let out = try Tensor(shape: y.shape, dtype: .float32, zeroed: false)
            let code: Int32 = op == .add ? 0 : op == .sub ? 2 : op == .mul ? 3 : 5
            if out.numel > 0 { nk_scalar_op_f32(y.floatPointer, x.floatPointer[0], code, out.floatPointer, Int64(out.numel)) }
            return out
        }
        return nil
    }

    /// Variance (or standard deviation) over `dims` with `correction`, computed in double and
    /// rounded once, which is what ATen's Welford reduction in double gives.
    static func variance(_ x: Tensor, dims: [Int], correction: Int, std: Bool) throws -> Tensor {
        var kept = x.shape
        for d in dims { kept[d] = 1 }
        let out = try Tensor(shape: kept, dtype: .float32, zeroed: false)
        let slots = out.numel
        var outStrides = contiguousStrides(kept)
        for d in dims { outStrides[d] = 0 }
        let count = dims.reduce(1) { $0 * x.shape[$1] }
        var sums = [Double](repeating: 0, count: slots)
        let p = x.floatPointer
        forEachRow(shape: x.shape, strides: [x.strides, outStrides]) { o, n, s in
            for i in 0..<n { sums[o[1] + i * s[1]] += Double(p[o[0] + i * s[0]]) }
        }
        let means = sums.map { $0 / Double(count) }
        var squares = [Double](repeating: 0, count: slots)
        forEachRow(shape: x.shape, strides: [x.strides, outStrides]) { o, n, s in
            for i in 0..<n {
                let j = o[1] + i * s[1]
                let d = Double(p[o[0] + i * s[0]]) - means[j]
                squares[j] += d * d
            }
        }
        let denom = Double(Swift.max(count - correction, 0))
        for j in 0..<slots {
            let v = squares[j] / denom
            out.floatPointer[j] = Float(std ? v.squareRoot() : v)
        }
        return out
    }
}
