/// Looks up characters by Unicode name for `\N{...}` escapes.
enum UnicodeNames {
    /// Name → scalar for every named character, built on first use (a `\N{...}` escape is rare,
    /// and the standard library only maps scalars to names).
    private static let table: [String: Unicode.Scalar] = {
        var table: [String: Unicode.Scalar] = [:]
        let planes: [ClosedRange<UInt32>] = [0...0x3FFFF, 0xE0000...0xE01EF]
        for plane in planes {
            for value in plane {
                guard let s = Unicode.Scalar(value) else { continue }
                if let name = s.properties.name { table[name] = s }
                if let alias = s.properties.nameAlias, table[alias] == nil { table[alias] = s }
            }
        }
        return table
    }()

    /// The character named `name` (case-insensitive, as Python's `\N{...}`), if any.
    static func scalar(named name: String) -> Unicode.Scalar? {
        table[name.uppercased()]
    }
}
