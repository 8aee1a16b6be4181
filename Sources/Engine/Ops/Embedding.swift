import Foundation

/// `torch.embedding` (what F.embedding and nn.Embedding call) and `embedding_renorm_`.

/// Rows of `weight` picked by the int64 `indices`: shape `indices.shape + [D]`.
/// EmbeddingBackward0 adds each incoming row into the gradient of the row it came from, in
/// index order (ATen's dense CPU backward), skipping `paddingIdx`, each scaled by 1/count with
/// `scaleGradByFreq`.
public func embedding(_ indices: Tensor, _ weight: Tensor, paddingIdx: Int = -1, scaleGradByFreq: Bool = false) throws -> Tensor {
    guard indices.dtype == .int64 else {
        throw TorchError.runtime("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got \(indices.dtype.legacyTypeName) instead (while checking arguments for embedding)")
    }
    guard weight.ndim == 2 else { throw TorchError.runtime("'weight' must be 2-D") }
    let rows = weight.shape[0], dim = weight.shape[1]
    let idx = indices.int64Values()
    for v in idx where v < 0 || v >= Int64(rows) { _ = v; throw TorchError.index("index out of range in self") }
    let w = try weight.contiguousCopy()
    let out = try Tensor(shape: indices.shape + [dim], dtype: weight.dtype, zeroed: false)
    let size = weight.dtype.itemSize
    for (i, r) in idx.enumerated() {
        (out.storage.bytes + i * dim * size).copyMemory(from: w.storage.bytes + Int(r) * dim * size, byteCount: dim * size)
    }
    return out.recordingFormula("EmbeddingBackward0", inputs: [weight]) { _, g, _ in
        // The gradient in the weight's dtype: float64 weights accumulate in double.
        if weight.dtype == .float64 {
            let gw = try Tensor.zeros([rows, dim], dtype: .float64)
            let gc = try g.contiguousCopy(dtype: .float64)
            var counts = [Int](repeating: 0, count: rows)
            if scaleGradByFreq { for r in idx { counts[Int(r)] += 1 } }
            for (i, r) in idx.enumerated() where Int(r) != paddingIdx {
                let row = Int(r)
                let scale = scaleGradByFreq ? 1.0 / Double(counts[row]) : 1
                for k in 0..<dim {
                    let v = gc.doublePointer[i * dim + k]
                    gw.doublePointer[row * dim + k] += scaleGradByFreq ? v * scale : v
                }
            }
            return [gw]
        }
        let gw = try Tensor.zeros([rows, dim])
        let gc = try g.contiguousCopy(dtype: .float32)
        var counts = [Int](repeating: 0, count: rows)
        if scaleGradByFreq { for r in idx { counts[Int(r)] += 1 } }
        for (i, r) in idx.enumerated() where Int(r) != paddingIdx {
            let row = Int(r)
            let scale: Float = scaleGradByFreq ? Float(1.0 / Double(counts[row])) : 1
            for k in 0..<dim {
                let v = gc.floatPointer[i * dim + k]
                gw.floatPointer[row * dim + k] += scaleGradByFreq ? v * scale : v
            }
        }
        return [gw]
    }
}

/// `embedding_renorm_(weight, indices, max_norm, norm_type)`: every row referenced by `indices`
/// (each once) whose p-norm exceeds `maxNorm` is scaled by maxNorm / (norm + 1e-7), in place and
/// without history, as F.embedding(max_norm=…) does before the lookup.
public func embeddingRenorm(_ weight: Tensor, _ indices: Tensor, maxNorm: Double, normType: Double) throws {
    guard weight.ndim == 2, weight.dtype == .float32 else { throw TorchError.runtime("'weight' must be 2-D") }
    let dim = weight.shape[1]
    let rows = Set(indices.int64Values()).sorted()
    for r in rows where r >= 0 && Int(r) < weight.shape[0] {
        var acc = 0.0
        var values: [Float] = []
        for k in 0..<dim {
            let v = weight.floatPointer[weight.storageOffset(ofFlat: Int(r) * dim + k)]
            values.append(v)
            if normType == 1 { acc += Double(Swift.abs(v)) } else if normType == 2 { acc += Double(v) * Double(v) } else { acc += Foundation.pow(Double(Swift.abs(v)), normType) }
        }
        // ATen: `row.norm(p).item<double>()` (a float norm), then `row *= scale` in float.
        let norm = Double(Float(normType == 1 ? acc : (normType == 2 ? acc.squareRoot() : Foundation.pow(acc, 1 / normType))))
        if norm > maxNorm {
            let scale = Float(maxNorm / (norm + 1e-7))
            for k in 0..<dim {
                weight.floatPointer[weight.storageOffset(ofFlat: Int(r) * dim + k)] = values[k] * scale
            }
        }
    }
    weight.bumpVersion()
}
