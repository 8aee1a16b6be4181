import XCTest
import Engine
@testable import NN

/// A stand-in for the interpreter's Python-defined module: it overrides only `forward`.
final class Doubler: Module {
    override func forward(_ input: Tensor) throws -> Tensor { try mul(.tensor(input), .scalar(.int(2))) }
}

/// Sequential and ModuleList: naming, indexing, slicing, mutation, chaining.
final class ContainerTests: XCTestCase {
    func testSequentialIndexingAndSlicing() throws {
        let seq = Sequential([ReLU(), Tanh(), Sigmoid()])
        XCTAssertEqual(seq.count, 3)
        XCTAssertEqual(try seq.item(at: -1).repr(), "Sigmoid()")
        assertTorchError(.indexError, "index 5 is out of range") { try seq.item(at: 5) }
        assertTorchError(.indexError, "index -4 is out of range") { try seq.item(at: -4) }
        let tail = try seq.slice(start: 1, stop: nil, step: nil)
        XCTAssertEqual(tail.repr(), "Sequential(\n  (1): Tanh()\n  (2): Sigmoid()\n)", "slices keep names")
        XCTAssertEqual(try seq.slice(start: nil, stop: nil, step: -1).childEntries.map(\.name), ["2", "1", "0"])
        assertTorchError(.valueError, "slice step cannot be zero") { try seq.slice(start: nil, stop: nil, step: 0) }
        seq.append(Identity())
        XCTAssertEqual(seq.childEntries.map(\.name), ["0", "1", "2", "3"])
        try seq.deleteItem(at: 1)
        XCTAssertEqual(seq.childEntries.map(\.name), ["0", "1", "2"], "renumbered")
        XCTAssertEqual(seq.modules.map(\.typeName), ["ReLU", "Sigmoid", "Identity"])
        try seq.insert(0, Tanh())
        XCTAssertEqual(seq.modules.map(\.typeName), ["Tanh", "ReLU", "Sigmoid", "Identity"])
        XCTAssertEqual(seq.childEntries.map(\.name), ["0", "1", "2", "3"])
        assertTorchError(.indexError, "Index out of range: 9") { try seq.insert(9, ReLU()) }
        try seq.setItem(at: -1, ReLU())
        XCTAssertEqual(try seq.item(at: 3).typeName, "ReLU")
        XCTAssertEqual(try seq.pop(0).typeName, "Tanh")
        XCTAssertEqual(seq.count, 3)
        try seq.deleteSlice(start: 0, stop: 2, step: nil)
        XCTAssertEqual(seq.childEntries.map(\.name), ["0"])
    }

    func testSequentialForwardChainsThroughCall() throws {
        let seq = Sequential([Doubler(), ReLU(), Doubler()])
        XCTAssertEqual(try seq(tensor([-1, 3], [2])).floatValues(), [0, 12])
        var calls = 0
        seq.modules[0].addForwardObserver { _, _, _ in calls += 1 }
        _ = try seq(tensor([1], [1]))
        XCTAssertEqual(calls, 1, "children's observers run")
        XCTAssertEqual(try Sequential()(tensor([5], [1])).floatValues(), [5])
    }

    func testSequentialStateDictNames() throws {
        let seq = Sequential([try Conv2d(1, 6, kernelSize: 3), ReLU(), MaxPool2d(kernelSize: 2), Flatten(), try Linear(1014, 10)])
        XCTAssertEqual(seq.stateDict().map(\.0), ["0.weight", "0.bias", "4.weight", "4.bias"])
        let nested = Sequential([try Linear(2, 3), try BatchNorm1d(3), Sequential([try Linear(3, 1)])])
        XCTAssertEqual(nested.stateDict().map(\.0), ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                                                    "1.num_batches_tracked", "2.0.weight", "2.0.bias"])
        XCTAssertEqual(try seq(try Tensor.zeros([2, 1, 28, 28])).shape, [2, 10])
    }

    func testModuleList() throws {
        let ml = ModuleList([ReLU(), Tanh(), Sigmoid()])
        XCTAssertEqual(try ml.slice(start: 1, stop: nil, step: nil).childEntries.map(\.name), ["0", "1"], "renumbered from 0")
        assertTorchError(.indexError, "index 3 is out of range") { try ml.item(at: 3) }
        ml.extend([Identity()])
        ml.insert(1, ReLU())
        XCTAssertEqual(ml.modules.map(\.typeName), ["ReLU", "ReLU", "Tanh", "Sigmoid", "Identity"])
        XCTAssertEqual(ml.repr(), "ModuleList(\n  (0-1): 2 x ReLU()\n  (2): Tanh()\n  (3): Sigmoid()\n  (4): Identity()\n)")
        try ml.deleteItem(at: 0)
        XCTAssertEqual(ml.childEntries.map(\.name), ["0", "1", "2", "3"])
        assertTorchError(.notImplementedError, "Module [ModuleList] is missing the required \"forward\" function") { try ml(tensor([1], [1])) }
    }

    func testSliceIndices() throws {
        XCTAssertEqual(try pythonSliceIndices(count: 5, start: -2, stop: nil, step: nil), [3, 4])
        XCTAssertEqual(try pythonSliceIndices(count: 5, start: nil, stop: nil, step: 2), [0, 2, 4])
        XCTAssertEqual(try pythonSliceIndices(count: 3, start: 2, stop: -5, step: -1), [2, 1, 0])
        XCTAssertEqual(try pythonSliceIndices(count: 3, start: 2, stop: -1, step: -1), [])
        XCTAssertEqual(try pythonSliceIndices(count: 3, start: 10, stop: 20, step: nil), [])
    }
}
