import BlogModel
import Dispatch
import Foundation
import Liquid

/// Jekyll's Liquid layer: renders every post's body and excerpt as `jekyll build` would,
/// with Jekyll's tags, filters and variables and the plugins the site enables.
struct JekyllLiquidRenderer: Sendable {
    /// Plugins whose Liquid tags we implement, by gem name.
    static let supportedPlugins: Set<String> = ["jekyll-gist", "jekyll-avatar", "jekyll-include-cache", "jekyll-mentions"]
    /// Plugins that change nothing in a post body (they write pages, feeds or `<head>` tags).
    static let bodyNeutralPlugins: Set<String> = [
        "jekyll-feed", "jekyll-seo-tag", "jekyll-sitemap", "jekyll-paginate", "jekyll-redirect-from",
        "jekyll-github-metadata", "jekyll-relative-links", "jekyll-optional-front-matter", "jekyll-readme-index",
        "jekyll-titles-from-headings", "jekyll-default-layout", "jekyll-coffeescript", "jekyll-sass-converter",
        "jekyll-commonmark-ghpages", "jekyll-remote-theme", "jekyll-archives", "jekyll-paginate-v2",
    ]

    let environment: LiquidEnvironment
    let site: JekyllSiteRegister
    let siteDrop: SiteDrop
    let posts: PostIndex
    let plugins: Set<String>
    let displayPrefix: String
    let jekyllHash: LiquidHash
    /// `site.data`, read on first use.
    let siteData: Lazy<(LiquidValue, [Diagnostic])>
    /// Extensions the Markdown converter takes (its highlighter prefix and suffix are "\n").
    let markdownExtensions: Set<String>

    /// Prepares the Liquid layer of a site whose posts have been read (newest first).
    init(
        root: URL, config: SiteConfig, posts: [Post], bodies: BodyStore? = nil, zone: RubyTime.Zone, now: Int64,
        includePaths: [URL], displayPrefix: String,
        markdownToHTML: (@Sendable (String, MetadataMap) -> String)? = nil, diagnostics: inout [Diagnostic]
    ) {
        let map = config.map
        var plugins = Set<String>()
        for key in ["plugins", "gems"] {
            for p in map[key]?.listValue ?? [] { if let s = p.stringValue { plugins.insert(s) } }
        }
        self.plugins = plugins
        self.displayPrefix = displayPrefix
        self.markdownExtensions = config.markdownExtensions

        let resolvedRoot = root.resolvingSymlinksInPath()
        let includesDir = map["includes_dir"]?.stringValue ?? "_includes"
        var includeDirs = [resolvedRoot.appendingPathComponent(includesDir)]
        var allowed = [resolvedRoot.path]
        for extra in includePaths {
            let r = extra.resolvingSymlinksInPath()
            var isDir: ObjCBool = false
            let inc = r.appendingPathComponent("_includes")
            if FileManager.default.fileExists(atPath: inc.path, isDirectory: &isDir), isDir.boolValue {
                includeDirs.append(inc)
            } else {
                includeDirs.append(r)
            }
            allowed.append(r.path)
        }

        let index = PostIndex(posts: posts, bodies: bodies, zone: zone, excerptSeparator: config.excerptSeparator)
        self.posts = index
        var baseurl = map["baseurl"].flatMap { $0.isNull ? nil : $0.rubyString } ?? ""
        while baseurl.hasSuffix("/") { baseurl.removeLast() }
        self.site = JekyllSiteRegister(
            root: resolvedRoot, includeDirs: includeDirs, allowedRoots: allowed,
            linkTargets: Lazy { LinkTargets.build(root: root, config: config, posts: posts) }, posts: index, baseurl: baseurl,
            highlighter: map["highlighter"]?.stringValue ?? "rouge")

        // _data is read the first time a template asks for site.data (its problems are reported then).
        let data = Lazy<(LiquidValue, [Diagnostic])> {
            var found: [Diagnostic] = []
            let hash = SiteDataReader.read(root: root, config: map, diagnostics: &found, displayPrefix: displayPrefix)
            return (.hash(hash), found)
        }
        self.siteData = data
        let siteTime = LiquidTime(seconds: Int(now), utcOffset: zone.offset(at: now), zoneName: zone.abbreviation(at: now))
        self.siteDrop = SiteDrop(config: map, posts: index, data: data, time: siteTime)

        var tags: [String: any LiquidTagDefinition] = [
            "include": IncludeTagDefinition(kind: .include),
            "include_relative": IncludeTagDefinition(kind: .relative),
            "highlight": HighlightTagDefinition(),
            "post_url": PostURLTagDefinition(),
            "link": LinkTagDefinition(),
        ]
        if plugins.contains("jekyll-include-cache") { tags["include_cached"] = IncludeTagDefinition(kind: .include) }
        if plugins.contains("jekyll-gist") { tags["gist"] = GistTagDefinition() }
        if plugins.contains("jekyll-avatar") { tags["avatar"] = AvatarTagDefinition() }

        let liquidConfig = map["liquid"]?.mapValue ?? MetadataMap()
        let kramdownConfig = map["kramdown"]?.mapValue ?? MetadataMap()
        let markdownify: @Sendable (String) -> String
        if let markdownToHTML {
            markdownify = { markdownToHTML($0, kramdownConfig) }
        } else {
            markdownify = { $0 }
        }
        let filters = JekyllLiquidRenderer.filters(config: map, baseurl: baseurl, zone: zone, now: now, markdownify: markdownify)
        self.environment = LiquidEnvironment(
            filters: filters, tags: tags, fileSystem: IncludeFileSystem(),
            timeParser: { text in
                guard let t = RubyTime.parse(text, zone: zone, now: now) else { return nil }
                return LiquidTime(seconds: Int(t), utcOffset: zone.offset(at: t), zoneName: zone.abbreviation(at: t))
            },
            now: siteTime,
            strictFilters: liquidConfig["strict_filters"] == .bool(true),
            strictVariables: liquidConfig["strict_variables"] == .bool(true),
            strictParsing: liquidConfig["error_mode"]?.stringValue == "strict")
        self.jekyllHash = LiquidHash([("environment", .string("production")), ("version", .string("4.3.1"))])
    }

