import XCTest
import Engine
@testable import NN

/// Parameter initialisation and `nn.init` against PyTorch's bits after `manual_seed`.
final class InitTests: XCTestCase {
    func seed(_ s: UInt64) { Generator.global.manualSeed(s) }
    func golden(_ name: String) -> GoldenTensor? { Golden.initBits[name] }

    func testLinearInit() throws {
        seed(0)
        let lin = try Linear(4, 3)
        assertBits(lin.weight, golden("linear_4_3.weight"), "weight")
        assertBits(lin.bias, golden("linear_4_3.bias"), "bias")
        XCTAssertEqual(Generator.global.drawsSinceSeed, 15)
        XCTAssertTrue(lin.weight!.isParameter && lin.weight!.requiresGrad && lin.weight!.isLeaf)

        seed(0)
        let nobias = try Linear(3, 2, bias: false)
        assertBits(nobias.weight, golden("linear_3_2_nobias.weight"), "no-bias weight")
        XCTAssertNil(nobias.bias)
        XCTAssertTrue(nobias.hasParameter("bias"), "bias is registered as None")

        seed(5)
        let wide = try Linear(20, 3)
        assertBits(wide.weight, golden("linear_20_3.weight"), "weight")
        assertBits(wide.bias, golden("linear_20_3.bias"), "bias")
    }

    func testConvInit() throws {
        seed(0)
        let c = try Conv2d(1, 2, kernelSize: 3)
        assertBits(c.weight, golden("conv_1_2_3.weight"), "weight")
        assertBits(c.bias, golden("conv_1_2_3.bias"), "bias")

        seed(0)
        let g = try Conv2d(4, 6, kernelSize: .pair(3, 2), groups: 2)
        XCTAssertEqual(g.weight?.shape, [6, 2, 3, 2])
        assertBits(g.weight, golden("conv_4_6_3x2_g2.weight"), "grouped weight")
        assertBits(g.bias, golden("conv_4_6_3x2_g2.bias"), "grouped bias")

        seed(0)
        let r = try Conv2d(2, 3, kernelSize: 1, padding: .size(1), bias: false, paddingMode: "reflect")
        assertBits(r.weight, golden("conv_2_3_1_reflect_nobias.weight"), "options do not change the draws")

        seed(0)
        let (empty, warnings) = try collectWarnings { try Conv2d(1, 2, kernelSize: 0) }
        XCTAssertEqual(warnings, ["UserWarning: Initializing zero-element tensors is a no-op"])
        assertBits(empty.bias, golden("conv_0_2_3.bias"), "bias of an empty kernel (bound 0: +0)")
    }

    func testDrawOrderAcrossLayers() throws {
        seed(0)
        let a = try Linear(2, 2), b = try Conv2d(1, 1, kernelSize: 2), c = try Linear(3, 1)
        for (name, m) in [("a", a as Module), ("b", b), ("c", c)] {
            for (p, t) in m.namedParameters() { assertBits(t, golden("sequence.\(name).\(p)"), "\(name).\(p)") }
        }
    }

    func testBatchNormInitDrawsNothing() throws {
        seed(0)
        let bn = try BatchNorm2d(3)
        XCTAssertEqual(Generator.global.drawsSinceSeed, 0)
        XCTAssertEqual(bn.weight?.floatValues(), [1, 1, 1])
        XCTAssertEqual(bn.bias?.floatValues(), [0, 0, 0])
        XCTAssertEqual(bn.runningMean?.floatValues(), [0, 0, 0])
        XCTAssertEqual(bn.runningVar?.floatValues(), [1, 1, 1])
        XCTAssertEqual(bn.numBatchesTracked?.dtype, .int64)
        XCTAssertEqual(bn.numBatchesTracked?.shape, [])
        XCTAssertTrue(bn.weight!.isParameter && bn.weight!.requiresGrad)
        XCTAssertFalse(bn.runningMean!.requiresGrad)
    }

