import BlogModel
import Foundation

/// Reads one post or draft file into a `Post`, as Jekyll's `Document#read` and `read_post_data` do.
struct PostReader: Sendable {
    enum Result: Sendable {
        /// Read, and published under the current flags.
        case post(Post)
        /// Read, but not published (unpublished, future) under the current flags.
        case hidden
        /// Could not be read; the diagnostics say why.
        case failed
    }

    struct Outcome: Sendable {
        var result: Result
        var diagnostics: [Diagnostic]
        /// Where the post's body is when the outline keeps only its head (see `PreparedSite`).
        var storedBody: BodyStore.Entry?
        /// Whether the post keeps its body in memory within the prepared site's budget.
        var keptBody = false
    }

    let root: URL
    /// `root`'s path with a `/` after it: a post's path is put after it.
    private let rootPrefix: String
    let config: SiteConfig
    let defaults: FrontMatterDefaults
    let zone: RubyTime.Zone
    let now: Int64
    let displayPrefix: String

    init(root: URL, config: SiteConfig, defaults: FrontMatterDefaults, zone: RubyTime.Zone, now: Int64, displayPrefix: String) {
        self.root = root
        rootPrefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        self.config = config
        self.defaults = defaults
        self.zone = zone
        self.now = now
        self.displayPrefix = displayPrefix
    }

    private func location(_ path: String, _ line: Int? = nil, _ column: Int? = nil) -> SourceLocation {
        SourceLocation(file: displayPrefix + path, line: line, column: column)
    }

    private func fail(_ path: String, _ code: String, _ message: String, hint: String? = nil,
                      line: Int? = nil, column: Int? = nil, sourceLine: String? = nil) -> Outcome {
        Outcome(result: .failed, diagnostics: [
            Diagnostic(.error, code: code, message: message, hint: hint, location: location(path, line, column), sourceLine: sourceLine),
        ])
    }

