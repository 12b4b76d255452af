import BlogModel

/// jekyll-feed's `feed:` settings from `_config.yml`, read as jekyll-feed 0.17 reads them.
struct FeedSettings {
    /// Per-tag feeds: `feed.tags` as `true` or `{only, except, path}`.
    struct TagFeeds {
        /// `only`: the tags to write feeds for (nil: every tag).
        var only: [String]?
        /// `except`: tags without a feed.
        var except: [String] = []
        /// `path`: the folder of tag feeds, default `/feed/by_tag/`.
        var path = "/feed/by_tag/"
    }

    /// `feed.path` (or `feed.collections.posts.path`), default `/feed.xml`, with a leading `/`.
    var path = "/feed.xml"
    /// `feed.posts_limit`, default 10.
    var postsLimit = 10
    /// `feed.excerpt_only` (Liquid truthiness: anything but nil and false).
    var excerptOnly = false
    /// `feed.categories` (or `feed.collections.posts.categories`): one extra feed each.
    var categories: [String] = []
    /// `feed.tags`, nil when tag feeds are off.
    var tags: TagFeeds?
    /// Problems found reading the settings.
    var diagnostics: [Diagnostic] = []

    /// Reads `feed:` from the site configuration.
    init(config: MetadataMap) {
        guard let value = config["feed"], !value.isNull else { return }
        guard let feed = value.mapValue else {
            diagnostics.append(Diagnostic(.warning, code: "feed-config", message: "_config.yml: `feed` is not a map; jekyll-feed's defaults are used",
                                          location: SourceLocation(file: "_config.yml")))
            return
        }
        func warn(_ message: String) {
            diagnostics.append(Diagnostic(.warning, code: "feed-config", message: "_config.yml: " + message, location: SourceLocation(file: "_config.yml")))
        }
        func strings(_ v: MetadataValue?, _ name: String) -> [String] {
            switch v {
            case nil, .null?: return []
            case .list(let items)?: return items.map(\.rubyString)
            case .string(let s)?: return [s]
            case .some(let other):
                warn("`\(name)` should be a list, not \(other.rubyString); ignored")
                return []
            }
        }
        let postsMeta: MetadataMap? = {
            if case .map(let collections)? = feed["collections"] { return collections["posts"]?.mapValue }
            return nil
        }()
        if let p = feed["path"]?.stringValue ?? postsMeta?["path"]?.stringValue, !p.isEmpty {
            path = p.hasPrefix("/") ? p : "/" + p
        }
        switch feed["posts_limit"] {
        case nil, .null?: break
        case .int(let n)?: postsLimit = max(0, n)
        case .string(let s)?:
            // Liquid's `limit:` takes `to_i` of a string.
            let digits = s.trimmingPrefix(while: { $0 == " " }).prefix(while: { $0.isASCII && $0.isNumber })
            postsLimit = Int(digits) ?? 0
            if Int(s) == nil { warn("`feed.posts_limit` '\(s)' is not a number; read as \(postsLimit) as jekyll-feed does") }
        case .some(let other): warn("`feed.posts_limit` \(other.rubyString) is not a number; the default 10 is used")
        }
        excerptOnly = FeedSettings.truthy(feed["excerpt_only"])
        categories = strings(feed["categories"], "feed.categories")
        if categories.isEmpty, let c = postsMeta?["categories"] { categories = strings(c, "feed.collections.posts.categories") }
        switch feed["collections"] {
        case .list(let names)?:
            for n in names.map(\.rubyString) where n != "posts" { warn("feed for collection '\(n)' not written: blogport exports posts only") }
        case .map(let m)?:
            for n in m.keys where n != "posts" { warn("feed for collection '\(n)' not written: blogport exports posts only") }
        default: break
        }
        if let t = feed["tags"], FeedSettings.truthy(t) {
            var tags = TagFeeds()
            if let m = t.mapValue {
                if let only = m["only"], !only.isNull { tags.only = strings(only, "feed.tags.only") }
                tags.except = strings(m["except"], "feed.tags.except")
                if let p = m["path"]?.stringValue, !p.isEmpty { tags.path = p }
            }
            self.tags = tags
        }
    }

    /// Liquid truthiness: everything but nil and false.
    static func truthy(_ v: MetadataValue?) -> Bool {
        switch v {
        case nil, .null?, .bool(false)?: return false
        default: return true
        }
    }
}
