import Engine
import NN

/// nn.Module's hooks as PyTorch 2.15 runs them (torch/nn/modules/module.py `_call_impl`,
/// torch/utils/hooks.py `BackwardHook`): forward pre-hooks and forward hooks (which may replace
/// the arguments and the result), full backward hooks and backward pre-hooks (seen through
/// identity nodes named BackwardHookFunctionBackward on the module's inputs and outputs), and the
/// deprecated `register_backward_hook` (a hook on the output's grad_fn, with its warnings).
extension Interpreter {
    /// `_call_impl` for a module that has hooks. Hooks are Python callables kept in
    /// `Module.hooks`; `forward` is `runModuleForward`.
    func callModuleWithHooks(_ m: Module, _ given: Arguments, range: SourceRange?) throws -> Value {
        var args = given
        var result: Value = .none
        var alwaysCalledRun = Set<Int>()
        func function(_ hook: Any) -> Value { hook as? Value ?? .none }
        func kwargsDict() throws -> Value { .dict(try PyDict(args.keywords.map { (Value.str($0.0), $0.1) })) }
        do {
            let hooks = m.hooks
            for (id, hook) in hooks.forwardPre.entries {
                if hooks.forwardPreWithKwargs.contains(id) {
                    let r = try call(function(hook), Arguments([.module(m), .tuple(args.positional), try kwargsDict()]))
                    guard !r.isNone else { continue }
                    guard case .tuple(let pair) = r, pair.count == 2 else {
                        throw PyError(.runtimeError, "forward pre-hook must return None or a tuple of (new_args, new_kwargs), but got \(try str(r)).")
                    }
                    args = Arguments(try collect(pair[0], range: nil), try keywordArguments(pair[1]))
                } else {
                    let r = try call(function(hook), Arguments([.module(m), .tuple(args.positional)]))
                    guard !r.isNone else { continue }
                    if case .tuple(let t) = r { args.positional = t } else { args.positional = [r] }
                }
            }
            let full = hooks.isFullBackwardHook == true ? hooks.backward.hooks.map(function) : []
            let nonFull = hooks.isFullBackwardHook == false ? hooks.backward.hooks.map(function) : []
            let backwardPre = hooks.backwardPre.hooks.map(function)
            var backwardHook: ModuleBackwardHook?
            if !full.isEmpty || !backwardPre.isEmpty {
                let bw = ModuleBackwardHook(module: m, hooks: full, preHooks: backwardPre, interpreter: self)
                args.positional = try bw.setupInputs(args.positional)
                backwardHook = bw
            }
            result = try runModuleForward(m, args, range: range)
            for (id, hook) in hooks.forward.entries {
                if hooks.forwardAlwaysCalled.contains(id) { alwaysCalledRun.insert(id) }
                let r = hooks.forwardWithKwargs.contains(id)
                    ? try call(function(hook), Arguments([.module(m), .tuple(args.positional), try kwargsDict(), result]))
                    : try call(function(hook), Arguments([.module(m), .tuple(args.positional), result]))
                if !r.isNone { result = r }
            }
            if let backwardHook {
                switch result {
                case .tensor, .tuple: break
                default:
                    warn(category: "UserWarning", message: "For backward hooks to be called, module output should be a Tensor or a tuple of Tensors but received <class '\(qualifiedTypeName(result))'>")
                }
                result = try backwardHook.setupOutputs(result)
            }
            if !nonFull.isEmpty { try attachNonFullBackwardHooks(m, nonFull, args: args.positional, result: result) }
            return result
        } catch let error as PyError where !error.isKeyboardInterrupt {
            // The always-called forward hooks that did not run yet run now; what they raise is
            // only a warning, and the forward's error goes on.
            let hooks = m.hooks
            for (id, hook) in hooks.forward.entries where hooks.forwardAlwaysCalled.contains(id) && !alwaysCalledRun.contains(id) {
                do {
                    let r = hooks.forwardWithKwargs.contains(id)
                        ? try call(function(hook), Arguments([.module(m), .tuple(args.positional), try kwargsDict(), result]))
                        : try call(function(hook), Arguments([.module(m), .tuple(args.positional), result]))
                    if !r.isNone { result = r }
                } catch let e as PyError where !e.isKeyboardInterrupt {
                    warn(category: "UserWarning", message: "module forward hook with ``always_call=True`` raised an exception that was silenced as another error was raised in forward: \(e.message)")
                }
            }
            throw error
        }
    }

