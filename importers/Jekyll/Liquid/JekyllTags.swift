import Foundation
import Liquid

/// What Jekyll's tags need from the site while rendering (Jekyll's `registers[:site]`).
final class JekyllSiteRegister: Sendable {
    /// The site folder, resolved.
    let root: URL
    /// `_includes` and theme include folders, in lookup order (resolved, absolute).
    let includeDirs: [URL]
    /// Folders an include may be read from (the site, plus theme and include paths given).
    let allowedRoots: [String]
    /// Relative path → URL of every document `{% link %}` can name (built when first needed).
    let linkTargetsOnce: Lazy<[String: String]>
    var linkTargets: [String: String] { linkTargetsOnce.get() }
    /// Posts, newest first (for `post_url`).
    let posts: PostIndex
    /// `baseurl` without a trailing slash.
    let baseurl: String
    /// The `gist:` settings: write `<noscript>`? (we never fetch, so it is always left out).
    let highlighter: String
    /// Where each include was found (resolved and checked to be inside an allowed folder), by
    /// how it was asked for: a site includes the same few files from every post.
    private let includeLock = NSLock()
    nonisolated(unsafe) private var locatedIncludes: [String: String] = [:]

    /// The path an include asked for as `key` was found at, if it has been.
    func locatedInclude(_ key: String) -> String? {
        includeLock.lock()
        defer { includeLock.unlock() }
        return locatedIncludes[key]
    }

    /// Remembers where the include asked for as `key` was found.
    func rememberInclude(_ key: String, at path: String) {
        includeLock.lock()
        locatedIncludes[key] = path
        includeLock.unlock()
    }

    init(root: URL, includeDirs: [URL], allowedRoots: [String], linkTargets: Lazy<[String: String]>, posts: PostIndex, baseurl: String, highlighter: String) {
        self.root = root
        self.includeDirs = includeDirs
        self.allowedRoots = allowedRoots
        self.linkTargetsOnce = linkTargets
        self.posts = posts
        self.baseurl = baseurl
        self.highlighter = highlighter
    }

    /// Jekyll's `relative_url`: baseurl and the path joined with single leading slashes.
    func relativeURL(_ input: String) -> String {
        if let colon = input.firstIndex(of: ":"), let f = input.unicodeScalars.first, f.properties.isASCIIHexDigit || ("a"..."z").contains(f) || ("A"..."Z").contains(f),
           input[..<colon].unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "+" || $0 == "." || $0 == "-") }),
           ("a"..."z").contains(f) || ("A"..."Z").contains(f) {
            return input
        }
        func lead(_ s: String) -> String { s.hasPrefix("/") ? s : "/" + s }
        let base = baseurl.isEmpty ? "" : lead(baseurl)
        return base + lead(input)
    }
}

extension Context {
    var jekyllSite: JekyllSiteRegister? { registers["site"] as? JekyllSiteRegister }
    /// The page being rendered (`registers[:page]`): its `path`.
    var jekyllPagePath: String? { registers["page_path"] as? String }
}

/// Reads included files that the include tag has already located and checked.
struct IncludeFileSystem: LiquidFileSystem {
    func readTemplate(_ name: String) throws(LiquidError) -> String {
        guard let data = FileManager.default.contents(atPath: name) else {
            throw LiquidError(.fileSystem, "could not read '\(name)'")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw LiquidError(.fileSystem, "'\(name)' is not valid UTF-8")
        }
        return text
    }
}

/// `{% include file.html key=value %}`, `include_relative` and jekyll-include-cache's `include_cached`.
struct IncludeTagDefinition: LiquidTagDefinition {
    enum Kind: Sendable { case include, relative }
    let kind: Kind
    var isBlock: Bool { false }

