import CKernels

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
    guard x.dtype.isFloatingPoint else { throw TorchError.notImplemented("batch_norm", x.dtype) }
    // Parameters and running stats share the input's dtype; float16/bfloat16 input may use
    // float32 ones (PyTorch's mixed-dtype CPU batch norm).
    for case let t? in [weight, bias, runningMean, runningVar] where t.dtype != x.dtype {
        let mixedAllowed = (x.dtype == .float16 || x.dtype == .bfloat16) && t.dtype == .float32
        if !mixedAllowed { throw TorchError.runtime("mixed dtype (CPU): all inputs must share same datatype.") }
    }
    if x.dtype == .float32 {
        return try batchNormFloat32(x, runningMean: runningMean, runningVar: runningVar, weight: weight, bias: bias,
                                    training: training, momentum: momentum, eps: eps)
    }
    let src = try x.contiguousCopyIfNeeded()
    let stats = training || runningMean == nil ? try src.dtype.dispatchFloating(ChannelMoments(t: src)) : []
    var mean = [Double](repeating: 0, count: c), invstd = [Double](repeating: 0, count: c)
    let oldMean = try runningMean.map { try $0.contiguousCopy(dtype: .float64).doubleValues() }
    let oldVar = try runningVar.map { try $0.contiguousCopy(dtype: .float64).doubleValues() }
    var newMean = oldMean ?? [], newVar = oldVar ?? []
    for ch in 0..<c {
        var m: Double, v: Double
        if training || runningMean == nil {
            m = stats[ch].mean
            let sq = stats[ch].squares
            v = sq / Double(count)
            if training, let rm = oldMean, let rv = oldVar {
                let unbiased = count > 1 ? sq / Double(count - 1) : v
                newMean[ch] = (1 - momentum) * rm[ch] + momentum * m
                newVar[ch] = (1 - momentum) * rv[ch] + momentum * unbiased
            }
        } else {
            m = oldMean![ch]
            v = oldVar![ch]
        }
        mean[ch] = m
        invstd[ch] = 1 / (v + eps).squareRoot()
    }
    if training, let runningMean, let runningVar {
        // Each running stat rounds once to its own dtype, as the float32 update always did.
        for (t, vals) in [(runningMean, newMean), (runningVar, newVar)] {
            let src = try Tensor(values: vals, shape: [c])
            copyElements(from: src, srcStrides: [1], to: t, shape: [c])
            t.bumpVersion()
        }
    }
    let out = try Tensor(shape: x.shape, dtype: x.dtype, zeroed: false)
    let w = try weight?.contiguousCopy(dtype: .float64).doubleValues(), bb = try bias?.contiguousCopy(dtype: .float64).doubleValues()
    try x.dtype.dispatchFloating(BatchNormOutput(src: src, out: out, mean: mean, invstd: invstd, weight: w, bias: bb))
    var inputs = [x]
    if let weight { inputs.append(weight) }
    if let bias { inputs.append(bias) }
    return out.recording(NativeBatchNormBackward0(input: src, mean: mean, invstd: invstd, weight: w, training: training,
                                                  hasWeight: weight != nil, hasBias: bias != nil), inputs: inputs)
}

/// Per channel (dim 1): the mean and the sum of squared deviations from it, in double.
private struct ChannelMoments: FloatingKernel {
    let t: Tensor
    func run<T: FloatingElement>(_: T.Type) throws -> [(mean: Double, squares: Double)] {
        let (n, c) = (t.shape[0], t.shape[1])
        let inner = t.shape[2...].reduce(1, *)
        let p = t.pointer(T.self)
        return (0..<c).map { ch in
            var s = 0.0
            for b in 0..<n { for i in 0..<inner { s += p[(b * c + ch) * inner + i].asDouble } }
            let m = s / Double(n * inner)
            var sq = 0.0
            for b in 0..<n { for i in 0..<inner { let d = p[(b * c + ch) * inner + i].asDouble - m; sq += d * d } }
            return (m, sq)
        }
    }
}