    func testInitFunctions() throws {
        seed(0)
        assertBits(try Init.kaimingUniform(try Tensor.empty([3, 5]), mode: "fan_out", nonlinearity: "relu"),
                   golden("kaiming_uniform_fan_out_relu"), "kaiming_uniform_ fan_out relu")
        seed(0)
        assertBits(try Init.kaimingNormal(try Tensor.empty([4, 5])), golden("kaiming_normal_4x5"), "kaiming_normal_ (vectorised)")
        seed(0)
        assertBits(try Init.kaimingNormal(try Tensor.empty([2, 3]), a: 0.2), golden("kaiming_normal_2x3_a02"), "kaiming_normal_ (scalar)")
        seed(0)
        assertBits(try Init.kaimingUniform(try Tensor.empty([2, 3, 2, 2]), a: 1), golden("kaiming_uniform_conv_a1"), "kaiming_uniform_ a=1")
        seed(0)
        assertBits(try Init.xavierUniform(try Tensor.empty([3, 4]), gain: 2), golden("xavier_uniform_gain2"), "xavier_uniform_")
        seed(0)
        assertBits(try Init.xavierNormal(try Tensor.empty([20, 5])), golden("xavier_normal_20x5"), "xavier_normal_")
        seed(0)
        assertBits(try Init.uniform(try Tensor.empty([5]), a: -2, b: 3), golden("uniform_m2_3"), "uniform_")
        seed(0)
        assertBits(try Init.normal(try Tensor.empty([7]), mean: 1, std: 2), golden("normal_1_2"), "normal_")
        assertBits(try Init.constant(try Tensor.empty([3]), .float(0.3)), golden("constant_03"), "constant_")
        XCTAssertEqual(try Init.ones(try Tensor.empty([2])).floatValues(), [1, 1])
        XCTAssertEqual(try Init.zeros(try Tensor.ones([2])).floatValues(), [0, 0])
    }

    func testInitWritesIntoParametersWithoutGrad() throws {
        let lin = try Linear(2, 2)
        try Init.constant(lin.weight!, .int(2))
        XCTAssertEqual(lin.weight!.floatValues(), [2, 2, 2, 2])
        XCTAssertTrue(lin.weight!.isLeaf)
    }

    func testCalculateGain() throws {
        for (nonlinearity, param, expected) in Golden.gains {
            let p: OptionValue? = param.isEmpty ? nil : (param.contains(".") ? .float(Double(param)!) : .int(Int(param)!))
            XCTAssertEqual(try Init.calculateGain(nonlinearity, p).description, expected, "\(nonlinearity) \(param)")
        }
        assertTorchError(.valueError, "Unsupported nonlinearity foo") { try Init.calculateGain("foo") }
        assertTorchError(.valueError, "negative_slope True not a valid number") { try Init.calculateGain("leaky_relu", .bool(true)) }
    }

    func testInitErrors() throws {
        assertTorchError(.valueError, "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions") {
            try Init.kaimingUniform(try Tensor.empty([3]))
        }
        assertTorchError(.valueError, "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions") {
            try Init.xavierUniform(try Tensor.empty([3]))
        }
        assertTorchError(.valueError, "Mode fan not supported, please use one of ['fan_in', 'fan_out']") {
            try Init.kaimingUniform(try Tensor.empty([3, 3]), mode: "fan")
        }
        let before = Generator.global.drawsSinceSeed
        let (_, w) = try collectWarnings { try Init.kaimingNormal(try Tensor.empty([3, 0, 2])) }
        XCTAssertEqual(w, ["UserWarning: Initializing zero-element tensors is a no-op"])
        XCTAssertEqual(Generator.global.drawsSinceSeed, before, "nothing drawn")
        assertTorchError(.runtimeError, "Trying to create tensor with negative dimension -1: [-1, 3]") { try Linear(3, -1) }
        assertTorchError(.runtimeError, "Storage size calculation overflowed with sizes=[6, 0, 1099511627776, 1099511627776]") {
            try Conv2d(0, 6, kernelSize: .int(1 << 40))
        }
    }

    func testParameter() throws {
        let t = try Tensor.ones([2])
        let p = try makeParameter(t)
        XCTAssertTrue(p.isParameter && p.requiresGrad && p.isLeaf)
        XCTAssertTrue(p.storage === t.storage, "shares data")
        let frozen = try makeParameter(t, requiresGrad: false)
        XCTAssertFalse(frozen.requiresGrad)
        assertTorchError(.runtimeError, "Only Tensors of floating point and complex dtype can require gradients") {
            try makeParameter(Tensor(scalar: Int64(1)))
        }
        XCTAssertTrue(try makeParameter(Tensor(scalar: Int64(1)), requiresGrad: false).isParameter)
    }
}
