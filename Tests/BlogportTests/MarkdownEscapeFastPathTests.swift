@testable import Exporters
import Testing

/// The byte-level escaping of ASCII text gives exactly what the character-level escaping (the
/// one the Markdown oracles check) gives, on text made of the characters the rules care about.
struct MarkdownEscapeFastPathTests {
    @Test func asciiFastPathEqualsCharacterEscaping() {
        let alphabet = Array("ab_Z09 \t\n\\*`[]~|<>/!?&;#{}%:=+-.)1(é")
        var generator = SplitMix(seed: 7)
        var compared = 0
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 24)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            for atLineStart in [false, true] {
                let fast = MarkdownText.escapeASCIIText(text, atLineStart: atLineStart)
                if text.unicodeScalars.allSatisfy({ $0.isASCII && $0 != "\r" }) {
                    #expect(fast == MarkdownText.escapeCharacters(text, atLineStart: atLineStart), "\(text.debugDescription)")
                    compared += 1
                } else {
                    #expect(fast == nil, "non-ASCII text takes the character path")
                }
            }
        }
        #expect(compared > 10_000)
        #expect(MarkdownText.escapeText("1. a_b *c*", atLineStart: true) == "1\\. a_b \\*c\\*")
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
