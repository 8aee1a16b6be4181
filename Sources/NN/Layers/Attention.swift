import Foundation
import Engine

/// `nn.MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False,
/// add_zero_attn=False, kdim=None, vdim=None, batch_first=False)`: attention over `num_heads`
/// heads of `embed_dim / num_heads` features each, as in *Attention Is All You Need*.
///
/// **Parameters** (PyTorch's names): `in_proj_weight` (3·E, E) and `in_proj_bias` (3·E) project
/// query, key and value at once (`q_proj_weight`, `k_proj_weight`, `v_proj_weight` instead when
/// `kdim`/`vdim` differ from E); `out_proj` is a `NonDynamicallyQuantizableLinear(E, E)`.
/// Initialised as PyTorch does, in its order: `out_proj` draws as a Linear, then
/// `xavier_uniform_` on the input projection(s), then the biases are zeroed.
///
/// **Forward** `mha(query, key, value, key_padding_mask=None, need_weights=True,
/// attn_mask=None, average_attn_weights=True, is_causal=False)` returns
/// `(attn_output, attn_output_weights)`; it follows `F.multi_head_attention_forward` op for op
/// (`multiHeadAttentionForward`), so its gradients are those of the same ops.
open class MultiheadAttention: Module {
    public let embedDim: Int
    public let kdim: Int
    public let vdim: Int
    public let numHeads: Int
    public let dropout: Double
    public let batchFirst: Bool
    public let headDim: Int
    public let addZeroAttn: Bool
    public var qkvSameEmbedDim: Bool { kdim == embedDim && vdim == embedDim }

    public init(embedDim: Int, numHeads: Int, dropout: Double = 0, bias: Bool = true, addBiasKV: Bool = false,
                addZeroAttn: Bool = false, kdim: Int? = nil, vdim: Int? = nil, batchFirst: Bool = false, dtype: DType? = nil) throws {
        guard embedDim > 0 && numHeads > 0 else {
            throw TorchError.value("embed_dim and num_heads must be greater than 0, got embed_dim=\(embedDim) and num_heads=\(numHeads) instead")
        }
        self.embedDim = embedDim
        self.kdim = kdim ?? embedDim
        self.vdim = vdim ?? embedDim
        self.numHeads = numHeads
        self.dropout = dropout
        self.batchFirst = batchFirst
        self.headDim = embedDim / numHeads
        self.addZeroAttn = addZeroAttn
        super.init()
        guard headDim * numHeads == embedDim else { throw TorchError(.assertionError, "embed_dim must be divisible by num_heads") }
        // 3 * embed_dim goes to torch.empty as a C++ int64: past 2^63, the argument parser's error.
        guard embedDim <= Int.max / 3 else {
            throw TorchError(.typeError, "empty(): argument 'size' failed to unpack the object at pos 1 with error \"Overflow when unpacking long long\n\"")
        }
        guard !addBiasKV else { throw TorchError(.notImplementedError, "nn.MultiheadAttention(add_bias_kv=True) is not supported by nnrepl") }
        guard !addZeroAttn else { throw TorchError(.notImplementedError, "nn.MultiheadAttention(add_zero_attn=True) is not supported by nnrepl") }
        if qkvSameEmbedDim {
            registerParameter("in_proj_weight", try makeParameter(try emptyParameterData([3 * embedDim, embedDim], dtype: dtype)))
            registerParameter("q_proj_weight", nil)
            registerParameter("k_proj_weight", nil)
            registerParameter("v_proj_weight", nil)
        } else {
            registerParameter("q_proj_weight", try makeParameter(try emptyParameterData([embedDim, embedDim], dtype: dtype)))
            registerParameter("k_proj_weight", try makeParameter(try emptyParameterData([embedDim, self.kdim], dtype: dtype)))
            registerParameter("v_proj_weight", try makeParameter(try emptyParameterData([embedDim, self.vdim], dtype: dtype)))
            registerParameter("in_proj_weight", nil)
        }
        registerParameter("in_proj_bias", bias ? try makeParameter(try emptyParameterData([3 * embedDim], dtype: dtype)) : nil)
        registerModule("out_proj", try NonDynamicallyQuantizableLinear(embedDim, embedDim, bias: bias, dtype: dtype))
        try resetParameters()
    }

    public var outProj: Linear { child("out_proj") as! Linear }

