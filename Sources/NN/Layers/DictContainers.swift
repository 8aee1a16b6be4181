import Engine

/// `nn.ModuleDict`, `nn.ParameterList`, `nn.ParameterDict`: containers that register what they
/// hold (so `parameters()`, `state_dict()` and `.to()` see it) and print as PyTorch prints them.

/// `nn.ModuleDict(modules=None)`: sub-modules by string key, in insertion order.
open class ModuleDict: Module {
    public init(_ modules: [(String, Module)] = []) {
        super.init()
        for (k, m) in modules { registerModule(k, m) }
    }
    public var keys: [String] { childEntries.map(\.name) }
    public func item(_ key: String) throws -> Module {
        guard hasChild(key), let m = child(key) else { throw TorchError(.keyError, pythonStringRepr(key)) }
        return m
    }
    public func set(_ key: String, _ m: Module) { registerModule(key, m) }
    @discardableResult
    public func remove(_ key: String) throws -> Module {
        let m = try item(key)
        removeRegistered(key)
        return m
    }
    public func clear() { for k in keys { removeRegistered(k) } }
}

/// `Parameter containing: [torch.float32 of size 3x2]` (the list shows the dtype, the dict the
/// legacy type name, as PyTorch does).
func containedParameterText(_ t: Tensor, legacyName: Bool) -> String {
    let size = t.shape.map(String.init).joined(separator: "x")
    return "\(t.isParameter ? "Parameter" : "Tensor") containing: [\(legacyName ? t.dtype.legacyTypeName : t.dtype.pythonName) of size \(size)]"
}

/// `nn.ParameterList(values=None)`: parameters named `0`, `1`, …; a plain tensor is made a
/// Parameter on the way in.
open class ParameterList: Module {
    public init(_ values: [Tensor] = []) throws {
        super.init()
        for v in values { try append(v) }
    }
    public var count: Int { parameterEntries.count }
    public var items: [Tensor] { parameterEntries.compactMap(\.tensor) }
    func position(_ index: Int) throws -> Int {
        let n = count
        guard index >= -n && index < n else { throw TorchError.index("index \(index) is out of range") }
        return index < 0 ? index + n : index
    }
    public func item(at index: Int) throws -> Tensor {
        guard let t = parameterEntries[try position(index)].tensor else { throw TorchError.type("'NoneType' object is not a Tensor") }
        return t
    }
    public func append(_ t: Tensor) throws {
        registerParameter(String(count), t.isParameter ? t : try makeParameter(t, requiresGrad: t.dtype.isFloatingPoint))
    }
    public func setItem(at index: Int, _ t: Tensor) throws {
        registerParameter(String(try position(index)), t.isParameter ? t : try makeParameter(t, requiresGrad: t.dtype.isFloatingPoint))
    }
    open override func extraRepr() -> String {
        parameterEntries.enumerated().compactMap { k, e in e.tensor.map { "  (\(k)): " + containedParameterText($0, legacyName: false) } }
            .joined(separator: "\n")
    }
}

/// `nn.ParameterDict(parameters=None)`: parameters by string key.
open class ParameterDict: Module {
    public init(_ values: [(String, Tensor)] = []) throws {
        super.init()
        for (k, v) in values { try set(k, v) }
    }
    public var keys: [String] { parameterEntries.map(\.name) }
    public func item(_ key: String) throws -> Tensor {
        guard hasParameter(key), let t = parameter(key) else { throw TorchError(.keyError, pythonStringRepr(key)) }
        return t
    }
    public func set(_ key: String, _ t: Tensor) throws {
        registerParameter(key, t.isParameter ? t : try makeParameter(t, requiresGrad: t.dtype.isFloatingPoint))
    }
    @discardableResult
    public func remove(_ key: String) throws -> Tensor {
        let t = try item(key)
        removeRegistered(key)
        return t
    }
    open override func extraRepr() -> String {
        parameterEntries.compactMap { e in e.tensor.map { "  (\(e.name)): " + containedParameterText($0, legacyName: true) } }
            .joined(separator: "\n")
    }
}
