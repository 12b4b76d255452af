import BlogModel
import Foundation
import Yams

/// Loads YAML the way Jekyll 4.3 does (`Psych.safe_load` with `Date` and `Time` permitted):
/// YAML 1.1 scalars (`yes`/`no`/`on`/`off` are booleans, `1,000` and `0o17`-style octals are
/// integers, `1:20` is sexagesimal), unquoted dates and timestamps typed, keys kept in order.
enum YAMLLoader {
    /// A YAML problem with a 1-based place in the YAML text.
    struct Failure: Error {
        var line: Int?
        var column: Int?
        var message: String
    }

    /// Parses the first document of `text`; nil for an empty document. Simple front matter
    /// (see `SimpleYAML`) is read without libyaml, to the same values.
    static func load(_ text: String) throws(Failure) -> MetadataValue? {
        if let simple = SimpleYAML.load(text) { return simple }
        return try loadWithLibyaml(text)
    }

    /// `load` through libyaml (Yams) only.
    static func loadWithLibyaml(_ text: String) throws(Failure) -> MetadataValue? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, Resolver.basic, .default, .utf8)
        } catch let error as YamlError {
            throw failure(from: error)
        } catch {
            throw Failure(line: nil, column: nil, message: "\(error)")
        }
        guard let node else { return nil }
        return try convert(node)
    }

    private static func failure(from error: YamlError) -> Failure {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // Point at where the broken construct starts (e.g. the unclosed quote), not where
            // the parser gave up; but a tab is shown where it is.
            if let context {
                let at = problem.hasPrefix("found a tab character") ? mark : context.mark
                return Failure(line: at.line, column: at.column, message: "\(problem) \(context.text)")
            }
            return Failure(line: mark.line, column: mark.column, message: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Failure(
                line: context.mark.line, column: context.mark.column,
                message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in a mapping")
        case .reader(let problem, let offset, _, let yaml):
            var line = 1
            var column = 1
            if let offset {
                for (n, ch) in yaml.unicodeScalars.enumerated() {
                    if n >= offset { break }
                    if ch == "\n" {
                        line += 1
                        column = 1
                    } else {
                        column += 1
                    }
                }
            }
            return Failure(line: offset == nil ? nil : line, column: offset == nil ? nil : column, message: problem)
        default:
            return Failure(line: nil, column: nil, message: "\(error)")
        }
    }

    private static func convert(_ node: Node) throws(Failure) -> MetadataValue {
        switch node {
        case .scalar(let scalar):
            return try scalarValue(scalar)
        case .sequence(let sequence):
            var items: [MetadataValue] = []
            for item in sequence { items.append(try convert(item)) }
            return .list(items)
        case .mapping(let mapping):
            // Ruby Hash semantics: a later key replaces an earlier one in its place; `<<` merge
            // keys (Psych's revive_hash) merge a mapping, or a sequence of them, in at that point.
            var keys: [String] = []
            var values: [String: MetadataValue] = [:]
            func set(_ k: String, _ v: MetadataValue) {
                if values.updateValue(v, forKey: k) == nil { keys.append(k) }
            }
            for (key, value) in mapping {
                if case .scalar(let k) = key, k.string == "<<", k.style == .plain {
                    let merged = try convert(value)
                    switch merged {
                    case .map(let m):
                        for e in m.entries { set(e.key, e.value) }
                        continue
                    case .list(let items) where items.allSatisfy({ $0.mapValue != nil }):
                        // Psych: `val.reverse_each { |v| h.merge! v }`, then `hash.merge! h`.
                        var hKeys: [String] = []
                        var h: [String: MetadataValue] = [:]
                        for item in items.reversed() {
                            for e in item.mapValue!.entries where h.updateValue(e.value, forKey: e.key) == nil { hKeys.append(e.key) }
                        }
                        for k in hKeys { set(k, h[k]!) }
                        continue
                    default:
                        set("<<", merged)
                        continue
                    }
                }
                let keyText: String
                if case .scalar(let k) = key {
                    keyText = try scalarValue(k).rubyString
                } else {
                    keyText = try convert(key).rubyString
                }
                set(keyText, try convert(value))
            }
            return .map(MetadataMap(keys.map { ($0, values[$0]!) }))
        case .alias(let alias):
            throw Failure(line: alias.mark?.line, column: alias.mark?.column, message: "unresolved alias")
        }
    }

    private static func scalarValue(_ scalar: Node.Scalar) throws(Failure) -> MetadataValue {
        let tag = scalar.tag.description
        switch tag {
        case "tag:yaml.org,2002:str", "!": return .string(scalar.string)
        case "tag:yaml.org,2002:int":
            if let i = Int(scalar.string) { return .int(i) }
            return .string(scalar.string)
        case "tag:yaml.org,2002:float":
            if let d = Double(scalar.string) { return .float(d) }
            return .string(scalar.string)
        case "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "", "?":
            break
        default:
            throw Failure(
                line: scalar.mark?.line, column: scalar.mark?.column,
                message: "the tag \(tag) is not one Jekyll's safe YAML loader accepts")
        }
        guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
        if let symbol = PsychScalar.symbolName(scalar.string) {
            throw Failure(
                line: scalar.mark?.line, column: scalar.mark?.column,
                message: "':\(symbol)' is a Ruby symbol, which Jekyll's safe YAML loader refuses (Tried to load unspecified class: Symbol); put it in quotes")
        }
        return PsychScalar.resolve(scalar.string)
    }
}

/// Psych's `ScalarScanner#tokenize` for plain scalars, as Ruby 3.1's Psych 4 does it.
enum PsychScalar {
    /// The symbol name if Psych would read this plain scalar as a Symbol (`:name`).
    static func symbolName(_ s: String) -> String? {
        guard s.hasPrefix(":"), !s.dropFirst().isEmpty else { return nil }
        if looksLikeString(s) { return nil }
        return String(s.dropFirst())
    }

