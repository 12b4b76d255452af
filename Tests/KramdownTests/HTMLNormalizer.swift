@testable import Kramdown
import Foundation

/// A port of `shared/tools/fidelity.py`'s HTML normalisation: parse to a tree, decode entities,
/// sort attributes and class names, fold white space (kept inside `<pre>`), drop `<span>`s inside
/// `<pre>`, so that only real differences in a document count.
enum HTMLNormalizer {
    indirect enum Node: Equatable, CustomStringConvertible {
        case text(String)
        case element(String, [Attr], [Node])

        var description: String { render(0).joined(separator: "\n") }

        func render(_ depth: Int) -> [String] {
            let pad = String(repeating: "  ", count: depth)
            switch self {
            case .text(let s): return [pad + String(reflecting: s)]
            case .element(let t, let a, let kids):
                var lines = [pad + "<" + t + a.map { " \($0.k)=\"\($0.v)\"" }.joined() + ">"]
                for k in kids { lines += k.render(depth + 1) }
                return lines
            }
        }
    }

    struct Attr: Equatable, Comparable {
        var k: String
        var v: String
        static func < (a: Attr, b: Attr) -> Bool { a.k != b.k ? a.k < b.k : a.v < b.v }
    }

    static let void: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
    static let blockTags: Set<String> = ["#root", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
                                         "figcaption", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "blockquote", "dl",
                                         "dt", "dd", "section", "article", "aside", "header", "footer", "nav", "hr", "details",
                                         "summary", "iframe", "video", "audio"]

    /// Python's `str.isspace` for one character.
    static func isSpace(_ c: Character) -> Bool { c.unicodeScalars.allSatisfy { $0.properties.isWhitespace } }

    static func normalise(_ html: String) -> Node {
        canon(parse(html))
    }

    // MARK: - Parsing (Python's html.parser, enough of it)

    final class Builder {
        var root = MutableNode(tag: "#root", attrs: [])
        var stack: [MutableNode]
        init() { stack = [root] }
    }

    final class MutableNode {
        var tag: String
        var attrs: [Attr]
        var kids: [Any] = []  // String or MutableNode or comment
        var isComment = false
        init(tag: String, attrs: [Attr]) { self.tag = tag; self.attrs = attrs }
    }

