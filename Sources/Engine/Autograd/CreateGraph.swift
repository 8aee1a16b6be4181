/// Higher-order gradients through the common layers (`create_graph=True`): the backward formulas
/// of nodes whose own `apply` uses raw kernels (exp, sqrt, tanh, sigmoid, relu, mm, addmm, mv,
/// mse_loss), rewritten with ops that autograd records, as PyTorch's derivatives.yaml states
/// them. A node that saved its own output (detached, to avoid a reference cycle) hands out an
/// alias of it whose grad_fn is the node itself — what PyTorch's SavedVariable does for outputs —
/// so that the second derivative flows back through the first op.
enum CreateGraphFormulas {
    /// The nodes handled here (besides the whitelist of nodes whose own backward is recorded).
    static let names: Set<String> = ["ExpBackward0", "SqrtBackward0", "TanhBackward0", "SigmoidBackward0", "ReluBackward0",
                                      "MmBackward0", "AddmmBackward0", "MvBackward0", "DotBackward0", "MseLossBackward0"]

    /// The recorded backward of `node` for `grad`, or nil when the node's own apply is used.
    static func apply(_ node: Node, _ grad: Tensor) throws -> [Tensor?]? {
        switch node {
        case let n as ExpBackward0:
            return [try mul(.tensor(grad), .tensor(try outputAlias(n, n.result)))]
        case let n as SqrtBackward0:
            return [try div(.tensor(grad), .tensor(try mul(.tensor(try outputAlias(n, n.result)), .scalar(.int(2)))))]
        case let n as TanhBackward0:
            return [try tanhBackward(grad, try outputAlias(n, n.result))]
        case let n as SigmoidBackward0:
            return [try sigmoidBackward(grad, try outputAlias(n, n.result))]
        case let n as ReluBackward0:
            return [try thresholdBackward(grad, try outputAlias(n, n.result))]
        case let n as MmBackward0:
            let a = try n.a.unpack(n), b = try n.b.unpack(n)
            return [n.nextEdges[0] != nil ? try mm(grad, try b.t()) : nil,
                    n.nextEdges[1] != nil ? try mm(try a.t(), grad) : nil]
        case let n as AddmmBackward0:
            let a = try n.a.unpack(n), b = try n.b.unpack(n)
            func scaled(_ t: Tensor, _ s: Double) throws -> Tensor { s == 1 ? t : try mul(.tensor(t), .scalar(.float(s))) }
            return [n.nextEdges[0] != nil ? try scaled(try grad.sumTo(n.biasShape), n.beta) : nil,
                    n.nextEdges[1] != nil ? try scaled(try mm(grad, try b.t()), n.alpha) : nil,
                    n.nextEdges[2] != nil ? try scaled(try mm(try a.t(), grad), n.alpha) : nil]
        case let n as MvBackward0:
            let a = try n.a.unpack(n), b = try n.b.unpack(n)
            return [n.nextEdges[0] != nil ? try outer(grad, b) : nil,
                    n.nextEdges[1] != nil ? try mv(try a.t(), grad) : nil]
        case let n as MseLossBackward0:
            let x = try n.input.unpack(n), t = try n.target.unpack(n)
            let g = try mseLossBackward(grad, x, t, n.reduction)
            return [g, n.nextEdges.count > 1 && n.nextEdges[1] != nil ? try neg(g) : nil]
        default:
            return nil
        }
    }

    /// The saved output of `node`, as a tensor whose gradient flows into `node` again.
    static func outputAlias(_ node: Node, _ saved: SavedTensor) throws -> Tensor {
        let alias = try saved.unpack(node).detach()
        alias.gradFn = node
        alias.requiresGrad = true
        return alias
    }

    /// `tanh_backward(grad, output)` = grad·(1 − output²) as one node (TanhBackwardBackward0):
    /// grad_output: tanh_backward(g, output); output: g·(−2·output·grad_output).
    static func tanhBackward(_ grad: Tensor, _ r: Tensor) throws -> Tensor {
        let value = try GradMode.with(false) { try floatBinary(grad, r, { $0 * (1 - $1 * $1) }, { $0 * (1 - $1 * $1) }) }
        return value.recordingSecondOrder("TanhBackwardBackward0", inputs: [grad, r]) { s, g, n in
            [n.wants(0) ? try tanhBackward(g, s[1]) : nil,
             n.wants(1) ? try mul(.tensor(g), .tensor(try mul(.tensor(try mul(.scalar(.int(-2)), .tensor(s[1]))), .tensor(s[0])))) : nil]
        }
    }

