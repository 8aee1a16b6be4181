import XCTest
import Foundation
@testable import Interpreter
import Engine

/// Runs the PyTorch-generated cases of `Fixtures/ops.json` and `Fixtures/nn.json` through the
/// interpreter and compares values, gradients, grad_fn names, reprs and error messages
/// (format: scripts/golden/README.md §2).
final class GoldenCaseTests: XCTestCase {
    struct Record: Decodable {
        let dtype: String
        let shape: [Int]
        let bits: [String]?
        let ints: [Int64]?
        let bools: [Bool]?
        let indices: [Int]?
        let fnv1a64: String?
        let stride: [Int]?
    }
    struct ErrorRecord: Decodable { let type: String; let message: String }
    struct Case: Decodable {
        let name: String
        let setup: String
        let expr: String?
        let stmt: String?
        let steps: Int?
        let result: Record?
        let results: [Record]?
        let repr: String?
        let grad_fn: String??
        let backward: Bool?
        let grads_of: [String]?
        let grads: [String: Record?]?
        let tolerance: String?
        let error: ErrorRecord?
        let trajectory: [String]?
        let final: [String: Record]?
        let final_tolerance: String?
    }
    struct File: Decodable { let cases: [Case] }

    static let preamble = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport torch.optim as optim\nimport math\n"

