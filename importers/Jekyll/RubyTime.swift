import BlogModel
import Foundation

/// Ruby's date handling as Jekyll uses it: `Time.parse` (built on `Date._parse`), Psych's
/// timestamps, and local time in the site's zone.
enum RubyTime {
    /// A time zone that converts local wall-clock times to instants and back.
    struct Zone: Sendable {
        let timeZone: TimeZone
        let identifier: String
        let names: ZoneAbbreviations?

        init?(identifier: String) {
            guard let tz = TimeZone(identifier: identifier) else { return nil }
            timeZone = tz
            self.identifier = identifier
            names = ZoneAbbreviations(identifier: identifier)
        }

        /// The zone's abbreviation at an instant (`CET`), as Ruby's `%Z` prints it.
        func abbreviation(at seconds: Int64) -> String? {
            if identifier == "UTC" || identifier == "Etc/UTC" { return "UTC" }
            return names?.abbreviation(at: seconds)
        }

        /// The zone's offset from UTC at an instant.
        func offset(at seconds: Int64) -> Int {
            timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        }

        /// The instant of a wall-clock time in this zone, as `mktime` resolves it.
        /// A time that falls twice (clocks going back) is the later instant; a time that never
        /// happens (clocks going forward) is read with the offset in force before the change,
        /// as Ruby's `Time.local` does.
        func instant(ofLocal local: Int64) -> Int64 {
            let before = offset(at: local - 86_400)
            let after = offset(at: local + 86_400)
            var best: Int64?
            for o in Swift.Set([before, after]) {
                let t = local - Int64(o)
                if offset(at: t) == o, best.map({ t > $0 }) ?? true { best = t }
            }
            return best ?? local - Int64(before)
        }

        /// The zone's abbreviation in January and July of a year (for `Time.zone_offset`).
        func abbreviations(year: Int) -> [(String, Int)] {
            [1, 7].compactMap { month in
                let local = CivilDateTime(year: year, month: month, day: 1).secondsAsIfUTC
                let at = instant(ofLocal: local)
                guard let name = timeZone.abbreviation(for: Date(timeIntervalSince1970: TimeInterval(at))) else { return nil }
                return (name.uppercased(), offset(at: at))
            }
        }
    }

    /// Whether Psych's `parse_time` accepts the fields of this timestamp (`Time.utc` would not raise).
    static func psychTimestampIsValid(_ s: String) -> Bool {
        timestampInstant(s) != nil
    }

