import Engine

/// The base of every layer and of user-defined networks (`class Net(nn.Module)`): ordered
/// registries of children, parameters and buffers, train/eval mode, and PyTorch's repr.
/// The interpreter subclasses it for Python classes, so a user's network is a real Module.
open class Module {
    /// The class name shown in reprs and messages (`Conv2d`, or the user's `Net`).
    open var typeName: String { String(describing: type(of: self)) }

    /// Registered sub-modules in assignment order (nil: registered as None).
    public private(set) var childEntries: [(name: String, module: Module?)] = []
    /// Registered parameters in assignment order (nil: registered as None, e.g. `bias=False`).
    public private(set) var parameterEntries: [(name: String, tensor: Tensor?)] = []
    /// Registered buffers (BatchNorm's running stats) in assignment order.
    public private(set) var bufferEntries: [(name: String, tensor: Tensor?)] = []
    /// Buffers excluded from state_dict (`persistent=False`).
    public private(set) var nonPersistentBuffers: Set<String> = []

    /// `module.training`; changed by `train()` / `eval()` for the whole tree.
    public var training = true

    /// Plain attributes a program set on a built-in layer (`layer.note = 'x'`), kept by the
    /// interpreter here so they live and die with the layer.
    public var plainAttributeStore: AnyObject?
    /// The tensors among them: `torch.nn.utils.prune` replaces the parameter `weight` by a plain
    /// `weight` (weight_orig * weight_mask), which the layer's forward must then use, as
    /// PyTorch's `self.weight` does.
    public var plainTensors: [String: Tensor] = [:]

    /// PyTorch's hooks (`register_forward_hook` and the others), run by `hookedCall`.
    public var hooks = ModuleHooks()
    /// How `module(input)` runs while `hooks` has any: set by whoever registered them (the
    /// interpreter, whose hooks are Python functions), so that a call made from Swift (a
    /// TransformerEncoderLayer calling its `linear1`) runs them as a call from Python does.
    public var hookedCall: ((Module, Tensor) throws -> Tensor)?
    /// nnrepl's own observers (the shell's %trace and %explain views): called after each
    /// forward with (module, inputs, output), outside PyTorch's hook dictionaries, so a view
    /// never shows up in `module._forward_hooks` or changes a result.
    public var forwardObservers: [(id: Int, observer: (Module, [Any], Any) throws -> Void)] = []
    nonisolated(unsafe) static var nextObserverID = 0

    public init() {}

    // MARK: registration

    public func child(_ name: String) -> Module? { childEntries.first { $0.name == name }?.module }
    /// The parameter `name`, or a tensor set as a plain attribute of that name (`plainTensors`).
    public func parameter(_ name: String) -> Tensor? { parameterEntries.first { $0.name == name }?.tensor ?? plainTensors[name] }
    public func buffer(_ name: String) -> Tensor? { bufferEntries.first { $0.name == name }?.tensor }
    public func hasChild(_ name: String) -> Bool { childEntries.contains { $0.name == name } }
    public func hasParameter(_ name: String) -> Bool { parameterEntries.contains { $0.name == name } }
    public func hasBuffer(_ name: String) -> Bool { bufferEntries.contains { $0.name == name } }

    /// Registers (or replaces in place, keeping the position) a child module.
    public func registerModule(_ name: String, _ module: Module?) {
        removeName(name, except: .child)
        if let i = childEntries.firstIndex(where: { $0.name == name }) { childEntries[i].module = module } else { childEntries.append((name, module)) }
    }

    /// Registers (or replaces) a parameter; the tensor is marked as a Parameter.
    public func registerParameter(_ name: String, _ tensor: Tensor?) {
        removeName(name, except: .parameter)
        tensor?.isParameter = true
        if let i = parameterEntries.firstIndex(where: { $0.name == name }) { parameterEntries[i].tensor = tensor } else { parameterEntries.append((name, tensor)) }
    }