    /// Liquid's standard filters with Jekyll's on top.
    static func filters(
        config: MetadataMap, baseurl: String, zone: RubyTime.Zone, now: Int64, markdownify: @escaping @Sendable (String) -> String
    ) -> [String: LiquidFilter] {
        let url = config["url"].flatMap { $0.isNull ? nil : $0.rubyString }
        let base = config["baseurl"].flatMap { $0.isNull ? nil : $0.rubyString }
        let jekyll = JekyllFilters.make(JekyllFilterConfig(
            url: url, baseurl: base, markdownify: markdownify,
            localOffset: { zone.offset(at: Int64($0)) }))
        return StandardFilters.all.merging(jekyll) { $1 }
    }


    /// Problems found in `_data/`, if a template read it.
    var dataDiagnostics: [Diagnostic] { siteData.peek()?.1 ?? [] }

    /// What rendering one post gave.
    struct Rendered: Sendable {
        var body: String
        var excerpt: String?
        var diagnostics: [Diagnostic]
        /// The body could not be rendered at all (a limit was hit); `body` is the source.
        var failed: Bool
    }

    /// Renders post `n` (an index into the posts given at init), `post` being that post complete
    /// (with its excerpt, which the outline may have dropped).
    func render(_ n: Int, post: Post) -> Rendered {
        let drop = posts.drops[n]
        defer { drop.forgetFields() }
        var diagnostics: [Diagnostic] = []
        guard case .rawBlock(_, let source)? = post.body.blocks.first else {
            return Rendered(body: "", excerpt: nil, diagnostics: [], failed: false)
        }
        // The page's own body is at hand: `page.content` need not read the file again.
        drop.provideBody(source)
        let (body, bodyOK) = renderText(source, page: drop, pagePath: post.sourcePath, post: post, diagnostics: &diagnostics, report: true)
        var excerpt: String? = nil
        if case .rawBlock(let format, let text)? = post.excerpt.blocks.first, format == RawFormat.kramdownLiquid {
            var ignored: [Diagnostic] = []
            excerpt = renderText(text, page: drop.excerptDrop(), pagePath: post.sourcePath + "/#excerpt", post: post, diagnostics: &ignored, report: false).0
        }
        return Rendered(body: body, excerpt: excerpt, diagnostics: diagnostics, failed: !bodyOK)
    }

