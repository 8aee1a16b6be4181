import Engine

// `numpy.ndarray` as Python sees it: printing, attributes, methods, indexing, iteration and
// operators.

extension NDArray {
    var printElements: NumpyPrintElements {
        switch dtype {
        case .float64: return .float64 { [self] in pointer(Double.self)[storageOffset(ofFlat: $0)] }
        case .float32: return .float32 { [self] in pointer(Float.self)[storageOffset(ofFlat: $0)] }
        case .bool: return .bool { [self] in pointer(Bool.self)[storageOffset(ofFlat: $0)] }
        default: return .int { [self] in
            if case .int(let i) = value(atFlat: $0) { return i }
            return 0
        }
        }
    }

    func pyRepr() -> String {
        numpyArrayRepr(shape: shape, elements: printElements, dtypeName: dtype.name, dtypeImplied: dtype.isImpliedInRepr)
    }
    func pyStr() -> String {
        if ndim == 0 { return NumpyScalar(element: self).str() }
        if size == 0 { return "[]" }
        return numpyArrayStr(shape: shape, elements: printElements)
    }
    func pyLength() throws -> Int? {
        guard ndim > 0 else { throw PyError(.typeError, "len() of unsized object") }
        return shape[0]
    }
    func pyTruthy() -> Bool? {
        // numpy raises for arrays of more than one element; the interpreter calls this through
        // truthy(), which cannot throw, so the check lives in NDArray.truthValue.
        size == 1 ? value(atFlat: 0).isTrue : (size == 0 ? false : nil)
    }
    func pyIterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        guard ndim > 0 else { throw PyError(.typeError, "iteration over a 0-d array") }
        var i = 0
        return AnyIterator { [self] in
            guard i < shape[0] else { return nil }
            defer { i += 1 }
            return (try? numpyGetIndex(self, [.int(i)])).map { r in r.isScalar ? interp.numpyWrap(r.0) : .object(r.0) }
        }
    }
    func pyGetItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        let (r, isScalar) = try numpyGetIndex(self, try interp.numpyIndexItems(key))
        return isScalar ? .object(NumpyScalar(element: r)) : .object(r)
    }
    func pySetItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        let items = try interp.numpyIndexItems(key)
        let v: NDArray
        switch value {
        case .float(let d) where dtype.isInteger && !d.isFinite:
            throw PyError(.valueError, d.isNaN ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer")
        case .int(let i) where dtype.isInteger && !dtype.intRange.contains(Int64(i)):
            throw PyError(.overflowError, "Python integer \(i) out of bounds for \(dtype.name)")
        default:
            v = try interp.numpyArray(from: value, dtype: nil, copy: false)
            try numpySetIndex(self, items, v)
            return
        }
    }
    func pyAttributeNames() -> [String] { NDArray.attributeList }

    static let attributeList = ["T", "all", "any", "argmax", "argmin", "argsort", "astype", "base", "clip", "copy", "cumprod",
                                "cumsum", "dot", "dtype", "fill", "flatten", "item", "itemsize", "max", "mean", "min", "nbytes",
                                "ndim", "nonzero", "prod", "ravel", "repeat", "reshape", "round", "shape", "size", "sort", "squeeze",
                                "std", "strides", "sum", "swapaxes", "take", "tolist", "transpose", "var", "view"]

    func pyGetAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "shape": return .tuple(shape.map { .int($0) })
        case "dtype": return .object(NumpyDTypeObject.of(dtype))
        case "ndim": return .int(ndim)
        case "size": return .int(size)
        case "itemsize": return .int(dtype.itemSize)
        case "nbytes": return .int(size * dtype.itemSize)
        case "strides": return .tuple(strides.map { .int($0 * dtype.itemSize) })
        case "T": return .object(try numpyTranspose(self))
        case "base":
            if let b = base as? NDArray { return .object(b) }
            return Value.none
        case "real": return .object(self)
        case "flat": return .object(IteratorObject(AnyIterator(elementOffsets().map { interp.numpyWrap(NumpyScalar(dtype, value(atOffset: $0)).array) }.makeIterator()), name: "numpy.flatiter"))
                default: break
        }
        guard let method = NDArray.methods[name] else { return nil }
        let sig = NDArray.signatures[name] ?? ""
        let fn = BuiltinFunction(name) { [self] a, i in
            try method(self, Signature.of(name, sig).bind(a, i), i)
        }
        fn.signature = sig
        return .builtin(fn)
    }

    func pySetAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        if name == "shape" {
            let newShape = try numpyResolveShape(try interp.numpyVarShape([value]), size: size)
            let r = try numpyReshape(self, newShape)
            guard r.storage === storage && r.offset == offset else {
                throw PyError(.attributeError, "Incompatible shape for in-place modification. Use `.reshape()` to make a copy with the desired shape.")
            }
            setGeometry(shape: r.shape, strides: r.strides)
            return true
        }
        throw PyError(.attributeError, "'numpy.ndarray' object attribute '\(name)' is read-only")
    }

    typealias Method = (NDArray, BoundArgs, Interpreter) throws -> Value

    static let signatures: [String: String] = [
        "sum": "axis=None, dtype=None, out=None, keepdims=False", "prod": "axis=None, dtype=None, out=None, keepdims=False",
        "mean": "axis=None, dtype=None, out=None, keepdims=False", "std": "axis=None, dtype=None, out=None, ddof=0, keepdims=False",
        "var": "axis=None, dtype=None, out=None, ddof=0, keepdims=False", "max": "axis=None, out=None, keepdims=False",
        "min": "axis=None, out=None, keepdims=False", "all": "axis=None, out=None, keepdims=False", "any": "axis=None, out=None, keepdims=False",
        "argmax": "axis=None, out=None, *, keepdims=False", "argmin": "axis=None, out=None, *, keepdims=False",
        "cumsum": "axis=None, dtype=None, out=None", "cumprod": "axis=None, dtype=None, out=None",
        "copy": "order='C'", "astype": "dtype, order='K', casting='unsafe', subok=True, copy=True",
        "reshape": "*shape, order='C'", "transpose": "*axes", "flatten": "order='C'", "ravel": "order='C'",
        "squeeze": "axis=None", "swapaxes": "axis1, axis2", "tolist": "", "item": "*args", "fill": "value",
        "dot": "b, out=None", "clip": "min=None, max=None, out=None", "round": "decimals=0, out=None",
        "sort": "axis=-1, kind=None, order=None", "argsort": "axis=-1, kind=None, order=None",
        "nonzero": "", "view": "dtype=None", "repeat": "repeats, axis=None", "take": "indices, axis=None, out=None, mode='raise'",
        "__array__": "dtype=None, copy=None", "__getitem__": "key", "__setitem__": "key, value", "__len__": "",
    ]

    static let methods: [String: Method] = [
        "sum": { a, b, i in try reduceMethod(.sum, a, b, i) },
        "prod": { a, b, i in try reduceMethod(.prod, a, b, i) },
        "max": { a, b, i in try reduceMethod(.max, a, b, i) },
        "min": { a, b, i in try reduceMethod(.min, a, b, i) },
        "all": { a, b, i in try reduceMethod(.all, a, b, i) },
        "any": { a, b, i in try reduceMethod(.any, a, b, i) },
        "mean": { a, b, i in
            i.numpyWrap(try numpyMean(a, axes: try b.npAxes("axis", ndim: a.ndim), keepdims: try b.bool("keepdims"), dtype: try b.npDType("dtype")))
        },
        "std": { a, b, i in
            i.numpyWrap(try numpyVar(a, axes: try b.npAxes("axis", ndim: a.ndim), keepdims: try b.bool("keepdims"), ddof: try b.int("ddof"), sqrt: true))
        },
        "var": { a, b, i in
            i.numpyWrap(try numpyVar(a, axes: try b.npAxes("axis", ndim: a.ndim), keepdims: try b.bool("keepdims"), ddof: try b.int("ddof")))
        },
        "argmax": { a, b, i in i.numpyWrap(try numpyArgExtreme(a, axis: try b.npAxis("axis", ndim: a.ndim), isMax: true, keepdims: try b.bool("keepdims"))) },
        "argmin": { a, b, i in i.numpyWrap(try numpyArgExtreme(a, axis: try b.npAxis("axis", ndim: a.ndim), isMax: false, keepdims: try b.bool("keepdims"))) },
        "cumsum": { a, b, i in .object(try numpyCumulative(a, axis: try b.npAxis("axis", ndim: a.ndim), product: false, dtype: try b.npDType("dtype"))) },
        "cumprod": { a, b, i in .object(try numpyCumulative(a, axis: try b.npAxis("axis", ndim: a.ndim), product: true, dtype: try b.npDType("dtype"))) },
        "copy": { a, _, _ in .object(try a.copy()) },
        "astype": { a, b, i in
            guard let d = try b.npDType("dtype") else { return .object(try a.astype(.float64)) }
            if !(try i.truthy(b["copy"])) && d == a.dtype { return .object(a) }
            return .object(try a.astype(d))
        },
        "reshape": { a, b, i in
            guard case .tuple(let items) = b["shape"], !items.isEmpty else {
                throw PyError(.typeError, "reshape() takes exactly 1 argument (0 given)")
            }
            return .object(try numpyReshape(a, try i.numpyVarShape(items)))
        },
        "transpose": { a, b, i in
            guard case .tuple(let items) = b["axes"], !items.isEmpty, !(items.count == 1 && items[0].isNone) else { return .object(try numpyTranspose(a)) }
            return .object(try numpyTranspose(a, try i.numpyVarShape(items)))
        },
        "flatten": { a, _, _ in .object(try numpyReshape(try a.copy(), [a.size])) },
        "ravel": { a, _, _ in .object(try numpyRavel(a)) },
        "squeeze": { a, b, _ in .object(try numpySqueeze(a, try b.npAxes("axis", ndim: a.ndim))) },
        "swapaxes": { a, b, _ in .object(try numpySwapAxes(a, try b.int("axis1"), try b.int("axis2"))) },
        "tolist": { a, _, i in i.numpyToList(a) },
        "item": { a, b, i in
            guard case .tuple(let items) = b["args"], !items.isEmpty else {
                guard a.size == 1 else { throw PyError(.valueError, "can only convert an array of size 1 to a Python scalar") }
                return NumpyScalar(element: a, offset: a.storageOffset(ofFlat: 0)).pythonValue
            }
            if items.count == 1 {
                let k = try i.intValue(items[0])
                let j = k < 0 ? k + a.size : k
                guard j >= 0 && j < a.size else { throw PyError(.indexError, "index \(k) is out of bounds for size \(a.size)") }
                return NumpyScalar(element: a, offset: a.storageOffset(ofFlat: j)).pythonValue
            }
            let (r, _) = try numpyGetIndex(a, try items.map { .int(try i.intValue($0)) })
            return NumpyScalar(element: r).pythonValue
        },
        "fill": { a, b, i in
            let v = try i.numpyArray(from: b["value"], dtype: nil)
            numpyCopyCast(from: v, to: a)
            return .none
        },
        "dot": { a, b, i in
            let r = try numpyDot(a, try b.npArray("b"))
            if let out = try b.npOut() { numpyCopyCast(from: r, to: out); return .object(out) }
            return i.numpyWrap(r)
        },
        "clip": { a, b, i in i.numpyWrap(try numpyClip(.array(a), b, i)) },
        "round": { a, b, i in i.numpyWrap(try numpyRound(a, decimals: try b.int("decimals"))) },
        "sort": { a, b, i in
            let axis = try numpyAxis(try b.int("axis"), a.ndim)
            let sorted = try numpySort(a, axis: axis)
            numpyCopyCast(from: sorted, to: a)
            return .none
        },
        "argsort": { a, b, i in
            if b.isNone("axis") { return .object(try numpyArgsort(try numpyRavel(a), axis: 0)) }
            return .object(try numpyArgsort(a, axis: try numpyAxis(try b.int("axis"), a.ndim)))
        },
        "nonzero": { a, _, _ in .tuple(numpyNonzero(a).map { .object($0) }) },
        "take": { a, b, i in try numpyTake(a, b["indices"], axis: b["axis"], mode: b["mode"], i) },
        "view": { a, b, _ in
            if let d = try b.npDType("dtype"), d != a.dtype { throw PyError(.valueError, "nnrepl's numpy cannot reinterpret an array's bytes as another dtype") }
            return .object(a.view(shape: a.shape, strides: a.strides, offset: a.offset))
        },
        "repeat": { a, b, i in .object(try numpyRepeat(a, try i.numpyRepeats(b["repeats"]), axis: try b.npAxis("axis", ndim: a.ndim))) },
        "__getitem__": { a, b, i in try a.pyGetItem(b["key"], i) },
        "__setitem__": { a, b, i in try a.pySetItem(b["key"], b["value"], i); return .none },
        "__len__": { a, _, _ in .int(try a.pyLength() ?? 0) },
        "__array__": { a, b, _ in
            if let d = try b.npDType("dtype"), d != a.dtype { return .object(try a.astype(d)) }
            return .object(a)
        },
    ]

    private static func reduceMethod(_ kind: NumpyReduceKind, _ a: NDArray, _ b: BoundArgs, _ i: Interpreter) throws -> Value {
        let dtype = b.has("dtype") ? try b.npDType("dtype") : nil
        let r = try numpyReduce(kind, a, axes: try b.npAxes("axis", ndim: a.ndim), keepdims: try b.bool("keepdims"), dtype: dtype)
        if let out = try b.npOut() { numpyCopyCast(from: r, to: out); return .object(out) }
        return i.numpyWrap(r)
    }
}

