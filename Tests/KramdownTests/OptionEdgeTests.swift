import BlogModel
import Exporters
import Kramdown
import Testing

/// kramdown options at the edges of 64 bits, from a site's `_config.yml`. Each trapped (an
/// overflow in `header_offset + level`, a float option converted to Int) and took the whole
/// batch down. Expected HTML is kramdown 2.4's, from `../shared/tools/kramdown-truth.rb --config`.
@Suite struct OptionEdgeTests {
    @Test func headerOffsetNearIntMaxKeepsHeadersAtSix() {
        let options = KramdownOptions(kramdown: MetadataMap([("header_offset", .int(Int.max))]))
        let html = Support.html("# a\n\n## b\n", options)
        #expect(Support.same(html, "<h6 id=\"a\">a</h6>\n\n<h6 id=\"b\">b</h6>\n"), "\(html)")
        let down = KramdownOptions(kramdown: MetadataMap([("header_offset", .int(-Int.max))]))
        #expect(Support.same(Support.html("###### a\n", down), "<h1 id=\"a\">a</h1>\n"))
    }

    @Test func footnoteNumbersNearIntMax() {
        let options = KramdownOptions(kramdown: MetadataMap([("footnote_nr", .int(Int.max - 1))]))
        let html = Support.html("x[^1] y[^2]\n\n[^1]: one\n[^2]: two\n", options)
        // kramdown's numbers for the first two; Ruby goes on past Int.max where we stop.
        #expect(html.contains("rel=\"footnote\">9223372036854775806</a>"), "\(html)")
        #expect(html.contains("rel=\"footnote\">9223372036854775807</a>"), "\(html)")
        #expect(html.contains("<ol start=\"9223372036854775806\">"), "\(html)")
        let more = Support.html("x[^1] y[^2] z[^3]\n\n[^1]: one\n[^2]: two\n[^3]: three\n", options)
        #expect(more.contains("<p>three"), "a third footnote still converts")
    }

    @Test func floatOptionsBeyondIntDoNotTrap() {
        for value in [1e30, -1e30, .infinity, .nan] {
            let options = KramdownOptions(kramdown: MetadataMap([("header_offset", .float(value)), ("footnote_nr", .float(value))]))
            #expect(!Support.html("# a\n\nx[^1]\n\n[^1]: n\n", options).isEmpty)
        }
    }
}
