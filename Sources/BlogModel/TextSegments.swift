extension String {
    /// `lastIndex(of: "/")`, found on bytes when the text is ASCII.
    public var lastSlashIndex: String.Index? {
        isASCII ? utf8.lastIndex(of: UInt8(ascii: "/")) : lastIndex(of: "/")
    }

    /// Whether every byte is ASCII (then a byte is a Character, and `/` splits as bytes do).
    public var isASCII: Bool {
        var text = self
        return text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
    }

    /// `split(separator: "/").last.map(String.init)`: the last non-empty `/` segment of a path,
    /// found on bytes when the text is ASCII (a Character split weighs every grapheme).
    public var lastSlashSegment: String? {
        guard isASCII else { return split(separator: "/").last.map(String.init) }
        let bytes = utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: "/") { end = bytes.index(before: end) }
        guard end > bytes.startIndex else { return nil }
        var start = end
        while start > bytes.startIndex, bytes[bytes.index(before: start)] != UInt8(ascii: "/") { start = bytes.index(before: start) }
        return String(self[start..<end])
    }
}
