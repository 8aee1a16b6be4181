import Engine
import NN

/// The `copy` module: `copy.copy` and `copy.deepcopy` with Python's and PyTorch's rules.
///
/// `deepcopy` keeps a memo of what it copied, so an object reached twice is copied once and
/// aliasing survives (`[t, t]` becomes `[t2, t2]`; two views of one storage stay views of one
/// new storage, as `Tensor.__deepcopy__` deep-copies the storage through the memo). A
/// Parameter's copy is `Parameter(data.clone(), requires_grad)` (its grad is not copied); a
/// plain tensor keeps `requires_grad` and gets a copy of its grad; a tensor with history is
/// PyTorch's RuntimeError. Modules are rebuilt with the same class and options and deep copies
/// of their parameters, buffers, children and attributes — without drawing random numbers.
extension Interpreter {
    func makeCopyModule() -> NamespaceObject {
        let ns = NamespaceObject("copy")
        ns.members["copy"] = .builtin(BuiltinFunction("copy") { [unowned self] a, _ in
            guard a.positional.count == 1, a.keywords.isEmpty else {
                throw PyError(.typeError, "copy() takes exactly one argument (\(a.positional.count) given)")
            }
            return try self.shallowCopy(a.positional[0])
        })
        ns.members["deepcopy"] = .builtin(BuiltinFunction("deepcopy") { [unowned self] a, _ in
            let b = try Signature.of("deepcopy", "x, memo=None, _nil=[]").bind(a, self)
            var memo = DeepCopyMemo()
            return try self.deepCopy(b["x"], &memo)
        })
        ns.members["Error"] = .cls(exceptionClass("Error"))
        return ns
    }

    /// `copy.copy(x)`.
    func shallowCopy(_ v: Value) throws -> Value {
        switch v {
        case .list(let l): return .list(PyList(l.items))
        case .dict(let d): return .dict(d.copy())
        case .set(let s): return s.isFrozen ? v : .set(s.copy())
        case .tensor(let t):
            // Tensor.__reduce_ex__: a new tensor object over the same storage; no grad.
            let c = t.rebased(on: t.storage)
            if t.requiresGrad { try c.setRequiresGrad(true) }
            c.isParameter = t.isParameter
            return .tensor(c)
        case .module(let m):
            var memo = DeepCopyMemo()
            return .module(try copyModule(m, &memo, deep: false))
        case .instance(let inst):
            if let f = inst.cls.lookup("__copy__") { return try call(f, Arguments([v])) }
            let c = PyInstance(cls: inst.cls)
            for (k, x) in inst.attributes.pairs { try c.attributes.set(k, x) }
            return .instance(c)
        case .object(let o):
            var memo = DeepCopyMemo()
            return try copyNative(o, &memo, deep: false)
        default: return v
        }
    }

