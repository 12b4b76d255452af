import BlogModel
import Foundation

/// Finds every post and draft file of a site the way Jekyll's `Reader` and `EntryFilter` do.
struct SiteDiscovery {
    /// A file that Jekyll reads as a post or a draft.
    struct Candidate: Sendable {
        /// Path relative to the site, `/`-separated.
        var relativePath: String
        var isDraft: Bool
        /// The folder holding `_posts`/`_drafts`, relative to the site ("" at the root).
        var containerDir: String
    }

    let root: URL
    let rootPath: String
    let config: SiteConfig
    private(set) var diagnostics: [Diagnostic] = []
    let displayPrefix: String
    /// `include` and `exclude` (less what `include` names), each joined to the root as
    /// `EntryFilter` joins them: made once, not for every file.
    private let includePatterns: [String]
    private let excludePatterns: [String]

    init(root: URL, config: SiteConfig, displayPrefix: String) {
        self.root = root
        let rootPath = root.standardizedFileURL.path
        self.rootPath = rootPath
        self.config = config
        self.displayPrefix = displayPrefix
        includePatterns = config.include.map { SiteDiscovery.join(rootPath, $0) }
        excludePatterns = config.exclude.filter { !config.include.contains($0) }.map { SiteDiscovery.join(rootPath, $0) }
    }

    enum Kind { case file, directory, other, missing }

    /// What a path is, and whether it is a link that leaves the site.
    private func inspect(_ relative: String) -> (kind: Kind, isLink: Bool, leavesSite: Bool) {
        let full = relative.isEmpty ? rootPath : rootPath + "/" + relative
        var st = stat()
        guard lstat(full, &st) == 0 else { return (.missing, false, false) }
        var isLink = false
        var leaves = false
        if (st.st_mode & S_IFMT) == S_IFLNK {
            isLink = true
            let resolved = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
            let realRoot = URL(fileURLWithPath: rootPath).resolvingSymlinksInPath().path
            leaves = !(resolved == realRoot || resolved.hasPrefix(realRoot + "/"))
            guard stat(full, &st) == 0 else { return (.missing, true, leaves) }
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return (.file, isLink, leaves)
        case S_IFDIR: return (.directory, isLink, leaves)
        default: return (.other, isLink, leaves)
        }
    }

