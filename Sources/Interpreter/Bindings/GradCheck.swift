import Engine

/// `torch.autograd.gradcheck` and `gradgradcheck`: the slow mode of torch/autograd/gradcheck.py,
/// which the custom-Function tutorials use to test a hand-written backward. The numerical
/// Jacobian perturbs each input element by ±eps through `.data` (so the version counter autograd
/// checks is untouched) and takes the central difference (f(x+eps) − f(x−eps)) / (2·eps) in the
/// output's dtype; the analytical one has a row per output element, from autograd.grad with a
/// one-hot grad_output. Both are [input numel, output numel] and must agree within
/// |a − n| ≤ atol + rtol·|n| (torch.allclose). Not reproduced: the extra checks a correct
/// backward always passes (reentrancy, multiplication by grad_output, undefined gradients) and
/// fast_mode's random projections (fast_mode=True runs the slow check).
extension Interpreter {
    func addGradcheck(_ ns: NamespaceObject) {
        let checkSig = "func, inputs, *, eps=1e-06, atol=1e-05, rtol=0.001, raise_exception=True, nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False, check_batched_forward_grad=False, check_forward_ad=False, check_backward_ad=True, fast_mode=False, masked=None"
        let check = BuiltinFunction("gradcheck") { [unowned self] a, _ in
            let b = try Signature.of("gradcheck", checkSig).bind(a, self)
            do {
                return .bool(try self.gradcheck(b["func"], self.tupledInputs(b["inputs"]), eps: try b.double("eps"), atol: try b.double("atol"),
                                                rtol: try b.double("rtol"), raiseException: try b.bool("raise_exception")))
            } catch let e as TorchError { throw PyError(e) }
        }
        check.signature = checkSig
        ns.members["gradcheck"] = .builtin(check)

        let gradSig = "func, inputs, grad_outputs=None, *, eps=1e-06, atol=1e-05, rtol=0.001, gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False, check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False, masked=False"
        let gradgrad = BuiltinFunction("gradgradcheck") { [unowned self] a, _ in
            let b = try Signature.of("gradgradcheck", gradSig).bind(a, self)
            do {
                return .bool(try self.gradgradcheck(b["func"], self.tupledInputs(b["inputs"]),
                                                    gradOutputs: b.isNone("grad_outputs") ? nil : self.tupledInputs(b["grad_outputs"]),
                                                    eps: try b.double("eps"), atol: try b.double("atol"), rtol: try b.double("rtol"),
                                                    raiseException: try b.bool("raise_exception")))
            } catch let e as TorchError { throw PyError(e) }
        }
        gradgrad.signature = gradSig
        ns.members["gradgradcheck"] = .builtin(gradgrad)
    }

    /// `_as_tuple(inputs)`.
    func tupledInputs(_ v: Value) -> [Value] {
        switch v {
        case .tuple(let items): return items
        case .list(let l): return l.items
        default: return [v]
        }
    }

    func gradcheck(_ fn: Value, _ inputs: [Value], eps: Double, atol: Double, rtol: Double, raiseException: Bool) throws -> Bool {
        do {
            return try gradcheckOrThrow(fn, inputs, eps: eps, atol: atol, rtol: rtol)
        } catch let e as PyError where e.typeName == "GradcheckError" && !raiseException {
            return false
        }
    }

    private func gradcheckOrThrow(_ fn: Value, _ inputs: [Value], eps: Double, atol: Double, rtol: Double) throws -> Bool {
        // _check_inputs
        var diffInputs: [Tensor] = []
        for (idx, v) in inputs.enumerated() {
            guard case .tensor(let t) = v, t.requiresGrad else { continue }
            if t.dtype != .float64 {
                warn(category: "UserWarning", message: "Input #\(idx) requires gradient and is not a double precision floating point or complex. This check will likely fail if all the inputs are not of double precision floating point or complex. ")
            }
            if zip(t.strides, t.shape).contains(where: { st, sz in !(st > 0 || sz <= 1) }) {
                throw PyError(.runtimeError, "The \(idx)th input has a dimension with stride 0. gradcheck only supports inputs that are non-overlapping to be able to compute the numerical gradients correctly. You should call .contiguous on the input before passing it to gradcheck.")
            }
            diffInputs.append(t)
        }
        if diffInputs.isEmpty {
            throw PyError(.valueError, "gradcheck expects at least one input tensor to require gradient, but none of them have requires_grad=True.")
        }
        func run() throws -> [Tensor] {
            try tupledInputs(try call(fn, Arguments(inputs))).map { v in
                guard case .tensor(let t) = v else { throw PyError(.attributeError, "'\(typeName(v))' object has no attribute 'requires_grad'") }
                return t
            }
        }
        let funcOut = try run()
        let numerical = try numericalJacobians(run, diffInputs, funcOut, eps: eps)
        let differentiable = funcOut.indices.filter { funcOut[$0].requiresGrad }
        if differentiable.isEmpty {
            // _check_no_differentiable_outputs: the numerical gradient must then be zero.
            for perInput in numerical { for j in perInput where j.doubleValues().contains(where: { $0 != 0 }) {
                throw PyError("GradcheckError", "Numerical gradient for function expected to be zero")
            } }
            return true
        }
        for (i, position) in differentiable.enumerated() {
            let analytical = try analyticalJacobians(funcOut[position], diffInputs)
            for (j, a) in analytical.enumerated() {
                let n = numerical[j][position]
                let common = DType.promote(a.dtype, n.dtype)
                let close = try isclose(try a.to(common), try n.to(common), rtol: rtol, atol: atol).doubleValues().allSatisfy { $0 != 0 }
                if !close {
                    throw PyError("GradcheckError", "Jacobian mismatch for output \(i) with respect to input \(j),\nnumerical:\(try repr(.tensor(n)))\nanalytical:\(try repr(.tensor(a)))\n")
                }
            }
        }
        return true
    }

