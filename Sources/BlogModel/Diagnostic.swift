/// A place in a file: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file, relative to the site folder where possible.
    public var file: String
    /// 1-based line, or nil when the whole file is meant.
    public var line: Int?
    /// 1-based column, or nil when the whole line is meant.
    public var column: Int?

    /// Makes a location.
    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, leaving out what is unknown.
    public var description: String {
        var s = file
        if let line {
            s += ":\(line)"
            if let column { s += ":\(column)" }
        }
        return s
    }
}

/// How bad a diagnostic is.
public enum Severity: String, Sendable, Hashable, Codable {
    /// The item (post, file) could not be converted.
    case error
    /// The item converted, but something was lost, skipped or guessed.
    case warning
}

/// A problem found while reading or writing, returned to the caller rather than printed.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Error or warning.
    public var severity: Severity
    /// A stable identifier of the kind of problem (`yaml-syntax`, `invalid-date`, …).
    public var code: String
    /// What is wrong, in one sentence.
    public var message: String
    /// What to do about it, if there is something to say.
    public var hint: String?
    /// Where it is.
    public var location: SourceLocation?
    /// The source line the location points into, shown with a caret. A long line keeps only
    /// the part around the column, marked with `…` where it was cut (see `sourceLineStartColumn`).
    public var sourceLine: String?
    /// The column (in the file) of `sourceLine`'s first scalar: 1 unless the line was cut.
    public var sourceLineStartColumn: Int = 1

    /// Lines up to this many UTF-8 bytes are kept whole.
    public static let sourceLineLimit = 240
    /// How many scalars a cut line keeps on each side of the column.
    public static let sourceLineContext = 80

    /// Makes a diagnostic.
    public init(
        _ severity: Severity, code: String, message: String, hint: String? = nil,
        location: SourceLocation? = nil, sourceLine: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.hint = hint
        self.location = location
        if let sourceLine {
            (self.sourceLine, sourceLineStartColumn) = Diagnostic.excerpt(of: sourceLine, around: location?.column)
        }
    }

    /// `line` whole when it is short (at most `sourceLineLimit` bytes); else the scalars within
    /// `sourceLineContext` of `column`, with `…` where the line goes on, and the column (in the
    /// file) the excerpt starts at. A megabyte line in a diagnostic would otherwise be copied
    /// into every message about it.
    public static func excerpt(of line: String, around column: Int?) -> (text: String, startColumn: Int) {
        guard line.utf8.count > sourceLineLimit else { return (line, 1) }
        var scalars = line.unicodeScalars.makeIterator()
        let at = max(1, column ?? 1)
        let first = max(1, at - sourceLineContext)  // the first column kept
        let last = at + sourceLineContext  // the last column kept
        var kept = String.UnicodeScalarView()
        var n = 0
        var more = false
        while let scalar = scalars.next() {
            n += 1
            if n > last { more = true; break }
            if n >= first { kept.append(scalar) }
        }
        if first == 1 && !more { return (line, 1) }
        var text = String(kept)
        var start = first
        if first > 1 {
            text = "…" + text
            start = first - 1
        }
        if more { text += "…" }
        return (text, start)
    }

    /// `path:line:column: error: message`, then the line and a caret, then the hint.
    public var description: String {
        var s = location.map { "\($0): " } ?? ""
        s += "\(severity.rawValue): \(message)"
        if let sourceLine, let column = location?.column, column >= sourceLineStartColumn {
            let caretPad = sourceLine.unicodeScalars.prefix(column - sourceLineStartColumn).map { $0 == "\t" ? "\t" : " " }
            s += "\n  " + sourceLine + "\n  " + caretPad.joined() + "^"
        }
        if let hint { s += "\n  hint: " + hint }
        return s
    }
}
