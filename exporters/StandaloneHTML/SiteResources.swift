import BlogModel
import Foundation

/// The site folder as a source of files a page embeds: references are resolved as the site's
/// web server would (site-root paths against the site folder, `baseurl` taken off), and nothing
/// outside the folder is ever read.
/// Pages are rewritten on several threads at once: the cache of files read is behind a lock.
final class SiteResources: @unchecked Sendable {
    /// What an attribute value points at.
    enum Target: Equatable {
        /// A path inside the site, normalised, without a leading `/` (`uploads/x.png`), and
        /// whether the reference ended with `/`; plus the `?query#fragment` it carried.
        case site(path: String, trailingSlash: Bool, suffix: String)
        /// On the web (`https:`, `//host`): not embedded.
        case remote
        /// Already self-contained or not a resource (`data:`, `#id`, `mailto:`, empty).
        case inline
        /// Refused: a `file:` URL or a path that climbs above the site root.
        case outside(String)
    }

    /// What looking a site path up found.
    enum Lookup {
        /// A regular file inside the site.
        case file([UInt8])
        /// Nothing at that path.
        case missing
        /// Present but refused (a symlink leaving the site, a folder, unreadable).
        case refused(String)
    }

    /// The site folder, symlinks resolved.
    let root: URL
    /// `/blog`, or empty.
    let baseurl: String
    /// `https://example.org/blog` (site url + baseurl), lowercased scheme and host, or nil.
    let absolutePrefix: String?
    /// `absolutePrefix` lowercased, as bytes, when it is ASCII without a carriage return.
    private let prefixBytes: [UInt8]?
    private var cache: [String: Lookup] = [:]
    private let cacheLock = NSLock()

