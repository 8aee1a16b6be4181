import XCTest
import Engine
@testable import NN

/// Loss modules: values and input gradients against PyTorch, reduction handling, buffers.
final class LossTests: XCTestCase {
    let logits = tensor([1.0, 2.0, 0.5, 0.1, -1.0, 2.0, 3.0, 0.0, -2.0, 0.5, 0.5, 0.5], [4, 3])
    let classes = try! Tensor(int64s: [2, 0, 1, 2], shape: [4])
    let pred = tensor([0.5, -1.0, 2.0, 0.25, 0.0, 3.0], [3, 2])
    let target = tensor([1.0, 0.0, 1.5, 0.5, -1.0, 2.0], [3, 2])
    let probs = tensor([0.2, 0.9, 0.5, 0.01, 0.7, 0.3], [3, 2])
    let binary = tensor([0, 1, 1, 0, 1, 1], [3, 2])

    /// Runs `loss(input, target)`, checks the value and d(sum(loss))/d(input).
    func check(_ name: String, _ loss: LossModule, _ input: Tensor, _ target: Tensor, file: StaticString = #filePath, line: UInt = #line) throws {
        let x = try input.clone()
        try x.setRequiresGrad(true)
        let out = try loss(x, target)
        assertClose(out, Golden.forwardBits[name], name, file: file, line: line)
        try Autograd.backward(try out.sum(), gradient: nil, retainGraph: false)
        assertClose(x.grad, Golden.forwardBits[name + "_grad"], name + " grad", file: file, line: line)
    }

    func testCrossEntropy() throws {
        try check("ce_plain", CrossEntropyLoss(), logits, classes)
        try check("ce_weight_ignore", CrossEntropyLoss(weight: tensor([1, 2, 0.5], [3]), ignoreIndex: 1), logits, classes)
        try check("ce_smooth_sum", CrossEntropyLoss(reduction: "sum", labelSmoothing: 0.1), logits, classes)
        try check("ce_none", CrossEntropyLoss(reduction: "none"), logits, classes)
        let ce = CrossEntropyLoss(weight: tensor([1, 2, 0.5], [3]))
        XCTAssertEqual(ce.stateDict().map(\.0), ["weight"], "weight is a buffer")
        XCTAssertTrue(CrossEntropyLoss().stateDict().isEmpty)
        XCTAssertEqual(ce.optionAttribute("ignore_index"), -100)
    }

    func testOtherLosses() throws {
        let logp = try logSoftmax(logits, dim: 1)
        try check("nll_weight", NLLLoss(weight: tensor([1, 2, 0.5], [3])), logp, classes)
        try check("mse_mean", MSELoss(), pred, target)
        try check("mse_sum", MSELoss(reduction: "sum"), pred, target)
        try check("l1_mean", L1Loss(), pred, target)
        try check("bce_mean", BCELoss(), probs, binary)
        try check("bce_weight_sum", BCELoss(weight: tensor([1, 3], [2]), reduction: "sum"), probs, binary)
        try check("bcelogits_posweight", BCEWithLogitsLoss(posWeight: tensor([2, 0.5], [2])), pred, binary)
        XCTAssertEqual(BCEWithLogitsLoss(weight: tensor([1, 1], [2]), posWeight: tensor([2, 0.5], [2])).stateDict().map(\.0), ["weight", "pos_weight"])
    }

    func testLossErrorsAndWarnings() throws {
        assertTorchError(.valueError, "foo is not a valid value for reduction") { try MSELoss(reduction: "foo")(pred, target) }
        assertTorchError(.typeError, "MSELoss.forward() missing 1 required positional argument: 'target'") { try MSELoss()(pred) }
        let (value, warnings) = try collectWarnings { try MSELoss()(tensor([1, 2], [1, 2]), tensor([1, 3], [2, 1])) }
        XCTAssertEqual(value.floatValues(), [1.5])
        XCTAssertEqual(warnings, ["UserWarning: Using a target size (torch.Size([2, 1])) that is different to the input size (torch.Size([1, 2])). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size."])
        assertTorchError(.indexError, "Target 10 is out of bounds.") {
            try CrossEntropyLoss()(logits, try Tensor(int64s: [1, 10, 0, 0], shape: [4]))
        }
    }

    func testLossObserversSeeBothInputs() throws {
        let loss = MSELoss()
        var seen = 0
        loss.addForwardObserver { _, inputs, _ in seen = inputs.count }
        _ = try loss(pred, target)
        XCTAssertEqual(seen, 2)
    }
}
