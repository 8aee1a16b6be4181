import Engine
import NN

/// `torch.autograd`: backward, grad, Variable, and `Function` for user-defined autograd
/// operations (`class MyReLU(torch.autograd.Function)` with static `forward(ctx, ...)` and
/// `backward(ctx, grad)`, used through `MyReLU.apply(x)`).
extension Interpreter {
    var autogradFunctionClass: PyClass { AutogradClasses.shared.function }

    func makeAutogradModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.autograd")
        ns.members["Function"] = .cls(autogradFunctionClass)
        addGradcheck(ns)
        ns.members["functional"] = .object(makeAutogradFunctionalModule())
        if let f = try? importModule("torch.autograd.function", range: nil) { ns.members["function"] = f }
        ns.members["backward"] = .builtin(BuiltinFunction("backward") { [unowned self] a, _ in
            let b = try Signature.of("backward", "tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None").bind(a, self)
            let roots = try self.tensorsArgument(b["tensors"], "tensors")
            let grads = b.isNone("grad_tensors") ? [] : try self.optionalTensorsArgument(b["grad_tensors"], "grad_tensors")
            let inputs = b.isNone("inputs") ? nil : try self.tensorsArgument(b["inputs"], "inputs")
            if try b.bool("create_graph") { self.warnBackwardCreateGraph() }
            do {
                try Autograd.backward(roots, gradients: grads, retainGraph: b.isNone("retain_graph") ? nil : try b.bool("retain_graph"),
                                      createGraph: try b.bool("create_graph"), inputs: inputs)
            } catch let e as TorchError { throw PyError(e) }
            return .none
        })
        ns.members["grad"] = .builtin(BuiltinFunction("grad") { [unowned self] a, _ in
            let b = try Signature.of("grad", "outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False").bind(a, self)
            let outputs = try self.tensorsArgument(b["outputs"], "outputs")
            let inputs = try self.tensorsArgument(b["inputs"], "inputs")
            let gradOutputs = b.isNone("grad_outputs") ? [] : try self.optionalTensorsArgument(b["grad_outputs"], "grad_outputs")
            if try b.bool("is_grads_batched") { throw PyError(.notImplementedError, "is_grads_batched=True is not supported by nnrepl") }
            let materialize = try b.bool("materialize_grads")
            let allowUnused = b.isNone("allow_unused") ? materialize : try b.bool("allow_unused")
            let explicitlyFalse = b.isNone("allow_unused") ? false : !(try b.bool("allow_unused"))
            if materialize && explicitlyFalse {
                throw PyError(.valueError, "Expected allow_unused to be True or not passed when materialize_grads=True, but got: allow_unused=False.")
            }
            do {
                let grads = try Autograd.grad(outputs: outputs, inputs: inputs, gradOutputs: gradOutputs,
                                              retainGraph: b.isNone("retain_graph") ? nil : try b.bool("retain_graph"),
                                              createGraph: try b.bool("create_graph"), allowUnused: allowUnused)
                return .tuple(try zip(grads, inputs).map { g, x in
                    if let g { return .tensor(g) }
                    return materialize ? .tensor(try Tensor.zeros(x.shape, dtype: x.dtype)) : .none
                })
            } catch let e as TorchError { throw PyError(e) }
        })
        // `Variable(t, requires_grad=False)`: since PyTorch 0.4 a Variable is a Tensor.
        ns.members["Variable"] = .builtin(BuiltinFunction("Variable") { [unowned self] a, _ in
            let b = try Signature.of("Variable", "data, requires_grad=False, volatile=False").bind(a, self)
            let t = try b.tensor("data")
            if try b.bool("requires_grad") { do { try t.setRequiresGrad(true, source: .method) } catch let e as TorchError { throw PyError(e) } }
            return .tensor(t)
        })
        return ns
    }

    /// A tensor or a sequence of tensors.
    func tensorsArgument(_ v: Value, _ name: String) throws -> [Tensor] {
        if case .tensor(let t) = v { return [t] }
        return try collect(v, range: nil).map { x in
            guard case .tensor(let t) = x else { throw PyError(.typeError, "\(name) must be a Tensor or a sequence of Tensors, not \(typeName(x))") }
            return t
        }
    }

    /// A tensor or a sequence of tensors and Nones.
    func optionalTensorsArgument(_ v: Value, _ name: String) throws -> [Tensor?] {
        if case .tensor(let t) = v { return [t] }
        return try collect(v, range: nil).map { x in
            switch x {
            case .tensor(let t): return t
            case .none: return nil
            default: throw PyError(.typeError, "\(name) must be a Tensor or a sequence of Tensors, not \(typeName(x))")
            }
        }
    }

    /// `MyFn.apply(*args)`: runs `forward(ctx, *args)` without recording, then attaches one node
    /// named `<MyFn>Backward` whose backward calls `MyFn.backward(ctx, *grads)`.
    ///
    /// With the newer style — `forward(*args)` without ctx plus a static
    /// `setup_context(ctx, inputs, output)` — the arguments are first bound to forward's
    /// parameters (defaults filled in, as `Function.apply` does), forward runs on them, then
    /// setup_context receives ctx, the bound inputs as a tuple and forward's output.
    func applyAutogradFunction(_ cls: PyClass, _ givenArgs: Arguments) throws -> Value {
        guard let forwardValue = cls.lookup("forward"), !isBaseFunctionMember(forwardValue, "forward") else {
            throw PyError(.notImplementedError, "You must implement the forward function for custom autograd.Function.")
        }
        let forwardFn = unwrapStatic(forwardValue)
        let setupValue = cls.lookup("setup_context")
        let setupFn = setupValue.map(unwrapStatic)
        let usesSetupContext = setupValue.map { !isBaseFunctionMember($0, "setup_context") } ?? false
        var args = givenArgs
        if usesSetupContext, case .function(let f) = forwardFn { args = Arguments(try boundPositional(f, givenArgs), []) }
        let ctx = FunctionCtxObject()
        ctx.needsInputGrad = args.positional.map { if case .tensor(let t) = $0 { return t.requiresGrad }; return false }
        let result: Value
        if usesSetupContext, let setupFn {
            result = try GradMode.with(false) {
                let r = try call(forwardFn, args)
                _ = try call(setupFn, Arguments([.object(ctx), .tuple(args.positional), r]))
                return r
            }
        } else {
            var forwardArgs = args
            forwardArgs.positional.insert(.object(ctx), at: 0)
            result = try GradMode.with(false) { try call(forwardFn, forwardArgs) }
        }

        let tensorInputs: [(position: Int, tensor: Tensor)] = args.positional.enumerated().compactMap { i, v in
            if case .tensor(let t) = v { return (i, t) }
            return nil
        }
        let inputs = tensorInputs.map(\.tensor)
        let outputs: [Value]
        let isTuple: Bool
        switch result {
        case .tuple(let items): outputs = items; isTuple = true
        default: outputs = [result]; isTuple = false
        }
        guard GradMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return result }
        if ctx.dirty { throw PyError(.notImplementedError, "ctx.mark_dirty (in-place custom Functions) is not supported by nnrepl") }

        // Every tensor output gets history unless marked non-differentiable; an input returned
        // as is becomes an alias, so the input itself keeps its own history.
        var finals = outputs
        var differentiable: [Int] = []
        for (k, v) in outputs.enumerated() {
            guard case .tensor(let t) = v else { continue }
            if ctx.nonDifferentiable.contains(where: { $0 === t }) { continue }
            let own = t.requiresGrad || inputs.contains(where: { $0 === t }) ? t.detach() : t
            finals[k] = .tensor(own)
            differentiable.append(k)
        }
        let nodeName = cls.name + "Backward"
        let outputTensors: [Tensor?] = finals.map { if case .tensor(let t) = $0 { return t }; return nil }
        // Saved tensors that are outputs are kept detached (no reference cycle through the node).
        let saved: [SavedTensor?] = ctx.savedValues.map { v in
            guard case .tensor(let t) = v else { return nil }
            if let k = outputs.firstIndex(where: { if case .tensor(let o) = $0 { return o === t }; return false }), let out = outputTensors[k] {
                return SavedTensor(out, asOutputOf: nodeName)
            }
            return SavedTensor(t)
        }
        let backwardFn = cls.lookup("backward").map(unwrapStatic)
        let positions = args.positional.count
        let inputShapes = inputs.map(\.shape)
        let outputShapes = outputTensors.map { $0?.shape ?? [] }
        let outputDTypes = outputTensors.map { $0?.dtype ?? .float32 }
        let clsName = cls.name
        let realSaved = saved.compactMap { $0 }
        // Which output each kept saved tensor is (for the create_graph aliases of several outputs).
        let savedOutputIndex: [Int?] = ctx.savedValues.compactMap { v -> Int?? in
            guard case .tensor(let t) = v else { return nil }
            return .some(outputs.firstIndex(where: { if case .tensor(let o) = $0 { return o === t }; return false }))
        }
        let savedSlots = saved.map { $0 != nil }

        /// Calls the Python backward with one gradient per forward output, checks and maps the
        /// returned gradients onto the tensor inputs.
        let runBackward: ([Tensor], [Tensor?], FormulaBackward) throws -> [Tensor?] = { [unowned self] unpacked, grads, node in
            guard let backwardFn, !self.isBaseFunctionMember(backwardFn, "backward") else {
                throw PyError(.notImplementedError, "You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.")
            }
            var it = unpacked.makeIterator()
            ctx.unpacked = savedSlots.map { $0 ? Value.tensor(it.next()!) : Value.none }
            ctx.released = false
            defer { ctx.unpacked = nil }
            let gradArgs: [Value] = try grads.enumerated().map { k, g in
                if let g { return .tensor(g) }
                return ctx.materializeGrads ? .tensor(try Tensor.zeros(outputShapes[k], dtype: outputDTypes[k])) : .none
            }
            // Grad mode as the engine set it: on under create_graph=True, so that what backward
            // computes is recorded (double backward through custom Functions), else off.
            let returned = try self.call(backwardFn, Arguments([.object(ctx)] + gradArgs))
            var items: [Value]
            if case .tuple(let t) = returned { items = t } else if case .list(let l) = returned { items = l.items } else { items = [returned] }
            if items.count > positions && items[positions...].allSatisfy({ $0.isNone }) { items = Array(items.prefix(positions)) }
            guard items.count == positions else {
                throw PyError(.runtimeError, "function \(clsName)Backward returned an incorrect number of gradients (expected \(positions), got \(items.count))")
            }
            var out: [Tensor?] = []
            for (i, v) in items.enumerated() {
                guard let k = tensorInputs.firstIndex(where: { $0.position == i }) else {
                    guard v.isNone else {
                        throw PyError(.runtimeError, "function \(clsName)Backward returned a gradient different than None at position \(i + 1), but the corresponding forward input was not a Variable")
                    }
                    continue
                }
                guard case .tensor(var g) = v else {
                    guard v.isNone else { throw PyError(.typeError, "\(clsName)Backward: expected a Tensor or None as gradient \(i), got \(self.typeName(v))") }
                    out.append(nil)
                    continue
                }
                let want = inputShapes[k]
                if g.shape != want {
                    guard (try? broadcastShapes(want, g.shape)) == g.shape else {
                        throw PyError(.runtimeError, "Function \(clsName)Backward returned an invalid gradient at index \(k) - got \(shapeList(g.shape)) but expected shape compatible with \(shapeList(want))")
                    }
                    g = try g.sumTo(want)
                }
                out.append(node.wants(k) ? g : nil)
            }
            return out
        }

        if differentiable.count == 1 && outputs.count == 1, let out = outputTensors[0] {
            let node = FormulaBackward(nodeName, saving: realSaved) { s, g, n in try runBackward(s, [g], n) }
            node.createsGraph = true
            node.pythonModule = "torch.autograd.function"
            out.attaching(node, inputs: inputs)
            return isTuple ? .tuple(finals) : .tensor(out)
        }
        // Several outputs: one core node receives all output gradients packed into one flat
        // tensor (each output's node places its own slice), unpacks and calls backward once.
        // The packing is float64, which holds float32/float16/bfloat16 gradients exactly too, and
        // is made of ops autograd records, so that create_graph=True goes through it (the
        // tutorial's Sinh returns exp(x) and exp(-x) as extra outputs for its double backward).
        let sizes = outputShapes.map { $0.reduce(1, *) }
        let offsets = sizes.indices.map { sizes[..<$0].reduce(0, +) }
        let total = sizes.reduce(0, +)
        /// The node of output k: places its gradient in the packed float64 vector.
        func slotNode(_ k: Int) -> FormulaBackward {
            let slot = FormulaBackward(nodeName) { _, g, _ in
                var parts: [Tensor] = []
                if offsets[k] > 0 { parts.append(try Tensor.zeros([offsets[k]], dtype: .float64)) }
                parts.append(try g.reshape([-1]).to(.float64))
                let after = total - offsets[k] - sizes[k]
                if after > 0 { parts.append(try Tensor.zeros([after], dtype: .float64)) }
                return [parts.count == 1 ? parts[0] : try cat(parts, dim: 0)]
            }
            slot.pythonModule = "torch.autograd.function"
            slot.createsGraph = true
            return slot
        }
        let core = FormulaBackward(nodeName, saving: realSaved) { s, packed, n in
            let grads: [Tensor?] = try sizes.indices.map { k in
                guard outputTensors[k] != nil else { return nil }
                return try packed.narrow(0, start: offsets[k], length: sizes[k]).reshape(outputShapes[k]).to(outputDTypes[k])
            }
            // Under create_graph a saved output comes back as output k of this node: behind a
            // fresh node of its own that leads here (made now, so no node keeps another alive).
            let unpacked = GradMode.isEnabled ? s.enumerated().map { i, t in
                guard let k = savedOutputIndex[i] else { return t }
                return t.detach().attaching(slotNode(k), inputs: [Tensor(scalar: Double(0)).outputAlias(of: n)])
            } : s
            return try runBackward(unpacked, grads, n)
        }
        core.pythonModule = "torch.autograd.function"
        core.createsGraph = true
        core.aliasesSavedOutputs = false
        let carrier = Tensor(scalar: Double(0)).attaching(core, inputs: inputs)
        for k in differentiable {
            guard let out = outputTensors[k] else { continue }
            out.attaching(slotNode(k), inputs: [carrier])
        }
        return isTuple ? .tuple(finals) : finals[0]
    }

    /// `args` bound to `f`'s positional parameters: given positionally, by keyword, or the
    /// default (`inspect.signature(forward).bind(*args, **kwargs).apply_defaults()`).
    func boundPositional(_ f: PyFunction, _ args: Arguments) throws -> [Value] {
        let params = f.parameters.positional
        if args.positional.count > params.count && f.parameters.varArgs == nil {
            throw PyError(.typeError, "\(f.name)() takes \(params.count) positional argument\(params.count == 1 ? "" : "s") but \(args.positional.count) were given")
        }
        var out = Array(args.positional.prefix(params.count))
        for p in params.dropFirst(out.count) {
            if let kw = args.keywords.first(where: { $0.0 == p.name }) { out.append(kw.1) }
            else if let d = f.defaults[p.name] { out.append(d) }
            else { throw PyError(.typeError, "missing a required argument: '\(p.name)'") }
        }
        return out + args.positional.dropFirst(params.count)
    }

    /// The engine's TORCH_WARN_ONCE for backward() (not autograd.grad) with create_graph=True:
    /// once per session, at the line of the first such call.
    func warnBackwardCreateGraph() {
        guard shownWarnings.insert("once|backward(create_graph=True)").inserted else { return }
        warn(category: "UserWarning", message: "Using backward() with create_graph=True will create a reference cycle between the parameter and its gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid this. If you have to use this function, make sure to reset the .grad fields of your parameters to None after use to break the cycle and avoid the leak. (Triggered internally at /__w/pytorch/pytorch/torch/csrc/autograd/engine.cpp:1445.)")
    }

    func unwrapStatic(_ v: Value) -> Value {
        if case .object(let s as StaticMethodObject) = v { return s.function }
        return v
    }

    /// Whether `v` is the base class's own placeholder (the user did not define the method).
    func isBaseFunctionMember(_ v: Value, _ name: String) -> Bool {
        guard let base = try? autogradFunctionClass.attributes.get(.str(name)) else { return false }
        if case .builtin(let a) = v, case .builtin(let b) = base { return a === b }
        if case .object(let a as StaticMethodObject) = v, case .object(let b as StaticMethodObject) = base { return a === b }
        return false
    }
}

