/// Nodes that build or take apart lists and maps: literals, `.field`, `[index]` and `has()`.
final class ListNode: Node, @unchecked Sendable {
    let items: [Node]
    init(_ items: [Node], offset: Int) { self.items = items; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        try ctx.tick(offset)
        var out: [Value] = []
        out.reserveCapacity(items.count)
        for item in items { out.append(try item.eval(&ctx)) }
        return .list(out)
    }
}

final class MapNode: Node, @unchecked Sendable {
    let entries: [(key: Node, value: Node)]
    init(_ entries: [(key: Node, value: Node)], offset: Int) { self.entries = entries; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        try ctx.tick(offset)
        var map = CELMap()
        for (k, v) in entries {
            let keyValue = try k.eval(&ctx)
            guard let key = MapKey(keyValue) else {
                throw EvalError(.invalidArgument, "a map key must be bool, int, uint or string, not \(keyValue.kindName)", offset: k.offset)
            }
            if map.lookup(key) != nil {
                throw EvalError(.invalidArgument, "duplicate map key \(keyValue.debugText)", offset: k.offset)
            }
            map.insert(key, try v.eval(&ctx))
        }
        return .map(map)
    }
}

final class SelectNode: Node, @unchecked Sendable {
    let operand: Node
    let field: String
    init(_ operand: Node, field: String, offset: Int) { self.operand = operand; self.field = field; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        try ctx.tick(offset)
        let base = try operand.eval(&ctx)
        guard case .map(let map) = base else {
            throw EvalError(.noSuchField, "cannot select field '\(field)' from \(base.kindName)", offset: offset)
        }
        if let v = map[.string(field)] { return v }
        throw EvalError(.noSuchKey, "no such key: '\(field)'", offset: offset)
    }
}

final class HasNode: Node, @unchecked Sendable {
    let operand: Node
    let field: String
    init(_ operand: Node, field: String, offset: Int) { self.operand = operand; self.field = field; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        let base = try operand.eval(&ctx)
        guard case .map(let map) = base else {
            throw EvalError(.noSuchField, "has() cannot test field '\(field)' on \(base.kindName)", offset: offset)
        }
        return .bool(map[.string(field)] != nil)
    }
}

final class IndexNode: Node, @unchecked Sendable {
    let operand: Node, index: Node
    init(_ operand: Node, _ index: Node, offset: Int) { self.operand = operand; self.index = index; super.init(offset: offset) }
    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        try ctx.tick(offset)
        let base = try operand.eval(&ctx)
        let key = try index.eval(&ctx)
        switch base {
        case .list(let items):
            let position: Int64
            switch key {
            case .int(let i): position = i
            case .uint(let u) where u <= UInt64(Int64.max): position = Int64(u)
            case .double(let d) where d.rounded() == d && abs(d) < 9.2e18: position = Int64(d)
            default:
                throw EvalError(.noMatchingOverload, "a list index must be an integer, not \(key.debugText)", offset: offset)
            }
            guard position >= 0, position < items.count else {
                throw EvalError(.invalidArgument, "index \(position) out of range for a list of size \(items.count)", offset: offset)
            }
            return items[Int(position)]
        case .map(let map):
            if let v = map.lookup(key) { return v }
            if MapKey(key) == nil, case .double = key {} else if MapKey(key) == nil {
                throw EvalError(.noMatchingOverload, "a map key cannot be \(key.kindName)", offset: offset)
            }
            throw EvalError(.noSuchKey, "no such key: \(key.debugText)", offset: offset)
        default:
            throw EvalError(.noMatchingOverload, "cannot index \(base.kindName)", offset: offset)
        }
    }
}
