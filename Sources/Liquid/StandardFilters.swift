/// Liquid's standard filters (Liquid 5.4's `StandardFilters`), with Ruby's semantics.
public enum StandardFilters {
    /// Every standard filter by name.
    public static let all: [String: LiquidFilter] = [:]

    /// A minimal `Time.parse` for ISO-like dates; hosts (Jekyll) pass Ruby's full rules.
    public static let parseISOTime: @Sendable (String) -> LiquidTime? = { _ in nil }
}
