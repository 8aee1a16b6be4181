import Foundation
import Interpreter
import Engine
import NN

/// One operation `%explain` can take apart, with the real tensors it was given: found from a
/// call recorded while the expression ran (a layer, an F function, a tensor method) or from
/// the values the autograd node saved (`grad_fn`).
struct ExplainOp {
    enum Kind {
        case conv(weight: Tensor, bias: Tensor?, stride: [Int], padding: [Int], dilation: [Int], groups: Int)
        case linear(weight: Tensor, bias: Tensor?)
        case maxPool(kernel: [Int], stride: [Int], padding: [Int], dilation: [Int])
        /// Only the position of the maximum is known (from the node's saved indices).
        case maxPoolIndices(indices: Tensor)
        case avgPool(kernel: [Int], stride: [Int], padding: [Int], countIncludePad: Bool, divisorOverride: Int?)
        case relu
        case leakyRelu(slope: Double)
        case sigmoid
        case tanh
        case mse(target: Tensor, reduction: String)
        case l1(target: Tensor, reduction: String)
        case crossEntropy(target: Tensor, reduction: String)
    }

    let kind: Kind
    /// The op's (first) input; nil when only the node's output-side values are known.
    let input: Tensor?
    /// How the op is called, for the headline: `conv1 = Conv2d(1, 6, 3)`, `F.max_pool2d(…, 2)`.
    let label: String
    /// The weight's name for the formula (`weight` of a layer, `w` of a functional call).
    let weightName: String

    // MARK: from a recorded call

    /// The op behind a call: a layer (by its class and options), an F/torch function or a
    /// tensor method (by its name and arguments). Nil for anything else.
    static func fromCall(callee: Value, arguments: Arguments, moduleNames: [ObjectIdentifier: String]) -> ExplainOp? {
        func tensorArg(_ i: Int) -> Tensor? {
            guard i < arguments.positional.count, case .tensor(let t) = arguments.positional[i] else { return nil }
            return t
        }
        switch callee {
        case .module(let m):
            let name = moduleNames[ObjectIdentifier(m)].map { "\($0) = " } ?? ""
            let label = name + ModuleShortForm.text(m)
            let input = tensorArg(0)
            func pair(_ option: String, _ fallback: [Int]) -> [Int] { OptionArgument(m.optionAttribute(option) ?? .none).pair ?? fallback }
            switch m.typeName {
            case "Conv2d":
                guard let w = m.parameter("weight"), let input else { return nil }
                if case .string(let mode)? = m.optionAttribute("padding_mode"), mode != "zeros" { return nil }
                let kernel = [w.shape[2], w.shape[3]]
                let dilation = pair("dilation", [1, 1])
                var padding = pair("padding", [0, 0])
                if case .string(let p)? = m.optionAttribute("padding") {
                    padding = p == "same" ? zip(kernel, dilation).map { ($0 - 1) * $1 / 2 } : [0, 0]
                }
                var groups = 1
                if case .int(let g)? = m.optionAttribute("groups") { groups = g }
                return ExplainOp(kind: .conv(weight: w, bias: m.parameter("bias") ?? nil, stride: pair("stride", [1, 1]), padding: padding,
                                             dilation: dilation, groups: groups), input: input, label: label, weightName: "weight")
            case "Linear":
                guard let w = m.parameter("weight"), let input else { return nil }
                return ExplainOp(kind: .linear(weight: w, bias: m.parameter("bias") ?? nil), input: input, label: label, weightName: "weight")
            case "MaxPool2d":
                guard let input else { return nil }
                let k = pair("kernel_size", [1, 1])
                if case .bool(true)? = m.optionAttribute("ceil_mode") {} // windows are computed from the output index either way
                return ExplainOp(kind: .maxPool(kernel: k, stride: pair("stride", k), padding: pair("padding", [0, 0]), dilation: pair("dilation", [1, 1])),
                                 input: input, label: label, weightName: "")
            case "AvgPool2d":
                guard let input else { return nil }
                let k = pair("kernel_size", [1, 1])
                var include = true, divisor: Int?
                if case .bool(let b)? = m.optionAttribute("count_include_pad") { include = b }
                if case .int(let d)? = m.optionAttribute("divisor_override") { divisor = d }
                return ExplainOp(kind: .avgPool(kernel: k, stride: pair("stride", k), padding: pair("padding", [0, 0]), countIncludePad: include, divisorOverride: divisor),
                                 input: input, label: label, weightName: "")
            case "ReLU": return input.map { ExplainOp(kind: .relu, input: $0, label: label, weightName: "") }
            case "Sigmoid": return input.map { ExplainOp(kind: .sigmoid, input: $0, label: label, weightName: "") }
            case "Tanh": return input.map { ExplainOp(kind: .tanh, input: $0, label: label, weightName: "") }
            case "LeakyReLU":
                var slope = 0.01
                if case .float(let s)? = m.optionAttribute("negative_slope") { slope = s }
                return input.map { ExplainOp(kind: .leakyRelu(slope: slope), input: $0, label: label, weightName: "") }
            case "MSELoss", "L1Loss", "CrossEntropyLoss":
                guard let input, let target = tensorArg(1) else { return nil }
                var reduction = "mean"
                if case .string(let r)? = m.optionAttribute("reduction") { reduction = r }
                if m.typeName == "CrossEntropyLoss" {
                    // Class weights, label smoothing and ignored targets are not taken apart.
                    if m.buffer("weight") != nil { return nil }
                    if case .float(let s)? = m.optionAttribute("label_smoothing"), s != 0 { return nil }
                    return ExplainOp(kind: .crossEntropy(target: target, reduction: reduction), input: input, label: label, weightName: "")
                }
                let kind: Kind = m.typeName == "MSELoss" ? .mse(target: target, reduction: reduction) : .l1(target: target, reduction: reduction)
                return ExplainOp(kind: kind, input: input, label: label, weightName: "")
            default: return nil
            }
        case .builtin(let b):
            return fromFunction(b, arguments, receiver: nil)
        case .boundMethod(let bm):
            guard case .builtin(let b) = bm.function, case .tensor(let receiver) = bm.receiver else { return nil }
            return fromFunction(b, arguments, receiver: receiver)
        default:
            return nil
        }
    }

