import BlogModel

/// The kramdown options that change what the parser and the HTML writer produce.
///
/// `init(config:)` reads a Jekyll site's merged `kramdown:` map and applies what Jekyll's
/// `KramdownParser#setup` adds (Rouge as highlighter, `default_lang: plaintext`, `guess_lang` copied
/// into the highlighter options). `init(kramdown:)` reads a map with kramdown's own defaults and no
/// Jekyll setup, as `Kramdown::Document.new(text, options)` sees it.
public struct KramdownOptions: Sendable, Hashable {
    /// How entities are written (`entity_output`).
    public enum EntityOutput: String, Sendable, Hashable {
        /// As characters where possible (the default).
        case asChar = "as_char"
        /// As they were written in the input.
        case asInput = "as_input"
        /// As `&#NNN;`.
        case numeric
        /// As `&name;` where a name exists.
        case symbolic
    }

    /// Options for one kind of highlighted code (block or span), from `syntax_highlighter_opts`.
    public struct HighlighterOptions: Sendable, Hashable {
        /// The language used when none is given.
        public var defaultLang: String?
        /// Whether unknown code is highlighted as plain text.
        public var guessLang: Bool
        /// Whether highlighting is disabled.
        public var disable: Bool
        /// The CSS class of the `pre` (Rouge's `css_class`, default `highlight`).
        public var cssClass: String
        /// Whether the formatter wraps output in `<div class="highlight"><pre>` (block only).
        public var wrap: Bool
        /// Whether line numbers are requested (written as a Rouge table).
        public var lineNumbers: Bool
        /// The first line number (`start_line`).
        public var startLine: Int = 1

        /// Makes highlighter options.
        public init(defaultLang: String? = nil, guessLang: Bool = false, disable: Bool = false,
                    cssClass: String = "highlight", wrap: Bool = true, lineNumbers: Bool = false) {
            self.defaultLang = defaultLang
            self.guessLang = guessLang
            self.disable = disable
            self.cssClass = cssClass
            self.wrap = wrap
            self.lineNumbers = lineNumbers
        }
    }

    /// The parser: `GFM` (Jekyll's default) or `kramdown`.
    public var input: String = "kramdown"
    /// `auto_ids`: give headers an id.
    public var autoIds: Bool = true
    /// `auto_id_prefix`.
    public var autoIdPrefix: String = ""
    /// `auto_id_stripping`.
    public var autoIdStripping: Bool = false
    /// `transliterated_header_ids` (no transliteration data is installed with kramdown here, so ids keep their letters).
    public var transliteratedHeaderIds: Bool = false
    /// `parse_block_html`.
    public var parseBlockHTML: Bool = false
    /// `parse_span_html`.
    public var parseSpanHTML: Bool = true
    /// `html_to_native` (not supported: HTML stays HTML).
    public var htmlToNative: Bool = false
    /// `link_defs`: predefined link definitions (normalised id → url, title).
    public var linkDefinitions: [String: [String]] = [:]
    /// `footnote_nr`: the number of the first footnote.
    public var footnoteNumber: Int = 1
    /// `entity_output`.
    public var entityOutput: EntityOutput = .asChar
    /// `toc_levels`.
    public var tocLevels: [Int] = [1, 2, 3, 4, 5, 6]
    /// `smart_quotes`: entity names (or code points) for ‘ ’ “ ”.
    public var smartQuotes: [String] = ["lsquo", "rsquo", "ldquo", "rdquo"]
    /// `typographic_symbols`: replacement text per symbol name (`hellip`, `mdash`, …).
    public var typographicSymbols: [String: String] = [:]
    /// `header_offset`.
    public var headerOffset: Int = 0

    /// kramdown's `output_header_level`: a header's level moved by `headerOffset`, kept within
    /// 1...6 (without overflowing for an offset near `Int.max`).
    public func outputHeaderLevel(_ level: Int) -> Int {
        let (moved, overflow) = level.addingReportingOverflow(headerOffset)
        return overflow ? (headerOffset > 0 ? 6 : 1) : min(max(moved, 1), 6)
    }
    /// `syntax_highlighter` (`rouge`, or nil for none).
    public var syntaxHighlighter: String? = "rouge"
    /// Highlighter options for code blocks.
    public var blockHighlighting = HighlighterOptions()
    /// Highlighter options for code spans.
    public var spanHighlighting = HighlighterOptions(wrap: false)
    /// `math_engine` (`mathjax`, or nil for none).
    public var mathEngine: String? = "mathjax"
    /// `footnote_backlink`.
    public var footnoteBacklink: String = "&#8617;"
    /// `footnote_backlink_inline`.
    public var footnoteBacklinkInline: Bool = false
    /// `footnote_prefix`.
    public var footnotePrefix: String = ""
    /// `remove_line_breaks_for_cjk`.
    public var removeLineBreaksForCJK: Bool = false
    /// `hard_wrap` (GFM parser): newlines in paragraphs become `<br />`.
    public var hardWrap: Bool = true
    /// `gfm_quirks` (GFM parser).
    public var gfmQuirks: Set<String> = ["paragraph_end"]
    /// Options this type read but cannot honour, for diagnostics.
    public var unsupported: [String] = []

