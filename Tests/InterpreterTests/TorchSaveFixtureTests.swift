import XCTest
import Foundation
@testable import Interpreter
@testable import NN
import Engine

/// torch.save files written by real PyTorch (Fixtures/torchsave, made by
/// scripts/golden/torch_files.py) through `torch.load` / `torch.save` in the interpreter:
/// every valid file loads as the object PyTorch loads (same structure, values, strides, storage
/// sharing, requires_grad, Parameters); written again by nnrepl it has PyTorch's data.pkl byte
/// for byte, the same records, each 64-byte aligned, and loads back the same; every malformed
/// file is the error its category names, never a crash.
final class TorchSaveFixtureTests: XCTestCase {
    let directory = Bundle.module.url(forResource: "torchsave", withExtension: nil, subdirectory: "Fixtures")

    func interpreter() throws -> Interpreter {
        let interp = Interpreter(mode: .script)
        interp.write = { _ in }
        try interp.run(SourceFile(name: "setup", text: "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport torch.optim as optim\nfrom collections import OrderedDict\n"))
        return interp
    }

    // MARK: describing a loaded object as the generator does (describe() in torch_files.py)

    struct Describer {
        var storages: [ObjectIdentifier: Int] = [:]

        mutating func describe(_ v: Value) throws -> Any {
            switch v {
            case .tensor(let t): return ["tensor": tensor(t)]
            case .bool(let b): return ["bool": b ? "True" : "False"]
            case .int(let i): return ["int": i]
            case .float(let d): return ["float": String(format: "%016llx", d.bitPattern)]
            case .str(let s): return ["str": s]
            case .none: return ["none": "None"]
            case .tuple(let items): return ["tuple": try items.map { try describe($0) }]
            case .list(let l): return ["list": try l.items.map { try describe($0) }]
            case .set(let s): return ["set": try s.items.map { try describe($0) }]
            case .dict(let d):
                let pairs = try d.pairs.map { [try describe($0.0), try describe($0.1)] }
                guard d.isOrderedDict else { return ["dict": pairs] }
                var out: [String: Any] = ["ordered_dict": pairs]
                if let meta = d.attributes.first(where: { $0.name == "_metadata" }) { out["_metadata"] = try describe(meta.value) }
                return out
            case .object(let o as SizeObject): return ["size": o.dims]
            case .object(let o as DTypeObject): return ["dtype": o.dtype.pythonName]
            case .object(let o as DeviceObject): return ["device": o.str()]
            default: throw NSError(domain: "describe", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot describe \(v)"])
            }
        }

        mutating func tensor(_ t: Tensor) -> [String: Any] {
            let id = ObjectIdentifier(t.storage)
            if storages[id] == nil { storages[id] = storages.count }
            // The elements' bytes in row-major order, whatever the dtype (as numpy's tobytes()).
            let c = try! t.contiguousCopy(dtype: t.dtype)
            let bytes = [UInt8](UnsafeRawBufferPointer(start: c.storage.bytes + c.offset * c.dtype.itemSize, count: c.numel * c.dtype.itemSize))
            var h: UInt64 = 0xcbf29ce484222325
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
            return ["dtype": String(t.dtype.pythonName.dropFirst("torch.".count)), "shape": t.shape, "stride": t.strides,
                    "offset": t.offset, "requires_grad": t.requiresGrad ? "True" : "False", "storage": storages[id]!,
                    "storage_bytes": t.storage.byteCount, "fnv1a64": String(format: "%016llx", h),
                    "parameter": t.isParameter ? "True" : "False"]
        }
    }

    /// Sets compare without order: their elements are sorted by their JSON text on both sides.
    func normalized(_ x: Any) -> Any {
        if let d = x as? [String: Any] {
            var out: [String: Any] = [:]
            for (k, v) in d { out[k] = normalized(v) }
            if let items = out["set"] as? [Any] {
                out["set"] = items.sorted { json($0) < json($1) }
            }
            return out
        }
        if let a = x as? [Any] { return a.map(normalized) }
        return x
    }

    func json(_ x: Any) -> String {
        (try? JSONSerialization.data(withJSONObject: x, options: [.sortedKeys, .fragmentsAllowed])).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }

    func assertSameObject(_ got: Any, _ expected: Any, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let a = normalized(got), b = normalized(expected)
        if json(a) != json(b) {
            XCTFail("\(what): loaded object differs\n got:      \(json(a).prefix(600))\n expected: \(json(b).prefix(600))", file: file, line: line)
        }
    }

