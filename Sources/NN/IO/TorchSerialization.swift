import Foundation
import Engine

/// `torch.save` / `torch.load` in PyTorch's file format (the zip format of PyTorch 1.6 and
/// later, as `torch.serialization._save` / `_load` write and read it):
///
/// ```
/// NAME/data.pkl                  the object, pickled (protocol 2); tensors refer to storages by key
/// NAME/.format_version           "1"
/// NAME/.storage_alignment        "64"
/// NAME/byteorder                 "little"
/// NAME/data/0, NAME/data/1, …    each storage's bytes, in the order the pickle first refers to them
/// NAME/version                   "3\n"
/// NAME/.data/serialization_id    40 decimal digits
/// ```
///
/// NAME is the file name without its last extension (`net.pt` → `net`).
public enum TorchSerialization {
    // MARK: save

    /// `torch.save(obj, path)`.
    public static func save(_ value: PickleValue, to path: String) throws {
        let bytes = try serialize(value, archiveName: try archiveName(for: path))
        try writeFile(bytes, to: path)
    }

    /// The archive folder PyTorch names after the file: its base name without the last
    /// extension. - Throws: PyTorch's `invalid file name` when that leaves nothing.
    public static func archiveName(for path: String) throws -> String {
        let base = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        let name = base.lastIndex(of: ".").map { String(base[..<$0]) } ?? base
        guard !name.isEmpty else {
            throw TorchSerializationError(.runtimeError, "[enforce fail at inline_container.cc:719] . invalid file name: \(path)")
        }
        return name
    }

    /// The bytes of a torch.save file holding `value`.
    public static func serialize(_ value: PickleValue, archiveName: String) throws -> [UInt8] {
        var writer = PickleWriter()
        try writer.dump(value)
        let id = serializationID(pickle: writer.bytes, storageSizes: writer.storages.map(\.storage.byteCount), archiveName: archiveName)
        let texts: [(String, [UInt8])] = [
            ("data.pkl", writer.bytes), (".format_version", Array("1".utf8)), (".storage_alignment", Array("64".utf8)),
            ("byteorder", Array("little".utf8)),
        ]
        let trailer: [(String, [UInt8])] = [("version", Array("3\n".utf8)), (".data/serialization_id", Array(id.utf8))]
        // Every pointer handed to the archive writer must stay valid until it returns: the
        // byte arrays are pinned by nesting `withUnsafeBytes`, storages by `writer.storages`.
        func withPinned(_ arrays: ArraySlice<(String, [UInt8])>, _ records: [TorchArchive.Record], _ body: ([TorchArchive.Record]) throws -> [UInt8]) rethrows -> [UInt8] {
            guard let (name, bytes) = arrays.first else { return try body(records) }
            return try bytes.withUnsafeBytes { raw in
                try withPinned(arrays.dropFirst(), records + [TorchArchive.Record(name: name, pointer: raw.baseAddress, count: raw.count)], body)
            }
        }
        let all = texts + trailer
        return try withPinned(all[...], []) { pinned in
            var records = Array(pinned.prefix(texts.count))
            for (key, entry) in writer.storages.enumerated() {
                records.append(TorchArchive.Record(name: "data/\(key)", pointer: UnsafeRawPointer(entry.storage.bytes), count: entry.storage.byteCount))
            }
            records += pinned.suffix(trailer.count)
            return try withExtendedLifetime(writer) { try TorchArchive.write(records, prefix: archiveName) }
        }
    }

    /// 40 digits, as PyTorch's writer makes them (two 64-bit hashes, 20 zero-padded digits
    /// each: of the record names and of the records' contents). PyTorch hashes CRC-32s; this
    /// hashes the names, the pickle and the storage sizes with FNV-1a, so saving the same objects
    /// gives the same file and no storage byte needs a second pass.
    static func serializationID(pickle: [UInt8], storageSizes: [Int], archiveName: String) -> String {
        func fnv(_ bytes: [UInt8], _ h: inout UInt64) {
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        }
        var names: UInt64 = 0xcbf29ce484222325, contents: UInt64 = 0xcbf29ce484222325
        fnv(Array(archiveName.utf8), &names)
        fnv(pickle, &contents)
        for (i, size) in storageSizes.enumerated() {
            fnv(Array("data/\(i)".utf8), &names)
            withUnsafeBytes(of: UInt64(size).littleEndian) { fnv(Array($0), &contents) }
        }
        func twenty(_ v: UInt64) -> String {
            let s = String(v)
            return String(repeating: "0", count: 20 - s.count) + s
        }
        return twenty(names) + twenty(contents)
    }

