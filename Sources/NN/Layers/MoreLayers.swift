import Foundation
import Engine

/// Layers with parameters or geometry beyond the core set: LayerNorm, GroupNorm,
/// InstanceNorm1d/2d, Conv1d, ConvTranspose2d, MaxPool1d, AvgPool1d, Upsample, Bilinear, PReLU.

/// `(3,)` / `(3, 4)`: Python's tuple repr of ints.
func tupleText(_ v: [Int]) -> String { v.count == 1 ? "(\(v[0]),)" : "(" + v.map(String.init).joined(separator: ", ") + ")" }
func tupleOption(_ v: [Int]) -> OptionValue { .tuple(v.map { .int($0) }) }

/// `nn.LayerNorm(normalized_shape, eps=1e-05, elementwise_affine=True, bias=True)`:
/// normalizes each sample over its trailing `normalized_shape` dims; weight starts at ones,
/// bias at zeros.
open class LayerNorm: Module {
    public let normalizedShape: [Int]
    public let eps: OptionValue
    public let elementwiseAffine: Bool
    public init(_ normalizedShape: [Int], eps: OptionValue = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true) throws {
        self.normalizedShape = normalizedShape
        self.eps = eps
        self.elementwiseAffine = elementwiseAffine
        super.init()
        registerParameter("weight", elementwiseAffine ? try makeParameter(try Tensor.ones(normalizedShape)) : nil)
        registerParameter("bias", elementwiseAffine && bias ? try makeParameter(try Tensor.zeros(normalizedShape)) : nil)
    }
    open override func forward(_ input: Tensor) throws -> Tensor {
        try layerNorm(input, normalizedShape: normalizedShape, weight: parameter("weight"), bias: parameter("bias"), eps: try eps.number())
    }
    open override func extraRepr() -> String {
        "\(tupleText(normalizedShape)), eps=\(eps), elementwise_affine=\(elementwiseAffine ? "True" : "False"), bias=\(parameter("bias") != nil ? "True" : "False")"
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("normalized_shape", tupleOption(normalizedShape)), ("eps", eps), ("elementwise_affine", .bool(elementwiseAffine))]
    }
}

/// `nn.GroupNorm(num_groups, num_channels, eps=1e-05, affine=True, *, bias=True)`.
open class GroupNorm: Module {
    public let numGroups: Int, numChannels: Int
    public let eps: OptionValue
    public let affine: Bool
    public init(_ numGroups: Int, _ numChannels: Int, eps: OptionValue = 1e-5, affine: Bool = true, bias: Bool = true) throws {
        guard numGroups != 0, numChannels % numGroups == 0 else {
            throw TorchError.value("num_channels (\(numChannels)) must be divisible by num_groups (\(numGroups))")
        }
        self.numGroups = numGroups
        self.numChannels = numChannels
        self.eps = eps
        self.affine = affine
        super.init()
        registerParameter("weight", affine ? try makeParameter(try Tensor.ones([numChannels])) : nil)
        registerParameter("bias", affine && bias ? try makeParameter(try Tensor.zeros([numChannels])) : nil)
    }
    open override func forward(_ input: Tensor) throws -> Tensor {
        try groupNorm(input, numGroups: numGroups, weight: parameter("weight"), bias: parameter("bias"), eps: try eps.number())
    }
    open override func extraRepr() -> String {
        "\(numGroups), \(numChannels), eps=\(eps), affine=\(affine ? "True" : "False"), bias=\(parameter("bias") != nil ? "True" : "False")"
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("num_groups", .int(numGroups)), ("num_channels", .int(numChannels)), ("eps", eps), ("affine", .bool(affine))]
    }
}

