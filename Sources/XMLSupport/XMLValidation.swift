internal import CLibXML2

/// XML checks done with libxml2: well-formedness and RELAX NG validation.
public enum XMLValidation {
    /// Problems found parsing `xml` as XML 1.0 (empty when it is well-formed).
    public static func wellFormednessErrors(_ xml: String) -> [String] {
        let collector = ErrorCollector()
        let ctx = xmlNewParserCtxt()
        defer { xmlFreeParserCtxt(ctx) }
        // libxml2 2.9 keeps the structured error handler per thread.
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(collector).toOpaque(), { data, error in
            guard let data, let error, let message = error.pointee.message else { return }
            let c = Unmanaged<ErrorCollector>.fromOpaque(data).takeUnretainedValue()
            c.messages.append("\(error.pointee.line): " + String(cString: message).trimmedLines)
        })
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let doc = xml.withCString { ptr in
            xmlCtxtReadMemory(ctx, ptr, Int32(xml.utf8.count), nil, "UTF-8", Int32(XML_PARSE_NONET.rawValue))
        }
        if let doc { xmlFreeDoc(doc) } else if collector.messages.isEmpty { collector.messages.append("not well-formed") }
        return collector.messages
    }

    /// Problems found validating `xml` against the RELAX NG schema at `schemaPath`.
    public static func relaxNGErrors(_ xml: String, schemaPath: String) -> [String] {
        guard let parserCtxt = xmlRelaxNGNewParserCtxt(schemaPath) else { return ["cannot read schema \(schemaPath)"] }
        defer { xmlRelaxNGFreeParserCtxt(parserCtxt) }
        guard let schema = xmlRelaxNGParse(parserCtxt) else { return ["cannot parse schema \(schemaPath)"] }
        defer { xmlRelaxNGFree(schema) }
        guard let doc = xml.withCString({ xmlReadMemory($0, Int32(xml.utf8.count), nil, "UTF-8", Int32(XML_PARSE_NONET.rawValue)) }) else {
            return wellFormednessErrors(xml)
        }
        defer { xmlFreeDoc(doc) }
        let collector = ErrorCollector()
        guard let validCtxt = xmlRelaxNGNewValidCtxt(schema) else { return ["cannot validate"] }
        defer { xmlRelaxNGFreeValidCtxt(validCtxt) }
        xmlRelaxNGSetValidStructuredErrors(validCtxt, { data, error in
            guard let data, let error, let message = error.pointee.message else { return }
            let c = Unmanaged<ErrorCollector>.fromOpaque(data).takeUnretainedValue()
            c.messages.append("\(error.pointee.line): " + String(cString: message).trimmedLines)
        }, Unmanaged.passUnretained(collector).toOpaque())
        let result = xmlRelaxNGValidateDoc(validCtxt, doc)
        if result != 0 && collector.messages.isEmpty { collector.messages.append("invalid (code \(result))") }
        return collector.messages
    }
}

private final class ErrorCollector {
    var messages: [String] = []
}

extension String {
    /// Without leading and trailing white space (libxml2's messages end in a newline).
    var trimmedLines: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\n" || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\n" || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
