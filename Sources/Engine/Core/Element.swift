import Foundation

/// The Swift type stored for each dtype, and PyTorch's conversions between them. A kernel is
/// written once, generic over `Element` (or `FloatingElement` / `IntegralElement`), and a
/// `switch dtype` picks the specialisation; the element type a kernel reads is checked against
/// the tensor's dtype before any memory is touched (`Tensor.pointer(_:)`, `mapBinary`).
public protocol Element {
    static var dtype: DType { get }
    static var zero: Self { get }
    static var one: Self { get }
    /// `value != 0` (NaN is true).
    var asBool: Bool { get }
    /// Integers and bool exactly; floating values by PyTorch's truncation (see `truncatedToInt64`).
    var asInt64: Int64 { get }
    /// The value as float32 (exact for float16/bfloat16/float32; rounded for float64 and large ints).
    var asFloat: Float { get }
    /// The value as Python sees it (`item()`): exact for every floating type and for |ints| ≤ 2^53.
    var asDouble: Double { get }
    init(fromBool v: Bool)
    /// From an integer: two's-complement wrap into narrower integers, rounding into floats.
    init(fromInt64 v: Int64)
    /// From a float32 value: PyTorch's `static_cast` (see `init(fromDouble:)`).
    init(fromFloat v: Float)
    /// From a float64 value: truncation toward zero into integers with x86's out-of-range result,
    /// correct rounding into floats (float16/bfloat16 round through float32, as c10::Half does).
    init(fromDouble v: Double)
    /// `a < b` in the dtype's order (false when either is NaN; false < true).
    static func less(_ a: Self, _ b: Self) -> Bool
    var isNaNElement: Bool { get }
}

extension Element where Self: Comparable {
    @inline(__always) public static func less(_ a: Self, _ b: Self) -> Bool { a < b }
}

extension Element {
    public var isNaNElement: Bool { false }
}

extension Element where Self: FloatingPoint {
    @inline(__always) public var isNaNElement: Bool { isNaN }
}

/// `static_cast<S → D>` as PyTorch's CPU copy kernel performs it, for every pair of dtypes.
@inline(__always)
public func convertElement<S: Element, D: Element>(_ s: S, to _: D.Type) -> D {
    switch S.dtype {
    case .bool: return D(fromBool: s.asBool)
    case .uint8, .int8, .int16, .int32, .int64: return D(fromInt64: s.asInt64)
    case .float16, .bfloat16, .float32: return D(fromFloat: s.asFloat)
    case .float64: return D(fromDouble: s.asDouble)
    }
}

// MARK: float → integer truncation (x86 semantics, which PyTorch's CPU kernels inherit)

/// `(int64_t)v`: toward zero; NaN and out-of-range values give INT64_MIN (`cvttsd2si`).
@inline(__always)
public func truncatedToInt64(_ v: Double) -> Int64 {
    v >= -9.223372036854775808e18 && v < 9.223372036854775808e18 ? Int64(v) : Int64.min
}

/// `(int32_t)v`, the step PyTorch's casts to int32/int16/int8/uint8 go through: toward zero;
/// NaN and out-of-range values give INT32_MIN, and narrower types keep the low bits.
@inline(__always)
public func truncatedToInt32(_ v: Double) -> Int32 {
    v > -2147483649.0 && v < 2147483648.0 ? Int32(v) : Int32.min
}

// MARK: floating elements

/// Floating elements compute in `Compute` (float32 for float16/bfloat16/float32, float64 for
/// float64) and round back once per op, as PyTorch's CPU kernels do for reduced precision.
public protocol FloatingElement: Element {
    associatedtype Compute: ComputeFloat
    var compute: Compute { get }
    init(compute: Compute)
}

