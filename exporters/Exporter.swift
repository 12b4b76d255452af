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

    /// Makes a context.
    public init(siteRoot: URL? = nil, displayPrefix: String = "", settings: [String: String] = [:]) {
        self.siteRoot = siteRoot
        self.displayPrefix = displayPrefix
        self.settings = settings
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