    /// A folder's entries, sorted by name, each with its kind when the folder's listing tells it
    /// without a `stat` (a plain file or folder; nil for a link or an unknown kind).
    private func listing(_ relative: String) -> [(name: String, kind: Kind?)] {
        let full = relative.isEmpty ? rootPath : rootPath + "/" + relative
        guard let dir = opendir(full) else { return [] }
        defer { closedir(dir) }
        var entries: [(name: String, kind: Kind?)] = []
        while let entry = readdir(dir) {
            let type = entry.pointee.d_type
            let name: String? = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                raw.withMemoryRebound(to: CChar.self) { String(validatingCString: $0.baseAddress!) }
            }
            // A name that is not UTF-8: listed as Foundation lists it.
            guard let name else {
                return ((try? FileManager.default.contentsOfDirectory(atPath: full)) ?? []).sorted().map { ($0, nil) }
            }
            if name == "." || name == ".." { continue }
            let kind: Kind? = switch Int32(type) {
            case Int32(DT_REG): .file
            case Int32(DT_DIR): .directory
            default: nil
            }
            entries.append((name, kind))
        }
        return entries.sorted { $0.name < $1.name }
    }

    // MARK: EntryFilter

    /// Whether `entry` matches one of `patterns` (already joined to the root): `File.fnmatch`,
    /// `start_with?`, or the pattern names the folder with a `/` after it.
    private func globIncludes(_ patterns: [String], _ entry: String, isDirectory: Bool) -> Bool {
        let entryWithSource = SiteDiscovery.join(rootPath, entry)
        var entryBytes = entryWithSource
        return entryBytes.withUTF8 { e in
            patterns.contains { patternWithSource in
                var pattern = patternWithSource
                return pattern.withUTF8 { p in
                    // Ruby's `start_with?` compares bytes.
                    if p.count <= e.count, SiteDiscovery.sameBytes(e, p, count: p.count) { return true }
                    if isDirectory, p.count == e.count + 1, p[e.count] == UInt8(ascii: "/"), SiteDiscovery.sameBytes(e, p, count: e.count) {
                        return true
                    }
                    // A pattern with no wildcard or escape matches only the same bytes, which
                    // `start_with?` has just ruled out.
                    guard p.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "\\") }) else {
                        return false
                    }
                    return fnmatch(patternWithSource, entryWithSource, 0) == 0
                }
            }
        }
    }

    /// Whether the first `count` bytes of `a` and `b` are the same.
    private static func sameBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
        count == 0 || memcmp(a.baseAddress!, b.baseAddress!, count) == 0
    }

    /// Ruby's `File.join`: one slash between parts.
    private static func join(_ a: String, _ b: String) -> String {
        if b.isEmpty { return a }
        let left = a.hasSuffix("/") ? String(a.dropLast()) : a
        let right = b.hasPrefix("/") ? String(b.dropFirst()) : b
        return left + "/" + right
    }

    private static func isSpecial(_ s: Substring) -> Bool {
        guard let c = s.first else { return false }
        return c == "." || c == "_" || c == "#" || c == "~"
    }

    /// `EntryFilter#filter` for one entry, given relative to `baseDirectory` (itself relative to the site).
    private func keeps(_ entry: String, baseDirectory: String, isDirectory: Bool) -> Bool {
        if entry.hasSuffix(".") { return false }
        let basename = entry.lastSlashSegment ?? entry
        let included =
            globIncludes(includePatterns, entry, isDirectory: isDirectory)
            || globIncludes(includePatterns, basename, isDirectory: isDirectory)
        if globIncludes(excludePatterns, SiteDiscovery.join("/" + baseDirectory, entry), isDirectory: isDirectory), !included { return false }
        if included { return true }
        return !(SiteDiscovery.isSpecial(Substring(entry)) || SiteDiscovery.isSpecial(Substring(basename)) || entry.hasSuffix("~"))
    }

    // MARK: Reading

    /// Every post (and, with drafts on, draft) file, in path order.
    mutating func candidates() -> [Candidate] {
        var out: [Candidate] = []
        readDirectories("", into: &out)
        return out.sorted { $0.relativePath < $1.relativePath }
    }

    private mutating func warnLink(_ relative: String) {
        diagnostics.append(Diagnostic(
            .warning, code: "symlink-outside-site",
            message: "skipped a symbolic link that points outside the site",
            hint: "copy the file into the site if it belongs to the blog",
            location: SourceLocation(file: displayPrefix + relative)))
    }

    private mutating func readDirectories(_ dir: String, into out: inout [Candidate]) {
        for (entry, listedKind) in listing(dir) {
            // Only folders matter here: a plain file is passed over without a `stat`.
            if listedKind == .file { continue }
            let relative = dir.isEmpty ? entry : dir + "/" + entry
            let info = listedKind == .directory ? (kind: Kind.directory, isLink: false, leavesSite: false) : inspect(relative)
            guard info.kind == .directory else { continue }
            guard keeps(entry, baseDirectory: dir, isDirectory: true) else { continue }
            if info.isLink {
                if info.leavesSite { warnLink(relative) }
                continue  // linked folders are not followed: no cycles, nothing read twice
            }
            readDirectories(relative, into: &out)
        }
        if !config.collectionsDir.isEmpty, !("/" + dir).hasPrefix("/" + config.collectionsDir) { return }
        readPublishable(dir, "_posts", isDraft: false, into: &out)
        if config.showDrafts { readPublishable(dir, "_drafts", isDraft: true, into: &out) }
    }

    /// `Reader#get_entries`: Ruby's `Dir["**/*"]` below `dir/magic`, filtered, files only.
    private mutating func readPublishable(_ dir: String, _ magic: String, isDraft: Bool, into out: inout [Candidate]) {
        let base = dir.isEmpty ? magic : dir + "/" + magic
        let baseInfo = inspect(base)
        guard baseInfo.kind == .directory else { return }
        if baseInfo.isLink, baseInfo.leavesSite {
            warnLink(base)
            return
        }
        var entries: [(String, Kind, Bool)] = []
        func walk(_ sub: String) {
            for (name, listedKind) in listing(sub.isEmpty ? base : base + "/" + sub) where !name.hasPrefix(".") {
                let entry = sub.isEmpty ? name : sub + "/" + name
                let info = listedKind.map { (kind: $0, isLink: false, leavesSite: false) } ?? inspect(base + "/" + entry)
                if info.isLink, info.leavesSite {
                    entries.append((entry, .other, true))
                    continue
                }
                entries.append((entry, info.kind, false))
                if info.kind == .directory, !info.isLink { walk(entry) }
            }
        }
        walk("")
        // Which entries the filter keeps, on all cores (a `_posts` of thousands of files, each
        // matched against every pattern); used in entry order.
        let kept = UnsafeMutableBufferPointer<Bool>.allocate(capacity: entries.count)
        kept.initialize(repeating: false)
        defer { kept.deallocate() }
        let keptBox = KeptFlags(kept)
        let discovery = self, found = entries
        DispatchQueue.concurrentPerform(iterations: entries.count) { n in
            keptBox.flags[n] = discovery.keeps(found[n].0, baseDirectory: base, isDirectory: found[n].1 == .directory)
        }
        for (n, (entry, kind, leaves)) in entries.enumerated() {
            guard kept[n] else { continue }
            let relative = base + "/" + entry
            if leaves {
                warnLink(relative)
                continue
            }
            let name = entry.lastSlashSegment ?? entry
            let matches = isDraft ? PostFileName.dateless(name) != nil : PostFileName.dated(name) != nil
            guard matches else { continue }
            switch kind {
            case .file:
                out.append(Candidate(relativePath: relative, isDraft: isDraft, containerDir: dir))
            case .directory:
                if !isDraft {
                    diagnostics.append(Diagnostic(
                        .warning, code: "folder-named-like-post",
                        message: "'\(name)' is a folder named like a post; Jekyll skips it (files inside it are read on their own)",
                        hint: "rename the folder if it is not meant to look like a post",
                        location: SourceLocation(file: displayPrefix + relative)))
                }
            case .other, .missing:
                diagnostics.append(Diagnostic(
                    .warning, code: "not-a-file", message: "'\(name)' is not a regular file; skipped",
                    location: SourceLocation(file: displayPrefix + relative)))
            }
        }
    }
}

