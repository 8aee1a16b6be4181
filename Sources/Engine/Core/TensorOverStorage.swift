/// Tensors over storage that already exists: what `torch.load` rebuilds (`_rebuild_tensor_v2`,
/// that is `torch.empty(0).set_(storage, offset, size, stride)`), so views saved together share
/// one storage again after loading.
extension Tensor {
    /// A new tensor (no history, its own version counter) over `storage` with this geometry.
    ///
    /// - Throws: PyTorch's errors when a size or stride is negative, and its `set_` error for a
    ///   geometry reaching past the end of the storage (which, loaded from a file, cannot grow).
    public static func over(storage: Storage, dtype: DType, offset: Int, shape: [Int], strides: [Int]) throws -> Tensor {
        guard shape.count == strides.count else {
            throw TorchError.runtime("mismatch in length of strides and shape")
        }
        guard offset >= 0 else { throw TorchError.runtime("Tensor: invalid storage offset \(offset)") }
        for d in shape where d < 0 {
            throw TorchError.runtime("Trying to create tensor with negative dimension \(d): \(shape)")
        }
        for s in strides where s < 0 {
            throw TorchError.runtime("as_strided: Negative strides are not supported at the moment, got strides: \(shape.isEmpty ? "[]" : "\(strides)")")
        }
        // computeStorageNbytes: nothing is needed when any size is 0; otherwise the last
        // element's position plus one, past the offset. Overflow means "out of bounds" too.
        var needed = 0
        if !shape.contains(0) {
            var last = offset
            var overflow = false
            for (d, s) in zip(shape, strides) {
                let (m, o1) = (d - 1).multipliedReportingOverflow(by: s)
                let (a, o2) = last.addingReportingOverflow(m)
                overflow = overflow || o1 || o2
                last = a
            }
            let (n, o3) = (last + (overflow ? 0 : 1)).multipliedReportingOverflow(by: dtype.itemSize)
            needed = overflow || o3 ? Int.max : n
        }
        guard needed <= storage.byteCount else {
            throw TorchError.runtime("Trying to resize storage that is not resizable")
        }
        return Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype, version: VersionCounter())
    }
}
