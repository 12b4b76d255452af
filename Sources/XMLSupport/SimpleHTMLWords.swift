/// The words of a simple HTML fragment, read without building a document: the fast path of
/// `HTMLDocument.wordText(of:)`.
///
/// It accepts only fragments whose libxml2 parse it can predict: well-nested tags from a small
/// set, placed where libxml2 closes nothing implicitly; a few named character references and
/// numeric ones; comments. Anything else (an unknown tag, a stray `<` or `&`, a tag libxml2
/// would close or move, `<script>`, a carriage return) gives nil, and the caller parses the
/// fragment with libxml2. What it returns has libxml2's words in libxml2's order with white space
/// between the same words; only the length of a run of white space may differ.
enum SimpleHTMLWords {
    /// Elements that cannot contain anything (libxml2 closes them at once).
    static let voidElements: Set<String> = ["br", "img", "hr"]
    /// Phrasing elements: no start tag of these closes an open one in libxml2, except `a` in `a`.
    static let inlineElements: Set<String> = [
        "a", "abbr", "b", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s",
        "samp", "small", "span", "strong", "sub", "sup", "u", "var", "br", "img",
    ]
    /// Blocks, allowed only where `blockParents` says (there libxml2 closes nothing for them).
    static let blockElements: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "div", "hr", "pre",
    ]
    /// HTML5 elements libxml2 2.9 does not know: it closes them only at their end tag and lets
    /// them close nothing, so they may stand anywhere and hold anything.
    static let unknownElements: Set<String> = [
        "figure", "figcaption", "section", "article", "aside", "header", "footer", "nav", "main", "details", "summary",
    ]
    /// Where a block may start without libxml2 closing the element it is in ("" is the top level).
    static let blockParents: Set<String> = unknownElements.union(["", "div", "blockquote", "li"])
    /// Named references decoded here (all in libxml2's HTML 4 table); others give nil.
    private static let namedReferences: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "nbsp": "\u{A0}", "hellip": "\u{2026}",
        "mdash": "\u{2014}", "ndash": "\u{2013}", "lsquo": "\u{2018}", "rsquo": "\u{2019}",
        "ldquo": "\u{201C}", "rdquo": "\u{201D}", "laquo": "\u{AB}", "raquo": "\u{BB}",
        "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "times": "\u{D7}", "middot": "\u{B7}",
    ]

    /// The text with a space after every element (as `HTMLDocument.plainText(of:)` walks it), or
    /// nil when the fragment is not simple enough to be sure.
    ///
    /// With `enoughCharacters`, reading may stop once the text holds that many characters that
    /// are certainly whole (an ASCII character other than white space followed by an ASCII
    /// byte: a grapheme break always follows it): the words before them are final.
    static func text(of html: String, enoughCharacters: Int = .max) -> String? {
        var html = html
        return html.withUTF8 { text(ofBytes: $0, enoughCharacters: enoughCharacters) }
    }

    /// Whether `bytes` hold a control character (but tab and line feed; in a tag too), DEL, or
    /// U+FFFE/U+FFFF, which libxml2 refuses or stops at: eight bytes at a time past words with
    /// no byte below 0x20, DEL or 0xEF.
    static func holdsRefusedBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var k = 0
        while k < n {
            if k + 8 <= n {
                let w = UnsafeRawPointer(bytes.baseAddress! + k).loadUnaligned(as: UInt64.self)
                let below = (w &- ones &* 0x20) & ~w & highs
                let del = w ^ (ones &* 0x7F), ef = w ^ (ones &* 0xEF)
                if below | ((del &- ones) & ~del & highs) | ((ef &- ones) & ~ef & highs) == 0 {
                    k += 8
                    continue
                }
            }
            for m in k..<min(k + 8, n) {
                let b = bytes[m]
                if b < 0x20 ? b != 0x09 && b != 0x0A : b == 0x7F { return true }
                if b == 0xEF, m + 2 < n, bytes[m + 1] == 0xBF, bytes[m + 2] >= 0xBE { return true }
            }
            k += 8
        }
        return false
    }

    private static func text(ofBytes bytes: UnsafeBufferPointer<UInt8>, enoughCharacters: Int) -> String? {
        guard !holdsRefusedBytes(bytes) else { return nil }
        var out: [UInt8] = [0x20]  // the <head> plainText walks first
        out.reserveCapacity(min(bytes.count, enoughCharacters < .max / 8 ? 8 * enoughCharacters : .max) + 16)
        var open: [String] = []
        var i = 0
        let n = bytes.count
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A }  // libxml2's blanks, less CR
        var wholeCharacters = 0
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "<") {
                guard i + 1 < n else { return nil }
                if bytes[i + 1] == UInt8(ascii: "!") {
                    guard let end = plainCommentEnd(bytes, at: i) else { return nil }
                    i = end
                    continue
                }
                let closing = bytes[i + 1] == UInt8(ascii: "/")
                var j = closing ? i + 2 : i + 1
                guard j < n, isLetter(bytes[j]) else { return nil }
                let nameStart = j
                while j < n, isLetter(bytes[j]) || (bytes[j] >= 0x30 && bytes[j] <= 0x39) { j += 1 }
                let name = String(decoding: bytes[nameStart..<j], as: UTF8.self).lowercased()
                // Attributes: names, then optionally `=` and a quoted or bare value; up to `>`.
                var selfClosing = false
                while true {
                    while j < n, isSpace(bytes[j]) { j += 1 }
                    guard j < n else { return nil }
                    if bytes[j] == UInt8(ascii: ">") { j += 1; break }
                    if bytes[j] == UInt8(ascii: "/"), j + 1 < n, bytes[j + 1] == UInt8(ascii: ">") {
                        selfClosing = true
                        j += 2
                        break
                    }
                    guard !closing else { return nil }
                    let attributeStart = j
                    while j < n, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: "="), bytes[j] != UInt8(ascii: ">"),
                          bytes[j] != UInt8(ascii: "/"), bytes[j] != UInt8(ascii: "<"), bytes[j] != 0x22, bytes[j] != 0x27 { j += 1 }
                    guard j > attributeStart else { return nil }
                    while j < n, isSpace(bytes[j]) { j += 1 }
                    guard j < n, bytes[j] == UInt8(ascii: "=") else { continue }
                    j += 1
                    while j < n, isSpace(bytes[j]) { j += 1 }
                    guard j < n else { return nil }
                    if bytes[j] == 0x22 || bytes[j] == 0x27 {
                        let quote = bytes[j]
                        j += 1
                        while j < n, bytes[j] != quote { j += 1 }
                        guard j < n else { return nil }
                        j += 1
                    } else {
                        let valueStart = j
                        while j < n, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">") {
                            guard bytes[j] != UInt8(ascii: "<"), bytes[j] != 0x22, bytes[j] != 0x27, bytes[j] != 0x60,
                                  bytes[j] != UInt8(ascii: "=") else { return nil }
                            j += 1
                        }
                        guard j > valueStart else { return nil }
                    }
                }
                if closing {
                    guard !selfClosing, open.last == name else { return nil }
                    open.removeLast()
                    out.append(0x20)
                } else {
                    let parent = open.last ?? ""
                    if blockElements.contains(name) {
                        if name == "li" {
                            guard parent == "ul" || parent == "ol" else { return nil }
                        } else {
                            guard blockParents.contains(parent) else { return nil }
                        }
                    } else if inlineElements.contains(name) || unknownElements.contains(name) {
                        guard parent != "ul", parent != "ol", !(name == "a" && parent == "a") else { return nil }
                    } else {
                        return nil
                    }
                    // Whether libxml2 keeps the new line that starts a `<pre>` matters only
                    // where nothing else separates the words around it.
                    if name == "pre", j < n, isSpace(bytes[j]), let last = out.last, !isSpace(last) { return nil }
                    if voidElements.contains(name) || selfClosing {
                        out.append(0x20)
                    } else {
                        open.append(name)
                    }
                }
                i = j
                continue
            }
            // Text up to the next tag.
            let start = i
            var onlySpace = true
            var decoded: [UInt8] = []
            // Where the text after the last reference starts in `decoded` (libxml2 hands text
            // over in pieces, split at references and every 1,000 bytes), and whether it is
            // white space only so far.
            var pieceStart = 0, pieceOnlySpace = true
            while i < n, bytes[i] != UInt8(ascii: "<") {
                let c = bytes[i]
                if c == UInt8(ascii: "&") {
                    guard let (scalar, end) = reference(bytes, at: i) else { return nil }
                    decoded += scalar.utf8
                    onlySpace = false
                    pieceStart = decoded.count
                    pieceOnlySpace = true
                    i = end
                    continue
                }
                guard c >= 0x20 || c == 0x09 || c == 0x0A else { return nil }  // CR, NUL, controls
                if !isSpace(c) { onlySpace = false; pieceOnlySpace = false }
                if c < 0x80, let previous = decoded.last ?? out.last, previous < 0x80, !isSpace(previous) {
                    wholeCharacters += 1
                }
                decoded.append(c)
                i += 1
                if wholeCharacters >= enoughCharacters, c < 0x80, !isSpace(c) {
                    // Enough, and `c` (a whole scalar) belongs to no piece of white space only:
                    // nothing after it changes the words before it.
                    return String(decoding: out + decoded, as: UTF8.self)
                }
            }
            guard i > start else { continue }
            let parent = open.last ?? ""
            if onlySpace {
                // libxml2 keeps or drops white space between tags by context; it matters only
                // where nothing else separates the words around it.
                if let last = out.last, !isSpace(last) { return nil }
            } else if parent == "ul" || parent == "ol" {
                return nil
            } else if decoded.count > pieceStart, pieceOnlySpace || (decoded.count - pieceStart >= 512 && isSpace(decoded[decoded.count - 1])) {
                // A last piece of white space only may be dropped as above.
                return nil
            }
            out += decoded
        }
        guard open.isEmpty else { return nil }
        out.append(0x20)  // the <body>
        return String(decoding: out, as: UTF8.self)
    }

    /// The index after a plain comment starting at `i` (`<!--`, text without `--`, `-->`), or
    /// nil for anything else that starts with `<!`.
    static func plainCommentEnd<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at i: Int) -> Int? where Bytes.Index == Int {
        let n = bytes.count
        guard i + 4 < n, bytes[i + 2] == 0x2D, bytes[i + 3] == 0x2D, bytes[i + 4] != UInt8(ascii: ">"),
              !(bytes[i + 4] == 0x2D && i + 5 < n && bytes[i + 5] == UInt8(ascii: ">")) else { return nil }
        var j = i + 4
        while j + 1 < n, !(bytes[j] == 0x2D && bytes[j + 1] == 0x2D) { j += 1 }
        guard j + 2 < n, bytes[j + 2] == UInt8(ascii: ">") else { return nil }
        return j + 3
    }

    /// The character a reference at `i` stands for and the index after it, or nil when it is
    /// not one this reader is sure libxml2 decodes the same way.
    static func reference<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at i: Int) -> (String, Int)? where Bytes.Index == Int {
        var j = i + 1
        guard j < bytes.count else { return nil }
        if bytes[j] == UInt8(ascii: "#") {
            j += 1
            let hex = j < bytes.count && (bytes[j] | 0x20) == UInt8(ascii: "x")
            if hex { j += 1 }
            let digitsStart = j
            var value = 0
            while j < bytes.count, j - digitsStart < 7 {
                let c = bytes[j]
                let digit: Int
                if c >= 0x30 && c <= 0x39 { digit = Int(c - 0x30) }
                else if hex, (c | 0x20) >= 0x61, (c | 0x20) <= 0x66 { digit = Int((c | 0x20) - 0x61 + 10) }
                else { break }
                value = value * (hex ? 16 : 10) + digit
                j += 1
            }
            guard j > digitsStart, j < bytes.count, bytes[j] == UInt8(ascii: ";") else { return nil }
            guard (value >= 0x20 && value < 0x7F) || (value >= 0xA0 && value < 0xD800) || (value >= 0xE000 && value <= 0xFFFD)
                    || (value >= 0x10000 && value <= 0x10FFFF),
                  let scalar = Unicode.Scalar(value) else { return nil }
            return (String(Character(scalar)), j + 1)
        }
        let nameStart = j
        while j < bytes.count, j - nameStart < 8, (bytes[j] | 0x20) >= 0x61, (bytes[j] | 0x20) <= 0x7A { j += 1 }
        guard j > nameStart, j < bytes.count, bytes[j] == UInt8(ascii: ";"),
              let text = namedReferences[String(decoding: bytes[nameStart..<j], as: UTF8.self)] else { return nil }
        return (text, j + 1)
    }
}
