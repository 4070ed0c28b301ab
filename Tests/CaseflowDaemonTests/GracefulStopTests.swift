import Foundation
import Testing

/// A daemon stopped with SIGTERM exits cleanly and leaves its database file complete: the
/// write-ahead log is copied into it and emptied, and a restarted daemon sees every case.
@Suite(.serialized) struct GracefulStopTests {
    @Test func sigtermEmptiesTheLogAndKeepsEveryCase() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-stop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = dir.appendingPathComponent("cases.sqlite").path
        let wal = database + "-wal"
        let crash = CrashTests()
        let cases = 40

        let daemon = try DaemonProcess(database: database, port: freePort() ?? 21_000 + Int.random(in: 0..<20_000))
        for n in 0..<cases { #expect(try crash.create(daemon.baseURL, n) == 201) }
        #expect(try Self.size(of: wal) > 0, "the cases should be in the log before the stop")
        daemon.stop()
        #expect(daemon.process.terminationReason == .exit && daemon.process.terminationStatus == 0)
        #expect(try Self.size(of: wal) == 0, "a clean stop leaves an empty log (or none)")

        let restarted = try DaemonProcess(database: database, port: freePort() ?? 21_000 + Int.random(in: 0..<20_000))
        defer { restarted.stop() }
        for n in 0..<cases { #expect(try crash.caseJSON(restarted.baseURL, n)["state"] as? String == "approved") }
    }

    static func size(of path: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        return (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
