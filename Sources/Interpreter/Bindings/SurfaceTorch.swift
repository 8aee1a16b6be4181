import Engine
import NN

/// The `torch.X` functions of the wider surface: the tensor methods of SurfaceMethods.swift as
/// functions, and the functions that are not methods (normal, hstack, einsum, meshgrid, cdist,
/// std_mean, searchsorted, …).
extension Interpreter {
    /// Names of `surfaceMethods()` that torch also offers as `torch.NAME(input, ...)`.
    static let surfaceTorchDelegates = [
        "log1p", "log2", "log10", "expm1", "rsqrt", "erf", "erfc", "erfinv", "tan", "sinh", "cosh", "asin", "arcsin",
        "acos", "arccos", "atan", "arctan", "isnan", "isinf", "isposinf", "isneginf", "isfinite", "nan_to_num",
        "clamp_min", "clamp_max", "atan2", "arctan2", "hypot", "xlogy", "floor_divide", "remainder", "fmod", "div", "divide",
        "true_divide", "lerp", "addcmul", "addcdiv", "logical_and", "logical_or", "logical_xor", "logical_not",
        "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "svd",
        "isclose", "allclose", "logsumexp", "amax", "amin", "aminmax", "median", "mode", "kthvalue", "cumprod",
        "count_nonzero", "diff", "histc", "unique", "norm", "outer", "ger", "addmv", "diag", "diagonal", "trace",
        "tril", "triu", "movedim", "moveaxis", "swapdims", "swapaxes", "unflatten", "roll", "tile", "repeat_interleave", "scatter", "scatter_add", "index_add",
        "index_copy", "index_fill", "masked_select", "take", "take_along_dim", "bernoulli", "multinomial", "nansum", "nanmean",
    ]

    /// The in-place functions `torch` itself offers (`dir(torch)` names ending in `_`).
    static let torchInPlaceFunctions = [
        "abs_", "acos_", "arccos_", "asin_", "arcsin_", "atan_", "arctan_", "ceil_", "clamp_", "clamp_max_", "clamp_min_",
        "clip_", "cos_", "cosh_", "deg2rad_", "detach_", "erf_", "erfc_", "exp2_", "exp_", "expm1_", "fill_", "fix_",
        "floor_", "frac_", "log10_", "log1p_", "log2_", "log_", "logit_", "nan_to_num_", "neg_", "negative_", "rad2deg_",
        "reciprocal_", "relu_", "round_", "rsqrt_", "sigmoid_", "sin_", "sinc_", "sinh_", "sqrt_", "square_", "tan_",
        "tanh_", "trunc_", "xlogy_", "zero_",
    ]

