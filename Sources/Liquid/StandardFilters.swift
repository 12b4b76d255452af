import Foundation

/// Liquid's standard filters (Liquid 5.4's `StandardFilters`), with Ruby's semantics.
///
/// Each filter is a port of the Ruby method of the same name; arities are the Ruby methods'
/// (optional parameters widen the range; a keyword hash counts as one positional argument).
public enum StandardFilters {
    /// Every standard filter by name.
    public static let all: [String: LiquidFilter] = {
        var f: [String: LiquidFilter] = [:]
        for (name, filter) in stringFilters { f[name] = filter }
        for (name, filter) in arrayFilters { f[name] = filter }
        for (name, filter) in mathFilters { f[name] = filter }
        f["h"] = f["escape"]
        f["date"] = filter(1) { input, args, context in
            let format = args[0].toS
            if format.isEmpty { return input }
            guard let time = RubyFilterSupport.toDate(input, context) else { return input }
            guard let s = Strftime.formatChecked(time, format) else {
                throw LiquidError(.argument, "invalid format: \(format)")
            }
            return .string(s)
        }
        f["default"] = filter(arity: 0...2) { input, args, _ in
            let fallback = args.first ?? .string("")
            var allowFalse = false
            if args.count == 2, case .hash(let options) = args[1] { allowFalse = options["allow_false"]?.isTruthy ?? false }
            let falseCheck = allowFalse ? input.isNil : !input.isTruthy
            return falseCheck || (input.rubyEmpty ?? false) ? fallback : input
        }
        return f
    }()

    /// Liquid's `Utils.to_date` for strings other than digits and `now`: a minimal `Time.parse`
    /// for `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS[.frac]]` with an optional zone (`Z`, `UTC`,
    /// `GMT`, `±HH:MM`, `±HHMM`, `±HH`), read as UTC when no zone is given. Hosts (Jekyll) pass
    /// Ruby's full rules and their local zone.
    public static let parseISOTime: @Sendable (String) -> LiquidTime? = { text in ISOTimeParser.parse(text) }

    // MARK: - Strings