extension NDArray: NativeNumeric {
    var pythonNumber: Value? {
        guard ndim == 0 else { return nil }   // numpy 2.4: only 0-d arrays convert to Python scalars
        return NumpyScalar(element: self, offset: storageOffset(ofFlat: 0)).pythonValue
    }
    var pythonIndex: Int? {
        guard ndim == 0, dtype.isInteger else { return nil }
        return value(atOffset: 0).intValue
    }

    func binaryOperation(_ op: BinaryOp, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        if case .tensor(let t) = other { return try tensorOperation(op, t, tensorOnLeft: reflected, interp) }
        guard let o = interp.numpyOperand(other, strict: false) else {
            try numpyUnsupportedOperand(op, dtype, other, reflected: reflected, interp)
            return nil
        }
        let me = NumpyOperand.array(self)
        return try interp.numpyOperator(op, reflected ? o : me, reflected ? me : o)
    }

    func comparison(_ op: CompareOp, _ other: Value, _ interp: Interpreter) throws -> Value? {
        if case .tensor(let t) = other {
            // == and != go through numpy and come back as a tensor; <, <= ... are TypeErrors.
            guard op == .eq || op == .ne else { return nil }
            guard case .object(let r as NDArray) = try interp.numpyComparison(op, .array(self), .array(try numpyArrayFromTensor(t, copy: false))) ?? .none else {
                return nil
            }
            return .tensor(try tensorCopy(of: r))
        }
        guard let o = interp.numpyOperand(other, strict: false) else {
            if op == .eq || op == .ne {
                // numpy compares elementwise with anything: unequal objects give all False/True.
                let r = try NDArray(shape: shape, dtype: .bool)
                if op == .ne { numpyCopyCast(from: try NDArray(values: [true], shape: []), to: r) }
                return interp.numpyWrap(r)
            }
            return nil
        }
        return try interp.numpyComparison(op, .array(self), o)
    }

