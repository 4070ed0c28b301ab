import Foundation
import GRDB
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
        // Enough cases for the log to pass 1,000 pages, so background checkpoints run (and may
        // still be running when the stop comes).
        let cases = 300

        let daemon = try DaemonProcess(database: database, port: freePort() ?? 21_000 + Int.random(in: 0..<20_000))
        for n in 0..<cases { #expect(try crash.create(daemon.baseURL, n) == 201) }
        // A connection of the test's own stays open across the stop: SQLite then cannot delete
        // the log when the daemon closes its connections, so only the daemon's final checkpoint
        // can leave it empty.
        let observer = try DatabaseQueue(path: database)
        #expect(try observer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM cases") } == cases)
        #expect(try Self.size(of: wal) > 0, "the cases should be in the log before the stop")
        daemon.stop()
        #expect(daemon.process.terminationReason == .exit && daemon.process.terminationStatus == 0)
        let walAfter = try Self.size(of: wal)
        #expect(FileManager.default.fileExists(atPath: wal) && walAfter == 0, "a clean stop leaves the log empty")
        #expect(try observer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM cases") } == cases)

        let restarted = try DaemonProcess(database: database, port: freePort() ?? 21_000 + Int.random(in: 0..<20_000))
        defer { restarted.stop() }
        for n in stride(from: 0, to: cases, by: 7) {
            #expect(try crash.caseJSON(restarted.baseURL, n)["state"] as? String == "approved")
        }
    }

    static func size(of path: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        return (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
