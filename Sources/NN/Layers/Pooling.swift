import Engine

/// `nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
/// ceil_mode=False)`: applies a 2D max pooling over an input signal composed of several input
/// planes.
///
///     out(N_i, C_j, h, w) = max_{m=0..kH−1} max_{n=0..kW−1}
///                           input(N_i, C_j, stride[0]·h + m, stride[1]·w + n)
///
/// Padding is implicit negative infinity; ties go to the first maximum in row-major window
/// order, and NaN wins over any number. `dilation` is the spacing between kernel elements.
///
/// **Parameters**
/// - `kernel_size` (int or tuple): the size of the window to take a max over.
/// - `stride` (int or tuple): the stride of the window. Default: `kernel_size`.
/// - `padding` (int or tuple): implicit negative infinity padding added on both sides; at most
///   half the effective kernel size.
/// - `dilation` (int or tuple): a parameter that controls the stride of elements in the window.
/// - `return_indices` (bool): if `True`, also return the flat indices (h·W + w in each input
///   plane) of the maxima; useful for `nn.MaxUnpool2d`.
/// - `ceil_mode` (bool): when `True`, use ceil instead of floor to compute the output shape
///   (a window that would start beyond the input and left padding is dropped).
///
/// **Shape**
/// - Input: (N, C, H_in, W_in) or (C, H_in, W_in).
/// - Output: (N, C, H_out, W_out) or (C, H_out, W_out), where
///
///       H_out = ⌊(H_in + 2·padding[0] − dilation[0]·(kernel_size[0] − 1) − 1) / stride[0] + 1⌋
///       W_out = ⌊(W_in + 2·padding[1] − dilation[1]·(kernel_size[1] − 1) − 1) / stride[1] + 1⌋
///
/// **Examples**
/// ```
/// >>> # pool of square window of size=3, stride=2
/// >>> m = nn.MaxPool2d(3, stride=2)
/// >>> # pool of non-square window
/// >>> m = nn.MaxPool2d((3, 2), stride=(2, 1))
/// >>> input = torch.randn(20, 16, 50, 32)
/// >>> output = m(input)
/// ```
open class MaxPool2d: Module {
    /// `kernel_size` as given (an int stays an int in the repr).
    public let kernelSize: IntOrPair
    /// `stride` as given, or `kernel_size` when omitted.
    public let stride: IntOrPair
    /// `padding` as given.
    public let padding: IntOrPair
    /// `dilation` as given.
    public let dilation: IntOrPair
    /// `return_indices`: the interpreter calls `forwardWithIndices` when set.
    public let returnIndices: Bool
    /// `ceil_mode`.
    public let ceilMode: Bool

    /// `stride` defaults to `kernel_size`, as given (an int stays an int in the repr).
    public init(kernelSize: IntOrPair, stride: IntOrPair? = nil, padding: IntOrPair = 0, dilation: IntOrPair = 1,
                returnIndices: Bool = false, ceilMode: Bool = false) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.dilation = dilation
        self.returnIndices = returnIndices
        self.ceilMode = ceilMode
        super.init()
    }

    var options: Pool2dOptions {
        Pool2dOptions(kernel: kernelSize.pair, stride: stride.pair, padding: padding.pair, dilation: dilation.pair, ceilMode: ceilMode)
    }

    /// The pooled values (also when `return_indices=True`; see `forwardWithIndices`).
    open override func forward(_ input: Tensor) throws -> Tensor {
        try maxPool2d(input, options).0
    }

    /// `(values, indices)`, what `forward` returns in Python when `return_indices=True`. Like
    /// `forward`, it runs no hooks: the caller of the module does.
    public func forwardWithIndices(_ input: Tensor) throws -> (Tensor, Tensor) {
        try maxPool2d(input, options)
    }

    open override func extraRepr() -> String {
        "kernel_size=\(kernelSize), stride=\(stride), padding=\(padding), dilation=\(dilation), ceil_mode=\(ceilMode ? "True" : "False")"
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("kernel_size", kernelSize.optionValue), ("stride", stride.optionValue), ("padding", padding.optionValue),
         ("dilation", dilation.optionValue), ("return_indices", .bool(returnIndices)), ("ceil_mode", .bool(ceilMode))]
    }
}

