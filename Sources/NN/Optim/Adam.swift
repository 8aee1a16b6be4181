import Foundation
import Engine
import CKernels

/// `optim.Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False,
/// *, foreach=None, maximize=False, capturable=False, differentiable=False, fused=None,
/// decoupled_weight_decay=False)`: the Adam algorithm.
///
/// For step t with gradient g (state: `step`, `exp_avg` m, `exp_avg_sq` v, and
/// `max_exp_avg_sq` with amsgrad):
///
///     if maximize: g = −g
///     if weight_decay ≠ 0: g = g + λ·p        (decoupled: p = p·(1 − lr·λ) first)
///     m = lerp(m, g, 1 − β1)
///     v = β2·v + (1 − β2)·g²
///     v̂ = max(v̂, v) with amsgrad
///     p = p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps)
///
/// The float32 operation sequence is PyTorch's single-tensor CPU path (pytorch-behaviour.md
/// §5.4), so trajectories match bit for bit; `step` is kept as a float tensor (`tensor(4.)`).
///
/// **Parameters**
/// - `params` (iterable): parameters or parameter groups to optimize.
/// - `lr` (float, optional): learning rate. Default: 1e-3.
/// - `betas` (Tuple[float, float], optional): coefficients used for computing running averages
///   of gradient and its square. Default: (0.9, 0.999).
/// - `eps` (float, optional): term added to the denominator to improve numerical stability.
///   Default: 1e-8.
/// - `weight_decay` (float, optional): weight decay (L2 penalty). Default: 0.
/// - `amsgrad` (bool, optional): whether to use the AMSGrad variant. Default: `False`.
/// - `maximize` (bool, optional): maximize the objective instead of minimizing. Default: `False`.
/// - `decoupled_weight_decay` (bool, optional): if `True`, this optimizer is equivalent to AdamW.
///
/// **Examples**
/// ```
/// >>> optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
/// ```
open class Adam: Optimizer {
    /// - Throws: `ValueError: Invalid learning rate: …`, `Invalid epsilon value: …`,
    ///   `Invalid beta parameter at index 0: …`, `Invalid weight_decay value: …`,
    ///   `betas must be either both floats or both Tensors`.
    public init(_ params: ParamsArgument, lr: OptionValue = 1e-3, betas: (OptionValue, OptionValue) = (0.9, 0.999),
                eps: OptionValue = 1e-8, weightDecay: OptionValue = 0, amsgrad: Bool = false, foreach: Bool? = nil,
                maximize: Bool = false, capturable: Bool = false, differentiable: Bool = false, fused: Bool? = nil,
                decoupledWeightDecay: Bool = false) throws {
        try requireNonNegative(lr, "learning rate")
        try requireNonNegative(eps, "epsilon value")
        for (i, beta) in [betas.0, betas.1].enumerated() {
            let b = try beta.number()
            if !(0 <= b && b < 1) { throw TorchError.value("Invalid beta parameter at index \(i): \(beta)") }
        }
        try requireNonNegative(weightDecay, "weight_decay value")
        guard case .float = betas.0, case .float = betas.1 else {
            throw TorchError.value("betas must be either both floats or both Tensors")
        }
        let defaults: [(key: String, value: OptionValue)] = [
            ("lr", lr), ("betas", .tuple([betas.0, betas.1])), ("eps", eps), ("weight_decay", weightDecay),
            ("amsgrad", .bool(amsgrad)), ("maximize", .bool(maximize)), ("foreach", OptionValue(foreach)),
            ("capturable", .bool(capturable)), ("differentiable", .bool(differentiable)), ("fused", OptionValue(fused)),
            ("decoupled_weight_decay", .bool(decoupledWeightDecay)),
        ]
        try super.init(params, defaults: defaults)
    }

    open override func update(_ group: ParamGroup) throws {
        let lr = try group.number("lr")
        guard case .tuple(let betaItems)? = group["betas"], betaItems.count == 2,
              let beta1 = betaItems[0].doubleValue, let beta2 = betaItems[1].doubleValue else {
            throw TorchError.type("betas must be a tuple of two floats")
        }
        for p in group.params {
            guard let gradTensor = p.grad else { continue }
            // float64 parameters update in double, the others in float32 (rounded to their dtype).
            if p.dtype == .float64 {
                try step(p, gradTensor, group, lr: lr, beta1: beta1, beta2: beta2, Double.self)
            } else {
                try step(p, gradTensor, group, lr: lr, beta1: beta1, beta2: beta2, Float.self)
            }
        }
    }

