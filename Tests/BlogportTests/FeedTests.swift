import BlogJSON
import BlogModel
import Foundation
import Importers
import Testing
import XMLSupport

@testable import Exporters

/// Feeds (Atom, RSS 2.0, JSON Feed 1.1): well-formed and valid for any input, absolute URLs,
/// deterministic, jekyll-feed's structure. The external oracles (xmllint, check-jsonschema,
/// feedparser, jekyll-feed itself) run in scripts/check-feeds.sh.
struct FeedTests {
    static let exporters: [any Exporter.Type] = [AtomExporter.self, RSSExporter.self, JSONFeedExporter.self]

    static func feeds(_ site: URL, settings: [String: String] = [:]) throws -> [(String, ExportResult)] {
        let blog = try JekyllImporter(options: TestSupport.options()).read(site: site).blog
        return try exporters.map { ($0.formatName, try $0.init().write(blog, context: ExportContext(siteRoot: site, settings: settings))) }
    }

    static func document(_ r: ExportResult) -> String {
        guard case .document(let bytes) = r.output else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    static var atomSchema: String? { TestSupport.shared.map { $0.appendingPathComponent("suites/feeds/atom-rfc4287.rng").path } }

    /// Well-formed XML (and valid Atom) or JSON that parses.
    static func problems(_ format: String, _ text: String) -> [String] {
        switch format {
        case "jsonfeed":
            do { _ = try JSONParser.parse(Array(text.utf8)) } catch { return ["\(error)"] }
            return []
        case "atom":
            if let schema = atomSchema { return XMLValidation.relaxNGErrors(text, schemaPath: schema) }
            return XMLValidation.wellFormednessErrors(text)
        default:
            return XMLValidation.wellFormednessErrors(text)
        }
    }

    @Test func hostileTextGivesWellFormedValidFeeds() throws {
        var controls = ""
        for v in 0...0x1F { controls.unicodeScalars.append(Unicode.Scalar(UInt8(v))) }
        let site = TestSupport.makeSite(text: [
            "_config.yml": "title: \"Bad ]]> <b>chars</b>\"\nurl: https://example.org\n",
            "_posts/2024-02-01-bad.md": """
                ---
                title: "Ctl\\u0001\\x1f ]]> <script>alert(1)</script> end"
                description: "desc ]]> \\u0007"
                ---
                Body with \(controls) controls, ]]> and <![CDATA[ x ]]> and &#xD800; &#0; &#xFFFE; &#55296; \\uD800 \\uDC00

                <script>document.write("]]>")</script>

                """,
            // A YAML surrogate escape: the importer refuses the post with a clear error; the feed stays valid.
            "_posts/2024-02-02-surrogate.md": "---\ntitle: \"\\uD800\"\n---\nx\n",
        ])
        for (format, result) in try FeedTests.feeds(site) {
            let text = FeedTests.document(result)
            #expect(FeedTests.problems(format, text) == [], "\(format)")
            #expect(!text.unicodeScalars.contains { !FeedText.isXMLChar($0) }, "\(format)")
            if format != "jsonfeed" { #expect(!text.contains("]]>"), "\(format)") }
            #expect(result.diagnostics.contains { $0.code == "feed-invalid-chars" }, "\(format): the removal is reported")
        }
    }

    @Test func relativeURLsInContentBecomeAbsolute() throws {
        let site = TestSupport.makeSite(text: [
            "_config.yml": "title: T\nurl: https://example.org\nbaseurl: /blog\nauthor: A\n",
            "_posts/2024-03-01-urls.md": """
                ---
                title: URLs
                image: /img/cover.png
                ---
                ![pic](pic.png) [up](../up/) [root](/root.html) [q](?x=1) [frag](#note) [abs](https://other.example/a)

                <img srcset="small.png 1x, /large.png 2x" src="a b.png">
                <video poster="poster.jpg" src="movie.mp4"></video>
                <a href="//cdn.example/x.js">cdn</a>

                """,
        ])
        let base = "https://example.org/blog/2024/03/01/urls.html"
        let expected = [
            "https://example.org/blog/2024/03/01/pic.png", "https://example.org/blog/2024/03/up/", "https://example.org/root.html",
            base + "?x=1", base + "#note", "https://other.example/a", "https://example.org/blog/2024/03/01/small.png 1x, https://example.org/large.png 2x",
            "https://example.org/blog/2024/03/01/a%20b.png", "https://example.org/blog/2024/03/01/poster.jpg",
            "https://example.org/blog/2024/03/01/movie.mp4", "https://cdn.example/x.js",
        ]
        for (format, result) in try FeedTests.feeds(site) {
            let text = FeedTests.document(result)
            for url in expected {
                let escaped = format == "jsonfeed" ? url.replacingOccurrences(of: "/", with: "\\/") : url
                #expect(text.contains(url) || text.contains(escaped), "\(format): \(url)")
            }
            #expect(text.contains("https://example.org/blog/img/cover.png"), "\(format): image")
        }
    }

    /// RFC 3986 §5.4.1 and §5.4.2: the resolution examples are the oracle.
    @Test func resolutionFollowsRFC3986Examples() {
        let base = "http://a/b/c/d;p?q"
        let cases: [(String, String)] = [
            ("g:h", "g:h"), ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"), ("/g", "http://a/g"),
            ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"), ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"), ("g?y#s", "http://a/b/c/g?y#s"), (";x", "http://a/b/c/;x"), ("g;x", "http://a/b/c/g;x"),
            ("g;x?y#s", "http://a/b/c/g;x?y#s"), ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"), ("./", "http://a/b/c/"),
            ("..", "http://a/b/"), ("../", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"), ("../../", "http://a/"),
            ("../../g", "http://a/g"), ("../../../g", "http://a/g"), ("../../../../g", "http://a/g"), ("/./g", "http://a/g"),
            ("/../g", "http://a/g"), ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"), ("g..", "http://a/b/c/g.."),
            ("..g", "http://a/b/c/..g"), ("./../g", "http://a/b/g"), ("./g/.", "http://a/b/c/g/"), ("g/./h", "http://a/b/c/g/h"),
            ("g/../h", "http://a/b/c/h"), ("g;x=1/./y", "http://a/b/c/g;x=1/y"), ("g;x=1/../y", "http://a/b/c/y"),
            ("g?y/./x", "http://a/b/c/g?y/./x"), ("g?y/../x", "http://a/b/c/g?y/../x"), ("g#s/./x", "http://a/b/c/g#s/./x"),
        ]
        for (ref, want) in cases where !ref.isEmpty {
            #expect(FeedText.resolve(ref, against: base) == want, "\(ref)")
        }
    }

    @Test func sameSiteGivesByteIdenticalFeeds() throws {
        let site = TestSupport.makeSite(text: [
            "_config.yml": "title: T\nurl: https://example.org\nfeed:\n  tags: true\n",
            "_posts/2024-01-01-a.md": "---\ntags: [x, y z]\n---\nA [link](b.html)\n",
            "_posts/2024-01-02-b.md": "---\ntags: [y z, 한국어]\n---\nB\n",
        ])
        for settings in [[:], ["all-feeds": "true"]] {
            let first = try FeedTests.feeds(site, settings: settings)
            let second = try FeedTests.feeds(site, settings: settings)
            for ((format, a), (_, b)) in zip(first, second) {
                switch (a.output, b.output) {
                case (.document(let x), .document(let y)): #expect(x == y, "\(format)")
                case (.files(let x), .files(let y)):
                    #expect(x.map(\.path) == y.map(\.path) && x.map(\.bytes) == y.map(\.bytes), "\(format)")
                default: Issue.record("\(format): output kinds differ")
                }
            }
        }
    }

    @Test func feedUpdatedIsTheNewestEntryNotTheClock() throws {
        let site = TestSupport.makeSite(text: [
            "_config.yml": "title: T\nurl: https://example.org\ntimezone: Asia/Seoul\nauthor: A\n",
            "_posts/2024-01-01-a.md": "---\nlast_modified_at: 2024-06-01 10:00:00 +09:00\n---\nA\n",
            "_posts/2024-03-01-b.md": "B\n",
        ])
        let atom = FeedTests.document(try FeedTests.feeds(site)[0].1)
        #expect(atom.contains("  <updated>2024-06-01T10:00:00+09:00</updated>\n  <id>"))
        let rss = FeedTests.document(try FeedTests.feeds(site)[1].1)
        #expect(rss.contains("<lastBuildDate>Sat, 01 Jun 2024 10:00:00 +0900</lastBuildDate>"))
        #expect(rss.contains("<pubDate>Fri, 01 Mar 2024 00:00:00 +0900</pubDate>"))
    }

    @Test func missingAuthorFallsBackToSiteTitleAndSaysSo() throws {
        let site = TestSupport.makeSite(text: [
            "_config.yml": "title: My Site\nurl: https://example.org\n",
            "_posts/2024-01-01-a.md": "A\n",
        ])
        let (_, result) = try FeedTests.feeds(site)[0]
        #expect(FeedTests.document(result).contains("<author>\n      <name>My Site</name>"))
        #expect(result.diagnostics.map(\.code) == ["feed-no-author"])
    }

    @Test func authorsComeFromPostThenDataFileThenSite() throws {
        let site = TestSupport.makeSite(text: [
            "_config.yml": "title: T\nurl: https://example.org\nauthor:\n  name: Site Person\n  email: site@example.org\n",
            "_data/authors.yml": "# Authors\nbilly:\n  name        : \"Billy Rick\"\n  email       : \"billy@rick.com\"\n  uri: 'http://thewhip.com'\n",
            "_posts/2024-01-01-a.md": "---\nauthor: billy\n---\nA\n",
            "_posts/2024-01-02-b.md": "---\nauthors: [Someone Else, X]\n---\nB\n",
            "_posts/2024-01-03-c.md": "C\n",
        ])
        let atom = FeedTests.document(try FeedTests.feeds(site)[0].1)
        let names = atom.components(separatedBy: "<name>").dropFirst().map { $0.components(separatedBy: "<")[0] }
        #expect(names == ["Site Person", "Site Person", "Someone Else", "Billy Rick"])
        #expect(atom.contains("<email>billy@rick.com</email>\n      <uri>http://thewhip.com</uri>"))
    }

    @Test func allFeedsWritesEveryTagAtJekyllFeedsPaths() throws {
        let site = TestSupport.makeSite(text: [
            "_config.yml": "title: T\nurl: https://example.org\nauthor: A\nfeed:\n  categories: [news]\n  tags:\n    except: [skip]\n",
            "_posts/2024-01-01-a.md": "---\ncategories: news\ntags: [\"my tag\", c++, 한국어, a-b, skip, \"c#\"]\n---\nA\n",
        ])
        let results = try FeedTests.feeds(site, settings: ["all-feeds": "true"])
        let paths: [String: [String]] = [
            "atom": ["feed.xml", "feed/news.xml", "feed/by_tag/a-b.xml", "feed/by_tag/c#.xml", "feed/by_tag/c++.xml", "feed/by_tag/my tag.xml", "feed/by_tag/한국어.xml"],
            "rss": ["feed.rss", "feed/news.rss", "feed/by_tag/a-b.rss", "feed/by_tag/c#.rss", "feed/by_tag/c++.rss", "feed/by_tag/my tag.rss", "feed/by_tag/한국어.rss"],
            "jsonfeed": ["feed.json", "feed/news.json", "feed/by_tag/a-b.json", "feed/by_tag/c#.json", "feed/by_tag/c++.json", "feed/by_tag/my tag.json", "feed/by_tag/한국어.json"],
        ]
        for (format, result) in results {
            guard case .files(let files) = result.output else { Issue.record("\(format): not files"); continue }
            #expect(files.map(\.path) == paths[format], "\(format)")
            for file in files { #expect(FeedTests.problems(format, String(decoding: file.bytes, as: UTF8.self)) == [], "\(format) \(file.path)") }
            let korean = String(decoding: files.first { $0.path.contains("한국어") }?.bytes ?? [], as: UTF8.self)
            #expect(korean.contains("https://example.org/feed/by_tag/%ED%95%9C%EA%B5%AD%EC%96%B4."), "\(format): self link is percent-encoded")
            let sharp = String(decoding: files.first { $0.path.contains("c#") }?.bytes ?? [], as: UTF8.self)
            #expect(sharp.contains("by_tag/c%23."), "\(format)")
        }
    }

    @Test func draftsOnlyWithDraftsAndNewestFirstUpToPostsLimit() throws {
        var files = ["_config.yml": "title: T\nurl: https://example.org\nauthor: A\nfeed:\n  posts_limit: 3\n",
                     "_drafts/wip.md": "---\ntitle: Draft\ndate: 2024-01-10\n---\nD\n"]
        for day in 1...5 { files["_posts/2024-01-0\(day)-p\(day).md"] = "P\(day)\n" }
        let site = TestSupport.makeSite(text: files)
        let blog = try JekyllImporter(options: TestSupport.options(drafts: true)).read(site: site).blog
        let without = FeedTests.document(AtomExporter().write(blog, context: ExportContext(siteRoot: site)))
        #expect(!without.contains("Draft"))
        let ids = without.components(separatedBy: "<id>").dropFirst(2).map { $0.components(separatedBy: "<")[0] }
        #expect(ids == ["https://example.org/2024/01/05/p5", "https://example.org/2024/01/04/p4", "https://example.org/2024/01/03/p3"])
        let with = FeedTests.document(AtomExporter().write(blog, context: ExportContext(siteRoot: site, settings: ["drafts": "true"])))
        #expect(with.contains("<title type=\"text\">Draft</title>"))
    }

    /// The site behind ../shared/suites/feeds/samples/jekyll-feed-0.17.0-output.xml: what
    /// jekyll-feed wrote for its entry is the expected value.
    @Test func matchesJekyllFeedOutputForItsSample() throws {
        let site = TestSupport.makeSite(text: [
            "_config.yml": "title: Example Blog\nurl: https://example.org\nauthor: Jane Doe\n",
            "_posts/2024-05-01-hello.md": "---\ntitle: Hello \"world\"\n---\n# Intro\n\nIt's a *test* -- with a footnote[^1] and `code`.\n\n```ruby\nputs 1\n```\n\nParagraph with class.\n{: .note}\n\n[^1]: The note.\n",
        ])
        let atom = FeedTests.document(try FeedTests.feeds(site)[0].1)
        for expected in [
            "<link href=\"https://example.org/feed.xml\" rel=\"self\" type=\"application/atom+xml\"/>",
            "<link href=\"https://example.org/\" rel=\"alternate\" type=\"text/html\"/>", "<id>https://example.org/feed.xml</id>",
            "<title type=\"text\">Hello “world”</title>",
            "<link href=\"https://example.org/2024/05/01/hello.html\" rel=\"alternate\" type=\"text/html\" title=\"Hello “world”\"/>",
            "<published>2024-05-01T00:00:00+00:00</published>", "<updated>2024-05-01T00:00:00+00:00</updated>",
            "<id>https://example.org/2024/05/01/hello</id>", "<name>Jane Doe</name>", "<summary type=\"text\">Intro</summary>",
            "It’s a &lt;em&gt;test&lt;/em&gt; – with a footnote",
        ] {
            #expect(atom.contains(expected), "\(expected)")
        }
    }

    /// Every corpus and sample: three feeds, Atom valid against RFC 4287's schema, RSS well-formed,
    /// JSON Feed parsed, every content URL absolute.
    @Test func corporaAndSamplesGiveValidFeeds() throws {
        guard let shared = TestSupport.shared else { return }
        var sites = try FileManager.default.contentsOfDirectory(atPath: shared.appendingPathComponent("corpora").path).sorted()
            .map { shared.appendingPathComponent("corpora/\($0)/site") }
        sites += try FileManager.default.contentsOfDirectory(atPath: TestSupport.repoRoot.appendingPathComponent("samples").path).sorted()
            .filter { $0.first?.isNumber ?? false }.map { TestSupport.repoRoot.appendingPathComponent("samples/\($0)") }
        for site in sites where FileManager.default.fileExists(atPath: site.path) {
            for (format, result) in try FeedTests.feeds(site) {
                let text = FeedTests.document(result)
                #expect(FeedTests.problems(format, text) == [], "\(site.path) \(format)")
            }
            // Every format writes the same entries' HTML: check its attributes, parsed.
            let blog = try JekyllImporter(options: TestSupport.options()).read(site: site).blog
            var builder = FeedBuilder(blog: blog, context: ExportContext(siteRoot: site), kind: .atom)
            for entry in builder.mainFeed().entries {
                for html in [entry.contentHTML ?? "", entry.excerptHTML] {
                    HTMLFragment(parsing: html).forEachElement { element in
                        for name in ["href", "src", "poster", "srcset"] {
                            if let v = element.attribute(name), !v.isEmpty {
                                #expect(FeedText.hasScheme(v), "\(site.path) \(entry.link): \(name)=\(v)")
                            }
                        }
                    }
                }

            }
        }
    }
}
