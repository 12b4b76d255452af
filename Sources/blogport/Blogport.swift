import ArgumentParser
import BlogModel
import BlogportKit
import Exporters
import Foundation

/// The `blogport` command line: a thin shell over BlogportKit.
@main
struct Blogport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blogport",
        abstract: "Move a blog out of Jekyll: read a Jekyll site and write it as a JSON backup, standalone HTML, Markdown, Atom, RSS or JSON Feed.",
        version: "0.1.0",
        subcommands: [Convert.self, Restore.self, Formats.self])
}

/// Prints diagnostics to standard error, one block each, then the summary.
func printDiagnostics(_ diagnostics: [Diagnostic], summary: String) {
    var text = ""
    for d in diagnostics { text += d.description + "\n" }
    text += summary + "\n"
    FileHandle.standardError.write(Data(text.utf8))
}

struct Convert: ParsableCommand {
    /// glibc grows a thread's heap a few pages at a time by default: 2,400 `mprotect` calls in a
    /// run over 1,000 posts, and a page fault for each page as it is touched again. Growing it
    /// 16 MB at a time (address space, not memory: pages count only once written) took a
    /// run's wall time down by 5 to 7% here. The library leaves malloc as it finds it; the
    /// command, which is the whole process, sets this.
    static func growHeapsInLargerSteps() {
        #if os(Linux)
        _ = glibcMallopt(-2 /* M_TOP_PAD */, 16 << 20)
        #endif
    }

