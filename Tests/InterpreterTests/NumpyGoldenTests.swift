// numpy operations against Fixtures/numpy/ops.json (scripts/golden/numpy_ops.py, real numpy):
// each case runs its setup and expression through the interpreter; arrays must match numpy's
// dtype, shape and element bits ("close" cases: within a few ulps; "svml" cases: exact when SVML is
// loaded, else close), numpy scalars their type and
// value, other values their repr, errors their type and message.
import XCTest
@testable import Interpreter

final class NumpyGoldenTests: XCTestCase {
    /// The "svml" cases are only exact when SVML is loaded: on an AVX-512 machine set up by
    /// scripts/setup it must be (the cases would silently fall back to "close" otherwise).
    func testSVMLLoadedOnAVX512() {
        let status = NumpySVML.status
        if status.hasPrefix("not used (no AVX-512") || status.hasPrefix("disabled") { return }
        XCTAssertTrue(NumpySVML.enabled, "SVML: \(status)")
    }

    private struct Record: Decodable {
        let kind: String
        let dtype: String?
        let shape: [Int]?
        let values: [JSONValue]?
        let indices: [Int]?
        let fnv1a64: String?
        let value: JSONValue?
        let items: [Record]?
        let repr: String?
        let type: String?
        let message: String?
    }
    private struct Case: Decodable {
        let name: String
        let setup: String
        let expr: String
        let tolerance: String
        let result: Record
    }
    private struct File: Decodable { let cases: [Case] }

    func testCases() throws {
        let url = Bundle.module.url(forResource: "Fixtures/numpy/ops", withExtension: "json")!
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        XCTAssertGreaterThan(file.cases.count, 300)
        var failures: [String] = []
        for c in file.cases {
            if let problem = run(c) { failures.append("\(c.name): \(problem)") }
        }
        if !failures.isEmpty {
            XCTFail("\(failures.count) of \(file.cases.count) numpy cases failed:\n" + failures.joined(separator: "\n"))
        }
    }

    private func run(_ c: Case) -> String? {
        let interp = Interpreter(mode: .script)
        interp.write = { _ in }
        interp.writeWarning = { _ in }
        do {
            try interp.run(SourceFile(name: "setup", text: "import numpy as np\n" + c.setup))
        } catch let e as PyError { return "setup raised \(e.typeName): \(e.message)" } catch { return "\(error)" }
        let out: Value
        do { out = try interp.evaluate(c.expr) } catch let e as PyError {
            if c.result.kind == "error" {
                return e.typeName == c.result.type && e.message == c.result.message ? nil
                    : "expected \(c.result.type!): \(c.result.message!)\n      got      \(e.typeName): \(e.message)"
            }
            return "raised \(e.typeName): \(e.message)"
        } catch { return "\(error)" }
        // "svml": numpy's SVML loops, exact when nnrepl loads SVML too (AVX-512, .deps/svml).
        return compare(out, c.result, close: c.tolerance == "close" || (c.tolerance == "svml" && !NumpySVML.enabled), interp)
    }

    private func compare(_ v: Value, _ r: Record, close: Bool, _ interp: Interpreter) -> String? {
        switch r.kind {
        case "error": return "expected \(r.type!): \(r.message!), got \((try? interp.repr(v)) ?? "?")"
        case "tuple":
            guard case .tuple(let items) = v, items.count == r.items!.count else { return "expected a tuple of \(r.items!.count)" }
            for (i, (x, rr)) in zip(items, r.items!).enumerated() {
                if let p = compare(x, rr, close: close, interp) { return "item \(i): \(p)" }
            }
            return nil
        case "scalar":
            guard case .object(let s as NumpyScalar) = v else { return "expected numpy.\(r.dtype!), got \(interp.typeName(v))" }
            if s.dtype.name != r.dtype { return "dtype \(s.dtype.name) != \(r.dtype!)" }
            return compareValue(s.value, s.dtype, r.value!, close: close).map { "value \($0)" }
        case "python":
            if r.type == "float" {
                guard case .float(let d) = v else { return "expected float, got \(interp.typeName(v))" }
                return compareValue(.float(d), .float64, .string(r.repr!), close: close)
            }
            let got = (try? interp.repr(v)) ?? "?"
            return got == r.repr ? nil : "repr \(got) != \(r.repr!)"
        default:
            guard case .object(let a as NDArray) = v else { return "expected an array, got \(interp.typeName(v))" }
            if a.dtype.name != r.dtype { return "dtype \(a.dtype.name) != \(r.dtype!)" }
            if a.shape != r.shape { return "shape \(a.shape) != \(r.shape!)" }
            let indices = r.indices ?? Array(0..<a.size)
            for (k, i) in indices.enumerated() {
                if let p = compareValue(a.value(atFlat: i), a.dtype, r.values![k], close: close) { return "element \(i): \(p)" }
            }
            if let h = r.fnv1a64, !close {
                let c = try! a.copy()
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                let bytes = UnsafeRawBufferPointer(start: c.storage.bytes, count: c.size * c.dtype.itemSize)
                for b in bytes { hash ^= UInt64(b); hash = hash &* 0x100_0000_01b3 }
                let got = String(hash, radix: 16)
                if String(repeating: "0", count: 16 - got.count) + got != h { return "fnv1a64 differs (an unlisted element)" }
            }
            return nil
        }
    }

    private func compareValue(_ v: NumpyValue, _ dtype: NumpyDType, _ e: JSONValue, close: Bool) -> String? {
        switch v {
        case .bool(let b): return b == e.bool ? nil : "\(b) != \(e.text)"
        case .int(let i): return i == e.int ? nil : "\(i) != \(e.text)"
        case .float(let d):
            let want = parseHexDouble(e.text)
            if d.isNaN && want.isNaN { return nil }
            if d.bitPattern == want.bitPattern { return nil }
            if close {
                let tol = dtype == .float32 ? 4e-7 : 4e-16
                if Swift.abs(d - want) <= tol * Swift.abs(want) + 1e-300 { return nil }
            }
            return "\(pythonFloatHex(d)) != \(e.text)"
        }
    }
}
