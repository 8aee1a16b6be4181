import Engine

/// `torch.autograd.functional`: `jacobian` and `vjp`, as PyTorch computes them (not vmap'd):
/// the inputs are detached copies that require grad, the function runs once, and each row of a
/// Jacobian is one `autograd.grad` of one output element (retaining the graph), zeros where an
/// input is unused; results are detached unless `create_graph=True`.
extension Interpreter {
    func makeAutogradFunctionalModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.autograd.functional")
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            let f = BuiltinFunction(name) { [unowned self] a, _ in
                do { return try body(try Signature.of(name, sig).bind(a, self)) } catch let e as TorchError { throw PyError(e) }
            }
            f.signature = sig
            ns.members[name] = .builtin(f)
        }
        def("jacobian", "func, inputs, create_graph=False, strict=False, vectorize=False, strategy='reverse-mode'") { [unowned self] b in
            try self.refuseFunctionalOptions(b, "jacobian")
            let createGraph = try b.bool("create_graph")
            let (inputs, inputsTuple) = try self.functionalInputs(b["inputs"], "inputs", "jacobian")
            let (outputs, outputsTuple) = try self.functionalOutputs(try self.call(b["func"], Arguments(inputs.map { .tensor($0) })), "jacobian")
            var perOutput: [Value] = []
            for out in outputs {
                var rows: [[Tensor]] = Array(repeating: [], count: inputs.count)
                let flat = try out.reshape([-1])
                for j in 0..<flat.numel {
                    let grads: [Tensor?]
                    if out.requiresGrad {
                        grads = try Autograd.grad(outputs: [try flat.select(0, j)], inputs: inputs, retainGraph: true,
                                                  createGraph: createGraph, allowUnused: true)
                    } else {
                        grads = Array(repeating: nil, count: inputs.count)
                    }
                    for (k, g) in grads.enumerated() { rows[k].append(try g ?? Tensor.zeros(inputs[k].shape, dtype: inputs[k].dtype)) }
                }
                let jac: [Value] = try inputs.indices.map { k in
                    let shape = out.shape + inputs[k].shape
                    let stacked = rows[k].isEmpty ? try Tensor.zeros(shape, dtype: inputs[k].dtype) : try stack(rows[k], dim: 0).view(shape)
                    return .tensor(createGraph ? stacked : stacked.detach())
                }
                perOutput.append(inputsTuple ? .tuple(jac) : jac[0])
            }
            return outputsTuple ? .tuple(perOutput) : perOutput[0]
        }
        def("vjp", "func, inputs, v=None, create_graph=False, strict=False") { [unowned self] b in
            try self.refuseFunctionalOptions(b, "vjp")
            let createGraph = try b.bool("create_graph")
            let (inputs, inputsTuple) = try self.functionalInputs(b["inputs"], "inputs", "vjp")
            let result = try self.call(b["func"], Arguments(inputs.map { .tensor($0) }))
            let (outputs, outputsTuple) = try self.functionalOutputs(result, "vjp")
            var vs: [Tensor?] = []
            if b.isNone("v") {
                guard outputs.count == 1, outputs[0].numel == 1 else {
                    throw PyError(.runtimeError, "The vector v can only be None if the user-provided function returns a single Tensor with a single element.")
                }
            } else {
                let (given, _) = try self.functionalInputs(b["v"], "v", "vjp", detach: false)
                guard given.count == outputs.count else {
                    throw PyError(.runtimeError, "v is a tuple of invalid length: should be \(outputs.count) but got \(given.count).")
                }
                for (k, (g, o)) in zip(given, outputs).enumerated() where g.shape != o.shape {
                    throw PyError(.runtimeError, "Mismatch in shape: grad_output[\(k)] has a shape of \(formatSize(g.shape)) and output[\(k)] has a shape of \(formatSize(o.shape)).")
                }
                vs = given
            }
            let differentiable = outputs.indices.filter { outputs[$0].requiresGrad }
            var grads: [Tensor?] = Array(repeating: nil, count: inputs.count)
            if !differentiable.isEmpty {
                grads = try Autograd.grad(outputs: differentiable.map { outputs[$0] }, inputs: inputs,
                                          gradOutputs: vs.isEmpty ? [] : differentiable.map { vs[$0] },
                                          createGraph: createGraph, allowUnused: true)
            }
            let post: (Tensor) -> Value = { .tensor(createGraph ? $0 : $0.detach()) }
            let outValues = outputs.map(post)
            let gradValues = try zip(grads, inputs).map { g, x in post(try g ?? Tensor.zeros(x.shape, dtype: x.dtype)) }
            return .tuple([outputsTuple ? .tuple(outValues) : outValues[0], inputsTuple ? .tuple(gradValues) : gradValues[0]])
        }
        return ns
    }

    private func refuseFunctionalOptions(_ b: BoundArgs, _ name: String) throws {
        if try b.bool("strict") { throw PyError(.notImplementedError, "torch.autograd.functional.\(name)(strict=True) is not supported by nnrepl") }
        if name == "jacobian", try b.bool("vectorize") {
            throw PyError(.notImplementedError, "torch.autograd.functional.\(name)(vectorize=True) is not supported by nnrepl")
        }
    }

    /// A tensor or a tuple of tensors, as detached copies that require grad (PyTorch's `_grad_preprocess`).
    private func functionalInputs(_ v: Value, _ arg: String, _ fn: String, detach: Bool = true) throws -> ([Tensor], Bool) {
        let items: [Value]
        let isTuple: Bool
        switch v {
        case .tensor: items = [v]; isTuple = false
        case .tuple(let xs): items = xs; isTuple = true
        case .list(let l): items = l.items; isTuple = true
        default: throw PyError(.typeError, "The \(arg) given to \(fn) must be either a Tensor or a tuple of Tensors but the value at index 0 has type \(typeName(v)).")
        }
        let tensors: [Tensor] = try items.enumerated().map { k, x in
            guard case .tensor(let t) = x else {
                throw PyError(.typeError, "The \(arg) given to \(fn) must be either a Tensor or a tuple of Tensors but the value at index \(k) has type \(typeName(x)).")
            }
            guard detach else { return t }
            let d = t.detach()
            try d.setRequiresGrad(true, source: .method)
            return d
        }
        return (tensors, isTuple)
    }

    private func functionalOutputs(_ v: Value, _ fn: String) throws -> ([Tensor], Bool) {
        let items: [Value]
        let isTuple: Bool
        switch v {
        case .tensor: items = [v]; isTuple = false
        case .tuple(let xs): items = xs; isTuple = true
        case .list(let l): items = l.items; isTuple = true
        default: throw PyError(.typeError, "The outputs of the user-provided function given to \(fn) must be either a Tensor or a tuple of Tensors but the value at index 0 has type \(typeName(v)).")
        }
        return (try items.enumerated().map { k, x in
            guard case .tensor(let t) = x else {
                throw PyError(.typeError, "The outputs of the user-provided function given to \(fn) must be either a Tensor or a tuple of Tensors but the value at index \(k) has type \(typeName(x)).")
            }
            return t
        }, isTuple)
    }
}