    private func renderText(
        _ text: String, page: PostDrop, pagePath: String, post: Post, diagnostics: inout [Diagnostic], report: Bool
    ) -> (String, Bool) {
        // Text with no Liquid markup renders as itself: skip the parse.
        if !Self.mayContainLiquid(text) { return (text, true) }
        let file = displayPrefix + post.sourcePath
        var globals = LiquidHash()
        globals["site"] = .drop(siteDrop)
        globals["page"] = .drop(page)
        globals["jekyll"] = .hash(jekyllHash)
        globals["paginator"] = .nil
        globals["layout"] = .hash(LiquidHash())
        // Jekyll's Markdown converter wraps highlight blocks in newlines; others add nothing.
        let ext = "." + PathText.pathExtension(post.sourcePath).lowercased()
        if markdownExtensions.contains(ext) {
            globals["highlighter_prefix"] = .string("\n")
            globals["highlighter_suffix"] = .string("\n")
        }
        let registers: [String: any Sendable] = ["site": site, "page_path": pagePath]
        do {
            let template = try Template(parsing: text, environment: environment, mode: environment.strictParsing ? .strict : .warn, policy: .keepMarkup)
            let (output, warnings) = try template.render(globals, environment: environment, registers: registers, policy: .keepMarkup)
            if report {
                // Each problem once (a tag in a loop is reported once), without its source line
                // yet: the lines are found for the diagnostics shown, in one pass over the text.
                var seen = Set<String>()
                var found: [(Diagnostic, LiquidError)] = []
                for w in template.warnings + warnings {
                    let d = diagnostic(w.error, post: post, file: file, source: nil)
                    if seen.insert(d.description).inserted { found.append((d, w.error)) }
                }
                // In source order: the post's own lines first, then each include's.
                found.sort { a, b in
                    let (a, b) = (a.0, b.0)
                    let ka = (a.location?.file != file, a.location?.file ?? "", a.location?.line ?? 0, a.location?.column ?? 0)
                    let kb = (b.location?.file != file, b.location?.file ?? "", b.location?.line ?? 0, b.location?.column ?? 0)
                    return ka.0 != kb.0 ? !ka.0 : (ka.1, ka.2, ka.3) < (kb.1, kb.2, kb.3)
                }
                let shown = found.prefix(Self.maxWarningsPerPost)
                let lines = SourceLines.lines(Set(shown.compactMap { $0.1.templateName == nil ? $0.1.line : nil }), of: text)
                for (d, e) in shown {
                    guard e.templateName == nil, let l = e.line, let line = lines[l] else { diagnostics.append(d); continue }
                    diagnostics.append(Diagnostic(d.severity, code: d.code, message: d.message, hint: d.hint, location: d.location, sourceLine: line))
                }
                if found.count > shown.count {
                    let more = found.count - shown.count
                    diagnostics.append(Diagnostic(
                        .warning, code: "liquid-more-warnings",
                        message: "\(more) more Liquid warning\(more == 1 ? "" : "s") in this post not shown (the first \(shown.count) are)",
                        hint: "fix those shown and convert again to see the rest", location: SourceLocation(file: file)))
                }
            }
            return (output, true)
        } catch {
            if report {
                var d = diagnostic(error, post: post, file: file, source: Substring(text))
                d.severity = .error
                d.hint = "the post is kept with its Liquid unrendered; simplify the template"
                diagnostics.append(d)
            }
            return (text, false)
        }
    }

