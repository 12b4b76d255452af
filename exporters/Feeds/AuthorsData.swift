import BlogModel
import Foundation

/// `_data/authors.yml` (or `.yaml`), read for jekyll-feed's author lookup.
///
/// Exporters have no YAML parser, so this reads the one shape jekyll-feed uses: a map of author
/// ids to maps of scalars (`name`, `email`, `uri`, …), with optional quotes. Lines it cannot read
/// are reported, not guessed.
struct AuthorsData {
    /// Author id → field → value.
    var authors: [String: [String: String]] = [:]
    /// Lines that were not understood.
    var diagnostics: [Diagnostic] = []

    /// Reads the file under `siteRoot`, if there is one.
    init(siteRoot: URL?) {
        guard let siteRoot else { return }
        for name in ["_data/authors.yml", "_data/authors.yaml"] {
            let url = siteRoot.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            parse(String(decoding: data, as: UTF8.self), file: name)
            return
        }
    }

    /// Reads `text` (for tests).
    init(text: String, file: String = "_data/authors.yml") {
        parse(text, file: file)
    }

    private mutating func parse(_ text: String, file: String) {
        var current: String?
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed == "---" { continue }
            guard let colon = AuthorsData.keyColon(trimmed) else {
                diagnostics.append(Diagnostic(.warning, code: "authors-data", message: "\(file): line not understood (author lookup reads `id:` then `  key: value` lines)",
                                              location: SourceLocation(file: file, line: lineNumber), sourceLine: String(line)))
                continue
            }
            let key = AuthorsData.unquoted(String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces))
            let value = AuthorsData.unquoted(String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            if trimmed.startIndex == line.startIndex {
                current = key
                authors[key, default: [:]] = [:]
            } else if let current {
                if !value.isEmpty { authors[current]?[key] = value }
            }
        }
    }

    /// The colon that ends a key (outside quotes, followed by a space or the end).
    private static func keyColon(_ s: Substring) -> Substring.Index? {
        var quote: Character?
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == ":" {
                let next = s.index(after: i)
                if next == s.endIndex || s[next] == " " || s[next] == "\t" { return i }
            }
            i = s.index(after: i)
        }
        return nil
    }

    private static func unquoted(_ s: String) -> String {
        var v = s
        if v.count >= 2, let f = v.first, f == "\"" || f == "'", v.last == f {
            v = String(v.dropFirst().dropLast())
            if f == "'" { v = v.replacingOccurrences(of: "''", with: "'") }
        } else if let hash = v.range(of: " #") {
            v = String(v[..<hash.lowerBound]).trimmingCharacters(in: .whitespaces)
        }
        return v
    }
}
