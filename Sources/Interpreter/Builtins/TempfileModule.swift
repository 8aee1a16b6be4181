import Foundation
import NN

/// `tempfile` as checkpoint tutorials use it: a scratch directory to `torch.save` into
/// (`mkdtemp()`, `TemporaryDirectory()` as a `with` block, `gettempdir()`). Unlike `os`, which
/// stays read-only, these create a new, private directory under the system temp dir only, as
/// CPython does (`tmp` + 8 random characters, mode 0700); TemporaryDirectory removes its
/// directory and everything in it when the block ends or `cleanup()` is called.
extension Interpreter {
    func makeTempfileModule() -> NamespaceObject {
        let ns = NamespaceObject("tempfile")
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in try body(try Signature.of(name, sig).bind(a, self)) })
        }
        def("gettempdir", "") { _ in .str(Self.tempDirectory) }
        def("mkdtemp", "suffix=None, prefix=None, dir=None") { [unowned self] b in
            .str(try self.makeTemporaryDirectory(b))
        }
        ns.members["TemporaryDirectory"] = .object(BuiltinType("TemporaryDirectory", test: { v in
            if case .object(_ as TemporaryDirectoryObject) = v { return true }
            return false
        }) { [unowned self] a, _ in
            let b = try Signature.of("TemporaryDirectory", "suffix=None, prefix=None, dir=None, ignore_cleanup_errors=False, *, delete=True").bind(a, self)
            return .object(TemporaryDirectoryObject(path: try self.makeTemporaryDirectory(b), delete: try b.bool("delete")))
        })
        return ns
    }

    /// CPython's `tempfile.gettempdir()`: TMPDIR, TEMP or TMP when set, else /tmp.
    static var tempDirectory: String {
        let env = ProcessInfo.processInfo.environment
        for key in ["TMPDIR", "TEMP", "TMP"] {
            if let d = env[key], !d.isEmpty { return d.count > 1 && d.hasSuffix("/") ? String(d.dropLast()) : d }
        }
        return "/tmp"
    }

    /// Creates `dir/prefix + 8 random characters + suffix` (mode 0700), retrying on a name clash.
    func makeTemporaryDirectory(_ b: BoundArgs) throws -> String {
        func text(_ name: String, _ fallback: String) throws -> String {
            if b.isNone(name) { return fallback }
            guard case .str(let s) = b[name] else {
                throw PyError(.typeError, "can only concatenate str (not \"\(typeName(b[name]))\") to str")
            }
            return s
        }
        let suffix = try text("suffix", ""), prefix = try text("prefix", "tmp"), dir = try text("dir", Self.tempDirectory)
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789_")
        for _ in 0..<100 {
            let name = prefix + String((0..<8).map { _ in letters.randomElement()! }) + suffix
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            if mkdir(path, 0o700) == 0 {
                scratchDirectories.append(Self.normPath(path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path))
                return path
            }
            let code = errno
            if code == EEXIST { continue }
            throw PyError(code == ENOENT ? "FileNotFoundError" : "OSError", "[Errno \(code)] \(String(cString: strerror(code))): \(pythonStringRepr(path))")
        }
        throw PyError("FileExistsError", "[Errno 17] No usable temporary directory name found")
    }
}

/// `tempfile.TemporaryDirectory()`: `with` gives its path; the directory goes at the block's end.
final class TemporaryDirectoryObject: NativeObject, ContextManager {
    let path: String
    let delete: Bool
    init(path: String, delete: Bool) { self.path = path; self.delete = delete }
    override var typeName: String { "TemporaryDirectory" }
    override func repr() -> String { "<TemporaryDirectory \(pythonStringRepr(path))>" }
    func enter(_ interp: Interpreter) throws -> Value { .str(path) }
    func exit(_ interp: Interpreter) { if delete { cleanup() } }
    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "name": return .str(path)
        case "cleanup": return .builtin(BuiltinFunction("cleanup") { _, _ in self.cleanup(); return .none })
        default: return nil
        }
    }
}
