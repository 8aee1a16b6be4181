import XCTest
import Foundation
@testable import Interpreter
import Engine
import NN

/// The safetensors files written by the reference package (Fixtures/safetensors, made by
/// scripts/golden/safetensors_files.py) through `safetensors.torch` in the interpreter: every
/// valid file loads with the right tensors in the right order and is written back byte for
/// byte; every malformed file is a clear error of the expected kind, never a crash.
final class SafetensorsFixtureTests: XCTestCase {
    struct Record: Decodable { let dtype: String; let shape: [Int]; let bits: [String]?; let ints: [Int64]?; let bools: [Bool]?; let indices: [Int]? }
    struct FileEntry: Decodable {
        let file: String
        let valid: Bool
        let category: String?
        let write_code: String?
        let tensors: [String: Record]?
        let load_order: [String]?
        let reference_error: String?
    }
    struct Manifest: Decodable { let files: [FileEntry] }

    let directory = Bundle.module.url(forResource: "safetensors", withExtension: nil, subdirectory: "Fixtures")

    func interpreter() throws -> Interpreter {
        let interp = Interpreter(mode: .script)
        interp.write = { _ in }
        try interp.run(SourceFile(name: "setup", text: "import torch\nimport torch.nn as nn\nfrom safetensors.torch import save_file, load_file\n"))
        return interp
    }

    func testFixtures() throws {
        let dir = try XCTUnwrap(directory)
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: dir.appendingPathComponent("manifest.json")))
        XCTAssertGreaterThan(manifest.files.count, 10)
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("nnrepl-st-\(getpid())")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        for entry in manifest.files {
            let interp = try interpreter()
            let path = dir.appendingPathComponent(entry.file).path
            let load = "sd = load_file(\(pythonStringRepr(path)))"
            if entry.valid && entry.category == nil {
                XCTAssertNoThrow(try interp.run(SourceFile(name: entry.file, text: load)), entry.file)
                guard case .dict(let d)? = interp.lookupGlobal("sd") else { XCTFail("\(entry.file): no dict"); continue }
                let keys = d.keys.compactMap { k -> String? in if case .str(let s) = k { return s }; return nil }
                XCTAssertEqual(keys, entry.load_order ?? keys, "\(entry.file): load order")
                for (name, record) in entry.tensors ?? [:] {
                    guard case .tensor(let t)? = try d.get(.str(name)) else { XCTFail("\(entry.file): missing \(name)"); continue }
                    XCTAssertEqual(t.shape, record.shape, "\(entry.file) \(name) shape")
                    // `indices` lists which flat elements are recorded (large tensors); else all are.
                    let idx = record.indices ?? Array(0..<t.numel)
                    if let bits = record.bits {
                        // Bit patterns as wide as the dtype: compare the raw bits of each element.
                        let c = try t.contiguousCopy()
                        let width = t.dtype.itemSize * 2
                        let raw = UnsafeRawPointer(c.storage.bytes)
                        let mine = idx.map { i -> String in
                            var v: UInt64 = 0
                            for b in 0..<t.dtype.itemSize { v |= UInt64(raw.load(fromByteOffset: i * t.dtype.itemSize + b, as: UInt8.self)) << (8 * b) }
                            let hex = String(v, radix: 16)
                            return String(repeating: "0", count: width - hex.count) + hex
                        }
                        XCTAssertEqual(mine, bits, "\(entry.file) \(name)")
                    }
                    if let ints = record.ints { let all = t.int64Values(); XCTAssertEqual(idx.map { all[$0] }, ints, "\(entry.file) \(name)") }
                    if let bools = record.bools { let all = t.floatValues(); XCTAssertEqual(idx.map { all[$0] != 0 }, bools, "\(entry.file) \(name)") }
                }
                // Written again by nnrepl: the same bytes as the reference writer.
                if let code = entry.write_code {
                    let cwd = FileManager.default.currentDirectoryPath
                    _ = FileManager.default.changeCurrentDirectoryPath(tmp.path)
                    defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
                    XCTAssertNoThrow(try interp.run(SourceFile(name: "write", text: code)), entry.file)
                    let mine = try Data(contentsOf: tmp.appendingPathComponent(entry.file))
                    let reference = try Data(contentsOf: dir.appendingPathComponent(entry.file))
                    XCTAssertEqual(mine, reference, "\(entry.file): bytes differ from the reference writer's")
                }
            } else {
                do {
                    try interp.run(SourceFile(name: entry.file, text: load))
                    XCTFail("\(entry.file): loaded, but should fail (\(entry.category ?? "?"))")
                } catch let e as PyError {
                    XCTAssertFalse(e.message.isEmpty, entry.file)
                    if entry.category == "unsupported_dtype" {
                        XCTAssertTrue(e.message.contains("U16") && e.message.contains("u16"), "\(entry.file): \(e.message)")
                    } else if let reference = entry.reference_error, let colon = reference.firstIndex(of: ":") {
                        let expected = reference[reference.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                        XCTAssertTrue(e.message.hasPrefix(String(expected.prefix(40))), "\(entry.file): \(e.message) vs \(expected)")
                    }
                }
            }
        }
    }
}
