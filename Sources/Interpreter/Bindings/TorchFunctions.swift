import Engine
import NN

/// The `torch` module: factories, math, grad mode, printing options, seeds.
extension Interpreter {
    func makeTorchModule() -> NamespaceObject {
        let ns = NamespaceObject("torch")
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            let signature = LazySignature(name, sig)
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                let s = signature.signature
                let b = try s.bind(a, self, numpyAliases: true)
                // Factories make data on `device=` (or the default device): only the CPU works.
                if s.params.contains(where: { $0.name == "device" }) {
                    if b.isNone("device") { try self.requireCPU(self.defaultDevice) } else { try self.requireCPUArguments([b["device"]]) }
                }
                do {
                    let result = try body(b)
                    // `requires_grad=True` makes every factory's result a leaf that requires grad.
                    if case .tensor(let t) = result, s.params.contains(where: { $0.name == "requires_grad" }),
                       try b.bool("requires_grad"), !t.requiresGrad {
                        try t.setRequiresGrad(true, source: .factory)
                    }
                    return result
                } catch let e as TorchError { throw PyError(e) }
            })
            if case .builtin(let f)? = ns.members[name] { f.signature = sig } // shell keyword completion
        }
        /// `torch.f(input, ...)` that is `input.f(...)`.
        func delegate(_ name: String, as method: String? = nil) {
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                var rest = a
                // `out=`: the result is written into the given tensor, which is returned.
                var out: Tensor? = nil
                if let i = rest.keywords.firstIndex(where: { $0.0 == "out" }) {
                    let v = rest.keywords.remove(at: i).1
                    if case .tensor(let t) = v { out = t } else if !v.isNone {
                        throw PyError(.typeError, "\(name)(): argument 'out' must be Tensor, not \(self.typeName(v))")
                    }
                }
                let input: Value
                if !rest.positional.isEmpty { input = rest.positional.removeFirst() } else if let i = rest.keywords.firstIndex(where: { $0.0 == "input" }) {
                    input = rest.keywords.remove(at: i).1
                } else {
                    throw PyError(.typeError, "\(name)() missing 1 required positional arguments: \"input\"")
                }
                guard case .tensor(let t) = input else {
                    throw PyError(.typeError, "\(name)(): argument 'input' (position 1) must be Tensor, not \(self.typeName(input))")
                }
                guard let m = TensorMethodTable.methods[method ?? name] else { throw PyError(.attributeError, "module 'torch' has no attribute '\(name)'") }
                do {
                    let r = try m(t, rest, self)
                    guard let out, case .tensor(let result) = r else { return r }
                    try self.writeOut(result, into: out, name)
                    return .tensor(out)
                } catch let e as TorchError { throw PyError(e) }
            })
        }
        for name in ["sum", "mean", "max", "min", "argmax", "argmin", "std", "var", "prod", "norm", "exp", "log", "log1p", "sqrt",
                     "abs", "neg", "sin", "cos", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "clamp", "clip",
                     "flatten", "reshape", "squeeze", "unsqueeze", "transpose", "permute", "t", "numel", "matmul", "mm",
                     "bmm", "dot", "mv", "pow", "add", "sub", "mul", "div", "eq", "ne", "lt", "le", "gt", "ge", "all", "any",
                     "split", "chunk", "unbind", "clone", "detach", "square", "reciprocal", "narrow", "select",
                     "index_select", "masked_fill", "equal", "round", "floor", "ceil", "trunc", "sign", "frac", "gather", "sort", "argsort", "topk", "flip", "cumsum", "nonzero",
                     "scatter", "scatter_add", "floor_divide", "remainder", "bincount", "diag", "trace", "unique", "erfinv", "det", "inverse"] {
            delegate(name)
        }
        // torch.pow(2, t): a number base with a tensor exponent (PowBackward2), as `2 ** t`.
        if case .builtin(let tensorPow)? = ns.members["pow"] {
            ns.members["pow"] = .builtin(BuiltinFunction("pow") { [unowned self] a, i in
                if let base = a.positional.first, let s = self.scalarOperand(base), a.positional.count == 2, a.keywords.isEmpty,
                   case .tensor(let exponent) = a.positional[1] {
                    do { return .tensor(try Engine.pow(.scalar(s), .tensor(exponent))) } catch let e as TorchError { throw PyError(e) }
                }
                return try tensorPow.body(a, i)
            })
        }
        delegate("relu_")
        for name in ["isnan", "isinf", "isfinite", "isposinf", "isneginf"] { delegate(name) }
        delegate("absolute", as: "abs")
        delegate("multiply", as: "mul")
        delegate("divide", as: "div")
        delegate("subtract", as: "sub")

        // creation
        def("tensor", "data, *, dtype=None, device=None, requires_grad=False, pin_memory=False") { [unowned self] b in
            if case .tensor(let t) = b["data"] {
                self.warn(category: "UserWarning", message: "To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach() or sourceTensor.clone().detach().requires_grad_(True), rather than torch.tensor(sourceTensor).")
                let c = try t.contiguousCopy(dtype: try b.dtype("dtype") ?? t.dtype)
                if try b.bool("requires_grad") { try c.setRequiresGrad(true, source: .factory) }
                return .tensor(c)
            }
            let requested = try b.dtype("dtype")
            let t = try self.tensorFromNested(b["data"], dtype: requested, checked: requested != nil)
            if try b.bool("requires_grad") { try t.setRequiresGrad(true, source: .factory) }
            return .tensor(t)
        }
        // as_tensor shares a tensor's data when it can (same dtype) and never warns.
        def("as_tensor", "data, *, dtype=None, device=None") { [unowned self] b in
            if case .tensor(let t) = b["data"] {
                guard let dtype = try b.dtype("dtype"), dtype != t.dtype else { return .tensor(t) }
                return .tensor(try t.to(dtype))
            }
            return .tensor(try self.tensorFromNested(b["data"], dtype: try b.dtype("dtype")))
        }
        func factory(_ name: String, fill: Double?) {
            def(name, "*size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False") { b in
                let shape = try b.sizes("size")
                // torch.zeros checks sizes itself, with its own message.
                if name == "zeros", shape.contains(where: { $0 < 0 }) { throw PyError(.runtimeError, "zeros: Dimension size must be non-negative.") }
                let dtype = try b.dtype("dtype") ?? DType.defaultFloat
                let t = fill.map { try? Tensor.full(shape, $0, dtype: dtype) } ?? (try? Tensor.zeros(shape, dtype: dtype))
                guard let t else { return .tensor(try Tensor.zeros(shape, dtype: dtype)) }
                if try b.bool("requires_grad") { try t.setRequiresGrad(true, source: .factory) }
                return .tensor(t)
            }
        }
        factory("zeros", fill: 0)
        factory("ones", fill: 1)
        factory("empty", fill: 0)
        def("full", "size, fill_value, *, dtype=None, device=None, requires_grad=False") { b in
            let v = try b.scalar("fill_value")
            let dt = try b.dtype("dtype") ?? v.dtype
            try v.checkFits(dt)
            let t = try Tensor.full(try b.intList("size"), v, dtype: dt)
            if try b.bool("requires_grad") { try t.setRequiresGrad(true, source: .factory) }
            return .tensor(t)
        }
        for (name, fill) in [("zeros_like", 0), ("ones_like", 1), ("empty_like", 0)] as [(String, Int64)] {
            def(name, "input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None") { [unowned self] b in
                let src = try b.tensor("input")
                try self.checkMemoryFormat(b["memory_format"], op: name, rank: src.ndim)
                let t = try Tensor.full(src.shape, .int(fill), dtype: try b.dtype("dtype") ?? src.dtype)
                if try b.bool("requires_grad") { try t.setRequiresGrad(true, source: .factory) }
                return .tensor(t)
            }
        }
        def("full_like", "input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None") { [unowned self] b in
            let src = try b.tensor("input")
            try self.checkMemoryFormat(b["memory_format"], op: "full_like", rank: src.ndim)
            let v = try b.scalar("fill_value"), dt = try b.dtype("dtype") ?? src.dtype
            try v.checkFits(dt)
            let t = try Tensor.full(src.shape, v, dtype: dt)
            if try b.bool("requires_grad") { try t.setRequiresGrad(true, source: .factory) }
            return .tensor(t)
        }
        for (name, normal) in [("rand_like", false), ("randn_like", true)] {
            def(name, "input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None") { [unowned self] b in
                let src = try b.tensor("input")
                try self.checkMemoryFormat(b["memory_format"], op: name, rank: src.ndim)
                let dt = try b.dtype("dtype") ?? src.dtype
                let t = normal ? try Tensor.randn(src.shape, dtype: dt) : try Tensor.rand(src.shape, dtype: dt)
                if try b.bool("requires_grad") { try t.setRequiresGrad(true, source: .factory) }
                return .tensor(t)
            }
        }
        def("arange", "start, end=None, step=1, *, dtype=None, device=None, requires_grad=False") { b in
            var start = try b.scalar("start"), end: Scalar
            if b.isNone("end") { end = start; start = .int(0) } else { end = try b.scalar("end") }
            let t = try Tensor.arange(start: start, end: end, step: try b.scalar("step"), dtype: try b.dtype("dtype"))
            if try b.bool("requires_grad") { try t.setRequiresGrad(true, source: .factory) }
            return .tensor(t)
        }
        def("linspace", "start, end, steps, *, dtype=None, device=None, requires_grad=False") { b in
            let t = try Tensor.linspace(try b.double("start"), try b.double("end"), steps: try b.int("steps"), dtype: try b.dtype("dtype") ?? DType.defaultFloat)
            if try b.bool("requires_grad") { try t.setRequiresGrad(true, source: .factory) }
            return .tensor(t)
        }
        def("eye", "n, m=None, *, dtype=None, device=None, requires_grad=False") { b in
            let t = try Tensor.eye(try b.int("n"), try b.optionalInt("m"), dtype: try b.dtype("dtype") ?? DType.defaultFloat)
            if try b.bool("requires_grad") { try t.setRequiresGrad(true, source: .factory) }
            return .tensor(t)
        }
        for (name, normal) in [("rand", false), ("randn", true)] {
            def(name, "*size, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False") { [unowned self] b in
                let shape = try b.sizes("size")
                let out = b.isNone("out") ? nil : try b.tensor("out")
                let dt = try b.dtype("dtype") ?? out?.dtype ?? DType.defaultFloat
                let g = try self.generatorArgument(b["generator"]) ?? .global
                let t = normal ? try Tensor.randn(shape, dtype: dt, generator: g) : try Tensor.rand(shape, dtype: dt, generator: g)
                // rand_out: the out tensor is resized (silently, as resize_) and filled with the draws.
                if let out {
                    if out.shape != shape { try out.setData(try Tensor.zeros(shape, dtype: out.dtype)) }
                    _ = try GradMode.with(false) { try out.copyFrom(t) }
                    return .tensor(out)
                }
                if try b.bool("requires_grad") { try t.setRequiresGrad(true, source: .factory) }
                return .tensor(t)
            }
        }
        ns.members["randint"] = .builtin(BuiltinFunction("randint") { [unowned self] a, _ in
            // randint(high, size) or randint(low, high, size)
            var pos = a.positional
            var size: Value? = a.keyword("size")
            if size == nil, let last = pos.last, case .tuple = last { size = last; pos.removeLast() }
            if size == nil, let last = pos.last, case .list = last { size = last; pos.removeLast() }
            if size == nil, let last = pos.last, case .object(is SizeObject) = last { size = last; pos.removeLast() }
            if let h = a.keyword("high") { pos.append(h) }
            guard let size else { throw PyError(.typeError, "randint() received an invalid combination of arguments - missing \"size\"") }
            let bounds = try pos.map { try self.intValue($0) }
            let (low, high) = bounds.count == 1 ? (0, bounds[0]) : bounds.count == 2 ? (bounds[0], bounds[1]) : (0, 0)
            guard bounds.count == 1 || bounds.count == 2 else { throw PyError(.typeError, "randint() takes 2 or 3 positional arguments") }
            var dtype = DType.int64
            if let d = a.keyword("dtype"), !d.isNone {
                guard case .object(let o as DTypeObject) = d else { throw PyError(.typeError, "randint(): argument 'dtype' must be torch.dtype, not \(self.typeName(d))") }
                dtype = o.dtype
            }
            do {
                let t = try Tensor.randint(low: Int64(low), high: Int64(high), shape: try self.intList(size, function: "randint", argument: "size"), dtype: dtype, generator: try self.generatorArgument(a.keyword("generator") ?? .none) ?? .global)
                if let r = a.keyword("requires_grad"), try self.truthy(r) { try t.setRequiresGrad(true, source: .factory) }
                return .tensor(t)
            } catch let e as TorchError { throw PyError(e) }
        })
        def("randperm", "n, *, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False") { [unowned self] b in
            .tensor(try Tensor.randperm(try b.int("n"), dtype: try b.dtype("dtype") ?? .int64, generator: try self.generatorArgument(b["generator"]) ?? .global))
        }
        // torch.Generator(device='cpu'): a generator of its own, seeded as PyTorch seeds a new one.
        let generatorType = BuiltinType("Generator", test: { if case .object(is GeneratorObject) = $0 { return true }; return false }) { [unowned self] a, _ in
            let b = try Signature.of("Generator", "device='cpu'").bind(a, self)
            if let d = try self.deviceValue(b["device"]) { try self.requireCPU(d) }
            return .object(GeneratorObject(Generator()))
        }
        generatorType.qualifiedName = "torch._C.Generator"
        nativeTypes["torch._C.Generator"] = generatorType
        ns.members["Generator"] = .object(generatorType)
        def("manual_seed", "seed") { [unowned self] b in
            Generator.global.manualSeed(try seedValue(b["seed"], self))
            return .object(self.globalGeneratorObject)
        }
        def("initial_seed", "") { _ in .int(Int(bitPattern: UInt(Generator.global.initialSeed))) }
        def("seed", "") { _ in .int(Int(bitPattern: UInt(Generator.global.seedRandomly()))) }
        ns.members["default_generator"] = .object(globalGeneratorObject)

        // joining, selection
        def("cat", "tensors, dim=0") { [unowned self] b in .tensor(try cat(try self.tensorList(b["tensors"], "cat"), dim: try b.int("dim"))) }
        ns.members["concat"] = ns.members["cat"]
        ns.members["concatenate"] = ns.members["cat"]
        def("stack", "tensors, dim=0") { [unowned self] b in .tensor(try stack(try self.tensorList(b["tensors"], "stack"), dim: try b.int("dim"))) }
        def("where", "condition, input=None, other=None") { b in
            if b.isNone("input") {
                // torch.where(condition) is torch.nonzero(condition, as_tuple=True)
                let mask = try b.tensor("condition").to(.bool)
                return .tuple(try nonzeroCoordinates(mask.ndim == 0 ? try mask.reshape([1]) : mask).map { .tensor($0) })
            }
            return .tensor(try whereSelect(try b.tensor("condition"), try b.operand("input"), try b.operand("other")))
        }
        def("maximum", "input, other") { b in .tensor(try maximum(try b.tensor("input"), try b.tensor("other"), isMax: true)) }
        def("minimum", "input, other") { b in .tensor(try maximum(try b.tensor("input"), try b.tensor("other"), isMax: false)) }
        def("addmm", "input, mat1, mat2, *, beta=1, alpha=1") { b in
            .tensor(try addmm(try b.tensor("input"), try b.tensor("mat1"), try b.tensor("mat2"), beta: try b.scalar("beta"), alpha: try b.scalar("alpha")))
        }
        def("is_tensor", "obj") { b in if case .tensor = b["obj"] { return .true }; return .false }
        def("is_floating_point", "input") { b in .bool(try b.tensor("input").dtype.isFloatingPoint) }
        def("allclose", "input, other, rtol=1e-05, atol=1e-08, equal_nan=False") { b in
            let xt = try b.tensor("input"), yt = try b.tensor("other")
            guard xt.dtype == yt.dtype else { throw PyError(.runtimeError, "\(xt.dtype.scalarName) did not match \(yt.dtype.scalarName)") }
            let x = xt.doubleValues(), y = yt.doubleValues()
            let rtol = try b.double("rtol"), atol = try b.double("atol")
            guard x.count == y.count else { throw PyError(.runtimeError, "The size of tensor a (\(x.count)) must match the size of tensor b (\(y.count))") }
            return .bool(zip(x, y).allSatisfy { Swift.abs(Double($0) - Double($1)) <= atol + rtol * Swift.abs(Double($1)) })
        }
        def("numel", "input") { b in .int(try b.tensor("input").numel) }

        // grad mode
        ns.members["no_grad"] = .object(BuiltinType("no_grad", test: { _ in false }) { _, _ in .object(GradModeContext(enabled: false, displayName: "no_grad")) })
        ns.members["enable_grad"] = .object(BuiltinType("enable_grad", test: { _ in false }) { _, _ in .object(GradModeContext(enabled: true, displayName: "enable_grad")) })
        def("set_grad_enabled", "mode") { b in
            let mode = try b.bool("mode")
            let before = GradMode.isEnabled
            GradMode.isEnabled = mode
            return .object(GradModeContext(enabled: mode, displayName: "set_grad_enabled", modeBeforeCall: before))
        }
        def("is_grad_enabled", "") { _ in .bool(GradMode.isEnabled) }
        // inference_mode runs as no_grad does: results never require grad. (PyTorch also marks
        // them inference tensors, refused later by autograd; nnrepl does not: docs/language.md.)
        let inferenceSignature = LazySignature("inference_mode", "mode=True")
        ns.members["inference_mode"] = .object(BuiltinType("inference_mode", test: { _ in false }) { args, interp in
            if args.keywords.isEmpty, args.positional.count == 1, case .function = args.positional[0] {
                // `@torch.inference_mode` without parentheses decorates the function directly.
                return try GradModeContext(enabled: false, displayName: "inference_mode", inference: true).call(args, interp)
            }
            let mode = try inferenceSignature.bind(args, interp).bool("mode")
            return .object(GradModeContext(enabled: !mode, displayName: "inference_mode", inference: mode))
        })
        def("is_inference_mode_enabled", "") { _ in .bool(GradMode.inferenceDepth > 0) }
        def("set_num_threads", "int") { b in
            let n = try b.int("int")
            guard n > 0 else { throw PyError(.runtimeError, "set_num_threads expects a positive integer") }
            ComputeThreads.set(n)
            return .none
        }
        def("get_num_threads", "") { _ in .int(ComputeThreads.numericCount) }
        def("set_printoptions", "precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None") { b in
            var o = PrintOptions.current
            if !b.isNone("profile") {
                let p = try b.string("profile")
                switch p {
                case "default": o = PrintOptions()
                case "short": o = PrintOptions(); o.precision = 2; o.threshold = 1000; o.edgeitems = 2
                case "full": o = PrintOptions(); o.threshold = Int.max
                default: break
                }
            }
            if let v = try b.optionalInt("precision") { o.precision = v }
            if let v = try b.optionalInt("threshold") { o.threshold = v }
            if let v = try b.optionalInt("edgeitems") { o.edgeitems = v }
            if let v = try b.optionalInt("linewidth") { o.linewidth = v }
            o.sciMode = b.isNone("sci_mode") ? nil : try b.bool("sci_mode")
            PrintOptions.current = o
            return .none
        }
        installSaveLoad(ns)

        // types and objects
        addDTypeBindings(to: ns)
        let sizeType = BuiltinType("Size", test: { if case .object(is SizeObject) = $0 { return true }; return false }) { [unowned self] a, _ in
            .object(try self.makeSize(try a.positional.first.map { try self.collect($0, range: nil) } ?? []))
        }
        sizeType.qualifiedName = "torch.Size"
        nativeTypes["torch.Size"] = sizeType
        ns.members["Size"] = .object(sizeType)
        installDevices(ns)
        ns.members["__config__"] = .object(NamespaceObject("torch.__config__", [
            "show": .builtin(BuiltinFunction("show") { _, _ in .str(NumericsInfo.configText) }),
        ]))
        if case .object(let backends as NamespaceObject)? = ns.members["backends"] {
            backends.members["cpu"] = .object(NamespaceObject("torch.backends.cpu", [
                "get_cpu_capability": .builtin(BuiltinFunction("get_cpu_capability") { _, _ in .str(NumericsInfo.cpuCapability) }),
            ]))
        }
        ns.members["__version__"] = .str("2.15.0+nnrepl")
        ns.members["pi"] = .float(Double.pi)
        ns.members["e"] = .float(2.718281828459045)
        ns.members["newaxis"] = Value.none
        ns.members["inf"] = .float(.infinity)
        ns.members["nan"] = .float(.nan)
        installMemoryFormats(ns)
        addSurfaceTorchFunctions(ns)
        // submodules reachable as attributes (torch.nn.Linear without importing torch.nn)
        for sub in ["nn", "optim", "utils", "autograd"] {
            if let m = try? importModule("torch." + sub, range: nil) { ns.members[sub] = m }
        }
        return ns
    }

    /// Writes a result into an `out=` tensor: resized (with PyTorch's warning when it held
    /// elements of another shape), then filled; autograd does not record it.
    func writeOut(_ result: Tensor, into out: Tensor, _ name: String) throws {
        if result.requiresGrad && GradMode.isEnabled {
            throw PyError(.runtimeError, "\(name)(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.")
        }
        if out.shape != result.shape {
            if out.numel != 0 {
                warn(category: "UserWarning", message: "An output with one or more elements was resized since it had shape \(shapeList(out.shape)), which does not match the required output shape \(shapeList(result.shape)). This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless they have zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0). (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Resize.cpp:38.)")
            }
            try out.setData(try Tensor.zeros(result.shape, dtype: out.dtype))
        }
        _ = try GradMode.with(false) { try out.copyFrom(result) }
    }

    /// A list/tuple of tensors argument.
    func tensorList(_ v: Value, _ function: String) throws -> [Tensor] {
        let items: [Value]
        switch v {
        case .list(let l): items = l.items
        case .tuple(let t): items = t
        default: throw PyError(.typeError, "\(function)(): argument 'tensors' (position 1) must be tuple of Tensors, not \(typeName(v))")
        }
        return try items.enumerated().map { i, x in
            guard case .tensor(let t) = x else {
                throw PyError(.typeError, "expected Tensor as element \(i) in argument 0, but got \(typeName(x))")
            }
            return t
        }
    }
}
