import Engine
import Foundation

// The `numpy` module: creation functions, ufuncs, reductions, shape functions, linear algebra,
// sorting, comparisons, print options and `np.random`. Names numpy has but nnrepl does not raise
// numpy's own AttributeError ("module 'numpy' has no attribute 'fft'").

/// `np.ndarray`, `np.generic` & co for isinstance().
enum NumpyModuleTypes {
    static let ndarray = BuiltinType("numpy.ndarray", test: { if case .object(is NDArray) = $0 { return true }; return false }) { _, _ in
        throw PyError(.typeError, "nnrepl: create arrays with np.array, np.zeros or np.empty")
    }
    static let generic = BuiltinType("numpy.generic", test: { if case .object(is NumpyScalar) = $0 { return true }; return false }) { _, _ in
        throw PyError(.typeError, "cannot create 'numpy.generic' instances")
    }
    static let number = BuiltinType("numpy.number", test: { if case .object(let s as NumpyScalar) = $0 { return s.dtype != .bool }; return false }) { _, _ in
        throw PyError(.typeError, "cannot create 'numpy.number' instances")
    }
    static let integer = BuiltinType("numpy.integer", test: { if case .object(let s as NumpyScalar) = $0 { return s.dtype.isInteger }; return false }) { _, _ in
        throw PyError(.typeError, "cannot create 'numpy.integer' instances")
    }
    static let floating = BuiltinType("numpy.floating", test: { if case .object(let s as NumpyScalar) = $0 { return s.dtype.isFloat }; return false }) { _, _ in
        throw PyError(.typeError, "cannot create 'numpy.floating' instances")
    }
}