    /// `F.conv2d(x, w, b, stride=2)`, `torch.relu(x)`, `x.sigmoid()`, `F.mse_loss(y, t)`, …
    static func fromFunction(_ b: BuiltinFunction, _ arguments: Arguments, receiver: Tensor?) -> ExplainOp? {
        let call = BoundCall(b, arguments)
        func tensor(_ name: String) -> Tensor? { if case .tensor(let t)? = call.value(name) { return t }; return nil }
        let input = receiver ?? tensor("input") ?? tensor("self")
        let prefix = receiver != nil ? "x." : "F."
        let label = "\(prefix)\(b.name)(…)"
        func pair(_ name: String, _ fallback: [Int]) -> [Int] { call.values[name]?.pair ?? fallback }
        switch b.name {
        case "conv2d":
            guard let input, let w = tensor("weight"), w.ndim == 4 else { return nil }
            var padding = pair("padding", [0, 0])
            if case .string(let p)? = call.values["padding"] {
                padding = p == "same" ? zip([w.shape[2], w.shape[3]], pair("dilation", [1, 1])).map { ($0 - 1) * $1 / 2 } : [0, 0]
            }
            var groups = 1
            if case .int(let g)? = call.values["groups"] { groups = g }
            return ExplainOp(kind: .conv(weight: w, bias: tensor("bias"), stride: pair("stride", [1, 1]), padding: padding,
                                         dilation: pair("dilation", [1, 1]), groups: groups), input: input, label: label, weightName: "weight")
        case "linear":
            guard let input, let w = tensor("weight"), w.ndim == 2 else { return nil }
            return ExplainOp(kind: .linear(weight: w, bias: tensor("bias")), input: input, label: label, weightName: "weight")
        case "max_pool2d":
            guard let input else { return nil }
            let k = pair("kernel_size", [1, 1])
            var stride = pair("stride", k)
            if case .none? = call.values["stride"] { stride = k }
            return ExplainOp(kind: .maxPool(kernel: k, stride: stride, padding: pair("padding", [0, 0]), dilation: pair("dilation", [1, 1])),
                             input: input, label: label, weightName: "")
        case "avg_pool2d":
            guard let input else { return nil }
            let k = pair("kernel_size", [1, 1])
            var stride = pair("stride", k)
            if case .none? = call.values["stride"] { stride = k }
            var divisor: Int?
            if case .int(let d)? = call.values["divisor_override"] { divisor = d }
            return ExplainOp(kind: .avgPool(kernel: k, stride: stride, padding: pair("padding", [0, 0]), countIncludePad: call.values["count_include_pad"]?.bool ?? true,
                                            divisorOverride: divisor), input: input, label: label, weightName: "")
        case "relu", "relu_": return input.map { ExplainOp(kind: .relu, input: $0, label: label, weightName: "") }
        case "sigmoid": return input.map { ExplainOp(kind: .sigmoid, input: $0, label: label, weightName: "") }
        case "tanh": return input.map { ExplainOp(kind: .tanh, input: $0, label: label, weightName: "") }
        case "leaky_relu":
            var slope = 0.01
            if let v = call.value("negative_slope") {
                if case .float(let s) = v { slope = s } else if case .int(let s) = v { slope = Double(s) }
            }
            return input.map { ExplainOp(kind: .leakyRelu(slope: slope), input: $0, label: label, weightName: "") }
        case "mse_loss", "l1_loss", "cross_entropy":
            guard let input, let target = tensor("target") else { return nil }
            var reduction = "mean"
            if case .string(let r)? = call.values["reduction"] { reduction = r }
            if b.name == "cross_entropy" {
                if tensor("weight") != nil { return nil }
                if let v = call.value("label_smoothing"), case .float(let s) = v, s != 0 { return nil }
                return ExplainOp(kind: .crossEntropy(target: target, reduction: reduction), input: input, label: label, weightName: "")
            }
            return ExplainOp(kind: b.name == "mse_loss" ? .mse(target: target, reduction: reduction) : .l1(target: target, reduction: reduction),
                             input: input, label: label, weightName: "")
        default:
            return nil
        }
    }