    /// kramdown's own defaults (input `kramdown`, no Jekyll setup).
    public init() {}

    /// Options from a site's merged `kramdown:` map, plus what Jekyll's `KramdownParser#setup` adds.
    public init(config: MetadataMap) {
        self.init(kramdown: config)
        // Jekyll: syntax_highlighter ||= highlighter (rouge unless enable_coderay);
        // syntax_highlighter_opts.default_lang ||= "plaintext"; .guess_lang = config["guess_lang"].
        if config["syntax_highlighter"] == nil {
            if case .bool(true)? = config["enable_coderay"] { syntaxHighlighter = "coderay" } else { syntaxHighlighter = "rouge" }
        }
        let hl = config["syntax_highlighter_opts"]?.mapValue ?? MetadataMap()
        let guess = KramdownOptions.bool(config["guess_lang"]) ?? false
        for (isBlock, kindKey) in [(true, "block"), (false, "span")] {
            var o = isBlock ? blockHighlighting : spanHighlighting
            if hl["default_lang"] == nil && (hl[kindKey]?.mapValue?["default_lang"] == nil) { o.defaultLang = "plaintext" }
            o.guessLang = guess
            if let sub = hl[kindKey]?.mapValue, let g = KramdownOptions.bool(sub["guess_lang"]) { o.guessLang = g }
            if isBlock { blockHighlighting = o } else { spanHighlighting = o }
        }
    }

    /// Options from a map of kramdown option names (`auto_ids`, `entity_output`, …) over kramdown's defaults.
    public init(kramdown map: MetadataMap) {
        for entry in map { apply(key: entry.key, value: entry.value) }
    }

    /// Jekyll 4.3's defaults: `Jekyll::Configuration::DEFAULTS["kramdown"]` with its setup applied.
    public static let jekyllDefaults = KramdownOptions(config: MetadataMap([
        ("auto_ids", .bool(true)),
        ("toc_levels", .list((1...6).map { .int($0) })),
        ("entity_output", .string("as_char")),
        ("smart_quotes", .string("lsquo,rsquo,ldquo,rdquo")),
        ("input", .string("GFM")),
        ("hard_wrap", .bool(false)),
        ("guess_lang", .bool(true)),
        ("footnote_nr", .int(1)),
        ("show_warnings", .bool(false)),
    ]))

    /// Whether the GFM parser is used.
    var isGFM: Bool { input.lowercased() == "gfm" }

