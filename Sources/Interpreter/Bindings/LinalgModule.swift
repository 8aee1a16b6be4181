import Engine

/// `torch.linalg`'s LU-based functions (`inv`, `det`; Engine's LinalgLU.swift); SurfaceTorch.swift
/// adds the decompositions (svd, svdvals, qr) and cross to the same namespace.
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
        return ns
    }
}
