internal import CLibXML2

/// The text of an HTML fragment, as a reader sees it: tags removed, entities decoded.
public enum HTMLText {
    /// The text of `html` with every tag, comment, `<script>` and `<style>` removed and character
    /// references decoded (Liquid's `strip_html`, then HTML unescaped), parsed by libxml2's HTML
    /// parser. White space is kept as written.
    public static func plainText(_ html: String) -> String {
        if !html.utf8.contains(where: { $0 == 0x3C || $0 == 0x26 }) { return html }  // no '<' or '&'
        let wrapped = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><div>" + html + "</div></body></html>"
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        guard let doc = wrapped.withCString({ htmlReadMemory($0, Int32(wrapped.utf8.count), nil, "UTF-8", options) }) else {
            return ""
        }
        defer { xmlFreeDoc(doc) }
        var out: [UInt8] = []
        func walk(_ node: xmlNodePtr?, inBody: Bool) {
            var n = node
            while let current = n {
                switch current.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if inBody, let content = current.pointee.content {
                        var p = content
                        while p.pointee != 0 {
                            out.append(p.pointee)
                            p += 1
                        }
                    }
                case XML_ELEMENT_NODE:
                    let name = String(cString: current.pointee.name)
                    if name != "script" && name != "style" && name != "head" {
                        walk(current.pointee.children, inBody: inBody || name == "body")
                    }
                default:
                    break
                }
                n = current.pointee.next
            }
        }
        walk(xmlDocGetRootElement(doc), inBody: false)
        return String(decoding: out, as: UTF8.self)
    }
}
