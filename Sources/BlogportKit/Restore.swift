import BlogModel
import Foundation
import Importers

/// `blogport restore`: write every post of a backup back to its path, byte for byte.
public struct Restore: Sendable {
    /// Makes the command.
    public init() {}

    /// What happened.
    public struct Report: Sendable {
        /// Every diagnostic.
        public var diagnostics: [Diagnostic]
        /// Files written.
        public var written: Int
        /// The exit status.
        public var status: ExitStatus
        /// One line that sums it up.
        public var summary: String
    }

    /// Restores `backup` into `output`. Existing files are kept unless `force`; a path that would
    /// leave `output` is refused. Nothing is written at all if the backup cannot be read.
    public func run(backup: String, output: String, force: Bool) -> Report {
        let blog: Blog
        do throws(ImportError) {
            guard FileManager.default.fileExists(atPath: backup) else {
                throw ImportError(file: backup, reason: .siteNotFound, hint: "give a file written by `blogport convert SITE --to json`")
            }
            blog = try BackupImporter().read(file: URL(fileURLWithPath: backup), name: backup)
        } catch {
            return Report(diagnostics: [error.diagnostic], written: 0, status: .badInput, summary: "blogport: nothing restored")
        }
        let writer = SafeFileWriter(root: URL(fileURLWithPath: output), overwrite: force)
        var diagnostics: [Diagnostic] = []
        // Check every path before writing anything.
        var seen = Set<String>()
        for post in blog.posts {
            if let problem = SafeFileWriter.validate(relativePath: post.sourcePath) {
                diagnostics.append(Diagnostic(.error, code: "unsafe-path", message: "refusing to restore '\(post.sourcePath)': \(problem)",
                                              location: SourceLocation(file: backup)))
            } else if !seen.insert(post.sourcePath).inserted {
                diagnostics.append(Diagnostic(.error, code: "duplicate-path", message: "the backup has '\(post.sourcePath)' twice",
                                              location: SourceLocation(file: backup)))
            }
        }
        // Without --force, refuse the whole restore before writing anything if a file is in the way.
        if !force {
            let prefix = output.hasSuffix("/") ? output : output + "/"
            for post in blog.posts where SafeFileWriter.validate(relativePath: post.sourcePath) == nil {
                let target = URL(fileURLWithPath: output).appendingPathComponent(post.sourcePath).path
                var st = stat()
                if lstat(target, &st) == 0 {
                    diagnostics.append(Diagnostic(.error, code: "exists", message: "the file exists (use --force to replace it)",
                                                  location: SourceLocation(file: prefix + post.sourcePath)))
                }
            }
        }
        if !diagnostics.isEmpty {
            return Report(diagnostics: diagnostics, written: 0, status: .outputError, summary: "blogport: nothing restored")
        }
        var written = 0
        for post in blog.posts {
            do {
                try writer.write(Array(post.source.utf8), to: post.sourcePath)
                written += 1
            } catch {
                diagnostics.append(Diagnostic(.error, code: "write-failed", message: error.reason,
                                              location: SourceLocation(file: (output.hasSuffix("/") ? output : output + "/") + error.path)))
            }
        }
        let failed = blog.posts.count - written
        var summary = "blogport: \(written) post\(written == 1 ? "" : "s") restored → \(output)"
        if failed > 0 { summary += ", \(failed) not written" }
        return Report(diagnostics: diagnostics, written: written, status: failed > 0 ? .outputError : .success, summary: summary)
    }
}
