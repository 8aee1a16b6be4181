import XCTest
import Engine
@testable import NN

/// Optimizer reprs, construction errors, groups, state, zero_grad and state_dict.
final class OptimizerBehaviourTests: XCTestCase {
    func params() throws -> [Tensor] { try Linear(2, 1).parameters() }

    func testReprs() throws {
        XCTAssertEqual(try SGD(.tensors(params()), lr: 0.01).repr(), """
        SGD (
        Parameter Group 0
            dampening: 0
            differentiable: False
            foreach: None
            fused: None
            lr: 0.01
            maximize: False
            momentum: 0
            nesterov: False
            weight_decay: 0
        )
        """)
        XCTAssertEqual(try SGD(.tensors(params()), lr: 0.1, momentum: 0.9, nesterov: true).repr(), """
        SGD (
        Parameter Group 0
            dampening: 0
            differentiable: False
            foreach: None
            fused: None
            lr: 0.1
            maximize: False
            momentum: 0.9
            nesterov: True
            weight_decay: 0
        )
        """)
        XCTAssertEqual(try Adam(.tensors(params())).repr(), """
        Adam (
        Parameter Group 0
            amsgrad: False
            betas: (0.9, 0.999)
            capturable: False
            decoupled_weight_decay: False
            differentiable: False
            eps: 1e-08
            foreach: None
            fused: None
            lr: 0.001
            maximize: False
            weight_decay: 0
        )
        """)
        XCTAssertEqual(try AdamW(.tensors(params()), lr: 0.01).repr(), """
        AdamW (
        Parameter Group 0
            amsgrad: False
            betas: (0.9, 0.999)
            capturable: False
            decoupled_weight_decay: True
            differentiable: False
            eps: 1e-08
            foreach: None
            fused: None
            lr: 0.01
            maximize: False
            weight_decay: 0.01
        )
        """)
        XCTAssertEqual(try Adam(.tensors(params()), lr: 1, weightDecay: 0.0, amsgrad: true).repr().split(separator: "\n")[2...11].joined(separator: "\n"), """
            amsgrad: True
            betas: (0.9, 0.999)
            capturable: False
            decoupled_weight_decay: False
            differentiable: False
            eps: 1e-08
            foreach: None
            fused: None
            lr: 1
            maximize: False
        """)
        XCTAssertEqual(try RMSprop(.tensors(params())).repr(), """
        RMSprop (
        Parameter Group 0
            alpha: 0.99
            capturable: False
            centered: False
            differentiable: False
            eps: 1e-08
            foreach: None
            lr: 0.01
            maximize: False
            momentum: 0
            weight_decay: 0
        )
        """)
        XCTAssertEqual(try SGD(.tensors(params())).paramGroups[0]["lr"], 0.001, "default lr")
    }

    func testGroupsRepr() throws {
        let a = try params(), b = try params()
        let opt = try SGD(.groups([ParamGroupSpec(params: a, options: [("lr", 1)]), ParamGroupSpec(params: b, options: [("momentum", 0.5)])]), lr: 0.1)
        XCTAssertEqual(opt.repr(), """
        SGD (
        Parameter Group 0
            dampening: 0
            differentiable: False
            foreach: None
            fused: None
            lr: 1
            maximize: False
            momentum: 0
            nesterov: False
            weight_decay: 0

        Parameter Group 1
            dampening: 0
            differentiable: False
            foreach: None
            fused: None
            lr: 0.1
            maximize: False
            momentum: 0.5
            nesterov: False
            weight_decay: 0
        )
        """)
        XCTAssertEqual(opt.paramGroups[0].options.map(\.key),
                       ["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize", "foreach", "differentiable", "fused"])
    }