    func makeTag(name: String, markup: String, body: LiquidBody?, place: SourcePlace) throws(LiquidError) -> any LiquidTag {
        let trimmed = markup.trimmingWhitespaceFast()
        var file: String
        var params: String?
        if trimmed.contains("{{"), let m = IncludeSyntax.firstMatch(IncludeSyntax.variableSyntax, trimmed) {
            file = (m[1] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            params = (m[4] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            let parts = trimmed.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            file = parts.first.map(String.init) ?? ""
            params = parts.count > 1 ? String(parts[1]) : nil
        }
        var parsedParams: [IncludeParameter]? = nil
        if let p = params {
            guard let parsed = IncludeSyntax.parameters(p) else {
                throw LiquidError(.argument, "Invalid syntax for include tag: \(p) (valid syntax: {% \(name) file.ext param='value' param2='value' %})")
            }
            parsedParams = parsed
        }
        let fileTemplate: Template? = file.contains("{{") && IncludeSyntax.firstMatch(IncludeSyntax.variableSyntax, file) != nil
            ? try Template(parsing: file, environment: LiquidEnvironment(), mode: .lax, policy: .raise) : nil
        return IncludeTag(kind: kind, name: name, file: file, fileTemplate: fileTemplate, params: parsedParams)
    }
}

/// One `key=value` of an include: a string (quotes removed, escapes resolved) or a variable.
enum IncludeParameter: Sendable {
    case string(String, String)
    case variable(String, String)
}

enum IncludeSyntax {
    /// Jekyll's `FULL_VALID_SYNTAX` and `VALID_SYNTAX` scan, by hand: nil when the markup is not
    /// a run of `key=value`, `key="..."`, `key='...'` separated by white space.
    static func parameters(_ markup: String) -> [IncludeParameter]? {
        let u = Array(markup.utf8)
        func word(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 }
        func space(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) }
        var out: [IncludeParameter] = []
        var i = 0
        while i < u.count && space(u[i]) { i += 1 }
        while i < u.count {
            let keyStart = i
            while i < u.count, word(u[i]) || u[i] == UInt8(ascii: "-") { i += 1 }
            guard i > keyStart else { return nil }
            let key = String(decoding: u[keyStart..<i], as: UTF8.self)
            while i < u.count && space(u[i]) { i += 1 }
            guard i < u.count, u[i] == UInt8(ascii: "=") else { return nil }
            i += 1
            while i < u.count && space(u[i]) { i += 1 }
            guard i < u.count else { return nil }
            let q = u[i]
            if q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") {
                var j = i + 1
                var value: [UInt8] = []
                var closed = false
                while j < u.count {
                    if u[j] == UInt8(ascii: "\\"), j + 1 < u.count {
                        // Jekyll keeps escapes as written, except \" (or \') for the quote itself.
                        if u[j + 1] == q { value.append(q) } else { value.append(u[j]); value.append(u[j + 1]) }
                        j += 2
                        continue
                    }
                    if u[j] == q { closed = true; break }
                    value.append(u[j])
                    j += 1
                }
                guard closed else { return nil }
                out.append(.string(key, String(decoding: value, as: UTF8.self)))
                i = j + 1
            } else {
                let start = i
                while i < u.count, word(u[i]) || u[i] == UInt8(ascii: ".") || u[i] == UInt8(ascii: "-") { i += 1 }
                guard i > start else { return nil }
                out.append(.variable(key, String(decoding: u[start..<i], as: UTF8.self)))
            }
            // (?=\s|\z) then \s*
            guard i == u.count || space(u[i]) else { return nil }
            while i < u.count && space(u[i]) { i += 1 }
        }
        return out
    }

    /// `VALID_FILENAME_CHARS` and not `INVALID_SEQUENCES`.
    static func isValidFileName(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        var previousDotOrSlash = false
        for b in name.utf8 {
            let ok = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95
                || "/.-()+~#@".utf8.contains(b)
            guard ok else { return false }
            let dotOrSlash = b == UInt8(ascii: ".") || b == UInt8(ascii: "/")
            if dotOrSlash && previousDotOrSlash { return false }
            previousDotOrSlash = dotOrSlash
        }
        return true
    }

    static func regex(_ p: String) -> NSRegularExpression {
        try! NSRegularExpression(pattern: p, options: [])
    }
    static let variableSyntax = try! NSRegularExpression(
        pattern: #"([^{]*(\{\{[ \t\r\n\f\v]*[A-Za-z0-9_\-.]+[ \t\r\n\f\v]*(\|.*)?\}\}[^ \t\r\n\f\v{}]*)+)(.*)"#,
        options: [.dotMatchesLineSeparators])

    static func firstMatch(_ re: NSRegularExpression, _ s: String) -> [String?]? {
        let ns = s as NSString
        guard let m = re.firstMatch(in: s, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return (0..<m.numberOfRanges).map { g in
            let r = m.range(at: g)
            return r.location == NSNotFound ? nil : ns.substring(with: r)
        }
    }

    static func scan(_ re: NSRegularExpression, _ s: String) -> [[String?]] {
        let ns = s as NSString
        return re.matches(in: s, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { g in
                let r = m.range(at: g)
                return r.location == NSNotFound ? nil : ns.substring(with: r)
            }
        }
    }
}

struct IncludeTag: LiquidTag {
    let kind: IncludeTagDefinition.Kind
    let name: String
    let file: String
    let fileTemplate: Template?
    let params: [IncludeParameter]?