/// `nn.InstanceNorm1d` / `nn.InstanceNorm2d(num_features, eps=1e-05, momentum=0.1,
/// affine=False, track_running_stats=False)`: each channel of each sample normalized over its
/// positions.
open class InstanceNorm: Module {
    public let spatialDims: Int
    public let numFeatures: Int
    public let eps: OptionValue, momentum: OptionValue
    public let affine: Bool, trackRunningStats: Bool
    public init(spatialDims: Int, _ numFeatures: Int, eps: OptionValue = 1e-5, momentum: OptionValue = 0.1, affine: Bool = false,
                trackRunningStats: Bool = false) throws {
        self.spatialDims = spatialDims
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.trackRunningStats = trackRunningStats
        super.init()
        registerParameter("weight", affine ? try makeParameter(try Tensor.ones([numFeatures])) : nil)
        registerParameter("bias", affine ? try makeParameter(try Tensor.zeros([numFeatures])) : nil)
        if trackRunningStats {
            registerBuffer("running_mean", try Tensor.zeros([numFeatures]))
            registerBuffer("running_var", try Tensor.ones([numFeatures]))
            registerBuffer("num_batches_tracked", Tensor(scalar: Int64(0)))
        } else {
            registerBuffer("running_mean", nil)
            registerBuffer("running_var", nil)
            registerBuffer("num_batches_tracked", nil)
        }
    }
    open override var typeName: String { "InstanceNorm\(spatialDims)d" }
    open override func forward(_ input: Tensor) throws -> Tensor {
        let batched = spatialDims + 2
        guard input.ndim == batched || input.ndim == batched - 1 else {
            throw TorchError.value("expected \(batched - 1)D or \(batched)D input (got \(input.ndim)D input)")
        }
        let featureDim = input.ndim - (spatialDims + 1)
        if input.shape[featureDim] != numFeatures {
            if affine {
                throw TorchError.value("expected input's size at dim=\(featureDim) to match num_features (\(numFeatures)), but got: \(input.shape[featureDim]).")
            }
            Warnings.warn("input's size at dim=\(featureDim) does not match num_features. You can silence this warning by not passing in num_features, which is not used because affine=False")
        }
        let unbatched = input.ndim == batched - 1
        let x = unbatched ? try input.unsqueeze(0) : input
        let out = try instanceNorm(x, runningMean: buffer("running_mean"), runningVar: buffer("running_var"), weight: parameter("weight"),
                                   bias: parameter("bias"), useInputStats: training || !trackRunningStats,
                                   momentum: momentum.doubleValue ?? 0, eps: try eps.number())
        return unbatched ? try out.squeeze(0) : out
    }
    open override func extraRepr() -> String {
        "\(numFeatures), eps=\(eps), momentum=\(momentum), affine=\(affine ? "True" : "False"), bias=\(parameter("bias") != nil ? "True" : "False"), track_running_stats=\(trackRunningStats ? "True" : "False")"
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("num_features", .int(numFeatures)), ("eps", eps), ("momentum", momentum), ("affine", .bool(affine)),
         ("track_running_stats", .bool(trackRunningStats))]
    }
}

