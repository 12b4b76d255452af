import BlogModel

/// A kramdown-compatible Markdown parser (kramdown 2.4 with the GFM parser, as Jekyll 4 runs it).
public enum Kramdown {}
