import BlogModel
import BlogportKit
import Exporters
import Foundation
import Importers
import Testing

/// A site converted a batch of posts at a time gives the same bytes, files and diagnostics as
/// the same site converted in one batch: batching is only a matter of memory.
struct BatchedConversionTests {
    /// Every file under `root`, by relative path, with its bytes.
    static func tree(_ root: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        let base = root.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return files }
        for case let relative as String in walker {
            var isDirectory: ObjCBool = false
            let path = base + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = FileManager.default.contents(atPath: path)
            }
        }
        return files
    }

    static func convert(_ site: URL, batchSize: Int, settings: [String: String] = [:]) -> (tree: [String: Data], report: Conversion.Report, outputs: [String]) {
        let out = TestSupport.temporaryFolder().appendingPathComponent("all")
        var request = Conversion.Request(source: site.path, format: "all", output: out.path)
        request.importOptions = TestSupport.options(drafts: true, future: true, unpublished: true)
        request.batchSize = batchSize
        request.exportSettings = settings
        let report = Conversion().run(request)
        let outputs = report.outputs.map { String($0.path.dropFirst(out.path.count)) }.sorted()
        return (tree(out), report, outputs)
    }

    @Test(arguments: FidelityTests.sampleSites)
    func batchesGiveTheSameOutputAsOneBatch(site: URL) throws {
        let whole = Self.convert(site, batchSize: 100_000)
        #expect(whole.report.status == .success, "\(whole.report.diagnostics)")
        #expect(whole.tree.count > whole.report.converted, "every format was written")
        for size in [1, 3] {
            let batched = Self.convert(site, batchSize: size)
            #expect(batched.report.status == whole.report.status)
            #expect(batched.report.converted == whole.report.converted)
            #expect(batched.report.diagnostics == whole.report.diagnostics, "batch size \(size)")
            #expect(Set(batched.tree.keys) == Set(whole.tree.keys), "batch size \(size)")
            for (path, bytes) in whole.tree where batched.tree[path] != bytes {
                Issue.record("batch size \(size): \(path) differs")
            }
            #expect(batched.outputs == whole.outputs, "the files listed as written")
            #expect(whole.outputs.count == whole.tree.count)
        }
    }

    /// `--to all` (whose exporters share each post's HTML) writes, for every format, the bytes
    /// that format writes alone (each exporter writing its own HTML).
    @Test(arguments: FidelityTests.sampleSites)
    func allFormatsEqualEachFormatAlone(site: URL) throws {
        let all = Self.convert(site, batchSize: 3)
        for (format, place) in [("json", "backup.json"), ("html", "html"), ("markdown", "markdown"), ("atom", "feed.xml"),
                                ("rss", "feed.rss"), ("jsonfeed", "feed.json")] {
            let out = TestSupport.temporaryFolder().appendingPathComponent("one")
            let isDocument = place.contains(".")
            var request = Conversion.Request(source: site.path, format: format, output: isDocument ? out.appendingPathComponent(place).path : out.path)
            request.importOptions = TestSupport.options(drafts: true, future: true, unpublished: true)
            request.batchSize = 3
            let report = Conversion().run(request)
            #expect(report.status == .success, "\(format): \(report.diagnostics)")
            let alone = Self.tree(out)
            let expected = isDocument ? alone : Dictionary(uniqueKeysWithValues: alone.map { (place + "/" + $0.key, $0.value) })
            let got = all.tree.filter { $0.key == place || $0.key.hasPrefix(place + "/") }
            #expect(!got.isEmpty, "\(format) was written by --to all")
            #expect(Set(got.keys) == Set(expected.keys), "\(format): the same files")
            for (path, bytes) in got where expected[path] != bytes { Issue.record("\(format): \(path) differs") }
        }
    }

    /// Category and tag feeds need the newest posts of each term, wherever they are in the blog.
    @Test func allFeedsInBatchesEqualOneBatch() throws {
        let site = FidelityTests.sampleSites[0]
        let whole = Self.convert(site, batchSize: 100_000, settings: ["all-feeds": "true"])
        let batched = Self.convert(site, batchSize: 2, settings: ["all-feeds": "true"])
        #expect(whole.tree.keys.contains { $0.hasPrefix("feed.xml/") }, "category and tag feeds were written")
        #expect(batched.tree == whole.tree)
    }

    /// A feed written from only the posts it needs (what a batched run keeps) is the feed written
    /// from the whole blog: main feed and every category and tag feed, at several `posts_limit`s.
    @Test(arguments: FidelityTests.sampleSites)
    func feedsFromTheNeededPostsEqualFeedsFromTheWholeBlog(site: URL) throws {
        let read = try JekyllImporter(options: TestSupport.options(drafts: true, future: true, unpublished: true)).read(site: site).blog
        for limit in [nil, 0, 2] {
            var blog = read
            if let limit { blog.site.config["feed"] = .map(MetadataMap([("posts_limit", .int(limit))])) }
            for allFeeds in [false, true] {
                let context = ExportContext(siteRoot: site, settings: allFeeds ? ["all-feeds": "true"] : [:])
                for exporter in [AtomExporter(), RSSExporter(), JSONFeedExporter()] as [any Exporter] {
                    let needed = exporter.postsNeeded(blog, context: context)
                    #expect(needed != nil && needed!.count <= blog.posts.count)
                    let whole = try exporter.write(blog, context: context)
                    let session = try exporter.start(blog, context: context)
                    let kept = try session.add(blog.posts, at: 0).followed(by: session.finishAll())
                    let label = "\(type(of: exporter)) limit \(limit.map(String.init) ?? "default") all-feeds \(allFeeds)"
                    switch (whole.output, kept.output) {
                    case (.document(let a), .document(let b)):
                        #expect(a == b, "\(label)")
                    case (.files(let a), .files(let b)):
                        #expect(a.map(\.path) == b.map(\.path), "\(label)")
                        #expect(a.map(\.bytes) == b.map(\.bytes), "\(label)")
                    default:
                        Issue.record("\(label): different kinds of output")
                    }
                    #expect(whole.diagnostics == kept.diagnostics, "\(label)")
                }
            }
        }
    }
}
