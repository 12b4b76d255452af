import BlogModel
import Exporters
import Foundation
import Importers
import Testing

/// The plain Markdown exporter: constructs, escaping, front matter, files. The oracle runs
/// (cmark-gfm and markdown-it-py over every corpus) are `scripts/check-markdown.sh`.
@Suite struct MarkdownExportTests {
    /// Reads kramdown source as a post's body (as Jekyll would) and writes it as Markdown.
    static func md(_ kramdown: String) -> String {
        guard let blog = try? site(["_posts/2024-01-01-x.md": "---\n---\n" + kramdown]), let post = blog.posts.first else { return "(import failed)" }
        return MarkdownWriter.markdown(post.body).text
    }

    static func md(_ document: Document) -> String { MarkdownWriter.markdown(document).text }

    static func site(_ files: [String: String]) throws -> Blog {
        try JekyllImporter(options: TestSupport.options()).read(site: TestSupport.makeSite(text: files)).blog
    }

    static func export(_ blog: Blog) -> [(path: String, bytes: [UInt8])] {
        guard case .files(let files) = MarkdownExporter().write(blog, context: ExportContext()).output else { return [] }
        return files
    }

    @Test func plainMarkdownStaysMarkdown() {
        let out = Self.md("# Title\n\nSome *em* and **strong** and `code` and [a link](/x \"t\").\n\n- one\n- two\n\n1. a\n2. b\n")
        #expect(out == "# Title\n\nSome *em* and **strong** and `code` and [a link](/x \"t\").\n\n- one\n- two\n\n1. a\n2. b\n")
    }

    @Test func wrapsAsTheSourceDid() {
        #expect(Self.md("first line\nsecond line\n") == "first line\nsecond line\n")
    }

    @Test func textThatLooksLikeSyntaxStaysText() {
        let out = Self.md("a \\* b \\_c\\_ and 1 < 2 and \\<tag> and snake_case\n")
        #expect(out.contains("a \\* b \\_c\\_"))
        #expect(out.contains("1 < 2"))
        #expect(out.contains("\\<tag>"))
        #expect(out.contains("snake_case"))
    }

    @Test func lineStartsThatWouldBeBlocksAreEscaped() {
        let doc = Document(blocks: [.paragraph([.text("x\n# not a heading\n- not a list\n1. nor this")], attributes: .empty)])
        let out = Self.md(doc)
        #expect(out == "x\n\\# not a heading\n\\- not a list\n1\\. nor this\n")
    }

    @Test func fencedCodeWithLanguage() {
        let out = Self.md("```ruby\nputs 1\n```\n")
        #expect(out == "```ruby\nputs 1\n```\n")
        let backticks = Self.md(Document(blocks: [.codeBlock(code: "```\nx\n```\n", language: nil, attributes: .empty)]))
        #expect(backticks.hasPrefix("````"))
    }

    @Test func typographyAsCharacters() {
        #expect(Self.md("\"Quoted\" -- and... 'single'\n") == "“Quoted” – and… ‘single’\n")
    }

    @Test func classesAndIdsBecomeHTML() {
        let out = Self.md("A notice.\n{: .notice #n1}\n")
        #expect(out == "<p id=\"n1\" class=\"notice\">A notice.</p>\n")
    }

    @Test func definitionListsAsHTML() {
        let out = Self.md("term\n: definition\n")
        #expect(out.hasPrefix("<dl>"))
        #expect(out.contains("<dt>term</dt>"))
    }

    @Test func tableOfContentsIsARenderedList() {
        let out = Self.md("* toc\n{:toc}\n\n## One\n\n## Two\n")
        #expect(out.hasPrefix("<ul id=\"markdown-toc\">"))
        #expect(out.contains("<a href=\"#one\" id=\"markdown-toc-one\">One</a>"))
        #expect(!out.contains("{:"))
    }

    @Test func markdownZeroBlocksStayHTML() {
        let out = Self.md("<div markdown=\"0\">\n*not emphasis*\n</div>\n")
        #expect(out.contains("<div>"))
        #expect(out.contains("*not emphasis*"))
    }

    @Test func markdownOneBlocksKeepMarkdownInside() {
        let out = Self.md("<div class=\"x\" markdown=\"1\">\n*em*\n</div>\n")
        #expect(out == "<div class=\"x\">\n\n*em*\n\n</div>\n")
    }

    @Test func mathKeptAsDollars() {
        let out = Self.md("$$\nx^2\n$$\n")
        #expect(out == "$$\nx^2\n$$\n")
    }

