import BlogJSON
import BlogModel
import Foundation

extension Conversion.Report {
    /// The `--report FILE` document: per post its status, warnings, errors and the files written
    /// for it; then problems that belong to no post, and every output. Deterministic.
    public func json(source: String, format: String) -> [UInt8] {
        func text(_ d: Diagnostic) -> JSONValue {
            var members: [(String, JSONValue)] = [("code", .string(d.code)), ("message", .string(d.message))]
            if let l = d.location {
                members.append(("file", .string(l.file)))
                if let line = l.line { members.append(("line", .int(line))) }
                if let column = l.column { members.append(("column", .int(column))) }
            }
            if let hint = d.hint { members.append(("hint", .string(hint))) }
            return .object(members)
        }
        var byFile: [String: [Diagnostic]] = [:]
        for d in diagnostics { byFile[d.location?.file ?? "", default: []].append(d) }
        var outputsByPost: [String: [String]] = [:]

        for o in outputs {
            if let post = o.post { outputsByPost[post, default: []].append(o.path) }
        }
        var claimed = Set<String>()
        func entry(_ path: String, status: String) -> JSONValue {
            let file = displayPrefix + path
            claimed.insert(file)
            let ds = byFile[file] ?? []
            return .object([
                ("path", .string(path)), ("status", .string(status)),
                ("warnings", .array(ds.filter { $0.severity != .error }.map(text))),
                ("errors", .array(ds.filter { $0.severity == .error }.map(text))),
                ("outputs", .array((outputsByPost[path] ?? []).map(JSONValue.string))),
            ])
        }
        let postEntries = posts.map { entry($0, status: "converted") } + failedPosts.map { entry($0, status: "failed") }
        let other = diagnostics.filter { !claimed.contains($0.location?.file ?? "") }.map(text)
        let document: JSONValue = .object([
            ("source", .string(source)), ("format", .string(format)), ("exit_status", .int(Int(status.rawValue))),
            ("summary", .string(summary)), ("posts", .array(postEntries)), ("other_diagnostics", .array(other)),
            ("outputs", .array(outputs.map { .string($0.path) })),
        ])
        return JSONWriter.bytes(document)
    }
}
