import Foundation
import Interpreter
import CInterrupt

/// `nnrepl --check FILE`: runs a lesson whose expected output is written doctest-style under
/// each statement, as `# ` comment lines, and reports every statement whose output differs.
///
///     x = torch.ones(2)
///     x * 2
///     # tensor([2., 2.])
///
/// The block is the run of lines starting with `# ` (or a lone `#`, an empty output line) right
/// after the statement's last line, at the start of the line. A comment that is prose must be
/// separated from the statement above it by a blank line. Statements without a block are run but
/// not compared; one that raises is a failure, since the lesson breaks there.
extension Session {
    public func runCheck(_ source: SourceFile) -> Int32 {
        let statements: [Stmt]
        do {
            statements = try parse(source)
        } catch let e as PyError {
            report(e, defaultFile: source.name)
            return 1
        } catch {
            return 1
        }
        pageHelp = false
        interpreter.displayMode = .shell
        let expectations = LessonExpectations.find(statements, in: source)
        var passed = 0, failed = 0
        var captured = ""
        interpreter.write = { captured += $0 }
        defer { interpreter.write = { s in fputs(s, stdout) } }
        for (index, s) in statements.enumerated() {
            captured = ""
            var raised: PyError? = nil
            do {
                try perform(s, source: source)
            } catch let e as PyError {
                raised = e
            } catch is AlreadyReported {
                raised = PyError("Error", "reported above")
            } catch {
                raised = PyError("Error", "\(error)")
            }
            showWatches()
            _ = nn_take_interrupt()
            var got = captured
            if let e = raised {
                if !got.isEmpty && !got.hasSuffix("\n") { got += "\n" }
                got += LessonExpectations.errorLine(e) + "\n"
            }
            let where_ = "\(source.name):\(s.range.start.line)"
            let shownStatement = statementLines(s, source).first ?? ""
            if let expected = expectations[index] {
                if LessonExpectations.normalise(LessonExpectations.lines(of: got)) == LessonExpectations.normalise(expected) {
                    passed += 1
                } else {
                    failed += 1
                    fputs(LessonExpectations.mismatch(where_, shownStatement, expected: expected, got: LessonExpectations.lines(of: got)), stdout)
                }
            } else if let e = raised {
                failed += 1
                fputs("\(where_): \(shownStatement)\nunexpected error:\n    \(LessonExpectations.errorLine(e))\n", stdout)
            }
        }
        fputs("\(passed) passed, \(failed) failed\n", stdout)
        fflush(stdout)
        return failed == 0 ? 0 : 1
    }
}

/// Finding, normalising and reporting the expected-output blocks of a checked lesson.
enum LessonExpectations {
    /// Expected output lines by statement index, for the statements that have a block.
    static func find(_ statements: [Stmt], in source: SourceFile) -> [Int: [String]] {
        var result: [Int: [String]] = [:]
        for (i, s) in statements.enumerated() {
            let next = i + 1 < statements.count ? statements[i + 1].range.start.line : source.lines.count + 1
            let first = s.range.start.line
            // The statement's last line of code: a block's trailing comments at column 0 are
            // not code (the parser's range may or may not reach them).
            var last = max(s.range.end.line, first)
            while last > first, let l = source.line(last), isBlank(l) || l.hasPrefix("#") { last -= 1 }
            var block: [String] = []
            var n = last + 1
            while n < next, let l = source.line(n), let text = expectedText(l) {
                block.append(text)
                n += 1
            }
            if !block.isEmpty { result[i] = block }
        }
        return result
    }

    /// `# text` → `text`, `#` → empty line; anything else is not part of a block.
    static func expectedText(_ line: String) -> String? {
        let l = line.hasSuffix("\r") ? String(line.dropLast()) : line
        if l == "#" { return "" }
        if l.hasPrefix("# ") { return String(l.dropFirst(2)) }
        return nil
    }

    static func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } }

    /// Output text as lines (a final newline ends the last line, it does not start another).
    static func lines(of text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if text.hasSuffix("\n") { lines.removeLast() }
        return lines
    }

    /// Compared without trailing blanks (editors strip them from comments) and with object
    /// addresses (`0x7f…`, written `0x...` in a lesson) made equal.
    static func normalise(_ lines: [String]) -> [String] {
        lines.map { line in
            var l = line
            while let c = l.last, c == " " || c == "\t" { l.removeLast() }
            return l.replacingOccurrences(of: "0x[0-9a-fA-F.…]+", with: "0x…", options: .regularExpression)
        }
    }

    /// How a raised error counts as output: its last traceback line, `NameError: name 'x' is not defined`.
    static func errorLine(_ e: PyError) -> String {
        var message = e.message
        if let s = e.suggestion { message += ". " + s }
        return message.isEmpty ? e.typeName : "\(e.typeName): \(message)"
    }

    static func mismatch(_ location: String, _ statement: String, expected: [String], got: [String]) -> String {
        func block(_ lines: [String]) -> String {
            lines.isEmpty ? "    (nothing)\n" : lines.map { ($0.isEmpty ? "" : "    " + $0) + "\n" }.joined()
        }
        return "\(location): \(statement)\nexpected:\n" + block(expected) + "got:\n" + block(got)
    }
}
