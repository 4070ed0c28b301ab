/// Type-checks a parsed expression against an ``Environment`` before it ever runs.
///
/// It finds unknown names (with a did-you-mean), calls no overload accepts, operands of the
/// wrong type and non-bool conditions, and collects every problem rather than stopping at the
/// first. Anything typed `dyn` is accepted and left to run-time checks.
public struct Checker {
    /// The outcome: the expression's type (dyn where unknown) and every problem found.
    public struct Result: Sendable {
        public var type: CELType
        public var errors: [ExprError]
    }

    let environment: Environment
    let source: String
    var errors: [ExprError] = []
    var scopes: [(name: String, type: CELType)] = []

    /// Checks `expr`; with `expecting`, also requires the result to have that type (e.g. `.bool`
    /// for a guard).
    public static func check(_ expr: Expr, source: String, in environment: Environment, expecting: CELType? = nil) -> Result {
        var checker = Checker(environment: environment, source: source)
        let type = checker.type(of: expr)
        if let expecting, !type.isAssignable(to: expecting) {
            checker.report(.notBool, expecting == .bool
                ? "this must be a condition (bool), but it is \(type)"
                : "expected \(expecting), but this is \(type)", at: expr.offset)
        }
        return Result(type: type, errors: checker.errors)
    }

    private init(environment: Environment, source: String) {
        self.environment = environment
        self.source = source
    }

    mutating func report(_ code: ExprError.Code, _ message: String, at offset: Int, suggestion: String? = nil) {
        errors.append(ExprError(code, message, at: SourcePosition(offset: offset, in: source), suggestion: suggestion))
    }

    mutating func type(of expr: Expr) -> CELType {
        switch expr.kind {
        case .literal(let v):
            return v.celType == .type(.dyn) ? .type(.dyn) : v.celType
        case .ident(let name, let absolute):
            return identifierType(name, absolute: absolute, at: expr.offset)
        case .select(let operand, let field, let testOnly):
            return selectType(expr, operand: operand, field: field, testOnly: testOnly)
        case .index(let operand, let index):
            return indexType(type(of: operand), type(of: index), at: expr.offset)
        case .list(let items):
            return .list(join(items.map { type(of: $0) }))
        case .map(let entries):
            let keys = entries.map { type(of: $0.key) }
            let values = entries.map { type(of: $0.value) }
            for (k, e) in zip(keys, entries) where ![.dyn, .bool, .int, .uint, .string].contains(k) {
                report(.typeMismatch, "a map key must be bool, int, uint or string, not \(k)", at: e.key.offset)
            }
            return .map(join(keys), join(values))
        case .unary(let op, let operand):
            return unaryType(op, type(of: operand), at: expr.offset)
        case .binary(let op, let l, let r):
            return binaryType(op, type(of: l), type(of: r), at: expr.offset)
        case .and(let l, let r), .or(let l, let r):
            let op = if case .and = expr.kind { "&&" } else { "||" }
            requireBool(type(of: l), "'\(op)'", at: l.offset)
            requireBool(type(of: r), "'\(op)'", at: r.offset)
            return .bool
        case .conditional(let c, let t, let o):
            requireBool(type(of: c), "the condition of '? :'", at: c.offset)
            return join([type(of: t), type(of: o)])
        case .call(let function, let target, let args):
            return callType(function, target: target, args: args, at: expr.offset)
        case .comprehension(let c):
            return comprehensionType(c, at: expr.offset)
        }
    }

    mutating func requireBool(_ t: CELType, _ what: String, at offset: Int) {
        if !t.isAssignable(to: .bool) {
            report(.notBool, "\(what) needs a bool, but this is \(t)", at: offset)
        }
    }

    /// The common type of several, or dyn when they differ.
    func join(_ types: [CELType]) -> CELType {
        guard let first = types.first else { return .dyn }
        return types.allSatisfy({ $0 == first }) ? first : .dyn
    }
}
