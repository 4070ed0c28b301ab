/// Expands CEL's macros (`has`, `all`, `exists`, `exists_one`, `map`, `filter`) at parse time.
enum Macros {
    /// The expanded node, nil when `function` is not a macro of this shape, or a syntax error
    /// when it is a macro used wrongly (a non-identifier loop variable, say).
    static func expand(function: String, target: Expr?, args: [Expr], at offset: Int, lexer: Lexer) throws(ExprError) -> Expr? {
        if target == nil {
            guard function == "has", args.count == 1 else { return nil }
            guard case .select(let operand, let field, _) = args[0].kind else {
                throw ExprError(.syntax, "has() needs a field selection, such as has(order.paid_at)", at: lexer.position(args[0].offset))
            }
            return Expr(.select(operand, field: field, testOnly: true), at: offset)
        }
        guard let target else { return nil }
        if args.count >= 3, case .ident(let first, false) = args[0].kind, case .ident(let second, false) = args[1].kind {
            return try twoVariables(function, target, first, second, Array(args.dropFirst(2)), offset, lexer)
        }
        let macro: Comprehension.Macro
        switch (function, args.count) {
        case ("all", 2): macro = .all
        case ("exists", 2): macro = .exists
        case ("exists_one", 2), ("existsOne", 2): macro = .existsOne
        case ("map", 2), ("map", 3): macro = .map
        case ("filter", 2): macro = .filter
        default: return nil
        }
        guard case .ident(let variable, false) = args[0].kind else {
            throw ExprError(.syntax, "the first argument of \(function)() must be a variable name", at: lexer.position(args[0].offset))
        }
        var c = Comprehension(macro: macro, range: target, variable: variable, predicate: nil, transform: nil)
        if macro == .map {
            if args.count == 3 { c.predicate = args[1]; c.transform = args[2] } else { c.transform = args[1] }
        } else {
            c.predicate = args[1]
        }
        return Expr(.comprehension(c), at: offset)
    }

    /// `all`, `exists`, `existsOne`, `transformList` and `transformMap` with an index (or key)
    /// and a value variable: `list.all(i, v, p)`, `map.transformMap(k, v, filter, t)`.
    private static func twoVariables(_ function: String, _ target: Expr, _ first: String, _ second: String,
                                     _ rest: [Expr], _ offset: Int, _ lexer: Lexer) throws(ExprError) -> Expr? {
        var c = Comprehension(macro: .all, range: target, variable: first, predicate: nil, transform: nil)
        c.variable2 = second
        switch (function, rest.count) {
        case ("all", 1): c.macro = .all; c.predicate = rest[0]
        case ("exists", 1): c.macro = .exists; c.predicate = rest[0]
        case ("existsOne", 1), ("exists_one", 1): c.macro = .existsOne; c.predicate = rest[0]
        case ("transformList", 1): c.macro = .transformList; c.transform = rest[0]
        case ("transformList", 2): c.macro = .transformList; c.predicate = rest[0]; c.transform = rest[1]
        case ("transformMap", 1): c.macro = .transformMap; c.transform = rest[0]
        case ("transformMap", 2): c.macro = .transformMap; c.predicate = rest[0]; c.transform = rest[1]
        default: return nil
        }
        if first == second {
            throw ExprError(.syntax, "the two variables of \(function)() must have different names", at: lexer.position(offset))
        }
        return Expr(.comprehension(c), at: offset)
    }
}
