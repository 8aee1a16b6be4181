import Engine

// Python values <-> numpy arrays: `np.array(obj)` coercion (nested lists, scalars, tensors), the
// operands of ufuncs and operators, and wrapping results (0-d results become numpy scalars).

extension Interpreter {
    /// A ufunc result as Python sees it: 0-d arrays become numpy scalars.
    func numpyWrap(_ a: NDArray) -> Value {
        a.ndim == 0 ? .object(NumpyScalar(element: a)) : .object(a)
    }

    /// A value as a ufunc operand: arrays, numpy scalars (strong 0-d arrays), Python numbers
    /// (weak), lists/tuples (converted). nil when the value is not array-like (NotImplemented).
    func numpyOperand(_ v: Value, strict: Bool) -> NumpyOperand? {
        switch v {
        case .object(let a as NDArray): return .array(a)
        case .object(let s as NumpyScalar): return .array(s.array)
        case .bool(let b): return .weak(.bool(b))
        case .int(let i): return .weak(.int(i))
        case .float(let d): return .weak(.float(d))
        case .list, .tuple:
            return (try? numpyArray(from: v, dtype: nil)).map { .array($0) }
        case .tensor(let t):
            return (try? numpyArrayFromTensor(t, copy: true)).map { .array($0) }
        default:
            return nil
        }
    }

