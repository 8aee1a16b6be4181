/// `<<` / `>>` on integer tensors (`torch.bitwise_left_shift` / `bitwise_right_shift`),
/// as ATen's CPU kernels define them: a shift by a negative amount or by the bit width or more
/// gives 0 to the left, and to the right the sign fill (`a >> max_shift`, max_shift being the
/// width less the sign bit); otherwise the bits of `a` shifted (to the left as unsigned).
public func bitwiseShift(_ a: Operand, _ b: Operand, left: Bool) throws -> Tensor {
    let dt = promoteTypes(a, b)
    guard dt.isIntegral && dt != .bool else {
        throw TorchError.notImplemented(left ? "lshift_cpu" : "rshift_cpu", dt)
    }
    let x = try a.tensor.to(dt), y = try b.tensor.to(dt)
    return try dt.dispatchIntegral(Shift(left: left, x: x, y: y))
}

private struct Shift: IntegralKernel {
    let left: Bool, x: Tensor, y: Tensor
    func run<T: IntegralElement>(_: T.Type) throws -> Tensor {
        let bits = T.bitWidth
        // static_cast<make_signed_t<T>>(b) < 0: the top bit of the amount.
        func negative(_ b: T) -> Bool { T.isSigned ? b < 0 : (b >> (bits - 1)) != 0 }
        if left {
            return try mapBinary(x, y, T.self, outDType: T.dtype) { a, b in
                negative(b) || b >= T(bits) ? 0 : a &<< b
            }
        }
        let maxShift = T(bits - (T.isSigned ? 1 : 0))
        return try mapBinary(x, y, T.self, outDType: T.dtype) { a, b in
            negative(b) || b >= maxShift ? a >> maxShift : a >> b
        }
    }
}
