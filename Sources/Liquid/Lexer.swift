import Foundation

/// One piece of template source: literal text, `{{ output }}` or `{% tag %}`.
struct SourceToken: Sendable {
    enum Kind: Sendable { case text, output, tag }
    var kind: Kind
    /// The token exactly as written.
    var raw: Substring
    /// 1-based line and column where it starts.
    var line: Int
    var column: Int
}

/// Splits a template as Liquid's tokenizer does (`TemplateParser`): `{% ... %}` runs to the first
/// `%}`, `{{ ... }}` to the first `}` or `}}`; an opener with no closer is a token on its own.
enum TemplateLexer {
    static func tokenize(_ source: String) -> [SourceToken] {
        source.utf8.withContiguousStorageIfAvailable { tokenize(source, bytes: $0) } ?? tokenizeByIndexes(source)
    }

    /// `tokenizeByIndexes` on the source's bytes: openers found with `memchr`, lines and columns
    /// counted on the bytes, string indexes made only where a token starts or ends.
    private static func tokenize(_ source: String, bytes u: UnsafeBufferPointer<UInt8>) -> [SourceToken] {
        var tokens: [SourceToken] = []
        let n = u.count
        guard let base = u.baseAddress else { return tokens }
        let utf8 = source.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        var i = 0, textStart = 0
        var line = 1, column = 1
        var textLine = 1, textColumn = 1
        func advance(_ from: Int, to end: Int) {
            var j = from
            while j < end {
                let b = u[j]
                if b == UInt8(ascii: "\n") {
                    line += 1; column = 1
                } else if b & 0xC0 != 0x80 {
                    column += 1
                }
                j += 1
            }
        }
        while i < n {
            guard let found = memchr(base + i, Int32(UInt8(ascii: "{")), n - i) else { break }
            i = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
            let next = i + 1
            guard next < n else { break }
            let c = u[next]
            guard c == UInt8(ascii: "%") || c == UInt8(ascii: "{") else { i = next; continue }
            // Text before the opener.
            advance(textStart, to: i)
            if textStart < i {
                tokens.append(SourceToken(kind: .text, raw: source[index(textStart)..<index(i)], line: textLine, column: textColumn))
            }
            let tokLine = line, tokColumn = column
            let bodyStart = next + 1
            var end: Int? = nil
            var j = bodyStart
            if c == UInt8(ascii: "%") {
                while j < n {
                    if u[j] == UInt8(ascii: "%"), j + 1 < n, u[j + 1] == UInt8(ascii: "}") { end = j + 2; break }
                    j += 1
                }
            } else {
                while j < n {
                    if u[j] == UInt8(ascii: "}") {
                        end = (j + 1 < n && u[j + 1] == UInt8(ascii: "}")) ? j + 2 : j + 1
                        break
                    }
                    j += 1
                }
            }
            let tokenEnd = end ?? bodyStart
            let kind: SourceToken.Kind = c == UInt8(ascii: "%") ? .tag : .output
            tokens.append(SourceToken(kind: kind, raw: source[index(i)..<index(tokenEnd)], line: tokLine, column: tokColumn))
            advance(i, to: tokenEnd)
            i = tokenEnd
            textStart = i
            textLine = line; textColumn = column
        }
        if textStart < n {
            tokens.append(SourceToken(kind: .text, raw: source[index(textStart)...], line: textLine, column: textColumn))
        }
        return tokens
    }

