/// Every line of a text that could close a fenced code block (up to three spaces, a run of `~`
/// and `` ` `` of at least three, then white space to the end of the line), found once per
/// text, so that each fence finds its closing line without reading the rest of the document
/// again: that made a post with many fenced blocks quadratic (a 50 MB post ran for minutes).
///
/// A fence made of one character is closed by the first later line whose run is that
/// character only and at least as long (a segment tree of run lengths per character finds it
/// in logarithmic time); a fence that mixes both characters is closed only by a mixed run
/// that starts with it, and those are searched for one by one.
struct FenceClosings {
    /// One candidate closing line.
    struct Line {
        /// Where the line starts.
        var start: Int
        /// The run of fence characters.
        var run: Range<Int>
        /// Just after the line's newline.
        var end: Int
        /// The run's character when it has only one, else 0.
        var uniform: UInt8
    }

    let lines: [Line]
    /// For each fence character, the maximum run length over index ranges (0 for other lines).
    private let tilde: MaxTree
    private let backtick: MaxTree
    /// The indices of lines whose run mixes both characters.
    private let mixed: [Int]

    init(_ s: [UInt8], gfm: Bool) {
        var lines: [Line] = []
        var l = 0
        while l < s.count {
            let le = s.lineEnd(l)
            let o = gfm ? s.skipSpaces(l, max: 3) : l
            var r = o
            var hasTilde = false, hasBacktick = false
            while r < le && (s[r] == UInt8(ascii: "~") || s[r] == UInt8(ascii: "`")) {
                if s[r] == UInt8(ascii: "~") { hasTilde = true } else { hasBacktick = true }
                r += 1
            }
            if r - o >= 3, let end = s.spaceThenNewline(r) {
                let uniform: UInt8 = hasTilde && hasBacktick ? 0 : s[o]
                lines.append(Line(start: l, run: o..<r, end: end, uniform: uniform))
            }
            l = le + 1
        }
        self.lines = lines
        tilde = MaxTree(lines.map { $0.uniform == UInt8(ascii: "~") ? $0.run.count : 0 })
        backtick = MaxTree(lines.map { $0.uniform == UInt8(ascii: "`") ? $0.run.count : 0 })
        mixed = lines.indices.filter { lines[$0].uniform == 0 }
    }

    /// The index of the first line starting at or after `position`.
    func firstIndex(atOrAfter position: Int) -> Int {
        var low = 0, high = lines.count
        while low < high {
            let mid = (low + high) / 2
            if lines[mid].start < position { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first line at index `from` or later whose run is `character` only and at least
    /// `length` long.
    func firstUniform(from: Int, character: UInt8, length: Int) -> Int? {
        (character == UInt8(ascii: "~") ? tilde : backtick).first(from: from, atLeast: length)
    }

    /// The indices of mixed lines at index `from` or later, in order.
    func mixedLines(from: Int) -> ArraySlice<Int> {
        var low = 0, high = mixed.count
        while low < high {
            let mid = (low + high) / 2
            if mixed[mid] < from { low = mid + 1 } else { high = mid }
        }
        return mixed[low...]
    }
}

/// Maximum over index ranges, and the first index from a place whose value reaches a bound.
struct MaxTree {
    private let size: Int
    private var tree: [Int]

    init(_ values: [Int]) {
        var size = 1
        while size < values.count { size *= 2 }
        self.size = size
        tree = [Int](repeating: 0, count: 2 * size)
        for (i, v) in values.enumerated() { tree[size + i] = v }
        var i = size - 1
        while i >= 1 {
            tree[i] = max(tree[2 * i], tree[2 * i + 1])
            i -= 1
        }
    }

    /// The first index `>= from` whose value is `>= bound`, or nil.
    func first(from: Int, atLeast bound: Int) -> Int? {
        guard from < size else { return nil }
        return first(node: 1, low: 0, high: size, from: from, bound: bound)
    }

    private func first(node: Int, low: Int, high: Int, from: Int, bound: Int) -> Int? {
        if high <= from || tree[node] < bound { return nil }
        if high - low == 1 { return low }
        let mid = (low + high) / 2
        return first(node: 2 * node, low: low, high: mid, from: from, bound: bound)
            ?? first(node: 2 * node + 1, low: mid, high: high, from: from, bound: bound)
    }
}
