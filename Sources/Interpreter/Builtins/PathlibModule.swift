import Foundation
import Glibc
import NN

/// `pathlib` as course code uses it to name checkpoints and data folders:
/// `MODEL_PATH = Path("models")`, `MODEL_PATH.mkdir(parents=True, exist_ok=True)`,
/// `torch.save(obj=..., f=MODEL_PATH / "model.pth")`, `image_path.glob("*/*/*.jpg")`,
/// `Path(f).stat().st_size`. Paths are parsed, joined and printed as Python 3.11's
/// PurePosixPath does; the file-system methods follow the policy of `os`: asking about files and
/// making directories is allowed anywhere, reading and writing text and removing only inside a
/// directory this session made with `tempfile`.
extension Interpreter {
    func makePathlibModule() -> NamespaceObject {
        let ns = NamespaceObject("pathlib")
        func pathType(_ name: String, concrete: Bool, instancesOf testConcrete: Bool) -> BuiltinType {
            let t = BuiltinType(name, test: { v in
                guard case .object(let p as PathObject) = v else { return false }
                return !testConcrete || p.concrete
            }) { [unowned self] a, _ in
                guard a.keywords.isEmpty else {
                    throw PyError(.typeError, "\(name).__new__() got an unexpected keyword argument '\(a.keywords[0].0)'")
                }
                return .object(PathObject(try self.pathParts(a.positional), concrete: concrete))
            }
            t.qualifiedName = "pathlib." + name
            return t
        }
        let path = pathType("Path", concrete: true, instancesOf: true)
        let posix = pathType("PosixPath", concrete: true, instancesOf: true)
        let pure = pathType("PurePath", concrete: false, instancesOf: false)
        let purePosix = pathType("PurePosixPath", concrete: false, instancesOf: false)
        for t in [path, posix] {
            t.staticMembers["cwd"] = .builtin(BuiltinFunction("cwd") { a, _ in
                guard a.positional.isEmpty, a.keywords.isEmpty else { throw PyError(.typeError, "Path.cwd() takes 1 positional argument but \(a.positional.count + 1) were given") }
                return .object(PathObject(PathObject.parse(FileManager.default.currentDirectoryPath), concrete: true))
            })
            t.staticMembers["home"] = .builtin(BuiltinFunction("home") { a, _ in
                guard a.positional.isEmpty, a.keywords.isEmpty else { throw PyError(.typeError, "Path.home() takes 1 positional argument but \(a.positional.count + 1) were given") }
                return .object(PathObject(PathObject.parse(ProcessInfo.processInfo.environment["HOME"] ?? "/"), concrete: true))
            })
        }
        nativeTypes["pathlib.PosixPath"] = posix
        nativeTypes["pathlib.PurePosixPath"] = purePosix
        ns.members["Path"] = .object(path)
        ns.members["PosixPath"] = .object(posix)
        ns.members["PurePath"] = .object(pure)
        ns.members["PurePosixPath"] = .object(purePosix)
        return ns
    }

    /// The parsed parts of `Path(*segments)`: each segment a str or a path; a later absolute
    /// segment starts over, as in pathlib.
    func pathParts(_ segments: [Value]) throws -> PathObject.Parts {
        var result = PathObject.Parts(root: "", names: [])
        for s in segments {
            let piece: PathObject.Parts
            switch s {
            case .str(let text): piece = PathObject.parse(text)
            case .object(let p as PathObject): piece = p.parts
            default:
                throw PyError(.typeError, "expected str, bytes or os.PathLike object, not \(typeName(s))")
            }
            result = piece.root.isEmpty ? PathObject.Parts(root: result.root, names: result.names + piece.names) : piece
        }
        return result
    }

    /// `os.fspath(v)`: the string a str or path stands for, or nil.
    func fileSystemPath(_ v: Value) -> String? {
        switch v {
        case .str(let s): return s
        case .object(let p as PathObject): return p.text
        default: return nil
        }
    }
}

