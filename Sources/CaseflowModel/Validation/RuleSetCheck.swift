import CaseflowExpr
import CaseflowSource
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
        chains(dependencies, set: set, &bag)
    }

    /// How many rules may depend on each other in a row. A rule is evaluated when a rule that
    /// reads it is, one evaluation inside the other, so a chain's length is how deep the
    /// evaluation nests; ops-written rules stay within a handful.
    static let maxChain = 16

    /// A chain of rules longer than ``maxChain``, reported once, at the rule that starts it.
    private static func chains(_ deps: [String: [(String, SourceLocation)]], set: RuleSet, _ bag: inout DiagnosticBag) {
        let chains = DependencyCycles.longestChains(deps)
        guard let start = chains.max(by: { ($0.value.length, $1.key) < ($1.value.length, $0.key) })?.key,
              (chains[start]?.length ?? 0) > maxChain, let rule = set.rules.first(where: { $0.name == start }) else { return }
        let chain = DependencyCycles.chain(from: start, in: chains)
        let shown = DependencyCycles.shown(chain)
        bag.error(.ruleChainTooLong, at: rule.when.location,
                  "rule '\(set.id)/\(start)' starts a chain of \(chain.count) rules that each read the next (\(shown)); at most \(maxChain) may, so that a case is decided without nesting evaluations without end; merge conditions into fewer rules")
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
        for cycle in DependencyCycles.find(deps, from: deps.keys.sorted()) {
            bag.error(.ruleCycle, at: cycle.location, "rules of '\(setID)' depend on each other in a cycle: \(cycle.shown); a rule cannot be decided by itself")
        }
    }
}
