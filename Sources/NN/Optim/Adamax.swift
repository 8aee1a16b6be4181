import Foundation
import Engine

/// `optim.Adamax(params, lr=0.002, betas=(0.9, 0.999), eps=1e-08, weight_decay=0,
/// foreach=None, *, maximize=False, differentiable=False, capturable=False)`: Adam with the
/// infinity norm.
///
/// State: `step`, `exp_avg` m, `exp_inf` u. For step t with gradient g:
///
///     if maximize: g = −g
///     if weight_decay ≠ 0: g = g + λ·p
///     m = lerp(m, g, 1 − β1)
///     u = max(β2·u, |g| + eps)
///     p = p − lr/(1 − β1ᵗ) · m / u
///
/// **Examples**
/// ```
/// >>> optimizer = torch.optim.Adamax(model.parameters())
/// ```
open class Adamax: Optimizer {
    public init(_ params: ParamsArgument, lr: OptionValue = 2e-3, betas: (OptionValue, OptionValue) = (0.9, 0.999), eps: OptionValue = 1e-8,
                weightDecay: OptionValue = 0, foreach: Bool? = nil, maximize: Bool = false, differentiable: Bool = false,
                capturable: Bool = false) throws {
        try requireNonNegative(lr, "learning rate")
        try requireNonNegative(eps, "epsilon value")
        try checkBetas(betas)
        try requireNonNegative(weightDecay, "weight_decay value")
        let defaults: [(key: String, value: OptionValue)] = [
            ("lr", lr), ("betas", .tuple([betas.0, betas.1])), ("eps", eps), ("weight_decay", weightDecay),
            ("foreach", OptionValue(foreach)), ("maximize", .bool(maximize)), ("differentiable", .bool(differentiable)),
            ("capturable", .bool(capturable)),
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
        let wd = C(wdValue), w1 = C(1 - beta1), b2 = C(beta2)
        let maximize = group.flag("maximize")
        var g: [C] = try ElementwiseUpdate.gradient(of: p, gradTensor)
        var w: [C] = try ElementwiseUpdate.read(p)
        let st = state.entry(for: p)
        if st.isEmpty {
            st["step"] = ElementwiseUpdate.stepTensor()
            st["exp_avg"] = try ElementwiseUpdate.buffer(like: p)
            st["exp_inf"] = try ElementwiseUpdate.buffer(like: p)
        }
        guard let stepT = st["step"], let mT = st["exp_avg"], let uT = st["exp_inf"] else { throw TorchError(.keyError, "'exp_avg'") }
        if maximize { for i in g.indices { g[i] = -g[i] } }
        let step = try ElementwiseUpdate.incrementStep(stepT)
        if wdValue != 0 { for i in g.indices { g[i] = g[i].addingProduct(wd, w[i]) } }
        var m: [C] = try ElementwiseUpdate.state(mT, of: p), u: [C] = try ElementwiseUpdate.state(uT, of: p)
        for i in m.indices {
            m[i] = ElementwiseUpdate.lerp(m[i], g[i], w1)
            let a = u[i] * b2, b = Swift.abs(g[i]) + eps
            u[i] = a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
        }
        try ElementwiseUpdate.write(m, into: mT)
        try ElementwiseUpdate.write(u, into: uT)
        let clr = lr / (1 - Foundation.pow(beta1, step))
        let negClr = C(-clr)
        for i in w.indices { w[i] = w[i] + (negClr * m[i]) / u[i] }
        try ElementwiseUpdate.write(w, into: p)
    }
}

/// Adam-family beta checks (`ValueError: Invalid beta parameter at index 0: 1.0`).
func checkBetas(_ betas: (OptionValue, OptionValue)) throws {
    for (i, beta) in [betas.0, betas.1].enumerated() {
        let b = try beta.number()
        if !(0 <= b && b < 1) { throw TorchError.value("Invalid beta parameter at index \(i): \(beta)") }
    }
}

extension ParamGroup {
    /// `group['betas']` as two numbers.
    func betas() throws -> (Double, Double) {
        guard case .tuple(let items)? = self["betas"], items.count == 2, let b1 = items[0].doubleValue, let b2 = items[1].doubleValue else {
            throw TorchError.type("betas must be a tuple of two floats")
        }
        return (b1, b2)
    }
}