    /// For each input that requires grad, one Jacobian [input numel, output numel] per output of
    /// `run` (in the output's dtype): column k is the central difference for element k.
    private func numericalJacobians(_ run: () throws -> [Tensor], _ inputs: [Tensor], _ outputs: [Tensor], eps: Double) throws -> [[Tensor]] {
        try inputs.map { x in
            let data = x.data    // a fresh version counter, as x.data in gradcheck.py
            var columns: [[[Double]]] = outputs.map { _ in [] }
            for k in 0..<x.numel {
                var entry = data
                var rest = k
                var index: [Int] = []
                for size in data.shape.reversed() { index.insert(rest % size, at: 0); rest /= size }
                for i in index { entry = try entry.select(0, i) }
                let orig = try entry.clone()
                // func runs with grad mode as it is (gradgradcheck's function differentiates inside).
                _ = try entry.copyFrom(try sub(.tensor(orig), .scalar(.float(eps))))
                let a = try run()
                _ = try entry.copyFrom(try add(.tensor(orig), .scalar(.float(eps))))
                let b = try run()
                _ = try entry.copyFrom(orig)
                for (p, (oa, ob)) in zip(a, b).enumerated() where p < columns.count {
                    let d = try GradMode.with(false) { try div(.tensor(try sub(.tensor(ob), .tensor(oa))), .scalar(.float(2 * eps))) }
                    columns[p].append(try d.contiguousCopy().doubleValues())
                }
            }
            return try outputs.enumerated().map { p, o in
                let m = o.numel
                var flat = [Double](repeating: 0, count: x.numel * m)
                for (k, col) in columns[p].enumerated() { for (c, v) in col.prefix(m).enumerated() { flat[k * m + c] = v } }
                return try tensorOfDoubles(flat, shape: [x.numel, m], dtype: o.dtype)
            }
        }
    }

    /// The Jacobians of `output` with respect to each input, [input numel, output numel] in the
    /// input's dtype; column j is autograd.grad(output, inputs, one-hot(j)).
    private func analyticalJacobians(_ output: Tensor, _ inputs: [Tensor]) throws -> [Tensor] {
        let m = output.numel
        var flats = inputs.map { [Double](repeating: 0, count: $0.numel * m) }
        for j in 0..<m {
            var oneHot = [Double](repeating: 0, count: m)
            oneHot[j] = 1
            let gradOutput = try tensorOfDoubles(oneHot, shape: output.shape, dtype: output.dtype)
            let grads = try Autograd.grad(outputs: [output], inputs: inputs, gradOutputs: [gradOutput], retainGraph: true, allowUnused: true)
            for (i, g) in grads.enumerated() {
                guard let g else { continue }
                for (k, v) in try g.contiguousCopy().doubleValues().enumerated() { flats[i][k * m + j] = v }
            }
        }
        return try zip(inputs, flats).map { x, flat in try tensorOfDoubles(flat, shape: [x.numel, m], dtype: x.dtype) }
    }

    /// `gradgradcheck`: gradcheck of the function (inputs, grad_outputs) → the gradients of
    /// func's outputs, computed with create_graph=True. Without grad_outputs they are drawn as
    /// torch.testing.make_tensor draws them: uniform in [-1, 1) from the global generator.
    func gradgradcheck(_ fn: Value, _ inputs: [Value], gradOutputs given: [Value]?, eps: Double, atol: Double, rtol: Double,
                       raiseException: Bool) throws -> Bool {
        let gradOutputs: [Value]
        if let given {
            gradOutputs = given
        } else {
            let outputs = try tupledInputs(try call(fn, Arguments(inputs))).compactMap { v -> Tensor? in
                if case .tensor(let t) = v, t.requiresGrad { return t }
                return nil
            }
            gradOutputs = try outputs.map { o in
                let dtype = o.dtype.isFloatingPoint ? o.dtype : .float64
                let g = try Tensor(shape: o.shape, dtype: dtype)
                _ = try g.uniform(-1, 1)
                try g.setRequiresGrad(true)
                return .tensor(g)
            }
        }
        let count = gradOutputs.count
        let diffInputIndices = Set(inputs.indices.filter { if case .tensor(let t) = inputs[$0] { return t.requiresGrad }; return false })
        let newFunc = BuiltinFunction("new_func") { [unowned self] a, _ in
            let args = a.positional
            let inputArgs = Array(args.prefix(args.count - count))
            let outputs = try self.tupledInputs(try self.call(fn, Arguments(inputArgs))).compactMap { v -> Tensor? in
                if case .tensor(let t) = v, t.requiresGrad { return t }
                return nil
            }
            let grads: [Tensor?] = try args.suffix(count).map { v in
                if case .tensor(let t) = v { return t }
                return nil
            }
            let diffInputs: [Tensor] = inputArgs.indices.compactMap { i in
                guard diffInputIndices.contains(i), case .tensor(let t) = inputArgs[i] else { return nil }
                return t
            }
            do {
                let gradInputs = try Autograd.grad(outputs: outputs, inputs: diffInputs, gradOutputs: grads, createGraph: true, allowUnused: true)
                return .tuple(gradInputs.compactMap { $0.map { Value.tensor($0) } })
            } catch let e as TorchError { throw PyError(e) }
        }
        return try gradcheck(.builtin(newFunc), inputs + gradOutputs, eps: eps, atol: atol, rtol: rtol, raiseException: raiseException)
    }
}
