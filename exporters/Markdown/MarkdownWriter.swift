import BlogModel
import Kramdown

/// Writes a `Document` as CommonMark with GFM tables, strikethrough and footnotes, so that a
/// CommonMark renderer produces the document `HTMLWriter` writes.
///
/// Markdown is used wherever it can say the same thing; what it cannot (IALs with classes or
/// ids, definition lists, tables GFM cannot shape, `{:toc}`, elements with raw content) is
/// written as the HTML kramdown would produce, in a form CommonMark passes through unchanged.
public enum MarkdownWriter {
    /// The Markdown for a document written with a site's `kramdown:` settings (as `HTMLWriter`
    /// would use them), and warnings about content it could not carry.
    public static func markdown(_ document: Document, kramdownConfig: MetadataMap = MetadataMap()) -> (text: String, warnings: [String]) {
        markdown(document, options: KramdownOptions(config: kramdownConfig))
    }

    /// The Markdown for a document, and warnings about content it could not carry.
    public static func markdown(_ document: Document, options: KramdownOptions) -> (text: String, warnings: [String]) {
        var w = MarkdownRenderer(document: document, options: options)
        return (w.render(), w.warnings)
    }
}

/// One piece of inline output: literal Markdown, or a delimited run whose delimiters are chosen
/// once the neighbouring characters are known.
enum MarkdownPiece {
    case literal(String)
    case delimited(delimiter: String, tag: String, inner: String)
}

/// The writer's state while one document is written.
struct MarkdownRenderer {
    let document: Document
    let options: KramdownOptions
    /// kramdown's HTML writer, for what is written as HTML (its footnote counter runs along).
    var html: KramdownHTMLRenderer
    /// Things the Markdown cannot carry, in document order.
    var warnings: [String] = []
    /// The table of contents entries, as `HTMLWriter` collects them.
    let tocHTML: (Attributes) -> String

    init(document: Document, options: KramdownOptions) {
        self.document = document
        self.options = options
        html = KramdownHTMLRenderer(document: document, options: options)
        // The entries are collected by writing the whole document as HTML: only a document
        // with a table of contents pays for it.
        tocHTML = { attrs in
            var probe = KramdownHTMLRenderer(document: document, options: options)
            _ = probe.render()
            guard let tree = probe.tocTree(attrs) else { return "" }
            return probe.block(tree, indent: 0)
        }
    }

    mutating func render() -> String {
        var out = blocks(document.blocks, tight: false)
        let notes = footnoteDefinitions()
        if !notes.isEmpty { out += (out.isEmpty ? "" : "\n\n") + notes }
        return out.isEmpty ? "" : out + "\n"
    }

    // MARK: - Blocks

    /// Blocks separated by blank lines (or by line ends in a tight list item).
    mutating func blocks(_ bs: [Block], tight: Bool) -> String {
        var parts: [String] = []
        var previousList: (ordered: Bool, alternate: Bool)? = nil
        for b in bs {
            var alternate = false
            if case .list(let l) = b {
                let ordered: Bool
                switch l.kind {
                case .bullet: ordered = false
                case .ordered: ordered = true
                }
                // Two lists in a row would merge; a different marker starts a new one.
                if let p = previousList, p.ordered == ordered { alternate = !p.alternate }
                previousList = (ordered, alternate)
            } else {
                previousList = nil
            }
            let text = block(b, tight: tight, alternate: alternate)
            if !text.isEmpty { parts.append(text) }
        }
        return parts.joined(separator: tight ? "\n" : "\n\n")
    }

