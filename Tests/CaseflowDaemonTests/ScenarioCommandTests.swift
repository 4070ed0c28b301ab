import CaseflowTestSupport
import Foundation
import Testing

/// `caseflow test FILE` as ops staff run it: an error in a scenario's case data points at the
/// field's line, and coverage is reported for the workflows the file tests only.
@Suite struct ScenarioCommandTests {
    func caseflowTest(_ file: String) throws -> (status: Int32, output: String) {
        try runCaseflow(["test", file], errors: true)
    }

    static let returnCase = """
        case:
          customer.id: C-1
          order:
            id: SO-1
            channel: online
            delivered_at: DELIVERED
          product.category: phone
          request.condition: intact
          request.submitted_at: "2026-03-09T23:59:00+08:00"
        start_at: "2026-03-09T23:59:00+08:00"
        expect: {state: approved}
        """

    @Test func aBadFieldInTheCaseDataIsReportedAtItsLine() throws {
        let directory = try Scratch()
        let file = directory.path + "/bad.yaml"
        try ("scenario: a bad time\nworkflow: return\n" + Self.returnCase.replacingOccurrences(of: "DELIVERED", with: "\"not a time\""))
            .write(toFile: file, atomically: true, encoding: .utf8)
        let run = try caseflowTest(file)
        #expect(run.status != 0)
        // Line 8, column 19: the value of the nested `delivered_at`.
        #expect(run.output.contains("bad.yaml:8:19: the case did not start: 'order.delivered_at'"), "\(run.output)")
    }

    @Test func coverageIsReportedForTheWorkflowsTheFileTests() throws {
        let directory = try Scratch()
        let file = directory.path + "/good.yaml"
        try ("scenario: approved\nworkflow: return\n" + Self.returnCase.replacingOccurrences(of: "DELIVERED", with: "\"2026-03-02T10:00:00+08:00\""))
            .write(toFile: file, atomically: true, encoding: .utf8)
        let run = try caseflowTest(file)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("coverage return"), "\(run.output)")
        for other in ["complaint", "repair", "revisit"] { #expect(!run.output.contains("coverage \(other)"), "\(run.output)") }
    }
}

/// `simulate` and `rules eval` show times in the workflow's or the calendar's zone with the
/// offset, and durations as people write them.
@Suite struct PeopleTextTests {
    func caseflow(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try runCaseflow(arguments)
    }

    static let data = #"{"customer.id": "C-1", "order.id": "SO-1", "order.channel": "online", "order.delivered_at": "2026-03-02T10:00:00+08:00", "product.category": "phone", "request.condition": "intact", "request.submitted_at": "2026-03-09T23:59:00+08:00"}"#

    /// The case data in a file of a folder that goes with the value.
    func dataFile() throws -> (Scratch, String) {
        let directory = try Scratch()
        let path = directory.path + "/case.json"
        try Self.data.write(toFile: path, atomically: true, encoding: .utf8)
        return (directory, path)
    }

    @Test func simulateShowsTheWorkflowsZoneAndShortDurations() throws {
        let (directory, file) = try dataFile()
        defer { _ = directory }
        let run = try caseflow(["simulate", "return", "--data", file, "--at", "2026-03-09T15:59:00Z"])
        #expect(run.status == 0)
        #expect(run.output.contains("step 1: start at 2026-03-09 23:59 +08:00: approved"), "\(run.output)")
        #expect(run.output.contains("read now = 2026-03-09 23:59 +08:00, order.delivered_at = 2026-03-02 10:00 +08:00"), "\(run.output)")
        #expect(run.output.contains("due of schedule_pickup: duration('24h') = 24h"), "\(run.output)")
        #expect(!run.output.contains("86400s") && !run.output.contains(":00Z"), "\(run.output)")
    }

    @Test func rulesEvalShowsTheCalendarsZone() throws {
        let (directory, file) = try dataFile()
        defer { _ = directory }
        let run = try caseflow(["rules", "eval", "cn/returns/within_seven_days", "--data", file, "--at", "2026-03-09T15:59:00Z"])
        #expect(run.status == 0)
        #expect(run.output.contains("at: 2026-03-09 23:59 +08:00"), "\(run.output)")
        #expect(run.output.contains("order.delivered_at = 2026-03-02 10:00 +08:00"), "\(run.output)")
    }

