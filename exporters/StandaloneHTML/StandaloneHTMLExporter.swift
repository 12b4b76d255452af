import BlogModel
import Foundation
import Kramdown
import Liquid
import XMLSupport

/// `--to html`: one standalone page per post at the path Jekyll gives it under `_site`, an index
/// of every post and one per category and tag. Each page carries its own stylesheet and its
/// images as `data:` URIs, so the folder works offline and any page can be mailed on its own.
public struct StandaloneHTMLExporter: Exporter {
    /// `--to html`
    public static let formatName = "html"
    /// One line for `blogport formats`.
    public static let summary = "standalone HTML pages (one per post, images embedded, works offline) and indexes"

    /// Makes the exporter.
    public init() {}

    /// Why the export could not start.
    public struct SettingError: Error, CustomStringConvertible, Equatable {
        /// What is wrong, in one sentence.
        public var description: String
    }

    /// What the command line asked for.
    struct Settings {
        var fragment = false
        var maxEmbed: Int?
        var templatePath: String?

        init(_ settings: [String: String]) throws(SettingError) {
            fragment = settings["fragment"] == "true"
            if let size = settings["max-embed"] {
                guard let bytes = Settings.bytes(size) else {
                    throw SettingError(description: "--max-embed '\(size)' is not a size: give bytes or a number with K, M or G (512K, 2M)")
                }
                maxEmbed = bytes
            }
            templatePath = settings["template"]
        }

        /// `512K` → 524288; `2M`, `1G`, `100`, `1.5M`, `2MB`, `2MiB` (binary units).
        static func bytes(_ text: String) -> Int? {
            var s = text.trimmingCharacters(in: .whitespaces).uppercased()
            for unit in ["IB", "B"] where s.hasSuffix(unit) && s.count > unit.count {
                s.removeLast(unit.count)
                break
            }
            var factor = 1.0
            if let last = s.last, let f = ["K": 1024.0, "M": 1_048_576.0, "G": 1_073_741_824.0][String(last)] {
                factor = f
                s.removeLast()
            }
            guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let n = Double(s), n >= 0 else { return nil }
            return Int((n * factor).rounded(.down))
        }
    }

    /// Writes the pages.
    public func write(_ blog: Blog, context: ExportContext) throws -> ExportResult {
        let result = try writeThroughSession(blog, context: context)
        guard case .files(var files) = result.output else { return result }
        files.sort { $0.path < $1.path }
        var sorted = ExportResult(output: .files(files), diagnostics: result.diagnostics)
        sorted.sources = result.sources
        return sorted
    }

    /// Plans every page from the outline (paths, indexes, links between pages); posts' pages are
    /// then written a batch at a time, indexes and copied resources at the end.
    public func start(_ outline: Blog, context: ExportContext) throws -> any ExportSession {
        try Session(outline, context: context)
    }

    final class Session: ExportSession {
        let settings: Settings
        let template: LoadedTemplate?
        let kramdown: KramdownOptions
        let outline: Blog
        /// Output file of each post by index in the outline (nil: not exported, its URL is taken).
        let fileOfPost: [String?]
        /// Indexes of the posts that get a page, in blog order.
        let paged: [Int]
        let terms: [TermIndex]
        let taken: Set<String>
        let rewriter: ResourceRewriter
        let builder: PageBuilder
        let context: ExportContext
        var diagnostics: [Diagnostic] = []