/// Lets the filter's concurrent iterations each set their own entry's flag.
private final class KeptFlags: @unchecked Sendable {
    let flags: UnsafeMutableBufferPointer<Bool>
    init(_ flags: UnsafeMutableBufferPointer<Bool>) { self.flags = flags }
}

/// Jekyll's post file-name patterns.
enum PostFileName {
    /// `DATE_FILENAME_MATCHER` on a base name: the date text, the slug, the extension.
    static func dated(_ name: String) -> (date: String, slug: String, ext: String)? {
        guard let (stem, ext) = splitExtension(name) else { return nil }
        // (\d{2,4}-\d{1,2}-\d{1,2})-(.*)
        let s = Array(stem.utf8)
        var i = 0
        func digits(_ min: Int, _ max: Int) -> Bool {
            let start = i
            while i < s.count, i - start < max, s[i] >= 48, s[i] <= 57 { i += 1 }
            return i - start >= min
        }
        guard digits(2, 4), i < s.count, s[i] == 45 else { return nil }
        i += 1
        guard digits(1, 2), i < s.count, s[i] == 45 else { return nil }
        i += 1
        guard digits(1, 2), i < s.count, s[i] == 45 else { return nil }
        let date = String(decoding: s[0..<i], as: UTF8.self)
        let slug = String(decoding: s[(i + 1)...], as: UTF8.self)
        return (date, slug, ext)
    }

    /// `DATELESS_FILENAME_MATCHER` on a base name: the slug and the extension.
    static func dateless(_ name: String) -> (slug: String, ext: String)? {
        splitExtension(name).map { ($0.0, $0.1) }
    }

    /// `(.*)(\.[^.]+)$`: everything before the last dot, and the last extension (not empty).
    static func splitExtension(_ name: String) -> (String, String)? {
        guard let dot = name.lastIndex(of: "."), name.index(after: dot) != name.endIndex else { return nil }
        return (String(name[..<dot]), String(name[dot...]))
    }
}

/// File paths as Foundation's `NSString` reads them.
enum PathText {
    /// `(path as NSString).pathExtension`: what follows the last `.` of the last path component
    /// (none when that dot starts the component). On bytes for an ASCII path that Foundation
    /// would not first tidy (no `//`, no trailing `/`, at least two bytes), where every byte is
    /// a Character; other paths go to Foundation.
    static func pathExtension(_ path: String) -> String {
        let bytes = path.utf8
        if bytes.count > 1, path.isASCII, !path.containsBytePair(UInt8(ascii: "/"), UInt8(ascii: "/")), bytes.last != UInt8(ascii: "/"),
           !path.containsBytePair(13, 10) {
            var end = bytes.endIndex
            while end > bytes.startIndex {
                let before = bytes.index(before: end)
                switch bytes[before] {
                case UInt8(ascii: "/"):
                    return ""
                case UInt8(ascii: "."):
                    // A dot that starts the component names a hidden file, not an extension.
                    if before == bytes.startIndex || bytes[bytes.index(before: before)] == UInt8(ascii: "/") { return "" }
                    return String(path[end...])
                default:
                    end = before
                }
            }
            return ""
        }
        return (path as NSString).pathExtension
    }
}

extension String {
    /// Whether the UTF-8 bytes hold `first` straight followed by `second`.
    func containsBytePair(_ first: UInt8, _ second: UInt8) -> Bool {
        var previous: UInt8 = 0
        for b in utf8 {
            if previous == first && b == second { return true }
            previous = b
        }
        return false
    }
}