    /// A pre-hook's new keyword arguments (a dict of str keys).
    private func keywordArguments(_ v: Value) throws -> [(String, Value)] {
        guard case .dict(let d) = v else { throw PyError(.typeError, "argument after ** must be a mapping, not \(typeName(v))") }
        return try zip(d.keys, d.values).map { k, value in
            guard case .str(let s) = k else { throw PyError(.typeError, "keywords must be strings") }
            return (s, value)
        }
    }

    /// The name `type(v)` shows in `<class '…'>`.
    private func qualifiedTypeName(_ v: Value) -> String {
        if case .none = v { return "NoneType" }
        return typeName(v)
    }

    /// The deprecated `register_backward_hook`: each hook goes on the grad_fn of the first
    /// tensor of the result, where it sees that node's gradients (not the module's inputs'), and
    /// PyTorch's FutureWarnings say when that differs from the module's own gradients.
    private func attachNonFullBackwardHooks(_ m: Module, _ hooks: [Value], args: [Value], result: Value) throws {
        var v = result
        while true {
            if case .tensor = v { break }
            // A result that contains itself (`l.append(l)`) would descend for ever, as in
            // PyTorch; Ctrl-C stops it.
            try checkInterruptPy()
            switch v {
            case .tuple(let items) where !items.isEmpty: v = items[0]
            case .list(let l) where !l.items.isEmpty: v = l.items[0]
            case .dict(let d):
                guard let t = d.values.first(where: { if case .tensor = $0 { return true }; return false }) else {
                    throw PyError("StopIteration", "")
                }
                v = t
            default:
                throw PyError(.typeError, "'\(typeName(v))' object is not subscriptable")
            }
        }
        guard case .tensor(let out) = v, let node = out.gradFn else { return }
        for hook in hooks {
            node.postHooks.add { [unowned self] gradInputs, gradOutputs in
                try self.nodeHookResult(hook, Arguments([.module(m), gradientTuple(gradInputs), gradientTuple(gradOutputs)]), replacing: gradInputs)
            }
        }
        warnNonFullBackwardHook(args: args, result: result, node: node)
    }

    /// `_maybe_warn_non_full_backward_hook`.
    private func warnNonFullBackwardHook(args: [Value], result: Value, node: Node) {
        func tensors(_ items: [Value]) -> [Tensor]? {
            items.allSatisfy({ if case .tensor = $0 { return true }; return false }) ? items.compactMap { if case .tensor(let t) = $0 { return t }; return nil } : nil
        }
        let outputs: [Tensor]
        switch result {
        case .tensor(let t): outputs = [t]
        case .tuple(let items) where tensors(items) != nil: outputs = tensors(items)!
        default:
            warn(category: "FutureWarning", message: "Using non-full backward hooks on a Module that does not return a single Tensor or a tuple of Tensors is deprecated and will be removed in future versions. This hook will be missing some of the grad_output. Please use register_full_backward_hook to get the documented behavior.")
            return
        }
        guard let inputs = tensors(args) else {
            warn(category: "FutureWarning", message: "Using non-full backward hooks on a Module that does not take as input a single Tensor or a tuple of Tensors is deprecated and will be removed in future versions. This hook will be missing some of the grad_input. Please use register_full_backward_hook to get the documented behavior.")
            return
        }
        let outputNodes = Set(outputs.compactMap { $0.gradFn.map(ObjectIdentifier.init) })
        if outputNodes.isEmpty || (outputNodes.count == 1 && !outputNodes.contains(ObjectIdentifier(node))) {
            warn(category: "FutureWarning", message: "Using a non-full backward hook when outputs are nested in python data structure is deprecated and will be removed in future versions. This hook will be missing some grad_output.")
        } else if outputNodes.count > 1 {
            warn(category: "FutureWarning", message: "Using a non-full backward hook when outputs are generated by different autograd Nodes is deprecated and will be removed in future versions. This hook will be missing some grad_output. Please use register_full_backward_hook to get the documented behavior.")
        } else {
            // {i.grad_fn for i in inputs if i.grad_fn is not None} != {n[0] for n in grad_fn.next_functions}
            // (None counts as a member of the second set).
            let inputNodes = Set(inputs.compactMap { $0.gradFn.map { Optional(ObjectIdentifier($0)) } })
            let nextNodes = Set(node.nextEdges.map { $0.map { ObjectIdentifier($0.node) } })
            if inputNodes != nextNodes {
                warn(category: "FutureWarning", message: "Using a non-full backward hook when the forward contains multiple autograd Nodes is deprecated and will be removed in future versions. This hook will be missing some grad_input. Please use register_full_backward_hook to get the documented behavior.")
            }
        }
    }

