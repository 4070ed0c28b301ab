/// The list macros over a list (its elements) or a map (its keys).
final class ComprehensionNode: Node, @unchecked Sendable {
    let macro: Comprehension.Macro
    let range: Node
    let local: Int
    let predicate: Node?
    let transform: Node?

    init(_ macro: Comprehension.Macro, range: Node, local: Int, predicate: Node?, transform: Node?, offset: Int) {
        self.macro = macro; self.range = range; self.local = local
        self.predicate = predicate; self.transform = transform
        super.init(offset: offset)
    }

    override func eval(_ ctx: inout EvalContext) throws(EvalError) -> Value {
        let items: [Value]
        switch try range.eval(&ctx) {
        case .list(let list): items = list
        case .map(let map): items = map.keys.map(\.value)
        case let other:
            throw EvalError(.noMatchingOverload, "\(macro.rawValue)() needs a list or a map, not \(other.kindName)", offset: offset)
        }
        switch macro {
        case .all, .exists:
            // Errors are absorbed like && and ||: a decisive element wins over an error.
            let decisive = macro == .exists
            var firstError: EvalError?
            for item in items {
                try ctx.tick(offset)
                ctx.locals[local] = item
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
                try ctx.tick(offset)
                ctx.locals[local] = item
                if try predicate?.evalBool(&ctx, macro.rawValue) == true { count += 1 }
            }
            return .bool(count == 1)
        case .map, .filter:
            var out: [Value] = []
            for item in items {
                try ctx.tick(offset)
                ctx.locals[local] = item
                if let predicate, try !predicate.evalBool(&ctx, macro.rawValue) { continue }
                out.append(try transform?.eval(&ctx) ?? item)
            }
            return .list(out)
        }
    }
}
