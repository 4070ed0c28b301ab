import CaseflowExpr

/// The bridge to CaseflowExpr's type checker, kept apart so the runner does not depend on
/// its exact shape.
enum TypeCheck {
    /// The checker's first error for a parsed expression, or nil when it accepts it.
    static func firstError(_ ast: Expr, source: String, in env: Environment) -> String? {
        let checked = Checker.check(ast, source: source, in: env)
        return checked.errors.first.map { $0.description }
    }
}
