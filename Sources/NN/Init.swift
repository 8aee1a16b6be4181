import Foundation
import Engine

/// `torch.nn.init`: in-place initialisers that draw exactly as PyTorch does (each runs without
/// grad tracking, so it may write into parameters), plus `calculate_gain` and the fan helpers.
///
/// Every bound and standard deviation is computed in Double in PyTorch's order, and the draws go
/// through `Tensor.uniform` / `Tensor.normal` (pytorch-rng.md §7–8), so after
/// `torch.manual_seed(s)` the values are PyTorch's bit for bit.
public enum Init {
    /// `nn.init.calculate_gain(nonlinearity, param=None)`: the recommended gain for a nonlinearity.
    ///
    /// | nonlinearity | gain |
    /// | --- | --- |
    /// | linear, conv1d/2d/3d, conv_transpose1d/2d/3d, sigmoid | 1 |
    /// | tanh | 5/3 |
    /// | relu | √2 |
    /// | leaky_relu | √(2 / (1 + negative_slope²)), negative_slope = param or 0.01 |
    /// | selu | 3/4 |
    ///
    /// - Throws: `ValueError: Unsupported nonlinearity foo`; for leaky_relu a non-number `param`
    ///   (a bool included) gives `ValueError: negative_slope True not a valid number`.
    public static func calculateGain(_ nonlinearity: String, _ param: OptionValue? = nil) throws -> OptionValue {
        let linear = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"]
        if linear.contains(nonlinearity) || nonlinearity == "sigmoid" { return .int(1) }
        switch nonlinearity {
        case "tanh": return .float(5.0 / 3)
        case "relu": return .float(2.0.squareRoot())
        case "leaky_relu":
            let slopeSquared: Double
            switch param {
            case nil, .some(.none): slopeSquared = 0.01 * 0.01
            case .some(.int(let v)): slopeSquared = Double(v * v)   // Python int ** 2 is exact
            case .some(.float(let v)): slopeSquared = v * v
            case .some(let other):
                throw TorchError.value("negative_slope \(other.description) not a valid number")
            }
            return .float((2.0 / (1 + slopeSquared)).squareRoot())
        case "selu": return .float(3.0 / 4)
        default: throw TorchError.value("Unsupported nonlinearity \(nonlinearity)")
        }
    }

