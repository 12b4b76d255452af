import BlogJSON
import BlogModel
import BlogportKit
import Foundation
import Importers
import Testing

@Suite struct RestoreTests {
    func backup(of files: [String: String]) throws -> URL {
        let site = TestSupport.makeSite(text: files)
        let blog = try JekyllImporter(options: TestSupport.options()).read(site: site).blog
        let file = TestSupport.temporaryFolder().appendingPathComponent("backup.json")
        try Data(JSONWriter.bytes(BackupFormat.encode(blog))).write(to: file)
        return file
    }

    @Test func restoresByteForByteIncludingBOMAndCRLF() throws {
        let files = [
            "_posts/2024-01-01-crlf.md": "---\r\ntitle: CRLF\r\n---\r\nbody\r\n",
            "_posts/2024-01-02-bom.md": "\u{FEFF}---\ntitle: BOM\n---\nbody\n",
            "es/_posts/2024-01-03-nested.md": "---\ntitle: Nested\n---\n",
        ]
        let out = TestSupport.temporaryFolder()
        let report = BlogportKit.Restore().run(backup: try backup(of: files).path, output: out.path, force: false)
        #expect(report.status == .success && report.written == 3)
        for (path, text) in files {
            #expect(try Data(contentsOf: out.appendingPathComponent(path)) == Data(text.utf8), "\(path)")
        }
    }

    @Test func refusesToOverwriteWithoutForce() throws {
        let file = try backup(of: ["_posts/2024-01-01-a.md": "---\ntitle: A\n---\nnew\n"])
        let out = TestSupport.temporaryFolder()
        let target = out.appendingPathComponent("_posts/2024-01-01-a.md")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("old\n".utf8).write(to: target)
        let refused = BlogportKit.Restore().run(backup: file.path, output: out.path, force: false)
        #expect(refused.status == .outputError)
        #expect(refused.diagnostics.map(\.description) == [
            "\(out.path)/_posts/2024-01-01-a.md: error: the file exists (use --force to replace it)",
        ])
        #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
        let forced = BlogportKit.Restore().run(backup: file.path, output: out.path, force: true)
        #expect(forced.status == .success)
        #expect(try String(contentsOf: target, encoding: .utf8) == "---\ntitle: A\n---\nnew\n")
    }

    @Test func refusesPathsThatLeaveTheOutputFolder() throws {
        let file = try backup(of: ["_posts/2024-01-01-a.md": "---\ntitle: A\n---\n"])
        for evil in ["../escape.md", "/etc/evil.md", "_posts/../../x.md"] {
            let text = try String(contentsOf: file, encoding: .utf8)
                .replacingOccurrences(of: "\"path\": \"_posts/2024-01-01-a.md\"", with: "\"path\": \"\(evil)\"")
            let tampered = TestSupport.temporaryFolder().appendingPathComponent("t.json")
            try Data(text.utf8).write(to: tampered)
            let out = TestSupport.temporaryFolder().appendingPathComponent("out")
            let report = BlogportKit.Restore().run(backup: tampered.path, output: out.path, force: true)
            #expect(report.status == .outputError, "\(evil)")
            #expect(report.written == 0)
            #expect(report.diagnostics.first?.message.hasPrefix("refusing to restore '\(evil)'") == true)
        }
    }

    @Test func symlinkInsideOutputDoesNotLeadOutside() throws {
        let file = try backup(of: ["_posts/2024-01-01-a.md": "---\ntitle: A\n---\n"])
        let out = TestSupport.temporaryFolder()
        let elsewhere = TestSupport.temporaryFolder()
        try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("_posts").path, withDestinationPath: elsewhere.path)
        let report = BlogportKit.Restore().run(backup: file.path, output: out.path, force: true)
        #expect(report.status == .outputError)
        #expect(!FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("2024-01-01-a.md").path))
    }
}

@Suite struct RestoreAllOrNothingTests {
    @Test func oneExistingFileStopsTheWholeRestoreWithoutForce() throws {
        let site = TestSupport.makeSite(text: [
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n", "_posts/2024-01-02-b.md": "---\ntitle: B\n---\n",
        ])
        let blog = try JekyllImporter(options: TestSupport.options()).read(site: site).blog
        let file = TestSupport.temporaryFolder().appendingPathComponent("backup.json")
        try Data(JSONWriter.bytes(BackupFormat.encode(blog))).write(to: file)
        let out = TestSupport.temporaryFolder()
        try FileManager.default.createDirectory(at: out.appendingPathComponent("_posts"), withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: out.appendingPathComponent("_posts/2024-01-02-b.md"))
        let report = BlogportKit.Restore().run(backup: file.path, output: out.path, force: false)
        #expect(report.status == .outputError && report.written == 0)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("_posts/2024-01-01-a.md").path))
    }
}
