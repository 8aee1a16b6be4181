import Engine
import Foundation

/// `torch.float32` and friends: one object per dtype, so `torch.float is torch.float32` holds.
final class DTypeObject: NativeObject {
    let dtype: DType
    private init(_ d: DType) { dtype = d }
    private static let all: [DType: DTypeObject] = Dictionary(uniqueKeysWithValues: DType.allCases.map { ($0, DTypeObject($0)) })
    static func of(_ d: DType) -> DTypeObject { all[d]! }
    static var float32: DTypeObject { of(.float32) }
    static var int64: DTypeObject { of(.int64) }
    static var bool: DTypeObject { of(.bool) }
    override var typeName: String { "torch.dtype" }
    override func repr() -> String { dtype.pythonName }
    override func hashKey() -> HashKey? { .identity(ObjectIdentifier(self)) }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "is_floating_point": return .bool(dtype.isFloatingPoint)
        case "is_signed": return .bool(dtype.isSigned)
        case "is_complex": return .false
        case "itemsize": return .int(dtype.itemSize)
        default: return nil
        }
    }
    override func attributeNames() -> [String] { ["is_floating_point", "is_signed", "is_complex", "itemsize"] }

    /// The names `torch.X` gives each dtype (aliases included), as PyTorch defines them.
    static let torchNames: [(String, DType)] = [
        ("float32", .float32), ("float", .float32), ("float64", .float64), ("double", .float64),
        ("float16", .float16), ("half", .float16), ("bfloat16", .bfloat16),
        ("int64", .int64), ("long", .int64), ("int32", .int32), ("int", .int32),
        ("int16", .int16), ("short", .int16), ("int8", .int8), ("uint8", .uint8), ("bool", .bool),
    ]
}

/// `torch.finfo(dtype)`: the machine limits of a floating dtype.
final class FInfoObject: NativeObject {
    let dtype: DType
    init(_ dtype: DType) { self.dtype = dtype }
    override var typeName: String { "torch.finfo" }

    /// (bits, eps, max, smallest normal, resolution) as PyTorch reports them.
    var limits: (bits: Int, eps: Double, max: Double, tiny: Double, resolution: Double) {
        switch dtype {
        case .float64: return (64, Double.ulpOfOne, Double.greatestFiniteMagnitude, Double.leastNormalMagnitude, 1e-15)
        case .float16: return (16, Double(Float16.ulpOfOne), Double(Float16.greatestFiniteMagnitude), Double(Float16.leastNormalMagnitude), 0.001)
        case .bfloat16: return (16, 0.0078125, Double(BFloat16(bits: 0x7F7F).float), Double(Float.leastNormalMagnitude), 0.01)
        default: return (32, Double(Float.ulpOfOne), Double(Float.greatestFiniteMagnitude), Double(Float.leastNormalMagnitude), 1e-06)
        }
    }

    override func repr() -> String {
        let l = limits
        func g(_ x: Double) -> String { pythonDoubleToString(x, formatCode: "g", precision: 6) }
        return "finfo(resolution=\(g(l.resolution)), min=\(g(-l.max)), max=\(g(l.max)), eps=\(g(l.eps)), smallest_normal=\(g(l.tiny)), tiny=\(g(l.tiny)), dtype=\(dtype.name))"
    }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        let l = limits
        switch name {
        case "bits": return .int(l.bits)
        case "eps": return .float(l.eps)
        case "max": return .float(l.max)
        case "min": return .float(-l.max)
        case "tiny", "smallest_normal": return .float(l.tiny)
        case "resolution": return .float(l.resolution)
        case "dtype": return .str(dtype.name)
        default: return nil
        }
    }
    override func attributeNames() -> [String] { ["bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype"] }
}

