import Engine
import NN

/// Python classes deriving from built-in layers: `class MyLinear(nn.Linear)`,
/// `class Net(nn.Sequential)`, `class Block(nn.ModuleList)`. The instance is a `ScriptedModule`
/// (the user's class, methods and attributes) whose `super().__init__(...)` builds the real
/// layer as its `builtinBase` and registers the layer's parameters, buffers and children on the
/// instance, so state_dict, parameters() and print show them as PyTorch does. The layer's own
/// behaviour (`super().forward(x)`, or `forward` when the class defines none, indexing and
/// `append` of containers, its options such as `in_features`, its extra_repr) runs on the
/// layer, after the instance hands it its current registrations (`pushToBase`).
extension Interpreter {
    /// The class standing for a built-in layer in a user class's bases (one per layer class).
    func layerBaseClass(_ lc: LayerClassObject) -> PyClass {
        if let c = layerBaseClasses[ObjectIdentifier(lc)] { return c }
        let c = PyClass(name: lc.name, bases: [moduleBaseClass], attributes: PyDict(), builtinKind: .layer(lc))
        c.moduleName = PyTorchClassPaths.module(of: lc.name)
        layerBaseClasses[ObjectIdentifier(lc)] = c
        return c
    }

    /// `super().__init__(...)`, `super().forward(...)`, `super().extra_repr()` of a layer base;
    /// anything else is nn.Module's (nil: not found).
    func layerBaseMethod(_ lc: LayerClassObject, _ name: String, _ sm: ScriptedModule) -> Value? {
        func method(_ body: @escaping (Arguments) throws -> Value) -> Value {
            let f = BuiltinFunction(name) { a, _ in try body(a) }
            f.pythonTypeName = "method"
            return .builtin(f)
        }
        switch name {
        case "__init__":
            return method { [unowned self] a in
                let base = try lc.construct(a, self)
                sm.builtinBase = base
                sm.moduleInitialized = true
                for (n, t) in base.parameterEntries { sm.registerParameter(n, t) }
                for (n, t) in base.bufferEntries { sm.registerBuffer(n, t, persistent: !base.nonPersistentBuffers.contains(n)) }
                for (n, child) in base.childEntries { sm.registerModule(n, child) }
                sm.training = base.training
                return .none
            }
        case "forward":
            return method { [unowned self] a in try self.callBuiltinBase(sm, a) }
        case "extra_repr":
            return method { _ in
                sm.pushToBase()
                return .str(sm.builtinBase?.extraRepr() ?? "")
            }
        default:
            return moduleBaseMethod(name, .module(sm))
        }
    }

    /// The built-in layer's forward on `sm`'s current parameters (hooks are `sm`'s own, run by
    /// `callModule`).
    func callBuiltinBase(_ sm: ScriptedModule, _ args: Arguments) throws -> Value {
        guard let base = sm.builtinBase else {
            throw PyError(.attributeError, "'\(sm.cls.name)' object has no attribute 'weight'; call super().__init__(...) first")
        }
        sm.pushToBase()
        defer { sm.pullFromBase() }
        return try callBuiltinModule(base, args)
    }

    /// A container method (`append`, `extend`, `insert`, ...) of a container base, run on the
    /// base and taken back into the instance.
    func baseContainerMethod(_ sm: ScriptedModule, _ name: String) throws -> Value? {
        guard let base = sm.builtinBase, isContainer(base) else { return nil }
        sm.pushToBase()
        let sequence = (base is Sequential || base is ModuleList) && ["append", "extend", "insert", "pop"].contains(name)
        guard let v = sequence ? moduleBaseMethod(name, .module(base)) : try containerMethod(base, name) else { return nil }
        guard case .builtin(let f) = v else { return v }
        let wrapped = BuiltinFunction(name) { a, i in
            sm.pushToBase()
            defer { sm.pullFromBase() }
            let r = try f.body(a, i)
            // Chaining methods (`append` returns the container) give the instance back.
            if case .module(let m) = r, m === base { return .module(sm) }
            return r
        }
        wrapped.pythonTypeName = f.pythonTypeName
        return .builtin(wrapped)
    }
}
