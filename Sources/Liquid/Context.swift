/// Where templates come from for `{% include %}`: a name in, source text out.
public protocol LiquidFileSystem: Sendable {
    /// The source of the template called `name`, or an error saying why it cannot be read.
    func readTemplate(_ name: String) throws(LiquidError) -> String
}

/// Bounds that keep a template from hanging or exhausting memory.
public struct LiquidLimits: Sendable, Hashable {
    /// Most characters one render may write.
    public var maxOutputBytes: Int
    /// Most loop iterations (`for`, `tablerow`) in one render, counted across all loops.
    public var maxIterations: Int
    /// Deepest include / block nesting.
    public var maxDepth: Int

    /// Makes limits.
    public init(maxOutputBytes: Int = 64 << 20, maxIterations: Int = 1_000_000, maxDepth: Int = 100) {
        self.maxOutputBytes = maxOutputBytes
        self.maxIterations = maxIterations
        self.maxDepth = maxDepth
    }
}

/// What stays the same across renders: filters, tags, includes, clock, limits. Share one.
public final class LiquidEnvironment: Sendable {
    /// Filters by name.
    public let filters: [String: LiquidFilter]
    /// Extra tags by name (Jekyll's `include`, `highlight`, ...), beyond Liquid's own.
    public let tags: [String: any LiquidTagDefinition]
    /// Reads included templates.
    public let fileSystem: (any LiquidFileSystem)?
    /// Turns a string into a time for `date` (Ruby's `Time.parse`); nil when it does not parse.
    public let timeParser: @Sendable (String) -> LiquidTime?
    /// What `"now"` means to `date`: fixed, so output is deterministic.
    public let now: LiquidTime
    /// Resource bounds.
    public let limits: LiquidLimits
    /// Raise on unknown filters (Liquid's `strict_filters`).
    public let strictFilters: Bool
    /// Raise on unknown variables (Liquid's `strict_variables`).
    public let strictVariables: Bool
    /// Parse templates strictly (`error_mode: strict`) instead of laxly.
    public let strictParsing: Bool
    /// Parsed templates by name (an include used by many posts is parsed once).
    let cache = TemplateCache()

    /// Makes an environment.
    public init(
        filters: [String: LiquidFilter] = StandardFilters.all,
        tags: [String: any LiquidTagDefinition] = [:],
        fileSystem: (any LiquidFileSystem)? = nil,
        timeParser: @escaping @Sendable (String) -> LiquidTime? = StandardFilters.parseISOTime,
        now: LiquidTime = LiquidTime(seconds: 0),
        limits: LiquidLimits = LiquidLimits(),
        strictFilters: Bool = false, strictVariables: Bool = false, strictParsing: Bool = false
    ) {
        self.filters = filters
        self.tags = tags
        self.fileSystem = fileSystem
        self.timeParser = timeParser
        self.now = now
        self.limits = limits
        self.strictFilters = strictFilters
        self.strictVariables = strictVariables
        self.strictParsing = strictParsing
    }
}

/// The state of one render: variables in scope, registers, counters, limits used so far.
public final class Context {
    /// The shared configuration.
    public let environment: LiquidEnvironment
    /// Scopes, innermost first; `assign` writes to the last (outermost).
    var scopes: [[String: LiquidValue]]
    /// The variables given to the render (Jekyll's payload: `site`, `page`, ...).
    var globals: LiquidHash
    /// Counters of `increment`/`decrement` (Liquid keeps them in the first environment).
    var counters: [String: LiquidValue] = [:]
    /// Host objects for tags and filters (Jekyll's `site` and `page`).
    public var registers: [String: any Sendable]
    /// Recovered problems, in order.
    public internal(set) var warnings: [LiquidWarning] = []
    /// `break` / `continue` waiting to be handled by the enclosing loop.
    var interrupt: Interrupt?
    /// Iterations used so far.
    var iterations = 0
    /// Current include/block depth.
    var depth = 0
    /// `cycle` positions by group.
    var cycles: [String: Int] = [:]
    /// `ifchanged` memory.
    var lastIfChanged: String?
    /// What to do with a tag that fails to render.
    public var policy: Template.ErrorPolicy = .keepMarkup
    /// `offset: continue` positions by loop name.
    var forOffsets: [String: Int] = [:]
    /// Enclosing `forloop` objects, for `parentloop`.
    var forStack: [LiquidValue] = []
    /// Name of the template being rendered (an include's name), for error places.
    public internal(set) var templateName: String?

    enum Interrupt { case breakLoop, continueLoop }

    /// Makes a context over `globals`.
    public init(environment: LiquidEnvironment, globals: LiquidHash = LiquidHash(), registers: [String: any Sendable] = [:]) {
        self.environment = environment
        self.globals = globals
        self.registers = registers
        self.scopes = [[:]]
    }

