/// Renders nodes into a string, as Liquid's `BlockBody#render_to_output_buffer` and the tags do.
enum Renderer {
    static func render(_ nodes: [Node], _ context: Context, into output: inout String) throws(LiquidError) {
        for node in nodes {
            if case .text(let s) = node {
                output += s
            } else {
                do {
                    try renderNode(node, context, into: &output)
                } catch {
                    try recover(error, node, context, into: &output)
                }
                if context.interrupt != nil { return }
            }
            if output.utf8.count > context.environment.limits.maxOutputBytes {
                throw LiquidError(.resourceLimit, "output exceeds \(context.environment.limits.maxOutputBytes) bytes")
            }
        }
    }

    static func place(of node: Node) -> SourcePlace? {
        switch node {
        case .output(_, let p), .assign(_, _, let p), .capture(_, _, let p), .conditional(_, _, let p), .caseTag(_, _, let p),
             .forLoop(_, let p), .tableRow(_, let p), .cycle(_, _, let p), .increment(_, let p), .decrement(_, let p),
             .breakLoop(let p), .continueLoop(let p), .ifChanged(_, let p), .echo(_, let p), .custom(_, _, let p):
            return p
        case .text, .raw, .nothing: return nil
        }
    }

    /// What happens to a node that failed to render, by policy (Liquid's `rescue_render_node`).
    static func recover(_ error: LiquidError, _ node: Node, _ context: Context, into output: inout String) throws(LiquidError) {
        var e = error
        let p = place(of: node)
        if e.line == nil { e.line = p?.line; e.column = p?.column }
        if e.markup == nil { e.markup = p?.raw }
        if e.templateName == nil { e.templateName = context.templateName }
        switch e.kind {
        case .resourceLimit, .stackLevel: throw e
        case .syntax, .argument, .zeroDivision, .undefinedFilter, .fileSystem, .unknownTag: break
        }
        switch context.policy {
        case .raise: throw e
        case .inline:
            context.warnings.append(LiquidWarning(e))
            if e.kind == .undefinedFilter { return }
            if case .output = node {} else if node.isBlank { return }
            output += e.rubyMessage
        case .keepMarkup:
            context.warnings.append(LiquidWarning(e))
            if let p { output += p.raw }
        }
    }

    static func renderNode(_ node: Node, _ context: Context, into output: inout String) throws(LiquidError) {
        switch node {
        case .text(let s):
            output += s
        case .raw(let s):
            output += s
        case .nothing:
            break
        case .output(let expr, _), .echo(let expr, _):
            output += try expr.evaluate(context).outputString
        case .assign(let name, let value, _):
            context.assign(name, try value.evaluate(context))
        case .capture(let name, let body, _):
            var captured = ""
            try render(body.nodes, context, into: &captured)
            context.assign(name, .string(captured))
        case .conditional(let branches, let negateFirst, _):
            for (i, (condition, body)) in branches.enumerated() {
                let pass: Bool
                if let condition {
                    let truth = try condition.evaluate(context)
                    pass = (i == 0 && negateFirst) ? !truth : truth
                } else {
                    pass = true
                }
                if pass {
                    try render(body.nodes, context, into: &output)
                    return
                }
            }
        case .caseTag(let subject, let branches, _):
            var runElse = true
            for branch in branches {
                if let match = branch.match {
                    let c = ConditionExpr(parts: [(ConditionExpr.Comparison(left: subject, op: "==", right: match), nil)])
                    if try c.evaluate(context) {
                        runElse = false
                        try render(branch.body.nodes, context, into: &output)
                    }
                } else if runElse {
                    try render(branch.body.nodes, context, into: &output)
                }
            }
        case .forLoop(let loop, _):
            try renderFor(loop, context, into: &output)
        case .tableRow(let row, _):
            try renderTableRow(row, context, into: &output)
        case .cycle(let group, let values, _):
            guard !values.isEmpty else { return }
            let key: String
            switch group {
            case .named(let e): key = "n:" + (try e.evaluate(context)).inspect
            case .unnamed(let k): key = "u:" + k
            }
            let iteration = context.cycles[key] ?? 0
            let value = iteration < values.count ? try values[iteration].evaluate(context) : .nil
            output += value.outputString
            context.cycles[key] = iteration + 1 >= values.count ? 0 : iteration + 1
        case .increment(let name, _):
            let value: Int
            if case .int(let i)? = context.counters[name] { value = i } else { value = 0 }
            context.counters[name] = .int(value + 1)
            output += String(value)
        case .decrement(let name, _):
            let value: Int
            if case .int(let i)? = context.counters[name] { value = i } else { value = 0 }
            context.counters[name] = .int(value - 1)
            output += String(value - 1)
        case .breakLoop:
            context.interrupt = .breakLoop
        case .continueLoop:
            context.interrupt = .continueLoop
        case .ifChanged(let body, _):
            var s = ""
            try render(body.nodes, context, into: &s)
            if s != context.lastIfChanged {
                context.lastIfChanged = s
                output += s
            }
        case .custom(let tag, _, _):
            try tag.render(context, into: &output)
        }
    }

