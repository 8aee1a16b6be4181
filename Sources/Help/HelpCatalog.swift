import Foundation

/// nnrepl's own help texts (`help(x)`, `x?`, `%help`), kept as data: one text file per family
/// in `texts/` (tensor creation, math, nn layers, losses, optimizers, magics, …), so adding an
/// entry means adding a paragraph, not Swift code. Format of a file:
///
///     # comment lines before the first entry are ignored
///     == torch.nn.Conv2d | torch.nn.functional.conv2d     ← the names it answers for
///     nn.Conv2d(in_channels, out_channels, kernel_size, …)  ← usage line
///
///     What it computes …                                   ← first sentence: the summary
///     Example:
///     >>> conv = nn.Conv2d(1, 6, 3)                         ← run by the tests, output checked
///     >>> conv.weight.shape
///     torch.Size([6, 1, 3, 3])
///
/// Names are canonical Python paths (`torch.Tensor.view`, `torch.nn.Module.parameters`,
/// `torch.optim.Optimizer.step`) or magics (`%grads`). Examples start from
/// `import torch, torch.nn as nn, torch.nn.functional as F, torch.optim as optim` and are
/// checked twice: `scripts/golden/help_examples.py` against real PyTorch, the Swift tests
/// against nnrepl.
public struct HelpEntry {
    /// Canonical names, the first being the main one.
    public let names: [String]
    /// The text shown, usage line first.
    public let text: String
    /// The file it came from (for error messages).
    public let file: String

    /// The usage line (`nn.Conv2d(in_channels, …)`).
    public var usage: String { text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? "" }

    /// The first sentence after the usage line, for lists of members.
    public var summary: String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
        var paragraph = ""
        for line in lines {
            let l = line.trimmingCharacters(in: .whitespaces)
            if l.isEmpty { if paragraph.isEmpty { continue } else { break } }
            paragraph += (paragraph.isEmpty ? "" : " ") + l
        }
        if let end = paragraph.range(of: ". ") { return String(paragraph[..<end.lowerBound]) + "." }
        return paragraph
    }

    /// The example as (input lines, expected output) steps: each `>>> ` line with its `... `
    /// continuation lines, then the lines up to the next prompt.
    public var example: [(input: String, output: String)] {
        var steps: [(String, String)] = []
        var inExample = false
        var input: [String] = [], output: [String] = []
        func flush() {
            if !input.isEmpty { steps.append((input.joined(separator: "\n"), output.map { $0 + "\n" }.joined())) }
            input = []; output = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if !inExample { if line.hasPrefix("Example") { inExample = true }; continue }
            if line.hasPrefix(">>> ") || line == ">>>" {
                flush()
                input = [String(line.dropFirst(4))]
            } else if line.hasPrefix("... ") || line == "..." , output.isEmpty, !input.isEmpty {
                input.append(String(line.dropFirst(4)))
            } else if !input.isEmpty {
                output.append(line)
            }
        }
        flush()
        // Trailing blank lines belong to the entry, not to the last output.
        if let last = steps.last {
            var out = last.1
            while out.hasSuffix("\n\n") { out.removeLast() }
            if out == "\n" { out = "" }
            steps[steps.count - 1] = (last.0, out)
        }
        return steps
    }
}

public enum HelpCatalog {
    /// Every entry of every file, in file order.
    public static let entries: [HelpEntry] = load()

    /// Entries by each of their names.
    public static let byName: [String: HelpEntry] = {
        var map: [String: HelpEntry] = [:]
        for e in entries { for n in e.names where map[n] == nil { map[n] = e } }
        return map
    }()

    public static func entry(_ name: String) -> HelpEntry? { byName[name] }

    /// Where the texts are: next to the executable (SwiftPM copies the target's resources
    /// into `nnrepl_Help.resources`; an install keeps that layout in PREFIX/lib/nnrepl), else in
    /// the source tree this was built from. The executable is found through /proc/self/exe, not
    /// argv[0], which is a bare `nnrepl` when the shell found it on the PATH.
    public static func textDirectory() -> URL? {
        var candidates: [URL] = []
        let exePath = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
        let exe = URL(fileURLWithPath: exePath).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(exe.appendingPathComponent("nnrepl_Help.resources/texts"))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("nnrepl_Help.resources/texts"))
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("texts"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    static func load() -> [HelpEntry] {
        guard let dir = textDirectory(),
              let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path).filter({ $0.hasSuffix(".txt") }).sorted() else { return [] }
        var entries: [HelpEntry] = []
        for file in files {
            guard let text = try? String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8) else { continue }
            entries += parse(text, file: file)
        }
        return entries
    }

    public static func parse(_ text: String, file: String) -> [HelpEntry] {
        var entries: [HelpEntry] = []
        var names: [String]?
        var body: [String] = []
        func flush() {
            guard let names else { return }
            while let last = body.last, last.trimmingCharacters(in: .whitespaces).isEmpty { body.removeLast() }
            entries.append(HelpEntry(names: names, text: body.joined(separator: "\n"), file: file))
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("== ") {
                flush()
                names = line.dropFirst(3).split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                body = []
            } else if names != nil {
                body.append(line)
            }
        }
        flush()
        return entries
    }

    /// `torch.nn.functional.relu` → `F.relu`, `torch.nn.Conv2d` → `nn.Conv2d`: as the course writes them.
    public static func shortName(_ name: String) -> String {
        let modules = ["torch.nn.functional": "F", "torch.nn.init": "nn.init", "torch.nn": "nn", "torch.optim": "optim", "torch.optim.lr_scheduler": "optim.lr_scheduler"]
        if let short = modules[name] { return short }
        for (long, short) in [("torch.nn.functional.", "F."), ("torch.nn.init.", "nn.init."), ("torch.nn.", "nn."), ("torch.optim.lr_scheduler.", "optim.lr_scheduler."), ("torch.optim.", "optim.")] where name.hasPrefix(long) {
            return short + name.dropFirst(long.count)
        }
        return name
    }
}
