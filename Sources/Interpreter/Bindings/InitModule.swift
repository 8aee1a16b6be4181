import Engine
import NN

/// `torch.nn.init`: in-place initialisers drawing from the global generator as PyTorch does.
extension Interpreter {
    func makeInitModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.nn.init")
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            let signature = LazySignature(name, sig)
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                do { return try body(try signature.bind(a, self)) } catch let e as TorchError { throw PyError(e) }
            })
            if case .builtin(let f)? = ns.members[name] { f.signature = sig } // shell keyword completion
        }
        def("uniform_", "tensor, a=0.0, b=1.0, generator=None") { b in
            .tensor(try GradMode.with(false) { try Init.uniform(try b.tensor("tensor"), a: try b.double("a"), b: try b.double("b")) })
        }
        def("normal_", "tensor, mean=0.0, std=1.0, generator=None") { b in
            .tensor(try GradMode.with(false) { try Init.normal(try b.tensor("tensor"), mean: try b.double("mean"), std: try b.double("std")) })
        }
        def("trunc_normal_", "tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None") { [unowned self] b in
            let t = try b.tensor("tensor")
            if let warning = try Init.truncNormal(t, mean: try b.double("mean"), std: try b.double("std"), a: try b.double("a"), b: try b.double("b")) {
                self.warn(category: "UserWarning", message: warning)
            }
            return .tensor(t)
        }
        def("constant_", "tensor, val") { b in .tensor(try GradMode.with(false) { try Init.constant(try b.tensor("tensor"), try b.scalar("val")) }) }
        def("zeros_", "tensor") { b in .tensor(try GradMode.with(false) { try Init.zeros(try b.tensor("tensor")) }) }
        // eye_: ones on the diagonal of a 2-D tensor, zeros elsewhere (no random draws).
        def("eye_", "tensor") { b in
            let t = try b.tensor("tensor")
            guard t.ndim == 2 else { throw PyError(.valueError, "Only tensors with 2 dimensions are supported") }
            return .tensor(try GradMode.with(false) {
                _ = try t.detach().copyFrom(try Tensor.eye(t.shape[0], t.shape[1], dtype: t.dtype))
                return t
            })
        }
        def("ones_", "tensor") { b in .tensor(try GradMode.with(false) { try Init.ones(try b.tensor("tensor")) }) }
        def("xavier_uniform_", "tensor, gain=1.0, generator=None") { b in
            .tensor(try GradMode.with(false) { try Init.xavierUniform(try b.tensor("tensor"), gain: try b.double("gain")) })
        }
        def("xavier_normal_", "tensor, gain=1.0, generator=None") { b in
            .tensor(try GradMode.with(false) { try Init.xavierNormal(try b.tensor("tensor"), gain: try b.double("gain")) })
        }
        def("kaiming_uniform_", "tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None") { [unowned self] b in
            .tensor(try GradMode.with(false) { try Init.kaimingUniform(try b.tensor("tensor"), a: try self.optionValue(b["a"]), mode: try b.string("mode"), nonlinearity: try b.string("nonlinearity")) })
        }
        def("kaiming_normal_", "tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None") { [unowned self] b in
            .tensor(try GradMode.with(false) { try Init.kaimingNormal(try b.tensor("tensor"), a: try self.optionValue(b["a"]), mode: try b.string("mode"), nonlinearity: try b.string("nonlinearity")) })
        }
        // orthogonal_: a (rows × numel/rows) normal draw, its QR (linalg.qr, MKL's geqrf/orgqr),
        // Q's columns signed by diag(R), written into the tensor and scaled by gain — PyTorch's steps.
        def("orthogonal_", "tensor, gain=1, generator=None") { b in
            let t = try b.tensor("tensor")
            guard t.ndim >= 2 else { throw PyError(.valueError, "Only tensors with 2 or more dimensions are supported") }
            if t.numel == 0 { return .tensor(t) }
            let gain = try b.double("gain")
            return .tensor(try GradMode.with(false) {
                let rows = t.shape[0], cols = t.numel / rows
                var flat = try Tensor.randn([rows, cols], dtype: t.dtype)
                if rows < cols { flat = try flat.transpose(0, 1) }
                let (q, r) = try Engine.qr(flat)
                let k = r.shape[0], rv = r.doubleValues()
                let d = try Tensor(values: (0..<k).map { i -> Double in
                    let v = rv[i * r.shape[1] + i]
                    return v > 0 ? 1 : (v < 0 ? -1 : 0)
                }, shape: [k]).to(t.dtype)
                var signed = try mul(.tensor(q), .tensor(d))
                if rows < cols { signed = try signed.transpose(0, 1) }
                _ = try t.detach().copyFrom(try signed.reshape(t.shape))
                if gain != 1 { _ = try t.detach().copyFrom(try mul(.tensor(t), .scalar(.float(gain)))) }
                return t
            })
        }
        def("calculate_gain", "nonlinearity, param=None") { [unowned self] b in
            self.value(try Init.calculateGain(try b.string("nonlinearity"), b.isNone("param") ? nil : try self.optionValue(b["param"])))
        }
        return ns
    }
}