    static let stringFilters: [String: LiquidFilter] = [
        "size": filter(0) { input, _, _ in
            switch input {
            case .string(let s): return .int(s.unicodeScalars.count)
            case .array(let a): return .int(a.count)
            case .hash(let h): return .int(h.count)
            case .int: return .int(8)
            case .range(let a, let b): return .int(LiquidValue.rangeSize(a, b))
            case .drop(let d): return .int(d.keys.count)
            default: return .int(0)
            }
        },
        "downcase": filter(0) { input, _, _ in .string(input.toS.lowercased()) },
        "upcase": filter(0) { input, _, _ in .string(input.toS.uppercased()) },
        "capitalize": filter(0) { input, _, _ in .string(capitalize(input.toS)) },
        "escape": filter(0) { input, _, _ in
            input.isNil ? .nil : .string(escapeHTML(input.toS))
        },
        "escape_once": filter(0) { input, _, _ in .string(escapeOnce(input.toS)) },
        "url_encode": filter(0) { input, _, _ in input.isNil ? .nil : .string(cgiEscape(input.toS)) },
        "url_decode": filter(0) { input, _, _ in
            if input.isNil { return .nil }
            guard let s = String(validating: cgiUnescape(input.toS), as: UTF8.self) else {
                throw LiquidError(.argument, "invalid byte sequence in UTF-8")
            }
            return .string(s)
        },
        "base64_encode": filter(0) { input, _, _ in .string(Data(input.toS.utf8).base64EncodedString()) },
        "base64_decode": filter(0) { input, _, _ in
            guard let d = strictBase64Decode(input.toS) else {
                throw LiquidError(.argument, "invalid base64 provided to base64_decode")
            }
            return .string(String(decoding: d, as: UTF8.self))
        },
        "base64_url_safe_encode": filter(0) { input, _, _ in
            let s = Data(input.toS.utf8).base64EncodedString()
            return .string(s.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"))
        },
        "base64_url_safe_decode": filter(0) { input, _, _ in
            var s = input.toS
            if !s.hasSuffix("=") && s.utf8.count % 4 != 0 {
                s += String(repeating: "=", count: 4 - s.utf8.count % 4)
            }
            s = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            guard let d = strictBase64Decode(s) else {
                throw LiquidError(.argument, "invalid base64 provided to base64_url_safe_decode")
            }
            return .string(String(decoding: d, as: UTF8.self))
        },
        "slice": filter(arity: 1...2) { input, args, _ in
            let offset = try RubyFilterSupport.toInteger(args[0])
            let length = args.count > 1 && !args[1].isNil ? try RubyFilterSupport.toInteger(args[1]) : 1
            if case .array(let a) = input {
                guard let r = rubySliceRange(count: a.count, offset, length) else { return .array([]) }
                return .array(Array(a[r]))
            }
            let chars = Array(input.toS.unicodeScalars)
            guard let r = rubySliceRange(count: chars.count, offset, length) else { return .string("") }
            return .string(RubyFilterSupport.str(chars[r]))
        },
        "truncate": filter(arity: 0...2) { input, args, _ in
            if input.isNil { return .nil }
            let chars = Array(input.toS.unicodeScalars)
            let length = args.count > 0 ? try RubyFilterSupport.toInteger(args[0]) : 50
            let ellipsis = args.count > 1 ? args[1].toS : "..."
            let (shortened, overflow) = length.subtractingReportingOverflow(ellipsis.unicodeScalars.count)
            let l = overflow ? 0 : Swift.max(0, shortened)
            if chars.count > length {
                return .string(RubyFilterSupport.str(chars[..<Swift.min(l, chars.count)]) + ellipsis)
            }
            return .string(input.toS)
        },
        "truncatewords": filter(arity: 0...2) { input, args, _ in
            if input.isNil { return .nil }
            let s = input.toS
            var words = args.count > 0 ? try RubyFilterSupport.toInteger(args[0]) : 15
            if words <= 0 { words = 1 }
            let list = RubyFilterSupport.awkSplit(s)
            if list.count <= words { return .string(s) }
            let ellipsis = args.count > 1 ? args[1].toS : "..."
            return .string(list[..<words].joined(separator: " ") + ellipsis)
        },
        "split": filter(1) { input, args, _ in
            .array(RubyFilterSupport.split(input.toS, by: args[0].toS).map(LiquidValue.string))
        },
        "strip": filter(0) { input, _, _ in .string(RubyFilterSupport.rubyStrip(input.toS)) },
        "lstrip": filter(0) { input, _, _ in .string(RubyFilterSupport.rubyLstrip(input.toS)) },
        "rstrip": filter(0) { input, _, _ in .string(RubyFilterSupport.rubyRstrip(input.toS)) },
        "strip_html": filter(0) { input, _, _ in .string(stripHTML(input.toS)) },
        "strip_newlines": filter(0) { input, _, _ in
            .string(input.toS.replacingOccurrences(of: "\r\n", with: "").replacingOccurrences(of: "\n", with: ""))
        },
        "newline_to_br": filter(0) { input, _, _ in
            .string(newlineToBr(input.toS))
        },
        "replace": filter(arity: 1...2) { input, args, context in
            .string(try RubyFilterSupport.replace(
                input.toS, args[0].toS, args.count > 1 ? args[1].toS : "", global: true, maxBytes: context.environment.limits.maxOutputBytes))
        },
        "replace_first": filter(arity: 1...2) { input, args, context in
            .string(try RubyFilterSupport.replace(
                input.toS, args[0].toS, args.count > 1 ? args[1].toS : "", global: false, maxBytes: context.environment.limits.maxOutputBytes))
        },
        "replace_last": filter(2) { input, args, _ in .string(replaceLast(input.toS, args[0].toS, args[1].toS)) },
        "remove": filter(1) { input, args, _ in
            .string(try RubyFilterSupport.replace(input.toS, args[0].toS, "", global: true))
        },
        "remove_first": filter(1) { input, args, _ in
            .string(try RubyFilterSupport.replace(input.toS, args[0].toS, "", global: false))
        },
        "remove_last": filter(1) { input, args, _ in .string(replaceLast(input.toS, args[0].toS, "")) },
        "append": filter(1) { input, args, _ in .string(input.toS + args[0].toS) },
        "prepend": filter(1) { input, args, _ in .string(args[0].toS + input.toS) },
    ]

    /// Ruby's `String#capitalize`: first character titlecased, the rest lowercased.
    static func capitalize(_ s: String) -> String {
        guard let first = s.unicodeScalars.first else { return s }
        return first.properties.titlecaseMapping + String(s.unicodeScalars.dropFirst()).lowercased()
    }

    /// `CGI.escapeHTML`.
    public static func escapeHTML(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// `gsub(/["><']|&(?!([a-zA-Z]+|(#\d+));)/, HTML_ESCAPE)`.
    static func escapeOnce(_ s: String) -> String {
        let u = Array(s.unicodeScalars)
        var out = ""
        var i = 0
        func isAlpha(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
        func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
        while i < u.count {
            let c = u[i]
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "&":
                var j = i + 1
                var entity = false
                if j < u.count && isAlpha(u[j]) {
                    while j < u.count && isAlpha(u[j]) { j += 1 }
                    entity = j < u.count && u[j] == ";"
                } else if j + 1 < u.count && u[j] == "#" && isDigit(u[j + 1]) {
                    j += 1
                    while j < u.count && isDigit(u[j]) { j += 1 }
                    entity = j < u.count && u[j] == ";"
                }
                out += entity ? "&" : "&amp;"
            default: out.unicodeScalars.append(c)
            }
            i += 1
        }
        return out
    }

    /// `CGI.escape`: everything but `a-zA-Z0-9_.-~` percent-encoded, spaces as `+`.
    public static func cgiEscape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: " "): out += "+"
            default: out += String(format: "%%%02X", b)
            }
        }
        return out
    }

    /// `CGI.unescape` as bytes: `+` is a space, valid `%XX` decoded, others kept.
    static func cgiUnescape(_ s: String) -> [UInt8] {
        let u = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
        while i < u.count {
            if u[i] == UInt8(ascii: "+") {
                out.append(32)
            } else if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let h = hex(u[i + 1]), let l = hex(u[i + 2]) {
                out.append(h << 4 | l)
                i += 2
            } else {
                out.append(u[i])
            }
            i += 1
        }
        return out
    }

    /// `Base64.strict_decode64`: nil unless the text is canonical padded Base64.
    static func strictBase64Decode(_ s: String) -> Data? {
        guard s.utf8.count % 4 == 0 else { return nil }
        guard s.utf8.allSatisfy({ b in
            (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == 43 || b == 47 || b == 61
        }) else { return nil }
        return Data(base64Encoded: s)
    }

    /// The index range Ruby's `slice(offset, length)` selects, or nil when Ruby returns nil.
    static func rubySliceRange(count: Int, _ offset: Int, _ length: Int) -> Range<Int>? {
        if length < 0 { return nil }
        var start = offset
        if start < 0 { start += count }
        if start < 0 || start > count { return nil }
        let end = start + Swift.min(length, count - start)
        return start..<end
    }

    /// Liquid's `strip_html`: script, comment and style blocks, then every tag, removed.
    static func stripHTML(_ s: String) -> String {
        var u = Array(s.unicodeScalars)
        // <script.*?</script>, <!--.*?-->, <style.*?</style> (one alternation, leftmost first).
        let blocks: [([Unicode.Scalar], [Unicode.Scalar])] = [
            (Array("<script".unicodeScalars), Array("</script>".unicodeScalars)),
            (Array("<!--".unicodeScalars), Array("-->".unicodeScalars)),
            (Array("<style".unicodeScalars), Array("</style>".unicodeScalars)),
        ]
        var out: [Unicode.Scalar] = []
        var i = 0
        outer: while i < u.count {
            if u[i] == "<" {
                for (open, close) in blocks where u.count - i >= open.count && Array(u[i..<(i + open.count)]) == open {
                    if let end = RubyFilterSupport.find(close, in: u, from: i + open.count) {
                        i = end + close.count
                        continue outer
                    }
                }
            }
            out.append(u[i])
            i += 1
        }
        u = out
        out = []
        i = 0
        while i < u.count {
            if u[i] == "<", let end = u[(i + 1)...].firstIndex(of: ">") {
                i = end + 1
                continue
            }
            out.append(u[i])
            i += 1
        }
        return RubyFilterSupport.str(out[...])
    }

    /// `gsub(/\r?\n/, "<br />\n")`.
    static func newlineToBr(_ s: String) -> String {
        var out = ""
        var pendingCR = false
        for c in s.unicodeScalars {
            if pendingCR {
                pendingCR = false
                if c == "\n" { out += "<br />\n"; continue }
                out += "\r"
            }
            if c == "\r" { pendingCR = true; continue }
            if c == "\n" { out += "<br />\n"; continue }
            out.unicodeScalars.append(c)
        }
        if pendingCR { out += "\r" }
        return out
    }

    /// Liquid's `replace_last`: the last occurrence replaced literally.
    static func replaceLast(_ s: String, _ target: String, _ replacement: String) -> String {
        let hay = Array(s.unicodeScalars)
        let needle = Array(target.unicodeScalars)
        guard let i = RubyFilterSupport.findLast(needle, in: hay) else { return s }
        return RubyFilterSupport.str(hay[..<i]) + replacement + RubyFilterSupport.str(hay[(i + needle.count)...])
    }

    // MARK: - Arrays

    static func propertyError(_ property: LiquidValue) -> LiquidError {
        LiquidError(.argument, "cannot select the property '\(property.toS)'")
    }

    /// `item[property]` raising Liquid's property error on TypeError; nil when `[]` is missing.
    static func property(_ item: LiquidValue, _ property: LiquidValue) throws -> LiquidValue? {
        switch RubyFilterSupport.subscriptProperty(item, property) {
        case .noMethod: return nil
        case .typeError: throw propertyError(property)
        case .value(let v): return v
        }
    }

    /// Liquid's `nil_safe_compare`.
    static func nilSafeCompare(_ a: LiquidValue, _ b: LiquidValue) throws -> Int {
        if let c = a.rubyCompare(b) { return c }
        if a.isNil { return 1 }
        if b.isNil { return -1 }
        throw LiquidError(.argument, "cannot sort values of incompatible types")
    }

    /// Liquid's `nil_safe_casecmp` (ASCII-only case folding, as Ruby's `casecmp`).
    static func nilSafeCasecmp(_ a: LiquidValue, _ b: LiquidValue) -> Int {
        if !a.isNil && !b.isNil {
            func fold(_ s: String) -> String {
                String(decoding: s.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
            }
            return LiquidValue.compareBytes(fold(a.toS), fold(b.toS))
        }
        return a.isNil ? 1 : -1
    }

    /// A stable merge sort with a throwing comparator.
    public static func sorted(_ items: [LiquidValue], by cmp: (LiquidValue, LiquidValue) throws -> Int) throws -> [LiquidValue] {
        if items.count <= 1 { return items }
        let mid = items.count / 2
        let a = try sorted(Array(items[..<mid]), by: cmp)
        let b = try sorted(Array(items[mid...]), by: cmp)
        var out: [LiquidValue] = []
        out.reserveCapacity(items.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if try cmp(b[j], a[i]) < 0 { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
        }
        out += a[i...]
        out += b[j...]
        return out
    }

    /// Sort by a property when every item has `[]`; nil (Ruby's nil) otherwise.
    static func sortByProperty(_ ary: [LiquidValue], _ prop: LiquidValue, _ cmp: @escaping (LiquidValue, LiquidValue) throws -> Int) throws -> LiquidValue {
        guard ary.allSatisfy({ if case .noMethod = RubyFilterSupport.subscriptProperty($0, prop) { return false } else { return true } }) else {
            return .nil
        }
        var keyed: [LiquidValue] = []
        for item in ary { keyed.append(.array([try property(item, prop) ?? .nil, item])) }
        let s = try sorted(keyed) { (x: LiquidValue, y: LiquidValue) throws -> Int in
            guard case .array(let p) = x, case .array(let q) = y else { return 0 }
            return try cmp(p[0], q[0])
        }
        return .array(s.map { if case .array(let p) = $0 { return p[1] } else { return $0 } })
    }

    /// `ary.select { item[property] ... }` with Liquid's rescue rules; nil when an item has no `[]`.
    static func select(_ ary: [LiquidValue], _ prop: LiquidValue, _ keep: (LiquidValue) -> Bool) throws -> LiquidValue {
        var out: [LiquidValue] = []
        for item in ary {
            guard let v = try property(item, prop) else { return .nil }
            if keep(v) { out.append(item) }
        }
        return .array(out)
    }

    static func uniq(_ items: [LiquidValue], key: (LiquidValue) throws -> LiquidValue) throws -> [LiquidValue] {
        var seen: [LiquidValue] = []
        var out: [LiquidValue] = []
        for item in items {
            let k = try key(item)
            if seen.contains(where: { RubyFilterSupport.rubyEql($0, k) }) { continue }
            seen.append(k)
            out.append(item)
        }
        return out
    }

    static let arrayFilters: [String: LiquidFilter] = [
        "join": filter(arity: 0...1) { input, args, context in
            let glue = args.first?.toS ?? " "
            let parts = RubyFilterSupport.inputIterator(input).map(\.joinString)
            // Refused before it is built: `x | split: '' | join: x` is quadratic in x.
            let limit = context.environment.limits.maxOutputBytes
            let glueBytes = glue.utf8.count.multipliedReportingOverflow(by: Swift.max(0, parts.count - 1))
            var bytes = glueBytes.overflow ? Int.max : glueBytes.partialValue
            for part in parts where bytes <= limit { bytes += part.utf8.count }
            if bytes > limit {
                throw LiquidError(.resourceLimit, "joining \(parts.count) items would make more than \(limit) bytes, the output limit")
            }
            return .string(parts.joined(separator: glue))
        },
        "sort": filter(arity: 0...1) { input, args, _ in
            let ary = RubyFilterSupport.inputIterator(input)
            if ary.isEmpty { return .array([]) }
            if args.isEmpty || args[0].isNil { return .array(try sorted(ary, by: nilSafeCompare)) }
            return try sortByProperty(ary, args[0], nilSafeCompare)
        },
        "sort_natural": filter(arity: 0...1) { input, args, _ in
            let ary = RubyFilterSupport.inputIterator(input)
            if ary.isEmpty { return .array([]) }
            if args.isEmpty || args[0].isNil { return .array(try sorted(ary, by: nilSafeCasecmp)) }
            return try sortByProperty(ary, args[0], nilSafeCasecmp)
        },
        "where": filter(arity: 1...2) { input, args, _ in
            let ary = RubyFilterSupport.inputIterator(input)
            if ary.isEmpty { return .array([]) }
            let target = args.count > 1 ? args[1] : .nil
            if target.isNil { return try select(ary, args[0]) { $0.isTruthy } }
            return try select(ary, args[0]) { $0.rubyEquals(target) }
        },
        "uniq": filter(arity: 0...1) { input, args, _ in
            let ary = RubyFilterSupport.inputIterator(input)
            if args.isEmpty || args[0].isNil { return .array(try uniq(ary) { $0 }) }
            if ary.isEmpty { return .array([]) }
            for item in ary { if try property(item, args[0]) == nil { return .nil } }
            return .array(try uniq(ary) { (item: LiquidValue) throws -> LiquidValue in try property(item, args[0]) ?? .nil })
        },
        "reverse": filter(0) { input, _, _ in .array(RubyFilterSupport.inputIterator(input).reversed()) },
        "map": filter(1) { input, args, _ in
            var out: [LiquidValue] = []
            for e in RubyFilterSupport.inputIterator(input) {
                if case .string("to_liquid") = args[0] { out.append(e); continue }
                out.append(try property(e, args[0]) ?? .nil)
            }
            return .array(out)
        },
        "compact": filter(arity: 0...1) { input, args, _ in
            let ary = RubyFilterSupport.inputIterator(input)
            if args.isEmpty || args[0].isNil { return .array(ary.filter { !$0.isNil }) }
            if ary.isEmpty { return .array([]) }
            var out: [LiquidValue] = []
            for item in ary {
                guard let v = try property(item, args[0]) else { return .nil }
                if !v.isNil { out.append(item) }
            }
            return .array(out)
        },
        "concat": filter(1) { input, args, _ in
            guard case .array(let other) = args[0] else {
                throw LiquidError(.argument, "concat filter requires an array argument")
            }
            return .array(RubyFilterSupport.inputIterator(input) + other)
        },
        "first": filter(0) { input, _, _ in
            switch input {
            case .array(let a): return a.first ?? .nil
            case .hash(let h): return h.pairs.first.map { .array([.string($0.0), $0.1]) } ?? .nil
            case .range(let a, _): return .int(a)
            case .drop: return input.iterable.first ?? .nil
            default: return .nil
            }
        },
        "last": filter(0) { input, _, _ in
            switch input {
            case .array(let a): return a.last ?? .nil
            case .range(_, let b): return .int(b)
            default: return .nil
            }
        },
    ]

    // MARK: - Math

    typealias Number = RubyFilterSupport.Number

    static func zeroDivision() -> LiquidError { LiquidError(.zeroDivision, "divided by 0") }

    /// Ruby's arithmetic between two `to_number` results.
    static func operate(_ a: Number, _ b: Number, _ op: Character) throws -> Number {
        if case .int(let x) = a, case .int(let y) = b {
            // Ruby moves to a Bignum here; a result beyond 64 bits is refused, not wrapped.
            func checked(_ result: (partialValue: Int, overflow: Bool)) throws(LiquidError) -> Number {
                guard !result.overflow else {
                    throw LiquidError(.argument, "integer overflow: \(x) \(op) \(y) is beyond 64 bits, which blogport does not support")
                }
                return .int(result.partialValue)
            }
            switch op {
            case "+": return try checked(x.addingReportingOverflow(y))
            case "-": return try checked(x.subtractingReportingOverflow(y))
            case "*": return try checked(x.multipliedReportingOverflow(by: y))
            case "/":
                if y == 0 { throw zeroDivision() }
                if y == -1 { return try checked(0.subtractingReportingOverflow(x)) }
                return .int(floorDiv(x, y))
            default:
                if y == 0 { throw zeroDivision() }
                if y == -1 { return .int(0) }
                return .int(floorMod(x, y))
            }
        }
        let x = a.decimal, y = b.decimal
        switch op {
        case "+": return .decimal(x + y)
        case "-": return .decimal(x - y)
        case "*": return .decimal(x * y)
        case "/":
            if y.isZero { throw zeroDivision() }
            return .decimal(x / y)
        default:
            if y.isZero { throw zeroDivision() }
            let q = floorDecimal(x / y)
            var r = x - y * q
            // Guard the quotient's last-digit rounding.
            if !r.isZero && ((r < 0) != (y < 0)) { r += y }
            return .decimal(r)
        }
    }

    static func rounded(_ d: Decimal, scale: Int, mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var x = d
        var r = Decimal()
        // Foundation takes the scale as an Int16; a Decimal's exponent is within -128...127, so
        // scales beyond ±200 round the same as ±200 would.
        NSDecimalRound(&r, &x, Swift.min(Swift.max(scale, -200), 200), mode)
        return r
    }

    static func floorDecimal(_ d: Decimal) -> Decimal { rounded(d, scale: 0, mode: .down) }
    static func ceilDecimal(_ d: Decimal) -> Decimal { rounded(d, scale: 0, mode: .up) }

    /// An integral decimal as Int (`to_i`), saturating.
    static func int(_ d: Decimal) -> Int {
        let s = (rounded(d, scale: 0, mode: .down) as NSDecimalNumber).stringValue
        return Int(s) ?? (d < 0 ? Int.min : Int.max)
    }

    static func binary(_ op: Character) -> LiquidFilter {
        filter(1) { input, args, _ in
            let a = RubyFilterSupport.toNumber(input), b = RubyFilterSupport.toNumber(args[0])
            // BigDecimal division by zero gives Infinity or NaN; only Integer / 0 raises.
            if op == "/", b.decimal.isZero {
                if case .int = a, case .int = b { throw zeroDivision() }
                let x = a.decimal
                return .float(x.isZero || x.isNaN ? .nan : (x < 0 ? -.infinity : .infinity))
            }
            return try operate(a, b, op).value
        }
    }

    static let mathFilters: [String: LiquidFilter] = [
        "plus": binary("+"),
        "minus": binary("-"),
        "times": binary("*"),
        "divided_by": binary("/"),
        "modulo": binary("%"),
        "abs": filter(0) { input, _, _ in
            switch RubyFilterSupport.toNumber(input) {
            case .int(let i): return .int(i == Int.min ? i : Swift.abs(i))
            case .decimal(let d): return .float(RubyFilterSupport.double(d < 0 ? -d : d))
            }
        },
        "round": filter(arity: 0...1) { input, args, _ in
            let nArg = args.first ?? .int(0)
            let digits: Int
            switch RubyFilterSupport.toNumber(nArg) {
            case .int(let i): digits = i
            case .decimal(let d): digits = int(d)
            }
            // Ruby's round takes a C int.
            if digits > Int(Int32.max) { throw LiquidError(.argument, "integer \(digits) too big to convert to `int'") }
            if digits < Int(Int32.min) { throw LiquidError(.argument, "integer \(digits) too small to convert to `int'") }
            let integral: Bool
            switch nArg {
            case .int(0): integral = true
            case .float(let f): integral = f == 0
            default: integral = false
            }
            var result: LiquidValue
            switch RubyFilterSupport.toNumber(input) {
            case .int(let i):
                if digits >= 0 {
                    result = .int(i)
                } else {
                    let r = rounded(Decimal(i), scale: digits, mode: .plain)
                    result = .int(int(r))
                }
            case .decimal(let d):
                if d.isNaN { throw LiquidError(.argument, "Computation results in 'NaN' (Not a Number)") }
                result = .float(RubyFilterSupport.double(rounded(d, scale: digits, mode: .plain)))
            }
            // BigDecimal#round(n) answers an Integer for n <= 0.
            if integral || digits <= 0, case .float(let f) = result { result = .int(Int(exactly: f.rounded(.towardZero)) ?? 0) }
            return result
        },
        "ceil": filter(0) { input, _, _ in
            switch RubyFilterSupport.toNumber(input) {
            case .int(let i): return .int(i)
            case .decimal(let d): return .int(int(ceilDecimal(d)))
            }
        },
        "floor": filter(0) { input, _, _ in
            switch RubyFilterSupport.toNumber(input) {
            case .int(let i): return .int(i)
            case .decimal(let d): return .int(int(floorDecimal(d)))
            }
        },
        "at_least": filter(1) { input, args, _ in
            let minValue = RubyFilterSupport.toNumber(args[0])
            var result = RubyFilterSupport.toNumber(input)
            if minValue.compare(result) > 0 { result = minValue }
            return result.value
        },
        "at_most": filter(1) { input, args, _ in
            let maxValue = RubyFilterSupport.toNumber(args[0])
            var result = RubyFilterSupport.toNumber(input)
            if maxValue.compare(result) < 0 { result = maxValue }
            return result.value
        },
    ]
}

extension StandardFilters {
    /// A filter whose body may throw any error; non-Liquid errors become Liquid argument errors.
    static func filter(
        arity: ClosedRange<Int>,
        _ body: @escaping @Sendable (LiquidValue, [LiquidValue], Context) throws -> LiquidValue
    ) -> LiquidFilter {
        LiquidFilter(arity: arity) { input, args, context throws(LiquidError) in
            do {
                return try body(input, args, context)
            } catch let error as LiquidError {
                throw error
            } catch {
                throw LiquidError(.argument, "\(error)")
            }
        }
    }

    /// A filter taking exactly `count` arguments.
    static func filter(
        _ count: Int, _ body: @escaping @Sendable (LiquidValue, [LiquidValue], Context) throws -> LiquidValue
    ) -> LiquidFilter {
        filter(arity: count...count, body)
    }
}
