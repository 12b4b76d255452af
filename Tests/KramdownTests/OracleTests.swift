import BlogModel
import Exporters
import Testing
@testable import Kramdown

/// Tricky cases; every expected value was produced by `shared/tools/kramdown-truth.rb` (Ruby kramdown 2.4 under Jekyll's setup).
@Suite struct OracleTests {
    @Test func headerIDsKeepUnicodeAndCountDuplicates() {
        let html = Support.html("# 결론\n\n## 결론\n\n# Hello World!\n\n# Hello World!\n\n## GitHub: tensor & jam in web\n")
        #expect(html.contains(#"<h1 id="결론">결론</h1>"#))
        #expect(html.contains(#"<h2 id="결론-1">결론</h2>"#))
        #expect(html.contains(#"<h1 id="hello-world">Hello World!</h1>"#))
        #expect(html.contains(#"<h1 id="hello-world-1">Hello World!</h1>"#))
        #expect(html.contains(#"<h2 id="github-tensor--jam-in-web">GitHub: tensor &amp; jam in web</h2>"#))
    }

    @Test func smartQuotesAndTypography() {
        #expect(Support.html("He said \"it's 1990s\" -- ok... <<x>>\n") == "<p>He said “it’s 1990s” – ok… «x»</p>\n")
    }

    @Test func footnotes() {
        let html = Support.html("a[^1] b[^x]\n\n[^1]: one\n[^x]: two\n\n    more\n")
        let expected = """
            <p>a<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a></sup> b<sup id="fnref:x" role="doc-noteref"><a href="#fn:x" class="footnote" rel="footnote">2</a></sup></p>

            <div class="footnotes" role="doc-endnotes">
              <ol>
                <li id="fn:1" role="doc-endnote">
                  <p>one <a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p>
                </li>
                <li id="fn:x" role="doc-endnote">
                  <p>two</p>

                  <p>more <a href="#fnref:x" class="reversefootnote" role="doc-backlink">&#8617;</a></p>
                </li>
              </ol>
            </div>

            """
        #expect(Support.same(html, expected))
        #expect(html.contains(##"<p>one\##u{a0}<a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p>"##))
    }

    @Test func codeBlocksGetRougeWrappers() {
        #expect(Support.html("```ruby\nputs 1 < 2\n```\n") == """
            <div class="language-ruby highlighter-rouge"><div class="highlight"><pre class="highlight"><code>puts 1 &lt; 2
            </code></pre></div></div>

            """.dropLast() + "\n")
        #expect(Support.html("Use `a<b`.\n") == "<p>Use <code class=\"language-plaintext highlighter-rouge\">a&lt;b</code>.</p>\n")
    }
}
