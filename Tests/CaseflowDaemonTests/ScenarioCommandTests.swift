import Foundation
import Testing

/// `caseflow test FILE` as ops staff run it: an error in a scenario's case data points at the
/// field's line, and coverage is reported for the workflows the file tests only.
@Suite struct ScenarioCommandTests {
    func caseflowTest(_ file: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = DaemonProcess.binary
        process.arguments = ["test", file]
        process.currentDirectoryURL = DaemonProcess.packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
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
