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

    /// Makes the entries of `posts` (the outline's posts at `indexes`) in the run's shared
    /// store, on all cores, with the HTML the run has made for them: the three feed formats
    /// share the posts out between them, and the end of the run only collects the entries.
    static func prepare(_ posts: [Post], indexes: [Int], outline: Blog, context: ExportContext) {
        guard let store = context.feedEntries else { return }
        let maker = FeedEntryMaker(site: outline.site, context: context)
        let options = maker.options
        _ = ParallelMap.map(Array(posts.indices)) { i in
            let post = posts[i], index = indexes[i]
            store.prepare(post.sourcePath) {
                maker.make(post, bodyHTML: { context.html(of: post, index: index, options: options) },
                           excerptHTML: { context.html(of: post, index: index, excerpt: true, options: options) })
            }
        }
    }

    /// The posts any feed can show (by index in `blog.posts`): the newest `posts_limit` visible
    /// posts, and with `--all-feeds` the newest of each category and tag too (at least one each,
    /// so that every category and tag feed is still written). From metadata alone; `write` given
    /// just these posts writes the same feeds.
    static func postsNeeded(_ blog: Blog, context: ExportContext) -> Set<Int> {
        let limit = max(1, FeedSettings(config: blog.site.config).postsLimit)
        let drafts = context.settings["drafts"] == "true"
        let order = blog.posts.indices.filter { drafts || !blog.posts[$0].isDraft }.sorted { a, b in
            let x = blog.posts[a].date.secondsSinceEpoch, y = blog.posts[b].date.secondsSinceEpoch
            return x != y ? x > y : a < b
        }
        var needed = Set(order.prefix(limit))
        guard context.settings["all-feeds"] == "true" else { return needed }
        var shown: [String: Int] = [:]
        for i in order {
            let post = blog.posts[i]
            for term in Set(post.categories.map { "c:" + $0 } + post.tags.map { "t:" + $0 }) {
                let n = shown[term, default: 0]
                if n < limit {
                    needed.insert(i)
                    shown[term] = n + 1
                }
            }
        }
        return needed
    }
}
