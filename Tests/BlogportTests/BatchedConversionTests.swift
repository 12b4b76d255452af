import BlogportKit
import Foundation
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

    /// Category and tag feeds need the newest posts of each term, wherever they are in the blog.
    @Test func allFeedsInBatchesEqualOneBatch() throws {
        let site = FidelityTests.sampleSites[0]
        let whole = Self.convert(site, batchSize: 100_000, settings: ["all-feeds": "true"])
        let batched = Self.convert(site, batchSize: 2, settings: ["all-feeds": "true"])
        #expect(whole.tree.keys.contains { $0.hasPrefix("feed.xml/") }, "category and tag feeds were written")
        #expect(batched.tree == whole.tree)
    }
}
