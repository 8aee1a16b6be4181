import Engine

/// `torch.nn.utils.rnn.PackedSequence`: the time steps of a batch of sequences of different
/// lengths, packed without padding. `data` holds, step after step, the rows of the sequences
/// still running at that step (longest first); `batchSizes[t]` says how many there are.
/// `sortedIndices` (when the batch was sorted by length here) maps packed rows to the batch,
/// `unsortedIndices` is its inverse.
public struct PackedSequence {
    public var data: Tensor
    public var batchSizes: [Int]
    public var sortedIndices: Tensor?
    public var unsortedIndices: Tensor?

    public init(data: Tensor, batchSizes: [Int], sortedIndices: Tensor?, unsortedIndices: Tensor?) {
        self.data = data; self.batchSizes = batchSizes; self.sortedIndices = sortedIndices; self.unsortedIndices = unsortedIndices
    }

    /// `_packed_sequence_init`: the unsorted indices are the inverse permutation of the sorted ones.
    init(data: Tensor, batchSizes: [Int], sortedIndices: Tensor?) throws {
        self.init(data: data, batchSizes: batchSizes, sortedIndices: sortedIndices,
                  unsortedIndices: try sortedIndices.map(invertPermutation))
    }

    public var batchSizesTensor: Tensor { try! Tensor(int64s: batchSizes.map(Int64.init), shape: [batchSizes.count]) }
}

/// `output.scatter_(0, permutation, arange(n))`.
func invertPermutation(_ p: Tensor) throws -> Tensor {
    let values = p.int64Values()
    var out = [Int64](repeating: 0, count: values.count)
    for (i, v) in values.enumerated() { out[Int(v)] = Int64(i) }
    return try Tensor(int64s: out, shape: [out.count])
}

/// `pack_padded_sequence(input, lengths, batch_first, enforce_sorted)`: input (T, B, *) or
/// (B, T, *), lengths per sequence; unsorted lengths are sorted here (descending, as
/// torch.sort orders them) unless `enforceSorted`, which requires them sorted.
public func packPaddedSequence(_ input: Tensor, lengths lengthsIn: [Int64], batchFirst: Bool, enforceSorted: Bool) throws -> PackedSequence {
    var x = input, lengths = lengthsIn
    var sortedIndices: Tensor? = nil
    if !enforceSorted {
        let (sortedLengths, order) = try sort(try Tensor(int64s: lengthsIn, shape: [lengthsIn.count]), dim: 0, descending: true)
        lengths = sortedLengths.int64Values()
        sortedIndices = order
        x = try indexSelect(x, dim: batchFirst ? 0 : 1, index: order)
    }
    if batchFirst { x = try x.transpose(0, 1) }
    guard x.numel > 0 else { throw TorchError.runtime("Cannot pack empty tensors.") }
    let batch = x.shape[1]
    guard lengths.count == batch else {
        throw TorchError.runtime("Expected `len(lengths)` to be equal to batch_size, but got \(lengths.count) (batch_size=\(batch))")
    }
    guard lengths[batch - 1] > 0 else {
        throw TorchError.runtime("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0")
    }
    for i in 0..<(batch - 1) where lengths[batch - 1 - i] > lengths[batch - 2 - i] {
        throw TorchError.runtime("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.")
    }
    guard Int(lengths[0]) <= x.shape[0] else {
        throw TorchError.runtime("start (0) + length (\(lengths[0])) exceeds dimension size (\(x.shape[0])).")
    }
    // ATen's loop: one block per distinct length, steps [prev, l) of the first batch − i sequences.
    var batchSizes: [Int] = []
    var blocks: [(start: Int, end: Int, count: Int)] = []
    var prev = 0
    for i in 0..<batch {
        let l = Int(lengths[batch - 1 - i])
        if l > prev {
            blocks.append((prev, l, batch - i))
            batchSizes += Array(repeating: batch - i, count: l - prev)
            prev = l
        }
    }
    let trailing = Array(x.shape.dropFirst(2))
    let data = try asSingleNode("PackPaddedSequenceBackward0", inputs: [x]) { t in
        let steps = try blocks.map { b in
            try t[0].narrow(0, start: b.start, length: b.end - b.start).narrow(1, start: 0, length: b.count)
                .reshape([(b.end - b.start) * b.count] + trailing)
        }
        return try cat(steps, dim: 0)
    }
    return try PackedSequence(data: data, batchSizes: batchSizes, sortedIndices: sortedIndices)
}

