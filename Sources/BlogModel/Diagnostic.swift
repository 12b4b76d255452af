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
    /// The source line the location points into, shown with a caret.
    public var sourceLine: String?

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
        self.sourceLine = sourceLine
    }

    /// `path:line:column: error: message`, then the line and a caret, then the hint.
    public var description: String {
        var s = location.map { "\($0): " } ?? ""
        s += "\(severity.rawValue): \(message)"
        if let sourceLine, let column = location?.column, column >= 1 {
            let caretPad = sourceLine.unicodeScalars.prefix(column - 1).map { $0 == "\t" ? "\t" : " " }
            s += "\n  " + sourceLine + "\n  " + caretPad.joined() + "^"
        }
        if let hint { s += "\n  hint: " + hint }
        return s
    }
}
