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
        // Posts' HTML is written on all cores a batch at a time, and each post's JSON is written
        // and dropped in turn: memory holds one batch, not the whole backup as a tree.
        let batch = 256
        var html: [(String, String)] = []
        var batchStart = -batch
        let bytes = BackupFormat.bytes(blog) { i, _ in
            if i >= batchStart + batch {
                batchStart = i
                let slice = Array(blog.posts[i..<min(i + batch, blog.posts.count)])
                html = ParallelMap.map(slice) { post in
                    (HTMLWriter.html(post.body, options: options), HTMLWriter.html(post.excerpt, options: options))
                }
            }
            let (body, excerpt) = html[i - batchStart]
            return [("html", .string(body)), ("excerpt_html", .string(excerpt))]
        }
        return ExportResult(output: .document(bytes))
    }
}
