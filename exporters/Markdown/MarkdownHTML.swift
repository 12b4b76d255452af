/// Raw HTML inside CommonMark: how to write it so that a CommonMark reader passes it through
/// unchanged.
///
/// An HTML block ends at the first blank line, after which CommonMark reads Markdown again (an
/// indented line would become code). So blank lines are taken out: outside `<pre>`/`<textarea>`
/// white space is layout and a blank line is dropped; inside, each blank line becomes `&#10;` at
/// the start of the next line (its spaces as `&#32;`), which a browser reads as the same text. Liquid and
/// kramdown markers (`{{`, `{%`, `{:`) in HTML text become `&#123;…`, the same character.
enum MarkdownHTML {
    /// CommonMark's type 6 block tag names.
    static let blockTags: Set<String> = [
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col",
        "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
        "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol", "optgroup",
        "option", "p", "param", "search", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "title", "tr", "track", "ul",
    ]
    /// CommonMark's type 1 tag names: their blocks run to the closing tag, blank lines included.
    static let rawTags: Set<String> = ["pre", "script", "style", "textarea"]

    /// The tag name at the start of `line` (after `<` or `</`), lower-cased, or nil.
    static func leadingTagName(_ line: Substring) -> (name: String, closing: Bool)? {
        var s = line.drop { $0 == " " }
        guard s.first == "<" else { return nil }
        s = s.dropFirst()
        var closing = false
        if s.first == "/" { closing = true; s = s.dropFirst() }
        let name = s.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard let f = name.first, f.isLetter else { return nil }
        return (name.lowercased(), closing)
    }

    /// Which CommonMark HTML block kind (1...7) `line` starts, or nil for none.
    /// `interrupting` is true when the line follows a paragraph line (kind 7 cannot interrupt).
    static func blockKind(_ line: Substring, interrupting: Bool) -> Int? {
        let t = line.drop { $0 == " " }
        // The spaces dropped (counting them, not the whole line twice).
        if line.distance(from: line.startIndex, to: t.startIndex) > 3 { return nil }
        if let (name, closing) = leadingTagName(t) {
            let after = t.dropFirst(closing ? 2 + name.count : 1 + name.count).first
            let ends = after == nil || after == " " || after == "\t" || after == ">" || after == "/"
            if !closing, rawTags.contains(name), after == nil || after == " " || after == "\t" || after == ">" { return 1 }
            if blockTags.contains(name), ends { return 6 }
            if !interrupting, isCompleteTagLine(t) { return 7 }
            return nil
        }
        if t.hasPrefix("<!--") { return 2 }
        if t.hasPrefix("<?") { return 3 }
        if t.hasPrefix("<![CDATA[") { return 5 }
        if t.hasPrefix("<!"), let c = t.dropFirst(2).first, c.isASCII, c.isLetter { return 4 }
        return nil
    }

