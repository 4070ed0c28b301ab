/// Parses CEL source text into an ``Expr`` tree, expanding the standard macros.
///
/// ```swift
/// let ast = try Parser.parse("order.channel == 'online' && size(items) > 0")
/// ```
/// Syntax errors carry the line and column inside the expression.
public struct Parser {
    private var tokens: [Token]
    private var p = 0
    private var depth = 0
    private let lexer: Lexer

    /// Words an identifier cannot be (`return`, `in`, `true` …): a name containing one as a
    /// dotted part could never be written in an expression.
    public static let reservedWords: Set<String> = Lexer.reserved.union(Lexer.keywords)

    /// The highest expression tree the parser accepts, counting every operator, call, index and
    /// literal list on the way down (`a && b && c` is three levels). Every later walk (checker,
    /// compiler, evaluator, rendering) recurses once per level, so this bounds their stacks.
    public static let maxDepth = 100
    /// How deeply parentheses, brackets, braces, call arguments and `?:` may nest (CEL asks for
    /// at least 32). The parser recurses through about ten functions per nesting, so this is
    /// smaller than ``maxDepth``; together they keep the deepest accepted expression inside a
    /// 1 MiB thread stack even in a debug build (DepthLimitTests).
    public static let maxNesting = 40

    /// Parses one expression; the whole text must be consumed.
    public static func parse(_ source: String) throws(ExprError) -> Expr {
        var lexer = Lexer(source)
        let tokens = try lexer.tokenize()
        var parser = Parser(tokens: tokens, lexer: lexer)
        let expr = try parser.expression()
        if case .end = parser.current.kind { return expr }
        throw parser.error("unexpected \(parser.describe(parser.current)) after the end of the expression", parser.current.offset)
    }

    private init(tokens: [Token], lexer: Lexer) {
        self.tokens = tokens
        self.lexer = lexer
    }

    private var current: Token { tokens[p] }

