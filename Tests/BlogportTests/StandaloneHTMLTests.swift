import BlogModel
import BlogportKit
import Exporters
import Foundation
import Importers
import Testing
import XMLSupport

/// `--to html`: standalone pages, embedded resources, relative links, safe paths.
struct StandaloneHTMLTests {
    /// Exports a site folder; returns the files by path and the diagnostics.
    static func export(_ site: URL, settings: [String: String] = [:]) throws -> (files: [String: String], bytes: [String: [UInt8]], diagnostics: [Diagnostic]) {
        let blog = try JekyllImporter(options: TestSupport.options()).read(site: site).blog
        let result = try StandaloneHTMLExporter().write(blog, context: ExportContext(siteRoot: site, settings: settings))
        guard case .files(let files) = result.output else { Issue.record("not files"); return ([:], [:], []) }
        var text: [String: String] = [:]
        var bytes: [String: [UInt8]] = [:]
        for f in files {
            #expect(SafeFileWriter.validate(relativePath: f.path) == nil, "unsafe path \(f.path)")
            text[f.path] = String(decoding: f.bytes, as: UTF8.self)
            bytes[f.path] = f.bytes
        }
        return (text, bytes, result.diagnostics)
    }

    /// Every URL-valued attribute of a page (srcset split into its URLs).
    static func references(_ html: String) -> [(tag: String, attribute: String, value: String)] {
        var refs: [(String, String, String)] = []
        HTMLDocument(parsing: html).forEachElement { e in
            for a in ["src", "href", "poster", "data"] { if let v = e.attribute(a) { refs.append((e.name, a, v)) } }
            if let v = e.attribute("srcset") {
                for c in ResourceRewriterProbe.srcset(v) { refs.append((e.name, "srcset", String(c.split(separator: "|").first ?? ""))) }
            }
        }
        return refs
    }

    @Test func seedPostIsOneFileWithEveryImageEmbedded() throws {
        let site = TestSupport.repoRoot.appendingPathComponent("samples/02-seed-post")
        let out = try Self.export(site)
        let page = try #require(out.files["2023/12/10/aws-industry-week-2023/index.html"])
        #expect(page.hasPrefix("<!doctype html>\n<html lang=\"ko-KR\">"))
        #expect(page.contains("<title>AWS Industry Week 2023 참관기 · 구름 노트</title>"))
        #expect(page.contains("<link rel=\"canonical\" href=\"https://cloudnote.example.kr/2023/12/10/aws-industry-week-2023/\">"))
        #expect(page.contains("<time datetime=\"2023-12-10T11:20:00+09:00\">2023-12-10</time>"))
        let images = Self.references(page).filter { $0.tag == "img" }
        #expect(images.count == 4)  // three includes and one Markdown image (photo-3 twice)
        #expect(images.allSatisfy { $0.value.hasPrefix("data:image/png;base64,iVBORw0KGgo") })
        #expect(out.diagnostics.isEmpty, "\(out.diagnostics)")
        #expect(out.files["index.html"] != nil && out.files["categories/행사/index.html"] != nil)
    }

    /// The seed post as its blog has it (aproid corpus): 17 image references, all embedded.
    @Test func realSeedPostEmbedsAllSeventeenImages() throws {
        guard let shared = TestSupport.shared else { return }
        let out = try Self.export(shared.appendingPathComponent("corpora/aproid/site"))
        let page = try #require(out.files["2023/12/10/aws-industry-week-2023/index.html"])
        let images = Self.references(page).filter { $0.tag == "img" }
        #expect(images.count == 17)
        #expect(images.allSatisfy { $0.value.hasPrefix("data:image/png;base64,iVBORw0KGgo") })
    }

    @Test func sameInputSameBytes() throws {
        let site = TestSupport.repoRoot.appendingPathComponent("samples/02-seed-post")
        let a = try Self.export(site, settings: ["max-embed": "1"]).bytes
        let b = try Self.export(site, settings: ["max-embed": "1"]).bytes
        #expect(a == b)
    }

    static let post = """
        ---
        title: Pictures
        tags: [a b, C++]
        ---
        Intro.

        ![x](/blog/uploads/x.png) ![gone](/uploads/missing.png)
        <img src="/etc/hostname" alt="root">
        <img src="../../../../../../etc/passwd" alt="climb">
        <img src="/uploads/link.png" alt="symlink">
        <img src="/uploads/x.png" srcset="/uploads/x.png 1x, /uploads/big.png 2x">
        <video poster="/uploads/x.png"><source src="/uploads/big.png"></video>

        See [the other post](/blog/2024/01/01/other/#part) and [about](/about/) and [web](https://example.org/).
        """

