extension String {
    /// `lastIndex(of: "/")`, found on bytes when the text is ASCII.
    public var lastSlashIndex: String.Index? {
        var text = self
        let offset = text.withUTF8 { bytes -> Int?? in
            guard Self.allASCII(bytes) else { return .none }
            var k = bytes.count
            while k > 0 {
                k -= 1
                if bytes[k] == UInt8(ascii: "/") { return .some(k) }
            }
            return .some(nil)
        }
        switch offset {
        case .some(let k?): return utf8.index(utf8.startIndex, offsetBy: k)
        case .some(nil): return nil
        case .none: return lastIndex(of: "/")
        }
    }

    /// Whether every byte is below 0x80, eight at a time.
    static func allASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            if UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if bytes[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// Whether every byte is ASCII (then a byte is a Character, and `/` splits as bytes do).
    public var isASCII: Bool {
        var text = self
        return text.withUTF8 { Self.allASCII($0) }
    }

    /// `split(separator: "/").last.map(String.init)`: the last non-empty `/` segment of a path,
    /// found on bytes when the text is ASCII (a Character split weighs every grapheme).
    public var lastSlashSegment: String? {
        var text = self
        // On the bytes when the text is ASCII; nil from the closure means "not ASCII".
        let segment = text.withUTF8 { bytes -> String?? in
            guard Self.allASCII(bytes) else { return .none }
            var end = bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
            guard end > 0 else { return .some(nil) }
            var start = end
            while start > 0, bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
            return .some(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
        }
        if let segment { return segment }
        return split(separator: "/").last.map(String.init)
    }
}
