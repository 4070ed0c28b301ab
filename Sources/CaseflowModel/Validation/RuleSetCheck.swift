import CaseflowExpr
import CaseflowYAML

/// Rule set checks: unique ids, rules that type-check as conditions over the declared fields,
/// and no rule that depends on itself through other rules.
enum RuleSetCheck {
    static func run(_ set: RuleSet, functions: FunctionTable, calendars: [String], _ bag: inout DiagnosticBag) {
        let scope = ExpressionScope(ruleSet: set, functions: functions)
        var dependencies: [String: [(String, SourceLocation)]] = [:]
        for rule in set.rules {
            let what = "rule '\(set.id)/\(rule.name)'"
            guard let checked = ExpressionCheck.check(rule.when, in: scope.base, expecting: .bool, what: what, bag: &bag) else { continue }
            CalendarReferences.check(checked.expr, source: rule.when, calendars: calendars, bag: &bag)
            dependencies[rule.name] = ruleReferences(checked.expr).map { name, offset in
                (name, rule.when.fileLocation(of: SourcePosition(offset: offset, in: rule.when.text)))
            }
        }
        cycles(dependencies, setID: set.id, &bag)
    }

    /// `rules.NAME` references in an expression, with their offsets.
    static func ruleReferences(_ expr: Expr) -> [(String, Int)] {
        var found: [(String, Int)] = []
        expr.walk { node in
            if case .select(let operand, let field, _) = node.kind, case .ident("rules", false) = operand.kind {
                found.append((field, operand.offset))
            }
        }
        return found
    }

    private static func cycles(_ deps: [String: [(String, SourceLocation)]], setID: String, _ bag: inout DiagnosticBag) {
        var state: [String: Int] = [:]
        var path: [String] = []
        var reported = Set<String>()
        func visit(_ rule: String) {
            state[rule] = 1
            path.append(rule)
            for (next, location) in deps[rule] ?? [] {
                if state[next] == 1 {
                    let cycle = Array(path[(path.firstIndex(of: next) ?? 0)...]) + [next]
                    if reported.insert(Set(cycle).sorted().joined(separator: ",")).inserted {
                        bag.error(.ruleCycle, at: location, "rules of '\(setID)' depend on each other in a cycle: \(cycle.joined(separator: " → ")); a rule cannot be decided by itself")
                    }
                } else if state[next] == nil, deps[next] != nil {
                    visit(next)
                }
            }
            path.removeLast()
            state[rule] = 2
        }
        for rule in deps.keys.sorted() where state[rule] == nil { visit(rule) }
    }
}
