import XCTest
@testable import Engine

/// Finite-difference checks of every backward node: the analytic gradient of
/// sum(f(inputs) * w) must match central differences of the same float32 computation.
final class GradCheckTests: XCTestCase {
    /// A seeded input with values kept away from kinks (|x| >= 0.2) so differences are smooth.
    func input(_ shape: [Int], seed: UInt64, positive: Bool = false) throws -> Tensor {
        let g = Generator(seed: seed)
        let t = try Tensor(shape: shape, dtype: .float32, zeroed: false)
        g.fillUniform(t.floatPointer, count: t.numel, from: -1, to: 1)
        for i in 0..<t.numel {
            var v = t.floatPointer[i]
            v = v < 0 ? v - 0.2 : v + 0.2
            t.floatPointer[i] = positive ? Swift.abs(v) + 0.1 : v
        }
        try t.setRequiresGrad(true)
        return t
    }

    /// Checks d/d(input k) of sum(f(inputs) * w) for every element of every input.
    func check(_ name: String, _ inputs: [Tensor], tolerance: Float = 2e-2, file: StaticString = #filePath, line: UInt = #line,
               _ f: ([Tensor]) throws -> Tensor) throws {
        let out = try f(inputs)
        let w = try Tensor.randn(out.shape, generator: Generator(seed: 99))
        try Autograd.backward(try mul(.tensor(out), .tensor(w)).sum(), gradient: nil, retainGraph: false)
        for (k, x) in inputs.enumerated() {
            guard let grad = x.grad else { XCTFail("\(name): input \(k) got no gradient", file: file, line: line); continue }
            let analytic = grad.floatValues()
            let eps: Float = 1e-2
            for i in 0..<x.numel {
                let saved = x.floatPointer[i]
                func value(at v: Float) throws -> Double {
                    x.floatPointer[i] = v
                    let y = try GradMode.with(false) { try mul(.tensor(try f(inputs)), .tensor(w)).sum() }
                    return y.doubleValue(atFlat: 0)
                }
                let numeric = Float((try value(at: saved + eps) - (try value(at: saved - eps))) / Double(2 * eps))
                x.floatPointer[i] = saved
                let err = Swift.abs(numeric - analytic[i])
                if err > tolerance * Swift.max(1, Swift.abs(numeric)) {
                    XCTFail("\(name): input \(k) element \(i): analytic \(analytic[i]) numeric \(numeric)", file: file, line: line)
                    return
                }
            }
        }
    }

    func testElementwise() throws {
        try check("add broadcast", [try input([2, 3], seed: 1), try input([3], seed: 2)]) { try add($0[0], $0[1]) }
        try check("sub", [try input([2, 3], seed: 1), try input([2, 1], seed: 2)]) { try sub(.tensor($0[0]), .tensor($0[1])) }
        try check("mul", [try input([2, 3], seed: 3), try input([1, 3], seed: 4)]) { try mul(.tensor($0[0]), .tensor($0[1])) }
        try check("div", [try input([2, 3], seed: 5), try input([2, 3], seed: 6, positive: true)]) { try div(.tensor($0[0]), .tensor($0[1])) }
        try check("rdiv", [try input([4], seed: 5, positive: true)]) { try div(.scalar(.float(2)), .tensor($0[0])) }
        try check("pow scalar", [try input([5], seed: 7)]) { try pow(.tensor($0[0]), .scalar(.float(3))) }
        try check("pow tensor", [try input([5], seed: 8, positive: true), try input([5], seed: 9)]) { try pow(.tensor($0[0]), .tensor($0[1])) }
        try check("exp", [try input([6], seed: 10)]) { try exp($0[0]) }
        try check("log", [try input([6], seed: 11, positive: true)]) { try log($0[0]) }
        try check("sqrt", [try input([6], seed: 12, positive: true)]) { try sqrt($0[0]) }
        try check("abs", [try input([6], seed: 13)]) { try abs($0[0]) }
        try check("sin cos", [try input([6], seed: 14)]) { try sin(try cos($0[0])) }
        try check("neg", [try input([6], seed: 15)]) { try neg($0[0]) }
        try check("clamp", [try input([8], seed: 16)]) { try clamp($0[0], min: .float(-0.5), max: .float(0.5)) }
        try check("maximum", [try input([6], seed: 17), try input([6], seed: 18)]) { try maximum($0[0], $0[1]) }
        try check("where", [try input([6], seed: 19), try input([6], seed: 20)]) { x in
            try whereSelect(try compare(.gt, .tensor(x[0]), .scalar(.int(0))), .tensor(x[0]), .tensor(x[1]))
        }
    }

