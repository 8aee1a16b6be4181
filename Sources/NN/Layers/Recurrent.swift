import Foundation
import Engine

/// nn.RNN, nn.LSTM, nn.GRU and their cells, computed as ATen's CPU reference path does
/// (aten/src/ATen/native/RNN.cpp): per layer and direction, the input projection of the whole
/// sequence first (`linear(input, w_ih, b_ih)`), then one cell per time step on
/// `linear(h, w_hh, b_hh) + projected input`; the reverse direction walks the steps backwards;
/// directions are concatenated, layers stacked with dropout between them in training mode.
/// Everything is composed of autograd-recording ops, so gradients follow. PyTorch runs LSTM
/// through oneDNN on x86 (results agree to ~1e-7); its node names are shown as PyTorch shows them.

/// The cell kind of a recurrent layer.
public enum RecurrentMode {
    case rnnTanh, rnnRelu, lstm, gru

    /// Rows of w_ih / w_hh per hidden unit: 4 gates for LSTM, 3 for GRU, 1 otherwise.
    var gates: Int {
        switch self {
        case .lstm: return 4
        case .gru: return 3
        default: return 1
        }
    }
}

/// The weights of one layer and direction.
struct CellWeights {
    let wIH: Tensor, wHH: Tensor, bIH: Tensor?, bHH: Tensor?
}

/// One step of an LSTM: gates = w_hh h + b_hh + (w_ih x + b_ih); i, f, g, o = chunks;
/// c' = σ(f)·c + σ(i)·tanh(g); h' = σ(o)·tanh(c'). `projected` is w_ih x + b_ih when given.
func lstmStep(_ x: Tensor, projected: Bool, _ h: Tensor, _ c: Tensor, _ w: CellWeights) throws -> (Tensor, Tensor) {
    let ih = projected ? x : try linear(x, w.wIH, w.bIH)
    let gates = try add(try linear(h, w.wHH, w.bHH), ih)
    let chunks = try chunk(gates, chunks: 4, dim: 1)
    let i = try sigmoid(chunks[0]), f = try sigmoid(chunks[1]), g = try tanh(chunks[2]), o = try sigmoid(chunks[3])
    let cy = try add(try mul(.tensor(f), .tensor(c)), try mul(.tensor(i), .tensor(g)))
    let hy = try mul(.tensor(o), .tensor(try tanh(cy)))
    return (hy, cy)
}

/// One step of a GRU: r = σ(W_ir x + W_hr h), z = σ(W_iz x + W_hz h),
/// n = tanh(W_in x + r·(W_hn h)); h' = (h − n)·z + n (ATen's order of operations).
func gruStep(_ x: Tensor, projected: Bool, _ h: Tensor, _ w: CellWeights) throws -> Tensor {
    let ig = try chunk(projected ? x : try linear(x, w.wIH, w.bIH), chunks: 3, dim: 1)
    let hg = try chunk(try linear(h, w.wHH, w.bHH), chunks: 3, dim: 1)
    let r = try sigmoid(try add(hg[0], ig[0]))
    let z = try sigmoid(try add(hg[1], ig[1]))
    let n = try tanh(try add(ig[2], try mul(.tensor(hg[2]), .tensor(r))))
    return try add(try mul(.tensor(try sub(.tensor(h), .tensor(n))), .tensor(z)), n)
}

/// One step of an Elman RNN: act(w_hh h + b_hh + w_ih x + b_ih).
func simpleStep(_ x: Tensor, projected: Bool, _ h: Tensor, _ w: CellWeights, relu useRelu: Bool) throws -> Tensor {
    let pre = try add(try linear(h, w.wHH, w.bHH), projected ? x : try linear(x, w.wIH, w.bIH))
    return useRelu ? try relu(pre) : try tanh(pre)
}