/// `torch.iinfo(dtype)`: the range of an integer dtype.
final class IInfoObject: NativeObject {
    let dtype: DType
    init(_ dtype: DType) { self.dtype = dtype }
    override var typeName: String { "torch.iinfo" }
    var range: (min: Int64, max: Int64) {
        switch dtype {
        case .uint8: return (0, 255)
        case .int8: return (-128, 127)
        case .int16: return (-32768, 32767)
        case .int32: return (Int64(Int32.min), Int64(Int32.max))
        default: return (Int64.min, Int64.max)
        }
    }
    override func repr() -> String {
        // PyTorch formats the bounds with %g.
        func g(_ x: Int64) -> String { pythonDoubleToString(Double(x), formatCode: "g", precision: 6) }
        return "iinfo(min=\(g(range.min)), max=\(g(range.max)), dtype=\(dtype.name))"
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "bits": return .int(dtype.itemSize * 8)
        case "min": return .int(Int(range.min))
        case "max": return .int(Int(range.max))
        case "dtype": return .str(dtype.name)
        default: return nil
        }
    }
    override func attributeNames() -> [String] { ["bits", "min", "max", "dtype"] }
}

extension Interpreter {
    /// The dtype members and functions of the `torch` module.
    func addDTypeBindings(to ns: NamespaceObject) {
        for (name, d) in DTypeObject.torchNames { ns.members[name] = .object(DTypeObject.of(d)) }
        ns.members["Tensor"] = .object(TensorTypeObject.shared)
        for d in DType.allCases { ns.members[d.scalarName + "Tensor"] = .object(TensorTypeObject.legacy(d)) }

        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                do { return try body(try Signature.of(name, sig).bind(a, self)) } catch let e as TorchError { throw PyError(e) }
            })
        }
        def("get_default_dtype", "") { _ in .object(DTypeObject.of(DType.defaultFloat)) }
        def("set_default_dtype", "d") { b in
            guard case .object(let o as DTypeObject) = b["d"] else {
                throw PyError(.typeError, "invalid dtype object: only floating-point types are supported as the default type")
            }
            guard o.dtype.isFloatingPoint else { throw PyError(.typeError, "only floating-point types are supported as the default type") }
            DType.defaultFloat = o.dtype
            return .none
        }
        def("promote_types", "type1, type2") { b in
            .object(DTypeObject.of(DType.promote(try b.dtype("type1")!, try b.dtype("type2")!)))
        }
        def("can_cast", "from_, to") { b in .bool(DType.canCast(try b.dtype("from_")!, to: try b.dtype("to")!)) }
        def("result_type", "tensor1, tensor2") { [unowned self] b in
            let ops = try ["tensor1", "tensor2"].map { name -> Operand in
                guard let o = self.tensorOperand(b[name]) else {
                    throw PyError(.typeError, "result_type() received an invalid combination of arguments - got (\(self.typeName(b["tensor1"])), \(self.typeName(b["tensor2"])))")
                }
                return o
            }
            return .object(DTypeObject.of(promoteTypes(ops[0], ops[1])))
        }
        def("finfo", "type=None") { b in
            let d = try b.dtype("type") ?? DType.defaultFloat
            guard d.isFloatingPoint else {
                throw PyError(.typeError, "torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'")
            }
            return .object(FInfoObject(d))
        }
        def("iinfo", "type") { b in
            let d = try b.dtype("type")!
            if d == .bool { throw PyError(.typeError, "torch.bool is not supported by torch.iinfo") }
            guard d.isIntegral else {
                throw PyError(.typeError, "torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'")
            }
            return .object(IInfoObject(d))
        }
    }

    /// A dtype given as `torch.float64`, a legacy type (`torch.DoubleTensor`) or its name
    /// (`'torch.DoubleTensor'`), as `tensor.type(...)` accepts it.
    func dtypeOrLegacyType(_ v: Value) -> DType? {
        switch v {
        case .object(let o as DTypeObject): return o.dtype
        case .object(let t as TensorTypeObject): return t.dtype ?? DType.defaultFloat
        case .str(let s): return DType.allCases.first { $0.legacyTypeName == s }
        default: return nil
        }
    }
}
