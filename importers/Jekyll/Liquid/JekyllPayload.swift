import BlogJSON
import BlogModel
import Foundation
import Synchronization
import Liquid

/// Model values as Liquid sees them (Ruby objects from Psych: Time, Date, Hash, Array...).
enum LiquidBridge {
    static func value(_ m: MetadataValue) -> LiquidValue {
        switch m {
        case .null: return .nil
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .timestamp(let s): return time(s).map(LiquidValue.time) ?? .string(s)
        case .list(let items): return .array(items.map(value))
        case .map(let map): return .hash(hash(map))
        }
    }

    static func hash(_ map: MetadataMap) -> LiquidHash {
        LiquidHash(map.entries.map { ($0.key, value($0.value)) })
    }

    /// A YAML timestamp as Psych loads it: a date alone is a Ruby `Date`, else a `Time`
    /// in the offset it was written with (UTC when none).
    static func time(_ lexical: String) -> LiquidTime? {
        guard let seconds = RubyTime.timestampInstant(lexical) else { return nil }
        let trimmed = lexical.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 10 {
            return LiquidTime(seconds: Int(seconds), utcOffset: 0, dateOnly: true)
        }
        return LiquidTime(seconds: Int(seconds), utcOffset: zoneOffset(trimmed))
    }

    /// The `±HH:MM` / `Z` offset at the end of a YAML timestamp, in seconds.
    static func zoneOffset(_ s: String) -> Int {
        if s.hasSuffix("Z") || s.hasSuffix("z") { return 0 }
        let scalars = Array(s.unicodeScalars)
        var i = scalars.count - 1
        var digits: [Int] = []
        while i >= 0, let d = Int(String(scalars[i])), scalars[i].isASCII { digits.insert(d, at: 0); i -= 1 }
        var colonSplit: (String, String)? = nil
        if i >= 0, scalars[i] == ":" {
            // ±H[H]:MM
            let minutes = digits
            i -= 1
            var hours: [Int] = []
            while i >= 0, let d = Int(String(scalars[i])), scalars[i].isASCII { hours.insert(d, at: 0); i -= 1 }
            colonSplit = (hours.map(String.init).joined(), minutes.map(String.init).joined())
        }
        guard i >= 0, scalars[i] == "+" || scalars[i] == "-" else { return 0 }
        // A "-" that is part of the date (no time zone) cannot be here: times end in digits after ":".
        let sign = scalars[i] == "-" ? -1 : 1
        let h: Int, m: Int
        if let (hs, ms) = colonSplit {
            h = Int(hs) ?? 0
            m = Int(ms) ?? 0
        } else if digits.count <= 2 {
            h = digits.reduce(0) { $0 * 10 + $1 }
            m = 0
        } else {
            h = digits.prefix(digits.count - 2).reduce(0) { $0 * 10 + $1 }
            m = digits.suffix(2).reduce(0) { $0 * 10 + $1 }
        }
        // A date like 2020-01-01 has no space before the sign; a zone follows the time.
        let before = s.unicodeScalars.prefix(i)
        guard before.contains(" ") || before.contains("T") || before.contains("t") else { return 0 }
        return sign * (h * 3600 + m * 60)
    }

    static func time(_ date: PostDate, zone: RubyTime.Zone?) -> LiquidTime {
        LiquidTime(seconds: Int(date.secondsSinceEpoch), utcOffset: date.utcOffsetSeconds,
                   zoneName: zone?.abbreviation(at: date.secondsSinceEpoch))
    }
}

/// The posts as Liquid sees them: one drop per post, newest first, with `next`/`previous`.
final class PostIndex: Sendable {
    let drops: [PostDrop]
    /// The keys `post_url` looks posts up by, made the first time a template uses the tag (most
    /// posts of most sites never do, and making them for every post held up the start of a run).
    private let postURLKeys: Lazy<PostURLKeys>

    struct PostURLKeys: Sendable {
        /// Relative path without its extension → post, oldest post first on a clash.
        var byPathWithoutExtension: [String: Int] = [:]
        /// `slug|year-month-day` → post (`post_url`'s deprecated fallback).
        var bySlugAndDay: [String: Int] = [:]
    }

    /// Relative path without its extension → post, oldest post first on a clash (`post_url`).
    var byPathWithoutExtension: [String: Int] { postURLKeys.get().byPathWithoutExtension }
    /// `slug|year-month-day` → post (`post_url`'s deprecated fallback).
    var bySlugAndDay: [String: Int] { postURLKeys.get().bySlugAndDay }

