import Foundation
import CKernels

/// Loss functions: mse, l1, nll, cross_entropy, binary_cross_entropy (with logits).

public enum Reduction: String {
    case none, mean, sum

    public static func parse(_ s: String) throws -> Reduction {
        guard let r = Reduction(rawValue: s) else { throw TorchError.value("\(s) is not a valid value for reduction") }
        return r
    }
}

/// Reduces an elementwise loss as `reduction` asks (through autograd-recording ops).
func reduce(_ loss: Tensor, _ reduction: Reduction) throws -> Tensor {
    switch reduction {
    case .none: return loss
    case .mean: return try loss.mean()
    case .sum: return try loss.sum()
    }
}

/// Broadcasts input and target together for losses that allow it, with PyTorch's warning.
func broadcastForLoss(_ input: Tensor, _ target: Tensor) throws -> (Tensor, Tensor) {
    if input.shape == target.shape { return (input, target) }
    Warnings.warn("Using a target size (\(formatSize(target.shape))) that is different to the input size (\(formatSize(input.shape))). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.")
    let shape = try broadcastShapes(input.shape, target.shape)
    return (try input.expand(shape), try target.expand(shape))
}

/// `F.mse_loss`: mean((input - target)^2) (MseLossBackward0 for every reduction).
public func mseLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
    // In result_type(input, target): an integer target counts as the input's floating dtype.
    let dt = promoteTypes(.tensor(input), .tensor(target))
    guard dt.isFloatingPoint else { throw TorchError.notImplemented("mse_cpu", dt) }
    let (x, t) = try broadcastForLoss(input, target)
    let xf = try x.to(dt), tf = try t.to(dt)
    let diff2 = try floatBinary(xf, tf, { let d = $0 - $1; return d * d }, { let d = $0 - $1; return d * d })
    let out: Tensor
    switch reduction {
    case .none: out = diff2
    case .sum: out = try diff2.sumRaw(dims: nil, keepdim: false)
    case .mean:
        let s = try diff2.sumRaw(dims: nil, keepdim: false)
        if dt == .float32 {
            out = Tensor(scalar: s.floatPointer[0] / Float(max(diff2.numel, 1)))
        } else {
            out = try div(.tensor(s), .scalar(.int(Int64(max(diff2.numel, 1)))))
        }
    }
    return out.recording(MseLossBackward0(input: xf, target: tf, reduction: reduction), inputs: [x, t])
}

/// `F.l1_loss`: a composite of abs and the reduction, as in PyTorch 2.x (grad_fn MeanBackward0).
public func l1Loss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
    let (x, t) = try broadcastForLoss(input, target)
    return try reduce(try abs(try sub(.tensor(x), .tensor(t))), reduction)
}

/// Checks target shape/dtype for nll_loss and flattens higher-dim inputs to [N*d..., C].
func nllLayout(_ input: Tensor, _ target: Tensor) throws -> (Tensor, Tensor, [Int]) {
    guard target.dtype == .int64 || target.dtype == .uint8 else {
        throw TorchError.runtime("expected target dtype to be Long or Byte, but got \(target.dtype.scalarName)")
    }
    let target = try target.to(.int64)
    if input.ndim == 1 {
        guard target.ndim == 0 else {
            throw TorchError.runtime("1D target tensor expects 1D input tensors, but found inputs with sizes \(shapeList(input.shape)) and \(shapeList(target.shape)).")
        }
        return (try input.unsqueeze(0), try target.reshapeRaw([1]), [])
    }
    if input.ndim == 2 {
        guard target.ndim <= 1 else { throw TorchError.runtime("0D or 1D target tensor expected, multi-target not supported") }
        let tn = target.ndim == 0 ? 0 : target.shape[0]
        guard tn == input.shape[0] else {
            throw TorchError.value("Expected input batch_size (\(input.shape[0])) to match target batch_size (\(tn)).")
        }
        return (input, target, [input.shape[0]])
    }
    guard input.ndim >= 3 else { throw TorchError.value("Expected 2 or more dimensions (got \(input.ndim))") }
    guard target.ndim == input.ndim - 1, target.shape[0] == input.shape[0],
          Array(target.shape.dropFirst()) == Array(input.shape.dropFirst(2)) else {
        if target.shape.first != input.shape.first {
            throw TorchError.value("Expected input batch_size (\(input.shape[0])) to match target batch_size (\(target.shape.first ?? 0)).")
        }
        throw TorchError.runtime("size mismatch (got input: \(shapeList(input.shape)) , target: \(shapeList(target.shape))")
    }
    // Move classes last and flatten: [N, C, d...] -> [N*d..., C]
    var perm = [0] + Array(2..<input.ndim) + [1]
    if input.ndim == 2 { perm = [0, 1] }
    let c = input.shape[1]
    let x = try input.permute(perm).reshape([-1, c])
    return (x, try target.reshapeRaw([-1]), target.shape)
}

