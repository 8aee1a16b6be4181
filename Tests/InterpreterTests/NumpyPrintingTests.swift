// numpy's printing against Fixtures/numpy/printing.json (scripts/golden/numpy_printing.py, real
// numpy): array repr/str under print options, the Dragon4 float formatters, and scalar str/repr.
import XCTest
@testable import Interpreter

final class NumpyPrintingTests: XCTestCase {
    private struct ArrayCase: Decodable {
        let name: String
        let dtype: String
        let shape: [Int]
        let options: [String: JSONValue]
        let values: [JSONValue]?
        let sparse: [String: JSONValue]?
        let repr: String
        let str: String
    }
    private struct FloatCase: Decodable { let dtype: String; let value: String; let results: [String] }
    private struct ScalarCase: Decodable { let dtype: String; let value: JSONValue; let str: String; let repr: String }
    private struct File: Decodable {
        let arrays: [ArrayCase]
        let float_variants: [[JSONValue]]
        let floats: [FloatCase]
        let scalars: [ScalarCase]
    }
    private struct VariantOptions: Decodable {}

    private func load() throws -> File {
        let url = Bundle.module.url(forResource: "Fixtures/numpy/printing", withExtension: "json")!
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
    }

    func testArrays() throws {
        let file = try load()
        XCTAssertGreaterThan(file.arrays.count, 100)
        for c in file.arrays {
            var o = NumpyPrintOptions()
            for (k, v) in c.options {
                switch k {
                case "precision": o.precision = Int(v.int)
                case "threshold": o.threshold = Int(v.int)
                case "edgeitems": o.edgeitems = Int(v.int)
                case "linewidth": o.linewidth = Int(v.int)
                case "suppress": o.suppress = v.bool
                case "floatmode": o.floatmode = v.text
                case "sign": o.sign = Character(v.text)
                case "nanstr": o.nanstr = v.text
                case "infstr": o.infstr = v.text
                default: XCTFail("\(c.name): option \(k)")
                }
            }
            let dtype = NumpyDType(name: c.dtype)!
            let name = c.name
            func value(_ i: Int) -> JSONValue {
                if let v = c.values { return v[i] }
                guard let v = c.sparse?[String(i)] else {
                    XCTFail("\(name): read element \(i), which is not printed")
                    return .int(0)
                }
                return v
            }
            let elements: NumpyPrintElements
            switch dtype {
            case .float64: elements = .float64 { parseHexDouble(value($0).text) }
            case .float32: elements = .float32 { Float(parseHexDouble(value($0).text)) }
            case .bool: elements = .bool { value($0).bool }
            default: elements = .int { value($0).int }
            }
            let repr = c.shape.isEmpty && false ? "" : numpyArrayRepr(shape: c.shape, elements: elements, dtypeName: dtype.name,
                                                                   dtypeImplied: dtype.isImpliedInRepr, options: o)
            XCTAssertEqual(repr, c.repr, "repr \(c.name)")
            if !c.shape.isEmpty {
                let size = c.shape.reduce(1, *)
                let str = size == 0 ? "[]" : numpyArrayStr(shape: c.shape, elements: elements, options: o)
                XCTAssertEqual(str, c.str, "str \(c.name)")
            }
        }
    }

    func testFormatFloat() throws {
        let file = try load()
        XCTAssertGreaterThan(file.floats.count, 200)
        var failures = 0
        for c in file.floats {
            let x = parseHexDouble(c.value)
            let input = c.dtype == "float32" ? Dragon4Input(Float(x)) : Dragon4Input(x)
            for (variant, expected) in zip(file.float_variants, c.results) {
                let kind = variant[0].text
                var kw: [String: JSONValue] = [:]
                if case .array = variant[1] {} else { kw = variant[1].object }
                let precision = kw["precision"].map { Int($0.int) } ?? -1
                let unique = kw["unique"]?.bool ?? true
                let minDigits = kw["min_digits"].map { Int($0.int) } ?? -1
                let sign = kw["sign"]?.bool ?? false
                let trim: Dragon4Trim = ["k": .none, ".": .zeros, "0": .leaveOneZero, "-": .dptZeros][kw["trim"]?.text ?? "k"]!
                let padLeft = kw["pad_left"].map { Int($0.int) } ?? -1
                let got: String
                if kind == "pos" {
                    let fractional = kw["fractional"]?.bool ?? true
                    got = dragon4Positional(input, mode: unique ? .unique : .exact, cutoffMode: fractional ? .fractionLength : .totalLength,
                                            precision: precision, minDigits: minDigits, sign: sign, trim: trim,
                                            digitsLeft: padLeft, digitsRight: kw["pad_right"].map { Int($0.int) } ?? -1)
                } else {
                    got = dragon4Scientific(input, mode: unique ? .unique : .exact, precision: precision, minDigits: minDigits,
                                            sign: sign, trim: trim, digitsLeft: padLeft, expDigits: kw["exp_digits"].map { Int($0.int) } ?? -1)
                }
                if got != expected {
                    failures += 1
                    if failures < 30 { XCTFail("\(c.dtype) \(c.value) \(kind) \(kw.mapValues(\.text)): \(got) != \(expected)") }
                }
            }
        }
        XCTAssertEqual(failures, 0)
    }

    func testScalars() throws {
        let file = try load()
        for c in file.scalars {
            let dtype = NumpyDType(name: c.dtype)!
            let str: String
            switch dtype {
            case .float64, .float32: str = numpyFloatScalarStr(parseHexDouble(c.value.text), dtype: dtype)
            case .bool: str = c.value.bool ? "True" : "False"
            default: str = String(c.value.int)
            }
            XCTAssertEqual(str, c.str, "str \(c.dtype) \(c.value.text)")
            XCTAssertEqual(numpyScalarRepr(dtype: dtype, str: str), c.repr, "repr \(c.dtype) \(c.value.text)")
        }
    }
}

/// Parses Python's float.hex() output (and "nan", "inf", "-inf").
func parseHexDouble(_ s: String) -> Double {
    switch s {
    case "nan": return .nan
    case "inf": return .infinity
    case "-inf": return -.infinity
    default: return Double(s)!
    }
}
