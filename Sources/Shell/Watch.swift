import Foundation
import Interpreter
import Engine

/// `%watch EXPR`: after each statement, every watched value that changed is shown as
/// before → after, with the changed tensor elements highlighted and the largest |Δ| given.
extension Session {
    func watchMagic(_ argument: String) throws {
        let expression = argument.trimmingCharacters(in: .whitespaces)
        guard !expression.isEmpty else {
            throw PyError("UsageError", "%watch EXPR: give an expression to watch, e.g. %watch net.conv1.bias.grad")
        }
        // A typo should fail now, not show "<SyntaxError …>" after every statement.
        do {
            _ = try Parser.parse(SourceFile(name: "<watch>", text: expression))
        } catch let e as SyntaxError {
            throw PyError(e.kind, e.message, location: e.range)
        }
        let snapshot = WatchSnapshot.take(expression, interpreter)
        watches.removeAll { $0.expression == expression }
        watches.append(Watch(expression: expression, last: snapshot))
        interpreter.write("watching \(expression): \(snapshot.text)\n")
    }

    func unwatchMagic(_ argument: String) throws {
        let expression = argument.trimmingCharacters(in: .whitespaces)
        if expression.isEmpty { watches.removeAll(); return }
        guard watches.contains(where: { $0.expression == expression }) else {
            throw PyError("UsageError", "not watching \(expression)")
        }
        watches.removeAll { $0.expression == expression }
    }

    /// After each statement: print every watched value that changed (before → after).
    func showWatches() {
        for i in watches.indices {
            let old = watches[i].last
            let now = WatchSnapshot.take(watches[i].expression, interpreter)
            guard now != old else { continue }
            var after = now.text
            if color, let changed = now.changedElements(from: old), let shape = now.shape,
               let painted = TensorTextHighlight.paint(after, shape: shape, changed: changed) {
                after = painted
            }
            interpreter.write("\(watches[i].expression): \(old.text) → \(after)\n")
            if let d = now.maxDelta(from: old) { interpreter.write("  max |Δ| = \(String(format: "%.4g", d))\n") }
            watches[i].last = now
        }
    }
}

/// A watched expression and its last seen value.
struct Watch {
    let expression: String
    var last: WatchSnapshot
}

/// A value as watched: its text, and for tensors the raw numbers (so changes hidden by
/// 4-decimal printing are still seen).
struct WatchSnapshot: Equatable {
    var text: String
    var numbers: [Float]?
    var shape: [Int]?
    var identity: ObjectIdentifier?

    static func take(_ expr: String, _ interp: Interpreter) -> WatchSnapshot {
        do {
            let v = try interp.evaluate(expr)
            if case .tensor(let t) = v {
                return WatchSnapshot(text: try interp.tensorRepr(t), numbers: t.floatValues(), shape: t.shape, identity: ObjectIdentifier(t))
            }
            return WatchSnapshot(text: try interp.repr(v), numbers: nil, shape: nil, identity: nil)
        } catch let e as PyError {
            return WatchSnapshot(text: "<\(e.typeName): \(e.message)>", numbers: nil, shape: nil, identity: nil)
        } catch {
            return WatchSnapshot(text: "<error>", numbers: nil, shape: nil, identity: nil)
        }
    }

    /// Both tensors of one size: the largest element-wise change.
    func maxDelta(from old: WatchSnapshot) -> Double? {
        guard let a = numbers, let b = old.numbers, a.count == b.count, !a.isEmpty else { return nil }
        return zip(a, b).map { Double(Swift.abs($0 - $1)) }.max()
    }

    /// Row-major indices of the elements that differ from `old` (NaN staying NaN is no change);
    /// nil unless both are tensors of the same shape.
    func changedElements(from old: WatchSnapshot) -> Set<Int>? {
        guard let a = numbers, let b = old.numbers, a.count == b.count, shape == old.shape else { return nil }
        var changed = Set<Int>()
        for i in a.indices where a[i] != b[i] && !(a[i].isNaN && b[i].isNaN) { changed.insert(i) }
        return changed
    }
}

/// Colours chosen elements inside a tensor's repr. The repr prints the elements in row-major
/// order (only the edge items of long dimensions when summarised), so the n-th number in the
/// bracketed body is the n-th printed element.
enum TensorTextHighlight {
    static let on = "\u{1B}[1;33m"
    static let off = "\u{1B}[0m"

    /// `text` with the elements whose flat index is in `changed` coloured; nil when the text does
    /// not have the expected layout (then it is shown plain rather than wrongly coloured).
    static func paint(_ text: String, shape: [Int], changed: Set<Int>,
                      options: PrintOptions = .current) -> String? {
        if changed.isEmpty { return text }
        let chars = Array(text)
        guard let open = find(Array("tensor("), in: chars) else { return nil }
        let bodyStart = open + "tensor(".count
        var bodyEnd = bodyStart
        if bodyStart < chars.count && chars[bodyStart] == "[" {
            var depth = 0
            while bodyEnd < chars.count {
                if chars[bodyEnd] == "[" { depth += 1 }
                if chars[bodyEnd] == "]" { depth -= 1; if depth == 0 { bodyEnd += 1; break } }
                bodyEnd += 1
            }
        } else {
            while bodyEnd < chars.count && chars[bodyEnd] != "," && chars[bodyEnd] != ")" { bodyEnd += 1 }
        }
        // Element tokens: runs of characters that are not brackets, commas or blanks.
        var tokens: [Range<Int>] = []
        var i = bodyStart
        while i < bodyEnd {
            if "[], \n".contains(chars[i]) { i += 1; continue }
            let start = i
            while i < bodyEnd && !"[], \n".contains(chars[i]) { i += 1 }
            if String(chars[start..<i]) != "..." { tokens.append(start..<i) }
        }
        let offsets = printedOffsets(shape: shape, options: options)
        guard tokens.count == offsets.count else { return nil }
        var out = String(chars[..<bodyStart])
        var cursor = bodyStart
        for (token, offset) in zip(tokens, offsets) {
            out += String(chars[cursor..<token.lowerBound])
            let item = String(chars[token])
            out += changed.contains(offset) ? on + item + off : item
            cursor = token.upperBound
        }
        out += String(chars[cursor...])
        return out
    }

    /// Row-major flat indices of the elements a repr shows, in order (PyTorch's summarisation:
    /// more than `threshold` elements keeps `edgeitems` at both ends of each long dimension).
    static func printedOffsets(shape: [Int], options: PrintOptions) -> [Int] {
        let numel = shape.reduce(1, *)
        guard numel > 0 else { return [] }
        let summarize = numel > options.threshold
        let edge = max(options.edgeitems, 0)
        if summarize && edge == 0 && !shape.isEmpty { return [] }
        var offsets = [0]
        var running = 1
        var strides = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 1, through: 0, by: -1) { strides[d] = running; running *= shape[d] }
        for d in shape.indices {
            let n = shape[d]
            let kept = summarize && n > 2 * edge ? Array(0..<edge) + Array((n - edge)..<n) : Array(0..<n)
            offsets = offsets.flatMap { base in kept.map { base + $0 * strides[d] } }
        }
        return offsets
    }

    private static func find(_ needle: [Character], in hay: [Character]) -> Int? {
        guard needle.count <= hay.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
        return nil
    }
}
