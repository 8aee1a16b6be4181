import XCTest
import Engine
@testable import NN

/// Layer reprs for every option, as real PyTorch 2.15 prints them (pytorch-behaviour.md §2.2).
final class LayerReprTests: XCTestCase {
    func testConvReprs() throws {
        let cases: [(Conv2d, String)] = [
            (try Conv2d(1, 6, kernelSize: 3), "Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))"),
            (try Conv2d(1, 6, kernelSize: 3, stride: 2), "Conv2d(1, 6, kernel_size=(3, 3), stride=(2, 2))"),
            (try Conv2d(1, 6, kernelSize: 3, stride: 1, padding: .size(1)), "Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))"),
            (try Conv2d(1, 6, kernelSize: 3, padding: .size(0)), "Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))"),
            (try Conv2d(1, 6, kernelSize: 3, padding: .size(.pair(0, 0))), "Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))"),
            (try Conv2d(1, 6, kernelSize: 3, padding: .size(.pair(0, 1))), "Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1), padding=(0, 1))"),
            (try Conv2d(1, 6, kernelSize: 3, padding: .named("same")), "Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1), padding=same)"),
            (try Conv2d(1, 6, kernelSize: 3, padding: .named("valid")), "Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1), padding=valid)"),
            (try Conv2d(1, 6, kernelSize: 3, dilation: 2), "Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1), dilation=(2, 2))"),
            (try Conv2d(4, 8, kernelSize: 3, groups: 2), "Conv2d(4, 8, kernel_size=(3, 3), stride=(1, 1), groups=2)"),
            (try Conv2d(1, 6, kernelSize: 3, paddingMode: "circular"), "Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1), padding_mode=circular)"),
            (try Conv2d(1, 6, kernelSize: .pair(3, 5), padding: .named("same"), dilation: 2),
             "Conv2d(1, 6, kernel_size=(3, 5), stride=(1, 1), padding=same, dilation=(2, 2))"),
            (try Conv2d(4, 8, kernelSize: .pair(3, 5), padding: .named("same"), groups: 2, bias: false),
             "Conv2d(4, 8, kernel_size=(3, 5), stride=(1, 1), padding=same, groups=2, bias=False)"),
            (try Conv2d(4, 8, kernelSize: .pair(3, 3), stride: .pair(2, 1), padding: .size(.pair(1, 0)), dilation: .pair(2, 2),
                        groups: 4, bias: false, paddingMode: "replicate"),
             "Conv2d(4, 8, kernel_size=(3, 3), stride=(2, 1), padding=(1, 0), dilation=(2, 2), groups=4, bias=False, padding_mode=replicate)"),
        ]
        for (m, expected) in cases { XCTAssertEqual(m.repr(), expected) }
    }

    func testConvErrors() {
        assertTorchError(.valueError, "groups must be a positive integer") { try Conv2d(1, 6, kernelSize: 3, groups: 0) }
        assertTorchError(.valueError, "in_channels must be divisible by groups") { try Conv2d(3, 6, kernelSize: 3, groups: 2) }
        assertTorchError(.valueError, "out_channels must be divisible by groups") { try Conv2d(3, 4, kernelSize: 3, groups: 3) }
        assertTorchError(.valueError, "padding='same' is not supported for strided convolutions") {
            try Conv2d(1, 6, kernelSize: 3, stride: 2, padding: .named("same"))
        }
        assertTorchError(.valueError, "Invalid padding string 'full', should be one of {'same', 'valid'}") {
            try Conv2d(1, 6, kernelSize: 3, padding: .named("full"))
        }
        assertTorchError(.valueError, "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='mirror'") {
            try Conv2d(1, 6, kernelSize: 3, paddingMode: "mirror")
        }
        // PyTorch checks groups before the padding string.
        assertTorchError(.valueError, "in_channels must be divisible by groups") {
            try Conv2d(3, 6, kernelSize: 3, padding: .named("full"), groups: 2)
        }
    }

    func testConvAttributes() throws {
        let c = try Conv2d(1, 6, kernelSize: .pair(3, 5), stride: 2, padding: .size(1))
        XCTAssertEqual(c.optionAttribute("kernel_size"), .tuple([3, 5]))
        XCTAssertEqual(c.optionAttribute("stride"), .tuple([2, 2]))
        XCTAssertEqual(c.optionAttribute("padding"), .tuple([1, 1]))
        XCTAssertEqual(c.optionAttribute("in_channels"), 1)
        XCTAssertEqual(try Conv2d(1, 1, kernelSize: 3, padding: .named("same")).optionAttribute("padding"), "same")
        XCTAssertEqual(try Linear(3, 2).optionAttribute("out_features"), 2)
    }

