import BlogJSON
import BlogModel
import Foundation

/// Reads a blogport backup (`--to json` output) back into the model.
public struct BackupImporter: Sendable {
    /// Makes a backup reader.
    public init() {}

    /// Whether these bytes look like a backup (a JSON object naming the backup format).
    public static func looksLikeBackup(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(200), as: UTF8.self)
        return head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.hasPrefix("{") && head.contains(BackupFormat.formatName)
    }

    /// Reads the backup in `data`; `name` is how the user named the file, for messages.
    public func read(_ data: Data, name: String) throws(ImportError) -> Blog {
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(data))
        } catch {
            throw ImportError(
                file: name, location: SourceLocation(file: name, line: error.line, column: error.column),
                reason: .notABackup("not a valid JSON file: \(error.reason)"),
                hint: "was the backup cut short or edited? Make it again with `blogport convert SITE --to json`")
        }
        do {
            return try BackupFormat.decode(value)
        } catch {
            throw ImportError(file: name, reason: .notABackup("not a usable blogport backup: \(error)"),
                              hint: "make it again with `blogport convert SITE --to json`")
        }
    }

    /// Reads the backup file at `url`.
    public func read(file url: URL, name: String) throws(ImportError) -> Blog {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ImportError(file: name, reason: .siteNotFound)
        }
        return try read(data, name: name)
    }
}
