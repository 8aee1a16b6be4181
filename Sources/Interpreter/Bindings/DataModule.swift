import Engine
import NN

/// `torch.utils.data`: `Dataset` (a base class Python code derives from, with `__len__` and
/// `__getitem__`), `TensorDataset`, `Subset`, `random_split`, the samplers, `default_collate`
/// and `DataLoader`. Random draws happen where PyTorch makes them, from the same generator:
/// each new DataLoader iterator draws its workers' base seed, a shuffling RandomSampler then
/// draws the seed of the generator its permutation comes from (or uses the loader's
/// `generator=`), `random_split` takes `randperm(len)` from its generator; batches are fetched
/// one at a time, so draws made in the loop body interleave with the dataset's as in PyTorch.
extension Interpreter {
    func makeDataModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.utils.data")
        ns.members["Dataset"] = .cls(datasetClass)
        ns.members["IterableDataset"] = .cls(iterableDatasetClass)
        ns.members["Sampler"] = .cls(samplerClass)
        func type(_ name: String, _ module: String, _ test: @escaping (Value) -> Bool, _ sig: String,
                  _ make: @escaping (BoundArgs) throws -> Value) {
            let t = BuiltinType(name, test: test) { [unowned self] a, _ in try make(try Signature.of(name, sig).bind(a, self)) }
            t.qualifiedName = "torch.utils.data.\(module).\(name)"
            t.signature = sig
            nativeTypes[t.qualifiedName] = t
            ns.members[name] = .object(t)
        }
        type("TensorDataset", "dataset", { if case .object(is TensorDatasetObject) = $0 { return true }; return false }, "*tensors") { [unowned self] b in
            guard case .tuple(let items) = b["tensors"] else { return .none }
            let tensors = try items.map { try self.asTensor($0) }
            if let n = tensors.first?.shape.first, !tensors.allSatisfy({ $0.shape.first == n }) {
                throw PyError("AssertionError", "Size mismatch between tensors")
            }
            return .object(TensorDatasetObject(tensors))
        }
        type("Subset", "dataset", { if case .object(is SubsetObject) = $0 { return true }; return false }, "dataset, indices") { [unowned self] b in
            .object(SubsetObject(dataset: b["dataset"], indices: try self.collect(b["indices"], range: nil)))
        }
        type("SequentialSampler", "sampler", { if case .object(let s as SamplerObject) = $0 { return s.kind == .sequential }; return false }, "data_source") { [unowned self] b in
            .object(SamplerObject(.sequential, source: b["data_source"], interp: self))
        }
        type("RandomSampler", "sampler", { if case .object(let s as SamplerObject) = $0 { return s.kind == .random }; return false },
             "data_source, replacement=False, num_samples=None, generator=None") { [unowned self] b in
            guard !(try b.bool("replacement")) else { throw PyError(.notImplementedError, "RandomSampler(replacement=True) is not supported by nnrepl") }
            let numSamples = try b.optionalInt("num_samples")
            // RandomSampler.__init__'s check (a negative count would size the draw below zero).
            if let n = numSamples, n <= 0 {
                throw PyError(.valueError, "num_samples should be a positive integer value, but got num_samples=\(n)")
            }
            return .object(SamplerObject(.random, source: b["data_source"], numSamples: numSamples, generator: try self.generatorArgument(b["generator"]), interp: self))
        }
        type("SubsetRandomSampler", "sampler", { if case .object(let s as SamplerObject) = $0 { return s.kind == .subsetRandom }; return false },
             "indices, generator=None") { [unowned self] b in
            .object(SamplerObject(.subsetRandom, source: .list(PyList(try self.collect(b["indices"], range: nil))),
                                  generator: try self.generatorArgument(b["generator"]), interp: self))
        }
        type("BatchSampler", "sampler", { if case .object(is BatchSamplerObject) = $0 { return true }; return false },
             "sampler, batch_size, drop_last") { [unowned self] b in
            // BatchSampler.__init__'s checks (bool counts as an int there too).
            guard case .int(let bs) = b["batch_size"], bs > 0 else {
                throw PyError(.valueError, "batch_size should be a positive integer value, but got batch_size=\(try self.repr(b["batch_size"]))")
            }
            guard case .bool(let dropLast) = b["drop_last"] else {
                throw PyError(.valueError, "drop_last should be a boolean value, but got drop_last=\(try self.repr(b["drop_last"]))")
            }
            return .object(BatchSamplerObject(sampler: b["sampler"], batchSize: bs, dropLast: dropLast, interp: self))
        }
        type("DataLoader", "dataloader", { if case .object(is DataLoaderObject) = $0 { return true }; return false },
             "dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None, multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False, pin_memory_device='', in_order=True") { [unowned self] b in
            try self.makeDataLoader(b)
        }
        ns.members["random_split"] = .builtin(BuiltinFunction("random_split") { [unowned self] a, _ in
            let b = try Signature.of("random_split", "dataset, lengths, generator=None").bind(a, self)
            return try self.randomSplit(b["dataset"], b["lengths"], try self.generatorArgument(b["generator"]))
        })
        ns.members["default_collate"] = .builtin(BuiltinFunction("default_collate") { [unowned self] a, _ in
            guard a.positional.count == 1 else { throw PyError(.typeError, "default_collate() takes 1 positional argument but \(a.positional.count) were given") }
            return try self.defaultCollate(try self.collect(a.positional[0], range: nil))
        })
        return ns
    }

    /// `torch.utils.data.Dataset`: subclasses define `__getitem__` (and usually `__len__`).
    var datasetClass: PyClass {
        if let c = dataClasses["Dataset"] { return c }
        let c = PyClass(name: "Dataset", bases: [objectClass], attributes: PyDict())
        c.moduleName = "torch.utils.data.dataset"
        try? c.attributes.set(.str("__init__"), .builtin(BuiltinFunction("__init__") { _, _ in .none }))
        try? c.attributes.set(.str("__getitem__"), .builtin(BuiltinFunction("__getitem__") { a, i in
            throw PyError(.notImplementedError, "Subclasses of Dataset should implement __getitem__.")
        }))
        dataClasses["Dataset"] = c
        return c
    }

    /// `torch.utils.data.Sampler`: subclasses define `__iter__` (and `__len__`); a DataLoader
    /// takes any iterable of indices as its sampler.
    var samplerClass: PyClass {
        if let c = dataClasses["Sampler"] { return c }
        let c = PyClass(name: "Sampler", bases: [objectClass], attributes: PyDict())
        c.moduleName = "torch.utils.data.sampler"
        try? c.attributes.set(.str("__iter__"), .builtin(BuiltinFunction("__iter__") { _, _ in
            throw PyError(.notImplementedError, "")
        }))
        dataClasses["Sampler"] = c
        return c
    }

    var iterableDatasetClass: PyClass {
        if let c = dataClasses["IterableDataset"] { return c }
        let c = PyClass(name: "IterableDataset", bases: [datasetClass], attributes: PyDict())
        c.moduleName = "torch.utils.data.dataset"
        dataClasses["IterableDataset"] = c
        return c
    }

    /// A `generator=` argument: a torch.Generator, or nil for the global one.
    func generatorArgument(_ v: Value) throws -> Generator? {
        switch v {
        case .none: return nil
        case .object(let g as GeneratorObject): return g.generator
        default: throw PyError(.typeError, "expected a torch.Generator, got \(typeName(v))")
        }
    }

    /// `random_split(dataset, lengths, generator)`: fractions become lengths (floor, then the
    /// remainder handed out round-robin), then `randperm(n, generator)` is cut into Subsets.
    func randomSplit(_ dataset: Value, _ lengthsValue: Value, _ generator: Generator?) throws -> Value {
        let n = try length(dataset)
        let items = try collect(lengthsValue, range: nil)
        var lengths: [Int]
        let total = try items.reduce(0.0) { $0 + (try mathReal($1)) }
        let allInts = items.allSatisfy { if case .int = $0 { return true }; return false }
        if abs(total - 1) <= 1e-9 * max(1, abs(total)) && total <= 1 && !(allInts && items.count == 1) {
            lengths = []
            for (i, v) in items.enumerated() {
                let frac = try mathReal(v)
                guard frac >= 0 && frac <= 1 else { throw PyError(.valueError, "Fraction at index \(i) is not between 0 and 1") }
                lengths.append(Int((Double(n) * frac).rounded(.down)))
            }
            let remainder = n - lengths.reduce(0, +)
            for i in 0..<max(remainder, 0) { lengths[i % lengths.count] += 1 }
            for (i, l) in lengths.enumerated() where l == 0 {
                warn(category: "UserWarning", message: "Length of split at index \(i) is 0. This might result in an empty dataset.")
            }
        } else {
            lengths = try items.map { try intValue($0) }
        }
        guard lengths.reduce(0, +) == n else {
            throw PyError(.valueError, "Sum of input lengths does not equal the length of the input dataset!")
        }
        // PyTorch's randperm(n) allocates n int64s first: a huge n is its allocator error.
        do { try MemoryBudget.check(shape: [n], itemSize: 8) } catch let e as TorchError { throw PyError(e) }
        let perm = (generator ?? Generator.global).randperm(n).map { Value.int(Int($0)) }
        var out: [Value] = []
        var offset = 0
        for l in lengths {
            out.append(.object(SubsetObject(dataset: dataset, indices: Array(perm[offset..<offset + l]))))
            offset += l
        }
        return .list(PyList(out))
    }

    /// `default_collate(batch)`: tensors are stacked, Python floats become a float64 tensor,
    /// ints (and bools) an int64 (bool) tensor, strings stay a list, dicts are collated per key,
    /// tuples and lists per position (giving a list), as PyTorch's default_collate does.
    func defaultCollate(_ batch: [Value]) throws -> Value {
        guard let elem = batch.first else {
            throw PyError(.indexError, "list index out of range")
        }
        switch elem {
        case .tensor:
            let ts = try batch.map { v -> Tensor in
                guard case .tensor(let t) = v else { throw collateTypeError(v) }
                return t
            }
            do { return .tensor(try stack(ts, dim: 0)) } catch let e as TorchError { throw PyError(e) }
        case .float:
            return .tensor(try tensorFromNested(.list(PyList(batch)), dtype: .float64))
        case .int, .bool:
            return .tensor(try tensorFromNested(.list(PyList(batch)), dtype: nil))
        case .str:
            return .list(PyList(batch))
        case .dict(let first):
            let out = PyDict()
            out.kind = first.kind
            for k in first.keys {
                let column = try batch.map { v -> Value in
                    guard case .dict(let d) = v else { throw collateTypeError(v) }
                    guard let x = try d.get(k) else { throw PyError(.keyError, try repr(k)) }
                    return x
                }
                try out.set(k, try defaultCollate(column))
            }
            return .dict(out)
        case .tuple, .list:
            let rows = try batch.map { try collect($0, range: nil) }
            let width = rows[0].count
            guard rows.allSatisfy({ $0.count == width }) else {
                throw PyError(.runtimeError, "each element in list of batch should be of equal size")
            }
            return .list(PyList(try (0..<width).map { k in try defaultCollate(rows.map { $0[k] }) }))
        default:
            throw collateTypeError(elem)
        }
    }

    private func collateTypeError(_ v: Value) -> PyError {
        PyError(.typeError, "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found \(typeObjectRepr(v))")
    }

    /// `<class 'NoneType'>` for a value.
    func typeObjectRepr(_ v: Value) -> String { (try? repr(typeObject(of: v))) ?? "<class '\(typeName(v))'>" }

    func makeDataLoader(_ b: BoundArgs) throws -> Value {
        let dataset = b["dataset"]
        let batchSize = try b.optionalInt("batch_size")
        if let bs = batchSize, bs <= 0 {
            throw PyError(.valueError, "batch_size should be a positive integer value, but got batch_size=\(bs)")
        }
        let shuffle = b.isNone("shuffle") ? false : try truthy(b["shuffle"])
        let generator = try generatorArgument(b["generator"])
        let sampler: Value
        if !b.isNone("sampler") {
            guard !shuffle else { throw PyError(.valueError, "sampler option is mutually exclusive with shuffle") }
            sampler = b["sampler"]
        } else {
            sampler = .object(SamplerObject(shuffle ? .random : .sequential, source: dataset, generator: shuffle ? generator : nil, interp: self))
        }
        var batchSampler: Value? = nil
        var loaderBatchSize = batchSize
        var dropLast = try b.bool("drop_last")
        if !b.isNone("batch_sampler") {
            guard batchSize == 1, !shuffle, b.isNone("sampler"), !dropLast else {
                throw PyError(.valueError, "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last")
            }
            batchSampler = b["batch_sampler"]
            loaderBatchSize = nil
            dropLast = false
        }
        if try b.int("num_workers") < 0 {
            throw PyError(.valueError, "num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.")
        }
        return .object(DataLoaderObject(dataset: dataset, batchSize: loaderBatchSize, sampler: sampler, batchSampler: batchSampler,
                                        dropLast: dropLast, collate: b["collate_fn"], generator: generator,
                                        numWorkers: try b.int("num_workers"), interp: self))
    }
}

