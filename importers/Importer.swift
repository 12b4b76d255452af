import BlogModel

/// A problem that stops a whole import (the site cannot be read at all), with a place and a reason.
public struct ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the import stopped.
    public enum Reason: Sendable, Hashable {
        /// The site folder (or file) does not exist.
        case siteNotFound
        /// A `--config` file does not exist.
        case missingConfig
        /// The configuration cannot be used.
        case invalidConfig(String)
        /// A file could not be read.
        case unreadable(String)
        /// The input is not a blogport backup (or not one this version reads).
        case notABackup(String)
    }

    /// The file at fault, as the user named it.
    public var file: String
    /// Where in the file, when known.
    public var location: SourceLocation?
    /// What is wrong.
    public var reason: Reason
    /// The line the location points into.
    public var sourceLine: String?
    /// What to do about it.
    public var hint: String?

    /// Makes an import error.
    public init(file: String, location: SourceLocation? = nil, reason: Reason, sourceLine: String? = nil, hint: String? = nil) {
        self.file = file
        self.location = location
        self.reason = reason
        self.sourceLine = sourceLine
        self.hint = hint
    }

    /// The error as a diagnostic.
    public var diagnostic: Diagnostic {
        let message: String
        let code: String
        switch reason {
        case .siteNotFound: (code, message) = ("site-not-found", "no such file or folder")
        case .missingConfig: (code, message) = ("missing-config", "the configuration file could not be found")
        case .invalidConfig(let why): (code, message) = ("invalid-config", "invalid configuration: \(why)")
        case .unreadable(let why): (code, message) = ("unreadable", why)
        case .notABackup(let why): (code, message) = ("not-a-backup", why)
        }
        return Diagnostic(.error, code: code, message: message, hint: hint,
                          location: location ?? SourceLocation(file: file), sourceLine: sourceLine)
    }

    /// `file:line:column: error: message`, the line with a caret, and a hint.
    public var description: String { diagnostic.description }
}

/// What an import produced: the blog, what went wrong on the way, and which files failed.
public struct ImportResult: Sendable {
    /// The blog, with every post that could be read.
    public var blog: Blog
    /// Warnings and per-file errors, in a stable order.
    public var diagnostics: [Diagnostic]
    /// Files that should have been posts but could not be read, relative to the site.
    public var failedFiles: [String]

    /// Makes an import result.
    public init(blog: Blog, diagnostics: [Diagnostic], failedFiles: [String]) {
        self.blog = blog
        self.diagnostics = diagnostics
        self.failedFiles = failedFiles
    }
}