/// `nn.RNN`, `nn.LSTM`, `nn.GRU`: multi-layer (optionally bidirectional) recurrent layers.
///
/// **Parameters**
/// - `input_size`: the number of expected features in the input x.
/// - `hidden_size`: the number of features in the hidden state h.
/// - `num_layers`: number of recurrent layers (stacked). Default: 1.
/// - `nonlinearity` (RNN only): `'tanh'` or `'relu'`. Default: `'tanh'`.
/// - `bias`: if `False`, the layer does not use b_ih and b_hh. Default: `True`.
/// - `batch_first`: if `True`, input and output are (batch, seq, feature). Default: `False`.
/// - `dropout`: if non-zero, a Dropout layer on the outputs of each layer except the last,
///   with this probability. Default: 0.
/// - `bidirectional`: if `True`, becomes a bidirectional layer. Default: `False`.
///
/// **Inputs**: `input, hx` (LSTM: `input, (h_0, c_0)`) — input (L, N, H_in), or (N, L, H_in) with
/// batch_first, or (L, H_in) unbatched; hx (D·num_layers, N, H_out), zeros when omitted.
///
/// **Outputs**: `output, h_n` (LSTM: `output, (h_n, c_n)`) — output (L, N, D·H_out).
///
/// **Attributes**: `weight_ih_l[k]`, `weight_hh_l[k]`, `bias_ih_l[k]`, `bias_hh_l[k]` (and
/// `_reverse` for the backward direction), in that order, all initialised from
/// U(−1/√hidden_size, 1/√hidden_size).
///
/// **Examples**
/// ```
/// >>> rnn = nn.LSTM(10, 20, 2)
/// >>> input = torch.randn(5, 3, 10)
/// >>> output, (hn, cn) = rnn(input)
/// ```
open class RNNBase: Module, MultiValueForward {
    public let mode: RecurrentMode
    public let inputSize: Int, hiddenSize: Int, numLayers: Int
    public let bias: Bool, batchFirst: Bool, bidirectional: Bool
    public let dropout: OptionValue
    let name: String

    public init(_ name: String, mode: RecurrentMode, inputSize: Int, hiddenSize: Int, numLayers: Int = 1, bias: Bool = true,
                batchFirst: Bool = false, dropout: OptionValue = .float(0), bidirectional: Bool = false, projSize: Int = 0) throws {
        let p: Double
        switch dropout {
        case .int(let v): p = Double(v)
        case .float(let v): p = v
        default: p = -1
        }
        guard p >= 0 && p <= 1 else {
            throw TorchError.value("dropout should be a number in range [0, 1] representing the probability of an element being zeroed")
        }
        if p > 0 && numLayers == 1 {
            Warnings.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=\(dropout) and num_layers=\(numLayers)")
        }
        guard hiddenSize > 0 else { throw TorchError.value("hidden_size must be greater than zero") }
        guard numLayers > 0 else { throw TorchError.value("num_layers must be greater than zero") }
        guard projSize >= 0 else { throw TorchError.value("proj_size should be a positive integer or zero to disable projections") }
        guard projSize < hiddenSize else { throw TorchError.value("proj_size has to be smaller than hidden_size") }
        if projSize != 0 { throw TorchError(.notImplementedError, "LSTM proj_size is not supported by nnrepl") }
        self.name = name
        self.mode = mode
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.bias = bias
        self.batchFirst = batchFirst
        self.dropout = dropout
        self.bidirectional = bidirectional
        super.init()
        let gateSize = try recurrentGateSize(mode, hiddenSize)
        let directions = bidirectional ? 2 : 1
        for layer in 0..<numLayers {
            try checkInterrupt()
            if layer == 1 {
                // The first layer's sizes are known to fit; the remaining layers are counted
                // before any is made, so num_layers=10**12 is the allocator's error at once
                // (PyTorch's Python loop would make parameters until memory ran out).
                let perLayer = directions * (gateSize * (hiddenSize * directions + hiddenSize) + (bias ? 2 * gateSize : 0))
                try MemoryBudget.check(shape: [numLayers - 1, perLayer], itemSize: DType.defaultFloat.itemSize)
            }
            for direction in 0..<directions {
                let layerInput = layer == 0 ? inputSize : hiddenSize * directions
                let suffix = direction == 1 ? "_reverse" : ""
                registerParameter("weight_ih_l\(layer)\(suffix)", try makeParameter(try emptyParameterData([gateSize, layerInput])))
                registerParameter("weight_hh_l\(layer)\(suffix)", try makeParameter(try emptyParameterData([gateSize, hiddenSize])))
                if bias {
                    registerParameter("bias_ih_l\(layer)\(suffix)", try makeParameter(try emptyParameterData([gateSize])))
                    registerParameter("bias_hh_l\(layer)\(suffix)", try makeParameter(try emptyParameterData([gateSize])))
                }
            }
        }
        try resetParameters()
    }

