import Foundation

/// Where a node came from: its position and its source as written (kept for error recovery).
public struct SourcePlace: Sendable, Hashable {
    /// 1-based line.
    public var line: Int
    /// 1-based column (in characters).
    public var column: Int
    /// The tag or output as written, `{% include x.html %}`.
    public var raw: String
}

/// A tag beyond Liquid's own (Jekyll's `include`, `highlight`, `post_url`, ...).
public protocol LiquidTagDefinition: Sendable {
    /// Whether the tag has a body closed by `end<name>` (parsed as Liquid).
    var isBlock: Bool { get }
    /// Makes the tag from its markup (the text after the tag name) and, for blocks, its body.
    func makeTag(name: String, markup: String, body: LiquidBody?, place: SourcePlace) throws(LiquidError) -> any LiquidTag
}

/// A parsed extension tag, ready to render.
public protocol LiquidTag: Sendable {
    /// Writes the tag's output.
    func render(_ context: Context, into output: inout String) throws(LiquidError)
}

/// A parsed block of template: what a block tag holds between its opening and closing tags.
public struct LiquidBody: Sendable {
    var nodes: [Node]
    var isBlank: Bool

    /// A body with nothing in it.
    public static let empty = LiquidBody(nodes: [], isBlank: true)

    /// Renders the body in `context`.
    public func render(_ context: Context, into output: inout String) throws(LiquidError) {
        try Renderer.render(nodes, context, into: &output)
    }
}

/// One node of a parsed template.
indirect enum Node: Sendable {
    case text(String)
    case output(FilteredExpression, SourcePlace)
    case assign(name: String, value: FilteredExpression, SourcePlace)
    case capture(name: String, body: LiquidBody, SourcePlace)
    /// `if`/`unless`: branches in order; `negateFirst` for `unless`; a nil condition is `else`.
    case conditional(branches: [(ConditionExpr?, LiquidBody)], negateFirst: Bool, SourcePlace)
    case caseTag(subject: Expr, branches: [CaseBranch], SourcePlace)
    case forLoop(ForLoop, SourcePlace)
    case tableRow(TableRow, SourcePlace)
    case cycle(group: CycleGroup, values: [Expr], SourcePlace)
    case increment(String, SourcePlace)
    case decrement(String, SourcePlace)
    case raw(String)
    case breakLoop(SourcePlace)
    case continueLoop(SourcePlace)
    case ifChanged(LiquidBody, SourcePlace)
    case echo(FilteredExpression, SourcePlace)
    case custom(any LiquidTag, isBlank: Bool, SourcePlace)
    /// Comments: nothing to render.
    case nothing

    /// Liquid's `blank?` of a tag: assign, capture, comments and bodies of only blanks.
    var isBlank: Bool {
        switch self {
        case .text(let s): return s.utf8.allSatisfy { $0 == 32 || ($0 >= 9 && $0 <= 13) }
        case .output: return false
        case .assign, .capture, .nothing: return true
        case .conditional(let branches, _, _): return branches.allSatisfy { $0.1.isBlank }
        case .caseTag(_, let branches, _): return branches.allSatisfy { $0.body.isBlank }
        case .forLoop(let f, _): return f.body.isBlank && (f.elseBody?.isBlank ?? true)
        case .tableRow(let t, _): return t.body.isBlank
        case .raw(let s): return s.isEmpty
        case .ifChanged(let b, _): return b.isBlank
        case .cycle, .increment, .decrement, .echo: return false
        case .breakLoop, .continueLoop: return false
        case .custom(_, let blank, _): return blank
        }
    }
}

struct CaseBranch: Sendable {
    /// nil for `else`.
    var match: Expr?
    var body: LiquidBody
}

struct ForLoop: Sendable {
    var variable: String
    var collection: Expr
    /// `variable-collection markup`, the key `offset:continue` remembers positions by.
    var name: String
    var reversed: Bool
    var limit: Expr?
    /// nil: no offset; `.continue` resumes where the same loop stopped.
    var offset: Offset?
    var body: LiquidBody
    var elseBody: LiquidBody?

    enum Offset: Sendable { case value(Expr), continueLast }
}

struct TableRow: Sendable {
    var variable: String
    var collection: Expr
    var attributes: [(String, Expr)]
    var body: LiquidBody
}

enum CycleGroup: Sendable {
    case named(Expr)
    case unnamed(String)
}

