/// HTML tags in kramdown text (`parser/html.rb` and `parser/kramdown/html.rb`).
extension Parser {
    struct TagMatch {
        var name: String
        var attrs: [(String, String)]
        var closed: Bool
        var end: Int
    }

    /// `HTML_TAG_RE` at `p`.
    static func htmlTag(_ s: [UInt8], _ p: Int) -> TagMatch? {
        guard s.at(p) == UInt8(ascii: "<"), let ne = Chars.matchUName(s, p + 1) else { return nil }
        var attrs: [(String, String)] = []
        var j = ne
        while true {
            var w = j
            while w < s.count && Chars.isSpace(s[w]) { w += 1 }
            guard w > j, let an = Chars.matchUName(s, w) else { break }
            let name = s[w..<an].string
            var k = an
            while k < s.count && Chars.isSpace(s[k]) { k += 1 }
            var value = ""
            var next = an
            if s.at(k) == UInt8(ascii: "=") {
                k += 1
                while k < s.count && Chars.isSpace(s[k]) { k += 1 }
                let c = s.at(k)
                if c == 34 || c == 39 {
                    var q = k + 1
                    while q < s.count && s[q] != c { q += 1 }
                    if q < s.count {
                        value = s[(k + 1)..<q].string
                        next = q + 1
                    }
                } else if k < s.count {
                    var q = k
                    while q < s.count {
                        let (u, l) = Chars.scalar(s, q)
                        if Chars.isUnicodeWord(u) { q += l } else { break }
                    }
                    if q > k {
                        value = s[k..<q].string
                        next = q
                    }
                }
            }
            attrs.append((name, value))
            j = next
        }
        while j < s.count && Chars.isSpace(s[j]) { j += 1 }
        var closed = false
        if s.at(j) == UInt8(ascii: "/") { closed = true; j += 1 }
        guard s.at(j) == UInt8(ascii: ">") else { return nil }
        return TagMatch(name: s[(p + 1)..<ne].string, attrs: attrs, closed: closed, end: j + 1)
    }

    /// `HTML_TAG_CLOSE_RE` at `p`: (name, end).
    static func htmlCloseTag(_ s: [UInt8], _ p: Int) -> (String, Int)? {
        guard s.has("</", at: p), let ne = Chars.matchUName(s, p + 2) else { return nil }
        var j = ne
        while j < s.count && Chars.isSpace(s[j]) { j += 1 }
        guard s.at(j) == UInt8(ascii: ">") else { return nil }
        return (s[(p + 2)..<ne].string, j + 1)
    }

    /// `HTML_COMMENT_RE` at `p`: the end.
    func htmlComment(_ sc: Scanner, _ p: Int) -> Int? {
        let s = sc.s
        guard s.has("<!--", at: p) else { return nil }
        let e = sc.nextIndex(kind: 2, from: p + 4) { s.has("-->", at: $0) }
        return e < s.count ? e + 3 : nil
    }

    /// `HTML_INSTRUCTION_RE` at `p`: the end.
    func htmlInstruction(_ sc: Scanner, _ p: Int) -> Int? {
        let s = sc.s
        guard s.has("<?", at: p) else { return nil }
        let e = sc.nextIndex(kind: 3, from: p + 2) { s.has("?>", at: $0) }
        return e < s.count ? e + 2 : nil
    }

    /// `parse_html_attributes`: names lowercased for known elements, later duplicates win.
    func htmlAttributes(_ list: [(String, String)], known: Bool) -> AttrMap {
        var m = AttrMap()
        for (k0, v) in list {
            let k = known ? k0.lowercased() : k0
            if m[k] != nil { warning("Duplicate HTML attribute '\(k)' - overwriting previous one") }
            m[k] = v
        }
        return m
    }

    /// The position of `</name\s*>` at or after `from` (case-insensitive when `ci`), or nil.
    func findCloseTag(_ name: String, from: Int, ci: Bool) -> (start: Int, end: Int)? {
        let s = src.s
        let n = Array(name.utf8)
        var i = from
        while i < s.count {
            if s[i] == UInt8(ascii: "<") && s.at(i + 1) == UInt8(ascii: "/") && i + 2 + n.count <= s.count {
                var ok = true
                for k in 0..<n.count {
                    let a = s[i + 2 + k], b = n[k]
                    if a != b && !(ci && a | 0x20 == b | 0x20 && Chars.isASCIIAlpha(a)) { ok = false; break }
                }
                if ok {
                    var j = i + 2 + n.count
                    while j < s.count && Chars.isSpace(s[j]) { j += 1 }
                    if s.at(j) == UInt8(ascii: ">") { return (i, j + 1) }
                }
            }
            i += 1
        }
        return nil
    }

