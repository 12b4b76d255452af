import BlogModel

/// Turns kramdown's element tree into a `Document`, resolving what the HTML converter decides
/// from options alone (entities, smart quotes, typographic symbols, converter-generated ids).
struct DocumentBuilder {
    let parser: Parser
    var options: KramdownOptions { parser.options }
    var usedIDs: [String: Int] = [:]
    var tocSeen = false

    init(parser: Parser) { self.parser = parser }

    /// The document; the parser's tree is let go block by block as it is converted (the tree and
    /// the document together were most of the memory of a long post).
    mutating func build() -> Document {
        var doc = Document()
        var seen = Set<String>()
        var order: [(String, Parser.FootnoteData)] = []
        collectFootnoteOrder(parser.root, &seen, &order)
        var i = 0
        while i < order.count {
            let (_, data) = order[i]
            collectFootnoteOrder(data.content, &seen, &order)
            i += 1
        }
        var topLevel = parser.root.children
        parser.root.children = []
        doc.blocks = blocks(releasing: &topLevel)
        for (name, data) in order {
            doc.footnotes.append(FootnoteDefinition(name: name, blocks: blocks(data.content.children)))
        }
        doc.abbreviations = parser.abbrevDefs.map { AbbreviationDefinition(abbreviation: $0.0, title: $0.1) }
        return doc
    }

    func collectFootnoteOrder(_ el: Element, _ seen: inout Set<String>, _ order: inout [(String, Parser.FootnoteData)]) {
        for c in el.children {
            if c.type == .footnote, !seen.contains(c.name), let d = parser.footnotes[c.name] {
                seen.insert(c.name)
                order.append((c.name, d))
            }
            collectFootnoteOrder(c, &seen, &order)
        }
    }