    func unaryOperation(_ op: UnaryOp, _ interp: Interpreter) throws -> Value? {
        switch op {
        case .minus: return interp.numpyWrap(try numpyUnary(.negative, .array(self)))
        case .plus: return interp.numpyWrap(try numpyUnary(.positive, .array(self)))
        case .invert: return interp.numpyWrap(try numpyUnary(dtype == .bool ? .logical_not : .invert, .array(self)))
        case .not: return nil
        }
    }

    func inPlaceOperation(_ op: BinaryOp, _ other: Value, _ interp: Interpreter) throws -> Value? {
        if case .tensor = other { return nil }
        guard let o = interp.numpyOperand(other, strict: false) else { return nil }
        if op == .matMul {
            let r = try numpyMatmul(self, try numpyOperandArray(o, NumpyDType.promote(dtype, o.dtypeIfArray ?? dtype)))
            guard r.shape == shape else { throw PyError(.valueError, "matmul: Output operand 0 has a mismatch in its core dimension") }
            numpyCopyCast(from: r, to: self)
            return .object(self)
        }
        return try interp.numpyOperator(op, .array(self), o, out: self)
    }

    func absolute(_ interp: Interpreter) throws -> Value? { interp.numpyWrap(try numpyUnary(.absolute, .array(self))) }
    func round(ndigits: Int?, _ interp: Interpreter) throws -> Value? { interp.numpyWrap(try numpyRound(self, decimals: ndigits ?? 0)) }
}

