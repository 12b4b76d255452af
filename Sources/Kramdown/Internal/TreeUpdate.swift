/// The passes after block parsing: span parsing of raw text, IALs, abbreviations, GFM fix-ups, ids.
extension Parser {
    /// `update_tree`.
    func updateTree(_ element: Element) {
        var out: [Element] = []
        out.reserveCapacity(element.children.count)
        var lastBlank: Element? = nil
        for child in element.children {
            switch child.type {
            case .rawText:
                lastBlank = nil
                src = Scanner(child.value)
                tree = child
                spanStack = []
                blockStack = []
                blockIAL = nil
                textType = .text
                parseSpans(child, stop: nil)
                out.append(contentsOf: child.children)
            case .eob:
                if let ial = child.ial { updateAttr(&child.attr, with: ial) }
            case .blank:
                if let lb = lastBlank {
                    lb.value.append(contentsOf: child.value)
                } else {
                    lastBlank = child
                    out.append(child)
                }
            default:
                lastBlank = nil
                updateTree(child)
                if let ial = child.ial { updateAttr(&child.attr, with: ial) }
                if child.type == .dt || (child.type == .header && options.autoIdStripping) { updateRawText(child) }
                out.append(child)
            }
        }
        element.children = out
    }

    /// `update_raw_text` (kramdown's, or GFM's richer one).
    func updateRawText(_ item: Element) {
        var raw: [UInt8] = []
        func append(_ c: Element) {
            if gfm {
                switch c.type {
                case .text, .codespan, .math: raw.append(contentsOf: c.value)
                case .entity: raw.append(contentsOf: (c.entity?.char ?? "").utf8)
                case .smartQuote: raw.append(contentsOf: (Entities.named(c.symbol)?.char ?? "").utf8)
                case .typographicSym:
                    switch c.symbol {
                    case "laquo_space": raw.append(contentsOf: "«\u{a0}".utf8)
                    case "raquo_space": raw.append(contentsOf: "\u{a0}»".utf8)
                    default: raw.append(contentsOf: (Entities.named(c.symbol)?.char ?? "").utf8)
                    }
                default: for x in c.children { append(x) }
                }
            } else if c.type == .text {
                raw.append(contentsOf: c.value)
            } else {
                for x in c.children { append(x) }
            }
        }
        append(item)
        item.rawText = raw
    }

    /// `replace_abbreviations`.
    func replaceAbbreviations(_ el: Element) {
        guard !abbrevDefs.isEmpty else { return }
        let keys = abbrevDefs.map { Array($0.0.utf8) }.enumerated().sorted {
            $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset
        }.map(\.element)
        replaceAbbreviations(el, keys)
    }

    func replaceAbbreviations(_ el: Element, _ keys: [[UInt8]]) {
        var out: [Element] = []
        for child in el.children {
            if child.type == .text && el.contentModel != .raw {
                let v = child.value
                func matchAt(_ i: Int) -> Int? {
                    for k in keys where v.count - i >= k.count && Array(v[i..<(i + k.count)]) == k { return k.count }
                    return nil
                }
                func isWordAt(_ i: Int) -> Bool { i < v.count && Chars.isWord(v[i]) }
                var pieces: [Element] = []
                var textStart = 0
                var i = 0
                var any = false
                while i < v.count {
                    // (?=(?:\W|^)ABBR(?!\w)): either at a line start, or after one non-word character.
                    if (i == 0 || v[i - 1] == 10), let n = matchAt(i), !isWordAt(i + n) {
                        pieces.append(Element(.text, Array(v[textStart..<i])))
                        let a = Element(.abbreviation, Array(v[i..<(i + n)]))
                        pieces.append(a)
                        i += n
                        textStart = i
                        any = true
                        continue
                    }
                    if !Chars.isWord(v[i]) {
                        let l = Chars.charLength(v, i)
                        if let n = matchAt(i + l), !isWordAt(i + l + n) {
                            pieces.append(Element(.text, Array(v[textStart..<(i + l)])))
                            pieces.append(Element(.abbreviation, Array(v[(i + l)..<(i + l + n)])))
                            i += l + n
                            textStart = i
                            any = true
                            continue
                        }
                    }
                    i += 1
                }
                if any {
                    pieces.append(Element(.text, Array(v[textStart...])))
                    out.append(contentsOf: pieces)
                } else {
                    out.append(child)
                }
            } else {
                replaceAbbreviations(child, keys)
                out.append(child)
            }
        }
        el.children = out
    }

