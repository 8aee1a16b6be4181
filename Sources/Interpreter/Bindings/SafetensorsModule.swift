import Engine
import NN

/// `safetensors.torch`: save_file / load_file / save_model / load_model.
extension Interpreter {
    func makeSafetensorsModule() -> NamespaceObject {
        let ns = NamespaceObject("safetensors.torch")
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            let signature = LazySignature(name, sig)
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                do { return try body(try signature.bind(a, self)) } catch let e as TorchError { throw PyError(e) } catch let e as SafetensorError {
                    // SafetensorError (the package's exception), FileNotFoundError or OSError
                    throw PyError(e.kind.rawValue, e.message)
                }
            })
            if case .builtin(let f)? = ns.members[name] { f.signature = sig } // shell keyword completion
        }
        func metadata(_ v: Value) throws -> [String: String]? {
            guard case .dict(let d) = v else { return nil }
            var out: [String: String] = [:]
            for (k, val) in d.pairs {
                guard case .str(let ks) = k, case .str(let vs) = val else { throw PyError(.valueError, "metadata keys and values must be strings") }
                out[ks] = vs
            }
            return out
        }
        def("save_file", "tensors, filename, metadata=None") { [unowned self] b in
            try Safetensors.save(tensors: try self.tensorPairs(b["tensors"], function: "save_file"), metadata: try metadata(b["metadata"]), to: try self.pathArgument(b["filename"], "safetensors"))
            return .none
        }
        def("load_file", "filename, device='cpu'") { [unowned self] b in
            let d = PyDict()
            for (k, t) in try Safetensors.load(try self.pathArgument(b["filename"], "safetensors")) { try d.set(.str(k), .tensor(t)) }
            return .dict(d)
        }
        def("save_model", "model, filename, metadata=None, force_contiguous=False") { [unowned self] b in
            guard case .module(let m) = b["model"] else { throw PyError(.typeError, "save_model expects an nn.Module") }
            try Safetensors.save(tensors: m.stateDict(), metadata: try metadata(b["metadata"]) ?? ["format": "pt"], to: try self.pathArgument(b["filename"], "safetensors"))
            return .none
        }
        def("load_model", "model, filename, strict=True, device='cpu'") { [unowned self] b in
            guard case .module(let m) = b["model"] else { throw PyError(.typeError, "load_model expects an nn.Module") }
            let r = try m.loadStateDict(try Safetensors.load(try self.pathArgument(b["filename"], "safetensors")), strict: try b.bool("strict"))
            return .tuple([.list(PyList(r.missing.map { .str($0) })), .list(PyList(r.unexpected.map { .str($0) }))])
        }
        return ns
    }
}
