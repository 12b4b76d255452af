import Dispatch
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
    /// `root.path`, made once (a URL makes its path anew each time it is asked).
    private let rootPath: String
    /// Whether existing files may be replaced.
    public let overwrite: Bool

    /// Folders already checked (inside the root, no symbolic link leading out) and created by
    /// this writer: the checks and `mkdir` run once per folder, not once per file.
    private let verified = VerifiedFolders()

    /// A writer into `root`.
    public init(root: URL, overwrite: Bool) {
        self.root = root.standardizedFileURL
        rootPath = self.root.path
        self.overwrite = overwrite
    }

    /// Checks that `relative` is a plain relative path that stays inside the root.
    public static func validate(relativePath relative: String) -> String? {
        if isPlainASCIIPath(relative) { return nil }
        if relative.isEmpty { return "the path is empty" }
        if relative.hasPrefix("/") || relative.hasPrefix("\\") { return "the path is absolute" }
        if relative.contains("\0") { return "the path contains a NUL character" }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains("..") { return "the path climbs out with '..'" }
        if parts.contains(where: { $0.isEmpty }) { return "the path has an empty component" }
        return nil
    }

    /// Whether `relative` passes `validate` for certain, read on bytes: ASCII without NUL or
    /// backslash, not starting with `/`, and no empty or `..` segment (in ASCII every byte is a
    /// Character, so the segments are the same).
    static func isPlainASCIIPath(_ relative: String) -> Bool {
        var relative = relative
        return relative.withUTF8(isPlainASCIIPath)
    }

    private static func isPlainASCIIPath(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var segmentLength = 0
        var dots = 0
        for b in bytes {
            switch b {
            case UInt8(ascii: "/"):
                if segmentLength == 0 || (segmentLength == 2 && dots == 2) { return false }
                segmentLength = 0
                dots = 0
            case 0, UInt8(ascii: "\\"), 0x80...:
                return false
            default:
                segmentLength += 1
                if b == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return segmentLength > 0 && !(segmentLength == 2 && dots == 2)
    }

    /// Writes `bytes` at `relative` below the root, creating folders as needed.
    ///
    /// The bytes go to an unnamed file in the target's folder (`O_TMPFILE`), which gets its name
    /// only when complete: a new file is linked under it (even `kill -9` leaves nothing behind),
    /// and a file that exists is replaced by linking the same unnamed file under a temporary
    /// name and renaming that over it, so a rerun writes each file's bytes once. Where the system
    /// has no `O_TMPFILE`, a temporary sibling is written and renamed.
    public func write(_ bytes: [UInt8], to relative: String) throws(Failure) {
        if let problem = SafeFileWriter.validate(relativePath: relative) { throw Failure(path: relative, reason: problem) }
        let target = rootPath + "/" + relative
        let folder = String(target[..<target.lastSlashIndex!])
        try ensureFolder(folder, for: relative)
        #if os(Linux)
        let fd = SafeFileWriter.openUnnamed(in: folder)
        if fd >= 0 {
            defer { close(fd) }
            guard SafeFileWriter.writeAll(bytes, to: fd) else { throw Failure(path: relative, reason: "cannot write: \(String(cString: strerror(errno)))") }
            fchmod(fd, 0o644)
            if SafeFileWriter.link(unnamed: fd, at: target) { return }
            guard errno == EEXIST else { throw Failure(path: relative, reason: "cannot write: \(String(cString: strerror(errno)))") }
            try checkReplaceable(target, relative: relative)
            if let reason = SafeFileWriter.replace(target, withUnnamed: fd, in: folder) { throw Failure(path: relative, reason: reason) }
            return
        }
        #endif
        try checkReplaceable(target, relative: relative)
        try SafeFileWriter.atomicWrite(bytes, to: URL(fileURLWithPath: target), displayPath: relative)
    }

    /// Throws unless whatever is at `target` (if anything) may be replaced by a file: a
    /// symbolic link or a folder never is, an existing file only with `overwrite`.
    private func checkReplaceable(_ target: String, relative: String) throws(Failure) {
        var st = stat()
        guard lstat(target, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFLNK { throw Failure(path: relative, reason: "it is a symbolic link; not replaced") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw Failure(path: relative, reason: "a folder is in the way") }
        if !overwrite { throw Failure(path: relative, reason: "the file exists (use --force to replace it)") }
    }

    #if os(Linux)
    /// A file with no name yet in `folder` (`O_TMPFILE`), open for writing; -1 when the system
    /// cannot make one.
    static func openUnnamed(in folder: String) -> Int32 {
        open(folder, O_DIRECTORY | 0o20000000 | O_WRONLY, 0o644)
    }

    /// Gives the unnamed file open as `fd` the name `target` (fails if the name is taken).
    static func link(unnamed fd: Int32, at target: String) -> Bool {
        linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0
    }

    /// Puts the complete unnamed file open as `fd` in place of the file at `target` (in
    /// `folder`): linked under a temporary name, then renamed over it. Nil when done, else why
    /// not (no temporary name is left behind then).
    static func replace(_ target: String, withUnnamed fd: Int32, in folder: String) -> String? {
        guard let name = InFlightTemporaries.shared.link(unnamed: fd, in: folder) else {
            return "cannot create a temporary file: \(String(cString: strerror(errno)))"
        }
        guard InFlightTemporaries.shared.rename(name, to: target) == 0 else {
            let reason = String(cString: strerror(errno))
            InFlightTemporaries.shared.remove(name)
            return "cannot write: \(reason)"
        }
        return nil
    }
    #endif

    /// `write` until every byte is written; false on an error.
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    /// Makes `folder` (an absolute path at or below the root) exist as a real folder inside the
    /// root: each level is made once with `mkdir`; a level that exists must be a folder, and a
    /// symbolic link among them must not lead out of the root.
    private func ensureFolder(_ folder: String, for relative: String) throws(Failure) {
        if verified.contains(folder) { return }
        let fm = FileManager.default
        if folder == rootPath {
            var isFolder: ObjCBool = false
            if fm.fileExists(atPath: folder, isDirectory: &isFolder) {
                guard isFolder.boolValue else {
                    throw Failure(path: rootPath, reason: "is a file, not a folder; this format writes a folder of files, so give --out a folder")
                }
            } else {
                do {
                    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw Failure(path: relative, reason: "cannot create its folder: \(error.localizedDescription)")
                }
            }
            verified.insert(folder)
            return
        }
        try ensureFolder(String(folder[..<folder.lastSlashIndex!]), for: relative)
        if mkdir(folder, 0o755) != 0 {
            let code = errno
            var st = stat()
            guard code == EEXIST, lstat(folder, &st) == 0 else {
                throw Failure(path: relative, reason: "cannot create its folder: \(String(cString: strerror(code)))")
            }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                break
            case S_IFLNK:
                // A symbolic link inside the output folder must not lead the write elsewhere.
                let realRoot = root.resolvingSymlinksInPath().path
                let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
                var isFolder: ObjCBool = false
                guard real == realRoot || real.hasPrefix(realRoot + "/") else {
                    throw Failure(path: relative, reason: "its folder leads outside the output folder through a symbolic link")
                }
                guard fm.fileExists(atPath: real, isDirectory: &isFolder), isFolder.boolValue else {
                    throw Failure(path: relative, reason: "cannot create its folder: a file is in the way")
                }
            default:
                throw Failure(path: relative, reason: "cannot create its folder: a file is in the way")
            }
        }
        verified.insert(folder)
    }

    /// Writes a file by writing a temporary sibling and renaming it over the target.
    public static func atomicWrite(_ bytes: [UInt8], to target: URL, displayPath: String) throws(Failure) {
        let folder = target.deletingLastPathComponent().path
        var template = Array((folder + "/.blogport-XXXXXX").utf8CString)
        // Created and registered under one lock, so an interrupt never misses a temporary file.
        let (fd, tempPath) = InFlightTemporaries.shared.create(&template)
        guard fd >= 0 else { throw Failure(path: displayPath, reason: "cannot create a temporary file: \(String(cString: strerror(errno)))") }
        let ok = writeAll(bytes, to: fd)
        fchmod(fd, 0o644)
        // No fsync: the rename is what makes the write all-or-nothing for an interrupted run
        // (SIGINT, SIGTERM, kill -9); flushing every one of thousands of files would only add
        // durability against power loss, at many times the cost.
        close(fd)
        guard ok, InFlightTemporaries.shared.rename(tempPath, to: target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            InFlightTemporaries.shared.remove(tempPath)
            throw Failure(path: displayPath, reason: "cannot write: \(reason)")
        }
    }
}

/// A file written in pieces and put in place only when complete: a temporary sibling, then a
/// rename (so an interrupted run leaves the old file or none, never half of a new one).
public final class StreamedFile {
    private var fd: Int32
    /// The named temporary file, or nil while the file is unnamed (`O_TMPFILE`: nothing is left
    /// behind even by `kill -9`).
    private let tempPath: String?
    private let target: URL
    private let displayPath: String
    private var buffer: [UInt8] = []

    /// Starts writing `target` (its folder must exist).
    public init(target: URL, displayPath: String) throws(SafeFileWriter.Failure) {
        let folder = target.deletingLastPathComponent().path
        self.target = target
        self.displayPath = displayPath
        buffer.reserveCapacity(1 << 20)
        #if os(Linux)
        let unnamed = SafeFileWriter.openUnnamed(in: folder)
        if unnamed >= 0 {
            fd = unnamed
            tempPath = nil
            return
        }
        #endif
        var template = Array((folder + "/.blogport-XXXXXX").utf8CString)
        let (fd, tempPath) = InFlightTemporaries.shared.create(&template)
        guard fd >= 0 else {
            throw SafeFileWriter.Failure(path: displayPath, reason: "cannot create a temporary file: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        self.tempPath = tempPath
    }

    /// Appends bytes (buffered and written a megabyte at a time; what would not fit in the
    /// buffer is written from where it is, not copied).
    public func append(_ bytes: [UInt8]) throws(SafeFileWriter.Failure) {
        if buffer.count + bytes.count < 1 << 20 {
            buffer += bytes
            return
        }
        try flush()
        try write(bytes)
    }

    private func flush() throws(SafeFileWriter.Failure) {
        guard !buffer.isEmpty else { return }
        try write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func write(_ bytes: [UInt8]) throws(SafeFileWriter.Failure) {
        if !SafeFileWriter.writeAll(bytes, to: fd) {
            let reason = String(cString: strerror(errno))
            discard()
            throw SafeFileWriter.Failure(path: displayPath, reason: "cannot write: \(reason)")
        }
    }

    /// Writes what is left and puts the file in place.
    public func commit() throws(SafeFileWriter.Failure) {
        try flush()
        fchmod(fd, 0o644)
        func failure() -> SafeFileWriter.Failure {
            SafeFileWriter.Failure(path: displayPath, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
        guard tempPath == nil else {
            close(fd)
            fd = -1
            guard InFlightTemporaries.shared.rename(tempPath!, to: target.path) == 0 else {
                let error = failure()
                InFlightTemporaries.shared.remove(tempPath!)
                throw error
            }
            return
        }
        #if os(Linux)
        defer {
            close(fd)
            fd = -1
        }
        if SafeFileWriter.link(unnamed: fd, at: target.path) { return }
        guard errno == EEXIST else { throw failure() }
        // The file exists: linked under a temporary name, then renamed over it.
        if let reason = SafeFileWriter.replace(target.path, withUnnamed: fd, in: target.deletingLastPathComponent().path) {
            throw SafeFileWriter.Failure(path: displayPath, reason: reason)
        }
        #endif
    }

    /// Abandons the file: the temporary is removed, the target untouched.
    public func discard() {
        if fd >= 0 {
            close(fd)
            fd = -1
            if let tempPath { InFlightTemporaries.shared.remove(tempPath) }
        }
    }

    deinit { discard() }
}

/// The temporary files being written right now. On the first one, SIGINT, SIGTERM and SIGHUP get
/// a handler (unless the process ignores them) that removes every temporary file in flight and
/// then dies of the same signal, so an interrupted run leaves only complete files under real
/// names and no `.blogport-*` files. (kill -9 cannot be caught: it may leave a temporary file,
/// never a truncated file under a real name.)
final class InFlightTemporaries: @unchecked Sendable {
    static let shared = InFlightTemporaries()

    private var lock = pthread_mutex_t()
    private var paths = Set<String>()
    private var sources: [DispatchSourceSignal] = []
    private var installed = false
    private var nameCounter = 0
    private let queue = DispatchQueue(label: "blogport.interrupt")

    private init() { pthread_mutex_init(&lock, nil) }

    /// `mkstemp` on the template; returns the descriptor and the path (registered when it exists).
    func create(_ template: inout [CChar]) -> (Int32, String) {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        if !installed { installHandlers() }
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if fd >= 0 { paths.insert(path) }
        return (fd, path)
    }

    /// Links the unnamed file open as `fd` under a fresh `.blogport-PID-N` name in `folder`
    /// (registered before the link, so an interrupt never misses it); nil when that fails.
    func link(unnamed fd: Int32, in folder: String) -> String? {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        if !installed { installHandlers() }
        let source = "/proc/self/fd/\(fd)"
        // A name taken by someone else's file is skipped, never replaced (linkat does not
        // overwrite); a few tries, then the error is the caller's.
        for _ in 0..<16 {
            nameCounter &+= 1
            let path = folder + "/.blogport-\(getpid())-\(nameCounter)"
            paths.insert(path)
            if linkat(AT_FDCWD, source, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 { return path }
            let code = errno
            paths.remove(path)
            errno = code
            guard code == EEXIST else { return nil }
        }
        return nil
    }

    /// Renames a temporary file to its real name; returns `rename`'s result (errno is kept).
    ///
    /// The rename runs outside the lock: an interrupt that removes `path` first makes it fail
    /// (the target keeps its old bytes) and one that comes after finds nothing to remove, so
    /// either way no partial file remains. (Only if another thread's `mkstemp` drew the same
    /// random name in that instant could its file go unregistered; `link(unnamed:in:)` names
    /// are never reused.)
    func rename(_ path: String, to target: String) -> Int32 {
        let result = Glibc.rename(path, target)
        let saved = errno
        if result == 0 {
            pthread_mutex_lock(&lock)
            paths.remove(path)
            pthread_mutex_unlock(&lock)
        }
        errno = saved
        return result
    }

    /// Removes a temporary file that will not be renamed.
    func remove(_ path: String) {
        let saved = errno
        pthread_mutex_lock(&lock)
        unlink(path)
        paths.remove(path)
        pthread_mutex_unlock(&lock)
        errno = saved
    }

    /// Called with the lock held.
    private func installHandlers() {
        installed = true
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // Keep a disposition someone chose (e.g. SIGINT ignored under nohup).
            let previous = signal(sig, SIG_IGN)
            guard previous == nil else { // SIG_DFL is nil
                signal(sig, previous)
                continue
            }
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [unowned self] in self.interrupted(by: sig) }
            source.resume()
            sources.append(source)
        }
    }

    /// Removes every temporary file in flight, then dies of `sig`; the lock is kept, so no
    /// writer creates or renames another file in between.
    private func interrupted(by sig: Int32) {
        pthread_mutex_lock(&lock)
        for path in paths { unlink(path) }
        signal(sig, SIG_DFL)
        raise(sig)
        _exit(128 + sig)
    }
}

/// The set of folders a writer has prepared, shared by its copies and safe across threads.
final class VerifiedFolders: @unchecked Sendable {
    private let lock = NSLock()
    private var folders = Set<String>()

    func contains(_ path: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return folders.contains(path)
    }

    func insert(_ path: String) {
        lock.lock()
        folders.insert(path)
        lock.unlock()
    }
}