    /// GFM's `update_elements`: hard line breaks in text and header ids. An element's children
    /// are copied into a new array only when one of its texts has a break to split.
    func updateElements(_ element: Element) {
        let hard = options.hardWrap ? Parser.newline : Parser.backslashNewline
        let children = element.children
        var out: [Element]? = nil
        for (n, child) in children.enumerated() {
            if child.type == .text && Parser.contains(child.value, hard) {
                if out == nil {
                    out = Array(children[..<n])
                    out!.reserveCapacity(children.count + 2)
                }
                let lines = Parser.split(child.value, hard)
                let omitTrailingBR = lines.last?.isEmpty == true && element.isBlock && children.last === child
                for (index, line) in lines.enumerated() {
                    out!.append(Element(.text, index > 0 ? [10] + line : line))
                    if index < lines.count - 2 || (index == lines.count - 2 && !omitTrailingBR) {
                        out!.append(Element(.br))
                    }
                }
                continue
            }
            if child.type == .htmlElement {
                // Left as it is.
            } else if child.type == .header && options.autoIds && child.attr["id"] == nil {
                child.attr["id"] = gfmHeaderID(child.rawText ?? [])
            } else {
                updateElements(child)
            }
            out?.append(child)
        }
        if let out { element.children = out }
    }

    static let newline: [UInt8] = [10]
    static let backslashNewline: [UInt8] = [UInt8(ascii: "\\"), 10]

    static func contains(_ v: [UInt8], _ sep: [UInt8]) -> Bool {
        guard v.count >= sep.count else { return false }
        var i = 0
        while i + sep.count <= v.count {
            if v[i] == sep[0] && (sep.count == 1 || v[i + 1] == sep[1]) { return true }
            i += 1
        }
        return false
    }

    /// Ruby's `split(sep, -1)`.
    static func split(_ v: [UInt8], _ sep: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var cur: [UInt8] = []
        var i = 0
        while i < v.count {
            if v[i] == sep[0] && (sep.count == 1 || v.at(i + 1) == sep[1]) {
                out.append(cur)
                cur = []
                i += sep.count
                continue
            }
            cur.append(v[i])
            i += 1
        }
        out.append(cur)
        return out
    }

    /// `generate_gfm_header_id`.
    func gfmHeaderID(_ text: [UInt8]) -> String {
        var result = Self.gfmHeaderIDBase(text)
        let counter = (idCounter[result] ?? -1) + 1
        idCounter[result] = counter
        if counter > 0 { result += "-\(counter)" }
        return options.autoIdPrefix + result
    }

    /// The header's ID before numbering: lowercased, blanks as `-`, only word characters and
    /// `-` kept. On bytes for ASCII text (ASCII lowercases to ASCII, and its word characters are
    /// `Chars.isWord`'s); other text a scalar at a time.
    static func gfmHeaderIDBase(_ text: [UInt8]) -> String {
        guard text.allSatisfy({ $0 < 0x80 }) else { return gfmHeaderIDBaseByScalars(text) }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        for b in text {
            if b == 0x20 || b == 0x09 { out.append(UInt8(ascii: "-")) }
            else if b == UInt8(ascii: "-") || Chars.isWord(b) { out.append(b >= 65 && b <= 90 ? b + 32 : b) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `gfmHeaderIDBase` a scalar at a time (any text; the reference for the byte version).
    static func gfmHeaderIDBaseByScalars(_ text: [UInt8]) -> String {
        let lower = text.string.lowercased()
        var result = ""
        for u in lower.unicodeScalars {
            if u == " " || u == "\t" { result.unicodeScalars.append("-") }
            else if u == "-" || Chars.isUnicodeWord(u) { result.unicodeScalars.append(u) }
        }
        return result
    }
}
