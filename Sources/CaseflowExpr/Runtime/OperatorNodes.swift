/// Nodes for CEL's operators, including the error-absorbing `&&` and `||`.
final class AndNode: Node, @unchecked Sendable {
    let left: Node, right: Node
    init(_ left: Node, _ right: Node, offset: Int) { self.left = left; self.right = right; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        // Commutative: false on either side wins over an error on the other.
        var leftError: EvalError?
        do {
            if try !left.evalBool(&ctx, "_&&_") { return .bool(false) }
        } catch {
            if error.kind == .costLimitExceeded { throw error }
            leftError = error
        }
        let r = try right.evalBool(&ctx, "_&&_")
        if !r { return .bool(false) }
        if let leftError { throw leftError }
        return .bool(true)
    }
}

final class OrNode: Node, @unchecked Sendable {
    let left: Node, right: Node
    init(_ left: Node, _ right: Node, offset: Int) { self.left = left; self.right = right; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        var leftError: EvalError?
        do {
            if try left.evalBool(&ctx, "_||_") { return .bool(true) }
        } catch {
            if error.kind == .costLimitExceeded { throw error }
            leftError = error
        }
        let r = try right.evalBool(&ctx, "_||_")
        if r { return .bool(true) }
        if let leftError { throw leftError }
        return .bool(false)
    }
}

final class ConditionalNode: Node, @unchecked Sendable {
    let condition: Node, then: Node, otherwise: Node
    init(_ c: Node, _ t: Node, _ o: Node, offset: Int) { condition = c; then = t; otherwise = o; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        try condition.evalBool(&ctx, "_?_:_") ? try then.eval(&ctx) : try otherwise.eval(&ctx)
    }
}

final class NotNode: Node, @unchecked Sendable {
    let operand: Node
    init(_ operand: Node, offset: Int) { self.operand = operand; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        .bool(try !operand.evalBool(&ctx, "!_"))
    }
}

final class NegateNode: Node, @unchecked Sendable {
    let operand: Node
    init(_ operand: Node, offset: Int) { self.operand = operand; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        do { return try Value.negate(try operand.eval(&ctx)) } catch { throw error.located(offset) }
    }
}

/// `x == literal` and `x != literal`: the most common guard shape, without evaluating the literal.
final class CompareConstantNode: Node, @unchecked Sendable {
    let operand: Node
    let constant: Value
    let negated: Bool
    init(_ operand: Node, _ constant: Value, negated: Bool, offset: Int) {
        self.operand = operand; self.constant = constant; self.negated = negated
        super.init(offset: offset)
    }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        .bool(try operand.eval(&ctx).celEquals(constant) != negated)
    }
}

final class BinaryNode: Node, @unchecked Sendable {
    let op: BinaryOperator
    let left: Node, right: Node
    init(_ op: BinaryOperator, _ left: Node, _ right: Node, offset: Int) {
        self.op = op; self.left = left; self.right = right
        super.init(offset: offset)
    }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        try ctx.tick(offset)
        let a = try left.eval(&ctx)
        let b = try right.eval(&ctx)
        do {
            return try BinaryNode.apply(op, a, b)
        } catch {
            throw error.located(offset)
        }
    }

    static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value) throws(EvalError) -> Value {
        switch op {
        case .equal: return .bool(a.celEquals(b))
        case .notEqual: return .bool(!a.celEquals(b))
        case .less: return .bool(try a.celCompare(b, "_<_") == .less)
        case .lessOrEqual:
            let c = try a.celCompare(b, "_<=_")
            return .bool(c == .less || c == .equal)
        case .greater: return .bool(try a.celCompare(b, "_>_") == .greater)
        case .greaterOrEqual:
            let c = try a.celCompare(b, "_>=_")
            return .bool(c == .greater || c == .equal)
        case .add: return try Value.add(a, b)
        case .subtract: return try Value.subtract(a, b)
        case .multiply: return try Value.multiply(a, b)
        case .divide: return try Value.divide(a, b)
        case .modulo: return try Value.modulo(a, b)
        case .in: return try contains(b, a)
        }
    }

    private static func contains(_ container: Value, _ element: Value) throws(EvalError) -> Value {
        switch container {
        case .list(let items):
            for item in items where item.celEquals(element) { return .bool(true) }
            return .bool(false)
        case .map(let map):
            return .bool(map.lookup(element) != nil)
        default:
            throw EvalError.noOverload("@in", element, container)
        }
    }
}

extension EvalError {
    /// The same error, placed at `offset` unless it already has a place.
    func located(_ offset: Int) -> EvalError {
        var e = self
        if e.offset == nil { e.offset = offset }
        return e
    }
}