        init(_ blog: Blog, context: ExportContext) throws {
            self.context = context
            settings = try Settings(context.settings)
            template = try settings.templatePath.map { path throws(SettingError) in try LoadedTemplate(path: path) }
            kramdown = KramdownOptions(config: blog.site.config["kramdown"]?.mapValue ?? MetadataMap())
            outline = blog

            // Where each post goes; the first post at a path keeps it, as the home index keeps index.html.
            var paged: [Int] = []
            var fileOfPost = [String?](repeating: nil, count: blog.posts.count)
            var taken: Set<String> = ["index.html"]
            for (n, post) in blog.posts.enumerated() {
                let file = OutputPaths.file(forURL: post.url)
                guard taken.insert(file).inserted else {
                    diagnostics.append(Diagnostic(.warning, code: "duplicate-url",
                        message: "not exported: another page is already written at \(file) (url \(post.url))",
                        location: SourceLocation(file: context.displayPrefix + post.sourcePath)))
                    continue
                }
                paged.append(n)
                fileOfPost[n] = file
            }
            terms = StandaloneHTMLExporter.termIndexes(blog.posts, paged: paged, taken: &taken, diagnostics: &diagnostics)
            self.paged = paged
            self.fileOfPost = fileOfPost
            self.taken = taken

            // Site paths that are pages of this export, for links between them.
            var pageFiles: [String: String] = ["": "index.html", "index.html": "index.html"]
            for file in paged.compactMap({ fileOfPost[$0] }) + terms.map(\.file) {
                pageFiles[file] = file
                if file.hasSuffix("/index.html") { pageFiles[String(file.dropLast("/index.html".count))] = file }
                let bare = String(file.dropLast(".html".count))
                if file.hasSuffix(".html"), pageFiles[bare] == nil { pageFiles[bare] = file }
            }
            let resources = context.siteRoot.map { SiteResources(root: $0, baseurl: blog.site.baseurl, siteURL: blog.site.url) }
            rewriter = ResourceRewriter(
                resources: resources, maxEmbed: settings.maxEmbed, displayPrefix: context.displayPrefix, postFiles: pageFiles,
                absolutePrefix: SiteResources(root: URL(fileURLWithPath: "/"), baseurl: blog.site.baseurl, siteURL: blog.site.url).absolutePrefix)
            builder = PageBuilder(site: blog.site, terms: terms)
        }

        func add(_ posts: [Post], at offset: Int) throws -> ExportResult {
            let pages = posts.enumerated().compactMap { i, post in fileOfPost[offset + i].map { (post: post, file: $0, index: offset + i) } }
            var files: [(path: String, bytes: [UInt8])] = []
            var result = ExportResult(output: .files([]))
            let kramdown = self.kramdown
            let builder = self.builder, context = self.context, rewriter = self.rewriter
            let fallbackFile = settings.templatePath ?? ""
            if let template, !settings.fragment {
                // A template's pages: the bodies on all cores, the template and rewriting in order.
                let bodies = ParallelMap.map(pages) { page in context.html(of: page.post, index: page.index, options: kramdown) }
                for ((post, file, _), body) in zip(pages, bodies) {
                    let page = ResourceRewriter.Page(outputFile: file, url: post.url, post: post, fallbackFile: fallbackFile)
                    let rendered = try template.render(globals: builder.templateGlobals(post: post, file: file, content: body, kramdown: kramdown))
                    diagnostics += rendered.warnings
                    var effects = ResourceRewriter.Effects()
                    let html = StandaloneHTMLExporter.rewriteDocument(rendered.output, page: page, rewriter: rewriter, effects: &effects)
                    rewriter.merge(effects)
                    files.append((file, Array(html.utf8)))
                    result.sources[file] = post.sourcePath
                }
            } else {
                // Each page whole on all cores: body, rewriting, and the frame around it; what the
                // rewriting did to the shared state is merged afterwards in page order.
                let framed = !settings.fragment
                let made = ParallelMap.map(pages) { page -> (bytes: [UInt8], effects: ResourceRewriter.Effects) in
                    let body = context.html(of: page.post, index: page.index, options: kramdown)
                    let place = ResourceRewriter.Page(outputFile: page.file, url: page.post.url, post: page.post, fallbackFile: fallbackFile)
                    var effects = ResourceRewriter.Effects()
                    let content = StandaloneHTMLExporter.rewriteFragment(body, page: place, rewriter: rewriter, effects: &effects)
                    guard framed else { return (Array(content.utf8), effects) }
                    let frame = builder.postFrame(page.post, file: page.file, kramdown: kramdown, excerptHTML: {
                        context.html(of: page.post, index: page.index, excerpt: true, options: kramdown)
                    })
                    var bytes: [UInt8] = []
                    bytes.reserveCapacity(frame.before.utf8.count + content.utf8.count + frame.after.utf8.count)
                    bytes += frame.before.utf8
                    bytes += content.utf8
                    bytes += frame.after.utf8
                    return (bytes, effects)
                }
                for ((post, file, _), (bytes, effects)) in zip(pages, made) {
                    rewriter.merge(effects)
                    files.append((file, bytes))
                    result.sources[file] = post.sourcePath
                }
            }
            result.output = .files(files)
            return result
        }