    private func step<C: ComputeFloat>(_ p: Tensor, _ gradTensor: Tensor, _ group: ParamGroup, lr: Double, beta1: Double, beta2: Double,
                                      _: C.Type) throws {
        let eps = C(try group.number("eps"))
        let wdValue = try group.number("weight_decay")
        let amsgrad = group.flag("amsgrad"), maximize = group.flag("maximize")
        let decoupled = group.flag("decoupled_weight_decay")
        let w1 = C(1 - beta1), b2 = C(beta2), oneMinusB2 = C(1 - beta2)
        let st = state.entry(for: p)
        if st.isEmpty {
            st["step"] = ElementwiseUpdate.stepTensor()
            st["exp_avg"] = try ElementwiseUpdate.buffer(like: p)
            st["exp_avg_sq"] = try ElementwiseUpdate.buffer(like: p)
            if amsgrad { st["max_exp_avg_sq"] = try ElementwiseUpdate.buffer(like: p) }
        }
        guard let stepT = st["step"], let mT = st["exp_avg"], let vT = st["exp_avg_sq"] else {
            throw TorchError(.keyError, "'step'")
        }
        let step = try ElementwiseUpdate.incrementStep(stepT)
        // In place through CKernels when everything is contiguous float32 (the usual case).
        let inPlace = [p, gradTensor, mT, vT] + (amsgrad ? [st["max_exp_avg_sq"]].compactMap { $0 } : [])
        if C.self == Float.self && gradTensor.shape == p.shape && ElementwiseUpdate.sqrtOverride == nil
            && inPlace.count == (amsgrad ? 5 : 4), let ptrs = ElementwiseUpdate.inPlacePointers(inPlace) {
            nk_adam_step_f32(ptrs[0], ptrs[1], ptrs[2], ptrs[3], amsgrad ? ptrs[4] : nil, Int64(p.numel), lr, beta1, beta2,
                             try group.number("eps"), wdValue, amsgrad ? 1 : 0, maximize ? 1 : 0, decoupled ? 1 : 0, step)
            ElementwiseUpdate.touched([p] + inPlace.dropFirst(2))
            return
        }
        var g: [C] = try ElementwiseUpdate.gradient(of: p, gradTensor)
        var w: [C] = try ElementwiseUpdate.read(p)
        if maximize { for i in g.indices { g[i] = -g[i] } }
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
            // exp_avg_sq.mul_(beta2).addcmul_(g, g, value=1 - beta2)
            v[i] = (v[i] * b2).addingProduct(oneMinusB2 * g[i], g[i])
        }
        try ElementwiseUpdate.write(m, into: mT)
        try ElementwiseUpdate.write(v, into: vT)
        let bc1 = 1 - Foundation.pow(beta1, step), bc2 = 1 - Foundation.pow(beta2, step)
        let stepSize = lr / bc1
        let bc2Sqrt = C(Foundation.pow(bc2, 0.5))
        var denomSource = v
        if amsgrad {
            guard let maxT = st["max_exp_avg_sq"] else { throw TorchError(.keyError, "'max_exp_avg_sq'") }
            var vmax: [C] = try ElementwiseUpdate.state(maxT, of: p)
            for i in vmax.indices where v[i] > vmax[i] || v[i].isNaN { vmax[i] = v[i] }
            try ElementwiseUpdate.write(vmax, into: maxT)
            denomSource = vmax
        }
        let negStep = C(-stepSize)
        let roots = ElementwiseUpdate.sqrt(denomSource)
        for i in w.indices {
            let denom = roots[i] / bc2Sqrt + eps
            w[i] = w[i] + (negStep * m[i]) / denom
        }
        try ElementwiseUpdate.write(w, into: p)
    }
}

/// `optim.AdamW(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01,
/// amsgrad=False, *, maximize=False, foreach=None, capturable=False, differentiable=False,
/// fused=None)`: Adam with decoupled weight decay — the parameter is first scaled by
/// (1 − lr·weight_decay), then the Adam step is applied. Same state and arithmetic as `Adam`
/// with `decoupled_weight_decay=True`.
///
/// **Parameters**
/// - `lr` (float, optional): learning rate. Default: 1e-3.
/// - `betas` (Tuple[float, float], optional): Default: (0.9, 0.999).
/// - `eps` (float, optional): Default: 1e-8.
/// - `weight_decay` (float, optional): weight decay coefficient. Default: 1e-2.
/// - `amsgrad` (bool, optional): whether to use the AMSGrad variant. Default: `False`.
/// - `maximize` (bool, optional): Default: `False`.
///
/// **Examples**
/// ```
/// >>> optimizer = torch.optim.AdamW(model.parameters(), lr=0.01)
/// ```
open class AdamW: Adam {
    /// Adam with `decoupled_weight_decay=True` and weight_decay 0.01 by default.
    public init(_ params: ParamsArgument, lr: OptionValue = 1e-3, betas: (OptionValue, OptionValue) = (0.9, 0.999),
                eps: OptionValue = 1e-8, weightDecay: OptionValue = 1e-2, amsgrad: Bool = false, maximize: Bool = false,
                foreach: Bool? = nil, capturable: Bool = false, differentiable: Bool = false, fused: Bool? = nil) throws {
        try super.init(params, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad, foreach: foreach,
                       maximize: maximize, capturable: capturable, differentiable: differentiable, fused: fused,
                       decoupledWeightDecay: true)
    }
}
