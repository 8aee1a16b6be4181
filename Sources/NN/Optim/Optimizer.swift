import Engine

/// The base of `torch.optim` optimizers: parameter groups, per-parameter state, `zero_grad`,
/// `step`, `state_dict` and PyTorch's repr. A subclass validates its hyper-parameters, passes
/// its defaults (in PyTorch's order, which is the order `param_groups[i]` lists them) and
/// implements `update(_:)` for one group.
///
/// `step()` runs without grad tracking; parameters whose `.grad` is None are skipped entirely
/// (no state is created for them).
open class Optimizer {
    /// The class name shown in the repr (`SGD`, `Adam`, `AdamW`).
    open var typeName: String { String(describing: type(of: self)) }
    /// `optimizer.defaults`, in PyTorch's order.
    public let defaults: [(key: String, value: OptionValue)]
    /// `optimizer.param_groups`.
    public private(set) var paramGroups: [ParamGroup] = []
    /// `optimizer.state`, keyed by parameter identity.
    public let state = OptimizerState()

    /// Set when an LR scheduler attaches (PyTorch wraps `step` then); `step()` then records that
    /// it ran, so the scheduler can warn about calling it before the optimizer.
    public internal(set) var trackedByScheduler = false
    /// `optimizer._opt_called`.
    public internal(set) var stepCalledWhileTracked = false

    /// Builds the groups from `params` (`ValueError: optimizer got an empty parameter list`).
    public init(_ params: ParamsArgument, defaults: [(key: String, value: OptionValue)]) throws {
        self.defaults = defaults
        let specs: [ParamGroupSpec]
        switch params {
        case .tensors(let tensors):
            guard !tensors.isEmpty else { throw TorchError.value("optimizer got an empty parameter list") }
            specs = [ParamGroupSpec(params: tensors)]
        case .groups(let groups):
            guard !groups.isEmpty else { throw TorchError.value("optimizer got an empty parameter list") }
            specs = groups
        }
        for spec in specs { try addParamGroup(spec) }
    }

    /// The TypeError PyTorch raises when a single tensor is passed as `params`.
    public static func paramsTypeError(for tensor: Tensor) -> TorchError {
        TorchError.type("params argument given to the optimizer should be an iterable of Tensors or dicts, but got \(tensor.dtype.legacyTypeName)")
    }

    /// `add_param_group(param_group)`: the group's own options first, then every default it
    /// does not override.
    /// - Throws: `ValueError: can't optimize a non-leaf Tensor`,
    ///   `ValueError: some parameters appear in more than one parameter group`.
    public func addParamGroup(_ spec: ParamGroupSpec) throws {
        let differentiable = defaults.first { $0.key == "differentiable" }?.value.isTruthy ?? false
        for p in spec.params where !differentiable && !(p.isLeaf || p.retainsGrad) {
            throw TorchError.value("can't optimize a non-leaf Tensor")
        }
        let group = ParamGroup(params: spec.params, options: [])
        for (k, v) in spec.options { group[k] = v }
        for (k, v) in defaults { group.setDefault(k, v) }
        let ids = spec.params.map(ObjectIdentifier.init)
        if Set(ids).count != ids.count {
            Warnings.warn("optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information")
        }
        let existing = Set(paramGroups.flatMap { $0.params.map(ObjectIdentifier.init) })
        if ids.contains(where: existing.contains) {
            throw TorchError.value("some parameters appear in more than one parameter group")
        }
        paramGroups.append(group)
    }

    /// `optimizer.step()`: one update of every group, without grad tracking.
    public func step() throws {
        if trackedByScheduler { stepCalledWhileTracked = true }
        try GradMode.with(false) {
            for group in paramGroups { try update(group) }
        }
    }

    /// The update of one group; subclasses implement it.
    open func update(_ group: ParamGroup) throws {
        throw TorchError(.notImplementedError, "\(typeName).step is not implemented")
    }

    /// `optimizer.zero_grad(set_to_none=True)`: grads become None, or are zeroed in place.
    public func zeroGrad(setToNone: Bool = true) throws {
        for group in paramGroups {
            for p in group.params {
                guard let g = p.grad else { continue }
                if setToNone { p.grad = nil } else { try GradMode.with(false) { _ = try g.detach().zero() }; p.noteGradZeroed() }
            }
        }
    }

