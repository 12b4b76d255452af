import Foundation

/// How strictly markup is parsed (Liquid's `error_mode`).
public enum LiquidParseMode: Sendable {
    /// Liquid's lax regex-based parsing: odd markup is read as best it can be.
    case lax
    /// Strict parsing: odd markup is a syntax error.
    case strict
    /// Strict first, lax on failure with a warning (Jekyll's default).
    case warn
}

/// An expression: a literal, a variable lookup or a range.
indirect enum Expr: Sendable {
    case literal(LiquidValue)
    /// `name.key[expr].size`: the first part names the variable (itself possibly `[expr]`).
    case lookup(name: Expr, keys: [LookupKey])
    /// `(a..b)` with at least one non-literal end.
    case range(Expr, Expr)

    enum LookupKey: Sendable {
        /// `.name`: looked up as a key; `size`/`first`/`last` fall back to the command.
        case name(String, isCommand: Bool)
        /// `[expr]`.
        case index(Expr)
    }

    func evaluate(_ context: Context) throws(LiquidError) -> LiquidValue {
        switch self {
        case .literal(let v): return v
        case .range(let a, let b):
            return .range(try Self.rangeInteger(a.evaluate(context)), try Self.rangeInteger(b.evaluate(context)))
        case .lookup(let nameExpr, let keys):
            let nameValue = try nameExpr.evaluate(context)
            let name: String
            switch nameValue {
            case .string(let s): name = s
            default: name = nameValue.toS
            }
            guard var object = context.variable(name) else {
                if context.environment.strictVariables { throw LiquidError(.argument, "undefined variable \(name)") }
                return .nil
            }
            for key in keys {
                switch key {
                case .name(let k, let isCommand):
                    if let v = Self.find(object, .string(k)) {
                        object = v
                    } else if isCommand, let v = object.command(k) {
                        object = v
                    } else {
                        if context.environment.strictVariables { throw LiquidError(.argument, "undefined variable \(k)") }
                        return .nil
                    }
                case .index(let e):
                    let k = try e.evaluate(context)
                    if let v = Self.find(object, k) {
                        object = v
                    } else {
                        if context.environment.strictVariables { throw LiquidError(.argument, "undefined variable \(k.toS)") }
                        return .nil
                    }
                }
            }
            return object
        }
    }

    /// Ruby's `object.key?(key) || (object.respond_to?(:fetch) && key.is_a?(Integer))` then `object[key]`.
    static func find(_ object: LiquidValue, _ key: LiquidValue) -> LiquidValue? {
        switch (object, key) {
        case (.hash(let h), .string(let k)): return h[k]
        case (.drop(let d), .string(let k)):
            let v = d.value(forKey: k)
            if case .nil = v, !d.keys.contains(k) { return nil }
            return v
        case (.array(let a), .int(let i)):
            let j = i < 0 ? a.count + i : i
            return j >= 0 && j < a.count ? a[j] : .nil
        default: return nil
        }
    }

    static func rangeInteger(_ v: LiquidValue) throws(LiquidError) -> Int {
        switch v {
        case .int(let i): return i
        case .nil: return 0
        case .string(let s): return RubyNumber.toI(s)
        case .float(let d):
            guard d.isFinite else { throw LiquidError(.argument, "invalid integer") }
            return Int(saturating: d)
        case .bool, .array, .hash, .range, .time, .drop, .emptyLiteral, .blankLiteral:
            throw LiquidError(.argument, "invalid integer")
        }
    }

    /// `Liquid::Expression.parse`.
    static func parse(_ raw: Substring) -> Expr {
        let markup = raw.rubyStripped[...]
        if markup.count >= 2, let f = markup.first, f == markup.last, f == "\"" || f == "'" {
            return .literal(.string(String(markup.dropFirst().dropLast())))
        }
        if markup.count == 1, markup == "\"" || markup == "'" {
            // A lone quote both starts and ends with a quote: Ruby's markup[1..-2] is "".
            return .literal(.string(""))
        }
        if Self.isInteger(markup) { return .literal(.int(Int(markup) ?? (markup.hasPrefix("-") ? Int.min : Int.max))) }
        if let (a, b) = Self.matchRange(markup) {
            let start = parse(a), end = parse(b)
            if case .literal(let x) = start, case .literal(let y) = end {
                return .literal(.range(Self.literalToI(x), Self.literalToI(y)))
            }
            return .range(start, end)
        }
        if Self.isFloat(markup) { return .literal(.float(RubyNumber.toF(String(markup)))) }
        switch markup {
        case "", "nil", "null": return .literal(.nil)
        case "true": return .literal(.bool(true))
        case "false": return .literal(.bool(false))
        case "blank", "empty": return .literal(.string(""))
        default: return parseLookup(markup)
        }
    }

    /// `Condition.parse_expression`: `blank` and `empty` become method literals.
    static func parseConditionOperand(_ markup: Substring) -> Expr {
        switch markup {
        case "blank": return .literal(.blankLiteral)
        case "empty": return .literal(.emptyLiteral)
        default: return parse(markup)
        }
    }

    private static func literalToI(_ v: LiquidValue) -> Int {
        switch v {
        case .int(let i): return i
        case .float(let d): return Int(saturating: d)
        case .string(let s): return RubyNumber.toI(s)
        case .nil: return 0
        case .bool, .array, .hash, .range, .time, .drop, .emptyLiteral, .blankLiteral: return 0
        }
    }

    static func isInteger(_ s: Substring) -> Bool {
        var u = s.utf8[...]
        if u.first == UInt8(ascii: "-") { u = u.dropFirst() }
        return !u.isEmpty && u.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// `\A(-?\d[\d\.]+)\z`
    static func isFloat(_ s: Substring) -> Bool {
        var u = s.utf8[...]
        if u.first == UInt8(ascii: "-") { u = u.dropFirst() }
        guard let f = u.first, f >= 48 && f <= 57, u.count >= 2 else { return false }
        return u.dropFirst().allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") }
    }

    /// `\A\(\s*(?>(\S+)\s*\.\.)\s*(\S+)\s*\)\z`
    static func matchRange(_ s: Substring) -> (Substring, Substring)? {
        guard s.hasPrefix("("), s.hasSuffix(")"), s.count >= 2 else { return nil }
        let inner = s.dropFirst().dropLast()
        // (?>(\S+)\s*\.\.) is atomic: \S+ takes the longest run of non-space, then backs off only
        // as far as needed for "..": Ruby's atomic group commits to the first way that matches.
        var i = inner.startIndex
        while i < inner.endIndex, rubySpace.contains(inner.unicodeScalars[i]) { i = inner.index(after: i) }
        var runEnd = i
        while runEnd < inner.endIndex, !rubySpace.contains(inner.unicodeScalars[runEnd]) { runEnd = inner.index(after: runEnd) }
        guard runEnd > i else { return nil }
        // Try the longest \S+ whose following \s* is followed by "..".
        var candidate = runEnd
        while candidate > i {
            var j = candidate
            while j < inner.endIndex, rubySpace.contains(inner.unicodeScalars[j]) { j = inner.index(after: j) }
            if inner[j...].hasPrefix("..") {
                let first = inner[i..<candidate]
                var k = inner.index(j, offsetBy: 2)
                while k < inner.endIndex, rubySpace.contains(inner.unicodeScalars[k]) { k = inner.index(after: k) }
                var e = k
                while e < inner.endIndex, !rubySpace.contains(inner.unicodeScalars[e]) { e = inner.index(after: e) }
                guard e > k else { return nil }
                var t = e
                while t < inner.endIndex, rubySpace.contains(inner.unicodeScalars[t]) { t = inner.index(after: t) }
                // \S+ is greedy but may back off; the rest must be only spaces.
                guard t == inner.endIndex else { return nil }
                return (first, inner[k..<e])
            }
            candidate = inner.index(before: candidate)
        }
        return nil
    }

    /// `VariableLookup.parse`: `markup.scan(/\[[^\]]+\]|[\w\-]+\??/)`.
    static func parseLookup(_ markup: Substring) -> Expr {
        var parts: [Substring] = []
        var i = markup.startIndex
        while i < markup.endIndex {
            let c = markup[i]
            if c == "[" {
                var j = markup.index(after: i)
                while j < markup.endIndex, markup[j] != "]" { j = markup.index(after: j) }
                if j < markup.endIndex, j > markup.index(after: i) {
                    parts.append(markup[i...j])
                    i = markup.index(after: j)
                    continue
                }
            }
            if isWordOrDash(c) {
                var j = i
                while j < markup.endIndex, isWordOrDash(markup[j]) { j = markup.index(after: j) }
                if j < markup.endIndex, markup[j] == "?" { j = markup.index(after: j) }
                parts.append(markup[i..<j])
                i = j
                continue
            }
            i = markup.index(after: i)
        }
        guard let first = parts.first else { return .lookup(name: .literal(.nil), keys: []) }
        let name: Expr = first.hasPrefix("[") && first.hasSuffix("]")
            ? parse(first.dropFirst().dropLast()) : .literal(.string(String(first)))
        let keys: [LookupKey] = parts.dropFirst().map { part in
            if part.hasPrefix("[") && part.hasSuffix("]") { return .index(parse(part.dropFirst().dropLast())) }
            return .name(String(part), isCommand: part == "size" || part == "first" || part == "last")
        }
        return .lookup(name: name, keys: keys)
    }

    static func isWordOrDash(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return (a >= 48 && a <= 57) || (a >= 65 && a <= 90) || (a >= 97 && a <= 122) || a == 95 || a == 45
    }
}

/// Ruby's whitespace for `strip` and `\s`.
let rubySpace = CharacterSet(charactersIn: " \t\n\r\u{0B}\u{0C}\0")

extension Substring {
    /// Ruby's `strip`: ASCII white space and NUL off both ends.
    var rubyStripped: String {
        let u = self.utf8
        func space(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) || b == 0 }
        guard let first = u.firstIndex(where: { !space($0) }) else { return "" }
        var last = u.index(before: u.endIndex)
        while space(u[last]) { last = u.index(before: last) }
        return String(self[first...last])
    }
}

