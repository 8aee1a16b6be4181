// The Swift element types behind numpy's dtypes, with numpy's (C's) conversions between them.
// Kernels are generic over `NumpyElement` so each dtype gets a specialised tight loop.

protocol NumpyElement {
    static var dtype: NumpyDType { get }
    /// C's cast from each source kind (integers wrap, floats truncate as x86's cvttsd2si does).
    init(npInt v: Int64)
    init(npDouble v: Double)
    init(npFloat v: Float)
    init(npBool v: Bool)
    /// The value widened for generic use (exact for every dtype but int64 beyond 2^53).
    var npDouble: Double { get }
    /// Converts to another element type with numpy's cast rules.
    func npCast<D: NumpyElement>(to: D.Type) -> D
    var npIsTrue: Bool { get }
}

/// numpy's float -> int64 conversion on x86-64 (cvttsd2si): NaN and out-of-range give INT64_MIN.
@inline(__always) func npTruncToInt64(_ x: Double) -> Int64 {
    if x.isNaN || x >= 9.2233720368547758e18 || x < -9.2233720368547758e18 { return Int64.min }
    return Int64(x)
}

/// float -> int32 and narrower: through a 32-bit cvttsd2si, then wrapped to the target width.
@inline(__always) func npTruncToInt32(_ x: Double) -> Int32 {
    if x.isNaN || x >= 2147483648.0 || x <= -2147483649.0 { return Int32.min }
    return Int32(x)
}

extension Double: NumpyElement {
    static var dtype: NumpyDType { .float64 }
    init(npInt v: Int64) { self = Double(v) }
    init(npDouble v: Double) { self = v }
    init(npFloat v: Float) { self = Double(v) }
    init(npBool v: Bool) { self = v ? 1 : 0 }
    var npDouble: Double { self }
    func npCast<D: NumpyElement>(to: D.Type) -> D { D(npDouble: self) }
    var npIsTrue: Bool { self != 0 }
}

extension Float: NumpyElement {
    static var dtype: NumpyDType { .float32 }
    init(npInt v: Int64) { self = Float(v) }
    init(npDouble v: Double) { self = Float(v) }
    init(npFloat v: Float) { self = v }
    init(npBool v: Bool) { self = v ? 1 : 0 }
    var npDouble: Double { Double(self) }
    func npCast<D: NumpyElement>(to: D.Type) -> D { D(npFloat: self) }
    var npIsTrue: Bool { self != 0 }
}

extension Int64: NumpyElement {
    static var dtype: NumpyDType { .int64 }
    init(npInt v: Int64) { self = v }
    init(npDouble v: Double) { self = npTruncToInt64(v) }
    init(npFloat v: Float) { self = npTruncToInt64(Double(v)) }
    init(npBool v: Bool) { self = v ? 1 : 0 }
    var npDouble: Double { Double(self) }
    func npCast<D: NumpyElement>(to: D.Type) -> D { D(npInt: self) }
    var npIsTrue: Bool { self != 0 }
}

extension Int32: NumpyElement {
    static var dtype: NumpyDType { .int32 }
    init(npInt v: Int64) { self = Int32(truncatingIfNeeded: v) }
    init(npDouble v: Double) { self = npTruncToInt32(v) }
    init(npFloat v: Float) { self = npTruncToInt32(Double(v)) }
    init(npBool v: Bool) { self = v ? 1 : 0 }
    var npDouble: Double { Double(self) }
    func npCast<D: NumpyElement>(to: D.Type) -> D { D(npInt: Int64(self)) }
    var npIsTrue: Bool { self != 0 }
}

extension Int16: NumpyElement {
    static var dtype: NumpyDType { .int16 }
    init(npInt v: Int64) { self = Int16(truncatingIfNeeded: v) }
    init(npDouble v: Double) { self = Int16(truncatingIfNeeded: npTruncToInt32(v)) }
    init(npFloat v: Float) { self = Int16(truncatingIfNeeded: npTruncToInt32(Double(v))) }
    init(npBool v: Bool) { self = v ? 1 : 0 }
    var npDouble: Double { Double(self) }
    func npCast<D: NumpyElement>(to: D.Type) -> D { D(npInt: Int64(self)) }
    var npIsTrue: Bool { self != 0 }
}

extension Int8: NumpyElement {
    static var dtype: NumpyDType { .int8 }
    init(npInt v: Int64) { self = Int8(truncatingIfNeeded: v) }
    init(npDouble v: Double) { self = Int8(truncatingIfNeeded: npTruncToInt32(v)) }
    init(npFloat v: Float) { self = Int8(truncatingIfNeeded: npTruncToInt32(Double(v))) }
    init(npBool v: Bool) { self = v ? 1 : 0 }
    var npDouble: Double { Double(self) }
    func npCast<D: NumpyElement>(to: D.Type) -> D { D(npInt: Int64(self)) }
    var npIsTrue: Bool { self != 0 }
}

extension UInt8: NumpyElement {
    static var dtype: NumpyDType { .uint8 }
    init(npInt v: Int64) { self = UInt8(truncatingIfNeeded: v) }
    init(npDouble v: Double) { self = UInt8(truncatingIfNeeded: npTruncToInt32(v)) }
    init(npFloat v: Float) { self = UInt8(truncatingIfNeeded: npTruncToInt32(Double(v))) }
    init(npBool v: Bool) { self = v ? 1 : 0 }
    var npDouble: Double { Double(self) }
    func npCast<D: NumpyElement>(to: D.Type) -> D { D(npInt: Int64(self)) }
    var npIsTrue: Bool { self != 0 }
}

extension Bool: NumpyElement {
    static var dtype: NumpyDType { .bool }
    init(npInt v: Int64) { self = v != 0 }
    init(npDouble v: Double) { self = v != 0 }
    init(npFloat v: Float) { self = v != 0 }
    init(npBool v: Bool) { self = v }
    var npDouble: Double { self ? 1 : 0 }
    func npCast<D: NumpyElement>(to: D.Type) -> D { D(npBool: self) }
    var npIsTrue: Bool { self }
}

/// Calls `body` with the Swift element type of `dtype`.
@inline(__always)
func withNumpyElementType<R>(_ dtype: NumpyDType, _ body: (any NumpyElement.Type) throws -> R) rethrows -> R {
    switch dtype {
    case .bool: return try body(Bool.self)
    case .int8: return try body(Int8.self)
    case .uint8: return try body(UInt8.self)
    case .int16: return try body(Int16.self)
    case .int32: return try body(Int32.self)
    case .int64: return try body(Int64.self)
    case .float32: return try body(Float.self)
    case .float64: return try body(Double.self)
    }
}
