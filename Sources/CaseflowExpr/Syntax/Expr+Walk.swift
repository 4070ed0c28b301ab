extension Expr {
    /// Calls `visit` on this node and every node below it, parents first.
    public func walk(_ visit: (Expr) -> Void) {
        visit(self)
        switch kind {
        case .literal, .ident: break
        case .select(let e, _, _), .unary(_, let e): e.walk(visit)
        case .index(let a, let b), .binary(_, let a, let b), .and(let a, let b), .or(let a, let b):
            a.walk(visit); b.walk(visit)
        case .call(_, let target, let args):
            target?.walk(visit)
            args.forEach { $0.walk(visit) }
        case .list(let items): items.forEach { $0.walk(visit) }
        case .map(let entries): entries.forEach { $0.key.walk(visit); $0.value.walk(visit) }
        case .conditional(let a, let b, let c): a.walk(visit); b.walk(visit); c.walk(visit)
        case .comprehension(let c):
            c.range.walk(visit)
            c.predicate?.walk(visit)
            c.transform?.walk(visit)
        }
    }

    /// The dotted name a chain of selections spells (`order.delivered_at`), if it is one.
    public var dottedName: String? {
        switch kind {
        case .ident(let name, false): return name
        case .select(let operand, let field, false):
            guard field.isPlainIdentifier else { return nil }
            return operand.dottedName.map { $0 + "." + field }
        default: return nil
        }
    }
}
