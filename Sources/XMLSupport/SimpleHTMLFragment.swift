#if canImport(Glibc)
import Glibc
#endif

/// One element of a simple fragment, as a visitor sees it: the fast path's `HTMLElement`.
///
/// Attribute values are held decoded (references replaced), as libxml2 holds them.
public final class SimpleHTMLElement {
    /// The lowercase tag name.
    public let name: String
    /// Attributes in order.
    fileprivate var attributes: [(name: String, value: String)]

    fileprivate init(name: String, attributes: [(name: String, value: String)]) {
        self.name = name
        self.attributes = attributes
    }

    /// The value of attribute `name`, if present.
    public func attribute(_ name: String) -> String? {
        for attribute in attributes where attribute.name == name { return attribute.value }
        return nil
    }

    /// Every attribute as `attribute(_:)` reads it, in order (for tests).
    var attributeList: [(name: String, value: String)] { attributes }

    /// Sets (or, with nil, removes) attribute `name`; a new one goes last, as `xmlSetProp` adds it.
    public func setAttribute(_ name: String, _ value: String?) {
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            if let value { attributes[index].value = value } else { attributes.remove(at: index) }
        } else if let value {
            attributes.append((name, value))
        }
    }
}

/// A simple HTML fragment read without libxml2, whose elements of some names can be visited and
/// changed, then written back out byte for byte as `HTMLFragment` (libxml2's parse and HTML
/// serialiser) would: the fast path of rewriting a post's body.
///
/// It accepts only fragments whose libxml2 tree it can predict: the tags, places and references
/// `SimpleHTMLWords` accepts, attributes with a value, no two of the same name. Anything else
/// gives nil and the caller uses `HTMLFragment`. Writing follows libxml2's HTML serialiser: `&`,
/// `<`, `>` escaped in text and attributes, references otherwise written as the characters they
/// stand for, URL attributes (`href`, `src`, `action`, `name` of `a`) percent-escaped as
/// `xmlURIEscapeStr` escapes them, void elements without an end tag, an empty `<li>` without one.
///
/// Everything but the tags of the elements that may be changed is written while reading; the
/// text, most of a body, is copied as it stands when it holds no reference and no `>`.
public final class SimpleHTMLFragment {
    // No run-time exclusivity checks on these (a fragment is read by one thread; the compiler's
    // static checks stay).
    /// The output so far, less the editable tags.
    @exclusivity(unchecked) private var written: [UInt8] = []
    /// Where each editable tag goes in `written`, in document order.
    @exclusivity(unchecked) private var editable: [(at: Int, element: SimpleHTMLElement)] = []

    /// Attributes libxml2 writes without a value.
    static let booleanAttributes: Set<String> = [
        "checked", "compact", "declare", "defer", "disabled", "ismap", "multiple", "nohref", "noresize",
        "noshade", "nowrap", "readonly", "selected",
    ]

    /// How an element may be placed (what libxml2 closes or moves when it starts).
    private enum Kind {
        /// A block, allowed only straight inside `SimpleHTMLWords.blockParents`.
        case block
        /// A list item, only straight inside `ul` or `ol`.
        case listItem
        /// Phrasing, or an HTML5 element libxml2 does not know: anywhere but straight inside a
        /// list, and `a` not inside `a`.
        case inline
        /// An element with no content and no end tag, phrasing (`br`, `img`)...
        case void
        /// ... or a block (`hr`).
        case voidBlock
        /// `thead`, `tbody`, `tfoot`: only straight inside `table` (itself a block).
        case tableSection
        /// `tr`: only straight inside `table` or a section.
        case tableRow
        /// `td`, `th`: only straight inside `tr`; they hold phrasing (a block in one is not
        /// predicted here).
        case tableCell
    }

    /// Elements that hold only other elements and white space (words in them are not predicted
    /// here): lists and the parts of a table above its cells.
    private static let structuralParents: Set<String> = ["ul", "ol", "table", "thead", "tbody", "tfoot", "tr"]

    private static let kinds: [String: Kind] = {
        var kinds: [String: Kind] = [:]
        for name in SimpleHTMLWords.inlineElements.union(SimpleHTMLWords.unknownElements) { kinds[name] = .inline }
        for name in SimpleHTMLWords.blockElements { kinds[name] = .block }
        kinds["li"] = .listItem
        kinds["table"] = .block
        for name in ["thead", "tbody", "tfoot"] { kinds[name] = .tableSection }
        kinds["tr"] = .tableRow
        for name in ["td", "th"] { kinds[name] = .tableCell }
        for name in SimpleHTMLWords.voidElements { kinds[name] = kinds[name] == .block ? .voidBlock : .void }
        return kinds
    }()

