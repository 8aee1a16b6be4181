/// The element types of PyTorch's CPU tensors that nnrepl supports (complex and the quantized
/// and float8 types are out of scope).
public enum DType: Int, CaseIterable, Sendable {
    case bool, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64

    /// Bytes per element (`element_size()`, `dtype.itemsize`).
    public var itemSize: Int {
        switch self {
        case .bool, .uint8, .int8: return 1
        case .int16, .float16, .bfloat16: return 2
        case .int32, .float32: return 4
        case .int64, .float64: return 8
        }
    }

    /// `torch.float32` as Python shows the dtype (aliases such as `torch.float` show this name too).
    public var pythonName: String { "torch.\(name)" }

    /// The dtype's own name (`float32`, `uint8`), as in `torch.<name>`.
    public var name: String {
        switch self {
        case .bool: return "bool"
        case .uint8: return "uint8"
        case .int8: return "int8"
        case .int16: return "int16"
        case .int32: return "int32"
        case .int64: return "int64"
        case .float16: return "float16"
        case .bfloat16: return "bfloat16"
        case .float32: return "float32"
        case .float64: return "float64"
        }
    }

    /// The C++ scalar name PyTorch uses in messages (`Float`, `Long`, `Byte`).
    public var scalarName: String {
        switch self {
        case .bool: return "Bool"
        case .uint8: return "Byte"
        case .int8: return "Char"
        case .int16: return "Short"
        case .int32: return "Int"
        case .int64: return "Long"
        case .float16: return "Half"
        case .bfloat16: return "BFloat16"
        case .float32: return "Float"
        case .float64: return "Double"
        }
    }

    /// The C++ type name some messages print (`long int`, `c10::Half`): what `typeid(T).name()`
    /// demangles to with GCC, as PyTorch's "expected m1 and m2 to have the same dtype" shows it.
    public var cppTypeName: String {
        switch self {
        case .bool: return "bool"
        case .uint8: return "unsigned char"
        case .int8: return "signed char"
        case .int16: return "short int"
        case .int32: return "int"
        case .int64: return "long int"
        case .float16: return "c10::Half"
        case .bfloat16: return "c10::BFloat16"
        case .float32: return "float"
        case .float64: return "double"
        }
    }

    /// The legacy tensor type name (`torch.FloatTensor`), as `tensor.type()` gives it.
    public var legacyTypeName: String { "torch.\(scalarName)Tensor" }

    public var isFloatingPoint: Bool {
        switch self {
        case .float16, .bfloat16, .float32, .float64: return true
        default: return false
        }
    }

    /// Integer types, without bool (`isIntegralType(t, includeBool: false)` in c10).
    public var isIntegral: Bool {
        switch self {
        case .uint8, .int8, .int16, .int32, .int64: return true
        default: return false
        }
    }

    /// `dtype.is_signed`.
    public var isSigned: Bool { !(self == .bool || self == .uint8) }

    /// Type-promotion category: bool < integral < floating.
    var category: Int { self == .bool ? 0 : isIntegral ? 1 : 2 }

    /// The floating dtype `torch.get_default_dtype()` returns: factories, Python floats and
    /// true division of integers produce it. Changed by `torch.set_default_dtype`.
    nonisolated(unsafe) public static var defaultFloat: DType = .float32

    /// The dtype a Python float becomes (the default dtype).
    public static var pythonFloat: DType { defaultFloat }

    /// `torch.promote_types(a, b)`: c10's lookup table (rows and columns in case order).
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        return promotionTable[a.rawValue][b.rawValue]
    }

    private static let promotionTable: [[DType]] = {
        // Generated from torch.promote_types on PyTorch 2.15 (b1 u1 i1 i2 i4 i8 f2 bf f4 f8).
        let rows = [
            "b1 u1 i1 i2 i4 i8 f2 bf f4 f8",
            "u1 u1 i2 i2 i4 i8 f2 bf f4 f8",
            "i1 i2 i1 i2 i4 i8 f2 bf f4 f8",
            "i2 i2 i2 i2 i4 i8 f2 bf f4 f8",
            "i4 i4 i4 i4 i4 i8 f2 bf f4 f8",
            "i8 i8 i8 i8 i8 i8 f2 bf f4 f8",
            "f2 f2 f2 f2 f2 f2 f2 f4 f4 f8",
            "bf bf bf bf bf bf f4 bf f4 f8",
            "f4 f4 f4 f4 f4 f4 f4 f4 f4 f8",
            "f8 f8 f8 f8 f8 f8 f8 f8 f8 f8",
        ]
        let code: [Substring: DType] = ["b1": .bool, "u1": .uint8, "i1": .int8, "i2": .int16, "i4": .int32, "i8": .int64,
                                        "f2": .float16, "bf": .bfloat16, "f4": .float32, "f8": .float64]
        return rows.map { $0.split(separator: " ").map { code[$0]! } }
    }()

    /// `torch.can_cast(from, to)`: no cast to a lower category (float → int, int → bool).
    public static func canCast(_ from: DType, to: DType) -> Bool { from.category <= to.category }

    /// The dtype a unary floating op (exp, sqrt, sigmoid…) computes in: integers and bool
    /// become the default dtype, as PyTorch's "int to float" promotion does.
    public var floatingResult: DType { isFloatingPoint ? self : DType.defaultFloat }
}

/// An operand's part in PyTorch's `result_type`: dimensioned tensors outrank 0-d tensors, which
/// outrank Python numbers ("wrapped numbers"), unless a lower rank brings a higher category.
public enum PromotionRank { case dimensioned, zeroDim, wrapped }

/// `at::result_type` over operands given as (dtype, rank).
public func resultType(_ operands: [(DType, PromotionRank)]) -> DType {
    var dim: DType?, zero: DType?, wrapped: DType?
    func merge(_ acc: DType?, _ d: DType) -> DType { acc.map { DType.promote($0, d) } ?? d }
    for (d, rank) in operands {
        switch rank {
        case .dimensioned: dim = merge(dim, d)
        case .zeroDim: zero = merge(zero, d)
        // A Python float counts as the default dtype, whatever the caller passed.
        case .wrapped: wrapped = merge(wrapped, d.isFloatingPoint ? DType.defaultFloat : d)
        }
    }
    return combineCategories(dim, combineCategories(zero, wrapped))!
}

/// c10's `combine_categories`: the higher-priority result wins unless the lower one brings a
/// higher category (then the two are promoted together).
private func combineCategories(_ higher: DType?, _ lower: DType?) -> DType? {
    guard let higher else { return lower }
    guard let lower else { return higher }
    if higher.isFloatingPoint { return higher }
    if higher == .bool || lower.category > higher.category { return DType.promote(higher, lower) }
    return higher
}
