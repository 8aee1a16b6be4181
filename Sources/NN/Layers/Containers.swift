import Engine

/// `nn.Sequential(*modules)` or `nn.Sequential(OrderedDict([...]))`: a sequential container.
/// Modules are added in the order they are passed; `forward` feeds the input to the first module
/// and chains each output into the next (calling each child through `Module.call`, so a
/// Python-defined child runs its own `forward` and hooks), returning the last output.
///
/// Children are named `0`, `1`, … (or by the OrderedDict keys). Indexing accepts negative
/// positions; a slice gives a new Sequential that keeps the children's names
/// (`seq[1:]` lists `(1): …`, `(2): …`). Unlike `ModuleList`, the repr never compresses repeats.
///
/// **Examples**
/// ```
/// >>> model = nn.Sequential(
/// ...     nn.Conv2d(1, 20, 5), nn.ReLU(), nn.Conv2d(20, 64, 5), nn.ReLU()
/// ... )
/// >>> model = nn.Sequential(OrderedDict([
/// ...     ('conv1', nn.Conv2d(1, 20, 5)), ('relu1', nn.ReLU()),
/// ... ]))
/// ```
open class Sequential: Module {
    /// `nn.Sequential(m0, m1, …)`: children named by position.
    public init(_ modules: [Module] = []) {
        super.init()
        for (i, m) in modules.enumerated() { registerModule(String(i), m) }
    }

    /// `nn.Sequential(OrderedDict(...))`: children under the given names.
    public init(named modules: [(String, Module)]) {
        super.init()
        for (name, m) in modules { registerModule(name, m) }
    }

    /// The children in order (a child registered as None is skipped, as iteration does).
    public var modules: [Module] { childEntries.compactMap(\.module) }

    /// `len(seq)`.
    public var count: Int { childEntries.count }

    /// Python's positional index → array position, with PyTorch's `IndexError: index 5 is out of range`.
    func position(_ index: Int) throws -> Int {
        let n = count
        guard index >= -n && index < n else { throw TorchError.index("index \(index) is out of range") }
        return index < 0 ? index + n : index
    }

    /// `seq[i]` (negative allowed).
    public func item(at index: Int) throws -> Module {
        let entry = childEntries[try position(index)]
        guard let m = entry.module else { throw TorchError.type("'NoneType' object is not a Module") }
        return m
    }

    /// `seq[start:stop:step]`: a new Sequential holding those children under their names.
    public func slice(start: Int?, stop: Int?, step: Int?) throws -> Sequential {
        let picked = try pythonSliceIndices(count: count, start: start, stop: stop, step: step)
        return Sequential(named: picked.compactMap { i in childEntries[i].module.map { (childEntries[i].name, $0) } })
    }

    /// `seq[i] = module`: replaces the child at that position, keeping its name.
    public func setItem(at index: Int, _ module: Module) throws {
        registerModule(childEntries[try position(index)].name, module)
    }

    /// `del seq[i]`: removes the child, then renames all children `0`, `1`, … as PyTorch does.
    public func deleteItem(at index: Int) throws {
        let p = try position(index)
        var entries = childEntries
        entries.remove(at: p)
        renumber(entries)
    }

    /// `del seq[start:stop:step]`, renumbering afterwards.
    public func deleteSlice(start: Int?, stop: Int?, step: Int?) throws {
        let drop = Set(try pythonSliceIndices(count: count, start: start, stop: stop, step: step))
        renumber(childEntries.enumerated().filter { !drop.contains($0.offset) }.map(\.element))
    }

    func renumber(_ entries: [(name: String, module: Module?)]) {
        replaceChildEntries(entries.enumerated().map { (String($0.offset), $0.element.module) })
    }

    /// `seq.append(module)`: adds it under the name `str(len(seq))`; returns self.
    @discardableResult
    public func append(_ module: Module) -> Sequential {
        registerModule(String(count), module)
        return self
    }

    /// `seq.extend(modules)`.
    @discardableResult
    public func extend(_ modules: [Module]) -> Sequential {
        for m in modules { append(m) }
        return self
    }

    /// `seq.insert(index, module)`: shifts the later children up by one position.
    /// - Throws: `IndexError: Index out of range: 7`.
    @discardableResult
    public func insert(_ index: Int, _ module: Module) throws -> Sequential {
        let n = count
        guard index >= -n && index <= n else { throw TorchError.index("Index out of range: \(index)") }
        let at = index < 0 ? index + n : index
        var entries = childEntries
        entries.insert((String(at), module), at: at)
        // PyTorch moves each later module to key str(i + 1).
        for i in (at + 1)..<entries.count { entries[i].name = String(i) }
        replaceChildEntries(entries)
        return self
    }

