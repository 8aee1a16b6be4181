import Engine
import NN
import Foundation

/// `os`, `os.path`, `sys` and `__future__` as far as tutorial scripts use them. `os` is
/// read-only: paths are computed as `posixpath` computes them, and a script may ask whether a
/// file exists, list a directory or read an environment variable, but nothing here creates,
/// changes or deletes a file (`os.makedirs`, `os.remove`, … say so). `from __future__ import …`
/// accepts every feature Python 3.11 knows, as the no-op it is in Python 3.
extension Interpreter {
    func makeOSModule() -> NamespaceObject {
        let ns = NamespaceObject("os")
        ns.members["path"] = .object(makeOSPathModule())
        ns.members["sep"] = .str("/")
        ns.members["curdir"] = .str(".")
        ns.members["pardir"] = .str("..")
        ns.members["linesep"] = .str("\n")
        ns.members["pathsep"] = .str(":")
        ns.members["name"] = .str("posix")
        ns.members["environ"] = .object(EnvironObject())
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in try body(try Signature.of(name, sig).bind(a, self)) })
        }
        def("getcwd", "") { _ in .str(FileManager.default.currentDirectoryPath) }
        def("getenv", "key, default=None") { b in
            guard case .str(let k) = b["key"] else { throw PyError(.typeError, "str expected, not \(self.typeName(b["key"]))") }
            return ProcessInfo.processInfo.environment[k].map { .str($0) } ?? b["default"]
        }
        def("listdir", "path='.'") { [unowned self] b in
            let p = try self.pathArgument(b["path"], "listdir")
            guard let items = try? FileManager.default.contentsOfDirectory(atPath: p) else {
                throw PyError("FileNotFoundError", "[Errno 2] No such file or directory: \(pythonStringRepr(p))")
            }
            return .list(PyList(items.map { .str($0) }))
        }
        def("cpu_count", "") { _ in .int(ProcessInfo.processInfo.activeProcessorCount) }
        // Inside a scratch directory this script made with `tempfile` (and only there), files and
        // folders may be removed, as checkpoint tutorials clean up after themselves.
        for name in ["remove", "unlink"] {
            def(name, "path, *, dir_fd=None") { [unowned self] b in
                let p = try self.scratchPath(b["path"], name)
                if unlink(p.real) != 0 { throw Self.osError(errno, p.given) }
                return .none
            }
        }
        def("rmdir", "path, *, dir_fd=None") { [unowned self] b in
            let p = try self.scratchPath(b["path"], "rmdir", allowRoot: true)
            if Foundation.rmdir(p.real) != 0 { throw Self.osError(errno, p.given) }
            return .none
        }
        // Making a directory destroys nothing, so it is allowed anywhere (`os.makedirs("models",
        // exist_ok=True)` before `torch.save`, which also writes where it is told).
        def("mkdir", "path, mode=511, *, dir_fd=None") { [unowned self] b in
            let p = try self.pathArgument(b["path"], "mkdir")
            if Foundation.mkdir(p, mode_t(truncatingIfNeeded: try b.int("mode") & 0o7777)) != 0 { throw Self.osError(errno, p) }
            return .none
        }
        def("makedirs", "name, mode=511, exist_ok=False") { [unowned self] b in
            let p = try self.pathArgument(b["name"], "makedirs")
            try PathObject(PathObject.parse(p), concrete: true).makeDirectory(mode: try b.int("mode"), parents: true, existOK: try b.bool("exist_ok"))
            return .none
        }
        def("fspath", "path") { [unowned self] b in
            guard let p = self.fileSystemPath(b["path"]) else {
                throw PyError(.typeError, "expected str, bytes or os.PathLike object, not \(self.typeName(b["path"]))")
            }
            return .str(p)
        }
        def("stat", "path, *, dir_fd=None, follow_symlinks=True") { [unowned self] b in
            let p = try self.pathArgument(b["path"], "stat")
            guard let s = PathObject.statInfo(p, follow: try b.bool("follow_symlinks")) else { throw Self.osError(errno, p) }
            return .object(StatResultObject(s))
        }
        def("scandir", "path='.'") { [unowned self] b in
            let top = try self.pathArgument(b["path"], "scandir")
            let entries = try PathObject.directoryEntries(top).map { e in
                Value.object(DirEntryObject(name: e.name, path: top.hasSuffix("/") ? top + e.name : top + "/" + e.name, isDirectory: e.isDirectory, isLink: e.isLink))
            }
            return .object(ScandirIterator(entries))
        }
        def("walk", "top, topdown=True, onerror=None, followlinks=False") { [unowned self] b in
            let top = try self.pathArgument(b["top"], "walk")
            return .object(IteratorObject(DirectoryWalk(top: top, followLinks: try b.bool("followlinks")), name: "generator", qualifiedName: "walk"))
        }
        for name in ["removedirs", "rename", "replace", "chdir", "system", "chmod"] {
            ns.members[name] = .builtin(BuiltinFunction(name) { _, _ in
                throw PyError(.notImplementedError, "os.\(name)() is not available in nnrepl: scripts do not change files or directories")
            })
        }
        return ns
    }

    func makeOSPathModule() -> NamespaceObject {
        let ns = NamespaceObject("posixpath")
        func def(_ name: String, _ body: @escaping ([String]) throws -> Value) {
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in
                try body(try a.positional.map { try self.pathArgument($0, name) })
            })
        }
        def("join") { p in
            guard var path = p.first else { throw PyError(.typeError, "join() missing 1 required positional argument: 'a'") }
            for b in p.dropFirst() {
                if b.hasPrefix("/") { path = b } else if path.isEmpty || path.hasSuffix("/") { path += b } else { path += "/" + b }
            }
            return .str(path)
        }
        def("basename") { p in .str(Self.splitPath(try Self.one(p, "basename")).tail) }
        def("dirname") { p in .str(Self.splitPath(try Self.one(p, "dirname")).head) }
        def("split") { p in let (h, t) = Self.splitPath(try Self.one(p, "split")); return .tuple([.str(h), .str(t)]) }
        def("splitext") { p in let (r, e) = Self.splitExt(try Self.one(p, "splitext")); return .tuple([.str(r), .str(e)]) }
        def("relpath") { p in
            guard let path = p.first, p.count <= 2 else { throw PyError(.typeError, "relpath() takes from 1 to 2 positional arguments but \(p.count) were given") }
            guard !path.isEmpty else { throw PyError(.valueError, "no path specified") }
            let cwd = FileManager.default.currentDirectoryPath
            func absolute(_ s: String) -> [Substring] {
                Self.normPath(s.hasPrefix("/") ? s : cwd + "/" + s).split(separator: "/")
            }
            let target = absolute(path), start = absolute(p.count == 2 ? p[1] : ".")
            var common = 0
            while common < min(target.count, start.count) && target[common] == start[common] { common += 1 }
            let parts = Array(repeating: "..", count: start.count - common) + target[common...].map(String.init)
            return .str(parts.isEmpty ? "." : parts.joined(separator: "/"))
        }
        def("isabs") { p in .bool(try Self.one(p, "isabs").hasPrefix("/")) }
        def("normpath") { p in .str(Self.normPath(try Self.one(p, "normpath"))) }
        def("abspath") { p in
            let s = try Self.one(p, "abspath")
            return .str(Self.normPath(s.hasPrefix("/") ? s : FileManager.default.currentDirectoryPath + "/" + s))
        }
        def("expanduser") { p in
            let s = try Self.one(p, "expanduser")
            guard s == "~" || s.hasPrefix("~/") else { return .str(s) }
            return .str((ProcessInfo.processInfo.environment["HOME"] ?? "/") + s.dropFirst())
        }
        def("exists") { p in .bool(FileManager.default.fileExists(atPath: try Self.one(p, "exists"))) }
        def("isfile") { p in
            var dir: ObjCBool = false
            return .bool(FileManager.default.fileExists(atPath: try Self.one(p, "isfile"), isDirectory: &dir) && !dir.boolValue)
        }
        def("isdir") { p in
            var dir: ObjCBool = false
            return .bool(FileManager.default.fileExists(atPath: try Self.one(p, "isdir"), isDirectory: &dir) && dir.boolValue)
        }
        def("getsize") { p in
            let s = try Self.one(p, "getsize")
            guard let n = (try? FileManager.default.attributesOfItem(atPath: s))?[.size] as? NSNumber else {
                throw PyError("FileNotFoundError", "[Errno 2] No such file or directory: \(pythonStringRepr(s))")
            }
            return .int(n.intValue)
        }
        ns.members["sep"] = .str("/")
        return ns
    }

    /// A path given to `os.remove`/`rmdir`/`mkdir`/`makedirs`: allowed only strictly inside a
    /// directory this session made with `tempfile` (`allowRoot`: or that directory itself).
    /// Paths are compared after `normpath`; a script cannot make symbolic links, so a path
    /// inside the scratch directory stays inside it.
    func scratchPath(_ v: Value, _ function: String, allowRoot: Bool = false, display: String? = nil) throws -> (given: String, real: String) {
        let given = try pathArgument(v, function)
        let real = Self.normPath(given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given)
        let inside = scratchDirectories.contains { real.hasPrefix($0 + "/") || (allowRoot && real == $0) }
        guard inside else {
            throw PyError(.notImplementedError, "\(display ?? "os.\(function)()") is not available in nnrepl outside a tempfile directory: scripts do not change other files or directories")
        }
        return (given, real)
    }

    /// Python's OSError subclass and message for `errno` on `path`.
    static func osError(_ code: Int32, _ path: String) -> PyError {
        let kind: String
        switch code {
        case ENOENT: kind = "FileNotFoundError"
        case EEXIST: kind = "FileExistsError"
        case EISDIR: kind = "IsADirectoryError"
        case ENOTDIR: kind = "NotADirectoryError"
        case EACCES, EPERM: kind = "PermissionError"
        default: kind = "OSError"
        }
        return PyError(kind, "[Errno \(code)] \(String(cString: strerror(code))): \(pythonStringRepr(path))")
    }

    func pathArgument(_ v: Value, _ function: String) throws -> String {
        guard let s = fileSystemPath(v) else {
            throw PyError(.typeError, "\(function)() argument must be str, bytes, or os.PathLike object, not '\(typeName(v))'")
        }
        return s
    }

    private static func one(_ p: [String], _ name: String) throws -> String {
        guard p.count == 1 else { throw PyError(.typeError, "\(name)() takes 1 positional argument but \(p.count) were given") }
        return p[0]
    }

    /// `posixpath.split`.
    static func splitPath(_ p: String) -> (head: String, tail: String) {
        let chars = Array(p)
        let i = (chars.lastIndex(of: "/") ?? -1) + 1
        var head = String(chars[..<i])
        let tail = String(chars[i...])
        if !head.isEmpty && head != String(repeating: "/", count: head.count) {
            while head.hasSuffix("/") { head.removeLast() }
        }
        return (head, tail)
    }

    /// `posixpath.splitext`: leading dots of the file name do not start an extension.
    static func splitExt(_ p: String) -> (String, String) {
        let chars = Array(p)
        let sepIndex = chars.lastIndex(of: "/") ?? -1
        guard let dotIndex = chars.lastIndex(of: "."), dotIndex > sepIndex else { return (p, "") }
        var i = sepIndex + 1
        while i < dotIndex {
            if chars[i] != "." { return (String(chars[..<dotIndex]), String(chars[dotIndex...])) }
            i += 1
        }
        return (p, "")
    }

    /// `posixpath.normpath`.
    static func normPath(_ p: String) -> String {
        if p.isEmpty { return "." }
        let initialSlashes = p.hasPrefix("//") && !p.hasPrefix("///") ? 2 : (p.hasPrefix("/") ? 1 : 0)
        var out: [Substring] = []
        for comp in p.split(separator: "/", omittingEmptySubsequences: true) where comp != "." {
            if comp != ".." || (initialSlashes == 0 && out.isEmpty) || (out.last == "..") {
                out.append(comp)
            } else if !out.isEmpty {
                out.removeLast()
            }
        }
        let body = out.joined(separator: "/")
        let result = String(repeating: "/", count: initialSlashes) + body
        return result.isEmpty ? "." : result
    }

    func makeSysModule() -> NamespaceObject {
        let ns = NamespaceObject("sys")
        ns.members["argv"] = .list(PyList([.str(scriptName)]))
        ns.members["platform"] = .str("linux")
        ns.members["maxsize"] = .int(Int.max)
        ns.members["version_info"] = .tuple([.int(3), .int(11), .int(7), .str("final"), .int(0)])
        ns.members["exit"] = .builtin(BuiltinFunction("exit") { _, _ in throw PyError("SystemExit", "") })
        ns.members["getrecursionlimit"] = .builtin(BuiltinFunction("getrecursionlimit") { [unowned self] _, _ in .int(self.recursionLimit) })
        return ns
    }

    /// `__future__`: the features Python 3.11 knows, each a `_Feature` as its repr shows.
    func makeFutureModule() -> NamespaceObject {
        let ns = NamespaceObject("__future__")
        let features: [(String, String)] = [
            ("nested_scopes", "_Feature((2, 1, 0, 'beta', 1), (2, 2, 0, 'alpha', 0), 16)"),
            ("generators", "_Feature((2, 2, 0, 'alpha', 1), (2, 3, 0, 'final', 0), 0)"),
            ("division", "_Feature((2, 2, 0, 'alpha', 2), (3, 0, 0, 'alpha', 0), 131072)"),
            ("absolute_import", "_Feature((2, 5, 0, 'alpha', 1), (3, 0, 0, 'alpha', 0), 262144)"),
            ("with_statement", "_Feature((2, 5, 0, 'alpha', 1), (2, 6, 0, 'alpha', 0), 524288)"),
            ("print_function", "_Feature((2, 6, 0, 'alpha', 2), (3, 0, 0, 'alpha', 0), 1048576)"),
            ("unicode_literals", "_Feature((2, 6, 0, 'alpha', 2), (3, 0, 0, 'alpha', 0), 2097152)"),
            ("barry_as_FLUFL", "_Feature((3, 1, 0, 'alpha', 2), (4, 0, 0, 'alpha', 0), 4194304)"),
            ("generator_stop", "_Feature((3, 5, 0, 'beta', 1), (3, 7, 0, 'alpha', 0), 8388608)"),
            ("annotations", "_Feature((3, 7, 0, 'beta', 1), None, 16777216)"),
        ]
        for (name, repr) in features { ns.members[name] = .object(FutureFeature(repr)) }
        ns.members["all_feature_names"] = .list(PyList(features.map { .str($0.0) }))
        return ns
    }

    /// `torch.functional`: the functions PyTorch defines there, as the `torch` module has them.
    func makeTorchFunctionalModule() throws -> NamespaceObject {
        let ns = NamespaceObject("torch.functional")
        let torch = try importModule("torch", range: nil)
        for name in ["atleast_1d", "atleast_2d", "atleast_3d", "block_diag", "broadcast_shapes", "broadcast_tensors",
                     "cartesian_prod", "cdist", "chain_matmul", "einsum", "lu", "meshgrid", "norm", "split", "stft",
                     "tensordot", "unique", "unique_consecutive", "unravel_index", "Tensor"] {
            if let v = try lookupAttribute(torch, name) { ns.members[name] = v }
        }
        ns.members["torch"] = torch
        ns.members["F"] = try importModule("torch.nn.functional", range: nil)
        return ns
    }
}

