/// Python's numeric protocol for native objects that define operators (numpy arrays and
/// scalars): the evaluator asks them before its own rules, and every method may return nil for
/// Python's NotImplemented.
protocol NativeNumeric: AnyObject {
    /// `self op other` (or `other op self` when `reflected`).
    func binaryOperation(_ op: BinaryOp, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
    /// `self op other`; reflected comparisons arrive already swapped (`3 < a` as `a > 3`).
    func comparison(_ op: CompareOp, _ other: Value, _ interp: Interpreter) throws -> Value?
    func unaryOperation(_ op: UnaryOp, _ interp: Interpreter) throws -> Value?
    /// `self op= other` when the object updates itself in place.
    func inPlaceOperation(_ op: BinaryOp, _ other: Value, _ interp: Interpreter) throws -> Value?
    /// `abs(self)` and `round(self, ndigits)`.
    func absolute(_ interp: Interpreter) throws -> Value?
    func round(ndigits: Int?, _ interp: Interpreter) throws -> Value?
    /// The Python number the object stands for in float(), int(), format() and math functions
    /// (`.int`, `.float` or `.bool`), or nil when it is not a single number.
    var pythonNumber: Value? { get }
    /// `__index__`: the int it can be used as (list indices, range), or nil.
    var pythonIndex: Int? { get }
}

extension CompareOp {
    /// The comparison with its operands swapped (`a < b` is `b > a`).
    var swapped: CompareOp {
        switch self {
        case .lt: return .gt
        case .gt: return .lt
        case .le: return .ge
        case .ge: return .le
        default: return self
        }
    }
}
