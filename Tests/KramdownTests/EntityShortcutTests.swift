import BlogModel
@testable import Kramdown
import Testing

/// The characters `DocumentBuilder` writes for smart quotes and typographic symbols without
/// looking their entities up are the ones the lookup gives with `entity_output: as_char`.
struct EntityShortcutTests {
    @Test func commonEntityCharactersAreTheLookedUpOnes() {
        let names = ["lsquo", "rsquo", "ldquo", "rdquo", "hellip", "mdash", "ndash", "laquo", "raquo", "nbsp"]
        for name in names {
            let c = DocumentBuilder.commonEntityCharacter(name)
            let e = Entities.named(name)
            #expect(c != nil && e != nil, "\(name)")
            guard let c, let e else { continue }
            #expect(e.char == c, "\(name)")
            #expect(KramdownEscaping.entityString(e, original: nil, output: .asChar) == c, "\(name)")
            #expect(![38, 60, 62].contains(e.codePoint), "\(name)")
        }
        #expect(DocumentBuilder.commonEntityCharacter("amp") == nil)
        // In a document: smart quotes and symbols as text, as kramdown writes them
        // (`kramdown-truth.rb`: <p>‘a’ “b” – — … «&nbsp;»</p>, the space a no-break one).
        let parsed = Kramdown.parse("'a' \"b\" -- --- ... << >>", options: KramdownOptions())
        guard case .paragraph(let content, _)? = parsed.document.blocks.first else {
            Issue.record("no paragraph")
            return
        }
        let text = content.map { if case .text(let t) = $0 { return t } else { return "?" } }.joined()
        #expect(text == "\u{2018}a\u{2019} \u{201C}b\u{201D} \u{2013} \u{2014} \u{2026} \u{AB}\u{A0}\u{BB}", "\(text.debugDescription)")
    }
}
