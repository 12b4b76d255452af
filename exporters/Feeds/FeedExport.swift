import BlogModel

/// What the three feed exporters share: which feeds to write and where.
enum FeedExport {
    /// The main feed as one document, or with `--all-feeds` every feed as files at
    /// jekyll-feed's paths (with the format's extension).
    static func write(_ blog: Blog, context: ExportContext, kind: FeedFileKind, render: (Feed) -> String) -> ExportResult {
        var builder = FeedBuilder(blog: blog, context: context, kind: kind)
        if context.settings["all-feeds"] == "true" {
            let feeds = builder.allFeeds()
            var seen = Set<String>()
            var files: [(path: String, bytes: [UInt8])] = []
            var diagnostics = builder.diagnostics
            for feed in feeds {
                let path = String(feed.path.drop(while: { $0 == "/" }))
                guard seen.insert(path).inserted else {
                    diagnostics.append(Diagnostic(.warning, code: "feed-path-clash", message: "two feeds would be written to \(path); only the first is"))
                    continue
                }
                files.append((path, Array(render(feed).utf8)))
            }
            return ExportResult(output: .files(files), diagnostics: diagnostics)
        }
        let feed = builder.mainFeed()
        return ExportResult(output: .document(Array(render(feed).utf8)), diagnostics: builder.diagnostics)
    }
}