/// The arithmetic types kernels compute in, with the libm functions they need.
public protocol ComputeFloat: BinaryFloatingPoint, Element {
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func erf(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
    static func fmod(_ x: Self, _ y: Self) -> Self
}

extension Float: FloatingElement, ComputeFloat {
    public static var dtype: DType { .float32 }
    public static var one: Float { 1 }
    @inline(__always) public var asBool: Bool { self != 0 }
    @inline(__always) public var asInt64: Int64 { truncatedToInt64(Double(self)) }
    @inline(__always) public var asFloat: Float { self }
    @inline(__always) public var asDouble: Double { Double(self) }
    @inline(__always) public init(fromBool v: Bool) { self = v ? 1 : 0 }
    @inline(__always) public init(fromInt64 v: Int64) { self = Float(v) }
    @inline(__always) public init(fromFloat v: Float) { self = v }
    @inline(__always) public init(fromDouble v: Double) { self = Float(v) }
    @inline(__always) public var compute: Float { self }
    @inline(__always) public init(compute: Float) { self = compute }
    @inline(__always) public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    @inline(__always) public static func log(_ x: Float) -> Float { Foundation.log(x) }
    @inline(__always) public static func sin(_ x: Float) -> Float { Foundation.sin(x) }
    @inline(__always) public static func cos(_ x: Float) -> Float { Foundation.cos(x) }
    @inline(__always) public static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
    @inline(__always) public static func erf(_ x: Float) -> Float { Foundation.erf(x) }
    @inline(__always) public static func log1p(_ x: Float) -> Float { Foundation.log1p(x) }
    @inline(__always) public static func pow(_ x: Float, _ y: Float) -> Float { Foundation.powf(x, y) }
    @inline(__always) public static func fmod(_ x: Float, _ y: Float) -> Float { Foundation.fmodf(x, y) }
}

extension Double: FloatingElement, ComputeFloat {
    public static var dtype: DType { .float64 }
    public static var one: Double { 1 }
    @inline(__always) public var asBool: Bool { self != 0 }
    @inline(__always) public var asInt64: Int64 { truncatedToInt64(self) }
    @inline(__always) public var asFloat: Float { Float(self) }
    @inline(__always) public var asDouble: Double { self }
    @inline(__always) public init(fromBool v: Bool) { self = v ? 1 : 0 }
    @inline(__always) public init(fromInt64 v: Int64) { self = Double(v) }
    @inline(__always) public init(fromFloat v: Float) { self = Double(v) }
    @inline(__always) public init(fromDouble v: Double) { self = v }
    @inline(__always) public var compute: Double { self }
    @inline(__always) public init(compute: Double) { self = compute }
    @inline(__always) public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) public static func log(_ x: Double) -> Double { Foundation.log(x) }
    @inline(__always) public static func sin(_ x: Double) -> Double { Foundation.sin(x) }
    @inline(__always) public static func cos(_ x: Double) -> Double { Foundation.cos(x) }
    @inline(__always) public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    @inline(__always) public static func erf(_ x: Double) -> Double { Foundation.erf(x) }
    @inline(__always) public static func log1p(_ x: Double) -> Double { Foundation.log1p(x) }
    @inline(__always) public static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
    @inline(__always) public static func fmod(_ x: Double, _ y: Double) -> Double { Foundation.fmod(x, y) }
}

extension Float16: FloatingElement {
    public static var dtype: DType { .float16 }
    public static var one: Float16 { 1 }
    @inline(__always) public var asBool: Bool { self != 0 }
    @inline(__always) public var asInt64: Int64 { truncatedToInt64(Double(self)) }
    @inline(__always) public var asFloat: Float { Float(self) }
    @inline(__always) public var asDouble: Double { Double(self) }
    @inline(__always) public init(fromBool v: Bool) { self = v ? 1 : 0 }
    @inline(__always) public init(fromInt64 v: Int64) { self = Float16(Float(v)) }
    @inline(__always) public init(fromFloat v: Float) { self = Float16(v) }
    @inline(__always) public init(fromDouble v: Double) { self = Float16(Float(v)) }
    @inline(__always) public var compute: Float { Float(self) }
    @inline(__always) public init(compute: Float) { self = Float16(compute) }
}

