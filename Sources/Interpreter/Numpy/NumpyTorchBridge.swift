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

/// `torch.tensor(a)` / `torch.as_tensor(a, dtype=other)`: a copy (converted to `target`) laid out as
/// PyTorch's `.to(copy=True)` lays it out (preserve_format): the array's strides when it is
/// non-overlapping and dense (a transpose stays a transpose), else dense strides in the order of
/// the array's. PyTorch goes through from_numpy first, so negative strides are its ValueError here too.
func tensorCopy(of a: NDArray, as target: NumpyDType? = nil) throws -> Tensor {
    _ = try tensorSharing(a)
    // The copy is PyTorch's allocation (a broadcast view may stand for far more than it holds).
    do { try MemoryBudget.check(shape: a.shape, itemSize: (target ?? a.dtype).itemSize) } catch let e as TorchError { throw PyError(e) }
    let buffer = try NDArray(shape: [a.size], dtype: target ?? a.dtype, zeroed: false)
    let copy = buffer.view(shape: a.shape, strides: preservedStrides(shape: a.shape, strides: a.strides), offset: 0)
    numpyCopyCast(from: a, to: copy)
    return try tensorSharing(copy)
}

/// c10's `is_non_overlapping_and_dense`: the strides, sorted (size-0/1 dimensions last), are the
/// running products of the sizes.
func isNonOverlappingAndDense(shape: [Int], strides: [Int]) -> Bool {
    if shape.count == 1 { return shape[0] < 2 || strides[0] == 1 }
    let perm = shape.indices.sorted { a, b in
        if shape[a] < 2 { return false }
        if shape[b] < 2 { return true }
        return strides[a] < strides[b]
    }
    var required = 1
    for d in perm {
        if shape[d] < 2 { return true }
        if strides[d] != required { return false }
        required *= shape[d]
    }
    return true
}

/// The strides `empty_like(preserve_format)` gives: the same ones for a non-overlapping dense
/// layout, else ATen's `infer_dense_strides` (a stable insertion sort of the dimensions by stride,
/// equal strides by size, zero strides staying where they are, then dense strides in that order).
func preservedStrides(shape: [Int], strides: [Int]) -> [Int] {
    if isNonOverlappingAndDense(shape: shape, strides: strides) { return strides }
    let n = shape.count
    var perm = Array((0..<n).reversed())
    func order(_ d0: Int, _ d1: Int) -> Int {
        let s0 = strides[d0], s1 = strides[d1]
        if s0 == 0 || s1 == 0 { return 0 }
        if s0 != s1 { return s0 < s1 ? -1 : 1 }
        return shape[d0] > shape[d1] ? 1 : 0
    }
    if n > 1 {
        for i in 1..<n {
            var d1 = i
            for d0 in stride(from: i - 1, through: 0, by: -1) {
                let c = order(perm[d0], perm[d1])
                if c > 0 { perm.swapAt(d0, d1); d1 = d0 } else if c < 0 { break }
            }
        }
    }
    var result = [Int](repeating: 1, count: n)
    var current = 1
    for d in perm {
        result[d] = current
        if shape[d] > 1 { current *= shape[d] }
    }
    return result
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

    /// PyTorch's once-per-session warning when a tensor would share a read-only array
    /// (`np.broadcast_to` results); `torch.tensor` copies and does not warn.
    func warnIfNotWriteable(_ a: NDArray) {
        guard !a.writeable else { return }
        warnOnce(category: "UserWarning", message: "The given NumPy array is not writable, and PyTorch does not support non-writable tensors. This means writing to this tensor will result in undefined behavior. You may want to copy the array to protect its data or make it writable before converting it to a tensor. This type of warning will be suppressed for the rest of this program. (Triggered internally at /__w/pytorch/pytorch/torch/csrc/utils/tensor_numpy.cpp:208.)")
    }

    /// Adds `torch.from_numpy` and teaches `torch.tensor` / `torch.as_tensor` numpy inputs.
    func installNumpyBridge(_ ns: NamespaceObject) -> NamespaceObject {
        ns.members["from_numpy"] = .builtin(BuiltinFunction("from_numpy") { a, i in
            guard a.positional.count == 1, a.keywords.isEmpty else {
                throw PyError(.typeError, "torch._VariableFunctionsClass.from_numpy() takes exactly one argument (\(a.positional.count + a.keywords.count) given)")
            }
            guard case .object(let arr as NDArray) = a.positional[0] else {
                throw PyError(.typeError, "expected np.ndarray (got \(i.typeName(a.positional[0])))")
            }
            i.warnIfNotWriteable(arr)
            return .tensor(try tensorSharing(arr))
        })
        for name in ["tensor", "as_tensor"] {
            guard case .builtin(let original)? = ns.members[name] else { continue }
            // as_tensor shares any array of the requested dtype (strided views too), tensor copies.
            let share = name == "as_tensor"
            let signature = share ? "data, *, dtype=None, device=None" : "data, *, dtype=None, device=None, requires_grad=False, pin_memory=False"
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
                let b = try Signature.of(name, signature).bind(a, i)
                let requested = try b.dtype("dtype")
                if share { i.warnIfNotWriteable(array) }   // as_tensor goes through from_numpy, dtype or not
                var t: Tensor
                if let d = requested, d != torchDType(of: array.dtype), let target = numpyDType(of: d) {
                    t = try tensorCopy(of: array, as: target)
                } else {
                    t = share ? try tensorSharing(array) : try tensorCopy(of: array)
                    if let d = requested, d != t.dtype { t = try t.contiguousCopy(dtype: d) }
                }
                if !share, try b.bool("requires_grad") { try t.setRequiresGrad(true, source: .factory) }
                return .tensor(t)
            }
            f.signature = original.signature
            ns.members[name] = .builtin(f)
        }
        return ns
    }
}
