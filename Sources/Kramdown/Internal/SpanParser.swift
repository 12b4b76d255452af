/// Span-level parsing (`parse_spans` and the span parsers of `parser/kramdown/*.rb`).
extension Parser {
    /// Bytes that can start some span parser's pattern (a quote after any byte also can).
    static let interesting: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        for c in "*_`<[!\"'${&-.>\\ ~".utf8 { t[Int(c)] = true }
        return t
    }()

    /// Whether some active span parser's start pattern (`span_start`) matches at `p`.
    func spanStartMatches(_ s: [UInt8], _ p: Int, _ parsers: [SpanKind]) -> Bool {
        let c = s[p]
        // The commonest bytes that can start a span only with the right byte after them: a
        // space (" <<", " >>", a line break's "  \n", or a quote next), "." ("...") and "-"
        // ("--"); every parser below agrees with this when that byte is not there.
        if c == 32 || c == 46 || c == 45 {
            let n = s.at(p + 1)
            guard n == 34 || n == 39 || n == c || (c == 32 && (n == 60 || n == 62)) else { return false }
        }
        for k in parsers {
            switch k {
            case .emphasis: if c == UInt8(ascii: "*") || c == UInt8(ascii: "_") { return true }
            case .codespan: if c == UInt8(ascii: "`") { return true }
            case .autolink, .spanHTML: if c == UInt8(ascii: "<") { return true }
            case .footnoteMarker: if c == UInt8(ascii: "[") { return true }
            case .link: if c == UInt8(ascii: "[") || (c == UInt8(ascii: "!") && s.at(p + 1) == UInt8(ascii: "[")) { return true }
            case .smartQuotes:
                if c == 34 || c == 39 { return true }
                if c != UInt8(ascii: "\\") {
                    let n = s.at(p + Chars.charLength(s, p))
                    if n == 34 || n == 39 { return true }
                }
            case .inlineMath: if c == UInt8(ascii: "$") { return true }
            case .spanExtensions: if c == UInt8(ascii: "{") && s.at(p + 1) == UInt8(ascii: ":") { return true }
            case .htmlEntity: if c == UInt8(ascii: "&") { return true }
            case .typographicSyms:
                if s.has("--", at: p) || s.has("...", at: p) || s.has("<<", at: p) || s.has(">>", at: p) { return true }
                if (c == UInt8(ascii: "\\") || c == 32) && (s.has("<<", at: p + 1) || s.has(">>", at: p + 1)) { return true }
            case .lineBreak: if s.has("  \n", at: p) || s.has("\\\\\n", at: p) { return true }
            case .escapedChars: if c == UInt8(ascii: "\\") { return true }
            case .strikethrough: if s.has("~~", at: p) { return true }
            }
        }
        return false
    }

    /// `parse_spans`: parses `src` into `el` until `stop` matches and `onStop` agrees.
    @discardableResult
    func parseSpans(_ el: Element, stop: ((Int) -> Bool)?, parsers: [SpanKind]? = nil, textType tt: ElementType? = nil,
                    onStop: (() -> Bool)? = nil) -> Bool {
        let pushed = tree.type != .root || spanStack.isEmpty == false || true
        if pushed { spanStack.append(tree) }
        let savedTextType = textType
        tree = el
        if let tt { textType = tt }
        spanDepth += 1
        let active = parsers ?? spanParsers
        var stopFound = false
        let s = src.s
        // Read once here, not once per byte (a static is checked for initialisation each time).
        let interesting = Parser.interesting
        while !src.eos && !stopFound {
            let start = src.pos
            var i = start
            if let stop {
                while i < s.count {
                    let l = Chars.charLength(s, i)
                    if stop(i) { break }
                    let n = s.at(i + l)
                    if (interesting[Int(s[i])] || n == 34 || n == 39) && spanStartMatches(s, i, active) { break }
                    i += l
                }
            } else {
                // The same scan with no stop to ask, on the bytes without bounds checks.
                i = s.withUnsafeBufferPointer { p in
                    interesting.withUnsafeBufferPointer { table in
                        var i = start
                        let count = p.count
                        while i < count {
                            let c = p[i]
                            let l = c < 0x80 ? 1 : Chars.charLength(s, i)
                            let n = i + l < count ? p[i + l] : 0
                            if (table[Int(c)] || n == 34 || n == 39) && spanStartMatches(s, i, active) { break }
                            i += l
                        }
                        return i
                    }
                }
            }
            if i >= s.count {
                if stop == nil {
                    addText(Array(s[start...]))
                    src.pos = s.count
                } else {
                    src.pos = s.count
                    if i > start { addText(Array(s[start...])) }
                }
                break
            }
            if i > start { addText(Array(s[start..<i])) }
            src.pos = i
            if let stop, stop(i) {
                stopFound = onStop?() ?? true
            }
            if stopFound { break }
            var processed = false
            if spanMayNest() {
                for k in active where trySpan(k) {
                    processed = true
                    break
                }
            }
            if !processed {
                let l = Chars.charLength(s, src.pos)
                addText(Array(s[src.pos..<(src.pos + l)]))
                src.pos += l
            }
        }
        spanDepth -= 1
        tree = spanStack.removeLast()
        textType = savedTextType
        return stopFound
    }

    /// Runs span parser `k` at the current position if its start pattern matches there.
    func trySpan(_ k: SpanKind) -> Bool {
        let s = src.s, p = src.pos
        switch k {
        case .emphasis:
            guard s.at(p) == UInt8(ascii: "*") || s.at(p) == UInt8(ascii: "_") else { return false }
            parseEmphasis()
        case .codespan:
            guard s.at(p) == UInt8(ascii: "`") else { return false }
            parseCodespan()
        case .autolink:
            guard let m = autolink(s, p) else { return false }
            src.pos = m.end
            let g1 = Array(s[m.g1])
            let href = m.hasScheme ? g1.string : "mailto:" + g1.string
            let a = Element(.a)
            a.attr["href"] = href
            var text = g1
            if text.has("mailto:", at: 0) { text = Array(text[7...]) }
            addText(text, a)
            tree.children.append(a)
        case .spanHTML:
            guard s.at(p) == UInt8(ascii: "<"),
                  Chars.matchUName(s, p + 1) != nil || s.has("!--", at: p + 1) || s.at(p + 1) == UInt8(ascii: "/") else { return false }
            parseSpanHTML()
        case .footnoteMarker:
            guard s.has("[^", at: p), Chars.isWord(s.at(p + 2)) else { return false }
            var j = p + 3
            while j < s.count && (Chars.isWord(s[j]) || s[j] == UInt8(ascii: "-")) { j += 1 }
            guard s.at(j) == UInt8(ascii: "]") else { return false }
            src.pos = j + 1
            let name = s[(p + 2)..<j].string
            if var fn = footnotes[name] {
                if let eob = fn.eob {
                    var attr = eob.attr
                    if let ial = eob.ial { updateAttr(&attr, with: ial) }
                    eob.attr = attr
                    fn.attr = attr
                    fn.eob = nil
                }
                let m = Element(.footnote)
                m.footnoteContent = fn.content
                m.attr = fn.attr
                m.name = name
                fn.markers.append(m)
                footnotes[name] = fn
                tree.children.append(m)
            } else {
                warning("Footnote definition for '\(name)' not found")
                addText(Array(s[p..<(j + 1)]))
            }
        case .link:
            let q = s.at(p) == UInt8(ascii: "!") ? p + 1 : p
            guard s.at(q) == UInt8(ascii: "["), q + 1 < s.count, s[q + 1] != UInt8(ascii: "^") else { return false }
            parseLink()
        case .smartQuotes:
            let c = s.at(p)
            if !(c == 34 || c == 39) {
                guard c != UInt8(ascii: "\\"), p < s.count else { return false }
                let n = s.at(p + Chars.charLength(s, p))
                guard n == 34 || n == 39 else { return false }
            }
            parseSmartQuotes()
        case .inlineMath:
            guard s.has("$$", at: p) else { return false }
            let close = src.nextIndex(kind: 11, from: p + 2) { s.has("$$", at: $0) }
            guard close < s.count else { return false }
            src.pos = close + 2
            let el = Element(.math, stripped(Array(s[(p + 2)..<close])))
            el.category = .span
            tree.children.append(el)
        case .spanExtensions:
            guard s.has("{:", at: p) else { return false }
            parseSpanExtensions()
        case .htmlEntity:
            guard let (e, ent, original) = htmlEntity(s, p) else { return false }
            src.pos = e
            if let ent {
                let el = Element(.entity)
                el.entity = ent
                el.original = original
                tree.children.append(el)
            } else {
                let el = Element(.entity)
                el.entity = Entities.named("amp")
                tree.children.append(el)
                addText(Array(s[(p + 1)..<e]))
            }
        case .typographicSyms:
            let table: [(StaticString, String)] = [("---", "mdash"), ("--", "ndash"), ("...", "hellip"), ("\\<<", "lt"),
                                                   ("\\>>", "gt"), ("<< ", "laquo_space"), (" >>", "raquo_space"),
                                                   ("<<", "laquo"), (">>", "raquo")]
            guard let (lit, name) = table.first(where: { s.has($0.0, at: p) }) else { return false }
            src.pos = p + lit.utf8CodeUnitCount
            if name == "lt" || name == "gt" {
                for _ in 0..<2 {
                    let el = Element(.entity)
                    el.entity = Entities.named(name)
                    tree.children.append(el)
                }
            } else {
                let el = Element(.typographicSym)
                el.symbol = name
                tree.children.append(el)
            }
        case .lineBreak:
            guard s.has("  \n", at: p) || s.has("\\\\\n", at: p) else { return false }
            src.pos = p + 2
            tree.children.append(Element(.br))
        case .escapedChars:
            guard s.at(p) == UInt8(ascii: "\\"), p + 1 < s.count else { return false }
            let c = s[p + 1]
            let chars = gfm ? "\\.*_+`<>()[]{}#!:|\"'$=-~" : "\\.*_+`<>()[]{}#!:|\"'$=-"
            guard chars.utf8.contains(c) else { return false }
            src.pos = p + 2
            addText([c])
        case .strikethrough:
            guard s.has("~~", at: p), p + 2 < s.count, !Chars.isSpace(s[p + 2]), s[p + 2] != UInt8(ascii: "~") else { return false }
            // .*?[^\s~]~~ : the first `~~` preceded by a non-space, non-~ byte, at or after p + 3.
            let e = src.nextIndex(kind: 12, from: p + 3) { i in
                s.has("~~", at: i) && !Chars.isSpace(s[i - 1]) && s[i - 1] != UInt8(ascii: "~")
            }
            guard e < s.count else { return false }
            src.pos = e + 2
            let el = Element(.htmlElement, Array("del".utf8))
            el.category = .span
            el.contentModel = .span
            tree.children.append(el)
            let env = (src, tree, textType, spanStack)
            src = Scanner(Array(s[(p + 2)..<e]))
            textType = .text
            spanStack = []
            parseSpans(el, stop: nil)
            (src, tree, textType, spanStack) = env
        }
        return true
    }

    // MARK: - Individual span parsers

    /// `AUTOLINK_START` at `p`.
    func autolink(_ s: [UInt8], _ p: Int) -> (g1: Range<Int>, hasScheme: Bool, end: Int)? {
        guard s.at(p) == UInt8(ascii: "<") else { return nil }
        let a = p + 1
        for scheme in ["mailto:", "http:", "https:", "ftp:", "ftps:"] {
            let b = Array(scheme.utf8)
            if a + b.count <= s.count && Array(s[a..<(a + b.count)]) == b {
                let from = a + b.count + 1
                let gt = src.nextIndex(kind: 13, from: from) { s[$0] == UInt8(ascii: ">") || s[$0] == 10 }
                if from <= s.count, gt < s.count, s[gt] == UInt8(ascii: ">"), gt > a + b.count {
                    return (a..<gt, true, gt + 1)
                }
            }
        }
        func achar(_ i: Int) -> Int? {
            guard i < s.count else { return nil }
            let (u, l) = Chars.scalar(s, i)
            return (Chars.isAlnum(u) || u == "-" || u == "_" || u == ".") ? l : nil
        }
        var i = a
        while let l = achar(i) { i += l }
        // [ACHARS]+?@ : the first @ after at least one char, all chars before being ACHARS.
        guard i > a, s.at(i) == UInt8(ascii: "@") else { return nil }
        var j = i + 1
        while let l = achar(j) { j += l }
        guard j > i + 1, s.at(j) == UInt8(ascii: ">") else { return nil }
        return (a..<j, false, j + 1)
    }

    /// `HTML_ENTITY_RE` at `p`: (end, entity or nil for an unknown name, original text).
    func htmlEntity(_ s: [UInt8], _ p: Int) -> (Int, Entity?, String)? {
        guard s.at(p) == UInt8(ascii: "&") else { return nil }
        var j = p + 1
        if s.at(j) == UInt8(ascii: "#") {
            j += 1
            let d = j
            while j < s.count && Chars.isDigit(s[j]) { j += 1 }
            if j > d && s.at(j) == UInt8(ascii: ";") {
                let v = UInt32(s[d..<j].string) ?? UInt32.max
                return (j + 1, Entities.code(v), s[p...j].string)
            }
            j = d
            if s.at(j) == UInt8(ascii: "x") {
                j += 1
                let h = j
                while j < s.count && Chars.isHex(s[j]) { j += 1 }
                if j > h && s.at(j) == UInt8(ascii: ";") {
                    let v = UInt32(s[h..<j].string, radix: 16) ?? UInt32.max
                    return (j + 1, Entities.code(v), s[p...j].string)
                }
            }
            return nil
        }
        guard Chars.isWord(s.at(j)) || s.at(j) == UInt8(ascii: ":") else { return nil }
        j += 1
        while j < s.count && (Chars.isWord(s[j]) || s[j] == UInt8(ascii: "-") || s[j] == UInt8(ascii: ".") || s[j] == UInt8(ascii: ":")) { j += 1 }
        guard s.at(j) == UInt8(ascii: ";") else { return nil }
        let name = s[(p + 1)..<j].string
        return (j + 1, Entities.named(name), s[p...j].string)
    }

    func parseEmphasis() {
        let s = src.s
        let saved = src.pos
        let delimChar = s[saved]
        let double = s.at(saved + 1) == delimChar
        let result: [UInt8] = double ? [delimChar, delimChar] : [delimChar]
        src.pos += result.count
        let element: ElementType = double ? .strong : .em
        let isUnderscore = delimChar == UInt8(ascii: "_")
        // pre_match =~ /[[:alpha:]]-?[[:alpha:]]*\z/
        var intraword = false
        if isUnderscore && saved > 0 {
            var k = Chars.previousCharStart(s, saved)
            if s[k] == UInt8(ascii: "-") && k > 0 { k = Chars.previousCharStart(s, k) }
            intraword = Chars.isAlpha(s, k)
        }
        if intraword || (src.pos < s.count && Chars.isSpace(s[src.pos])) || tree.type == element
            || spanStack.contains(where: { $0.type == element }) || linkWork > linkBudget {
            addText(result)
            return
        }
        func subParse(_ delim: [UInt8], _ elem: ElementType) -> (Bool, Element) {
            let el = Element(elem)
            let found = parseSpans(el, stop: { i in
                if delim.count == 2 { return s.at(i) == delim[0] && s.at(i + 1) == delim[0] }
                return s.at(i) == delim[0]
            }, onStop: {
                let p = self.src.pos
                if p > 0 && Chars.isSpace(s[p - 1]) { return false }
                if elem == .em && s.at(p) == delim[0] && s.at(p + 1) == delim[0] && s.at(p + 2) != delim[0] { return false }
                if isUnderscore && Chars.isAlnum(s, p + delim.count) { return false }
                return !el.children.isEmpty
            })
            return (found, el)
        }
        var (found, el) = subParse(result, element)
        var delimLen = result.count
        if !found && element == .strong && tree.type != .em {
            src.pos = saved + 1
            (found, el) = subParse([delimChar], .em)
            delimLen = 1
        }
        if found {
            src.pos += delimLen
            tree.children.append(el)
        } else {
            linkWork += src.pos - saved
            src.pos = saved + result.count
            addText(result)
        }
    }

    func parseCodespan() {
        let s = src.s
        let start = src.pos
        var j = start
        while j < s.count && s[j] == UInt8(ascii: "`") { j += 1 }
        let n = j - start
        src.pos = j
        if n == 1 {
            // pre_match =~ /\s\Z|\A\Z/ && match?(/\s/)
            let pre = start
            let preOK = pre == 0 || (pre == 1 && s[0] == 10) || Chars.isSpace(s[pre - 1])
                || (pre >= 2 && s[pre - 1] == 10 && Chars.isSpace(s[pre - 2]))
            if preOK && j < s.count && Chars.isSpace(s[j]) {
                addText(Array(s[start..<j]))
                return
            }
        }
        // scan_until(/`{n}/): the first run of at least n backticks.
        var i = j
        var found = -1
        while i < s.count {
            if s[i] == UInt8(ascii: "`") {
                var k = i
                while k < s.count && s[k] == UInt8(ascii: "`") { k += 1 }
                if k - i >= n { found = i; break }
                i = k
            } else {
                i += 1
            }
        }
        if found < 0 {
            addText(Array(s[start..<j]))
            return
        }
        var text = Array(s[j..<found])
        if n > 1 {
            if text.first == 32 { text.removeFirst() }
            if text.last == 32 { text.removeLast() }
        }
        src.pos = found + n
        let el = Element(.codespan, text)
        tree.children.append(el)
    }

    func parseSpanHTML() {
        let s = src.s, p = src.pos
        if let e = htmlComment(src, p) {
            let el = Element(.xmlComment, Array(s[p..<e]))
            el.category = .span
            tree.children.append(el)
            src.pos = e
            return
        }
        if let (name, e) = Parser.htmlCloseTag(s, p) {
            warning("Found invalidly used HTML closing tag for '\(name)'")
            addText(Array(s[p..<e]))
            src.pos = e
            return
        }
        guard let m = Parser.htmlTag(s, p) else {
            let l = Chars.charLength(s, p)
            addText(Array(s[p..<(p + l)]))
            src.pos = p + l
            return
        }
        src.pos = m.end
        var tagName = m.name
        let known = Pat.knownElements.contains(tagName.lowercased())
        if known { tagName = tagName.lowercased() }
        if Pat.blockElements.contains(tagName) {
            warning("Found block HTML tag '\(tagName)' in span-level text")
            addText(Array(s[p..<m.end]))
            return
        }
        var attrs = htmlAttributes(m.attrs, known: known)
        for i in attrs.entries.indices where !attrs.entries[i].value.isEmpty {
            attrs.entries[i].value = Parser.collapseNewlines(attrs.entries[i].value)
        }
        var doParsing = (Pat.contentModel(tagName) == .raw || tree.contentModel == .raw) ? false : options.parseSpanHTML
        if let md = attrs.remove("markdown") {
            switch md {
            case "block": warning("Cannot use block-level parsing in span-level HTML tag - using default mode")
            case "span": doParsing = true
            case "1": doParsing = Pat.contentModel(tagName) != .raw
            case "0": doParsing = false
            default: break
            }
        }
        let el = Element(.htmlElement, Array(tagName.utf8))
        el.attr = attrs
        el.category = .span
        el.contentModel = doParsing ? .span : .raw
        el.isClosed = m.closed
        tree.children.append(el)
        if !m.closed && !Pat.elementsWithoutBody.contains(tagName) {
            let n = Array(tagName.utf8)
            let stop: (Int) -> Bool = { i in
                guard s.at(i) == UInt8(ascii: "<"), s.at(i + 1) == UInt8(ascii: "/"), i + 2 + n.count <= s.count else { return false }
                for k in 0..<n.count {
                    let a = s[i + 2 + k], b = n[k]
                    if a != b && !(known && a | 0x20 == b | 0x20 && Chars.isASCIIAlpha(a)) { return false }
                }
                var j = i + 2 + n.count
                while j < s.count && Chars.isSpace(s[j]) { j += 1 }
                return s.at(j) == UInt8(ascii: ">")
            }
            if parseSpans(el, stop: stop, parsers: doParsing ? nil : [.spanHTML]) {
                var j = src.pos + 2 + n.count
                while j < s.count && Chars.isSpace(s[j]) { j += 1 }
                src.pos = j + 1
            } else {
                warning("Found no end tag for '\(tagName)' - auto-closing it")
                addText(src.rest, el)
                src.pos = s.count
            }
        }
    }

    /// `gsub(/\n+/, ' ')`.
    static func collapseNewlines(_ v: String) -> String {
        guard v.contains("\n") else { return v }
        var out: [UInt8] = []
        var inNL = false
        for c in v.utf8 {
            if c == 10 { if !inNL { out.append(32) }; inNL = true } else { out.append(c); inNL = false }
        }
        return out.string
    }

    func parseLink() {
        let s = src.s
        let start = src.pos
        let isImg = s[start] == UInt8(ascii: "!")
        let resultEnd = start + (isImg ? 2 : 1)
        let result = Array(s[start..<resultEnd])
        src.pos = resultEnd
        let curPos = src.pos
        if !isImg && (tree.type == .img || tree.type == .a || spanStack.contains { $0.type == .img || $0.type == .a }) {
            addText(result)
            return
        }
        // Bounded work: failed link scans past a budget, or images nested more than four deep, stay text.
        if linkWork > linkBudget || (isImg && spanStack.filter({ $0.type == .img }).count + (tree.type == .img ? 1 : 0) >= 4) {
            addText(result)
            return
        }
        let el = Element(isImg ? .img : .a)
        var count = 1
        let found = parseSpans(el, stop: { i in s.at(i) == UInt8(ascii: "]") || s.at(i) == UInt8(ascii: "[")
            || (s.at(i) == UInt8(ascii: "!") && s.at(i + 1) == UInt8(ascii: "[")) }, onStop: {
            count += s.at(self.src.pos) == UInt8(ascii: "]") ? -1 : 1
            return count - el.children.filter { $0.type == .img }.count == 0
        })
        if !found {
            linkWork += src.pos - curPos
            src.pos = curPos
            addText(result)
            return
        }
        let altText = Parser.unescapeKramdown(Array(s[curPos..<src.pos]))
        src.pos += 1  // the closing bracket
        let afterBracket = src.pos
        // LINK_INLINE_ID_RE = \s*?\[([^\]]+)?\]  or not followed by (
        var idMatch: (Int, [UInt8]?)? = nil
        do {
            var j = afterBracket
            while j < s.count && Chars.isSpace(s[j]) && s.at(j) != UInt8(ascii: "[") { j += 1 }
            if s.at(j) == UInt8(ascii: "[") {
                var k = j + 1
                while k < s.count && s[k] != UInt8(ascii: "]") { k += 1 }
                if k < s.count { idMatch = (k + 1, k > j + 1 ? Array(s[(j + 1)..<k]) : nil) }
            }
        }
        if idMatch != nil || s.at(afterBracket) != UInt8(ascii: "(") {
            if let (e, _) = idMatch { src.pos = e }
            let emitWarning = idMatch?.1 == nil
            let linkID = normalizeLinkID((idMatch?.1 ?? altText).string)
            if let def = linkDefs[linkID] {
                addLink(el, def.url, def.title, altText, def.eob?.ial)
            } else {
                if emitWarning { warning("No link definition for link ID '\(linkID)' found") }
                src.pos = curPos
                addText(result)
            }
            return
        }
        var linkURL: [UInt8] = []
        if s.has("(<", at: afterBracket), let gt = s[(afterBracket + 2)...].firstIndex(where: { $0 == UInt8(ascii: ">") || $0 == 10 }),
           s[gt] == UInt8(ascii: ">") {
            linkURL = Array(s[(afterBracket + 2)..<gt])
            src.pos = gt + 1
            if s.at(src.pos) == UInt8(ascii: ")") {
                src.pos += 1
                addLink(el, linkURL, nil, altText, nil)
                return
            }
        } else {
            var nr = 0
            var j = afterBracket
            var collected: [UInt8] = []
            var stoppedAt = -1
            while j < s.count {
                let c = s[j]
                if c == UInt8(ascii: "(") {
                    nr += 1
                } else if c == UInt8(ascii: ")") {
                    nr -= 1
                    if nr == 0 { stoppedAt = j; break }
                } else if Chars.isSpace(c) && (s.at(j + 1) == 34 || s.at(j + 1) == 39) {
                    stoppedAt = j
                    break
                }
                j += 1
            }
            if stoppedAt < 0 {
                linkWork += s.count - afterBracket
                // scan_until failed: everything collected so far is the URL; nr != 0.
                collected = Array(s[afterBracket..<afterBracket])
                src.pos = afterBracket
            } else {
                collected = Array(s[afterBracket...stoppedAt])
                src.pos = stoppedAt + 1
            }
            if stoppedAt >= 0 {
                linkURL = collected.count >= 2 ? stripped(Array(collected[1..<(collected.count - 1)])) : []
                if nr == 0 {
                    addLink(el, linkURL, nil, altText, nil)
                    return
                }
            }
        }
        // LINK_INLINE_TITLE_RE = \s*?(["'])(.+?)\1\s*?\)
        var j = src.pos
        while j < s.count && Chars.isSpace(s[j]) && s[j] != 34 && s[j] != 39 { j += 1 }
        if j < s.count && (s[j] == 34 || s[j] == 39) {
            let q = s[j]
            var k = j + 2
            while k < s.count {
                if s[k] == q {
                    var m = k + 1
                    while m < s.count && Chars.isSpace(s[m]) { m += 1 }
                    if s.at(m) == UInt8(ascii: ")") {
                        src.pos = m + 1
                        addLink(el, linkURL, Array(s[(j + 1)..<k]), altText, nil)
                        return
                    }
                }
                k += 1
            }
            linkWork += s.count - j
        }
        src.pos = curPos
        addText(result)
    }

    /// `gsub(ESCAPED_CHARS, '\1')` with kramdown's (not GFM's) escapable characters.
    static func unescapeKramdown(_ v: [UInt8]) -> [UInt8] {
        guard v.contains(UInt8(ascii: "\\")) else { return v }
        var out: [UInt8] = []
        out.reserveCapacity(v.count)
        var i = 0
        while i < v.count {
            if v[i] == UInt8(ascii: "\\") && i + 1 < v.count && escapable[Int(v[i + 1])] {
                out.append(v[i + 1])
                i += 2
                continue
            }
            out.append(v[i])
            i += 1
        }
        return out
    }

    /// The bytes a backslash escapes in kramdown (made once: the table was a Set per call).
    private static let escapable: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in "\\.*_+`<>()[]{}#!:|\"'$=-".utf8 { table[Int(b)] = true }
        return table
    }()

    func addLink(_ el: Element, _ href: [UInt8], _ title: [UInt8]?, _ alt: [UInt8], _ ial: IAL?) {
        el.ial = ial
        if let ial { updateAttr(&el.attr, with: ial) }
        if el.type == .a {
            el.attr["href"] = href.string
        } else {
            el.attr["src"] = href.string
            el.attr["alt"] = alt.string
            el.children = []
        }
        if let title { el.attr["title"] = title.string }
        tree.children.append(el)
    }

    func parseSmartQuotes() {
        let s = src.s, p = src.pos
        func isQ(_ i: Int) -> Bool { s.at(i) == 34 || s.at(i) == 39 }
        func isPunct(_ c: UInt8) -> Bool { "!\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~".utf8.contains(c) }
        func emit(_ kind: String, _ q: UInt8) {
            let name: String
            switch kind {
            case "rquote1", "rquote2": name = q == 34 ? "rdquo" : "rsquo"
            case "lquote1", "lquote2": name = q == 34 ? "ldquo" : "lsquo"
            default: name = kind
            }
            let el = Element(.smartQuote)
            el.symbol = name
            tree.children.append(el)
        }
        // 1. ("|')(?=[_*]{1,2}\S)
        if isQ(p), s.at(p + 1) == UInt8(ascii: "_") || s.at(p + 1) == UInt8(ascii: "*"), p + 2 < s.count, !Chars.isSpace(s[p + 2]) {
            src.pos = p + 1; emit("lquote1", s[p]); return
        }
        // 2. ("|')(?=SQ_PUNCT(?!\.\.)\B)
        if isQ(p), p + 1 < s.count, isPunct(s[p + 1]), !s.has("..", at: p + 2),
           Chars.isWord(s[p + 1]) == Chars.isWord(s.at(p + 2)) && !(p + 2 >= s.count && Chars.isWord(s[p + 1])) {
            src.pos = p + 1; emit("rquote1", s[p]); return
        }
        // 3./4./5. (\s?)"'(?=\w) / (\s?)'"(?=\w) / (\s?)'(?=\d\ds)
        let ws = Chars.isSpace(s.at(p)) && p < s.count ? 1 : 0
        for w in Set([ws, 0]).sorted(by: >) {
            let a = p + w
            if s.has("\"'", at: a) && Chars.isWord(s.at(a + 2)) {
                if w > 0 { addText([s[p]]) }
                src.pos = a + 2; emit("ldquo", 0); emit("lsquo", 0); return
            }
            if s.has("'\"", at: a) && Chars.isWord(s.at(a + 2)) {
                if w > 0 { addText([s[p]]) }
                src.pos = a + 2; emit("lsquo", 0); emit("ldquo", 0); return
            }
            if s.at(a) == 39 && Chars.isDigit(s.at(a + 1)) && Chars.isDigit(s.at(a + 2)) && s.at(a + 3) == UInt8(ascii: "s") {
                if w > 0 { addText([s[p]]) }
                src.pos = a + 1; emit("rsquo", 0); return
            }
        }
        // 6. (\s)('|")(?=\w)
        if p < s.count && Chars.isSpace(s[p]) && isQ(p + 1) && Chars.isWord(s.at(p + 2)) {
            addText([s[p]])
            src.pos = p + 2; emit("lquote2", s[p + 1]); return
        }
        // 7. (SQ_CLOSE)('|")
        if p < s.count {
            let l = Chars.charLength(s, p)
            let c = s[p]
            let notClose = c == 32 || c == UInt8(ascii: "\\") || c == 9 || c == 13 || c == 10 || c == UInt8(ascii: "[")
                || c == UInt8(ascii: "{") || c == UInt8(ascii: "(") || c == UInt8(ascii: "-")
            if !notClose && isQ(p + l) {
                addText(Array(s[p..<(p + l)]))
                src.pos = p + l + 1; emit("rquote2", s[p + l]); return
            }
        }
        // 8. ("|')(?=\s|s\b|$)
        if isQ(p) {
            let n = s.at(p + 1)
            if p + 1 >= s.count || Chars.isSpace(n) || n == 10 || (n == UInt8(ascii: "s") && !Chars.isWord(s.at(p + 2))) {
                src.pos = p + 1; emit("rquote1", s[p]); return
            }
        }
        // 9./10. (.?)' then (.?)"
        let l = Chars.charLength(s, p)
        for q: UInt8 in [39, 34] {
            let name = q == 39 ? "lsquo" : "ldquo"
            if s.at(p + l) == q {
                addText(Array(s[p..<(p + l)]))
                src.pos = p + l + 1; emit(name, 0); return
            }
            if s.at(p) == q {
                src.pos = p + 1; emit(name, 0); return
            }
        }
        addText(Array(s[p..<(p + l)]))
        src.pos = p + l
    }

    func parseSpanExtensions() {
        let s = src.s, p = src.pos
        if let m = Parser.extStart(s, p) {
            _ = parseExtensionStartTag(block: false, start: p, m: m, matchEnd: m.end)
            return
        }
        // IAL_SPAN_START = \{:(ALD_ANY_CHARS+)\}; the first unescaped `}` bounds the search.
        let close = src.nextIndex(kind: 14, from: p + 2) { s[$0] == UInt8(ascii: "}") && s[$0 - 1] != UInt8(ascii: "\\") }
        if close < s.count, let m = Pat.braceContent(s, p + 2, tail: { $0 }) {
            if let last = tree.children.last, last.type != .text {
                src.pos = m.end
                var attr = IAL()
                parseAttributeList(Array(s[(p + 2)..<m.close]), &attr)
                var ial = last.ial ?? IAL()
                updateIAL(&ial, with: attr)
                last.ial = ial
                updateAttr(&last.attr, with: attr)
            } else {
                warning("Found span IAL after text - ignoring it")
                addText([s[p]])
                src.pos = p + 1
            }
            return
        }
        addText([s[p]])
        src.pos = p + 1
    }
}