/// A contiguous floating tensor's values as doubles (exact).
struct DoubleReader: FloatingKernel {
    let t: Tensor
    func run<T: FloatingElement>(_: T.Type) throws -> [Double] {
        let p = t.pointer(T.self)
        return (0..<t.numel).map { p[$0].asDouble }
    }
}

/// (x - mean) * (invstd * weight) + bias per channel, in the input's compute type.
private struct BatchNormOutput: FloatingKernel {
    let src: Tensor, out: Tensor, mean: [Double], invstd: [Double], weight: [Double]?, bias: [Double]?
    func run<T: FloatingElement>(_: T.Type) throws {
        typealias C = T.Compute
        let (n, c) = (src.shape[0], src.shape[1])
        let inner = src.shape[2...].reduce(1, *)
        let sp = src.pointer(T.self), op = out.pointer(T.self)
        for b in 0..<n {
            for ch in 0..<c {
                let scale = C(invstd[ch]) * C(weight?[ch] ?? 1), shift = C(bias?[ch] ?? 0)
                let m = C(mean[ch])
                let base = (b * c + ch) * inner
                for i in 0..<inner { op[base + i] = T(compute: (sp[base + i].compute - m) * scale + shift) }
            }
        }
    }
}

/// Training: the usual batch-norm gradient through the batch statistics; eval: an affine map.
final class NativeBatchNormBackward0: Node {
    var input: SavedTensor
    let mean: [Double], invstd: [Double], weight: [Double]?, training: Bool, hasWeight: Bool, hasBias: Bool
    init(input: Tensor, mean: [Double], invstd: [Double], weight: [Double]?, training: Bool, hasWeight: Bool, hasBias: Bool) {
        self.input = SavedTensor(input); self.mean = mean; self.invstd = invstd; self.weight = weight
        self.training = training; self.hasWeight = hasWeight; self.hasBias = hasBias
    }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let x = try input.unpack(self)
        let g = try grad.contiguousCopy(dtype: x.dtype)
        let (n, c) = (x.shape[0], x.shape[1])
        let inner = x.shape[2...].reduce(1, *)
        let count = Double(n * inner)
        let xs = try x.dtype.dispatchFloating(DoubleReader(t: x)), gs = try x.dtype.dispatchFloating(DoubleReader(t: g))
        var gx = [Double](repeating: 0, count: x.numel)
        var gw = [Double](repeating: 0, count: c), gb = [Double](repeating: 0, count: c)
        for ch in 0..<c {
            var sumG = 0.0, sumGX = 0.0
            for b in 0..<n {
                for i in 0..<inner {
                    let k = (b * c + ch) * inner + i
                    sumG += gs[k]
                    sumGX += gs[k] * (xs[k] - mean[ch])
                }
            }
            let w = weight?[ch] ?? 1
            gb[ch] = sumG
            gw[ch] = sumGX * invstd[ch]
            for b in 0..<n {
                for i in 0..<inner {
                    let k = (b * c + ch) * inner + i
                    if training {
                        let xhat = (xs[k] - mean[ch]) * invstd[ch]
                        gx[k] = w * invstd[ch] * (gs[k] - sumG / count - xhat * sumGX * invstd[ch] / count)
                    } else {
                        gx[k] = gs[k] * w * invstd[ch]
                    }
                }
            }
        }
        // Each gradient rounds once to its input's dtype (the engine converts the parameters' if they differ).
        var result: [Tensor?] = [try Tensor(values: gx, shape: x.shape).to(x.dtype)]
        if hasWeight { result.append(try Tensor(values: gw, shape: [c]).to(x.dtype)) }
        if hasBias { result.append(try Tensor(values: gb, shape: [c]).to(x.dtype)) }
        return result
    }
}

