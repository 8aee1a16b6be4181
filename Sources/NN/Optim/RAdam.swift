import Foundation
import Engine

/// `optim.RAdam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0,
/// decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
/// differentiable=False)`: rectified Adam.
///
/// State: `step`, `exp_avg` m, `exp_avg_sq` v. For step t:
///
///     m = lerp(m, g, 1 − β1);  v = β2·v + (1 − β2)·g²;  m̂ = m / (1 − β1ᵗ)
///     ρ∞ = 2/(1 − β2) − 1;  ρₜ = ρ∞ − 2t·β2ᵗ/(1 − β2ᵗ)
///     ρₜ > 5: p = p − m̂·lr · √(1 − β2ᵗ)/(√v + eps) · rₜ   with rₜ the variance rectification
///     else:   p = p − m̂·lr
///
/// **Examples**
/// ```
/// >>> optimizer = torch.optim.RAdam(model.parameters())
/// ```
open class RAdam: Optimizer {
    public init(_ params: ParamsArgument, lr: OptionValue = 1e-3, betas: (OptionValue, OptionValue) = (0.9, 0.999), eps: OptionValue = 1e-8,
                weightDecay: OptionValue = 0, decoupledWeightDecay: Bool = false, foreach: Bool? = nil, maximize: Bool = false,
                capturable: Bool = false, differentiable: Bool = false) throws {
        try requireNonNegative(lr, "learning rate")
        try requireNonNegative(eps, "epsilon value")
        try checkBetas(betas)
        try requireNonNegative(weightDecay, "weight_decay value")
        let defaults: [(key: String, value: OptionValue)] = [
            ("lr", lr), ("betas", .tuple([betas.0, betas.1])), ("eps", eps), ("weight_decay", weightDecay),
            ("maximize", .bool(maximize)), ("foreach", OptionValue(foreach)), ("capturable", .bool(capturable)),
            ("decoupled_weight_decay", .bool(decoupledWeightDecay)), ("differentiable", .bool(differentiable)),
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
        let lr = try group.number("lr")
        let (beta1, beta2) = try group.betas()
        let eps = C(try group.number("eps"))
        let wdValue = try group.number("weight_decay")
        let decoupled = group.flag("decoupled_weight_decay"), maximize = group.flag("maximize")
        let w1 = C(1 - beta1), b2 = C(beta2), oneMinusB2 = C(1 - beta2)
        var g: [C] = try ElementwiseUpdate.gradient(of: p, gradTensor)
        var w: [C] = try ElementwiseUpdate.read(p)
        let st = state.entry(for: p)
        if st.isEmpty {
            st["step"] = ElementwiseUpdate.stepTensor()
            st["exp_avg"] = try ElementwiseUpdate.buffer(like: p)
            st["exp_avg_sq"] = try ElementwiseUpdate.buffer(like: p)
        }
        guard let stepT = st["step"], let mT = st["exp_avg"], let vT = st["exp_avg_sq"] else { throw TorchError(.keyError, "'exp_avg'") }
        if maximize { for i in g.indices { g[i] = -g[i] } }
        let step = try ElementwiseUpdate.incrementStep(stepT)
        if wdValue != 0 {
            if decoupled {
                let f = C(1 - lr * wdValue)
                for i in w.indices { w[i] = w[i] * f }
            } else {
                let wd = C(wdValue)
                for i in g.indices { g[i] = g[i].addingProduct(wd, w[i]) }
            }
        }
        var m: [C] = try ElementwiseUpdate.state(mT, of: p), v: [C] = try ElementwiseUpdate.state(vT, of: p)
        for i in m.indices {
            m[i] = ElementwiseUpdate.lerp(m[i], g[i], w1)
            v[i] = (v[i] * b2).addingProduct(oneMinusB2 * g[i], g[i])
        }
        try ElementwiseUpdate.write(m, into: mT)
        try ElementwiseUpdate.write(v, into: vT)
        let bc1 = 1 - Foundation.pow(beta1, step), bc2 = 1 - Foundation.pow(beta2, step)
        let rhoInf = 2 / (1 - beta2) - 1
        let rhoT = rhoInf - 2 * step * Foundation.pow(beta2, step) / bc2
        let bc1f = C(bc1), lrf = C(lr)
        if rhoT > 5 {
            let rect = C((((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)).squareRoot())
            let bc2Sqrt = C(Foundation.pow(bc2, 0.5))
            let roots = ElementwiseUpdate.sqrt(v)   // exp_avg_sq.sqrt(): a tensor op (VML) in PyTorch
            for i in w.indices {
                // (bc2 ** 0.5) / t is computed as reciprocal(t) * (bc2 ** 0.5).
                let adaptive = (1 / (roots[i] + eps)) * bc2Sqrt
                w[i] = w[i] - ((m[i] / bc1f) * lrf * adaptive) * rect
            }
        } else {
            for i in w.indices { w[i] = w[i] - (m[i] / bc1f) * lrf }
        }
        try ElementwiseUpdate.write(w, into: p)
    }
}