    /// `sigmoid_backward(grad, output)` = grad·(1 − output)·output (SigmoidBackwardBackward0):
    /// grad_output: sigmoid_backward(g, output); output: g·grad_output·(1 − 2·output).
    static func sigmoidBackward(_ grad: Tensor, _ r: Tensor) throws -> Tensor {
        let value = try GradMode.with(false) { try floatBinary(grad, r, { $0 * ((1 - $1) * $1) }, { $0 * ((1 - $1) * $1) }) }
        return value.recordingSecondOrder("SigmoidBackwardBackward0", inputs: [grad, r]) { s, g, n in
            [n.wants(0) ? try sigmoidBackward(g, s[1]) : nil,
             n.wants(1) ? try mul(.tensor(try mul(.tensor(g), .tensor(s[0]))),
                                  .tensor(try add(.tensor(try mul(.scalar(.int(-2)), .tensor(s[1]))), .scalar(.int(1))))) : nil]
        }
    }

    /// `threshold_backward(grad, output, 0)`: grad where output > 0 (ThresholdBackwardBackward0;
    /// the output gets a zero gradient).
    static func thresholdBackward(_ grad: Tensor, _ r: Tensor) throws -> Tensor {
        let mask = try GradMode.with(false) { try compare(.gt, .tensor(r), .scalar(.int(0))) }
        let value = try GradMode.with(false) { try whereSelect(mask, .tensor(grad), .scalar(.int(0))) }
        return value.recordingSecondOrder("ThresholdBackwardBackward0", inputs: [grad, r]) { s, g, n in
            [n.wants(0) ? try thresholdBackward(g, s[1]) : nil,
             n.wants(1) ? try Tensor.zeros(s[1].shape, dtype: s[1].dtype) : nil]
        }
    }

    /// `mse_loss_backward(grad, input, target)` = norm·(input − target)·grad with norm = 2/numel
    /// for 'mean', else 2 (MseLossBackwardBackward0).
    static func mseLossBackward(_ grad: Tensor, _ x: Tensor, _ t: Tensor, _ reduction: Reduction) throws -> Tensor {
        let norm = reduction == .mean ? 2.0 / Double(Swift.max(x.numel, 1)) : 2
        let value = try GradMode.with(false) {
            try mul(.tensor(try mul(.tensor(try sub(.tensor(x), .tensor(t))), .scalar(.float(norm)))), .tensor(grad))
        }
        return value.recordingSecondOrder("MseLossBackwardBackward0", inputs: [grad, x, t]) { s, g, n in
            // grad_output: mse_loss_double_backward_grad_output; self: g·grad_output·norm; target: −that.
            let gx = try mul(.tensor(try mul(.tensor(g), .tensor(s[0]))), .scalar(.float(norm)))
            let gGrad = try mul(.tensor(try mul(.tensor(g), .tensor(try sub(.tensor(s[1]), .tensor(s[2]))))), .scalar(.float(norm)))
            let reducedGrad = reduction == .none ? gGrad : try gGrad.sum(dims: nil, keepdim: false).reshape(s[0].shape)
            return [n.wants(0) ? reducedGrad : nil, n.wants(1) ? try gx.sumTo(s[1].shape) : nil, n.wants(2) ? try neg(gx).sumTo(s[2].shape) : nil]
        }
    }
}

extension Tensor {
    /// A node of the gradient's own graph (create_graph=True): a formula over recorded ops of
    /// the saved inputs (kept with their history), so it can be differentiated once more.
    func recordingSecondOrder(_ name: String, inputs: [Tensor], _ formula: @escaping FormulaBackward.Formula) -> Tensor {
        guard Tensor.needsGrad(inputs) else { return self }
        let node = FormulaBackward(name, saving: inputs.map { SavedTensor($0) }, formula)
        node.createsGraph = true
        return recording(node, inputs: inputs)
    }
}
