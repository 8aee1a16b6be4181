import Engine
import CKernels

/// `optim.RMSprop(params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0,
/// centered=False, capturable=False, foreach=None, maximize=False, differentiable=False)`:
/// the RMSprop algorithm.
///
/// For each parameter p with gradient g (state: `step`, `square_avg` v, plus `momentum_buffer`
/// b when momentum > 0 and `grad_avg` ḡ when centered):
///
///     if maximize: g = −g
///     if weight_decay ≠ 0: g = g + λ·p
///     v = α·v + (1 − α)·g²
///     centered: ḡ = lerp(ḡ, g, 1 − α);  avg = √(v − ḡ²) + eps,  else avg = √v + eps
///     momentum > 0: b = μ·b + g/avg;  p = p − lr·b
///     else:         p = p − lr·g/avg
///
/// Each line follows `_single_tensor_rmsprop` op by op in float32 (fused multiply-adds where
/// ATen's `add(alpha=)`, `addcmul` and `lerp` fuse).
///
/// **Parameters**
/// - `lr` (float, optional): learning rate. Default: 1e-2.
/// - `alpha` (float, optional): smoothing constant. Default: 0.99.
/// - `eps` (float, optional): term added to the denominator to improve numerical stability.
///   Default: 1e-8.
/// - `weight_decay` (float, optional): weight decay (L2 penalty). Default: 0.
/// - `momentum` (float, optional): momentum factor. Default: 0.
/// - `centered` (bool, optional): if `True`, compute the centered RMSProp, the gradient is
///   normalized by an estimation of its variance.
/// - `maximize` (bool, optional): maximize the objective instead of minimizing. Default: `False`.
///
/// **Examples**
/// ```
/// >>> optimizer = torch.optim.RMSprop(model.parameters(), lr=0.01)
/// ```
open class RMSprop: Optimizer {
    /// - Throws: `ValueError: Invalid learning rate: …`, `Invalid epsilon value: …`,
    ///   `Invalid momentum value: …`, `Invalid weight_decay value: …`, `Invalid alpha value: …`.
    public init(_ params: ParamsArgument, lr: OptionValue = 1e-2, alpha: OptionValue = 0.99, eps: OptionValue = 1e-8,
                weightDecay: OptionValue = 0, momentum: OptionValue = 0, centered: Bool = false, capturable: Bool = false,
                foreach: Bool? = nil, maximize: Bool = false, differentiable: Bool = false) throws {
        try requireNonNegative(lr, "learning rate")
        try requireNonNegative(eps, "epsilon value")
        try requireNonNegative(momentum, "momentum value")
        try requireNonNegative(weightDecay, "weight_decay value")
        try requireNonNegative(alpha, "alpha value")
        let defaults: [(key: String, value: OptionValue)] = [
            ("lr", lr), ("momentum", momentum), ("alpha", alpha), ("eps", eps), ("centered", .bool(centered)),
            ("weight_decay", weightDecay), ("capturable", .bool(capturable)), ("foreach", OptionValue(foreach)),
            ("maximize", .bool(maximize)), ("differentiable", .bool(differentiable)),
        ]
        try super.init(params, defaults: defaults)
    }

    open override func update(_ group: ParamGroup) throws {
        for p in group.params {
            guard let gradTensor = p.grad else { continue }
            // float64 parameters update in double, the others in float32 (rounded to their dtype).
            if p.dtype == .float64 { try step(p, gradTensor, group, Double.self) } else { try step(p, gradTensor, group, Float.self) }
        }
    }

