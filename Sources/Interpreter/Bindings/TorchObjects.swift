import Engine
import NN

/// `torch.Size`: a tuple of ints that prints as `torch.Size([...])`.
final class SizeObject: NativeObject {
    let dims: [Int]
    init(_ dims: [Int]) { self.dims = dims }
    override var typeName: String { "Size" }
    override func repr() -> String { formatSize(dims) }
    override func length() throws -> Int? { dims.count }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? { AnyIterator(dims.map { Value.int($0) }.makeIterator()) }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        if case .object(let s as SliceObject) = key { return .object(SizeObject(try s.apply(dims))) }
        return .int(dims[try interp.sequenceIndex(key, dims.count, "tuple")])
    }
    override func equals(_ other: Value) -> Bool? {
        switch other {
        case .object(let o as SizeObject): return o.dims == dims
        case .tuple(let items): return items.count == dims.count && zip(items, dims).allSatisfy { if case .int(let i) = $0 { return i == $1 }; return false }
        default: return false
        }
    }
    override func hashKey() -> HashKey? { .tuple(dims.map { .int($0) }) }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "numel": return .builtin(BuiltinFunction("numel") { _, _ in .int(self.dims.reduce(1, *)) })
        case "index": return .builtin(BuiltinFunction("index") { a, i in
            let v = try i.intValue(a.positional.first ?? .none)
            guard let k = self.dims.firstIndex(of: v) else { throw PyError(.valueError, "tuple.index(x): x not in tuple") }
            return .int(k)
        })
        case "count": return .builtin(BuiltinFunction("count") { a, i in .int(self.dims.filter { $0 == (try? i.intValue(a.positional.first ?? .none)) }.count) })
        default: return nil
        }
    }
    override func attributeNames() -> [String] { ["count", "index", "numel"] }
}

/// `torch.manual_seed(0)`'s result: the global generator.
final class GeneratorObject: NativeObject {
    let generator: Generator
    init(_ g: Generator) { generator = g }
    override var typeName: String { "Generator" }
    override func repr() -> String { "<torch._C.Generator object at \(addressString(self))>" }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "manual_seed":
            return .builtin(BuiltinFunction("manual_seed") { a, i in
                self.generator.manualSeed(try seedValue(a.positional.first ?? .none, i))
                return .object(self)
            })
        case "initial_seed":
            return .builtin(BuiltinFunction("initial_seed") { _, _ in .int(Int(bitPattern: UInt(self.generator.initialSeed))) })
        case "seed":
            return .builtin(BuiltinFunction("seed") { _, _ in .int(Int(bitPattern: UInt(self.generator.seedRandomly()))) })
        default: return nil
        }
    }
}

/// A Python int seed as PyTorch takes it: [-2^63, 2^64) with negatives wrapped.
func seedValue(_ v: Value, _ interp: Interpreter) throws -> UInt64 {
    switch v {
    case .int(let i): return UInt64(bitPattern: Int64(i))
    case .bool(let b): return b ? 1 : 0
    case .float: throw PyError(.typeError, "manual_seed expected a long, but got float")
    default: throw PyError(.typeError, "manual_seed expected a long, but got \(interp.typeName(v))")
    }
}

/// A grad_fn node as Python sees it: name(), next_functions, variable (AccumulateGrad).
final class NodeObject: NativeObject {
    let node: Node
    private init(_ n: Node) { node = n }
    /// One wrapper per node, so the same node prints the same address and `is` works.
    nonisolated(unsafe) private static var wrappers: [ObjectIdentifier: WeakNode] = [:]
    private struct WeakNode { weak var object: NodeObject? }

    static func wrap(_ n: Node) -> NodeObject {
        let id = ObjectIdentifier(n)
        if let w = wrappers[id]?.object, w.node === n { return w }
        let o = NodeObject(n)
        if wrappers.count > 4096 { wrappers = wrappers.filter { $0.value.object != nil } }
        wrappers[id] = WeakNode(object: o)
        return o
    }

