import Foundation

/// Ruby helpers the filters share: `Utils.to_number` / `to_integer` / `to_date`, `Array(x)`,
/// `obj[property]`, `eql?`, awk-style splitting, `gsub` with a string pattern.
public enum RubyFilterSupport {
    // MARK: Numbers

    /// A number as Liquid's `Utils.to_number` makes it: an Integer or a BigDecimal.
    public enum Number: Sendable {
        case int(Int)
        case decimal(Decimal)

        var decimal: Decimal {
            switch self {
            case .int(let i): return Decimal(i)
            case .decimal(let d): return d
            }
        }

        /// Back to a Liquid value: BigDecimal results become Floats (`to_f`).
        var value: LiquidValue {
            switch self {
            case .int(let i): return .int(i)
            case .decimal(let d): return .float(RubyFilterSupport.double(d))
            }
        }

        /// Ruby `<=>` between two numbers.
        func compare(_ other: Number) -> Int {
            if case .int(let a) = self, case .int(let b) = other { return a < b ? -1 : (a > b ? 1 : 0) }
            let a = decimal, b = other.decimal
            return a < b ? -1 : (a > b ? 1 : 0)
        }
    }

    /// `BigDecimal#to_f`: the correctly rounded double of the decimal's digits.
    static func double(_ d: Decimal) -> Double {
        if d.isNaN { return .nan }
        return Double(d.description) ?? NSDecimalNumber(decimal: d).doubleValue
    }

