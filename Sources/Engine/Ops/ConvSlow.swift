import CBLAS

/// aten's native CPU convolution (`slow_conv2d`, ConvolutionMM2d.cpp), used where PyTorch uses
/// it: per image, unfold the input into columns (im2col) and multiply by the weight with one
/// GEMM; the bias is written into the output first and the product added to it (beta = 1).
/// Groups run one after another on their slices, as aten's per-group loop does.

/// The element types the native path computes in (float32 and float64, as sgemm and dgemm).
protocol ConvScalar: BinaryFloatingPoint, Element {
    /// aten's `cpublas::gemm` (through `cpublasGemm`, so MKL's sgemm/dgemm when it is loaded): column-major C[m×n] = alpha·op(A)·op(B) + beta·C.
    static func columnMajorGemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                                _ a: UnsafePointer<Self>, lda: Int, _ b: UnsafePointer<Self>, ldb: Int,
                                beta: Self, _ c: UnsafeMutablePointer<Self>, ldc: Int) throws
}

extension Float: ConvScalar {
    static func columnMajorGemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                                _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                                beta: Float, _ c: UnsafeMutablePointer<Float>, ldc: Int) throws {
        try cpublasGemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                    beta: beta, c: c, ldc: ldc)
    }
}

extension Double: ConvScalar {
    static func columnMajorGemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                                _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
                                beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int) throws {
        try cpublasGemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                    beta: beta, c: c, ldc: ldc)
    }
}

extension ConvShape {
    /// A 1×1 kernel with stride 1 and no padding needs no unfolding: the input is its columns.
    var inputIsColumns: Bool {
        kh == 1 && kw == 1 && g.stride == (1, 1) && g.padding == (0, 0) && g.dilation == (1, 1)
    }
}

/// Unfolds `channels` planes [C, H, W] (at `src`) into columns [C*kh*kw, OH*OW] (at `cols`).
func im2col<T: ConvScalar>(_ src: UnsafePointer<T>, channels: Int, _ s: ConvShape, _ cols: UnsafeMutablePointer<T>) {
    let (height, width, oh, ow) = (s.h, s.w, s.oh, s.ow)
    let (sh, sw) = s.g.stride, (ph, pw) = s.g.padding, (dh, dw) = s.g.dilation
    var row = 0
    for c in 0..<channels {
        let plane = src + c * height * width
        for ki in 0..<s.kh {
            for kj in 0..<s.kw {
                let dst = cols + row * oh * ow
                // Columns x whose source ix = x*sw - pw + kj*dw lies inside the row.
                let off = kj * dw - pw
                let xFirst = off >= 0 ? 0 : Swift.min(ow, (-off + sw - 1) / sw)
                let xEnd = Swift.max(xFirst, Swift.min(ow, width - off <= 0 ? 0 : (width - off + sw - 1) / sw))
                for y in 0..<oh {
                    let iy = y * sh - ph + ki * dh
                    let line = dst + y * ow
                    if iy < 0 || iy >= height {
                        line.update(repeating: 0, count: ow)
                        continue
                    }
                    let srcLine = plane + iy * width + off
                    if xFirst > 0 { line.update(repeating: 0, count: xFirst) }
                    if sw == 1 {
                        (line + xFirst).update(from: srcLine + xFirst, count: xEnd - xFirst)
                    } else {
                        for x in xFirst..<xEnd { line[x] = srcLine[x * sw] }
                    }
                    if xEnd < ow { (line + xEnd).update(repeating: 0, count: ow - xEnd) }
                }
                row += 1
            }
        }
    }
}