/// `TensorDataset(x, y)`: item i is (x[i], y[i]); a slice gives the sliced tensors.
final class TensorDatasetObject: NativeObject {
    let tensors: [Tensor]
    init(_ t: [Tensor]) { tensors = t }
    override var typeName: String { "TensorDataset" }
    override func repr() -> String { "<torch.utils.data.dataset.TensorDataset object at \(addressString(self))>" }
    override func length() throws -> Int? { tensors.first?.shape.first ?? 0 }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        .tuple(try tensors.map { try interp.getItem(.tensor($0), key) })
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "tensors" ? .tuple(tensors.map { .tensor($0) }) : nil
    }
    /// Python iterates it by indexing 0, 1, … (it has no __iter__).
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        let n = try length() ?? 0
        return AnyIterator((0..<n).lazy.compactMap { try? self.getItem(.int($0), interp) }.makeIterator())
    }
    override func attributeNames() -> [String] { ["tensors"] }
}

/// `Subset(dataset, indices)`.
final class SubsetObject: NativeObject {
    let dataset: Value
    let indices: [Value]
    init(dataset: Value, indices: [Value]) { self.dataset = dataset; self.indices = indices }
    override var typeName: String { "Subset" }
    override func repr() -> String { "<torch.utils.data.dataset.Subset object at \(addressString(self))>" }
    override func length() throws -> Int? { indices.count }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        // Subset.__getitem__: a list of positions indexes the dataset with the list of indices.
        if case .list(let l) = key {
            return try interp.getItem(dataset, .list(PyList(try l.items.map { indices[try interp.sequenceIndex($0, indices.count, "list")] })))
        }
        let i = try interp.sequenceIndex(key, indices.count, "list")
        return try interp.getItem(dataset, indices[i])
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "dataset": return dataset
        case "indices": return .list(PyList(indices))
        default: return nil
        }
    }
    override func attributeNames() -> [String] { ["dataset", "indices"] }
    /// Python iterates it by indexing 0, 1, … (it has no __iter__).
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        AnyIterator(try indices.map { try interp.getItem(dataset, $0) }.makeIterator())
    }
}