/// `nn.Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
/// bias=True, padding_mode='zeros')`: weight (out, in/groups, k) initialised as Conv2d's.
open class Conv1d: Module {
    public let inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int, dilation: Int, groups: Int
    public let padding: Int
    public let paddingString: String?
    public let paddingMode: String
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, paddingString: String? = nil,
                dilation: Int = 1, groups: Int = 1, bias: Bool = true, paddingMode: String = "zeros") throws {
        guard groups > 0 else { throw TorchError.value("groups must be a positive integer") }
        guard inChannels % groups == 0 else { throw TorchError.value("in_channels must be divisible by groups") }
        guard outChannels % groups == 0 else { throw TorchError.value("out_channels must be divisible by groups") }
        if let s = paddingString {
            guard s == "same" || s == "valid" else { throw TorchError.value("Invalid padding string \(pythonStringRepr(s)), should be one of {'same', 'valid'}") }
            if s == "same" && stride != 1 { throw TorchError.value("padding='same' is not supported for strided convolutions") }
        }
        guard paddingMode == "zeros" else { throw TorchError(.notImplementedError, "Conv1d padding_mode='\(paddingMode)' is not supported by nnrepl") }
        self.inChannels = inChannels; self.outChannels = outChannels; self.kernelSize = kernelSize; self.stride = stride
        self.dilation = dilation; self.groups = groups; self.paddingString = paddingString; self.paddingMode = paddingMode
        if paddingString == "same" { self.padding = dilation * (kernelSize - 1) / 2 } else { self.padding = paddingString == nil ? padding : 0 }
        super.init()
        registerParameter("weight", try makeParameter(try emptyParameterData([outChannels, inChannels / groups, kernelSize])))
        registerParameter("bias", bias ? try makeParameter(try emptyParameterData([outChannels])) : nil)
        if let weight = parameter("weight") { try Init.resetLinearLike(weight: weight, bias: parameter("bias")) }
    }
    open override func forward(_ input: Tensor) throws -> Tensor {
        guard let weight = parameter("weight") else { throw TorchError.type("conv1d() received an invalid combination of arguments") }
        var x = input
        if paddingString == "same" {
            let total = dilation * (kernelSize - 1)
            if total % 2 != 0 { x = try pad(input, [0, 1]) }
        }
        return try conv1d(x, weight, parameter("bias"), stride: stride, padding: padding, dilation: dilation, groups: groups)
    }
    open override func extraRepr() -> String {
        var s = "\(inChannels), \(outChannels), kernel_size=(\(kernelSize),), stride=(\(stride),)"
        if let p = paddingString { s += ", padding=\(p)" } else if padding != 0 { s += ", padding=(\(padding),)" }
        if dilation != 1 { s += ", dilation=(\(dilation),)" }
        if groups != 1 { s += ", groups=\(groups)" }
        if parameter("bias") == nil { s += ", bias=False" }
        return s
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("in_channels", .int(inChannels)), ("out_channels", .int(outChannels)), ("kernel_size", tupleOption([kernelSize])),
         ("stride", tupleOption([stride])), ("padding", paddingString.map { .string($0) } ?? tupleOption([padding])),
         ("dilation", tupleOption([dilation])), ("groups", .int(groups)), ("padding_mode", .string(paddingMode))]
    }
}

