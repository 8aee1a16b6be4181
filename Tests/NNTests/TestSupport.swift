import XCTest
import Engine
@testable import NN

/// Float32 bit patterns of a tensor, row-major.
func bitsOf(_ t: Tensor) -> [UInt32] { t.floatValues().map(\.bitPattern) }

/// Bits as hex words, for readable failure messages.
func hex(_ bits: [UInt32]) -> String { bits.map { String($0, radix: 16) }.joined(separator: " ") }

/// Asserts that a tensor has exactly PyTorch's shape and bits.
func assertBits(_ t: Tensor?, _ golden: GoldenTensor?, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
    guard let t, let golden else { return XCTFail("\(label): missing tensor or golden", file: file, line: line) }
    XCTAssertEqual(t.shape, golden.shape, "\(label) shape", file: file, line: line)
    let got = bitsOf(t)
    if got != golden.bits {
        XCTFail("\(label) bits differ:\n got  \(hex(got))\n want \(hex(golden.bits))", file: file, line: line)
    }
}

/// Asserts values within |a − e| ≤ atol + rtol·|e| (NaN matches NaN).
func assertClose(_ t: Tensor?, _ golden: GoldenTensor?, _ label: String, atol: Float = 1e-6, rtol: Float = 1e-5,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard let t, let golden else { return XCTFail("\(label): missing tensor or golden", file: file, line: line) }
    XCTAssertEqual(t.shape, golden.shape, "\(label) shape", file: file, line: line)
    assertClose(t.floatValues(), golden.floats, label, atol: atol, rtol: rtol, file: file, line: line)
}

func assertClose(_ got: [Float], _ want: [Float], _ label: String, atol: Float = 1e-6, rtol: Float = 1e-5,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard got.count == want.count else {
        return XCTFail("\(label): \(got.count) values, want \(want.count)", file: file, line: line)
    }
    for (i, (a, e)) in zip(got, want).enumerated() {
        if a.isNaN && e.isNaN { continue }
        if a == e { continue }
        if !(Swift.abs(a - e) <= atol + rtol * Swift.abs(e)) {
            return XCTFail("\(label)[\(i)]: got \(a), want \(e)", file: file, line: line)
        }
    }
}

/// A float tensor from values.
func tensor(_ values: [Float], _ shape: [Int]) -> Tensor { try! Tensor(floats: values, shape: shape) }

/// A float tensor from bit patterns.
func tensor(bits: [UInt32], _ shape: [Int]) -> Tensor { tensor(bits.map { Float(bitPattern: $0) }, shape) }

/// `torch.arange(n, dtype=float32).view(shape)`.
func arange(_ shape: [Int], scale: Float = 1) -> Tensor {
    let n = shape.reduce(1, *)
    return tensor((0..<n).map { Float($0) / scale }, shape)
}

/// Asserts that `body` throws a TorchError of `kind` with exactly `message`.
func assertTorchError<T>(_ kind: ErrorKind, _ message: String, file: StaticString = #filePath, line: UInt = #line,
                         _ body: () throws -> T) {
    do {
        _ = try body()
        XCTFail("expected \(kind.rawValue): \(message)", file: file, line: line)
    } catch let e as TorchError {
        XCTAssertEqual(e.kind, kind, file: file, line: line)
        XCTAssertEqual(e.message, message, file: file, line: line)
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}

/// Collects warnings raised while `body` runs.
func collectWarnings<T>(_ body: () throws -> T) rethrows -> (T, [String]) {
    var seen: [String] = []
    let saved = Warnings.handler
    Warnings.handler = { category, message in seen.append("\(category): \(message)") }
    defer { Warnings.handler = saved }
    let r = try body()
    return (r, seen)
}
