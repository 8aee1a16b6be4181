import Engine
import NN

/// `torch.nn.init`: in-place initialisers drawing from the global generator as PyTorch does.
extension Interpreter {
    func makeInitModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.nn.init")
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            let signature = LazySignature(name, sig)
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                do { return try body(try signature.bind(a, self)) } catch let e as TorchError { throw PyError(e) }
            })
            if case .builtin(let f)? = ns.members[name] { f.signature = sig } // shell keyword completion
        }
        def("uniform_", "tensor, a=0.0, b=1.0, generator=None") { b in
            .tensor(try GradMode.with(false) { try Init.uniform(try b.tensor("tensor"), a: try b.double("a"), b: try b.double("b")) })
        }
        def("normal_", "tensor, mean=0.0, std=1.0, generator=None") { b in
            .tensor(try GradMode.with(false) { try Init.normal(try b.tensor("tensor"), mean: try b.double("mean"), std: try b.double("std")) })
        }
        def("constant_", "tensor, val") { b in .tensor(try GradMode.with(false) { try Init.constant(try b.tensor("tensor"), try b.scalar("val")) }) }
        def("zeros_", "tensor") { b in .tensor(try GradMode.with(false) { try Init.zeros(try b.tensor("tensor")) }) }
        def("ones_", "tensor") { b in .tensor(try GradMode.with(false) { try Init.ones(try b.tensor("tensor")) }) }
        def("xavier_uniform_", "tensor, gain=1.0, generator=None") { b in
            .tensor(try GradMode.with(false) { try Init.xavierUniform(try b.tensor("tensor"), gain: try b.double("gain")) })
        }
        def("xavier_normal_", "tensor, gain=1.0, generator=None") { b in
            .tensor(try GradMode.with(false) { try Init.xavierNormal(try b.tensor("tensor"), gain: try b.double("gain")) })
        }
        def("kaiming_uniform_", "tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None") { [unowned self] b in
            .tensor(try GradMode.with(false) { try Init.kaimingUniform(try b.tensor("tensor"), a: try self.optionValue(b["a"]), mode: try b.string("mode"), nonlinearity: try b.string("nonlinearity")) })
        }
        def("kaiming_normal_", "tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None") { [unowned self] b in
            .tensor(try GradMode.with(false) { try Init.kaimingNormal(try b.tensor("tensor"), a: try self.optionValue(b["a"]), mode: try b.string("mode"), nonlinearity: try b.string("nonlinearity")) })
        }
        def("calculate_gain", "nonlinearity, param=None") { [unowned self] b in
            self.value(try Init.calculateGain(try b.string("nonlinearity"), b.isNone("param") ? nil : try self.optionValue(b["param"])))
        }
        return ns
    }

    /// `torch.utils.data`: TensorDataset and a simple DataLoader (batching, optional shuffle).
    func makeDataModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.utils.data")
        ns.members["TensorDataset"] = .object(BuiltinType("TensorDataset", test: { if case .object(is TensorDatasetObject) = $0 { return true }; return false }) { [unowned self] a, _ in
            let tensors = try a.positional.map { try self.asTensor($0) }
            guard let n = tensors.first?.shape.first else { throw PyError(.valueError, "TensorDataset needs at least one tensor with a first dimension") }
            guard tensors.allSatisfy({ $0.shape.first == n }) else { throw PyError(.valueError, "Size mismatch between tensors") }
            return .object(TensorDatasetObject(tensors))
        })
        ns.members["DataLoader"] = .object(BuiltinType("DataLoader", test: { if case .object(is DataLoaderObject) = $0 { return true }; return false }) { [unowned self] a, _ in
            let b = try Signature.of("DataLoader.__init__", "dataset, batch_size=1, shuffle=False, sampler=None, batch_sampler=None, num_workers=0, collate_fn=None, pin_memory=False, drop_last=False").bind(a, self)
            return .object(DataLoaderObject(dataset: b["dataset"], batchSize: try b.int("batch_size"), shuffle: try b.bool("shuffle"), dropLast: try b.bool("drop_last")))
        })
        return ns
    }
}

/// `TensorDataset(x, y)`: item i is (x[i], y[i]).
final class TensorDatasetObject: NativeObject {
    let tensors: [Tensor]
    init(_ t: [Tensor]) { tensors = t }
    override var typeName: String { "TensorDataset" }
    override func length() throws -> Int? { tensors.first?.shape.first ?? 0 }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        let i = try interp.sequenceIndex(key, try length() ?? 0, "index")
        do { return .tuple(try tensors.map { .tensor(try $0.select(0, i)) }) } catch let e as TorchError { throw PyError(e) }
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "tensors" ? .tuple(tensors.map { .tensor($0) }) : nil
    }
}

/// `DataLoader(dataset, batch_size, shuffle)`: batches stacked along a new first dim; shuffling
/// draws a randperm from the global generator each epoch, as PyTorch's RandomSampler does.
final class DataLoaderObject: NativeObject {
    let dataset: Value, batchSize: Int, shuffle: Bool, dropLast: Bool
    init(dataset: Value, batchSize: Int, shuffle: Bool, dropLast: Bool) {
        self.dataset = dataset; self.batchSize = max(batchSize, 1); self.shuffle = shuffle; self.dropLast = dropLast
    }
    override var typeName: String { "DataLoader" }
    override func length() throws -> Int? {
        guard case .object(let d) = dataset, let n = try d.length() else { return nil }
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize
    }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        let n = try interp.length(dataset)
        var order = Array(0..<n)
        // Each new iterator draws the workers' base seed first (`_get_shared_seed`), as PyTorch does.
        _ = Generator.global.next64()
        if shuffle {
            // RandomSampler: seed = torch.empty((), dtype=torch.int64).random_() (a 64-bit draw
            // modulo 2^63), then randperm(n) from a generator seeded with it.
            let seed = Generator.global.next64() & (UInt64.max >> 1)
            let g = Generator(seed: 0)
            g.manualSeed(seed)
            order = g.randperm(n).map { Int($0) }
        }
        var batches: [Value] = []
        var start = 0
        while start < n {
            let idx = Array(order[start..<min(start + batchSize, n)])
            start += batchSize
            if dropLast && idx.count < batchSize { break }
            let items = try idx.map { try interp.getItem(dataset, .int($0)) }
            guard case .tuple(let first)? = items.first else {
                batches.append(.tensor(try stack(try items.map { try interp.asTensor($0) }, dim: 0)))
                continue
            }
            var fields: [Value] = []
            for k in 0..<first.count {
                let parts = try items.map { item -> Tensor in
                    guard case .tuple(let t) = item, t.count == first.count else { throw PyError(.typeError, "dataset items must all be tuples of the same length") }
                    return try interp.asTensor(t[k])
                }
                fields.append(.tensor(try stack(parts, dim: 0)))
            }
            batches.append(.list(PyList(fields)))
        }
        return AnyIterator(batches.makeIterator())
    }
}
