import Engine
import NN
import Foundation

/// `import torch`, `import torch.nn as nn`, `from torch.optim import SGD`, `import math`, …
extension Interpreter {
    /// The importable modules and how to build each (once per interpreter).
    func importModule(_ name: String, range: SourceRange?) throws -> Value {
        if let m = moduleCache[name] { return m }
        let module: Value
        switch name {
        case "torch": module = .object(installNumpyBridge(makeTorchModule()))
        case "torch.nn": module = .object(makeNNModule())
        case "torch.nn.functional": module = .object(makeFunctionalModule())
        case "torch.nn.init": module = .object(makeInitModule())
        case "torch.nn.utils": module = .object(makeNNUtilsModule())
        case "torch.nn.utils.rnn":
            guard case .object(let u as NamespaceObject) = try importModule("torch.nn.utils", range: range), let r = u.members["rnn"] else {
                throw PyError("ModuleNotFoundError", "No module named '\(name)'", location: range)
            }
            module = r
        case "torch.nn.utils.prune":
            module = .object(try makeSourceModule(name, source: PruneSource.module, exports: PruneSource.exports))
        case "torch.optim": module = .object(makeOptimModule())
        case "torch.optim.lr_scheduler": module = .object(makeLRSchedulerModule())
        case "torch.utils": module = .object(NamespaceObject("torch.utils", ["data": try importModule("torch.utils.data", range: range)]))
        case "torch.utils.data": module = .object(makeDataModule())
        case "torch.autograd": module = .object(makeAutogradModule())
        case "torch.distributions": module = .object(makeDistributionsModule())
        case "torch.distributions.multinomial", "torch.distributions.categorical":
            guard case .object(let d as NamespaceObject) = try importModule("torch.distributions", range: range),
                  let sub = d.members[String(name.split(separator: ".").last!)] else {
                throw PyError("ModuleNotFoundError", "No module named '\(name)'", location: range)
            }
            module = sub
        case "torch.linalg":
            guard case .object(let torch as NamespaceObject) = try importModule("torch", range: range), let l = torch.members["linalg"] else {
                throw PyError("ModuleNotFoundError", "No module named '\(name)'", location: range)
            }
            module = l
        case "torch.autograd.functional":
            guard case .object(let ag as NamespaceObject) = try importModule("torch.autograd", range: range), let f = ag.members["functional"] else {
                throw PyError("ModuleNotFoundError", "No module named '\(name)'", location: range)
            }
            module = f
        case "torch.autograd.function": module = .object(NamespaceObject("torch.autograd.function", ["Function": .cls(autogradFunctionClass)]))
        case "safetensors": module = .object(NamespaceObject("safetensors", ["torch": try importModule("safetensors.torch", range: range)]))
        case "safetensors.torch": module = .object(makeSafetensorsModule())
        case "math": module = .object(makeMathModule())
        case "copy": module = .object(makeCopyModule())
        case "os": module = .object(makeOSModule())
        case "os.path", "posixpath":
            guard case .object(let os as NamespaceObject) = try importModule("os", range: range), let p = os.members["path"] else {
                throw PyError("ModuleNotFoundError", "No module named '\(name)'", location: range)
            }
            module = p
        case "sys": module = .object(makeSysModule())
        case "timeit": module = .object(try makeSourceModule("timeit", source: TimeitSource.module, exports: ["default_timer", "timeit", "repeat"]))
        case "pprint": module = .object(try makeSourceModule("pprint", source: PprintSource.module, exports: ["pprint", "pformat", "pp"]))
        case "pathlib": module = .object(makePathlibModule())
        case "tempfile": module = .object(makeTempfileModule())
        case "warnings": module = .object(makeWarningsModule())
        case "__future__": module = .object(makeFutureModule())
        case "torch.functional": module = .object(try makeTorchFunctionalModule())
        case "random": module = .object(makeRandomModule())
        case "time": module = .object(makeTimeModule())
        case "collections": module = .object(makeCollectionsModule())
        case "collections.abc": module = try getAttribute(try importModule("collections", range: range), "abc")
        case "abc": module = .object(makeAbcModule())
        case "numbers": module = .object(makeNumbersModule())
        case "itertools": module = .object(makeItertoolsModule())
        case "functools": module = .object(makeFunctoolsModule())
        case "string": module = .object(makeStringModule())
        case "typing": module = .object(makeTypingModule())
        case "re": module = .object(makeReModule())
        case "sklearn":
            // scikit-learn loads its submodules on first attribute access; here they are made at once.
            module = .object(NamespaceObject("sklearn", ["datasets": try importModule("sklearn.datasets", range: range),
                                                         "model_selection": try importModule("sklearn.model_selection", range: range)]))
        case "sklearn.datasets":
            let ns = makeSklearnDatasetsModule()
            let generators = try makeSourceModule("sklearn.datasets", source: SklearnSource.datasets, exports: ["make_circles", "make_moons", "make_blobs"],
                                                  seed: ["InvalidParameterError": .cls(exceptionClass("InvalidParameterError"))])
            for (k, v) in generators.members { ns.members[k] = v }
            module = .object(ns)
        case "sklearn.model_selection":
            module = .object(try makeSourceModule("sklearn.model_selection", source: SklearnSource.modelSelection, exports: ["train_test_split"],
                                                  seed: ["InvalidParameterError": .cls(exceptionClass("InvalidParameterError"))]))
        case "tqdm", "tqdm.auto", "tqdm.notebook", "tqdm.std": module = .object(makeTqdmModule(name))
        case "numpy": module = .object(try makeNumpyModule())
        case "numpy.random": module = (try getAttribute(try importModule("numpy", range: range), "random"))
        case "numpy.linalg": module = (try getAttribute(try importModule("numpy", range: range), "linalg"))
        default:
            throw PyError("ModuleNotFoundError", "No module named '\(name)'", location: range)
        }
        moduleCache[name] = module
        // `import torch` makes torch.distributions reachable, as PyTorch imports it.
        if name == "torch", case .object(let torch as NamespaceObject) = module, torch.members["distributions"] == nil {
            torch.members["distributions"] = try importModule("torch.distributions", range: range)
        }
        // Importing `a.b` makes `b` an attribute of `a`, as Python's import system does.
        if let dot = name.lastIndex(of: "."), case .object(let parent as NamespaceObject)? = moduleCache[String(name[..<dot])],
           parent.members[String(name[name.index(after: dot)...])] == nil {
            parent.members[String(name[name.index(after: dot)...])] = module
        }
        return module
    }

    func moduleMembers(_ v: Value) throws -> [(String, Value)] {
        guard case .object(let ns as NamespaceObject) = v else { return [] }
        return ns.members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    func asTensor(_ v: Value) throws -> Tensor {
        if case .tensor(let t) = v { return t }
        throw PyError(.typeError, "expected a Tensor, got \(typeName(v))")
    }

    func makeTimeModule() -> NamespaceObject {
        let ns = NamespaceObject("time")
        ns.members["time"] = .builtin(BuiltinFunction("time") { _, _ in .float(Date().timeIntervalSince1970) })
        ns.members["perf_counter"] = .builtin(BuiltinFunction("perf_counter") { _, _ in .float(Double(DispatchTime.now().uptimeNanoseconds) / 1e9) })
        ns.members["sleep"] = .builtin(BuiltinFunction("sleep") { [unowned self] a, _ in
            var remaining = self.numberValue(a.positional.first ?? .int(0)) ?? 0
            while remaining > 0 {
                try self.checkInterruptPy()
                let step = Swift.min(remaining, 0.05)
                usleep(UInt32(step * 1e6))
                remaining -= step
            }
            return .none
        })
        return ns
    }
}
