import Engine
import CKernels

/// `optim.SGD(params, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
/// maximize=False, foreach=None, differentiable=False, fused=None)`: stochastic gradient descent
/// (optionally with momentum).
///
/// For each parameter p with gradient g:
///
///     if maximize: g = −g
///     if weight_decay ≠ 0: g = g + weight_decay · p
///     if momentum ≠ 0:
///         buf = g                                   (first step: no dampening)
///         buf = momentum · buf + (1 − dampening) · g   (later steps)
///         g = g + momentum · buf   if nesterov,   else g = buf
///     p = p − lr · g
///
/// The arithmetic is PyTorch's float32 sequence bit for bit: the Python scalars are rounded to
/// float32 and every "x + α·y" is one fused multiply-add. The momentum buffer lives in
/// `optimizer.state[p]['momentum_buffer']`.
///
/// **Parameters**
/// - `params` (iterable): iterable of parameters or named_parameters to optimize, or of dicts
///   defining parameter groups.
/// - `lr` (float, optional): learning rate. Default: 1e-3.
/// - `momentum` (float, optional): momentum factor. Default: 0.
/// - `dampening` (float, optional): dampening for momentum. Default: 0.
/// - `weight_decay` (float, optional): weight decay (L2 penalty). Default: 0.
/// - `nesterov` (bool, optional): enables Nesterov momentum (needs momentum > 0 and zero
///   dampening). Default: `False`.
/// - `maximize` (bool, optional): maximize the objective with respect to the params, instead of
///   minimizing. Default: `False`.
///
/// **Examples**
/// ```
/// >>> optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
/// >>> optimizer.zero_grad()
/// >>> loss_fn(model(input), target).backward()
/// >>> optimizer.step()
/// ```
open class SGD: Optimizer {
    /// - Throws: `ValueError: Invalid learning rate: -1`, `Invalid momentum value: …`,
    ///   `Invalid weight_decay value: …`, `Nesterov momentum requires a momentum and zero
    ///   dampening`, then the parameter-list errors of `Optimizer`.
    public init(_ params: ParamsArgument, lr: OptionValue = 1e-3, momentum: OptionValue = 0, dampening: OptionValue = 0,
                weightDecay: OptionValue = 0, nesterov: Bool = false, maximize: Bool = false, foreach: Bool? = nil,
                differentiable: Bool = false, fused: Bool? = nil) throws {
        try requireNonNegative(lr, "learning rate")
        try requireNonNegative(momentum, "momentum value")
        try requireNonNegative(weightDecay, "weight_decay value")
        let defaults: [(key: String, value: OptionValue)] = [
            ("lr", lr), ("momentum", momentum), ("dampening", dampening), ("weight_decay", weightDecay),
            ("nesterov", .bool(nesterov)), ("maximize", .bool(maximize)), ("foreach", OptionValue(foreach)),
            ("differentiable", .bool(differentiable)), ("fused", OptionValue(fused)),
        ]
        let momentumNumber = try momentum.number()
        if nesterov && (momentumNumber <= 0 || dampening.doubleValue != 0) {
            throw TorchError.value("Nesterov momentum requires a momentum and zero dampening")
        }
        try super.init(params, defaults: defaults)
    }

    open override func update(_ group: ParamGroup) throws {
        for p in group.params {
            guard let gradTensor = p.grad else { continue }
            if try fastStep(p, gradTensor, group: group) { continue }
            // float64 parameters update in double, the others in float32 (rounded to their dtype).
            if p.dtype == .float64 { try step(p, gradTensor, group, Double.self) } else { try step(p, gradTensor, group, Float.self) }
        }
    }

    private func step<C: ComputeFloat>(_ p: Tensor, _ gradTensor: Tensor, _ group: ParamGroup, _: C.Type) throws {
        let lr = C(try group.number("lr"))
        let momentumValue = try group.number("momentum")
        let mu = C(momentumValue)
        let damp = C(1 - (try group.number("dampening")))
        let wdValue = try group.number("weight_decay")
        let wd = C(wdValue)
        let nesterov = group.flag("nesterov"), maximize = group.flag("maximize")
        var g: [C] = try ElementwiseUpdate.gradient(of: p, gradTensor)
        var w: [C] = try ElementwiseUpdate.read(p)
        if maximize { for i in g.indices { g[i] = -g[i] } }
        if wdValue != 0 { for i in g.indices { g[i] = g[i].addingProduct(wd, w[i]) } }
        if momentumValue != 0 {
            let st = state.entry(for: p)
            if let bufTensor = st["momentum_buffer"] {
                var buf: [C] = try ElementwiseUpdate.state(bufTensor, of: p)
                // buf.mul_(momentum).add_(g, alpha=1 - dampening)
                for i in buf.indices { buf[i] = (buf[i] * mu).addingProduct(damp, g[i]) }
                try ElementwiseUpdate.write(buf, into: bufTensor)
                if nesterov { for i in g.indices { g[i] = g[i].addingProduct(mu, buf[i]) } } else { g = buf }
            } else {
                // First step: the buffer is a copy of g, without dampening.
                st["momentum_buffer"] = try ElementwiseUpdate.buffer(like: p, g)
                if nesterov { let buf = g; for i in g.indices { g[i] = g[i].addingProduct(mu, buf[i]) } }
            }
        }
        for i in w.indices { w[i] = w[i].addingProduct(-lr, g[i]) }
        try ElementwiseUpdate.write(w, into: p)
    }

    /// The step in place through CKernels when the parameter, gradient and buffer are contiguous
    /// float32; false when the array path must do it.
    private func fastStep(_ p: Tensor, _ grad: Tensor, group: ParamGroup) throws -> Bool {
        let momentum = try group.number("momentum")
        // No state entry at all without momentum (as torch.optim keeps none).
        var buf = momentum != 0 ? state.entry(for: p)["momentum_buffer"] : nil
        let first = momentum != 0 && buf == nil
        if first {
            guard p.isContiguous && p.dtype == .float32 else { return false }
            buf = try ElementwiseUpdate.buffer(like: p)
        }
        let tensors = [p, grad] + (momentum != 0 ? [buf!] : [])
        guard grad.shape == p.shape, let ptrs = ElementwiseUpdate.inPlacePointers(tensors) else { return false }
        if first { state.entry(for: p)["momentum_buffer"] = buf }
        nk_sgd_step_f32(ptrs[0], ptrs[1], momentum != 0 ? ptrs[2] : nil, Int64(p.numel), try group.number("lr"), momentum,
                        try group.number("dampening"), try group.number("weight_decay"), group.flag("nesterov") ? 1 : 0,
                        group.flag("maximize") ? 1 : 0, first ? 1 : 0)
        ElementwiseUpdate.touched(momentum != 0 ? [p, buf!] : [p])
        return true
    }
}
