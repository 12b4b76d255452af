import BlogModel
import Foundation
import Kramdown
import Liquid
import XMLSupport

/// The built-in pages (a post, an index) and the variables a `--template` sees.
struct PageBuilder {
    let site: Site
    let terms: [TermIndex]
    private let termFiles: [String: String]
    /// `https://example.org/blog`: what `canonicalURL` puts before a path (nil without `url`).
    private let canonicalPrefix: String?
    /// The site's `lang` attribute, for pages whose post sets no `lang`.
    private let siteLanguage: String

    init(site: Site, terms: [TermIndex]) {
        self.site = site
        self.terms = terms
        termFiles = Dictionary(terms.map { ($0.kind + "\u{0}" + $0.name, $0.file) }, uniquingKeysWith: { a, _ in a })
        if var base = site.url?.trimmingCharacters(in: .whitespaces), !base.isEmpty {
            while base.hasSuffix("/") { base.removeLast() }
            var prefix = site.baseurl
            while prefix.hasSuffix("/") { prefix.removeLast() }
            if !prefix.isEmpty && !prefix.hasPrefix("/") { prefix = "/" + prefix }
            canonicalPrefix = base + prefix
        } else {
            canonicalPrefix = nil
        }
        siteLanguage = PageParts.language(site: site, post: nil)
    }

    /// `https://example.org/blog/2023/12/10/x/`, or nil when the site has no `url`.
    func canonicalURL(_ path: String) -> String? {
        canonicalPrefix.map { $0 + path }
    }

    /// The `lang` of a post's page: the post's own, else the site's.
    private func language(of post: Post) -> String {
        post.data["lang"] == nil ? siteLanguage : PageParts.language(site: site, post: post)
    }

    /// The post's description: `description` from its front matter, else its excerpt's text.
    /// `excerptHTML` gives the excerpt written as HTML (by default written here).
    func description(of post: Post, kramdown: KramdownOptions, excerptHTML: (() -> String)? = nil) -> String {
        if let d = post.data["description"]?.stringValue, !d.isEmpty { return PageParts.description(fromText: d) }
        let html = excerptHTML?() ?? HTMLWriter.html(post.excerpt, options: kramdown)
        return PageParts.description(fromText: HTMLDocument.wordText(of: html, enoughCharacters: PageParts.descriptionEnoughCharacters))
    }

    private func head(title: String, description: String?, canonical: String?, lang: String) -> String {
        var h = "<!doctype html>\n<html lang=\"\(EscapedHTML(text: lang).markup)\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<meta name=\"color-scheme\" content=\"light dark\">\n"
        h += "<title>\(EscapedHTML(text: title).markup)</title>\n"
        if let description, !description.isEmpty { h += "<meta name=\"description\" content=\"\(EscapedHTML(text: description).markup)\">\n" }
        if let canonical { h += "<link rel=\"canonical\" href=\"\(EscapedHTML(text: canonical).markup)\">\n" }
        h += "<link rel=\"icon\" href=\"data:,\">\n<meta name=\"generator\" content=\"blogport\">\n"
        h += "<style>\n" + Stylesheet.css + "\n</style>\n</head>\n"
        return h
    }

    private func siteHeader(from file: String) -> String {
        let name = site.title ?? "Home"
        return "<header class=\"site-header\"><a href=\"\(OutputPaths.href(OutputPaths.relative(from: file, to: "index.html")))\">\(EscapedHTML(text: name).markup)</a></header>\n"
    }

    private func siteFooter(canonical: String?) -> String {
        var f = "<footer class=\"site-footer\"><p>"
        f += EscapedHTML(text: site.title ?? "").markup
        if let canonical { f += (site.title == nil ? "" : " · ") + "<a href=\"\(EscapedHTML(text: canonical).markup)\">\(EscapedHTML(text: canonical).markup)</a>" }
        return f + "</p></footer>\n</body>\n</html>\n"
    }

