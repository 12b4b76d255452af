import BlogModel
import Kramdown

/// Writes a `Document` as the HTML kramdown 2.4's HTML converter produces (Jekyll 4's output),
/// including Rouge's code wrappers, footnotes and the table of contents.
public enum HTMLWriter {
    /// The HTML for a document, as Jekyll would publish it with these kramdown options.
    public static func html(_ document: Document, options: KramdownOptions) -> String {
        // A body that is HTML as a whole (a `.html` post, which Jekyll does not convert) is
        // published exactly as it is.
        if document.blocks.count == 1, case .rawBlock(RawFormat.html, let text) = document.blocks[0],
           document.footnotes.isEmpty, document.abbreviations.isEmpty {
            return text
        }
        var w = KramdownHTMLRenderer(document: document, options: options)
        return w.render()
    }
}

/// The converter's state while one document is written.
struct KramdownHTMLRenderer {
    let document: Document
    let options: KramdownOptions
    var footnoteCounter: Int
    var footnotes: [(name: String, blocks: [Block], number: Int, repeatCount: Int)] = []
    var footnoteIndex: [String: Int] = [:]
    var toc: [(level: Int, id: String, content: [Inline])] = []
    var tocPlaceholder: (marker: String, attributes: Attributes)? = nil
    let definitions: [String: [Block]]

    init(document: Document, options: KramdownOptions) {
        self.document = document
        self.options = options
        footnoteCounter = options.footnoteNumber
        var defs: [String: [Block]] = [:]
        for f in document.footnotes { defs[f.name] = f.blocks }
        definitions = defs
    }

    mutating func render() -> String {
        var result = ""
        appendBlocks(document.blocks, indent: 0, to: &result)
        result += footnoteContent()
        if let (marker, attrs) = tocPlaceholder {
            var text = ""
            if let tree = tocTree(attrs) { text = block(tree, indent: 0) }
            if let r = result.firstRange(of: marker) { result.replaceSubrange(r, with: text) }
        }
        return result
    }

    // MARK: - Helpers

    func attrs(_ a: Attributes, extra: [(String, String)] = [], first: [(String, String)] = []) -> String {
        var pairs = first
        if let id = a.id { pairs.append(("id", id)) }
        if !a.classes.isEmpty { pairs.append(("class", a.classes.joined(separator: " "))) }
        for kv in a.pairs { pairs.append((kv.key, kv.value)) }
        pairs += extra
        return KramdownEscaping.attributes(pairs)
    }

    func escapeText(_ s: String) -> String {
        let e = KramdownEscaping.escape(s, .text)
        return options.removeLineBreaksForCJK ? fixCJKLineBreak(e) : e
    }

    func fixCJKLineBreak(_ s: String) -> String {
        func cjk(_ c: Character) -> Bool {
            guard let u = c.unicodeScalars.first else { return false }
            switch u.value {
            case 0x2E80...0x2FDF, 0x3005...0x3007, 0x3021...0x3029, 0x3038...0x303B, 0x3040...0x30FF, 0x31F0...0x31FF,
                0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return u.value != 0x30FB && u.value != 0x30A0
            default: return false
            }
        }
        let chars = Array(s)
        var out = ""
        for (i, c) in chars.enumerated() {
            if c == "\n", i > 0, i + 1 < chars.count, cjk(chars[i - 1]), cjk(chars[i + 1]) { continue }
            out.append(c)
        }
        return out
    }

    // MARK: - Rouge

