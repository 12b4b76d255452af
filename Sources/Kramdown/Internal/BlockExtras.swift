/// Tables, footnote/link/abbreviation definitions, IALs, ALDs and extensions.
extension Parser {
    // MARK: - Attribute lists

    /// `parse_attribute_list`: fills `ial` from the text inside `{: … }`.
    func parseAttributeList(_ str: [UInt8], _ ial: inout IAL) {
        let st = stripped(str)
        if st.isEmpty || st == [UInt8(ascii: ":")] { return }
        let s = str
        var found = false
        var i = 0
        func lookaheadOK(_ j: Int) -> Bool { j >= s.count || Chars.isSpace(s[j]) || (j == s.count - 1 && s[j] == 10) }
        func idName(_ j: Int) -> Int? {
            guard j < s.count, Chars.isWord(s[j]) else { return nil }
            var k = j + 1
            while k < s.count && (Chars.isWord(s[k]) || s[k] == UInt8(ascii: "-")) { k += 1 }
            return k
        }
        while i <= s.count {
            // (?:\A|\s): at the start, or after one white-space character.
            var starts: [Int] = []
            if i == 0 { starts.append(0) }
            if i < s.count && Chars.isSpace(s[i]) { starts.append(i + 1) }
            if starts.isEmpty { i += 1; continue }
            var progressed = false
            for t in starts where !progressed {
            var matched = false
            // Key-value pair.
            if let ke = idName(t), s.at(ke) == UInt8(ascii: "="), s.at(ke + 1) == 34 || s.at(ke + 1) == 39 {
                let q = s[ke + 1]
                var j = ke + 2
                var value: [UInt8] = []
                var ok = false
                while j < s.count {
                    if s[j] == q && lookaheadOK(j + 1) { ok = true; break }
                    if s[j] == UInt8(ascii: "\\") && (s.at(j + 1) == UInt8(ascii: "}") || s.at(j + 1) == q) {
                        value.append(s[j + 1])
                        j += 2
                        continue
                    }
                    if s[j] == UInt8(ascii: "}") || s[j] == 2 { break }
                    value.append(s[j])
                    j += 1
                }
                if ok {
                    ial.attrs[s[t..<ke].string] = value.string
                    matched = true
                    i = j + 1
                }
            }
            if !matched, let re = idName(t), lookaheadOK(re) {
                ial.refs = (ial.refs ?? []) + [s[t..<re].string]
                matched = true
                i = re
            }
            if !matched {
                var j = t
                var items: [(Bool, String)] = []
                while j < s.count {
                    if s[j] == UInt8(ascii: "#"), Chars.isASCIIAlpha(s.at(j + 1)) {
                        var k = j + 2
                        while k < s.count && (Chars.isWord(s[k]) || s[k] == UInt8(ascii: ":") || s[k] == UInt8(ascii: "-")) { k += 1 }
                        items.append((true, s[(j + 1)..<k].string))
                        j = k
                    } else if s[j] == UInt8(ascii: "."), j + 1 < s.count, !Chars.isSpace(s[j + 1]),
                              s[j + 1] != UInt8(ascii: "."), s[j + 1] != UInt8(ascii: "#") {
                        var k = j + 1
                        while k < s.count && !Chars.isSpace(s[k]) && s[k] != UInt8(ascii: ".") && s[k] != UInt8(ascii: "#") { k += 1 }
                        items.append((false, s[(j + 1)..<k].string))
                        j = k
                    } else {
                        break
                    }
                }
                if !items.isEmpty && lookaheadOK(j) {
                    for (isID, v) in items {
                        if isID { ial.attrs["id"] = v } else {
                            ial.attrs["class"] = rubyLStrip((ial.attrs["class"] ?? "") + " " + v)
                        }
                    }
                    matched = true
                    i = j
                }
            }
            if matched { found = true; progressed = true }
            }
            if !progressed { i += 1 }
        }
        if !found { warning("No or invalid attributes found in IAL/ALD content: \(str.string)") }
    }

    /// `update_attr_with_ial`.
    func updateAttr(_ attr: inout AttrMap, with ial: IAL, depth: Int = 0) {
        if let refs = ial.refs, depth < 20 {
            for r in refs { if let ald = alds[r] { updateAttr(&attr, with: ald, depth: depth + 1) } }
        }
        for (k, v) in ial.attrs.entries {
            if k == "class" { attr["class"] = rubyLStrip((attr["class"] ?? "") + " " + v) } else { attr[k] = v }
        }
    }

