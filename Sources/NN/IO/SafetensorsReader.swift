import Foundation
import Engine

/// `safetensors.torch.load_file` / `safe_open`: reads a safetensors file, enforcing every rule
/// of the reference reader (safetensors.md §3) in its order, with its messages, and never
/// allocating more than the file holds: the header length is checked against 100,000,000 and
/// the file length before it is read, and every tensor's byte range is validated against the
/// file before any tensor memory is allocated.
public enum Safetensors {
    /// The largest header the reference reader accepts.
    public static let maxHeaderSize: UInt64 = 100_000_000

    /// A file's contents: tensors in data-offset order (the order `load_file` returns them,
    /// which is the order of their bytes in the file) and the `__metadata__` strings.
    public struct Contents {
        /// Tensors in data-offset order.
        public var tensors: [(name: String, tensor: Tensor)]
        /// The `__metadata__` strings, nil when absent or null.
        public var metadata: [String: String]?
    }

    /// `load_file(path)`: the tensors, in data-offset (file) order.
    public static func load(_ path: String) throws -> [(name: String, tensor: Tensor)] {
        try read(path).tensors
    }

    /// Reads tensors and metadata from a file.
    public static func read(_ path: String) throws -> Contents {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SafetensorError(.fileNotFoundError, "No such file or directory: \(path)")
        }
        // The reference maps the file; mapping a directory fails with ENODEV.
        if isDirectory.boolValue { throw SafetensorError(.osError, "No such device (os error 19)") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SafetensorError(.osError, "Permission denied (os error 13)")
        }
        defer { try? handle.close() }
        let length = try handle.seekToEnd()
        return try decode(length: length) { offset, count in
            try handle.seek(toOffset: offset)
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw SafetensorError(.osError, "unexpected end of file") }
            return [UInt8](data)
        }
    }

    /// One tensor as the header describes it (a view of the file that reads no tensor data).
    public struct HeaderEntry {
        public let name: String
        /// The safetensors dtype name (`F32`, `I64`, `F16`, …), loadable by nnrepl or not.
        public let dtype: String
        public let shape: [Int]
        /// Byte range in the data section (after the 8-byte length and the header).
        public let begin: UInt64, end: UInt64
    }

    /// The header of a file, validated as `load_file` validates it, without reading any tensor
    /// (`%show net.safetensors`): entries in data-offset order, metadata, the header's length.
    public static func readHeader(_ path: String) throws -> (entries: [HeaderEntry], metadata: [String: String]?, headerLength: UInt64, fileLength: UInt64) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SafetensorError(.fileNotFoundError, "No such file or directory: \(path)")
        }
        if isDirectory.boolValue { throw SafetensorError(.osError, "No such device (os error 19)") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SafetensorError(.osError, "Permission denied (os error 13)")
        }
        defer { try? handle.close() }
        let length = try handle.seekToEnd()
        func readBytes(_ offset: UInt64, _ count: Int) throws -> [UInt8] {
            try handle.seek(toOffset: offset)
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw SafetensorError(.osError, "unexpected end of file") }
            return [UInt8](data)
        }
        guard length >= 8 else { throw SafetensorError.header("header too small") }
        let prefix = try readBytes(0, 8)
        let n = prefix.enumerated().reduce(UInt64(0)) { $0 | (UInt64($1.element) << (8 * UInt64($1.offset))) }
        guard n <= maxHeaderSize else { throw SafetensorError.header("header too large") }
        guard 8 + n <= length else { throw SafetensorError.header("invalid header length") }
        let headerBytes = try readBytes(8, Int(n))
        if let problem = utf8Problem(headerBytes) { throw SafetensorError.header("invalid UTF-8 in header: " + problem) }
        let json: (value: HeaderJSON.Value, end: Int)
        do { json = try HeaderJSON.parse(headerBytes) } catch let e as HeaderJSON.ParseError {
            throw SafetensorError.header("invalid JSON in header: " + e.message)
        }
        let (entries, metadata) = try interpret(json.value, end: json.end, headerBytes)
        try validate(entries, dataLength: length - 8 - n)
        return (entries.map { HeaderEntry(name: $0.name, dtype: $0.dtype.rawValue, shape: $0.shape, begin: $0.begin, end: $0.end) },
                metadata, n, length)
    }

    /// Reads tensors and metadata from the bytes of a file.
    public static func deserialize(_ bytes: [UInt8]) throws -> Contents {
        try decode(length: UInt64(bytes.count)) { offset, count in
            let start = Int(offset)
            return Array(bytes[start..<(start + count)])
        }
    }

    /// The reader proper; `readBytes(offset, count)` is only called for ranges inside the file.
    static func decode(length: UInt64, readBytes: (UInt64, Int) throws -> [UInt8]) throws -> Contents {
        guard length >= 8 else { throw SafetensorError.header("header too small") }
        let prefix = try readBytes(0, 8)
        let n = prefix.enumerated().reduce(UInt64(0)) { $0 | (UInt64($1.element) << (8 * UInt64($1.offset))) }
        guard n <= maxHeaderSize else { throw SafetensorError.header("header too large") }
        guard 8 + n <= length else { throw SafetensorError.header("invalid header length") }
        let headerBytes = try readBytes(8, Int(n))
        if let problem = utf8Problem(headerBytes) { throw SafetensorError.header("invalid UTF-8 in header: " + problem) }
        let json: (value: HeaderJSON.Value, end: Int)
        do { json = try HeaderJSON.parse(headerBytes) } catch let e as HeaderJSON.ParseError {
            throw SafetensorError.header("invalid JSON in header: " + e.message)
        }
        let (entries, metadata) = try interpret(json.value, end: json.end, headerBytes)
        let dataLength = length - 8 - n
        try validate(entries, dataLength: dataLength)
        for e in entries where e.dtype.engineDType == nil {
            throw SafetensorError.header("tensor `\(e.name)` has dtype \(e.dtype.rawValue), which nnrepl cannot load (it supports F64, F32, F16, BF16, I64, I32, I16, I8, U8 and BOOL)")
        }
        var tensors: [(name: String, tensor: Tensor)] = []
        for e in entries {
            guard let dtype = e.dtype.engineDType else { continue }
            let t = try Tensor(shape: e.shape, dtype: dtype, zeroed: false)
            let count = Int(e.end - e.begin)
            if count > 0 {
                let raw = try readBytes(8 + n + e.begin, count)
                if dtype == .bool {
                    // Any non-zero byte is True (the reference accepts 0x02); Swift Bools must be 0 or 1.
                    for i in 0..<count { t.boolPointer[i] = raw[i] != 0 }
                } else {
                    // Elements are little-endian, as the machines nnrepl runs on.
                    raw.withUnsafeBytes { UnsafeMutableRawPointer(t.storage.bytes).copyMemory(from: $0.baseAddress!, byteCount: count) }
                }
            }
            tensors.append((e.name, t))
        }
        return Contents(tensors: tensors, metadata: metadata)
    }

    /// Turns the JSON into entries (sorted by data offsets) and metadata, with serde's messages.
    /// The reference deserialises the tensor entries only after reading the whole object (they
    /// are a flattened map), so their errors point at its end (`topEnd`); metadata errors point
    /// just past the offending value.
    static func interpret(_ json: HeaderJSON.Value, end topEnd: Int, _ header: [UInt8]) throws -> ([SafetensorsEntry], [String: String]?) {
        let at = HeaderJSON(header)
        func fail(_ message: String, _ offset: Int) -> SafetensorError {
            SafetensorError.header("invalid JSON in header: " + message + at.position(offset))
        }
        guard case .object(let items) = json else {
            throw fail("invalid type: \(json.unexpected), expected struct HashMetadata", 0)
        }
        var metadata: [String: String]?
        var byName: [String: SafetensorsEntry] = [:]
        for (key, value, end) in items {
            if key == "__metadata__" {
                switch value {
                case .null: metadata = nil
                case .object(let pairs):
                    var m: [String: String] = [:]
                    for (k, v, e) in pairs {
                        guard case .string(let s) = v else { throw fail("invalid type: \(v.unexpected), expected a string", e) }
                        m[k] = s
                    }
                    metadata = m
                default: throw fail("invalid type: \(value.unexpected), expected a map", end)
                }
                continue
            }
            guard case .object(let fields) = value else {
                throw fail("invalid type: \(value.unexpected), expected struct TensorInfo", topEnd)
            }
            var dtype: SafetensorsDType?, shape: [Int]?, offsets: (UInt64, UInt64)?
            var seen = Set<String>()
            let e = topEnd
            for (field, v, _) in fields {
                guard ["dtype", "shape", "data_offsets"].contains(field) else { continue }   // extra fields are ignored
                guard seen.insert(field).inserted else { throw fail("duplicate field `\(field)`", e) }
                switch field {
                case "dtype":
                    guard case .string(let s) = v else { throw fail("invalid type: \(v.unexpected), expected string or map", e) }
                    guard let d = SafetensorsDType(rawValue: s) else {
                        throw fail("unknown variant `\(s)` (dtype of tensor `\(key)`), expected one of \(SafetensorsDType.serdeVariantList)", e)
                    }
                    dtype = d
                case "shape":
                    guard case .array(let dims) = v else { throw fail("invalid type: \(v.unexpected), expected a sequence", e) }
                    shape = try dims.map { try usize($0, e, fail) }
                default:
                    guard case .array(let pair) = v else { throw fail("invalid type: \(v.unexpected), expected a tuple of size 2", e) }
                    guard pair.count >= 2 else { throw fail("invalid length \(pair.count), expected a tuple of size 2", e) }
                    guard pair.count == 2 else { throw fail("invalid length \(pair.count), expected 2 elements in sequence", e) }
                    offsets = (try usize64(pair[0], e, fail), try usize64(pair[1], e, fail))
                }
            }
            guard let dtype else { throw fail("missing field `dtype`", topEnd) }
            guard let shape else { throw fail("missing field `shape`", topEnd) }
            guard let offsets else { throw fail("missing field `data_offsets`", topEnd) }
            byName[key] = SafetensorsEntry(name: key, dtype: dtype, shape: shape, begin: offsets.0, end: offsets.1)
        }
        // The reference sorts by data_offsets; ties (only possible in invalid files) by name.
        let sorted = byName.values.sorted {
            ($0.begin, $0.end) != ($1.begin, $1.end) ? ($0.begin, $0.end) < ($1.begin, $1.end)
                : Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8))
        }
        return (sorted, metadata)
    }

    /// A JSON value that must be a usize (a dimension); dims beyond Int64 are an overflow.
    static func usize(_ v: HeaderJSON.Value, _ e: Int, _ fail: (String, Int) -> SafetensorError) throws -> Int {
        let u = try usize64(v, e, fail)
        guard u <= UInt64(Int.max) else {
            throw SafetensorError.header("overflow computing buffer size from shape and/or element type")
        }
        return Int(u)
    }

    static func usize64(_ v: HeaderJSON.Value, _ e: Int, _ fail: (String, Int) -> SafetensorError) throws -> UInt64 {
        switch v {
        case .unsigned(let u): return u
        case .negative: throw fail("invalid value: \(v.unexpected), expected usize", e)
        default: throw fail("invalid type: \(v.unexpected), expected usize", e)
        }
    }

    /// Rules 4 and 5: contiguous coverage from 0, sizes matching shape × dtype, nothing left over.
    static func validate(_ entries: [SafetensorsEntry], dataLength: UInt64) throws {
        var start: UInt64 = 0
        for e in entries {
            guard e.begin == start && e.end >= e.begin else {
                throw SafetensorError.header("invalid offset for tensor `\(e.name)`")
            }
            start = e.end
            // numel, and (for Tensor's strides) the product of max(dim, 1), must fit.
            var numel: UInt64 = 1, strideSpan: Int = 1
            for d in e.shape {
                let (p, o1) = numel.multipliedReportingOverflow(by: UInt64(d))
                let (q, o2) = strideSpan.multipliedReportingOverflow(by: Swift.max(d, 1))
                guard !o1 && !o2 else { throw SafetensorError.header("overflow computing buffer size from shape and/or element type") }
                numel = p
                strideSpan = q
            }
            let (bits, o) = numel.multipliedReportingOverflow(by: UInt64(e.dtype.bits))
            guard !o else { throw SafetensorError.header("overflow computing buffer size from shape and/or element type") }
            guard bits % 8 == 0 else {
                throw SafetensorError.header("The slice is slicing for subbytes dtypes, and the slice does not end up at a byte boundary, this is invalid.")
            }
            guard e.end - e.begin == bits / 8 else {
                throw SafetensorError.header("invalid shape, data type, or offset for tensor")
            }
        }
        guard start == dataLength else {
            throw SafetensorError.header("incomplete metadata, file not fully covered")
        }
    }

    /// Rust's `Utf8Error` text for the first invalid sequence, or nil for valid UTF-8.
    static func utf8Problem(_ b: [UInt8]) -> String? {
        var i = 0
        func cont(_ j: Int) -> Bool? { j < b.count ? (b[j] & 0xC0) == 0x80 : nil }
        while i < b.count {
            let first = b[i]
            if first < 0x80 { i += 1; continue }
            let width: Int
            switch first {
            case 0xC2...0xDF: width = 2
            case 0xE0...0xEF: width = 3
            case 0xF0...0xF4: width = 4
            default: return "invalid utf-8 sequence of 1 bytes from index \(i)"
            }
            // The allowed range of the second byte depends on the first (no overlongs/surrogates).
            guard i + 1 < b.count else { return "incomplete utf-8 byte sequence from index \(i)" }
            let second = b[i + 1]
            let secondOK: Bool
            switch first {
            case 0xE0: secondOK = (0xA0...0xBF).contains(second)
            case 0xED: secondOK = (0x80...0x9F).contains(second)
            case 0xF0: secondOK = (0x90...0xBF).contains(second)
            case 0xF4: secondOK = (0x80...0x8F).contains(second)
            default: secondOK = (0x80...0xBF).contains(second)
            }
            guard secondOK else { return "invalid utf-8 sequence of 1 bytes from index \(i)" }
            for k in 2..<width {
                guard let ok = cont(i + k) else { return "incomplete utf-8 byte sequence from index \(i)" }
                guard ok else { return "invalid utf-8 sequence of \(k) bytes from index \(i)" }
            }
            i += width
        }
        return nil
    }
}
