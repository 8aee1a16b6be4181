import Engine

/// `torch.distributions`: `Categorical` and `Multinomial`, the two a probability chapter samples
/// from (d2l's dice: `Multinomial(10, fair_probs).sample()`), drawing exactly as PyTorch's
/// Python code does: `torch.multinomial` with replacement over the normalised probabilities,
/// then counts per category (Multinomial) or the indices reshaped (Categorical).
extension Interpreter {
    func makeDistributionsModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.distributions")
        func cls(_ name: String, _ sig: String, _ make: @escaping (BoundArgs) throws -> DistributionObject) -> Value {
            .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                do { return .object(try make(try Signature.of(name, sig).bind(a, self))) } catch let e as TorchError { throw PyError(e) }
            })
        }
        let categorical = cls("Categorical", "probs=None, logits=None, validate_args=None") { [unowned self] b in
            try DistributionObject(kind: .categorical, probs: try self.distributionProbs(b), totalCount: 1)
        }
        let multinomial = cls("Multinomial", "total_count=1, probs=None, logits=None, validate_args=None") { [unowned self] b in
            try DistributionObject(kind: .multinomial, probs: try self.distributionProbs(b), totalCount: try b.int("total_count"))
        }
        ns.members["Categorical"] = categorical
        ns.members["Multinomial"] = multinomial
        ns.members["categorical"] = .object(NamespaceObject("torch.distributions.categorical", ["Categorical": categorical]))
        ns.members["multinomial"] = .object(NamespaceObject("torch.distributions.multinomial", ["Multinomial": multinomial]))
        return ns
    }

    /// `probs / probs.sum(-1, keepdim=True)`, or `softmax` of `logits`, as Categorical normalises.
    private func distributionProbs(_ b: BoundArgs) throws -> Tensor {
        if b.isNone("probs") == b.isNone("logits") {
            throw PyError(.valueError, "Either `probs` or `logits` must be specified, but not both.")
        }
        if !b.isNone("logits") {
            let l = try b.tensor("logits")
            return try exp(try sub(.tensor(l), .tensor(try logsumexp(l, dims: [-1], keepdim: true))))
        }
        let p = try b.tensor("probs")
        guard p.ndim >= 1 else { throw PyError(.valueError, "`probs` parameter must be at least one-dimensional.") }
        return try GradMode.with(false) { try div(.tensor(p), .tensor(try p.sum(dims: [-1], keepdim: true))) }
    }
}

final class DistributionObject: NativeObject {
    enum Kind: String { case categorical = "Categorical", multinomial = "Multinomial" }
    let kind: Kind, probs: Tensor, totalCount: Int
    init(kind: Kind, probs: Tensor, totalCount: Int) throws {
        self.kind = kind; self.probs = probs; self.totalCount = totalCount
    }
    var batchShape: [Int] { Array(probs.shape.dropLast()) }
    var events: Int { probs.shape.last ?? 0 }

    override var typeName: String { kind.rawValue }
    override func repr() -> String {
        kind == .categorical ? "Categorical(probs: torch.Size(\(shapeList(probs.shape))))" : "Multinomial()"
    }

    /// `sample(sample_shape)`.
    func sample(_ sampleShape: [Int]) throws -> Tensor {
        guard sampleShape.allSatisfy({ $0 >= 0 }), totalCount >= 0 else {
            throw TorchError.runtime("Trying to create tensor with negative dimension: \(shapeList(sampleShape))")
        }
        // Sizes checked (with overflow) before anything multiplies them.
        try MemoryBudget.check(shape: sampleShape + batchShape + [kind == .multinomial ? events : 1], itemSize: 8)
        try MemoryBudget.check(shape: [kind == .multinomial ? totalCount : 1] + sampleShape + batchShape, itemSize: 8)
        let perDraw = sampleShape.reduce(1, *)
        let rows = batchShape.reduce(1, *)
        let probs2d = try probs.reshape([rows, events])
        let draws = (kind == .multinomial ? totalCount : 1) * perDraw
        guard draws > 0 else {
            return try Tensor.zeros(sampleShape + batchShape + (kind == .multinomial ? [events] : []), dtype: kind == .multinomial ? probs.dtype : .int64)
        }
        let picks = try GradMode.with(false) { try multinomial(probs2d, numSamples: draws, replacement: true) }.int64Values()
        if kind == .categorical {
            // samples_2d.T reshaped: element (s, b) is row b's s-th draw.
            var out = [Int64](repeating: 0, count: perDraw * rows)
            for s in 0..<perDraw { for b in 0..<rows { out[s * rows + b] = picks[b * draws + s] } }
            return try Tensor(int64s: out, shape: sampleShape + batchShape)
        }
        // Draw k of sample s in row b is picks[b][k * perDraw + s]; counts per category.
        var counts = [Float](repeating: 0, count: perDraw * rows * events)
        for b in 0..<rows {
            for k in 0..<totalCount {
                for s in 0..<perDraw { counts[(s * rows + b) * events + Int(picks[b * draws + k * perDraw + s])] += 1 }
            }
        }
        return try Tensor(floats: counts, shape: sampleShape + batchShape + [events]).to(probs.dtype)
    }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "probs": return .tensor(probs)
        case "total_count": return kind == .multinomial ? .int(totalCount) : nil
        case "batch_shape": return .object(SizeObject(batchShape))
        case "event_shape": return .object(SizeObject(kind == .multinomial ? [events] : []))
        case "sample":
            return .builtin(BuiltinFunction("sample") { a, i in
                let b = try Signature.of("sample", "sample_shape=()").bind(a, i)
                let shape = b.isNone("sample_shape") ? [] : try i.intList(b["sample_shape"], function: "sample", argument: "sample_shape")
                do { return .tensor(try self.sample(shape)) } catch let e as TorchError { throw PyError(e) }
            })
        default: return nil
        }
    }
}
