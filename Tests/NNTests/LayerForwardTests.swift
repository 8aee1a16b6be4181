import XCTest
import Engine
@testable import NN

/// Forward passes: shapes, values against PyTorch (within a tolerance: sums run in a different
/// order), and the error messages of bad inputs.
final class LayerForwardTests: XCTestCase {
    func golden(_ name: String) -> GoldenTensor? { Golden.forwardBits[name] }
    func seed() { Generator.global.manualSeed(0) }

    func testConvPaddingModes() throws {
        let x = arange([1, 1, 4, 4])
        for mode in ["zeros", "reflect", "replicate", "circular"] {
            seed()
            let c = try Conv2d(1, 2, kernelSize: 3, padding: .size(1), paddingMode: mode)
            assertClose(try c(x), golden("conv_pad1_\(mode)"), mode)
        }
    }

    func testConvSame() throws {
        Conv2d.warnedEvenSame = false
        let x = arange([1, 1, 4, 4])
        seed()
        let c = try Conv2d(1, 2, kernelSize: .pair(2, 3), padding: .named("same"))
        let (out, warnings) = try collectWarnings { (try c(x), try c(x)) }
        assertClose(out.0, golden("conv_same_2x3_zeros"), "same, even kernel")
        XCTAssertEqual(warnings, ["UserWarning: Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of the input be created (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Convolution.cpp:1135.)"],
                       "warned once")
        seed()
        let r = try Conv2d(1, 2, kernelSize: .pair(2, 3), padding: .named("same"), paddingMode: "reflect")
        XCTAssertEqual(r.reversedPaddingRepeatedTwice, [1, 1, 0, 1])
        assertClose(try r(x), golden("conv_same_2x3_reflect"), "same via reflect padding")
        seed()
        let d = try Conv2d(1, 1, kernelSize: 3, padding: .named("same"), dilation: 2)
        assertClose(try d(arange([1, 5, 5])), golden("conv_same_dil2"), "unbatched, dilated")
        seed()
        let g = try Conv2d(4, 6, kernelSize: 3, stride: 2, padding: .size(.pair(1, 0)), groups: 2)
        assertClose(try g(arange([1, 4, 5, 6], scale: 50)), golden("conv_groups_stride"), "groups and stride")
        XCTAssertEqual(try Conv2d(1, 1, kernelSize: 3, padding: .named("valid"))(try Tensor.randn([1, 1, 5, 7])).shape, [1, 1, 3, 5])
        XCTAssertEqual(try Conv2d(1, 1, kernelSize: 3, padding: .named("same"))(try Tensor.randn([1, 1, 5, 7])).shape, [1, 1, 5, 7])
    }

    func testConvErrors() throws {
        let conv = try Conv2d(1, 6, kernelSize: 3)
        assertTorchError(.runtimeError, "Given groups=1, weight of size [6, 1, 3, 3], expected input[1, 3, 32, 32] to have 1 channels, but got 3 channels instead") {
            try conv(try Tensor.zeros([1, 3, 32, 32]))
        }
        assertTorchError(.runtimeError, "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [32, 32]") {
            try conv(try Tensor.zeros([32, 32]))
        }
        assertTorchError(.runtimeError, "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (2, 2) at dimension 3 of input [1, 1, 2, 2]") {
            try Conv2d(1, 1, kernelSize: 3, padding: .size(2), paddingMode: "reflect")(try Tensor.zeros([1, 1, 2, 2]))
        }
        XCTAssertEqual(try conv(try Tensor.zeros([1, 32, 32])).shape, [6, 30, 30])
    }

