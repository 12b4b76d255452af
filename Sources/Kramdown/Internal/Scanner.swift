/// A cursor over UTF-8 bytes, like Ruby's `StringScanner` as kramdown uses it.
final class Scanner {
    let s: [UInt8]
    var pos: Int
    /// Memo for `nextIndex(afterOrAt:where:)` searches, keyed by search kind.
    private var memo: [Int: (from: Int, found: Int)] = [:]

    /// The lines that could close a fenced code block, found on first use (see `FenceClosings`).
    private var fenceClosingsByMode: [Bool: FenceClosings] = [:]

    func fenceClosings(gfm: Bool) -> FenceClosings {
        if let found = fenceClosingsByMode[gfm] { return found }
        let made = FenceClosings(s, gfm: gfm)
        fenceClosingsByMode[gfm] = made
        return made
    }

    init(_ s: [UInt8], pos: Int = 0) {
        self.s = s
        self.pos = pos
    }

    var eos: Bool { pos >= s.count }
    var count: Int { s.count }
    var rest: [UInt8] { Array(s[min(pos, s.count)...]) }

    /// The next index `>= from` where `test` holds, or `count`; results are memoised per `kind`
    /// so that repeated searches from increasing positions stay linear.
    func nextIndex(kind: Int, from: Int, _ test: (Int) -> Bool) -> Int {
        if let m = memo[kind], m.from <= from, m.found >= from { return m.found }
        var i = from
        while i < s.count && !test(i) { i += 1 }
        memo[kind] = (from, i)
        return i
    }

    /// Ruby's `\Z` at `i`: end of string, or just before a final newline.
    func isEndZ(_ i: Int) -> Bool { i >= s.count || (i == s.count - 1 && s[i] == 10) }

    /// The end of the line starting at `i` including its newline (or `count`).
    func lineEndIncl(_ i: Int) -> Int {
        let e = s.lineEnd(i)
        return e < s.count ? e + 1 : e
    }
}