/// `nn.ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0,
/// output_padding=0, groups=1, bias=True, dilation=1)`: weight (in, out/groups, kh, kw).
open class ConvTranspose2d: Module, MultiValueForward {
    public let inChannels: Int, outChannels: Int, groups: Int
    public let kernelSize: (Int, Int), stride: (Int, Int), padding: (Int, Int), outputPadding: (Int, Int), dilation: (Int, Int)
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: IntOrPair, stride: IntOrPair = 1, padding: IntOrPair = 0,
                outputPadding: IntOrPair = 0, groups: Int = 1, bias: Bool = true, dilation: IntOrPair = 1, paddingMode: String = "zeros") throws {
        guard groups > 0 else { throw TorchError.value("groups must be a positive integer") }
        guard inChannels % groups == 0 else { throw TorchError.value("in_channels must be divisible by groups") }
        guard outChannels % groups == 0 else { throw TorchError.value("out_channels must be divisible by groups") }
        guard paddingMode == "zeros" else { throw TorchError.value("Only \"zeros\" padding mode is supported for ConvTranspose2d") }
        self.inChannels = inChannels; self.outChannels = outChannels; self.groups = groups
        self.kernelSize = kernelSize.pair; self.stride = stride.pair; self.padding = padding.pair
        self.outputPadding = outputPadding.pair; self.dilation = dilation.pair
        super.init()
        let k = kernelSize.pair
        registerParameter("weight", try makeParameter(try emptyParameterData([inChannels, outChannels / groups, k.0, k.1])))
        registerParameter("bias", bias ? try makeParameter(try emptyParameterData([outChannels])) : nil)
        if let weight = parameter("weight") { try Init.resetLinearLike(weight: weight, bias: parameter("bias")) }
    }
    open override func forward(_ input: Tensor) throws -> Tensor { try forward(input, outputSize: nil) }

    public var forwardParameters: String { "input, output_size=None" }

    public func forward(values: [ModuleValue]) throws -> ModuleValue {
        guard case .tensor(let input)? = values.first else { throw TorchError.type("ConvTranspose2d.forward() expects a Tensor input") }
        var size: [Int]? = nil
        if values.count > 1 {
            switch values[1] {
            case .none: break
            case .ints(let s): size = s
            default: throw TorchError.type("ConvTranspose2d.forward(): output_size must be a list of ints")
            }
        }
        return .tensor(try forward(input, outputSize: size))
    }

    /// `forward(input, output_size)`: the output padding that gives `output_size` (torch.nn's
    /// `_output_padding`), else the layer's own.
    public func forward(_ input: Tensor, outputSize: [Int]?) throws -> Tensor {
        guard let weight = parameter("weight") else { throw TorchError.type("conv_transpose2d() received an invalid combination of arguments") }
        var op = outputPadding
        if var size = outputSize {
            let nonSpatial = input.ndim == 4 ? 2 : 1
            if size.count == nonSpatial + 2 { size = Array(size.dropFirst(nonSpatial)) }
            guard size.count == 2 else {
                throw TorchError.value("ConvTranspose2D: for \(input.ndim)D input, output_size must have 2 or \(nonSpatial + 2) elements (got \(size.count))")
            }
            let k = [kernelSize.0, kernelSize.1], s = [stride.0, stride.1], p = [padding.0, padding.1], d = [dilation.0, dilation.1]
            let mins = (0..<2).map { (input.shape[$0 + nonSpatial] - 1) * s[$0] - 2 * p[$0] + d[$0] * (k[$0] - 1) + 1 }
            let maxs = (0..<2).map { mins[$0] + s[$0] - 1 }
            for i in 0..<2 where size[i] < mins[i] || size[i] > maxs[i] {
                func list(_ v: [Int]) -> String { "[" + v.map(String.init).joined(separator: ", ") + "]" }
                throw TorchError.value("requested an output size of \(list(size)), but valid sizes range from \(list(mins)) to \(list(maxs)) (for an input of torch.Size(\(list(Array(input.shape.dropFirst(nonSpatial))))))")
            }
            op = (size[0] - mins[0], size[1] - mins[1])
        }
        return try convTranspose2d(input, weight, parameter("bias"), stride: stride, padding: padding, outputPadding: op,
                                   groups: groups, dilation: dilation)
    }
    open override func extraRepr() -> String {
        func t(_ p: (Int, Int)) -> String { "(\(p.0), \(p.1))" }
        var s = "\(inChannels), \(outChannels), kernel_size=\(t(kernelSize)), stride=\(t(stride))"
        if padding != (0, 0) { s += ", padding=\(t(padding))" }
        if dilation != (1, 1) { s += ", dilation=\(t(dilation))" }
        if outputPadding != (0, 0) { s += ", output_padding=\(t(outputPadding))" }
        if groups != 1 { s += ", groups=\(groups)" }
        if parameter("bias") == nil { s += ", bias=False" }
        return s
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] {
        func pair(_ p: (Int, Int)) -> OptionValue { .tuple([.int(p.0), .int(p.1)]) }
        return [("in_channels", .int(inChannels)), ("out_channels", .int(outChannels)), ("kernel_size", pair(kernelSize)),
                ("stride", pair(stride)), ("padding", pair(padding)), ("dilation", pair(dilation)), ("transposed", .bool(true)),
                ("output_padding", pair(outputPadding)), ("groups", .int(groups)), ("padding_mode", .string("zeros"))]
    }
}

/// `F.max_pool1d` / `F.avg_pool1d`: the 2-D pooling of the input viewed as height 1, squeezed
/// back (SqueezeBackward1 ← the 2-D pooling node, as ATen composes it when grad is needed).
public func pool1d(_ input: Tensor, kernel: Int, stride: Int?, padding: Int, dilation: Int = 1, ceilMode: Bool, average: Bool,
                   countIncludePad: Bool = true, name: String) throws -> Tensor {
    guard input.ndim == 2 || input.ndim == 3 else {
        throw TorchError.runtime("\(name)() Expected 2D or 3D input tensor, but got \(shapeList(input.shape))")
    }
    let x = try input.unsqueeze(-2)
    let options = Pool2dOptions(kernel: (1, kernel), stride: stride.map { (1, $0) } ?? (1, kernel), padding: (0, padding),
                                dilation: (1, dilation), ceilMode: ceilMode)
    if average {
        return try avgPool2d(x, AvgPool2dOptions(pool: options, countIncludePad: countIncludePad, divisorOverride: nil)).squeeze(-2)
    }
    return try maxPool2d(x, options).0.squeeze(-2)
}