/// `F.nll_loss(input, target, weight, ignore_index, reduction)` on log-probabilities.
public func nllLoss(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int64 = -100, reduction: Reduction = .mean) throws -> Tensor {
    let (x, t, noneShape) = try nllLayout(input, target)
    guard x.dtype.isFloatingPoint else { throw TorchError.notImplemented("nll_loss_forward_reduce_cuda_kernel_2d_index", x.dtype) }
    let c = x.shape[1]
    if let weight, weight.dtype != x.dtype {
        throw TorchError.runtime("expected scalar type \(x.dtype.scalarName) but found \(weight.dtype.scalarName)")
    }
    let xs = try x.contiguousCopyIfNeeded(), ts = try t.contiguousCopy()
    let w = try weight.map { try $0.contiguousCopy() }
    if let w, w.numel != c {
        throw TorchError.runtime("weight tensor should be defined either for all \(c) classes or no classes but got weight tensor of shape: \(shapeList(w.shape))")
    }
    let (out, totalWeight): (Tensor, Double)
    if x.dtype == .float32 {
        // ATen's loop (LossNLL.cpp): an 8-level cascade of float partial sums over the batch.
        let o = try Tensor(shape: reduction == .none ? noneShape : [], dtype: .float32, zeroed: true)
        var tw: Float = 0, badTarget: Int64 = 0
        let code = Int32(reduction == .none ? 0 : reduction == .mean ? 1 : 2)
        if nk_nll_loss_f32(xs.floatPointer, ts.int64Pointer, w?.floatPointer, Int64(x.shape[0]), Int64(c), code, ignoreIndex,
                           o.floatPointer, &tw, &badTarget) != 0 {
            throw TorchError.index("Target \(badTarget) is out of bounds.")
        }
        (out, totalWeight) = (o, Double(tw))
    } else {
        (out, totalWeight) = try x.dtype.dispatchFloating(NllForward(x: xs, target: ts, weight: w, ignoreIndex: ignoreIndex,
                                                                    reduction: reduction, noneShape: noneShape))
    }
    return out.recording(NllLossBackward0(inputShape: input.shape, flatShape: x.shape, permutedFrom: input.ndim > 2 ? input.shape : nil,
                                          target: ts, weight: w, ignoreIndex: ignoreIndex, reduction: reduction,
                                          totalWeight: totalWeight), inputs: [input])
}

/// nll_loss's forward in the compute type (float32 for float16/bfloat16), sums in double;
/// returns the loss and the total weight.
private struct NllForward: FloatingKernel {
    let x: Tensor, target: Tensor, weight: Tensor?, ignoreIndex: Int64, reduction: Reduction, noneShape: [Int]
    func run<T: FloatingElement>(_: T.Type) throws -> (Tensor, Double) {
        let (n, c) = (x.shape[0], x.shape[1])
        let xp = x.pointer(T.self), wp = weight?.pointer(T.self)
        var losses = [T.Compute](repeating: 0, count: n)
        var totalWeight: Double = 0
        for i in 0..<n {
            let cls = target.int64Pointer[i]
            if cls == ignoreIndex { continue }
            guard cls >= 0 && cls < Int64(c) else { throw TorchError.index("Target \(cls) is out of bounds.") }
            let wi = wp.map { $0[Int(cls)].compute } ?? 1
            losses[i] = -xp[i * c + Int(cls)].compute * wi
            totalWeight += Double(wi)
        }
        let sum = losses.reduce(0.0) { $0 + Double($1) }
        switch reduction {
        case .none: return (try Tensor(values: losses.map { T(compute: $0) }, shape: noneShape), totalWeight)
        case .sum: return (Tensor(scalar: T(compute: T.Compute(sum))), totalWeight)
        case .mean: return (Tensor(scalar: T(compute: T.Compute(sum) / T.Compute(totalWeight))), totalWeight)
        }
    }
}

