import CaseflowModel
import CaseflowSource
import Foundation
import Testing

/// `subscriptions:` files: read into typed subscriptions, every mistake named at its place.
@Suite struct SubscriptionFileTests {
    func load(_ text: String, with others: [String] = []) -> (Definitions, [Diagnostic]) {
        var definitions = Definitions()
        var bag = DiagnosticBag()
        DefinitionLoader().load(text: text, path: "subscriptions.yaml", into: &definitions, bag: &bag)
        for (i, other) in others.enumerated() { DefinitionLoader().load(text: other, path: "w\(i).yaml", into: &definitions, bag: &bag) }
        return (definitions, bag.items + Validator(functions: definitions.functionTable().functions).validate(definitions))
    }

    @Test func theExampleFileIsValidAgainstTheShippedWorkflows() throws {
        let root = PackagePaths.root
        let output = DefinitionLoader().load(paths: ["examples/subscriptions.yaml", "workflows", "rules"].map { root.appendingPathComponent($0).path })
        let problems = output.diagnostics + Validator(functions: output.definitions.functionTable().functions).validate(output.definitions)
        #expect(problems.filter { $0.severity == .error }.isEmpty, "\(problems)")
        #expect(output.definitions.subscriptions.map(\.name) == ["refunds", "call_center", "supervisors_chat"])
        let refunds = try #require(output.definitions.subscriptions.first)
        #expect(refunds.secret == .environment("CASEFLOW_REFUNDS_SECRET"))
        #expect(refunds.kinds == [.taskOpened] && refunds.queues == ["finance"] && refunds.fields == ["order.id", "refund.amount"])
        #expect(refunds.giveUpAfter == 86_400_000 && refunds.timeout == 10_000 && refunds.firstBackoff == 1_000 && refunds.maxBackoff == 600_000)
        #expect(output.definitions.feedFields == ["order.id"])
        #expect(output.definitions.subscriptionFiles.count == 1)
    }

    @Test func mistakesAreNamedWhereTheyAre() {
        let (_, problems) = load("""
            subscriptions:
              - name: crm
                url: ftp://crm.example.com/hook
                notifications: [task.opend, case.closed]
                retries: 3
                timeout: 0ms
                backoff: {first: 10s, max: 1s}
              - name: crm
                url: https://crm.example.com/hook
                secret: short
              - name: both
                url: https://x.example.com/
                secret: 0123456789abcdef0123
                secret_env: X_SECRET
              - name: crm
                url: https://crm.example.com/other
                secret_env: CRM_SECRET
            """)
        let found = problems.map { "\($0.location.line):\($0.location.column) \($0.code.id)" }
        #expect(found.contains("3:10 CF106"), "\(problems)")      // not http(s)
        #expect(found.contains("4:21 CF106"))                       // unknown kind
        #expect(problems.contains { $0.message.contains("task.opened") || $0.suggestion != nil })
        #expect(found.contains("5:5 CF101"))                        // unknown key
        #expect(found.contains("6:14 CF104"))                       // zero timeout
        #expect(found.contains("7:14 CF106"))                       // max below first
        #expect(found.contains("2:5 CF103"))                        // no secret
        #expect(found.contains("10:13 CF106"))                      // short secret
        #expect(found.contains("15:11 CF002"))                      // duplicate name
        #expect(found.contains("11:5 CF106"))                       // two secrets
    }

    @Test func workflowsAndFieldsMustExist() {
        let workflow = """
            workflow: intake
            version: 1
            case:
              order.id: string
            initial: open
            states:
              open: {final: true}
            """
        let (_, problems) = load("""
            subscriptions:
              - name: crm
                url: https://crm.example.com/hook
                secret_env: CRM_SECRET
                workflows: [intake, intak]
                fields: [order.id, order.total]
            """, with: [workflow])
        #expect(problems.map(\.code.id).sorted() == ["CF214", "CF215"], "\(problems)")
        #expect(problems.contains { $0.message.contains("'intak'") })
        #expect(problems.contains { $0.message.contains("'order.total'") })
    }
}