    /// Whether the line is one complete open or closing tag followed only by white space (kind 7).
    static func isCompleteTagLine(_ t: Substring) -> Bool {
        guard let end = tagEnd(Array(t), 0) else { return false }
        return t.dropFirst(end).allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// The index just past a tag starting at `i` (`<name attrs>`, `</name>`), or nil.
    static func tagEnd(_ c: [Character], _ i0: Int) -> Int? {
        var i = i0
        guard i < c.count, c[i] == "<" else { return nil }
        i += 1
        var closing = false
        if i < c.count, c[i] == "/" { closing = true; i += 1 }
        guard i < c.count, c[i].isASCII, c[i].isLetter else { return nil }
        while i < c.count, c[i].isASCII, c[i].isLetter || c[i].isNumber || c[i] == "-" { i += 1 }
        if closing {
            while i < c.count, c[i] == " " || c[i] == "\t" || c[i] == "\n" { i += 1 }
            return i < c.count && c[i] == ">" ? i + 1 : nil
        }
        while true {
            let start = i
            while i < c.count, c[i] == " " || c[i] == "\t" || c[i] == "\n" { i += 1 }
            guard i < c.count else { return nil }
            if c[i] == ">" { return i + 1 }
            if c[i] == "/" { return i + 1 < c.count && c[i + 1] == ">" ? i + 2 : nil }
            guard i > start else { return nil }
            guard c[i].isASCII, c[i].isLetter || c[i] == "_" || c[i] == ":" else { return nil }
            while i < c.count, c[i].isASCII, c[i].isLetter || c[i].isNumber || "_.:-".contains(c[i]) { i += 1 }
            var j = i
            while j < c.count, c[j] == " " || c[j] == "\t" || c[j] == "\n" { j += 1 }
            if j < c.count, c[j] == "=" {
                j += 1
                while j < c.count, c[j] == " " || c[j] == "\t" || c[j] == "\n" { j += 1 }
                guard j < c.count else { return nil }
                if c[j] == "\"" || c[j] == "'" {
                    let q = c[j]
                    j += 1
                    while j < c.count, c[j] != q { j += 1 }
                    guard j < c.count else { return nil }
                    i = j + 1
                } else {
                    let s = j
                    while j < c.count, !" \t\n\"'=<>`".contains(c[j]) { j += 1 }
                    guard j > s else { return nil }
                    i = j
                }
            }
        }
    }

    /// Raw HTML made safe for an HTML block: no blank lines, no Liquid or IAL markers.
    /// Returns nil when the HTML cannot be written as CommonMark HTML blocks (it does not start
    /// with something CommonMark reads as HTML).
    static func block(_ html: String) -> String? {
        var text = html
        while text.hasSuffix("\n") { text.removeLast() }
        let lines = withoutBlankLines(protectMarkers(text))
        guard !lines.isEmpty else { return "" }
        // Check that every line CommonMark starts a block at begins an HTML block, joining a line
        // to the one before where a kind 1–5 block ended mid-way.
        var out: [String] = []
        var current: Int? = nil
        var endMarker: String? = nil
        for line in lines {
            if current == nil || (current! <= 5 && endMarker == nil) {
                if let kind = blockKind(line[...], interrupting: false) {
                    current = kind
                    endMarker = marker(kind, line[...])
                    out.append(line)
                } else if let last = out.last {
                    // Text right after a kind 1–5 block: keep it on that block's last line.
                    out[out.count - 1] = last + " " + line.drop { $0 == " " || $0 == "\t" }
                    continue
                } else {
                    return nil
                }
            } else {
                out.append(line)
            }
            if let kind = current, kind <= 5, let m = endMarker, containsLowercased(line, m) {
                endMarker = nil
            }
        }
        return out.joined(separator: "\n")
    }

    /// What ends a kind 1–5 HTML block.
    static func marker(_ kind: Int, _ line: Substring) -> String? {
        switch kind {
        case 1: return leadingTagName(line).map { "</\($0.name)>" }
        case 2: return "-->"
        case 3: return "?>"
        case 4: return ">"
        case 5: return "]]>"
        default: return nil
        }
    }

    /// `{{`, `{%`, `{:` as `&#123;…` outside `<script>`, `<style>` and comments.
    static func protectMarkers(_ html: String) -> String {
        guard html.containsByte(UInt8(ascii: "{")) else { return html }
        // On bytes when ASCII, or when every other scalar is one that joins nothing.
        if html.utf8.allSatisfy({ $0 < 0x80 }) || TextScalars.areSimple(html) { return asciiProtectMarkers(html) }
        // A `{` with a mark after it is another Character: not a marker here.
        guard html.contains("{") else { return html }
        let c = Array(html)
        var out = ""
        var i = 0
        var rawUntil: String? = nil
        while i < c.count {
            if let end = rawUntil {
                if matches(c, i, end) { rawUntil = nil; out += end; i += end.count; continue }
                out.append(c[i]); i += 1; continue
            }
            if matches(c, i, "<!--") { rawUntil = "-->"; out += "<!--"; i += 4; continue }
            if matches(c, i, "<script") { rawUntil = "</script>"; out += "<script"; i += 7; continue }
            if matches(c, i, "<style") { rawUntil = "</style>"; out += "<style"; i += 6; continue }
            if c[i] == "{", i + 1 < c.count, c[i + 1] == "{" || c[i + 1] == "%" || c[i + 1] == ":" {
                out += "&#123;"
                i += 1
                continue
            }
            out.append(c[i])
            i += 1
        }
        return out
    }

    /// Whether the Characters from `i` are `s` (lower-case ASCII) in any case. Only the ASCII
    /// letter and its capital lower-case to one of these letters (the Kelvin sign's `k` is
    /// not among them), so no Character is lower-cased to compare.
    static func matches(_ c: [Character], _ i: Int, _ s: String) -> Bool {
        var j = i
        for byte in s.utf8 {
            guard j < c.count else { return false }
            // `s` is ASCII: its letters' capitals are the byte less 32.
            let ch = Character(Unicode.Scalar(byte))
            guard c[j] == ch || (byte >= 0x61 && byte <= 0x7A && c[j] == Character(Unicode.Scalar(byte - 32))) else { return false }
            j += 1
        }
        return true
    }

    /// `protectMarkers` for ASCII text, on bytes (each byte a Character; CR LF, one Character,
    /// matches no marker either way); also for text whose other scalars are `TextScalars.areSimple`
    /// (each a whole Character, whose bytes match no marker byte).
    static func asciiProtectMarkers(_ html: String) -> String {
        let c = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(c.count + 16)
        func matches(_ i: Int, _ s: StaticString) -> Bool {
            let n = s.utf8CodeUnitCount
            guard i + n <= c.count else { return false }
            return s.withUTF8Buffer { needle in
                for k in 0..<n {
                    let b = c[i + k]
                    if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != needle[k] { return false }
                }
                return true
            }
        }
        var i = 0
        var rawUntil: StaticString? = nil
        while i < c.count {
            if let end = rawUntil {
                if matches(i, end) {
                    rawUntil = nil
                    // Written as the marker, lower case, as the Character-level code does.
                    end.withUTF8Buffer { out.append(contentsOf: $0) }
                    i += end.utf8CodeUnitCount
                    continue
                }
                out.append(c[i]); i += 1; continue
            }
            if c[i] == UInt8(ascii: "<") {
                // The opening as written; the end to look for, lower case.
                let opened: (start: StaticString, end: StaticString)? =
                    matches(i, "<!--") ? ("<!--", "-->") : matches(i, "<script") ? ("<script", "</script>")
                    : matches(i, "<style") ? ("<style", "</style>") : nil
                if let opened {
                    rawUntil = opened.end
                    opened.start.withUTF8Buffer { out.append(contentsOf: $0) }
                    i += opened.start.utf8CodeUnitCount
                    continue
                }
            }
            if c[i] == UInt8(ascii: "{"), i + 1 < c.count,
                c[i + 1] == UInt8(ascii: "{") || c[i + 1] == UInt8(ascii: "%") || c[i + 1] == UInt8(ascii: ":") {
                out += "&#123;".utf8
                i += 1
                continue
            }
            out.append(c[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The lines of `html` with blank lines taken out (dropped outside `<pre>`/`<textarea>`,
    /// carried as `&#10;` inside them).
    static func withoutBlankLines(_ html: String) -> [String] {
        var out: [String] = []
        var pending = ""
        var depth = 0
        for raw in MarkdownRenderer.lines(of: html) {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            if line.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                // Inside <pre> the line's own spaces are content too.
                if depth > 0 { pending += line.map { $0 == "\t" ? "&#9;" : "&#32;" }.joined() + "&#10;" }
                continue
            }
            out.append(pending.isEmpty ? line : pending + line)
            pending = ""
            depth += preformattedDepthChange(line)
            if depth < 0 { depth = 0 }
        }
        return out
    }

    /// Opened minus closed `<pre` and `<textarea` in `line`, any case. One pass over the bytes;
    /// a match with a non-ASCII byte on either side (see `asciiOccurrences`) sends the line to
    /// the Character-level count.
    static func preformattedDepthChange(_ line: String) -> Int {
        var change = 0
        var ascii = true
        line.utf8.withContiguousStorageIfAvailable { u in
            let n = u.count
            func at(_ i: Int, _ word: StaticString) -> Int? {  // the end of `word` matched at i
                let w = word.utf8CodeUnitCount
                guard i + w <= n else { return nil }
                return word.withUTF8Buffer { p in
                    for k in 0..<w {
                        let b = u[i + k]
                        if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != p[k] { return nil }
                    }
                    return i + w
                }
            }
            var i = 0
            while i < n {
                guard u[i] == UInt8(ascii: "<") else { i += 1; continue }
                let closing = i + 1 < n && u[i + 1] == UInt8(ascii: "/")
                let nameStart = closing ? i + 2 : i + 1
                if let end = at(nameStart, "pre") ?? at(nameStart, "textarea") {
                    if (i > 0 && u[i - 1] >= 0x80) || (end < n && u[end] >= 0x80) { ascii = false; return }
                    change += closing ? -1 : 1
                    i = end
                    continue
                }
                i += 1
            }
        } ?? { ascii = false }()
        if ascii { return change }
        return occurrences(of: "<pre", in: line) + occurrences(of: "<textarea", in: line)
            - occurrences(of: "</pre", in: line) - occurrences(of: "</textarea", in: line)
    }

    /// How many times `needle` (lower case, ASCII) is in `line` lower-cased, not overlapping.
    static func occurrences(of needle: String, in line: String) -> Int {
        if let count = asciiOccurrences(of: needle, in: line) { return count }
        return line.lowercased().components(separatedBy: needle).count - 1
    }

    /// `occurrences` on bytes, ASCII letters folded to lower case. A match with a non-ASCII byte
    /// on either side gives nil: there a mark could join the match's edge to its neighbour in
    /// one Character, which the Character-level search would not split.
    static func asciiOccurrences(of needle: String, in line: String) -> Int? {
        let n = Array(needle.utf8), bytes = line.utf8
        guard let first = n.first, bytes.count >= n.count else { return 0 }
        var count = 0
        var i = bytes.startIndex
        var previous: UInt8 = 0
        outer: while i < bytes.endIndex {
            let b = bytes[i]
            if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) == first {
                var j = bytes.index(after: i)
                var k = 1
                while k < n.count {
                    guard j < bytes.endIndex else { break outer }
                    let c = bytes[j]
                    if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != n[k] { break }
                    j = bytes.index(after: j)
                    k += 1
                }
                if k == n.count {
                    if previous >= 0x80 || (j < bytes.endIndex && bytes[j] >= 0x80) { return nil }
                    count += 1
                    previous = n[n.count - 1]
                    i = j
                    continue
                }
            }
            previous = b
            i = bytes.index(after: i)
        }
        return count
    }

    /// Whether `line` lower-cased contains `needle` (lower case, ASCII).
    static func containsLowercased(_ line: String, _ needle: String) -> Bool {
        if let count = asciiOccurrences(of: needle, in: line) { return count > 0 }
        return line.lowercased().contains(needle)
    }

    /// Raw HTML that may start with text (an `.html` post): the text up to the first line that
    /// starts an HTML block becomes a paragraph (CommonMark cannot leave text outside one), the
    /// rest is written as HTML blocks. `wrapped` says whether a paragraph had to be made.
    static func blocksAllowingText(_ html: String) -> (text: String, wrapped: Bool) {
        if let b = block(html) { return (b, false) }
        var lines = html.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var parts: [String] = []
        while !lines.isEmpty {
            var para: [String] = []
            while let first = lines.first, blockKind(first[...], interrupting: true) == nil {
                let t = first.trimming(" \t\r")
                if !t.isEmpty { para.append(inline(t)) }
                lines.removeFirst()
            }
            if !para.isEmpty { parts.append(para.joined(separator: "\n")) }
            if lines.isEmpty { break }
            // The longest run of lines from here that CommonMark keeps as HTML.
            var end = lines.count
            while end > 0, block(lines[0..<end].joined(separator: "\n")) == nil { end -= 1 }
            if end == 0 { end = 1 }
            if let b = block(lines[0..<end].joined(separator: "\n")) { parts.append(b) } else { parts.append(inline(lines[0])) }
            lines.removeFirst(end)
        }
        return (parts.joined(separator: "\n\n"), true)
    }

    /// Raw inline HTML with the text between tags escaped, so that CommonMark reads it as the
    /// same characters rather than as Markdown.
    static func inline(_ html: String) -> String {
        let c = Array(protectMarkers(html))
        var out = ""
        var i = 0
        while i < c.count {
            if c[i] == "<" {
                if let end = tagEnd(c, i) { out += String(c[i..<end]); i = end; continue }
                if matches(c, i, "<!--"), let r = String(c[i...]).range(of: "-->") {
                    let s = String(c[i...])
                    let piece = String(s[..<r.upperBound])
                    out += piece
                    i += piece.count
                    continue
                }
            }
            if c[i] == "&" {
                out.append("&")
                i += 1
                continue
            }
            if c[i] == "\n" { out.append(" "); i += 1; continue }
            if "\\*_`[]~|<>!#".contains(c[i]) { out += "\\" + String(c[i]) } else { out.append(c[i]) }
            i += 1
        }
        return out
    }
}
