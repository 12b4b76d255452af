import BlogModel
import Kramdown

/// Plain Markdown: every post as CommonMark (GFM tables, strikethrough, footnotes) at its source
/// path, with YAML front matter.
///
/// The front matter keeps every original key in its order; `title`, `date` (ISO 8601 with the
/// offset), `categories` and `tags` (lists) are written as Jekyll resolved them, in place when
/// the key was there, else `title` and `date` first and `categories` and `tags` last. A post that
/// was not Markdown (an `.html` post) gets the `.md` extension, as its body is now Markdown.
public struct MarkdownExporter: Exporter {
    /// `--to markdown`
    public static let formatName = "markdown"
    /// One line for `blogport formats`.
    public static let summary = "every post as CommonMark + GFM with YAML front matter, at its source path (needs --out DIR)"

    /// Makes the exporter.
    public init() {}

    /// One file per post, in the blog's post order.
    public func write(_ blog: Blog, context: ExportContext) -> ExportResult {
        let session = Session(blog, context: context)
        return session.add(blog.posts, at: 0).followed(by: session.finish())
    }

    /// Each batch of posts is written as it comes (file names are settled from the outline).
    public func start(_ outline: Blog, context: ExportContext) -> any ExportSession {
        Session(outline, context: context)
    }

    final class Session: ExportSession {
        let options: KramdownOptions
        let extensions: Set<String>
        let taken: Set<String>
        let displayPrefix: String
        var diagnostics: [Diagnostic] = []

        init(_ outline: Blog, context: ExportContext) {
            options = KramdownOptions(config: outline.site.config["kramdown"]?.mapValue ?? MetadataMap())
            extensions = MarkdownExporter.markdownExtensions(outline.site.config)
            taken = Set(outline.posts.map(\.sourcePath))
            displayPrefix = context.displayPrefix
        }

        func add(_ posts: [Post], at offset: Int) -> ExportResult {
            var files: [(path: String, bytes: [UInt8])] = []
            var sources: [String: String] = [:]
            // Written on all cores, gathered in post order.
            let options = self.options
            let written = ParallelMap.map(posts) { post in MarkdownExporter.file(post, options: options) }
            for (post, (text, warnings)) in zip(posts, written) {
                let path = MarkdownExporter.outputPath(post.sourcePath, markdownExtensions: extensions, taken: taken)
                files.append((path, Array(text.utf8)))
                sources[path] = post.sourcePath
                for w in Set(warnings).sorted() {
                    diagnostics.append(Diagnostic(.warning, code: "markdown-fallback", message: w,
                                                  location: SourceLocation(file: displayPrefix + post.sourcePath)))
                }
            }
            var result = ExportResult(output: .files(files))
            result.sources = sources
            return result
        }

        func finish() -> ExportResult {
            ExportResult(output: .files([]), diagnostics: diagnostics)
        }
    }

    /// The whole file for one post: front matter, a blank line, the body.
    public static func file(_ post: Post, options: KramdownOptions) -> (text: String, warnings: [String]) {
        let (body, warnings) = MarkdownWriter.markdown(post.body, options: options)
        let head = YAMLFrontMatter.document(frontMatter(post))
        return (body.isEmpty ? head : head + "\n" + body, warnings)
    }

    /// The original front matter with title, date, categories and tags as Jekyll resolved them.
    public static func frontMatter(_ post: Post) -> MetadataMap {
        let original = post.frontMatter
        var leading: [(String, MetadataValue)] = []
        if !original.contains("title") { leading.append(("title", .string(post.title))) }
        if !original.contains("date") { leading.append(("date", .timestamp(post.date.iso8601))) }
        var map = MetadataMap(leading + original.entries.map { ($0.key, $0.value) })
        map["title"] = .string(post.title)
        map["date"] = .timestamp(post.date.iso8601)
        if !post.categories.isEmpty || original.contains("categories") {
            map["categories"] = .list(post.categories.map { .string($0) })
        }
        if !post.tags.isEmpty || original.contains("tags") {
            map["tags"] = .list(post.tags.map { .string($0) })
        }
        return map
    }

    /// The site's Markdown extensions (`markdown_ext`), with the dot, lower-cased.
    static func markdownExtensions(_ config: MetadataMap) -> Set<String> {
        let list = config["markdown_ext"]?.rubyString ?? "markdown,mkdown,mkdn,mkd,md"
        return Set(list.split(separator: ",").map { "." + String($0).trimming(" ").lowercased() })
    }

    /// The source path, with `.md` in place of a non-Markdown extension (unless that path is
    /// another post's).
    static func outputPath(_ source: String, markdownExtensions: Set<String>, taken: Set<String>) -> String {
        let name = source.lastSlashSegment ?? source
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return source }
        let ext = String(name[dot...]).lowercased()
        if markdownExtensions.contains(ext) { return source }
        let candidate = String(source.dropLast(ext.count)) + ".md"
        // `.md` is longer than a one-letter extension: keep a 255-byte name as it is.
        if name.utf8.count - ext.utf8.count + 3 > 255 { return source }
        return taken.contains(candidate) ? source : candidate
    }
}
