import Foundation
import Engine
import NN

/// `torch.save(obj, f)` and `torch.load(f)`: Python values to and from PyTorch's file format
/// (NN/IO/TorchSerialization.swift): tensors and Parameters, numbers, strings, None, and lists,
/// tuples, dicts (OrderedDicts), sets of them, `torch.Size`, dtypes, devices — state dicts of
/// modules and optimizers are such values — and whole modules and instances of the user's
/// classes, pickled by class reference as PyTorch does (ModulePickling.swift), which only
/// `torch.load(weights_only=False)` reads back.
extension Interpreter {
    func installSaveLoad(_ ns: NamespaceObject) {
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                do { return try body(try Signature.of(name, sig).bind(a, self)) } catch let e as TorchError { throw PyError(e) } catch let e as TorchSerializationError {
                    throw PyError(e.kind.rawValue, e.message)
                } catch let e as SafetensorError {
                    throw PyError(e.kind.rawValue, e.message)
                }
            })
            if case .builtin(let f)? = ns.members[name] { f.signature = sig }
        }
        def("save", "obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True, _disable_byteorder_record=False") { [unowned self] b in
            let path = try self.filePath(b["f"], function: "save")
            guard try b.int("pickle_protocol") == 2 || b.isNone("pickle_protocol") else {
                throw PyError(.valueError, "nnrepl's torch.save writes pickle protocol 2 only (PyTorch's default)")
            }
            guard try b.bool("_use_new_zipfile_serialization") else {
                throw PyError(.valueError, "nnrepl's torch.save writes the zip format only (_use_new_zipfile_serialization=True)")
            }
            var converter = PickleConverter(interp: self)
            try TorchSerialization.save(try converter.pickle(b["obj"], path: "obj"), to: path)
            return .none
        }
        def("load", "f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **pickle_load_args") { [unowned self] b in
            let path = try self.filePath(b["f"], function: "load")
            let weightsOnly = b.isNone("weights_only") ? true : try b.bool("weights_only")
            if weightsOnly && !b.isNone("pickle_module") {
                throw PyError(.runtimeError, "Can not safely load weights when explicit pickle_module is specified")
            }
            let mapToCPU = try self.mapsToCPU(b["map_location"])
            // PyTorch 2.15 hands `.safetensors` paths to safetensors.torch.load_file.
            if path.hasSuffix(".safetensors") {
                let d = PyDict()
                for (k, t) in try Safetensors.load(path) { try d.set(.str(k), .tensor(t)) }
                return .dict(d)
            }
            let loaded: PickleValue
            do {
                loaded = try TorchSerialization.load(path: path, mapToCPU: mapToCPU, allowObjects: !weightsOnly)
            } catch let e as TorchSerializationError where !weightsOnly && e.kind == .unpicklingError && e.message.hasPrefix("Weights only load failed") {
                // weights_only=False would run the pickle's code in PyTorch; nnrepl never does.
                throw PyError("UnpicklingError", "nnrepl loads only what torch.load(weights_only=True) loads, even with weights_only=False: it never runs code from a file. In PyTorch, save the weights (model.state_dict()) rather than the model.\n\n" + e.message)
            }
            var converter = PickleConverter(interp: self)
            return try converter.value(loaded)
        }
    }

    /// The file argument of save/load: a path string (file objects do not exist in nnrepl).
    func filePath(_ v: Value, function: String) throws -> String {
        guard let s = fileSystemPath(v) else {
            // PyTorch's words: it tries `f` as a file object, which nnrepl does not have.
            if function == "save" { throw PyError(.attributeError, "expected 'f' to be string, path, or a file-like object with a 'write' attribute") }
            throw PyError(.attributeError, "'\(typeName(v))' object has no attribute 'seek'. You can only torch.load from a file that is seekable. Please pre-load the data into a buffer like io.BytesIO and try to load from it instead.")
        }
        return s
    }

    /// True when `map_location` puts storages on the CPU ('cpu', torch.device('cpu'), a dict
    /// mapping to 'cpu'); nil (None) keeps the saved locations.
    func mapsToCPU(_ v: Value) throws -> Bool {
        switch v {
        case .none: return false
        case .str(let s):
            guard s.hasPrefix("cpu") else { throw PyError(.runtimeError, "nnrepl runs on the CPU only (map_location='\(s)')") }
            return true
        case .object(is DeviceObject): return true
        case .dict(let d):
            for v in d.values {
                guard case .str(let s) = v, s.hasPrefix("cpu") else { throw PyError(.runtimeError, "nnrepl runs on the CPU only: map_location must map to 'cpu'") }
            }
            return true
        default:
            throw PyError(.typeError, "map_location must be None, a device string such as 'cpu', torch.device('cpu') or a dict of them in nnrepl")
        }
    }
}

/// Converts between interpreter values and pickle values, keeping shared lists and dicts shared.
struct PickleConverter {
    unowned let interp: Interpreter
    private var lists: [ObjectIdentifier: PickleList] = [:]
    private var dicts: [ObjectIdentifier: PickleDict] = [:]
    private var pyLists: [ObjectIdentifier: PyList] = [:]
    private var pyDicts: [ObjectIdentifier: PyDict] = [:]
    /// Modules and instances pickled so far (ModulePickling.swift), and those loaded.
    var objects: [ObjectIdentifier: PickleObject] = [:]
    var pyObjects: [ObjectIdentifier: Value] = [:]