/// Folds columns back into planes, adding overlapping contributions in aten's order
/// (`unfolded2d_acc`: channel, kernel row, kernel column, then the output positions).
func col2im<T: ConvScalar>(_ cols: UnsafePointer<T>, channels: Int, _ s: ConvShape, _ dst: UnsafeMutablePointer<T>) {
    let (height, width, oh, ow) = (s.h, s.w, s.oh, s.ow)
    let (sh, sw) = s.g.stride, (ph, pw) = s.g.padding, (dh, dw) = s.g.dilation
    var row = 0
    for c in 0..<channels {
        let plane = dst + c * height * width
        for ki in 0..<s.kh {
            for kj in 0..<s.kw {
                let src = cols + row * oh * ow
                let off = kj * dw - pw
                let xFirst = off >= 0 ? 0 : Swift.min(ow, (-off + sw - 1) / sw)
                let xEnd = Swift.max(xFirst, Swift.min(ow, width - off <= 0 ? 0 : (width - off + sw - 1) / sw))
                for y in 0..<oh {
                    let iy = y * sh - ph + ki * dh
                    if iy < 0 || iy >= height { continue }
                    let line = src + y * ow
                    let dstLine = plane + iy * width + off
                    for x in xFirst..<xEnd { dstLine[x * sw] += line[x] }
                }
                row += 1
            }
        }
    }
}

/// Forward: per image and group, out = bias; out += W_g · columns.
func slowConvForward<T: ConvScalar>(_: T.Type, _ s: ConvShape, _ x: Tensor, _ w: Tensor, _ b: Tensor?, _ out: Tensor) throws {
    let plane = s.oh * s.ow
    let op = out.pointer(T.self), xp = x.pointer(T.self), wp = w.pointer(T.self)
    if let b {
        let bp = b.pointer(T.self)
        for i in 0..<s.n {
            for ch in 0..<s.o { (op + (i * s.o + ch) * plane).update(repeating: bp[ch], count: plane) }
        }
    }
    if s.colRows == 0 {
        if b == nil { out.fillRaw(0) }
        return
    }
    let cols = s.inputIsColumns ? nil : try Tensor(shape: [s.colRows, plane], dtype: T.dtype, zeroed: false)
    for i in 0..<s.n {
        try checkInterrupt()
        for grp in 0..<s.g.groups {
            let xg = xp + (i * s.c + grp * s.cg) * s.h * s.w
            let colp: UnsafePointer<T>
            if let cols {
                im2col(UnsafePointer(xg), channels: s.cg, s, cols.pointer(T.self))
                colp = UnsafePointer(cols.pointer(T.self))
            } else {
                colp = UnsafePointer(xg)
            }
            try T.columnMajorGemm(transA: false, transB: false, m: plane, n: s.og, k: s.colRows, alpha: 1,
                              colp, lda: plane, wp + grp * s.og * s.colRows, ldb: s.colRows,
                              beta: b == nil ? 0 : 1, op + (i * s.o + grp * s.og) * plane, ldc: plane)
        }
    }
    withExtendedLifetime((x, w, b, cols)) {}
}

/// Input gradient: per image and group, columns = W_gᵀ · gy, folded back with col2im.
func slowConvBackwardInput<T: ConvScalar>(_: T.Type, _ s: ConvShape, _ gy: Tensor, _ w: Tensor, _ gx: Tensor) throws {
    gx.fillRaw(0)
    let plane = s.oh * s.ow
    if s.colRows == 0 || s.og == 0 { return }
    let cols = try Tensor(shape: [s.colRows, plane], dtype: T.dtype, zeroed: false)
    let gyp = gy.pointer(T.self), wp = w.pointer(T.self), gxp = gx.pointer(T.self), cp = cols.pointer(T.self)
    for i in 0..<s.n {
        try checkInterrupt()
        for grp in 0..<s.g.groups {
            let gxg = gxp + (i * s.c + grp * s.cg) * s.h * s.w
            // With a 1×1 kernel the columns are the input gradient itself.
            let dst = s.inputIsColumns ? gxg : cp
            try T.columnMajorGemm(transA: false, transB: true, m: plane, n: s.colRows, k: s.og, alpha: 1,
                              gyp + (i * s.o + grp * s.og) * plane, lda: plane,
                              wp + grp * s.og * s.colRows, ldb: s.colRows,
                              beta: 0, dst, ldc: plane)
            if !s.inputIsColumns { col2im(UnsafePointer(cp), channels: s.cg, s, gxg) }
        }
    }
    withExtendedLifetime((gy, w, cols)) {}
}