    static func toInteger(_ v: LiquidValue) throws(LiquidError) -> Int {
        switch v {
        case .int(let i): return i
        case .string(let s):
            let t = s.rubyStripped
            if let i = Int(t) { return i }
            throw LiquidError(.argument, "invalid integer")
        case .float(let d) where d.isFinite:
            return Int(saturating: d)
        case .nil, .bool, .float, .array, .hash, .range, .time, .drop, .emptyLiteral, .blankLiteral:
            throw LiquidError(.argument, "invalid integer")
        }
    }

    static func renderFor(_ loop: ForLoop, _ context: Context, into output: inout String) throws(LiquidError) {
        let from: Int
        switch loop.offset {
        case nil: from = 0
        case .continueLast?: from = context.forOffsets[loop.name] ?? 0
        case .value(let e)?:
            let v = try e.evaluate(context)
            from = v.isNil ? 0 : try toInteger(v)
        }
        let collection = try loop.collection.evaluate(context)
        let limitValue = try loop.limit?.evaluate(context) ?? .nil
        let to: Int? = limitValue.isNil ? nil : Self.saturatingSum(try toInteger(limitValue), from)
        var segment = try slice(collection, from: from, to: to, limit: context.environment.limits.maxIterations)
        if loop.reversed { segment.reverse() }
        context.forOffsets[loop.name] = Self.saturatingSum(from, segment.count)
        guard !segment.isEmpty else {
            if let elseBody = loop.elseBody { try render(elseBody.nodes, context, into: &output) }
            return
        }
        let parent = context.forStack.last
        try context.withScope { () throws(LiquidError) in
            let length = segment.count
            for (i, item) in segment.enumerated() {
                try context.countIteration()
                let forloop = ForloopDrop(name: loop.name, length: length, index0: i, parent: parent)
                context.forStack.append(.drop(forloop))
                defer { context.forStack.removeLast() }
                context.setLocal("forloop", .drop(forloop))
                context.setLocal(loop.variable, item)
                try render(loop.body.nodes, context, into: &output)
                if let interrupt = context.interrupt {
                    context.interrupt = nil
                    if case .breakLoop = interrupt { break }
                }
            }
        }
    }

