/// The body of a post: a tree of blocks, plus the footnotes and abbreviations it defines.
///
/// The node set covers what kramdown can express (headers with ids, lists, definition lists,
/// tables with alignment, code with a language, HTML blocks, footnotes, math, abbreviations) and
/// what the exporters need (HTML, CommonMark, feeds). Content no node can express is carried in
/// `rawBlock` / `rawInline` with the format it is written in.
public struct Document: Sendable, Hashable, Codable {
    /// The top-level blocks, in order.
    public var blocks: [Block]
    /// Footnote definitions, in the order they are first referenced.
    public var footnotes: [FootnoteDefinition]
    /// Abbreviation definitions (`*[HTML]: Hyper Text Markup Language`), in source order.
    public var abbreviations: [AbbreviationDefinition]

    /// Makes a document from blocks, footnotes and abbreviations.
    public init(
        blocks: [Block] = [], footnotes: [FootnoteDefinition] = [],
        abbreviations: [AbbreviationDefinition] = []
    ) {
        self.blocks = blocks
        self.footnotes = footnotes
        self.abbreviations = abbreviations
    }
}

/// An id, classes and ordered key/value pairs, as kramdown's IALs (`{: #id .class key="v"}`) and
/// HTML attributes carry them.
public struct Attributes: Sendable, Hashable, Codable {
    /// The element id, if any.
    public var id: String?
    /// Class names, in order, without duplicates.
    public var classes: [String]
    /// Other attributes, in source order.
    public var pairs: [KeyValue]

    /// No id, no classes, no other attributes.
    public static let empty = Attributes()

    /// Makes attributes from an id, classes and key/value pairs.
    public init(id: String? = nil, classes: [String] = [], pairs: [KeyValue] = []) {
        self.id = id
        self.classes = classes
        self.pairs = pairs
    }

    /// Whether there is nothing in it.
    public var isEmpty: Bool { id == nil && classes.isEmpty && pairs.isEmpty }
}

/// One attribute: a name and its value.
public struct KeyValue: Sendable, Hashable, Codable {
    /// The attribute name.
    public var key: String
    /// The attribute value, unescaped.
    public var value: String

    /// Makes a key/value pair.
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A block-level node.
public indirect enum Block: Sendable, Hashable, Codable {
    /// A paragraph of inline content.
    case paragraph([Inline], attributes: Attributes)
    /// Inline content not wrapped in a paragraph (a tight list item's or definition's first text).
    case plain([Inline])
    /// A header of `level` 1...6; `attributes.id` is the anchor kramdown gives it.
    case heading(level: Int, content: [Inline], attributes: Attributes)
    /// A block quote.
    case blockQuote([Block], attributes: Attributes)
    /// Literal code; `language` is the fence's or IAL's language, if any.
    case codeBlock(code: String, language: String?, attributes: Attributes)
    /// A bullet or ordered list.
    case list(List)
    /// A definition list: terms and their definitions.
    case definitionList([DefinitionItem], attributes: Attributes)
    /// A table with column alignments and header, body and footer rows.
    case table(Table)
    /// A thematic break (`---`, `* * *`).
    case horizontalRule(attributes: Attributes)
    /// Display math (`$$ … $$`), as TeX source.
    case mathBlock(String, attributes: Attributes)
    /// An HTML element whose content was parsed as Markdown blocks (`<div markdown="1">`).
    case htmlElement(tag: String, attributes: Attributes, content: [Block])
    /// The table of contents a `{:toc}` marker asks for; exporters build it from the headings.
    case tableOfContents(attributes: Attributes)
    /// Content kept verbatim in `format` (`html`, `kramdown+liquid`, …): nothing else can say it.
    case rawBlock(format: String, text: String)
}

/// A bullet or ordered list.
public struct List: Sendable, Hashable, Codable {
    /// Bullet or ordered, with the start number.
    public var kind: ListKind
    /// The items, in order.
    public var items: [ListItem]
    /// Whether items are separated by blank lines (rendered with paragraphs).
    public var isLoose: Bool
    /// Attributes of the list element.
    public var attributes: Attributes

    /// Makes a list.
    public init(kind: ListKind, items: [ListItem], isLoose: Bool, attributes: Attributes = .empty) {
        self.kind = kind
        self.items = items
        self.isLoose = isLoose
        self.attributes = attributes
    }
}

/// Whether a list is bulleted or numbered.
public enum ListKind: Sendable, Hashable, Codable {
    /// `*`, `-` or `+` items.
    case bullet
    /// Numbered items starting at `start`.
    case ordered(start: Int)
}

/// One list item: its blocks and attributes.
public struct ListItem: Sendable, Hashable, Codable {
    /// The item's content.
    public var blocks: [Block]
    /// Attributes of the `li` element.
    public var attributes: Attributes

