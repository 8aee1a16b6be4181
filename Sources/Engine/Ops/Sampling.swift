import Foundation

/// Random sampling with tensor parameters: `torch.normal` (every overload) and `bernoulli`,
/// drawing from the generator exactly as PyTorch's CPU kernels do (docs/pytorch-rng.md).

/// `torch.normal(mean, std)` with at least one tensor argument: standard normals are drawn for
/// the broadcast shape (`normal_(0, 1)`), then scaled and shifted as ATen does
/// (`output.mul_(std).add_(mean)`: two roundings). The gradients are zero, under
/// NormalBackward1 (tensor mean), NormalBackward2 (tensor std) or NormalBackward3 (both).
public func normal(mean: Operand, std: Operand, generator: Generator = .global) throws -> Tensor {
    let mt = mean.tensor, st = std.tensor
    if case .scalar(let s) = std, s.doubleValue < 0 {
        throw TorchError.runtime("normal expects std >= 0.0, but found std \(formatNumber(s.doubleValue))")
    }
    if case .tensor(let s) = std {
        guard s.dtype.isFloatingPoint else { throw TorchError.runtime("normal expects floating point std") }
        if s.doubleValues().contains(where: { $0 < 0 }) {
            throw TorchError.runtime("normal expects all elements of std >= 0.0")
        }
    }
    let shape: [Int]
    switch (mean, std) {
    case (.tensor, .tensor): shape = try broadcastShapes(mt.shape, st.shape)
    case (.tensor, .scalar): shape = mt.shape
    default: shape = st.shape
    }
    // ATen: empty(shape, mean.options() — std's for a number mean).normal_(0, 1).mul_(std).add_(mean).
    let dt: DType
    if case .tensor(let m) = mean { dt = m.dtype.isFloatingPoint ? m.dtype : .float32 } else { dt = st.dtype }
    let z = try Tensor.randn(shape, dtype: dt, generator: generator)
    let out = try GradMode.with(false) { () -> Tensor in
        let scaled = try mul(.tensor(z), .tensor(try st.to(dt)))
        return try add(.tensor(scaled), .tensor(try mt.to(dt)))
    }
    let inputs: [Tensor], name: String
    switch (mean, std) {
    case (.tensor, .tensor): inputs = [mt, st]; name = "NormalBackward3"
    case (.tensor, .scalar): inputs = [mt]; name = "NormalBackward1"
    default: inputs = [st]; name = "NormalBackward2"
    }
    return out.recordingFormula(name, inputs: inputs) { _, _, n in
        try inputs.enumerated().map { i, t in n.wants(i) ? try Tensor.zeros(t.shape, dtype: t.dtype) : nil }
    }
}

/// `torch.normal(mean, std, size)` with two numbers: `empty(size).normal_(mean, std)`.
public func normal(mean: Double, std: Double, shape: [Int], dtype: DType = .float32, generator: Generator = .global) throws -> Tensor {
    guard std >= 0 else { throw TorchError.runtime("normal expects std >= 0.0, but found std \(formatNumber(std))") }
    let t = try Tensor(shape: shape, dtype: dtype, zeroed: false)
    try t.normal(mean: mean, std: std, generator: generator)
    return t
}

extension Tensor {
    /// `bernoulli_(p)` with a number: each element is 1 when a double-precision uniform draw is
    /// below p (ATen's default CPU kernel; PyTorch builds on Intel CPUs use MKL's generator
    /// instead, see docs/pytorch-rng.md §14).
    @discardableResult
    public func bernoulliFill(_ p: Double, generator: Generator = .global) throws -> Tensor {
        guard p >= 0 && p <= 1 else { throw TorchError.runtime("bernoulli_ expects p to be in [0, 1], but got p=\(formatNumber(p))") }
        try checkInPlace()
        let draws = try Tensor(shape: [numel], dtype: .float32, zeroed: false)
        for i in 0..<numel {
            let u = Double(generator.next64() & ((1 << 53) - 1)) * 0x1p-53
            draws.floatPointer[i] = u < p ? 1 : 0
        }
        try writeDraws(draws)
        return self
    }

