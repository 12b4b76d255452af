import BlogModel
import Exporters
import Foundation
import Testing
@testable import Kramdown

/// kramdown's own testcases and the Jekyll truth cases, compared after HTML normalisation.
@Suite struct SuiteTests {
    /// Options (or option values) the writer cannot honour; testcases using them are not counted.
    static func unsupported(_ m: MetadataMap) -> [String] {
        var out: [String] = []
        for e in m {
            switch e.key {
            case "html_to_native": if case .bool(true) = e.value { out.append("html_to_native: true") }
            case "syntax_highlighter":
                if let s = e.value.stringValue, s != "rouge" { out.append("syntax_highlighter: \(s)") }
            case "enable_coderay", "coderay_wrap", "coderay_line_numbers", "coderay_css", "coderay_default_lang":
                if e.key == "enable_coderay", case .bool(false) = e.value { continue }
                out.append(e.key)
            case "syntax_highlighter_opts":
                for k in e.value.mapValue?.keys ?? [] where ["line_numbers", "formatter", "wrap", "css", "inline_theme"].contains(k) {
                    out.append("syntax_highlighter_opts.\(k)")
                }
            case "transliterated_header_ids": if case .bool(true) = e.value { out.append("transliterated_header_ids: true") }
            case "math_engine": if let s = e.value.stringValue, s != "mathjax" { out.append("math_engine: \(s)") }
            default: break
            }
        }
        return out
    }

    @Test func kramdownTestcases() throws {
        let dir = Support.shared.appendingPathComponent("suites/kramdown/REL_2_4_0/testcases")
        guard FileManager.default.fileExists(atPath: dir.path) else {
            print("kramdown testcases: skipped (\(dir.path) is absent)")
            return
        }
        var texts: [String] = []
        let e = FileManager.default.enumerator(atPath: dir.path)
        while let f = e?.nextObject() as? String { if f.hasSuffix(".text") { texts.append(f) } }
        texts.sort()
        var pass = 0, fail: [String] = [], skipped: [String: [String]] = [:]
        for t in texts {
            let base = dir.appendingPathComponent(String(t.dropLast(5)))
            let htmlURL = base.appendingPathExtension("html")
            guard let expected = try? String(contentsOf: htmlURL, encoding: .utf8) else { continue }
            let source = try String(contentsOf: base.appendingPathExtension("text"), encoding: .utf8)
            var optURL = base.appendingPathExtension("options")
            if !FileManager.default.fileExists(atPath: optURL.path) { optURL = base.deletingLastPathComponent().appendingPathComponent("options") }
            var map = MetadataMap([("auto_ids", .bool(false)), ("footnote_nr", .int(1))])
            if let o = try? String(contentsOf: optURL, encoding: .utf8) { map = Support.parseOptions(o) }
            let bad = SuiteTests.unsupported(map)
            if !bad.isEmpty {
                for b in bad { skipped[b, default: []].append(t) }
                continue
            }
            let options = KramdownOptions(kramdown: map)
            let got = Support.html(source, options)
            if Support.same(got, expected) { pass += 1 } else { fail.append(t) }
        }
        print("kramdown testcases: \(pass) passed, \(fail.count) failed")
        print("kramdown testcases not counted (unsupported options): "
              + skipped.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value.count))" }.joined(separator: ", "))
        if let out = ProcessInfo.processInfo.environment["KRAMDOWN_FAIL_LIST"] {
            try? (fail.joined(separator: "\n") + "\n").write(toFile: out + ".testcases", atomically: true, encoding: .utf8)
        }
        #expect(Double(pass) >= 0.95 * Double(pass + fail.count))
    }

    @Test func jekyllTruthCases() throws {
        let url = Support.shared.appendingPathComponent("suites/jekyll-kramdown-truth/cases.json")
        guard let data = try? Data(contentsOf: url) else {
            print("cases.json: skipped (\(url.path) is absent)")
            return
        }
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let cases = root?["cases"] as? [[String: Any]] ?? []
        var pass = 0, fail: [String] = []
        for c in cases {
            guard let id = c["id"] as? String, let md = c["markdown"] as? String, let html = c["html"] as? String else { continue }
            let got = Support.html(md)
            if Support.same(got, html) { pass += 1 } else { fail.append(id) }
        }
        print("cases.json: \(pass) passed, \(fail.count) failed")
        if let out = ProcessInfo.processInfo.environment["KRAMDOWN_FAIL_LIST"] {
            try? (fail.joined(separator: "\n") + "\n").write(toFile: out + ".cases", atomically: true, encoding: .utf8)
        }
        #expect(Double(pass) >= 0.95 * Double(cases.count))
    }

    /// Prints our HTML for the file named by `KRAMDOWN_DEBUG_FILE` (a debugging aid; does nothing otherwise).
    @Test func debugFile() throws {
        guard let path = ProcessInfo.processInfo.environment["KRAMDOWN_DEBUG_FILE"] else { return }
        let src = try String(contentsOfFile: path, encoding: .utf8)
        var options = KramdownOptions.jekyllDefaults
        if let o = ProcessInfo.processInfo.environment["KRAMDOWN_DEBUG_OPTIONS"],
           let text = try? String(contentsOfFile: o, encoding: .utf8) {
            options = KramdownOptions(kramdown: Support.parseOptions(text))
        }
        print("@@BEGIN@@" + Support.html(src, options) + "@@END@@")
    }
}
