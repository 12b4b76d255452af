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
        .object([
            ("format", .string(formatName)),
            ("version", .int(version)),
            ("site", encode(blog.site)),
            ("posts", .array(blog.posts.map { encode($0, extras: postExtras($0)) })),
        ])
    }

    /// The backup's bytes, written post by post (each post's tree is made, written and dropped):
    /// the same bytes as `JSONWriter.bytes(encode(blog, postExtras:))`.
    public static func bytes(_ blog: Blog, postExtras: (Int, Post) -> [(String, JSONValue)] = { _, _ in [] }) -> [UInt8] {
        JSONWriter.bytes(
            object: [("format", .string(formatName)), ("version", .int(version)), ("site", encode(blog.site))],
            thenArray: "posts", count: blog.posts.count
        ) { i in encode(blog.posts[i], extras: postExtras(i, blog.posts[i])) }
    }

    /// The backup in pieces, to write post by post: `head`, each post's `element` in order, then
    /// `tail`; joined, the same bytes as `bytes(_:postExtras:)`.
    public static func head(_ site: Site) -> [UInt8] {
        JSONWriter.StreamedObject.head(
            object: [("format", .string(formatName)), ("version", .int(version)), ("site", encode(site))], thenArray: "posts")
    }

    /// Post `index` of the backup, with `extras` (e.g. rendered `html`) among its members.
    public static func element(_ post: Post, extras: [(String, JSONValue)], index: Int) -> [UInt8] {
        JSONWriter.StreamedObject.element(encode(post, extras: extras), index: index)
    }

    /// The end of a backup of `count` posts.
    public static func tail(count: Int) -> [UInt8] { JSONWriter.StreamedObject.tail(count: count) }

    static func encode(_ site: Site) -> JSONValue {
        .object([
            ("title", optional(site.title)),
            ("description", optional(site.description)),
            ("url", optional(site.url)),
            ("baseurl", .string(site.baseurl)),
            ("language", optional(site.language)),
            ("timezone", .string(site.timeZone)),
            ("author", site.author.map(encode) ?? .null),
            ("config", encode(site.config)),
        ])
    }

    static func encode(_ post: Post, extras: [(String, JSONValue)]) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("path", .string(post.sourcePath)),
            ("url", .string(post.url)),
            ("id", .string(post.id)),
            ("date", .string(post.date.iso8601)),
            ("last_modified", post.lastModified.map { .string($0.iso8601) } ?? .null),
            ("title", .string(post.title)),
            ("slug", .string(post.slug)),
            ("categories", .array(post.categories.map(JSONValue.string))),
            ("tags", .array(post.tags.map(JSONValue.string))),
            ("authors", .array(post.authors.map(JSONValue.string))),
            ("draft", .bool(post.isDraft)),
            ("published", .bool(post.isPublished)),
            ("front_matter", encode(post.frontMatter)),
            ("data", encode(post.data)),
            ("source", .string(post.source)),
            ("body_start_line", .int(post.bodyStartLine)),
        ]
        members.append(contentsOf: extras)
        members.append(("document", encode(post.body)))
        members.append(("excerpt", encode(post.excerpt)))
        return .object(members)
    }

    private static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    /// Metadata as plain JSON; what JSON cannot say is tagged: `{"!!timestamp": "2024-04-30"}`,
    /// `{"!!float": ".inf"}`, and a map that would look like one of those `{"!!map": {…}}`.
    public static func encode(_ value: MetadataValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d):
            if d.isNaN { return .object([("!!float", .string(".nan"))]) }
            if d.isInfinite { return .object([("!!float", .string(d < 0 ? "-.inf" : ".inf"))]) }
            return .double(d)
        case .string(let s): return .string(s)
        case .timestamp(let s): return .object([("!!timestamp", .string(s))])
        case .list(let items): return .array(items.map(encode))
        case .map(let map):
            // A map that looks like a tagged scalar is wrapped, so it reads back as a map.
            if let only = map.entries.first, map.count == 1 {
                switch (only.key, only.value) {
                case ("!!timestamp", .string), ("!!float", .string), ("!!map", .map):
                    return .object([("!!map", encode(map))])
                default: break
                }
            }
            return encode(map)
        }
    }

    /// A metadata map as a JSON object, keys in the map's order.
    public static func encode(_ map: MetadataMap) -> JSONValue {
        .object(map.entries.map { ($0.key, encode($0.value)) })
    }

    static func encode(_ document: Document) -> JSONValue {
        var members: [(String, JSONValue)] = [("blocks", .array(document.blocks.map(encode)))]
        if !document.footnotes.isEmpty {
            members.append(
                ("footnotes", .array(document.footnotes.map {
                    .object([("name", .string($0.name)), ("blocks", .array($0.blocks.map(encode)))])
                })))
        }
        if !document.abbreviations.isEmpty {
            members.append(
                ("abbreviations", .array(document.abbreviations.map {
                    .object([("abbreviation", .string($0.abbreviation)), ("title", .string($0.title))])
                })))
        }
        return .object(members)
    }

    static func encode(_ attributes: Attributes) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let id = attributes.id { members.append(("id", .string(id))) }
        if !attributes.classes.isEmpty { members.append(("classes", .array(attributes.classes.map(JSONValue.string)))) }
        if !attributes.pairs.isEmpty {
            members.append(("pairs", .array(attributes.pairs.map { .array([.string($0.key), .string($0.value)]) })))
        }
        return .object(members)
    }

    private static func node(_ type: String, _ members: [(String, JSONValue)], _ attributes: Attributes? = nil) -> JSONValue {
        var all: [(String, JSONValue)] = [("type", .string(type))]
        all.append(contentsOf: members)
        if let attributes, !attributes.isEmpty { all.append(("attributes", encode(attributes))) }
        return .object(all)
    }

    private static func blocks(_ b: [Block]) -> JSONValue { .array(b.map(encode)) }
    private static func inlines(_ i: [Inline]) -> JSONValue { .array(i.map(encode)) }

    static func encode(_ block: Block) -> JSONValue {
        switch block {
        case .paragraph(let content, let a): return node("paragraph", [("content", inlines(content))], a)
        case .plain(let content): return node("plain", [("content", inlines(content))])
        case .heading(let level, let content, let a):
            return node("heading", [("level", .int(level)), ("content", inlines(content))], a)
        case .blockQuote(let content, let a): return node("blockquote", [("content", blocks(content))], a)
        case .codeBlock(let code, let language, let a):
            return node("code_block", [("code", .string(code)), ("language", optional(language))], a)
        case .list(let list):
            let kind: [(String, JSONValue)]
            switch list.kind {
            case .bullet: kind = [("ordered", .bool(false))]
            case .ordered(let start): kind = [("ordered", .bool(true)), ("start", .int(start))]
            }
            let items = JSONValue.array(list.items.map { item in
                var m: [(String, JSONValue)] = [("content", blocks(item.blocks))]
                if !item.attributes.isEmpty { m.append(("attributes", encode(item.attributes))) }
                return .object(m)
            })
            return node("list", kind + [("loose", .bool(list.isLoose)), ("items", items)], list.attributes)
        case .definitionList(let items, let a):
            return node("definition_list", [("items", .array(items.map { item in
                var m: [(String, JSONValue)] = [
                    ("terms", .array(item.terms.map(inlines))),
                    ("definitions", .array(item.definitions.map(blocks))),
                ]
                if item.termAttributes.contains(where: { !$0.isEmpty }) {
                    m.append(("term_attributes", .array(item.termAttributes.map(encode))))
                }
                if item.definitionAttributes.contains(where: { !$0.isEmpty }) {
                    m.append(("definition_attributes", .array(item.definitionAttributes.map(encode))))
                }
                return .object(m)
            }))], a)
        case .table(let t):
            func rows(_ r: [[TableCell]]) -> JSONValue { .array(r.map { .array($0.map { inlines($0.content) }) }) }
            var members: [(String, JSONValue)] = [
                ("alignments", .array(t.alignments.map { .string($0.rawValue) })),
                ("head", rows(t.head)), ("body", rows(t.body)), ("foot", rows(t.foot)),
            ]
            if !t.bodySplits.isEmpty { members.append(("body_splits", .array(t.bodySplits.map { .int($0) }))) }
            return node("table", members, t.attributes)
        case .horizontalRule(let a): return node("horizontal_rule", [], a)
        case .mathBlock(let tex, let a): return node("math_block", [("tex", .string(tex))], a)
        case .htmlElement(let tag, let a, let content):
            return node("html_element", [("tag", .string(tag)), ("content", blocks(content))], a)
        case .tableOfContents(let a): return node("table_of_contents", [], a)
        case .rawBlock(let format, let text): return node("raw_block", [("format", .string(format)), ("text", .string(text))])
        }
    }

    static func encode(_ inline: Inline) -> JSONValue {
        switch inline {
        case .text(let s): return node("text", [("text", .string(s))])
        case .emphasis(let c): return node("emphasis", [("content", inlines(c))])
        case .strong(let c): return node("strong", [("content", inlines(c))])
        case .strikethrough(let c): return node("strikethrough", [("content", inlines(c))])
        case .code(let s, let a): return node("code", [("text", .string(s))], a)
        case .link(let c, let url, let title, let a):
            return node("link", [("content", inlines(c)), ("url", .string(url)), ("title", optional(title))], a)
        case .image(let alt, let url, let title, let a):
            return node("image", [("alt", .string(alt)), ("url", .string(url)), ("title", optional(title))], a)
        case .lineBreak: return node("line_break", [])
        case .softBreak: return node("soft_break", [])
        case .math(let tex): return node("math", [("tex", .string(tex))])
        case .footnoteReference(let name): return node("footnote_reference", [("name", .string(name))])
        case .abbreviation(let s, let title): return node("abbreviation", [("text", .string(s)), ("title", .string(title))])
        case .htmlElement(let tag, let a, let c):
            return node("html_element", [("tag", .string(tag)), ("content", inlines(c))], a)
        case .span(let c, let a): return node("span", [("content", inlines(c))], a)
        case .rawInline(let format, let text): return node("raw_inline", [("format", .string(format)), ("text", .string(text))])
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
