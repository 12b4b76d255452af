import Foundation

/// A value a Liquid template sees: Ruby's types as Liquid uses them.
///
/// Hashes keep insertion order (as Ruby's do); drops are objects that answer keys lazily
/// (Jekyll's `site` and `page`); times carry their UTC offset so `date` prints them as Ruby would.
public enum LiquidValue: Sendable {
    case `nil`
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case array([LiquidValue])
    case hash(LiquidHash)
    /// An inclusive integer range, `(1..5)`.
    case range(Int, Int)
    /// A point in time with the offset it is shown in (Ruby's `Time`).
    case time(LiquidTime)
    /// An object answering keys lazily.
    case drop(any LiquidDrop)
    /// The `empty` literal (Liquid's `MethodLiteral :empty?`).
    case emptyLiteral
    /// The `blank` literal (Liquid's `MethodLiteral :blank?`).
    case blankLiteral
}

/// Ruby's `Time`: seconds since the epoch (with fraction) and the UTC offset it is shown in.
public struct LiquidTime: Sendable, Hashable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int
    /// Nanoseconds within the second.
    public var nanoseconds: Int
    /// Offset from UTC in seconds that the time is displayed in.
    public var utcOffset: Int
    /// A Ruby `Date` (a day, no time of day): prints as `YYYY-MM-DD`.
    public var dateOnly: Bool
    /// The zone abbreviation `%Z` prints (`CET`), for a time in a named zone.
    public var zoneName: String?

    /// The instants the filters work with: about a billion years either side of 1970, so
    /// that calendar arithmetic on them cannot overflow.
    public static let supportedSeconds = -31_556_952_000_000_000...31_556_952_000_000_000
    /// The years a parsed date may have (the years of `supportedSeconds`, rounded in).
    public static let supportedYears = -999_999_999...999_999_999

    /// Makes a time.
    public init(seconds: Int, nanoseconds: Int = 0, utcOffset: Int = 0, dateOnly: Bool = false, zoneName: String? = nil) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.utcOffset = utcOffset
        self.dateOnly = dateOnly
        self.zoneName = zoneName
    }
}

/// An object that answers keys lazily, like a Liquid `Drop`.
public protocol LiquidDrop: AnyObject, Sendable {
    /// The value for `key`, or `nil` when the drop has no such key (`.nil`).
    func value(forKey key: String) -> LiquidValue
    /// The keys, in order, when the drop is iterated or converted to a hash.
    var keys: [String] { get }
    /// What `{{ drop }}` prints; nil means the Ruby `inspect` of its hash.
    var liquidString: String? { get }
}

extension LiquidDrop {
    public var liquidString: String? { nil }
    /// The drop as an ordered hash (forces every key).
    public func toHash() -> LiquidHash {
        var h = LiquidHash()
        for k in keys { h[k] = value(forKey: k) }
        return h
    }
}

/// A Ruby Hash with string keys: insertion-ordered.
public struct LiquidHash: Sendable {
    public private(set) var keys: [String] = []
    private var storage: [String: LiquidValue] = [:]

