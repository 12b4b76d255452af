import Foundation

extension String {
    /// `trimmingCharacters(in: set)` for `.whitespaces` or `.whitespacesAndNewlines`, without
    /// Foundation's cost when there is nothing to trim: a string whose first and last bytes are
    /// printable ASCII (`!`…`~`) starts and ends with a scalar neither set holds, so it is
    /// returned as it is.
    func trimmedFast(_ set: @autoclosure () -> CharacterSet) -> String {
        let bytes = utf8
        if let first = bytes.first, let last = bytes.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return self
        }
        return trimmingCharacters(in: set())
    }
}

extension String {
    /// `replacingOccurrences(of: "\n", with: " ")` (and first `"\r\n"` when `crlf`), on bytes
    /// for an ASCII string, where Foundation's search finds exactly the `\r\n` and `\n` bytes;
    /// other strings go to Foundation, whose search also weighs combining marks.
    func newlinesAsSpaces(crlf: Bool = false) -> String {
        let bytes = utf8
        guard bytes.contains(0x0A) else { return self }
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            let text = crlf ? replacingOccurrences(of: "\r\n", with: " ") : self
            return text.replacingOccurrences(of: "\n", with: " ")
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
            if b == 0x0A {
                if crlf, out.last == 0x0D { out.removeLast() }
                out.append(0x20)
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// `replacingOccurrences(of: "|", with: "\\|")` on bytes for an ASCII string (see
    /// `newlinesAsSpaces`); others go to Foundation.
    func escapingPipes() -> String {
        guard containsByte(UInt8(ascii: "|")) else { return self }
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return replacingOccurrences(of: "|", with: "\\|") }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 8)
        for b in utf8 {
            if b == UInt8(ascii: "|") { out.append(UInt8(ascii: "\\")) }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// `utf8.contains(byte)` with `memchr` (the view's own search walks it byte by byte).
    func containsByte(_ byte: UInt8) -> Bool {
        var text = self
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }
}

/// Scalars that are one Character whatever is beside them, where bytes can stand for Characters.
enum TextScalars {
    /// Non-ASCII scalars that form a Character on their own whatever is next to them (of the
    /// simple ones): Latin-1 but the soft hyphen, and General Punctuation's dashes, quotes,
    /// bullets and ellipsis (U+2010–U+2027, U+2030–U+205E). Common in posts ("’", "—", "é").
    /// Also CJK ideographs (U+4E00–U+9FFF) and Hangul syllables (U+AC00–U+D7A3): a syllable
    /// joins only a conjoining jamo, and no scalar here is one.
    static func standsAlone(_ c: UInt32) -> Bool {
        if c < 0x2010 { return c >= 0xA0 && c <= 0xFF && c != 0xAD }
        return (c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3)
    }

    /// Whether every scalar of `text` is ASCII or `standsAlone`: then its Characters are its
    /// scalars (CR LF aside), and an ASCII byte in it is a whole Character unless it is CR or LF.
    static func areSimple(_ text: String) -> Bool {
        for scalar in text.unicodeScalars where scalar.value >= 0x80 && !standsAlone(scalar.value) { return false }
        return true
    }
}
