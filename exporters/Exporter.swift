import BlogModel
import Foundation

/// What an exporter writes: one document (a file or stdout) or a tree of files.
public enum ExportOutput: Sendable {
    /// One document, e.g. a JSON backup or a feed.
    case document([UInt8])
    /// Files at paths relative to the output folder, in a stable order.
    case files([(path: String, bytes: [UInt8])])
}

/// What an export produced, and what it could not express.
public struct ExportResult: Sendable {
    /// The output.
    public var output: ExportOutput
    /// Content the format cannot carry, and other warnings.
    public var diagnostics: [Diagnostic]
    /// For `.files` outputs: which post each file was written for (output path → the post's
    /// source path); files for no single post (indexes, copies) are absent.
    public var sources: [String: String] = [:]

    /// Makes an export result.
    public init(output: ExportOutput, diagnostics: [Diagnostic] = []) {
        self.output = output
        self.diagnostics = diagnostics
    }
}

/// Inputs an exporter may depend on besides the blog.
public struct ExportContext: Sendable {
    /// The site folder the blog was read from (nil when it came from a backup): where local
    /// resources such as images are found. Exporters never read outside it.
    public var siteRoot: URL?
    /// Put before site-relative paths in diagnostics (the site folder as the user typed it).
    public var displayPrefix: String
    /// Format-specific settings from the command line, by flag name without dashes
    /// (`all-feeds`, `fragment`, `max-embed`, `template`, `drafts`); each exporter reads its own.
    public var settings: [String: String]
    /// Post HTML shared by the exporters of one run (nil: each exporter writes its own).
    public var renderedHTML: RenderedHTML?
    /// Feed entries shared by the feed exporters of one run, made as the posts pass by (nil:
    /// each feed makes its own at the end).
    public var feedEntries: FeedEntryStore?

    /// Makes a context.
    public init(siteRoot: URL? = nil, displayPrefix: String = "", settings: [String: String] = [:], renderedHTML: RenderedHTML? = nil,
                feedEntries: FeedEntryStore? = nil) {
        self.siteRoot = siteRoot
        self.displayPrefix = displayPrefix
        self.settings = settings
        self.renderedHTML = renderedHTML
        self.feedEntries = feedEntries
    }
}

/// One output format.
public protocol Exporter: Sendable {
    /// The name used with `--to`.
    static var formatName: String { get }
    /// One line for `blogport formats`.
    static var summary: String { get }
    /// Makes the exporter with its default settings.
    init()
    /// Writes the whole blog.
    func write(_ blog: Blog, context: ExportContext) throws -> ExportResult
    /// Starts an export that takes the posts a batch at a time, so that a large blog is never
    /// held whole: `outline` has every post's metadata (bodies may still be source), and the
    /// session is then given the complete posts in order. The default keeps the posts
    /// `postsNeeded` names and writes everything at the end.
    func start(_ outline: Blog, context: ExportContext) throws -> any ExportSession
    /// Indexes of the posts (in `outline.posts`) that `write` needs: given a blog of only these
    /// posts, in their order, it writes what it writes for the whole blog. Nil (the default)
    /// means all of them. A feed needs only the newest few.
    func postsNeeded(_ outline: Blog, context: ExportContext) -> Set<Int>?
    /// Work the default session may do as the needed posts pass by (`posts[i]` is the
    /// outline's post at `indexes[i]`), so that less is left for the end. Nothing by default;
    /// the feeds make their entries.
    func prepare(_ posts: [Post], indexes: [Int], outline: Blog, context: ExportContext)
}

/// An export in progress (see `Exporter.start`). A session is used from one thread at a time.
public protocol ExportSession: AnyObject {
    /// Takes the complete posts `outline.posts[offset ..< offset + posts.count]`; batches come
    /// in order, each once. Returns what is ready to write: files, or the next bytes of a
    /// document (appended to what came before). Diagnostics may wait for `finish`.
    func add(_ posts: [Post], at offset: Int) throws -> ExportResult
    /// Returns the rest: indexes, copied resources, the end of a document, every diagnostic
    /// not yet returned. A session with much to return may return it in parts, so that it is
    /// written and let go of part by part: `finish` is called again while `hasMoreToFinish`.
    func finish() throws -> ExportResult
    /// Whether `finish` has more to return (false unless a session says otherwise).
    var hasMoreToFinish: Bool { get }
}

