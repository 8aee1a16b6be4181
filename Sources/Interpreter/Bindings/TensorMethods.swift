import Engine
import NN
import Foundation

/// `tensor.attr` and `tensor.method(...)`: the Tensor API learners use.
extension Interpreter {
    func tensorAttribute(_ t: Tensor, _ name: String) throws -> Value? {
        switch name {
        case "shape": return .object(SizeObject(t.shape))
        case "dtype": return .object(DTypeObject.of(t.dtype))
        case "device": return .object(DeviceObject.cpu)
        case "grad":
            if !t.isLeaf && !t.retainsGrad {
                warn(category: "UserWarning", message: "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information. (Triggered internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:488.)")
            }
            return t.grad.map { .tensor($0) } ?? Value.none
        case "grad_fn": return t.gradFn.map { .object(NodeObject.wrap($0.shownAs ?? $0)) } ?? Value.none
        case "requires_grad": return .bool(t.requiresGrad)
        case "is_leaf": return .bool(t.isLeaf)
        case "data": return .tensor(t.data)
        case "T":
            // PyTorch's TORCH_WARN_ONCE: each of these appears once per process.
            if t.ndim == 0 {
                warnOnce(category: "UserWarning", message: "Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4313.)")
            } else if t.ndim != 2 {
                warnOnce(category: "UserWarning", message: "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4306.)")
            }
            return .tensor(try t.permute(Array((0..<t.ndim).reversed())))
        case "mT":
            return .tensor(try t.transpose(-2, -1))
        case "ndim": return .int(t.ndim)
        case "is_cuda": return .false
        case "layout": return .str("torch.strided")
        case "itemsize": return .int(t.dtype.itemSize)
        case "nbytes": return .int(t.numel * t.dtype.itemSize)
        case "retains_grad": return .bool(t.retainsGrad)
        default: break
        }
        guard let method = TensorMethodTable.methods[name] else { return nil }
        return .builtin(BuiltinFunction(name) { [unowned self] a, _ in
            do { return try method(t, a, self) } catch let e as TorchError { throw PyError(e) }
        })
    }

    func setTensorAttribute(_ t: Tensor, _ name: String, _ value: Value) throws {
        do {
            switch name {
            case "requires_grad":
                guard case .bool(let b) = value else { throw PyError(.typeError, "requires_grad must be a bool") }
                try t.setRequiresGrad(b)
            case "grad":
                switch value {
                case .none: t.grad = nil
                case .tensor(let g):
                    guard g.shape == t.shape else { throw PyError(.runtimeError, "assigned grad has data of a different size") }
                    t.grad = g
                default: throw PyError(.typeError, "assigned grad expected to be a Tensor or None but got grad of type \(typeName(value))")
                }
            case "data":
                guard case .tensor(let d) = value else { throw PyError(.typeError, "Variable data has to be a tensor, but got \(typeName(value))") }
                try t.setData(d)
            default:
                if tensorAttributeNames.contains(name) { throw PyError(.attributeError, "attribute '\(name)' of 'torch._C.TensorBase' objects is not writable") }
                throw PyError(.attributeError, "'Tensor' object has no attribute '\(name)'")
            }
        } catch let e as TorchError { throw PyError(e) }
    }

    var tensorAttributeNames: [String] {
        ["shape", "dtype", "device", "grad", "grad_fn", "requires_grad", "is_leaf", "data", "T", "ndim", "is_cuda"] + TensorMethodTable.methods.keys
    }

