import BlogJSON
import BlogModel
import Exporters
import Foundation
import Kramdown
import Importers

/// `blogport convert`: read a site, a post or a backup, write one format.
public struct Conversion: Sendable {
    /// What the user asked for.
    public struct Request: Sendable {
        /// A site folder, one post file inside a site, or a backup file.
        public var source: String
        /// A name from `Exporters.all`.
        public var format: String
        /// Where to write; nil or `-` is standard output.
        public var output: String?
        /// Replace existing output.
        public var force = false
        /// Importer settings (drafts, future, unpublished, config files, clock, zone).
        public var importOptions = JekyllImporter.Options()
        /// Format-specific settings from the command line, by flag name without dashes
        /// (`all-feeds`, `fragment`, `max-embed`, `template`); each exporter reads its own.
        public var exportSettings: [String: String] = [:]
        /// Posts completed and handed to the exporters at a time: large enough to keep every
        /// core busy, small enough that memory holds little of a large blog.
        public var batchSize = 256
        /// Keep the list of files written (`Report.outputs`); a run of 50,000 posts writes
        /// 100,000 files, so a caller that does not report them can say no.
        public var recordOutputs = true
        /// Progress of the writing stages (stage, done, total); see `JekyllImporter.Options.progress`.
        public var progress: (@Sendable (_ stage: String, _ done: Int, _ total: Int) -> Void)?
        /// Keep what the run read (the posts' metadata, the exporters' sessions) until the
        /// process exits instead of freeing it, object by object, on one core as the run
        /// returns. For a process that exits after one conversion (the command line): the
        /// system takes the memory back at once.
        public var keepsMemoryUntilExit = false

        /// Makes a request.
        public init(source: String, format: String, output: String?) {
            self.source = source
            self.format = format
            self.output = output
        }
    }

    /// What happened.
    public struct Report: Sendable {
        /// Every diagnostic, in a stable order.
        public var diagnostics: [Diagnostic]
        /// Posts written.
        public var converted: Int
        /// Files that failed.
        public var failed: Int
        /// The exit status to end with.
        public var status: ExitStatus
        /// The output written to standard output, if any.
        public var standardOutput: [UInt8]?
        /// One line that sums it up.
        public var summary: String
        /// Source paths of the posts converted (site-relative), newest first.
        public var posts: [String] = []
        /// Source paths of the files that could not be read as posts.
        public var failedPosts: [String] = []
        /// Every file written (as given on the command line, joined with its place), with the post
        /// it was written for when there is one; a document holding every post names none.
        public var outputs: [(path: String, post: String?)] = []
        /// Put before site-relative paths in diagnostics.
        public var displayPrefix: String = ""
    }

    /// Makes the conversion.
    public init() {}

