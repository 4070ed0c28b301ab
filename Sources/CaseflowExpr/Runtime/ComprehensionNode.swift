/// The list and map macros. With one variable it ranges over a list's elements or a map's keys;
/// with two, over (index, element) or (key, value) pairs.
final class ComprehensionNode: Node, @unchecked Sendable {
    let macro: Comprehension.Macro
    let range: Node
    let local: Int
    let twoVariables: Bool
    let predicate: Node?
    let transform: Node?

    init(_ macro: Comprehension.Macro, range: Node, local: Int, twoVariables: Bool, predicate: Node?, transform: Node?, offset: Int) {
        self.macro = macro; self.range = range; self.local = local; self.twoVariables = twoVariables
        self.predicate = predicate; self.transform = transform
        super.init(offset: offset)
    }

    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        // Each item: the first variable's value and, with two variables, the second's.
        let items: [(Value, Value)]
        switch try range.eval(&ctx) {
        case .list(let list):
            items = twoVariables ? list.enumerated().map { (.int(Int64($0.offset)), $0.element) } : list.map { ($0, .null) }
        case .map(let map):
            items = map.entries.map { ($0.key.value, $0.value) }
        case let other:
            throw EvalError(.noMatchingOverload, "\(macro.rawValue)() needs a list or a map, not \(other.kindName)", offset: offset)
        }
        switch macro {
        case .all, .exists:
            // Errors are absorbed like && and ||: a decisive element wins over an error.
            let decisive = macro == .exists
            var firstError: EvalError?
            for item in items {
                try bind(item, &ctx)
                do {
                    if try predicate?.evalBool(&ctx, macro.rawValue) == decisive { return .bool(decisive) }
                } catch {
                    if error.kind == .costLimitExceeded { throw error }
                    if firstError == nil { firstError = error }
                }
            }
            if let firstError { throw firstError }
            return .bool(!decisive)
        case .existsOne:
            var count = 0
            for item in items {
                try bind(item, &ctx)
                if try predicate?.evalBool(&ctx, macro.rawValue) == true { count += 1 }
            }
            return .bool(count == 1)
        case .map, .filter, .transformList:
            var out: [Value] = []
            for item in items {
                try bind(item, &ctx)
                if let predicate, try !predicate.evalBool(&ctx, macro.rawValue) { continue }
                out.append(try transform?.eval(&ctx) ?? item.0)
            }
            return .list(out)
        case .transformMap:
            var out = CELMap()
            for item in items {
                try bind(item, &ctx)
                if let predicate, try !predicate.evalBool(&ctx, macro.rawValue) { continue }
                guard let key = MapKey(item.0) else { continue }
                out.insert(key, try transform?.eval(&ctx) ?? item.1)
            }
            return .map(out)
        }
    }

    @inline(__always)
    private func bind(_ item: (Value, Value), _ ctx: inout EvalContext) throws(EvalError) {
        try ctx.tick(offset)
        ctx.locals[local] = item.0
        if twoVariables { ctx.locals[local + 1] = item.1 }
    }
}
