import BlogModel
import Foundation
import Importers
import Testing

/// Which files are posts under `exclude` and `include`: glob patterns, literal paths, path
/// prefixes (Ruby's `start_with?`, on bytes) and folders. The expected lists are what Jekyll
/// 4.3.1 published for the same sites (`jekyll build`, checked by hand: the posts under `_site`).
struct SiteDiscoveryTests {
    static func posts(config: String) throws -> [String] {
        var files: [String: String] = ["_config.yml": config]
        for name in ["2024-01-01-a", "2024-01-02-b-draft", "2024-01-03-c", "2024-01-04-cc", "sub/2024-01-05-d", "x/2024-01-06-e"] {
            files["_posts/\(name).md"] = "---\ntitle: \(name)\n---\nbody\n"
        }
        files["_posts/2024-01-03-c.md.txt"] = "---\ntitle: f\n---\nbody\n"
        let site = TestSupport.makeSite(text: files)
        return try JekyllImporter(options: TestSupport.options()).read(site: site).blog.posts.map(\.sourcePath).sorted()
    }

    @Test func globsLiteralPathsAndFolders() throws {
        let config = "title: t\nexclude: [\"_posts/*-draft.md\", \"_posts/2024-01-03-c.md\", \"_posts/sub/\", \"_posts/x\"]\n"
        #expect(try Self.posts(config: config) == ["_posts/2024-01-01-a.md", "_posts/2024-01-04-cc.md"])
    }

    @Test func prefixesAndIncludes() throws {
        // `_posts/2024-01-0` is a prefix of every post straight in _posts; an included post is
        // published by Jekyll as a page, not a post.
        let config = "title: t\nexclude: [\"_posts/2024-01-0\", \"_posts/x/\"]\ninclude: [\"_posts/2024-01-01-a.md\"]\n"
        #expect(try Self.posts(config: config) == ["_posts/sub/2024-01-05-d.md"])
    }
}