/// bfloat16: the upper half of a float32. Swift has no such type, so this is PyTorch's
/// c10::BFloat16 (round to nearest even on the dropped 16 bits, NaN kept quiet).
public struct BFloat16: FloatingElement, Equatable, CustomStringConvertible {
    public var bits: UInt16
    public init(bits: UInt16) { self.bits = bits }
    @inline(__always) public init(_ f: Float) {
        if f.isNaN { bits = 0x7FC0; return }
        let u = f.bitPattern
        let roundingBias = ((u >> 16) & 1) &+ 0x7FFF
        bits = UInt16(truncatingIfNeeded: (u &+ roundingBias) >> 16)
    }
    @inline(__always) public var float: Float { Float(bitPattern: UInt32(bits) << 16) }

    public static var dtype: DType { .bfloat16 }
    public static var zero: BFloat16 { BFloat16(bits: 0) }
    public static var one: BFloat16 { BFloat16(bits: 0x3F80) }
    @inline(__always) public var asBool: Bool { float != 0 }
    @inline(__always) public var asInt64: Int64 { truncatedToInt64(Double(float)) }
    @inline(__always) public var asFloat: Float { float }
    @inline(__always) public var asDouble: Double { Double(float) }
    @inline(__always) public init(fromBool v: Bool) { self = v ? .one : .zero }
    @inline(__always) public init(fromInt64 v: Int64) { self.init(Float(v)) }
    @inline(__always) public init(fromFloat v: Float) { self.init(v) }
    @inline(__always) public init(fromDouble v: Double) { self.init(Float(v)) }
    @inline(__always) public var compute: Float { float }
    @inline(__always) public init(compute: Float) { self.init(compute) }
    public var description: String { float.description }
    @inline(__always) public static func less(_ a: BFloat16, _ b: BFloat16) -> Bool { a.float < b.float }
    @inline(__always) public var isNaNElement: Bool { float.isNaN }
}

// MARK: integral elements and bool

/// Integer elements: arithmetic wraps (`&+`), as C++ integer arithmetic does on PyTorch's CPU.
public protocol IntegralElement: Element, FixedWidthInteger {}

extension IntegralElement {
    public static var one: Self { 1 }
    @inline(__always) public var asBool: Bool { self != 0 }
    @inline(__always) public var asInt64: Int64 { Int64(truncatingIfNeeded: self) }
    @inline(__always) public var asFloat: Float { Float(self) }
    @inline(__always) public var asDouble: Double { Double(self) }
    @inline(__always) public init(fromBool v: Bool) { self = v ? 1 : 0 }
    @inline(__always) public init(fromInt64 v: Int64) { self.init(truncatingIfNeeded: v) }
    @inline(__always) public init(fromFloat v: Float) { self.init(fromDouble: Double(v)) }
    @inline(__always) public init(fromDouble v: Double) {
        self.init(truncatingIfNeeded: Self.bitWidth == 64 ? truncatedToInt64(v) : Int64(truncatedToInt32(v)))
    }
}

extension Int64: IntegralElement { public static var dtype: DType { .int64 } }
extension Int32: IntegralElement { public static var dtype: DType { .int32 } }
extension Int16: IntegralElement { public static var dtype: DType { .int16 } }
extension Int8: IntegralElement { public static var dtype: DType { .int8 } }
extension UInt8: IntegralElement { public static var dtype: DType { .uint8 } }

extension Bool: Element {
    public static var dtype: DType { .bool }
    public static var zero: Bool { false }
    public static var one: Bool { true }
    @inline(__always) public var asBool: Bool { self }
    @inline(__always) public var asInt64: Int64 { self ? 1 : 0 }
    @inline(__always) public var asFloat: Float { self ? 1 : 0 }
    @inline(__always) public var asDouble: Double { self ? 1 : 0 }
    @inline(__always) public init(fromBool v: Bool) { self = v }
    @inline(__always) public init(fromInt64 v: Int64) { self = v != 0 }
    @inline(__always) public init(fromFloat v: Float) { self = v != 0 }
    @inline(__always) public init(fromDouble v: Double) { self = v != 0 }
    @inline(__always) public static func less(_ a: Bool, _ b: Bool) -> Bool { !a && b }
}

// MARK: dispatch