    /// Whether `text` has a `{{` or `{%` anywhere (else Liquid would return it unchanged).
    static func mayContainLiquid(_ text: String) -> Bool {
        // Each `{` found with memchr, then the byte after it.
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            let end = base + bytes.count
            var from = base
            while from < end, let found = memchr(from, Int32(UInt8(ascii: "{")), end - from) {
                let brace = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                if brace + 1 < end, brace[1] == UInt8(ascii: "{") || brace[1] == UInt8(ascii: "%") { return true }
                from = brace + 1
            }
            return false
        }
    }

    /// The most Liquid warnings reported for one post; the rest are counted in one more.
    static let maxWarningsPerPost = 100

    /// A Liquid problem as a diagnostic placed in the post (or the include it happened in);
    /// with `source`, the post's line it points into is shown.
    func diagnostic(_ e: LiquidError, post: Post, file: String, source: Substring?) -> Diagnostic {
        let code: String, hint: String
        switch e.kind {
        case .unknownTag:
            let name = e.markup.flatMap { TemplateTagName.of($0) } ?? "?"
            code = "liquid-unknown-tag"
            hint = Self.pluginHint(tag: name)
        case .syntax:
            code = "liquid-syntax"
            hint = "fix the tag; it is left as written"
        case .fileSystem:
            code = "liquid-include"
            hint = "add the file to _includes (or pass --theme / --include-path); the tag is left as written"
        case .argument, .zeroDivision, .undefinedFilter:
            code = "liquid-error"
            hint = "Jekyll stops the build here; blogport leaves the tag as written"
        case .stackLevel, .resourceLimit:
            code = "liquid-limit"
            hint = "a template that never ends or grows without bound; simplify it"
        }
        var location: SourceLocation
        var sourceLine: String? = nil
        let what = e.markup.map { "\(Self.clipped($0)): " } ?? ""
        if let name = e.templateName {
            location = SourceLocation(file: displayPrefix + name, line: e.line, column: e.column)
        } else {
            let line = e.line.map { post.bodyStartLine + $0 - 1 }
            location = SourceLocation(file: file, line: line, column: e.column)
            if let l = e.line, let source { sourceLine = SourceLines.lines([l], of: source)[l] }
        }
        return Diagnostic(.warning, code: code, message: what + e.message, hint: hint, location: location, sourceLine: sourceLine)
    }

    /// A tag as quoted in a message: whole up to 200 scalars, else its first 200 and `…`.
    static func clipped(_ markup: String) -> String {
        guard markup.utf8.count > 200 else { return markup }
        let scalars = markup.unicodeScalars
        guard let cut = scalars.index(scalars.startIndex, offsetBy: 200, limitedBy: scalars.endIndex), cut < scalars.endIndex else { return markup }
        return String(scalars[..<cut]) + "…"
    }

    static func pluginHint(tag: String) -> String {
        switch tag {
        case "gist": return "enable jekyll-gist in the site's plugins to render it; the tag is left as written"
        case "avatar": return "enable jekyll-avatar in the site's plugins to render it; the tag is left as written"
        case "include_cached": return "enable jekyll-include-cache in the site's plugins to render it; the tag is left as written"
        default: return "'\(tag)' comes from a plugin blogport does not implement (see README); the tag is left as written"
        }
    }
}

/// The tag name in `{% name ... %}`.
enum TemplateTagName {
    static func of(_ raw: String) -> String? {
        var s = raw.dropFirst(2)
        if s.hasPrefix("-") { s = s.dropFirst() }
        s = s.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let name = s.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "#" }
        return name.isEmpty ? nil : String(name)
    }
}