    /// Every element name the fast path reads (a fragment with any other element gives nil):
    /// as `editableNames`, every element can be visited.
    public static let elementNames: Set<String> = Set(kinds.keys)

    /// What the reader needs to know of an element it accepts, found from the name's bytes.
    private struct KnownElement {
        let name: String
        let bytes: [UInt8]
        let kind: Kind
        /// One of `structuralParents`.
        let isStructural: Bool
        /// One of `SimpleHTMLWords.blockParents`: a block may start straight inside it.
        let holdsBlocks: Bool
    }

    /// `kinds` as a table, sorted by name (so the same on every run).
    private static let knownElements: [KnownElement] = kinds.keys.sorted().map { name in
        KnownElement(name: name, bytes: Array(name.utf8), kind: kinds[name]!, isStructural: structuralParents.contains(name),
                     holdsBlocks: SimpleHTMLWords.blockParents.contains(name))
    }

    /// For each first letter `a`...`z`, the indexes in `knownElements` of the names it starts.
    private static let knownElementsByLetter: [[Int]] = (0..<26).map { letter in
        knownElements.indices.filter { Int(knownElements[$0].bytes[0]) - 0x61 == letter }
    }

    /// Attribute names common enough to be worth not making a string for each time they are read.
    private static let commonAttributes: [[UInt8]] = [
        "href", "src", "title", "alt", "class", "id", "name", "style", "width", "height", "rel", "target", "lang",
        "type", "align", "colspan", "rowspan", "start", "value", "role", "datetime", "cite", "loading", "border",
    ].map { Array($0.utf8) }

    /// The strings of `commonAttributes`, by the same index.
    private static let commonAttributeNames: [String] = commonAttributes.map { String(decoding: $0, as: UTF8.self) }

    /// The index in `table` of the name that `bytes[start..<end]` spells in any case (the bytes
    /// are ASCII letters and digits, and the names lower case), or nil.
    private static func lookUp(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, in table: [[UInt8]], candidates: some Sequence<Int>) -> Int? {
        let count = end - start
        for k in candidates {
            let name = table[k]
            guard name.count == count else { continue }
            var same = true
            for m in 0..<count where bytes[start + m] | 0x20 != name[m] {
                same = false
                break
            }
            if same { return k }
        }
        return nil
    }

    /// The known element `bytes[start..<end]` names (any case), or nil.
    private static func knownElement(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let letter = Int(bytes[start] | 0x20) - 0x61
        guard letter >= 0, letter < 26 else { return nil }
        return lookUp(bytes, start, end, in: knownElementBytes, candidates: knownElementsByLetter[letter])
    }

    /// The names of `knownElements`, by the same index.
    private static let knownElementBytes: [[UInt8]] = knownElements.map(\.bytes)

    /// Reads `html`, or gives nil when it is not simple enough to be sure of libxml2's tree.
    /// Elements named in `editableNames` can be visited and changed; the others are written as
    /// they are read.
    public init?(parsing html: String, editableNames: Set<String>) {
        var html = html
        written.reserveCapacity(html.utf8.count + html.utf8.count / 16 + 16)
        guard html.withUTF8({ read($0, editableNames: editableNames) }) else { return nil }
    }

    /// Calls `visit` for every element named in `editableNames`, in document order.
    public func forEachElement(_ visit: (SimpleHTMLElement) -> Void) {
        for (_, element) in editable { visit(element) }
    }

