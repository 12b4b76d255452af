import BlogModel
import Dispatch
import Foundation
import Kramdown
import Synchronization

/// Reads a Jekyll site into the model with Jekyll 4.3's exact semantics: configuration and
/// defaults, post discovery, front matter, dates and time zones, titles, slugs, categories,
/// tags, permalinks, publishing rules and excerpts.
///
/// Until the Liquid and Markdown engines land, a post's body is one
/// `.rawBlock(format: "kramdown+liquid")` holding its source after the front matter.
public struct JekyllImporter: Sendable {
    /// What to read and how; the clock and the machine's zone are inputs, so output is reproducible.
    public struct Options: Sendable {
        /// `--config a.yml,b.yml`: configuration files (paths as given); empty means `_config.yml`.
        public var configFiles: [String] = []
        /// `--drafts`: also read `_drafts`.
        public var drafts = false
        /// `--future`: also publish posts dated after `now`.
        public var future = false
        /// `--unpublished`: also publish posts with `published: false`.
        public var unpublished = false
        /// The zone used when the site sets no `timezone:` (Jekyll uses the machine's).
        public var defaultTimeZone: String = "UTC"
        /// Jekyll's `site.time`: seconds since the epoch (a `time:` in the config wins).
        public var now: Int64 = 0
        /// Only read these files (paths relative to the site); nil reads every post.
        public var onlyPaths: Set<String>?
        /// Put before site-relative paths in diagnostics (e.g. the site folder as the user typed it).
        public var displayPrefix: String = ""
        /// `--theme DIR` / `--include-path DIR`: more folders to look for includes in (a theme
        /// folder contributes its `_includes/`).
        public var includePaths: [URL] = []
        /// Run Liquid over bodies and excerpts (off: keep them as written).
        public var renderLiquid = true
        /// Parse the Markdown after Liquid (off: a body is one `.rawBlock(format: "kramdown")`).
        public var parseMarkdown = true
        /// Called as work gets done: a stage name ("reading", "Liquid", "Markdown"), items done, items
        /// in the stage. Called from many threads; must be cheap.
        public var progress: (@Sendable (_ stage: String, _ done: Int, _ total: Int) -> Void)?
        /// The posts' sources (front matter and body) a prepared site may keep in memory, in
        /// bytes. A site whose posts all fit keeps every body from its first read; a larger one
        /// leaves them in their files, read again when completed (`BodyStore`), so memory stays
        /// bounded. Reading each body twice cost a run over 1,000 posts 1,000 more file reads.
        public var bodyMemoryBudget = 16 << 20
        /// Markdown to HTML for Liquid's `markdownify` (given the site's `kramdown:` settings); the
        /// HTML writer lives with the exporters, so whoever runs the importer supplies it.
        public var markdownToHTML: (@Sendable (_ markdown: String, _ kramdownConfig: MetadataMap) -> String)?

        /// Options with everything at Jekyll's defaults.
        public init() {}
    }

    /// The options in use.
    public var options: Options

    /// Makes an importer.
    public init(options: Options = Options()) { self.options = options }

    /// Reads the site at `root`. Throws only when the site as a whole cannot be read (missing
    /// folder, invalid configuration); a bad post is reported in the result and skipped.
    public func read(site root: URL) throws(ImportError) -> ImportResult {
        let prepared = try prepare(site: root)
        let completed = prepared.complete(prepared.outline.posts.indices)
        let diagnostics = prepared.diagnostics + completed.liquidDiagnostics + prepared.dataDiagnostics + completed.markdownDiagnostics
        return ImportResult(blog: Blog(site: prepared.outline.site, posts: completed.posts), diagnostics: diagnostics,
                            failedFiles: prepared.failedFiles)
    }

    /// Reads the site at `root` up to every post's metadata (configuration, discovery, front
    /// matter, dates, URLs, order, conflicts) and prepares Liquid; bodies are rendered later, a
    /// range at a time, with `PreparedSite.complete(_:)`, so a large site never holds every
    /// rendered post at once. Throws as `read(site:)` does.
    public func prepare(site root: URL) throws(ImportError) -> PreparedSite {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ImportError(file: options.displayPrefix.isEmpty ? root.path : options.displayPrefix, reason: .siteNotFound,
                              hint: "give the folder that holds _config.yml and _posts")
        }
        var overrides = MetadataMap()
        if options.drafts { overrides["show_drafts"] = .bool(true) }
        if options.future { overrides["future"] = .bool(true) }
        if options.unpublished { overrides["unpublished"] = .bool(true) }
        var (config, diagnostics) = try SiteConfig.load(
            root: root, configFiles: options.configFiles, overrides: overrides, displayPrefix: options.displayPrefix)

