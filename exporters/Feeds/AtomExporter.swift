import BlogModel

/// Atom 1.0 (RFC 4287), structured as jekyll-feed 0.17's `feed.xml`.
public struct AtomExporter: Exporter {
    /// `--to atom`
    public static let formatName = "atom"
    /// One line for `blogport formats`.
    public static let summary = "Atom feed as jekyll-feed writes it (feed: settings of _config.yml; --all-feeds --out DIR for category and tag feeds)"

    /// Makes the exporter.
    public init() {}

    /// The feed (or, with `--all-feeds`, every feed): same blog, same bytes.
    public func write(_ blog: Blog, context: ExportContext) -> ExportResult {
        FeedExport.write(blog, context: context, kind: .atom, render: AtomExporter.render)
    }

    /// Only the newest posts (as many as the feeds show) are kept while a site is converted.
    public func postsNeeded(_ outline: Blog, context: ExportContext) -> Set<Int>? {
        FeedExport.postsNeeded(outline, context: context)
    }

    /// The entries of the posts the feeds show are made as those posts pass by.
    public func prepare(_ posts: [Post], indexes: [Int], outline: Blog, context: ExportContext) {
        FeedExport.prepare(posts, indexes: indexes, outline: outline, context: context)
    }

    static func render(_ feed: Feed) -> String {
        var x = XMLWriter()
        x.open("feed", [("xmlns", "http://www.w3.org/2005/Atom"), ("xml:lang", feed.language)])
        x.element("generator", [], "blogport")
        x.element("link", [("href", feed.url), ("rel", "self"), ("type", "application/atom+xml")])
        x.element("link", [("href", feed.homeURL), ("rel", "alternate"), ("type", "text/html"), ("hreflang", feed.language)])
        x.element("updated", [], (feed.updated ?? PostDate(secondsSinceEpoch: 0, utcOffsetSeconds: 0)).iso8601)
        x.element("id", [], feed.url)
        if let title = feed.title { x.element("title", [("type", "text")], title) }
        if let subtitle = feed.subtitle { x.element("subtitle", [], subtitle) }
        if let author = feed.author { person(author, into: &x) }
        for e in feed.entries {
            x.open("entry", [("xml:lang", e.language)])
            x.element("title", [("type", "text")], e.title)
            x.element("link", [("href", e.link), ("rel", "alternate"), ("type", "text/html"), ("title", e.title)])
            x.element("published", [], e.published.iso8601)
            x.element("updated", [], e.updated.iso8601)
            x.element("id", [], e.id)
            if let html = e.contentHTML { x.element("content", [("type", "html"), ("xml:base", e.link)], html) }
            person(e.author, into: &x)
            for term in e.terms { x.element("category", [("term", term)]) }
            if let summary = e.summary { x.element("summary", [("type", "text")], summary) }
            if let image = e.image {
                x.element("media:thumbnail", [("xmlns:media", "http://search.yahoo.com/mrss/"), ("url", image)])
                x.element("media:content", [("medium", "image"), ("url", image), ("xmlns:media", "http://search.yahoo.com/mrss/")])
            }
            x.close("entry")
        }
        x.close("feed")
        return x.text
    }

    private static func person(_ p: FeedPerson, into x: inout XMLWriter) {
        x.open("author")
        x.element("name", [], p.name)
        if let email = p.email { x.element("email", [], email) }
        if let uri = p.uri { x.element("uri", [], uri) }
        x.close("author")
    }
}
