/// `torch.einsum`, following ATen's algorithm (aten/src/ATen/native/Linear.cpp) step by step so
/// that results, gradients and the graph (`ViewBackward0` ← `PermuteBackward0` ← `BmmBackward0`
/// …) are PyTorch's: parse the labels, take diagonals of repeated labels, unsqueeze and permute
/// every operand to out-dims + contraction-dims, contract left to right with `sumproduct_pair`
/// (permute, reshape, bmm, view, permute), then drop or sum the contracted dims.
public func einsum(_ equation: String, _ operands: [Tensor]) throws -> Tensor {
    guard !operands.isEmpty else { throw TorchError.runtime("einsum(): must provide at least one operand") }
    let numOps = operands.count
    let letters = 26, totalLabels = 52, ellipsis = 52
    func subscriptOf(_ c: Character) -> Int {
        let v = Int(c.asciiValue!)
        return c.isUppercase ? v - 65 : v - 97 + letters
    }
    func labelOf(_ s: Int) -> Character { Character(UnicodeScalar(UInt8(s < letters ? s + 65 : s - letters + 97))) }
    let eq = Array(equation)
    var arrowPos: Int? = nil
    if eq.count >= 2 { for i in 0..<(eq.count - 1) where eq[i] == "-" && eq[i + 1] == ">" { arrowPos = i; break } }
    let lhs = Array(eq[0..<(arrowPos ?? eq.count)])

    var opLabels = [[Int]](repeating: [], count: numOps)
    var ellInInput = false
    var currOp = 0
    var i = 0
    while i < lhs.count {
        let c = lhs[i]
        switch c {
        case " ": break
        case ".":
            guard !ellInInput else { throw TorchError.runtime("einsum(): found '.' for operand \(currOp) for which an ellipsis was already found") }
            guard i + 2 < lhs.count, lhs[i + 1] == ".", lhs[i + 2] == "." else {
                throw TorchError.runtime("einsum(): found '.' for operand \(currOp) that is not part of any ellipsis")
            }
            i += 2
            opLabels[currOp].append(ellipsis)
            ellInInput = true
        case ",":
            currOp += 1
            guard currOp < numOps else { throw TorchError.runtime("einsum(): fewer operands were provided than specified in the equation") }
            ellInInput = false
        default:
            guard c.isASCII, c.isLetter else {
                throw TorchError.runtime("einsum(): invalid subscript given at index \(i) in the equation string, subscripts must be in [a-zA-Z]")
            }
            opLabels[currOp].append(subscriptOf(c))
        }
        i += 1
    }
    guard currOp == numOps - 1 else { throw TorchError.runtime("einsum(): more operands were provided than specified in the equation") }

    var labelCount = [Int](repeating: 0, count: totalLabels)
    var ellNumDim = 0
    for (k, op) in operands.enumerated() {
        var nlabels = opLabels[k].count
        var hasEllipsis = false
        for l in opLabels[k] {
            if l == ellipsis { nlabels -= 1; hasEllipsis = true; ellNumDim = Swift.max(ellNumDim, op.ndim - nlabels) } else { labelCount[l] += 1 }
        }
        guard hasEllipsis ? nlabels <= op.ndim : nlabels == op.ndim else {
            throw TorchError.runtime("einsum(): the number of subscripts in the equation (\(nlabels)\(hasEllipsis ? ") is more than the number of dimensions (" : ") does not match the number of dimensions (")\(op.ndim)) for operand \(k)\(hasEllipsis ? "" : " and no ellipsis was given")")
        }
    }

    var labelPermIndex = [Int](repeating: -1, count: totalLabels)
    var permIndex = 0, ellIndex = 0
    var ellInOutput = false
    if let arrowPos {
        let rhs = Array(eq[(arrowPos + 2)...])
        var j = 0
        while j < rhs.count {
            let c = rhs[j]
            switch c {
            case " ": break
            case ".":
                guard !ellInOutput else { throw TorchError.runtime("einsum(): found '.' for output but an ellipsis (...) was already found") }
                guard j + 2 < rhs.count, rhs[j + 1] == ".", rhs[j + 2] == "." else {
                    throw TorchError.runtime("einsum(): found '.' for output that is not part of any ellipsis (...)")
                }
                j += 2
                ellIndex = permIndex
                permIndex += ellNumDim
                ellInOutput = true
            default:
                guard c.isASCII, c.isLetter else {
                    throw TorchError.runtime("einsum(): invalid subscript given at index \(lhs.count + 2 + j) in the equation string, subscripts must be in [a-zA-Z]")
                }
                let s = subscriptOf(c)
                guard labelCount[s] > 0, labelPermIndex[s] == -1 else {
                    throw TorchError.runtime("einsum(): output subscript \(c)\(labelPermIndex[s] > -1 ? " appears more than once in the output" : " does not appear in the equation for any input operand")")
                }
                labelPermIndex[s] = permIndex
                permIndex += 1
            }
            j += 1
        }
    } else {
        permIndex = ellNumDim
        ellInOutput = true
        for l in 0..<totalLabels where labelCount[l] == 1 { labelPermIndex[l] = permIndex; permIndex += 1 }
    }
    let outNumDim = permIndex
    if !ellInOutput { ellIndex = permIndex; permIndex += ellNumDim }
    for l in 0..<totalLabels where labelCount[l] > 0 && labelPermIndex[l] == -1 { labelPermIndex[l] = permIndex; permIndex += 1 }

    var labelSize = [Int](repeating: 1, count: totalLabels)
    var ellSizes = [Int](repeating: 1, count: ellNumDim)
    var dimCounts = [Int](repeating: 0, count: permIndex)
    var ops: [Tensor] = []
    for k in 0..<numOps {
        var op = operands[k]
        var permutation = [Int](repeating: -1, count: permIndex)
        var dim = 0
        for s in opLabels[k] {
            if s == ellipsis {
                let nd = operands[k].ndim - (opLabels[k].count - 1)
                for j in (ellNumDim - nd)..<ellNumDim {
                    if op.shape[dim] != 1 {
                        guard ellSizes[j] == 1 || ellSizes[j] == op.shape[dim] else {
                            throw TorchError.runtime("einsum(): dimension \(dim) covered by ellipsis in operand \(k)has size \(op.shape[dim]) which does not broadcast with previously seen ellipsis with size \(ellSizes[j]) for the respective dimension")
                        }
                        ellSizes[j] = op.shape[dim]
                        dimCounts[ellIndex + j] += 1
                    }
                    permutation[ellIndex + j] = dim
                    dim += 1
                }
            } else if permutation[labelPermIndex[s]] == -1 {
                if op.shape[dim] != 1 {
                    guard labelSize[s] == 1 || labelSize[s] == op.shape[dim] else {
                        throw TorchError.runtime("einsum(): subscript \(labelOf(s)) has size \(op.shape[dim]) for operand \(k) which does not broadcast with previously seen size \(labelSize[s])")
                    }
                    labelSize[s] = op.shape[dim]
                    dimCounts[labelPermIndex[s]] += 1
                }
                permutation[labelPermIndex[s]] = dim
                dim += 1
            } else {
                let prev = permutation[labelPermIndex[s]]
                guard op.shape[dim] == op.shape[prev] else {
                    throw TorchError.runtime("einsum(): subscript \(labelOf(s)) is repeated for operand \(k) but the sizes don't match, \(op.shape[dim]) != \(op.shape[prev])")
                }
                op = try op.diagonal(offset: 0, dim1: prev, dim2: dim).movedim([-1], [prev])
            }
        }
        for p in 0..<permIndex where permutation[p] == -1 {
            op = try op.unsqueeze(dim)
            permutation[p] = dim
            dim += 1
        }
        ops.append(try op.permute(permutation))
    }

    while ops.count > 1 {
        var a = ops.removeFirst()
        var b = ops.removeFirst()
        var sumDims: [Int] = [], aSum: [Int] = [], bSum: [Int] = []
        for d in outNumDim..<permIndex {
            if a.shape[d] != 1 && b.shape[d] != 1 {
                dimCounts[d] -= 1
                if dimCounts[d] == 1 { sumDims.append(d); dimCounts[d] = 0 }
            } else if dimCounts[d] == 1 {
                if a.shape[d] != 1 { aSum.append(d); dimCounts[d] = 0 } else if b.shape[d] != 1 { bSum.append(d); dimCounts[d] = 0 }
            }
        }
        if !aSum.isEmpty { a = try a.sum(dims: aSum, keepdim: true) }
        if !bSum.isEmpty { b = try b.sum(dims: bSum, keepdim: true) }
        ops.insert(try sumproductPair(a, b, sumDims, keepdim: true), at: 0)
    }

    if permIndex - outNumDim > 0 {
        if numOps > 1 {
            var sizes = ops[0].shape
            for d in stride(from: permIndex - 1, through: outNumDim, by: -1) { sizes.remove(at: d) }
            return try ops[0].view(sizes)
        }
        return try ops[0].sum(dims: Array(outNumDim..<permIndex), keepdim: false)
    }
    return ops[0]
}