    /// `torch.tensor(data)`: nested lists/tuples of numbers (or 0-d tensors) to a tensor. Without
    /// `dtype` the type is inferred as PyTorch infers it: Python floats count as the default
    /// dtype, ints as int64, bools as bool, 0-d tensors as their own dtype, all promoted together.
    /// `checked`: a number that does not fit an integer dtype is PyTorch's overflow error
    /// (`torch.tensor(data, dtype=)`, legacy constructors) instead of wrapping.
    func tensorFromNested(_ v: Value, dtype requested: DType?, checked: Bool = false) throws -> Tensor {
        var shape: [Int] = []
        var flat: [Scalar] = []
        var inferred: DType?
        func saw(_ d: DType) { inferred = inferred.map { DType.promote($0, d) } ?? d }
        func walk(_ v: Value, _ depth: Int) throws {
            switch v {
            case .list, .tuple, .object(is SizeObject), .object(is RangeObject):
                let items = (try collect(v, range: nil))
                if depth == shape.count { shape.append(items.count) } else if depth > shape.count || shape[depth] != items.count {
                    throw PyError(.valueError, "expected sequence of length \(depth < shape.count ? shape[depth] : 0) at dim \(depth) (got \(items.count))")
                }
                for i in items { try walk(i, depth + 1) }
            case .tensor(let t):
                if t.ndim == 0 {
                    if depth != shape.count { throw PyError(.valueError, "expected sequence of length \(shape[depth]) at dim \(depth) (got 0)") }
                    saw(t.dtype)
                    flat.append(t.scalar(atFlat: 0))
                } else {
                    throw PyError(.valueError, "only one element tensors can be converted to Python scalars")
                }
            case .object(let a as NDArray):
                // An array inside a list is a sequence of its rows, as PyTorch reads it (with the
                // array's dtype); a 0-d array has no length (the loss values a course collected
                // with `loss.detach().numpy()` and then passed to torch.tensor).
                guard a.ndim > 0 else { throw PyError(.typeError, "len() of unsized object") }
                let rows = try (0..<a.shape[0]).map { try a.pyGetItem(.int($0), self) }
                if depth == shape.count { shape.append(rows.count) } else if depth > shape.count || shape[depth] != rows.count {
                    throw PyError(.valueError, "expected sequence of length \(depth < shape.count ? shape[depth] : 0) at dim \(depth) (got \(rows.count))")
                }
                for r in rows { try walk(r, depth + 1) }
            case .object(let s as NumpyScalar):
                // numpy scalars count as 0-d tensors of their dtype (np.float64 makes float64).
                if depth != shape.count && !(depth == 0 && shape.isEmpty) { throw PyError(.typeError, "not a sequence") }
                saw(torchDType(of: s.dtype) ?? DType.defaultFloat)
                switch s.value {
                case .bool(let b): flat.append(.bool(b))
                case .int(let i): flat.append(.int(i))
                case .float(let d): flat.append(.float(d))
                }
            case .int(let i):
                if depth != shape.count && !(depth == 0 && shape.isEmpty) { throw PyError(.typeError, "not a sequence") }
                saw(.int64)
                flat.append(.int(Int64(i)))
            case .bool(let b):
                if depth != shape.count && !(depth == 0 && shape.isEmpty) { throw PyError(.typeError, "not a sequence") }
                saw(.bool)
                flat.append(.bool(b))
            case .float(let d):
                if depth != shape.count { throw PyError(.typeError, "not a sequence") }
                saw(DType.defaultFloat)
                flat.append(.float(d))
            default:
                throw PyError(.typeError, "new(): invalid data type '\(typeName(v))'")
            }
        }
        try walk(v, 0)
        if let first = (try? collect(v, range: nil))?.first, case .object(is NDArray) = first {
            warnOnce(category: "UserWarning", message: "Creating a tensor from a list of numpy.ndarrays is extremely slow. Please consider converting the list to a single numpy.ndarray with numpy.array() before converting to a tensor. (Triggered internally at /__w/pytorch/pytorch/torch/csrc/utils/tensor_new.cpp:249.)")
        }
        let dtype = requested ?? inferred ?? DType.defaultFloat
        if checked { for s in flat { try s.checkFitsTensorData(dtype) } }
        return try Tensor(scalars: flat, shape: shape, dtype: dtype)
    }

    /// One element as a Python number (`item()`, `tolist()`).
    func pythonNumber(_ s: Scalar) -> Value {
        switch s {
        case .int(let i): return .int(Int(i))
        case .float(let d): return .float(d)
        case .bool(let b): return .bool(b)
        }
    }

    /// `tensor.tolist()`.
    func tensorToList(_ t: Tensor) -> Value {
        func element(_ flat: Int) -> Value { pythonNumber(t.scalar(atFlat: flat)) }
        if t.ndim == 0 { return element(0) }
        var flat = 0
        func build(_ d: Int) -> Value {
            if d == t.ndim - 1 {
                var items: [Value] = []
                for _ in 0..<t.shape[d] { items.append(element(flat)); flat += 1 }
                return .list(PyList(items))
            }
            return .list(PyList((0..<t.shape[d]).map { _ in build(d + 1) }))
        }
        return build(0)
    }

    /// `tensor.item()` as a Python number.
    func tensorItem(_ t: Tensor) throws -> Value {
        guard t.numel == 1 else { throw PyError(.runtimeError, "a Tensor with \(t.numel) elements cannot be converted to Scalar") }
        return pythonNumber(t.scalar(atFlat: 0))
    }
}

/// `torch.return_types.max(values=..., indices=...)`.
final class ReturnTypeObject: NativeObject {
    let name: String
    let fields: [(String, Value)]
    init(_ name: String, _ fields: [(String, Value)]) { self.name = name; self.fields = fields }
    override var typeName: String { name }
    var interpRepr: ((Value) -> String)?
    override func repr() -> String {
        "torch.return_types.\(name)(\n" + fields.map { "\($0.0)=\(interpRepr?($0.1) ?? "?")" }.joined(separator: ",\n") + ")"
    }
    override func length() throws -> Int? { fields.count }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? { AnyIterator(fields.map(\.1).makeIterator()) }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        fields[try interp.sequenceIndex(key, fields.count, "tuple")].1
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? { fields.first { $0.0 == name }?.1 }
}

typealias TensorMethod = (Tensor, Arguments, Interpreter) throws -> Value

/// The tensor methods, by Python name.
enum TensorMethodTable {
    static func bind(_ name: String, _ sig: String, _ a: Arguments, _ i: Interpreter) throws -> BoundArgs {
        try Signature.of(name, sig).bind(a, i, numpyAliases: true)
    }

    static func reductionDims(_ b: BoundArgs, _ name: String = "dim") throws -> [Int]? {
        if b.isNone(name) { return nil }
        return try b.intList(name)
    }

    static func returnTypes(_ i: Interpreter, _ name: String, _ values: Tensor, _ indices: Tensor) -> Value {
        let r = ReturnTypeObject(name, [("values", .tensor(values)), ("indices", .tensor(indices))])
        r.interpRepr = { [unowned i] v in (try? i.repr(v)) ?? "?" }
        return .object(r)
    }