    /// Writes the file next to its final name and renames it over, so an interrupted save never
    /// leaves half a file. - Throws: Python's file errors (`FileNotFoundError`, …) and PyTorch's
    /// `Parent directory … does not exist.`
    static func writeFile(_ bytes: [UInt8], to path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        if !parent.isEmpty, !FileManager.default.fileExists(atPath: parent, isDirectory: &isDir) || !isDir.boolValue {
            throw TorchSerializationError(.runtimeError, "Parent directory \(parent) does not exist.")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw TorchSerializationError(.isADirectoryError, "[Errno 21] Is a directory: \(pythonQuoted(path))")
        }
        let tmp = path + ".tmp\(UInt32.random(in: 0...UInt32.max))"
        func osError(_ at: String) -> TorchSerializationError { fileError(errno, at) }
        guard let file = fopen(tmp, "wb") else { throw osError(path) }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if written != bytes.count {
            let e = osError(path)
            fclose(file)
            unlink(tmp)
            throw e
        }
        guard fclose(file) == 0 else { let e = osError(path); unlink(tmp); throw e }
        guard rename(tmp, path) == 0 else { let e = osError(path); unlink(tmp); throw e }
    }

    /// Python's OSError subclass and `[Errno N] text: 'path'` for `code`.
    static func fileError(_ code: Int32, _ path: String) -> TorchSerializationError {
        let kind: TorchSerializationError.Kind
        switch code {
        case ENOENT: kind = .fileNotFoundError
        case EISDIR: kind = .isADirectoryError
        case EACCES, EPERM: kind = .permissionError
        default: kind = .osError
        }
        return TorchSerializationError(kind, "[Errno \(code)] \(String(cString: strerror(code))): \(pythonQuoted(path))")
    }

    /// `repr(path)` as Python's file errors show it.
    static func pythonQuoted(_ s: String) -> String { pythonStringRepr(s) }

    // MARK: load