    /// An empty hash.
    public init() {}
    /// A hash of pairs, in order; a repeated key keeps its first position and last value.
    public init(_ pairs: [(String, LiquidValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

    /// The value for `key`, or nil.
    public subscript(key: String) -> LiquidValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Key/value pairs in order.
    public var pairs: [(String, LiquidValue)] { keys.map { ($0, storage[$0]!) } }
    /// Number of keys.
    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }
}

// MARK: - Truthiness, emptiness, equality

extension LiquidValue {
    /// Liquid truthiness: only nil and false are falsy.
    public var isTruthy: Bool {
        switch self {
        case .nil: return false
        case .bool(let b): return b
        case .int, .float, .string, .array, .hash, .range, .time, .drop, .emptyLiteral, .blankLiteral: return true
        }
    }

    /// Whether the value is nil.
    public var isNil: Bool {
        if case .nil = self { return true }
        return false
    }

    /// Ruby's `empty?`, or nil where the value has no such method.
    public var rubyEmpty: Bool? {
        switch self {
        case .string(let s): return s.isEmpty
        case .array(let a): return a.isEmpty
        case .hash(let h): return h.isEmpty
        case .nil, .bool, .int, .float, .range, .time, .drop, .emptyLiteral, .blankLiteral: return nil
        }
    }

    /// Liquid's `blank?` (the `blank` literal compares by it).
    public var rubyBlank: Bool? {
        switch self {
        case .nil: return true
        case .bool(let b): return !b
        case .string(let s): return s.allSatisfy { $0.isWhitespace }
        case .array(let a): return a.isEmpty
        case .hash(let h): return h.isEmpty
        case .int, .float, .range, .time, .drop, .emptyLiteral, .blankLiteral: return nil
        }
    }

    /// Ruby `==` between two Liquid values (1 == 1.0; arrays and hashes compare deeply).
    public func rubyEquals(_ other: LiquidValue) -> Bool {
        switch (self, other) {
        case (.emptyLiteral, _): return other.rubyEmpty ?? false
        case (_, .emptyLiteral): return rubyEmpty ?? false
        case (.blankLiteral, _): return other.rubyBlank ?? false
        case (_, .blankLiteral): return rubyBlank ?? false
        case (.nil, .nil): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.int(let a), .float(let b)): return Double(a) == b
        case (.float(let a), .int(let b)): return a == Double(b)
        case (.float(let a), .float(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.rubyEquals($1) }
        case (.hash(let a), .hash(let b)):
            return a.count == b.count && a.pairs.allSatisfy { k, v in b[k].map { v.rubyEquals($0) } ?? false }
        case (.range(let a1, let a2), .range(let b1, let b2)): return a1 == b1 && a2 == b2
        case (.time(let a), .time(let b)): return a.seconds == b.seconds && a.nanoseconds == b.nanoseconds
        case (.drop(let a), .drop(let b)): return a === b
        default: return false
        }
    }

    /// Ruby `<=>` for `<`, `>`, `sort`: nil when the two cannot be compared.
    public func rubyCompare(_ other: LiquidValue) -> Int? {
        func cmp<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a > b ? 1 : 0) }
        switch (self, other) {
        case (.int(let a), .int(let b)): return cmp(a, b)
        case (.int(let a), .float(let b)): return b.isNaN ? nil : cmp(Double(a), b)
        case (.float(let a), .int(let b)): return a.isNaN ? nil : cmp(a, Double(b))
        case (.float(let a), .float(let b)): return a.isNaN || b.isNaN ? nil : cmp(a, b)
        case (.string(let a), .string(let b)): return Self.compareBytes(a, b)
        case (.time(let a), .time(let b)):
            return a.seconds != b.seconds ? cmp(a.seconds, b.seconds) : cmp(a.nanoseconds, b.nanoseconds)
        case (.array(let a), .array(let b)):
            for (x, y) in zip(a, b) {
                guard let c = x.rubyCompare(y) else { return nil }
                if c != 0 { return c }
            }
            return cmp(a.count, b.count)
        case (.bool(let a), .bool(let b)) where a == b: return 0
        case (.nil, .nil): return 0
        default: return nil
        }
    }

    /// Byte-wise string comparison, as Ruby's String#<=>.
    static func compareBytes(_ a: String, _ b: String) -> Int {
        var ia = a.utf8.makeIterator(), ib = b.utf8.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    /// The Ruby class name, for error messages ("comparison of Integer with String failed").
    public var rubyClassName: String {
        switch self {
        case .nil: return "NilClass"
        case .bool(let b): return b ? "TrueClass" : "FalseClass"
        case .int: return "Integer"
        case .float: return "Float"
        case .string: return "String"
        case .array: return "Array"
        case .hash: return "Hash"
        case .range: return "Range"
        case .time: return "Time"
        case .drop: return "Liquid::Drop"
        case .emptyLiteral, .blankLiteral: return "Liquid::Condition::MethodLiteral"
        }
    }
}

// MARK: - Conversions to text

extension LiquidValue {
    /// What `{{ value }}` writes: nil is empty, arrays join their elements, hashes print as Ruby.
    public var outputString: String {
        switch self {
        case .array(let items):
            var s = ""
            for item in items { s += item.joinString }
            return s
        default: return toS
        }
    }

