import XCTest
@testable import Engine

/// Finite-difference checks in float64, where central differences are accurate to ~1e-9: every
/// backward formula must give float64 gradients that agree to 1e-6, and a graph mixing float32
/// and float64 leaves must give each leaf a gradient of its own dtype.
final class GradCheckFloat64Tests: XCTestCase {
    func input(_ shape: [Int], seed: UInt64, positive: Bool = false) throws -> Tensor {
        let t = try Tensor(shape: shape, dtype: .float64, zeroed: false)
        Generator(seed: seed).fillUniform(t.doublePointer, count: t.numel, from: -1, to: 1)
        for i in 0..<t.numel {
            var v = t.doublePointer[i]
            v = v < 0 ? v - 0.2 : v + 0.2
            t.doublePointer[i] = positive ? Swift.abs(v) + 0.1 : v
        }
        try t.setRequiresGrad(true)
        return t
    }

    func check(_ name: String, _ inputs: [Tensor], tolerance: Double = 1e-6, file: StaticString = #filePath, line: UInt = #line,
               _ f: ([Tensor]) throws -> Tensor) throws {
        let out = try f(inputs)
        XCTAssertEqual(out.dtype, .float64, "\(name): result dtype", file: file, line: line)
        let w = try Tensor.randn(out.shape, dtype: .float64, generator: Generator(seed: 99))
        try Autograd.backward(try mul(.tensor(out), .tensor(w)).sum(), gradient: nil, retainGraph: false)
        for (k, x) in inputs.enumerated() {
            guard let grad = x.grad else { XCTFail("\(name): input \(k) got no gradient", file: file, line: line); continue }
            XCTAssertEqual(grad.dtype, .float64, "\(name): gradient dtype", file: file, line: line)
            let analytic = grad.doubleValues()
            let eps = 1e-6
            for i in 0..<x.numel {
                let saved = x.doublePointer[i]
                func value(at v: Double) throws -> Double {
                    x.doublePointer[i] = v
                    let y = try GradMode.with(false) { try mul(.tensor(try f(inputs)), .tensor(w)).sum() }
                    return y.doubleValue(atFlat: 0)
                }
                let numeric = (try value(at: saved + eps) - (try value(at: saved - eps))) / (2 * eps)
                x.doublePointer[i] = saved
                if Swift.abs(numeric - analytic[i]) > tolerance * Swift.max(1, Swift.abs(numeric)) {
                    XCTFail("\(name): input \(k) element \(i): analytic \(analytic[i]) numeric \(numeric)", file: file, line: line)
                    return
                }
            }
        }
    }

    func testElementwiseAndActivations() throws {
        try check("add/mul/div", [try input([2, 3], seed: 1), try input([3], seed: 2, positive: true)]) {
            try div(.tensor(try mul(.tensor(try add($0[0], $0[1])), .tensor($0[0]))), .tensor($0[1]))
        }
        try check("pow/exp/log/sqrt", [try input([5], seed: 3, positive: true)]) {
            try sqrt(try log(try add(.tensor(try exp(try pow(.tensor($0[0]), .scalar(.float(1.5))))), .scalar(.int(1)))))
        }
        try check("sin/cos/abs/clamp", [try input([8], seed: 4)]) { try clamp(try abs(try sin(try cos($0[0]))), min: .float(0.1), max: .float(0.9)) }
        try check("sigmoid/tanh/gelu/relu", [try input([8], seed: 5)]) { try relu(try gelu(try tanh(try sigmoid($0[0])))) }
        try check("softmax/log_softmax", [try input([2, 4], seed: 6)]) { try logSoftmax(try softmax($0[0], dim: 1), dim: 0) }
    }