    /// What a `grad_fn.register_hook` / `register_prehook` hook returned, checked as PyTorch's
    /// python_hook.cpp checks it: None keeps `current`, else a tuple of as many gradients, and
    /// no gradient where none flowed.
    func nodeHookResult(_ hook: Value, _ args: Arguments, replacing current: [Tensor?]) throws -> [Tensor?]? {
        let r = try call(hook, args)
        if r.isNone { return nil }
        guard case .tuple(let items) = r else { throw PyError(.typeError, "expected tuple, but hook returned '\(typeName(r))'") }
        guard items.count == current.count else {
            let name = (try? str((try? lookupAttribute(hook, "__name__")) ?? .str("hook"))) ?? "hook"
            throw PyError(.runtimeError, "hook '\(name)' has returned an incorrect number of values (got \(items.count), but expected \(current.count))")
        }
        return try zip(items, current).map { item, old in
            switch item {
            case .none: return nil
            case .tensor(let t):
                guard old != nil else { throw PyError(.runtimeError, "can't replace a None gradient with a non-None value") }
                return t
            default: throw PyError(.typeError, "expected Variable or None (got \(typeName(item)))")
            }
        }
    }

    /// Gradients as the tuple a hook receives (None where there is none).
    func gradientTuple(_ grads: [Tensor?]) -> Value { .tuple(grads.map { $0.map(Value.tensor) ?? .none }) }

    /// What a hook returned for a tuple of gradients: tensors or None, any sequence.
    func gradientList(_ v: Value, what: String) throws -> [Tensor?] {
        try collect(v, range: nil).map { item in
            switch item {
            case .tensor(let t): return t
            case .none: return nil
            default: throw PyError(.typeError, "expected a Tensor or None in the returned \(what), got \(typeName(item))")
            }
        }
    }

    // MARK: registration

    /// `register_forward_pre_hook`, `register_forward_hook`, `register_full_backward_hook`,
    /// `register_full_backward_pre_hook`, `register_backward_hook`: nil for other names.
    func moduleHookRegistration(_ m: Module, _ name: String) -> Value? {
        let signature: String
        switch name {
        case "register_forward_pre_hook": signature = "hook, *, prepend=False, with_kwargs=False"
        case "register_forward_hook": signature = "hook, *, prepend=False, with_kwargs=False, always_call=False"
        case "register_full_backward_hook", "register_full_backward_pre_hook": signature = "hook, prepend=False"
        case "register_backward_hook": signature = "hook"
        default: return nil
        }
        let f = BuiltinFunction(name) { [weak self] a, _ in
            guard let self else { return .none }
            let b = try Signature.of(name, signature).bind(a, self)
            let hook = b["hook"]
            let prepend = name == "register_backward_hook" ? false : try b.bool("prepend")
            let id: Int
            switch name {
            case "register_forward_pre_hook":
                id = m.hooks.forwardPre.add(hook, prepend: prepend)
                if try b.bool("with_kwargs") { m.hooks.forwardPreWithKwargs.insert(id) }
            case "register_forward_hook":
                id = m.hooks.forward.add(hook, prepend: prepend)
                if try b.bool("with_kwargs") { m.hooks.forwardWithKwargs.insert(id) }
                if try b.bool("always_call") { m.hooks.forwardAlwaysCalled.insert(id) }
            case "register_full_backward_pre_hook":
                id = m.hooks.backwardPre.add(hook, prepend: prepend)
            default:
                let full = name == "register_full_backward_hook"
                if m.hooks.isFullBackwardHook == !full {
                    throw PyError(.runtimeError, "Cannot use both regular backward hooks and full backward hooks on a single Module. Please use only one of them.")
                }
                m.hooks.isFullBackwardHook = full
                id = m.hooks.backward.add(hook, prepend: prepend)
            }
            self.routeSwiftCalls(through: m)
            return .object(HookHandle(id: id) { [weak m] in m?.hooks.remove(id) })
        }
        f.pythonTypeName = "method"
        f.signature = signature
        return .builtin(f)
    }