    open override var typeName: String { name }

    /// `reset_parameters()`: every parameter, in registration order, from U(−1/√H, 1/√H).
    open func resetParameters() throws {
        let stdv = 1.0 / Double(hiddenSize).squareRoot()
        for p in parameters(recurse: false) { try Init.uniform(p, a: -stdv, b: stdv) }
    }

    func weights(layer: Int, direction: Int) throws -> CellWeights {
        let s = direction == 1 ? "_reverse" : ""
        guard let wih = parameter("weight_ih_l\(layer)\(s)"), let whh = parameter("weight_hh_l\(layer)\(s)") else {
            throw TorchError.runtime("\(name) weights were removed")
        }
        return CellWeights(wIH: wih, wHH: whh, bIH: bias ? parameter("bias_ih_l\(layer)\(s)") : nil, bHH: bias ? parameter("bias_hh_l\(layer)\(s)") : nil)
    }

    public var forwardParameters: String { "input, hx=None" }

    open override func forward(_ input: Tensor) throws -> Tensor {
        guard case .tuple(let parts) = try forward(values: [.tensor(input), .none]), case .tensor(let out)? = parts.first else {
            throw TorchError.runtime("\(name) returned no output")
        }
        return out
    }

    /// `forward(input, hx)`, following torch/nn/modules/rnn.py for the checks and shapes.
    public func forward(values: [ModuleValue]) throws -> ModuleValue {
        if case .packed(let seq)? = values.first { return try forwardPacked(seq, values.count > 1 ? values[1] : .none) }
        guard case .tensor(var input)? = values.first else { throw TorchError.type("\(name).forward() expects a Tensor input") }
        let isLSTM = mode == .lstm
        guard input.ndim == 2 || input.ndim == 3 else {
            // PyTorch's RNN class words it slightly differently from LSTM and GRU.
            throw TorchError.value("\(name): Expected input to be 2D or 3D, got \(input.ndim)D \(name == "RNN" ? "tensor " : "")instead")
        }
        let isBatched = input.ndim == 3
        let batchDim = batchFirst ? 0 : 1
        if !isBatched { input = try input.unsqueeze(batchDim) }
        let batch = input.shape[batchDim]
        let directions = bidirectional ? 2 : 1
        let expected = [numLayers * directions, batch, hiddenSize]
        var hx: [Tensor]
        let given = values.count > 1 ? values[1] : .none
        switch given {
        case .none:
            hx = try (0..<(isLSTM ? 2 : 1)).map { _ in try Tensor.zeros(expected, dtype: input.dtype) }
            try checkInput(input)
        case .tensor(let h):
            guard !isLSTM else { throw TorchError.type("LSTM expects hx to be a tuple (h_0, c_0)") }
            if isBatched {
                guard h.ndim == 3 else { throw TorchError.runtime("For batched 3-D input, hx should also be 3-D but got \(h.ndim)-D tensor") }
                hx = [h]
            } else {
                guard h.ndim == 2 else { throw TorchError.runtime("For unbatched 2-D input, hx should also be 2-D but got \(h.ndim)-D tensor") }
                hx = [try h.unsqueeze(1)]
            }
            try checkInput(input)
        case .tuple(let items):
            guard isLSTM, items.count == 2, case .tensor(let h) = items[0], case .tensor(let c) = items[1] else {
                throw TorchError.type(isLSTM ? "LSTM expects hx to be a tuple of two tensors (h_0, c_0)" : "\(name).forward(): hx must be a Tensor, not tuple")
            }
            if isBatched {
                guard h.ndim == 3 && c.ndim == 3 else {
                    throw TorchError.runtime("For batched 3-D input, hx and cx should also be 3-D but got (\(h.ndim)-D, \(c.ndim)-D) tensors")
                }
                hx = [h, c]
            } else {
                guard h.ndim == 2 && c.ndim == 2 else {
                    throw TorchError.runtime("For unbatched 2-D input, hx and cx should also be 2-D but got (\(h.ndim)-D, \(c.ndim)-D) tensors")
                }
                hx = [try h.unsqueeze(1), try c.unsqueeze(1)]
            }
            try checkInput(input)
        case .packed, .ints:
            throw TorchError.type("\(name).forward(): hx must be a Tensor")
        }
        let expectedText = "(" + expected.map(String.init).joined(separator: ", ") + ")"
        for (k, h) in hx.enumerated() where h.shape != expected {
            let which = isLSTM ? "hidden[\(k)] " : "hidden "
            throw TorchError.runtime("Expected \(which)size \(expectedText), got \(shapeList(h.shape))")
        }

        let x = batchFirst ? try input.transpose(0, 1) : input
        let (output0, finals) = try run(x, hx)
        var output = output0
        if batchFirst {
            output = try output.transpose(0, 1)
            // ATen transposes RNN/GRU results in place (transpose_); LSTM's oneDNN path does not.
            if !isLSTM { output.gradFn?.displayName = "TransposeBackward1" }
        }
        var hidden = finals
        if !isBatched {
            output = try output.squeeze(batchDim)
            hidden = try hidden.map { try $0.squeeze(1) }
        }
        let h = ModuleValue.tensor(hidden[0])
        return .tuple([.tensor(output), isLSTM ? .tuple([h, .tensor(hidden[1])]) : h])
    }

