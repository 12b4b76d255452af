/// The default `timeParser`: the ISO-like forms of Ruby's `Time.parse`, read as UTC when the
/// text carries no zone.
enum ISOTimeParser {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Parses `YYYY-MM-DD[(T| )HH:MM[:SS[.frac]]][ ?zone]` or `D Mon YYYY` / `Mon D, YYYY`
    /// with an optional time; nil for anything else.
    static func parse(_ text: String) -> LiquidTime? {
        let s = Array(text.lowercased().utf8)
        var i = 0
        func skipSpaces() { while i < s.count, s[i] == 32 || s[i] == 9 || s[i] == 10 || s[i] == 13 { i += 1 } }
        func digits(max: Int = 18) -> (Int, Int)? {
            let start = i
            var n = 0
            while i < s.count, i - start < max, s[i] >= 48, s[i] <= 57 { n = n * 10 + Int(s[i] - 48); i += 1 }
            return i > start ? (n, i - start) : nil
        }
        func month() -> Int? {
            guard i + 3 <= s.count, let m = months.firstIndex(of: String(decoding: s[i..<(i + 3)], as: UTF8.self)) else { return nil }
            i += 3
            while i < s.count, (s[i] >= 97 && s[i] <= 122) || s[i] == UInt8(ascii: ".") { i += 1 }
            return m + 1
        }
        skipSpaces()
        // Weekday names are ignored.
        for day in ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] where s.count >= i + 3 && String(decoding: s[i..<(i + 3)], as: UTF8.self) == day {
            i += 3
            while i < s.count, s[i] >= 97 && s[i] <= 122 { i += 1 }
            if i < s.count, s[i] == UInt8(ascii: ",") { i += 1 }
            skipSpaces()
        }
        var year = 0, mon = 0, day = 0
        if let m = month() {
            skipSpaces()
            guard let (d, _) = digits(max: 2) else { return nil }
            if i < s.count, s[i] == UInt8(ascii: ",") { i += 1 }
            skipSpaces()
            guard let (y, _) = digits() else { return nil }
            (year, mon, day) = (y, m, d)
        } else {
            let save = i
            guard let (first, len) = digits() else { return nil }
            if len == 4 || (i < s.count && s[i] == UInt8(ascii: "-")) {
                guard i < s.count, s[i] == UInt8(ascii: "-") else { return nil }
                i += 1
                guard let (m, _) = digits(max: 2), i < s.count, s[i] == UInt8(ascii: "-") else { return nil }
                i += 1
                guard let (d, _) = digits(max: 2) else { return nil }
                (year, mon, day) = (first, m, d)
            } else {
                i = save
                guard let (d, _) = digits(max: 2) else { return nil }
                skipSpaces()
                guard let m = month() else { return nil }
                skipSpaces()
                guard let (y, _) = digits() else { return nil }
                (year, mon, day) = (y, m, d)
            }
        }
        guard mon >= 1, mon <= 12, day >= 1, day <= 31, LiquidTime.supportedYears.contains(year) else { return nil }
        var hour = 0, minute = 0, second = 0, nanos = 0, offset = 0
        if i < s.count, s[i] == UInt8(ascii: "t") { i += 1 } else { skipSpaces() }
        let timeStart = i
        if let (h, _) = digits(max: 2), i < s.count, s[i] == UInt8(ascii: ":") {
            i += 1
            guard let (m, _) = digits(max: 2) else { return nil }
            (hour, minute) = (h, m)
            if i < s.count, s[i] == UInt8(ascii: ":") {
                i += 1
                guard let (sec, _) = digits(max: 2) else { return nil }
                second = sec
                if i < s.count, s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: ",") {
                    i += 1
                    let start = i
                    var frac = 0, count = 0
                    while i < s.count, s[i] >= 48, s[i] <= 57 {
                        if count < 9 { frac = frac * 10 + Int(s[i] - 48); count += 1 }
                        i += 1
                    }
                    if i == start { return nil }
                    for _ in count..<9 { frac *= 10 }
                    nanos = frac
                }
            }
            skipSpaces()
            if i + 1 < s.count, s[i] == UInt8(ascii: "a") || s[i] == UInt8(ascii: "p"), s[i + 1] == UInt8(ascii: "m") {
                if hour == 12 { hour = 0 }
                if s[i] == UInt8(ascii: "p") { hour += 12 }
                i += 2
                skipSpaces()
            }
        } else {
            i = timeStart
        }
        guard hour < 24, minute < 60, second < 61 else { return nil }
        // Zone.
        if i < s.count {
            if s[i] == UInt8(ascii: "z") {
                i += 1
            } else if s.count - i >= 3, ["utc", "gmt"].contains(String(decoding: s[i..<(i + 3)], as: UTF8.self)) {
                i += 3
            } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                let negative = s[i] == UInt8(ascii: "-")
                i += 1
                guard let (first, len) = digits(max: 4) else { return nil }
                var h = first, m = 0
                if len == 4 { h = first / 100; m = first % 100 } else if len == 3 { h = first / 100; m = first % 100 }
                if len <= 2, i < s.count, s[i] == UInt8(ascii: ":") {
                    i += 1
                    guard let (mm, _) = digits(max: 2) else { return nil }
                    m = mm
                }
                offset = (h * 3600 + m * 60) * (negative ? -1 : 1)
            }
        }
        skipSpaces()
        guard i == s.count else { return nil }
        let days = daysFromCivil(year, mon, day)
        let local = days * 86_400 + hour * 3600 + minute * 60 + second
        return LiquidTime(seconds: local - offset, nanoseconds: nanos, utcOffset: offset)
    }
}
