import XCTest
import Foundation

/// Runs the built `nnrepl` on every `Tests/Transcripts/**/*.nnrepl` and compares stdout, stderr
/// and the exit status with the files beside it (`.stdout`, `.stderr`, `.status`; `.args` gives
/// the command line, one argument a line, `{file}` standing for the transcript and `--stdin`
/// meaning the file is piped in; a `.stdin` file, when present, is piped in instead, e.g. the
/// keys of a `--step` run). Object addresses and measured times are normalised.
final class TranscriptTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// NNREPL_BIN, else the most recently built of .build/release and .build/debug.
    static func binary() -> String? {
        if let b = ProcessInfo.processInfo.environment["NNREPL_BIN"], FileManager.default.isExecutableFile(atPath: b) { return b }
        let candidates = ["release", "debug"].map { packageRoot.appendingPathComponent(".build/\($0)/nnrepl").path }
            .filter { FileManager.default.isExecutableFile(atPath: $0) }
        func modified(_ p: String) -> Date {
            ((try? FileManager.default.attributesOfItem(atPath: p))?[.modificationDate] as? Date) ?? .distantPast
        }
        return candidates.max { modified($0) < modified($1) }
    }

    func testTranscripts() throws {
        guard let bin = Self.binary() else {
            XCTFail("nnrepl binary not found: build it first (swift build -c release) or set NNREPL_BIN")
            return
        }
        let root = Self.packageRoot.appendingPathComponent("Tests/Transcripts")
        let files = (FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".nnrepl") }.sorted()
        XCTAssertFalse(files.isEmpty, "no transcripts found under \(root.path)")
        var failures = 0
        for rel in files {
            let file = root.appendingPathComponent(rel)
            let dir = file.deletingLastPathComponent()
            let base = file.deletingPathExtension().lastPathComponent
            func read(_ ext: String) -> String? { try? String(contentsOf: dir.appendingPathComponent(base + "." + ext), encoding: .utf8) }
            var args = (read("args") ?? "").split(separator: "\n").map(String.init).filter { !$0.isEmpty }
            let useStdin = args.contains("--stdin")
            args.removeAll { $0 == "--stdin" }
            if !useStdin && args.isEmpty { args = ["{file}"] }
            let stdinFile = dir.appendingPathComponent(base + ".stdin")
            let input: URL? = useStdin ? file : (FileManager.default.fileExists(atPath: stdinFile.path) ? stdinFile : nil)
            args = args.map { $0.replacingOccurrences(of: "{file}", with: file.lastPathComponent) }
            let result = try run(bin, args, cwd: dir, stdin: input)
            let expectedStatus = Int32((read("status") ?? "0").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            var problems: [String] = []
            let out = normalise(result.stdout), expOut = normalise(read("stdout") ?? "")
            if out != expOut { problems.append("stdout differs:\n" + lineDiff(expected: expOut, actual: out)) }
            let err = normalise(result.stderr), expErr = normalise(read("stderr") ?? "")
            if err != expErr { problems.append("stderr differs:\n" + lineDiff(expected: expErr, actual: err)) }
            if result.status != expectedStatus { problems.append("exit status \(result.status), expected \(expectedStatus)") }
            if !problems.isEmpty {
                failures += 1
                XCTFail("\(rel):\n" + problems.joined(separator: "\n"))
            }
        }
        print("transcripts: \(files.count - failures) passed, \(failures) failed")
    }

    struct RunResult { let stdout: String; let stderr: String; let status: Int32 }

    func run(_ bin: String, _ args: [String], cwd: URL, stdin: URL?) throws -> RunResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = args
        p.currentDirectoryURL = cwd
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // One locale for every run, whatever CI has: UTF-8 text (tree glyphs), no colour.
        env["LANG"] = "C.UTF-8"
        env.removeValue(forKey: "LC_ALL")
        env.removeValue(forKey: "LC_CTYPE")
        env["NNREPL_HISTORY"] = "/dev/null"
        // The expected output is PyTorch's with one thread (scripts/golden/transcripts.py), and
        // like PyTorch nnrepl splits its arithmetic by OMP_NUM_THREADS.
        env["OMP_NUM_THREADS"] = "1"
        p.environment = env
        let outPipe = Pipe(), errPipe = Pipe()
        p.standardOutput = outPipe
        p.standardError = errPipe
        p.standardInput = stdin.flatMap { try? FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        try p.run()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        final class Box: @unchecked Sendable { var data = Data() }   // each written by one reader, read after the wait
        let out = Box(), err = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { out.data = outPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { err.data = errPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        // Under AddressSanitizer (scripts/test --sanitize) nnrepl runs 5–10× slower: a longer
        // allowance there, so that the slowest transcript (surface/bilstm_crf) is not cut off.
        let underSanitizer = (dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil || dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") != nil)
        let deadline = DispatchTime.now() + .seconds(underSanitizer ? 900 : 120)
        if group.wait(timeout: deadline) == .timedOut { p.terminate() }
        p.waitUntilExit()
        return RunResult(stdout: String(decoding: out.data, as: UTF8.self), stderr: String(decoding: err.data, as: UTF8.self), status: p.terminationStatus)
    }

    func normalise(_ s: String) -> String {
        s.replacingOccurrences(of: "0x[0-9a-fA-F]+", with: "0x…", options: .regularExpression)
            // %time and %timeit measure: only the shape of their report is compared.
            .replacingOccurrences(of: "Wall time: [0-9.e+-]+ (ns|µs|ms|s)", with: "Wall time: …", options: .regularExpression)
            .replacingOccurrences(of: "[0-9]+ loops?, best of 5: [0-9.e+-]+ (ns|µs|ms|s) per loop", with: "… loops, best of 5: … per loop", options: .regularExpression)
    }

    /// A simple line diff: the first differing lines with context.
    func lineDiff(expected: String, actual: String) -> String {
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        var out: [String] = []
        var shown = 0
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? e[i] : nil, al = i < a.count ? a[i] : nil
            if el != al {
                if let el { out.append("  -\(i + 1): \(el)") }
                if let al { out.append("  +\(i + 1): \(al)") }
                shown += 1
                if shown >= 12 { out.append("  …"); break }
            }
        }
        return out.joined(separator: "\n")
    }
}