extension Interpreter {
    func makeNumpyModule() throws -> NamespaceObject {
        let ns = NamespaceObject("numpy")
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs, Interpreter) throws -> Value) {
            let f = BuiltinFunction(name) { a, i in try body(try Signature.of(name, sig).bind(a, i), i) }
            f.signature = sig
            ns.members[name] = .builtin(f)
        }
        func result(_ r: NDArray, _ b: BoundArgs, _ i: Interpreter) throws -> Value {
            if let out = try b.npOut() { return .object(out) }
            return i.numpyWrap(r)
        }

        // Constants and types.
        ns.members["pi"] = .float(Double.pi)
        ns.members["e"] = .float(M_E)
        ns.members["inf"] = .float(.infinity)
        ns.members["nan"] = .float(.nan)
        ns.members["newaxis"] = Value.none
        ns.members["__version__"] = .str("2.4.6")
        for d in NumpyDType.allCases { ns.members[d.name] = .object(NumpyTypeObject.of(d)) }
        ns.members["bool_"] = .object(NumpyTypeObject.of(.bool))
        ns.members["int_"] = .object(NumpyTypeObject.of(.int64))
        ns.members["intp"] = .object(NumpyTypeObject.of(.int64))
        ns.members["double"] = .object(NumpyTypeObject.of(.float64))
        ns.members["single"] = .object(NumpyTypeObject.of(.float32))
        ns.members["True_"] = .object(NumpyScalar(.bool, .bool(true)))
        ns.members["False_"] = .object(NumpyScalar(.bool, .bool(false)))
        ns.members["ndarray"] = .object(NumpyModuleTypes.ndarray)
        ns.members["generic"] = .object(NumpyModuleTypes.generic)
        ns.members["number"] = .object(NumpyModuleTypes.number)
        ns.members["integer"] = .object(NumpyModuleTypes.integer)
        ns.members["floating"] = .object(NumpyModuleTypes.floating)
        def("dtype", "dtype") { b, i in
            guard let d = try b.npDType("dtype") else { return .object(NumpyDTypeObject.of(.float64)) }
            return .object(NumpyDTypeObject.of(d))
        }

        // MARK: creation
        def("array", "object, dtype=None, *, copy=True, order='K', subok=False, ndmin=0") { b, i in
            if case .tensor = b["object"], case .bool(let copy) = b["copy"] {
                // PyTorch 2.15's Tensor.__array__ takes no `copy`: numpy 2 calls it again without and
                // says so (shown for the learner's own line, as Python shows DeprecationWarnings).
                i.warn(category: "DeprecationWarning", message: "__array__ implementation doesn't accept a copy keyword, so passing copy=False failed. __array__ must implement 'dtype' and 'copy' keyword arguments. To learn more, see the migration guide https://numpy.org/devdocs/numpy_2_0_migration_guide.html#adapting-to-changes-in-the-copy-keyword")
                if !copy {
                    throw PyError(.valueError, "Unable to avoid copy while creating an array as requested.\nIf using `np.array(obj, copy=False)` replace it with `np.asarray(obj)` to allow a copy when needed (no behavior change in NumPy 1.x).\nFor more details, see https://numpy.org/devdocs/numpy_2_0_migration_guide.html#adapting-to-changes-in-the-copy-keyword.")
                }
            }
            var a = try i.numpyArray(from: b["object"], dtype: try b.npDType("dtype"), copy: try i.truthy(b["copy"]))
            let ndmin = try b.int("ndmin")
            if a.ndim < ndmin { a = try numpyReshape(a, Array(repeating: 1, count: ndmin - a.ndim) + a.shape) }
            return .object(a)
        }
        def("asarray", "a, dtype=None, order=None") { b, i in .object(try i.numpyArray(from: b["a"], dtype: try b.npDType("dtype"), copy: false)) }
        def("asanyarray", "a, dtype=None, order=None") { b, i in .object(try i.numpyArray(from: b["a"], dtype: try b.npDType("dtype"), copy: false)) }
        def("ascontiguousarray", "a, dtype=None") { b, i in
            let a = try i.numpyArray(from: b["a"], dtype: try b.npDType("dtype"), copy: false)
            return .object(try numpyAtLeast(try a.contiguous(), 1))
        }
        def("copy", "a, order='K'") { b, i in .object(try i.numpyArray(from: b["a"], dtype: nil, copy: true)) }
        for (name, fill) in [("zeros", 0.0), ("ones", 1.0), ("empty", 0.0)] {
            def(name, "shape, dtype=None, order='C'") { b, _ in
                let a = try NDArray(shape: try b.npShape("shape"), dtype: try b.npDType("dtype") ?? .float64)
                if fill != 0 { numpyCopyCast(from: try NDArray(values: [fill], shape: []), to: a) }
                return .object(a)
            }
            def(name + "_like", "a, dtype=None, order='K', subok=True, shape=None") { b, _ in
                let proto = try b.npArray("a")
                let shape = b.isNone("shape") ? proto.shape : try b.npShape("shape")
                let a = try NDArray(shape: shape, dtype: try b.npDType("dtype") ?? proto.dtype)
                if fill != 0 { numpyCopyCast(from: try NDArray(values: [fill], shape: []), to: a) }
                return .object(a)
            }
        }
        def("full", "shape, fill_value, dtype=None, order='C'") { b, i in
            let v = try i.numpyArray(from: b["fill_value"], dtype: nil)
            let a = try NDArray(shape: try b.npShape("shape"), dtype: try b.npDType("dtype") ?? v.dtype)
            numpyCopyCast(from: v, to: a)
            return .object(a)
        }
        def("full_like", "a, fill_value, dtype=None, order='K', subok=True, shape=None") { b, i in
            let proto = try b.npArray("a")
            let a = try NDArray(shape: b.isNone("shape") ? proto.shape : try b.npShape("shape"), dtype: try b.npDType("dtype") ?? proto.dtype)
            numpyCopyCast(from: try i.numpyArray(from: b["fill_value"], dtype: nil), to: a)
            return .object(a)
        }
        def("arange", "start, stop=None, step=None, dtype=None") { b, i in .object(try numpyArange(b, i)) }
        def("linspace", "start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0") { b, i in
            let (y, step) = try numpyLinspace(b, i)
            if try b.bool("retstep") { return .tuple([.object(y), .float(step)]) }
            return .object(y)
        }
        def("eye", "N, M=None, k=0, dtype=None, order='C'") { b, i in
            let n = try b.int("N"), m = try b.optionalInt("M") ?? n, k = try b.int("k")
            let a = try NDArray(shape: [n, m], dtype: try b.npDType("dtype") ?? .float64)
            for r in 0..<n where r + k >= 0 && r + k < m { a.setValue(.int(1), atOffset: r * m + r + k) }
            return .object(a)
        }
        def("identity", "n, dtype=None") { b, i in
            let n = try b.int("n")
            let a = try NDArray(shape: [n, n], dtype: try b.npDType("dtype") ?? .float64)
            for r in 0..<n { a.setValue(.int(1), atOffset: r * n + r) }
            return .object(a)
        }

        // MARK: ufuncs
        let binaries: [(String, NumpyBinaryOp)] = [
            ("add", .add), ("subtract", .subtract), ("multiply", .multiply), ("divide", .divide), ("true_divide", .divide),
            ("floor_divide", .floor_divide), ("remainder", .remainder), ("mod", .remainder), ("maximum", .maximum),
            ("minimum", .minimum), ("fmax", .fmax), ("fmin", .fmin), ("equal", .equal), ("not_equal", .not_equal), ("less", .less),
            ("less_equal", .less_equal), ("greater", .greater), ("greater_equal", .greater_equal), ("logical_and", .logical_and),
            ("logical_or", .logical_or), ("logical_xor", .logical_xor), ("bitwise_and", .bitwise_and), ("bitwise_or", .bitwise_or),
            ("bitwise_xor", .bitwise_xor), ("left_shift", .left_shift), ("right_shift", .right_shift), ("arctan2", .arctan2),
            ("hypot", .hypot), ("copysign", .copysign),
        ]
        for (name, op) in binaries {
            def(name, "x1, x2, out=None, *, dtype=None") { b, i in
                var r = try numpyBinary(op, try b.npOperand("x1"), try b.npOperand("x2"), out: try b.npOut())
                if let d = try b.npDType("dtype"), d != r.dtype { r = try r.astype(d) }
                return try result(r, b, i)
            }
        }
        def("power", "x1, x2, out=None") { b, i in try result(try numpyBinary(.power, try b.npOperand("x1"), try b.npOperand("x2"), out: try b.npOut()), b, i) }
        let unaries: [(String, NumpyUnaryOp)] = [
            ("negative", .negative), ("positive", .positive), ("absolute", .absolute), ("abs", .absolute), ("fabs", .absolute),
            ("square", .square), ("reciprocal", .reciprocal), ("sign", .sign), ("sqrt", .sqrt), ("cbrt", .cbrt), ("exp", .exp),
            ("exp2", .exp2), ("expm1", .expm1), ("log", .log), ("log2", .log2), ("log10", .log10), ("log1p", .log1p), ("sin", .sin),
            ("cos", .cos), ("tan", .tan), ("arcsin", .arcsin), ("arccos", .arccos), ("arctan", .arctan), ("sinh", .sinh),
            ("cosh", .cosh), ("tanh", .tanh), ("arcsinh", .arcsinh), ("arccosh", .arccosh), ("arctanh", .arctanh),
            ("floor", .floor), ("ceil", .ceil), ("trunc", .trunc), ("rint", .rint), ("isnan", .isnan), ("isinf", .isinf),
            ("isfinite", .isfinite), ("signbit", .signbit), ("logical_not", .logical_not), ("invert", .invert),
            ("bitwise_not", .invert), ("deg2rad", .deg2rad), ("radians", .deg2rad), ("rad2deg", .rad2deg), ("degrees", .rad2deg),
        ]
        for (name, op) in unaries {
            def(name, "x, out=None, *, dtype=None") { b, i in
                var r = try numpyUnary(op, try b.npOperand("x"), out: try b.npOut())
                if let d = try b.npDType("dtype"), d != r.dtype { r = try r.astype(d) }
                return try result(r, b, i)
            }
        }
        def("clip", "a, a_min=None, a_max=None, out=None, *, min=None, max=None") { b, i in
            var bb = b
            if b.isNone("min") { bb.set("min", b["a_min"]) }
            if b.isNone("max") { bb.set("max", b["a_max"]) }
            return i.numpyWrap(try numpyClip(try b.npOperand("a"), bb, i))
        }
        def("where", "condition, x=None, y=None") { b, i in
            let cond = try b.npArray("condition")
            if b.isNone("x") && b.isNone("y") { return .tuple(numpyNonzero(cond).map { .object($0) }) }
            let x = try b.npOperand("x"), y = try b.npOperand("y")
            return i.numpyWrap(try numpyWhere(cond, x, y))
        }
        def("round", "a, decimals=0, out=None") { b, i in i.numpyWrap(try numpyRound(try b.npArray("a"), decimals: try b.int("decimals"))) }
        def("around", "a, decimals=0, out=None") { b, i in i.numpyWrap(try numpyRound(try b.npArray("a"), decimals: try b.int("decimals"))) }

        // MARK: reductions
        for (name, kind) in [("sum", NumpyReduceKind.sum), ("prod", .prod), ("max", .max), ("min", .min), ("amax", .max),
                             ("amin", .min), ("all", .all), ("any", .any)] {
            def(name, "a, axis=None, dtype=None, out=None, keepdims=False, initial=None") { b, i in
                let a = try b.npArray("a")
                let r = try numpyReduce(kind, a, axes: try b.npAxes("axis", ndim: a.ndim), keepdims: try b.bool("keepdims"), dtype: try b.npDType("dtype"))
                if let out = try b.npOut() { numpyCopyCast(from: r, to: out); return .object(out) }
                return i.numpyWrap(r)
            }
        }
        def("mean", "a, axis=None, dtype=None, out=None, keepdims=False") { b, i in
            let a = try b.npArray("a")
            return i.numpyWrap(try numpyMean(a, axes: try b.npAxes("axis", ndim: a.ndim), keepdims: try b.bool("keepdims"), dtype: try b.npDType("dtype")))
        }
        def("average", "a, axis=None, weights=None, returned=False, *, keepdims=False") { b, i in
            let a = try b.npArray("a")
            guard b.isNone("weights") else { throw PyError(.typeError, "nnrepl's np.average has no weights; use (a * w).sum() / w.sum()") }
            return i.numpyWrap(try numpyMean(a, axes: try b.npAxes("axis", ndim: a.ndim), keepdims: try b.bool("keepdims")))
        }
        for (name, root) in [("std", true), ("var", false)] {
            def(name, "a, axis=None, dtype=None, out=None, ddof=0, keepdims=False") { b, i in
                let a = try b.npArray("a")
                return i.numpyWrap(try numpyVar(a, axes: try b.npAxes("axis", ndim: a.ndim), keepdims: try b.bool("keepdims"), ddof: try b.int("ddof"), sqrt: root))
            }
        }
        for (name, isMax) in [("argmax", true), ("argmin", false)] {
            def(name, "a, axis=None, out=None, *, keepdims=False") { b, i in
                let a = try b.npArray("a")
                return i.numpyWrap(try numpyArgExtreme(a, axis: try b.npAxis("axis", ndim: a.ndim), isMax: isMax, keepdims: try b.bool("keepdims")))
            }
        }
        for (name, product) in [("cumsum", false), ("cumprod", true)] {
            def(name, "a, axis=None, dtype=None, out=None") { b, _ in
                let a = try b.npArray("a")
                return .object(try numpyCumulative(a, axis: try b.npAxis("axis", ndim: a.ndim), product: product, dtype: try b.npDType("dtype")))
            }
        }
        def("median", "a, axis=None, out=None, overwrite_input=False, keepdims=False") { b, i in
            let a = try b.npArray("a")
            return i.numpyWrap(try numpyMedian(a, axis: try b.npAxis("axis", ndim: a.ndim)))
        }
        def("count_nonzero", "a, axis=None, *, keepdims=False") { b, i in
            let a = try b.npArray("a")
            let r = try numpyReduce(.sum, try a.astype(.bool), axes: try b.npAxes("axis", ndim: a.ndim), keepdims: try b.bool("keepdims"))
            return i.numpyWrap(r)
        }

        // MARK: shapes
        def("shape", "a") { b, _ in .tuple(try b.npArray("a").shape.map { .int($0) }) }
        def("size", "a, axis=None") { b, _ in .int(try b.npArray("a").size) }
        def("ndim", "a") { b, _ in .int(try b.npArray("a").ndim) }
        def("reshape", "a, shape=None, order='C', *, newshape=None, copy=None") { b, _ in
            .object(try numpyReshape(try b.npArray("a"), try b.npShape(b.isNone("shape") ? "newshape" : "shape")))
        }
        def("transpose", "a, axes=None") { b, i in
            let a = try b.npArray("a")
            if b.isNone("axes") { return .object(try numpyTranspose(a)) }
            return .object(try numpyTranspose(a, try b.intList("axes")))
        }
        def("swapaxes", "a, axis1, axis2") { b, _ in .object(try numpySwapAxes(try b.npArray("a"), try b.int("axis1"), try b.int("axis2"))) }
        def("expand_dims", "a, axis") { b, _ in .object(try numpyExpandDims(try b.npArray("a"), try b.intList("axis"))) }
        def("squeeze", "a, axis=None") { b, _ in
            let a = try b.npArray("a")
            return .object(try numpySqueeze(a, try b.npAxes("axis", ndim: a.ndim)))
        }
        def("ravel", "a, order='C'") { b, _ in .object(try numpyRavel(try b.npArray("a"))) }
        def("concatenate", "arrays, axis=0, out=None, *, dtype=None") { b, i in
            let parts = try i.collect(b["arrays"], range: nil).map { try i.numpyArray(from: $0, dtype: nil, copy: false) }
            let axis: Int? = b.isNone("axis") ? nil : try b.int("axis")
            return .object(try numpyConcatenate(parts, axis: axis, dtype: try b.npDType("dtype")))
        }
        def("stack", "arrays, axis=0, out=None") { b, i in
            let parts = try i.collect(b["arrays"], range: nil).map { try i.numpyArray(from: $0, dtype: nil, copy: false) }
            return .object(try numpyStack(parts, axis: try b.int("axis")))
        }
        def("vstack", "tup") { b, i in
            let parts = try i.collect(b["tup"], range: nil).map { try numpyAtLeast(try i.numpyArray(from: $0, dtype: nil, copy: false), 2) }
            return .object(try numpyConcatenate(parts, axis: 0))
        }
        def("hstack", "tup") { b, i in
            let parts = try i.collect(b["tup"], range: nil).map { try numpyAtLeast(try i.numpyArray(from: $0, dtype: nil, copy: false), 1) }
            return .object(try numpyConcatenate(parts, axis: parts.first.map { $0.ndim == 1 ? 0 : 1 } ?? 0))
        }
        def("column_stack", "tup") { b, i in
            let parts = try i.collect(b["tup"], range: nil).map { v -> NDArray in
                let a = try i.numpyArray(from: v, dtype: nil, copy: false)
                return a.ndim < 2 ? try numpyTranspose(try numpyAtLeast(a, 2)) : a
            }
            return .object(try numpyConcatenate(parts, axis: 1))
        }
        def("atleast_1d", "a") { b, _ in .object(try numpyAtLeast(try b.npArray("a"), 1)) }
        def("atleast_2d", "a") { b, _ in .object(try numpyAtLeast(try b.npArray("a"), 2)) }
        def("broadcast_to", "array, shape") { b, _ in .object(try numpyBroadcastTo(try b.npArray("array"), try b.npShape("shape"))) }
        def("repeat", "a, repeats, axis=None") { b, i in
            let a = try b.npArray("a")
            return .object(try numpyRepeat(a, try i.numpyRepeats(b["repeats"]), axis: try b.npAxis("axis", ndim: a.ndim)))
        }
        def("flip", "m, axis=None") { b, i in
            let a = try b.npArray("m")
            let axes = try b.npAxes("axis", ndim: a.ndim) ?? Array(0..<a.ndim)
            var items = Array(repeating: NumpyIndexItem.slice(start: nil, stop: nil, step: nil), count: a.ndim)
            for ax in axes { items[ax] = .slice(start: nil, stop: nil, step: -1) }
            return .object(try numpyGetIndex(a, items).0)
        }

        // MARK: linear algebra
        def("dot", "a, b, out=None") { b, i in
            let r = try numpyDot(try b.npArray("a"), try b.npArray("b"))
            if let out = try b.npOut() { numpyCopyCast(from: r, to: out); return .object(out) }
            return i.numpyWrap(r)
        }
        def("matmul", "x1, x2, out=None") { b, i in
            let r = try numpyMatmul(try b.npArray("x1"), try b.npArray("x2"))
            if let out = try b.npOut() { numpyCopyCast(from: r, to: out); return .object(out) }
            return i.numpyWrap(r)
        }
        def("outer", "a, b, out=None") { b, i in
            let x = try numpyRavel(try b.npArray("a")), y = try numpyRavel(try b.npArray("b"))
            return .object(try numpyBinary(.multiply, .array(try numpyReshape(x, [x.size, 1])), .array(try numpyReshape(y, [1, y.size]))))
        }
        def("inner", "a, b") { b, i in
            let x = try b.npArray("a"), y = try b.npArray("b")
            if x.ndim <= 1 && y.ndim <= 1 { return i.numpyWrap(try numpyDot(x, y)) }
            return i.numpyWrap(try numpyDot(x, try numpyTranspose(y)))
        }
        ns.members["linalg"] = .object(makeNumpyLinalgModule())

        // MARK: sorting, searching, comparing
        def("sort", "a, axis=-1, kind=None, order=None") { b, _ in
            let a = try b.npArray("a")
            if b.isNone("axis") { return .object(try numpySort(try numpyRavel(a), axis: 0)) }
            return .object(try numpySort(a, axis: try numpyAxis(try b.int("axis"), a.ndim)))
        }
        def("argsort", "a, axis=-1, kind=None, order=None") { b, _ in
            let a = try b.npArray("a")
            if b.isNone("axis") { return .object(try numpyArgsort(try numpyRavel(a), axis: 0)) }
            return .object(try numpyArgsort(a, axis: try numpyAxis(try b.int("axis"), a.ndim)))
        }
        def("unique", "ar, return_index=False, return_inverse=False, return_counts=False, axis=None") { b, i in
            let r = try numpyUnique(try b.npArray("ar"), returnIndex: try b.bool("return_index"),
                                    returnInverse: try b.bool("return_inverse"), returnCounts: try b.bool("return_counts"))
            return r.count == 1 ? .object(r[0]) : .tuple(r.map { .object($0) })
        }
        def("nonzero", "a") { b, _ in .tuple(numpyNonzero(try b.npArray("a")).map { .object($0) }) }
        def("argwhere", "a") { b, _ in
            let a = try b.npArray("a")
            let coords = numpyNonzero(a)
            return .object(try numpyTranspose(try numpyStack(coords, axis: 0)))
        }
        def("isclose", "a, b, rtol=1e-05, atol=1e-08, equal_nan=False") { b, i in
            i.numpyWrap(try numpyIsClose(try b.npArray("a"), try b.npArray("b"), rtol: try b.double("rtol"), atol: try b.double("atol"), equalNaN: try b.bool("equal_nan")))
        }
        def("allclose", "a, b, rtol=1e-05, atol=1e-08, equal_nan=False") { b, i in
            let r = try numpyIsClose(try b.npArray("a"), try b.npArray("b"), rtol: try b.double("rtol"), atol: try b.double("atol"), equalNaN: try b.bool("equal_nan"))
            return .bool(try numpyReduce(.all, r, axes: nil).value(atOffset: 0).isTrue)
        }
        def("array_equal", "a1, a2, equal_nan=False") { b, _ in
            let x = try b.npArray("a1"), y = try b.npArray("a2")
            guard x.shape == y.shape else { return .false }
            return .bool(try numpyReduce(.all, try numpyBinary(.equal, .array(x), .array(y)), axes: nil).value(atOffset: 0).isTrue)
        }

        // MARK: printing
        def("set_printoptions", "precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None, nanstr=None, infstr=None, formatter=None, sign=None, floatmode=None, *, legacy=None, override_repr=None") { b, i in
            var o = NumpyPrintOptions.current
            if !b.isNone("precision") { o.precision = try b.int("precision") }
            if !b.isNone("threshold") {
                // numpy accepts sys.maxsize or np.inf for "never summarise".
                if case .float(let t) = b["threshold"] {
                    guard !t.isNaN else { throw PyError(.valueError, "threshold must be non-NAN, try sys.maxsize for untruncated representation") }
                    o.threshold = t >= 9.2e18 ? Int.max : Int(t)
                } else {
                    o.threshold = try b.int("threshold")
                }
            }
            if !b.isNone("edgeitems") { o.edgeitems = try b.int("edgeitems") }
            if !b.isNone("linewidth") { o.linewidth = try b.int("linewidth") }
            if !b.isNone("suppress") { o.suppress = try i.truthy(b["suppress"]) }
            if !b.isNone("nanstr") { o.nanstr = try b.string("nanstr") }
            if !b.isNone("infstr") { o.infstr = try b.string("infstr") }
            if !b.isNone("sign") {
                let s = try b.string("sign")
                guard ["-", "+", " "].contains(s) else { throw PyError(.valueError, "sign option must be one of ' ', '+', or '-'") }
                o.sign = Character(s)
            }
            if !b.isNone("floatmode") {
                let f = try b.string("floatmode")
                guard ["fixed", "unique", "maxprec", "maxprec_equal"].contains(f) else {
                    throw PyError(.valueError, "floatmode option must be one of 'fixed', 'unique', 'maxprec', 'maxprec_equal'")
                }
                o.floatmode = f
            }
            if !b.isNone("formatter") || !b.isNone("legacy") { throw PyError(.typeError, "nnrepl's numpy supports no formatter or legacy print modes") }
            NumpyPrintOptions.current = o
            return .none
        }
        ns.members["seterr"] = .builtin(BuiltinFunction("seterr") { a, i in numpyErrorDict(try i.numpyApplyErrorSettings(a)) })
        def("geterr", "") { _, _ in numpyErrorDict(NumpyErrorState.current) }
        ns.members["errstate"] = .builtin(BuiltinFunction("errstate") { a, _ in .object(NumpyErrstateObject(a)) })
        ns.members["printoptions"] = .builtin(BuiltinFunction("printoptions") { a, _ in
            .object(NumpyPrintOptionsObject { i in _ = try i.call(ns.members["set_printoptions"]!, a) })
        })
        def("get_printoptions", "") { _, _ in
            let o = NumpyPrintOptions.current
            return .dict(try PyDict([(.str("edgeitems"), .int(o.edgeitems)), (.str("threshold"), .int(o.threshold)),
                                     (.str("floatmode"), .str(o.floatmode)), (.str("precision"), .int(o.precision)),
                                     (.str("suppress"), .bool(o.suppress)), (.str("linewidth"), .int(o.linewidth)),
                                     (.str("nanstr"), .str(o.nanstr)), (.str("infstr"), .str(o.infstr)),
                                     (.str("sign"), .str(String(o.sign))), (.str("formatter"), .none),
                                     (.str("legacy"), .false), (.str("override_repr"), .none)]))
        }
        def("array2string", "a, max_line_width=None, precision=None, suppress_small=None, separator=' ', prefix=''") { b, i in
            let a = try b.npArray("a")
            var o = NumpyPrintOptions.current
            if !b.isNone("max_line_width") { o.linewidth = try b.int("max_line_width") }
            if !b.isNone("precision") { o.precision = try b.int("precision") }
            if !b.isNone("suppress_small") { o.suppress = try i.truthy(b["suppress_small"]) }
            if a.size == 0 { return .str("[]") }
            return .str(numpyArray2String(shape: a.shape, elements: a.printElements, separator: try b.string("separator"),
                                          prefix: try b.string("prefix"), suffixLength: 0, options: o))
        }
        def("array_repr", "arr") { b, _ in .str(try b.npArray("arr").repr()) }
        def("array_str", "a") { b, _ in .str(try b.npArray("a").str()) }
        def("format_float_positional", "x, precision=None, unique=True, fractional=True, trim='k', sign=False, pad_left=None, pad_right=None, min_digits=None") { b, i in
            .str(try numpyFormatFloatCall(b, i, scientific: false))
        }
        def("format_float_scientific", "x, precision=None, unique=True, trim='k', sign=False, pad_left=None, exp_digits=None, min_digits=None") { b, i in
            .str(try numpyFormatFloatCall(b, i, scientific: true))
        }
        def("isscalar", "element") { b, _ in
            switch b["element"] {
            case .int, .float, .bool, .str, .object(is NumpyScalar): return .true
            default: return .false
            }
        }
        def("result_type", "*arrays_and_dtypes") { b, i in
            guard case .tuple(let items) = b["arrays_and_dtypes"] else { return .none }
            let ops = try items.map { v -> NumpyOperand in
                if let d = try? i.numpyDTypeArg(v) { return .array(try NDArray(shape: [], dtype: d)) }
                return try i.numpyOperandOrThrow(v, "result_type")
            }
            return .object(NumpyDTypeObject.of(numpyResultType(ops)))
        }
        def("promote_types", "type1, type2") { b, _ in
            guard let x = try b.npDType("type1"), let y = try b.npDType("type2") else { throw PyError(.typeError, "promote_types needs two dtypes") }
            return .object(NumpyDTypeObject.of(NumpyDType.promote(x, y)))
        }
        addNumpyTabularFunctions(def)
        ns.members["random"] = .object(makeNumpyRandomModule())
        return ns
    }

    func makeNumpyLinalgModule() -> NamespaceObject {
        let ns = NamespaceObject("numpy.linalg")
        let f = BuiltinFunction("norm") { a, i in
            let b = try Signature.of("norm", "x, ord=None, axis=None, keepdims=False").bind(a, i)
            let x = try b.npArray("x")
            guard b.isNone("ord") else { throw PyError(.typeError, "nnrepl's np.linalg.norm supports the default 2-norm only") }
            let xf = x.dtype.isFloat ? x : try x.astype(.float64)
            let keepdims = try b.bool("keepdims")
            if b.isNone("axis") && !keepdims {
                // numpy: x.ravel(); sqrt(x.dot(x)) — the BLAS dot's summation order.
                let flat = try numpyRavel(xf)
                return i.numpyWrap(try numpyUnary(.sqrt, .array(try numpyDot(flat, flat))))
            }
            let sq = try numpyBinary(.multiply, .array(xf), .array(xf))
            let s = try numpyReduce(.sum, sq, axes: try b.npAxes("axis", ndim: x.ndim), keepdims: try b.bool("keepdims"))
            return i.numpyWrap(try numpyUnary(.sqrt, .array(s)))
        }
        ns.members["norm"] = .builtin(f)
        return ns
    }
}

