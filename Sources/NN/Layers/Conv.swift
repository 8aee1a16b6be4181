import Engine

/// The `padding` argument of `nn.Conv2d`: an int or pair of ints, or the strings `'same'` /
/// `'valid'` (any other string is rejected by the layer with PyTorch's ValueError).
public enum Conv2dPadding: Equatable {
    case size(IntOrPair)
    case named(String)
}

/// `nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
/// bias=True, padding_mode='zeros')`: applies a 2D convolution over an input signal composed of
/// several input planes.
///
/// With input (N, C_in, H, W) and output (N, C_out, H_out, W_out):
///
///     out(N_i, C_out_j) = bias(C_out_j) + Σ_{k=0}^{C_in−1} weight(C_out_j, k) ⋆ input(N_i, k)
///
/// where ⋆ is the valid 2D cross-correlation operator (the kernel is not flipped).
///
/// - `stride` controls the stride for the cross-correlation, a single number or a tuple.
/// - `padding` controls the amount of padding applied to the input: `'valid'`, `'same'`, or an
///   int / a tuple of ints giving the amount of implicit padding applied on both sides.
///   `'valid'` is the same as no padding; `'same'` pads the input so the output has the shape of
///   the input (stride 1 only); the total padding d·(k−1) of each dim goes `total // 2` to the
///   top/left and the rest to the bottom/right.
/// - `dilation` controls the spacing between the kernel points (the à trous algorithm).
/// - `groups` controls the connections between inputs and outputs: the input channels are split
///   into `groups` consecutive blocks, block j feeding output channels j·out/g … (j+1)·out/g − 1.
///   `in_channels` and `out_channels` must both be divisible by `groups`.
///
/// **Parameters**
/// - `in_channels` (int): number of channels in the input image.
/// - `out_channels` (int): number of channels produced by the convolution.
/// - `kernel_size` (int or tuple): size of the convolving kernel.
/// - `stride` (int or tuple, optional): stride of the convolution. Default: 1.
/// - `padding` (int, tuple or str, optional): padding added to all four sides of the input.
///   Default: 0.
/// - `dilation` (int or tuple, optional): spacing between kernel elements. Default: 1.
/// - `groups` (int, optional): number of blocked connections from input channels to output
///   channels. Default: 1.
/// - `bias` (bool, optional): if `True`, adds a learnable bias to the output. Default: `True`.
/// - `padding_mode` (str, optional): `'zeros'`, `'reflect'`, `'replicate'` or `'circular'`.
///   Default: `'zeros'`. Other modes pad the input explicitly (as `F.pad`) and then convolve
///   without padding; `'reflect'` padding must be smaller than the input dimension.
///
/// **Shape**
/// - Input: (N, C_in, H_in, W_in) or (C_in, H_in, W_in).
/// - Output: (N, C_out, H_out, W_out) or (C_out, H_out, W_out), where
///
///       H_out = ⌊(H_in + 2·padding[0] − dilation[0]·(kernel_size[0] − 1) − 1) / stride[0] + 1⌋
///       W_out = ⌊(W_in + 2·padding[1] − dilation[1]·(kernel_size[1] − 1) − 1) / stride[1] + 1⌋
///
/// **Attributes**
/// - `weight` (Tensor): the learnable weights of shape
///   (out_channels, in_channels / groups, kernel_size[0], kernel_size[1]), sampled from
///   U(−√k, √k) with k = groups / (C_in · kernel_size[0] · kernel_size[1]).
/// - `bias` (Tensor): the learnable bias of shape (out_channels), sampled from U(−√k, √k) with the
///   same k (when `bias=True`).
///
/// **Examples**
/// ```
/// >>> # With square kernels and equal stride
/// >>> m = nn.Conv2d(16, 33, 3, stride=2)
/// >>> # non-square kernels and unequal stride and with padding
/// >>> m = nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2))
/// >>> # non-square kernels and unequal stride and with padding and dilation
/// >>> m = nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))
/// >>> input = torch.randn(20, 16, 50, 100)
/// >>> output = m(input)
/// ```
open class Conv2d: Module {
    /// `in_channels`.
    public internal(set) var inChannels: Int
    /// `out_channels`.
    public let outChannels: Int
    /// `kernel_size`, always stored as a pair (PyTorch applies `_pair`).
    public let kernelSize: (Int, Int)
    /// `stride` as a pair.
    public let stride: (Int, Int)
    /// `padding` as a pair; (0, 0) for `'valid'`, the top/left amounts for `'same'`.
    public let padding: (Int, Int)
    /// `'same'` or `'valid'` when padding was given as a string.
    public let paddingString: String?
    /// `dilation` as a pair.
    public let dilation: (Int, Int)
    /// `groups`.
    public let groups: Int
    /// `padding_mode`: `zeros`, `reflect`, `replicate` or `circular`.
    public let paddingMode: String
    /// `_reversed_padding_repeated_twice`: the `F.pad` amounts (left, right, top, bottom) used
    /// by non-zero padding modes and by `'same'`.
    public let reversedPaddingRepeatedTwice: [Int]