    /// Ruby's Array#join element conversion (nested arrays flatten, nil is empty).
    var joinString: String {
        switch self {
        case .array(let items): return items.map(\.joinString).joined()
        default: return toS
        }
    }

    /// Ruby's `to_s`.
    public var toS: String {
        switch self {
        case .nil: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return Self.rubyFloatString(d)
        case .string(let s): return s
        case .array: return inspect
        case .hash: return inspect
        case .range(let a, let b): return "\(a)..\(b)"
        case .time(let t): return Strftime.format(t, t.dateOnly ? "%Y-%m-%d" : "%Y-%m-%d %H:%M:%S %z")
        case .drop(let d): return d.liquidString ?? LiquidValue.hash(d.toHash()).inspect
        case .emptyLiteral, .blankLiteral: return ""
        }
    }

    /// Ruby's `inspect` (Ruby 3.1 formatting: `{"a"=>1}`, `["x", nil]`).
    public var inspect: String {
        switch self {
        case .nil: return "nil"
        case .bool, .int, .float, .range: return toS
        case .string(let s): return Self.rubyInspect(s)
        case .array(let items): return "[" + items.map(\.inspect).joined(separator: ", ") + "]"
        case .hash(let h): return "{" + h.pairs.map { Self.rubyInspect($0.0) + "=>" + $0.1.inspect }.joined(separator: ", ") + "}"
        case .time(let t): return Strftime.format(t, "%Y-%m-%d %H:%M:%S %z")
        case .drop(let d): return d.liquidString.map(Self.rubyInspect) ?? LiquidValue.hash(d.toHash()).inspect
        case .emptyLiteral, .blankLiteral: return "\"\""
        }
    }

    /// Ruby's String#inspect for a UTF-8 string.
    public static func rubyInspect(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{0C}": out += "\\f"
            case "\u{0B}": out += "\\v"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{1B}": out += "\\e"
            case "#":
                out += "#"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        // Ruby escapes "#" only before {, $ or @.
        out = out.replacingOccurrences(of: "#{", with: "\\#{").replacingOccurrences(of: "#$", with: "\\#$")
            .replacingOccurrences(of: "#@", with: "\\#@")
        return out + "\""
    }

    /// Ruby's Float#to_s: shortest round-trip digits; exponent form below 1e-4 and from 1e16.
    public static func rubyFloatString(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description gives the shortest round-trip digits; re-layout them as Ruby does.
        let desc = "\(abs(d))"
        var digits = "", exponent = 0
        if let e = desc.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let mantissa = desc[..<e]
            exponent = Int(desc[desc.index(after: e)...])!
            let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
            digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
            exponent += parts[0].count
        } else {
            let parts = desc.split(separator: ".", omittingEmptySubsequences: false)
            let intPart = String(parts[0]), frac = parts.count > 1 ? String(parts[1]) : ""
            if intPart == "0" {
                let stripped = frac.drop { $0 == "0" }
                exponent = -(frac.count - stripped.count)
                digits = String(stripped)
            } else {
                digits = intPart + frac
                exponent = intPart.count
            }
        }
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        // value = 0.digits * 10^exponent
        let sign = d < 0 ? "-" : ""
        if exponent > 16 || exponent < -3 {
            var m = String(digits.first!) + "."
            m += digits.count > 1 ? String(digits.dropFirst()) : "0"
            let e = exponent - 1
            return sign + m + "e" + (e < 0 ? "-" : "+") + (abs(e) < 10 ? "0" : "") + String(abs(e))
        }
        if exponent <= 0 {
            return sign + "0." + String(repeating: "0", count: -exponent) + digits
        }
        if digits.count <= exponent {
            return sign + digits + String(repeating: "0", count: exponent - digits.count) + ".0"
        }
        let i = digits.index(digits.startIndex, offsetBy: exponent)
        return sign + digits[..<i] + "." + digits[i...]
    }
}

