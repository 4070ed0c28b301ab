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
        var values: [Value] = []
        values.reserveCapacity(args.count)
        for arg in args { values.append(try arg.eval(&ctx)) }
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

/// A call of a three-argument function with a direct implementation: no argument array.
final class TernaryCallNode: Node, @unchecked Sendable {
    let a: Node, b: Node, c: Node
    let overload: Overload
    let implementation: Overload.Implementation3
    init(_ a: Node, _ b: Node, _ c: Node, overload: Overload, implementation: @escaping Overload.Implementation3, offset: Int) {
        self.a = a; self.b = b; self.c = c; self.overload = overload; self.implementation = implementation
        super.init(offset: offset)
    }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        try ctx.tick(offset)
        let x = try a.eval(&ctx), y = try b.eval(&ctx), z = try c.eval(&ctx)
        let p = overload.parameters
        guard Overload.kindMatches(p[0], x), Overload.kindMatches(p[1], y), Overload.kindMatches(p[2], z) else {
            throw EvalError.noOverload(overload.name, x, y, z).located(offset)
        }
        do { return try implementation(x, y, z) } catch { throw error.located(offset) }
    }
}