    /// `repr(optimizer)` / `print(optimizer)` (pytorch-behaviour.md §2.4): each group's options
    /// sorted by key (code point order, as Python's `sorted`), `params` left out.
    open func repr() -> String {
        var s = typeName + " ("
        for (i, group) in paramGroups.enumerated() {
            s += "\nParameter Group \(i)\n"
            let sorted = group.options.sorted { Array($0.key.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.key.unicodeScalars.map(\.value)) }
            for (key, value) in sorted { s += "    \(key): \(value)\n" }
        }
        return s + ")"
    }

    /// `optimizer.state_dict()`: parameters replaced by their index over all groups (in group
    /// order), state in insertion order.
    public func stateDict() -> OptimizerStateDict {
        var index: [ObjectIdentifier: Int] = [:]
        var start = 0
        var groups: [OptimizerStateDict.Group] = []
        for group in paramGroups {
            for (i, p) in group.params.enumerated() where index[ObjectIdentifier(p)] == nil {
                index[ObjectIdentifier(p)] = start + i
            }
            groups.append(.init(options: group.options, params: group.params.map { index[ObjectIdentifier($0)] ?? 0 }))
            start += group.params.count
        }
        let packed = state.items.compactMap { item -> (index: Int, entries: [(key: String, value: Tensor)])? in
            guard let i = index[ObjectIdentifier(item.param)] else { return nil }
            return (i, item.state.entries)
        }
        return OptimizerStateDict(state: packed, paramGroups: groups)
    }

    /// `optimizer.load_state_dict(state_dict)`: the saved groups' options replace the current
    /// ones (parameters stay), and the saved state is attached to the parameters by index.
    public func loadStateDict(_ saved: OptimizerStateDict) throws {
        guard saved.paramGroups.count == paramGroups.count else {
            throw TorchError.value("loaded state dict has a different number of parameter groups")
        }
        for (g, s) in zip(paramGroups, saved.paramGroups) where g.params.count != s.params.count {
            throw TorchError.value("loaded state dict contains a parameter group that doesn't match the size of optimizer's group")
        }
        var byIndex: [Int: Tensor] = [:]
        for (g, s) in zip(paramGroups, saved.paramGroups) {
            for (p, i) in zip(g.params, s.params) { byIndex[i] = p }
        }
        var items: [(Tensor, ParamState)] = []
        for (i, entries) in saved.state {
            guard let p = byIndex[i] else { continue }
            let ps = ParamState()
            for (k, v) in entries { ps[k] = v }
            items.append((p, ps))
        }
        state.reset(items)
        for (g, s) in zip(paramGroups, saved.paramGroups) {
            for (k, _) in g.options { g[k] = nil }
            for (k, v) in s.options { g[k] = v }
            for (k, v) in defaults { g.setDefault(k, v) }
        }
    }
}

/// What `optimizer.state_dict()` holds: `{'state': {index: {...}}, 'param_groups': [{..., 'params': [indices]}]}`.
public struct OptimizerStateDict {
    /// One group: its options in dict order (`params` comes last in Python's dict).
    public struct Group {
        /// The group's options in dict order.
        public var options: [(key: String, value: OptionValue)]
        /// Indices of the group's parameters.
        public var params: [Int]
        /// A packed group.
        public init(options: [(key: String, value: OptionValue)], params: [Int]) {
            self.options = options
            self.params = params
        }
    }
    /// Per-parameter state by parameter index, in insertion order.
    public var state: [(index: Int, entries: [(key: String, value: Tensor)])]
    /// The packed groups.
    public var paramGroups: [Group]

    /// A state dict from its parts (`load_state_dict` of a Python dict).
    public init(state: [(index: Int, entries: [(key: String, value: Tensor)])], paramGroups: [Group]) {
        self.state = state
        self.paramGroups = paramGroups
    }
}

/// Checks `0.0 <= value` as the optimizers' constructors do, with their message
/// (`ValueError: Invalid learning rate: -1`).
func requireNonNegative(_ value: OptionValue, _ what: String) throws {
    if try value.number() < 0 { throw TorchError.value("Invalid \(what): \(value)") }
}
