import Engine
import NN

/// `torch.logspace kron cartesian_prod combinations tril_indices triu_indices block_diag vander
/// tensor_split bitwise_left_shift bitwise_right_shift` and the tensor methods `unfold`,
/// `tensor_split`, `bitwise_left_shift(_)`, `bitwise_right_shift(_)`.
extension Interpreter {
    func addConstructionFunctions(_ ns: NamespaceObject) {
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            let f = BuiltinFunction(name) { [unowned self] a, _ in
                do { return try body(try Signature.of(name, sig).bind(a, self)) } catch let e as TorchError { throw PyError(e) }
            }
            f.signature = sig
            ns.members[name] = .builtin(f)
        }
        /// `name(*tensors)`: varargs, or one list/tuple of tensors.
        func defTensors(_ name: String, _ body: @escaping ([Tensor]) throws -> Tensor) {
            let f = BuiltinFunction(name) { [unowned self] a, _ in
                guard a.keywords.isEmpty else { throw PyError(.typeError, "\(name)() got an unexpected keyword argument '\(a.keywords[0].0)'") }
                let items = a.positional.count == 1 && !a.positional[0].isTensor ? a.positional[0] : .tuple(a.positional)
                do { return .tensor(try body(try self.tensorList(items, name))) } catch let e as TorchError { throw PyError(e) }
            }
            f.signature = "*tensors"
            ns.members[name] = .builtin(f)
        }
        def("logspace", "start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False") { b in
            let t = try Tensor.logspace(try b.double("start"), try b.double("end"), steps: try b.int("steps"), base: try b.double("base"),
                                        dtype: try b.dtype("dtype") ?? DType.defaultFloat)
            if try b.bool("requires_grad") { try t.setRequiresGrad(true, source: .factory) }
            return .tensor(t)
        }
        def("kron", "input, other, *, out=None") { b in .tensor(try kron(try b.tensor("input"), try b.tensor("other"))) }
        defTensors("cartesian_prod", cartesianProd)
        defTensors("block_diag", blockDiag)
        def("combinations", "input, r=2, with_replacement=False") { b in
            .tensor(try combinations(try b.tensor("input"), r: try b.int("r"), withReplacement: try b.bool("with_replacement")))
        }
        for (name, upper) in [("tril_indices", false), ("triu_indices", true)] {
            def(name, "row, col, offset=0, *, dtype=None, device=None, layout=None") { b in
                let (row, col, offset) = (try b.int("row"), try b.int("col"), try b.int("offset"))
                let dtype = try b.dtype("dtype") ?? .int64
                return .tensor(upper ? try triuIndices(row, col, offset: offset, dtype: dtype) : try trilIndices(row, col, offset: offset, dtype: dtype))
            }
        }
        def("vander", "x, N=None, increasing=False") { b in
            .tensor(try vander(try b.tensor("x"), n: try b.optionalInt("N"), increasing: try b.bool("increasing")))
        }
        def("tensor_split", "input, indices_or_sections, dim=0") { [unowned self] b in
            .tuple(try self.tensorSplitValue(try b.tensor("input"), b["indices_or_sections"], dim: try b.int("dim"), method: false).map { .tensor($0) })
        }
        for (name, left) in [("bitwise_left_shift", true), ("bitwise_right_shift", false)] {
            def(name, "input, other, *, out=None") { b in .tensor(try bitwiseShift(try b.operand("input"), try b.operand("other"), left: left)) }
        }
    }

    /// `tensor_split`'s second argument: sections (an int or a 0-d long tensor) or indices (a
    /// sequence of ints or a 1-d long tensor), with PyTorch's messages for anything else.
    func tensorSplitValue(_ t: Tensor, _ v: Value, dim: Int, method: Bool) throws -> [Tensor] {
        switch v {
        case .int(let n): return try tensorSplit(t, sections: n, dim: dim)
        case .tensor(let s):
            guard s.dtype == .int64 else {
                throw PyError(.runtimeError, "tensor_split expected tensor_indices_or_sections to have dtype of long, but got \(s.dtype.scalarName)")
            }
            guard s.ndim <= 1 else {
                throw PyError(.runtimeError, "tensor_split expected tensor_indices_or_sections to be a zero-dimensional or one-dimensional tensor, but got a tensor with \(s.ndim) dims")
            }
            if s.ndim == 0 { return try tensorSplit(t, sections: Int(s.int64Values()[0]), dim: dim) }
            return try tensorSplit(t, indices: s.contiguousCopy().int64Values().map { Int($0) }, dim: dim)
        case .tuple, .list, .object(is SizeObject):
            return try tensorSplit(t, indices: try intList(v, function: "tensor_split", argument: "indices"), dim: dim)
        default:
            let got = method ? "(\(typeName(v)))" : "(Tensor, \(typeName(v)))"
            let input = method ? "" : "Tensor input, "
            throw PyError(.typeError, "tensor_split() received an invalid combination of arguments - got \(got), but expected one of:\n * (\(input)tuple of ints indices, int dim = 0)\n * (\(input)Tensor tensor_indices_or_sections, int dim = 0)\n * (\(input)int sections, int dim = 0)\n")
        }
    }
}

extension TensorMethodTable {
    static func constructionMethods(_ m: inout [String: TensorMethod]) {
        m["unfold"] = { t, a, i in
            let b = try bind("unfold", "dimension, size, step", a, i)
            return .tensor(try t.unfold(try b.int("dimension"), size: try b.int("size"), step: try b.int("step")))
        }
        m["tensor_split"] = { t, a, i in
            let b = try bind("tensor_split", "indices_or_sections, dim=0", a, i)
            return .tuple(try i.tensorSplitValue(t, b["indices_or_sections"], dim: try b.int("dim"), method: true).map { .tensor($0) })
        }
        for (name, left) in [("bitwise_left_shift", true), ("bitwise_right_shift", false)] {
            m[name] = { t, a, i in .tensor(try bitwiseShift(.tensor(t), try bind(name, "other", a, i).operand("other"), left: left)) }
            m[name + "_"] = { t, a, i in
                let o = try bind(name + "_", "other", a, i).operand("other")
                return .tensor(try inPlace(t) { try bitwiseShift(.tensor($0), o, left: left) })
            }
        }
    }
}
