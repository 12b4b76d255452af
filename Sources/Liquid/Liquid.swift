/// A Liquid template engine with Liquid 4 semantics, as Jekyll 4 runs it.
public enum Liquid {}