    /// `bernoulli_(p_tensor)`: each element is 1 when a float uniform draw (24 bits, one draw per
    /// element) is below its probability (p broadcast to this tensor's shape).
    @discardableResult
    public func bernoulliFill(probabilities p: Tensor, generator: Generator = .global) throws -> Tensor {
        try checkInPlace()
        if p.dtype == .float64 {
            // bernoulli_distribution<double>: one 53-bit uniform per element.
            let probs = try p.expand(shape).contiguousCopy().doubleValues()
            guard probs.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
                throw TorchError.runtime("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)")
            }
            let draws = try Tensor(shape: [numel], dtype: .float32, zeroed: false)
            for i in 0..<numel {
                let u = Double(generator.next64() & ((1 << 53) - 1)) * 0x1p-53
                draws.floatPointer[i] = u < probs[i] ? 1 : 0
            }
            try writeDraws(draws)
            return self
        }
        let probs = try p.to(.float32).expand(shape).contiguousCopy()
        for i in 0..<probs.numel where !(probs.floatPointer[i] >= 0 && probs.floatPointer[i] <= 1) {
            throw TorchError.runtime("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)")
        }
        let draws = try Tensor(shape: [numel], dtype: .float32, zeroed: false)
        generator.fillUniform(draws.floatPointer, count: numel, from: 0, to: 1)
        for i in 0..<numel { draws.floatPointer[i] = draws.floatPointer[i] < probs.floatPointer[i] ? 1 : 0 }
        try writeDraws(draws)
        return self
    }

    /// Writes 0/1 draws (row-major) into self, any dtype, without history.
    private func writeDraws(_ draws: Tensor) throws {
        let src = try draws.reshapeRaw(shape).contiguousCopy(dtype: dtype)
        copyElements(from: src, srcStrides: src.strides, to: self, shape: shape)
        bumpVersion()
    }
}

/// `torch.bernoulli(input)`: draws with the probabilities in `input` (a new tensor of its dtype);
/// `torch.bernoulli(input, p)`: `p` for every element. BernoulliBackward0 (zero gradient).
public func bernoulli(_ input: Tensor, p: Double? = nil, generator: Generator = .global) throws -> Tensor {
    guard input.dtype.isFloatingPoint else {
        throw TorchError.runtime("\"bernoulli_tensor_cpu_p_\" not implemented for '\(input.dtype.scalarName)'")
    }
    let out = try Tensor(shape: input.shape, dtype: input.dtype, zeroed: false)
    if let p { try out.bernoulliFill(p, generator: generator) } else { try out.bernoulliFill(probabilities: input, generator: generator) }
    let shape = input.shape
    return out.recordingFormula(p == nil ? "BernoulliBackward0" : "BernoulliBackward1", inputs: [input]) { _, _, _ in
        [try Tensor.zeros(shape, dtype: input.dtype)]
    }
}

/// `Tensor.exponential_(lambd)`: each element, in memory order, `-1/λ · log1p(−u)` with `u` a
/// double-path uniform, computed in double and rounded to the tensor's dtype (ATen's CPU
/// `exponential_kernel`).
public func fillExponential(_ t: Tensor, lambda: Double, generator: Generator = .global) throws {
    guard t.dtype.isFloatingPoint else { throw TorchError.notImplemented("exponential_", t.dtype) }
    guard lambda > 0 else { throw TorchError.runtime("exponential_ expects lambda > 0.0, but found lambda=\(lambda)") }
    try t.checkInPlace()
    let values = (0..<t.numel).map { _ in -1.0 / lambda * log1p(-generator.nextDouble()) }
    let src = try Tensor(values: values, shape: t.shape).to(t.dtype)
    try GradMode.with(false) { try t.copyFrom(src) }
}

