/// layer_norm, group_norm and instance_norm: per-sample normalizations (composed of recorded ops,
/// shown as the single node PyTorch has).

/// `(x − mean) · rsqrt(var + eps)` over `dims` (biased variance), then `· weight + bias`.
func normalizeOver(_ x: Tensor, dims: [Int], eps: Double) throws -> Tensor {
    let mean = try x.mean(dims: dims, keepdim: true)
    let centered = try sub(.tensor(x), .tensor(mean))
    let variance = try mul(.tensor(centered), .tensor(centered)).mean(dims: dims, keepdim: true)
    return try mul(.tensor(centered), .tensor(try rsqrt(try add(.tensor(variance), .scalar(.float(eps))))))
}

/// `F.layer_norm(input, normalized_shape, weight, bias, eps)`: normalizes over the trailing
/// `normalizedShape` dims of each sample (NativeLayerNormBackward0).
public func layerNorm(_ x: Tensor, normalizedShape: [Int], weight: Tensor?, bias: Tensor?, eps: Double = 1e-5) throws -> Tensor {
    let k = normalizedShape.count
    guard k >= 1 else { throw TorchError.runtime("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = []") }
    if let weight, weight.shape != normalizedShape {
        throw TorchError.runtime("Expected weight to be of same shape as normalized_shape, but got weight of shape \(shapeList(weight.shape)) and normalized_shape = \(shapeList(normalizedShape))")
    }
    if let bias, bias.shape != normalizedShape {
        throw TorchError.runtime("Expected bias to be of same shape as normalized_shape, but got bias of shape \(shapeList(bias.shape)) and normalized_shape = \(shapeList(normalizedShape))")
    }
    guard x.ndim >= k, Array(x.shape.suffix(k)) == normalizedShape else {
        throw TorchError.runtime("Given normalized_shape=\(shapeList(normalizedShape)), expected input with shape [*\(normalizedShape.map { ", \($0)" }.joined())], but got input of size\(shapeList(x.shape))")
    }
    let dims = Array((x.ndim - k)..<x.ndim)
    var inputs = [x]
    if let weight { inputs.append(weight) }
    if let bias { inputs.append(bias) }
    return try asSingleNode("NativeLayerNormBackward0", inputs: inputs) { t in
        var y = try normalizeOver(t[0], dims: dims, eps: eps)
        var k = 1
        if weight != nil { y = try mul(.tensor(y), .tensor(t[k])); k += 1 }
        if bias != nil { y = try add(y, t[k]) }
        return y
    }
}

/// `F.group_norm(input, num_groups, weight, bias, eps)`: the channels of each sample split into
/// groups, each normalized over its channels and positions (NativeGroupNormBackward0); the
/// affine weight and bias are per channel.
public func groupNorm(_ x: Tensor, numGroups: Int, weight: Tensor?, bias: Tensor?, eps: Double = 1e-5) throws -> Tensor {
    guard x.ndim >= 2 else {
        throw TorchError.runtime("Expected at least 2 dimensions for input tensor but received \(x.ndim)")
    }
    let n = x.shape[0], c = x.shape[1]
    guard numGroups > 0, c % numGroups == 0 else {
        throw TorchError.runtime("Expected number of channels in input to be divisible by num_groups, but got input of shape \(shapeList(x.shape)) and num_groups=\(numGroups)")
    }
    for (name, t) in [("weight", weight), ("bias", bias)] {
        if let t, !(t.ndim == 1 && t.numel == c) {
            throw TorchError.runtime("Expected \(name) to be a vector of size equal to the number of channels in input, but got \(name) of shape \(shapeList(t.shape)) and input of shape \(shapeList(x.shape))")
        }
    }
    var inputs = [x]
    if let weight { inputs.append(weight) }
    if let bias { inputs.append(bias) }
    var affineShape = [Int](repeating: 1, count: x.ndim)
    affineShape[1] = c
    return try asSingleNode("NativeGroupNormBackward0", inputs: inputs) { t in
        let grouped = try t[0].reshape([n, numGroups, -1])
        var y = try normalizeOver(grouped, dims: [2], eps: eps).reshape(x.shape)
        var k = 1
        if weight != nil { y = try mul(.tensor(y), .tensor(try t[k].reshape(affineShape))); k += 1 }
        if bias != nil { y = try add(y, try t[k].reshape(affineShape)) }
        return y
    }
}

/// `F.instance_norm(...)`: batch norm of the input viewed as (1, N·C, *), as ATen computes it
/// (ViewBackward0 ← NativeBatchNormBackward0); running stats, when given, are updated with the
/// mean over the batch of the per-instance statistics.
public func instanceNorm(_ x: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor?, bias: Tensor?,
                         useInputStats: Bool, momentum: Double = 0.1, eps: Double = 1e-5) throws -> Tensor {
    guard x.ndim >= 2 else { throw TorchError.value("Expected 2D or 3D input (got \(x.ndim)D input)") }
    let b = x.shape[0], c = x.shape[1]
    let shape = [1, b * c] + Array(x.shape.dropFirst(2))
    let reshaped = try x.contiguous().view(shape)
    func repeated(_ t: Tensor?) throws -> Tensor? { try t.map { try repeatTensor($0, [b]) } }
    let rm = try GradMode.with(false) { try repeated(runningMean) }, rv = try GradMode.with(false) { try repeated(runningVar) }
    let out = try batchNorm(reshaped, runningMean: rm, runningVar: rv, weight: try repeated(weight), bias: try repeated(bias),
                            training: useInputStats, momentum: momentum, eps: eps)
    try GradMode.with(false) {
        if let runningMean, let rm { try runningMean.copyFrom(try rm.view([b, c]).mean(dims: [0], keepdim: false)) }
        if let runningVar, let rv { try runningVar.copyFrom(try rv.view([b, c]).mean(dims: [0], keepdim: false)) }
    }
    return try out.view(x.shape)
}