    /// `torch.cross` / `torch.linalg.cross`: a[1]b[2] − a[2]b[1], … along `dim` (size 3). Without
    /// dim, torch.cross takes the first dimension of size 3 and warns once, as PyTorch 2.15 does.
    /// Refused when a gradient is needed (its node, LinalgCrossBackward0, is not built here).
    func cross(_ a: Tensor, _ b: Tensor, dim: Int?, linalg: Bool) throws -> Tensor {
        let shape = try broadcastShapes(a.shape, b.shape)
        let x = try a.expand(shape), y = try b.expand(shape)
        var d: Int
        if let dim {
            d = dim < 0 ? dim + x.shape.count : dim
            guard d >= 0 && d < x.shape.count else {
                throw PyError(.indexError, "Dimension out of range (expected to be in range of [\(-x.shape.count), \(x.shape.count - 1)], but got \(dim))")
            }
        } else if linalg {
            d = x.shape.count - 1
        } else {
            guard let first = x.shape.firstIndex(of: 3) else { throw PyError(.runtimeError, "no dimension of size 3 in input") }
            d = first
            warnOnce(category: "UserWarning", message: "Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree with that of linalg.cross in a future release. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Cross.cpp:61.)")
        }
        guard x.shape[d] == 3 else {
            throw PyError(.runtimeError, "linalg.cross: inputs dimension \(dim ?? d) must have length 3. Got \(a.shape.count > d ? a.shape[d] : 0) and \(b.shape.count > d ? b.shape[d] : 0)")
        }
        if GradMode.isEnabled && (x.requiresGrad || y.requiresGrad) {
            throw PyError(.notImplementedError, "torch.cross of tensors that require grad is not supported by nnrepl")
        }
        // Floats as PyTorch's compiled kernel rounds them: a1·b2 fused with −(a2·b1) (an FMA).
        if x.dtype == y.dtype, x.dtype == .float32 || x.dtype == .float64 {
            let double = x.dtype == .float64
            var parts: [Tensor] = []
            for (i, j) in [(1, 2), (2, 0), (0, 1)] {
                let ai = try x.select(d, i).contiguousCopy(dtype: x.dtype), bj = try y.select(d, j).contiguousCopy(dtype: x.dtype)
                let aj = try x.select(d, j).contiguousCopy(dtype: x.dtype), bi = try y.select(d, i).contiguousCopy(dtype: x.dtype)
                let out = try Tensor(shape: ai.shape, dtype: x.dtype, zeroed: false)
                for k in 0..<out.numel {
                    if double {
                        out.doublePointer[k] = (-(aj.doublePointer[k] * bi.doublePointer[k])).addingProduct(ai.doublePointer[k], bj.doublePointer[k])
                    } else {
                        out.floatPointer[k] = (-(aj.floatPointer[k] * bi.floatPointer[k])).addingProduct(ai.floatPointer[k], bj.floatPointer[k])
                    }
                }
                parts.append(out)
            }
            return try stack(parts, dim: d)
        }
        func c(_ i: Int) throws -> Tensor { try x.select(d, i) }
        func e(_ i: Int) throws -> Tensor { try y.select(d, i) }
        let parts = [try sub(.tensor(try mul(.tensor(try c(1)), .tensor(try e(2)))), .tensor(try mul(.tensor(try c(2)), .tensor(try e(1))))),
                     try sub(.tensor(try mul(.tensor(try c(2)), .tensor(try e(0)))), .tensor(try mul(.tensor(try c(0)), .tensor(try e(2))))),
                     try sub(.tensor(try mul(.tensor(try c(0)), .tensor(try e(1)))), .tensor(try mul(.tensor(try c(1)), .tensor(try e(0)))))]
        return try stack(parts, dim: d)
    }

    /// SVD's and QR's backward (LinalgSvdBackward, LinalgQrBackward) are not built: a gradient is refused.
    func refuseSVDGrad(_ t: Tensor) throws {
        if GradMode.isEnabled && t.requiresGrad {
            throw PyError(.notImplementedError, "the SVD of a tensor that requires grad is not supported by nnrepl (its backward is not implemented)")
        }
    }