    /// Runs a request to completion; never throws: failures are in the report.
    public func run(_ request: Request) -> Report {
        func fatal(_ diagnostic: Diagnostic, _ status: ExitStatus) -> Report {
            Report(diagnostics: [diagnostic], converted: 0, failed: 0, status: status, standardOutput: nil,
                   summary: "blogport: nothing converted")
        }
        let exporterTypes: [(any Exporter.Type, String?)]
        if request.format == "all" {
            // Every format from one read: each gets its own place under DIR.
            exporterTypes = Exporters.all.map { ($0, Conversion.allFormatsPlace[$0.formatName] ?? $0.formatName) }
        } else if let exporterType = Exporters.named(request.format) {
            exporterTypes = [(exporterType, nil)]
        } else {
            let names = (Exporters.all.map { $0.formatName } + ["all"]).joined(separator: ", ")
            return fatal(Diagnostic(.error, code: "unknown-format", message: "unknown format '\(request.format)'; known formats: \(names)"), .badInput)
        }
        if request.format == "all", request.output == nil || request.output == "-" {
            return fatal(Diagnostic(.error, code: "needs-out", message: "--to all writes many files: give --out DIR"), .badInput)
        }
        let loaded: LoadedSource
        do {
            loaded = try open(request)
        } catch {
            return fatal(error.diagnostic, .badInput)
        }
        let outline = loaded.outline
        var context = ExportContext(siteRoot: loaded.siteRoot, displayPrefix: loaded.displayPrefix, settings: request.exportSettings)
        // With several exporters, each post's HTML is written once for all of them (a batch at a time).
        if exporterTypes.count > 1 {
            context.renderedHTML = RenderedHTML(options: KramdownOptions(config: outline.site.config["kramdown"]?.mapValue ?? MetadataMap()))
            // And each feed entry once for the three feed formats, as its post passes by.
            context.feedEntries = FeedEntryStore()
        }
        let total = outline.posts.count
        let batchSize = max(1, request.batchSize)
        let ranges = stride(from: 0, to: total, by: batchSize).map { $0..<min($0 + batchSize, total) }
        // The first batch is completed (Liquid, Markdown) while the exporters start.
        let complete = loaded.complete
        let renderedHTML = context.renderedHTML
        /// A batch completed, and its HTML made for the exporters that share it.
        @Sendable func completeAndRender(_ range: Range<Int>) -> (posts: [Post], liquidDiagnostics: [Diagnostic], markdownDiagnostics: [Diagnostic]) {
            let completed = complete(range)
            renderedHTML?.prepare(completed.posts, at: range.lowerBound)
            return completed
        }
        let firstBatch = ranges.first.map { range in Conversion.inBackground { completeAndRender(range) } }
        // Every exporter starts before anything is written: a bad setting stops the run with no output.
        var targets: [ExportTarget] = []
        for (exporterType, place) in exporterTypes {
            do {
                let session = try exporterType.init().start(outline, context: context)
                targets.append(ExportTarget(name: exporterType.formatName, place: place, session: session, output: request.output,
                                            recordOutputs: request.recordOutputs))
            } catch {
                _ = firstBatch?.take()
                return fatal(Diagnostic(.error, code: "export-failed", message: "\(error)"), .outputError)
            }
        }

        // The posts a batch at a time: complete them (Liquid, Markdown) on all cores, hand them
        // to every exporter, write what each returns, drop them. Each batch is completed in the
        // background as soon as the one before it is: while the exporters take one batch (and
        // while their slowest part keeps one core), the next is completed and the one after
        // starts, so no core waits for the slowest post of a stage. Memory holds three batches.
        var liquidDiagnostics: [Diagnostic] = []
        var markdownDiagnostics: [Diagnostic] = []
        // In a stable order: the site's, Liquid's, `_data`'s, Markdown's, then each exporter's.
        func allDiagnostics() -> [Diagnostic] {
            loaded.diagnostics + liquidDiagnostics + loaded.dataDiagnostics() + markdownDiagnostics + targets.flatMap(\.diagnostics)
        }
        var exporting: (range: Range<Int>, pending: PendingExport)? = nil
        /// Waits for the batch the exporters have, then lets its HTML go.
        func finishExporting() throws(ExportFailure) {
            guard let (range, pending) = exporting else { return }
            exporting = nil
            try pending.wait()
            context.renderedHTML?.forget(below: range.upperBound)
            request.progress?("converting", range.upperBound, total)
        }
        /// The batch being completed in the background.
        var nextBatch = firstBatch
        do throws(ExportFailure) {
            for (n, range) in ranges.enumerated() {
                let completed = nextBatch!.take()
                nextBatch = n + 1 < ranges.count ? Conversion.inBackground { [ranges] in completeAndRender(ranges[n + 1]) } : nil
                liquidDiagnostics += completed.liquidDiagnostics
                markdownDiagnostics += completed.markdownDiagnostics
                try finishExporting()
                // Every exporter takes the batch at once, each on its own thread (and each
                // spreads its own work over the cores).
                exporting = (range, Conversion.startConcurrently(targets) { target throws(ExportFailure) in
                    let result: ExportResult
                    do { result = try target.session.add(completed.posts, at: range.lowerBound) } catch {
                        throw ExportFailure.export(Diagnostic(.error, code: "export-failed", message: "\(error)"))
                    }
                    try target.take(result)
                })
            }
            try finishExporting()
            // Liquid's view of the site is not needed for the indexes: let it go before them.
            loaded.finishCompleting()
            #if os(Linux)
            _ = glibcMallocTrim(0)
            #endif
            try Conversion.startConcurrently(targets) { target throws(ExportFailure) in
                // Part by part when the session returns its rest in parts (each written, then dropped).
                repeat {
                    let result: ExportResult
                    do { result = try target.session.finish() } catch {
                        throw ExportFailure.export(Diagnostic(.error, code: "export-failed", message: "\(error)"))
                    }
                    try target.take(result)
                } while target.session.hasMoreToFinish
                try target.close()
            }.wait()
        } catch {
            // A batch still with the exporters, or still being completed, finishes before
            // anything is abandoned.
            if let (_, pending) = exporting { try? pending.wait() }
            _ = nextBatch?.take()
            for target in targets { target.abandon() }
            var diagnostics = allDiagnostics()
            let status: ExitStatus
            switch error {
            case .export(let d):
                diagnostics.append(d)
                status = .outputError
            case .write(let failure):
                diagnostics.append(Diagnostic(.error, code: "write-failed", message: failure.reason, location: SourceLocation(file: failure.path)))
                status = .outputError
            case .usage(let d):
                diagnostics.append(d)
                status = .badInput
            }
            let written = targets.reduce(0) { $0 + $1.written }
            return Report(diagnostics: diagnostics, converted: 0, failed: loaded.failed.count, status: status, standardOutput: nil,
                          summary: written == 0 ? "blogport: nothing written" : "blogport: stopped after writing \(written) file\(written == 1 ? "" : "s")")
        }

        let diagnostics = allDiagnostics()
        let stdout = targets.compactMap(\.standardOutput).first
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let failed = loaded.failed.count
        var summary = "blogport: \(total) post\(total == 1 ? "" : "s") converted to \(request.format)"
        if failed > 0 { summary += ", \(failed) failed" }
        // Errors in converted posts (a template that hit a limit and was kept unrendered).
        let failedFiles = Set(loaded.failed.map { loaded.displayPrefix + $0 })
        let errorsInConverted = diagnostics.filter { $0.severity == .error && !failedFiles.contains($0.location?.file ?? "") }.count
        if errorsInConverted > 0 { summary += ", \(errorsInConverted) error\(errorsInConverted == 1 ? "" : "s") in converted posts" }
        if warnings > 0 { summary += ", \(warnings) warning\(warnings == 1 ? "" : "s")" }
        if let out = request.output, out != "-" { summary += " → \(out)" }
        var report = Report(diagnostics: diagnostics, converted: total, failed: failed,
                            status: failed > 0 ? .somePostsFailed : .success, standardOutput: stdout, summary: summary)
        report.posts = outline.posts.map(\.sourcePath)
        report.failedPosts = loaded.failed
        report.outputs = targets.flatMap(\.outputs)
        report.displayPrefix = loaded.displayPrefix
        if request.keepsMemoryUntilExit { Conversion.keptUntilExit.keep((loaded, targets, context)) }
        return report
    }

