/// Joining and splitting: cat, stack, split, chunk.

/// `torch.cat(tensors, dim)`.
public func cat(_ tensors: [Tensor], dim: Int) throws -> Tensor {
    guard !tensors.isEmpty else { throw TorchError.runtime("torch.cat(): expected a non-empty list of Tensors") }
    // PyTorch skips legacy empty 1-D tensors.
    let parts = tensors.filter { !($0.ndim == 1 && $0.shape[0] == 0) }
    guard let first = parts.first else { return try tensors[0].contiguousCopy() }
    guard first.ndim > 0 else { throw TorchError.runtime("zero-dimensional tensor (at position 0) cannot be concatenated") }
    let d = try normalizeDim(dim, first.ndim)
    let dtype = resultType(parts.map { ($0.dtype, PromotionRank.dimensioned) })
    var total = 0
    for (i, t) in parts.enumerated() {
        guard t.ndim == first.ndim else {
            throw TorchError.runtime("Tensors must have same number of dimensions: got \(first.ndim) and \(t.ndim)")
        }
        for k in 0..<t.ndim where k != d && t.shape[k] != first.shape[k] {
            throw TorchError.runtime("Sizes of tensors must match except in dimension \(d). Expected size \(first.shape[k]) but got size \(t.shape[k]) for tensor number \(i) in the list.")
        }
        total += t.shape[d]
    }
    var shape = first.shape
    shape[d] = total
    let out = try Tensor(shape: shape, dtype: dtype, zeroed: false)
    var start = 0
    for t in parts {
        let len = t.shape[d]
        let view = try GradMode.with(false) { try out.data.slice(d, start: start, stop: start + len) }
        copyElements(from: t, srcStrides: t.strides, to: view, shape: view.shape)
        start += len
    }
    return out.recording(CatBackward0(dim: d, sizes: parts.map { $0.shape[d] }), inputs: parts)
}

/// `torch.stack(tensors, dim)`.
public func stack(_ tensors: [Tensor], dim: Int) throws -> Tensor {
    guard let first = tensors.first else { throw TorchError.runtime("stack expects a non-empty TensorList") }
    let d = try normalizeDim(dim, first.ndim + 1)
    for (i, t) in tensors.enumerated() where t.shape != first.shape {
        throw TorchError.runtime("stack expects each tensor to be equal size, but got \(shapeList(first.shape)) at entry 0 and \(shapeList(t.shape)) at entry \(i)")
    }
    let parts = try GradMode.with(false) { try tensors.map { try $0.unsqueeze(d) } }
    let out = try GradMode.with(false) { try cat(parts, dim: d) }
    return out.recording(StackBackward0(dim: d, count: tensors.count), inputs: tensors)
}

/// `torch.split(t, size_or_sizes, dim)`: views along `dim`.
public func split(_ t: Tensor, sizes: [Int]?, size: Int?, dim: Int) throws -> [Tensor] {
    guard t.ndim > 0 else { throw TorchError.runtime("split expects at least a 1-dimensional tensor") }
    let d = try normalizeDim(dim, t.ndim)
    let length = t.shape[d]
    var lengths: [Int] = []
    if let sizes {
        guard sizes.reduce(0, +) == length else {
            throw TorchError.runtime("split_with_sizes expects split_sizes to sum exactly to \(length) (input tensor's size at dimension \(d)), but got split_sizes=\(shapeList(sizes))")
        }
        lengths = sizes
    } else if let size {
        guard size > 0 || length == 0 else { throw TorchError.runtime("split_size can only be 0 if dimension size is 0, but got dimension size of \(length)") }
        var rem = length
        while rem > 0 { lengths.append(Swift.min(size, rem)); rem -= size }
        if lengths.isEmpty { lengths = [0] }
    }
    var out: [Tensor] = []
    var start = 0
    for l in lengths {
        let part = try t.narrow(d, start: start, length: l)
        part.gradFn?.displayName = sizes != nil ? "SplitWithSizesBackward0" : "SplitBackward0"
        out.append(part)
        start += l
    }
    return out
}

/// `torch.chunk(t, chunks, dim)`.
public func chunk(_ t: Tensor, chunks: Int, dim: Int) throws -> [Tensor] {
    guard chunks > 0 else { throw TorchError.runtime("chunk expects `chunks` to be greater than 0, got: \(chunks)") }
    guard t.ndim > 0 else { throw TorchError.runtime("chunk expects at least a 1-dimensional tensor") }
    let d = try normalizeDim(dim, t.ndim)
    let size = (t.shape[d] + chunks - 1) / chunks
    return try split(t, sizes: nil, size: Swift.max(size, 1), dim: d)
}

// MARK: backward nodes

/// each input: the slice of grad it filled
final class CatBackward0: Node {
    let dim: Int, sizes: [Int]
    init(dim: Int, sizes: [Int]) { self.dim = dim; self.sizes = sizes }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        var start = 0
        return try sizes.map { l in
            defer { start += l }
            return try grad.narrow(dim, start: start, length: l).contiguousCopy()
        }
    }
}

/// each input: grad.select(dim, i)
final class StackBackward0: Node {
    let dim: Int, count: Int
    init(dim: Int, count: Int) { self.dim = dim; self.count = count }
    override func apply(_ grad: Tensor) throws -> [Tensor?] {
        try (0..<count).map { try grad.select(dim, $0).contiguousCopy() }
    }
}