    public func registerBuffer(_ name: String, _ tensor: Tensor?, persistent: Bool = true) {
        removeName(name, except: .buffer)
        if let i = bufferEntries.firstIndex(where: { $0.name == name }) { bufferEntries[i].tensor = tensor } else { bufferEntries.append((name, tensor)) }
        if persistent { nonPersistentBuffers.remove(name) } else { nonPersistentBuffers.insert(name) }
    }

    enum Registry { case child, parameter, buffer }

    /// A name lives in one registry at a time (assigning a tensor over a module replaces it).
    func removeName(_ name: String, except keep: Registry) {
        if keep != .child { childEntries.removeAll { $0.name == name } }
        if keep != .parameter { parameterEntries.removeAll { $0.name == name } }
        if keep != .buffer { bufferEntries.removeAll { $0.name == name } }
    }

    /// Removes a registered name (`del self.fc`); true when something was removed.
    @discardableResult
    public func removeRegistered(_ name: String) -> Bool {
        let before = childEntries.count + parameterEntries.count + bufferEntries.count
        childEntries.removeAll { $0.name == name }
        parameterEntries.removeAll { $0.name == name }
        bufferEntries.removeAll { $0.name == name }
        return before != childEntries.count + parameterEntries.count + bufferEntries.count
    }

    // MARK: traversal

    /// `named_modules()`: self first (prefix ""), then children depth-first; each module once.
    public func namedModules(prefix: String = "") -> [(String, Module)] {
        var seen = Set<ObjectIdentifier>()
        var out: [(String, Module)] = []
        func walk(_ m: Module, _ p: String) {
            guard seen.insert(ObjectIdentifier(m)).inserted else { return }
            out.append((p, m))
            for (name, child) in m.childEntries {
                guard let child else { continue }
                walk(child, p.isEmpty ? name : "\(p).\(name)")
            }
        }
        walk(self, prefix)
        return out
    }

    /// `named_parameters()`: dotted names, each tensor once (shared parameters are listed once).
    public func namedParameters(recurse: Bool = true) -> [(String, Tensor)] {
        var seen = Set<ObjectIdentifier>()
        var out: [(String, Tensor)] = []
        let modules = recurse ? namedModules() : [("", self)]
        for (prefix, m) in modules {
            for (name, t) in m.parameterEntries {
                guard let t, seen.insert(ObjectIdentifier(t)).inserted else { continue }
                out.append((prefix.isEmpty ? name : "\(prefix).\(name)", t))
            }
        }
        return out
    }

    public func parameters(recurse: Bool = true) -> [Tensor] { namedParameters(recurse: recurse).map(\.1) }

    public func namedBuffers(recurse: Bool = true) -> [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        let modules = recurse ? namedModules() : [("", self)]
        for (prefix, m) in modules {
            for (name, t) in m.bufferEntries {
                guard let t else { continue }
                out.append((prefix.isEmpty ? name : "\(prefix).\(name)", t))
            }
        }
        return out
    }

    // MARK: dtype conversion

    /// `module.double()`, `.float()`, `.half()`, `.to(dtype)` (`floatingOnly`) and `.type(dtype)`:
    /// each parameter keeps its identity and takes converted data (its grad too), each buffer is
    /// replaced by a converted copy, as PyTorch's `Module._apply` does.
    public func convertTensors(to dtype: DType, floatingOnly: Bool = true) throws {
        func wanted(_ t: Tensor) -> Bool { t.dtype != dtype && (!floatingOnly || t.dtype.isFloatingPoint) }
        for (_, m) in namedModules() {
            for case let (_, p?) in m.parameterEntries where wanted(p) {
                try p.setData(try GradMode.with(false) { try p.to(dtype) })
                if let g = p.grad, wanted(g) { p.grad = try GradMode.with(false) { try g.to(dtype) } }
            }
            for case let (name, b?) in m.bufferEntries where wanted(b) {
                m.registerBuffer(name, try GradMode.with(false) { try b.to(dtype) }, persistent: !m.nonPersistentBuffers.contains(name))
            }
        }
    }

