import BlogJSON
import BlogModel

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
        ExportResult(output: .document(JSONWriter.bytes(BackupFormat.encode(blog))))
    }
}
