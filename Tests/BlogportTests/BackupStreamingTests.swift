import BlogJSON
import BlogModel
import Foundation
import Importers
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
}
