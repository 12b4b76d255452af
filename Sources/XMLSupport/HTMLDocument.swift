internal import CLibXML2

/// A whole HTML document parsed by libxml2's HTML parser, whose elements can be visited and
/// changed, then written back out (doctype included).
///
/// The sibling of `HTMLFragment` for pages a template produced, where `<head>` matters too.
public final class HTMLDocument {
    private var doc: htmlDocPtr?

    /// Parses `html` as a complete document.
    public init(parsing html: String) {
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        doc = html.withCString { ptr in
            htmlReadMemory(ptr, Int32(html.utf8.count), nil, "UTF-8", options)
        }
    }

    deinit {
        if let doc { xmlFreeDoc(doc) }
    }

    /// One element, as the visitor sees it.
    public typealias Element = HTMLElement

    /// Calls `visit` for every element, in document order.
    public func forEachElement(_ visit: (Element) -> Void) {
        guard let doc else { return }
        HTMLElement.walk(doc.pointee.children, visit)
    }

    /// The document written back as HTML (libxml2's HTML serialiser, no added new lines).
    public var html: String {
        guard let doc else { return "" }
        var memory: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        htmlDocDumpMemoryFormat(doc, &memory, &size, 0)
        guard let memory else { return "" }
        defer { blogport_xml_free(memory) }
        return String(decoding: UnsafeBufferPointer(start: memory, count: Int(size)), as: UTF8.self)
    }

    /// `plainText(of:)` for a caller that reads it word by word (a page description): the same
    /// words in the same order with white space between the same ones, but a run of white space
    /// may be longer or shorter, and the text may end once it holds `enoughCharacters`
    /// characters (not counting white space; the words before them are whole). A simple
    /// fragment (what kramdown writes, as most excerpts are) is read without building a
    /// document; any other is parsed by libxml2.
    public static func wordText(of fragment: String, enoughCharacters: Int = .max) -> String {
        SimpleHTMLWords.text(of: fragment, enoughCharacters: enoughCharacters) ?? plainText(of: fragment)
    }

    /// The text of an HTML fragment with every tag left out (entities decoded) and a space after
    /// each element, e.g. for a page description.
    public static func plainText(of fragment: String) -> String {
        let wrapped = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" + fragment + "</body></html>"
        let document = HTMLDocument(parsing: wrapped)
        guard let doc = document.doc, let root = xmlDocGetRootElement(doc) else { return "" }
        var text = ""
        func walk(_ node: xmlNodePtr?) {
            var n = node
            while let current = n {
                switch current.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = current.pointee.content { text += String(cString: content) }
                case XML_ELEMENT_NODE:
                    let name = String(cString: current.pointee.name)
                    if name != "script" && name != "style" && name != "head" { walk(current.pointee.children) }
                    text += " "
                default:
                    break
                }
                n = current.pointee.next
            }
        }
        walk(root.pointee.children)
        return text
    }
}
