import Engine
import NN

// `np.float64` & co (scalar types: callable, usable as dtype=) and `np.dtype('float64')` objects.

/// A numpy scalar type such as `np.float32`: calling it converts (a number to a scalar, a sequence
/// to an array of that dtype).
final class NumpyTypeObject: NativeObject {
    let dtype: NumpyDType
    private init(_ d: NumpyDType) { dtype = d }
    static let all: [NumpyDType: NumpyTypeObject] = Dictionary(uniqueKeysWithValues: NumpyDType.allCases.map { ($0, NumpyTypeObject($0)) })
    static func of(_ d: NumpyDType) -> NumpyTypeObject { all[d]! }

    override var typeName: String { "type" }
    override func repr() -> String { "<class 'numpy.\(dtype.name)'>" }
    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        guard let v = args.positional.first else {
            return .object(NumpyScalar(dtype, dtype.isFloat ? .float(0) : dtype == .bool ? .bool(false) : .int(0)))
        }
        switch v {
        case .str(let s):
            guard dtype.isFloat, let d = Double(s.trimmingCharacters(in: .whitespaces)) else {
                throw PyError(.valueError, "could not convert string to float: \(pythonStringRepr(s))")
            }
            return .object(NumpyScalar(dtype, .float(d)))
        case .int(let i) where dtype.isInteger && !dtype.intRange.contains(Int64(i)):
            throw PyError(.overflowError, "Python integer \(i) out of bounds for \(dtype.name)")
        default:
            let a = try interp.numpyArray(from: v, dtype: dtype)
            return interp.numpyWrap(a)
        }
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "__name__": return .str(dtype.name)
        case "dtype": return .object(NumpyDTypeObject.of(dtype))
        default: return nil
        }
    }
    override func equals(_ other: Value) -> Bool? {
        switch other {
        case .object(let t as NumpyTypeObject): return t.dtype == dtype
        case .object(let d as NumpyDTypeObject): return d.dtype == dtype
        default: return false
        }
    }
    override func hashKey() -> HashKey? { .str("numpy-type-" + dtype.name) }
}

/// `np.dtype('float64')`: prints as `dtype('float64')`, str() is the name, compares equal to
/// the name, the scalar type and Python's float/int/bool where numpy does.
final class NumpyDTypeObject: NativeObject {
    let dtype: NumpyDType
    private init(_ d: NumpyDType) { dtype = d }
    static let all: [NumpyDType: NumpyDTypeObject] = Dictionary(uniqueKeysWithValues: NumpyDType.allCases.map { ($0, NumpyDTypeObject($0)) })
    static func of(_ d: NumpyDType) -> NumpyDTypeObject { all[d]! }

    override var typeName: String { "numpy.dtypes.\(dtypeClassName)" }
    private var dtypeClassName: String {
        switch dtype {
        case .bool: return "BoolDType"
        case .int8: return "Int8DType"
        case .uint8: return "UInt8DType"
        case .int16: return "Int16DType"
        case .int32: return "Int32DType"
        case .int64: return "Int64DType"
        case .float32: return "Float32DType"
        case .float64: return "Float64DType"
        }
    }
    override func repr() -> String { "dtype('\(dtype.name)')" }
    override func str() -> String { dtype.name }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "name": return .str(dtype.name)
        case "itemsize": return .int(dtype.itemSize)
        case "kind": return .str(String(dtype.kind))
        case "str": return .str(dtype.itemSize == 1 ? "|" + String(dtype.kind) + "1" : dtype.typestr)
        case "type": return .object(NumpyTypeObject.of(dtype))
        case "char":
            let c: [NumpyDType: String] = [.bool: "?", .int8: "b", .uint8: "B", .int16: "h", .int32: "i", .int64: "l", .float32: "f", .float64: "d"]
            return .str(c[dtype]!)
        default: return nil
        }
    }
    override func equals(_ other: Value) -> Bool? {
        switch other {
        case .object(let d as NumpyDTypeObject): return d.dtype == dtype
        case .object(let t as NumpyTypeObject): return t.dtype == dtype
        case .str(let s): return NumpyDType(name: s) == dtype
        case .object(let b as BuiltinType): return ["float": NumpyDType.float64, "int": .int64, "bool": .bool][b.name] == dtype
        default: return false
        }
    }
    override func hashKey() -> HashKey? { .str("numpy-type-" + dtype.name) }
}
