/// A small indenting XML writer: text and attribute values are always escaped
/// (`FeedText.xmlEscaped`), so markup reaches the output only through element names.
struct XMLWriter {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    private var depth = 0

    private func attributes(_ attrs: [(String, String?)]) -> String {
        attrs.compactMap { name, value in value.map { " \(name)=\"\(FeedText.xmlEscaped($0))\"" } }.joined()
    }

    private var indent: String { String(repeating: "  ", count: depth) }

    /// `<name attrs>` on its own line; close it with `close(name)`.
    mutating func open(_ name: String, _ attrs: [(String, String?)] = []) {
        text += indent + "<\(name)\(attributes(attrs))>\n"
        depth += 1
    }

    /// `</name>`.
    mutating func close(_ name: String) {
        depth -= 1
        text += indent + "</\(name)>\n"
    }

    /// `<name attrs>escaped text</name>`, or `<name attrs/>` when `value` is nil.
    mutating func element(_ name: String, _ attrs: [(String, String?)] = [], _ value: String? = nil) {
        if let value {
            text += indent + "<\(name)\(attributes(attrs))>\(FeedText.xmlEscaped(value))</\(name)>\n"
        } else {
            text += indent + "<\(name)\(attributes(attrs))/>\n"
        }
    }
}
