import Engine
import NN

/// The tensor methods of the wider torch surface (logsumexp, amax, tril, scatter, unique, …).
/// Each is also `torch.NAME(input, …)` (see `addSurfaceTorchFunctions`). Merged into
/// `TensorMethodTable.methods`, where these entries take precedence.
extension TensorMethodTable {
    static func namedTuple(_ i: Interpreter, _ name: String, _ fields: [(String, Tensor)]) -> Value {
        let r = ReturnTypeObject(name, fields.map { ($0.0, .tensor($0.1)) })
        r.interpRepr = { [unowned i] v in (try? i.repr(v)) ?? "?" }
        return .object(r)
    }

    /// Dims given as an int, a tuple/list, or None/() for all.
    static func dimList(_ b: BoundArgs, _ name: String = "dim") throws -> [Int]? {
        if b.isNone(name) { return nil }
        if case .tuple(let items) = b[name], items.isEmpty { return nil }
        if case .list(let l) = b[name], l.items.isEmpty { return nil }
        return try b.intList(name)
    }

    /// `name(*args)` as a no-argument method computing `f(t)`, plus its in-place `name_`.
    static func addUnary(_ m: inout [String: TensorMethod], _ names: [String], _ f: @escaping (Tensor) throws -> Tensor) {
        for name in names {
            m[name] = unary(f)
            m[name + "_"] = { t, a, _ in
                guard a.isEmpty else { throw PyError(.typeError, "\(name)_() takes no arguments") }
                return .tensor(try inPlace(t) { try f($0) })
            }
        }
    }

    /// `name(other)` for a tensor-or-number operand, plus `name_`.
    static func addBinary(_ m: inout [String: TensorMethod], _ names: [String], _ sig: String = "other", _ f: @escaping (Tensor, Operand) throws -> Tensor) {
        for name in names {
            m[name] = { t, a, i in .tensor(try f(t, try bind(name, sig, a, i).operand("other"))) }
            m[name + "_"] = { t, a, i in
                let o = try bind(name + "_", sig, a, i).operand("other")
                return .tensor(try inPlace(t) { try f($0, o) })
            }
        }
    }

    /// A tensor-or-number operand as a tensor (a number becomes a 0-d tensor).
    static func asTensor(_ o: Operand) -> Tensor {
        switch o {
        case .tensor(let t): return t
        case .scalar(let s): return s.tensor()
        }
    }

