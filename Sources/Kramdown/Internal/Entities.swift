/// A character reference: a code point and, if it has one, its name.
struct Entity: Hashable {
    let codePoint: UInt32
    let name: String?

    /// The character, if the code point is one.
    var char: String? { Unicode.Scalar(codePoint).map { String(Character($0)) } }
}

/// kramdown's entity map (`Kramdown::Utils::Entities`).
enum Entities {
    private static let maps: (byName: [String: Entity], byCode: [UInt32: Entity]) = {
        var byName: [String: Entity] = [:]
        var byCode: [UInt32: Entity] = [:]
        for (cp, data) in kramdownEntityTable {
            if let first = data.utf8.first, Chars.isDigit(first), let target = UInt32(data) {
                byCode[cp] = byCode[target] ?? Entity(codePoint: target, name: nil)
            } else {
                let e = Entity(codePoint: cp, name: data)
                byCode[cp] = e
                byName[data] = e
            }
        }
        return (byName, byCode)
    }()

    /// The entity with this name, if kramdown knows it.
    static func named(_ name: String) -> Entity? { maps.byName[name] }

    /// The entity for this code point.
    static func code(_ cp: UInt32) -> Entity { maps.byCode[cp] ?? Entity(codePoint: cp, name: nil) }
}

/// HTML escaping and entity output exactly as kramdown's `Utils::Html` does it.
public enum KramdownEscaping {
    /// What to escape: `all` escapes `<>&`; `text` also leaves entity references alone;
    /// `attribute` does what `text` does and escapes `"`.
    public enum Kind: Sendable { case all, text, attribute }

    /// kramdown's `escape_html`.
    public static func escape(_ s: String, _ kind: Kind) -> String {
        if !needsEscape(s, quote: kind == .attribute) { return s }
        let b = s.bytes
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 16)
        var i = 0
        while i < b.count {
            let c = b[i]
            switch c {
            case 60: out.append(contentsOf: "&lt;".utf8)
            case 62: out.append(contentsOf: "&gt;".utf8)
            case 34 where kind == .attribute: out.append(contentsOf: "&quot;".utf8)
            case 38:
                if kind != .all, let e = referenceEnd(b, i) {
                    out.append(contentsOf: b[i..<e])
                    i = e
                    continue
                }
                out.append(contentsOf: "&amp;".utf8)
            default: out.append(c)
            }
            i += 1
        }
        return out.string
    }

    /// Whether `s` holds `&`, `<`, `>` (or, with `quote`, `"`): eight bytes at a time (a zero
    /// byte of `w ^ c·ones` sets its high bit in `(x - ones) & ~x`, exactly when there is one).
    static func needsEscape(_ s: String, quote: Bool) -> Bool {
        var s = s
        return s.withUTF8 { u in
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
            var i = 0
            while i + 8 <= u.count {
                let w = UnsafeRawPointer(u.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if hasZero(w ^ (ones &* 38)) || hasZero(w ^ (ones &* 60)) || hasZero(w ^ (ones &* 62)) || (quote && hasZero(w ^ (ones &* 34))) {
                    return true
                }
                i += 8
            }
            while i < u.count {
                let c = u[i]
                if c == 38 || c == 60 || c == 62 || (c == 34 && quote) { return true }
                i += 1
            }
            return false
        }
    }

    /// REXML's `REFERENCE_RE` (`&name;`, `&#123;`, `&#x1F;`) at `i`; returns its end.
    static func referenceEnd(_ b: [UInt8], _ i: Int) -> Int? {
        var j = i + 1
        guard j < b.count else { return nil }
        if b[j] == 35 {  // #
            j += 1
            if b.at(j) == 120 {  // x
                let s = j + 1
                var k = s
                while k < b.count && Chars.isHex(b[k]) { k += 1 }
                if k > s && b.at(k) == 59 { return k + 1 }
            }
            let s = j
            var k = s
            while k < b.count && Chars.isDigit(b[k]) { k += 1 }
            if k > s && b.at(k) == 59 { return k + 1 }
            return nil
        }
        guard Chars.isWord(b[j]) || b[j] == 58 else { return nil }
        j += 1
        while j < b.count && (Chars.isWord(b[j]) || b[j] == 45 || b[j] == 46 || b[j] == 58) { j += 1 }
        return b.at(j) == 59 ? j + 1 : nil
    }

    /// kramdown's `entity_to_str` for a named or numeric entity.
    static func entityString(_ e: Entity, original: String?, output: KramdownOptions.EntityOutput) -> String {
        let escapeMapped = e.codePoint == 60 || e.codePoint == 62 || e.codePoint == 38 || e.codePoint == 34
        if output == .asChar, let c = e.char, (e.codePoint == 34 || !escapeMapped) { return c }
        if (output == .asInput || output == .asChar), let original { return original }
        if (output == .symbolic || escapeMapped), let name = e.name { return "&\(name);" }
        return "&#\(e.codePoint);"
    }

    /// `entity_to_str` for an entity given by name or code point string (used for smart quotes, nbsp).
    public static func entityString(named nameOrCode: String, output: KramdownOptions.EntityOutput) -> String {
        let e: Entity
        if let cp = UInt32(nameOrCode) { e = Entities.code(cp) } else { e = Entities.named(nameOrCode) ?? Entity(codePoint: 63, name: nil) }
        return entityString(e, original: nil, output: output)
    }

    /// `html_attributes`: ` key="value"` for each pair (an empty id is left out).
    public static func attributes(_ pairs: [(String, String)]) -> String {
        var out = ""
        for (k, v) in pairs {
            if k == "id" && rubyStrip(v).isEmpty { continue }
            out += " \(k)=\"\(escape(v, .attribute))\""
        }
        return out
    }
}