/// `np.where(cond, x, y)`.
func numpyWhere(_ cond: NDArray, _ x: NumpyOperand, _ y: NumpyOperand) throws -> NDArray {
    let dtype = numpyResultType([x, y])
    let xa = try numpyOperandArray(x, dtype), ya = try numpyOperandArray(y, dtype)
    let c = try cond.astype(.bool)
    let shape = try numpyBroadcastShapes([c.shape, xa.shape, ya.shape])
    let out = try NDArray(shape: shape, dtype: dtype, zeroed: false)
    let sc = numpyBroadcastStrides(c.shape, c.strides, to: shape)
    let sx = numpyBroadcastStrides(xa.shape, xa.strides, to: shape), sy = numpyBroadcastStrides(ya.shape, ya.strides, to: shape)
    let isz = dtype.itemSize
    let pc = c.pointer(Bool.self)
    let bx = xa.storage.bytes + xa.offset * isz, by = ya.storage.bytes + ya.offset * isz, bo = out.storage.bytes
    numpyForEachRow(shape: shape, strides: [sc, sx, sy, out.strides]) { offs, n, inner in
        for k in 0..<n {
            let src = pc[offs[0] + k * inner[0]] ? bx + (offs[1] + k * inner[1]) * isz : by + (offs[2] + k * inner[2]) * isz
            (bo + (offs[3] + k * inner[3]) * isz).copyMemory(from: src, byteCount: isz)
        }
    }
    return out
}