    /// `forward(packed, hx)`: hx (in the batch's order) is permuted to the packed order, the
    /// result's final states back (torch/nn/modules/rnn.py's permute_hidden).
    func forwardPacked(_ seq: PackedSequence, _ given: ModuleValue) throws -> ModuleValue {
        let isLSTM = mode == .lstm
        let input = seq.data
        let batch = seq.batchSizes.first ?? 0
        let directions = bidirectional ? 2 : 1
        let expected = [numLayers * directions, batch, hiddenSize]
        var hx: [Tensor]
        switch given {
        case .none:
            hx = try (0..<(isLSTM ? 2 : 1)).map { _ in try Tensor.zeros(expected, dtype: input.dtype) }
        case .tensor(let h):
            guard !isLSTM else { throw TorchError.type("LSTM expects hx to be a tuple (h_0, c_0)") }
            hx = [h]
        case .tuple(let items):
            guard isLSTM, items.count == 2, case .tensor(let h) = items[0], case .tensor(let c) = items[1] else {
                throw TorchError.type(isLSTM ? "LSTM expects hx to be a tuple of two tensors (h_0, c_0)" : "\(name).forward(): hx must be a Tensor, not tuple")
            }
            hx = [h, c]
        case .packed, .ints:
            throw TorchError.type("\(name).forward(): hx must be a Tensor")
        }
        if case .none = given {} else if let s = seq.sortedIndices {
            hx = try hx.map { try indexSelect($0, dim: 1, index: s) }
        }
        try checkInput(input)
        let expectedText = "(" + expected.map(String.init).joined(separator: ", ") + ")"
        for (k, h) in hx.enumerated() where h.shape != expected {
            let which = isLSTM ? "hidden[\(k)] " : "hidden "
            throw TorchError.runtime("Expected \(which)size \(expectedText), got \(shapeList(h.shape))")
        }
        let (output, finals) = try runPacked(input, seq.batchSizes, hx)
        var hidden = finals
        if let u = seq.unsortedIndices { hidden = try hidden.map { try indexSelect($0, dim: 1, index: u) } }
        let packed = PackedSequence(data: output, batchSizes: seq.batchSizes, sortedIndices: seq.sortedIndices, unsortedIndices: seq.unsortedIndices)
        let h = ModuleValue.tensor(hidden[0])
        return .tuple([.packed(packed), isLSTM ? .tuple([h, .tensor(hidden[1])]) : h])
    }

