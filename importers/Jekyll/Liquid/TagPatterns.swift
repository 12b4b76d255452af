/// The markup patterns of Jekyll's `highlight` and `post_url` tags, matched on bytes where the
/// text is ASCII with no line terminator: there ICU's classes (`\s`, `\w`, `\d`, `.`) and
/// Ruby's are the same, and no regular expression needs compiling (ICU's first compile costs
/// millions of instructions, while the other cores wait for it). Other text gives `nil` and
/// goes to `NSRegularExpression` as before. `TagPatternTests` compares both on generated markup.
enum TagPatterns {
    /// What a pattern made of a text.
    enum Match<Groups> {
        case matched(Groups)
        case noMatch
    }

    /// Whether the bytes are ones the byte matchers decide: ASCII without `\n`, `\v`, `\f`, `\r`.
    private static func isPlain(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in b where c >= 0x80 || (c >= 0x0A && c <= 0x0D) { return false }
        return true
    }

    private static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
    private static func isWord(_ c: UInt8) -> Bool {
        isDigit(c) || c == UInt8(ascii: "_") || ((c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z"))
    }

    /// `^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|"([0-9]+\s)*[0-9]+"))?)*)$`: the language and the
    /// options (groups 1 and 2), or nil when the text is not plain.
    static func highlight(_ text: String) -> Match<(lang: String, options: String)>? {
        var text = text
        return text.withUTF8 { b -> Match<(lang: String, options: String)>? in
            guard isPlain(b) else { return nil }
            let n = b.count
            func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
            var i = 0
            while i < n, isWord(b[i]) || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "#")
                || b[i] == UInt8(ascii: "-") { i += 1 }
            guard i > 0 else { return .noMatch }
            let langEnd = i
            while i < n {
                let spaces = i
                while i < n, isSpace(b[i]) { i += 1 }
                guard i > spaces else { return .noMatch }
                let word = i
                while i < n, isWord(b[i]) { i += 1 }
                guard i > word else { return .noMatch }
                guard i < n, b[i] == UInt8(ascii: "=") else { continue }
                i += 1
                if i < n, isWord(b[i]) {
                    while i < n, isWord(b[i]) { i += 1 }
                } else if i < n, b[i] == UInt8(ascii: "\"") {
                    // "([0-9]+\s)*[0-9]+"
                    i += 1
                    while true {
                        let digits = i
                        while i < n, isDigit(b[i]) { i += 1 }
                        guard i > digits, i < n else { return .noMatch }
                        if b[i] == UInt8(ascii: "\"") {
                            i += 1
                            break
                        }
                        guard isSpace(b[i]) else { return .noMatch }
                        i += 1
                    }
                } else {
                    return .noMatch
                }
            }
            return .matched((String(decoding: UnsafeBufferPointer(rebasing: b[..<langEnd]), as: UTF8.self),
                             String(decoding: UnsafeBufferPointer(rebasing: b[langEnd...]), as: UTF8.self)))
        }
    }

    /// `^(.+/)*(\d+-\d+-\d+)-(.*)$`: the folders (group 1, nil when none), the date and the slug,
    /// or nil when the text is not plain. The first match a backtracking engine finds has the
    /// longest folder part after which a date follows.
    static func postURL(_ text: String) -> Match<(path: String?, date: String, slug: String)>? {
        var text = text
        return text.withUTF8 { b -> Match<(path: String?, date: String, slug: String)>? in
            guard isPlain(b) else { return nil }
            let n = b.count
            func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[range]), as: UTF8.self) }
            /// `\d+-\d+-\d+-` from `start`: where the date ends.
            func dateEnd(from start: Int) -> Int? {
                var i = start
                for part in 0..<3 {
                    let digits = i
                    while i < n, isDigit(b[i]) { i += 1 }
                    guard i > digits, i < n, b[i] == UInt8(ascii: "-") else { return nil }
                    if part < 2 { i += 1 }
                }
                return i
            }
            // A folder part is `.+/` repeated: anything of two bytes or more ending in `/`.
            var slash = n - 1
            while slash >= 1 {
                if b[slash] == UInt8(ascii: "/"), let end = dateEnd(from: slash + 1) {
                    return .matched((string(0..<(slash + 1)), string((slash + 1)..<end), string((end + 1)..<n)))
                }
                slash -= 1
            }
            if let end = dateEnd(from: 0) { return .matched((nil, string(0..<end), string((end + 1)..<n))) }
            return .noMatch
        }
    }
}