extension DType {
    /// The element type stored for this dtype, for code that only needs its metatype
    /// (generic functions called with it are opened, not specialised: keep them off hot loops).
    public var elementType: any Element.Type {
        switch self {
        case .bool: return Bool.self
        case .uint8: return UInt8.self
        case .int8: return Int8.self
        case .int16: return Int16.self
        case .int32: return Int32.self
        case .int64: return Int64.self
        case .float16: return Float16.self
        case .bfloat16: return BFloat16.self
        case .float32: return Float.self
        case .float64: return Double.self
        }
    }
}

/// Calls a generic kernel specialised for `dtype`'s element type. Swift cannot pass a generic
/// closure, so the kernel is a type with a generic method; each case is a direct call to a
/// specialisation, never a dynamic one.
public protocol ElementKernel {
    associatedtype Result
    func run<T: Element>(_ type: T.Type) throws -> Result
}

/// The same for kernels that exist only for floating or only for integral types.
public protocol FloatingKernel {
    associatedtype Result
    func run<T: FloatingElement>(_ type: T.Type) throws -> Result
}

public protocol IntegralKernel {
    associatedtype Result
    func run<T: IntegralElement>(_ type: T.Type) throws -> Result
}

extension DType {
    @inline(__always)
    public func dispatch<K: ElementKernel>(_ k: K) throws -> K.Result {
        switch self {
        case .bool: return try k.run(Bool.self)
        case .uint8: return try k.run(UInt8.self)
        case .int8: return try k.run(Int8.self)
        case .int16: return try k.run(Int16.self)
        case .int32: return try k.run(Int32.self)
        case .int64: return try k.run(Int64.self)
        case .float16: return try k.run(Float16.self)
        case .bfloat16: return try k.run(BFloat16.self)
        case .float32: return try k.run(Float.self)
        case .float64: return try k.run(Double.self)
        }
    }

    /// Runs a floating kernel; the caller has checked `isFloatingPoint`.
    @inline(__always)
    public func dispatchFloating<K: FloatingKernel>(_ k: K) throws -> K.Result {
        switch self {
        case .float16: return try k.run(Float16.self)
        case .bfloat16: return try k.run(BFloat16.self)
        case .float64: return try k.run(Double.self)
        default:
            precondition(self == .float32, "floating kernel called for \(self)")
            return try k.run(Float.self)
        }
    }

    /// Runs an integral kernel; the caller has checked `isIntegral`.
    @inline(__always)
    public func dispatchIntegral<K: IntegralKernel>(_ k: K) throws -> K.Result {
        switch self {
        case .uint8: return try k.run(UInt8.self)
        case .int8: return try k.run(Int8.self)
        case .int16: return try k.run(Int16.self)
        case .int32: return try k.run(Int32.self)
        default:
            precondition(self == .int64, "integral kernel called for \(self)")
            return try k.run(Int64.self)
        }
    }
}

// MARK: kernels that only move elements

/// Kernels that only move elements (gather, index, where, pad, flip) work on their bits: one
/// specialisation per element size serves every dtype of that size.
public protocol BitsKernel {
    associatedtype Result
    func run<B: FixedWidthInteger & UnsignedInteger>(_ type: B.Type) throws -> Result
}

extension DType {
    @inline(__always)
    public func dispatchBits<K: BitsKernel>(_ k: K) throws -> K.Result {
        switch itemSize {
        case 1: return try k.run(UInt8.self)
        case 2: return try k.run(UInt16.self)
        case 4: return try k.run(UInt32.self)
        default: return try k.run(UInt64.self)
        }
    }
}

extension Tensor {
    /// This view's elements as raw bits of the dtype's size (for kernels that only move them).
    @inline(__always)
    public func bits<B: FixedWidthInteger & UnsignedInteger>(_: B.Type) -> UnsafeMutablePointer<B> {
        precondition(MemoryLayout<B>.size == dtype.itemSize, "\(B.self) bits of a \(dtype.name) tensor")
        return storage.bytes.assumingMemoryBound(to: B.self) + offset
    }
}
