import BlogModel
import BlogportKit
@testable import Exporters
import Foundation
import Importers
import Kramdown
import Testing
@testable import XMLSupport

/// A page description reads the words of the excerpt's HTML. `SimpleHTMLWords` reads a simple
/// fragment without libxml2; wherever it answers, its words must be libxml2's (the oracle is
/// `HTMLDocument.plainText(of:)`, the libxml2 parse that descriptions used before).
struct HTMLWordsFastPathTests {
    /// Words as `PageParts.description(fromText:)` splits them.
    static func words(_ text: String) -> [Substring] { text.split(whereSeparator: \.isWhitespace) }

    static func check(_ html: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        guard let fast = SimpleHTMLWords.text(of: html) else { return false }
        #expect(words(fast) == words(HTMLDocument.plainText(of: html)), "\(html.debugDescription)", sourceLocation: sourceLocation)
        return true
    }

    /// Pieces that reach every rule: tags it takes and tags it refuses, in and out of place;
    /// references it decodes and ones it does not; white space between tags; comments.
    static let pieces: [String] = [
        "word", "two words", " ", "  ", "\n", "\t", "\r", "é", "e\u{301}", "\u{A0}", "한국",
        "<p>", "</p>", "<em>", "</em>", "<strong>", "</strong>", "<a href=\"/x\">", "<a href='a>b'>", "<a href=x>", "</a>",
        "<code>", "</code>", "<span class=\"k\">", "</span>", "<br />", "<br>", "<img src=\"x.png\" alt=\"a b\">",
        "<img src=x.png/>", "<hr />", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<div>", "</div>",
        "<blockquote>", "</blockquote>", "<h2 id=\"h\">", "</h2>", "<pre>", "</pre>", "<table>", "<td>", "<b>", "</b>",
        "<sup>", "</sup>", "<span/>", "<P>", "</P>", "<script>", "</script>", "<!-- c -->", "<!--", "-->", "<!---->",
        "&amp;", "&lt;", "&hellip;", "&rsquo;", "&#8217;", "&#x2014;", "&#0;", "&#128;", "&#x110000;", "&bogus;",
        "&amp", "&", "&#39;", "&nbsp;", "<", ">", "</", "<x>", "</br>", "<a", "=", "\"", "<!doctype html>",
        "<figure class=\"highlight\">", "</figure>", "<figcaption>", "</figcaption>", "<section>", "</section>", "<pre><code>",
        "</code></pre>", "x&amp; ", "&#8217; ", " &mdash; ", "<li>a</li>", "<p>t</p>", "\n<p>", "</p>\n",
        // Found by the exporters' fuzz target: control characters in an attribute value.
        "<a title=\"t\u{01}\u{0}le\">", "\u{0}", "\u{7F}", "\u{FFFE}", "\u{FFFF}", "<a title=\"\u{FFFF}\">",
    ]

    @Test func generatedFragmentsReadAsLibxml2ReadsThem() {
        var generator = SplitMix(seed: 21)
        var answered = 0
        for _ in 0..<30_000 {
            let length = Int(generator.next() % 14)
            let html = (0..<length).map { _ in Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))] }.joined()
            if Self.check(html) { answered += 1 }
        }
        // Long texts, where libxml2 hands text over ~1,000 bytes at a time.
        for size in [990, 999, 1000, 1001, 1023, 1024, 2047, 3000] {
            for tail in ["", " ", "   ", "\n"] {
                _ = Self.check("<p>" + String(repeating: "x", count: size) + tail + "<em>y</em></p>")
                _ = Self.check("<p>" + String(repeating: "x ", count: size / 2) + tail + "<em>y</em></p>")
            }
        }
        // The generator must reach the fast path often, or this test checks little.
        #expect(answered > 3_000, "answered \(answered)")
    }

    /// Stopping early: every word before the last one read is libxml2's (the last one may be
    /// cut short).
    @Test func stoppingEarlyKeepsTheWordsBefore() {
        var generator = SplitMix(seed: 22)
        var stopped = 0
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 24)
            let html = (0..<length).map { _ in Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))] }.joined()
            let enough = 1 + Int(generator.next() % 12)
            guard let fast = SimpleHTMLWords.text(of: html, enoughCharacters: enough) else { continue }
            let full = Self.words(HTMLDocument.plainText(of: html)), read = Self.words(fast)
            if fast != SimpleHTMLWords.text(of: html) { stopped += 1 }
            guard !read.isEmpty else {
                #expect(full.isEmpty, "\(html.debugDescription)")
                continue
            }
            #expect(full.count >= read.count && Array(full.prefix(read.count - 1)) == Array(read.dropLast()),
                    "\(html.debugDescription) (\(enough))")
        }
        #expect(stopped > 100, "stopped early \(stopped) times")
    }

    /// Every excerpt and body of the samples and (when ../shared is there) the corpora, as
    /// kramdown writes them; most must take the fast path.
    @Test func sitesReadAsLibxml2ReadsThem() throws {
        let sites = FidelityTests.sampleAndCorpusSites
        var excerpts = 0, answered = 0
        for site in sites {
            var options = TestSupport.options(drafts: true, future: true, unpublished: true)
            options.markdownToHTML = Conversion.markdownToHTML
            let blog = try JekyllImporter(options: options).read(site: site).blog
            let kramdown = KramdownOptions()
            let before = (excerpts, answered)
            for post in blog.posts {
                excerpts += 1
                let excerpt = HTMLWriter.html(post.excerpt, options: kramdown)
                _ = Self.check(excerpt)
                _ = Self.check(HTMLWriter.html(post.body, options: kramdown))
                // As a description reads it: stopping once the description is decided.
                if SimpleHTMLWords.text(of: excerpt, enoughCharacters: PageParts.descriptionEnoughCharacters) != nil { answered += 1 }
                #expect(PageParts.description(fromText: HTMLDocument.wordText(of: excerpt, enoughCharacters: PageParts.descriptionEnoughCharacters))
                        == PageParts.description(fromText: HTMLDocument.plainText(of: excerpt)), "\(post.sourcePath)")
            }
            print("simple HTML words \(site.path): \(answered - before.1)/\(excerpts - before.0) descriptions without libxml2")
        }
        #expect(answered * 10 >= excerpts * 9, "\(answered)/\(excerpts) descriptions without libxml2")
    }
}
