// numpy's array printing (numpy/_core/arrayprint.py, numpy 2.x defaults, no legacy modes):
// `array2string` with summarisation, `FloatingFormat` / `IntegerFormat` / `BoolFormat`,
// `_formatArray`'s line wrapping, and `array_repr` / `array_str` with their `shape=` / `dtype=`
// extras. Elements are read through closures so a summarised array reads only what it prints.

/// `np.set_printoptions` state.
struct NumpyPrintOptions {
    var precision = 8
    var threshold = 1000
    var edgeitems = 3
    var linewidth = 75
    var suppress = false
    /// 'fixed', 'unique', 'maxprec' or 'maxprec_equal'.
    var floatmode = "maxprec"
    /// '-', '+' or ' '.
    var sign: Character = "-"
    var nanstr = "nan"
    var infstr = "inf"

    nonisolated(unsafe) static var current = NumpyPrintOptions()
}

/// The elements of an array to print, addressed by row-major flat index.
enum NumpyPrintElements {
    case float64((Int) -> Double)
    case float32((Int) -> Float)
    case int((Int) -> Int64)
    case uint((Int) -> UInt64)
    case bool((Int) -> Bool)
}

/// Formats one element; built from the (summarised) data like numpy's format functions.
private struct ElementFormatter {
    let format: (Int) -> String

    init(_ elements: NumpyPrintElements, indices: [Int], isScalar: Bool, _ o: NumpyPrintOptions) {
        switch elements {
        case .bool(let read):
            let t = isScalar ? "True" : " True"
            format = { read($0) ? t : "False" }
        case .int(let read):
            let vals = indices.map(read)
            let width = ElementFormatter.intWidth(vals.min().map { String($0) }, vals.max().map { String($0) },
                                                  maxNonNegative: (vals.max() ?? -1) >= 0, minNegative: (vals.min() ?? 0) < 0, o.sign)
            let sign = o.sign
            format = { ElementFormatter.padInt(String(read($0)), nonNegative: read($0) >= 0, width, sign) }
        case .uint(let read):
            let vals = indices.map(read)
            let width = ElementFormatter.intWidth(vals.min().map { String($0) }, vals.max().map { String($0) },
                                                  maxNonNegative: !vals.isEmpty, minNegative: false, o.sign)
            let sign = o.sign
            format = { ElementFormatter.padInt(String(read($0)), nonNegative: true, width, sign) }
        case .float64(let read):
            let f = FloatingFormat(indices.map(read), o, cutoffMax: 1e8, abs: { Swift.abs($0) }, input: Dragon4Input.init)
            format = { f.format(read($0)) }
        case .float32(let read):
            let f = FloatingFormat(indices.map(read), o, cutoffMax: 1e6, abs: { Swift.abs($0) }, input: Dragon4Input.init)
            format = { f.format(read($0)) }
        }
    }

    /// `IntegerFormat.__init__`: the width of the longest of str(max) and str(min).
    static func intWidth(_ minText: String?, _ maxText: String?, maxNonNegative: Bool, minNegative: Bool, _ sign: Character) -> Int {
        guard let minText, let maxText else { return 0 }
        var sign = sign
        if sign == " " && minNegative { sign = "-" }
        var maxLen = maxText.count
        if maxNonNegative && (sign == "+" || sign == " ") { maxLen += 1 }
        return max(maxLen, minText.count)
    }

    /// `'{:-Nd}'.format(x)` (or `+` / ` ` sign).
    static func padInt(_ digits: String, nonNegative: Bool, _ width: Int, _ sign: Character) -> String {
        var s = digits
        if nonNegative && sign == "+" { s = "+" + s } else if nonNegative && sign == " " { s = " " + s }
        return s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}

/// `FloatingFormat` over one float type (Double or Float: comparisons happen in that type, as
/// numpy compares float32 data with float32-cast thresholds).
private struct FloatingFormat<F: BinaryFloatingPoint> {
    var expFormat = false
    var precision: Int
    var minDigits: Int
    var unique = true
    var trim: Dragon4Trim = .zeros
    var padLeft = 0
    var padRight = 0
    var expSize = -1
    let signPlus: Bool
    let input: (F) -> Dragon4Input
    let nanstr: String, infstr: String

