import BlogModel

/// Writes front matter as YAML that any YAML 1.1 or 1.2 reader (Jekyll's Psych, Yams, Hugo's
/// go-yaml) reads back to the same values: block style, keys in their order, strings plain only
/// when no reader could take them for anything else.
enum YAMLFrontMatter {
    /// `---`, the entries, `---`, each line ending in `\n`.
    static func document(_ map: MetadataMap) -> String {
        var out = "---\n"
        for e in map { out += entry(e.key, e.value, indent: 0) }
        return out + "---\n"
    }

    static func entry(_ key: String, _ value: MetadataValue, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        let k = scalar(key)
        switch value {
        case .list(let items) where !items.isEmpty:
            return pad + k + ":\n" + items.map { item(pad, $0, indent) }.joined()
        case .map(let m) where !m.isEmpty:
            return pad + k + ":\n" + m.map { entry($0.key, $0.value, indent: indent + 2) }.joined()
        case .null, .bool, .int, .float, .string, .timestamp, .list, .map:
            return pad + k + ": " + inline(value) + "\n"
        }
    }

    /// One `- ` list entry.
    static func item(_ pad: String, _ value: MetadataValue, _ indent: Int) -> String {
        switch value {
        case .map(let m) where !m.isEmpty:
            var lines = m.map { entry($0.key, $0.value, indent: indent + 2) }.joined()
            lines.removeFirst(indent + 2)
            return pad + "- " + lines
        case .list(let l) where !l.isEmpty:
            return pad + "-\n" + l.map { item(pad + "  ", $0, indent + 2) }.joined()
        case .null, .bool, .int, .float, .string, .timestamp, .list, .map:
            return pad + "- " + inline(value) + "\n"
        }
    }

    /// A value on one line.
    static func inline(_ value: MetadataValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d):
            if d.isNaN { return ".nan" }
            if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
            return MetadataValue.rubyFloatString(d)
        case .string(let s): return scalar(s)
        case .timestamp(let s): return s
        case .list(let l): return "[" + l.map(inline).joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.map { scalar($0.key) + ": " + inline($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// Words YAML 1.1 reads as booleans or null.
    static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ""]

    /// A string: plain when it is unmistakably a string, else double-quoted.
    static func scalar(_ s: String) -> String {
        if isPlainSafe(s) { return s }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F || u.value == 0xFEFF {
                    let hex = String(u.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    static func isPlainSafe(_ s: String) -> Bool {
        if let ascii = asciiIsPlainSafe(s) { return ascii }
        guard let first = s.first, let last = s.last else { return false }
        if reserved.contains(s.lowercased()) { return false }
        if first == " " || last == " " { return false }
        if let c = first.unicodeScalars.first, "-?:,[]{}#&*!|>'\"%@`0123456789.+=~<".unicodeScalars.contains(c) { return false }
        if s.contains(": ") || s.contains(" #") || s.hasSuffix(":") { return false }
        for u in s.unicodeScalars where u.value < 0x20 || u.value == 0x7F || u.value == 0xFEFF || u.value == 0x85 || u.value == 0x2028 || u.value == 0x2029 {
            return false
        }
        return true
    }

    /// `isPlainSafe` on bytes for an ASCII string (where every rule reads the same on bytes);
    /// nil for any other string.
    static func asciiIsPlainSafe(_ s: String) -> Bool? {
        let bytes = s.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard let first = bytes.first, let last = bytes.last else { return false }
        // The reserved words are ASCII and at most five letters long.
        if bytes.count <= 5, reserved.contains(s.lowercased()) { return false }
        if first == 0x20 || last == 0x20 || last == UInt8(ascii: ":") { return false }
        switch first {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "="),
             UInt8(ascii: "~"), UInt8(ascii: "<"):
            return false
        default:
            break
        }
        var previous: UInt8 = 0
        for b in bytes {
            if b < 0x20 || b == 0x7F { return false }
            if (previous == UInt8(ascii: ":") && b == 0x20) || (previous == 0x20 && b == UInt8(ascii: "#")) { return false }
            previous = b
        }
        return true
    }
}
