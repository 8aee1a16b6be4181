import Engine

// The bridge PyTorch's tutorials use: `torch.from_numpy(a)` and `t.numpy()` share memory (a change
// through one shows in the other), `torch.tensor(a)` / `np.array(t)` copy.

/// numpy dtype of a torch dtype (by name, so every dtype both sides have maps).
func numpyDType(of d: DType) -> NumpyDType? {
    NumpyDType(name: String(d.pythonName.dropFirst("torch.".count)))
}

/// torch dtype of a numpy dtype, when the Engine has it.
func torchDType(of d: NumpyDType) -> DType? { DType(torchName: d.name) }

/// `t.numpy()` (shares memory; `copy` makes `np.array(t)`'s copy).
func numpyArrayFromTensor(_ t: Tensor, copy: Bool) throws -> NDArray {
    if t.requiresGrad {
        throw PyError(.runtimeError, "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
    }
    guard let dtype = numpyDType(of: t.dtype) else {
        throw PyError(.typeError, "Got unsupported ScalarType \(t.dtype.scalarName)")
    }
    let a = NDArray(storage: t.storage, shape: t.shape, strides: t.strides, offset: t.offset, dtype: dtype, base: t)
    return copy ? try a.copy() : a
}

/// `torch.from_numpy(a)`: a tensor sharing the array's memory.
func tensorSharing(_ a: NDArray) throws -> Tensor {
    guard let dtype = torchDType(of: a.dtype) else {
        throw PyError(.typeError, "can't convert np.ndarray of type numpy.\(a.dtype.name). The only supported types are: float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint64, uint32, uint16, uint8, and bool.")
    }
    if a.strides.contains(where: { $0 < 0 }) {
        throw PyError(.valueError, "At least one stride in the given numpy array is negative, and tensors with negative strides are not currently supported. (You can probably work around this by making a copy of your array  with array.copy().) ")
    }
    return Tensor.sharing(storage: a.storage, shape: a.shape, strides: a.strides, offset: a.offset, dtype: dtype)
}