/// `F.max_pool1d(..., return_indices=True)`: (values, indices along the last dimension).
public func maxPool1dWithIndices(_ input: Tensor, kernel: Int, stride: Int?, padding: Int, dilation: Int = 1, ceilMode: Bool) throws -> (Tensor, Tensor) {
    guard input.ndim == 2 || input.ndim == 3 else {
        throw TorchError.runtime("max_pool1d() Expected 2D or 3D input tensor, but got \(shapeList(input.shape))")
    }
    let options = Pool2dOptions(kernel: (1, kernel), stride: stride.map { (1, $0) } ?? (1, kernel), padding: (0, padding),
                                dilation: (1, dilation), ceilMode: ceilMode)
    let (values, indices) = try maxPool2d(try input.unsqueeze(-2), options)
    return (try values.squeeze(-2), try indices.squeeze(-2))
}

/// `nn.MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)`.
open class MaxPool1d: Module, IndexReturningPool {
    public let kernelSize: Int, stride: Int, padding: Int, dilation: Int
    public let returnIndices: Bool, ceilMode: Bool
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, dilation: Int = 1, returnIndices: Bool = false, ceilMode: Bool = false) {
        self.kernelSize = kernelSize; self.stride = stride ?? kernelSize; self.padding = padding; self.dilation = dilation
        self.returnIndices = returnIndices; self.ceilMode = ceilMode
        super.init()
    }
    open override func forward(_ input: Tensor) throws -> Tensor {
        try pool1d(input, kernel: kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode, average: false, name: "max_pool1d")
    }
    public func forwardWithIndices(_ input: Tensor) throws -> (Tensor, Tensor) {
        try maxPool1dWithIndices(input, kernel: kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
    }
    open override func extraRepr() -> String {
        "kernel_size=\(kernelSize), stride=\(stride), padding=\(padding), dilation=\(dilation), ceil_mode=\(ceilMode ? "True" : "False")"
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("kernel_size", .int(kernelSize)), ("stride", .int(stride)), ("padding", .int(padding)), ("dilation", .int(dilation)),
         ("return_indices", .bool(returnIndices)), ("ceil_mode", .bool(ceilMode))]
    }
}

/// `nn.AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)`.
open class AvgPool1d: Module {
    public let kernelSize: Int, stride: Int, padding: Int
    public let ceilMode: Bool, countIncludePad: Bool
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false, countIncludePad: Bool = true) {
        self.kernelSize = kernelSize; self.stride = stride ?? kernelSize; self.padding = padding
        self.ceilMode = ceilMode; self.countIncludePad = countIncludePad
        super.init()
    }
    open override func forward(_ input: Tensor) throws -> Tensor {
        try pool1d(input, kernel: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode, average: true,
                   countIncludePad: countIncludePad, name: "avg_pool1d")
    }
    open override func extraRepr() -> String { "kernel_size=(\(kernelSize),), stride=(\(stride),), padding=(\(padding),)" }
    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("kernel_size", tupleOption([kernelSize])), ("stride", tupleOption([stride])), ("padding", tupleOption([padding])),
         ("ceil_mode", .bool(ceilMode)), ("count_include_pad", .bool(countIncludePad))]
    }
}