/// Whether `columnMajorGemm` is PyTorch's own GEMM (MKL's sgemm, loaded at run time). Only then
/// does aten's float accumulation of the weight gradient reproduce PyTorch's bits; with another
/// BLAS (the OpenBLAS fallback) a float sum over a large plane (LeNet's conv1: 900 products) can
/// land 1e-5 away from PyTorch's, so the weight gradient is then accumulated in double and
/// rounded once, which stays within 1e-6.
var gemmIsPyTorchs: Bool { NumericsInfo.usesMKL }

/// Weight gradient: zero, then per image and group gw_g += gy · columnsᵀ (beta = 1, images in
/// order, as aten accumulates them); bias gradient: gy summed over batch and plane.
func slowConvBackwardParameters<T: ConvScalar>(_: T.Type, _ s: ConvShape, _ x: Tensor, _ gy: Tensor, _ gw: Tensor?, _ gb: Tensor?) throws {
    let plane = s.oh * s.ow
    if let gw {
        gw.fillRaw(0)
        let cols = s.inputIsColumns ? nil : try Tensor(shape: [s.colRows, plane], dtype: T.dtype, zeroed: false)
        // Float32 with a BLAS other than PyTorch's: accumulate in double (see gemmIsPyTorchs).
        let wide = T.self == Float.self && !gemmIsPyTorchs
        var acc = wide ? [Double](repeating: 0, count: s.o * s.colRows) : []
        var colsWide = wide ? [Double](repeating: 0, count: s.colRows * plane) : []
        var gyWide = wide ? [Double](repeating: 0, count: s.og * plane) : []
        let xp = x.pointer(T.self), gyp = gy.pointer(T.self), gwp = gw.pointer(T.self)
        if s.colRows > 0 && s.og > 0 {
            for i in 0..<s.n {
                try checkInterrupt()
                for grp in 0..<s.g.groups {
                    let xg = xp + (i * s.c + grp * s.cg) * s.h * s.w
                    let colp: UnsafePointer<T>
                    if let cols {
                        im2col(UnsafePointer(xg), channels: s.cg, s, cols.pointer(T.self))
                        colp = UnsafePointer(cols.pointer(T.self))
                    } else {
                        colp = UnsafePointer(xg)
                    }
                    let gyg = gyp + (i * s.o + grp * s.og) * plane
                    if !wide {
                        try T.columnMajorGemm(transA: true, transB: false, m: s.colRows, n: s.og, k: plane, alpha: 1,
                                          colp, lda: plane, gyg, ldb: plane,
                                          beta: 1, gwp + grp * s.og * s.colRows, ldc: s.colRows)
                    } else {
                        for j in 0..<(s.colRows * plane) { colsWide[j] = Double(colp[j]) }
                        for j in 0..<(s.og * plane) { gyWide[j] = Double(gyg[j]) }
                        acc.withUnsafeMutableBufferPointer { a in
                            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(s.colRows), Int32(s.og), Int32(plane), 1,
                                        colsWide, Int32(plane), gyWide, Int32(plane), 1,
                                        a.baseAddress! + grp * s.og * s.colRows, Int32(s.colRows))
                        }
                    }
                }
            }
            if wide {
                for j in 0..<(s.o * s.colRows) { gwp[j] = T(acc[j]) }
            }
        }
        withExtendedLifetime((x, cols)) {}
    }
    if let gb {
        let sum = try gy.sumRaw(dims: [0, 2, 3], keepdim: false)
        gb.pointer(T.self).update(from: sum.pointer(T.self), count: s.o)
    }
}
