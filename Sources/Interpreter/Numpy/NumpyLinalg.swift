import CBLAS
import CNumpyBLAS
import Engine

// `np.dot` and `np.matmul` / `@`. Float arrays go to OpenBLAS as numpy sends them
// (numpy/_core/src/common/cblasfuncs.c): vector·vector → ?dot, matrix·vector → ?gemv,
// matrix·matrix → ?gemm, passing C- or Fortran-ordered operands with transpose flags instead of
// copying. numpy's OpenBLAS (scipy-openblas 0.3.31) and the system one nnrepl links may pick
// different kernels, so sums of products can differ in the last bit (docs/language.md).
// Integer and bool products use numpy's own loops: a sequential sum over k.

/// numpy's shape classes for dot (`_select_matrix_shape`).
private enum MatrixShape { case scalar, column, row, matrix }
private func matrixShape(_ a: NDArray) -> MatrixShape {
    switch a.ndim {
    case 0: return .scalar
    case 1: return a.shape[0] > 1 ? .column : .scalar
    case 2:
        if a.shape[0] > 1 { return a.shape[1] == 1 ? .column : .matrix }
        return a.shape[1] == 1 ? .scalar : .row
    default: return .matrix
    }
}

/// A 2-D float operand for BLAS: row-major with leading dimension, or transposed; else a copy.
private struct BlasMatrix {
    let array: NDArray
    let ld: Int32
    let transposed: Bool
    init(_ a: NDArray) throws {
        let rows = a.shape[0], cols = a.shape[1]
        if (a.strides[1] == 1 || cols == 1) && a.strides[0] >= max(cols, 1) {
            array = a; ld = Int32(max(a.strides[0], max(cols, 1))); transposed = false
        } else if (a.strides[0] == 1 || rows == 1) && a.strides[1] >= max(rows, 1) {
            array = a; ld = Int32(max(a.strides[1], max(rows, 1))); transposed = true
        } else {
            let c = try a.copy()
            array = c; ld = Int32(max(cols, 1)); transposed = false
        }
    }
}

/// out[m×n] = a[m×k] · b[k×n] for float32/float64 through ?gemm.
private func blasGemm(_ a: NDArray, _ b: NDArray, into out: NDArray) throws {
    let m = a.shape[0], k = a.shape[1], n = b.shape[1]
    if m == 0 || n == 0 { return }
    if k == 0 { out.storage.bytes.initializeMemory(as: UInt8.self, repeating: 0, count: out.size * out.dtype.itemSize); return }
    let ga = try BlasMatrix(a), gb = try BlasMatrix(b)
    let ta = ga.transposed ? CblasTrans : CblasNoTrans, tb = gb.transposed ? CblasTrans : CblasNoTrans
    if out.dtype == .float64 {
        nnrepl_numpy_dgemm(ga.transposed ? 1 : 0, gb.transposed ? 1 : 0, m, n, k, ga.array.pointer(Double.self), Int(ga.ld),
                           gb.array.pointer(Double.self), Int(gb.ld), out.pointer(Double.self))
    } else {
        cblas_sgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1, ga.array.pointer(Float.self), ga.ld,
                    gb.array.pointer(Float.self), gb.ld, 0, out.pointer(Float.self), Int32(max(n, 1)))
    }
    withExtendedLifetime((ga, gb)) {}
}

/// Runs `body` with OpenBLAS on one thread, as numpy runs in the transcripts (OMP_NUM_THREADS=1):
/// its threaded gemv splits sums differently.
private func singleThreadedBLAS<R>(_ body: () throws -> R) rethrows -> R {
    let n = ComputeThreads.count
    if n != 1 { openblas_set_num_threads(1) }
    defer { if n != 1 { openblas_set_num_threads(Int32(n)) } }
    return try body()
}

/// out[m] = a[m×k] · x[k] through ?gemv (a given as 2-D; `transposeA` multiplies by aᵀ).
private func blasGemv(_ a: NDArray, _ x: NDArray, into out: NDArray) throws {
    let m = a.shape[0], k = a.shape[1]
    if m == 0 { return }
    if k == 0 { out.storage.bytes.initializeMemory(as: UInt8.self, repeating: 0, count: out.size * out.dtype.itemSize); return }
    let ga = try BlasMatrix(a)
    let xs = x.strides[0] == 0 ? try x.copy() : x
    let inc = Int32(xs.strides[0])
    // BLAS takes a negative increment as counting from the end; numpy passes the pointer to the
    // lowest address for negative strides.
    let xp = xs.strides[0] < 0 ? xs.offset + (k - 1) * xs.strides[0] : xs.offset
    let (rows, cols) = ga.transposed ? (k, m) : (m, k)
    let trans = ga.transposed ? CblasTrans : CblasNoTrans
    if out.dtype == .float64 {
        let px = xs.storage.bytes.assumingMemoryBound(to: Double.self) + xp
        cblas_dgemv(CblasRowMajor, trans, Int32(rows), Int32(cols), 1, ga.array.pointer(Double.self), ga.ld, px, inc, 0, out.pointer(Double.self), 1)
    } else {
        let px = xs.storage.bytes.assumingMemoryBound(to: Float.self) + xp
        cblas_sgemv(CblasRowMajor, trans, Int32(rows), Int32(cols), 1, ga.array.pointer(Float.self), ga.ld, px, inc, 0, out.pointer(Float.self), 1)
    }
    withExtendedLifetime((ga, xs)) {}
}

