import CZip
import Foundation

/// The zip container of a torch.save file, through libzip.
///
/// PyTorch's writer (`caffe2/serialize/inline_container.cc`, over miniz) stores every record
/// uncompressed under one folder named after the file (`sd/data.pkl`, `sd/data/0`, …) and pads
/// each local header with an extra field `FB` of `Z` bytes so that every record's data starts
/// at a multiple of 64 bytes (so a loader can mmap tensors in place). This writer does the same
/// through libzip's extra-field API: libzip writes a stored entry as a 30-byte local header,
/// the name, the extra fields and the data, with no data descriptor, so the data offsets are
/// known before the archive is written.
enum TorchArchive {
    static let alignment = 64

    /// A record to write: its name inside the archive folder and its bytes.
    struct Record {
        let name: String
        let pointer: UnsafeRawPointer?
        let count: Int
    }

    /// The archive bytes for `records` under the folder `prefix`.
    /// - Throws: `RuntimeError` when libzip fails (only on allocation failure in practice).
    static func write(_ records: [Record], prefix: String) throws -> [UInt8] {
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let source = zip_source_buffer_create(nil, 0, 0, &error) else { throw libzipError("creating the archive", &error) }
        zip_source_keep(source)
        defer { zip_source_free(source) }
        guard let archive = zip_open_from_source(source, ZIP_TRUNCATE, &error) else { throw libzipError("creating the archive", &error) }
        var cursor = 0
        for record in records {
            let name = prefix + "/" + record.name
            // libzip reads the bytes at zip_close; they stay valid until then (the caller keeps
            // tensors and strings alive across this call).
            guard let data = zip_source_buffer(archive, record.pointer, zip_uint64_t(record.count), 0) else {
                let e = archiveError(archive, "adding \(name)")
                zip_discard(archive)
                throw e
            }
            let index = zip_file_add(archive, name, data, zip_flags_t(ZIP_FL_ENC_UTF_8))
            guard index >= 0 else {
                zip_source_free(data)
                let e = archiveError(archive, "adding \(name)")
                zip_discard(archive)
                throw e
            }
            let i = zip_uint64_t(index)
            // Data starts after the 30-byte header, the name and the 4-byte FB field header.
            let start = cursor + 30 + name.utf8.count + 4
            let padding = (alignment - start % alignment) % alignment
            let pad = [UInt8](repeating: UInt8(ascii: "Z"), count: padding)
            guard zip_set_file_compression(archive, i, ZIP_CM_STORE, 0) == 0,
                  // 1980-01-01 00:00: the same bytes whenever the same objects are saved.
                  zip_file_set_dostime(archive, i, 0, 0x21, 0) == 0,
                  zip_file_extra_field_set(archive, i, 0x4246, zip_uint16_t(ZIP_EXTRA_FIELD_NEW), pad, zip_uint16_t(padding), zip_flags_t(ZIP_FL_LOCAL)) == 0 else {
                let e = archiveError(archive, "adding \(name)")
                zip_discard(archive)
                throw e
            }
            cursor = start + padding + record.count
        }
        guard zip_close(archive) == 0 else {
            let e = archiveError(archive, "writing the archive")
            zip_discard(archive)
            throw e
        }
        guard zip_source_open(source) == 0 else { throw TorchSerializationError(.runtimeError, "torch.save: cannot read back the archive") }
        defer { zip_source_close(source) }
        zip_source_seek(source, 0, SEEK_END)
        let size = Int(zip_source_tell(source))
        zip_source_seek(source, 0, SEEK_SET)
        var out = [UInt8](repeating: 0, count: size)
        let n = out.withUnsafeMutableBytes { zip_source_read(source, $0.baseAddress!, zip_uint64_t(size)) }
        guard n == size else { throw TorchSerializationError(.runtimeError, "torch.save: cannot read back the archive") }
        return out
    }

    private static func libzipError(_ what: String, _ error: UnsafeMutablePointer<zip_error_t>) -> TorchSerializationError {
        TorchSerializationError(.runtimeError, "torch.save: libzip failed \(what): \(String(cString: zip_error_strerror(error)))")
    }

    private static func archiveError(_ archive: OpaquePointer, _ what: String) -> TorchSerializationError {
        TorchSerializationError(.runtimeError, "torch.save: libzip failed \(what): \(String(cString: zip_error_strerror(zip_get_error(archive))))")
    }
}

/// Reads the records of a torch.save archive, as PyTorch's `PyTorchStreamReader` finds them:
/// the folder is whatever the first entry's name starts with (files renamed after saving keep
/// their old folder name), and every lookup is relative to it.
final class TorchArchiveReader {
    private let bytes: [UInt8]
    private let archive: OpaquePointer
    /// The folder of every record, with its slash (`sd/`).
    let prefix: String

