// libFuzzer target: any bytes as a post (title from the first line, body parsed by kramdown),
// written by every exporter. No exporter may crash or hang, and the XML feeds must stay
// well-formed whatever the post holds; a page description's fast reading of HTML words must give
// libxml2's words, and a body's fast rewriting libxml2's elements, attributes and output.
import BlogModel
import Exporters
import Kramdown
import XMLSupport

#if FUZZING
let options = KramdownOptions.jekyllDefaults
let site = Site(title: "Fuzz", url: "https://fuzz.example.org", config: MetadataMap([("plugins", .list([.string("jekyll-mentions")]))]))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let title = String(text.prefix { $0 != "\n" }.prefix(200))
    let body = Kramdown.parse(text, options: options).document
    let post = Post(
        sourcePath: "_posts/2024-01-01-fuzz.md", slug: "fuzz", title: title,
        date: PostDate(secondsSinceEpoch: 1_704_067_200, utcOffsetSeconds: 0), lastModified: nil,
        authors: [], categories: [title], tags: [title], isDraft: false, isPublished: true,
        url: "/2024/01/01/fuzz/", id: "/2024/01/01/fuzz", frontMatter: MetadataMap([("title", .string(title))]),
        data: MetadataMap(), source: text, bodyStartLine: 1, body: body, excerpt: body)
    let blog = Blog(site: site, posts: [post])
    for exporter in Exporters.all {
        guard let result = try? exporter.init().write(blog, context: ExportContext()) else { continue }
        if case .document(let bytes) = result.output, exporter.formatName == "atom" || exporter.formatName == "rss" {
            let xml = String(decoding: bytes, as: UTF8.self)
            if !XMLValidation.wellFormednessErrors(xml).isEmpty { fatalError("\(exporter.formatName) feed is not well-formed") }
        }
    }
    let html = HTMLWriter.html(body, options: options)
    _ = JekyllMentions.apply(html, base: "https://github.com")
    // A page description's fast reading of HTML words must agree with libxml2's, both on what
    // kramdown writes and on the input taken as HTML.
    for fragment in [html, text] {
        let words = { (s: String) in s.split(whereSeparator: \.isWhitespace) }
        if words(HTMLDocument.wordText(of: fragment)) != words(HTMLDocument.plainText(of: fragment)) {
            fatalError("HTML words differ from libxml2's for \(fragment.debugDescription)")
        }
        // So must a body's fast rewriting: what it reads, and what it writes after changes.
        let editable: Set<String> = ["a", "img", "p", "span"]
        guard let fast = SimpleHTMLFragment(parsing: fragment, editableNames: editable) else { continue }
        let slow = HTMLFragment(parsing: fragment)
        var fastElements: [SimpleHTMLElement] = [], slowElements: [HTMLElement] = []
        fast.forEachElement { fastElements.append($0) }
        slow.forEachElement { if editable.contains($0.name) { slowElements.append($0) } }
        guard fastElements.map(\.name) == slowElements.map(\.name) else { fatalError("elements differ for \(fragment.debugDescription)") }
        for (k, (a, b)) in zip(fastElements, slowElements).enumerated() {
            for name in ["href", "src", "title", "class", "id"] where a.attribute(name) != b.attribute(name) {
                fatalError("attribute \(name) differs for \(fragment.debugDescription)")
            }
            let value = k % 2 == 0 ? title : nil
            a.setAttribute(k % 3 == 0 ? "href" : "title", value)
            b.setAttribute(k % 3 == 0 ? "href" : "title", value)
        }
        if fast.html != slow.html { fatalError("rewritten HTML differs from libxml2's for \(fragment.debugDescription): \(fast.html.debugDescription) against \(slow.html.debugDescription)") }
    }
    return 0
}

// SwiftPM links an executable's entry point as `fuzz_exporters_main`; hand it to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("fuzz_exporters_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzz)
}
#else
// Built without libFuzzer (a plain `swift build`) this is an empty program: run Fuzz/run.sh.
let builtWithoutFuzzer = true
#endif