/// The samplers: which dataset indices, in which order. As in PyTorch, `__iter__` is a
/// generator: a random sampler draws when its first index is taken, one permutation at a
/// time, and a sequential sampler counts without building a list (`range(10**12)` is fine).
final class SamplerObject: NativeObject {
    enum Kind { case sequential, random, subsetRandom }
    let kind: Kind
    /// The data source (sequential, random) or the index list (subset random).
    let source: Value
    let numSamples: Int?
    let generator: Generator?
    unowned let interp: Interpreter
    init(_ kind: Kind, source: Value, numSamples: Int? = nil, generator: Generator? = nil, interp: Interpreter) {
        self.kind = kind; self.source = source; self.numSamples = numSamples; self.generator = generator
        self.interp = interp
    }
    override var typeName: String {
        switch kind {
        case .sequential: return "SequentialSampler"
        case .random: return "RandomSampler"
        case .subsetRandom: return "SubsetRandomSampler"
        }
    }
    override func repr() -> String { "<torch.utils.data.sampler.\(typeName) object at \(addressString(self))>" }

    /// `len(sampler)`.
    override func length() throws -> Int? {
        switch kind {
        case .sequential, .subsetRandom: return try interp.length(source)
        case .random: return try numSamples ?? interp.length(source)
        }
    }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch (kind, name) {
        case (.sequential, "data_source"), (.random, "data_source"), (.subsetRandom, "indices"): return source
        case (.random, "num_samples"): return .int(try length() ?? 0)
        case (.random, "replacement"): return .bool(false)
        case (.random, "generator"), (.subsetRandom, "generator"):
            return generator.map { .object(GeneratorObject($0)) } ?? Value.none
        default: return nil
        }
    }

    /// A permutation of 0..<n from `g`, as `torch.randperm(n, generator=g)` (its allocator
    /// error for a size past the memory cap).
    static func permutation(_ n: Int, _ g: Generator) throws -> [Int64] {
        do { try MemoryBudget.check(shape: [n], itemSize: 8) } catch let e as TorchError { throw PyError(e) }
        return g.randperm(n)
    }

    /// One pass over the indices; errors are left in `interp.iterationError`.
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        switch kind {
        case .sequential:
            var i = 0
            var n: Int? = nil
            return AnyIterator { [self] in
                do {
                    if n == nil { n = try interp.length(self.source) }
                    guard i < n! else { return nil }
                    defer { i += 1 }
                    return .int(i)
                } catch let e as PyError { interp.iterationError = e; return nil } catch { return nil }
            }
        case .random:
            // RandomSampler.__iter__: a fresh generator seeded from the global one (or the
            // sampler's), then num_samples // n whole permutations and the head of one more.
            var g: Generator? = nil
            var n = 0, wanted = 0, taken = 0
            var perm: [Int64] = [], position = 0
            return AnyIterator { [self] in
                do {
                    if g == nil {
                        n = try interp.length(self.source)
                        wanted = self.numSamples ?? n
                        if let generator = self.generator { g = generator } else {
                            // seed = torch.empty((), dtype=torch.int64).random_().item()
                            let seed = Generator.global.next64() & (UInt64.max >> 1)
                            let fresh = Generator(seed: 0)
                            fresh.manualSeed(seed)
                            g = fresh
                        }
                    }
                    guard n > 0 else { return nil }
                    // The last permutation (`randperm(n)[:num_samples % n]`) is drawn when the
                    // item after the whole ones is asked for, even if none of it is taken.
                    if position == perm.count && taken <= wanted / n * n {
                        perm = try Self.permutation(n, g!)
                        position = 0
                    }
                    guard taken < wanted else { return nil }
                    defer { position += 1; taken += 1 }
                    return .int(Int(perm[position]))
                } catch let e as PyError { interp.iterationError = e; return nil } catch { return nil }
            }
        case .subsetRandom:
            // for i in torch.randperm(len(self.indices), generator=self.generator): yield self.indices[i]
            var items: [Value]? = nil
            var perm: [Int64] = [], position = 0
            return AnyIterator { [self] in
                do {
                    if items == nil {
                        items = try interp.collect(self.source, range: nil)
                        perm = try Self.permutation(items!.count, self.generator ?? Generator.global)
                    }
                    guard position < perm.count else { return nil }
                    defer { position += 1 }
                    return items![Int(perm[position])]
                } catch let e as PyError { interp.iterationError = e; return nil } catch { return nil }
            }
        }
    }
}

