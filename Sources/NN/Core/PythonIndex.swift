import Engine

/// Python's `slice.indices(len)`: the positions `seq[start:stop:step]` selects, in order.
/// - Throws: `ValueError: slice step cannot be zero`.
public func pythonSliceIndices(count: Int, start: Int?, stop: Int?, step: Int?) throws -> [Int] {
    let st = step ?? 1
    guard st != 0 else { throw TorchError.value("slice step cannot be zero") }
    func clamp(_ v: Int?, _ dflt: Int, low: Int, high: Int) -> Int {
        guard var x = v else { return dflt }
        if x < 0 { x += count }
        return Swift.min(Swift.max(x, low), high)
    }
    if st > 0 {
        let a = clamp(start, 0, low: 0, high: count), b = clamp(stop, count, low: 0, high: count)
        return a < b ? Array(stride(from: a, to: b, by: st)) : []
    }
    let a = clamp(start, count - 1, low: -1, high: count - 1), b = clamp(stop, -1, low: -1, high: count - 1)
    return a > b ? Array(stride(from: a, to: b, by: st)) : []
}
