import Engine
import NN

/// `torch.autograd` (`backward`, `grad`) and `torch.nn.utils` (`clip_grad_norm_`,
/// `clip_grad_value_`, `parameters_to_vector`, `vector_to_parameters`), computed with the same
/// tensor operations PyTorch's Python code uses, in its order.
extension Interpreter {
    func makeAutogradModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.autograd")
        ns.members["backward"] = .builtin(BuiltinFunction("backward") { [unowned self] a, _ in
            let b = try Signature.of("backward", "tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None").bind(a, self)
            let outs = try self.tensorSequence(b["tensors"], "backward")
            let grads = b.isNone("grad_tensors") ? [] : try self.optionalTensorSequence(b["grad_tensors"])
            for (k, t) in outs.enumerated() {
                try Autograd.backward(t, gradient: k < grads.count ? grads[k] : nil,
                                      retainGraph: b.isNone("retain_graph") ? false : try b.bool("retain_graph"))
            }
            return .none
        })
        ns.members["grad"] = .builtin(BuiltinFunction("grad") { [unowned self] a, _ in
            let b = try Signature.of("grad", "outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False").bind(a, self)
            if try b.bool("create_graph") {
                throw PyError(.notImplementedError, "torch.autograd.grad(create_graph=True) is not supported by nnrepl (no higher-order gradients)")
            }
            let outputs = try self.tensorSequence(b["outputs"], "grad")
            let inputs = try self.tensorSequence(b["inputs"], "grad")
            let gradOutputs = b.isNone("grad_outputs") ? [] : try self.optionalTensorSequence(b["grad_outputs"])
            let materialize = try b.bool("materialize_grads")
            let allowUnused = b.isNone("allow_unused") ? materialize : try b.bool("allow_unused")
            let retain = b.isNone("retain_graph") ? false : try b.bool("retain_graph")
            let grads = try Autograd.grad(outputs: outputs, inputs: inputs, gradOutputs: gradOutputs, retainGraph: retain, allowUnused: allowUnused)
            return .tuple(try zip(grads, inputs).map { g, x in
                if let g { return .tensor(g) }
                return materialize ? .tensor(try Tensor.zeros(x.shape, dtype: x.dtype)) : .none
            })
        })
        return ns
    }

    /// A tensor or a sequence of tensors.
    func tensorSequence(_ v: Value, _ function: String) throws -> [Tensor] {
        if case .tensor(let t) = v { return [t] }
        return try Array(iterate(v, range: nil)).map { x in
            guard case .tensor(let t) = x else { throw PyError(.typeError, "\(function)(): expected a Tensor, got \(typeName(x))") }
            return t
        }
    }

    func optionalTensorSequence(_ v: Value) throws -> [Tensor?] {
        if case .tensor(let t) = v { return [t] }
        return try Array(iterate(v, range: nil)).map { x in
            if case .tensor(let t) = x { return t }
            if x.isNone { return nil }
            throw PyError(.typeError, "expected a Tensor or None, got \(typeName(x))")
        }
    }

    func makeNNUtilsModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.nn.utils")
        ns.members["clip_grad_norm_"] = .builtin(BuiltinFunction("clip_grad_norm_") { [unowned self] a, _ in
            let b = try Signature.of("clip_grad_norm_", "parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None").bind(a, self)
            let grads = try self.tensorSequence(b["parameters"], "clip_grad_norm_").compactMap(\.grad)
            let maxNorm = try b.double("max_norm")
            let normType = try b.double("norm_type")
            guard !grads.isEmpty else { return .tensor(Tensor(scalar: Float(0))) }
            // _get_total_norm: the norm of each gradient, then the norm of those norms.
            func norm(_ t: Tensor) throws -> Value {
                // vector_norm(t, inf) is the largest magnitude.
                if normType == .infinity { return .tensor(try Engine.abs(t).extremum(isMax: true)) }
                let method = try self.getAttribute(.tensor(t), "norm")
                return try self.call(method, Arguments([.float(normType)]))
            }
            let norms = try grads.map { g -> Tensor in
                guard case .tensor(let n) = try norm(g) else { return g }
                return n
            }
            guard case .tensor(let total) = try norm(try stack(norms, dim: 0)) else { return .none }
            if try b.bool("error_if_nonfinite"), !total.doubleValue(atFlat: 0).isFinite {
                throw PyError(.runtimeError, "The total norm of order \(pythonFloatRepr(normType)) for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`")
            }
            // _clip_grads_with_norm_: clip_coef = max_norm / (total_norm + 1e-6), clamped to 1.
            try GradMode.with(false) {
                let coef = try self.binary(.div, .float(maxNorm), try self.binary(.add, .tensor(total), .float(1e-6)))
                let clamp = try self.getAttribute(coef, "clamp")
                let clamped = try self.call(clamp, Arguments([], [("max", .float(1.0))]))
                for g in grads { _ = try self.call(try self.getAttribute(.tensor(g), "mul_"), Arguments([clamped])) }
            }
            return .tensor(total)
        })
        ns.members["clip_grad_value_"] = .builtin(BuiltinFunction("clip_grad_value_") { [unowned self] a, _ in
            let b = try Signature.of("clip_grad_value_", "parameters, clip_value, foreach=None").bind(a, self)
            let v = try b.double("clip_value")
            try GradMode.with(false) {
                for g in try self.tensorSequence(b["parameters"], "clip_grad_value_").compactMap(\.grad) {
                    _ = try self.call(try self.getAttribute(.tensor(g), "clamp_"), Arguments([], [("min", .float(-v)), ("max", .float(v))]))
                }
            }
            return .none
        })
        ns.members["parameters_to_vector"] = .builtin(BuiltinFunction("parameters_to_vector") { [unowned self] a, _ in
            let ps = try self.tensorSequence(a.positional.first ?? .none, "parameters_to_vector")
            return .tensor(try cat(try ps.map { try $0.reshape([-1]) }, dim: 0))
        })
        ns.members["vector_to_parameters"] = .builtin(BuiltinFunction("vector_to_parameters") { [unowned self] a, _ in
            guard a.positional.count == 2, case .tensor(let vec) = a.positional[0] else {
                throw PyError(.typeError, "vector_to_parameters() takes a vector and parameters")
            }
            var offset = 0
            for p in try self.tensorSequence(a.positional[1], "vector_to_parameters") {
                let piece = try vec.narrow(0, start: offset, length: p.numel).view(p.shape)
                try p.setData(try piece.contiguousCopy())
                offset += p.numel
            }
            return .none
        })
        return ns
    }
}