/// A `pathlib.PosixPath` (`concrete`, with file-system methods) or `PurePosixPath`.
final class PathObject: NativeObject, NativeNumeric {
    /// A parsed path: its root ("", "/" or "//", as POSIX keeps exactly two leading slashes) and
    /// its names, with empty and "." components dropped ("a//./b/" is "a/b"; ".." stays).
    struct Parts: Equatable {
        var root: String
        var names: [String]
    }
    let parts: Parts
    let concrete: Bool
    init(_ parts: Parts, concrete: Bool) { self.parts = parts; self.concrete = concrete }

    static func parse(_ text: String) -> Parts {
        var root = ""
        if text.hasPrefix("/") { root = text.hasPrefix("//") && !text.hasPrefix("///") ? "//" : "/" }
        let names = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
        return Parts(root: root, names: names)
    }

    var text: String {
        let s = parts.root + parts.names.joined(separator: "/")
        return s.isEmpty ? "." : s
    }
    var className: String { concrete ? "PosixPath" : "PurePosixPath" }
    override var typeName: String { className }
    override func repr() -> String { "\(className)(\(pythonStringRepr(text)))" }
    override func str() -> String { text }
    override func equals(_ other: Value) -> Bool? {
        guard case .object(let o as PathObject) = other else { return false }
        return o.parts == parts
    }
    override func hashKey() -> HashKey? { .tuple([.identity(ObjectIdentifier(PathObject.self)), .str(text)]) }
    override func truthy() -> Bool? { true }

    func with(_ names: [String], root: String? = nil) -> PathObject {
        PathObject(Parts(root: root ?? parts.root, names: names), concrete: concrete)
    }
    var name: String { parts.names.last ?? "" }
    /// pathlib's `suffix`: from the last dot of the name, unless the dot is its first or last character.
    var suffix: String {
        let n = Array(name)
        guard let i = n.lastIndex(of: "."), i > 0, i < n.count - 1 else { return "" }
        return String(n[i...])
    }
    var stem: String { suffix.isEmpty ? name : String(name.dropLast(suffix.count)) }
    var suffixes: [String] {
        if name.hasSuffix(".") { return [] }
        let trimmed = name.drop { $0 == "." }
        return trimmed.split(separator: ".", omittingEmptySubsequences: false).dropFirst().map { "." + $0 }
    }
    var parent: PathObject { parts.names.isEmpty ? self : with(Array(parts.names.dropLast())) }
    /// `parts` as pathlib gives them: the root first when there is one.
    var partsTuple: [String] { (parts.root.isEmpty ? [] : [parts.root]) + parts.names }

    // MARK: operators

    func binaryOperation(_ op: BinaryOp, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .div else { return nil }
        let otherParts: Parts
        switch other {
        case .str(let s): otherParts = Self.parse(s)
        case .object(let p as PathObject): otherParts = p.parts
        default: return nil
        }
        let (first, second) = reflected ? (otherParts, parts) : (parts, otherParts)
        let joined = second.root.isEmpty ? Parts(root: first.root, names: first.names + second.names) : second
        return .object(PathObject(joined, concrete: concrete))
    }
    /// Ordering is the evaluator's (`order`), by parts as pathlib compares.
    func comparison(_ op: CompareOp, _ other: Value, _ interp: Interpreter) throws -> Value? { nil }
    func unaryOperation(_ op: UnaryOp, _ interp: Interpreter) throws -> Value? { nil }
    func inPlaceOperation(_ op: BinaryOp, _ other: Value, _ interp: Interpreter) throws -> Value? { nil }
    func absolute(_ interp: Interpreter) throws -> Value? { nil }
    func round(ndigits: Int?, _ interp: Interpreter) throws -> Value? { nil }
    var pythonNumber: Value? { nil }
    var pythonIndex: Int? { nil }

    // MARK: attributes