    override var typeName: String { node.name }
    override func repr() -> String {
        // Nodes of Python autograd Functions live in torch.autograd.function.
        let prefix = (node as? FormulaBackward)?.pythonModule.map { $0 + "." } ?? ""
        return "<\(prefix)\(node.name) object at \(addressString(node))>"
    }
    override func hashKey() -> HashKey? { .identity(ObjectIdentifier(node)) }
    override func equals(_ other: Value) -> Bool? {
        if case .object(let o as NodeObject) = other { return o.node === node }
        return false
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "next_functions":
            return .tuple(node.nextEdges.map { e in
                guard let e else { return .tuple([.none, .int(0)]) }
                return .tuple([.object(NodeObject.wrap(e.node)), .int(e.inputNr)])
            })
        case "name":
            // C++ nodes without a Python class report their C++ name.
            let n = node is AccumulateGrad ? "torch::autograd::AccumulateGrad" : node.name
            return .builtin(BuiltinFunction("name") { _, _ in .str(n) })
        case "variable":
            if let acc = node as? AccumulateGrad { return .tensor(acc.variable) }
            return nil
        case "metadata": return .dict(PyDict())
        case "register_hook", "register_prehook":
            return .builtin(BuiltinFunction(name) { [node] a, i in
                let hook = try Signature.of(name, "fn").bind(a, i)["fn"]
                let id = name == "register_hook"
                    ? node.postHooks.add { [unowned i] gradInputs, gradOutputs in
                        try i.nodeHookResult(hook, Arguments([i.gradientTuple(gradInputs), i.gradientTuple(gradOutputs)]), replacing: gradInputs)
                    }
                    : node.preHooks.add { [unowned i] gradOutputs in
                        try i.nodeHookResult(hook, Arguments([i.gradientTuple(gradOutputs)]), replacing: gradOutputs)
                    }
                return .object(HookHandle(id: id) { [weak node] in node?.postHooks.remove(id); node?.preHooks.remove(id) })
            })
        default: return nil
        }
    }
    override func attributeNames() -> [String] {
        (node is AccumulateGrad ? ["name", "next_functions", "variable", "metadata"] : ["name", "next_functions", "metadata"])
            + ["register_hook", "register_prehook"]
    }
}

/// `with torch.no_grad():`, `torch.enable_grad()`, `torch.set_grad_enabled(mode)`; also usable as decorators.
final class GradModeContext: NativeObject, ContextManager {
    let enabled: Bool
    let displayName: String
    private var saved: [Bool] = []
    /// set_grad_enabled switches the mode when called, so its `with` block must restore the
    /// mode from before the call (PyTorch keeps `self.prev` in `__init__`).
    private var modeBeforeCall: Bool?
    /// `inference_mode(True)`: also counted for `torch.is_inference_mode_enabled()`.
    let inference: Bool
    init(enabled: Bool, displayName: String, modeBeforeCall: Bool? = nil, inference: Bool = false) {
        self.enabled = enabled; self.displayName = displayName; self.modeBeforeCall = modeBeforeCall
        self.inference = inference
    }
    override var typeName: String { displayName }
    override func repr() -> String {
        displayName == "set_grad_enabled" ? "torch.autograd.grad_mode.set_grad_enabled(mode=\(enabled ? "True" : "False"))"
            : "<torch.autograd.grad_mode.\(displayName) object at \(addressString(self))>"
    }
    func enter(_ interp: Interpreter) throws -> Value {
        saved.append(modeBeforeCall ?? GradMode.isEnabled)
        modeBeforeCall = nil
        GradMode.isEnabled = enabled
        if inference { GradMode.inferenceDepth += 1 }
        return .none
    }
    func exit(_ interp: Interpreter) {
        if let s = saved.popLast() {
            GradMode.isEnabled = s
            if inference { GradMode.inferenceDepth -= 1 }
        }
    }
    /// `@torch.no_grad()` as a decorator wraps the function.
    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        guard let f = args.positional.first else { throw PyError(.typeError, "\(displayName)() takes a function") }
        let enabled = self.enabled, inference = self.inference
        return .builtin(BuiltinFunction("decorated") { a, i in
            if inference { GradMode.inferenceDepth += 1 }
            defer { if inference { GradMode.inferenceDepth -= 1 } }
            return try GradMode.with(enabled) { try i.call(f, a) }
        })
    }
}

/// `torch.Tensor` as a type (isinstance checks, the legacy constructor) and the legacy typed
/// constructors `torch.FloatTensor`, `torch.LongTensor`, … (`dtype` set: isinstance checks the dtype).
final class TensorTypeObject: NativeObject {
    /// nil for `torch.Tensor` itself (the default dtype when constructing).
    let dtype: DType?
    private init(_ dtype: DType?) { self.dtype = dtype }
    static let shared = TensorTypeObject(nil)
    private static let legacyTypes: [DType: TensorTypeObject] = Dictionary(uniqueKeysWithValues: DType.allCases.map { ($0, TensorTypeObject($0)) })
    static func legacy(_ d: DType) -> TensorTypeObject { legacyTypes[d]! }

    var className: String { dtype.map { "\($0.scalarName)Tensor" } ?? "Tensor" }
    override var typeName: String { "type" }
    override func repr() -> String { "<class 'torch.\(className)'>" }

