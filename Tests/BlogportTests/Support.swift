import BlogJSON
import BlogModel
import Foundation
import Importers

/// Paths and helpers the tests share.
enum TestSupport {
    /// The repository root.
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared` beside the repository, when present (CI has it, read-only).
    static var shared: URL? {
        let url = repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("corpora").path) ? url : nil
    }
    /// A fixed "now" (2026-01-01T00:00:00Z), so that the tests never depend on the clock.
    static let now: Int64 = 1_767_225_600

    /// Importer options as the truth was built: machine zone UTC, a fixed clock.
    static func options(drafts: Bool = false, future: Bool = false, unpublished: Bool = false) -> JekyllImporter.Options {
        var o = JekyllImporter.Options()
        o.defaultTimeZone = "UTC"
        o.now = now
        o.drafts = drafts
        o.future = future
        o.unpublished = unpublished
        return o
    }

    /// A new empty temporary folder.
    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("blogport-tests-" + UUID().uuidString)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes files (path → contents) into a new temporary site folder.
    static func makeSite(_ files: [String: [UInt8]]) -> URL {
        let root = temporaryFolder()
        for (path, bytes) in files {
            let url = root.appendingPathComponent(path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        }
        return root
    }

    /// Text files into a new temporary site folder.
    static func makeSite(text files: [String: String]) -> URL {
        makeSite(files.mapValues { Array($0.utf8) })
    }

    /// One post of what `jekyll-truth.rb` recorded.
    struct TruthPost {
        var path: String
        var url: String
        var date: String
        var title: String?
        var categories: [String]
        var tags: [String]
    }

    /// Reads the posts of a truth file (`documents` whose collection is `posts`).
    static func truth(_ url: URL) throws -> [TruthPost] {
        let value = try JSONParser.parse(Array(try Data(contentsOf: url)))
        func strings(_ v: JSONValue?) -> [String] {
            switch v {
            case .array(let items)?: return items.map(pythonString)
            case nil, .null?: return []
            case .some(let other): return [pythonString(other)]
            }
        }
        return (value["documents"]?.array ?? []).filter { $0["collection"]?.string == "posts" }.map { d in
            TruthPost(path: d["path"]?.string ?? "", url: d["url"]?.string ?? "", date: d["date"]?.string ?? "",
                      title: d["title"]?.string, categories: strings(d["categories"]), tags: strings(d["tags"]))
        }
    }

    /// `str(x)` as fidelity.py compares values (numbers as written).
    static func pythonString(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return "\(d)"
        case .bool(let b): return b ? "True" : "False"
        case .null: return "None"
        case .array, .object: return JSONWriter.string(v)
        }
    }

    /// Compares an import with a truth file field by field, as fidelity.py does; returns the
    /// disagreements as readable lines (empty when everything agrees and nothing is missing).
    static func disagreements(_ blog: Blog, truth: [TruthPost]) -> [String] {
        let ours = Dictionary(blog.posts.map { ($0.sourcePath, $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [String] = []
        for t in truth {
            guard let p = ours[t.path] else {
                problems.append("\(t.path): missing")
                continue
            }
            if p.url != t.url { problems.append("\(t.path): url \(p.url) != \(t.url)") }
            if p.date.secondsSinceEpoch != PostDate(iso8601: t.date)?.secondsSinceEpoch {
                problems.append("\(t.path): date \(p.date.iso8601) != \(t.date)")
            }
            if p.date.iso8601 != t.date { problems.append("\(t.path): date offset \(p.date.iso8601) != \(t.date)") }
            if p.title != (t.title ?? "") { problems.append("\(t.path): title \(p.title) != \(t.title ?? "nil")") }
            if p.categories != t.categories { problems.append("\(t.path): categories \(p.categories) != \(t.categories)") }
            if p.tags != t.tags { problems.append("\(t.path): tags \(p.tags) != \(t.tags)") }
        }
        let truthPaths = Set(truth.map(\.path))
        for p in blog.posts where !truthPaths.contains(p.sourcePath) { problems.append("\(p.sourcePath): Jekyll does not publish it") }
        return problems
    }
}