    private func termLinks(_ names: [String], kind: String, from file: String) -> String {
        names.map { name in
            guard let target = termFiles[kind + "\u{0}" + name] else { return EscapedHTML(text: name).markup }
            let rel = kind == "tags" ? " rel=\"tag\"" : ""
            return "<a href=\"\(OutputPaths.href(OutputPaths.relative(from: file, to: target)))\"\(rel)>\(EscapedHTML(text: name).markup)</a>"
        }.joined(separator: ", ")
    }

    /// A post page around its (already rewritten) body: head, title, date, categories and tags
    /// before it, the footer after it (made apart from the body, so that it can be made on
    /// another thread while bodies are rewritten in order).
    func postFrame(_ post: Post, file: String, kramdown: KramdownOptions, excerptHTML: (() -> String)? = nil) -> (before: String, after: String) {
        let canonical = canonicalURL(post.url)
        let title = site.title.map { post.title + " · " + $0 } ?? post.title
        var h = head(title: title, description: description(of: post, kramdown: kramdown, excerptHTML: excerptHTML), canonical: canonical,
                     lang: language(of: post))
        h += "<body>\n" + siteHeader(from: file) + "<main>\n<article class=\"post\">\n<header>\n"
        h += "<h1 class=\"post-title\">\(EscapedHTML(text: post.title).markup)</h1>\n<p class=\"post-meta\">"
        h += "<time datetime=\"\(post.date.iso8601)\">\(PageParts.displayDate(post.date))</time>"
        if !post.categories.isEmpty {
            h += "<span class=\"sep\">·</span><span class=\"categories\">Categories: \(termLinks(post.categories, kind: "categories", from: file))</span>"
        }
        if !post.tags.isEmpty {
            h += "<span class=\"sep\">·</span><span class=\"tags\">Tags: \(termLinks(post.tags, kind: "tags", from: file))</span>"
        }
        h += "</p>\n</header>\n<div class=\"post-body\">\n"
        return (h, "\n</div>\n</article>\n</main>\n" + siteFooter(canonical: canonical))
    }

