import BlogJSON
import BlogModel
import BlogportKit
import Foundation
import Importers
import Testing

/// Issue 7's catalogue of hostile and broken input: each case is a tiny site (one good post plus
/// the bad thing), the format it is converted to, the exact diagnostics (as printed, with the
/// site folder shown as `SITE/` and the output as `OUT`), the exit status, and that the good
/// post still converts.
///
/// The cases in `BadInputTests` belong to the catalogue too and are not repeated here:
/// unterminated front matter, a YAML syntax error, an unparsable date, a non-UTF-8 file, a
/// binary file, an empty file, a folder named like a post, two posts with one URL, a symbolic
/// link out of the site, invalid configuration YAML, a configuration that is a list, a site
/// that does not exist (12 cases).
///
/// `BADINPUT_RECORD=1 swift test --filter BadInputCatalogue` prints every case's actual
/// diagnostics as Swift literals, for review.
@Suite struct BadInputCatalogueTests {
    /// Where the output goes.
    enum Output: Sendable {
        /// Standard output.
        case standardOutput
        /// `OUT`, a folder that does not exist yet.
        case folder
        /// `OUT`, an existing regular file.
        case existingFile
        /// `OUT`, an existing folder (for a single-file format).
        case existingFolder
        /// `OUT`, a folder whose `2024` is a symbolic link to a folder outside it.
        case folderWithSymlinkOut
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var files: [String: [UInt8]]
        var config: String? = "title: T\n"
        var format = "json"
        var output = Output.standardOutput
        var settings: [String: String] = [:]
        var configFiles: [String] = []
        var expected: [String]
        var status: BlogportKit.ExitStatus
        /// Whether the good post must still be in the backup (false when the whole site fails).
        var goodPostConverts = true
        var testDescription: String { name }
    }

    static let good = "---\ntitle: Good\n---\nfine\n"
    static let bad = "_posts/2024-02-01-bad.md"
    static func t(_ s: String) -> [UInt8] { Array(s.utf8) }

    static let yamlHint = "hint: fix the YAML (Jekyll skips this post's front matter too)"
    static let dateHint = "hint: write it as YYYY-MM-DD HH:MM:SS +/-TTTT, e.g. 2023-12-10 09:30:00 +0900"
    static let noURL = "_config.yml: warning: _config.yml has no `url`: feed links and ids are relative, which readers cannot follow\n  hint: set `url: https://example.org` in _config.yml"
    static func noAuthor(_ path: String, _ name: String = "T") -> String {
        "\(path): warning: no author (post, _data/authors or site); the feed names '\(name)'\n  hint: set `author:` in _config.yml or the post's front matter"
    }

    static let cases: [Case] = frontMatter + dates + config + liquid + markdown + assets + feeds + output

    // MARK: Front matter