    // MARK: from an autograd node

    enum NodeProblem: Error {
        /// The node saved nothing usable any more: backward() freed it.
        case freed(String)
        /// A node %explain does not take apart.
        case unsupported(String)
    }

    /// The op behind `node` from what it saved. `names` names parameters (for the label).
    static func fromNode(_ node: Node, names: [ObjectIdentifier: String], owners: [ObjectIdentifier: String] = [:]) throws -> ExplainOp {
        func leaf(_ edge: Int) -> Tensor? {
            guard edge < node.nextEdges.count, var n = node.nextEdges[edge]?.node else { return nil }
            // TBackward0 ── AccumulateGrad: a Linear weight seen through its transpose.
            while !(n is AccumulateGrad), n.nextEdges.count == 1, let next = n.nextEdges[0]?.node { n = next }
            return (n as? AccumulateGrad)?.variable
        }
        /// `net.conv1 = Conv2d(1, 6, 3)` for the layer that owns this parameter.
        func layer(of t: Tensor?) -> String? {
            guard let t else { return nil }
            if let owner = owners[ObjectIdentifier(t)] { return owner }
            guard let name = names[ObjectIdentifier(t)], let dot = name.lastIndex(of: ".") else { return nil }
            return String(name[..<dot])
        }
        guard let saved = node as? ExposesSavedValues else { throw NodeProblem.unsupported(node.name) }
        func savedTensor(_ name: String) throws -> Tensor {
            guard let t = saved.saved(name)?.tensor else { throw NodeProblem.freed(node.name) }
            return t
        }
        switch node.name {
        case "ConvolutionBackward0":
            let input = try savedTensor("input"), weight = try savedTensor("weight")
            let bias = node.nextEdges.count > 2 && node.nextEdges[2] != nil ? leaf(2) : nil
            if node.nextEdges.count > 2, node.nextEdges[2] != nil, bias == nil { throw NodeProblem.unsupported("ConvolutionBackward0 with a computed bias") }
            let weightLeaf = leaf(1)
            let label = layer(of: weightLeaf) ?? "a convolution (grad_fn ConvolutionBackward0)"
            return ExplainOp(kind: .conv(weight: weight, bias: bias, stride: saved.saved("stride")?.ints ?? [1, 1], padding: saved.saved("padding")?.ints ?? [0, 0],
                                         dilation: saved.saved("dilation")?.ints ?? [1, 1], groups: saved.saved("groups")?.int ?? 1),
                             input: input, label: label, weightName: "weight")
        case "AddmmBackward0", "MmBackward0":
            let isAddmm = node.name == "AddmmBackward0"
            let input = try savedTensor(isAddmm ? "mat1" : "self"), mat2 = try savedTensor("mat2")
            if isAddmm, let beta = saved.saved("beta")?.double, let alpha = saved.saved("alpha")?.double, beta != 1 || alpha != 1 {
                throw NodeProblem.unsupported("addmm with alpha/beta")
            }
            let weight = try GradMode.with(false) { try mat2.t() }
            let bias = isAddmm ? leaf(0) : nil
            if isAddmm, node.nextEdges[0] != nil, bias == nil { throw NodeProblem.unsupported("AddmmBackward0 with a computed bias") }
            let weightLeaf = leaf(isAddmm ? 2 : 1)
            let label = layer(of: weightLeaf) ?? (isAddmm ? "a matrix product plus bias (grad_fn)" : "a matrix product (grad_fn)")
            return ExplainOp(kind: .linear(weight: weight, bias: bias), input: input, label: label, weightName: "weight")
        case "ReluBackward0", "SigmoidBackward0", "TanhBackward0":
            // These save their output, not their input: the input is computed from the node below.
            let kind: Kind = node.name == "ReluBackward0" ? .relu : node.name == "SigmoidBackward0" ? .sigmoid : .tanh
            return ExplainOp(kind: kind, input: nil, label: node.name.replacingOccurrences(of: "Backward0", with: "").lowercased() + " (grad_fn \(node.name))", weightName: "")
        case "LeakyReluBackward0":
            return ExplainOp(kind: .leakyRelu(slope: saved.saved("negative_slope")?.double ?? 0.01), input: try savedTensor("self"), label: "leaky_relu (grad_fn LeakyReluBackward0)", weightName: "")
        case "MaxPool2DWithIndicesBackward0":
            guard let indices = saved.saved("result1")?.tensor else { throw NodeProblem.freed(node.name) }
            return ExplainOp(kind: .maxPoolIndices(indices: indices), input: nil, label: "max pooling (grad_fn MaxPool2DWithIndicesBackward0)", weightName: "")
        case "MseLossBackward0":
            return ExplainOp(kind: .mse(target: try savedTensor("target"), reduction: saved.saved("reduction")?.string ?? "mean"),
                             input: try savedTensor("self"), label: "the MSE loss (grad_fn MseLossBackward0)", weightName: "")
        default:
            throw NodeProblem.unsupported(node.name)
        }
    }

    /// A short name of what the op is, for messages.
    var what: String {
        switch kind {
        case .conv: return "convolution"
        case .linear: return "linear layer"
        case .maxPool, .maxPoolIndices: return "max pooling"
        case .avgPool: return "average pooling"
        case .relu: return "ReLU"
        case .leakyRelu: return "leaky ReLU"
        case .sigmoid: return "sigmoid"
        case .tanh: return "tanh"
        case .mse: return "MSE loss"
        case .l1: return "L1 loss"
        case .crossEntropy: return "cross-entropy loss"
        }
    }
}
