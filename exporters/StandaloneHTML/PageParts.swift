import BlogModel
import Foundation

/// Text as it goes into HTML: escaped unless the caller says it is already markup.
struct EscapedHTML {
    /// The markup.
    let markup: String

    /// Escaped text (`&`, `<`, `>`, `"`, `'`).
    init(text: String) {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        markup = out
    }

    /// Markup taken as it is.
    init(raw: String) { markup = raw }
}

/// A category or tag index page.
struct TermIndex {
    /// `categories` or `tags`.
    var kind: String
    /// The name as the posts have it.
    var name: String
    /// Its file in the output folder.
    var file: String
    /// Its posts, newest first, by index in the blog's posts.
    var posts: [Int]
}

/// Values every page shows: a post's date in the site's zone, the site's language.
enum PageParts {
    /// `2023-12-10` (the date in the zone the post's date carries: the site's).
    static func displayDate(_ date: PostDate) -> String { date.civil.isoDate }

    /// The `lang` attribute: the post's `lang`, else the site's, else `en`; `ko_KR` → `ko-KR`.
    static func language(site: Site, post: Post?) -> String {
        let raw = post?.data["lang"]?.stringValue ?? site.language ?? "en"
        let parts = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-").split(separator: "-")
        guard let first = parts.first, !first.isEmpty else { return "en" }
        return ([first.lowercased()] + parts.dropFirst().map { $0.count == 2 ? $0.uppercased() : String($0) }).joined(separator: "-")
    }

    /// A description: the post's `description` or `excerpt` text, cut to about 160 characters.
    static func description(fromText text: String) -> String {
        // Words are read one at a time and counted as they grow, so a long text costs only
        // the ~160 characters that are kept.
        var out = ""
        var outCount = 0
        var i = text.startIndex
        while true {
            while i < text.endIndex, text[i].isWhitespace { i = text.index(after: i) }
            guard i < text.endIndex else { return out }
            let start = i
            var wordCount = 0
            while i < text.endIndex, !text[i].isWhitespace {
                i = text.index(after: i)
                wordCount += 1
                if outCount + wordCount + 1 > 160 {
                    return out.isEmpty ? String(text[start...].prefix(159)) + "…" : out + "…"
                }
            }
            if !out.isEmpty { out += " "; outCount += 1 }
            out += text[start..<i]
            outCount += wordCount
        }
    }
}
