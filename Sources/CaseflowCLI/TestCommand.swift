import ArgumentParser
import CaseflowEngine
import CaseflowModel
import CaseflowScenarios
import Foundation

/// `caseflow test`: runs ops-written scenarios and dated rule tests, and reports coverage.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run workflow scenarios and rule tests; report which transitions no scenario took.",
        discussion: """
            Reads scenario files (first key 'scenario:') and rule test files (first key 'rule_tests:') \
            under the paths, default workflows/tests and rules/tests. Prints PASS or FAIL per test, what \
            differed (located in the test file), the transitions of each workflow that no scenario took, \
            and ends with 'N passed, N failed'. Exit status 1 when a test fails (or, with \
            --require-coverage, when a transition is not covered).
            """
    )

    @Argument(help: "Test files or directories (default: workflows/tests and rules/tests).")
    var paths: [String] = []

    @OptionGroup var definitions: DefinitionOptions

    @Flag(help: "Fail when some transition of a workflow is taken by no scenario.")
    var requireCoverage = false

    @Flag(help: "Print only failures and the summary.")
    var quiet = false

    func run() throws {
        let (loaded, engine) = try definitions.loadEngine()
        let targets = paths.isEmpty ? ["workflows/tests", "rules/tests"].filter { FileManager.default.fileExists(atPath: $0) } : paths
        let report = TestSuite(paths: targets).run(definitions: loaded, engine: engine)
        var out = ""
        for line in report.lines where !quiet || !line.hasPrefix("PASS") { out += line + "\n" }
        var uncovered = 0
        for coverage in report.coverage {
            let taken = coverage.all.count - coverage.missed.count
            out += "coverage \(coverage.workflow): \(taken)/\(coverage.all.count) transitions\n"
            for item in coverage.missed { out += "  not taken: \(item.location) \(item.label)\n" }
            uncovered += coverage.missed.count
        }
        out += "\(report.passed) passed, \(report.failed) failed\n"
        standardOutput(out)
        if report.failed > 0 || (requireCoverage && uncovered > 0) { throw ExitCode(1) }
    }
}