    static let frontMatter: [Case] = [
        Case(name: "front matter: tab indentation", files: [bad: t("---\ntitle: x\n\tdate: 2024-02-01\n---\nbody\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:3:1: error: YAML syntax error in the front matter: found a tab character that violates indentation while scanning a plain scalar\n  \tdate: 2024-02-01\n  ^\n  \(yamlHint)",
        ], status: .somePostsFailed),
        Case(name: "front matter: duplicate key", files: [bad: t("---\ntitle: one\ntitle: two\n---\nbody\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:2:1: error: YAML syntax error in the front matter: duplicate key 'title' in a mapping\n  title: one\n  ^\n  \(yamlHint)",
        ], status: .somePostsFailed),
        Case(name: "front matter: UTF-8 byte-order mark is read like Jekyll", files: [bad: [0xEF, 0xBB, 0xBF] + t("---\ntitle: bom\n---\nbody\n")],
             expected: [], status: .success),
        Case(name: "front matter: UTF-16LE with a byte-order mark", files: [bad: utf16("\u{FEFF}---\ntitle: u16\n---\nbody\n", bigEndian: false)], expected: [
            "SITE/_posts/2024-02-01-bad.md: error: the file is UTF-16 (it starts with a UTF-16 byte-order mark); Jekyll reads only UTF-8 and skips it\n  hint: re-save the file as UTF-8",
        ], status: .somePostsFailed),
        Case(name: "front matter: UTF-16BE with a byte-order mark", files: [bad: utf16("\u{FEFF}---\ntitle: u16\n---\nbody\n", bigEndian: true)], expected: [
            "SITE/_posts/2024-02-01-bad.md: error: the file is UTF-16 (it starts with a UTF-16 byte-order mark); Jekyll reads only UTF-8 and skips it\n  hint: re-save the file as UTF-8",
        ], status: .somePostsFailed),
        Case(name: "front matter: CRLF line ends", files: [bad: t("---\r\ntitle: crlf\r\n---\r\nbody\r\n")], expected: [], status: .success),
        Case(name: "front matter: a list, not a mapping", files: [bad: t("---\n- a\n- b\n---\nbody\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:2:1: error: the front matter is [\"a\", \"b\"], not a mapping of keys to values\n  - a\n  ^\n  hint: write it as `key: value` lines",
        ], status: .somePostsFailed),
        Case(name: "front matter: a bare scalar", files: [bad: t("---\njust text\n---\nbody\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:2:1: error: the front matter is \"just text\", not a mapping of keys to values\n  just text\n  ^\n  hint: write it as `key: value` lines",
        ], status: .somePostsFailed),
        Case(name: "front matter: NUL byte", files: [bad: t("---\ntitle: a\0b\n---\nbody\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:2:9: error: YAML syntax error in the front matter: control characters are not allowed\n  title: a\0b\n          ^\n  \(yamlHint)",
        ], status: .somePostsFailed),
        Case(name: "front matter: alias bomb stays small", files: [bad: t("""
            ---
            a: &a [x,x,x,x,x,x,x,x,x]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            ---
            body

            """)], expected: [], status: .success),
        Case(name: "front matter: large (1,500 keys, 80 KB)",
             files: [bad: t("---\ntitle: huge\n" + (0..<1500).map { "k\($0): \(String(repeating: "v", count: 50))\n" }.joined() + "---\nbody\n")],
             expected: [], status: .success),
    ]

    // MARK: Dates

    static let dates: [Case] = [
        Case(name: "date: month 13", files: [bad: t("---\ntitle: x\ndate: 2024-13-45\n---\nbody\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:3:7: error: invalid date '2024-13-45' in the front matter (Jekyll stops the build here)\n  date: 2024-13-45\n        ^\n  \(dateHint)",
        ], status: .somePostsFailed),
        Case(name: "date: a list", files: [bad: t("---\ntitle: x\ndate: [2024]\n---\nbody\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:3:7: error: invalid date '[2024]' in the front matter (Jekyll stops the build here)\n  date: [2024]\n        ^\n  \(dateHint)",
        ], status: .somePostsFailed),
        Case(name: "date: invalid date in the file name", files: ["_posts/2024-13-45-bad.md": t("---\ntitle: x\n---\nbody\n")], expected: [
            "SITE/_posts/2024-13-45-bad.md: error: the file name's date '2024-13-45' is not a valid date\n  hint: name the file YYYY-MM-DD-title.md",
        ], status: .somePostsFailed),
        Case(name: "date: front matter beats the file name, as in Jekyll", files: [bad: t("---\ntitle: x\ndate: 2023-05-05\n---\nbody\n")],
             expected: [], status: .success),
        Case(name: "date: year 99999 is a future post, hidden as in Jekyll", files: [bad: t("---\ntitle: x\ndate: 99999-01-01\n---\nbody\n")],
             expected: [], status: .success),
    ]

    // MARK: Configuration

    static let config: [Case] = [
        Case(name: "config: unknown timezone", files: [:], config: "title: T\ntimezone: Mars/Base\n", expected: [
            "SITE/_config.yml: warning: unknown time zone 'Mars/Base'; using UTC\n  hint: use an IANA name such as Europe/Berlin",
        ], status: .success),
        Case(name: "config: unknown permalink placeholder fails every post, as Jekyll stops", files: [:],
             config: "title: T\npermalink: /:nosuch/:title/\n", expected: [
            "SITE/_posts/2024-01-01-good.md: error: the permalink template '/:nosuch/:title/' uses ':nosuch', which Jekyll does not know\n  hint: see https://jekyllrb.com/docs/permalinks/ for the placeholders",
        ], status: .somePostsFailed, goodPostConverts: false),
        Case(name: "config: tab indentation", files: [:], config: "title: T\n\turl: x\n", expected: [
            "SITE/_config.yml:2:1: error: invalid configuration: YAML syntax error: found a tab character that violates indentation while scanning a plain scalar\n  \turl: x\n  ^\n  hint: fix the YAML (Jekyll refuses this file too)",
        ], status: .badInput, goodPostConverts: false),
        Case(name: "config: invalid time", files: [:], config: "title: T\ntime: yesterday\n", expected: [
            "SITE/_config.yml: error: invalid configuration: invalid time 'yesterday'\n  hint: write it as YYYY-MM-DD HH:MM:SS +/-TTTT, or remove `time:` to use the clock",
        ], status: .badInput, goodPostConverts: false),
        Case(name: "config: binary file", files: ["_config.yml": [0, 1, 2, 0xFF]], config: nil, expected: [
            "SITE/_config.yml: error: invalid configuration: the file is not valid UTF-8\n  hint: save it as UTF-8",
        ], status: .badInput, goodPostConverts: false),
        Case(name: "config: --config file missing", files: [:], configFiles: ["no-such.yml"], expected: [
            "no-such.yml: error: the configuration file could not be found\n  hint: check the --config path",
        ], status: .badInput, goodPostConverts: false),
        Case(name: "config: permalink with '..' stays inside --out", files: [:], config: "title: T\npermalink: /../../escape/:title/\n",
             format: "html", output: .folder, expected: [], status: .success),
        Case(name: "post: absolute permalink stays inside --out",
             files: [bad: t("---\ntitle: x\npermalink: /../../../../tmp/blogport-escaped.html\n---\nbody\n")],
             format: "html", output: .folder, expected: [], status: .success),
    ]

    // MARK: Liquid

    static let liquidHintKept = "hint: the post is kept with its Liquid unrendered; simplify the template"
    static let liquid: [Case] = [
        Case(name: "liquid: unknown tag", files: [bad: t("---\ntitle: x\n---\nline\n{% nosuch arg %}\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:5:1: warning: {% nosuch arg %}: Unknown tag 'nosuch'\n  {% nosuch arg %}\n  ^\n  hint: 'nosuch' comes from a plugin blogport does not implement (see README); the tag is left as written",
        ], status: .success),
        Case(name: "liquid: unclosed block", files: [bad: t("---\ntitle: x\n---\nline\n{% if true %}\nopen\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:5:1: warning: {% if true %}: 'if' tag was never closed\n  {% if true %}\n  ^\n  hint: fix the tag; it is left as written",
        ], status: .success),
        Case(name: "liquid: bad filter argument", files: [bad: t("---\ntitle: x\n---\n{{ 'abc' | truncate: 'x' }}\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:4:1: warning: {{ 'abc' | truncate: 'x' }}: invalid integer\n  {{ 'abc' | truncate: 'x' }}\n  ^\n  hint: Jekyll stops the build here; blogport leaves the tag as written",
        ], status: .success),
        Case(name: "liquid: undefined filter passes the value through, as Jekyll (strict_filters off)",
             files: [bad: t("---\ntitle: x\n---\n{{ 'a' | nosuchfilter }}\n")], expected: [], status: .success),
        Case(name: "liquid: missing include", files: [bad: t("---\ntitle: x\n---\n{% include nope.html %}\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:4:1: warning: {% include nope.html %}: Could not locate the included file 'nope.html' in any of [\"_includes\"]\n  {% include nope.html %}\n  ^\n  hint: add the file to _includes (or pass --theme / --include-path); the tag is left as written",
        ], status: .success),
        Case(name: "liquid: include with '..'", files: [bad: t("---\ntitle: x\n---\n{% include ../_config.yml %}\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:4:1: warning: {% include ../_config.yml %}: Invalid syntax for include tag. File contains invalid characters or sequences: ../_config.yml\n  {% include ../_config.yml %}\n  ^\n  hint: Jekyll stops the build here; blogport leaves the tag as written",
        ], status: .success),
        Case(name: "liquid: recursive include",
             files: [bad: t("---\ntitle: x\n---\n{% include a.html %}\n"), "_includes/a.html": t("a {% include a.html %}\n")], expected: [
            "SITE/_includes/a.html:1:3: error: {% include a.html %}: Nesting too deep (more than 100 levels of include)\n  \(liquidHintKept)",
        ], status: .success),
        Case(name: "liquid: runaway loop", files: [bad: t("---\ntitle: x\n---\n{% for i in (1..100000000) %}{{ i }}{% endfor %}\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:4:1: error: {% for i in (1..100000000) %}: a loop over 100000000 items exceeds the limit of 1000000 loop iterations\n  {% for i in (1..100000000) %}{{ i }}{% endfor %}\n  ^\n  \(liquidHintKept)",
        ], status: .success),
    ]

    // MARK: Markdown
    // kramdown's own warnings (Sources/Kramdown/Internal: "Found no end tag", "No link definition
    // for link ID", "Footnote definition for '1' not found", "No or invalid attributes found in
    // IAL") are returned by `Kramdown.parse` but not surfaced: Jekyll hides them too unless
    // `kramdown: show_warnings: true`. These cases pin that they convert quietly.

    static let markdown: [Case] = [
        Case(name: "markdown: unclosed HTML", files: [bad: t("---\ntitle: x\n---\n<div>\nopen\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:4:1: warning: Found no end tag for 'div' - auto-closing it\n  <div>\n  ^\n  hint: kramdown's warning (Jekyll hides these); the post is converted as kramdown reads it",
        ], status: .success),
        Case(name: "markdown: bad IAL", files: [bad: t("---\ntitle: x\n---\npara\n{: nonsense=}\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:5:1: warning: No or invalid attributes found in IAL/ALD content:  nonsense=\n  {: nonsense=}\n  ^\n  hint: kramdown's warning (Jekyll hides these); the post is converted as kramdown reads it",
        ], status: .success),
        Case(name: "markdown: undefined link reference", files: [bad: t("---\ntitle: x\n---\nsee [this][nowhere]\n")], expected: [], status: .success),
        Case(name: "markdown: missing footnote definition", files: [bad: t("---\ntitle: x\n---\nnote[^1]\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md:4:5: warning: Footnote definition for '1' not found\n  note[^1]\n      ^\n  hint: kramdown's warning (Jekyll hides these); the post is converted as kramdown reads it",
        ], status: .success),
        // Ours, not kramdown's: past 47 levels the rest is text (kramdown nests on), so it is shown.
        Case(name: "markdown: nested past the parser's limit", files: [bad: t("---\ntitle: x\n---\n" + String(repeating: ">", count: 60) + " deep\n")], expected: [
            "SITE/_posts/2024-02-01-bad.md: warning: Markdown nested more than 47 levels deep: what is deeper is kept as plain text\n  hint: blogport's limit: Jekyll's kramdown nests further (and fails near 5,000 levels); flatten the nesting to get Jekyll's page",
        ], status: .success),
    ]

    // MARK: Assets (HTML export)

    static let assets: [Case] = [
        Case(name: "asset: missing image", files: [bad: t("---\ntitle: x\n---\n![a](/assets/nope.png)\n")], format: "html", output: .folder, expected: [
            "SITE/_posts/2024-02-01-bad.md:4:6: warning: '/assets/nope.png' is not in the site (looked for assets/nope.png)\n  ![a](/assets/nope.png)\n       ^",
        ], status: .success),
        Case(name: "asset: symbolic link out of the site",
             files: [bad: t("---\ntitle: x\n---\n![a](/assets/link.png)\n"), "assets/link.png": []], format: "html", output: .folder, expected: [
            "SITE/_posts/2024-02-01-bad.md:4:6: warning: '/assets/link.png' is not embedded: assets/link.png: it is a symbolic link that leaves the site folder\n  ![a](/assets/link.png)\n       ^",
        ], status: .success),
        Case(name: "asset: absolute file-system path and file: URL",
             files: [bad: t("---\ntitle: x\n---\n![a](/etc/passwd)\n![b](file:///etc/passwd)\n")], format: "html", output: .folder, expected: [
            "SITE/_posts/2024-02-01-bad.md:4:6: warning: '/etc/passwd' is not in the site (looked for etc/passwd)\n  ![a](/etc/passwd)\n       ^",
            "SITE/_posts/2024-02-01-bad.md:5:6: warning: 'file:///etc/passwd' is not embedded: a file: URL points into this machine's file system\n  ![b](file:///etc/passwd)\n       ^",
        ], status: .success),
    ]

    // MARK: Feeds

    static let feeds: [Case] = [
        Case(name: "feed: control characters", files: [bad: t("---\ntitle: \"x\\x01y\"\n---\nbody \u{02} here\n")], format: "atom", expected: [
            noURL, noAuthor("_posts/2024-02-01-bad.md"),
            "_posts/2024-02-01-bad.md: warning: 2 characters not allowed in XML removed from the feed entry",
            noAuthor("_posts/2024-01-01-good.md"),
        ], status: .success),
        Case(name: "feed: ']]>' in a body", files: [bad: t("---\ntitle: x\n---\nsee ]]> here\n")], format: "rss", expected: [
            noURL, noAuthor("_posts/2024-02-01-bad.md"), noAuthor("_posts/2024-01-01-good.md"),
        ], status: .success),
        Case(name: "feed: no site title, no post title", files: [bad: t("---\n---\nbody\n")], config: "url: https://e.com\n", format: "atom", expected: [
            noAuthor("_posts/2024-02-01-bad.md", "e.com"), noAuthor("_posts/2024-01-01-good.md", "e.com"),
        ], status: .success),
        Case(name: "feed: `feed:` is not a map", files: [:], config: "title: T\nfeed: nonsense\n", format: "atom", expected: [
            "_config.yml: warning: _config.yml: `feed` is not a map; jekyll-feed's defaults are used",
            noURL, noAuthor("_posts/2024-01-01-good.md"),
        ], status: .success),
        Case(name: "feed: `feed.path` climbs out of --out", files: [:], config: "title: T\nfeed:\n  path: ../../escape.xml\n", format: "atom",
             output: .folder, settings: ["all-feeds": "true"], expected: [
            noURL, noAuthor("_posts/2024-01-01-good.md"),
            "../../escape.xml: error: the path climbs out with '..'",
        ], status: .outputError),
    ]

    // MARK: Output

    static let output: [Case] = [
        Case(name: "output: --out is a file for a multi-file format", files: [:], format: "html", output: .existingFile, expected: [
            "OUT: error: is a file, not a folder; this format writes a folder of files, so give --out a folder",
        ], status: .outputError),
        Case(name: "output: --out is a folder for a single-file format", files: [:], format: "json", output: .existingFolder, expected: [
            "OUT: error: is a folder; give a file name",
        ], status: .outputError),
        Case(name: "output: a symbolic link inside --out leads out", files: [:], format: "html", output: .folderWithSymlinkOut, expected: [
            "2024/01/01/good.html: error: its folder leads outside the output folder through a symbolic link",
        ], status: .outputError),
        Case(name: "output: --to all without --out", files: [:], format: "all", expected: [
            "error: --to all writes many files: give --out DIR",
        ], status: .badInput),
        Case(name: "output: unknown format", files: [:], format: "pdf", expected: [
            "error: unknown format 'pdf'; known formats: json, html, markdown, atom, rss, jsonfeed, all",
        ], status: .badInput),
    ]

    static func utf16(_ s: String, bigEndian: Bool) -> [UInt8] {
        s.utf16.flatMap { u in bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)] }
    }

    /// Runs one case; returns the diagnostics with the temporary paths replaced, and the report.
    static func run(_ c: Case) throws -> (messages: [String], report: Conversion.Report, out: URL, outside: URL) {
        var files = c.files
        files["_posts/2024-01-01-good.md"] = t(good)
        if let config = c.config { files["_config.yml"] = t(config) }
        var symlinks: [String] = []
        for (path, bytes) in files where path.hasSuffix("link.png") && bytes.isEmpty { symlinks.append(path) }
        for path in symlinks { files[path] = nil }
        let site = TestSupport.makeSite(files)
        for path in symlinks {
            let target = site.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: target.path, withDestinationPath: "/etc/hostname")
        }
        let scratch = TestSupport.temporaryFolder()
        let out = scratch.appendingPathComponent("out")
        let outside = scratch.appendingPathComponent("outside")
        var output: String?
        switch c.output {
        case .standardOutput: output = nil
        case .folder: output = out.path
        case .existingFile:
            try Data("keep\n".utf8).write(to: out)
            output = out.path
        case .existingFolder:
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            output = out.path
        case .folderWithSymlinkOut:
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("2024").path, withDestinationPath: outside.path)
            output = out.path
        }
        var request = Conversion.Request(source: site.path, format: c.format, output: output)
        request.importOptions = TestSupport.options()
        request.importOptions.configFiles = c.configFiles
        request.exportSettings = c.settings
        let report = Conversion().run(request)
        let messages = report.diagnostics.map {
            $0.description.replacingOccurrences(of: site.path + "/", with: "SITE/").replacingOccurrences(of: out.path, with: "OUT")
        }
        return (messages, report, out, outside)
    }

    @Test(arguments: cases) func badInput(_ c: Case) throws {
        let (messages, report, out, outside) = try Self.run(c)
        if ProcessInfo.processInfo.environment["BADINPUT_RECORD"] != nil {
            print("// \(c.name) → \(report.status)\n" + messages.map { "\"" + $0.unicodeScalars.map { s -> String in
                switch s {
                case "\n": return "\\n"
                case "\t": return "\\t"
                case "\"": return "\\\""
                case "\\": return "\\\\"
                case "\0": return "\\0"
                default: return String(s)
                }
            }.joined() + "\"," }.joined(separator: "\n"))
        }
        #expect(messages == c.expected)
        #expect(report.status == c.status)
        // Every message names a place and, for errors, says what to do.
        for d in report.diagnostics where !["unknown-format", "needs-out"].contains(d.code) {
            #expect(d.location != nil, "no place: \(d.description)")
        }
        // Nothing is written outside --out.
        #expect(!FileManager.default.fileExists(atPath: "/tmp/blogport-escaped.html"))
        if c.output == .folderWithSymlinkOut {
            #expect((try? FileManager.default.contentsOfDirectory(atPath: outside.path)) == [])
        }
        if c.output == .existingFile {
            #expect(try String(contentsOf: out, encoding: .utf8) == "keep\n", "the file given as --out is untouched")
        }
        if case .folder = c.output, report.status == .success {
            let written = FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []
            #expect(!written.contains { ($0 as NSString).lastPathComponent.hasPrefix(".blogport-") }, "no temporary file is left")
            #expect(!written.isEmpty)
        }
        if c.goodPostConverts {
            // The good post still converts: read the same site into a backup.
            var json = c
            json.format = "json"
            json.output = .standardOutput
            json.settings = [:]
            let again = try Self.run(json)
            let bytes = try #require(again.report.standardOutput)
            let blog = try BackupImporter().read(Data(bytes), name: "stdout")
            #expect(blog.posts.contains { $0.sourcePath == "_posts/2024-01-01-good.md" && $0.title == "Good" })
        }
    }

    @Test func restoreOntoAnExistingFileWithoutForce() throws {
        let site = TestSupport.makeSite(text: ["_posts/2024-01-01-good.md": Self.good, "_config.yml": "title: T\n"])
        let scratch = TestSupport.temporaryFolder()
        let backup = scratch.appendingPathComponent("b.json")
        var request = Conversion.Request(source: site.path, format: "json", output: backup.path)
        request.importOptions = TestSupport.options()
        #expect(Conversion().run(request).status == .success)
        let out = scratch.appendingPathComponent("restored")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("_posts"), withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: out.appendingPathComponent("_posts/2024-01-01-good.md"))
        let report = BlogportKit.Restore().run(backup: backup.path, output: out.path, force: false)
        #expect(report.status == .outputError)
        #expect(report.diagnostics.map(\.description) == [
            "\(out.path)/_posts/2024-01-01-good.md: error: the file exists (use --force to replace it)",
        ])
        #expect(try String(contentsOf: out.appendingPathComponent("_posts/2024-01-01-good.md"), encoding: .utf8) == "mine\n")
    }

    @Test func restoreOfSomethingThatIsNotABackup() throws {
        let scratch = TestSupport.temporaryFolder()
        let file = scratch.appendingPathComponent("b.json")
        try Data("{\"not\": \"a backup\"}".utf8).write(to: file)
        let report = BlogportKit.Restore().run(backup: file.path, output: scratch.appendingPathComponent("o").path, force: false)
        #expect(report.status == .badInput)
        #expect(report.diagnostics.count == 1)
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("o").path))
    }

    @Test func catalogueHasAtLeastFortyCases() {
        #expect(Self.cases.count + 2 + 12 >= 40)
    }
}