    // Each command names itself: otherwise the name comes from the type's name through
    // reflection, at a cost of millions of instructions a run.
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a Jekyll site, one post, or a backup to another format.",
        discussion: "Exit status: 0 all converted; 1 some posts failed (the rest were written); 2 the input cannot be read; 3 the output cannot be written.")

    @Argument(help: "A Jekyll site folder, a post file inside one, or a blogport backup (.json).")
    var source: String

    @Option(name: .long, help: "The output format: \(Exporters.all.map { $0.formatName }.joined(separator: ", ")), or all (every format under --out DIR).")
    var to: String

    @Option(name: [.customLong("out"), .customShort("o")], help: "Output file (or folder); '-' or nothing for standard output.")
    var out: String?

    @Flag(help: "Also read _drafts (dated by their front matter, else by file time), as `jekyll build --drafts`.")
    var drafts = false

    @Flag(help: "Also publish posts dated in the future, as `jekyll build --future`.")
    var future = false

    @Flag(help: "Also publish posts with `published: false`, as `jekyll build --unpublished`.")
    var unpublished = false

    @Option(help: "Configuration files instead of _config.yml, comma-separated, later ones winning (as Jekyll's --config).")
    var config: String?

    @Option(help: "The time to treat as now (for future posts), e.g. 2024-01-01T00:00:00Z. Default: the clock.")
    var now: String?

    @Option(name: .customLong("theme"), help: ArgumentHelp("A theme folder (e.g. an unpacked theme gem) whose _includes/ the posts use; repeatable.", valueName: "dir"))
    var themes: [String] = []

    @Option(name: .customLong("include-path"), help: ArgumentHelp("Another folder to look for {% include %} files in; repeatable.", valueName: "dir"))
    var includePaths: [String] = []

    @Flag(help: "Replace an existing output file.")
    var force = false

    @Flag(name: [.customLong("quiet"), .customShort("q")], help: "No progress bar, no warnings, no summary: only errors.")
    var quiet = false

    @Option(help: ArgumentHelp("Write a JSON report: per post its status, warnings, errors and the files written.", valueName: "file"))
    var report: String?

    @Flag(name: .customLong("all-feeds"), help: "Feeds: write the main feed and every per-category and per-tag feed (needs --out DIR).")
    var allFeeds = false

    @Flag(help: "HTML: write each post's body alone (no page around it).")
    var fragment = false

    @Option(name: .customLong("max-embed"), help: ArgumentHelp("HTML: embed local files up to this size (e.g. 512K, 2M) as data: URIs; larger ones are copied beside the page.", valueName: "size"))
    var maxEmbed: String?

    @Option(help: ArgumentHelp("HTML: a Liquid template (page, site, content) for each page instead of the built-in one.", valueName: "file"))
    var template: String?

    /// For checking the Liquid layer against Jekyll: bodies stay Markdown (after Liquid).
    @Flag(name: .customLong("liquid-only"), help: .hidden)
    var liquidOnly = false

    func validate() throws {
        for dir in themes + includePaths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("'\(dir)' is not a folder (--theme and --include-path take folders)")
            }
        }
        guard Exporters.named(to) != nil || to == "all" else {
            throw ValidationError("unknown format '\(to)'; known formats: \(Exporters.all.map { $0.formatName }.joined(separator: ", "))")
        }
        if let now, PostDate(iso8601: now) == nil {
            throw ValidationError("--now must look like 2024-01-01T00:00:00Z or 2024-01-01T09:00:00+09:00")
        }
    }

    func run() throws {
        var request = Conversion.Request(source: source, format: to, output: out)
        request.force = force
        request.recordOutputs = report != nil
        // The process ends after this one run.
        request.keepsMemoryUntilExit = true
        Convert.growHeapsInLargerSteps()
        var options = request.importOptions
        options.drafts = drafts
        options.future = future
        options.unpublished = unpublished
        options.configFiles = config.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        options.includePaths = (themes + includePaths).map { URL(fileURLWithPath: $0) }
        options.parseMarkdown = !liquidOnly
        var settings: [String: String] = [:]
        if allFeeds { settings["all-feeds"] = "true" }
        if fragment { settings["fragment"] = "true" }
        if let maxEmbed { settings["max-embed"] = maxEmbed }
        if let template { settings["template"] = template }
        if drafts { settings["drafts"] = "true" }
        request.exportSettings = settings
        let bar = ProgressBar(enabled: !quiet)
        let progress: @Sendable (String, Int, Int) -> Void = { stage, done, total in bar.update(stage, done, total) }
        request.importOptions.progress = progress
        request.progress = progress
        options.defaultTimeZone = TimeZone.current.identifier
        options.now = now.flatMap(PostDate.init(iso8601:))?.secondsSinceEpoch ?? Int64(Date().timeIntervalSince1970)
        request.importOptions = options
        let result = Conversion().run(request)
        bar.finish()
        if let bytes = result.standardOutput { FileHandle.standardOutput.write(Data(bytes)) }
        if quiet {
            let errors = result.diagnostics.filter { $0.severity == .error }
            if !errors.isEmpty { printDiagnostics(errors, summary: result.summary) }
        } else {
            printDiagnostics(result.diagnostics, summary: result.summary)
        }
        if let report {
            do {
                try SafeFileWriter.atomicWrite(result.json(source: source, format: to), to: URL(fileURLWithPath: report), displayPath: report)
            } catch {
                FileHandle.standardError.write(Data("blogport: cannot write the report \(report): \(error.reason)\n".utf8))
                throw ExitCode(ExitStatus.outputError.rawValue)
            }
        }
        if result.status != .success { throw ExitCode(result.status.rawValue) }
    }
}

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Write every post of a backup back to its original path, byte for byte.",
        discussion: "Existing files are kept unless --force. Exit status: 0 all restored; 2 not a backup; 3 a file could not be written.")

    @Argument(help: "A backup written by `blogport convert SITE --to json`.")
    var backup: String

    @Option(name: [.customLong("out"), .customShort("o")], help: "The folder to restore into.")
    var out: String

    @Flag(help: "Replace files that already exist.")
    var force = false

    func run() throws {
        let report = BlogportKit.Restore().run(backup: backup, output: out, force: force)
        printDiagnostics(report.diagnostics, summary: report.summary)
        if report.status != .success { throw ExitCode(report.status.rawValue) }
    }
}

struct Formats: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "formats", abstract: "List the output formats.")

    func run() {
        for e in Exporters.all { print("\(e.formatName)\t\(e.summary)") }
    }
}

#if os(Linux)
/// glibc's `mallopt` (malloc.h is not in Swift's Glibc module).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