    /// `handle_html_start_tag` followed by kramdown's tag handler.
    func handleHTMLStartTag(_ m: TagMatch) {
        var name = m.name
        let lower = name.lowercased()
        let known = Pat.knownElements.contains(lower)
        if known { name = lower }
        var closed = m.closed
        let el = Element(.htmlElement, Array(name.utf8))
        el.attr = htmlAttributes(m.attrs, known: known)
        el.category = .block
        tree.children.append(el)
        if !closed && Pat.elementsWithoutBody.contains(name) { closed = true }
        if name == "script" || name == "style" {
            let cur = src.pos
            if let c = findCloseTag(name, from: cur, ci: true) {
                addText(Array(src.s[cur..<c.start]), el, .raw)
                src.pos = c.end
            } else {
                addText(src.rest, el, .raw)
                src.pos = src.count
                warning("Found no end tag for '\(name)' - auto-closing it")
            }
            handleKramdownHTMLTag(el, closed: false, handleBody: false)
        } else {
            handleKramdownHTMLTag(el, closed: closed, handleBody: true)
        }
    }

    /// `TRAILING_WHITESPACE` = `[ \t]*\n`.
    func scanTrailingWhitespace() {
        let s = src.s
        let j = s.skipBlanks(src.pos)
        if s.at(j) == 10 { src.pos = j + 1 }
    }

    func handleKramdownHTMLTag(_ el: Element, closed: Bool, handleBody: Bool) {
        if let ial = blockIAL {
            el.ial = ial
            blockIAL = nil
        }
        let name = el.value.string
        let parentRaw = tree.type == .htmlElement && tree.contentModel == .raw
        var cm: ContentModel = parentRaw ? .raw : (options.parseBlockHTML ? Pat.contentModel(name) : .raw)
        if let md = el.attr.remove("markdown") {
            switch md {
            case "0": cm = .raw
            case "1": cm = Pat.contentModel(name)
            case "span": cm = .span
            case "block": cm = .block
            default: break
            }
        }
        if cm == .block { scanTrailingWhitespace() }
        el.contentModel = cm
        el.isClosed = closed
        guard !closed && handleBody else { return }
        switch cm {
        case .block:
            if blockMayNest(), !parseBlocks(el, nil) {
                warning("Found no end tag for '\(name)' - auto-closing it")
            }
        case .span:
            let cur = src.pos
            if let c = findCloseTag(name, from: cur, ci: true) {
                addText(Array(src.s[cur..<c.start]), el)
                src.pos = c.end
            } else {
                addText(src.rest, el)
                src.pos = src.count
                warning("Found no end tag for '\(name)' - auto-closing it")
            }
        case .raw:
            parseRawHTML(el)
        }
        if !(tree.type == .htmlElement && tree.contentModel == .raw) { scanTrailingWhitespace() }
    }

    /// `parse_raw_html`.
    func parseRawHTML(_ el: Element) {
        let saved = tree
        tree = el
        blockDepth += 1
        defer { blockDepth -= 1 }
        let s = src.s
        var done = false
        while !src.eos && !done {
            let start = src.pos
            var i = start
            var found = false
            while i < s.count {
                if s[i] == UInt8(ascii: "<") {
                    let c = s.at(i + 1)
                    if c == UInt8(ascii: "/") || c == UInt8(ascii: "?") || s.has("!--", at: i + 1) || Chars.matchUName(s, i + 1) != nil {
                        found = true
                        break
                    }
                }
                i += 1
            }
            if !found {
                addText(src.rest, tree, .text)
                src.pos = src.count
                if tree.type == .htmlElement { warning("Found no end tag for '\(tree.value.string)' - auto-closing it") }
                done = true
                break
            }
            addText(Array(s[start..<i]), tree, .text)
            src.pos = i
            if let e = htmlComment(src, i) {
                let c = Element(.xmlComment, Array(s[i..<e]))
                c.category = .block
                tree.children.append(c)
                src.pos = e
            } else if let e = htmlInstruction(src, i) {
                let c = Element(.xmlPI, Array(s[i..<e]))
                c.category = .block
                tree.children.append(c)
                src.pos = e
            } else if let m = Parser.htmlTag(s, i), blockMayNest() {
                src.pos = m.end
                handleHTMLStartTag(m)
            } else if let (name, e) = Parser.htmlCloseTag(s, i) {
                src.pos = e
                let tv = tree.value.string
                if tv == (Pat.knownElements.contains(tv) ? name.lowercased() : name) {
                    done = true
                } else {
                    addText(Array(s[i..<e]), tree, .text)
                    warning("Found invalidly used HTML closing tag for '\(name)' - ignoring it")
                }
            } else {
                let l = Chars.charLength(s, i)
                addText(Array(s[i..<(i + l)]), tree, .text)
                src.pos = i + l
            }
        }
        tree = saved
    }

    func parseBlockHTML() -> Bool {
        let s = src.s, p = src.pos
        if let e = htmlComment(src, p) {
            let c = Element(.xmlComment, Array(s[p..<e]))
            c.category = .block
            tree.children.append(c)
            src.pos = e
            scanTrailingWhitespace()
            return true
        }
        let q = s.skipSpaces(p, max: 3)
        if let m = Parser.htmlTag(s, q), !Pat.spanElements.contains(m.name.lowercased()) {
            src.pos = m.end
            handleHTMLStartTag(m)
            return true
        }
        if let (name0, e) = Parser.htmlCloseTag(s, q), !Pat.spanElements.contains(name0.lowercased()) {
            let name = name0.lowercased()
            if tree.type == .htmlElement && tree.value.string == name {
                src.pos = e
                stopBlockParsing = true
                return true
            }
        }
        return false
    }
}