/// `np.clip(a, a_min, a_max)`: maximum then minimum with the usual promotion.
func numpyClip(_ a: NumpyOperand, _ b: BoundArgs, _ i: Interpreter) throws -> NDArray {
    let lo = b.has("min") ? b["min"] : b["a_min"], hi = b.has("max") ? b["max"] : b["a_max"]
    var r: NumpyOperand = a
    if lo.isNone && hi.isNone { throw PyError(.valueError, "One of max or min must be given") }
    if !lo.isNone { r = .array(try numpyBinary(.maximum, r, try i.numpyOperandOrThrow(lo, "clip"))) }
    if !hi.isNone { r = .array(try numpyBinary(.minimum, r, try i.numpyOperandOrThrow(hi, "clip"))) }
    guard case .array(let out) = r else { throw PyError(.valueError, "clip") }
    if let o = try b.npOut() { numpyCopyCast(from: out, to: o); return o }
    return out
}

/// `np.repeat(a, n, axis)` with a single repeat count.
func numpyRepeat(_ a: NDArray, _ repeats: [Int], axis: Int?) throws -> NDArray {
    let src = axis == nil ? try numpyRavel(a) : a
    let ax = axis ?? 0
    let n = src.shape[ax]
    guard repeats.count == 1 || repeats.count == n else {
        throw PyError(.valueError, "operands could not be broadcast together with shape (\(n),) (\(repeats.count),)")
    }
    guard repeats.allSatisfy({ $0 >= 0 }) else {
        // One count is repeated as a shape; several are checked as counts.
        throw PyError(.valueError, repeats.count == 1 ? "negative dimensions are not allowed" : "repeats may not contain negative values.")
    }
    let counts = repeats.count == 1 ? Array(repeating: repeats[0], count: n) : repeats
    // numpy sums the counts in 64 bits: a sum that wraps negative is its "negative dimensions".
    var shape = src.shape
    shape[ax] = counts.reduce(0, &+)
    let out = try NDArray(shape: shape, dtype: a.dtype)
    let whole = Array(repeating: NumpyIndexItem.slice(start: nil, stop: nil, step: nil), count: ax)
    var position = 0
    for k in 0..<n where counts[k] > 0 {
        let (slice, _) = try numpyGetIndex(src, whole + [.slice(start: k, stop: k + 1, step: 1)])
        for _ in 0..<counts[k] {
            let (target, _) = try numpyGetIndex(out, whole + [.slice(start: position, stop: position + 1, step: 1)])
            numpyCopyCast(from: slice, to: target)
            position += 1
        }
    }
    return out
}

