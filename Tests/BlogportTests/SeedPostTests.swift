import BlogJSON
import BlogModel
import Exporters
import Foundation
import Importers
import Kramdown
import Testing

/// The seed post (samples/02-seed-post): its figures come from an include that assigns
/// `base_url`, which the post then uses outside any include; Jekyll publishes every `src`,
/// the double slash of `…-2023//photo-3.png` included. Ours must be the same.
struct SeedPostTests {
    static func sources(_ html: String) -> [String] {
        let re = try! NSRegularExpression(pattern: #"src="([^"]*)""#)
        let ns = html as NSString
        return re.matches(in: html, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
    }

    @Test func figuresHaveJekyllsSources() throws {
        let site = TestSupport.repoRoot.appendingPathComponent("samples/02-seed-post")
        let path = "_posts/2023-12-10-aws-industry-week-2023.md"
        let truthJSON = try JSONParser.parse(Array(try Data(contentsOf: site.appendingPathComponent("_expected/jekyll-truth.json"))))
        guard case .object(let top) = truthJSON, case .array(let docs)? = top.first(where: { $0.0 == "documents" })?.1 else {
            Issue.record("unreadable truth"); return
        }
        var truthBody = "", truthExcerpt = ""
        for d in docs {
            guard case .object(let m) = d, m.contains(where: { $0.0 == "path" && $0.1 == .string(path) }) else { continue }
            if case .string(let s)? = m.first(where: { $0.0 == "content_html" })?.1 { truthBody = s }
            if case .string(let s)? = m.first(where: { $0.0 == "excerpt_html" })?.1 { truthExcerpt = s }
        }
        var options = TestSupport.options()
        options.markdownToHTML = { markdown, config in
            let o = KramdownOptions(config: config)
            return HTMLWriter.html(Kramdown.parse(markdown, options: o).document, options: o)
        }
        let result = try JekyllImporter(options: options).read(site: site)
        let post = try #require(result.blog.posts.first { $0.sourcePath == path })
        let kramdown = KramdownOptions(config: result.blog.site.config["kramdown"]?.mapValue ?? MetadataMap())
        let body = Self.sources(HTMLWriter.html(post.body, options: kramdown))
        let excerpt = Self.sources(HTMLWriter.html(post.excerpt, options: kramdown))
        #expect(body == Self.sources(truthBody))
        #expect(excerpt == Self.sources(truthExcerpt))
        #expect(body.contains("/uploads/2023-12-10-aws-industry-week-2023//photo-3.png"))
        #expect(excerpt.contains("/uploads/2023-12-10-aws-industry-week-2023#excerpt/photo-1.png"))
    }
}