    /// One block as Markdown (without a trailing line end).
    mutating func block(_ b: Block, tight: Bool = false, alternate: Bool = false) -> String {
        switch b {
        case .paragraph(let content, let a):
            if !a.isEmpty { return htmlBlock(b) }
            return paragraph(content) ?? htmlBlock(b)
        case .plain(let content):
            if tight { return paragraph(content) ?? htmlBlock(b) }
            return htmlBlock(b)
        case .heading(let level, let content, let a):
            if !a.classes.isEmpty || !a.pairs.isEmpty { return htmlBlock(b) }
            // The id is kramdown's anchor; CommonMark renderers make their own.
            let l = options.outputHeaderLevel(level)
            var text = inlines(content, atLineStart: false).newlinesAsSpaces()
            if text.hasSuffix("#") { text = String(text.dropLast()) + "\\#" }
            while text.hasSuffix(" ") { text.removeLast() }
            if let first = text.first, first == " " || first == "\t" { text = "&#32;" + text.drop { $0 == " " || $0 == "\t" } }
            return String(repeating: "#", count: l) + (text.isEmpty ? "" : " " + text)
        case .blockQuote(let content, let a):
            if !a.isEmpty { return htmlBlock(b) }
            let inner = blocks(content, tight: false)
            return prefixLines(inner, first: "> ", rest: "> ", blank: ">")
        case .codeBlock(let code, let language, let a):
            let classLang = a.classes.first { $0.hasPrefix("language-") && $0.count > 9 }.map { String($0.dropFirst(9)) }
            let others = a.classes.filter { !($0.hasPrefix("language-") && $0.count > 9) }
            if a.id != nil || !others.isEmpty || !a.pairs.isEmpty { return htmlBlock(b) }
            var lang = classLang ?? language
            // Rouge's default language shows in the HTML as the code's language; say it in the fence.
            if lang == nil, let (_, defaultLang) = html.highlight(code, nil, block: true) { lang = defaultLang }
            if let lang, lang.contains(where: { $0 == "`" || $0.isWhitespace }) { return htmlBlock(b) }
            return fenced(code, lang)
        case .list(let list):
            return self.list(list, alternate: alternate) ?? htmlBlock(b)
        case .definitionList:
            return htmlBlock(b)
        case .table(let t):
            return table(t) ?? htmlBlock(b)
        case .horizontalRule(let a):
            if !a.isEmpty { return htmlBlock(b) }
            return tight ? "***" : "---"
        case .mathBlock(let tex, let a):
            if !a.isEmpty || options.mathEngine != "mathjax" { return htmlBlock(b) }
            return "$$\n" + tex.trimmingNewlines + "\n$$"
        case .htmlElement(let tag, let a, let content):
            var isBlockContent = true
            if content.count == 1, case .plain = content[0] { isBlockContent = false }
            if tight || !isBlockContent || content.isEmpty || MarkdownHTML.rawTags.contains(tag.lowercased()) {
                return htmlBlock(b)
            }
            let open = "<\(tag)\(html.attrs(a))>"
            guard MarkdownHTML.blockKind(open[...], interrupting: false) != nil else { return htmlBlock(b) }
            let inner = blocks(content, tight: false)
            return open + "\n\n" + inner + "\n\n</\(tag)>"
        case .tableOfContents(let a):
            let text = tocHTML(a)
            if text.isEmpty { return "" }
            return MarkdownHTML.block(text) ?? text
        case .rawBlock(let format, let text):
            guard format == RawFormat.html else {
                warnings.append("raw \(format) block left out")
                return ""
            }
            let (safe, wrapped) = MarkdownHTML.blocksAllowingText(text)
            if wrapped { warnings.append("text at the top level of raw HTML written as a paragraph") }
            return safe
        }
    }

    /// A block as the HTML kramdown writes, made safe as a CommonMark HTML block.
    mutating func htmlBlock(_ b: Block) -> String {
        var text = html.block(b, indent: 0)
        if let safe = MarkdownHTML.block(text) { return safe }
        if case .plain = b {
            // Text outside any paragraph: CommonMark has no way to leave it unwrapped.
            text = "<p>" + text + "</p>"
            warnings.append("text outside a paragraph written as one")
        }
        if let safe = MarkdownHTML.block(text) { return safe }
        warnings.append("HTML that CommonMark cannot keep as a block written as a paragraph")
        return MarkdownHTML.inline(text)
    }