    /// Applies one kramdown option (also used by `{::options}`); returns false for an unknown name.
    @discardableResult
    mutating func apply(key rawKey: String, value: MetadataValue) -> Bool {
        let key = KramdownOptions.symbol(rawKey) ?? rawKey
        switch key {
        case "input": input = KramdownOptions.string(value) ?? "kramdown"
        case "auto_ids": autoIds = KramdownOptions.bool(value) ?? autoIds
        case "auto_id_prefix": autoIdPrefix = KramdownOptions.string(value) ?? ""
        case "auto_id_stripping": autoIdStripping = KramdownOptions.bool(value) ?? autoIdStripping
        case "transliterated_header_ids": transliteratedHeaderIds = KramdownOptions.bool(value) ?? false
        case "parse_block_html": parseBlockHTML = KramdownOptions.bool(value) ?? parseBlockHTML
        case "parse_span_html": parseSpanHTML = KramdownOptions.bool(value) ?? parseSpanHTML
        case "html_to_native":
            htmlToNative = KramdownOptions.bool(value) ?? false
            if htmlToNative { unsupported.append("html_to_native") }
        case "link_defs":
            if let m = value.mapValue {
                for e in m {
                    if let l = e.value.listValue {
                        let strs = l.map { KramdownOptions.string($0) ?? "" }
                        linkDefinitions[normalizeLinkID(e.key)] = strs
                    }
                }
            }
        case "footnote_nr": footnoteNumber = KramdownOptions.int(value) ?? 1
        case "entity_output":
            if let s = KramdownOptions.string(value).flatMap(KramdownOptions.symbol), let e = EntityOutput(rawValue: s) { entityOutput = e }
        case "toc_levels": tocLevels = KramdownOptions.tocLevels(value) ?? tocLevels
        case "smart_quotes":
            var parts: [String] = []
            if let l = value.listValue { parts = l.map { KramdownOptions.string($0) ?? "" } }
            else if let s = KramdownOptions.string(value) { parts = s.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            if parts.count == 4 { smartQuotes = parts }
        case "typographic_symbols":
            if let m = value.mapValue {
                for e in m { typographicSymbols[KramdownOptions.symbol(e.key) ?? e.key] = KramdownOptions.string(e.value) ?? "" }
            }
        case "header_offset": headerOffset = KramdownOptions.int(value) ?? 0
        case "syntax_highlighter": syntaxHighlighter = KramdownOptions.string(value).flatMap(KramdownOptions.symbol)
        case "syntax_highlighter_opts":
            guard let m = value.mapValue else { break }
            var common = HighlighterOptions()
            KramdownOptions.applyHighlighter(m, to: &common)
            var block = common, span = common
            if let b = m["block"]?.mapValue { KramdownOptions.applyHighlighter(b, to: &block) }
            if let s = m["span"]?.mapValue { KramdownOptions.applyHighlighter(s, to: &span) }
            span.wrap = false
            blockHighlighting = block
            spanHighlighting = span
        case "math_engine": mathEngine = KramdownOptions.string(value).flatMap(KramdownOptions.symbol)
        case "footnote_backlink": footnoteBacklink = KramdownOptions.string(value) ?? ""
        case "footnote_backlink_inline": footnoteBacklinkInline = KramdownOptions.bool(value) ?? false
        case "footnote_prefix": footnotePrefix = KramdownOptions.string(value) ?? ""
        case "remove_line_breaks_for_cjk": removeLineBreaksForCJK = KramdownOptions.bool(value) ?? false
        case "hard_wrap": hardWrap = KramdownOptions.bool(value) ?? hardWrap
        case "gfm_quirks":
            var parts: [String] = []
            if let l = value.listValue { parts = l.compactMap { KramdownOptions.string($0) } }
            else if let s = KramdownOptions.string(value) { parts = s.split(separator: ",").map(String.init) }
            gfmQuirks = Set(parts.compactMap { KramdownOptions.symbol($0) })
        case "template", "line_width", "latex_headers", "remove_block_html_tags", "remove_span_html_tags",
            "math_engine_opts", "forbidden_inline_options", "list_indent", "coderay_wrap", "coderay_line_numbers",
            "coderay_line_number_start", "coderay_tab_width", "coderay_bold_every", "coderay_css",
            "coderay_default_lang", "enable_coderay", "show_warnings", "guess_lang", "coderay", "syntax_highlighter_css":
            break
        default:
            return false
        }
        return true
    }

    static func applyHighlighter(_ m: MetadataMap, to o: inout HighlighterOptions) {
        for e in m {
            switch KramdownOptions.symbol(e.key) ?? e.key {
            case "default_lang": o.defaultLang = string(e.value)
            case "guess_lang": o.guessLang = bool(e.value) ?? false
            case "disable": o.disable = bool(e.value) ?? false
            case "css_class": o.cssClass = string(e.value) ?? "highlight"
            case "wrap": o.wrap = bool(e.value) ?? true
            case "line_numbers": o.lineNumbers = bool(e.value) ?? false
            case "start_line": if case .int(let n) = e.value { o.startLine = n }
            default: break
            }
        }
    }

    static func string(_ v: MetadataValue?) -> String? {
        guard let v else { return nil }
        switch v {
        case .null: return nil
        case .string(let s), .timestamp(let s): return s
        case .bool, .int, .float, .list, .map: return v.rubyString
        }
    }

    /// kramdown's `str_to_sym`: strips, drops a leading `:`, `nil`/empty → nil.
    static func symbol(_ s: String) -> String? {
        var t = rubyStrip(s)
        if t.hasPrefix(":") { t.removeFirst() }
        return t.isEmpty || t == "nil" ? nil : t
    }

    static func bool(_ v: MetadataValue?) -> Bool? {
        guard let v else { return nil }
        switch v {
        case .bool(let b): return b
        case .null: return false
        case .string(let s): let t = rubyStrip(s.lowercased()); return t != "false" && !s.isEmpty
        case .int, .float, .timestamp, .list, .map: return true
        }
    }

    static func int(_ v: MetadataValue?) -> Int? {
        guard let v else { return nil }
        switch v {
        case .int(let i): return i
        case .float(let d):
            // Ruby's Float#to_i; beyond 64 bits (a Bignum there) held at the ends.
            if d.isNaN { return 0 }
            if d >= 9_223_372_036_854_775_807.0 { return Int.max }
            if d <= -9_223_372_036_854_775_808.0 { return Int.min }
            return Int(d)
        case .string(let s): return Int(rubyStrip(s))
        case .null, .bool, .timestamp, .list, .map: return nil
        }
    }

    static func tocLevels(_ v: MetadataValue) -> [Int]? {
        var levels: [Int] = []
        if let l = v.listValue { levels = l.compactMap { int($0) } }
        else if let s = string(v) {
            let b = s.bytes
            if b.count == 4, Chars.isDigit(b[0]), b[1] == 46, b[2] == 46, Chars.isDigit(b[3]) {
                let a = Int(b[0] - 48), z = Int(b[3] - 48)
                levels = a <= z ? Array(a...z) : []
            } else {
                levels = s.split(separator: ",").compactMap { Int($0) }
            }
        }
        var seen = Set<Int>()
        levels = levels.filter { seen.insert($0).inserted }
        return levels.allSatisfy({ (1...6).contains($0) }) ? levels : nil
    }
}

/// kramdown's `normalize_link_id`: white space runs become one space, then lowercase.
func normalizeLinkID(_ id: String) -> String {
    var out: [UInt8] = []
    var inSpace = false
    for c in id.utf8 {
        if Chars.isSpace(c) {
            if !inSpace { out.append(32) }
            inSpace = true
        } else {
            out.append(c)
            inSpace = false
        }
    }
    return out.string.lowercased()
}
