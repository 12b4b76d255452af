import BlogJSON
import Foundation
@testable import Importers
import Testing

/// Our re-implementations of Ruby and Jekyll functions against what Ruby itself printed
/// (`Tests/oracle/ruby-oracle.rb` wrote the fixture with Ruby 3.1 and Jekyll 4.3.1).
@Suite struct RubyOracleTests {
    static let oracle: JSONValue = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ruby-oracle.json")
        return (try? JSONParser.parse(Array((try? Data(contentsOf: url)) ?? Data()))) ?? .null
    }()

    @Test func timeParseMatchesRuby() throws {
        let zone = try #require(RubyTime.Zone(identifier: "America/New_York"))
        let now: Int64 = 1_768_478_400  // Time.utc(2026, 1, 15, 12)
        let cases = try #require(Self.oracle["time_parse"]?.array)
        #expect(cases.count > 20)
        for c in cases {
            let input = try #require(c.array?[0].string)
            let expected = c.array?[1].int.map(Int64.init)
            #expect(RubyTime.parse(input, zone: zone, now: now) == expected, "Time.parse(\(input.debugDescription))")
        }
    }

    @Test func plainScalarsTypedAsPsych() throws {
        let cases = try #require(Self.oracle["psych"]?.array)
        for c in cases {
            let parts = try #require(c.array)
            let input = try #require(parts[0].string)
            let kind = try #require(parts[1].string)
            let value = try YAMLLoader.load("v: \(input)")?.mapValue?["v"] ?? .null
            switch (kind, value) {
            case ("null", .null): break
            case ("bool", .bool(let b)): #expect(parts[2] == .bool(b), "\(input)")
            case ("int", .int(let i)): #expect(parts[2] == .int(i), "\(input)")
            case ("float", .float(let d)):
                if case .double(let e) = parts[2] { #expect(d == e, "\(input)") }
                else if case .int(let e) = parts[2] { #expect(d == Double(e), "\(input)") }
                else { #expect(d.isNaN || d.isInfinite, "\(input)") }
            case ("string", .string(let s)): #expect(parts[2] == .string(s), "\(input)")
            case ("date", .timestamp), ("time", .timestamp): break
            default: Issue.record("\(input.debugDescription): Psych gives \(kind), we give \(value)")
            }
        }
    }

    @Test func unquotedTimestampsAreUTCInstants() throws {
        let cases = try #require(Self.oracle["psych"]?.array)
        for c in cases where c.array?[1].string == "time" {
            let input = try #require(c.array?[0].string)
            #expect(RubyTime.timestampInstant(input).map(Int.init) == c.array?[2].int, "\(input)")
        }
    }

    @Test func slugifyMatchesJekyll() throws {
        let modes = ["raw", "default", "pretty", "ascii", "latin", "none"]
        for c in try #require(Self.oracle["slugify"]?.array) {
            let parts = try #require(c.array)
            let input = try #require(parts[0].string)
            let expected = try #require(parts[1].array)
            for (mode, want) in zip(modes, expected) {
                #expect(Slugify.slugify(input, mode: mode) == want.string, "slugify(\(input.debugDescription), \(mode))")
            }
            #expect(Slugify.slugify(input, mode: "pretty", cased: true) == parts[2].string)
        }
    }

    @Test func titleizeMatchesJekyll() throws {
        for c in try #require(Self.oracle["titleize"]?.array) {
            #expect(Slugify.titleize(c.array?[0].string ?? "") == c.array?[1].string)
        }
    }
}