/// `torch.multinomial(input, num_samples, replacement=False)`: int64 indices drawn from the
/// (unnormalised) rows of a 1-D or 2-D `input`, as ATen's CPU code draws them. Without
/// replacement, or for one sample, it is the exponential trick (`argmax`/`topk` of
/// `input / Exp(1)`); with replacement, a double uniform per sample searched in the row's
/// normalised cumulative sums (MultinomialKernel.cpp).
public func multinomial(_ input: Tensor, numSamples: Int, replacement: Bool, generator: Generator = .global) throws -> Tensor {
    guard input.ndim == 1 || input.ndim == 2 else { throw TorchError.runtime("prob_dist must be 1 or 2 dim") }
    guard input.dtype.isFloatingPoint else {
        throw TorchError.runtime("multinomial only supports floating-point dtypes for input, got: \(input.dtype.scalarName)")
    }
    guard numSamples > 0 else { throw TorchError.runtime("cannot sample n_sample <= 0 samples") }
    let categories = input.shape[input.ndim - 1]
    guard replacement || numSamples <= categories else {
        throw TorchError.runtime("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    }
    guard categories <= 1 << 24 else { throw TorchError.runtime("number of categories cannot exceed 2^24") }
    let rows = input.ndim == 2 ? input.shape[0] : 1
    let probs = try input.contiguousCopy()
    let outShape = input.ndim == 2 ? [rows, numSamples] : [numSamples]
    if !replacement || numSamples == 1 {
        let p = try probs.contiguousCopy(dtype: .float64).doubleValuesForSampling()
        guard p.allSatisfy({ $0 >= 0 && $0 < .infinity }) else {
            throw TorchError.runtime("probability tensor contains either `inf`, `nan` or element < 0")
        }
        for r in 0..<rows where p[(r * categories)..<((r + 1) * categories)].reduce(0, +) == 0 {
            throw TorchError.runtime("invalid multinomial distribution (sum of probabilities <= 0)")
        }
        return try GradMode.with(false) {
            let q = try Tensor(shape: probs.shape, dtype: probs.dtype, zeroed: false)
            try fillExponential(q, lambda: 1, generator: generator)
            let ratio = try div(.tensor(probs), .tensor(q))
            if numSamples == 1 { return try ratio.argExtremum(dim: -1, keepdim: true, isMax: true) }
            return try topk(ratio, k: numSamples, dim: -1, largest: true).1
        }
    }
    // With replacement: cumulative sums in the input's dtype (float32 stays float32).
    try MemoryBudget.check(shape: outShape, itemSize: 8)
    let p = try probs.contiguousCopy(dtype: .float64).doubleValuesForSampling()
    let isFloat = probs.dtype != .float64
    var out = [Int64](repeating: 0, count: rows * numSamples)
    for r in 0..<rows {
        var cum = [Double](repeating: 0, count: categories)
        var sum: Double = 0
        for j in 0..<categories {
            let v = p[r * categories + j]
            guard v >= 0 else { throw TorchError.runtime("invalid multinomial distribution (encountering probability entry < 0)") }
            guard v.isFinite else { throw TorchError.runtime("invalid multinomial distribution (encountering probability entry = infinity or NaN)") }
            sum = isFloat ? Double(Float(sum) + Float(v)) : sum + v
            cum[j] = sum
        }
        guard sum > 0 else { throw TorchError.runtime("invalid multinomial distribution (sum of probabilities <= 0)") }
        for j in 0..<categories { cum[j] = isFloat ? Double(Float(cum[j]) / Float(sum)) : cum[j] / sum }
        cum[categories - 1] = 1
        for s in 0..<numSamples {
            let u = generator.nextDouble()
            var left = 0, right = categories
            while right - left > 0 {
                let mid = left + (right - left) / 2
                if cum[mid] < u { left = mid + 1 } else { right = mid }
            }
            out[r * numSamples + s] = Int64(left)
        }
    }
    return try Tensor(int64s: out, shape: outShape)
}

private extension Tensor {
    /// The elements of a contiguous float64 copy.
    func doubleValuesForSampling() -> [Double] {
        Array(UnsafeBufferPointer(start: pointer(Double.self), count: numel))
    }
}
