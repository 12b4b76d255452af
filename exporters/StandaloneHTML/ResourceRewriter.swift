import BlogModel
import Foundation
import XMLSupport

/// An element whose attributes the rewriter reads and sets (a fragment's or a whole document's).
protocol RewritableElement {
    /// The lowercase tag name.
    var name: String { get }
    /// The value of an attribute, if present.
    func attribute(_ name: String) -> String?
    /// Sets or (with nil) removes an attribute.
    func setAttribute(_ name: String, _ value: String?)
}

extension HTMLElement: RewritableElement {}
extension SimpleHTMLElement: RewritableElement {}

/// Makes pages self-contained: local resources become `data:` URIs (or copies beside the page
/// above the size limit), links to other posts become relative links inside the output folder,
/// links to the rest of the site point at the live site.
///
/// Pages are rewritten on all cores: what rewriting a page does to the shared state (warnings,
/// counts, copies) is gathered in its `Effects` and merged in page order, so the output does not
/// depend on which thread ran first.
final class ResourceRewriter: @unchecked Sendable {
    /// The page being rewritten.
    struct Page {
        /// Its file, relative to the output folder.
        var outputFile: String
        /// Its URL on the site (references relative to it are resolved from there).
        var url: String
        /// The post it shows, for warnings (`post:line`), or nil.
        var post: Post?
        /// Where warnings point when there is no post (the template file).
        var fallbackFile: String
    }

    /// What was done, for the summary and the tests.
    struct Counts: Equatable {
        var embedded = 0
        var copied = 0
        var missing = 0
        var remote = 0
        var refused = 0
        var postLinks = 0
    }

    /// What rewriting one page did, to be merged (in page order) with `merge`.
    struct Effects {
        fileprivate var diagnostics: [(key: String, diagnostic: Diagnostic)] = []
        fileprivate var counts = Counts()
        fileprivate var copies: [(path: String, bytes: [UInt8])] = []
        fileprivate var warned: Set<String> = []

        /// Nothing done yet.
        init() {}
    }

    let resources: SiteResources?
    let maxEmbed: Int?
    let displayPrefix: String
    /// Output file by site path of a post page (`2023/12/10/x`, `2023/12/10/x/index.html`).
    let postFiles: [String: String]
    /// `https://example.org/blog` for links to pages that are not exported.
    let absolutePrefix: String?
    private(set) var copies: [String: [UInt8]] = [:]
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var counts = Counts()
    private var warned: Set<String> = []

    init(resources: SiteResources?, maxEmbed: Int?, displayPrefix: String, postFiles: [String: String], absolutePrefix: String?) {
        self.resources = resources
        self.maxEmbed = maxEmbed
        self.displayPrefix = displayPrefix
        self.postFiles = postFiles
        self.absolutePrefix = absolutePrefix
    }

    /// Takes in what rewriting one page did: its warnings (each once), counts and copies.
    func merge(_ effects: Effects) {
        for (key, diagnostic) in effects.diagnostics where warned.insert(key).inserted { diagnostics.append(diagnostic) }
        counts.embedded += effects.counts.embedded
        counts.copied += effects.counts.copied
        counts.missing += effects.counts.missing
        counts.remote += effects.counts.remote
        counts.refused += effects.counts.refused
        counts.postLinks += effects.counts.postLinks
        for (path, bytes) in effects.copies { copies[path] = bytes }
    }

    /// The names of the elements `rewrite` may change.
    static let elementNames: Set<String> = [
        "img", "source", "video", "audio", "track", "embed", "script", "input", "object", "link", "a", "area", "iframe", "frame",
    ]

