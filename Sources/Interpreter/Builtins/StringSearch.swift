#if canImport(Glibc)
import Glibc
#endif

/// Substring search for str.count, str.replace and str.split, on the UTF-8 bytes.
///
/// Python compares code points, not grapheme clusters, and UTF-8 is self-synchronising: a
/// byte match of a valid needle in a valid haystack starts and ends on code point boundaries,
/// so a byte search gives Python's matches exactly. Foundation's
/// `components(separatedBy:)` compares canonically equivalent characters (not Python's rule),
/// allocates every piece, and was slow enough on `('a' * 10**6).replace('a', …)` that the size
/// check before the allocation took longer than the fuzz watchdog under AddressSanitizer.
enum StringSearch {
    /// Walks the non-overlapping occurrences of `needle` (not empty) in `haystack`, left to
    /// right, at most `limit` of them; `body` gets each match's byte offset.
    static func forEachMatch(of needle: String, in haystack: String, limit: Int = .max, _ body: (Int) -> Void) {
        guard limit > 0 else { return }
        var hay = haystack, ndl = needle
        hay.makeContiguousUTF8()
        ndl.makeContiguousUTF8()
        hay.utf8.withContiguousStorageIfAvailable { h in
            ndl.utf8.withContiguousStorageIfAvailable { n in
                guard n.count > 0, n.count <= h.count, let hb = h.baseAddress, let nb = n.baseAddress else { return }
                // memchr for the first byte, memcmp for the rest (glibc's memmem is a GNU
                // extension that Swift's Glibc module does not export).
                var at = 0, found = 0
                let first = Int32(nb[0]), last = h.count - n.count
                while at <= last, found < limit {
                    guard let p = memchr(hb + at, first, last - at + 1) else { break }
                    let offset = hb.distance(to: p.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hb + offset, nb, n.count) == 0 {
                        body(offset)
                        found += 1
                        at = offset + n.count
                    } else {
                        at = offset + 1
                    }
                }
            }
        }
    }

    /// `s.count(sub)` (code points: an empty `sub` matches len(s) + 1 times).
    static func count(_ sub: String, in s: String, limit: Int = .max) -> Int {
        if sub.isEmpty { return min(s.unicodeScalars.count + 1, limit) }
        var n = 0
        forEachMatch(of: sub, in: s, limit: limit) { _ in n += 1 }
        return n
    }

    /// `s.replace(old, new, count)` (`count` < 0: all), built on bytes.
    static func replace(_ s: String, _ old: String, _ new: String, count: Int) -> String {
        let limit = count < 0 ? Int.max : count
        if limit == 0 { return s }
        if old.isEmpty {
            // Python inserts `new` before every code point and at the end, `count` times at most.
            var out = String.UnicodeScalarView()
            var left = limit
            for c in s.unicodeScalars {
                if left > 0 { out.append(contentsOf: new.unicodeScalars); left -= 1 }
                out.append(c)
            }
            if left > 0 { out.append(contentsOf: new.unicodeScalars) }
            return String(out)
        }
        let bytes = Array(s.utf8), newBytes = Array(new.utf8), oldLength = old.utf8.count
        var out: [UInt8] = []
        var last = 0
        forEachMatch(of: old, in: s, limit: limit) { at in
            out.append(contentsOf: bytes[last..<at])
            out.append(contentsOf: newBytes)
            last = at + oldLength
        }
        if last == 0 && out.isEmpty { return s }
        out.append(contentsOf: bytes[last...])
        return String(decoding: out, as: UTF8.self)
    }

    /// `s.split(sep, maxsplit)` for a non-empty separator (`maxsplit` < 0: all).
    static func split(_ s: String, _ sep: String, maxsplit: Int) -> [String] {
        let bytes = Array(s.utf8), sepLength = sep.utf8.count
        var parts: [String] = []
        var last = 0
        forEachMatch(of: sep, in: s, limit: maxsplit < 0 ? .max : maxsplit) { at in
            parts.append(String(decoding: bytes[last..<at], as: UTF8.self))
            last = at + sepLength
        }
        parts.append(String(decoding: bytes[last...], as: UTF8.self))
        return parts
    }
}