    /// `_reset_parameters()`.
    open func resetParameters() throws {
        try GradMode.with(false) {
            if qkvSameEmbedDim {
                if let w = parameter("in_proj_weight") { _ = try Init.xavierUniform(w) }
            } else {
                for name in ["q_proj_weight", "k_proj_weight", "v_proj_weight"] {
                    if let w = parameter(name) { _ = try Init.xavierUniform(w) }
                }
            }
            if let b = parameter("in_proj_bias") {
                _ = try Init.constant(b, .int(0))
                if let ob = outProj.bias { _ = try Init.constant(ob, .int(0)) }
            }
        }
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("embed_dim", .int(embedDim)), ("kdim", .int(kdim)), ("vdim", .int(vdim)), ("_qkv_same_embed_dim", .bool(qkvSameEmbedDim)),
         ("num_heads", .int(numHeads)), ("dropout", .float(dropout)), ("batch_first", .bool(batchFirst)), ("head_dim", .int(headDim)),
         ("bias_k", .none), ("bias_v", .none), ("add_zero_attn", .bool(addZeroAttn))]
    }

    /// `MultiheadAttention.forward`: the masks made float (`_canonical_mask`), batch-first inputs
    /// transposed to (L, N, E) keeping which of query/key/value are the same tensor, then
    /// `multiHeadAttentionForward`. (PyTorch's inference fast path, taken in eval mode without
    /// grad, computes the same values with fused kernels; this takes the same ops always.)
    public func forward(query: Tensor, key: Tensor, value: Tensor, keyPaddingMask: Tensor? = nil, needWeights: Bool = true,
                        attnMask: Tensor? = nil, averageAttnWeights: Bool = true, isCausal: Bool = false) throws -> (Tensor, Tensor?) {
        let batched = query.ndim == 3
        let kpm = try canonicalMask(keyPaddingMask, "key_padding_mask", other: attnMask?.dtype, otherName: "attn_mask", target: query.dtype)
        let am = try canonicalMask(attnMask, "attn_mask", other: nil, otherName: "", target: query.dtype)
        if let inW = parameter("in_proj_weight"), let inB = parameter("in_proj_bias"), let outB = outProj.bias, batched, batchFirst,
           query === key && key === value, !training, numHeads % 2 == 0, query.dtype == inW.dtype, query.dtype == inB.dtype,
           !(attnMask?.dtype.isFloatingPoint ?? false), !(keyPaddingMask?.dtype.isFloatingPoint ?? false),
           !GradMode.isEnabled || ![query, inW, inB, outProj.weight!, outB].contains(where: \.requiresGrad) {
            return try nativeForward(query, inW, inB, outProj.weight!, outB, attnMask: am, keyPaddingMask: kpm,
                                     needWeights: needWeights, averageAttnWeights: averageAttnWeights)
        }
        var q = query, k = key, v = value
        if batchFirst && batched {
            if key === value {
                if query === key {
                    q = try query.transpose(1, 0); k = q; v = q
                } else {
                    q = try query.transpose(1, 0); k = try key.transpose(1, 0); v = k
                }
            } else {
                q = try query.transpose(1, 0); k = try key.transpose(1, 0); v = try value.transpose(1, 0)
            }
        }
        let (out, weights) = try multiHeadAttentionForward(
            query: q, key: k, value: v, numHeads: numHeads, inProjWeight: parameter("in_proj_weight"), inProjBias: parameter("in_proj_bias"),
            dropoutP: dropout, outProjWeight: outProj.weight!, outProjBias: outProj.bias, training: training, keyPaddingMask: kpm,
            needWeights: needWeights, attnMask: am, separateProjWeights: qkvSameEmbedDim ? nil : (parameter("q_proj_weight")!, parameter("k_proj_weight")!, parameter("v_proj_weight")!),
            averageAttnWeights: averageAttnWeights, isCausal: isCausal)
        return (batchFirst && batched ? try out.transpose(1, 0) : out, weights)
    }
}