/// `nn.AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
/// divisor_override=None)`: applies a 2D average pooling over an input signal composed of
/// several input planes.
///
///     out(N_i, C_j, h, w) = 1/(kH·kW) · Σ_{m=0..kH−1} Σ_{n=0..kW−1}
///                           input(N_i, C_j, stride[0]·h + m, stride[1]·w + n)
///
/// Padding cells count as zeros. The divisor is the window clipped to the padded input
/// (`count_include_pad=True`), the number of real input cells (`False`), or `divisor_override`.
///
/// **Parameters**
/// - `kernel_size`: the size of the window.
/// - `stride`: the stride of the window. Default: `kernel_size`.
/// - `padding`: implicit zero padding to be added on both sides (at most half the kernel).
/// - `ceil_mode`: when `True`, use ceil instead of floor to compute the output shape.
/// - `count_include_pad`: when `True`, include the zero-padding in the averaging calculation.
/// - `divisor_override`: if specified, it is used as divisor, otherwise the size of the
///   pooling region is used.
///
/// **Shape**
/// - Input: (N, C, H_in, W_in) or (C, H_in, W_in).
/// - Output: (N, C, H_out, W_out) or (C, H_out, W_out), where
///
///       H_out = ⌊(H_in + 2·padding[0] − kernel_size[0]) / stride[0] + 1⌋
///       W_out = ⌊(W_in + 2·padding[1] − kernel_size[1]) / stride[1] + 1⌋
///
/// **Examples**
/// ```
/// >>> # pool of square window of size=3, stride=2
/// >>> m = nn.AvgPool2d(3, stride=2)
/// >>> # pool of non-square window
/// >>> m = nn.AvgPool2d((3, 2), stride=(2, 1))
/// >>> input = torch.randn(20, 16, 50, 32)
/// >>> output = m(input)
/// ```
open class AvgPool2d: Module {
    /// `kernel_size` as given.
    public let kernelSize: IntOrPair
    /// `stride` as given, or `kernel_size` when omitted.
    public let stride: IntOrPair
    /// `padding` as given.
    public let padding: IntOrPair
    /// `ceil_mode`.
    public let ceilMode: Bool
    /// `count_include_pad`.
    public let countIncludePad: Bool
    /// `divisor_override`.
    public let divisorOverride: Int?

    /// `stride` defaults to `kernel_size`, as given.
    public init(kernelSize: IntOrPair, stride: IntOrPair? = nil, padding: IntOrPair = 0, ceilMode: Bool = false,
                countIncludePad: Bool = true, divisorOverride: Int? = nil) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
        self.divisorOverride = divisorOverride
        super.init()
    }

    open override func forward(_ input: Tensor) throws -> Tensor {
        let pool = Pool2dOptions(kernel: kernelSize.pair, stride: stride.pair, padding: padding.pair, ceilMode: ceilMode)
        return try avgPool2d(input, AvgPool2dOptions(pool: pool, countIncludePad: countIncludePad, divisorOverride: divisorOverride))
    }

    /// PyTorch shows only kernel_size, stride and padding.
    open override func extraRepr() -> String {
        "kernel_size=\(kernelSize), stride=\(stride), padding=\(padding)"
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("kernel_size", kernelSize.optionValue), ("stride", stride.optionValue), ("padding", padding.optionValue),
         ("ceil_mode", .bool(ceilMode)), ("count_include_pad", .bool(countIncludePad)), ("divisor_override", OptionValue(divisorOverride))]
    }
}

/// The `output_size` of `nn.AdaptiveAvgPool2d`: an int, or a pair in which `None` keeps the
/// input's size along that dimension.
public enum AdaptiveOutputSize: Equatable, CustomStringConvertible {
    case int(Int)
    case pair(Int?, Int?)

    /// (height, width); nil keeps the input size.
    public var pair: (Int?, Int?) {
        switch self {
        case .int(let v): return (v, v)
        case .pair(let a, let b): return (a, b)
        }
    }

    /// As given: `5`, `(5, 6)`, `(None, 7)`.
    public var description: String { optionValue.description }

    /// The Python value as given.
    public var optionValue: OptionValue {
        switch self {
        case .int(let v): return .int(v)
        case .pair(let a, let b): return .tuple([OptionValue(a), OptionValue(b)])
        }
    }
}

/// `nn.AdaptiveAvgPool2d(output_size)`: applies a 2D adaptive average pooling over an input
/// signal composed of several input planes. The output is of size H_out × W_out, for any input
/// size; the number of output features equals the number of input planes. Output cell i along a
/// dimension of length L averages input cells ⌊i·L/out⌋ … ⌈(i+1)·L/out⌉ − 1.
///
/// **Parameters**
/// - `output_size`: the target output size of the image of the form H × W. Can be a tuple
///   (H, W) or a single H for a square image H × H. H and W can be either an int, or `None`
///   which means the size will be the same as that of the input.
///
/// **Shape**
/// - Input: (N, C, H_in, W_in) or (C, H_in, W_in).
/// - Output: (N, C, S_0, S_1) or (C, S_0, S_1), where S = output_size.
///
/// **Examples**
/// ```
/// >>> # target output size of 5x7
/// >>> m = nn.AdaptiveAvgPool2d((5, 7))
/// >>> input = torch.randn(1, 64, 8, 9)
/// >>> output = m(input)
/// >>> # target output size of 10x7
/// >>> m = nn.AdaptiveAvgPool2d((None, 7))
/// ```
open class AdaptiveAvgPool2d: Module {
    /// `output_size`.
    public let outputSize: AdaptiveOutputSize

    /// A pool producing `outputSize`.
    public init(outputSize: AdaptiveOutputSize) {
        self.outputSize = outputSize
        super.init()
    }

    open override func forward(_ input: Tensor) throws -> Tensor {
        let (h, w) = outputSize.pair
        for v in [h, w] {
            if let v, v < 0 {
                throw TorchError.runtime("adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {\(h.map(String.init) ?? "None"), \(w.map(String.init) ?? "None")}")
            }
        }
        return try adaptiveAvgPool2d(input, outputSize: (h, w))
    }

    open override func extraRepr() -> String { "output_size=\(outputSize)" }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("output_size", outputSize.optionValue)]
    }
}
