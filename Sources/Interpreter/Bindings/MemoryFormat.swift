import Engine

/// `torch.contiguous_format`, `torch.preserve_format`, `torch.channels_last`,
/// `torch.channels_last_3d`: the `memory_format=` of clone, contiguous and the `*_like`
/// factories. nnrepl's tensors are laid out row-major (NCHW), so the first two are what it
/// does; the channels-last layouts are refused rather than silently ignored.
final class MemoryFormatObject: NativeObject {
    let name: String
    init(_ name: String) { self.name = name }
    override var typeName: String { "memory_format" }
    override func repr() -> String { "torch.\(name)" }
    override func hashKey() -> HashKey? { .str("memory_format:" + name) }
    override func equals(_ other: Value) -> Bool? {
        if case .object(let o as MemoryFormatObject) = other { return o.name == name }
        return false
    }

    static let all = ["contiguous_format", "preserve_format", "channels_last", "channels_last_3d"].map(MemoryFormatObject.init)
}

extension Interpreter {
    /// `is_contiguous(memory_format=)`: whether the strides are those of that layout.
    func isContiguous(_ t: Tensor, memoryFormat v: Value) throws -> Bool {
        guard case .object(let f as MemoryFormatObject) = v, f.name.hasPrefix("channels_last") else {
            try checkMemoryFormat(v, op: "is_contiguous", rank: t.ndim)
            return t.isContiguous
        }
        guard t.ndim == (f.name == "channels_last" ? 4 : 5) else { return false }
        // Channels innermost, then the spatial dims in order, then the batch.
        var expected = [Int](repeating: 0, count: t.ndim)
        var stride = 1
        for d in [1] + Array(2..<t.ndim).reversed() + [0] {
            expected[d] = stride
            stride *= t.shape[d]
        }
        return zip(zip(t.strides, expected), t.shape).allSatisfy { pair, size in size == 1 || pair.0 == pair.1 }
    }

    func installMemoryFormats(_ torch: NamespaceObject) {
        for f in MemoryFormatObject.all { torch.members[f.name] = .object(f) }
    }

    /// Checks a `memory_format=` argument (None means the default) for `op` on a tensor of
    /// `rank` dimensions.
    func checkMemoryFormat(_ v: Value, op: String, rank: Int) throws {
        switch v {
        case .none: return
        case .object(let f as MemoryFormatObject):
            guard f.name == "contiguous_format" || f.name == "preserve_format" else {
                let wanted = f.name == "channels_last" ? 4 : 5
                guard rank == wanted else { throw PyError(.runtimeError, "required rank \(wanted) tensor to use \(f.name) format") }
                throw PyError(.notImplementedError, "\(op)(memory_format=torch.\(f.name)): nnrepl keeps tensors in the default row-major layout (contiguous_format)")
            }
        default:
            throw PyError(.typeError, "\(op)(): argument 'memory_format' must be torch.memory_format, not \(typeName(v))")
        }
    }
}