    init(posts: [Post], bodies: BodyStore? = nil, zone: RubyTime.Zone, excerptSeparator: String) {
        let shared = PostDrop.Shared(posts: posts, zone: zone, excerptSeparator: excerptSeparator, bodies: bodies)
        let drops = posts.indices.map { PostDrop(shared: shared, position: $0, excerpt: false) }
        self.drops = drops
        postURLKeys = Lazy {
            var keys = PostURLKeys()
            // Oldest first, as Jekyll walks site.posts.docs: the first match wins.
            for (i, p) in posts.enumerated().reversed() {
                let name = p.sourcePath.lastSlashSegment ?? p.sourcePath
                if let dot = name.lastIndex(of: "."), dot != name.startIndex {
                    let ext = name[name.index(after: dot)...]
                    let key = String(p.sourcePath.dropLast(ext.count + 1))
                    if keys.byPathWithoutExtension[key] == nil { keys.byPathWithoutExtension[key] = i }
                }
                let c = p.date.civil
                let dayKey = "\(p.slug)|\(c.year)-\(c.month)-\(c.day)"
                if keys.bySlugAndDay[dayKey] == nil { keys.bySlugAndDay[dayKey] = i }
            }
            return keys
        }
        for d in drops { d.attach(to: self) }
    }
}

/// Jekyll's `DocumentDrop` for a post: its data (defaults and front matter) plus Jekyll's fields.
final class PostDrop: LiquidDrop, @unchecked Sendable {
    /// What every drop of a site shares (one drop per post of a large site: each keeps little).
    final class Shared: Sendable {
        /// The posts, newest first (the outline's array, not a copy).
        let posts: [Post]
        let zone: RubyTime.Zone
        /// The site's `excerpt_separator` (an outline post's derived excerpt is made again from it).
        let excerptSeparator: String
        /// Where outline posts' bodies are (their files), when the outline left them out.
        let bodies: BodyStore?

        init(posts: [Post], zone: RubyTime.Zone, excerptSeparator: String, bodies: BodyStore?) {
            self.posts = posts
            self.zone = zone
            self.excerptSeparator = excerptSeparator
            self.bodies = bodies
        }
    }

    let shared: Shared
    /// Index in site.posts (newest first).
    let position: Int
    let isExcerpt: Bool
    /// The index the drop belongs to (for `next` and `previous`): set once, before the drop is
    /// shared, read-only afterwards.
    private(set) weak var index: PostIndex?
    /// The drop's fields, made on first use (most posts of a large site are never looked at
    /// through `site.posts`), and forgotten with `forgetFields()` once a post is rendered.
    private let cachedFields = Mutex<LiquidHash?>(nil)
    /// The body read from `bodies` (or given by the renderer), kept until `forgetFields()`.
    private let loadedBody = Mutex<String?>(nil)

    var post: Post { shared.posts[position] }
    var count: Int { shared.posts.count }
    var zone: RubyTime.Zone { shared.zone }
    var excerptSeparator: String { shared.excerptSeparator }
    var bodies: BodyStore? { shared.bodies }

    init(shared: Shared, position: Int, excerpt: Bool) {
        self.shared = shared
        self.position = position
        self.isExcerpt = excerpt
    }

    /// Sets the index (once, before the drop is shared).
    func attach(to index: PostIndex) { self.index = index }

    var fields: LiquidHash {
        cachedFields.withLock { cached in
            if let cached { return cached }
            let made = makeFields()
            cached = made
            return made
        }
    }

    /// Drops the made fields and the body (they are made again if asked for): memory for a
    /// large site.
    func forgetFields() {
        cachedFields.withLock { $0 = nil }
        loadedBody.withLock { $0 = nil }
    }

    /// Gives the drop its post's body (the renderer has it), so that it is not read again.
    func provideBody(_ body: String) {
        guard bodies?.holds(position) == true else { return }
        loadedBody.withLock { $0 = body }
    }

    /// The post's body source: the outline's, or the one in its file (read once, then kept
    /// until `forgetFields()`; a file that cannot be read again gives an empty body, which
    /// completing the post reports).
    private var bodySource: String? {
        guard case .rawBlock(_, let text)? = post.body.blocks.first else { return nil }
        guard let bodies, bodies.holds(position) else { return text }
        return loadedBody.withLock { loaded in
            if let loaded { return loaded }
            let read = (try? bodies.body(at: position)?.get()) ?? ""
            loaded = read
            return read
        }
    }