    /// Calls made from Swift (a built-in layer calling its sub-layer) run the hooks too, and
    /// the shell's observers after them, as a call from Python does.
    private func routeSwiftCalls(through m: Module) {
        guard m.hookedCall == nil else { return }
        m.hookedCall = { [weak self] module, input in
            guard let self else { return try module.forward(input) }
            let out = try self.callModule(module, Arguments([.tensor(input)]), range: nil)
            guard case .tensor(let t) = out else {
                throw PyError(.typeError, "a hook of \(module.typeName) made it return \(self.typeName(out)) where the layer around it needs a Tensor")
            }
            return t
        }
    }

    /// `_forward_hooks`, `_forward_pre_hooks`, `_backward_hooks`, `_backward_pre_hooks` (live
    /// OrderedDict views: `model._forward_hooks.clear()` removes them), the `_with_kwargs` and
    /// `_always_called` dicts, and `_is_full_backward_hook`.
    func moduleHookDict(_ m: Module, _ name: String) throws -> Value? {
        if name == "_is_full_backward_hook" { return m.hooks.isFullBackwardHook.map(Value.bool) ?? Value.none }
        if let kind = HookDictView.Kind(rawValue: name) { return .object(HookDictView(m, kind)) }
        let ids: Set<Int>
        switch name {
        case "_forward_hooks_with_kwargs": ids = m.hooks.forwardWithKwargs
        case "_forward_hooks_always_called": ids = m.hooks.forwardAlwaysCalled
        case "_forward_pre_hooks_with_kwargs": ids = m.hooks.forwardPreWithKwargs
        default: return nil
        }
        let d = PyDict()
        d.isOrderedDict = true
        for id in ids.sorted() { try d.set(.int(id), .bool(true)) }
        return .dict(d)
    }
}

/// One of a module's hook dictionaries, read live: printing, `len`, iteration, `keys()`,
/// `values()`, `items()`, indexing by id, and `clear()` / `pop(id)` / `del d[id]`, which remove.
final class HookDictView: NativeObject, DictSnapshotView {
    enum Kind: String {
        case forwardPre = "_forward_pre_hooks", forward = "_forward_hooks"
        case backwardPre = "_backward_pre_hooks", backward = "_backward_hooks"
    }
    let module: Module, kind: Kind
    init(_ module: Module, _ kind: Kind) { self.module = module; self.kind = kind }

    var entries: [(id: Int, hook: Any)] {
        switch kind {
        case .forwardPre: return module.hooks.forwardPre.entries
        case .forward: return module.hooks.forward.entries
        case .backwardPre: return module.hooks.backwardPre.entries
        case .backward: return module.hooks.backward.entries
        }
    }

    func snapshot() throws -> PyDict {
        let d = PyDict()
        d.isOrderedDict = true
        for (id, hook) in entries { try d.set(.int(id), hook as? Value ?? .none) }
        return d
    }

