import Foundation
import Engine

extension Safetensors {
    /// `safetensors.torch.save_file(tensors, path, metadata=None)`: writes the file exactly as
    /// the reference writer lays it out (safetensors.md §5), so the bytes equal those of
    /// `save_file` for the same tensors and at most one metadata key: tensors sorted by dtype
    /// (I64, then F32, then BOOL) and then by name as UTF-8 bytes, compact JSON with
    /// `__metadata__` first, the header padded with spaces to a multiple of 8.
    ///
    /// - Throws: `RuntimeError` when two tensors share memory (PyTorch's message), `ValueError`
    ///   for a non-contiguous tensor (checked in dict order, after the sharing check) or a
    ///   repeated name, `SafetensorError` when the file cannot be written.
    public static func save(tensors: [(String, Tensor)], metadata: [String: String]?, to path: String) throws {
        let bytes = try serialize(tensors: tensors, metadata: metadata)
        // Like the reference: write a temporary file next to the target, then rename it over.
        let tmp = path + ".tmp\(UInt32.random(in: 0...UInt32.max))"
        func ioError(_ at: String) -> SafetensorError {
            let code = errno
            return SafetensorError(.safetensorError, "Error while serializing: I/O error: \(String(cString: strerror(code))) (os error \(code)) at path \(rustDebugString(at))")
        }
        guard let file = fopen(tmp, "wb") else { throw ioError(tmp) }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if written != bytes.count {
            let err = ioError(tmp)
            fclose(file)
            unlink(tmp)
            throw err
        }
        guard fclose(file) == 0 else { let err = ioError(tmp); unlink(tmp); throw err }
        guard rename(tmp, path) == 0 else { let err = ioError(path); unlink(tmp); throw err }
    }

    /// The bytes `save` writes.
    public static func serialize(tensors: [(String, Tensor)], metadata: [String: String]?) throws -> [UInt8] {
        var names = Set<String>()
        for (name, _) in tensors where !names.insert(name).inserted {
            throw TorchError.value("Key `\(name)` appears more than once")
        }
        try checkSharedMemory(tensors)
        for (name, t) in tensors where !t.isContiguous {
            throw TorchError.value("You are trying to save a non contiguous tensor: `\(name)` which is not allowed. It either means you are trying to save tensors which are reference of each other in which case it's recommended to save only the full tensors, and reslice at load time, or simply call `.contiguous()` on your tensor to pack it before saving.")
        }
        let ordered = tensors.sorted { a, b in
            let ra = SafetensorsDType(a.1.dtype).writeRank, rb = SafetensorsDType(b.1.dtype).writeRank
            if ra != rb { return ra < rb }
            return Array(a.0.utf8).lexicographicallyPrecedes(Array(b.0.utf8))
        }
        var json = "{"
        var parts: [String] = []
        if let metadata {
            // The reference keeps metadata in a hash map; with one key the order is moot, and
            // sorting makes the output deterministic otherwise.
            let keys = metadata.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            let body = keys.map { safetensorsJSONString($0) + ":" + safetensorsJSONString(metadata[$0] ?? "") }.joined(separator: ",")
            parts.append("\"__metadata__\":{" + body + "}")
        }
        var offset = 0
        for (name, t) in ordered {
            let size = t.numel * t.dtype.itemSize
            let shape = t.shape.map(String.init).joined(separator: ",")
            parts.append(safetensorsJSONString(name) + ":{\"dtype\":\"\(SafetensorsDType(t.dtype).rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        json += parts.joined(separator: ",") + "}"
        var header = Array(json.utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        var n = UInt64(header.count)
        for _ in 0..<8 { out.append(UInt8(n & 0xff)); n >>= 8 }
        out += header
        for (_, t) in ordered {
            let size = t.numel * t.dtype.itemSize
            guard size > 0 else { continue }
            let start = UnsafeRawPointer(t.storage.bytes) + t.offset * t.dtype.itemSize
            if t.dtype == .bool {
                // Stored as 0x00 / 0x01.
                out += UnsafeBufferPointer(start: start.assumingMemoryBound(to: Bool.self), count: t.numel).map { $0 ? 1 : 0 }
            } else {
                out += UnsafeRawBufferPointer(start: start, count: size)
            }
        }
        return out
    }

    /// safetensors' `_find_shared_tensors`: tensors over one storage whose byte ranges overlap
    /// cannot be saved.
    static func checkSharedMemory(_ tensors: [(String, Tensor)]) throws {
        var byStorage: [ObjectIdentifier: [(start: Int, stop: Int, name: String)]] = [:]
        for (name, t) in tensors where t.storage.byteCount != 0 {
            let item = t.dtype.itemSize
            let start = t.offset * item
            let stop = t.numel == 0 ? start : (t.offset + t.storageOffset(ofFlat: t.numel - 1)) * item + item
            byStorage[ObjectIdentifier(t.storage), default: []].append((start, stop, name))
        }
        var failing: [[String]] = []
        for areas in byStorage.values where areas.count > 1 {
            let sorted = areas.sorted { ($0.start, $0.stop, $0.name) < ($1.start, $1.stop, $1.name) }
            var groups: [[String]] = [[sorted[0].name]]
            var lastStop = sorted[0].stop
            for a in sorted.dropFirst() {
                if a.start >= lastStop { groups.append([a.name]) } else { groups[groups.count - 1].append(a.name) }
                lastStop = a.stop
            }
            failing += groups.filter { $0.count > 1 }
        }
        guard !failing.isEmpty else { return }
        let sets = failing.map { "{" + $0.sorted().map(pythonStringRepr).joined(separator: ", ") + "}" }.sorted()
        throw TorchError.runtime("""

                    Some tensors share memory, this will lead to duplicate memory on disk and potential differences when loading them again: [\(sets.joined(separator: ", "))].
                    A potential way to correctly save your model is to use `save_model`.
                    More information at https://huggingface.co/docs/safetensors/torch_shared_tensors
                    
        """)
    }
}
