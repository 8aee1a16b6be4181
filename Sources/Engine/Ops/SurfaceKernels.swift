import Foundation

/// Kernel helpers shared by the wider-surface ops: the libm functions they need for both compute
/// types, tensors built from Double results in any dtype, and element moves that work for every
/// dtype.

/// The compute types (float32, float64) with the extra libm functions of the surface ops. A
/// formula written once as a generic function over `SurfaceFloat` runs in float32 for
/// float32/float16/bfloat16 tensors and in float64 for float64 ones.
protocol SurfaceFloat: ComputeFloat {
    static func expm1(_ x: Self) -> Self
    static func log2(_ x: Self) -> Self
    static func log10(_ x: Self) -> Self
    static func erfc(_ x: Self) -> Self
    static func tan(_ x: Self) -> Self
    static func sinh(_ x: Self) -> Self
    static func cosh(_ x: Self) -> Self
    static func asin(_ x: Self) -> Self
    static func acos(_ x: Self) -> Self
    static func atan(_ x: Self) -> Self
    static func atan2(_ y: Self, _ x: Self) -> Self
    static func hypot(_ x: Self, _ y: Self) -> Self
}

extension Float: SurfaceFloat {
    static func expm1(_ x: Float) -> Float { Foundation.expm1(x) }
    static func log2(_ x: Float) -> Float { Foundation.log2(x) }
    static func log10(_ x: Float) -> Float { Foundation.log10(x) }
    static func erfc(_ x: Float) -> Float { Foundation.erfc(x) }
    static func tan(_ x: Float) -> Float { Foundation.tan(x) }
    static func sinh(_ x: Float) -> Float { Foundation.sinh(x) }
    static func cosh(_ x: Float) -> Float { Foundation.cosh(x) }
    static func asin(_ x: Float) -> Float { Foundation.asin(x) }
    static func acos(_ x: Float) -> Float { Foundation.acos(x) }
    static func atan(_ x: Float) -> Float { Foundation.atan(x) }
    static func atan2(_ y: Float, _ x: Float) -> Float { Foundation.atan2(y, x) }
    static func hypot(_ x: Float, _ y: Float) -> Float { Foundation.hypot(x, y) }
}

extension Double: SurfaceFloat {
    static func expm1(_ x: Double) -> Double { Foundation.expm1(x) }
    static func log2(_ x: Double) -> Double { Foundation.log2(x) }
    static func log10(_ x: Double) -> Double { Foundation.log10(x) }
    static func erfc(_ x: Double) -> Double { Foundation.erfc(x) }
    static func tan(_ x: Double) -> Double { Foundation.tan(x) }
    static func sinh(_ x: Double) -> Double { Foundation.sinh(x) }
    static func cosh(_ x: Double) -> Double { Foundation.cosh(x) }
    static func asin(_ x: Double) -> Double { Foundation.asin(x) }
    static func acos(_ x: Double) -> Double { Foundation.acos(x) }
    static func atan(_ x: Double) -> Double { Foundation.atan(x) }
    static func atan2(_ y: Double, _ x: Double) -> Double { Foundation.atan2(y, x) }
    static func hypot(_ x: Double, _ y: Double) -> Double { Foundation.hypot(x, y) }
}

/// An elementwise formula written once for both compute types.
protocol UnaryFormula {
    func callAsFunction<T: SurfaceFloat>(_ x: T) -> T
}

/// A formula of two values (an input and its gradient, …).
protocol BinaryFormula {
    func callAsFunction<T: SurfaceFloat>(_ x: T, _ y: T) -> T
}

/// Applies a unary formula in the tensor's floating compute type (ints promote to the default dtype).
func floatMap<F: UnaryFormula>(_ t: Tensor, _ f: F) throws -> Tensor {
    try floatUnary(t, { f($0) }, { f($0) })
}

/// Applies a binary formula to two tensors broadcast together, in their promoted floating dtype.
func floatMap2<F: BinaryFormula>(_ a: Tensor, _ b: Tensor, _ f: F) throws -> Tensor {
    let dt = DType.promote(a.dtype, b.dtype).floatingResult
    return try floatBinary(try a.to(dt), try b.to(dt), { f($0, $1) }, { f($0, $1) })
}

/// The floating dtype an op of these operands computes in (PyTorch's result type, ints → the
/// default dtype).
func floatingResultType(_ operands: Operand...) -> DType {
    resultType(operands.map { ($0.dtype, $0.promotionRank) }).floatingResult
}

/// A contiguous tensor of `dtype` holding Double results (rounded or truncated as PyTorch's
/// casts do).
public func tensorOfDoubles(_ values: [Double], shape: [Int], dtype: DType) throws -> Tensor {
    try Tensor(scalars: values.map { dtype.isFloatingPoint ? .float($0) : (dtype == .bool ? .bool($0 != 0) : .int(truncatedToInt64($0))) },
               shape: shape, dtype: dtype)
}

/// Sets element `flat` (row-major, contiguous tensor) to zero bits — 0, 0.0 or false in every dtype.
@inline(__always)
func zeroElement(_ t: Tensor, _ flat: Int) {
    let size = t.dtype.itemSize
    (t.storage.bytes + (t.offset + flat) * size).initializeMemory(as: UInt8.self, repeating: 0, count: size)
}

/// `dst[dstFlat] += alpha * src[srcFlat]` for two contiguous tensors of one dtype: integers
/// wrap, floating types compute in their compute type, bool is `or`.
struct AddElement: ElementKernel {
    let src: Tensor, srcFlat: Int, dst: Tensor, dstFlat: Int, alpha: Double
    func run<T: Element>(_: T.Type) throws {
        let s = src.pointer(T.self), d = dst.pointer(T.self)
        switch T.dtype {
        case .bool: d[dstFlat] = T(fromBool: d[dstFlat].asBool || s[srcFlat].asBool)
        case .float64: d[dstFlat] = T(fromDouble: d[dstFlat].asDouble + alpha * s[srcFlat].asDouble)
        case .float32, .float16, .bfloat16:
            d[dstFlat] = T(fromFloat: alpha == 1 ? d[dstFlat].asFloat + s[srcFlat].asFloat : d[dstFlat].asFloat + Float(alpha) * s[srcFlat].asFloat)
        default: d[dstFlat] = T(fromInt64: d[dstFlat].asInt64 &+ Int64(alpha) &* s[srcFlat].asInt64)
        }
    }
}
