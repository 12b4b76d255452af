/// Psych's scalar patterns (`Psych::ScalarScanner`), matched on a plain scalar's bytes.
///
/// They are Ruby regular expressions: `\d` is `[0-9]` and `\s` is `[ \t\n\v\f\r]` whatever the
/// text (a digit or a space of another script never matches), and `$` is the end here, since a
/// scalar holding a line feed never reaches them (`PsychScalar.resolve` takes it for a string).
/// Each function names the pattern it matches; `PsychPatternTests` compares them with the same
/// patterns run by `NSRegularExpression` on generated ASCII text, where the two engines agree.
enum PsychPatterns {
    private static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// `^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$`
    static func isTimestamp(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            var reader = Reader(b)
            _ = reader.take(UInt8(ascii: "-"))
            guard reader.digits(4, 4), reader.take(UInt8(ascii: "-")), reader.digits(1, 2), reader.take(UInt8(ascii: "-")),
                  reader.digits(1, 2) else { return false }
            if !reader.take(UInt8(ascii: "T")), !reader.take(UInt8(ascii: "t")) {
                guard reader.spaces() > 0 else { return false }
            }
            guard reader.digits(1, 2), reader.take(UInt8(ascii: ":")), reader.digits(2, 2), reader.take(UInt8(ascii: ":")),
                  reader.digits(2, 2) else { return false }
            if reader.take(UInt8(ascii: ".")) { _ = reader.digits(0, Int.max) }
            if reader.atEnd { return true }
            _ = reader.spaces()
            if reader.take(UInt8(ascii: "Z")) { return reader.atEnd }
            guard reader.take(UInt8(ascii: "-")) || reader.take(UInt8(ascii: "+")) else { return false }
            return offsetDigits(UnsafeBufferPointer(rebasing: b[reader.at...]))
        }
    }

    /// `\d{1,2}:?(?:\d\d)?` matching all of `rest`: 1 to 4 digits, or 1 or 2 digits, a colon,
    /// and none or 2 digits.
    private static func offsetDigits(_ rest: UnsafeBufferPointer<UInt8>) -> Bool {
        if let colon = rest.firstIndex(of: UInt8(ascii: ":")) {
            let before = rest[..<colon], after = rest[(colon + 1)...]
            return (1...2).contains(before.count) && before.allSatisfy(isDigit)
                && (after.count == 0 || after.count == 2) && after.allSatisfy(isDigit)
        }
        return (1...4).contains(rest.count) && rest.allSatisfy(isDigit)
    }

    /// `^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$`
    static func isDate(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            var reader = Reader(b)
            guard reader.digits(4, 4), reader.take(UInt8(ascii: "-")) else { return false }
            let monthStart = reader.at
            guard reader.digits(1, 2) else { return false }
            if reader.at - monthStart == 2 {
                let first = b[monthStart], second = b[monthStart + 1]
                guard first == UInt8(ascii: "0") || (first == UInt8(ascii: "1") && second <= UInt8(ascii: "2")) else { return false }
            }
            guard reader.take(UInt8(ascii: "-")) else { return false }
            let dayStart = reader.at
            guard reader.digits(1, 2), reader.atEnd else { return false }
            if reader.at - dayStart == 2 {
                let first = b[dayStart], second = b[dayStart + 1]
                return first <= UInt8(ascii: "2") || (first == UInt8(ascii: "3") && second <= UInt8(ascii: "1"))
            }
            return true
        }
    }

    /// `^[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?$`
    static func isFloat(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            var reader = Reader(b)
            _ = reader.take(UInt8(ascii: "-")) || reader.take(UInt8(ascii: "+"))
            if reader.digits(1, 1) {
                while !reader.atEnd, isDigit(b[reader.at]) || b[reader.at] == UInt8(ascii: "_") || b[reader.at] == UInt8(ascii: ",") {
                    reader.at += 1
                }
            }
            guard reader.take(UInt8(ascii: ".")) else { return false }
            _ = reader.digits(0, Int.max)
            if reader.atEnd { return true }
            guard reader.take(UInt8(ascii: "e")) || reader.take(UInt8(ascii: "E")),
                  reader.take(UInt8(ascii: "-")) || reader.take(UInt8(ascii: "+")) else { return false }
            return reader.digits(1, Int.max) && reader.atEnd
        }
    }

    /// `^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$`
    static func isSexagesimal(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            var reader = Reader(b)
            _ = reader.take(UInt8(ascii: "-")) || reader.take(UInt8(ascii: "+"))
            guard reader.digits(1, 1) else { return false }
            while !reader.atEnd, isDigit(b[reader.at]) || b[reader.at] == UInt8(ascii: "_") { reader.at += 1 }
            var groups = 0
            while reader.take(UInt8(ascii: ":")) {
                groups += 1
                let start = reader.at
                guard groups <= 2, reader.digits(1, 2) else { return false }
                if reader.at - start == 2, b[start] > UInt8(ascii: "5") { return false }
            }
            return groups > 0 && reader.atEnd
        }
    }

    /// Psych's `INTEGER_LEGACY`, one of: `^[-+]?0b[0-1_,]+$`, `^[-+]?0[0-7_,]+$`,
    /// `^[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)$`, `^[-+]?0x[0-9a-fA-F_,]+$`.
    static func isInteger(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            var reader = Reader(b)
            _ = reader.take(UInt8(ascii: "-")) || reader.take(UInt8(ascii: "+"))
            let rest = UnsafeBufferPointer(rebasing: b[reader.at...])
            guard let first = rest.first else { return false }
            func all(from start: Int, _ keep: (UInt8) -> Bool) -> Bool {
                rest.count > start && rest[start...].allSatisfy(keep)
            }
            if first == UInt8(ascii: "0") {
                if rest.count == 1 { return true }
                switch rest[1] {
                case UInt8(ascii: "b"):
                    if all(from: 2, { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ",") }) { return true }
                case UInt8(ascii: "x"):
                    if all(from: 2, { isDigit($0) || (($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "f")) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ",") }) { return true }
                default:
                    break
                }
                return all(from: 1, { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7")) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ",") })
            }
            guard isDigit(first) else { return false }
            // [1-9] then digits, each separator (`,` or `_`) followed by a digit.
            var k = 1
            while k < rest.count {
                if isDigit(rest[k]) {
                    k += 1
                } else if rest[k] == UInt8(ascii: ",") || rest[k] == UInt8(ascii: "_"), k + 1 < rest.count, isDigit(rest[k + 1]) {
                    k += 2
                } else {
                    return false
                }
            }
            return true
        }
    }

    /// A position in a pattern's text.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var atEnd: Bool { at == bytes.count }

        /// Takes `byte` if it is next.
        mutating func take(_ byte: UInt8) -> Bool {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        /// Takes as many digits as there are, up to `most`; whether there were at least `least`.
        mutating func digits(_ least: Int, _ most: Int) -> Bool {
            var count = 0
            while count < most, at < bytes.count, PsychPatterns.isDigit(bytes[at]) {
                at += 1
                count += 1
            }
            return count >= least
        }

        /// Takes the `\s` bytes next; how many.
        mutating func spaces() -> Int {
            let start = at
            while at < bytes.count, PsychPatterns.isSpace(bytes[at]) { at += 1 }
            return at - start
        }
    }
}