    static let pureNames = ["anchor", "as_posix", "as_uri", "drive", "is_absolute", "is_relative_to", "joinpath", "match",
                            "name", "parent", "parents", "parts", "relative_to", "root", "stem", "suffix", "suffixes",
                            "with_name", "with_stem", "with_suffix"]
    static let concreteNames = ["absolute", "cwd", "exists", "expanduser", "glob", "home", "is_dir", "is_file", "is_symlink",
                                "iterdir", "mkdir", "open", "read_text", "resolve", "rglob", "rmdir", "stat", "touch",
                                "unlink", "write_text"]
    override func attributeNames() -> [String] { (Self.pureNames + (concrete ? Self.concreteNames : [])).sorted() }

    override func getAttribute(_ attribute: String, _ interp: Interpreter) throws -> Value? {
        func method(_ signature: String, _ body: @escaping (BoundArgs) throws -> Value) -> Value {
            .builtin(BuiltinFunction(attribute) { [unowned interp] a, _ in
                try body(try Signature.of("\(self.className).\(attribute)", signature).bind(a, interp))
            })
        }
        switch attribute {
        case "name": return .str(name)
        case "stem": return .str(stem)
        case "suffix": return .str(suffix)
        case "suffixes": return .list(PyList(suffixes.map { .str($0) }))
        case "parent": return .object(parent)
        case "parents": return .object(PathParentsObject(self))
        case "parts": return .tuple(partsTuple.map { .str($0) })
        case "root", "anchor": return .str(parts.root)
        case "drive": return .str("")
        case "as_posix", "__fspath__": return method("") { _ in .str(self.text) }
        case "as_uri":
            return method("") { _ in
                guard !self.parts.root.isEmpty else { throw PyError(.valueError, "relative path can't be expressed as a file URI") }
                return .str("file://" + (self.text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? self.text))
            }
        case "is_absolute": return method("") { _ in .bool(!self.parts.root.isEmpty) }
        case "joinpath":
            return .builtin(BuiltinFunction(attribute) { [unowned interp] a, _ in
                .object(PathObject(try interp.pathParts([.object(self)] + a.positional), concrete: self.concrete))
            })
        case "with_name": return method("name") { b in .object(try self.withName(try b.string("name"))) }
        case "with_stem": return method("stem") { b in .object(try self.withName(try b.string("stem") + self.suffix)) }
        case "with_suffix": return method("suffix") { b in .object(try self.withSuffix(try b.string("suffix"))) }
        case "relative_to", "is_relative_to":
            return .builtin(BuiltinFunction(attribute) { [unowned interp] a, _ in
                guard !a.positional.isEmpty else { throw PyError(.typeError, "need at least one argument") }
                do {
                    let r = try self.relative(to: try interp.pathParts(a.positional))
                    return attribute == "relative_to" ? .object(r) : .bool(true)
                } catch let e as PyError where attribute == "is_relative_to" && e.typeName == "ValueError" {
                    return .bool(false)
                }
            })
        case "match": return method("path_pattern") { b in .bool(try self.matches(try b.string("path_pattern"))) }
        default: break
        }
        guard concrete else { return nil }
        switch attribute {
        case "exists": return method("") { _ in .bool(Self.statInfo(self.text) != nil) }
        case "is_file": return method("") { _ in .bool(Self.statInfo(self.text).map { $0.st_mode & S_IFMT == S_IFREG } ?? false) }
        case "is_dir": return method("") { _ in .bool(Self.isDirectory(self.text)) }
        case "is_symlink": return method("") { _ in .bool(Self.statInfo(self.text, follow: false).map { $0.st_mode & S_IFMT == S_IFLNK } ?? false) }
        case "stat":
            return method("*, follow_symlinks=True") { b in
                guard let s = Self.statInfo(self.text, follow: try b.bool("follow_symlinks")) else { throw Interpreter.osError(errno, self.text) }
                return .object(StatResultObject(s))
            }
        case "mkdir":
            return method("mode=511, parents=False, exist_ok=False") { b in
                try self.makeDirectory(mode: try b.int("mode"), parents: try b.bool("parents"), existOK: try b.bool("exist_ok"))
                return .none
            }
        case "iterdir":
            return method("") { _ in
                let names = try Self.directoryEntries(self.text).map { $0.name }
                return .object(IteratorObject(names.map { Value.object(self.with(self.parts.names + [$0])) }.makeIterator(),
                                              name: "generator", qualifiedName: "Path.iterdir"))
            }
        case "glob", "rglob":
            return method("pattern") { [unowned interp] b in
                let pattern = try b.string("pattern")
                let found = try self.glob(attribute == "rglob" ? "**/" + pattern : pattern, interp)
                return .object(IteratorObject(found.map { Value.object($0) }.makeIterator(), name: "generator", qualifiedName: "Path.\(attribute)"))
            }
        case "absolute":
            return method("") { _ in
                self.parts.root.isEmpty ? .object(PathObject(Interpreter.joinedParts(FileManager.default.currentDirectoryPath, self.parts), concrete: true)) : .object(self)
            }
        case "resolve":
            return method("strict=False") { b in
                let abs = self.parts.root.isEmpty ? FileManager.default.currentDirectoryPath + "/" + self.text : self.text
                let real = try Self.realPath(abs, strict: try b.bool("strict"))
                return .object(PathObject(Self.parse(real), concrete: true))
            }
        case "expanduser":
            return method("") { _ in
                guard let first = self.parts.names.first, self.parts.root.isEmpty, first == "~" else { return .object(self) }
                let home = Self.parse(ProcessInfo.processInfo.environment["HOME"] ?? "/")
                return .object(PathObject(Parts(root: home.root, names: home.names + self.parts.names.dropFirst()), concrete: true))
            }
        case "read_text":
            return method("encoding=None, errors=None") { [unowned interp] _ in
                try interp.readTextFile(.object(self))
            }
        case "write_text":
            return method("data, encoding=None, errors=None, newline=None") { [unowned interp] b in
                guard case .str(let data) = b["data"] else { throw PyError(.typeError, "data must be str, not \(interp.typeName(b["data"]))") }
                return try interp.writeTextFile(.object(self), data)
            }
        case "open":
            return .builtin(BuiltinFunction(attribute) { [unowned interp] a, _ in
                try interp.openFile(Arguments([.object(self)] + a.positional, a.keywords))
            })
        case "touch":
            return method("mode=438, exist_ok=True") { [unowned interp] b in
                if Self.statInfo(self.text) != nil {
                    if !(try b.bool("exist_ok")) { throw Interpreter.osError(EEXIST, self.text) }
                    return .none
                }
                _ = try interp.writeTextFile(.object(self), "")
                return .none
            }
        case "unlink":
            return method("missing_ok=False") { [unowned interp] b in
                let p = try interp.scratchPath(.object(self), "unlink", display: "Path.unlink()")
                if Foundation.unlink(p.real) != 0 {
                    if errno == ENOENT, try b.bool("missing_ok") { return .none }
                    throw Interpreter.osError(errno, p.given)
                }
                return .none
            }
        case "rmdir":
            return method("") { [unowned interp] _ in
                let p = try interp.scratchPath(.object(self), "rmdir", allowRoot: true, display: "Path.rmdir()")
                if Foundation.rmdir(p.real) != 0 { throw Interpreter.osError(errno, p.given) }
                return .none
            }
        default: return nil
        }
    }

