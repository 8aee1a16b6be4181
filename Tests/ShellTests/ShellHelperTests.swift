import XCTest
@testable import Shell
import Interpreter
import Engine

/// The shell's pure helpers: completion context scanning, keyword completion, tensor
/// highlighting, checked-lesson expectations, duration formatting.
final class ShellHelperTests: XCTestCase {
    func testOpenStringFindsTheTypedPart() {
        XCTAssertEqual(CompletionContext.openString(before: "x = load('data/tr"), "data/tr")
        XCTAssertEqual(CompletionContext.openString(before: "f(\"a\", \"b"), "b")
        XCTAssertNil(CompletionContext.openString(before: "x = 'done' + y"))
        XCTAssertNil(CompletionContext.openString(before: "x = 1  # it's a comment"))
    }

    func testOpenCallFindsCalleeAndGivenArguments() throws {
        let call = try XCTUnwrap(CompletionContext.openCall(before: "c = nn.Conv2d(1, 6, 3, "))
        XCTAssertEqual(call.callee, "nn.Conv2d")
        XCTAssertEqual(call.positionalCount, 3)
        XCTAssertEqual(call.givenKeywords, [])
        let nested = try XCTUnwrap(CompletionContext.openCall(before: "f(g(1, 2), 'a,b', k=(1, 2), "))
        XCTAssertEqual(nested.callee, "f")
        XCTAssertEqual(nested.positionalCount, 2)
        XCTAssertEqual(nested.givenKeywords, ["k"])
        XCTAssertNil(CompletionContext.openCall(before: "x = [1, "), "a list is not a call")
        XCTAssertNil(CompletionContext.openCall(before: "f(1)"), "a closed call")
        XCTAssertEqual(CompletionContext.openCall(before: "print(a == b, ")?.givenKeywords, [])
    }

    func testKeywordCompletionInsideACall() {
        let session = Session(displayMode: .shell, color: false)
        try? session.interpreter.run(SourceFile(name: "<t>", text: "import torch.nn as nn\ndef f(alpha, beta=2, *, gamma=3): pass\n"))
        let completer = ShellCompleter(session: session)
        let line = "c = nn.Conv2d(1, 6, 3, pad"
        let answer = completer.completions(line: line, cursor: line.count)
        XCTAssertEqual(answer.wordLength, 3)
        XCTAssertEqual(answer.candidates, ["padding=", "padding_mode="])
        let f = "f(1, "
        XCTAssertEqual(completer.completions(line: f, cursor: f.count).candidates, ["beta=", "gamma="])
        let given = "f(1, gamma=2, "
        XCTAssertEqual(completer.completions(line: given, cursor: given.count).candidates, ["beta="])
        let magic = "%tim"
        XCTAssertEqual(completer.completions(line: magic, cursor: magic.count).candidates, ["time", "timeit"])
    }

    func testSignatureNamesSplitPositionalAndKeywordOnly() {
        let interp = Interpreter(mode: .shell)
        try? interp.run(SourceFile(name: "<t>", text: "import torch\n"))
        guard let randn = try? interp.evaluate("torch.randn"), let names = interp.parameterNames(ofCallable: randn) else {
            return XCTFail("torch.randn has no signature")
        }
        XCTAssertTrue(names.positional.isEmpty, "torch.randn(*size, ...): everything after *size is keyword-only")
        XCTAssertTrue(names.keywordOnly.contains("requires_grad"))
    }

    func testHighlightColoursOnlyChangedElements() throws {
        let text = "tensor([[0.1000, 0.2000],\n        [0.3000, 0.4000]], requires_grad=True)"
        let painted = try XCTUnwrap(TensorTextHighlight.paint(text, shape: [2, 2], changed: [1, 2]))
        let on = TensorTextHighlight.on, off = TensorTextHighlight.off
        XCTAssertEqual(painted, "tensor([[0.1000, \(on)0.2000\(off)],\n        [\(on)0.3000\(off), 0.4000]], requires_grad=True)")
        XCTAssertEqual(TensorTextHighlight.paint("tensor(1.5000)", shape: [], changed: [0]), "tensor(\(on)1.5000\(off))")
        XCTAssertNil(TensorTextHighlight.paint("tensor([1., 2.])", shape: [3], changed: [0]), "a layout that does not match is left alone")
    }

    func testHighlightFollowsSummarisedTensors() {
        var options = PrintOptions()
        options.threshold = 4
        options.edgeitems = 1
        XCTAssertEqual(TensorTextHighlight.printedOffsets(shape: [3, 3], options: options), [0, 2, 6, 8])
        let text = "tensor([[0., ..., 2.],\n        ...,\n        [6., ..., 8.]])"
        let painted = TensorTextHighlight.paint(text, shape: [3, 3], changed: [8], options: options)
        XCTAssertEqual(painted, "tensor([[0., ..., 2.],\n        ...,\n        [6., ..., \(TensorTextHighlight.on)8.\(TensorTextHighlight.off)]])")
    }

    func testLessonExpectationBlocks() throws {
        let text = """
        x = 1
        # prose? no: right under a statement, this is its expected output
        x
        # 1

        # a comment after a blank line is prose
        for i in range(2):
            print(i)
        # 0
        #
        y = 2
        """
        let source = SourceFile(name: "l.nnrepl", text: text + "\n")
        let statements = try Parser.parse(source, allowMagics: true)
        let blocks = LessonExpectations.find(statements, in: source)
        XCTAssertEqual(blocks[0], ["prose? no: right under a statement, this is its expected output"])
        XCTAssertEqual(blocks[1], ["1"])
        XCTAssertEqual(blocks[2], ["0", ""])
        XCTAssertNil(blocks[3])
        XCTAssertEqual(LessonExpectations.normalise(["<X object at 0x7f00ab>  "]), LessonExpectations.normalise(["<X object at 0x...>"]))
    }

    func testDurationFormat() {
        XCTAssertEqual(Session.formatDuration(0.0123), "12.3 ms")
        XCTAssertEqual(Session.formatDuration(2.5e-6), "2.5 µs")
        XCTAssertEqual(Session.formatDuration(1.5), "1.5 s")
        XCTAssertEqual(Session.formatDuration(3e-10), "0.3 ns")
    }
}