    func checkInput(_ input: Tensor) throws {
        if let w = parameter("weight_ih_l0"), input.dtype != w.dtype {
            throw TorchError.value("RNN input dtype (\(input.dtype.pythonName)) does not match weight dtype (\(w.dtype.pythonName)). Convert input: input.to(\(w.dtype.pythonName)), or convert model: model.to(\(input.dtype.pythonName))")
        }
        guard input.shape.last == inputSize else {
            throw TorchError.runtime("input.size(-1) must be equal to input_size. Expected \(inputSize), got \(input.shape.last ?? 0)")
        }
    }

    /// The layers over a time-major input (L, N, H_in): the output and the stacked final states
    /// ([h_n] or [h_n, c_n]).
    func run(_ input: Tensor, _ hx: [Tensor]) throws -> (Tensor, [Tensor]) {
        let directions = bidirectional ? 2 : 1
        let steps = input.shape[0]
        let h0 = try hx[0].unbind0(), c0 = mode == .lstm ? try hx[1].unbind0() : []
        var finalH: [Tensor] = [], finalC: [Tensor] = []
        var layerInput = input
        let p = dropout.doubleValue ?? 0
        for layer in 0..<numLayers {
            var outputs: [Tensor] = []
            for direction in 0..<directions {
                let w = try weights(layer: layer, direction: direction)
                let k = layer * directions + direction
                var h = h0[k], c = mode == .lstm ? c0[k] : h0[k]
                // Forward direction: the whole sequence projected at once; reverse: per step.
                let projected = direction == 0 ? try linear(layerInput, w.wIH, w.bIH) : nil
                var stepOutputs = [Tensor?](repeating: nil, count: steps)
                let order = direction == 0 ? Array(0..<steps) : Array((0..<steps).reversed())
                for t in order {
                    try checkInterrupt()
                    let x = try (projected ?? layerInput).select(0, t)
                    switch mode {
                    case .lstm: (h, c) = try lstmStep(x, projected: projected != nil, h, c, w)
                    case .gru: h = try gruStep(x, projected: projected != nil, h, w)
                    case .rnnTanh, .rnnRelu: h = try simpleStep(x, projected: projected != nil, h, w, relu: mode == .rnnRelu)
                    }
                    stepOutputs[t] = h
                }
                var out = try stack(stepOutputs.map { $0! }, dim: 0)
                if mode == .lstm { out.gradFn?.displayName = "MkldnnRnnLayerBackward0" }
                if steps == 0 { out = try Tensor.zeros([0, input.shape[1], hiddenSize], dtype: input.dtype) }
                outputs.append(out)
                finalH.append(h)
                if mode == .lstm { finalC.append(c) }
            }
            var layerOutput = directions == 2 ? try cat(outputs, dim: outputs[0].ndim - 1) : outputs[0]
            if p != 0 && training && layer < numLayers - 1 {
                layerOutput = try Engine.dropout(layerOutput, p: p, training: true)
            }
            layerInput = layerOutput
        }
        let hN = try stack(finalH, dim: 0)
        return (layerInput, mode == .lstm ? [hN, try stack(finalC, dim: 0)] : [hN])
    }