    /// The tokens found by walking the string's UTF-8 view (any string; `tokenize` reads the
    /// bytes when they are contiguous, and tests compare the two).
    static func tokenizeByIndexes(_ source: String) -> [SourceToken] {
        var tokens: [SourceToken] = []
        let utf8 = source.utf8
        var i = utf8.startIndex
        var textStart = i
        var line = 1, column = 1
        var textLine = 1, textColumn = 1

        func advance(_ from: String.Index, to end: String.Index) {
            var j = from
            while j < end {
                let b = utf8[j]
                if b == UInt8(ascii: "\n") {
                    line += 1; column = 1
                } else if b & 0xC0 != 0x80 {
                    column += 1
                }
                j = utf8.index(after: j)
            }
        }
        func flushText(upTo end: String.Index) {
            if textStart < end {
                tokens.append(SourceToken(kind: .text, raw: source[textStart..<end], line: textLine, column: textColumn))
            }
        }

        while i < utf8.endIndex {
            guard utf8[i] == UInt8(ascii: "{") else { i = utf8.index(after: i); continue }
            let next = utf8.index(after: i)
            guard next < utf8.endIndex else { break }
            let c = utf8[next]
            guard c == UInt8(ascii: "%") || c == UInt8(ascii: "{") else { i = next; continue }
            // Text before the opener.
            advance(textStart, to: i)
            flushText(upTo: i)
            let tokLine = line, tokColumn = column
            let bodyStart = utf8.index(after: next)
            var end: String.Index? = nil
            var j = bodyStart
            if c == UInt8(ascii: "%") {
                while j < utf8.endIndex {
                    if utf8[j] == UInt8(ascii: "%") {
                        let k = utf8.index(after: j)
                        if k < utf8.endIndex && utf8[k] == UInt8(ascii: "}") { end = utf8.index(after: k); break }
                    }
                    j = utf8.index(after: j)
                }
            } else {
                while j < utf8.endIndex {
                    if utf8[j] == UInt8(ascii: "}") {
                        let k = utf8.index(after: j)
                        end = (k < utf8.endIndex && utf8[k] == UInt8(ascii: "}")) ? utf8.index(after: k) : k
                        break
                    }
                    j = utf8.index(after: j)
                }
            }
            let tokenEnd = end ?? bodyStart
            let kind: SourceToken.Kind = c == UInt8(ascii: "%") ? .tag : .output
            tokens.append(SourceToken(kind: kind, raw: source[i..<tokenEnd], line: tokLine, column: tokColumn))
            advance(i, to: tokenEnd)
            i = tokenEnd
            textStart = i
            textLine = line; textColumn = column
        }
        if textStart < utf8.endIndex {
            tokens.append(SourceToken(kind: .text, raw: source[textStart...], line: textLine, column: textColumn))
        }
        return tokens
    }
}

/// Liquid's strict-mode expression lexer (`Liquid::Lexer`).
struct ExpressionLexer {
    enum Kind: Equatable, Sendable {
        case comparison, string, number, id, dotdot, pipe, dot, colon, comma
        case openSquare, closeSquare, openRound, closeRound, question, dash, end
    }
    struct Token: Sendable {
        var kind: Kind
        var text: Substring
    }

    static func tokenize(_ input: Substring) throws(LiquidError) -> [Token] {
        var out: [Token] = []
        let s = input.unicodeScalars
        var i = s.startIndex
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" }
        func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
        func isWord(_ c: Unicode.Scalar) -> Bool {
            (c.value >= 48 && c.value <= 57) || (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122) || c == "_"
        }
        func isIdStart(_ c: Unicode.Scalar) -> Bool {
            (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122) || c == "_"
        }
        func at(_ k: String.UnicodeScalarView.Index) -> Unicode.Scalar? { k < s.endIndex ? s[k] : nil }
        func text(_ a: String.UnicodeScalarView.Index, _ b: String.UnicodeScalarView.Index) -> Substring {
            Substring(input.unicodeScalars[a..<b])
        }

        while true {
            while let c = at(i), isSpace(c) { i = s.index(after: i) }
            guard let c = at(i) else { break }
            let start = i
            // comparison: ==|!=|<>|<=?|>=?|contains(?=\s)
            if c == "=" || c == "!" {
                let n = s.index(after: i)
                if at(n) == "=" {
                    i = s.index(after: n)
                    out.append(Token(kind: .comparison, text: text(start, i)))
                    continue
                }
            }
            if c == "<" {
                i = s.index(after: i)
                if at(i) == ">" || at(i) == "=" { i = s.index(after: i) }
                out.append(Token(kind: .comparison, text: text(start, i)))
                continue
            }
            if c == ">" {
                i = s.index(after: i)
                if at(i) == "=" { i = s.index(after: i) }
                out.append(Token(kind: .comparison, text: text(start, i)))
                continue
            }
            if c == "c" {
                let rest = input.unicodeScalars[i...]
                if rest.starts(with: "contains".unicodeScalars) {
                    let after = s.index(i, offsetBy: 8)
                    if let n = at(after), isSpace(n) {
                        i = after
                        out.append(Token(kind: .comparison, text: text(start, i)))
                        continue
                    }
                }
            }
            if c == "'" || c == "\"" {
                var j = s.index(after: i)
                while let d = at(j), d != c { j = s.index(after: j) }
                if at(j) == c {
                    i = s.index(after: j)
                    out.append(Token(kind: .string, text: text(start, i)))
                    continue
                }
                // Unterminated: fall through to the special-character check, which fails.
            }
            // number: -?\d+(\.\d+)?
            do {
                var j = i
                if at(j) == "-" { j = s.index(after: j) }
                if let d = at(j), isDigit(d) {
                    while let d = at(j), isDigit(d) { j = s.index(after: j) }
                    if at(j) == ".", let d = at(s.index(after: j)), isDigit(d) {
                        j = s.index(after: j)
                        while let d = at(j), isDigit(d) { j = s.index(after: j) }
                    }
                    i = j
                    out.append(Token(kind: .number, text: text(start, i)))
                    continue
                }
            }
            if isIdStart(c) {
                var j = s.index(after: i)
                while let d = at(j), isWord(d) || d == "-" { j = s.index(after: j) }
                if at(j) == "?" { j = s.index(after: j) }
                i = j
                out.append(Token(kind: .id, text: text(start, i)))
                continue
            }
            if c == ".", at(s.index(after: i)) == "." {
                i = s.index(i, offsetBy: 2)
                out.append(Token(kind: .dotdot, text: text(start, i)))
                continue
            }
            let kind: Kind
            switch c {
            case "|": kind = .pipe
            case ".": kind = .dot
            case ":": kind = .colon
            case ",": kind = .comma
            case "[": kind = .openSquare
            case "]": kind = .closeSquare
            case "(": kind = .openRound
            case ")": kind = .closeRound
            case "?": kind = .question
            case "-": kind = .dash
            default: throw LiquidError(.syntax, "Unexpected character \(c)")
            }
            i = s.index(after: i)
            out.append(Token(kind: kind, text: text(start, i)))
        }
        out.append(Token(kind: .end, text: ""))
        return out
    }
}