    func load(_ name: String) throws -> [Case] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }

    func testOps() throws { try runAll("ops") }
    func testNN() throws { try runAll("nn") }
    /// Convolution on the backend PyTorch picks (oneDNN or im2col), scripts/golden/conv.py.
    func testConv() throws { try runAll("conv") }
    /// PyTorch's bits for float32 kernels on many sizes (scripts/golden/bitwise.py), whole tensors
    /// compared through their FNV-1a hash.
    func testBitwise() throws { try runAll("bitwise") }

    func runAll(_ file: String) throws {
        let cases = try load(file)
        var failures: [String] = []
        for c in cases {
            if let problem = run(c) { failures.append("\(c.name): \(problem)") }
        }
        print("\(file).json: \(cases.count - failures.count) passed, \(failures.count) failed")
        if !failures.isEmpty {
            XCTFail("\(failures.count) of \(cases.count) \(file).json cases failed:\n" + failures.prefix(400).joined(separator: "\n"))
        }
    }

    /// Runs one case; nil when it passes, else what went wrong.
    func run(_ c: Case) -> String? {
        // The fixtures are PyTorch's with one thread unless a case's setup sets another count.
        ComputeThreads.set(1)
        let interp = Interpreter(mode: .script)
        var printed = ""
        interp.write = { printed += $0 }
        interp.writeWarning = { _ in }
        func exec(_ code: String, _ name: String) throws {
            try interp.run(SourceFile(name: name, text: code))
        }
        do {
            try exec(Self.preamble + c.setup, "setup")
        } catch let e as PyError {
            return "setup failed: \(e.typeName): \(e.message)"
        } catch { return "setup failed: \(error)" }

        if let err = c.error {
            do {
                if let s = c.stmt { try exec(s, "stmt") } else if let e = c.expr { _ = try interp.evaluate(e) }
                return "expected \(err.type): \(err.message), but nothing was raised"
            } catch let e as PyError {
                if e.typeName != err.type || e.message != err.message {
                    return "expected \(err.type): \(err.message)\n      got      \(e.typeName): \(e.message)"
                }
                return nil
            } catch { return "\(error)" }
        }
        let exact = c.tolerance != "close" && c.tolerance != "scaled"
        let scaled = c.tolerance == "scaled"
        if let steps = c.steps {
            var problems: [String] = []
            for i in 0..<steps {
                do {
                    let v = try interp.evaluate("step()")
                    if let expected = c.trajectory?[i], case .tensor(let t) = v {
                        let got = t.floatValues().first ?? .nan
                        let want = Float(bitPattern: UInt32(expected, radix: 16) ?? 0)
                        if !closeEnough(Double(got), Double(want), exact: c.tolerance == "exact") { problems.append("step \(i + 1) loss \(got) != \(want)") }
                    }
                } catch let e as PyError { return "step \(i + 1) raised \(e.typeName): \(e.message)" } catch { return "\(error)" }
            }
            for (expr, record) in c.final ?? [:] {
                guard let v = try? interp.evaluate(expr), case .tensor(let t) = v else { problems.append("final \(expr) is not a tensor"); continue }
                if let p = compare(t, record, exact: (c.final_tolerance ?? c.tolerance) == "exact") { problems.append("final \(expr): \(p)") }
            }
            return problems.isEmpty ? nil : problems.prefix(3).joined(separator: "; ")
        }
        guard let expr = c.expr else { return nil }
        let out: Value
        do { out = try interp.evaluate(expr) } catch let e as PyError { return "raised \(e.typeName): \(e.message)" } catch { return "\(error)" }
        if let r = c.repr {
            let got = (try? interp.repr(out)) ?? "<repr failed>"
            return got == r ? nil : "repr\n      expected: \(r)\n      got:      \(got)"
        }
        if let rs = c.results {
            let items: [Value]
            switch out {
            case .tuple(let t): items = t
            case .list(let l): items = l.items
            case .object(let o): items = (try? o.iterate(interp)).map { Array($0!) } ?? []
            default: return "expected a tuple of tensors, got \(interp.typeName(out))"
            }
            guard items.count == rs.count else { return "expected \(rs.count) results, got \(items.count)" }
            for (i, (v, r)) in zip(items, rs).enumerated() {
                guard case .tensor(let t) = v else { return "result \(i) is \(interp.typeName(v))" }
                if let p = compare(t, r, exact: exact, scaled: scaled) { return "result \(i): \(p)" }
            }
            return nil
        }
        guard case .tensor(let t) = out else { return "expected a tensor, got \(interp.typeName(out))" }
        if let r = c.result, let p = compare(t, r, exact: exact, scaled: scaled) { return "value: \(p)" }
        if let expectedFn = c.grad_fn {
            let got = t.gradFn?.name
            if got != expectedFn { return "grad_fn \(got ?? "None") != \(expectedFn ?? "None")" }
        }
        if c.backward == true {
            // A private name: setups may define `out` themselves.
            interp.globals.vars["__case_out"] = .tensor(t)
            do { try exec("torch.manual_seed(1)\n__case_g = torch.randn(__case_out.shape)\n__case_out.backward(__case_g)", "backward") } catch let e as PyError {
                return "backward raised \(e.typeName): \(e.message)"
            } catch { return "\(error)" }
            for name in c.grads_of ?? [] {
                guard let expected = c.grads?[name] else { continue }
                guard let gv = try? interp.evaluate(name + ".grad") else { return "\(name).grad failed" }
                switch (gv, expected) {
                case (.none, nil): continue
                case (.none, .some): return "\(name).grad is None"
                case (.tensor, nil): return "\(name).grad should be None"
                case (.tensor(let g), .some(let rec)):
                    if let p = compare(g, rec, exact: exact, scaled: scaled) { return "grad of \(name): \(p)" }
                default: return "\(name).grad has type \(interp.typeName(gv))"
                }
            }
        }
        return nil
    }

    func closeEnough(_ a: Double, _ b: Double, exact: Bool) -> Bool {
        if a.isNaN && b.isNaN { return true }
        if exact { return a.bitPattern == b.bitPattern }
        if a.isInfinite || b.isInfinite { return a == b }
        return Swift.abs(a - b) <= 1e-6 + 1e-5 * Swift.abs(b)
    }

    /// A recorded bit pattern (as wide as the dtype) as the value it encodes.
    func decode(_ bits: String, _ dtype: DType) -> Double? {
        guard let u = UInt64(bits, radix: 16) else { return nil }
        switch dtype {
        case .float32: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: u)))
        case .float64: return Double(bitPattern: u)
        case .float16: return Double(Float16(bitPattern: UInt16(truncatingIfNeeded: u)))
        case .bfloat16: return Double(BFloat16(bits: UInt16(truncatingIfNeeded: u)).float)
        default: return nil
        }
    }

    /// Compares a tensor with a record; nil when equal within the tolerance.
    /// `scaled`: sums with cancellation (README.md §2.3): |a - b| <= 1e-6 + 1e-5 * max |expected|.
    func compare(_ t: Tensor, _ r: Record, exact: Bool, scaled: Bool = false) -> String? {
        guard t.shape == r.shape else { return "shape \(t.shape) != \(r.shape)" }
        guard t.dtype.name == r.dtype else { return "dtype \(t.dtype.name) != \(r.dtype)" }
        if let s = r.stride, s != t.strides { return "stride \(t.strides) != \(s)" }
        let n = t.numel
        let idx = r.indices ?? Array(0..<n)
        if t.dtype.isFloatingPoint {
            // Float-to-double widening is exact, so comparing doubles compares the bits.
            let vals = t.doubleValues()
            let wants = (r.bits ?? []).map { decode($0, t.dtype) ?? .nan }
            let scale = wants.reduce(0) { Swift.max($0, $1.isFinite ? Swift.abs($1) : 0) }
            for (k, i) in idx.enumerated() {
                guard let bits = r.bits?[k], decode(bits, t.dtype) != nil, i < vals.count else { return "missing bits" }
                let want = wants[k]
                let ok = scaled ? (want.isNaN && vals[i].isNaN) || Swift.abs(vals[i] - want) <= 1e-6 + 1e-5 * scale
                                : closeEnough(vals[i], want, exact: exact)
                if !ok { return "element \(i): \(vals[i]) != \(want) (\(bits))" }
            }
            if exact, t.dtype == .float32, let hash = r.fnv1a64 {
                // Every element, not only the listed ones (FNV-1a over the little-endian bits).
                var h: UInt64 = 0xcbf29ce484222325
                for v in t.floatValues() {
                    var u = v.bitPattern
                    for _ in 0..<4 { h = (h ^ UInt64(u & 0xff)) &* 0x100000001b3; u >>= 8 }
                }
                let got = String(h, radix: 16).leftPadding(to: 16)
                if got != hash { return "whole-tensor hash \(got) != \(hash) (some unlisted element differs)" }
            }
        } else if t.dtype == .bool {
            let vals = t.floatValues().map { $0 != 0 }
            for (k, i) in idx.enumerated() where vals[i] != r.bools?[k] { return "element \(i): \(vals[i]) != \(r.bools?[k] ?? false)" }
        } else {
            let vals = t.int64Values()
            for (k, i) in idx.enumerated() where vals[i] != r.ints?[k] { return "element \(i): \(vals[i]) != \(r.ints?[k] ?? 0)" }
        }
        // Exact float32 cases: every element, through the hash of the whole tensor.
        if exact, t.dtype == .float32, let want = r.fnv1a64 {
            var h: UInt64 = 0xcbf29ce484222325
            for v in t.floatValues() {
                var bits = v.bitPattern
                for _ in 0..<4 {
                    h ^= UInt64(bits & 0xff)
                    h = h &* 0x100000001b3
                    bits >>= 8
                }
            }
            let got = String(h, radix: 16)
            let padded = String(repeating: "0", count: 16 - got.count) + got
            if padded != want { return "elements differ outside the listed ones (fnv1a64 \(padded) != \(want))" }
        }
        return nil
    }
}

private extension String {
    func leftPadding(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