    /// The fragment written back as libxml2 would write it.
    public var html: String {
        guard !editable.isEmpty else { return String(decoding: written, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(written.count + 64 * editable.count)
        var copied = 0
        for (at, element) in editable {
            out += written[copied..<at]
            copied = at
            Self.appendStartTag(element.name, element.attributes, to: &out)
        }
        out += written[copied...]
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendStartTag(_ name: String, _ attributes: [(name: String, value: String)], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "<"))
        out += name.utf8
        for (attribute, value) in attributes {
            out.append(0x20)
            out += attribute.utf8
            guard !booleanAttributes.contains(attribute) else { continue }
            out.append(UInt8(ascii: "="))
            var value = value
            value.withUTF8 { appendAttributeValue($0, named: attribute, of: name, to: &out) }
        }
        out.append(UInt8(ascii: ">"))
    }

    /// Text as `xmlEncodeEntitiesReentrant` writes it in an HTML document.
    private static func appendEscaped(_ text: some Sequence<UInt8>, to out: inout [UInt8]) {
        for b in text {
            switch b {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            default: out.append(b)
            }
        }
    }

    /// Whether `name` is one whose value libxml2 writes as a URL.
    private static func isURLAttribute(_ name: String, of element: String) -> Bool {
        name == "href" || name == "src" || name == "action" || (name == "name" && element == "a")
    }

    /// A (decoded) value as `htmlAttrDumpOutput` writes it: entities escaped; for a URL
    /// attribute, leading blanks dropped and the rest percent-escaped; quoted with `"`, or `'`
    /// when it holds `"` and no `'`, else `"` with `&quot;`.
    ///
    /// A value set by a visitor is handed to libxml2 as a C string, so it ends at a NUL, and
    /// libxml2 leaves out the control characters XML cannot hold (all but tab, line feed and
    /// carriage return).
    private static func appendAttributeValue(_ value: UnsafeBufferPointer<UInt8>, named name: String, of element: String, to out: inout [UInt8]) {
        var escaped: [UInt8] = []
        escaped.reserveCapacity(value.count + 8)
        appendEscaped(value.prefix { $0 != 0 }.lazy.filter { $0 >= 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }, to: &escaped)
        if isURLAttribute(name, of: element) {
            var start = 0
            while start < escaped.count, escaped[start] == 0x20 || escaped[start] == 0x09 || escaped[start] == 0x0A || escaped[start] == 0x0D { start += 1 }
            var uri: [UInt8] = []
            uri.reserveCapacity(escaped.count - start + 8)
            let hex = Array("0123456789ABCDEF".utf8)
            for b in escaped[start...] {
                if uriKeeps(b) {
                    uri.append(b)
                } else {
                    uri.append(UInt8(ascii: "%"))
                    uri.append(hex[Int(b >> 4)])
                    uri.append(hex[Int(b & 15)])
                }
            }
            escaped = uri
        }
        if !escaped.contains(0x22) {
            out.append(0x22); out += escaped; out.append(0x22)
        } else if !escaped.contains(0x27) {
            out.append(0x27); out += escaped; out.append(0x27)
        } else {
            out.append(0x22)
            for b in escaped { if b == 0x22 { out += "&quot;".utf8 } else { out.append(b) } }
            out.append(0x22)
        }
    }

    /// Bytes `xmlURIEscapeStr(value, "@/:=?;#%&,+<>")` leaves alone: letters, digits, the marks
    /// `-_.!~*'()`, and that list.
    private static func uriKeeps(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "~"), UInt8(ascii: "*"),
             UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "@"), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: ";"),
             UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: ","), UInt8(ascii: "+"), UInt8(ascii: "<"),
             UInt8(ascii: ">"):
            return true
        default:
            return false
        }
    }

    /// Whether a raw value (as written, before decoding) is written back by libxml2 as it
    /// stands between `"`: no reference, nothing to escape, and for a URL nothing to
    /// percent-escape and no leading blank.
    private static func standsAsWritten(_ raw: UnsafeBufferPointer<UInt8>, url: Bool) -> Bool {
        if url {
            if let first = raw.first, first == 0x20 || first == 0x09 || first == 0x0A { return false }
            for b in raw where !uriKeeps(b) || b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") { return false }
        } else {
            for b in raw where b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == 0x22 { return false }
        }
        return true
    }

    /// An open element.
    private struct Open {
        var name: String
        /// Whether it has any child (a comment too).
        var hasChildren = false
        /// One of `structuralParents`.
        var isStructural = false
        /// One of `SimpleHTMLWords.blockParents`.
        var holdsBlocks = false
    }

    /// Reads the fragment, writing all but the editable tags; false when it is not simple.
    private func read(_ bytes: UnsafeBufferPointer<UInt8>, editableNames: Set<String>) -> Bool {
        let n = bytes.count
        guard !SimpleHTMLWords.holdsRefusedBytes(bytes) else { return false }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func name(_ start: Int, _ end: Int) -> String {
            var lower = true
            for k in start..<end where bytes[k] >= 0x41 && bytes[k] <= 0x5A { lower = false }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            return lower ? text : text.lowercased()
        }
        // The fragment's container, a `<div>` (the top level: blocks may start in it), then
        // every open element.
        var open: [Open] = [Open(name: "div", holdsBlocks: true)]
        // Whether each known element is in `editableNames` (-1: not asked yet).
        var editableKnown = [Int8](repeating: -1, count: Self.knownElements.count)
        var i = 0
        while i < n {
            if bytes[i] == UInt8(ascii: "<") {
                guard i + 1 < n else { return false }
                if bytes[i + 1] == UInt8(ascii: "!") {
                    guard let end = SimpleHTMLWords.plainCommentEnd(bytes, at: i) else { return false }
                    written.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                    open[open.count - 1].hasChildren = true
                    i = end
                    continue
                }
                let closing = bytes[i + 1] == UInt8(ascii: "/")
                var j = closing ? i + 2 : i + 1
                guard j < n, isLetter(bytes[j]) else { return false }
                let nameStart = j
                while j < n, isLetter(bytes[j]) || isDigit(bytes[j]) { j += 1 }
                // Any other element is not simple (and no such element is open to be closed).
                guard let known = Self.knownElement(bytes, nameStart, j) else { return false }
                let element = Self.knownElements[known]
                let tag = element.name
                if closing {
                    while j < n, isSpace(bytes[j]) { j += 1 }
                    guard j < n, bytes[j] == UInt8(ascii: ">"), open.count > 1, open[open.count - 1].name == tag else { return false }
                    let closed = open.removeLast()
                    // libxml2 writes an empty `<li>` (its only element here that may) without an end tag.
                    if closed.hasChildren || tag != "li" {
                        written += "</".utf8
                        written += tag.utf8
                        written.append(UInt8(ascii: ">"))
                    }
                    i = j + 1
                    continue
                }
                // Where it may stand.
                let kind = element.kind
                let parent = open.count > 1 ? open[open.count - 1].name : ""
                switch kind {
                case .block, .voidBlock: guard open[open.count - 1].holdsBlocks else { return false }
                case .listItem: guard parent == "ul" || parent == "ol" else { return false }
                case .inline, .void: guard !open[open.count - 1].isStructural, !(tag == "a" && parent == "a") else { return false }
                case .tableSection: guard parent == "table" else { return false }
                case .tableRow: guard parent == "table" || parent == "thead" || parent == "tbody" || parent == "tfoot" else { return false }
                case .tableCell: guard parent == "tr" else { return false }
                }
                if editableKnown[known] < 0 { editableKnown[known] = editableNames.contains(tag) ? 1 : 0 }
                let isEditable = editableKnown[known] == 1
                let tagStart = written.count
                var attributes: [(name: String, value: String)] = []
                var names: [String] = []
                if !isEditable {
                    written.append(UInt8(ascii: "<"))
                    written += tag.utf8
                }
                var selfClosing = false
                while true {
                    let beforeSpace = j
                    while j < n, isSpace(bytes[j]) { j += 1 }
                    guard j < n else { return false }
                    if bytes[j] == UInt8(ascii: ">") { j += 1; break }
                    if bytes[j] == UInt8(ascii: "/"), j + 1 < n, bytes[j + 1] == UInt8(ascii: ">") {
                        selfClosing = true
                        j += 2
                        break
                    }
                    // An attribute: a name of letters, digits and `-` after white space, `=`, a value.
                    guard j > beforeSpace, isLetter(bytes[j]) else { return false }
                    let attributeStart = j
                    while j < n, isLetter(bytes[j]) || isDigit(bytes[j]) || bytes[j] == UInt8(ascii: "-") { j += 1 }
                    // libxml2 reads a name 100 bytes at most (HTML_PARSER_BUFFER_SIZE) and starts
                    // another attribute with the rest: longer names are not predicted here.
                    guard j - attributeStart <= 100 else { return false }
                    let attribute = Self.lookUp(bytes, attributeStart, j, in: Self.commonAttributes, candidates: Self.commonAttributes.indices)
                        .map { Self.commonAttributeNames[$0] } ?? name(attributeStart, j)
                    guard !names.contains(attribute) else { return false }
                    names.append(attribute)
                    // An attribute without a value (libxml2 gives some their name as value): not predicted here.
                    while j < n, isSpace(bytes[j]) { j += 1 }
                    guard j < n, bytes[j] == UInt8(ascii: "=") else { return false }
                    j += 1
                    while j < n, isSpace(bytes[j]) { j += 1 }
                    guard j < n else { return false }
                    let valueStart: Int, valueEnd: Int
                    if bytes[j] == 0x22 || bytes[j] == 0x27 {
                        let quote = bytes[j]
                        j += 1
                        valueStart = j
                        while j < n, bytes[j] != quote {
                            guard bytes[j] != UInt8(ascii: "<") else { return false }
                            j += 1
                        }
                        guard j < n else { return false }
                        valueEnd = j
                        j += 1
                        // Something must separate it from what follows.
                        guard j < n, isSpace(bytes[j]) || bytes[j] == UInt8(ascii: ">") || bytes[j] == UInt8(ascii: "/") else { return false }
                    } else {
                        valueStart = j
                        while j < n, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">") {
                            guard bytes[j] != UInt8(ascii: "<"), bytes[j] != 0x22, bytes[j] != 0x27, bytes[j] != 0x60,
                                  bytes[j] != UInt8(ascii: "="), bytes[j] != UInt8(ascii: "/") else { return false }
                            j += 1
                        }
                        guard j > valueStart else { return false }
                        valueEnd = j
                    }
                    let raw = UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])
                    let url = Self.isURLAttribute(attribute, of: tag)
                    if !isEditable, Self.standsAsWritten(raw, url: url) {
                        written.append(0x20)
                        written += attribute.utf8
                        if Self.booleanAttributes.contains(attribute) { continue }
                        written += "=\"".utf8
                        written.append(contentsOf: raw)
                        written.append(0x22)
                        continue
                    }
                    var value: [UInt8] = []
                    guard Self.appendDecoded(raw, to: &value) else { return false }
                    if isEditable {
                        attributes.append((attribute, String(decoding: value, as: UTF8.self)))
                    } else {
                        written.append(0x20)
                        written += attribute.utf8
                        if Self.booleanAttributes.contains(attribute) { continue }
                        written.append(UInt8(ascii: "="))
                        value.withUnsafeBufferPointer { Self.appendAttributeValue($0, named: attribute, of: tag, to: &written) }
                    }
                }
                // What libxml2 does with a new line that starts a `<pre>` is not predicted here.
                if tag == "pre", j < n, bytes[j] != UInt8(ascii: "<") { return false }
                // An element closed by `/>` is empty; not predicted here but for void ones.
                let void = kind == .void || kind == .voidBlock
                if selfClosing && !void { return false }
                if isEditable {
                    editable.append((tagStart, SimpleHTMLElement(name: tag, attributes: attributes)))
                } else {
                    written.append(UInt8(ascii: ">"))
                }
                open[open.count - 1].hasChildren = true
                if !void { open.append(Open(name: tag, isStructural: element.isStructural, holdsBlocks: element.holdsBlocks)) }
                i = j
                continue
            }
            // Text up to the next tag, copied as it stands unless it holds a reference or `>`.
            // (libxml2 keeps white space between tags too: the parser is not asked to drop blanks.)
            let start = i
            i = memchr(bytes.baseAddress! + i, Int32(UInt8(ascii: "<")), n - i).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - bytes.baseAddress! } ?? n
            let text = UnsafeBufferPointer(rebasing: bytes[start..<i])
            let plain = memchr(text.baseAddress!, Int32(UInt8(ascii: "&")), text.count) == nil
                && memchr(text.baseAddress!, Int32(UInt8(ascii: ">")), text.count) == nil
            // Words straight inside a list or a table (not in a cell): not predicted here.
            if open[open.count - 1].isStructural, !text.allSatisfy(isSpace) { return false }
            if plain {
                written.append(contentsOf: text)
            } else {
                var decoded: [UInt8] = []
                guard Self.appendDecoded(text, to: &decoded) else { return false }
                Self.appendEscaped(decoded, to: &written)
            }
            open[open.count - 1].hasChildren = true
        }
        return open.count == 1
    }

    /// Appends `raw` with its references decoded; false when one is not a reference this reader
    /// is sure libxml2 decodes the same way.
    private static func appendDecoded(_ raw: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "&") {
                guard let (text, end) = SimpleHTMLWords.reference(raw, at: i) else { return false }
                out += text.utf8
                i = end
            } else {
                out.append(raw[i])
                i += 1
            }
        }
        return true
    }
}
