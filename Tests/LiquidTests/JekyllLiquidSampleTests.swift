import BlogJSON
import BlogModel
import Foundation
@testable import Importers
import Testing

/// Every post body and excerpt of every sample, after Liquid, must be exactly what Jekyll's
/// Liquid layer produced (`_expected/liquid-truth-all.json`, captured from a real
/// `jekyll build --drafts --future --unpublished` by `Tests/oracle/liquid-capture.rb`).
struct JekyllLiquidSampleTests {
    static var samples: [URL] {
        let dir = LiquidTestSupport.repoRoot.appendingPathComponent("samples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0) }.filter {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("_expected/liquid-truth-all.json").path)
        }
    }

    /// Each post's Liquid output (body, excerpt) by path, as blogport renders it.
    static func render(_ site: URL) throws -> (outputs: [String: (body: String, excerpt: String?)], diagnostics: [Diagnostic]) {
        var options = JekyllImporter.Options()
        options.defaultTimeZone = "UTC"
        options.now = 1_767_225_600
        options.drafts = true
        options.future = true
        options.unpublished = true
        options.parseMarkdown = false
        let result = try JekyllImporter(options: options).read(site: site)
        var out: [String: (String, String?)] = [:]
        for post in result.blog.posts {
            guard case .rawBlock(_, let body)? = post.body.blocks.first else { continue }
            var excerpt: String? = nil
            if case .rawBlock(_, let e)? = post.excerpt.blocks.first { excerpt = e }
            out[post.sourcePath] = (body, excerpt)
        }
        return (out, result.diagnostics)
    }

    static func truth(_ site: URL) throws -> [String: (body: String?, excerpt: String?)] {
        let json = try JSONParser.parse(Array(try Data(contentsOf: site.appendingPathComponent("_expected/liquid-truth-all.json"))))
        guard case .object(let top) = json, case .array(let posts)? = top.first(where: { $0.0 == "posts" })?.1 else { return [:] }
        var out: [String: (String?, String?)] = [:]
        for p in posts {
            guard case .object(let m) = p else { continue }
            func s(_ k: String) -> String? { if case .string(let v)? = m.first(where: { $0.0 == k })?.1 { return v } else { return nil } }
            if let path = s("path") { out[path] = (s("body"), s("excerpt")) }
        }
        return out
    }

    /// Drops Rouge's token `<span>`s inside `{% highlight %}` output: token-level highlighting is
    /// optional (we write the code escaped, in the same wrapper markup).
    static func withoutHighlightSpans(_ s: String) -> String {
        var out = ""
        var rest = s[...]
        while let start = rest.range(of: "<figure class=\"highlight\">") {
            out += rest[..<start.lowerBound]
            let end = rest[start.lowerBound...].range(of: "</figure>")?.upperBound ?? rest.endIndex
            out += rest[start.lowerBound..<end].replacingOccurrences(of: #"<span class="[^"]*">|</span>"#, with: "", options: .regularExpression)
            rest = rest[end...]
        }
        return out + rest
    }

    @Test(arguments: samples.map(\.lastPathComponent))
    func liquidOutputMatchesJekyll(_ name: String) throws {
        let site = LiquidTestSupport.repoRoot.appendingPathComponent("samples").appendingPathComponent(name)
        let truth = try Self.truth(site)
        let (ours, _) = try Self.render(site)
        var bodies = 0, excerpts = 0, checkedExcerpts = 0
        for (path, expected) in truth.sorted(by: { $0.key < $1.key }) {
            let mine = try #require(ours[path], "\(name): blogport did not read \(path)")
            if let body = expected.body.map(Self.withoutHighlightSpans) {
                #expect(mine.body == body, "\(name)/\(path): body differs from Jekyll's Liquid output")
                if mine.body == body { bodies += 1 }
            }
            if let excerpt = expected.excerpt.map(Self.withoutHighlightSpans) {
                checkedExcerpts += 1
                #expect(mine.excerpt == excerpt, "\(name)/\(path): excerpt differs from Jekyll's Liquid output")
                if mine.excerpt == excerpt { excerpts += 1 }
            }
        }
        print("liquid \(name): \(bodies)/\(truth.count) bodies, \(excerpts)/\(checkedExcerpts) excerpts as Jekyll")
    }
}