        let zoneName = config.map["timezone"].flatMap { $0.isNull ? nil : $0.rubyString } ?? options.defaultTimeZone
        let zone: RubyTime.Zone
        if let z = RubyTime.Zone(identifier: zoneName) {
            zone = z
        } else {
            diagnostics.append(Diagnostic(
                .warning, code: "unknown-timezone", message: "unknown time zone '\(zoneName)'; using UTC",
                hint: "use an IANA name such as Europe/Berlin",
                location: SourceLocation(file: config.files.first ?? options.displayPrefix + "_config.yml")))
            zone = RubyTime.Zone(identifier: "UTC")!
        }
        var now = options.now
        if let time = config.map["time"], !time.isNull {
            if let t = RubyTime.instant(of: time, zone: zone, now: options.now) {
                now = t
            } else {
                throw ImportError(file: config.files.first ?? "_config.yml", reason: .invalidConfig("invalid time '\(time.rubyString)'"),
                                  hint: "write it as YYYY-MM-DD HH:MM:SS +/-TTTT, or remove `time:` to use the clock")
            }
        }

        var discovery = SiteDiscovery(root: root, config: config, displayPrefix: options.displayPrefix)
        var found = discovery.candidates()
        diagnostics += discovery.diagnostics
        if let only = options.onlyPaths { found = found.filter { only.contains($0.relativePath) } }
        let candidates = found

        let defaults = FrontMatterDefaults(config: config.map) { message in
            diagnostics.append(Diagnostic(.warning, code: "invalid-defaults", message: message,
                                          location: SourceLocation(file: config.files.first ?? options.displayPrefix + "_config.yml")))
        }
        let reader = PostReader(
            root: root, config: config, defaults: defaults, zone: zone, now: now, displayPrefix: options.displayPrefix)

        // Read and parse every file once, on all cores; results land by index, so order is stable.
        var read: [Post] = []
        var storedBodies: [BodyStore.Entry?] = []
        var failed: [String] = []
        do {
            let outcomes = UnsafeMutableBufferPointer<PostReader.Outcome?>.allocate(capacity: candidates.count)
            outcomes.initialize(repeating: nil)
            // Freed as soon as the posts are taken out (a large site's outcomes are megabytes).
            defer { outcomes.deinitialize(); outcomes.deallocate() }
            let box = SlotBuffer(outcomes)
            let reading = ProgressCounter(stage: "reading", total: candidates.count, report: options.progress)
            // Each post is slimmed as soon as it is read (its text kept once), so reading a large
            // site never holds every post's text two or three times; while the posts read so far
            // fit in the budget, their bodies are kept instead.
            let separator = config.excerptSeparator
            let budget = Mutex((left: options.bodyMemoryBudget, exceeded: false))
            DispatchQueue.concurrentPerform(iterations: candidates.count) { n in
                var outcome = reader.read(candidates[n])
                if case .post(var post) = outcome.result {
                    let size = post.source.utf8.count
                    let keep = budget.withLock { b -> Bool in
                        guard !b.exceeded, size <= b.left else {
                            b.exceeded = true
                            return false
                        }
                        b.left -= size
                        return true
                    }
                    outcome.storedBody = PreparedSite.slim(&post, siteSeparator: separator, keepingBody: keep)
                    outcome.keptBody = keep
                    outcome.result = .post(post)
                }
                box.buffer[n] = outcome
                reading.step()
            }
            // The site did not fit: the bodies kept before that was known go to their files too.
            if budget.withLock({ $0.exceeded }) {
                DispatchQueue.concurrentPerform(iterations: candidates.count) { n in
                    guard var outcome = box.buffer[n], outcome.keptBody, case .post(var post) = outcome.result else { return }
                    outcome.storedBody = PreparedSite.slim(&post, siteSeparator: separator)
                    outcome.keptBody = false
                    outcome.result = .post(post)
                    box.buffer[n] = outcome
                }
            }
            read.reserveCapacity(candidates.count)
            storedBodies.reserveCapacity(candidates.count)
            for n in 0..<candidates.count {
                guard let outcome = outcomes[n] else { continue }
                diagnostics += outcome.diagnostics
                switch outcome.result {
                case .post(let post):
                    read.append(post)
                    storedBodies.append(outcome.storedBody)
                case .hidden: break
                case .failed: failed.append(candidates[n].relativePath)
                }
                outcomes[n] = nil
            }
        }

