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
        let extras: (Post) -> [(String, JSONValue)] = { post in
            [("html", .string(HTMLWriter.html(post.body, options: options))),
             ("excerpt_html", .string(HTMLWriter.html(post.excerpt, options: options)))]
        }
        return ExportResult(output: .document(JSONWriter.bytes(BackupFormat.encode(blog, postExtras: extras))))
    }
}
