/// Jekyll's `YAML_FRONT_MATTER_REGEXP`, `\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)` (multi-line),
/// as a linear scan over UTF-8 bytes.
enum FrontMatterSplitter {
    private static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 || b == 11 || b == 12 }

    /// Splits `text` (without a BOM) into front matter and body; nil when it has no front matter.
    static func split(_ text: String) -> (yaml: String, body: Substring, bodyStartLine: Int)? {
        let u = text.utf8
        let bytes = Array(u)
        let n = bytes.count
        guard n >= 3, bytes[0] == 45, bytes[1] == 45, bytes[2] == 45 else { return nil }
        // `---\s*\n`: the greedy white-space run must contain a newline; group 1 goes on after
        // the last newline of the run.
        var i = 3
        var lastNewline = -1
        while i < n, isSpace(bytes[i]) {
            if bytes[i] == 10 { lastNewline = i }
            i += 1
        }
        guard lastNewline >= 0 else { return nil }
        var lineStart = lastNewline + 1
        // Lazily look for the first line, at or after lineStart, that closes the front matter.
        while lineStart <= n {
            if lineStart + 3 <= n,
                (bytes[lineStart] == 45 && bytes[lineStart + 1] == 45 && bytes[lineStart + 2] == 45)
                    || (bytes[lineStart] == 46 && bytes[lineStart + 1] == 46 && bytes[lineStart + 2] == 46)
            {
                var j = lineStart + 3
                var runLastNewline = -1
                while j < n, isSpace(bytes[j]) {
                    if bytes[j] == 10 { runLastNewline = j }
                    j += 1
                }
                var end: Int?
                if j == n {
                    end = n  // `\s*$` reaches the end of the text
                } else if runLastNewline >= 0 {
                    end = runLastNewline + 1  // `\s*` up to the last newline, `\n?` takes it
                }
                if let end {
                    let yaml = String(decoding: bytes[0..<lineStart], as: UTF8.self)
                    let bodyIndex = u.index(u.startIndex, offsetBy: end)
                    let line = 1 + bytes[0..<end].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
                    return (yaml, text[bodyIndex...], line)
                }
            }
            // Next line start.
            guard let next = bytes[lineStart..<n].firstIndex(of: 10) else { break }
            lineStart = next + 1
        }
        return nil
    }
}
