import Engine

/// A max pooling layer built with `return_indices=True` returns `(values, indices)` from Python;
/// the interpreter calls `forwardWithIndices` for it. Like `forward`, that runs no hooks.
public protocol IndexReturningPool: Module {
    var returnIndices: Bool { get }
    func forwardWithIndices(_ input: Tensor) throws -> (Tensor, Tensor)
}

extension MaxPool2d: IndexReturningPool {}

/// ATen's check on the 1-D adaptive poolings' input.
func checkAdaptive1dInput(_ input: Tensor, _ name: String) throws {
    guard input.ndim == 2 || input.ndim == 3 else {
        throw TorchError.runtime("Expected 2 to 3 dimensions, but got \(input.ndim)-dimensional tensor for argument #1 'self' (while checking arguments for \(name))")
    }
}

/// `F.adaptive_avg_pool1d(x, L)`: adaptive_avg_pool2d of the input viewed with height 1, squeezed
/// back (SqueezeBackward1 on top, as ATen composes it).
public func adaptiveAvgPool1d(_ input: Tensor, outputSize: Int) throws -> Tensor {
    try checkAdaptive1dInput(input, "adaptive_avg_pool1d")
    return try adaptiveAvgPool2d(try input.unsqueeze(-2), outputSize: (1, outputSize)).squeeze(-2)
}

/// `F.adaptive_max_pool1d(x, L, return_indices=True)`: (values, indices along the last dimension).
public func adaptiveMaxPool1d(_ input: Tensor, outputSize: Int) throws -> (Tensor, Tensor) {
    try checkAdaptive1dInput(input, "adaptive_max_pool1d")
    let (values, indices) = try adaptiveMaxPool2d(try input.unsqueeze(-2), outputSize: (1, outputSize))
    return (try values.squeeze(-2), try indices.squeeze(-2))
}

/// `nn.AdaptiveMaxPool2d(output_size, return_indices=False)`: a 2D adaptive max pooling over an
/// input signal composed of several input planes. The output is of size H_out × W_out for any
/// input size; output cell i along a dimension of length L takes the maximum of input cells
/// ⌊i·L/out⌋ … ⌈(i+1)·L/out⌉ − 1 (NaN wins over numbers; the first maximum's index is kept).
///
/// **Parameters**
/// - `output_size`: the target output size H × W: a tuple (H, W) or a single H for H × H; H or W
///   may be `None` to keep the input's size.
/// - `return_indices`: if `True`, also return the flat indices (h·W + w in each input plane).
///
/// **Shape**
/// - Input: (N, C, H_in, W_in) or (C, H_in, W_in).
/// - Output: (N, C, H_out, W_out) or (C, H_out, W_out), where (H_out, W_out) = output_size.
///
/// **Examples**
/// ```
/// >>> m = nn.AdaptiveMaxPool2d((5, 7))
/// >>> output = m(torch.randn(1, 64, 8, 9))
/// >>> m = nn.AdaptiveMaxPool2d((None, 7))
/// ```
open class AdaptiveMaxPool2d: Module, IndexReturningPool {
    /// `output_size` as given.
    public let outputSize: AdaptiveOutputSize
    /// `return_indices`.
    public let returnIndices: Bool

    public init(outputSize: AdaptiveOutputSize, returnIndices: Bool = false) {
        self.outputSize = outputSize
        self.returnIndices = returnIndices
        super.init()
    }

    /// The pooled values (also when `return_indices=True`; see `forwardWithIndices`).
    open override func forward(_ input: Tensor) throws -> Tensor { try forwardWithIndices(input).0 }

    public func forwardWithIndices(_ input: Tensor) throws -> (Tensor, Tensor) {
        try adaptiveMaxPool2d(input, outputSize: outputSize.pair)
    }

    open override func extraRepr() -> String { "output_size=\(outputSize)" }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("output_size", outputSize.optionValue), ("return_indices", .bool(returnIndices))]
    }
}

/// `nn.AdaptiveMaxPool1d(output_size, return_indices=False)`: a 1D adaptive max pooling over an
/// input signal composed of several input planes: input (N, C, L_in) or (C, L_in), output
/// (N, C, L_out) or (C, L_out) with L_out = output_size. Windows as AdaptiveMaxPool2d's.
open class AdaptiveMaxPool1d: Module, IndexReturningPool {
    /// `output_size`.
    public let outputSize: Int
    /// `return_indices`: also return the indices along the last dimension.
    public let returnIndices: Bool

    public init(outputSize: Int, returnIndices: Bool = false) {
        self.outputSize = outputSize
        self.returnIndices = returnIndices
        super.init()
    }

    open override func forward(_ input: Tensor) throws -> Tensor { try forwardWithIndices(input).0 }

    public func forwardWithIndices(_ input: Tensor) throws -> (Tensor, Tensor) {
        try adaptiveMaxPool1d(input, outputSize: outputSize)
    }

    open override func extraRepr() -> String { "output_size=\(outputSize)" }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("output_size", .int(outputSize)), ("return_indices", .bool(returnIndices))]
    }
}

/// `nn.AdaptiveAvgPool1d(output_size)`: a 1D adaptive average pooling over an input signal
/// composed of several input planes: input (N, C, L_in) or (C, L_in), output (N, C, L_out) or
/// (C, L_out). Output cell i averages input cells ⌊i·L/out⌋ … ⌈(i+1)·L/out⌉ − 1.
open class AdaptiveAvgPool1d: Module {
    /// `output_size`.
    public let outputSize: Int

    public init(outputSize: Int) {
        self.outputSize = outputSize
        super.init()
    }

    open override func forward(_ input: Tensor) throws -> Tensor { try adaptiveAvgPool1d(input, outputSize: outputSize) }

    open override func extraRepr() -> String { "output_size=\(outputSize)" }

    open override var optionAttributes: [(name: String, value: OptionValue)] { [("output_size", .int(outputSize))] }
}
