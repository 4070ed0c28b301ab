/// Name resolution for the checker: identifiers, dotted case fields and field selection.
extension Checker {
    mutating func identifierType(_ name: String, absolute: Bool, at offset: Int) -> CELType {
        if !absolute, let local = scopes.last(where: { $0.name == name }) { return local.type }
        if let slot = environment.slot(of: name) { return environment.variables[slot].type }
        if let type = CELType.namedTypes[name] { return .type(type) }
        if environment.isNamespace(name) { return .dyn } // resolved by the enclosing select
        let candidates = environment.variables.map(\.name) + scopes.map(\.name)
        report(.unknownIdentifier, "unknown name '\(name)'", at: offset,
               suggestion: Suggestion.closest(to: name, among: candidates))
        return .error
    }

    /// The dotted name a select chain spells, unless its root is a comprehension variable.
    func dottedName(_ expr: Expr) -> String? {
        switch expr.kind {
        case .ident(let name, let absolute):
            if !absolute && scopes.contains(where: { $0.name == name }) { return nil }
            return name
        case .select(let operand, let field, _):
            // A quoted field (`a.`b.c``) is a map key, never part of a variable's dotted name.
            guard field.isPlainIdentifier else { return nil }
            return dottedName(operand).map { $0 + "." + field }
        default:
            return nil
        }
    }

    /// Where a dotted name starts, so a message points at `order.deliverd_at`, not at its dot.
    func rootOffset(_ expr: Expr) -> Int {
        if case .select(let operand, _, _) = expr.kind { return rootOffset(operand) }
        return expr.offset
    }

    mutating func selectType(_ expr: Expr, operand: Expr, field: String, testOnly: Bool) -> CELType {
        if let path = dottedName(expr) {
            if environment.slot(of: path) == nil, let named = CELType.namedTypes[path] { return .type(named) }
            if let slot = environment.slot(of: path) {
                return testOnly ? .bool : environment.variables[slot].type
            }
            if environment.isNamespace(path) {
                if testOnly { report(.unknownField, "has() needs a field, but '\(path)' is a group of fields", at: expr.offset) }
                return .dyn
            }
            if let parent = dottedName(operand), environment.isNamespace(parent), environment.slot(of: parent) == nil {
                report(.unknownField, "unknown field '\(path)'", at: rootOffset(expr),
                       suggestion: Suggestion.closest(to: path, among: environment.names(under: parent)))
                return .error
            }
        }
        let base = type(of: operand)
        switch base {
        case .dyn, .parameter: return testOnly ? .bool : .dyn
        case .error: return .error
        case .map(let key, let value):
            if !CELType.string.isAssignable(to: key) {
                report(.typeMismatch, "cannot select '\(field)' from a map with \(key) keys", at: expr.offset)
            }
            return testOnly ? .bool : value
        default:
            report(.typeMismatch, "\(base) has no fields, so '.\(field)' cannot be selected", at: expr.offset)
            return .error
        }
    }

    mutating func indexType(_ base: CELType, _ index: CELType, at offset: Int) -> CELType {
        switch base {
        case .dyn, .parameter: return .dyn
        case .error: return .error
        case .list(let element):
            if ![.dyn, .int, .uint].contains(index) {
                report(.typeMismatch, "a list index must be an int, not \(index)", at: offset)
            }
            return element
        case .map(let key, let value):
            if !index.isAssignable(to: key) && !(key.isNumber && index.isNumber) {
                report(.typeMismatch, "this map has \(key) keys, but the index is \(index)", at: offset)
            }
            return value
        default:
            report(.typeMismatch, "\(base) cannot be indexed", at: offset)
            return .dyn
        }
    }
}

extension CELType {
    var isNumber: Bool { self == .int || self == .uint || self == .double }
}