    /// kramdown's Rouge call: the highlighted code, or nil when Rouge would not highlight.
    func highlight(_ text: String, _ lang: String?, block: Bool) -> (String, defaultLang: String?)? {
        let o = block ? options.blockHighlighting : options.spanHighlighting
        guard options.syntaxHighlighter == "rouge" else { return nil }
        guard lang != nil || o.defaultLang != nil || o.guessLang else { return nil }
        let name = lang ?? o.defaultLang
        var found = true
        var isPlain = false
        if let name {
            let base = name.contains("?") ? String(name.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]) : name
            if base == "guess" || (base.isEmpty && name.contains("?")) {
                found = true
            } else {
                found = RougeLexers.names.contains(base)
                isPlain = base == "plaintext" || base == "text"
            }
        }
        if o.disable || !found || (isPlain && !o.guessLang) { return nil }
        var code = KramdownEscaping.escape(text, .all)
        if block && o.lineNumbers {
            // Rouge's HTMLTable formatter: a gutter of line numbers beside the code.
            var lines = text.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
            if let last = text.last, last != "\n" { lines += 1 }
            let numbers = (0..<max(lines, 0)).map { "\(o.startLine + $0)\n" }.joined()
            if !code.hasSuffix("\n") && !code.isEmpty { code += "\n" }
            code = "<table class=\"rouge-table\"><tbody><tr><td class=\"rouge-gutter gl\"><pre class=\"lineno\">\(numbers)</pre></td><td class=\"rouge-code\"><pre>\(code)</pre></td></tr></tbody></table>"
        }
        if block && o.wrap {
            return ("<div class=\"highlight\"><pre class=\"\(o.cssClass)\"><code>\(code)</code></pre></div>", o.defaultLang)
        }
        return (code, o.defaultLang)
    }

    // MARK: - Blocks
    //
    // Each piece is appended to one string as it is made (`append...(to:)`); the functions that
    // return a string (used by the Markdown writer for the HTML it keeps) wrap them.

    /// Up to 128 spaces, for indentation.
    private static let spaces = String(repeating: " ", count: 128)

    func pad(_ n: Int) -> String { String(repeating: " ", count: max(0, n)) }

    func appendPad(_ n: Int, to out: inout String) {
        guard n > 0 else { return }
        if n <= 128 {
            let spaces = Self.spaces
            out += spaces[..<spaces.utf8.index(spaces.utf8.startIndex, offsetBy: n)]
        } else {
            out += pad(n)
        }
    }

    /// `attrs(a)` appended (nothing for no attributes, without building a list for them).
    func appendAttrs(_ a: Attributes, to out: inout String) {
        if a.id == nil, a.classes.isEmpty, a.pairs.isEmpty { return }
        out += attrs(a)
    }

    /// Whether what was appended to `out` since `start` (a byte offset) ends with a line feed
    /// Character (`hasSuffix("\n")` on that part alone: a line feed after a carriage return is
    /// part of one Character).
    static func appendedEndsWithLineFeed(_ out: String, since start: Int) -> Bool {
        let utf8 = out.utf8
        let count = utf8.count
        guard count > start, utf8[utf8.index(before: utf8.endIndex)] == 10 else { return false }
        guard count - start >= 2 else { return true }
        return utf8[utf8.index(utf8.endIndex, offsetBy: -2)] != 13
    }

    mutating func blocks(_ bs: [Block], indent: Int) -> String {
        var out = ""
        appendBlocks(bs, indent: indent, to: &out)
        return out
    }

    mutating func appendBlocks(_ bs: [Block], indent: Int, to out: inout String) {
        for b in bs { appendBlock(b, indent: indent, to: &out) }
    }

    mutating func block(_ b: Block, indent: Int) -> String {
        var out = ""
        appendBlock(b, indent: indent, to: &out)
        return out
    }

    mutating func appendBlock(_ b: Block, indent: Int, to out: inout String) {
        switch b {
        case .paragraph(let content, let a):
            appendPad(indent, to: &out)
            out += "<p"
            appendAttrs(a, to: &out)
            out += ">"
            appendInlines(content, to: &out)
            out += "</p>\n"
        case .plain(let content):
            appendInlines(content, to: &out)
        case .heading(let level, let content, let a):
            if let id = a.id, options.tocLevels.contains(level), !a.classes.contains("no_toc") {
                toc.append((level, id, content))
            }
            let l = options.outputHeaderLevel(level)
            appendPad(indent, to: &out)
            out += "<h\(l)"
            appendAttrs(a, to: &out)
            out += ">"
            appendInlines(content, to: &out)
            out += "</h\(l)>\n"
        case .blockQuote(let content, let a):
            appendPad(indent, to: &out)
            out += "<blockquote"
            appendAttrs(a, to: &out)
            out += ">\n"
            appendBlocks(content, indent: indent + 2, to: &out)
            appendPad(indent, to: &out)
            out += "</blockquote>\n"
        case .codeBlock(let code, let language, let a0):
            var a = a0
            var lang: String? = nil
            if let i = a.classes.firstIndex(where: { $0.hasPrefix("language-") && $0.count > 9 }) {
                lang = String(a.classes[i].dropFirst(9))
                a.classes.remove(at: i)
            }
            if let (hl, defaultLang) = highlight(code, language ?? lang, block: true) {
                // add_syntax_highlighter_to_class_attr: a remaining language-* class is replaced, else one is prepended.
                var classes = a.classes + ["highlighter-rouge"]
                if let l = lang ?? defaultLang {
                    if let i = classes.firstIndex(where: { $0.hasPrefix("language-") }) { classes[i] = "language-\(l)" }
                    else { classes.insert("language-\(l)", at: 0) }
                }
                a.classes = classes
                out += "\(pad(indent))<div\(attrs(a))>\(hl)\(pad(indent))</div>\n"
                return
            }
            var result = KramdownEscaping.escape(code, .all)
            if result.hasSuffix("\n") { result.removeLast() }
            let codeAttr = lang.map { [("class", "language-\($0)")] } ?? []
            out += "\(pad(indent))<pre\(attrs(a))><code\(KramdownEscaping.attributes(codeAttr))>\(result)\n</code></pre>\n"
        case .list(let list):
            let tag: String
            switch list.kind {
            case .bullet: tag = "ul"
            case .ordered: tag = "ol"
            }
            appendPad(indent, to: &out)
            out += "<\(tag)"
            appendAttrs(list.attributes, to: &out)
            out += ">\n"
            for item in list.items { appendListItem("li", item.blocks, item.attributes, indent: indent + 2, to: &out) }
            appendPad(indent, to: &out)
            out += "</\(tag)>\n"
        case .definitionList(let items, let a):
            appendPad(indent, to: &out)
            out += "<dl"
            appendAttrs(a, to: &out)
            out += ">\n"
            for item in items {
                for (i, t) in item.terms.enumerated() {
                    let ta = i < item.termAttributes.count ? item.termAttributes[i] : .empty
                    appendPad(indent + 2, to: &out)
                    out += "<dt"
                    appendAttrs(ta, to: &out)
                    out += ">"
                    appendInlines(t, to: &out)
                    out += "</dt>\n"
                }
                for (i, d) in item.definitions.enumerated() {
                    let da = i < item.definitionAttributes.count ? item.definitionAttributes[i] : .empty
                    appendListItem("dd", d, da, indent: indent + 2, to: &out)
                }
            }
            appendPad(indent, to: &out)
            out += "</dl>\n"
        case .table(let t):
            func section(_ tag: String, _ rows: ArraySlice<[TableCell]>, _ me: inout KramdownHTMLRenderer, _ out: inout String) {
                me.appendPad(indent + 2, to: &out)
                out += "<\(tag)>\n"
                let cellTag = tag == "thead" ? "th" : "td"
                for row in rows {
                    me.appendPad(indent + 4, to: &out)
                    out += "<tr>\n"
                    for (i, cell) in row.enumerated() {
                        let align = i < t.alignments.count ? t.alignments[i] : .default
                        me.appendPad(indent + 6, to: &out)
                        out += "<\(cellTag)"
                        if align != .default { out += KramdownEscaping.attributes([("style", "text-align: \(align.rawValue)")]) }
                        out += ">"
                        let before = out.utf8.count
                        me.appendInlines(cell.content, to: &out)
                        if out.utf8.count == before { out += KramdownEscaping.entityString(named: "nbsp", output: me.options.entityOutput) }
                        out += "</\(cellTag)>\n"
                    }
                    me.appendPad(indent + 4, to: &out)
                    out += "</tr>\n"
                }
                me.appendPad(indent + 2, to: &out)
                out += "</\(tag)>\n"
            }
            appendPad(indent, to: &out)
            out += "<table"
            appendAttrs(t.attributes, to: &out)
            out += ">\n"
            if !t.head.isEmpty { section("thead", t.head[...], &self, &out) }
            let cuts = [0] + t.bodySplits + [t.body.count]
            for k in 0..<(cuts.count - 1) where cuts[k + 1] > cuts[k] && cuts[k + 1] <= t.body.count {
                section("tbody", t.body[cuts[k]..<cuts[k + 1]], &self, &out)
            }
            if !t.foot.isEmpty { section("tfoot", t.foot[...], &self, &out) }
            appendPad(indent, to: &out)
            out += "</table>\n"
        case .horizontalRule(let a):
            appendPad(indent, to: &out)
            out += "<hr"
            appendAttrs(a, to: &out)
            out += " />\n"
        case .mathBlock(let tex, let a):
            if options.mathEngine == "mathjax" {
                let result = "\\[\(KramdownEscaping.escape(tex, .all))\\]\n"
                if a.isEmpty {
                    out += result
                } else {
                    out += "\(pad(indent))<div\(attrs(a))>\(result)</div>\n"
                }
                return
            }
            var m = a
            m.classes.append("kdmath")
            out += "\(pad(indent))<div\(attrs(m))>$$\n\(tex)\n$$</div>\n"
        case .htmlElement(let tag, let a, let content):
            let void = ["area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link", "meta",
                        "param", "source", "track", "wbr"].contains(tag)
            appendPad(indent, to: &out)
            out += "<\(tag)"
            appendAttrs(a, to: &out)
            if content.count == 1, case .plain(let inl) = content[0] {
                let res = inlines(inl)
                if !res.isEmpty { out += ">\(res)</\(tag)>" } else if void { out += " />" } else { out += "></\(tag)>" }
            } else {
                var res = blocks(content, indent: indent + 2)
                if !res.isEmpty {
                    if res.hasSuffix("\n") { res.removeLast() }
                    out += ">\n\(res)\n\(pad(indent))</\(tag)>"
                } else if void { out += " />" } else { out += "></\(tag)>" }
            }
            out += "\n"
        case .tableOfContents(let a):
            if tocPlaceholder == nil {
                let marker = "\u{0}kramdown-toc-\(document.blocks.count)\u{0}"
                tocPlaceholder = (marker, a)
                out += marker
            }
        case .rawBlock(let format, let text):
            if format == "html" {
                out += text
                out += "\n"
            }
        }
    }

    /// `convert_li` / `convert_dd`.
    mutating func listItem(_ tag: String, _ content: [Block], _ a: Attributes, indent: Int) -> String {
        var out = ""
        appendListItem(tag, content, a, indent: indent, to: &out)
        return out
    }

    mutating func appendListItem(_ tag: String, _ content: [Block], _ a: Attributes, indent: Int, to out: inout String) {
        appendPad(indent, to: &out)
        out += "<\(tag)"
        appendAttrs(a, to: &out)
        out += ">"
        var firstIsPlain = false
        if let f = content.first, case .plain = f { firstIsPlain = true }
        if content.isEmpty || firstIsPlain {
            let start = out.utf8.count
            appendBlocks(content, indent: indent + 2, to: &out)
            if Self.appendedEndsWithLineFeed(out, since: start) { appendPad(indent, to: &out) }
        } else {
            out += "\n"
            appendBlocks(content, indent: indent + 2, to: &out)
            appendPad(indent, to: &out)
        }
        out += "</\(tag)>\n"
    }

    // MARK: - Inlines

    mutating func inlines(_ xs: [Inline]) -> String {
        var out = ""
        appendInlines(xs, to: &out)
        return out
    }

    mutating func appendInlines(_ xs: [Inline], to out: inout String) {
        for x in xs { appendInline(x, to: &out) }
    }

    mutating func inline(_ x: Inline) -> String {
        var out = ""
        appendInline(x, to: &out)
        return out
    }

    mutating func appendInline(_ x: Inline, to out: inout String) {
        switch x {
        case .text(let s):
            out += escapeText(s)
        case .emphasis(let c):
            out += "<em>"
            appendInlines(c, to: &out)
            out += "</em>"
        case .strong(let c):
            out += "<strong>"
            appendInlines(c, to: &out)
            out += "</strong>"
        case .strikethrough(let c):
            out += "<del>"
            appendInlines(c, to: &out)
            out += "</del>"
        case .code(let s, let a0):
            var a = a0
            let lang = a.classes.first(where: { $0.hasPrefix("language-") && $0.count > 9 }).map { String($0.dropFirst(9)) }
            if let (hl, defaultLang) = highlight(s, lang, block: false) {
                a.classes.append("highlighter-rouge")
                if let l = lang ?? defaultLang, lang == nil { a.classes.insert("language-\(l)", at: 0) }
                out += "<code\(attrs(a))>\(hl)</code>"
                return
            }
            out += "<code"
            appendAttrs(a, to: &out)
            out += ">"
            out += KramdownEscaping.escape(s, .all)
            out += "</code>"
        case .link(let content, let url, let title, let a):
            var first: [(String, String)] = [("href", url)]
            if let title { first.append(("title", title)) }
            out += "<a"
            out += attrs(a, first: first)
            out += ">"
            appendInlines(content, to: &out)
            out += "</a>"
        case .image(let alt, let url, let title, let a):
            var first: [(String, String)] = [("src", url), ("alt", alt)]
            if let title { first.append(("title", title)) }
            out += "<img\(attrs(a, first: first)) />"
        case .lineBreak:
            out += "<br />"
        case .softBreak:
            out += "\n"
        case .math(let tex):
            if options.mathEngine == "mathjax" {
                out += "\\(\(KramdownEscaping.escape(tex, .all))\\)"
            } else {
                out += "<span class=\"kdmath\">$\(tex)$</span>"
            }
        case .footnoteReference(let rawName):
            let name = options.footnotePrefix + rawName
            var number: Int
            var rep = ""
            if let i = footnoteIndex[name] {
                number = footnotes[i].number
                footnotes[i].repeatCount += 1
                rep = ":\(footnotes[i].repeatCount)"
            } else {
                number = footnoteCounter
                // Ruby counts on into Bignums; a `footnote_nr` near Int.max stays at Int.max.
                footnoteCounter = footnoteCounter == Int.max ? Int.max : footnoteCounter + 1
                footnotes.append((name, definitions[rawName] ?? [], number, 0))
                footnoteIndex[name] = footnotes.count - 1
            }
            out += "<sup id=\"fnref:\(name)\(rep)\" role=\"doc-noteref\"><a href=\"#fn:\(name)\" class=\"footnote\" rel=\"footnote\">\(number)</a></sup>"
        case .abbreviation(let text, let title):
            let t: [(String, String)] = title.isEmpty ? [] : [("title", title)]
            out += "<abbr\(KramdownEscaping.attributes(t))>\(text)</abbr>"
        case .htmlElement(let tag, let a, let content):
            let void = ["area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link", "meta",
                        "param", "source", "track", "wbr"].contains(tag)
            out += "<\(tag)"
            appendAttrs(a, to: &out)
            if void {
                let res = inlines(content)
                out += res.isEmpty ? " />" : ">\(res)</\(tag)>"
            } else {
                out += ">"
                appendInlines(content, to: &out)
                out += "</\(tag)>"
            }
        case .span(let content, let a):
            out += "<span"
            appendAttrs(a, to: &out)
            out += ">"
            appendInlines(content, to: &out)
            out += "</span>"
        case .rawInline(let format, let text):
            if format == "html" { out += text }
        }
    }

    // MARK: - Footnotes and TOC

    mutating func footnoteContent() -> String {
        var lis = ""
        var i = 0
        let backlinkText = KramdownEscaping.escape(options.footnoteBacklink, .text)
        let nbsp = KramdownEscaping.entityString(named: "nbsp", output: options.entityOutput)
        while i < footnotes.count {
            let (name, data, _, rep) = footnotes[i]
            var content = data
            var links: [Inline] = []
            var insertSpace = false
            var target: Int? = nil
            if let last = content.last, case .paragraph = last { target = content.count - 1; insertSpace = true }
            else if options.footnoteBacklinkInline, let last = content.last, case .heading = last {
                target = content.count - 1; insertSpace = true
            }
            if !options.footnoteBacklink.isEmpty {
                links.append(.rawInline(format: "html", text: "\(insertSpace ? nbsp : "")<a href=\"#fnref:\(name)\" class=\"reversefootnote\" role=\"doc-backlink\">\(backlinkText)</a>"))
                if rep > 0 {
                    for index in 1...rep {
                        links.append(.rawInline(format: "html", text: "\(nbsp)<a href=\"#fnref:\(name):\(index)\" class=\"reversefootnote\" role=\"doc-backlink\">\(backlinkText)<sup>\(index + 1)</sup></a>"))
                    }
                }
            }
            if let t = target {
                switch content[t] {
                case .paragraph(let inl, let a): content[t] = .paragraph(inl + links, attributes: a)
                case .heading(let l, let inl, let a): content[t] = .heading(level: l, content: inl + links, attributes: a)
                default: break
                }
            } else {
                content.append(.paragraph(links, attributes: .empty))
            }
            var li = "    <li id=\"fn:\(KramdownEscaping.escape(name, .attribute))\" role=\"doc-endnote\">"
            let res = blocks(content, indent: 6)
            var firstIsPlain = false
            if let f = content.first, case .plain = f { firstIsPlain = true }
            if content.isEmpty || firstIsPlain { li += res + (res.hasSuffix("\n") ? "    " : "") } else { li += "\n" + res + "    " }
            li += "</li>\n"
            lis += li
            i += 1
        }
        if footnotes.isEmpty { return "" }
        let start = options.footnoteNumber != 1 ? " start=\"\(options.footnoteNumber)\"" : ""
        return "<div class=\"footnotes\" role=\"doc-endnotes\">\n  <ol\(start)>\n\(lis)  </ol>\n</div>\n"
    }

    func tocTree(_ a: Attributes) -> Block? {
        var attributes = a
        if attributes.id == nil { attributes.id = "markdown-toc" }
        let prefix = attributes.id ?? "markdown-toc"
        guard !toc.isEmpty else { return nil }
        struct Node { var level: Int; var content: [Inline]; var id: String; var children: [Node] }
        var roots: [Node] = []
        var stack: [Node] = []
        func closeTop() {
            let n = stack.removeLast()
            if stack.isEmpty { roots.append(n) } else { stack[stack.count - 1].children.append(n) }
        }
        for (level, id, content) in toc {
            let node = Node(level: level, content: fixForTOC(content), id: id, children: [])
            while let top = stack.last, top.level >= level { _ = top; closeTop() }
            stack.append(node)
        }
        while !stack.isEmpty { closeTop() }
        func item(_ n: Node) -> ListItem {
            var bs: [Block] = [.plain([.link(content: n.content, url: "#\(n.id)", title: nil,
                                             attributes: Attributes(id: "\(prefix)-\(n.id)"))])]
            if !n.children.isEmpty {
                bs.append(.list(List(kind: .bullet, items: n.children.map(item), isLoose: false)))
            }
            return ListItem(blocks: bs)
        }
        return .list(List(kind: .bullet, items: roots.map(item), isLoose: false, attributes: attributes))
    }

    /// `fix_for_toc_entry`: drops footnote references and unwraps links.
    func fixForTOC(_ xs: [Inline]) -> [Inline] {
        var out: [Inline] = []
        for x in xs {
            switch x {
            case .footnoteReference: continue
            case .link(let c, _, _, _): out += fixForTOC(c)
            case .emphasis(let c): out.append(.emphasis(fixForTOC(c)))
            case .strong(let c): out.append(.strong(fixForTOC(c)))
            case .strikethrough(let c): out.append(.strikethrough(fixForTOC(c)))
            case .htmlElement(let t, let a, let c): out.append(.htmlElement(tag: t, attributes: a, content: fixForTOC(c)))
            case .span(let c, let a): out.append(.span(fixForTOC(c), attributes: a))
            case .text, .code, .image, .lineBreak, .softBreak, .math, .abbreviation, .rawInline: out.append(x)
            }
        }
        return out
    }
}
