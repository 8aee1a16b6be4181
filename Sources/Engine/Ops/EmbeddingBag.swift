/// `torch.embedding_bag` (what F.embedding_bag and nn.EmbeddingBag call), as ATen's CPU kernels
/// compute it: each bag (a run of indices that starts at an offset) reduces its rows of `weight`
/// — summed one index after the other (times its per-sample weight with one fused multiply-add,
/// FBGEMM's EmbeddingSpMDM), the sum divided by the number of non-padding indices for "mean",
/// the first largest value per column for "max" — and an empty bag gives zeros. Used by the
/// text-classification tutorial (`nn.EmbeddingBag(vocab_size, embed_dim)` over offsets).

public enum EmbeddingBagMode: Int {
    case sum = 0, mean = 1, max = 2
}

/// `_embedding_bag(weight, indices, offsets, scale_grad_by_freq, mode, sparse,
/// per_sample_weights, include_last_offset, padding_idx)[0]`; `paddingIdx` < 0 for none.
/// EmbeddingBagBackward0 (edges: weight, per_sample_weights) follows
/// `_embedding_bag_dense_backward_cpu`: for sum/mean each index, in sorted order, adds
/// scale·grad[its bag] to its row (scale: its per-sample weight, ÷ count with
/// scale_grad_by_freq, ÷ bag size for mean, as one axpy); for max each column's winner receives
/// the column's gradient.
public func embeddingBag(_ weight: Tensor, _ indices: Tensor, offsets: Tensor, scaleGradByFreq: Bool = false, mode: EmbeddingBagMode,
                         perSampleWeights: Tensor? = nil, includeLastOffset: Bool = false, paddingIdx: Int = -1) throws -> Tensor {
    for (t, n) in [(indices, "indices"), (offsets, "offsets")] where t.dtype != .int64 && t.dtype != .int32 {
        throw TorchError.runtime("Expected tensor for argument #1 '\(n)' to have one of the following scalar types: Long, Int; but got \(t.dtype.legacyTypeName) instead (while checking arguments for embedding_bag)")
    }
    guard weight.ndim == 2, weight.dtype.isFloatingPoint else {
        throw TorchError.runtime("Expected tensor for argument #1 'weight' to have one of the following scalar types: Half, BFloat16, Float, Double; but got \(weight.dtype.legacyTypeName) instead (while checking arguments for embedding_bag)")
    }
    let rows = weight.shape[0], dim = weight.shape[1]
    let idx = indices.int64Values().map { Int($0) }
    let offs = offsets.int64Values().map { Int($0) }
    let n = idx.count
    if let first = offs.first, first != 0 {
        throw TorchError.runtime("offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got \(first)\n[ \(offsets.dtype.legacyTypeName){} ]")
    }
    if let last = offs.last, last > n {
        throw TorchError.runtime("offsets[-1] can not be greater than input's length \(n) but got offsets[-1] of \(last)")
    }
    if includeLastOffset && offs.isEmpty { throw TorchError.runtime("include_last_offset: number of offset should be at least 1") }
    if let ps = perSampleWeights {
        guard mode == .sum else { throw TorchError.runtime("embedding_bag: per_sample_weights only supported with mode='sum'") }
        guard ps.dtype == weight.dtype else {
            throw TorchError.runtime("Expected tensor for argument #1 'per_sample_weights' to have the same type as tensor for argument #1 'weight'; but type \(ps.dtype.legacyTypeName) does not equal \(weight.dtype.legacyTypeName) (while checking arguments for embedding_bag)")
        }
        guard ps.ndim == 1, ps.numel == n else { throw TorchError.runtime("per_sample_weights must be 1-D with one weight per index") }
    }
    for (i, r) in idx.enumerated() where r < 0 || r >= rows {
        throw TorchError.runtime("Index \(i) of input takes value \(r) which is not in the valid range [0, \(rows))")
    }
    let bags = includeLastOffset ? offs.count - 1 : offs.count
    let starts = offs.prefix(bags).map { Swift.min(Swift.max($0, 0), n) }   // offsets need not increase: keep ranges valid
    // ATen's two paths differ when include_last_offset leaves indices after the last offset:
    // the fast one (float/half weights, no padding_idx, sum or mean) reduces bag b over
    // idx[offsets[b] ..< offsets[b+1]]; the other walks every index with offset2bag, built from
    // the offsets without the last one, so the last bag runs to the end. bag_size (the mean's
    // divisor and the backward's) always counts the last bag to the end.
    let fastPath = weight.dtype != .float64 && paddingIdx < 0 && mode != .max
    var offset2bag = [Int](repeating: 0, count: n)
    for b in 0..<bags { for i in starts[b]..<n { offset2bag[i] = b } }
    let ends = (0..<bags).map { b in b + 1 < bags || (fastPath && b + 1 < offs.count) ? Swift.min(Swift.max(starts[b], offs[b + 1]), n) : n }
    var bagSize = (0..<bags).map { b in Swift.max(0, (b + 1 < bags ? offs[b + 1] : n) - starts[b]) }
    for b in 0..<bags { for i in starts[b]..<ends[b] where idx[i] == paddingIdx { bagSize[b] -= 1 } }
    let psValues = try perSampleWeights.map { try $0.contiguousCopy().doubleValues() }
    var maxIndices = [Int](repeating: -1, count: bags * dim)

    func compute<T: ComputeFloat>(_: T.Type) throws -> [T] {
        let wc = try weight.contiguousCopy(dtype: T.dtype)
        let w = Array(UnsafeBufferPointer(start: wc.pointer(T.self), count: wc.numel))
        let ps: [T]? = psValues.map { $0.map { T($0) } }
        var out = [T](repeating: 0, count: bags * dim)
        for b in 0..<bags {
            var first = true
            for i in starts[b]..<ends[b] where idx[i] != paddingIdx {
                let row = idx[i] * dim, o = b * dim
                for d in 0..<dim {
                    let x = w[row + d]
                    switch mode {
                    case .max:
                        if first || x > out[o + d] { out[o + d] = x; maxIndices[o + d] = idx[i] }
                    case .sum, .mean:
                        if let ps {
                            // The fast path (no padding_idx) fuses weight·row + sum; the other rounds the product first.
                            out[o + d] = paddingIdx < 0 ? out[o + d].addingProduct(ps[i], x) : out[o + d] + x * ps[i]
                        } else {
                            out[o + d] = out[o + d] + x
                        }
                    }
                }
                first = false
            }
            if mode == .mean {
                let size = T(Swift.max(bagSize[b], 1))
                for d in 0..<dim { out[b * dim + d] = out[b * dim + d] / size }
            }
        }
        return out
    }
    let values: [Double]
    if weight.dtype == .float64 {
        values = try compute(Double.self)
    } else {
        values = try compute(Float.self).map { Double($0) }   // half types accumulate in float, as ATen does
    }
    let out = try tensorOfDoubles(values, shape: [bags, dim], dtype: weight.dtype)
    // Two edges as in PyTorch: weight and per_sample_weights (None without them).
    let inputs = [weight, perSampleWeights ?? Tensor(scalar: Float(0))]
    let savedPS = perSampleWeights
    return out.recordingFormula("EmbeddingBagBackward0", inputs: inputs, saving: [weight]) { s, g, node in
        let gv = try g.contiguousCopy().doubleValues()
        var gradWeight: Tensor? = nil
        if node.wants(0) {
            var gw = [Double](repeating: 0, count: rows * dim)
            if mode == .max {
                for b in 0..<bags where bagSize[b] != 0 {
                    for d in 0..<dim where maxIndices[b * dim + d] >= 0 {
                        let r = maxIndices[b * dim + d]
                        gw[r * dim + d] = roundTo(g.dtype, gw[r * dim + d] + gv[b * dim + d])
                    }
                }
            } else {
                var counts = [Int](repeating: 0, count: rows)
                for r in idx { counts[r] += 1 }
                // indices sorted (equal ones keep their order), each adding scale·grad[bag] to its row.
                let order = idx.indices.sorted { idx[$0] != idx[$1] ? idx[$0] < idx[$1] : $0 < $1 }
                for j in order where idx[j] != paddingIdx {
                    let source = offset2bag[j]
                    var scale = 1.0
                    if let ps = psValues { scale = ps[j] }
                    if scaleGradByFreq { scale /= Double(counts[idx[j]]) }
                    if mode == .mean && bagSize[source] != 0 { scale /= Double(bagSize[source]) }
                    let r = idx[j]
                    for d in 0..<dim {
                        gw[r * dim + d] = axpyStep(g.dtype, scale, gv[source * dim + d], gw[r * dim + d])
                    }
                }
            }
            gradWeight = try tensorOfDoubles(gw, shape: [rows, dim], dtype: g.dtype)
        }
        var gradPS: Tensor? = nil
        if savedPS != nil && node.wants(1) {
            // _embedding_bag_per_sample_weights_backward: dot(grad[bag], weight[index]) per index.
            let wv = try s[0].contiguousCopy().doubleValues()
            var r = [Double](repeating: 0, count: n)
            for i in 0..<n where idx[i] != paddingIdx {
                var acc = 0.0
                for d in 0..<dim { acc = roundTo(g.dtype, acc + roundTo(g.dtype, gv[offset2bag[i] * dim + d] * wv[idx[i] * dim + d])) }
                r[i] = acc
            }
            gradPS = try tensorOfDoubles(r, shape: [n], dtype: g.dtype)
        }
        return [gradWeight, gradPS]
    }
}

/// A value rounded to `dtype`'s precision (float32 arithmetic carried in doubles).
@inline(__always)
private func roundTo(_ dtype: DType, _ v: Double) -> Double {
    dtype == .float64 ? v : Double(Float(v))
}

/// One element of BLAS axpy, y + (scalar)a·x with a fused multiply-add, in `dtype`.
@inline(__always)
private func axpyStep(_ dtype: DType, _ a: Double, _ x: Double, _ y: Double) -> Double {
    if dtype == .float64 { return y.addingProduct(a, x) }
    return Double(Float(y).addingProduct(Float(a), Float(x)))
}