/// The process-wide `torch.autograd.Function` base class.
final class AutogradClasses {
    static let shared = AutogradClasses()
    let function: PyClass

    private init() {
        let attrs = PyDict()
        function = PyClass(name: "Function", bases: [BuiltinTypes.shared.object], attributes: attrs, builtinKind: .object)
        function.qualifiedName = "torch.autograd.function.Function"
        try? attrs.set(.str("apply"), .object(ClassMethodObject(.builtin(BuiltinFunction("apply") { a, interp in
            guard case .cls(let c)? = a.positional.first else { throw PyError(.typeError, "apply() must be called on an autograd.Function subclass") }
            return try interp.applyAutogradFunction(c, Arguments(Array(a.positional.dropFirst()), a.keywords))
        }))))
        // The placeholders a subclass overrides.
        try? attrs.set(.str("forward"), .object(StaticMethodObject(.builtin(BuiltinFunction("forward") { _, _ in
            throw PyError(.notImplementedError, "You must implement the forward function for custom autograd.Function.")
        }))))
        try? attrs.set(.str("setup_context"), .object(StaticMethodObject(.builtin(BuiltinFunction("setup_context") { _, _ in
            throw PyError(.notImplementedError, "setup_context is not implemented.")
        }))))
        try? attrs.set(.str("backward"), .object(StaticMethodObject(.builtin(BuiltinFunction("backward") { _, _ in
            throw PyError(.notImplementedError, "You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.")
        }))))
        try? attrs.set(.str("__call__"), .builtin(BuiltinFunction("__call__") { _, _ in
            throw PyError(.runtimeError, "Legacy autograd function with non-static forward method is deprecated. Please use new-style autograd function with static forward method. (Example: https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")
        }))
    }
}

