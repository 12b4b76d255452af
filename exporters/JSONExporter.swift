import BlogJSON
import BlogModel
import Kramdown

/// The lossless backup: the whole blog as one JSON document (`schema/blogport-backup.schema.json`).
public struct JSONExporter: Exporter {
    /// `--to json`
    public static let formatName = "json"
    /// One line for `blogport formats`.
    public static let summary = "lossless JSON backup of the whole blog (restore it with `blogport restore`)"

    /// Makes the exporter.
    public init() {}

    /// The backup's bytes: same blog, same bytes.
    public func write(_ blog: Blog, context: ExportContext) -> ExportResult {
        let options = KramdownOptions(config: blog.site.config["kramdown"]?.mapValue ?? MetadataMap())
        // Every post's HTML, written on all cores; looked up by position while encoding.
        let html = ParallelMap.map(blog.posts) { post in
            (HTMLWriter.html(post.body, options: options), HTMLWriter.html(post.excerpt, options: options))
        }
        var index: [String: Int] = [:]
        for (i, post) in blog.posts.enumerated() where index[post.sourcePath] == nil { index[post.sourcePath] = i }
        let extras: (Post) -> [(String, JSONValue)] = { post in
            guard let i = index[post.sourcePath] else { return [] }
            return [("html", .string(html[i].0)), ("excerpt_html", .string(html[i].1))]
        }
        return ExportResult(output: .document(JSONWriter.bytes(BackupFormat.encode(blog, postExtras: extras))))
    }
}
