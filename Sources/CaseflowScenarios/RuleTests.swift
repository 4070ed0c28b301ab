import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import CaseflowSource
import CaseflowYAML

/// Dated tests of policy rules, read from `rule_tests:` files: a rule, a time, a case's data,
/// and the answer the law gives.
public struct RuleTest: Sendable {
    public var name: String
    public var ruleSet: String
    public var rule: String
    public var at: Timestamp
    public var data: [String: Value]
    public var expect: Bool
    public var location: SourceLocation

    /// Reads a `rule_tests: SET` file's `tests:` list.
    public static func read(_ root: YAMLNode) throws(ScenarioReader.Problem) -> [RuleTest] {
        let set = try ScenarioReader.text(root, "rule_tests")
        guard let items = root["tests"]?.items else {
            throw ScenarioReader.Problem(location: root.location, message: "a rule test file needs a 'tests:' list")
        }
        var tests: [RuleTest] = []
        for item in items {
            try ScenarioReader.keys(item, ["name", "rule", "at", "data", "expect", "description"], "a rule test")
            guard let expect = item["expect"]?.bool else {
                throw ScenarioReader.Problem(location: item["expect"]?.location ?? item.location, message: "'expect' must be true or false")
            }
            tests.append(RuleTest(name: try ScenarioReader.text(item, "name"), ruleSet: set, rule: try ScenarioReader.text(item, "rule"),
                                  at: try ScenarioReader.time(item, "at"), data: ScenarioReader.data(item["data"]),
                                  expect: expect, location: item.location))
        }
        return tests
    }

    /// Runs the test; nil when it passes, else what differed.
    public func run(_ sets: [String: CompiledRuleSet]) -> String? {
        guard let set = sets[ruleSet] else { return "unknown rule set '\(ruleSet)'" }
        do {
            let verdict = try set.evaluate(rule: rule, data: data, at: at)
            if verdict.result == expect { return nil }
            let because = verdict.conditions.map { c in
                "\(c.expression) = \(c.value?.debugText ?? "error")" + c.details.map { "; \($0.expression) = \($0.value?.debugText ?? "error")" }.joined()
            }.joined(separator: ", ")
            return "\(ruleSet)/\(rule) was \(verdict.result), expected \(expect) (\(because))"
        } catch {
            return "\(ruleSet)/\(rule) could not be evaluated: \(error.message)"
        }
    }
}