    /// `BigDecimal(Float#to_s)`.
    static func decimal(of f: Double) -> Decimal? {
        if !f.isFinite { return nil }
        let s = LiquidValue.rubyFloatString(f)
        return Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// Liquid's `Utils.to_number`.
    public static func toNumber(_ v: LiquidValue) -> Number {
        switch v {
        case .int(let i): return .int(i)
        case .float(let f):
            if let d = decimal(of: f) { return .decimal(d) }
            return .decimal(Decimal.nan)
        case .string(let s):
            let stripped = rubyStrip(s)
            if isDecimalLiteral(stripped), let d = Decimal(string: stripped, locale: Locale(identifier: "en_US_POSIX")) {
                return .decimal(d)
            }
            return .int(rubyToI(s))
        default: return .int(0)
        }
    }

    /// `/\A-?\d+\.\d+\z/`.
    static func isDecimalLiteral(_ s: String) -> Bool {
        var u = Substring(s).utf8[...]
        if u.first == UInt8(ascii: "-") { u = u.dropFirst() }
        let intDigits = u.prefix { $0 >= 48 && $0 <= 57 }
        guard !intDigits.isEmpty else { return false }
        u = u.dropFirst(intDigits.count)
        guard u.first == UInt8(ascii: ".") else { return false }
        u = u.dropFirst()
        return !u.isEmpty && u.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// Ruby's `String#to_i`: leading whitespace, a sign, digits with single underscores between.
    public static func rubyToI(_ s: String) -> Int {
        var u = Array(s.utf8)[...]
        while let c = u.first, c == 32 || (c >= 9 && c <= 13) { u = u.dropFirst() }
        var negative = false
        if let c = u.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
            negative = c == UInt8(ascii: "-")
            u = u.dropFirst()
        }
        var n = 0
        var lastUnderscore = false
        var any = false
        for c in u {
            if c >= 48 && c <= 57 {
                n = n &* 10 &+ Int(c - 48)
                any = true
                lastUnderscore = false
            } else if c == UInt8(ascii: "_") && any && !lastUnderscore {
                lastUnderscore = true
            } else {
                break
            }
        }
        return negative ? -n : n
    }

    /// Ruby's `Kernel#Integer(string)` (strict; prefixes `0x`, `0b`, `0o`, `0`; underscores).
    static func rubyInteger(_ s: String) -> Int? {
        var u = Array(s.utf8)[...]
        func isSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }
        while let c = u.first, isSpace(c) { u = u.dropFirst() }
        while let c = u.last, isSpace(c) || c == 0 { u = u.dropLast() }
        var negative = false
        if let c = u.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
            negative = c == UInt8(ascii: "-")
            u = u.dropFirst()
        }
        var base = 10
        if u.count >= 2 && u.first == UInt8(ascii: "0") {
            let p = u[u.index(after: u.startIndex)] | 0x20
            switch p {
            case UInt8(ascii: "x"): base = 16; u = u.dropFirst(2)
            case UInt8(ascii: "b"): base = 2; u = u.dropFirst(2)
            case UInt8(ascii: "o"): base = 8; u = u.dropFirst(2)
            case UInt8(ascii: "d"): base = 10; u = u.dropFirst(2)
            default: base = 8; u = u.dropFirst()
                if u.first == UInt8(ascii: "_") { u = u.dropFirst() }
            }
        }
        guard !u.isEmpty, u.first != UInt8(ascii: "_"), u.last != UInt8(ascii: "_") else { return nil }
        var n = 0
        var lastUnderscore = false
        for c in u {
            if c == UInt8(ascii: "_") {
                if lastUnderscore { return nil }
                lastUnderscore = true
                continue
            }
            lastUnderscore = false
            let digit: Int
            switch c {
            case 48...57: digit = Int(c - 48)
            case 97...122: digit = Int(c - 87)
            case 65...90: digit = Int(c - 55)
            default: return nil
            }
            guard digit < base else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            n = a
        }
        return negative ? -n : n
    }

    /// Liquid's `Utils.to_integer`: integers pass, anything else goes through `Integer(to_s)`.
    public static func toInteger(_ v: LiquidValue) throws(LiquidError) -> Int {
        if case .int(let i) = v { return i }
        guard let i = rubyInteger(v.toS) else { throw LiquidError(.argument, "invalid integer") }
        return i
    }

    // MARK: Dates

    /// Liquid's `Utils.to_date`: a time stays, integers and digit strings are epoch seconds
    /// (shown at the offset of `environment.now`, our "local" zone), `now`/`today` are
    /// `environment.now`, other strings go to the environment's `timeParser`.
    /// Times further than about a billion years from 1970 are refused (nil, as Ruby's parse
    /// errors are): Ruby has no limit, but our calendar arithmetic works in 64-bit integers.
    public static func toDate(_ v: LiquidValue, _ context: Context) -> LiquidTime? {
        guard let t = unboundedDate(v, context), LiquidTime.supportedSeconds.contains(t.seconds) else { return nil }
        return t
    }

    private static func unboundedDate(_ v: LiquidValue, _ context: Context) -> LiquidTime? {
        let env = context.environment
        switch v {
        case .time(let t): return t
        case .int(let i): return LiquidTime(seconds: i, utcOffset: env.now.utcOffset)
        case .string(let s):
            if s.isEmpty { return nil }
            let lower = s.lowercased()
            if lower == "now" || lower == "today" { return env.now }
            if lower.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                guard let i = Int(lower) else { return nil }
                return LiquidTime(seconds: i, utcOffset: env.now.utcOffset)
            }
            return env.timeParser(lower)
        default: return nil
        }
    }

    // MARK: Collections

    /// Liquid's `InputIterator`: arrays flattened, a hash as one item, ranges and drops
    /// enumerated, anything else through Ruby's `Array(x)`.
    public static func inputIterator(_ v: LiquidValue) -> [LiquidValue] {
        switch v {
        case .array(let a): return flatten(a)
        case .hash: return [v]
        case .nil: return []
        case .range, .drop: return v.iterable
        default: return [v]
        }
    }

    /// Ruby's `Array#flatten`.
    static func flatten(_ a: [LiquidValue]) -> [LiquidValue] {
        var out: [LiquidValue] = []
        for x in a {
            if case .array(let inner) = x { out += flatten(inner) } else { out.append(x) }
        }
        return out
    }

    /// The result of `item[property]` in Ruby.
    public enum PropertyResult {
        /// The item has no `[]` method (nil, booleans, floats, times).
        case noMethod
        /// `[]` raised TypeError (an array or integer indexed by a string).
        case typeError
        /// The value.
        case value(LiquidValue)
    }

    /// Ruby's `item[property]` for the objects Liquid sees.
    public static func subscriptProperty(_ item: LiquidValue, _ property: LiquidValue) -> PropertyResult {
        switch item {
        case .hash(let h):
            if case .string(let k) = property { return .value(h[k] ?? .nil) }
            return .value(.nil)
        case .drop(let d):
            return .value(d.value(forKey: property.toS))
        case .string(let s):
            switch property {
            case .string(let k): return .value(s.contains(k) ? .string(k) : .nil)
            case .int(let i):
                let chars = Array(s.unicodeScalars)
                let j = i < 0 ? chars.count + i : i
                return .value(j >= 0 && j < chars.count ? .string(String(chars[j])) : .nil)
            case .nil: return .typeError
            default: return .typeError
            }
        case .array(let a):
            switch property {
            case .int(let i):
                let j = i < 0 ? a.count + i : i
                return .value(j >= 0 && j < a.count ? a[j] : .nil)
            case .float(let f):
                let i = Int(saturating: f)
                let j = i < 0 ? a.count + i : i
                return .value(j >= 0 && j < a.count ? a[j] : .nil)
            default: return .typeError
            }
        case .int(let n):
            if case .int(let bit) = property { return .value(.int(bit < 0 ? 0 : (bit >= 63 ? (n < 0 ? 1 : 0) : (n >> bit) & 1))) }
            return .typeError
        case .emptyLiteral, .blankLiteral, .nil, .bool, .float, .time, .range:
            return .noMethod
        }
    }

    /// Ruby's `eql?` (what `uniq` and hash keys use): `1` and `1.0` differ.
    public static func rubyEql(_ a: LiquidValue, _ b: LiquidValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y || (x.isNaN && y.isNaN && false)
        case (.int, .float), (.float, .int): return false
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { rubyEql($0, $1) }
        case (.hash(let x), .hash(let y)):
            return x.count == y.count && x.pairs.allSatisfy { k, v in y[k].map { rubyEql(v, $0) } ?? false }
        default: return a.rubyEquals(b)
        }
    }

    // MARK: Strings

    /// Ruby's whitespace for `strip` (and NUL, which `strip` also removes).
    static func isStripSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\u{0B}" || c == "\u{0C}" || c == "\r" || c == "\0"
    }

    /// Ruby's `String#lstrip`.
    static func rubyLstrip(_ s: String) -> String {
        let u = s.unicodeScalars
        guard let i = u.firstIndex(where: { !isStripSpace($0) }) else { return "" }
        return String(u[i...])
    }

    /// Ruby's `String#rstrip`.
    static func rubyRstrip(_ s: String) -> String {
        let u = s.unicodeScalars
        guard let i = u.lastIndex(where: { !isStripSpace($0) }) else { return "" }
        return String(u[...i])
    }

    /// Ruby's `String#strip`.
    static func rubyStrip(_ s: String) -> String { rubyRstrip(rubyLstrip(s)) }

    /// Ruby's awk-style `split(" ")`: runs of ASCII whitespace separate, none at the ends.
    public static func awkSplit(_ s: String) -> [String] {
        var out: [String] = []
        var cur = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if c == " " || c == "\t" || c == "\n" || c == "\u{0B}" || c == "\u{0C}" || c == "\r" {
                if !cur.isEmpty { out.append(String(cur)); cur = String.UnicodeScalarView() }
            } else {
                cur.append(c)
            }
        }
        if !cur.isEmpty { out.append(String(cur)) }
        return out
    }

    /// The first index at or after `from` where `needle` occurs in `hay`, by Unicode scalars.
    static func find(_ needle: [Unicode.Scalar], in hay: [Unicode.Scalar], from: Int = 0) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        var i = from
        while i <= hay.count - needle.count {
            if hay[i] == needle[0] {
                var k = 1
                while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// The last index where `needle` occurs in `hay` (Ruby's `rindex`).
    static func findLast(_ needle: [Unicode.Scalar], in hay: [Unicode.Scalar]) -> Int? {
        if needle.isEmpty { return hay.count }
        guard hay.count >= needle.count else { return nil }
        var i = hay.count - needle.count
        while i >= 0 {
            if Array(hay[i..<(i + needle.count)]) == needle { return i }
            i -= 1
        }
        return nil
    }

    static func str(_ s: ArraySlice<Unicode.Scalar>) -> String {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: s)
        return String(v)
    }

    /// Ruby's `String#split(string)` with no limit (trailing empty fields dropped).
    static func split(_ s: String, by sep: String) -> [String] {
        if sep == " " { return awkSplit(s) }
        if s.isEmpty { return [] }
        let hay = Array(s.unicodeScalars)
        var out: [String]
        if sep.isEmpty {
            out = hay.map { String($0) }
        } else {
            let needle = Array(sep.unicodeScalars)
            out = []
            var pos = 0
            while let r = find(needle, in: hay, from: pos) {
                out.append(str(hay[pos..<r]))
                pos = r + needle.count
            }
            out.append(str(hay[pos...]))
        }
        while let last = out.last, last.isEmpty { out.removeLast() }
        return out
    }

    /// Expands a `gsub`/`sub` replacement's backslash sequences for one match.
    static func expandReplacement(_ replacement: String, match: Substring, pre: Substring, post: Substring) -> String {
        guard replacement.contains("\\") else { return replacement }
        var out = ""
        var it = replacement.unicodeScalars.makeIterator()
        while let c = it.next() {
            guard c == "\\" else { out.unicodeScalars.append(c); continue }
            guard let n = it.next() else { out += "\\"; break }
            switch n {
            case "0", "&": out += match
            case "`": out += pre
            case "'": out += post
            case "\\": out += "\\"
            case "1"..."9": break
            default: out += "\\"; out.unicodeScalars.append(n)
            }
        }
        return out
    }

    /// Ruby's `gsub(string, replacement)` (`global`) or `sub` (first match only). Linear in the
    /// input unless the replacement quotes the text around each match (`\\``, `\\'`); a result
    /// over `maxBytes` is refused before it is built.
    static func replace(_ s: String, _ pattern: String, _ replacement: String, global: Bool, maxBytes: Int = Int.max) throws(LiquidError) -> String {
        let hay = Array(s.unicodeScalars)
        let needle = Array(pattern.unicodeScalars)
        // Where the matches start; an empty pattern matches at every position, as Ruby's gsub("")
        // does, and those are not listed.
        var starts: [Int] = []
        if !needle.isEmpty {
            var pos = 0
            while let r = find(needle, in: hay, from: pos) {
                starts.append(r)
                pos = r + needle.count
                if !global { break }
            }
        }
        let matchCount = needle.isEmpty ? (global ? hay.count + 1 : 1) : starts.count
        if matchCount == 0 { return s }
        // The result's size, from the replacement's parts, before anything is built.
        var fixedBytes = 0, contextCopies = 0
        if replacement.contains("\\") {
            var it = replacement.unicodeScalars.makeIterator()
            while let c = it.next() {
                guard c == "\\", let n = it.next() else { fixedBytes += 1; continue }
                switch n {
                case "0", "&": fixedBytes += pattern.utf8.count
                case "`", "'": contextCopies += 1
                case "1"..."9": break
                default: fixedBytes += 2
                }
            }
        } else {
            fixedBytes = replacement.utf8.count
        }
        let inputBytes = s.utf8.count
        let removedBytes = matchCount * pattern.utf8.count  // matches do not overlap: at most the input
        let contextBytes = contextCopies.multipliedReportingOverflow(by: inputBytes)
        let perMatch = fixedBytes.addingReportingOverflow(contextBytes.partialValue)
        let added = perMatch.partialValue.multipliedReportingOverflow(by: matchCount)
        let result = (inputBytes - removedBytes).addingReportingOverflow(added.partialValue)
        if contextBytes.overflow || perMatch.overflow || added.overflow || result.overflow
            || result.partialValue > Swift.max(maxBytes, inputBytes)
        {
            throw LiquidError(.resourceLimit, "replacing \(matchCount) matches would make more than \(maxBytes) bytes, the output limit")
        }
        // Without `\\`` or `\\'` every match gets the same text: expand it once.
        let same: String? = contextCopies == 0 ? expandReplacement(replacement, match: Substring(pattern), pre: "", post: "") : nil
        var out = ""
        out.reserveCapacity(same != nil ? result.partialValue : inputBytes)
        var pos = 0
        for k in 0..<matchCount {
            let r = needle.isEmpty ? k : starts[k]
            if r > pos { out.unicodeScalars.append(contentsOf: hay[pos..<r]) }
            if let same {
                out += same
            } else {
                out += expandReplacement(
                    replacement, match: Substring(pattern), pre: Substring(str(hay[..<r])),
                    post: Substring(str(hay[Swift.min(r + needle.count, hay.count)...])))
            }
            pos = r + needle.count
            // An empty pattern also matches after the last character: keep each character once.
            if needle.isEmpty, r < hay.count {
                out.unicodeScalars.append(hay[r])
                pos = r + 1
            }
        }
        if pos < hay.count { out.unicodeScalars.append(contentsOf: hay[pos...]) }
        return out
    }
}