    open override func extraRepr() -> String {
        var s = "\(inputSize), \(hiddenSize)"
        if numLayers != 1 { s += ", num_layers=\(numLayers)" }
        if !bias { s += ", bias=False" }
        if batchFirst { s += ", batch_first=True" }
        if dropout.doubleValue != 0 { s += ", dropout=\(dropout)" }
        if bidirectional { s += ", bidirectional=True" }
        return s
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        var o: [(name: String, value: OptionValue)] = [("mode", .string(mode == .lstm ? "LSTM" : mode == .gru ? "GRU" : mode == .rnnTanh ? "RNN_TANH" : "RNN_RELU")),
                                                       ("input_size", .int(inputSize)), ("hidden_size", .int(hiddenSize)), ("num_layers", .int(numLayers)),
                                                       ("bias", .bool(bias)), ("batch_first", .bool(batchFirst)), ("dropout", dropout),
                                                       ("bidirectional", .bool(bidirectional)), ("proj_size", .int(0))]
        if mode == .rnnTanh || mode == .rnnRelu { o.append(("nonlinearity", .string(mode == .rnnRelu ? "relu" : "tanh"))) }
        return o
    }
}

extension Tensor {
    /// `unbind(0)` as views.
    func unbind0() throws -> [Tensor] { try (0..<shape[0]).map { try select(0, $0) } }
}

/// `nn.RNNCell`, `nn.LSTMCell`, `nn.GRUCell`: one time step of the corresponding layer.
///
/// **Inputs**: `input, hx` (LSTMCell: `input, (h_0, c_0)`): input (N, H_in) or (H_in); hx
/// (N, H_out), zeros when omitted. **Outputs**: h' (LSTMCell: (h', c')).
///
/// **Attributes**: `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`, initialised from
/// U(−1/√hidden_size, 1/√hidden_size).
open class RNNCellBase: Module, MultiValueForward {
    public let mode: RecurrentMode
    public let inputSize: Int, hiddenSize: Int
    public let bias: Bool
    let name: String

    public init(_ name: String, mode: RecurrentMode, inputSize: Int, hiddenSize: Int, bias: Bool = true) throws {
        self.name = name
        self.mode = mode
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.bias = bias
        super.init()
        let gateSize = try recurrentGateSize(mode, hiddenSize)
        registerParameter("weight_ih", try makeParameter(try emptyParameterData([gateSize, inputSize])))
        registerParameter("weight_hh", try makeParameter(try emptyParameterData([gateSize, hiddenSize])))
        registerParameter("bias_ih", bias ? try makeParameter(try emptyParameterData([gateSize])) : nil)
        registerParameter("bias_hh", bias ? try makeParameter(try emptyParameterData([gateSize])) : nil)
        try resetParameters()
    }

    open override var typeName: String { name }

    open func resetParameters() throws {
        let stdv = hiddenSize > 0 ? 1.0 / Double(hiddenSize).squareRoot() : 0
        for p in parameters(recurse: false) { try Init.uniform(p, a: -stdv, b: stdv) }
    }

    public var forwardParameters: String { "input, hx=None" }

    open override func forward(_ input: Tensor) throws -> Tensor {
        switch try forward(values: [.tensor(input), .none]) {
        case .tensor(let t): return t
        case .tuple(let parts): if case .tensor(let t)? = parts.first { return t }
        case .none, .packed, .ints: break
        }
        throw TorchError.runtime("\(name) returned no output")
    }

