/// The kinds of node in kramdown's element tree.
enum ElementType {
    case root, blank, p, header, blockquote, codeblock, ul, ol, li, dl, dt, dd
    case table, thead, tbody, tfoot, tr, td, hr, math, htmlElement, xmlComment, xmlPI
    case comment, raw, eob, footnoteDef, text, rawText, em, strong, a, img, br, codespan
    case footnote, entity, typographicSym, smartQuote, abbreviation, temp
}

/// Whether an element sits at block or span level.
enum Category { case block, span }

/// How the content of an HTML element is parsed.
enum ContentModel { case raw, span, block }

/// An ordered attribute map, as kramdown's element `attr` hash.
struct AttrMap {
    var entries: [(key: String, value: String)] = []

    subscript(key: String) -> String? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    var isEmpty: Bool { entries.isEmpty }

    @discardableResult
    mutating func remove(_ key: String) -> String? {
        guard let i = entries.firstIndex(where: { $0.key == key }) else { return nil }
        return entries.remove(at: i).value
    }
}

/// An inline attribute list: references to ALDs plus attributes (`class` accumulates).
struct IAL {
    var refs: [String]? = nil
    var attrs = AttrMap()
}

/// One node of the element tree the parser builds before it becomes a `Document`.
final class Element {
    var type: ElementType
    var value: [UInt8] = []
    var attr = AttrMap()
    var children: [Element] = []

    var category: Category? = nil
    var ial: IAL? = nil
    var level = 0
    var rawText: [UInt8]? = nil
    var transparent = false
    var lang: String? = nil
    var contentModel: ContentModel? = nil
    var isClosed = false
    var original: String? = nil
    var name = ""
    var firstAsPara = false
    var eobKind = ""
    var rawTypes: [String]? = nil
    var alignment: [Substring] = []
    var entity: Entity? = nil
    var symbol = ""
    var firstListMarker: String? = nil
    var itemValues: [[UInt8]] = []
    /// For a footnote marker: the definition's content.
    var footnoteContent: Element? = nil
    var location = 0

    init(_ type: ElementType, _ value: [UInt8] = []) {
        self.type = type
        self.value = value
    }

    /// kramdown's `Element.category`.
    var isBlock: Bool {
        switch type {
        case .blank, .p, .header, .blockquote, .codeblock, .ul, .ol, .li, .dl, .dt, .dd, .table, .td, .hr:
            return true
        case .text, .em, .strong, .a, .img, .br, .codespan, .footnote, .entity, .typographicSym, .smartQuote, .abbreviation:
            return false
        case .root, .thead, .tbody, .tfoot, .tr, .math, .htmlElement, .xmlComment, .xmlPI, .comment, .raw, .eob,
            .footnoteDef, .rawText, .temp:
            return category == .block
        }
    }
}
