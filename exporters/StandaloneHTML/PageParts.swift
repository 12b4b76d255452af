import BlogModel
import Foundation

/// Text as it goes into HTML: escaped unless the caller says it is already markup.
struct EscapedHTML {
    /// The markup.
    let markup: String

    /// Escaped text (`&`, `<`, `>`, `"`, `'`). The five are ASCII, so the text is read as bytes:
    /// a byte of a longer UTF-8 sequence is never one of them, and is copied as it is.
    init(text: String) {
        let bytes = text.utf8
        guard bytes.contains(where: EscapedHTML.needsEscape) else {
            markup = text
            return
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for b in bytes {
            switch b {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            case UInt8(ascii: "'"): out += "&#39;".utf8
            default: out.append(b)
            }
        }
        markup = String(decoding: out, as: UTF8.self)
    }

    private static func needsEscape(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
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

    /// How many characters a description keeps at most (white space runs counted as one).
    static let descriptionLength = 160
    /// Characters (other than white space) of a text after which its description is decided:
    /// the description stops at a word that would take it past 160 counted characters, which
    /// lies before the 162nd.
    static let descriptionEnoughCharacters = descriptionLength + 2

    /// A description: the post's `description` or `excerpt` text, cut to about 160 characters.
    static func description(fromText text: String) -> String {
        if let ascii = asciiDescription(text) { return ascii }
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
                if outCount + wordCount + 1 > descriptionLength {
                    return out.isEmpty ? String(text[start...].prefix(159)) + "…" : out + "…"
                }
            }
            if !out.isEmpty { out += " "; outCount += 1 }
            out += text[start..<i]
            outCount += wordCount
        }
    }

    /// `description(fromText:)` on bytes, while every byte it reads is ASCII: there a byte is a
    /// Character (CR LF, one Character, is white space either way) and white space is
    /// U+0009–U+000D and the space. Nil as soon as it meets another byte.
    private static func asciiDescription(_ text: String) -> String? {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        let bytes = text.utf8
        var out: [UInt8] = []
        var i = bytes.startIndex
        while true {
            while i < bytes.endIndex, bytes[i] < 0x80, isSpace(bytes[i]) { i = bytes.index(after: i) }
            guard i < bytes.endIndex else { return String(decoding: out, as: UTF8.self) }
            let start = i
            var wordCount = 0
            while i < bytes.endIndex, !isSpace(bytes[i]) {
                guard bytes[i] < 0x80 else { return nil }
                i = bytes.index(after: i)
                wordCount += 1
                if out.count + wordCount + 1 > descriptionLength {
                    if out.isEmpty { return String(decoding: bytes[start...].prefix(159), as: UTF8.self) + "…" }
                    return String(decoding: out, as: UTF8.self) + "…"
                }
            }
            if !out.isEmpty { out.append(0x20) }
            out += bytes[start..<i]
        }
    }
}