/// `np.isclose`: |a - b| <= atol + rtol * |b|, infinities equal to themselves.
func numpyIsClose(_ a: NDArray, _ b: NDArray, rtol: Double, atol: Double, equalNaN: Bool) throws -> NDArray {
    let dtype = NumpyDType.promote(numpyResultType([.array(a), .array(b)]), .float64)
    let x = try a.astype(dtype), y = try b.astype(dtype)
    let shape = try numpyBroadcastShapes([x.shape, y.shape])
    let out = try NDArray(shape: shape, dtype: .bool, zeroed: false)
    let sx = numpyBroadcastStrides(x.shape, x.strides, to: shape), sy = numpyBroadcastStrides(y.shape, y.strides, to: shape)
    let px = x.pointer(Double.self), py = y.pointer(Double.self), po = out.pointer(Bool.self)
    numpyForEachRow(shape: shape, strides: [sx, sy, out.strides]) { offs, n, inner in
        for k in 0..<n {
            let u = px[offs[0] + k * inner[0]], v = py[offs[1] + k * inner[1]]
            var r: Bool
            if u.isFinite && v.isFinite { r = Swift.abs(u - v) <= atol + rtol * Swift.abs(v) } else { r = u == v }
            if equalNaN && u.isNaN && v.isNaN { r = true }
            po[offs[2] + k * inner[2]] = r
        }
    }
    return out
}

