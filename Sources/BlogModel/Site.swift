/// A blog's site-wide settings, and its configuration as written.
public struct Site: Sendable, Hashable, Codable {
    /// `title` (or jekyll-feed's fallback `name`).
    public var title: String?
    /// `description`.
    public var description: String?
    /// The absolute site URL without a trailing slash, e.g. `https://example.org`.
    public var url: String?
    /// The path the site is mounted at, e.g. `/blog`; empty for the root.
    public var baseurl: String
    /// `lang` or `language`, e.g. `ko-kr`.
    public var language: String?
    /// The IANA time zone every date is shown in (`timezone`, else the machine's zone).
    public var timeZone: String
    /// `author`: a name, or a map with `name`, `email`, `uri`.
    public var author: MetadataValue?
    /// The merged configuration (`_config.yml` and any `--config` files), keys in order.
    public var config: MetadataMap

    /// Makes a site description.
    public init(
        title: String? = nil, description: String? = nil, url: String? = nil, baseurl: String = "",
        language: String? = nil, timeZone: String = "UTC", author: MetadataValue? = nil,
        config: MetadataMap = MetadataMap()
    ) {
        self.title = title
        self.description = description
        self.url = url
        self.baseurl = baseurl
        self.language = language
        self.timeZone = timeZone
        self.author = author
        self.config = config
    }
}

/// One post (or draft) of a blog, with everything Jekyll derives from its file.
public struct Post: Sendable, Hashable, Codable {
    /// The file's path relative to the site folder, with `/` separators: `_posts/2023-12-10-x.md`.
    public var sourcePath: String
    /// The slug: front matter `slug`, else the file name without date and extension.
    public var slug: String
    /// The title: front matter `title`, else the slug titleized.
    public var title: String
    /// The publication date in the site's zone.
    public var date: PostDate
    /// `last_modified_at` from the front matter, if present and valid.
    public var lastModified: PostDate?
    /// `author` / `authors` from the front matter or defaults, as names or ids.
    public var authors: [String]
    /// Categories, in Jekyll's order: folders above `_posts`, then front matter.
    public var categories: [String]
    /// Tags, in front-matter order.
    public var tags: [String]
    /// Whether the post comes from `_drafts`.
    public var isDraft: Bool
    /// False when the front matter says `published: false`.
    public var isPublished: Bool
    /// The post's URL path, starting with the site's path: `/2023/12/10/x/` (without `baseurl`).
    public var url: String
    /// Jekyll's `post.id`: the URL's folder plus the slug, e.g. `/2023/12/10/x`.
    public var id: String
    /// The front matter exactly as the file has it (types and key order kept).
    public var frontMatter: MetadataMap
    /// The front matter after `defaults:` from the configuration were applied (Jekyll's `page`).
    public var data: MetadataMap
    /// The file's full text, byte for byte (BOM and line endings included).
    public var source: String
    /// Line (1-based) in `source` where the body starts after the front matter.
    public var bodyStartLine: Int
    /// The body.
    public var body: Document
    /// The excerpt: front matter `excerpt`, else the body up to the excerpt separator.
    public var excerpt: Document

    /// Makes a post; every field is given.
    public init(
        sourcePath: String, slug: String, title: String, date: PostDate, lastModified: PostDate?,
        authors: [String], categories: [String], tags: [String], isDraft: Bool, isPublished: Bool,
        url: String, id: String, frontMatter: MetadataMap, data: MetadataMap, source: String,
        bodyStartLine: Int, body: Document, excerpt: Document
    ) {
        self.sourcePath = sourcePath
        self.slug = slug
        self.title = title
        self.date = date
        self.lastModified = lastModified
        self.authors = authors
        self.categories = categories
        self.tags = tags
        self.isDraft = isDraft
        self.isPublished = isPublished
        self.url = url
        self.id = id
        self.frontMatter = frontMatter
        self.data = data
        self.source = source
        self.bodyStartLine = bodyStartLine
        self.body = body
        self.excerpt = excerpt
    }
}

/// A whole blog: its site settings and its posts, newest first.
public struct Blog: Sendable, Hashable, Codable {
    /// Site-wide settings.
    public var site: Site
    /// Posts ordered as Jekyll's `site.posts`: newest first, ties broken by path.
    public var posts: [Post]

    /// Makes a blog.
    public init(site: Site, posts: [Post]) {
        self.site = site
        self.posts = posts
    }
}
