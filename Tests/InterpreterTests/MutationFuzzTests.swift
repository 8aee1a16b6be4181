import XCTest
import Foundation
import CInterrupt
import Engine
@testable import Interpreter

/// Deterministic, seeded mutation testing of the whole interpreter (lexer, parser, evaluator,
/// bindings, kernels). Programs are cut from the transcripts (`Tests/Transcripts/**/*.nnrepl`)
/// and mutated — tokens deleted, duplicated, swapped or spliced in from elsewhere, numbers
/// changed, lines dropped, the text truncated — and each one is run in process. Every outcome
/// must be a normal result or a Python-style error (`PyError`): a trap or a stack overflow
/// kills the test process (the case being run is in `$TMPDIR/nnrepl-fuzz-case.py`), and a
/// hang is stopped by a watchdog (Ctrl-C after `interruptAfter`, a failure after `hangAfter`).
///
/// `scripts/test` runs `caseCount` cases from a fixed seed; `scripts/fuzz SECONDS` runs the same
/// generator from fresh seeds until the time is up (NNREPL_FUZZ_SECONDS, NNREPL_FUZZ_SEED).
final class MutationFuzzTests: XCTestCase {
    static let caseCount = 3000
    static let fixedSeed: UInt64 = 0x5EED_2026
    /// A case running longer than this gets a Ctrl-C (KeyboardInterrupt is a fine outcome).
    static let interruptAfter = 1.0
    /// How long a case may take to stop once interrupted. Generous: the suite shares two cores
    /// with the rest of the test run (a loaded run took 3.4 s on a huge-string case that a
    /// quiet one answers at once); the tmux test holds the interactive shell to 0.2 s.
    static let answerGrace = 5.0 * slowdown
    /// A case still running this long after its Ctrl-C ignores the interrupt: a hang.
    static let hangAfter = 10.0 * slowdown
    /// How much slower than the release build this build runs: a debug build about 3×, and
    /// AddressSanitizer (`scripts/test --sanitize`, a debug build) 3–10× on top, so the
    /// allowances above stretch there while the release run keeps its limits.
    static let slowdown: Double = {
        var factor = 1.0
        #if DEBUG
        factor *= 3
        #endif
        if (dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil || dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") != nil) { factor *= 6 }
        return factor
    }()

    func testMutatedProgramsNeverCrashOrHang() throws {
        let env = ProcessInfo.processInfo.environment
        let seconds = env["NNREPL_FUZZ_SECONDS"].flatMap(Double.init)
        let seed = env["NNREPL_FUZZ_SEED"].flatMap { UInt64($0) }
            ?? (seconds == nil ? Self.fixedSeed : UInt64(Date().timeIntervalSince1970 * 1000))
        let corpus = try Self.loadCorpus()
        XCTAssertGreaterThan(corpus.count, 20, "the transcripts are the corpus")

        // Mutated code may create files (torch.save): run it in a scratch directory; and keep
        // a mutated size from taking the machine (the cap makes it a clean error instead).
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nnrepl-fuzz-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let previousDirectory = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(scratch.path)
        let savedCap = MemoryBudget.cap
        MemoryBudget.cap = min(savedCap, MemoryBudget.residentBytes + (2 << 30))
        defer {
            MemoryBudget.cap = savedCap
            FileManager.default.changeCurrentDirectoryPath(previousDirectory)
            try? FileManager.default.removeItem(at: scratch)
        }
        let caseFile = FileManager.default.temporaryDirectory.appendingPathComponent("nnrepl-fuzz-case.py")
        let watchdog = Watchdog(caseFile: caseFile.path)
        watchdog.start()
        defer { watchdog.stop() }

        var rng = SplitMix64(seed: seed)
        let started = Date()
        var outcomes: [String: Int] = [:]
        var failures: [String] = []
        var n = 0
        while seconds.map({ Date().timeIntervalSince(started) < $0 }) ?? (n < Self.caseCount) {
            n += 1
            let program = Self.mutate(corpus[Int(rng.next() % UInt64(corpus.count))], &rng)
            try? program.write(to: caseFile, atomically: false, encoding: .utf8)
            let interp = Interpreter(mode: .script)
            interp.write = { _ in }
            interp.writeWarning = { _ in }
            watchdog.begin()
            let outcome: String
            do {
                try interp.run(SourceFile(name: "<fuzz>", text: program))
                outcome = "ok"
            } catch let e as PyError {
                outcome = e.typeName
            } catch {
                outcome = "non-Python error"
                failures.append("case \(n) (seed \(seed)): \(type(of: error)): \(error)\n\(program)")
            }
            // A generator left suspended holds a thread and the interpreter: let it finish.
            interp.closeAllGenerators()
            // Process-wide settings a mutated program may have changed (set_default_dtype,
            // set_printoptions, set_grad_enabled) go back, so later cases and later tests start
            // from PyTorch's defaults, as each script does in its own process.
            DType.defaultFloat = .float32
            PrintOptions.current = PrintOptions()
            GradMode.isEnabled = true
            watchdog.end()
            _ = nn_take_interrupt()
            outcomes[outcome, default: 0] += 1
        }
        if let hang = watchdog.hang { failures.append(hang) }
        let summary = outcomes.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("mutation fuzz: seed \(seed), \(n) cases in \(String(format: "%.1f", Date().timeIntervalSince(started))) s: \(summary)")
        for f in failures.prefix(10) { XCTFail(f) }
    }

    // MARK: corpus and mutations

    /// Programs cut from the transcripts: each whole file, and windows of up to 25 lines that
    /// start at a top-level statement (so most windows parse before mutation).
    static func loadCorpus() throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Transcripts")
        let files = (FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".nnrepl") }.sorted()
        var programs: [String] = []
        for f in files {
            guard let text = try? String(contentsOf: root.appendingPathComponent(f), encoding: .utf8) else { continue }
            let lines = text.components(separatedBy: "\n").filter { !$0.hasPrefix("%") }
            programs.append(lines.joined(separator: "\n"))
            let starts = lines.indices.filter { i in
                let l = lines[i]
                return !l.isEmpty && !l.hasPrefix(" ") && !l.hasPrefix("#") && !l.hasPrefix(")") && !l.hasPrefix("]")
                    && !l.hasPrefix("else") && !l.hasPrefix("elif") && !l.hasPrefix("except") && !l.hasPrefix("finally")
            }
            for (k, s) in starts.enumerated() where k % 3 == 0 {
                programs.append(lines[s..<min(s + 25, lines.count)].joined(separator: "\n"))
            }
        }
        return programs
    }

    /// Splits source into tokens well enough to mutate it: names/numbers, string literals,
    /// runs of spaces, newlines and single punctuation characters.
    static func tokens(_ s: String) -> [String] {
        var out: [String] = []
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            var j = s.index(after: i)
            if c.isLetter || c.isNumber || c == "_" {
                while j < s.endIndex, s[j].isLetter || s[j].isNumber || s[j] == "_" || s[j] == "." && s[i].isNumber { j = s.index(after: j) }
            } else if c == "'" || c == "\"" {
                while j < s.endIndex, s[j] != c, s[j] != "\n" { j = s.index(after: j) }
                if j < s.endIndex, s[j] == c { j = s.index(after: j) }
            } else if c == " " {
                while j < s.endIndex, s[j] == " " { j = s.index(after: j) }
            }
            out.append(String(s[i..<j]))
            i = j
        }
        return out
    }

    static let numbers = ["0", "1", "2", "3", "-1", "-2", "7", "16", "255", "1000", "0.5", "-0.0", "1e-9", "1e308",
                          "2**31", "2**40", "2**62", "-2**62", "2**63", "10**12", "float('nan')", "float('inf')", "True", "None", "[]", "()", "''"]

    static func mutate(_ program: String, _ rng: inout SplitMix64) -> String {
        var t = tokens(program)
        guard !t.isEmpty else { return program }
        // Mostly changes that keep the program parsing (numbers, lines), so that the
        // evaluator and the kernels see odd values, not only the parser odd text.
        let rounds = 1 + Int(rng.next() % 2)
        for _ in 0..<rounds {
            let i = Int(rng.next() % UInt64(t.count))
            switch rng.next() % 20 {
            case 0, 1: t.remove(at: i)
            case 2: t.insert(t[i], at: i)
            case 3: if i + 1 < t.count { t.swapAt(i, i + 1) }
            case 4...11:
                // A number changed (or, when there is none, any name replaced by a value).
                let numeric = t.indices.filter { t[$0].first?.isNumber == true }
                let k = numeric.isEmpty ? i : numeric[Int(rng.next() % UInt64(numeric.count))]
                t[k] = numbers[Int(rng.next() % UInt64(numbers.count))]
            case 12: t.insert(t[Int(rng.next() % UInt64(t.count))], at: i)
            case 13: t.removeSubrange(i..<t.count)
            case 14...17:
                // A whole line dropped or doubled.
                var lines = t.joined().components(separatedBy: "\n")
                let l = Int(rng.next() % UInt64(lines.count))
                if rng.next() % 2 == 0 { lines.remove(at: l) } else { lines.insert(lines[l], at: l) }
                t = tokens(lines.joined(separator: "\n"))
            default:
                // A bracket or operator out of place.
                let junk = ["(", ")", "[", "]", "{", "}", ":", ",", "*", "**", "@", ".", "=", "\n", "    ", "\\", "lambda", "yield", "not"]
                t.insert(junk[Int(rng.next() % UInt64(junk.count))], at: i)
            }
            if t.isEmpty { break }
        }
        return t.joined()
    }
}

