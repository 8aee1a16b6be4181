import Foundation

/// The strokes a text tree is drawn with: box-drawing characters, or ASCII (`+- \- |`, as
/// torchinfo's `ascii_only`) when the locale says the terminal cannot show them (§2.1, §3.4).
struct TreeGlyphs {
    /// Before a child that has siblings after it, before the last child, under a parent whose
    /// children continue, and between the nodes of a folded chain.
    let tee: String, last: String, bar: String, link: String

    static let unicode = TreeGlyphs(tee: "├─ ", last: "└─ ", bar: "│  ", link: " ── ")
    static let ascii = TreeGlyphs(tee: "+- ", last: "\\- ", bar: "|  ", link: " -- ")

    /// The locale's character set decides, as the C library does: the first of LC_ALL,
    /// LC_CTYPE and LANG that is set. Nothing set is taken as UTF-8, the encoding everything
    /// else nnrepl prints (→, Δ, …) already assumes; `LANG=C` or `en_US.ISO-8859-1` get ASCII.
    static func forEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> TreeGlyphs {
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            guard let value = env[key], !value.isEmpty else { continue }
            let v = value.lowercased()
            return v.contains("utf-8") || v.contains("utf8") ? .unicode : .ascii
        }
        return .unicode
    }
}
