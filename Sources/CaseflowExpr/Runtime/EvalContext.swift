/// The mutable state of one evaluation: the activation, comprehension variables and the cost meter.
struct EvalContext {
    let activation: any Activation
    /// Values of comprehension variables, indexed by nesting depth.
    var locals: [Value]
    var steps: Int = 0
    let budget: Int

    init(activation: any Activation, budget: Int, localCount: Int) {
        self.activation = activation
        self.budget = budget
        self.locals = Array(repeating: .null, count: localCount)
    }

    /// Counts one step and fails once the budget is spent.
    @inline(__always)
    mutating func tick(_ offset: Int) throws(EvalError) {
        steps &+= 1
        if steps > budget {
            throw EvalError(.costLimitExceeded, "expression exceeded its cost budget of \(budget) steps", offset: offset)
        }
    }
}
