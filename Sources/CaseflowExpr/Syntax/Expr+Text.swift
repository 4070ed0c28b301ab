/// CEL source text for a parsed expression, used to show sub-expressions in explanations
/// (`period_end(order.delivered_at, 7, "cn")`). Parentheses are added where precedence needs them.
extension Expr: CustomStringConvertible {
    public var description: String { text(0) }

    private static func precedence(_ kind: Kind) -> Int {
        switch kind {
        case .conditional: return 1
        case .or: return 2
        case .and: return 3
        case .binary(let op, _, _):
            switch op {
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in: return 4
            case .add, .subtract: return 5
            case .multiply, .divide, .modulo: return 6
            }
        case .unary: return 7
        default: return 8
        }
    }

    private func text(_ context: Int) -> String {
        let own = Self.precedence(kind)
        let body: String
        switch kind {
        case .literal(let v): body = v.debugText
        case .ident(let name, let absolute): body = (absolute ? "." : "") + name
        case .select(let operand, let field, let testOnly):
            let name = field.isPlainIdentifier ? field : "`\(field)`"
            body = testOnly ? "has(\(operand.text(8)).\(name))" : "\(operand.text(8)).\(name)"
        case .index(let operand, let index): body = "\(operand.text(8))[\(index.text(0))]"
        case .call(let function, let target, let args):
            let list = args.map { $0.text(0) }.joined(separator: ", ")
            body = target.map { "\($0.text(8)).\(function)(\(list))" } ?? "\(function)(\(list))"
        case .list(let items): body = "[" + items.map { $0.text(0) }.joined(separator: ", ") + "]"
        case .map(let entries): body = "{" + entries.map { "\($0.key.text(0)): \($0.value.text(0))" }.joined(separator: ", ") + "}"
        case .unary(let op, let operand): body = op.rawValue + operand.text(7)
        case .binary(let op, let l, let r): body = "\(l.text(own)) \(op.rawValue) \(r.text(own + 1))"
        case .and(let l, let r): body = "\(l.text(own)) && \(r.text(own + 1))"
        case .or(let l, let r): body = "\(l.text(own)) || \(r.text(own + 1))"
        case .conditional(let c, let t, let o): body = "\(c.text(2)) ? \(t.text(2)) : \(o.text(1))"
        case .comprehension(let c):
            var args = [c.variable] + (c.variable2.map { [$0] } ?? [])
            if let p = c.predicate { args.append(p.text(0)) }
            if let t = c.transform { args.append(t.text(0)) }
            body = "\(c.range.text(8)).\(c.macro.rawValue)(\(args.joined(separator: ", ")))"
        }
        return own < context ? "(\(body))" : body
    }

    /// The operands of a chain of `&&`, `||` and `!` — the conditions that decide a rule.
    public var conditions: [Expr] {
        switch kind {
        case .and(let l, let r), .or(let l, let r): return l.conditions + r.conditions
        case .unary(.not, let operand): return operand.conditions
        default: return [self]
        }
    }
}
