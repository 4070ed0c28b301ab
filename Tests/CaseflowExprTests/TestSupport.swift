@testable import CaseflowExpr

/// Evaluates `source` with the given variables declared as their values' types.
func eval(_ source: String, _ vars: [String: Value] = [:], budget: Int = Program.defaultBudget) throws -> Value {
    var env = Environment()
    for (name, value) in vars { env.declare(name, type: value.celType) }
    let program = try Program(source, in: env)
    return try program.evaluate(Bindings(env, vars), budget: budget)
}

/// Checks `source` against declared variables and returns the problems found.
func check(_ source: String, _ decls: [String: CELType], expecting: CELType? = nil) throws -> [ExprError] {
    var env = Environment()
    for (name, type) in decls.sorted(by: { $0.key < $1.key }) { env.declare(name, type: type) }
    return Checker.check(try Parser.parse(source), source: source, in: env, expecting: expecting).errors
}

func ts(_ text: String) -> Value {
    Timestamp(rfc3339: text).map(Value.timestamp) ?? .null
}