    // MARK: state

    /// `state_dict()`: parameters then persistent buffers of each module, then each child's
    /// under its name, detached (sharing storage), under PyTorch's dotted key names. Like
    /// PyTorch it walks `_modules` as they are: a module registered under two names (a tied
    /// layer) appears under both.
    public func stateDict() -> [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        // A lazy layer's placeholders stay marked (`<UninitializedParameter>`).
        func entry(_ t: Tensor) -> Tensor {
            let d = t.detach()
            if t.isUninitialized { d.isUninitialized = true; d.isParameter = t.isParameter }
            return d
        }
        func walk(_ m: Module, _ p: String) {
            for (name, t) in m.parameterEntries { if let t { out.append((p + name, entry(t))) } }
            for (name, t) in m.bufferEntries where !m.nonPersistentBuffers.contains(name) { if let t { out.append((p + name, entry(t))) } }
            for (name, child) in m.childEntries { if let child { walk(child, p + name + ".") } }
        }
        walk(self, "")
        return out
    }

    /// `load_state_dict(state, strict)`: copies values in place (no grad); PyTorch's error text
    /// for missing/unexpected keys and size mismatches. Returns (missing, unexpected) when not strict.
    @discardableResult
    public func loadStateDict(_ state: [(String, Tensor)], strict: Bool = true) throws -> (missing: [String], unexpected: [String]) {
        let own = stateDict()
        let ownKeys = Set(own.map(\.0))
        let given = Dictionary(state, uniquingKeysWith: { _, b in b })
        let missing = own.map(\.0).filter { given[$0] == nil }
        let unexpected = state.map(\.0).filter { !ownKeys.contains($0) }
        var errors: [String] = []
        if strict {
            if !unexpected.isEmpty { errors.append("Unexpected key(s) in state_dict: \(unexpected.map { "\"\($0)\"" }.joined(separator: ", ")). ") }
            if !missing.isEmpty { errors.insert("Missing key(s) in state_dict: \(missing.map { "\"\($0)\"" }.joined(separator: ", ")). ", at: 0) }
        }
        for (key, target) in own {
            guard let src = given[key] else { continue }
            if src.shape != target.shape {
                errors.append("size mismatch for \(key): copying a param with shape \(formatSize(src.shape)) from checkpoint, the shape in current model is \(formatSize(target.shape)).")
            }
        }
        if !errors.isEmpty {
            throw TorchError.runtime("Error(s) in loading state_dict for \(typeName):\n\t" + errors.joined(separator: "\n\t"))
        }
        try GradMode.with(false) {
            for (key, target) in own {
                if let src = given[key] { try target.copyFrom(src) }
            }
        }
        return (missing, unexpected)
    }

    /// `zero_grad(set_to_none)`.
    public func zeroGrad(setToNone: Bool = true) throws {
        for p in parameters() {
            guard let g = p.grad else { continue }
            if setToNone { p.grad = nil } else { try GradMode.with(false) { _ = try g.detach().zero() }; p.noteGradZeroed() }
        }
    }

    /// `train(mode)` for the whole tree; returns self (the REPL echoes the module).
    @discardableResult
    public func train(_ mode: Bool = true) -> Module {
        for (_, m) in namedModules() { m.training = mode }
        return self
    }

    @discardableResult
    public func eval() -> Module { train(false) }

    /// `requires_grad_(flag)` on every parameter.
    @discardableResult
    public func requiresGrad(_ flag: Bool) throws -> Module {
        for p in parameters() { try p.setRequiresGrad(flag) }
        return self
    }

    // MARK: forward

