import BlogJSON
import Foundation
@testable import Importers
import Liquid

/// Paths and helpers the Liquid tests share.
enum LiquidTestSupport {
    /// The repository root.
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the repository, when present.
    static var shared: URL? {
        let url = repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("suites").path) ? url : nil
    }

    /// JSON (ordered) as Liquid values, as Ruby's JSON.parse gives them.
    static func value(_ json: JSONValue) -> LiquidValue {
        switch json {
        case .null: return .nil
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .float(d)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(value))
        case .object(let members): return .hash(hash(members))
        }
    }

    static func hash(_ members: [(String, JSONValue)]) -> LiquidHash {
        LiquidHash(members.map { ($0.0, value($0.1)) })
    }

    /// Liquid's standard filters with Jekyll's on top, as a bare Jekyll site has them.
    static func jekyllEnvironment() -> LiquidEnvironment {
        let jekyll = JekyllFilters.make(JekyllFilterConfig())
        return LiquidEnvironment(filters: StandardFilters.all.merging(jekyll) { $1 }, now: LiquidTime(seconds: 1_767_225_600))
    }
}
