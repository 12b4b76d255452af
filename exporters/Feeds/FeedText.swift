import BlogModel

/// Text helpers every feed format shares: XML 1.0 character rules, escaping, dates, URLs.
enum FeedText {
    /// Whether XML 1.0 allows the scalar (`Char` production): tab, LF, CR, U+0020–U+D7FF,
    /// U+E000–U+FFFD, U+10000–U+10FFFF. Surrogates never reach a Swift string.
    static func isXMLChar(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// `s` without the characters XML 1.0 forbids, and how many were removed.
    static func sanitized(_ s: String) -> (text: String, removed: Int) {
        guard s.unicodeScalars.contains(where: { !isXMLChar($0) }) else { return (s, 0) }
        var out = String.UnicodeScalarView()
        var removed = 0
        for c in s.unicodeScalars {
            if isXMLChar(c) { out.append(c) } else { removed += 1 }
        }
        return (String(out), removed)
    }

    /// Text for XML character data or a double-quoted attribute value: `& < > "` escaped (so `]]>`
    /// can never appear), CR kept as `&#13;`, and forbidden characters dropped.
    static func xmlEscaped(_ s: String) -> String {
        var s = s
        return s.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 8)
            var start = 0, i = 0
            // Runs that need nothing are copied whole. The scalars XML forbids are the controls
            // below U+0020 (but tab, line feed and CR) and U+FFFE/U+FFFF (EF BF BE, EF BF BF);
            // a Swift string holds no surrogate.
            while i < bytes.count {
                let b = bytes[i]
                let replacement: StaticString?
                var length = 1
                switch b {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case 13: replacement = "&#13;"
                case 9, 10: i += 1; continue
                case 0..<0x20: replacement = ""
                case 0xEF where i + 2 < bytes.count && bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF):
                    replacement = ""
                    length = 3
                default: i += 1; continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                if let replacement, replacement.utf8CodeUnitCount > 0 {
                    out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                }
                i += length
                start = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `xmlEscaped` a scalar at a time (the reference the byte version is tested against).
    static func xmlEscapedByScalars(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\r": out += "&#13;"
            default: if isXMLChar(c) { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// Liquid's `normalize_whitespace`: runs of white space become one space; ends trimmed.
    static func normalizedWhitespace(_ s: String) -> String {
        // On bytes: the white space is ASCII, and no byte of another scalar is ASCII.
        var s = s
        return s.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for b in bytes {
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace { out.append(0x20) }
                    pendingSpace = false
                    out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// RFC 822 / RFC 2822 date-time in the date's own offset: `Sun, 10 Dec 2023 09:30:00 +0900`.
    static func rfc822(_ date: PostDate) -> String {
        let c = date.civil
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var year = String(c.year)
        while year.count < 4 { year = "0" + year }
        return "\(days[c.weekday]), \(two(c.day)) \(months[c.month - 1]) \(year) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) "
            + PostDate.offsetString(date.utcOffsetSeconds, colon: false)
    }

    /// Whether `s` starts with a URI scheme (`https:`, `mailto:`, `tag:`).
    static func hasScheme(_ s: String) -> Bool {
        var first = true
        for c in s.unicodeScalars {
            if c == ":" { return !first }
            let letter = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
            let other = (c >= "0" && c <= "9") || c == "+" || c == "-" || c == "."
            if !(letter || (!first && other)) { return false }
            first = false
        }
        return false
    }

    /// Percent-encodes what a URI may not hold (space, controls, non-ASCII as UTF-8, `"<>\^`{|}`),
    /// keeping `%XX` escapes and reserved characters as they are (as Addressable's `normalize`).
    static func uriEncoded(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 8)
        for b in s.utf8 {
            switch b {
            case 0x21..<0x7F where b != 0x22 && b != 0x3C && b != 0x3E && b != 0x5C && b != 0x5E && b != 0x60 && b != 0x7B && b != 0x7C && b != 0x7D:
                out.append(b)  // printable ASCII but "<>\\^`{|}
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Resolves `reference` against the absolute URI `base` (RFC 3986 §5.2); references that
    /// already have a scheme, and empty ones, are returned encoded but otherwise unchanged.
    static func resolve(_ reference: String, against base: String) -> String {
        let ref = uriEncoded(reference)
        if ref.isEmpty || hasScheme(ref) || !hasScheme(base) { return ref }
        let b = URIParts(base)
        let r = URIParts(ref)
        var result = URIParts()
        result.scheme = b.scheme
        if let authority = r.authority {
            result.authority = authority
            result.path = removeDotSegments(r.path)
            result.query = r.query
        } else {
            result.authority = b.authority
            if r.path.isEmpty {
                result.path = b.path
                result.query = r.query ?? b.query
            } else {
                if r.path.hasPrefix("/") {
                    result.path = removeDotSegments(r.path)
                } else if b.authority != nil && b.path.isEmpty {
                    result.path = removeDotSegments("/" + r.path)
                } else {
                    let dir = b.path.lastIndex(of: "/").map { String(b.path[...$0]) } ?? ""
                    result.path = removeDotSegments(dir + r.path)
                }
                result.query = r.query
            }
        }
        result.fragment = r.fragment
        return result.string
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        var input = Substring(path)
        var out = ""
        while !input.isEmpty {
            if input.hasPrefix("../") { input = input.dropFirst(3) }
            else if input.hasPrefix("./") { input = input.dropFirst(2) }
            else if input.hasPrefix("/./") { input = input.dropFirst(2) }
            else if input == "/." { input = "/" }
            else if input.hasPrefix("/../") || input == "/.." {
                input = input == "/.." ? "/" : input.dropFirst(3)
                if let slash = out.lastIndex(of: "/") { out = String(out[..<slash]) } else { out = "" }
            } else if input == "." || input == ".." { input = "" }
            else {
                var end = input.index(after: input.startIndex)
                while end < input.endIndex && input[end] != "/" { end = input.index(after: end) }
                out += input[..<end]
                input = input[end...]
            }
        }
        return out
    }

    /// Jekyll's `absolute_url`: site URL + `baseurl` + path (absolute URIs are kept).
    static func absoluteURL(_ path: String, site: Site) -> String {
        if hasScheme(path) { return uriEncoded(path) }
        var base = site.baseurl
        while base.hasSuffix("/") { base.removeLast() }
        if !base.isEmpty && !base.hasPrefix("/") { base = "/" + base }
        let p = path.hasPrefix("/") ? path : "/" + path
        var url = site.url ?? ""
        while url.hasSuffix("/") { url.removeLast() }
        return uriEncoded(url + base + p)
    }
}

/// The five parts of a URI reference (RFC 3986 appendix B).
struct URIParts {
    var scheme: String?
    var authority: String?
    var path = ""
    var query: String?
    var fragment: String?

    init() {}

    init(_ s: String) {
        var rest = Substring(s)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        if FeedText.hasScheme(String(rest)), let colon = rest.firstIndex(of: ":") {
            scheme = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            authority = String(rest[..<end])
            rest = rest[end...]
        }
        path = String(rest)
    }

    var string: String {
        var s = ""
        if let scheme { s += scheme + ":" }
        if let authority { s += "//" + authority }
        s += path
        if let query { s += "?" + query }
        if let fragment { s += "#" + fragment }
        return s
    }
}
