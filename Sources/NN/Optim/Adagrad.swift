import Engine

/// `optim.Adagrad(params, lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0,
/// eps=1e-10, foreach=None, *, maximize=False, differentiable=False, fused=None)`.
///
/// State (created for every parameter by the constructor, as PyTorch does): `step` and `sum`
/// (filled with `initial_accumulator_value`). For each parameter with gradient g:
///
///     if maximize: g = −g
///     if weight_decay ≠ 0: g = g + λ·p
///     clr = lr / (1 + (step − 1)·lr_decay)
///     sum = sum + g·g
///     p = p − clr · g / (√sum + eps)
///
/// float32 arithmetic of `_single_tensor_adagrad`: `add(alpha=)` and `addcmul_` are fused
/// multiply-adds, `addcdiv_(value=−clr)` rounds −clr·g, divides, then adds.
///
/// **Examples**
/// ```
/// >>> optimizer = torch.optim.Adagrad(model.parameters(), lr=0.01)
/// ```
open class Adagrad: Optimizer {
    /// - Throws: `ValueError: Invalid learning rate: …`, `Invalid lr_decay value: …`,
    ///   `Invalid weight_decay value: …`, `Invalid initial_accumulator_value value: …`,
    ///   `Invalid epsilon value: …`.
    public init(_ params: ParamsArgument, lr: OptionValue = 1e-2, lrDecay: OptionValue = 0, weightDecay: OptionValue = 0,
                initialAccumulatorValue: OptionValue = 0, eps: OptionValue = 1e-10, foreach: Bool? = nil,
                maximize: Bool = false, differentiable: Bool = false, fused: Bool? = nil) throws {
        try requireNonNegative(lr, "learning rate")
        try requireNonNegative(lrDecay, "lr_decay value")
        try requireNonNegative(weightDecay, "weight_decay value")
        try requireNonNegative(initialAccumulatorValue, "initial_accumulator_value value")
        try requireNonNegative(eps, "epsilon value")
        let defaults: [(key: String, value: OptionValue)] = [
            ("lr", lr), ("lr_decay", lrDecay), ("eps", eps), ("weight_decay", weightDecay),
            ("initial_accumulator_value", initialAccumulatorValue), ("foreach", OptionValue(foreach)),
            ("maximize", .bool(maximize)), ("differentiable", .bool(differentiable)), ("fused", OptionValue(fused)),
        ]
        try super.init(params, defaults: defaults)
        let initial = try initialAccumulatorValue.number()
        for group in paramGroups {
            for p in group.params {
                let st = state.entry(for: p)
                st["step"] = ElementwiseUpdate.stepTensor()
                st["sum"] = try Tensor.full(p.shape, initial, dtype: p.dtype)
            }
        }
    }

    open override func update(_ group: ParamGroup) throws {
        for p in group.params {
            guard let gradTensor = p.grad else { continue }
            // float64 parameters update in double, the others in float32 (rounded to their dtype).
            if p.dtype == .float64 { try step(p, gradTensor, group, Double.self) } else { try step(p, gradTensor, group, Float.self) }
        }
    }

    private func step<C: ComputeFloat>(_ p: Tensor, _ gradTensor: Tensor, _ group: ParamGroup, _: C.Type) throws {
        let lr = try group.number("lr"), lrDecay = try group.number("lr_decay")
        let eps = C(try group.number("eps"))
        let wdValue = try group.number("weight_decay")
        let wd = C(wdValue)
        let maximize = group.flag("maximize")
        var g: [C] = try ElementwiseUpdate.gradient(of: p, gradTensor)
        var w: [C] = try ElementwiseUpdate.read(p)
        let st = state.entry(for: p)
        if st.isEmpty {
            st["step"] = ElementwiseUpdate.stepTensor()
            st["sum"] = try ElementwiseUpdate.buffer(like: p)
        }
        guard let stepT = st["step"], let sumT = st["sum"] else { throw TorchError(.keyError, "'sum'") }
        let step = try ElementwiseUpdate.incrementStep(stepT)
        if maximize { for i in g.indices { g[i] = -g[i] } }
        if wdValue != 0 { for i in g.indices { g[i] = g[i].addingProduct(wd, w[i]) } }
        let clr = lr / (1 + (step - 1) * lrDecay)
        var s: [C] = try ElementwiseUpdate.state(sumT, of: p)
        for i in s.indices { s[i] = s[i].addingProduct(g[i], g[i]) }
        try ElementwiseUpdate.write(s, into: sumT)
        let negClr = C(-clr)
        // state_sum.sqrt() is a tensor op in PyTorch (MKL VML's sqrt), then add_(eps), addcdiv_.
        let roots = ElementwiseUpdate.sqrt(s)
        for i in w.indices { w[i] = w[i] + (negClr * g[i]) / (roots[i] + eps) }
        try ElementwiseUpdate.write(w, into: p)
    }
}
