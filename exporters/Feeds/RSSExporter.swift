import BlogModel

/// RSS 2.0 with the RSS Advisory Board's best practices (atom:link self, content:encoded, dc:creator).
public struct RSSExporter: Exporter {
    /// `--to rss`
    public static let formatName = "rss"
    /// One line for `blogport formats`.
    public static let summary = "RSS 2.0 feed with the same entries as the Atom feed (jekyll-feed's settings)"

    /// Makes the exporter.
    public init() {}

    /// The feed (or, with `--all-feeds`, every feed): same blog, same bytes.
    public func write(_ blog: Blog, context: ExportContext) -> ExportResult {
        FeedExport.write(blog, context: context, kind: .rss, render: RSSExporter.render)
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
        x.open("rss", [("version", "2.0"), ("xmlns:atom", "http://www.w3.org/2005/Atom"),
                       ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
                       ("xmlns:dc", "http://purl.org/dc/elements/1.1/"), ("xmlns:media", "http://search.yahoo.com/mrss/")])
        x.open("channel")
        let title = feed.title ?? URIParts(feed.homeURL).authority ?? feed.homeURL
        x.element("title", [], title)
        x.element("link", [], feed.homeURL)
        x.element("description", [], feed.subtitle ?? title)
        x.element("atom:link", [("href", feed.url), ("rel", "self"), ("type", "application/rss+xml")])
        if let language = feed.language { x.element("language", [], language) }
        x.element("generator", [], "blogport")
        if let updated = feed.updated { x.element("lastBuildDate", [], FeedText.rfc822(updated)) }
        for e in feed.entries {
            x.open("item")
            x.element("title", [], e.title)
            x.element("link", [], e.link)
            x.element("guid", [("isPermaLink", e.id == e.link ? "true" : "false")], e.id)
            x.element("pubDate", [], FeedText.rfc822(e.published))
            x.element("dc:creator", [], e.author.name)
            for term in e.terms { x.element("category", [], term) }
            if let summary = e.summary { x.element("description", [], summary) }
            if let html = e.contentHTML { x.element("content:encoded", [], html) }
            if let image = e.image { x.element("media:thumbnail", [("url", image)]) }
            x.close("item")
        }
        x.close("channel")
        x.close("rss")
        return x.text
    }
}