        /// Index pages not yet returned by `finish`, in order (made on the first call).
        private var pendingIndexes: [(title: String, file: String, posts: [Int], term: TermIndex?)]?
        private var nextIndex = 0
        private(set) var hasMoreToFinish = false

        /// Index pages a few megabytes at a time (a large site's indexes are written and let go
        /// of part by part), then the copied resources and every diagnostic.
        func finish() throws -> ExportResult {
            // Indexes: every post newest first, then one per category and tag.
            let indexes = pendingIndexes
                ?? [(title: outline.site.title ?? "Posts", file: "index.html", posts: paged, term: TermIndex?.none)]
                + terms.map { (title: $0.name, file: $0.file, posts: $0.posts, term: Optional($0)) }
            pendingIndexes = indexes
            var files: [(path: String, bytes: [UInt8])] = []
            if settings.fragment || template != nil {
                var size = 0
                while nextIndex < indexes.count, size < Session.finishPartBytes {
                    let index = indexes[nextIndex]
                    nextIndex += 1
                    let pages = IndexedPages(posts: outline.posts, files: fileOfPost, indexes: index.posts)
                    let bytes: [UInt8]
                    if let template, !settings.fragment {
                        let list = builder.postList(pages, from: index.file)
                        let page = ResourceRewriter.Page(outputFile: index.file, url: "/" + index.file, post: nil, fallbackFile: settings.templatePath ?? "")
                        let rendered = try template.render(globals: builder.templateGlobals(index: index.title, term: index.term, file: index.file, content: list))
                        diagnostics += rendered.warnings
                        var effects = ResourceRewriter.Effects()
                        bytes = Array(StandaloneHTMLExporter.rewriteDocument(rendered.output, page: page, rewriter: rewriter, effects: &effects).utf8)
                        rewriter.merge(effects)
                    } else {
                        bytes = Array(builder.postList(pages, from: index.file).utf8)
                    }
                    size += bytes.count
                    files.append((index.file, bytes))
                }
            } else {
                // The built-in pages on all cores: as many indexes as make about one part (each
                // item of a list is about 200 bytes), in order.
                var part: [(title: String, file: String, posts: [Int], term: TermIndex?)] = []
                var estimate = 0
                while nextIndex < indexes.count, estimate < Session.finishPartBytes {
                    part.append(indexes[nextIndex])
                    estimate += 1_000 + 200 * indexes[nextIndex].posts.count
                    nextIndex += 1
                }
                let builder = self.builder, posts = outline.posts, fileOfPost = self.fileOfPost
                let made = ParallelMap.map(part) { index in
                    builder.indexPage(title: index.title, term: index.term, file: index.file,
                                      pages: IndexedPages(posts: posts, files: fileOfPost, indexes: index.posts), isHome: index.term == nil)
                }
                for (index, bytes) in zip(part, made) { files.append((index.file, bytes)) }
            }
            hasMoreToFinish = nextIndex < indexes.count
            if hasMoreToFinish { return ExportResult(output: .files(files)) }
            pendingIndexes = []
            for (path, bytes) in rewriter.copies.sorted(by: { $0.key < $1.key }) where !taken.contains(path) {
                files.append((path, bytes))
            }
            var seen: Set<Diagnostic> = []
            let unique = diagnostics.filter { seen.insert($0).inserted }
            return ExportResult(output: .files(files), diagnostics: unique + rewriter.diagnostics)
        }

