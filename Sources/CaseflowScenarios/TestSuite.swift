import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import CaseflowSource
import CaseflowYAML

/// Everything `caseflow test` runs: scenario files and rule test files under the given paths,
/// with one line per test, transition coverage, and a closing `N passed, N failed`.
public struct TestSuite: Sendable {
    public var scenarios: [Scenario] = []
    public var ruleTests: [RuleTest] = []
    /// Files that could not be read.
    public var problems: [ScenarioReader.Problem] = []

    public init(paths: [String]) {
        var bag = DiagnosticBag()
        for path in DefinitionLoader.yamlFiles(under: paths, bag: &bag) {
            do {
                guard let root = try YAML.parse(contentsOf: path).root else { continue }
                if root["scenario"] != nil {
                    scenarios.append(try ScenarioReader.read(root))
                } else if root["rule_tests"] != nil {
                    ruleTests += try RuleTest.read(root)
                }
            } catch let error as ScenarioReader.Problem {
                problems.append(error)
            } catch let error as YAMLError {
                problems.append(ScenarioReader.Problem(location: error.location, message: error.message))
            } catch {
                problems.append(ScenarioReader.Problem(location: SourceLocation(file: path, line: 1, column: 1), message: "\(error)"))
            }
        }
        for d in bag.items { problems.append(ScenarioReader.Problem(location: d.location, message: d.message)) }
    }

    /// The outcome of a run.
    public struct Report: Sendable {
        public var lines: [String] = []
        public var passed = 0
        public var failed = 0
        public var coverage: [Coverage] = []
    }

    public func run(definitions: Definitions, engine: Engine) -> Report {
        var report = Report()
        for p in problems {
            report.lines.append("FAIL \(p.location): \(p.message)")
            report.failed += 1
        }
        let runner = ScenarioRunner(engine: engine)
        var taken: [String: Set<SourceLocation>] = [:]
        for scenario in scenarios {
            let result = runner.run(scenario)
            taken[result.workflow, default: []].formUnion(result.taken)
            for (workflow, locations) in result.childTaken { taken[workflow, default: []].formUnion(locations) }
            if result.passed {
                report.passed += 1
                report.lines.append("PASS \(result.file): \(result.scenario)")
            } else {
                report.failed += 1
                report.lines.append("FAIL \(result.file): \(result.scenario)")
                for f in result.failures { report.lines.append("  \(f)") }
            }
        }
        let functions = definitions.functionTable().functions
        var sets: [String: CompiledRuleSet] = [:]
        for set in definitions.ruleSets { sets[set.id] = try? CompiledRuleSet(set, functions: functions) }
        for test in ruleTests {
            if let failure = test.run(sets) {
                report.failed += 1
                report.lines.append("FAIL \(test.location): \(test.name)")
                report.lines.append("  \(failure)")
            } else {
                report.passed += 1
                report.lines.append("PASS \(test.location.file): \(test.ruleSet)/\(test.rule): \(test.name)")
            }
        }
        // Only the workflows the scenarios run: a file that tests one workflow reports on that one.
        report.coverage = definitions.workflows.filter { taken[$0.id] != nil }.map { Coverage($0, taken: taken[$0.id] ?? []) }
        return report
    }
}