    /// Rewrites one element's references in place; what else it does goes into `effects`.
    /// Reads only what does not change, so pages can be rewritten at once on several threads.
    func rewrite(_ element: some RewritableElement, page: Page, effects: inout Effects) {
        switch element.name {
        case "img", "source":
            resourceAttribute("src", of: element, page: page, effects: &effects)
            srcsetAttribute("srcset", of: element, page: page, effects: &effects)
        case "video":
            resourceAttribute("poster", of: element, page: page, effects: &effects)
            resourceAttribute("src", of: element, page: page, effects: &effects)
        case "audio", "track", "embed", "script":
            resourceAttribute("src", of: element, page: page, effects: &effects)
        case "input":
            if element.attribute("type")?.lowercased() == "image" { resourceAttribute("src", of: element, page: page, effects: &effects) }
        case "object":
            resourceAttribute("data", of: element, page: page, effects: &effects)
        case "link":
            let rel = (element.attribute("rel") ?? "").lowercased()
            if rel.contains("stylesheet") || rel.contains("icon") || rel.contains("preload") {
                resourceAttribute("href", of: element, page: page, effects: &effects)
            } else {
                linkAttribute("href", of: element, page: page, effects: &effects)
            }
        case "a", "area":
            linkAttribute("href", of: element, page: page, effects: &effects)
        case "iframe", "frame":
            linkAttribute("src", of: element, page: page, requested: true, effects: &effects)
        default:
            break
        }
    }

    private func resourceAttribute(_ attribute: String, of element: some RewritableElement, page: Page, effects: inout Effects) {
        guard let value = element.attribute(attribute) else { return }
        switch resolveResource(value, page: page, effects: &effects) {
        case .keep: break
        case .replace(let new): element.setAttribute(attribute, new)
        case .remove: element.setAttribute(attribute, nil)
        }
    }

    private func srcsetAttribute(_ attribute: String, of element: some RewritableElement, page: Page, effects: inout Effects) {
        guard let value = element.attribute(attribute) else { return }
        var changed = false
        let rebuilt = ResourceRewriter.srcsetCandidates(value).compactMap { candidate -> String? in
            switch resolveResource(candidate.url, page: page, effects: &effects) {
            case .keep:
                return candidate.url + (candidate.descriptor.isEmpty ? "" : " " + candidate.descriptor)
            case .replace(let new):
                changed = true
                return new + (candidate.descriptor.isEmpty ? "" : " " + candidate.descriptor)
            case .remove:
                changed = true
                return nil
            }
        }
        if changed { element.setAttribute(attribute, rebuilt.isEmpty ? nil : rebuilt.joined(separator: ", ")) }
    }