    // MARK: pure operations (CPython 3.11's pathlib.PurePath)

    func withName(_ newName: String) throws -> PathObject {
        guard !name.isEmpty else { throw PyError(.valueError, "\(repr()) has an empty name") }
        let p = Self.parse(newName)
        guard !newName.isEmpty, !newName.hasSuffix("/"), p.root.isEmpty, p.names.count == 1 else {
            throw PyError(.valueError, "Invalid name \(pythonStringRepr(newName))")
        }
        return with(Array(parts.names.dropLast()) + p.names)
    }

    func withSuffix(_ newSuffix: String) throws -> PathObject {
        if newSuffix.contains("/") || (!newSuffix.isEmpty && !newSuffix.hasPrefix(".")) || newSuffix == "." {
            throw PyError(.valueError, "Invalid suffix \(pythonStringRepr(newSuffix))")
        }
        guard !name.isEmpty else { throw PyError(.valueError, "\(repr()) has an empty name") }
        return with(Array(parts.names.dropLast()) + [stem + newSuffix])
    }

    func relative(to other: Parts) throws -> PathObject {
        // pathlib compares [drive, root] + names; with no drive on POSIX an absolute path
        // starts with "" and its root.
        let mine = parts.root.isEmpty ? parts.names : ["", parts.root] + parts.names
        let theirs = other.root.isEmpty ? other.names : ["", other.root] + other.names
        let n = theirs.count
        if n == 0 ? !parts.root.isEmpty : (mine.count < n || Array(mine[..<n]) != theirs) {
            let formatted = other.root + other.names.joined(separator: "/")
            throw PyError(.valueError, "\(pythonStringRepr(text)) is not in the subpath of \(pythonStringRepr(formatted.isEmpty ? "." : formatted)) OR one path is relative and the other is absolute.")
        }
        return PathObject(Parts(root: "", names: Array(mine[n...])), concrete: concrete)
    }

