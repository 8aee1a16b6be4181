// repr(tensor), following torch/_tensor_str.py: one element formatter per tensor (shared width and mode),
// nested brackets with 80-column wrapping, summarisation with "...", and the trailing keyword suffixes.

/// torch.set_printoptions state.
public struct PrintOptions: Equatable {
    /// Digits after the point in fixed and scientific mode.
    public var precision = 4
    /// A tensor with more elements than this is summarised (PyTorch's `profile='full'` is `Int.max`).
    public var threshold = 1000
    /// Entries kept at each end of a summarised dimension. 0 prints `[...]` plus a `size=` suffix.
    public var edgeitems = 3
    /// Column limit used for wrapping rows and suffixes.
    public var linewidth = 80
    /// nil: choose scientific notation automatically; true/false: force it on/off.
    public var sciMode: Bool? = nil

    /// The defaults (`profile='default'`).
    public init() {}

    /// The global options every repr uses (torch.set_printoptions changes it).
    nonisolated(unsafe) public static var current = PrintOptions()
}

/// The elements of a tensor to print, addressed by row-major flat index over `shape`, as the
/// Python values PyTorch's formatter sees (`item()` of each element).
public enum PrintableElements {
    case floating((Int) -> Double)
    case integer((Int) -> Int64)
    case bool((Int) -> Bool)

    /// float32 elements (widened exactly).
    public static func float32(_ read: @escaping (Int) -> Float) -> PrintableElements { .floating { Double(read($0)) } }
    public static func int64(_ read: @escaping (Int) -> Int64) -> PrintableElements { .integer(read) }
}

extension Tensor {
    /// This tensor's elements for `formatTensor`.
    public var printableElements: PrintableElements {
        switch dtype {
        case .bool: return .bool { [self] in boolPointer[storageOffset(ofFlat: $0)] }
        case .int64: return .integer { [self] in int64Pointer[storageOffset(ofFlat: $0)] }
        case .uint8, .int8, .int16, .int32: return .integer { [self] in Int64(doubleValue(atFlat: $0)) }
        case .float32: return .floating { [self] in Double(floatPointer[storageOffset(ofFlat: $0)]) }
        case .float16, .bfloat16, .float64: return .floating { [self] in doubleValue(atFlat: $0) }
        }
    }
}

/// repr(tensor) exactly as PyTorch prints it (`torch/_tensor_str.py`): "tensor(" + body + suffixes + ")".
/// Adds `size=(…)` (empty non-1-D tensors, or any tensor when `edgeitems` is 0), `dtype=torch.X`
/// (an empty tensor whose dtype is not the default dtype; a non-empty one whose dtype is none of
/// the default dtype, int64 and bool — those show through their digits), then `gradSuffix`
/// ("grad_fn=<MulBackward0>" or "requires_grad=True", chosen by the caller). `dtype` defaults to
/// float32 for floating elements, int64 for integers and bool for bools.
/// Only elements that appear in the output are read through the closure.
public func formatTensor(shape: [Int], dtype: DType? = nil, elements: PrintableElements, gradSuffix: String?,
                         options: PrintOptions = .current) -> String {
    let prefix = "tensor("
    let indent = prefix.utf8.count
    let dtype = dtype ?? {
        switch elements {
        case .floating: return .float32
        case .integer: return .int64
        case .bool: return .bool
        }
    }()
    var numel = 1
    for d in shape { numel = numel.multipliedReportingOverflow(by: max(d, 0)).partialValue }
    var suffixes: [String] = []
    var text = prefix
    if numel == 0 {
        text += "[]"
        if shape.count != 1 { suffixes.append("size=" + pythonTupleText(shape)) }
        // Without elements nothing hints at an integer dtype, so PyTorch names it.
        if dtype != DType.defaultFloat { suffixes.append("dtype=" + dtype.pythonName) }
    } else {
        if options.edgeitems <= 0 { suffixes.append("size=" + pythonTupleText(shape)) }
        var body = TensorBody(shape: shape, numel: numel, elements: elements, options: options)
        body.render(into: &text, indent: indent)
        if !(dtype == DType.defaultFloat || dtype == .int64 || dtype == .bool) { suffixes.append("dtype=" + dtype.pythonName) }
    }
    if let gradSuffix { suffixes.append(gradSuffix) }
    appendSuffixes(suffixes, to: &text, indent: indent, linewidth: options.linewidth)
    return text
}

/// Python's str(tuple(shape)): "(0, 3)", "(5,)", "()".
private func pythonTupleText(_ shape: [Int]) -> String {
    if shape.count == 1 { return "(\(shape[0]),)" }
    return "(" + shape.map(String.init).joined(separator: ", ") + ")"
}

/// `_add_suffixes`: each suffix stays on the last line unless that would pass `linewidth`.
private func appendSuffixes(_ suffixes: [String], to text: inout String, indent: Int, linewidth: Int) {
    // Python counts code points.
    var lastLine = 0
    for c in text.unicodeScalars.reversed() {
        if c == "\n" { break }
        lastLine += 1
    }
    // PyTorch's length is "last line + 2" (room for ", "), computed from rfind.
    var lineLength = lastLine + 2
    for suffix in suffixes {
        let length = suffix.unicodeScalars.count
        if lineLength + length + 2 > linewidth {
            text += ",\n" + String(repeating: " ", count: indent) + suffix
            lineLength = indent + length
        } else {
            text += ", " + suffix
            lineLength += length + 2
        }
    }
    text += ")"
}