    /// Splits a `srcset` into its candidates as the HTML standard does: a URL runs to the next
    /// white space (so a `data:` URL may hold commas), its descriptor to the next comma.
    static func srcsetCandidates(_ value: String) -> [(url: String, descriptor: String)] {
        var result: [(String, String)] = []
        let chars = Array(value)
        var i = 0
        while i < chars.count {
            while i < chars.count, chars[i].isWhitespace || chars[i] == "," { i += 1 }
            if i >= chars.count { break }
            var url = ""
            while i < chars.count, !chars[i].isWhitespace { url.append(chars[i]); i += 1 }
            var descriptor = ""
            if url.hasSuffix(",") {
                while url.hasSuffix(",") { url.removeLast() }
            } else {
                var depth = 0
                while i < chars.count {
                    let c = chars[i]
                    if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) } else if c == ",", depth == 0 { break }
                    descriptor.append(c)
                    i += 1
                }
            }
            result.append((url, descriptor.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        return result
    }

    private enum Outcome { case keep, replace(String), remove }

    private func resolveResource(_ value: String, page: Page, effects: inout Effects) -> Outcome {
        guard let resources else {
            if case .site = SiteResources(root: URL(fileURLWithPath: "/"), baseurl: "", siteURL: nil).target(of: value, pageURL: page.url) {
                warn(page, effects: &effects, "no-site-folder", "'\(value)' is not embedded: the blog came from a backup, not a site folder", value)
            }
            return .keep
        }
        switch resources.target(of: value, pageURL: page.url) {
        case .inline:
            return .keep
        case .remote:
            effects.counts.remote += 1
            warn(page, effects: &effects, "remote-resource", "'\(value)' is on the web and is not embedded: the page shows it only when online", value)
            return ResourceRewriter.schemeRelative(value).map { .replace($0) } ?? .keep
        case .outside(let reason):
            effects.counts.refused += 1
            warn(page, effects: &effects, "refused-resource", "'\(value)' is not embedded: \(reason)", value)
            return .remove
        case .site(let path, _, let suffix):
            let fragment = suffix.firstIndex(of: "#").map { String(suffix[$0...]) } ?? ""
            switch resources.lookup(path) {
            case .file(let bytes):
                if bytes.isEmpty { warn(page, effects: &effects, "empty-resource", "'\(value)' is an empty file (\(path)) in the site", value) }
                if let maxEmbed, bytes.count > maxEmbed {
                    let copy = (OutputPaths.folder(of: page.outputFile).isEmpty ? "" : OutputPaths.folder(of: page.outputFile) + "/") + path
                    effects.copies.append((copy, bytes))
                    effects.counts.copied += 1
                    return .replace(OutputPaths.href(OutputPaths.relative(from: page.outputFile, to: copy)) + fragment)
                }
                effects.counts.embedded += 1
                let mime = SiteResources.mimeType(path: path, bytes: bytes)
                return .replace("data:\(mime);base64," + Data(bytes).base64EncodedString() + fragment)
            case .missing:
                effects.counts.missing += 1
                warn(page, effects: &effects, "missing-resource", "'\(value)' is not in the site (looked for \(path))", value,
                     hint: absolutePrefix.map { _ in "the page links it on the live site instead" })
                return absolutePrefix.map { .replace(siteURL(path: path, trailingSlash: false, suffix: suffix, base: $0)) } ?? .keep
            case .refused(let reason):
                effects.counts.refused += 1
                warn(page, effects: &effects, "refused-resource", "'\(value)' is not embedded: \(path): \(reason)", value)
                return .remove
            }
        }
    }

    private func linkAttribute(_ attribute: String, of element: some RewritableElement, page: Page, requested: Bool = false, effects: inout Effects) {
        guard let value = element.attribute(attribute) else { return }
        let target = (resources ?? SiteResources(root: URL(fileURLWithPath: "/"), baseurl: "", siteURL: nil)).target(of: value, pageURL: page.url)
        switch target {
        case .inline:
            return
        case .remote:
            if requested {
                effects.counts.remote += 1
                warn(page, effects: &effects, "remote-resource", "'\(value)' is on the web and is not embedded: the page shows it only when online", value)
            }
            if let absolute = ResourceRewriter.schemeRelative(value) { element.setAttribute(attribute, absolute) }
        case .outside(let reason):
            effects.counts.refused += 1
            warn(page, effects: &effects, "refused-resource", "link '\(value)' removed: \(reason)", value)
            element.setAttribute(attribute, nil)
        case .site(let path, let trailingSlash, let suffix):
            let fragment = suffix.firstIndex(of: "#").map { String(suffix[$0...]) } ?? ""
            if let file = postFiles[path] {
                effects.counts.postLinks += 1
                element.setAttribute(attribute, OutputPaths.href(OutputPaths.relative(from: page.outputFile, to: file)) + fragment)
            } else if let base = absolutePrefix {
                element.setAttribute(attribute, siteURL(path: path, trailingSlash: trailingSlash, suffix: suffix, base: base))
            }
        }
    }

    /// `https:` before a scheme-relative `//host/x` (from a file the browser would read it as
    /// `file://host/x`); nil for anything else.
    static func schemeRelative(_ value: String) -> String? {
        let trimmed = value.trimmedFast(.whitespacesAndNewlines)
        return trimmed.hasPrefix("//") ? "https:" + trimmed : nil
    }

    private func siteURL(path: String, trailingSlash: Bool, suffix: String, base: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%;")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return base + "/" + encoded + (trailingSlash && !encoded.isEmpty ? "/" : "") + suffix
    }

    /// Records a warning once per page and reference, at the line of the post that mentions it.
    private func warn(_ page: Page, effects: inout Effects, _ code: String, _ message: String, _ reference: String, hint: String? = nil) {
        let key = page.outputFile + "\u{0}" + code + "\u{0}" + reference
        guard effects.warned.insert(key).inserted else { return }
        guard let post = page.post else {
            effects.diagnostics.append((key, Diagnostic(.warning, code: code, message: message, hint: hint, location: SourceLocation(file: page.fallbackFile))))
            return
        }
        let place = ResourceRewriter.place(of: reference, in: post)
        effects.diagnostics.append((key, Diagnostic(
            .warning, code: code, message: message, hint: hint,
            location: SourceLocation(file: displayPrefix + post.sourcePath, line: place.line, column: place.column),
            sourceLine: place.text)))
    }

    /// The line (and column) of the post's source that mentions a reference: the reference as
    /// written, else its file name; else the first line of the body (an include made it).
    static func place(of reference: String, in post: Post) -> (line: Int, column: Int?, text: String?) {
        let needles = placeNeedles(reference)
        if let found = bytePlace(of: needles, in: post) { return found }
        let lines = post.source.split(separator: "\n", omittingEmptySubsequences: false)
        let start = max(0, post.bodyStartLine - 1)
        for needle in needles where !needle.isEmpty {
            for index in start..<max(start, lines.count) {
                let line = lines[index].hasSuffix("\r") ? String(lines[index].dropLast()) : String(lines[index])
                if let range = line.range(of: needle) {
                    let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: range.lowerBound) + 1
                    return (index + 1, column, line)
                }
            }
        }
        return (post.bodyStartLine, nil, nil)
    }
}

