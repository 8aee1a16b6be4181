/// `Tensor.unfold` (sliding windows as a view) and `tensor_split` (pieces as views).

extension Tensor {
    /// `unfold(dimension, size, step)`: every window of `size` elements `step` apart along
    /// `dimension`, as a new last dim; a view sharing storage (ATen's unfold geometry).
    /// UnfoldBackward0 adds each window's gradient back into its positions, window by window.
    public func unfold(_ dimension: Int, size: Int, step: Int) throws -> Tensor {
        let d = try normalizeDim(dimension, Swift.max(ndim, 1))
        let maxSize = ndim == 0 ? 1 : shape[d]
        guard size <= maxSize else { throw TorchError.runtime("maximum size for tensor at dimension \(d) is \(maxSize) but size is \(size)") }
        guard size >= 0 else { throw TorchError.runtime("size is \(size) but must be >= 0") }
        guard step > 0 else { throw TorchError.runtime("step is \(step) but must be > 0") }
        var sh = shape, st = strides
        if ndim == 0 {
            sh = [size]
            st = [1]
        } else {
            sh[d] = (shape[d] - size) / step + 1
            st[d] = strides[d] &* step  // wraps as ATen's int64 does (one window then)
            sh.append(size)
            st.append(strides[d])
        }
        let inputShape = shape, windows = ndim == 0 ? 1 : sh[d], rank = ndim
        return makeView(shape: sh, strides: st, offset: offset).recordingFormula("UnfoldBackward0", inputs: [self]) { _, g, _ in
            if rank == 0 { return [try g.reshape([])] }
            let z = try Tensor.zeros(inputShape, dtype: g.dtype)
            for w in 0..<windows {
                try checkInterrupt()
                let target = try z.slice(d, start: w * step, stop: w * step + size)
                let piece = try g.select(d, w).movedim([rank - 1], [d])
                let summed = try add(target, piece)
                copyElements(from: summed, srcStrides: summed.strides, to: target, shape: target.shape)
            }
            return [z]
        }
    }
}

/// `torch.tensor_split(input, sections)`: `sections` pieces along `dim`, the first
/// `size % sections` one element longer; views (SliceBackward0).
public func tensorSplit(_ t: Tensor, sections: Int, dim: Int) throws -> [Tensor] {
    guard t.ndim > 0 else {
        throw TorchError.runtime("tensor_split expected at least a 1-dimensional tensor, but got a tensor with \(t.ndim) dims")
    }
    guard sections > 0 else { throw TorchError.runtime("number of sections must be larger than 0, got \(sections)") }
    // ATen makes a std::vector of that many tensors: beyond its max_size its error, and the
    // tensors themselves (a few hundred bytes each) counted before any is made.
    guard sections <= Int.max / 16 else { throw TorchError.runtime("cannot create std::vector larger than max_size()") }
    try MemoryBudget.check(shape: [sections], itemSize: 256)
    let d = try normalizeDim(dim, t.ndim)
    let size = t.shape[d]
    let base = size / sections, extra = size % sections
    var pieces: [Tensor] = []
    var start = 0
    for i in 0..<sections {
        try checkInterrupt()
        let length = base + (i < extra ? 1 : 0)
        pieces.append(try t.slice(d, start: start, stop: start + length))
        start += length
    }
    return pieces
}

/// `torch.tensor_split(input, indices)`: the pieces between consecutive indices (Python slice
/// bounds: negative ones count from the end, out-of-range ones are clamped).
public func tensorSplit(_ t: Tensor, indices: [Int], dim: Int) throws -> [Tensor] {
    guard t.ndim > 0 else {
        throw TorchError.runtime("tensor_split expected at least a 1-dimensional tensor, but got a tensor with \(t.ndim) dims")
    }
    let d = try normalizeDim(dim, t.ndim)
    var pieces: [Tensor] = []
    var start = 0
    for index in indices {
        try checkInterrupt()
        pieces.append(try t.slice(d, start: start, stop: index))
        start = index
    }
    pieces.append(try t.slice(d, start: start, stop: nil))
    return pieces
}