/// ATen's `sumproduct_pair`: `(left * right).sum(sumDims)` as permute → reshape → bmm → view →
/// permute (or a plain product when nothing is summed).
func sumproductPair(_ left0: Tensor, _ right0: Tensor, _ sumDims: [Int], keepdim: Bool) throws -> Tensor {
    guard left0.ndim == right0.ndim else { throw TorchError.runtime("number of dimensions must match") }
    if sumDims.isEmpty { return try mul(.tensor(left0), .tensor(right0)) }
    let dim = left0.ndim
    var left = left0, right = right0
    var lro: [Int] = [], lo: [Int] = [], ro: [Int] = []
    var lroSize = 1, loSize = 1, roSize = 1, sumSize = 1
    for i in 0..<dim {
        let sl = left.shape[i] != 1, sr = right.shape[i] != 1
        if sumDims.contains(i) {
            if sl && sr {
                guard left.shape[i] == right.shape[i] else { throw TorchError.runtime("non-broadcast dimensions must match") }
                sumSize *= left.shape[i]
            } else if sl {
                left = try left.sum(dims: [i], keepdim: true)
            } else if sr {
                right = try right.sum(dims: [i], keepdim: true)
            }
        } else if sl && sr {
            guard left.shape[i] == right.shape[i] else { throw TorchError.runtime("non-broadcast dimensions must match") }
            lro.append(i); lroSize *= left.shape[i]
        } else if sl {
            lo.append(i); loSize *= left.shape[i]
        } else {
            ro.append(i); roSize *= right.shape[i]
        }
    }
    var outSize: [Int] = lro.map { left.shape[$0] } + lo.map { left.shape[$0] }
    outSize += sumDims.map { _ in 1 }
    outSize += ro.map { right.shape[$0] }
    let lperm = lro + lo + sumDims + ro
    let rperm = lro + sumDims + ro + lo
    var operm = [Int](repeating: -1, count: lro.count + lo.count + sumDims.count + ro.count)
    for (k, d) in (lro + lo + sumDims + ro).enumerated() { operm[d] = k }
    left = try left.permute(lperm).reshape([lroSize, loSize, sumSize])
    right = try right.permute(rperm).reshape([lroSize, sumSize, roSize])
    var result = try bmm(left, right)
    result = try result.view(outSize).permute(operm)
    if !keepdim {
        var sizes = result.shape
        for i in stride(from: dim - 1, through: 0, by: -1) where sumDims.contains(i) { sizes.remove(at: i) }
        result = try result.view(sizes)
    }
    return result
}