    static func extremum(_ t: Tensor, _ a: Arguments, _ i: Interpreter, isMax: Bool) throws -> Value {
        let name = isMax ? "max" : "min"
        if let first = a.positional.first, case .tensor(let other) = first {
            return .tensor(try maximum(t, other, isMax: isMax))
        }
        let b = try bind(name, "dim=None, keepdim=False", a, i)
        if b.isNone("dim") { return .tensor(try t.extremum(isMax: isMax)) }
        let r = try t.extremum(dim: try b.int("dim"), keepdim: try b.bool("keepdim"), isMax: isMax)
        return returnTypes(i, name, r.values, r.indices)
    }

    static func unary(_ f: @escaping (Tensor) throws -> Tensor) -> TensorMethod {
        { t, a, i in
            guard a.isEmpty else { throw PyError(.typeError, "method takes no arguments") }
            return .tensor(try f(t))
        }
    }

    static func arith(_ name: String, _ op: Tensor.ArithOpName?, inPlace: Bool) -> TensorMethod {
        { t, a, i in
            let b = try bind(name, "other, *, alpha=None", a, i)
            let other = try b.operand("other")
            let alpha = b.isNone("alpha") ? nil : try b.scalar("alpha")
            if inPlace, let op { return .tensor(try t.arithmeticInPlace(op, other, alpha: alpha)) }
            switch op {
            case .add?: return .tensor(try add(.tensor(t), other, alpha: alpha))
            case .sub?: return .tensor(try sub(.tensor(t), other, alpha: alpha))
            case .mul?: return .tensor(try mul(.tensor(t), other))
            case .div?: return .tensor(try div(.tensor(t), other))
            case nil: return .none
            }
        }
    }

    static func comparison(_ name: String, _ kind: CompareKind) -> TensorMethod {
        { t, a, i in
            let b = try bind(name, "other", a, i)
            return .tensor(try compare(kind, .tensor(t), try b.operand("other")))
        }
    }