/// The `ctx` of a custom Function: free attributes plus PyTorch's context methods.
final class FunctionCtxObject: NativeObject {
    var attributes: [String: Value] = [:]
    var savedValues: [Value] = []
    /// The saved tensors, unpacked (version-checked) while backward runs.
    var unpacked: [Value]?
    var released = false
    var needsInputGrad: [Bool] = []
    var nonDifferentiable: [Tensor] = []
    var dirty = false
    var materializeGrads = true

    override var typeName: String { "BackwardCFunction" }
    override func repr() -> String { "<torch.autograd.function.BackwardCFunction object at \(addressString(self))>" }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "save_for_backward":
            return .builtin(BuiltinFunction("save_for_backward") { [unowned self] a, i in
                for v in a.positional where !(v.isTensor || v.isNone) {
                    throw PyError(.typeError, "save_for_backward can only save variables, but argument \(a.positional.firstIndex(where: { !($0.isTensor || $0.isNone) })!) is of type \(i.typeName(v))")
                }
                self.savedValues = a.positional
                return .none
            })
        case "saved_tensors", "saved_variables":
            if let u = unpacked { return .tuple(u) }
            return .tuple(savedValues)
        case "needs_input_grad": return .tuple(needsInputGrad.map { .bool($0) })
        case "mark_non_differentiable":
            return .builtin(BuiltinFunction("mark_non_differentiable") { [unowned self] a, _ in
                for v in a.positional { if case .tensor(let t) = v { self.nonDifferentiable.append(t) } }
                return .none
            })
        case "mark_dirty":
            return .builtin(BuiltinFunction("mark_dirty") { [unowned self] _, _ in self.dirty = true; return .none })
        case "set_materialize_grads":
            return .builtin(BuiltinFunction("set_materialize_grads") { [unowned self] a, i in
                self.materializeGrads = try i.truthy(a.positional.first ?? .true)
                return .none
            })
        default:
            return attributes[name]
        }
    }

    override func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        attributes[name] = value
        return true
    }

    override func attributeNames() -> [String] {
        Array(attributes.keys) + ["save_for_backward", "saved_tensors", "needs_input_grad", "mark_non_differentiable", "mark_dirty", "set_materialize_grads"]
    }
}