    /// A scenario drives a child case (`child: fix`) and expects the parent's reaction; the
    /// child's transitions count for its own workflow's coverage.
    @Test func aScenarioDrivesAChildAndExpectsTheParentsReaction() throws {
        let directory = try Scratch()
        try FileManager.default.copyItem(atPath: DaemonProcess.packageRoot.path + "/rules", toPath: directory.path + "/rules")
        try FileManager.default.createDirectory(atPath: directory.path + "/workflows", withIntermediateDirectories: true)
        try supportWorkflow.write(toFile: directory.path + "/workflows/support.yaml", atomically: true, encoding: .utf8)
        try fixWorkflow.write(toFile: directory.path + "/workflows/fix.yaml", atomically: true, encoding: .utf8)
        let scenario = """
            scenario: the repair closes and the support case is done
            workflow: support
            case: {customer.id: C-7, ticket.topic: no power}
            start_at: "2026-03-02T09:00:00+08:00"
            steps:
              - {at: "2026-03-02T10:00:00+08:00", complete: diagnose, outcome: needs_fix, expect: {state: fixing, children: [fix]}}
              - {at: "2026-03-02T11:00:00+08:00", child: fix, complete: repair_it, outcome: fixed,
                 expect: {state: done, child_states: {fix: fixed}, data: {ticket.topic: "no power (replaced the board)"}}}
            """
        let withdrawn = """
            scenario: withdrawn while the repair runs, the repair is cancelled
            workflow: support
            case: {customer.id: C-7, ticket.topic: no power}
            start_at: "2026-03-02T09:00:00+08:00"
            steps:
              - {at: "2026-03-02T10:00:00+08:00", complete: diagnose, outcome: needs_fix}
              - {at: "2026-03-02T11:00:00+08:00", event: withdraw, expect: {state: withdrawn, child_states: {fix: cancelled}}}
            """
        try scenario.write(toFile: directory.path + "/done.yaml", atomically: true, encoding: .utf8)
        try withdrawn.write(toFile: directory.path + "/withdrawn.yaml", atomically: true, encoding: .utf8)
        let definitions = ["--workflows", directory.path + "/workflows", "--rules", directory.path + "/rules"]
        let run = try runCaseflow(["test", directory.path + "/done.yaml", directory.path + "/withdrawn.yaml"] + definitions, errors: true)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("2 passed, 0 failed"), "\(run.output)")
        #expect(run.output.contains("coverage fix: "), "\(run.output)")

        let wrong = scenario.replacingOccurrences(of: "child_states: {fix: fixed}", with: "child_states: {fix: broken}")
        try wrong.write(toFile: directory.path + "/wrong.yaml", atomically: true, encoding: .utf8)
        let failed = try runCaseflow(["test", directory.path + "/wrong.yaml"] + definitions, errors: true)
        #expect(failed.status != 0)
        #expect(failed.output.contains("child case of 'fix' is in 'fixed', expected 'broken'"), "\(failed.output)")

        // simulate runs the child too: WORKFLOW/NAME sends the event to it.
        try #"{"customer.id": "C-7", "ticket.topic": "no power"}"#.write(toFile: directory.path + "/case.json", atomically: true, encoding: .utf8)
        let simulated = try runCaseflow(["simulate", "support", "--data", directory.path + "/case.json", "--at", "2026-03-02T09:00:00+08:00",
                                         "--event", "needs_fix@2026-03-02T10:00:00+08:00", "--event", "fix/fixed@2026-03-02T11:00:00+08:00"] + definitions,
                                        errors: true)
        #expect(simulated.status == 0, "\(simulated.output)")
        #expect(simulated.output.contains("[simulated-fix-2-1] step 2: fixed"), "\(simulated.output)")
        #expect(simulated.output.contains("fix_done at 2026-03-02 03:00 +00:00: fixing → done (closed)"), "\(simulated.output)")
    }
}
