import Foundation

/// The other losses of torch.nn: smooth_l1, huber, soft_margin (single nodes, as ATen defines
/// them), kl_div, cosine_embedding, margin_ranking, triplet_margin, poisson_nll, gaussian_nll,
/// hinge_embedding (composites, built from the same ops as ATen / torch.nn.functional build
/// them, so values and grad_fn names follow).

/// The per-element value of a loss and its derivative for the input, written once for both
/// compute types (`norm` is 1/numel for 'mean', else 1; `g` the incoming gradient).
protocol LossFormula {
    func value<T: SurfaceFloat>(_ x: T, _ y: T) -> T
    func dx<T: SurfaceFloat>(_ x: T, _ y: T, _ g: T, _ norm: T) -> T
}

/// An elementwise loss with its own backward node: `value(x, y)` per element in the promoted
/// floating dtype, the reduction applied to the raw values, and `dx` the gradient for the input
/// (the target's gradient is its negative, as for these symmetric-difference losses).
func pointwiseLoss<F: LossFormula>(_ input: Tensor, _ target: Tensor, _ reduction: Reduction, _ name: String,
                                   targetGradIsNegative: Bool = true, _ f: F) throws -> Tensor {
    let (x, t) = try broadcastForLoss(input, target)
    let dt = DType.promote(x.dtype, t.dtype).floatingResult
    let xf = try x.to(dt).contiguousCopy(), tf = try t.to(dt).contiguousCopy()
    let elementwise = try floatBinary(xf, tf, { f.value($0, $1) }, { f.value($0, $1) })
    let out: Tensor
    switch reduction {
    case .none: out = elementwise
    case .sum: out = try elementwise.sumRaw(dims: nil, keepdim: false)
    case .mean: out = try GradMode.with(false) { try elementwise.mean() }
    }
    let normD = reduction == .mean ? 1 / Double(Swift.max(xf.numel, 1)) : 1
    return out.recordingFormula(name, inputs: [x, t], saving: [xf, tf]) { s, g, node in
        let gg = try g.to(dt).expand(s[0].shape).contiguousCopy()
        let gx: Tensor
        if dt == .float64 {
            let xs = s[0].doubleValues(), ys = s[1].doubleValues(), gs = gg.doubleValues()
            gx = try tensorOfDoubles((0..<xs.count).map { f.dx(xs[$0], ys[$0], gs[$0], normD) }, shape: s[0].shape, dtype: dt)
        } else {
            let xs = try s[0].to(.float32).floatValues(), ys = try s[1].to(.float32).floatValues(), gs = try gg.to(.float32).floatValues()
            let normF = Float(normD)
            gx = try Tensor(floats: (0..<xs.count).map { f.dx(xs[$0], ys[$0], gs[$0], normF) }, shape: s[0].shape).to(dt)
        }
        let gt: Tensor? = node.wants(1) ? (targetGradIsNegative ? try neg(gx) : nil) : nil
        return [node.wants(0) ? gx : nil, gt]
    }
}

/// `F.smooth_l1_loss(beta=1.0)`: 0.5·z²/β for z = |x − y| < β, else z − 0.5·β
/// (SmoothL1LossBackward0); β = 0 is l1_loss.
public func smoothL1Loss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean, beta: Double = 1) throws -> Tensor {
    guard beta >= 0 else { throw TorchError.runtime("smooth_l1_loss does not support negative values for beta.") }
    if beta == 0 { return try l1Loss(input, target, reduction: reduction) }
    struct SmoothL1: LossFormula {
        let beta: Double
        func value<T: SurfaceFloat>(_ x: T, _ y: T) -> T {
            let b = T(beta), z = Swift.abs(x - y)
            return z < b ? 0.5 * z * z / b : z - 0.5 * b
        }
        func dx<T: SurfaceFloat>(_ x: T, _ y: T, _ g: T, _ norm: T) -> T {
            let b = T(beta), d = x - y
            if d <= -b { return -norm * g }
            if d >= b { return norm * g }
            return norm * d * g / b
        }
    }
    return try pointwiseLoss(input, target, reduction, "SmoothL1LossBackward0", SmoothL1(beta: beta))
}

