import Engine

/// The padding layers (`torch/nn/modules/padding.py`): `nn.ZeroPad1d/2d/3d`,
/// `nn.ConstantPad1d/2d/3d`, `nn.ReflectionPad1d/2d/3d`, `nn.ReplicationPad1d/2d/3d`,
/// `nn.CircularPad1d/2d/3d`, each `F.pad(input, self.padding, mode, value)` with the padding
/// PyTorch keeps (`_pair`/`_quadruple`/`_ntuple(6)` of an int; a sequence as given).
open class PadLayer: Module {
    public let name: String
    public let padding: [Int]
    public let mode: PadMode
    /// The constant layers' `value` as given (`ZeroPad` keeps 0.0); nil for the other modes.
    public let value: OptionValue?
    /// CircularPad's accepted input ranks (its `_check_input_dim`).
    let circularRanks: (Int, Int)?

    public init(name: String, padding: [Int], mode: PadMode, value: OptionValue? = nil, circularRanks: (Int, Int)? = nil) {
        self.name = name
        self.padding = padding
        self.mode = mode
        self.value = value
        self.circularRanks = circularRanks
        super.init()
    }

    open override var typeName: String { name }

    open override func forward(_ input: Tensor) throws -> Tensor {
        if let (a, b) = circularRanks, input.ndim != a && input.ndim != b {
            throw TorchError.value("expected \(a)D or \(b)D input (got \(input.ndim)D input)")
        }
        return try pad(input, padding, mode: mode, value: try value?.number() ?? 0)
    }

    var paddingText: String { "(" + padding.map(String.init).joined(separator: ", ") + (padding.count == 1 ? ",)" : ")") }

    open override func extraRepr() -> String {
        if mode == .constant && !name.hasPrefix("ZeroPad") { return "padding=\(paddingText), value=\(value.map { "\($0)" } ?? "0")" }
        return paddingText
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        var out: [(name: String, value: OptionValue)] = [("padding", .tuple(padding.map { .int($0) }))]
        if let value { out.append(("value", value)) }
        return out
    }
}
