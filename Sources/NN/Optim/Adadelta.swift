import Engine

/// `optim.Adadelta(params, lr=1.0, rho=0.9, eps=1e-06, weight_decay=0, foreach=None, *,
/// capturable=False, maximize=False, differentiable=False)`.
///
/// State: `step`, `square_avg` v, `acc_delta` u. For each parameter with gradient g:
///
///     if maximize: g = −g
///     if weight_decay ≠ 0: g = g + λ·p
///     v = ρ·v + (1 − ρ)·g²
///     δ = √(u + eps) / √(v + eps) · g
///     u = ρ·u + (1 − ρ)·δ²
///     p = p − lr·δ
///
/// float32 operation order of `_single_tensor_adadelta` (fused multiply-adds for `addcmul_` and
/// `add_(alpha=)`).
///
/// **Examples**
/// ```
/// >>> optimizer = torch.optim.Adadelta(model.parameters())
/// ```
open class Adadelta: Optimizer {
    /// - Throws: `ValueError: Invalid learning rate: …`, `Invalid rho value: …`,
    ///   `Invalid epsilon value: …`, `Invalid weight_decay value: …`.
    public init(_ params: ParamsArgument, lr: OptionValue = 1.0, rho: OptionValue = 0.9, eps: OptionValue = 1e-6,
                weightDecay: OptionValue = 0, foreach: Bool? = nil, capturable: Bool = false, maximize: Bool = false,
                differentiable: Bool = false) throws {
        try requireNonNegative(lr, "learning rate")
        let r = try rho.number()
        if !(0 <= r && r <= 1) { throw TorchError.value("Invalid rho value: \(rho)") }
        try requireNonNegative(eps, "epsilon value")
        try requireNonNegative(weightDecay, "weight_decay value")
        let defaults: [(key: String, value: OptionValue)] = [
            ("lr", lr), ("rho", rho), ("eps", eps), ("weight_decay", weightDecay), ("maximize", .bool(maximize)),
            ("capturable", .bool(capturable)), ("foreach", OptionValue(foreach)), ("differentiable", .bool(differentiable)),
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
        let rhoValue = try group.number("rho")
        let rho = C(rhoValue), oneMinusRho = C(1 - rhoValue)
        let eps = C(try group.number("eps"))
        let wdValue = try group.number("weight_decay")
        let wd = C(wdValue)
        let maximize = group.flag("maximize")
        var g: [C] = try ElementwiseUpdate.gradient(of: p, gradTensor)
        var w: [C] = try ElementwiseUpdate.read(p)
        let st = state.entry(for: p)
        if st.isEmpty {
            st["step"] = ElementwiseUpdate.stepTensor()
            st["square_avg"] = try ElementwiseUpdate.buffer(like: p)
            st["acc_delta"] = try ElementwiseUpdate.buffer(like: p)
        }
        guard let stepT = st["step"], let vT = st["square_avg"], let uT = st["acc_delta"] else { throw TorchError(.keyError, "'square_avg'") }
        _ = try ElementwiseUpdate.incrementStep(stepT)
        if maximize { for i in g.indices { g[i] = -g[i] } }
        if wdValue != 0 { for i in g.indices { g[i] = g[i].addingProduct(wd, w[i]) } }
        var v: [C] = try ElementwiseUpdate.state(vT, of: p), u: [C] = try ElementwiseUpdate.state(uT, of: p)
        for i in v.indices {
            v[i] = (v[i] * rho).addingProduct(oneMinusRho * g[i], g[i])
            let std = ElementwiseUpdate.sqrt(v[i] + eps)
            let delta = ElementwiseUpdate.sqrt(u[i] + eps) / std * g[i]
            u[i] = (u[i] * rho).addingProduct(oneMinusRho * delta, delta)
            w[i] = w[i].addingProduct(-lr, delta)
        }
        try ElementwiseUpdate.write(v, into: vT)
        try ElementwiseUpdate.write(u, into: uT)
        try ElementwiseUpdate.write(w, into: p)
    }
}
