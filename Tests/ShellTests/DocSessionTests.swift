import XCTest
import Foundation

/// The shell sessions in the docs (```nnrepl-session blocks of docs/tutorial.md and README.md) are
/// real: each block's `>>> ` / `... ` input, run with `nnrepl --echo` in a scratch directory,
/// prints exactly the block (object addresses aside). scripts/doc_sessions.py rewrites them and
/// confirms them against real PyTorch.
final class DocSessionTests: XCTestCase {
    func sessions(in text: String) -> [(line: Int, body: [String])] {
        let lines = text.components(separatedBy: "\n")
        var result: [(Int, [String])] = []
        var i = 0
        while i < lines.count {
            if lines[i].trimmingCharacters(in: .whitespaces) == "```nnrepl-session" {
                var j = i + 1
                while j < lines.count && lines[j].trimmingCharacters(in: .whitespaces) != "```" { j += 1 }
                result.append((i + 2, Array(lines[(i + 1)..<j])))
                i = j
            }
            i += 1
        }
        return result
    }

    func normalised(_ lines: [String]) -> [String] {
        lines.map { l in
            var s = l.replacingOccurrences(of: "0x[0-9a-fA-F.…]+", with: "0x...", options: .regularExpression)
            while let c = s.last, c == " " { s.removeLast() }
            return s
        }
    }

    func testDocSessions() throws {
        guard let bin = TranscriptTests.binary() else {
            XCTFail("nnrepl binary not found: build it first (swift build -c release) or set NNREPL_BIN")
            return
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nnrepl-docs-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var count = 0
        for doc in ["docs/tutorial.md", "README.md"] {
            let text = try String(contentsOf: TranscriptTests.packageRoot.appendingPathComponent(doc), encoding: .utf8)
            for (line, body) in sessions(in: text) {
                count += 1
                var input: [String] = []
                for l in body {
                    if l.hasPrefix(">>> ") || l.hasPrefix("... ") { input.append(String(l.dropFirst(4))) } else if l == "..." { input.append("") }
                }
                // Named as the prompt names its input, so errors read <stdin>:LINE:COL.
                let file = scratch.appendingPathComponent("<stdin>")
                try (input.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
                var got = try runNnrepl(bin, ["--echo", "--keep-going", "<stdin>"], cwd: scratch, mergeStderr: true).output
                while got.hasSuffix("\n") { got.removeLast() }
                let gotLines = normalised(got.components(separatedBy: "\n"))
                let want = normalised(body)
                if gotLines != want {
                    XCTFail("\(doc):\(line): session differs\nexpected:\n" + want.joined(separator: "\n") + "\ngot:\n" + gotLines.joined(separator: "\n"))
                }
            }
        }
        XCTAssertGreaterThan(count, 10, "the tutorial's sessions")
    }
}