/// `np.median` (mean of the middle two for even counts; NaN propagates).
func numpyMedian(_ a: NDArray, axis: Int?) throws -> NDArray {
    let src = axis == nil ? try numpyRavel(a) : a
    let ax = axis ?? 0
    let sorted = try numpySort(src, axis: ax)
    let n = sorted.shape[ax]
    guard n > 0 else { numpyWarn("Mean of empty slice."); return try NDArray(values: [Double.nan], shape: []) }
    func take(_ k: Int) throws -> NDArray {
        var items = Array(repeating: NumpyIndexItem.slice(start: nil, stop: nil, step: nil), count: sorted.ndim)
        items[ax] = .slice(start: k, stop: k + 1, step: 1)
        return try numpyGetIndex(sorted, items).0
    }
    let lo = try take((n - 1) / 2), hi = try take(n / 2)
    let both = try numpyConcatenate([lo, hi], axis: ax)
    return try numpyMean(both, axes: [ax])
}

/// `np.arange(start, stop, step, dtype)`: numpy fills start, start + delta, then start + i*delta
/// with delta = (start + step) - start computed in the array's dtype.
func numpyArange(_ b: BoundArgs, _ i: Interpreter) throws -> NDArray {
    var start = b["start"], stop = b["stop"], step = b["step"]
    if stop.isNone { stop = start; start = .int(0) }
    if step.isNone { step = .int(1) }
    let ops = try [start, stop, step].map { try i.numpyOperandOrThrow($0, "arange") }
    let inferred: NumpyDType = {
        var strong: NumpyDType? = nil
        for o in ops {
            let d: NumpyDType
            switch o {
            case .array(let a): d = a.dtype
            case .weak(let w): d = w.defaultDType == .bool ? .int64 : w.defaultDType
            }
            strong = strong.map { NumpyDType.promote($0, d) } ?? d
        }
        return strong ?? .int64
    }()
    let dtype = try b.npDType("dtype") ?? inferred
    let s0 = i.numberValue(start) ?? 0, s1 = i.numberValue(stop) ?? 0, st = i.numberValue(step) ?? 1
    guard st != 0 else { throw PyError("ZeroDivisionError", "division by zero") }
    let lenD = ((s1 - s0) / st).rounded(.up)
    // numpy's _arange_safe_ceil_to_intp: the length must be a number that fits an intp, even
    // when it is negative (a range running the wrong way is empty only when it fits).
    guard !lenD.isNaN else { throw PyError(.valueError, "arange: cannot compute length") }
    guard lenD >= -9.223372036854775808e18 && lenD < 9.223372036854775808e18 else {
        throw PyError(.valueError, "Maximum allowed size exceeded")
    }
    let len = lenD > 0 ? Int(lenD) : 0
    try numpyCheckAllocation(len, dtype: dtype, shape: [len])
    if dtype.isInteger || dtype == .bool, case .int(let a) = start, case .int(let d) = step {
        let out = try NDArray(shape: [len], dtype: dtype, zeroed: false)
        for k in 0..<len { out.setValue(.int(Int64(a) &+ Int64(k) &* Int64(d)), atOffset: k) }
        return out
    }
    let out = try NDArray(shape: [len], dtype: dtype, zeroed: false)
    if dtype == .float32 {
        let f0 = Float(s0), delta = Float(s0 + st) - f0
        let p = out.pointer(Float.self)
        for k in 0..<len { p[k] = k == 0 ? f0 : (k == 1 ? Float(s0 + st) : f0 + Float(k) * delta) }
    } else {
        let delta = (s0 + st) - s0
        for k in 0..<len { out.setValue(.float(k == 0 ? s0 : (k == 1 ? s0 + st : s0 + Double(k) * delta)), atOffset: k) }
    }
    return out
}

