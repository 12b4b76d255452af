import Foundation

/// Where pages go inside the output folder, and how one page links to another.
enum OutputPaths {
    /// The file Jekyll writes under `_site` for a URL: `/2023/12/10/x/` → `2023/12/10/x/index.html`,
    /// `/a/b.html` → `a/b.html`, `/a/b` → `a/b.html` (the URL is unescaped first, as Jekyll does).
    static func file(forURL url: String) -> String {
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

    /// The folder of an output file (`a/b/index.html` → `a/b`, `x.html` → empty).
    static func folder(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "" }
        return String(file[..<slash])
    }

    /// A relative path from the folder holding `from` to the file `to` (both relative to the
    /// output root), e.g. `../../x/index.html`.
    static func relative(from: String, to: String) -> String {
        let fromParts = folder(of: from).split(separator: "/").map(String.init)
        let toParts = to.split(separator: "/").map(String.init)
        var common = 0
        while common < fromParts.count, common < toParts.count - 1, fromParts[common] == toParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: fromParts.count - common)
        return (ups + toParts[common...]).joined(separator: "/")
    }

    /// `relative` percent-encoded for an `href` or `src` (kept relative: a first segment with
    /// a `:` gets `./` before it so that it is not read as a scheme).
    static func href(_ relative: String) -> String {
        let encoded = relative.utf8.allSatisfy(isAllowedInHref)
            ? relative : relative.addingPercentEncoding(withAllowedCharacters: hrefAllowed) ?? relative
        if let first = encoded.split(separator: "/").first, first.contains(":") { return "./" + encoded }
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
        String(repeating: "../", count: folder(of: file).split(separator: "/").count)
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
        return out.isEmpty ? "_" : out
    }
}
