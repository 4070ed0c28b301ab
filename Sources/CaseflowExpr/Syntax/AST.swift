/// A parsed CEL expression: a tree of nodes, each with the span of source text it came from.
///
/// Operators have their own node kinds (rather than CEL's `_+_` call names) so the checker and
/// the compiler can switch over them directly.
public struct Expr: Sendable {
    /// The node's kind and children.
    public let kind: Kind
    /// Where the node starts in the expression source, in Unicode scalars from the start.
    public var offset: Int
    /// The number of nodes on the longest path from this node down to a leaf (a leaf is 1).
    ///
    /// Every walk over an expression (checker, compiler, evaluator, text) recurses once per
    /// level, so the parser refuses trees higher than ``Parser/maxDepth`` to keep those walks,
    /// and the tree's own release, well inside any thread's stack.
    public let height: Int

    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
        self.height = Self.height(of: kind)
    }

    private static func height(of kind: Kind) -> Int {
        switch kind {
        case .literal, .ident: return 1
        case .select(let e, _, _), .unary(_, let e): return e.height + 1
        case .index(let a, let b), .binary(_, let a, let b), .and(let a, let b), .or(let a, let b):
            return max(a.height, b.height) + 1
        case .call(_, let target, let args):
            return args.reduce(target?.height ?? 0) { max($0, $1.height) } + 1
        case .list(let items): return items.reduce(0) { max($0, $1.height) } + 1
        case .map(let entries): return entries.reduce(0) { max($0, $1.key.height, $1.value.height) } + 1
        case .conditional(let a, let b, let c): return max(a.height, b.height, c.height) + 1
        case .comprehension(let c):
            return max(c.range.height, c.predicate?.height ?? 0, c.transform?.height ?? 0) + 1
        }
    }

    /// The shapes an expression node can take.
    public indirect enum Kind: Sendable {
        case literal(Value)
        /// A plain identifier; `absolute` when written with a leading dot (`.x`).
        case ident(String, absolute: Bool)
        /// `operand.field`; `testOnly` for the `has(operand.field)` macro.
        case select(Expr, field: String, testOnly: Bool)
        /// `operand[index]`.
        case index(Expr, Expr)
        /// A global (`f(x)`) or receiver-style (`x.f()`) call of a function.
        case call(function: String, target: Expr?, args: [Expr])
        case list([Expr])
        case map([(key: Expr, value: Expr)])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case and(Expr, Expr)
        case or(Expr, Expr)
        case conditional(Expr, Expr, Expr)
        /// A list macro: `range.all(x, p)`, `range.map(x, p, t)` and the rest.
        case comprehension(Comprehension)
    }
}

/// The prefix operators.
public enum UnaryOperator: String, Sendable {
    case not = "!"
    case negate = "-"
}

/// The infix operators other than `&&`, `||` and `?:`, which short-circuit.
public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case `in` = "in"
}

/// An expanded list or map macro.
public struct Comprehension: Sendable {
    /// Which macro this is.
    public enum Macro: String, Sendable {
        case all, exists, existsOne = "exists_one", map, filter
        /// Two-variable forms only: a list of transforms, and a map from each key to its transform.
        case transformList, transformMap
    }
    public var macro: Macro
    /// The list or map iterated over.
    public var range: Expr
    /// The name bound to each element (each key, for maps); with two variables, the index or key.
    public var variable: String
    /// With two variables (`list.all(i, v, p)`): the name bound to each element or map value.
    public var variable2: String? = nil
    /// The condition: for `all`, `exists`, `exists_one`, `filter`, and the filter of three-argument `map`.
    public var predicate: Expr?
    /// The transform of `map`.
    public var transform: Expr?
}
