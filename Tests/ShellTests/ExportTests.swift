import XCTest
import Foundation

/// `%export`: the course session in Tests/Transcripts/views/export_session.nnrepl ends with
/// `%export -`, which prints the script. Its expected output (checked by TranscriptTests
/// against nnrepl) must be: what the session showed, then the script; the script must be
/// exported_lenet.nnrepl, and what the session showed must be that script's output under real
/// PyTorch (exported_lenet.stdout, written by scripts/golden/transcripts.py).
final class ExportTests: XCTestCase {
    func testExportedSessionRunsToTheSameOutputUnderPyTorch() throws {
        let dir = TranscriptTests.packageRoot.appendingPathComponent("Tests/Transcripts/views")
        func read(_ name: String) throws -> String { try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) }
        let session = try read("export_session.stdout")
        guard let start = session.range(of: "# Exported from an nnrepl session") else {
            return XCTFail("export_session.stdout holds no exported script")
        }
        let shown = String(session[..<start.lowerBound]), script = String(session[start.lowerBound...])
        XCTAssertEqual(script, try read("exported_lenet.nnrepl"), "the exported script differs from exported_lenet.nnrepl")
        func normalise(_ s: String) -> String { s.replacingOccurrences(of: "0x[0-9a-fA-F]+", with: "0x…", options: .regularExpression) }
        XCTAssertEqual(normalise(shown), normalise(try read("exported_lenet.stdout")),
                       "the session's output differs from PyTorch's output of the exported script")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("exported_lenet.stderr").path),
                       "the exported script fails under PyTorch")
    }
}