/// A small, fast, seedable generator (SplitMix64), so a seed names a run exactly.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Presses Ctrl-C (the interrupt flag) on a case that runs too long, and records a hang when
/// the case ignores it; a case that never returns at all aborts the run with the case named.
final class Watchdog {
    private let lock = NSLock()
    private var startedAt: Date?
    private var interrupted = false
    private var running = true
    private(set) var hang: String?
    private let caseFile: String
    init(caseFile: String) { self.caseFile = caseFile }

    func start() {
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.05)
                lock.lock()
                defer { lock.unlock() }
                if !running { return }
                guard let t = startedAt else { continue }
                let elapsed = Date().timeIntervalSince(t)
                if elapsed > MutationFuzzTests.interruptAfter && !interrupted {
                    interrupted = true
                    nn_request_interrupt()
                } else if elapsed > MutationFuzzTests.hangAfter {
                    let program = (try? String(contentsOfFile: caseFile, encoding: .utf8)) ?? "?"
                    FileHandle.standardError.write("mutation fuzz: hang, Ctrl-C ignored for \(Int(elapsed)) s:\n\(program)\n".data(using: .utf8)!)
                    abort()
                }
            }
        }
    }
    func begin() { lock.lock(); startedAt = Date(); interrupted = false; lock.unlock() }
    func end() {
        lock.lock()
        if interrupted, let t = startedAt, Date().timeIntervalSince(t) > MutationFuzzTests.interruptAfter + MutationFuzzTests.answerGrace {
            hang = hang ?? "a case took \(String(format: "%.1f", Date().timeIntervalSince(t))) s to answer Ctrl-C:\n" + ((try? String(contentsOfFile: caseFile, encoding: .utf8)) ?? "?")
        }
        startedAt = nil
        lock.unlock()
    }
    func stop() { lock.lock(); running = false; lock.unlock() }
}
