/// A YAML value as Jekyll's YAML loader types it, kept with its type and, for maps, key order.
public enum MetadataValue: Sendable, Hashable, Codable {
    /// `null`, `~` or an empty value.
    case null
    /// `true`/`false` (and YAML 1.1's `yes`/`no`/`on`/`off`).
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A floating-point number (including `.inf`, `.nan`).
    case float(Double)
    /// A string.
    case string(String)
    /// An unquoted YAML date or timestamp, as written (`2024-04-30`, `2024-04-30 02:00:00 +09:00`).
    case timestamp(String)
    /// A sequence.
    case list([MetadataValue])
    /// A mapping, keys in source order.
    case map(MetadataMap)

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The map, if this is a map.
    public var mapValue: MetadataMap? {
        if case .map(let m) = self { return m }
        return nil
    }

    /// The list, if this is a list.
    public var listValue: [MetadataValue]? {
        if case .list(let l) = self { return l }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as Ruby's `to_s` prints it: what Jekyll puts in a URL or a category.
    public var rubyString: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return MetadataValue.rubyFloatString(d)
        case .string(let s): return s
        case .timestamp(let s): return s
        case .list(let items): return "[" + items.map(\.rubyInspect).joined(separator: ", ") + "]"
        case .map(let map):
            return "{" + map.entries.map { "\"\($0.key)\"=>\($0.value.rubyInspect)" }.joined(separator: ", ") + "}"
        }
    }

    /// The value as Ruby's `inspect` prints it.
    public var rubyInspect: String {
        switch self {
        case .null: return "nil"
        case .string(let s), .timestamp(let s): return "\"" + s + "\""
        case .bool, .int, .float, .list, .map: return rubyString
        }
    }

    /// Ruby's `Float#to_s`: `1.0`, `0.1`, `1.0e+20`, `Infinity`, `NaN`.
    public static func rubyFloatString(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == d.rounded(), abs(d) < 1e16 { return String(Int64(d)) + ".0" }
        let s = "\(d)"
        if let e = s.firstIndex(of: "e") {
            var mantissa = String(s[..<e])
            if !mantissa.contains(".") { mantissa += ".0" }
            var exponent = String(s[s.index(after: e)...])
            if !exponent.hasPrefix("-") && !exponent.hasPrefix("+") { exponent = "+" + exponent }
            let sign = exponent.first!
            let digits = exponent.dropFirst()
            return mantissa + "e" + String(sign) + (digits.count < 2 ? "0" + digits : String(digits))
        }
        return s
    }
}

/// An ordered map from string keys to metadata values: front matter, `_config.yml`.
///
/// Keys keep the order they were written in; setting an existing key keeps its place.
public struct MetadataMap: Sendable, Hashable, Codable, Sequence {
    /// One key and its value.
    public struct Entry: Sendable, Hashable, Codable {
        /// The key.
        public var key: String
        /// The value.
        public var value: MetadataValue

        /// Makes an entry.
        public init(key: String, value: MetadataValue) {
            self.key = key
            self.value = value
        }
    }

    /// The entries, in order.
    public private(set) var entries: [Entry]

    /// An empty map.
    public init() { entries = [] }

    /// A map of these entries; a repeated key keeps its first place and its last value.
    public init(_ pairs: [(String, MetadataValue)]) {
        entries = []
        entries.reserveCapacity(pairs.count)
        // A front matter has a handful of keys: looking back through them costs less than
        // hashing each; a large map gets an index.
        guard pairs.count > MetadataMap.linearSearchLimit else {
            for (key, value) in pairs {
                if let i = entries.firstIndex(where: { $0.key == key }) {
                    entries[i].value = value
                } else {
                    entries.append(Entry(key: key, value: value))
                }
            }
            return
        }
        var position: [String: Int] = [:]
        for (key, value) in pairs {
            if let i = position[key] {
                entries[i].value = value
            } else {
                position[key] = entries.count
                entries.append(Entry(key: key, value: value))
            }
        }
    }

    /// Up to this many entries, keys are found by looking through them, not through a hash.
    static let linearSearchLimit = 16

    /// The number of entries.
    public var count: Int { entries.count }
    /// Whether the map has no entries.
    public var isEmpty: Bool { entries.isEmpty }
    /// The keys, in order.
    public var keys: [String] { entries.map(\.key) }

    /// Whether the map has this key (even with a `null` value).
    public func contains(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// The value for a key; setting `nil` removes the key.
    public subscript(key: String) -> MetadataValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append(Entry(key: key, value: newValue))
            }
        }
    }

    /// Iterates the entries in order.
    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

    /// Jekyll's `Utils.deep_merge_hashes`: `other` wins, maps merge recursively, a `null` in
    /// `other` keeps the existing value.
    public func deepMerged(with other: MetadataMap) -> MetadataMap {
        var result = self
        guard !other.entries.isEmpty else { return result }
        // Small maps (every front matter): the first entry with the key, found by looking.
        let small = result.entries.count + other.entries.count <= MetadataMap.linearSearchLimit
        var position: [String: Int] = [:]
        if !small {
            for (i, e) in result.entries.enumerated() where position[e.key] == nil { position[e.key] = i }
        }
        for entry in other.entries {
            let found = small ? result.entries.firstIndex(where: { $0.key == entry.key }) : position[entry.key]
            guard let i = found else {
                if case .null = entry.value {} // a new key with null is still added, as Ruby's merge does
                if !small { position[entry.key] = result.entries.count }
                result.entries.append(entry)
                continue
            }
            if case .null = entry.value { continue }
            if case .map(let old) = result.entries[i].value, case .map(let new) = entry.value {
                result.entries[i].value = .map(old.deepMerged(with: new))
            } else {
                result.entries[i].value = entry.value
            }
        }
        return result
    }
}