        // Jekyll sorts by date, then path; site.posts is that order reversed. (An order of
        // indexes is sorted, so the posts are moved once.)
        let keys = read.map { (seconds: $0.date.secondsSinceEpoch, path: $0.sourcePath) }
        var order = Array(read.indices)
        order.sort { a, b in
            keys[a].seconds != keys[b].seconds ? keys[a].seconds < keys[b].seconds : keys[a].path < keys[b].path
        }
        if config.limitPosts > 0, order.count > config.limitPosts { order = Array(order.suffix(config.limitPosts)) }
        order.reverse()
        let posts = order.map { read[$0] }
        let bodies = BodyStore(root: root, entries: order.map { storedBodies[$0] })
        read = []
        storedBodies = []
        diagnostics += conflicts(posts)

        let makeRenderer: @Sendable (inout [Diagnostic]) -> JekyllLiquidRenderer? = { [config, now, options] diagnostics in
            guard options.renderLiquid && !posts.isEmpty else { return nil }
            return JekyllLiquidRenderer(
                root: root, config: config, posts: posts, bodies: bodies, zone: zone, now: now, includePaths: options.includePaths,
                displayPrefix: options.displayPrefix, markdownToHTML: options.markdownToHTML, diagnostics: &diagnostics)
        }
        let renderer = makeRenderer(&diagnostics)
        let site = makeSite(config: config.map, zone: zone.identifier)
        return PreparedSite(outline: Blog(site: site, posts: posts), bodies: bodies, diagnostics: diagnostics, failedFiles: failed,
                            importer: self, config: config, renderer: renderer, makeRenderer: makeRenderer)
    }

    /// Runs Liquid over `range` of `posts` (all cores); each body becomes the Markdown Jekyll hands kramdown.
    fileprivate func renderLiquid(_ posts: inout [Post], range: Range<Int>, renderer: JekyllLiquidRenderer, diagnostics: inout [Diagnostic]) {
        let results = UnsafeMutableBufferPointer<JekyllLiquidRenderer.Rendered?>.allocate(capacity: range.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let box = SlotBuffer(results)
        let rendering = ProgressCounter(stage: "Liquid", total: range.count, report: options.progress)
        let complete = posts
        DispatchQueue.concurrentPerform(iterations: range.count) { n in
            box.buffer[n] = renderer.render(range.lowerBound + n, post: complete[n])
            rendering.step()
        }
        for n in posts.indices {
            guard let r = results[n] else { continue }
            posts[n].body = Document(blocks: [.rawBlock(format: "kramdown", text: r.body)])
            if let excerpt = r.excerpt {
                posts[n].excerpt = Document(blocks: [.rawBlock(format: "kramdown", text: excerpt)])
            }
            diagnostics += r.diagnostics
        }
    }

    /// Jekyll's converters: Markdown files through kramdown into the model, anything else (an
    /// `.html` post) kept as HTML. Bodies and excerpts, on all cores.
    fileprivate func convertMarkup(_ posts: inout [Post], config: SiteConfig, diagnostics markdownDiagnostics: inout [Diagnostic]) {
        let options = KramdownOptions(config: config.map["kramdown"]?.mapValue ?? MetadataMap())
        let markdown = config.markdownExtensions
        let input = posts
        // Brackets without a link definition are everyday text (`[x]`, `[3, 5]`): kramdown's warning
        // about them is shown only when the site asks for kramdown's warnings.
        let showAll = config.map["kramdown"]?.mapValue?["show_warnings"] == .bool(true)
        let results = UnsafeMutableBufferPointer<(Document, Document, [Diagnostic])?>.allocate(capacity: input.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let box = SlotBuffer(results)
        let converting = ProgressCounter(stage: "Markdown", total: input.count, report: self.options.progress)
        DispatchQueue.concurrentPerform(iterations: input.count) { n in
            defer { converting.step() }
            let post = input[n]
            let isMarkdown = markdown.contains("." + PathText.pathExtension(post.sourcePath).lowercased())
            var warnings: [String] = []
            func convert(_ doc: Document, report: Bool) -> Document {
                guard doc.blocks.count == 1, case .rawBlock(let format, let text) = doc.blocks[0],
                      format == "kramdown" || format == RawFormat.kramdownLiquid else { return doc }
                if !isMarkdown { return Document(blocks: [.rawBlock(format: RawFormat.html, text: text)]) }
                let parsed = Kramdown.parse(text, options: options)
                if report { warnings = parsed.warnings }
                return parsed.document
            }
            let body = convert(post.body, report: true), excerpt = convert(post.excerpt, report: false)
            var seen = Set<String>()
            let diagnostics = warnings
                .filter { (showAll || !$0.hasPrefix("No link definition for link ID")) && seen.insert($0).inserted }
                .map { markdownWarning($0, post: post) }
            box.buffer[n] = (body, excerpt, diagnostics)
        }
        for n in posts.indices {
            guard let (body, excerpt, diagnostics) = results[n] else { continue }
            posts[n].body = body
            posts[n].excerpt = excerpt
            markdownDiagnostics += diagnostics
        }
    }

    /// A kramdown warning as a diagnostic, placed where the thing it names first appears in the
    /// post's source (kramdown's messages name a tag, link id or footnote, not a line).
    func markdownWarning(_ message: String, post: Post) -> Diagnostic {
        let quoted = message.split(separator: "'", omittingEmptySubsequences: false)
        let name = quoted.count >= 3 ? String(quoted[1]) : nil
        var needles: [String] = []
        if message.contains("IAL") { needles.append("{:") }
        if let name {
            if message.contains("HTML closing tag") { needles.append("</" + name) }
            if message.contains("tag") { needles.append("<" + name) }
            if message.contains("Footnote") { needles.append("[^" + name + "]") }
            if message.contains("link ID") { needles += ["[" + name + "]", name] }
            needles.append(name)
        }
        var location = SourceLocation(file: options.displayPrefix + post.sourcePath)
        var sourceLine: String?
        let lines = JekyllImporter.lines(of: post.source)
        search: for needle in needles where !needle.isEmpty {
            for (i, line) in lines.enumerated() where i + 1 >= post.bodyStartLine {
                if let r = line.range(of: needle) {
                    location.line = i + 1
                    location.column = line.distance(from: line.startIndex, to: r.lowerBound) + 1
                    sourceLine = String(line)
                    break search
                }
            }
        }
        if message == Kramdown.depthLimitWarning {
            return Diagnostic(.warning, code: "markdown-too-deep", message: message,
                              hint: "blogport's limit: Jekyll's kramdown nests further (and fails near 5,000 levels); flatten the nesting to get Jekyll's page",
                              location: location)
        }
        return Diagnostic(.warning, code: "markdown-warning", message: message,
                          hint: "kramdown's warning (Jekyll hides these); the post is converted as kramdown reads it",
                          location: location, sourceLine: sourceLine)
    }

    /// `text.split(separator: "\n", omittingEmptySubsequences: false)`: on bytes when the text
    /// has no carriage return (then every line feed byte is a Character of its own: a grapheme
    /// always breaks before and after one, but after a carriage return), else on Characters.
    static func lines(of text: String) -> [Substring] {
        let utf8 = text.utf8
        let cuts = utf8.withContiguousStorageIfAvailable { bytes -> [Int]? in
            var cuts: [Int] = []
            for (k, b) in bytes.enumerated() {
                if b == 13 { return nil }
                if b == 10 { cuts.append(k) }
            }
            return cuts
        }
        guard let found = cuts, let cuts = found else { return text.split(separator: "\n", omittingEmptySubsequences: false) }
        var lines: [Substring] = []
        lines.reserveCapacity(cuts.count + 1)
        var start = utf8.startIndex
        for cut in cuts {
            let end = utf8.index(utf8.startIndex, offsetBy: cut)
            lines.append(text[start..<end])
            start = utf8.index(after: end)
        }
        lines.append(text[start...])
        return lines
    }

    /// Jekyll's "Conflict: the following destination is shared by multiple files".
    private func conflicts(_ posts: [Post]) -> [Diagnostic] {
        var byDestination: [String: [String]] = [:]
        for post in posts {
            var destination = post.url.utf8.contains(UInt8(ascii: "%")) ? post.url.removingPercentEncoding ?? post.url : post.url
            if destination.hasSuffix("/") { destination += "index.html" }
            byDestination[destination, default: []].append(post.sourcePath)
        }
        return byDestination.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { destination, paths in
            let sorted = paths.sorted()
            return Diagnostic(
                .warning, code: "url-conflict",
                message: "the URL \(destination) is shared by \(sorted.joined(separator: ", ")); Jekyll writes only one of them",
                hint: "give one of them a different slug or permalink",
                location: SourceLocation(file: options.displayPrefix + sorted[0]))
        }
    }

    private func makeSite(config: MetadataMap, zone: String) -> Site {
        func text(_ key: String) -> String? {
            guard let v = config[key], !v.isNull else { return nil }
            return v.rubyString
        }
        var url = text("url")
        if url?.hasSuffix("/") == true { url?.removeLast() }
        return Site(
            title: text("title") ?? text("name"), description: text("description"), url: url,
            baseurl: text("baseurl") ?? "", language: text("lang") ?? text("language"), timeZone: zone,
            author: config["author"].flatMap { $0.isNull ? nil : $0 }, config: config)
    }
}

/// A site read up to its posts' metadata (see `JekyllImporter.prepare(site:)`): the outline of
/// the blog, and the means to render its posts' bodies a range at a time.
public final class PreparedSite: Sendable {
    /// The site and every post, newest first, with its metadata: what indexes, file names and
    /// links need. To hold a large site in little memory, an outline post's `source` is only
    /// the part before its body (the front matter), its body is empty (the text stays in its
    /// file), and an excerpt derived from the body is left out; `complete(_:)` gives posts
    /// with their whole source, body and excerpt.
    public let outline: Blog
    /// Problems with the site and with reading each file, in a stable order.
    public let diagnostics: [Diagnostic]
    /// Files that should have been posts but could not be read, relative to the site.
    public let failedFiles: [String]
    private let importer: JekyllImporter
    private let config: SiteConfig
    /// Liquid's view of the site (a drop for every post), until `finishCompleting()`.
    let rendering: Mutex<(renderer: JekyllLiquidRenderer?, dataDiagnostics: [Diagnostic]?)>
    /// Makes the renderer again for a `complete` after `finishCompleting()` (its diagnostics
    /// were reported the first time).
    private let makeRenderer: @Sendable (inout [Diagnostic]) -> JekyllLiquidRenderer?
    /// Liquid's renderer for this site (nil when Liquid is off or there are no posts).
    var renderer: JekyllLiquidRenderer? {
        rendering.withLock { state in
            if state.renderer == nil, state.dataDiagnostics != nil {
                var ignored: [Diagnostic] = []
                state.renderer = makeRenderer(&ignored)
            }
            return state.renderer
        }
    }

    /// The bodies of posts whose outline keeps only the head of their source.
    let bodies: BodyStore

    fileprivate init(outline: Blog, bodies: BodyStore, diagnostics: [Diagnostic], failedFiles: [String], importer: JekyllImporter,
                     config: SiteConfig, renderer: JekyllLiquidRenderer?,
                     makeRenderer: @escaping @Sendable (inout [Diagnostic]) -> JekyllLiquidRenderer?) {
        self.rendering = Mutex((renderer, nil))
        self.makeRenderer = makeRenderer
        self.bodies = bodies
        self.outline = outline
        self.diagnostics = diagnostics
        self.failedFiles = failedFiles
        self.importer = importer
        self.config = config
    }

    /// Posts of `range` (indexes into `outline.posts`), complete: Liquid rendered and Markdown
    /// parsed as the importer's options say, on all cores. Ranges may be completed in any order
    /// and more than once; the same range gives the same posts.
    public func complete(_ range: Range<Int>) -> (posts: [Post], liquidDiagnostics: [Diagnostic], markdownDiagnostics: [Diagnostic]) {
        var posts = Array(outline.posts[range])
        var reread: [Diagnostic] = []
        for k in posts.indices {
            guard case .rawBlock(let format, var body)? = posts[k].body.blocks.first else { continue }
            switch bodies.body(at: range.lowerBound + k) {
            case nil:
                break
            case .success(let stored)?:
                body = stored
                posts[k].source += body
                posts[k].body = Document(blocks: [.rawBlock(format: format, text: body)])
            case .failure(let failure)?:
                let what = failure == .unreadable ? "can no longer be read" : "changed while blogport was converting it"
                reread.append(Diagnostic(
                    .error, code: "changed-during-run", message: "the file \(what); its body is left empty in this run",
                    hint: "run blogport again once the file is saved",
                    location: SourceLocation(file: importer.options.displayPrefix + posts[k].sourcePath)))
            }
            if let excerpt = Excerpt.derived(body: body, data: posts[k].data, siteSeparator: config.excerptSeparator) {
                posts[k].excerpt = Document(blocks: [.rawBlock(format: RawFormat.kramdownLiquid, text: excerpt)])
            }
        }
        var liquid: [Diagnostic] = reread
        var markdown: [Diagnostic] = []
        guard !posts.isEmpty else { return (posts, liquid, markdown) }
        if let renderer { importer.renderLiquid(&posts, range: range, renderer: renderer, diagnostics: &liquid) }
        if importer.options.parseMarkdown { importer.convertMarkup(&posts, config: config, diagnostics: &markdown) }
        return (posts, liquid, markdown)
    }

    /// Keeps only what the outline needs of a post's text: its source is cut where the body
    /// starts, the body itself is left in its file (`complete` and Liquid read it again), and an
    /// excerpt Jekyll derives from the body is dropped (`complete` and Liquid derive it again).
    /// Returns where the body is, or nil when the post keeps its text (no body, or a source
    /// that does not end with the body).
    /// With `keepingBody`, only the excerpt is dropped: the post keeps its text, as one whose
    /// body is not stored does (slimming it again later stores the body).
    fileprivate static func slim(_ post: inout Post, siteSeparator: String, keepingBody: Bool = false) -> BodyStore.Entry? {
        guard case .rawBlock(let format, let body)? = post.body.blocks.first else { return nil }
        if Excerpt.isDerivable(data: post.data, siteSeparator: siteSeparator) { post.excerpt = Document() }
        guard !body.isEmpty, !keepingBody else { return nil }
        let source = post.source.utf8
        let bodyBytes = body.utf8.count
        var sourceText = post.source, bodyText = body
        let endsWithBody = sourceText.withUTF8 { s in
            bodyText.withUTF8 { b in
                s.count >= b.count && (b.isEmpty || memcmp(s.baseAddress! + (s.count - b.count), b.baseAddress!, b.count) == 0)
            }
        }
        guard endsWithBody else { return nil }
        let hash = body.utf8.withContiguousStorageIfAvailable { BodyStore.hash($0) } ?? BodyStore.hash(body.utf8)
        let entry = BodyStore.Entry(path: post.sourcePath, fileBytes: source.count, bodyBytes: bodyBytes, hash: hash)
        post.source = String(decoding: source.prefix(source.count - bodyBytes), as: UTF8.self)
        post.body = Document(blocks: [.rawBlock(format: format, text: "")])
        return entry
    }

    /// Problems found in `_data/` once a template has read it: ask after completing the posts.
    public var dataDiagnostics: [Diagnostic] {
        rendering.withLock { $0.dataDiagnostics ?? $0.renderer?.dataDiagnostics ?? [] }
    }

    /// Lets go of what completing posts needs (Liquid's drop of every post, its lookup
    /// tables): call once no more ranges will be completed, so that writing the indexes at the
    /// end of a large run does not hold it too. A later `complete` makes it again.
    public func finishCompleting() {
        rendering.withLock { state in
            if state.dataDiagnostics == nil { state.dataDiagnostics = state.renderer?.dataDiagnostics ?? [] }
            state.renderer = nil
        }
    }
}

/// Counts finished items of a stage across threads and reports them.
public final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let stage: String
    private let total: Int
    private let report: (@Sendable (String, Int, Int) -> Void)?

    /// A counter for `total` items of `stage`, reporting each step to `report` (nil: silent).
    public init(stage: String, total: Int, report: (@Sendable (String, Int, Int) -> Void)?) {
        self.stage = stage
        self.total = total
        self.report = report
    }

    /// One more item done.
    public func step() {
        guard let report else { return }
        lock.lock()
        done += 1
        let now = done
        lock.unlock()
        report(stage, now, total)
    }
}

/// Lets a parallel loop write each result into its own slot (each iteration writes only its own).
private final class SlotBuffer<Value>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Value?>
    init(_ buffer: UnsafeMutableBufferPointer<Value?>) { self.buffer = buffer }
}