/// The bracketed body of a non-empty tensor.
private struct TensorBody {
    let shape: [Int]
    let options: PrintOptions
    let summarize: Bool
    let edge: Int
    /// Formatted (unpadded) text of every printed element, in output order.
    var texts: [String] = []
    /// Shared width: every element is right-aligned to it.
    var width = 1
    private var cursor = 0

    init(shape: [Int], numel: Int, elements: PrintableElements, options: PrintOptions) {
        self.shape = shape
        self.options = options
        summarize = numel > options.threshold
        edge = max(options.edgeitems, 0)
        if summarize && edge == 0 && !shape.isEmpty { return } // body is just "[...]"
        let offsets = printedOffsets()
        switch elements {
        case .floating(let read):
            formatFloats(offsets.map(read))
        case .integer(let read):
            texts = offsets.map { String(read($0)) }
            width = texts.reduce(1) { max($0, $1.utf8.count) }
        case .bool(let read):
            texts = offsets.map { read($0) ? "True" : "False" }
            width = texts.reduce(1) { max($0, $1.utf8.count) }
        }
    }

    /// Whether dimension `dim` is cut to its edge items (the middle replaced by "...").
    private func isCut(_ dim: Int) -> Bool { summarize && shape[dim] > 2 * edge }

    /// The indices printed along `dim`, in order (`get_summarized_data`).
    private func printedIndices(_ dim: Int) -> [Int] {
        let n = shape[dim]
        return isCut(dim) ? Array(0..<edge) + Array((n - edge)..<n) : Array(0..<n)
    }

    /// Row-major flat offsets of the printed elements, in output order.
    private func printedOffsets() -> [Int] {
        var offsets = [0]
        var running = 1
        var strides = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[d] = running
            running = running.multipliedReportingOverflow(by: shape[d]).partialValue
        }
        for d in 0..<shape.count {
            let indices = printedIndices(d)
            var next: [Int] = []
            next.reserveCapacity(offsets.count * indices.count)
            for base in offsets {
                for i in indices { next.append(base + i * strides[d]) }
            }
            offsets = next
        }
        return offsets
    }

    /// `_Formatter` for floating tensors: integer / fixed / scientific mode from the finite non-zero values.
    private mutating func formatFloats(_ values: [Double]) {
        var intMode = true
        var minAbs = Double.infinity, maxAbs = 0.0
        var any = false
        for v in values where v.isFinite && v != 0 {
            any = true
            if v != v.rounded(.up) { intMode = false }
            let a = abs(v)
            minAbs = min(minAbs, a)
            maxAbs = max(maxAbs, a)
        }
        // No finite non-zero value: PyTorch keeps integer mode and never goes scientific, even if forced.
        let sci = any && (options.sciMode ?? (maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4))
        let precision = max(options.precision, 0)
        texts.reserveCapacity(values.count)
        for v in values {
            let text: String
            if sci {
                text = pythonDoubleToString(v, formatCode: "e", precision: precision)
            } else if intMode {
                let digits = pythonDoubleToString(v, formatCode: "f", precision: 0)
                text = v.isFinite ? digits + "." : digits
            } else {
                text = pythonDoubleToString(v, formatCode: "f", precision: precision)
            }
            if v.isFinite && v != 0 { width = max(width, text.utf8.count) }
            texts.append(text)
        }
    }

    /// Appends the body (`_tensor_str_with_formatter`) for a tensor whose `tensor(` prefix is `indent` wide.
    mutating func render(into out: inout String, indent: Int) {
        cursor = 0
        if shape.isEmpty {
            appendElement(into: &out)
        } else if summarize && edge == 0 {
            out += "[...]"
        } else {
            render(dim: 0, indent: indent, into: &out)
        }
    }

    private mutating func appendElement(into out: inout String) {
        let text = texts[cursor]
        cursor += 1
        let pad = width - text.utf8.count
        if pad > 0 { out += String(repeating: " ", count: pad) }
        out += text
    }

    private mutating func render(dim: Int, indent: Int, into out: inout String) {
        let n = shape[dim]
        let cut = isCut(dim)
        let count = cut ? 2 * edge + 1 : n // the "..." counts as one item
        let lineBreak = "\n" + String(repeating: " ", count: indent + 1)
        out += "["
        if dim == shape.count - 1 {
            let available = options.linewidth - indent, itemLength = width + 2
            let floorQuotient = available >= 0 ? available / itemLength : -((-available + itemLength - 1) / itemLength)
            let perLine = max(1, floorQuotient)
            for k in 0..<count {
                if k > 0 { out += k % perLine == 0 ? "," + lineBreak : ", " }
                if cut && k == edge { out += " ..." } else { appendElement(into: &out) }
            }
        } else {
            // Sub-tensors are separated by (dims left) newlines: blank lines between 3-D blocks and up.
            let separator = "," + String(repeating: "\n", count: shape.count - dim - 2) + lineBreak
            for k in 0..<count {
                if k > 0 { out += separator }
                if cut && k == edge { out += "..." } else { render(dim: dim + 1, indent: indent + 1, into: &out) }
            }
        }
        out += "]"
    }
}