/// A parsed template: parse once, render many times.
public struct Template: Sendable {
    let body: LiquidBody
    /// Problems the parser recovered from (unknown tags, syntax errors left as written).
    public let warnings: [LiquidWarning]

    /// What to do with a tag that cannot be parsed or rendered.
    public enum ErrorPolicy: Sendable {
        /// Throw (Liquid's `render!`).
        case raise
        /// Write Liquid's error message in its place (Liquid's `render`).
        case inline
        /// Leave the tag as written and record a warning (blogport's choice for posts).
        case keepMarkup
    }

    /// Parses `source`.
    public init(
        parsing source: String, environment: LiquidEnvironment, mode: LiquidParseMode = .warn,
        policy: ErrorPolicy = .keepMarkup
    ) throws(LiquidError) {
        var parser = TemplateParser(tokens: TemplateLexer.tokenize(source), environment: environment, mode: mode, policy: policy)
        body = try parser.parseDocument()
        warnings = parser.warnings
    }

    /// Renders with fresh variables `globals`.
    public func render(
        _ globals: LiquidHash, environment: LiquidEnvironment, registers: [String: any Sendable] = [:],
        policy: ErrorPolicy = .keepMarkup
    ) throws(LiquidError) -> (output: String, warnings: [LiquidWarning]) {
        let context = Context(environment: environment, globals: globals, registers: registers)
        context.policy = policy
        let output = try render(in: context)
        return (output, context.warnings)
    }

    /// Renders inside an existing context (what `include` does: same scopes, same counters).
    public func render(in context: Context) throws(LiquidError) -> String {
        var output = ""
        try Renderer.render(body.nodes, context, into: &output)
        return output
    }
}

/// Parsed templates by name, shared by every render (an include used by 1,000 posts is parsed once).
final class TemplateCache: @unchecked Sendable {
    private let lock = NSLock()
    private var templates: [String: Result<Template, LiquidError>] = [:]
    private(set) var loads = 0

    /// The template called `name`, loading it under the lock so that concurrent renders parse it once.
    func template(_ name: String, load: () -> Result<Template, LiquidError>) -> Result<Template, LiquidError> {
        lock.lock()
        defer { lock.unlock() }
        if let t = templates[name] { return t }
        let t = load()
        loads += 1
        templates[name] = t
        return t
    }
}

extension LiquidEnvironment {
    /// How many included templates have been read and parsed so far (each name once).
    public var parsedIncludeCount: Int { cache.loads }
}

extension Context {
    /// The parsed template called `name` from the environment's file system, parsed once per
    /// environment and cached; parse problems are recorded as warnings of this context.
    public func loadTemplate(_ name: String, displayName: String? = nil) throws(LiquidError) -> Template {
        guard let fs = environment.fileSystem else {
            throw LiquidError(.fileSystem, "This liquid context does not allow includes.")
        }
        let env = environment
        let policy = self.policy
        let result = env.cache.template(name) {
            do throws(LiquidError) {
                let source = try fs.readTemplate(name)
                return .success(try Template(parsing: source, environment: env, mode: env.strictParsing ? .strict : .warn, policy: policy))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let t):
            for w in t.warnings {
                var e = w.error
                if e.templateName == nil { e.templateName = displayName ?? name }
                warnings.append(LiquidWarning(e))
            }
            return t
        case .failure(let e): throw e
        }
    }

    /// Runs `body` one include level deeper, failing past the depth limit.
    public func nested<T>(templateName: String?, _ body: () throws(LiquidError) -> T) throws(LiquidError) -> T {
        guard depth < environment.limits.maxDepth else {
            throw LiquidError(.stackLevel, "Nesting too deep (more than \(environment.limits.maxDepth) levels of include)")
        }
        depth += 1
        let saved = self.templateName
        if let templateName { self.templateName = templateName }
        defer {
            depth -= 1
            self.templateName = saved
        }
        return try body()
    }
}