/// `F.cross_entropy(input, target, weight, ignore_index, reduction, label_smoothing)`:
/// class indices (int64 target) or class probabilities (float target of input's shape).
public func crossEntropy(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int64 = -100,
                         reduction: Reduction = .mean, labelSmoothing: Double = 0) throws -> Tensor {
    guard labelSmoothing >= 0 && labelSmoothing <= 1 else {
        throw TorchError.runtime("label_smoothing must be between 0.0 and 1.0. Got: \(formatNumber(labelSmoothing))")
    }
    guard input.ndim >= 1 else { throw TorchError.value("Expected 1 or more dimensions (got 0)") }
    let classDim = input.ndim == 1 ? 0 : 1
    // ATen: a target of the input's shape is class probabilities, which must be floating point.
    if target.shape == input.shape && !target.dtype.isFloatingPoint {
        throw TorchError.runtime("Expected floating point type for target with class probabilities, got \(target.dtype.scalarName)")
    }
    let classIndices = target.dtype == .int64 || target.dtype == .uint8
    if !classIndices && target.shape != input.shape && input.ndim == 2 && target.ndim >= 2 {
        throw TorchError.runtime("0D or 1D target tensor expected, multi-target not supported")
    }
    if target.dtype.isFloatingPoint && target.shape == input.shape {
        // Probability targets: -sum(target * log_softmax) over classes, then the reduction.
        let logp = try logSoftmax(input, dim: classDim)
        let c = Double(input.shape[classDim])
        var t = target
        if labelSmoothing > 0 {
            t = try add(.tensor(try mul(.tensor(target), .scalar(.float(1 - labelSmoothing)))), .scalar(.float(labelSmoothing / c)))
        }
        var prod = try mul(.tensor(logp), .tensor(t))
        if let weight {
            var wshape = Array(repeating: 1, count: input.ndim)
            wshape[classDim] = Int(c)
            prod = try mul(.tensor(prod), .tensor(try weight.reshape(wshape)))
        }
        switch reduction {
        case .none: return try neg(try prod.sum(dims: [classDim]))
        case .sum: return try neg(try prod.sum())
        case .mean:
            let n = input.ndim == 1 ? 1 : input.numel / Int(c)
            let r = try div(.tensor(try neg(try prod.sum())), .scalar(.int(Int64(n))))
            r.gradFn?.displayName = "DivBackward1"
            return r
        }
    }
    if !classIndices {
        throw TorchError.runtime("expected target dtype to be Long or Byte, but got \(target.dtype.scalarName)")
    }
    let logp = try logSoftmax(input, dim: classDim)
    let nll = try nllLoss(logp, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
    if input.ndim == 4 { nll.gradFn?.displayName = "NllLoss2DBackward0" }
    if labelSmoothing == 0 { return nll }
    // Smoothing term: -sum_c log p_c (weighted), over non-ignored samples, divided by C.
    let c = input.shape[classDim]
    var lp = logp
    if let weight {
        var wshape = Array(repeating: 1, count: input.ndim)
        wshape[classDim] = c
        lp = try mul(.tensor(lp), .tensor(try weight.reshape(wshape)))
    }
    var smooth = try neg(try lp.sum(dims: [classDim]))
    let keep = try compare(.ne, .tensor(target), .scalar(.int(ignoreIndex)))
    smooth = try mul(.tensor(smooth), .tensor(try keep.to(logp.dtype)))
    let smoothReduced: Tensor
    switch reduction {
    case .none: smoothReduced = smooth
    case .sum: smoothReduced = try smooth.sum()
    case .mean:
        if let weight {
            let tw = try GradMode.with(false) { () -> Tensor in
                let safeT = try whereSelect(keep, .tensor(target), .scalar(.int(0)))
                let wsel = try index(weight, [.tensor(safeT)])
                return try mul(.tensor(wsel), .tensor(try keep.to(logp.dtype))).sum()
            }
            smoothReduced = try div(.tensor(try smooth.sum()), .tensor(tw))
        } else {
            let count = try keep.to(logp.dtype).sumRaw(dims: nil, keepdim: false)
            smoothReduced = try div(.tensor(try smooth.sum()), .tensor(count))
        }
    }
    return try add(.tensor(try mul(.tensor(nll), .scalar(.float(1 - labelSmoothing)))),
                   .tensor(try mul(.tensor(smoothReduced), .scalar(.float(labelSmoothing / Double(c))))))
}

/// `F.binary_cross_entropy(input, target, weight, reduction)` on probabilities; logs clamped at -100.
public func binaryCrossEntropy(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean) throws -> Tensor {
    guard input.shape == target.shape else {
        throw TorchError.value("Using a target size (\(formatSize(target.shape))) that is different to the input size (\(formatSize(input.shape))) is deprecated. Please ensure they have the same size.")
    }
    // The target must have the input's dtype exactly (no promotion), as ATen checks it.
    guard target.dtype == input.dtype else {
        throw TorchError.runtime("Found dtype \(target.dtype.scalarName) but expected \(input.dtype.scalarName)")
    }
    guard input.dtype.isFloatingPoint else { throw TorchError.notImplemented("binary_cross_entropy", input.dtype) }
    let weight = try weight?.to(input.dtype)
    let x = try input.contiguousCopyIfNeeded(), t = try target.contiguousCopyIfNeeded()
    let values = try x.contiguousCopy(dtype: .float64)
    for i in 0..<values.numel where !(values.doublePointer[i] >= 0 && values.doublePointer[i] <= 1) {
        throw TorchError.runtime("all elements of input should be between 0 and 1")
    }
    func bce<C: ComputeFloat>(_ p: C, _ y: C) -> C {
        let lp = Swift.max(C.log(p), -100), l1p = Swift.max(C.log(1 - p), -100)
        return -(y * lp + (1 - y) * l1p)
    }
    var loss: Tensor
    if x.dtype == .float32 {
        // ATen: (t - 1)·max(log1p(-x), -100) - t·max(log(x), -100), with glibc's log and log1p.
        loss = try Tensor(shape: x.shape, dtype: .float32, zeroed: false)
        if loss.numel > 0 && nk_bce_f32(x.floatPointer, t.floatPointer, loss.floatPointer, Int64(x.numel)) >= 0 {
            throw TorchError.runtime("all elements of target should be between 0 and 1")
        }
    } else {
        loss = try floatBinary(x, t, { bce($0, $1) }, { bce($0, $1) })
    }
    if let weight { loss = try GradMode.with(false) { try mul(.tensor(loss), .tensor(weight)) } }
    let out = try GradMode.with(false) { try reduce(loss, reduction) }
    return out.recording(BinaryCrossEntropyBackward0(input: x, target: t, weight: weight, reduction: reduction), inputs: [input, target])
}

/// `F.binary_cross_entropy_with_logits(input, target, weight, reduction, pos_weight)`.
public func binaryCrossEntropyWithLogits(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil, posWeight: Tensor? = nil, reduction: Reduction = .mean) throws -> Tensor {
    guard input.shape == target.shape else {
        throw TorchError.value("Target size (\(formatSize(target.shape))) must be the same as input size (\(formatSize(input.shape)))")
    }
    // Computed in result_type(input, target) as PyTorch's composite does; an integer target
    // fails in its in-place steps, integer input in log_sigmoid.
    let dt = promoteTypes(.tensor(input), .tensor(target))
    if !dt.isFloatingPoint { throw TorchError.notImplemented("log_sigmoid_cpu", dt) }
    if !target.dtype.isFloatingPoint { throw TorchError.runtime("result type \(dt.scalarName) can't be cast to the desired output type \(target.dtype.scalarName)") }
    let x = try input.to(dt).contiguousCopyIfNeeded(), t = try target.to(dt).contiguousCopyIfNeeded()
    if dt == .float32 && weight == nil && posWeight == nil {
        // ATen: (1 - t)·x - log_sigmoid(x) (its vectorized log_sigmoid), then the reduction.
        let l = try F32.map(x, t, nk_bce_logits_f32)
        let out = try GradMode.with(false) { try reduce(l, reduction) }
        return out.recording(BinaryCrossEntropyWithLogitsBackward0(input: x, target: t, weight: nil, posWeight: nil, reduction: reduction), inputs: [input, target])
    }
    let loss = try GradMode.with(false) { () -> Tensor in
        // (1 - t) * x + (1 + (pw - 1) * t) * (log(1 + exp(-|x|)) + max(-x, 0))
        func softplusPart<C: ComputeFloat>(_ v: C) -> C { C.log1p(C.exp(-Swift.abs(v))) + Swift.max(-v, 0) }
        let base = try floatUnary(x, { softplusPart($0) }, { softplusPart($0) })
        var l: Tensor
        if let posWeight {
            let lw = try add(.scalar(.int(1)), .tensor(try mul(.tensor(try sub(.tensor(posWeight), .scalar(.int(1)))), .tensor(t))))
            l = try add(.tensor(try mul(.tensor(try sub(.scalar(.int(1)), .tensor(t))), .tensor(x))), .tensor(try mul(.tensor(lw), .tensor(base))))
        } else {
            l = try add(.tensor(try mul(.tensor(try sub(.scalar(.int(1)), .tensor(t))), .tensor(x))), .tensor(base))
        }
        if let weight { l = try mul(.tensor(l), .tensor(weight)) }
        return try reduce(l, reduction)
    }
    return loss.recording(BinaryCrossEntropyWithLogitsBackward0(input: x, target: t, weight: weight, posWeight: posWeight, reduction: reduction), inputs: [input, target])
}

// MARK: backward nodes

/// self: 2 * (self - target) * grad / N (mean);  target: the negation
final class MseLossBackward0: Node {
    var input: SavedTensor, target: SavedTensor
    let reduction: Reduction
    init(input: Tensor, target: Tensor, reduction: Reduction) { self.input = SavedTensor(input); self.target = SavedTensor(target); self.reduction = reduction }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release(); target.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let x = try input.unpack(self), t = try target.unpack(self)
        let norm = reduction == .mean ? 2.0 / Double(max(x.numel, 1)) : 2
        let diff = try floatBinary(x, t, { ($0 - $1) * Float(norm) }, { ($0 - $1) * norm })
        let g = try mul(.tensor(diff), .tensor(grad))
        return [g, nextEdges.count > 1 && nextEdges[1] != nil ? try neg(g) : nil]
    }
}

