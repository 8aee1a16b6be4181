/// Rearranging ops built as PyTorch composes them: atleast_1d/2d/3d, hstack, vstack, dstack,
/// column_stack, tile, unflatten, meshgrid; and roll (its own node).

extension Tensor {
    /// `atleast_1d`: a 0-d tensor becomes shape [1] (a view).
    public func atleast1d() throws -> Tensor { ndim == 0 ? try reshape([1]) : self }

    /// `atleast_2d`: [n] → [1, n]; 0-d → [1, 1].
    public func atleast2d() throws -> Tensor {
        switch ndim {
        case 0: return try reshape([1, 1])
        case 1: return try unsqueeze(0)
        default: return self
        }
    }

    /// `atleast_3d`: [n] → [1, n, 1]; [m, n] → [m, n, 1]; 0-d → [1, 1, 1].
    public func atleast3d() throws -> Tensor {
        switch ndim {
        case 0: return try reshape([1, 1, 1])
        case 1: return try unsqueeze(0).unsqueeze(-1)
        case 2: return try unsqueeze(-1)
        default: return self
        }
    }

    /// `unflatten(dim, sizes)`: one dim split into several (a view; one size may be -1).
    public func unflatten(_ dim: Int, _ sizes: [Int]) throws -> Tensor {
        guard !sizes.isEmpty else { throw TorchError.runtime("unflatten: sizes must be non-empty") }
        let d = try normalizeDim(dim, ndim)
        var resolved = sizes
        if let i = sizes.firstIndex(of: -1) {
            let known = sizes.enumerated().filter { $0.offset != i }.map(\.element).reduce(1, *)
            guard known != 0, shape[d] % known == 0 else {
                throw TorchError.runtime("unflatten: Provided sizes \(shapeList(sizes)) don't multiply up to the size of dim \(dim) (\(shape[d])) in the input tensor")
            }
            resolved[i] = shape[d] / known
        }
        guard resolved.reduce(1, *) == shape[d] else {
            throw TorchError.runtime("unflatten: Provided sizes \(shapeList(sizes)) don't multiply up to the size of dim \(dim) (\(shape[d])) in the input tensor")
        }
        return try view(Array(shape[..<d]) + resolved + Array(shape[(d + 1)...]))
    }
}

/// `hstack`: cat along dim 1 (dim 0 for 1-D inputs) after atleast_1d.
public func hstack(_ tensors: [Tensor]) throws -> Tensor {
    guard !tensors.isEmpty else { throw TorchError.runtime("hstack expects a non-empty TensorList") }
    let parts = try tensors.map { try $0.atleast1d() }
    return try cat(parts, dim: parts[0].ndim == 1 ? 0 : 1)
}

/// `vstack` / `row_stack`: cat along dim 0 after atleast_2d.
public func vstack(_ tensors: [Tensor]) throws -> Tensor {
    guard !tensors.isEmpty else { throw TorchError.runtime("vstack expects a non-empty TensorList") }
    return try cat(try tensors.map { try $0.atleast2d() }, dim: 0)
}

/// `dstack`: cat along dim 2 after atleast_3d.
public func dstack(_ tensors: [Tensor]) throws -> Tensor {
    guard !tensors.isEmpty else { throw TorchError.runtime("dstack expects a non-empty TensorList") }
    return try cat(try tensors.map { try $0.atleast3d() }, dim: 2)
}

/// `column_stack`: 0-d and 1-d inputs become columns (reshape to [n, 1]), then cat along dim 1.
public func columnStack(_ tensors: [Tensor]) throws -> Tensor {
    guard !tensors.isEmpty else { throw TorchError.runtime("column_stack expects a non-empty TensorList") }
    return try cat(try tensors.map { $0.ndim <= 1 ? try $0.reshape([$0.numel, 1]) : $0 }, dim: 1)
}

/// `tile(dims)`: `repeat` with dims padded by leading 1s to the tensor's rank.
public func tile(_ t: Tensor, _ dims: [Int]) throws -> Tensor {
    let padded = dims.count < t.ndim ? Array(repeating: 1, count: t.ndim - dims.count) + dims : dims
    return try repeatTensor(t, padded)
}

/// `meshgrid(*tensors, indexing)`: each 1-D (or 0-d) input viewed along its own axis and
/// expanded to the grid (ExpandBackward0 ← ViewBackward0). 'xy' builds the grid with the first two
/// inputs swapped and swaps the first two results back.
public func meshgrid(_ tensors: [Tensor], indexing: String) throws -> [Tensor] {
    guard !tensors.isEmpty else { throw TorchError.runtime("torch.meshgrid: Expected at least one tensor") }
    guard indexing == "ij" || indexing == "xy" else {
        throw TorchError.runtime("torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: \(indexing)")
    }
    for t in tensors where t.ndim > 1 {
        throw TorchError.runtime("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: \(t.shape.isEmpty ? "" : shapeList(t.shape))")
    }
    let swap = indexing == "xy" && tensors.count >= 2
    var inputs = tensors
    if swap { inputs.swapAt(0, 1) }
    let grid = inputs.map(\.numel)
    var out = try inputs.enumerated().map { i, t -> Tensor in
        var viewShape = [Int](repeating: 1, count: inputs.count)
        viewShape[i] = -1
        return try t.view(viewShape).expand(grid)
    }
    if swap { out.swapAt(0, 1) }
    return out
}

/// `roll(shifts, dims)`: elements shifted cyclically (flattened first when no dims are given).
/// RollBackward0: the gradient rolled back.
public func roll(_ t: Tensor, shifts: [Int], dims: [Int]) throws -> Tensor {
    guard !shifts.isEmpty else { throw TorchError.runtime("`shifts` required") }
    if dims.isEmpty && shifts.count != 1 {
        throw TorchError.runtime("shifts and dimensions must align. shifts: \(shifts.count), dims:0")
    }
    if !dims.isEmpty && shifts.count != dims.count {
        throw TorchError.runtime("shifts and dimensions must align. shifts: \(shifts.count), dims:\(dims.count)")
    }
    let src = try t.contiguousCopy()
    let out = try Tensor(shape: t.shape, dtype: t.dtype, zeroed: false)
    let n = t.numel
    if n > 0 {
        // Each output element's source position, computed dim by dim.
        var positions = Array(0..<n)
        if dims.isEmpty {
            let s = ((shifts[0] % n) + n) % n
            positions = (0..<n).map { ($0 - s + n) % n }
        } else {
            let st = contiguousStrides(t.shape)
            let ds = try dims.map { try normalizeDim($0, Swift.max(t.ndim, 1)) }
            positions = (0..<n).map { flat in
                var src = flat
                for (shift, d) in zip(shifts, ds) where t.shape[d] > 0 {
                    let size = t.shape[d]
                    let coord = (src / st[d]) % size
                    let s = ((shift % size) + size) % size
                    let from = (coord - s + size) % size
                    src += (from - coord) * st[d]
                }
                return src
            }
        }
        let size = t.dtype.itemSize
        let sp = src.storage.bytes, op = out.storage.bytes
        for (i, p) in positions.enumerated() { (op + i * size).copyMemory(from: sp + p * size, byteCount: size) }
    }
    return out.recordingFormula("RollBackward0", inputs: [t]) { _, g, _ in
        [try roll(g, shifts: shifts.map { -$0 }, dims: dims)]
    }
}
