import Engine

/// The safetensors dtype names (safetensors.md §4) in the reference writer's order, first to
/// last (larger / "later" first), with their sizes in bits.
enum SafetensorsDType: String, CaseIterable {
    case U64, I64, F64, C64, F32, U32, I32, BF16, F16, U16, I16
    case F8_E5M2FNUZ, F8_E4M3FNUZ, F8_E8M0, F8_E4M3, F8_E5M2, I8, U8, F6_E3M2, F6_E2M3, F4, BOOL

    var bits: Int {
        switch self {
        case .U64, .I64, .F64, .C64: return 64
        case .F32, .U32, .I32: return 32
        case .BF16, .F16, .U16, .I16: return 16
        case .F8_E5M2FNUZ, .F8_E4M3FNUZ, .F8_E8M0, .F8_E4M3, .F8_E5M2, .I8, .U8, .BOOL: return 8
        case .F6_E3M2, .F6_E2M3: return 6
        case .F4: return 4
        }
    }

    /// The list serde_json prints for an unknown variant (the enum's declaration order).
    static let serdeVariantList = "`BOOL`, `F4`, `F6_E2M3`, `F6_E3M2`, `U8`, `I8`, `F8_E5M2`, `F8_E4M3`, `F8_E8M0`, `F8_E4M3FNUZ`, `F8_E5M2FNUZ`, `I16`, `U16`, `F16`, `BF16`, `I32`, `U32`, `F32`, `C64`, `F64`, `I64`, `U64`"

    /// Position in the writer's sort (I64 before F32 before BOOL).
    var writeRank: Int { SafetensorsDType.allCases.firstIndex(of: self) ?? 0 }

    /// nnrepl's dtype for this name, if it has one.
    var engineDType: DType? {
        switch self {
        case .F64: return .float64
        case .F32: return .float32
        case .F16: return .float16
        case .BF16: return .bfloat16
        case .I64: return .int64
        case .I32: return .int32
        case .I16: return .int16
        case .I8: return .int8
        case .U8: return .uint8
        case .BOOL: return .bool
        default: return nil
        }
    }

    init(_ dtype: DType) {
        switch dtype {
        case .float64: self = .F64
        case .float32: self = .F32
        case .float16: self = .F16
        case .bfloat16: self = .BF16
        case .int64: self = .I64
        case .int32: self = .I32
        case .int16: self = .I16
        case .int8: self = .I8
        case .uint8: self = .U8
        case .bool: self = .BOOL
        }
    }
}

/// One header entry after parsing.
struct SafetensorsEntry {
    let name: String
    let dtype: SafetensorsDType
    let shape: [Int]
    let begin: UInt64
    let end: UInt64
}

/// JSON text of a string as serde_json writes it: `"` and `\` escaped, control characters as
/// `\n`-style or `\u00XX` escapes, everything else (`/` and non-ASCII included) raw UTF-8.
func safetensorsJSONString(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if ch.value < 0x20 {
                let hex = String(ch.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(ch)
            }
        }
    }
    return out + "\""
}
