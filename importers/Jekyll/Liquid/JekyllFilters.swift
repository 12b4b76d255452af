import Foundation
import Kramdown
import Liquid

/// What Jekyll's filters need from the site they render for (values come from `_config.yml`).
struct JekyllFilterConfig: Sendable {
    /// `site.url` (nil or empty: `absolute_url` falls back to `relative_url`).
    var url: String?
    /// `site.baseurl`.
    var baseurl: String?
    /// `markdownify`: the site's Markdown converter.
    var markdownify: @Sendable (String) -> String
    /// `smartify`: nil uses the built-in port of kramdown's SmartyPants parser.
    var smartify: (@Sendable (String) -> String)?
    /// The site zone's UTC offset at an instant (`Time#localtime` in the date filters).
    var localOffset: @Sendable (Int) -> Int

    /// Makes a configuration; by default UTC, no site URL, and Markdown passed through.
    init(
        url: String? = nil, baseurl: String? = nil,
        markdownify: @escaping @Sendable (String) -> String = { $0 },
        smartify: (@Sendable (String) -> String)? = nil,
        localOffset: @escaping @Sendable (Int) -> Int = { _ in 0 }
    ) {
        self.url = url
        self.baseurl = baseurl
        self.markdownify = markdownify
        self.smartify = smartify
        self.localOffset = localOffset
    }
}

/// Jekyll's Liquid filters (Jekyll::Filters, 4.3), over the site they render for.
///
/// Install them over Liquid's: `StandardFilters.all.merging(JekyllFilters.make(config)) { $1 }`
/// (Jekyll's `where`, `sort`, `find` replace Liquid's). `sample` is deterministic: it returns the
/// first item (or the first `n`), where Ruby picks at random.
enum JekyllFilters {
    typealias Support = RubyFilterSupport