    /// A paragraph's text, or nil when CommonMark would not read it back as one paragraph.
    mutating func paragraph(_ content: [Inline]) -> String? {
        let text = inlines(content, atLineStart: true)
        // One line (the usual paragraph): nothing to join.
        if !text.containsByte(10) { return text.isEmpty || Self.startsBlock(text[...], interrupting: false) ? nil : text }
        var lines = Self.lines(of: text)
        guard let first = lines.first else { return nil }
        if first.isEmpty || Self.startsBlock(first[...], interrupting: false) { return nil }
        var k = 1
        while k < lines.count {
            if lines[k].isEmpty || Self.startsBlock(lines[k][...], interrupting: true) {
                // Keep it on the line before: a line end and a space are the same white space.
                var previous = lines[k - 1]
                if previous.hasSuffix("\\") { previous = String(previous.dropLast()) + "<br />" }
                lines[k - 1] = previous + " " + lines[k]
                lines.remove(at: k)
                continue
            }
            k += 1
        }
        return lines.joined(separator: "\n")
    }

    /// `text` split at every line feed (empty lines kept), as `split(separator: "\n")` splits
    /// it; on bytes unless the text has a carriage return (`\r\n` is one Character, which a
    /// Character split does not cut: only then are the two different).
    static func lines(of text: String) -> [String] {
        guard !text.containsByte(13) else { return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        var text = text
        return text.withUTF8 { bytes in
            var lines: [String] = []
            var start = 0
            for k in 0..<bytes.count where bytes[k] == 10 {
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<k]), as: UTF8.self))
                start = k + 1
            }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return lines
        }
    }

    /// Whether a line would start a block other than a paragraph's continuation.
    static func startsBlock(_ line: Substring, interrupting: Bool) -> Bool {
        // Fast path on bytes for the common line: when the first byte after the spaces is ASCII,
        // no space joins it in one Character, so bytes and Characters agree; a line that starts
        // with anything but a block marker, a digit or `<` starts no block.
        let bytes = line.utf8
        if let b = bytes.first(where: { $0 != 0x20 }), b < 0x80 {
            if bytes.prefix(while: { $0 == 0x20 }).count > 3 { return !interrupting }
            if !Self.mayStartBlock(b) { return false }
        }
        let t = line.drop { $0 == " " }
        if line.distance(from: line.startIndex, to: t.startIndex) > 3 { return !interrupting }
        if MarkdownHTML.blockKind(line, interrupting: interrupting) != nil { return true }
        guard let c = t.first else { return true }
        let rest = t.dropFirst()
        switch c {
        case "`", "~":
            return t.prefix(3).count == 3 && t.prefix(3).allSatisfy { $0 == c }
        case "#":
            let hashes = t.prefix { $0 == "#" }.count
            let after = t.dropFirst(hashes).first
            return hashes <= 6 && (after == nil || after == " " || after == "\t")
        case ">":
            return true
        case "-", "+", "*", "_":
            if c != "_", rest.first == nil || rest.first == " " || rest.first == "\t" { return true }
            let marks = t.filter { $0 != " " && $0 != "\t" }
            if marks.count >= 3 && marks.allSatisfy({ $0 == c }) { return true }
            return c == "-" && !interrupting ? false : (c == "-" && marks.allSatisfy { $0 == "-" })
        case "=":
            return t.allSatisfy { $0 == "=" || $0 == " " }
        case "|":
            return false
        default:
            if c.isASCII, c.isNumber {
                let digits = t.prefix { $0.isASCII && $0.isNumber }
                let after = t.dropFirst(digits.count)
                if digits.count <= 9, let d = after.first, d == "." || d == ")" {
                    let next = after.dropFirst().first
                    return next == nil || next == " " || next == "\t"
                }
            }
            return false
        }
    }

    /// Whether a line whose first non-space byte is the ASCII `b` can start a block:
    /// `` ` `` `~` `#` `>` `-` `+` `*` `_` `=` `|` `<` or a digit.
    private static func mayStartBlock(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "-"),
             UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "="), UInt8(ascii: "|"),
             UInt8(ascii: "<"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return false
        }
    }

    /// A fenced code block with the language as its info string.
    func fenced(_ code: String, _ lang: String?) -> String {
        var longest = 0
        // (Without a backtick there is no run to count.)
        for line in code.containsByte(UInt8(ascii: "`")) ? code.split(separator: "\n", omittingEmptySubsequences: false) : [] {
            let t = line.drop { $0 == " " }
            let run = t.prefix { $0 == "`" }.count
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        var body = code
        if body.hasSuffix("\n") { body.removeLast() }
        if code.isEmpty { return fence + (lang ?? "") + "\n" + fence }
        return fence + (lang ?? "") + "\n" + body + "\n" + fence
    }

    /// A list, or nil when CommonMark cannot give its items the same paragraphs.
    mutating func list(_ list: List, alternate: Bool) -> String? {
        guard list.attributes.isEmpty, list.items.allSatisfy({ $0.attributes.isEmpty }) else { return nil }
        var hasPlain = false
        var hasParagraph = false
        for item in list.items {
            for b in item.blocks {
                if case .plain = b { hasPlain = true }
                if case .paragraph = b { hasParagraph = true }
            }
        }
        if hasPlain && hasParagraph { return nil }
        let tight = !hasParagraph
        if tight {
            // In a tight item every block after the first must be able to interrupt a paragraph.
            for item in list.items {
                for b in item.blocks.dropFirst() {
                    switch b {
                    case .list, .codeBlock, .heading, .blockQuote, .horizontalRule: continue
                    case .paragraph, .plain, .definitionList, .table, .mathBlock, .htmlElement, .tableOfContents, .rawBlock:
                        return nil
                    }
                }
            }
        }
        var items: [String] = []
        for (n, item) in list.items.enumerated() {
            let marker: String
            switch list.kind {
            case .bullet: marker = alternate ? "*" : "-"
            case .ordered: marker = "\(n + 1)" + (alternate ? ")" : ".")
            }
            let content = blocks(item.blocks, tight: tight)
            let pad = String(repeating: " ", count: marker.count + 1)
            if content.isEmpty {
                items.append(marker)
            } else {
                items.append(prefixLines(content, first: marker + " ", rest: pad, blank: ""))
            }
        }
        return items.joined(separator: tight ? "\n" : "\n\n")
    }

    /// A GFM table, or nil when GFM cannot shape it (no single header row, a footer, several
    /// bodies, ragged rows, attributes).
    mutating func table(_ t: Table) -> String? {
        guard t.attributes.isEmpty, t.head.count == 1, t.foot.isEmpty, t.bodySplits.isEmpty else { return nil }
        let columns = t.head[0].count
        guard columns > 0, t.body.allSatisfy({ $0.count == columns }) else { return nil }
        for row in t.head + t.body {
            for cell in row {
                for x in cell.content { if case .lineBreak = x { return nil } }
            }
        }
        func row(_ cells: [TableCell], _ me: inout MarkdownRenderer) -> String {
            "| " + cells.map { cell in
                me.inlines(cell.content, atLineStart: false, inTable: true)
                    .newlinesAsSpaces().trimming(" ")
            }.joined(separator: " | ") + " |"
        }
        var lines = [row(t.head[0], &self)]
        var rule: [String] = []
        for i in 0..<columns {
            switch i < t.alignments.count ? t.alignments[i] : .default {
            case .default: rule.append("---")
            case .left: rule.append(":---")
            case .center: rule.append(":---:")
            case .right: rule.append("---:")
            }
        }
        lines.append("| " + rule.joined(separator: " | ") + " |")
        for r in t.body { lines.append(row(r, &self)) }
        return lines.joined(separator: "\n")
    }

    /// Footnote definitions after the body, content indented by four spaces.
    mutating func footnoteDefinitions() -> String {
        var parts: [String] = []
        for f in document.footnotes {
            let content = blocks(f.blocks, tight: false)
            let label = "[^\(f.name)]:"
            if content.isEmpty { parts.append(label); continue }
            parts.append(prefixLines(content, first: label + " ", rest: "    ", blank: ""))
        }
        return parts.joined(separator: "\n\n")
    }

    /// Puts `first` before the first line and `rest` before the others (`blank` for empty ones).
    func prefixLines(_ text: String, first: String, rest: String, blank: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16 + 8 * rest.utf8.count)
        for (i, line) in Self.lines(of: text).enumerated() {
            if i > 0 { out += "\n" }
            if line.isEmpty {
                out += i == 0 ? first.trimming(" ") : blank
            } else {
                out += i == 0 ? first : rest
                out += line
            }
        }
        return out
    }

    // MARK: - Inlines

    /// Inline content as Markdown.
    mutating func inlines(_ xs: [Inline], atLineStart: Bool, inTable: Bool = false) -> String {
        var pieces: [MarkdownPiece] = []
        var lineStart = atLineStart
        var i = 0
        while i < xs.count {
            let x = xs[i]
            let next: Inline? = i + 1 < xs.count ? xs[i + 1] : nil
            let piece = inline(x, next: next, atLineStart: lineStart, inTable: inTable)
            if case .literal(let s) = piece { lineStart = s.isEmpty ? lineStart : s.endsWithLineFeedCharacter } else { lineStart = false }
            pieces.append(piece)
            i += 1
        }
        return assemble(pieces)
    }

    /// Chooses `*`, `**`, `~~` where CommonMark's flanking rules let them open and close, else
    /// the HTML tag.
    func assemble(_ pieces: [MarkdownPiece]) -> String {
        // One piece of text (a link's or an emphasis' words, most paragraphs of a list item):
        // itself, not a copy.
        if pieces.count == 1, case .literal(let s) = pieces[0] { return s }
        var out = ""
        var length = 0
        for p in pieces {
            switch p {
            case .literal(let s): length += s.utf8.count
            case .delimited(_, let tag, let inner): length += inner.utf8.count + 2 * tag.utf8.count + 5
            }
        }
        out.reserveCapacity(length)
        for (n, p) in pieces.enumerated() {
            switch p {
            case .literal(let s):
                out += s
            case .delimited(let d, let tag, let inner):
                let mark = d.first!
                let before = out.last
                var after: Character? = nil
                if n + 1 < pieces.count {
                    switch pieces[n + 1] {
                    case .literal(let s): after = s.first
                    case .delimited: after = "*"
                    }
                }
                let a = inner.first
                let l = inner.last
                let canOpen = a != nil && !MarkdownText.isWhitespace(a)
                    && (!MarkdownText.isPunctuation(a) || MarkdownText.isWhitespace(before) || MarkdownText.isPunctuation(before))
                let canClose = l != nil && !MarkdownText.isWhitespace(l)
                    && (!MarkdownText.isPunctuation(l) || MarkdownText.isWhitespace(after) || MarkdownText.isPunctuation(after))
                let clash = [before, a, l, after].contains { $0 == mark } || MarkdownRenderer.holdsLineFeed(inner)
                if canOpen && canClose && !clash {
                    out += d + inner + d
                } else {
                    out += "<\(tag)>" + inner + "</\(tag)>"
                }
            }
        }
        return out
    }

    /// `text.contains("\n")` (Foundation's search), on bytes for ASCII text without a carriage
    /// return, where that search finds exactly the line feed bytes.
    static func holdsLineFeed(_ text: String) -> Bool {
        var text = text
        let plain = text.withUTF8 { bytes -> Bool? in
            var lineFeed = false
            for b in bytes {
                if b >= 0x80 || b == 13 { return nil }
                if b == 10 { lineFeed = true }
            }
            return lineFeed
        }
        return plain ?? text.contains("\n")
    }

    mutating func inline(_ x: Inline, next: Inline?, atLineStart: Bool, inTable: Bool) -> MarkdownPiece {
        switch x {
        case .text(let s):
            return .literal(MarkdownText.escapeText(s, atLineStart: atLineStart))
        case .emphasis(let c):
            return .delimited(delimiter: "*", tag: "em", inner: inlines(c, atLineStart: false, inTable: inTable))
        case .strong(let c):
            return .delimited(delimiter: "**", tag: "strong", inner: inlines(c, atLineStart: false, inTable: inTable))
        case .strikethrough(let c):
            return .delimited(delimiter: "~~", tag: "del", inner: inlines(c, atLineStart: false, inTable: inTable))
        case .code(let s, let a):
            if a.isEmpty { return .literal(MarkdownText.codeSpan(s, inTable: inTable)) }
            return .literal(MarkdownHTML.inline(html.inline(x)))
        case .link(let content, let url, let title, let a):
            let inner = inlines(content, atLineStart: false, inTable: inTable)
            if !a.isEmpty {
                var first: [(String, String)] = [("href", url)]
                if let title { first.append(("title", title)) }
                return .literal("<a\(html.attrs(a, first: first))>" + inner + "</a>")
            }
            let t = title.map { " " + MarkdownText.title($0) } ?? ""
            return .literal("[" + inner + "](" + MarkdownText.destination(url) + t + ")")
        case .image(let alt, let url, let title, let a):
            if !a.isEmpty { return .literal(MarkdownHTML.inline(html.inline(x))) }
            let t = title.map { " " + MarkdownText.title($0) } ?? ""
            let altText = MarkdownText.escapeText(alt, atLineStart: false).newlinesAsSpaces()
            return .literal("![" + altText + "](" + MarkdownText.destination(url) + t + ")")
        case .lineBreak:
            if case .text(let s)? = next, s.hasPrefix("\n") { return .literal("\\") }
            return .literal("<br />")
        case .softBreak:
            return .literal("\n")
        case .math(let tex):
            // TeX as written: math renderers read it raw (kramdown's `$$` becomes the usual `$`).
            return .literal("$" + tex.newlinesAsSpaces() + "$")
        case .footnoteReference(let name):
            _ = html.inline(x)
            return .literal("[^\(name)]")
        case .abbreviation:
            return .literal(MarkdownHTML.inline(html.inline(x)))
        case .htmlElement(let tag, let a, let content):
            let inner = inlines(content, atLineStart: false, inTable: inTable)
            let void = ["area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link", "meta",
                        "param", "source", "track", "wbr"].contains(tag)
            if inner.isEmpty && void { return .literal("<\(tag)\(html.attrs(a)) />") }
            return .literal("<\(tag)\(html.attrs(a))>" + inner + "</\(tag)>")
        case .span(let content, let a):
            return .literal("<span\(html.attrs(a))>" + inlines(content, atLineStart: false, inTable: inTable) + "</span>")
        case .rawInline(let format, let text):
            guard format == RawFormat.html else {
                warnings.append("raw \(format) text left out")
                return .literal("")
            }
            switch text {
            case "&amp;":
                // `&` stays itself unless the text after it would make an entity.
                if case .text(let after)? = next, MarkdownText.looksLikeEntity(Array("&" + after), 0) { return .literal("\\&") }
                return .literal("&")
            case "&lt;": return .literal("\\<")
            case "&gt;": return .literal(atLineStart ? "\\>" : ">")
            case "&quot;": return .literal("\"")
            default: return .literal(MarkdownHTML.inline(text))
            }
        }
    }
}

extension String {
    /// Without leading and trailing line ends.
    var trimmingNewlines: String {
        var s = Substring(self)
        while s.first == "\n" { s = s.dropFirst() }
        while s.last == "\n" { s = s.dropLast() }
        return String(s)
    }

    /// Without these characters at either end.
    func trimming(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

extension String {
    /// `hasSuffix("\n")` on bytes: the last byte is a line feed that is not part of a CR LF
    /// (which is one Character, not "\n"); a line feed always ends its Character.
    var endsWithLineFeedCharacter: Bool {
        let bytes = utf8
        guard bytes.last == 10 else { return false }
        let lineFeed = bytes.index(before: bytes.endIndex)
        return lineFeed == bytes.startIndex || bytes[bytes.index(before: lineFeed)] != 13
    }
}
