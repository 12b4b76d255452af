import Foundation

/// Writes files atomically (a temporary file in the same folder, then a rename) and only
/// inside one output folder.
public struct SafeFileWriter: Sendable {
    /// Why a file was not written.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The path as the caller gave it.
        public var path: String
        /// What is wrong.
        public var reason: String
        /// `path: reason`
        public var description: String { "\(path): \(reason)" }
    }

    /// The folder every file must stay inside.
    public let root: URL
    /// Whether existing files may be replaced.
    public let overwrite: Bool

    /// A writer into `root`.
    public init(root: URL, overwrite: Bool) {
        self.root = root.standardizedFileURL
        self.overwrite = overwrite
    }

    /// Checks that `relative` is a plain relative path that stays inside the root.
    public static func validate(relativePath relative: String) -> String? {
        if relative.isEmpty { return "the path is empty" }
        if relative.hasPrefix("/") || relative.hasPrefix("\\") { return "the path is absolute" }
        if relative.contains("\0") { return "the path contains a NUL character" }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains("..") { return "the path climbs out with '..'" }
        if parts.contains(where: { $0.isEmpty }) { return "the path has an empty component" }
        return nil
    }

    /// Writes `bytes` at `relative` below the root, creating folders as needed.
    public func write(_ bytes: [UInt8], to relative: String) throws(Failure) {
        if let problem = SafeFileWriter.validate(relativePath: relative) { throw Failure(path: relative, reason: problem) }
        let target = root.appendingPathComponent(relative).standardizedFileURL
        let folder = target.deletingLastPathComponent()
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: relative, reason: "cannot create its folder: \(error.localizedDescription)")
        }
        // A symbolic link inside the output folder must not lead the write elsewhere.
        let realRoot = root.resolvingSymlinksInPath().path
        let realFolder = folder.resolvingSymlinksInPath().path
        guard realFolder == realRoot || realFolder.hasPrefix(realRoot + "/") else {
            throw Failure(path: relative, reason: "its folder leads outside the output folder through a symbolic link")
        }
        var st = stat()
        if lstat(target.path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFLNK { throw Failure(path: relative, reason: "it is a symbolic link; not replaced") }
            if (st.st_mode & S_IFMT) == S_IFDIR { throw Failure(path: relative, reason: "a folder is in the way") }
            if !overwrite { throw Failure(path: relative, reason: "the file exists (use --force to replace it)") }
        }
        try SafeFileWriter.atomicWrite(bytes, to: target, displayPath: relative)
    }

    /// Writes a file by writing a temporary sibling and renaming it over the target.
    public static func atomicWrite(_ bytes: [UInt8], to target: URL, displayPath: String) throws(Failure) {
        let folder = target.deletingLastPathComponent().path
        var template = Array((folder + "/.blogport-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(path: displayPath, reason: "cannot create a temporary file: \(String(cString: strerror(errno)))") }
        let tempPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = true
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 {
                    ok = false
                    return
                }
                offset += n
            }
        }
        fchmod(fd, 0o644)
        // No fsync: the rename is what makes the write all-or-nothing for an interrupted run
        // (SIGINT, SIGTERM, kill -9); flushing every one of thousands of files would only add
        // durability against power loss, at many times the cost.
        close(fd)
        guard ok, rename(tempPath, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tempPath)
            throw Failure(path: displayPath, reason: "cannot write: \(reason)")
        }
    }
}