    /// `<ul class="post-list">` of posts, newest first, linked relatively from `from`.
    func postList(_ pages: StandaloneHTMLExporter.IndexedPages, from: String) -> String {
        var bytes: [UInt8] = []
        appendPostList(pages, from: from, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `postList` appended as UTF-8 to `out` (an index of a large site is megabytes: it is
    /// made in place, not through strings joined and copied).
    func appendPostList(_ pages: StandaloneHTMLExporter.IndexedPages, from: String, to out: inout [UInt8]) {
        // About what an item takes (date, link, title), so that a long list grows once or twice.
        out.reserveCapacity(out.count + 24 + pages.count * 200)
        out += "<ul class=\"post-list\">\n".utf8
        // Each post's fields read in place (a `Post` copied out of the array for every item of
        // every index would retain and release each of its fields).
        for n in pages.indexes {
            let date = pages.posts[n].date
            out += "<li><time datetime=\"".utf8
            out += date.iso8601.utf8
            out += "\">".utf8
            out += PageParts.displayDate(date).utf8
            out += "</time> <a href=\"".utf8
            out += OutputPaths.href(OutputPaths.relative(from: from, to: pages.files[n]!)).utf8
            out += "\">".utf8
            out += EscapedHTML(text: pages.posts[n].title).markup.utf8
            out += "</a></li>\n".utf8
        }
        out += "</ul>\n".utf8
    }

    /// An index page: the home page (with the site description and every category and tag)
    /// or one category's or tag's posts, listing `pages`.
    func indexPage(title: String, term: TermIndex?, file: String, pages: StandaloneHTMLExporter.IndexedPages, isHome: Bool) -> [UInt8] {
        let heading = term.map { ($0.kind == "tags" ? "Tag: " : "Category: ") + $0.name } ?? title
        let pageTitle = term == nil ? title : heading + (site.title.map { " · " + $0 } ?? "")
        let canonical = term == nil ? canonicalURL("/") : nil
        var h = head(title: pageTitle, description: isHome ? site.description : nil, canonical: canonical, lang: PageParts.language(site: site, post: nil))
        h += "<body>\n" + siteHeader(from: file) + "<main>\n<h1>\(EscapedHTML(text: heading).markup)</h1>\n"
        if isHome, let description = site.description, !description.isEmpty { h += "<p>\(EscapedHTML(text: description).markup)</p>\n" }
        var out = Array(h.utf8)
        appendPostList(pages, from: file, to: &out)
        var tail = ""
        if isHome {
            for (kind, label) in [("categories", "Categories"), ("tags", "Tags")] {
                let names = terms.filter { $0.kind == kind }.map(\.name)
                if !names.isEmpty { tail += "<p class=\"terms\">\(label): \(termLinks(names, kind: kind, from: file))</p>\n" }
            }
        }
        out += tail.utf8
        out += "</main>\n".utf8
        out += siteFooter(canonical: canonical).utf8
        return out
    }

    // MARK: - Template variables

    private func siteHash() -> LiquidValue {
        var h = LiquidHash()
        for entry in site.config { h[entry.key] = PageBuilder.liquid(entry.value) }
        h["title"] = site.title.map(LiquidValue.string) ?? .nil
        h["description"] = site.description.map(LiquidValue.string) ?? .nil
        h["url"] = site.url.map(LiquidValue.string) ?? .nil
        h["baseurl"] = .string(site.baseurl)
        h["lang"] = .string(PageParts.language(site: site, post: nil))
        h["timezone"] = .string(site.timeZone)
        h["stylesheet"] = .string(Stylesheet.css)
        return .hash(h)
    }

    /// `page` (front matter, then title, url, date, categories, tags, description,
    /// canonical_url, lang, root, kind = "post"), `site` and `content` for a post.
    func templateGlobals(post: Post, file: String, content: String, kramdown: KramdownOptions) -> LiquidHash {
        var page = LiquidHash()
        for entry in post.data { page[entry.key] = PageBuilder.liquid(entry.value) }
        page["title"] = .string(post.title)
        page["url"] = .string(post.url)
        page["date"] = .time(LiquidTime(seconds: Int(post.date.secondsSinceEpoch), utcOffset: post.date.utcOffsetSeconds))
        page["categories"] = .array(post.categories.map(LiquidValue.string))
        page["tags"] = .array(post.tags.map(LiquidValue.string))
        page["description"] = .string(description(of: post, kramdown: kramdown))
        page["canonical_url"] = canonicalURL(post.url).map(LiquidValue.string) ?? .nil
        page["lang"] = .string(PageParts.language(site: site, post: post))
        page["root"] = .string(OutputPaths.root(from: file))
        page["path"] = .string(post.sourcePath)
        page["kind"] = .string("post")
        return LiquidHash([("page", .hash(page)), ("site", siteHash()), ("content", .string(content))])
    }

    /// The same for an index page (`kind` = "index"; `term_kind` = "categories"/"tags" for one term).
    func templateGlobals(index title: String, term: TermIndex?, file: String, content: String) -> LiquidHash {
        var page = LiquidHash()
        page["title"] = .string(title)
        page["url"] = .string("/" + (file.hasSuffix("index.html") ? String(file.dropLast("index.html".count)) : file))
        page["lang"] = .string(PageParts.language(site: site, post: nil))
        page["root"] = .string(OutputPaths.root(from: file))
        page["kind"] = .string("index")
        page["term_kind"] = term.map { LiquidValue.string($0.kind) } ?? .nil
        return LiquidHash([("page", .hash(page)), ("site", siteHash()), ("content", .string(content))])
    }

    /// A front-matter value as Liquid sees it.
    static func liquid(_ value: MetadataValue) -> LiquidValue {
        switch value {
        case .null: return .nil
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .timestamp(let s): return .string(s)
        case .list(let items): return .array(items.map(liquid))
        case .map(let map): return .hash(LiquidHash(map.entries.map { ($0.key, liquid($0.value)) }))
        }
    }
}
