import Foundation
import Engine

/// `sklearn.datasets.load_digits`: the 1,797 handwritten 8×8 digits scikit-learn ships
/// (data/sklearn/digits.csv.gz, read as `load_digits` reads it), so lessons train on real data.
extension Interpreter {
    func makeSklearnDatasetsModule() -> NamespaceObject {
        let ns = NamespaceObject("sklearn.datasets")
        let sig = "*, n_class=10, return_X_y=False, as_frame=False"
        ns.members["load_digits"] = .builtin(BuiltinFunction("load_digits") { [unowned self] a, _ in
            let b = try Signature.of("load_digits", sig).bind(a, self)
            // scikit-learn's parameter validation, in its words.
            guard case .int(let nClass) = b["n_class"], (1...10).contains(nClass) else {
                throw PyError("InvalidParameterError", "The 'n_class' parameter of load_digits must be an int in the range [1, 10]. Got \(try self.repr(b["n_class"])) instead.")
            }
            for name in ["return_X_y", "as_frame"] {
                guard case .bool = b[name] else {
                    throw PyError("InvalidParameterError", "The '\(name)' parameter of load_digits must be an instance of 'bool' or an instance of 'numpy.bool'. Got \(try self.repr(b[name])) instead.")
                }
            }
            if try b.bool("as_frame") {
                throw PyError("ModuleNotFoundError", "No module named 'pandas' (nnrepl has no pandas: load_digits(as_frame=True) needs it)")
            }
            let digits = try Digits.load()
            let keep = digits.target.indices.filter { digits.target[$0] < Int64(nClass) }
            var pixels: [Float] = []
            pixels.reserveCapacity(keep.count * 64)
            for i in keep { pixels += digits.pixels[i * 64..<(i + 1) * 64] }
            let target = keep.map { digits.target[$0] }
            let data = try self.datasetArray(floats: pixels, shape: [keep.count, 64])
            let targetValue = try self.datasetArray(ints: target, shape: [keep.count])
            if try b.bool("return_X_y") { return .tuple([data, targetValue]) }
            let bunch = PyDict()
            try bunch.set(.str("data"), data)
            try bunch.set(.str("target"), targetValue)
            try bunch.set(.str("frame"), .none)
            try bunch.set(.str("feature_names"), .list(PyList((0..<8).flatMap { r in (0..<8).map { c in Value.str("pixel_\(r)_\(c)") } })))
            try bunch.set(.str("target_names"), try self.datasetArray(ints: (0..<10).map(Int64.init), shape: [10]))
            try bunch.set(.str("images"), try self.datasetArray(floats: pixels, shape: [keep.count, 8, 8]))
            try bunch.set(.str("DESCR"), .str(digits.description))
            return .object(BunchObject(bunch, self))
        })
        if case .builtin(let f)? = ns.members["load_digits"] { f.signature = sig }
        return ns
    }

    /// The arrays a data set returns. scikit-learn returns numpy arrays (float64 data, int64
    /// targets); until nnrepl has numpy they are tensors of those dtypes, which
    /// `torch.as_tensor(x, dtype=torch.float32)` and indexing treat as they treat the arrays.
    func datasetArray(floats: [Float], shape: [Int]) throws -> Value {
        .tensor(DatasetArrays.mark(try Tensor(floats: floats, shape: shape).to(.float64)))   // exact: integers 0…16
    }

    func datasetArray(ints: [Int64], shape: [Int]) throws -> Value {
        .tensor(DatasetArrays.mark(try Tensor(int64s: ints, shape: shape)))
    }

    /// `torch.from_numpy(array)` for a data set's arrays while they are tensors: the same data,
    /// shared, as from_numpy shares an array's memory. Anything else is PyTorch's TypeError.
    /// (numpy's own `from_numpy`, when nnrepl has numpy, takes precedence.)
    func installDatasetArrayInterop(_ ns: NamespaceObject) {
        guard ns.members["from_numpy"] == nil else { return }
        ns.members["from_numpy"] = .builtin(BuiltinFunction("from_numpy") { [unowned self] a, _ in
            guard a.positional.count == 1, a.keywords.isEmpty else {
                throw PyError(.typeError, "from_numpy() takes exactly 1 argument (\(a.positional.count + a.keywords.count) given)")
            }
            guard case .tensor(let t) = a.positional[0], DatasetArrays.contains(t) else {
                throw PyError(.typeError, "expected np.ndarray (got \(self.typeName(a.positional[0])))")
            }
            return .tensor(t.detach())
        })
    }
}

/// The tensors a data set handed out in place of numpy arrays (held weakly), so that
/// `torch.tensor(array)` copies them without the tensor-copy warning and `torch.from_numpy`
/// accepts them, as for arrays in Python.
enum DatasetArrays {
    private final class WeakTensor { weak var tensor: Tensor?; init(_ t: Tensor) { tensor = t } }
    nonisolated(unsafe) private static var marked: [ObjectIdentifier: WeakTensor] = [:]

    static func mark(_ t: Tensor) -> Tensor {
        marked = marked.filter { $0.value.tensor != nil }
        marked[ObjectIdentifier(t)] = WeakTensor(t)
        return t
    }

    static func contains(_ t: Tensor) -> Bool { marked[ObjectIdentifier(t)]?.tensor === t }
}

/// The digits as read once from data/sklearn: 64 pixels per image, row-major, and the digit.
struct Digits {
    let pixels: [Float]
    let target: [Int64]
    let description: String

    nonisolated(unsafe) private static var cached: Digits?

    static func load() throws -> Digits {
        if let cached { return cached }
        let csv = try DataFiles.gunzip(try DataFiles.locate("sklearn/digits.csv.gz"))
        let rst = try DataFiles.locate("sklearn/digits.rst")
        guard let description = try? String(contentsOfFile: rst, encoding: .utf8) else {
            throw PyError("OSError", "cannot read \(rst)")
        }
        var pixels: [Float] = [], target: [Int64] = []
        pixels.reserveCapacity(1797 * 64)
        for (n, line) in String(decoding: csv, as: UTF8.self).split(separator: "\n").enumerated() {
            let values = line.split(separator: ",").compactMap { Double($0) }
            guard values.count == 65 else {
                throw PyError(.valueError, "digits.csv.gz line \(n + 1): expected 65 numbers")
            }
            pixels += values[0..<64].map { Float($0) }
            target.append(Int64(values[64]))
        }
        let d = Digits(pixels: pixels, target: target, description: description)
        cached = d
        return d
    }
}

/// scikit-learn's `Bunch`: a dict whose keys are also attributes (`digits.images`,
/// `digits['images']`, `digits.keys()`).
final class BunchObject: NativeObject {
    let dict: PyDict
    unowned let interp: Interpreter
    init(_ d: PyDict, _ interp: Interpreter) { dict = d; self.interp = interp }
    override var typeName: String { "Bunch" }
    override func repr() -> String { (try? interp.repr(.dict(dict))) ?? "{...}" }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if let v = try dict.get(.str(name)) { return v }
        return try interp.lookupAttribute(.dict(dict), name)
    }
    override func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        try dict.set(.str(name), value)
        return true
    }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        guard let v = try dict.get(key) else { throw PyError(.keyError, try interp.repr(key)) }
        return v
    }
    override func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws { try dict.set(key, value) }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? { AnyIterator(dict.keys.makeIterator()) }
    override func length() throws -> Int? { dict.count }
    override func attributeNames() -> [String] {
        dict.keys.compactMap { if case .str(let s) = $0 { return s }; return nil } + ["keys", "values", "items", "get"]
    }
}
