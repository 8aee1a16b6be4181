import XCTest
import Engine
@testable import NN

/// StepLR and ExponentialLR against PyTorch's behaviour.
final class SchedulerTests: XCTestCase {
    func optimizer(lr: OptionValue = 0.1) throws -> SGD {
        try SGD(.tensors([try makeParameter(try Tensor.ones([2]))]), lr: lr)
    }

    func testStepLR() throws {
        let opt = try optimizer()
        let s = try StepLR(optimizer: opt, stepSize: 2)
        XCTAssertEqual(s.lastEpoch, 0)
        XCTAssertEqual(s.getLastLr(), [0.1])
        XCTAssertEqual(opt.paramGroups[0].options.last?.key, "initial_lr")
        XCTAssertTrue(opt.repr().contains("    initial_lr: 0.1\n    lr: 0.1\n"))
        let (_, warnings) = try collectWarnings { try s.step() }
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].hasPrefix("UserWarning: Detected call of `lr_scheduler.step()` before `optimizer.step()`."))
        XCTAssertEqual(s.getLastLr(), [0.1])
        XCTAssertEqual(s.lastEpoch, 1)
        try opt.step()
        let (_, none) = try collectWarnings { try s.step() }
        XCTAssertTrue(none.isEmpty)
        XCTAssertEqual(s.getLastLr(), [.float(0.1 * 0.1)], "0.010000000000000002")
        try s.step()
        XCTAssertEqual(s.getLastLr(), [.float(0.1 * 0.1)])
        try s.step()
        XCTAssertEqual(opt.paramGroups[0]["lr"], .float(0.1 * 0.1 * 0.1))
        XCTAssertEqual(s.baseLrs, [0.1])
        let (_, direct) = try collectWarnings { try s.getLr() }
        XCTAssertEqual(direct, ["UserWarning: To get the last learning rate computed by the scheduler, please use `get_last_lr()`."])
    }

    func testExponentialLR() throws {
        let opt = try optimizer(lr: 1)
        try opt.step()
        let e = try ExponentialLR(optimizer: opt, gamma: 0.5)
        XCTAssertEqual(e.getLastLr(), [1], "the initial step keeps the int")
        try opt.step()
        try e.step()
        XCTAssertEqual(e.getLastLr(), [0.5])
        try e.step()
        XCTAssertEqual(e.getLastLr(), [0.25])
        XCTAssertEqual(e.lastEpoch, 2)
    }

    func testResumeNeedsInitialLr() throws {
        let opt = try optimizer()
        assertTorchError(.keyError, "\"param 'initial_lr' is not specified in param_groups[0] when resuming scheduler with last_epoch >= 0.\\nThis typically happens when:\\n1. You're trying to resume training from a checkpoint but haven't properly loaded the optimizer state\\n2. You're using last_epoch >= 0 for a fresh training run (not recommended)\"") {
            try StepLR(optimizer: opt, stepSize: 1, lastEpoch: 3)
        }
        let zero = try StepLR(optimizer: try optimizer(), stepSize: 0)
        assertTorchError(.zeroDivisionError, "integer modulo by zero") { try zero.step() }
    }
}
