import Foundation
import Testing
@testable import Kramdown

/// Pathological inputs must parse in linear time: doubling the input may at most about double the
/// time, and 30,000 repetitions finish well under a second in a release build. (Ruby kramdown
/// overflows its stack on 5,000 `>` and takes minutes on 10,000 `[`.)
@Suite(.serialized) struct LinearityTests {
    /// Name, repeated unit, suffix.
    static let inputs: [(String, String, String)] = [
        (">", ">", ""), ("> lines", "> ", "x\n"), ("[", "[", ""), ("[ with ]", "[", "]"), ("*", "*", ""),
        ("_a", "_a ", ""), ("`", "`", ""), ("` runs", "`a ``b ", ""), ("<", "<", ""), ("<a", "<a ", ""),
        ("![", "![", ""), ("- ", "- ", "x\n"), ("{:", "{:", ""), ("~~", "~~a ", ""), ("$", "$a ", ""),
        ("[a](", "[a](", ""), ("quotes", "\"a' ", ""), ("<div>", "<div>", ""), ("lines", "a\n", ""),
        ("nested lists", "  ", "- x\n"), ("*a", "*a ", ""), ("**", "**a ", ""),
    ]

    #if DEBUG
    static let absoluteLimit = 60.0  // unoptimised code on a shared machine: only the growth check is meaningful
    #else
    static let absoluteLimit = 1.0
    #endif

    static func time(_ name: String, _ n: Int) -> Double {
        let (_, unit, suffix) = inputs.first { $0.0 == name }!
        let input = String(repeating: unit, count: n) + suffix
        let start = Date()
        _ = Kramdown.parse(input, options: .jekyllDefaults)
        return Date().timeIntervalSince(start)
    }

    @Test(arguments: inputs.map(\.0))
    func finishesInLinearTime(_ name: String) {
        // The best of two runs, to keep a busy machine's noise out of the ratio.
        let half = min(LinearityTests.time(name, 15_000), LinearityTests.time(name, 15_000))
        let full = min(LinearityTests.time(name, 30_000), LinearityTests.time(name, 30_000))
        print("linearity \(name): 15000 in \(String(format: "%.3f", half)) s, 30000 in \(String(format: "%.3f", full)) s")
        #expect(full < 3.2 * half + 0.1, "\(name): doubling the input took \(full / max(half, 1e-6))x as long")
        #expect(full < LinearityTests.absoluteLimit, "\(name) took \(full) s")
    }
}