    func testActivations() throws {
        try check("relu", [try input([8], seed: 21)]) { try relu($0[0]) }
        try check("leaky_relu", [try input([8], seed: 22)]) { try leakyRelu($0[0], negativeSlope: 0.1) }
        try check("sigmoid", [try input([8], seed: 23)]) { try sigmoid($0[0]) }
        try check("tanh", [try input([8], seed: 24)]) { try tanh($0[0]) }
        try check("gelu", [try input([8], seed: 25)]) { try gelu($0[0]) }
        try check("gelu tanh", [try input([8], seed: 25)]) { try gelu($0[0], approximate: "tanh") }
        try check("softmax", [try input([2, 4], seed: 26)]) { try softmax($0[0], dim: 1) }
        try check("log_softmax", [try input([2, 4], seed: 27)]) { try logSoftmax($0[0], dim: 0) }
    }

    func testReductions() throws {
        try check("sum dim", [try input([2, 3, 2], seed: 30)]) { try $0[0].sum(dims: [1], keepdim: false) }
        try check("mean", [try input([2, 3], seed: 31)]) { try $0[0].mean(dims: [0, 1], keepdim: true) }
        try check("max dim", [try input([3, 4], seed: 32)]) { try $0[0].extremum(dim: 1, keepdim: false, isMax: true).values }
        try check("min all", [try input([3, 4], seed: 33)]) { try $0[0].extremum(isMax: false) }
        try check("prod", [try input([2, 3], seed: 34)]) { try $0[0].prod(dim: 1) }
        try check("std", [try input([2, 5], seed: 35)]) { try $0[0].variance(dims: [1], std: true) }
        try check("var", [try input([2, 5], seed: 36)]) { try $0[0].variance(dims: nil) }
    }

    func testShapes() throws {
        try check("view/transpose/permute", [try input([2, 3, 4], seed: 40)]) { try $0[0].permute([2, 0, 1]).transpose(0, 1).reshape([6, 4]) }
        try check("expand", [try input([3, 1], seed: 41)]) { try $0[0].expand([2, 3, 4]) }
        try check("select/slice", [try input([4, 5], seed: 42)]) { try $0[0].select(1, 2).slice(0, start: 1, stop: 4, step: 2) }
        try check("index", [try input([5, 2], seed: 43)]) { try index($0[0], [.tensor(try Tensor(int64s: [0, 3, 3], shape: [3]))]) }
        try check("cat/stack", [try input([2, 3], seed: 44), try input([1, 3], seed: 45)]) { x in
            try stack([try cat([x[0], x[1]], dim: 0), try cat([x[1], x[0]], dim: 0)], dim: 1)
        }
        try check("gather", [try input([3, 4], seed: 48)]) { try gather($0[0], dim: 1, index: try Tensor(int64s: [0, 0, 3, 1, 2, 2], shape: [3, 2])) }
        try check("sort/topk", [try input([3, 5], seed: 49)]) { try topk($0[0], k: 2, dim: 1).0 }
        try check("flip/repeat/cumsum", [try input([2, 3], seed: 39)]) { try cumsum(try repeatTensor(try flip($0[0], dims: [1]), [2, 1]), dim: 0) }
        try check("pad reflect", [try input([1, 1, 3, 4], seed: 46)]) { try pad($0[0], [1, 2, 2, 1], mode: .reflect) }
        try check("pad circular", [try input([1, 1, 3, 4], seed: 47)]) { try pad($0[0], [1, 1, 1, 1], mode: .circular) }
    }