    static func surfaceMethods() -> [String: TensorMethod] {
        var m: [String: TensorMethod] = [:]

        // elementwise math
        addUnary(&m, ["log1p"], Engine.log1p)
        addUnary(&m, ["log2"], Engine.log2)
        addUnary(&m, ["log10"], Engine.log10)
        addUnary(&m, ["expm1"], Engine.expm1)
        addUnary(&m, ["rsqrt"], Engine.rsqrt)
        addUnary(&m, ["erf"], Engine.erf)
        addUnary(&m, ["erfc"], Engine.erfc)
        addUnary(&m, ["erfinv"], Engine.erfinv)
        addUnary(&m, ["tan"], Engine.tan)
        addUnary(&m, ["sinh"], Engine.sinh)
        addUnary(&m, ["cosh"], Engine.cosh)
        addUnary(&m, ["asin", "arcsin"], Engine.asin)
        addUnary(&m, ["acos", "arccos"], Engine.acos)
        addUnary(&m, ["atan", "arctan"], Engine.atan)
        m["isnan"] = unary { try classify($0, .nan) }
        m["isinf"] = unary { try classify($0, .inf) }
        m["isposinf"] = unary { try classify($0, .posinf) }
        m["isneginf"] = unary { try classify($0, .neginf) }
        m["isfinite"] = unary { try classify($0, .finite) }
        m["nan_to_num"] = { t, a, i in
            let b = try bind("nan_to_num", "nan=0.0, posinf=None, neginf=None", a, i)
            return .tensor(try nanToNum(t, nan: try b.double("nan"), posinf: try b.optionalDouble("posinf"), neginf: try b.optionalDouble("neginf")))
        }
        m["nan_to_num_"] = { t, a, i in
            let b = try bind("nan_to_num_", "nan=0.0, posinf=None, neginf=None", a, i)
            return .tensor(try inPlace(t) { try nanToNum($0, nan: try b.double("nan"), posinf: try b.optionalDouble("posinf"), neginf: try b.optionalDouble("neginf")) })
        }
        for (name, isMin) in [("clamp_min", true), ("clamp_max", false)] {
            let arg = isMin ? "min" : "max"
            m[name] = { t, a, i in .tensor(try clampBound(t, try bind(name, arg, a, i).double(arg), isMin: isMin)) }
            m[name + "_"] = { t, a, i in
                let v = try bind(name + "_", arg, a, i).double(arg)
                return .tensor(try inPlace(t) { try clampBound($0, v, isMin: isMin) })
            }
        }
        addBinary(&m, ["atan2", "arctan2"]) { t, o in try Engine.atan2(t, asTensor(o)) }
        addBinary(&m, ["hypot"]) { t, o in try Engine.hypot(t, asTensor(o)) }
        addBinary(&m, ["xlogy"]) { t, o in try Engine.xlogy(.tensor(t), o) }
        addBinary(&m, ["floor_divide"]) { t, o in try floorDivideRounded(.tensor(t), o) }
        addBinary(&m, ["remainder"]) { t, o in try fmodOrRemainder(.tensor(t), o, python: true) }
        addBinary(&m, ["fmod"]) { t, o in try fmodOrRemainder(.tensor(t), o, python: false) }
        for name in ["div", "divide", "true_divide"] {
            for inplace in [false, true] {
                let n = inplace ? name + "_" : name
                m[n] = { t, a, i in
                    let b = try bind(n, "other, *, rounding_mode=None", a, i)
                    let other = try b.operand("other")
                    guard case .str(let modeName) = b["rounding_mode"] else {
                        if inplace { return .tensor(try t.arithmeticInPlace(.div, other)) }
                        return .tensor(try Engine.div(.tensor(t), other))
                    }
                    guard let mode = RoundingMode(rawValue: modeName) else {
                        throw PyError(.runtimeError, "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '\(modeName)'")
                    }
                    if inplace {
                        return .tensor(try inPlace(t) {
                            let r = try divRounding(.tensor($0), other, mode: mode)
                            // "result type Float can't be cast to the desired output type Long"
                            try checkCanCast(r.dtype, to: t.dtype)
                            return r
                        })
                    }
                    return .tensor(try divRounding(.tensor(t), other, mode: mode))
                }
            }
        }
        m["lerp"] = { t, a, i in
            let b = try bind("lerp", "end, weight", a, i)
            return .tensor(try Engine.lerp(t, try b.tensor("end"), weight: try b.operand("weight")))
        }
        m["lerp_"] = { t, a, i in
            let b = try bind("lerp_", "end, weight", a, i)
            let e = try b.tensor("end"), w = try b.operand("weight")
            return .tensor(try inPlace(t) { try Engine.lerp($0, e, weight: w) })
        }
        for (name, isMul) in [("addcmul", true), ("addcdiv", false)] {
            for inplace in [false, true] {
                let n = inplace ? name + "_" : name
                m[n] = { t, a, i in
                    let b = try bind(n, "tensor1, tensor2, *, value=1", a, i)
                    let t1 = try b.tensor("tensor1"), t2 = try b.tensor("tensor2"), v = try b.double("value")
                    let f: (Tensor) throws -> Tensor = { isMul ? try Engine.addcmul($0, t1, t2, value: v) : try Engine.addcdiv($0, t1, t2, value: v) }
                    return .tensor(inplace ? try inPlace(t, f) : try f(t))
                }
            }
        }
        for (name, kind) in [("logical_and", LogicalKind.and), ("logical_or", .or), ("logical_xor", .xor)] {
            m[name] = { t, a, i in
                let o = try bind(name, "other", a, i).tensor("other")
                return .tensor(try logical(kind, .tensor(try t.to(.bool)), .tensor(try o.to(.bool))))
            }
        }
        m["logical_not"] = unary { try logicalNot(try $0.to(.bool), bitwise: false) }
        // svd(some=True, compute_uv=True): U, S, V (V = Vhᵀ; zero-filled U/V without compute_uv).
        m["svd"] = { t, a, i in
            let b = try bind("svd", "some=True, compute_uv=True", a, i)
            let some = try b.bool("some"), uv = try b.bool("compute_uv")
            try i.refuseSVDGrad(t)
            let r = try Engine.svd(t, fullMatrices: !some, computeUV: uv)
            if !uv {
                let m = t.shape[t.shape.count - 2], n = t.shape[t.shape.count - 1], batch = Array(t.shape.dropLast(2))
                return namedTuple(i, "svd", [("U", try Tensor.zeros(batch + [m, m], dtype: t.dtype)), ("S", r.s),
                                             ("V", try Tensor.zeros(batch + [n, n], dtype: t.dtype))])
            }
            return namedTuple(i, "svd", [("U", r.u), ("S", r.s), ("V", try r.vh.transpose(-2, -1))])
        }
        // bitwise_and/or/xor: the `&`, `|`, `^` operators by name (integers and bool; `other` may be a number).
        for (name, kind) in [("bitwise_and", LogicalKind.and), ("bitwise_or", .or), ("bitwise_xor", .xor)] {
            m[name] = { t, a, i in
                .tensor(try logical(kind, .tensor(t), try bind(name, "other", a, i).operand("other")))
            }
            m[name + "_"] = { t, a, i in
                let o = try bind(name + "_", "other", a, i).operand("other")
                return .tensor(try inPlace(t) { try logical(kind, .tensor($0), o) })
            }
        }
        m["bitwise_not"] = unary { try logicalNot($0, bitwise: true) }
        m["isclose"] = { t, a, i in
            let b = try bind("isclose", "other, rtol=1e-05, atol=1e-08, equal_nan=False", a, i)
            return .tensor(try isclose(t, try b.tensor("other"), rtol: try b.double("rtol"), atol: try b.double("atol"), equalNan: try b.bool("equal_nan")))
        }
        m["allclose"] = { t, a, i in
            let b = try bind("allclose", "other, rtol=1e-05, atol=1e-08, equal_nan=False", a, i)
            let c = try isclose(t, try b.tensor("other"), rtol: try b.double("rtol"), atol: try b.double("atol"), equalNan: try b.bool("equal_nan"))
            return .bool(!c.floatValues().contains(0))
        }

        // reductions and order statistics
        // nansum: the sum with NaNs counted as 0 (NansumBackward0: no gradient at the NaNs);
        // nanmean: nansum / the number of non-NaN elements (DivBackward0), as ATen composes it.
        func nansum(_ t: Tensor, _ dims: [Int]?, _ keepdim: Bool) throws -> Tensor {
            let zeroed = t.dtype.isFloatingPoint ? try whereSelect(try classify(t, .nan), .scalar(.int(0)), .tensor(t)) : t
            let s = try zeroed.sum(dims: dims, keepdim: keepdim)
            s.gradFn?.displayName = "NansumBackward0"
            return s
        }
        m["nansum"] = { t, a, i in
            let b = try bind("nansum", "dim=None, keepdim=False, *, dtype=None", a, i)
            return .tensor(try nansum(t, try dimList(b), try b.bool("keepdim")))
        }
        m["nanmean"] = { t, a, i in
            let b = try bind("nanmean", "dim=None, keepdim=False, *, dtype=None", a, i)
            guard t.dtype.isFloatingPoint else {
                throw PyError(.notImplementedError, "nanmean(): expected input to have floating point or complex dtype but got \(t.dtype.scalarName)")
            }
            let dims = try dimList(b), keepdim = try b.bool("keepdim")
            let count = try GradMode.with(false) { try logicalNot(try classify(t, .nan), bitwise: false).sum(dims: dims, keepdim: keepdim) }
            return .tensor(try div(.tensor(try nansum(t, dims, keepdim)), .tensor(count)))
        }
        m["logsumexp"] = { t, a, i in
            if a.positional.isEmpty && !a.keywords.contains(where: { $0.0 == "dim" }) {
                throw PyError(.typeError, "logsumexp() missing 1 required positional arguments: \"dim\"")
            }
            let b = try bind("logsumexp", "dim, keepdim=False", a, i)
            return .tensor(try Engine.logsumexp(t, dims: try dimList(b) ?? [], keepdim: try b.bool("keepdim")))
        }
        for (name, isMax) in [("amax", true), ("amin", false)] {
            m[name] = { t, a, i in
                let b = try bind(name, "dim=None, keepdim=False", a, i)
                return .tensor(try amax(t, dims: try dimList(b), keepdim: try b.bool("keepdim"), isMax: isMax))
            }
        }
        m["aminmax"] = { t, a, i in
            let b = try bind("aminmax", "*, dim=None, keepdim=False", a, i)
            let (lo, hi) = try Engine.aminmax(t, dim: try b.optionalInt("dim"), keepdim: try b.bool("keepdim"))
            return namedTuple(i, "aminmax", [("min", lo), ("max", hi)])
        }
        m["median"] = { t, a, i in
            let b = try bind("median", "dim=None, keepdim=False", a, i)
            guard let d = try b.optionalInt("dim") else { return .tensor(try Engine.median(t)) }
            let (v, idx) = try Engine.median(t, dim: d, keepdim: try b.bool("keepdim"))
            return returnTypes(i, "median", v, idx)
        }
        m["mode"] = { t, a, i in
            let b = try bind("mode", "dim=-1, keepdim=False", a, i)
            let (v, idx) = try Engine.mode(t, dim: try b.int("dim"), keepdim: try b.bool("keepdim"))
            return returnTypes(i, "mode", v, idx)
        }
        m["kthvalue"] = { t, a, i in
            let b = try bind("kthvalue", "k, dim=-1, keepdim=False", a, i)
            let (v, idx) = try Engine.kthvalue(t, k: try b.int("k"), dim: try b.int("dim"), keepdim: try b.bool("keepdim"))
            return returnTypes(i, "kthvalue", v, idx)
        }
        m["cumprod"] = { t, a, i in .tensor(try Engine.cumprod(t, dim: try bind("cumprod", "dim, *, dtype=None", a, i).int("dim"))) }
        m["count_nonzero"] = { t, a, i in .tensor(try countNonzero(t, dims: try dimList(try bind("count_nonzero", "dim=None", a, i)))) }
        m["diff"] = { t, a, i in
            let b = try bind("diff", "n=1, dim=-1, prepend=None, append=None", a, i)
            return .tensor(try Engine.diff(t, n: try b.int("n"), dim: try b.int("dim"), prepend: try b.optionalTensor("prepend"), append: try b.optionalTensor("append")))
        }
        m["histc"] = { t, a, i in
            let b = try bind("histc", "bins=100, min=0, max=0", a, i)
            return .tensor(try Engine.histc(t, bins: try b.int("bins"), min: try b.double("min"), max: try b.double("max")))
        }
        m["unique"] = { t, a, i in
            let b = try bind("unique", "sorted=True, return_inverse=False, return_counts=False, dim=None", a, i)
            let r = try Engine.unique(t, dim: try b.optionalInt("dim"))
            var out: [Value] = [.tensor(r.values)]
            if try b.bool("return_inverse") { out.append(.tensor(r.inverse)) }
            if try b.bool("return_counts") { out.append(.tensor(r.counts)) }
            return out.count == 1 ? out[0] : .tuple(out)
        }
        m["norm"] = { t, a, i in
            let b = try bind("norm", "p='fro', dim=None, keepdim=False, dtype=None", a, i)
            let p: Double
            if case .str(let s) = b["p"] {
                guard s == "fro" else { throw PyError(.runtimeError, "nnrepl supports norm p='fro' and numeric p, not '\(s)'") }
                p = 2
            } else { p = try b.double("p") }
            // dtype= converts the input first (the conversion is part of the graph, as in PyTorch).
            let x = try b.dtype("dtype").map { try t.to($0) } ?? t
            return .tensor(try vectorNorm(x, p: p, dims: try dimList(b), keepdim: try b.bool("keepdim")))
        }

        // linear algebra
        m["outer"] = { t, a, i in .tensor(try Engine.outer(t, try bind("outer", "vec2", a, i).tensor("vec2"))) }
        m["ger"] = m["outer"]
        m["addmv"] = { t, a, i in
            let b = try bind("addmv", "mat, vec, *, beta=1, alpha=1", a, i)
            return .tensor(try Engine.addmv(t, try b.tensor("mat"), try b.tensor("vec"), beta: try b.double("beta"), alpha: try b.double("alpha")))
        }
        m["diag"] = { t, a, i in .tensor(try Engine.diag(t, diagonal: try bind("diag", "diagonal=0", a, i).int("diagonal"))) }
        m["diagonal"] = { t, a, i in
            let b = try bind("diagonal", "offset=0, dim1=0, dim2=1", a, i)
            return .tensor(try t.diagonal(offset: try b.int("offset"), dim1: try b.int("dim1"), dim2: try b.int("dim2")))
        }
        m["trace"] = unary(Engine.trace)
        for (name, upper) in [("tril", false), ("triu", true)] {
            m[name] = { t, a, i in .tensor(try triangle(t, diagonal: try bind(name, "diagonal=0", a, i).int("diagonal"), upper: upper)) }
            m[name + "_"] = { t, a, i in
                let k = try bind(name + "_", "diagonal=0", a, i).int("diagonal")
                return .tensor(try inPlace(t) { try triangle($0, diagonal: k, upper: upper) })
            }
        }
        for name in ["movedim", "moveaxis"] {
            m[name] = { t, a, i in
                let b = try bind(name, "source, destination", a, i)
                return .tensor(try t.movedim(try b.intList("source"), try b.intList("destination")))
            }
        }

        for (name, p0, p1) in [("swapdims", "dim0", "dim1"), ("swapaxes", "axis0", "axis1")] {
            let sig = "\(p0), \(p1)"
            m[name] = { t, a, i in
                let b = try bind(name, sig, a, i)
                return .tensor(try t.transpose(try b.int(p0), try b.int(p1)))
            }
            m[name + "_"] = { t, a, i in
                let b = try bind(name + "_", sig, a, i)
                return .tensor(try t.transposeInPlace(try b.int(p0), try b.int(p1)))
            }
        }
        // the in-place view ops: the tensor itself changes shape (ViewInPlace.swift)
        m["unsqueeze_"] = { t, a, i in .tensor(try t.unsqueezeInPlace(try bind("unsqueeze_", "dim", a, i).int("dim"))) }
        m["squeeze_"] = { t, a, i in
            let b = try bind("squeeze_", "dim=None", a, i)
            if b.isNone("dim") { return .tensor(try t.squeezeInPlace()) }
            let tupleForm: Bool
            switch b["dim"] { case .tuple, .list: tupleForm = true; default: tupleForm = false }
            return .tensor(try t.squeezeInPlace(try b.intList("dim"), tupleForm: tupleForm))
        }
        m["t_"] = { t, a, i in
            guard a.isEmpty else { throw PyError(.typeError, "t_() takes no arguments") }
            return .tensor(try t.tInPlace())
        }
        m["transpose_"] = { t, a, i in
            let b = try bind("transpose_", "dim0, dim1", a, i)
            return .tensor(try t.transposeInPlace(try b.int("dim0"), try b.int("dim1")))
        }

        // rearranging
        m["unflatten"] = { t, a, i in
            let b = try bind("unflatten", "dim, sizes", a, i)
            return .tensor(try t.unflatten(try b.int("dim"), try b.intList("sizes")))
        }
        m["roll"] = { t, a, i in
            let b = try bind("roll", "shifts, dims=None", a, i)
            return .tensor(try Engine.roll(t, shifts: try b.intList("shifts"), dims: try dimList(b, "dims") ?? []))
        }
        m["tile"] = { t, a, i in .tensor(try Engine.tile(t, try bind("tile", "*dims", a, i).sizes("dims"))) }
        m["repeat_interleave"] = { t, a, i in
            // torch.repeat_interleave(repeats) alone: the indices each repeated repeats[i] times.
            let b = try bind("repeat_interleave", "repeats=None, dim=None, *, output_size=None", a, i)
            let dim = b.isNone("dim") ? nil : try b.int("dim")
            switch b["repeats"] {
            case .none: return .tensor(try repeatInterleaveIndices(t))
            case .tensor(let r): return .tensor(try repeatInterleave(t, repeats: r, dim: dim))
            default: return .tensor(try repeatInterleave(t, repeats: try b.int("repeats"), dim: dim))
            }
        }

        // indexed reads and writes
        for inplace in [false, true] {
            let s = inplace ? "_" : ""
            m["scatter" + s] = { t, a, i in
                let b = try bind("scatter" + s, "dim, index, src=None, *, value=None, reduce=None", a, i)
                let src: Operand
                if !b.isNone("src") { src = try b.operand("src") } else if !b.isNone("value") { src = try b.operand("value") } else {
                    throw PyError(.typeError, "scatter\(s)() missing 1 required positional argument: 'src' or 'value'")
                }
                var add = false
                if case .str(let r) = b["reduce"] {
                    guard r == "add" else { throw PyError(.runtimeError, "nnrepl supports scatter reduce='add' only (got '\(r)')") }
                    add = true
                }
                let d = try b.int("dim"), idx = try b.tensor("index")
                let f: (Tensor) throws -> Tensor = { try Engine.scatter($0, dim: d, index: idx, src: src, add: add, reduce: add) }
                return .tensor(inplace ? try inPlace(t, f) : try f(t))
            }
            m["scatter_add" + s] = { t, a, i in
                let b = try bind("scatter_add" + s, "dim, index, src", a, i)
                let d = try b.int("dim"), idx = try b.tensor("index"), src = try b.tensor("src")
                let f: (Tensor) throws -> Tensor = { try Engine.scatter($0, dim: d, index: idx, src: .tensor(src), add: true) }
                return .tensor(inplace ? try inPlace(t, f) : try f(t))
            }
            m["index_add" + s] = { t, a, i in
                let b = try bind("index_add" + s, "dim, index, source, *, alpha=1", a, i)
                let d = try b.int("dim"), idx = try b.tensor("index"), src = try b.tensor("source"), al = try b.double("alpha")
                let f: (Tensor) throws -> Tensor = { try indexAdd($0, dim: d, index: idx, source: src, alpha: al) }
                return .tensor(inplace ? try inPlace(t, f) : try f(t))
            }
            m["index_copy" + s] = { t, a, i in
                let b = try bind("index_copy" + s, "dim, index, source", a, i)
                let d = try b.int("dim"), idx = try b.tensor("index"), src = try b.tensor("source")
                let f: (Tensor) throws -> Tensor = { try indexCopy($0, dim: d, index: idx, source: src) }
                return .tensor(inplace ? try inPlace(t, f) : try f(t))
            }
            m["index_fill" + s] = { t, a, i in
                let b = try bind("index_fill" + s, "dim, index, value", a, i)
                let d = try b.int("dim"), idx = try b.tensor("index"), v = try b.scalar("value")
                let f: (Tensor) throws -> Tensor = { try indexFill($0, dim: d, index: idx, value: v) }
                return .tensor(inplace ? try inPlace(t, f) : try f(t))
            }
        }
        m["masked_select"] = { t, a, i in .tensor(try maskedSelect(t, try bind("masked_select", "mask", a, i).tensor("mask"))) }
        m["take"] = { t, a, i in .tensor(try Engine.take(t, try bind("take", "index", a, i).tensor("index"))) }
        m["take_along_dim"] = { t, a, i in
            let b = try bind("take_along_dim", "indices, dim=None", a, i)
            return .tensor(try takeAlongDim(t, try b.tensor("indices"), dim: try b.optionalInt("dim")))
        }

        // autograd
        m["backward"] = { t, a, i in
            let b = try bind("backward", "gradient=None, retain_graph=None, create_graph=False, inputs=None", a, i)
            let inputs = b.isNone("inputs") ? nil : try i.tensorsArgument(b["inputs"], "inputs")
            if try b.bool("create_graph") { i.warnBackwardCreateGraph() }
            try Autograd.backward([t], gradients: [try b.optionalTensor("gradient")], retainGraph: b.isNone("retain_graph") ? nil : try b.bool("retain_graph"),
                                  createGraph: try b.bool("create_graph"), inputs: inputs)
            return .none
        }

        // random
        m["bernoulli"] = { t, a, i in
            let b = try bind("bernoulli", "p=None, *, generator=None", a, i)
            return .tensor(try Engine.bernoulli(t, p: try b.optionalDouble("p")))
        }
        m["multinomial"] = { t, a, i in
            let b = try bind("multinomial", "num_samples, replacement=False, *, generator=None", a, i)
            return .tensor(try Engine.multinomial(t, numSamples: try b.int("num_samples"), replacement: try b.bool("replacement")))
        }
        m["exponential_"] = { t, a, i in
            let b = try bind("exponential_", "lambd=1.0, *, generator=None", a, i)
            try fillExponential(t, lambda: try b.double("lambd"))
            return .tensor(t)
        }
        m["bernoulli_"] = { t, a, i in
            let b = try bind("bernoulli_", "p=0.5, *, generator=None", a, i)
            if case .tensor(let p) = b["p"] { return .tensor(try t.bernoulliFill(probabilities: p)) }
            return .tensor(try t.bernoulliFill(try b.double("p")))
        }
        constructionMethods(&m)
        return m
    }
}
