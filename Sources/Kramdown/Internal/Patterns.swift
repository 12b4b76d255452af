/// Hand-written matchers for kramdown's block-level regular expressions.
///
/// Each takes the bytes and a position and returns the end of the match (or nil), following the
/// Ruby regex it is named after; captures are returned where kramdown reads them.
enum Pat {
    static let spanElements: Set<String> = [
        "a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del", "dfn", "em", "i", "img",
        "input", "ins", "kbd", "label", "mark", "option", "q", "rb", "rbc", "rp", "rt", "rtc", "ruby", "samp",
        "select", "small", "span", "strong", "sub", "sup", "tt", "u", "var",
    ]
    static let lazyEndSpanElements: Set<String> = spanElements.union(["script"])
    static let blockElements: Set<String> = [
        "address", "article", "aside", "applet", "body", "blockquote", "caption", "col", "colgroup", "dd", "div",
        "dl", "dt", "fieldset", "figcaption", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "head", "iframe", "legend", "menu", "li", "main", "map", "nav", "ol", "optgroup",
        "p", "pre", "section", "summary", "table", "tbody", "td", "th", "thead", "tfoot", "tr", "ul",
    ]
    static let elementsWithoutBody: Set<String> = [
        "area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
        "source", "track", "wbr",
    ]
    static let contentModelBlock: Set<String> = [
        "address", "applet", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "fieldset",
        "figure", "figcaption", "footer", "form", "header", "hgroup", "iframe", "li", "main", "map", "menu", "nav",
        "noscript", "object", "section", "summary", "td",
    ]
    static let contentModelSpan: Set<String> = [
        "a", "abbr", "acronym", "b", "bdo", "big", "button", "cite", "caption", "del", "dfn", "dt", "em", "h1", "h2",
        "h3", "h4", "h5", "h6", "i", "ins", "label", "legend", "optgroup", "p", "q", "rb", "rbc", "rp", "rt", "rtc",
        "ruby", "select", "small", "span", "strong", "sub", "sup", "th", "tt",
    ]
    static let contentModelRaw: Set<String> = ["script", "style", "math", "option", "textarea", "pre", "code", "kbd", "samp", "var"]
    static let knownElements: Set<String> = spanElements.union(blockElements).union(elementsWithoutBody)
        .union(contentModelBlock).union(contentModelSpan).union(contentModelRaw)

    /// `HTML_CONTENT_MODEL[name]` (unknown names are raw).
    static func contentModel(_ name: String) -> ContentModel {
        if contentModelBlock.contains(name) { return .block }
        if contentModelSpan.contains(name) { return .span }
        return .raw
    }

    // MARK: - Block structure

    /// `BLANK_LINE` = `(?>^\s*\n)+` at a line start: the end after the last newline of the white-space run.
    static func blankLine(_ s: [UInt8], _ p: Int) -> Int? {
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        var i = p
        var last: Int? = nil
        while i < s.count && Chars.isSpace(s[i]) {
            if s[i] == 10 { last = i + 1 }
            i += 1
        }
        return last
    }

    /// `EOB_MARKER` = `^\^\s*?\n`.
    static func eobMarker(_ s: [UInt8], _ p: Int) -> Int? {
        guard s.at(p) == UInt8(ascii: "^") else { return nil }
        return s.spaceThenNewline(p + 1)
    }

    /// The end of `ALD_ANY_CHARS+` followed by `}` and then `tail`, from `p` (the first content byte).
    /// Tries the first unescaped `}` and then, as the regex backtracks, earlier escaped ones.
    static func braceContent(_ s: [UInt8], _ p: Int, minLength: Int = 1, tail: (Int) -> Int?) -> (close: Int, end: Int)? {
        var i = p
        var escaped: [Int] = []
        while i < s.count {
            let c = s[i]
            if c == UInt8(ascii: "\\") && s.at(i + 1) == UInt8(ascii: "}") {
                escaped.append(i + 1)
                i += 2
                continue
            }
            if c == UInt8(ascii: "}") { break }
            i += 1
        }
        var candidates: [Int] = []
        if i < s.count { candidates.append(i) }
        candidates.append(contentsOf: escaped.reversed())
        for c in candidates where c - p >= minLength {
            if let e = tail(c + 1) { return (c, e) }
        }
        return nil
    }

    /// `IAL_BLOCK` = `\{:(?!:|\/)(ALD_ANY_CHARS+)\}\s*?\n` at `p`; returns (content, end).
    static func ialBlock(_ s: [UInt8], _ p: Int) -> (Range<Int>, Int)? {
        guard s.has("{:", at: p) else { return nil }
        let c = s.at(p + 2)
        if c == UInt8(ascii: ":") || c == UInt8(ascii: "/") { return nil }
        guard let m = braceContent(s, p + 2, tail: { s.spaceThenNewline($0) }) else { return nil }
        return ((p + 2)..<m.close, m.end)
    }

