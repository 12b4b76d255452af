import Exporters
import Foundation
import Testing
@testable import Kramdown

/// The Swift half of `Benchmarks/kramdown-bench.sh`; does nothing unless `KRAMDOWN_BENCH_FILE` is set.
@Suite struct BenchmarkTests {
    @Test func benchmark() throws {
        let env = ProcessInfo.processInfo.environment
        guard let path = env["KRAMDOWN_BENCH_FILE"] else { return }
        let reps = Int(env["KRAMDOWN_BENCH_REPS"] ?? "5") ?? 5
        let bodies = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String] ?? []
        let options = KramdownOptions.jekyllDefaults
        for b in bodies { _ = HTMLWriter.html(Kramdown.parse(b, options: options).document, options: options) }
        let start = Date()
        for _ in 0..<reps {
            for b in bodies { _ = HTMLWriter.html(Kramdown.parse(b, options: options).document, options: options) }
        }
        print("kramdown-bench-seconds: \(Date().timeIntervalSince(start))")
    }
}
