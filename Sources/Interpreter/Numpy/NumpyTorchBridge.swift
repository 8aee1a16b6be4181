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

/// `torch.tensor(a)`: a contiguous copy keeping the dtype (float64 stays float64).
func tensorCopy(of a: NDArray) throws -> Tensor {
    let c = try a.copy()
    return try tensorSharing(c)
}

extension Interpreter {
    /// `t.numpy()` (the bridge's half of the Tensor API).
    func numpyBridgeTensorAttribute(_ t: Tensor, _ name: String) throws -> Value? {
        guard name == "numpy" else { return nil }
        let f = BuiltinFunction("numpy") { a, i in
            let b = try Signature.of("numpy", "*, force=False").bind(a, i)
            if try b.bool("force") {
                return .object(try numpyArrayFromTensor(t.detach(), copy: true))
            }
            return .object(try numpyArrayFromTensor(t, copy: false))
        }
        return .builtin(f)
    }

    /// Adds `torch.from_numpy` and teaches `torch.tensor` / `torch.as_tensor` numpy inputs.
    func installNumpyBridge(_ ns: NamespaceObject) -> NamespaceObject {
        ns.members["from_numpy"] = .builtin(BuiltinFunction("from_numpy") { a, i in
            guard a.positional.count == 1, a.keywords.isEmpty else {
                throw PyError(.typeError, "from_numpy() takes exactly one argument (\(a.positional.count + a.keywords.count) given)")
            }
            // A data set (sklearn's load_digits) may hand out a tensor standing in for its array.
            if case .tensor(let t) = a.positional[0], DatasetArrays.contains(t) { return .tensor(t.detach()) }
            guard case .object(let arr as NDArray) = a.positional[0] else {
                throw PyError(.typeError, "expected np.ndarray (got \(i.typeName(a.positional[0])))")
            }
            return .tensor(try tensorSharing(arr))
        })
        for name in ["tensor", "as_tensor"] {
            guard case .builtin(let original)? = ns.members[name] else { continue }
            let share = name == "as_tensor"
            let f = BuiltinFunction(name) { a, i in
                guard let data = a.positional.first ?? a.keywords.first(where: { $0.0 == "data" })?.1 else {
                    return try original.body(a, i)
                }
                let array: NDArray?
                switch data {
                case .object(let arr as NDArray): array = arr
                case .object(let s as NumpyScalar): array = s.array
                default: array = nil
                }
                guard let array else { return try original.body(a, i) }
                let b = try Signature.of(name, "data, *, dtype=None, device=None, requires_grad=False, pin_memory=False").bind(a, i)
                var t = share && array.isCContiguous ? try tensorSharing(array) : try tensorCopy(of: array)
                if let d = try b.dtype("dtype"), d != t.dtype {
                    t = try t.contiguousCopy(dtype: d)
                }
                if try b.bool("requires_grad") { try t.setRequiresGrad(true, source: .factory) }
                return .tensor(t)
            }
            f.signature = original.signature
            ns.members[name] = .builtin(f)
        }
        return ns
    }
}