    func testPoolingReprs() {
        XCTAssertEqual(MaxPool2d(kernelSize: 2).repr(), "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)")
        XCTAssertEqual(MaxPool2d(kernelSize: .pair(2, 2)).repr(),
                       "MaxPool2d(kernel_size=(2, 2), stride=(2, 2), padding=0, dilation=1, ceil_mode=False)")
        XCTAssertEqual(MaxPool2d(kernelSize: 2, stride: 1, padding: 1, dilation: 2, returnIndices: true, ceilMode: true).repr(),
                       "MaxPool2d(kernel_size=2, stride=1, padding=1, dilation=2, ceil_mode=True)")
        XCTAssertEqual(MaxPool2d(kernelSize: .pair(2, 3), stride: .pair(1, 2)).repr(),
                       "MaxPool2d(kernel_size=(2, 3), stride=(1, 2), padding=0, dilation=1, ceil_mode=False)")
        XCTAssertEqual(AvgPool2d(kernelSize: 2).repr(), "AvgPool2d(kernel_size=2, stride=2, padding=0)")
        XCTAssertEqual(AvgPool2d(kernelSize: 3, stride: 1, padding: 1, countIncludePad: false).repr(),
                       "AvgPool2d(kernel_size=3, stride=1, padding=1)")
        XCTAssertEqual(AvgPool2d(kernelSize: .pair(2, 3), ceilMode: true, divisorOverride: 2).repr(),
                       "AvgPool2d(kernel_size=(2, 3), stride=(2, 3), padding=0)")
        XCTAssertEqual(AdaptiveAvgPool2d(outputSize: .int(5)).repr(), "AdaptiveAvgPool2d(output_size=5)")
        XCTAssertEqual(AdaptiveAvgPool2d(outputSize: .pair(5, 6)).repr(), "AdaptiveAvgPool2d(output_size=(5, 6))")
        XCTAssertEqual(AdaptiveAvgPool2d(outputSize: .pair(nil, 7)).repr(), "AdaptiveAvgPool2d(output_size=(None, 7))")
    }

    func testActivationReprs() throws {
        XCTAssertEqual(ReLU().repr(), "ReLU()")
        XCTAssertEqual(ReLU(inplace: true).repr(), "ReLU(inplace=True)")
        XCTAssertEqual(LeakyReLU().repr(), "LeakyReLU(negative_slope=0.01)")
        XCTAssertEqual(LeakyReLU(negativeSlope: 1).repr(), "LeakyReLU(negative_slope=1)")
        XCTAssertEqual(LeakyReLU(negativeSlope: 0.2, inplace: true).repr(), "LeakyReLU(negative_slope=0.2, inplace=True)")
        XCTAssertEqual(Sigmoid().repr(), "Sigmoid()")
        XCTAssertEqual(Tanh().repr(), "Tanh()")
        XCTAssertEqual(GELU().repr(), "GELU(approximate='none')")
        XCTAssertEqual(GELU(approximate: "tanh").repr(), "GELU(approximate='tanh')")
        XCTAssertEqual(Softmax(dim: 1).repr(), "Softmax(dim=1)")
        XCTAssertEqual(Softmax().repr(), "Softmax(dim=None)")
        XCTAssertEqual(LogSoftmax(dim: -1).repr(), "LogSoftmax(dim=-1)")
        XCTAssertEqual(LogSoftmax().repr(), "LogSoftmax(dim=None)")
        XCTAssertEqual(Flatten().repr(), "Flatten(start_dim=1, end_dim=-1)")
        XCTAssertEqual(Flatten(startDim: 0, endDim: 2).repr(), "Flatten(start_dim=0, end_dim=2)")
        XCTAssertEqual(try Dropout().repr(), "Dropout(p=0.5, inplace=False)")
        XCTAssertEqual(try Dropout(p: 0).repr(), "Dropout(p=0, inplace=False)")
        XCTAssertEqual(try Dropout(p: 0.25, inplace: true).repr(), "Dropout(p=0.25, inplace=True)")
        XCTAssertEqual(Identity().repr(), "Identity()")
        assertTorchError(.valueError, "dropout probability has to be between 0 and 1, but got 1.5") { try Dropout(p: 1.5) }
        assertTorchError(.valueError, "dropout probability has to be between 0 and 1, but got -1") { try Dropout(p: -1) }
    }