/// `nn.Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None)` and its
/// aliases UpsamplingNearest2d / UpsamplingBilinear2d (align_corners=True).
open class Upsample: Module {
    public let name: String
    public let size: OptionValue
    public let scaleFactor: OptionValue
    public let mode: String
    public let alignCorners: Bool?
    public init(name: String = "Upsample", size: OptionValue = .none, scaleFactor: OptionValue = .none, mode: String = "nearest", alignCorners: Bool? = nil) {
        self.name = name
        self.size = size
        // PyTorch stores scale_factor as float(s) (a tuple of floats when given a tuple).
        switch scaleFactor {
        case .int(let v): self.scaleFactor = .float(Double(v))
        case .tuple(let items): self.scaleFactor = .tuple(items.map { $0.doubleValue.map { .float($0) } ?? $0 })
        default: self.scaleFactor = scaleFactor
        }
        self.mode = mode
        self.alignCorners = alignCorners
        super.init()
    }
    open override var typeName: String { name }
    open override func forward(_ input: Tensor) throws -> Tensor {
        func ints(_ v: OptionValue) -> [Int]? {
            switch v {
            case .int(let i): return [i]
            case .tuple(let items): return items.compactMap { if case .int(let i) = $0 { return i }; return nil }
            default: return nil
            }
        }
        func doubles(_ v: OptionValue) -> [Double]? {
            switch v {
            case .none: return nil
            case .tuple(let items): return items.compactMap(\.doubleValue)
            default: return v.doubleValue.map { [$0] }
            }
        }
        return try interpolate(input, size: ints(size), scaleFactor: doubles(scaleFactor), mode: mode, alignCorners: alignCorners)
    }
    open override func extraRepr() -> String {
        let info = scaleFactor != .none ? "scale_factor=\(scaleFactor.repr)" : "size=\(size.repr)"
        return info + ", mode=\(pythonStringRepr(mode))"
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("size", size), ("scale_factor", scaleFactor), ("mode", .string(mode)), ("align_corners", OptionValue(alignCorners))]
    }
}

/// `nn.Bilinear(in1_features, in2_features, out_features, bias=True)`: y = x1ᵀ A x2 + b, weight
/// (out, in1, in2) and bias from U(−1/√in1, 1/√in1). Called as `m(x1, x2)`.
open class Bilinear: Module, MultiValueForward {
    public let in1: Int, in2: Int, out: Int
    public init(_ in1: Int, _ in2: Int, _ out: Int, bias: Bool = true) throws {
        self.in1 = in1; self.in2 = in2; self.out = out
        super.init()
        registerParameter("weight", try makeParameter(try emptyParameterData([out, in1, in2])))
        registerParameter("bias", bias ? try makeParameter(try emptyParameterData([out])) : nil)
        let bound = in1 > 0 ? 1 / Double(in1).squareRoot() : 0
        if let w = parameter("weight") { try Init.uniform(w, a: -bound, b: bound) }
        if let b = parameter("bias") { try Init.uniform(b, a: -bound, b: bound) }
    }
    public var forwardParameters: String { "input1, input2" }
    public func forward(values: [ModuleValue]) throws -> ModuleValue {
        guard case .tensor(let a) = values[0], case .tensor(let b) = values[1] else { throw TorchError.type("Bilinear.forward() expects two tensors") }
        guard let w = parameter("weight") else { throw TorchError.type("bilinear(): weight is None") }
        return .tensor(try bilinear(a, b, w, parameter("bias")))
    }
    open override func extraRepr() -> String {
        "in1_features=\(in1), in2_features=\(in2), out_features=\(out), bias=\(parameter("bias") != nil ? "True" : "False")"
    }
    open override var optionAttributes: [(name: String, value: OptionValue)] {
        [("in1_features", .int(in1)), ("in2_features", .int(in2)), ("out_features", .int(out))]
    }
}

/// `nn.PReLU(num_parameters=1, init=0.25)`: max(0, x) + a·min(0, x) with a learnable a (one,
/// or one per channel).
open class PReLU: Module {
    public let numParameters: Int
    public let initValue: OptionValue
    public init(numParameters: Int = 1, initValue: OptionValue = 0.25) throws {
        self.numParameters = numParameters
        self.initValue = initValue
        super.init()
        registerParameter("weight", try makeParameter(try Tensor.full([numParameters], try initValue.number())))
    }
    open override func forward(_ input: Tensor) throws -> Tensor {
        guard let w = parameter("weight") else { throw TorchError.type("prelu(): weight is None") }
        return try prelu(input, w)
    }
    open override func extraRepr() -> String { "num_parameters=\(numParameters)" }
    open override var optionAttributes: [(name: String, value: OptionValue)] { [("num_parameters", .int(numParameters)), ("init", initValue)] }
}