    /// `Utils.slice_collection`: items from index `from` up to (not including) `to`.
    /// `a + b`, held at `Int.min` or `Int.max` where it would overflow (offsets and limits past
    /// any collection's end mean the same as those bounds).
    static func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int.max : Int.min) : sum
    }

    static func slice(_ collection: LiquidValue, from: Int, to: Int?, limit: Int = Int.max) throws(LiquidError) -> [LiquidValue] {
        if case .range(let a, let b) = collection {
            // Never materialise a huge range: work out the slice arithmetically first.
            guard a <= b else { return [] }
            let count = LiquidValue.rangeSize(a, b)
            let start = max(0, from)
            let end = min(count, to ?? count)
            guard start < end else { return [] }
            guard end - start <= limit else {
                throw LiquidError(.resourceLimit, "a loop over \(end - start) items exceeds the limit of \(limit) loop iterations")
            }
            return (start..<end).map { .int(a + $0) }
        }
        let items = collection.iterable
        var out: [LiquidValue] = []
        for (index, item) in items.enumerated() {
            if let to, to <= index { break }
            if from <= index { out.append(item) }
        }
        return out
    }

    static func renderTableRow(_ row: TableRow, _ context: Context, into output: inout String) throws(LiquidError) {
        let collection = try row.collection.evaluate(context)
        guard collection.isTruthy else { return }
        func attribute(_ name: String) throws(LiquidError) -> LiquidValue? {
            guard let e = row.attributes.last(where: { $0.0 == name })?.1 else { return nil }
            return try e.evaluate(context)
        }
        func toI(_ v: LiquidValue?) -> Int {
            switch v {
            case .int(let i)?: return i
            case .float(let d)?: return Int(saturating: d)
            case .string(let s)?: return RubyNumber.toI(s)
            default: return 0
            }
        }
        let from = try attribute("offset").map { toI($0) } ?? 0
        let to: Int? = try attribute("limit").map { Self.saturatingSum(from, toI($0)) }
        let items = try slice(collection, from: from, to: to, limit: context.environment.limits.maxIterations)
        let cols = toI(try attribute("cols"))
        output += "<tr class=\"row1\">\n"
        try context.withScope { () throws(LiquidError) in
            let length = items.count
            var col = 1, rowNumber = 1
            for (i, item) in items.enumerated() {
                try context.countIteration()
                var t = LiquidHash()
                t["length"] = .int(length)
                t["col"] = .int(col)
                t["row"] = .int(rowNumber)
                t["index"] = .int(i + 1)
                t["index0"] = .int(i)
                t["col0"] = .int(col - 1)
                t["rindex"] = .int(length - i)
                t["rindex0"] = .int(length - i - 1)
                t["first"] = .bool(i == 0)
                t["last"] = .bool(i == length - 1)
                t["col_first"] = .bool(col == 1)
                t["col_last"] = .bool(col == cols)
                context.setLocal("tablerowloop", .hash(t))
                context.setLocal(row.variable, item)
                output += "<td class=\"col\(col)\">"
                try render(row.body.nodes, context, into: &output)
                output += "</td>"
                if col == cols && i != length - 1 {
                    output += "</tr>\n<tr class=\"row\(rowNumber + 1)\">"
                }
                if col == cols {
                    col = 1
                    rowNumber += 1
                } else {
                    col += 1
                }
                // Liquid's tablerow never clears break/continue: the rest of each cell is skipped.
            }
        }
        output += "</tr>\n"
    }
}

/// Liquid's `forloop` object for one iteration.
final class ForloopDrop: LiquidDrop, @unchecked Sendable {
    let name: String
    let length: Int
    let index0: Int
    let parent: LiquidValue?

    init(name: String, length: Int, index0: Int, parent: LiquidValue?) {
        self.name = name
        self.length = length
        self.index0 = index0
        self.parent = parent
    }

    func value(forKey key: String) -> LiquidValue {
        switch key {
        case "name": return .string(name)
        case "length": return .int(length)
        case "index": return .int(index0 + 1)
        case "index0": return .int(index0)
        case "rindex": return .int(length - index0)
        case "rindex0": return .int(length - index0 - 1)
        case "first": return .bool(index0 == 0)
        case "last": return .bool(index0 == length - 1)
        case "parentloop": return parent ?? .nil
        default: return .nil
        }
    }

    var keys: [String] { ["name", "length", "index", "index0", "rindex", "rindex0", "first", "last", "parentloop"] }
}

extension LiquidError {
    /// The message Ruby Liquid writes into the output for this error.
    public var rubyMessage: String {
        var s = kind == .syntax || kind == .unknownTag ? "Liquid syntax error" : "Liquid error"
        if let line {
            s += " ("
            if let templateName { s += templateName + " " }
            s += "line \(line))"
        }
        return s + ": " + message
    }
}
