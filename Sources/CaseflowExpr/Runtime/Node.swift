/// A node of a compiled expression. Subclasses evaluate one construct each.
///
/// Nodes are immutable after compilation, so a ``Program`` can be shared across threads.
class Node: @unchecked Sendable {
    let offset: Int
    init(offset: Int) { self.offset = offset }

    func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        throw EvalError(.invalidArgument, "internal: node without evaluator", offset: offset)
    }

    /// Evaluates and requires a bool, as conditions and logical operands must be.
    @inline(__always)
    final func evalBool(_ ctx: inout EvalContext, _ op: String) throws(EvalError) -> Bool {
        let v = try eval(&ctx)
        if case .bool(let b) = v { return b }
        throw EvalError(.noMatchingOverload, "no matching overload for '\(op)' applied to \(v.kindName)", offset: offset)
    }
}

final class LiteralNode: Node, @unchecked Sendable {
    let value: Value
    init(_ value: Value, offset: Int) { self.value = value; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value { value }
}

/// A declared variable, read from the activation by slot.
final class VariableNode: Node, @unchecked Sendable {
    let slot: Int
    let name: String
    init(slot: Int, name: String, offset: Int) { self.slot = slot; self.name = name; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        if let v = ctx.activation.value(at: slot) { return v }
        throw EvalError(.unboundVariable, "no value for '\(name)'", offset: offset)
    }
}

/// `has(x)` on a declared dotted variable: whether the activation has a value for it.
final class VariablePresenceNode: Node, @unchecked Sendable {
    let slot: Int
    init(slot: Int, offset: Int) { self.slot = slot; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        .bool(ctx.activation.value(at: slot) != nil)
    }
}

/// A comprehension's loop variable.
final class LocalNode: Node, @unchecked Sendable {
    let index: Int
    init(index: Int, offset: Int) { self.index = index; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value { ctx.locals[index] }
}

/// An identifier nothing declares: an error when evaluated (`a.f() || true` still holds).
final class UnboundNode: Node, @unchecked Sendable {
    let name: String
    init(name: String, offset: Int) { self.name = name; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        throw EvalError(.unboundVariable, "undeclared reference to '\(name)'", offset: offset)
    }
}

/// A node that always fails; compiled where a construct is known to fail at run time.
final class ErrorNode: Node, @unchecked Sendable {
    let error: EvalError
    init(_ error: EvalError) { self.error = error; super.init(offset: error.offset ?? 0) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value { throw error }
}