    func render(_ context: Context, into output: inout String) throws(LiquidError) {
        guard let site = context.jekyllSite else { throw LiquidError(.fileSystem, "includes need a site") }
        let fileName = try fileTemplate?.render(in: context) ?? file
        if !IncludeSyntax.isValidFileName(fileName) {
            throw LiquidError(.argument, "Invalid syntax for include tag. File contains invalid characters or sequences: \(fileName)")
        }
        let dirs: [URL]
        let key: String
        switch kind {
        case .include:
            dirs = site.includeDirs
            key = "include\u{0}" + fileName
        case .relative:
            var pagePath = context.jekyllPagePath ?? ""
            if pagePath.hasSuffix("/#excerpt") { pagePath.removeLast("/#excerpt".count) }
            let folder = (pagePath as NSString).deletingLastPathComponent
            dirs = [folder.isEmpty ? site.root : site.root.appendingPathComponent(folder)]
            key = "relative\u{0}" + folder + "\u{0}" + fileName
        }
        var located = site.locatedInclude(key)
        for dir in dirs where located == nil {
            let candidate = dir.appendingPathComponent(fileName)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue else { continue }
            // Never read outside the site (or a theme/include folder the user named).
            let real = candidate.resolvingSymlinksInPath().path
            guard site.allowedRoots.contains(where: { real.hasPrefix($0 + "/") }) else {
                throw LiquidError(.fileSystem, "the included file '\(fileName)' is a symlink to \(real), outside the site; refused")
            }
            located = real
            site.rememberInclude(key, at: real)
        }
        guard let path = located else {
            let where_ = dirs.map { $0.path.hasPrefix(site.root.path + "/") ? String($0.path.dropFirst(site.root.path.count + 1)) : $0.path }
            throw LiquidError(.fileSystem, "Could not locate the included file '\(fileName)' in any of \(where_)")
        }
        let displayName = path.hasPrefix(site.root.path + "/") ? String(path.dropFirst(site.root.path.count + 1)) : path
        let template = try context.loadTemplate(path, displayName: displayName)
        var includeParams: LiquidHash? = nil
        if let params {
            var h = LiquidHash()
            for p in params {
                switch p {
                case .string(let key, let value): h[key] = .string(value)
                case .variable(let key, let name): h[key] = try context.evaluate(name)
                }
            }
            includeParams = h
        }
        try context.nested(templateName: displayName) { () throws(LiquidError) in
            try context.withScope { () throws(LiquidError) in
                if let includeParams { context.setLocal("include", .hash(includeParams)) }
                output += try template.render(in: context)
            }
        }
    }
}

/// `{% highlight lang [linenos] %}`: the code wrapped as Jekyll's Rouge setup writes it.
struct HighlightTagDefinition: LiquidTagDefinition {
    var isBlock: Bool { true }
    static let syntax = try! NSRegularExpression(pattern: #"^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|"([0-9]+\s)*[0-9]+"))?)*)$"#)

    func makeTag(name: String, markup: String, body: LiquidBody?, place: SourcePlace) throws(LiquidError) -> any LiquidTag {
        let trimmed = markup.trimmingWhitespaceFast()
        let match: (lang: String, options: String)?
        switch TagPatterns.highlight(trimmed) {
        case .matched(let groups): match = groups
        case .noMatch: match = nil
        case nil: match = IncludeSyntax.firstMatch(Self.syntax, trimmed).flatMap { m in m[1].map { ($0, m[2] ?? "") } }
        }
        guard let (lang, options) = match else {
            throw LiquidError(.syntax, "Syntax Error in tag 'highlight' while parsing the following markup: \(markup) (valid syntax: highlight <lang> [linenos])")
        }
        let linenos = options.split(whereSeparator: { $0 == " " || $0 == "\t" }).contains { $0 == "linenos" || $0.hasPrefix("linenos=") }
        return HighlightTag(lang: lang.lowercased(), linenos: linenos, body: body ?? LiquidBody.empty)
    }
}

struct HighlightTag: LiquidTag {
    let lang: String
    let linenos: Bool
    let body: LiquidBody

