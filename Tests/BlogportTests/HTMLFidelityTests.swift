import BlogJSON
import BlogModel
import BlogportKit
import Exporters
import Foundation
import Importers
import Testing

/// Body HTML and excerpts against what the real Jekyll published, judged by the shared oracle
/// `../shared/tools/fidelity.py` (HTML compared as normalised trees): every sample post agrees,
/// and each corpus agrees for at least 95% of its posts (today: all of them).
@Suite struct HTMLFidelityTests {
    struct Agreement { var html: (Int, Int); var excerpt: (Int, Int) }

    /// Writes our backup of `site` and asks fidelity.py how many posts agree.
    static func agreement(site: URL, truth: URL, all: Bool) throws -> Agreement? {
        guard let shared = TestSupport.shared else { return nil }
        var options = TestSupport.options(drafts: all, future: all, unpublished: all)
        options.markdownToHTML = Conversion.markdownToHTML
        let blog = try JekyllImporter(options: options).read(site: site).blog
        guard case .document(let bytes) = try JSONExporter().write(blog, context: ExportContext()).output else { return nil }
        let ours = TestSupport.temporaryFolder().appendingPathComponent("ours.json")
        try Data(bytes).write(to: ours)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", shared.appendingPathComponent("tools/fidelity.py").path, truth.path, ours.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        func counts(_ field: String) -> (Int, Int)? {
            for line in output.split(separator: "\n") where line.hasPrefix(field + " ") {
                let parts = line.split(separator: " ").filter { !$0.isEmpty }
                guard parts.count >= 2 else { continue }
                let nm = parts[1].split(separator: "/")
                if nm.count == 2, let n = Int(nm[0]), let m = Int(nm[1]) { return (n, m) }
            }
            return nil
        }
        guard let html = counts("html"), let excerpt = counts("excerpt") else {
            Issue.record("fidelity.py said: \(output)")
            return nil
        }
        return Agreement(html: html, excerpt: excerpt)
    }

    @Test(arguments: FidelityTests.sampleSites)
    func everySamplePostAgrees(site: URL) throws {
        guard let a = try Self.agreement(site: site, truth: site.appendingPathComponent("_expected/jekyll-truth-all.json"), all: true) else { return }
        print("html fidelity \(site.lastPathComponent): html \(a.html.0)/\(a.html.1), excerpt \(a.excerpt.0)/\(a.excerpt.1)")
        #expect(a.html.0 == a.html.1)
        #expect(a.excerpt.0 == a.excerpt.1)
    }

    @Test(arguments: FidelityTests.corpora)
    func corpusAgreesForAtLeast95Percent(name: String) throws {
        let shared = try #require(TestSupport.shared)
        let dir = shared.appendingPathComponent("corpora/\(name)")
        guard let a = try Self.agreement(site: dir.appendingPathComponent("site"), truth: dir.appendingPathComponent("truth.json"), all: false) else { return }
        print("html fidelity \(name): html \(a.html.0)/\(a.html.1), excerpt \(a.excerpt.0)/\(a.excerpt.1)")
        #expect(a.html.1 > 0 && Double(a.html.0) >= 0.95 * Double(a.html.1))
        #expect(a.excerpt.1 > 0 && Double(a.excerpt.0) >= 0.95 * Double(a.excerpt.1))
    }
}