    private func makeFields() -> LiquidHash {
        let excerpt = isExcerpt
        let post = self.post
        var h = LiquidBridge.hash(post.data)
        h["title"] = .string(post.title)
        h["slug"] = .string(post.slug)
        h["categories"] = .array(post.categories.map(LiquidValue.string))
        h["tags"] = .array(post.tags.map(LiquidValue.string))
        h["draft"] = .bool(post.isDraft)
        h["date"] = .time(LiquidBridge.time(post.date, zone: zone))
        let ext = PathText.pathExtension(post.sourcePath)
        if h["ext"] == nil { h["ext"] = .string(ext.isEmpty ? "" : "." + ext) }
        h["id"] = .string(excerpt ? post.id + "#excerpt" : post.id)
        h["url"] = .string(post.url)
        h["path"] = .string(excerpt ? post.sourcePath + "/#excerpt" : post.sourcePath)
        h["relative_path"] = .string(post.sourcePath)
        h["collection"] = .string("posts")
        if h["name"] == nil { h["name"] = .string((post.sourcePath as NSString).lastPathComponent) }
        if let text = bodySource { h["content"] = .string(text) }
        if excerpt { h["excerpt"] = .nil }
        return h
    }

    func value(forKey key: String) -> LiquidValue {
        switch key {
        case "next":
            // site.posts is newest first; Jekyll's next is the newer post.
            guard !isExcerpt || true, position > 0, let idx = index else { return .nil }
            return .drop(idx.drops[position - 1])
        case "previous":
            guard position + 1 < count, let idx = index else { return .nil }
            return .drop(idx.drops[position + 1])
        case "excerpt":
            if isExcerpt { return .nil }
            let post = self.post
            if let given = post.data["excerpt"], !given.isNull { return LiquidBridge.value(given) }
            if case .rawBlock(_, let text)? = post.excerpt.blocks.first { return .string(text) }
            if let body = bodySource, let derived = Excerpt.derived(body: body, data: post.data, siteSeparator: excerptSeparator) {
                return .string(derived)
            }
            return .string("")
        default:
            return fields[key] ?? .nil
        }
    }

    var keys: [String] { fields.keys + ["next", "previous", "excerpt"].filter { fields[$0] == nil } }

    var liquidString: String? {
        if case .string(let s)? = fields["content"] { return s }
        return ""
    }

    /// An excerpt's own drop: the same post seen as `page` while its excerpt renders.
    func excerptDrop() -> PostDrop {
        let d = PostDrop(shared: shared, position: position, excerpt: true)
        if let body = bodySource { d.provideBody(body) }
        if let idx = index { d.attach(to: idx) }
        return d
    }
}

/// A value computed on first use, once, whichever thread asks first.
final class Lazy<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    private let make: @Sendable () -> T

    init(_ make: @escaping @Sendable () -> T) { self.make = make }

    func get() -> T {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let v = make()
        value = v
        return v
    }

    /// The value if it has been computed, without computing it.
    func peek() -> T? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

/// Jekyll's `SiteDrop`: the configuration plus posts, categories, tags, data and time.
/// `site.data` is read from `_data/` the first time a template asks for it.
final class SiteDrop: LiquidDrop, @unchecked Sendable {
    let fields: LiquidHash
    let data: Lazy<(LiquidValue, [Diagnostic])>

    init(config: MetadataMap, posts: PostIndex, data: Lazy<(LiquidValue, [Diagnostic])>, time: LiquidTime) {
        self.data = data
        var h = LiquidBridge.hash(config)
        let postValues = posts.drops.map { LiquidValue.drop($0) }
        h["posts"] = .array(postValues)
        // Grouped in plain arrays first: appending inside a LiquidHash would copy each list.
        var categoryOrder: [String] = [], tagOrder: [String] = []
        var byCategory: [String: [LiquidValue]] = [:], byTag: [String: [LiquidValue]] = [:]
        for drop in posts.drops {
            for c in drop.post.categories {
                if byCategory[c] == nil { categoryOrder.append(c) }
                byCategory[c, default: []].append(.drop(drop))
            }
            for t in drop.post.tags {
                if byTag[t] == nil { tagOrder.append(t) }
                byTag[t, default: []].append(.drop(drop))
            }
        }
        let categories = LiquidHash(categoryOrder.map { ($0, .array(byCategory[$0]!)) })
        let tags = LiquidHash(tagOrder.map { ($0, .array(byTag[$0]!)) })
        h["categories"] = .hash(categories)
        h["tags"] = .hash(tags)
        h["data"] = .nil
        h["time"] = .time(time)
        h["pages"] = .array([])
        h["static_files"] = .array([])
        h["html_pages"] = .array([])
        h["documents"] = .array(postValues)
        h["related_posts"] = .array(Array(postValues.prefix(10)))
        if h["url"] == nil || h["url"]?.isNil == true { h["url"] = .string("") }
        fields = h
    }

