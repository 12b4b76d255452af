import BlogModel
import Exporters
import Testing
@testable import Kramdown

/// Blocks and spans nest 47 levels deep as kramdown nests them; deeper, the rest is kept as
/// plain text and the document gets one warning that says so. Checked against kramdown
/// (`../shared/tools/kramdown-truth.rb`): at 47 levels the HTML of each input below is
/// kramdown's; at 48 it is not, and the warning comes at exactly that depth.
struct NestingLimitTests {
    /// Name, the input nested `depth` deep, and the tag counted in the HTML.
    static func input(_ name: String, depth: Int) -> (source: String, tag: String) {
        func repeated(_ s: String) -> String { String(repeating: s, count: depth) }
        switch name {
        case "blockquotes": return (repeated(">") + " deep\n", "<blockquote>")
        case "lists": return (repeated("- ") + "deep\n", "<ul>")
        case "divs": return (repeated("<div>") + "deep" + repeated("</div>") + "\n", "<div>")
        default: return ("a " + repeated("<span>") + "deep" + repeated("</span>") + "\n", "<span>")
        }
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test(arguments: ["blockquotes", "lists", "divs", "spans"])
    func nestsFortySevenLevelsWithoutAWarning(_ name: String) {
        let (source, tag) = Self.input(name, depth: 47)
        let parsed = Kramdown.parse(source, options: .jekyllDefaults)
        let html = HTMLWriter.html(parsed.document, options: .jekyllDefaults)
        #expect(!parsed.warnings.contains(Kramdown.depthLimitWarning), "\(name)")
        #expect(Self.count(tag, in: html) == 47, "\(name)")
        #expect(html.contains("deep"))
    }

    @Test(arguments: ["blockquotes", "lists", "divs", "spans"])
    func deeperIsKeptAsTextWithOneWarning(_ name: String) {
        for depth in [48, 1_000] {
            let (source, tag) = Self.input(name, depth: depth)
            let parsed = Kramdown.parse(source, options: .jekyllDefaults)
            let html = HTMLWriter.html(parsed.document, options: .jekyllDefaults)
            #expect(parsed.warnings.filter { $0 == Kramdown.depthLimitWarning }.count == 1, "\(name) \(depth)")
            #expect(Self.count(tag, in: html) <= 47, "\(name) \(depth)")
            #expect(html.contains("deep"), "\(name) \(depth)")
        }
    }
}