    /// A filter whose body may throw any error (non-Liquid errors become Liquid argument errors).
    static func filter(
        _ arity: ClosedRange<Int>, _ body: @escaping @Sendable (LiquidValue, [LiquidValue], Context) throws -> LiquidValue
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

    /// Every Jekyll filter by name.
    static func make(_ config: JekyllFilterConfig) -> [String: LiquidFilter] {
        var f: [String: LiquidFilter] = [:]
        // URL filters.
        f["relative_url"] = filter(0...0) { input, _, _ in
            input.isNil ? .nil : .string(relativeURL(urlInput(input), config))
        }
        f["absolute_url"] = filter(0...0) { input, _, _ in
            input.isNil ? .nil : .string(absoluteURL(urlInput(input), config))
        }
        f["strip_index"] = filter(0...0) { input, _, _ in
            if input.isNil || input.toS.isEmpty { return .nil }
            var s = input.toS
            for suffix in ["/index.html", "/index.htm"] where s.hasSuffix(suffix) {
                s = String(s.dropLast(suffix.count)) + "/"
                break
            }
            return .string(s)
        }
        // Date filters.
        f["date_to_xmlschema"] = filter(0...0) { input, _, context in
            if input.toS.isEmpty { return input }
            return .string(Strftime.format(try time(input, context, config), "%Y-%m-%dT%H:%M:%S%:z"))
        }
        f["date_to_rfc822"] = filter(0...0) { input, _, context in
            if input.toS.isEmpty { return input }
            return .string(Strftime.format(try time(input, context, config), "%a, %d %b %Y %H:%M:%S %z"))
        }
        f["date_to_string"] = filter(0...2) { input, args, context in
            try stringifyDate(input, "%b", args, context, config)
        }
        f["date_to_long_string"] = filter(0...2) { input, args, context in
            try stringifyDate(input, "%B", args, context, config)
        }
        // Text filters.
        f["markdownify"] = filter(0...0) { input, _, _ in .string(config.markdownify(input.toS)) }
        f["smartify"] = filter(0...0) { input, _, _ in
            .string((config.smartify ?? SmartyPants.convert)(input.toS))
        }
        f["slugify"] = filter(0...1) { input, args, _ in
            if input.isNil { return .nil }
            let mode = args.first.flatMap { $0.isNil ? nil : $0.toS } ?? "default"
            return .string(Slugify.slugify(input.toS, mode: mode))
        }
        f["xml_escape"] = filter(0...0) { input, _, _ in .string(xmlEscape(input.toS)) }
        f["cgi_escape"] = filter(0...0) { input, _, _ in .string(StandardFilters.cgiEscape(input.toS)) }
        f["uri_escape"] = filter(0...0) { input, _, _ in
            .string(AddressableURI.normalizeComponent(input.toS, allowed: AddressableURI.reservedUnreserved, leaveEncoded: []))
        }
        f["normalize_whitespace"] = filter(0...0) { input, _, _ in
            .string(Support.awkSplit(input.toS).joined(separator: " "))
        }
        f["number_of_words"] = filter(0...1) { input, args, _ in
            .int(numberOfWords(input.toS, mode: args.first?.toS))
        }
        f["array_to_sentence_string"] = filter(0...1) { input, args, _ in
            guard case .array(let a) = input else { return .string(input.toS) }
            let connector = args.first?.toS ?? "and"
            switch a.count {
            case 0: return .string("")
            case 1: return .string(a[0].toS)
            case 2: return .string("\(a[0].toS) \(connector) \(a[1].toS)")
            default:
                return .string(a.dropLast().map(joinString).joined(separator: ", ") + ", \(connector) \(a[a.count - 1].toS)")
            }
        }
        f["jsonify"] = filter(0...0) { input, _, _ in .string(try json(input)) }
        f["inspect"] = filter(0...0) { input, _, _ in .string(xmlEscape(input.inspect)) }
        f["to_integer"] = filter(0...0) { input, _, _ in
            switch input {
            case .bool(let b): return .int(b ? 1 : 0)
            case .int: return input
            case .float(let d): return .int(Int(exactly: d.rounded(.towardZero)) ?? 0)
            case .nil: return .int(0)
            case .string(let s): return .int(Support.rubyToI(s))
            case .time(let t): return .int(t.seconds)
            default: throw LiquidError(.argument, "undefined method `to_i' for \(input.inspect):\(input.rubyClassName)")
            }
        }
        // Array filters.
        f["where"] = filter(2...2) { input, args, _ in
            let property = args[0], value = args[1]
            if !property.isTruthy { return input }
            if case .array = value { return input }
            if case .hash = value { return input }
            guard let items = selectable(input) else { return input }
            var out: [LiquidValue] = []
            for item in items where try compare(itemProperty(item, property.toS), value) { out.append(item) }
            return .array(out)
        }
        f["find"] = filter(2...2) { input, args, _ in
            let property = args[0], value = args[1]
            if !property.isTruthy { return input }
            if case .array = value { return input }
            if case .hash = value { return input }
            guard let items = selectable(input) else { return input }
            for item in items where try compare(itemProperty(item, property.toS), value) { return item }
            return .nil
        }
        f["where_exp"] = filter(2...2) { input, args, context in
            guard let items = selectable(input) else { return input }
            var out: [LiquidValue] = []
            for item in items where try context.evaluateCondition(args[1].toS, binding: args[0].toS, to: item) {
                out.append(item)
            }
            return .array(out)
        }
        f["find_exp"] = filter(2...2) { input, args, context in
            guard let items = selectable(input) else { return input }
            for item in items where try context.evaluateCondition(args[1].toS, binding: args[0].toS, to: item) {
                return item
            }
            return .nil
        }
        f["group_by"] = filter(1...1) { input, args, _ in
            guard let items = groupable(input) else { return input }
            var groups: [(LiquidValue, [LiquidValue])] = []
            for item in items {
                let key = LiquidValue.string(try itemProperty(item, args[0].toS).toS)
                append(item, to: key, in: &groups)
            }
            return grouped(groups)
        }
        f["group_by_exp"] = filter(2...2) { input, args, context in
            guard let items = groupable(input) else { return input }
            var groups: [(LiquidValue, [LiquidValue])] = []
            for item in items {
                let key = try context.evaluate(args[1].toS, binding: args[0].toS, to: item)
                append(item, to: key, in: &groups)
            }
            return grouped(groups)
        }
        f["sort"] = filter(0...2) { input, args, _ in
            if input.isNil { throw LiquidError(.argument, "Cannot sort a null object.") }
            let property = args.first ?? .nil
            if property.isNil { return try rubySort(input) }
            let nils = args.count > 1 ? args[1] : .string("first")
            let order: Int
            switch nils {
            case .string("first"): order = -1
            case .string("last"): order = 1
            default:
                throw LiquidError(
                    .argument, "Invalid nils order: '\(nils.toS)' is not a valid nils order. It must be 'first' or 'last'.")
            }
            guard let items = selectable(input) else {
                throw LiquidError(.argument, "undefined method `map' for \(input.inspect):\(input.rubyClassName)")
            }
            var keyed: [LiquidValue] = []
            for item in items { keyed.append(.array([try itemProperty(item, property.toS), item])) }
            let sorted = try StandardFilters.sorted(keyed) { x, y in
                guard case .array(let p) = x, case .array(let q) = y else { return 0 }
                let a = p[0], b = q[0]
                if !a.isNil && b.isNil { return -order }
                if a.isNil && !b.isNil { return order }
                return a.rubyCompare(b) ?? compareBytes(a.toS, b.toS)
            }
            return .array(sorted.map { if case .array(let p) = $0 { return p[1] } else { return $0 } })
        }
        f["push"] = filter(1...1) { input, args, _ in
            guard case .array(let a) = input else { return input }
            return .array(a + [args[0]])
        }
        f["unshift"] = filter(1...1) { input, args, _ in
            guard case .array(let a) = input else { return input }
            return .array([args[0]] + a)
        }
        f["pop"] = filter(0...1) { input, args, _ in
            guard case .array(let a) = input else { return input }
            let n = args.isEmpty ? 1 : try Support.toInteger(args[0])
            if n < 0 { throw LiquidError(.argument, "negative array size") }
            return .array(Array(a.dropLast(n)))
        }
        f["shift"] = filter(0...1) { input, args, _ in
            guard case .array(let a) = input else { return input }
            let n = args.isEmpty ? 1 : try Support.toInteger(args[0])
            if n < 0 { throw LiquidError(.argument, "negative array size") }
            return .array(Array(a.dropFirst(n)))
        }
        f["sample"] = filter(0...1) { input, args, _ in
            // Deterministic stand-in for Ruby's random `sample`: the first item(s).
            let items: [LiquidValue]
            switch input {
            case .array(let a): items = a
            default: return input
            }
            let n = args.isEmpty ? 1 : ((try? Support.toInteger(args[0])) ?? 1)
            if n == 1 { return items.first ?? .nil }
            if n < 0 { throw LiquidError(.argument, "negative sample number") }
            return .array(Array(items.prefix(n)))
        }
        return f
    }

    // MARK: - Dates

    /// Jekyll's `time(input)`: `Liquid::Utils.to_date`, then `localtime` in the site's zone.
    static func time(_ input: LiquidValue, _ context: Context, _ config: JekyllFilterConfig) throws -> LiquidTime {
        guard var t = Support.toDate(input, context) else {
            throw LiquidError(.argument, "Invalid Date: '\(input.inspect)' is not a valid datetime.")
        }
        t.utcOffset = config.localOffset(t.seconds)
        return t
    }

    static func stringifyDate(
        _ input: LiquidValue, _ month: String, _ args: [LiquidValue], _ context: Context, _ config: JekyllFilterConfig
    ) throws -> LiquidValue {
        if input.toS.isEmpty { return input }
        let t = try time(input, context, config)
        if case .string("ordinal") = args.first ?? .nil {
            let day = Int(Strftime.format(t, "%-d")) ?? 0
            let suffix: String
            if (11...13).contains(day) {
                suffix = "th"
            } else {
                switch day % 10 {
                case 1: suffix = "st"
                case 2: suffix = "nd"
                case 3: suffix = "rd"
                default: suffix = "th"
                }
            }
            let ordinal = "\(day)\(suffix)"
            if args.count > 1, case .string("US") = args[1] {
                return .string(Strftime.format(t, "\(month) \(ordinal), %Y"))
            }
            return .string(Strftime.format(t, "\(ordinal) \(month) %Y"))
        }
        return .string(Strftime.format(t, "%d \(month) %Y"))
    }

    // MARK: - URLs

    /// `input.url` when the input is an object with a URL, else the value's text.
    static func urlInput(_ input: LiquidValue) -> String {
        if case .drop(let d) = input, d.keys.contains("url") { return d.value(forKey: "url").toS }
        return input.toS
    }

    static func ensureLeadingSlash(_ s: String) -> String {
        s.isEmpty || s.hasPrefix("/") ? s : "/" + s
    }

    /// `relative_url`: the baseurl (without its trailing slash) joined to the input, normalized.
    static func relativeURL(_ input: String, _ config: JekyllFilterConfig) -> String {
        if AddressableURI.isAbsolute(input) { return input }
        var base = config.baseurl ?? ""
        if base.hasSuffix("/") { base.removeLast() }
        return AddressableURI.normalize(ensureLeadingSlash(base) + ensureLeadingSlash(input))
    }

    /// `absolute_url`: the site URL before the relative URL, normalized.
    static func absoluteURL(_ input: String, _ config: JekyllFilterConfig) -> String {
        if AddressableURI.isAbsolute(input) { return input }
        guard let site = config.url, !site.isEmpty else { return relativeURL(input, config) }
        return AddressableURI.normalize(site + relativeURL(input, config))
    }

    // MARK: - Text

    /// `input.encode(xml: :attr)` without the surrounding quotes.
    static func xmlEscape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func isCJK(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        // \p{Han}, \p{Katakana}, \p{Hiragana}, \p{Hangul} (the Unicode script blocks Onigmo uses).
        return (0x2E80...0x2E99).contains(v) || (0x2E9B...0x2EF3).contains(v) || (0x2F00...0x2FD5).contains(v)
            || v == 0x3005 || v == 0x3007 || (0x3021...0x3029).contains(v) || (0x3038...0x303B).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xF900...0xFA6D).contains(v)
            || (0xFA70...0xFAD9).contains(v) || (0x20000...0x3134A).contains(v)
            || (0x3041...0x3096).contains(v) || (0x309D...0x309F).contains(v)
            || (0x30A1...0x30FA).contains(v) || (0x30FD...0x30FF).contains(v) || (0x31F0...0x31FF).contains(v)
            || (0x32D0...0x32FE).contains(v) || (0x3300...0x3357).contains(v) || (0xFF66...0xFF6F).contains(v)
            || (0xFF71...0xFF9D).contains(v) || v == 0x1B000 || v == 0x1B001 || v == 0x1F200
            || (0x1100...0x11FF).contains(v) || (0x302E...0x302F).contains(v) || (0x3131...0x318E).contains(v)
            || (0x3200...0x321E).contains(v) || (0x3260...0x327E).contains(v) || (0xA960...0xA97C).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xD7B0...0xD7C6).contains(v) || (0xD7CB...0xD7FB).contains(v)
            || (0xFFA0...0xFFBE).contains(v) || (0xFFC2...0xFFDC).contains(v)
    }

    /// `number_of_words(input, mode)`: whitespace words, or CJK characters counted one each.
    static func numberOfWords(_ s: String, mode: String?) -> Int {
        func isSpace(_ c: Unicode.Scalar) -> Bool {
            c == " " || c == "\t" || c == "\n" || c == "\u{0B}" || c == "\u{0C}" || c == "\r"
        }
        func cjkCounts() -> (Int, Int) {
            var cjk = 0, words = 0, inWord = false
            for c in s.unicodeScalars {
                if isCJK(c) {
                    cjk += 1
                    inWord = false
                } else if isSpace(c) {
                    inWord = false
                } else if !inWord {
                    words += 1
                    inWord = true
                }
            }
            return (cjk, words)
        }
        switch mode {
        case "cjk":
            let (c, w) = cjkCounts()
            return c + w
        case "auto":
            let (c, w) = cjkCounts()
            return c == 0 ? Support.awkSplit(s).count : c + w
        default:
            return Support.awkSplit(s).count
        }
    }

    // MARK: - JSON

    /// `as_liquid(input).to_json`, as Ruby's JSON generator writes it.
    static func json(_ v: LiquidValue) throws -> String {
        switch v {
        case .nil: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d):
            if !d.isFinite {
                throw LiquidError(.argument, "\(LiquidValue.rubyFloatString(d)) not allowed in JSON")
            }
            return LiquidValue.rubyFloatString(d)
        case .string(let s): return jsonString(s)
        case .array(let a): return "[" + (try a.map(json)).joined(separator: ",") + "]"
        case .hash(let h):
            return "{" + (try h.pairs.map { jsonString($0.0) + ":" + (try json($0.1)) }).joined(separator: ",") + "}"
        case .drop(let d):
            if let s = d.liquidString, d.keys.isEmpty { return jsonString(s) }
            return try json(.hash(d.toHash()))
        case .range, .time, .emptyLiteral, .blankLiteral: return jsonString(v.toS)
        }
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if c.value < 0x20 {
                    out += String(format: "\\u%04x", c.value)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    // MARK: - Collections

    /// What `respond_to?(:select)` lets through: arrays, ranges, a hash's values.
    static func selectable(_ input: LiquidValue) -> [LiquidValue]? {
        switch input {
        case .array(let a): return a
        case .hash(let h): return h.pairs.map(\.1)
        case .range: return input.iterable
        case .drop(let d): return d.keys.map { d.value(forKey: $0) }
        default: return nil
        }
    }

    /// What `respond_to?(:group_by)` lets through: arrays, ranges, a hash's pairs.
    static func groupable(_ input: LiquidValue) -> [LiquidValue]? {
        switch input {
        case .array(let a): return a
        case .hash, .range, .drop: return input.iterable
        default: return nil
        }
    }

    static func append(_ item: LiquidValue, to key: LiquidValue, in groups: inout [(LiquidValue, [LiquidValue])]) {
        if let i = groups.firstIndex(where: { Support.rubyEql($0.0, key) }) {
            groups[i].1.append(item)
        } else {
            groups.append((key, [item]))
        }
    }

    static func grouped(_ groups: [(LiquidValue, [LiquidValue])]) -> LiquidValue {
        .array(groups.map { .hash(LiquidHash([("name", $0.0), ("items", .array($0.1)), ("size", .int($0.1.count))])) })
    }

    /// Jekyll's `item_property`: `read_liquid_attribute` (dotted paths), then `parse_sort_input`.
    static func itemProperty(_ item: LiquidValue, _ property: String) throws -> LiquidValue {
        var value: LiquidValue
        if !property.contains(".") {
            switch Support.subscriptProperty(item, .string(property)) {
            case .value(let v): value = v
            case .noMethod:
                throw LiquidError(.argument, "undefined method `[]' for \(item.inspect):\(item.rubyClassName)")
            case .typeError: throw LiquidError(.argument, "no implicit conversion of String into Integer")
            }
        } else {
            value = item
            for key in property.split(separator: ".", omittingEmptySubsequences: false) {
                if !value.isTruthy { break }
                switch Support.subscriptProperty(value, .string(String(key))) {
                case .value(let v): value = v
                case .noMethod: value = .bool(false)
                case .typeError: throw LiquidError(.argument, "no implicit conversion of String into Integer")
                }
            }
        }
        return parseSortInput(value)
    }

    /// `parse_sort_input`: integer-like text to Integer, float-like to Float.
    static func parseSortInput(_ v: LiquidValue) -> LiquidValue {
        let s = v.toS
        let trimmed = s.trimmingCharacters(in: CharacterSet(charactersIn: " \t\n\u{0B}\u{0C}\r"))
        var body = Substring(trimmed)
        if body.hasPrefix("-") { body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return v }
        let dots = body.filter { $0 == "." }.count
        if dots == 0 { return .int(Support.rubyToI(s)) }
        if dots == 1 && body != "." { return .float(Double(trimmed.hasSuffix(".") ? trimmed + "0" : trimmed) ?? 0) }
        return v
    }

    /// `compare_property_vs_target`.
    static func compare(_ property: LiquidValue, _ target: LiquidValue) -> Bool {
        switch target {
        case .nil: return property.isNil
        case .emptyLiteral, .blankLiteral:
            return property.rubyEquals(.string("")) || arrayOf(property).map(joinString).joined().isEmpty
        default:
            let t = target.toS
            if case .string(let s) = property { return s == t }
            return arrayOf(property).contains { $0.toS == t }
        }
    }

    /// Ruby's `Array(x)`.
    static func arrayOf(_ v: LiquidValue) -> [LiquidValue] {
        switch v {
        case .nil: return []
        case .array(let a): return a
        case .hash, .range: return v.iterable
        default: return [v]
        }
    }

    /// Ruby's `input.sort` (no property): `<=>` or "comparison of X with Y failed".
    static func rubySort(_ input: LiquidValue) throws -> LiquidValue {
        guard let items = groupable(input) else {
            throw LiquidError(.argument, "undefined method `sort' for \(input.inspect):\(input.rubyClassName)")
        }
        return .array(try StandardFilters.sorted(items) { a, b in
            guard let c = a.rubyCompare(b) else {
                let shown = b.isNil ? "nil" : (b.rubyClassName == "Integer" || b.rubyClassName == "Float" ? b.inspect : b.rubyClassName)
                throw LiquidError(.argument, "comparison of \(a.rubyClassName) with \(shown) failed")
            }
            return c
        })
    }

    /// Ruby's `Array#join` element text (nested arrays joined, nil empty).
    static func joinString(_ v: LiquidValue) -> String {
        if case .array(let a) = v { return a.map(joinString).joined() }
        return v.toS
    }

    /// Ruby's byte-wise `String#<=>`.
    static func compareBytes(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        for (p, q) in zip(x, y) where p != q { return p < q ? -1 : 1 }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }
}