    /// The `n`-th line (1-based) of `text`, without its line ending.
    private func line(_ n: Int, of text: String) -> String? {
        var current = 1
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "\n" || text[i] == "\r\n" {
                if current == n { return String(text[start..<i]) }
                current += 1
                start = text.index(after: i)
            }
            i = text.index(after: i)
        }
        return current == n ? String(text[start...]) : nil
    }

    func read(_ candidate: SiteDiscovery.Candidate) -> Outcome {
        let path = candidate.relativePath
        guard let bytes = FileManager.default.contents(atPath: rootPrefix + path) else {
            return fail(path, "unreadable", "cannot read the file", hint: "check its permissions")
        }
        guard let source = String(validating: bytes, as: UTF8.self) else {
            if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
                return fail(path, "utf16-file", "the file is UTF-16 (it starts with a UTF-16 byte-order mark); Jekyll reads only UTF-8 and skips it",
                            hint: "re-save the file as UTF-8")
            }
            let binary = bytes.prefix(8000).contains(0)
            if binary {
                return fail(path, "binary-file", "this is a binary file, not a post (Jekyll skips it: invalid byte sequence in UTF-8)",
                            hint: "move it out of \(candidate.isDraft ? "_drafts" : "_posts")")
            }
            let place = PostReader.firstInvalidUTF8(Array(bytes))
            return fail(path, "invalid-utf8",
                        "the file is not valid UTF-8: byte 0x\(String(place.byte, radix: 16, uppercase: true)) cannot start or continue a character (Jekyll skips the file)",
                        hint: "re-save the file as UTF-8 (it may be Latin-1 or Windows-1252)", line: place.line, column: place.column)
        }
        var diagnostics: [Diagnostic] = []
        var content = Substring(source)
        if content.hasPrefix("\u{FEFF}") { content = content.dropFirst() }
        if bytes.isEmpty {
            diagnostics.append(Diagnostic(
                .warning, code: "empty-file", message: "the file is empty; Jekyll publishes it as an empty post",
                hint: "delete it, or give it front matter and a body", location: location(path)))
        }

        // Front matter.
        var frontMatter = MetadataMap()
        var body = content
        var bodyStartLine = 1
        if let split = FrontMatterSplitter.split(String(content)) {
            body = split.body
            bodyStartLine = split.bodyStartLine
            do {
                switch try YAMLLoader.load(split.yaml) {
                case .map(let m)?: frontMatter = m
                case nil, .null?: break
                case .some(let other):
                    return fail(path, "front-matter-not-a-map",
                                "the front matter is \(other.rubyInspect.prefix(40)), not a mapping of keys to values",
                                hint: "write it as `key: value` lines", line: 2, column: 1, sourceLine: line(2, of: source))
                }
            } catch {
                return fail(path, "yaml-syntax", "YAML syntax error in the front matter: \(error.message)",
                            hint: "fix the YAML (Jekyll skips this post's front matter too)",
                            line: error.line, column: error.column, sourceLine: error.line.flatMap { line($0, of: source) })
            }
        } else if content.hasPrefix("---") {
            let opening = content.prefix { $0 != "\n" && $0 != "\r\n" }
            if opening.trimmingCharacters(in: .whitespaces) == "---" {
                diagnostics.append(Diagnostic(
                    .warning, code: "unterminated-front-matter",
                    message: "the front matter opened on line 1 is never closed, so Jekyll reads the whole file as the body",
                    hint: "add a line with `---` after the last front-matter key",
                    location: location(path, 1, 1), sourceLine: line(1, of: source)))
            }
        }

        // data: categories from the path, then defaults, then the file's front matter.
        let special = candidate.isDraft ? "_drafts" : "_posts"
        var data = MetadataMap()
        let pathCategories = categoriesFromPath(path, special: special)
        data["categories"] = .list(pathCategories.map { .string($0) })
        var date: Int64?
        let defaultValues = defaults.values(path: path, type: "posts")
        for (origin, values) in [("front matter defaults", defaultValues), ("front matter", frontMatter)] {
            data = data.deepMerged(with: mergeCategories(into: data, other: values))
            guard let d = values["date"], !d.isNull else { continue }
            guard let instant = RubyTime.instant(of: d, zone: zone, now: now) else {
                let place = origin == "front matter" ? placeOfKey("date", in: String(content)) : nil
                // Ruby takes any year; blogport's calendar stops at a billion (see CivilDateTime).
                let yearTooFar = d.rubyString.split { !$0.isASCII || !$0.isNumber }.contains { $0.count > 9 }
                let reason = yearTooFar
                    ? "date '\(d.rubyString)' in the \(origin) is more than a billion years from 1970, which blogport does not support"
                    : "invalid date '\(d.rubyString)' in the \(origin) (Jekyll stops the build here)"
                return fail(path, "invalid-date", reason,
                            hint: "write it as YYYY-MM-DD HH:MM:SS +/-TTTT, e.g. 2023-12-10 09:30:00 +0900",
                            line: place?.line, column: place?.column, sourceLine: place.flatMap { line($0.line, of: String(content)) })
            }
            date = instant
        }

        // populate_title: file-name date, slug, title.
        let name = path.lastSlashSegment ?? path
        var fileSlug: String
        let ext: String
        if let dated = PostFileName.dated(name) {
            fileSlug = dated.slug
            ext = dated.ext
            if date == nil || date == now {
                guard let d = RubyTime.parse(dated.date, zone: zone, now: now) else {
                    return fail(path, "invalid-date", "the file name's date '\(dated.date)' is not a valid date",
                                hint: "name the file YYYY-MM-DD-title.md")
                }
                date = d
            }
        } else if let dateless = PostFileName.dateless(name) {
            fileSlug = dateless.slug
            ext = dateless.ext
        } else {
            fileSlug = name
            ext = ""
        }
        // Slugs never end with a period (Jekyll strips them all).
        while fileSlug.hasSuffix(".") { fileSlug.removeLast() }
        if date == nil {
            // A draft without a date is dated by its modification time, as Jekyll does.
            let attributes = try? FileManager.default.attributesOfItem(atPath: rootPrefix + path)
            let mtime = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? Double(now)
            date = Int64(mtime.rounded(.down))
        }
        let instant = date ?? now

        let title: String
        switch data["title"] {
        case nil, .null?, .bool(false)?: title = Slugify.titleize(fileSlug)
        case .some(let t): title = t.rubyString
        }
        let slugValue: MetadataValue? = {
            switch data["slug"] {
            case nil, .null?, .bool(false)?: return nil
            case .some(let s): return s
            }
        }()
        let slug = slugValue?.rubyString ?? fileSlug

        // populate_categories / populate_tags.
        var categoryValues = data["categories"].map(rubyArray) ?? []
        let extra = pluralized(data, "category", "categories")
        var seen = Set<String>()
        let stringified = (categoryValues + extra).map(\.rubyString).filter { seen.insert($0).inserted }
        for s in stringified where !categoryValues.contains(.string(s)) { categoryValues.append(.string(s)) }
        let categories = categoryValues.map(\.rubyString)
        let tags = pluralized(data, "tag", "tags").map(\.rubyString)

        // Publishing.
        let published: Bool
        if frontMatter.contains("published") || defaultValues.contains("published") {
            switch data["published"] {
            case nil, .null?, .bool(false)?: published = false
            default: published = true
            }
        } else {
            published = true
        }
        if !(published || config.unpublished) { return Outcome(result: .hidden, diagnostics: diagnostics) }
        if !config.future, instant > now { return Outcome(result: .hidden, diagnostics: diagnostics) }

        // URL and id.
        let offset = zone.offset(at: instant)
        let postDate = PostDate(secondsSinceEpoch: instant, utcOffsetSeconds: offset)
        let outputExtension = config.markdownExtensions.contains(ext.lowercased()) ? ".html" : ext
        let basenameWithoutExtension = PostFileName.splitExtension(name)?.0 ?? name
        let withoutExtension = ext.isEmpty ? path : String(path.dropLast(ext.count))
        let cleanedPath: String
        // Ruby's `sub("_posts", "")`: the first byte-exact occurrence goes.
        if let r = withoutExtension.exactRange(of: "_posts") {
            cleanedPath = String(withoutExtension[..<r.lowerBound]) + withoutExtension[r.upperBound...]
        } else {
            cleanedPath = withoutExtension
        }
        var template = config.postsPermalink
        switch data["permalink"] {
        case nil, .null?, .bool(false)?: break
        case .some(let p): template = p.rubyString
        }
        let placeholders = Permalink.Placeholders(
            path: cleanedPath, outputExtension: outputExtension, basenameWithoutExtension: basenameWithoutExtension,
            slug: slugValue?.rubyString ?? fileSlug, categories: categories, date: postDate.civil)
        let postURL: String
        do {
            postURL = try Permalink.url(template: template, placeholders: placeholders)
        } catch {
            return fail(path, "unknown-placeholder",
                        "the permalink template '\(template)' uses ':\(error.name)', which Jekyll does not know",
                        hint: "see https://jekyllrb.com/docs/permalinks/ for the placeholders")
        }
        if let (reason, jekyllStops) = Permalink.unwritableReason(postURL) {
            let place = data["permalink"] != nil ? placeOfKey("permalink", in: String(content)) : nil
            return fail(path, "unwritable-url", "the post's URL \(reason)" + (jekyllStops ? " (Jekyll stops the build here)" : ""),
                        hint: "shorten the permalink, slug, title or categories that make it",
                        line: place?.line, column: place?.column, sourceLine: place.flatMap { line($0.line, of: String(content)) })
        }
        var folder = postURL
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        if let slash = folder.lastSlashIndex { folder = String(folder[..<slash]) }
        if folder.isEmpty { folder = "/" }
        let id = (folder.hasSuffix("/") ? folder : folder + "/") + (slugValue?.rubyString ?? fileSlug)

        // Excerpt.
        let excerpt: Document
        let separator = data["excerpt_separator"].flatMap { $0.isNull ? nil : $0.rubyString } ?? config.excerptSeparator
        if let given = data["excerpt"], !given.isNull {
            excerpt = Document(blocks: [.rawBlock(format: RawFormat.html, text: given.rubyString)])
        } else if separator.isEmpty {
            excerpt = Document()
        } else {
            let (text, closed) = Excerpt.extract(body, separator: separator)
            if closed {
                diagnostics.append(Diagnostic(
                    .warning, code: "excerpt-modified",
                    message: "the excerpt separator \(separator.debugDescription) falls inside a Liquid block; the excerpt closes the block, as Jekyll does",
                    hint: "set `excerpt:` or `excerpt_separator:` in the front matter",
                    location: location(path)))
            }
            excerpt = Document(blocks: [.rawBlock(format: RawFormat.kramdownLiquid, text: text)])
        }

        var lastModified: PostDate?
        if let lm = data["last_modified_at"], !lm.isNull {
            if let t = RubyTime.instant(of: lm, zone: zone, now: now) {
                lastModified = PostDate(secondsSinceEpoch: t, utcOffsetSeconds: zone.offset(at: t))
            } else {
                let place = placeOfKey("last_modified_at", in: String(content))
                diagnostics.append(Diagnostic(
                    .warning, code: "invalid-date", message: "invalid date '\(lm.rubyString)' in last_modified_at; ignored",
                    hint: "write it as YYYY-MM-DD HH:MM:SS +/-TTTT",
                    location: location(path, place?.line, place?.column), sourceLine: place.flatMap { line($0.line, of: String(content)) }))
            }
        }

        let post = Post(
            sourcePath: path, slug: slug, title: title, date: postDate, lastModified: lastModified,
            authors: authors(data), categories: categories, tags: tags, isDraft: candidate.isDraft,
            isPublished: published, url: postURL, id: id, frontMatter: frontMatter,
            data: defaultValues.isEmpty ? frontMatter : defaultValues.deepMerged(with: frontMatter), source: source, bodyStartLine: bodyStartLine,
            body: Document(blocks: [.rawBlock(format: RawFormat.kramdownLiquid, text: String(body))]), excerpt: excerpt)
        return Outcome(result: .post(post), diagnostics: diagnostics)
    }

    /// The 1-based line of the first top-level `key:` in a file's front matter, and the column
    /// where its value starts.
    private func placeOfKey(_ key: String, in text: String) -> (line: Int, column: Int)? {
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            if line.hasPrefix(key + ":") {
                let afterColon = line.unicodeScalars.dropFirst(key.unicodeScalars.count + 1)
                let spaces = afterColon.prefix { $0 == " " || $0 == "\t" }.count
                return (n, key.unicodeScalars.count + 2 + spaces)
            }
            if n > 1, line.hasPrefix("---") || line.hasPrefix("...") { return nil }
        }
        return nil
    }

    /// Where the first byte that is not valid UTF-8 is: line, column (in characters), and the byte.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (line: Int, column: Int, byte: UInt8) {
        var line = 1
        var column = 1
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0..<0x80: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (line, column, b)
            }
            if i + length > bytes.count { return (line, column, b) }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return (line, column, b) }
            if String(validating: bytes[i..<(i + length)], as: UTF8.self) == nil { return (line, column, b) }
            if b == 10 {
                line += 1
                column = 1
            } else {
                column += 1
            }
            i += length
        }
        return (line, column, 0)
    }

    /// `Document#categories_from_path`: the folders above `_posts` (or `_drafts`).
    private func categoriesFromPath(_ path: String, special: String) -> [String] {
        if path.hasPrefix(special) { return [] }
        // relative_path.sub(/#{special}.*/, ""): everything from the first occurrence on goes.
        let before = path.exactRange(of: special).map { path[..<$0.lowerBound] } ?? Substring(path)
        let basename = path.lastSlashSegment ?? path
        return before.split(separator: "/").map(String.init).filter { !$0.isEmpty && $0 != special && $0 != basename }
    }

    /// Ruby's `Array(x)`.
    private func rubyArray(_ v: MetadataValue) -> [MetadataValue] {
        switch v {
        case .null: return []
        case .list(let items): return items
        case .map(let m): return m.entries.map { .list([.string($0.key), $0.value]) }
        default: return [v]
        }
    }

    /// `Document#merge_categories!`: a string `categories` is split on white space and joined
    /// (set union) with the categories already there.
    private func mergeCategories(into data: MetadataMap, other: MetadataMap) -> MetadataMap {
        guard let value = other["categories"], !value.isNull else { return other }
        var incoming: [MetadataValue]
        if case .string(let s) = value {
            incoming = s.split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) }
        } else {
            incoming = rubyArray(value)
        }
        var result = data["categories"].map(rubyArray) ?? []
        for item in incoming where !result.contains(item) { result.append(item) }
        var merged = other
        merged["categories"] = .list(result)
        return merged
    }

    /// `Utils.pluralized_array_from_hash`.
    private func pluralized(_ data: MetadataMap, _ singular: String, _ plural: String) -> [MetadataValue] {
        var value: [MetadataValue]?
        switch data[singular] {
        case nil, .null?, .bool(false)?: break
        case .some(let v): value = flatten([v])
        }
        if value == nil {
            switch data[plural] {
            case .string(let s)?: value = s.split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) }
            case .list(let items)?: value = flatten(items.filter { !$0.isNull })
            default: value = []
            }
        }
        return (value ?? []).filter { !$0.isNull }
    }

    private func flatten(_ items: [MetadataValue]) -> [MetadataValue] {
        items.flatMap { item -> [MetadataValue] in
            if case .list(let inner) = item { return flatten(inner) }
            return [item]
        }
    }

    /// `author` / `authors` as names.
    private func authors(_ data: MetadataMap) -> [String] {
        func name(_ v: MetadataValue) -> String? {
            switch v {
            case .null: return nil
            case .map(let m): return m["name"].map(\.rubyString) ?? m["login"].map(\.rubyString)
            default: return v.rubyString
            }
        }
        if let list = data["authors"]?.listValue { return list.compactMap(name) }
        if case .string(let s)? = data["authors"] { return s.split(whereSeparator: { $0.isWhitespace }).map(String.init) }
        if let list = data["author"]?.listValue { return list.compactMap(name) }
        if let a = data["author"], let n = name(a) { return [n] }
        return []
    }
}