    /// What PyTorch appends to the errors of its zip reader (miniz).
    static let minizSuffix = " This is an internal miniz error. If you are seeing this error, there is a high likelihood that your checkpoint file is corrupted. This can happen if the checkpoint was not saved properly, was transferred incorrectly, or the file was modified after saving."
    /// PyTorch's message when the zip structure cannot be read (truncated or damaged files).
    static let centralDirectoryMessage = "PytorchStreamReader failed reading zip archive: failed finding central directory." + minizSuffix

    /// Opens `bytes` (which must start with a zip local header; the caller checks).
    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        let opened: OpaquePointer? = self.bytes.withUnsafeBytes { raw in
            // The buffer is not copied: `self.bytes` outlives the archive.
            guard let source = zip_source_buffer_create(raw.baseAddress, zip_uint64_t(raw.count), 0, &error) else { return nil }
            guard let a = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error) else {
                zip_source_free(source)
                return nil
            }
            return a
        }
        guard let opened else { throw TorchSerializationError(.runtimeError, Self.centralDirectoryMessage) }
        archive = opened
        guard zip_get_num_entries(archive, 0) > 0, let first = zip_get_name(archive, 0, zip_flags_t(ZIP_FL_ENC_RAW)) else {
            zip_discard(archive)
            throw TorchSerializationError(.runtimeError, "PytorchStreamReader failed reading zip archive: archive does not contain any files." + Self.minizSuffix)
        }
        let name = String(cString: first)
        guard let slash = name.firstIndex(of: "/") else {
            zip_discard(archive)
            throw TorchSerializationError(.runtimeError, "[enforce fail at inline_container.cc:179] . file in archive is not in a subdirectory: \(name)")
        }
        prefix = String(name[...slash])
    }

    deinit { zip_discard(archive) }

    private func index(_ name: String) -> zip_uint64_t? {
        let i = zip_name_locate(archive, prefix + name, zip_flags_t(ZIP_FL_ENC_RAW))
        return i >= 0 ? zip_uint64_t(i) : nil
    }

    func hasRecord(_ name: String) -> Bool { index(name) != nil }

    /// The size of record `name`.
    func size(_ name: String) throws -> Int {
        guard let i = index(name) else { throw missing(name) }
        var st = zip_stat_t()
        zip_stat_init(&st)
        guard zip_stat_index(archive, i, 0, &st) == 0 else { throw readFailed(name) }
        return Int(st.size)
    }

    /// PyTorch's error for a record that is not there.
    func missing(_ name: String) -> TorchSerializationError {
        TorchSerializationError(.runtimeError, "PytorchStreamReader failed locating file \(name): file not found." + Self.minizSuffix)
    }

    private func readFailed(_ name: String, _ detail: String = "file read failed") -> TorchSerializationError {
        TorchSerializationError(.runtimeError, "PytorchStreamReader failed reading file \(name): \(detail)")
    }

    /// Reads the whole of record `name` into `buffer` (exactly `count` bytes); libzip checks
    /// the CRC-32 as it reaches the end.
    func read(_ name: String, into buffer: UnsafeMutableRawPointer, count: Int) throws {
        guard let i = index(name) else { throw missing(name) }
        guard let file = zip_fopen_index(archive, i, 0) else {
            throw readFailed(name, String(cString: zip_error_strerror(zip_get_error(archive))))
        }
        defer { zip_fclose(file) }
        var done = 0
        while done < count {
            let n = zip_fread(file, buffer + done, zip_uint64_t(count - done))
            if n < 0 { throw readFailed(name, String(cString: zip_error_strerror(zip_file_get_error(file)))) }
            if n == 0 { throw readFailed(name, "the record is shorter than its header says") }
            done += Int(n)
        }
        // One more read reaches the end of the entry, where libzip compares the CRC-32.
        var extra: UInt8 = 0
        let tail = zip_fread(file, &extra, 1)
        if tail < 0 { throw readFailed(name, String(cString: zip_error_strerror(zip_file_get_error(file)))) }
        if tail > 0 { throw readFailed(name, "the record is longer than its header says") }
    }

    /// Record `name` as bytes.
    func record(_ name: String) throws -> [UInt8] {
        let n = try size(name)
        var out = [UInt8](repeating: 0, count: n)
        if n > 0 { try out.withUnsafeMutableBytes { try read(name, into: $0.baseAddress!, count: n) } }
        return out
    }
}