    private func error(_ message: String, _ offset: Int) -> ExprError {
        ExprError(.syntax, message, at: lexer.position(offset))
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .end: return "end of expression"
        case .symbol(let s): return "'\(s)'"
        case .ident(let s): return "'\(s)'"
        case .quotedIdent(let s): return "quoted field name `\(s)` (it may only follow a '.')"
        case .string: return "string"
        case .bytes: return "bytes"
        default: return "number"
        }
    }

    private func isSymbol(_ s: String) -> Bool {
        if case .symbol(let t) = current.kind { return t == s }
        return false
    }

    private mutating func accept(_ s: String) -> Bool {
        if isSymbol(s) { p += 1; return true }
        return false
    }

    private mutating func expect(_ s: String, _ context: String) throws(ExprError) {
        guard accept(s) else {
            throw error("expected '\(s)' \(context), found \(describe(current))", current.offset)
        }
    }

    /// Builds a node, refusing one that would make the tree higher than ``maxDepth``: a chain
    /// such as `a && b && c …` or `!!!…x` adds one level per operator without nesting any
    /// parenthesis, and every later walk over the tree recurses once per level.
    private func node(_ kind: Expr.Kind, at offset: Int) throws(ExprError) -> Expr {
        try bounded(Expr(kind, at: offset))
    }

    private func bounded(_ expr: Expr) throws(ExprError) -> Expr {
        guard expr.height > Self.maxDepth else { return expr }
        throw error("expression is more than \(Self.maxDepth) levels deep (each operator of a chain such as 'a && b && c' or '!!x' adds a level); split it into named rules or smaller expressions", expr.offset)
    }

    private mutating func nest() throws(ExprError) {
        depth += 1
        if depth > Self.maxNesting {
            throw error("expression nests parentheses, brackets, calls or '? :' more than \(Self.maxNesting) deep; split it into named rules or smaller expressions", current.offset)
        }
    }

    mutating func expression() throws(ExprError) -> Expr {
        try nest()
        defer { depth -= 1 }
        let start = current.offset
        let condition = try conditionalOr()
        guard accept("?") else { return condition }
        let then = try conditionalOr()
        try expect(":", "in a conditional 'c ? a : b'")
        let otherwise = try expression()
        return try node(.conditional(condition, then, otherwise), at: start)
    }

    private mutating func conditionalOr() throws(ExprError) -> Expr {
        var left = try conditionalAnd()
        while isSymbol("||") {
            let at = current.offset
            p += 1
            left = try node(.or(left, try conditionalAnd()), at: at)
        }
        return left
    }

    private mutating func conditionalAnd() throws(ExprError) -> Expr {
        var left = try relation()
        while isSymbol("&&") {
            let at = current.offset
            p += 1
            left = try node(.and(left, try relation()), at: at)
        }
        return left
    }

    private static let relations: [String: BinaryOperator] = [
        "==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual, "in": .in,
    ]

    private mutating func relation() throws(ExprError) -> Expr {
        var left = try addition()
        while case .symbol(let s) = current.kind, let op = Self.relations[s] {
            let at = current.offset
            p += 1
            left = try node(.binary(op, left, try addition()), at: at)
        }
        return left
    }

    private mutating func addition() throws(ExprError) -> Expr {
        var left = try multiplication()
        while case .symbol(let s) = current.kind, s == "+" || s == "-" {
            let at = current.offset
            p += 1
            left = try node(.binary(s == "+" ? .add : .subtract, left, try multiplication()), at: at)
        }
        return left
    }

    private mutating func multiplication() throws(ExprError) -> Expr {
        var left = try unary()
        while case .symbol(let s) = current.kind, s == "*" || s == "/" || s == "%" {
            let at = current.offset
            p += 1
            let op: BinaryOperator = s == "*" ? .multiply : s == "/" ? .divide : .modulo
            left = try node(.binary(op, left, try unary()), at: at)
        }
        return left
    }

    private mutating func unary() throws(ExprError) -> Expr {
        if isSymbol("!") {
            var offsets: [Int] = []
            while isSymbol("!") { offsets.append(current.offset); p += 1 }
            var operand = try member()
            for at in offsets.reversed() { operand = try node(.unary(.not, operand), at: at) }
            return operand
        }
        if isSymbol("-") {
            var offsets: [Int] = []
            while isSymbol("-") { offsets.append(current.offset); p += 1 }
            // A minus directly before a number literal is part of the literal, so that
            // -9223372036854775808 is the smallest int rather than an overflow.
            var operand: Expr
            if case .int(let magnitude) = current.kind {
                let litStart = current.offset
                p += 1
                guard magnitude <= UInt64(Int64.max) + 1 else {
                    throw error("integer literal is out of range for int", litStart)
                }
                let value = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
                operand = try postfix(try node(.literal(.int(value)), at: offsets.removeLast()))
            } else if case .double(let d) = current.kind {
                p += 1
                operand = try postfix(try node(.literal(.double(-d)), at: offsets.removeLast()))
            } else {
                operand = try member()
            }
            for at in offsets.reversed() { operand = try node(.unary(.negate, operand), at: at) }
            return operand
        }
        return try member()
    }

    private mutating func member() throws(ExprError) -> Expr {
        try postfix(try primary())
    }

    private mutating func postfix(_ base: Expr) throws(ExprError) -> Expr {
        var expr = base
        while true {
            let at = current.offset
            if accept(".") {
                if case .quotedIdent(let name) = current.kind {
                    p += 1
                    if isSymbol("(") {
                        throw error("a quoted name selects a field and cannot be called; write the function's name without backticks", current.offset)
                    }
                    expr = try node(.select(expr, field: name, testOnly: false), at: at)
                    continue
                }
                guard case .ident(let name) = current.kind else {
                    throw error("expected a field or method name after '.', found \(describe(current))", current.offset)
                }
                p += 1
                if accept("(") {
                    let args = try arguments(closing: ")")
                    if let macro = try Macros.expand(function: name, target: expr, args: args, at: at, lexer: lexer) {
                        expr = try bounded(macro)
                    } else {
                        expr = try node(.call(function: name, target: expr, args: args), at: at)
                    }
                } else {
                    expr = try node(.select(expr, field: name, testOnly: false), at: at)
                }
            } else if accept("[") {
                let index = try expression()
                try expect("]", "to close the index")
                expr = try node(.index(expr, index), at: at)
            } else {
                return expr
            }
        }
    }

    private mutating func arguments(closing: String) throws(ExprError) -> [Expr] {
        var args: [Expr] = []
        if accept(closing) { return args }
        repeat {
            if closing == "]" && isSymbol("]") { break } // trailing comma in a list
            args.append(try expression())
        } while accept(",")
        try expect(closing, closing == ")" ? "to close the argument list" : "to close the list")
        return args
    }

    private mutating func primary() throws(ExprError) -> Expr {
        let token = current
        let start = token.offset
        switch token.kind {
        case .int(let magnitude):
            p += 1
            guard magnitude <= UInt64(Int64.max) else {
                throw error("integer literal is out of range for int; add 'u' for a uint", start)
            }
            return try node(.literal(.int(Int64(magnitude))), at: start)
        case .uint(let v): p += 1; return try node(.literal(.uint(v)), at: start)
        case .double(let v): p += 1; return try node(.literal(.double(v)), at: start)
        case .string(let s): p += 1; return try node(.literal(.string(s)), at: start)
        case .bytes(let b): p += 1; return try node(.literal(.bytes(b)), at: start)
        case .ident(let name):
            p += 1
            return try identifier(name, absolute: false, start: start)
        case .symbol("."):
            p += 1
            guard case .ident(let name) = current.kind else {
                throw error("expected an identifier after a leading '.'", current.offset)
            }
            p += 1
            return try identifier(name, absolute: true, start: start)
        case .symbol("("):
            p += 1
            let inner = try expression()
            try expect(")", "to close the parenthesis")
            return inner
        case .symbol("["):
            p += 1
            let items = try arguments(closing: "]")
            return try node(.list(items), at: start)
        case .symbol("{"):
            p += 1
            let entries = try mapEntries()
            return try node(.map(entries), at: start)
        case .end:
            throw error("expression ends too early: an operand is missing", start)
        default:
            throw error("unexpected \(describe(token))", start)
        }
    }

    private mutating func identifier(_ name: String, absolute: Bool, start: Int) throws(ExprError) -> Expr {
        if !absolute {
            switch name {
            case "true": return try node(.literal(.bool(true)), at: start)
            case "false": return try node(.literal(.bool(false)), at: start)
            case "null": return try node(.literal(.null), at: start)
            default: break
            }
        }
        if Lexer.reserved.contains(name) {
            throw error("'\(name)' is a reserved word and cannot be used as an identifier", start)
        }
        if accept("(") {
            let args = try arguments(closing: ")")
            if let macro = try Macros.expand(function: name, target: nil, args: args, at: start, lexer: lexer) { return try bounded(macro) }
            return try node(.call(function: name, target: nil, args: args), at: start)
        }
        if isSymbol("{") {
            throw ExprError(.unsupported, "message construction '\(name){…}' is not supported: Caseflow has no protobuf messages", at: lexer.position(start))
        }
        return try node(.ident(name, absolute: absolute), at: start)
    }

    private mutating func mapEntries() throws(ExprError) -> [(key: Expr, value: Expr)] {
        var entries: [(key: Expr, value: Expr)] = []
        if accept("}") { return entries }
        repeat {
            if isSymbol("}") { break }
            let key = try expression()
            try expect(":", "between a map key and its value")
            let value = try expression()
            entries.append((key, value))
        } while accept(",")
        try expect("}", "to close the map")
        return entries
    }
}