    /// Starts `body` for every target at once, each as its own task on the system's pool; the
    /// returned export throws the first failure in target order once all are done.
    ///
    /// Not `concurrentPerform`: an exporter spreads its own posts over the cores with it, and
    /// libdispatch runs a `concurrentPerform` nested in another one on one thread. As separate
    /// tasks, each exporter's posts get every core that is free, so the last exporter of a
    /// batch does not finish on one core while the other waits.
    static func startConcurrently(
        _ targets: [ExportTarget], _ body: @escaping @Sendable (ExportTarget) throws(ExportFailure) -> Void
    ) -> PendingExport {
        let failures = FailureSlots(count: targets.count)
        let group = DispatchGroup()
        for (n, target) in targets.enumerated() {
            DispatchQueue.global().async(group: group) {
                do throws(ExportFailure) { try body(target) } catch { failures.set(n, error) }
            }
        }
        return PendingExport(group: group, failures: failures)
    }

    /// Work the exporters are doing on other threads.
    struct PendingExport {
        fileprivate let group: DispatchGroup
        fileprivate let failures: FailureSlots

        /// Waits until every target is done; throws the first failure in target order.
        func wait() throws(ExportFailure) {
            group.wait()
            if let first = failures.first() { throw first }
        }
    }

    /// What runs asked to keep until the process exits (`Request.keepsMemoryUntilExit`).
    static let keptUntilExit = KeptUntilExit()

