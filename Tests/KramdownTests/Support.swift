import BlogModel
import Exporters
import Foundation
@testable import Kramdown

/// Paths and helpers shared by the kramdown tests.
enum Support {
    /// `<package root>/../shared`.
    static let shared: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")

    static func html(_ source: String, _ options: KramdownOptions = .jekyllDefaults) -> String {
        HTMLWriter.html(Kramdown.parse(source, options: options).document, options: options)
    }

    static func same(_ a: String, _ b: String) -> Bool { HTMLNormalizer.normalise(a) == HTMLNormalizer.normalise(b) }

    /// A small YAML reader for kramdown's `.options` files (`:key: value`, nested maps, `[a, b]` lists).
    static func parseOptions(_ text: String) -> MetadataMap {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") && $0 != "---" }
        var index = 0
        func scalar(_ raw: String) -> MetadataValue {
            var v = raw.trimmingCharacters(in: .whitespaces)
            if v.hasPrefix("[") && v.hasSuffix("]") {
                return .list(v.dropFirst().dropLast().split(separator: ",").map { scalar(String($0)) })
            }
            if v == "~" || v == "null" || v.isEmpty { return .null }
            if v == "true" { return .bool(true) }
            if v == "false" { return .bool(false) }
            if let i = Int(v) { return .int(i) }
            if (v.hasPrefix("'") && v.hasSuffix("'") && v.count >= 2) || (v.hasPrefix("\"") && v.hasSuffix("\"") && v.count >= 2) {
                v = String(v.dropFirst().dropLast())
            }
            if v.hasPrefix(":") { v.removeFirst() }
            return .string(v)
        }
        func indentOf(_ l: String) -> Int { l.prefix(while: { $0 == " " }).count }
        func block(_ indent: Int) -> MetadataMap {
            var m = MetadataMap()
            while index < lines.count {
                let l = lines[index]
                let ind = indentOf(l)
                if ind < indent { break }
                var body = l.trimmingCharacters(in: .whitespaces)
                if body.hasPrefix(":") { body.removeFirst() }
                guard let colon = body.firstIndex(of: ":") else { index += 1; continue }
                let key = String(body[..<colon])
                let rest = String(body[body.index(after: colon)...])
                index += 1
                if rest.trimmingCharacters(in: .whitespaces).isEmpty, index < lines.count, indentOf(lines[index]) > ind {
                    m[key] = .map(block(indentOf(lines[index])))
                } else {
                    m[key] = scalar(rest)
                }
            }
            return m
        }
        return block(0)
    }
}