    /// `copy.deepcopy(x, memo)`.
    func deepCopy(_ v: Value, _ memo: inout DeepCopyMemo) throws -> Value {
        switch v {
        case .none, .bool, .int, .float, .str, .function, .builtin, .cls: return v
        case .tuple(let items): return .tuple(try items.map { try deepCopy($0, &memo) })
        case .list(let l):
            if let done = memo.values[ObjectIdentifier(l)] { return done }
            let c = PyList()
            memo.values[ObjectIdentifier(l)] = .list(c)
            c.items = try l.items.map { try deepCopy($0, &memo) }
            return .list(c)
        case .dict(let d):
            if let done = memo.values[ObjectIdentifier(d)] { return done }
            let c = PyDict()
            c.kind = d.kind
            memo.values[ObjectIdentifier(d)] = .dict(c)
            for (k, x) in d.pairs { try c.set(try deepCopy(k, &memo), try deepCopy(x, &memo)) }
            return .dict(c)
        case .set(let s):
            if let done = memo.values[ObjectIdentifier(s)] { return done }
            let c = PySet()
            c.isFrozen = s.isFrozen
            for x in s.items { try c.add(try deepCopy(x, &memo)) }
            memo.values[ObjectIdentifier(s)] = .set(c)
            return .set(c)
        case .tensor(let t): return .tensor(try deepCopyTensor(t, &memo))
        case .module(let m):
            if let done = memo.values[ObjectIdentifier(m)] { return done }
            return .module(try copyModule(m, &memo, deep: true))
        case .boundMethod(let bm):
            return .boundMethod(BoundMethod(receiver: try deepCopy(bm.receiver, &memo), function: bm.function))
        case .instance(let inst):
            if let done = memo.values[ObjectIdentifier(inst)] { return done }
            if let f = inst.cls.lookup("__deepcopy__") {
                let r = try call(f, Arguments([v, .dict(PyDict())]))
                memo.values[ObjectIdentifier(inst)] = r
                return r
            }
            let c = PyInstance(cls: inst.cls)
            memo.values[ObjectIdentifier(inst)] = .instance(c)
            for (k, x) in inst.attributes.pairs { try c.attributes.set(k, try deepCopy(x, &memo)) }
            return .instance(c)
        case .object(let o):
            if let done = memo.values[ObjectIdentifier(o)] { return done }
            let c = try copyNative(o, &memo, deep: true)
            memo.values[ObjectIdentifier(o)] = c
            return c
        }
    }

    /// `Tensor.__deepcopy__` / `Parameter.__deepcopy__`.
    func deepCopyTensor(_ t: Tensor, _ memo: inout DeepCopyMemo) throws -> Tensor {
        if case .tensor(let done)? = memo.values[ObjectIdentifier(t)] { return done }
        let result: Tensor
        if t.isParameter {
            result = try makeParameter(try GradMode.with(false) { try t.detach().clone() }, requiresGrad: t.requiresGrad)
        } else {
            guard t.isLeaf else {
                throw PyError(.runtimeError, "Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol at the moment.  If you were attempting to deepcopy a module, this may be because of a torch.nn.utils.weight_norm usage, see https://github.com/pytorch/pytorch/pull/103001")
            }
            let storage: Storage
            if let s = memo.storages[ObjectIdentifier(t.storage)] { storage = s } else {
                storage = try t.storage.duplicate()
                memo.storages[ObjectIdentifier(t.storage)] = storage
            }
            result = t.rebased(on: storage)
            if t.requiresGrad { try result.setRequiresGrad(true) }
            if let g = t.grad { result.grad = try deepCopyTensor(g, &memo) }
        }
        memo.values[ObjectIdentifier(t)] = .tensor(result)
        return result
    }

    /// A copy of a module: same class and options; with `deep`, copies of its parameters,
    /// buffers, children and attributes (the memo keeps shared ones shared), else the same ones.
    func copyModule(_ m: Module, _ memo: inout DeepCopyMemo, deep: Bool) throws -> Module {
        let copy: Module
        if let sm = m as? ScriptedModule {
            let c = newScriptedModule(sm.cls)
            c.moduleInitialized = sm.moduleInitialized
            memo.values[ObjectIdentifier(m)] = .module(c)
            for (k, x) in sm.plainAttributes.pairs { try c.plainAttributes.set(k, deep ? try deepCopy(x, &memo) : x) }
            copy = c
        } else {
            copy = try rebuildLayer(m)
            memo.values[ObjectIdentifier(m)] = .module(copy)
            if let extra = extraModuleAttributes(m) {
                for (k, x) in extra.pairs {
                    guard case .str(let name) = k else { continue }
                    try setPlainLayerAttribute(copy, name, deep ? try deepCopy(x, &memo) : x)
                }
            }
        }
        // The registries mirror the original's, in its order (the rebuilt layer's own
        // freshly made parameters are replaced).
        for (name, _) in copy.childEntries where !m.hasChild(name) { copy.removeRegistered(name) }
        for (name, _) in copy.parameterEntries where !m.hasParameter(name) { copy.removeRegistered(name) }
        for (name, _) in copy.bufferEntries where !m.hasBuffer(name) { copy.removeRegistered(name) }
        for (name, p) in m.parameterEntries {
            copy.registerParameter(name, try p.map { deep ? try deepCopyTensor($0, &memo) : $0 })
        }
        for (name, b) in m.bufferEntries {
            copy.registerBuffer(name, try b.map { deep ? try deepCopyTensor($0, &memo) : $0 }, persistent: !m.nonPersistentBuffers.contains(name))
        }
        for (name, child) in m.childEntries {
            var c = child
            if deep, let ch = child {
                guard case .module(let cm) = try deepCopy(.module(ch), &memo) else { continue }
                c = cm
            }
            copy.registerModule(name, c)
        }
        copy.training = m.training
        // copy.deepcopy copies the hook dictionaries, the hook functions themselves shared.
        copy.hooks = m.hooks
        copy.hookedCall = m.hookedCall
        return copy
    }