extension MultiheadAttention {
    /// PyTorch's inference fast path (`torch._native_multi_head_attention`, taken in eval mode
    /// without grad for batch-first self-attention), op for op as ATen's CPU kernel runs it:
    /// `query @ Wᵀ` without bias, then bias added and q scaled by `1/√head_dim` (computed in
    /// float), `bmm(q, kᵀ)`, softmax (masked positions: the merged masks), `bmm` with v, heads
    /// merged, the output projection (addmm with its bias), and averaged weights as a sum over
    /// heads divided by their number.
    func nativeForward(_ query: Tensor, _ inW: Tensor, _ inB: Tensor, _ outW: Tensor, _ outB: Tensor,
                       attnMask: Tensor?, keyPaddingMask: Tensor?, needWeights: Bool, averageAttnWeights: Bool) throws -> (Tensor, Tensor?) {
        guard query.shape[2] == embedDim else {
            throw TorchError.runtime("passed-in embed_dim \(embedDim) didn't match last dim of query \(query.shape[2])")
        }
        let b = query.shape[0], t = query.shape[1], d = embedDim, h = numHeads, dh = headDim
        if !needWeights && dh % 8 == 0 && (attnMask != nil || keyPaddingMask == nil) {
            // Without weights, with a head size divisible by 8 and no padding mask alone, ATen
            // hands the heads to scaled_dot_product_attention (its flash kernel on the CPU) with
            // merge_masks' mask: the attention mask over every batch and head, plus the padding
            // mask when both are given.
            let x = try linear(query, inW, inB)
            let parts = try chunk(x, chunks: 3, dim: -1)
            let heads = try parts.map { try $0.view([b, -1, h, dh]).transpose(1, 2) }
            var merged: Tensor?
            if let am = attnMask {
                merged = am.ndim == 3 ? try am.view([b, -1, t, t]) : try am.view([1, 1, t, t]).expand([b, h, -1, -1])
                if let kpm = keyPaddingMask { merged = try add(merged!, try kpm.view([b, 1, 1, t]).expand([-1, h, -1, -1])) }
            }
            let y = try scaledDotProductAttention(heads[0], heads[1], heads[2], attnMask: merged)
            return (try linear(try y.transpose(1, 2).reshape([b, -1, d]), outW, outB), nil)
        }
        let qkv = try matmul(query, try inW.transpose(0, 1))
        let biased = try add(qkv, inB).view([b, t, 3, h, dh]).permute([2, 0, 3, 1, 4]).contiguous()
        let inverseSqrt = Float(1.0 / Double(Float(dh).squareRoot()))
        let q = try mul(.tensor(try biased.select(0, 0)), .scalar(.float(Double(inverseSqrt))))
        let k = try biased.select(0, 1), v = try biased.select(0, 2)
        var qkt = try bmm(try q.view([b * h, t, dh]), try k.view([b * h, t, dh]).transpose(2, 1)).view([b, h, t, t])
        // merge_masks: the attention mask over every batch and head, plus the padding mask.
        var merged: Tensor?
        if let kpm = keyPaddingMask { merged = try kpm.view([b, 1, 1, t]) }
        if let am = attnMask {
            let expanded = am.ndim == 3 ? try am.view([b, -1, t, t]) : try am.view([1, 1, t, t])
            merged = try merged.map { try add(expanded, $0) } ?? expanded
        }
        if let m = merged {
            // _masked_softmax masks where the (float) mask is non-zero.
            let mask = try compare(.ne, .tensor(m), .scalar(.int(0))).expand(qkt.shape).contiguous()
            qkt = try maskedSoftmaxLastDim(qkt, mask)
        } else {
            qkt = try softmax(qkt, dim: 3)
        }
        let ctx = try bmm(try qkt.view([b * h, t, t]), try v.view([b * h, t, dh])).view([b, h, t, dh])
        let merged0213 = try ctx.permute([0, 2, 1, 3]).contiguous().view([b * t, d])
        let proj = try linear(merged0213, outW, outB).view([b, t, d])
        guard needWeights else { return (proj, nil) }
        if averageAttnWeights { return (proj, try div(.tensor(try qkt.sum(dims: [1])), .scalar(.int(Int64(h))))) }
        return (proj, qkt)
    }
}