    init(_ data: [F], _ o: NumpyPrintOptions, cutoffMax: F, abs: (F) -> F, input: @escaping (F) -> Dragon4Input) {
        self.input = input
        signPlus = o.sign == "+"
        nanstr = o.nanstr; infstr = o.infstr
        precision = o.floatmode == "unique" ? -1 : o.precision
        minDigits = -1
        let finite = data.filter { $0.isFinite }
        let nonZero = finite.filter { $0 != 0 }.map(abs)
        if let maxVal = nonZero.max(), let minVal = nonZero.min() {
            if maxVal >= cutoffMax || (!o.suppress && (minVal < F(0.0001) || maxVal / minVal > 1000)) {
                expFormat = true
            }
        }
        if finite.isEmpty {
            padLeft = 0; padRight = 0; trim = .zeros; expSize = -1; unique = true; minDigits = -1
        } else if expFormat {
            var trimMode = Dragon4Trim.zeros
            unique = true
            if o.floatmode == "fixed" { trimMode = .none; unique = false }
            let strs = finite.map { dragon4Scientific(input($0), mode: unique ? .unique : .exact, precision: precision, sign: signPlus, trim: trimMode) }
            var maxExp = 0, maxFrac = 0, maxInt = 0
            for s in strs {
                let parts = s.split(separator: "e", omittingEmptySubsequences: false)
                maxExp = max(maxExp, parts[1].count)
                let mant = parts[0].split(separator: ".", omittingEmptySubsequences: false)
                maxInt = max(maxInt, mant[0].count)
                maxFrac = max(maxFrac, mant.count > 1 ? mant[1].count : 0)
            }
            expSize = maxExp - 1
            trim = .none
            precision = maxFrac
            minDigits = maxFrac
            padLeft = maxInt
            padRight = expSize + 2 + precision
        } else {
            var trimMode = Dragon4Trim.zeros
            unique = true
            if o.floatmode == "fixed" { trimMode = .none; unique = false }
            let strs = finite.map { dragon4Positional(input($0), mode: unique ? .unique : .exact, precision: precision, sign: signPlus, trim: trimMode) }
            var maxInt = 0, maxFrac = 0
            for s in strs {
                let parts = s.split(separator: ".", omittingEmptySubsequences: false)
                maxInt = max(maxInt, parts[0].count)
                maxFrac = max(maxFrac, parts.count > 1 ? parts[1].count : 0)
            }
            padLeft = maxInt
            padRight = maxFrac
            expSize = -1
            if o.floatmode == "fixed" || o.floatmode == "maxprec_equal" {
                precision = padRight; minDigits = padRight; trim = .none
            } else {
                trim = .zeros; minDigits = 0
            }
        }
        if o.sign == " " && !finite.contains(where: { $0.sign == .minus }) { padLeft += 1 }
        if finite.count != data.count {
            let negInf = o.sign != "-" || data.contains { $0.isInfinite && $0 < 0 }
            let offset = padRight + 1
            padLeft = max(padLeft, o.nanstr.count - offset, o.infstr.count + (negInf ? 1 : 0) - offset)
        }
    }

