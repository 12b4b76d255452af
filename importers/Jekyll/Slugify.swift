/// Jekyll's `Utils.slugify` and `titleize_slug`.
enum Slugify {
    /// The modes `slugify` knows; any other mode only lowercases.
    enum Mode: String {
        case raw, `default`, pretty, ascii, latin
    }

    /// `Utils.slugify(string, mode:, cased:)`.
    static func slugify(_ string: String, mode: String = "default", cased: Bool = false) -> String {
        guard let mode = Mode(rawValue: mode) else { return cased ? string : string.lowercased() }
        // ASCII text (not transliterated): the same walk on bytes.
        if mode != .latin, string.isASCII {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(string.utf8.count)
            var inRun = false
            for b in string.utf8 {
                if keeps(Unicode.Scalar(b), mode) {
                    bytes.append(cased || b < 65 || b > 90 ? b : b + 32)
                    inRun = false
                } else if !inRun {
                    bytes.append(UInt8(ascii: "-"))
                    inRun = true
                }
            }
            var slice = bytes[...]
            if slice.first == UInt8(ascii: "-") { slice = slice.dropFirst() }
            if slice.last == UInt8(ascii: "-") { slice = slice.dropLast() }
            return String(decoding: slice, as: UTF8.self)
        }
        return slugifyByScalars(string, mode: mode, cased: cased)
    }

    /// `slugify` a scalar at a time (any text; the reference for the byte walk).
    static func slugifyByScalars(_ string: String, mode: Mode, cased: Bool) -> String {
        var source = string
        if mode == .latin { source = transliterate(source) }
        var out = String.UnicodeScalarView()
        var inRun = false
        for scalar in source.unicodeScalars {
            if keeps(scalar, mode) {
                out.append(scalar)
                inRun = false
            } else if !inRun {
                out.append("-")
                inRun = true
            }
        }
        var slug = String(out)
        // gsub(/^-|-$/, ""): one hyphen at the start and one at the end.
        if slug.hasPrefix("-") { slug.removeFirst() }
        if slug.hasSuffix("-") { slug.removeLast() }
        return cased ? slug : slug.lowercased()
    }

    private static func keeps(_ c: Unicode.Scalar, _ mode: Mode) -> Bool {
        switch mode {
        case .raw:
            return !(c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}")
        case .ascii:
            return c.isASCII && (("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c))
        case .pretty:
            switch c {
            case ".", "_", "~", "!", "$", "&", "'", "(", ")", "+", ",", ";", "=", "@": return true
            default: break
            }
            return isMarkLetterOrDigit(c)
        case .default, .latin:
            return isMarkLetterOrDigit(c)
        }
    }

    /// `\p{M}`, `\p{L}` or `\p{Nd}`.
    private static func isMarkLetterOrDigit(_ c: Unicode.Scalar) -> Bool {
        // ASCII: only letters and digits are in those categories.
        if c.value < 0x80 {
            return (c.value | 0x20) >= 0x61 && (c.value | 0x20) <= 0x7A || (c.value >= 0x30 && c.value <= 0x39)
        }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
            return true
        default:
            return false
        }
    }

    /// An approximation of `I18n.transliterate` for Latin letters: accents removed.
    private static func transliterate(_ s: String) -> String {
        var out = ""
        for ch in s.decomposedStringWithCanonicalMapping.unicodeScalars {
            if ch.properties.generalCategory == .nonspacingMark { continue }
            if ch.isASCII { out.unicodeScalars.append(ch) } else { out.append("?") }
        }
        return out
    }

    /// `Utils.titleize_slug`: `hello-WORLD` → `Hello World` (Ruby's `capitalize` per word).
    static func titleize(_ slug: String) -> String {
        slug.split(separator: "-", omittingEmptySubsequences: false).map { word -> String in
            guard let first = word.first else { return "" }
            return String(first).uppercased() + word.dropFirst().lowercased()
        }.joined(separator: " ")
    }
}