/// A `__future__` feature.
final class FutureFeature: NativeObject {
    let text: String
    init(_ text: String) { self.text = text }
    override var typeName: String { "_Feature" }
    override func repr() -> String { text }
}

/// `os.environ`: the process environment, read-only.
final class EnvironObject: NativeObject {
    var env: [String: String] { ProcessInfo.processInfo.environment }
    override var typeName: String { "_Environ" }
    override func repr() -> String { "environ({…})" }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        guard case .str(let k) = key, let v = env[k] else { throw PyError(.keyError, try interp.repr(key)) }
        return .str(v)
    }
    override func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        throw PyError(.notImplementedError, "os.environ is read-only in nnrepl")
    }
    override func length() throws -> Int? { env.count }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? { AnyIterator(env.keys.sorted().map { Value.str($0) }.makeIterator()) }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "get":
            return .builtin(BuiltinFunction("get") { a, i in
                guard let k = a.positional.first else { throw PyError(.typeError, "get() missing 1 required positional argument: 'key'") }
                if case .str(let s) = k, let v = self.env[s] { return .str(v) }
                return a.positional.count > 1 ? a.positional[1] : .none
            })
        case "keys": return .builtin(BuiltinFunction("keys") { _, _ in .list(PyList(self.env.keys.sorted().map { .str($0) })) })
        default: return nil
        }
    }
}