extension String {
    /// Ruby's `strip`: ASCII white space and NUL off both ends.
    var rubyStripped: String { self[...].rubyStripped }
}

/// Ruby's String#to_i / #to_f.
enum RubyNumber {
    static func toI(_ s: String) -> Int {
        var u = s.utf8[...]
        while let f = u.first, f == 32 || (f >= 9 && f <= 13) { u = u.dropFirst() }
        var negative = false
        if let f = u.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { negative = f == UInt8(ascii: "-"); u = u.dropFirst() }
        var n = 0
        var lastUnderscore = false
        var any = false
        for b in u {
            if b >= 48 && b <= 57 {
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(b - 48))
                n = (o1 || o2) ? Int.max : a
                any = true
                lastUnderscore = false
            } else if b == UInt8(ascii: "_") && any && !lastUnderscore {
                lastUnderscore = true
            } else {
                break
            }
        }
        return negative ? -n : n
    }

    static func toF(_ s: String) -> Double {
        var u = Substring(s)
        while let f = u.first, f == " " || f == "\t" || f == "\n" { u = u.dropFirst() }
        var end = u.startIndex
        var i = u.startIndex
        if i < u.endIndex, u[i] == "-" || u[i] == "+" { i = u.index(after: i) }
        var sawDigit = false
        while i < u.endIndex, u[i].isASCII, u[i].isNumber { i = u.index(after: i); sawDigit = true; end = i }
        if sawDigit, i < u.endIndex, u[i] == "." {
            var j = u.index(after: i)
            var frac = false
            while j < u.endIndex, u[j].isASCII, u[j].isNumber { j = u.index(after: j); frac = true }
            if frac { end = j; i = j }
        }
        if sawDigit, i == end, i < u.endIndex, u[i] == "e" || u[i] == "E" {
            var j = u.index(after: i)
            if j < u.endIndex, u[j] == "-" || u[j] == "+" { j = u.index(after: j) }
            var exp = false
            while j < u.endIndex, u[j].isASCII, u[j].isNumber { j = u.index(after: j); exp = true }
            if exp { end = j }
        }
        return Double(u[u.startIndex..<end]) ?? 0
    }
}