    /// A new built-in layer of `m`'s class and options. Containers start empty (their children
    /// are copied by the caller); other layers are built again from the arguments they were
    /// created with, with the random generator's state put back afterwards, so copying draws
    /// nothing (PyTorch's deepcopy copies; it does not initialise).
    private func rebuildLayer(_ m: Module) throws -> Module {
        if m is Sequential { return Sequential() }
        if m is ModuleList { return ModuleList() }
        let state = Generator.global.rngState()
        defer { _ = Generator.global.setRngState(state) }
        guard let recipe = layerRecipes[ObjectIdentifier(m)], recipe.module === m else {
            // Layers made inside other layers (a transformer layer's self_attn, linear1, ...).
            if let c = m as? FreshCopyable {
                do { return try c.freshCopy() } catch let e as TorchError { throw PyError(e) }
            }
            throw PyError(.typeError, "cannot copy this \(m.typeName): nnrepl does not know how it was built")
        }
        guard case .module(let fresh) = try recipe.layerClass.call(recipe.arguments, self) else {
            throw PyError(.typeError, "cannot copy this \(m.typeName)")
        }
        return fresh
    }

    /// Native objects: immutable ones are returned as they are; datasets copy their tensors;
    /// the rest cannot be copied, with Python's message.
    private func copyNative(_ o: NativeObject, _ memo: inout DeepCopyMemo, deep: Bool) throws -> Value {
        switch o {
        case is SizeObject, is DTypeObject, is DeviceObject, is RangeObject, is SliceObject, is EllipsisObject,
             is BuiltinType, is LayerClassObject, is TensorTypeObject, is ParameterTypeObject:
            return .object(o)
        case let ds as TensorDatasetObject:
            guard deep else { return .object(TensorDatasetObject(ds.tensors)) }
            var copies: [Tensor] = []
            for t in ds.tensors { copies.append(try deepCopyTensor(t, &memo)) }
            return .object(TensorDatasetObject(copies))
        default:
            let name = o is NamespaceObject ? "module" : o.typeName
            throw PyError(.typeError, "cannot pickle '\(name)' object")
        }
    }

    /// Remembers how a built-in layer was constructed (for `copy.deepcopy`).
    func recordLayerRecipe(_ m: Module, _ cls: LayerClassObject, _ args: Arguments) {
        if layerRecipes.count > 4096 { layerRecipes = layerRecipes.filter { $0.value.module != nil } }
        layerRecipes[ObjectIdentifier(m)] = LayerRecipe(module: m, layerClass: cls, arguments: args)
    }
}

/// `deepcopy`'s memo: copies by the identity of the original, and copied tensor storages.
struct DeepCopyMemo {
    var values: [ObjectIdentifier: Value] = [:]
    var storages: [ObjectIdentifier: Storage] = [:]
}

/// A built-in layer's class and constructor arguments.
struct LayerRecipe {
    weak var module: Module?
    let layerClass: LayerClassObject
    let arguments: Arguments
}
