/// A filter: `{{ input | name: arg1, arg2, key: value }}`.
///
/// Arguments arrive positionally; keyword arguments, when any were written, arrive as one
/// trailing `.hash` (as Ruby Liquid passes them). `arity` is checked before `body` runs and a
/// wrong count raises Liquid's "wrong number of arguments" error.
public struct LiquidFilter: Sendable {
    /// The accepted number of arguments after the input (keyword hash included).
    public var arity: ClosedRange<Int>
    /// The filter itself.
    public var body: @Sendable (_ input: LiquidValue, _ args: [LiquidValue], _ context: Context) throws(LiquidError) -> LiquidValue

    /// Makes a filter taking `arity` arguments.
    public init(
        arity: ClosedRange<Int>,
        _ body: @escaping @Sendable (_ input: LiquidValue, _ args: [LiquidValue], _ context: Context) throws(LiquidError) -> LiquidValue
    ) {
        self.arity = arity
        self.body = body
    }

    /// A filter with exactly `count` arguments.
    public init(
        _ count: Int,
        _ body: @escaping @Sendable (_ input: LiquidValue, _ args: [LiquidValue], _ context: Context) throws(LiquidError) -> LiquidValue
    ) {
        self.init(arity: count...count, body)
    }

    /// Calls the filter after checking the argument count as Ruby would.
    public func call(_ input: LiquidValue, _ args: [LiquidValue], _ context: Context) throws(LiquidError) -> LiquidValue {
        guard arity.contains(args.count) else {
            let expected = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound + 1)"
                : arity.upperBound == Int.max ? "\(arity.lowerBound + 1)+" : "\(arity.lowerBound + 1)..\(arity.upperBound + 1)"
            throw LiquidError(.argument, "wrong number of arguments (given \(args.count + 1), expected \(expected))")
        }
        return try body(input, args, context)
    }
}
