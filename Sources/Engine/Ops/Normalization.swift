import CKernels

/// `F.batch_norm`: training (batch statistics, running-stat update) and eval (running stats),
/// computed by ATen's batch-norm kernels (CKernels/batchnorm.c): per-channel statistics in
/// double, the affine map x·α + β fused as PyTorch's build fuses it, running statistics updated
/// with the unbiased variance.
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
                          train ? rm?.floatPointer : rm?.floatPointer, train ? rv?.floatPointer : rv?.floatPointer,
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
    return out.recording(NativeBatchNormBackward0(input: src, saveMean: saveMean, saveInvstd: saveInvstd, weight: w,
                                                  runningMean: rm, runningVar: rv, training: train, eps: eps,
                                                  hasWeight: weight != nil, hasBias: bias != nil), inputs: inputs)
}

/// The batch-norm gradient as ATen's backward kernel computes it: per-channel sums of the
/// gradient and of (x - mean)·grad, then dx; in eval mode an affine map.
final class NativeBatchNormBackward0: Node {
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