    public func forward(values: [ModuleValue]) throws -> ModuleValue {
        guard case .tensor(var input)? = values.first else { throw TorchError.type("\(name).forward() expects a Tensor input") }
        guard input.ndim == 1 || input.ndim == 2 else {
            throw TorchError.value("\(name): Expected input to be 1D or 2D, got \(input.ndim)D instead")
        }
        let isBatched = input.ndim == 2
        if !isBatched { input = try input.unsqueeze(0) }
        let batch = input.shape[0]
        let isLSTM = mode == .lstm
        var states: [Tensor]
        switch values.count > 1 ? values[1] : .none {
        case .none: states = try (0..<(isLSTM ? 2 : 1)).map { _ in try Tensor.zeros([batch, hiddenSize], dtype: input.dtype) }
        case .tensor(let h):
            guard !isLSTM else { throw TorchError.type("LSTMCell expects hx to be a tuple (h_0, c_0)") }
            states = [isBatched ? h : try h.unsqueeze(0)]
        case .tuple(let items):
            guard isLSTM, items.count == 2, case .tensor(let h) = items[0], case .tensor(let c) = items[1] else {
                throw TorchError.type(isLSTM ? "LSTMCell expects hx to be a tuple of two tensors (h_0, c_0)" : "\(name).forward(): hx must be a Tensor, not tuple")
            }
            states = isBatched ? [h, c] : [try h.unsqueeze(0), try c.unsqueeze(0)]
        case .packed, .ints: throw TorchError.type("\(name).forward(): hx must be a Tensor")
        }
        guard input.shape[1] == inputSize else {
            throw TorchError.runtime("input has inconsistent input_size: got \(input.shape[1]) expected \(inputSize)")
        }
        for (k, s) in states.enumerated() {
            guard s.ndim == 2, s.shape[0] == batch else {
                throw TorchError.runtime("Input batch size \(batch) doesn't match hidden\(k) batch size \(s.ndim > 0 ? s.shape[0] : 0)")
            }
            guard s.shape[1] == hiddenSize else {
                throw TorchError.runtime("hidden\(k) has inconsistent hidden_size: got \(s.shape[1]), expected \(hiddenSize)")
            }
        }
        guard let wih = parameter("weight_ih"), let whh = parameter("weight_hh") else { throw TorchError.runtime("\(name) weights were removed") }
        let w = CellWeights(wIH: wih, wHH: whh, bIH: parameter("bias_ih"), bHH: parameter("bias_hh"))
        func unbatch(_ t: Tensor) throws -> Tensor { isBatched ? t : try t.squeeze(0) }
        switch mode {
        case .lstm:
            let (h, c) = try lstmStep(input, projected: false, states[0], states[1], w)
            return .tuple([.tensor(try unbatch(h)), .tensor(try unbatch(c))])
        case .gru: return .tensor(try unbatch(try gruStep(input, projected: false, states[0], w)))
        case .rnnTanh, .rnnRelu: return .tensor(try unbatch(try simpleStep(input, projected: false, states[0], w, relu: mode == .rnnRelu)))
        }
    }

    open override func extraRepr() -> String {
        var s = "\(inputSize), \(hiddenSize)"
        if !bias { s += ", bias=False" }
        if mode == .rnnRelu { s += ", nonlinearity=relu" }
        return s
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        var o: [(name: String, value: OptionValue)] = [("input_size", .int(inputSize)), ("hidden_size", .int(hiddenSize)), ("bias", .bool(bias))]
        if mode == .rnnTanh || mode == .rnnRelu { o.append(("nonlinearity", .string(mode == .rnnRelu ? "relu" : "tanh"))) }
        return o
    }
}

/// gate_size = gates * hidden_size, which PyTorch passes to torch.empty as a C++ int64: past
/// 2^63 it is the argument parser's error (whose text goes on with a C++ stack trace before
/// the closing quote).
func recurrentGateSize(_ mode: RecurrentMode, _ hiddenSize: Int) throws -> Int {
    let (gateSize, overflow) = mode.gates.multipliedReportingOverflow(by: hiddenSize)
    if overflow {
        throw TorchError(.typeError, "empty(): argument 'size' failed to unpack the object at pos 1 with error \"Overflow when unpacking long long\n\"")
    }
    return gateSize
}