/// Relative path → URL for everything `{% link %}` can name: posts, collection documents, pages.
enum LinkTargets {
    static func build(root: URL, config: SiteConfig, posts: [Post]) -> [String: String] {
        var targets: [String: String] = [:]
        for p in posts { targets[p.sourcePath] = p.url }
        let map = config.map
        let markdown = config.markdownExtensions
        func outputExt(_ ext: String) -> String { markdown.contains("." + ext.lowercased()) ? ".html" : (ext.isEmpty ? "" : "." + ext) }
        let fm = FileManager.default
        // Collections other than posts.
        var labels: [(String, MetadataMap)] = []
        switch map["collections"] {
        case .map(let m)?: labels = m.entries.map { ($0.key, $0.value.mapValue ?? MetadataMap()) }
        case .list(let l)?: labels = l.compactMap { $0.stringValue.map { ($0, MetadataMap()) } }
        default: break
        }
        let collectionsDir = config.collectionsDir
        for (label, meta) in labels where label != "posts" {
            let dirRel = (collectionsDir.isEmpty ? "" : collectionsDir + "/") + "_" + label
            let dir = root.appendingPathComponent(dirRel)
            guard let e = fm.enumerator(atPath: dir.path) else { continue }
            let template = meta["permalink"]?.stringValue ?? "/:collection/:path:output_ext"
            while let rel = e.nextObject() as? String {
                let url = dir.appendingPathComponent(rel)
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue else { continue }
                let ext = PathText.pathExtension(rel)
                let noExt = ext.isEmpty ? rel : String(rel.dropLast(ext.count + 1))
                var u = template
                    .replacingOccurrences(of: ":collection", with: label)
                    .replacingOccurrences(of: ":path", with: noExt)
                    .replacingOccurrences(of: ":name", with: Slugify.slugify((noExt as NSString).lastPathComponent))
                    .replacingOccurrences(of: ":output_ext", with: outputExt(ext))
                while u.contains("//") { u = u.replacingOccurrences(of: "//", with: "/") }
                targets[dirRel + "/" + rel] = u
            }
        }
        // Pages and static files at the top of the site.
        if let e = fm.enumerator(atPath: root.path) {
            while let rel = e.nextObject() as? String {
                let first = rel.split(separator: "/").first.map(String.init) ?? rel
                if first.hasPrefix("_") || first.hasPrefix(".") || config.exclude.contains(first) {
                    e.skipDescendants()
                    continue
                }
                let url = root.appendingPathComponent(rel)
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue, targets[rel] == nil else { continue }
                let ext = PathText.pathExtension(rel)
                if markdown.contains("." + ext.lowercased()) || ext == "html" {
                    let noExt = String(rel.dropLast(ext.count + 1))
                    if (noExt as NSString).lastPathComponent == "index" {
                        let folder = (noExt as NSString).deletingLastPathComponent
                        targets[rel] = folder.isEmpty ? "/" : "/" + folder + "/"
                    } else {
                        // Page#template with Utils.add_permalink_suffix for the site's style.
                        let style = map["permalink"]?.stringValue ?? "date"
                        let suffix: String
                        switch style {
                        case "pretty": suffix = "/"
                        case "date", "ordinal", "none", "weekdate": suffix = ".html"
                        default: suffix = style.hasSuffix("/") ? "/" : (style.hasSuffix(":output_ext") ? ".html" : "")
                        }
                        targets[rel] = "/" + noExt + suffix
                    }
                } else {
                    targets[rel] = "/" + rel
                }
            }
        }
        return targets
    }
}

/// Lines of a text by number, found in one pass.
enum SourceLines {
    /// The lines numbered `wanted` (1-based; split at `\n`, as the Liquid lexer counts them).
    static func lines<S: StringProtocol>(_ wanted: Set<Int>, of text: S) -> [Int: String] {
        guard let last = wanted.max() else { return [:] }
        var found: [Int: String] = [:]
        var rest = text[...]
        for n in 1...last {
            let end = rest.firstIndex(of: "\n")
            if wanted.contains(n) { found[n] = String(rest[..<(end ?? rest.endIndex)]) }
            guard let end else { break }
            rest = rest[rest.index(after: end)...]
        }
        return found
    }
}