extension ResourceRewriter {
    /// What `place` looks for, in order: the reference as written, its file name, that name
    /// percent-decoded.
    static func placeNeedles(_ reference: String) -> [String] {
        var needles = [reference]
        let bare = reference.split(whereSeparator: { $0 == "?" || $0 == "#" }).first.map(String.init) ?? reference
        if let name = bare.split(separator: "/").last.map(String.init), !name.isEmpty {
            needles.append(name)
            if let decoded = name.removingPercentEncoding, decoded != name { needles.append(decoded) }
        }
        return needles
    }

    /// `place` on the source's bytes, for a source without CR (whose lines are then split at
    /// each LF byte, as Characters split them) and ASCII needles. An ASCII line is searched
    /// byte by byte (there Foundation's search is a byte search too); any other line is searched
    /// by Foundation as before, since it matches canonically equivalent text (`é` and `e` with a
    /// combining accent). Nil when this cannot answer.
    static func bytePlace(of needles: [String], in post: Post) -> (line: Int, column: Int?, text: String?)? {
        guard needles.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else { return nil }
        var source = post.source
        return source.withUTF8 { text -> (line: Int, column: Int?, text: String?)? in
            if text.contains(13) { return nil }
            // The offset where line `bodyStartLine` starts (0-based line `start`).
            let start = max(0, post.bodyStartLine - 1)
            var from = 0
            var skipped = 0
            while skipped < start {
                guard let newline = text[from...].firstIndex(of: 10) else { return (post.bodyStartLine, nil, nil) }
                from = newline + 1
                skipped += 1
            }
            for needle in needles where !needle.isEmpty {
                let n = Array(needle.utf8)
                var lineStart = from
                var number = start + 1
                while true {
                    let lineEnd = text[lineStart...].firstIndex(of: 10) ?? text.count
                    let line = UnsafeBufferPointer(rebasing: text[lineStart..<lineEnd])
                    if line.allSatisfy({ $0 < 0x80 }) {
                        if let at = firstOffset(of: n, in: line) {
                            return (number, at + 1, String(decoding: line, as: UTF8.self))
                        }
                    } else {
                        let string = String(decoding: line, as: UTF8.self)
                        if let range = string.range(of: needle) {
                            let column = string.unicodeScalars.distance(from: string.unicodeScalars.startIndex, to: range.lowerBound) + 1
                            return (number, column, string)
                        }
                    }
                    guard lineEnd < text.count else { break }
                    lineStart = lineEnd + 1
                    number += 1
                }
            }
            return (post.bodyStartLine, nil, nil)
        }
    }

    /// The first offset where `needle` (not empty) starts in `text`.
    private static func firstOffset(of needle: [UInt8], in text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first, needle.count <= text.count else { return nil }
        var i = 0
        let last = text.count - needle.count
        while i <= last {
            guard let hit = text[i...last].firstIndex(of: first) else { return nil }
            var k = 1
            while k < needle.count, text[hit + k] == needle[k] { k += 1 }
            if k == needle.count { return hit }
            i = hit + 1
        }
        return nil
    }
}

/// The `srcset` splitter, for tests: each candidate as `url|descriptor`.
public enum ResourceRewriterProbe {
    /// `a.png 1x, b.png` → `["a.png|1x", "b.png|"]`.
    public static func srcset(_ value: String) -> [String] {
        ResourceRewriter.srcsetCandidates(value).map { $0.url + "|" + $0.descriptor }
    }
}
