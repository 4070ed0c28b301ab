/// Turns a parsed ``Expr`` into evaluation nodes, resolving names once.
///
/// Name resolution follows CEL: comprehension variables first, then the longest declared dotted
/// name (`order.channel` before `order` with field `channel`), then type names such as `int`.
struct Compiler {
    let environment: Environment
    /// Comprehension variables in scope, innermost last, with their local slots.
    private var scopes: [(name: String, index: Int)] = []
    private(set) var maxLocals = 0
    /// Variable reads compiled (some may be folded away later): a capacity hint.
    private(set) var variableReads = 0

    init(environment: Environment) {
        self.environment = environment
    }

    /// Compiles one node. Each kind is compiled in a function of its own so that this one,
    /// which recursion enters once per level of the tree, keeps a small stack frame (in a
    /// debug build a switch's bindings each take a slot in the frame of the function holding
    /// it); ``Parser/maxDepth`` levels must fit the smallest thread stack.
    mutating func compile(_ expr: Expr) throws(ExprError) -> Node {
        switch expr.kind {
        case .literal(let v): return LiteralNode(v, offset: expr.offset)
        case .ident(let name, let absolute): return resolve(name, absolute: absolute, at: expr.offset)
        case .select: return try compileSelect(expr)
        case .call: return try compileCallNode(expr)
        case .comprehension: return try compileComprehension(expr)
        default: return try compileOperator(expr)
        }
    }

    @inline(never)
    private mutating func compileSelect(_ expr: Expr) throws(ExprError) -> Node {
        guard case .select(let operand, let field, let testOnly) = expr.kind else { return LiteralNode(.null, offset: expr.offset) }
        let at = expr.offset
        if let path = qualifiedName(expr), let slot = environment.slot(of: path.name) {
            variableReads += 1
            return testOnly ? VariablePresenceNode(slot: slot, offset: at) : VariableNode(slot: slot, name: path.name, offset: at)
        }
        // `google.protobuf.Timestamp`: a type named by a dotted path.
        if !testOnly, let path = qualifiedName(expr), let named = CELType.namedTypes[path.name] {
            return LiteralNode(.type(named), offset: at)
        }
        let base = try compile(operand)
        return testOnly ? HasNode(base, field: field, offset: at) : SelectNode(base, field: field, offset: at)
    }

    @inline(never)
    private mutating func compileCallNode(_ expr: Expr) throws(ExprError) -> Node {
        guard case .call(let function, let target, let args) = expr.kind else { return LiteralNode(.null, offset: expr.offset) }
        return try compileCall(function, target: target, args: args, at: expr.offset)
    }

    @inline(never)
    private mutating func compileComprehension(_ expr: Expr) throws(ExprError) -> Node {
        guard case .comprehension(let c) = expr.kind else { return LiteralNode(.null, offset: expr.offset) }
        let range = try compile(c.range)
        let index = scopes.count
        scopes.append((c.variable, index))
        if let second = c.variable2 { scopes.append((second, index + 1)) }
        maxLocals = max(maxLocals, scopes.count)
        defer { scopes.removeLast(c.variable2 == nil ? 1 : 2) }
        let predicate: Node? = if let p = c.predicate { try compile(p) } else { nil }
        let transform: Node? = if let t = c.transform { try compile(t) } else { nil }
        return ComprehensionNode(c.macro, range: range, local: index, twoVariables: c.variable2 != nil,
                                 predicate: predicate, transform: transform, offset: expr.offset)
    }

    @inline(never)
    private mutating func compileOperator(_ expr: Expr) throws(ExprError) -> Node {
        switch expr.kind {
        case .index: return try compileIndex(expr)
        case .list: return try compileList(expr)
        case .map: return try compileMap(expr)
        case .unary: return try compileUnary(expr)
        case .binary: return try compileBinary(expr)
        case .and, .or: return try compileLogical(expr)
        case .conditional: return try compileConditional(expr)
        case .literal, .ident, .select, .call, .comprehension: return try compile(expr)
        }
    }

    @inline(never)
    private mutating func compileIndex(_ expr: Expr) throws(ExprError) -> Node {
        guard case .index(let operand, let index) = expr.kind else { return LiteralNode(.null, offset: expr.offset) }
        return IndexNode(try compile(operand), try compile(index), offset: expr.offset)
    }

    @inline(never)
    private mutating func compileList(_ expr: Expr) throws(ExprError) -> Node {
        guard case .list(let items) = expr.kind else { return LiteralNode(.null, offset: expr.offset) }
        var nodes: [Node] = []
        for item in items { nodes.append(try compile(item)) }
        if nodes.allSatisfy({ $0 is LiteralNode }) {
            return LiteralNode(.list(nodes.compactMap { ($0 as? LiteralNode)?.value }), offset: expr.offset)
        }
        return ListNode(nodes, offset: expr.offset)
    }

    @inline(never)
    private mutating func compileMap(_ expr: Expr) throws(ExprError) -> Node {
        guard case .map(let entries) = expr.kind else { return LiteralNode(.null, offset: expr.offset) }
        var nodes: [(key: Node, value: Node)] = []
        for (k, v) in entries { nodes.append((try compile(k), try compile(v))) }
        return MapNode(nodes, offset: expr.offset)
    }