/// Builds nodes from tokens, as Liquid's `BlockBody#parse` and the tags' `parse` do.
struct TemplateParser {
    let tokens: [SourceToken]
    var index = 0
    let environment: LiquidEnvironment
    let mode: LiquidParseMode
    let policy: Template.ErrorPolicy
    var warnings: [LiquidWarning] = []
    var trimWhitespace = false
    var depth = 0
    /// Blocks found never closed, by where their body starts and how deep they are: a later
    /// attempt from the same place fails the same way, so it is not parsed again. (Each failed
    /// block is re-read as text, so without this every unclosed block re-parsed the rest of the
    /// template once per unclosed block around it: exponential in the fuzzer's inputs.)
    var unclosedBlocks: Set<BlockStart> = []
    /// No `endraw` at or after this token: a `raw` opened from here on is never closed.
    var noEndRawFrom = Int.max

    struct BlockStart: Hashable {
        var index: Int
        var depth: Int
    }

    init(tokens: [SourceToken], environment: LiquidEnvironment, mode: LiquidParseMode, policy: Template.ErrorPolicy) {
        self.tokens = tokens
        self.environment = environment
        self.mode = mode
        self.policy = policy
    }

    static let builtinTags: Set<String> = [
        "assign", "capture", "if", "unless", "case", "for", "tablerow", "cycle", "increment", "decrement",
        "raw", "comment", "break", "continue", "ifchanged", "echo", "#", "liquid",
    ]

    func isRegistered(_ name: String) -> Bool {
        Self.builtinTags.contains(name) || environment.tags[name] != nil
    }

    /// A tag the body does not handle itself: returned to the enclosing block.
    struct EndTag {
        var name: String
        var markup: Substring
        var token: SourceToken
    }

    mutating func parseDocument() throws(LiquidError) -> LiquidBody {
        var nodes: [Node] = []
        var blank = true
        while true {
            guard let end = try parseBody(&nodes, &blank) else { break }
            let error: LiquidError
            switch end.name {
            case "else", "end": error = LiquidError(.syntax, "Unexpected outer '\(end.name)' tag")
            default:
                error = end.name.hasPrefix("end") || ["elsif", "when"].contains(end.name)
                    ? LiquidError(.syntax, "Unexpected outer '\(end.name)' tag")
                    : LiquidError(.unknownTag, "Unknown tag '\(end.name)'")
            }
            try recoverAsText(end.token, error, into: &nodes, blank: &blank)
        }
        return LiquidBody(nodes: nodes, isBlank: blank)
    }

    /// Leaves `token` as written (policy keepMarkup/inline) or throws (policy raise).
    mutating func recoverAsText(_ token: SourceToken, _ error: LiquidError, into nodes: inout [Node], blank: inout Bool) throws(LiquidError) {
        var e = error
        e.line = e.line ?? token.line
        e.column = e.column ?? token.column
        e.markup = e.markup ?? String(token.raw)
        switch policy {
        case .raise: throw e
        case .inline, .keepMarkup:
            warnings.append(LiquidWarning(e))
            nodes.append(.text(String(token.raw)))
            blank = false
        }
    }

    static let whitespaceBytes: Set<UInt8> = [32, 9, 10, 11, 12, 13, 0]

    /// Applies `{%-`/`{{-` (strip the text before) and records `-%}`/`-}}` for the text after.
    mutating func handleWhitespace(_ token: SourceToken, _ nodes: inout [Node]) {
        let u = Array(token.raw.utf8.prefix(3))
        if u.count == 3 && u[2] == UInt8(ascii: "-"), case .text(let previous)? = nodes.last {
            var s = previous.utf8[...]
            while let l = s.last, Self.whitespaceBytes.contains(l) { s = s.dropLast() }
            nodes[nodes.count - 1] = .text(String(Substring(s)))
        }
        let raw = token.raw.utf8
        trimWhitespace = raw.count >= 3 && raw[raw.index(raw.endIndex, offsetBy: -3)] == UInt8(ascii: "-")
    }

    /// Splits `{%- name markup -%}` into name and markup (Liquid's FullToken); nil when malformed.
    static func splitTag(_ raw: Substring) -> (name: String, markup: Substring)? {
        splitASCIITag(raw) ?? splitTagByCharacters(raw)
    }

