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
            // As scikit-learn builds them: the file's (n, 65) float64 array, `target` an int64 copy of
            // its last column, `data` a view of the other columns, `images` that view reshaped; n_class
            // < 10 selects rows with a mask (copies).
            let all = try Digits.load().array()
            let n = all.shape[0]
            var target = try all.view(shape: [n], strides: [all.strides[0]], offset: all.offset + 64).astype(.int64)
            var data = all.view(shape: [n, 64], strides: [all.strides[0], 1], offset: all.offset)
            var images = try numpyReshape(data, [-1, 8, 8])
            if nClass < 10 {
                let mask = try NDArray(values: target.typedValues(Int64.self).map { $0 < Int64(nClass) }, shape: [n])
                data = try numpyGetIndex(data, [.array(mask)]).0
                target = try numpyGetIndex(target, [.array(mask)]).0
                images = try numpyGetIndex(images, [.array(mask)]).0
            }
            let dataValue = Value.object(data), targetValue = Value.object(target)
            if try b.bool("return_X_y") { return .tuple([dataValue, targetValue]) }
            let bunch = PyDict()
            try bunch.set(.str("data"), dataValue)
            try bunch.set(.str("target"), targetValue)
            try bunch.set(.str("frame"), .none)
            try bunch.set(.str("feature_names"), .list(PyList((0..<8).flatMap { r in (0..<8).map { c in Value.str("pixel_\(r)_\(c)") } })))
            try bunch.set(.str("target_names"), .object(try NDArray(values: (0..<10).map(Int64.init), shape: [10])))
            try bunch.set(.str("images"), .object(images))
            try bunch.set(.str("DESCR"), .str(try Digits.load().description))
            return .object(BunchObject(bunch, self))
        })
        if case .builtin(let f)? = ns.members["load_digits"] { f.signature = sig }
        return ns
    }
}

/// The digits as read once from data/sklearn: one row of 65 numbers per image (64 pixels,
/// row-major, then the digit), as `np.loadtxt` reads digits.csv.gz.
struct Digits {
    let rows: [Double]
    let description: String

    nonisolated(unsafe) private static var cached: Digits?

    static func load() throws -> Digits {
        if let cached { return cached }
        let csv = try DataFiles.gunzip(try DataFiles.locate("sklearn/digits.csv.gz"))
        let rst = try DataFiles.locate("sklearn/digits.rst")
        guard let description = try? String(contentsOfFile: rst, encoding: .utf8) else {
            throw PyError("OSError", "cannot read \(rst)")
        }
        var rows: [Double] = []
        rows.reserveCapacity(1797 * 65)
        for (n, line) in String(decoding: csv, as: UTF8.self).split(separator: "\n").enumerated() {
            let values = line.split(separator: ",").compactMap { Double($0) }
            guard values.count == 65 else {
                throw PyError(.valueError, "digits.csv.gz line \(n + 1): expected 65 numbers")
            }
            rows += values
        }
        let d = Digits(rows: rows, description: description)
        cached = d
        return d
    }

    /// A fresh float64 array of the rows (each call returns new arrays, as scikit-learn's does).
    func array() throws -> NDArray { try NDArray(values: rows, shape: [rows.count / 65, 65]) }
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
