import BlogModel
import Foundation

/// Jekyll's `Excerpt#extract_excerpt`: the source of a post's excerpt.
enum Excerpt {
    /// Liquid block tags whose end tag Jekyll adds when the excerpt cuts a block open.
    static let blockTags: Set<String> = [
        "if", "unless", "case", "for", "tablerow", "capture", "comment", "raw", "ifchanged", "highlight",
    ]

    private static let tagRegex = try! NSRegularExpression(pattern: #"\{%-?\s*(\w+)\s*.*?-?%\}"#, options: [.dotMatchesLineSeparators])
    /// Jekyll's `MKDWN_LINK_REF_REGEX`, as NSRegularExpression reads it (the reference for
    /// `linkReferences`, which reads it as Ruby does).
    static let linkReferenceRegex = try! NSRegularExpression(pattern: #"^ {0,3}(?:(\[[^\]]+\])(:.+))$"#, options: [.anchorsMatchLines])

    /// The excerpt source Jekyll derives from a post's body when its data (defaults and front
    /// matter) give no `excerpt`: the body cut at `excerpt_separator` (or the site's). Nil when
    /// the data give an excerpt or the separator is empty.
    static func derived(body: String, data: MetadataMap, siteSeparator: String) -> String? {
        derivingSeparator(data: data, siteSeparator: siteSeparator).map { extract(Substring(body), separator: $0).text }
    }

    /// Whether a post's excerpt is derived from its body (see `derived`), from its data alone.
    static func isDerivable(data: MetadataMap, siteSeparator: String) -> Bool {
        derivingSeparator(data: data, siteSeparator: siteSeparator) != nil
    }

    /// The separator a derived excerpt is cut at; nil when the excerpt is not derived.
    private static func derivingSeparator(data: MetadataMap, siteSeparator: String) -> String? {
        if let given = data["excerpt"], !given.isNull { return nil }
        let separator = data["excerpt_separator"].flatMap { $0.isNull ? nil : $0.rubyString } ?? siteSeparator
        return separator.isEmpty ? nil : separator
    }

    /// The excerpt source of `content` cut at `separator` (never empty).
    /// Returns the text and whether Liquid blocks had to be closed.
    static func extract(_ content: Substring, separator: String) -> (text: String, closedBlocks: Bool) {
        guard let r = content.exactRange(of: separator) else { return (String(content), false) }
        var head = String(content[..<r.lowerBound])
        let tail = String(content[r.upperBound...])
        if tail.isEmpty { return (head, false) }
        var closed = false
        if head.containsExactly("{%") {
            let ns = head as NSString
            let names = tagRegex.matches(in: head, range: NSRange(location: 0, length: ns.length)).map {
                ns.substring(with: $0.range(at: 1))
            }
            for name in names.reversed() where blockTags.contains(name) {
                let end = try! NSRegularExpression(
                    pattern: #"\{%-?\s*end"# + NSRegularExpression.escapedPattern(for: name) + #".*?\s*-?%\}"#,
                    options: [.dotMatchesLineSeparators])
                if end.firstMatch(in: head, range: NSRange(location: 0, length: (head as NSString).length)) != nil { continue }
                closed = true
                head += "\n{% end\(name) %}"
            }
        }
        // A reference definition needs "]:"; most tails have none, and then the regex is skipped.
        guard tail.containsExactly("]:") else { return (head, closed) }
        let references = linkReferences(in: tail)
        let inHead = LabelSearch(head).contains(references.map(\.label))
        var definitions: [String] = []
        for (n, reference) in references.enumerated() where inHead[n] {
            definitions.append(reference.label + reference.rest)
        }
        if definitions.isEmpty { return (head, closed) }
        return (head + "\n\n" + definitions.joined(separator: "\n"), closed)
    }
}

extension Excerpt {
    /// The link-reference definitions Jekyll's `tail.scan(MKDWN_LINK_REF_REGEX)` finds in
    /// `tail` (`^ {0,3}(?:(\[[^\]]+\])(:.+))$`), read on bytes with Ruby's rules: only "\n"
    /// ends a line, `.` is any character but "\n", `[^\]]` any but `]` (a label may span
    /// lines), and scanning goes on after each match. (ICU, behind NSRegularExpression, also
    /// ends lines at "\r" and U+2028; on text without those the two agree.)
    static func linkReferences(in tail: String) -> [(label: String, rest: String)] {
        var tail = tail
        return tail.withUTF8 { b in
            let n = b.count
            let newline = UInt8(ascii: "\n"), open = UInt8(ascii: "["), close = UInt8(ascii: "]"), colon = UInt8(ascii: ":")
            var found: [(label: String, rest: String)] = []
            var lineStart = 0
            while lineStart < n {
                var from = lineStart
                var i = lineStart
                while i < n, i - lineStart < 3, b[i] == 32 { i += 1 }
                if i < n, b[i] == open {
                    var j = i + 1
                    while j < n, b[j] != close { j += 1 }
                    if j < n, j > i + 1, j + 1 < n, b[j + 1] == colon {
                        var k = j + 2
                        while k < n, b[k] != newline { k += 1 }
                        if k > j + 2 {
                            found.append((String(decoding: UnsafeBufferPointer(rebasing: b[i...j]), as: UTF8.self),
                                          String(decoding: UnsafeBufferPointer(rebasing: b[(j + 1)..<k]), as: UTF8.self)))
                            from = k
                        }
                    }
                }
                // The next line starts after the next "\n" (after the match, when there was one).
                while from < n, b[from] != newline { from += 1 }
                lineStart = from + 1
            }
            return found
        }
    }
}

/// Which link-reference labels occur in a text, byte for byte (Ruby's `include?`), in time
/// linear in the text and the labels: searching the text once per label was quadratic for a
/// post with many references (100,000 footnotes: about 70 billion byte comparisons).
///
/// A label is `[`, bytes other than `]`, then `]` (as the link-reference pattern takes it), so
/// an occurrence that starts at a `[` of the text ends at the first `]` after it: each `[`
/// gives one candidate, known by its length and a hash of its bytes (prefix hashes modulo
/// 2^61 − 1, so a candidate costs the same however long it is). A label whose hash is among
/// them is compared byte for byte; one not shaped like a label, or whose hash belongs to other
/// bytes, is searched for directly. A few labels are searched for directly anyway.
struct LabelSearch {
    private let text: String

    init(_ text: String) { self.text = text }

    /// Up to this many labels, each is searched for directly (no tables are built).
    static let directSearches = 16

    static let modulus: UInt64 = (1 << 61) - 1
    static let base: UInt64 = 1_000_000_007

    static func mulMod(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        // high * 2^64 + low, with 2^61 ≡ 1: high * 8 + (low >> 61) + (low & modulus).
        let folded = (low & modulus) + (low >> 61) + (high << 3)
        var r = (folded & modulus) + (folded >> 61)
        if r >= modulus { r -= modulus }
        return r
    }

    static func step(_ h: UInt64, _ b: UInt8) -> UInt64 {
        var next = mulMod(h, base) + UInt64(b) + 1
        if next >= modulus { next -= modulus }
        return next
    }

    static func power(_ n: Int) -> UInt64 {
        var result: UInt64 = 1, square = base, e = n
        while e > 0 {
            if e & 1 == 1 { result = mulMod(result, square) }
            square = mulMod(square, square)
            e >>= 1
        }
        return result
    }

    static func isShapedLikeLabel(_ l: [UInt8]) -> Bool {
        l.count >= 3 && l.first == UInt8(ascii: "[") && l.last == UInt8(ascii: "]")
            && !l.dropFirst().dropLast().contains(UInt8(ascii: "]"))
    }

    private struct Candidate: Hashable {
        var length: Int
        var hash: UInt64
    }

    /// For each label, whether the text holds its bytes.
    func contains(_ labels: [String]) -> [Bool] {
        if labels.count <= Self.directSearches { return labels.map { text.containsExactly($0) } }
        let wanted = labels.map { Array($0.utf8) }
        var lengths: [Int: UInt64] = [:]  // label length → base^length
        for l in wanted where Self.isShapedLikeLabel(l) && lengths[l.count] == nil { lengths[l.count] = Self.power(l.count) }
        let bytes = Array(text.utf8)
        var prefix = [UInt64](repeating: 0, count: bytes.count + 1)
        for (i, b) in bytes.enumerated() { prefix[i + 1] = Self.step(prefix[i], b) }
        // Each `[` waits for the next `]`; the candidates of a label's length are kept.
        var candidates: [Candidate: Int] = [:]
        var open: [Int] = []
        for (q, b) in bytes.enumerated() {
            if b == UInt8(ascii: "[") {
                open.append(q)
            } else if b == UInt8(ascii: "]") {
                for p in open where q > p + 1 {
                    guard let shift = lengths[q - p + 1] else { continue }
                    let scaled = Self.mulMod(prefix[p], shift)
                    let h = prefix[q + 1] >= scaled ? prefix[q + 1] - scaled : prefix[q + 1] + Self.modulus - scaled
                    let key = Candidate(length: q - p + 1, hash: h)
                    if candidates[key] == nil { candidates[key] = p }
                }
                open.removeAll(keepingCapacity: true)
            }
        }
        return zip(labels, wanted).map { label, l in
            guard Self.isShapedLikeLabel(l) else { return text.containsExactly(label) }
            guard let p = candidates[Candidate(length: l.count, hash: l.reduce(0, Self.step))] else { return false }
            return bytes[p..<(p + l.count)].elementsEqual(l) || text.containsExactly(label)
        }
    }
}