/// `BatchSampler(sampler, batch_size, drop_last)`: lists of `batch_size` indices taken from any
/// iterable of indices (a sampler, a range, a list).
final class BatchSamplerObject: NativeObject {
    let sampler: Value
    let batchSize: Int
    let dropLast: Bool
    unowned let interp: Interpreter
    init(sampler: Value, batchSize: Int, dropLast: Bool, interp: Interpreter) {
        self.sampler = sampler; self.batchSize = batchSize; self.dropLast = dropLast; self.interp = interp
    }
    override var typeName: String { "BatchSampler" }
    override func repr() -> String { "<torch.utils.data.sampler.BatchSampler object at \(addressString(self))>" }
    override func length() throws -> Int? {
        let n = try interp.length(sampler)
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "sampler": return sampler
        case "batch_size": return .int(batchSize)
        case "drop_last": return .bool(dropLast)
        default: return nil
        }
    }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        var indices: AnyIterator<Value>? = nil
        return AnyIterator { [self] in
            do {
                if indices == nil { indices = try interp.iterate(self.sampler, range: nil) }
                var batch: [Value] = []
                while batch.count < self.batchSize, let i = indices!.next() { batch.append(i) }
                if interp.iterationError != nil { return nil }
                guard !batch.isEmpty, !(self.dropLast && batch.count < self.batchSize) else { return nil }
                return .list(PyList(batch))
            } catch let e as PyError { interp.iterationError = e; return nil } catch { return nil }
        }
    }
}