        /// About how many bytes of index pages one part of `finish` holds.
        static let finishPartBytes = 4 << 20
    }

    /// Posts of the outline picked by index, with their page files (an index page lists them
    /// without a copy of every post).
    struct IndexedPages: RandomAccessCollection {
        let posts: [Post]
        let files: [String?]
        let indexes: [Int]
        var startIndex: Int { 0 }
        var endIndex: Int { indexes.count }
        subscript(i: Int) -> (post: Post, file: String) { (posts[indexes[i]], files[indexes[i]]!) }
    }

    static func rewriteFragment(_ html: String, page: ResourceRewriter.Page, rewriter: ResourceRewriter,
                                effects: inout ResourceRewriter.Effects) -> String {
        // Most bodies are simple HTML whose libxml2 parse and output are known without it.
        if let simple = SimpleHTMLFragment(parsing: html, editableNames: ResourceRewriter.elementNames) {
            simple.forEachElement { rewriter.rewrite($0, page: page, effects: &effects) }
            return simple.html
        }
        let fragment = HTMLFragment(parsing: html)
        fragment.forEachElement { rewriter.rewrite($0, page: page, effects: &effects) }
        return fragment.html
    }

    static func rewriteDocument(_ html: String, page: ResourceRewriter.Page, rewriter: ResourceRewriter,
                                effects: inout ResourceRewriter.Effects) -> String {
        let document = HTMLDocument(parsing: html)
        document.forEachElement { rewriter.rewrite($0, page: page, effects: &effects) }
        return document.html
    }

    /// One index per category and per tag, named by slug, in name order.
    static func termIndexes(_ posts: [Post], paged: [Int], taken: inout Set<String>, diagnostics: inout [Diagnostic]) -> [TermIndex] {
        var result: [TermIndex] = []
        for (kind, names) in [("categories", { (p: Post) in p.categories }), ("tags", { (p: Post) in p.tags })] {
            var byName: [String: [Int]] = [:]
            for n in paged {
                for name in Set(names(posts[n])) { byName[name, default: []].append(n) }
            }
            for name in byName.keys.sorted() {
                let base = kind + "/" + OutputPaths.slug(name)
                var file = base + "/index.html"
                var n = 2
                while taken.contains(file) {
                    file = base + "-\(n)/index.html"
                    n += 1
                }
                taken.insert(file)
                result.append(TermIndex(kind: kind, name: name, file: file, posts: byName[name] ?? []))
            }
        }
        return result
    }
}

/// A `--template` file, parsed once.
struct LoadedTemplate {
    let path: String
    let template: Template
    let environment = LiquidEnvironment()

    init(path: String) throws(StandaloneHTMLExporter.SettingError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .init(description: "--template \(path): cannot read the file")
        }
        self.path = path
        do {
            template = try Template(parsing: String(decoding: data, as: UTF8.self), environment: environment, mode: .warn, policy: .keepMarkup)
        } catch {
            throw .init(description: "--template \(path): \(error)")
        }
    }

    func render(globals: LiquidHash) throws(StandaloneHTMLExporter.SettingError) -> (output: String, warnings: [Diagnostic]) {
        do {
            let result = try template.render(globals, environment: environment)
            let warnings = result.warnings.map { w in
                Diagnostic(.warning, code: "template", message: w.error.message,
                           location: SourceLocation(file: path, line: w.error.line, column: w.error.column))
            }
            return (result.output, warnings)
        } catch {
            throw .init(description: "--template \(path): \(error)")
        }
    }
}