    /// isinstance(t, this type).
    func matches(_ t: Tensor) -> Bool { dtype.map { $0 == t.dtype } ?? true }

    /// `torch.FloatTensor(data)` (a sequence, converted with the overflow checks of
    /// `torch.tensor`), `torch.FloatTensor(2, 3)` / `(torch.Size)` (uninitialised; nnrepl zeroes
    /// it), `torch.FloatTensor()` (empty) and `torch.FloatTensor(tensor)` (same dtype only).
    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        let dt = dtype ?? DType.defaultFloat
        do {
            if args.positional.count == 1 {
                switch args.positional[0] {
                case .list, .tuple:
                    return .tensor(try interp.tensorFromNested(args.positional[0], dtype: dt, checked: true))
                case .object(let size as SizeObject):
                    return .tensor(try Tensor.empty(size.dims, dtype: dt))
                case .tensor(let t):
                    guard t.dtype == dt else {
                        throw PyError(.typeError, "expected TensorOptions(dtype=\(dt.cppTypeName), device=cpu, layout=Strided, requires_grad=false (default), pinned_memory=false (default), memory_format=(nullopt)) (got TensorOptions(dtype=\(t.dtype.cppTypeName), device=cpu, layout=Strided, requires_grad=false (default), pinned_memory=false (default), memory_format=(nullopt)))")
                    }
                    return .tensor(t.detach())
                case .float:
                    throw PyError(.typeError, "new(): data must be a sequence (got float)")
                default: break
                }
            }
            let dims = try args.positional.map { try interp.intValue($0) }
            return .tensor(try Tensor.empty(args.positional.isEmpty ? [0] : dims, dtype: dt))
        } catch let e as TorchError { throw PyError(e) }
    }
    /// A tensor to ask whether a method exists (`hasattr(torch.Tensor, 'view')`).
    private static let probe = Tensor(scalar: Float(0))
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "__name__" { return .str(className) }
        guard (try? interp.lookupAttribute(.tensor(TensorTypeObject.probe), name)) ?? nil != nil else { return nil }
        // torch.Tensor.add etc. as unbound methods
        return .builtin(BuiltinFunction(name) { a, i in
            guard let first = a.positional.first else { throw PyError(.typeError, "descriptor '\(name)' of 'torch._C.TensorBase' object needs an argument") }
            let m = try i.getAttribute(first, name)
            return try i.call(m, Arguments(Array(a.positional.dropFirst()), a.keywords))
        })
    }
}

/// `nn.Parameter` as a type (callable and for isinstance).
final class ParameterTypeObject: NativeObject {
    static let shared = ParameterTypeObject()
    override var typeName: String { "type" }
    override func repr() -> String { "<class 'torch.nn.parameter.Parameter'>" }
    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        let b = try Signature.of("Parameter", "data=None, requires_grad=True").bind(args, interp)
        let data = b.isNone("data") ? try Tensor.empty([0]) : try b.tensor("data")
        return .tensor(try makeParameter(data, requiresGrad: try b.bool("requires_grad")))
    }
}

/// A built-in layer class (`nn.Linear`): constructor, isinstance, and help().
final class LayerClassObject: NativeObject {
    let name: String
    let qualified: String
    let construct: (Arguments, Interpreter) throws -> Module
    let isInstance: (Module) -> Bool
    let doc: String
    /// The constructor's parameter list, for the shell's keyword completion.
    var signature: String?
    /// Class-level attributes (`nn.Embedding.from_pretrained`).
    var classAttributes: [String: Value] = [:]
    init(_ name: String, qualified: String, doc: String = "", isInstance: @escaping (Module) -> Bool, construct: @escaping (Arguments, Interpreter) throws -> Module) {
        self.name = name; self.qualified = qualified; self.construct = construct; self.isInstance = isInstance; self.doc = doc
    }
    override var typeName: String { "type" }
    override func repr() -> String { "<class '\(qualified)'>" }
    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        let m = try construct(args, interp)
        interp.recordLayerRecipe(m, self, args)
        return .module(m)
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "__name__": return .str(self.name)
        case "__doc__": return .str(doc)
        default: return classAttributes[name]
        }
    }
}

/// A Python module (`torch`, `torch.nn`, `math`, …): a named bag of members.
final class NamespaceObject: NativeObject {
    let name: String
    var members: [String: Value]
    init(_ name: String, _ members: [String: Value] = [:]) { self.name = name; self.members = members }
    override var typeName: String { "module" }
    override func repr() -> String { "<module '\(name)'>" }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "__name__" && members[name] == nil { return .str(self.name) }
        return members[name]
    }
    override func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        members[name] = value
        return true
    }
    override func attributeNames() -> [String] { Array(members.keys) }
}