/// Liquid's strict-mode `Parser`: validates markup and hands back the pieces as markup strings.
struct StrictParser {
    var tokens: [ExpressionLexer.Token]
    var p = 0

    init(_ markup: Substring) throws(LiquidError) {
        tokens = try ExpressionLexer.tokenize(markup)
    }

    func look(_ kind: ExpressionLexer.Kind, _ ahead: Int = 0) -> Bool {
        p + ahead < tokens.count && tokens[p + ahead].kind == kind
    }

    mutating func consume(_ kind: ExpressionLexer.Kind? = nil) throws(LiquidError) -> String {
        let t = tokens[p]
        if let kind, t.kind != kind {
            throw LiquidError(.syntax, "Expected \(Self.name(kind)) but found \(Self.name(t.kind))")
        }
        p += 1
        return String(t.text)
    }

    mutating func consumeIf(_ kind: ExpressionLexer.Kind) -> String? {
        guard look(kind) else { return nil }
        p += 1
        return String(tokens[p - 1].text)
    }

    mutating func id(_ word: String) -> Bool {
        guard look(.id), tokens[p].text == word else { return false }
        p += 1
        return true
    }

    mutating func expression() throws(LiquidError) -> String {
        let t = tokens[p]
        switch t.kind {
        case .id:
            var s = try consume()
            s += try variableLookups()
            return s
        case .openSquare:
            var s = try consume()
            s += try expression()
            s += try consume(.closeSquare)
            s += try variableLookups()
            return s
        case .string, .number:
            return try consume()
        case .openRound:
            _ = try consume()
            let first = try expression()
            _ = try consume(.dotdot)
            let last = try expression()
            _ = try consume(.closeRound)
            return "(\(first)..\(last))"
        case .comparison, .dotdot, .pipe, .dot, .colon, .comma, .closeSquare, .closeRound, .question, .dash, .end:
            throw LiquidError(.syntax, "[:\(Self.name(t.kind)), \(Self.rubyTokenText(t))] is not a valid expression")
        }
    }

    mutating func argument() throws(LiquidError) -> String {
        var s = ""
        if look(.id) && look(.colon, 1) {
            s += try consume() + (try consume()) + " "
        }
        return s + (try expression())
    }

    mutating func variableLookups() throws(LiquidError) -> String {
        var s = ""
        while true {
            if look(.openSquare) {
                s += try consume()
                s += try expression()
                s += try consume(.closeSquare)
            } else if look(.dot) {
                s += try consume()
                s += try consume(.id)
            } else {
                return s
            }
        }
    }

    static func name(_ k: ExpressionLexer.Kind) -> String {
        switch k {
        case .comparison: return "comparison"
        case .string: return "string"
        case .number: return "number"
        case .id: return "id"
        case .dotdot: return "dotdot"
        case .pipe: return "pipe"
        case .dot: return "dot"
        case .colon: return "colon"
        case .comma: return "comma"
        case .openSquare: return "open_square"
        case .closeSquare: return "close_square"
        case .openRound: return "open_round"
        case .closeRound: return "close_round"
        case .question: return "question"
        case .dash: return "dash"
        case .end: return "end_of_string"
        }
    }

    static func rubyTokenText(_ t: ExpressionLexer.Token) -> String {
        t.kind == .end ? "nil" : LiquidValue.rubyInspect(String(t.text))
    }
}
