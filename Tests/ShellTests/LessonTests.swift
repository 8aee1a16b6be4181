import XCTest
import Foundation

/// Every lesson in docs/lessons is checked: `nnrepl --check` runs it (in a scratch directory, as
/// a lesson may save files) and every `# ` block must match what nnrepl prints. The blocks are
/// PyTorch's own output (scripts/golden/lessons.py confirms them against real PyTorch).
final class LessonTests: XCTestCase {
    func testLessonsCheck() throws {
        guard let bin = TranscriptTests.binary() else {
            XCTFail("nnrepl binary not found: build it first (swift build -c release) or set NNREPL_BIN")
            return
        }
        let dir = TranscriptTests.packageRoot.appendingPathComponent("docs/lessons")
        let lessons = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".nnrepl") }.sorted()
        XCTAssertGreaterThanOrEqual(lessons.count, 11, "the course's lessons")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nnrepl-lessons-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for lesson in lessons {
            let text = try String(contentsOf: dir.appendingPathComponent(lesson), encoding: .utf8)
            XCTAssertTrue(text.contains("\ntorch.manual_seed(0)\n"), "\(lesson) seeds the generator with torch.manual_seed(0)")
            let started = Date()
            let result = try runNnrepl(bin, ["--check", dir.appendingPathComponent(lesson).path], cwd: scratch)
            let summary = result.output.split(separator: "\n").last.map(String.init) ?? ""
            XCTAssertEqual(result.status, 0, "\(lesson): \(result.output)\(result.errors)")
            XCTAssertTrue(summary.hasSuffix(" passed, 0 failed") && !summary.hasPrefix("0 passed"), "\(lesson): \(summary)")
            print("\(lesson): \(summary) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
        }
    }
}