    /// `torch.load(path)`. `mapToCPU` is true when `map_location` names the CPU (storages saved
    /// from a GPU then load; without it they fail as they do in PyTorch without CUDA).
    /// `allowObjects`: `weights_only=False` (class instances come back as `PickleObject`s).
    public static func load(path: String, mapToCPU: Bool = false, allowObjects: Bool = false) throws -> PickleValue {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw TorchSerializationError(.fileNotFoundError, "[Errno 2] No such file or directory: \(pythonQuoted(path))")
        }
        if isDir.boolValue { throw TorchSerializationError(.isADirectoryError, "[Errno 21] Is a directory: \(pythonQuoted(path))") }
        guard let data = FileManager.default.contents(atPath: path) else { throw fileError(EACCES, path) }
        return try deserialize([UInt8](data), mapToCPU: mapToCPU, allowObjects: allowObjects)
    }

    /// The start of every zip file (a local file header).
    static let zipMagic: [UInt8] = [0x50, 0x4b, 0x03, 0x04]
    /// The first pickle of a legacy (before PyTorch 1.6) file: protocol 2, LONG1 of the magic number.
    static let legacyMagic: [UInt8] = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]

    /// The object in a torch.save file's bytes.
    public static func deserialize(_ bytes: [UInt8], mapToCPU: Bool = false, allowObjects: Bool = false) throws -> PickleValue {
        guard bytes.starts(with: zipMagic) else {
            if bytes.isEmpty { throw TorchSerializationError(.eofError, "Ran out of input") }
            if bytes.starts(with: legacyMagic) {
                throw TorchSerializationError(.runtimeError, "torch.load: this file is in the legacy format of torch.save before PyTorch 1.6, which nnrepl does not read; load it in PyTorch and save it again")
            }
            // Not a zip: PyTorch tries the legacy format, whose unpickler rejects the first byte.
            let first = bytes[0]
            let shown = first >= 0x20 && first < 0x7f ? pythonStringRepr(String(UnicodeScalar(first))) : "'\\x\(String(format: "%02x", first))'"
            throw TorchSerializationError(.unpicklingError, "invalid load key, \(shown).")
        }
        let archive = try TorchArchiveReader(bytes)
        // version: .data/version (newer writers) or version; PyTorch reads files of versions 1…10.
        let versionName = archive.hasRecord(".data/version") ? ".data/version" : "version"
        let versionText = String(decoding: try archive.record(versionName), as: UTF8.self)
        guard let version = UInt64(versionText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TorchSerializationError(.runtimeError, "Couldn't parse the version \(versionText) as Long Long.")
        }
        guard version >= 1 && version <= 10 else {
            throw TorchSerializationError(.runtimeError, "Attempted to read a PyTorch file with version \(version), but the maximum supported version for reading is 10. Your PyTorch installation may be too old.")
        }
        if archive.hasRecord("byteorder") {
            let order = String(decoding: try archive.record("byteorder"), as: UTF8.self)
            guard order == "little" || order == "big" else { throw TorchSerializationError(.valueError, "Unknown endianness type: \(order)") }
            guard order == "little" else {
                throw TorchSerializationError(.runtimeError, "torch.load: this file was saved on a big-endian machine, which nnrepl does not read")
            }
        }
        if archive.hasRecord("constants.pkl") {
            throw TorchSerializationError(.runtimeError, "Cannot use ``weights_only=True`` with TorchScript archives passed to ``torch.load``. In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will likely succeed, but it can result in arbitrary code execution. Do it only if you got the file from a trusted source.")
        }
        let pickle = try archive.record("data.pkl")
        var unpickler = WeightsOnlyUnpickler(pickle, allowObjects: allowObjects) { type, key, location, numel in
            try loadStorage(archive, type: type, key: key, location: location, numel: numel, mapToCPU: mapToCPU)
        }
        return try unpickler.load()
    }

    /// Storage `data/<key>`: `numel` elements of `type`, checked against the record's size.
    static func loadStorage(_ archive: TorchArchiveReader, type: TorchStorageType, key: String, location: String, numel: Int, mapToCPU: Bool) throws -> Storage {
        if !location.hasPrefix("cpu") && !mapToCPU {
            if location.hasPrefix("cuda") {
                throw TorchSerializationError(.runtimeError, "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. If you are running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map your storages to the CPU.")
            }
            throw TorchSerializationError(.runtimeError, "don't know how to restore data location of torch.storage.UntypedStorage (tagged with \(location))")
        }
        let name = "data/\(key)"
        let size = try archive.size(name)
        let (nbytes, overflow) = numel.multipliedReportingOverflow(by: type.itemSize)
        guard !overflow, nbytes == size else {
            throw TorchSerializationError(.runtimeError, "torch.load: storage \(name) should hold \(numel) \(type.dtypeName) elements (\(overflow ? "too many" : String(nbytes)) bytes) but the file has \(size) bytes")
        }
        guard let dtype = type.engine else {
            throw WeightsOnlyUnpickler.unsupported("a torch.\(type.dtypeName) tensor (\(type.storageName))")
        }
        let storage: Storage
        do { storage = try Storage(count: numel, dtype: dtype, zeroed: false) } catch let e as TorchError {
            throw TorchSerializationError(.runtimeError, e.message)
        }
        if size > 0 { try archive.read(name, into: storage.bytes, count: size) }
        if dtype == .bool {
            // Swift's Bool must be exactly 0 or 1; PyTorch reads any non-zero byte as True.
            let p = storage.bytes.assumingMemoryBound(to: UInt8.self)
            for i in 0..<size where p[i] > 1 { p[i] = 1 }
        }
        return storage
    }
}