/// x · y of two vectors through ?dot.
private func blasDot(_ x: NDArray, _ y: NDArray, into out: NDArray) {
    let n = x.size
    func base<T>(_ a: NDArray, _: T.Type) -> UnsafeMutablePointer<T> {
        a.storage.bytes.assumingMemoryBound(to: T.self) + (a.strides[0] < 0 ? a.offset + (n - 1) * a.strides[0] : a.offset)
    }
    let ix = Int32(x.ndim == 1 ? x.strides[0] : x.strides[x.shape[0] == 1 ? 1 : 0])
    let iy = Int32(y.ndim == 1 ? y.strides[0] : y.strides[y.shape[0] == 1 ? 1 : 0])
    if out.dtype == .float64 {
        out.pointer(Double.self).pointee = n == 0 ? 0 : cblas_ddot(Int32(n), base(x, Double.self), ix, base(y, Double.self), iy)
    } else {
        out.pointer(Float.self).pointee = n == 0 ? 0 : cblas_sdot(Int32(n), base(x, Float.self), ix, base(y, Float.self), iy)
    }
}

/// Generic (integer, bool) product of 2-D arrays: numpy's `dot` loop, sequential over k.
private func naiveMatmul(_ a: NDArray, _ b: NDArray, into out: NDArray) {
    let m = a.shape[0], k = a.shape[1], n = b.shape[1]
    func run<T: NumpyElement>(_: T.Type, _ zero: T, _ fma: (T, T, T) -> T) {
        let pa = a.pointer(T.self), pb = b.pointer(T.self), po = out.pointer(T.self)
        for i in 0..<m {
            for j in 0..<n {
                var acc = zero
                for l in 0..<k { acc = fma(acc, pa[i * a.strides[0] + l * a.strides[1]], pb[l * b.strides[0] + j * b.strides[1]]) }
                po[i * out.strides[0] + j * out.strides[1]] = acc
            }
        }
    }
    switch out.dtype {
    case .bool: run(Bool.self, false) { $0 || ($1 && $2) }
    case .int8: run(Int8.self, 0) { $0 &+ $1 &* $2 }
    case .uint8: run(UInt8.self, 0) { $0 &+ $1 &* $2 }
    case .int16: run(Int16.self, 0) { $0 &+ $1 &* $2 }
    case .int32: run(Int32.self, 0) { $0 &+ $1 &* $2 }
    case .int64: run(Int64.self, 0) { $0 &+ $1 &* $2 }
    case .float32: run(Float.self, 0) { $0 + $1 * $2 }
    case .float64: run(Double.self, 0) { $0 + $1 * $2 }
    }
}

/// out = a[m×k] · b[k×n] in `out`'s dtype (a, b already of that dtype; out contiguous).
private func product2D(_ a: NDArray, _ b: NDArray, into out: NDArray) throws {
    if out.dtype.isFloat {
        let sa = matrixShape(a), sb = matrixShape(b)
        // numpy's choice of BLAS routine by the operands' shape classes.
        if (sb == .column || sb == .scalar) && (sa == .row || sa == .scalar) && a.shape[1] > 0 {
            try singleThreadedBLAS { blasDot(try numpyReshape(a, [a.shape[1]]), try numpyReshape(b, [b.shape[0]]), into: out) }
        } else if sa == .matrix && (sb == .column || sb == .scalar) {
            try singleThreadedBLAS { try blasGemv(a, try numpyReshape(b, [b.shape[0]]), into: out) }
        } else if (sa == .row || sa == .scalar) && sb == .matrix {
            try singleThreadedBLAS { try blasGemv(try numpyTranspose(b), try numpyReshape(a, [a.shape[1]]), into: out) }
        } else {
            try blasGemm(a, b, into: out)
        }
    } else {
        naiveMatmul(a, b, into: out)
    }
}