    func render(_ context: Context, into output: inout String) throws(LiquidError) {
        var code = ""
        try body.render(context, into: &code)
        // LEADING_OR_TRAILING_LINE_TERMINATORS
        while let f = code.unicodeScalars.first, f == "\n" || f == "\r" { code.unicodeScalars.removeFirst() }
        while let l = code.unicodeScalars.last, l == "\n" || l == "\r" { code.unicodeScalars.removeLast() }
        let prefix = context.variable("highlighter_prefix")?.outputString ?? ""
        let suffix = context.variable("highlighter_suffix")?.outputString ?? ""
        var formatted = Self.escape(code)
        if linenos {
            var lines = code.components(separatedBy: "\n").count
            if code.hasSuffix("\n") { lines -= 1 }
            lines = max(lines, 1)
            let numbers = (1...lines).map { "\($0)\n" }.joined()
            if !formatted.hasSuffix("\n") { formatted += "\n" }
            formatted = "<table class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\"><pre class=\"lineno\">\(numbers)</pre></td><td class=\"code\"><pre>\(formatted)</pre></td></tr></tbody></table>"
        }
        if formatted.hasSuffix("\n") { formatted.removeLast() }
        let cssLang = lang.replacingOccurrences(of: "+", with: "-")
        output += prefix + "<figure class=\"highlight\"><pre><code class=\"language-\(cssLang)\" data-lang=\"\(lang)\">\(formatted)</code></pre></figure>" + suffix
    }

    /// Rouge's HTML escaping: `&`, `<`, `>` only.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// `{% post_url 2010-07-21-name %}`: the URL of that post.
struct PostURLTagDefinition: LiquidTagDefinition {
    var isBlock: Bool { false }
    static let matcher = try! NSRegularExpression(pattern: #"^(.+/)*(\d+-\d+-\d+)-(.*)$"#)

    func makeTag(name: String, markup: String, body: LiquidBody?, place: SourcePlace) throws(LiquidError) -> any LiquidTag {
        let original = markup.trimmingWhitespaceFast()
        var n = original
        if n.hasPrefix("/") { n.removeFirst() }
        let match: (path: String?, date: String, slug: String)?
        switch TagPatterns.postURL(n) {
        case .matched(let groups): match = groups
        case .noMatch: match = nil
        case nil:
            match = IncludeSyntax.firstMatch(Self.matcher, n).flatMap { m in
                guard let date = m[2], let slug = m[3] else { return nil }
                return (m[1], date, slug)
            }
        }
        guard let (path, date, slug) = match else {
            throw LiquidError(.argument, "Could not parse name of post \"\(original)\" in tag 'post_url'. Make sure the post exists and the name is correct.")
        }
        return PostURLTag(original: original, path: path ?? "", date: date, slug: slug)
    }
}

struct PostURLTag: LiquidTag {
    let original: String
    let path: String
    let date: String
    let slug: String

    func render(_ context: Context, into output: inout String) throws(LiquidError) {
        guard let site = context.jekyllSite else { throw LiquidError(.argument, "post_url needs a site") }
        let index = site.posts
        // `^_posts/PATH DATE-SLUG\.[^.]+` or `^PATH_posts/?DATE-SLUG\.[^.]+`, by dictionary.
        let name = "\(date)-\(slug)"
        for key in ["_posts/\(path)\(name)", "\(path)_posts/\(name)", "\(path)_posts\(name)"] {
            if let i = index.byPathWithoutExtension[key] {
                output += site.relativeURL(index.drops[i].post.url)
                return
            }
        }
        // Jekyll's deprecated fallback: same slug and same calendar day.
        let parts = date.split(separator: "-").compactMap { Int($0) }
        if parts.count == 3, let i = index.bySlugAndDay["\(slug)|\(parts[0])-\(parts[1])-\(parts[2])"] {
            output += site.relativeURL(index.drops[i].post.url)
            return
        }
        throw LiquidError(.argument, "Could not find post \"\(original)\" in tag 'post_url'. Make sure the post exists and the name is correct.")
    }
}

/// `{% link path/to/file.md %}`: the URL of that document.
struct LinkTagDefinition: LiquidTagDefinition {
    var isBlock: Bool { false }
    func makeTag(name: String, markup: String, body: LiquidBody?, place: SourcePlace) throws(LiquidError) -> any LiquidTag {
        let path = markup.trimmingCharacters(in: .whitespacesAndNewlines)
        return LinkTag(path: try Template(parsing: path, environment: LiquidEnvironment(), mode: .lax, policy: .raise))
    }
}

struct LinkTag: LiquidTag {
    let path: Template

