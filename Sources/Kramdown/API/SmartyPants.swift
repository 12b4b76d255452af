/// Jekyll's `smartify`: kramdown's SmartyPants parser (smart quotes, typographic symbols,
/// HTML entities, inline HTML) and its HTML output with characters, not entities.
///
/// A port of the span rules only: kramdown's `block_html` (a line that opens an HTML block is
/// left alone) is not modelled.
public enum SmartyPants {
    typealias S = Unicode.Scalar

    static func isSpace(_ c: S?) -> Bool {
        guard let c else { return false }
        return c == " " || c == "\t" || c == "\n" || c == "\u{0B}" || c == "\u{0C}" || c == "\r"
    }
    static func isWord(_ c: S?) -> Bool {
        guard let c else { return false }
        return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_"
    }
    static func isDigit(_ c: S?) -> Bool { c.map { $0 >= "0" && $0 <= "9" } ?? false }
    static func isQuote(_ c: S?) -> Bool { c == "\"" || c == "'" }
    static let punct = Set("!\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars)
    static let notClose = Set(" \\\t\r\n[{(-".unicodeScalars)
    /// kramdown's typographic symbols, longest first where one begins another, as scalars.
    static let symbols: [([S], String)] = [
        ("---", "\u{2014}"), ("--", "\u{2013}"), ("...", "\u{2026}"), ("\\<<", "&lt;&lt;"), ("\\>>", "&gt;&gt;"),
        ("<< ", "\u{00AB}\u{00A0}"), (" >>", "\u{00A0}\u{00BB}"), ("<<", "\u{00AB}"), (">>", "\u{00BB}"),
    ].map { (Array($0.0.unicodeScalars), $0.1) }
    /// The first scalars of `symbols`: no other scalar starts one.
    static let symbolStarts = Set(symbols.map { $0.0[0] })

    /// Converts `text` as `Kramdown::Document.new(text, input: "SmartyPants").to_html.chomp`.
    public static func convert(_ text: String) -> String {
        let u = Array(text.unicodeScalars)
        var out = ""
        var i = 0
        func at(_ k: Int) -> S? { k >= 0 && k < u.count ? u[k] : nil }
        func lquote(_ q: S) -> String { q == "\"" ? "\u{201C}" : "\u{2018}" }
        func rquote(_ q: S) -> String { q == "\"" ? "\u{201D}" : "\u{2019}" }
        func escaped(_ c: S) -> String {
            switch c {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            default: return String(c)
            }
        }
        /// Applies kramdown's SQ_RULES at `p`; returns the text and the new position, or nil.
        func smartQuote(_ p: Int) -> (String, Int)? {
            let c = at(p)
            if isQuote(c) {
                // ("|')(?=[_*]{1,2}\S)
                if let n = at(p + 1), n == "_" || n == "*" {
                    let n2 = at(p + 2)
                    if (n2 != nil && !isSpace(n2) && n2 != "_" && n2 != "*") || ((n2 == "_" || n2 == "*") && at(p + 3) != nil && !isSpace(at(p + 3))) {
                        return (lquote(c!), p + 1)
                    }
                }
                // ("|')(?=PUNCT(?!\.\.)\B)
                if let n = at(p + 1), punct.contains(n), !(at(p + 2) == "." && at(p + 3) == "."), !isWord(at(p + 2)) {
                    return (rquote(c!), p + 1)
                }
            }
            // (\s?)"'(?=\w) and (\s?)'"(?=\w)
            let sp = isSpace(c) ? 1 : 0
            if let a = at(p + sp), let b = at(p + sp + 1), isQuote(a), isQuote(b), a != b, isWord(at(p + sp + 2)) {
                return ((sp == 1 ? String(c!) : "") + lquote(a) + lquote(b), p + sp + 2)
            }
            // (\s?)'(?=\d\ds)
            if at(p + sp) == "'", isDigit(at(p + sp + 1)), isDigit(at(p + sp + 2)), at(p + sp + 3) == "s" {
                return ((sp == 1 ? String(c!) : "") + "\u{2019}", p + sp + 1)
            }
            // (\s)('|")(?=\w)
            if isSpace(c), let q = at(p + 1), isQuote(q), isWord(at(p + 2)) {
                return (String(c!) + lquote(q), p + 2)
            }
            // (SQ_CLOSE)('|")
            if let c, !notClose.contains(c), let q = at(p + 1), isQuote(q) {
                return (escaped(c) + rquote(q), p + 2)
            }
            // ("|')(?=\s|s\b|$)
            if let c, isQuote(c) {
                let n = at(p + 1)
                if n == nil || isSpace(n) || n == "\n" || (n == "s" && !isWord(at(p + 2))) { return (rquote(c), p + 1) }
            }
            // (.?)'  then  (.?)"
            for q: S in ["'", "\""] {
                if let c, c != "\n" || true, at(p + 1) == q { return (escaped(c) + lquote(q), p + 2) }
                if c == q { return (lquote(q), p + 1) }
            }
            return nil
        }
        func matches(_ a: [S], _ p: Int) -> Bool {
            guard p + a.count <= u.count else { return false }
            for k in a.indices where u[p + k] != a[k] { return false }
            return true
        }
        while i < u.count {
            // Smart quotes start one character early ([^\\]?["']).
            if (isQuote(at(i + 1)) && u[i] != "\\") || isQuote(u[i]), let (s, next) = smartQuote(i) {
                out += s
                i = next
                continue
            }
            if symbolStarts.contains(u[i]), let (key, value) = symbols.first(where: { matches($0.0, i) }) {
                out += value
                i += key.count
                continue
            }
            if u[i] == "&" {
                // &name; &#123; &#x1F; stay entities for &<>"' and become characters otherwise.
                var j = i + 1
                while j < u.count, isWord(u[j]) || u[j] == "#" { j += 1 }
                if j < u.count, u[j] == ";", j > i + 1 {
                    let name = String(String.UnicodeScalarView(u[(i + 1)..<j]))
                    let keep = ["amp", "lt", "gt", "quot", "#38", "#60", "#62", "#34", "#39", "apos"]
                    if keep.contains(name) {
                        out += "&" + (name == "#38" ? "amp" : name) + ";"
                    } else if let decoded = decodeEntity(name) {
                        out += decoded
                    } else {
                        out += "&amp;" + name + ";"
                    }
                    i = j + 1
                    continue
                }
            }
            if u[i] == "<", let n = at(i + 1), n == "/" || n == "!" || (n >= "a" && n <= "z") || (n >= "A" && n <= "Z"),
                let end = u[(i + 1)...].firstIndex(of: ">")
            {
                out += String(String.UnicodeScalarView(u[i...end]))
                i = end + 1
                continue
            }
            out += escaped(u[i])
            i += 1
        }
        while out.hasSuffix("\n") { out.removeLast() }
        return out
    }

    static func decodeEntity(_ name: String) -> String? {
        if name.hasPrefix("#x") || name.hasPrefix("#X"), let v = UInt32(name.dropFirst(2), radix: 16), let s = Unicode.Scalar(v) {
            return String(s)
        }
        if name.hasPrefix("#"), let v = UInt32(name.dropFirst()), let s = Unicode.Scalar(v) { return String(s) }
        let named: [String: String] = [
            "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "nbsp": "\u{A0}", "hellip": "\u{2026}",
            "mdash": "\u{2014}", "ndash": "\u{2013}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "ldquo": "\u{201C}",
            "rdquo": "\u{201D}", "laquo": "\u{AB}", "raquo": "\u{BB}", "euro": "\u{20AC}", "deg": "\u{B0}",
            "times": "\u{D7}", "middot": "\u{B7}", "para": "\u{B6}", "sect": "\u{A7}",
        ]
        return named[name]
    }
}
