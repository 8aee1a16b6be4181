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
        case "torch": module = .object(makeTorchModule())
        case "torch.nn": module = .object(makeNNModule())
        case "torch.nn.functional": module = .object(makeFunctionalModule())
        case "torch.nn.init": module = .object(makeInitModule())
        case "torch.optim": module = .object(makeOptimModule())
        case "torch.optim.lr_scheduler": module = .object(makeLRSchedulerModule())
        case "torch.utils": module = .object(NamespaceObject("torch.utils", ["data": try importModule("torch.utils.data", range: range)]))
        case "torch.utils.data": module = .object(makeDataModule())
        case "torch.autograd": module = .object(NamespaceObject("torch.autograd", ["backward": .builtin(BuiltinFunction("backward") { [unowned self] a, _ in
            guard case .tensor(let t)? = a.positional.first else { throw PyError(.typeError, "backward() expects a tensor") }
            try Autograd.backward(t, gradient: nil, retainGraph: false)
            _ = self
            return .none
        })]))
        case "safetensors": module = .object(NamespaceObject("safetensors", ["torch": try importModule("safetensors.torch", range: range)]))
        case "safetensors.torch": module = .object(makeSafetensorsModule())
        case "math": module = .object(makeMathModule())
        case "random": module = .object(makeRandomModule())
        case "time": module = .object(makeTimeModule())
        case "collections":
            // OrderedDict is a dict that prints (and torch.save pickles) as an OrderedDict.
            let dictType = builtinTypes["dict"]!
            let ordered = BuiltinType("collections.OrderedDict", test: { if case .dict(let d) = $0 { return d.isOrderedDict }; return false }) { a, i in
                let v = try dictType.call(a, i)
                if case .dict(let d) = v { d.isOrderedDict = true }
                return v
            }
            module = .object(NamespaceObject("collections", ["OrderedDict": .object(ordered)]))
        case "sklearn": module = .object(NamespaceObject("sklearn", ["datasets": try importModule("sklearn.datasets", range: range)]))
        case "sklearn.datasets": module = .object(makeSklearnDatasetsModule())
        case "tqdm", "tqdm.auto", "tqdm.notebook", "tqdm.std": module = .object(makeTqdmModule(name))
        case "numpy":
            throw PyError("ModuleNotFoundError", "No module named 'numpy' (nnrepl has no numpy; use torch tensors)", location: range)
        default:
            throw PyError("ModuleNotFoundError", "No module named '\(name)'", location: range)
        }
        moduleCache[name] = module
        return module
    }

    func moduleMembers(_ v: Value) throws -> [(String, Value)] {
        guard case .object(let ns as NamespaceObject) = v else { return [] }
        return ns.members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    func makeMathModule() -> NamespaceObject {
        let ns = NamespaceObject("math")
        func f1(_ name: String, _ f: @escaping (Double) -> Double) {
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                guard a.positional.count == 1, let x = self.numberValue(a.positional[0]) ?? (try? self.tensorItem(self.asTensor(a.positional[0]))).flatMap({ self.numberValue($0) }) else {
                    throw PyError(.typeError, "must be real number, not \(a.positional.first.map { self.typeName($0) } ?? "nothing")")
                }
                if (name == "log" || name == "log10" || name == "log2") && x <= 0 { throw PyError(.valueError, "math domain error") }
                if name == "sqrt" && x < 0 { throw PyError(.valueError, "math domain error") }
                return .float(f(x))
            })
        }
        f1("sqrt", Foundation.sqrt); f1("exp", Foundation.exp); f1("log10", Foundation.log10); f1("log2", Foundation.log2)
        f1("sin", Foundation.sin); f1("cos", Foundation.cos); f1("tan", Foundation.tan); f1("tanh", Foundation.tanh)
        f1("atan", Foundation.atan); f1("fabs", Swift.abs); f1("erf", Foundation.erf)
        ns.members["log"] = .builtin(BuiltinFunction("log") { [unowned self] a, _ in
            guard let x = a.positional.first.flatMap({ self.numberValue($0) }) else { throw PyError(.typeError, "must be real number") }
            guard x > 0 else { throw PyError(.valueError, "math domain error") }
            if a.positional.count > 1, let b = self.numberValue(a.positional[1]) { return .float(Foundation.log(x) / Foundation.log(b)) }
            return .float(Foundation.log(x))
        })
        for (name, f) in [("floor", { (x: Double) in x.rounded(.down) }), ("ceil", { (x: Double) in x.rounded(.up) }), ("trunc", { (x: Double) in x.rounded(.towardZero) })] {
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                guard let x = a.positional.first.flatMap({ self.numberValue($0) }) else { throw PyError(.typeError, "must be real number") }
                return .int(try self.integer(f(x)))
            })
        }
        ns.members["pow"] = .builtin(BuiltinFunction("pow") { [unowned self] a, _ in
            guard a.positional.count == 2, let x = self.numberValue(a.positional[0]), let y = self.numberValue(a.positional[1]) else { throw PyError(.typeError, "pow expected 2 arguments") }
            return .float(Foundation.pow(x, y))
        })
        ns.members["isclose"] = .builtin(BuiltinFunction("isclose") { [unowned self] a, _ in
            guard a.positional.count == 2, let x = self.numberValue(a.positional[0]), let y = self.numberValue(a.positional[1]) else { throw PyError(.typeError, "isclose expected 2 arguments") }
            let rel = a.keyword("rel_tol").flatMap { self.numberValue($0) } ?? 1e-9
            let absTol = a.keyword("abs_tol").flatMap { self.numberValue($0) } ?? 0
            return .bool(x == y || Swift.abs(x - y) <= Swift.max(rel * Swift.max(Swift.abs(x), Swift.abs(y)), absTol))
        })
        ns.members["isnan"] = .builtin(BuiltinFunction("isnan") { [unowned self] a, _ in .bool(a.positional.first.flatMap { self.numberValue($0) }?.isNaN ?? false) })
        ns.members["isinf"] = .builtin(BuiltinFunction("isinf") { [unowned self] a, _ in .bool(a.positional.first.flatMap { self.numberValue($0) }?.isInfinite ?? false) })
        ns.members["prod"] = .builtin(BuiltinFunction("prod") { [unowned self] a, _ in
            var r = Value.int(1)
            for v in try self.iterate(a.positional.first ?? .tuple([]), range: nil) { r = try self.binary(.mul, r, v) }
            return r
        })
        ns.members["pi"] = .float(Double.pi)
        ns.members["e"] = .float(M_E)
        ns.members["inf"] = .float(.infinity)
        ns.members["nan"] = .float(.nan)
        ns.members["tau"] = .float(2 * Double.pi)
        return ns
    }

    func asTensor(_ v: Value) throws -> Tensor {
        if case .tensor(let t) = v { return t }
        throw PyError(.typeError, "expected a Tensor, got \(typeName(v))")
    }

    func makeRandomModule() -> NamespaceObject {
        let ns = NamespaceObject("random")
        ns.members["seed"] = .builtin(BuiltinFunction("seed") { [unowned self] a, _ in
            self.pyRandom = PyRandomState(seed: UInt64(bitPattern: Int64((try? self.intValue(a.positional.first ?? .int(0))) ?? 0)))
            return .none
        })
        ns.members["random"] = .builtin(BuiltinFunction("random") { [unowned self] _, _ in .float(self.pyRandom.nextDouble()) })
        ns.members["randint"] = .builtin(BuiltinFunction("randint") { [unowned self] a, _ in
            guard a.positional.count == 2 else { throw PyError(.typeError, "randint() missing required arguments") }
            let lo = try self.intValue(a.positional[0]), hi = try self.intValue(a.positional[1])
            guard hi >= lo else { throw PyError(.valueError, "empty range for randrange() (\(lo), \(hi + 1), \(hi + 1 - lo))") }
            return .int(lo + Int(self.pyRandom.nextDouble() * Double(hi - lo + 1)))
        })
        ns.members["uniform"] = .builtin(BuiltinFunction("uniform") { [unowned self] a, _ in
            let lo = self.numberValue(a.positional.first ?? .int(0)) ?? 0, hi = self.numberValue(a.positional.count > 1 ? a.positional[1] : .int(1)) ?? 1
            return .float(lo + (hi - lo) * self.pyRandom.nextDouble())
        })
        ns.members["choice"] = .builtin(BuiltinFunction("choice") { [unowned self] a, _ in
            let items = (try self.collect(a.positional.first ?? .list(PyList()), range: nil))
            guard !items.isEmpty else { throw PyError(.indexError, "Cannot choose from an empty sequence") }
            return items[Int(self.pyRandom.nextDouble() * Double(items.count))]
        })
        ns.members["shuffle"] = .builtin(BuiltinFunction("shuffle") { [unowned self] a, _ in
            guard case .list(let l)? = a.positional.first else { throw PyError(.typeError, "shuffle() expects a list") }
            var i = l.items.count - 1
            while i > 0 { let j = Int(self.pyRandom.nextDouble() * Double(i + 1)); l.items.swapAt(i, j); i -= 1 }
            return .none
        })
        return ns
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

/// Python's `random` module state (not CPython's bit stream; only reproducible within nnrepl).
struct PyRandomState {
    private var generator: Generator
    init(seed: UInt64) { generator = Generator(seed: seed) }
    mutating func nextDouble() -> Double { Double(generator.next64() & ((1 << 53) - 1)) * 0x1p-53 }
}
