import BlogJSON
import BlogModel
import BlogportKit
import Foundation
import Importers
import Testing

/// Every bad input the foundation issue names: its exact message, and the rest of the site still
/// converts. Whether Jekyll publishes or skips each file was checked with Jekyll 4.3.1.
@Suite struct BadInputTests {
    static let good = "---\ntitle: Good\n---\nfine\n"

    /// Imports a site of `files` plus one good post; returns the diagnostics as printed, the
    /// paths that were published, and the failed files.
    func importing(_ files: [String: [UInt8]], config: String = "title: T\n") throws -> (messages: [String], published: [String], failed: [String]) {
        var all = files
        all["_posts/2024-01-01-good.md"] = Array(Self.good.utf8)
        all["_config.yml"] = Array(config.utf8)
        let site = TestSupport.makeSite(all)
        let result = try JekyllImporter(options: TestSupport.options()).read(site: site)
        #expect(result.blog.posts.contains { $0.sourcePath == "_posts/2024-01-01-good.md" }, "the good post must still convert")
        return (result.diagnostics.map(\.description), result.blog.posts.map(\.sourcePath), result.failedFiles)
    }

    func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func unterminatedFrontMatterIsReadAsBodyLikeJekyll() throws {
        let r = try importing(["_posts/2024-01-02-open.md": text("---\ntitle: never closed\nbody\n")])
        #expect(r.messages == [
            "_posts/2024-01-02-open.md:1:1: warning: the front matter opened on line 1 is never closed, so Jekyll reads the whole file as the body\n  ---\n  ^\n  hint: add a line with `---` after the last front-matter key",
        ])
        #expect(r.published.contains("_posts/2024-01-02-open.md"))
    }

    @Test func yamlSyntaxErrorPointsIntoThePostFile() throws {
        let r = try importing(["_posts/2024-01-03-yaml.md": text("---\nlayout: post\ntitle: \"broken\ntags: [a\n---\nx\n")])
        #expect(r.messages == [
            "_posts/2024-01-03-yaml.md:3:8: error: YAML syntax error in the front matter: found unexpected end of stream while scanning a quoted scalar\n  title: \"broken\n         ^\n  hint: fix the YAML (Jekyll skips this post's front matter too)",
        ])
        #expect(r.failed == ["_posts/2024-01-03-yaml.md"])
    }

    @Test func dateThatDoesNotParse() throws {
        let r = try importing(["_posts/2024-01-04-when.md": text("---\ntitle: when\ndate: tomorrow\n---\nx\n")])
        #expect(r.messages == [
            "_posts/2024-01-04-when.md:3:7: error: invalid date 'tomorrow' in the front matter (Jekyll stops the build here)\n  date: tomorrow\n        ^\n  hint: write it as YYYY-MM-DD HH:MM:SS +/-TTTT, e.g. 2023-12-10 09:30:00 +0900",
        ])
        #expect(r.failed == ["_posts/2024-01-04-when.md"])
    }

    /// Found by the Liquid fuzz target in CI (a trap on `March 14, 2499…9`): years too large for
    /// 64-bit seconds overflowed the calendar arithmetic and killed the whole batch. Ruby takes
    /// any year (`Time.parse("March 14, 99999999999999999").year` is that number); blogport
    /// refuses years beyond a billion as a failed post with its reason, and the rest converts.
    @Test func yearsBeyondABillionFailThePostNotTheBatch() throws {
        let r = try importing([
            "_posts/2024-01-04-far.md": text("---\ndate: 99999999999999999-01-01 00:00:00\n---\nx\n"),
            "_posts/2024-01-04-farther.md": text("---\ndate: \"March 14, 99999999999999999999\"\n---\nx\n"),
            "_posts/2024-01-04-offset.md": text("---\ndate: 2024-01-04 10:00:00 +99999999999999999999\n---\nx\n"),
            "_posts/2024-01-04-liquid.md": text("---\n---\n{{ 9223372036854775807 | date: '%Y' }} {{ 'March 14, 2499999999999999999' | date: '%Y' }}\n"),
        ])
        #expect(r.messages.first { $0.hasPrefix("_posts/2024-01-04-far.md:2:7: error: date '99999999999999999-01-01 00:00:00' in the front matter is more than a billion years from 1970, which blogport does not support") } != nil, "\(r.messages)")
        #expect(r.failed.contains("_posts/2024-01-04-far.md"))
        #expect(r.failed.contains("_posts/2024-01-04-farther.md"))
        #expect(r.published.contains("_posts/2024-01-04-liquid.md"))
    }

    /// A URL no file system can hold stopped the whole batch at the first write ("File name too
    /// long", "contains a NUL character"), after some files were written. Jekyll stops its build
    /// there too; blogport fails that post with the reason and converts the rest.
    @Test func urlsNoFileCanHoldFailThePostNotTheBatch() throws {
        let long = String(repeating: "a", count: 300)
        let r = try importing([
            "_posts/2024-01-06-long.md": text("---\ntitle: long\npermalink: /\(long)/\n---\nx\n"),
            "_posts/2024-01-06-last.md": text("---\ntitle: last\npermalink: /x/\(String(repeating: "b", count: 246))\n---\nx\n"),
            "_posts/2024-01-06-nul.md": text("---\ntitle: nul\npermalink: \"/a\\0b/\"\n---\nx\n"),
            "_posts/2024-01-06-category.md": text("---\ntitle: c\ncategories: [\(long)]\n---\nx\n"),
            "_posts/2024-01-06-fits.md": text("---\ntitle: fits\npermalink: /\(String(repeating: "c", count: 255))/\n---\nx\n"),
        ])
        // The 314-byte line is quoted up to 80 scalars past the column (Diagnostic.excerpt).
        let shown = "permalink: /" + String(repeating: "a", count: 80) + "…"
        #expect(r.messages.contains("_posts/2024-01-06-long.md:3:12: error: the post's URL has a part of 300 bytes, more than the 255 a file name holds (Jekyll stops the build here)\n  \(shown)\n             ^\n  hint: shorten the permalink, slug, title or categories that make it"), "\(r.messages)")
        #expect(r.messages.contains { $0.hasPrefix("_posts/2024-01-06-last.md:3:12: error: the post's URL ends in a part of 246 bytes") })
        #expect(r.messages.contains { $0.hasPrefix("_posts/2024-01-06-nul.md:3:12: error: the post's URL contains a NUL character") })
        #expect(Set(r.failed) == ["_posts/2024-01-06-long.md", "_posts/2024-01-06-last.md", "_posts/2024-01-06-nul.md", "_posts/2024-01-06-category.md"])
        #expect(r.published.contains("_posts/2024-01-06-fits.md"))
    }

    /// Tag and category index pages are our own names (a slug of the term): a long term's page
    /// is named by its first 200 bytes, and the batch goes on.
    @Test func aLongTagGetsAShortenedIndexPage() throws {
        let tag = String(repeating: "t", count: 300)
        let site = TestSupport.makeSite(text: ["_config.yml": "title: T\n", "_posts/2024-01-01-a.md": "---\ntags: [\(tag)]\n---\nx\n"])
        let out = TestSupport.temporaryFolder().appendingPathComponent("html")
        var request = Conversion.Request(source: site.path, format: "html", output: out.path)
        request.importOptions = TestSupport.options()
        let report = Conversion().run(request)
        #expect(report.status == .success, "\(report.diagnostics)")
        let page = out.appendingPathComponent("tags/\(String(repeating: "t", count: 200))/index.html")
        #expect(FileManager.default.fileExists(atPath: page.path))
    }

    @Test func nonUTF8FileIsSkippedLikeJekyll() throws {
        let r = try importing(["_posts/2024-01-05-latin1.md": [0x2D, 0x2D, 0x2D, 0x0A] + text("title: caf") + [0xE9, 0x0A, 0x2D, 0x2D, 0x2D, 0x0A]])
        #expect(r.messages == [
            "_posts/2024-01-05-latin1.md:2:11: error: the file is not valid UTF-8: byte 0xE9 cannot start or continue a character (Jekyll skips the file)\n  hint: re-save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
        ])
        #expect(r.failed == ["_posts/2024-01-05-latin1.md"])
    }

    @Test func binaryFileInPosts() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0xFF]
        let r = try importing(["_posts/2024-01-06-photo.png": png])
        #expect(r.messages == [
            "_posts/2024-01-06-photo.png: error: this is a binary file, not a post (Jekyll skips it: invalid byte sequence in UTF-8)\n  hint: move it out of _posts",
        ])
    }

    @Test func emptyFileIsPublishedLikeJekyllWithAWarning() throws {
        let r = try importing(["_posts/2024-01-07-empty.md": []])
        #expect(r.messages == [
            "_posts/2024-01-07-empty.md: warning: the file is empty; Jekyll publishes it as an empty post\n  hint: delete it, or give it front matter and a body",
        ])
        #expect(r.published.contains("_posts/2024-01-07-empty.md"))
    }

    @Test func folderNamedLikeAPost() throws {
        let r = try importing(["_posts/2024-01-08-folder.md/notes.txt": text("not a post\n")])
        #expect(r.messages == [
            "_posts/2024-01-08-folder.md: warning: '2024-01-08-folder.md' is a folder named like a post; Jekyll skips it (files inside it are read on their own)\n  hint: rename the folder if it is not meant to look like a post",
        ])
        #expect(r.failed.isEmpty)
    }

    @Test func twoPostsWithTheSameURL() throws {
        let r = try importing([
            "_posts/2024-01-09-one.md": text("---\npermalink: /same/\n---\n"),
            "_posts/2024-01-10-two.md": text("---\npermalink: /same/\n---\n"),
        ])
        #expect(r.messages == [
            "_posts/2024-01-09-one.md: warning: the URL /same/index.html is shared by _posts/2024-01-09-one.md, _posts/2024-01-10-two.md; Jekyll writes only one of them\n  hint: give one of them a different slug or permalink",
        ])
        #expect(r.published.contains("_posts/2024-01-09-one.md") && r.published.contains("_posts/2024-01-10-two.md"))
    }

    @Test func symlinkOutsideTheSiteIsNotRead() throws {
        let outside = TestSupport.temporaryFolder().appendingPathComponent("secret.md")
        try Data("---\ntitle: Secret\n---\nprivate\n".utf8).write(to: outside)
        let site = TestSupport.makeSite(text: ["_posts/2024-01-01-good.md": Self.good])
        try FileManager.default.createSymbolicLink(
            atPath: site.appendingPathComponent("_posts/2024-01-11-link.md").path, withDestinationPath: outside.path)
        let result = try JekyllImporter(options: TestSupport.options()).read(site: site)
        #expect(result.diagnostics.map(\.description) == [
            "_posts/2024-01-11-link.md: warning: skipped a symbolic link that points outside the site\n  hint: copy the file into the site if it belongs to the blog",
        ])
        #expect(result.blog.posts.map(\.sourcePath) == ["_posts/2024-01-01-good.md"])
        #expect(!result.blog.posts.contains { $0.source.contains("private") })
    }

    @Test func invalidConfigIsAClearErrorWithExitCode() throws {
        let site = TestSupport.makeSite(text: ["_config.yml": "title: x\nexclude: [a\n", "_posts/2024-01-01-good.md": Self.good])
        #expect(throws: ImportError.self) { try JekyllImporter(options: TestSupport.options()).read(site: site) }
        do {
            _ = try JekyllImporter(options: TestSupport.options()).read(site: site)
        } catch {
            #expect(error.description == "_config.yml:2:10: error: invalid configuration: YAML syntax error: did not find expected ',' or ']' while parsing a flow sequence\n  exclude: [a\n           ^\n  hint: fix the YAML (Jekyll refuses this file too)")
        }
        var request = Conversion.Request(source: site.path, format: "json", output: nil)
        request.importOptions = TestSupport.options()
        #expect(Conversion().run(request).status == .badInput)

        let listSite = TestSupport.makeSite(text: ["_config.yml": "- just\n- a list\n"])
        var listRequest = Conversion.Request(source: listSite.path, format: "json", output: nil)
        listRequest.importOptions = TestSupport.options()
        let report = Conversion().run(listRequest)
        #expect(report.status == .badInput)
        #expect(report.diagnostics.map(\.description) == [
            "\(listSite.path)/_config.yml: error: invalid configuration: the configuration must be a mapping of keys to values, but it is [\"just\", \"a list\"]\n  hint: write it as `key: value` lines",
        ])
    }

    @Test func siteThatDoesNotExist() {
        var request = Conversion.Request(source: "/no/such/site", format: "json", output: nil)
        request.importOptions = TestSupport.options()
        let report = Conversion().run(request)
        #expect(report.status == .badInput)
        #expect(report.diagnostics.map(\.description) == [
            "/no/such/site: error: no such file or folder\n  hint: give a Jekyll site folder, a post file or a backup",
        ])
    }

    @Test func badPostsFailTheExitCodeButTheRestIsWritten() throws {
        let site = TestSupport.makeSite(text: [
            "_posts/2024-01-01-good.md": Self.good, "_posts/2024-01-04-when.md": "---\ndate: tomorrow\n---\n",
        ])
        let out = TestSupport.temporaryFolder().appendingPathComponent("b.json")
        var request = Conversion.Request(source: site.path, format: "json", output: out.path)
        request.importOptions = TestSupport.options()
        let report = Conversion().run(request)
        #expect(report.status == .somePostsFailed)
        #expect(report.converted == 1 && report.failed == 1)
        let blog = try BackupImporter().read(file: out, name: "b.json")
        #expect(blog.posts.map(\.title) == ["Good"])
    }
}

@Suite struct ConfigFilesTests {
    /// `--config a.yml,b.yml`: later files win (checked with `jekyll build --config a.yml,b.yml`:
    /// url /b/2024/x/, date 2024-01-02T05:00:00+09:00); the site's own
    /// `_config.yml` is not read then.
    @Test func laterConfigFilesWin() throws {
        let site = TestSupport.makeSite(text: [
            "_config.yml": "permalink: /ignored/:title/\n",
            "a.yml": "title: A\npermalink: /a/:title/\ntimezone: Asia/Seoul\n",
            "b.yml": "permalink: /b/:year/:title/\n",
            "_posts/2024-01-01-x.md": "---\ndate: 2024-01-01 20:00:00 +0000\n---\n",
        ])
        var options = TestSupport.options()
        options.configFiles = [site.appendingPathComponent("a.yml").path, site.appendingPathComponent("b.yml").path]
        let blog = try JekyllImporter(options: options).read(site: site).blog
        #expect(blog.site.title == "A")
        #expect(blog.posts.first?.url == "/b/2024/x/")
        #expect(blog.posts.first?.date.iso8601 == "2024-01-02T05:00:00+09:00")
    }
}