    func render(_ context: Context, into output: inout String) throws(LiquidError) {
        guard let site = context.jekyllSite else { throw LiquidError(.argument, "link needs a site") }
        let relative = try path.render(in: context)
        let stripped = relative.hasPrefix("/") ? String(relative.dropFirst()) : relative
        if let url = site.linkTargets[relative] ?? site.linkTargets[stripped] {
            output += site.relativeURL(url)
            return
        }
        throw LiquidError(.argument, "Could not find document '\(relative)' in tag 'link'. Make sure the document exists and the path is correct.")
    }
}

/// jekyll-gist's `{% gist user/id [file] %}`. We never fetch over the network, so the
/// `<noscript>` copy (which Jekyll also leaves out when GitHub cannot be reached) is not written.
struct GistTagDefinition: LiquidTagDefinition {
    var isBlock: Bool { false }
    static let arguments = try! NSRegularExpression(pattern: #"\A([\S]+|.*(?=\/).+)\s?(\S*)\Z"#, options: [.dotMatchesLineSeparators])
    func makeTag(name: String, markup: String, body: LiquidBody?, place: SourcePlace) throws(LiquidError) -> any LiquidTag {
        GistTag(markup: markup.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

struct GistTag: LiquidTag {
    let markup: String
    func render(_ context: Context, into output: inout String) throws(LiquidError) {
        guard let m = IncludeSyntax.firstMatch(GistTagDefinition.arguments, markup), var id = m[1]?.trimmingCharacters(in: .whitespaces) else {
            throw LiquidError(.argument, "Syntax error in tag 'gist' while parsing the following markup: \(markup)")
        }
        var file = (m[2] ?? "").trimmingCharacters(in: .whitespaces)
        if let v = context.variable(id) { id = v.toS }
        if !file.isEmpty, let v = context.variable(file) { file = v.toS }
        var url = "https://gist.github.com/\(id).js"
        if !file.isEmpty { url += "?file=\(file)" }
        output += "<script src=\"\(url)\"> </script>"
    }
}

/// jekyll-avatar's `{% avatar user size=40 %}`.
struct AvatarTagDefinition: LiquidTagDefinition {
    var isBlock: Bool { false }
    func makeTag(name: String, markup: String, body: LiquidBody?, place: SourcePlace) throws(LiquidError) -> any LiquidTag {
        let text = markup.trimmingCharacters(in: .whitespacesAndNewlines)
        return AvatarTag(text: try Template(parsing: text, environment: LiquidEnvironment(), mode: .lax, policy: .raise))
    }
}

struct AvatarTag: LiquidTag {
    let text: Template

    func render(_ context: Context, into output: inout String) throws(LiquidError) {
        let text = try self.text.render(in: context)
        let size: String = {
            guard let r = text.range(of: #"\bsize=(\d+)\b"#, options: [.regularExpression, .caseInsensitive]) else { return "40" }
            return String(text[r].dropFirst(5))
        }()
        var username: String
        if let r = text.range(of: #"\buser=([\w.]+)\b"#, options: .regularExpression) {
            let variable = String(text[r].dropFirst(5))
            var lookup: LiquidValue? = nil
            for (i, part) in variable.split(separator: ".").enumerated() {
                lookup = i == 0 ? context.variable(String(part)) : lookup?.lookup(.string(String(part)))
            }
            username = (lookup.flatMap { $0.isNil ? nil : $0.toS }) ?? variable
        } else {
            username = text.contains(" ") ? String(text.split(separator: " ")[0]) : text
            if username.hasPrefix("@") { username.removeFirst() }
        }
        func path(_ scale: Int) -> String { "\(username)?v=3&s=\(scale == 1 ? size : String((Int(size) ?? 0) * scale))" }
        let server = CRC32.checksum(Array(path(1).utf8)) % 4
        func url(_ scale: Int) -> String { "https://avatars\(server).githubusercontent.com/\(path(scale))" }
        let srcset = (1...4).map { "\(url($0)) \($0)x" }.joined(separator: ", ")
        let classes = (Int(size) ?? 0) < 48 ? "avatar avatar-small" : "avatar"
        if text.contains("lazy=true") {
            output += "<img class=\"\(classes)\" alt=\"\(username)\" width=\"\(size)\" height=\"\(size)\" data-proofer-ignore=\"true\" src=\"\" data-src=\"\(url(1))\" data-srcset=\"\(srcset)\" />"
        } else {
            output += "<img class=\"\(classes)\" alt=\"\(username)\" width=\"\(size)\" height=\"\(size)\" data-proofer-ignore=\"true\" src=\"\(url(1))\" srcset=\"\(srcset)\" />"
        }
    }
}

/// zlib's CRC-32.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
