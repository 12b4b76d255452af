import BlogJSON
import Exporters
import Foundation
import Testing

/// jekyll-mentions against the plugin itself (`Tests/oracle/mentions-oracle.rb`, html-pipeline's
/// MentionFilter as Debian ships it), compared as normalised HTML (Nokogiri re-serialises).
struct MentionsTests {
    @Test func mentionsMatchThePlugin() throws {
        let url = TestSupport.repoRoot.appendingPathComponent("Tests/BlogportTests/Fixtures/mentions-oracle.json")
        guard case .array(let cases) = try JSONParser.parse(Array(try Data(contentsOf: url))) else { Issue.record("bad fixture"); return }
        #expect(cases.count == 10)
        for c in cases {
            guard case .object(let m) = c, case .string(let input)? = m.first(where: { $0.0 == "input" })?.1,
                  case .string(let expected)? = m.first(where: { $0.0 == "output" })?.1 else { continue }
            let ours = JekyllMentions.apply(input, base: "https://github.com")
            // Nokogiri may add a new line before a closing tag; nothing else differs.
            #expect(ours.replacingOccurrences(of: "\n", with: "") == expected.replacingOccurrences(of: "\n", with: ""), "\(input)")
        }
    }
}