    /// Values never released (a lock guards the list).
    final class KeptUntilExit: @unchecked Sendable {
        private var values: [Any] = []
        private let lock = NSLock()
        func keep(_ value: Any) { lock.withLock { values.append(value) } }
    }

    /// Runs `work` on another thread; `take()` waits for its result.
    static func inBackground<T>(_ work: @escaping @Sendable () -> T) -> Background<T> {
        let background = Background<T>()
        background.group.enter()
        DispatchQueue.global().async {
            background.result = work()
            background.group.leave()
        }
        return background
    }

    /// A result being made on another thread.
    final class Background<T>: @unchecked Sendable {
        fileprivate let group = DispatchGroup()
        /// Written once by the worker before it leaves the group; read after waiting for it.
        fileprivate var result: T?

        /// Waits for the result and hands it over (this object keeps nothing of it).
        func take() -> T {
            group.wait()
            defer { result = nil }
            return result!
        }
    }

    /// The failure (if any) of each target, set from the task that ran it.
    fileprivate final class FailureSlots: @unchecked Sendable {
        private var slots: [ExportFailure?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ n: Int, _ failure: ExportFailure) { lock.withLock { slots[n] = failure } }
        func first() -> ExportFailure? { lock.withLock { slots.compactMap { $0 }.first } }
    }

    /// Why a run stopped part way.
    enum ExportFailure: Error, Sendable {
        case export(Diagnostic)
        case write(SafeFileWriter.Failure)
        case usage(Diagnostic)
    }

    /// What was read, and how to complete its posts a range at a time.
    struct LoadedSource {
        var outline: Blog
        var diagnostics: [Diagnostic]
        var failed: [String]
        var siteRoot: URL?
        var displayPrefix: String
        /// Called for one range at a time (from any thread).
        var complete: @Sendable (Range<Int>) -> (posts: [Post], liquidDiagnostics: [Diagnostic], markdownDiagnostics: [Diagnostic])
        var dataDiagnostics: @Sendable () -> [Diagnostic]
        /// Called once every range is completed: what completing needs can go.
        var finishCompleting: @Sendable () -> Void = {}
    }

    /// One exporter's session and where its output goes (used by one thread at a time).
    final class ExportTarget: @unchecked Sendable {
        let name: String
        let place: String?
        let session: any ExportSession
        let output: String?
        var outputs: [(path: String, post: String?)] = []
        var diagnostics: [Diagnostic] = []
        var standardOutput: [UInt8]?
        private var document: StreamedFile?
        private var documentPath: String?
        private var writer: SafeFileWriter?
        private let recordOutputs: Bool
        /// Files written (counted even when not recorded).
        private(set) var written = 0

        init(name: String, place: String?, session: any ExportSession, output: String?, recordOutputs: Bool) {
            self.name = name
            self.place = place
            self.session = session
            self.output = output
            self.recordOutputs = recordOutputs
        }