    func testConstructionErrors() throws {
        assertTorchError(.valueError, "optimizer got an empty parameter list") { try SGD(.tensors([]), lr: 0.01) }
        assertTorchError(.valueError, "optimizer got an empty parameter list") { try Adam(.groups([])) }
        assertTorchError(.valueError, "Invalid learning rate: -1") { try SGD(.tensors(params()), lr: -1) }
        assertTorchError(.valueError, "Invalid learning rate: -0.5") { try Adam(.tensors(params()), lr: -0.5) }
        assertTorchError(.valueError, "Invalid momentum value: -1") { try SGD(.tensors(params()), momentum: -1) }
        assertTorchError(.valueError, "Nesterov momentum requires a momentum and zero dampening") {
            try SGD(.tensors(params()), lr: 0.1, nesterov: true)
        }
        assertTorchError(.valueError, "Nesterov momentum requires a momentum and zero dampening") {
            try SGD(.tensors(params()), lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true)
        }
        assertTorchError(.typeError, "'<' not supported between instances of 'str' and 'float'") { try SGD(.tensors(params()), lr: "a") }
        assertTorchError(.valueError, "Invalid beta parameter at index 0: 1.0") { try Adam(.tensors(params()), betas: (1.0, 0.9)) }
        assertTorchError(.valueError, "betas must be either both floats or both Tensors") { try Adam(.tensors(params()), betas: (0, 0.9)) }
        assertTorchError(.valueError, "Invalid epsilon value: -1") { try RMSprop(.tensors(params()), eps: -1) }
        let p = try params()
        assertTorchError(.valueError, "some parameters appear in more than one parameter group") {
            try SGD(.groups([ParamGroupSpec(params: p), ParamGroupSpec(params: p)]))
        }
        let leaf = try Tensor.ones([2])
        try leaf.setRequiresGrad(true)
        assertTorchError(.valueError, "can't optimize a non-leaf Tensor") {
            try SGD(.tensors([try mul(.tensor(leaf), .scalar(.int(2)))]))
        }
        XCTAssertEqual(Optimizer.paramsTypeError(for: leaf).message,
                       "params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor")
    }

    func testSGDStateAndSkipping() throws {
        let p1 = try makeParameter(tensor([1], [1])), p2 = try makeParameter(tensor([5], [1]))
        let opt = try SGD(.tensors([p1, p2]), lr: 0.1, momentum: 0.9)
        p1.grad = tensor([2], [1])
        try opt.step()
        XCTAssertEqual(p1.floatValues(), [0.8])
        XCTAssertEqual(p2.floatValues(), [5])
        XCTAssertNil(opt.state.existing(for: p2), "no state for a parameter without grad")
        XCTAssertTrue(p1.isLeaf && p1.requiresGrad)

        // pytorch-behaviour.md §5.3: stale grads keep growing the buffer.
        let p = try makeParameter(tensor([1], [1]))
        let sgd = try SGD(.tensors([p]), lr: 0.1, momentum: 0.9)
        p.grad = tensor([3], [1])
        try sgd.step()
        XCTAssertEqual(sgd.state.entry(for: p)["momentum_buffer"]?.floatValues(), [3])
        try sgd.step()
        XCTAssertEqual(p.floatValues(), [Float(0.13)])
        try sgd.step()
        XCTAssertEqual(bitsOf(p), [3207518485], "-0.6829999089241028, as PyTorch")
        // momentum 0: no state at all.
        let q = try makeParameter(tensor([1], [1]))
        let plain = try SGD(.tensors([q]), lr: 0.1)
        q.grad = tensor([1], [1])
        try plain.step()
        XCTAssertEqual(plain.state.count, 0)
    }

