import XCTest
@testable import Engine

/// A steady training loop must reuse what its first step created: tensor storage comes from
/// the caching allocator's free lists and convolutions run cached oneDNN primitives.
final class SteadyStateTests: XCTestCase {
    func step(_ x: Tensor, _ w: Tensor, _ b: Tensor, _ x1: Tensor) throws {
        let y = try conv2d(x, w, b, Conv2dGeometry(padding: (1, 1)))          // oneDNN (batch 8)
        let y1 = try conv2d(x1, w, b, Conv2dGeometry(stride: (2, 2)))         // native (batch 1)
        let loss = try add(.tensor(try relu(y).sum()), .tensor(try y1.sum()))
        try Autograd.backward(loss, gradient: nil, retainGraph: false)
        w.grad = nil
        b.grad = nil
        x.grad = nil
    }

    func testTrainingLoopAllocatesNothingNewAfterItsFirstSteps() throws {
        let x = try Tensor.randn([8, 3, 12, 12], generator: Generator(seed: 1))
        let x1 = try Tensor.randn([1, 3, 12, 12], generator: Generator(seed: 2))
        let w = try Tensor.randn([5, 3, 3, 3], generator: Generator(seed: 3))
        let b = try Tensor.randn([5], generator: Generator(seed: 4))
        for t in [x, w, b] { try t.setRequiresGrad(true) }
        for _ in 0..<2 { try step(x, w, b, x1) }
        let before = StorageCacheStatistics.current, primitives = oneDNNPrimitivesCreated
        for _ in 0..<5 { try step(x, w, b, x1) }
        let after = StorageCacheStatistics.current
        XCTAssertEqual(after.osAllocations, before.osAllocations, "blocks requested from the OS in a steady loop")
        XCTAssertGreaterThan(after.cacheHits, before.cacheHits)
        XCTAssertEqual(oneDNNPrimitivesCreated, primitives, "oneDNN primitives created in a steady loop")
        XCTAssertGreaterThan(primitives, 0, "the batch-8 convolution runs on oneDNN")
    }
}