    static let methods: [String: TensorMethod] = {
        var m: [String: TensorMethod] = [:]
        m["size"] = { t, a, i in
            let b = try bind("size", "dim=None", a, i)
            if b.isNone("dim") { return .object(SizeObject(t.shape)) }
            return .int(try t.size(try b.int("dim")))
        }
        m["dim"] = { t, _, _ in .int(t.ndim) }
        m["ndimension"] = m["dim"]
        m["numel"] = { t, _, _ in .int(t.numel) }
        m["nelement"] = m["numel"]
        m["element_size"] = { t, _, _ in .int(t.dtype.itemSize) }
        m["is_inference"] = { t, _, _ in .bool(t.storage.isInference) }
        m["stride"] = { t, a, i in
            let b = try bind("stride", "dim=None", a, i)
            if b.isNone("dim") { return .tuple(t.strides.map { .int($0) }) }
            return .int(try t.stride(try b.int("dim")))
        }
        m["storage_offset"] = { t, _, _ in .int(t.offset) }
        m["is_contiguous"] = { t, a, i in
            .bool(try i.isContiguous(t, memoryFormat: try bind("is_contiguous", "memory_format=None", a, i)["memory_format"]))
        }
        m["data_ptr"] = { t, _, _ in .int(Int(bitPattern: UInt(bitPattern: t.storage.bytes)) + t.offset * t.dtype.itemSize) }
        m["is_floating_point"] = { t, _, _ in .bool(t.dtype.isFloatingPoint) }
        m["view"] = { t, a, i in
            if a.positional.count == 1, case .object(let d as DTypeObject) = a.positional[0] {
                return .tensor(try t.view(as: d.dtype))
            }
            let b = try bind("view", "*size", a, i)
            if case .tuple(let items) = b["size"], items.isEmpty {
                throw PyError(.typeError, "view() received an invalid combination of arguments - got (), but expected one of:\n * (torch.dtype dtype)\n * (tuple of ints size)\n")
            }
            if case .tuple(let items) = b["size"], items.count == 1, case .str = items[0] {
                throw PyError(.typeError, "view() received an invalid combination of arguments - got (str), but expected one of:\n * (torch.dtype dtype)\n      didn't match because some of the arguments have invalid types: (!str!)\n * (tuple of ints size)\n      didn't match because some of the arguments have invalid types: (!str!)\n")
            }
            return .tensor(try t.view(try b.sizes("size")))
        }
        m["view_as"] = { t, a, i in .tensor(try t.view(try bind("view_as", "other", a, i).tensor("other").shape)) }
        m["reshape"] = { t, a, i in .tensor(try t.reshape(try bind("reshape", "*shape", a, i).sizes("shape"))) }
        m["reshape_as"] = { t, a, i in .tensor(try t.reshape(try bind("reshape_as", "other", a, i).tensor("other").shape)) }
        m["flatten"] = { t, a, i in
            let b = try bind("flatten", "start_dim=0, end_dim=-1", a, i)
            return .tensor(try t.flatten(startDim: try b.int("start_dim"), endDim: try b.int("end_dim")))
        }
        m["squeeze"] = { t, a, i in
            let b = try bind("squeeze", "dim=None", a, i)
            if b.isNone("dim") { return .tensor(try t.squeeze()) }
            let dims = try b.intList("dim")
            var r = t
            for d in dims.map({ $0 < 0 ? $0 + t.ndim : $0 }).sorted(by: >) { r = try r.squeeze(d) }
            return .tensor(r)
        }
        m["unsqueeze"] = { t, a, i in .tensor(try t.unsqueeze(try bind("unsqueeze", "dim", a, i).int("dim"))) }
        m["t"] = unary { try $0.t() }
        m["transpose"] = { t, a, i in
            if a.positional.count == 1 && a.keywords.isEmpty {
                throw PyError(.typeError, "transpose() missing 1 required positional arguments: \"dim1\"")
            }
            let b = try bind("transpose", "dim0, dim1", a, i)
            return .tensor(try t.transpose(try b.int("dim0"), try b.int("dim1")))
        }
        m["permute"] = { t, a, i in .tensor(try t.permute(try bind("permute", "*dims", a, i).sizes("dims"))) }
        m["expand"] = { t, a, i in .tensor(try t.expand(try bind("expand", "*size", a, i).sizes("size"))) }
        m["expand_as"] = { t, a, i in .tensor(try t.expand(try bind("expand_as", "other", a, i).tensor("other").shape)) }
        m["contiguous"] = { t, a, i in
            try i.checkMemoryFormat(try bind("contiguous", "memory_format=None", a, i)["memory_format"], op: "contiguous", rank: t.ndim)
            return .tensor(try t.contiguous())
        }
        m["clone"] = { t, a, i in
            try i.checkMemoryFormat(try bind("clone", "*, memory_format=None", a, i)["memory_format"], op: "clone", rank: t.ndim)
            return .tensor(try t.clone())
        }
        m["detach"] = unary { $0.detach() }
        m["cpu"] = { t, _, _ in .tensor(t) }
        m["cuda"] = { _, _, i in try i.requireCPU(DeviceObject(type: "cuda", index: nil)); return .none }
        m["numpy"] = { t, _, _ in
            if t.requiresGrad { throw PyError(.runtimeError, "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.") }
            throw PyError(.runtimeError, "numpy is not available in nnrepl; use tensor.tolist()")
        }
        m["item"] = { t, a, i in try i.tensorItem(t) }
        m["tolist"] = { t, a, i in i.tensorToList(t) }
        // Conversions: self when the dtype already matches, else a copy (differentiable between
        // floating dtypes).
        for (name, d) in [("float", DType.float32), ("double", .float64), ("half", .float16), ("bfloat16", .bfloat16),
                          ("long", .int64), ("int", .int32), ("short", .int16), ("char", .int8), ("byte", .uint8),
                          ("bool", .bool)] {
            m[name] = { t, a, i in
                _ = try bind(name, "memory_format=None", a, i)
                return .tensor(try t.to(d))
            }
        }
        m["type_as"] = { t, a, i in .tensor(try t.to(try bind("type_as", "other", a, i).tensor("other").dtype)) }
        m["to"] = { t, a, i in
            // to(dtype), to(device, dtype), to(other), to(device=..., dtype=..., copy=...)
            var target: DType? = nil
            var copy = false
            for (k, v) in a.keywords {
                switch k {
                case "dtype": if case .object(let d as DTypeObject) = v { target = d.dtype } else if !v.isNone {
                    throw PyError(.typeError, "to() received an invalid combination of arguments - got (dtype=\(i.typeName(v)))")
                }
                case "copy": copy = try i.truthy(v)
                case "device": if let d = try i.deviceValue(v) { try i.requireCPU(d) }
                case "non_blocking", "memory_format": break
                default: throw PyError(.typeError, "to() got an unexpected keyword argument '\(k)'")
                }
            }
            for v in a.positional {
                switch v {
                case .object(let d as DTypeObject): target = d.dtype
                case .tensor(let other): target = other.dtype
                case .str, .object(is DeviceObject): if let d = try i.deviceValue(v) { try i.requireCPU(d) }
                case .bool(let b): copy = copy || b   // to(dtype, non_blocking, copy) positional flags
                default: break
                }
            }
            let d = target ?? t.dtype
            if copy && d == t.dtype { return .tensor(try t.clone()) }
            return .tensor(try t.to(d))
        }
        m["type"] = { t, a, i in
            let b = try bind("type", "dtype=None, non_blocking=False", a, i)
            if b.isNone("dtype") { return .str(t.dtype.legacyTypeName) }
            guard let d = i.dtypeOrLegacyType(b["dtype"]) else {
                if case .str(let s) = b["dtype"] { throw PyError(.valueError, "invalid type: '\(s)'") }
                throw PyError(.typeError, "type() received an invalid combination of arguments - got (\(i.typeName(b["dtype"])))")
            }
            return .tensor(try t.to(d))
        }
        m["sum"] = { t, a, i in
            let b = try bind("sum", "dim=None, keepdim=False, *, dtype=None", a, i)
            // sum(dtype=) converts the input first, then sums in that dtype (integers too).
            let d = try b.dtype("dtype")
            let x = try d.map { try t.to($0) } ?? t
            let r = try x.sum(dims: try reductionDims(b), keepdim: try b.bool("keepdim"))
            return .tensor(try d.map { try r.to($0) } ?? r)
        }
        m["mean"] = { t, a, i in
            let b = try bind("mean", "dim=None, keepdim=False, *, dtype=None", a, i)
            let x = try b.dtype("dtype").map { try t.to($0) } ?? t
            return .tensor(try x.mean(dims: try reductionDims(b), keepdim: try b.bool("keepdim")))
        }
        m["prod"] = { t, a, i in
            let b = try bind("prod", "dim=None, keepdim=False", a, i)
            return .tensor(try t.prod(dim: try b.optionalInt("dim"), keepdim: try b.bool("keepdim")))
        }
        for (name, isStd) in [("std", true), ("var", false)] {
            m[name] = { t, a, i in
                let b = try bind(name, "dim=None, unbiased=True, keepdim=False, *, correction=None", a, i)
                var corr = try b.bool("unbiased") ? 1 : 0
                if !b.isNone("correction") { corr = try b.int("correction") }
                return .tensor(try t.variance(dims: try reductionDims(b), correction: corr, keepdim: try b.bool("keepdim"), std: isStd))
            }
        }
        m["max"] = { t, a, i in try extremum(t, a, i, isMax: true) }
        m["min"] = { t, a, i in try extremum(t, a, i, isMax: false) }
        m["argmax"] = { t, a, i in
            let b = try bind("argmax", "dim=None, keepdim=False", a, i)
            return .tensor(try t.argExtremum(dim: try b.optionalInt("dim"), keepdim: try b.bool("keepdim"), isMax: true))
        }
        m["argmin"] = { t, a, i in
            let b = try bind("argmin", "dim=None, keepdim=False", a, i)
            return .tensor(try t.argExtremum(dim: try b.optionalInt("dim"), keepdim: try b.bool("keepdim"), isMax: false))
        }
        m["all"] = { t, a, i in
            let b = try bind("all", "dim=None, keepdim=False", a, i)
            let bt = try t.to(.bool)
            if b.isNone("dim") { return .tensor(Tensor(scalar: !bt.floatValues().contains(0))) }
            let r = try logicalNot(try bt.to(.int64), bitwise: false).sum(dims: [try b.int("dim")], keepdim: try b.bool("keepdim"))
            return .tensor(try compare(.eq, .tensor(r), .scalar(.int(0))))
        }
        m["any"] = { t, a, i in
            let b = try bind("any", "dim=None, keepdim=False", a, i)
            let bt = try t.to(.bool)
            if b.isNone("dim") { return .tensor(Tensor(scalar: bt.floatValues().contains(1))) }
            let r = try bt.to(.int64).sum(dims: [try b.int("dim")], keepdim: try b.bool("keepdim"))
            return .tensor(try compare(.gt, .tensor(r), .scalar(.int(0))))
        }
        m["abs"] = unary(Engine.abs)
        m["exp"] = unary(Engine.exp)
        m["log"] = unary(Engine.log)
        m["log1p"] = unary(Engine.log1p)
        m["erfinv"] = unary(Engine.erfinv)
        m["sqrt"] = unary(Engine.sqrt)
        m["neg"] = unary(Engine.neg)
        m["sin"] = unary(Engine.sin)
        m["cos"] = unary(Engine.cos)
        m["relu"] = unary(Engine.relu)
        m["relu_"] = unary(Engine.reluInPlace)
        m["sigmoid"] = unary(Engine.sigmoid)
        m["tanh"] = unary(Engine.tanh)
        m["reciprocal"] = unary(Engine.reciprocal)
        for kind in [RoundingKind.round, .floor, .ceil, .trunc, .sign, .frac] {
            m[kind.rawValue] = { t, a, i in
                if kind == .round, let d = a.positional.first ?? a.keyword("decimals"), !d.isNone, try i.intValue(d) != 0 {
                    let scale = Foundation.pow(10.0, Double(try i.intValue(d)))
                    let scaled = try mul(.tensor(t), .scalar(.float(scale)))
                    return .tensor(try div(.tensor(try rounding(scaled, .round)), .scalar(.float(scale))))
                }
                return .tensor(try rounding(t, kind))
            }
        }
        // In-place forms: computed out of place from a snapshot that keeps the history, then
        // copied back, and shown with the op's own grad_fn name.
        for (name, f) in [("neg_", Engine.neg), ("abs_", Engine.abs), ("exp_", Engine.exp), ("log_", Engine.log), ("log1p_", Engine.log1p),
                          ("sqrt_", Engine.sqrt), ("sigmoid_", Engine.sigmoid), ("tanh_", Engine.tanh),
                          ("sin_", Engine.sin), ("cos_", Engine.cos), ("reciprocal_", Engine.reciprocal), ("erfinv_", Engine.erfinv)] as [(String, (Tensor) throws -> Tensor)] {
            m[name] = { t, a, i in .tensor(try inPlace(t) { try f($0) }) }
        }
        m["pow_"] = { t, a, i in
            let e = try bind("pow_", "exponent", a, i).operand("exponent")
            return .tensor(try inPlace(t) { try Engine.pow(.tensor($0), e) })
        }
        m["where"] = { t, a, i in
            let b = try bind("where", "condition, other", a, i)
            return .tensor(try whereSelect(try b.tensor("condition"), .tensor(t), try b.operand("other")))
        }
        m["gather"] = { t, a, i in
            let b = try bind("gather", "dim, index", a, i)
            return .tensor(try gather(t, dim: try b.int("dim"), index: try b.tensor("index")))
        }
        m["sort"] = { t, a, i in
            let b = try bind("sort", "dim=-1, descending=False, stable=False", a, i)
            let (v, idx) = try sort(t, dim: try b.int("dim"), descending: try b.bool("descending"), stable: try b.bool("stable"))
            return returnTypes(i, "sort", v, idx)
        }
        m["argsort"] = { t, a, i in
            let b = try bind("argsort", "dim=-1, descending=False, stable=False", a, i)
            return .tensor(try GradMode.with(false) {
                try sort(t, dim: try b.int("dim"), descending: try b.bool("descending"), stable: try b.bool("stable")).1
            })
        }
        m["topk"] = { t, a, i in
            let b = try bind("topk", "k, dim=-1, largest=True, sorted=True", a, i)
            let (v, idx) = try topk(t, k: try b.int("k"), dim: try b.int("dim"), largest: try b.bool("largest"), sorted: try b.bool("sorted"))
            return returnTypes(i, "topk", v, idx)
        }
        m["flip"] = { t, a, i in .tensor(try flip(t, dims: try bind("flip", "*dims", a, i).sizes("dims"))) }
        m["repeat"] = { t, a, i in .tensor(try repeatTensor(t, try bind("repeat", "*sizes", a, i).sizes("sizes"))) }
        m["cumsum"] = { t, a, i in .tensor(try cumsum(t, dim: try bind("cumsum", "dim", a, i).int("dim"))) }
        m["bincount"] = { t, a, i in
            let b = try bind("bincount", "weights=None, minlength=0", a, i)
            return .tensor(try bincount(t, weights: try b.optionalTensor("weights"), minlength: try b.int("minlength")))
        }
        m["diag"] = { t, a, i in .tensor(try diag(t, diagonal: try bind("diag", "diagonal=0", a, i).int("diagonal"))) }
        m["trace"] = { t, a, i in _ = try bind("trace", "", a, i); return .tensor(try trace(t)) }
        m["det"] = { t, a, i in _ = try bind("det", "", a, i); return .tensor(try linalgDet(t)) }
        m["inverse"] = { t, a, i in _ = try bind("inverse", "", a, i); return .tensor(try linalgInv(t)) }
        m["unique"] = { t, a, i in
            let b = try bind("unique", "sorted=True, return_inverse=False, return_counts=False, dim=None", a, i)
            guard b.isNone("dim") else { throw PyError(.notImplementedError, "unique(dim=...) is not supported in nnrepl; unique of the flattened tensor is") }
            let (values, inverse, counts) = try unique(t)
            let wantInverse = try b.bool("return_inverse"), wantCounts = try b.bool("return_counts")
            if !wantInverse && !wantCounts { return .tensor(values) }
            return .tuple([.tensor(values)] + (wantInverse ? [.tensor(inverse)] : []) + (wantCounts ? [.tensor(counts)] : []))
        }
        m["nonzero"] = { t, a, i in
            let b = try bind("nonzero", "*, as_tuple=False", a, i)
            let mask = try t.to(.bool)
            let coords = try nonzeroCoordinates(mask.ndim == 0 ? try mask.reshape([1]) : mask)
            if try b.bool("as_tuple") { return .tuple(coords.map { .tensor($0) }) }
            let n = coords.first?.numel ?? 0
            return .tensor(try stack(coords, dim: 1).reshape([n, coords.count]))
        }
        // PyTorch computes square as pow(x, 2): PowBackward0, and bool becomes int64.
        m["square"] = unary { try Engine.pow(.tensor($0), .scalar(.int(2))) }
        m["pow"] = { t, a, i in .tensor(try Engine.pow(.tensor(t), try bind("pow", "exponent", a, i).operand("exponent"))) }
        m["clamp"] = { t, a, i in
            let b = try bind("clamp", "min=None, max=None", a, i)
            return .tensor(try clamp(t, min: try b.optionalScalar("min"), max: try b.optionalScalar("max")))
        }
        m["clip"] = m["clamp"]
        m["clamp_"] = { t, a, i in
            let b = try bind("clamp_", "min=None, max=None", a, i)
            let r = try GradMode.with(false) { try clamp(t, min: try b.optionalScalar("min"), max: try b.optionalScalar("max")) }
            try t.checkInPlace()
            return .tensor(try t.copyFrom(r))
        }
        m["softmax"] = { t, a, i in .tensor(try softmax(t, dim: try bind("softmax", "dim", a, i).int("dim"))) }
        m["log_softmax"] = { t, a, i in .tensor(try logSoftmax(t, dim: try bind("log_softmax", "dim", a, i).int("dim"))) }
        m["add"] = arith("add", .add, inPlace: false)
        m["sub"] = arith("sub", .sub, inPlace: false)
        m["mul"] = arith("mul", .mul, inPlace: false)
        m["div"] = { t, a, i in
            let b = try bind("div", "other, *, rounding_mode=None", a, i)
            return .tensor(try roundedDivision(t, try b.operand("other"), b.isNone("rounding_mode") ? nil : try b.string("rounding_mode"), inPlace: false))
        }
        m["div_"] = { t, a, i in
            let b = try bind("div_", "other, *, rounding_mode=None", a, i)
            return .tensor(try roundedDivision(t, try b.operand("other"), b.isNone("rounding_mode") ? nil : try b.string("rounding_mode"), inPlace: true))
        }
        m["floor_divide"] = { t, a, i in .tensor(try floorDivide(.tensor(t), try bind("floor_divide", "other", a, i).operand("other"))) }
        m["remainder"] = { t, a, i in .tensor(try remainder(.tensor(t), try bind("remainder", "other", a, i).operand("other"))) }
        // scatter / scatter_add and their in-place forms (index int64 or int32; src of self's dtype).
        for (name, add, inPlaceForm) in [("scatter", false, false), ("scatter_", false, true), ("scatter_add", true, false), ("scatter_add_", true, true)] {
            m[name] = { t, a, i in
                let b = try bind(name, add ? "dim, index, src" : "dim, index, src=None, *, value=None, reduce=None", a, i)
                let source: Operand
                if add || !b.isNone("src") { source = try b.operand("src") } else { source = try b.operand("value") }
                if !add && !b.isNone("reduce") { throw PyError(.notImplementedError, "scatter(reduce=) is not supported by nnrepl; use scatter_add") }
                let dim = try b.int("dim"), index = try b.tensor("index")
                if inPlaceForm { return .tensor(try inPlace(t) { try scatter($0, dim: dim, index: index, source: source, add: add) }) }
                return .tensor(try scatter(t, dim: dim, index: index, source: source, add: add))
            }
        }
        m["add_"] = arith("add_", .add, inPlace: true)
        m["sub_"] = arith("sub_", .sub, inPlace: true)
        m["mul_"] = arith("mul_", .mul, inPlace: true)
        m["zero_"] = unary { try $0.zero() }
        m["fill_"] = { t, a, i in .tensor(try t.fill(try bind("fill_", "value", a, i).scalar("value"))) }
        m["copy_"] = { t, a, i in .tensor(try t.copyFrom(try bind("copy_", "src", a, i).tensor("src"))) }
        m["uniform_"] = { t, a, i in
            let b = try bind("uniform_", "a=0, b=1", a, i)
            return .tensor(try t.uniform(try b.double("a"), try b.double("b")))
        }
        m["normal_"] = { t, a, i in
            let b = try bind("normal_", "mean=0, std=1", a, i)
            return .tensor(try t.normal(mean: try b.double("mean"), std: try b.double("std")))
        }
        m["matmul"] = { t, a, i in .tensor(try matmul(t, try bind("matmul", "other", a, i).tensor("other"))) }
        m["mm"] = { t, a, i in .tensor(try mm(t, try bind("mm", "mat2", a, i).tensor("mat2"))) }
        m["bmm"] = { t, a, i in .tensor(try bmm(t, try bind("bmm", "mat2", a, i).tensor("mat2"))) }
        m["dot"] = { t, a, i in .tensor(try dot(t, try bind("dot", "other", a, i).tensor("other"))) }
        m["mv"] = { t, a, i in .tensor(try mv(t, try bind("mv", "vec", a, i).tensor("vec"))) }
        m["eq"] = comparison("eq", .eq)
        m["ne"] = comparison("ne", .ne)
        m["lt"] = comparison("lt", .lt)
        m["le"] = comparison("le", .le)
        m["gt"] = comparison("gt", .gt)
        m["ge"] = comparison("ge", .ge)
        m["equal"] = { t, a, i in
            let o = try bind("equal", "other", a, i).tensor("other")
            guard o.shape == t.shape else { return .false }
            return .bool(t.doubleValues() == o.doubleValues())
        }
        // norm and backward (with create_graph) are in SurfaceMethods.swift.
        m["requires_grad_"] = { t, a, i in
            try t.setRequiresGrad(try bind("requires_grad_", "requires_grad=True", a, i).bool("requires_grad"), source: .method)
            return .tensor(t)
        }
        m["retain_grad"] = { t, _, _ in try t.retainGrad(); return .none }
        m["register_hook"] = { t, a, i in
            let hook = try bind("register_hook", "hook", a, i)["hook"]
            let node = t.gradFn
            let id = try t.registerHook { [unowned i] g in
                let r = try i.call(hook, Arguments([.tensor(g)]))
                if case .tensor(let nt) = r { return nt }
                return nil
            }
            return .object(HookHandle(id: id) { [weak t] in t?.removeHook(id, from: node) })
        }
        m["masked_fill"] = { t, a, i in
            let b = try bind("masked_fill", "mask, value", a, i)
            let mask = try b.tensor("mask")
            guard mask.dtype == .bool else {
                throw PyError(.runtimeError, "masked_fill_ only supports boolean masks, but got mask with dtype \(mask.dtype.cppTypeName)")
            }
            // The result keeps this tensor's dtype: the value is converted (and must fit).
            let value: Tensor
            switch try b.operand("value") {
            case .scalar(let s):
                try s.checkFits(t.dtype)
                value = try Tensor.full([], s, dtype: t.dtype)
            case .tensor(let v): value = try v.to(t.dtype)
            }
            return .tensor(try whereSelect(mask, .tensor(value), .tensor(t)))
        }
        m["masked_fill_"] = { t, a, i in
            let b = try bind("masked_fill_", "mask, value", a, i)
            try indexPut(t, [.tensor(try b.tensor("mask"))], try b.operand("value"))
            return .tensor(t)
        }
        m["split"] = { t, a, i in
            let b = try bind("split", "split_size, dim=0", a, i)
            let parts: [Tensor]
            if case .int(let s) = b["split_size"] { parts = try split(t, sizes: nil, size: s, dim: try b.int("dim")) } else {
                parts = try split(t, sizes: try b.intList("split_size"), size: nil, dim: try b.int("dim"))
            }
            return .tuple(parts.map { .tensor($0) })
        }
        m["chunk"] = { t, a, i in
            let b = try bind("chunk", "chunks, dim=0", a, i)
            return .tuple(try chunk(t, chunks: try b.int("chunks"), dim: try b.int("dim")).map { .tensor($0) })
        }
        m["unbind"] = { t, a, i in
            let d = try bind("unbind", "dim=0", a, i).int("dim")
            let n = try t.size(d)
            return .tuple(try (0..<n).map { k in
                let part = try t.select(d, k)
                part.gradFn?.displayName = "UnbindBackward0"
                return .tensor(part)
            })
        }
        m["select"] = { t, a, i in
            let b = try bind("select", "dim, index", a, i)
            return .tensor(try t.select(try b.int("dim"), try b.int("index")))
        }
        m["narrow"] = { t, a, i in
            let b = try bind("narrow", "dim, start, length", a, i)
            return .tensor(try t.narrow(try b.int("dim"), start: try b.int("start"), length: try b.int("length")))
        }
        m["index_select"] = { t, a, i in
            let b = try bind("index_select", "dim, index", a, i)
            let ix = try b.tensor("index")
            guard ix.dtype == .int64 || ix.dtype == .int32 else {
                throw PyError(.runtimeError, "index_select(): Expected dtype int32 or int64 for index")
            }
            return .tensor(try indexSelect(t, dim: try b.int("dim"), index: ix))
        }
        // new_*: this tensor's dtype unless `dtype=` says otherwise.
        for (name, fill) in [("new_zeros", Int64(0)), ("new_ones", 1), ("new_empty", 0)] {
            m[name] = { t, a, i in
                let b = try bind(name, "*size, dtype=None, device=None, requires_grad=False", a, i)
                let r = try Tensor.full(try b.sizes("size"), .int(fill), dtype: try b.dtype("dtype") ?? t.dtype)
                if try b.bool("requires_grad") { try r.setRequiresGrad(true, source: .factory) }
                return .tensor(r)
            }
        }
        m["new_full"] = { t, a, i in
            let b = try bind("new_full", "size, fill_value, *, dtype=None, device=None, requires_grad=False", a, i)
            let v = try b.scalar("fill_value"), d = try b.dtype("dtype") ?? t.dtype
            try v.checkFits(d)
            let r = try Tensor.full(try b.intList("size"), v, dtype: d)
            if try b.bool("requires_grad") { try r.setRequiresGrad(true, source: .factory) }
            return .tensor(r)
        }
        m["new_tensor"] = { t, a, i in
            let b = try bind("new_tensor", "data, *, dtype=None, device=None, requires_grad=False", a, i)
            let d = try b.dtype("dtype") ?? t.dtype
            let r: Tensor
            if case .tensor(let src) = b["data"] { r = try src.contiguousCopy(dtype: d) } else {
                r = try i.tensorFromNested(b["data"], dtype: d, checked: true)
            }
            if try b.bool("requires_grad") { try r.setRequiresGrad(true, source: .factory) }
            return .tensor(r)
        }
        m["apply_"] = { _, _, _ in throw PyError(.notImplementedError, "apply_ is not supported by nnrepl") }
        addParityMethods(&m)
        m.merge(surfaceMethods()) { _, surface in surface }
        return m
    }()
}