/// ATen's `_masked_softmax` on the CPU (`host_softmax` with a mask), which the inference fast
/// path runs whenever a mask is given: per row, the maximum over unmasked elements, `exp` of
/// each unmasked `x − max` in the element type (libm's, as `std::exp`), their sum in double
/// (`acc_type`), then each element times `1 / sum` (NaN rows when everything is masked).
/// Written out because its rounding differs from the vectorised softmax kernel's; no grad.
func maskedSoftmaxLastDim(_ x: Tensor, _ mask: Tensor) throws -> Tensor {
    let input = try x.contiguous()
    let out = try Tensor(shape: input.shape, dtype: input.dtype, zeroed: false)
    let n = input.shape.last ?? 1, rows = n == 0 ? 0 : input.numel / n
    let m = mask.boolPointer
    func run<T: BinaryFloatingPoint>(_ src: UnsafeMutablePointer<T>, _ dst: UnsafeMutablePointer<T>, exp: (T) -> T) {
        for r in 0..<rows {
            let xs = src + r * n, ys = dst + r * n, ms = m + r * n
            var maxValue = xs[0]
            var meaningful = false
            for d in 0..<n where !ms[d] {
                maxValue = meaningful ? Swift.max(maxValue, xs[d]) : xs[d]
                meaningful = true
            }
            var sum = 0.0
            for d in 0..<n {
                let z: T = ms[d] ? 0 : exp(xs[d] - maxValue)
                ys[d] = z
                sum += Double(z)
            }
            let scale = sum == 0 ? Double.nan : 1 / sum
            for d in 0..<n { ys[d] = T(Double(ys[d]) * scale) }
        }
    }
    switch input.dtype {
    case .float32: run(input.floatPointer, out.floatPointer) { Foundation.exp($0) }
    case .float64: run(input.doublePointer, out.doublePointer) { Foundation.exp($0) }
    default:
        // Other dtypes: the same result through the ordinary kernel.
        return try softmax(try add(input, try negativeInfinityWhere(mask, dtype: input.dtype)), dim: -1)
    }
    withExtendedLifetime((input, mask)) {}
    return out
}

/// `NonDynamicallyQuantizableLinear`: a Linear under another name (MultiheadAttention's
/// `out_proj`, so that it prints as PyTorch prints it).
open class NonDynamicallyQuantizableLinear: Linear {
    open override var typeName: String { "NonDynamicallyQuantizableLinear" }
}

/// `F._canonical_mask`: a bool mask becomes a float mask (0 where False, -inf where True) of
/// the query's dtype; float masks stay; other dtypes are PyTorch's AssertionError. PyTorch warns
/// when the two masks of one call have different types.
func canonicalMask(_ mask: Tensor?, _ name: String, other: DType?, otherName: String, target: DType) throws -> Tensor? {
    guard let mask else { return nil }
    guard mask.dtype == .bool || mask.dtype.isFloatingPoint else {
        throw TorchError(.assertionError, "only bool and floating types of \(name) are supported")
    }
    if let other, other != mask.dtype {
        Warnings.warn("Support for mismatched \(name) and \(otherName) is deprecated. Use same type for both instead.", category: "UserWarning")
    }
    guard mask.dtype == .bool else { return mask }
    return try negativeInfinityWhere(mask, dtype: target)
}

/// A float tensor of `mask`'s shape: -inf where `mask` is True, 0 elsewhere
/// (`zeros_like(mask, dtype).masked_fill_(mask, -inf)`).
func negativeInfinityWhere(_ mask: Tensor, dtype: DType) throws -> Tensor {
    try whereSelect(mask, .tensor(try Tensor.full([], .float(-.infinity), dtype: dtype)), .tensor(try Tensor.zeros(mask.shape, dtype: dtype)))
}

