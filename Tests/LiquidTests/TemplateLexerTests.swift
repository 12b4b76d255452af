@testable import Liquid
import Testing

/// `TemplateLexer.tokenize` reads a template's bytes; on generated templates (openers, closers,
/// stray braces, multi-byte characters, line ends) it gives exactly the tokens, places and
/// text of the walk over the string's UTF-8 view.
struct TemplateLexerTests {
    @Test func byteTokenizerEqualsIndexWalk() {
        let pieces = ["{", "}", "{{", "}}", "{%", "%}", "%", "{{ x }}", "{% if a %}", "{% endif %}", "text", " ", "\n", "\r\n",
                      "é", "字", "👍🏽", "\u{301}", "{ {", "{%-", "-%}", "}}}", "{{{"]
        var generator = SplitMix64(seed: 5)
        func next() -> UInt64 { generator.next() }
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

/// `TemplateParser.splitTag` reads an ASCII tag's bytes; on generated tags it gives the name
/// and markup (text and place) the Character reading gives.
struct SplitTagTests {
    @Test func asciiSplitEqualsCharacterSplit() {
        let pieces = ["{%", "%}", "-", " ", "\t", "\r\n", "\n", "\u{0B}", "\0", "if", "x", "a_b", "#", "include", "foo.html", "=", "'v'", "-%}", "{%-", "%"]
        var generator = SplitMix64(seed: 9)
        func next() -> UInt64 { generator.next() }
        var split = 0
        for n in 0..<20_000 {
            var text = (0..<Int(next() % 6)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined()
            if n % 2 == 0 { text = "{%" + text + "%}" }
            let source = "ab" + text + "cd"
            let raw = source.dropFirst(2).dropLast(2)
            guard let ascii = TemplateParser.splitASCIITag(raw) else {
                Issue.record("\(text.debugDescription) is ASCII")
                continue
            }
            let characters = TemplateParser.splitTagByCharacters(raw)
            #expect(ascii?.name == characters?.name && ascii?.markup == characters?.markup
                    && ascii?.markup.startIndex == characters?.markup.startIndex, "\(text.debugDescription)")
            if ascii != nil { split += 1 }
        }
        #expect(split > 3_000)
        #expect(TemplateParser.splitASCIITag("{% é %}"[...]) == nil)
    }
}

/// A small deterministic generator (SplitMix64) for generated test input.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
