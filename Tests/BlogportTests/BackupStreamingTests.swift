import BlogJSON
import BlogModel
import Foundation
import Exporters
import Importers
import Kramdown
import Testing

/// The backup written post by post is byte for byte the backup written as one tree.
struct BackupStreamingTests {
    @Test(arguments: FidelityTests.sampleSites)
    func streamedBackupEqualsTheTree(site: URL) throws {
        let blog = try JekyllImporter(options: TestSupport.options(drafts: true, future: true, unpublished: true)).read(site: site).blog
        let extras: (Post) -> [(String, JSONValue)] = { [("html", .string("<p>\($0.slug)</p>"))] }
        let tree = JSONWriter.bytes(BackupFormat.encode(blog, postExtras: extras))
        let streamed = BackupFormat.bytes(blog) { _, post in extras(post) }
        #expect(streamed == tree)
        let empty = Blog(site: blog.site, posts: [])
        #expect(BackupFormat.bytes(empty) == JSONWriter.bytes(BackupFormat.encode(empty)))
    }

    /// A post over 4 MB is written straight into its batch (`BackupFormat.appendElement`), the
    /// others made apart and copied in: the backup is still the tree's bytes.
    @Test func bigPostsWrittenInPlaceGiveTheTreesBytes() throws {
        var blog = try JekyllImporter(options: TestSupport.options(drafts: true, future: true, unpublished: true))
            .read(site: FidelityTests.sampleSites[0]).blog
        #expect(blog.posts.count >= 3)
        // Two posts made big, so that one slice holds two: the first (the array's opening
        // bracket) and one in the middle.
        for i in [0, blog.posts.count / 2] {
            blog.posts[i].source += String(repeating: "Padding line with \"quotes\" and \\ é.\n", count: 120_000)
            #expect(blog.posts[i].source.utf8.count > 4 << 20)
        }
        let options = KramdownOptions(config: blog.site.config["kramdown"]?.mapValue ?? MetadataMap())
        let tree = JSONWriter.bytes(BackupFormat.encode(blog, postExtras: { post in [
            ("html", .string(HTMLWriter.html(post.body, options: options))),
            ("excerpt_html", .string(HTMLWriter.html(post.excerpt, options: options))),
        ] }))
        guard case .document(let exported) = JSONExporter().write(blog, context: ExportContext()).output else {
            Issue.record("the backup is one document")
            return
        }
        // (Compared without printing megabytes of operands when they differ.)
        let common = min(exported.count, tree.count)
        let firstDifference = (0..<common).first { exported[$0] != tree[$0] } ?? (exported.count == tree.count ? nil : common)
        #expect(firstDifference == nil, "the backup differs from the tree's bytes at byte \(firstDifference ?? 0)")
    }
}
