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
        let session = Session(blog, context: context)
        return session.add(blog.posts, at: 0).followed(by: session.finish())
    }

    /// The backup a batch of posts at a time: each batch's bytes follow the last.
    public func start(_ outline: Blog, context: ExportContext) -> any ExportSession {
        Session(outline, context: context)
    }

    final class Session: ExportSession {
        let site: Site
        let count: Int
        let options: KramdownOptions
        let context: ExportContext
        private var headWritten = false
        /// The bytes of the last batch, kept to be filled again: a backup's batches are megabytes,
        /// and fresh buffers for each (grown by doubling) cost more in page faults than in copying.
        private var batchBytes: [UInt8] = []

        init(_ outline: Blog, context: ExportContext) {
            self.context = context
            site = outline.site
            count = outline.posts.count
            options = KramdownOptions(config: outline.site.config["kramdown"]?.mapValue ?? MetadataMap())
        }

        func add(_ posts: [Post], at offset: Int) -> ExportResult {
            var out = batchBytes
            batchBytes = []
            out.removeAll(keepingCapacity: true)
            if !headWritten {
                out += BackupFormat.head(site)
                headWritten = true
            }
            // Each post's HTML and JSON on all cores, a slice at a time (memory holds one slice,
            // not the backup as a tree), joined in order.
            let options = self.options, context = self.context
            @Sendable func extras(_ post: Post, _ index: Int) -> [(String, JSONValue)] {
                [
                    ("html", .string(context.html(of: post, index: index, options: options))),
                    ("excerpt_html", .string(context.html(of: post, index: index, excerpt: true, options: options))),
                ]
            }
            let slice = 256
            for start in stride(from: 0, to: posts.count, by: slice) {
                let items = Array(posts[start..<min(start + slice, posts.count)].enumerated())
                // A big post's element is written straight into the batch after the others are
                // made, not made apart and copied: it is some twenty times its source.
                let pieces = ParallelMap.map(items) { i, post in
                    Session.isBig(post) ? [] : BackupFormat.element(post, extras: extras(post, offset + start + i), index: offset + start + i)
                }
                // What the made pieces still to be appended come to.
                var madeLeft = pieces.reduce(0) { $0 + $1.count }
                out.reserveCapacity(out.count + madeLeft)
                for (i, piece) in pieces.enumerated() {
                    let post = items[i].element
                    if Session.isBig(post) {
                        // Room for what such a post's element usually needs (the 50 MB test post's
                        // is 22 times its source) and for the pieces after it, so that the buffer
                        // is not grown by copying (both copies resident at once); room never
                        // written costs no memory. At least doubled, so that many big posts in a
                        // slice do not copy the buffer once each.
                        let needed = out.count + 24 * post.source.utf8.count + madeLeft
                        if out.capacity < needed { out.reserveCapacity(Swift.max(needed, 2 * out.capacity)) }
                        BackupFormat.appendElement(post, extras: extras(post, offset + start + i), index: offset + start + i, to: &out)
                    } else {
                        out += piece
                        madeLeft -= piece.count
                    }
                }
            }
            // A batch's buffer is kept for the next only while it is of a usual size, not after
            // a big post made it hundreds of megabytes.
            batchBytes = out.capacity <= Session.keptBufferLimit ? out : []
            return ExportResult(output: .document(out))
        }

        /// Posts whose source is over 4 MB count as big (their elements are written one after
        /// another; smaller posts' are made on all cores).
        static func isBig(_ post: Post) -> Bool { post.source.utf8.count > 4 << 20 }

        /// The largest batch buffer kept for the next batch.
        static let keptBufferLimit = 64 << 20

        func finish() -> ExportResult {
            var out = headWritten ? [] : BackupFormat.head(site)
            headWritten = true
            out += BackupFormat.tail(count: count)
            return ExportResult(output: .document(out))
        }
    }
}
