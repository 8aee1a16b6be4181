import XCTest
import Foundation
@testable import Shell
import Interpreter
import Help
import Engine

/// nnrepl's help texts: every example runs through a fresh session and prints exactly what its
/// entry shows (the outputs come from real PyTorch, scripts/golden/help_examples.py), and the
/// public names of torch, nn, F, optim, … are listed when they have no help.
final class HelpTests: XCTestCase {
    static let preamble = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport torch.optim as optim\n"

    func testCatalogLoads() {
        XCTAssertFalse(HelpCatalog.entries.isEmpty, "no help texts found (Sources/Help/texts)")
        var seen: [String: String] = [:]
        for e in HelpCatalog.entries {
            XCTAssertFalse(e.usage.isEmpty, "\(e.file): \(e.names[0]) has no usage line")
            for n in e.names {
                if let other = seen[n] { XCTFail("\(n) has two entries (\(other) and \(e.file))") }
                seen[n] = e.file
            }
        }
    }

    func testEveryExampleRunsAsShown() throws {
        var failures: [String] = []
        var ran = 0
        for entry in HelpCatalog.entries {
            let steps = entry.example
            guard !steps.isEmpty else { continue }
            ran += 1
            let session = Session(displayMode: .shell, color: false)
            session.pageHelp = false
            var captured = ""
            session.interpreter.write = { captured += $0 }
            session.interpreter.writeWarning = { _ in }
            XCTAssertEqual(session.runPiped(HelpTests.preamble, name: "<help>"), 0)
            for (input, expected) in steps {
                captured = ""
                let status = session.runPiped(input + "\n", name: "<help>")
                let got = normalise(captured), want = normalise(expected)
                if status != 0 || got != want {
                    failures.append("\(entry.file): \(entry.names[0]): >>> \(input.split(separator: "\n").first ?? "")\n  expected: \(want.debugDescription)\n  nnrepl:   \(got.debugDescription)\(status != 0 ? " (failed, see stderr)" : "")")
                    break
                }
            }
        }
        XCTAssertTrue(failures.isEmpty, "\(failures.count) help example(s) differ:\n" + failures.joined(separator: "\n"))
        print("help examples: \(ran) run, \(failures.count) differ")
    }

    /// Public names without help are listed; those the language reference promises (every
    /// name in docs/language.md's PyTorch section) must have an entry.
    func testPublicNamesHaveHelp() throws {
        let session = Session(displayMode: .shell, color: false)
        let interp = session.interpreter
        var missing: [String] = []
        var all: [String] = []
        for module in HelpIndex.modules {
            guard let value = interp.moduleForHelp(module), let (name, members) = interp.namespaceContents(value) else { continue }
            for (member, v) in members where !member.hasPrefix("_") {
                if interp.namespaceContents(v) != nil { continue }
                // Constants (torch.pi, torch.float32) and objects such as default_generator are values, not API.
                switch v {
                case .float, .int, .str: continue
                case .object where interp.builtinClassName(v) == nil: continue
                default: break
                }
                let key = session.helpName(of: v) ?? "\(name).\(member)"
                all.append(key)
                if HelpCatalog.entry(key) == nil { missing.append(key) }
            }
        }
        XCTAssertEqual(session.runPiped("import torch\nimport torch.nn as nn\n", name: "<help>"), 0)
        let tensor = try interp.evaluate("torch.zeros(1)")
        for attribute in interp.attributeNames(of: tensor) where !attribute.hasPrefix("_") {
            let key = "torch.Tensor." + attribute
            all.append(key)
            if HelpCatalog.entry(key) == nil { missing.append(key) }
        }
        let module = try interp.evaluate("nn.Linear(1, 1)")
        for attribute in interp.attributeNames(of: module) where !attribute.hasPrefix("_") && !["weight", "bias", "in_features", "out_features"].contains(attribute) {
            let key = "torch.nn.Module." + attribute
            all.append(key)
            if HelpCatalog.entry(key) == nil { missing.append(key) }
        }
        for magic in Session.magics {
            all.append("%" + magic.name)
            if HelpCatalog.entry("%" + magic.name) == nil { missing.append("%" + magic.name) }
        }
        missing = Array(Set(missing)).sorted()
        print("help: \(Set(all).count - missing.count) of \(Set(all).count) public names have help; without help: " + (missing.isEmpty ? "none" : missing.joined(separator: ", ")))
        let promised = HelpTests.languageReferenceNames()
        let required = missing.filter { key in promised.contains(String(key.split(separator: ".").last ?? "")) || key.hasPrefix("%") }
        XCTAssertTrue(required.isEmpty, "names documented in docs/language.md (or magics) without help: " + required.joined(separator: ", "))
    }

    /// Identifiers written in backticks in docs/language.md's PyTorch section.
    static func languageReferenceNames() -> Set<String> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        guard let text = try? String(contentsOf: root.appendingPathComponent("docs/language.md"), encoding: .utf8),
              let start = text.range(of: "## PyTorch") else { return [] }
        var section = String(text[start.upperBound...])
        if let end = section.range(of: "\n## ") { section = String(section[..<end.lowerBound]) }
        var names = Set<String>()
        let spans = section.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        for span in spans {
            for word in span.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) {
                let last = word.split(separator: ".").last.map(String.init) ?? String(word)
                if last.first?.isLetter == true { names.insert(last) }
            }
        }
        return names
    }

    func normalise(_ s: String) -> String {
        var t = s.replacingOccurrences(of: "0x[0-9a-fA-F]+", with: "0x…", options: .regularExpression)
        while t.hasSuffix("\n\n") { t.removeLast() }
        return t
    }
}
