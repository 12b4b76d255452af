import Foundation
import Testing
import XMLSupport

/// The libxml2 wrapper: HTML fragments in and out, XML well-formedness, RELAX NG.
struct XMLSupportTests {
    @Test func htmlFragmentAttributesCanBeRewritten() {
        let fragment = HTMLFragment(parsing: #"<p>Hi <img src="a.png" alt="x"><a href="/p/">p</a></p><figure><img src="b.png"></figure>"#)
        var seen: [String] = []
        fragment.forEachElement { e in
            seen.append(e.name)
            if let src = e.attribute("src") { e.setAttribute("src", "https://example.org/" + src) }
        }
        #expect(seen == ["p", "img", "a", "figure", "img"])
        #expect(fragment.html == #"<p>Hi <img src="https://example.org/a.png" alt="x"><a href="/p/">p</a></p><figure><img src="https://example.org/b.png"></figure>"#)
    }

    @Test func wellFormednessIsChecked() {
        #expect(XMLValidation.wellFormednessErrors("<a><b/></a>").isEmpty)
        #expect(!XMLValidation.wellFormednessErrors("<a><b></a>").isEmpty)
        #expect(!XMLValidation.wellFormednessErrors("<a>\u{1}</a>").isEmpty)
    }

    @Test func atomSamplesAgainstTheRFCSchema() throws {
        let shared = TestSupport.repoRoot.deletingLastPathComponent().appendingPathComponent("shared/suites/feeds")
        guard FileManager.default.fileExists(atPath: shared.path) else { return }
        let schema = shared.appendingPathComponent("atom-rfc4287.rng").path
        let ok = try String(contentsOf: shared.appendingPathComponent("samples/atom-ok.xml"), encoding: .utf8)
        let bad = try String(contentsOf: shared.appendingPathComponent("samples/atom-bad.xml"), encoding: .utf8)
        #expect(XMLValidation.relaxNGErrors(ok, schemaPath: schema).isEmpty)
        #expect(!XMLValidation.relaxNGErrors(bad, schemaPath: schema).isEmpty)
    }
}