    @inline(never)
    private mutating func compileUnary(_ expr: Expr) throws(ExprError) -> Node {
        guard case .unary(let op, let operand) = expr.kind else { return LiteralNode(.null, offset: expr.offset) }
        let inner = try compile(operand)
        return op == .not ? NotNode(inner, offset: expr.offset) : NegateNode(inner, offset: expr.offset)
    }

    @inline(never)
    private mutating func compileBinary(_ expr: Expr) throws(ExprError) -> Node {
        guard case .binary(let op, let l, let r) = expr.kind else { return LiteralNode(.null, offset: expr.offset) }
        let left = try compile(l), right = try compile(r)
        if op == .equal || op == .notEqual, let constant = right as? LiteralNode {
            return CompareConstantNode(left, constant.value, negated: op == .notEqual, offset: expr.offset)
        }
        return BinaryNode(op, left, right, offset: expr.offset)
    }

    @inline(never)
    private mutating func compileLogical(_ expr: Expr) throws(ExprError) -> Node {
        switch expr.kind {
        case .and(let l, let r): return AndNode(try compile(l), try compile(r), offset: expr.offset)
        case .or(let l, let r): return OrNode(try compile(l), try compile(r), offset: expr.offset)
        default: return LiteralNode(.null, offset: expr.offset)
        }
    }

    @inline(never)
    private mutating func compileConditional(_ expr: Expr) throws(ExprError) -> Node {
        guard case .conditional(let c, let t, let o) = expr.kind else { return LiteralNode(.null, offset: expr.offset) }
        return ConditionalNode(try compile(c), try compile(t), try compile(o), offset: expr.offset)
    }

    private static func fold(_ node: Node) -> Value? {
        struct NoVariables: Activation { func value(at slot: Int) -> Value? { nil } }
        var context = EvalContext(activation: NoVariables(), budget: 10_000, localCount: 0)
        return try? node.eval(&context)
    }

    private mutating func resolve(_ name: String, absolute: Bool, at: Int) -> Node {
        if !absolute, let local = scopes.last(where: { $0.name == name }) {
            return LocalNode(index: local.index, offset: at)
        }
        if let slot = environment.slot(of: name) {
            variableReads += 1
            return VariableNode(slot: slot, name: name, offset: at)
        }
        if let type = CELType.namedTypes[name] {
            return LiteralNode(.type(type), offset: at)
        }
        return UnboundNode(name: name, offset: at)
    }

    /// The dotted name a select chain spells (`a.b.c`), when its root is not a local variable.
    func qualifiedName(_ expr: Expr) -> (name: String, offset: Int)? {
        switch expr.kind {
        case .ident(let name, let absolute):
            if !absolute && scopes.contains(where: { $0.name == name }) { return nil }
            return (name, expr.offset)
        case .select(let operand, let field, _):
            guard field.isPlainIdentifier, let base = qualifiedName(operand) else { return nil }
            return (base.name + "." + field, base.offset)
        default:
            return nil
        }
    }

    private mutating func compileCall(_ function: String, target: Expr?, args: [Expr], at: Int) throws(ExprError) -> Node {
        // A dotted function name such as `math.abs(x)` parses as a member call on `math`.
        if let target, let qualified = qualifiedName(target), environment.slot(of: qualified.name) == nil,
           scopes.isEmpty || !scopes.contains(where: { $0.name == qualified.name }),
           !environment.functions.overloads(qualified.name + "." + function).isEmpty {
            return try compileCall(qualified.name + "." + function, target: nil, args: args, at: at)
        }
        var nodes: [Node] = []
        if let target { nodes.append(try compile(target)) }
        for arg in args { nodes.append(try compile(arg)) }
        let isMember = target != nil
        var candidates = environment.functions.overloads(function).filter {
            $0.isMember == isMember && $0.parameters.count == nodes.count
        }
        if candidates.count == 1 {
            let constants = nodes.map { ($0 as? LiteralNode)?.value }
            if constants.contains(where: { $0 != nil }) {
                do {
                    if let bound = try candidates[0].bound(to: constants) { candidates = [bound] }
                } catch {
                    return ErrorNode(error.located(at))
                }
            }
        }
        if candidates.isEmpty {
            let style = isMember ? "receiver function" : "function"
            return ErrorNode(EvalError(.noMatchingOverload, "no \(style) '\(function)' taking \(args.count) argument(s)", offset: at))
        }
        let node: Node
        if candidates.count == 1, nodes.count == 1 {
            node = UnaryCallNode(arg: nodes[0], overload: candidates[0], offset: at)
        } else if candidates.count == 1, nodes.count == 3, let f = candidates[0].implementation3 {
            node = TernaryCallNode(nodes[0], nodes[1], nodes[2], overload: candidates[0], implementation: f, offset: at)
        } else {
            node = CallNode(name: function, args: nodes, candidates: candidates, offset: at)
        }
        // Every registered function is pure, so a call on literals (`duration('24h')`) is
        // evaluated once here; one that fails is left to fail at run time, where it is reported.
        if nodes.allSatisfy({ $0 is LiteralNode }), let value = Self.fold(node) {
            return LiteralNode(value, offset: at)
        }
        return node
    }
}