    /// `update_ial_with_ial`.
    func updateIAL(_ ial: inout IAL, with opts: IAL) {
        if let r = opts.refs { ial.refs = (ial.refs ?? []) + r }
        for (k, v) in opts.attrs.entries {
            if k == "class" { ial.attrs["class"] = rubyLStrip((ial.attrs["class"] ?? "") + " " + v) } else { ial.attrs[k] = v }
        }
    }

    // MARK: - Extensions

    /// `EXT_START_STR` or `EXT_STOP_STR % ALD_ID_NAME` at `p`: (name, attrs, selfClosing, stopName, end).
    static func extStart(_ s: [UInt8], _ p: Int) -> (name: String?, attrs: [UInt8]?, slash: Bool, stop: String?, isStop: Bool, end: Int)? {
        if s.has("{::", at: p) {
            var j = p + 3
            while j < s.count && Chars.isWord(s[j]) { j += 1 }
            guard j > p + 3 else { return nil }
            let name = s[(p + 3)..<j].string
            if s.at(j) == UInt8(ascii: "}") { return (name, nil, false, nil, false, j + 1) }
            if s.has("/}", at: j) { return (name, nil, true, nil, false, j + 2) }
            guard j < s.count, Chars.isSpace(s[j]) else { return nil }
            var k = j + 1
            while k < s.count {
                if s[k] == UInt8(ascii: "\\") && s.at(k + 1) == UInt8(ascii: "}") { k += 2; continue }
                if s.has("/}", at: k) { return (name, Array(s[(j + 1)..<k]), true, nil, false, k + 2) }
                if s[k] == UInt8(ascii: "}") { return (name, Array(s[(j + 1)..<k]), false, nil, false, k + 1) }
                k += 1
            }
            return nil
        }
        if s.has("{:/", at: p) {
            var j = p + 3
            if Chars.isWord(s.at(j)) {
                j += 1
                while j < s.count && (Chars.isWord(s[j]) || s[j] == UInt8(ascii: "-")) { j += 1 }
            }
            guard s.at(j) == UInt8(ascii: "}") else { return nil }
            let stop = j > p + 3 ? s[(p + 3)..<j].string : nil
            return (nil, nil, false, stop, true, j + 1)
        }
        return nil
    }

    /// `parse_extension_start_tag`.
    func parseExtensionStartTag(block: Bool, start: Int, m: (name: String?, attrs: [UInt8]?, slash: Bool, stop: String?, isStop: Bool, end: Int), matchEnd: Int) -> Bool {
        let saved = src.pos
        src.pos = matchEnd
        func errorBlock(_ msg: String) -> Bool {
            warning(msg)
            src.pos = saved
            if !block {
                let l = Chars.charLength(src.s, src.pos)
                addText(Array(src.s[src.pos..<(src.pos + l)]))
                src.pos += l
            }
            return false
        }
        if m.isStop { return errorBlock("Invalid extension stop tag found - ignoring it") }
        let ext = m.name ?? ""
        var opts = IAL()
        parseAttributeList(m.attrs ?? [], &opts)
        var body: [UInt8]? = nil
        if !m.slash {
            let s = src.s
            var i = src.pos
            var found: (Int, Int)? = nil
            while i < s.count {
                if block {
                    if s.isLineStart(i) {
                        let q = s.skipSpaces(i, max: 3)
                        if let e = stopTag(s, q, ext) {
                            var j = e
                            while j < s.count && s[j] == 32 { j += 1 }
                            if s.at(j) == 10 { found = (i, j + 1); break }
                        }
                    }
                } else if let e = stopTag(s, i, ext) {
                    found = (i, e)
                    break
                }
                i += 1
            }
            guard let (a, e) = found else {
                return errorBlock("No stop tag for extension '\(ext)' found - ignoring it")
            }
            var b = Array(s[src.pos..<a])
            if block && b.last == 10 { b.removeLast() }
            body = b
            src.pos = e
        }
        if !handleExtension(ext, opts, body, block: block) {
            return errorBlock("Invalid extension with name '\(ext)' specified - ignoring it")
        }
        return true
    }

