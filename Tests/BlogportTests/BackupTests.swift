import BlogJSON
import BlogModel
import BlogportKit
import Foundation
import Importers
import Testing

@Suite struct BackupTests {
    static func sampleBlog() throws -> Blog {
        let site = TestSupport.repoRoot.appendingPathComponent("samples/01-jekyll-features")
        return try JekyllImporter(options: TestSupport.options(drafts: true, future: true, unpublished: true)).read(site: site).blog
    }

    @Test func backupRoundTripsAndIsByteIdentical() throws {
        let blog = try Self.sampleBlog()
        let first = JSONWriter.bytes(BackupFormat.encode(blog))
        let decoded = try BackupFormat.decode(try JSONParser.parse(first))
        #expect(decoded == blog)
        #expect(JSONWriter.bytes(BackupFormat.encode(decoded)) == first)
        // Reading the site again gives the same bytes (no clock, no hash order).
        #expect(JSONWriter.bytes(BackupFormat.encode(try Self.sampleBlog())) == first)
    }

    @Test func topLevelShapeAndKeyOrder() throws {
        let value = try JSONParser.parse(JSONWriter.bytes(BackupFormat.encode(try Self.sampleBlog())))
        #expect(value.members?.map(\.0) == ["format", "version", "site", "posts"])
        #expect(value["format"] == .string("blogport-backup"))
        #expect(value["version"] == .int(1))
        let post = try #require(value["posts"]?.array?.first)
        for key in ["path", "url", "date", "title", "slug", "categories", "tags", "draft", "published", "front_matter", "source", "document"] {
            #expect(post[key] != nil, "missing \(key)")
        }
    }

    @Test func frontMatterKeepsTypesAndOrder() throws {
        let site = TestSupport.makeSite(text: [
            "_posts/2024-01-02-types.md": """
            ---
            zebra: 1
            alpha: 2.5
            flag: yes
            nothing:
            when: 2024-01-02 03:04:05 +09:00
            day: 2024-01-02
            quoted: "2024-01-02"
            list: [a, 1, true]
            nested: {b: 1, a: 2}
            ---
            body
            """,
        ])
        let post = try #require(try JekyllImporter(options: TestSupport.options()).read(site: site).blog.posts.first)
        let fm = post.frontMatter
        #expect(fm.keys == ["zebra", "alpha", "flag", "nothing", "when", "day", "quoted", "list", "nested"])
        #expect(fm["zebra"] == .int(1))
        #expect(fm["alpha"] == .float(2.5))
        #expect(fm["flag"] == .bool(true))
        #expect(fm["nothing"] == .null)
        #expect(fm["when"] == .timestamp("2024-01-02 03:04:05 +09:00"))
        #expect(fm["day"] == .timestamp("2024-01-02"))
        #expect(fm["quoted"] == .string("2024-01-02"))
        #expect(fm["list"] == .list([.string("a"), .int(1), .bool(true)]))
        #expect(fm["nested"]?.mapValue?.keys == ["b", "a"])
        let json = JSONWriter.string(BackupFormat.encode(fm))
        #expect(json.contains(#""when": {"#) && json.contains(#""!!timestamp": "2024-01-02 03:04:05 +09:00""#))
    }

    @Test func notABackupIsRefusedWithItsReason() throws {
        func message(_ text: String) -> String {
            do {
                _ = try BackupImporter().read(Data(text.utf8), name: "b.json")
                return "accepted"
            } catch {
                return error.description
            }
        }
        #expect(message(#"{"format": "something-else", "version": 1}"#)
                == "b.json: error: not a usable blogport backup: not a blogport backup (the key \"format\" is not \"blogport-backup\")\n  hint: make it again with `blogport convert SITE --to json`")
        #expect(message(#"{"format": "blogport-backup", "version": 7, "site": {}, "posts": []}"#)
                == "b.json: error: not a usable blogport backup: backup version 7 is not supported (this blogport reads version 1)\n  hint: make it again with `blogport convert SITE --to json`")
        #expect(message("{\"format\": \"blogport-backup\", \"version\": 1, \"site\": {\"title\": \"x")
                == "b.json:1:65: error: not a valid JSON file: unterminated string (the file is truncated)\n  hint: was the backup cut short or edited? Make it again with `blogport convert SITE --to json`")
    }

    @Test func truncatedRealBackupIsRefusedAndNothingIsRestored() throws {
        let bytes = JSONWriter.bytes(BackupFormat.encode(try Self.sampleBlog()))
        let folder = TestSupport.temporaryFolder()
        let backup = folder.appendingPathComponent("cut.json")
        try Data(bytes.prefix(bytes.count / 2)).write(to: backup)
        let out = folder.appendingPathComponent("out")
        let report = BlogportKit.Restore().run(backup: backup.path, output: out.path, force: false)
        #expect(report.status == .badInput)
        #expect(report.written == 0)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

@Suite struct BackupTaggingTests {
    @Test func mapsThatLookLikeTagsRoundTrip() throws {
        let site = TestSupport.makeSite(text: [
            "_posts/2024-01-02-tags.md": "---\nmeta: {\"!!float\": NaN}\nwhen: {\"!!timestamp\": \"2020-01-01\"}\n---\n",
        ])
        let blog = try JekyllImporter(options: TestSupport.options()).read(site: site).blog
        let decoded = try BackupFormat.decode(try JSONParser.parse(JSONWriter.bytes(BackupFormat.encode(blog))))
        #expect(decoded == blog)
        #expect(decoded.posts.first?.frontMatter["when"] == .map(MetadataMap([("!!timestamp", .string("2020-01-01"))])))
    }

    /// Jekyll's `post.id` is the URL's folder plus the slug (checked with Jekyll 4.3.1:
    /// `_posts/2020-01-01-b.md` with `permalink: foo/:title` has id `/foo/b`).
    @Test func postIdUsesTheFileSlug() throws {
        let site = TestSupport.makeSite(text: ["_config.yml": "permalink: foo/:title\n", "_posts/2020-01-01-b.md": "---\n---\n"])
        let post = try #require(try JekyllImporter(options: TestSupport.options()).read(site: site).blog.posts.first)
        #expect(post.url == "/foo/b")
        #expect(post.id == "/foo/b")
    }
}