/// self: -weight[target] * grad (/ total weight for mean) at each sample's target class
final class NllLossBackward0: Node {
    let inputShape: [Int], flatShape: [Int], permutedFrom: [Int]?
    let target: Tensor, weight: Tensor?, ignoreIndex: Int64, reduction: Reduction, totalWeight: Double
    init(inputShape: [Int], flatShape: [Int], permutedFrom: [Int]?, target: Tensor, weight: Tensor?, ignoreIndex: Int64, reduction: Reduction, totalWeight: Double) {
        self.inputShape = inputShape; self.flatShape = flatShape; self.permutedFrom = permutedFrom
        self.target = target; self.weight = weight; self.ignoreIndex = ignoreIndex; self.reduction = reduction; self.totalWeight = totalWeight
    }
    override var savesTensors: Bool { true }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let g = try grad.contiguousCopyIfNeeded()
        let out = try g.dtype.dispatchFloating(Kernel(node: self, grad: g))
        if let full = permutedFrom {
            // [N*d..., C] -> [N, d..., C] -> [N, C, d...]
            let nd = full.count
            let moved = [full[0]] + Array(full[2...]) + [full[1]]
            let back = [0, nd - 1] + Array(1..<(nd - 1))
            return [try out.reshape(moved).permute(back).contiguousCopy()]
        }
        return [try out.reshape(inputShape)]
    }

    /// -weight[target] * grad at each sample's target class, in the compute type.
    private struct Kernel: FloatingKernel {
        let node: NllLossBackward0, grad: Tensor
        func run<T: FloatingElement>(_: T.Type) throws -> Tensor {
            let (n, c) = (node.flatShape[0], node.flatShape[1])
            let out = try Tensor.zeros(node.flatShape, dtype: T.dtype)
            let gp = grad.pointer(T.self), op = out.pointer(T.self)
            let w = try node.weight?.contiguousCopy(dtype: T.dtype)
            let wp = w?.pointer(T.self)
            for i in 0..<n {
                let cls = node.target.int64Pointer[i]
                if cls == node.ignoreIndex { continue }
                let wi = wp.map { $0[Int(cls)].compute } ?? 1
                let gi: T.Compute
                switch node.reduction {
                case .none: gi = gp[i].compute
                case .sum: gi = gp[0].compute
                case .mean: gi = gp[0].compute / T.Compute(node.totalWeight)
                }
                op[i * c + Int(cls)] = T(compute: -wi * gi)
            }
            return out
        }
    }
}

