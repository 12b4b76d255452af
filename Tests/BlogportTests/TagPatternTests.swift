import Foundation
@testable import Importers
import Testing

/// `TagPatterns` matches the `highlight` and `post_url` markup on bytes where the text is ASCII
/// without line terminators; there it must give what the regular expressions (kept for other
/// text) give: the same match or none, and the same groups.
struct TagPatternTests {
    static func groups(_ pattern: NSRegularExpression, _ text: String) -> [String?]? {
        IncludeSyntax.firstMatch(pattern, text)
    }

    @Test func highlightMarkupMatchesTheRegularExpression() {
        let pieces = ["ruby", "c++", "objective-c", "c#", "js", ".x", "a_b", " ", "  ", "\t", "linenos", "=", "table", "\"", "1", "12",
                      "3 4", "mark_lines", "!", "é", "\n", "x=y", "-", "#"]
        var generator = SplitMix(seed: 43)
        var matched = 0
        for _ in 0..<20_000 {
            let text = (0..<(1 + Int(generator.next() % 7))).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let expected = Self.groups(HighlightTagDefinition.syntax, text)
            switch TagPatterns.highlight(text) {
            case nil:
                #expect(text.utf8.contains { $0 >= 0x80 || (0x0A...0x0D).contains($0) }, "\(text.debugDescription) left to ICU")
            case .noMatch?:
                #expect(expected == nil, "\(text.debugDescription)")
            case .matched(let (lang, options))?:
                matched += 1
                #expect(expected?[1] == lang && (expected?[2] ?? "") == options, "\(text.debugDescription): \(lang), \(options) against \(String(describing: expected))")
            }
        }
        #expect(matched > 1_000)
    }

    @Test func postURLMarkupMatchesTheRegularExpression() {
        let pieces = ["2010-07-21", "2010-7-1", "1-2-3", "-", "name", "a-b", "/", "//", "sub/", "2010-07", "x", "0", "é", "\n", " ", ".md"]
        var generator = SplitMix(seed: 47)
        var matched = 0, withPath = 0
        for _ in 0..<20_000 {
            let text = (0..<(1 + Int(generator.next() % 7))).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let expected = Self.groups(PostURLTagDefinition.matcher, text)
            switch TagPatterns.postURL(text) {
            case nil:
                #expect(text.utf8.contains { $0 >= 0x80 || (0x0A...0x0D).contains($0) }, "\(text.debugDescription) left to ICU")
            case .noMatch?:
                #expect(expected == nil, "\(text.debugDescription)")
            case .matched(let (path, date, slug))?:
                matched += 1
                if path != nil { withPath += 1 }
                #expect(expected?[1] == path && expected?[2] == date && expected?[3] == slug,
                        "\(text.debugDescription): \(String(describing: path)), \(date), \(slug) against \(String(describing: expected))")
            }
        }
        #expect(matched > 1_000 && withPath > 300, "\(matched) \(withPath)")
    }
}
