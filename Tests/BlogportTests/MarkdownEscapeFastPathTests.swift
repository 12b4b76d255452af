@testable import Exporters
import Testing

/// The byte-level escaping gives exactly what the character-level escaping (the one the
/// Markdown oracles check) gives, on text made of the characters the rules care about.
struct MarkdownEscapeFastPathTests {
    @Test func asciiFastPathEqualsCharacterEscaping() {
        let alphabet = Array("ab_Z09 \t\n\\*`[]~|<>/!?&;#{}%:=+-.)1(").map(String.init)
            // Non-ASCII: some the byte path takes (letters, quotes, dashes, CJK, Hangul), some
            // it must leave to the Character path (combining marks, joiners, emoji modifiers).
            + ["é", "“", "”", "’", "—", "…", "\u{A0}", "한", "字", "ü", "Ω", "ж",
               "\u{301}", "\u{200D}", "\u{FE0F}", "👍🏽", "\u{1F1EB}", "\u{0600}", "\u{3099}", "\r"]
        var generator = SplitMix(seed: 7)
        var compared = 0, comparedNonASCII = 0, unchanged = 0
        for n in 0..<30_000 {
            // Every third text from letters, digits and spaces, where nothing needs escaping.
            let alphabet = n % 3 == 0 ? Array("abZ09 é“—한\u{301}\r.,:;?'\"()").map(String.init) : alphabet
            let length = Int(generator.next() % 24)
            let text = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            for atLineStart in [false, true] {
                // Every path `escapeText` takes (the text as it is, bytes, Characters).
                if MarkdownText.needsNoEscape(text, atLineStart: atLineStart) { unchanged += 1 }
                #expect(MarkdownText.escapeText(text, atLineStart: atLineStart) == MarkdownText.escapeCharacters(text, atLineStart: atLineStart),
                        "\(text.debugDescription)")
                guard let fast = MarkdownText.escapeASCIIText(text, atLineStart: atLineStart) else {
                    #expect(!text.unicodeScalars.allSatisfy({ $0.isASCII && $0 != "\r" }), "ASCII text takes the byte path")
                    continue
                }
                #expect(fast == MarkdownText.escapeCharacters(text, atLineStart: atLineStart), "\(text.debugDescription)")
                compared += 1
                if !text.unicodeScalars.allSatisfy(\.isASCII) { comparedNonASCII += 1 }
            }
        }
        #expect(compared > 10_000)
        #expect(comparedNonASCII > 2_000, "non-ASCII text takes the byte path too")
        #expect(unchanged > 5_000, "\(unchanged) texts came back as they were")
        #expect(MarkdownText.escapeText("1. a_b *c*", atLineStart: true) == "1\\. a_b \\*c\\*")
        // Where bytes and Characters part ways, the Character path decides.
        #expect(MarkdownText.escapeASCIIText("*\u{301}", atLineStart: false) == nil)
        #expect(MarkdownText.escapeASCIIText("é_x", atLineStart: false) == nil)
        #expect(MarkdownText.escapeASCIIText("<é", atLineStart: false) == nil)
    }

    /// The byte test for a text ending a line agrees with `hasSuffix("\n")` (Characters).
    @Test func endsWithLineFeedEqualsHasSuffix() {
        let alphabet = ["a", "\n", "\r", "\r\n", "\u{301}", "é", " ", "한"]
        var generator = SplitMix(seed: 11)
        var endingInLineFeed = 0
        for _ in 0..<5_000 {
            let length = Int(generator.next() % 6)
            let text = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            #expect(text.endsWithLineFeedCharacter == text.hasSuffix("\n"), "\(text.debugDescription)")
            if text.utf8.last == 10 { endingInLineFeed += 1 }
        }
        #expect(endingInLineFeed > 500)
        #expect(!"a\r\n".endsWithLineFeedCharacter && "a\n".endsWithLineFeedCharacter && !"".endsWithLineFeedCharacter)
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
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
