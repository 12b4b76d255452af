import BlogJSON
import Foundation
import Testing
import XMLSupport

/// Issue 7: an interrupted `blogport convert --to all` leaves no partial output. The built
/// binary runs on a synthetic site and is stopped with SIGINT, SIGTERM or SIGKILL early (while
/// reading) and once files are being written; then every file under a real name must be the
/// complete file an uninterrupted run writes, no `.blogport-*` temporary file may remain (on
/// Linux not even after SIGKILL: new files are unnamed until complete), unrelated files stay untouched, and a
/// rerun gives exactly the uninterrupted bytes.
@Suite(.serialized) struct InterruptTests {
    /// `blogport` beside the test executable (SwiftPM builds it with the tests), or in `.build/debug`.
    static var binary: URL? {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent().appendingPathComponent("blogport")) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("blogport"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("blogport"))
        candidates.append(TestSupport.repoRoot.appendingPathComponent(".build/debug/blogport"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// A 1,000-post synthetic site, made once.
    static let site: URL? = {
        let folder = TestSupport.temporaryFolder().appendingPathComponent("site")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", TestSupport.repoRoot.appendingPathComponent("Benchmarks/generate-site.py").path, "1000", folder.path]
        p.standardOutput = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        return p.terminationStatus == 0 ? folder : nil
    }()

    static let unrelated: [String: String] = ["unrelated.txt": "mine\n", "html/keep-me.txt": "also mine\n", "notes/a.md": "# notes\n"]

    /// Starts `blogport convert SITE --to all --out OUT`.
    static func start(_ binary: URL, site: URL, out: URL) throws -> Process {
        let p = Process()
        p.executableURL = binary
        p.arguments = ["convert", site.path, "--to", "all", "--out", out.path, "--now", "2026-01-01T00:00:00Z"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        var env = ProcessInfo.processInfo.environment
        env["TZ"] = "UTC"
        p.environment = env
        try p.run()
        return p
    }

    /// Every regular file under `folder` (relative path → bytes), symbolic links not followed.
    static func tree(_ folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: folder.path) else { return result }
        while let rel = e.nextObject() as? String {
            let url = folder.appendingPathComponent(rel)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue {
                result[rel] = FileManager.default.contents(atPath: url.path) ?? Data()
            }
        }
        return result
    }

    static func isTemporary(_ rel: String) -> Bool { (rel as NSString).lastPathComponent.hasPrefix(".blogport-") }

    /// The uninterrupted output, made once.
    static let baseline: [String: Data]? = {
        guard let binary, let site else { return nil }
        let out = TestSupport.temporaryFolder().appendingPathComponent("out")
        guard let p = try? start(binary, site: site, out: out) else { return nil }
        p.waitUntilExit()
        return p.terminationStatus == 0 ? tree(out) : nil
    }()

    enum When: Sendable, CustomTestStringConvertible {
        /// This long after the start (while posts are read).
        case after(milliseconds: Int)
        /// Once 200 output files exist (while the HTML pages are written, many at once).
        case writing

        var testDescription: String {
            switch self {
            case .after(let ms): "after \(ms) ms"
            case .writing: "while writing"
            }
        }
    }

    @Test(arguments: [
        (SIGINT, When.after(milliseconds: 100)), (SIGTERM, When.after(milliseconds: 300)), (SIGKILL, When.after(milliseconds: 300)),
        (SIGINT, When.writing), (SIGTERM, When.writing), (SIGKILL, When.writing),
    ])
    func interruptedRunLeavesNoPartialOutput(signal sig: Int32, when: When) throws {
        let binary = try #require(Self.binary, "build blogport first (swift build --build-tests)")
        let site = try #require(Self.site, "python3 Benchmarks/generate-site.py failed")
        let baseline = try #require(Self.baseline, "the uninterrupted run failed")
        let out = TestSupport.temporaryFolder().appendingPathComponent("out")
        for (path, text) in Self.unrelated {
            let url = out.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        let p = try Self.start(binary, site: site, out: out)
        switch when {
        case .after(let ms):
            usleep(useconds_t(ms * 1000))
        case .writing:
            // Generous: the debug build reads 1,000 posts in a few seconds.
            let deadline = Date().addingTimeInterval(120)
            while p.isRunning, Date() < deadline, Self.tree(out).count < Self.unrelated.count + 200 { usleep(2000) }
        }
        kill(p.processIdentifier, sig)
        p.waitUntilExit()

        let after = Self.tree(out)
        for (rel, bytes) in after.sorted(by: { $0.key < $1.key }) {
            if let text = Self.unrelated[rel] {
                #expect(bytes == Data(text.utf8), "\(rel): an unrelated file was changed")
            } else if Self.isTemporary(rel) {
                // New files are written unnamed (O_TMPFILE) on Linux: not even kill -9 leaves a
                // temporary behind; elsewhere only an uncatchable signal may.
                #if os(Linux)
                Issue.record("\(rel): a temporary file was left after signal \(sig)")
                #else
                #expect(sig == SIGKILL, "\(rel): a temporary file was left after signal \(sig)")
                #endif
            } else {
                #expect(bytes == baseline[rel], "\(rel): not the complete file an uninterrupted run writes")
            }
        }
        if let json = after["backup.json"] {
            #expect((try? JSONParser.parse(Array(json))) != nil, "backup.json does not parse")
        }
        for feed in ["feed.xml", "feed.rss"] {
            if let xml = after[feed] {
                #expect(XMLValidation.wellFormednessErrors(String(decoding: xml, as: UTF8.self)) == [], "\(feed) is not well-formed")
            }
        }

        // A rerun completes and gives the uninterrupted bytes; unrelated files stay as they were.
        let rerun = try Self.start(binary, site: site, out: out)
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        var final = Self.tree(out).filter { !Self.isTemporary($0.key) }
        for (path, text) in Self.unrelated { #expect(final.removeValue(forKey: path) == Data(text.utf8)) }
        #expect(final.count == baseline.count)
        let different = baseline.keys.filter { final[$0] != baseline[$0] }.sorted()
        #expect(different.isEmpty, "differ from the uninterrupted run: \(different.prefix(5))")
    }
}