    private func step<C: ComputeFloat>(_ p: Tensor, _ gradTensor: Tensor, _ group: ParamGroup, _: C.Type) throws {
        let lr = C(try group.number("lr"))
        let alphaValue = try group.number("alpha")
        let alpha = C(alphaValue), oneMinusAlpha = C(1 - alphaValue)
        let eps = C(try group.number("eps"))
        let wdValue = try group.number("weight_decay")
        let wd = C(wdValue)
        let momentumValue = try group.number("momentum")
        let mu = C(momentumValue)
        let centered = group.flag("centered"), maximize = group.flag("maximize")
        let st = state.entry(for: p)
        if st.isEmpty {
            st["step"] = ElementwiseUpdate.stepTensor()
            st["square_avg"] = try ElementwiseUpdate.buffer(like: p)
            if momentumValue > 0 { st["momentum_buffer"] = try ElementwiseUpdate.buffer(like: p) }
            if centered { st["grad_avg"] = try ElementwiseUpdate.buffer(like: p) }
        }
        guard let stepT = st["step"], let vT = st["square_avg"] else { throw TorchError(.keyError, "'square_avg'") }
        _ = try ElementwiseUpdate.incrementStep(stepT)
        // In place through CKernels when everything is contiguous float32 (the usual case).
        var inPlace = [p, gradTensor, vT]
        if centered, let ga = st["grad_avg"] { inPlace.append(ga) }
        if momentumValue > 0, let b = st["momentum_buffer"] { inPlace.append(b) }
        if C.self == Float.self && gradTensor.shape == p.shape && ElementwiseUpdate.sqrtOverride == nil
            && inPlace.count == 3 + (centered ? 1 : 0) + (momentumValue > 0 ? 1 : 0),
           let ptrs = ElementwiseUpdate.inPlacePointers(inPlace) {
            let ga = centered ? ptrs[3] : nil, buf = momentumValue > 0 ? ptrs[centered ? 4 : 3] : nil
            nk_rmsprop_step_f32(ptrs[0], ptrs[1], ptrs[2], ga, buf, Int64(p.numel), try group.number("lr"), alphaValue,
                                try group.number("eps"), wdValue, momentumValue, centered ? 1 : 0, maximize ? 1 : 0)
            ElementwiseUpdate.touched([p] + inPlace.dropFirst(2))
            return
        }
        var g: [C] = try ElementwiseUpdate.gradient(of: p, gradTensor)
        var w: [C] = try ElementwiseUpdate.read(p)
        if maximize { for i in g.indices { g[i] = -g[i] } }
        if wdValue != 0 { for i in g.indices { g[i] = g[i].addingProduct(wd, w[i]) } }
        var v: [C] = try ElementwiseUpdate.state(vT, of: p)
        // square_avg.mul_(alpha).addcmul_(g, g, value=1 - alpha)
        for i in v.indices { v[i] = (v[i] * alpha).addingProduct(oneMinusAlpha * g[i], g[i]) }
        try ElementwiseUpdate.write(v, into: vT)
        var avg: [C]
        if centered {
            guard let gaT = st["grad_avg"] else { throw TorchError(.keyError, "'grad_avg'") }
            var ga: [C] = try ElementwiseUpdate.state(gaT, of: p)
            for i in ga.indices { ga[i] = ElementwiseUpdate.lerp(ga[i], g[i], oneMinusAlpha) }
            try ElementwiseUpdate.write(ga, into: gaT)
            // square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
            avg = ElementwiseUpdate.sqrt(v.indices.map { v[$0].addingProduct(-ga[$0], ga[$0]) })
        } else {
            avg = ElementwiseUpdate.sqrt(v)
        }
        for i in avg.indices { avg[i] = avg[i] + eps }
        if momentumValue > 0 {
            guard let bufT = st["momentum_buffer"] else { throw TorchError(.keyError, "'momentum_buffer'") }
            var buf: [C] = try ElementwiseUpdate.state(bufT, of: p)
            // buf.mul_(momentum).addcdiv_(g, avg); param.add_(buf, alpha=-lr)
            for i in buf.indices { buf[i] = buf[i] * mu + g[i] / avg[i] }
            try ElementwiseUpdate.write(buf, into: bufT)
            for i in w.indices { w[i] = w[i].addingProduct(-lr, buf[i]) }
        } else {
            // param.addcdiv_(g, avg, value=-lr)
            for i in w.indices { w[i] = w[i] + (-lr * g[i]) / avg[i] }
        }
        try ElementwiseUpdate.write(w, into: p)
    }
}
