import Engine

/// `optimizer.state[p]`: the per-parameter buffers (`momentum_buffer`, `step`, `exp_avg`, …) in
/// the order they were created.
public final class ParamState {
    /// The buffers in creation order.
    public private(set) var entries: [(key: String, value: Tensor)] = []

    /// An empty state (what `optimizer.state[p]` starts as).
    public init() {}

    /// `state[key]`; assigning replaces in place or appends.
    public subscript(key: String) -> Tensor? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    /// `len(state) == 0`.
    public var isEmpty: Bool { entries.isEmpty }
}

/// `optimizer.state`: a dict keyed by parameter identity (not value), in insertion order, that
/// creates an empty entry on first access as Python's `defaultdict(dict)` does.
public final class OptimizerState {
    private var order: [ObjectIdentifier] = []
    private var table: [ObjectIdentifier: (param: Tensor, state: ParamState)] = [:]

    /// An empty `optimizer.state`.
    public init() {}

    /// The entry for `p`, created empty when missing (`optimizer.state[p]`).
    public func entry(for p: Tensor) -> ParamState {
        let id = ObjectIdentifier(p)
        if let e = table[id] { return e.state }
        let s = ParamState()
        table[id] = (p, s)
        order.append(id)
        return s
    }

    /// The entry for `p` without creating one (`p in optimizer.state`).
    public func existing(for p: Tensor) -> ParamState? { table[ObjectIdentifier(p)]?.state }

    /// `optimizer.state.items()` in insertion order.
    public var items: [(param: Tensor, state: ParamState)] { order.compactMap { table[$0] } }

    /// `len(optimizer.state)`.
    public var count: Int { order.count }

    /// Replaces everything (`load_state_dict`).
    func reset(_ items: [(Tensor, ParamState)]) {
        order = []
        table = [:]
        for (p, s) in items {
            let id = ObjectIdentifier(p)
            if table[id] == nil { order.append(id) }
            table[id] = (p, s)
        }
    }
}
