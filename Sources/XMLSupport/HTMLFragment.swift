internal import CLibXML2

/// An HTML fragment parsed by libxml2's HTML parser (as browsers are lenient, so is it), whose
/// elements can be visited and changed, then written back out as HTML.
///
/// Only Swift types cross this boundary: libxml2 stays an implementation detail of this module.
public final class HTMLFragment {
    private var doc: htmlDocPtr?
    private var container: xmlNodePtr?

    /// Parses `html` as the content of a `<div>` (no `<html>`/`<body>` is added to the output).
    public init(parsing html: String) {
        let wrapped = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><div id=\"blogport-fragment-root\">" + html + "</div></body></html>"
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        doc = wrapped.withCString { ptr in
            htmlReadMemory(ptr, Int32(wrapped.utf8.count), nil, "UTF-8", options)
        }
        container = doc.flatMap { HTMLFragment.find(xmlDocGetRootElement($0)) }
    }

    deinit {
        if let doc { xmlFreeDoc(doc) }
    }

    private static func find(_ node: xmlNodePtr?) -> xmlNodePtr? {
        var n = node
        while let current = n {
            if current.pointee.type == XML_ELEMENT_NODE, let id = xmlGetProp(current, "id") {
                let value = String(cString: id)
                blogport_xml_free(id)
                if value == "blogport-fragment-root" { return current }
            }
            if let found = find(current.pointee.children) { return found }
            n = current.pointee.next
        }
        return nil
    }

    /// One element, as the visitor sees it.
    public typealias Element = HTMLElement

    /// Calls `visit` for every element, in document order.
    public func forEachElement(_ visit: (Element) -> Void) {
        HTMLElement.walk(container?.pointee.children, visit)
    }

    /// The fragment written back as HTML (libxml2's HTML serialiser).
    public var html: String {
        guard let doc, let container else { return "" }
        guard let out = xmlAllocOutputBuffer(nil) else { return "" }
        defer { xmlOutputBufferClose(out) }
        var child = container.pointee.children
        while let c = child {
            // format 0: no new lines added between elements.
            htmlNodeDumpFormatOutput(out, doc, c, "UTF-8", 0)
            child = c.pointee.next
        }
        xmlOutputBufferFlush(out)
        guard let content = xmlOutputBufferGetContent(out) else { return "" }
        let size = Int(xmlOutputBufferGetSize(out))
        return String(decoding: UnsafeBufferPointer(start: content, count: size), as: UTF8.self)
    }
}