    func testLinearAlgebra() throws {
        try check("mm", [try input([3, 4], seed: 50), try input([4, 2], seed: 51)]) { try mm($0[0], $0[1]) }
        try check("matmul batched", [try input([2, 3, 4], seed: 52), try input([4, 2], seed: 53)]) { try matmul($0[0], $0[1]) }
        try check("bmm", [try input([2, 3, 4], seed: 54), try input([2, 4, 2], seed: 55)]) { try bmm($0[0], $0[1]) }
        try check("linear", [try input([3, 4], seed: 56), try input([2, 4], seed: 57), try input([2], seed: 58)]) { try linear($0[0], $0[1], $0[2]) }
        try check("dot/mv", [try input([3, 4], seed: 59), try input([4], seed: 60)]) { try matmul($0[0], $0[1]) }
    }

    func testConvolutionAndPooling() throws {
        let g = Conv2dGeometry(stride: (2, 1), padding: (1, 2), dilation: (1, 2), groups: 2)
        try check("conv2d", [try input([2, 4, 5, 6], seed: 61), try input([6, 2, 3, 2], seed: 62), try input([6], seed: 63)], tolerance: 3e-2) {
            try conv2d($0[0], $0[1], $0[2], g)
        }
        // Batch 1 and a small input: aten's native path (im2col + GEMM), strided and 1x1.
        try check("conv2d native", [try input([1, 3, 6, 5], seed: 66), try input([4, 3, 3, 2], seed: 67), try input([4], seed: 68)], tolerance: 3e-2) {
            try conv2d($0[0], $0[1], $0[2], Conv2dGeometry(stride: (2, 1), padding: (1, 0)))
        }
        try check("conv2d native 1x1", [try input([2, 3, 4, 3], seed: 69), try input([2, 3, 1, 1], seed: 70)], tolerance: 3e-2) {
            try conv2d($0[0], $0[1], nil, Conv2dGeometry())
        }
        // Well-separated distinct values: no window has two maxima within the difference step.
        let spaced = try Tensor(floats: Generator(seed: 64).randperm(50).map { Float($0) * 0.1 }, shape: [1, 2, 5, 5])
        try spaced.setRequiresGrad(true)
        try check("max_pool2d", [spaced]) { try maxPool2d($0[0], Pool2dOptions(kernel: (2, 2), stride: (1, 1), padding: (1, 1))).0 }
        try check("avg_pool2d", [try input([1, 2, 5, 5], seed: 65)]) {
            try avgPool2d($0[0], AvgPool2dOptions(pool: Pool2dOptions(kernel: (3, 3), stride: (2, 2), padding: (1, 1), ceilMode: true), countIncludePad: false))
        }
        try check("adaptive_avg_pool2d", [try input([1, 2, 5, 7], seed: 66)]) { try adaptiveAvgPool2d($0[0], outputSize: (3, 4)) }
        try check("batch_norm", [try input([4, 3, 2], seed: 67), try input([3], seed: 68), try input([3], seed: 69)]) {
            try batchNorm($0[0], runningMean: nil, runningVar: nil, weight: $0[1], bias: $0[2], training: true)
        }
    }

    func testLosses() throws {
        let t = try Tensor.randn([3, 4], generator: Generator(seed: 70))
        try check("mse", [try input([3, 4], seed: 71)]) { try mseLoss($0[0], t) }
        try check("l1", [try input([3, 4], seed: 72)]) { try l1Loss($0[0], t, reduction: .sum) }
        let classes = try Tensor(int64s: [1, 0, 3], shape: [3])
        try check("cross_entropy", [try input([3, 4], seed: 73)]) { try crossEntropy($0[0], classes) }
        try check("cross_entropy smoothing", [try input([3, 4], seed: 74)]) { try crossEntropy($0[0], classes, labelSmoothing: 0.2) }
        try check("nll weighted", [try input([3, 4], seed: 75)]) {
            try nllLoss($0[0], classes, weight: try Tensor(floats: [1, 2, 0.5, 1], shape: [4]))
        }
        let probs = try Tensor(floats: [0.2, 0.9, 0.5, 0.1], shape: [4])
        try check("bce", [try input([4], seed: 76, positive: true)]) { x in
            try binaryCrossEntropy(try sigmoid(x[0]), probs)
        }
        try check("bce_with_logits", [try input([4], seed: 77)]) { try binaryCrossEntropyWithLogits($0[0], probs) }
    }
}