    static func attributes(_ a: AttrMap) -> Attributes {
        var out = Attributes()
        for (k, v) in a.entries {
            if k == "id" { out.id = v }
            else if k == "class" && v.split(separator: " ").isEmpty {
                out.pairs.append(KeyValue(k, v))
            } else if k == "class" {
                for c in v.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) where !out.classes.contains(String(c)) {
                    out.classes.append(String(c))
                }
            } else { out.pairs.append(KeyValue(k, v)) }
        }
        return out
    }

    /// kramdown's `basic_generate_id`.
    static func basicID(_ s: String) -> String {
        var b = Array(s.utf8)
        // gsub(/^[^a-zA-Z]+/, '') on every line
        var out: [UInt8] = []
        var i = 0
        var lineStart = true
        while i < b.count {
            if lineStart {
                var j = i
                while j < b.count && !Chars.isASCIIAlpha(b[j]) && b[j] != 10 { j += 1 }
                if j < b.count && b[j] == 10 && j > i {
                    // [^a-zA-Z]+ also eats the newline and continues onto the next line
                    var k = j
                    while k < b.count && !Chars.isASCIIAlpha(b[k]) { k += 1 }
                    i = k
                } else {
                    i = j
                }
                lineStart = false
                continue
            }
            if b[i] == 10 { lineStart = true }
            out.append(b[i])
            i += 1
        }
        b = out.filter { Chars.isASCIIAlpha($0) || Chars.isDigit($0) || $0 == 32 || $0 == UInt8(ascii: "-") }
        return String(decoding: b.map { $0 == 32 ? UInt8(ascii: "-") : ($0 >= 65 && $0 <= 90 ? $0 + 32 : $0) }, as: UTF8.self)
    }

    /// kramdown's converter `generate_id`.
    mutating func generateID(_ s: String) -> String {
        var id = DocumentBuilder.basicID(s)
        if id.isEmpty { id = "section" }
        if let n = usedIDs[id] {
            usedIDs[id] = n + 1
            id += "-\(n + 1)"
        } else {
            usedIDs[id] = 0
        }
        return options.autoIdPrefix + id
    }

    // MARK: - Blocks

    mutating func blocks(_ els: [Element]) -> [Block] {
        var out: [Block] = []
        out.reserveCapacity(els.count)
        for el in els { append(el, to: &out) }
        return out
    }

    /// `blocks(els)`, each element let go (replaced by one empty element) once converted.
    mutating func blocks(releasing els: inout [Element]) -> [Block] {
        var out: [Block] = []
        out.reserveCapacity(els.count)
        let released = Element(.blank)
        for i in els.indices {
            append(els[i], to: &out)
            els[i] = released
        }
        return out
    }

    private mutating func append(_ el: Element, to out: inout [Block]) {
        if el.type == .htmlElement && el.contentModel == .raw && DocumentBuilder.hasParsed(el) {
            out.append(contentsOf: splitRaw(el))
        } else if let b = block(el) {
            out.append(b)
        }
    }

    /// Whether a raw HTML element holds content that was parsed as kramdown (`markdown="1"` inside).
    static func hasParsed(_ el: Element) -> Bool {
        for c in el.children {
            switch c.type {
            case .text, .rawText, .raw, .xmlComment, .xmlPI: continue
            case .htmlElement: if c.contentModel != .raw || hasParsed(c) { return true }
            default: return true
            }
        }
        return false
    }

    func openTag(_ el: Element) -> String {
        "<\(el.value.string)\(KramdownEscaping.attributes(el.attr.entries.map { ($0.key, $0.value) }))>"
    }

    /// A raw HTML element with parsed parts, as raw opening and closing tags around converted children.
    mutating func splitRaw(_ el: Element) -> [Block] {
        var out: [Block] = [.plain([.rawInline(format: RawFormat.html, text: openTag(el))])]
        for c in el.children {
            switch c.type {
            case .text, .rawText: out.append(.plain([.rawInline(format: RawFormat.html, text: KramdownEscaping.escape(c.value.string, .text))]))
            case .raw, .xmlComment, .xmlPI: out.append(.plain([.rawInline(format: RawFormat.html, text: c.value.string)]))
            default: out.append(contentsOf: blocks([c]))
            }
        }
        out.append(.plain([.rawInline(format: RawFormat.html, text: "</\(el.value.string)>")]))
        return out
    }

    mutating func block(_ el: Element) -> Block? {
        switch el.type {
        case .blank, .eob, .footnoteDef, .temp, .root:
            return nil
        case .p:
            let content = inlines(el.children)
            return el.transparent ? .plain(content) : .paragraph(content, attributes: DocumentBuilder.attributes(el.attr))
        case .header:
            var attr = el.attr
            if options.autoIds && attr["id"] == nil { attr["id"] = generateID((el.rawText ?? []).string) }
            return .heading(level: el.level, content: inlines(el.children), attributes: DocumentBuilder.attributes(attr))
        case .blockquote:
            return .blockQuote(blocks(el.children), attributes: DocumentBuilder.attributes(el.attr))
        case .codeblock:
            return .codeBlock(code: el.value.string, language: el.lang, attributes: DocumentBuilder.attributes(el.attr))
        case .ul, .ol:
            if !tocSeen, el.ial?.refs?.contains("toc") == true {
                tocSeen = true
                return .tableOfContents(attributes: DocumentBuilder.attributes(el.attr))
            }
            var items: [ListItem] = []
            var loose = false
            for li in el.children {
                if let f = li.children.first, f.type == .p, !f.transparent { loose = true }
                items.append(ListItem(blocks: blocks(li.children), attributes: DocumentBuilder.attributes(li.attr)))
            }
            var start = 1
            if el.type == .ol, let m = el.firstListMarker { start = Int(m.filter(\.isNumber)) ?? 1 }
            return .list(List(kind: el.type == .ul ? .bullet : .ordered(start: start), items: items, isLoose: loose,
                              attributes: DocumentBuilder.attributes(el.attr)))
        case .dl:
            var items: [DefinitionItem] = []
            var autoPrefix: String? = nil
            for r in el.ial?.refs ?? [] where r.hasPrefix("auto_ids") {
                let rest = r.dropFirst("auto_ids".count)
                if rest.isEmpty { autoPrefix = ""; break }
                if rest.hasPrefix("-") && rest.count > 1 { autoPrefix = String(rest.dropFirst()); break }
            }
            for c in el.children {
                var attr = c.attr
                if c.type == .dt {
                    if attr["id"] == nil, let prefix = autoPrefix {
                        attr["id"] = rubyLStrip(prefix + DocumentBuilder.basicID((c.rawText ?? []).string))
                    }
                    if items.isEmpty || !(items[items.count - 1].definitions.isEmpty) {
                        items.append(DefinitionItem(terms: [], definitions: []))
                    }
                    items[items.count - 1].terms.append(inlines(c.children))
                    items[items.count - 1].termAttributes.append(DocumentBuilder.attributes(attr))
                } else if c.type == .dd {
                    if items.isEmpty { items.append(DefinitionItem(terms: [], definitions: [])) }
                    items[items.count - 1].definitions.append(blocks(c.children))
                    items[items.count - 1].definitionAttributes.append(DocumentBuilder.attributes(attr))
                }
            }
            // Re-made through the initialiser so that "no attributes" has one form.
            items = items.map { DefinitionItem(terms: $0.terms, definitions: $0.definitions,
                                               termAttributes: $0.termAttributes, definitionAttributes: $0.definitionAttributes) }
            return .definitionList(items, attributes: DocumentBuilder.attributes(el.attr))
        case .table:
            var head: [[TableCell]] = [], body: [[TableCell]] = [], foot: [[TableCell]] = []
            var splits: [Int] = []
            var sawBody = false
            for section in el.children {
                let rows = section.children.map { tr in tr.children.map { TableCell(inlines($0.children)) } }
                switch section.type {
                case .thead: head += rows
                case .tfoot: foot += rows
                default:
                    if sawBody { splits.append(body.count) }
                    sawBody = true
                    body += rows
                }
            }
            let al: [ColumnAlignment] = el.alignment.map { ColumnAlignment(rawValue: String($0)) ?? .default }
            return .table(Table(alignments: al, head: head, body: body, foot: foot,
                                attributes: DocumentBuilder.attributes(el.attr), bodySplits: splits))
        case .hr:
            return .horizontalRule(attributes: DocumentBuilder.attributes(el.attr))
        case .math:
            return .mathBlock(el.value.string, attributes: DocumentBuilder.attributes(el.attr))
        case .htmlElement:
            let tag = el.value.string
            switch el.contentModel ?? .raw {
            case .block:
                return .htmlElement(tag: tag, attributes: DocumentBuilder.attributes(el.attr), content: blocks(el.children))
            case .span:
                return .htmlElement(tag: tag, attributes: DocumentBuilder.attributes(el.attr), content: [.plain(inlines(el.children))])
            case .raw:
                return .rawBlock(format: RawFormat.html, text: rawHTML(el, parentRaw: false))
            }
        case .xmlComment, .xmlPI:
            return .rawBlock(format: RawFormat.html, text: el.value.string)
        case .comment:
            return .rawBlock(format: RawFormat.html, text: "<!-- \(el.value.string) -->")
        case .raw:
            let types = el.rawTypes ?? []
            return .rawBlock(format: types.isEmpty || types.contains("html") ? RawFormat.html : types.joined(separator: " "),
                             text: el.value.string)
        case .li, .dt, .dd, .thead, .tbody, .tfoot, .tr, .td:
            return .plain(inlines(el.children))
        case .text, .rawText, .em, .strong, .a, .img, .br, .codespan, .footnote, .entity, .typographicSym,
            .smartQuote, .abbreviation:
            return .plain(inlines([el]))
        }
    }

    /// A raw-content HTML element as kramdown's converter writes it (attributes normalised, text escaped).
    func rawHTML(_ el: Element, parentRaw: Bool) -> String {
        var res = ""
        for c in el.children {
            switch c.type {
            case .text, .rawText: res += KramdownEscaping.escape(c.value.string, .text)
            case .raw: res += c.value.string
            case .xmlComment, .xmlPI: res += c.value.string
            case .htmlElement: res += rawHTML(c, parentRaw: true)
            default: res += KramdownEscaping.escape(textContent(c), .text)
            }
        }
        let tag = el.value.string
        let attrs = KramdownEscaping.attributes(el.attr.entries.map { ($0.key, $0.value) })
        if el.category == .span {
            return "<\(tag)\(attrs)" + (res.isEmpty && Pat.elementsWithoutBody.contains(tag) ? " />" : ">\(res)</\(tag)>")
        }
        var out = "<\(tag)\(attrs)"
        if el.isClosed && el.contentModel == .raw {
            out += " />"
        } else if !res.isEmpty && el.contentModel != .block {
            out += ">\(res)</\(tag)>"
        } else if !res.isEmpty {
            out += ">\n\(res.hasSuffix("\n") ? String(res.dropLast()) : res)\n</\(tag)>"
        } else if Pat.elementsWithoutBody.contains(tag) {
            out += " />"
        } else {
            out += "></\(tag)>"
        }
        return out
    }

    func textContent(_ el: Element) -> String {
        if el.type == .text || el.type == .rawText { return el.value.string }
        return el.children.map(textContent).joined()
    }

    // MARK: - Inlines

    mutating func inlines(_ els: [Element]) -> [Inline] {
        var out: [Inline] = []
        // Mostly one inline per element (an element that makes more grows the array).
        out.reserveCapacity(els.count)
        for el in els { inline(el, into: &out) }
        return out
    }

    /// The character of a named entity that smart quotes and typographic symbols make, for
    /// `entity_output: as_char` (where `entityInline` gives it as text): without looking the
    /// name up. Nil for other names.
    static func commonEntityCharacter(_ name: String) -> String? {
        switch name {
        case "lsquo": return "\u{2018}"
        case "rsquo": return "\u{2019}"
        case "ldquo": return "\u{201C}"
        case "rdquo": return "\u{201D}"
        case "hellip": return "\u{2026}"
        case "mdash": return "\u{2014}"
        case "ndash": return "\u{2013}"
        case "laquo": return "\u{AB}"
        case "raquo": return "\u{BB}"
        case "nbsp": return "\u{A0}"
        default: return nil
        }
    }

    func entityInline(_ e: Entity, original: String?) -> Inline {
        let s = KramdownEscaping.entityString(e, original: original, output: options.entityOutput)
        if let c = e.char, s == c, e.codePoint != 38, e.codePoint != 60, e.codePoint != 62 { return .text(s) }
        return .rawInline(format: RawFormat.html, text: s)
    }

    mutating func inline(_ el: Element, into out: inout [Inline]) {
        let attrs = DocumentBuilder.attributes(el.attr)
        switch el.type {
        case .text, .rawText:
            out.append(.text(el.value.string))
        case .em, .strong:
            let content = inlines(el.children)
            if el.attr.isEmpty {
                out.append(el.type == .em ? .emphasis(content) : .strong(content))
            } else {
                out.append(.htmlElement(tag: el.type == .em ? "em" : "strong", attributes: attrs, content: content))
            }
        case .a:
            var a = attrs
            let href = el.attr["href"] ?? ""
            a.pairs.removeAll { $0.key == "href" || $0.key == "title" }
            out.append(.link(content: inlines(el.children), url: href, title: el.attr["title"], attributes: a))
        case .img:
            var a = attrs
            a.pairs.removeAll { $0.key == "src" || $0.key == "alt" || $0.key == "title" }
            out.append(.image(alt: el.attr["alt"] ?? "", url: el.attr["src"] ?? "", title: el.attr["title"], attributes: a))
        case .br:
            out.append(.lineBreak)
        case .codespan:
            out.append(.code(el.value.string, attributes: attrs))
        case .footnote:
            out.append(.footnoteReference(name: el.name))
        case .entity:
            if let e = el.entity { out.append(entityInline(e, original: el.original)) }
        case .smartQuote:
            let idx: Int
            switch el.symbol {
            case "rsquo": idx = 1
            case "ldquo": idx = 2
            case "rdquo": idx = 3
            default: idx = 0  // "lsquo"
            }
            let spec = options.smartQuotes[idx]
            if options.entityOutput == .asChar, let c = DocumentBuilder.commonEntityCharacter(spec) {
                out.append(.text(c))
                break
            }
            let e = UInt32(spec).map(Entities.code) ?? Entities.named(spec) ?? Entity(codePoint: 63, name: nil)
            out.append(entityInline(e, original: nil))
        case .typographicSym:
            if let r = options.typographicSymbols[el.symbol] {
                out.append(.text(r))
            } else {
                let names: [String]
                switch el.symbol {
                case "laquo_space": names = ["laquo", "nbsp"]
                case "raquo_space": names = ["nbsp", "raquo"]
                default: names = [el.symbol]
                }
                for n in names {
                    if options.entityOutput == .asChar, let c = DocumentBuilder.commonEntityCharacter(n) {
                        out.append(.text(c))
                    } else if let e = Entities.named(n) {
                        out.append(entityInline(e, original: nil))
                    }
                }
            }
        case .abbreviation:
            let key = el.value.string
            let title = parser.abbrevDefs.last { $0.0 == key }?.1 ?? ""
            var attr = parser.abbrevEOB[key]?.attr ?? AttrMap()
            if attr.isEmpty {
                out.append(.abbreviation(key, title: title))
            } else {
                if !title.isEmpty { attr["title"] = title }
                out.append(.htmlElement(tag: "abbr", attributes: DocumentBuilder.attributes(attr),
                                        content: [.rawInline(format: RawFormat.html, text: key)]))
            }
        case .math:
            out.append(.math(el.value.string))
        case .htmlElement:
            let tag = el.value.string
            if tag == "del" && el.attr.isEmpty && el.contentModel == .span && el.category == .span {
                out.append(.strikethrough(inlines(el.children)))
            } else if (el.contentModel == .raw || el.category == .block) && DocumentBuilder.hasParsed(el) {
                out.append(.rawInline(format: RawFormat.html, text: openTag(el)))
                out.append(contentsOf: inlines(el.children))
                out.append(.rawInline(format: RawFormat.html, text: "</\(tag)>"))
            } else if el.contentModel == .raw || el.category == .block {
                out.append(.rawInline(format: RawFormat.html, text: rawHTML(el, parentRaw: false)))
            } else {
                out.append(.htmlElement(tag: tag, attributes: attrs, content: inlines(el.children)))
            }
        case .xmlComment, .xmlPI:
            out.append(.rawInline(format: RawFormat.html, text: el.value.string))
        case .comment:
            out.append(.rawInline(format: RawFormat.html, text: "<!-- \(el.value.string) -->"))
        case .raw:
            let types = el.rawTypes ?? []
            out.append(.rawInline(format: types.isEmpty || types.contains("html") ? RawFormat.html : types.joined(separator: " "),
                                  text: el.value.string))
        case .blank, .eob, .footnoteDef, .temp, .root, .p, .header, .blockquote, .codeblock, .ul, .ol, .li, .dl, .dt,
            .dd, .table, .thead, .tbody, .tfoot, .tr, .td, .hr:
            out.append(contentsOf: inlines(el.children))
        }
    }
}