    func testPooling() throws {
        let x = arange([1, 1, 5, 5])
        assertBits(try MaxPool2d(kernelSize: 2, ceilMode: true)(x), golden("maxpool_2_ceil"), "max ceil")
        assertBits(try MaxPool2d(kernelSize: 3, stride: 1, padding: 1)(x), golden("maxpool_3_s1_p1"), "max padded")
        assertClose(try AvgPool2d(kernelSize: 3, stride: 2, padding: 1, countIncludePad: false)(x), golden("avgpool_3_s2_p1_nopad"), "avg")
        assertClose(try AvgPool2d(kernelSize: 2, divisorOverride: 3)(x), golden("avgpool_2_div3"), "avg divisor")
        assertClose(try AdaptiveAvgPool2d(outputSize: .pair(2, 3))(x), golden("adaptive_avg_2x3"), "adaptive")
        XCTAssertEqual(try AdaptiveAvgPool2d(outputSize: .pair(nil, 2))(x).shape, [1, 1, 5, 2])

        let pool = MaxPool2d(kernelSize: 2, stride: 1, returnIndices: true)
        let (v, idx) = try pool.forwardWithIndices(tensor([1, 3, 3, 3, 2, 0, 0, 1, 3], [1, 1, 3, 3]))
        XCTAssertEqual(v.floatValues(), [3, 3, 3, 3])
        XCTAssertEqual(idx.int64Values(), [1, 1, 3, 8])
        assertTorchError(.runtimeError, "Given input size: (1x1x1). Calculated output size: (1x0x0). Output size is too small") {
            try MaxPool2d(kernelSize: 2)(try Tensor.zeros([1, 1, 1, 1]))
        }
    }

    func testActivations() throws {
        let x = tensor([-1, 0, 2], [3])
        XCTAssertEqual(try ReLU()(x).floatValues(), [0, 0, 2])
        XCTAssertEqual(try LeakyReLU(negativeSlope: 0.5)(x).floatValues(), [-0.5, 0, 2])
        XCTAssertEqual(try Identity()(x).floatValues(), [-1, 0, 2])
        XCTAssertEqual(try Flatten()(try Tensor.zeros([2, 3, 4])).shape, [2, 12])
        XCTAssertEqual(try Flatten(startDim: 0, endDim: 1)(try Tensor.zeros([2, 3, 4])).shape, [6, 4])
        XCTAssertEqual(try Sigmoid()(tensor([0], [1])).floatValues(), [0.5])
        XCTAssertEqual(try Tanh()(tensor([0], [1])).floatValues(), [0])
        XCTAssertEqual(try GELU()(tensor([0], [1])).floatValues(), [0])
        let sm = try Softmax(dim: 1)(tensor([1, 1, 2, 2], [2, 2]))
        XCTAssertEqual(sm.floatValues(), [0.5, 0.5, 0.5, 0.5])
        let (implicit, warnings) = try collectWarnings { try LogSoftmax()(tensor([0, 0], [1, 2])) }
        assertClose(implicit.floatValues(), [-0.6931472, -0.6931472], "log_softmax over dim 1")
        XCTAssertEqual(warnings, ["UserWarning: Implicit dimension choice for log_softmax has been deprecated. Change the call to include dim=X as an argument."])

        // In-place forms write into their input.
        let y = tensor([-1, 2], [2])
        let r = try ReLU(inplace: true)(y)
        XCTAssertTrue(r === y)
        XCTAssertEqual(y.floatValues(), [0, 2])
        let z = tensor([-2, 2], [2])
        _ = try LeakyReLU(negativeSlope: 0.5, inplace: true)(z)
        XCTAssertEqual(z.floatValues(), [-1, 2])

        // An in-place leaky relu on a non-leaf still backpropagates correctly.
        let leaf = tensor([-2, 3], [2])
        try leaf.setRequiresGrad(true)
        let h = try mul(.tensor(leaf), .scalar(.int(1)))
        let out = try LeakyReLU(negativeSlope: 0.1, inplace: true)(h)
        try Autograd.backward(try out.sum(), gradient: nil, retainGraph: false)
        XCTAssertEqual(leaf.grad?.floatValues(), [0.1, 1])
        assertTorchError(.runtimeError, "a leaf Variable that requires grad is being used in an in-place operation.") {
            try LeakyReLU(inplace: true)(leaf)
        }
    }

    func testDropout() throws {
        let d = try Dropout(p: 0.5)
        let x = try Tensor.ones([1000])
        let y = try d(x)
        let values = Set(y.floatValues())
        XCTAssertTrue(values.isSubset(of: [0, 2]))
        let kept = y.floatValues().filter { $0 == 2 }.count
        XCTAssertTrue((400...600).contains(kept))
        d.eval()
        XCTAssertTrue(try d(x) === x, "identity in eval mode")
        let inplace = try Dropout(p: 1, inplace: true)
        let w = try Tensor.ones([3])
        XCTAssertTrue(try inplace(w) === w)
        XCTAssertEqual(w.floatValues(), [0, 0, 0])
    }