    override var typeName: String { "OrderedDict" }
    override func length() throws -> Int? { entries.count }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        AnyIterator(entries.map { Value.int($0.id) }.makeIterator())
    }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        guard case .int(let id) = key, let entry = entries.first(where: { $0.id == id }) else {
            throw PyError(.keyError, (try? interp.repr(key)) ?? "?")
        }
        return entry.hook as? Value ?? .none
    }
    func delete(_ key: Value, _ interp: Interpreter) throws {
        _ = try getItem(key, interp)
        if case .int(let id) = key { module.hooks.remove(id) }
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "clear":
            return .builtin(BuiltinFunction("clear") { _, _ in
                for (id, _) in self.entries { self.module.hooks.remove(id) }
                return .none
            })
        case "pop":
            return .builtin(BuiltinFunction("pop") { a, i in
                guard let key = a.positional.first else { throw PyError(.typeError, "pop expected at least 1 argument, got 0") }
                if case .int(let id) = key, let entry = self.entries.first(where: { $0.id == id }) {
                    self.module.hooks.remove(id)
                    return entry.hook as? Value ?? .none
                }
                if a.positional.count > 1 { return a.positional[1] }
                throw PyError(.keyError, (try? i.repr(key)) ?? "?")
            })
        case "keys", "values", "items", "copy", "get", "__contains__", "__len__":
            return try interp.lookupAttribute(.dict(try snapshot()), name)
        default: return nil
        }
    }
    override func attributeNames() -> [String] { ["clear", "copy", "get", "items", "keys", "pop", "values"] }
}

/// `torch.utils.hooks.RemovableHandle`: what every `register_*hook` returns. `remove()` (also
/// at the end of a `with` block) takes the hook out; `id` is PyTorch's handle number.
final class HookHandle: NativeObject, ContextManager {
    let id: Int
    let removeAction: () -> Void
    init(id: Int, remove: @escaping () -> Void) {
        self.id = id
        removeAction = remove
    }
    override var typeName: String { "RemovableHandle" }
    override func repr() -> String { "<torch.utils.hooks.RemovableHandle object at \(addressString(self))>" }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "remove": return .builtin(BuiltinFunction("remove") { _, _ in self.removeAction(); return .none })
        case "id": return .int(id)
        default: return nil
        }
    }
    override func attributeNames() -> [String] { ["id", "remove"] }
    func enter(_ interp: Interpreter) throws -> Value { .object(self) }
    func exit(_ interp: Interpreter) { removeAction() }
}

/// torch/utils/hooks.py `BackwardHook`, made for one call of a module with full backward hooks
/// or backward pre-hooks: the module's tensor arguments and tensor results pass through
/// identity nodes (BackwardHookFunctionBackward, as PyTorch's `BackwardHookFunction`); when the
/// backward reaches the outputs' node it keeps the gradients of the outputs (after the
/// pre-hooks, which may replace them), and when it reaches the inputs' node the hooks see both.
final class ModuleBackwardHook {
    let module: Module
    let hooks: [Value], preHooks: [Value]
    unowned let interpreter: Interpreter
    var gradOutputs: [Tensor?]?
    var outputCount = -1, outputTensorIndex: [Int]?
    var inputCount = -1, inputTensorIndex: [Int]?

    init(module: Module, hooks: [Value], preHooks: [Value], interpreter: Interpreter) {
        self.module = module
        self.hooks = hooks
        self.preHooks = preHooks
        self.interpreter = interpreter
    }

    /// `setup_input_hook`: the arguments with their tensors passed through the inputs' node
    /// (whose closure keeps this object alive for as long as the graph lives).
    func setupInputs(_ args: [Value]) throws -> [Value] {
        let (out, index) = apply(args, materialize: true) { grads in try self.inputsReached(grads) }
        inputCount = args.count
        inputTensorIndex = index
        return out
    }

    /// `setup_output_hook`: the result (a tensor or a tuple) with its tensors passed through
    /// the outputs' node.
    func setupOutputs(_ result: Value) throws -> Value {
        let isTuple: Bool
        let items: [Value]
        if case .tuple(let t) = result { items = t; isTuple = true } else { items = [result]; isTuple = false }
        let (out, index) = apply(items, materialize: false) { grads in try self.outputsReached(grads) }
        outputCount = items.count
        outputTensorIndex = index
        return isTuple ? .tuple(out) : out[0]
    }

