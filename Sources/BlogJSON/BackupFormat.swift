import BlogModel

/// The blogport backup: one JSON document holding a whole blog, and its mapping to the model.
///
/// ```
/// {"format": "blogport-backup", "version": 1, "site": {…}, "posts": [{…}, …]}
/// ```
/// Keys are written in a fixed order (front matter keeps the file's order), so the same blog
/// always gives the same bytes. `schema/blogport-backup.schema.json` describes every field.
public enum BackupFormat {
    /// The value of the top-level `format` key.
    public static let formatName = "blogport-backup"
    /// The version this build writes and reads.
    public static let version = 1

    /// Why a JSON value is not a backup this build can read.
    public struct DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
        /// A JSON-pointer-like path to the offending value, e.g. `posts[3].date`.
        public var path: String
        /// What is wrong.
        public var reason: String
        /// `path: reason`
        public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
    }

    // MARK: Encoding

    /// The backup of a blog. `extra` adds members to each post (e.g. rendered `html`).
    public static func encode(_ blog: Blog, postExtras: (Post) -> [(String, JSONValue)] = { _ in [] }) -> JSONValue {
        tree { sink in
            sink.openObject()
            writeHead(blog.site, into: &sink)
            sink.openArray()
            for post in blog.posts { write(post, extras: postExtras(post), into: &sink) }
            sink.closeArray()
            sink.closeObject()
        }
    }

    /// The backup's bytes, written post by post: the same bytes as
    /// `JSONWriter.bytes(encode(blog, postExtras:))`, with no tree made.
    public static func bytes(_ blog: Blog, postExtras: (Int, Post) -> [(String, JSONValue)] = { _, _ in [] }) -> [UInt8] {
        var out = head(blog.site)
        for (i, post) in blog.posts.enumerated() { out += element(post, extras: postExtras(i, post), index: i) }
        out += tail(count: blog.posts.count)
        return out
    }

    /// The backup in pieces, to write post by post: `head`, each post's `element` in order, then
    /// `tail`; joined, the same bytes as `bytes(_:postExtras:)`.
    public static func head(_ site: Site) -> [UInt8] {
        var sink = JSONByteSink(after: [], indent: 0)
        sink.openObject()
        writeHead(site, into: &sink)
        // The posts array stays open: its items and end come from `element` and `tail`.
        return sink.bytes
    }

    /// Post `index` of the backup, with `extras` (e.g. rendered `html`) among its members.
    public static func element(_ post: Post, extras: [(String, JSONValue)], index: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8192)
        appendElement(post, extras: extras, index: index, to: &bytes)
        return bytes
    }

    /// `element(post, extras:, index:)` appended to `bytes` in place, for a post too big to be
    /// made apart and copied in (a 50 MB post's element is about a gigabyte).
    public static func appendElement(_ post: Post, extras: [(String, JSONValue)], index: Int, to bytes: inout [UInt8]) {
        var start = bytes
        bytes = []
        start.append(index == 0 ? 91 : 44)
        JSONWriter.newline(4, &start)
        var sink = JSONByteSink(after: start, indent: 4)
        start = []
        write(post, extras: extras, into: &sink)
        bytes = sink.bytes
    }

    /// The end of a backup of `count` posts.
    public static func tail(count: Int) -> [UInt8] {
        // What `JSONByteSink` writes when the posts array and the backup object close.
        var out: [UInt8] = []
        if count == 0 {
            out += "[]".utf8
        } else {
            JSONWriter.newline(2, &out)
            out.append(93)
        }
        JSONWriter.newline(0, &out)
        out += "}\n".utf8
        return out
    }

    /// A value built by `body` as a tree.
    private static func tree(_ body: (inout JSONTreeSink) -> Void) -> JSONValue {
        var sink = JSONTreeSink()
        body(&sink)
        return sink.result
    }

    /// `format`, `version`, `site`, and the key of the posts array.
    private static func writeHead<S: JSONSink>(_ site: Site, into sink: inout S) {
        sink.key("format")
        sink.string(formatName)
        sink.key("version")
        sink.int(version)
        sink.key("site")
        write(site, into: &sink)
        sink.key("posts")
    }

    static func encode(_ site: Site) -> JSONValue { tree { write(site, into: &$0) } }

    private static func write<S: JSONSink>(_ site: Site, into sink: inout S) {
        sink.openObject()
        member("title", site.title, &sink)
        member("description", site.description, &sink)
        member("url", site.url, &sink)
        sink.key("baseurl")
        sink.string(site.baseurl)
        member("language", site.language, &sink)
        sink.key("timezone")
        sink.string(site.timeZone)
        sink.key("author")
        if let author = site.author { write(author, into: &sink) } else { sink.null() }
        sink.key("config")
        write(site.config, into: &sink)
        sink.closeObject()
    }

    static func encode(_ post: Post, extras: [(String, JSONValue)]) -> JSONValue {
        tree { write(post, extras: extras, into: &$0) }
    }

    private static func write<S: JSONSink>(_ post: Post, extras: [(String, JSONValue)], into sink: inout S) {
        sink.openObject()
        member("path", post.sourcePath, &sink)
        member("url", post.url, &sink)
        member("id", post.id, &sink)
        member("date", post.date.iso8601, &sink)
        member("last_modified", post.lastModified?.iso8601, &sink)
        member("title", post.title, &sink)
        member("slug", post.slug, &sink)
        strings("categories", post.categories, &sink)
        strings("tags", post.tags, &sink)
        strings("authors", post.authors, &sink)
        sink.key("draft")
        sink.bool(post.isDraft)
        sink.key("published")
        sink.bool(post.isPublished)
        sink.key("front_matter")
        write(post.frontMatter, into: &sink)
        sink.key("data")
        write(post.data, into: &sink)
        member("source", post.source, &sink)
        sink.key("body_start_line")
        sink.int(post.bodyStartLine)
        for (key, value) in extras {
            sink.key(key)
            sink.value(value)
        }
        sink.key("document")
        write(post.body, into: &sink)
        sink.key("excerpt")
        write(post.excerpt, into: &sink)
        sink.closeObject()
    }

    /// A string member, `null` for nil.
    private static func member<S: JSONSink>(_ key: String, _ value: String?, _ sink: inout S) {
        sink.key(key)
        if let value { sink.string(value) } else { sink.null() }
    }

    /// An array of strings member.
    private static func strings<S: JSONSink>(_ key: String, _ values: [String], _ sink: inout S) {
        sink.key(key)
        sink.openArray()
        for value in values { sink.string(value) }
        sink.closeArray()
    }

    /// Metadata as plain JSON; what JSON cannot say is tagged: `{"!!timestamp": "2024-04-30"}`,
    /// `{"!!float": ".inf"}`, and a map that would look like one of those `{"!!map": {…}}`.
    public static func encode(_ value: MetadataValue) -> JSONValue { tree { write(value, into: &$0) } }

    private static func write<S: JSONSink>(_ value: MetadataValue, into sink: inout S) {
        func tagged(_ tag: String, _ text: String) {
            sink.openObject()
            member(tag, text, &sink)
            sink.closeObject()
        }
        switch value {
        case .null: sink.null()
        case .bool(let b): sink.bool(b)
        case .int(let i): sink.int(i)
        case .float(let d):
            if d.isNaN {
                tagged("!!float", ".nan")
            } else if d.isInfinite {
                tagged("!!float", d < 0 ? "-.inf" : ".inf")
            } else {
                sink.double(d)
            }
        case .string(let s): sink.string(s)
        case .timestamp(let s): tagged("!!timestamp", s)
        case .list(let items):
            sink.openArray()
            for item in items { write(item, into: &sink) }
            sink.closeArray()
        case .map(let map):
            // A map that looks like a tagged scalar is wrapped, so it reads back as a map.
            if let only = map.entries.first, map.count == 1 {
                switch (only.key, only.value) {
                case ("!!timestamp", .string), ("!!float", .string), ("!!map", .map):
                    sink.openObject()
                    sink.key("!!map")
                    write(map, into: &sink)
                    sink.closeObject()
                    return
                default: break
                }
            }
            write(map, into: &sink)
        }
    }

    /// A metadata map as a JSON object, keys in the map's order.
    public static func encode(_ map: MetadataMap) -> JSONValue { tree { write(map, into: &$0) } }

    private static func write<S: JSONSink>(_ map: MetadataMap, into sink: inout S) {
        sink.openObject()
        for entry in map.entries {
            sink.key(entry.key)
            write(entry.value, into: &sink)
        }
        sink.closeObject()
    }

    static func encode(_ document: Document) -> JSONValue { tree { write(document, into: &$0) } }

    private static func write<S: JSONSink>(_ document: Document, into sink: inout S) {
        sink.openObject()
        blocks("blocks", document.blocks, &sink)
        if !document.footnotes.isEmpty {
            sink.key("footnotes")
            sink.openArray()
            for footnote in document.footnotes {
                sink.openObject()
                member("name", footnote.name, &sink)
                blocks("blocks", footnote.blocks, &sink)
                sink.closeObject()
            }
            sink.closeArray()
        }
        if !document.abbreviations.isEmpty {
            sink.key("abbreviations")
            sink.openArray()
            for abbreviation in document.abbreviations {
                sink.openObject()
                member("abbreviation", abbreviation.abbreviation, &sink)
                member("title", abbreviation.title, &sink)
                sink.closeObject()
            }
            sink.closeArray()
        }
        sink.closeObject()
    }

    static func encode(_ attributes: Attributes) -> JSONValue { tree { write(attributes, into: &$0) } }

    private static func write<S: JSONSink>(_ attributes: Attributes, into sink: inout S) {
        sink.openObject()
        if let id = attributes.id { member("id", id, &sink) }
        if !attributes.classes.isEmpty { strings("classes", attributes.classes, &sink) }
        if !attributes.pairs.isEmpty {
            sink.key("pairs")
            sink.openArray()
            for pair in attributes.pairs {
                sink.openArray()
                sink.string(pair.key)
                sink.string(pair.value)
                sink.closeArray()
            }
            sink.closeArray()
        }
        sink.closeObject()
    }

    /// Opens a node of the document: `{"type": …` (members follow, then `endNode`).
    private static func startNode<S: JSONSink>(_ type: String, _ sink: inout S) {
        sink.openObject()
        member("type", type, &sink)
    }

    /// Ends a node: its `attributes` when it has any, then `}`.
    private static func endNode<S: JSONSink>(_ attributes: Attributes?, _ sink: inout S) {
        if let attributes, !attributes.isEmpty {
            sink.key("attributes")
            write(attributes, into: &sink)
        }
        sink.closeObject()
    }

    private static func blocks<S: JSONSink>(_ key: String, _ b: [Block], _ sink: inout S) {
        sink.key(key)
        blockArray(b, &sink)
    }

    private static func blockArray<S: JSONSink>(_ b: [Block], _ sink: inout S) {
        sink.openArray()
        for block in b { write(block, into: &sink) }
        sink.closeArray()
    }

    private static func inlines<S: JSONSink>(_ key: String, _ i: [Inline], _ sink: inout S) {
        sink.key(key)
        inlineArray(i, &sink)
    }

    private static func inlineArray<S: JSONSink>(_ i: [Inline], _ sink: inout S) {
        sink.openArray()
        for inline in i { write(inline, into: &sink) }
        sink.closeArray()
    }

    static func encode(_ block: Block) -> JSONValue { tree { write(block, into: &$0) } }

    private static func write<S: JSONSink>(_ block: Block, into sink: inout S) {
        switch block {
        case .paragraph(let content, let a):
            startNode("paragraph", &sink)
            inlines("content", content, &sink)
            endNode(a, &sink)
        case .plain(let content):
            startNode("plain", &sink)
            inlines("content", content, &sink)
            endNode(nil, &sink)
        case .heading(let level, let content, let a):
            startNode("heading", &sink)
            sink.key("level")
            sink.int(level)
            inlines("content", content, &sink)
            endNode(a, &sink)
        case .blockQuote(let content, let a):
            startNode("blockquote", &sink)
            blocks("content", content, &sink)
            endNode(a, &sink)
        case .codeBlock(let code, let language, let a):
            startNode("code_block", &sink)
            member("code", code, &sink)
            member("language", language, &sink)
            endNode(a, &sink)
        case .list(let list):
            startNode("list", &sink)
            sink.key("ordered")
            switch list.kind {
            case .bullet:
                sink.bool(false)
            case .ordered(let start):
                sink.bool(true)
                sink.key("start")
                sink.int(start)
            }
            sink.key("loose")
            sink.bool(list.isLoose)
            sink.key("items")
            sink.openArray()
            for item in list.items {
                sink.openObject()
                blocks("content", item.blocks, &sink)
                if !item.attributes.isEmpty {
                    sink.key("attributes")
                    write(item.attributes, into: &sink)
                }
                sink.closeObject()
            }
            sink.closeArray()
            endNode(list.attributes, &sink)
        case .definitionList(let items, let a):
            startNode("definition_list", &sink)
            sink.key("items")
            sink.openArray()
            for item in items {
                sink.openObject()
                sink.key("terms")
                sink.openArray()
                for term in item.terms { inlineArray(term, &sink) }
                sink.closeArray()
                sink.key("definitions")
                sink.openArray()
                for definition in item.definitions { blockArray(definition, &sink) }
                sink.closeArray()
                for (key, list) in [("term_attributes", item.termAttributes), ("definition_attributes", item.definitionAttributes)]
                where list.contains(where: { !$0.isEmpty }) {
                    sink.key(key)
                    sink.openArray()
                    for attributes in list { write(attributes, into: &sink) }
                    sink.closeArray()
                }
                sink.closeObject()
            }
            sink.closeArray()
            endNode(a, &sink)
        case .table(let t):
            startNode("table", &sink)
            strings("alignments", t.alignments.map(\.rawValue), &sink)
            for (key, rows) in [("head", t.head), ("body", t.body), ("foot", t.foot)] {
                sink.key(key)
                sink.openArray()
                for row in rows {
                    sink.openArray()
                    for cell in row { inlineArray(cell.content, &sink) }
                    sink.closeArray()
                }
                sink.closeArray()
            }
            if !t.bodySplits.isEmpty {
                sink.key("body_splits")
                sink.openArray()
                for split in t.bodySplits { sink.int(split) }
                sink.closeArray()
            }
            endNode(t.attributes, &sink)
        case .horizontalRule(let a):
            startNode("horizontal_rule", &sink)
            endNode(a, &sink)
        case .mathBlock(let tex, let a):
            startNode("math_block", &sink)
            member("tex", tex, &sink)
            endNode(a, &sink)
        case .htmlElement(let tag, let a, let content):
            startNode("html_element", &sink)
            member("tag", tag, &sink)
            blocks("content", content, &sink)
            endNode(a, &sink)
        case .tableOfContents(let a):
            startNode("table_of_contents", &sink)
            endNode(a, &sink)
        case .rawBlock(let format, let text):
            startNode("raw_block", &sink)
            member("format", format, &sink)
            member("text", text, &sink)
            endNode(nil, &sink)
        }
    }

    static func encode(_ inline: Inline) -> JSONValue { tree { write(inline, into: &$0) } }

    private static func write<S: JSONSink>(_ inline: Inline, into sink: inout S) {
        switch inline {
        case .text(let s):
            startNode("text", &sink)
            member("text", s, &sink)
            endNode(nil, &sink)
        case .emphasis(let c):
            startNode("emphasis", &sink)
            inlines("content", c, &sink)
            endNode(nil, &sink)
        case .strong(let c):
            startNode("strong", &sink)
            inlines("content", c, &sink)
            endNode(nil, &sink)
        case .strikethrough(let c):
            startNode("strikethrough", &sink)
            inlines("content", c, &sink)
            endNode(nil, &sink)
        case .code(let s, let a):
            startNode("code", &sink)
            member("text", s, &sink)
            endNode(a, &sink)
        case .link(let c, let url, let title, let a):
            startNode("link", &sink)
            inlines("content", c, &sink)
            member("url", url, &sink)
            member("title", title, &sink)
            endNode(a, &sink)
        case .image(let alt, let url, let title, let a):
            startNode("image", &sink)
            member("alt", alt, &sink)
            member("url", url, &sink)
            member("title", title, &sink)
            endNode(a, &sink)
        case .lineBreak:
            startNode("line_break", &sink)
            endNode(nil, &sink)
        case .softBreak:
            startNode("soft_break", &sink)
            endNode(nil, &sink)
        case .math(let tex):
            startNode("math", &sink)
            member("tex", tex, &sink)
            endNode(nil, &sink)
        case .footnoteReference(let name):
            startNode("footnote_reference", &sink)
            member("name", name, &sink)
            endNode(nil, &sink)
        case .abbreviation(let s, let title):
            startNode("abbreviation", &sink)
            member("text", s, &sink)
            member("title", title, &sink)
            endNode(nil, &sink)
        case .htmlElement(let tag, let a, let c):
            startNode("html_element", &sink)
            member("tag", tag, &sink)
            inlines("content", c, &sink)
            endNode(a, &sink)
        case .span(let c, let a):
            startNode("span", &sink)
            inlines("content", c, &sink)
            endNode(a, &sink)
        case .rawInline(let format, let text):
            startNode("raw_inline", &sink)
            member("format", format, &sink)
            member("text", text, &sink)
            endNode(nil, &sink)
        }
    }

    // MARK: Decoding

    /// Reads a backup back into the model; fails with the path of the first value that does not fit.
    public static func decode(_ value: JSONValue) throws(DecodingError) -> Blog {
        var d = Decoder()
        return try d.blog(value)
    }

    struct Decoder {
        var path: [String] = []

        func fail(_ reason: String) -> DecodingError {
            DecodingError(path: path.joined(), reason: reason)
        }

        mutating func at<T>(_ component: String, _ body: (inout Decoder) throws(DecodingError) -> T) throws(DecodingError) -> T {
            path.append(path.isEmpty || component.hasPrefix("[") ? component : "." + component)
            defer { path.removeLast() }
            return try body(&self)
        }

        mutating func member(_ object: JSONValue, _ key: String) throws(DecodingError) -> JSONValue {
            guard case .object(let members) = object else { throw fail("expected an object") }
            guard let v = members.first(where: { $0.0 == key })?.1 else {
                throw fail("missing key '\(key)'")
            }
            return v
        }

        mutating func string(_ object: JSONValue, _ key: String) throws(DecodingError) -> String {
            let v = try member(object, key)
            return try at(key) { (d: inout Decoder) throws(DecodingError) -> String in
                guard case .string(let s) = v else { throw d.fail("expected a string") }
                return s
            }
        }

        mutating func optionalString(_ object: JSONValue, _ key: String) throws(DecodingError) -> String? {
            guard let v = object[key], v != .null else { return nil }
            return try at(key) { (d: inout Decoder) throws(DecodingError) -> String in
                guard case .string(let s) = v else { throw d.fail("expected a string or null") }
                return s
            }
        }

        mutating func bool(_ object: JSONValue, _ key: String) throws(DecodingError) -> Bool {
            let v = try member(object, key)
            return try at(key) { (d: inout Decoder) throws(DecodingError) -> Bool in
                guard case .bool(let b) = v else { throw d.fail("expected true or false") }
                return b
            }
        }

        mutating func int(_ object: JSONValue, _ key: String) throws(DecodingError) -> Int {
            let v = try member(object, key)
            return try at(key) { (d: inout Decoder) throws(DecodingError) -> Int in
                guard case .int(let i) = v else { throw d.fail("expected an integer") }
                return i
            }
        }

        mutating func strings(_ object: JSONValue, _ key: String) throws(DecodingError) -> [String] {
            let v = try member(object, key)
            return try at(key) { (d: inout Decoder) throws(DecodingError) -> [String] in
                guard case .array(let items) = v else { throw d.fail("expected an array of strings") }
                var out: [String] = []
                for item in items {
                    guard case .string(let s) = item else { throw d.fail("expected an array of strings") }
                    out.append(s)
                }
                return out
            }
        }

        mutating func array(_ v: JSONValue) throws(DecodingError) -> [JSONValue] {
            guard case .array(let items) = v else { throw fail("expected an array") }
            return items
        }

        mutating func date(_ object: JSONValue, _ key: String) throws(DecodingError) -> PostDate? {
            guard let text = try optionalString(object, key) else { return nil }
            guard let date = PostDate(iso8601: text) else {
                throw DecodingError(path: (path + ["." + key]).joined(), reason: "'\(text)' is not a date like 2023-12-10T09:30:00+09:00")
            }
            return date
        }

        mutating func blog(_ v: JSONValue) throws(DecodingError) -> Blog {
            guard case .object = v else { throw fail("a backup is a JSON object") }
            guard v["format"]?.string == formatName else {
                throw fail("not a blogport backup (the key \"format\" is not \"\(formatName)\")")
            }
            guard let version = v["version"]?.int else { throw fail("missing key 'version'") }
            guard version == BackupFormat.version else {
                throw fail("backup version \(version) is not supported (this blogport reads version \(BackupFormat.version))")
            }
            let site = try at("site") { (d: inout Decoder) throws(DecodingError) -> Site in try d.site(d.member(v, "site")) }
            let postValues = try at("posts") { (d: inout Decoder) throws(DecodingError) -> [JSONValue] in try d.array(d.member(v, "posts")) }
            var posts: [Post] = []
            for (n, p) in postValues.enumerated() {
                posts.append(try at("posts") { (d: inout Decoder) throws(DecodingError) -> Post in
                    try d.at("[\(n)]") { (d: inout Decoder) throws(DecodingError) -> Post in try d.post(p) }
                })
            }
            return Blog(site: site, posts: posts)
        }

        mutating func site(_ v: JSONValue) throws(DecodingError) -> Site {
            let config = try at("config") { (d: inout Decoder) throws(DecodingError) -> MetadataMap in try d.map(d.member(v, "config")) }
            let author = try at("author") { (d: inout Decoder) throws(DecodingError) -> MetadataValue? in
                guard let a = v["author"], a != .null else { return nil }
                return try d.metadata(a)
            }
            return Site(
                title: try optionalString(v, "title"), description: try optionalString(v, "description"),
                url: try optionalString(v, "url"), baseurl: try string(v, "baseurl"),
                language: try optionalString(v, "language"), timeZone: try string(v, "timezone"),
                author: author, config: config)
        }

        mutating func post(_ v: JSONValue) throws(DecodingError) -> Post {
            guard let date = try date(v, "date") else { throw fail("missing key 'date'") }
            let frontMatter = try at("front_matter") { (d: inout Decoder) throws(DecodingError) -> MetadataMap in try d.map(d.member(v, "front_matter")) }
            let data = try at("data") { (d: inout Decoder) throws(DecodingError) -> MetadataMap in try d.map(d.member(v, "data")) }
            let body = try at("document") { (d: inout Decoder) throws(DecodingError) -> Document in try d.document(d.member(v, "document")) }
            let excerpt = try at("excerpt") { (d: inout Decoder) throws(DecodingError) -> Document in try d.document(d.member(v, "excerpt")) }
            return Post(
                sourcePath: try string(v, "path"), slug: try string(v, "slug"), title: try string(v, "title"),
                date: date, lastModified: try self.date(v, "last_modified"), authors: try strings(v, "authors"),
                categories: try strings(v, "categories"), tags: try strings(v, "tags"),
                isDraft: try bool(v, "draft"), isPublished: try bool(v, "published"),
                url: try string(v, "url"), id: try string(v, "id"), frontMatter: frontMatter, data: data,
                source: try string(v, "source"), bodyStartLine: try int(v, "body_start_line"),
                body: body, excerpt: excerpt)
        }

        mutating func map(_ v: JSONValue) throws(DecodingError) -> MetadataMap {
            guard case .object(let members) = v else { throw fail("expected an object") }
            var pairs: [(String, MetadataValue)] = []
            for (key, item) in members {
                pairs.append((key, try at(key) { (d: inout Decoder) throws(DecodingError) -> MetadataValue in try d.metadata(item) }))
            }
            return MetadataMap(pairs)
        }

        mutating func metadata(_ v: JSONValue) throws(DecodingError) -> MetadataValue {
            switch v {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .double(let d): return .float(d)
            case .string(let s): return .string(s)
            case .array(let items):
                var out: [MetadataValue] = []
                for (n, item) in items.enumerated() {
                    out.append(try at("[\(n)]") { (d: inout Decoder) throws(DecodingError) -> MetadataValue in try d.metadata(item) })
                }
                return .list(out)
            case .object(let members):
                if members.count == 1, members[0].0 == "!!timestamp", case .string(let s) = members[0].1 {
                    return .timestamp(s)
                }
                if members.count == 1, members[0].0 == "!!map", case .object = members[0].1 {
                    return .map(try at("!!map") { (d: inout Decoder) throws(DecodingError) -> MetadataMap in try d.map(members[0].1) })
                }
                if members.count == 1, members[0].0 == "!!float", case .string(let s) = members[0].1 {
                    switch s {
                    case ".nan": return .float(.nan)
                    case ".inf": return .float(.infinity)
                    case "-.inf": return .float(-.infinity)
                    default: throw fail("unknown !!float value '\(s)'")
                    }
                }
                return .map(try map(v))
            }
        }

        mutating func attributes(_ v: JSONValue) throws(DecodingError) -> Attributes {
            guard let a = v["attributes"] else { return .empty }
            return try at("attributes") { (d: inout Decoder) throws(DecodingError) -> Attributes in
                var pairs: [KeyValue] = []
                if let p = a["pairs"] {
                    for pair in try d.array(p) {
                        guard case .array(let kv) = pair, kv.count == 2, let k = kv[0].string, let val = kv[1].string else {
                            throw d.fail("attribute pairs are [key, value] arrays of strings")
                        }
                        pairs.append(KeyValue(k, val))
                    }
                }
                return Attributes(
                    id: try d.optionalString(a, "id"),
                    classes: a["classes"] == nil ? [] : try d.strings(a, "classes"), pairs: pairs)
            }
        }

        mutating func document(_ v: JSONValue) throws(DecodingError) -> Document {
            let blockValues = try array(try member(v, "blocks"))
            var footnotes: [FootnoteDefinition] = []
            if let f = v["footnotes"] {
                for item in try array(f) {
                    footnotes.append(FootnoteDefinition(name: try string(item, "name"), blocks: try blocks(try member(item, "blocks"))))
                }
            }
            var abbreviations: [AbbreviationDefinition] = []
            if let a = v["abbreviations"] {
                for item in try array(a) {
                    abbreviations.append(AbbreviationDefinition(abbreviation: try string(item, "abbreviation"), title: try string(item, "title")))
                }
            }
            return Document(blocks: try blocks(.array(blockValues)), footnotes: footnotes, abbreviations: abbreviations)
        }

        mutating func blocks(_ v: JSONValue) throws(DecodingError) -> [Block] {
            var out: [Block] = []
            for (n, item) in try array(v).enumerated() {
                out.append(try at("[\(n)]") { (d: inout Decoder) throws(DecodingError) -> Block in try d.block(item) })
            }
            return out
        }

        mutating func inlines(_ v: JSONValue) throws(DecodingError) -> [Inline] {
            var out: [Inline] = []
            for (n, item) in try array(v).enumerated() {
                out.append(try at("[\(n)]") { (d: inout Decoder) throws(DecodingError) -> Inline in try d.inline(item) })
            }
            return out
        }

        mutating func block(_ v: JSONValue) throws(DecodingError) -> Block {
            let type = try string(v, "type")
            let a = try attributes(v)
            switch type {
            case "paragraph": return .paragraph(try inlines(member(v, "content")), attributes: a)
            case "plain": return .plain(try inlines(member(v, "content")))
            case "heading": return .heading(level: try int(v, "level"), content: try inlines(member(v, "content")), attributes: a)
            case "blockquote": return .blockQuote(try blocks(member(v, "content")), attributes: a)
            case "code_block": return .codeBlock(code: try string(v, "code"), language: try optionalString(v, "language"), attributes: a)
            case "list":
                let kind: ListKind = try bool(v, "ordered") ? .ordered(start: try int(v, "start")) : .bullet
                var items: [ListItem] = []
                for item in try array(member(v, "items")) {
                    items.append(ListItem(blocks: try blocks(member(item, "content")), attributes: try attributes(item)))
                }
                return .list(List(kind: kind, items: items, isLoose: try bool(v, "loose"), attributes: a))
            case "definition_list":
                var items: [DefinitionItem] = []
                for item in try array(member(v, "items")) {
                    var terms: [[Inline]] = []
                    for t in try array(member(item, "terms")) { terms.append(try inlines(t)) }
                    var defs: [[Block]] = []
                    for b in try array(member(item, "definitions")) { defs.append(try blocks(b)) }
                    var termAttributes: [Attributes] = []
                    if let ta = item["term_attributes"] {
                        for x in try array(ta) { termAttributes.append(try attributes(.object([("attributes", x)]))) }
                    }
                    var definitionAttributes: [Attributes] = []
                    if let da = item["definition_attributes"] {
                        for x in try array(da) { definitionAttributes.append(try attributes(.object([("attributes", x)]))) }
                    }
                    items.append(DefinitionItem(terms: terms, definitions: defs, termAttributes: termAttributes,
                                                definitionAttributes: definitionAttributes))
                }
                return .definitionList(items, attributes: a)
            case "table":
                var alignments: [ColumnAlignment] = []
                for x in try array(member(v, "alignments")) {
                    guard let s = x.string, let al = ColumnAlignment(rawValue: s) else { throw fail("unknown alignment") }
                    alignments.append(al)
                }
                func rows(_ d: inout Decoder, _ key: String) throws(DecodingError) -> [[TableCell]] {
                    var out: [[TableCell]] = []
                    for row in try d.array(d.member(v, key)) {
                        var cells: [TableCell] = []
                        for cell in try d.array(row) { cells.append(TableCell(try d.inlines(cell))) }
                        out.append(cells)
                    }
                    return out
                }
                var splits: [Int] = []
                if let bs = v["body_splits"] {
                    for x in try array(bs) {
                        guard case .int(let i) = x else { throw fail("expected an integer") }
                        splits.append(i)
                    }
                }
                return .table(Table(alignments: alignments, head: try rows(&self, "head"), body: try rows(&self, "body"),
                                    foot: try rows(&self, "foot"), attributes: a, bodySplits: splits))
            case "horizontal_rule": return .horizontalRule(attributes: a)
            case "math_block": return .mathBlock(try string(v, "tex"), attributes: a)
            case "html_element": return .htmlElement(tag: try string(v, "tag"), attributes: a, content: try blocks(member(v, "content")))
            case "table_of_contents": return .tableOfContents(attributes: a)
            case "raw_block": return .rawBlock(format: try string(v, "format"), text: try string(v, "text"))
            default: throw fail("unknown block type '\(type)'")
            }
        }

        mutating func inline(_ v: JSONValue) throws(DecodingError) -> Inline {
            let type = try string(v, "type")
            let a = try attributes(v)
            switch type {
            case "text": return .text(try string(v, "text"))
            case "emphasis": return .emphasis(try inlines(member(v, "content")))
            case "strong": return .strong(try inlines(member(v, "content")))
            case "strikethrough": return .strikethrough(try inlines(member(v, "content")))
            case "code": return .code(try string(v, "text"), attributes: a)
            case "link":
                return .link(content: try inlines(member(v, "content")), url: try string(v, "url"),
                             title: try optionalString(v, "title"), attributes: a)
            case "image":
                return .image(alt: try string(v, "alt"), url: try string(v, "url"), title: try optionalString(v, "title"), attributes: a)
            case "line_break": return .lineBreak
            case "soft_break": return .softBreak
            case "math": return .math(try string(v, "tex"))
            case "footnote_reference": return .footnoteReference(name: try string(v, "name"))
            case "abbreviation": return .abbreviation(try string(v, "text"), title: try string(v, "title"))
            case "html_element": return .htmlElement(tag: try string(v, "tag"), attributes: a, content: try inlines(member(v, "content")))
            case "span": return .span(try inlines(member(v, "content")), attributes: a)
            case "raw_inline": return .rawInline(format: try string(v, "format"), text: try string(v, "text"))
            default: throw fail("unknown inline type '\(type)'")
            }
        }
    }
}
