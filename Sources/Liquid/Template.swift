/// A parsed template.
public struct Template: Sendable {}

/// Parsed templates by name.
final class TemplateCache: @unchecked Sendable {}

/// A tag beyond Liquid's own (Jekyll's include, highlight, ...).
public protocol LiquidTagDefinition: Sendable {}

/// An expression with filters.
struct FilteredExpression: Sendable {
    func evaluate(_ context: Context) throws(LiquidError) -> LiquidValue { .nil }
}
/// A condition.
struct ConditionExpr: Sendable {
    func evaluate(_ context: Context) throws(LiquidError) -> Bool { false }
}
enum ExpressionParser {
    static func parseFilteredExpression(_ markup: String, strict: Bool) throws(LiquidError) -> FilteredExpression { FilteredExpression() }
    static func parseCondition(_ markup: String, strict: Bool) throws(LiquidError) -> ConditionExpr { ConditionExpr() }
}