extension Interpreter {
    /// `repeats` of np.repeat: an int or a sequence of ints (one per element along the axis).
    func numpyRepeats(_ v: Value) throws -> [Int] {
        switch v {
        case .int, .bool: return [try intValue(v)]
        default:
            // numpy casts the counts to intp as it can (floats truncate).
            let a = try numpyArray(from: v, dtype: nil)
            return try numpyRavel(a).astype(.int64).typedValues(Int64.self).map { Int($0) }
        }
    }
}

extension NDArray {
    /// `bool(a)`: only for one element, as numpy insists.
    func truthValue() throws -> Bool {
        if size == 1 { return value(atFlat: 0).isTrue }
        if size == 0 {
            throw PyError(.valueError, "The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.")
        }
        throw PyError(.valueError, "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")
    }
}

extension NDArray {
    /// `tensor op array` and `array op tensor` as PyTorch 2.15 with numpy 2.4 behave: the tensor's
    /// operator defers to numpy, which computes with numpy's rules and wraps the result back into a
    /// tensor through Tensor.__array_wrap__ (with numpy's DeprecationWarning about its signature);
    /// with the array on the left both sides decline and Python raises its TypeError.
    func tensorOperation(_ op: BinaryOp, _ t: Tensor, tensorOnLeft: Bool, _ interp: Interpreter) throws -> Value? {
        guard tensorOnLeft else {
            if op == .add {
                throw PyError(.typeError, "Concatenation operation is not implemented for NumPy arrays, use np.concatenate() instead. Please do not rely on this error; it may not be given on all Python implementations.")
            }
            throw PyError(.typeError, "unsupported operand type(s) for \(op.rawValue): 'numpy.ndarray' and 'Tensor'")
        }
        let lhs = try numpyArrayFromTensor(t, copy: false)
        let r = try interp.numpyOperator(op, .array(lhs), .array(self))
        let array: NDArray
        switch r {
        case .object(let a as NDArray): array = a
        case .object(let s as NumpyScalar): array = s.array
        default: return nil
        }
        interp.warn(category: "DeprecationWarning", message: "__array_wrap__ must accept context and return_scalar arguments (positionally) in the future. (Deprecated NumPy 2.0)")
        return .tensor(try tensorCopy(of: array))
    }
}