        /// Writes what the exporter returned: files at once, document bytes appended.
        func take(_ result: ExportResult) throws(ExportFailure) {
            diagnostics += result.diagnostics
            switch result.output {
            case .document(let bytes):
                guard let out = output, out != "-" else {
                    standardOutput = (standardOutput ?? []) + bytes
                    return
                }
                if document == nil {
                    let path = place.map { URL(fileURLWithPath: out).appendingPathComponent($0).path } ?? out
                    do {
                        document = try Conversion.startDocument(at: path)
                    } catch {
                        throw .write(error)
                    }
                    documentPath = path
                }
                do { try document?.append(bytes) } catch { throw .write(error) }
            case .files(let files):
                guard !files.isEmpty else { return }
                guard let out = output, out != "-" else {
                    throw .usage(Diagnostic(.error, code: "needs-out", message: "--to \(name) writes many files: give --out DIR"))
                }
                let folder = place.map { URL(fileURLWithPath: out).appendingPathComponent($0) } ?? URL(fileURLWithPath: out)
                if writer == nil { writer = SafeFileWriter(root: folder, overwrite: true) }
                do {
                    try Conversion.writeAll(files, with: writer!)
                } catch {
                    throw .write(error)
                }
                written += files.count
                guard recordOutputs else { return }
                let base = place.map { (out as NSString).appendingPathComponent($0) } ?? out
                for file in files { outputs.append(((base as NSString).appendingPathComponent(file.path), result.sources[file.path])) }
            }
        }

        /// Puts a streamed document in place.
        func close() throws(ExportFailure) {
            guard let document, let documentPath else { return }
            do { try document.commit() } catch { throw .write(error) }
            self.document = nil
            written += 1
            if recordOutputs { outputs.append((documentPath, nil)) }
        }

        /// Removes a document left unfinished.
        func abandon() {
            document?.discard()
            document = nil
        }
    }