    /// `\{:/(ext)?\}` at `p`: the end.
    func stopTag(_ s: [UInt8], _ p: Int, _ ext: String) -> Int? {
        guard s.has("{:/", at: p) else { return nil }
        if s.at(p + 3) == UInt8(ascii: "}") { return p + 4 }
        let e = Array(ext.utf8)
        for k in 0..<e.count where s.at(p + 3 + k) != e[k] { return nil }
        return s.at(p + 3 + e.count) == UInt8(ascii: "}") ? p + 4 + e.count : nil
    }

    func handleExtension(_ name: String, _ opts: IAL, _ body: [UInt8]?, block: Bool) -> Bool {
        switch name {
        case "comment":
            if let body {
                let el = Element(.comment, body)
                el.category = block ? .block : .span
                tree.children.append(el)
            }
            return true
        case "nomarkdown":
            if let body {
                let el = Element(.raw, body)
                el.category = block ? .block : .span
                el.rawTypes = (opts.attrs["type"] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
                tree.children.append(el)
            }
            return true
        case "options":
            for (k, v) in opts.attrs.entries {
                if k == "template" || k == "forbidden_inline_options" {
                    warning("Option \(k) may not be set inline")
                    continue
                }
                if !options.apply(key: k, value: .string(v)) { warning("Unknown kramdown option '\(k)'") }
            }
            if block {
                let el = newBlockEl(.eob)
                el.eobKind = "extension"
                tree.children.append(el)
            }
            return true
        default:
            return false
        }
    }

    func parseBlockExtensions() -> Bool {
        let s = src.s, p = src.pos
        let q = s.skipSpaces(p, max: 3)
        // ALD_START = ^ {0,3}\{:(ALD_ID_NAME):(ALD_ANY_CHARS+)\}\s*?\n
        if Chars.isWord(s.at(q + 2)) {
            var j = q + 3
            while j < s.count && (Chars.isWord(s[j]) || s[j] == UInt8(ascii: "-")) { j += 1 }
            if s.at(j) == UInt8(ascii: ":"), let m = Pat.braceContent(s, j + 1, tail: { s.spaceThenNewline($0) }) {
                let name = s[(q + 2)..<j].string
                src.pos = m.end
                var ald = alds[name] ?? IAL()
                parseAttributeList(Array(s[(j + 1)..<m.close]), &ald)
                alds[name] = ald
                let el = newBlockEl(.eob)
                el.eobKind = "ald"
                tree.children.append(el)
                return true
            }
        }
        if let m = Parser.extStart(s, q), let e = s.spaceThenNewline(m.end) {
            return parseExtensionStartTag(block: true, start: p, m: m, matchEnd: e)
        }
        if let (content, e) = Pat.ialBlockStart(s, p) {
            src.pos = e
            if let last = tree.children.last, last.type != .blank,
               last.type != .eob || ["link_def", "abbrev_def", "footnote_def"].contains(last.eobKind) {
                var ial = last.ial ?? IAL()
                parseAttributeList(Array(s[content]), &ial)
                last.ial = ial
                if Pat.ialBlockStart(s, src.pos) == nil {
                    let el = newBlockEl(.eob)
                    el.eobKind = "ial"
                    tree.children.append(el)
                }
            } else {
                var ial = blockIAL ?? IAL()
                parseAttributeList(Array(s[content]), &ial)
                blockIAL = ial
            }
            return true
        }
        return false
    }

    // MARK: - Definitions

    func parseFootnoteDefinition() -> Bool {
        let s = src.s, p = src.pos
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        let q = s.skipSpaces(p, max: 3)
        guard s.has("[^", at: q), Chars.isWord(s.at(q + 2)) else { return false }
        var j = q + 3
        while j < s.count && (Chars.isWord(s[j]) || s[j] == UInt8(ascii: "-")) { j += 1 }
        guard s.has("]:", at: j) else { return false }
        let name = s[(q + 2)..<j].string
        let firstEnd = s.lineEnd(j + 2)
        guard firstEnd < s.count else { return false }
        let end = codeblockMatchEnd(s, firstEnd + 1)
        src.pos = end
        let el = Element(.footnoteDef)
        parseBlocks(el, Parser.removeIndent(Array(s[(j + 2)..<end])))
        if footnotes[name] != nil { warning("Duplicate footnote name '\(name)' - overwriting") }
        let eob = newBlockEl(.eob)
        eob.eobKind = "footnote_def"
        tree.children.append(eob)
        let order = footnotes[name]?.order ?? footnoteOrder
        footnoteOrder += 1
        footnotes[name] = FootnoteData(content: el, eob: eob, order: order)
        return true
    }

    func parseLinkDefinition() -> Bool {
        let s = src.s, p = src.pos
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        let q = s.skipSpaces(p, max: 3)
        guard s.at(q) == UInt8(ascii: "[") else { return false }
        var j = q + 1
        while j < s.count && s[j] != 10 && s[j] != UInt8(ascii: "]") { j += 1 }
        guard j > q + 1, s.has("]:", at: j) else { return false }
        let id = s[(q + 1)..<j]
        let p0 = s.skipBlanks(j + 2)
        let le = s.lineEnd(p0)
        guard le < s.count else { return false }

        // The optional title and the line end after the URL, from `t`: (title range, end).
        func tail(_ t: Int) -> (Range<Int>?, Int)? {
            func titleFrom(_ a: Int) -> (Range<Int>, Int)? {
                let c = s.at(a)
                guard c == 34 || c == 39 else { return nil }
                let e = s.lineEnd(a)
                guard e < s.count else { return nil }
                var k = a + 2
                while k < e {
                    if s[k] == c {
                        let b = s.skipBlanks(k + 1)
                        if s.at(b) == 10 { return ((a + 1)..<k, b + 1) }
                    }
                    k += 1
                }
                return nil
            }
            // (?:[ \t]*?\n|[ \t]+?)[ \t]*?(["'])(.+?)\4
            let b = s.skipBlanks(t)
            if s.at(b) == 10, let r = titleFrom(s.skipBlanks(b + 1)) { return (r.0, r.1) }
            if b > t, let r = titleFrom(b) { return (r.0, r.1) }
            if s.at(b) == 10 { return (nil, b + 1) }
            return nil
        }

        var url: Range<Int>? = nil
        var group3: Range<Int>? = nil
        var result: (Range<Int>?, Int)? = nil
        if s.at(p0) == UInt8(ascii: "<") {
            var g = p0 + 1
            while g < le {
                if s[g] == UInt8(ascii: ">"), let r = tail(g + 1) {
                    url = (p0 + 1)..<g
                    result = r
                    break
                }
                g += 1
            }
        }
        if result == nil {
            var sawNonSpace = false
            var e = p0
            while e < le {
                if !Chars.isSpace(s[e]) { sawNonSpace = true }
                e += 1
                if sawNonSpace, let r = tail(e) {
                    group3 = p0..<e
                    url = group3
                    result = r
                    break
                }
            }
        }
        guard let (titleRange, end) = result, let urlRange = url else { return false }
        if let g3 = group3 {
            // return false if @src[3] =~ /[ \t]+["']/
            var k = g3.lowerBound
            while k < g3.upperBound - 1 {
                if Chars.isBlank(s[k]) {
                    var m = k
                    while m < g3.upperBound && Chars.isBlank(s[m]) { m += 1 }
                    if m < g3.upperBound && (s[m] == 34 || s[m] == 39) { return false }
                    k = m
                } else { k += 1 }
            }
        }
        src.pos = end
        let linkID = normalizeLinkID(id.string)
        if linkDefs[linkID] != nil { warning("Duplicate link ID '\(linkID)' - overwriting") }
        let eob = newBlockEl(.eob)
        eob.eobKind = "link_def"
        tree.children.append(eob)
        linkDefs[linkID] = (Array(s[urlRange]), titleRange.map { Array(s[$0]) }, eob)
        return true
    }

    func parseAbbrevDefinition() -> Bool {
        let s = src.s, p = src.pos
        // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
        let q = s.skipSpaces(p, max: 3)
        guard s.has("*[", at: q) else { return false }
        let le = s.lineEnd(q)
        guard le < s.count else { return false }
        var j = q + 3
        while j < le && !s.has("]:", at: j) { j += 1 }
        guard j < le else { return false }
        src.pos = le + 1
        let id = s[(q + 2)..<j].string
        let text = stripped(Array(s[(j + 2)..<le])).string
        if abbrevDefs.contains(where: { $0.0 == id }) {
            warning("Duplicate abbreviation ID '\(id)' - overwriting")
            abbrevDefs.removeAll { $0.0 == id }
        }
        let eob = newBlockEl(.eob)
        eob.eobKind = "abbrev_def"
        tree.children.append(eob)
        abbrevDefs.append((id, text))
        abbrevEOB[id] = eob
        return true
    }

    // MARK: - Tables

    func parseTable() -> Bool {
        guard afterBlockBoundary() else { return false }
        let s = src.s
        let savedPos = src.pos
        let origPos = src.pos
        let table = newBlockEl(.table)
        let savedIAL = table.ial
        let leadingPipe = s.at(s.skipBlanks(src.pos)) == UInt8(ascii: "|")
        if let (_, e) = Pat.tableSepLine(s, src.pos, mark: UInt8(ascii: "-")) { src.pos = e }
        var rows: [Element] = []
        var hasFooter = false
        var columns = 0
        var alignmentSet = false
        func addContainer(_ type: ElementType, _ force: Bool) {
            if !hasFooter || type != .tbody || force {
                let cont = Element(type)
                cont.children = rows
                rows = []
                table.children.append(cont)
            }
        }
        while !src.eos {
            let p = src.pos
            guard Pat.tableLine(s, p) else { break }
            if let (g, e) = Pat.tableSepLine(s, p, mark: UInt8(ascii: "-")) {
                src.pos = e
                if rows.isEmpty {
                } else if !alignmentSet && !hasFooter {
                    addContainer(.thead, false)
                    table.alignment = Parser.alignments(Array(s[p..<g]))
                    alignmentSet = !table.alignment.isEmpty
                } else {
                    addContainer(.tbody, false)
                }
            } else if let (_, e) = Pat.tableSepLine(s, p, mark: UInt8(ascii: "=")) {
                src.pos = e
                if !rows.isEmpty { addContainer(.tbody, true) }
                hasFooter = true
            } else {
                let le = s.lineEnd(p)
                guard le < s.count else { break }
                var g = le
                while g > p && Chars.isBlank(s[g - 1]) { g -= 1 }
                src.pos = le + 1
                let line = Array(s[p..<g])
                let cells = splitRow(line)
                var cs = cells
                if leadingPipe, let f = cs.first, stripped(f).isEmpty { cs.removeFirst() }
                if let l = cs.last, stripped(l).isEmpty { cs.removeLast() }
                let trow = Element(.tr)
                for c in cs {
                    let td = Element(.td)
                    td.children.append(Element(.rawText, stripped(c)))
                    trow.children.append(td)
                }
                columns = max(columns, cs.count)
                rows.append(trow)
            }
        }
        if !beforeBlockBoundary() {
            src.pos = savedPos
            blockIAL = savedIAL
            return false
        }
        // Check that every line really has a pipe outside code spans.
        let region = Array(s[origPos..<max(origPos, src.pos - 1)])
        let env = (src, tree, textType, spanStack)
        src = Scanner(region)
        textType = .rawText
        spanStack = []
        let r = Element(.root)
        parseSpans(r, stop: nil, parsers: [.codespan, .spanHTML])
        (src, tree, textType, spanStack) = env
        var pipeOnLine = false
        for c in r.children {
            let v: [UInt8] = c.type == .htmlElement ? c.value : c.value
            if c.type != .rawText && c.type != .codespan && c.type != .htmlElement && c.type != .xmlComment { continue }
            var lines = v.split(separator: 10, omittingEmptySubsequences: false).map { Array($0) }
            while let l = lines.last, l.isEmpty { lines.removeLast() }
            if c.type == .codespan {
                if lines.count > 2 || (lines.count == 2 && !pipeOnLine) { break }
                if lines.count == 2 && pipeOnLine { pipeOnLine = false }
            } else {
                if lines.count > 1 && !pipeOnLine && !Pat.pipeCheck(lines[0]) { break }
                pipeOnLine = (lines.count > 1 ? false : pipeOnLine) || (lines.last.map(Pat.pipeCheck) ?? false)
            }
        }
        if !pipeOnLine {
            src.pos = savedPos
            blockIAL = savedIAL
            return false
        }
        if !rows.isEmpty { addContainer(hasFooter ? .tfoot : .tbody, false) }
        if !table.children.contains(where: { $0.type == .tbody }) {
            warning("Found table without body - ignoring it")
            src.pos = savedPos
            blockIAL = savedIAL
            return false
        }
        for kind in table.children {
            for row in kind.children {
                while row.children.count < columns { row.children.append(Element(.td)) }
            }
        }
        if table.alignment.count > columns {
            table.alignment = Array(table.alignment[0..<columns])
        } else {
            table.alignment += Array(repeating: "default", count: columns - table.alignment.count)
        }
        tree.children.append(table)
        return true
    }

    /// `TABLE_HSEP_ALIGN` scanned over a separator line.
    static func alignments(_ g: [UInt8]) -> [Substring] {
        var out: [Substring] = []
        var i = 0
        while i < g.count {
            var j = i
            if Chars.isBlank(g.at(j)) { j += 1 }
            var left = false, right = false
            if g.at(j) == UInt8(ascii: ":") { left = true; j += 1 }
            let d = j
            while j < g.count && g[j] == UInt8(ascii: "-") { j += 1 }
            if j == d { i += 1; continue }
            if g.at(j) == UInt8(ascii: ":") { right = true; j += 1 }
            if Chars.isBlank(g.at(j)) { j += 1 }
            out.append(!left && !right ? "default" : !right ? "left" : !left ? "right" : "center")
            i = j
        }
        return out
    }

    /// Splits a table row into cell texts, keeping code spans (and `<code>` HTML) whole.
    func splitRow(_ line: [UInt8]) -> [[UInt8]] {
        var cells: [[UInt8]] = []
        func appendToLast(_ x: [UInt8]) {
            if cells.isEmpty { cells.append(x) } else { cells[cells.count - 1].append(contentsOf: x) }
        }
        // split(/(<code.*?>.*?<\/code>)/)
        var parts: [([UInt8], Bool)] = []
        var i = 0
        var last = 0
        while i < line.count {
            if line.has("<code", at: i) {
                var j = i + 5
                while j < line.count && line[j] != UInt8(ascii: ">") { j += 1 }
                if j < line.count {
                    var k = j + 1
                    while k < line.count && !line.has("</code>", at: k) { k += 1 }
                    if k < line.count {
                        parts.append((Array(line[last..<i]), false))
                        parts.append((Array(line[i..<(k + 7)]), true))
                        i = k + 7
                        last = i
                        continue
                    }
                }
            }
            i += 1
        }
        parts.append((Array(line[last...]), false))
        if parts.count > 1 && parts.last!.0.isEmpty { parts.removeLast() }
        let env = (src, tree, textType, spanStack)
        for (str, isCode) in parts {
            if isCode { appendToLast(str); continue }
            src = Scanner(str)
            textType = .rawText
            spanStack = []
            let r = Element(.root)
            parseSpans(r, stop: nil, parsers: [.codespan])
            for c in r.children {
                if c.type == .rawText {
                    var pieces: [[UInt8]] = [[]]
                    let v = c.value
                    var k = 0
                    while k < v.count {
                        if v[k] == UInt8(ascii: "|") && (k == 0 || v[k - 1] != UInt8(ascii: "\\")) {
                            pieces.append([])
                        } else if v[k] == UInt8(ascii: "\\") && v.at(k + 1) == UInt8(ascii: "|") {
                            pieces[pieces.count - 1].append(UInt8(ascii: "|"))
                            k += 2
                            continue
                        } else {
                            pieces[pieces.count - 1].append(v[k])
                        }
                        k += 1
                    }
                    appendToLast(pieces[0])
                    cells.append(contentsOf: pieces.dropFirst())
                } else {
                    let delimLen = max(c.maxBacktickRun, 0) + 1
                    let delim = [UInt8](repeating: UInt8(ascii: "`"), count: delimLen)
                    let pad: [UInt8] = delimLen > 1 ? [32] : []
                    appendToLast(delim + pad + c.value + pad + delim)
                }
            }
        }
        (src, tree, textType, spanStack) = env
        return cells
    }
}

extension Element {
    /// The longest run of backticks in the value.
    var maxBacktickRun: Int {
        var best = 0, cur = 0
        for c in value { if c == UInt8(ascii: "`") { cur += 1; best = max(best, cur) } else { cur = 0 } }
        return best
    }
}

/// Ruby's `lstrip` on a String.
func rubyLStrip(_ s: String) -> String { lstripped(s.bytes).string }