    func testAdamState() throws {
        let p = try makeParameter(tensor([1], [1]))
        let adam = try Adam(.tensors([p]), lr: 0.1, amsgrad: true)
        p.grad = tensor([3], [1])
        for _ in 0..<4 { try adam.step() }
        let st = adam.state.entry(for: p)
        XCTAssertEqual(st.entries.map(\.key), ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"])
        XCTAssertEqual(st["step"]?.shape, [])
        XCTAssertEqual(st["step"]?.dtype, .float32)
        XCTAssertEqual(st["step"]?.floatValues(), [4])
        let once = try makeParameter(tensor([1], [1]))
        let a1 = try Adam(.tensors([once]), lr: 0.1)
        once.grad = tensor([3], [1])
        try a1.step()
        XCTAssertEqual(once.floatValues(), [Float(0.9)], "the first Adam step moves by lr")
        XCTAssertEqual(try RMSprop(.tensors([p]), momentum: 0.5, centered: true).stepAndKeys(p), ["step", "square_avg", "momentum_buffer", "grad_avg"])
    }

    func testZeroGrad() throws {
        let lin = try Linear(2, 1)
        let opt = try SGD(.tensors(lin.parameters()), lr: 0.1)
        lin.weight!.grad = tensor([1, 2], [1, 2])
        try opt.zeroGrad(setToNone: false)
        XCTAssertEqual(lin.weight!.grad?.floatValues(), [0, 0])
        try opt.zeroGrad()
        XCTAssertNil(lin.weight!.grad)
    }

    func testParamGroupEditsAffectStep() throws {
        let p = try makeParameter(tensor([1], [1]))
        let opt = try SGD(.tensors([p]), lr: 0.1)
        opt.paramGroups[0]["lr"] = 0.5
        p.grad = tensor([1], [1])
        try opt.step()
        XCTAssertEqual(p.floatValues(), [0.5])
    }

    func testStateDictRoundTrip() throws {
        let a = try makeParameter(tensor([1, 2], [2])), b = try makeParameter(tensor([3], [1]))
        let opt = try SGD(.groups([ParamGroupSpec(params: [a]), ParamGroupSpec(params: [b], options: [("lr", 0.5)])]), lr: 0.1, momentum: 0.9)
        a.grad = tensor([1, 1], [2])
        b.grad = tensor([2], [1])
        try opt.step()
        let sd = opt.stateDict()
        XCTAssertEqual(sd.paramGroups.map(\.params), [[0], [1]])
        XCTAssertEqual(sd.state.map(\.index), [0, 1])
        XCTAssertEqual(sd.state[1].entries.map(\.key), ["momentum_buffer"])
        XCTAssertEqual(sd.paramGroups[1].options.first?.value, 0.5)

        let a2 = try makeParameter(tensor([1, 2], [2])), b2 = try makeParameter(tensor([3], [1]))
        let fresh = try SGD(.groups([ParamGroupSpec(params: [a2]), ParamGroupSpec(params: [b2])]), lr: 0.01)
        try fresh.loadStateDict(sd)
        XCTAssertEqual(fresh.paramGroups[1]["lr"], 0.5)
        XCTAssertEqual(fresh.paramGroups[0]["momentum"], 0.9)
        XCTAssertEqual(fresh.state.existing(for: b2)?["momentum_buffer"]?.floatValues(), [2])
        let wrong = try SGD(.tensors([a2]), lr: 0.1)
        assertTorchError(.valueError, "loaded state dict has a different number of parameter groups") { try wrong.loadStateDict(sd) }
    }

    func testMismatchedLoadedStateThrows() throws {
        let p = try makeParameter(tensor([1, 2], [2]))
        let opt = try SGD(.tensors([p]), lr: 0.1, momentum: 0.9)
        let bad = OptimizerStateDict(state: [(0, [("momentum_buffer", tensor([1, 2, 3], [3]))])],
                                     paramGroups: [.init(options: opt.paramGroups[0].options, params: [0])])
        try opt.loadStateDict(bad)
        p.grad = tensor([1, 1], [2])
        assertTorchError(.runtimeError, "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0") { try opt.step() }
    }

    func testOptionValueStr() {
        XCTAssertEqual(OptionValue.tuple([0.9, 0.999]).description, "(0.9, 0.999)")
        XCTAssertEqual(OptionValue.tuple(["a"]).description, "('a',)")
        XCTAssertEqual(OptionValue.none.description, "None")
        XCTAssertEqual(OptionValue.float(0.0).description, "0.0")
        XCTAssertEqual(OptionValue.int(0).description, "0")
        XCTAssertEqual(OptionValue.string("it's").repr, "\"it's\"")
        XCTAssertEqual(try OptionValue.int(3).multiplied(by: 2), 6)
        XCTAssertEqual(try OptionValue.float(0.1).multiplied(by: 0.1), .float(0.1 * 0.1))
    }
}

extension RMSprop {
    /// Runs one step with a unit gradient and returns the state keys created for `p`.
    func stepAndKeys(_ p: Tensor) throws -> [String] {
        p.grad = try Tensor.ones(p.shape)
        try step()
        return state.entry(for: p).entries.map(\.key)
    }
}
