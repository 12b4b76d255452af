/// CommonMark escaping: text that must stay text, code spans, link destinations and titles.
///
/// The rule everywhere: write the character itself where CommonMark (with GFM tables,
/// strikethrough and footnotes) cannot read it as syntax, and escape it where it could.
enum MarkdownText {
    /// ASCII punctuation, the characters a backslash can escape in CommonMark.
    static func isASCIIPunctuation(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return (33...47).contains(a) || (58...64).contains(a) || (91...96).contains(a) || (123...126).contains(a)
    }

    /// Unicode white space as CommonMark's flanking rules see it (nil, the edge of the line, counts).
    static func isWhitespace(_ c: Character?) -> Bool {
        guard let c else { return true }
        return c.isWhitespace
    }

    /// Punctuation as CommonMark's flanking rules see it (ASCII punctuation and Unicode P and S).
    static func isPunctuation(_ c: Character?) -> Bool {
        guard let c else { return false }
        if isASCIIPunctuation(c) { return true }
        return c.isPunctuation || c.isSymbol
    }

    /// Whether `&…;` starting at `i` would be read as an entity or numeric character reference.
    static func looksLikeEntity(_ chars: [Character], _ i: Int) -> Bool {
        var j = i + 1
        var n = 0
        while j < chars.count, n <= 32 {
            let c = chars[j]
            if c == ";" { return n > 0 }
            if !(c.isASCII && (c.isLetter || c.isNumber || c == "#")) { return false }
            j += 1
            n += 1
        }
        return false
    }

    /// Escapes a run of text for inline content. `atLineStart` says whether the text begins a
    /// line, where block syntax (`#`, `>`, `-`, `1.`, `=`) must be neutralised too. `|` is always
    /// escaped, so the text is safe in a GFM table cell.
    static func escapeText(_ s: String, atLineStart: Bool) -> String {
        if needsNoEscape(s, atLineStart: atLineStart) { return s }
        return escapeASCIIText(s, atLineStart: atLineStart) ?? escapeCharacters(s, atLineStart: atLineStart)
    }

    /// Whether `escapeText` gives the text back as it is, read on bytes: no byte any rule looks
    /// at (a line feed, or one of \ * ` [ ] ~ | _ < & { !), and at a line's start no first byte that could
    /// start a block (`#>=+-`, a digit, a blank). Every rule is about ASCII characters, and a
    /// Character holding none of those bytes is none of them (most text in a post: it comes
    /// back without being copied).
    static func needsNoEscape(_ s: String, atLineStart: Bool) -> Bool {
        var s = s
        return s.withUTF8 { u in
            if atLineStart, let first = u.first {
                switch first {
                case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"), 32, 9:
                    return false
                default:
                    break
                }
            }
            return escapeASCIISpecial.withUnsafeBufferPointer { special in
                for b in u where special[Int(b)] { return false }
                return true
            }
        }
    }

