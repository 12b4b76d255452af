import BlogportKit
import Foundation
import Testing

/// Issue 7: what `SafeFileWriter` does when something is already at a target. A file is
/// replaced whole (with `overwrite`) and leaves no `.blogport-*` name behind; a symbolic link
/// or a folder in the way is never replaced, and the file a link points to is not touched.
@Suite struct SafeFileWriterTests {
    static func files(in root: URL) -> [String] {
        let names = FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []
        return names.sorted()
    }

    static func text(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    /// The failure `write` throws, as `path: reason`; nil when it writes.
    static func failure(_ write: () throws -> Void) -> String? {
        do { try write(); return nil } catch { return (error as? SafeFileWriter.Failure)?.description ?? "\(error)" }
    }

    @Test func newFileThenReplacedWholeWithNoTemporaryLeft() throws {
        let root = TestSupport.temporaryFolder()
        let writer = SafeFileWriter(root: root, overwrite: true)
        try writer.write(Array("first version, longer than the second\n".utf8), to: "a/b/post.html")
        #expect(Self.text(root.appendingPathComponent("a/b/post.html")) == "first version, longer than the second\n")
        try writer.write(Array("second\n".utf8), to: "a/b/post.html")
        #expect(Self.text(root.appendingPathComponent("a/b/post.html")) == "second\n")
        // Many replacements in one folder each get their own temporary name, none left.
        for i in 0..<50 { try writer.write(Array("v\(i)\n".utf8), to: "a/b/post.html") }
        #expect(Self.text(root.appendingPathComponent("a/b/post.html")) == "v49\n")
        #expect(Self.files(in: root) == ["a", "a/b", "a/b/post.html"])
        let mode = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent("a/b/post.html").path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
    }

    @Test func anExistingFileIsKeptWithoutOverwrite() throws {
        let root = TestSupport.temporaryFolder()
        try Data("mine\n".utf8).write(to: root.appendingPathComponent("post.md"))
        let writer = SafeFileWriter(root: root, overwrite: false)
        #expect(Self.failure { try writer.write(Array("theirs\n".utf8), to: "post.md") } == "post.md: the file exists (use --force to replace it)")
        #expect(Self.text(root.appendingPathComponent("post.md")) == "mine\n")
        #expect(Self.files(in: root) == ["post.md"])
    }

    @Test func aSymbolicLinkOrAFolderInTheWayIsNotReplaced() throws {
        let root = TestSupport.temporaryFolder()
        let outside = TestSupport.temporaryFolder().appendingPathComponent("victim.txt")
        try Data("untouched\n".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link.html").path, withDestinationPath: outside.path)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("dir.html"), withIntermediateDirectories: false)
        let writer = SafeFileWriter(root: root, overwrite: true)
        #expect(Self.failure { try writer.write(Array("new\n".utf8), to: "link.html") } == "link.html: it is a symbolic link; not replaced")
        #expect(Self.failure { try writer.write(Array("new\n".utf8), to: "dir.html") } == "dir.html: a folder is in the way")
        #expect(Self.text(outside) == "untouched\n")
        #expect(Self.files(in: root) == ["dir.html", "link.html"])
    }
}