/// `F.huber_loss(delta=1.0)`: 0.5·z² for z = |x − y| < δ, else δ·(z − 0.5·δ) (HuberLossBackward0).
public func huberLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean, delta: Double = 1) throws -> Tensor {
    guard delta > 0 else { throw TorchError.runtime("huber_loss does not support non-positive values for delta.") }
    struct Huber: LossFormula {
        let delta: Double
        func value<T: SurfaceFloat>(_ x: T, _ y: T) -> T {
            let dl = T(delta), z = Swift.abs(x - y)
            return z < dl ? 0.5 * z * z : dl * (z - 0.5 * dl)
        }
        func dx<T: SurfaceFloat>(_ x: T, _ y: T, _ g: T, _ norm: T) -> T {
            let dl = T(delta), d = x - y
            if d <= -dl { return -norm * g * dl }
            if d >= dl { return norm * g * dl }
            return norm * d * g
        }
    }
    return try pointwiseLoss(input, target, reduction, "HuberLossBackward0", Huber(delta: delta))
}

/// `F.soft_margin_loss`: log(1 + exp(−y·x)) (SoftMarginLossBackward0; the target gets no gradient).
public func softMarginLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
    if target.requiresGrad && GradMode.isEnabled {
        throw TorchError.runtime("The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. This input cannot have requires_grad True.")
    }
    struct SoftMargin: LossFormula {
        func value<T: SurfaceFloat>(_ x: T, _ y: T) -> T { T.log1p(T.exp(-x * y)) }
        func dx<T: SurfaceFloat>(_ x: T, _ y: T, _ g: T, _ norm: T) -> T {
            let z = T.exp(-y * x)
            return -norm * y * z / (1 + z) * g
        }
    }
    return try pointwiseLoss(input, target, reduction, "SoftMarginLossBackward0", targetGradIsNegative: false, SoftMargin())
}

/// `torch.xlogy(x, y)`: x·log(y), 0 where x == 0 (unless y is NaN). XlogyBackward0.
public func xlogy(_ a: Operand, _ b: Operand) throws -> Tensor {
    let x = a.tensor, y = b.tensor
    let dt = floatingResultType(a, b)
    func f<T: ComputeFloat>(_ u: T, _ v: T) -> T { v.isNaN ? .nan : (u == 0 ? 0 : u * T.log(v)) }
    let out = try floatBinary(try x.to(dt), try y.to(dt), { f($0, $1) }, { f($0, $1) })
    let inputs = a.isWrapped ? [y] : (b.isWrapped ? [x] : [x, y])
    return out.recordingFormula("XlogyBackward0", inputs: inputs, saving: [x, y]) { s, g, n in
        let (u, v) = (s[0], s[1])
        var gx: Tensor? = nil, gy: Tensor? = nil
        let wantX = a.isWrapped ? false : n.wants(0)
        let wantY = a.isWrapped ? n.wants(0) : (b.isWrapped ? false : n.wants(1))
        if wantX { gx = try mul(.tensor(g), .tensor(try xlogy(.tensor(try compare(.ne, .tensor(u), .scalar(.int(0))).to(dt)), .tensor(v)))).sumTo(u.shape) }
        if wantY { gy = try div(.tensor(try mul(.tensor(g), .tensor(u))), .tensor(v)).sumTo(v.shape) }
        if a.isWrapped { return [gy] }
        if b.isWrapped { return [gx] }
        return [gx, gy]
    }
}

/// `F.kl_div(input, target, reduction, log_target)`: target·(log target − input) (or with a
/// log-space target, exp(target)·(target − input)), then the reduction; `batchmean` divides the
/// sum by the batch size. PyTorch warns that `mean` averages over every element.
public func klDiv(_ input: Tensor, _ target: Tensor, reduction: String = "mean", logTarget: Bool = false) throws -> Tensor {
    if reduction == "mean" {
        Warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the next major release.")
    }
    let red: Reduction = reduction == "batchmean" ? .sum : try Reduction.parse(reduction)
    let pointwise: Tensor
    if logTarget {
        pointwise = try mul(.tensor(try exp(target)), .tensor(try sub(.tensor(target), .tensor(input))))
    } else {
        pointwise = try sub(.tensor(try xlogy(.tensor(target), .tensor(target))), .tensor(try mul(.tensor(target), .tensor(input))))
    }
    let reduced = try reduce(pointwise, red)
    if reduction == "batchmean" && input.ndim != 0 {
        return try div(.tensor(reduced), .scalar(.int(Int64(input.shape[0]))))
    }
    return reduced
}

