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
        var scanned = text
        guard scanned.withUTF8({ $0.contains(where: EscapedHTML.needsEscape) }) else {
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
        if let simple = simpleDescription(text) { return simple }
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

    /// `description(fromText:)` on bytes, while every scalar it reads is ASCII or one of
    /// `TextScalars.standsAlone`: no such scalar joins another into one Character (bar CR LF, white space
    /// either way), so a scalar is a Character; white space is U+0009–U+000D, the space and
    /// U+00A0. Nil as soon as it meets another scalar.
    private static func simpleDescription(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            let n = bytes.count
            // The scalar at `i` and its length in bytes, or nil when it is not a simple one.
            func scalar(at i: Int) -> (value: UInt32, length: Int)? {
                let b = bytes[i]
                if b < 0x80 { return (UInt32(b), 1) }
                if b >= 0xC2, b <= 0xDF, i + 1 < n {
                    let value = UInt32(b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                    return TextScalars.standsAlone(value) ? (value, 2) : nil
                }
                if b >= 0xE0, b <= 0xEF, i + 2 < n {
                    let value = UInt32(b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                    return TextScalars.standsAlone(value) ? (value, 3) : nil
                }
                return nil
            }
            func isSpace(_ c: UInt32) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) || c == 0xA0 }
            var out: [UInt8] = []
            var outCount = 0
            var i = 0
            while true {
                while i < n {
                    guard let (c, length) = scalar(at: i) else { return nil }
                    guard isSpace(c) else { break }
                    i += length
                }
                guard i < n else { return String(decoding: out, as: UTF8.self) }
                let start = i
                var wordCount = 0
                var at159 = start  // where the word's 159th Character ends
                while i < n {
                    guard let (c, length) = scalar(at: i) else { return nil }
                    if isSpace(c) { break }
                    i += length
                    wordCount += 1
                    if wordCount == 159 { at159 = i }
                    if outCount + wordCount + 1 > descriptionLength {
                        if out.isEmpty { return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at159]), as: UTF8.self) + "…" }
                        return String(decoding: out, as: UTF8.self) + "…"
                    }
                }
                if !out.isEmpty { out.append(0x20); outCount += 1 }
                out += UnsafeBufferPointer(rebasing: bytes[start..<i])
                outCount += wordCount
            }
        }
    }
}
