/// A call of a registered function, bound at compile time to the overloads of its name.
final class CallNode: Node, @unchecked Sendable {
    let name: String
    let args: [Node]
    let candidates: [Overload]
    init(name: String, args: [Node], candidates: [Overload], offset: Int) {
        self.name = name; self.args = args; self.candidates = candidates
        super.init(offset: offset)
    }

    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        try ctx.tick(offset)
        var values = [Value](repeating: .null, count: args.count)
        for k in args.indices { values[k] = try args[k].eval(&ctx) }
        for overload in candidates where overload.accepts(values) {
            do { return try overload.implementation(values) } catch { throw error.located(offset) }
        }
        throw EvalError.noOverload(name, values).located(offset)
    }
}

/// A call whose single overload takes one argument: skips the overload search.
final class UnaryCallNode: Node, @unchecked Sendable {
    let arg: Node
    let overload: Overload
    init(arg: Node, overload: Overload, offset: Int) { self.arg = arg; self.overload = overload; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        try ctx.tick(offset)
        let v = try arg.eval(&ctx)
        guard Overload.kindMatches(overload.parameters[0], v) else {
            throw EvalError.noOverload(overload.name, v).located(offset)
        }
        do { return try overload.implementation([v]) } catch { throw error.located(offset) }
    }
}
