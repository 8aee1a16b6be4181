import Engine
import NN

/// `type(x)`, `x.__class__` and the names classes report (`__name__`, `__qualname__`,
/// `__module__`), with the module paths PyTorch's classes have: `type(net.fc)` is
/// `<class 'torch.nn.modules.linear.Linear'>`, `type(x.shape)` is `<class 'torch.Size'>`.
extension Interpreter {
    /// `type(v)`.
    func typeObject(of v: Value) -> Value {
        switch v {
        case .tensor(let t): return t.isParameter ? .object(ParameterTypeObject.shared) : .object(TensorTypeObject.shared)
        case .module(let m):
            if let sm = m as? ScriptedModule { return .cls(sm.cls) }
            if let cls = layerClass(named: m.typeName) { return .object(cls) }
            return .cls(moduleBaseClass)
        case .instance(let i): return .cls(i.cls)
        case .cls: return .object(builtinTypes["type"]!)
        case .dict(let d):
            switch d.kind {
            case .plain: return .object(builtinTypes["dict"]!)
            case .ordered: return .object(BuiltinTypes.shared.orderedDict)
            case .defaultDict: return .object(BuiltinTypes.shared.defaultDict)
            case .counter: return .object(BuiltinTypes.shared.counter)
            }
        case .object(let o as OptimizerObject):
            if case .object(let ns as NamespaceObject)? = try? importModule("torch.optim", range: nil),
               case .object(let t)? = ns.members[o.optimizer.typeName] { return .object(t) }
            return .object(nativeType(qualifiedTypeName(of: o)))
        case .object(is ParamGroupObject): return .object(builtinTypes["dict"]!)
        case .object(let o as BuiltinType) where o.name == "type": return .object(o)
        case .object(is BuiltinType), .object(is LayerClassObject), .object(is TensorTypeObject), .object(is ParameterTypeObject):
            return .object(builtinTypes["type"]!)
        case .object(let o): return .object(nativeType(qualifiedTypeName(of: o)))
        default:
            let name = typeName(v)
            if let t = builtinTypes[name] { return .object(t) }
            return .object(nativeType(name))
        }
    }

    /// One type object per class name, so `type(a) is type(b)` holds for objects of one class.
    func nativeType(_ qualified: String) -> BuiltinType {
        if let t = nativeTypes[qualified] { return t }
        let name = String(qualified.split(separator: ".").last ?? Substring(qualified))
        let t = BuiltinType(name, test: { [unowned self] x in
            if case .object(let o) = x { return self.qualifiedTypeName(of: o) == qualified }
            return self.typeName(x) == qualified
        }, construct: { _, _ in
            throw PyError(.typeError, "cannot create '\(qualified)' instances")
        })
        t.qualifiedName = qualified
        nativeTypes[qualified] = t
        return t
    }

    /// The class path PyTorch (or Python) gives a native object's type.
    func qualifiedTypeName(of o: NativeObject) -> String {
        switch o {
        case is SizeObject: return "torch.Size"
        case is DTypeObject: return "torch.dtype"
        case is DeviceObject: return "torch.device"
        case is GeneratorObject: return "torch._C.Generator"
        case let r as ReturnTypeObject: return "torch.return_types.\(r.typeName)"
        case is NamespaceObject: return "module"
        case is DataLoaderObject: return "torch.utils.data.dataloader.DataLoader"
        case let d as TensorDatasetObject: return "torch.utils.data.dataset.\(d.typeName)"
        case let g as GradModeContext: return "torch.autograd.grad_mode.\(g.typeName)"
        case is IncompatibleKeysObject: return "torch.nn.modules.module._IncompatibleKeys"
        case is HookHandle: return "torch.utils.hooks.RemovableHandle"
        case is MemoryFormatObject: return "torch.memory_format"
        case is HookDictView: return "collections.OrderedDict"
        case let s as SchedulerObject: return "torch.optim.lr_scheduler.\(s.typeName)"
        case let opt as OptimizerObject:
            return (PyTorchClassPaths.modules[opt.optimizer.typeName] ?? "torch.optim") + "." + opt.optimizer.typeName
        case is DefaultDictView: return "collections.defaultdict"
        case is BunchObject: return "sklearn.utils._bunch.Bunch"
        case let s as SubsetObject: return "torch.utils.data.dataset.\(s.typeName)"
        case let s as SamplerObject: return "torch.utils.data.sampler.\(s.typeName)"
        case let p as PathObject: return "pathlib.\(p.className)"
        case is StatResultObject: return "os.stat_result"
        default: return o.typeName
        }
    }