    /// `IAL_BLOCK_START` = `^ {0,3}IAL_BLOCK`.
    static func ialBlockStart(_ s: [UInt8], _ p: Int) -> (Range<Int>, Int)? {
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        return ialBlock(s, s.skipSpaces(p, max: 3))
    }

    /// The word (ASCII `\w` run) at `p`.
    static func wordRun(_ s: [UInt8], _ p: Int) -> String {
        var j = p
        while j < s.count && Chars.isWord(s[j]) { j += 1 }
        return s[p..<j].string
    }

    /// `LAZY_END_HTML_START` = `<(?>(?!(?:span elements|script)\b)UNAME_STR)` at `p`.
    static func lazyEndHTMLStart(_ s: [UInt8], _ p: Int) -> Bool {
        guard s.at(p) == UInt8(ascii: "<") else { return false }
        if lazyEndSpanElements.contains(wordRun(s, p + 1)) { return false }
        return Chars.matchUName(s, p + 1) != nil
    }

    /// `LAZY_END_HTML_STOP` = `<\/(?!(?:span elements|script)\b)UNAME_STR\s*>` at `p`.
    static func lazyEndHTMLStop(_ s: [UInt8], _ p: Int) -> Bool {
        guard s.has("</", at: p) else { return false }
        if lazyEndSpanElements.contains(wordRun(s, p + 2)) { return false }
        guard var e = Chars.matchUName(s, p + 2) else { return false }
        while e < s.count && Chars.isSpace(s[e]) { e += 1 }
        return s.at(e) == UInt8(ascii: ">")
    }

    /// `LAZY_END`.
    static func lazyEnd(_ sc: Scanner, _ p: Int) -> Bool {
        let s = sc.s
        if blankLine(s, p) != nil || ialBlockStart(s, p) != nil || eobMarker(s, p) != nil { return true }
        do {
            let q = s.skipSpaces(p, max: 3)
            if lazyEndHTMLStop(s, q) || lazyEndHTMLStart(s, q) { return true }
        }
        return sc.isEndZ(p)
    }

    /// `PATTERN_TAIL` = `[\t| ].*?\n` at `p`; returns the end.
    static func patternTail(_ s: [UInt8], _ p: Int) -> Int? {
        let c = s.at(p)
        guard c == 9 || c == 32 || c == UInt8(ascii: "|") else { return nil }
        let e = s.lineEnd(p + 1)
        return e < s.count ? e + 1 : nil
    }

    /// `LIST_START_UL` with `maxIndent` leading spaces: (marker end, match end).
    static func listStartUL(_ s: [UInt8], _ p: Int, maxIndent: Int = 3) -> (Int, Int)? {
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        let q = s.skipSpaces(p, max: maxIndent)
        let c = s.at(q)
        guard c == UInt8(ascii: "+") || c == UInt8(ascii: "*") || c == UInt8(ascii: "-") else { return nil }
        guard let e = patternTail(s, q + 1) else { return nil }
        return (q + 1, e)
    }

    /// `LIST_START_OL` with `maxIndent` leading spaces.
    static func listStartOL(_ s: [UInt8], _ p: Int, maxIndent: Int = 3) -> (Int, Int)? {
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        let q = s.skipSpaces(p, max: maxIndent)
        var j = q
        while j < s.count && Chars.isDigit(s[j]) { j += 1 }
        guard j > q, s.at(j) == UInt8(ascii: ".") else { return nil }
        guard let e = patternTail(s, j + 1) else { return nil }
        return (j + 1, e)
    }

    /// `DEFINITION_LIST_START` with `maxIndent` leading spaces.
    static func defStart(_ s: [UInt8], _ p: Int, maxIndent: Int = 3) -> (Int, Int)? {
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        let q = s.skipSpaces(p, max: maxIndent)
        guard s.at(q) == UInt8(ascii: ":") else { return nil }
        guard let e = patternTail(s, q + 1) else { return nil }
        return (q + 1, e)
    }

    /// `LIST_START`.
    static func listStart(_ s: [UInt8], _ p: Int) -> Bool { listStartUL(s, p) != nil || listStartOL(s, p) != nil }

