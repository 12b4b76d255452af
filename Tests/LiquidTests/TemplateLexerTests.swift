@testable import Liquid
import Testing

/// `TemplateLexer.tokenize` reads a template's bytes; on generated templates (openers, closers,
/// stray braces, multi-byte characters, line ends) it gives exactly the tokens, places and
/// text of the walk over the string's UTF-8 view.
struct TemplateLexerTests {
    @Test func byteTokenizerEqualsIndexWalk() {
        let pieces = ["{", "}", "{{", "}}", "{%", "%}", "%", "{{ x }}", "{% if a %}", "{% endif %}", "text", " ", "\n", "\r\n",
                      "é", "字", "👍🏽", "\u{301}", "{ {", "{%-", "-%}", "}}}", "{{{"]
        var state: UInt64 = 5
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var tokensSeen = 0
        for _ in 0..<20_000 {
            let source = (0..<Int(next() % 12)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined()
            let fast = TemplateLexer.tokenize(source), walk = TemplateLexer.tokenizeByIndexes(source)
            tokensSeen += fast.count
            #expect(fast.count == walk.count, "\(source.debugDescription)")
            for (a, b) in zip(fast, walk) {
                #expect(a.kind == b.kind && a.raw == b.raw && a.raw.startIndex == b.raw.startIndex && a.line == b.line && a.column == b.column,
                        "\(source.debugDescription): \(a) against \(b)")
            }
        }
        #expect(tokensSeen > 50_000)
    }
}