    /// `escapeText` character by character (any text).
    static func escapeCharacters(_ s: String, atLineStart: Bool) -> String {
        let chars = Array(s)
        var out = ""
        var lineStart = atLineStart
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\n" {
                // A soft line break: trailing spaces before it would make a hard break.
                while out.last == " " || out.last == "\t" { out.removeLast() }
                out.append("\n")
                lineStart = true
                i += 1
                // Leading white space on a continuation line is not content.
                while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 }
                continue
            }
            if lineStart {
                lineStart = false
                if let escaped = escapeLineStart(chars, i) {
                    out += escaped.text
                    i = escaped.next
                    continue
                }
            }
            let prev: Character? = i > 0 ? chars[i - 1] : nil
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "\\", "*", "`", "[", "]", "~", "|":
                out += "\\" + String(c)
            case "_":
                // Inside a word `_` cannot open or close emphasis; elsewhere it might.
                if let p = prev, let n = next, p.isLetter || p.isNumber, n.isLetter || n.isNumber {
                    out.append(c)
                } else {
                    out += "\\_"
                }
            case "<":
                if let n = next, n.isLetter || n == "/" || n == "!" || n == "?" { out += "\\<" } else { out.append(c) }
            case "&":
                if looksLikeEntity(chars, i) { out += "\\&" } else { out.append(c) }
            case "{":
                // Keep Liquid and kramdown markers (`{{`, `{%`, `{:`) out of the output.
                // (`\{{` would still contain `{{` for Liquid to find; the reference does not.)
                if next == "{" || next == "%" || next == ":" { out += "&#123;" } else { out.append(c) }
            case "!":
                if next == "[" { out += "\\!" } else { out.append(c) }
            default:
                out.append(c)
            }
            i += 1
        }
        return out
    }

    /// The bytes `escapeASCIIText` looks at (a new line, and every byte its `switch` has a case
    /// for); all others are copied as they are.
    private static let escapeASCIISpecial: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in "\n\\*`[]~|_<&{!".utf8 { table[Int(b)] = true }
        return table
    }()

    /// `escapeText` on bytes, for text where bytes and Characters give the same result (most
    /// text: see `bytesActAsCharacters`): the same rules, without breaking the text into
    /// characters. Nil for other text.
    static func escapeASCIIText(_ text: String, atLineStart: Bool) -> String? {
        var text = text
        return text.withUTF8 { u -> String? in
            guard bytesActAsCharacters(u) else { return nil }
            func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
            func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
            var out: [UInt8] = []
            out.reserveCapacity(u.count + 16)
            var lineStart = atLineStart
            var i = 0
            let n = u.count
            let special = escapeASCIISpecial
            while i < n {
                let c = u[i]
                if c == 10 {
                    // A soft line break: trailing spaces before it would make a hard break.
                    while let last = out.last, last == 32 || last == 9 { out.removeLast() }
                    out.append(10)
                    lineStart = true
                    i += 1
                    // Leading white space on a continuation line is not content.
                    while i < n, u[i] == 32 || u[i] == 9 { i += 1 }
                    continue
                }
                if lineStart {
                    lineStart = false
                    if let next = escapeASCIILineStart(u, i, into: &out) {
                        i = next
                        continue
                    }
                }
                if !special[Int(c)] {
                    // A run of bytes written as they are, copied at once.
                    var j = i + 1
                    while j < n, !special[Int(u[j])] { j += 1 }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: u[i..<j]))
                    i = j
                    continue
                }
                let next: UInt8? = i + 1 < n ? u[i + 1] : nil
                switch c {
                case UInt8(ascii: "\\"), UInt8(ascii: "*"), UInt8(ascii: "`"), UInt8(ascii: "["), UInt8(ascii: "]"),
                     UInt8(ascii: "~"), UInt8(ascii: "|"):
                    out.append(92)
                    out.append(c)
                case UInt8(ascii: "_"):
                    // Inside a word `_` cannot open or close emphasis; elsewhere it might.
                    if i > 0, let n = next, isLetter(u[i - 1]) || isDigit(u[i - 1]), isLetter(n) || isDigit(n) {
                        out.append(c)
                    } else {
                        out.append(92)
                        out.append(c)
                    }
                case UInt8(ascii: "<"):
                    if let n = next, isLetter(n) || n == UInt8(ascii: "/") || n == UInt8(ascii: "!") || n == UInt8(ascii: "?") { out.append(92) }
                    out.append(c)
                case UInt8(ascii: "&"):
                    var j = i + 1
                    var count = 0
                    var entity = false
                    while j < n, count <= 32 {
                        let e = u[j]
                        if e == UInt8(ascii: ";") {
                            entity = count > 0
                            break
                        }
                        if !(isLetter(e) || isDigit(e) || e == UInt8(ascii: "#")) { break }
                        j += 1
                        count += 1
                    }
                    if entity { out.append(92) }
                    out.append(c)
                case UInt8(ascii: "{"):
                    // Keep Liquid and kramdown markers (`{{`, `{%`, `{:`) out of the output.
                    if next == UInt8(ascii: "{") || next == UInt8(ascii: "%") || next == UInt8(ascii: ":") {
                        out.append(contentsOf: "&#123;".utf8)
                    } else {
                        out.append(c)
                    }
                case UInt8(ascii: "!"):
                    if next == UInt8(ascii: "[") { out.append(92) }
                    out.append(c)
                default:
                    out.append(c)
                }
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Whether the byte rules give what the Character rules give: no carriage return (`\r\n` is
    /// one Character), no `_` or `<` beside a non-ASCII character (the Character rules ask
    /// whether that neighbour is a letter), and every non-ASCII character beside an ASCII one
    /// is one that stands alone (never a combining mark or joiner that would make one
    /// Character with the ASCII one): Latin, Greek, Cyrillic, general punctuation (quotes,
    /// dashes), symbols, CJK and Hangul. The rules only ever look at ASCII characters.
    static func bytesActAsCharacters(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = u.count
        var i = 0
        while i < n {
            let b = u[i]
            if b == 13 { return false }
            if b < 0x80 {
                i += 1
                continue
            }
            let start = i
            while i < n, u[i] >= 0x80 { i += 1 }
            if start > 0 {
                let before = u[start - 1]
                if before == UInt8(ascii: "_") || before == UInt8(ascii: "<") { return false }
                guard standsAlone(scalarStarting(at: start, in: u)) else { return false }
            }
            if i < n {
                if u[i] == UInt8(ascii: "_") { return false }
                var lead = i - 1
                while lead > start, u[lead] & 0xC0 == 0x80 { lead -= 1 }
                guard standsAlone(scalarStarting(at: lead, in: u)) else { return false }
            }
        }
        return true
    }

    /// The scalar whose UTF-8 starts at `i` (valid UTF-8: the text is a String).
    private static func scalarStarting(at i: Int, in u: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let b = UInt32(u[i])
        if b < 0x80 { return b }
        if b < 0xE0 { return (b & 0x1F) << 6 | UInt32(u[i + 1] & 0x3F) }
        if b < 0xF0 { return (b & 0x0F) << 12 | UInt32(u[i + 1] & 0x3F) << 6 | UInt32(u[i + 2] & 0x3F) }
        return (b & 0x07) << 18 | UInt32(u[i + 1] & 0x3F) << 12 | UInt32(u[i + 2] & 0x3F) << 6 | UInt32(u[i + 3] & 0x3F)
    }

    /// Non-ASCII characters that never join an ASCII neighbour in one Character (no combining
    /// marks, joiners, variation selectors or prepended marks in these ranges).
    private static func standsAlone(_ v: UInt32) -> Bool {
        switch v {
        case 0x00A0...0x02FF, 0x0370...0x0482, 0x048A...0x052F, 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20C0,
             0x2100...0x2BFF, 0x3001...0x3029, 0x3030...0x303F, 0x3041...0x3096, 0x30A0...0x30FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFF9D:
            return true
        default:
            return false
        }
    }

    /// `escapeLineStart` on ASCII bytes: appends the escaped start and returns where to go on,
    /// or nil (nothing appended) when nothing needs it.
    private static func escapeASCIILineStart(_ u: UnsafeBufferPointer<UInt8>, _ i: Int, into out: inout [UInt8]) -> Int? {
        let c = u[i]
        switch c {
        case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"):
            out.append(92)
            out.append(c)
            return i + 1
        case 32, 9:
            var j = i
            while j < u.count, u[j] == 32 || u[j] == 9 { j += 1 }
            if j < u.count, let next = escapeASCIILineStart(u, j, into: &out) { return next }
            return j
        default:
            guard c >= 48, c <= 57 else { return nil }
            var j = i
            while j < u.count, u[j] >= 48, u[j] <= 57 { j += 1 }
            guard j < u.count, u[j] == UInt8(ascii: ".") || u[j] == UInt8(ascii: ")"), j - i <= 9 else { return nil }
            out.append(contentsOf: u[i..<j])
            out.append(92)
            out.append(u[j])
            return j + 1
        }
    }

    /// Escapes what would start a block at the beginning of a line; nil when nothing needs it.
    static func escapeLineStart(_ chars: [Character], _ i: Int) -> (text: String, next: Int)? {
        let c = chars[i]
        let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
        switch c {
        case "#", ">", "=", "+", "-":
            return ("\\" + String(c), i + 1)
        case " ", "\t":
            var j = i
            while j < chars.count, chars[j] == " " || chars[j] == "\t" { j += 1 }
            if j < chars.count, let rest = escapeLineStart(chars, j) { return (rest.text, rest.next) }
            return ("", j)
        default:
            if c.isASCII, c.isNumber {
                var j = i
                while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                if j < chars.count, chars[j] == "." || chars[j] == ")", j - i <= 9 {
                    return (String(chars[i..<j]) + "\\" + String(chars[j]), j + 1)
                }
            }
            _ = next
            return nil
        }
    }

    /// A code span for `code`: a backtick fence longer than any run inside, padded when needed.
    static func codeSpan(_ code: String, inTable: Bool) -> String {
        var text = code.newlinesAsSpaces(crlf: true)
        if inTable { text = text.escapingPipes() }
        var longest = 0
        var run = 0
        for c in text {
            if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        let fence = String(repeating: "`", count: longest + 1)
        let needsPad = text.hasPrefix("`") || text.hasSuffix("`")
            || (text.hasPrefix(" ") && text.hasSuffix(" ") && text.contains { $0 != " " })
        return needsPad ? "\(fence) \(text) \(fence)" : "\(fence)\(text)\(fence)"
    }

    /// A link destination: bare when it can be, else in `<…>`.
    static func destination(_ url: String) -> String {
        if plainASCIIDestination(url) { return url }
        var bare = ""
        var depth = 0
        var balanced = true
        let chars = Array(url)
        for (i, c) in chars.enumerated() {
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1; if depth < 0 { balanced = false } }
            if c == "\\" || (c == "&" && looksLikeEntity(chars, i)) || (c == "\\") {
                bare += "\\" + String(c)
            } else {
                bare.append(c)
            }
        }
        let plain = !url.isEmpty && balanced && depth == 0
            && !url.contains { $0 == " " || $0 == "<" || $0 == ">" || $0.isNewline || ($0.asciiValue.map { $0 < 32 || $0 == 127 } ?? false) }
        if plain { return bare }
        var angled = ""
        for (i, c) in chars.enumerated() {
            switch c {
            case "<", ">", "\\": angled += "\\" + String(c)
            case "\n": angled += "%0A"
            case "\r": angled += "%0D"
            case "&": angled += looksLikeEntity(chars, i) ? "\\&" : "&"
            default: angled.append(c)
            }
        }
        return "<\(angled)>"
    }

    /// Whether `destination` leaves `url` as it is, decided on bytes for the usual link: printable
    /// ASCII with nothing to escape (`\\`, `&`) and nothing that needs `<…>` (space, `<`, `>`,
    /// unbalanced parentheses).
    static func plainASCIIDestination(_ url: String) -> Bool {
        guard !url.isEmpty else { return false }
        var depth = 0
        for b in url.utf8 {
            switch b {
            case 0x21...0x7E where b != UInt8(ascii: "\\") && b != UInt8(ascii: "&") && b != UInt8(ascii: "<") && b != UInt8(ascii: ">"):
                if b == UInt8(ascii: "(") { depth += 1 }
                if b == UInt8(ascii: ")") {
                    depth -= 1
                    if depth < 0 { return false }
                }
            default:
                return false
            }
        }
        return depth == 0
    }

    /// A link title in double quotes.
    static func title(_ t: String) -> String {
        let chars = Array(t)
        var out = "\""
        for (i, c) in chars.enumerated() {
            switch c {
            case "\"", "\\": out += "\\" + String(c)
            case "&": out += looksLikeEntity(chars, i) ? "\\&" : "&"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
