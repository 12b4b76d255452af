import BlogModel
import Kramdown
import XMLSupport

/// A person: an author of a feed or an entry.
struct FeedPerson: Hashable {
    /// Never blank.
    var name: String
    /// `email`, if known.
    var email: String?
    /// `uri`, if known.
    var uri: String?
}

/// One post as every feed format shows it; all text is plain, sanitized for XML 1.0.
struct FeedEntry {
    /// Smartified, tags stripped, white space normalized.
    var title: String
    /// The post's absolute URL.
    var link: String
    /// jekyll-feed's id (absolute `post.id`), or the front matter's `id`/`guid`.
    var id: String
    /// The post's date.
    var published: PostDate
    /// `last_modified_at`, else the date.
    var updated: PostDate
    /// The author (never missing).
    var author: FeedPerson
    /// Categories, then tags.
    var terms: [String]
    /// `description`, else the excerpt, as plain text; nil when empty.
    var summary: String?
    /// The whole post as HTML with absolute URLs; nil with `excerpt_only`.
    var contentHTML: String?
    /// The excerpt as HTML with absolute URLs.
    var excerptHTML: String
    /// The absolute URL of `image`.
    var image: String?
    /// The post's `lang`.
    var language: String?
}

/// One feed: the main feed, a category's or a tag's.
struct Feed {
    /// The site path of the feed, e.g. `/feed.xml` (an output file name without the `/`).
    var path: String
    /// The feed's absolute URL (self link, id).
    var url: String
    /// The site's home page.
    var homeURL: String
    /// Site title (‖ `name`), with ` | Category` for a category feed.
    var title: String?
    /// The site's description.
    var subtitle: String?
    /// The site's language, when it is a valid language tag.
    var language: String?
    /// The site's author, if configured.
    var author: FeedPerson?
    /// The newest entry's `updated` (nil without entries).
    var updated: PostDate?
    /// The entries, newest first.
    var entries: [FeedEntry]
}

/// The output file name extension a format uses in place of jekyll-feed's `.xml`.
enum FeedFileKind {
    case atom, rss, json

    /// `/feed.xml` → `/feed.xml` (Atom), `/feed.rss` (RSS), `/feed.json` (JSON Feed).
    func path(_ atomPath: String) -> String {
        let stem = atomPath.hasSuffix(".xml") ? String(atomPath.dropLast(4)) : atomPath
        switch self {
        case .atom: return atomPath
        case .rss: return stem + ".rss"
        case .json: return stem + ".json"
        }
    }
}

/// Builds feeds from a blog as jekyll-feed selects and describes posts.
struct FeedBuilder {
    let blog: Blog
    let settings: FeedSettings
    let kind: FeedFileKind
    let includeDrafts: Bool
    /// Posts a feed may show, newest first (stable for equal dates).
    let candidates: [Post]
    /// Warnings so far.
    private(set) var diagnostics: [Diagnostic] = []
    private var entryCache: [String: FeedEntry] = [:]
    /// How a post becomes an entry (the same for every feed format).
    let maker: FeedEntryMaker
    /// Entries shared with the run's other feed exporters, if any.
    let sharedEntries: FeedEntryStore?

    init(blog: Blog, context: ExportContext, kind: FeedFileKind) {
        self.blog = blog
        self.kind = kind
        maker = FeedEntryMaker(site: blog.site, context: context)
        settings = maker.settings
        includeDrafts = context.settings["drafts"] == "true"
        sharedEntries = context.feedEntries
        let drafts = context.settings["drafts"] == "true"
        let visible = blog.posts.filter { drafts || !$0.isDraft }
        // Jekyll's `sort: "date" | reverse`; equal dates keep the blog's order.
        candidates = visible.enumerated().sorted { a, b in
            a.element.date.secondsSinceEpoch != b.element.date.secondsSinceEpoch
                ? a.element.date.secondsSinceEpoch > b.element.date.secondsSinceEpoch : a.offset < b.offset
        }.map(\.element)
        diagnostics = settings.diagnostics + maker.authors.diagnostics
        if blog.site.url?.isEmpty ?? true {
            diagnostics.append(Diagnostic(.warning, code: "feed-no-url", message: "_config.yml has no `url`: feed links and ids are relative, which readers cannot follow",
                                          hint: "set `url: https://example.org` in _config.yml", location: SourceLocation(file: "_config.yml")))
        }
    }