    /// `splitTag` for any tag, on Characters.
    static func splitTagByCharacters(_ raw: Substring) -> (name: String, markup: Substring)? {
        guard raw.hasPrefix("{%"), raw.hasSuffix("%}"), raw.utf8.count >= 4 else { return nil }
        var inner = raw.dropFirst(2).dropLast(2)
        if inner.hasPrefix("-") { inner = inner.dropFirst() }
        var s = inner.drop { rubySpace.contains($0.unicodeScalars.first!) }
        guard let f = s.first else { return nil }
        var name: Substring
        if f == "#" {
            name = s.prefix(1)
            s = s.dropFirst()
        } else {
            let n = s.prefix { Expr.isWordOrDash($0) && $0 != "-" }
            guard !n.isEmpty else { return nil }
            name = n
            s = s.dropFirst(n.count)
        }
        var markup = s.drop { rubySpace.contains($0.unicodeScalars.first!) }
        // (.*?)-?%}: a trailing "-" belongs to whitespace control.
        if markup.hasSuffix("-") { markup = markup.dropLast() }
        return (String(name), markup)
    }

    /// `splitTag` on the bytes of an ASCII tag (where a byte is a Character, and "\r\n"'s
    /// first scalar is a space as its own first byte is): nil when the tag is not ASCII, the
    /// inner nil when it is malformed.
    static func splitASCIITag(_ raw: Substring) -> (name: String, markup: Substring)?? {
        let utf8 = raw.utf8
        let offsets = utf8.withContiguousStorageIfAvailable { b -> (nameStart: Int, nameEnd: Int, markupStart: Int, markupEnd: Int)?? in
            for c in b where c >= 0x80 { return .none }
            let n = b.count
            guard n >= 4, b[0] == UInt8(ascii: "{"), b[1] == UInt8(ascii: "%"), b[n - 2] == UInt8(ascii: "%"), b[n - 1] == UInt8(ascii: "}") else {
                return .some(nil)
            }
            func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) || c == 0 }
            func isWord(_ c: UInt8) -> Bool {
                (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
            }
            let end = n - 2
            var i = 2
            if i < end, b[i] == UInt8(ascii: "-") { i += 1 }
            while i < end, isSpace(b[i]) { i += 1 }
            guard i < end else { return .some(nil) }
            let nameStart = i
            if b[i] == UInt8(ascii: "#") {
                i += 1
            } else {
                while i < end, isWord(b[i]) { i += 1 }
                guard i > nameStart else { return .some(nil) }
            }
            let nameEnd = i
            while i < end, isSpace(b[i]) { i += 1 }
            var markupEnd = end
            if markupEnd > i, b[markupEnd - 1] == UInt8(ascii: "-") { markupEnd -= 1 }
            return .some((nameStart, nameEnd, i, markupEnd))
        }
        guard let offsets, let found = offsets else { return nil }
        guard let (nameStart, nameEnd, markupStart, markupEnd) = found else { return .some(nil) }
        func index(_ k: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: k) }
        return .some((String(raw[index(nameStart)..<index(nameEnd)]), raw[index(markupStart)..<index(markupEnd)]))
    }

    /// Parses nodes until a tag this level does not know (returned) or the end (nil).
    mutating func parseBody(_ nodes: inout [Node], _ blank: inout Bool) throws(LiquidError) -> EndTag? {
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token.kind {
            case .text:
                var text = token.raw
                if trimWhitespace {
                    text = text.drop { $0.unicodeScalars.allSatisfy { Self.whitespaceBytes.contains(UInt8(truncatingIfNeeded: $0.value)) && $0.value < 128 } }
                }
                trimWhitespace = false
                if text.isEmpty && token.raw.isEmpty { continue }
                nodes.append(.text(String(text)))
                if blank { blank = Node.text(String(text)).isBlank }
            case .output:
                handleWhitespace(token, &nodes)
                let place = SourcePlace(line: token.line, column: token.column, raw: String(token.raw))
                guard token.raw.hasSuffix("}}") else {
                    try recoverAsText(token, LiquidError(.syntax, "Variable '\(token.raw)' was not properly terminated with regexp: /\\}\\}/"), into: &nodes, blank: &blank)
                    continue
                }
                var inner = token.raw.dropFirst(2).dropLast(2)
                if inner.hasPrefix("-") { inner = inner.dropFirst() }
                if inner.hasSuffix("-") { inner = inner.dropLast() }
                do {
                    let expr = try parseFiltered(inner, line: token.line)
                    nodes.append(.output(expr, place))
                    blank = false
                } catch {
                    try recoverAsText(token, error, into: &nodes, blank: &blank)
                }
            case .tag:
                handleWhitespace(token, &nodes)
                guard let (name, markup) = Self.splitTag(token.raw) else {
                    try recoverAsText(token, LiquidError(.syntax, "Tag '\(token.raw)' was not properly terminated with regexp: /\\%\\}/"), into: &nodes, blank: &blank)
                    continue
                }
                if name == "liquid" {
                    do {
                        try parseLiquidTag(markup, token: token, into: &nodes, blank: &blank)
                    } catch {
                        try recoverAsText(token, error, into: &nodes, blank: &blank)
                    }
                    continue
                }
                guard isRegistered(name) else {
                    return EndTag(name: name, markup: markup, token: token)
                }
                let saved = (index, trimWhitespace, warnings.count)
                do {
                    let node = try parseTag(name, markup, token)
                    nodes.append(node)
                    if blank { blank = node.isBlank }
                } catch {
                    // Leave the opening tag as written and go on right after it.
                    index = saved.0
                    trimWhitespace = saved.1
                    warnings.removeSubrange(saved.2...)
                    try recoverAsText(token, error, into: &nodes, blank: &blank)
                }
            }
        }
        return nil
    }

    func parseFiltered(_ markup: Substring, line: Int) throws(LiquidError) -> FilteredExpression {
        try ExpressionParser.parseFilteredExpression(markup, mode: mode)
    }

    func parseCondition(_ markup: Substring) throws(LiquidError) -> ConditionExpr {
        try ExpressionParser.parseCondition(markup, mode: mode)
    }

    /// One stretch of a block's body: after the opening tag, or after an `else`/`elsif`/`when`.
    struct Segment {
        /// The tag that started it (nil for the first).
        var opener: EndTag?
        var nodes: [Node] = []
        var blank = true

        func body(removingBlankText: Bool = false) -> LiquidBody {
            var n = nodes
            if removingBlankText { n.removeAll { if case .text = $0 { return true } else { return false } } }
            return LiquidBody(nodes: n, isBlank: blank)
        }
    }

    /// Parses a block's body up to `end<blockName>`; tags for which `accepts(name, segmentsSoFar)`
    /// holds start a new segment (`else`, `elsif`, `when`).
    mutating func parseBlock(_ blockName: String, accepts: (String, Int) -> Bool) throws(LiquidError) -> [Segment] {
        depth += 1
        defer { depth -= 1 }
        guard depth < environment.limits.maxDepth else { throw LiquidError(.stackLevel, "Nesting too deep") }
        let start = BlockStart(index: index, depth: depth)
        guard !unclosedBlocks.contains(start) else { throw LiquidError(.syntax, "'\(blockName)' tag was never closed") }
        var segments = [Segment(opener: nil)]
        while true {
            var nodes = segments[segments.count - 1].nodes
            var blank = segments[segments.count - 1].blank
            let end = try parseBody(&nodes, &blank)
            segments[segments.count - 1].nodes = nodes
            segments[segments.count - 1].blank = blank
            guard let end else {
                unclosedBlocks.insert(start)
                throw LiquidError(.syntax, "'\(blockName)' tag was never closed")
            }
            if end.name == "end\(blockName)" { return segments }
            if accepts(end.name, segments.count) {
                segments.append(Segment(opener: end))
                continue
            }
            let error: LiquidError
            if end.name == "else" {
                error = LiquidError(.syntax, "\(blockName) tag does not expect 'else' tag")
            } else if end.name.hasPrefix("end") {
                error = LiquidError(.syntax, "'\(end.name)' is not a valid delimiter for \(blockName) tags. use end\(blockName)")
            } else {
                error = LiquidError(.unknownTag, "Unknown tag '\(end.name)'")
            }
            var last = segments.removeLast()
            try recoverAsText(end.token, error, into: &last.nodes, blank: &last.blank)
            segments.append(last)
        }
    }

    // MARK: Tags

    mutating func parseTag(_ name: String, _ markup: Substring, _ token: SourceToken) throws(LiquidError) -> Node {
        let place = SourcePlace(line: token.line, column: token.column, raw: String(token.raw))
        switch name {
        case "assign":
            // (VariableSignature+)\s*=\s*(.*)\s*
            guard let eq = markup.firstIndex(of: "=") else {
                throw LiquidError(.syntax, "Syntax Error in 'assign' - Valid syntax: assign [var] = [source]")
            }
            guard let (sig, valueStart) = Self.assignTarget(markup) else {
                throw LiquidError(.syntax, "Syntax Error in 'assign' - Valid syntax: assign [var] = [source]")
            }
            _ = eq
            let value = try parseFiltered(markup[valueStart...], line: token.line)
            return .assign(name: sig, value: value, place)
        case "capture":
            let sig = Self.variableSignaturePrefix(markup)
            guard !sig.isEmpty else {
                throw LiquidError(.syntax, "Syntax Error in 'capture' - Valid syntax: capture [var]")
            }
            let segments = try parseBlock("capture") { _, _ in false }
            return .capture(name: sig, body: segments[0].body(), place)
        case "if", "unless":
            let first = try parseCondition(markup)
            // Liquid accepts any number of else/elsif; the first else wins at render time.
            let segments = try parseBlock(name) { tag, _ in tag == "else" || tag == "elsif" }
            let allBlank = segments.allSatisfy(\.blank)
            var branches: [(ConditionExpr?, LiquidBody)] = []
            for segment in segments {
                let condition: ConditionExpr?
                switch segment.opener?.name {
                case nil: condition = first
                case "elsif"?: condition = try parseCondition(segment.opener!.markup)
                default: condition = nil
                }
                branches.append((condition, segment.body(removingBlankText: allBlank)))
            }
            return .conditional(branches: branches, negateFirst: name == "unless", place)
        case "case":
            guard let m = LaxPatterns.firstMatch(LaxPatterns.quotedFragmentGroup, String(markup)), let subjectText = m[1] else {
                throw LiquidError(.syntax, "Syntax Error in tag 'case' - Valid syntax: case [condition]")
            }
            let subject = Expr.parse(subjectText[...])
            let segments = try parseBlock("case") { tag, _ in tag == "when" || tag == "else" }
            let allBlank = segments.allSatisfy(\.blank)
            var branches: [CaseBranch] = []
            for segment in segments.dropFirst() {
                let body = segment.body(removingBlankText: allBlank)
                if segment.opener!.name == "else" {
                    guard segment.opener!.markup.rubyStripped.isEmpty else {
                        throw LiquidError(.syntax, "Syntax Error in tag 'case' - Valid else condition: {% else %} (no parameters) ")
                    }
                    branches.append(CaseBranch(match: nil, body: body))
                } else {
                    for value in try Self.whenValues(segment.opener!.markup) {
                        branches.append(CaseBranch(match: value, body: body))
                    }
                }
            }
            return .caseTag(subject: subject, branches: branches, place)
        case "for":
            var loop = try parseForMarkup(markup)
            let segments = try parseBlock("for") { tag, count in tag == "else" && count == 1 }
            let blank = segments.allSatisfy(\.blank)
            loop.body = segments[0].body(removingBlankText: blank)
            loop.elseBody = segments.count > 1 ? segments[1].body(removingBlankText: blank) : nil
            return .forLoop(loop, place)
        case "tablerow":
            let s = String(markup)
            guard let m = LaxPatterns.firstMatch(LaxPatterns.tablerowSyntax, s), let v = m[1], let c = m[2] else {
                throw LiquidError(.syntax, "Syntax Error in 'table_row loop' - Valid syntax: table_row [item] in [collection] cols=3")
            }
            let attrs = LaxPatterns.scan(LaxPatterns.tagAttributesRegex, s).compactMap { g -> (String, Expr)? in
                guard let k = g[1], let val = g[2] else { return nil }
                return (k, Expr.parse(val[...]))
            }
            let segments = try parseBlock("tablerow") { _, _ in false }
            return .tableRow(TableRow(variable: v, collection: Expr.parse(c[...]), attributes: attrs, body: segments[0].body()), place)
        case "cycle":
            let s = String(markup)
            if let m = LaxPatterns.firstMatch(LaxPatterns.namedCycle, s), let n = m[1], let rest = m[2] {
                return .cycle(group: .named(Expr.parse(n[...])), values: Self.cycleValues(rest), place)
            }
            if LaxPatterns.firstMatch(LaxPatterns.simpleCycle, s) != nil {
                return .cycle(group: .unnamed(Self.cycleKey(s, place)), values: Self.cycleValues(s), place)
            }
            throw LiquidError(.syntax, "Syntax Error in 'cycle' - Valid syntax: cycle [name :] var [, var2, var3 ...]")
        case "increment":
            return .increment(markup.rubyStripped, place)
        case "decrement":
            return .decrement(markup.rubyStripped, place)
        case "raw":
            guard markup.rubyStripped.isEmpty else {
                throw LiquidError(.syntax, "Syntax Error in 'raw' - Valid syntax: raw")
            }
            var body = ""
            let start = index
            while index < tokens.count, index < noEndRawFrom {
                let t = tokens[index]
                index += 1
                if let prefix = Self.rawEnd(t.raw, "endraw") {
                    body += prefix
                    return .raw(body)
                }
                body += t.raw
            }
            noEndRawFrom = min(noEndRawFrom, start)
            throw LiquidError(.syntax, "'raw' tag was never closed")
        case "comment":
            // Comments ignore unknown tags inside them.
            _ = try parseBlock("comment") { _, _ in true }
            return .nothing
        case "#":
            if LaxPatterns.firstMatch(LaxPatterns.inlineCommentInvalid, String(markup)) != nil {
                throw LiquidError(.syntax, "Syntax error in tag '#' - Each line of comments must be prefixed by the '#' character")
            }
            return .nothing
        case "break": return .breakLoop(place)
        case "continue": return .continueLoop(place)
        case "ifchanged":
            let segments = try parseBlock("ifchanged") { _, _ in false }
            return .ifChanged(segments[0].body(), place)
        case "echo":
            return .echo(try parseFiltered(markup, line: token.line), place)
        default:
            guard let def = environment.tags[name] else {
                throw LiquidError(.unknownTag, "Unknown tag '\(name)'")
            }
            var body: LiquidBody? = nil
            if def.isBlock {
                body = try parseBlock(name) { _, _ in false }[0].body()
            }
            return .custom(try def.makeTag(name: name, markup: String(markup), body: body, place: place), isBlank: false, place)
        }
    }

    /// `{% liquid %}`: one tag per line, no delimiters.
    mutating func parseLiquidTag(_ markup: Substring, token: SourceToken, into nodes: inout [Node], blank: inout Bool) throws(LiquidError) {
        var lines: [SourceToken] = []
        for (i, line) in markup.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.rubyStripped
            if trimmed.isEmpty { continue }
            lines.append(SourceToken(kind: .tag, raw: "{% \(trimmed) %}"[...], line: token.line + i, column: 1))
        }
        var sub = TemplateParser(tokens: lines, environment: environment, mode: mode, policy: .raise)
        var subNodes: [Node] = []
        var subBlank = true
        if let end = try sub.parseBody(&subNodes, &subBlank) {
            throw LiquidError(.syntax, "Unknown tag '\(end.name)'")
        }
        nodes.append(contentsOf: subNodes)
        if blank { blank = subBlank }
    }

    /// `FullTokenPossiblyInvalid`: `\A(.*){%\s*(\w+)\s*(.*)?%}\z` with the name `endraw`.
    static func rawEnd(_ raw: Substring, _ delimiter: String) -> String? {
        guard raw.hasSuffix("%}") else { return nil }
        // Find the last "{%" such that what follows is \s*name\s*.*%}
        var search = raw.endIndex
        while let r = raw[..<search].range(of: "{%", options: .backwards) {
            var rest = raw[r.upperBound...].dropLast(2)
            rest = rest.drop { rubySpace.contains($0.unicodeScalars.first!) }
            let name = rest.prefix { Expr.isWordOrDash($0) && $0 != "-" }
            if !name.isEmpty {
                return name == delimiter ? String(raw[..<r.lowerBound]) : nil
            }
            search = r.lowerBound
        }
        return nil
    }

    /// `VariableSignature+`: `\(?[\w\-\.\[\]]\)?` repeated, from the first match in `s`.
    static func variableSignaturePrefix(_ s: Substring) -> String {
        // Find the first run of signature characters.
        func isSig(_ c: Character) -> Bool { Expr.isWordOrDash(c) || c == "." || c == "[" || c == "]" || c == "(" || c == ")" }
        guard let start = s.firstIndex(where: { isSig($0) }) else { return "" }
        let run = s[start...].prefix { isSig($0) }
        return String(run)
    }

    /// `(VariableSignature+)\s*=`: the leftmost run of signature characters followed by `=`.
    static func assignTarget(_ markup: Substring) -> (String, Substring.Index)? {
        func isSig(_ c: Character) -> Bool { Expr.isWordOrDash(c) || c == "." || c == "[" || c == "]" || c == "(" || c == ")" }
        var i = markup.startIndex
        while i < markup.endIndex {
            guard isSig(markup[i]) else { i = markup.index(after: i); continue }
            var j = i
            while j < markup.endIndex, isSig(markup[j]) { j = markup.index(after: j) }
            var k = j
            while k < markup.endIndex, rubySpace.contains(markup.unicodeScalars[k]) { k = markup.index(after: k) }
            if k < markup.endIndex, markup[k] == "=" {
                return (String(markup[i..<j]), markup.index(after: k))
            }
            i = j
        }
        return nil
    }

    static func whenValues(_ markup: Substring) throws(LiquidError) -> [Expr] {
        // WhenSyntax = (QuotedFragment)(?:(?:\s+or\s+|\s*,\s*)(QuotedFragment.*))?
        let re = LaxPatterns.whenSyntax
        var values: [Expr] = []
        var rest: String? = String(markup)
        while let r = rest {
            guard let m = LaxPatterns.firstMatch(re, r), let v = m[1] else {
                throw LiquidError(.syntax, "Syntax Error in tag 'case' - Valid when condition: {% when [condition] [or condition2...] %}")
            }
            values.append(Expr.parseConditionOperand(v[...]))
            rest = m[2]
        }
        return values
    }

    static func cycleValues(_ markup: String) -> [Expr] {
        let re = LaxPatterns.cycleValue
        return markup.split(separator: ",", omittingEmptySubsequences: false).compactMap { part -> Expr? in
            guard let m = LaxPatterns.firstMatch(re, String(part)), let v = m[1] else { return nil }
            return Expr.parse(v[...])
        }
    }

    /// The group of an unnamed cycle: Ruby keys it by `@variables.to_s`, equal for equal literals.
    static func cycleKey(_ markup: String, _ place: SourcePlace) -> String {
        let values = cycleValues(markup)
        var parts: [String] = []
        for v in values {
            switch v {
            case .literal(let l): parts.append(l.inspect)
            case .lookup, .range: parts.append("#<lookup \(place.line):\(place.column) \(markup)>")
            }
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    func parseForMarkup(_ markup: Substring) throws(LiquidError) -> ForLoop {
        func strict() throws(LiquidError) -> ForLoop {
            var p = try StrictParser(markup)
            let variable = try p.consume(.id)
            guard p.id("in") else { throw LiquidError(.syntax, "For loops require an 'in' clause") }
            let collectionMarkup = try p.expression()
            var loop = ForLoop(
                variable: variable, collection: Expr.parse(collectionMarkup[...]), name: "\(variable)-\(collectionMarkup)",
                reversed: p.id("reversed"), limit: nil, offset: nil, body: LiquidBody(nodes: [], isBlank: true), elseBody: nil)
            while p.look(.id) && p.look(.colon, 1) {
                let attribute = try p.consume(.id)
                guard attribute == "limit" || attribute == "offset" else {
                    throw LiquidError(.syntax, "Invalid attribute in for loop. Valid attributes are limit and offset")
                }
                _ = try p.consume()
                let value = try p.expression()
                setAttribute(&loop, attribute, value)
            }
            _ = try p.consume(.end)
            return loop
        }
        func lax() throws(LiquidError) -> ForLoop {
            let s = String(markup)
            let re = LaxPatterns.forSyntax
            guard let m = LaxPatterns.firstMatch(re, s), let v = m[1], let c = m[2] else {
                throw LiquidError(.syntax, "Syntax Error in 'for loop' - Valid syntax: for [item] in [collection]")
            }
            var loop = ForLoop(
                variable: v, collection: Expr.parse(c[...]), name: "\(v)-\(c)", reversed: m[3] != nil,
                limit: nil, offset: nil, body: LiquidBody(nodes: [], isBlank: true), elseBody: nil)
            for g in LaxPatterns.scan(LaxPatterns.tagAttributesRegex, s) {
                if let k = g[1], let val = g[2] { setAttribute(&loop, k, val) }
            }
            return loop
        }
        switch mode {
        case .strict: return try strict()
        case .lax: return try lax()
        case .warn:
            do { return try strict() } catch { return try lax() }
        }
    }

    func setAttribute(_ loop: inout ForLoop, _ key: String, _ value: String) {
        switch key {
        case "offset": loop.offset = value == "continue" ? .continueLast : .value(Expr.parse(value[...]))
        case "limit": loop.limit = Expr.parse(value[...])
        default: break
        }
    }
}