    /// Like `numpyOperand` but raising numpy's error for values it cannot use.
    func numpyOperandOrThrow(_ v: Value, _ function: String) throws -> NumpyOperand {
        if let o = numpyOperand(v, strict: true) { return o }
        if case .tensor(let t) = v, t.requiresGrad {
            throw PyError(.runtimeError, "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        }
        if case .list = v { _ = try numpyArray(from: v, dtype: nil) }
        if case .tuple = v { _ = try numpyArray(from: v, dtype: nil) }
        throw PyError("UFuncTypeError", "ufunc '\(function)' did not contain a loop with signature matching types (<class 'numpy.dtypes.StrDType'>,) -> None")
    }

    /// `x op y` for the Python operators on arrays and numpy scalars.
    func numpyOperator(_ op: BinaryOp, _ x: NumpyOperand, _ y: NumpyOperand, out: NDArray? = nil) throws -> Value {
        let r: NDArray
        switch op {
        case .add: r = try numpyBinary(.add, x, y, out: out)
        case .sub: r = try numpyBinary(.subtract, x, y, out: out)
        case .mul: r = try numpyBinary(.multiply, x, y, out: out)
        case .div: r = try numpyBinary(.divide, x, y, out: out)
        case .floorDiv: r = try numpyBinary(.floor_divide, x, y, out: out)
        case .mod: r = try numpyBinary(.remainder, x, y, out: out)
        case .pow: r = try numpyPower(x, y, out: out)
        case .bitAnd: r = try numpyBinary(.bitwise_and, x, y, out: out)
        case .bitOr: r = try numpyBinary(.bitwise_or, x, y, out: out)
        case .bitXor: r = try numpyBinary(.bitwise_xor, x, y, out: out)
        case .lshift: r = try numpyBinary(.left_shift, x, y, out: out)
        case .rshift: r = try numpyBinary(.right_shift, x, y, out: out)
        case .matMul:
            guard case .array(let a) = x, case .array(let b) = y else {
                throw PyError(.valueError, "matmul: Input operand \(x.dtypeIfArray == nil ? 0 : 1) does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)")
            }
            r = try numpyMatmul(a, b)
            if let out { numpyCopyCast(from: r, to: out); return .object(out) }
        }
        if let out { return .object(out) }
        return numpyWrap(r)
    }

    func numpyComparison(_ op: CompareOp, _ x: NumpyOperand, _ y: NumpyOperand) throws -> Value? {
        let u: NumpyBinaryOp
        switch op {
        case .eq: u = .equal
        case .ne: u = .not_equal
        case .lt: u = .less
        case .le: u = .less_equal
        case .gt: u = .greater
        case .ge: u = .greater_equal
        default: return nil
        }
        return numpyWrap(try numpyBinary(u, x, y))
    }

    // MARK: - np.array coercion

    /// `np.array(v, dtype=dtype)`: always a new array (`copy=True`), C-contiguous.
    func numpyArray(from v: Value, dtype: NumpyDType?, copy: Bool = true) throws -> NDArray {
        switch v {
        case .object(let a as NDArray):
            if !copy && (dtype == nil || dtype == a.dtype) { return a }
            return try a.astype(dtype ?? a.dtype)
        case .object(let s as NumpyScalar):
            return dtype == nil || dtype == s.dtype ? s.array : try s.array.astype(dtype!)
        case .tensor(let t):
            let a = try numpyArrayFromTensor(t, copy: copy)
            return dtype == nil || dtype == a.dtype ? a : try a.astype(dtype!)
        default: break
        }
        var shape: [Int] = []
        var leaves: [(NumpyDType, NumpyValue)] = []
        var depthKnown = false
        func inhomogeneous(_ depth: Int) -> PyError {
            PyError(.valueError, "setting an array element with a sequence. The requested array has an inhomogeneous shape after \(depth) dimensions. The detected shape was \(pythonShapeTuple(Array(shape.prefix(depth)))) + inhomogeneous part.")
        }
        func leaf(_ d: NumpyDType, _ value: NumpyValue, _ depth: Int) throws {
            if !depthKnown { depthKnown = true; shape = Array(shape.prefix(depth)) } else if depth != shape.count { throw inhomogeneous(min(depth, shape.count)) }
            leaves.append((d, value))
        }
        func walk(_ v: Value, _ depth: Int) throws {
            switch v {
            case .list, .tuple, .object(is RangeObject):
                let items = try collect(v, range: nil)
                if depthKnown && depth >= shape.count { throw inhomogeneous(shape.count) }
                if depth == shape.count { shape.append(items.count) } else if shape[depth] != items.count { throw inhomogeneous(depth) }
                if items.isEmpty && !depthKnown { depthKnown = true; shape = Array(shape.prefix(depth + 1)) }
                for i in items { try walk(i, depth + 1) }
            case .object(let a as NDArray):
                if a.ndim == 0 { try leaf(a.dtype, a.value(atOffset: 0), depth); return }
                // A sub-array: its dimensions continue the shape.
                for (k, d) in a.shape.enumerated() {
                    if depth + k == shape.count { if depthKnown { throw inhomogeneous(shape.count) }; shape.append(d) } else if shape[depth + k] != d { throw inhomogeneous(depth + k) }
                }
                for off in a.elementOffsets() { try leaf(a.dtype, a.value(atOffset: off), depth + a.ndim) }
            case .object(let s as NumpyScalar): try leaf(s.dtype, s.value, depth)
            case .bool(let b): try leaf(.bool, .bool(b), depth)
            case .int(let i): try leaf(.int64, .int(Int64(i)), depth)
            case .float(let d): try leaf(.float64, .float(d), depth)
            case .tensor(let t):
                let a = try numpyArrayFromTensor(t, copy: true)
                try walk(.object(a), depth)
            case .str:
                throw PyError(.typeError, "nnrepl's numpy holds numbers only (bool, int, float arrays), not strings")
            case .none:
                throw PyError(.typeError, "nnrepl's numpy has no object arrays: None cannot be stored in an array")
            default:
                throw PyError(.typeError, "nnrepl's numpy cannot make an array from a '\(typeName(v))'")
            }
        }
        try walk(v, 0)
        if !depthKnown { depthKnown = true }
        let inferred = leaves.isEmpty ? NumpyDType.float64 : leaves.dropFirst().reduce(leaves[0].0) { NumpyDType.promote($0, $1.0) }
        let out = try NDArray(shape: shape, dtype: dtype ?? inferred, zeroed: false)
        if out.size != leaves.count { throw inhomogeneous(shape.count) }
        for (i, l) in leaves.enumerated() { out.setValue(l.1, atOffset: i) }
        return out
    }

    /// `a.tolist()`: nested lists of Python numbers.
    func numpyToList(_ a: NDArray) -> Value {
        func element(_ v: NumpyValue) -> Value {
            switch v {
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(Int(i))
            case .float(let d): return .float(d)
            }
        }
        if a.ndim == 0 { return element(a.value(atOffset: 0)) }
        let offs = a.elementOffsets()
        var k = 0
        func build(_ d: Int) -> Value {
            if d == a.ndim - 1 {
                var items: [Value] = []
                items.reserveCapacity(a.shape[d])
                for _ in 0..<a.shape[d] { items.append(element(a.value(atOffset: offs[k]))); k += 1 }
                return .list(PyList(items))
            }
            return .list(PyList((0..<a.shape[d]).map { _ in build(d + 1) }))
        }
        return build(0)
    }
}

/// `x ** y`: numpy's fast paths for float arrays (`** 2` squares, `** -1` takes the reciprocal,
/// `** 0.5` the square root), else the power ufunc.
func numpyPower(_ x: NumpyOperand, _ y: NumpyOperand, out: NDArray? = nil) throws -> NDArray {
    if case .array(let a) = x, a.dtype.isFloat, case .weak(let w) = y {
        switch w {
        case .int(2): return try numpyUnary(.square, x, out: out)
        case .int(-1): return try numpyUnary(.reciprocal, x, out: out)
        case .float(0.5): return try numpyUnary(.sqrt, x, out: out)
        default: break
        }
    }
    return try numpyBinary(.power, x, y, out: out)
}
