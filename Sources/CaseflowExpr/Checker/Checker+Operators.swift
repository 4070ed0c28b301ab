/// Operator typing for the checker. Numbers of different kinds may be compared (CEL's runtime
/// compares them by value) but not combined arithmetically, as CEL does not convert implicitly.
extension Checker {
    mutating func unaryType(_ op: UnaryOperator, _ t: CELType, at offset: Int) -> CELType {
        switch op {
        case .not:
            requireBool(t, "'!'", at: offset)
            return .bool
        case .negate:
            if [.dyn, .int, .double, .duration, .error].contains(t) || t.isParameter { return t }
            report(.noMatchingOverload, "'-' cannot negate \(t)", at: offset)
            return .dyn
        }
    }

    mutating func binaryType(_ op: BinaryOperator, _ l: CELType, _ r: CELType, at offset: Int) -> CELType {
        if l == .error || r == .error { return [.add, .subtract, .multiply, .divide, .modulo].contains(op) ? .error : .bool }
        let unknown = l == .dyn || r == .dyn || l.isParameter || r.isParameter
        switch op {
        case .equal, .notEqual:
            if !unknown && !l.isAssignable(to: r) && !r.isAssignable(to: l) && !(l.isNumber && r.isNumber) {
                report(.typeMismatch, "cannot compare \(l) with \(r) using '\(op.rawValue)'", at: offset)
            }
            return .bool
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let ordered: Set<CELType> = [.int, .uint, .double, .string, .bytes, .bool, .timestamp, .duration]
            if !unknown && !((l.isNumber && r.isNumber) || (l == r && ordered.contains(l))) {
                report(.typeMismatch, "cannot order \(l) and \(r) with '\(op.rawValue)'", at: offset)
            }
            return .bool
        case .in:
            switch r {
            case .list(let element):
                if !unknown && !l.isAssignable(to: element) && !element.isAssignable(to: l) && !(l.isNumber && element.isNumber) {
                    report(.typeMismatch, "\(l) cannot be an element of \(r)", at: offset)
                }
            case .map(let key, _):
                if !unknown && !l.isAssignable(to: key) && !(l.isNumber && key.isNumber) {
                    report(.typeMismatch, "\(l) cannot be a key of \(r)", at: offset)
                }
            case .dyn, .parameter: break
            default: report(.noMatchingOverload, "'in' needs a list or a map on its right, not \(r)", at: offset)
            }
            return .bool
        case .add, .subtract, .multiply, .divide, .modulo:
            if unknown {
                if l == .dyn && r == .dyn { return .dyn }
                let known = l == .dyn ? r : l
                if op == .subtract && known == .timestamp { return .dyn }
                return known.isParameter ? .dyn : known
            }
            if let result = arithmeticResult(op, l, r) { return result }
            report(.noMatchingOverload, "'\(op.rawValue)' cannot combine \(l) and \(r)\(l.isNumber && r.isNumber ? "; convert one side, e.g. double(x)" : "")", at: offset)
            return .dyn
        default:
            return .dyn
        }
    }

    private func arithmeticResult(_ op: BinaryOperator, _ l: CELType, _ r: CELType) -> CELType? {
        switch (op, l, r) {
        case (.modulo, .int, .int), (.modulo, .uint, .uint): return l
        case (.modulo, _, _): return nil
        case (_, .int, .int), (_, .uint, .uint), (_, .double, .double): return l
        case (.add, .string, .string), (.add, .bytes, .bytes): return l
        case (.add, .list(let a), .list(let b)): return .list(a == b ? a : .dyn)
        case (.add, .timestamp, .duration), (.add, .duration, .timestamp): return .timestamp
        case (.add, .duration, .duration), (.subtract, .duration, .duration): return .duration
        case (.subtract, .timestamp, .duration): return .timestamp
        case (.subtract, .timestamp, .timestamp): return .duration
        default: return nil
        }
    }
}

extension CELType {
    var isParameter: Bool { if case .parameter = self { return true } else { return false } }
}
