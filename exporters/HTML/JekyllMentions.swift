import BlogModel
import Foundation

/// jekyll-mentions: `@name` in a published page becomes a link to the profile, as the plugin's
/// html-pipeline `MentionFilter` does it (text inside `pre`, `code`, `a`, `style`, `script` is
/// left alone; `@mention`, `@mentions`, `@mentioned`, `@mentioning` stay text).
///
/// Jekyll applies it after rendering (`post_render`), to the page it writes, not to the post's
/// `content` that feeds and the JSON backup carry; so the exporters of published pages apply it.
public enum JekyllMentions {
    /// The profile base URL when the site enables jekyll-mentions (config `plugins`/`gems`),
    /// from its `jekyll-mentions` setting (a string, or a map with `base_url`); nil when disabled.
    public static func baseURL(for site: Site, post: Post? = nil) -> String? {
        let plugins = (site.config["plugins"]?.listValue ?? []) + (site.config["gems"]?.listValue ?? [])
        guard plugins.contains(where: { $0.stringValue == "jekyll-mentions" }) else { return nil }
        if let post, post.data["jekyll-mentions"] == .bool(false) { return nil }
        let setting = post?.data["jekyll-mentions"] ?? site.config["jekyll-mentions"]
        switch setting {
        case .string(let s)?: return s
        case .map(let m)?: return m["base_url"]?.stringValue ?? "https://github.com"
        default: return "https://github.com"
        }
    }

    private static let ignored: Set<String> = ["pre", "code", "a", "style", "script"]
    private static let excludedLogins: Set<String> = ["mention", "mentions", "mentioned", "mentioning"]
    // MentionPatterns with jekyll-mentions' username pattern [\w][\w-]* (Ruby's \w is ASCII).
    private static let pattern = try! NSRegularExpression(
        pattern: #"(?:^|[^A-Za-z0-9_])@((?>[A-Za-z0-9_][A-Za-z0-9_-]*))(?!/)(?=\.+[ \t[^A-Za-z0-9_]]|\.+$|[^0-9a-zA-Z_.]|$)"#,
        options: [.anchorsMatchLines])

    /// `html` with every mention outside ignored elements linked to `base`/name.
    public static func apply(_ html: String, base: String) -> String {
        guard html.contains("@") else { return html }
        var out = ""
        out.reserveCapacity(html.utf8.count + 64)
        var depth = 0
        var i = html.startIndex
        var textStart = i
        func flush(_ end: String.Index) {
            guard textStart < end else { return }
            let text = html[textStart..<end]
            out += depth == 0 && text.contains("@") ? link(String(text), base: base) : String(text)
        }
        while i < html.endIndex {
            guard html[i] == "<" else { i = html.index(after: i); continue }
            flush(i)
            let rest = html[i...]
            var end: String.Index
            if rest.hasPrefix("<!--") {
                end = rest.range(of: "-->")?.upperBound ?? html.endIndex
            } else if let close = rest.firstIndex(of: ">") {
                end = html.index(after: close)
                let tag = rest[rest.index(after: rest.startIndex)..<close]
                let isEnd = tag.hasPrefix("/")
                let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
                if ignored.contains(name) {
                    if isEnd {
                        depth = max(0, depth - 1)
                    } else if !tag.hasSuffix("/") {
                        if name == "script" || name == "style" {
                            // Raw text up to the closing tag.
                            let closing = "</" + name
                            if let r = html[end...].range(of: closing, options: .caseInsensitive),
                               let gt = html[r.upperBound...].firstIndex(of: ">") {
                                end = html.index(after: gt)
                            } else {
                                end = html.endIndex
                            }
                        } else {
                            depth += 1
                        }
                    }
                }
            } else {
                end = html.endIndex
            }
            out += html[i..<end]
            i = end
            textStart = i
        }
        flush(html.endIndex)
        return out
    }

    /// One text run (HTML-escaped, as in the page) with its mentions linked.
    static func link(_ text: String, base: String) -> String {
        let ns = text as NSString
        var out = ""
        var last = 0
        for m in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let login = ns.substring(with: m.range(at: 1))
            guard !excludedLogins.contains(login.lowercased()) else { continue }
            let at = m.range(at: 1).location - 1
            out += ns.substring(with: NSRange(location: last, length: at - last))
            var url = base
            if !(url.hasSuffix("/") || url.hasSuffix("~")) { url += "/" }
            out += "<a href=\"\(url)\(login)\" class=\"user-mention\">@\(login)</a>"
            last = m.range(at: 1).location + m.range(at: 1).length
        }
        out += ns.substring(from: last)
        return out
    }
}