    init(interp: Interpreter) { self.interp = interp }

    /// The error for something torch.save could write but torch.load would not read again.
    func unsavable(_ what: String, _ reason: String, _ advice: String, at path: String) -> PyError {
        let place = path == "obj" ? "" : " at \(path)"
        return PyError("PicklingError", "torch.save cannot save \(what)\(place): \(reason). \(advice)")
    }

    /// `value` as a pickle value; `path` names it in errors (`obj['net']`).
    mutating func pickle(_ value: Value, path: String) throws -> PickleValue {
        switch value {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .str(let s): return .string(s)
        case .tensor(let t): return .tensor(t)
        case .tuple(let items): return .tuple(try items.enumerated().map { try pickle($0.element, path: "\(path)[\($0.offset)]") })
        case .list(let l):
            if let done = lists[ObjectIdentifier(l)] { return .list(done) }
            let out = PickleList()
            lists[ObjectIdentifier(l)] = out
            out.items = try l.items.enumerated().map { try pickle($0.element, path: "\(path)[\($0.offset)]") }
            return .list(out)
        case .dict(let d):
            if let done = dicts[ObjectIdentifier(d)] { return .dict(done) }
            let out = PickleDict(isOrdered: d.isOrderedDict)
            dicts[ObjectIdentifier(d)] = out
            for (k, v) in d.pairs {
                let keyText = (try? interp.repr(k)) ?? "?"
                out.pairs.append((try pickle(k, path: "a key of \(path)"), try pickle(v, path: "\(path)[\(keyText)]")))
            }
            out.attributes = try d.attributes.map { ($0.name, try pickle($0.value, path: "\(path).\($0.name)")) }
            return .dict(out)
        case .set(let s): return .set(try s.items.map { try pickle($0, path: "an element of \(path)") })
        case .object(let o as SizeObject): return .size(o.dims)
        case .object(let o as DTypeObject): return .dtype(String(o.dtype.pythonName.dropFirst("torch.".count)))
        case .object(is DeviceObject): return .device("cpu")
        case .object(let o as ParamGroupObject):
            // An optimizer's param_groups[i] is a dict in PyTorch.
            let d = PyDict()
            try d.set(.str("params"), .list(PyList(o.group.params.map { .tensor($0) })))
            for (k, v) in o.group.options { try d.set(.str(k), interp.value(v)) }
            return try pickle(.dict(d), path: path)
        case .module(let m): return try pickleModule(m, path: path)
        case .instance(let inst) where inst.cls.exceptionBase == nil: return try pickleInstance(inst, path: path)
        case .object(is OptimizerObject):
            throw unsavable("an optimizer", "PyTorch pickles an optimizer as a reference to its class, which torch.load (weights_only=True, its default) refuses to load",
                            "Save optimizer.state_dict() instead, and later optimizer.load_state_dict(torch.load(...)).", at: path)
        default:
            throw unsavable("a \(interp.typeName(value)) object", "torch.load (weights_only=True, its default) rebuilds only tensors, numbers, strings, None, torch.Size, dtypes, devices, and lists, tuples, dicts and sets of them",
                            "State dicts (model.state_dict(), optimizer.state_dict()) are such values.", at: path)
        }
    }

    /// A loaded pickle value as an interpreter value.
    mutating func value(_ p: PickleValue) throws -> Value {
        switch p {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .str(s)
        case .tensor(let t): return .tensor(t)
        case .tuple(let items): return .tuple(try items.map { try value($0) })
        case .list(let l):
            if let done = pyLists[ObjectIdentifier(l)] { return .list(done) }
            let out = PyList()
            pyLists[ObjectIdentifier(l)] = out
            out.items = try l.items.map { try value($0) }
            return .list(out)
        case .dict(let d):
            if let done = pyDicts[ObjectIdentifier(d)] { return .dict(done) }
            let out = PyDict()
            out.isOrderedDict = d.isOrdered
            pyDicts[ObjectIdentifier(d)] = out
            for (k, v) in d.pairs { try out.set(try value(k), try value(v)) }
            out.attributes = try d.attributes.map { ($0.name, try value($0.value)) }
            return .dict(out)
        case .set(let items): return .set(try PySet(try items.map { try value($0) }))
        case .size(let dims): return .object(SizeObject(dims))
        case .dtype(let name):
            guard let d = DType.allCases.first(where: { $0.pythonName == "torch." + name }) else {
                throw PyError(.runtimeError, "torch.load: this file holds the dtype torch.\(name), which nnrepl does not support")
            }
            return .object(DTypeObject.of(d))
        case .device(let s):
            guard s.hasPrefix("cpu") else { throw PyError(.runtimeError, "torch.load: this file holds torch.device('\(s)'); nnrepl runs on the CPU only") }
            return .object(DeviceObject.cpu)
        case .object(let o): return try objectValue(o)
        }
    }
}