    func matches(_ pattern: String) throws -> Bool {
        let p = Self.parse(pattern)
        guard !p.root.isEmpty || !p.names.isEmpty else { throw PyError(.valueError, "empty pattern") }
        if !p.root.isEmpty && p.root != parts.root { return false }
        let mine = partsTuple
        var pat = p.root.isEmpty ? p.names : [p.root] + p.names
        if !p.root.isEmpty {
            if pat.count != mine.count { return false }
            pat.removeFirst()
        } else if pat.count > mine.count {
            return false
        }
        for (part, pt) in zip(mine.reversed(), pat.reversed()) where !Self.nameMatches(part, pt) { return false }
        return true
    }

    /// fnmatch.fnmatchcase on one name: glibc's fnmatch(3) without FNM_PERIOD (pathlib's `*`
    /// matches names starting with a dot) and with FNM_NOESCAPE (fnmatch has no escape character).
    static func nameMatches(_ name: String, _ pattern: String) -> Bool {
        fnmatch(pattern, name, FNM_NOESCAPE) == 0
    }

    // MARK: file system

    static func statInfo(_ path: String, follow: Bool = true) -> Glibc.stat? {
        fileStatus(path, follow: follow)
    }
    static func isDirectory(_ path: String) -> Bool { statInfo(path).map { $0.st_mode & S_IFMT == S_IFDIR } ?? false }

    /// The entries of a directory in the order the file system gives them (os.scandir's order,
    /// which glob and iterdir keep), without "." and "..".
    static func directoryEntries(_ path: String) throws -> [(name: String, isDirectory: Bool, isLink: Bool)] {
        guard let dir = opendir(path) else { throw Interpreter.osError(errno, path) }
        defer { closedir(dir) }
        var out: [(String, Bool, Bool)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            let isLink = statInfo(full, follow: false).map { $0.st_mode & S_IFMT == S_IFLNK } ?? false
            out.append((name, isDirectory(full), isLink))
        }
        return out
    }

    /// Python 3.11's Path.mkdir: os.mkdir, then the parents on FileNotFoundError when asked.
    func makeDirectory(mode: Int, parents: Bool, existOK: Bool) throws {
        if Foundation.mkdir(text, mode_t(truncatingIfNeeded: mode & 0o7777)) == 0 { return }
        let code = errno
        if code == ENOENT {
            guard parents, parent.parts != self.parts else { throw Interpreter.osError(code, text) }
            try parent.makeDirectory(mode: 0o777, parents: true, existOK: true)
            try makeDirectory(mode: mode, parents: false, existOK: existOK)
            return
        }
        if !existOK || !Self.isDirectory(text) { throw Interpreter.osError(code, text) }
    }