    /// The main feed.
    mutating func mainFeed() -> Feed {
        feed(path: settings.path, suffix: nil, posts: candidates)
    }

    /// The main feed, then one per category and one per tag (`--all-feeds`).
    mutating func allFeeds() -> [Feed] {
        var feeds = [mainFeed()]
        let categories = settings.categories.isEmpty ? FeedBuilder.distinct(candidates.flatMap(\.categories)).sorted() : settings.categories
        for category in categories where !category.isEmpty {
            feeds.append(feed(path: "/feed/" + FeedBuilder.fileSegment(category) + ".xml", suffix: FeedBuilder.capitalized(category),
                              posts: candidates.filter { $0.categories.contains(category) }))
        }
        let tagFeeds = settings.tags ?? FeedSettings.TagFeeds()
        let allTags = FeedBuilder.distinct(candidates.flatMap(\.tags)).sorted()
        var folder = tagFeeds.path
        if !folder.hasPrefix("/") { folder = "/" + folder }
        for tag in (tagFeeds.only ?? allTags) where !tag.isEmpty && !tagFeeds.except.contains(tag) {
            let posts = candidates.filter { $0.tags.contains(tag) }
            if posts.isEmpty { continue }
            feeds.append(feed(path: folder + FeedBuilder.fileSegment(tag) + ".xml", suffix: nil, posts: posts))
        }
        return feeds
    }