    static func parse(_ html: String) -> MutableNode {
        let b = Builder()
        let s = Array(html.unicodeScalars)
        var i = 0
        var data = ""
        func flush() {
            if !data.isEmpty { b.stack.last!.kids.append(decode(data)); data = "" }
        }
        func isAlpha(_ u: Unicode.Scalar) -> Bool { (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") }
        func has(_ lit: String, _ at: Int) -> Bool {
            let l = Array(lit.unicodeScalars)
            if at + l.count > s.count { return false }
            for k in 0..<l.count where s[at + k] != l[k] { return false }
            return true
        }
        while i < s.count {
            let c = s[i]
            if c != "<" { data.unicodeScalars.append(c); i += 1; continue }
            if has("<!--", i) {
                var j = i + 4
                while j < s.count && !has("-->", j) { j += 1 }
                flush()
                let text = String(String.UnicodeScalarView(s[(i + 4)..<min(j, s.count)]))
                let n = MutableNode(tag: "#comment", attrs: [])
                n.isComment = true
                n.kids = [text.trimmingCharacters(in: .whitespacesAndNewlines)]
                b.stack.last!.kids.append(n)
                i = min(j + 3, s.count)
                continue
            }
            if has("<!", i) || has("<?", i) {
                var j = i + 2
                while j < s.count && s[j] != ">" { j += 1 }
                flush()
                i = min(j + 1, s.count)
                continue
            }
            if has("</", i), i + 2 < s.count, isAlpha(s[i + 2]) {
                var j = i + 2
                while j < s.count && s[j] != ">" && !isSpaceScalar(s[j]) && s[j] != "/" { j += 1 }
                let name = String(String.UnicodeScalarView(s[(i + 2)..<j])).lowercased()
                while j < s.count && s[j] != ">" { j += 1 }
                flush()
                for k in stride(from: b.stack.count - 1, to: 0, by: -1) where b.stack[k].tag == name {
                    b.stack.removeSubrange(k...)
                    break
                }
                i = min(j + 1, s.count)
                continue
            }
            if i + 1 < s.count, isAlpha(s[i + 1]) {
                var j = i + 1
                while j < s.count && !isSpaceScalar(s[j]) && s[j] != ">" && s[j] != "/" { j += 1 }
                let name = String(String.UnicodeScalarView(s[(i + 1)..<j])).lowercased()
                var attrs: [Attr] = []
                var selfClosing = false
                while j < s.count {
                    while j < s.count && isSpaceScalar(s[j]) { j += 1 }
                    if j >= s.count { break }
                    if s[j] == ">" { j += 1; break }
                    if s[j] == "/" && j + 1 < s.count && s[j + 1] == ">" { selfClosing = true; j += 2; break }
                    if s[j] == "/" { j += 1; continue }
                    var k = j
                    while k < s.count && !isSpaceScalar(s[k]) && s[k] != "=" && s[k] != ">" && !(s[k] == "/" && k + 1 < s.count && s[k + 1] == ">") { k += 1 }
                    let an = String(String.UnicodeScalarView(s[j..<k])).lowercased()
                    var m = k
                    while m < s.count && isSpaceScalar(s[m]) { m += 1 }
                    var value = ""
                    if m < s.count && s[m] == "=" {
                        m += 1
                        while m < s.count && isSpaceScalar(s[m]) { m += 1 }
                        if m < s.count && (s[m] == "\"" || s[m] == "'") {
                            let q = s[m]
                            var e = m + 1
                            while e < s.count && s[e] != q { e += 1 }
                            value = String(String.UnicodeScalarView(s[(m + 1)..<min(e, s.count)]))
                            m = min(e + 1, s.count)
                        } else {
                            var e = m
                            while e < s.count && !isSpaceScalar(s[e]) && s[e] != ">" { e += 1 }
                            value = String(String.UnicodeScalarView(s[m..<e]))
                            m = e
                        }
                        k = m
                    }
                    value = decode(value)
                    if an == "class" { value = value.split(whereSeparator: isSpace).sorted().joined(separator: " ") }
                    attrs.append(Attr(k: an, v: value.trimmingCharacters(in: .whitespacesAndNewlines)))
                    j = k
                }
                flush()
                let node = MutableNode(tag: name, attrs: attrs.sorted())
                b.stack.last!.kids.append(node)
                if name == "script" || name == "style" {
                    var e = j
                    while e < s.count && !(has("</", e) && String(String.UnicodeScalarView(s[(e + 2)..<min(e + 2 + name.count, s.count)])).lowercased() == name) { e += 1 }
                    let raw = String(String.UnicodeScalarView(s[j..<e]))
                    if !raw.isEmpty { node.kids.append(raw) }
                    while e < s.count && s[e] != ">" { e += 1 }
                    i = min(e + 1, s.count)
                    continue
                }
                if !void.contains(name) && !selfClosing { b.stack.append(node) }
                i = j
                continue
            }
            data.unicodeScalars.append(c)
            i += 1
        }
        flush()
        return b.root
    }

    static func isSpaceScalar(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\t" || u == "\n" || u == "\r" || u == "\u{0C}" }

    static let named: [String: String] = {
        var m: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{a0}"]
        for (cp, name) in kramdownEntityTable where !(name.first?.isNumber ?? true) {
            if let u = Unicode.Scalar(cp) { m[name] = String(Character(u)) }
        }
        return m
    }()

    static func decode(_ s: String) -> String {
        guard s.contains("&") else { return s }
        let u = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < u.count {
            if u[i] == "&" {
                var j = i + 1
                while j < u.count && j - i < 40 && u[j] != ";" && u[j] != "&" && !isSpaceScalar(u[j]) { j += 1 }
                if j < u.count && u[j] == ";" {
                    let name = String(String.UnicodeScalarView(u[(i + 1)..<j]))
                    var rep: String? = nil
                    if name.hasPrefix("#x") || name.hasPrefix("#X") {
                        rep = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                    } else if name.hasPrefix("#") {
                        rep = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                    } else {
                        rep = named[name]
                    }
                    if let rep {
                        out.append(contentsOf: rep.unicodeScalars)
                        i = j + 1
                        continue
                    }
                }
            }
            out.append(u[i])
            i += 1
        }
        return String(out)
    }

    // MARK: - Canonical form

    static func flattenPre(_ n: MutableNode) -> String {
        var out = ""
        for k in n.kids {
            if let s = k as? String { out += s } else if let m = k as? MutableNode { out += m.isComment ? "" : flattenPre(m) }
        }
        return out
    }

    static func collapse(_ s: String) -> String {
        var out = ""
        var inSpace = false
        for c in s {
            if isSpace(c) { if !inSpace { out.append(" ") }; inSpace = true } else { out.append(c); inSpace = false }
        }
        return out
    }

    static func canon(_ n: MutableNode) -> Node {
        if n.isComment { return .element("#comment", [], [.text((n.kids.first as? String) ?? "")]) }
        if n.tag == "pre" {
            let code = n.kids.compactMap { $0 as? MutableNode }.filter { !$0.isComment }
            var text = flattenPre(n)
            while text.hasSuffix("\n") { text.removeLast() }
            if code.count == 1 && code[0].tag == "code" {
                return .element("pre", n.attrs, [.element("code", code[0].attrs, [.text(text)])])
            }
            return .element("pre", n.attrs, [.text(text)])
        }
        var items: [Node] = []
        for k in n.kids {
            if let s = k as? String {
                let c = collapse(s)
                if case .text(let prev)? = items.last {
                    items[items.count - 1] = .text(prev + c)
                    continue
                }
                items.append(.text(c))
            } else if let m = k as? MutableNode {
                items.append(canon(m))
            }
        }
        if blockTags.contains(n.tag) {
            func isBlock(_ x: Node) -> Bool {
                if case .element(let t, _, _) = x { return blockTags.contains(t) || t == "pre" || t == "#comment" }
                return false
            }
            var kept: [Node] = []
            for (idx, it) in items.enumerated() {
                if case .text(let s) = it, s.allSatisfy(isSpace) {
                    let prev: Node? = idx > 0 ? items[idx - 1] : nil
                    let next: Node? = idx + 1 < items.count ? items[idx + 1] : nil
                    if prev == nil || next == nil || isBlock(prev!) || isBlock(next!) { continue }
                }
                kept.append(it)
            }
            items = kept
            if case .text(let s)? = items.first { items[0] = .text(String(s.drop(while: isSpace))) }
            if case .text(let s)? = items.last { items[items.count - 1] = .text(String(s.reversed().drop(while: isSpace).reversed())) }
            for idx in items.indices {
                if case .text(var s) = items[idx] {
                    if idx > 0 && isBlock(items[idx - 1]) { s = String(s.drop(while: isSpace)) }
                    if idx + 1 < items.count && isBlock(items[idx + 1]) { s = String(s.reversed().drop(while: isSpace).reversed()) }
                    items[idx] = .text(s)
                }
            }
            items = items.filter { if case .text(let s) = $0 { return !s.isEmpty }; return true }
        }
        return .element(n.tag, n.attrs, items)
    }
}
