import Foundation
import Engine
import NN

/// `open(path, mode)` for text files inside a directory the script made with `tempfile` (the
/// only files a script may touch): a CSV or a log a lesson writes and reads back. The whole file
/// is read at open ('r'); writes are collected and written when the file is closed (at the end
/// of its `with` block, by `close()`, or when the session ends), through a temporary file and a
/// rename so a crash never leaves half a file. Binary modes are not supported (no bytes type).
final class TextFileObject: NativeObject, ContextManager {
    let path: String, given: String, mode: String
    private var content: [Character] = []
    private var position = 0
    private var pending = ""
    private(set) var closed = false

    init(given: String, path: String, mode: String) throws {
        self.given = given; self.path = path; self.mode = mode
        super.init()
        switch mode.replacingOccurrences(of: "t", with: "") {
        case "r", "r+":
            guard let data = FileManager.default.contents(atPath: path) else {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                    throw Interpreter.osError(EISDIR, given)
                }
                throw Interpreter.osError(ENOENT, given)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw PyError("UnicodeDecodeError", "'utf-8' codec can't decode the file \(pythonStringRepr(given))")
            }
            content = Array(text)
        case "w", "w+", "x":
            if mode.contains("x") && FileManager.default.fileExists(atPath: path) { throw Interpreter.osError(EEXIST, given) }
            guard FileManager.default.createFile(atPath: path, contents: Data()) else { throw Interpreter.osError(ENOENT, given) }
        case "a", "a+":
            if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) { pending = text }
            else if !FileManager.default.createFile(atPath: path, contents: Data()) { throw Interpreter.osError(ENOENT, given) }
        default:
            if mode.contains("b") { throw PyError(.notImplementedError, "open() in binary mode is not available in nnrepl (it has no bytes type); use text mode") }
            throw PyError(.valueError, "invalid mode: \(pythonStringRepr(mode))")
        }
    }

    var isReading: Bool { mode.hasPrefix("r") }

    override var typeName: String { "_io.TextIOWrapper" }
    override func repr() -> String { "<_io.TextIOWrapper name=\(pythonStringRepr(given)) mode=\(pythonStringRepr(mode)) encoding='UTF-8'>" }

    func checkOpen() throws { if closed { throw PyError(.valueError, "I/O operation on closed file.") } }

    func write(_ s: String) throws -> Int {
        try checkOpen()
        guard !isReading || mode.contains("+") else { throw PyError("io.UnsupportedOperation", "not writable") }
        if MemoryBudget.wouldExceed(pending.utf8.count + s.utf8.count) { throw PyError(.memoryError, "") }
        pending += s
        return s.count
    }

    func readLine() -> String? {
        guard position < content.count else { return nil }
        var end = position
        while end < content.count && content[end] != "\n" { end += 1 }
        if end < content.count { end += 1 }
        defer { position = end }
        return String(content[position..<end])
    }

    func close() throws {
        guard !closed else { return }
        closed = true
        guard !isReading || mode.contains("+") else { return }
        let tmp = path + ".nnrepl-tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(pending.utf8)), rename(tmp, path) == 0 else {
            throw Interpreter.osError(errno == 0 ? EIO : errno, given)
        }
    }

    func enter(_ interp: Interpreter) throws -> Value { try checkOpen(); return .object(self) }
    func exit(_ interp: Interpreter) { try? close() }

    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? {
        try checkOpen()
        return AnyIterator { self.readLine().map { .str($0) } }
    }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        func method(_ body: @escaping (Arguments) throws -> Value) -> Value { .builtin(BuiltinFunction(name) { a, _ in try body(a) }) }
        switch name {
        case "name": return .str(given)
        case "mode": return .str(mode)
        case "closed": return .bool(closed)
        case "write": return method { a in
            guard a.positional.count == 1, case .str(let s) = a.positional[0] else {
                throw PyError(.typeError, "write() argument must be str, not \(a.positional.first.map { interp.typeName($0) } ?? "nothing")")
            }
            return .int(try self.write(s))
        }
        case "writelines": return method { a in
            for v in try interp.collect(a.positional.first ?? .list(PyList([])), range: nil) {
                guard case .str(let s) = v else { throw PyError(.typeError, "write() argument must be str, not \(interp.typeName(v))") }
                _ = try self.write(s)
            }
            return .none
        }
        case "read": return method { a in
            try self.checkOpen()
            let n = a.positional.first.flatMap { v -> Int? in if case .int(let i) = v { return i }; return nil } ?? -1
            let end = n < 0 ? self.content.count : self.position + min(n, self.content.count - self.position)
            defer { self.position = end }
            return .str(String(self.content[self.position..<end]))
        }
        case "readline": return method { _ in try self.checkOpen(); return .str(self.readLine() ?? "") }
        case "readlines": return method { _ in
            try self.checkOpen()
            var lines: [Value] = []
            while let l = self.readLine() { lines.append(.str(l)) }
            return .list(PyList(lines))
        }
        case "close": return method { _ in try self.close(); return .none }
        case "flush": return method { _ in .none }
        case "__enter__": return method { _ in .object(self) }
        case "__exit__": return method { _ in try self.close(); return .false }
        default: return nil
        }
    }

    deinit { try? close() }
}

extension Interpreter {
    /// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None)`.
    func openFile(_ a: Arguments) throws -> Value {
        let b = try Signature.of("open", "file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None").bind(a, self)
        let given = try pathArgument(b["file"], "open")
        let real = Self.normPath(given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given)
        guard scratchDirectories.contains(where: { real.hasPrefix($0 + "/") }) else {
            throw PyError(.notImplementedError, "open() is available in nnrepl only for files inside a directory made with tempfile (tempfile.mkdtemp()); scripts do not read or change other files")
        }
        guard case .str(let mode) = b["mode"] else { throw PyError(.typeError, "open() argument 'mode' must be str, not \(typeName(b["mode"]))") }
        return .object(try TextFileObject(given: given, path: real, mode: mode))
    }
}