/// `np.linspace`: y_i = i * step + start, the last element exactly `stop` (numpy's order of
/// operations, so values match bit for bit).
func numpyLinspace(_ b: BoundArgs, _ i: Interpreter) throws -> (NDArray, Double) {
    let num = try b.int("num")
    guard num >= 0 else { throw PyError(.valueError, "Number of samples, \(num), must be non-negative.") }
    guard let start = i.numberValue(b["start"]), let stop = i.numberValue(b["stop"]) else {
        throw PyError(.typeError, "nnrepl's np.linspace takes numbers for start and stop")
    }
    try numpyCheckAllocation(num, dtype: .float64, shape: [num])
    let endpoint = try b.bool("endpoint")
    let div = endpoint ? num - 1 : num
    let delta = stop - start
    let step: Double = div > 0 ? delta / Double(div) : .nan
    // One element at a time, in numpy's order of operations, polling Ctrl-C: a huge `num`
    // (np.linspace(0, 1, 2**31)) must stay interruptible.
    let out = try NDArray(shape: [num], dtype: .float64, zeroed: false)
    let values = out.pointer(Double.self)
    for k in 0..<num {
        if k & 0xFFFFF == 0xFFFFF { try i.checkInterruptPy() }
        let x = Double(k)
        let scaled: Double
        if div > 0 { scaled = step == 0 ? (x / Double(div)) * delta : x * step } else { scaled = x * delta }
        values[k] = scaled + start
    }
    if endpoint && num > 1 { values[num - 1] = stop }
    if let d = try b.npDType("dtype"), d != .float64 { return (try out.astype(d), step) }
    return (out, step)
}