/// float32 batch norm by ATen's kernels (CKernels/batchnorm.c): per-channel statistics in
/// double (float partial sums per thread for a channel stride of 1), the affine map x·α + β
/// fused as PyTorch's build fuses it, running statistics updated with the unbiased variance.
private func batchNormFloat32(_ x: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor?, bias: Tensor?,
                              training: Bool, momentum: Double, eps: Double) throws -> Tensor {
    let c = x.shape[1]
    // Without running statistics PyTorch always normalises with the batch's.
    let train = training || runningMean == nil || runningVar == nil
    let src = try x.contiguousFloatForReading()
    let n = x.shape[0], image = x.shape[2...].reduce(1, *)
    let w = try weight?.contiguousFloatForReading(), b = try bias?.contiguousFloatForReading()
    // The running statistics are updated in place; a non-contiguous one is updated through a copy.
    let rm = try runningMean?.contiguousFloatForReading(), rv = try runningVar?.contiguousFloatForReading()
    let saveMean = try Tensor(shape: [c], dtype: .float32, zeroed: true)
    let saveInvstd = try Tensor(shape: [c], dtype: .float32, zeroed: true)
    let out = try Tensor(shape: x.shape, dtype: .float32, zeroed: false)
    if x.numel > 0 {
        nk_batch_norm_f32(src.floatPointer, Int64(n), Int64(c), Int64(image), w?.floatPointer, b?.floatPointer,
                          rm?.floatPointer, rv?.floatPointer,
                          train ? 1 : 0, momentum, eps, saveMean.floatPointer, saveInvstd.floatPointer, out.floatPointer, F32.threads)
    }
    if train {
        for (given, used) in [(runningMean, rm), (runningVar, rv)] {
            guard let given, let used else { continue }
            if given !== used { copyElements(from: used, srcStrides: used.strides, to: given, shape: given.shape) }
            given.bumpVersion()
        }
    }
    var inputs = [x]
    if let weight { inputs.append(weight) }
    if let bias { inputs.append(bias) }
    return out.recording(BatchNormFloat32Backward(input: src, saveMean: saveMean, saveInvstd: saveInvstd, weight: w,
                                                  runningMean: rm, runningVar: rv, training: train, eps: eps,
                                                  hasWeight: weight != nil, hasBias: bias != nil), inputs: inputs)
}


/// The batch-norm gradient as ATen's backward kernel computes it: per-channel sums of the
/// gradient and of (x - mean)·grad, then dx; in eval mode an affine map.
final class BatchNormFloat32Backward: Node {
    override var name: String { "NativeBatchNormBackward0" }
    var input: SavedTensor
    let saveMean: Tensor, saveInvstd: Tensor, weight: Tensor?, runningMean: Tensor?, runningVar: Tensor?
    let training: Bool, eps: Double, hasWeight: Bool, hasBias: Bool
    init(input: Tensor, saveMean: Tensor, saveInvstd: Tensor, weight: Tensor?, runningMean: Tensor?, runningVar: Tensor?,
         training: Bool, eps: Double, hasWeight: Bool, hasBias: Bool) {
        self.input = SavedTensor(input); self.saveMean = saveMean; self.saveInvstd = saveInvstd; self.weight = weight
        // Eval mode reads the running statistics as they are now (PyTorch saves them by reference).
        self.runningMean = runningMean; self.runningVar = runningVar
        self.training = training; self.eps = eps; self.hasWeight = hasWeight; self.hasBias = hasBias
    }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let x = try input.unpack(self)
        let g = try grad.contiguousFloatForReading()
        let (n, c) = (x.shape[0], x.shape[1])
        let image = x.shape[2...].reduce(1, *)
        let gx = try Tensor(shape: x.shape, dtype: .float32, zeroed: false)
        let gw = try Tensor(shape: [c], dtype: .float32, zeroed: true), gb = try Tensor(shape: [c], dtype: .float32, zeroed: true)
        if x.numel > 0 {
            nk_batch_norm_backward_f32(g.floatPointer, x.floatPointer, Int64(n), Int64(c), Int64(image), weight?.floatPointer,
                                       runningMean?.floatPointer, runningVar?.floatPointer, saveMean.floatPointer, saveInvstd.floatPointer,
                                       training ? 1 : 0, eps, gx.floatPointer, gw.floatPointer, gb.floatPointer, F32.threads)
        }
        var result: [Tensor?] = [gx]
        if hasWeight { result.append(gw) }
        if hasBias { result.append(gb) }
        return result
    }
}