/// `pad_packed_sequence(sequence, batch_first, padding_value, total_length)`: the padded batch
/// (in the original order) and the lengths.
public func padPackedSequence(_ seq: PackedSequence, batchFirst: Bool, paddingValue: Double, totalLength: Int?) throws -> (Tensor, Tensor) {
    var maxLen = seq.batchSizes.count
    if let totalLength {
        guard totalLength >= maxLen else {
            throw TorchError.value("Expected total_length to be at least the length of the longest sequence in input, but got total_length=\(totalLength) and max sequence length being \(maxLen)")
        }
        maxLen = totalLength
    }
    let batch = seq.batchSizes.first ?? 0
    let trailing = Array(seq.data.shape.dropFirst())
    var lengths = [Int64](repeating: 0, count: batch)
    for bs in seq.batchSizes { for j in 0..<bs { lengths[j] += 1 } }
    var padded = try asSingleNode("CopySlices", inputs: [seq.data]) { t in
        var rows: [Tensor] = []
        var offset = 0
        for step in 0..<maxLen {
            let bs = step < seq.batchSizes.count ? seq.batchSizes[step] : 0
            var parts: [Tensor] = []
            if bs > 0 { parts.append(try t[0].narrow(0, start: offset, length: bs)) }
            if bs < batch { parts.append(try Tensor.full([batch - bs] + trailing, paddingValue, dtype: t[0].dtype)) }
            offset += bs
            rows.append(parts.count == 1 ? parts[0] : try cat(parts, dim: 0))
        }
        return try stack(rows, dim: 0)
    }
    if batchFirst { padded = try padded.transpose(0, 1) }
    var lengthsTensor = try Tensor(int64s: lengths, shape: [lengths.count])
    if let u = seq.unsortedIndices {
        padded = try indexSelect(padded, dim: batchFirst ? 0 : 1, index: u)
        lengthsTensor = try indexSelect(lengthsTensor, dim: 0, index: u)
    }
    return (padded, lengthsTensor)
}

extension RNNBase {
    /// The layers over packed input (ATen's PackedLayer / ReversedPackedLayer): each step runs the
    /// cell on the sequences still running; a sequence's final state is the state it had at its
    /// last step. `hx` is in packed (sorted) batch order.
    func runPacked(_ data: Tensor, _ batchSizes: [Int], _ hx: [Tensor]) throws -> (Tensor, [Tensor]) {
        let directions = bidirectional ? 2 : 1
        let isLSTM = mode == .lstm
        let h0 = try hx[0].unbind0(), c0 = isLSTM ? try hx[1].unbind0() : []
        var finalH: [Tensor] = [], finalC: [Tensor] = []
        var layerInput = data
        let p = dropout.doubleValue ?? 0
        let steps = batchSizes.count
        for layer in 0..<numLayers {
            var outputs: [Tensor] = []
            for direction in 0..<directions {
                let w = try weights(layer: layer, direction: direction)
                let k = layer * directions + direction
                func step(_ x: Tensor, _ h: Tensor, _ c: Tensor) throws -> (Tensor, Tensor) {
                    switch mode {
                    case .lstm: return try lstmStep(x, projected: false, h, c, w)
                    case .gru: let y = try gruStep(x, projected: false, h, w); return (y, y)
                    case .rnnTanh, .rnnRelu: let y = try simpleStep(x, projected: false, h, w, relu: mode == .rnnRelu); return (y, y)
                    }
                }
                var stepOutputs: [Tensor] = []
                if direction == 0 {
                    var h = h0[k], c = isLSTM ? c0[k] : h0[k]
                    var doneH: [Tensor] = [], doneC: [Tensor] = []
                    var offset = 0, last = batchSizes.first ?? 0
                    for t in 0..<steps {
                        try checkInterrupt()
                        let bs = batchSizes[t]
                        let x = try layerInput.narrow(0, start: offset, length: bs)
                        offset += bs
                        if last > bs {
                            doneH.append(try h.narrow(0, start: bs, length: last - bs)); h = try h.narrow(0, start: 0, length: bs)
                            if isLSTM { doneC.append(try c.narrow(0, start: bs, length: last - bs)); c = try c.narrow(0, start: 0, length: bs) }
                        }
                        last = bs
                        (h, c) = try step(x, h, c)
                        stepOutputs.append(h)
                    }
                    doneH.append(h); if isLSTM { doneC.append(c) }
                    finalH.append(try cat(doneH.reversed(), dim: 0))
                    if isLSTM { finalC.append(try cat(doneC.reversed(), dim: 0)) }
                } else {
                    let smallest = batchSizes.last ?? 0
                    var h = try h0[k].narrow(0, start: 0, length: smallest)
                    var c = isLSTM ? try c0[k].narrow(0, start: 0, length: smallest) : h
                    var offset = layerInput.shape[0], last = smallest
                    for t in (0..<steps).reversed() {
                        try checkInterrupt()
                        let bs = batchSizes[t]
                        if bs > last {
                            h = try cat([h, try h0[k].narrow(0, start: last, length: bs - last)], dim: 0)
                            if isLSTM { c = try cat([c, try c0[k].narrow(0, start: last, length: bs - last)], dim: 0) }
                        }
                        let x = try layerInput.narrow(0, start: offset - bs, length: bs)
                        offset -= bs
                        last = bs
                        (h, c) = try step(x, h, c)
                        stepOutputs.append(h)
                    }
                    stepOutputs.reverse()
                    finalH.append(h)
                    if isLSTM { finalC.append(c) }
                }
                outputs.append(try cat(stepOutputs, dim: 0))
            }
            var layerOutput = directions == 2 ? try cat(outputs, dim: 1) : outputs[0]
            if p != 0 && training && layer < numLayers - 1 {
                layerOutput = try Engine.dropout(layerOutput, p: p, training: true)
            }
            layerInput = layerOutput
        }
        let hN = try stack(finalH, dim: 0)
        return (layerInput, isLSTM ? [hN, try stack(finalC, dim: 0)] : [hN])
    }
}
