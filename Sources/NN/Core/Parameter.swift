import Engine

/// `nn.Parameter(data, requires_grad=True)`: a leaf tensor that shares `data`'s storage, is
/// marked as a parameter (so it prints `Parameter containing:` and a Module assignment registers
/// it), and requires grad unless asked not to.
///
/// Like PyTorch, the result has no history even when `data` has one, and an integer tensor can
/// only become a parameter with `requiresGrad: false`.
public func makeParameter(_ t: Tensor, requiresGrad: Bool = true) throws -> Tensor {
    if requiresGrad && !t.dtype.isFloatingPoint {
        throw TorchError.runtime("Only Tensors of floating point and complex dtype can require gradients")
    }
    let p = t.detach()
    try p.setRequiresGrad(requiresGrad)
    p.isParameter = true
    return p
}

/// `torch.empty(shape, dtype=)` for a layer's parameter (the layer's `dtype=`, else the default
/// dtype, as PyTorch's `factory_kwargs` give it), refusing shapes whose strides would overflow
/// (possible when another dim is 0, e.g. `nn.Conv2d(0, 6, 2**40)`), which Engine's tensor
/// creation would otherwise trap on.
func emptyParameterData(_ shape: [Int], dtype: DType? = nil) throws -> Tensor {
    var span = 1
    for d in shape where d > 0 {
        let (p, overflow) = span.multipliedReportingOverflow(by: d)
        guard !overflow else { throw TorchError.runtime("Storage size calculation overflowed with sizes=\(shapeList(shape))") }
        span = p
    }
    return try Tensor.empty(shape, dtype: dtype ?? DType.defaultFloat)
}