/// `F.cosine_embedding_loss(x1, x2, y, margin)`: 1 − cos(x1, x2) where y = 1,
/// max(0, cos − margin) where y = −1 (ATen's composite, with its 1e-12 in the magnitudes).
public func cosineEmbeddingLoss(_ x1: Tensor, _ x2: Tensor, _ target: Tensor, margin: Double = 0, reduction: Reduction = .mean) throws -> Tensor {
    let targDim = target.ndim
    guard targDim == 1 || targDim == 0 else { throw TorchError.runtime("0D or 1D target tensor expected, multi-target not supported") }
    if targDim == 1 {
        guard x1.ndim == 2 && x2.ndim == 2 else {
            throw TorchError.runtime("1D target tensor expects 2D input tensors, but found inputs with sizes \(shapeList(x1.shape)) and \(shapeList(x2.shape)).")
        }
    } else {
        guard x1.ndim == 1 && x2.ndim == 1 else {
            throw TorchError.runtime("0D target tensor expects 1D input tensors, but found inputs with sizes \(shapeList(x1.shape)) and \(shapeList(x2.shape)).")
        }
    }
    let prodSum = try mul(.tensor(x1), .tensor(x2)).sum(dims: [targDim], keepdim: false)
    let mag1 = try add(.tensor(try mul(.tensor(x1), .tensor(x1)).sum(dims: [targDim], keepdim: false)), .scalar(.float(1e-12)))
    let mag2 = try add(.tensor(try mul(.tensor(x2), .tensor(x2)).sum(dims: [targDim], keepdim: false)), .scalar(.float(1e-12)))
    let denom = try sqrt(try mul(.tensor(mag1), .tensor(mag2)))
    let cos = try div(.tensor(prodSum), .tensor(denom))
    let zeros = try Tensor.zeros(cos.shape, dtype: cos.dtype)
    let pos = try sub(.tensor(Tensor(scalar: Float(1))), .tensor(cos))
    let neg = try clampBound(try sub(.tensor(cos), .scalar(.float(margin))), 0, isMin: true)
    let outPos = try whereSelect(try compare(.eq, .tensor(target), .scalar(.int(1))), .tensor(pos), .tensor(zeros))
    let outNeg = try whereSelect(try compare(.eq, .tensor(target), .scalar(.int(-1))), .tensor(neg), .tensor(zeros))
    return try reduce(try add(outPos, outNeg), reduction)
}

/// `F.margin_ranking_loss(x1, x2, y, margin)`: max(0, −y·(x1 − x2) + margin).
public func marginRankingLoss(_ x1: Tensor, _ x2: Tensor, _ target: Tensor, margin: Double = 0, reduction: Reduction = .mean) throws -> Tensor {
    guard x1.ndim == x2.ndim && x1.ndim == target.ndim else {
        throw TorchError.runtime("margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: \(formatSize(x1.shape)), input2: \(formatSize(x2.shape)), target: \(formatSize(target.shape)) ")
    }
    let scaled = try mul(.tensor(try neg(target)), .tensor(try sub(.tensor(x1), .tensor(x2))))
    return try reduce(try clampBound(try add(.tensor(scaled), .scalar(.float(margin))), 0, isMin: true), reduction)
}

/// `F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap)`:
/// max(0, margin + d(a, p) − d(a, n)) with pairwise distances.
public func tripletMarginLoss(_ anchor: Tensor, _ positive: Tensor, _ negative: Tensor, margin: Double = 1, p: Double = 2,
                              eps: Double = 1e-6, swap: Bool = false, reduction: Reduction = .mean) throws -> Tensor {
    guard margin > 0 else { throw TorchError.value("margin must be greater than 0, got \(pythonFloatRepr(margin))") }
    let ad = anchor.ndim, pd = positive.ndim, nd = negative.ndim
    guard ad == pd && pd == nd else {
        throw TorchError.runtime("The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor \(ad)D, positive \(pd)D, and negative \(nd)D inputs")
    }
    let dPos = try pairwiseDistance(anchor, positive, p: p, eps: eps)
    var dNeg = try pairwiseDistance(anchor, negative, p: p, eps: eps)
    if swap { dNeg = try maximum(dNeg, try pairwiseDistance(positive, negative, p: p, eps: eps), isMax: false) }
    let first = try add(.tensor(dPos), .scalar(.float(margin)))
    first.gradFn?.displayName = "AddBackward1"
    return try reduce(try clampBound(try sub(.tensor(first), .tensor(dNeg)), 0, isMin: true), reduction)
}