    func format(_ x: F) -> String {
        if !x.isFinite {
            let ret: String
            if x.isNaN { ret = (signPlus ? "+" : "") + nanstr } else { ret = (x < 0 ? "-" : (signPlus ? "+" : "")) + infstr }
            let pad = padLeft + padRight + 1 - ret.count
            return (pad > 0 ? String(repeating: " ", count: pad) : "") + ret
        }
        if expFormat {
            return dragon4Scientific(input(x), mode: unique ? .unique : .exact, precision: precision, minDigits: minDigits,
                                     sign: signPlus, trim: trim, digitsLeft: padLeft, expDigits: expSize)
        }
        return dragon4Positional(input(x), mode: unique ? .unique : .exact, cutoffMode: .fractionLength, precision: precision,
                                 minDigits: minDigits, sign: signPlus, trim: trim, digitsLeft: padLeft, digitsRight: padRight)
    }
}

/// `array2string(a, max_line_width, separator, prefix, suffix)` for a non-empty array.
func numpyArray2String(shape: [Int], elements: NumpyPrintElements, separator: String, prefix: String,
                       suffixLength: Int, options o: NumpyPrintOptions = NumpyPrintOptions.current) -> String {
    let size = shape.reduce(1, *)
    if size == 0 { return "[]" }
    let summarize = size > o.threshold
    let edge = o.edgeitems
    // Row-major strides of the full array, for turning an index tuple into a flat index.
    var strides = [Int](repeating: 1, count: shape.count)
    var acc = 1
    for d in stride(from: shape.count - 1, through: 0, by: -1) { strides[d] = acc; acc *= shape[d] }
    // The flat indices of `_leading_trailing(data, edgeitems)`.
    var printed: [Int] = []
    func collect(_ dim: Int, _ base: Int) {
        if dim == shape.count { printed.append(base); return }
        let n = shape[dim]
        let idx: [Int] = summarize && n > 2 * edge ? Array(0..<edge) + Array((n - edge)..<n) : Array(0..<n)
        for i in idx { collect(dim + 1, base + i * strides[dim]) }
    }
    collect(0, 0)
    let formatter = ElementFormatter(elements, indices: printed, isScalar: shape.isEmpty, o)
    let lineWidth = o.linewidth - suffixLength
    let nextLinePrefix = " " + String(repeating: " ", count: prefix.count)
    let summaryInsert = summarize ? "..." : ""

    func extendLine(_ s: inout String, _ line: inout String, _ word: String, _ width: Int, _ nextPrefix: String) {
        var needsWrap = line.count + word.count > width
        if line.count <= nextPrefix.count { needsWrap = false }
        if needsWrap {
            s += rstrip(line) + "\n"
            line = nextPrefix
        }
        line += word
    }

    func recurse(_ index: [Int], _ hangingIndent: String, _ currWidth: Int) -> String {
        let axis = index.count
        let axesLeft = shape.count - axis
        if axesLeft == 0 {
            var flat = 0
            for (d, i) in index.enumerated() { flat += (i < 0 ? i + shape[d] : i) * strides[d] }
            return formatter.format(flat)
        }
        let nextHangingIndent = hangingIndent + " "
        let nextWidth = currWidth - 1
        let aLen = shape[axis]
        let showSummary = summarize && 2 * edge < aLen
        let leading = showSummary ? edge : 0
        let trailing = showSummary ? edge : aLen
        var s = ""
        if axesLeft == 1 {
            let sepStripped = rstrip(separator)
            let elemWidth = currWidth - max(sepStripped.count, 1)
            var line = hangingIndent
            for i in 0..<leading {
                let word = recurse(index + [i], nextHangingIndent, nextWidth)
                extendLine(&s, &line, word, elemWidth, hangingIndent)
                line += separator
            }
            if showSummary {
                extendLine(&s, &line, summaryInsert, elemWidth, hangingIndent)
                line += separator
            }
            var i = trailing
            while i > 1 {
                let word = recurse(index + [-i], nextHangingIndent, nextWidth)
                extendLine(&s, &line, word, elemWidth, hangingIndent)
                line += separator
                i -= 1
            }
            let word = recurse(index + [-1], nextHangingIndent, nextWidth)
            extendLine(&s, &line, word, elemWidth, hangingIndent)
            s += line
        } else {
            let lineSep = rstrip(separator) + String(repeating: "\n", count: axesLeft - 1)
            for i in 0..<leading {
                s += hangingIndent + recurse(index + [i], nextHangingIndent, nextWidth) + lineSep
            }
            if showSummary { s += hangingIndent + summaryInsert + lineSep }
            var i = trailing
            while i > 1 {
                s += hangingIndent + recurse(index + [-i], nextHangingIndent, nextWidth) + lineSep
                i -= 1
            }
            s += hangingIndent + recurse(index + [-1], nextHangingIndent, nextWidth)
        }
        return "[" + String(s.dropFirst(hangingIndent.count)) + "]"
    }
    return recurse([], nextLinePrefix, lineWidth)
}

private func rstrip(_ s: String) -> String {
    var t = Substring(s)
    while let c = t.last, c == " " || c == "\n" || c == "\t" { t.removeLast() }
    return String(t)
}

/// `repr(array)`: `array([...])` plus `shape=` (summarised or empty non-1-D) and `dtype=` (when
/// the dtype is not float64/int64/bool, or the array is empty), moved to a new line when the
/// last line would pass `linewidth`.
func numpyArrayRepr(shape: [Int], elements: NumpyPrintElements, dtypeName: String, dtypeImplied: Bool,
                    options o: NumpyPrintOptions = NumpyPrintOptions.current) -> String {
    let prefix = "array("
    let size = shape.reduce(1, *)
    let body = size == 0 ? "[]" : numpyArray2String(shape: shape, elements: elements, separator: ", ", prefix: prefix, suffixLength: 1, options: o)
    var extras: [String] = []
    if (size == 0 && shape != [0]) || size > o.threshold {
        extras.append("shape=" + pythonShapeTuple(shape))
    }
    if !dtypeImplied || size == 0 { extras.append("dtype=" + dtypeName) }
    if extras.isEmpty { return prefix + body + ")" }
    let arrStr = prefix + body + ","
    let extraStr = extras.joined(separator: ", ") + ")"
    let lastLineLen = arrStr.count - ((arrStr.lastIndex(of: "\n").map { arrStr.distance(from: arrStr.startIndex, to: $0) + 1 }) ?? 0)
    let spacer = lastLineLen + extraStr.count + 1 > o.linewidth ? "\n" + String(repeating: " ", count: prefix.count) : " "
    return arrStr + spacer + extraStr
}

/// `str(array)` of a non-0-d array.
func numpyArrayStr(shape: [Int], elements: NumpyPrintElements, options o: NumpyPrintOptions = NumpyPrintOptions.current) -> String {
    numpyArray2String(shape: shape, elements: elements, separator: " ", prefix: "", suffixLength: 0, options: o)
}

/// numpy's C-level shape text in error messages: "(2,3)", "(5,)", "()".
func numpyShapeCompact(_ shape: [Int]) -> String {
    if shape.count == 1 { return "(\(shape[0]),)" }
    return "(" + shape.map(String.init).joined(separator: ",") + ")"
}

/// Python's str(tuple(shape)): "(0, 3)", "(5,)", "()".
func pythonShapeTuple(_ shape: [Int]) -> String {
    if shape.count == 1 { return "(\(shape[0]),)" }
    return "(" + shape.map(String.init).joined(separator: ", ") + ")"
}

/// str() of a float scalar of `dtype` (float32 values are exact in a Double).
func numpyFloatScalarStr(_ x: Double, dtype: NumpyDType) -> String {
    numpyFloatScalarText(dtype == .float32 ? Dragon4Input(Float(x)) : Dragon4Input(x), magnitude: Swift.abs(x))
}

/// repr() of a numpy scalar in numpy 2 style: `np.float64(3.0)`, `np.int32(5)`, `np.True_`.
func numpyScalarRepr(dtype: NumpyDType, str: String) -> String {
    if dtype == .bool { return str == "True" ? "np.True_" : "np.False_" }
    return "np.\(dtype.name)(\(str))"
}
