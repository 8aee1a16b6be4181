import XCTest
import Foundation
@testable import Interpreter
@testable import NN
import Engine

/// Whole modules and plain objects in torch.save files (Fixtures/torchsave_objects, made by
/// scripts/golden/torch_objects.py): a file PyTorch wrote loads in nnrepl with
/// `weights_only=False` and prints what PyTorch prints; the same objects saved by nnrepl have
/// PyTorch's data.pkl byte for byte and load back the same.
final class TorchSaveObjectTests: XCTestCase {
    let directory = Bundle.module.url(forResource: "torchsave_objects", withExtension: nil, subdirectory: "Fixtures")!

    struct Case: Decodable {
        let name: String
        let setup: String
        let write_code: String
        let check_code: String
        let stdout: String
        let data_pkl: String
    }

    func cases() throws -> [Case] {
        struct Manifest: Decodable { let cases: [Case] }
        let data = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        return try JSONDecoder().decode(Manifest.self, from: data).cases
    }

    /// Runs `setup`, `FILE = path` and `code` in a fresh session; returns what it printed.
    func run(_ c: Case, file: String, _ code: String) throws -> String {
        let interp = Interpreter(mode: .script)
        var out = ""
        interp.write = { out += $0 }
        let source = c.setup + "FILE = \(pythonStringRepr(file))\n" + code + "\n"
        try interp.run(SourceFile(name: "<\(c.name)>", text: source))
        return out
    }

    func dataPickle(_ path: String) throws -> String {
        let archive = try TorchArchiveReader([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        return try archive.record("data.pkl").map { String(format: "%02x", $0) }.joined()
    }

    func testPyTorchFilesLoad() throws {
        for c in try cases() {
            let path = directory.appendingPathComponent(c.name + ".pt").path
            XCTAssertEqual(try run(c, file: path, c.check_code), c.stdout, c.name)
        }
    }

    func testNnreplWritesPyTorchBytes() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("nnrepl-objects-\(getpid())")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        for c in try cases() {
            let path = tmp.appendingPathComponent(c.name + ".pt").path
            _ = try run(c, file: path, c.write_code)
            XCTAssertEqual(try dataPickle(path), c.data_pkl, "\(c.name): data.pkl differs from PyTorch's")
            XCTAssertEqual(try run(c, file: path, c.check_code), c.stdout, c.name)
        }
    }

    /// Without weights_only=False, PyTorch's weights-only unpickler refuses the class by name.
    func testWeightsOnlyRefusesModules() throws {
        let c = try cases().first { $0.name == "net" }!
        let path = directory.appendingPathComponent("net.pt").path
        XCTAssertThrowsError(try run(c, file: path, "torch.load(FILE)")) { error in
            let e = error as? PyError
            XCTAssertEqual(e?.typeName, "UnpicklingError")
            XCTAssertTrue(e?.message.contains("WeightsUnpickler error: Unsupported global: GLOBAL __main__.Net was not an allowed global by default.") ?? false, "\(error)")
        }
        // The class must exist in the session, as pickle looks it up in __main__.
        let bare = Case(name: "bare", setup: "import torch\n", write_code: "", check_code: "", stdout: "", data_pkl: "")
        XCTAssertThrowsError(try run(bare, file: path, "torch.load(FILE, weights_only=False)")) { error in
            XCTAssertEqual((error as? PyError)?.typeName, "AttributeError")
            XCTAssertEqual((error as? PyError)?.message, "Can't get attribute 'Net' on <module '__main__' (built-in)>")
        }
    }
}
