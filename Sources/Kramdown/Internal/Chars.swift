/// Byte and character classes as Ruby's regular expressions define them for UTF-8 strings.
///
/// `\s`, `\w`, `\d` are ASCII-only in Ruby; `[[:alpha:]]`, `[[:alnum:]]` and `\p{Word}` are Unicode.
enum Chars {
    /// Ruby's `\s`: space, tab, LF, VT, FF, CR.
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || (c >= 0x09 && c <= 0x0D)
    }

    /// Space or tab.
    @inline(__always) static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    /// Ruby's `\w`: ASCII letters, digits and underscore.
    @inline(__always) static func isWord(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    /// ASCII digit.
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// ASCII letter.
    @inline(__always) static func isASCIIAlpha(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    /// ASCII hex digit.
    @inline(__always) static func isHex(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    /// The Unicode scalar starting at byte `i` and its length in bytes (invalid bytes decode as U+FFFD).
    static func scalar(_ s: [UInt8], _ i: Int) -> (Unicode.Scalar, Int) {
        let b0 = s[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        var len = 1
        var v: UInt32 = 0
        if b0 & 0xE0 == 0xC0 { len = 2; v = UInt32(b0 & 0x1F) }
        else if b0 & 0xF0 == 0xE0 { len = 3; v = UInt32(b0 & 0x0F) }
        else if b0 & 0xF8 == 0xF0 { len = 4; v = UInt32(b0 & 0x07) }
        else { return ("\u{FFFD}", 1) }
        if i + len > s.count { return ("\u{FFFD}", 1) }
        for k in 1..<len {
            let b = s[i + k]
            if b & 0xC0 != 0x80 { return ("\u{FFFD}", 1) }
            v = (v << 6) | UInt32(b & 0x3F)
        }
        return (Unicode.Scalar(v) ?? "\u{FFFD}", len)
    }

    /// The byte length of the character starting at `i` (at least 1).
    @inline(__always) static func charLength(_ s: [UInt8], _ i: Int) -> Int {
        let b0 = s[i]
        if b0 < 0x80 { return 1 }
        let len = b0 & 0xE0 == 0xC0 ? 2 : b0 & 0xF0 == 0xE0 ? 3 : b0 & 0xF8 == 0xF0 ? 4 : 1
        return min(len, s.count - i)
    }

    /// The start of the character that ends just before byte `i`.
    @inline(__always) static func previousCharStart(_ s: [UInt8], _ i: Int) -> Int {
        var j = i - 1
        while j > 0 && s[j] & 0xC0 == 0x80 && i - j < 4 { j -= 1 }
        return j
    }

    /// `[[:alpha:]]`.
    static func isAlpha(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x80 ? isASCIIAlpha(UInt8(u.value)) : u.properties.isAlphabetic
    }

    /// `[[:alnum:]]`.
    static func isAlnum(_ u: Unicode.Scalar) -> Bool {
        if u.value < 0x80 { return isASCIIAlpha(UInt8(u.value)) || isDigit(UInt8(u.value)) }
        return u.properties.isAlphabetic || u.properties.generalCategory == .decimalNumber
    }

    /// `\p{Word}`: letters, marks, decimal numbers, connector punctuation, join controls.
    static func isUnicodeWord(_ u: Unicode.Scalar) -> Bool {
        if u.value < 0x80 { return isWord(UInt8(u.value)) }
        let p = u.properties
        if p.isAlphabetic || p.isJoinControl { return true }
        switch p.generalCategory {
        case .decimalNumber, .connectorPunctuation, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// `[[:alpha:]]` at byte `i`.
    static func isAlpha(_ s: [UInt8], _ i: Int) -> Bool { i < s.count && isAlpha(scalar(s, i).0) }
    /// `[[:alnum:]]` at byte `i`.
    static func isAlnum(_ s: [UInt8], _ i: Int) -> Bool { i < s.count && isAlnum(scalar(s, i).0) }

    /// The `UNAME_STR` of REXML (`(?:[[:alpha:]_][-[:alnum:]._]*:)?[[:alpha:]_][-[:alnum:]._]*`) at `i`; returns its end.
    static func matchUName(_ s: [UInt8], _ i: Int) -> Int? {
        func nameEnd(_ i: Int) -> Int? {
            guard i < s.count else { return nil }
            let (u, l) = scalar(s, i)
            guard u == "_" || isAlpha(u) else { return nil }
            var j = i + l
            while j < s.count {
                let (v, m) = scalar(s, j)
                if v == "-" || v == "." || v == "_" || isAlnum(v) { j += m } else { break }
            }
            return j
        }
        guard let e = nameEnd(i) else { return nil }
        if e < s.count && s[e] == UInt8(ascii: ":"), let e2 = nameEnd(e + 1) { return e2 }
        return e
    }

    /// REXML's `NAME_START_CHAR`.
    static func isXMLNameStart(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        switch v {
        case 0x3A, 0x5F, 0x41...0x5A, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D,
            0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF,
            0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            return true
        default: return false
        }
    }

    /// REXML's `NAME_CHAR`.
    static func isXMLNameChar(_ u: Unicode.Scalar) -> Bool {
        if isXMLNameStart(u) { return true }
        let v = u.value
        switch v {
        case 0x2D, 0x2E, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: return true
        default: return false
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether the bytes at `i` are `lit`.
    @inline(__always) func has(_ lit: StaticString, at i: Int) -> Bool {
        let n = lit.utf8CodeUnitCount
        if i < 0 || i + n > count { return false }
        return lit.withUTF8Buffer { buf in
            for k in 0..<n where self[i + k] != buf[k] { return false }
            return true
        }
    }

    /// The byte at `i`, or 0 past the end.
    @inline(__always) func at(_ i: Int) -> UInt8 { i >= 0 && i < count ? self[i] : 0 }

    /// The index of the next `\n` at or after `i`, or `count`.
    @inline(__always) func lineEnd(_ i: Int) -> Int {
        withUnsafeBufferPointer { b in
            var j = Swift.max(i, 0)
            while j < b.count && b[j] != 10 { j += 1 }
            return Swift.max(j, i)
        }
    }

    /// Whether `i` is at the start of a line (Ruby's `^`).
    @inline(__always) func isLineStart(_ i: Int) -> Bool { i == 0 || (i <= count && self[i - 1] == 10) }

    /// The index after up to `n` spaces from `i`.
    @inline(__always) func skipSpaces(_ i: Int, max n: Int = Int.max) -> Int {
        var j = i
        while j < count && self[j] == 0x20 && j - i < n { j += 1 }
        return j
    }

    /// The index after spaces and tabs from `i`.
    @inline(__always) func skipBlanks(_ i: Int) -> Int {
        var j = i
        while j < count && Chars.isBlank(self[j]) { j += 1 }
        return j
    }

    /// `\s*?\n` from `i`: the index after the first newline reached over white space only.
    @inline(__always) func spaceThenNewline(_ i: Int) -> Int? {
        var j = i
        while j < count {
            if self[j] == 10 { return j + 1 }
            if !Chars.isSpace(self[j]) { return nil }
            j += 1
        }
        return nil
    }

    /// The bytes as a String.
    var string: String { String(decoding: self, as: UTF8.self) }
}

extension ArraySlice where Element == UInt8 {
    /// The bytes as a String.
    var string: String { String(decoding: self, as: UTF8.self) }
}

extension String {
    /// The UTF-8 bytes.
    var bytes: [UInt8] { Array(utf8) }
}

/// Ruby's `String#strip` white space: `\0` and `\s`.
@inline(__always) func isStripSpace(_ c: UInt8) -> Bool { c == 0 || Chars.isSpace(c) }

/// Ruby's `strip` on bytes.
func stripped(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var a = s.startIndex, b = s.endIndex
    while a < b && isStripSpace(s[a]) { a += 1 }
    while b > a && isStripSpace(s[b - 1]) { b -= 1 }
    return s[a..<b]
}

/// Ruby's `strip` on bytes.
func stripped(_ s: [UInt8]) -> [UInt8] { Array(stripped(s[...])) }

/// Ruby's `rstrip` on bytes.
func rstripped(_ s: [UInt8]) -> [UInt8] {
    var b = s.count
    while b > 0 && isStripSpace(s[b - 1]) { b -= 1 }
    return Array(s[0..<b])
}

/// Ruby's `lstrip` on bytes.
func lstripped(_ s: [UInt8]) -> [UInt8] {
    var a = 0
    while a < s.count && Chars.isSpace(s[a]) { a += 1 }
    return Array(s[a...])
}

/// Ruby's `strip` on a String.
func rubyStrip(_ s: String) -> String { stripped(s.bytes).string }