/// `DataLoader(dataset, batch_size, shuffle, sampler, batch_sampler, collate_fn, drop_last, generator)`.
/// The sampler (or batch sampler) is any iterable of indices (of lists of indices), taken
/// lazily: a batch fetches its items when the loop asks for it.
final class DataLoaderObject: NativeObject {
    let dataset: Value
    let batchSize: Int?
    let sampler: Value
    let batchSampler: Value?
    let dropLast: Bool
    let collate: Value
    let generator: Generator?
    let numWorkers: Int
    unowned let interp: Interpreter
    init(dataset: Value, batchSize: Int?, sampler: Value, batchSampler: Value?, dropLast: Bool, collate: Value,
         generator: Generator?, numWorkers: Int, interp: Interpreter) {
        self.dataset = dataset; self.batchSize = batchSize; self.sampler = sampler; self.batchSampler = batchSampler
        self.dropLast = dropLast; self.collate = collate; self.generator = generator; self.numWorkers = numWorkers
        self.interp = interp
    }
    override var typeName: String { "DataLoader" }
    override func repr() -> String { "<torch.utils.data.dataloader.DataLoader object at \(addressString(self))>" }
    override func length() throws -> Int? {
        if let batchSampler { return try interp.length(batchSampler) }
        let n = try interp.length(sampler)
        guard let bs = batchSize else { return n }
        return dropLast ? n / bs : (n + bs - 1) / bs
    }