    /// Makes a list item.
    public init(blocks: [Block], attributes: Attributes = .empty) {
        self.blocks = blocks
        self.attributes = attributes
    }
}

/// One entry of a definition list: one or more terms, one or more definitions.
public struct DefinitionItem: Sendable, Hashable, Codable {
    /// The terms (`dt`).
    public var terms: [[Inline]]
    /// The definitions (`dd`), each a list of blocks.
    public var definitions: [[Block]]
    /// Attributes of each term, parallel to `terms` (empty when none has any).
    public var termAttributes: [Attributes]
    /// Attributes of each definition, parallel to `definitions` (empty when none has any).
    public var definitionAttributes: [Attributes]

    /// Makes a definition list entry.
    public init(
        terms: [[Inline]], definitions: [[Block]], termAttributes: [Attributes] = [],
        definitionAttributes: [Attributes] = []
    ) {
        self.terms = terms
        self.definitions = definitions
        // One canonical form: no attributes at all is an empty list, whoever built the item.
        self.termAttributes = termAttributes.allSatisfy(\.isEmpty) ? [] : termAttributes
        self.definitionAttributes = definitionAttributes.allSatisfy(\.isEmpty) ? [] : definitionAttributes
    }
}

/// A table: alignments per column, then rows in three sections.
public struct Table: Sendable, Hashable, Codable {
    /// Alignment of each column.
    public var alignments: [ColumnAlignment]
    /// Header rows (`thead`).
    public var head: [[TableCell]]
    /// Body rows (`tbody`).
    public var body: [[TableCell]]
    /// Footer rows (`tfoot`).
    public var foot: [[TableCell]]
    /// Attributes of the table element.
    public var attributes: Attributes
    /// Indices into `body` where a new body section (`tbody`) starts, after the first.
    public var bodySplits: [Int]

    /// Makes a table.
    public init(
        alignments: [ColumnAlignment], head: [[TableCell]], body: [[TableCell]],
        foot: [[TableCell]] = [], attributes: Attributes = .empty, bodySplits: [Int] = []
    ) {
        self.alignments = alignments
        self.head = head
        self.body = body
        self.foot = foot
        self.attributes = attributes
        self.bodySplits = bodySplits
    }
}

/// How a table column is aligned.
public enum ColumnAlignment: String, Sendable, Hashable, Codable {
    /// No alignment given.
    case `default`
    /// `:---`
    case left
    /// `:---:`
    case center
    /// `---:`
    case right
}

/// One table cell.
public struct TableCell: Sendable, Hashable, Codable {
    /// The cell's inline content.
    public var content: [Inline]

    /// Makes a cell.
    public init(_ content: [Inline]) { self.content = content }
}

/// A footnote's name and content.
public struct FootnoteDefinition: Sendable, Hashable, Codable {
    /// The name used in `[^name]`.
    public var name: String
    /// The footnote's blocks.
    public var blocks: [Block]

    /// Makes a footnote definition.
    public init(name: String, blocks: [Block]) {
        self.name = name
        self.blocks = blocks
    }
}

/// An abbreviation and its expansion.
public struct AbbreviationDefinition: Sendable, Hashable, Codable {
    /// The abbreviated text, e.g. `HTML`.
    public var abbreviation: String
    /// What it stands for; may be empty.
    public var title: String

    /// Makes an abbreviation definition.
    public init(abbreviation: String, title: String) {
        self.abbreviation = abbreviation
        self.title = title
    }
}

/// An inline node.
///
/// Only the cases with attributes are boxed (`indirect`): text, emphasis and breaks, most of a
/// document's inlines, are stored in place, with no allocation each. (All boxed, a thousand
/// posts made 58,000 boxes in the kramdown reader alone.)
public enum Inline: Sendable, Hashable, Codable {
    /// Plain text, with typographic characters already resolved.
    case text(String)
    /// Emphasis (`*x*`, `<em>`).
    case emphasis([Inline])
    /// Strong emphasis (`**x**`, `<strong>`).
    case strong([Inline])
    /// Strikethrough (`~~x~~`).
    case strikethrough([Inline])
    /// A code span.
    indirect case code(String, attributes: Attributes)
    /// A hyperlink.
    indirect case link(content: [Inline], url: String, title: String?, attributes: Attributes)
    /// An image.
    indirect case image(alt: String, url: String, title: String?, attributes: Attributes)
    /// A hard line break.
    case lineBreak
    /// A line ending inside a paragraph.
    case softBreak
    /// Inline math, as TeX source.
    case math(String)
    /// A reference to the footnote with this name.
    case footnoteReference(name: String)
    /// An occurrence of a defined abbreviation.
    case abbreviation(String, title: String)
    /// An inline HTML element whose content was parsed (`<span markdown="1">`).
    indirect case htmlElement(tag: String, attributes: Attributes, content: [Inline])
    /// Attributes attached to a run of inlines (a span IAL).
    indirect case span([Inline], attributes: Attributes)
    /// Content kept verbatim in `format` (`html`, `liquid`, …).
    case rawInline(format: String, text: String)
}

/// Formats that raw nodes use.
public enum RawFormat {
    /// HTML, written through as is by HTML exporters.
    public static let html = "html"
    /// A post's source before Liquid and kramdown have run.
    public static let kramdownLiquid = "kramdown+liquid"
}