/// numpy's errors for an operand it cannot use: a string is an array of dtype '<U..' for which the
/// ufunc has no loop; None becomes an object array whose elements Python cannot add.
func numpyUnsupportedOperand(_ op: BinaryOp, _ dtype: NumpyDType, _ other: Value, reflected: Bool, _ interp: Interpreter) throws {
    let ufunc: String
    switch op {
    case .add: ufunc = "add"
    case .sub: ufunc = "subtract"
    case .mul: ufunc = "multiply"
    case .div: ufunc = "divide"
    case .floorDiv: ufunc = "floor_divide"
    case .mod: ufunc = "remainder"
    case .pow: ufunc = "power"
    default: return
    }
    switch other {
    case .str(let s):
        let mine = "dtype('\(dtype.name)')", theirs = "dtype('<U\(max(s.count, 1))')"
        let (l, r) = reflected ? (theirs, mine) : (mine, theirs)
        throw PyError("UFuncTypeError", "ufunc '\(ufunc)' did not contain a loop with signature matching types (\(l), \(r)) -> None")
    case .none:
        let element = dtype.isFloat ? "float" : (dtype == .bool ? "bool" : "int")
        let (l, r) = reflected ? ("NoneType", element) : (element, "NoneType")
        throw PyError(.typeError, "unsupported operand type(s) for \(op.rawValue): '\(l)' and '\(r)'")
    default: return
    }
}