/// Regexes of Ruby Liquid's lax parser, with Ruby's ASCII-only `\s` and `\w`.
enum LaxPatterns {
    static let quotedString = #""[^"]*"|'[^']*'"#
    static let quotedFragment = #"(?:"[^"]*"|'[^']*'|(?:[^ \t\r\n\f\v,\|'"]|"[^"]*"|'[^']*')+)"#
    static let tagAttributes = #"([A-Za-z0-9_][A-Za-z0-9_-]*)[ \t\r\n\f\v]*:[ \t\r\n\f\v]*("# + quotedFragment + ")"

    static func regex(_ pattern: String) -> NSRegularExpression {
        // The patterns are constants of this file; a failure is a programming error.
        try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    }

    static let markupWithQuotedFragment = regex("(" + quotedFragment + ")(.*)")
    static let filterMarkup = regex(#"\|[ \t\r\n\f\v]*(.*)"#)
    static let filterParser = regex(#"(?:[ \t\r\n\f\v]+|"# + quotedFragment + "|,)+")
    static let filterArgs = regex(#"(?::|,)[ \t\r\n\f\v]*((?:[A-Za-z0-9_]+[ \t\r\n\f\v]*:[ \t\r\n\f\v]*)?"# + quotedFragment + ")")
    static let justTagAttributes = regex(#"\A"# + tagAttributes + #"\z"#)
    static let word = regex("[A-Za-z0-9_]+")
    static let tagAttributesRegex = regex(tagAttributes)
    static let quotedFragmentGroup = regex("(" + quotedFragment + ")")
    static let tablerowSyntax = regex(#"([A-Za-z0-9_]+)[ \t\r\n\f\v]+in[ \t\r\n\f\v]+("# + quotedFragment + "+)")
    static let namedCycle = regex(#"\A("# + quotedFragment + #")[ \t\r\n\f\v]*:[ \t\r\n\f\v]*(.*)"#)
    static let simpleCycle = regex(#"\A"# + quotedFragment + "+")
    static let whenSyntax = regex("(" + quotedFragment + #")(?:(?:[ \t\r\n\f\v]+or[ \t\r\n\f\v]+|[ \t\r\n\f\v]*,[ \t\r\n\f\v]*)("# + quotedFragment + ".*))?")
    static let cycleValue = regex(#"[ \t\r\n\f\v]*("# + quotedFragment + #")[ \t\r\n\f\v]*"#)
    static let forSyntax = regex(#"\A([A-Za-z0-9_-]+)[ \t\r\n\f\v]+in[ \t\r\n\f\v]+("# + quotedFragment + #"+)[ \t\r\n\f\v]*(reversed)?"#)
    static let inlineCommentInvalid = regex(#"\n[ \t\r\n\f\v]*[^# \t\r\n\f\v]"#)
    static let ifSyntax = regex("(" + quotedFragment + #")[ \t\r\n\f\v]*([=!<>a-z_]+)?[ \t\r\n\f\v]*("# + quotedFragment + ")?")
    static let expressionsAndOperators = regex(
        #"(?:\b(?:[ \t\r\n\f\v]?and[ \t\r\n\f\v]?|[ \t\r\n\f\v]?or[ \t\r\n\f\v]?)\b|(?:[ \t\r\n\f\v]*(?!\b(?:[ \t\r\n\f\v]?and[ \t\r\n\f\v]?|[ \t\r\n\f\v]?or[ \t\r\n\f\v]?)\b)(?:"#
            + quotedFragment + #"|[^ \t\r\n\f\v]+)[ \t\r\n\f\v]*)+)"#)

    /// All matches of `regex` in `s`, each as its capture groups (group 0 first).
    static func scan(_ regex: NSRegularExpression, _ s: String) -> [[String?]] {
        regex.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { m in
            (0..<m.numberOfRanges).map { g in
                Range(m.range(at: g), in: s).map { String(s[$0]) }
            }
        }
    }

    /// The first match of `regex` in `s`.
    static func firstMatch(_ regex: NSRegularExpression, _ s: String) -> [String?]? {
        guard let m = regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) else { return nil }
        return (0..<m.numberOfRanges).map { g in
            Range(m.range(at: g), in: s).map { String(s[$0]) }
        }
    }

    /// `\A(\w[\w-]*)\s*:\s*(QuotedFragment)\z` without a regex: a keyword argument's name and value.
    static func keywordArgument(_ a: String) -> (String, String)? {
        let u = Array(a.utf8)
        func word(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 }
        func space(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) }
        guard let f = u.first, word(f) else { return nil }
        var i = 1
        while i < u.count, word(u[i]) || u[i] == UInt8(ascii: "-") { i += 1 }
        let nameEnd = i
        while i < u.count, space(u[i]) { i += 1 }
        guard i < u.count, u[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        while i < u.count, space(u[i]) { i += 1 }
        let valueStart = i
        guard valueStart < u.count, isQuotedFragment(u[valueStart...]) else { return nil }
        return (String(decoding: u[..<nameEnd], as: UTF8.self), String(decoding: u[valueStart...], as: UTF8.self))
    }

    /// Whether all of `u` is one QuotedFragment.
    static func isQuotedFragment(_ u: ArraySlice<UInt8>) -> Bool {
        var i = u.startIndex
        guard i < u.endIndex else { return false }
        while i < u.endIndex {
            let b = u[i]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                guard let close = u[(i + 1)...].firstIndex(of: b) else { return false }
                i = close + 1
            } else if b == 32 || (b >= 9 && b <= 13) || b == UInt8(ascii: ",") || b == UInt8(ascii: "|") {
                return false
            } else {
                i += 1
            }
        }
        return true
    }
}

/// `{{ expression | filter: args }}`: an expression and the filters applied to it in turn.
struct FilteredExpression: Sendable {
    struct FilterCall: Sendable {
        var name: String
        var args: [Expr]
        var keywordArgs: [(String, Expr)]
    }

    var expression: Expr?
    var filters: [FilterCall]

    func evaluate(_ context: Context) throws(LiquidError) -> LiquidValue {
        var value = try expression?.evaluate(context) ?? .nil
        for f in filters {
            var args = try f.args.map { (e: Expr) throws(LiquidError) -> LiquidValue in try e.evaluate(context) }
            if !f.keywordArgs.isEmpty {
                var h = LiquidHash()
                for (k, e) in f.keywordArgs { h[k] = try e.evaluate(context) }
                args.append(.hash(h))
            }
            value = try context.applyFilter(f.name, value, args)
        }
        return value
    }
}

/// A condition of `if`, `unless`, `elsif`: comparisons joined by `and`/`or`, evaluated left to
/// right with Liquid's right-leaning grouping (`a or b and c` is `a or (b and c)`).
struct ConditionExpr: Sendable {
    struct Comparison: Sendable {
        var left: Expr
        var op: String?
        var right: Expr?
    }
    enum Relation: Sendable { case and, or }

    /// Comparisons, each with how it joins the next.
    var parts: [(Comparison, Relation?)]

    func evaluate(_ context: Context) throws(LiquidError) -> Bool {
        try value(context).isTruthy
    }

    func value(_ context: Context) throws(LiquidError) -> LiquidValue {
        var result: LiquidValue = .nil
        for (comparison, relation) in parts {
            result = try Self.interpret(comparison, context)
            switch relation {
            case .or?: if result.isTruthy { return result }
            case .and?: if !result.isTruthy { return result }
            case nil: return result
            }
        }
        return result
    }

    static func interpret(_ c: Comparison, _ context: Context) throws(LiquidError) -> LiquidValue {
        let left = try c.left.evaluate(context)
        guard let op = c.op else { return left }
        let right = try c.right?.evaluate(context) ?? .nil
        switch op {
        case "==": return equal(left, right)
        case "!=", "<>":
            let e = equal(left, right)
            return e.isNil ? .bool(true) : .bool(!e.isTruthy)
        case "contains": return .bool(contains(left, right))
        case "<", ">", "<=", ">=":
            return try order(left, right, op)
        default:
            throw LiquidError(.argument, "Unknown operator \(op)")
        }
    }

    /// `equal_variables`: method literals ask `empty?`/`blank?`; nil when the method is missing.
    static func equal(_ left: LiquidValue, _ right: LiquidValue) -> LiquidValue {
        switch (left, right) {
        case (.emptyLiteral, _): return right.rubyEmpty.map(LiquidValue.bool) ?? .nil
        case (.blankLiteral, _): return right.rubyBlank.map(LiquidValue.bool) ?? .nil
        case (_, .emptyLiteral): return left.rubyEmpty.map(LiquidValue.bool) ?? .nil
        case (_, .blankLiteral): return left.rubyBlank.map(LiquidValue.bool) ?? .nil
        default: return .bool(left.rubyEquals(right))
        }
    }

    static func contains(_ left: LiquidValue, _ right: LiquidValue) -> Bool {
        guard left.isTruthy, right.isTruthy else { return false }
        switch left {
        case .string(let s):
            let needle = right.toS
            return needle.isEmpty || s.contains(needle) && !needle.isEmpty
        case .array(let a): return a.contains { $0.rubyEquals(right) }
        case .hash(let h):
            if case .string(let k) = right { return h[k] != nil }
            return false
        case .range(let a, let b):
            switch right {
            case .int(let i): return i >= a && i <= b
            case .float(let d): return d >= Double(a) && d <= Double(b)
            default: return false
            }
        case .nil, .bool, .int, .float, .time, .drop, .emptyLiteral, .blankLiteral: return false
        }
    }

    static func order(_ left: LiquidValue, _ right: LiquidValue, _ op: String) throws(LiquidError) -> LiquidValue {
        // Only numbers, strings and times respond to < in Ruby; hashes are excluded by Liquid.
        func comparable(_ v: LiquidValue) -> Bool {
            switch v {
            case .int, .float, .string, .time: return true
            case .nil, .bool, .array, .hash, .range, .drop, .emptyLiteral, .blankLiteral: return false
            }
        }
        guard comparable(left), comparable(right) else { return .nil }
        guard let c = left.rubyCompare(right) else {
            let rightDesc: String
            switch right {
            case .int, .float: rightDesc = right.toS
            default: rightDesc = right.rubyClassName
            }
            throw LiquidError(.argument, "comparison of \(left.rubyClassName) with \(rightDesc) failed")
        }
        switch op {
        case "<": return .bool(c < 0)
        case ">": return .bool(c > 0)
        case "<=": return .bool(c <= 0)
        default: return .bool(c >= 0)
        }
    }
}

/// Parsers for the markup inside `{{ }}` and inside tags.
enum ExpressionParser {
    /// Parses `expr | filter: a, k: v | ...` (a `Liquid::Variable`).
    static func parseFilteredExpression(_ markup: Substring, mode: LiquidParseMode, warn: ((LiquidError) -> Void)? = nil) throws(LiquidError) -> FilteredExpression {
        switch mode {
        case .strict: return try strictFiltered(markup)
        case .lax: return laxFiltered(markup)
        case .warn:
            do { return try strictFiltered(markup) } catch {
                warn?(error)
                return laxFiltered(markup)
            }
        }
    }

    static func parseFilteredExpression(_ markup: String, strict: Bool) throws(LiquidError) -> FilteredExpression {
        try parseFilteredExpression(markup[...], mode: strict ? .strict : .warn)
    }

    static func strictFiltered(_ markup: Substring) throws(LiquidError) -> FilteredExpression {
        var p = try StrictParser(markup)
        if p.look(.end) { return FilteredExpression(expression: nil, filters: []) }
        let name = Expr.parse(try p.expression()[...])
        var filters: [FilteredExpression.FilterCall] = []
        while p.consumeIf(.pipe) != nil {
            let filterName = try p.consume(.id)
            var args: [String] = []
            if p.consumeIf(.colon) != nil {
                args.append(try p.argument())
                while p.consumeIf(.comma) != nil { args.append(try p.argument()) }
            }
            filters.append(filterCall(filterName, args))
        }
        _ = try p.consume(.end)
        return FilteredExpression(expression: name, filters: filters)
    }

    static func laxFiltered(_ markup: Substring) -> FilteredExpression {
        let s = String(markup)
        guard let m = LaxPatterns.firstMatch(LaxPatterns.markupWithQuotedFragment, s) else {
            return FilteredExpression(expression: nil, filters: [])
        }
        let name = Expr.parse((m[1] ?? "")[...])
        var filters: [FilteredExpression.FilterCall] = []
        if let rest = m[2], let fm = LaxPatterns.firstMatch(LaxPatterns.filterMarkup, rest), let chain = fm[1] {
            for f in LaxPatterns.scan(LaxPatterns.filterParser, chain) {
                guard let text = f[0], let w = LaxPatterns.firstMatch(LaxPatterns.word, text), let filterName = w[0] else { continue }
                let args = LaxPatterns.scan(LaxPatterns.filterArgs, text).compactMap { $0[1] }
                filters.append(filterCall(filterName, args))
            }
        }
        return FilteredExpression(expression: name, filters: filters)
    }

    static func filterCall(_ name: String, _ args: [String]) -> FilteredExpression.FilterCall {
        var positional: [Expr] = []
        var keyword: [(String, Expr)] = []
        for a in args {
            if let (k, v) = LaxPatterns.keywordArgument(a) {
                keyword.append((k, Expr.parse(v[...])))
            } else {
                positional.append(Expr.parse(a[...]))
            }
        }
        return FilteredExpression.FilterCall(name: name, args: positional, keywordArgs: keyword)
    }

    /// Parses an `if` condition.
    static func parseCondition(_ markup: Substring, mode: LiquidParseMode, warn: ((LiquidError) -> Void)? = nil) throws(LiquidError) -> ConditionExpr {
        switch mode {
        case .strict: return try strictCondition(markup)
        case .lax: return try laxCondition(markup)
        case .warn:
            do { return try strictCondition(markup) } catch {
                warn?(error)
                return try laxCondition(markup)
            }
        }
    }

    static func parseCondition(_ markup: String, strict: Bool) throws(LiquidError) -> ConditionExpr {
        try parseCondition(markup[...], mode: strict ? .strict : .warn)
    }

    static func strictCondition(_ markup: Substring) throws(LiquidError) -> ConditionExpr {
        var p = try StrictParser(markup)
        var parts: [(ConditionExpr.Comparison, ConditionExpr.Relation?)] = []
        while true {
            let a = Expr.parseConditionOperand(try p.expression()[...])
            var comparison = ConditionExpr.Comparison(left: a, op: nil, right: nil)
            if let op = p.consumeIf(.comparison) {
                comparison.op = op
                comparison.right = Expr.parseConditionOperand(try p.expression()[...])
            }
            if p.id("and") {
                parts.append((comparison, .and))
            } else if p.id("or") {
                parts.append((comparison, .or))
            } else {
                parts.append((comparison, nil))
                break
            }
        }
        _ = try p.consume(.end)
        return ConditionExpr(parts: parts)
    }

    static func laxCondition(_ markup: Substring) throws(LiquidError) -> ConditionExpr {
        var expressions = LaxPatterns.scan(LaxPatterns.expressionsAndOperators, String(markup)).map { $0[0] ?? "" }
        func comparison(_ text: String) throws(LiquidError) -> ConditionExpr.Comparison {
            guard let m = LaxPatterns.firstMatch(LaxPatterns.ifSyntax, text) else {
                throw LiquidError(.syntax, "Syntax Error in tag 'if' - Valid syntax: if [expression]")
            }
            return ConditionExpr.Comparison(
                left: Expr.parseConditionOperand((m[1] ?? "")[...]), op: m[2],
                right: m[3].map { Expr.parseConditionOperand($0[...]) } ?? (m[2] == nil ? nil : .literal(.nil)))
        }
        guard let last = expressions.popLast() else {
            throw LiquidError(.syntax, "Syntax Error in tag 'if' - Valid syntax: if [expression]")
        }
        var parts: [(ConditionExpr.Comparison, ConditionExpr.Relation?)] = [(try comparison(last), nil)]
        while !expressions.isEmpty {
            let op = expressions.removeLast().rubyStripped
            let text = expressions.popLast() ?? ""
            let c = try comparison(text)
            let relation: ConditionExpr.Relation
            switch op {
            case "and": relation = .and
            case "or": relation = .or
            default: throw LiquidError(.syntax, "Syntax Error in tag 'if' - Valid syntax: if [expression]")
            }
            parts.insert((c, relation), at: 0)
        }
        return ConditionExpr(parts: parts)
    }
}