    /// Opens a document for writing at `path` (its folder is created; a folder there is refused).
    static func startDocument(at path: String) throws(SafeFileWriter.Failure) -> StreamedFile {
        let url = URL(fileURLWithPath: path)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
            throw SafeFileWriter.Failure(path: path, reason: "is a folder; give a file name")
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw SafeFileWriter.Failure(path: path, reason: "cannot create its folder")
        }
        return try StreamedFile(target: url, displayPath: path)
    }

    /// Opens the source: a site is read up to its posts' metadata (bodies are completed a batch at
    /// a time); a backup or one post is read whole.
    func open(_ request: Request) throws(ImportError) -> LoadedSource {
        var request = request
        if let progress = request.importOptions.progress {
            // Liquid and Markdown run a batch at a time; the run reports whole batches ("converting").
            request.importOptions.progress = { stage, done, total in if stage == "reading" { progress(stage, done, total) } }
        }
        let url = URL(fileURLWithPath: request.source)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            var options = request.importOptions
            if options.markdownToHTML == nil { options.markdownToHTML = Conversion.markdownToHTML }
            options.displayPrefix = Conversion.prefix(for: request.source)
            let prepared = try JekyllImporter(options: options).prepare(site: url)
            return LoadedSource(outline: prepared.outline, diagnostics: prepared.diagnostics, failed: prepared.failedFiles,
                                siteRoot: url, displayPrefix: options.displayPrefix,
                                complete: { prepared.complete($0) }, dataDiagnostics: { prepared.dataDiagnostics },
                                finishCompleting: { prepared.finishCompleting() })
        }
        let whole = try load(request)
        let posts = whole.blog.posts
        return LoadedSource(outline: whole.blog, diagnostics: whole.diagnostics, failed: whole.failed, siteRoot: whole.siteRoot,
                            displayPrefix: whole.displayPrefix, complete: { (Array(posts[$0]), [], []) }, dataDiagnostics: { [] })
    }

    /// Reads the source: a backup, a site folder, or one post of a site.
    func load(_ request: Request) throws(ImportError) -> (blog: Blog, diagnostics: [Diagnostic], failed: [String], siteRoot: URL?, displayPrefix: String) {
        let url = URL(fileURLWithPath: request.source)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ImportError(file: request.source, reason: .siteNotFound, hint: "give a Jekyll site folder, a post file or a backup")
        }
        var options = request.importOptions
        if options.markdownToHTML == nil { options.markdownToHTML = Conversion.markdownToHTML }
        if isDirectory.boolValue {
            options.displayPrefix = Conversion.prefix(for: request.source)
            let result = try JekyllImporter(options: options).read(site: url)
            return (result.blog, result.diagnostics, result.failedFiles, url, options.displayPrefix)
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ImportError(file: request.source, reason: .unreadable("cannot read the file"))
        }
        if BackupImporter.looksLikeBackup(data) || url.pathExtension.lowercased() == "json" {
            return (try BackupImporter().read(data, name: request.source), [], [], nil, "")
        }
        // One post: find its site (the folder above `_posts` or `_drafts`, or holding _config.yml).
        let standardized = url.standardizedFileURL
        let components = standardized.pathComponents
        guard let magic = components.lastIndex(where: { $0 == "_posts" || $0 == "_drafts" }) else {
            throw ImportError(file: request.source, reason: .unreadable("not a post: the file is not inside a _posts or _drafts folder"),
                              hint: "give the site folder, or a file under its _posts")
        }
        var root = standardized
        for _ in magic..<components.count { root.deleteLastPathComponent() }
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("_config.yml").path), root.pathComponents.count > 1 {
            let parent = root.deletingLastPathComponent()
            if !FileManager.default.fileExists(atPath: parent.appendingPathComponent("_config.yml").path) { break }
            root = parent
        }
        let relative = components[root.pathComponents.count...].joined(separator: "/")
        options.onlyPaths = [relative]
        if components[magic] == "_drafts" { options.drafts = true }
        options.future = true
        options.unpublished = true
        let rootDisplay = Conversion.relativeDisplay(of: root)
        options.displayPrefix = Conversion.prefix(for: rootDisplay)
        let result = try JekyllImporter(options: options).read(site: root)
        return (result.blog, result.diagnostics, result.failedFiles, root, options.displayPrefix)
    }

    /// Writes every file on all cores; the first failure (in path order) is thrown.
    static func writeAll(_ files: [(path: String, bytes: [UInt8])], with writer: SafeFileWriter) throws(SafeFileWriter.Failure) {
        let failures = ParallelMap.map(files) { file -> SafeFileWriter.Failure? in
            do throws(SafeFileWriter.Failure) { try writer.write(file.bytes, to: file.path) } catch { return error }
            return nil
        }
        if let first = failures.compactMap({ $0 }).min(by: { $0.path < $1.path }) { throw first }
    }

    /// Where each format goes under DIR with `--to all`.
    static let allFormatsPlace: [String: String] = [
        "json": "backup.json", "html": "html", "markdown": "markdown",
        "atom": "feed.xml", "rss": "feed.rss", "jsonfeed": "feed.json",
    ]

    /// Liquid's `markdownify`: kramdown with the site's settings, then our HTML writer.
    public static let markdownToHTML: @Sendable (String, MetadataMap) -> String = { markdown, config in
        let options = KramdownOptions(config: config)
        return HTMLWriter.html(Kramdown.parse(markdown, options: options).document, options: options)
    }

    /// `site/` for a site given as `site`; empty for `.`.
    static func prefix(for source: String) -> String {
        if source == "." || source == "./" || source.isEmpty { return "" }
        return source.hasSuffix("/") ? source : source + "/"
    }

    static func relativeDisplay(of url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.path
        if path == cwd { return "." }
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        return path
    }
}

#if os(Linux)
/// glibc's `malloc_trim` (not in Swift's Glibc module): gives freed heap pages back to the system.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