/// `np.dot(a, b)`.
func numpyDot(_ x: NDArray, _ y: NDArray) throws -> NDArray {
    let dtype = NumpyDType.promote(x.dtype, y.dtype)
    let a = x.dtype == dtype ? x : try x.astype(dtype), b = y.dtype == dtype ? y : try y.astype(dtype)
    if a.ndim == 0 || b.ndim == 0 { return try numpyBinary(.multiply, .array(a), .array(b)) }
    let ka = a.shape[a.ndim - 1]
    let kbDim = b.ndim == 1 ? 0 : b.ndim - 2
    let kb = b.shape[kbDim]
    guard ka == kb else {
        throw PyError(.valueError, "shapes \(numpyShapeCompact(a.shape)) and \(numpyShapeCompact(b.shape)) not aligned: \(ka) (dim \(a.ndim - 1)) != \(kb) (dim \(kbDim))")
    }
    if a.ndim <= 2 && b.ndim <= 2 {
        let a2 = a.ndim == 1 ? try numpyReshape(a, [1, ka]) : a
        let b2 = b.ndim == 1 ? try numpyReshape(b, [kb, 1]) : b
        let out = try NDArray(shape: [a2.shape[0], b2.shape[1]], dtype: dtype, zeroed: false)
        try product2D(a2, b2, into: out)
        var shape: [Int] = []
        if a.ndim == 2 { shape.append(a.shape[0]) }
        if b.ndim == 2 { shape.append(b.shape[1]) }
        return out.withShape(shape, strides: numpyContiguousStrides(shape))
    }
    // N-d: sum over a's last axis and b's second-to-last: a reshaped to 2-D times b moved to (k, rest).
    let aRest = Array(a.shape.dropLast())
    let a2 = try numpyReshape(a, [aRest.reduce(1, *), ka])
    var bPerm = Array(0..<b.ndim)
    bPerm.remove(at: kbDim)
    bPerm.insert(kbDim, at: 0)
    let bt = try numpyTranspose(b, bPerm)
    let bRest = Array(bt.shape.dropFirst())
    let b2 = try numpyReshape(bt, [kb, bRest.reduce(1, *)])
    let out = try NDArray(shape: [a2.shape[0], b2.shape[1]], dtype: dtype, zeroed: false)
    try product2D(a2, b2, into: out)
    return try numpyReshape(out, aRest + bRest)
}

/// `np.matmul(a, b)` / `a @ b`: batched over leading dimensions with broadcasting.
func numpyMatmul(_ x: NDArray, _ y: NDArray) throws -> NDArray {
    let sig = "(n?,k),(k,m?)->(n?,m?)"
    for (i, o) in [x, y].enumerated() where o.ndim == 0 {
        throw PyError(.valueError, "matmul: Input operand \(i) does not have enough dimensions (has 0, gufunc core with signature \(sig) requires 1)")
    }
    let dtype = NumpyDType.promote(x.dtype, y.dtype)
    var a = x.dtype == dtype ? x : try x.astype(dtype), b = y.dtype == dtype ? y : try y.astype(dtype)
    let aVec = a.ndim == 1, bVec = b.ndim == 1
    if aVec { a = try numpyReshape(a, [1, a.shape[0]]) }
    if bVec { b = try numpyReshape(b, [b.shape[0], 1]) }
    let k = a.shape[a.ndim - 1]
    guard b.shape[b.ndim - 2] == k else {
        throw PyError(.valueError, "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature \(sig) (size \(b.shape[b.ndim - 2]) is different from \(k))")
    }
    let m = a.shape[a.ndim - 2], n = b.shape[b.ndim - 1]
    let batch = try numpyBroadcastShapes([Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2))])
    let out = try NDArray(shape: batch + [m, n], dtype: dtype, zeroed: false)
    let ab = try numpyBroadcastTo(a, batch + [m, k]), bb = try numpyBroadcastTo(b, batch + [k, n])
    let count = batch.reduce(1, *)
    let bs = numpyContiguousStrides(batch)
    for i in 0..<count {
        var offA = ab.offset, offB = bb.offset, rem = i
        for d in 0..<batch.count {
            let idx = rem / bs[d]; rem %= bs[d]
            offA += idx * ab.strides[d]; offB += idx * bb.strides[d]
        }
        let am = ab.view(shape: [m, k], strides: Array(ab.strides.suffix(2)), offset: offA)
        let bm = bb.view(shape: [k, n], strides: Array(bb.strides.suffix(2)), offset: offB)
        let om = out.view(shape: [m, n], strides: [n, 1], offset: i * m * n)
        if aVec && bVec && dtype.isFloat {
            try singleThreadedBLAS { blasDot(try numpyReshape(am, [k]), try numpyReshape(bm, [k]), into: om) }
        } else if dtype.isFloat {
            try product2D(am, bm, into: om)
        } else {
            naiveMatmul(am, bm, into: om)
        }
    }
    var shape = batch
    if !aVec { shape.append(m) }
    if !bVec { shape.append(n) }
    return try numpyReshape(out, shape)
}