/// `div(other, rounding_mode=None | 'trunc' | 'floor')` and `div_`.
func roundedDivision(_ t: Tensor, _ other: Operand, _ mode: String?, inPlace: Bool) throws -> Tensor {
    guard let mode else {
        return inPlace ? try t.arithmeticInPlace(.div, other) : try div(.tensor(t), other)
    }
    let result: Tensor
    switch mode {
    case "trunc": result = try truncDivide(.tensor(t), other)
    case "floor": result = try floorDivide(.tensor(t), other)
    default: throw PyError(.runtimeError, "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '\(mode)'")
    }
    guard inPlace else { return result }
    try checkCanCast(result.dtype, to: t.dtype)
    return try Interpreter.inPlaceResult(t, result)
}

/// Runs `f` on a history-keeping snapshot of `t` and writes the result back into `t`.
extension Interpreter {
    /// Writes an already computed result into `t` in place (no history for it).
    static func inPlaceResult(_ t: Tensor, _ result: Tensor) throws -> Tensor {
        try t.checkInPlace()
        try GradMode.with(false) { _ = try t.copyFrom(result) }
        return t
    }
}

func inPlace(_ t: Tensor, _ f: (Tensor) throws -> Tensor) throws -> Tensor {
    try t.checkInPlace()
    let needsHistory = GradMode.isEnabled && t.requiresGrad
    let source = needsHistory ? try t.clone() : t
    let result = try f(source)
    let name = result.gradFn?.name
    if needsHistory {
        try t.copyFrom(result)
        t.gradFn?.displayName = name
    } else {
        try GradMode.with(false) { _ = try t.copyFrom(result) }
    }
    return t
}
