/// `F.batch_norm`: training (batch statistics, running-stat update) and eval (running stats).

/// Normalises over every dim but 1 (channels). Updates running stats in place in training mode
/// with momentum, using the unbiased batch variance as PyTorch does.
public func batchNorm(_ x: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor?, bias: Tensor?,
                      training: Bool, momentum: Double = 0.1, eps: Double = 1e-5) throws -> Tensor {
    guard x.ndim >= 2 else {
        throw TorchError.value("Expected 2D or 3D input (got \(x.ndim)D input)")
    }
    let c = x.shape[1]
    for (name, t) in [("running_mean", runningMean), ("running_var", runningVar), ("weight", weight), ("bias", bias)] {
        if let t, t.numel != c { throw TorchError.runtime("\(name) should contain \(c) elements not \(t.numel)") }
    }
    let count = x.numel / Swift.max(c, 1)
    if training && count <= 1 {
        throw TorchError.value("Expected more than 1 value per channel when training, got input size \(formatSize(x.shape))")
    }
    let src = try x.contiguousFloatForReading()
    let inner = x.shape[2...].reduce(1, *)
    let n = x.shape[0]
    var mean = [Double](repeating: 0, count: c), invstd = [Double](repeating: 0, count: c)
    for ch in 0..<c {
        var m: Double, v: Double
        if training || runningMean == nil {
            var s = 0.0
            for b in 0..<n { for i in 0..<inner { s += Double(src.floatPointer[(b * c + ch) * inner + i]) } }
            m = s / Double(count)
            var sq = 0.0
            for b in 0..<n { for i in 0..<inner { let d = Double(src.floatPointer[(b * c + ch) * inner + i]) - m; sq += d * d } }
            v = sq / Double(count)
            if training, let rm = runningMean, let rv = runningVar {
                let unbiased = count > 1 ? sq / Double(count - 1) : v
                rm.floatPointer[ch] = Float((1 - momentum) * Double(rm.floatPointer[ch]) + momentum * m)
                rv.floatPointer[ch] = Float((1 - momentum) * Double(rv.floatPointer[ch]) + momentum * unbiased)
            }
        } else {
            m = Double(runningMean!.floatPointer[ch])
            v = Double(runningVar!.floatPointer[ch])
        }
        mean[ch] = m
        invstd[ch] = 1 / (v + eps).squareRoot()
    }
    if training { runningMean?.bumpVersion(); runningVar?.bumpVersion() }
    let out = try Tensor(shape: x.shape, dtype: .float32, zeroed: false)
    let w = try weight?.contiguousCopy(), bb = try bias?.contiguousCopy()
    for b in 0..<n {
        for ch in 0..<c {
            let scale = Float(invstd[ch]) * (w?.floatPointer[ch] ?? 1), shift = bb?.floatPointer[ch] ?? 0
            let m = Float(mean[ch])
            let base = (b * c + ch) * inner
            for i in 0..<inner { out.floatPointer[base + i] = (src.floatPointer[base + i] - m) * scale + shift }
        }
    }
    var inputs = [x]
    if let weight { inputs.append(weight) }
    if let bias { inputs.append(bias) }
    return out.recording(NativeBatchNormBackward0(input: src, mean: mean, invstd: invstd, weight: w, training: training,
                                                  hasWeight: weight != nil, hasBias: bias != nil), inputs: inputs)
}

/// Training: the usual batch-norm gradient through the batch statistics; eval: an affine map.
final class NativeBatchNormBackward0: Node {
    var input: SavedTensor
    let mean: [Double], invstd: [Double], weight: Tensor?, training: Bool, hasWeight: Bool, hasBias: Bool
    init(input: Tensor, mean: [Double], invstd: [Double], weight: Tensor?, training: Bool, hasWeight: Bool, hasBias: Bool) {
        self.input = SavedTensor(input); self.mean = mean; self.invstd = invstd; self.weight = weight
        self.training = training; self.hasWeight = hasWeight; self.hasBias = hasBias
    }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let x = try input.unpack(self)
        let g = try grad.contiguousFloatForReading()
        let (n, c) = (x.shape[0], x.shape[1])
        let inner = x.shape[2...].reduce(1, *)
        let count = Double(n * inner)
        let gx = try Tensor(shape: x.shape, dtype: .float32, zeroed: false)
        var gw = [Float](repeating: 0, count: c), gb = [Float](repeating: 0, count: c)
        for ch in 0..<c {
            var sumG = 0.0, sumGX = 0.0
            for b in 0..<n {
                for i in 0..<inner {
                    let k = (b * c + ch) * inner + i
                    let gv = Double(g.floatPointer[k])
                    sumG += gv
                    sumGX += gv * (Double(x.floatPointer[k]) - mean[ch])
                }
            }
            let w = Double(weight?.floatPointer[ch] ?? 1)
            gb[ch] = Float(sumG)
            gw[ch] = Float(sumGX * invstd[ch])
            for b in 0..<n {
                for i in 0..<inner {
                    let k = (b * c + ch) * inner + i
                    let gv = Double(g.floatPointer[k])
                    if training {
                        let xhat = (Double(x.floatPointer[k]) - mean[ch]) * invstd[ch]
                        gx.floatPointer[k] = Float(w * invstd[ch] * (gv - sumG / count - xhat * sumGX * invstd[ch] / count))
                    } else {
                        gx.floatPointer[k] = Float(gv * w * invstd[ch])
                    }
                }
            }
        }
        var result: [Tensor?] = [gx]
        if hasWeight { result.append(try Tensor(floats: gw, shape: [c])) }
        if hasBias { result.append(try Tensor(floats: gb, shape: [c])) }
        return result
    }
}
