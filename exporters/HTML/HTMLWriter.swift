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
        var result = blocks(document.blocks, indent: 0)
        result += footnoteContent()
        if let (marker, attrs) = tocPlaceholder {
            var text = ""
            if let tree = tocTree(attrs) { text = block(tree, indent: 0) }
            if let r = result.firstRange(of: marker) { result.replaceSubrange(r, with: text) }
        }
        return result
    }

    // MARK: - Helpers

    func pad(_ n: Int) -> String { String(repeating: " ", count: max(0, n)) }

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

    mutating func blocks(_ bs: [Block], indent: Int) -> String {
        var out = ""
        for b in bs { out += block(b, indent: indent) }
        return out
    }

    mutating func block(_ b: Block, indent: Int) -> String {
        switch b {
        case .paragraph(let content, let a):
            return "\(pad(indent))<p\(attrs(a))>\(inlines(content))</p>\n"
        case .plain(let content):
            return inlines(content)
        case .heading(let level, let content, let a):
            if let id = a.id, options.tocLevels.contains(level), !a.classes.contains("no_toc") {
                toc.append((level, id, content))
            }
            let l = options.outputHeaderLevel(level)
            return "\(pad(indent))<h\(l)\(attrs(a))>\(inlines(content))</h\(l)>\n"
        case .blockQuote(let content, let a):
            return "\(pad(indent))<blockquote\(attrs(a))>\n\(blocks(content, indent: indent + 2))\(pad(indent))</blockquote>\n"
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
                return "\(pad(indent))<div\(attrs(a))>\(hl)\(pad(indent))</div>\n"
            }
            var result = KramdownEscaping.escape(code, .all)
            if result.hasSuffix("\n") { result.removeLast() }
            let codeAttr = lang.map { [("class", "language-\($0)")] } ?? []
            return "\(pad(indent))<pre\(attrs(a))><code\(KramdownEscaping.attributes(codeAttr))>\(result)\n</code></pre>\n"
        case .list(let list):
            let tag: String
            switch list.kind {
            case .bullet: tag = "ul"
            case .ordered: tag = "ol"
            }
            var inner = ""
            for item in list.items { inner += listItem("li", item.blocks, item.attributes, indent: indent + 2) }
            return "\(pad(indent))<\(tag)\(attrs(list.attributes))>\n\(inner)\(pad(indent))</\(tag)>\n"
        case .definitionList(let items, let a):
            var inner = ""
            for item in items {
                for (i, t) in item.terms.enumerated() {
                    let ta = i < item.termAttributes.count ? item.termAttributes[i] : .empty
                    inner += "\(pad(indent + 2))<dt\(attrs(ta))>\(inlines(t))</dt>\n"
                }
                for (i, d) in item.definitions.enumerated() {
                    let da = i < item.definitionAttributes.count ? item.definitionAttributes[i] : .empty
                    inner += listItem("dd", d, da, indent: indent + 2)
                }
            }
            return "\(pad(indent))<dl\(attrs(a))>\n\(inner)\(pad(indent))</dl>\n"
        case .table(let t):
            var inner = ""
            func section(_ tag: String, _ rows: [[TableCell]], _ me: inout KramdownHTMLRenderer) -> String {
                var s = ""
                for row in rows {
                    var cells = ""
                    for (i, cell) in row.enumerated() {
                        let cellTag = tag == "thead" ? "th" : "td"
                        let align = i < t.alignments.count ? t.alignments[i] : .default
                        var extra: [(String, String)] = []
                        if align != .default { extra.append(("style", "text-align: \(align.rawValue)")) }
                        var res = me.inlines(cell.content)
                        if res.isEmpty { res = KramdownEscaping.entityString(named: "nbsp", output: me.options.entityOutput) }
                        cells += "\(me.pad(indent + 6))<\(cellTag)\(KramdownEscaping.attributes(extra))>\(res)</\(cellTag)>\n"
                    }
                    s += "\(me.pad(indent + 4))<tr>\n\(cells)\(me.pad(indent + 4))</tr>\n"
                }
                return "\(me.pad(indent + 2))<\(tag)>\n\(s)\(me.pad(indent + 2))</\(tag)>\n"
            }
            if !t.head.isEmpty { inner += section("thead", t.head, &self) }
            let cuts = [0] + t.bodySplits + [t.body.count]
            for k in 0..<(cuts.count - 1) where cuts[k + 1] > cuts[k] && cuts[k + 1] <= t.body.count {
                inner += section("tbody", Array(t.body[cuts[k]..<cuts[k + 1]]), &self)
            }
            if !t.foot.isEmpty { inner += section("tfoot", t.foot, &self) }
            return "\(pad(indent))<table\(attrs(t.attributes))>\n\(inner)\(pad(indent))</table>\n"
        case .horizontalRule(let a):
            return "\(pad(indent))<hr\(attrs(a)) />\n"
        case .mathBlock(let tex, let a):
            if options.mathEngine == "mathjax" {
                let result = "\\[\(KramdownEscaping.escape(tex, .all))\\]\n"
                if a.isEmpty { return result }
                return "\(pad(indent))<div\(attrs(a))>\(result)</div>\n"
            }
            var m = a
            m.classes.append("kdmath")
            return "\(pad(indent))<div\(attrs(m))>$$\n\(tex)\n$$</div>\n"
        case .htmlElement(let tag, let a, let content):
            let void = ["area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link", "meta",
                        "param", "source", "track", "wbr"].contains(tag)
            var out = "\(pad(indent))<\(tag)\(attrs(a))"
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
            return out + "\n"
        case .tableOfContents(let a):
            if tocPlaceholder == nil {
                let marker = "\u{0}kramdown-toc-\(document.blocks.count)\u{0}"
                tocPlaceholder = (marker, a)
                return marker
            }
            return ""
        case .rawBlock(let format, let text):
            return format == "html" ? text + "\n" : ""
        }
    }

    /// `convert_li` / `convert_dd`.
    mutating func listItem(_ tag: String, _ content: [Block], _ a: Attributes, indent: Int) -> String {
        var out = "\(pad(indent))<\(tag)\(attrs(a))>"
        let res = blocks(content, indent: indent + 2)
        var firstIsPlain = false
        if let f = content.first, case .plain = f { firstIsPlain = true }
        if content.isEmpty || firstIsPlain {
            out += res + (res.hasSuffix("\n") ? pad(indent) : "")
        } else {
            out += "\n" + res + pad(indent)
        }
        return out + "</\(tag)>\n"
    }

    // MARK: - Inlines

    mutating func inlines(_ xs: [Inline]) -> String {
        var out = ""
        for x in xs { out += inline(x) }
        return out
    }

    mutating func inline(_ x: Inline) -> String {
        switch x {
        case .text(let s):
            return escapeText(s)
        case .emphasis(let c):
            return "<em>\(inlines(c))</em>"
        case .strong(let c):
            return "<strong>\(inlines(c))</strong>"
        case .strikethrough(let c):
            return "<del>\(inlines(c))</del>"
        case .code(let s, let a0):
            var a = a0
            let lang = a.classes.first(where: { $0.hasPrefix("language-") && $0.count > 9 }).map { String($0.dropFirst(9)) }
            if let (hl, defaultLang) = highlight(s, lang, block: false) {
                a.classes.append("highlighter-rouge")
                if let l = lang ?? defaultLang, lang == nil { a.classes.insert("language-\(l)", at: 0) }
                return "<code\(attrs(a))>\(hl)</code>"
            }
            return "<code\(attrs(a))>\(KramdownEscaping.escape(s, .all))</code>"
        case .link(let content, let url, let title, let a):
            var first: [(String, String)] = [("href", url)]
            if let title { first.append(("title", title)) }
            return "<a\(attrs(a, first: first))>\(inlines(content))</a>"
        case .image(let alt, let url, let title, let a):
            var first: [(String, String)] = [("src", url), ("alt", alt)]
            if let title { first.append(("title", title)) }
            return "<img\(attrs(a, first: first)) />"
        case .lineBreak:
            return "<br />"
        case .softBreak:
            return "\n"
        case .math(let tex):
            if options.mathEngine == "mathjax" { return "\\(\(KramdownEscaping.escape(tex, .all))\\)" }
            return "<span class=\"kdmath\">$\(tex)$</span>"
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
            return "<sup id=\"fnref:\(name)\(rep)\" role=\"doc-noteref\"><a href=\"#fn:\(name)\" class=\"footnote\" rel=\"footnote\">\(number)</a></sup>"
        case .abbreviation(let text, let title):
            let t: [(String, String)] = title.isEmpty ? [] : [("title", title)]
            return "<abbr\(KramdownEscaping.attributes(t))>\(text)</abbr>"
        case .htmlElement(let tag, let a, let content):
            let res = inlines(content)
            let void = ["area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link", "meta",
                        "param", "source", "track", "wbr"].contains(tag)
            return "<\(tag)\(attrs(a))" + (res.isEmpty && void ? " />" : ">\(res)</\(tag)>")
        case .span(let content, let a):
            return "<span\(attrs(a))>\(inlines(content))</span>"
        case .rawInline(let format, let text):
            return format == "html" ? text : ""
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
