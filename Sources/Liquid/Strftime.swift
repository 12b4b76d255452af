/// Ruby's `Time#strftime`, ported from Ruby's `strftime.c` (flags `-` `_` `0` `^` `#`, widths,
/// `%:z` colons, `E`/`O` modifiers, unknown conversions copied through).
///
/// The time is shown at its `utcOffset`. `%Z` prints the time's `zoneName` (e.g. `CET`, set for
/// times in a named zone); without one, `"UTC"` for offset 0 and `""` otherwise (what Ruby prints
/// for a time with a fixed offset, as `Time.parse("... +0900")` gives).
public enum Strftime {
    /// Formats `time` by Ruby's `strftime` rules.
    public static func format(_ time: LiquidTime, _ pattern: String) -> String {
        (try? render(CivilTime(time), Array(pattern.utf8), lenient: true)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Formats like `format`, but fails where Ruby raises `ArgumentError` ("invalid format: …"),
    /// which is when the pattern ends inside a conversion (`"abc%"`, `"%-"`).
    public static func formatChecked(_ time: LiquidTime, _ pattern: String) -> String? {
        (try? render(CivilTime(time), Array(pattern.utf8), lenient: false)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The broken-down local time Ruby's `vtm` holds.
    struct CivilTime {
        var year, month, day, hour, minute, second, nanosecond, yday, wday, offset, epoch: Int
        var zoneName: String?

        init(_ t: LiquidTime) {
            let local = t.seconds + t.utcOffset
            let days = floorDiv(local, 86_400)
            let sod = local - days * 86_400
            (year, month, day) = civil(fromDays: days)
            hour = sod / 3600
            minute = sod / 60 % 60
            second = sod % 60
            nanosecond = t.nanoseconds
            wday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
            yday = days - daysFromCivil(year, 1, 1) + 1
            offset = t.utcOffset
            zoneName = t.zoneName
            epoch = t.seconds
        }
    }

    struct EndOfPattern: Error {}

    private static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private static func render(_ t: CivilTime, _ f: [UInt8], lenient: Bool) throws -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < f.count {
            if f[i] != UInt8(ascii: "%") {
                out.append(f[i])
                i += 1
                continue
            }
            let start = i
            i += 1
            var left = false, upper = false, lower = false, chcase = false
            var padding: UInt8? = nil
            var precision = -1
            var colons = 0
            var modifier: UInt8? = nil
            var conversion: UInt8? = nil
            scan: while i < f.count {
                let c = f[i]
                switch c {
                case UInt8(ascii: "-"):
                    left = true; padding = nil; precision = 0; i += 1
                case UInt8(ascii: "^"): upper = true; i += 1
                case UInt8(ascii: "#"): chcase = true; i += 1
                case UInt8(ascii: "_"): padding = UInt8(ascii: " "); i += 1
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if c == UInt8(ascii: "0") { padding = UInt8(ascii: "0") }
                    // Widths are held at a mebibyte: Ruby pads to any width memory allows, but a
                    // `%999999999999Y` in a post should not take the machine's memory with it.
                    var n = 0
                    while i < f.count, f[i] >= 48, f[i] <= 57 {
                        n = Swift.min(n * 10 + Int(f[i] - 48), Strftime.maxWidth)
                        i += 1
                    }
                    precision = n
                case UInt8(ascii: ":"):
                    var l = 0
                    while i + l < f.count, f[i + l] == UInt8(ascii: ":") { l += 1 }
                    if l > 3 || i + l >= f.count || f[i + l] != UInt8(ascii: "z") {
                        conversion = UInt8(ascii: ":"); i += 1; break scan
                    }
                    colons = l
                    i += l
                case UInt8(ascii: "E"), UInt8(ascii: "O"):
                    if modifier != nil { conversion = c; i += 1; break scan }
                    modifier = c
                    i += 1
                default:
                    conversion = c
                    i += 1
                    break scan
                }
            }
            guard let conv = conversion else {
                if !lenient { throw EndOfPattern() }
                out += f[start...]
                break
            }
            let unknown = Array(f[start..<i])
            if let m = modifier {
                let allowed = m == UInt8(ascii: "E") ? "cCxXyY" : "deHkIlmMSuUVwWy"
                if !allowed.utf8.contains(conv) { out += unknown; continue }
            }
            if colons > 0 && conv != UInt8(ascii: "z") { out += unknown; continue }

            // Numbers: Ruby's FMT(def_pad, def_prec, "ld", value).
            func number(_ value: Int, pad defPad: Character, width defPrec: Int) {
                let width = left ? 1 : (precision <= 0 ? defPrec : precision)
                let zero = padding == UInt8(ascii: "0") || (padding == nil && defPad == "0")
                out += Array(pad(value, width: width, zero: zero).utf8)
            }
            // Strings: FILL_PADDING then the text, case-changed.
            func text(_ s: String) {
                var bytes = Array(s.utf8)
                if bytes.isEmpty { return }
                if !left && precision > bytes.count {
                    out += [UInt8](repeating: padding ?? UInt8(ascii: " "), count: precision - bytes.count)
                }
                if upper && !lower {
                    bytes = Array(s.uppercased().utf8)
                } else if lower && !upper {
                    bytes = Array(s.lowercased().utf8)
                } else if upper && lower {
                    bytes = Array(s.uppercased().utf8)
                }
                out += bytes
            }
            // Composite conversions: Ruby's STRFTIME(fmt).
            func composite(_ sub: String) throws {
                var r = try render(t, Array(sub.utf8), lenient: lenient)
                if upper { r = Array(String(decoding: r, as: UTF8.self).uppercased().utf8) }
                if precision > r.count {
                    out += [UInt8](repeating: padding ?? UInt8(ascii: " "), count: precision - r.count)
                }
                out += r
            }
            let hour12 = t.hour % 12 == 0 ? 12 : t.hour % 12
            switch Character(Unicode.Scalar(conv)) {
            case "%": text("%")
            case "n": text("\n")
            case "t": text("\t")
            case "a", "A":
                if chcase { chcase = false; upper = true; lower = false }
                let name = dayNames[t.wday]
                text(conv == UInt8(ascii: "a") ? String(name.prefix(3)) : name)
            case "b", "B", "h":
                if chcase { chcase = false; upper = true; lower = false }
                let name = monthNames[t.month - 1]
                text(conv == UInt8(ascii: "B") ? name : String(name.prefix(3)))
            case "p", "P":
                if (conv == UInt8(ascii: "p") && chcase) || (conv == UInt8(ascii: "P") && !chcase && !upper) {
                    upper = false; chcase = false; lower = true
                }
                text(t.hour < 12 ? "AM" : "PM")
            case "Z":
                if chcase { upper = false; chcase = false; lower = true }
                text(t.zoneName ?? (t.offset == 0 ? "UTC" : ""))
            case "c": try composite("%a %b %e %H:%M:%S %Y")
            case "D", "x": try composite("%m/%d/%y")
            case "F": try composite("%Y-%m-%d")
            case "r": try composite("%I:%M:%S %p")
            case "R": try composite("%H:%M")
            case "T", "X": try composite("%H:%M:%S")
            case "v": try composite("%e-%^b-%4Y")
            case "C": number(floorDiv(t.year, 100), pad: "0", width: 2)
            case "d": number(t.day, pad: "0", width: 2)
            case "e": number(t.day, pad: " ", width: 2)
            case "H": number(t.hour, pad: "0", width: 2)
            case "I": number(hour12, pad: "0", width: 2)
            case "k": number(t.hour, pad: " ", width: 2)
            case "l": number(hour12, pad: " ", width: 2)
            case "j": number(t.yday, pad: "0", width: 3)
            case "m": number(t.month, pad: "0", width: 2)
            case "M": number(t.minute, pad: "0", width: 2)
            case "S": number(t.second, pad: "0", width: 2)
            case "s": number(t.epoch, pad: "0", width: 1)
            case "u": number(t.wday == 0 ? 7 : t.wday, pad: "0", width: 1)
            case "w": number(t.wday, pad: "0", width: 1)
            case "U": number((t.yday - 1 + 7 - t.wday) / 7, pad: "0", width: 2)
            case "W": number((t.yday - 1 + 7 - (t.wday + 6) % 7) / 7, pad: "0", width: 2)
            case "y": number(floorMod(t.year, 100), pad: "0", width: 2)
            case "Y": number(t.year, pad: "0", width: t.year >= 0 ? 4 : 5)
            case "G", "g", "V":
                let (isoYear, week) = isoWeek(t)
                if conv == UInt8(ascii: "V") {
                    number(week, pad: "0", width: 2)
                } else if conv == UInt8(ascii: "g") {
                    number(floorMod(isoYear, 100), pad: "0", width: 2)
                } else {
                    number(isoYear, pad: "0", width: isoYear >= 0 ? 4 : 5)
                }
            case "L", "N":
                let w = conv == UInt8(ascii: "L") ? 3 : 9
                let digits = precision <= 0 ? w : precision
                var s = pad(t.nanosecond, width: 9, zero: true)
                if digits < 9 {
                    s = String(s.prefix(digits))
                } else {
                    s += String(repeating: "0", count: digits - 9)
                }
                out += Array(s.utf8)
            case "z":
                out += Array(zone(t.offset, colons: colons, precision: precision, spacePadded: padding == UInt8(ascii: " ")).utf8)
            default:
                out += unknown
            }
        }
        return out
    }

    /// `%z` as Ruby's strftime.c writes it.
    private static func zone(_ off: Int, colons: Int, precision inPrecision: Int, spacePadded: Bool) -> String {
        var aoff = off
        var negative = false
        if off < 0 { aoff = -off; negative = true }
        var precision = inPrecision
        switch colons {
        case 0: precision = precision <= 5 ? 2 : precision - 3
        case 1: precision = precision <= 6 ? 2 : precision - 4
        case 2: precision = precision <= 9 ? 2 : precision - 7
        default:
            if aoff % 3600 == 0 {
                precision = precision <= 3 ? 2 : precision - 1
            } else if aoff % 60 == 0 {
                precision = precision <= 6 ? 2 : precision - 4
            } else {
                precision = precision <= 9 ? 2 : precision - 7
            }
        }
        let hours = aoff / 3600
        let sign = negative ? "-" : "+"
        var s: String
        if spacePadded {
            // "%+*ld" with width precision + 1.
            let body = sign + String(hours)
            s = String(repeating: " ", count: Swift.max(0, precision + 1 - body.count)) + body
        } else {
            // "%+.*ld": at least `precision` digits.
            let digits = String(hours)
            s = sign + String(repeating: "0", count: Swift.max(0, precision - digits.count)) + digits
        }
        aoff %= 3600
        if colons == 3 && aoff == 0 { return s }
        if colons >= 1 { s += ":" }
        s += pad(aoff / 60, width: 2, zero: true)
        aoff %= 60
        if colons < 2 || (colons == 3 && aoff == 0) { return s }
        s += ":" + pad(aoff, width: 2, zero: true)
        return s
    }

    /// C's `%0*ld` (zero) or `%*ld` (space).
    /// The largest field width a format may ask for (see the width flag above).
    static let maxWidth = 1 << 20

    static func pad(_ value: Int, width: Int, zero: Bool) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        let fill = Swift.max(0, width - digits.count - sign.count)
        return zero ? sign + String(repeating: "0", count: fill) + digits
            : String(repeating: " ", count: fill) + sign + digits
    }

    /// ISO 8601 week-numbering year and week.
    private static func isoWeek(_ t: CivilTime) -> (Int, Int) {
        let isoWday = t.wday == 0 ? 7 : t.wday
        // Thursday of this week decides the year.
        let days = daysFromCivil(t.year, t.month, t.day)
        let thursday = days - isoWday + 4
        let (y, _, _) = civil(fromDays: thursday)
        let week = (thursday - daysFromCivil(y, 1, 1)) / 7 + 1
        return (y, week)
    }
}

/// Floor division (Ruby's Integer#div).
func floorDiv(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
}

/// Floor modulo (Ruby's Integer#%).
func floorMod(_ a: Int, _ b: Int) -> Int {
    let r = a % b
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = floorDiv(y, 400)
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = floorDiv(z, 146_097)
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
}
