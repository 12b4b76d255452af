import BlogModel
import Foundation

/// Jekyll's `Excerpt#extract_excerpt`: the source of a post's excerpt.
enum Excerpt {
    /// Liquid block tags whose end tag Jekyll adds when the excerpt cuts a block open.
    static let blockTags: Set<String> = [
        "if", "unless", "case", "for", "tablerow", "capture", "comment", "raw", "ifchanged", "highlight",
    ]

    private static let tagRegex = try! NSRegularExpression(pattern: #"\{%-?\s*(\w+)\s*.*?-?%\}"#, options: [.dotMatchesLineSeparators])
    private static let linkReferenceRegex = try! NSRegularExpression(pattern: #"^ {0,3}(?:(\[[^\]]+\])(:.+))$"#, options: [.anchorsMatchLines])

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
        let nsTail = tail as NSString
        var definitions: [String] = []
        for m in linkReferenceRegex.matches(in: tail, range: NSRange(location: 0, length: nsTail.length)) {
            let label = nsTail.substring(with: m.range(at: 1))
            if head.containsExactly(label) { definitions.append(label + nsTail.substring(with: m.range(at: 2))) }
        }
        if definitions.isEmpty { return (head, closed) }
        return (head + "\n\n" + definitions.joined(separator: "\n"), closed)
    }
}
