import BlogModel

/// The fast path of `YAMLLoader.load` for the front matter most posts have: one `key: value`
/// per line at the left margin, where a value is a plain scalar on one line, a quoted string
/// without escapes, a flow list of those (`[a, "b c"]`), or a block list of them (`key:` then
/// `- item` lines at one indent). Such YAML is read a line at a
/// time, its plain scalars typed by `PsychScalar` as the libyaml path types them.
///
/// Anything else gives nil and goes to libyaml: indented or continued lines, anchors, tags,
/// block scalars, escapes, comments after a value, duplicate keys, tabs, carriage returns,
/// characters libyaml refuses, keys that are not plain words.
enum SimpleYAML {
    /// The mapping `text` holds, or nil when it is not simple enough to be sure.
    static func load(_ text: String) -> MetadataValue? {
        let bytes = Array(text.utf8)
        guard isPrintable(bytes) else { return nil }
        var pairs: [(String, MetadataValue)] = []
        var keys: Set<String> = []
        // The block list under the last `key:` with no value on its line: its items' indent
        // (nil before the first) and items.
        var list: (indent: Int?, items: [MetadataValue])?
        var lineStart = 0
        // A `---` line first (front matter comes with it) starts the document.
        if bytes.starts(with: "---".utf8) {
            var i = 3
            while i < bytes.count, bytes[i] == 0x20 { i += 1 }
            guard i < bytes.count, bytes[i] == 0x0A else { return nil }
            lineStart = i + 1
        }
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            let line = bytes[lineStart..<lineEnd]
            guard let first = line.first else { continue }  // an empty line
            if first == UInt8(ascii: "#") { continue }  // a comment line
            if first == 0x20 || first == UInt8(ascii: "-") {
                // `- item` of a block list, every item at the same indent.
                guard var open = list else { return nil }
                var i = line.startIndex
                while i < line.endIndex, line[i] == 0x20 { i += 1 }
                let indent = i - line.startIndex
                guard open.indent == nil || open.indent == indent, i + 1 < line.endIndex,
                      line[i] == UInt8(ascii: "-"), line[i + 1] == 0x20 else { return nil }
                i += 2
                while i < line.endIndex, line[i] == 0x20 { i += 1 }
                guard i < line.endIndex, let item = scalar(line[i...], inFlow: false) else { return nil }
                open.indent = indent
                open.items.append(item)
                list = open
                pairs[pairs.count - 1].1 = .list(open.items)
                continue
            }
            // The key: a word at the left margin, then ':'.
            guard isKeyStart(first) else { return nil }
            var i = line.startIndex + 1
            while i < line.endIndex, isKeyByte(line[i]) { i += 1 }
            guard i < line.endIndex, line[i] == UInt8(ascii: ":"), i - line.startIndex <= 128 else { return nil }
            let key = String(decoding: line[line.startIndex..<i], as: UTF8.self)
            // A key word is a string for Psych unless it is a short bool or null word (`yes`,
            // `on`, `null`, …: more than five letters, or a first letter none of those start
            // with, is a string without asking); a key seen before goes to libyaml.
            let keyLength = i - line.startIndex
            guard keyLength > 5 || !Self.mayNotBeString(first) || PsychScalar.resolve(key) == .string(key),
                  keyLength > 16 ? keys.insert(key).inserted : !pairs.contains(where: { $0.0 == key }) else { return nil }
            i += 1
            guard i == line.endIndex || line[i] == 0x20 else { return nil }
            while i < line.endIndex, line[i] == 0x20 { i += 1 }
            guard let value = self.value(line[i...]) else { return nil }
            pairs.append((key, value))
            list = i == line.endIndex ? (indent: nil, items: []) : nil
        }
        return pairs.isEmpty ? nil : .map(MetadataMap(pairs))
    }

    /// A value that takes the rest of its line.
    private static func value(_ text: ArraySlice<UInt8>) -> MetadataValue? {
        guard let first = text.first else { return .null }  // `key:` alone
        guard text.last != 0x20 else { return nil }
        if first == UInt8(ascii: "[") {
            guard text.count >= 2, text.last == UInt8(ascii: "]") else { return nil }
            let inner = text.dropFirst().dropLast()
            if inner.allSatisfy({ $0 == 0x20 }) { return .list([]) }
            var items: [MetadataValue] = []
            for item in inner.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                var item = item
                while item.first == 0x20 { item = item.dropFirst() }
                while item.last == 0x20 { item = item.dropLast() }
                guard let value = scalar(item, inFlow: true) else { return nil }
                items.append(value)
            }
            return .list(items)
        }
        return scalar(text, inFlow: false)
    }

    /// A quoted string without escapes or a plain scalar; in a flow list, a plain scalar holds
    /// none of `[]{},:` either.
    private static func scalar(_ text: ArraySlice<UInt8>, inFlow: Bool) -> MetadataValue? {
        guard let first = text.first, text.last != 0x20 else { return nil }
        if first == 0x22 || first == 0x27 {  // "…" or '…'
            guard text.count >= 2, text.last == first else { return nil }
            let inner = text.dropFirst().dropLast()
            guard !inner.contains(first), !inner.contains(UInt8(ascii: "\\")) else { return nil }
            return .string(String(decoding: inner, as: UTF8.self))
        }
        guard !isIndicator(first) else { return nil }
        var previous: UInt8 = 0
        for b in text {
            // `: ` starts a mapping value, ` #` a comment; a flow list ends items at `,` and `]`.
            if b == 0x20 && previous == UInt8(ascii: ":") { return nil }
            if b == UInt8(ascii: "#") && previous == 0x20 { return nil }
            if inFlow, isFlowIndicator(b) || b == UInt8(ascii: ":") || b == 0x22 || b == 0x27 { return nil }
            previous = b
        }
        guard previous != UInt8(ascii: ":") else { return nil }
        return PsychScalar.resolve(String(decoding: text, as: UTF8.self))
    }

    /// Bytes that cannot start a plain scalar here (YAML's indicators, and `-`, `?`, `:`).
    private static func isIndicator(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"):
            return true
        default:
            return false
        }
    }

    /// Whether a plain word starting with `b` may be something other than a string for Psych:
    /// its bool and null words start with y, t, o, n, f (either case) or are `~`.
    private static func mayNotBeString(_ b: UInt8) -> Bool {
        switch b | 0x20 {
        case UInt8(ascii: "y"), UInt8(ascii: "t"), UInt8(ascii: "o"), UInt8(ascii: "n"), UInt8(ascii: "f"): return true
        default: return b == UInt8(ascii: "~")
        }
    }

    private static func isFlowIndicator(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "[") || b == UInt8(ascii: "]") || b == UInt8(ascii: "{") || b == UInt8(ascii: "}") || b == UInt8(ascii: ",")
    }

    private static func isKeyStart(_ b: UInt8) -> Bool {
        (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || b == UInt8(ascii: "_")
    }

    private static func isKeyByte(_ b: UInt8) -> Bool {
        isKeyStart(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-")
    }

    /// Only characters libyaml reads as printable, and no tab or carriage return: line feeds,
    /// ASCII from the space to `~`, and the non-ASCII ranges YAML allows (no C1 controls, no
    /// U+0085/U+2028/U+2029 line breaks, no byte order mark).
    private static func isPrintable(_ bytes: [UInt8]) -> Bool {
        var hasNonASCII = false
        for b in bytes {
            if b >= 0x80 { hasNonASCII = true } else if b < 0x20 ? b != 0x0A : b == 0x7F { return false }
        }
        guard hasNonASCII else { return true }
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars where scalar.value >= 0x80 {
            let v = scalar.value
            guard (v >= 0xA0 && v <= 0xD7FF && v != 0x2028 && v != 0x2029) || (v >= 0xE000 && v <= 0xFFFD && v != 0xFEFF) || v >= 0x10000 else {
                return false
            }
        }
        return true
    }
}
