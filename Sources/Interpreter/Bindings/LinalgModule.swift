import Engine

/// `torch.linalg`'s LU-based functions (`inv`, `det`; Engine's LinalgLU.swift); SurfaceTorch.swift
/// adds the decompositions (svd, svdvals, qr) and cross to the same namespace. The norms go
/// through `Tensor.norm`: PyTorch's torch.norm is linalg.vector_norm for these cases, so the
/// bits are the same.
extension Interpreter {
    func makeLinalgModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.linalg")
        for (name, op) in [("inv", linalgInv), ("det", linalgDet)] as [(String, (Tensor) throws -> Tensor)] {
            let signature = LazySignature(name, "A, *, out=None")
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                let b = try signature.bind(a, self)
                do {
                    let result = try op(try b.tensor("A"))
                    if case .tensor(let out) = b["out"] { try self.writeOut(result, into: out, "linalg_\(name)"); return .tensor(out) }
                    return .tensor(result)
                } catch let e as TorchError { throw PyError(e) }
            })
        }
        addNorms(ns)
        return ns
    }

    private func addNorms(_ ns: NamespaceObject) {
        /// `t.norm(p=…, dim=…, keepdim=…)` with PyTorch's arguments.
        func tensorNorm(_ t: Tensor, p: Value?, dim: Value, keepdim: Value) throws -> Value {
            var keywords: [(String, Value)] = [("dim", dim), ("keepdim", keepdim)]
            if let p { keywords.insert(("p", p), at: 0) }
            return try call(try getAttribute(.tensor(t), "norm"), Arguments([], keywords))
        }
        func isFrobenius(_ v: Value) -> Bool { if case .str("fro") = v { return true }; return false }
        let vector = LazySignature("linalg_vector_norm", "x, ord=2, dim=None, keepdim=False, *, dtype=None, out=None")
        ns.members["vector_norm"] = .builtin(BuiltinFunction("vector_norm") { [unowned self] a, _ in
            let b = try vector.bind(a, self)
            return try tensorNorm(try b.tensor("x"), p: b["ord"], dim: b["dim"], keepdim: b["keepdim"])
        })
        let matrix = LazySignature("linalg_matrix_norm", "A, ord='fro', dim=None, keepdim=False, *, dtype=None, out=None")
        ns.members["matrix_norm"] = .builtin(BuiltinFunction("matrix_norm") { [unowned self] a, _ in
            let b = try matrix.bind(a, self)
            guard isFrobenius(b["ord"]) else {
                throw PyError(.notImplementedError, "torch.linalg.matrix_norm: only ord='fro' is supported by nnrepl")
            }
            let dim = b["dim"].isNone ? Value.tuple([.int(-2), .int(-1)]) : b["dim"]   // PyTorch's default
            return try tensorNorm(try b.tensor("A"), p: nil, dim: dim, keepdim: b["keepdim"])
        })
        let general = LazySignature("linalg_norm", "A, ord=None, dim=None, keepdim=False, *, dtype=None, out=None")
        ns.members["norm"] = .builtin(BuiltinFunction("norm") { [unowned self] a, _ in
            let b = try general.bind(a, self)
            let t = try b.tensor("A")
            let ord = b["ord"]
            // ord=None: the 2-norm of the flattened tensor (or over `dim`); a number with a 1-d
            // input or an int dim: a vector norm; 'fro' over two dims: the same sum of squares.
            if ord.isNone || isFrobenius(ord) { return try tensorNorm(t, p: nil, dim: b["dim"], keepdim: b["keepdim"]) }
            let vectorCase: Bool
            switch b["dim"] {
            case .int: vectorCase = true
            case .none: vectorCase = t.ndim == 1
            default: vectorCase = false
            }
            guard vectorCase else {
                throw PyError(.notImplementedError, "torch.linalg.norm: matrix norms other than 'fro' are not supported by nnrepl")
            }
            return try tensorNorm(t, p: ord, dim: b["dim"], keepdim: b["keepdim"])
        })
    }
}
