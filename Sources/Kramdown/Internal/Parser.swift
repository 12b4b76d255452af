/// A port of kramdown's `Parser::Kramdown` (and `Parser::GFM`) to Swift, building kramdown's
/// element tree. Block parsers are in this file, span parsers in `SpanParser.swift`.
final class Parser {
    enum BlockKind {
        case blankLine, codeblock, codeblockFenced, blockquote, atxHeader, horizontalRule, list, definitionList
        case blockHTML, setextHeader, blockMath, table, footnoteDefinition, linkDefinition, abbrevDefinition
        case blockExtensions, eobMarker, paragraph
    }
    enum SpanKind {
        case emphasis, codespan, autolink, spanHTML, footnoteMarker, link, smartQuotes, inlineMath
        case spanExtensions, htmlEntity, typographicSyms, lineBreak, escapedChars, strikethrough
    }

    struct FootnoteData {
        var content: Element
        var eob: Element?
        var markers: [Element] = []
        var attr = AttrMap()
        var order: Int
    }

    // No run-time exclusivity checks on the parser's state (a parser is used by one thread, for
    // one document; the compiler's static checks stay).
    @exclusivity(unchecked) var options: KramdownOptions
    let gfm: Bool
    @exclusivity(unchecked) var warnings: [String] = []
    let root = Element(.root)
    @exclusivity(unchecked) var tree: Element
    @exclusivity(unchecked) var src: Scanner
    @exclusivity(unchecked) var blockIAL: IAL? = nil
    @exclusivity(unchecked) var blockStack: [(Element, Scanner, IAL?)] = []
    @exclusivity(unchecked) var spanStack: [Element] = []
    @exclusivity(unchecked) var textType: ElementType = .rawText
    @exclusivity(unchecked) var alds: [String: IAL] = [:]
    @exclusivity(unchecked) var footnotes: [String: FootnoteData] = [:]
    @exclusivity(unchecked) var footnoteOrder = 0
    @exclusivity(unchecked) var linkDefs: [String: (url: [UInt8], title: [UInt8]?, eob: Element?)] = [:]
    @exclusivity(unchecked) var abbrevDefs: [(String, String)] = []
    @exclusivity(unchecked) var abbrevEOB: [String: Element] = [:]
    @exclusivity(unchecked) var idCounter: [String: Int] = [:]
    @exclusivity(unchecked) var blockParsers: [BlockKind]
    @exclusivity(unchecked) var spanParsers: [SpanKind]
    @exclusivity(unchecked) var stopBlockParsing = false
    @exclusivity(unchecked) var blockDepth = 0
    @exclusivity(unchecked) var spanDepth = 0
    /// Work spent in link attempts that failed; past a budget, links fail fast (keeps parsing linear).
    @exclusivity(unchecked) var linkWork = 0
    @exclusivity(unchecked) var linkBudget = 0
    let paragraphEndQuirk: Bool

    static let maxBlockDepth = 48
    static let maxSpanDepth = 48
    /// Whether the nesting limit was met (warned about once per document).
    @exclusivity(unchecked) var depthLimitMet = false
    /// The warning when blocks or spans nest past the limit (a document gets it once).
    static let depthLimitWarning = "Markdown nested more than \(maxBlockDepth - 1) levels deep: what is deeper is kept as plain text"

    init(options: KramdownOptions) {
        self.options = options
        gfm = options.isGFM
        tree = root
        src = Scanner([])
        paragraphEndQuirk = gfm && options.gfmQuirks.contains("paragraph_end")
        blockParsers = [.blankLine, .codeblock, .codeblockFenced, .blockquote, .atxHeader, .horizontalRule, .list,
                        .definitionList, .blockHTML, .setextHeader, .blockMath, .table, .footnoteDefinition,
                        .linkDefinition, .abbrevDefinition, .blockExtensions, .eobMarker, .paragraph]
        spanParsers = [.emphasis, .codespan, .autolink, .spanHTML, .footnoteMarker, .link, .smartQuotes, .inlineMath,
                       .spanExtensions, .htmlEntity, .typographicSyms, .lineBreak, .escapedChars]
        if gfm {
            self.options.autoIdStripping = true
            if options.hardWrap { spanParsers.removeAll { $0 == .lineBreak } }
            if options.gfmQuirks.contains("no_auto_typographic") { spanParsers.removeAll { $0 == .typographicSyms } }
            spanParsers.append(.strikethrough)
        }
        for (k, v) in options.linkDefinitions {
            linkDefs[k] = (Array((v.first ?? "").utf8), v.count > 1 ? Array(v[1].utf8) : nil, nil)
        }
    }

