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
}