    init(root: URL, baseurl: String, siteURL: String?) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        var base = baseurl.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        if !base.isEmpty && !base.hasPrefix("/") { base = "/" + base }
        self.baseurl = base
        if var url = siteURL?.trimmingCharacters(in: .whitespaces), !url.isEmpty {
            while url.hasSuffix("/") { url.removeLast() }
            absolutePrefix = url + base
        } else {
            absolutePrefix = nil
        }
        prefixBytes = absolutePrefix.flatMap(SiteResources.lowercasedASCII)
    }

    /// `text` lowercased as bytes when it is ASCII without a carriage return (where every byte
    /// is a Character: `\r\n` is the one ASCII pair that is a single Character); else nil.
    static func lowercasedASCII(_ text: String) -> [UInt8]? {
        guard text.isASCII, !text.containsByte(13) else { return nil }
        return text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    }

    /// Whether `reference` is `absolutePrefix` (any case) followed by `/` and more; on bytes
    /// when both are ASCII without a carriage return (`lowercasedASCII` is the prefix's bytes),
    /// else by Characters.
    static func startsWith(_ reference: String, absolutePrefix prefix: String, lowercasedASCII: [UInt8]?) -> Bool {
        if let p = lowercasedASCII, reference.isASCII, !reference.containsByte(13) {
            let r = reference.utf8
            guard r.count > p.count else { return false }
            var i = r.startIndex
            for b in p {
                let c = r[i]
                if (c >= 65 && c <= 90 ? c + 32 : c) != b { return false }
                i = r.index(after: i)
            }
            return r[i] == UInt8(ascii: "/")
        }
        return startsWithByCharacters(reference, absolutePrefix: prefix)
    }

    /// `startsWith` by Characters.
    static func startsWithByCharacters(_ reference: String, absolutePrefix prefix: String) -> Bool {
        reference.count > prefix.count && reference.lowercased().hasPrefix(prefix.lowercased())
            && reference.dropFirst(prefix.count).first == "/"
    }

    /// Classifies `reference` (an attribute value) as seen from a page at site URL `pageURL`.
    func target(of reference: String, pageURL: String) -> Target {
        var ref = reference.trimmedFast(.whitespacesAndNewlines)
        if ref.isEmpty || ref.hasPrefix("#") { return .inline }
        if let prefix = absolutePrefix, SiteResources.startsWith(ref, absolutePrefix: prefix, lowercasedASCII: prefixBytes) {
            ref = String(ref.dropFirst(prefix.count - baseurl.count))
        }
        if ref.hasPrefix("//") { return .remote }
        if let scheme = SiteResources.scheme(of: ref) {
            switch scheme {
            case "http", "https", "ftp", "ws", "wss": return .remote
            case "file": return .outside("a file: URL points into this machine's file system")
            default: return .inline
            }
        }
        var suffix = ""
        if let cut = ref.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            suffix = String(ref[cut...])
            ref = String(ref[..<cut])
        }
        if ref.isEmpty { return .inline }
        let decoded = ref.removingPercentEncoding ?? ref
        var path: String
        if decoded.hasPrefix("/") {
            path = decoded
            if !baseurl.isEmpty, path == baseurl || path.hasPrefix(baseurl + "/") {
                path = String(path.dropFirst(baseurl.count))
            }
        } else {
            let pageDecoded = pageURL.removingPercentEncoding ?? pageURL
            let folder = pageDecoded.hasSuffix("/") ? pageDecoded : String(pageDecoded[...(pageDecoded.lastIndex(of: "/") ?? pageDecoded.startIndex)])
            path = (folder.hasPrefix("/") ? folder : "/" + folder) + decoded
        }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if parts.isEmpty { return .outside("'\(reference)' climbs above the site folder") }
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        return .site(path: parts.joined(separator: "/"), trailingSlash: path.hasSuffix("/"), suffix: suffix)
    }

    /// The scheme of an absolute URL (`https`), lowercased; nil for a path.
    static func scheme(of reference: String) -> String? {
        if let ascii = asciiScheme(of: reference) { return ascii }
        guard let colon = reference.firstIndex(of: ":") else { return nil }
        let head = reference[..<colon]
        guard let first = head.first, first.isASCII, first.isLetter,
            head.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
        else { return nil }
        return head.lowercased()
    }

    /// `scheme(of:)` on bytes when the answer cannot depend on how Characters group bytes:
    /// the outer nil lets the Character-level rule decide (a non-ASCII byte in the head or
    /// right after the colon, where a mark could join the colon to another Character).
    static func asciiScheme(of reference: String) -> String?? {
        let bytes = reference.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return .some(nil) }
        let head = bytes[..<colon]
        guard head.allSatisfy({ $0 < 0x80 }) else { return nil }
        let after = bytes.index(after: colon)
        if after < bytes.endIndex, bytes[after] >= 0x80 { return nil }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        guard let first = head.first, isLetter(first),
            head.allSatisfy({ isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E })
        else { return .some(nil) }
        return .some(String(decoding: head.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self))
    }

    /// The bytes of the file at site path `path`, refusing anything that leaves the site folder.
    func lookup(_ path: String) -> Lookup {
        if let hit = cacheLock.withLock({ cache[path] }) { return hit }
        // Read outside the lock: two threads may read the same file once each, and keep one.
        let result = read(path)
        return cacheLock.withLock {
            if let first = cache[path] { return first }
            cache[path] = result
            return result
        }
    }

    private func read(_ path: String) -> Lookup {
        if path.isEmpty { return .refused("the site folder itself is not a file") }
        let candidate = root.appendingPathComponent(path)
        let manager = FileManager.default
        // Every component must exist as written: no symlink may lead out of the site.
        guard manager.fileExists(atPath: candidate.path) || (try? manager.destinationOfSymbolicLink(atPath: candidate.path)) != nil else {
            return .missing
        }
        let resolved = candidate.resolvingSymlinksInPath().standardizedFileURL
        guard resolved.path.hasPrefix(root.path + "/") else {
            return .refused("it is a symbolic link that leaves the site folder")
        }
        guard let attributes = try? manager.attributesOfItem(atPath: resolved.path) else {
            return .missing
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            return .refused("it is not a regular file")
        }
        guard let data = manager.contents(atPath: resolved.path) else {
            return .refused("it cannot be read")
        }
        return .file([UInt8](data))
    }

    /// The MIME type of a file, from its extension, else from its first bytes.
    static func mimeType(path: String, bytes: [UInt8]) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let byExtension: [String: String] = [
            "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "jpe": "image/jpeg",
            "gif": "image/gif", "webp": "image/webp", "svg": "image/svg+xml", "svgz": "image/svg+xml",
            "avif": "image/avif", "ico": "image/x-icon", "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff",
            "mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "ogv": "video/ogg", "mov": "video/quicktime",
            "mp3": "audio/mpeg", "m4a": "audio/mp4", "oga": "audio/ogg", "ogg": "audio/ogg", "wav": "audio/wav",
            "flac": "audio/flac", "vtt": "text/vtt", "css": "text/css", "js": "text/javascript",
            "mjs": "text/javascript", "json": "application/json", "pdf": "application/pdf",
            "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
            "txt": "text/plain", "html": "text/html", "htm": "text/html", "xml": "application/xml",
        ]
        if let known = byExtension[ext] { return known }
        let signatures: [([UInt8], String)] = [
            ([0x89, 0x50, 0x4E, 0x47], "image/png"), ([0xFF, 0xD8, 0xFF], "image/jpeg"),
            ([0x47, 0x49, 0x46, 0x38], "image/gif"), ([0x25, 0x50, 0x44, 0x46], "application/pdf"),
        ]
        for (magic, type) in signatures where bytes.starts(with: magic) { return type }
        if bytes.count >= 12, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x45, 0x42, 0x50] {
            return "image/webp"
        }
        return "application/octet-stream"
    }
}