    func warning(_ text: String) { warnings.append(text) }

    /// Whether another block may nest here; past the limit, warns once and says no.
    func blockMayNest() -> Bool {
        if blockDepth < Parser.maxBlockDepth { return true }
        depthLimitReached()
        return false
    }

    /// Whether another span may nest here; past the limit, warns once and says no.
    func spanMayNest() -> Bool {
        if spanDepth < Parser.maxSpanDepth { return true }
        depthLimitReached()
        return false
    }

    private func depthLimitReached() {
        guard !depthLimitMet else { return }
        depthLimitMet = true
        warning(Parser.depthLimitWarning)
    }

    // MARK: - Driver

    func parse(_ source: String) {
        var bytes = Array(source.utf8)
        // adapt_source: \r\n? -> \n, chomp, then one \n at the end.
        if bytes.contains(13) {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                if bytes[i] == 13 {
                    out.append(10)
                    if bytes.at(i + 1) == 10 { i += 1 }
                } else {
                    out.append(bytes[i])
                }
                i += 1
            }
            bytes = out
        }
        if bytes.last == 10 { bytes.removeLast() }
        bytes.append(10)
        linkBudget = 2 * bytes.count + 20_000
        src = Scanner(bytes)
        parseBlocks(root, nil)
        updateTree(root)
        replaceAbbreviations(root)
        for (_, data) in footnotes.sorted(by: { $0.value.order < $1.value.order }) {
            updateTree(data.content)
            replaceAbbreviations(data.content)
        }
        for (name, data) in footnotes.sorted(by: { $0.value.order < $1.value.order }) where data.markers.isEmpty {
            warning("Footnote definition for '\(name)' is unreferenced - ignoring")
        }
        if gfm { updateElements(root) }
    }

    @discardableResult
    func parseBlocks(_ el: Element, _ text: [UInt8]?) -> Bool {
        blockStack.append((tree, src, blockIAL))
        tree = el
        blockIAL = nil
        if let text { src = Scanner(text) }
        blockDepth += 1
        var status = false
        outer: while !src.eos {
            var handled = false
            for kind in blockParsers {
                let before = src.pos
                if tryBlock(kind) {
                    handled = true
                    if stopBlockParsing {
                        stopBlockParsing = false
                        status = true
                        break outer
                    }
                    if src.pos == before && kind != .blankLine { continue outer }
                    break
                }
            }
            if !handled {
                warning("Warning: this should not occur - no block parser handled the line")
                let e = src.lineEndIncl(src.pos)
                addText(Array(src.s[src.pos..<e]))
                src.pos = e
            }
        }
        blockDepth -= 1
        let (t, s, b) = blockStack.removeLast()
        tree = t
        src = s
        blockIAL = b
        return status
    }

    func tryBlock(_ kind: BlockKind) -> Bool {
        let s = src.s, p = src.pos
        switch kind {
        case .blankLine:
            guard let e = Pat.blankLine(s, p) else { return false }
            src.pos = e
            if let last = tree.children.last, last.type == .blank {
                last.value.append(contentsOf: s[p..<e])
            } else {
                tree.children.append(newBlockEl(.blank, Array(s[p..<e])))
            }
            return true
        case .codeblock:
            guard s.at(p) == 9 || s.has("    ", at: p) else { return false }
            return parseCodeblock()
        case .codeblockFenced:
            guard Pat.fenceStart(s, p, gfm: gfm) else { return false }
            return parseCodeblockFenced()
        case .blockquote:
            guard Pat.blockquoteStart(s, p) != nil, blockMayNest() else { return false }
            return parseBlockquote()
        case .atxHeader:
            return parseATXHeader()
        case .horizontalRule:
            guard let e = Pat.hrStart(s, p) else { return false }
            src.pos = e
            tree.children.append(newBlockEl(.hr))
            return true
        case .list:
            guard Pat.listStart(s, p), blockMayNest() else { return false }
            return parseList()
        case .definitionList:
            guard Pat.defStart(s, p) != nil, blockMayNest() else { return false }
            return parseDefinitionList()
        case .blockHTML:
            // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
            let q = s.skipSpaces(p, max: 3)
            guard s.at(q) == UInt8(ascii: "<"),
                  Chars.matchUName(s, q + 1) != nil || s.has("!--", at: q + 1) || s.at(q + 1) == UInt8(ascii: "/")
            else { return false }
            return parseBlockHTML()
        case .setextHeader:
            return parseSetextHeader()
        case .blockMath:
            return parseBlockMath()
        case .table:
            // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
            let q = s.skipSpaces(p, max: 3)
            guard q < s.count, !Chars.isSpace(s[q]), Pat.tableLine(s, q) else { return false }
            return parseTable()
        case .footnoteDefinition:
            return parseFootnoteDefinition()
        case .linkDefinition:
            return parseLinkDefinition()
        case .abbrevDefinition:
            return parseAbbrevDefinition()
        case .blockExtensions:
            guard s.has("{:", at: s.skipSpaces(p, max: 3)) else { return false }
            return parseBlockExtensions()
        case .eobMarker:
            guard let e = Pat.eobMarker(s, p) else { return false }
            src.pos = e
            tree.children.append(newBlockEl(.eob))
            return true
        case .paragraph:
            // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
            let q = s.skipSpaces(p, max: 3)
            guard q < s.count, !Chars.isBlank(s[q]) else { return false }
            let e = s[q] == 10 ? s.lineEnd(q + 1) : s.lineEnd(q)
            guard e < s.count else { return false }
            return parseParagraph()
        }
    }

    // MARK: - Helpers

    func newBlockEl(_ type: ElementType, _ value: [UInt8] = []) -> Element {
        let el = Element(type, value)
        if let ial = blockIAL {
            el.ial = ial
            blockIAL = nil
        }
        return el
    }

    func addText(_ text: [UInt8], _ t: Element? = nil, _ type: ElementType? = nil) {
        let target = t ?? tree
        let ty = type ?? textType
        if let last = target.children.last, last.type == ty {
            last.value.append(contentsOf: text)
        } else if !text.isEmpty {
            target.children.append(Element(ty, text))
        }
    }

    func afterBlockBoundary() -> Bool {
        guard let last = tree.children.last else { return true }
        return last.type == .blank || (last.type == .eob && last.eobKind.isEmpty) || blockIAL != nil
    }

    func beforeBlockBoundary() -> Bool {
        let s = src.s, p = src.pos
        return Pat.blankLine(s, p) != nil || Pat.eobMarker(s, p) != nil || Pat.ialBlockStart(s, p) != nil || src.isEndZ(p)
    }

    func paragraphEnd(_ p: Int) -> Bool {
        let s = src.s
        if Pat.lazyEnd(src, p) || Pat.defStart(s, p) != nil { return true }
        guard paragraphEndQuirk else { return false }
        return Pat.listStart(s, p) || Pat.atxGFM(s, p) != nil || Pat.blockquoteStart(s, p) != nil
            || Pat.fenceStart(s, p, gfm: true)
    }

    // MARK: - Block parsers

    func parseParagraph() -> Bool {
        let s = src.s
        let start = src.pos
        var e = src.lineEndIncl(start)
        while !paragraphEnd(e) {
            e = src.lineEndIncl(e)
        }
        src.pos = e
        var result = rstripped(Array(s[start..<e]))
        if let last = tree.children.last, last.type == .p {
            if let item = last.children.last, item.type == textType {
                let joiner: [UInt8] = (start >= 3 && s.has("  \n", at: start - 3)) ? Array("  \n".utf8) : [10]
                item.value.append(contentsOf: joiner)
                item.value.append(contentsOf: result)
            } else {
                addText(result, last)
            }
        } else {
            let p = newBlockEl(.p)
            tree.children.append(p)
            result = lstripped(result)
            addText(result, p)
        }
        return true
    }

    /// `CODEBLOCK_MATCH` from `p`: the end of the indented code block.
    func codeblockMatchEnd(_ s: [UInt8], _ p0: Int) -> Int {
        var p = p0
        while true {
            var q = p
            if let b = Pat.blankLine(s, q) { q = b }
            var n = 0
            while q < s.count {
                var r: Int
                if s[q] == 9 { r = q + 1 } else if s.has("    ", at: q) { r = q + 4 } else { break }
                r = s.skipBlanks(r)
                guard r < s.count, !Chars.isSpace(s[r]) else { break }
                let e = s.lineEnd(r)
                guard e < s.count else { break }
                q = e + 1
                n += 1
            }
            if n == 0 { return p }
            while q < s.count {
                let o = s.skipSpaces(q, max: 3)
                if Pat.ialBlockStart(s, q) != nil || Pat.eobMarker(s, q) != nil || Pat.lazyEndHTMLStop(s, o)
                    || Pat.lazyEndHTMLStart(s, o) { break }
                let r = s.skipBlanks(q)
                guard r < s.count, !Chars.isSpace(s[r]) else { break }
                let e = s.lineEnd(r)
                guard e < s.count else { break }
                q = e + 1
            }
            p = q
        }
    }

    func parseCodeblock() -> Bool {
        let s = src.s
        let start = src.pos
        let end = codeblockMatchEnd(s, start)
        guard end > start else { return false }
        src.pos = end
        var data = Array(s[start..<end])
        // gsub(/\n( {0,3}\S)/, ' \1')
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        var i = 0
        while i < data.count {
            if data[i] == 10 {
                let q = data.skipSpaces(i + 1, max: 3)
                if q < data.count && !Chars.isSpace(data[q]) {
                    out.append(32)
                    i += 1
                    continue
                }
            }
            out.append(data[i])
            i += 1
        }
        data = Parser.removeIndent(out)
        tree.children.append(newBlockEl(.codeblock, data))
        return true
    }

    /// `gsub(INDENT, '')`: drops one tab or four spaces at every line start.
    static func removeIndent(_ d: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(d.count)
        var i = 0
        var lineStart = true
        while i < d.count {
            if lineStart {
                lineStart = false
                if d[i] == 9 { i += 1; continue }
                if d.has("    ", at: i) { i += 4; continue }
            }
            if d[i] == 10 { lineStart = true }
            out.append(d[i])
            i += 1
        }
        return out
    }

    func parseCodeblockFenced() -> Bool {
        let s = src.s, p = src.pos
        let q = gfm ? s.skipSpaces(p, max: 3) : p
        var j = q
        while j < s.count && (s[j] == UInt8(ascii: "~") || (gfm && s[j] == UInt8(ascii: "`"))) { j += 1 }
        let n = j - q
        let lineEnd = s.lineEnd(j)
        guard lineEnd < s.count else { return false }
        // Candidate closing lines: up to 3 spaces (none for kramdown), a run of fence characters,
        // white space; found once per text (see FenceClosings).
        let closings = src.fenceClosings(gfm: gfm)
        let firstAfter = closings.firstIndex(atOrAfter: lineEnd + 1)
        if firstAfter == closings.lines.count { return false }
        // The regex tries the longest fence first (`{3,}` backtracks), each with the first
        // closing line after it. The rest of the line is the info string: for a shorter fence
        // it starts with the fence characters left over, so up to its first space it is the
        // same for every shorter fence.
        var uniformRun = 1
        while uniformRun < n && s[q + uniformRun] == s[q] { uniformRun += 1 }
        var tokenEndBelow = q + n
        while tokenEndBelow < lineEnd && !Chars.isSpace(s[tokenEndBelow]) { tokenEndBelow += 1 }
        func infoAllowed(_ b: Int) -> Bool {
            let c = s.skipBlanks(b)
            guard c == lineEnd || (c < lineEnd && s.spaceThenNewline(c) == lineEnd + 1) else { return false }
            return s.spaceThenNewline(b) == lineEnd + 1 || b == lineEnd
        }
        let allowedBelow = n > 3 && infoAllowed(tokenEndBelow)
        var k = n
        while k >= 3 {
            defer { k -= 1 }
            let a: Int, b: Int
            if k == n {
                a = s.skipBlanks(q + k)
                var e = a
                while e < lineEnd && !Chars.isSpace(s[e]) { e += 1 }
                b = e
                guard infoAllowed(b) else { continue }
            } else {
                guard allowedBelow else { break }
                a = q + k
                b = tokenEndBelow
            }
            let found: FenceClosings.Line?
            if k <= uniformRun {
                // One character: the first later run of it alone, at least k long.
                found = closings.firstUniform(from: firstAfter, character: s[q], length: k).map { closings.lines[$0] }
            } else {
                // Mixed: a mixed run that starts with the fence, then its last character.
                let fence = s[q..<(q + k)]
                let last = s[q + k - 1]
                found = closings.mixedLines(from: firstAfter).lazy.map { closings.lines[$0] }.first { cl in
                    let run = s[cl.run]
                    return run.count >= k && run.prefix(k).elementsEqual(fence) && run.dropFirst(k).allSatisfy { $0 == last }
                }
            }
            guard let cl = found else { continue }
            let token = Array(s[a..<b])
            src.pos = cl.end
            let body = Array(s[(lineEnd + 1)..<cl.start])
            let el = newBlockEl(.codeblock, body)
            let lang = stripped(token).string
            if !lang.isEmpty {
                el.lang = lang
                var g = token.count
                if let qm = token.dropFirst().firstIndex(of: UInt8(ascii: "?")) { g = qm }
                el.attr["class"] = "language-" + token[0..<g].string
            }
            tree.children.append(el)
            return true
        }
        return false
    }

    func parseBlockquote() -> Bool {
        let s = src.s
        let start = src.pos
        var e = src.lineEndIncl(start)
        while !Pat.lazyEnd(src, e) { e = src.lineEndIncl(e) }
        src.pos = e
        var result: [UInt8] = []
        result.reserveCapacity(e - start)
        var i = start
        while i < e {
            if let b = Pat.blockquoteStart(s, i) { i = b }
            let le = min(src.lineEndIncl(i), e)
            result.append(contentsOf: s[i..<le])
            i = le
        }
        let el = newBlockEl(.blockquote)
        tree.children.append(el)
        parseBlocks(el, result)
        return true
    }

    /// `parse_header_contents`: strips the text and an explicit `{#id}`.
    func headerContents(_ raw: [UInt8]) -> ([UInt8], String?) {
        var text = rstripped(raw)
        guard text.last == UInt8(ascii: "}") else { return (text, nil) }
        var k = text.count - 2
        while k >= 1 && !(text[k] == UInt8(ascii: "{") && text[k + 1] == UInt8(ascii: "#")) { k -= 1 }
        guard k >= 1, Chars.isBlank(text[k - 1]) else { return (text, nil) }
        let idBytes = Array(text[(k + 2)..<(text.count - 1)])
        guard !idBytes.isEmpty else { return (text, nil) }
        var i = 0
        var first = true
        while i < idBytes.count {
            let (u, l) = Chars.scalar(idBytes, i)
            if first ? !Chars.isXMLNameStart(u) : !Chars.isXMLNameChar(u) { return (text, nil) }
            first = false
            i += l
        }
        text = rstripped(Array(text[0..<(k - 1)]))
        return (text, idBytes.string)
    }

    func addHeader(_ level: Int, _ text: [UInt8], _ id: String?, end: Int) {
        src.pos = end
        let el = newBlockEl(.header)
        el.level = level
        el.rawText = text
        addText(text, el)
        if let id { el.attr["id"] = id }
        tree.children.append(el)
    }

    func parseATXHeader() -> Bool {
        let s = src.s, p = src.pos
        if gfm {
            guard let (level, range, end) = Pat.atxGFM(s, p) else { return false }
            if !paragraphEndQuirk && !afterBlockBoundary() { return false }
            var (text, id) = headerContents(Array(s[range]))
            if paragraphEndQuirk {
                // sub(/[\t ]#+\z/, '') && rstrip
                var k = text.count
                while k > 0 && text[k - 1] == UInt8(ascii: "#") { k -= 1 }
                if k < text.count && k > 0 && Chars.isBlank(text[k - 1]) { text = rstripped(Array(text[0..<(k - 1)])) }
            } else {
                text = stripClosingHashes(text)
            }
            if text.isEmpty { return false }
            addHeader(level, text, id, end: end)
            return true
        }
        guard let (level, range, end) = Pat.atxKramdown(s, p), afterBlockBoundary() else { return false }
        var (text, id) = headerContents(Array(s[range]))
        text = stripClosingHashes(text)
        if text.isEmpty { return false }
        addHeader(level, text, id, end: end)
        return true
    }

    /// `text.sub!(/(?<!\\)#+\z/, '') && text.rstrip!`
    func stripClosingHashes(_ t: [UInt8]) -> [UInt8] {
        var k = t.count
        while k > 0 && t[k - 1] == UInt8(ascii: "#") { k -= 1 }
        guard k < t.count else { return t }
        // The leftmost start of the trailing run not preceded by a backslash.
        var start = k
        while start < t.count && start > 0 && t[start - 1] == UInt8(ascii: "\\") { start += 1 }
        guard start < t.count else { return t }
        return rstripped(Array(t[0..<start]))
    }

    func parseSetextHeader() -> Bool {
        let s = src.s, p = src.pos
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        let q = s.skipSpaces(p, max: 3)
        guard q < s.count, !Chars.isBlank(s[q]) else { return false }
        var le = s.lineEnd(q)
        if s[q] == 10 { le = s.lineEnd(q + 1) }
        guard le < s.count else { return false }
        let u = le + 1
        let c = s.at(u)
        guard c == UInt8(ascii: "-") || c == UInt8(ascii: "=") else { return false }
        var j = u + 1
        while j < s.count && (s[j] == UInt8(ascii: "-") || s[j] == UInt8(ascii: "=")) { j += 1 }
        while j < s.count && (s[j] == 32 || s[j] == 9 || s[j] == 13 || s[j] == 12 || s[j] == 11) { j += 1 }
        guard s.at(j) == 10 else { return false }
        guard afterBlockBoundary() else { return false }
        let (text, id) = headerContents(Array(s[q..<le]))
        if text.isEmpty { return false }
        addHeader(c == UInt8(ascii: "-") ? 2 : 1, text, id, end: j + 1)
        return true
    }

    func parseBlockMath() -> Bool {
        let s = src.s, p = src.pos
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        let q = s.skipSpaces(p, max: 3)
        var d = q
        let escaped = s.at(d) == UInt8(ascii: "\\")
        if escaped { d += 1 }
        guard s.has("$$", at: d) else { return false }
        let close = src.nextIndex(kind: 1, from: d + 2) { s.has("$$", at: $0) }
        guard close < s.count else { return false }
        var end = close + 2
        var hasTail = false
        if let t = s.spaceThenNewline(end) { end = t; hasTail = true }
        guard afterBlockBoundary() else { return false }
        if escaped {
            if hasTail { src.pos = q + 1 }
            return false
        }
        let saved = src.pos
        src.pos = end
        let data = stripped(Array(s[(d + 2)..<close]))
        if beforeBlockBoundary() {
            let el = newBlockEl(.math, data)
            el.category = .block
            tree.children.append(el)
            return true
        }
        src.pos = saved
        return false
    }
}