/// `F.poisson_nll_loss(input, target, log_input, full, eps)`: exp(x) − y·x (log_input) or
/// x − y·log(x + eps); `full` adds Stirling's term where y > 1.
public func poissonNLLLoss(_ input: Tensor, _ target: Tensor, logInput: Bool = true, full: Bool = false, eps: Double = 1e-8,
                           reduction: Reduction = .mean) throws -> Tensor {
    var loss: Tensor
    if logInput {
        loss = try sub(.tensor(try exp(input)), .tensor(try mul(.tensor(target), .tensor(input))))
    } else {
        loss = try sub(.tensor(input), .tensor(try mul(.tensor(target), .tensor(try log(try add(.tensor(input), .scalar(.float(eps))))))))
    }
    if full {
        let t = target
        let stirling = try add(.tensor(try sub(.tensor(try mul(.tensor(t), .tensor(try log(t)))), .tensor(t))),
                               .tensor(try mul(.scalar(.float(0.5)), .tensor(try log(try mul(.scalar(.float(2 * Double.pi)), .tensor(t)))))))
        let masked = try whereSelect(try compare(.le, .tensor(t), .scalar(.int(1))), .scalar(.float(0)), .tensor(stirling))
        loss = try add(loss, masked)
    }
    return try reduce(loss, reduction)
}

/// `F.gaussian_nll_loss(input, target, var, full, eps)`: 0.5·(log var + (x − y)²/var), var
/// clamped to eps (on a copy, without history), + 0.5·log 2π with `full`.
public func gaussianNLLLoss(_ input: Tensor, _ target: Tensor, _ variance: Tensor, full: Bool = false, eps: Double = 1e-6,
                            reduction: String = "mean") throws -> Tensor {
    if try compare(.lt, .tensor(variance), .scalar(.int(0))).floatValues().contains(1) {
        throw TorchError.value("var has negative entry/entries")
    }
    var v = variance
    if v.shape != input.shape {
        if Array(input.shape.dropLast()) == v.shape {
            v = try v.unsqueeze(-1)
        } else if input.ndim == v.ndim && zip(input.shape, v.shape).filter({ $0 != $1 }).map(\.1).reduce(0, +) == 1 {
            // heteroscedastic: one dim of size 1 broadcast
        } else {
            throw TorchError.value("var is of incorrect size")
        }
    }
    guard ["none", "mean", "sum"].contains(reduction) else { throw TorchError.value("\(reduction) is not valid") }
    v = try v.clone()
    try GradMode.with(false) {
        let c = try clampBound(v, eps, isMin: true)
        copyElements(from: c, srcStrides: c.strides, to: v, shape: v.shape)
    }
    let sq = try pow(.tensor(try sub(.tensor(input), .tensor(target))), .scalar(.int(2)))
    var loss = try mul(.scalar(.float(0.5)), .tensor(try add(try log(v), try div(.tensor(sq), .tensor(v)))))
    if full { loss = try add(.tensor(loss), .scalar(.float(0.5 * Foundation.log(2 * Double.pi)))) }
    switch reduction {
    case "mean": return try loss.mean()
    case "sum": return try loss.sum()
    default: return loss
    }
}

/// `F.hinge_embedding_loss(input, target, margin)`: x where y = 1, max(0, margin − x) where y = −1.
public func hingeEmbeddingLoss(_ input: Tensor, _ target: Tensor, margin: Double = 1, reduction: Reduction = .mean) throws -> Tensor {
    let zeros = try Tensor.zeros(input.shape, dtype: input.dtype.isFloatingPoint ? input.dtype : .float32)
    let marginClamp = try clampBound(try sub(.scalar(.float(margin)), .tensor(input)), 0, isMin: true)
    let outputMargin = try whereSelect(try compare(.ne, .tensor(target), .scalar(.int(1))), .tensor(marginClamp), .tensor(zeros))
    let outputSelf = try whereSelect(try compare(.ne, .tensor(target), .scalar(.int(-1))), .tensor(input), .tensor(zeros))
    return try reduce(try add(outputMargin, outputSelf), reduction)
}
