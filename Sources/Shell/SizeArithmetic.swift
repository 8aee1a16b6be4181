/// Where an output size comes from, written with the layer's own numbers: the teaching payload
/// of the shape trace (`30 = (32 − 3)/1 + 1`, `15 = ⌊(30 − 2)/2⌋ + 1`, `576 = 16·6·6`).
enum SizeArithmetic {
    /// A sliding window over the last two dimensions (convolution or pooling), per dimension.
    struct Window {
        var kernel: [Int]
        var stride: [Int]
        var padding: [Int]
        var dilation: [Int]
        var ceilMode = false
    }

    /// `out = ⌊(H + 2·padding − dilation·(kernel − 1) − 1)/stride⌋ + 1` for each spatial
    /// dimension, omitting terms that are zero or one (the doc's form: `(32 − 3)/1 + 1` for a
    /// plain stride-1 convolution, floor brackets once the stride can drop cells). Equal
    /// dimensions are written once; otherwise `H: …, W: …`. Nil when the sizes do not fit the
    /// window (the layer reported an error, or the input was not what the window expects).
    static func window(_ w: Window, input: [Int], output: [Int]) -> String? {
        let n = w.kernel.count
        guard n > 0, input.count >= n, output.count >= n,
              [w.stride.count, w.padding.count, w.dilation.count].allSatisfy({ $0 == n }) else { return nil }
        let inSizes = Array(input.suffix(n)), outSizes = Array(output.suffix(n))
        var formulas: [String] = []
        var dropped: [Int] = []
        for i in 0..<n {
            let (h, k, s, p, d) = (inSizes[i], w.kernel[i], w.stride[i], w.padding[i], w.dilation[i])
            guard s > 0 else { return nil }
            let numerator = h + 2 * p - d * (k - 1) - 1
            var text = "\(h)"
            if p != 0 { text += " + 2·\(p)" }
            text += d == 1 ? " − \(k)" : " − \(d)·(\(k) − 1) − 1"
            if s == 1 && !w.ceilMode {
                text = "(\(text))/1 + 1"
            } else {
                text = w.ceilMode ? "⌈(\(text))/\(s)⌉ + 1" : "⌊(\(text))/\(s)⌋ + 1"
            }
            formulas.append("\(outSizes[i]) = \(text)")
            dropped.append(!w.ceilMode && numerator >= 0 ? numerator % s : 0)
        }
        var result: String
        if Set(formulas).count == 1 {
            result = formulas[0]
        } else {
            let names = n == 2 ? ["H", "W"] : (0..<n).map { "dim \($0)" }
            result = zip(names, formulas).map { "\($0): \($1)" }.joined(separator: ", ")
        }
        if let note = droppedNote(dropped) { result += "   (\(note))" }
        return result
    }

    /// Cells a floor division leaves out, in words: `last row/col dropped`, `last 2 rows dropped`.
    static func droppedNote(_ dropped: [Int]) -> String? {
        guard dropped.contains(where: { $0 > 0 }) else { return nil }
        func phrase(_ r: Int, _ one: String, _ many: String) -> String { r == 1 ? "last \(one)" : "last \(r) \(many)" }
        if dropped.count == 2 {
            let (h, w) = (dropped[0], dropped[1])
            if h == w { return phrase(h, "row/col", "rows/cols") + " dropped" }
            let parts = [h > 0 ? phrase(h, "row", "rows") : nil, w > 0 ? phrase(w, "col", "cols") : nil].compactMap { $0 }
            return parts.joined(separator: ", ") + " dropped"
        }
        let r = dropped.max() ?? 0
        return phrase(r, "element", "elements") + " dropped"
    }

    /// A reshape that merges dimensions (`flatten`, `view(-1, n)`): `576 = 16·6·6`. The dimensions
    /// kept at both ends are set aside; the merged run in the middle is what the learner asks about.
    static func merge(input: [Int], output: [Int]) -> String? {
        guard input.reduce(1, *) == output.reduce(1, *) else { return nil }
        var lo = 0
        while lo < input.count, lo < output.count, input[lo] == output[lo] { lo += 1 }
        // Dropping trailing 1s (`[1, 4, 1, 1]` → `[1, 4]`) merges into the last kept dimension.
        if lo == output.count, lo > 0 { lo -= 1 }
        var hiIn = input.count, hiOut = output.count
        while hiIn > lo + 1, hiOut > lo + 1, input[hiIn - 1] == output[hiOut - 1] { hiIn -= 1; hiOut -= 1 }
        let merged = Array(input[lo..<hiIn]), into = Array(output[lo..<hiOut])
        guard into.count == 1, merged.count >= 2 else { return nil }
        return "\(into[0]) = " + merged.map(String.init).joined(separator: "·")
    }

    /// `16·5·5` for 400 when the flattened input had 16 channels: in_features written in the
    /// shape the learner's feature maps would need (a square map per channel), nil otherwise.
    static func squareFactors(_ features: Int, channels: Int) -> String? {
        guard channels > 0, features % channels == 0 else { return nil }
        let area = features / channels
        var side = 1
        while side * side < area { side += 1 }
        guard side * side == area else { return nil }
        return "\(channels)·\(side)·\(side)"
    }
}
