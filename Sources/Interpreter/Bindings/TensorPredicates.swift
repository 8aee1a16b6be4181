import Engine

/// `isnan`, `isinf`, `isfinite`, `isposinf`, `isneginf` (Tensor methods and torch functions):
/// bool tensors without autograd history, built from comparisons (NaN is the only value not
/// equal to itself; infinities are the values whose magnitude equals inf).
extension TensorMethodTable {
    static func addParityMethods(_ m: inout [String: TensorMethod]) {
        func predicate(_ name: String, _ f: @escaping (Tensor) throws -> Tensor) {
            m[name] = { t, a, _ in
                guard a.isEmpty else { throw PyError(.typeError, "\(name)() takes no arguments") }
                return .tensor(try GradMode.with(false) { try f(t.detach()) })
            }
        }
        func isNaN(_ t: Tensor) throws -> Tensor { try compare(.ne, .tensor(t), .tensor(t)) }
        func isInf(_ t: Tensor) throws -> Tensor { try compare(.eq, .tensor(try Engine.abs(t)), .scalar(.float(.infinity))) }
        predicate("isnan", isNaN)
        predicate("isinf", isInf)
        predicate("isfinite") { t in
            try logical(.and, .tensor(try logicalNot(try isNaN(t), bitwise: false)), .tensor(try logicalNot(try isInf(t), bitwise: false)))
        }
        predicate("isposinf") { t in try compare(.eq, .tensor(t), .scalar(.float(.infinity))) }
        predicate("isneginf") { t in try compare(.eq, .tensor(t), .scalar(.float(-.infinity))) }
    }
}
