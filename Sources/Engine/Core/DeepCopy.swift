import Foundation

/// What `copy.copy` / `copy.deepcopy` need from tensors: PyTorch deep-copies a tensor's
/// *storage* (remembered in the deepcopy memo, so views of one storage stay views of one new
/// storage) and rebuilds the tensor over it with the same offset, sizes and strides.
extension Storage {
    /// A new storage holding a copy of these bytes.
    public func duplicate() throws -> Storage {
        // One-byte elements: the copy has exactly `byteCount` bytes, whatever the dtype.
        let s = try Storage(count: byteCount, dtype: .bool, zeroed: false)
        if byteCount > 0 { memcpy(s.bytes, bytes, byteCount) }
        return s
    }
}

extension Tensor {
    /// A new leaf tensor over `storage` with this tensor's geometry and dtype
    /// (`new_empty([]).set_(storage, offset, size, stride)`), no grad, a fresh version counter.
    public func rebased(on storage: Storage) -> Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype, version: VersionCounter())
    }
}
