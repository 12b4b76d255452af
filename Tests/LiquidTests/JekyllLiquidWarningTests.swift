import BlogModel
import Foundation
@testable import Importers
import Testing

/// What Jekyll would stop the build for, blogport converts with the tag left as written and a
/// warning at `file:line:column` that names the tag.
struct JekyllLiquidWarningTests {
    static let post = """
        ---
        title: mixed
        ---
        Intro {{ page.title }}.
        {% github_edit_link "Edit" %}
        {% include missing.html %}
        {% if page.title %}never closed
        {{ 7 | divided_by: 0 }}
        End.

        """

    @Test func problemsAreLeftAsWrittenAndPlaced() throws {
        let root = JekyllLiquidSafetyTests.site([
            "_config.yml": "title: t\n",
            "_posts/2024-01-01-mixed.md": Self.post,
            "_posts/2024-01-02-fine.md": "---\ntitle: fine\n---\n{{ page.title | upcase }}\n",
        ])
        let result = try JekyllLiquidSafetyTests.read(root)
        #expect(JekyllLiquidSafetyTests.body(result, "_posts/2024-01-02-fine.md") == "FINE\n")
        #expect(JekyllLiquidSafetyTests.body(result, "_posts/2024-01-01-mixed.md") == """
            Intro mixed.
            {% github_edit_link "Edit" %}
            {% include missing.html %}
            {% if page.title %}never closed
            {{ 7 | divided_by: 0 }}
            End.

            """)
        let liquid = result.diagnostics.filter { $0.code.hasPrefix("liquid-") }.map(\.description)
        let file = "_posts/2024-01-01-mixed.md"
        #expect(liquid == [
            """
            \(file):5:1: warning: {% github_edit_link "Edit" %}: Unknown tag 'github_edit_link'
              {% github_edit_link "Edit" %}
              ^
              hint: 'github_edit_link' comes from a plugin blogport does not implement (see README); the tag is left as written
            """,
            """
            \(file):6:1: warning: {% include missing.html %}: Could not locate the included file 'missing.html' in any of ["_includes"]
              {% include missing.html %}
              ^
              hint: add the file to _includes (or pass --theme / --include-path); the tag is left as written
            """,
            """
            \(file):7:1: warning: {% if page.title %}: 'if' tag was never closed
              {% if page.title %}never closed
              ^
              hint: fix the tag; it is left as written
            """,
            """
            \(file):8:1: warning: {{ 7 | divided_by: 0 }}: divided by 0
              {{ 7 | divided_by: 0 }}
              ^
              hint: Jekyll stops the build here; blogport leaves the tag as written
            """,
        ])
    }

    @Test func aProblemInsideAnIncludeIsPlacedInTheInclude() throws {
        let root = JekyllLiquidSafetyTests.site([
            "_config.yml": "title: t\n",
            "_includes/box.html": "<div>\n  {% octicon mark-github %}\n</div>",
            "_posts/2024-01-01-a.md": "---\ntitle: a\n---\n{% include box.html %}\n",
        ])
        let result = try JekyllLiquidSafetyTests.read(root)
        #expect(JekyllLiquidSafetyTests.body(result, "_posts/2024-01-01-a.md") == "<div>\n  {% octicon mark-github %}\n</div>\n")
        let d = try #require(result.diagnostics.first { $0.code == "liquid-unknown-tag" })
        #expect(d.location == SourceLocation(file: "_includes/box.html", line: 2, column: 3))
        #expect(d.message == "{% octicon mark-github %}: Unknown tag 'octicon'")
    }

    @Test func pluginTagsNeedThePluginEnabled() throws {
        let root = JekyllLiquidSafetyTests.site([
            "_config.yml": "title: t\n",
            "_posts/2024-01-01-a.md": "---\ntitle: a\n---\n{% gist octocat/1 %}\n",
        ])
        let result = try JekyllLiquidSafetyTests.read(root)
        #expect(JekyllLiquidSafetyTests.body(result, "_posts/2024-01-01-a.md") == "{% gist octocat/1 %}\n")
        let d = try #require(result.diagnostics.first { $0.code == "liquid-unknown-tag" })
        #expect(d.hint == "enable jekyll-gist in the site's plugins to render it; the tag is left as written")
    }
}