    /// `HR_START`.
    static func hrStart(_ s: [UInt8], _ p: Int) -> Int? {
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        let q = s.skipSpaces(p, max: 3)
        let c = s.at(q)
        guard c == UInt8(ascii: "*") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") else { return nil }
        var n = 0
        var i = q
        while i < s.count && s[i] != 10 {
            if s[i] == c { n += 1 } else if !Chars.isBlank(s[i]) { return nil }
            i += 1
        }
        guard n >= 3, i < s.count else { return nil }
        return i + 1
    }

    /// GFM's `ATX_HEADER_START` = `^(\#{1,6})[\t ]+(.*)\n`: (level, contents range, end).
    static func atxGFM(_ s: [UInt8], _ p: Int) -> (Int, Range<Int>, Int)? {
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        var j = p
        while j < s.count && s[j] == UInt8(ascii: "#") && j - p < 6 { j += 1 }
        let level = j - p
        guard level >= 1, Chars.isBlank(s.at(j)) else { return nil }
        let c = s.skipBlanks(j)
        let e = s.lineEnd(c)
        guard e < s.count else { return nil }
        return (level, c..<e, e + 1)
    }

    /// kramdown's `ATX_HEADER_START` = `^(\#{1,6})[\t ]*([^ \t].*)\n`.
    static func atxKramdown(_ s: [UInt8], _ p: Int) -> (Int, Range<Int>, Int)? {
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        var j = p
        while j < s.count && s[j] == UInt8(ascii: "#") && j - p < 6 { j += 1 }
        let level = j - p
        guard level >= 1 else { return nil }
        let c = s.skipBlanks(j)
        guard c < s.count else { return nil }
        if s[c] == 10 {
            let e = s.lineEnd(c + 1)
            guard e < s.count else { return nil }
            return (level, c..<e, e + 1)
        }
        let e = s.lineEnd(c)
        guard e < s.count else { return nil }
        return (level, c..<e, e + 1)
    }

    /// `FENCED_CODEBLOCK_START`: GFM `^[ ]{0,3}[~`]{3,}`, kramdown `^~{3,}`.
    static func fenceStart(_ s: [UInt8], _ p: Int, gfm: Bool) -> Bool {
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        let q = gfm ? s.skipSpaces(p, max: 3) : p
        var j = q
        while j < s.count && (s[j] == UInt8(ascii: "~") || (gfm && s[j] == UInt8(ascii: "`"))) { j += 1 }
        return j - q >= 3
    }

    /// `BLOCKQUOTE_START` = `^ {0,3}> ?`: the end.
    static func blockquoteStart(_ s: [UInt8], _ p: Int) -> Int? {
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        let q = s.skipSpaces(p, max: 3)
        guard s.at(q) == UInt8(ascii: ">") else { return nil }
        return s.at(q + 1) == 32 ? q + 2 : q + 1
    }

    /// `TABLE_PIPE_CHECK` + `.*?\n` at `p` (`TABLE_LINE`).
    static func tableLine(_ s: [UInt8], _ p: Int) -> Bool {
        let e = s.lineEnd(p)
        guard e < s.count else { return false }
        if s.at(p) == UInt8(ascii: "|") { return true }
        // Called at every block start: the line read without bounds checks (p < e < count).
        return s.withUnsafeBufferPointer { b in
            var i = p + 1
            while i < e {
                if b[i] == UInt8(ascii: "|") && b[i - 1] != UInt8(ascii: "\\") { return true }
                i += 1
            }
            return false
        }
    }

    /// `TABLE_PIPE_CHECK` anchored at the start of a one-line string.
    static func pipeCheck(_ s: [UInt8]) -> Bool {
        if s.first == UInt8(ascii: "|") { return true }
        var i = 1
        while i < s.count {
            if s[i] == 10 { return false }
            if s[i] == UInt8(ascii: "|") && s[i - 1] != UInt8(ascii: "\\") && s[i - 1] != 10 { return true }
            i += 1
        }
        return false
    }

    /// `TABLE_SEP_LINE` / `TABLE_FSEP_LINE` (`mark` is `-` or `=`): (group 1 end, match end).
    static func tableSepLine(_ s: [UInt8], _ p: Int, mark: UInt8) -> (Int, Int)? {
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        let e = s.lineEnd(p)
        guard e < s.count else { return nil }
        var has = false
        for i in p..<e {
            let c = s[i]
            if c == mark { has = true; continue }
            if c == UInt8(ascii: "+") || c == UInt8(ascii: "|") || c == UInt8(ascii: ":") || Chars.isBlank(c) { continue }
            return nil
        }
        guard has else { return nil }
        var g = e
        while g > p && Chars.isBlank(s[g - 1]) { g -= 1 }
        return (g, e + 1)
    }
}
