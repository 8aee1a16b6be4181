import Foundation
import Engine

/// `optim.NAdam(params, lr=0.002, betas=(0.9, 0.999), eps=1e-08, weight_decay=0,
/// momentum_decay=0.004, decoupled_weight_decay=False, *, foreach=None, maximize=False,
/// capturable=False, differentiable=False)`: Adam with Nesterov momentum.
///
/// State: `step`, `mu_product` (a float32 scalar), `exp_avg` m, `exp_avg_sq` v. For step t:
///
///     μₜ = β1·(1 − ½·0.96^(t·ψ)),  μₜ₊₁ likewise,  Πμ = Πμ·μₜ
///     m = lerp(m, g, 1 − β1);  v = β2·v + (1 − β2)·g²
///     denom = √(v / (1 − β2ᵗ)) + eps
///     p = p − lr·(1 − μₜ)/(1 − Πμ) · g/denom − lr·μₜ₊₁/(1 − Πμ·μₜ₊₁) · m/denom
///
/// **Examples**
/// ```
/// >>> optimizer = torch.optim.NAdam(model.parameters())
/// ```
open class NAdam: Optimizer {
    public init(_ params: ParamsArgument, lr: OptionValue = 2e-3, betas: (OptionValue, OptionValue) = (0.9, 0.999), eps: OptionValue = 1e-8,
                weightDecay: OptionValue = 0, momentumDecay: OptionValue = 4e-3, decoupledWeightDecay: Bool = false,
                foreach: Bool? = nil, maximize: Bool = false, capturable: Bool = false, differentiable: Bool = false) throws {
        try requireNonNegative(lr, "learning rate")
        try requireNonNegative(eps, "epsilon value")
        try checkBetas(betas)
        try requireNonNegative(weightDecay, "weight_decay value")
        try requireNonNegative(momentumDecay, "momentum_decay value")
        let defaults: [(key: String, value: OptionValue)] = [
            ("lr", lr), ("betas", .tuple([betas.0, betas.1])), ("eps", eps), ("weight_decay", weightDecay),
            ("momentum_decay", momentumDecay), ("decoupled_weight_decay", .bool(decoupledWeightDecay)),
            ("maximize", .bool(maximize)), ("foreach", OptionValue(foreach)), ("capturable", .bool(capturable)),
            ("differentiable", .bool(differentiable)),
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
        let wdValue = try group.number("weight_decay"), psi = try group.number("momentum_decay")
        let decoupled = group.flag("decoupled_weight_decay"), maximize = group.flag("maximize")
        let w1 = C(1 - beta1), b2 = C(beta2), oneMinusB2 = C(1 - beta2)
        var g: [C] = try ElementwiseUpdate.gradient(of: p, gradTensor)
        var w: [C] = try ElementwiseUpdate.read(p)
        let st = state.entry(for: p)
        if st.isEmpty {
            st["step"] = ElementwiseUpdate.stepTensor()
            // torch.ones((), dtype=_get_scalar_dtype()), like `step`: float32 unless the default dtype is float64.
            st["mu_product"] = DType.defaultFloat == .float64 ? Tensor(scalar: 1.0) : Tensor(scalar: Float(1))
            st["exp_avg"] = try ElementwiseUpdate.buffer(like: p)
            st["exp_avg_sq"] = try ElementwiseUpdate.buffer(like: p)
        }
        guard let stepT = st["step"], let muT = st["mu_product"], let mT = st["exp_avg"], let vT = st["exp_avg_sq"] else {
            throw TorchError(.keyError, "'mu_product'")
        }
        if maximize { for i in g.indices { g[i] = -g[i] } }
        let step = try ElementwiseUpdate.incrementStep(stepT)
        let bc2 = 1 - Foundation.pow(beta2, step)
        if wdValue != 0 {
            if decoupled {
                let f = C(1 - lr * wdValue)
                for i in w.indices { w[i] = w[i] * f }
            } else {
                let wd = C(wdValue)
                for i in g.indices { g[i] = g[i].addingProduct(wd, w[i]) }
            }
        }
        let mu = beta1 * (1 - 0.5 * Foundation.pow(0.96, step * psi))
        let muNext = beta1 * (1 - 0.5 * Foundation.pow(0.96, (step + 1) * psi))
        // mu_product *= mu: a 0-d tensor of the scalar dtype times a Python float (rounded to float32
        // first when mu_product is float32), whatever the parameter's dtype.
        let muProduct: Double
        if muT.dtype == .float64 {
            let v = (try ElementwiseUpdate.read(muT, as: Double.self).first ?? 1) * mu
            try ElementwiseUpdate.write([v], into: muT)
            muProduct = v
        } else {
            let v = (try ElementwiseUpdate.read(muT, as: Float.self).first ?? 1) * Float(mu)
            try ElementwiseUpdate.write([v], into: muT)
            muProduct = Double(v)
        }
        var m: [C] = try ElementwiseUpdate.state(mT, of: p), v: [C] = try ElementwiseUpdate.state(vT, of: p)
        for i in m.indices {
            m[i] = ElementwiseUpdate.lerp(m[i], g[i], w1)
            v[i] = (v[i] * b2).addingProduct(oneMinusB2 * g[i], g[i])
        }
        try ElementwiseUpdate.write(m, into: mT)
        try ElementwiseUpdate.write(v, into: vT)
        let muProductNext = muProduct * muNext
        let c1 = C(-lr * (1 - mu) / (1 - muProduct))
        let c2 = C((-lr * muNext) / (1 - muProductNext))
        let bc2f = C(bc2)
        for i in w.indices {
            let denom = ElementwiseUpdate.sqrt(v[i] / bc2f) + eps
            w[i] = w[i] + (c1 * g[i]) / denom
            w[i] = w[i] + (c2 * m[i]) / denom
        }
        try ElementwiseUpdate.write(w, into: p)
    }
}