/// The parts of Addressable's `URI#normalize` and `normalize_component` that Jekyll's URL
/// filters use: percent-encoding normalized per component, scheme and host lowercased,
/// default ports dropped, dot segments removed, an empty query or fragment dropped.
enum AddressableURI {
    private static func set(_ s: String) -> Set<UInt8> { Set(s.utf8) }
    static let unreserved = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    static let subDelims = set("!$&'()*+,;=")
    /// `RESERVED + UNRESERVED` (the default class of `normalize_component`).
    static let reservedUnreserved = unreserved.union(subDelims).union(set(":/?#[]@"))
    static let pathClass = unreserved.union(subDelims).union(set(":@/"))
    static let queryClass = unreserved.union(set("!$'()*+,=:@/?"))
    static let fragmentClass = unreserved.union(subDelims).union(set(":@/?"))

    /// The parts of `^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$`.
    struct Parts {
        var scheme: String?
        var authority: String?
        var path: String
        var query: String?
        var fragment: String?
    }

    static func parse(_ s: String) -> Parts {
        var rest = Substring(s)
        var parts = Parts(path: "")
        if let colon = rest.firstIndex(of: ":"), colon != rest.startIndex,
            !rest[..<colon].contains(where: { "/?#".contains($0) })
        {
            parts.scheme = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            let a = rest.index(rest.startIndex, offsetBy: 2)
            let end = rest[a...].firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
            parts.authority = String(rest[a..<end])
            rest = rest[end...]
        }
        let pathEnd = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? rest.endIndex
        parts.path = String(rest[..<pathEnd])
        rest = rest[pathEnd...]
        if rest.hasPrefix("?") {
            let end = rest.firstIndex(of: "#") ?? rest.endIndex
            parts.query = String(rest[rest.index(after: rest.startIndex)..<end])
            rest = rest[end...]
        }
        if rest.hasPrefix("#") { parts.fragment = String(rest.dropFirst()) }
        return parts
    }

