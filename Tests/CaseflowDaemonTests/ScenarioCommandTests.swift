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
}
