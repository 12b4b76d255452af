import BlogModel
import Foundation
@testable import Importers
import Testing

/// `PsychPatterns` matches Psych's scalar patterns on bytes. On ASCII text with no line
/// terminator, ICU's regular expressions (`NSRegularExpression`) and Ruby's agree, so there the
/// patterns, as Psych writes them, are the reference; where the engines differ (digits and
/// spaces of other scripts) the answers are the ones Ruby 3.1's Psych gave.
struct PsychPatternTests {
    static let patterns: [(name: String, pattern: String, match: @Sendable (String) -> Bool)] = [
        ("timestamp", #"^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$"#,
         PsychPatterns.isTimestamp),
        ("date", #"^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$"#, PsychPatterns.isDate),
        ("float", #"^[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?$"#, PsychPatterns.isFloat),
        ("sexagesimal", #"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$"#, PsychPatterns.isSexagesimal),
        ("integer", #"^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$"#,
         PsychPatterns.isInteger),
    ]

    static func regexMatches(_ pattern: String, _ text: String) -> Bool {
        let re = try! NSRegularExpression(pattern: pattern)
        return re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Texts built from pieces that reach every branch of every pattern: each pattern answers
    /// as the regular expression does. (A text ending in a vertical tab or a form feed is left
    /// out: ICU's `$` may stand before those, Ruby's only before a line feed; YAML allows
    /// neither in a scalar.)
    @Test func bytePatternsMatchTheRegularExpressions() {
        let common = ["0", "1", "2", "5", "6", "9", "12", "-", "+", ":", ".", ",", "_", " ", "\t", "\u{0B}", "\u{0C}", "a", "Z"]
        let piecesByPattern = [
            "timestamp": common + ["2012-01-20", "2012-1-2", "20120", "T", "t", "10:00:00", "1:00:00", "10:0:00", ".5", "+0100", "-08:00",
                                   "+050", "-5:", "+12345", "Z"],
            "date": common + ["2012", "0000", "2012-", "-1", "-0", "-12", "-13", "-02", "-3", "-30", "-31", "-32", "-29", "-00"],
            "float": common + ["e", "E", "e+5", "E-1", "1_000", "1,000", ".5", "0."],
            "sexagesimal": common + ["59", "60", "1:30", ":59", ":60", ":5", "1_0", ":"],
            "integer": common + ["0b", "0x", "0b101", "0x1F", "fF", "017", "08", "1_000", "1,000", "b", "x", "7"],
        ]
        var generator = SplitMix(seed: 7)
        var matched = [String: Int]()
        var wrong = 0
        for (name, pattern, match) in Self.patterns {
            let re = try! NSRegularExpression(pattern: pattern)
            let pieces = piecesByPattern[name]!
            for n in 0..<20_000 {
                func pick(_ choices: [String]) -> String { choices[Int(generator.next() % UInt64(choices.count))] }
                // Every other timestamp and date follows the pattern's shape, each part right or nearly.
                let text: String
                // One part in eight is nearly right.
                func part(_ right: [String], _ nearly: [String]) -> String {
                    generator.next() % 8 == 0 ? pick(nearly) : pick(right)
                }
                if name == "timestamp", n % 2 == 0 {
                    text = [part(["", "-"], ["+", "--"]), part(["2012", "0000"], ["201", "20120"]), part(["-"], ["--", "/", ""]),
                            part(["1", "01", "12"], ["123", ""]), part(["-"], [":", ""]), part(["2", "02", "31"], ["311", ""]),
                            part(["T", "t", " ", "\t\t", " \u{0B}"], ["", "x", "TT"]), part(["1", "10"], ["100", ""]),
                            part([":"], ["", "."]), part(["00", "59"], ["0", "000"]), part([":"], ["."]), part(["00", "59"], ["0", "5a"]),
                            part(["", ".", ".5", ".123"], ["..5", ".a"]),
                            part(["", " Z", "Z", "  +0100", "-08:00", "+050", "-5:", "\tZ", "+1", "-12:"], ["+12345", "+1:0", " ", "z", "+", "+1:234", "Z "])].joined()
                } else if name == "date", n % 2 == 0 {
                    text = [part(["2012", "0000"], ["201", "20120"]), part(["-"], ["_", ""]), part(["1", "01", "09", "10", "12"], ["13", "00", "123", ""]),
                            part(["-"], [":", ""]), part(["1", "9", "01", "10", "29", "30", "31"], ["32", "39", "40", "311", ""]),
                            part([""], [" ", "x", "\t"])].joined()
                } else {
                    text = (0..<(1 + Int(generator.next() % 6))).map { _ in pick(pieces) }.joined()
                }
                if text.hasSuffix("\u{0B}") || text.hasSuffix("\u{0C}") { continue }
                let expected = re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                if expected { matched[name, default: 0] += 1 }
                if match(text) != expected {
                    wrong += 1
                    if wrong < 20 { Issue.record("\(name): \(text.debugDescription) should \(expected ? "" : "not ")match") }
                }
            }
        }
        #expect(wrong == 0)
        // Every pattern met texts it matches (the pieces reach it), not only ones it refuses.
        for (name, _, _) in Self.patterns { #expect(matched[name, default: 0] >= 50, "\(name): \(matched[name, default: 0])") }
        print("Psych patterns matched in 20,000 texts each: \(matched.sorted { $0.key < $1.key })")
    }

    /// Hand-picked edges of each pattern, checked against the regular expressions too.
    @Test func edgesMatchTheRegularExpressions() {
        let texts = ["2012-01-20 10:00:00", "2012-01-20T10:00:00Z", "-2012-1-2t1:00:00Z", "2012-1-2 1:00:00 +050",
                     "2012-1-2 1:00:00 +12345", "2012-01-20 10:00:00.123 -08:00", "2012-01-20 10:00:00 ", "2012-01-20 10:00:00. Z",
                     "2012-01-20  \t10:00:00", "2012-01-2010:00:00", "20120-01-20 10:00:00", "2012-01-20", "2012-12-31", "2012-1-9",
                     "2012-13-01", "2012-00-00", "2012-01-32", "2012-01-30", "2012-01-3", "1.", ".", "-.", "+.5", "1,2_3.4e+5",
                     "1.5e5", "1.5e+", "_1.0", "1:2", "1:2:3", "1:2:3:4", "1:60", "1:59", "+1_0:05", "0", "-0", "0b", "0b1_,",
                     "0x", "0xfF_", "0X1", "08", "07_", "1__0", "1_0", "1,", "+1,000", "1,0,0", "", "-", "+"]
        for (name, pattern, match) in Self.patterns {
            for text in texts {
                #expect(match(text) == Self.regexMatches(pattern, text), "\(name): \(text.debugDescription)")
            }
        }
    }

    /// Where ICU and Ruby differ, Ruby's answer (each checked with `ruby -rpsych` 3.1: the
    /// value Psych.unsafe_load gave for `a: TEXT`).
    @Test func digitsAndSpacesOfOtherScriptsAreNotRubys() {
        // "٣٣٣٣-01-01" and "2012-01-0١" loaded as String; ICU's \d takes the Arabic-Indic digits.
        #expect(!PsychPatterns.isDate("٣٣٣٣-01-01"))
        #expect(!PsychPatterns.isDate("2012-01-0١"))
        #expect(PsychScalar.resolve("٣٣٣٣-01-01") == .string("٣٣٣٣-01-01"))
        // "2012-01-20 10:00:00\u{A0}Z" loaded as String; ICU's \s takes the no-break space.
        #expect(!PsychPatterns.isTimestamp("2012-01-20 10:00:00\u{A0}Z"))
        #expect(PsychScalar.resolve("2012-01-20 10:00:00\u{A0}Z") == .string("2012-01-20 10:00:00\u{A0}Z"))
        // "2012-1-2 1:00:00 +050" loaded as a Time at +05:00; "-2012-1-2t1:00:00Z" as a Time.
        #expect(PsychPatterns.isTimestamp("2012-1-2 1:00:00 +050"))
        #expect(PsychPatterns.isTimestamp("-2012-1-2t1:00:00Z"))
    }
}
