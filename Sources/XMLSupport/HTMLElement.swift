internal import CLibXML2

/// One element of a parsed HTML fragment or document, as a visitor sees it: its name, and its
/// attributes to read and change.
public struct HTMLElement {
    let node: xmlNodePtr

    /// The lowercase tag name.
    public var name: String { String(cString: node.pointee.name) }

    /// The value of attribute `name`, if present.
    public func attribute(_ name: String) -> String? {
        guard let v = xmlGetProp(node, name) else { return nil }
        defer { blogport_xml_free(v) }
        return String(cString: v)
    }

    /// Sets (or, with nil, removes) attribute `name`.
    public func setAttribute(_ name: String, _ value: String?) {
        if let value {
            xmlSetProp(node, name, value)
        } else {
            xmlUnsetProp(node, name)
        }
    }

    /// Every attribute as `attribute(_:)` reads it, in order (for tests).
    var attributeList: [(name: String, value: String)] {
        var list: [(name: String, value: String)] = []
        var property = node.pointee.properties
        while let current = property {
            let name = String(cString: current.pointee.name)
            list.append((name, attribute(name) ?? "?"))
            property = current.pointee.next
        }
        return list
    }

    /// Calls `visit` for every element from `first` and its following siblings down, in document order.
    static func walk(_ first: xmlNodePtr?, _ visit: (HTMLElement) -> Void) {
        var n = first
        while let current = n {
            if current.pointee.type == XML_ELEMENT_NODE { visit(HTMLElement(node: current)) }
            walk(current.pointee.children, visit)
            n = current.pointee.next
        }
    }
}