/// self: grad * (input - target) / max(input * (1 - input), 1e-12) (* weight) (/ N for mean)
final class BinaryCrossEntropyBackward0: Node {
    var input: SavedTensor, target: SavedTensor
    let weight: Tensor?, reduction: Reduction
    init(input: Tensor, target: Tensor, weight: Tensor?, reduction: Reduction) {
        self.input = SavedTensor(input); self.target = SavedTensor(target); self.weight = weight; self.reduction = reduction
    }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release(); target.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let x = try input.unpack(self), t = try target.unpack(self)
        var g: Tensor
        if x.dtype == .float32 {
            // ATen: grad·(x - t) / max((1 - x)·x, 1e-12), then the weight, then / numel.
            let gs = try grad.contiguousFloatForReading()
            g = try Tensor(shape: x.shape, dtype: .float32, zeroed: false)
            if g.numel > 0 {
                nk_bce_backward_f32(gs.floatPointer, gs.numel == 1 ? 0 : 1, x.floatPointer, t.floatPointer, g.floatPointer, Int64(g.numel))
            }
            if let weight { g = try mul(.tensor(g), .tensor(weight)) }
        } else {
            func derivative<C: ComputeFloat>(_ p: C, _ y: C) -> C { (p - y) / Swift.max((1 - p) * p, C(1e-12)) }
            var d = try floatBinary(x, t, { derivative($0, $1) }, { derivative($0, $1) })
            if let weight { d = try mul(.tensor(d), .tensor(weight)) }
            g = try mul(.tensor(d), .tensor(grad))
        }
        if reduction == .mean { g = try div(.tensor(g), .scalar(.int(Int64(x.numel)))) }
        return [g, nil]
    }
}