    /// `nn.init._calculate_fan_in_and_fan_out`: fan_in = size(1) · receptive field, fan_out =
    /// size(0) · receptive field, where the receptive field is the product of dims 2….
    /// - Throws: `ValueError` for tensors with fewer than 2 dimensions.
    public static func fanInAndFanOut(_ t: Tensor) throws -> (fanIn: Int, fanOut: Int) {
        guard t.ndim >= 2 else {
            throw TorchError.value("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
        }
        let receptive = t.shape.dropFirst(2).reduce(1, *)
        return (t.shape[1] * receptive, t.shape[0] * receptive)
    }

    /// `_calculate_correct_fan(tensor, mode)`: `mode` is `'fan_in'` or `'fan_out'` (any case).
    public static func correctFan(_ t: Tensor, mode: String) throws -> Int {
        let m = mode.lowercased()
        guard m == "fan_in" || m == "fan_out" else {
            throw TorchError.value("Mode \(m) not supported, please use one of ['fan_in', 'fan_out']")
        }
        let (fanIn, fanOut) = try fanInAndFanOut(t)
        return m == "fan_in" ? fanIn : fanOut
    }

    /// `nn.init.uniform_(tensor, a=0.0, b=1.0)`: fills from U(a, b); returns the tensor.
    @discardableResult
    public static func uniform(_ t: Tensor, a: Double = 0, b: Double = 1, generator: Generator = .global) throws -> Tensor {
        try GradMode.with(false) { try t.uniform(a, b, generator: generator) }
    }

    /// `nn.init.normal_(tensor, mean=0.0, std=1.0)`: fills from N(mean, std²); returns the tensor.
    @discardableResult
    public static func normal(_ t: Tensor, mean: Double = 0, std: Double = 1, generator: Generator = .global) throws -> Tensor {
        try GradMode.with(false) { try t.normal(mean: mean, std: std, generator: generator) }
    }

    /// `nn.init.trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0)`: fills from N(mean, std²)
    /// restricted to [a, b], drawing exactly as PyTorch 2.15 draws (rejection sampling, not the
    /// older inverse-CDF method): when [a, b] holds more than 30% of the mass, normal draws with
    /// every out-of-range element redrawn from a whole new normal tensor until none is left;
    /// otherwise uniform candidates in [a, b] accepted against the normal density, in rounds.
    /// - Returns: the warning PyTorch gives when `mean` is more than 2 std outside [a, b], if any.
    @discardableResult
    public static func truncNormal(_ t: Tensor, mean: Double = 0, std: Double = 1, a: Double = -2, b: Double = 2,
                                   generator: Generator = .global) throws -> String? {
        let warning = (mean < a - 2 * std) || (mean > b + 2 * std)
            ? "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect." : nil
        func normCdf(_ x: Double) -> Double { (1 + Foundation.erf(x / 2.0.squareRoot())) / 2 }
        try GradMode.with(false) {
            let p = normCdf((b - mean) / std) - normCdf((a - mean) / std)
            if p > 0.3 {
                // The bounds rounded to the tensor's dtype, so the mask agrees with stored values.
                let lo = try Tensor.full([], a, dtype: t.dtype).doubleValue(atFlat: 0)
                let hi = try Tensor.full([], b, dtype: t.dtype).doubleValue(atFlat: 0)
                var result = try t.normal(mean: mean, std: std, generator: generator)
                while true {
                    let mask = try logical(.or, .tensor(try compare(.lt, .tensor(result), .scalar(.float(lo)))),
                                           .tensor(try compare(.gt, .tensor(result), .scalar(.float(hi)))))
                    if !mask.floatValues().contains(1) { break }
                    let redraw = try Tensor.empty(result.shape, dtype: result.dtype).normal(mean: mean, std: std, generator: generator)
                    result = try whereSelect(mask, .tensor(redraw), .tensor(result))
                }
                if result !== t { _ = try t.copyFrom(result) }
                return
            }
            let mode = Swift.max(a, Swift.min(mean, b))
            let logPeak = -0.5 * ((mode - mean) / std) * ((mode - mean) / std)
            let acceptBuffer = try Tensor.empty(t.shape, dtype: t.dtype)
            // log_pdf = -0.5 * ((candidates - mean) / std) ** 2, minus its peak, in the tensor's dtype.
            func logDensity(_ c: Tensor) throws -> Tensor {
                let z = try div(.tensor(try sub(.tensor(c), .scalar(.float(mean)))), .scalar(.float(std)))
                return try sub(.tensor(try mul(.tensor(try pow(.tensor(z), .scalar(.int(2)))), .scalar(.float(-0.5)))), .scalar(.float(logPeak)))
            }
            func rejected(_ c: Tensor) throws -> Tensor {
                let u = try acceptBuffer.uniform(0, 1, generator: generator)
                return try compare(.gt, .tensor(try log(u)), .tensor(try logDensity(c)))
            }
            try t.uniform(a, b, generator: generator)
            var pending = try rejected(t)
            if !pending.floatValues().contains(1) { return }
            var result = t
            let candidates = try Tensor.empty(t.shape, dtype: t.dtype)
            while true {
                try candidates.uniform(a, b, generator: generator)
                result = try whereSelect(pending, .tensor(candidates), .tensor(result))
                pending = try whereSelect(pending, .tensor(try rejected(candidates)), .tensor(pending))
                if !pending.floatValues().contains(1) { break }
            }
            _ = try t.copyFrom(result)
        }
        return warning
    }

    /// `nn.init.constant_(tensor, val)`: fills with `val`; returns the tensor.
    @discardableResult
    public static func constant(_ t: Tensor, _ value: Scalar) throws -> Tensor {
        try GradMode.with(false) { try t.fill(value) }
    }

    /// `nn.init.zeros_(tensor)`.
    @discardableResult
    public static func zeros(_ t: Tensor) throws -> Tensor {
        try GradMode.with(false) { try t.zero() }
    }

    /// `nn.init.ones_(tensor)`.
    @discardableResult
    public static func ones(_ t: Tensor) throws -> Tensor {
        try GradMode.with(false) { try t.fill(.float(1)) }
    }

    /// `nn.init.xavier_uniform_(tensor, gain=1.0)` (Glorot): U(−a, a) with
    /// a = gain · √(2 / (fan_in + fan_out)) · √3.
    @discardableResult
    public static func xavierUniform(_ t: Tensor, gain: Double = 1, generator: Generator = .global) throws -> Tensor {
        let (fanIn, fanOut) = try fanInAndFanOut(t)
        guard fanIn + fanOut != 0 else { throw TorchError(.zeroDivisionError, "float division by zero") }
        let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
        let a = 3.0.squareRoot() * std
        return try uniform(t, a: -a, b: a, generator: generator)
    }

    /// `nn.init.xavier_normal_(tensor, gain=1.0)` (Glorot): N(0, std²) with
    /// std = gain · √(2 / (fan_in + fan_out)).
    @discardableResult
    public static func xavierNormal(_ t: Tensor, gain: Double = 1, generator: Generator = .global) throws -> Tensor {
        let (fanIn, fanOut) = try fanInAndFanOut(t)
        guard fanIn + fanOut != 0 else { throw TorchError(.zeroDivisionError, "float division by zero") }
        let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
        return try normal(t, mean: 0, std: std, generator: generator)
    }

    /// The standard deviation kaiming_* use: gain(nonlinearity, a) / √fan.
    static func kaimingStd(_ t: Tensor, a: OptionValue, mode: String, nonlinearity: String) throws -> Double {
        let fan = try correctFan(t, mode: mode)
        let gain = try calculateGain(nonlinearity, a).doubleValue ?? 1
        return gain / Double(fan).squareRoot()
    }

    /// `nn.init.kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')` (He):
    /// U(−bound, bound) with bound = √3 · gain / √fan. A zero-element tensor is left alone with
    /// PyTorch's `UserWarning: Initializing zero-element tensors is a no-op`.
    @discardableResult
    public static func kaimingUniform(_ t: Tensor, a: OptionValue = 0, mode: String = "fan_in",
                                      nonlinearity: String = "leaky_relu", generator: Generator = .global) throws -> Tensor {
        if t.shape.contains(0) {
            Warnings.warn("Initializing zero-element tensors is a no-op")
            return t
        }
        let std = try kaimingStd(t, a: a, mode: mode, nonlinearity: nonlinearity)
        let bound = 3.0.squareRoot() * std
        return try uniform(t, a: -bound, b: bound, generator: generator)
    }

    /// `nn.init.kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')` (He):
    /// N(0, std²) with std = gain / √fan.
    @discardableResult
    public static func kaimingNormal(_ t: Tensor, a: OptionValue = 0, mode: String = "fan_in",
                                     nonlinearity: String = "leaky_relu", generator: Generator = .global) throws -> Tensor {
        if t.shape.contains(0) {
            Warnings.warn("Initializing zero-element tensors is a no-op")
            return t
        }
        let std = try kaimingStd(t, a: a, mode: mode, nonlinearity: nonlinearity)
        return try normal(t, mean: 0, std: std, generator: generator)
    }

    /// The default initialisation of Linear and Conv layers (`reset_parameters`): weight from
    /// `kaiming_uniform_(weight, a=√5)`, then bias from U(−1/√fan_in, 1/√fan_in) — drawn in that
    /// order (pytorch-rng.md §10).
    static func resetLinearLike(weight: Tensor, bias: Tensor?) throws {
        try kaimingUniform(weight, a: .float(5.0.squareRoot()))
        if let bias {
            let (fanIn, _) = try fanInAndFanOut(weight)
            let bound = fanIn > 0 ? 1.0 / Double(fanIn).squareRoot() : 0
            try uniform(bias, a: -bound, b: bound)
        }
    }
}