    /// `_apply_on_tensors`: nothing to do unless a tensor requires grad and grad mode is on.
    private func apply(_ items: [Value], materialize: Bool, reached: @escaping ([Tensor?]) throws -> [Tensor?]) -> ([Value], [Int]?) {
        var index: [Int] = []
        var tensors: [Tensor] = []
        for (i, v) in items.enumerated() {
            if case .tensor(let t) = v { index.append(i); tensors.append(t) }
        }
        guard GradMode.isEnabled, tensors.contains(where: \.requiresGrad) else { return (items, nil) }
        _ = HookIDs.make() // PyTorch registers this node's hook through a RemovableHandle
        let passed = BackwardHookFunction.apply(tensors, materialize: materialize, reached: reached)
        var out = items
        for (k, i) in index.enumerated() { out[i] = .tensor(passed[k]) }
        return (out, index)
    }

    private func pack(_ index: [Int]?, _ values: [Tensor?], _ count: Int) -> [Tensor?] {
        var res = [Tensor?](repeating: nil, count: max(count, 0))
        for (i, v) in zip(index ?? [], values) { res[i] = v }
        return res
    }

    /// Calls each hook with the module and `arguments(current)`; what one returns (a sequence of
    /// as many gradients, its `len()` taken first as PyTorch does) replaces `current`.
    private func replacing(_ start: [Tensor?], by hooks: [Value], what: String, mismatch: String,
                           arguments: ([Tensor?]) -> [Value]) throws -> [Tensor?] {
        var current = start
        for hook in hooks {
            let r = try interpreter.call(hook, Arguments([.module(module)] + arguments(current)))
            guard !r.isNone else { continue }
            _ = try interpreter.length(r)
            let replaced = try interpreter.gradientList(r, what: what)
            guard replaced.count == current.count else {
                throw PyError(.runtimeError, "\(mismatch), got \(replaced.count), but expected \(current.count)")
            }
            current = replaced
        }
        return current
    }

    /// The outputs' node ran: keep the gradients of the outputs (through the pre-hooks). With no
    /// input that requires grad, the hooks fire here, with None for every input.
    private func outputsReached(_ grads: [Tensor?]) throws -> [Tensor?] {
        let outputs = try replacing(pack(outputTensorIndex, grads, outputCount), by: preHooks, what: "grad_output",
                                    mismatch: "Backward pre hook returned an invalid number of grad_output") { [interpreter] outputs in
            [interpreter.gradientTuple(outputs)]
        }
        gradOutputs = outputs
        if inputTensorIndex == nil {
            if !hooks.isEmpty {
                interpreter.warn(category: "UserWarning", message: "Full backward hook is firing when gradients are computed with respect to module outputs since no inputs require gradients. See https://docs.pytorch.org/docs/main/generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more details.")
                let inputs = [Tensor?](repeating: nil, count: max(inputCount, 0))
                for hook in hooks {
                    let r = try interpreter.call(hook, Arguments([.module(module), interpreter.gradientTuple(inputs), interpreter.gradientTuple(outputs)]))
                    let allNone: Bool
                    if case .tuple(let items) = r { allNone = items.allSatisfy(\.isNone) } else { allNone = r.isNone }
                    guard allNone else {
                        throw PyError(.runtimeError, "Backward hook for Modules where no input requires gradient should always return None or None for all gradients.")
                    }
                }
            }
            gradOutputs = nil
        }
        return (outputTensorIndex ?? []).map { outputs[$0] }
    }

    /// The inputs' node ran: the hooks see the inputs' gradients and the kept outputs' ones,
    /// and may replace the former.
    private func inputsReached(_ grads: [Tensor?]) throws -> [Tensor?] {
        // A gradient that reached the inputs without passing the outputs (a double backward).
        guard let outputs = gradOutputs else { return grads }
        let inputs = try replacing(pack(inputTensorIndex, grads, inputCount), by: hooks, what: "grad_input",
                                   mismatch: "Backward hook returned an invalid number of grad_input") { [interpreter] inputs in
            [interpreter.gradientTuple(inputs), interpreter.gradientTuple(outputs)]
        }
        gradOutputs = nil
        return (inputTensorIndex ?? []).map { inputs[$0] }
    }
}