/// `F.multi_head_attention_forward` for (L, N, E) inputs (or unbatched (L, E)), op for op as
/// PyTorch 2.15 runs it, so values and gradients are those of the same kernels: packed or
/// separate input projections, heads split with view/transpose, `need_weights`: scaled query,
/// `baddbmm(mask, q, kᵀ)` (bmm then the mask added, as ATen's kernel adds it) or `bmm`,
/// softmax, dropout, `bmm` with v, the output projection, weights averaged over heads;
/// otherwise scaled dot-product attention.
public func multiHeadAttentionForward(query: Tensor, key: Tensor, value: Tensor, numHeads: Int, inProjWeight: Tensor?, inProjBias: Tensor?,
                                      dropoutP: Double, outProjWeight: Tensor, outProjBias: Tensor?, training: Bool,
                                      keyPaddingMask: Tensor?, needWeights: Bool, attnMask: Tensor?,
                                      separateProjWeights: (Tensor, Tensor, Tensor)?, averageAttnWeights: Bool,
                                      isCausal: Bool) throws -> (Tensor, Tensor?) {
    let batched = try mhaShapeCheck(query, key, value, keyPaddingMask, attnMask, numHeads)
    var query = query, key = key, value = value, keyPaddingMask = keyPaddingMask
    if !batched {
        let sameKV = key === value, sameQK = query === key
        query = try query.unsqueeze(1)
        key = sameQK ? query : try key.unsqueeze(1)
        value = sameKV ? key : try value.unsqueeze(1)
        keyPaddingMask = try keyPaddingMask?.unsqueeze(0)
    }
    let tgtLen = query.shape[0], bsz = query.shape[1], embedDim = query.shape[2]
    var srcLen = key.shape[0]
    var kpm = try canonicalMask(keyPaddingMask, "key_padding_mask", other: attnMask?.dtype, otherName: "attn_mask", target: query.dtype)
    if isCausal && attnMask == nil {
        throw TorchError.runtime("Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.")
    }
    var mask: Tensor?
    var causal = isCausal
    if isCausal && kpm == nil && !needWeights {
        mask = nil
    } else {
        mask = try canonicalMask(attnMask, "attn_mask", other: nil, otherName: "", target: query.dtype)
        if kpm != nil { causal = false }
    }
    let embedDimToCheck = outProjWeight.ndim == 2 ? outProjWeight.shape[1] : embedDim
    guard embedDim == embedDimToCheck else {
        throw TorchError(.assertionError, "was expecting embedding dimension of \(embedDimToCheck), but got \(embedDim)")
    }
    let headDim = embedDim / numHeads
    guard headDim * numHeads == embedDim else { throw TorchError(.assertionError, "embed_dim \(embedDim) not divisible by num_heads \(numHeads)") }
    let q: Tensor, k: Tensor, v: Tensor
    if let (wq, wk, wv) = separateProjWeights {
        guard Array(key.shape.prefix(2)) == Array(value.shape.prefix(2)) else {
            throw TorchError(.assertionError, "key's sequence and batch dims \(formatSize(Array(key.shape.prefix(2)))) do not match value's \(formatSize(Array(value.shape.prefix(2))))")
        }
        let b = try inProjBias.map { try chunk($0, chunks: 3, dim: 0) }
        q = try linear(query, wq, b?[0]); k = try linear(key, wk, b?[1]); v = try linear(value, wv, b?[2])
    } else {
        guard key.shape == value.shape else {
            throw TorchError(.assertionError, "key shape \(formatSize(key.shape)) does not match value shape \(formatSize(value.shape))")
        }
        guard let w = inProjWeight else { throw TorchError(.assertionError, "use_separate_proj_weight is False but in_proj_weight is None") }
        (q, k, v) = try inProjectionPacked(query, key, value, w, inProjBias)
    }
    if var m = mask {
        if m.ndim == 2 {
            guard m.shape == [tgtLen, srcLen] else {
                throw TorchError.runtime("The shape of the 2D attn_mask is \(formatSize(m.shape)), but should be (\(tgtLen), \(srcLen)).")
            }
            m = try m.unsqueeze(0)
        } else if m.ndim == 3 {
            guard m.shape == [bsz * numHeads, tgtLen, srcLen] else {
                throw TorchError.runtime("The shape of the 3D attn_mask is \(formatSize(m.shape)), but should be (\(bsz * numHeads), \(tgtLen), \(srcLen)).")
            }
        } else {
            throw TorchError.runtime("attn_mask's dimension \(m.ndim) is not supported")
        }
        mask = m
    }
    let qh = try q.view([tgtLen, bsz * numHeads, headDim]).transpose(0, 1)
    let kh = try k.view([k.shape[0], bsz * numHeads, headDim]).transpose(0, 1)
    let vh = try v.view([v.shape[0], bsz * numHeads, headDim]).transpose(0, 1)
    srcLen = kh.shape[1]
    if let p = kpm {
        // _check_key_padding_mask
        guard p.shape[0] == bsz else { throw TorchError(.assertionError, "Expected key_padded_mask.shape[0] to be \(bsz), but got \(p.shape[0])") }
        guard p.shape[1] == srcLen else { throw TorchError(.assertionError, "Expected key_padded_mask.shape[1] to be \(srcLen), but got \(p.shape[1])") }
        let expanded = try p.view([bsz, 1, 1, srcLen]).expand([-1, numHeads, -1, -1]).reshape([bsz * numHeads, 1, srcLen])
        mask = try mask.map { try add($0, expanded) } ?? expanded
        kpm = expanded
    }
    let p = training ? dropoutP : 0
    if needWeights {
        let e = qh.shape[2]
        let scaled = try mul(.tensor(qh), .scalar(.float((1.0 / Double(e)).squareRoot())))
        let kt = try kh.transpose(-2, -1)
        var weights = try mask.map { try add($0, try bmm(scaled, kt)) } ?? (try bmm(scaled, kt))
        weights = try softmax(weights, dim: -1)
        if p > 0 { weights = try dropout(weights, p: p, training: true) }
        var out = try bmm(weights, vh)
        out = try out.transpose(0, 1).reshape([tgtLen * bsz, embedDim])
        out = try linear(out, outProjWeight, outProjBias)
        out = try out.view([tgtLen, bsz, out.shape[1]])
        weights = try weights.view([bsz, numHeads, tgtLen, srcLen])
        if averageAttnWeights { weights = try weights.mean(dims: [1]) }
        if !batched {
            out = try out.squeeze(1)
            weights = try weights.squeeze(0)
        }
        return (out, weights)
    }
    if var m = mask {
        if m.shape[0] == 1 && m.ndim == 3 { m = try m.unsqueeze(0) } else { m = try m.view([bsz, numHeads, -1, srcLen]) }
        mask = m
    }
    let q4 = try qh.view([bsz, numHeads, tgtLen, headDim])
    let k4 = try kh.view([bsz, numHeads, srcLen, headDim])
    let v4 = try vh.view([bsz, numHeads, srcLen, headDim])
    var out = try scaledDotProductAttention(q4, k4, v4, attnMask: mask, dropoutP: p, isCausal: causal)
    out = try out.permute([2, 0, 1, 3]).reshape([bsz * tgtLen, embedDim])
    out = try linear(out, outProjWeight, outProjBias)
    out = try out.view([tgtLen, bsz, out.shape[1]])
    if !batched { out = try out.squeeze(1) }
    return (out, nil)
}