    func value(forKey key: String) -> LiquidValue {
        key == "data" ? data.get().0 : fields[key] ?? .nil
    }
    var keys: [String] { fields.keys }
}

/// Reads `_data/`: YAML, JSON, CSV and TSV files, folders as nested hashes (Jekyll's DataReader).
enum SiteDataReader {
    static func read(root: URL, config: MetadataMap, diagnostics: inout [Diagnostic], displayPrefix: String) -> LiquidHash {
        let dirName = config["data_dir"]?.stringValue ?? "_data"
        let dir = root.appendingPathComponent(dirName)
        return readFolder(dir, relative: dirName, root: root, diagnostics: &diagnostics, displayPrefix: displayPrefix, depth: 0)
    }

    static func readFolder(_ dir: URL, relative: String, root: URL, diagnostics: inout [Diagnostic], displayPrefix: String, depth: Int) -> LiquidHash {
        var out = LiquidHash()
        guard depth < 16, let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return out }
        let rootPath = root.resolvingSymlinksInPath().path
        for name in names.sorted() where !name.hasPrefix(".") && !name.hasPrefix("_") && !name.hasPrefix("#") && !name.hasSuffix("~") {
            let url = dir.appendingPathComponent(name)
            // Never read outside the site.
            let real = url.resolvingSymlinksInPath().path
            guard real == rootPath || real.hasPrefix(rootPath + "/") else { continue }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else { continue }
            let rel = relative + "/" + name
            if isDir.boolValue {
                out[sanitizeKey(name)] = .hash(readFolder(url, relative: rel, root: root, diagnostics: &diagnostics, displayPrefix: displayPrefix, depth: depth + 1))
                continue
            }
            let ext = PathText.pathExtension(name).lowercased()
            let key = sanitizeKey((name as NSString).deletingPathExtension)
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(validating: data, as: UTF8.self) else { continue }
            func warn(_ why: String) {
                diagnostics.append(Diagnostic(.warning, code: "invalid-data-file", message: "\(rel): \(why); site.data.\(key) is empty",
                                              hint: "fix the file or remove it", location: SourceLocation(file: displayPrefix + rel)))
            }
            switch ext {
            case "yml", "yaml":
                do {
                    let v = try YAMLLoader.load(text)
                    out[key] = v.map(LiquidBridge.value) ?? .bool(false)
                } catch {
                    warn("YAML error \(error)")
                }
            case "json":
                do {
                    out[key] = jsonValue(try JSONParser.parse(text))
                } catch {
                    warn("JSON error at \(error)")
                }
            case "csv", "tsv":
                out[key] = .array(csv(text, separator: ext == "csv" ? "," : "\t"))
            default:
                continue
            }
        }
        return out
    }

    /// Jekyll's `sanitize_filename`: the key a data file is known by.
    static func sanitizeKey(_ name: String) -> String {
        var s = ""
        for c in name.unicodeScalars {
            if c.isASCII, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" || c == "." { s.unicodeScalars.append(c) }
            else if !c.isASCII { s.unicodeScalars.append(c) }
            else { s += "_" }
        }
        return s
    }

    static func jsonValue(_ j: JSONValue) -> LiquidValue {
        switch j {
        case .null: return .nil
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .float(d)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(jsonValue))
        case .object(let m): return .hash(LiquidHash(m.map { ($0.0, jsonValue($0.1)) }))
        }
    }

    /// CSV with a header row: each row a hash (Ruby's `CSV.read(headers: true)`).
    static func csv(_ text: String, separator: Character) -> [LiquidValue] {
        var rows: [[String]] = []
        var field = "", row: [String] = [], inQuotes = false
        var chars = text.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" { field.append("\"") } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else { field.append(c) }
            } else if c == "\"" {
                inQuotes = true
            } else if c == separator {
                row.append(field); field = ""
            } else if c == "\n" || c == "\r\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { r in
            var h = LiquidHash()
            for (i, k) in header.enumerated() { h[k] = i < r.count ? .string(r[i]) : .nil }
            return .hash(h)
        }
    }
}