/// `np.format_float_positional` / `np.format_float_scientific`.
func numpyFormatFloatCall(_ b: BoundArgs, _ i: Interpreter, scientific: Bool) throws -> String {
    let x = b["x"]
    let input: Dragon4Input
    if case .object(let s as NumpyScalar) = x, s.dtype == .float32 { input = Dragon4Input(Float(s.value.double)) } else {
        guard let d = i.numberValue(x) else { throw PyError(.typeError, "not a float") }
        input = Dragon4Input(d)
    }
    let trimText = try b.string("trim")
    guard let trim: Dragon4Trim = ["k": .none, ".": .zeros, "0": .leaveOneZero, "-": .dptZeros][trimText] else {
        throw PyError(.valueError, "if a trim mode is given it must be one of '.', 'k', '0' or '-'")
    }
    let unique = try i.truthy(b["unique"])
    let precision = try b.optionalInt("precision") ?? -1
    if !unique && precision < 0 { throw PyError(.valueError, "precision must be provided if unique is False") }
    let minDigits = try b.optionalInt("min_digits") ?? -1
    let sign = try i.truthy(b["sign"])
    let padLeft = try b.optionalInt("pad_left") ?? -1
    if scientific {
        return dragon4Scientific(input, mode: unique ? .unique : .exact, precision: precision, minDigits: minDigits, sign: sign,
                                 trim: trim, digitsLeft: padLeft, expDigits: try b.optionalInt("exp_digits") ?? -1)
    }
    return dragon4Positional(input, mode: unique ? .unique : .exact, cutoffMode: try i.truthy(b["fractional"]) ? .fractionLength : .totalLength,
                             precision: precision, minDigits: minDigits, sign: sign, trim: trim, digitsLeft: padLeft,
                             digitsRight: try b.optionalInt("pad_right") ?? -1)
}
