import BlogModel
import Foundation
@testable import Importers
import Testing

/// `SimpleYAML` reads simple front matter without libyaml; wherever it answers, its values must
/// be the libyaml path's (`YAMLLoader.loadWithLibyaml`, which the fidelity tests check against
/// Jekyll), and it must never accept YAML that libyaml refuses.
struct YAMLFastPathTests {
    /// Same value, NaN equal to NaN (compared as printed).
    static func same(_ a: MetadataValue?, _ b: MetadataValue?) -> Bool { String(describing: a) == String(describing: b) }

    /// Checks one text; true when the fast path answered.
    static func check(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        guard let fast = SimpleYAML.load(yaml) else { return false }
        do {
            let slow = try YAMLLoader.loadWithLibyaml(yaml)
            #expect(same(fast, slow), "\(yaml.debugDescription): \(fast) against \(String(describing: slow))", sourceLocation: sourceLocation)
        } catch {
            Issue.record("libyaml refuses \(yaml.debugDescription) (\(error.message)) but the fast path read \(fast)", sourceLocation: sourceLocation)
        }
        return true
    }

    static let keys = ["title", "date", "tags", "y", "yes", "No", "null", "_x", "key-x", "k2", "2019", "a b", "é", "<<", "title", "Title"]
    static let values = [
        "", "Hello world", "Hello  world", "1,000", "0x1F", "0o17", "017", "1:20", "190:20:30", ".5", "1.", "-5", "+5", "1e3", "1.0e+3",
        "~", "null", "NULL", "yes", "Off", "y", "n", "true", ".inf", "-.Inf", "2012-01-20 10:00:00 -0800", "2012-1-2", "2012-13-40",
        "2012-01-20T10:00:00Z", "2023-02-29", "\"quoted: # text\"", "'single'", "\"with \\\" escape\"", "'it''s'", "\"\"", "''",
        "[a, b]", "[]", "[ ]", "[a, \"b c\", 'd']", "[1, 2.5, yes, ~]", "[a, [b]]", "[a,]", "[a:b]", "{a: b}", "a: b", "a #c", "C#",
        "http://example.com/x?y=1", ":sym", "end:", "é한국", "a\u{85}b", "a\u{2028}b", "\u{FEFF}x", "a\tb", "x ", "&anchor", "*alias",
        "!tag x", "|", ">", "%x", "@x", "`x", "?x", "- item", "= ", "=", "<<", "a'b\"c",
    ]
    static let layouts = ["%@: %@", "%@:%@", "%@ : %@", "  %@: %@", "%@: %@ # c", "%@:  %@", "%@:\t%@", "%@: %@\r"]

    @Test func generatedFrontMatterReadsAsLibyamlReadsIt() {
        var generator = SplitMix(seed: 31)
        var answered = 0
        for _ in 0..<20_000 {
            let lines = (0..<(1 + Int(generator.next() % 5))).map { _ -> String in
                switch generator.next() % 12 {
                case 0: return ""
                case 1: return "# a comment"
                case 2, 3:
                    let items = ["- a", "- b c", "  - a", "  - 'q'", "    - 1,000", "- [x]", "-x", "- a: b", "- ", "-", "- - a", "\t- a", " # c", "- yes"]
                    return Self.keys[Int(generator.next() % UInt64(Self.keys.count))] + ":\n"
                        + (0..<Int(generator.next() % 3)).map { _ in items[Int(generator.next() % UInt64(generator.next() % 2 == 0 ? 3 : items.count))] }.joined(separator: "\n")
                default:
                    let layout = Self.layouts[Int(generator.next() % UInt64(generator.next() % 3 == 0 ? Self.layouts.count : 1))]
                    let key = Self.keys[Int(generator.next() % UInt64(Self.keys.count))]
                    let value = Self.values[Int(generator.next() % UInt64(Self.values.count))]
                    return String(format: layout, key, value)
                }
            }
            let start = ["", "", "---\n", "--- \n", "---\t\n", "--- x\n", "---"][Int(generator.next() % 7)]
            if Self.check(start + lines.joined(separator: "\n") + (generator.next() % 2 == 0 ? "\n" : "")) { answered += 1 }
        }
        #expect(answered > 1_000, "answered \(answered)")
    }

    /// Every front matter and config of the samples and (when ../shared is there) the corpora.
    @Test func sitesReadAsLibyamlReadsThem() throws {
        let sites = FidelityTests.sampleAndCorpusSites
        var texts = 0, answered = 0
        for site in sites {
            let files = FileManager.default.enumerator(at: site, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
            for file in files.sorted(by: { $0.path < $1.path }) {
                let ext = file.pathExtension
                guard ["md", "markdown", "html", "yml", "yaml"].contains(ext), let data = FileManager.default.contents(atPath: file.path) else { continue }
                let text = String(decoding: data, as: UTF8.self)
                let yaml: String
                if ext == "yml" || ext == "yaml" {
                    yaml = text
                } else {
                    // As the importer hands it over: with its opening `---` line.
                    guard let split = FrontMatterSplitter.split(text) else { continue }
                    yaml = split.yaml
                }
                texts += 1
                if Self.check(yaml) { answered += 1 }
            }
        }
        print("simple YAML: \(answered)/\(texts) front matters and YAML files without libyaml")
        #expect(answered * 10 >= texts * 7, "\(answered)/\(texts)")
    }

    /// Psych's scalar patterns are tried only when the text holds a character they need; on
    /// scalars built from pieces that reach every pattern (digits of several scripts, signs,
    /// separators, line terminators `$` may stand before), the answer must be the one trying
    /// every pattern gives.
    @Test func scalarShortcutsNeverChangeTheAnswer() {
        let pieces = ["1", "0", "9", "12", "2012", "-", "+", ":", ".", ",", "_", "e", "E", "x", "b", "0x", "0b", "T", "t", " ", "\t",
                      "Z", "a", "F", "\r", "\u{2028}", "\u{85}", "٣", "１", "é", "~", "y", "n", "inf", "nan", "null", "2012-01-20",
                      "10:00:00", "+0100", "-08:00", ".5", "1_000", "1,000"]
        var generator = SplitMix(seed: 41)
        var different = 0
        for _ in 0..<40_000 {
            let scalar = (0..<(1 + Int(generator.next() % 7))).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let fast = PsychScalar.resolve(scalar), full = PsychScalar.resolve(scalar, shortcuts: false)
            if !Self.same(fast, full) {
                different += 1
                Issue.record("\(scalar.debugDescription): \(fast) against \(full)")
            }
        }
        #expect(different == 0)
    }
}