    /// `Addressable::URI.parse(s).absolute?`: the text has a scheme.
    static func isAbsolute(_ s: String) -> Bool { parse(s).scheme != nil }

    /// `Addressable::URI.normalize_component(s, class, leave_encoded)`.
    static func normalizeComponent(_ s: String, allowed: Set<UInt8>, leaveEncoded: Set<UInt8>) -> String {
        enum Piece { case raw([UInt8]), kept(String) }
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
        let u = Array(s.utf8)
        var pieces: [Piece] = []
        var raw: [UInt8] = []
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let h = hex(u[i + 1]), let l = hex(u[i + 2]) {
                let d = h << 4 | l
                if leaveEncoded.contains(d) {
                    pieces.append(.raw(raw))
                    raw = []
                    pieces.append(.kept(String(format: "%%%02X", d)))
                } else {
                    raw.append(d)
                }
                i += 3
                continue
            }
            raw.append(u[i])
            i += 1
        }
        pieces.append(.raw(raw))
        var out = ""
        for piece in pieces {
            switch piece {
            case .kept(let s): out += s
            case .raw(let bytes):
                var b = bytes
                if let text = String(validating: bytes, as: UTF8.self) {
                    b = Array(text.precomposedStringWithCanonicalMapping.utf8)
                }
                for c in b {
                    if allowed.contains(c) {
                        out.unicodeScalars.append(Unicode.Scalar(c))
                    } else {
                        out += String(format: "%%%02X", c)
                    }
                }
            }
        }
        return out
    }

    /// RFC 3986 `remove_dot_segments`.
    static func removeDotSegments(_ path: String) -> String {
        var input = Substring(path)
        var out = ""
        while !input.isEmpty {
            if input.hasPrefix("../") {
                input = input.dropFirst(3)
            } else if input.hasPrefix("./") {
                input = input.dropFirst(2)
            } else if input.hasPrefix("/./") {
                input = input.dropFirst(2)
            } else if input == "/." {
                input = "/"
            } else if input.hasPrefix("/../") || input == "/.." {
                input = input == "/.." ? "/" : input.dropFirst(3)
                if let slash = out.lastIndex(of: "/") { out = String(out[..<slash]) } else { out = "" }
            } else if input == "." || input == ".." {
                input = ""
            } else {
                let start = input.hasPrefix("/") ? input.index(after: input.startIndex) : input.startIndex
                let end = input[start...].firstIndex(of: "/") ?? input.endIndex
                out += input[..<end]
                input = input[end...]
            }
        }
        return out
    }

    /// `Addressable::URI.parse(s).normalize.to_s`.
    static func normalize(_ s: String) -> String {
        let p = parse(s)
        var out = ""
        let scheme = p.scheme?.lowercased()
        if let scheme { out += scheme + ":" }
        if var authority = p.authority {
            var userinfo = ""
            if let at = authority.lastIndex(of: "@") {
                userinfo = String(authority[...at])
                authority = String(authority[authority.index(after: at)...])
            }
            var host = authority, port: String?
            if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
                host = String(authority[..<colon])
                port = String(authority[authority.index(after: colon)...])
            }
            host = host.lowercased()
            let defaults = ["http": "80", "https": "443", "ftp": "21", "ws": "80", "wss": "443"]
            if let pt = port, pt.isEmpty || (scheme.flatMap { defaults[$0] } == pt) { port = nil }
            out += "//" + userinfo + host + (port.map { ":" + $0 } ?? "")
        }
        var path = normalizeComponent(p.path, allowed: pathClass, leaveEncoded: set("/"))
        if path.contains(".") { path = removeDotSegments(path) }
        if path.isEmpty, p.authority != nil, let scheme, ["http", "https", "ftp", "tftp"].contains(scheme) { path = "/" }
        out += path
        if let q = p.query, !q.isEmpty {
            out += "?" + q.split(separator: "&", omittingEmptySubsequences: false)
                .map { normalizeComponent(String($0), allowed: queryClass, leaveEncoded: set("+")) }
                .joined(separator: "&")
        }
        if let f = p.fragment, !f.isEmpty {
            out += "#" + normalizeComponent(f, allowed: fragmentClass, leaveEncoded: [])
        }
        return out
    }
}