// MARK: - Building values

extension LiquidValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension LiquidValue {
    /// Looks up `key` as Liquid's `VariableLookup` does for one `.key` or `["key"]` step
    /// (hash keys, drop methods, and `size`/`first`/`last` on arrays, hashes and strings).
    public func lookup(_ key: LiquidValue) -> LiquidValue {
        switch (self, key) {
        case (.hash(let h), .string(let k)):
            if let v = h[k] { return v }
            return .nil
        case (.hash(let h), _):
            // Non-string keys (integers) never exist in our hashes.
            _ = h
            return .nil
        case (.array(let a), .int(let i)):
            let j = i < 0 ? a.count + i : i
            return j >= 0 && j < a.count ? a[j] : .nil
        case (.array(let a), .float(let f)):
            let i = Int(saturating: f)
            let j = i < 0 ? a.count + i : i
            return j >= 0 && j < a.count ? a[j] : .nil
        case (.drop(let d), .string(let k)): return d.value(forKey: k)
        default: return .nil
        }
    }

    /// The `size`, `first`, `last` commands Liquid applies when the key is not found.
    public func command(_ name: String) -> LiquidValue? {
        switch (self, name) {
        case (.array(let a), "size"): return .int(a.count)
        case (.array(let a), "first"): return a.first ?? .nil
        case (.array(let a), "last"): return a.last ?? .nil
        case (.hash(let h), "size"): return .int(h.count)
        case (.hash(let h), "first"): return h.pairs.first.map { .array([.string($0.0), $0.1]) } ?? .nil
        case (.string(let s), "size"): return .int(s.count)
        case (.range(let a, let b), "size"): return .int(LiquidValue.rangeSize(a, b))
        case (.range(let a, _), "first"): return .int(a)
        case (.range(_, let b), "last"): return .int(b)
        default: return nil
        }
    }

    /// Most items a range gives a filter.
    public static let maxRangeItems = 10_000_000

    /// The number of integers in `a..b`: 0 when `b < a`, and `Int.max` when the true count
    /// (up to 2^64 - 1, a Ruby Bignum) does not fit in an `Int`.
    public static func rangeSize(_ a: Int, _ b: Int) -> Int {
        guard a <= b else { return 0 }
        let (span, overflow) = b.subtractingReportingOverflow(a)
        return overflow || span == Int.max ? Int.max : span + 1
    }

    /// The value as a list for `for`, `join`, `map` and friends (Ruby `each` semantics).
    public var iterable: [LiquidValue] {
        switch self {
        case .array(let a): return a
        case .range(let a, let b):
            // Filters over an absurd range (`(1..9e12) | join`) stop at ten million items rather
            // than exhausting memory; loops are refused before this by the iteration limit.
            guard a <= b else { return [] }
            let end = Self.rangeSize(a, b) > Self.maxRangeItems ? a + Self.maxRangeItems - 1 : b
            return (a...end).map(LiquidValue.int)
        case .hash(let h): return h.pairs.map { .array([.string($0.0), $0.1]) }
        case .drop(let d): return d.keys.map { .array([.string($0), d.value(forKey: $0)]) }
        case .string(let s): return s.isEmpty ? [] : [self]
        case .nil, .bool, .int, .float, .time, .emptyLiteral, .blankLiteral: return []
        }
    }
}

extension Int {
    /// Ruby's `Float#to_i` within 64 bits: toward zero, NaN as 0, and magnitudes beyond `Int`
    /// (a Bignum in Ruby) held at `Int.max` or `Int.min`.
    init(saturating d: Double) {
        if d.isNaN {
            self = 0
        } else if d >= 9_223_372_036_854_775_807.0 {
            self = Int.max
        } else if d <= -9_223_372_036_854_775_808.0 {
            self = Int.min
        } else {
            self = Int(d)
        }
    }
}
