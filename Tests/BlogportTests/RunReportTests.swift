import BlogJSON
import BlogportKit
import Foundation
import Testing

/// `--report FILE`: per post its status, warnings, errors and the files written for it.
struct RunReportTests {
    @Test func reportNamesEveryPostWithItsProblemsAndFiles() throws {
        let site = TestSupport.makeSite(text: [
            "_config.yml": "title: t\n",
            "_posts/2024-01-01-good.md": "---\ntitle: good\n---\nHello {% nope %}\n",
            "_posts/2024-01-02-bad.md": "---\ntitle: [unclosed\n---\nBody\n",
        ])
        let out = TestSupport.temporaryFolder().appendingPathComponent("md")
        var request = Conversion.Request(source: site.path, format: "markdown", output: out.path)
        request.importOptions.now = TestSupport.now
        let report = Conversion().run(request)
        #expect(report.status == .somePostsFailed)
        let json = try JSONParser.parse(report.json(source: "SITE", format: "markdown"))
        guard case .object(let top) = json, case .array(let posts)? = top.first(where: { $0.0 == "posts" })?.1 else {
            Issue.record("no posts in the report"); return
        }
        func member(_ v: JSONValue, _ k: String) -> JSONValue? {
            if case .object(let m) = v { return m.first { $0.0 == k }?.1 }
            return nil
        }
        #expect(posts.count == 2)
        let good = try #require(posts.first { member($0, "path") == .string("_posts/2024-01-01-good.md") })
        #expect(member(good, "status") == .string("converted"))
        if case .array(let warnings)? = member(good, "warnings") {
            #expect(warnings.count == 1)
            #expect(member(warnings[0], "code") == .string("liquid-unknown-tag"))
            #expect(member(warnings[0], "line") == .int(4))
        } else { Issue.record("no warnings array") }
        #expect(member(good, "outputs") == .array([.string(out.appendingPathComponent("_posts/2024-01-01-good.md").path)]))
        let bad = try #require(posts.first { member($0, "path") == .string("_posts/2024-01-02-bad.md") })
        #expect(member(bad, "status") == .string("failed"))
        if case .array(let errors)? = member(bad, "errors") { #expect(errors.count == 1) } else { Issue.record("no errors array") }
    }
}