/// `_in_projection_packed`: self-attention projects once and splits (unflatten, transpose,
/// contiguous, as PyTorch lays it out); encoder-decoder attention projects q, then k and v
/// together; otherwise three projections.
func inProjectionPacked(_ q: Tensor, _ k: Tensor, _ v: Tensor, _ w: Tensor, _ b: Tensor?) throws -> (Tensor, Tensor, Tensor) {
    let e = q.shape[q.ndim - 1]
    func splitPacked(_ proj: Tensor, _ n: Int) throws -> Tensor {
        try proj.unflatten(-1, [n, e]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous()
    }
    if k === v {
        if q === k {
            let proj = try splitPacked(try linear(q, w, b), 3)
            return (try proj.select(0, 0), try proj.select(0, 1), try proj.select(0, 2))
        }
        let ws = try split(w, sizes: [e, 2 * e], size: nil, dim: 0)
        let bs = try b.map { try split($0, sizes: [e, 2 * e], size: nil, dim: 0) }
        let qProj = try linear(q, ws[0], bs?[0])
        let kv = try splitPacked(try linear(k, ws[1], bs?[1]), 2)
        return (qProj, try kv.select(0, 0), try kv.select(0, 1))
    }
    let ws = try chunk(w, chunks: 3, dim: 0)
    let bs = try b.map { try chunk($0, chunks: 3, dim: 0) }
    return (try linear(q, ws[0], bs?[0]), try linear(k, ws[1], bs?[1]), try linear(v, ws[2], bs?[2]))
}

/// `_mha_shape_check`: batched (3-D) or unbatched (2-D) inputs, with PyTorch's messages.
func mhaShapeCheck(_ q: Tensor, _ k: Tensor, _ v: Tensor, _ kpm: Tensor?, _ mask: Tensor?, _ numHeads: Int) throws -> Bool {
    if q.ndim == 3 {
        guard k.ndim == 3 && v.ndim == 3 else {
            throw TorchError(.assertionError, "For batched (3-D) `query`, expected `key` and `value` to be 3-D but found \(k.ndim)-D and \(v.ndim)-D tensors respectively")
        }
        if let kpm, kpm.ndim != 2 {
            throw TorchError(.assertionError, "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but found \(kpm.ndim)-D tensor instead")
        }
        if let mask, mask.ndim != 2 && mask.ndim != 3 {
            throw TorchError(.assertionError, "For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found \(mask.ndim)-D tensor instead")
        }
        return true
    }
    if q.ndim == 2 {
        guard k.ndim == 2 && v.ndim == 2 else {
            throw TorchError(.assertionError, "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found \(k.ndim)-D and \(v.ndim)-D tensors respectively")
        }
        if let kpm, kpm.ndim != 1 {
            throw TorchError(.assertionError, "For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D but found \(kpm.ndim)-D tensor instead")
        }
        if let mask {
            guard mask.ndim == 2 || mask.ndim == 3 else {
                throw TorchError(.assertionError, "For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found \(mask.ndim)-D tensor instead")
            }
            if mask.ndim == 3 {
                let expected = [numHeads, q.shape[0], k.shape[0]]
                guard mask.shape == expected else {
                    throw TorchError(.assertionError, "Expected `attn_mask` shape to be \(formatSize(expected).dropFirst("torch.Size(".count).dropLast()) but got \(formatSize(mask.shape))")
                }
            }
        }
        return false
    }
    throw TorchError(.assertionError, "query should be unbatched 2D or batched 3D tensor but received \(q.ndim)-D query tensor")
}

/// `F.scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
/// is_causal=False, scale=None)` as ATen's math path computes it: q and k each scaled by
/// √scale (scale = 1/√E by default), `q @ kᵀ`, the causal mask (lower triangle) or `attn_mask`
/// (bool: -inf where False; float: added), softmax over the last dim, dropout, `@ v`.
/// (On 4-D float32 inputs PyTorch's CPU runs a fused flash-attention kernel with the same
/// values to within rounding.)
public func scaledDotProductAttention(_ query: Tensor, _ key: Tensor, _ value: Tensor, attnMask: Tensor? = nil, dropoutP: Double = 0,
                                      isCausal: Bool = false, scale: Double? = nil) throws -> Tensor {
    // PyTorch's CPU dispatch: 3-D and 4-D inputs without dropout go to the flash kernel (3-D
    // ones unsqueezed to 4-D and the result squeezed), whose node is named for it; the rest
    // take the math path, whose last node is the matmul's.
    if dropoutP == 0 && query.ndim == 3 && key.ndim == 3 && value.ndim == 3 {
        let out = try scaledDotProductAttention(try query.unsqueeze(0), try key.unsqueeze(0), try value.unsqueeze(0),
                                                attnMask: attnMask, dropoutP: 0, isCausal: isCausal, scale: scale)
        return try out.squeeze(0)
    }
    let out = try scaledDotProductAttentionMath(query, key, value, attnMask: attnMask, dropoutP: dropoutP, isCausal: isCausal, scale: scale)
    if dropoutP == 0 && query.ndim == 4 && key.ndim == 4 && value.ndim == 4 {
        out.gradFn?.displayName = "ScaledDotProductFlashAttentionForCpuBackward0"
    }
    return out
}

/// ATen's `_scaled_dot_product_attention_math`.
func scaledDotProductAttentionMath(_ query: Tensor, _ key: Tensor, _ value: Tensor, attnMask: Tensor?, dropoutP: Double,
                                   isCausal: Bool, scale: Double?) throws -> Tensor {
    let l = query.shape[query.ndim - 2], s = key.shape[key.ndim - 2], e = query.shape[query.ndim - 1]
    let factor = (scale ?? 1 / Double(e).squareRoot()).squareRoot()
    let q = try mul(.tensor(query), .scalar(.float(factor)))
    let kt = try mul(.tensor(key.transpose(-2, -1)), .scalar(.float(factor)))
    var attn = try matmul(q, kt)
    var mask = attnMask
    if isCausal {
        guard attnMask == nil else { throw TorchError.runtime("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True") }
        mask = try triangle(try Tensor.full([l, s], .bool(true), dtype: .bool), diagonal: 0, upper: false)
    }
    if let m = mask {
        if m.dtype == .bool {
            attn = try add(attn, try negativeInfinityWhere(try logicalNot(m, bitwise: false), dtype: attn.dtype))
        } else {
            attn = try add(attn, m)
        }
    }
    attn = try softmax(attn, dim: -1)
    if dropoutP > 0 { attn = try dropout(attn, p: dropoutP, training: true) }
    return try matmul(attn, value)
}
