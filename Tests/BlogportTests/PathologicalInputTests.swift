import BlogModel
import BlogportKit
import Foundation
import Testing

/// Issue 7: pathological posts finish in linear time and lose nothing: nesting 30,000 deep, lines
/// of a megabyte, 100,000 footnotes, a 50 MB post. Each converts a made-up site (the post and an
/// ordinary one) in-process and checks what was written; the bound is the test runner's own
/// time limit (two to three times what an unoptimised build takes here), not a wall-clock
/// assertion.
/// Before the fixes that came with these tests, 100,000 footnotes took 92 s (each reference
/// definition searched the excerpt again), 30,000 nested `{% if %}` ran out of 23 GB (every
/// warning copied the 390 KB line) and a 50 MB post did not finish in ten minutes (each fenced
/// code block read the rest of the document).
@Suite(.serialized) struct PathologicalInputTests {
    struct Converted {
        var report: Conversion.Report
        var out: URL
        /// The big post's HTML page.
        var page: String
    }

    /// Converts a site holding `body` as `_posts/2024-01-02-big.md` (plus an ordinary post) to
    /// `format` in a temporary folder.
    static func convert(_ body: String, format: String = "all") throws -> Converted {
        let site = TestSupport.temporaryFolder().appendingPathComponent("site")
        let posts = site.appendingPathComponent("_posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        try Data("title: Pathological\nurl: https://example.org\nauthor: A\n".utf8).write(to: site.appendingPathComponent("_config.yml"))
        try Data(("---\ntitle: big\n---\n" + body).utf8).write(to: posts.appendingPathComponent("2024-01-02-big.md"))
        try Data("---\ntitle: ok\n---\nHello *world*.\n".utf8).write(to: posts.appendingPathComponent("2024-01-01-ok.md"))
        let out = TestSupport.temporaryFolder().appendingPathComponent(format == "all" ? "out" : "out.\(format)")
        var request = Conversion.Request(source: site.path, format: format, output: out.path)
        request.importOptions = TestSupport.options()
        let report = Conversion().run(request)
        let page = format == "all" ? (try? String(contentsOf: out.appendingPathComponent("html/2024/01/02/big.html"), encoding: .utf8)) ?? "" : ""
        return Converted(report: report, out: out, page: page)
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// Every format written, both posts converted, no error.
    static func expectComplete(_ c: Converted, _ name: String) {
        #expect(c.report.status == .success, "\(name): \(c.report.diagnostics.prefix(3))")
        #expect(c.report.converted == 2, "\(name)")
        #expect(!c.report.diagnostics.contains { $0.severity == .error }, "\(name)")
        for file in ["backup.json", "feed.xml", "feed.rss", "feed.json", "html/2024/01/01/ok.html", "markdown/_posts/2024-01-02-big.md"] {
            #expect(FileManager.default.fileExists(atPath: c.out.appendingPathComponent(file).path), "\(name): \(file)")
        }
    }

    /// Block and span nesting 30,000 deep. kramdown's own parser overflows Ruby's stack long
    /// before (about 5,000 `>`); blogport nests blocks and spans 47 deep and keeps the rest as
    /// text with a warning, so the innermost words are still on the page.
    @Test(.timeLimit(.minutes(5)), arguments: [
        ("blockquotes", String(repeating: ">", count: 30_000) + " innermost\n"),
        ("lists", String(repeating: "- ", count: 30_000) + "innermost\n"),
        ("divs", String(repeating: "<div>", count: 30_000) + "innermost" + String(repeating: "</div>", count: 30_000) + "\n"),
        ("spans", String(repeating: "<span>", count: 30_000) + "innermost" + String(repeating: "</span>", count: 30_000) + "\n"),
        ("links", String(repeating: "[a ", count: 30_000) + "innermost" + String(repeating: "](u)", count: 30_000) + "\n"),
        ("emphasis", String(repeating: "*a _b ", count: 30_000) + "innermost\n"),
    ])
    func nesting30000Deep(name: String, body: String) throws {
        let c = try Self.convert(body)
        Self.expectComplete(c, name)
        #expect(c.page.contains("innermost"), "\(name): the innermost text is on the page")
        // Blocks and HTML nest past the parser's limit: one warning says the rest is text.
        let tooDeep = c.report.diagnostics.filter { $0.code == "markdown-too-deep" }
        #expect(tooDeep.count == (["blockquotes", "lists", "divs", "spans"].contains(name) ? 1 : 0), "\(name)")
        #expect(tooDeep.allSatisfy { $0.location?.file.hasSuffix("2024-01-02-big.md") == true })
    }

    /// 30,000 nested Liquid blocks: Liquid stops at 100 levels; each tag past it is kept as
    /// written with a warning, and a post reports at most 100 such warnings, each quoting only
    /// the part of the 390 KB line around its column.
    @Test(.timeLimit(.minutes(5)))
    func liquidNesting30000Deep() throws {
        let body = String(repeating: "{% if true %}", count: 30_000) + "innermost" + String(repeating: "{% endif %}", count: 30_000) + "\n"
        let c = try Self.convert(body)
        Self.expectComplete(c, "liquid")
        #expect(c.page.contains("innermost"))
        let big = c.report.diagnostics.filter { $0.location?.file.hasSuffix("2024-01-02-big.md") == true && $0.code.hasPrefix("liquid") }
        #expect(big.count == 101)
        #expect(big.filter { $0.code == "liquid-limit" }.count == 100)
        #expect(big.last?.code == "liquid-more-warnings")
        #expect(big.last?.message.hasSuffix("more Liquid warnings in this post not shown (the first 100 are)") == true)
        for d in big { #expect(d.description.utf8.count < 2_000, "\(d.description.prefix(300))") }
        // The caret still points at the column: the excerpt starts `…` just before it.
        if let first = big.first, let column = first.location?.column {
            #expect(first.sourceLineStartColumn == column - Diagnostic.sourceLineContext - 1)
            #expect(first.sourceLine?.hasPrefix("…{% if true %}") == true || first.sourceLine?.hasPrefix("…") == true)
        }
    }

    /// Lines of a megabyte: a paragraph, a header, emphasis, smart punctuation, a table row,
    /// inline code, a link target, an HTML attribute.
    @Test(.timeLimit(.minutes(5)), arguments: [
        "paragraph", "header", "emphasis", "smart", "table", "code", "url", "attribute",
    ])
    func megabyteLines(name: String) throws {
        let megabyte = 1 << 20
        func repeated(_ unit: String) -> String { String(String(repeating: unit, count: megabyte / unit.utf8.count + 1).prefix(megabyte)) }
        let body: String
        switch name {
        case "paragraph": body = repeated("lorem ipsum dolor ") + "\n"
        case "header": body = "# " + repeated("lorem ipsum dolor ") + "\n"
        case "emphasis": body = repeated("*a* _b_ **c** ") + "\n"
        case "smart": body = repeated("\"a\" 'b' -- ... ") + "\n"
        case "table": body = "|" + String(repeating: "a|", count: megabyte / 2) + "\n|" + String(repeating: "-|", count: megabyte / 2) + "\n"
        case "code": body = "`" + String(repeating: "x", count: megabyte) + "`\n"
        case "url": body = "[a](https://example.org/" + String(repeating: "x", count: megabyte) + ")\n"
        default: body = "<p title=\"" + String(repeating: "x", count: megabyte) + "\">t</p>\n"
        }
        let c = try Self.convert(body)
        Self.expectComplete(c, name)
        #expect(c.page.utf8.count > megabyte, "\(name): the line is on the page")
    }

    /// 100,000 footnotes: every note is on the page, in order, with its back link. (About 95 s
    /// unoptimised here; the quadratic excerpt search alone took 92 s optimised, so the limit
    /// catches it coming back.)
    @Test(.timeLimit(.minutes(4)))
    func hundredThousandFootnotes() throws {
        let n = 100_000
        var body = (0..<n).map { "a[^\($0)]" }.joined(separator: " ") + "\n\n"
        for i in 0..<n { body += "[^\(i)]: note \(i)\n" }
        let c = try Self.convert(body)
        Self.expectComplete(c, "footnotes")
        #expect(Self.count("<li id=\"fn:", in: c.page) == n)
        #expect(Self.count("class=\"reversefootnote\"", in: c.page) == n)
        let last = c.page.range(of: "<li id=\"fn:99999\" role=\"doc-endnote\">")
        let before = c.page.range(of: "<li id=\"fn:99998\" role=\"doc-endnote\">")
        #expect(last != nil && before != nil && before!.lowerBound < last!.lowerBound)
    }

    /// A 50 MB post of ordinary Markdown (headers, lists, quotes, fenced code, tables, links,
    /// footnotes) through the importer and the backup: every section and code block arrives.
    @Test(.timeLimit(.minutes(8)))
    func fiftyMegabytePost() throws {
        var body = ""
        var sections = 0
        while body.utf8.count < 50 << 20 {
            let i = sections
            body += """
            ## Section \(i)

            Some *emphasis*, **strong**, `code`, a [link](https://example.org/\(i)) and "quotes" -- dashes...
            A second line with a footnote[^n\(i)] and an <span class="x">inline tag</span>.

            - item one
            - item two with [ref][r\(i)]
              1. nested

            > quoted text \(i)

            ```ruby
            puts \(i)
            ```

            | a | b |
            |---|---|
            | \(i) | x |

            [r\(i)]: https://example.org/r/\(i)
            [^n\(i)]: The note \(i).


            """
            sections += 1
        }
        let c = try Self.convert(body, format: "json")
        #expect(c.report.status == .success, "\(c.report.diagnostics.prefix(3))")
        #expect(c.report.converted == 2)
        let backup = try Data(contentsOf: c.out, options: .alwaysMapped)
        #expect(backup.count > 50 << 20)
        // (Foundation's Data.range(of:) copies the data on every call here.)
        func occurrences(_ needle: String) -> Int {
            let pattern = Array(needle.utf8)
            return backup.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int in
                var found = 0
                var from = 0
                let base = raw.baseAddress!
                while from + pattern.count <= raw.count,
                      let hit = memchr(base + from, Int32(pattern[0]), raw.count - from - pattern.count + 1) {
                    let at = UnsafeRawPointer(hit) - base
                    if memcmp(hit, pattern, pattern.count) == 0 {
                        found += 1
                        from = at + pattern.count
                    } else {
                        from = at + 1
                    }
                }
                return found
            }
        }
        // In the body's HTML: each section's header id and code block.
        #expect(occurrences("<pre class=\\\"highlight\\\"><code>puts ") == sections)
        #expect(occurrences("id=\\\"section-\(sections - 1)\\\"") == 1)
    }
}