    /// Path.glob as CPython 3.11's selectors walk: one component at a time, directories in
    /// scandir order, `**` as this directory and every directory below it (not through links),
    /// each result once.
    func glob(_ pattern: String, _ interp: Interpreter) throws -> [PathObject] {
        guard !pattern.isEmpty else { throw PyError(.valueError, "Unacceptable pattern: ''") }
        let p = Self.parse(pattern)
        guard p.root.isEmpty else { throw PyError(.notImplementedError, "Non-relative patterns are unsupported") }
        var components = p.names
        if pattern.hasSuffix("/") { components.append("") }
        for c in components where c != "**" && c.contains("**") {
            throw PyError(.valueError, "Invalid pattern: '**' can only be an entire path component")
        }
        guard Self.isDirectory(text) else { return [] }
        var out: [PathObject] = []
        var seen = Set<[String]>()
        func select(_ path: PathObject, _ rest: ArraySlice<String>, dedupe: Bool) throws {
            try interp.checkInterruptPy()
            guard let pat = rest.first, !pat.isEmpty else {
                if !dedupe || seen.insert(path.parts.names).inserted { out.append(path) }
                return
            }
            let next = rest.dropFirst()
            let dirOnly = !next.isEmpty
            if pat == "**" {
                var directories: [PathObject] = []
                func walk(_ d: PathObject) throws {
                    try interp.checkInterruptPy()
                    directories.append(d)
                    for e in (try? Self.directoryEntries(d.text)) ?? [] where e.isDirectory && !e.isLink {
                        try walk(d.with(d.parts.names + [e.name]))
                    }
                }
                try walk(path)
                for d in directories { try select(d, next, dedupe: true) }
            } else if pat.contains("*") || pat.contains("?") || pat.contains("[") {
                for e in (try? Self.directoryEntries(path.text)) ?? [] where (!dirOnly || e.isDirectory) && Self.nameMatches(e.name, pat) {
                    try select(path.with(path.parts.names + [e.name]), next, dedupe: dedupe)
                }
            } else {
                let child = path.with(path.parts.names + [pat])
                if dirOnly ? Self.isDirectory(child.text) : Self.statInfo(child.text) != nil {
                    try select(child, next, dedupe: dedupe)
                }
            }
        }
        try select(self, components[...], dedupe: false)
        return out
    }

    /// posixpath.realpath: symbolic links followed component by component; what does not exist
    /// is kept as written (strict=False) or FileNotFoundError (strict=True).
    static func realPath(_ path: String, strict: Bool) throws -> String {
        var resolved: [String] = []
        var pending = Array(parse(path).names.reversed())
        var links = 0
        while let comp = pending.popLast() {
            if comp == ".." { _ = resolved.popLast(); continue }
            let candidate = "/" + (resolved + [comp]).joined(separator: "/")
            guard let s = statInfo(candidate, follow: false) else {
                if strict { throw Interpreter.osError(ENOENT, candidate) }
                resolved.append(comp)
                continue
            }
            if s.st_mode & S_IFMT == S_IFLNK {
                links += 1
                if links > 40 { throw Interpreter.osError(ELOOP, candidate) }
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(candidate, &buffer, Int(PATH_MAX))
                guard n >= 0 else { throw Interpreter.osError(errno, candidate) }
                let target = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if target.hasPrefix("/") { resolved = [] }
                pending.append(contentsOf: parse(target).names.reversed())
            } else {
                resolved.append(comp)
            }
        }
        return "/" + resolved.joined(separator: "/")
    }
}

extension Interpreter {
    /// `cwd` joined with a relative path's parts.
    static func joinedParts(_ directory: String, _ rel: PathObject.Parts) -> PathObject.Parts {
        let base = PathObject.parse(directory)
        return PathObject.Parts(root: base.root, names: base.names + rel.names)
    }

    /// `Path.read_text()`: through open(), so the same scratch-directory rule applies.
    func readTextFile(_ path: Value) throws -> Value {
        guard case .object(let f as TextFileObject) = try openFile(Arguments([path, .str("r")])) else { return .none }
        defer { try? f.close() }
        return try call(try getAttribute(.object(f), "read"), Arguments())
    }

