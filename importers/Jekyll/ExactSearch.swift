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
            Self.firstOffset(of: bytes, first: first, in: hay)
        } ?? Self.firstOffset(of: bytes, first: first, in: Array(utf8))
        guard let offset else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: bytes.count)
    }

    /// Whether `needle`'s UTF-8 bytes occur.
    func containsExactly(_ needle: String) -> Bool { exactRange(of: needle) != nil }

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