    private static func distinct(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    /// A tag or category as one file name: `/` and `\` become `-`, a leading `.` becomes `_`.
    static func fileSegment(_ name: String) -> String {
        var s = String(name.map { $0 == "/" || $0 == "\\" ? "-" : $0 })
        if s.hasPrefix(".") { s = "_" + s.dropFirst() }
        return s
    }

    /// Ruby's `String#capitalize` (Liquid's `capitalize`): first character upper, the rest lower.
    static func capitalized(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst().lowercased()
    }

    /// Percent-encodes a path for a URL, `#`, `?` and `%` included (file names are raw).
    static func encodedPath(_ path: String) -> String {
        var out = ""
        let hex = Array("0123456789ABCDEF")
        for b in path.utf8 {
            let keep = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-._~!$&'()*+,;=:@/".utf8.contains(b)
            out += keep ? String(UnicodeScalar(b)) : "%" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
        }
        return out
    }

    private mutating func feed(path atomPath: String, suffix: String?, posts: [Post]) -> Feed {
        let site = blog.site
        let path = kind.path(atomPath)
        var title = site.title.map(FeedBuilder.plainTitle)
        if let suffix, let t = title { title = t + " | " + FeedBuilder.plainTitle(suffix) }
        let entries = posts.prefix(settings.postsLimit).map { entry(for: $0) }
        var updated: PostDate?
        for e in entries where updated.map({ e.updated > $0 }) ?? true { updated = e.updated }
        var language: String?
        if let lang = site.language, !lang.isEmpty {
            if FeedBuilder.isLanguageTag(lang) {
                language = lang
            } else if !diagnostics.contains(where: { $0.code == "feed-language" }) {
                diagnostics.append(Diagnostic(.warning, code: "feed-language", message: "_config.yml: `lang` '\(lang)' is not a language tag (like en-US); left out of the feed",
                                              location: SourceLocation(file: "_config.yml")))
            }
        }
        let subtitle = site.description.map { FeedText.sanitized(FeedText.normalizedWhitespace($0)).text }.flatMap { $0.isEmpty ? nil : $0 }
        return Feed(path: path, url: FeedText.absoluteURL(FeedBuilder.encodedPath(path), site: site),
                    homeURL: FeedText.absoluteURL("/", site: site), title: title.flatMap { $0.isEmpty ? nil : $0 }, subtitle: subtitle,
                    language: language, author: siteAuthor(), updated: updated, entries: entries)
    }

    /// `[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*`
    static func isLanguageTag(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (1...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// jekyll-feed's title pipeline (`smartify | strip_html | normalize_whitespace`) as plain text.
    static func plainTitle(_ s: String) -> String {
        FeedText.sanitized(FeedText.normalizedWhitespace(HTMLText.plainText(SmartyPants.convert(s)))).text
    }

    /// The site's `author` as a person (`author.name` ‖ `author`).
    private func siteAuthor() -> FeedPerson? { maker.siteAuthor() }

    private mutating func entry(for post: Post) -> FeedEntry {
        if let cached = entryCache[post.sourcePath] { return cached }
        let maker = self.maker, options = maker.options
        func make() -> (entry: FeedEntry, diagnostics: [Diagnostic]) {
            maker.make(post, bodyHTML: { HTMLWriter.html(post.body, options: options) },
                       excerptHTML: { HTMLWriter.html(post.excerpt, options: options) })
        }
        let made = sharedEntries?.entry(for: post.sourcePath, make: make) ?? make()
        diagnostics += made.diagnostics
        entryCache[post.sourcePath] = made.entry
        return made.entry
    }
}

/// How jekyll-feed describes a post (the same in every feed format): made once per run and
/// shared, so that a feed's entries can be made while the posts pass by.
struct FeedEntryMaker: Sendable {
    let site: Site
    let settings: FeedSettings
    let authors: AuthorsData
    let options: KramdownOptions

    /// The maker for `site`'s feeds: its `feed:` settings, `_data/authors` and kramdown options.
    init(site: Site, context: ExportContext) {
        self.site = site
        settings = FeedSettings(config: site.config)
        authors = AuthorsData(siteRoot: context.siteRoot)
        options = KramdownOptions(config: site.config["kramdown"]?.mapValue ?? MetadataMap())
    }

    /// The entry for `post` and the warnings it gives; `bodyHTML` and `excerptHTML` write the
    /// post's HTML (asked for only when needed).
    func make(_ post: Post, bodyHTML: () -> String, excerptHTML makeExcerptHTML: () -> String) -> (entry: FeedEntry, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let location = SourceLocation(file: post.sourcePath)
        var removed = 0
        func clean(_ s: String) -> String {
            let r = FeedText.sanitized(s)
            removed += r.removed
            return r.text
        }
        let link = FeedText.absoluteURL(post.url, site: site)
        // Front matter `id`/`guid` overrides jekyll-feed's absolute post.id.
        var id = FeedText.absoluteURL(post.id, site: site)
        for key in ["guid", "id"] {
            if let v = post.data[key], !v.isNull, case let s = clean(v.rubyString).trimmingScalars(" \t\n"), !s.isEmpty {
                id = FeedText.hasScheme(s) ? FeedText.uriEncoded(s) : FeedText.absoluteURL(s, site: site)
                break
            }
        }
        // post.author ‖ post.authors[0] ‖ site.author, looked up in _data/authors.
        var author: FeedPerson?
        if let a = post.data["author"], !a.isNull, !(a.stringValue?.isEmpty ?? false) {
            author = person(a)
        } else if let list = post.data["authors"]?.listValue, let first = list.first {
            author = person(first)
        } else if let a = post.data["authors"], a.stringValue != nil {
            author = person(a)
        }
        if author == nil { author = siteAuthor() }
        if author == nil {
            let fallback = site.title.map(FeedBuilder.plainTitle).flatMap { $0.isEmpty ? nil : $0 }
                ?? site.url.flatMap { URIParts($0).authority } ?? "Unknown author"
            author = FeedPerson(name: fallback)
            diagnostics.append(Diagnostic(.warning, code: "feed-no-author", message: "no author (post, _data/authors or site); the feed names '\(fallback)'",
                                          hint: "set `author:` in _config.yml or the post's front matter", location: location))
        }
        var terms = post.categories + post.tags
        terms = terms.map(clean).filter { !$0.isEmpty }
        let excerptHTML = absolutized(clean(makeExcerptHTML()), base: link)
        var summary: String?
        if let d = post.data["description"], !d.isNull, !d.rubyString.isEmpty {
            summary = FeedText.normalizedWhitespace(HTMLText.plainText(clean(d.rubyString)))
        } else {
            summary = FeedText.normalizedWhitespace(HTMLText.plainText(excerptHTML))
        }
        if summary?.isEmpty ?? true { summary = nil }
        let excerptOnly = FeedSettings.truthy(post.data["feed"]?.mapValue?["excerpt_only"]) || settings.excerptOnly
        let content = excerptOnly ? nil : absolutized(clean(trimmed(bodyHTML())), base: link)
        var image: String?
        let imageValue = post.data["image"]?.mapValue?["path"] ?? post.data["image"]
        if let img = imageValue, !img.isNull, img.mapValue == nil, case let s = clean(img.rubyString), !s.isEmpty {
            image = s.contains("://") ? FeedText.uriEncoded(s) : FeedText.absoluteURL(s, site: site)
        }
        let language = post.data["lang"]?.stringValue.flatMap { FeedBuilder.isLanguageTag($0) ? $0 : nil }
        if removed > 0 {
            diagnostics.append(Diagnostic(.warning, code: "feed-invalid-chars", message: "\(removed) character\(removed == 1 ? "" : "s") not allowed in XML removed from the feed entry",
                                          location: location))
        }
        var title = FeedBuilder.plainTitle(post.title)
        if title.isEmpty { title = post.slug }
        let e = FeedEntry(title: title, link: link, id: id, published: post.date, updated: post.lastModified ?? post.date,
                          author: author ?? FeedPerson(name: "Unknown author"), terms: terms, summary: summary, contentHTML: content,
                          excerptHTML: excerptHTML, image: image, language: language)
        return (e, diagnostics)
    }

    /// The site's author, if configured.
    func siteAuthor() -> FeedPerson? {
        guard let a = site.author, !a.isNull else { return nil }
        return person(a)
    }

    func person(_ value: MetadataValue) -> FeedPerson? {
        func clean(_ s: String?) -> String? {
            guard let s else { return nil }
            let t = FeedText.sanitized(FeedText.normalizedWhitespace(s)).text
            return t.isEmpty ? nil : t
        }
        switch value {
        case .map(let m):
            let name = m["name"].flatMap { $0.isNull ? nil : $0.rubyString } ?? value.rubyString
            guard let n = clean(name) else { return nil }
            return FeedPerson(name: n, email: clean(m["email"]?.stringValue), uri: clean(m["uri"]?.stringValue))
        case .null:
            return nil
        default:
            let id = value.rubyString
            if let data = authors.authors[id] {
                return FeedPerson(name: clean(data["name"]) ?? clean(id) ?? id, email: clean(data["email"]), uri: clean(data["uri"]))
            }
            return clean(id).map { FeedPerson(name: $0) }
        }
    }

    private func trimmed(_ s: String) -> String {
        s.trimmingScalars(" \t\n\r\u{0B}\u{0C}\0")
    }

    /// `html` with every relative `href`, `src`, `srcset` and `poster` made absolute against `base`
    /// (parsed and written back as libxml2's HTML parser does: by `SimpleHTMLFragment` when the
    /// HTML is simple enough to know libxml2's result without it, else by libxml2).
    func absolutized(_ html: String, base: String) -> String {
        guard html.contains("<") else { return html }
        func absolutize(_ attribute: (String) -> String?, _ setAttribute: (String, String) -> Void) {
            for name in ["href", "src", "poster"] {
                if let v = attribute(name) {
                    setAttribute(name, FeedText.resolve(v.trimmingScalars(" \t\n\r\u{0C}"), against: base))
                }
            }
            if let srcset = attribute("srcset") {
                let candidates = srcset.split(separator: ",").map { candidate -> String in
                    let parts = candidate.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
                    guard let url = parts.first else { return "" }
                    return ([FeedText.resolve(String(url), against: base)] + parts.dropFirst().map(String.init)).joined(separator: " ")
                }
                setAttribute("srcset", candidates.filter { !$0.isEmpty }.joined(separator: ", "))
            }
        }
        if let simple = SimpleHTMLFragment(parsing: html, editableNames: SimpleHTMLFragment.elementNames) {
            simple.forEachElement { element in absolutize(element.attribute, { element.setAttribute($0, $1) }) }
            return FeedText.sanitized(simple.html).text
        }
        let fragment = HTMLFragment(parsing: html)
        fragment.forEachElement { element in absolutize(element.attribute, { element.setAttribute($0, $1) }) }
        return FeedText.sanitized(fragment.html).text
    }
}

extension String {
    /// Without leading and trailing characters from `set`.
    func trimmingScalars(_ set: String) -> String {
        let chars = Set(set.unicodeScalars)
        var s = Substring(self).unicodeScalars[...]
        while let f = s.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.last, chars.contains(l) { s = s.dropLast() }
        return String(Substring(s))  // (copied whole, not scalar by scalar)
    }
}