/// self: grad * ((1 + (pw-1) t) sigmoid(x) - pw t ... ) — for pw = 1: grad * (sigmoid(x) - t)
final class BinaryCrossEntropyWithLogitsBackward0: Node {
    var input: SavedTensor, target: SavedTensor
    let weight: Tensor?, posWeight: Tensor?, reduction: Reduction
    init(input: Tensor, target: Tensor, weight: Tensor?, posWeight: Tensor?, reduction: Reduction) {
        self.input = SavedTensor(input); self.target = SavedTensor(target); self.weight = weight; self.posWeight = posWeight; self.reduction = reduction
    }
    override var savesTensors: Bool { true }
    override func releaseSaved() { input.release(); target.release() }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        let x = try input.unpack(self), t = try target.unpack(self)
        let s = try sigmoid(x)
        var d: Tensor
        if let posWeight {
            // d = (pw*t + 1 - t) * s - pw*t
            let pt = try mul(.tensor(posWeight), .tensor(t))
            d = try sub(.tensor(try mul(.tensor(try add(.tensor(try sub(.tensor(pt), .tensor(t))), .scalar(.int(1)))), .tensor(s))), .tensor(pt))
        } else {
            d = try sub(.tensor(s), .tensor(t))
        }
        if let weight { d = try mul(.tensor(d), .tensor(weight)) }
        var g = try mul(.tensor(d), .tensor(grad))
        if reduction == .mean { g = try div(.tensor(g), .scalar(.int(Int64(x.numel)))) }
        return [g, nil]
    }
}
