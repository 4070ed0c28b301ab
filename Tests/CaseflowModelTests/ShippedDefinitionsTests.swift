import CaseflowModel
import Testing

/// Guards the definitions the package ships: `workflows/` and `rules/` load and validate with
/// no errors and no warnings, exactly as `caseflow validate` checks them.
@Suite("Shipped workflows and rules")
struct ShippedDefinitionsTests {
    @Test("workflows/ and rules/ validate with zero errors and zero warnings")
    func clean() {
        let paths = ["workflows", "rules"].map { PackagePaths.root.appendingPathComponent($0).path }
        let report = DefinitionCheck.run(paths: paths)
        #expect(report.diagnostics.map(\.description) == [])
        #expect(report.definitions.workflow("return") != nil)
        #expect(report.definitions.ruleSet("cn/returns") != nil)
        #expect(report.definitions.calendar("cn") != nil)
    }
}