    static func pictureSite() -> URL {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 1, count: 20)
        let site = TestSupport.makeSite([
            "_config.yml": Array("url: https://example.org\nbaseurl: /blog\ntimezone: UTC\n".utf8),
            "_posts/2024-01-02-pictures.md": Array(post.utf8),
            "_posts/2024-01-01-other.md": Array("---\ntitle: Other\n---\nHi.\n".utf8),
            "uploads/x.png": png,
            "uploads/big.png": png + Array(repeating: 2, count: 2000),
        ])
        try? FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("uploads/link.png").path, withDestinationPath: "/etc/hostname")
        return site
    }

    @Test func resourcesResolveInsideTheSiteOnly() throws {
        let out = try Self.export(Self.pictureSite())
        let page = try #require(out.files["2024/01/02/pictures.html"])
        let refs = Self.references(page)
        let images = refs.filter { $0.tag == "img" || $0.tag == "video" || $0.tag == "source" }
        #expect(images.filter { $0.value.hasPrefix("data:image/png;base64,") }.count == 6)
        // Site-root paths are looked for in the site: /etc/hostname is missing there, never read from /.
        #expect(!page.contains("src=\"/etc/hostname\""))
        #expect(refs.contains { $0.value == "https://example.org/blog/etc/hostname" })
        let codes = out.diagnostics.map { "\($0.code) \($0.location?.description ?? "")" }
        #expect(codes.contains("missing-resource _posts/2024-01-02-pictures.md:7:35"))
        #expect(codes.contains("missing-resource _posts/2024-01-02-pictures.md:8:11"))
        #expect(codes.contains("refused-resource _posts/2024-01-02-pictures.md:9:11"))
        #expect(codes.contains("refused-resource _posts/2024-01-02-pictures.md:10:11"))
        #expect(!page.contains("passwd"))
        // Links: another post becomes relative (fragment kept), other site pages go to the live site.
        #expect(refs.contains { $0.tag == "a" && $0.value == "../01/other.html#part" })
        #expect(refs.contains { $0.tag == "a" && $0.value == "https://example.org/blog/about/" })
        #expect(refs.contains { $0.tag == "a" && $0.value == "https://example.org/" })
        #expect(out.files["tags/c/index.html"] != nil && out.files["tags/a-b/index.html"] != nil)
    }

    @Test func largeFilesAreCopiedBesideThePage() throws {
        let out = try Self.export(Self.pictureSite(), settings: ["max-embed": "1K"])
        let page = try #require(out.files["2024/01/02/pictures.html"])
        #expect(out.bytes["2024/01/02/uploads/big.png"]?.count == 2028)
        #expect(Self.references(page).contains { $0.tag == "source" && $0.value == "uploads/big.png" })
        #expect(Self.references(page).contains { $0.attribute == "srcset" && $0.value == "uploads/big.png" })
        #expect(throws: StandaloneHTMLExporter.SettingError.self) { try Self.export(Self.pictureSite(), settings: ["max-embed": "lots"]) }
    }

    @Test func fragmentIsTheBodyAlone() throws {
        let out = try Self.export(Self.pictureSite(), settings: ["fragment": "true"])
        let page = try #require(out.files["2024/01/02/pictures.html"])
        #expect(page.hasPrefix("<p>Intro.</p>"))
        #expect(page.contains("data:image/png;base64,"))
    }

    @Test func templateReplacesTheBuiltInPage() throws {
        let folder = TestSupport.temporaryFolder()
        let template = folder.appendingPathComponent("page.html")
        try #"<!DOCTYPE html><html lang="{{ page.lang }}"><head><title>{{ page.title }}</title></head><body><img src="/uploads/x.png" alt="logo"><a href="{{ page.root }}index.html">home</a>{{ content }}</body></html>"#
            .write(to: template, atomically: true, encoding: .utf8)
        let out = try Self.export(Self.pictureSite(), settings: ["template": template.path])
        let page = try #require(out.files["2024/01/02/pictures.html"])
        #expect(page.contains("<title>Pictures</title>"))
        #expect(page.contains(#"<img src="data:image/png;base64,iVBORw0KGgo"#))
        #expect(page.contains(#"<a href="../../../index.html">home</a>"#))
        #expect(page.contains(#"href="../01/other.html#part""#))
    }

    @Test func srcsetCandidatesFollowTheStandard() {
        let parts = ResourceRewriterProbe.srcset("a.png 1x, data:image/png;base64,AA== 2x,b.png,  c.png 100w")
        #expect(parts == ["a.png|1x", "data:image/png;base64,AA==|2x", "b.png|", "c.png|100w"])
    }

    /// Every corpus: no missing-resource warning for a file the site has, no reference that
    /// leaves the output folder (site-root paths, file: URLs), every page written.
    @Test(arguments: ["aproid", "jekyll-docs", "minimal-mistakes", "rails-weblog"])
    func corpusPagesStayInsideTheOutputFolder(_ name: String) throws {
        guard let shared = TestSupport.shared else { return }
        let site = shared.appendingPathComponent("corpora/\(name)/site")
        let out = try Self.export(site)
        let blog = try JekyllImporter(options: TestSupport.options()).read(site: site).blog
        #expect(out.files.keys.filter { $0.hasSuffix(".html") && !$0.hasPrefix("categories/") && !$0.hasPrefix("tags/") && $0 != "index.html" }.count == blog.posts.count)
        for d in out.diagnostics where d.code == "missing-resource" {
            Issue.record("\(name): \(d)")
        }
        var escaping: [String] = []
        for (path, html) in out.files where path.hasSuffix(".html") {
            for ref in Self.references(html) {
                let v = ref.value
                if v.hasPrefix("/") || v.hasPrefix("\\") || v.lowercased().hasPrefix("file:") { escaping.append("\(path): <\(ref.tag) \(ref.attribute)=\(v.prefix(80))>") }
            }
        }
        #expect(escaping.isEmpty, "\(escaping.prefix(5))")
    }
}