    @Test func gfmTablesStrikethroughFootnotes() {
        let out = Self.md("| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n~~gone~~ and a note[^n].\n\n[^n]: The note.\n")
        #expect(out.contains("| a | b |\n| :---: | ---: |\n| 1 | 2 |"))
        #expect(out.contains("~~gone~~"))
        #expect(out.contains("[^n]"))
        #expect(out.hasSuffix("[^n]: The note.\n"))
    }

    @Test func adjacentListsStaySeparate() {
        let list = Block.list(List(kind: .bullet, items: [ListItem(blocks: [.plain([.text("a")])])], isLoose: false))
        let out = Self.md(Document(blocks: [list, list]))
        #expect(out == "- a\n\n* a\n")
    }

    @Test func emphasisThatCannotFlankBecomesHTML() {
        let doc = Document(blocks: [.paragraph([.text("a"), .emphasis([.text(" spaced ")]), .text("b")], attributes: .empty)])
        #expect(Self.md(doc) == "a<em> spaced </em>b\n")
    }

    @Test func rawHTMLBlocksLoseNoBlankLineInsidePre() {
        let html = "<div>\n<pre>a\n\n  \nb</pre>\n\n</div>"
        let out = Self.md(Document(blocks: [.rawBlock(format: "html", text: html)]))
        #expect(!out.contains("\n\n"))
        #expect(out.contains("&#10;&#32;&#32;&#10;b"))
    }

    @Test func frontMatterKeepsKeysAndNormalises() throws {
        let blog = try Self.site([
            "_config.yml": "timezone: Asia/Seoul\n",
            "_posts/2024-03-05-hello.md": "---\nlayout: post\ntitle: \"Hello: world\"\ncategories: a b\ntag: one\ncustom:\n  nested: [1, 2]\n---\nBody *text*.\n",
        ])
        let files = Self.export(blog)
        #expect(files.map(\.path) == ["_posts/2024-03-05-hello.md"])
        let text = String(decoding: files[0].bytes, as: UTF8.self)
        #expect(text == """
            ---
            date: 2024-03-05T00:00:00+09:00
            layout: post
            title: "Hello: world"
            categories:
            - a
            - b
            tag: one
            custom:
              nested:
              - 1
              - 2
            tags:
            - one
            ---

            Body *text*.

            """)
    }

    @Test func exportReadsBackAsTheSamePosts() throws {
        let blog = try JekyllImporter(options: TestSupport.options(drafts: true, future: true, unpublished: true))
            .read(site: TestSupport.repoRoot.appendingPathComponent("samples/01-jekyll-features")).blog
        let out = TestSupport.temporaryFolder()
        for file in Self.export(blog) {
            let url = out.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
        let config = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent("samples/01-jekyll-features/_config.yml"), encoding: .utf8)
        try config.write(to: out.appendingPathComponent("_config.yml"), atomically: true, encoding: .utf8)
        let again = try JekyllImporter(options: TestSupport.options(drafts: true, future: true, unpublished: true)).read(site: out).blog
        let byPath = Dictionary(again.posts.map { ($0.sourcePath, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(again.posts.count == blog.posts.count)
        for post in blog.posts {
            let path = post.sourcePath.hasSuffix(".html") ? String(post.sourcePath.dropLast(5)) + ".md" : post.sourcePath
            let back = try #require(byPath[path], "\(post.sourcePath) not read back")
            #expect(back.title == post.title, "\(post.sourcePath)")
            #expect(back.date == post.date, "\(post.sourcePath)")
            #expect(back.categories == post.categories, "\(post.sourcePath)")
            #expect(back.tags == post.tags, "\(post.sourcePath)")
            for key in post.frontMatter.keys { #expect(back.frontMatter.contains(key), "\(post.sourcePath): \(key)") }
        }
    }

    @Test func sameBlogSameBytes() throws {
        let site = TestSupport.repoRoot.appendingPathComponent("samples/03-edge-cases")
        let a = Self.export(try JekyllImporter(options: TestSupport.options()).read(site: site).blog)
        let b = Self.export(try JekyllImporter(options: TestSupport.options()).read(site: site).blog)
        #expect(a.map(\.path) == b.map(\.path))
        #expect(a.map(\.bytes) == b.map(\.bytes))
    }

    @Test func htmlPostsGetTheMarkdownExtension() throws {
        let blog = try Self.site(["_posts/2024-01-01-page.html": "---\ntitle: T\n---\n<p>Hi *there*</p>\n"])
        let files = Self.export(blog)
        #expect(files.map(\.path) == ["_posts/2024-01-01-page.md"])
        #expect(String(decoding: files[0].bytes, as: UTF8.self).hasSuffix("\n<p>Hi *there*</p>\n"))
    }
}