    /// `seq.pop(i)`: removes and returns the child (renumbering the rest).
    public func pop(_ index: Int) throws -> Module {
        let m = try item(at: index)
        try deleteItem(at: index)
        return m
    }

    /// Chains the children: `x = child(x)` for each, in order.
    open override func forward(_ input: Tensor) throws -> Tensor {
        var x = input
        for m in modules { x = try m.call(x) }
        return x
    }
}

/// `nn.ModuleList(modules=None)`: holds submodules in a list. It can be indexed like a regular
/// Python list, but the modules it contains are properly registered and visible to every Module
/// method (`parameters()`, `state_dict()`, `to`, …). It has no `forward` of its own.
///
/// Its repr compresses runs of consecutive children with identical reprs into
/// `(0-1): 2 x Linear(...)`. Slicing returns a new ModuleList numbered from 0.
///
/// **Examples**
/// ```
/// >>> class MyModule(nn.Module):
/// ...     def __init__(self):
/// ...         super().__init__()
/// ...         self.linears = nn.ModuleList([nn.Linear(10, 10) for i in range(10)])
/// ...     def forward(self, x):
/// ...         for i, l in enumerate(self.linears):
/// ...             x = self.linears[i // 2](x) + l(x)
/// ...         return x
/// ```
open class ModuleList: Module {
    /// `nn.ModuleList(modules)`: children named `0`, `1`, ….
    public init(_ modules: [Module] = []) {
        super.init()
        for m in modules { append(m) }
    }

    /// The children in order.
    public var modules: [Module] { childEntries.compactMap(\.module) }
    /// `len(ml)`.
    public var count: Int { childEntries.count }

    func position(_ index: Int) throws -> Int {
        let n = count
        guard index >= -n && index < n else { throw TorchError.index("index \(index) is out of range") }
        return index < 0 ? index + n : index
    }

    /// `ml[i]` (negative allowed).
    public func item(at index: Int) throws -> Module {
        guard let m = childEntries[try position(index)].module else { throw TorchError.type("'NoneType' object is not a Module") }
        return m
    }

    /// `ml[start:stop:step]`: a new ModuleList, renumbered from 0.
    public func slice(start: Int?, stop: Int?, step: Int?) throws -> ModuleList {
        let picked = try pythonSliceIndices(count: count, start: start, stop: stop, step: step)
        return ModuleList(picked.compactMap { childEntries[$0].module })
    }

    /// `ml[i] = module`.
    public func setItem(at index: Int, _ module: Module) throws {
        registerModule(String(try position(index)), module)
    }

    /// `del ml[i]`, renumbering afterwards.
    public func deleteItem(at index: Int) throws {
        let p = try position(index)
        var entries = childEntries
        entries.remove(at: p)
        replaceChildEntries(entries.enumerated().map { (String($0.offset), $0.element.module) })
    }

    /// `ml.append(module)`; returns self.
    @discardableResult
    public func append(_ module: Module) -> ModuleList {
        registerModule(String(count), module)
        return self
    }

    /// `ml.extend(modules)` / `ml += modules`.
    @discardableResult
    public func extend(_ modules: [Module]) -> ModuleList {
        for m in modules { append(m) }
        return self
    }

    /// `ml.insert(index, module)`: inserts before `index` (clamped as list.insert does).
    public func insert(_ index: Int, _ module: Module) {
        let n = count
        let at = index < 0 ? Swift.max(index + n, 0) : Swift.min(index, n)
        var entries = childEntries
        entries.insert((String(at), module), at: at)
        replaceChildEntries(entries.enumerated().map { (String($0.offset), $0.element.module) })
    }

    /// `ml.pop(i)`.
    public func pop(_ index: Int) throws -> Module {
        let m = try item(at: index)
        try deleteItem(at: index)
        return m
    }

    /// Runs of identical child reprs become `(i-j): n x <repr>` (PyTorch's ModuleList.__repr__).
    open override func childReprLines() -> [String] {
        let reprs = childEntries.map { reprOf($0.module) }
        var lines: [String] = []
        var start = 0
        while start < reprs.count {
            var end = start
            while end + 1 < reprs.count && reprs[end + 1] == reprs[start] { end += 1 }
            let line = start == end ? "(\(start)): \(reprs[start])" : "(\(start)-\(end)): \(end - start + 1) x \(reprs[start])"
            lines.append(indentRepr(line))
            start = end + 1
        }
        return lines
    }

    /// ModuleList's own repr shows no extra_repr, only the (compressed) children.
    open override func repr() -> String {
        let lines = childReprLines()
        if lines.isEmpty { return "\(typeName)()" }
        return "\(typeName)(\n  " + lines.joined(separator: "\n  ") + "\n)"
    }
}
