import BlogJSON
import BlogModel

/// JSON Feed 1.1 (jsonfeed.org/version/1.1) with the same entries as the Atom feed.
public struct JSONFeedExporter: Exporter {
    /// `--to jsonfeed`
    public static let formatName = "jsonfeed"
    /// One line for `blogport formats`.
    public static let summary = "JSON Feed 1.1 with the same entries as the Atom feed (jekyll-feed's settings)"

    /// Makes the exporter.
    public init() {}

    /// The feed (or, with `--all-feeds`, every feed): same blog, same bytes.
    public func write(_ blog: Blog, context: ExportContext) -> ExportResult {
        FeedExport.write(blog, context: context, kind: .json, render: JSONFeedExporter.render)
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
        func person(_ p: FeedPerson) -> JSONValue {
            var m: [(String, JSONValue)] = [("name", .string(p.name))]
            if let uri = p.uri { m.append(("url", .string(uri))) }
            return .object(m)
        }
        var top: [(String, JSONValue)] = [
            ("version", .string("https://jsonfeed.org/version/1.1")),
            ("title", .string(feed.title ?? URIParts(feed.homeURL).authority ?? feed.homeURL)),
            ("home_page_url", .string(feed.homeURL)),
            ("feed_url", .string(feed.url)),
        ]
        if let subtitle = feed.subtitle { top.append(("description", .string(subtitle))) }
        if let language = feed.language { top.append(("language", .string(language))) }
        if let author = feed.author {
            top.append(("authors", .array([person(author)])))
            top.append(("author", person(author)))  // JSON Feed 1.0 readers
        }
        let items: [JSONValue] = feed.entries.map { e in
            var m: [(String, JSONValue)] = [
                ("id", .string(e.id)),
                ("url", .string(e.link)),
                ("title", .string(e.title)),
                ("content_html", .string(e.contentHTML ?? e.excerptHTML)),
            ]
            if let summary = e.summary { m.append(("summary", .string(summary))) }
            if let image = e.image { m.append(("image", .string(image))) }
            m.append(("date_published", .string(e.published.iso8601)))
            m.append(("date_modified", .string(e.updated.iso8601)))
            m.append(("authors", .array([person(e.author)])))
            m.append(("author", person(e.author)))
            if !e.terms.isEmpty { m.append(("tags", .array(e.terms.map { .string($0) }))) }
            if let language = e.language { m.append(("language", .string(language))) }
            return .object(m)
        }
        top.append(("items", .array(items)))
        return String(decoding: JSONWriter.bytes(.object(top)), as: UTF8.self)
    }
}
