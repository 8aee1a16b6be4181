import Engine
import NN

/// `torch.nn.functional` entries of the wider surface: activations, embedding, distances.
extension Interpreter {
    func addSurfaceFunctional(_ ns: NamespaceObject) {
        addSurfaceFunctionalLosses(ns)
        addSurfaceFunctional2(ns)
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            let f = BuiltinFunction(name) { [unowned self] a, _ in
                let b = try Signature.of(name, sig).bind(a, self)
                if let first = Signature.of(name, sig).params.first, first.name == "input", !(b["input"].isTensor) {
                    throw PyError(.typeError, "\(name)(): argument 'input' (position 1) must be Tensor, not \(self.typeName(b["input"]))")
                }
                do { return try body(b) } catch let e as TorchError { throw PyError(e) }
            }
            f.signature = sig
            ns.members[name] = .builtin(f)
        }
        /// An activation with an `inplace` flag: computed out of place and written back when asked.
        func activation(_ name: String, _ sig: String, _ f: @escaping (Tensor, BoundArgs) throws -> Tensor) {
            def(name, sig) { b in
                let x = try b.tensor("input")
                if Signature.of(name, sig).params.contains(where: { $0.name == "inplace" }), try b.bool("inplace") {
                    return .tensor(try maybeInPlaceValue(x, true) { try f($0, b) })
                }
                return .tensor(try f(x, b))
            }
        }
        def("scaled_dot_product_attention", "query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False") { b in
            if try b.bool("enable_gqa") { throw PyError(.notImplementedError, "scaled_dot_product_attention(enable_gqa=True) is not supported by nnrepl") }
            return .tensor(try scaledDotProductAttention(try b.tensor("query"), try b.tensor("key"), try b.tensor("value"), attnMask: try b.optionalTensor("attn_mask"),
                                                         dropoutP: try b.double("dropout_p"), isCausal: try b.bool("is_causal"), scale: try b.optionalDouble("scale")))
        }
        activation("softplus", "input, beta=1.0, threshold=20.0") { x, b in try softplus(x, beta: try b.double("beta"), threshold: try b.double("threshold")) }
        activation("elu", "input, alpha=1.0, inplace=False") { x, b in try elu(x, alpha: try b.double("alpha")) }
        activation("selu", "input, inplace=False") { x, _ in try selu(x) }
        activation("celu", "input, alpha=1.0, inplace=False") { x, b in try celu(x, alpha: try b.double("alpha")) }
        activation("silu", "input, inplace=False") { x, _ in try silu(x) }
        activation("mish", "input, inplace=False") { x, _ in try mish(x) }
        activation("hardtanh", "input, min_val=-1.0, max_val=1.0, inplace=False") { x, b in try hardtanh(x, min: try b.double("min_val"), max: try b.double("max_val")) }
        activation("relu6", "input, inplace=False") { x, _ in try hardtanh(x, min: 0, max: 6) }
        activation("hardsigmoid", "input, inplace=False") { x, _ in try hardsigmoid(x) }
        activation("hardswish", "input, inplace=False") { x, _ in try hardswish(x) }
        activation("logsigmoid", "input") { x, _ in try logsigmoid(x) }
        activation("threshold", "input, threshold, value, inplace=False") { x, b in try threshold(x, threshold: try b.double("threshold"), value: try b.double("value")) }
        activation("hardshrink", "input, lambd=0.5") { x, b in try hardshrink(x, lambd: try b.double("lambd")) }
        activation("softshrink", "input, lambd=0.5") { x, b in try softshrink(x, lambd: try b.double("lambd")) }
        activation("glu", "input, dim=-1") { x, b in try glu(x, dim: try b.int("dim")) }
        // Python composites in torch.nn.functional, composed the same way.
        activation("softsign", "input") { x, _ in try div(.tensor(x), .tensor(try add(.tensor(try abs(x)), .scalar(.int(1))))) }
        activation("tanhshrink", "input") { x, _ in try sub(.tensor(x), .tensor(try tanh(x))) }
        def("softmin", "input, dim=None, _stacklevel=3, dtype=None") { [unowned self] b in
            let x = try b.tensor("input")
            var dim: Int
            if b.isNone("dim") {
                dim = implicitSoftmaxDim(x.ndim)
                self.warn(category: "UserWarning", message: "Implicit dimension choice for softmin has been deprecated. Change the call to include dim=X as an argument.")
            } else { dim = try b.int("dim") }
            return .tensor(try softmax(try neg(x), dim: dim))
        }
        def("prelu", "input, weight") { b in .tensor(try prelu(try b.tensor("input"), try b.tensor("weight"))) }
        def("embedding", "input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False") { b in
            if try b.bool("sparse") { throw PyError(.notImplementedError, "sparse embeddings (sparse=True) are not supported by nnrepl") }
            return .tensor(try functionalEmbedding(try b.tensor("input"), try b.tensor("weight"), paddingIdx: try b.optionalInt("padding_idx"),
                                                   maxNorm: try b.optionalDouble("max_norm"), normType: try b.double("norm_type"),
                                                   scaleGradByFreq: try b.bool("scale_grad_by_freq")))
        }
        def("embedding_bag", "input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode='mean', sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None") { b in
            if try b.bool("sparse") { throw PyError(.notImplementedError, "sparse embeddings (sparse=True) are not supported by nnrepl") }
            return .tensor(try functionalEmbeddingBag(try b.tensor("input"), try b.tensor("weight"), offsets: try b.optionalTensor("offsets"),
                                                      maxNorm: try b.optionalDouble("max_norm"), normType: try b.double("norm_type"),
                                                      scaleGradByFreq: try b.bool("scale_grad_by_freq"), mode: try b.string("mode"),
                                                      perSampleWeights: try b.optionalTensor("per_sample_weights"),
                                                      includeLastOffset: try b.bool("include_last_offset"), paddingIdx: try b.optionalInt("padding_idx")))
        }
        def("normalize", "input, p=2.0, dim=1, eps=1e-12, out=None") { b in
            .tensor(try normalize(try b.tensor("input"), p: try b.double("p"), dim: try b.int("dim"), eps: try b.double("eps")))
        }
        def("pairwise_distance", "x1, x2, p=2.0, eps=1e-06, keepdim=False") { b in
            .tensor(try pairwiseDistance(try b.tensor("x1"), try b.tensor("x2"), p: try b.double("p"), eps: try b.double("eps"), keepdim: try b.bool("keepdim")))
        }
        def("cosine_similarity", "x1, x2, dim=1, eps=1e-08") { b in
            .tensor(try cosineSimilarity(try b.tensor("x1"), try b.tensor("x2"), dim: try b.int("dim"), eps: try b.double("eps")))
        }
    }
}