    /// `Path.write_text(data)`: the number of characters written.
    func writeTextFile(_ path: Value, _ data: String) throws -> Value {
        guard case .object(let f as TextFileObject) = try openFile(Arguments([path, .str("w")])) else { return .none }
        defer { try? f.close() }
        return .int(try f.write(data))
    }
}

/// `path.parents`: the ancestors, nearest first (`parents[0]` is `parent`).
final class PathParentsObject: NativeObject {
    let path: PathObject
    init(_ path: PathObject) { self.path = path }
    override var typeName: String { "_PathParents" }
    override func repr() -> String { "<\(path.className).parents>" }
    var items: [PathObject] {
        (0..<path.parts.names.count).map { path.with(Array(path.parts.names.dropLast($0 + 1))) }
    }
    override func length() throws -> Int? { path.parts.names.count }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        var it = items.makeIterator()
        return AnyIterator { it.next().map { .object($0) } }
    }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        let all = items
        if case .object(let s as SliceObject) = key {
            let (a, b, c) = try s.indices(all.count)
            return .tuple(stride(from: a, to: b, by: c).map { .object(all[$0]) })
        }
        guard case .int(let i) = key else {
            throw PyError(.typeError, "'\(interp.typeName(key))' object cannot be interpreted as an integer")
        }
        guard i >= -all.count, i < all.count else { throw PyError(.indexError, "\(i)") }
        return .object(all[i < 0 ? i + all.count : i])
    }
}

/// `os.stat_result` as Path.stat() and os.stat() return it.
final class StatResultObject: NativeObject {
    let fields: [(String, Value)]
    init(_ s: Glibc.stat) {
        func seconds(_ t: timespec) -> Double { Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }
        func nanos(_ t: timespec) -> Int { t.tv_sec * 1_000_000_000 + t.tv_nsec }
        fields = [
            ("st_mode", .int(Int(s.st_mode))), ("st_ino", .int(Int(s.st_ino))), ("st_dev", .int(Int(s.st_dev))),
            ("st_nlink", .int(Int(s.st_nlink))), ("st_uid", .int(Int(s.st_uid))), ("st_gid", .int(Int(s.st_gid))),
            ("st_size", .int(Int(s.st_size))),
            ("st_atime", .int(s.st_atim.tv_sec)), ("st_mtime", .int(s.st_mtim.tv_sec)), ("st_ctime", .int(s.st_ctim.tv_sec)),
        ]
        floatTimes = [("st_atime", .float(seconds(s.st_atim))), ("st_mtime", .float(seconds(s.st_mtim))), ("st_ctime", .float(seconds(s.st_ctim))),
                      ("st_atime_ns", .int(nanos(s.st_atim))), ("st_mtime_ns", .int(nanos(s.st_mtim))), ("st_ctime_ns", .int(nanos(s.st_ctim))),
                      ("st_blksize", .int(Int(s.st_blksize))), ("st_blocks", .int(Int(s.st_blocks)))]
    }
    /// The attributes that differ from the tuple's items (float times) or are not in it.
    let floatTimes: [(String, Value)]
    override var typeName: String { "stat_result" }
    override func repr() -> String {
        "os.stat_result(" + fields.map { k, v in
            if case .int(let i) = v { return "\(k)=\(i)" }
            return k
        }.joined(separator: ", ") + ")"
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        floatTimes.first { $0.0 == name }?.1 ?? fields.first { $0.0 == name }?.1
    }
    override func attributeNames() -> [String] { Array(Set(fields.map { $0.0 } + floatTimes.map { $0.0 })).sorted() }
    override func length() throws -> Int? { fields.count }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        var it = fields.map { $0.1 }.makeIterator()
        return AnyIterator { it.next() }
    }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        guard case .int(let i) = key else { throw PyError(.typeError, "tuple indices must be integers or slices, not \(interp.typeName(key))") }
        guard i >= -fields.count, i < fields.count else { throw PyError(.indexError, "tuple index out of range") }
        return fields[i < 0 ? i + fields.count : i].1
    }
}