    func load(_ interp: Interpreter, _ path: String, _ extra: String = "") throws -> Value {
        try interp.run(SourceFile(name: "load", text: "obj = torch.load(\(pythonStringRepr(path))\(extra))"))
        return try XCTUnwrap(interp.lookupGlobal("obj"))
    }

    /// True when every record's data starts at a multiple of 64. Walks the local headers of an
    /// archive nnrepl wrote (stored entries, no data descriptors).
    func recordsAligned(_ bytes: [UInt8]) -> Bool {
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        var off = 0
        while off + 30 <= bytes.count, bytes[off..<off + 4].elementsEqual([0x50, 0x4b, 0x03, 0x04]) {
            let start = off + 30 + u16(off + 26) + u16(off + 28)
            if start % 64 != 0 { return false }
            off = start + u32(off + 18)
        }
        return off > 0
    }

    // MARK: the test

    func testFixtures() throws {
        let dir = try XCTUnwrap(directory)
        let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("manifest.json"))) as? [String: Any])
        let files = try XCTUnwrap(manifest["files"] as? [[String: Any]])
        XCTAssertGreaterThan(files.count, 20)
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("nnrepl-torchsave-\(getpid())")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        for entry in files {
            let name = try XCTUnwrap(entry["file"] as? String)
            let path = dir.appendingPathComponent(name).path
            let interp = try interpreter()
            if entry["valid"] as? Bool == true {
                try checkValid(entry, name: name, path: path, interp: interp, tmp: tmp)
            } else {
                try checkMalformed(entry, name: name, path: path, interp: interp)
            }
        }
    }

    func checkValid(_ entry: [String: Any], name: String, path: String, interp: Interpreter, tmp: URL) throws {
        var d = Describer()
        do {
            assertSameObject(try d.describe(try load(interp, path)), entry["loaded"]!, "\(name) (PyTorch's file)")
        } catch let e as PyError {
            XCTFail("\(name): \(e.typeName): \(e.message)")
            return
        }
        // Written again by nnrepl.
        let code = try XCTUnwrap(entry["write_code"] as? String)
        let cwd = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(tmp.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
        do { try interp.run(SourceFile(name: "write", text: code)) } catch let e as PyError {
            XCTFail("\(name): writing failed: \(e.typeName): \(e.message)")
            return
        }
        let mine = [UInt8](try Data(contentsOf: tmp.appendingPathComponent(name)))
        let archive = try TorchArchiveReader(mine)
        XCTAssertEqual(archive.prefix, String(name.prefix { $0 != "." }) + "/", name)
        let expectedRecords = try XCTUnwrap(entry["records"] as? [String])
        for record in expectedRecords {
            XCTAssertTrue(archive.hasRecord(String(record.dropFirst(archive.prefix.count))), "\(name): no record \(record)")
        }
        XCTAssertTrue(recordsAligned(mine), "\(name): records are not 64-byte aligned")
        if entry["pickle_identical"] as? Bool != false {
            let pickle = try archive.record("data.pkl").map { String(format: "%02x", $0) }.joined()
            XCTAssertEqual(pickle, entry["data_pkl"] as? String, "\(name): data.pkl differs from PyTorch's")
        }
        var d2 = Describer()
        assertSameObject(try d2.describe(try load(interp, tmp.appendingPathComponent(name).path)), entry["loaded"]!, "\(name) (nnrepl's file)")
    }

    func checkMalformed(_ entry: [String: Any], name: String, path: String, interp: Interpreter) throws {
        let category = try XCTUnwrap(entry["category"] as? String)
        let reference = entry["reference_error"] as? [String: String]
        let hasFloat64 = DType.allCases.contains { $0.pythonName == "torch.float64" }   // since the dtypes merge
        if category == "dtype" && hasFloat64 {
            var d = Describer()
            assertSameObject(try d.describe(try load(interp, path)), entry["loaded"]!, name)
            return
        }
        do {
            _ = try load(interp, path)
            XCTFail("\(name): loaded, but should fail (\(category))")
        } catch let e as PyError {
            switch category {
            case "eof": XCTAssertEqual(e.typeName, "EOFError", name)
            case "not_torch_file":
                XCTAssertEqual(e.typeName, "UnpicklingError", name)
                XCTAssertTrue(e.message.hasPrefix("invalid load key"), "\(name): \(e.message)")
            case "crc_mismatch":
                XCTAssertEqual(e.typeName, "RuntimeError", name)
                XCTAssertTrue(e.message.contains("data/0") && e.message.contains("CRC"), "\(name): \(e.message)")
            case "corrupt_pickle":
                XCTAssertEqual(e.typeName, "UnpicklingError", name)
                XCTAssertTrue(e.message.contains("corrupt"), "\(name): \(e.message)")
            case "legacy_format":
                XCTAssertEqual(e.typeName, "RuntimeError", name)
                XCTAssertTrue(e.message.contains("legacy"), "\(name): \(e.message)")
            case "dtype":
                XCTAssertTrue(e.message.contains("float64"), "\(name): \(e.message)")
            default:
                // PyTorch's own error, word for word.
                let ref = try XCTUnwrap(reference, name)
                XCTAssertEqual(e.typeName, ref["type"], name)
                XCTAssertEqual(e.message, ref["message"], name)
            }
        }
        if let expected = entry["loaded_with_map_location_cpu"] {
            var d = Describer()
            assertSameObject(try d.describe(try load(interp, path, ", map_location='cpu'")), expected, "\(name) with map_location='cpu'")
        }
    }

    /// torch.save of an optimizer, or of a layer whose internals nnrepl does not model (an
    /// LSTM's flat weight lists), is refused with advice, not half-written. (Whole modules
    /// otherwise save: TorchSaveObjectTests.)
    func testSavingAModuleExplainsStateDict() throws {
        let interp = try interpreter()
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("nnrepl-module-\(getpid()).pt").path
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        for code in ["torch.save(optim.SGD(nn.Linear(2, 1).parameters(), lr=0.1), \(pythonStringRepr(tmp)))",
                     "torch.save({'rnn': nn.LSTM(2, 3)}, \(pythonStringRepr(tmp)))"] {
            XCTAssertThrowsError(try interp.run(SourceFile(name: "t", text: code))) { e in
                let e = e as! PyError
                XCTAssertEqual(e.typeName, "PicklingError")
                XCTAssertTrue(e.message.contains("state_dict()"), e.message)
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: tmp))
        }
    }

    /// A torch.save archive around `pickle` (no storages).
    func archive(_ pickle: [UInt8]) throws -> [UInt8] {
        let texts: [(String, [UInt8])] = [("data.pkl", pickle), ("version", Array("3\n".utf8))]
        return try texts[0].1.withUnsafeBytes { p in
            try texts[1].1.withUnsafeBytes { v in
                try TorchArchive.write([TorchArchive.Record(name: "data.pkl", pointer: p.baseAddress, count: p.count),
                                        TorchArchive.Record(name: "version", pointer: v.baseAddress, count: v.count)], prefix: "a")
            }
        }
    }

    /// Damaged pickles (every truncation, every byte replaced by a few values) fail with an
    /// error or load; none crashes. Deep or self-containing structures are refused.
    func testDamagedPicklesNeverCrash() throws {
        let dir = try XCTUnwrap(directory)
        let data = [UInt8](try Data(contentsOf: dir.appendingPathComponent("python_values.pt")))
        let pickle = try TorchArchiveReader(data).record("data.pkl")
        var failures = 0
        for cut in 0..<pickle.count {
            do { _ = try TorchSerialization.deserialize(try archive(Array(pickle[..<cut]))) } catch is TorchSerializationError { failures += 1 }
        }
        XCTAssertEqual(failures, pickle.count, "every truncated pickle must fail")
        for i in stride(from: 0, to: pickle.count, by: 3) {
            for b: UInt8 in [0x00, 0x28, 0x2e, 0x71, 0x68, 0x85, 0xff] {
                var damaged = pickle
                damaged[i] = b
                do { _ = try TorchSerialization.deserialize(try archive(damaged)) } catch is TorchSerializationError {}
            }
        }
        // 5,000 nested lists: [[[...]]] built bottom-up with EMPTY_LIST and APPEND.
        var deep: [UInt8] = [0x80, 0x02]
        deep += [UInt8](repeating: 0x5d, count: 5000)
        deep += [UInt8](repeating: 0x61, count: 4999)
        deep.append(0x2e)
        XCTAssertThrowsError(try TorchSerialization.deserialize(try archive(deep))) { e in
            XCTAssertTrue("\(e)".contains("nested more than 1000 levels"), "\(e)")
        }
        // A list that contains itself: EMPTY_LIST, BINPUT 0, BINGET 0, APPEND, STOP.
        XCTAssertThrowsError(try TorchSerialization.deserialize(try archive([0x80, 0x02, 0x5d, 0x71, 0x00, 0x68, 0x00, 0x61, 0x2e]))) { e in
            XCTAssertTrue("\(e)".contains("contains itself"), "\(e)")
        }
    }
}