    /// Whether `YYYY-M-D` is a real calendar date (Psych reads it with `strptime('%F')`).
    static func isValidCivilDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), parts[2] >= 1 else { return false }
        return parts[2] <= daysInMonth(year: parts[0], month: parts[1])
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The instant of a Psych timestamp (`2024-04-30 02:00:00.5 +09:00`); no zone means UTC.
    /// Fractions are dropped, as Jekyll's `Time#to_s` round trip drops them.
    static func timestampInstant(_ s: String) -> Int64? {
        let scalars = Array(s.unicodeScalars)
        var i = 0
        func number() -> Int? {
            // ASCII digits, as `Int(String)` reads them: nil when there are none or too many.
            let start = i
            var value: Int? = 0
            while i < scalars.count, scalars[i].value >= 0x30, scalars[i].value <= 0x39 {
                if let v = value {
                    let (times, o1) = v.multipliedReportingOverflow(by: 10)
                    let (sum, o2) = times.addingReportingOverflow(Int(scalars[i].value - 0x30))
                    value = o1 || o2 ? nil : sum
                }
                i += 1
            }
            return i > start ? value : nil
        }
        var negative = false
        if i < scalars.count, scalars[i] == "-" {
            negative = true
            i += 1
        }
        guard let y0 = number(), i < scalars.count, scalars[i] == "-" else { return nil }
        i += 1
        guard let mo = number(), i < scalars.count, scalars[i] == "-" else { return nil }
        i += 1
        guard let d = number() else { return nil }
        var sawSeparator = false
        while i < scalars.count, scalars[i] == "T" || scalars[i] == "t" || scalars[i].properties.isWhitespace {
            i += 1
            sawSeparator = true
        }
        guard sawSeparator, let h = number(), i < scalars.count, scalars[i] == ":" else { return nil }
        i += 1
        guard let mi = number(), i < scalars.count, scalars[i] == ":" else { return nil }
        i += 1
        guard let sec = number() else { return nil }
        if i < scalars.count, scalars[i] == "." {
            i += 1
            _ = number()
        }
        while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
        var offset = 0
        if i < scalars.count {
            if scalars[i] == "Z" {
                i += 1
            } else if scalars[i] == "+" || scalars[i] == "-" {
                let sign = scalars[i] == "-" ? -1 : 1
                i += 1
                let start = i
                guard let first = number(), i - start <= 4 else { return nil }
                var hours = first
                var minutes = 0
                if i - start > 2 {  // "+0900"
                    hours = first / 100
                    minutes = first % 100
                } else if i < scalars.count, scalars[i] == ":" {
                    i += 1
                    minutes = number() ?? 0
                    guard minutes < 100 else { return nil }
                }
                offset = sign * (hours * 3600 + minutes * 60)
            }
        }
        guard i == scalars.count else { return nil }
        let year = negative ? -y0 : y0
        guard (1...12).contains(mo), (1...31).contains(d), h <= 24, mi <= 59, sec <= 60,
            CivilDateTime.supportedYears.contains(year), abs(offset) < 100 * 3600
        else { return nil }
        let local = CivilDateTime(year: year, month: mo, day: d, hour: h, minute: mi, second: sec)
        return local.secondsAsIfUTC - Int64(offset)
    }

    /// Jekyll's `Utils.parse_date(value.to_s)`: the instant a front-matter date means.
    /// `nil` when Ruby would raise (Jekyll's "does not have a valid date").
    static func instant(of value: MetadataValue, zone: Zone, now: Int64) -> Int64? {
        switch value {
        case .timestamp(let text):
            if PsychScalar.isDate(text) { return parse(text, zone: zone, now: now) }
            return timestampInstant(text)
        case .string(let text):
            return parse(text, zone: zone, now: now)
        case .int, .float, .bool, .null, .list, .map:
            return parse(value.rubyString, zone: zone, now: now)
        }
    }

    // MARK: Time.parse

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let monthPattern = "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    private static let era = #"(c(?:e|\.e\.)|b(?:ce|\.c\.e\.)|a(?:d|\.d\.)|b(?:c|\.c\.))"#

    private static func regex(_ pattern: String) -> NSRegularExpression {
        // The patterns are constants; a failure here is a programming error caught by the tests.
        // swiftlint:disable:next force_try
        try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    }

    private static let junk = regex(#"[^-+',./:@\p{L}\p{N}\[\]]+"#)
    private static let dayRegex = regex(#"\b(sun|mon|tue|wed|thu|fri|sat)[^-/\d\s]*"#)
    private static let timeRegex = regex(
        #"((?:\d+\s*:\s*\d+(?:\s*:\s*\d+(?:[,.]\d*)?)?|\d+\s*h(?:\s*\d+m?(?:\s*\d+s?)?)?)(?:\s*[ap](?:m\b|\.m\.))?|\d+\s*[ap](?:m\b|\.m\.))(?:\s*((?:gmt|utc?)?[-+]\d+(?:[,.:]\d+(?::\d+)?)?|(?-i:[\p{L}.\s]+)(?:standard|daylight)\stime\b|(?-i:\p{L}+)(?:\sdst)?\b))?"#)
    private static let timeFields = regex(#"\A(\d+)h?(?:\s*:?\s*(\d+)m?(?:\s*:?\s*(\d+)(?:[,.](\d+))?s?)?)?(?:\s*([ap])(?:m\b|\.m\.))?"#)
    private static let euRegex = regex(
        #"'?\b(\d+)[^-\d\s']*\s*"# + monthPattern + #"[^-\d\s']*(?:\s*(?:\s*,\s*)?(?:"# + era + #"?\s*('?-?\d+(?:(?:st|nd|rd|th)\b)?))?)?"#)
    private static let usRegex = regex(
        #"\b"# + monthPattern + #"[^-\d\s']*\s*('?\d+)[^-\d\s']*(?:\s*,?\s*"# + era + #"?\s*('?-?\d+))?"#)
    private static let isoRegex = regex(#"('?[-+]?\d+)-(\d+)-('?-?\d+)"#)
    private static let slaRegex = regex(#"('?-?\d+)/\s*('?\d+)(?:\D\s*('?-?\d+))?"#)
    private static let dotRegex = regex(#"('?-?\d+)\.\s*('?\d+)\.\s*('?-?\d+)"#)
    private static let yearRegex = regex(#"'(\d+)\b"#)
    private static let monRegex = regex(#"\b"# + monthPattern + #"\S*"#)
    private static let mdayRegex = regex(#"(\d+)(st|nd|rd|th)\b"#)
    private static let fragRegex = regex(#"\A\s*(\d{1,2})\s*\z"#)

    private struct Parsed {
        var year: Int?
        var yearIsComplete = false  // had an apostrophe, a sign, or more than two digits
        var mon: Int?
        var mday: Int?
        var hour: Int?
        var min: Int?
        var sec: Int?
        var zone: String?
    }

    private static func group(_ m: NSTextCheckingResult, _ n: Int, in s: NSString) -> String? {
        let r = m.range(at: n)
        return r.location == NSNotFound ? nil : s.substring(with: r)
    }

    /// Runs `regex` once on `text`; on a match, blanks the match out and hands over the groups.
    private static func take(_ regex: NSRegularExpression, _ text: inout String) -> [String?]? {
        let ns = text as NSString
        guard let m = regex.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
        let groups = (0..<m.numberOfRanges).map { group(m, $0, in: ns) }
        text = ns.replacingCharacters(in: m.range, with: String(repeating: " ", count: m.range.length))
        return groups
    }

    private static func digitsValue(_ s: String) -> Int? {
        Int(s.filter { $0.isASCII && $0.isNumber })
    }

    /// Date._parse's `s3e`: decide which of three numbers is the year, month and day.
    private static func s3e(_ p: inout Parsed, y yIn: String?, m mIn: String?, d dIn: String?) {
        var y = yIn, m = mIn, d = dIn
        if y != nil, m != nil, d == nil {
            (y, m, d) = (d, y, m)
        }
        if y == nil {
            if let dd = d, dd.filter(\.isNumber).count > 2 {
                y = dd
                d = nil
            }
            if let dd = d, dd.hasPrefix("'") {
                y = dd
                d = nil
            }
        }
        if let yy = y {
            let body = yy.drop { $0 == "'" || $0 == "-" || $0 == "+" }
            if !yy.hasPrefix("'"), body.filter(\.isNumber).count <= 2, let dd = d {
                let dbody = dd.drop { $0 == "'" || $0 == "-" || $0 == "+" }
                if dd.hasPrefix("'") || dbody.filter(\.isNumber).count > 2 {
                    (y, d) = (d, y)
                }
            }
        }
        if let m, let v = digitsValue(m) { p.mon = v }
        if let d, let v = digitsValue(d) { p.mday = v }
        if let y {
            let negative = y.contains("-")
            if var v = digitsValue(y) {
                if negative { v = -v }
                p.year = v
                let digits = y.filter(\.isNumber).count
                p.yearIsComplete = y.hasPrefix("'") || y.hasPrefix("-") || y.hasPrefix("+") || digits > 2
            } else if y.contains(where: \.isNumber) {
                p.year = Int.max  // more digits than Int holds: a year `parse` refuses, not a missing one
                p.yearIsComplete = true
            }
        }
    }

    private static func monthNumber(_ s: String) -> Int? {
        months.firstIndex(of: String(s.prefix(3)).lowercased()).map { $0 + 1 }
    }

    /// `YYYY-M-D` (four ASCII digits, one or two, one or two, nothing else): the year, month
    /// and day, as `dateParse` reads them (only its ISO pattern matches such a text). The date
    /// of every post named by its file and of every `date: 2024-01-31` goes this way, without
    /// the regular expressions (and without compiling them, which took ICU 16 million
    /// instructions at the first date of a run).
    private static func plainDate(_ input: String) -> (year: Int, month: Int, day: Int)? {
        var input = input
        return input.withUTF8 { b -> (Int, Int, Int)? in
            guard (8...10).contains(b.count) else { return nil }
            var i = 0
            func number(_ least: Int, _ most: Int) -> Int? {
                var value = 0, count = 0
                while i < b.count, count < most, b[i] &- 0x30 < 10 {
                    value = value * 10 + Int(b[i] &- 0x30)
                    i += 1
                    count += 1
                }
                return count >= least ? value : nil
            }
            guard let year = number(4, 4), i < b.count, b[i] == UInt8(ascii: "-") else { return nil }
            i += 1
            guard let month = number(1, 2), i < b.count, b[i] == UInt8(ascii: "-") else { return nil }
            i += 1
            guard let day = number(1, 2), i == b.count else { return nil }
            return (year, month, day)
        }
    }

    /// Ruby's `Date._parse(text, true)`, for the parts `Time.parse` uses. With `shortcuts`
    /// false a plain `YYYY-M-D` goes through the regular expressions too (for tests).
    private static func dateParse(_ input: String, shortcuts: Bool = true) -> Parsed {
        var p = Parsed()
        if shortcuts, let (year, month, day) = plainDate(input) {
            p.year = year
            p.yearIsComplete = true
            p.mon = month
            p.mday = day
            return p
        }
        var text = junk.stringByReplacingMatches(
            in: input, range: NSRange(location: 0, length: (input as NSString).length), withTemplate: " ")
        _ = take(dayRegex, &text)
        if let g = take(timeRegex, &text), let timeText = g[1] {
            p.zone = g[2]
            let ns = timeText as NSString
            if let m = timeFields.firstMatch(in: timeText, range: NSRange(location: 0, length: ns.length)) {
                var hour = group(m, 1, in: ns).flatMap { Int($0) }
                p.min = group(m, 2, in: ns).flatMap { Int($0) }
                p.sec = group(m, 3, in: ns).flatMap { Int($0) }
                if let merid = group(m, 5, in: ns)?.lowercased(), let h = hour {
                    hour = h % 12 + (merid == "p" ? 12 : 0)
                }
                p.hour = hour
            }
        }
        if let g = take(euRegex, &text) {
            p.mon = g[2].flatMap(monthNumber)
            var y = g[4]
            if let era = g[3]?.lowercased(), era.hasPrefix("b"), let yy = y { y = "-" + yy }
            let mon = p.mon
            s3e(&p, y: y, m: mon.map(String.init), d: g[1])
        } else if let g = take(usRegex, &text) {
            let mon = g[1].flatMap(monthNumber)
            s3e(&p, y: g[4], m: mon.map(String.init), d: g[2])
        } else if let g = take(isoRegex, &text) {
            s3e(&p, y: g[1], m: g[2], d: g[3])
        } else if let g = take(slaRegex, &text) {
            s3e(&p, y: g[1], m: g[2], d: g[3])
        } else if let g = take(dotRegex, &text) {
            s3e(&p, y: g[1], m: g[2], d: g[3])
        } else if let g = take(yearRegex, &text), let digits = g[1] {
            p.year = Int(digits) ?? Int.max
            p.yearIsComplete = true
        } else if let g = take(monRegex, &text) {
            p.mon = g[1].flatMap(monthNumber)
        } else if let g = take(mdayRegex, &text) {
            p.mday = g[1].flatMap(Int.init)
        }
        // parse_frag: a lone number completes a time with a day, or a day with a time.
        if let g = fragRegex.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)),
            let n = group(g, 1, in: text as NSString).flatMap(Int.init)
        {
            if p.hour != nil, p.mday == nil, (1...31).contains(n) { p.mday = n }
            if p.mday != nil, p.hour == nil, (0...24).contains(n) { p.hour = n }
        }
        if let y = p.year, !p.yearIsComplete, (0...99).contains(y) {
            p.year = y + (y >= 69 ? 1900 : 2000)
        }
        return p
    }

    private static let zoneOffsets: [String: Int] = [
        "UTC": 0, "Z": 0, "UT": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
        "PST": -8, "PDT": -7, "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8, "I": 9, "K": 10,
        "L": 11, "M": 12, "N": -1, "O": -2, "P": -3, "Q": -4, "R": -5, "S": -6, "T": -7, "U": -8, "V": -9,
        "W": -10, "X": -11, "Y": -12,
    ]

    /// Ruby's `Time.zone_offset`: only numeric offsets, RFC 822 names and the local zone's own
    /// abbreviations count; any other name means local time.
    static func zoneOffset(_ zoneText: String, year: Int, zone: Zone) -> Int? {
        let z = zoneText.uppercased()
        let u = Array(z.utf8)
        func digits(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= u.count else { return nil }
            var n = 0
            for b in u[r] {
                guard b >= 48, b <= 57 else { return nil }
                n = n * 10 + Int(b - 48)
            }
            return n
        }
        if u.count >= 3, u[0] == 43 || u[0] == 45 {
            let sign = u[0] == 45 ? -1 : 1
            if u.count == 3, let h = digits(1..<3) { return sign * h * 3600 }
            if u.count == 5, let h = digits(1..<3), let m = digits(3..<5) { return sign * (h * 3600 + m * 60) }
            if u.count == 6, u[3] == 58, let h = digits(1..<3), let m = digits(4..<6) { return sign * (h * 3600 + m * 60) }
            if u.count == 7, let h = digits(1..<3), let m = digits(3..<5), let s = digits(5..<7) {
                return sign * (h * 3600 + m * 60 + s)
            }
            if u.count == 9, u[3] == 58, u[6] == 58, let h = digits(1..<3), let m = digits(4..<6), let s = digits(7..<9) {
                return sign * (h * 3600 + m * 60 + s)
            }
            return nil
        }
        if let hours = zoneOffsets[z] { return hours * 3600 }
        for (name, offset) in zone.abbreviations(year: year) where name == z { return offset }
        return nil
    }

    /// Ruby's `Time.parse(text).localtime` with `TZ` set to the site's zone: the instant, or nil
    /// where Ruby raises ("no time information", "argument out of range").
    static func parse(_ text: String, zone: Zone, now: Int64, shortcuts: Bool = true) -> Int64? {
        let p = dateParse(text, shortcuts: shortcuts)
        if let year = p.year, !CivilDateTime.supportedYears.contains(year) { return nil }
        if p.year == nil, p.mon == nil, p.mday == nil, p.hour == nil, p.min == nil, p.sec == nil { return nil }
        var off: Int?
        if let zoneText = p.zone {
            let nowYear = CivilDateTime(localSeconds: now + Int64(zone.offset(at: now))).year
            off = zoneOffset(zoneText, year: p.year ?? nowYear, zone: zone)
        }
        let nowLocal = CivilDateTime(localSeconds: now + Int64(off ?? zone.offset(at: now)))
        var year = p.year, mon = p.mon, day = p.mday, hour = p.hour, min = p.min, sec = p.sec
        // Missing leading fields come from now, up to the first field given.
        repeat {
            if year != nil { break }
            year = nowLocal.year
            if mon != nil { break }
            mon = nowLocal.month
            if day != nil { break }
            day = nowLocal.day
            if hour != nil { break }
            hour = nowLocal.hour
            if min != nil { break }
            min = nowLocal.minute
            if sec != nil { break }
            sec = nowLocal.second
        } while false
        guard let y = year else { return nil }
        let mo = mon ?? 1, d = day ?? 1, h = hour ?? 0, mi = min ?? 0, s = sec ?? 0
        guard (1...12).contains(mo), (1...31).contains(d), (0...24).contains(h), (0...59).contains(mi), (0...60).contains(s)
        else { return nil }
        let local = CivilDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s).secondsAsIfUTC
        if let off { return local - Int64(off) }
        return zone.instant(ofLocal: local)
    }
}
