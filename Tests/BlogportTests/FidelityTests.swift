import BlogJSON
import BlogModel
import Foundation
import Importers
import Testing

/// Our import of each site against what the real Jekyll 4.3.1 published for it.
@Suite struct FidelityTests {
    static var sampleSites: [URL] {
        let samples = TestSupport.repoRoot.appendingPathComponent("samples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? []
        return names.sorted().map { samples.appendingPathComponent($0) }.filter {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("_expected/jekyll-truth.json").path)
        }
    }

    @Test func everySampleHasItsTruth() {
        #expect(Self.sampleSites.count >= 3)
    }

    @Test(arguments: sampleSites)
    func sampleMatchesJekyll(site: URL) throws {
        let truth = try TestSupport.truth(site.appendingPathComponent("_expected/jekyll-truth.json"))
        let result = try JekyllImporter(options: TestSupport.options()).read(site: site)
        #expect(result.failedFiles.isEmpty)
        let problems = TestSupport.disagreements(result.blog, truth: truth)
        #expect(problems.isEmpty, "\(site.lastPathComponent): \(problems.joined(separator: "\n"))")
        #expect(result.blog.posts.count == truth.count)
    }

    @Test(arguments: sampleSites)
    func sampleWithDraftsFutureUnpublishedMatchesJekyll(site: URL) throws {
        let truth = try TestSupport.truth(site.appendingPathComponent("_expected/jekyll-truth-all.json"))
        let result = try JekyllImporter(options: TestSupport.options(drafts: true, future: true, unpublished: true)).read(site: site)
        let problems = TestSupport.disagreements(result.blog, truth: truth)
        #expect(problems.isEmpty, "\(site.lastPathComponent): \(problems.joined(separator: "\n"))")
    }

    static var corpora: [String] {
        guard let shared = TestSupport.shared else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: shared.appendingPathComponent("corpora").path)) ?? [])
            .filter { FileManager.default.fileExists(atPath: shared.appendingPathComponent("corpora/\($0)/truth.json").path) }
            .sorted()
    }

    /// The samples, then (when ../shared is there) every corpus's site: what the fast-path tests
    /// read every real input from.
    static var sampleAndCorpusSites: [URL] {
        sampleSites + (TestSupport.shared.map { shared in corpora.map { shared.appendingPathComponent("corpora/\($0)/site") } } ?? [])
    }

    /// Issue 2, must show 2 and 3: every corpus agrees on url, date, title, categories and tags
    /// for every post, none missing, and restoring its backup gives every file back byte for byte.
    @Test(arguments: corpora)
    func corpusMatchesJekyllAndRestoresByteForByte(name: String) throws {
        let shared = try #require(TestSupport.shared)
        let site = shared.appendingPathComponent("corpora/\(name)/site")
        let truth = try TestSupport.truth(shared.appendingPathComponent("corpora/\(name)/truth.json"))
        let result = try JekyllImporter(options: TestSupport.options()).read(site: site)
        let problems = TestSupport.disagreements(result.blog, truth: truth)
        #expect(problems.isEmpty, "\(name): \(problems.prefix(10).joined(separator: "\n"))")
        #expect(result.blog.posts.count == truth.count)

        // Back up, read the backup again, restore it, compare every file.
        let bytes = JSONWriter.bytes(BackupFormat.encode(result.blog))
        let restored = try BackupImporter().read(Data(bytes), name: "\(name).json")
        #expect(restored == result.blog)
        for post in restored.posts {
            let original = try Data(contentsOf: site.appendingPathComponent(post.sourcePath))
            #expect(Data(post.source.utf8) == original, "\(post.sourcePath)")
        }
    }
}