    /// The computation of a built-in layer taking one tensor. Python subclasses do not use it:
    /// the interpreter runs their `forward` method instead.
    open func forward(_ input: Tensor) throws -> Tensor {
        throw TorchError(.notImplementedError, "Module [\(typeName)] is missing the required \"forward\" function")
    }

    /// `module(input)`: forward, with PyTorch's hooks when there are any, then the observers.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        if !hooks.isEmpty, let hookedCall { return try hookedCall(self, input) }
        let out = try forward(input)
        try notifyForwardObservers(inputs: [input], output: out)
        return out
    }

    /// `module(input)` as containers call their children (`Sequential.forward` chains
    /// `child.call(x)`). The default runs `forward`, the hooks and observers (`callAsFunction`).
    /// A subclass whose call is more than that (the interpreter's Python-defined modules, which
    /// check the argument count against the Python `forward` signature) overrides this; overriding
    /// only `forward(_:)` is enough when the default hook handling suits.
    open func call(_ input: Tensor) throws -> Tensor {
        try callAsFunction(input)
    }

    public func notifyForwardObservers(inputs: [Any], output: Any) throws {
        for (_, observer) in forwardObservers { try observer(self, inputs, output) }
    }

    /// Adds a forward observer; returns its id for removal.
    @discardableResult
    public func addForwardObserver(_ observer: @escaping (Module, [Any], Any) throws -> Void) -> Int {
        Module.nextObserverID += 1
        forwardObservers.append((Module.nextObserverID, observer))
        return Module.nextObserverID
    }

    public func removeForwardObserver(_ id: Int) { forwardObservers.removeAll { $0.id == id } }

    // MARK: options

    /// The layer's plain (non-tensor, non-module) attributes as Python sees them, in the order
    /// `dir()` should list them: `Conv2d` gives `in_channels`, `kernel_size` (a 2-tuple),
    /// `padding` (a tuple or `'same'`), …; `Linear` gives `in_features` and `out_features`.
    /// The interpreter answers `layer.kernel_size` from here after parameters, buffers and
    /// children. User-defined modules have none.
    open var optionAttributes: [(name: String, value: OptionValue)] { [] }

    /// One entry of `optionAttributes` by its Python name.
    public func optionAttribute(_ name: String) -> OptionValue? {
        optionAttributes.first { $0.name == name }?.value
    }

    /// Replaces every child registration at once (containers renumber after `del` / `insert`).
    func replaceChildEntries(_ entries: [(name: String, module: Module?)]) {
        for (name, _) in entries { removeName(name, except: .child) }
        childEntries = entries
    }

    // MARK: repr

    /// PyTorch's `extra_repr()`: the layer's non-default options on one line (or several).
    open func extraRepr() -> String { "" }

    /// Child lines for the repr; ModuleList overrides it to compress repeats.
    open func childReprLines() -> [String] {
        childEntries.map { "(\($0.name)): " + indentRepr(reprOf($0.module)) }
    }

    /// `repr(module)`, exactly as PyTorch builds it (pytorch-behaviour.md 2.1).
    open func repr() -> String {
        var lines: [String] = []
        let extra = extraRepr()
        if !extra.isEmpty { lines = extra.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        let children = childReprLines()
        lines += children
        if lines.isEmpty { return "\(typeName)()" }
        if children.isEmpty && lines.count == 1 { return "\(typeName)(\(lines[0]))" }
        return "\(typeName)(\n  " + lines.joined(separator: "\n  ") + "\n)"
    }
}

/// `repr` of an optional child (`None` when registered as None).
func reprOf(_ m: Module?) -> String { m?.repr() ?? "None" }

/// Indents every line after the first by two spaces (PyTorch's `_addindent`).
public func indentRepr(_ s: String) -> String {
    let parts = s.split(separator: "\n", omittingEmptySubsequences: false)
    guard parts.count > 1 else { return s }
    return ([String(parts[0])] + parts.dropFirst().map { "  " + $0 }).joined(separator: "\n")
}
