import Foundation

/// Where pages go inside the output folder, and how one page links to another.
enum OutputPaths {
    /// The file Jekyll writes under `_site` for a URL: `/2023/12/10/x/` → `2023/12/10/x/index.html`,
    /// `/a/b.html` → `a/b.html`, `/a/b` → `a/b.html` (the URL is unescaped first, as Jekyll does).
    static func file(forURL url: String) -> String {
        if let ascii = asciiFile(forURL: url) { return ascii }
        let decoded = url.removingPercentEncoding ?? url
        let parts = decoded.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." && $0 != ".." }
        var path = parts.joined(separator: "/")
        if decoded.hasSuffix("/") || path.isEmpty {
            path += path.isEmpty ? "index.html" : "/index.html"
        } else if !path.hasSuffix(".html") {
            path += ".html"
        }
        return path
    }

    /// `file(forURL:)` on bytes for a URL with nothing to decode (ASCII, no `%`), where bytes
    /// and Characters split the same; nil for any other URL.
    static func asciiFile(forURL url: String) -> String? {
        var url = url
        return url.withUTF8 { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 || $0 == UInt8(ascii: "%") }) else { return nil }
            let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 11)
            var i = 0
            while i < bytes.count {
                if bytes[i] == slash { i += 1; continue }
                var end = i
                while end < bytes.count, bytes[end] != slash { end += 1 }
                let length = end - i
                // `.` and `..` segments are dropped, as empty ones.
                if !(length == 1 && bytes[i] == dot) && !(length == 2 && bytes[i] == dot && bytes[i + 1] == dot) {
                    if !out.isEmpty { out.append(slash) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                }
                i = end
            }
            if out.isEmpty || bytes.last == slash {
                out += (out.isEmpty ? "index.html" : "/index.html").utf8
            } else if !(out.count >= 5 && out[(out.count - 5)...].elementsEqual(".html".utf8)) {
                out += ".html".utf8
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The folder of an output file (`a/b/index.html` → `a/b`, `x.html` → empty).
    static func folder(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "" }
        return String(file[..<slash])
    }

    /// A relative path from the folder holding `from` to the file `to` (both relative to the
    /// output root), e.g. `../../x/index.html`.
    static func relative(from: String, to: String) -> String {
        if let ascii = asciiRelative(from: from, to: to) { return ascii }
        let fromParts = folder(of: from).split(separator: "/").map(String.init)
        let toParts = to.split(separator: "/").map(String.init)
        var common = 0
        while common < fromParts.count, common < toParts.count - 1, fromParts[common] == toParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: fromParts.count - common)
        return (ups + toParts[common...]).joined(separator: "/")
    }

    /// `relative` on bytes, for the usual paths: ASCII (where equal bytes are equal
    /// Characters) with no empty segment (no leading, trailing or doubled `/`); nil for others.
    /// Called for every link of every index, so it makes no array of segments.
    static func asciiRelative(from: String, to: String) -> String? {
        var from = from, to = to
        return from.withUTF8 { f in to.withUTF8 { t in asciiRelative(from: f, to: t) } }
    }

    /// `asciiRelative` on the two paths' bytes.
    private static func asciiRelative(from f: UnsafeBufferPointer<UInt8>, to t: UnsafeBufferPointer<UInt8>) -> String? {
        let slash = UInt8(ascii: "/")
        func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var previous = slash
            for b in bytes {
                if b >= 0x80 || (b == slash && previous == slash) { return false }
                previous = b
            }
            return previous != slash
        }
        guard plain(t), f.isEmpty || plain(f) else { return nil }
        // The folder of `from`: everything before its last `/`.
        var folderEnd = f.count
        while folderEnd > 0, f[folderEnd - 1] != slash { folderEnd -= 1 }
        folderEnd = max(folderEnd - 1, 0)
        // Skip the segments both share, but never the last one of `to` (its file name).
        var fi = 0, ti = 0
        while fi < folderEnd {
            var fEnd = fi
            while fEnd < folderEnd, f[fEnd] != slash { fEnd += 1 }
            var tEnd = ti
            while tEnd < t.count, t[tEnd] != slash { tEnd += 1 }
            guard tEnd < t.count, fEnd - fi == tEnd - ti, memcmp(f.baseAddress! + fi, t.baseAddress! + ti, fEnd - fi) == 0 else { break }
            fi = fEnd < folderEnd ? fEnd + 1 : folderEnd
            ti = tEnd + 1
        }
        var ups = fi < folderEnd ? 1 : 0
        for b in f[fi..<folderEnd] where b == slash { ups += 1 }
        let count = ups * 3 + t.count - ti
        return String(unsafeUninitializedCapacity: count) { out in
            var p = 0
            for _ in 0..<ups {
                out[p] = UInt8(ascii: "."); out[p + 1] = UInt8(ascii: "."); out[p + 2] = slash
                p += 3
            }
            for b in t[ti...] { out[p] = b; p += 1 }
            return count
        }
    }

    /// `relative` percent-encoded for an `href` or `src` (kept relative: a first segment with
    /// a `:` gets `./` before it so that it is not read as a scheme).
    static func href(_ relative: String) -> String {
        var text = relative
        // On the bytes (the view's generic allSatisfy cost 60 instructions a byte).
        let allAllowed = text.withUTF8 { bytes in
            for b in bytes where !isAllowedInHref(b) { return false }
            return true
        }
        let encoded = allAllowed ? relative : relative.addingPercentEncoding(withAllowedCharacters: hrefAllowed) ?? relative
        if firstSlashSegmentHasColon(encoded) { return "./" + encoded }
        return encoded
    }

    /// The URL path characters (RFC 3986) less `?#%;`: what `href` leaves unencoded.
    private static let hrefAllowed: CharacterSet = {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%;")
        return allowed
    }()

    /// `hrefAllowed` for one ASCII byte (`!$&'()*+,-./0-9:=@A-Z_a-z~`); false for any other byte.
    private static func isAllowedInHref(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "-"),
             UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: "@"),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// The path back to the output root from a page: `../../` (empty at the root).
    static func root(from file: String) -> String {
        String(repeating: "../", count: slashSegmentCount(folder(of: file)))
    }

    /// `split(separator: "/").first` holds a `:`; on bytes when ASCII.
    static func firstSlashSegmentHasColon(_ text: String) -> Bool {
        guard text.isASCII else { return text.split(separator: "/").first?.contains(":") ?? false }
        var inSegment = false
        for b in text.utf8 {
            if b == UInt8(ascii: "/") {
                if inSegment { return false }
            } else {
                inSegment = true
                if b == UInt8(ascii: ":") { return true }
            }
        }
        return false
    }

    /// `split(separator: "/").count`: the non-empty `/` segments; on bytes when ASCII.
    static func slashSegmentCount(_ text: String) -> Int {
        guard text.isASCII else { return text.split(separator: "/").count }
        var count = 0
        var previous = UInt8(ascii: "/")
        for b in text.utf8 {
            if b != UInt8(ascii: "/"), previous == UInt8(ascii: "/") { count += 1 }
            previous = b
        }
        return count
    }

    /// A name for a category or tag index folder, as Jekyll's `slugify` makes one: lowercase,
    /// letters and digits of any script kept, every other run of characters one hyphen.
    static func slug(_ name: String) -> String {
        var out = ""
        var pendingHyphen = false
        for scalar in name.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingHyphen && !out.isEmpty { out += "-" }
                pendingHyphen = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        if out.isEmpty { return "_" }
        // A file name holds 255 bytes: keep a long name's first 200 (whole scalars), leaving
        // room for the `-2` of a clash.
        if out.utf8.count > 200 {
            var kept = ""
            for scalar in out.unicodeScalars {
                if kept.utf8.count + String(scalar).utf8.count > 200 { break }
                kept.unicodeScalars.append(scalar)
            }
            return kept
        }
        return out
    }
}
