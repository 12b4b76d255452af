import BlogModel

/// A kramdown-compatible Markdown parser (kramdown 2.4 with the GFM parser, as Jekyll 4 runs it).
public enum Kramdown {
    /// Parses kramdown source (after Liquid has run) into a Document; warnings are returned, never printed.
    public static func parse(_ source: String, options: KramdownOptions) -> (document: Document, warnings: [String]) {
        let parser = Parser(options: options)
        parser.parse(source)
        var builder = DocumentBuilder(parser: parser)
        let doc = builder.build()
        return (doc, parser.warnings)
    }

    /// The warning (ours, not kramdown's) for a document whose blocks or spans nest deeper than
    /// the parser goes (47 levels): the deeper part is kept as plain text, where kramdown would
    /// nest it further.
    public static var depthLimitWarning: String { Parser.depthLimitWarning }
}
