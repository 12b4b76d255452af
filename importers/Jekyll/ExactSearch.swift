import Foundation

/// Byte-exact substring search, as Ruby compares strings: no Unicode normalisation, no locale
/// (Foundation's `range(of:)` on Linux goes through NSString, UTF-16 and canonical equivalence,
/// which is both slower and not what Jekyll does).
extension StringProtocol {
    /// The first place `needle`'s UTF-8 bytes occur, or nil (also for an empty needle).
    /// A match of valid UTF-8 in valid UTF-8 always starts and ends on scalar boundaries.
    func exactRange(of needle: String) -> Range<String.Index>? {
        let bytes = Array(needle.utf8)
        guard let first = bytes.first else { return nil }
        let offset: Int? = utf8.withContiguousStorageIfAvailable { hay in
            Self.firstOffset(of: bytes, first: first, inContiguous: hay)
        } ?? Self.firstOffset(of: bytes, first: first, in: Array(utf8))
        guard let offset else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: bytes.count)
    }

    /// Whether `needle`'s UTF-8 bytes occur.
    func containsExactly(_ needle: String) -> Bool { exactRange(of: needle) != nil }

    /// `firstOffset` with `memchr` for each candidate first byte and `memcmp` for the rest.
    private static func firstOffset(of needle: [UInt8], first: UInt8, inContiguous hay: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = needle.count
        guard n <= hay.count, let base = hay.baseAddress else { return nil }
        return needle.withUnsafeBufferPointer { needleBytes -> Int? in
            var i = 0
            let last = hay.count - n
            while i <= last {
                guard let found = memchr(base + i, Int32(first), last - i + 1) else { return nil }
                let at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                if n == 1 || memcmp(base + at + 1, needleBytes.baseAddress! + 1, n - 1) == 0 { return at }
                i = at + 1
            }
            return nil
        }
    }

    private static func firstOffset<C: RandomAccessCollection>(of needle: [UInt8], first: UInt8, in hay: C) -> Int?
    where C.Element == UInt8, C.Index == Int {
        let count = hay.count, n = needle.count
        guard n <= count else { return nil }
        var i = hay.startIndex
        let last = hay.startIndex + count - n
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < n, hay[i + k] == needle[k] { k += 1 }
                if k == n { return i - hay.startIndex }
            }
            i += 1
        }
        return nil
    }
}

extension String {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, on bytes for an ASCII string (the
    /// set's ASCII members are tab, line feed, vertical tab, form feed, carriage return and
    /// space, each a byte); other strings go to Foundation.
    func trimmingWhitespaceFast() -> String {
        var text = self
        let trimmed = text.withUTF8 { bytes -> String?? in
            for b in bytes where b >= 0x80 { return .none }
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
            var start = 0, end = bytes.count
            while start < end, isSpace(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) { end -= 1 }
            if start == 0 && end == bytes.count { return .some(nil) }
            return .some(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
        }
        switch trimmed {
        case .some(let t?): return t
        case .some(nil): return self
        case .none: return trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
