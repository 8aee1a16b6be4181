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
