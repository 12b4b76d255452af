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
///
/// Most elements are text, paragraphs and emphasis, which need only their type, value, attributes
/// and children; what fewer kinds need (a header's level, a code block's language, an entity, a
/// list item's lines, an IAL, ...) lives in `ElementExtras`, made the first time one of those is
/// set. Every field reads as before (its default when the extras were never made). An element
/// used to carry all of them: about 270 bytes an element, most of the memory of a long post.
final class Element {
    // No run-time exclusivity checks on these properties (the compiler's static checks stay):
    // an element is touched only by the thread parsing its document, and no access to a
    // property stays open across a call that could reach the same property (the one function
    // given an element's property `inout`, `updateAttr`, touches no element). The checks were
    // about a million calls per thousand synthetic posts, 1.8% of the instructions of a
    // `--to all` run.
    @exclusivity(unchecked) var type: ElementType
    @exclusivity(unchecked) var category: Category? = nil
    @exclusivity(unchecked) var contentModel: ContentModel? = nil
    @exclusivity(unchecked) var transparent = false
    @exclusivity(unchecked) var isClosed = false
    @exclusivity(unchecked) var firstAsPara = false
    @exclusivity(unchecked) var value: [UInt8] = []
    @exclusivity(unchecked) var attr = AttrMap()
    @exclusivity(unchecked) var children: [Element] = []
    /// The fields fewer kinds of element use; nil until one of them is set.
    @exclusivity(unchecked) private var extras: ElementExtras? = nil

    /// The extras, made if they were not yet.
    private var writableExtras: ElementExtras {
        if let extras { return extras }
        let made = ElementExtras()
        extras = made
        return made
    }

    var ial: IAL? {
        get { extras?.ial }
        set { if newValue != nil || extras != nil { writableExtras.ial = newValue } }
    }
    var level: Int {
        get { extras?.level ?? 0 }
        set { if newValue != 0 || extras != nil { writableExtras.level = newValue } }
    }
    var rawText: [UInt8]? {
        get { extras?.rawText }
        set { if newValue != nil || extras != nil { writableExtras.rawText = newValue } }
    }
    var lang: String? {
        get { extras?.lang }
        set { if newValue != nil || extras != nil { writableExtras.lang = newValue } }
    }
    var original: String? {
        get { extras?.original }
        set { if newValue != nil || extras != nil { writableExtras.original = newValue } }
    }
    var name: String {
        get { extras?.name ?? "" }
        set { if !newValue.isEmpty || extras != nil { writableExtras.name = newValue } }
    }
    var eobKind: String {
        get { extras?.eobKind ?? "" }
        set { if !newValue.isEmpty || extras != nil { writableExtras.eobKind = newValue } }
    }
    var rawTypes: [String]? {
        get { extras?.rawTypes }
        set { if newValue != nil || extras != nil { writableExtras.rawTypes = newValue } }
    }
    var alignment: [Substring] {
        get { extras?.alignment ?? [] }
        set { if !newValue.isEmpty || extras != nil { writableExtras.alignment = newValue } }
    }
    var entity: Entity? {
        get { extras?.entity }
        set { if newValue != nil || extras != nil { writableExtras.entity = newValue } }
    }
    var symbol: String {
        get { extras?.symbol ?? "" }
        set { if !newValue.isEmpty || extras != nil { writableExtras.symbol = newValue } }
    }
    var firstListMarker: String? {
        get { extras?.firstListMarker }
        set { if newValue != nil || extras != nil { writableExtras.firstListMarker = newValue } }
    }
    /// A list item's lines as the list parser collects them (appended to in place).
    var itemValues: [[UInt8]] {
        get { extras?.itemValues ?? [] }
        set { if !newValue.isEmpty || extras != nil { writableExtras.itemValues = newValue } }
        _modify { yield &writableExtras.itemValues }
    }
    /// For a footnote marker: the definition's content.
    var footnoteContent: Element? {
        get { extras?.footnoteContent }
        set { if newValue != nil || extras != nil { writableExtras.footnoteContent = newValue } }
    }

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

/// The fields of an `Element` that only some kinds of element use (see `Element`).
final class ElementExtras {
    @exclusivity(unchecked) var ial: IAL? = nil
    @exclusivity(unchecked) var level = 0
    @exclusivity(unchecked) var rawText: [UInt8]? = nil
    @exclusivity(unchecked) var lang: String? = nil
    @exclusivity(unchecked) var original: String? = nil
    @exclusivity(unchecked) var name = ""
    @exclusivity(unchecked) var eobKind = ""
    @exclusivity(unchecked) var rawTypes: [String]? = nil
    @exclusivity(unchecked) var alignment: [Substring] = []
    @exclusivity(unchecked) var entity: Entity? = nil
    @exclusivity(unchecked) var symbol = ""
    @exclusivity(unchecked) var firstListMarker: String? = nil
    @exclusivity(unchecked) var itemValues: [[UInt8]] = []
    @exclusivity(unchecked) var footnoteContent: Element? = nil
}