    func testLinearAndBatchNormReprs() throws {
        XCTAssertEqual(try Linear(10, 5).repr(), "Linear(in_features=10, out_features=5, bias=True)")
        XCTAssertEqual(try Linear(10, 5, bias: false).repr(), "Linear(in_features=10, out_features=5, bias=False)")
        XCTAssertEqual(try BatchNorm2d(6).repr(),
                       "BatchNorm2d(6, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)")
        XCTAssertEqual(try BatchNorm1d(10, affine: false).repr(),
                       "BatchNorm1d(10, eps=1e-05, momentum=0.1, affine=False, bias=False, track_running_stats=True)")
        XCTAssertEqual(try BatchNorm1d(3, momentum: .none).repr(),
                       "BatchNorm1d(3, eps=1e-05, momentum=None, affine=True, bias=True, track_running_stats=True)")
        XCTAssertEqual(try BatchNorm1d(3, eps: 1e-3, momentum: 0.5, trackRunningStats: false).repr(),
                       "BatchNorm1d(3, eps=0.001, momentum=0.5, affine=True, bias=True, track_running_stats=False)")
        XCTAssertEqual(try BatchNorm2d(3, bias: false).repr(),
                       "BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=True, bias=False, track_running_stats=True)")
    }

    func testLossReprsHideOptions() throws {
        XCTAssertEqual(MSELoss().repr(), "MSELoss()")
        XCTAssertEqual(MSELoss(reduction: "sum").repr(), "MSELoss()")
        XCTAssertEqual(L1Loss().repr(), "L1Loss()")
        XCTAssertEqual(CrossEntropyLoss(weight: try Tensor.ones([3]), ignoreIndex: 1, reduction: "sum", labelSmoothing: 0.1).repr(),
                       "CrossEntropyLoss()")
        XCTAssertEqual(NLLLoss().repr(), "NLLLoss()")
        XCTAssertEqual(BCELoss().repr(), "BCELoss()")
        XCTAssertEqual(BCEWithLogitsLoss(posWeight: try Tensor.ones([3])).repr(), "BCEWithLogitsLoss()")
    }

    func testContainerReprs() throws {
        let seq = Sequential([try Conv2d(1, 6, kernelSize: 3), ReLU(), MaxPool2d(kernelSize: 2), Flatten(), try Linear(6 * 15 * 15, 10)])
        XCTAssertEqual(seq.repr(), """
        Sequential(
          (0): Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))
          (1): ReLU()
          (2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
          (3): Flatten(start_dim=1, end_dim=-1)
          (4): Linear(in_features=1350, out_features=10, bias=True)
        )
        """)
        XCTAssertEqual(Sequential(named: [("conv", try Conv2d(1, 6, kernelSize: 3)), ("act", ReLU())]).repr(), """
        Sequential(
          (conv): Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))
          (act): ReLU()
        )
        """)
        XCTAssertEqual(Sequential().repr(), "Sequential()")
        XCTAssertEqual(ModuleList().repr(), "ModuleList()")
        XCTAssertEqual(ModuleList([try Linear(2, 2), try Linear(2, 2), ReLU(), try Linear(2, 2)]).repr(), """
        ModuleList(
          (0-1): 2 x Linear(in_features=2, out_features=2, bias=True)
          (2): ReLU()
          (3): Linear(in_features=2, out_features=2, bias=True)
        )
        """)
        XCTAssertEqual(ModuleList([ReLU(), ReLU(), ReLU(), Tanh(), Tanh()]).repr(), """
        ModuleList(
          (0-2): 3 x ReLU()
          (3-4): 2 x Tanh()
        )
        """)
        XCTAssertEqual(ModuleList([Sequential([ReLU(), Tanh()]), Sequential([ReLU(), Tanh()])]).repr(), """
        ModuleList(
          (0-1): 2 x Sequential(
            (0): ReLU()
            (1): Tanh()
          )
        )
        """)
        // Sequential never compresses repeats.
        XCTAssertEqual(Sequential([ReLU(), ReLU()]).repr(), "Sequential(\n  (0): ReLU()\n  (1): ReLU()\n)")
        // Nested in a user module.
        let block = Module()
        block.registerModule("features", Sequential([try Conv2d(1, 6, kernelSize: 3), ReLU()]))
        block.registerModule("head", try Linear(6, 2))
        block.registerModule("layers", ModuleList([try Linear(2, 2), try Linear(2, 2)]))
        XCTAssertEqual(block.repr(), """
        Module(
          (features): Sequential(
            (0): Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))
            (1): ReLU()
          )
          (head): Linear(in_features=6, out_features=2, bias=True)
          (layers): ModuleList(
            (0-1): 2 x Linear(in_features=2, out_features=2, bias=True)
          )
        )
        """)
    }
}
