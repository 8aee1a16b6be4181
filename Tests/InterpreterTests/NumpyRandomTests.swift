// numpy's legacy RandomState streams against Fixtures/numpy/random.json (written by
// scripts/golden/numpy_random.py from real numpy): every value of every call, bit for bit.
import XCTest
@testable import Interpreter

final class NumpyRandomTests: XCTestCase {
    private struct Case: Decodable {
        let name: String
        let calls: [[JSONValue]]
        let values: [[JSONValue]?]
    }
    private struct File: Decodable { let cases: [Case] }

    func testLegacyStreams() throws {
        let url = Bundle.module.url(forResource: "Fixtures/numpy/random", withExtension: "json")!
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        XCTAssertGreaterThan(file.cases.count, 40)
        for c in file.cases {
            let rs = NumpyRandomState(seed: 0)
            for (call, expected) in zip(c.calls, c.values) {
                let got = run(call, rs)
                guard let expected else { continue }
                let label = "\(c.name) \(call.map(\.text).joined(separator: " "))"
                XCTAssertEqual(got.count, expected.count, label)
                for (i, (g, e)) in zip(got, expected).enumerated() where g != e.text {
                    XCTFail("\(label) [\(i)]: \(g) != \(e.text)")
                    break
                }
            }
        }
    }

    /// Runs one call; floats as C99 hex (Python's float.hex), ints in decimal.
    private func run(_ call: [JSONValue], _ rs: NumpyRandomState) -> [String] {
        func int(_ i: Int) -> Int64 { call[i].int }
        func floats(_ n: Int64, _ f: () -> Double) -> [String] { (0..<n).map { _ in pythonFloatHex(f()) } }
        switch call[0].text {
        case "seed": rs.seed(UInt32(int(1))); return []
        case "seed_array": rs.seed(keyArray: call[1].array.map { UInt32($0.int) }); return []
        case "random_sample": return floats(int(1)) { rs.nextDouble() }
        case "randn": return floats(int(1)) { rs.nextGauss() }
        case "exponential": return floats(int(1)) { rs.nextStandardExponential() }
        case "uniform":
            let lo = call[1].double, hi = call[2].double
            return floats(int(3)) { lo + (hi - lo) * rs.nextDouble() }
        case "normal":
            let loc = call[1].double, scale = call[2].double
            return floats(int(3)) { loc + scale * rs.nextGauss() }
        case "randint":
            let bits = ["int64": 64, "int32": 32, "int16": 16, "uint8": 8][call[4].text]!
            return rs.randint(low: int(1), high: int(2), count: Int(int(3)), bits: bits).map { String($0) }
        case "permutation": return rs.permutation(Int(int(1))).map { String($0) }
        case "shuffle":
            var a = Array(0..<Int(int(1)))
            rs.shuffleIndices(a.count) { a.swapAt($0, $1) }
            return a.map { String($0) }
        case "choice":
            return rs.choice(Int(int(1)), count: Int(int(2)), replace: call[3].bool).map { String($0) }
        default:
            XCTFail("unknown call \(call[0].text)")
            return []
        }
    }
}

/// Python's `float.hex()`: `0x1.8000000000000p+1`, `-0x0.0p+0`, `inf`, `nan`.
func pythonFloatHex(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    let sign = x.sign == .minus ? "-" : ""
    if x == 0 { return sign + "0x0.0p+0" }
    let bits = x.bitPattern
    var exp = Int((bits >> 52) & 0x7ff)
    let frac = bits & ((1 << 52) - 1)
    let lead: Int
    if exp == 0 { lead = 0; exp = -1022 } else { lead = 1; exp -= 1023 }
    var hex = String(frac, radix: 16)
    hex = String(repeating: "0", count: 13 - hex.count) + hex
    return "\(sign)0x\(lead).\(hex)p\(exp >= 0 ? "+" : "")\(exp)"
}

/// A JSON value read loosely (the fixture mixes numbers, strings, bools and arrays).
enum JSONValue: Decodable {
    case int(Int64), double(Double), string(String), bool(Bool), array([JSONValue]), object([String: JSONValue]), null
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let u = try? c.decode(UInt64.self) { self = .int(Int64(bitPattern: u)) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }
    var int: Int64 { if case .int(let i) = self { return i }; if case .double(let d) = self { return Int64(d) }; return 0 }
    var double: Double { if case .double(let d) = self { return d }; if case .int(let i) = self { return Double(i) }; return .nan }
    var bool: Bool { if case .bool(let b) = self { return b }; return false }
    var array: [JSONValue] { if case .array(let a) = self { return a }; return [] }
    var object: [String: JSONValue] { if case .object(let o) = self { return o }; return [:] }
    var text: String {
        switch self {
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s
        case .bool(let b): return b ? "True" : "False"
        case .array(let a): return "[" + a.map(\.text).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { "\($0): \(o[$0]!.text)" }.joined(separator: ", ") + "}"
        case .null: return "None"
        }
    }
}