    func addSurfaceTorchFunctions(_ ns: NamespaceObject) {
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            let f = BuiltinFunction(name) { [unowned self] a, _ in
                do { return try body(try Signature.of(name, sig).bind(a, self)) } catch let e as TorchError { throw PyError(e) }
            }
            f.signature = sig
            ns.members[name] = .builtin(f)
        }
        addConstructionFunctions(ns)
        def("pixel_shuffle", "input, upscale_factor") { b in .tensor(try pixelShuffle(try b.tensor("input"), upscaleFactor: try b.int("upscale_factor"))) }
        def("pixel_unshuffle", "input, downscale_factor") { b in .tensor(try pixelUnshuffle(try b.tensor("input"), downscaleFactor: try b.int("downscale_factor"))) }
        def("channel_shuffle", "input, groups") { b in .tensor(try channelShuffle(try b.tensor("input"), groups: try b.int("groups"))) }
        for name in Interpreter.surfaceTorchDelegates {
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                var rest = a
                let input: Value
                if !rest.positional.isEmpty { input = rest.positional.removeFirst() } else if let i = rest.keywords.firstIndex(where: { $0.0 == "input" }) {
                    input = rest.keywords.remove(at: i).1
                } else {
                    throw PyError(.typeError, "\(name)() missing 1 required positional arguments: \"input\"")
                }
                guard case .tensor(let t) = input else {
                    throw PyError(.typeError, "\(name)(): argument 'input' (position 1) must be Tensor, not \(self.typeName(input))")
                }
                guard let m = TensorMethodTable.methods[name] else { throw PyError(.attributeError, "module 'torch' has no attribute '\(name)'") }
                do { return try m(t, rest, self) } catch let e as TorchError { throw PyError(e) }
            })
        }
        // torch.sin_(t), torch.relu_(t), …: the in-place functions of PyTorch's namespace are the
        // tensor's `_` methods.
        for name in Interpreter.torchInPlaceFunctions where TensorMethodTable.methods[name] != nil && ns.members[name] == nil {
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                var rest = a
                guard !rest.positional.isEmpty, case .tensor(let t) = rest.positional.removeFirst() else {
                    throw PyError(.typeError, "\(name)(): argument 'input' (position 1) must be Tensor, not \(a.positional.first.map { self.typeName($0) } ?? "nothing")")
                }
                do { return try TensorMethodTable.methods[name]!(t, rest, self) } catch let e as TorchError { throw PyError(e) }
            })
        }
        ns.members["e"] = .float(2.718281828459045)
        def("cross", "input, other, dim=None, *, out=None") { [unowned self] b in
            .tensor(try self.cross(try b.tensor("input"), try b.tensor("other"), dim: try b.optionalInt("dim"), linalg: false))
        }
        // torch.linalg: inv and det (LinalgModule.swift), svd, svdvals, qr, cross.
        let linalg = makeLinalgModule()
        func linalgDef(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            let f = BuiltinFunction(name) { [unowned self] a, _ in
                do { return try body(try Signature.of(name, sig).bind(a, self)) } catch let e as TorchError { throw PyError(e) }
            }
            f.signature = sig
            linalg.members[name] = .builtin(f)
        }
        linalgDef("svd", "A, full_matrices=True, *, driver=None, out=None") { [unowned self] b in
            let t = try b.tensor("A")
            try self.refuseSVDGrad(t)
            let r = try Engine.svd(t, fullMatrices: try b.bool("full_matrices"), computeUV: true)
            return TensorMethodTable.namedTuple(self, "linalg_svd", [("U", r.u), ("S", r.s), ("Vh", r.vh)])
        }
        linalgDef("svdvals", "A, *, driver=None, out=None") { [unowned self] b in
            let t = try b.tensor("A")
            try self.refuseSVDGrad(t)
            return .tensor(try Engine.svd(t, fullMatrices: false, computeUV: false).s)
        }
        linalgDef("qr", "A, mode='reduced', *, out=None") { [unowned self] b in
            let t = try b.tensor("A")
            guard try b.string("mode") == "reduced" else { throw PyError(.notImplementedError, "torch.linalg.qr: only mode='reduced' is supported by nnrepl") }
            try self.refuseSVDGrad(t)
            let r = try Engine.qr(t)
            return TensorMethodTable.namedTuple(self, "linalg_qr", [("Q", r.q), ("R", r.r)])
        }
        linalgDef("cross", "input, other, *, dim=-1, out=None") { [unowned self] b in
            .tensor(try self.cross(try b.tensor("input"), try b.tensor("other"), dim: try b.int("dim"), linalg: true))
        }
        ns.members["linalg"] = .object(linalg)

        ns.members["normal"] = .builtin(BuiltinFunction("normal") { [unowned self] a, _ in
            let b = try Signature.of("normal", "mean=0.0, std=1.0, size=None, *, generator=None, out=None, dtype=None, layout=None, device=None, pin_memory=False, requires_grad=False").bind(a, self)
            do {
                let meanT = b["mean"].isTensor, stdT = b["std"].isTensor
                if !meanT && !stdT {
                    guard !b.isNone("size") else {
                        throw PyError(.typeError, "normal() received an invalid combination of arguments - got (\(self.typeName(b["mean"])), \(self.typeName(b["std"]))), but expected one of:\n * (Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n * (Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)\n * (float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n * (float mean, float std, tuple of ints size, *, torch.Generator generator = None, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n")
                    }
                    let t = try Engine.normal(mean: try b.double("mean"), std: try b.double("std"), shape: try b.intList("size"), dtype: try b.dtype("dtype") ?? DType.defaultFloat)
                    if try b.bool("requires_grad") { try t.setRequiresGrad(true, source: .factory) }
                    return .tensor(t)
                }
                return .tensor(try Engine.normal(mean: try b.operand("mean"), std: try b.operand("std")))
            } catch let e as TorchError { throw PyError(e) }
        })

        def("hstack", "tensors, *, out=None") { [unowned self] b in .tensor(try Engine.hstack(try self.tensorList(b["tensors"], "hstack"))) }
        def("vstack", "tensors, *, out=None") { [unowned self] b in .tensor(try Engine.vstack(try self.tensorList(b["tensors"], "vstack"))) }
        def("row_stack", "tensors, *, out=None") { [unowned self] b in .tensor(try Engine.vstack(try self.tensorList(b["tensors"], "row_stack"))) }
        def("dstack", "tensors, *, out=None") { [unowned self] b in .tensor(try Engine.dstack(try self.tensorList(b["tensors"], "dstack"))) }
        def("column_stack", "tensors, *, out=None") { [unowned self] b in .tensor(try Engine.columnStack(try self.tensorList(b["tensors"], "column_stack"))) }
        for (name, f) in [("atleast_1d", { (t: Tensor) in try t.atleast1d() }), ("atleast_2d", { try $0.atleast2d() }), ("atleast_3d", { try $0.atleast3d() })] {
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                do {
                    if a.positional.count == 1, case .tensor(let t) = a.positional[0] { return .tensor(try f(t)) }
                    let items = a.positional.count == 1 ? a.positional[0] : .tuple(a.positional)
                    return .tuple(try self.tensorList(items, name).map { .tensor(try f($0)) })
                } catch let e as TorchError { throw PyError(e) }
            })
        }
        ns.members["einsum"] = .builtin(BuiltinFunction("einsum") { [unowned self] a, _ in
            guard case .str(let eq)? = a.positional.first else {
                throw PyError(.typeError, "einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list")
            }
            var rest = Array(a.positional.dropFirst())
            if rest.count == 1, !rest[0].isTensor { rest = try self.collect(rest[0], range: nil) }
            let ops = try self.tensorList(.tuple(rest), "einsum")
            do { return .tensor(try Engine.einsum(eq, ops)) } catch let e as TorchError { throw PyError(e) }
        })
        ns.members["meshgrid"] = .builtin(BuiltinFunction("meshgrid") { [unowned self] a, _ in
            var indexing = "ij"
            if let v = a.keyword("indexing"), !v.isNone {
                guard case .str(let s) = v else { throw PyError(.typeError, "meshgrid(): argument 'indexing' must be str") }
                indexing = s
            } else {
                self.warn(category: "UserWarning", message: "torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4207.)")
            }
            let items = a.positional.count == 1 && !a.positional[0].isTensor ? a.positional[0] : .tuple(a.positional)
            do { return .tuple(try Engine.meshgrid(try self.tensorList(items, "meshgrid"), indexing: indexing).map { .tensor($0) }) } catch let e as TorchError { throw PyError(e) }
        })
        // torch.broadcast_shapes(*shapes): torch/_refs's `_broadcast_shapes`, with its messages.
        ns.members["broadcast_shapes"] = .builtin(BuiltinFunction("broadcast_shapes") { [unowned self] a, _ in
            var shapes: [(Value, [Int])] = []
            for v in a.positional where !v.isNone {
                switch v {
                case .int(let n):
                    shapes.append((.tuple([v]), [n]))
                case .bool(let flag):
                    shapes.append((.tuple([v]), [flag ? 1 : 0]))
                case .tuple, .list, .object(is SizeObject):
                    shapes.append((v, try self.iterate(v, range: nil).map { try self.intValue($0) }))
                default:
                    throw PyError(.runtimeError, "Input shapes should be of type ints, a tuple of ints, or a list of ints, got \(try self.str(v))")
                }
            }
            guard let longest = shapes.map({ $0.1.count }).max() else { return .object(SizeObject([])) }
            var common = [Int](repeating: 1, count: longest)
            for (argIndex, (value, shape)) in shapes.enumerated() {
                for back in stride(from: 1, through: shape.count, by: 1) {
                    let s = shape[shape.count - back], c = longest - back
                    if s == common[c] { continue }
                    if common[c] == 1 {
                        if s < 0 { throw PyError(.valueError, "Attempting to broadcast a dimension with negative length!") }
                        common[c] = s
                    }
                    if s == 1 || common[c] == s { continue }
                    throw PyError(.runtimeError, "Attempting to broadcast a dimension of length \(s) at -\(back)! Mismatching argument at index \(argIndex) had \(try self.repr(value)); but expected shape should be broadcastable to [\(common.map(String.init).joined(separator: ", "))]")
                }
            }
            return .object(SizeObject(common))
        })
        def("cdist", "x1, x2, p=2.0, compute_mode='use_mm_for_euclid_dist_if_necessary'") { b in
            .tensor(try Engine.cdist(try b.tensor("x1"), try b.tensor("x2"), p: try b.double("p")))
        }
        for (name, isStd) in [("std_mean", true), ("var_mean", false)] {
            def(name, "input, dim=None, unbiased=None, keepdim=False, *, correction=None") { b in
                var correction = 1
                if !b.isNone("unbiased") { correction = try b.bool("unbiased") ? 1 : 0 }
                if !b.isNone("correction") { correction = try b.int("correction") }
                let (s, m) = try statMean(try b.tensor("input"), dims: try TensorMethodTable.dimList(b), correction: correction,
                                          keepdim: try b.bool("keepdim"), std: isStd)
                return .tuple([.tensor(s), .tensor(m)])
            }
        }
        def("searchsorted", "sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None") { [unowned self] b in
            guard !(try b.bool("out_int32")) else { throw PyError(.notImplementedError, "searchsorted(out_int32=True) is not supported by nnrepl") }
            var right = try b.bool("right")
            if case .str(let side) = b["side"] {
                guard side == "left" || side == "right" else { throw PyError(.runtimeError, "torch.searchsorted(): side can only be 'left' or 'right' but got \(side)") }
                if side == "left" && right { throw PyError(.runtimeError, "torch.searchsorted(): side and right can't be set to opposites, got side of left while right was True") }
                right = side == "right"
            }
            let values: Tensor
            if case .tensor(let t) = b["input"] { values = t } else { values = try b.scalar("input").tensor() }
            _ = self
            return .tensor(try Engine.searchsorted(try b.tensor("sorted_sequence"), values, right: right))
        }
        def("bucketize", "input, boundaries, *, out_int32=False, right=False") { b in
            let boundaries = try b.tensor("boundaries")
            guard boundaries.ndim == 1 else {
                throw PyError(.runtimeError, "boundaries tensor must be 1 dimension, but got dim(\(boundaries.ndim))")
            }
            let values: Tensor
            if case .tensor(let t) = b["input"] { values = t } else { values = try b.scalar("input").tensor() }
            return .tensor(try Engine.searchsorted(boundaries, values, right: try b.bool("right")))
        }
    }
}
