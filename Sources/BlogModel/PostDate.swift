/// An instant and the UTC offset it is shown in, as Jekyll gives a post's date.
///
/// Jekyll converts every post date to the site's time zone; `utcOffsetSeconds` is that zone's
/// offset at this instant, so the date prints as Jekyll's `xmlschema` does.
public struct PostDate: Sendable, Hashable, Codable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z (whole seconds, as Jekyll's dates have).
    public var secondsSinceEpoch: Int64
    /// The offset from UTC, in seconds, that the date is shown in.
    public var utcOffsetSeconds: Int

    /// Makes a date from an instant and the offset to show it in.
    public init(secondsSinceEpoch: Int64, utcOffsetSeconds: Int) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Orders by instant only.
    public static func < (lhs: PostDate, rhs: PostDate) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    /// The wall-clock fields in the date's own offset.
    public var civil: CivilDateTime {
        CivilDateTime(localSeconds: secondsSinceEpoch + Int64(utcOffsetSeconds))
    }

    /// ISO 8601 / RFC 3339 with the offset: `2023-12-10T09:30:00+09:00` (Ruby's `xmlschema`).
    public var iso8601: String {
        let c = civil
        let offset = abs(utcOffsetSeconds)
        // The usual date, written byte by byte (every index page lists thousands of them).
        guard c.year >= 0, c.year <= 9999, offset < 100 * 3600 else { return iso8601ByParts }
        return String(unsafeUninitializedCapacity: 25) { out in
            func put(_ value: Int, at i: Int, digits: Int) {
                var v = value
                for k in stride(from: digits - 1, through: 0, by: -1) {
                    out[i + k] = UInt8(48 + v % 10)
                    v /= 10
                }
            }
            put(c.year, at: 0, digits: 4)
            out[4] = 45
            put(c.month, at: 5, digits: 2)
            out[7] = 45
            put(c.day, at: 8, digits: 2)
            out[10] = 84
            put(c.hour, at: 11, digits: 2)
            out[13] = 58
            put(c.minute, at: 14, digits: 2)
            out[16] = 58
            put(c.second, at: 17, digits: 2)
            out[19] = utcOffsetSeconds < 0 ? 45 : 43
            put(offset / 3600, at: 20, digits: 2)
            out[22] = 58
            put((offset % 3600) / 60, at: 23, digits: 2)
            return 25
        }
    }

    /// `iso8601` from its parts, for any year and offset (the reference for the byte version).
    var iso8601ByParts: String {
        let c = civil
        return c.isoDate + "T" + c.isoTime + PostDate.offsetString(utcOffsetSeconds, colon: true)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS(Z|±HH:MM)`, the form `iso8601` writes.
    public init?(iso8601 text: String) {
        let u = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= u.count else { return nil }
            var n = 0
            for b in u[from..<from + count] {
                guard b >= 48, b <= 57 else { return nil }
                n = n * 10 + Int(b - 48)
            }
            return n
        }
        guard u.count >= 20, u[4] == 45, u[7] == 45, u[10] == 84, u[13] == 58, u[16] == 58,
            let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2),
            let h = number(11, 2), let mi = number(14, 2), let s = number(17, 2),
            (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return nil }
        var offset = 0
        if u.count == 20, u[19] == 90 {
            offset = 0
        } else if u.count == 25, u[19] == 43 || u[19] == 45, u[22] == 58,
            let oh = number(20, 2), let om = number(23, 2)
        {
            offset = (oh * 3600 + om * 60) * (u[19] == 45 ? -1 : 1)
        } else {
            return nil
        }
        let local = CivilDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
        self.init(secondsSinceEpoch: local.secondsAsIfUTC - Int64(offset), utcOffsetSeconds: offset)
    }

    /// `+09:00` (or `+0900` without the colon).
    public static func offsetString(_ seconds: Int, colon: Bool) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let a = abs(seconds)
        return sign + pad2(a / 3600) + (colon ? ":" : "") + pad2((a % 3600) / 60)
    }
}

/// Calendar fields of a date and time in the proleptic Gregorian calendar, with no zone.
public struct CivilDateTime: Sendable, Hashable, Codable {
    /// The year (may be negative or above 9999).
    public var year: Int
    /// 1...12
    public var month: Int
    /// 1...31
    public var day: Int
    /// 0...23
    public var hour: Int
    /// 0...59
    public var minute: Int
    /// 0...59
    public var second: Int

    /// The years a date read from a post may have. Ruby's calendar has no limit; ours works in
    /// 64-bit seconds, so readers refuse years beyond about a billion as invalid dates.
    public static let supportedYears = -999_999_999...999_999_999

    /// Makes a civil date and time from fields that are already valid.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The fields of a count of seconds since the epoch, read as UTC.
    public init(localSeconds: Int64) {
        let days = Int(localSeconds.floorDiv(86_400))
        let rest = Int(localSeconds - Int64(days) * 86_400)
        let (y, m, d) = CivilDateTime.civil(fromDays: days)
        self.init(year: y, month: m, day: d, hour: rest / 3600, minute: (rest % 3600) / 60, second: rest % 60)
    }

    /// Seconds since the epoch if these fields were UTC. Out-of-range fields roll over (Feb 30 is
    /// Mar 2, hour 24 is the next day), as Ruby's `Time.utc` and `Time.local` do.
    public var secondsAsIfUTC: Int64 {
        var y = year
        var m = month - 1
        y += m.floorDiv(12)
        m = m - m.floorDiv(12) * 12
        let days = CivilDateTime.days(fromCivil: y, m + 1, 1) + day - 1
        return Int64(days) * 86_400 + Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second)
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    public static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The year, month and day of a count of days since 1970-01-01.
    public static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Day of the week, 0 = Sunday.
    public var weekday: Int {
        let days = CivilDateTime.days(fromCivil: year, month, day)
        return (days + 4).floorMod(7)
    }

    /// Day of the year, 1...366.
    public var dayOfYear: Int {
        CivilDateTime.days(fromCivil: year, month, day) - CivilDateTime.days(fromCivil: year, 1, 1) + 1
    }

    /// `2023-12-10`
    public var isoDate: String {
        let y = year < 0 ? "-" + pad(String(-year), 4) : pad(String(year), 4)
        return y + "-" + pad2(month) + "-" + pad2(day)
    }

    /// `09:30:00`
    public var isoTime: String { pad2(hour) + ":" + pad2(minute) + ":" + pad2(second) }
}

func pad2(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension BinaryInteger {
    /// Division rounding towards negative infinity.
    func floorDiv(_ d: Self) -> Self {
        let q = self / d
        return (self % d != 0 && ((self < 0) != (d < 0))) ? q - 1 : q
    }
    /// The remainder with the divisor's sign.
    func floorMod(_ d: Self) -> Self { self - floorDiv(d) * d }
}