extension ExportSession {
    public var hasMoreToFinish: Bool { false }

    /// Every part `finish` returns, joined.
    public func finishAll() throws -> ExportResult {
        var result = try finish()
        while hasMoreToFinish { result = result.followed(by: try finish()) }
        return result
    }
}

extension Exporter {
    /// A session that keeps the posts `postsNeeded` names and calls `write` at the end.
    public func start(_ outline: Blog, context: ExportContext) throws -> any ExportSession {
        WholeBlogSession(exporter: self, outline: outline, context: context)
    }

    /// Every post.
    public func postsNeeded(_ outline: Blog, context: ExportContext) -> Set<Int>? { nil }

    /// Nothing.
    public func prepare(_ posts: [Post], indexes: [Int], outline: Blog, context: ExportContext) {}

    /// `write` through a session: the whole blog as one batch, the results joined.
    func writeThroughSession(_ blog: Blog, context: ExportContext) throws -> ExportResult {
        let session = try start(blog, context: context)
        return try session.add(blog.posts, at: 0).followed(by: session.finishAll())
    }
}

extension ExportResult {
    /// This result, then `next`: files or document bytes joined, diagnostics and sources merged.
    public func followed(by next: ExportResult) -> ExportResult {
        var joined: ExportResult
        switch (output, next.output) {
        case (.document(let a), .document(let b)): joined = ExportResult(output: .document(a + b))
        case (.files(let a), .files(let b)): joined = ExportResult(output: .files(a + b))
        case (.files(let a), .document(let b)) where a.isEmpty: joined = ExportResult(output: .document(b))
        case (.document(let a), .files(let b)) where b.isEmpty: joined = ExportResult(output: .document(a))
        case (.files, .document), (.document, .files): joined = ExportResult(output: next.output)
        }
        joined.diagnostics = diagnostics + next.diagnostics
        joined.sources = sources.merging(next.sources) { a, _ in a }
        return joined
    }
}

/// The default session: keeps the posts the exporter needs (in place of their outlines) and
/// writes the whole blog at the end.
final class WholeBlogSession<E: Exporter>: ExportSession {
    private let exporter: E
    private let outline: Blog
    private let context: ExportContext
    private let needed: Set<Int>?
    /// The complete posts kept, by index (only those `needed` names).
    private var kept: [Int: Post] = [:]

    init(exporter: E, outline: Blog, context: ExportContext) {
        self.exporter = exporter
        self.outline = outline
        self.context = context
        self.needed = exporter.postsNeeded(outline, context: context)
    }

    func add(_ posts: [Post], at offset: Int) throws -> ExportResult {
        var keptNow: [Post] = [], indexes: [Int] = []
        for (i, post) in posts.enumerated() where needed?.contains(offset + i) ?? true {
            kept[offset + i] = post
            keptNow.append(post)
            indexes.append(offset + i)
        }
        if !keptNow.isEmpty { exporter.prepare(keptNow, indexes: indexes, outline: outline, context: context) }
        return ExportResult(output: .files([]))
    }

    func finish() throws -> ExportResult {
        var blog = Blog(site: outline.site, posts: [])
        if needed == nil {
            blog.posts = outline.posts.indices.map { kept[$0] ?? outline.posts[$0] }
        } else {
            blog.posts = kept.keys.sorted().map { kept[$0]! }
        }
        kept = [:]
        return try exporter.write(blog, context: context)
    }
}

/// The formats this build can write.
public enum Exporters {
    /// Every exporter, in the order `blogport formats` lists them.
    public static let all: [any Exporter.Type] = [
        JSONExporter.self, StandaloneHTMLExporter.self, MarkdownExporter.self,
        AtomExporter.self, RSSExporter.self, JSONFeedExporter.self,
    ]

    /// The exporter for a `--to` name, if there is one.
    public static func named(_ name: String) -> (any Exporter.Type)? {
        all.first { $0.formatName == name }
    }
}
