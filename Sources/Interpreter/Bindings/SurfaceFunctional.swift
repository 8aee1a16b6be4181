import Engine
import NN

/// `torch.nn.functional` entries of the wider surface: activations, embedding, distances.
extension Interpreter {
    func addSurfaceFunctional(_ ns: NamespaceObject) {
        addSurfaceFunctionalLosses(ns)
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
                    return .tensor(try inPlace(x) { try f($0, b) })
                }
                return .tensor(try f(x, b))
            }
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