    /// `issubclass(cls, base)` across user classes and the builtin and PyTorch types.
    func isSubclass(_ cls: Value, _ base: Value) throws -> Bool {
        if case .tuple(let bases) = base { return try bases.contains { try isSubclass(cls, $0) } }
        switch (cls, base) {
        case (.cls(let c), .cls(let b)): return c.isSubclass(of: b)
        case (_, .cls(let b)) where b === objectClass: break
        case (.object(is LayerClassObject), .cls(let b)): if case .module? = b.builtinKind { return true }; return false
        case (.object(let x as LayerClassObject), .object(let y as LayerClassObject)): return x === y
        case (.cls(let c), .object(let y as LayerClassObject)):
            // A class deriving from a built-in layer (`class MyLinear(nn.Linear)`).
            return c.mro.contains { if case .layer(let o)? = $0.builtinKind { return o === y }; return false }
        case (.object(is ParameterTypeObject), .object(is TensorTypeObject)), (.object(is ParameterTypeObject), .object(is ParameterTypeObject)),
             (.object(is TensorTypeObject), .object(is TensorTypeObject)):
            return true
        case (.object(let x as BuiltinType), .object(let y as BuiltinType)):
            if x === y { return true }
            if x.name == "bool" && y.name == "int" { return true }
            if y.name == "dict" && ["OrderedDict", "defaultdict", "Counter"].contains(x.name) { return true }
            return false
        case (.cls, _), (.object(is BuiltinType), _), (.object(is LayerClassObject), _), (.object(is TensorTypeObject), _),
             (.object(is ParameterTypeObject), _):
            return false
        default:
            throw PyError(.typeError, "issubclass() arg 1 must be a class")
        }
        // Every class derives from object.
        switch cls {
        case .cls, .object(is BuiltinType), .object(is LayerClassObject), .object(is TensorTypeObject), .object(is ParameterTypeObject): return true
        default: throw PyError(.typeError, "issubclass() arg 1 must be a class")
        }
    }

    /// `__name__`, `__qualname__`, `__module__` of a class-like value, or nil.
    func classNameAttribute(_ cls: Value, _ name: String) -> Value? {
        let qualified: String
        switch cls {
        case .cls(let c):
            switch name {
            case "__name__": return .str(c.name)
            case "__qualname__": return .str(c.qualifiedName)
            case "__module__": return .str(c.moduleName)
            case "__bases__": return .tuple(c.bases.map { .cls($0) })
            case "__doc__": return (try? c.attributes.get(.str("__doc__"))) ?? Value.none
            default: return nil
            }
        case .object(let t as BuiltinType): qualified = t.qualifiedName
        case .object(let t as LayerClassObject): qualified = PyTorchClassPaths.qualified(t.name)
        case .object(let t as TensorTypeObject): qualified = "torch." + t.className
        case .object(is ParameterTypeObject): qualified = "torch.nn.parameter.Parameter"
        default: return nil
        }
        let parts = qualified.split(separator: ".").map(String.init)
        let short = parts.last ?? qualified
        switch name {
        case "__name__", "__qualname__": return .str(short)
        case "__module__": return .str(parts.count > 1 ? parts.dropLast().joined(separator: ".") : "builtins")
        default: return nil
        }
    }
}
