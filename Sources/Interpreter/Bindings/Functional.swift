import Engine
import NN

/// `torch.nn.functional` (F): the stateless twins of the layers.
extension Interpreter {
    func makeFunctionalModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.nn.functional")
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            let signature = LazySignature(name, sig)
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                let b = try signature.bind(a, self)
                // PyTorch's message for a non-tensor input: "relu(): argument 'input' (position 1) must be Tensor, not str"
                if let first = signature.signature.params.first, first.name == "input", !(b["input"].isTensor) {
                    throw PyError(.typeError, "\(name)(): argument 'input' (position 1) must be Tensor, not \(self.typeName(b["input"]))")
                }
                do { return try body(b) } catch let e as TorchError { throw PyError(e) }
            })
            if case .builtin(let f)? = ns.members[name] { f.signature = sig } // shell keyword completion
        }
        def("relu", "input, inplace=False") { b in
            try b.bool("inplace") ? .tensor(try reluInPlace(try b.tensor("input"))) : .tensor(try relu(try b.tensor("input")))
        }
        def("relu_", "input") { b in .tensor(try reluInPlace(try b.tensor("input"))) }
        def("leaky_relu", "input, negative_slope=0.01, inplace=False") { b in
            .tensor(try leakyRelu(try b.tensor("input"), negativeSlope: try b.double("negative_slope")))
        }
        def("sigmoid", "input") { b in .tensor(try sigmoid(try b.tensor("input"))) }
        def("tanh", "input") { b in .tensor(try tanh(try b.tensor("input"))) }
        def("gelu", "input, approximate='none'") { b in .tensor(try gelu(try b.tensor("input"), approximate: try b.string("approximate"))) }
        for (name, isLog) in [("softmax", false), ("log_softmax", true)] {
            def(name, "input, dim=None, _stacklevel=3, dtype=None") { [unowned self] b in
                let x = try b.tensor("input")
                var dim: Int
                if b.isNone("dim") {
                    dim = implicitSoftmaxDim(x.ndim)
                    self.warn(category: "UserWarning", message: "Implicit dimension choice for \(name) has been deprecated. Change the call to include dim=X as an argument.")
                } else { dim = try b.int("dim") }
                return .tensor(isLog ? try logSoftmax(x, dim: dim) : try softmax(x, dim: dim))
            }
        }
        def("dropout", "input, p=0.5, training=True, inplace=False") { b in
            .tensor(try dropout(try b.tensor("input"), p: try b.double("p"), training: try b.bool("training")))
        }
        def("linear", "input, weight, bias=None") { b in
            .tensor(try linear(try b.tensor("input"), try b.tensor("weight"), try b.optionalTensor("bias")))
        }
        def("conv2d", "input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1") { [unowned self] b in
            let x = try b.tensor("input"), w = try b.tensor("weight")
            var geometry = Conv2dGeometry(stride: try b.pair("stride"), dilation: try b.pair("dilation"), groups: try b.int("groups"))
            if case .str(let mode) = b["padding"] {
                switch mode {
                case "valid": break
                case "same":
                    guard geometry.stride == (1, 1) else { throw PyError(.runtimeError, "padding='same' is not supported for strided convolutions") }
                    let k = w.ndim == 4 ? (w.shape[2], w.shape[3]) : (1, 1)
                    let total = (geometry.dilation.0 * (k.0 - 1), geometry.dilation.1 * (k.1 - 1))
                    if total.0 % 2 == 0 && total.1 % 2 == 0 {
                        geometry.padding = (total.0 / 2, total.1 / 2)
                    } else {
                        // Asymmetric: PyTorch pads the extra row/column at the end.
                        let padded = try pad(x, [total.1 / 2, total.1 - total.1 / 2, total.0 / 2, total.0 - total.0 / 2])
                        return .tensor(try conv2d(padded, w, try b.optionalTensor("bias"), geometry))
                    }
                default:
                    throw PyError(.runtimeError, "Invalid padding string: '\(mode)'")
                }
            } else {
                geometry.padding = try b.pair("padding")
            }
            _ = self
            return .tensor(try conv2d(x, w, try b.optionalTensor("bias"), geometry))
        }
        def("max_pool2d", "input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False") { b in
            let k = try b.pair("kernel_size")
            let stride: (Int, Int)? = b.isNone("stride") || (try? b.intList("stride"))?.isEmpty == true ? nil : try b.pair("stride")
            let opts = Pool2dOptions(kernel: k, stride: stride, padding: try b.pair("padding"), dilation: try b.pair("dilation"), ceilMode: try b.bool("ceil_mode"))
            let (out, idx) = try maxPool2d(try b.tensor("input"), opts)
            return try b.bool("return_indices") ? .tuple([.tensor(out), .tensor(idx)]) : .tensor(out)
        }
        def("avg_pool2d", "input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None") { b in
            let k = try b.pair("kernel_size")
            let stride: (Int, Int)? = b.isNone("stride") ? nil : try b.pair("stride")
            let opts = AvgPool2dOptions(pool: Pool2dOptions(kernel: k, stride: stride, padding: try b.pair("padding"), ceilMode: try b.bool("ceil_mode")),
                                        countIncludePad: try b.bool("count_include_pad"), divisorOverride: try b.optionalInt("divisor_override"))
            return .tensor(try avgPool2d(try b.tensor("input"), opts))
        }
        def("adaptive_avg_pool2d", "input, output_size") { [unowned self] b in
            .tensor(try adaptiveAvgPool2d(try b.tensor("input"), outputSize: try self.optionalPair(b["output_size"])))
        }
        def("adaptive_max_pool2d", "input, output_size, return_indices=False") { [unowned self] b in
            let (out, idx) = try adaptiveMaxPool2d(try b.tensor("input"), outputSize: try self.optionalPair(b["output_size"]))
            return try b.bool("return_indices") ? .tuple([.tensor(out), .tensor(idx)]) : .tensor(out)
        }
        def("adaptive_max_pool1d", "input, output_size, return_indices=False") { [unowned self] b in
            let (out, idx) = try adaptiveMaxPool1d(try b.tensor("input"), outputSize: try self.adaptive1dOutputSize(b["output_size"], "adaptive_max_pool1d"))
            return try b.bool("return_indices") ? .tuple([.tensor(out), .tensor(idx)]) : .tensor(out)
        }
        def("adaptive_avg_pool1d", "input, output_size") { [unowned self] b in
            .tensor(try adaptiveAvgPool1d(try b.tensor("input"), outputSize: try self.adaptive1dOutputSize(b["output_size"], "adaptive_avg_pool1d")))
        }
        def("pad", "input, pad, mode='constant', value=None") { b in
            guard let mode = PadMode(rawValue: try b.string("mode")) else {
                throw PyError(.notImplementedError, "Unrecognised padding mode \(try b.string("mode"))")
            }
            return .tensor(try pad(try b.tensor("input"), try b.intList("pad"), mode: mode, value: try b.optionalDouble("value") ?? 0))
        }
        def("mse_loss", "input, target, size_average=None, reduce=None, reduction='mean'") { b in
            .tensor(try mseLoss(try b.tensor("input"), try b.tensor("target"), reduction: try Reduction.parse(try b.string("reduction"))))
        }
        def("l1_loss", "input, target, size_average=None, reduce=None, reduction='mean'") { b in
            .tensor(try l1Loss(try b.tensor("input"), try b.tensor("target"), reduction: try Reduction.parse(try b.string("reduction"))))
        }
        def("nll_loss", "input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'") { b in
            .tensor(try nllLoss(try b.tensor("input"), try b.tensor("target"), weight: try b.optionalTensor("weight"),
                                ignoreIndex: Int64(try b.int("ignore_index")), reduction: try Reduction.parse(try b.string("reduction"))))
        }
        def("cross_entropy", "input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0") { b in
            .tensor(try crossEntropy(try b.tensor("input"), try b.tensor("target"), weight: try b.optionalTensor("weight"),
                                     ignoreIndex: Int64(try b.int("ignore_index")), reduction: try Reduction.parse(try b.string("reduction")),
                                     labelSmoothing: try b.double("label_smoothing")))
        }
        def("binary_cross_entropy", "input, target, weight=None, size_average=None, reduce=None, reduction='mean'") { b in
            .tensor(try binaryCrossEntropy(try b.tensor("input"), try b.tensor("target"), weight: try b.optionalTensor("weight"),
                                           reduction: try Reduction.parse(try b.string("reduction"))))
        }
        def("binary_cross_entropy_with_logits", "input, target, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None") { b in
            .tensor(try binaryCrossEntropyWithLogits(try b.tensor("input"), try b.tensor("target"), weight: try b.optionalTensor("weight"),
                                                     posWeight: try b.optionalTensor("pos_weight"), reduction: try Reduction.parse(try b.string("reduction"))))
        }
        def("batch_norm", "input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05") { b in
            .tensor(try batchNorm(try b.tensor("input"), runningMean: try b.optionalTensor("running_mean"), runningVar: try b.optionalTensor("running_var"),
                                  weight: try b.optionalTensor("weight"), bias: try b.optionalTensor("bias"), training: try b.bool("training"),
                                  momentum: try b.double("momentum"), eps: try b.double("eps")))
        }
        def("one_hot", "tensor, num_classes=-1") { b in
            let t = try b.tensor("tensor")
            guard t.dtype == .int64 else { throw PyError(.runtimeError, "one_hot is only applicable to index tensor of type LongTensor.") }
            let vals = t.int64Values()
            var n = try b.int("num_classes")
            if n < 0 { n = Int(vals.max() ?? -1) + 1 }
            do { try MemoryBudget.check(shape: t.shape + [n], itemSize: 8) } catch let e as TorchError { throw PyError(e) }
            var out = [Int64](repeating: 0, count: vals.count * n)
            for (i, v) in vals.enumerated() {
                guard v >= 0 && Int(v) < n else { throw PyError(.runtimeError, "Class values must be smaller than num_classes.") }
                out[i * n + Int(v)] = 1
            }
            return .tensor(try Tensor(int64s: out, shape: t.shape + [n]))
        }
        addSurfaceFunctional(ns)
        return ns
    }

    /// `5`, `(5, 7)`, `(None, 7)` for adaptive pooling output sizes.
    func optionalPair(_ v: Value) throws -> (Int?, Int?) {
        switch v {
        case .int(let i): return (i, i)
        case .list(let l) where l.items.count == 2:
            return try optionalPair(.tuple(l.items))
        case .tuple(let items) where items.count == 2:
            return (items[0].isNone ? nil : try intValue(items[0]), items[1].isNone ? nil : try intValue(items[1]))
        default:
            let l = try intList(v, function: "adaptive_avg_pool2d", argument: "output_size")
            guard l.count == 2 else { throw PyError(.valueError, "output_size must be an int or a pair") }
            return (l[0], l[1])
        }
    }
}

extension Value {
    var isTensor: Bool { if case .tensor = self { return true }; return false }
}