    func testReductionsAndShapes() throws {
        try check("sum/mean/var/std", [try input([3, 4], seed: 10)]) {
            try add(try $0[0].sum(dims: [1]), try add(try $0[0].mean(dims: [1]), try $0[0].variance(dims: [1], std: true)))
        }
        try check("prod/max", [try input([2, 3], seed: 11)]) { try mul(.tensor(try $0[0].prod(dim: 1)), .tensor(try $0[0].extremum(dim: 1, keepdim: false, isMax: true).values)) }
        try check("index/gather/cat", [try input([4, 3], seed: 12)]) { x in
            let g = try gather(x[0], dim: 1, index: try Tensor(int64s: [0, 2, 1, 1, 2, 0, 0, 0], shape: [4, 2]))
            return try cat([g, try index(x[0], [.tensor(try Tensor(int64s: [3, 0, 3, 1], shape: [4]))])], dim: 1)
        }
        try check("cumsum/flip/pad", [try input([1, 1, 3, 4], seed: 13)]) { try pad(try flip(try cumsum($0[0], dim: 3), dims: [2]), [1, 1, 2, 0], mode: .reflect) }
    }

    func testLinearAlgebraConvPoolNorm() throws {
        try check("mm/matmul/linear", [try input([3, 4], seed: 20), try input([2, 4], seed: 21), try input([2], seed: 22)]) { x in
            try matmul(try linear(x[0], x[1], x[2]), try mm(x[1], try x[0].t()))
        }
        try check("bmm/dot/mv", [try input([2, 3, 3], seed: 23), try input([3], seed: 24)]) { x in
            try mv(try bmm(x[0], x[0]).select(0, 1), x[1])
        }
        let g = Conv2dGeometry(stride: (2, 1), padding: (1, 2), dilation: (1, 2), groups: 2)
        try check("conv2d", [try input([2, 4, 5, 6], seed: 25), try input([6, 2, 3, 2], seed: 26), try input([6], seed: 27)]) {
            try conv2d($0[0], $0[1], $0[2], g)
        }
        try check("pools", [try input([1, 2, 5, 5], seed: 28)]) { x in
            let a = try avgPool2d(x[0], AvgPool2dOptions(pool: Pool2dOptions(kernel: (3, 3), stride: (2, 2), padding: (1, 1))))
            return try add(a, try adaptiveAvgPool2d(x[0], outputSize: (3, 3)))
        }
        try check("batch_norm", [try input([4, 3, 2], seed: 29), try input([3], seed: 30), try input([3], seed: 31)]) {
            try batchNorm($0[0], runningMean: nil, runningVar: nil, weight: $0[1], bias: $0[2], training: true)
        }
    }

    func testLosses() throws {
        let t = try Tensor.randn([3, 4], dtype: .float64, generator: Generator(seed: 40))
        let classes = try Tensor(int64s: [1, 0, 3], shape: [3])
        try check("mse/l1", [try input([3, 4], seed: 41)]) { try add(try mseLoss($0[0], t), try l1Loss($0[0], t)) }
        try check("cross_entropy", [try input([3, 4], seed: 42)]) { try crossEntropy($0[0], classes, labelSmoothing: 0.1) }
        try check("nll weighted", [try input([3, 4], seed: 43)]) {
            try nllLoss($0[0], classes, weight: try Tensor(values: [1, 2, 0.5, 1] as [Double], shape: [4]))
        }
        let probs = try Tensor(values: [0.1, 0.9, 0.5, 0.3] as [Double], shape: [4])
        try check("bce/bce with logits", [try input([4], seed: 44)]) { x in
            try add(try binaryCrossEntropy(try sigmoid(x[0]), probs), try binaryCrossEntropyWithLogits(x[0], probs))
        }
    }

    /// A float32 leaf and a float64 leaf in one graph: the product is float64, and each leaf's
    /// gradient comes back in its own dtype (PyTorch's engine casts per input).
    func testMixedGraphGivesEachLeafItsDtype() throws {
        let a = try Tensor(floats: [1, 2, 3], shape: [3])
        try a.setRequiresGrad(true)
        let b = try Tensor(values: [0.5, 0.25, 2] as [Double], shape: [3])
        try b.setRequiresGrad(true)
        let y = try mul(.tensor(a), .tensor(b)).sum()
        XCTAssertEqual(y.dtype, .float64)
        try Autograd.backward(y, gradient: nil, retainGraph: false)
        XCTAssertEqual(a.grad?.dtype, .float32)
        XCTAssertEqual(a.grad?.floatValues(), [0.5, 0.25, 2])
        XCTAssertEqual(b.grad?.dtype, .float64)
        XCTAssertEqual(b.grad?.doubleValues(), [1, 2, 3])
    }
}
