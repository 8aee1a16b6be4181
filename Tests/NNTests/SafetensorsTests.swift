import XCTest
import Foundation
import Engine
@testable import NN

/// The safetensors writer (byte-identical to the reference) and reader (every rule of
/// safetensors.md §3, with the reference messages).
final class SafetensorsTests: XCTestCase {
    func fixture(_ name: String) throws -> [UInt8] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return [UInt8](try Data(contentsOf: url))
    }

    func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("nnrepl-nn-\(getpid())-\(name)").path
    }

    /// A file made of N (little-endian), the header text, and data bytes.
    func file(_ header: String, _ data: [UInt8] = [], n: UInt64? = nil) -> [UInt8] {
        let h = Array(header.utf8)
        var out: [UInt8] = []
        var len = n ?? UInt64(h.count)
        for _ in 0..<8 { out.append(UInt8(len & 0xff)); len >>= 8 }
        return out + h + data
    }

    func assertReadError(_ bytes: [UInt8], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try Safetensors.deserialize(bytes)
            XCTFail("expected: \(message)", file: file, line: line)
        } catch let e as SafetensorError {
            XCTAssertEqual(e.kind, .safetensorError, file: file, line: line)
            XCTAssertEqual(e.message, "Error while deserializing header: " + message, file: file, line: line)
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
    }

    let tinyTensors: [(String, Tensor)] = [("fc.weight", tensor([1, -2, 0.5, 0.25], [2, 2])), ("fc.bias", tensor([3, -0.5], [2]))]

    // MARK: writer

    func testWorkedExampleByteForByte() throws {
        let bytes = try Safetensors.serialize(tensors: tinyTensors, metadata: ["format": "pt"])
        XCTAssertEqual(bytes, try fixture("tiny.safetensors"))
        let base64 = "oAAAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJmb3JtYXQiOiJwdCJ9LCJmYy5iaWFzIjp7ImR0eXBlIjoiRjMyIiwic2hhcGUiOlsyXSwiZGF0YV9vZmZzZXRzIjpbMCw4XX0sImZjLndlaWdodCI6eyJkdHlwZSI6IkYzMiIsInNoYXBlIjpbMiwyXSwiZGF0YV9vZmZzZXRzIjpbOCwyNF19fSAgICAgAABAQAAAAL8AAIA/AAAAwAAAAD8AAIA+"
        XCTAssertEqual(bytes, [UInt8](Data(base64Encoded: base64)!), "safetensors.md §6")
        let path = tempPath("tiny.safetensors")
        defer { unlink(path) }
        try Safetensors.save(tensors: tinyTensors, metadata: ["format": "pt"], to: path)
        XCTAssertEqual([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), bytes)
    }

    func testMixedDtypesAndScalar() throws {
        let bytes = try Safetensors.serialize(tensors: [("bn.running_mean", tensor([0, 1], [2])), ("bn.num_batches_tracked", Tensor(scalar: Int64(7)))],
                                              metadata: nil)
        XCTAssertEqual(bytes, try fixture("mixed_scalar.safetensors"))
        XCTAssertEqual(bytes.count, 168)
    }

    func testSpecialValuesNamesAndEscapes() throws {
        let nanEtc = tensor([.nan, -0.0, .infinity, -.infinity, Float(bitPattern: 1)], [5])
        let tensors: [(String, Tensor)] = [
            ("b", try Tensor(bools: [true, false, true], shape: [3])), ("a", try Tensor.zeros([0, 4])), ("n", nanEtc),
            ("10.weight", tensor([1], [1])), ("2.weight", tensor([2], [1])), ("é/x\n\"\\\u{1}", try Tensor(int64s: [5, -6], shape: [1, 2])),
        ]
        XCTAssertEqual(try Safetensors.serialize(tensors: tensors, metadata: ["format": "pt"]), try fixture("special.safetensors"))
        XCTAssertEqual(try Safetensors.serialize(tensors: [("x", tensor([1.5], [1]))], metadata: [:]), try fixture("empty_metadata.safetensors"))
    }

    func testWriterRefusals() throws {
        let t = try Tensor.ones([2, 3])
        assertTorchError(.valueError, "You are trying to save a non contiguous tensor: `t` which is not allowed. It either means you are trying to save tensors which are reference of each other in which case it's recommended to save only the full tensors, and reslice at load time, or simply call `.contiguous()` on your tensor to pack it before saving.") {
            try Safetensors.serialize(tensors: [("t", try t.t())], metadata: nil)
        }
        let whole = try Tensor.ones([4])
        assertTorchError(.runtimeError, """

                    Some tensors share memory, this will lead to duplicate memory on disk and potential differences when loading them again: [{'a', 'b'}].
                    A potential way to correctly save your model is to use `save_model`.
                    More information at https://huggingface.co/docs/safetensors/torch_shared_tensors
                    
        """) {
            try Safetensors.serialize(tensors: [("a", whole), ("b", try whole.slice(0, start: 0, stop: 2))], metadata: nil)
        }
        // Disjoint views of one storage are not "shared".
        let halves = try Safetensors.serialize(tensors: [("lo", try whole.slice(0, start: 0, stop: 2)), ("hi", try whole.slice(0, start: 2, stop: 4))], metadata: nil)
        XCTAssertEqual(try Safetensors.deserialize(halves).tensors.map(\.name), ["hi", "lo"])
        do {
            try Safetensors.save(tensors: tinyTensors, metadata: nil, to: "/nonexistent-dir/x.safetensors")
            XCTFail("expected an I/O error")
        } catch let e as SafetensorError {
            XCTAssertTrue(e.message.hasPrefix("Error while serializing: I/O error: No such file or directory (os error 2) at path \"/nonexistent-dir/x.safetensors.tmp"), e.message)
        }
    }

    // MARK: reader

    func testReadWorkedExample() throws {
        let contents = try Safetensors.deserialize(try fixture("tiny.safetensors"))
        XCTAssertEqual(contents.tensors.map(\.name), ["fc.bias", "fc.weight"], "data-offset order")
        XCTAssertEqual(contents.tensors[1].tensor.shape, [2, 2])
        XCTAssertEqual(contents.tensors[1].tensor.floatValues(), [1, -2, 0.5, 0.25])
        XCTAssertEqual(contents.tensors[0].tensor.floatValues(), [3, -0.5])
        XCTAssertFalse(contents.tensors[0].tensor.requiresGrad)
        XCTAssertEqual(contents.metadata, ["format": "pt"])
        XCTAssertNil(try Safetensors.deserialize(try fixture("mixed_scalar.safetensors")).metadata)
    }

    func testReadSpecialValues() throws {
        let loaded = Dictionary(uniqueKeysWithValues: try Safetensors.deserialize(try fixture("special.safetensors")).tensors.map { ($0.name, $0.tensor) })
        XCTAssertEqual(loaded["b"]?.dtype, .bool)
        XCTAssertEqual(loaded["b"]?.shape, [3])
        XCTAssertEqual(loaded["a"]?.shape, [0, 4])
        XCTAssertEqual(loaded["n"].map(bitsOf), [0x7fc00000, 0x80000000, 0x7f800000, 0xff800000, 0x00000001])
        XCTAssertEqual(loaded["é/x\n\"\\\u{1}"]?.int64Values(), [5, -6])
        let scalar = try Safetensors.deserialize(try fixture("mixed_scalar.safetensors")).tensors[0].tensor
        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(scalar.int64Values(), [7])
    }

    func testRoundTripThroughAFile() throws {
        Generator.global.manualSeed(0)
        let net = Sequential([try Conv2d(1, 6, kernelSize: 3), try BatchNorm1d(6), try Linear(4, 3)])
        let path = tempPath("roundtrip.safetensors")
        defer { unlink(path) }
        try Safetensors.save(tensors: net.stateDict(), metadata: ["format": "pt"], to: path)
        let loaded = try Safetensors.load(path)
        XCTAssertEqual(Set(loaded.map(\.name)), Set(net.stateDict().map(\.0)))
        let byName = Dictionary(uniqueKeysWithValues: loaded.map { ($0.name, $0.tensor) })
        for (name, t) in net.stateDict() {
            XCTAssertEqual(byName[name]?.shape, t.shape, name)
            XCTAssertEqual(byName[name]?.dtype, t.dtype, name)
            XCTAssertEqual(byName[name].map(bitsOf), bitsOf(t), name)
        }
        try net.loadStateDict(loaded)
    }

    func testFileErrors() throws {
        XCTAssertThrowsError(try Safetensors.load("/nonexistent.safetensors")) { e in
            XCTAssertEqual((e as? SafetensorError)?.kind, .fileNotFoundError)
            XCTAssertEqual((e as? SafetensorError)?.message, "No such file or directory: /nonexistent.safetensors")
        }
        XCTAssertThrowsError(try Safetensors.load(FileManager.default.temporaryDirectory.path)) { e in
            XCTAssertEqual((e as? SafetensorError)?.description, "OSError: No such device (os error 19)")
        }
    }

    // Rule 1
    func testHeaderTooSmall() {
        assertReadError([], "header too small")
        assertReadError([1, 2, 3, 4, 5, 6, 7], "header too small")
    }

    // Rule 2
    func testHeaderTooLarge() {
        assertReadError(file("{}", n: 100_000_001), "header too large")
        assertReadError(file("{}", n: UInt64.max), "header too large")
    }

    func testInvalidHeaderLength() {
        assertReadError(file("{}", n: 100_000_000), "invalid header length")
        assertReadError(file("{}", n: 50), "invalid header length")
    }

    // Rule 3
    func testInvalidUTF8() {
        var bytes = file("{\"a?\":1}")
        bytes[8 + 3] = 0xff
        assertReadError(bytes, "invalid UTF-8 in header: invalid utf-8 sequence of 1 bytes from index 3")
        var truncated = file("{}  ")
        truncated[8 + 3] = 0xe2
        assertReadError(truncated, "invalid UTF-8 in header: incomplete utf-8 byte sequence from index 3")
    }

    func testInvalidJSON() {
        assertReadError(file("hello   "), "invalid JSON in header: expected value at line 1 column 1")
        assertReadError(file("{} x    "), "invalid JSON in header: trailing characters at line 1 column 4")
        assertReadError(file("[]      "), "invalid JSON in header: invalid type: sequence, expected struct HashMetadata at line 1 column 0")
        assertReadError(file("{\"a\":5}"), "invalid JSON in header: invalid type: integer `5`, expected struct TensorInfo at line 1 column 7")
        assertReadError(file("{\"a\u{1}\":{}}"), "invalid JSON in header: control character (\\u0000-\\u001F) found while parsing a string at line 1 column 4")
        assertReadError(file("{\"a\":"), "invalid JSON in header: EOF while parsing a value at line 1 column 5")
        let deep = String(repeating: "[", count: 100_000)
        assertReadError(file(deep), "invalid JSON in header: recursion limit exceeded at line 1 column 129")
    }

    func testMissingField() {
        assertReadError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", [0, 0, 0, 0]),
                        "invalid JSON in header: missing field `data_offsets` at line 1 column 33")
    }

    func testBadNumbers() {
        assertReadError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", [0, 0, 0, 0]),
                        "invalid JSON in header: invalid value: integer `-1`, expected usize at line 1 column 55")
        assertReadError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}", [0, 0, 0, 0]),
                        "invalid JSON in header: invalid type: floating point `1.0`, expected usize at line 1 column 56")
        assertReadError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,5]}}", [0, 0, 0, 0]),
                        "invalid JSON in header: invalid length 3, expected 2 elements in sequence at line 1 column 56")
    }

    func testMetadataMustBeStrings() {
        assertReadError(file("{\"__metadata__\":{\"a\":1}}"), "invalid JSON in header: invalid type: integer `1`, expected a string at line 1 column 22")
        XCTAssertNil(try Safetensors.deserialize(file("{\"__metadata__\":null}")).metadata)
    }

    func testUnknownAndUnsupportedDtypes() {
        assertReadError(file("{\"a\":{\"dtype\":\"F31\",\"shape\":[1],\"data_offsets\":[0,4]}}", [0, 0, 0, 0]),
                        "invalid JSON in header: unknown variant `F31` (dtype of tensor `a`), expected one of \(SafetensorsDType.serdeVariantList) at line 1 column 54")
        assertReadError(file("{\"w\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[0,8]}}", [UInt8](repeating: 0, count: 8)),
                        "tensor `w` has dtype U64, which nnrepl cannot load (it supports F64, F32, F16, BF16, I64, I32, I16, I8, U8 and BOOL)")
        // Structure errors come first, as in the reference reader.
        assertReadError(file("{\"w\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,4]}}", [0, 0, 0, 0]),
                        "invalid shape, data type, or offset for tensor")
    }

    // Rule 4
    func testOffsets() {
        assertReadError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", [UInt8](repeating: 0, count: 8)),
                        "invalid offset for tensor `a`")
        assertReadError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", [0, 0, 0, 0]),
                        "invalid offset for tensor `b`")
        assertReadError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", [0, 0, 0, 0]),
                        "invalid offset for tensor `a`")
        assertReadError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", [0, 0, 0, 0]),
                        "invalid shape, data type, or offset for tensor")
        assertReadError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,18446744073709551615]}}", [0, 0, 0, 0]),
                        "invalid shape, data type, or offset for tensor")
        assertReadError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,4]}}", [0, 0, 0, 0]),
                        "overflow computing buffer size from shape and/or element type")
        assertReadError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4611686018427387904,0],\"data_offsets\":[0,0]}}"),
                        "overflow computing buffer size from shape and/or element type")
    }

    // Rule 5
    func testCoverage() {
        assertReadError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", [UInt8](repeating: 0, count: 8)),
                        "incomplete metadata, file not fully covered")
        assertReadError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", [0, 0, 0, 0]),
                        "incomplete metadata, file not fully covered")
    }

    func testWhatTheReaderTolerates() throws {
        // Leading whitespace, pretty printing, extra fields, unpadded N, duplicate keys (last wins).
        let pretty = file("  {\n \"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4], \"x\": [1, {}]}\n}", [0, 0, 0x80, 0x3f])
        XCTAssertEqual(try Safetensors.deserialize(pretty).tensors.first?.tensor.floatValues(), [1])
        let dup = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[9],\"data_offsets\":[0,36]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", [0, 0, 0, 0x40])
        XCTAssertEqual(try Safetensors.deserialize(dup).tensors.first?.tensor.floatValues(), [2])
        XCTAssertTrue(try Safetensors.deserialize(file("{}")).tensors.isEmpty)
        let bools = file("{\"b\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[0,3]}}", [1, 0, 2])
        XCTAssertEqual(try Safetensors.deserialize(bools).tensors.first?.tensor.int64Values(), [1, 0, 1])
        let escaped = file("{\"\\u00e9\\ud83d\\ude00\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}}", [7, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(try Safetensors.deserialize(escaped).tensors.first?.name, "é😀")
    }
}
