/// A compiled expression, ready to evaluate many times against different activations.
///
/// Compiling resolves every name to a slot or a bound function once, so evaluation neither
/// re-parses nor looks anything up by name:
/// ```swift
/// var env = Environment()
/// env.declare("order.channel", type: .string)
/// let program = try Program(compiling: try Parser.parse("order.channel == 'online'"), in: env)
/// let result = try program.evaluate(Bindings(env, ["order.channel": .string("online")]))
/// ```
public struct Program: Sendable {
    let root: Node
    let localCount: Int
    /// How many variable reads the expression holds, at most: lets a caller that records each
    /// read size its list once.
    public let readCount: Int

    /// The step budget used when ``evaluate(_:budget:)`` is given none.
    public static let defaultBudget = 1_000_000

    /// Compiles a parsed expression against an environment.
    public init(compiling expr: Expr, in environment: Environment) throws(ExprError) {
        var compiler = Compiler(environment: environment)
        root = try compiler.compile(expr)
        localCount = compiler.maxLocals
        readCount = compiler.variableReads
    }

    /// Parses and compiles source text in one go.
    public init(_ source: String, in environment: Environment) throws(ExprError) {
        try self.init(compiling: try Parser.parse(source), in: environment)
    }

    /// Evaluates the expression; `budget` caps the steps so a pathological expression stops.
    public func evaluate(_ activation: some Activation, budget: Int = Program.defaultBudget) throws(EvalError) -> Value {
        var context = EvalContext(activation: activation, budget: budget, localCount: localCount)
        return try root.eval(&context)
    }
}