    /// `iter(loader)`: draws the base seed now; the sampler draws at the first batch.
    func makeIterator() throws -> IteratorObject {
        _ = (generator ?? Generator.global).next64()
        var indices: AnyIterator<Value>? = nil
        let interp = self.interp
        let it = AnyIterator<Value> { [self] in
            do {
                if indices == nil { indices = try interp.iterate(self.batchSampler ?? self.sampler, range: nil) }
                let batch: [Value]
                if self.batchSampler != nil {
                    guard let b = indices!.next() else { return nil }
                    batch = try interp.collect(b, range: nil)
                } else if let bs = self.batchSize {
                    var taken: [Value] = []
                    while taken.count < bs, let i = indices!.next() { taken.append(i) }
                    if interp.iterationError != nil { return nil }
                    guard !taken.isEmpty, !(self.dropLast && taken.count < bs) else { return nil }
                    batch = taken
                } else {
                    // batch_size=None: items one by one, not collated.
                    guard let i = indices!.next() else { return nil }
                    return try interp.getItem(self.dataset, i)
                }
                let samples = try batch.map { try interp.getItem(self.dataset, $0) }
                if !self.collate.isNone { return try interp.call(self.collate, Arguments([.list(PyList(samples))])) }
                return try interp.defaultCollate(samples)
            } catch let e as PyError {
                interp.iterationError = e
                return nil
            } catch {
                return nil
            }
        }
        return IteratorObject(it, name: "torch.utils.data.dataloader._SingleProcessDataLoaderIter")
    }

    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        let it = try makeIterator()
        return AnyIterator { it.next() }
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "dataset": return dataset
        case "batch_size": return batchSize.map { .int($0) } ?? Value.none
        case "drop_last": return .bool(dropLast)
        case "num_workers": return .int(numWorkers)
        case "sampler": return sampler
        case "batch_sampler":
            // PyTorch makes a BatchSampler over the sampler when batch_size is given.
            if let batchSampler { return batchSampler }
            return batchSize.map { .object(BatchSamplerObject(sampler: sampler, batchSize: $0, dropLast: dropLast, interp: interp)) } ?? Value.none
        case "collate_fn": return collate
        default: return nil
        }
    }
    override func attributeNames() -> [String] { ["batch_sampler", "batch_size", "collate_fn", "dataset", "drop_last", "num_workers", "sampler"] }
}
