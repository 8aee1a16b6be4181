/// The element types nnrepl supports. Ordered by PyTorch's type promotion: bool < int64 < float32.
public enum DType: Int, Comparable, CaseIterable {
    case bool = 0, int64 = 1, float32 = 2

    public static func < (a: DType, b: DType) -> Bool { a.rawValue < b.rawValue }

    public var itemSize: Int {
        switch self {
        case .bool: return 1
        case .int64: return 8
        case .float32: return 4
        }
    }

    /// `torch.float32` as Python shows the dtype.
    public var pythonName: String {
        switch self {
        case .bool: return "torch.bool"
        case .int64: return "torch.int64"
        case .float32: return "torch.float32"
        }
    }

    /// The C++ scalar name PyTorch uses in messages (`Float`, `Long`, `Bool`).
    public var scalarName: String {
        switch self {
        case .bool: return "Bool"
        case .int64: return "Long"
        case .float32: return "Float"
        }
    }

    /// The legacy tensor type name (`torch.FloatTensor`) used in some messages.
    public var legacyTypeName: String { "torch.\(scalarName)Tensor" }

    public var isFloatingPoint: Bool { self == .float32 }
}