    func testLinearForward() throws {
        Generator.global.manualSeed(0)
        let lin = try Linear(4, 3)
        XCTAssertEqual(try lin(try Tensor.zeros([2, 4])).shape, [2, 3])
        XCTAssertEqual(try lin(try Tensor.zeros([5, 2, 4])).shape, [5, 2, 3])
        XCTAssertEqual(try lin(try Tensor.zeros([4])).floatValues(), lin.bias!.floatValues())
        assertTorchError(.runtimeError, "addmm: mat1 and mat2 shapes cannot be multiplied (1x5 and 4x3)") { try lin(try Tensor.zeros([5])) }
        assertTorchError(.runtimeError, "mm: mat1 and mat2 shapes cannot be multiplied (1x5 and 4x3)") {
            try Linear(4, 3, bias: false)(try Tensor.zeros([5]))
        }
    }

    func testBatchNorm() throws {
        let x = tensor([1, 2, 3, 3, 2, 0.5, 0, -1, 4, 2, 2, 2], [4, 3])
        let bn = try BatchNorm1d(3)
        XCTAssertEqual(bn.stateDict().map(\.0), ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"])
        XCTAssertEqual(bn.numBatchesTracked?.int64Values(), [0])
        assertClose(try bn(x), golden("bn_train_out"), "training output")
        _ = try bn(try mul(.tensor(x), .scalar(.int(2))))
        XCTAssertEqual(bn.numBatchesTracked?.int64Values(), [2])
        assertClose(bn.runningMean, golden("bn_running_mean"), "running_mean")
        assertClose(bn.runningVar, golden("bn_running_var"), "running_var")
        bn.eval()
        assertClose(try bn(x), golden("bn_eval_out"), "eval output")
        XCTAssertEqual(bn.numBatchesTracked?.int64Values(), [2], "not counted in eval")

        let cumulative = try BatchNorm1d(3, momentum: .none)
        _ = try cumulative(x)
        _ = try cumulative(try add(.tensor(try mul(.tensor(x), .scalar(.int(2)))), .scalar(.int(1))))
        assertClose(cumulative.runningMean, golden("bn_cumulative_running_mean"), "cumulative mean")
        assertClose(cumulative.runningVar, golden("bn_cumulative_running_var"), "cumulative var")

        let plain = try BatchNorm1d(3, affine: false, trackRunningStats: false)
        XCTAssertTrue(plain.stateDict().isEmpty)
        XCTAssertTrue(plain.parameters().isEmpty)
        plain.eval()
        assertClose(try plain(x).sum(dims: [0]).floatValues(), [0, 0, 0], "batch statistics even in eval", atol: 1e-5)
    }

    func testBatchNormErrors() throws {
        assertTorchError(.runtimeError, "running_mean should contain 4 elements not 3") { try BatchNorm1d(3)(try Tensor.randn([2, 4])) }
        assertTorchError(.runtimeError, "running_mean should contain 4 elements not 3") {
            let bn = try BatchNorm1d(3)
            bn.eval()
            return try bn(try Tensor.randn([2, 4]))
        }
        assertTorchError(.runtimeError, "weight should contain 4 elements not 3") {
            try BatchNorm1d(3, trackRunningStats: false)(try Tensor.randn([2, 4]))
        }
        assertTorchError(.valueError, "expected 2D or 3D input (got 4D input)") { try BatchNorm1d(3)(try Tensor.randn([2, 3, 4, 5])) }
        assertTorchError(.valueError, "expected 4D input (got 3D input)") { try BatchNorm2d(3)(try Tensor.randn([2, 3, 4])) }
        assertTorchError(.valueError, "Expected more than 1 value per channel when training, got input size torch.Size([1, 3])") {
            try BatchNorm1d(3)(try Tensor.randn([1, 3]))
        }
        XCTAssertEqual(try BatchNorm2d(2)(try Tensor.randn([2, 2, 3, 3])).shape, [2, 2, 3, 3])
    }
}