/// `os.walk(top)` top-down as CPython 3.11 walks: each directory's entries in scandir order
/// split into directories and files, yielded before its subdirectories are entered, so that a
/// loop may prune `dirnames` in place; links to directories are listed but not followed
/// unless `followlinks`; a directory that cannot be read is skipped.
struct DirectoryWalk: IteratorProtocol {
    private var pending: String?
    private var stack: [(top: String, directories: PyList, next: Int)] = []
    let followLinks: Bool
    init(top: String, followLinks: Bool) { pending = top; self.followLinks = followLinks }

    mutating func next() -> Value? {
        while true {
            if let top = pending {
                pending = nil
                guard let entries = try? PathObject.directoryEntries(top) else { continue }
                let directories = PyList(entries.filter { $0.isDirectory }.map { .str($0.name) })
                let files = PyList(entries.filter { !$0.isDirectory }.map { .str($0.name) })
                stack.append((top, directories, 0))
                return .tuple([.str(top), .list(directories), .list(files)])
            }
            guard let frame = stack.last else { return nil }
            guard frame.next < frame.directories.items.count else { stack.removeLast(); continue }
            stack[stack.count - 1].next += 1
            guard case .str(let name) = frame.directories.items[frame.next] else { continue }
            let path = name.hasPrefix("/") ? name : (frame.top.isEmpty || frame.top.hasSuffix("/") ? frame.top + name : frame.top + "/" + name)
            let isLink = PathObject.statInfo(path, follow: false).map { $0.st_mode & S_IFMT == S_IFLNK } ?? false
            if followLinks || !isLink { pending = path }
        }
    }
}

/// stat(2) or lstat(2) of a path, nil when it fails (errno says why).
private func fileStatus(_ path: String, follow: Bool) -> Glibc.stat? {
    var info = Glibc.stat()
    let r = follow ? stat(path, &info) : lstat(path, &info)
    return r == 0 ? info : nil
}

/// `os.scandir(path)`: its entries in directory order, also a `with` block.
final class ScandirIterator: IteratorObject, ContextManager {
    init(_ entries: [Value]) { super.init(entries.makeIterator(), name: "ScandirIterator") }
    override func repr() -> String { "<posix.ScandirIterator object at \(addressString(self))>" }
    func enter(_ interp: Interpreter) throws -> Value { .object(self) }
    func exit(_ interp: Interpreter) {}
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "close" ? .builtin(BuiltinFunction("close") { _, _ in .none }) : nil
    }
}

/// One `os.DirEntry`: name, path, and the kind read when the directory was listed.
final class DirEntryObject: NativeObject {
    let name: String, path: String, isDirectory: Bool, isLink: Bool
    init(name: String, path: String, isDirectory: Bool, isLink: Bool) {
        self.name = name; self.path = path; self.isDirectory = isDirectory; self.isLink = isLink
    }
    override var typeName: String { "DirEntry" }
    override func repr() -> String { "<DirEntry \(pythonStringRepr(name))>" }
    override func attributeNames() -> [String] { ["inode", "is_dir", "is_file", "is_symlink", "name", "path", "stat"] }
    override func getAttribute(_ attribute: String, _ interp: Interpreter) throws -> Value? {
        func method(_ body: @escaping () throws -> Value) -> Value {
            .builtin(BuiltinFunction(attribute) { _, _ in try body() })
        }
        switch attribute {
        case "name": return .str(name)
        case "path": return .str(path)
        case "is_dir": return method { .bool(self.isDirectory) }
        case "is_file": return method { .bool(PathObject.statInfo(self.path).map { $0.st_mode & S_IFMT == S_IFREG } ?? false) }
        case "is_symlink": return method { .bool(self.isLink) }
        case "inode": return method { .int(Int(PathObject.statInfo(self.path, follow: false)?.st_ino ?? 0)) }
        case "stat":
            return method {
                guard let s = PathObject.statInfo(self.path) else { throw Interpreter.osError(errno, self.path) }
                return .object(StatResultObject(s))
            }
        default: return nil
        }
    }
}
