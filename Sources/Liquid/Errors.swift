/// An error raised while parsing or rendering a template, with the line it happened on.
public struct LiquidError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of error, named after Liquid's Ruby exception classes.
    public enum Kind: String, Sendable, Hashable {
        /// Liquid::SyntaxError: a template that cannot be parsed.
        case syntax = "Liquid syntax error"
        /// Liquid::ArgumentError: a filter or tag given the wrong kind or number of arguments.
        case argument = "Liquid error"
        /// Liquid::ZeroDivisionError.
        case zeroDivision = "Liquid error (zero division)"
        /// Liquid::UndefinedFilter: a filter nobody registered.
        case undefinedFilter = "Liquid error (undefined filter)"
        /// Liquid::FileSystemError: an include that cannot be read.
        case fileSystem = "Liquid error (file system)"
        /// Liquid::StackLevelError: includes nested too deep.
        case stackLevel = "Liquid error (nesting too deep)"
        /// Liquid::MemoryError: a resource limit (output size, loop iterations) exceeded.
        case resourceLimit = "Liquid error (resource limit)"
        /// An unknown tag (a plugin we do not have).
        case unknownTag = "Liquid syntax error (unknown tag)"
    }

    /// What went wrong, by class.
    public var kind: Kind
    /// Human-readable reason, as Liquid words it where Liquid has a message.
    public var message: String
    /// 1-based line in the template, when known.
    public var line: Int?
    /// 1-based column in the template, when known.
    public var column: Int?
    /// The tag or output markup as written (`{% gist 123 %}`), when known.
    public var markup: String?
    /// The template (include name) the error happened in, when it is not the main one.
    public var templateName: String?

    /// Makes an error.
    public init(_ kind: Kind, _ message: String, line: Int? = nil, column: Int? = nil, markup: String? = nil) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
        self.markup = markup
    }

    public var description: String {
        var s = kind.rawValue
        if let line { s += " (line \(line))" }
        return s + ": " + message
    }
}

/// A problem the renderer recovered from: the tag was left as written and rendering went on.
public struct LiquidWarning: Sendable, Hashable {
    /// The error that was recovered from, with its place.
    public var error: LiquidError

    /// Makes a warning from an error.
    public init(_ error: LiquidError) { self.error = error }
}