/// torch.nn.functional: normalization, 1-D conv/pooling, transposed convolution, resampling,
/// patches, bilinear, feature dropout.
extension Interpreter {
    func addSurfaceFunctional2(_ ns: NamespaceObject) {
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            let f = BuiltinFunction(name) { [unowned self] a, _ in
                let b = try Signature.of(name, sig).bind(a, self)
                if let first = Signature.of(name, sig).params.first, first.name == "input", !(b["input"].isTensor) {
                    throw PyError(.typeError, "\(name)(): argument 'input' (position 1) must be Tensor, not \(self.typeName(b["input"]))")
                }
                do { return try body(b) } catch let e as TorchError { throw PyError(e) }
            }
            f.signature = sig
            ns.members[name] = .builtin(f)
        }
        def("layer_norm", "input, normalized_shape, weight=None, bias=None, eps=1e-05") { b in
            .tensor(try layerNorm(try b.tensor("input"), normalizedShape: try b.intList("normalized_shape"), weight: try b.optionalTensor("weight"),
                                  bias: try b.optionalTensor("bias"), eps: try b.double("eps")))
        }
        def("group_norm", "input, num_groups, weight=None, bias=None, eps=1e-05") { b in
            .tensor(try groupNorm(try b.tensor("input"), numGroups: try b.int("num_groups"), weight: try b.optionalTensor("weight"),
                                  bias: try b.optionalTensor("bias"), eps: try b.double("eps")))
        }
        def("instance_norm", "input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True, momentum=0.1, eps=1e-05") { b in
            .tensor(try instanceNorm(try b.tensor("input"), runningMean: try b.optionalTensor("running_mean"), runningVar: try b.optionalTensor("running_var"),
                                     weight: try b.optionalTensor("weight"), bias: try b.optionalTensor("bias"), useInputStats: try b.bool("use_input_stats"),
                                     momentum: try b.double("momentum"), eps: try b.double("eps")))
        }
        def("conv1d", "input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1") { [unowned self] b in
            func one(_ k: String) throws -> Int {
                let l = try self.intList(b[k], function: "conv1d", argument: k)
                guard l.count == 1 else { throw PyError(.runtimeError, "expected \(k) to be a single integer value or a list of 1 values to match the convolution dimensions, but got \(k)=\(l)") }
                return l[0]
            }
            let x = try b.tensor("input"), w = try b.tensor("weight")
            let dilation = try one("dilation"), stride = try one("stride")
            if case .str(let mode) = b["padding"] {
                guard mode == "same" || mode == "valid" else { throw PyError(.runtimeError, "Invalid padding string: '\(mode)'") }
                if mode == "valid" { return .tensor(try conv1d(x, w, try b.optionalTensor("bias"), stride: stride, dilation: dilation, groups: try b.int("groups"))) }
                guard stride == 1 else { throw PyError(.runtimeError, "padding='same' is not supported for strided convolutions") }
                let total = dilation * ((w.shape.last ?? 1) - 1)
                let input = total % 2 == 0 ? x : try pad(x, [0, 1])
                return .tensor(try conv1d(input, w, try b.optionalTensor("bias"), stride: 1, padding: total / 2, dilation: dilation, groups: try b.int("groups")))
            }
            return .tensor(try conv1d(x, w, try b.optionalTensor("bias"), stride: stride, padding: try one("padding"), dilation: dilation, groups: try b.int("groups")))
        }
        def("conv_transpose2d", "input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1") { b in
            .tensor(try convTranspose2d(try b.tensor("input"), try b.tensor("weight"), try b.optionalTensor("bias"), stride: try b.pair("stride"),
                                        padding: try b.pair("padding"), outputPadding: try b.pair("output_padding"), groups: try b.int("groups"),
                                        dilation: try b.pair("dilation")))
        }
        def("max_pool1d", "input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False") { [unowned self] b in
            let stride = b.isNone("stride") ? nil : try self.intList(b["stride"], function: "max_pool1d", argument: "stride").first
            if try b.bool("return_indices") {
                let (out, idx) = try maxPool1dWithIndices(try b.tensor("input"), kernel: try b.intList("kernel_size")[0], stride: stride,
                                                          padding: try b.intList("padding")[0], dilation: try b.intList("dilation")[0],
                                                          ceilMode: try b.bool("ceil_mode"))
                return .tuple([.tensor(out), .tensor(idx)])
            }
            return .tensor(try pool1d(try b.tensor("input"), kernel: try b.intList("kernel_size")[0], stride: stride, padding: try b.intList("padding")[0],
                                      dilation: try b.intList("dilation")[0], ceilMode: try b.bool("ceil_mode"), average: false, name: "max_pool1d"))
        }
        def("avg_pool1d", "input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True") { [unowned self] b in
            let stride = b.isNone("stride") ? nil : try self.intList(b["stride"], function: "avg_pool1d", argument: "stride").first
            return .tensor(try pool1d(try b.tensor("input"), kernel: try b.intList("kernel_size")[0], stride: stride, padding: try b.intList("padding")[0],
                                      ceilMode: try b.bool("ceil_mode"), average: true, countIncludePad: try b.bool("count_include_pad"), name: "avg_pool1d"))
        }
        def("interpolate", "input, size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None, antialias=False") { [unowned self] b in
            if try b.bool("antialias") { throw PyError(.notImplementedError, "interpolate(antialias=True) is not supported by nnrepl") }
            return .tensor(try interpolate(try b.tensor("input"), size: b.isNone("size") ? nil : try b.intList("size"),
                                           scaleFactor: b.isNone("scale_factor") ? nil : try self.doubleList(b["scale_factor"]),
                                           mode: try b.string("mode"), alignCorners: b.isNone("align_corners") ? nil : try b.bool("align_corners"),
                                           recomputeScaleFactor: b.isNone("recompute_scale_factor") ? nil : try b.bool("recompute_scale_factor")))
        }
        ns.members["upsample"] = ns.members["interpolate"]
        def("pixel_shuffle", "input, upscale_factor") { b in .tensor(try pixelShuffle(try b.tensor("input"), upscaleFactor: try b.int("upscale_factor"))) }
        def("pixel_unshuffle", "input, downscale_factor") { b in .tensor(try pixelUnshuffle(try b.tensor("input"), downscaleFactor: try b.int("downscale_factor"))) }
        def("channel_shuffle", "input, groups") { b in .tensor(try channelShuffle(try b.tensor("input"), groups: try b.int("groups"))) }
        def("native_channel_shuffle", "input, groups") { b in .tensor(try channelShuffle(try b.tensor("input"), groups: try b.int("groups"))) }
        def("unfold", "input, kernel_size, dilation=1, padding=0, stride=1") { b in
            .tensor(try unfold(try b.tensor("input"), PatchGeometry(kernel: try b.pair("kernel_size"), dilation: try b.pair("dilation"),
                                                                    padding: try b.pair("padding"), stride: try b.pair("stride"))))
        }
        def("fold", "input, output_size, kernel_size, dilation=1, padding=0, stride=1") { b in
            .tensor(try fold(try b.tensor("input"), outputSize: try b.pair("output_size"),
                             PatchGeometry(kernel: try b.pair("kernel_size"), dilation: try b.pair("dilation"), padding: try b.pair("padding"), stride: try b.pair("stride"))))
        }
        def("bilinear", "input1, input2, weight, bias=None") { b in
            .tensor(try bilinear(try b.tensor("input1"), try b.tensor("input2"), try b.tensor("weight"), try b.optionalTensor("bias")))
        }
        for (name, spatial) in [("dropout1d", 1), ("dropout2d", 2), ("dropout3d", 3)] {
            def(name, "input, p=0.5, training=True, inplace=False") { b in
                let x = try b.tensor("input"), p = try b.double("p"), training = try b.bool("training")
                let f: (Tensor) throws -> Tensor = { try featureDropout($0, p: p, training: training, spatial: spatial) }
                return .tensor(try b.bool("inplace") && training ? try inPlace(x, f) : try f(x))
            }
        }
        def("alpha_dropout", "input, p=0.5, training=False, inplace=False") { b in
            .tensor(try alphaDropout(try b.tensor("input"), p: try b.double("p"), training: try b.bool("training")))
        }
        def("feature_alpha_dropout", "input, p=0.5, training=False, inplace=False") { b in
            .tensor(try alphaDropout(try b.tensor("input"), p: try b.double("p"), training: try b.bool("training"), feature: true))
        }
    }

    /// A number or a sequence of numbers.
    func doubleList(_ v: Value) throws -> [Double] {
        if let d = numberValue(v) { return [d] }
        return try collect(v, range: nil).map { x in
            guard let d = numberValue(x) else { throw PyError(.typeError, "expected a number, got \(typeName(x))") }
            return d
        }
    }
}
