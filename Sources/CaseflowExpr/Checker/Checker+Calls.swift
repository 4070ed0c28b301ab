/// Call and macro typing for the checker: overload resolution against the function table.
extension Checker {
    mutating func callType(_ function: String, target: Expr?, args: [Expr], at offset: Int) -> CELType {
        // `math.abs(x)`-style names: a dotted call name registered as a global function.
        if let target, let qualified = dottedName(target), environment.slot(of: qualified) == nil,
           !environment.functions.overloads(qualified + "." + function).isEmpty {
            return callType(qualified + "." + function, target: nil, args: args, at: offset)
        }
        var types: [CELType] = []
        if let target { types.append(type(of: target)) }
        for arg in args { types.append(type(of: arg)) }
        let isMember = target != nil
        let all = environment.functions.overloads(function)
        if all.isEmpty {
            report(.unknownFunction, "unknown function '\(function)'", at: offset,
                   suggestion: Suggestion.closest(to: function, among: environment.functions.names))
            return .dyn
        }
        if types.contains(.error) { return .error }
        let shaped = all.filter { $0.isMember == isMember && $0.parameters.count == types.count }
        let matching = shaped.filter { o in zip(o.parameters, types).allSatisfy { $1.isAssignable(to: $0) } }
        if matching.isEmpty {
            let given = types.map(\.description).joined(separator: ", ")
            let known = all.map(\.signature).joined(separator: "; ")
            report(.noMatchingOverload, "'\(function)' cannot be applied to (\(given)); it takes \(known)", at: offset)
            return .dyn
        }
        if matching.count == 1 { checkLiterals(matching[0], target: target, args: args) }
        return join(matching.map { resultType($0, types) })
    }

    /// Functions whose literal arguments are checked by running them once while checking: pure
    /// parsers of text (durations, timestamps, regular expressions) that would otherwise fail
    /// only when a case reaches the expression.
    static let literalCheckedFunctions: Set<String> = ["duration", "timestamp", "matches"]

    /// Runs `overload` on its arguments when all of them are literals and it is one of
    /// ``literalCheckedFunctions``, reporting the error it would raise at run time.
    private mutating func checkLiterals(_ overload: Overload, target: Expr?, args: [Expr]) {
        guard Self.literalCheckedFunctions.contains(overload.name) else { return }
        var values: [Value] = []
        var last: Expr?
        for expr in [target].compactMap({ $0 }) + args {
            guard case .literal(let value) = expr.kind else { return }
            values.append(value)
            last = expr
        }
        guard let last else { return }
        do {
            _ = try overload.implementation(values)
        } catch {
            report(.invalidLiteral, error.message, at: last.offset)
        }
    }

    /// An overload's result with its type parameters bound from the argument types.
    private func resultType(_ overload: Overload, _ args: [CELType]) -> CELType {
        var bindings: [String: CELType] = [:]
        func bind(_ p: CELType, _ a: CELType) {
            switch (p, a) {
            case (.parameter(let n), _): bindings[n] = a
            case (.list(let pe), .list(let ae)): bind(pe, ae)
            case (.map(let pk, let pv), .map(let ak, let av)): bind(pk, ak); bind(pv, av)
            default: break
            }
        }
        for (p, a) in zip(overload.parameters, args) { bind(p, a) }
        func substitute(_ t: CELType) -> CELType {
            switch t {
            case .parameter(let n): return bindings[n] ?? .dyn
            case .list(let e): return .list(substitute(e))
            case .map(let k, let v): return .map(substitute(k), substitute(v))
            default: return t
            }
        }
        return substitute(overload.result)
    }

    mutating func comprehensionType(_ c: Comprehension, at offset: Int) -> CELType {
        let range = type(of: c.range)
        let element: CELType, value: CELType
        switch range {
        case .list(let e): (element, value) = c.variable2 == nil ? (e, .dyn) : (.int, e)
        case .map(let k, let v): (element, value) = (k, v)
        case .dyn, .parameter, .error: (element, value) = range == .error ? (.error, .error) : (.dyn, .dyn)
        default:
            report(.noMatchingOverload, "\(c.macro.rawValue)() needs a list or a map, not \(range)", at: offset)
            (element, value) = (.dyn, .dyn)
        }
        scopes.append((c.variable, element))
        if let second = c.variable2 { scopes.append((second, value)) }
        defer { scopes.removeLast(c.variable2 == nil ? 1 : 2) }
        if let p = c.predicate { requireBool(type(of: p), "the condition of \(c.macro.rawValue)()", at: p.offset) }
        switch c.macro {
        case .all, .exists, .existsOne: return .bool
        case .filter: return .list(element)
        case .map, .transformList: return .list(c.transform.map { type(of: $0) } ?? .dyn)
        case .transformMap: return .map(element, c.transform.map { type(of: $0) } ?? .dyn)
        }
    }
}
