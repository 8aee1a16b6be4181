// numpy's dtypes as nnrepl supports them, and numpy 2's promotion rules (NEP 50), which differ
// from PyTorch's: int64 + float32 gives float64, and Python scalars are "weak" (they take the
// array's dtype when its kind can hold them) while numpy scalars such as np.float64(1) are not.

/// The numpy dtypes nnrepl's arrays hold.
enum NumpyDType: Int, CaseIterable {
    case bool, int8, uint8, int16, int32, int64, float32, float64

    /// `dtype.name` (`float64`), also how `dtype=` prints in reprs.
    var name: String {
        switch self {
        case .bool: return "bool"
        case .int8: return "int8"
        case .uint8: return "uint8"
        case .int16: return "int16"
        case .int32: return "int32"
        case .int64: return "int64"
        case .float32: return "float32"
        case .float64: return "float64"
        }
    }

    var itemSize: Int {
        switch self {
        case .bool, .int8, .uint8: return 1
        case .int16: return 2
        case .int32, .float32: return 4
        case .int64, .float64: return 8
        }
    }

    var isFloat: Bool { self == .float32 || self == .float64 }
    var isInteger: Bool { !isFloat && self != .bool }
    var isSigned: Bool { self == .int8 || self == .int16 || self == .int32 || self == .int64 }

    /// `dtype.kind`: 'b', 'i', 'u' or 'f'.
    var kind: Character { self == .bool ? "b" : isFloat ? "f" : self == .uint8 ? "u" : "i" }

    /// `dtype.char` / `dtype.str` pieces used by `np.dtype('float32').str` etc.
    var typestr: String { "<" + String(kind) + String(itemSize) }

    /// float64, int64 and bool arrays print without `dtype=` (numpy's `_typelessdata`).
    var isImpliedInRepr: Bool { self == .float64 || self == .int64 || self == .bool }

    /// The scalar type's repr name (`np.float64`, `np.True_`).
    var scalarTypeName: String { "numpy." + name }

    /// Representable range of an integer dtype.
    var intRange: ClosedRange<Int64> {
        switch self {
        case .bool: return 0...1
        case .int8: return -128...127
        case .uint8: return 0...255
        case .int16: return -32768...32767
        case .int32: return Int64(Int32.min)...Int64(Int32.max)
        default: return Int64.min...Int64.max
        }
    }

    init?(name: String) {
        switch name {
        case "bool", "bool_", "?", "b1": self = .bool
        case "int8", "i1", "byte": self = .int8
        case "uint8", "u1", "ubyte": self = .uint8
        case "int16", "i2", "short": self = .int16
        case "int32", "i4", "intc": self = .int32
        case "int64", "i8", "int", "int_", "intp", "long", "l", "q", "longlong": self = .int64
        case "float32", "f4", "f", "single": self = .float32
        case "float64", "f8", "float", "d", "double", "float_": self = .float64
        default: return nil
        }
    }

    /// `np.promote_types(a, b)` within the supported dtypes.
    static func promote(_ a: NumpyDType, _ b: NumpyDType) -> NumpyDType {
        if a == b { return a }
        if a == .bool { return b }
        if b == .bool { return a }
        if a.isFloat || b.isFloat {
            if a == .float64 || b == .float64 { return .float64 }
            // float32 with an integer: float32 holds int8/uint8/int16 exactly, else float64.
            let other = a == .float32 ? b : a
            if other == .float32 { return .float32 }
            return other.itemSize <= 2 ? .float32 : .float64
        }
        // Both integers.
        if a.isSigned == b.isSigned { return a.itemSize >= b.itemSize ? a : b }
        let (s, u) = a.isSigned ? (a, b) : (b, a)   // u is uint8 here
        if s.itemSize > u.itemSize { return s }
        return .int16   // int8 with uint8
    }

    /// The float type a float-only ufunc (sqrt, exp, true_divide, mean) computes in for this input:
    /// float32 stays, small ints go to float32 in numpy only via float16 (not supported: float64 is
    /// used, which equals numpy for the printed results of int16/uint8 only up to rounding).
    var floatResult: NumpyDType {
        switch self {
        case .float32: return .float32
        default: return .float64
        }
    }

    /// The dtype `sum`/`prod`/`cumsum` accumulate in: small ints and bool widen to int64 (numpy's
    /// "at least the default integer" rule), other dtypes keep their own.
    var sumResult: NumpyDType {
        switch self {
        case .bool, .int8, .int16, .int32, .int64: return .int64
        case .uint8: return .int64   // numpy: uint64; nnrepl has no uint64
        case .float32, .float64: return self
        }
    }
}

/// A Python scalar operand's kind for NEP 50 weak promotion.
enum NumpyWeakScalar {
    case bool(Bool), int(Int), float(Double)

    /// The result dtype of `array(dtype) op scalar`.
    func promote(with dtype: NumpyDType) -> NumpyDType {
        switch self {
        case .bool: return dtype
        case .int: return dtype == .bool ? .int64 : dtype
        case .float: return dtype.isFloat ? dtype : .float64
        }
    }

    /// The dtype a lone Python scalar becomes (`np.asarray(1.0)` is float64).
    var defaultDType: NumpyDType {
        switch self {
        case .bool: return .bool
        case .int: return .int64
        case .float: return .float64
        }
    }
}