    /// Validates the arguments in PyTorch's order, creates the parameters and initialises them.
    /// - Throws: `ValueError: groups must be a positive integer`,
    ///   `ValueError: in_channels must be divisible by groups`, `... out_channels ...`,
    ///   `ValueError: Invalid padding string 'full', should be one of {'same', 'valid'}`,
    ///   `ValueError: padding='same' is not supported for strided convolutions`,
    ///   `ValueError: padding_mode must be one of {...}, but got padding_mode='mirror'`.
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: IntOrPair, stride: IntOrPair = 1,
                padding: Conv2dPadding = .size(0), dilation: IntOrPair = 1, groups: Int = 1,
                bias: Bool = true, paddingMode: String = "zeros", dtype: DType? = nil) throws {
        guard groups > 0 else { throw TorchError.value("groups must be a positive integer") }
        guard inChannels % groups == 0 else { throw TorchError.value("in_channels must be divisible by groups") }
        guard outChannels % groups == 0 else { throw TorchError.value("out_channels must be divisible by groups") }
        let k = kernelSize.pair, s = stride.pair, d = dilation.pair
        var named: String?
        if case .named(let str) = padding {
            guard str == "same" || str == "valid" else {
                throw TorchError.value("Invalid padding string \(pythonStringRepr(str)), should be one of {'same', 'valid'}")
            }
            if str == "same" && (s.0 != 1 || s.1 != 1) {
                throw TorchError.value("padding='same' is not supported for strided convolutions")
            }
            named = str
        }
        guard ["zeros", "reflect", "replicate", "circular"].contains(paddingMode) else {
            throw TorchError.value("padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='\(paddingMode)'")
        }
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = k
        self.stride = s
        self.dilation = d
        self.groups = groups
        self.paddingMode = paddingMode
        self.paddingString = named
        switch padding {
        case .size(let p):
            self.padding = p.pair
            reversedPaddingRepeatedTwice = [p.pair.1, p.pair.1, p.pair.0, p.pair.0]
        case .named:
            if named == "same" {
                // Total padding d·(k−1) per dim: top/left gets total // 2, bottom/right the rest.
                let totalH = d.0 * (k.0 - 1), totalW = d.1 * (k.1 - 1)
                self.padding = (totalH / 2, totalW / 2)
                reversedPaddingRepeatedTwice = [totalW / 2, totalW - totalW / 2, totalH / 2, totalH - totalH / 2]
            } else {
                self.padding = (0, 0)
                reversedPaddingRepeatedTwice = [0, 0, 0, 0]
            }
        }
        super.init()
        let perGroup = inChannels / groups
        registerParameter("weight", try makeParameter(try emptyParameterData([outChannels, perGroup, k.0, k.1], dtype: dtype)))
        registerParameter("bias", bias ? try makeParameter(try emptyParameterData([outChannels], dtype: dtype)) : nil)
        try resetParameters()
    }

    /// `weight`, shape (out_channels, in_channels / groups, kh, kw).
    public var weight: Tensor? { parameter("weight") }
    /// `bias`, shape (out_channels), or nil after `bias=False`.
    public var bias: Tensor? { parameter("bias") }

    /// `reset_parameters()`: kaiming_uniform_(weight, a=√5), then bias from U(−1/√fan_in, 1/√fan_in)
    /// with fan_in = in_channels / groups · kh · kw.
    open func resetParameters() throws {
        guard let weight else { return }
        try Init.resetLinearLike(weight: weight, bias: bias)
    }

    /// PyTorch emits this C++ warning once per process (TORCH_WARN_ONCE).
    nonisolated(unsafe) static var warnedEvenSame = false

    open override func forward(_ input: Tensor) throws -> Tensor {
        guard let weight else { throw TorchError.type("conv2d() received an invalid combination of arguments - got (Tensor, NoneType, ...)") }
        let r = reversedPaddingRepeatedTwice
        if paddingMode != "zeros" {
            let mode = PadMode(rawValue: paddingMode) ?? .constant
            let padded = try pad(input, r, mode: mode)
            return try conv2d(padded, weight, bias, Conv2dGeometry(stride: stride, padding: (0, 0), dilation: dilation, groups: groups))
        }
        var x = input
        if paddingString == "same" && (r[0] != r[1] || r[2] != r[3]) {
            // Asymmetric 'same': pad the extra row/column at the end explicitly (as ATen does),
            // then convolve with the symmetric top/left amount.
            if !Conv2d.warnedEvenSame {
                Conv2d.warnedEvenSame = true
                Warnings.warn("Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of the input be created (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Convolution.cpp:1135.)")
            }
            if input.ndim == 3 || input.ndim == 4 {
                x = try pad(input, [0, r[1] - r[0], 0, r[3] - r[2]])
            }
        }
        return try conv2d(x, weight, bias, Conv2dGeometry(stride: stride, padding: padding, dilation: dilation, groups: groups))
    }

    /// `padding` as Python sees it: a 2-tuple, or the string.
    public var paddingValue: OptionValue {
        if let paddingString { return .string(paddingString) }
        return .tuple([.int(padding.0), .int(padding.1)])
    }

    open override func extraRepr() -> String {
        var s = "\(inChannels), \(outChannels), kernel_size=(\(kernelSize.0), \(kernelSize.1)), stride=(\(stride.0), \(stride.1))"
        // A string padding is never equal to (0, 0), so 'valid' is shown too.
        if paddingString != nil || padding != (0, 0) { s += ", padding=\(paddingValue.description)" }
        if dilation != (1, 1) { s += ", dilation=(\(dilation.0), \(dilation.1))" }
        if groups != 1 { s += ", groups=\(groups)" }
        if bias == nil { s += ", bias=False" }
        if paddingMode != "zeros" { s += ", padding_mode=\(paddingMode)" }
        return s
    }

    open override var optionAttributes: [(name: String, value: OptionValue)] {
        func pair(_ p: (Int, Int)) -> OptionValue { .tuple([.int(p.0), .int(p.1)]) }
        return [("in_channels", .int(inChannels)), ("out_channels", .int(outChannels)),
                ("kernel_size", pair(kernelSize)), ("stride", pair(stride)), ("padding", paddingValue),
                ("dilation", pair(dilation)), ("transposed", .bool(false)), ("output_padding", pair((0, 0))),
                ("groups", .int(groups)), ("padding_mode", .string(paddingMode))]
    }
}