    // ^[^\d.:-]?[[:alpha:]_\s!@#$%\^&*(){}<>|/\\~;=]+
    private static func looksLikeString(_ s: String) -> Bool {
        // An ASCII string holds "\n" exactly where it has the byte (CR LF included); for others
        // Foundation's search decides (a mark after a line feed hides it from that search).
        let bytes = s.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) ? bytes.contains(10) : s.contains("\n") { return true }
        var scalars = Substring(s).unicodeScalars[...]
        guard let first = scalars.first else { return false }
        func isBody(_ c: Unicode.Scalar) -> Bool {
            if c.value < 0x80 {
                // ASCII's alphabetic scalars are its letters.
                let b = UInt8(c.value)
                if (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") { return true }
            } else if c.properties.isAlphabetic {
                return true
            }
            return c == "_" || c == " " || c == "\t" || c == "\r" || c == "\u{0B}" || c == "\u{0C}"
                || "!@#$%^&*(){}<>|/\\~;=".unicodeScalars.contains(c)
        }
        if !isBody(first) {
            if ("0"..."9").contains(first) || first == "." || first == ":" || first == "-" { return false }
            scalars = scalars.dropFirst()
            guard let second = scalars.first, isBody(second) else { return false }
            return true
        }
        return true
    }

    /// With `shortcuts` false every pattern is tried whatever the text holds (for tests: the
    /// shortcuts must never change the answer).
    static func resolve(_ s: String, shortcuts: Bool = true) -> MetadataValue {
        if s.isEmpty { return .null }
        if looksLikeString(s) {
            if !s.dropFirst(5).isEmpty { return .string(s) }  // more than 5 Characters
            let lower = s.lowercased()
            if let f = s.first, !"ytonf~YTONF".contains(f) { return .string(s) }
            if s == "~" || lower == "null" { return .null }
            if ["yes", "true", "on"].contains(lower) { return .bool(true) }
            if ["no", "false", "off"].contains(lower) { return .bool(false) }
            return .string(s)
        }
        // Each pattern is tried only when the text holds a character it needs (the patterns
        // are slow to run): a timestamp and a sexagesimal number a ':', a date a '-', a float a
        // '.', an integer only ASCII and a sign or digit first.
        let bytes = s.utf8
        let hasColon = !shortcuts || bytes.contains(UInt8(ascii: ":"))
        if hasColon, isTimestamp(s) { return RubyTime.psychTimestampIsValid(s) ? .timestamp(s) : .string(s) }
        if !shortcuts || bytes.contains(UInt8(ascii: "-")), isDate(s) { return RubyTime.isValidCivilDate(s) ? .timestamp(s) : .string(s) }
        let lower = s.lowercased()
        if lower == ".inf" || lower == "+.inf" { return .float(.infinity) }
        if lower == "-.inf" { return .float(-.infinity) }
        if lower == ".nan" { return .float(.nan) }
        if hasColon, let sexagesimal = sexagesimal(s) { return sexagesimal }
        if !shortcuts || bytes.contains(UInt8(ascii: ".")), isFloat(s) {
            if s == "." || s == "-." || s == "+." { return .string(s) }
            var t = s.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
            // Psych drops a '.' directly before the exponent or at the end: "1." is 1.0.
            t = t.replacingOccurrences(of: ".e", with: "e").replacingOccurrences(of: ".E", with: "E")
            if t.hasSuffix(".") { t.removeLast() }
            if t.hasPrefix(".") { t = "0" + t }
            if t.hasPrefix("-.") { t = "-0" + t.dropFirst() }
            if t.hasPrefix("+.") { t = "0" + t.dropFirst() }
            if let d = Double(t) { return .float(d) }
            return .string(s)
        }
        if !shortcuts || bytes.first.map({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || ($0 >= 0x30 && $0 <= 0x39) }) == true
            && bytes.allSatisfy({ $0 < 0x80 }), let i = integer(s) { return i }
        return .string(s)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    // Psych's scalar patterns, matched on bytes (`PsychPatterns`).
    static func isTimestamp(_ s: String) -> Bool { PsychPatterns.isTimestamp(s) }

    static func isDate(_ s: String) -> Bool { PsychPatterns.isDate(s) }

    private static func isFloat(_ s: String) -> Bool { PsychPatterns.isFloat(s) }

    private static func sexagesimal(_ s: String) -> MetadataValue? {
        if PsychPatterns.isSexagesimal(s) {
            var total = 0
            let parts = s.split(separator: ":")
            for (e, part) in parts.enumerated() {
                let n = Int(part.replacingOccurrences(of: "_", with: "")) ?? 0
                var factor = 1
                for _ in 0..<abs(e - 2) { factor *= 60 }
                total += n * factor
            }
            return .int(total)
        }
        return nil
    }

    private static func integer(_ s: String) -> MetadataValue? {
        // INTEGER_LEGACY: binary, octal, decimal (with , and _), hex.
        guard PsychPatterns.isInteger(s) else { return nil }
        var t = s.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
        var sign = 1
        if t.hasPrefix("-") {
            sign = -1
            t.removeFirst()
        } else if t.hasPrefix("+") {
            t.removeFirst()
        }
        let value: Int?
        if t.hasPrefix("0b") {
            value = Int(t.dropFirst(2), radix: 2)
        } else if t.hasPrefix("0x") {
            value = Int(t.dropFirst(2), radix: 16)
        } else if t.count > 1, t.hasPrefix("0") {
            value = Int(t.dropFirst(), radix: 8)
        } else {
            value = Int(t)
        }
        guard let value else { return .string(s) }
        return .int(sign * value)
    }
}