    /// Looks a top-level variable up: scopes innermost first, then counters, then globals.
    public func variable(_ name: String) -> LiquidValue? {
        for scope in scopes {
            if let v = scope[name] { return v }
        }
        if let v = counters[name] { return v }
        return globals[name]
    }

    /// Sets a variable in the outermost scope (what `assign` and `capture` do).
    public func assign(_ name: String, _ value: LiquidValue) {
        scopes[scopes.count - 1][name] = value
    }

    /// Sets a variable in the innermost scope.
    public func setLocal(_ name: String, _ value: LiquidValue) {
        scopes[0][name] = value
    }

    /// Runs `body` with a new innermost scope, removed afterwards.
    public func withScope<T>(_ body: () throws(LiquidError) -> T) throws(LiquidError) -> T {
        scopes.insert([:], at: 0)
        defer { scopes.removeFirst() }
        return try body()
    }

    /// Records a recovered problem.
    public func warn(_ error: LiquidError) {
        var e = error
        if e.templateName == nil { e.templateName = templateName }
        warnings.append(LiquidWarning(e))
    }

    /// Calls the filter `name`; an unknown filter passes the input through unless filters are strict.
    public func applyFilter(_ name: String, _ input: LiquidValue, _ args: [LiquidValue]) throws(LiquidError) -> LiquidValue {
        guard let filter = environment.filters[name] else {
            if environment.strictFilters { throw LiquidError(.undefinedFilter, "undefined filter \(name)") }
            return input
        }
        try checkRangeSizes(name, input, args)
        let result = try filter.call(input, args, self)
        // A string over the output limit is refused where it is made, so that a loop of
        // `assign x = x | append: x` stops at the limit instead of doubling on.
        if case .string(let s) = result, s.utf8.count > environment.limits.maxOutputBytes {
            throw LiquidError(.resourceLimit, "the filter '\(name)' made \(s.utf8.count) bytes, more than the output limit of \(environment.limits.maxOutputBytes)")
        }
        // So is a list of more items than a render may loop over: `split` of a list reads the
        // list printed (`["a", "b"]`, several bytes an item), so a chain of them grew the data
        // fivefold a step (six took 15 s); `concat` in a loop doubles it.
        if case .array(let items) = result, items.count > environment.limits.maxIterations {
            throw LiquidError(.resourceLimit, "the filter '\(name)' made \(items.count) items, more than the limit of loop iterations (\(environment.limits.maxIterations))")
        }
        return result
    }

    /// Filters that answer for a range from its ends alone, whatever its size.
    private static let rangeArithmeticFilters: Set<String> = ["size", "first", "last"]

    /// A range of more items than a render may loop over cannot be given to a filter that would
    /// list it (`(1..9999999999) | join`): that is refused as loops are, rather than building
    /// billions of items (Ruby would exhaust memory there).
    private func checkRangeSizes(_ name: String, _ input: LiquidValue, _ args: [LiquidValue]) throws(LiquidError) {
        guard !Context.rangeArithmeticFilters.contains(name) else { return }
        let limit = environment.limits.maxIterations
        for value in [input] + args {
            guard case .range(let a, let b) = value, a <= b else { continue }
            let (span, overflow) = b.subtractingReportingOverflow(a)
            if overflow || span >= limit {
                throw LiquidError(.resourceLimit,
                                  "the range (\(a)..\(b)) given to the filter '\(name)' has more than \(limit) items, the limit of loop iterations")
            }
        }
    }

    /// Evaluates a Liquid expression (`item.tags | size`, `"a"`, `(1..3)`) in this context,
    /// with `name` bound to `value` in a fresh scope (Jekyll's `where_exp`, `group_by_exp`).
    public func evaluate(_ markup: String, binding name: String? = nil, to value: LiquidValue = .nil) throws(LiquidError) -> LiquidValue {
        let expr = try ExpressionParser.parseFilteredExpression(markup, strict: false)
        return try withScope { () throws(LiquidError) -> LiquidValue in
            if let name { setLocal(name, value) }
            return try expr.evaluate(self)
        }
    }

    /// Evaluates a Liquid condition (`item.year > 2020 and item.draft != true`) with `name`
    /// bound to `value` (Jekyll's `where_exp`, `find_exp`).
    public func evaluateCondition(_ markup: String, binding name: String, to value: LiquidValue) throws(LiquidError) -> Bool {
        let condition = try ExpressionParser.parseCondition(markup, strict: false)
        return try withScope { () throws(LiquidError) -> Bool in
            setLocal(name, value)
            return try condition.evaluate(self)
        }
    }

    /// Counts loop iterations against the limit.
    func countIteration() throws(LiquidError) {
        iterations += 1
        if iterations > environment.limits.maxIterations {
            throw LiquidError(.resourceLimit, "more than \(environment.limits.maxIterations) loop iterations in one template")
        }
    }
}
